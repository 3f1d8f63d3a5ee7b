//! IDE features as pure functions of an [`Analysis`] and a byte offset.
//!
//! Nothing here knows LSP: results are byte ranges and plain data that the
//! server converts at the edge, so every feature is tested without a server.

mod actions;
pub mod classify;
mod completion;
mod convert;
mod definition;
pub mod folding;
mod hover;
pub mod locate;
mod references;
pub mod sdk;
pub mod selection;
mod snippets;
mod symbols;
mod tokens;
pub mod variables;

pub use actions::{actions, Action, ActionKind};
pub use classify::{classify, Reference, Site};
pub use completion::{completions, snippet_escape, Completion, CompletionKind, MAX_COMPLETIONS};
pub use convert::machine_to_jsonata;
pub use definition::{definition, definitions};
pub use hover::hover;
pub use references::{highlights, prepare_rename, references, rename, Edit};
pub use symbols::{document_symbols, Symbol, SymbolKind};
pub use tokens::{tokens, Token, TokenKind};

use crate::syntax::TextRange;

/// Documentation for what is under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// What the hover is about: the key or value under the cursor.
    pub range: TextRange,
    pub markdown: String,
}

#[cfg(test)]
pub(crate) mod fixture {
    //! `$0`-marked fixtures for the feature tests.

    use crate::syntax::Format;
    use crate::Analysis;

    /// Strip the `$0` cursor marker; returns the text and the cursor offset.
    pub(crate) fn cursor(fixture: &str) -> (String, usize) {
        let offset = fixture.find("$0").expect("fixture has no $0 cursor marker");
        (fixture.replacen("$0", "", 1), offset)
    }

    pub(crate) fn analyse(text: &str) -> Analysis {
        Analysis::new(text, Format::Json)
    }

    /// `text` with `edits` (in order, not overlapping) made.
    pub(crate) fn apply(text: &str, edits: &[(crate::syntax::TextRange, String)]) -> String {
        let mut out = text.to_string();
        for (range, new_text) in edits.iter().rev() {
            out.replace_range(range.start()..range.end(), new_text);
        }
        out
    }
}
