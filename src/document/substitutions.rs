//! The `${Name}` placeholders of a template's state machine against the
//! `DefinitionSubstitutions` that fill them in at deploy time
//! (CloudFormation and SAM): a placeholder nothing fills in reaches the
//! service as it is written, and a substitution nothing uses is a leftover.

use std::collections::HashMap;

use crate::check::{self, codes, Diagnostic, Severity};
use crate::syntax::{strings, NodeId, NodeKind, Tree};

/// The diagnostics of the placeholders of `definition` (a node of `tree`,
/// the template's) against `substitutions`, the resource's
/// `DefinitionSubstitutions` object if it has one.
pub fn check(
    text: &str,
    tree: &Tree,
    definition: NodeId,
    substitutions: Option<NodeId>,
    machine: &str,
) -> Vec<Diagnostic> {
    let provided = substitutions.and_then(|node| tree.members(node)).unwrap_or_default();
    // The first entry of each name, found in constant time per placeholder.
    let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(provided.len());
    for (index, member) in provided.iter().enumerate() {
        by_name.entry(member.key.as_str()).or_insert(index);
    }
    let mut used = vec![false; provided.len()];
    let mut diagnostics = Vec::new();
    let mut stack = vec![definition];
    while let Some(id) = stack.pop() {
        // What a CloudFormation function holds is CloudFormation's to fill in.
        if tree.is_cloudformation_function(id) {
            continue;
        }
        match &tree.node(id).kind {
            NodeKind::Object(members) => stack.extend(members.iter().rev().filter_map(|member| member.value)),
            NodeKind::Array(items) => stack.extend(items.iter().rev().copied()),
            NodeKind::String(value) => {
                for (name, inner) in placeholders(value) {
                    match by_name.get(name).copied() {
                        Some(index) => used[index] = true,
                        None => diagnostics.push(Diagnostic {
                            range: strings::inner_range(text, tree.range(id), value, inner),
                            severity: Severity::Warning,
                            code: codes::UNDEFINED_PLACEHOLDER,
                            message: format!(
                                "Nothing fills in {}: add {} to the DefinitionSubstitutions of {}, or the state machine gets this text as it is written",
                                check::quoted(&format!("${{{name}}}")),
                                check::quoted(name),
                                check::quoted(machine)
                            ),
                            fix: None,
                        }),
                    }
                }
            }
            _ => {}
        }
    }
    for (member, used) in provided.iter().zip(used) {
        if !used {
            diagnostics.push(Diagnostic {
                range: tree.key_range(member),
                severity: Severity::Hint,
                code: codes::UNUSED_SUBSTITUTION,
                message: format!(
                    "The definition of {} never uses the substitution {}",
                    check::quoted(machine),
                    check::quoted(&member.key)
                ),
                fix: None,
            });
        }
    }
    diagnostics
}

/// Each `${name}` of a string: the name and the byte range of the whole
/// placeholder. An unclosed or empty one is left to the resource rules.
fn placeholders(value: &str) -> Vec<(&str, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = value[from..].find("${").map(|offset| from + offset) {
        let Some(length) = value[start + 2..].find('}') else {
            break;
        };
        let end = start + 2 + length + 1;
        if length > 0 {
            found.push((&value[start + 2..end - 1], start..end));
        }
        from = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_with_their_ranges() {
        assert_eq!(
            placeholders("arn:${Partition}:lambda:${}:x:${Fn} ${open"),
            [("Partition", 4..16), ("Fn", 30..35)]
        );
    }
}
