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
        ranges.push(target.key_range);
    }
    let scope = machine.scope(target.scope);
    if let Some(start_at) = &scope.start_at {
        if start_at.name == target.name {
            ranges.push(start_at.range);
        }
    }
    for &id in &scope.states {
        for transition in &machine.state(id).transitions {
            if transition.target.name == target.name {
                ranges.push(transition.target.range);
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
            Some((reference.target.range, reference.target.name.clone()))
        }
        Site::StateKey(state) => {
            let state = analysis.machine.state(state);
            Some((state.key_range, state.name.clone()))
        }
        _ => None,
    }
}

/// One replacement: the text of `range` becomes `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

/// Rename the state under the cursor and every reference to it. Names are
/// written as double-quoted strings, which JSON and YAML both read.
pub fn rename(analysis: &Analysis, offset: usize, new_name: &str) -> Result<Vec<Edit>, String> {
    let Some(state) = state_at(analysis, offset) else {
        return Err("There is no state name here to rename".to_string());
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
    fn rename_checks_the_new_name() {
        let (text, offset) = fixture::cursor(
            r#"{"StartAt": "A", "States": {"A$0": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#,
        );
        let analysis = fixture::analyse(&text);
        assert_eq!(
            rename(&analysis, offset, "B"),
            Err("A state named \"B\" already exists: state names are unique in the whole definition".to_string())
        );
        assert!(rename(&analysis, offset, "").is_err());
        let edits = rename(&analysis, offset, "Say \"hi\"").unwrap();
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
