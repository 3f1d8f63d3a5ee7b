//! The store of open documents: one immutable snapshot per document.
//!
//! A snapshot holds the text (a rope), its version and, computed once on
//! first use, the text in one piece and its analysis. An edit makes a new
//! snapshot in O(log n) (the rope is shared, nothing is copied on the task
//! that reads the input); readers clone the `Arc` and let go of the map at
//! once, so no lock is held across an `.await`.

use std::sync::{Arc, OnceLock};

use dashmap::DashMap;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::syntax::Format;
use crate::text::{Encoding, Position, Text};
use crate::Analysis;

#[derive(Debug)]
pub struct Snapshot {
    pub text: Text,
    pub version: i32,
    pub format: Format,
    /// The same text in one piece, for the parser, made on first use.
    content: OnceLock<Arc<str>>,
    analysis: OnceLock<Arc<Analysis>>,
}

impl Snapshot {
    fn new(text: Text, version: i32, format: Format) -> Snapshot {
        Snapshot {
            text,
            version,
            format,
            content: OnceLock::new(),
            analysis: OnceLock::new(),
        }
    }

    /// The text in one piece, made on first use (off the input task).
    pub fn content(&self) -> Arc<str> {
        self.content.get_or_init(|| self.text.to_string().into()).clone()
    }

    /// The analysis of this version, computed on first use.
    pub fn analysis(&self) -> Arc<Analysis> {
        self.analysis
            .get_or_init(|| Arc::new(Analysis::new(&self.content(), self.format)))
            .clone()
    }
}

#[derive(Default)]
pub struct Documents {
    map: DashMap<Uri, Arc<Snapshot>>,
}

impl Documents {
    pub fn open(&self, uri: Uri, text: &str, version: i32, format: Format) -> Arc<Snapshot> {
        let snapshot = Arc::new(Snapshot::new(Text::new(text), version, format));
        self.map.insert(uri, snapshot.clone());
        snapshot
    }

    /// Apply a `didChange` notification's edits, in order. Returns the new
    /// snapshot, or `None` when the document is not open. Without a version
    /// (the client sent none that is valid) the current one is kept.
    pub fn change(
        &self,
        uri: &Uri,
        version: Option<i32>,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> Option<Arc<Snapshot>> {
        let mut entry = self.map.get_mut(uri)?;
        let mut text = entry.text.clone();
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = Position {
                        line: range.start.line,
                        character: range.start.character,
                    };
                    let end = Position {
                        line: range.end.line,
                        character: range.end.character,
                    };
                    text.replace(start, end, &change.text, encoding);
                }
                None => text.set(&change.text),
            }
        }
        let version = version.unwrap_or(entry.version);
        let snapshot = Arc::new(Snapshot::new(text, version, entry.format));
        *entry = snapshot.clone();
        Some(snapshot)
    }

    /// Forget a document; true when it was open.
    pub fn close(&self, uri: &Uri) -> bool {
        self.map.remove(uri).is_some()
    }

    pub fn get(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.map.get(uri).map(|entry| entry.clone())
    }
}
