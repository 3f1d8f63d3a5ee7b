//! Static knowledge as data: state types, fields per state type and nested
//! object, their rules and documentation, Choice operators, the context
//! object, error names and integrations. Validation, hover and completion
//! share it; nothing here parses or decides, and nothing here imports
//! another layer.

pub mod choice;
pub mod context;
pub mod errors;
pub mod integrations;
pub mod kinds;
pub mod schema;
pub mod sdk;
pub mod states;
