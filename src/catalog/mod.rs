//! Static knowledge as data: fields per state type and nested object, their
//! rules and documentation. Validation, hover and completion share it.

pub mod errors;
pub mod integrations;
pub mod schema;
pub mod sdk;
pub mod states;
