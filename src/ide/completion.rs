//! Completion: state names where a state is named, the fields a state or
//! nested object may still take, values of enumerations and types, Task
//! resources, error names, intrinsic and JSONata functions, context object
//! members and variables, all from the model and the catalogue.

use std::collections::BTreeSet;

use crate::catalog::choice::{Operand, OPERATORS};
use crate::catalog::integrations::{self, Support};
use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::catalog::schema::{Field, Kind, Lang, Schema};
use crate::catalog::{errors, states};
use crate::lang::{intrinsic, jsonata};
use crate::model::{ScopeId, State};
use crate::syntax::{Format, NodeId, NodeKind, TextRange};
use crate::Analysis;

use super::classify::{self, Site};
use super::locate::{self, Place, Target};
use super::sdk;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    State,
    Field,
    Value,
    Resource,
    Error,
    Function,
    Variable,
    /// A whole state.
    Snippet,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// The text that replaces `range`.
    pub insert_text: String,
    /// The same as a snippet with tab stops (`"TimeoutSeconds": ${1:60}`),
    /// for clients that take snippets; `None`: `insert_text` as it is.
    pub snippet: Option<String>,
    /// What the client matches the typed text against; `None`: `insert_text`.
    pub filter_text: Option<String>,
    /// The order of the list: best match for the typed text first.
    pub sort_text: String,
    pub range: TextRange,
    /// The text spans lines: the snippet's later lines are indented
    /// relative to the line it goes on (the client adds that line's
    /// indentation), `insert_text`'s with it written out.
    pub relative_indent: bool,
    /// Edits elsewhere in the text made with this one (the comma a JSON
    /// member before a new one needs), none of them touching `range`.
    pub additional_edits: Vec<(TextRange, String)>,
}

impl Completion {
    pub(super) fn new(label: String, kind: CompletionKind, insert_text: String, range: TextRange) -> Completion {
        Completion {
            label,
            kind,
            detail: None,
            documentation: None,
            insert_text,
            snippet: None,
            filter_text: None,
            sort_text: String::new(),
            range,
            relative_indent: false,
            additional_edits: Vec::new(),
        }
    }
}

/// Escape text for a snippet, where `$`, `}` and `\` are syntax.
pub fn snippet_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '$' | '}' | '\\') {
            escaped.push('\\');
        }
        escaped.push(ch);
    }
    escaped
}

/// Order items by how well they match `typed`: the label starts with it
/// (exact case first), then contains it, then the rest, each group in the
/// order the items were made.
fn rank(items: &mut [Completion], typed: &str) {
    let typed = typed.trim_start_matches(['"', '\'']);
    let lower = typed.to_lowercase();
    for (index, item) in items.iter_mut().enumerate() {
        let group = match_group(&item.label, typed, &lower);
        item.sort_text = format!("{group}{index:06}");
    }
}

/// How well `label` matches what is typed: 0 starts with it, 1 the same
/// ignoring case, 2 contains it ignoring case, 3 not at all.
fn match_group(label: &str, typed: &str, typed_lower: &str) -> u8 {
    if label.starts_with(typed) {
        return 0;
    }
    if label.is_ascii() && typed.is_ascii() {
        // The common case, without lowercasing a copy of every label.
        let (label, typed) = (label.as_bytes(), typed.as_bytes());
        return if label.len() >= typed.len() && label[..typed.len()].eq_ignore_ascii_case(typed) {
            1
        } else if label
            .windows(typed.len().max(1))
            .any(|window| window.eq_ignore_ascii_case(typed))
        {
            2
        } else {
            3
        };
    }
    let label_lower = label.to_lowercase();
    if label_lower.starts_with(typed_lower) {
        1
    } else if label_lower.contains(typed_lower) {
        2
    } else {
        3
    }
}

/// A list of state names longer than this keeps only its best names (the
/// server marks such a list incomplete, so the client asks again as the
/// user types). A hundred, as clangd sends by default: more than a menu
/// shows, and each item costs its share of every answer's time.
pub const MAX_COMPLETIONS: usize = 100;

/// The best [`MAX_COMPLETIONS`] of `states` for what is typed, in their
/// order: ranked before any completion item is made of them.
fn best_states<'a>(states: Vec<&'a State>, typed: &str) -> Vec<&'a State> {
    if states.len() <= MAX_COMPLETIONS {
        return states;
    }
    let typed = typed.trim_start_matches(['"', '\'']);
    let lower = typed.to_lowercase();
    let mut ranked: Vec<(u8, usize)> = states
        .iter()
        .enumerate()
        .map(|(index, state)| (match_group(&state.name, typed, &lower), index))
        .collect();
    ranked.select_nth_unstable(MAX_COMPLETIONS - 1);
    ranked.truncate(MAX_COMPLETIONS);
    ranked.sort_unstable_by_key(|&(_, index)| index);
    ranked.into_iter().map(|(_, index)| states[index]).collect()
}

/// Completions at `offset` of `text` (the text the analysis was made from).
pub fn completions(analysis: &Analysis, text: &str, offset: usize) -> Vec<Completion> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut items = candidates(analysis, text, offset);
    // What is typed so far: the replaced range up to the cursor.
    let typed = items
        .first()
        .and_then(|item| text.get(item.range.start()..offset.max(item.range.start())))
        .unwrap_or("")
        .to_string();
    rank(&mut items, &typed);
    items
}

