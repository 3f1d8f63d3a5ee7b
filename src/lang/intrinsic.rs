//! `States.*` intrinsic functions of JSONPath states: parsing calls such as `States.Format('{}', $.x)` with precisely located errors, checking them against the catalogue of the 18 built-ins, and the catalogue itself (for completion and hover).
//!
//! Everything here is a pure function of the decoded JSON string value; every
//! offset is a byte offset into that string, including the ranges inside the
//! parsed paths of [`Arg::Path`].

use std::ops::Range;

use crate::lang::path::{check_context_path, parse_path, Path, PathError, Segment};
use crate::util::suggest::closest;

/// One argument of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// `'text'`: `value` has the escapes resolved, `raw` is the text between
    /// the quotes as written (needed to tell `\{}` from `{}`).
    String {
        value: String,
        raw: String,
        range: Range<usize>,
    },
    /// `42`, `-1`, `2.5`, `1e3`, as written.
    Number {
        text: String,
        range: Range<usize>,
    },
    Bool(bool, Range<usize>),
    Null(Range<usize>),
    /// `$.x`, `$$.x`, `$var`, `$`: the text as written and its parse, whose
    /// ranges (and error range) are offsets into the whole call string.
    Path {
        text: String,
        path: Result<Path, PathError>,
        range: Range<usize>,
    },
    /// A nested call.
    Call(Call),
}

impl Arg {
    /// Where the argument is written.
    pub fn range(&self) -> Range<usize> {
        match self {
            Arg::String { range, .. } | Arg::Number { range, .. } | Arg::Path { range, .. } => range.clone(),
            Arg::Bool(_, range) | Arg::Null(range) => range.clone(),
            Arg::Call(call) => call.range.clone(),
        }
    }
}

/// A parsed call `Name(args…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    pub name_range: Range<usize>,
    pub args: Vec<Arg>,
    /// From the first character of the name to the closing `)`.
    pub range: Range<usize>,
    /// Between the parentheses (may be empty).
    pub args_range: Range<usize>,
}

/// A syntax or semantic problem in an intrinsic call.
pub use super::Problem as IntrinsicError;

/// Catalogue entry for one built-in intrinsic function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntrinsicFunction {
    pub name: &'static str,
    pub min_args: usize,
    /// `None`: any number.
    pub max_args: Option<usize>,
    pub signature: &'static str,
    pub doc: &'static str,
    /// One of `string`, `integer`, `boolean`, `array`, `object`, `JSON` (any).
    pub returns: &'static str,
}

/// The 18 intrinsic functions of Step Functions.
pub const FUNCTIONS: &[IntrinsicFunction] = &[
    IntrinsicFunction {
        name: "States.Format",
        min_args: 1,
        max_args: None,
        signature: "States.Format(template, values...)",
        doc: "Builds a string from a template: each `{}` in the template is replaced, in order, by the next argument. The template is a string literal or a path to a string; the values may be strings, numbers, booleans or null, but not arrays or objects. Write `\\{` and `\\}` for literal braces.",
        returns: "string",
    },
    IntrinsicFunction {
        name: "States.StringToJson",
        min_args: 1,
        max_args: Some(1),
        signature: "States.StringToJson(jsonText)",
        doc: "Parses a string that holds JSON text and returns the resulting value.",
        returns: "JSON",
    },
    IntrinsicFunction {
        name: "States.JsonToString",
        min_args: 1,
        max_args: Some(1),
        signature: "States.JsonToString(path)",
        doc: "Serializes the data a path selects into a string of JSON text. The argument must be a path.",
        returns: "string",
    },
    IntrinsicFunction {
        name: "States.Array",
        min_args: 0,
        max_args: None,
        signature: "States.Array(values...)",
        doc: "Returns an array of its arguments, in order; with no arguments, an empty array.",
        returns: "array",
    },
    IntrinsicFunction {
        name: "States.ArrayPartition",
        min_args: 2,
        max_args: Some(2),
        signature: "States.ArrayPartition(array, chunkSize)",
        doc: "Cuts an array into consecutive chunks of `chunkSize` elements (an integer greater than 0) and returns the array of chunks; the last chunk may be shorter.",
        returns: "array",
    },
    IntrinsicFunction {
        name: "States.ArrayContains",
        min_args: 2,
        max_args: Some(2),
        signature: "States.ArrayContains(array, value)",
        doc: "Tells whether the array has an element equal to `value`.",
        returns: "boolean",
    },
    IntrinsicFunction {
        name: "States.ArrayRange",
        min_args: 3,
        max_args: Some(3),
        signature: "States.ArrayRange(start, end, step)",
        doc: "Returns the integers from `start` to `end`, both included, counting by `step`. The step must not be 0, and the array may hold at most 1000 items.",
        returns: "array",
    },
    IntrinsicFunction {
        name: "States.ArrayGetItem",
        min_args: 2,
        max_args: Some(2),
        signature: "States.ArrayGetItem(array, index)",
        doc: "Returns the element of the array at the given zero-based index.",
        returns: "JSON",
    },
    IntrinsicFunction {
        name: "States.ArrayLength",
        min_args: 1,
        max_args: Some(1),
        signature: "States.ArrayLength(array)",
        doc: "Returns how many elements the array has.",
        returns: "integer",
    },
    IntrinsicFunction {
        name: "States.ArrayUnique",
        min_args: 1,
        max_args: Some(1),
        signature: "States.ArrayUnique(array)",
        doc: "Returns the array with duplicate values removed.",
        returns: "array",
    },
    IntrinsicFunction {
        name: "States.Base64Encode",
        min_args: 1,
        max_args: Some(1),
        signature: "States.Base64Encode(data)",
        doc: "Encodes a string of at most 10,000 characters as Base64.",
        returns: "string",
    },
    IntrinsicFunction {
        name: "States.Base64Decode",
        min_args: 1,
        max_args: Some(1),
        signature: "States.Base64Decode(base64)",
        doc: "Decodes Base64 text of at most 10,000 characters back into a string.",
        returns: "string",
    },
    IntrinsicFunction {
        name: "States.Hash",
        min_args: 2,
        max_args: Some(2),
        signature: "States.Hash(data, algorithm)",
        doc: "Hashes the data (at most 10,000 characters once turned into a string) and returns the digest as hexadecimal text. The algorithm is one of `MD5`, `SHA-1`, `SHA-256`, `SHA-384` and `SHA-512`.",
        returns: "string",
    },
    IntrinsicFunction {
        name: "States.JsonMerge",
        min_args: 3,
        max_args: Some(3),
        signature: "States.JsonMerge(object1, object2, deepMerge)",
        doc: "Merges two objects into one; where both have a key, the second object's value wins. The third argument asks for a deep merge, which Step Functions does not support: it must be `false` (shallow merge).",
        returns: "object",
    },
    IntrinsicFunction {
        name: "States.MathRandom",
        min_args: 2,
        max_args: Some(3),
        signature: "States.MathRandom(start, end, seed?)",
        doc: "Returns a random integer that is at least `start` and less than `end`. An optional integer `seed` makes the result repeatable.",
        returns: "integer",
    },
    IntrinsicFunction {
        name: "States.MathAdd",
        min_args: 2,
        max_args: Some(2),
        signature: "States.MathAdd(a, b)",
        doc: "Returns the sum of two integers, each within the signed 32-bit range (-2147483648 to 2147483647).",
        returns: "integer",
    },
    IntrinsicFunction {
        name: "States.StringSplit",
        min_args: 2,
        max_args: Some(2),
        signature: "States.StringSplit(text, delimiters)",
        doc: "Splits a string into an array of strings; every character of `delimiters` separates items.",
        returns: "array",
    },
    IntrinsicFunction {
        name: "States.UUID",
        min_args: 0,
        max_args: Some(0),
        signature: "States.UUID()",
        doc: "Returns a new random version 4 UUID.",
        returns: "string",
    },
];

/// The catalogue entry for a function name.
pub fn function(name: &str) -> Option<&'static IntrinsicFunction> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Algorithms `States.Hash` accepts.
pub const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// At most this many calls in one field.
const MAX_CALLS: usize = 10;
/// The parser refuses deeper nesting outright (it recurses).
const MAX_PARSE_DEPTH: usize = 64;
/// Longest literal input of Base64Encode/Decode and Hash.
const MAX_INPUT_CHARS: usize = 10_000;
/// Most items States.ArrayRange may produce.
const MAX_RANGE_ITEMS: f64 = 1000.0;

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '_'
}

