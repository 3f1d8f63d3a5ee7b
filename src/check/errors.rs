//! Retry and Catch: the error names of `ErrorEquals` and their order.

use std::collections::HashSet;

use super::{codes, did_you_mean, quoted, Ctx};
use crate::catalog::errors;
use crate::model::{Machine, StateId};
use crate::syntax::{NodeId, Tree};

/// Names the definition raises itself, with Fail states: catching those is
/// meaningful even when they (against the spec) start with "States.".
pub(crate) fn raised(tree: &Tree, machine: &Machine) -> HashSet<String> {
    machine
        .state_ids()
        .filter_map(|id| machine.state(id).node)
        .filter_map(|node| tree.get(node, "Error"))
        .filter_map(|error| tree.str(error))
        .map(str::to_string)
        .collect()
}

/// The Retry and Catch of one state, and a Fail state's own error name.
pub(super) fn check_state(ctx: &mut Ctx<'_>, state_id: StateId, raised: &HashSet<String>) {
    let Some(node) = ctx.machine.state(state_id).node else {
        return;
    };
    for field in ["Retry", "Catch"] {
        if let Some(entries) = ctx.tree.get(node, field).and_then(|value| ctx.tree.items(value)) {
            check_entries(ctx, field, entries, raised);
        }
    }
    if let Some(error) = ctx.tree.get(node, "Error") {
        if let Some(name) = ctx.tree.str(error) {
            if name.starts_with("States.") {
                ctx.warning(
                    ctx.tree.range(error),
                    codes::RESERVED_ERROR_NAME,
                    "Error names starting with \"States.\" are reserved for the service: choose a name of your own",
                );
            }
        }
    }
}

fn check_entries(ctx: &mut Ctx<'_>, field: &str, entries: &[NodeId], raised: &HashSet<String>) {
    let tree = ctx.tree;
    let last = entries.len().saturating_sub(1);
    for (index, &entry) in entries.iter().enumerate() {
        let Some(names) = tree.get(entry, "ErrorEquals").and_then(|value| tree.items(value)) else {
            continue;
        };
        for &name_node in names {
            let Some(name) = tree.str(name_node) else {
                continue;
            };
            let range = tree.range(name_node);
            if name == "States.ALL" {
                if names.len() > 1 {
                    ctx.error(
                        range,
                        codes::STATES_ALL_PLACEMENT,
                        "\"States.ALL\" must be the only name in its ErrorEquals: it already matches every other error",
                    );
                } else if index != last {
                    ctx.error(
                        range,
                        codes::STATES_ALL_PLACEMENT,
                        format!(
                            "The {} entry with \"States.ALL\" must come last: the entries after it can never match",
                            field
                        ),
                    );
                }
                continue;
            }
            if name == "States.Runtime" {
                ctx.warning(
                    range,
                    codes::UNKNOWN_ERROR_NAME,
                    "\"States.Runtime\" can never be retried or caught: the execution fails at once",
                );
                continue;
            }
            if name.starts_with("States.") && !errors::is_known_states_error(name) && !raised.contains(name) {
                ctx.warning(
                    range,
                    codes::UNKNOWN_ERROR_NAME,
                    format!(
                        "{} is not an error the service raises.{}",
                        quoted(name),
                        did_you_mean(name, errors::STATES_ERRORS.iter().map(|error| error.name))
                    ),
                );
                ctx.suggest_last(crate::util::suggest::closest(
                    name,
                    errors::STATES_ERRORS.iter().map(|error| error.name),
                ));
            }
        }
    }
}
