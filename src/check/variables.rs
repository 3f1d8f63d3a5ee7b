//! Variables: every `$name` read must have been assigned on some path that
//! leads to the state reading it, in its scope or an enclosing one (a
//! distributed Map's children see none of the outer variables). Assigned but
//! never read is a hint; assigning a name an enclosing scope assigns, a warning.
//!
//! "Assigned before" is a may-analysis over each scope's state graph: the
//! variables available on entry to a state are those assigned by any state
//! on any path from `StartAt` to it. A nested scope starts with what was
//! available on entry to the Parallel or Map that owns it.

use std::collections::HashMap;

use super::{codes, did_you_mean, Ctx, Severity};
use crate::model::{Machine, ScopeId, ScopeKind, StateId};

/// A set of variable names, by index, as bits.
#[derive(Clone, Default, PartialEq)]
struct Names(Vec<u64>);

impl Names {
    fn insert(&mut self, index: usize) {
        let word = index / 64;
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << (index % 64);
    }

    fn contains(&self, index: usize) -> bool {
        self.0
            .get(index / 64)
            .is_some_and(|word| word & (1 << (index % 64)) != 0)
    }

    /// Add every name of `other`; true when something was new.
    fn union(&mut self, other: &Names) -> bool {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        let mut changed = false;
        for (word, &bits) in self.0.iter_mut().zip(&other.0) {
            let merged = *word | bits;
            changed |= merged != *word;
            *word = merged;
        }
        changed
    }
}

pub(super) fn check(ctx: &mut Ctx<'_>) {
    if ctx.variable_uses.is_empty() && ctx.variable_definitions.is_empty() {
        return;
    }
    // Taken out while the rules report, and put back for the editor features.
    let definitions = std::mem::take(&mut ctx.variable_definitions);
    let uses = std::mem::take(&mut ctx.variable_uses);
    report(ctx, &uses, &definitions);
    ctx.variable_definitions = definitions;
    ctx.variable_uses = uses;
}

fn report(ctx: &mut Ctx<'_>, uses: &[super::VariableUse], definitions: &[super::VariableDefinition]) {
    let machine = ctx.machine;
    let mut index_of: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    for name in definitions.iter().map(|definition| definition.name.as_str()) {
        index_of.entry(name).or_insert_with(|| {
            names.push(name);
            names.len() - 1
        });
    }
    let mut assigns: Vec<Names> = vec![Names::default(); machine.states.len()];
    for definition in definitions {
        if let Some(state) = definition.state {
            assigns[state.0 as usize].insert(index_of[definition.name.as_str()]);
        }
    }
    let available = available_on_entry(machine, &assigns);

    for variable_use in uses {
        let Some(state) = variable_use.state else {
            continue;
        };
        let Some(&index) = index_of.get(variable_use.name.as_str()) else {
            ctx.error(
                variable_use.range,
                codes::UNDEFINED_VARIABLE,
                format!(
                    "Variable ${} is never assigned: no \"Assign\" in this state machine sets it.{}",
                    variable_use.name,
                    did_you_mean(&variable_use.name, names.iter().copied())
                ),
            );
            continue;
        };
        if available[state.0 as usize].contains(index) {
            continue;
        }
        let message = match distributed_boundary(machine, state) {
            Some(map) if assigned_outside(machine, definitions, &variable_use.name, state) => format!(
                "Variable ${} is assigned outside the distributed Map {:?}: its child executions cannot read outer variables; pass the value in through ItemSelector",
                variable_use.name,
                machine.state(map).name
            ),
            _ => format!(
                "Variable ${} is not assigned on any path that leads to state {:?}: it is only set in states that run after it or in another scope",
                variable_use.name,
                machine.state(state).name
            ),
        };
        ctx.error(variable_use.range, codes::UNDEFINED_VARIABLE, message);
    }

    for definition in definitions {
        if !uses.iter().any(|variable_use| variable_use.name == definition.name) {
            ctx.sink.push(
                definition.range,
                Severity::Hint,
                codes::UNUSED_VARIABLE,
                format!("Variable ${} is assigned but never read", definition.name),
            );
        }
        let Some(state) = definition.state else {
            continue;
        };
        let outer_assigns = definitions.iter().any(|other| {
            other.name == definition.name
                && other
                    .state
                    .is_some_and(|other_state| encloses(machine, machine.state(other_state).scope, state))
        });
        if outer_assigns {
            ctx.warning(
                definition.range,
                codes::SHADOWED_VARIABLE,
                format!(
                    "Variable ${} is also assigned in an enclosing scope: a nested scope must not assign a variable of an outer one",
                    definition.name
                ),
            );
        }
    }
}

/// The variables that may have been assigned when each state is entered.
fn available_on_entry(machine: &Machine, assigns: &[Names]) -> Vec<Names> {
    let mut available: Vec<Names> = vec![Names::default(); machine.states.len()];
    // Parents come before their nested scopes in `machine.scopes`.
    for scope_id in machine.scope_ids() {
        let scope = machine.scope(scope_id);
        let inherited = match scope.kind {
            ScopeKind::Root | ScopeKind::Processor { distributed: true, .. } => Names::default(),
            ScopeKind::Branch { state, .. } | ScopeKind::Processor { state, .. } => available[state.0 as usize].clone(),
        };
        let Some(start) = scope
            .start_at
            .as_ref()
            .and_then(|start| machine.resolve(scope_id, &start.name))
        else {
            continue;
        };
        available[start.0 as usize].union(&inherited);
        // Every state is visited once; after that, again only when what
        // reaches it grew.
        let mut queue = vec![start];
        let mut queued = vec![false; machine.states.len()];
        let mut visited = vec![false; machine.states.len()];
        queued[start.0 as usize] = true;
        while let Some(state_id) = queue.pop() {
            queued[state_id.0 as usize] = false;
            visited[state_id.0 as usize] = true;
            let mut out = available[state_id.0 as usize].clone();
            out.union(&assigns[state_id.0 as usize]);
            for transition in &machine.state(state_id).transitions {
                let Some(target) = machine.resolve(scope_id, &transition.target.name) else {
                    continue;
                };
                let changed = available[target.0 as usize].union(&out);
                if (changed || !visited[target.0 as usize]) && !queued[target.0 as usize] {
                    queued[target.0 as usize] = true;
                    queue.push(target);
                }
            }
        }
    }
    available
}

/// The distributed Map whose processor (directly or further out) holds `state`.
fn distributed_boundary(machine: &Machine, state: StateId) -> Option<StateId> {
    let mut scope = machine.state(state).scope;
    loop {
        match machine.scope(scope).kind {
            ScopeKind::Root => return None,
            ScopeKind::Processor {
                state,
                distributed: true,
            } => return Some(state),
            ScopeKind::Branch { state, .. } | ScopeKind::Processor { state, .. } => scope = machine.state(state).scope,
        }
    }
}

fn assigned_outside(machine: &Machine, definitions: &[super::VariableDefinition], name: &str, state: StateId) -> bool {
    let scope = machine.state(state).scope;
    definitions.iter().any(|definition| {
        definition.name == name
            && definition
                .state
                .is_some_and(|other| machine.state(other).scope != scope)
    })
}

/// True when `outer` strictly encloses the scope of `state`.
fn encloses(machine: &Machine, outer: ScopeId, state: StateId) -> bool {
    let mut scope = machine.state(state).scope;
    while let Some(owner) = machine.scope_owner(scope) {
        scope = machine.state(owner).scope;
        if scope == outer {
            return true;
        }
    }
    false
}