fn candidates(analysis: &Analysis, text: &str, offset: usize) -> Vec<Completion> {
    if analysis.format == Format::Yaml {
        if let Some(items) = yaml_new_key(analysis, text, offset) {
            return items;
        }
    }
    let Some(site) = classify::structure(analysis, offset) else {
        return Vec::new();
    };
    let Some(cursor) = site.cursor() else {
        return Vec::new();
    };
    let tree = &analysis.tree;
    // Right after `"Key": ` or `Key: ` whose value is still missing: complete the value.
    if let Some((object, key_range, key)) = key_before_cursor(analysis, text, offset) {
        let Some(key_cursor) = locate::locate(tree, key_range.start()) else {
            return Vec::new();
        };
        let place = Place {
            key: Some(key),
            ..locate::place(analysis, &key_cursor)
        };
        let quote = analysis.format == Format::Json;
        let mut items = values(analysis, object, &place, "", TextRange::empty(offset), quote);
        if place.key.as_deref() == Some("Type") {
            super::snippets::type_skeletons(analysis, text, object, None, &mut items);
        }
        return items;
    }
    let place = locate::place(analysis, cursor);
    match site {
        Site::Key { object, index, .. } => {
            let Some(member) = tree.members(object).and_then(|members| members.get(index)) else {
                return Vec::new();
            };
            let range = analysis.tree.key_range(member);
            let quoted = text[range.start()..range.end()].starts_with('"');
            // A key still being typed, with no colon after it yet, becomes a whole member.
            let new_member = member.value.is_none() && !text[range.end()..].trim_start().starts_with(':');
            if analysis.machine.is_states_node(object) {
                return if new_member {
                    super::snippets::states(analysis, text, object, range)
                } else {
                    Vec::new()
                };
            }
            keys(analysis, object, &place, range, quoted, new_member)
        }
        Site::Between { container, .. } => {
            if analysis.machine.is_states_node(container) {
                super::snippets::states(analysis, text, container, TextRange::empty(offset))
            } else if tree.members(container).is_some() {
                keys(
                    analysis,
                    container,
                    &place,
                    TextRange::empty(offset),
                    analysis.format == Format::Json,
                    true,
                )
            } else if place.key.is_none() && is_error_list(analysis, cursor) {
                error_names(analysis, &place, TextRange::empty(offset), true)
            } else {
                Vec::new()
            }
        }
        Site::Value { node, .. } => {
            let Some(value) = tree.str(node) else {
                return Vec::new();
            };
            let range = tree.range(node);
            let raw = &text[range.start()..range.end()];
            let content_start = range.start() + usize::from(raw.starts_with('"') || raw.starts_with('\''));
            if offset < content_start {
                return Vec::new();
            }
            let typed = &text[content_start..offset];
            if is_error_list(analysis, cursor) {
                let end = if raw.len() > 1 && raw.ends_with('"') {
                    range.end() - 1
                } else {
                    range.end()
                };
                return error_names(analysis, &place, TextRange::new(content_start, end.max(offset)), false);
            }
            let holder = cursor.steps.last().map(|step| step.container);
            let Some(holder) = holder else {
                return Vec::new();
            };
            let _ = value;
            expression_completions(analysis, typed, offset, &place).unwrap_or_else(|| {
                let end = if raw.len() > 1 && (raw.ends_with('"') || raw.ends_with('\'')) {
                    range.end() - 1
                } else {
                    range.end()
                };
                let mut items = values(
                    analysis,
                    holder,
                    &place,
                    typed,
                    TextRange::new(content_start, end.max(offset)),
                    false,
                );
                if place.key.as_deref() == Some("Type") {
                    super::snippets::type_skeletons(analysis, text, holder, Some(node), &mut items);
                }
                items
            })
        }
        // `structure` answers only with places in the tree.
        Site::StateKey(_) | Site::StateRef(_) | Site::Variable { .. } => Vec::new(),
    }
}

/// The member whose value the cursor stands in front of, on the same line:
/// `"Next": |` in JSON, `Next: |` in YAML. Returns its object, key range and key.
fn key_before_cursor(analysis: &Analysis, text: &str, offset: usize) -> Option<(NodeId, TextRange, String)> {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    if !text[line_start..offset].trim_end().ends_with(':') {
        return None;
    }
    let tree = &analysis.tree;
    let mut stack: Vec<NodeId> = tree.root().into_iter().collect();
    while let Some(node) = stack.pop() {
        match &tree.node(node).kind {
            NodeKind::Object(members) => {
                for member in members {
                    let range = analysis.tree.key_range(member);
                    if range.start() >= line_start
                        && range.end() <= offset
                        && text[range.end()..offset].trim() == ":"
                        && member.value.is_none_or(|value| {
                            let value_range = tree.range(value);
                            value_range.is_empty() || value_range.start() > offset
                        })
                    {
                        return Some((node, range, member.key.to_string()));
                    }
                    stack.extend(member.value);
                }
            }
            NodeKind::Array(items) => stack.extend(items.iter().copied()),
            _ => {}
        }
    }
    None
}

/// In YAML a new key is typed on a line of its own, outside the range of
/// the mapping it belongs to (a block mapping ends at its last value). The
/// mapping is the innermost one before the cursor whose keys stand at the
/// cursor line's indentation.
fn yaml_new_key(analysis: &Analysis, text: &str, offset: usize) -> Option<Vec<Completion>> {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    let before = &text[line_start..offset];
    let indentation = before.len() - before.trim_start_matches(' ').len();
    let typed = &before[indentation..];
    let line_end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |index| offset + index);
    if typed.contains([':', '"', '\'', '#', '-', '{', '[']) || !text[offset..line_end].trim().is_empty() {
        return None;
    }
    let tree = &analysis.tree;
    let column_of = |position: usize| position - text[..position].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    let mut best: Option<(NodeId, usize)> = None;
    let mut stack: Vec<NodeId> = tree.root().into_iter().collect();
    while let Some(node) = stack.pop() {
        match &tree.node(node).kind {
            NodeKind::Object(members) => {
                if let Some(first) = members.first() {
                    let start = analysis.tree.key_range(first).start();
                    if start < line_start && column_of(start) == indentation && best.is_none_or(|(_, at)| start > at) {
                        best = Some((node, start));
                    }
                }
                stack.extend(members.iter().filter_map(|member| member.value));
            }
            NodeKind::Array(items) => stack.extend(items.iter().copied()),
            _ => {}
        }
    }
    let (object, first_key) = best?;
    // Inside the first key (a YAML mapping starts at it), to find the mapping's place.
    let cursor = locate::locate(tree, first_key + 1)?;
    let place = locate::place(analysis, &cursor);
    let range = TextRange::new(offset - typed.len(), offset);
    if analysis.machine.is_states_node(object) {
        return Some(super::snippets::states(analysis, text, object, range));
    }
    Some(keys(analysis, object, &place, range, false, true))
}

