//! The bodies of the requests that only read one analysed document:
//! formatting, folding, selection ranges, highlights, semantic tokens and
//! the graph. Each
//! turns LSP input into byte offsets, asks the layer below, and turns the
//! answer back; the handlers in `mod.rs` only find the document.

use tower_lsp_server::ls_types as lsp;

use super::convert;
use crate::cli::graph::{self, GraphFormat};
use crate::document::Document;
use crate::format::{self, FormatOptions};
use crate::ide::{self, Symbol, SymbolKind};
use crate::syntax::TextRange;
use crate::text::{Encoding, Text};

fn options(options: &lsp::FormattingOptions) -> FormatOptions {
    FormatOptions {
        tab_size: options.tab_size.clamp(1, 16),
        insert_spaces: options.insert_spaces,
        final_newline: options.insert_final_newline.unwrap_or(true),
    }
}

fn edits(text: &Text, encoding: Encoding, edits: Vec<format::TextEdit>) -> Vec<lsp::TextEdit> {
    edits
        .into_iter()
        .map(|(range, new_text)| lsp::TextEdit {
            range: convert::range(text, range, encoding),
            new_text,
        })
        .collect()
}

/// The whole document formatted, or `Err` with the reason it was declined
/// (a syntax error, or a result that would not read back the same).
pub fn formatting(
    text: &Text,
    content: &str,
    document: &Document,
    encoding: Encoding,
    requested: &lsp::FormattingOptions,
) -> Result<Vec<lsp::TextEdit>, String> {
    let tree = formattable(document)?;
    format::format(content, tree, document.format, &options(requested))
        .map(|found| edits(text, encoding, found))
        .map_err(|declined| declined.reason)
}

/// The smallest value covering `range` formatted.
pub fn range_formatting(
    text: &Text,
    content: &str,
    document: &Document,
    encoding: Encoding,
    range: lsp::Range,
    requested: &lsp::FormattingOptions,
) -> Result<Vec<lsp::TextEdit>, String> {
    let tree = formattable(document)?;
    let start = convert::offset(text, range.start, encoding);
    let end = convert::offset(text, range.end, encoding).max(start);
    let range = TextRange::new(start, end);
    format::format_range(content, tree, document.format, range, &options(requested))
        .map(|found| edits(text, encoding, found))
        .map_err(|declined| declined.reason)
}

pub fn folding(content: &str, document: &Document) -> Vec<lsp::FoldingRange> {
    let Some(tree) = document.tree() else {
        return Vec::new();
    };
    ide::folding::folding_ranges(tree, content)
        .into_iter()
        .map(|fold| lsp::FoldingRange {
            start_line: fold.start_line,
            end_line: fold.end_line,
            kind: Some(match fold.kind {
                ide::folding::FoldKind::Comment => lsp::FoldingRangeKind::Comment,
                ide::folding::FoldKind::Region => lsp::FoldingRangeKind::Region,
            }),
            ..Default::default()
        })
        .collect()
}

/// One chain of ranges per position, each range inside its parent.
pub fn selection(
    text: &Text,
    content: &str,
    document: &Document,
    encoding: Encoding,
    positions: &[lsp::Position],
) -> Vec<lsp::SelectionRange> {
    positions
        .iter()
        .map(|&position| {
            let offset = convert::offset(text, position, encoding);
            let ranges = document
                .tree()
                .map(|tree| ide::selection::selection_ranges(tree, content, offset))
                .unwrap_or_default();
            let mut chain: Option<lsp::SelectionRange> = None;
            for range in ranges.into_iter().rev() {
                chain = Some(lsp::SelectionRange {
                    range: convert::range(text, range, encoding),
                    parent: chain.map(Box::new),
                });
            }
            chain.unwrap_or(lsp::SelectionRange {
                range: lsp::Range {
                    start: position,
                    end: position,
                },
                parent: None,
            })
        })
        .collect()
}

/// Highlights, their ranges already the client's.
pub fn highlights(found: impl Iterator<Item = (lsp::Range, bool)>) -> Vec<lsp::DocumentHighlight> {
    found
        .map(|(range, write)| lsp::DocumentHighlight {
            range,
            kind: Some(if write {
                lsp::DocumentHighlightKind::WRITE
            } else {
                lsp::DocumentHighlightKind::READ
            }),
        })
        .collect()
}

/// A template is not formatted: its tags and the rest of its layout are
/// its deploy tool's business.
fn formattable(document: &Document) -> Result<&crate::syntax::Tree, String> {
    if document.is_template() {
        return Err("a template is not formatted, only a definition file".to_string());
    }
    if document.is_stream() {
        return Err("a YAML stream of several documents is not formatted".to_string());
    }
    document.tree().ok_or_else(|| "the document has no tree".to_string())
}

