//! Converting JSONPath states to JSONata over documents written by others:
//! for every JSONPath state in the conformance corpus, our workflows and the
//! examples, the conversion is either declined with a reason or, applied,
//! leaves a definition with no error it did not have and the state in
//! JSONata.

mod common;

use std::collections::BTreeMap;

use asl_lsp::catalog::kinds::QueryLanguage;
use asl_lsp::check::Severity;
use asl_lsp::ide;
use asl_lsp::syntax::{Format, TextRange};
use asl_lsp::Analysis;

fn errors(analysis: &Analysis) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    for diagnostic in &analysis.diagnostics {
        if diagnostic.severity == Severity::Error {
            *found.entry(diagnostic.message.clone()).or_default() += 1;
        }
    }
    found
}

/// The error messages `after` has more often than `before` had them.
fn new_errors(before: &BTreeMap<String, usize>, after: &Analysis) -> Vec<String> {
    errors(after)
        .into_iter()
        .filter(|(message, count)| before.get(message).is_none_or(|had| had < count))
        .map(|(message, _)| message)
        .collect()
}

fn apply(text: &str, edits: &[(TextRange, String)]) -> String {
    let mut out = text.to_string();
    for (range, new_text) in edits.iter().rev() {
        out.replace_range(range.start()..range.end(), new_text);
    }
    out
}

#[test]
fn every_jsonpath_state_converts_cleanly_or_says_why_not() {
    let paths = common::corpus_documents();
    let (mut converted, mut declined) = (0, 0);
    let (mut machines, mut machines_declined) = (0, 0);
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let format = if path.extension().is_some_and(|ext| ext == "json") {
            Format::Json
        } else {
            Format::Yaml
        };
        let analysis = Analysis::new(&text, format);
        let before = errors(&analysis);
        let machine = &analysis.machine;
        // The whole machine, the same way.
        if let Some(action) = ide::machine_to_jsonata(&analysis, &text) {
            if action.declined.is_some() {
                machines_declined += 1;
            } else {
                machines += 1;
                let after = apply(&text, &action.edits);
                let again = Analysis::new(&after, format);
                let new = new_errors(&before, &again);
                if !new.is_empty() {
                    problems.push(format!("{}: the machine: new errors {new:?}\n{after}", path.display()));
                }
                if again.machine.query_language != Some(QueryLanguage::Jsonata)
                    || again
                        .machine
                        .state_ids()
                        .any(|id| again.machine.state(id).query_language != QueryLanguage::Jsonata)
                {
                    problems.push(format!(
                        "{}: the machine: not all JSONata after\n{after}",
                        path.display()
                    ));
                }
            }
        }
        for id in machine.state_ids() {
            let state = machine.state(id);
            if state.query_language != QueryLanguage::JsonPath || state.node.is_none() {
                continue;
            }
            let at = machine.range(state.key_range).start();
            let offered = ide::actions(&analysis, &text, TextRange::empty(at));
            let Some(action) = offered.iter().find(|action| action.title.ends_with(" to JSONata")) else {
                problems.push(format!("{}: {}: no conversion offered", path.display(), state.name));
                continue;
            };
            if let Some(reason) = &action.declined {
                declined += 1;
                assert!(action.edits.is_empty());
                let first_words: String = reason.split(':').next().unwrap_or(reason).to_string();
                *reasons.entry(first_words).or_default() += 1;
                continue;
            }
            converted += 1;
            let after = apply(&text, &action.edits);
            let again = Analysis::new(&after, format);
            let new = new_errors(&before, &again);
            if !new.is_empty() {
                problems.push(format!(
                    "{}: {}: new errors {new:?}\n{after}",
                    path.display(),
                    state.name
                ));
            }
            // The same state: converting changes no structure, so states keep their order.
            let same = again
                .machine
                .state_ids()
                .find(|&other| other == id)
                .map(|other| again.machine.state(other));
            if same.is_none_or(|other| other.name != state.name || other.query_language != QueryLanguage::Jsonata) {
                problems.push(format!(
                    "{}: {}: not a JSONata state after\n{after}",
                    path.display(),
                    state.name
                ));
            }
        }
    }
    eprintln!("states: converted {converted}, declined {declined}: {reasons:#?}");
    eprintln!("machines: converted {machines}, declined {machines_declined}");
    assert!(machines >= 50, "only {machines} machines converted");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    // The corpus has hundreds of JSONPath states: most of the simple ones convert.
    assert!(converted >= 100, "only {converted} states converted");
}
