//! `asl-lsp format [--check] FILE…`: the editor's formatter on the command line.
//!
//! Without `--check` each file whose layout changes is rewritten in place and
//! named on standard output. With `--check` nothing is written: the files
//! that would change are listed and the exit status is 1 when there is any,
//! for CI and pre-commit. A file that cannot be read makes the status 2; a
//! file the formatter declines (syntax errors) is left as it is, with
//! the reason on standard error.

use std::io::Write;

use crate::format::{format_text, FormatOptions};
use crate::syntax::Format;

/// What `format` did over all files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FormatSummary {
    /// Files rewritten, or that would be under `--check`.
    pub changed: Vec<String>,
    /// Files left as they are, with the reason.
    pub declined: usize,
    /// Files that could not be read or written.
    pub unreadable: usize,
}

impl FormatSummary {
    /// 2 when a file could not be read or written, 1 when `--check` found a
    /// file to change, 0 otherwise.
    pub fn exit_code(&self, check: bool) -> i32 {
        if self.unreadable > 0 {
            2
        } else if check && !self.changed.is_empty() {
            1
        } else {
            0
        }
    }
}

/// Format (or with `check`, only inspect) each file; report to `out` and `err`.
pub fn format_files(
    paths: &[String],
    check: bool,
    options: &FormatOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> FormatSummary {
    let mut summary = FormatSummary::default();
    for path in paths {
        let content = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(content)) => content,
            Ok(Err(_)) => {
                let _ = writeln!(err, "error: cannot read {path}: the file is not UTF-8 text");
                summary.unreadable += 1;
                continue;
            }
            Err(error) => {
                let _ = writeln!(err, "error: cannot read {path}: {error}");
                summary.unreadable += 1;
                continue;
            }
        };
        let formatted = match format_text(&content, Format::from_path(path), options) {
            Ok(formatted) => formatted,
            Err(declined) => {
                let _ = writeln!(err, "warning: {path} left as it is: {declined}");
                summary.declined += 1;
                continue;
            }
        };
        if formatted == content {
            continue;
        }
        if check {
            let _ = writeln!(out, "{path}");
        } else if let Err(error) = std::fs::write(path, formatted) {
            let _ = writeln!(err, "error: cannot write {path}: {error}");
            summary.unreadable += 1;
            continue;
        } else {
            let _ = writeln!(out, "formatted {path}");
        }
        summary.changed.push(path.clone());
    }
    if check && !summary.changed.is_empty() {
        let count = summary.changed.len();
        let _ = writeln!(
            err,
            "{count} file{} would be reformatted; run `asl-lsp format` on {}",
            if count == 1 { "" } else { "s" },
            if count == 1 { "it" } else { "them" }
        );
    }
    summary
}