/// Characters that end a word (a function name or keyword) in a call.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | ',' | '\'' | '"')
}

/// Whether a string looks like it was meant as an intrinsic call: one or more
/// of `[A-Za-z0-9._]` immediately followed by `(`. Used by heuristics such as
/// AWS's `NO_DOLLAR` warning; the call need not be valid.
pub fn looks_like_intrinsic(text: &str) -> bool {
    let end = text.find(|c: char| !is_name_char(c)).unwrap_or(text.len());
    end > 0 && text[end..].starts_with('(')
}

/// Parses an intrinsic call (syntax only; see [`check_call`] for meaning).
/// Whitespace is allowed around arguments and after the call.
pub fn parse_intrinsic(text: &str) -> Result<Call, IntrinsicError> {
    let mut parser = Parser { text, pos: 0 };
    let call = parser.call(0)?;
    parser.skip_ws();
    if parser.pos < text.len() {
        let end = text.trim_end().len();
        return Err(IntrinsicError::new(
            parser.pos..end,
            "unexpected text after the call: an intrinsic function field holds exactly one call",
        ));
    }
    Ok(call)
}

/// Checks a parsed call against the catalogue: known function, argument
/// count, argument types and values where they are literals or calls with a
/// known result, the Format placeholder count, the limit of 10 calls per
/// field, and the paths given as arguments. Nested calls are checked too.
/// Errors come sorted by position.
pub fn check_call(call: &Call) -> Vec<IntrinsicError> {
    let mut checker = Checker {
        errors: Vec::new(),
        calls: 0,
    };
    checker.call(call);
    let mut errors = checker.errors;
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    errors
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.pos += c.len_utf8();
        }
    }

    fn char_range(&self, at: usize) -> Range<usize> {
        let len = self.text[at..].chars().next().map_or(0, char::len_utf8);
        at..at + len
    }

    /// Reads a run of characters up to a word boundary.
    fn word(&mut self) -> Range<usize> {
        let start = self.pos;
        while let Some(c) = self.peek().filter(|&c| !ends_word(c)) {
            self.pos += c.len_utf8();
        }
        start..self.pos
    }

    /// `Name(args…)` starting at the current position.
    fn call(&mut self, depth: usize) -> Result<Call, IntrinsicError> {
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

fn unclosed(open: usize) -> IntrinsicError {
    IntrinsicError::new(open..open + 1, "`(` is never closed: expected `)`")
}

fn too_many_calls() -> String {
    format!("too many intrinsic functions: at most {MAX_CALLS} calls can be nested in one field")
}

fn describe(c: char) -> String {
    match c {
        ' ' => "space".to_string(),
        '\t' => "tab".to_string(),
        '\n' | '\r' => "line break".to_string(),
        c if c.is_whitespace() || c.is_control() => format!("character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// What an argument must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Any,
    String,
    Integer,
    Array,
    Object,
    Bool,
    /// Written as a path, whatever it selects.
    Path,
    /// Not an array or object.
    Scalar,
}

impl Want {
    fn describe(self) -> &'static str {
        match self {
            Want::Any => "any value",
            Want::String => "a string",
            Want::Integer => "an integer",
            Want::Array => "an array",
            Want::Object => "an object",
            Want::Bool => "a boolean",
            Want::Path => "a path (`$…`)",
            Want::Scalar => "a string, number, boolean or null",
        }
    }
}

/// What an argument is known to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Number,
    Bool,
    Null,
    Array,
    Object,
    Unknown,
}

fn kind(arg: &Arg) -> Kind {
    match arg {
        Arg::String { .. } => Kind::String,
        Arg::Number { .. } => Kind::Number,
        Arg::Bool(..) => Kind::Bool,
        Arg::Null(_) => Kind::Null,
        Arg::Path { .. } => Kind::Unknown,
        Arg::Call(call) => match function(&call.name).map(|f| f.returns) {
            Some("string") => Kind::String,
            Some("integer") => Kind::Number,
            Some("boolean") => Kind::Bool,
            Some("array") => Kind::Array,
            Some("object") => Kind::Object,
            _ => Kind::Unknown,
        },
    }
}

fn accepts(want: Want, arg: &Arg) -> bool {
    let kind = kind(arg);
    match want {
        Want::Any => true,
        Want::Path => matches!(arg, Arg::Path { .. }),
        _ if kind == Kind::Unknown => true,
        Want::String => kind == Kind::String,
        Want::Integer => kind == Kind::Number,
        Want::Array => kind == Kind::Array,
        Want::Object => kind == Kind::Object,
        Want::Bool => kind == Kind::Bool,
        Want::Scalar => !matches!(kind, Kind::Array | Kind::Object),
    }
}

fn describe_arg(arg: &Arg) -> String {
    match arg {
        Arg::String { .. } => "a string".to_string(),
        Arg::Number { text, .. } => format!("the number `{text}`"),
        Arg::Bool(value, _) => format!("`{value}`"),
        Arg::Null(_) => "`null`".to_string(),
        Arg::Path { .. } => "a path".to_string(),
        Arg::Call(call) => match function(&call.name) {
            Some(f) => {
                let article = if f.returns.starts_with(['a', 'i', 'o']) {
                    "an"
                } else {
                    "a"
                };
                format!("`{}(…)`, which returns {article} {}", call.name, f.returns)
            }
            None => format!("`{}(…)`", call.name),
        },
    }
}

/// A parameter: its name and what it must be.
type Param = (&'static str, Want);

/// Parameter names and expectations: the fixed ones, then the repeated one.
fn params(name: &str) -> (&'static [Param], Option<Param>) {
    match name {
        "States.Format" => (&[("template", Want::String)], Some(("value", Want::Scalar))),
        "States.StringToJson" => (&[("jsonText", Want::String)], None),
        "States.JsonToString" => (&[("path", Want::Path)], None),
        "States.Array" => (&[], Some(("value", Want::Any))),
        "States.ArrayPartition" => (&[("array", Want::Array), ("chunkSize", Want::Integer)], None),
        "States.ArrayContains" => (&[("array", Want::Array), ("value", Want::Any)], None),
        "States.ArrayRange" => (
            &[
                ("start", Want::Integer),
                ("end", Want::Integer),
                ("step", Want::Integer),
            ],
            None,
        ),
        "States.ArrayGetItem" => (&[("array", Want::Array), ("index", Want::Integer)], None),
        "States.ArrayLength" | "States.ArrayUnique" => (&[("array", Want::Array)], None),
        "States.Base64Encode" => (&[("data", Want::String)], None),
        "States.Base64Decode" => (&[("base64", Want::String)], None),
        "States.Hash" => (&[("data", Want::Any), ("algorithm", Want::String)], None),
        "States.JsonMerge" => (
            &[
                ("object1", Want::Object),
                ("object2", Want::Object),
                ("deepMerge", Want::Bool),
            ],
            None,
        ),
        "States.MathRandom" => (
            &[
                ("start", Want::Integer),
                ("end", Want::Integer),
                ("seed", Want::Integer),
            ],
            None,
        ),
        "States.MathAdd" => (&[("a", Want::Integer), ("b", Want::Integer)], None),
        "States.StringSplit" => (&[("text", Want::String), ("delimiters", Want::String)], None),
        _ => (&[], None),
    }
}

/// The value of a numeric literal.
fn number(arg: &Arg) -> Option<f64> {
    match arg {
        Arg::Number { text, .. } => text.parse().ok().filter(|v: &f64| v.is_finite()),
        _ => None,
    }
}

/// The value of an integer literal.
fn integer(arg: &Arg) -> Option<f64> {
    number(arg).filter(|v| v.fract() == 0.0)
}

/// Counts the `{}` placeholders of a Format template as written (escaped
/// braces `\{` `\}` don't count).
fn placeholders(raw: &str) -> usize {
    let mut count = 0;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                count += 1;
            }
            _ => {}
        }
    }
    count
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

struct Checker {
    errors: Vec<IntrinsicError>,
    calls: usize,
}

impl Checker {
    fn error(&mut self, range: Range<usize>, message: impl Into<String>) {
        self.errors.push(IntrinsicError::new(range, message));
    }

