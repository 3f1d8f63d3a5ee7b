//! Syntax: JSON and YAML text lowered into one owned tree with byte ranges.

pub mod edit;
pub mod json;
pub mod placeholders;
pub(crate) mod ranges;
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

/// Bring `tree`, parsed from the text before `edit`, up to `text`, parsing
/// again only the part the edit touched where that is sure to give what a
/// fresh parse gives. Returns the tree and the range parsed again (every
/// node inside it is new; every node outside kept its id), or `None` when
/// the whole text must be parsed.
pub fn reparse(tree: Tree, text: &str, edit: Edit, format: Format) -> Option<(Tree, TextRange)> {
    match format {
        Format::Json => json::reparse(tree, text, edit),
        Format::Yaml => yaml::reparse(tree, text, edit),
    }
}

/// Parse `text` in the given format.
pub fn parse(text: &str, format: Format) -> Tree {
    match format {
        Format::Json => json::parse(text),
        Format::Yaml => yaml::parse(text),
    }
}
