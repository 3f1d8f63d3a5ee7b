//! Robustness: analysis of broken text never panics. Every prefix of every
//! conformance document (what a user has typed so far) and every
//! single-character deletion of a few documents go through parsing, the
//! model, all checks and the IDE features.

use std::path::{Path, PathBuf};

use asl_lsp::syntax::Format;
use asl_lsp::{ide, Analysis};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/conformance");

fn documents() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::from(CORPUS)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(".json") || path.to_string_lossy().ends_with(".yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 245, "corpus incomplete: {}", files.len());
    files
}

/// Analyse and exercise the features at a few offsets; check every range.
fn exercise(text: &str, format: Format) {
    let analysis = Analysis::new(text, format);
    for diagnostic in &analysis.diagnostics {
        let range = diagnostic.range;
        assert!(
            range.start() <= range.end() && range.end() <= text.len(),
            "{range:?} in {text:?}"
        );
        assert!(text.is_char_boundary(range.start()) && text.is_char_boundary(range.end()));
    }
    ide::document_symbols(&analysis);
    for offset in [
        0,
        text.len() / 3,
        text.len() / 2,
        text.len().saturating_sub(1),
        text.len(),
    ] {
        let in_bounds = |range: asl_lsp::syntax::TextRange| {
            assert!(range.start() <= range.end() && range.end() <= text.len(), "{range:?}");
        };
        if let Some(range) = ide::definition(&analysis, offset) {
            in_bounds(range);
        }
        if let Some(hover) = ide::hover(&analysis, offset) {
            in_bounds(hover.range);
        }
        for item in ide::completions(&analysis, text, offset) {
            in_bounds(item.range);
        }
        ide::references(&analysis, offset, true).into_iter().for_each(in_bounds);
        if let Some((range, _)) = ide::prepare_rename(&analysis, offset) {
            in_bounds(range);
        }
    }
}

fn format_of(path: &Path) -> Format {
    Format::from_path(&path.to_string_lossy())
}

#[test]
fn every_prefix_of_every_document() {
    for path in documents() {
        let text = std::fs::read_to_string(&path).unwrap();
        let format = format_of(&path);
        for (end, _) in text.char_indices() {
            exercise(&text[..end], format);
        }
        exercise(&text, format);
    }
}

#[test]
fn every_single_character_deletion() {
    let chosen = [
        "asl-validator/valid/valid-parallel.json",
        "asl-validator/valid/valid-map-distributed.asl.json",
        "amazon-states-language-service/valid/documentValidParametersJsonPath.asl.yaml",
        "amazon-states-language-service/invalid/documentChoiceInvalidNext.asl.json",
    ];
    for name in chosen {
        let path = Path::new(CORPUS).join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{name}: {error}"));
        let format = format_of(&path);
        for (start, ch) in text.char_indices() {
            let mut broken = String::with_capacity(text.len());
            broken.push_str(&text[..start]);
            broken.push_str(&text[start + ch.len_utf8()..]);
            exercise(&broken, format);
        }
    }
}

#[test]
fn hostile_inputs() {
    let deep_objects = "{\"a\":".repeat(100_000);
    let deep_arrays = "[".repeat(100_000);
    let inputs = [
        "\u{0}\u{1}\u{ffff}",
        "\"",
        "{\"",
        "{\"StartAt\": \"\\u12",
        "{'StartAt': 'A'}",
        "{\"a\" \"b\" \"c\"}",
        "}}}]]]",
        "\u{feff}{\"StartAt\": \"A\"}",
        "{\"States\": {\"A\": {\"Type\": \"Parallel\", \"Branches\": [{\"States\": 5}, 3, {}]}}}",
        "{\"States\": {\"A\": {\"Type\": \"Map\", \"ItemProcessor\": [], \"Iterator\": {\"States\": {}}}}}",
        "\r\r\n\n\u{2028}",
    ];
    for input in inputs
        .iter()
        .copied()
        .chain([deep_objects.as_str(), deep_arrays.as_str()])
    {
        exercise(input, Format::Json);
        exercise(input, Format::Yaml);
    }
}
