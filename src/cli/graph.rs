//! `asl-lsp graph`: a state machine as a picture, in Mermaid or Graphviz DOT.
//!
//! States become nodes (Choice as a decision, Succeed and Fail as ends),
//! transitions become edges (`Default`, Choice rules and catchers labelled,
//! catchers dashed), and every Parallel branch and Map processor becomes a
//! subgraph inside its state. Only the intact part of a broken document is
//! drawn; transitions to missing states are left out.

use std::fmt::Write;

use crate::catalog::kinds::StateType;
use crate::model::{Machine, ScopeId, ScopeKind, StateId, TransitionKind};
use crate::Analysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    /// A drawing with a layered layout (see `svg.rs`).
    Svg,
}

/// An edge between two states, with its label and whether it is a catcher.
pub(crate) struct Edge {
    pub(crate) from: StateId,
    pub(crate) to: StateId,
    pub(crate) label: Option<String>,
    pub(crate) catch: bool,
}

pub(crate) fn edges(machine: &Machine, state: StateId) -> Vec<Edge> {
    let scope = machine.state(state).scope;
    let mut rule = 0;
    let mut catcher = 0;
    let mut edges = Vec::new();
    for transition in &machine.state(state).transitions {
        let label = match transition.kind {
            TransitionKind::Next => None,
            TransitionKind::Default => Some("Default".to_string()),
            TransitionKind::ChoiceNext => {
                rule += 1;
                Some(format!("rule {rule}"))
            }
            TransitionKind::CatchNext => {
                catcher += 1;
                Some(format!("catch {catcher}"))
            }
        };
        if let Some(to) = machine.resolve(scope, &transition.target.name) {
            edges.push(Edge {
                from: state,
                to,
                label,
                catch: transition.kind == TransitionKind::CatchNext,
            });
        }
    }
    edges
}

pub(crate) fn scope_title(machine: &Machine, scope: ScopeId) -> String {
    match machine.scope(scope).kind {
        ScopeKind::Root => "state machine".to_string(),
        ScopeKind::Branch { index, .. } => format!("branch {}", index + 1),
        ScopeKind::Processor { distributed, .. } => {
            if distributed {
                "item processor (distributed)".to_string()
            } else {
                "item processor".to_string()
            }
        }
    }
}

