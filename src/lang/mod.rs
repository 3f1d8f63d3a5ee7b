//! The small languages inside ASL strings: JSONPath paths, `States.*`
//! intrinsic functions, JSONata expressions and resource ARNs. Pure functions of a string;
//! offsets are byte offsets into the decoded string value.

pub mod arn;
pub mod intrinsic;
pub mod jsonata;
pub mod path;
pub mod scan;

use std::ops::Range;

/// A CloudFormation / SAM / CDK placeholder (`${Name}`) makes the value
/// unknowable until deployment.
pub fn has_placeholder(text: &str) -> bool {
    // A search for `$` alone: most strings are short and `str::contains`
    // of a two-byte needle costs a call to compare memory per candidate.
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'$', bytes).any(|at| bytes.get(at + 1) == Some(&b'{'))
}

/// A problem found in a string of one of these languages: a byte range of
/// the string and what is wrong there. Paths, intrinsic calls and JSONata
/// expressions all report this one type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub range: Range<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(range: Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            range,
            message: message.into(),
        }
    }

    /// The same problem with its range moved `offset` bytes to the right,
    /// for a string embedded in a larger one.
    pub fn shifted(mut self, offset: usize) -> Problem {
        self.range = self.range.start + offset..self.range.end + offset;
        self
    }
}
