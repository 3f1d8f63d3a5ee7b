//! Code actions that change the definition's structure, offered in the
//! editor beside the diagnostics' own fixes (which `check --fix` applies;
//! these it does not, since each one is a choice the author makes):
//! create the state an unknown transition names, end a state or lead it to
//! the next one, remove a field that is not allowed, move the retrier or
//! catcher of `States.ALL` last, and turn a payload key into a `.$` key or
//! back. Each is an edit of the text as it is written, JSON or YAML.

use crate::analysis::{codes, Diagnostic};
use crate::model::StateId;
use crate::syntax::{Format, Member, NodeId, NodeKind, TextRange, Tree};
use crate::Analysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// It resolves a diagnostic.
    QuickFix,
    /// It rewrites what is already right.
    Refactor,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    /// Non-overlapping edits of the text, in order.
    pub edits: Vec<(TextRange, String)>,
    /// The diagnostic it resolves, as its index in `analysis.diagnostics`.
    pub resolves: Option<usize>,
    /// Why it cannot be applied here (then it has no edits): shown to the
    /// author instead of leaving them to guess why it is missing.
    pub declined: Option<String>,
}

/// The actions for the range `range` of `text` (the analysis's text).
pub fn actions(analysis: &Analysis, text: &str, range: TextRange) -> Vec<Action> {
    let mut found = Vec::new();
    for (index, diagnostic) in analysis.diagnostics.iter().enumerate() {
        if diagnostic.range.start() > range.end() || range.start() > diagnostic.range.end() {
            continue;
        }
        let before = found.len();
        match diagnostic.code {
            codes::MISSING_TRANSITION_TARGET => create_state(analysis, text, diagnostic, &mut found),
            codes::SCHEMA => {
                end_or_next(analysis, text, diagnostic, &mut found);
                remove_field(analysis, text, diagnostic, &mut found);
            }
            codes::STATES_ALL_PLACEMENT => all_last(analysis, text, diagnostic, &mut found),
            codes::NO_DOLLAR => add_dollar(analysis, text, diagnostic, &mut found),
            _ => {}
        }
        for action in &mut found[before..] {
            action.resolves = Some(index);
        }
    }
    literal_key(analysis, text, range, &mut found);
    found.extend(super::convert::to_jsonata(analysis, text, range));
    found
}

fn quick_fix(title: String, edits: Vec<(TextRange, String)>) -> Action {
    Action {
        title,
        kind: ActionKind::QuickFix,
        edits,
        resolves: None,
        declined: None,
    }
}

// ---------------------------------------------------------------------------
// Where things are written

/// The indentation of the line `offset` is on.
pub(super) fn indentation_at(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The end of the line `offset` is on (before its `\n`).
pub(super) fn line_end(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').map_or(text.len(), |at| offset + at)
}

/// A key or string as the format writes it: JSON always quoted, YAML plain
/// where plain reads the same.
pub(super) fn written(format: Format, text: &str) -> String {
    let plain = format == Format::Yaml
        && !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '/'))
        && !text.starts_with([' ', '-'])
        && !text.ends_with(' ')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off"
        )
        && text.parse::<f64>().is_err();
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// The end of a member's value (its key's end while it has none).
pub(super) fn member_end(tree: &Tree, member: &Member) -> usize {
    member
        .value
        .map_or(tree.key_range(member).end(), |value| tree.range(value).end())
}

/// The edit that adds `key: value` as the last member of `object`. `json`
/// is the value as JSON, `yaml` its lines as block YAML (each indented
/// one level below the key by the caller's `unit`).
fn append_member(
    analysis: &Analysis,
    text: &str,
    object: NodeId,
    key: &str,
    json: &str,
    yaml: &[String],
) -> Option<(TextRange, String)> {
    let tree = &analysis.tree;
    let members = tree.members(object)?;
    let written_key = written(analysis.format, key);
    let range = tree.range(object);
    let flow = text[range.start()..].starts_with('{');
    let Some(last) = members.last() else {
        // `{}`: inside the braces.
        return flow.then(|| (TextRange::empty(range.start() + 1), format!("{written_key}: {json}")));
    };
    let end = member_end(tree, last);
    if flow {
        let inline = !text[range.start()..range.end()].contains('\n');
        if inline || analysis.format == Format::Yaml {
            return Some((TextRange::empty(end), format!(", {written_key}: {json}")));
        }
        let indent = indentation_at(text, tree.key_range(last).start());
        return Some((TextRange::empty(end), format!(",\n{indent}{written_key}: {json}")));
    }
    // A block mapping: a line after the last member's, at its keys' column
    // (for the mapping of a sequence item, the column after its `- `).
    let first = tree.key_range(&members[0]).start();
    let column = first - text[..first].rfind('\n').map_or(0, |at| at + 1);
    Some(block_lines(text, end, &" ".repeat(column), &written_key, yaml))
}