    fn call(&mut self, call: &Call) {
        self.calls += 1;
        if self.calls == MAX_CALLS + 1 {
            self.error(call.name_range.clone(), too_many_calls());
        }
        match function(&call.name) {
            Some(f) => self.signature(f, call),
            None => self.unknown(call),
        }
        for arg in &call.args {
            match arg {
                Arg::Call(inner) => self.call(inner),
                Arg::Path { path: Err(e), .. } => self.errors.push(e.clone()),
                Arg::Path {
                    path: Ok(path),
                    text,
                    range,
                } => self.path(path, text, range.start),
                _ => {}
            }
        }
    }

    fn unknown(&mut self, call: &Call) {
        let names = FUNCTIONS.iter().map(|f| f.name);
        let prefixed = format!("States.{}", call.name);
        let message = if function(&prefixed).is_some() {
            format!(
                "unknown intrinsic function `{}`: built-in functions need the `States.` prefix, as in `{prefixed}`",
                call.name
            )
        } else if let Some(suggestion) = closest(&call.name, names.clone()).or_else(|| closest(&prefixed, names)) {
            format!(
                "unknown intrinsic function `{}`: did you mean `{suggestion}`?",
                call.name
            )
        } else {
            format!(
                "unknown intrinsic function `{}`: expected one of the `States.*` functions such as `States.Format`",
                call.name
            )
        };
        self.error(call.name_range.clone(), message);
    }

    fn signature(&mut self, f: &IntrinsicFunction, call: &Call) {
        let count = call.args.len();
        let expected = match f.max_args {
            Some(0) => "no arguments".to_string(),
            Some(max) if max == f.min_args => plural(max, "argument", "arguments"),
            Some(max) => format!("{} to {max} arguments", f.min_args),
            None => format!("at least {}", plural(f.min_args, "argument", "arguments")),
        };
        let given = match count {
            0 => "none were given".to_string(),
            1 => "1 was given".to_string(),
            n => format!("{n} were given"),
        };
        let message = format!("`{}` takes {expected} but {given}: `{}`", f.name, f.signature);
        if count < f.min_args {
            self.error(call.name_range.clone(), message);
        } else if let Some(max) = f.max_args.filter(|&max| count > max) {
            let start = call.args[max].range().start;
            let end = call.args[count - 1].range().end;
            self.error(start..end, message);
        }

        let (fixed, rest) = params(f.name);
        for (i, arg) in call.args.iter().enumerate() {
            let Some((param, want)) = fixed.get(i).copied().or(rest) else {
                break;
            };
            if !accepts(want, arg) {
                self.error(
                    arg.range(),
                    format!(
                        "the `{param}` argument of `{}` must be {}, but this is {}",
                        f.name,
                        want.describe(),
                        describe_arg(arg)
                    ),
                );
            } else if want == Want::Integer && number(arg).is_some() && integer(arg).is_none() {
                self.error(
                    arg.range(),
                    format!(
                        "the `{param}` argument of `{}` must be an integer, but {} is not a whole number",
                        f.name,
                        describe_arg(arg)
                    ),
                );
            }
        }
        self.values(f, call);
    }

