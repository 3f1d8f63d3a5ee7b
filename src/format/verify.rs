//! The safety net: a formatted JSON document must parse to the same value,
//! with the same comments, or the formatting is declined.

use super::edits::apply;
use super::{Declined, TextEdit};
use crate::syntax::{json, NodeId, NodeKind, SyntaxErrorKind, Tree};

pub(crate) fn same_document(text: &str, tree: &Tree, edits: &[TextEdit]) -> Result<(), Declined> {
    if edits.is_empty() {
        return Ok(());
    }
    let formatted = apply(text, edits);
    let again = json::parse(&formatted);
    let broken = again.errors.iter().any(|error| error.kind == SyntaxErrorKind::Invalid);
    let same = !broken
        && comments(text, tree) == comments(&formatted, &again)
        && match (tree.root(), again.root()) {
            (Some(a), Some(b)) => same_value(tree, a, &again, b),
            (None, None) => true,
            _ => false,
        };
    if same {
        Ok(())
    } else {
        Err(Declined::new(
            "formatting would have changed the document's value or comments, so it was left as it is",
        ))
    }
}

/// The text of every comment, in order (comments are reported as "not JSON").
fn comments<'t>(text: &'t str, tree: &Tree) -> Vec<&'t str> {
    tree.errors
        .iter()
        .filter(|error| error.kind == SyntaxErrorKind::NotJson)
        .filter_map(|error| text.get(error.range.start()..error.range.end()))
        .filter(|comment| comment.starts_with("//") || comment.starts_with("/*"))
        .collect()
}

/// Equal values: same keys in the same order, same strings, numbers as written.
pub(crate) fn same_value(a: &Tree, a_root: NodeId, b: &Tree, b_root: NodeId) -> bool {
    let mut stack = vec![(a_root, b_root)];
    while let Some((x, y)) = stack.pop() {
        match (&a.node(x).kind, &b.node(y).kind) {
            (NodeKind::Object(left), NodeKind::Object(right)) => {
                if left.len() != right.len() {
                    return false;
                }
                for (l, r) in left.iter().zip(right) {
                    if l.key != r.key {
                        return false;
                    }
                    match (l.value, r.value) {
                        (Some(lv), Some(rv)) => stack.push((lv, rv)),
                        (None, None) => {}
                        _ => return false,
                    }
                }
            }
            (NodeKind::Array(left), NodeKind::Array(right)) => {
                if left.len() != right.len() {
                    return false;
                }
                stack.extend(left.iter().copied().zip(right.iter().copied()));
            }
            (left, right) => {
                if left != right {
                    return false;
                }
            }
        }
    }
    true
}