fn block_lines(text: &str, end: usize, indent: &str, key: &str, yaml: &[String]) -> (TextRange, String) {
    let at = line_end(text, end);
    let mut inserted = format!("\n{indent}{key}:");
    match yaml {
        [single] if !single.starts_with(' ') => {
            inserted.push(' ');
            inserted.push_str(single);
        }
        lines => {
            for line in lines {
                inserted.push('\n');
                inserted.push_str(indent);
                inserted.push_str(line);
            }
        }
    }
    (TextRange::empty(at), inserted)
}

// ---------------------------------------------------------------------------
// The actions

/// `Next: "Missing"` naming no state: a Pass state of that name, last in the scope.
fn create_state(analysis: &Analysis, text: &str, diagnostic: &Diagnostic, found: &mut Vec<Action>) {
    let machine = &analysis.machine;
    // The transition (or `StartAt`) whose value the diagnostic is on, and its scope.
    let from_state = machine.state_ids().find_map(|id| {
        let state = machine.state(id);
        state
            .transitions
            .iter()
            .find(|transition| machine.range(transition.target.range) == diagnostic.range)
            .map(|transition| (state.scope, transition.target.name.clone()))
    });
    let from_start = || {
        machine.scope_ids().find_map(|id| {
            let scope = machine.scope(id);
            let start = scope.start_at.as_ref()?;
            (machine.range(start.range) == diagnostic.range).then(|| (id, start.name.clone()))
        })
    };
    let Some((scope, name)) = from_state.or_else(from_start) else {
        return;
    };
    if name.is_empty() || machine.resolve(scope, &name).is_some() {
        return;
    }
    let Some(states) = machine.scope(scope).states_node else {
        return;
    };
    let unit = super::snippets::indent_unit(text);
    let yaml = vec![format!("{unit}Type: Pass"), format!("{unit}End: true")];
    let Some(edit) = append_member(
        analysis,
        text,
        states,
        &name,
        "{\"Type\": \"Pass\", \"End\": true}",
        &yaml,
    ) else {
        return;
    };
    found.push(quick_fix(format!("Create state {}", quoted(&name)), vec![edit]));
}

fn quoted(name: &str) -> String {
    serde_json::to_string(name).unwrap_or_default()
}

/// A state with neither `Next` nor `End`: end it, or lead it to the state after it.
fn end_or_next(analysis: &Analysis, text: &str, diagnostic: &Diagnostic, found: &mut Vec<Action>) {
    if !diagnostic.message.contains("needs either \"Next\" or \"End\"") {
        return;
    }
    let machine = &analysis.machine;
    let Some(id) = machine
        .state_ids()
        .find(|&id| machine.range(machine.state(id).key_range) == diagnostic.range)
    else {
        return;
    };
    let state = machine.state(id);
    let Some(node) = state.node else {
        return;
    };
    if let Some(edit) = append_member(analysis, text, node, "End", "true", &["true".to_string()]) {
        found.push(quick_fix("Add \"End\": true".to_string(), vec![edit]));
    }
    if let Some(following) = following(analysis, id) {
        let value = quoted(&following);
        let yaml_value = written(analysis.format, &following);
        if let Some(edit) = append_member(analysis, text, node, "Next", &value, &[yaml_value]) {
            found.push(quick_fix(format!("Add \"Next\": {value}"), vec![edit]));
        }
    }
}

/// The name of the state written after `id` in its scope.
fn following(analysis: &Analysis, id: StateId) -> Option<String> {
    let machine = &analysis.machine;
    let state = machine.state(id);
    let next = *machine.scope(state.scope).states.get(state.index + 1)?;
    Some(machine.state(next).name.to_string())
}