/// True inside the `ErrorEquals` array of a retrier or catcher.
fn is_error_list(analysis: &Analysis, cursor: &locate::Cursor) -> bool {
    let tree = &analysis.tree;
    let steps = &cursor.steps;
    let array = match cursor.target {
        Target::Inside { container } => Some(container),
        _ => steps.last().map(|step| step.container),
    };
    let Some(array) = array else {
        return false;
    };
    if tree.items(array).is_none() {
        return false;
    }
    steps
        .iter()
        .rev()
        .find(|step| step.container != array)
        .is_some_and(|step| {
            tree.members(step.container)
                .and_then(|members| members.get(step.index))
                .is_some_and(|member| member.key == "ErrorEquals" && member.value == Some(array))
        })
}

/// Field names an object may still take.
fn keys(
    analysis: &Analysis,
    object: NodeId,
    place: &Place,
    range: TextRange,
    quote: bool,
    new_member: bool,
) -> Vec<Completion> {
    let tree = &analysis.tree;
    let present: BTreeSet<&str> = tree
        .members(object)
        .unwrap_or_default()
        .iter()
        .filter(|member| analysis.tree.key_range(member) != range)
        .map(|member| member.key.as_str())
        .collect();
    let write = |name: &str| -> String {
        let key = if quote { format!("\"{name}\"") } else { name.to_string() };
        if new_member {
            format!("{key}: ")
        } else {
            key
        }
    };
    let filter = |name: &str| if quote { format!("\"{name}\"") } else { name.to_string() };
    let member_snippet = |name: &str, kind: Option<Kind>| {
        new_member.then(|| {
            let key = if quote { format!("\"{name}\"") } else { name.to_string() };
            format!("{}: {}", snippet_escape(&key), value_snippet(name, kind, quote))
        })
    };
    let mut items = Vec::new();
    if let Some(schema) = place.schema {
        items.extend(schema_keys(schema, place.language, &present).map(|field| Completion {
            detail: Some(schema.label.to_string()),
            documentation: Some(field.doc.to_string()),
            snippet: member_snippet(field.name, Some(field.kind)),
            filter_text: Some(filter(field.name)),
            ..Completion::new(field.name.to_string(), CompletionKind::Field, write(field.name), range)
        }));
    } else if let Some((service, action)) = sdk_task_of(analysis, object) {
        for found in sdk::parameter_completions(service, action) {
            if present.contains(found.label.as_str()) {
                continue;
            }
            let snippet = new_member.then(|| {
                let key = if quote {
                    format!("\"{}\"", found.label)
                } else {
                    found.label.clone()
                };
                let value = match found.skeleton {
                    Some("\"\"") | None if quote => "\"$1\"".to_string(),
                    Some(skeleton) => snippet_escape(skeleton),
                    None => "$1".to_string(),
                };
                format!("{}: {value}", snippet_escape(&key))
            });
            items.push(Completion {
                detail: Some(found.detail),
                documentation: Some(found.documentation),
                snippet,
                filter_text: Some(filter(&found.label)),
                ..Completion::new(found.label.clone(), CompletionKind::Field, write(&found.label), range)
            });
        }
    } else if is_choice_rule(analysis, object) {
        let names = OPERATORS
            .iter()
            .map(|(name, _)| *name)
            .chain(["Variable", "And", "Or", "Not", "Next", "Comment", "Assign"]);
        let names: Vec<&str> = if place.language == QueryLanguage::Jsonata {
            vec!["Condition", "Next", "Output", "Assign", "Comment"]
        } else {
            names.collect()
        };
        for name in names.into_iter().filter(|name| !present.contains(name)) {
            let kind = crate::catalog::choice::operator(name).map(|operand| match operand {
                Operand::String | Operand::Timestamp | Operand::Path => Kind::String,
                Operand::Number => Kind::Number {
                    min: f64::MIN,
                    max: f64::MAX,
                },
                Operand::Bool => Kind::Bool,
            });
            let kind = kind.or(match name {
                "Variable" | "Next" | "Comment" | "Condition" => Some(Kind::String),
                "And" | "Or" => Some(Kind::Choices),
                "Not" | "Assign" => Some(Kind::Assign),
                _ => None,
            });
            items.push(Completion {
                detail: Some("Choice rule".to_string()),
                snippet: member_snippet(name, kind),
                filter_text: Some(filter(name)),
                ..Completion::new(name.to_string(), CompletionKind::Field, write(name), range)
            });
        }
    }
    items
}

/// The AWS SDK service and action whose request `object` is: the
/// `Parameters` or `Arguments` of a Task calling `aws-sdk:<service>:<action>`,
/// or an optimized integration whose API the service's model describes.
pub(super) fn sdk_task_of(analysis: &Analysis, object: NodeId) -> Option<(&'static str, &'static str)> {
    let tree = &analysis.tree;
    let machine = &analysis.machine;
    machine.state_ids().find_map(|id| {
        let node = machine.state(id).node?;
        let holds = ["Parameters", "Arguments"]
            .iter()
            .any(|field| tree.get(node, field) == Some(object));
        if !holds {
            return None;
        }
        let resource = tree.get(node, "Resource").and_then(|value| tree.str(value))?;
        sdk::request(resource)
    })
}

