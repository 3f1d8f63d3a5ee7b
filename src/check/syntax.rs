//! Syntax problems of the front ends, and keys repeated inside one object.

use std::collections::HashSet;

use super::{codes, Severity, Sink};
use crate::model::Machine;
use crate::syntax::{Format, NodeId, NodeKind, SyntaxError, SyntaxErrorKind, Tree};

/// The parser's errors, each as a diagnostic.
pub(super) fn errors<'e>(errors: impl IntoIterator<Item = &'e SyntaxError>, format: Format, sink: &mut Sink) {
    let invalid = match format {
        Format::Json => codes::INVALID_JSON,
        Format::Yaml => codes::INVALID_YAML,
    };
    for error in errors {
        let code = match error.kind {
            SyntaxErrorKind::Invalid | SyntaxErrorKind::NotJson => invalid,
            SyntaxErrorKind::DuplicateKey => codes::DUPLICATE_KEY,
        };
        sink.push(error.range, Severity::Error, code, error.message.clone());
    }
}

pub(super) fn check(tree: &Tree, machine: &Machine, format: Format, sink: &mut Sink) {
    if tree.root().is_none() && tree.errors.len() == 1 && tree.is_empty() {
        let error = &tree.errors[0];
        sink.error(
            error.range,
            codes::MISSING_DESCRIPTION,
            "The definition is empty: write a JSON object with \"StartAt\" and \"States\"",
        );
        return;
    }
    errors(&tree.errors, format, sink);
    if format == Format::Json {
        if let Some(root) = tree.root() {
            duplicate_keys(tree, machine, root, sink);
        }
    }
}

/// JSON allows repeated keys but a reader keeps only one of them, so a
/// repeated key silently loses a value. Repeated state names are reported
/// by the structure rules with their own code. The walk from `start` (the
/// root, or a state's value) stops at the states of a scope, which are
/// walked on their own.
pub(super) fn duplicate_keys(tree: &Tree, machine: &Machine, start: NodeId, sink: &mut Sink) {
    let mut stack = vec![(start, false)];
    while let Some((id, is_states)) = stack.pop() {
        if is_states && machine.is_states_node(id) {
            continue;
        }
        match &tree.node(id).kind {
            NodeKind::Object(members) => {
                // Small objects are the rule: a scan beats hashing there.
                let mut seen: HashSet<&str> = HashSet::new();
                for (index, member) in members.iter().enumerate() {
                    let repeated = if is_states {
                        false
                    } else if members.len() <= 16 {
                        members[..index].iter().any(|earlier| earlier.key == member.key)
                    } else {
                        !seen.insert(member.key.as_str())
                    };
                    if repeated {
                        sink.warning(
                            tree.key_range(member),
                            codes::DUPLICATE_KEY,
                            format!("Duplicate key {:?}: only the last value is used", member.key),
                        );
                    }
                    if let Some(value) = member.value {
                        stack.push((value, member.key == "States"));
                    }
                }
            }
            NodeKind::Array(items) => stack.extend(items.iter().map(|&item| (item, false))),
            _ => {}
        }
    }
}
