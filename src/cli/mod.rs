//! The command line: `asl-lsp check FILE...` and the report formats.
//!
//! The checker runs the very analysis the server runs. Human output follows
//! rustc (`file:line:col`, code, message, the source line with carets);
//! `--format json` prints one JSON object per diagnostic per line, with
//! LSP-style ranges (0-based line, UTF-16 character).

use std::io::Write;

use serde_json::json;

use crate::check::{Diagnostic, Severity};
use crate::syntax::Format;
use crate::text::{Encoding, Text};
use crate::Analysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

/// What `check` found over all files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Files that could not be read.
    pub unreadable: usize,
}

impl Summary {
    /// 0 when clean (warnings allowed), 1 when any error, 2 when a file could not be read.
    pub fn exit_code(&self) -> i32 {
        if self.unreadable > 0 {
            2
        } else if self.errors > 0 {
            1
        } else {
            0
        }
    }
}

/// Check each file and write the report to `out`, problems reading files to `err`.
pub fn check_files(paths: &[String], format: OutputFormat, out: &mut dyn Write, err: &mut dyn Write) -> Summary {
    let mut summary = Summary::default();
    for path in paths {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                let _ = writeln!(err, "error: cannot read {path}: {error}");
                summary.unreadable += 1;
                continue;
            }
        };
        let content = match String::from_utf8(bytes) {
            Ok(content) => content,
            Err(_) => {
                let _ = writeln!(err, "error: cannot read {path}: the file is not UTF-8 text");
                summary.unreadable += 1;
                continue;
            }
        };
        summary.files += 1;
        let analysis = Analysis::new(&content, Format::from_path(path));
        let text = Text::new(&content);
        for diagnostic in &analysis.diagnostics {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                _ => {}
            }
            let _ = match format {
                OutputFormat::Human => write_human(out, path, &text, diagnostic),
                OutputFormat::Json => write_json(out, path, &text, diagnostic),
            };
        }
    }
    if format == OutputFormat::Human {
        let _ = writeln!(
            out,
            "{} file{} checked: {} error{}, {} warning{}",
            summary.files,
            plural(summary.files),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings)
        );
    }
    summary
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn write_human(out: &mut dyn Write, path: &str, text: &Text, diagnostic: &Diagnostic) -> std::io::Result<()> {
    let start = text.position(diagnostic.range.start(), Encoding::Utf32);
    let end = text.position(diagnostic.range.end(), Encoding::Utf32);
    let line = text.line_text(start.line as usize);
    writeln!(
        out,
        "{}[{}]: {}",
        diagnostic.severity.name(),
        diagnostic.code,
        diagnostic.message
    )?;
    let number = (start.line + 1).to_string();
    let gutter = " ".repeat(number.len());
    writeln!(out, "{gutter}--> {path}:{}:{}", start.line + 1, start.character + 1)?;
    writeln!(out, "{gutter} |")?;
    writeln!(out, "{number} | {line}")?;
    let line_chars = line.chars().count() as u32;
    let caret_end = if end.line == start.line {
        end.character
    } else {
        line_chars
    };
    let width = caret_end.saturating_sub(start.character).max(1) as usize;
    let indent: String = line
        .chars()
        .take(start.character as usize)
        .map(|ch| if ch == '\t' { '\t' } else { ' ' })
        .collect();
    writeln!(out, "{gutter} | {indent}{}", "^".repeat(width))?;
    writeln!(out)
}

fn write_json(out: &mut dyn Write, path: &str, text: &Text, diagnostic: &Diagnostic) -> std::io::Result<()> {
    let start = text.position(diagnostic.range.start(), Encoding::Utf16);
    let end = text.position(diagnostic.range.end(), Encoding::Utf16);
    let value = json!({
        "file": path,
        "range": {
            "start": {"line": start.line, "character": start.character},
            "end": {"line": end.line, "character": end.character},
        },
        "severity": diagnostic.severity.name(),
        "code": diagnostic.code,
        "message": diagnostic.message,
    });
    writeln!(out, "{value}")
}