/// A value of the right shape for a new member, as a snippet.
fn value_snippet(name: &str, kind: Option<Kind>, json: bool) -> String {
    let string = |inner: &str| {
        if json {
            format!("\"{inner}\"")
        } else {
            inner.to_string()
        }
    };
    // A retrier and a catcher, whole (YAML in flow style, on one line too).
    let quote = |text: &str| if json { format!("\"{text}\"") } else { text.to_string() };
    match name {
        "Retry" => {
            return format!(
                "[{{{}: [{}], {}: ${{2:1}}, {}: ${{3:3}}, {}: ${{4:2}}}}]",
                quote("ErrorEquals"),
                quote("${1:States.ALL}"),
                quote("IntervalSeconds"),
                quote("MaxAttempts"),
                quote("BackoffRate")
            )
        }
        "Catch" => {
            return format!(
                "[{{{}: [{}], {}: \"$2\"}}]",
                quote("ErrorEquals"),
                quote("${1:States.ALL}"),
                quote("Next")
            )
        }
        _ => {}
    }
    match kind {
        Some(Kind::Integer { min, .. }) => {
            let default = if name.ends_with("Seconds") {
                60.max(min)
            } else {
                min.max(0)
            };
            format!("${{1:{default}}}")
        }
        Some(Kind::Number { .. }) => "${1:1}".to_string(),
        Some(Kind::Bool) => "${1|true,false|}".to_string(),
        Some(Kind::Enum(values)) => {
            let choices: Vec<String> = values.iter().map(|value| value.replace([',', '|'], "")).collect();
            string(&format!("${{1|{}|}}", choices.join(",")))
        }
        Some(Kind::Path | Kind::ReferencePath | Kind::ResultPath | Kind::PathOrIntrinsic) => string("\\$.$1"),
        Some(Kind::ErrorNames) => format!("[{}]", string("${1:States.ALL}")),
        Some(Kind::Object(_) | Kind::Template | Kind::Assign | Kind::States) => {
            if json {
                "{$1}".to_string()
            } else {
                "$1".to_string()
            }
        }
        Some(Kind::Array(_) | Kind::StringArray | Kind::Branches | Kind::Choices) => {
            if json {
                "[$1]".to_string()
            } else {
                "$1".to_string()
            }
        }
        Some(Kind::String | Kind::StateName | Kind::Timestamp) => string("$1"),
        Some(Kind::Json | Kind::Any) | None => "$1".to_string(),
    }
}

fn schema_keys<'a>(
    schema: &'static Schema,
    language: QueryLanguage,
    present: &'a BTreeSet<&str>,
) -> impl Iterator<Item = &'static Field> + 'a {
    schema
        .fields
        .iter()
        .filter(move |field| match field.lang {
            Lang::Both => true,
            Lang::JsonPath => language == QueryLanguage::JsonPath,
            Lang::Jsonata => language == QueryLanguage::Jsonata,
        })
        .filter(move |field| !present.contains(field.name))
}

/// An element of a Choice state's `Choices` (or nested in `And`/`Or`/`Not`).
fn is_choice_rule(analysis: &Analysis, object: NodeId) -> bool {
    let machine = &analysis.machine;
    let tree = &analysis.tree;
    machine.state_ids().any(|id| {
        let state = machine.state(id);
        state.ty == Some(StateType::Choice)
            && state
                .node
                .and_then(|node| tree.get(node, "Choices"))
                .is_some_and(|choices| {
                    tree.range(choices).start() < tree.range(object).start()
                        && tree.range(object).end() <= tree.range(choices).end()
                })
    })
}

/// Values for the member whose key is `place.key`.
fn values(
    analysis: &Analysis,
    holder: NodeId,
    place: &Place,
    typed: &str,
    range: TextRange,
    quote: bool,
) -> Vec<Completion> {
    let write = |value: &str| {
        if quote {
            format!("\"{value}\"")
        } else {
            value.to_string()
        }
    };
    let item = |label: &str, kind, detail: Option<String>, documentation: Option<String>| Completion {
        detail,
        documentation,
        ..Completion::new(label.to_string(), kind, write(label), range)
    };
    let Some(key) = place.key.as_deref() else {
        return Vec::new();
    };
    match key {
        "Next" | "Default" | "StartAt" => {
            let Some(scope) = scope_for(analysis, holder, key) else {
                return Vec::new();
            };
            let machine = &analysis.machine;
            let own = place.state.map(|state| machine.state(state).name.as_str());
            let states: Vec<&State> = machine
                .scope(scope)
                .states
                .iter()
                .map(|&id| machine.state(id))
                .filter(|state| key == "StartAt" || Some(state.name.as_str()) != own)
                .collect();
            best_states(states, typed)
                .into_iter()
                .map(|state| {
                    item(
                        &state.name,
                        CompletionKind::State,
                        state.ty.map(|ty| format!("{} state", ty.name())),
                        None,
                    )
                })
                .collect()
        }
        "Type" => StateType::ALL
            .iter()
            .map(|ty| {
                item(
                    ty.name(),
                    CompletionKind::Value,
                    Some("state type".to_string()),
                    Some(states::type_doc(*ty).to_string()),
                )
            })
            .collect(),
        "Resource" if place.schema.is_some_and(|schema| schema.is(&states::TASK)) && typed.contains("aws-sdk:") => {
            // `arn:aws:states:::aws-sdk:` then a service, then `:` and an action:
            // complete the word after the last colon, keeping what is before it.
            let base = &typed[..typed.rfind(':').map_or(0, |colon| colon + 1)];
            sdk::resource_completions(typed)
                .into_iter()
                .map(|found| {
                    let full = format!("{base}{}", found.insert_text);
                    Completion {
                        detail: Some(found.detail),
                        documentation: Some(found.documentation),
                        filter_text: Some(write(&full)),
                        ..Completion::new(found.label, CompletionKind::Resource, write(&full), range)
                    }
                })
                .collect()
        }
        "Resource" if place.schema.is_some_and(|schema| schema.is(&states::TASK)) => resources()
            .into_iter()
            .map(|(arn, doc)| item(&arn, CompletionKind::Resource, None, Some(doc.to_string())))
            .collect(),
        _ if sdk_task_of(analysis, holder).is_some() => {
            let Some((service, action)) = sdk_task_of(analysis, holder) else {
                return Vec::new();
            };
            sdk::value_completions(service, action, key)
                .into_iter()
                .map(|found| item(&found.label, CompletionKind::Value, Some(found.detail), None))
                .collect()
        }
        _ => {
            let Some(field) = place.schema.and_then(|schema| schema.field(key)) else {
                return Vec::new();
            };
            match field.kind {
                Kind::Enum(values) => values
                    .iter()
                    .map(|value| item(value, CompletionKind::Value, Some(field.name.to_string()), None))
                    .collect(),
                Kind::Bool if quote => ["true", "false"]
                    .iter()
                    .map(|value| Completion {
                        insert_text: value.to_string(),
                        ..item(value, CompletionKind::Value, None, None)
                    })
                    .collect(),
                _ => Vec::new(),
            }
        }
    }
}

