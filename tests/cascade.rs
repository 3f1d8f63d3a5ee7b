//! One mistake, one problem: breaking one transition of a realistic workflow
//! (a typo in a `Next`, as when it is half typed) adds exactly one error at
//! the transition, at most one report of the states it cut off, and nothing
//! from the rules that depend on reachability (variables, terminal paths).

use std::fs;
use std::path::Path;

use asl_lsp::check::{codes, Severity};
use asl_lsp::syntax::Format;
use asl_lsp::Analysis;

fn errors(analysis: &Analysis) -> Vec<(&'static str, String)> {
    analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| (diagnostic.code, diagnostic.message.clone()))
        .collect()
}

#[test]
fn a_broken_next_is_one_error_and_at_most_one_unreachable_report() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workflows");
    let mut tried = 0;
    let mut names: Vec<_> = fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    names.sort();
    for path in names {
        let name = path.to_string_lossy().into_owned();
        if !name.contains(".asl.") {
            continue;
        }
        let format = Format::from_path(&name);
        let text = fs::read_to_string(&path).unwrap();
        let before = errors(&Analysis::new(&text, format));
        let needle = if format == Format::Json {
            "\"Next\": \""
        } else {
            "Next: "
        };
        for (at, _) in text.match_indices(needle) {
            let name_start = at + needle.len();
            // Half typed: the name loses its last character.
            let name_end = text[name_start..]
                .find(['"', '\n'])
                .map_or(text.len(), |end| name_start + end);
            if name_end <= name_start + 1 {
                continue;
            }
            let broken = format!("{}{}", &text[..name_end - 1], &text[name_end..]);
            let analysis = Analysis::new(&broken, format);
            let after = errors(&analysis);
            let file = path.file_name().unwrap().to_string_lossy();
            let new: Vec<_> = after.iter().filter(|error| !before.contains(error)).collect();
            let missing = new
                .iter()
                .filter(|(code, message)| {
                    *code == codes::MISSING_TRANSITION_TARGET && message.starts_with("Missing 'Next'")
                })
                .count();
            let unreachable = new
                .iter()
                .filter(|(_, message)| message.contains("is not reachable"))
                .count();
            assert_eq!(missing, 1, "{file} at byte {at}: {new:#?}");
            assert!(unreachable <= 1, "{file} at byte {at}: {new:#?}");
            assert_eq!(new.len(), missing + unreachable, "{file} at byte {at}: {new:#?}");
            assert!(
                !analysis
                    .diagnostics
                    .iter()
                    .any(|diagnostic| diagnostic.code == codes::UNDEFINED_VARIABLE
                        && !before.iter().any(|(code, _)| *code == codes::UNDEFINED_VARIABLE)),
                "{file} at byte {at}: a cut-off state's reads are not reported again"
            );
            tried += 1;
        }
    }
    assert!(tried >= 20, "only {tried} transitions were broken");
}