/// The outline: a definition file's states, or under each state machine of
/// a template (named after its resource), that machine's states.
pub fn symbols(document: &Document) -> Vec<Symbol> {
    if !document.is_template() && !document.is_stream() {
        return document
            .machines
            .first()
            .map(|machine| ide::document_symbols(&machine.analysis))
            .unwrap_or_default();
    }
    document
        .machines
        .iter()
        .filter_map(|machine| {
            let tree = &machine.analysis.tree;
            let definition = machine.file_range(tree.range(tree.root()?));
            let mut children = ide::document_symbols(&machine.analysis);
            in_file(machine, &mut children);
            Some(Symbol {
                name: machine.name.as_deref().unwrap_or_default().to_string(),
                detail: Some("state machine".to_string()),
                kind: SymbolKind::Machine,
                range: machine.name_range.cover(definition),
                selection_range: machine.name_range,
                children,
            })
        })
        .collect()
}

/// Symbols of a machine's analysis moved to the file's coordinates (they
/// are already there, unless the machine was decoded from a string).
fn in_file(machine: &crate::document::Machine, symbols: &mut [Symbol]) {
    for symbol in symbols {
        symbol.range = machine.file_range(symbol.range);
        symbol.selection_range = machine.file_range(symbol.selection_range);
        in_file(machine, &mut symbol.children);
    }
}

/// `asl/graph`: the machine at `index` as an SVG picture (its offsets the
/// file's) and as Mermaid text; which machine it is, and every machine of
/// the document with the range it was read from (all of a definition file),
/// so that a client can tell when its cursor moves into another one.
pub fn graph(text: &Text, document: &Document, index: usize, encoding: Encoding) -> Option<serde_json::Value> {
    let machine = document.machines.get(index)?;
    let whole = TextRange::new(0, text.len());
    let machines: Vec<serde_json::Value> = document
        .machines
        .iter()
        .map(|machine| {
            serde_json::json!({
                "name": machine.name.as_deref(),
                "range": convert::range(text, machine.source_range().unwrap_or(whole), encoding),
            })
        })
        .collect();
    Some(serde_json::json!({
        "svg": graph::render_machine(machine, GraphFormat::Svg),
        "mermaid": graph::render(&machine.analysis, GraphFormat::Mermaid),
        "machine": index,
        "name": machine.name.as_deref(),
        "machines": machines,
    }))
}

/// The token types of `semantic_tokens`, in the order of the legend.
pub const TOKEN_TYPES: [lsp::SemanticTokenType; 5] = [
    lsp::SemanticTokenType::CLASS,
    lsp::SemanticTokenType::FUNCTION,
    lsp::SemanticTokenType::VARIABLE,
    lsp::SemanticTokenType::MACRO,
    lsp::SemanticTokenType::PARAMETER,
];

/// The token modifiers, in the order of the legend.
pub const TOKEN_MODIFIERS: [lsp::SemanticTokenModifier; 2] = [
    lsp::SemanticTokenModifier::DECLARATION,
    lsp::SemanticTokenModifier::DEFAULT_LIBRARY,
];

/// The semantic tokens of every machine written as it is in the file, in
/// LSP's relative encoding.
pub fn semantic_tokens(text: &Text, content: &str, document: &Document, encoding: Encoding) -> lsp::SemanticTokens {
    let mut all: Vec<ide::Token> = document
        .machines
        .iter()
        .filter(|machine| !machine.is_decoded())
        .flat_map(|machine| ide::tokens(&machine.analysis, content))
        .collect();
    all.sort_by_key(|token| token.range.start());
    let mut data = Vec::with_capacity(all.len());
    let (mut line, mut character) = (0, 0);
    for token in all {
        let range = convert::range(text, token.range, encoding);
        if range.start.line != range.end.line || range.end.character <= range.start.character {
            continue;
        }
        let (token_type, modifiers) = match token.kind {
            ide::TokenKind::State => (0, u32::from(token.declaration)),
            ide::TokenKind::Function => (1, 0b10),
            ide::TokenKind::Variable => (2, 0),
            ide::TokenKind::Delimiter => (3, 0),
            ide::TokenKind::Placeholder => (4, 0),
        };
        let delta_line = range.start.line - line;
        let delta_start = if delta_line == 0 {
            range.start.character - character
        } else {
            range.start.character
        };
        data.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: range.end.character - range.start.character,
            token_type,
            token_modifiers_bitset: modifiers,
        });
        line = range.start.line;
        character = range.start.character;
    }
    lsp::SemanticTokens { result_id: None, data }
}
