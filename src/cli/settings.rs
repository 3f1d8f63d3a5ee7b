//! Where `check` finds each file's configuration (`asl-lsp.toml` or
//! `.asl-lsp.toml` in its folder or the nearest folder above it, up to the
//! root of its repository) and what the command line adds to it
//! (`--select`, `--ignore`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::{registry, Diagnostic};
use crate::config::{Config, FILE_NAMES};
use crate::text::{Encoding, Text};

/// The configuration files found so far: which one applies in each folder
/// looked at, and each one read, kept until its file changes.
#[derive(Default)]
pub struct Configs {
    /// The current folder, asked once: relative paths are taken from it.
    current: Option<PathBuf>,
    /// For each folder looked at: the configuration file that applies
    /// there; `None` when there is none.
    by_folder: HashMap<PathBuf, Option<PathBuf>>,
    /// Each configuration file read, by path.
    read: HashMap<PathBuf, Read>,
}

/// A configuration file as last read.
struct Read {
    modified: Option<std::time::SystemTime>,
    len: u64,
    /// The last configuration read without mistakes from it, if any.
    config: Option<Arc<Config>>,
    /// What is wrong with it now (`file:line:col: message` lines).
    mistakes: Option<String>,
}

/// The configuration of one file.
pub struct Found {
    /// The configuration and the file's path relative to its folder (`/`
    /// between the parts); `None` when no configuration applies (or the one
    /// that does has never been read without mistakes).
    pub config: Option<(Arc<Config>, String)>,
    /// What is wrong with the configuration file that applies, if anything;
    /// the last good configuration of that file applies meanwhile.
    pub mistakes: Option<String>,
}

impl Configs {
    /// The configuration of the file at `path`: the configuration file in
    /// its folder or the nearest one above it, up to a repository's root,
    /// read again when it has changed since.
    pub fn for_file(&mut self, path: &Path) -> Found {
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            let current = self
                .current
                .get_or_insert_with(|| std::env::current_dir().unwrap_or_default());
            current.join(path)
        };
        let none = Found {
            config: None,
            mistakes: None,
        };
        let Some(folder) = absolute.parent() else {
            return none;
        };
        let Some(file) = self.in_folder(folder) else {
            return none;
        };
        let read = self.read_file(&file);
        let root = file.parent().unwrap_or(Path::new(""));
        let relative = absolute.strip_prefix(root).unwrap_or(&absolute);
        let relative = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        Found {
            config: read.config.clone().map(|config| (config, relative)),
            mistakes: read.mistakes.clone(),
        }
    }

    /// Forget which configuration file applies where: one may have been
    /// created, moved or deleted.
    pub fn forget_folders(&mut self) {
        self.by_folder.clear();
    }

    fn in_folder(&mut self, folder: &Path) -> Option<PathBuf> {
        if let Some(known) = self.by_folder.get(folder) {
            return known.clone();
        }
        let here = FILE_NAMES
            .iter()
            .map(|name| folder.join(name))
            .find(|candidate| candidate.is_file());
        // A repository's root is as far as the search goes.
        let found = match here {
            Some(found) => Some(found),
            None if folder.join(".git").exists() => None,
            None => folder.parent().and_then(|parent| self.in_folder(parent)),
        };
        self.by_folder.insert(folder.to_path_buf(), found.clone());
        found
    }

    fn read_file(&mut self, file: &Path) -> &Read {
        let metadata = std::fs::metadata(file).ok();
        let modified = metadata.as_ref().and_then(|metadata| metadata.modified().ok());
        let len = metadata.as_ref().map_or(0, |metadata| metadata.len());
        let fresh = self
            .read
            .get(file)
            .is_some_and(|known| known.modified.is_some() && known.modified == modified && known.len == len);
        if !fresh {
            let last_good = self.read.get(file).and_then(|known| known.config.clone());
            let entry = match read(file) {
                Ok(config) => Read {
                    modified,
                    len,
                    config: Some(Arc::new(config)),
                    mistakes: None,
                },
                Err(mistakes) => Read {
                    modified,
                    len,
                    config: last_good,
                    mistakes: Some(mistakes),
                },
            };
            self.read.insert(file.to_path_buf(), entry);
        }
        &self.read[file]
    }
}

/// Read and parse one configuration file; its mistakes as
/// `file:line:col: message` lines.
pub fn read(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    Config::parse(&text).map_err(|mistakes| {
        let positions = Text::new(&text);
        mistakes
            .iter()
            .map(|mistake| {
                let at = positions.position(mistake.range.start(), Encoding::Utf32);
                format!(
                    "{}:{}:{}: {}",
                    path.display(),
                    at.line + 1,
                    at.character + 1,
                    mistake.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// `--select` and `--ignore`: which codes the command line keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only these codes, when not empty.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    /// The codes named, checked against the registry: `Err` names the
    /// first unknown one.
    pub fn new(select: Vec<String>, ignore: Vec<String>) -> Result<Selection, String> {
        let split = |codes: Vec<String>| -> Vec<String> {
            codes
                .iter()
                .flat_map(|list| list.split(','))
                .map(|code| code.trim().to_string())
                .filter(|code| !code.is_empty())
                .collect()
        };
        let selection = Selection {
            select: split(select),
            ignore: split(ignore),
        };
        for code in selection.select.iter().chain(&selection.ignore) {
            if registry::find(code).is_none() {
                let hint = registry::closest(code)
                    .map(|close| format!(": did you mean {close}?"))
                    .unwrap_or_else(|| " (`asl-lsp rule --all` lists them)".to_string());
                return Err(format!("there is no rule {code}{hint}"));
            }
        }
        Ok(selection)
    }

    pub fn keeps(&self, diagnostic: &Diagnostic) -> bool {
        let code = diagnostic.code;
        (self.select.is_empty() || self.select.iter().any(|selected| selected == code))
            && !self.ignore.iter().any(|ignored| ignored == code)
    }
}