/// A field the object does not take (and no other name was meant): remove it.
fn remove_field(analysis: &Analysis, text: &str, diagnostic: &Diagnostic, found: &mut Vec<Action>) {
    if diagnostic.fix.is_some()
        || !diagnostic.message.starts_with("Field ")
        || !diagnostic.message.contains(" is not supported in ")
    {
        return;
    }
    let tree = &analysis.tree;
    let Some((object, index)) = key_containing(tree, diagnostic.range.start()) else {
        return;
    };
    let Some(members) = tree.members(object) else {
        return;
    };
    let member = &members[index];
    let key = tree.key_range(member);
    let end = member_end(tree, member);
    let range = tree.range(object);
    let flow = text[range.start()..].starts_with('{');
    let removed = if !flow {
        // A block mapping: the member's lines, when it starts its line.
        let line_start = text[..key.start()].rfind('\n').map_or(0, |at| at + 1);
        if !text[line_start..key.start()].chars().all(|c| c == ' ') {
            return;
        }
        let stop = line_end(text, end);
        TextRange::new(line_start, (stop + 1).min(text.len()))
    } else if index + 1 < members.len() {
        TextRange::new(key.start(), tree.key_range(&members[index + 1]).start())
    } else if index > 0 {
        TextRange::new(member_end(tree, &members[index - 1]), end)
    } else {
        TextRange::new(key.start(), end)
    };
    found.push(quick_fix(
        format!("Remove {}", quoted(&member.key)),
        vec![(removed, String::new())],
    ));
}

/// The retrier or catcher matching `States.ALL` before others: move it last.
fn all_last(analysis: &Analysis, text: &str, diagnostic: &Diagnostic, found: &mut Vec<Action>) {
    if !diagnostic.message.contains("must come last") {
        return;
    }
    let tree = &analysis.tree;
    let machine = &analysis.machine;
    for id in machine.state_ids() {
        let Some(node) = machine.state(id).node else {
            continue;
        };
        for field in ["Retry", "Catch"] {
            let Some(items) = tree.get(node, field).and_then(|array| tree.items(array)) else {
                continue;
            };
            let Some(at) = items.iter().position(|&item| {
                tree.range(item).start() <= diagnostic.range.start() && diagnostic.range.end() <= tree.range(item).end()
            }) else {
                continue;
            };
            let ranges: Vec<TextRange> = items.iter().map(|&item| tree.range(item)).collect();
            let mut order: Vec<usize> = (0..ranges.len()).filter(|&index| index != at).collect();
            order.push(at);
            // The elements change places; what lies between them stays.
            let mut rewritten = String::new();
            for (slot, &index) in order.iter().enumerate() {
                rewritten.push_str(&text[ranges[index].start()..ranges[index].end()]);
                if let Some(next) = ranges.get(slot + 1) {
                    rewritten.push_str(&text[ranges[slot].end()..next.start()]);
                }
            }
            let whole = TextRange::new(ranges[0].start(), ranges[ranges.len() - 1].end());
            found.push(quick_fix(
                format!("Move the {field} entry with \"States.ALL\" last"),
                vec![(whole, rewritten)],
            ));
            return;
        }
    }
}

/// Where the end of `member`'s key text is, before a closing quote.
fn key_text_end(text: &str, key: TextRange) -> usize {
    let written = &text[key.start()..key.end()];
    if written.len() >= 2 && (written.ends_with('"') || written.ends_with('\'')) {
        key.end() - 1
    } else {
        key.end()
    }
}

/// A path-looking value under a plain key: make the key a `.$` key.
fn add_dollar(analysis: &Analysis, text: &str, diagnostic: &Diagnostic, found: &mut Vec<Action>) {
    let tree = &analysis.tree;
    let mut stack: Vec<NodeId> = tree.root().into_iter().collect();
    while let Some(node) = stack.pop() {
        if !tree.range(node).contains_inclusive(diagnostic.range.start()) {
            continue;
        }
        match &tree.node(node).kind {
            NodeKind::Object(members) => {
                for member in members {
                    if member.value.is_some_and(|value| tree.range(value) == diagnostic.range) {
                        let at = key_text_end(text, tree.key_range(member));
                        found.push(quick_fix(
                            format!(
                                "Evaluate it: rename the key to {}",
                                quoted(&format!("{}.$", member.key))
                            ),
                            vec![(TextRange::empty(at), ".$".to_string())],
                        ));
                        return;
                    }
                }
                stack.extend(members.iter().filter_map(|member| member.value));
            }
            NodeKind::Array(items) => stack.extend(items.iter().copied()),
            _ => {}
        }
    }
}

