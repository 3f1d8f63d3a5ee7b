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
            range.start() < offset
                && (offset < range.end()
                    || !tree.is_closed(node)
                    || (offset == range.end() && ends_with_content(tree, node)))
        }
        _ => range.contains_inclusive(offset),
    }
}

/// A container with no closer (a YAML block mapping or sequence) ends where
/// its last content does: the end of that content, where one types, is in it.
fn ends_with_content(tree: &Tree, node: NodeId) -> bool {
    let end = tree.range(node).end();
    let last = match &tree.node(node).kind {
        NodeKind::Object(members) => members
            .last()
            .map(|member| member.value.map_or(tree.key_range(member), |value| tree.range(value))),
        NodeKind::Array(items) => items.last().map(|&item| tree.range(item)),
        _ => None,
    };
    last.is_some_and(|last| last.end() == end && !last.is_empty())
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
                // Members are in text order: only those whose key starts at
                // or before the offset can hold it (a `States` of thousands
                // is searched, not walked).
                let before = members.partition_point(|member| tree.key_range(member).start() <= offset);
                let holds_key = |index: usize| tree.key_range(&members[index]).contains_inclusive(offset);
                if before > 0 && holds_key(before - 1) {
                    // The first of the keys there (the copies an alias makes share one range).
                    let mut index = before - 1;
                    while index > 0 && holds_key(index - 1) {
                        index -= 1;
                    }
                    return Some(Cursor {
                        steps,
                        target: Target::Key { object: current, index },
                    });
                }
                let value_enters = |index: usize| {
                    let value = members[index].value?;
                    enters(tree, value, offset).then_some((index, value))
                };
                if tree.has_unclosed() {
                    // A container without its closer reaches past its
                    // members' neighbours: the last one that holds the offset.
                    (0..before).rev().find_map(value_enters)
                } else {
                    // Closed values end before the next key: only the last can hold it.
                    before.checked_sub(1).and_then(value_enters)
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{self, Format};

    /// `locate` as it was written first: every member of every object on
    /// the way looked at, in order.
    fn walked(tree: &Tree, offset: usize) -> Option<Cursor> {
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
                            let target = Target::Key { object: current, index };
                            return Some(Cursor { steps, target });
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
                    let target = Target::Value { node: current };
                    return Some(Cursor { steps, target });
                }
            };
            let Some((index, child)) = next else {
                let target = Target::Inside { container: current };
                return Some(Cursor { steps, target });
            };
            steps.push(Step {
                container: current,
                index,
            });
            current = child;
        }
    }

    /// Every offset of every corpus document and workflow, whole and cut
    /// short (which leaves containers without their closers), YAML aliases
    /// included: the search finds what the walk finds.
    #[test]
    fn searching_the_members_finds_what_walking_them_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut folders = vec![
            root.join("tests/conformance"),
            root.join("tests/workflows"),
            root.join("examples"),
        ];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path
                    .extension()
                    .is_some_and(|ext| ext == "json" || ext == "yaml" || ext == "yml")
                {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 200, "{} files", files.len());
        let mut texts: Vec<(String, Format)> = files
            .iter()
            .map(|path| {
                let format = Format::from_path(&path.to_string_lossy());
                (std::fs::read_to_string(path).unwrap(), format)
            })
            .collect();
        texts.push((
            "a: &x {b: 1, c: [2]}\nd: *x\ne: {f: *x, g: 3}\n".to_string(),
            Format::Yaml,
        ));
        // A closer missing where the layout says it belongs: the member
        // after it is the object's sibling, and the unclosed one reaches on.
        texts.push((
            "{\n  \"a\": {\n    \"x\": 1\n  \"b\": 2\n  \n}\n".to_string(),
            Format::Json,
        ));
        let mut compared = 0;
        for (text, format) in &texts {
            let cuts = [text.len(), text.len() * 2 / 3, text.len() / 2, text.len() / 3];
            for cut in cuts {
                let Some(part) = text.get(..cut) else { continue };
                let tree = syntax::parse(part, *format);
                for offset in 0..=part.len() {
                    assert_eq!(
                        locate(&tree, offset),
                        walked(&tree, offset),
                        "offset {offset} of {part:?}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 100_000, "{compared} offsets");
    }
}
