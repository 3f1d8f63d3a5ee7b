//! References and rename of states: every `StartAt`, `Next`, `Default`,
//! Choice rule `Next` and Catch `Next` in the state's scope that names it.

use super::classify::{classify, Site};
use super::variables;
use crate::model::StateId;
use crate::syntax::{Format, TextRange};
use crate::Analysis;

/// The state under the cursor: on its key, or on a transition naming it.
fn state_at(analysis: &Analysis, offset: usize) -> Option<StateId> {
    match classify(analysis, offset)? {
        Site::StateKey(state) => Some(state),
        Site::StateRef(reference) => reference.resolve(analysis),
        _ => None,
    }
}

/// Every place that names `state`: the transitions and `StartAt` of its scope
/// that resolve to it, and (with `include_declaration`) its key.
pub fn references_to(analysis: &Analysis, state: StateId, include_declaration: bool) -> Vec<TextRange> {
    let machine = &analysis.machine;
    let target = machine.state(state);
    let mut ranges = Vec::new();
    if include_declaration {
        ranges.push(machine.range(target.key_range));
    }
    let scope = machine.scope(target.scope);
    if let Some(start_at) = &scope.start_at {
        if start_at.name == target.name {
            ranges.push(machine.range(start_at.range));
        }
    }
    for &id in &scope.states {
        for transition in &machine.state(id).transitions {
            if transition.target.name == target.name {
                ranges.push(machine.range(transition.target.range));
            }
        }
    }
    ranges.sort();
    ranges
}

/// References of the state (or variable) under the cursor.
pub fn references(analysis: &Analysis, offset: usize, include_declaration: bool) -> Vec<TextRange> {
    match classify(analysis, offset) {
        Some(Site::StateKey(state)) => references_to(analysis, state, include_declaration),
        Some(Site::StateRef(reference)) => reference
            .resolve(analysis)
            .map(|state| references_to(analysis, state, include_declaration))
            .unwrap_or_default(),
        Some(Site::Variable { name, .. }) => variables::references_of(analysis, name, include_declaration),
        _ => Vec::new(),
    }
}

/// The name that a rename at `offset` would change, and its range.
pub fn prepare_rename(analysis: &Analysis, offset: usize) -> Option<(TextRange, String)> {
    match classify(analysis, offset)? {
        Site::StateRef(reference) => {
            reference.resolve(analysis)?;
            Some((
                analysis.machine.range(reference.target.range),
                reference.target.name.to_string(),
            ))
        }
        Site::StateKey(state) => {
            let state = analysis.machine.state(state);
            Some((analysis.machine.range(state.key_range), state.name.to_string()))
        }
        Site::Variable {
            name,
            range,
            write: false,
        } => Some((range, format!("${name}"))),
        Site::Variable {
            name,
            range,
            write: true,
        } => Some((range, name.to_string())),
        _ => None,
    }
}

/// The occurrences of the state or variable under the cursor, for the
/// editor to highlight; `true` marks where a variable is written (or a
/// state is named by its key).
pub fn highlights(analysis: &Analysis, offset: usize) -> Vec<(TextRange, bool)> {
    match classify(analysis, offset) {
        Some(Site::StateKey(state)) => declared_and_referenced(analysis, state),
        Some(Site::StateRef(reference)) => reference
            .resolve(analysis)
            .map(|state| declared_and_referenced(analysis, state))
            .unwrap_or_default(),
        Some(Site::Variable { name, .. }) => {
            let written = variables::definitions_of(analysis, name);
            variables::references_of(analysis, name, true)
                .into_iter()
                .map(|range| (range, written.contains(&range)))
                .collect()
        }
        _ => Vec::new(),
    }
}

fn declared_and_referenced(analysis: &Analysis, state: StateId) -> Vec<(TextRange, bool)> {
    let key = analysis.machine.range(analysis.machine.state(state).key_range);
    references_to(analysis, state, true)
        .into_iter()
        .map(|range| (range, range == key))
        .collect()
}

/// Rename the variable `name` everywhere: each `$name` read and each
/// `Assign` key (keeping its `.$`).
fn rename_variable(analysis: &Analysis, text: &str, name: &str, new_name: &str) -> Result<Vec<Edit>, String> {
    let new_name = new_name.strip_prefix('$').unwrap_or(new_name);
    if let Some(problem) = crate::model::variables::name_problem(new_name) {
        return Err(format!("{new_name:?} cannot name a variable: {problem:?}"));
    }
    let mut edits: Vec<Edit> = analysis
        .variables
        .uses
        .iter()
        .filter(|variable_use| variable_use.name == name)
        .map(|variable_use| Edit {
            range: variable_use.range,
            new_text: format!("${new_name}"),
        })
        .collect();
    for definition in analysis
        .variables
        .definitions
        .iter()
        .filter(|definition| definition.name == name)
    {
        let key = text.get(definition.range.start()..definition.range.end()).unwrap_or("");
        let suffix = if key.trim_end_matches(['"', '\'']).ends_with(".$") {
            ".$"
        } else {
            ""
        };
        let new_key = format!("{new_name}{suffix}");
        let quoted = key.starts_with(['"', '\'']) || analysis.format == Format::Json;
        edits.push(Edit {
            range: definition.range,
            new_text: if quoted {
                serde_json::to_string(&new_key).unwrap_or_else(|_| format!("{new_key:?}"))
            } else {
                new_key
            },
        });
    }
    edits.sort_by_key(|edit| edit.range);
    edits.dedup_by_key(|edit| edit.range);
    Ok(edits)
}

