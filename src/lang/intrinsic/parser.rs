//! The parser of intrinsic calls: `States.Format('{}', $.x)` into a [`Call`], with precisely located syntax errors.

use super::*;
use crate::lang::scan::Scan;

/// The call parser: the shared cursor plus the grammar below.
pub(super) struct Parser<'a>(pub(super) Scan<'a>);

impl<'a> std::ops::Deref for Parser<'a> {
    type Target = Scan<'a>;

    fn deref(&self) -> &Scan<'a> {
        &self.0
    }
}

impl<'a> std::ops::DerefMut for Parser<'a> {
    fn deref_mut(&mut self) -> &mut Scan<'a> {
        &mut self.0
    }
}

impl Parser<'_> {
    /// Reads a run of characters up to a word boundary.
    fn word(&mut self) -> Range<usize> {
        let start = self.pos;
        while let Some(c) = self.peek().filter(|&c| !ends_word(c)) {
            self.pos += c.len_utf8();
        }
        start..self.pos
    }

    /// `Name(args…)` starting at the current position.
    pub(super) fn call(&mut self, depth: usize) -> Result<Call, IntrinsicError> {
        let name_range = self.word();
        let name = &self.text[name_range.clone()];
        if name.is_empty() {
            return Err(match self.peek() {
                None => IntrinsicError::new(
                    0..0,
                    "empty intrinsic function: expected a call such as `States.Format(…)`",
                ),
                Some(c) => IntrinsicError::new(
                    self.char_range(self.pos),
                    format!(
                        "unexpected {}: expected a function name such as `States.Format`",
                        describe(c)
                    ),
                ),
            });
        }
        if let Some((i, c)) = name.char_indices().find(|&(_, c)| !is_name_char(c)) {
            let at = name_range.start + i;
            return Err(IntrinsicError::new(
                at..at + c.len_utf8(),
                format!(
                    "unexpected {} in a function name: names are made of letters, digits, `.` and `_`",
                    describe(c)
                ),
            ));
        }
        if self.peek() != Some('(') {
            return Err(IntrinsicError::new(
                name_range,
                format!("expected `(` right after `{name}`: a call is written `{name}(…)`"),
            ));
        }
        if depth >= MAX_PARSE_DEPTH {
            return Err(IntrinsicError::new(name_range, too_many_calls()));
        }
        let name = name.to_string();
        let open = self.pos;
        self.pos += 1;
        let mut args = Vec::new();
        self.skip_ws();
        if self.peek() == Some(')') {
            self.pos += 1;
            return Ok(Call {
                name,
                range: name_range.start..self.pos,
                name_range,
                args,
                args_range: open + 1..self.pos - 1,
            });
        }
        let mut comma: Option<usize> = None;
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Err(unclosed(open)),
                Some(c @ (',' | ')')) => {
                    let (range, message) = match comma {
                        Some(at) => (
                            at..self.pos + 1,
                            format!("empty argument: expected a value between `,` and `{c}`"),
                        ),
                        None => (
                            self.pos..self.pos + 1,
                            "empty argument: expected a value before `,`".to_string(),
                        ),
                    };
                    return Err(IntrinsicError::new(range, message));
                }
                Some(_) => args.push(self.arg(depth)?),
            }
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    comma = Some(self.pos);
                    self.pos += 1;
                }
                Some(')') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(unclosed(open)),
                Some(c) => {
                    return Err(IntrinsicError::new(
                        self.char_range(self.pos),
                        format!("unexpected {} after an argument: expected `,` or `)`", describe(c)),
                    ))
                }
            }
        }
        Ok(Call {
            name,
            range: name_range.start..self.pos,
            name_range,
            args,
            args_range: open + 1..self.pos - 1,
        })
    }

    fn arg(&mut self, depth: usize) -> Result<Arg, IntrinsicError> {
        let start = self.pos;
        match self.peek() {
            Some('\'') => self.string(),
            Some('$') => self.path(),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some('"') => {
                let end = self.text[start + 1..]
                    .find('"')
                    .map_or(start + 1, |i| start + i + 2);
                Err(IntrinsicError::new(
                    start..end,
                    "strings in intrinsic functions use single quotes: `'text'`",
                ))
            }
            Some(c) if !ends_word(c) => {
                let range = self.word();
                let word = &self.text[range.clone()];
                if self.peek() == Some('(') {
                    self.pos = start;
                    return self.call(depth + 1).map(Arg::Call);
                }
                match word {
                    "true" => return Ok(Arg::Bool(true, range)),
                    "false" => return Ok(Arg::Bool(false, range)),
                    "null" => return Ok(Arg::Null(range)),
                    _ => {}
                }
                let lower = word.to_lowercase();
                let message = if matches!(lower.as_str(), "true" | "false" | "null") {
                    format!("`{word}` is not a value: write `{lower}` in lower case")
                } else if word.chars().all(is_name_char) && word.contains('.') {
                    format!("expected `(` right after `{word}`: a call is written `{word}(…)`")
                } else {
                    format!("unexpected `{word}`: expected a string `'…'`, a number, `true`, `false`, `null`, a path `$…` or a function call")
                };
                Err(IntrinsicError::new(range, message))
            }
            Some(c) => Err(IntrinsicError::new(
                self.char_range(start),
                format!(
                    "unexpected {}: expected a string `'…'`, a number, `true`, `false`, `null`, a path `$…` or a function call",
                    describe(c)
                ),
            )),
            None => Err(IntrinsicError::new(start..start, "expected an argument")),
        }
    }

    /// `'…'` with the escapes `\'`, `\{`, `\}` and `\\`.
    fn string(&mut self) -> Result<Arg, IntrinsicError> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(IntrinsicError::new(
                    start..self.text.len(),
                    "unterminated string: expected a closing `'`",
                ));
            };
            let at = self.pos;
            self.pos += c.len_utf8();
            match c {
                '\'' => break,
                '\\' => match self.peek() {
                    Some(escaped @ ('\'' | '{' | '}' | '\\')) => {
                        value.push(escaped);
                        self.pos += 1;
                    }
                    Some(other) => {
                        return Err(IntrinsicError::new(
                            at..self.pos + other.len_utf8(),
                            format!(
                                "unknown escape `\\{other}`: only `\\'`, `\\{{`, `\\}}` and `\\\\` are allowed (write `\\\\` for a backslash)"
                            ),
                        ))
                    }
                    None => {
                        return Err(IntrinsicError::new(
                            start..self.text.len(),
                            "unterminated string: expected a closing `'`",
                        ))
                    }
                },
                c => value.push(c),
            }
        }
        Ok(Arg::String {
            value,
            raw: self.text[start + 1..self.pos - 1].to_string(),
            range: start..self.pos,
        })
    }

    /// `-`? digits (`.` digits)? ([eE] [+-]? digits)?
    fn number(&mut self) -> Result<Arg, IntrinsicError> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut end = start;
        let digits = |from: usize| {
            let mut to = from;
            while to < bytes.len() && bytes[to].is_ascii_digit() {
                to += 1;
            }
            to
        };
        if bytes.get(end) == Some(&b'-') {
            end += 1;
        }
        let mut ok = true;
        let after = digits(end);
        ok &= after > end;
        end = after;
        if ok && bytes.get(end) == Some(&b'.') {
            let after = digits(end + 1);
            ok &= after > end + 1;
            end = after;
        }
        if ok && matches!(bytes.get(end), Some(b'e' | b'E')) {
            let mut from = end + 1;
            if matches!(bytes.get(from), Some(b'+' | b'-')) {
                from += 1;
            }
            let after = digits(from);
            ok &= after > from;
            end = after;
        }
        self.pos = end;
        ok &= self.peek().is_none_or(ends_word);
        if !ok {
            // Report the whole malformed token.
            while let Some(c) = self.peek().filter(|&c| !ends_word(c)) {
                self.pos += c.len_utf8();
            }
            let token = &self.text[start..self.pos];
            return Err(IntrinsicError::new(
                start..self.pos,
                format!("`{token}` is not a number"),
            ));
        }
        Ok(Arg::Number {
            text: self.text[start..end].to_string(),
            range: start..end,
        })
    }

    /// A path argument: up to `,` or `)` outside brackets, parentheses and
    /// quotes, without trailing whitespace.
    fn path(&mut self) -> Result<Arg, IntrinsicError> {
        let start = self.pos;
        let mut open: Vec<char> = Vec::new();
        let mut quote: Option<char> = None;
        let mut chars = self.text[start..].char_indices();
        let mut end = self.text.len();
        while let Some((i, c)) = chars.next() {
            if let Some(q) = quote {
                if c == '\\' {
                    chars.next();
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '\\' => {
                    chars.next();
                }
                '\'' | '"' if !open.is_empty() => quote = Some(c),
                '[' | '(' => open.push(c),
                ']' if open.last() == Some(&'[') => {
                    open.pop();
                }
                ')' if open.last() == Some(&'(') => {
                    open.pop();
                }
                // A `)` that closes no `(` of the path ends it (and the path
                // lacks a `]` if one is open); so does a `,` outside brackets.
                ')' => {
                    end = start + i;
                    break;
                }
                ',' if open.is_empty() => {
                    end = start + i;
                    break;
                }
                _ => {}
            }
        }
        let text = self.text[start..end].trim_end();
        let range = start..start + text.len();
        let path = parse_path(text).map(|p| p.shifted(start)).map_err(|e| e.shifted(start));
        if end == self.text.len() {
            // The path ran to the end of the text: an unclosed quote or
            // bracket inside it is the real problem, not the missing `)`.
            if let Err(error) = &path {
                if !open.is_empty() || quote.is_some() {
                    return Err(error.clone());
                }
            }
        }
        self.pos = range.end;
        Ok(Arg::Path {
            text: text.to_string(),
            path,
            range,
        })
    }
}

pub(super) fn unclosed(open: usize) -> IntrinsicError {
    IntrinsicError::new(open..open + 1, "`(` is never closed: expected `)`")
}

pub(super) fn too_many_calls() -> String {
    format!("too many intrinsic functions: at most {MAX_CALLS} calls can be nested in one field")
}
