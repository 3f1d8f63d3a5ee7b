//! JSONata tokenizer: turns expression text into tokens with byte ranges, on demand.
//!
//! Like jsonata-js, the tokenizer is driven by the parser, which says whether a `/`
//! at the next position would start a regular expression (operand position) or is
//! the division operator (operator position).

use std::ops::Range;

use super::JsonataError;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum TokenKind {
    /// A string literal, with its escapes decoded.
    Str(String),
    /// A number literal.
    Num,
    /// `true`, `false` or `null`.
    Value,
    /// A regular expression literal `/…/flags`.
    Regex,
    /// A field name, plain or backtick-quoted (the quotes are not part of the value).
    Name(String),
    /// A variable `$name`, without the `$` (`$` alone is the empty name, `$$` is `$`).
    Var(String),
    /// An operator or punctuation, including the keywords `and`, `or`, `in`.
    Op(&'static str),
    /// The end of the text.
    End,
}

/// A token and the bytes it covers.
#[derive(Clone, Debug)]
pub(super) struct Token {
    pub kind: TokenKind,
    pub span: Range<usize>,
}

impl Token {
    pub fn is_op(&self, op: &str) -> bool {
        matches!(self.kind, TokenKind::Op(o) if o == op)
    }
}

/// Operators of two characters, tried before single characters.
const DOUBLE_OPS: [&str; 9] = ["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"];

/// Operators of one character; each also ends a name.
const SINGLE_OPS: [&str; 26] = [
    ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<", ">", "^",
    "&", "!", "~",
];

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b)
}

fn is_op_char(b: u8) -> bool {
    b.is_ascii() && SINGLE_OPS.iter().any(|op| op.as_bytes()[0] == b)
}

fn err(range: Range<usize>, message: impl Into<String>) -> JsonataError {
    JsonataError {
        range,
        message: message.into(),
    }
}