    /// Rules on literal values beyond their type.
    fn values(&mut self, f: &IntrinsicFunction, call: &Call) {
        let args = &call.args;
        match f.name {
            "States.Format" => {
                if let Some(Arg::String { raw, range, .. }) = args.first() {
                    let wanted = placeholders(raw);
                    let given = args.len() - 1;
                    let message = format!(
                        "the template has {} but {} given",
                        plural(wanted, "`{}` placeholder", "`{}` placeholders"),
                        match given {
                            0 => "no value is".to_string(),
                            1 => "1 value is".to_string(),
                            n => format!("{n} values are"),
                        }
                    );
                    if wanted > given {
                        self.error(range.clone(), message);
                    } else if given > wanted {
                        let start = args[wanted + 1].range().start;
                        let end = args[given].range().end;
                        self.error(start..end, message);
                    }
                }
            }
            "States.ArrayPartition" => {
                if let Some(arg) = args.get(1) {
                    if integer(arg).is_some_and(|v| v <= 0.0) {
                        self.error(arg.range(), "the chunk size must be greater than 0");
                    }
                }
            }
            "States.ArrayRange" => {
                if let Some(step) = args.get(2) {
                    if integer(step) == Some(0.0) {
                        self.error(step.range(), "the step must not be 0");
                    }
                }
                if let [start, end, step] = &args[..] {
                    if let (Some(a), Some(b), Some(s)) = (integer(start), integer(end), integer(step)) {
                        let items = if s != 0.0 && (b - a) * s >= 0.0 {
                            ((b - a) / s).floor() + 1.0
                        } else {
                            0.0
                        };
                        if items > MAX_RANGE_ITEMS {
                            self.error(
                                start.range().start..step.range().end,
                                format!(
                                    "this range has {items} items, but `States.ArrayRange` may produce at most {MAX_RANGE_ITEMS}"
                                ),
                            );
                        }
                    }
                }
            }
            "States.MathAdd" => {
                for arg in args.iter().take(2) {
                    if integer(arg).is_some_and(|v| v < f64::from(i32::MIN) || v > f64::from(i32::MAX)) {
                        self.error(
                            arg.range(),
                            "`States.MathAdd` takes integers between -2147483648 and 2147483647",
                        );
                    }
                }
            }
            "States.Hash" => {
                if let Some(Arg::String { value, range, .. }) = args.get(1) {
                    if !HASH_ALGORITHMS.contains(&value.as_str()) {
                        let hint = match closest(value, HASH_ALGORITHMS.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!(
                                "expected one of {}",
                                HASH_ALGORITHMS
                                    .iter()
                                    .map(|a| format!("`{a}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        self.error(range.clone(), format!("unsupported hash algorithm `{value}`: {hint}"));
                    }
                }
            }
            "States.JsonMerge" => {
                if let Some(Arg::Bool(true, range)) = args.get(2) {
                    self.error(
                        range.clone(),
                        "Step Functions supports only shallow merges: the third argument of `States.JsonMerge` must be `false`",
                    );
                }
            }
            _ => {}
        }
        if matches!(f.name, "States.Base64Encode" | "States.Base64Decode" | "States.Hash") {
            if let Some(Arg::String { value, range, .. }) = args.first() {
                let chars = value.chars().count();
                if chars > MAX_INPUT_CHARS {
                    self.error(
                        range.clone(),
                        format!(
                            "`{}` accepts at most {MAX_INPUT_CHARS} characters, but this string has {chars}",
                            f.name
                        ),
                    );
                }
            }
        }
    }

    /// Context-object members, and dot members that need bracket notation
    /// inside intrinsic arguments.
    fn path(&mut self, path: &Path, text: &str, offset: usize) {
        if let Some(error) = check_context_path(path) {
            self.errors.push(error);
        }
        for segment in &path.segments {
            let Segment::Field(name) = &segment.segment else {
                continue;
            };
            let written = segment
                .range
                .start
                .checked_sub(offset)
                .and_then(|at| text.get(at..))
                .unwrap_or("");
            if written.starts_with('[') {
                continue;
            }
            if let Some(c) = name.chars().find(|&c| !(c.is_alphanumeric() || c == '_')) {
                let quoted = name.replace('\\', "\\\\").replace('\'', "\\'");
                self.error(
                    segment.range.clone(),
                    format!(
                        "in an intrinsic function argument, a member name containing {} must use bracket notation: `['{quoted}']`",
                        describe(c)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::path::tests::{assert_range_ok, carets, mutations};
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    fn render_arg(input: &str, arg: &Arg, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        match arg {
            Arg::Call(call) => render_call(input, call, indent, out),
            Arg::String { value, .. } => {
                let _ = writeln!(out, "{pad}String {value:?} `{}`", &input[arg.range()]);
            }
            Arg::Number { text, .. } => {
                let _ = writeln!(out, "{pad}Number {text}");
            }
            Arg::Bool(value, _) => {
                let _ = writeln!(out, "{pad}Bool {value}");
            }
            Arg::Null(_) => {
                let _ = writeln!(out, "{pad}Null");
            }
            Arg::Path { text, path, .. } => {
                let parsed = match path {
                    Ok(path) => format!("{} segments", path.segments.len()),
                    Err(e) => format!("invalid: {}", e.message),
                };
                let _ = writeln!(out, "{pad}Path `{text}` ({parsed})");
            }
        }
    }

    fn render_call(input: &str, call: &Call, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        let _ = writeln!(
            out,
            "{pad}Call `{}` args `{}`",
            &input[call.name_range.clone()],
            &input[call.args_range.clone()]
        );
        for arg in &call.args {
            render_arg(input, arg, indent + 1, out);
        }
    }

    /// Parses and checks `input`; renders the tree, or the syntax error, and
    /// every semantic error, each with a caret line.
    fn check(input: &str, expect: Expect) {
        let mut out = String::new();
        match parse_intrinsic(input) {
            Err(error) => {
                let _ = write!(out, "syntax error: {}\n{}", error.message, carets(input, &error.range));
            }
            Ok(call) => {
                render_call(input, &call, 0, &mut out);
                let errors = check_call(&call);
                if errors.is_empty() {
                    out.push_str("ok");
                }
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    let _ = write!(out, "error: {}\n{}", error.message, carets(input, &error.range));
                }
            }
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn real_world_calls() {
        check(
            "States.Format('Hello, {}! You have {} items', $.name, States.ArrayLength($.items))",
            expect![[r#"
                Call `States.Format` args `'Hello, {}! You have {} items', $.name, States.ArrayLength($.items)`
                  String "Hello, {}! You have {} items" `'Hello, {}! You have {} items'`
                  Path `$.name` (1 segments)
                  Call `States.ArrayLength` args `$.items`
                    Path `$.items` (1 segments)
                ok"#]],
        );
        check(
            "States.JsonMerge($.a, $.b, false)",
            expect![[r#"
            Call `States.JsonMerge` args `$.a, $.b, false`
              Path `$.a` (1 segments)
              Path `$.b` (1 segments)
              Bool false
            ok"#]],
        );
        check(
            "States.Hash($.x, 'SHA-256')",
            expect![[r#"
            Call `States.Hash` args `$.x, 'SHA-256'`
              Path `$.x` (1 segments)
              String "SHA-256" `'SHA-256'`
            ok"#]],
        );
        check(
            "States.StringSplit($.csv, ',')",
            expect![[r#"
            Call `States.StringSplit` args `$.csv, ','`
              Path `$.csv` (1 segments)
              String "," `','`
            ok"#]],
        );
        check(
            "States.Array($.Id)",
            expect![[r#"
            Call `States.Array` args `$.Id`
              Path `$.Id` (1 segments)
            ok"#]],
        );
        check(
            "States.UUID()",
            expect![[r#"
            Call `States.UUID` args ``
            ok"#]],
        );
        check(
            "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.arn, '/'), 2), $$.Execution.Name)",
            expect![[r#"
                Call `States.Format` args `'{}.{}', States.ArrayGetItem(States.StringSplit($.arn, '/'), 2), $$.Execution.Name`
                  String "{}.{}" `'{}.{}'`
                  Call `States.ArrayGetItem` args `States.StringSplit($.arn, '/'), 2`
                    Call `States.StringSplit` args `$.arn, '/'`
                      Path `$.arn` (1 segments)
                      String "/" `'/'`
                    Number 2
                  Path `$$.Execution.Name` (2 segments)
                ok"#]],
        );
        check(
            "States.MathRandom($.start, $.end)",
            expect![[r#"
            Call `States.MathRandom` args `$.start, $.end`
              Path `$.start` (1 segments)
              Path `$.end` (1 segments)
            ok"#]],
        );
        check(
            "States.MathRandom(1, 999, 1234)",
            expect![[r#"
            Call `States.MathRandom` args `1, 999, 1234`
              Number 1
              Number 999
              Number 1234
            ok"#]],
        );
        check(
            "States.ArrayRange(1, 9, 2)",
            expect![[r#"
            Call `States.ArrayRange` args `1, 9, 2`
              Number 1
              Number 9
              Number 2
            ok"#]],
        );
        check(
            "States.ArrayPartition($.items, 4)",
            expect![[r#"
            Call `States.ArrayPartition` args `$.items, 4`
              Path `$.items` (1 segments)
              Number 4
            ok"#]],
        );
        check(
            "States.MathAdd($.count, -1)",
            expect![[r#"
            Call `States.MathAdd` args `$.count, -1`
              Path `$.count` (1 segments)
              Number -1
            ok"#]],
        );
        check(
            "States.Format($.template, $.name)",
            expect![[r#"
            Call `States.Format` args `$.template, $.name`
              Path `$.template` (1 segments)
              Path `$.name` (1 segments)
            ok"#]],
        );
        check(
            "States.JsonToString($myVar)",
            expect![[r#"
            Call `States.JsonToString` args `$myVar`
              Path `$myVar` (0 segments)
            ok"#]],
        );
        check(
            "States.StringToJson($.escaped)",
            expect![[r#"
            Call `States.StringToJson` args `$.escaped`
              Path `$.escaped` (1 segments)
            ok"#]],
        );
        check(
            "States.Base64Encode('data')",
            expect![[r#"
            Call `States.Base64Encode` args `'data'`
              String "data" `'data'`
            ok"#]],
        );
    }

    #[test]
    fn literals_and_whitespace() {
        check(
            "States.Array( 'a' , -1, 2.5, 1e3, -0.5E-2, true, false, null, $, $$, $v )  ",
            expect![[r#"
                Call `States.Array` args ` 'a' , -1, 2.5, 1e3, -0.5E-2, true, false, null, $, $$, $v `
                  String "a" `'a'`
                  Number -1
                  Number 2.5
                  Number 1e3
                  Number -0.5E-2
                  Bool true
                  Bool false
                  Null
                  Path `$` (0 segments)
                  Path `$$` (0 segments)
                  Path `$v` (0 segments)
                ok"#]],
        );
        check(
            "States.Array('it\\'s', '\\{\\}', 'a\\\\b', '名前 🎉')",
            expect![[r#"
            Call `States.Array` args `'it\'s', '\{\}', 'a\\b', '名前 🎉'`
              String "it's" `'it\'s'`
              String "{}" `'\{\}'`
              String "a\\b" `'a\\b'`
              String "名前 🎉" `'名前 🎉'`
            ok"#]],
        );
        check(
            "States.Array($.a['b c'], $.x['p,q)'], $.y[0], $.f.length())",
            expect![[r#"
            Call `States.Array` args `$.a['b c'], $.x['p,q)'], $.y[0], $.f.length()`
              Path `$.a['b c']` (2 segments)
              Path `$.x['p,q)']` (2 segments)
              Path `$.y[0]` (2 segments)
              Path `$.f.length()` (2 segments)
            ok"#]],
        );
        check(
            "States.Array(States.Array(States.Array()))",
            expect![[r#"
            Call `States.Array` args `States.Array(States.Array())`
              Call `States.Array` args `States.Array()`
                Call `States.Array` args ``
            ok"#]],
        );
    }

    #[test]
    fn syntax_errors() {
        check(
            "",
            expect![[r#"
            syntax error: empty intrinsic function: expected a call such as `States.Format(…)`
              ∅
              ^"#]],
        );
        check(
            "States.UUID",
            expect![[r#"
            syntax error: expected `(` right after `States.UUID`: a call is written `States.UUID(…)`
              States.UUID
              ^^^^^^^^^^^"#]],
        );
        check(
            "States.UUID x",
            expect![[r#"
            syntax error: expected `(` right after `States.UUID`: a call is written `States.UUID(…)`
              States.UUID x
              ^^^^^^^^^^^"#]],
        );
        check(
            "States.For-mat('x')",
            expect![[r#"
            syntax error: unexpected `-` in a function name: names are made of letters, digits, `.` and `_`
              States.For-mat('x')
                        ^"#]],
        );
        check(
            "(1)",
            expect![[r#"
            syntax error: unexpected `(`: expected a function name such as `States.Format`
              (1)
              ^"#]],
        );
        check(
            " States.UUID()",
            expect![[r#"
            syntax error: unexpected space: expected a function name such as `States.Format`
               States.UUID()
              ^"#]],
        );
        check(
            "States.Format('abc",
            expect![[r#"
            syntax error: unterminated string: expected a closing `'`
              States.Format('abc
                            ^^^^"#]],
        );
        check(
            "States.Format('abc)",
            expect![[r#"
            syntax error: unterminated string: expected a closing `'`
              States.Format('abc)
                            ^^^^^"#]],
        );
        check(
            "States.Format('a', $.b",
            expect![[r#"
            syntax error: `(` is never closed: expected `)`
              States.Format('a', $.b
                           ^"#]],
        );
        check(
            "States.Array(States.Array(1)",
            expect![[r#"
            syntax error: `(` is never closed: expected `)`
              States.Array(States.Array(1)
                          ^"#]],
        );
        check(
            "States.UUID() x",
            expect![[r#"
            syntax error: unexpected text after the call: an intrinsic function field holds exactly one call
              States.UUID() x
                            ^"#]],
        );
        check(
            "States.UUID()()",
            expect![[r#"
            syntax error: unexpected text after the call: an intrinsic function field holds exactly one call
              States.UUID()()
                           ^^"#]],
        );
        check(
            "States.Array(1,,2)",
            expect![[r#"
            syntax error: empty argument: expected a value between `,` and `,`
              States.Array(1,,2)
                            ^^"#]],
        );
        check(
            "States.Array(1,)",
            expect![[r#"
            syntax error: empty argument: expected a value between `,` and `)`
              States.Array(1,)
                            ^^"#]],
        );
        check(
            "States.Array(,1)",
            expect![[r#"
            syntax error: empty argument: expected a value before `,`
              States.Array(,1)
                           ^"#]],
        );
        check(
            "States.Array(1 2)",
            expect![[r#"
            syntax error: unexpected `2` after an argument: expected `,` or `)`
              States.Array(1 2)
                             ^"#]],
        );
        check(
            "States.Format('\\n')",
            expect![[r#"
            syntax error: unknown escape `\n`: only `\'`, `\{`, `\}` and `\\` are allowed (write `\\` for a backslash)
              States.Format('\n')
                             ^^"#]],
        );
        check(
            "States.Format('a\\",
            expect![[r#"
            syntax error: unterminated string: expected a closing `'`
              States.Format('a\
                            ^^^"#]],
        );
        check(
            "States.Format(\"a\")",
            expect![[r#"
            syntax error: strings in intrinsic functions use single quotes: `'text'`
              States.Format("a")
                            ^^^"#]],
        );
        check(
            "States.Array(True)",
            expect![[r#"
            syntax error: `True` is not a value: write `true` in lower case
              States.Array(True)
                           ^^^^"#]],
        );
        check(
            "States.Array(foo)",
            expect![[r#"
            syntax error: unexpected `foo`: expected a string `'…'`, a number, `true`, `false`, `null`, a path `$…` or a function call
              States.Array(foo)
                           ^^^"#]],
        );
        check(
            "States.Array(States.UUID)",
            expect![[r#"
            syntax error: expected `(` right after `States.UUID`: a call is written `States.UUID(…)`
              States.Array(States.UUID)
                           ^^^^^^^^^^^"#]],
        );
        check(
            "States.Array(1a)",
            expect![[r#"
            syntax error: `1a` is not a number
              States.Array(1a)
                           ^^"#]],
        );
        check(
            "States.Array(-)",
            expect![[r#"
            syntax error: `-` is not a number
              States.Array(-)
                           ^"#]],
        );
        check(
            "States.Array(1.)",
            expect![[r#"
            syntax error: `1.` is not a number
              States.Array(1.)
                           ^^"#]],
        );
        check(
            "States.Array(1e)",
            expect![[r#"
            syntax error: `1e` is not a number
              States.Array(1e)
                           ^^"#]],
        );
        check(
            "States.Array($.a['b)",
            expect![[r#"
            syntax error: unterminated quoted name: expected a closing `'`
              States.Array($.a['b)
                               ^^^"#]],
        );
        check(
            "States.Array($.a[0)",
            expect![[r#"
            Call `States.Array` args `$.a[0`
              Path `$.a[0` (invalid: `[` is never closed: expected `]`)
            error: `[` is never closed: expected `]`
              States.Array($.a[0)
                              ^"#]],
        );
        check(
            "States.Array(@)",
            expect![[r#"
            syntax error: unexpected `@`: expected a string `'…'`, a number, `true`, `false`, `null`, a path `$…` or a function call
              States.Array(@)
                           ^"#]],
        );
    }

    #[test]
    fn names() {
        check(
            "States.Formatt('x')",
            expect![[r#"
            Call `States.Formatt` args `'x'`
              String "x" `'x'`
            error: unknown intrinsic function `States.Formatt`: did you mean `States.Format`?
              States.Formatt('x')
              ^^^^^^^^^^^^^^"#]],
        );
        check(
            "Format('x')",
            expect![[r#"
            Call `Format` args `'x'`
              String "x" `'x'`
            error: unknown intrinsic function `Format`: built-in functions need the `States.` prefix, as in `States.Format`
              Format('x')
              ^^^^^^"#]],
        );
        check(
            "states.format('x')",
            expect![[r#"
            Call `states.format` args `'x'`
              String "x" `'x'`
            error: unknown intrinsic function `states.format`: did you mean `States.Format`?
              states.format('x')
              ^^^^^^^^^^^^^"#]],
        );
        check(
            "States.Foo()",
            expect![[r#"
            Call `States.Foo` args ``
            error: unknown intrinsic function `States.Foo`: expected one of the `States.*` functions such as `States.Format`
              States.Foo()
              ^^^^^^^^^^"#]],
        );
        check(
            "My.Function(1)",
            expect![[r#"
            Call `My.Function` args `1`
              Number 1
            error: unknown intrinsic function `My.Function`: expected one of the `States.*` functions such as `States.Format`
              My.Function(1)
              ^^^^^^^^^^^"#]],
        );
        check(
            "States.Array(States.Lenght($.a))",
            expect![[r#"
            Call `States.Array` args `States.Lenght($.a)`
              Call `States.Lenght` args `$.a`
                Path `$.a` (1 segments)
            error: unknown intrinsic function `States.Lenght`: expected one of the `States.*` functions such as `States.Format`
              States.Array(States.Lenght($.a))
                           ^^^^^^^^^^^^^"#]],
        );
    }

    #[test]
    fn argument_counts() {
        check(
            "States.Format()",
            expect![[r#"
            Call `States.Format` args ``
            error: `States.Format` takes at least 1 argument but none were given: `States.Format(template, values...)`
              States.Format()
              ^^^^^^^^^^^^^"#]],
        );
        check(
            "States.StringToJson($.a, $.b)",
            expect![[r#"
            Call `States.StringToJson` args `$.a, $.b`
              Path `$.a` (1 segments)
              Path `$.b` (1 segments)
            error: `States.StringToJson` takes 1 argument but 2 were given: `States.StringToJson(jsonText)`
              States.StringToJson($.a, $.b)
                                       ^^^"#]],
        );
        check(
            "States.ArrayRange(1, 2)",
            expect![[r#"
            Call `States.ArrayRange` args `1, 2`
              Number 1
              Number 2
            error: `States.ArrayRange` takes 3 arguments but 2 were given: `States.ArrayRange(start, end, step)`
              States.ArrayRange(1, 2)
              ^^^^^^^^^^^^^^^^^"#]],
        );
        check(
            "States.UUID(1, 2)",
            expect![[r#"
            Call `States.UUID` args `1, 2`
              Number 1
              Number 2
            error: `States.UUID` takes no arguments but 2 were given: `States.UUID()`
              States.UUID(1, 2)
                          ^^^^"#]],
        );
        check(
            "States.MathRandom(1)",
            expect![[r#"
            Call `States.MathRandom` args `1`
              Number 1
            error: `States.MathRandom` takes 2 to 3 arguments but 1 was given: `States.MathRandom(start, end, seed?)`
              States.MathRandom(1)
              ^^^^^^^^^^^^^^^^^"#]],
        );
        check(
            "States.MathRandom(1, 2, 3, 4)",
            expect![[r#"
            Call `States.MathRandom` args `1, 2, 3, 4`
              Number 1
              Number 2
              Number 3
              Number 4
            error: `States.MathRandom` takes 2 to 3 arguments but 4 were given: `States.MathRandom(start, end, seed?)`
              States.MathRandom(1, 2, 3, 4)
                                         ^"#]],
        );
        check(
            "States.Hash($.a)",
            expect![[r#"
            Call `States.Hash` args `$.a`
              Path `$.a` (1 segments)
            error: `States.Hash` takes 2 arguments but 1 was given: `States.Hash(data, algorithm)`
              States.Hash($.a)
              ^^^^^^^^^^^"#]],
        );
        check(
            "States.JsonMerge($.a, $.b)",
            expect![[r#"
            Call `States.JsonMerge` args `$.a, $.b`
              Path `$.a` (1 segments)
              Path `$.b` (1 segments)
            error: `States.JsonMerge` takes 3 arguments but 2 were given: `States.JsonMerge(object1, object2, deepMerge)`
              States.JsonMerge($.a, $.b)
              ^^^^^^^^^^^^^^^^"#]],
        );
        check(
            "States.ArrayLength()",
            expect![[r#"
            Call `States.ArrayLength` args ``
            error: `States.ArrayLength` takes 1 argument but none were given: `States.ArrayLength(array)`
              States.ArrayLength()
              ^^^^^^^^^^^^^^^^^^"#]],
        );
    }

    #[test]
    fn argument_types() {
        check(
            "States.JsonToString('text')",
            expect![[r#"
            Call `States.JsonToString` args `'text'`
              String "text" `'text'`
            error: the `path` argument of `States.JsonToString` must be a path (`$…`), but this is a string
              States.JsonToString('text')
                                  ^^^^^^"#]],
        );
        check(
            "States.JsonToString(States.Array(1))",
            expect![[r#"
            Call `States.JsonToString` args `States.Array(1)`
              Call `States.Array` args `1`
                Number 1
            error: the `path` argument of `States.JsonToString` must be a path (`$…`), but this is `States.Array(…)`, which returns an array
              States.JsonToString(States.Array(1))
                                  ^^^^^^^^^^^^^^^"#]],
        );
        check(
            "States.Format(42)",
            expect![[r#"
            Call `States.Format` args `42`
              Number 42
            error: the `template` argument of `States.Format` must be a string, but this is the number `42`
              States.Format(42)
                            ^^"#]],
        );
        check(
            "States.Format('{}', States.Array(1))",
            expect![[r#"
            Call `States.Format` args `'{}', States.Array(1)`
              String "{}" `'{}'`
              Call `States.Array` args `1`
                Number 1
            error: the `value` argument of `States.Format` must be a string, number, boolean or null, but this is `States.Array(…)`, which returns an array
              States.Format('{}', States.Array(1))
                                  ^^^^^^^^^^^^^^^"#]],
        );
        check(
            "States.Format('{}', States.JsonMerge($.a, $.b, false))",
            expect![[r#"
            Call `States.Format` args `'{}', States.JsonMerge($.a, $.b, false)`
              String "{}" `'{}'`
              Call `States.JsonMerge` args `$.a, $.b, false`
                Path `$.a` (1 segments)
                Path `$.b` (1 segments)
                Bool false
            error: the `value` argument of `States.Format` must be a string, number, boolean or null, but this is `States.JsonMerge(…)`, which returns an object
              States.Format('{}', States.JsonMerge($.a, $.b, false))
                                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#]],
        );
        check(
            "States.Format('{} {} {}', 1, true, null)",
            expect![[r#"
            Call `States.Format` args `'{} {} {}', 1, true, null`
              String "{} {} {}" `'{} {} {}'`
              Number 1
              Bool true
              Null
            ok"#]],
        );
        check(
            "States.ArrayRange('1', 5, 1)",
            expect![[r#"
            Call `States.ArrayRange` args `'1', 5, 1`
              String "1" `'1'`
              Number 5
              Number 1
            error: the `start` argument of `States.ArrayRange` must be an integer, but this is a string
              States.ArrayRange('1', 5, 1)
                                ^^^"#]],
        );
        check(
            "States.ArrayRange(1, 5.5, 1)",
            expect![[r#"
            Call `States.ArrayRange` args `1, 5.5, 1`
              Number 1
              Number 5.5
              Number 1
            error: the `end` argument of `States.ArrayRange` must be an integer, but the number `5.5` is not a whole number
              States.ArrayRange(1, 5.5, 1)
                                   ^^^"#]],
        );
        check(
            "States.ArrayRange(1.0, 5, 1)",
            expect![[r#"
            Call `States.ArrayRange` args `1.0, 5, 1`
              Number 1.0
              Number 5
              Number 1
            ok"#]],
        );
        check(
            "States.ArrayPartition('abc', 2)",
            expect![[r#"
            Call `States.ArrayPartition` args `'abc', 2`
              String "abc" `'abc'`
              Number 2
            error: the `array` argument of `States.ArrayPartition` must be an array, but this is a string
              States.ArrayPartition('abc', 2)
                                    ^^^^^"#]],
        );
        check(
            "States.ArrayPartition($.a, null)",
            expect![[r#"
            Call `States.ArrayPartition` args `$.a, null`
              Path `$.a` (1 segments)
              Null
            error: the `chunkSize` argument of `States.ArrayPartition` must be an integer, but this is `null`
              States.ArrayPartition($.a, null)
                                         ^^^^"#]],
        );
        check(
            "States.ArrayContains(States.ArrayLength($.a), 1)",
            expect![[r#"
            Call `States.ArrayContains` args `States.ArrayLength($.a), 1`
              Call `States.ArrayLength` args `$.a`
                Path `$.a` (1 segments)
              Number 1
            error: the `array` argument of `States.ArrayContains` must be an array, but this is `States.ArrayLength(…)`, which returns an integer
              States.ArrayContains(States.ArrayLength($.a), 1)
                                   ^^^^^^^^^^^^^^^^^^^^^^^"#]],
        );
        check(
            "States.ArrayGetItem($.a, 'first')",
            expect![[r#"
            Call `States.ArrayGetItem` args `$.a, 'first'`
              Path `$.a` (1 segments)
              String "first" `'first'`
            error: the `index` argument of `States.ArrayGetItem` must be an integer, but this is a string
              States.ArrayGetItem($.a, 'first')
                                       ^^^^^^^"#]],
        );
        check(
            "States.ArrayLength(States.Array())",
            expect![[r#"
            Call `States.ArrayLength` args `States.Array()`
              Call `States.Array` args ``
            ok"#]],
        );
        check(
            "States.MathAdd('1', true)",
            expect![[r#"
            Call `States.MathAdd` args `'1', true`
              String "1" `'1'`
              Bool true
            error: the `a` argument of `States.MathAdd` must be an integer, but this is a string
              States.MathAdd('1', true)
                             ^^^
            error: the `b` argument of `States.MathAdd` must be an integer, but this is `true`
              States.MathAdd('1', true)
                                  ^^^^"#]],
        );
        check(
            "States.MathAdd(States.ArrayLength($.a), States.UUID())",
            expect![[r#"
            Call `States.MathAdd` args `States.ArrayLength($.a), States.UUID()`
              Call `States.ArrayLength` args `$.a`
                Path `$.a` (1 segments)
              Call `States.UUID` args ``
            error: the `b` argument of `States.MathAdd` must be an integer, but this is `States.UUID(…)`, which returns a string
              States.MathAdd(States.ArrayLength($.a), States.UUID())
                                                      ^^^^^^^^^^^^^"#]],
        );
        check(
            "States.MathRandom(1, 10, 'seed')",
            expect![[r#"
            Call `States.MathRandom` args `1, 10, 'seed'`
              Number 1
              Number 10
              String "seed" `'seed'`
            error: the `seed` argument of `States.MathRandom` must be an integer, but this is a string
              States.MathRandom(1, 10, 'seed')
                                       ^^^^^^"#]],
        );
        check(
            "States.Base64Encode(42)",
            expect![[r#"
            Call `States.Base64Encode` args `42`
              Number 42
            error: the `data` argument of `States.Base64Encode` must be a string, but this is the number `42`
              States.Base64Encode(42)
                                  ^^"#]],
        );
        check(
            "States.Base64Decode(States.Base64Encode('x'))",
            expect![[r#"
            Call `States.Base64Decode` args `States.Base64Encode('x')`
              Call `States.Base64Encode` args `'x'`
                String "x" `'x'`
            ok"#]],
        );
        check(
            "States.StringSplit($.csv, 1)",
            expect![[r#"
            Call `States.StringSplit` args `$.csv, 1`
              Path `$.csv` (1 segments)
              Number 1
            error: the `delimiters` argument of `States.StringSplit` must be a string, but this is the number `1`
              States.StringSplit($.csv, 1)
                                        ^"#]],
        );
        check(
            "States.StringSplit(States.Array(), ',')",
            expect![[r#"
            Call `States.StringSplit` args `States.Array(), ','`
              Call `States.Array` args ``
              String "," `','`
            error: the `text` argument of `States.StringSplit` must be a string, but this is `States.Array(…)`, which returns an array
              States.StringSplit(States.Array(), ',')
                                 ^^^^^^^^^^^^^^"#]],
        );
        check(
            "States.StringToJson(States.JsonToString($.a))",
            expect![[r#"
            Call `States.StringToJson` args `States.JsonToString($.a)`
              Call `States.JsonToString` args `$.a`
                Path `$.a` (1 segments)
            ok"#]],
        );
        check(
            "States.JsonMerge('a', {}, false)",
            expect![[r#"
            syntax error: unexpected `{}`: expected a string `'…'`, a number, `true`, `false`, `null`, a path `$…` or a function call
              States.JsonMerge('a', {}, false)
                                    ^^"#]],
        );
        check(
            "States.JsonMerge(States.StringToJson($.a), $.b, $.deep)",
            expect![[r#"
            Call `States.JsonMerge` args `States.StringToJson($.a), $.b, $.deep`
              Call `States.StringToJson` args `$.a`
                Path `$.a` (1 segments)
              Path `$.b` (1 segments)
              Path `$.deep` (1 segments)
            ok"#]],
        );
        check(
            "States.JsonMerge($.a, $.b, 'false')",
            expect![[r#"
            Call `States.JsonMerge` args `$.a, $.b, 'false'`
              Path `$.a` (1 segments)
              Path `$.b` (1 segments)
              String "false" `'false'`
            error: the `deepMerge` argument of `States.JsonMerge` must be a boolean, but this is a string
              States.JsonMerge($.a, $.b, 'false')
                                         ^^^^^^^"#]],
        );
    }

    #[test]
    fn argument_values() {
        check(
            "States.JsonMerge($.a, $.b, true)",
            expect![[r#"
            Call `States.JsonMerge` args `$.a, $.b, true`
              Path `$.a` (1 segments)
              Path `$.b` (1 segments)
              Bool true
            error: Step Functions supports only shallow merges: the third argument of `States.JsonMerge` must be `false`
              States.JsonMerge($.a, $.b, true)
                                         ^^^^"#]],
        );
        check(
            "States.Hash($.x, 'SHA256')",
            expect![[r#"
            Call `States.Hash` args `$.x, 'SHA256'`
              Path `$.x` (1 segments)
              String "SHA256" `'SHA256'`
            error: unsupported hash algorithm `SHA256`: did you mean `SHA-256`?
              States.Hash($.x, 'SHA256')
                               ^^^^^^^^"#]],
        );
        check(
            "States.Hash($.x, 'sha-1')",
            expect![[r#"
            Call `States.Hash` args `$.x, 'sha-1'`
              Path `$.x` (1 segments)
              String "sha-1" `'sha-1'`
            error: unsupported hash algorithm `sha-1`: did you mean `SHA-1`?
              States.Hash($.x, 'sha-1')
                               ^^^^^^^"#]],
        );
        check(
            "States.Hash($.x, 'CRC32')",
            expect![[r#"
            Call `States.Hash` args `$.x, 'CRC32'`
              Path `$.x` (1 segments)
              String "CRC32" `'CRC32'`
            error: unsupported hash algorithm `CRC32`: expected one of `MD5`, `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`
              States.Hash($.x, 'CRC32')
                               ^^^^^^^"#]],
        );
        check(
            "States.Hash($.x, $.algorithm)",
            expect![[r#"
            Call `States.Hash` args `$.x, $.algorithm`
              Path `$.x` (1 segments)
              Path `$.algorithm` (1 segments)
            ok"#]],
        );
        check(
            "States.ArrayPartition($.a, 0)",
            expect![[r#"
            Call `States.ArrayPartition` args `$.a, 0`
              Path `$.a` (1 segments)
              Number 0
            error: the chunk size must be greater than 0
              States.ArrayPartition($.a, 0)
                                         ^"#]],
        );
        check(
            "States.ArrayPartition($.a, -2)",
            expect![[r#"
            Call `States.ArrayPartition` args `$.a, -2`
              Path `$.a` (1 segments)
              Number -2
            error: the chunk size must be greater than 0
              States.ArrayPartition($.a, -2)
                                         ^^"#]],
        );
        check(
            "States.ArrayRange(1, 10, 0)",
            expect![[r#"
            Call `States.ArrayRange` args `1, 10, 0`
              Number 1
              Number 10
              Number 0
            error: the step must not be 0
              States.ArrayRange(1, 10, 0)
                                       ^"#]],
        );
        check(
            "States.ArrayRange(0, 999, 1)",
            expect![[r#"
            Call `States.ArrayRange` args `0, 999, 1`
              Number 0
              Number 999
              Number 1
            ok"#]],
        );
        check(
            "States.ArrayRange(0, 1000, 1)",
            expect![[r#"
            Call `States.ArrayRange` args `0, 1000, 1`
              Number 0
              Number 1000
              Number 1
            error: this range has 1001 items, but `States.ArrayRange` may produce at most 1000
              States.ArrayRange(0, 1000, 1)
                                ^^^^^^^^^^"#]],
        );
        check(
            "States.ArrayRange(5000, 1, -2)",
            expect![[r#"
            Call `States.ArrayRange` args `5000, 1, -2`
              Number 5000
              Number 1
              Number -2
            error: this range has 2500 items, but `States.ArrayRange` may produce at most 1000
              States.ArrayRange(5000, 1, -2)
                                ^^^^^^^^^^^"#]],
        );
        check(
            "States.ArrayRange(1, 5000, -1)",
            expect![[r#"
            Call `States.ArrayRange` args `1, 5000, -1`
              Number 1
              Number 5000
              Number -1
            ok"#]],
        );
        check(
            "States.MathAdd(2147483647, -2147483648)",
            expect![[r#"
            Call `States.MathAdd` args `2147483647, -2147483648`
              Number 2147483647
              Number -2147483648
            ok"#]],
        );
        check(
            "States.MathAdd(2147483648, 1)",
            expect![[r#"
            Call `States.MathAdd` args `2147483648, 1`
              Number 2147483648
              Number 1
            error: `States.MathAdd` takes integers between -2147483648 and 2147483647
              States.MathAdd(2147483648, 1)
                             ^^^^^^^^^^"#]],
        );
        check(
            "States.MathAdd(1, -2147483649)",
            expect![[r#"
            Call `States.MathAdd` args `1, -2147483649`
              Number 1
              Number -2147483649
            error: `States.MathAdd` takes integers between -2147483648 and 2147483647
              States.MathAdd(1, -2147483649)
                                ^^^^^^^^^^^"#]],
        );
    }

    #[test]
    fn format_placeholders() {
        check(
            "States.Format('\\{\\}')",
            expect![[r#"
            Call `States.Format` args `'\{\}'`
              String "{}" `'\{\}'`
            ok"#]],
        );
        check(
            "States.Format('{}')",
            expect![[r#"
            Call `States.Format` args `'{}'`
              String "{}" `'{}'`
            error: the template has 1 `{}` placeholder but no value is given
              States.Format('{}')
                            ^^^^"#]],
        );
        check(
            "States.Format('{} and {}', $.a)",
            expect![[r#"
            Call `States.Format` args `'{} and {}', $.a`
              String "{} and {}" `'{} and {}'`
              Path `$.a` (1 segments)
            error: the template has 2 `{}` placeholders but 1 value is given
              States.Format('{} and {}', $.a)
                            ^^^^^^^^^^^"#]],
        );
        check(
            "States.Format('no placeholders', $.a, $.b)",
            expect![[r#"
            Call `States.Format` args `'no placeholders', $.a, $.b`
              String "no placeholders" `'no placeholders'`
              Path `$.a` (1 segments)
              Path `$.b` (1 segments)
            error: the template has 0 `{}` placeholders but 2 values are given
              States.Format('no placeholders', $.a, $.b)
                                               ^^^^^^^^"#]],
        );
        check(
            "States.Format('{}', $.a, $.b, $.c)",
            expect![[r#"
            Call `States.Format` args `'{}', $.a, $.b, $.c`
              String "{}" `'{}'`
              Path `$.a` (1 segments)
              Path `$.b` (1 segments)
              Path `$.c` (1 segments)
            error: the template has 1 `{}` placeholder but 3 values are given
              States.Format('{}', $.a, $.b, $.c)
                                       ^^^^^^^^"#]],
        );
        check(
            "States.Format('\\{} {}', $.a)",
            expect![[r#"
            Call `States.Format` args `'\{} {}', $.a`
              String "{} {}" `'\{} {}'`
              Path `$.a` (1 segments)
            ok"#]],
        );
        check(
            "States.Format('{ } {x}', $.a)",
            expect![[r#"
            Call `States.Format` args `'{ } {x}', $.a`
              String "{ } {x}" `'{ } {x}'`
              Path `$.a` (1 segments)
            error: the template has 0 `{}` placeholders but 1 value is given
              States.Format('{ } {x}', $.a)
                                       ^^^"#]],
        );
        check(
            "States.Format('\\\\{}', $.a)",
            expect![[r#"
            Call `States.Format` args `'\\{}', $.a`
              String "\\{}" `'\\{}'`
              Path `$.a` (1 segments)
            ok"#]],
        );
    }

    #[test]
    fn path_arguments() {
        check(
            "States.Format('{}', $.a b)",
            expect![[r#"
            Call `States.Format` args `'{}', $.a b`
              String "{}" `'{}'`
              Path `$.a b` (invalid: unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`)
            error: unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`
              States.Format('{}', $.a b)
                                     ^"#]],
        );
        check(
            "States.Format('{}', $.)",
            expect![[r#"
            Call `States.Format` args `'{}', $.`
              String "{}" `'{}'`
              Path `$.` (invalid: the path ends after `.`: expected a member name, `*` or `[`)
            error: the path ends after `.`: expected a member name, `*` or `[`
              States.Format('{}', $.)
                                   ^"#]],
        );
        check(
            "States.Format('{}', $$.Executon.Id)",
            expect![[r#"
            Call `States.Format` args `'{}', $$.Executon.Id`
              String "{}" `'{}'`
              Path `$$.Executon.Id` (2 segments)
            error: `Executon` is not a member of the context object: did you mean `Execution`?
              States.Format('{}', $$.Executon.Id)
                                     ^^^^^^^^"#]],
        );
        check(
            "States.Format('{}', $$.Execution.Input.x-y)",
            expect![[r#"
            Call `States.Format` args `'{}', $$.Execution.Input.x-y`
              String "{}" `'{}'`
              Path `$$.Execution.Input.x-y` (3 segments)
            error: in an intrinsic function argument, a member name containing `-` must use bracket notation: `['x-y']`
              States.Format('{}', $$.Execution.Input.x-y)
                                                     ^^^"#]],
        );
        check(
            "States.Array($.foo-bar, $['foo-bar'], $.名前, $.a_1)",
            expect![[r#"
            Call `States.Array` args `$.foo-bar, $['foo-bar'], $.名前, $.a_1`
              Path `$.foo-bar` (1 segments)
              Path `$['foo-bar']` (1 segments)
              Path `$.名前` (1 segments)
              Path `$.a_1` (1 segments)
            error: in an intrinsic function argument, a member name containing `-` must use bracket notation: `['foo-bar']`
              States.Array($.foo-bar, $['foo-bar'], $.名前, $.a_1)
                             ^^^^^^^"#]],
        );
        check(
            "States.Array($.a\\.b)",
            expect![[r#"
            Call `States.Array` args `$.a\.b`
              Path `$.a\.b` (1 segments)
            error: in an intrinsic function argument, a member name containing `.` must use bracket notation: `['a.b']`
              States.Array($.a\.b)
                             ^^^^"#]],
        );
        check(
            "States.Array($..a, $[*], $.a[?(@.b, 1)])",
            expect![[r#"
            Call `States.Array` args `$..a, $[*], $.a[?(@.b, 1)]`
              Path `$..a` (2 segments)
              Path `$[*]` (1 segments)
              Path `$.a[?(@.b, 1)]` (2 segments)
            ok"#]],
        );
    }

    #[test]
    fn nesting_limit() {
        fn errors(text: &str) -> Vec<(String, String)> {
            check_call(&parse_intrinsic(text).unwrap())
                .into_iter()
                .map(|e| (text[e.range].to_string(), e.message))
                .collect()
        }
        let nested = |n: usize| format!("{}$.x{}", "States.Array(".repeat(n), ")".repeat(n));
        assert_eq!(errors(&nested(10)), vec![]);
        let too_deep = nested(11);
        let expected_range = 10 * "States.Array(".len()..11 * "States.Array(".len() - 1;
        assert_eq!(
            check_call(&parse_intrinsic(&too_deep).unwrap())
                .iter()
                .map(|e| e.range.clone())
                .collect::<Vec<_>>(),
            vec![expected_range]
        );
        // The limit counts every call in the field, not only the depth (AWS
        // calls a field with nine calls at most five deep "nine nested").
        let flat = |n: usize| format!("States.Array({})", vec!["States.UUID()"; n].join(", "));
        assert_eq!(errors(&flat(9)), vec![]);
        expect![[r#"
            [
                (
                    "States.UUID",
                    "too many intrinsic functions: at most 10 calls can be nested in one field",
                ),
            ]
        "#]]
        .assert_debug_eq(&errors(&flat(10)));
        // Absurd nesting is refused by the parser without exhausting the stack.
        let error = parse_intrinsic(&nested(100_000)).unwrap_err();
        assert!(error.message.contains("at most 10"), "{}", error.message);
        assert_eq!(error.range.len(), "States.Array".len());
    }

    #[test]
    fn looks_like() {
        let cases = [
            ("States.Format('x')", true),
            ("States.UUID()", true),
            ("f(", true),
            ("States.Format", false),
            ("States.Format ('x')", false),
            (" States.UUID()", false),
            ("Hello (world)", false),
            ("(1)", false),
            ("$.a(", false),
            ("", false),
            ("名前()", false),
        ];
        for (text, expected) in cases {
            assert_eq!(looks_like_intrinsic(text), expected, "{text:?}");
        }
    }

    #[test]
    fn catalogue_is_consistent() {
        assert_eq!(FUNCTIONS.len(), 18);
        for f in FUNCTIONS {
            assert!(f.name.starts_with("States."));
            assert!(f.signature.starts_with(&format!("{}(", f.name)));
            assert!(!f.doc.is_empty());
            assert!(f.max_args.is_none_or(|max| max >= f.min_args));
            assert!(["string", "integer", "boolean", "array", "object", "JSON"].contains(&f.returns));
            let (fixed, rest) = params(f.name);
            assert!(fixed.len() >= f.max_args.unwrap_or(0) || rest.is_some(), "{}", f.name);
        }
    }

    const SAMPLES: &[&str] = &[
        "States.Format('Hello, {}! You have {} items', $.name, States.ArrayLength($.items))",
        "States.JsonMerge($.a, $.b, false)",
        "States.Hash($.x, 'SHA-256')",
        "States.StringSplit($.csv, ',')",
        "States.Format('\\{\\}')",
        "States.Array( 'a' , -1, 2.5e3, true, null, $, $$, $v )",
        "States.Array($.a['b c'], $.x['p,q)'])",
        "States.Format('{}', $$.Execution.Input.orderId)",
        "States.ArrayRange(1, 9, 2)",
        "States.MathRandom(1, 999, 1234)",
        "States.UUID()",
        "States.Format('{}', States.ArrayGetItem(States.StringSplit($.arn, '/'), 2))",
        "States.Format('名前 {} 🎉', $.名前)",
        "States.Array($.a[?(@.b == 'x)')], $..c, $.d.length())",
        "States.JsonToString($myVar)",
        "States.Base64Decode(States.Base64Encode('it\\'s'))",
        "States.Hash(States.Format('{}', $$.Map.Item.Value), 'MD5')",
        "States.MathAdd(-2147483648, 2147483647)",
        "States.ArrayPartition($.items, 4)",
        "States.Array(\"x\", True, 1a, 2)",
    ];

    #[test]
    fn never_panics_and_ranges_are_sound() {
        fn walk(text: &str, call: &Call) {
            assert_range_ok(text, &call.range);
            assert_range_ok(text, &call.name_range);
            assert_range_ok(text, &call.args_range);
            for arg in &call.args {
                assert_range_ok(text, &arg.range());
                match arg {
                    Arg::Call(inner) => walk(text, inner),
                    Arg::Path { path: Ok(p), .. } => {
                        assert_range_ok(text, &p.root_range);
                        for s in &p.segments {
                            assert_range_ok(text, &s.range);
                        }
                    }
                    Arg::Path { path: Err(e), .. } => assert_range_ok(text, &e.range),
                    _ => {}
                }
            }
        }
        for text in mutations(SAMPLES) {
            looks_like_intrinsic(&text);
            match parse_intrinsic(&text) {
                Ok(call) => {
                    walk(&text, &call);
                    for error in check_call(&call) {
                        assert_range_ok(&text, &error.range);
                        assert!(!error.message.is_empty());
                    }
                }
                Err(error) => {
                    assert_range_ok(&text, &error.range);
                    if !text.is_empty() {
                        assert!(error.range.start < error.range.end, "{text:?}: empty range");
                    }
                }
            }
        }
    }
}
