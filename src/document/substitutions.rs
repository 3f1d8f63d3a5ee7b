//! The `${Name}` placeholders of a template's state machine against the
//! `DefinitionSubstitutions` that fill them in at deploy time
//! (CloudFormation and SAM): a placeholder nothing fills in reaches the
//! service as it is written, and a substitution nothing uses is a leftover.

use std::collections::HashMap;

use crate::check::{self, codes, Diagnostic, Severity};
use crate::syntax::{strings, CompactString, NodeId, NodeKind, TextRange, Tree};

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
    let (mut diagnostics, unused) = compare(
        &placeholders_in(text, tree, definition),
        &provided(tree, substitutions),
        machine,
        Filler::Substitutions,
    );
    diagnostics.extend(unused);
    diagnostics
}

/// A `${Name}` in a string of a definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Placeholder {
    pub name: CompactString,
    /// The whole placeholder, in the definition's text.
    pub range: TextRange,
}

/// Each placeholder in the strings under `definition`, in order; what a
/// CloudFormation function holds is CloudFormation's to fill in.
pub fn placeholders_in(text: &str, tree: &Tree, definition: NodeId) -> Vec<Placeholder> {
    let mut found = Vec::new();
    let mut stack = vec![definition];
    while let Some(id) = stack.pop() {
        if tree.is_cloudformation_function(id) {
            continue;
        }
        match &tree.node(id).kind {
            NodeKind::Object(members) => stack.extend(members.iter().rev().filter_map(|member| member.value)),
            NodeKind::Array(items) => stack.extend(items.iter().rev().copied()),
            NodeKind::String(value) => {
                for (name, inner) in placeholders(value) {
                    found.push(Placeholder {
                        name: name.into(),
                        range: strings::inner_range(text, tree.range(id), value, inner),
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// The names a `DefinitionSubstitutions` object gives, with their key ranges.
pub fn provided(tree: &Tree, substitutions: Option<NodeId>) -> Vec<(CompactString, TextRange)> {
    substitutions
        .and_then(|node| tree.members(node))
        .unwrap_or_default()
        .iter()
        .map(|member| (member.key.clone(), tree.key_range(member)))
        .collect()
}

/// What fills in a definition's placeholders at deploy time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filler {
    /// `DefinitionSubstitutions` (CloudFormation, SAM).
    Substitutions,
    /// The variables of Terraform's `templatefile`.
    TemplateFile,
    /// Nothing: Terraform's `file` reads the text as it is.
    Nothing,
}

/// The placeholders that Terraform's template syntax reads as variables:
/// `${name}`, `${name.member}` or `${name[0]}`, named by the variable, and
/// not `$${…}` (an escaped `${`) nor an expression over functions.
pub fn as_terraform_reads(placeholders: Vec<Placeholder>, text: &str) -> Vec<Placeholder> {
    placeholders
        .into_iter()
        .filter(|placeholder| {
            let start = placeholder.range.start();
            !(start > 0 && text.as_bytes().get(start - 1) == Some(&b'$'))
        })
        .filter_map(|placeholder| {
            let inner = placeholder.name.trim();
            let end = inner
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(inner.len());
            let (name, rest) = inner.split_at(end);
            let plain = rest.is_empty() || rest.starts_with(['.', '[']);
            let variable = plain && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            variable.then(|| Placeholder {
                name: name.into(),
                range: placeholder.range,
            })
        })
        .collect()
}

/// The placeholders that nothing fills in (warnings at the placeholders)
/// and the substitutions that nothing uses (hints at their keys).
pub fn compare(
    placeholders: &[Placeholder],
    provided: &[(CompactString, TextRange)],
    machine: &str,
    filler: Filler,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    // The first entry of each name, found in constant time per placeholder.
    let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(provided.len());
    for (index, (name, _)) in provided.iter().enumerate() {
        by_name.entry(name.as_str()).or_insert(index);
    }
    let mut used = vec![false; provided.len()];
    let mut undefined = Vec::new();
    for placeholder in placeholders {
        match by_name.get(placeholder.name.as_str()).copied() {
            Some(index) => used[index] = true,
            None => undefined.push(Diagnostic {
                range: placeholder.range,
                severity: Severity::Warning,
                code: codes::UNDEFINED_PLACEHOLDER,
                message: match filler {
                    Filler::Substitutions => format!(
                        "Nothing fills in {}: add {} to the DefinitionSubstitutions of {}, or the state machine gets this text as it is written",
                        check::quoted(&format!("${{{}}}", placeholder.name)),
                        check::quoted(&placeholder.name),
                        check::quoted(machine)
                    ),
                    Filler::TemplateFile => format!(
                        "Nothing fills in {}: add {} to the variables templatefile gives the definition of {}, or `terraform plan` fails",
                        check::quoted(&format!("${{{}}}", placeholder.name)),
                        check::quoted(&placeholder.name),
                        check::quoted(machine)
                    ),
                    Filler::Nothing => format!(
                        "file() reads the definition of {} as it is, so nothing fills in {}: read it with templatefile(path, {{ {} = … }}), or the state machine gets this text as it is written",
                        check::quoted(machine),
                        check::quoted(&format!("${{{}}}", placeholder.name)),
                        placeholder.name
                    ),
                },
                fix: None,
            }),
        }
    }
    let unused = provided
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|((name, range), _)| Diagnostic {
            range: *range,
            severity: Severity::Hint,
            code: codes::UNUSED_SUBSTITUTION,
            message: format!(
                "The definition of {} never uses the {} {}",
                check::quoted(machine),
                match filler {
                    Filler::Substitutions => "substitution",
                    _ => "variable",
                },
                check::quoted(name)
            ),
            fix: None,
        })
        .collect();
    (undefined, unused)
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