/// The scope in which a `Next`, `Default` or `StartAt` held by `holder` resolves.
fn scope_for(analysis: &Analysis, holder: NodeId, key: &str) -> Option<ScopeId> {
    let machine = &analysis.machine;
    let tree = &analysis.tree;
    if key == "StartAt" {
        return machine.scope_ids().find(|&scope| machine.scope(scope).node == holder);
    }
    // The innermost state whose object contains the holder.
    let holder_range = tree.range(holder);
    machine
        .state_ids()
        .filter(|&id| {
            machine.state(id).node.is_some_and(|node| {
                let range = tree.range(node);
                range.start() <= holder_range.start() && holder_range.end() <= range.end()
            })
        })
        .max_by_key(|&id| machine.state(id).node.map(|node| tree.range(node).start()))
        .map(|id| machine.state(id).scope)
}

/// Every optimized integration ARN with its supported suffixes, the HTTP task
/// and the common AWS SDK prefix.
fn resources() -> Vec<(String, &'static str)> {
    let mut items = Vec::new();
    for integration in integrations::INTEGRATIONS {
        for pattern in integration.supported_patterns() {
            if integration.supports(pattern) == Support::Yes {
                items.push((integration.resource(pattern), integration.doc));
            }
        }
    }
    items.push((
        "arn:aws:states:::aws-sdk:".to_string(),
        "An AWS SDK integration: continue with <service>:<action>, e.g. arn:aws:states:::aws-sdk:s3:getObject.",
    ));
    items
}

fn error_names(analysis: &Analysis, place: &Place, range: TextRange, quote: bool) -> Vec<Completion> {
    let write = |name: &str| if quote { format!("\"{name}\"") } else { name.to_string() };
    // The exceptions of the AWS SDK action the state calls come first.
    let tree = &analysis.tree;
    let resource = place
        .state
        .and_then(|state| analysis.machine.state(state).node)
        .and_then(|node| tree.get(node, "Resource"))
        .and_then(|value| tree.str(value));
    let sdk_errors = resource
        .and_then(sdk::resolve)
        .map(|(service, action)| sdk::error_completions(service, action))
        .unwrap_or_default()
        .into_iter()
        .map(|found| Completion {
            detail: Some(found.detail),
            documentation: Some(found.documentation),
            ..Completion::new(found.label.clone(), CompletionKind::Error, write(&found.label), range)
        });
    let builtin = errors::STATES_ERRORS
        .iter()
        .chain(errors::COMMON_ERRORS)
        .map(|error| Completion {
            detail: Some("error name".to_string()),
            documentation: Some(error.doc.to_string()),
            ..Completion::new(
                error.name.to_string(),
                CompletionKind::Error,
                if quote {
                    format!("\"{}\"", error.name)
                } else {
                    error.name.to_string()
                },
                range,
            )
        });
    sdk_errors.chain(builtin).collect()
}

/// Inside a path, an intrinsic call or a JSONata expression: functions,
/// context members, `$states` members and variables, for the word being typed.
fn expression_completions(analysis: &Analysis, typed: &str, offset: usize, place: &Place) -> Option<Vec<Completion>> {
    let word_start = typed
        .char_indices()
        .rev()
        .find(|&(_, ch)| !(ch.is_alphanumeric() || matches!(ch, '.' | '_' | '$')))
        .map_or(0, |(index, ch)| index + ch.len_utf8());
    let word = &typed[word_start..];
    let range = TextRange::new(offset - word.len(), offset);
    let make = |label: String, kind, detail: &str, documentation: &str| Completion {
        detail: Some(detail.to_string()),
        documentation: Some(documentation.to_string()),
        ..Completion::new(label.clone(), kind, label, range)
    };
    let in_jsonata = typed.starts_with("{%");
    let evaluated_key = place
        .key
        .as_deref()
        .is_some_and(|key| key.ends_with(".$") || key.ends_with("Path") || key == "Variable");
    if in_jsonata {
        if let Some(member_prefix) = word.strip_prefix("$states.context.") {
            let _ = member_prefix;
            return Some(
                crate::catalog::context::CONTEXT_MEMBERS
                    .iter()
                    .map(|(name, doc)| {
                        make(
                            format!("$states.context.{name}"),
                            CompletionKind::Variable,
                            "context",
                            doc,
                        )
                    })
                    .collect(),
            );
        }
        if word.starts_with("$states") {
            let members = [
                ("input", "The state's input."),
                (
                    "context",
                    "The context object: execution, state, state machine, task token, Map item.",
                ),
                (
                    "result",
                    "The task, branch or iteration result (Output and Assign of Task, Map, Parallel).",
                ),
                ("errorOutput", "The error a catcher caught (its Output and Assign)."),
            ];
            return Some(
                members
                    .iter()
                    .map(|(name, doc)| make(format!("$states.{name}"), CompletionKind::Variable, "$states", doc))
                    .collect(),
            );
        }
        if word.starts_with('$') {
            let mut items: Vec<Completion> = jsonata::FUNCTIONS
                .iter()
                .map(|function| {
                    make(
                        format!("${}", function.name),
                        CompletionKind::Function,
                        function.signature,
                        function.doc,
                    )
                })
                .collect();
            items.push(make(
                "$states".to_string(),
                CompletionKind::Variable,
                "$states",
                "Input, context, result and error output of the state.",
            ));
            items.extend(
                variables(analysis)
                    .into_iter()
                    .map(|name| make(format!("${name}"), CompletionKind::Variable, "variable", "")),
            );
            return Some(items);
        }
        return Some(Vec::new());
    }
    if !(evaluated_key || word.starts_with("States.") || word.starts_with('$')) {
        return None;
    }
    if word.starts_with("$$") {
        return Some(
            crate::catalog::context::CONTEXT_MEMBERS
                .iter()
                .map(|(name, doc)| make(format!("$$.{name}"), CompletionKind::Variable, "context", doc))
                .collect(),
        );
    }
    let mut items: Vec<Completion> = Vec::new();
    if word.is_empty() || word.starts_with('S') {
        items.extend(intrinsic::FUNCTIONS.iter().map(|function| {
            make(
                function.name.to_string(),
                CompletionKind::Function,
                &function.signature(),
                function.doc,
            )
        }));
    }
    if word.is_empty() || word.starts_with('$') {
        items.push(make(
            "$$.".to_string(),
            CompletionKind::Variable,
            "context",
            "The context object.",
        ));
        items.extend(
            variables(analysis)
                .into_iter()
                .map(|name| make(format!("${name}"), CompletionKind::Variable, "variable", "")),
        );
    }
    Some(items)
}

