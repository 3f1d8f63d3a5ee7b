//! JSONPath as the Amazon States Language uses it: parsing `$`, `$$` and `$var` paths with precisely located errors, Reference Path checks and context-object (`$$`) validation.
//!
//! Everything here is a pure function of the decoded JSON string value; every
//! offset is a byte offset into that string.

use std::ops::Range;

use compact_str::CompactString;

use crate::catalog::context::{CONTEXT_MEMBERS, OPEN_CONTEXT_MEMBERS};
use crate::lang::scan::{describe, Scan};
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
    Field(CompactString),
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
    let mut parser = Parser(Scan::new(text));
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

/// Whether a path would start with a variable (`$name`): a cheap test before
/// parsing a path only for its variable.
pub fn starts_with_variable(text: &str) -> bool {
    text.strip_prefix('$')
        .and_then(|rest| rest.chars().next())
        .is_some_and(is_ident_start)
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

/// The path parser: the shared cursor plus the grammar below.
struct Parser<'a>(Scan<'a>);

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
        let mut name = CompactString::default();
        // The name is copied a run of plain characters at a time.
        let mut run = start;
        loop {
            match self.peek() {
                Some('\\') => {
                    name.push_str(&self.text[run..self.pos]);
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
                    run = self.pos;
                }
                Some(c) if is_name_char(c) => self.pos += c.len_utf8(),
                _ => break,
            }
        }
        name.push_str(&self.text[run..self.pos]);
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
            Segment::Field(names.pop().unwrap_or_default().into())
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

#[cfg(test)]
#[path = "path_tests.rs"]
pub(crate) mod tests;
