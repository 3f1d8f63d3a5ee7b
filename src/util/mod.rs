//! Small helpers shared by several layers that belong to none of them.

pub mod hash;
pub mod parallel;
pub mod suggest;
