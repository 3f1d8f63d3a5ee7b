//! The command line: `asl-lsp check FILE...` and the report formats.
//!
//! The checker runs the very analysis the server runs. Human output follows
//! rustc (`file:line:col`, code, message, the source line with carets);
//! `--format json` prints one JSON object per diagnostic per line, with
//! LSP-style ranges (0-based line, UTF-16 character); `--format sarif` prints
//! one SARIF 2.1.0 log for code-scanning services. A directory stands for
//! every `*.asl.json`, `*.asl.yaml` and `*.asl.yml` file below it.

pub mod format;
pub mod graph;
pub mod svg;

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
    Sarif,
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
    let mut sarif_results = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if std::path::Path::new(path).is_dir() {
            let before = files.len();
            collect_definitions(std::path::Path::new(path), &mut files);
            if files.len() == before {
                let _ = writeln!(err, "warning: no *.asl.json, *.asl.yaml or *.asl.yml file under {path}");
            }
        } else {
            files.push(path.clone());
        }
    }
    for path in &files {
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
                OutputFormat::Sarif => {
                    sarif_results.push(sarif_result(path, &text, diagnostic));
                    Ok(())
                }
            };
        }
    }
    if format == OutputFormat::Sarif {
        let _ = writeln!(out, "{}", sarif_log(sarif_results));
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

/// Every ASL definition below `dir`, by name, in a stable order.
fn collect_definitions(dir: &std::path::Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<std::path::PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "node_modules" && name != "target" {
                collect_definitions(&path, files);
            }
        } else if [".asl.json", ".asl.yaml", ".asl.yml"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        {
            files.push(path.to_string_lossy().to_string());
        }
    }
}

fn sarif_result(path: &str, text: &Text, diagnostic: &Diagnostic) -> serde_json::Value {
    // SARIF counts lines and columns from 1, columns in UTF-16 code units by default.
    let start = text.position(diagnostic.range.start(), Encoding::Utf16);
    let end = text.position(diagnostic.range.end(), Encoding::Utf16);
    let level = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    };
    json!({
        "ruleId": diagnostic.code,
        "level": level,
        "message": {"text": diagnostic.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": path.replace('\\', "/")},
                "region": {
                    "startLine": start.line + 1,
                    "startColumn": start.character + 1,
                    "endLine": end.line + 1,
                    "endColumn": end.character + 1,
                },
            },
        }],
    })
}

fn sarif_log(results: Vec<serde_json::Value>) -> serde_json::Value {
    let mut rules: Vec<&str> = results.iter().filter_map(|result| result["ruleId"].as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    let rules: Vec<serde_json::Value> = rules.into_iter().map(|id| json!({"id": id})).collect();
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {
                "name": "asl-lsp",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
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