/// On a `key.$` whose value is a string: pass the string as it is written instead.
fn literal_key(analysis: &Analysis, text: &str, range: TextRange, found: &mut Vec<Action>) {
    let tree = &analysis.tree;
    let Some((object, index)) = key_containing(tree, range.start()) else {
        return;
    };
    let Some(member) = tree.members(object).and_then(|members| members.get(index)) else {
        return;
    };
    let Some(name) = member.key.strip_suffix(".$") else {
        return;
    };
    if member.value.and_then(|value| tree.str(value)).is_none() || name.is_empty() {
        return;
    }
    // Not when the plain key is there too: the two would clash.
    if tree.member(object, name).is_some() {
        return;
    }
    let end = key_text_end(text, tree.key_range(member));
    found.push(Action {
        title: format!("Pass the value as written: rename the key to {}", quoted(name)),
        kind: ActionKind::Refactor,
        edits: vec![(TextRange::new(end - 2, end), String::new())],
        resolves: None,
        declined: None,
    });
}

/// The member whose key the offset is in.
fn key_containing(tree: &Tree, offset: usize) -> Option<(NodeId, usize)> {
    let mut stack: Vec<NodeId> = tree.root().into_iter().collect();
    while let Some(node) = stack.pop() {
        if !tree.range(node).contains_inclusive(offset) {
            continue;
        }
        match &tree.node(node).kind {
            NodeKind::Object(members) => {
                if let Some(index) = members
                    .iter()
                    .position(|member| tree.key_range(member).contains_inclusive(offset))
                {
                    return Some((node, index));
                }
                stack.extend(members.iter().filter_map(|member| member.value));
            }
            NodeKind::Array(items) => stack.extend(items.iter().copied()),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::ide::fixture::apply;

    /// Apply the action titled `title` for the diagnostic of `code` (the
    /// first one); the result has no diagnostic of that code there, and no
    /// error the text did not have.
    fn fixed(text: &str, format: Format, code: &str, title: &str) -> String {
        let analysis = Analysis::new(text, format);
        let (index, diagnostic) = analysis
            .diagnostics
            .iter()
            .enumerate()
            .find(|(_, diagnostic)| diagnostic.code == code)
            .unwrap_or_else(|| panic!("no {code} in {:#?}", analysis.diagnostics));
        let offered = actions(&analysis, text, diagnostic.range);
        let action = offered
            .iter()
            .find(|action| action.title == title)
            .unwrap_or_else(|| panic!("no action {title:?}: {offered:#?}"));
        assert_eq!(action.resolves, Some(index));
        let after = apply(text, &action.edits);
        let again = Analysis::new(&after, format);
        let errors = |analysis: &Analysis| -> Vec<String> {
            analysis
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.severity == Severity::Error)
                .map(|diagnostic| diagnostic.message.clone())
                .collect()
        };
        let before = errors(&analysis);
        let new: Vec<String> = errors(&again)
            .into_iter()
            .filter(|error| !before.contains(error))
            .collect();
        assert!(new.is_empty(), "{title}: new errors {new:#?} in\n{after}");
        assert!(
            again.diagnostics.len() < analysis.diagnostics.len(),
            "{title}: nothing resolved in\n{after}\n{:#?}",
            again.diagnostics
        );
        after
    }

    #[test]
    fn create_a_missing_state() {
        let json = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"Save order\"}\n  }\n}\n";
        let after = fixed(
            json,
            Format::Json,
            codes::MISSING_TRANSITION_TARGET,
            "Create state \"Save order\"",
        );
        assert_eq!(
            after,
            "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"Save order\"},\n    \"Save order\": {\"Type\": \"Pass\", \"End\": true}\n  }\n}\n"
        );
        let yaml = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Save order  # to be written\nComment: x\n";
        let after = fixed(
            yaml,
            Format::Yaml,
            codes::MISSING_TRANSITION_TARGET,
            "Create state \"Save order\"",
        );
        assert_eq!(
            after,
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Save order  # to be written\n  Save order:\n    Type: Pass\n    End: true\nComment: x\n"
        );
        // Inside a branch: in the branch's own States.
        let branch = r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
  {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Y"}}}]}}}"#;
        let after = fixed(
            branch,
            Format::Json,
            codes::MISSING_TRANSITION_TARGET,
            "Create state \"Y\"",
        );
        assert!(
            after.contains(r#""X": {"Type": "Pass", "Next": "Y"}, "Y": {"Type": "Pass", "End": true}}"#),
            "{after}"
        );
    }

    #[test]
    fn end_a_state_or_lead_it_on() {
        let json = "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\n    \"Type\": \"Pass\"\n  },\n  \"B\": {\"Type\": \"Succeed\"}\n}}";
        let after = fixed(json, Format::Json, codes::SCHEMA, "Add \"Next\": \"B\"");
        assert!(
            after.contains("\"Type\": \"Pass\",\n    \"Next\": \"B\"\n  }"),
            "{after}"
        );
        let after = fixed(json, Format::Json, codes::SCHEMA, "Add \"End\": true");
        assert!(after.contains("\"Type\": \"Pass\",\n    \"End\": true\n  }"), "{after}");
        let yaml = "StartAt: A\nStates:\n  A:\n    Type: Pass\n  B:\n    Type: Succeed\n";
        let after = fixed(yaml, Format::Yaml, codes::SCHEMA, "Add \"Next\": \"B\"");
        assert_eq!(
            after,
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n  B:\n    Type: Succeed\n"
        );
    }

    #[test]
    fn remove_a_field_that_is_not_allowed() {
        let json = "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\n    \"Type\": \"Pass\",\n    \"Colour\": \"red\",\n    \"End\": true\n  }\n}}";
        let after = fixed(json, Format::Json, codes::SCHEMA, "Remove \"Colour\"");
        assert_eq!(
            after,
            "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\n    \"Type\": \"Pass\",\n    \"End\": true\n  }\n}}"
        );
        let last = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Colour": "red"}}}"#;
        let after = fixed(last, Format::Json, codes::SCHEMA, "Remove \"Colour\"");
        assert_eq!(
            after,
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#
        );
        let yaml = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Colour:\n      - red\n    End: true\n";
        let after = fixed(yaml, Format::Yaml, codes::SCHEMA, "Remove \"Colour\"");
        assert_eq!(after, "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n");
    }

    #[test]
    fn states_all_last() {
        let json = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true,
  "Retry": [
    {"ErrorEquals": ["States.ALL"]},
    {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 1}
  ]}}}"#;
        let after = fixed(
            json,
            Format::Json,
            codes::STATES_ALL_PLACEMENT,
            "Move the Retry entry with \"States.ALL\" last",
        );
        assert!(
            after.contains("[\n    {\"ErrorEquals\": [\"States.Timeout\"], \"MaxAttempts\": 1},\n    {\"ErrorEquals\": [\"States.ALL\"]}\n  ]"),
            "{after}"
        );
        let yaml = "StartAt: T\nStates:\n  T:\n    Type: Task\n    Resource: arn:aws:lambda:us-east-1:123456789012:function:f\n    End: true\n    Catch:\n      - ErrorEquals: [States.ALL]\n        Next: F\n      - ErrorEquals: [States.Timeout]\n        Next: F\n  F:\n    Type: Fail\n";
        let after = fixed(
            yaml,
            Format::Yaml,
            codes::STATES_ALL_PLACEMENT,
            "Move the Catch entry with \"States.ALL\" last",
        );
        assert!(
            after.contains("      - ErrorEquals: [States.Timeout]\n        Next: F\n      - ErrorEquals: [States.ALL]\n        Next: F\n"),
            "{after}"
        );
    }

    #[test]
    fn dollar_keys_both_ways() {
        let json =
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id": "$.order.id"}, "End": true}}}"#;
        let after = fixed(
            json,
            Format::Json,
            codes::NO_DOLLAR,
            "Evaluate it: rename the key to \"id.$\"",
        );
        assert_eq!(after, json.replace("\"id\"", "\"id.$\""));
        // And back, as a refactoring on the key.
        let analysis = Analysis::new(&after, Format::Json);
        let at = after.find("id.$").unwrap();
        let back = actions(&analysis, &after, TextRange::empty(at));
        // That, and the state's conversion to JSONata.
        assert_eq!(back.len(), 2, "{back:#?}");
        assert_eq!(back[0].kind, ActionKind::Refactor);
        assert_eq!(back[0].title, "Pass the value as written: rename the key to \"id\"");
        assert_eq!(apply(&after, &back[0].edits), json);
        assert_eq!(back[1].title, "Convert \"A\" to JSONata");
        let yaml = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Parameters:\n      id: $.order.id\n    End: true\n";
        let after = fixed(
            yaml,
            Format::Yaml,
            codes::NO_DOLLAR,
            "Evaluate it: rename the key to \"id.$\"",
        );
        assert!(after.contains("      id.$: $.order.id\n"), "{after}");
    }
}
