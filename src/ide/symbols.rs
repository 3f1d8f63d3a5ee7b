//! The document outline: states nested under their Parallel branches and Map
//! processors, each with its type as detail.

use crate::catalog::kinds::StateType;
use crate::model::{Machine, ScopeId, ScopeKind};
use crate::syntax::TextRange;
use crate::Analysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// A state, with its type when it has a known one.
    State(Option<StateType>),
    /// A Parallel branch.
    Branch,
    /// A Map's `ItemProcessor` or `Iterator`.
    Processor,
    /// A state machine of a template, named after its resource.
    Machine,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole construct: key and value.
    pub range: TextRange,
    /// The part to highlight: the state's key.
    pub selection_range: TextRange,
    pub children: Vec<Symbol>,
}

/// The outline of the document, starting at the top-level states.
pub fn document_symbols(analysis: &Analysis) -> Vec<Symbol> {
    match analysis.machine.root_scope() {
        Some(root) => scope_symbols(analysis, root),
        None => Vec::new(),
    }
}

fn scope_symbols(analysis: &Analysis, scope: ScopeId) -> Vec<Symbol> {
    let machine: &Machine = &analysis.machine;
    let tree = &analysis.tree;
    let mut symbols = Vec::new();
    for &state_id in &machine.scope(scope).states {
        let state = machine.state(state_id);
        let range = match state.value {
            Some(value) => machine.range(state.key_range).cover(tree.range(value)),
            None => machine.range(state.key_range),
        };
        let mut children = Vec::new();
        for &child in &state.children {
            let child_scope = machine.scope(child);
            let (name, kind) = match child_scope.kind {
                ScopeKind::Branch { index, .. } => (format!("Branch {}", index + 1), SymbolKind::Branch),
                _ => {
                    let is_iterator = state
                        .node
                        .and_then(|node| tree.get(node, "Iterator"))
                        .is_some_and(|iterator| iterator == child_scope.node);
                    let name = if is_iterator { "Iterator" } else { "ItemProcessor" };
                    (name.to_string(), SymbolKind::Processor)
                }
            };
            let detail = child_scope
                .start_at
                .as_ref()
                .map(|start| format!("StartAt {}", start.name));
            let child_range = tree.range(child_scope.node);
            children.push(Symbol {
                name,
                detail,
                kind,
                range: child_range,
                selection_range: analysis.tree.opening(child_scope.node),
                children: scope_symbols(analysis, child),
            });
        }
        symbols.push(Symbol {
            name: state.name.to_string(),
            detail: state.ty.map(|ty| ty.name().to_string()),
            kind: SymbolKind::State(state.ty),
            range,
            selection_range: machine.range(state.key_range),
            children,
        });
    }
    symbols
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::ide::fixture;

    fn render(symbols: &[Symbol], text: &str, depth: usize, out: &mut String) {
        for symbol in symbols {
            let selected = &text[symbol.selection_range.start()..symbol.selection_range.end()];
            out.push_str(&format!(
                "{}{} [{}] {:?} selects {selected}\n",
                "  ".repeat(depth),
                symbol.name,
                symbol.detail.as_deref().unwrap_or("-"),
                symbol.kind,
            ));
            render(&symbol.children, text, depth + 1, out);
        }
    }

    fn check(text: &str, expect: Expect) {
        let analysis = fixture::analyse(text);
        let mut actual = String::new();
        render(&document_symbols(&analysis), text, 0, &mut actual);
        expect.assert_eq(&actual);
    }

    #[test]
    fn nested_outline() {
        check(
            r#"{"StartAt": "Fan", "States": {
  "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
    {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}},
    {"StartAt": "B2", "States": {"B2": {"Type": "Wait", "Seconds": 1, "End": true}}}
  ]},
  "Each": {"Type": "Map", "Next": "Odd", "ItemProcessor": {"StartAt": "Item", "States": {
    "Item": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}},
  "Odd": {"Type": "Bogus", "End": true},
  "Half": {"Type": "Succeed"
"#,
            expect![[r#"
                Fan [Parallel] State(Some(Parallel)) selects "Fan"
                  Branch 1 [StartAt B1] Branch selects {
                    B1 [Pass] State(Some(Pass)) selects "B1"
                  Branch 2 [StartAt B2] Branch selects {
                    B2 [Wait] State(Some(Wait)) selects "B2"
                Each [Map] State(Some(Map)) selects "Each"
                  ItemProcessor [StartAt Item] Processor selects {
                    Item [Task] State(Some(Task)) selects "Item"
                Odd [-] State(None) selects "Odd"
                Half [Succeed] State(Some(Succeed)) selects "Half"
            "#]],
        );
    }
}
