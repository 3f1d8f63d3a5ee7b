//! Where the cursor is in the tree: on a key, on a value, or between the
//! members of an object; the chain of containers that leads there; and the
//! state, catalogue schema and query language around it. Hover and
//! completion start from here.

use crate::catalog::kinds::QueryLanguage;
use crate::catalog::schema::{Kind, Schema};
use crate::catalog::states;
use crate::model::StateId;
use crate::syntax::{NodeId, NodeKind, Tree};
use crate::Analysis;

/// One step down: member `index` of an object, or item `index` of an array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub container: NodeId,
    pub index: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// On the key of member `index` of `object`.
    Key { object: NodeId, index: usize },
    /// On a scalar value (or an `Error` node).
    Value { node: NodeId },
    /// Inside a container, between its members or items.
    Inside { container: NodeId },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The containers entered on the way, outermost first.
    pub steps: Vec<Step>,
    pub target: Target,
}

/// Whether `offset` is inside a container: strictly between its brackets, or
/// anywhere after its opening when its closing bracket is missing.
fn enters(tree: &Tree, node: NodeId, offset: usize) -> bool {
    let range = tree.range(node);
    match tree.node(node).kind {
        NodeKind::Object(_) | NodeKind::Array(_) => {
            range.start() < offset && (offset < range.end() || !tree.is_closed(node))
        }
        _ => range.contains_inclusive(offset),
    }
}

/// Find what lies under `offset`.
pub fn locate(tree: &Tree, offset: usize) -> Option<Cursor> {
    let mut current = tree.root()?;
    if !enters(tree, current, offset) {
        return None;
    }
    let mut steps = Vec::new();
    loop {
        let next = match &tree.node(current).kind {
            NodeKind::Object(members) => {
                let mut next = None;
                for (index, member) in members.iter().enumerate() {
                    if tree.key_range(member).contains_inclusive(offset) {
                        return Some(Cursor {
                            steps,
                            target: Target::Key { object: current, index },
                        });
                    }
                    if member.value.is_some_and(|value| enters(tree, value, offset)) {
                        next = member.value.map(|value| (index, value));
                    }
                }
                next
            }
            NodeKind::Array(items) => items
                .iter()
                .enumerate()
                .rev()
                .find(|(_, &item)| enters(tree, item, offset))
                .map(|(index, &item)| (index, item)),
            _ => {
                return Some(Cursor {
                    steps,
                    target: Target::Value { node: current },
                })
            }
        };
        let Some((index, child)) = next else {
            return Some(Cursor {
                steps,
                target: Target::Inside { container: current },
            });
        };
        steps.push(Step {
            container: current,
            index,
        });
        current = child;
    }
}

/// The state, schema and key around a cursor's target.
#[derive(Clone, Debug)]
pub struct Place {
    /// The innermost state the cursor is in.
    pub state: Option<StateId>,
    /// The schema of the innermost object holding the target, when the
    /// catalogue knows it.
    pub schema: Option<&'static Schema>,
    /// For a value: the key of the member that holds it.
    pub key: Option<String>,
    pub language: QueryLanguage,
}

/// What the next container down is expected to be.
#[derive(Clone, Copy)]
enum Expect {
    Object(&'static Schema),
    Items(&'static Schema),
    Nothing,
}

/// Work out the state, schema and language around a cursor by walking its
/// containers from the root.
pub fn place(analysis: &Analysis, cursor: &Cursor) -> Place {
    let tree = &analysis.tree;
    let machine = &analysis.machine;
    let mut containers: Vec<(NodeId, Option<usize>)> = cursor
        .steps
        .iter()
        .map(|step| (step.container, Some(step.index)))
        .collect();
    match cursor.target {
        Target::Key { object, .. } => containers.push((object, None)),
        Target::Inside { container } => containers.push((container, None)),
        Target::Value { .. } => {}
    }
    let mut state = None;
    let mut language = machine.query_language.unwrap_or(QueryLanguage::JsonPath);
    let mut schema: Option<&'static Schema> = None;
    let mut expect = Expect::Nothing;
    // The container the walk left last, and by which member: a state's
    // object is a member of a scope's `States`.
    let mut parent: Option<(NodeId, usize)> = None;
    for &(container, leaving_by) in &containers {
        let is_array = matches!(tree.node(container).kind, NodeKind::Array(_));
        let state_here = parent
            .and_then(|(parent, index)| machine.state_in(parent, index))
            .filter(|&id| machine.state(id).node == Some(container));
        parent = leaving_by.map(|index| (container, index));
        schema = if let Some(state_id) = state_here {
            state = Some(state_id);
            language = machine.state(state_id).query_language;
            machine.state(state_id).ty.map(states::state)
        } else if Some(container) == tree.root() {
            Some(&states::ROOT)
        } else {
            match expect {
                Expect::Object(inner) if !is_array => Some(inner),
                _ => None,
            }
        };
        expect = match (is_array, expect, schema, leaving_by) {
            // The items of an array of known objects.
            (true, Expect::Items(inner), _, _) => Expect::Object(inner),
            (false, _, Some(schema), Some(index)) => {
                let field = tree
                    .members(container)
                    .and_then(|members| members.get(index))
                    .and_then(|member| schema.field(&member.key));
                match field.map(|field| field.kind) {
                    Some(Kind::Object(inner)) => Expect::Object(inner),
                    Some(Kind::Array(inner)) => Expect::Items(inner),
                    Some(Kind::Branches) => Expect::Items(&states::BRANCH),
                    _ => Expect::Nothing,
                }
            }
            _ => Expect::Nothing,
        };
    }
    let key = match cursor.target {
        Target::Value { .. } => cursor.steps.last().and_then(|step| {
            tree.members(step.container)
                .and_then(|members| members.get(step.index))
                .map(|member| member.key.to_string())
        }),
        _ => None,
    };
    Place {
        state,
        schema,
        key,
        language,
    }
}
