//! JSONPath as the Amazon States Language uses it: parsing `$`, `$$` and `$var` paths with precisely located errors, Reference Path checks and context-object (`$$`) validation.
//!
//! Everything here is a pure function of the decoded JSON string value; every
//! offset is a byte offset into that string.

use std::ops::Range;

use crate::catalog::context::{CONTEXT_MEMBERS, OPEN_CONTEXT_MEMBERS};
use crate::util::suggest::closest;

/// What a path starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathRoot {
    /// `$`: the state's input (or, depending on the field, its result).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable.
    Variable(String),
}

/// One step of a path after its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// `.name` or `['name']` (the name with escapes resolved).
    Field(String),
    /// `[3]` or `[-1]`.
    Index(i64),
    /// `.*` or `[*]`.
    Wildcard,
    /// `..` (deep scan); the member it looks for is the next segment.
    RecursiveDescent,
    /// `[1:3]`, `[:2]`, `[::2]`.
    Slice,
    /// `[0,1]` or `['a','b']`.
    Union,
    /// `[?(@.price < 10)]`.
    Filter,
    /// `[(@.length-1)]`, or a function such as `.length()`.
    Expression,
}

/// A segment and where it is written.
///
/// The range covers the segment's own text: for dot members it starts after
/// the `.` (`name`, `*`, `length()`), for bracket forms it includes the
/// brackets (`['a b']`, `[0]`), and a deep scan covers the `..`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathSegment {
    pub segment: Segment,
    pub range: Range<usize>,
}

/// A parsed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub root: PathRoot,
    /// `$`, `$$` or `$name`.
    pub root_range: Range<usize>,
    pub segments: Vec<PathSegment>,
}

/// A syntax or semantic problem in a path.
pub use super::Problem as PathError;

impl Path {
    /// True when the path can address at most one node: only member and index
    /// segments (no wildcards, deep scans, slices, unions, filters or
    /// expressions).
    pub fn is_reference_path(&self) -> bool {
        self.first_non_reference_segment().is_none()
    }

    /// The first segment that a Reference Path does not allow.
    pub fn first_non_reference_segment(&self) -> Option<&PathSegment> {
        self.segments
            .iter()
            .find(|s| !matches!(s.segment, Segment::Field(_) | Segment::Index(_)))
    }

    /// The same path with every range moved `offset` bytes to the right, for
    /// a path embedded in a larger string.
    pub fn shifted(mut self, offset: usize) -> Path {
        self.root_range = self.root_range.start + offset..self.root_range.end + offset;
        for segment in &mut self.segments {
            segment.range = segment.range.start + offset..segment.range.end + offset;
        }
        self
    }
}

/// Parses a JSONPath (Jayway syntax, as Step Functions accepts it).
pub fn parse_path(text: &str) -> Result<Path, PathError> {
    let mut parser = Parser { text, pos: 0 };
    let (root, root_range) = parser.root()?;
    let mut segments = Vec::new();
    while let Some(c) = parser.peek() {
        match c {
            '.' => parser.dot(&mut segments)?,
            '[' => segments.push(parser.bracket()?),
            _ => return Err(parser.unexpected(c)),
        }
    }
    Ok(Path {
        root,
        root_range,
        segments,
    })
}

/// Whether a string looks like it was meant as a path: `$` followed by `.`,
/// `[` or nothing; `$$` likewise; or `$name` likewise. Used by heuristics
/// such as AWS's `NO_DOLLAR` warning; the string need not be a valid path.
pub fn looks_like_path(text: &str) -> bool {
    fn path_tail(rest: &str) -> bool {
        rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
    }
    let Some(rest) = text.strip_prefix('$') else {
        return false;
    };
    if path_tail(rest) {
        return true;
    }
    if let Some(rest) = rest.strip_prefix('$') {
        return path_tail(rest);
    }
    let mut chars = rest.char_indices();
    match chars.next() {
        Some((_, c)) if is_ident_start(c) => {}
        _ => return false,
    }
    let end = chars
        .find(|&(_, c)| !is_ident_continue(c))
        .map_or(rest.len(), |(i, _)| i);
    path_tail(&rest[end..])
}

/// Checks that a `$$` path names a member of the context object. Paths with
/// other roots are not checked. Wildcards, filters and the like end the
/// check (their targets can't be known); anything may follow
/// `Execution.Input` and `Map.Item.Value`.
pub fn check_context_path(path: &Path) -> Option<PathError> {
    if path.root != PathRoot::Context {
        return None;
    }
    let mut prefix = String::new();
    for segment in &path.segments {
        if OPEN_CONTEXT_MEMBERS.contains(&prefix.as_str()) {
            return None;
        }
        let shown = if prefix.is_empty() {
            "$$".to_string()
        } else {
            format!("$$.{prefix}")
        };
        let children = context_children(&prefix);
        if children.is_empty() {
            return match segment.segment {
                Segment::Expression => None,
                _ => Some(PathError::new(
                    segment.range.clone(),
                    format!("`{shown}` is a single value: it has no members or elements"),
                )),
            };
        }
        match &segment.segment {
            Segment::Field(name) if children.contains(&name.as_str()) => {
                if !prefix.is_empty() {
                    prefix.push('.');
                }
                prefix.push_str(name);
            }
            Segment::Field(name) => {
                let what = if prefix.is_empty() {
                    "the context object".to_string()
                } else {
                    format!("`{shown}`")
                };
                let hint = match closest(name, children.iter().copied()) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!("expected one of {}", list(&children)),
                };
                return Some(PathError::new(
                    segment.range.clone(),
                    format!("`{name}` is not a member of {what}: {hint}"),
                ));
            }
            Segment::Index(_) => {
                return Some(PathError::new(
                    segment.range.clone(),
                    format!("`{shown}` is an object, not an array"),
                ));
            }
            _ => return None,
        }
    }
    None
}

