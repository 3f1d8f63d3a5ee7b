//! Syntax: JSON and YAML text lowered into one owned tree with byte ranges.

pub mod edit;
pub mod json;
pub mod strings;
pub mod tree;
pub mod yaml;

pub use edit::Edit;
pub use tree::{CompactString, Member, NodeId, NodeKind, SyntaxError, SyntaxErrorKind, TextRange, Tree};

/// The surface syntax of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    /// The format a file name suggests: `.yaml`/`.yml` is YAML, anything else JSON.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Format::Yaml
        } else {
            Format::Json
        }
    }
}

/// Parse `text` in the given format.
pub fn parse(text: &str, format: Format) -> Tree {
    match format {
        Format::Json => json::parse(text),
        Format::Yaml => yaml::parse(text),
    }
}
