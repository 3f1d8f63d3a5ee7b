//! The state graph of each scope: transition targets, terminal states,
//! reachability from `StartAt`, and loops that can never end.

use std::collections::VecDeque;

use super::{codes, quoted, Sink};
use crate::model::{Machine, NameRef, ScopeId, ScopeKind, StateId};
use crate::syntax::{SyntaxErrorKind, Tree};

/// How many names the did-you-mean of unresolved targets may compare in
/// one document: a thousand typos against a thousand states get their
/// suggestions, a pathological document stays linear after that.
const SUGGESTION_BUDGET: usize = 1_000_000;

pub(super) fn check(tree: &Tree, machine: &Machine, sink: &mut Sink) {
    let mut budget = SUGGESTION_BUDGET;
    for scope_id in machine.scope_ids() {
        check_scope(tree, machine, scope_id, sink, &mut budget);
    }
}

/// Where a scope is, for a message about a name found in another one.
fn describe_scope(machine: &Machine, scope: ScopeId) -> String {
    match machine.scope(scope).kind {
        ScopeKind::Root => "at the top level".to_string(),
        ScopeKind::Branch { state, index } => format!(
            "in branch {} of Parallel state {}",
            index + 1,
            quoted(&machine.state(state).name)
        ),
        ScopeKind::Processor { state, .. } => {
            format!(
                "in the item processor of Map state {}",
                quoted(&machine.state(state).name)
            )
        }
    }
}

/// Report a name that does not resolve in `scope`.
fn missing_target(
    machine: &Machine,
    scope: ScopeId,
    field: &str,
    target: &NameRef,
    sink: &mut Sink,
    budget: &mut usize,
) {
    let elsewhere = machine
        .states_named(&target.name)
        .iter()
        .map(|&id| machine.state(id).scope)
        .find(|&other| other != scope);
    // One search for a suggestion, shared by the message and the quick fix.
    let mut closest = None;
    let message = match elsewhere {
        Some(other) => format!(
            "Missing '{field}' target: {} is defined {}, and a transition cannot leave or enter a Parallel branch or a Map processor",
            quoted(&target.name),
            describe_scope(machine, other)
        ),
        None => {
            let states = &machine.scope(scope).states;
            if *budget >= states.len() {
                *budget -= states.len();
                let candidates = states.iter().map(|&id| machine.state(id).name.as_str());
                closest = crate::util::suggest::closest(&target.name, candidates);
            }
            format!(
                "Missing '{field}' target: no state named {} in this scope.{}",
                quoted(&target.name),
                closest.map(|name| format!(" Did you mean {}?", quoted(name))).unwrap_or_default()
            )
        }
    };
    sink.error(machine.range(target.range), codes::MISSING_TRANSITION_TARGET, message);
    sink.suggest_last(closest);
}