/// The names of all variables some `Assign` sets.
fn variables(analysis: &Analysis) -> BTreeSet<String> {
    let tree = &analysis.tree;
    let mut names = BTreeSet::new();
    let mut stack: Vec<NodeId> = tree.root().into_iter().collect();
    while let Some(node) = stack.pop() {
        match &tree.node(node).kind {
            NodeKind::Object(members) => {
                for member in members {
                    if member.key == "Assign" {
                        for assigned in member.value.and_then(|value| tree.members(value)).unwrap_or_default() {
                            names.insert(assigned.key.trim_end_matches(".$").to_string());
                        }
                    }
                    stack.extend(member.value);
                }
            }
            NodeKind::Array(items) => stack.extend(items.iter().copied()),
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::ide::fixture;

    #[test]
    fn match_groups_ignore_case_the_same_for_ascii_and_not() {
        for (label, typed, group) in [
            ("Process Order", "Process", 0),
            ("Process Order", "process", 1),
            ("Process Order", "order", 2),
            ("Process Order", "ship", 3),
            ("Process Order", "Process Order and more", 3),
            ("Étape Finale", "étape", 1),
            ("Étape Finale", "FINALE", 2),
            ("Étape Finale", "x", 3),
        ] {
            assert_eq!(
                match_group(label, typed, &typed.to_lowercase()),
                group,
                "{label} / {typed}"
            );
        }
    }

    /// List labels (at most 12) with the text each would put in the document.
    fn check(fixture: &str, expect: Expect) {
        let (text, offset) = fixture::cursor(fixture);
        let analysis = fixture::analyse(&text);
        let items = completions(&analysis, &text, offset);
        let mut actual = format!("{} items\n", items.len());
        for item in items.iter().take(12) {
            actual.push_str(&format!(
                "{:?} {} => {} @ `{}`\n",
                item.kind,
                item.label,
                item.insert_text,
                &text[item.range.start()..item.range.end()]
            ));
        }
        expect.assert_eq(&actual);
    }

    #[test]
    fn best_match_first_and_whole_members_as_snippets() {
        let (text, offset) = fixture::cursor(
            r#"{"StartAt": "Fulfil", "States": {
  "Fulfil": {"Type": "Pass", "Next": "Wait f$0"},
  "Wait for restock": {"Type": "Wait", "Seconds": 5, "End": true}
}}"#,
        );
        let analysis = fixture::analyse(&text);
        let mut items = completions(&analysis, &text, offset);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
        assert_eq!(items[0].label, "Wait for restock");

        let (text, offset) = fixture::cursor(r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", $0}}}"#);
        let analysis = fixture::analyse(&text);
        let items = completions(&analysis, &text, offset);
        let seconds = items.iter().find(|item| item.label == "Seconds").unwrap();
        assert_eq!(seconds.insert_text, "\"Seconds\": ");
        assert_eq!(seconds.snippet.as_deref(), Some("\"Seconds\": ${1:60}"));
        let path = items.iter().find(|item| item.label == "SecondsPath").unwrap();
        assert_eq!(path.snippet.as_deref(), Some("\"SecondsPath\": \"\\$.$1\""));
        assert_eq!(snippet_escape("a $b }c\\"), "a \\$b \\}c\\\\");

        // A retrier and a catcher come whole.
        let (text, offset) =
            fixture::cursor(r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, $0}}}"#);
        let analysis = fixture::analyse(&text);
        let items = completions(&analysis, &text, offset);
        assert!(
            items.iter().all(|item| item.label != "Retry"),
            "a Wait state has no retriers"
        );
        let (text, offset) = fixture::cursor(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", $0}}}"#);
        let analysis = fixture::analyse(&text);
        let items = completions(&analysis, &text, offset);
        let snippet = |label: &str| {
            items
                .iter()
                .find(|item| item.label == label)
                .and_then(|item| item.snippet.clone())
        };
        expect![[r#"Some("\"Retry\": [{\"ErrorEquals\": [\"${1:States.ALL}\"], \"IntervalSeconds\": ${2:1}, \"MaxAttempts\": ${3:3}, \"BackoffRate\": ${4:2}}]")"#]]
            .assert_eq(&format!("{:?}", snippet("Retry")));
        expect![[r#"Some("\"Catch\": [{\"ErrorEquals\": [\"${1:States.ALL}\"], \"Next\": \"$2\"}]")"#]]
            .assert_eq(&format!("{:?}", snippet("Catch")));
    }

    #[test]
    fn aws_sdk_services_actions_members_values_and_errors() {
        let labels = |fixture: &str| -> Vec<String> {
            let (text, offset) = fixture::cursor(fixture);
            let analysis = fixture::analyse(&text);
            completions(&analysis, &text, offset)
                .into_iter()
                .map(|item| item.label)
                .collect()
        };
        let services = labels(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:$0", "End": true}}}"#,
        );
        assert!(services.iter().any(|label| label == "s3"), "{services:?}");
        let actions = labels(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:get$0", "End": true}}}"#,
        );
        assert!(actions.iter().any(|label| label == "getObject"), "{actions:?}");
        let members = labels(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject", "Parameters": {$0}, "End": true}}}"#,
        );
        assert!(
            members.iter().any(|label| label == "Bucket") && members.iter().any(|label| label == "Key"),
            "{members:?}"
        );
        let values = labels(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject", "Parameters": {"Bucket": "b", "Key": "k", "ChecksumMode": "$0"}, "End": true}}}"#,
        );
        assert_eq!(values, ["ENABLED"]);
        let errors = labels(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject", "End": true, "Catch": [{"ErrorEquals": [$0], "Next": "A"}]}}}"#,
        );
        assert!(
            errors.iter().any(|label| label == "S3.NoSuchKeyException"),
            "{errors:?}"
        );
        assert!(errors.iter().any(|label| label == "States.ALL"), "{errors:?}");
    }

    /// An optimized integration whose API AWS's model describes offers that
    /// API's members and enum values, required ones first.
    #[test]
    fn members_of_an_optimized_integration_from_the_model() {
        check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem", "Parameters": {"TableName": "t", $0}, "End": true}}}"#,
            expect![[r#"
                6 items
                Field Key => "Key":  @ ``
                Field AttributesToGet => "AttributesToGet":  @ ``
                Field ConsistentRead => "ConsistentRead":  @ ``
                Field ExpressionAttributeNames => "ExpressionAttributeNames":  @ ``
                Field ProjectionExpression => "ProjectionExpression":  @ ``
                Field ReturnConsumedCapacity => "ReturnConsumedCapacity":  @ ``
            "#]],
        );
        check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"TaskDefinition": "t", "LaunchType": "$0"}, "End": true}}}"#,
            expect![[r#"
                4 items
                Value EC2 => EC2 @ ``
                Value FARGATE => FARGATE @ ``
                Value EXTERNAL => EXTERNAL @ ``
                Value MANAGED_INSTANCES => MANAGED_INSTANCES @ ``
            "#]],
        );
    }

    #[test]
    fn state_names_for_transitions() {
        check(
            r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "$0"},
  "B": {"Type": "Succeed"},
  "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}
}}"#,
            expect![[r#"
                2 items
                State B => B @ ``
                State M => M @ ``
            "#]],
        );
        check(
            r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": $0
  "B": {"Type": "Succeed"}
}}"#,
            expect![[r#"
                1 items
                State B => "B" @ ``
            "#]],
        );
        check(
            r#"{"StartAt": "B$0", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}"#,
            expect![[r#"
            2 items
            State A => A @ `B`
            State B => B @ `B`
        "#]],
        );
    }

    #[test]
    fn fields_of_the_state_type_and_language() {
        check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 3, "$0"}}}"#,
            expect![[r#"
                10 items
                Field Comment => "Comment":  @ `""`
                Field QueryLanguage => "QueryLanguage":  @ `""`
                Field Next => "Next":  @ `""`
                Field End => "End":  @ `""`
                Field Timestamp => "Timestamp":  @ `""`
                Field SecondsPath => "SecondsPath":  @ `""`
                Field TimestampPath => "TimestampPath":  @ `""`
                Field InputPath => "InputPath":  @ `""`
                Field OutputPath => "OutputPath":  @ `""`
                Field Assign => "Assign":  @ `""`
            "#]],
        );
        check(
            r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Task", $0}}}"#,
            expect![[r#"
                13 items
                Field Comment => "Comment":  @ ``
                Field QueryLanguage => "QueryLanguage":  @ ``
                Field Next => "Next":  @ ``
                Field End => "End":  @ ``
                Field Resource => "Resource":  @ ``
                Field Arguments => "Arguments":  @ ``
                Field Output => "Output":  @ ``
                Field TimeoutSeconds => "TimeoutSeconds":  @ ``
                Field HeartbeatSeconds => "HeartbeatSeconds":  @ ``
                Field Credentials => "Credentials":  @ ``
                Field Retry => "Retry":  @ ``
                Field Catch => "Catch":  @ ``
            "#]],
        );
        check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "x", "End": true, "Retry": [{"Er$0"}]}}}"#,
            expect![[r#"
                7 items
                Field ErrorEquals => "ErrorEquals":  @ `"Er"`
                Field IntervalSeconds => "IntervalSeconds":  @ `"Er"`
                Field MaxAttempts => "MaxAttempts":  @ `"Er"`
                Field BackoffRate => "BackoffRate":  @ `"Er"`
                Field MaxDelaySeconds => "MaxDelaySeconds":  @ `"Er"`
                Field JitterStrategy => "JitterStrategy":  @ `"Er"`
                Field Comment => "Comment":  @ `"Er"`
            "#]],
        );
    }

    #[test]
    fn yaml_values_and_keys() {
        let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: \n  B:\n    Type: Succeed\n";
        let analysis = crate::Analysis::new(text, Format::Yaml);
        let offset = text.find("Next: ").unwrap() + 6;
        let labels: Vec<String> = completions(&analysis, text, offset)
            .into_iter()
            .map(|item| item.label)
            .collect();
        assert_eq!(labels, ["B"]);
        let offset = text.find("Pass").unwrap() + 2;
        let items = completions(&analysis, text, offset);
        assert_eq!(items.len(), 8, "{items:?}");
        assert!(items.iter().all(|item| !item.insert_text.starts_with('"')));
        // A new key on a line of its own, half typed, in state B.
        let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n  B:\n    Type: Wait\n    Sec";
        let analysis = crate::Analysis::new(text, Format::Yaml);
        let items = completions(&analysis, text, text.len());
        let labels: Vec<&str> = items.iter().map(|item| item.label.as_str()).collect();
        assert!(
            labels.contains(&"Seconds") && labels.contains(&"SecondsPath"),
            "{labels:?}"
        );
        assert!(!labels.contains(&"Type") && !labels.contains(&"Resource"), "{labels:?}");
        assert_eq!(items[0].insert_text, format!("{}: ", items[0].label));
        assert_eq!(&text[items[0].range.start()..items[0].range.end()], "Sec");
    }

    #[test]
    fn values() {
        check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "$0"}}}"#,
            expect![[r#"
            8 items
            Value Task => Task @ ``
            Value Pass => Pass @ ``
            Value Choice => Choice @ ``
            Value Wait => Wait @ ``
            Value Succeed => Succeed @ ``
            Value Fail => Fail @ ``
            Value Parallel => Parallel @ ``
            Value Map => Map @ ``
        "#]],
        );
        check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs$0"}}}"#,
            expect![[r#"
                107 items
                Resource arn:aws:states:::lambda:invoke => arn:aws:states:::lambda:invoke @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::lambda:invoke.waitForTaskToken => arn:aws:states:::lambda:invoke.waitForTaskToken @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::batch:submitJob => arn:aws:states:::batch:submitJob @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::batch:submitJob.sync => arn:aws:states:::batch:submitJob.sync @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::dynamodb:getItem => arn:aws:states:::dynamodb:getItem @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::dynamodb:putItem => arn:aws:states:::dynamodb:putItem @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::dynamodb:deleteItem => arn:aws:states:::dynamodb:deleteItem @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::dynamodb:updateItem => arn:aws:states:::dynamodb:updateItem @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::ecs:runTask => arn:aws:states:::ecs:runTask @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::ecs:runTask.sync => arn:aws:states:::ecs:runTask.sync @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::ecs:runTask.waitForTaskToken => arn:aws:states:::ecs:runTask.waitForTaskToken @ `arn:aws:states:::sqs`
                Resource arn:aws:states:::sns:publish => arn:aws:states:::sns:publish @ `arn:aws:states:::sqs`
            "#]],
        );
        check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "x", "End": true, "Catch": [{"ErrorEquals": ["States.T$0"]}]}}}"#,
            expect![[r#"
                24 items
                Error States.ALL => States.ALL @ `States.T`
                Error States.TaskFailed => States.TaskFailed @ `States.T`
                Error States.Timeout => States.Timeout @ `States.T`
                Error States.HeartbeatTimeout => States.HeartbeatTimeout @ `States.T`
                Error States.Permissions => States.Permissions @ `States.T`
                Error States.ResultPathMatchFailure => States.ResultPathMatchFailure @ `States.T`
                Error States.ParameterPathFailure => States.ParameterPathFailure @ `States.T`
                Error States.IntrinsicFailure => States.IntrinsicFailure @ `States.T`
                Error States.QueryEvaluationError => States.QueryEvaluationError @ `States.T`
                Error States.BranchFailed => States.BranchFailed @ `States.T`
                Error States.NoChoiceMatched => States.NoChoiceMatched @ `States.T`
                Error States.ExceedToleratedFailureThreshold => States.ExceedToleratedFailureThreshold @ `States.T`
            "#]],
        );
        check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Parameters": {"x.$": "States.Fo$0"}}}}"#,
            expect![[r#"
                18 items
                Function States.Format => States.Format @ `States.Fo`
                Function States.StringToJson => States.StringToJson @ `States.Fo`
                Function States.JsonToString => States.JsonToString @ `States.Fo`
                Function States.Array => States.Array @ `States.Fo`
                Function States.ArrayPartition => States.ArrayPartition @ `States.Fo`
                Function States.ArrayContains => States.ArrayContains @ `States.Fo`
                Function States.ArrayRange => States.ArrayRange @ `States.Fo`
                Function States.ArrayGetItem => States.ArrayGetItem @ `States.Fo`
                Function States.ArrayLength => States.ArrayLength @ `States.Fo`
                Function States.ArrayUnique => States.ArrayUnique @ `States.Fo`
                Function States.Base64Encode => States.Base64Encode @ `States.Fo`
                Function States.Base64Decode => States.Base64Decode @ `States.Fo`
            "#]],
        );
        check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Parameters": {"x.$": "$$.Exe$0"}}}}"#,
            expect![[r#"
                23 items
                Variable $$.Execution => $$.Execution @ `$$.Exe`
                Variable $$.Execution.Id => $$.Execution.Id @ `$$.Exe`
                Variable $$.Execution.Input => $$.Execution.Input @ `$$.Exe`
                Variable $$.Execution.Name => $$.Execution.Name @ `$$.Exe`
                Variable $$.Execution.RoleArn => $$.Execution.RoleArn @ `$$.Exe`
                Variable $$.Execution.StartTime => $$.Execution.StartTime @ `$$.Exe`
                Variable $$.Execution.RedriveCount => $$.Execution.RedriveCount @ `$$.Exe`
                Variable $$.Execution.RedriveTime => $$.Execution.RedriveTime @ `$$.Exe`
                Variable $$.State => $$.State @ `$$.Exe`
                Variable $$.State.EnteredTime => $$.State.EnteredTime @ `$$.Exe`
                Variable $$.State.Name => $$.State.Name @ `$$.Exe`
                Variable $$.State.RetryCount => $$.State.RetryCount @ `$$.Exe`
            "#]],
        );
        check(
            r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Assign": {"total": 1}, "Output": "{% $sta$0 %}"}}}"#,
            expect![[r#"
                70 items
                Function $string => $string @ `$sta`
                Function $length => $length @ `$sta`
                Function $substring => $substring @ `$sta`
                Function $substringBefore => $substringBefore @ `$sta`
                Function $substringAfter => $substringAfter @ `$sta`
                Function $uppercase => $uppercase @ `$sta`
                Function $lowercase => $lowercase @ `$sta`
                Function $trim => $trim @ `$sta`
                Function $pad => $pad @ `$sta`
                Function $contains => $contains @ `$sta`
                Function $split => $split @ `$sta`
                Function $join => $join @ `$sta`
            "#]],
        );
    }
}
