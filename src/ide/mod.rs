//! IDE features as pure functions of an [`Analysis`] and a byte offset.
//!
//! Nothing here knows LSP: results are byte ranges and plain data that the
//! server converts at the edge, so every feature is tested without a server.

mod completion;
mod definition;
mod hover;
pub mod locate;
mod references;
pub mod sdk;
mod symbols;
pub mod variables;

pub use completion::{completions, Completion, CompletionKind};
pub use definition::{definition, definitions, reference_at, Reference};
pub use hover::{hover, Hover};
pub use references::{prepare_rename, references, rename, Edit};
pub use symbols::{document_symbols, Symbol, SymbolKind};

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
}