fn check_scope(tree: &Tree, machine: &Machine, scope_id: ScopeId, sink: &mut Sink, budget: &mut usize) {
    let scope = machine.scope(scope_id);
    if scope.states_node.is_none() {
        return;
    }
    let start = scope.start_at.as_ref().and_then(|start_at| {
        let resolved = machine.resolve(scope_id, &start_at.name);
        if resolved.is_none() {
            missing_target(machine, scope_id, "StartAt", start_at, sink, budget);
        }
        resolved
    });
    // Successors inside the scope, by position in `scope.states`.
    let index_of = |id: StateId| Some(machine.state(id).index);
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); scope.states.len()];
    // States that might leave the scope in ways the graph does not show
    // (a dangling target, an unknown type): never blamed for looping.
    let mut may_exit = vec![false; scope.states.len()];
    for (index, &state_id) in scope.states.iter().enumerate() {
        let state = machine.state(state_id);
        if state.node.is_none() || state.ty.is_none() {
            may_exit[index] = true;
        }
        for transition in &state.transitions {
            match machine.resolve(scope_id, &transition.target.name) {
                Some(target) => successors[index].extend(index_of(target)),
                None => {
                    may_exit[index] = true;
                    // A name the parser could not read whole (an unterminated
                    // string) is the syntax error's to report.
                    let broken = tree.errors.iter().any(|error| {
                        error.range.start() < machine.range(transition.target.range).end()
                            && machine.range(transition.target.range).start()
                                < error.range.end().max(error.range.start() + 1)
                    });
                    if !broken {
                        missing_target(
                            machine,
                            scope_id,
                            transition.kind.field(),
                            &transition.target,
                            sink,
                            budget,
                        );
                    }
                }
            }
        }
    }
    if scope.states.is_empty() {
        return;
    }
    let terminal: Vec<bool> = scope.states.iter().map(|&id| machine.state(id).is_terminal()).collect();
    if !terminal.iter().any(|&is_terminal| is_terminal) {
        let range = tree
            .member(scope.node, "States")
            .map(|member| tree.key_range(member))
            .unwrap_or_else(|| tree.opening(scope.node));
        let owner = match scope.kind {
            ScopeKind::Root => "this state machine".to_string(),
            _ => describe_scope(machine, scope_id).replacen("in ", "", 1),
        };
        sink.error(
            range,
            codes::MISSING_END_STATE,
            format!("No terminal state in {owner}: give a state \"End\": true, or add a Succeed or Fail state"),
        );
        // As the service does: without a way out, reachability says nothing useful.
        return;
    }
    let Some(start) = start.and_then(index_of) else {
        return;
    };
    // While the text has syntax errors, a state cut off may only be cut off
    // by the parser's recovery: reachability waits for the text to parse.
    if tree.errors.iter().any(|error| error.kind == SyntaxErrorKind::Invalid) {
        return;
    }
    let reachable = walk(start, &successors);
    let start_name = &machine.state(scope.states[start]).name;
    // One report for the whole scope, at the first unreachable state: a
    // broken transition usually cuts off a run of states, and one mistake
    // should read as one problem.
    let unreachable: Vec<StateId> = scope
        .states
        .iter()
        .enumerate()
        .filter(|&(index, &state_id)| {
            !reachable[index] && machine.resolve(scope_id, &machine.state(state_id).name) == Some(state_id)
        })
        .map(|(_, &state_id)| state_id)
        .collect();
    if let Some((&first, others)) = unreachable.split_first() {
        let state = machine.state(first);
        let mut message = format!(
            "State {} is not reachable: no transition leads to it from StartAt {}",
            quoted(&state.name),
            quoted(start_name)
        );
        if !others.is_empty() {
            const NAMED: usize = 5;
            let names: Vec<String> = others
                .iter()
                .take(NAMED)
                .map(|&other| quoted(&machine.state(other).name))
                .collect();
            let more = others.len().saturating_sub(NAMED);
            message.push_str(&format!(
                "; nor to {}{}",
                names.join(", "),
                if more > 0 {
                    format!(" and {more} more states")
                } else {
                    String::new()
                }
            ));
        }
        sink.error(
            machine.range(state.key_range),
            codes::MISSING_TRANSITION_TARGET,
            message,
        );
    }
    // States that can reach a terminal state (or may leave the graph).
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); scope.states.len()];
    for (from, targets) in successors.iter().enumerate() {
        for &to in targets {
            predecessors[to].push(from);
        }
    }
    let exits: Vec<usize> = (0..scope.states.len())
        .filter(|&index| terminal[index] || may_exit[index])
        .collect();
    let can_finish = walk_many(&exits, &predecessors);
    for (index, &state_id) in scope.states.iter().enumerate() {
        if reachable[index] && !can_finish[index] {
            let state = machine.state(state_id);
            sink.warning(
                machine.range(state.key_range),
                codes::NO_TERMINAL_PATH,
                format!(
                    "State {} can never reach a terminal state: every path from it loops forever. Add a way out (a Choice rule or Default to an end, or \"End\": true)",
                    quoted(&state.name)
                ),
            );
        }
    }
}

fn walk(start: usize, edges: &[Vec<usize>]) -> Vec<bool> {
    walk_many(&[start], edges)
}

/// Every node reachable from `starts` along `edges`, starts included.
fn walk_many(starts: &[usize], edges: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for &start in starts {
        if !seen[start] {
            seen[start] = true;
            queue.push_back(start);
        }
    }
    while let Some(node) = queue.pop_front() {
        for &next in &edges[node] {
            if !seen[next] {
                seen[next] = true;
                queue.push_back(next);
            }
        }
    }
    seen
}
