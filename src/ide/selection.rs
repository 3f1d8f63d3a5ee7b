//! Selection ranges: from the cursor outwards, inside a string → the string
//! → its member → the object holding it (a state) → that object's member →
//! … → `States` → the machine → the whole document.
//!
//! A pure function of the tree and an offset; each range contains the one
//! before it, as the protocol requires.

use crate::syntax::{NodeKind, TextRange, Tree};

/// The ranges around `offset`, innermost first.
pub fn selection_ranges(tree: &Tree, text: &str, offset: usize) -> Vec<TextRange> {
    // Built outermost first, then reversed.
    let mut chain = vec![TextRange::new(0, text.len())];
    let push = |chain: &mut Vec<TextRange>, range: TextRange| -> bool {
        let outer = chain.last().copied().unwrap_or(range);
        if range.is_empty() || range.start < outer.start || range.end > outer.end {
            return false;
        }
        if outer != range {
            chain.push(range);
        }
        true
    };
    let Some(mut current) = tree.root() else {
        return chain;
    };
    if !push(&mut chain, tree.range(current)) || !tree.range(current).contains_inclusive(offset) {
        chain.reverse();
        return chain;
    }
    loop {
        match &tree.node(current).kind {
            NodeKind::Object(members) => {
                let found = members.iter().find(|member| {
                    let end = member.value.map_or(tree.key_range(member), |value| tree.range(value));
                    tree.key_range(member).cover(end).contains_inclusive(offset)
                });
                let Some(member) = found else { break };
                let span = member.value.map_or(tree.key_range(member), |value| {
                    tree.key_range(member).cover(tree.range(value))
                });
                if !push(&mut chain, span) {
                    break;
                }
                if tree.key_range(member).contains_inclusive(offset) {
                    if push(&mut chain, tree.key_range(member)) {
                        if let Some(inside) = string_content(text, tree.key_range(member)) {
                            push(&mut chain, inside);
                        }
                    }
                    break;
                }
                match member.value {
                    Some(value)
                        if tree.range(value).contains_inclusive(offset) && push(&mut chain, tree.range(value)) =>
                    {
                        current = value;
                    }
                    _ => break,
                }
            }
            NodeKind::Array(items) => {
                let found = items
                    .iter()
                    .copied()
                    .find(|&item| tree.range(item).contains_inclusive(offset));
                match found {
                    Some(item) if push(&mut chain, tree.range(item)) => current = item,
                    _ => break,
                }
            }
            NodeKind::String(_) => {
                if let Some(inside) = string_content(text, tree.range(current)) {
                    push(&mut chain, inside);
                }
                break;
            }
            _ => break,
        }
    }
    chain.reverse();
    chain
}

/// The inside of a quoted string, without its quotes.
fn string_content(text: &str, range: TextRange) -> Option<TextRange> {
    let token = text.get(range.start()..range.end())?;
    let quote = token.chars().next().filter(|ch| *ch == '"' || *ch == '\'')?;
    (token.len() >= 2 && token.ends_with(quote)).then(|| TextRange::new(range.start() + 1, range.end() - 1))
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::syntax::{parse, Format};

    fn check(fixture: &str, format: Format, expect: Expect) {
        let offset = fixture.find("$0").expect("fixture has a $0 cursor");
        let text = fixture.replacen("$0", "", 1);
        let tree = parse(&text, format);
        let ranges = selection_ranges(&tree, &text, offset);
        for pair in ranges.windows(2) {
            assert!(
                pair[1].start <= pair[0].start && pair[0].end <= pair[1].end,
                "{ranges:?}"
            );
        }
        let rendered: Vec<String> = ranges
            .iter()
            .map(|range| text[range.start()..range.end()].replace('\n', "⏎"))
            .collect();
        expect.assert_eq(&rendered.join("\n"));
    }

    #[test]
    fn json_from_inside_a_string_to_the_document() {
        check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pa$0ss", "End": true}}}
"#,
            Format::Json,
            expect![[r#"
                Pass
                "Pass"
                "Type": "Pass"
                {"Type": "Pass", "End": true}
                "A": {"Type": "Pass", "End": true}
                {"A": {"Type": "Pass", "End": true}}
                "States": {"A": {"Type": "Pass", "End": true}}
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}⏎"#]],
        );
    }

    #[test]
    fn json_key_and_array_item() {
        check(
            r#"{"Retry": [{"Error$0Equals": ["x"]}]}"#,
            Format::Json,
            expect![[r#"
                ErrorEquals
                "ErrorEquals"
                "ErrorEquals": ["x"]
                {"ErrorEquals": ["x"]}
                [{"ErrorEquals": ["x"]}]
                "Retry": [{"ErrorEquals": ["x"]}]
                {"Retry": [{"ErrorEquals": ["x"]}]}"#]],
        );
    }

    #[test]
    fn yaml_plain_scalars_and_blocks() {
        check(
            "StartAt: A\nStates:\n  A:\n    Type: Pa$0ss\n    End: true\n",
            Format::Yaml,
            expect![[r#"
                Pass
                Type: Pass
                Type: Pass⏎    End: true
                A:⏎    Type: Pass⏎    End: true
                States:⏎  A:⏎    Type: Pass⏎    End: true
                StartAt: A⏎States:⏎  A:⏎    Type: Pass⏎    End: true
                StartAt: A⏎States:⏎  A:⏎    Type: Pass⏎    End: true⏎"#]],
        );
    }
}
