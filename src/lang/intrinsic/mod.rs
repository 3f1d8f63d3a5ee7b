//! `States.*` intrinsic functions of JSONPath states: parsing calls such as `States.Format('{}', $.x)` with precisely located errors, checking them against the catalogue of the 18 built-ins, and the catalogue itself (for completion and hover).
//!
//! Everything here is a pure function of the decoded JSON string value; every
//! offset is a byte offset into that string, including the ranges inside the
//! parsed paths of [`Arg::Path`].

mod functions;
mod parser;
mod rules;
#[cfg(test)]
mod tests;

use std::ops::Range;

use crate::lang::path::{check_context_path, parse_path, Path, PathError, Segment};
use crate::lang::scan::{self, describe};
use crate::util::suggest::closest;

pub use functions::{function, IntrinsicFunction, Param, Want, FUNCTIONS, HASH_ALGORITHMS};
use parser::{too_many_calls, Parser};
use rules::Checker;

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
    let mut parser = Parser(scan::Scan::new(text));
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
