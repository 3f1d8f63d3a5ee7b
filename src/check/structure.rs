//! The skeleton of a definition: the root, every scope's `StartAt` and
//! `States`, each state's `Type`, the `Next`/`End` rules, and state names.

use super::{codes, did_you_mean, quoted, Sink};
use crate::catalog::kinds::StateType;
use crate::model::{Machine, ScopeKind};
use crate::syntax::Tree;

/// The longest state name the service accepts, in characters.
const MAX_STATE_NAME: usize = 80;

pub(super) fn check(tree: &Tree, machine: &Machine, sink: &mut Sink) {
    let Some(root) = tree.root() else {
        return;
    };
    if tree.members(root).is_none() {
        sink.error(
            tree.range(root),
            codes::SCHEMA,
            format!(
                "A state machine definition must be a JSON object, not {}",
                tree.type_name(root)
            ),
        );
        return;
    }
    for scope_id in machine.scope_ids() {
        scope_fields(tree, machine, scope_id, sink);
    }
    state_names(machine, sink);
}

fn scope_label(machine: &Machine, kind: ScopeKind) -> String {
    match kind {
        ScopeKind::Root => "The state machine".to_string(),
        ScopeKind::Branch { state, index } => {
            format!(
                "Branch {} of Parallel state {}",
                index + 1,
                quoted(&machine.state(state).name)
            )
        }
        ScopeKind::Processor { state, .. } => {
            format!("The item processor of Map state {}", quoted(&machine.state(state).name))
        }
    }
}

fn scope_fields(tree: &Tree, machine: &Machine, scope_id: crate::model::ScopeId, sink: &mut Sink) {
    let scope = machine.scope(scope_id);
    let label = scope_label(machine, scope.kind);
    match tree.member(scope.node, "States") {
        None => sink.error(
            tree.opening(scope.node),
            codes::SCHEMA,
            format!("{label} has no \"States\": add an object that maps state names to states"),
        ),
        Some(member) => match member.value {
            Some(value) if tree.members(value).is_none() => sink.error(
                tree.range(value),
                codes::SCHEMA,
                format!(
                    "\"States\" must be an object that maps state names to states, not {}",
                    tree.type_name(value)
                ),
            ),
            Some(value) if tree.members(value).is_some_and(|members| members.is_empty()) => sink.error(
                tree.range(value),
                codes::SCHEMA,
                format!("{label} has no states: \"States\" needs at least one"),
            ),
            _ => {}
        },
    }
    if tree.member(scope.node, "StartAt").is_none() {
        sink.error(
            tree.opening(scope.node),
            codes::SCHEMA,
            format!("{label} has no \"StartAt\": name the state to start with"),
        );
    }
}

/// `Type`, `Next` and `End` of one state (run with the other rules of one state).
pub(super) fn state_fields(tree: &Tree, machine: &Machine, state_id: crate::model::StateId, sink: &mut Sink) {
    let state = machine.state(state_id);
    let Some(node) = state.node else {
        if let Some(value) = state.value {
            sink.error(
                tree.range(value),
                codes::SCHEMA,
                format!(
                    "State {} must be an object, not {}",
                    quoted(&state.name),
                    tree.type_name(value)
                ),
            );
        }
        return;
    };
    let name = || quoted(&state.name);
    let Some(ty) = state.ty else {
        match tree.member(node, "Type") {
            None => sink.error(
                machine.range(state.key_range),
                codes::SCHEMA,
                format!(
                    "State {} has no \"Type\": use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map",
                    name()
                ),
            ),
            Some(member) => {
                if let Some(value) = member.value {
                    let message = match tree.str(value) {
                        Some(text) => format!(
                            "Unknown state type {}: use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map.{}",
                            quoted(text),
                            did_you_mean(text, StateType::ALL.iter().map(|ty| ty.name()))
                        ),
                        None => format!("\"Type\" must be a string, not {}", tree.type_name(value)),
                    };
                    sink.error(tree.range(value), codes::SCHEMA, message);
                    if let Some(text) = tree.str(value) {
                        sink.suggest_last(crate::util::suggest::closest(
                            text,
                            StateType::ALL.iter().map(|ty| ty.name()),
                        ));
                    }
                }
            }
        }
        return;
    };
    let next = tree.member(node, "Next");
    let end = tree.member(node, "End");
    if !ty.takes_next_or_end() {
        let advice = match ty {
            StateType::Choice => "a Choice state moves on through its \"Choices\" and \"Default\"",
            _ => "it ends the execution (or its branch) by itself",
        };
        for member in [next, end].into_iter().flatten() {
            sink.error(
                tree.key_range(member),
                codes::SCHEMA,
                format!(
                    "Field {} is not supported in a {} state: {advice}",
                    quoted(&member.key),
                    ty.name()
                ),
            );
        }
        return;
    }
    if let Some(end) = end {
        match end.value.map(|value| (value, tree.bool(value))) {
            Some((value, Some(false))) if next.is_none() => sink.error(
                tree.range(value),
                codes::SCHEMA,
                format!(
                    "State {} has \"End\": false and no \"Next\": give a \"Next\" state or set \"End\": true",
                    name()
                ),
            ),
            _ => {}
        }
        if let Some(next) = next {
            if state.end == Some(true) {
                sink.error(
                    tree.key_range(next),
                    codes::SCHEMA,
                    format!(
                        "State {} has both \"Next\" and \"End\": true: keep only one of them",
                        name()
                    ),
                );
            }
        }
    } else if next.is_none() {
        sink.error(
            machine.range(state.key_range),
            codes::SCHEMA,
            format!("State {} needs either \"Next\" or \"End\": true", name()),
        );
    }
}

fn state_names(machine: &Machine, sink: &mut Sink) {
    for state_id in machine.state_ids() {
        let state = machine.state(state_id);
        let length = state.name.chars().count();
        if length == 0 {
            sink.error(
                machine.range(state.key_range),
                codes::INVALID_STATE_NAME,
                "A state name must not be empty",
            );
        } else if length > MAX_STATE_NAME {
            sink.error(
                machine.range(state.key_range),
                codes::INVALID_STATE_NAME,
                format!("State name is {length} characters long; the limit is {MAX_STATE_NAME}"),
            );
        }
        let same_name = machine.states_named(&state.name);
        if same_name.first() != Some(&state_id) {
            let first = machine.state(same_name[0]);
            let where_ = if first.scope == state.scope {
                "in this scope".to_string()
            } else {
                "elsewhere in the definition (names must be unique across all Parallel branches and Map processors too)"
                    .to_string()
            };
            sink.error(
                machine.range(state.key_range),
                codes::DUPLICATE_STATE_NAME,
                format!(
                    "Duplicate state name {}: a state of that name is already defined {where_}",
                    quoted(&state.name)
                ),
            );
        }
    }
}