/// Names of the direct members of the context-object node at `prefix`
/// (`""` for `$$` itself).
fn context_children(prefix: &str) -> Vec<&'static str> {
    CONTEXT_MEMBERS
        .iter()
        .filter_map(|&(member, _)| {
            let rest = if prefix.is_empty() {
                member
            } else {
                member.strip_prefix(prefix)?.strip_prefix('.')?
            };
            (!rest.contains('.')).then_some(rest)
        })
        .collect()
}

fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// Start of a variable name: a Unicode letter (approximating ID_Start) or `_`.
fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Rest of a variable name (approximating ID_Continue).
fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Characters allowed unescaped in a dot member name.
fn is_name_char(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || matches!(c, '.' | '[' | ']' | '(' | ')' | '\'' | '"' | ',' | '\\'))
}

const BRACKET_CONTENT: &str = "an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`";

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// The range of the character at `at` (empty at the end of the text).
    fn char_range(&self, at: usize) -> Range<usize> {
        let len = self.text[at..].chars().next().map_or(0, char::len_utf8);
        at..at + len
    }

    fn root(&mut self) -> Result<(PathRoot, Range<usize>), PathError> {
        match self.peek() {
            None => return Err(PathError::new(0..0, "empty path: expected `$`")),
            Some('$') => self.pos = 1,
            Some(c) => {
                return Err(PathError::new(
                    self.char_range(0),
                    format!("a path must start with `$`, found `{c}`"),
                ))
            }
        }
        match self.peek() {
            None | Some('.') | Some('[') => Ok((PathRoot::Input, 0..1)),
            Some('$') => {
                self.pos = 2;
                Ok((PathRoot::Context, 0..2))
            }
            Some(c) if is_ident_start(c) => {
                while self.peek().is_some_and(is_ident_continue) {
                    self.bump();
                }
                Ok((PathRoot::Variable(self.text[1..self.pos].to_string()), 0..self.pos))
            }
            Some(c) => Err(PathError::new(
                self.char_range(1),
                format!(
                    "unexpected {} after `$`: expected `.`, `[`, `$` or a variable name",
                    describe(c)
                ),
            )),
        }
    }

    fn unexpected(&self, c: char) -> PathError {
        let range = self.char_range(self.pos);
        let message = if c.is_whitespace() {
            if self.text[self.pos..].trim().is_empty() {
                "unexpected whitespace at the end of the path".to_string()
            } else {
                "unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`"
                    .to_string()
            }
        } else if c == ']' {
            "unexpected `]` without a matching `[`".to_string()
        } else if c == '\'' || c == '"' {
            format!("unexpected `{c}`: quoted names go in brackets, like `['name']`")
        } else {
            format!(
                "unexpected {}: expected `.` or `[` to start the next member",
                describe(c)
            )
        };
        PathError::new(range, message)
    }

    /// `.name`, `.*`, `..`, `.name()`, `.[…]`.
    fn dot(&mut self, segments: &mut Vec<PathSegment>) -> Result<(), PathError> {
        let dot = self.pos;
        self.pos += 1;
        let mut after = "`.`";
        if self.peek() == Some('.') {
            self.pos += 1;
            segments.push(PathSegment {
                segment: Segment::RecursiveDescent,
                range: dot..dot + 2,
            });
            after = "`..`";
        }
        match self.peek() {
            None => Err(PathError::new(
                dot..self.pos,
                format!("the path ends after {after}: expected a member name, `*` or `[`"),
            )),
            Some('*') => {
                segments.push(PathSegment {
                    segment: Segment::Wildcard,
                    range: self.pos..self.pos + 1,
                });
                self.pos += 1;
                Ok(())
            }
            Some('[') => {
                segments.push(self.bracket()?);
                Ok(())
            }
            Some(c) if is_name_char(c) || c == '\\' => {
                segments.push(self.name()?);
                Ok(())
            }
            Some(c) => Err(PathError::new(
                self.char_range(self.pos),
                format!(
                    "unexpected {} after {after}: expected a member name, `*` or `[`",
                    describe(c)
                ),
            )),
        }
    }

    /// A dot member name (with `\x` escapes), or a function like `length()`.
    fn name(&mut self) -> Result<PathSegment, PathError> {
        let start = self.pos;
        let mut name = String::new();
        loop {
            match self.peek() {
                Some('\\') => {
                    let backslash = self.pos;
                    self.pos += 1;
                    match self.bump() {
                        Some(c) => name.push(c),
                        None => {
                            return Err(PathError::new(
                                backslash..backslash + 1,
                                "the path ends with `\\`: expected a character to escape",
                            ))
                        }
                    }
                }
                Some(c) if is_name_char(c) => {
                    name.push(c);
                    self.pos += c.len_utf8();
                }
                _ => break,
            }
        }
        if self.peek() == Some('(') {
            self.pos = self.balanced(self.pos)?;
            return Ok(PathSegment {
                segment: Segment::Expression,
                range: start..self.pos,
            });
        }
        Ok(PathSegment {
            segment: Segment::Field(name),
            range: start..self.pos,
        })
    }

    /// Skips a parenthesised or bracketed run starting at `open`, honouring
    /// nesting and quotes; returns the offset just past its closing character.
    fn balanced(&self, open: usize) -> Result<usize, PathError> {
        let mut stack: Vec<(char, usize)> = Vec::new();
        let mut quote: Option<(char, usize)> = None;
        let mut chars = self.text[open..].char_indices();
        while let Some((i, c)) = chars.next() {
            let at = open + i;
            if let Some((q, _)) = quote {
                if c == '\\' {
                    chars.next();
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '(' => stack.push((')', at)),
                '[' => stack.push((']', at)),
                '\'' | '"' => quote = Some((c, at)),
                ')' | ']' => match stack.pop() {
                    Some((expected, _)) if expected == c => {
                        if stack.is_empty() {
                            return Ok(at + 1);
                        }
                    }
                    Some((expected, opened)) => {
                        return Err(PathError::new(
                            at..at + 1,
                            format!(
                                "unexpected `{c}`: expected `{expected}` to close the `{}` at offset {opened}",
                                if expected == ')' { '(' } else { '[' }
                            ),
                        ))
                    }
                    None => return Err(PathError::new(at..at + 1, format!("unexpected `{c}`"))),
                },
                _ => {}
            }
        }
        if let Some((q, at)) = quote {
            return Err(PathError::new(
                at..self.text.len(),
                format!("unterminated string: expected a closing `{q}`"),
            ));
        }
        let (expected, opened) = stack.pop().unwrap_or((')', open));
        let open_char = if expected == ')' { '(' } else { '[' };
        Err(PathError::new(
            opened..opened + 1,
            format!("`{open_char}` is never closed: expected `{expected}`"),
        ))
    }

    /// A `[…]` segment.
    fn bracket(&mut self) -> Result<PathSegment, PathError> {
        let open = self.pos;
        self.pos += 1;
        self.skip_ws();
        let segment = match self.peek() {
            None => {
                return Err(PathError::new(
                    open..open + 1,
                    format!("the path ends after `[`: expected {BRACKET_CONTENT}"),
                ))
            }
            Some(']') => {
                return Err(PathError::new(
                    open..self.pos + 1,
                    format!("empty brackets: expected {BRACKET_CONTENT}"),
                ))
            }
            Some('*') => {
                self.pos += 1;
                self.close(open)?;
                Segment::Wildcard
            }
            Some('?') => {
                let question = self.pos;
                self.pos += 1;
                self.skip_ws();
                if self.peek() != Some('(') {
                    return Err(PathError::new(
                        question..question + 1,
                        "expected `(` after `?`: a filter is written `[?(…)]`",
                    ));
                }
                self.pos = self.balanced(self.pos)?;
                self.close(open)?;
                Segment::Filter
            }
            Some('(') => {
                self.pos = self.balanced(self.pos)?;
                self.close(open)?;
                Segment::Expression
            }
            Some('\'' | '"') => self.quoted_names(open)?,
            Some(c) if c == '-' || c == ':' || c.is_ascii_digit() => self.numbers(open)?,
            Some(c) => {
                return Err(PathError::new(
                    self.char_range(self.pos),
                    format!("unexpected {} inside `[…]`: expected {BRACKET_CONTENT}", describe(c)),
                ))
            }
        };
        Ok(PathSegment {
            segment,
            range: open..self.pos,
        })
    }

    /// Expects the `]` closing the bracket opened at `open`.
    fn close(&mut self, open: usize) -> Result<(), PathError> {
        self.skip_ws();
        match self.peek() {
            Some(']') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(self.unclosed(open)),
            Some(c) => Err(PathError::new(
                self.char_range(self.pos),
                format!("unexpected {}: expected `]`", describe(c)),
            )),
        }
    }

    fn unclosed(&self, open: usize) -> PathError {
        PathError::new(open..open + 1, "`[` is never closed: expected `]`")
    }

    /// `['a']`, `["a"]`, `['a', 'b']`.
    fn quoted_names(&mut self, open: usize) -> Result<Segment, PathError> {
        let mut names = Vec::new();
        loop {
            names.push(self.quoted()?);
            self.skip_ws();
            match self.peek() {
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                Some(',') => {
                    self.pos += 1;
                    self.skip_ws();
                    match self.peek() {
                        Some('\'' | '"') => {}
                        None => return Err(self.unclosed(open)),
                        Some(c) => {
                            return Err(PathError::new(
                                self.char_range(self.pos),
                                format!("unexpected {} after `,`: expected another quoted name", describe(c)),
                            ))
                        }
                    }
                }
                None => return Err(self.unclosed(open)),
                Some(c) => {
                    return Err(PathError::new(
                        self.char_range(self.pos),
                        format!("unexpected {} after a quoted name: expected `,` or `]`", describe(c)),
                    ))
                }
            }
        }
        Ok(if names.len() == 1 {
            Segment::Field(names.pop().unwrap_or_default())
        } else {
            Segment::Union
        })
    }

    /// A quoted name starting at the current quote character.
    fn quoted(&mut self) -> Result<String, PathError> {
        let start = self.pos;
        let quote = self.bump().unwrap_or('\'');
        let mut name = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(PathError::new(
                        start..self.text.len(),
                        format!("unterminated quoted name: expected a closing `{quote}`"),
                    ))
                }
                Some('\\') => match self.bump() {
                    Some(c) => name.push(c),
                    None => {
                        return Err(PathError::new(
                            start..self.text.len(),
                            format!("unterminated quoted name: expected a closing `{quote}`"),
                        ))
                    }
                },
                Some(c) if c == quote => return Ok(name),
                Some(c) => name.push(c),
            }
        }
    }

    /// `[3]`, `[-1]`, `[0,1]`, `[1:3]`, `[::2]`.
    fn numbers(&mut self, open: usize) -> Result<Segment, PathError> {
        let mut parts: Vec<Option<i64>> = Vec::new();
        let mut separators: Vec<(char, usize)> = Vec::new();
        loop {
            self.skip_ws();
            parts.push(self.integer()?);
            self.skip_ws();
            match self.peek() {
                Some(c @ (',' | ':')) => {
                    separators.push((c, self.pos));
                    self.pos += 1;
                }
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.unclosed(open)),
                Some(c) => {
                    return Err(PathError::new(
                        self.char_range(self.pos),
                        format!(
                            "unexpected {} inside `[…]`: expected a digit, `,`, `:` or `]`",
                            describe(c)
                        ),
                    ))
                }
            }
        }
        let range = open..self.pos;
        let commas = separators.iter().filter(|(c, _)| *c == ',').count();
        if commas > 0 && commas < separators.len() {
            return Err(PathError::new(
                range,
                "`,` and `:` can't be mixed: write a union `[0,1]` or a slice `[start:end:step]`",
            ));
        }
        if separators.is_empty() {
            return match parts.first() {
                Some(Some(index)) => Ok(Segment::Index(*index)),
                _ => Err(PathError::new(range, format!("expected {BRACKET_CONTENT}"))),
            };
        }
        if commas > 0 {
            for (i, part) in parts.iter().enumerate() {
                if part.is_none() {
                    let (_, at) = separators[i.min(separators.len() - 1)];
                    return Err(PathError::new(
                        at..at + 1,
                        "empty entry in a union: expected an index on each side of `,`",
                    ));
                }
            }
            return Ok(Segment::Union);
        }
        if separators.len() > 2 {
            let (_, at) = separators[2];
            return Err(PathError::new(
                at..at + 1,
                "a slice has at most three parts: `[start:end:step]`",
            ));
        }
        if parts.get(2) == Some(&Some(0)) {
            let (_, at) = separators[1];
            return Err(PathError::new(at + 1..self.pos - 1, "a slice step can't be 0"));
        }
        Ok(Segment::Slice)
    }

    /// An optional integer: `-`? digits.
    fn integer(&mut self) -> Result<Option<i64>, PathError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits = &self.text[start..self.pos];
        match digits {
            "" => Ok(None),
            "-" => Err(PathError::new(start..start + 1, "expected digits after `-`")),
            _ => digits
                .parse()
                .map(Some)
                .map_err(|_| PathError::new(start..self.pos, format!("index `{digits}` is out of range"))),
        }
    }
}

