//! Formatting: a document rewritten with consistent layout, as minimal edits.
//!
//! JSON (and JSONC) is laid out from the project's own syntax tree: one member
//! or item per line, indented as the client asks, key order, duplicate keys,
//! scalars as written and comments all kept. A container written on one line
//! that still fits stays on one line. Formatting is idempotent, and every
//! result is parsed again and compared with the original value before it is
//! returned: what cannot be formatted safely is declined with a reason,
//! never mangled. Documents with syntax errors are declined. YAML is only
//! re-indented, everything else kept as written (see `yaml.rs`).
//!
//! Edits are plain `(TextRange, String)` pairs in byte offsets of the
//! original text, sorted and disjoint; the server converts them at the edge.

mod edits;
mod json;
mod verify;
mod yaml;

pub use edits::apply;

use crate::syntax::{self, Format, NodeKind, SyntaxErrorKind, TextRange, Tree};

/// One replacement: the byte range of the original text and its new text.
pub type TextEdit = (TextRange, String);

/// How to indent, as the client's formatting options say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// Columns per indentation level (and per tab when measuring a line).
    pub tab_size: u32,
    /// Indent with spaces (`true`) or tabs.
    pub insert_spaces: bool,
    /// End the document with exactly one line break; when false, a final
    /// line break is kept if the document had one.
    pub final_newline: bool,
}

impl Default for FormatOptions {
    fn default() -> FormatOptions {
        FormatOptions {
            tab_size: 2,
            insert_spaces: true,
            final_newline: true,
        }
    }
}

/// Why a document was left as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declined {
    pub reason: String,
}

impl Declined {
    pub(crate) fn new(reason: impl Into<String>) -> Declined {
        Declined { reason: reason.into() }
    }
}

impl std::fmt::Display for Declined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// The edits that format the whole document (`tree` is `text` parsed in `format`).
pub fn format(text: &str, tree: &Tree, format: Format, options: &FormatOptions) -> Result<Vec<TextEdit>, Declined> {
    if let Some(error) = tree.errors.iter().find(|error| error.kind == SyntaxErrorKind::Invalid) {
        let line = text
            .get(..error.range.start())
            .map_or(0, |before| before.matches('\n').count())
            + 1;
        return Err(Declined::new(format!(
            "the document has syntax errors (line {line}: {}); fix them before formatting",
            error.message
        )));
    }
    match format {
        Format::Json => {
            let edits = json::format(text, tree, options)?;
            verify::same_document(text, tree, &edits)?;
            Ok(edits)
        }
        Format::Yaml => yaml::format(text, tree, options),
    }
}

/// The edits that format the smallest JSON object or array enclosing
/// `range` (the whole document when that is the root). Only edits inside that
/// value are returned, so the rest of the document is left as it is. A YAML
/// document is formatted whole, since its lines only line up together.
pub fn format_range(
    text: &str,
    tree: &Tree,
    format: Format,
    range: TextRange,
    options: &FormatOptions,
) -> Result<Vec<TextEdit>, Declined> {
    let edits = self::format(text, tree, format, options)?;
    // YAML indentation edits only make sense together: a part of a block
    // re-indented alone would no longer line up with the rest.
    if format == Format::Yaml {
        return Ok(edits);
    }
    let Some(target) = enclosing_container(tree, range) else {
        return Ok(edits);
    };
    if Some(target) == tree.root() {
        return Ok(edits);
    }
    let bounds = tree.range(target);
    Ok(edits
        .into_iter()
        .filter(|(edit, _)| bounds.start <= edit.start && edit.end <= bounds.end)
        .collect())
}

/// The formatted text of a whole document, parsed here.
pub fn format_text(text: &str, format: Format, options: &FormatOptions) -> Result<String, Declined> {
    let tree = syntax::parse(text, format);
    let edits = self::format(text, &tree, format, options)?;
    Ok(apply(text, &edits))
}

/// The innermost object or array whose range covers `range`.
fn enclosing_container(tree: &Tree, range: TextRange) -> Option<crate::syntax::NodeId> {
    let mut current = tree.root()?;
    let covers = |id| {
        let node = tree.range(id);
        node.start <= range.start && range.end <= node.end
    };
    if !covers(current) {
        return None;
    }
    loop {
        let children: Vec<_> = match &tree.node(current).kind {
            NodeKind::Object(members) => members.iter().filter_map(|member| member.value).collect(),
            NodeKind::Array(items) => items.clone(),
            _ => return Some(current),
        };
        let next = children
            .into_iter()
            .find(|&child| covers(child) && matches!(tree.node(child).kind, NodeKind::Object(_) | NodeKind::Array(_)));
        match next {
            Some(child) => current = child,
            None => return Some(current),
        }
    }
}

#[cfg(test)]
mod tests;
