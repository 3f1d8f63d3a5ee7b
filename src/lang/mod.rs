//! The small languages inside ASL strings: JSONPath paths, `States.*`
//! intrinsic functions and JSONata expressions. Pure functions of a string;
//! offsets are byte offsets into the decoded string value.

pub mod intrinsic;
pub mod jsonata;
pub mod path;