/// One replacement: the text of `range` becomes `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

/// Rename the state or variable under the cursor and every reference to it.
/// Names are written as double-quoted strings, which JSON and YAML both read;
/// `text` is the document, from which a variable's `Assign` keys are read
/// to keep their quoting.
pub fn rename(analysis: &Analysis, text: &str, offset: usize, new_name: &str) -> Result<Vec<Edit>, String> {
    if let Some(Site::Variable { name, .. }) = classify(analysis, offset) {
        return rename_variable(analysis, text, name, new_name);
    }
    let Some(state) = state_at(analysis, offset) else {
        return Err("There is no state or variable name here to rename".to_string());
    };
    if new_name.is_empty() {
        return Err("A state name must not be empty".to_string());
    }
    let length = new_name.chars().count();
    if length > 80 {
        return Err(format!("A state name is at most 80 characters; this one has {length}"));
    }
    let old_name = &analysis.machine.state(state).name;
    if new_name != old_name && !analysis.machine.states_named(new_name).is_empty() {
        return Err(format!(
            "A state named {new_name:?} already exists: state names are unique in the whole definition"
        ));
    }
    let new_text = match analysis.format {
        Format::Json | Format::Yaml => serde_json::to_string(new_name).unwrap_or_else(|_| format!("{new_name:?}")),
    };
    Ok(references_to(analysis, state, true)
        .into_iter()
        .map(|range| Edit {
            range,
            new_text: new_text.clone(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::ide::fixture;

    /// Show the document with every reference marked as `[…]`.
    fn check(fixture: &str, expect: Expect) {
        let (text, offset) = fixture::cursor(fixture);
        let analysis = fixture::analyse(&text);
        let ranges = references(&analysis, offset, true);
        let mut marked = text.clone();
        for range in ranges.iter().rev() {
            marked.insert(range.end(), ']');
            marked.insert(range.start(), '[');
        }
        expect.assert_eq(&marked);
    }

    #[test]
    fn from_a_key_and_from_a_reference() {
        let doc = r#"{"StartAt": "A", "States": {
  "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "B"}], "Default": "B"},
  "B$0": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "C",
    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B"}]},
  "C": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B2", "States": {"B2": {"Type": "Succeed"}}}]}
}}"#;
        check(
            doc,
            expect![[r#"
                {"StartAt": "A", "States": {
                  "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": ["B"]}], "Default": ["B"]},
                  ["B"]: {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "C",
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": ["B"]}]},
                  "C": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B2", "States": {"B2": {"Type": "Succeed"}}}]}
                }}"#]],
        );
        check(
            r#"{"StartAt": "A$0", "States": {"A": {"Type": "Pass", "Next": "A"}}}"#,
            expect![[r#"{"StartAt": ["A"], "States": {["A"]: {"Type": "Pass", "Next": ["A"]}}}"#]],
        );
    }

    #[test]
    fn variables_rename_and_highlight() {
        let (text, offset) = fixture::cursor(
            r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Assign": {"total.$": "$.sum", "n": 1}, "Next": "B"},
  "B": {"Type": "Pass", "Parameters": {"t.$": "$to$0tal"}, "Next": "C"},
  "C": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $total + $n %}", "End": true}
}}"#,
        );
        let analysis = fixture::analyse(&text);
        let marks: Vec<(&str, bool)> = highlights(&analysis, offset)
            .into_iter()
            .map(|(range, write)| (&text[range.start()..range.end()], write))
            .collect();
        assert_eq!(marks, [("\"total.$\"", true), ("$total", false), ("$total", false)]);
        let edits = rename(&analysis, &text, offset, "$sum").unwrap();
        let mut renamed = text.clone();
        for edit in edits.iter().rev() {
            renamed.replace_range(edit.range.start()..edit.range.end(), &edit.new_text);
        }
        assert!(renamed.contains(r#"{"sum.$": "$.sum", "n": 1}"#), "{renamed}");
        assert!(renamed.contains(r#""t.$": "$sum""#), "{renamed}");
        assert!(renamed.contains("{% $sum + $n %}"), "{renamed}");
        assert!(rename(&analysis, &text, offset, "states").is_err());
        assert_eq!(
            prepare_rename(&analysis, offset).map(|(_, name)| name),
            Some("$total".to_string())
        );
    }

    #[test]
    fn rename_checks_the_new_name() {
        let (text, offset) = fixture::cursor(
            r#"{"StartAt": "A", "States": {"A$0": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#,
        );
        let analysis = fixture::analyse(&text);
        assert_eq!(
            rename(&analysis, &text, offset, "B"),
            Err("A state named \"B\" already exists: state names are unique in the whole definition".to_string())
        );
        assert!(rename(&analysis, &text, offset, "").is_err());
        let edits = rename(&analysis, &text, offset, "Say \"hi\"").unwrap();
        let mut renamed = text.clone();
        for edit in edits.iter().rev() {
            renamed.replace_range(edit.range.start()..edit.range.end(), &edit.new_text);
        }
        assert_eq!(
            renamed,
            r#"{"StartAt": "Say \"hi\"", "States": {"Say \"hi\"": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#
        );
        assert_eq!(
            prepare_rename(&analysis, offset),
            Some((TextRange::new(28, 31), "A".to_string()))
        );
    }
}