/// `` `c` `` for visible characters, a name for invisible ones.
fn describe(c: char) -> String {
    match c {
        ' ' => "space".to_string(),
        '\t' => "tab".to_string(),
        '\n' | '\r' => "line break".to_string(),
        c if c.is_whitespace() || c.is_control() => format!("character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    /// Renders `range` of `text` as a caret line under the text.
    /// Tabs and trailing whitespace are drawn visibly (one column per
    /// character), and empty text as `∅`.
    pub(crate) fn carets(text: &str, range: &Range<usize>) -> String {
        let trimmed = text.trim_end().len();
        let shown: String = if text.is_empty() {
            "∅".to_string()
        } else {
            text.char_indices()
                .map(|(i, c)| match c {
                    '\t' => '→',
                    _ if i >= trimmed => '·',
                    c => c,
                })
                .collect()
        };
        let before = text[..range.start].chars().count();
        let width = text[range.clone()].chars().count().max(1);
        format!("  {shown}\n  {}{}", " ".repeat(before), "^".repeat(width))
    }

    fn render(input: &str) -> String {
        match parse_path(input) {
            Err(error) => format!("error: {}\n{}", error.message, carets(input, &error.range)),
            Ok(path) => {
                let mut out = format!("{:?} `{}`", path.root, &input[path.root_range.clone()]);
                for segment in &path.segments {
                    out.push_str(&format!("\n{:?} `{}`", segment.segment, &input[segment.range.clone()]));
                }
                match path.first_non_reference_segment() {
                    None => out.push_str("\nreference path"),
                    Some(segment) => {
                        out.push_str(&format!("\nnot a reference path:\n{}", carets(input, &segment.range)))
                    }
                }
                if let Some(error) = check_context_path(&path) {
                    out.push_str(&format!(
                        "\ncontext error: {}\n{}",
                        error.message,
                        carets(input, &error.range)
                    ));
                }
                out
            }
        }
    }

    fn check(input: &str, expect: Expect) {
        expect.assert_eq(&render(input));
    }

    #[test]
    fn roots() {
        check(
            "$",
            expect![[r#"
            Input `$`
            reference path"#]],
        );
        check(
            "$$",
            expect![[r#"
            Context `$$`
            reference path"#]],
        );
        check(
            "$myVar",
            expect![[r#"
            Variable("myVar") `$myVar`
            reference path"#]],
        );
        check(
            "$myVar.a[0]",
            expect![[r#"
            Variable("myVar") `$myVar`
            Field("a") `a`
            Index(0) `[0]`
            reference path"#]],
        );
        check(
            "$名前.x",
            expect![[r#"
            Variable("名前") `$名前`
            Field("x") `x`
            reference path"#]],
        );
        check(
            "$_tmp",
            expect![[r#"
            Variable("_tmp") `$_tmp`
            reference path"#]],
        );
    }

    #[test]
    fn dot_members() {
        check(
            "$.store.book",
            expect![[r#"
            Input `$`
            Field("store") `store`
            Field("book") `book`
            reference path"#]],
        );
        check(
            "$.foo-bar",
            expect![[r#"
            Input `$`
            Field("foo-bar") `foo-bar`
            reference path"#]],
        );
        check(
            "$.名前",
            expect![[r#"
            Input `$`
            Field("名前") `名前`
            reference path"#]],
        );
        check(
            "$.🎉.x",
            expect![[r#"
            Input `$`
            Field("🎉") `🎉`
            Field("x") `x`
            reference path"#]],
        );
        check(
            "$.a1_b2.3",
            expect![[r#"
            Input `$`
            Field("a1_b2") `a1_b2`
            Field("3") `3`
            reference path"#]],
        );
        check(
            "$.store\\.book",
            expect![[r#"
            Input `$`
            Field("store.book") `store\.book`
            reference path"#]],
        );
        check(
            "$.foo\\@bar",
            expect![[r#"
            Input `$`
            Field("foo@bar") `foo\@bar`
            reference path"#]],
        );
    }

    #[test]
    fn bracket_members() {
        check(
            "$.detail['order-id']",
            expect![[r#"
            Input `$`
            Field("detail") `detail`
            Field("order-id") `['order-id']`
            reference path"#]],
        );
        check(
            "$['a b'][\"c d\"]",
            expect![[r#"
            Input `$`
            Field("a b") `['a b']`
            Field("c d") `["c d"]`
            reference path"#]],
        );
        check(
            "$['it\\'s']",
            expect![[r#"
            Input `$`
            Field("it's") `['it\'s']`
            reference path"#]],
        );
        check(
            "$[ 'spaced' ]",
            expect![[r#"
            Input `$`
            Field("spaced") `[ 'spaced' ]`
            reference path"#]],
        );
        check(
            "$.['dot bracket']",
            expect![[r#"
            Input `$`
            Field("dot bracket") `['dot bracket']`
            reference path"#]],
        );
        check(
            "$.store.book[0]['a b']",
            expect![[r#"
            Input `$`
            Field("store") `store`
            Field("book") `book`
            Index(0) `[0]`
            Field("a b") `['a b']`
            reference path"#]],
        );
    }

    #[test]
    fn indices_slices_unions() {
        check(
            "$.items[0]",
            expect![[r#"
            Input `$`
            Field("items") `items`
            Index(0) `[0]`
            reference path"#]],
        );
        check(
            "$.items[-1]",
            expect![[r#"
            Input `$`
            Field("items") `items`
            Index(-1) `[-1]`
            reference path"#]],
        );
        check(
            "$.items[1:3]",
            expect![[r#"
            Input `$`
            Field("items") `items`
            Slice `[1:3]`
            not a reference path:
              $.items[1:3]
                     ^^^^^"#]],
        );
        check(
            "$.items[:2]",
            expect![[r#"
            Input `$`
            Field("items") `items`
            Slice `[:2]`
            not a reference path:
              $.items[:2]
                     ^^^^"#]],
        );
        check(
            "$.items[-2:]",
            expect![[r#"
            Input `$`
            Field("items") `items`
            Slice `[-2:]`
            not a reference path:
              $.items[-2:]
                     ^^^^^"#]],
        );
        check(
            "$.items[::2]",
            expect![[r#"
            Input `$`
            Field("items") `items`
            Slice `[::2]`
            not a reference path:
              $.items[::2]
                     ^^^^^"#]],
        );
        check(
            "$.items[0, 1]",
            expect![[r#"
            Input `$`
            Field("items") `items`
            Union `[0, 1]`
            not a reference path:
              $.items[0, 1]
                     ^^^^^^"#]],
        );
        check(
            "$['a','b']",
            expect![[r#"
            Input `$`
            Union `['a','b']`
            not a reference path:
              $['a','b']
               ^^^^^^^^^"#]],
        );
    }

    #[test]
    fn wildcards_scans_filters_expressions() {
        check(
            "$[*][*]",
            expect![[r#"
            Input `$`
            Wildcard `[*]`
            Wildcard `[*]`
            not a reference path:
              $[*][*]
               ^^^"#]],
        );
        check(
            "$.a.*",
            expect![[r#"
            Input `$`
            Field("a") `a`
            Wildcard `*`
            not a reference path:
              $.a.*
                  ^"#]],
        );
        check(
            "$..author",
            expect![[r#"
            Input `$`
            RecursiveDescent `..`
            Field("author") `author`
            not a reference path:
              $..author
               ^^"#]],
        );
        check(
            "$..*",
            expect![[r#"
            Input `$`
            RecursiveDescent `..`
            Wildcard `*`
            not a reference path:
              $..*
               ^^"#]],
        );
        check(
            "$..[0]",
            expect![[r#"
            Input `$`
            RecursiveDescent `..`
            Index(0) `[0]`
            not a reference path:
              $..[0]
               ^^"#]],
        );
        check(
            "$.book[?(@.price < 10)]",
            expect![[r#"
            Input `$`
            Field("book") `book`
            Filter `[?(@.price < 10)]`
            not a reference path:
              $.book[?(@.price < 10)]
                    ^^^^^^^^^^^^^^^^^"#]],
        );
        check(
            "$.book[?(@.title == 'a)]b' && @.x[0])].isbn",
            expect![[r#"
            Input `$`
            Field("book") `book`
            Filter `[?(@.title == 'a)]b' && @.x[0])]`
            Field("isbn") `isbn`
            not a reference path:
              $.book[?(@.title == 'a)]b' && @.x[0])].isbn
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#]],
        );
        check(
            "$.book[(@.length-1)]",
            expect![[r#"
            Input `$`
            Field("book") `book`
            Expression `[(@.length-1)]`
            not a reference path:
              $.book[(@.length-1)]
                    ^^^^^^^^^^^^^^"#]],
        );
        check(
            "$.book.length()",
            expect![[r#"
            Input `$`
            Field("book") `book`
            Expression `length()`
            not a reference path:
              $.book.length()
                     ^^^^^^^^"#]],
        );
        check(
            "$.book.concat(\"a\", 'b)')",
            expect![[r#"
            Input `$`
            Field("book") `book`
            Expression `concat("a", 'b)')`
            not a reference path:
              $.book.concat("a", 'b)')
                     ^^^^^^^^^^^^^^^^^"#]],
        );
    }

    #[test]
    fn syntax_errors() {
        check(
            "",
            expect![[r#"
            error: empty path: expected `$`
              ∅
              ^"#]],
        );
        check(
            "a.b",
            expect![[r#"
            error: a path must start with `$`, found `a`
              a.b
              ^"#]],
        );
        check(
            "$.",
            expect![[r#"
            error: the path ends after `.`: expected a member name, `*` or `[`
              $.
               ^"#]],
        );
        check(
            "$..",
            expect![[r#"
            error: the path ends after `..`: expected a member name, `*` or `[`
              $..
               ^^"#]],
        );
        check(
            "$[",
            expect![[r#"
            error: the path ends after `[`: expected an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`
              $[
               ^"#]],
        );
        check(
            "$[]",
            expect![[r#"
            error: empty brackets: expected an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`
              $[]
               ^^"#]],
        );
        check(
            "$[ ]",
            expect![[r#"
            error: empty brackets: expected an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`
              $[ ]
               ^^^"#]],
        );
        check(
            "$.a]",
            expect![[r#"
            error: unexpected `]` without a matching `[`
              $.a]
                 ^"#]],
        );
        check(
            "$.a b",
            expect![[r#"
            error: unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`
              $.a b
                 ^"#]],
        );
        check(
            "$.a ",
            expect![[r#"
            error: unexpected whitespace at the end of the path
              $.a·
                 ^"#]],
        );
        check(
            "$ .a",
            expect![[r#"
            error: unexpected space after `$`: expected `.`, `[`, `$` or a variable name
              $ .a
               ^"#]],
        );
        check(
            "$['a",
            expect![[r#"
            error: unterminated quoted name: expected a closing `'`
              $['a
                ^^"#]],
        );
        check(
            "$['a'",
            expect![[r#"
            error: `[` is never closed: expected `]`
              $['a'
               ^"#]],
        );
        check(
            "$['a' 'b']",
            expect![[r#"
            error: unexpected `'` after a quoted name: expected `,` or `]`
              $['a' 'b']
                    ^"#]],
        );
        check(
            "$['a',]",
            expect![[r#"
            error: unexpected `]` after `,`: expected another quoted name
              $['a',]
                    ^"#]],
        );
        check(
            "$.a'b'",
            expect![[r#"
            error: unexpected `'`: quoted names go in brackets, like `['name']`
              $.a'b'
                 ^"#]],
        );
        check(
            "$1",
            expect![[r#"
            error: unexpected `1` after `$`: expected `.`, `[`, `$` or a variable name
              $1
               ^"#]],
        );
        check(
            "$.a\\",
            expect![[r#"
            error: the path ends with `\`: expected a character to escape
              $.a\
                 ^"#]],
        );
        check(
            "$...a",
            expect![[r#"
            error: unexpected `.` after `..`: expected a member name, `*` or `[`
              $...a
                 ^"#]],
        );
        check(
            "$.a.[",
            expect![[r#"
            error: the path ends after `[`: expected an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`
              $.a.[
                  ^"#]],
        );
        check(
            "$[0",
            expect![[r#"
            error: `[` is never closed: expected `]`
              $[0
               ^"#]],
        );
        check(
            "$[1.5]",
            expect![[r#"
            error: unexpected `.` inside `[…]`: expected a digit, `,`, `:` or `]`
              $[1.5]
                 ^"#]],
        );
        check(
            "$[-]",
            expect![[r#"
            error: expected digits after `-`
              $[-]
                ^"#]],
        );
        check(
            "$[0,1:2]",
            expect![[r#"
            error: `,` and `:` can't be mixed: write a union `[0,1]` or a slice `[start:end:step]`
              $[0,1:2]
               ^^^^^^^"#]],
        );
        check(
            "$[0,]",
            expect![[r#"
            error: empty entry in a union: expected an index on each side of `,`
              $[0,]
                 ^"#]],
        );
        check(
            "$[1:2:3:4]",
            expect![[r#"
            error: a slice has at most three parts: `[start:end:step]`
              $[1:2:3:4]
                     ^"#]],
        );
        check(
            "$[::0]",
            expect![[r#"
            error: a slice step can't be 0
              $[::0]
                  ^"#]],
        );
        check(
            "$[99999999999999999999]",
            expect![[r#"
            error: index `99999999999999999999` is out of range
              $[99999999999999999999]
                ^^^^^^^^^^^^^^^^^^^^"#]],
        );
        check(
            "$[?@.a]",
            expect![[r#"
            error: expected `(` after `?`: a filter is written `[?(…)]`
              $[?@.a]
                ^"#]],
        );
        check(
            "$[?(@.a]",
            expect![[r#"
            error: unexpected `]`: expected `)` to close the `(` at offset 3
              $[?(@.a]
                     ^"#]],
        );
        check(
            "$[?(@.a == 'x)]",
            expect![[r#"
            error: unterminated string: expected a closing `'`
              $[?(@.a == 'x)]
                         ^^^^"#]],
        );
        check(
            "$[?(@.a)",
            expect![[r#"
            error: `[` is never closed: expected `]`
              $[?(@.a)
               ^"#]],
        );
        check(
            "$[(@.a])]",
            expect![[r#"
            error: unexpected `]`: expected `)` to close the `(` at offset 2
              $[(@.a])]
                    ^"#]],
        );
        check(
            "$[abc]",
            expect![[r#"
            error: unexpected `a` inside `[…]`: expected an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`
              $[abc]
                ^"#]],
        );
        check(
            "$.a(",
            expect![[r#"
            error: `(` is never closed: expected `)`
              $.a(
                 ^"#]],
        );
        check(
            "$.a)",
            expect![[r#"
            error: unexpected `)`: expected `.` or `[` to start the next member
              $.a)
                 ^"#]],
        );
        check(
            "$$foo",
            expect![[r#"
            error: unexpected `f`: expected `.` or `[` to start the next member
              $$foo
                ^"#]],
        );
        check(
            "$.a\tb",
            expect![[r#"
            error: unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`
              $.a→b
                 ^"#]],
        );
    }

    #[test]
    fn context_paths() {
        check(
            "$$.Execution.Input.orderId",
            expect![[r#"
            Context `$$`
            Field("Execution") `Execution`
            Field("Input") `Input`
            Field("orderId") `orderId`
            reference path"#]],
        );
        check(
            "$$.Execution.Input[0]['x y']",
            expect![[r#"
            Context `$$`
            Field("Execution") `Execution`
            Field("Input") `Input`
            Index(0) `[0]`
            Field("x y") `['x y']`
            reference path"#]],
        );
        check(
            "$$.Map.Item.Value",
            expect![[r#"
            Context `$$`
            Field("Map") `Map`
            Field("Item") `Item`
            Field("Value") `Value`
            reference path"#]],
        );
        check(
            "$$.Map.Item.Value.id",
            expect![[r#"
            Context `$$`
            Field("Map") `Map`
            Field("Item") `Item`
            Field("Value") `Value`
            Field("id") `id`
            reference path"#]],
        );
        check(
            "$$.Map.Item.Index",
            expect![[r#"
            Context `$$`
            Field("Map") `Map`
            Field("Item") `Item`
            Field("Index") `Index`
            reference path"#]],
        );
        check(
            "$$.Task.Token",
            expect![[r#"
            Context `$$`
            Field("Task") `Task`
            Field("Token") `Token`
            reference path"#]],
        );
        check(
            "$$.Execution",
            expect![[r#"
            Context `$$`
            Field("Execution") `Execution`
            reference path"#]],
        );
        check(
            "$$['State']['EnteredTime']",
            expect![[r#"
            Context `$$`
            Field("State") `['State']`
            Field("EnteredTime") `['EnteredTime']`
            reference path"#]],
        );
        check(
            "$$.Executon.Id",
            expect![[r#"
            Context `$$`
            Field("Executon") `Executon`
            Field("Id") `Id`
            reference path
            context error: `Executon` is not a member of the context object: did you mean `Execution`?
              $$.Executon.Id
                 ^^^^^^^^"#]],
        );
        check(
            "$$.execution.id",
            expect![[r#"
            Context `$$`
            Field("execution") `execution`
            Field("id") `id`
            reference path
            context error: `execution` is not a member of the context object: did you mean `Execution`?
              $$.execution.id
                 ^^^^^^^^^"#]],
        );
        check(
            "$$.Execution.Nmae",
            expect![[r#"
            Context `$$`
            Field("Execution") `Execution`
            Field("Nmae") `Nmae`
            reference path
            context error: `Nmae` is not a member of `$$.Execution`: did you mean `Name`?
              $$.Execution.Nmae
                           ^^^^"#]],
        );
        check(
            "$$.Foo",
            expect![[r#"
            Context `$$`
            Field("Foo") `Foo`
            reference path
            context error: `Foo` is not a member of the context object: expected one of `Execution`, `State`, `StateMachine`, `Task`, `Map`
              $$.Foo
                 ^^^"#]],
        );
        check(
            "$$.State.Name.first",
            expect![[r#"
            Context `$$`
            Field("State") `State`
            Field("Name") `Name`
            Field("first") `first`
            reference path
            context error: `$$.State.Name` is a single value: it has no members or elements
              $$.State.Name.first
                            ^^^^^"#]],
        );
        check(
            "$$.Map.Item.Index[0]",
            expect![[r#"
            Context `$$`
            Field("Map") `Map`
            Field("Item") `Item`
            Field("Index") `Index`
            Index(0) `[0]`
            reference path
            context error: `$$.Map.Item.Index` is a single value: it has no members or elements
              $$.Map.Item.Index[0]
                               ^^^"#]],
        );
        check(
            "$$[0]",
            expect![[r#"
            Context `$$`
            Index(0) `[0]`
            reference path
            context error: `$$` is an object, not an array
              $$[0]
                ^^^"#]],
        );
        check(
            "$$.Execution.*",
            expect![[r#"
            Context `$$`
            Field("Execution") `Execution`
            Wildcard `*`
            not a reference path:
              $$.Execution.*
                           ^"#]],
        );
        check(
            "$$..Id",
            expect![[r#"
            Context `$$`
            RecursiveDescent `..`
            Field("Id") `Id`
            not a reference path:
              $$..Id
                ^^"#]],
        );
        check(
            "$$.Map.Item.Nope",
            expect![[r#"
            Context `$$`
            Field("Map") `Map`
            Field("Item") `Item`
            Field("Nope") `Nope`
            reference path
            context error: `Nope` is not a member of `$$.Map.Item`: expected one of `Index`, `Value`, `Key`, `Source`
              $$.Map.Item.Nope
                          ^^^^"#]],
        );
    }

    #[test]
    fn looks_like() {
        let cases = [
            ("$", true),
            ("$.a", true),
            ("$[0]", true),
            ("$$", true),
            ("$$.Execution.Id", true),
            ("$var", true),
            ("$var.x", true),
            ("$名前[0]", true),
            ("$.a b", true),
            ("", false),
            ("a", false),
            ("$5.00", false),
            ("$ 5", false),
            ("$$$", false),
            ("$USD amount", false),
            ("US$", false),
            ("{% $x %}", false),
        ];
        for (text, expected) in cases {
            assert_eq!(looks_like_path(text), expected, "{text:?}");
        }
    }

    #[test]
    fn context_members_are_consistent() {
        for (member, doc) in CONTEXT_MEMBERS {
            assert!(!doc.is_empty());
            let path = parse_path(&format!("$$.{member}")).unwrap();
            assert_eq!(check_context_path(&path), None, "{member}");
        }
        for open in OPEN_CONTEXT_MEMBERS {
            assert!(CONTEXT_MEMBERS.iter().any(|(m, _)| m == open));
        }
    }

    #[test]
    fn shifted_moves_every_range() {
        let path = parse_path("$.a[0]").unwrap().shifted(10);
        assert_eq!(path.root_range, 10..11);
        assert_eq!(path.segments[0].range, 12..13);
        assert_eq!(path.segments[1].range, 13..16);
        let error = parse_path("$.").unwrap_err().shifted(3);
        assert_eq!(error.range, 4..5);
    }

    pub(crate) const SAMPLES: &[&str] = &[
        "$",
        "$$",
        "$.store.book[0]['a b']",
        "$$.Execution.Input.orderId",
        "$.detail['order-id']",
        "$$.Map.Item.Value",
        "$myVar.items[-1]",
        "$.store\\.book",
        "$..author",
        "$[*][*]",
        "$.book[?(@.price < 10 && @.t == 'x]')]",
        "$.book[(@.length-1)]",
        "$.book.length()",
        "$.items[1:3]",
        "$.items[::2]",
        "$['a','b']",
        "$[0, 1]",
        "$.名前.🎉",
        "$['名前 🎉']",
        "$$['State'][\"Name\"]",
        "$.a\\'b",
    ];

    /// Every prefix and every single-character deletion of the samples.
    pub(crate) fn mutations(samples: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for sample in samples {
            let bounds: Vec<usize> = sample.char_indices().map(|(i, _)| i).chain([sample.len()]).collect();
            for &end in &bounds {
                out.push(sample[..end].to_string());
            }
            for pair in bounds.windows(2) {
                out.push(format!("{}{}", &sample[..pair[0]], &sample[pair[1]..]));
            }
        }
        out
    }

    pub(crate) fn assert_range_ok(text: &str, range: &Range<usize>) {
        assert!(
            range.start <= range.end && range.end <= text.len(),
            "{text:?}: {range:?} out of bounds"
        );
        assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "{text:?}: {range:?} not on char boundaries"
        );
    }

    #[test]
    fn never_panics_and_ranges_are_sound() {
        for text in mutations(SAMPLES) {
            looks_like_path(&text);
            match parse_path(&text) {
                Ok(path) => {
                    assert_range_ok(&text, &path.root_range);
                    for segment in &path.segments {
                        assert_range_ok(&text, &segment.range);
                    }
                    if let Some(error) = check_context_path(&path) {
                        assert_range_ok(&text, &error.range);
                    }
                }
                Err(error) => {
                    assert_range_ok(&text, &error.range);
                    assert!(!error.message.is_empty());
                    if !text.is_empty() {
                        assert!(error.range.start < error.range.end, "{text:?}: empty range");
                    }
                }
            }
        }
    }
}
