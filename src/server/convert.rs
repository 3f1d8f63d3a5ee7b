//! Conversions between our plain data and LSP types, at the edge only.

use tower_lsp_server::ls_types as lsp;

use crate::catalog::kinds::StateType;
use crate::check::{Diagnostic, Severity};
use crate::ide::{snippet_escape, Completion, CompletionKind, Symbol, SymbolKind};
use crate::syntax::TextRange;
use crate::text::{Encoding, Text};

pub fn position(text: &Text, offset: usize, encoding: Encoding) -> lsp::Position {
    let position = text.position(offset, encoding);
    lsp::Position {
        line: position.line,
        character: position.character,
    }
}

pub fn offset(text: &Text, position: lsp::Position, encoding: Encoding) -> usize {
    text.offset(
        crate::text::Position {
            line: position.line,
            character: position.character,
        },
        encoding,
    )
}

pub fn range(text: &Text, range: TextRange, encoding: Encoding) -> lsp::Range {
    lsp::Range {
        start: position(text, range.start(), encoding),
        end: position(text, range.end(), encoding),
    }
}

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(text: &Text, diagnostic: &Diagnostic, encoding: Encoding) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: range(text, diagnostic.range, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(lsp::NumberOrString::String(diagnostic.code.to_string())),
        source: Some("asl-lsp".to_string()),
        message: diagnostic.message.clone(),
        ..Default::default()
    }
}

pub fn document_symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::State(Some(StateType::Task)) => lsp::SymbolKind::FUNCTION,
        SymbolKind::State(Some(StateType::Choice)) => lsp::SymbolKind::ENUM,
        SymbolKind::State(Some(StateType::Parallel | StateType::Map)) => lsp::SymbolKind::MODULE,
        SymbolKind::State(Some(StateType::Succeed | StateType::Fail)) => lsp::SymbolKind::EVENT,
        SymbolKind::State(_) => lsp::SymbolKind::OBJECT,
        SymbolKind::Branch | SymbolKind::Processor => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Machine => lsp::SymbolKind::CLASS,
    }
}

pub fn symbol(text: &Text, symbol: &Symbol, encoding: Encoding) -> lsp::DocumentSymbol {
    #[allow(deprecated)]
    lsp::DocumentSymbol {
        name: if symbol.name.is_empty() {
            "\"\"".to_string()
        } else {
            symbol.name.clone()
        },
        detail: symbol.detail.clone(),
        kind: document_symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: range(text, symbol.range, encoding),
        selection_range: range(text, symbol.selection_range, encoding),
        children: Some(
            symbol
                .children
                .iter()
                .map(|child| self::symbol(text, child, encoding))
                .collect(),
        ),
    }
}

/// A completion item; with `snippets`, as a snippet (a whole member with tab
/// stops, or the plain text escaped). Neovim's built-in completion applies
/// the `textEdit` of snippet items only, so names with spaces need it.
/// `range` is the item's range, converted by the caller (a list's items
/// mostly share one).
pub fn completion(item: &Completion, range: lsp::Range, snippets: bool) -> lsp::CompletionItem {
    let kind = match item.kind {
        CompletionKind::State => lsp::CompletionItemKind::REFERENCE,
        CompletionKind::Field => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Resource => lsp::CompletionItemKind::MODULE,
        CompletionKind::Error => lsp::CompletionItemKind::CONSTANT,
        CompletionKind::Function => lsp::CompletionItemKind::FUNCTION,
        CompletionKind::Variable => lsp::CompletionItemKind::VARIABLE,
        CompletionKind::Snippet => lsp::CompletionItemKind::SNIPPET,
    };
    lsp::CompletionItem {
        label: item.label.clone(),
        kind: Some(kind),
        detail: item.detail.clone(),
        documentation: item.documentation.as_ref().map(|doc| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: doc.clone(),
            })
        }),
        // Clients filter on the text of the replaced range, quotes included;
        // by default they filter on the label. Long lists are mostly plain
        // names, so what a field would only repeat is left out.
        filter_text: Some(item.filter_text.as_ref().unwrap_or(&item.insert_text))
            .filter(|filter| **filter != item.label)
            .cloned(),
        sort_text: Some(item.sort_text.clone()),
        insert_text_format: Some(if snippets {
            lsp::InsertTextFormat::SNIPPET
        } else {
            lsp::InsertTextFormat::PLAIN_TEXT
        }),
        // Lines after the first: a snippet's are indented relative to the
        // line it goes on, for the client to add that line's indentation; the
        // plain text has it written out already.
        insert_text_mode: item.relative_indent.then_some(if snippets {
            lsp::InsertTextMode::ADJUST_INDENTATION
        } else {
            lsp::InsertTextMode::AS_IS
        }),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range,
            new_text: if snippets {
                item.snippet
                    .clone()
                    .unwrap_or_else(|| snippet_escape(&item.insert_text))
            } else {
                item.insert_text.clone()
            },
        })),
        ..Default::default()
    }
}