/// The picture of a whole definition.
pub fn render(analysis: &Analysis, format: GraphFormat) -> String {
    if format == GraphFormat::Svg {
        return super::svg::render(analysis);
    }
    let machine = &analysis.machine;
    let mut out = String::new();
    let Some(root) = machine.root_scope() else {
        return match format {
            GraphFormat::Mermaid => "flowchart TD\n".to_string(),
            GraphFormat::Dot | GraphFormat::Svg => "digraph \"state machine\" {\n}\n".to_string(),
        };
    };
    match format {
        GraphFormat::Mermaid => {
            out.push_str("flowchart TD\n");
            mermaid_scope(machine, root, 1, &mut out);
        }
        GraphFormat::Dot | GraphFormat::Svg => {
            out.push_str("digraph \"state machine\" {\n  graph [fontname=\"Helvetica\"];\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
            dot_scope(machine, root, 1, &mut out);
            out.push_str("}\n");
        }
    }
    out
}

/// The picture of one machine of a file: as `render`, with the SVG's
/// `data-offset`s in the file's coordinates (a definition decoded from a
/// string is analysed in its own).
pub fn render_machine(machine: &crate::document::Machine, format: GraphFormat) -> String {
    if format == GraphFormat::Svg && machine.is_decoded() {
        return super::svg::render_mapped(&machine.analysis, &|range| machine.file_range(range));
    }
    render(&machine.analysis, format)
}

/// Mermaid text must not carry quotes or angle brackets raw.
fn mermaid_text(text: &str) -> String {
    text.replace('"', "#quot;").replace('<', "#lt;").replace('>', "#gt;")
}

fn mermaid_scope(machine: &Machine, scope_id: ScopeId, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let scope = machine.scope(scope_id);
    let start = format!("start{}", scope_id.0);
    let end = format!("end{}", scope_id.0);
    let _ = writeln!(out, "{pad}{start}(( ))");
    if let Some(first) = scope
        .start_at
        .as_ref()
        .and_then(|start_at| machine.resolve(scope_id, &start_at.name))
    {
        let _ = writeln!(out, "{pad}{start} --> s{}", first.0);
    }
    let mut has_end = false;
    for &state_id in &scope.states {
        let state = machine.state(state_id);
        let name = mermaid_text(&state.name);
        let ty = state.ty.map_or("?", StateType::name);
        let node = match state.ty {
            Some(StateType::Choice) => format!("s{}{{\"{name}\"}}", state_id.0),
            Some(StateType::Succeed | StateType::Fail) => format!("s{}([\"{name}<br/><i>{ty}</i>\"])", state_id.0),
            _ => format!("s{}[\"{name}<br/><i>{ty}</i>\"]", state_id.0),
        };
        if state.children.is_empty() {
            let _ = writeln!(out, "{pad}{node}");
        } else {
            let _ = writeln!(out, "{pad}subgraph s{}[\"{name} · {ty}\"]", state_id.0);
            for &child in &state.children {
                let _ = writeln!(out, "{pad}  subgraph c{}[\"{}\"]", child.0, scope_title(machine, child));
                mermaid_scope(machine, child, depth + 2, out);
                let _ = writeln!(out, "{pad}  end");
            }
            let _ = writeln!(out, "{pad}end");
        }
        if state.is_terminal() {
            has_end = true;
            let _ = writeln!(out, "{pad}s{} --> {end}", state_id.0);
        }
        for edge in edges(machine, state_id) {
            let arrow = if edge.catch { "-.->" } else { "-->" };
            match edge.label {
                Some(label) => {
                    let _ = writeln!(out, "{pad}s{} {arrow}|{label}| s{}", edge.from.0, edge.to.0);
                }
                None => {
                    let _ = writeln!(out, "{pad}s{} {arrow} s{}", edge.from.0, edge.to.0);
                }
            }
        }
    }
    if has_end {
        let _ = writeln!(out, "{pad}{end}(((  )))");
    }
}

/// DOT strings: quotes and backslashes escaped.
fn dot_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn dot_scope(machine: &Machine, scope_id: ScopeId, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let scope = machine.scope(scope_id);
    let _ = writeln!(
        out,
        "{pad}start{} [shape=circle, label=\"\", width=0.2, style=filled, fillcolor=black];",
        scope_id.0
    );
    if let Some(first) = scope
        .start_at
        .as_ref()
        .and_then(|start_at| machine.resolve(scope_id, &start_at.name))
    {
        let _ = writeln!(out, "{pad}start{} -> s{};", scope_id.0, first.0);
    }
    let mut has_end = false;
    for &state_id in &scope.states {
        let state = machine.state(state_id);
        let name = dot_text(&state.name);
        let ty = state.ty.map_or("?", StateType::name);
        let shape = match state.ty {
            Some(StateType::Choice) => ", shape=diamond, style=\"\"",
            Some(StateType::Succeed) => ", shape=oval, style=\"filled\", fillcolor=\"#d8f0d8\"",
            Some(StateType::Fail) => ", shape=oval, style=\"filled\", fillcolor=\"#f4d6d6\"",
            _ => "",
        };
        let _ = writeln!(out, "{pad}s{} [label=\"{name}\\n{ty}\"{shape}];", state_id.0);
        for &child in &state.children {
            let _ = writeln!(out, "{pad}subgraph cluster_{} {{", child.0);
            let _ = writeln!(out, "{pad}  label=\"{name} · {}\";", scope_title(machine, child));
            dot_scope(machine, child, depth + 1, out);
            let _ = writeln!(out, "{pad}}}");
            let _ = writeln!(
                out,
                "{pad}s{} -> start{} [style=dotted, arrowhead=none];",
                state_id.0, child.0
            );
        }
        if state.is_terminal() {
            has_end = true;
            let _ = writeln!(out, "{pad}s{} -> end{};", state_id.0, scope_id.0);
        }
        for edge in edges(machine, state_id) {
            let mut attributes = Vec::new();
            if let Some(label) = &edge.label {
                attributes.push(format!("label=\"{label}\""));
            }
            if edge.catch {
                attributes.push("style=dashed".to_string());
            }
            let attributes = if attributes.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attributes.join(", "))
            };
            let _ = writeln!(out, "{pad}s{} -> s{}{attributes};", edge.from.0, edge.to.0);
        }
    }
    if has_end {
        let _ = writeln!(
            out,
            "{pad}end{} [shape=doublecircle, label=\"\", width=0.15, style=filled, fillcolor=black];",
            scope_id.0
        );
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::syntax::Format;

    fn check(text: &str, format: GraphFormat, expect: Expect) {
        expect.assert_eq(&render(&Analysis::new(text, Format::Json), format));
    }

    const DOC: &str = r#"{"StartAt": "Check \"it\"", "States": {
  "Check \"it\"": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Fan"}], "Default": "Fail"},
  "Fan": {"Type": "Parallel", "Next": "Done", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fail"}],
    "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]},
  "Done": {"Type": "Succeed"},
  "Fail": {"Type": "Fail", "Next": "Nowhere"}
}}"#;

    #[test]
    fn mermaid() {
        check(
            DOC,
            GraphFormat::Mermaid,
            expect![[r#"
            flowchart TD
              start0(( ))
              start0 --> s0
              s0{"Check #quot;it#quot;"}
              s0 -->|rule 1| s1
              s0 -->|Default| s4
              subgraph s1["Fan · Parallel"]
                subgraph c1["branch 1"]
                  start1(( ))
                  start1 --> s2
                  s2["A<br/><i>Pass</i>"]
                  s2 --> end1
                  end1(((  )))
                end
              end
              s1 --> s3
              s1 -.->|catch 1| s4
              s3(["Done<br/><i>Succeed</i>"])
              s3 --> end0
              s4(["Fail<br/><i>Fail</i>"])
              s4 --> end0
              end0(((  )))
        "#]],
        );
    }

    #[test]
    fn dot() {
        check(
            DOC,
            GraphFormat::Dot,
            expect![[r##"
            digraph "state machine" {
              graph [fontname="Helvetica"];
              node [shape=box, style=rounded, fontname="Helvetica"];
              edge [fontname="Helvetica", fontsize=10];
              start0 [shape=circle, label="", width=0.2, style=filled, fillcolor=black];
              start0 -> s0;
              s0 [label="Check \"it\"\nChoice", shape=diamond, style=""];
              s0 -> s1 [label="rule 1"];
              s0 -> s4 [label="Default"];
              s1 [label="Fan\nParallel"];
              subgraph cluster_1 {
                label="Fan · branch 1";
                start1 [shape=circle, label="", width=0.2, style=filled, fillcolor=black];
                start1 -> s2;
                s2 [label="A\nPass"];
                s2 -> end1;
                end1 [shape=doublecircle, label="", width=0.15, style=filled, fillcolor=black];
              }
              s1 -> start1 [style=dotted, arrowhead=none];
              s1 -> s3;
              s1 -> s4 [label="catch 1", style=dashed];
              s3 [label="Done\nSucceed", shape=oval, style="filled", fillcolor="#d8f0d8"];
              s3 -> end0;
              s4 [label="Fail\nFail", shape=oval, style="filled", fillcolor="#f4d6d6"];
              s4 -> end0;
              end0 [shape=doublecircle, label="", width=0.15, style=filled, fillcolor=black];
            }
        "##]],
        );
    }
}
