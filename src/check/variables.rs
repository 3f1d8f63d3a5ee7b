//! Variables: every `$name` read must have been assigned on some path that
//! leads to the state reading it, in its scope or an enclosing one (a
//! distributed Map's children see none of the outer variables). Assigned but
//! never read is a hint; assigning a name an enclosing scope assigns, a warning.
//!
//! "Assigned before" is a may-analysis over each scope's state graph: the
//! variables available on entry to a state are those assigned by any state
//! on any path from `StartAt` to it. A nested scope starts with what was
//! available on entry to the Parallel or Map that owns it.

use std::collections::{HashMap, HashSet};

use super::{codes, did_you_mean, Severity, Sink};
use crate::model::variables::Variables;
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

pub(super) fn check(machine: &Machine, variables: &Variables, sink: &mut Sink) {
    let (uses, definitions) = (&variables.uses, &variables.definitions);
    if uses.is_empty() && definitions.is_empty() {
        return;
    }
    let mut index_of: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    for name in definitions.iter().map(|definition| definition.name.as_str()) {
        index_of.entry(name).or_insert_with(|| {
            names.push(name);
            names.len() - 1
        });
    }
    let mut assigns: Vec<Names> = vec![Names::default(); machine.states.len()];
    // The scopes that assign each name: for the distributed-Map message and shadowing.
    let mut assigned_in: HashSet<(usize, ScopeId)> = HashSet::new();
    let mut scopes_of: Vec<Vec<ScopeId>> = vec![Vec::new(); names.len()];
    for definition in definitions {
        if let Some(state) = definition.state {
            let index = index_of[definition.name.as_str()];
            let scope = machine.state(state).scope;
            assigns[state.0 as usize].insert(index);
            if assigned_in.insert((index, scope)) {
                scopes_of[index].push(scope);
            }
        }
    }
    let (available, reached) = available_on_entry(machine, &assigns);

    for variable_use in uses {
        let Some(state) = variable_use.state else {
            continue;
        };
        // A state no path reaches is reported once by the graph rules; what
        // it reads would only repeat that.
        if !reached[state.0 as usize] {
            continue;
        }
        let Some(&index) = index_of.get(variable_use.name.as_str()) else {
            sink.error(
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
        let scope = machine.state(state).scope;
        // Distinct scopes: the answer comes within two comparisons.
        let outside = scopes_of[index].iter().any(|&other| other != scope);
        let message = match distributed_boundary(machine, state) {
            Some(map) if outside => format!(
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
        sink.error(variable_use.range, codes::UNDEFINED_VARIABLE, message);
    }

    let read: HashSet<&str> = uses.iter().map(|variable_use| variable_use.name.as_str()).collect();
    for definition in definitions {
        if !read.contains(definition.name.as_str()) {
            sink.push(
                definition.range,
                Severity::Hint,
                codes::UNUSED_VARIABLE,
                format!("Variable ${} is assigned but never read", definition.name),
            );
        }
        let Some(state) = definition.state else {
            continue;
        };
        let index = index_of[definition.name.as_str()];
        if enclosing_scopes(machine, state).any(|scope| assigned_in.contains(&(index, scope))) {
            sink.warning(
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

/// The variables that may have been assigned when each state is entered,
/// and which states a path from `StartAt` reaches at all.
fn available_on_entry(machine: &Machine, assigns: &[Names]) -> (Vec<Names>, Vec<bool>) {
    let mut available: Vec<Names> = vec![Names::default(); machine.states.len()];
    let mut reached = vec![false; machine.states.len()];
    // Parents come before their nested scopes in `machine.scopes`.
    for scope_id in machine.scope_ids() {
        let scope = machine.scope(scope_id);
        // The states of a branch or processor that no path enters are not reached either.
        if let ScopeKind::Branch { state, .. } | ScopeKind::Processor { state, .. } = scope.kind {
            if !reached[state.0 as usize] {
                continue;
            }
        }
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
            reached[state_id.0 as usize] = true;
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
    (available, reached)
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

/// The scopes that strictly enclose the scope of `state`, innermost first.
fn enclosing_scopes(machine: &Machine, state: StateId) -> impl Iterator<Item = ScopeId> + '_ {
    let mut scope = machine.state(state).scope;
    std::iter::from_fn(move || {
        let owner = machine.scope_owner(scope)?;
        scope = machine.state(owner).scope;
        Some(scope)
    })
}
