//! State machines whose definition is a file of its own (SAM's
//! `DefinitionUri`), as the server sees them: an open template is checked
//! against the files it names, and an open definition against the
//! templates beside it that name it.
//!
//! The other file is the open document when the client has it open, and
//! otherwise the file on disk, read once per change of its modification
//! time. Which templates lie near a definition is looked up once per
//! definition and forgotten when a template is opened, saved or closed, so
//! a keystroke in a definition with no template near it costs one map
//! lookup. Each document remembers the files its diagnostics read, so that
//! an edit in one of them re-publishes it.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use dashmap::DashMap;
use tower_lsp_server::ls_types::Uri;

use super::documents::Documents;
use crate::check::Diagnostic;
use crate::document::{is_template_name, Document};
use crate::syntax::Format;

/// How many folders above a definition are searched for its template
/// (`sam init` puts the definition one folder below the template).
const FOLDERS_UP: usize = 3;

/// A file larger than this is not read as a linked file.
const MAX_FILE: u64 = 16 * 1024 * 1024;

#[derive(Default)]
pub struct Links {
    /// Files read from disk, by path.
    disk: DashMap<PathBuf, Arc<OnDisk>>,
    /// For each definition's path: the template-named files in its folder
    /// and the folders above it.
    nearby: DashMap<PathBuf, Arc<Vec<PathBuf>>>,
    /// For each open document: the files its last diagnostics read.
    read_by: DashMap<Uri, Vec<PathBuf>>,
}

/// A file as it was on disk.
struct OnDisk {
    modified: Option<SystemTime>,
    len: u64,
    content: Arc<String>,
    document: Arc<Document>,
}

/// Another file's text and analysis.
type Read = (Arc<String>, Arc<Document>);

impl Links {
    /// What the files linked to or from the document at `uri` say of it:
    /// for a template, its substitutions that a linked definition never
    /// uses and the paths that name no readable file; for a definition, its
    /// placeholders that a template naming it does not fill in.
    pub fn diagnostics(&self, documents: &Documents, uri: &Uri, content: &str, document: &Document) -> Vec<Diagnostic> {
        let Some(path) = file_path(uri) else {
            return Vec::new();
        };
        let mut read = Vec::new();
        let mut diagnostics = Vec::new();
        if document.is_template() {
            let folder = path.parent().unwrap_or(Path::new(""));
            for link in document.links(content) {
                let target = normalize(&folder.join(link.path.trim()));
                match self.read(documents, &target) {
                    Ok((text, definition)) => diagnostics.extend(link.check(&definition, &text).in_template),
                    Err(why) => diagnostics.push(link.unreadable(&why)),
                }
                read.push(target);
            }
        } else if document.is_definition() {
            for template in self.nearby(&path).iter() {
                let Ok((text, found)) = self.read(documents, template) else {
                    continue;
                };
                let folder = template.parent().unwrap_or(Path::new(""));
                let mut names_this = false;
                for link in found.links(&text) {
                    if normalize(&folder.join(link.path.trim())) == path {
                        names_this = true;
                        diagnostics.extend(link.check(document, content).in_definition);
                    }
                }
                if names_this {
                    read.push(template.clone());
                }
            }
        }
        if read.is_empty() {
            self.read_by.remove(uri);
        } else {
            self.read_by.insert(uri.clone(), read);
        }
        diagnostics.sort_by_key(|diagnostic| diagnostic.range);
        diagnostics
    }

    /// The open documents whose last diagnostics read the file at `uri`.
    pub fn readers_of(&self, uri: &Uri) -> Vec<Uri> {
        let Some(path) = file_path(uri) else {
            return Vec::new();
        };
        self.read_by
            .iter()
            .filter(|entry| entry.key() != uri && entry.value().contains(&path))
            .map(|entry| entry.key().clone())
            .collect()
    }

    /// A document was opened, saved or closed: when it is a template,
    /// which templates lie near which definition is looked up again.
    pub fn touched(&self, uri: &Uri) {
        let is_template = file_path(uri)
            .and_then(|path| path.file_name().map(|name| is_template_name(&name.to_string_lossy())))
            .unwrap_or(false);
        if is_template {
            self.nearby.clear();
        }
    }

    /// A document was closed.
    pub fn closed(&self, uri: &Uri) {
        self.read_by.remove(uri);
        self.touched(uri);
    }

    /// The text and analysis of the file at `path`: the open document's
    /// when the client has it open, the file on disk's otherwise.
    fn read(&self, documents: &Documents, path: &Path) -> Result<Read, String> {
        if let Some(snapshot) = documents.find(|uri| file_path(uri).as_deref() == Some(path)) {
            return Ok((snapshot.content(), snapshot.analysis()));
        }
        let metadata = std::fs::metadata(path).map_err(|error| error.to_string())?;
        if !metadata.is_file() {
            return Err("not a file".to_string());
        }
        if metadata.len() > MAX_FILE {
            return Err(format!("larger than {} MB", MAX_FILE / (1024 * 1024)));
        }
        let modified = metadata.modified().ok();
        if let Some(known) = self.disk.get(path) {
            if known.modified == modified && known.len == metadata.len() && modified.is_some() {
                return Ok((known.content.clone(), known.document.clone()));
            }
        }
        let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
        let mut content = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
        if content.starts_with('\u{feff}') {
            content.drain(..'\u{feff}'.len_utf8());
        }
        let document = Arc::new(Document::new(&content, Format::from_path(&path.to_string_lossy())));
        let content = Arc::new(content);
        self.disk.insert(
            path.to_path_buf(),
            Arc::new(OnDisk {
                modified,
                len: metadata.len(),
                content: content.clone(),
                document: document.clone(),
            }),
        );
        Ok((content, document))
    }

    /// The template-named files in the folder of `path` and the folders
    /// above it, nearest first.
    fn nearby(&self, path: &Path) -> Arc<Vec<PathBuf>> {
        if let Some(known) = self.nearby.get(path) {
            return known.clone();
        }
        let mut templates = Vec::new();
        for folder in path.ancestors().skip(1).take(FOLDERS_UP + 1) {
            let Ok(entries) = std::fs::read_dir(folder) else {
                continue;
            };
            let mut here: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
                .filter(|entry| is_template_name(&entry.file_name().to_string_lossy()))
                .map(|entry| normalize(&entry.path()))
                .collect();
            here.sort();
            templates.extend(here);
        }
        let templates = Arc::new(templates);
        self.nearby.insert(path.to_path_buf(), templates.clone());
        templates
    }
}

/// The file a `file:` URI names, with `.` and `..` resolved.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    let scheme = uri.scheme().as_str();
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    Some(normalize(&uri.to_file_path()?))
}

/// `path` with `.` and `..` resolved by its text alone, as a tool that
/// joins a template's folder and a relative path means it.
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !normal.pop() {
                    normal.push("..");
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_compared_after_dots_are_resolved() {
        assert_eq!(
            normalize(Path::new("/app/./statemachine/../statemachine/a.asl.json")),
            PathBuf::from("/app/statemachine/a.asl.json")
        );
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
    }
}
