//! Semantic tokens: what a JSON or YAML grammar cannot colour. State names
//! where they are declared (their keys in `States`) and where they are
//! named (`StartAt`, `Next`, `Default`, a rule's or a catcher's `Next`),
//! intrinsic function names, paths, the delimiters and functions and
//! variables of JSONata expressions, and deployment placeholders. Every
//! token lies on one line, in file order, none overlapping another.

use crate::lang::jsonata;
use crate::syntax::strings::OffsetMap;
use crate::syntax::{NodeId, NodeKind, TextRange, Tree};
use crate::Analysis;

/// What a token is; the server maps each to a standard LSP token type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A state's name.
    State,
    /// An intrinsic or JSONata function.
    Function,
    /// A path, a `$variable`, `$states`.
    Variable,
    /// The `{%` and `%}` around a JSONata expression.
    Delimiter,
    /// A `${…}` placeholder of a deployment tool.
    Placeholder,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: TextRange,
    pub kind: TokenKind,
    /// Where a state is declared (its key), not named.
    pub declaration: bool,
}

/// The tokens of the analysis's text, in order.
pub fn tokens(analysis: &Analysis, text: &str) -> Vec<Token> {
    let machine = &analysis.machine;
    let mut found = Vec::new();
    let unquoted = |range: TextRange| {
        let written = &text[range.start()..range.end()];
        if written.len() >= 2 && (written.starts_with('"') || written.starts_with('\'')) {
            TextRange::new(range.start() + 1, range.end() - 1)
        } else {
            range
        }
    };
    for id in machine.state_ids() {
        let state = machine.state(id);
        found.push(Token {
            range: unquoted(machine.range(state.key_range)),
            kind: TokenKind::State,
            declaration: true,
        });
        for transition in &state.transitions {
            found.push(Token {
                range: unquoted(machine.range(transition.target.range)),
                kind: TokenKind::State,
                declaration: false,
            });
        }
    }
    for id in machine.scope_ids() {
        if let Some(start) = &machine.scope(id).start_at {
            found.push(Token {
                range: unquoted(machine.range(start.range)),
                kind: TokenKind::State,
                declaration: false,
            });
        }
    }
    strings(&analysis.tree, text, &mut found);
    found.retain(|token| !token.range.is_empty() && !text[token.range.start()..token.range.end()].contains('\n'));
    found.sort_by_key(|token| (token.range.start(), token.range.end()));
    // Nothing overlaps: a later token starting inside an earlier one goes.
    let mut end = 0;
    found.retain(|token| {
        let keep = token.range.start() >= end;
        if keep {
            end = token.range.end();
        }
        keep
    });
    found
}

/// The tokens inside the string values of the tree.
fn strings(tree: &Tree, text: &str, found: &mut Vec<Token>) {
    let mut stack: Vec<(NodeId, Option<&str>)> = tree.root().into_iter().map(|root| (root, None)).collect();
    while let Some((node, key)) = stack.pop() {
        match &tree.node(node).kind {
            NodeKind::Object(members) => {
                stack.extend(
                    members
                        .iter()
                        .filter_map(|member| Some((member.value?, Some(member.key.as_str())))),
                );
            }
            NodeKind::Array(items) => stack.extend(items.iter().map(|&item| (item, key))),
            NodeKind::String(value) => {
                let path_field = key.is_some_and(|key| {
                    key.ends_with(".$") || key.ends_with("Path") || key == "Variable" || key == "InputPath"
                });
                let mut pieces = Vec::new();
                string_tokens(value, path_field, &mut pieces);
                if pieces.is_empty() {
                    continue;
                }
                let Some(map) = OffsetMap::new(text, tree.range(node), value) else {
                    continue;
                };
                found.extend(pieces.into_iter().map(|(inner, kind)| Token {
                    range: map.range(inner),
                    kind,
                    declaration: false,
                }));
            }
            _ => {}
        }
    }
}

/// The tokens of one string value, as byte ranges of the value.
fn string_tokens(value: &str, path_field: bool, out: &mut Vec<(std::ops::Range<usize>, TokenKind)>) {
    if jsonata::is_expression(value) {
        out.push((0..2, TokenKind::Delimiter));
        dollar_names(value, 2, value.len() - 2, out);
        out.push((value.len() - 2..value.len(), TokenKind::Delimiter));
        return;
    }
    // Placeholders, wherever they are.
    let mut from = 0;
    while let Some(start) = value[from..].find("${").map(|at| from + at) {
        let Some(end) = value[start..].find('}').map(|at| start + at + 1) else {
            break;
        };
        out.push((start..end, TokenKind::Placeholder));
        from = end;
    }
    if !out.is_empty() || !path_field {
        return;
    }
    if value.starts_with("States.") {
        intrinsic(value, out);
    } else if value.starts_with('$') {
        out.push((0..value.len(), TokenKind::Variable));
    }
}