pub(super) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer { src, pos: 0 }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.src.as_bytes().get(at).copied()
    }

    /// The end of the character that starts at `at` (which must be a char boundary).
    fn char_end(&self, at: usize) -> usize {
        self.src[at..]
            .chars()
            .next()
            .map_or(self.src.len(), |c| at + c.len_utf8())
    }

    /// Skip whitespace and `/* … */` comments.
    fn skip_trivia(&mut self) -> Result<(), JsonataError> {
        loop {
            while self.byte(self.pos).is_some_and(is_space) {
                self.pos += 1;
            }
            if self.src[self.pos..].starts_with("/*") {
                let start = self.pos;
                match self.src[start + 2..].find("*/") {
                    Some(end) => self.pos = start + 2 + end + 2,
                    None => {
                        return Err(err(start..self.src.len(), "Comment has no closing tag"));
                    }
                }
            } else {
                return Ok(());
            }
        }
    }

    /// The next token; `regex_allowed` says whether a `/` starts a regular expression.
    pub fn next_token(&mut self, regex_allowed: bool) -> Result<Token, JsonataError> {
        self.skip_trivia()?;
        let start = self.pos;
        let Some(first) = self.byte(start) else {
            return Ok(Token {
                kind: TokenKind::End,
                span: start..start,
            });
        };
        if regex_allowed && first == b'/' {
            return self.regex();
        }
        let rest = &self.src[start..];
        if let Some(op) = DOUBLE_OPS.iter().find(|op| rest.starts_with(**op)) {
            self.pos += 2;
            return Ok(Token {
                kind: TokenKind::Op(op),
                span: start..self.pos,
            });
        }
        if let Some(op) = SINGLE_OPS.iter().find(|op| op.as_bytes()[0] == first) {
            self.pos += 1;
            if matches!(first, b'!' | b'~') {
                return Err(err(start..self.pos, format!("Unknown operator: {op}")));
            }
            return Ok(Token {
                kind: TokenKind::Op(op),
                span: start..self.pos,
            });
        }
        match first {
            b'"' | b'\'' => self.string(first),
            b'0'..=b'9' => self.number(),
            b'`' => {
                let body = start + 1;
                match self.src[body..].find('`') {
                    Some(len) => {
                        self.pos = body + len + 1;
                        Ok(Token {
                            kind: TokenKind::Name(self.src[body..body + len].to_string()),
                            span: start..self.pos,
                        })
                    }
                    None => {
                        self.pos = self.src.len();
                        Err(err(
                            start..self.pos,
                            "Quoted property name must be terminated with a backquote (`)",
                        ))
                    }
                }
            }
            _ => Ok(self.name()),
        }
    }

    /// A name, keyword or variable: everything up to whitespace or an operator character.
    fn name(&mut self) -> Token {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut end = start;
        while end < bytes.len() && !is_space(bytes[end]) && !is_op_char(bytes[end]) {
            end += 1;
        }
        self.pos = end;
        let text = &self.src[start..end];
        let kind = if let Some(var) = text.strip_prefix('$') {
            TokenKind::Var(var.to_string())
        } else {
            match text {
                "and" => TokenKind::Op("and"),
                "or" => TokenKind::Op("or"),
                "in" => TokenKind::Op("in"),
                "true" | "false" | "null" => TokenKind::Value,
                _ => TokenKind::Name(text.to_string()),
            }
        };
        Token { kind, span: start..end }
    }

    /// A number: `(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?`.
    fn number(&mut self) -> Result<Token, JsonataError> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let digits = |mut at: usize| {
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                at += 1;
            }
            at
        };
        let mut end = if bytes[start] == b'0' { start + 1 } else { digits(start) };
        if self.byte(end) == Some(b'.') && self.byte(end + 1).is_some_and(|b| b.is_ascii_digit()) {
            end = digits(end + 1);
        }
        if matches!(self.byte(end), Some(b'e' | b'E')) {
            let mut at = end + 1;
            if matches!(self.byte(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if self.byte(at).is_some_and(|b| b.is_ascii_digit()) {
                end = digits(at);
            }
        }
        self.pos = end;
        let text = &self.src[start..end];
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(Token {
                kind: TokenKind::Num,
                span: start..end,
            }),
            _ => Err(err(start..end, format!("Number out of range: {text}"))),
        }
    }

    /// Four hex digits at `at`, as a number.
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.src.get(at..at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    /// A string literal in `quote`s, with JSON escapes.
    fn string(&mut self, quote: u8) -> Result<Token, JsonataError> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut value = String::new();
        let mut at = start + 1;
        let mut chunk = at;
        while at < bytes.len() {
            let b = bytes[at];
            if b == quote {
                value.push_str(&self.src[chunk..at]);
                self.pos = at + 1;
                return Ok(Token {
                    kind: TokenKind::Str(value),
                    span: start..self.pos,
                });
            }
            if b != b'\\' {
                at += 1;
                continue;
            }
            value.push_str(&self.src[chunk..at]);
            let escape = at;
            let Some(code) = self.byte(at + 1) else {
                break;
            };
            at += 2;
            match code {
                b'"' => value.push('"'),
                b'\\' => value.push('\\'),
                b'/' => value.push('/'),
                b'b' => value.push('\u{8}'),
                b'f' => value.push('\u{c}'),
                b'n' => value.push('\n'),
                b'r' => value.push('\r'),
                b't' => value.push('\t'),
                b'u' => {
                    let Some(unit) = self.hex4(at) else {
                        return Err(err(
                            escape..at,
                            "The escape sequence \\u must be followed by 4 hex digits",
                        ));
                    };
                    at += 4;
                    let mut code_point = unit;
                    if (0xD800..0xDC00).contains(&unit) && self.src[at..].starts_with("\\u") {
                        if let Some(low) = self.hex4(at + 2).filter(|l| (0xDC00..0xE000).contains(l)) {
                            code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            at += 6;
                        }
                    }
                    value.push(char::from_u32(code_point).unwrap_or('\u{FFFD}'));
                }
                _ => {
                    let end = self.char_end(escape + 1);
                    return Err(err(
                        escape..end,
                        format!("Unsupported escape sequence: {}", &self.src[escape..end]),
                    ));
                }
            }
            chunk = at;
        }
        self.pos = self.src.len();
        Err(err(
            start..self.pos,
            "String literal must be terminated by a matching quote",
        ))
    }

    /// A regular expression literal, starting at the `/`.
    fn regex(&mut self) -> Result<Token, JsonataError> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut depth: i64 = 0;
        let mut at = start + 1;
        while at < bytes.len() {
            let b = bytes[at];
            let escaped = bytes[at - 1] == b'\\';
            if b == b'/' && depth == 0 {
                let backslashes = bytes[start + 1..at].iter().rev().take_while(|&&c| c == b'\\').count();
                if backslashes % 2 == 0 {
                    if at == start + 1 {
                        return Err(err(start..at + 1, "Empty regular expressions are not allowed"));
                    }
                    let mut end = at + 1;
                    while matches!(self.byte(end), Some(b'i' | b'm')) {
                        end += 1;
                    }
                    self.pos = end;
                    return Ok(Token {
                        kind: TokenKind::Regex,
                        span: start..end,
                    });
                }
            }
            if matches!(b, b'(' | b'[' | b'{') && !escaped {
                depth += 1;
            }
            if matches!(b, b')' | b']' | b'}') && !escaped {
                depth -= 1;
            }
            at += 1;
        }
        self.pos = self.src.len();
        Err(err(start..self.pos, "No terminating / in regular expression"))
    }

    /// Skip a lambda signature `<…>` starting at `start`; returns its end.
    pub fn signature(&mut self, start: usize) -> Result<usize, JsonataError> {
        let bytes = self.src.as_bytes();
        let mut depth = 0usize;
        let mut at = start;
        while at < bytes.len() {
            let b = bytes[at];
            match b {
                b'<' => depth += 1,
                b'>' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.pos = at + 1;
                        return Ok(at + 1);
                    }
                }
                b'b' | b'n' | b's' | b'l' | b'a' | b'o' | b'f' | b'u' | b'j' | b'x' | b'(' | b')' | b'?' | b'+'
                | b'-' | b':' => {}
                _ if is_space(b) => {}
                _ => {
                    let end = self.char_end(at);
                    return Err(err(
                        at..end,
                        format!("Unexpected character in function signature: {}", &self.src[at..end]),
                    ));
                }
            }
            at += 1;
        }
        Err(err(start..self.src.len(), "Function signature must be terminated by >"))
    }
}
