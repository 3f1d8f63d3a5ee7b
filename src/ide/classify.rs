//! The one answer to "what is under the cursor": a state's key, a state name
//! used as a transition target, a variable read or written, a field key, a
//! value, or the space between members. Hover, definition, references,
//! rename, highlight and completion all start here and dispatch on the kind.

use super::locate::{self, Cursor, Place, Target};
use crate::model::{NameRef, ScopeId, StateId};
use crate::syntax::{NodeId, TextRange};
use crate::Analysis;

/// A state name written as a transition target (or `StartAt`), and the scope it resolves in.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference<'a> {
    pub target: &'a NameRef,
    pub scope: ScopeId,
}

impl Reference<'_> {
    /// The state the reference names, if its scope has one of that name.
    pub fn resolve(&self, analysis: &Analysis) -> Option<StateId> {
        analysis.machine.resolve(self.scope, &self.target.name)
    }
}

/// What lies at an offset.
#[derive(Clone, Debug, PartialEq)]
pub enum Site<'a> {
    /// The key that names a state.
    StateKey(StateId),
    /// A state name in `StartAt`, `Next`, `Default`, a Choice rule's or a catcher's `Next`.
    StateRef(Reference<'a>),
    /// `$name` read in a path, an intrinsic argument or a JSONata expression
    /// (`write: false`), or a key of `Assign` (`write: true`).
    Variable {
        name: &'a str,
        range: TextRange,
        write: bool,
    },
    /// The key of member `index` of `object`.
    Key {
        cursor: Cursor,
        object: NodeId,
        index: usize,
    },
    /// A scalar value (or an unparsable fragment).
    Value { cursor: Cursor, node: NodeId },
    /// Inside a container, between its members or items.
    Between { cursor: Cursor, container: NodeId },
}

impl Site<'_> {
    /// The containers around a structural site, for [`locate::place`].
    pub fn cursor(&self) -> Option<&Cursor> {
        match self {
            Site::Key { cursor, .. } | Site::Value { cursor, .. } | Site::Between { cursor, .. } => Some(cursor),
            _ => None,
        }
    }

    /// The state, schema and language around a structural site.
    pub fn place(&self, analysis: &Analysis) -> Option<Place> {
        self.cursor().map(|cursor| locate::place(analysis, cursor))
    }
}

/// Classify `offset`. Names of the model come first (a transition target is
/// also a string value, a state's key also a key), then variables, then the
/// structure of the tree.
pub fn classify(analysis: &Analysis, offset: usize) -> Option<Site<'_>> {
    if let Some(reference) = reference_at(analysis, offset) {
        return Some(Site::StateRef(reference));
    }
    let machine = &analysis.machine;
    if let Some(state) = machine
        .state_ids()
        .find(|&id| machine.range(machine.state(id).key_range).contains_inclusive(offset))
    {
        return Some(Site::StateKey(state));
    }
    if let Some(site) = variable_at(analysis, offset) {
        return Some(site);
    }
    structure(analysis, offset)
}

/// Only the structure under `offset`: a key, a value or the space between
/// members, whatever the model makes of it. Completion works here, where
/// the text is still being typed.
pub fn structure(analysis: &Analysis, offset: usize) -> Option<Site<'_>> {
    let cursor = locate::locate(&analysis.tree, offset)?;
    Some(match cursor.target {
        Target::Key { object, index } => Site::Key { cursor, object, index },
        Target::Value { node } => Site::Value { cursor, node },
        Target::Inside { container } => Site::Between { cursor, container },
    })
}

fn reference_at(analysis: &Analysis, offset: usize) -> Option<Reference<'_>> {
    let machine = &analysis.machine;
    for scope_id in machine.scope_ids() {
        if let Some(start_at) = &machine.scope(scope_id).start_at {
            if machine.range(start_at.range).contains_inclusive(offset) {
                return Some(Reference {
                    target: start_at,
                    scope: scope_id,
                });
            }
        }
    }
    machine.state_ids().map(|id| machine.state(id)).find_map(|state| {
        let transition = state
            .transitions
            .iter()
            .find(|transition| machine.range(transition.target.range).contains_inclusive(offset))?;
        Some(Reference {
            target: &transition.target,
            scope: state.scope,
        })
    })
}

fn variable_at(analysis: &Analysis, offset: usize) -> Option<Site<'_>> {
    let variables = &analysis.variables;
    let read = variables
        .uses
        .iter()
        .find(|variable_use| variable_use.range.contains_inclusive(offset))
        .map(|variable_use| Site::Variable {
            name: &variable_use.name,
            range: variable_use.range,
            write: false,
        });
    read.or_else(|| {
        variables
            .definitions
            .iter()
            .find(|definition| definition.range.contains_inclusive(offset))
            .map(|definition| Site::Variable {
                name: &definition.name,
                range: definition.range,
                write: true,
            })
    })
}

#[cfg(test)]
#[path = "classify_tests.rs"]
mod tests;