/// In a JSONata expression (`start..end` of `value`): `$name(` a function,
/// other `$name`s variables; string literals skipped.
fn dollar_names(value: &str, start: usize, end: usize, out: &mut Vec<(std::ops::Range<usize>, TokenKind)>) {
    let bytes = value.as_bytes();
    let mut at = start;
    let mut quote: Option<u8> = None;
    while at < end {
        let byte = bytes[at];
        if let Some(open) = quote {
            if byte == b'\\' {
                at += 1;
            } else if byte == open {
                quote = None;
            }
            at += 1;
            continue;
        }
        match byte {
            b'"' | b'\'' => quote = Some(byte),
            b'$' => {
                let name_end = bytes[at + 1..end]
                    .iter()
                    .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
                    .map_or(end, |offset| at + 1 + offset);
                let called = bytes[name_end..end].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'(');
                let kind = if called {
                    TokenKind::Function
                } else {
                    TokenKind::Variable
                };
                out.push((at..name_end, kind));
                at = name_end;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
}

/// `States.Format('{}', $.x)`: each function name, each path argument.
fn intrinsic(value: &str, out: &mut Vec<(std::ops::Range<usize>, TokenKind)>) {
    let bytes = value.as_bytes();
    let mut at = 0;
    let mut quoted = false;
    while at < bytes.len() {
        let byte = bytes[at];
        if quoted {
            if byte == b'\\' {
                at += 1;
            } else if byte == b'\'' {
                quoted = false;
            }
            at += 1;
            continue;
        }
        if byte == b'\'' {
            quoted = true;
            at += 1;
            continue;
        }
        if value[at..].starts_with("States.") {
            let end = bytes[at..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'.'))
                .map_or(bytes.len(), |offset| at + offset);
            out.push((at..end, TokenKind::Function));
            at = end;
            continue;
        }
        if byte == b'$' {
            // A path argument runs to the next `,` or `)` at its own depth.
            let mut depth = 0usize;
            let mut end = at;
            while end < bytes.len() {
                match bytes[end] {
                    b'[' | b'(' => depth += 1,
                    b']' if depth > 0 => depth -= 1,
                    b')' if depth > 0 => depth -= 1,
                    b',' | b')' if depth == 0 => break,
                    _ => {}
                }
                end += 1;
            }
            let trimmed = value[at..end].trim_end().len();
            out.push((at..at + trimmed, TokenKind::Variable));
            at = end;
            continue;
        }
        at += 1;
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::syntax::Format;

    fn show(text: &str, format: Format) -> String {
        let analysis = Analysis::new(text, format);
        tokens(&analysis, text)
            .iter()
            .map(|token| {
                format!(
                    "{:?}{} `{}`\n",
                    token.kind,
                    if token.declaration { " declared" } else { "" },
                    &text[token.range.start()..token.range.end()]
                )
            })
            .collect()
    }

    #[test]
    fn names_functions_paths_and_expressions() {
        expect![[r#"
            State `A`
            State declared `A`
            Variable `$.items`
            Function `States.Format`
            Variable `$.name`
            Function `States.ArrayLength`
            Variable `$.list[0]`
            Placeholder `${Stage}`
            State `B \"x\"`
            State declared `B \"x\"`
            Delimiter `{%`
            Function `$sum`
            Variable `$states`
            Delimiter `%}`
        "#]]
        .assert_eq(&show(
            r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "InputPath": "$.items",
        "Parameters": {"m.$": "States.Format('{} $.no', $.name, States.ArrayLength($.list[0]))", "s": "arn:${Stage}"},
        "Next": "B \"x\""},
  "B \"x\"": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $sum($states.input.n) + 'a$b' %}", "End": true}
}}"#,
            Format::Json,
        ));
        expect![[r#"
            State `A`
            State declared `A`
            Variable `$.x`
            State `A`
        "#]]
        .assert_eq(&show(
            "StartAt: A\nStates:\n  A:\n    Type: Choice\n    Choices:\n      - Variable: $.x\n        IsNull: true\n        Next: A\n",
            Format::Yaml,
        ));
    }
}
