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

use crate::document::Document;
use crate::syntax::placeholders::Placeholders;
use crate::syntax::{Edit, Format};
use crate::text::{Encoding, Position, Text};

#[derive(Debug)]
pub struct Snapshot {
    pub text: Text,
    pub version: i32,
    pub format: Format,
    /// The client says this is a state machine definition (its language id
    /// or its file name); otherwise the server answers only for what the
    /// text shows to be one, or a template holding some.
    pub claimed: bool,
    /// The placeholder syntaxes of a templating tool that the
    /// configuration gives for this document, read as `${…}` ones.
    placeholders: Placeholders,
    /// The same text in one piece, for the parser, made on first use.
    content: OnceLock<Arc<String>>,
    analysis: OnceLock<Arc<Document>>,
    /// An earlier version's text in one piece, and what changed since.
    earlier_content: Mutex<Option<Earlier<Arc<String>>>>,
    /// An earlier version's analysis, and what changed since.
    earlier_analysis: Mutex<Option<Earlier<Arc<Document>>>>,
}

/// Something made for an earlier version, and the bytes changed since.
#[derive(Debug)]
struct Earlier<T> {
    made: T,
    edit: Edit,
}

/// What the next version can start from, `edit` after `made` (or after
/// what `earlier` started from): the latest of the two, edits composed.
fn earlier_for_next<T: Clone>(made: Option<&T>, earlier: &Mutex<Option<Earlier<T>>>, edit: Edit) -> Option<Earlier<T>> {
    if let Some(made) = made {
        return Some(Earlier {
            made: made.clone(),
            edit,
        });
    }
    let earlier = lock(earlier).take()?;
    Some(Earlier {
        made: earlier.made,
        edit: earlier.edit.then(edit),
    })
}

impl Snapshot {
    fn new(text: Text, version: i32, format: Format, claimed: bool, placeholders: Placeholders) -> Snapshot {
        Snapshot {
            text,
            version,
            format,
            claimed,
            placeholders,
            content: OnceLock::new(),
            analysis: OnceLock::new(),
            earlier_content: Mutex::new(None),
            earlier_analysis: Mutex::new(None),
        }
    }

    /// The next version: `text`, which is this one after `edit` (`None`
    /// when the whole text was replaced).
    fn next(&self, text: Text, version: i32, edit: Option<Edit>) -> Snapshot {
        let next = Snapshot::new(text, version, self.format, self.claimed, self.placeholders.clone());
        if let Some(edit) = edit {
            *lock(&next.earlier_content) = earlier_for_next(self.content.get(), &self.earlier_content, edit);
            *lock(&next.earlier_analysis) = earlier_for_next(self.analysis.get(), &self.earlier_analysis, edit);
        }
        next
    }

    /// The text in one piece, made on first use (off the input task): from
    /// an earlier version's, where one was made, by replacing the changed
    /// bytes in place (once the older snapshots are gone, which is the
    /// rule) or around a copy, taking only those bytes from the rope.
    pub fn content(&self) -> Arc<String> {
        self.content
            .get_or_init(|| {
                let earlier = lock(&self.earlier_content).take();
                let whole = || Arc::new(self.text.to_string());
                let Some(Earlier { made, edit }) = earlier else {
                    return whole();
                };
                let Some(middle) = self.text.rope().get_byte_slice(edit.start..edit.new_end) else {
                    return whole();
                };
                let fits = made.is_char_boundary(edit.start)
                    && made.is_char_boundary(edit.old_end)
                    && edit.old_end <= made.len()
                    && made.len() - (edit.old_end - edit.start) + (edit.new_end - edit.start) == self.text.len();
                if !fits {
                    return whole();
                }
                let content = match Arc::try_unwrap(made) {
                    Ok(mut content) => {
                        // In place: no new buffer, so no fresh pages to fault in.
                        content.replace_range(edit.start..edit.old_end, &middle.to_string());
                        content
                    }
                    Err(shared) => {
                        let mut content = String::with_capacity(self.text.len());
                        content.push_str(&shared[..edit.start]);
                        content.extend(middle.chunks());
                        content.push_str(&shared[edit.old_end..]);
                        content
                    }
                };
                Arc::new(content)
            })
            .clone()
    }

    /// The analysis of this version, computed on first use: an update of an
    /// earlier version's where there is one.
    pub fn analysis(&self) -> Arc<Document> {
        self.analysis
            .get_or_init(|| {
                let content = self.content();
                let document = match lock(&self.earlier_analysis).take() {
                    Some(Earlier { made, edit }) => {
                        // Unshared once the older snapshots are gone, which is the rule.
                        let document = Arc::try_unwrap(made).unwrap_or_else(|shared| (*shared).clone());
                        document.update(&content, edit)
                    }
                    None => Document::with_placeholders(&content, self.format, self.placeholders.clone()),
                };
                Arc::new(document)
            })
            .clone()
    }
}

/// A mutex that a panic elsewhere left poisoned still holds a usable value.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[derive(Default)]
pub struct Documents {
    map: DashMap<Uri, Arc<Snapshot>>,
}

impl Documents {
    pub fn open(
        &self,
        uri: Uri,
        text: &str,
        version: i32,
        format: Format,
        claimed: bool,
        placeholders: Placeholders,
    ) -> Arc<Snapshot> {
        let snapshot = Arc::new(Snapshot::new(Text::new(text), version, format, claimed, placeholders));
        self.map.insert(uri, snapshot.clone());
        snapshot
    }

    /// Read an open document with other placeholder syntaxes: a snapshot of
    /// the same text and version, analysed afresh. `None` when the document
    /// is not open or already reads them.
    pub fn reconfigure(&self, uri: &Uri, placeholders: Placeholders) -> Option<Arc<Snapshot>> {
        let mut entry = self.map.get_mut(uri)?;
        if entry.placeholders == placeholders {
            return None;
        }
        let snapshot = Arc::new(Snapshot::new(
            entry.text.clone(),
            entry.version,
            entry.format,
            entry.claimed,
            placeholders,
        ));
        *entry = snapshot.clone();
        Some(snapshot)
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
        // No change at all: the same text.
        let edit = edit.unwrap_or(Some(Edit::replace(0, 0, 0)));
        let snapshot = Arc::new(entry.next(text, version, edit));
        *entry = snapshot.clone();
        Some(snapshot)
    }

    /// Forget a document; true when it was open.
    pub fn close(&self, uri: &Uri) -> bool {
        self.map.remove(uri).is_some()
    }

    /// Every open document and its current snapshot.
    pub fn all(&self) -> Vec<(Uri, Arc<Snapshot>)> {
        self.map
            .iter()
            .map(|entry| (entry.key().clone(), entry.value().clone()))
            .collect()
    }

    /// The first open document whose URI `wanted` accepts.
    pub fn find(&self, wanted: impl Fn(&Uri) -> bool) -> Option<Arc<Snapshot>> {
        self.map
            .iter()
            .find(|entry| wanted(entry.key()))
            .map(|entry| entry.value().clone())
    }

    pub fn get(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.map.get(uri).map(|entry| entry.clone())
    }
}
