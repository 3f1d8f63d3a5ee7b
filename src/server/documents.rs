//! The store of open documents: one immutable snapshot per document.
//!
//! A snapshot holds the text (a rope), its version and, computed once on
//! first use, the text in one piece and its analysis. An edit makes a new
//! snapshot in O(log n) (the rope is shared, nothing is copied on the task
//! that reads the input); readers clone the `Arc` and let go of the map at
//! once, so no lock is held across an `.await`.
//!
//! A snapshot made by an edit remembers the last analysis before it and the
//! bytes changed since (edits in a row compose into one), so its own
//! analysis is an update of that one, not a fresh start.

use std::sync::{Arc, Mutex, OnceLock};

use dashmap::DashMap;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::syntax::{Edit, Format};
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
    /// Where the analysis starts from: an earlier version's and what changed since.
    base: Mutex<Option<Base>>,
}

#[derive(Debug)]
struct Base {
    analysis: Arc<Analysis>,
    edit: Edit,
}

impl Snapshot {
    fn new(text: Text, version: i32, format: Format, base: Option<Base>) -> Snapshot {
        Snapshot {
            text,
            version,
            format,
            content: OnceLock::new(),
            analysis: OnceLock::new(),
            base: Mutex::new(base),
        }
    }

    /// What the next version's analysis can start from, `edit` later.
    fn base_for_next(&self, edit: Option<Edit>) -> Option<Base> {
        let edit = edit?;
        if let Some(analysis) = self.analysis.get() {
            return Some(Base {
                analysis: analysis.clone(),
                edit,
            });
        }
        let base = self.base.lock().ok()?.take()?;
        Some(Base {
            analysis: base.analysis,
            edit: base.edit.then(edit),
        })
    }

    /// The text in one piece, made on first use (off the input task).
    pub fn content(&self) -> Arc<str> {
        self.content.get_or_init(|| self.text.to_string().into()).clone()
    }

    /// The analysis of this version, computed on first use.
    pub fn analysis(&self) -> Arc<Analysis> {
        self.analysis
            .get_or_init(|| {
                let content = self.content();
                let base = self.base.lock().ok().and_then(|mut base| base.take());
                let analysis = match base {
                    Some(Base { analysis, edit }) => {
                        // Unshared once the older snapshots are gone, which is the rule.
                        let analysis = Arc::try_unwrap(analysis).unwrap_or_else(|shared| (*shared).clone());
                        analysis.update(&content, edit)
                    }
                    None => Analysis::new(&content, self.format),
                };
                Arc::new(analysis)
            })
            .clone()
    }
}

#[derive(Default)]
pub struct Documents {
    map: DashMap<Uri, Arc<Snapshot>>,
}

impl Documents {
    pub fn open(&self, uri: Uri, text: &str, version: i32, format: Format) -> Arc<Snapshot> {
        let snapshot = Arc::new(Snapshot::new(Text::new(text), version, format, None));
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
        // The bytes changed, as one edit; `None` once the whole text was replaced.
        let mut edit: Option<Option<Edit>> = None;
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
                    let bytes = text.replace(start, end, &change.text, encoding);
                    let this = Edit::replace(bytes.start, bytes.end, change.text.len());
                    edit = Some(match edit {
                        None => Some(this),
                        Some(earlier) => earlier.map(|earlier| earlier.then(this)),
                    });
                }
                None => {
                    text.set(&change.text);
                    edit = Some(None);
                }
            }
        }
        let version = version.unwrap_or(entry.version);
        let base = match edit {
            // No change at all: the same text, so the same analysis.
            None => entry.base_for_next(Some(Edit::replace(0, 0, 0))),
            Some(edit) => entry.base_for_next(edit),
        };
        let snapshot = Arc::new(Snapshot::new(text, version, entry.format, base));
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
