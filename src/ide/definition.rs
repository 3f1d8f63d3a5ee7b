//! Go to definition: from a `StartAt`, `Next`, `Default`, Choice rule `Next`
//! or Catch `Next` value to the key of the state it names, and from a
//! variable to the `Assign` keys that set it.

use super::classify::{classify, Site};
use super::variables;
use crate::syntax::TextRange;
use crate::Analysis;

/// The range of the state key that the name under the cursor refers to.
pub fn definition(analysis: &Analysis, offset: usize) -> Option<TextRange> {
    match classify(analysis, offset)? {
        Site::StateRef(reference) => Some(
            analysis
                .machine
                .range(analysis.machine.state(reference.resolve(analysis)?).key_range),
        ),
        _ => None,
    }
}

/// Every place the name under the cursor is defined: the state a transition
/// names, or the `Assign` keys that set a variable.
pub fn definitions(analysis: &Analysis, offset: usize) -> Vec<TextRange> {
    match classify(analysis, offset) {
        Some(Site::StateRef(reference)) => reference
            .resolve(analysis)
            .map(|state| vec![analysis.machine.range(analysis.machine.state(state).key_range)])
            .unwrap_or_default(),
        Some(Site::Variable { name, .. }) => variables::definitions_of(analysis, name),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::ide::fixture;

    /// Render the definition target as the line it is on, with `^` under it.
    fn check(fixture: &str, expect: Expect) {
        let (text, offset) = fixture::cursor(fixture);
        let analysis = fixture::analyse(&text);
        let actual = match definition(&analysis, offset) {
            None => "no definition\n".to_string(),
            Some(range) => {
                let line_start = text[..range.start()].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[range.start()..]
                    .find('\n')
                    .map_or(text.len(), |i| range.start() + i);
                let column = text[line_start..range.start()].chars().count();
                format!(
                    "|{}\n|{}{}\n",
                    &text[line_start..line_end],
                    " ".repeat(column),
                    "^".repeat(text[range.start()..range.end()].chars().count())
                )
            }
        };
        expect.assert_eq(&actual);
    }

    #[test]
    fn next_goes_to_the_state() {
        check(
            r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "B$0"},
  "B": {"Type": "Succeed"}
}}"#,
            expect![[r#"
                |  "B": {"Type": "Succeed"}
                |  ^^^
            "#]],
        );
    }

    #[test]
    fn start_at_default_choice_and_catch() {
        let doc = r#"{"StartAt": "Pick", "States": {
  "Pick": {"Type": "Choice",
    "Choices": [{"Not": {"Variable": "$.x", "IsPresent": true}, "Next": "Work"}],
    "Default": "Done"},
  "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}]},
  "Done": {"Type": "Succeed"}
}}"#;
        for (needle, expected) in [
            ("\"Pick\", \"States\"", "\"Pick\": {\"Type\": \"Choice\","),
            ("\"Work\"}]", "\"Work\": {\"Type\": \"Task\""),
            ("\"Done\"}", "\"Done\": {\"Type\": \"Succeed\"}"),
            ("\"Done\"}]", "\"Done\": {\"Type\": \"Succeed\"}"),
        ] {
            let offset = doc.find(needle).unwrap() + 2;
            let analysis = fixture::analyse(doc);
            let range = definition(&analysis, offset).expect(needle);
            assert!(
                doc[range.start()..].starts_with(expected),
                "{needle}: {}",
                &doc[range.start()..]
            );
        }
    }

    #[test]
    fn names_resolve_in_their_own_scope() {
        check(
            r#"{"StartAt": "P", "States": {
  "P": {"Type": "Parallel", "End": true, "Branches": [
    {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "Y"}, "Y": {"Type": "Succeed"}}},
    {"StartAt": "Y$0", "States": {"Y": {"Type": "Succeed"}}}
  ]},
  "Y": {"Type": "Succeed"}
}}"#,
            expect![[r#"
                |    {"StartAt": "Y", "States": {"Y": {"Type": "Succeed"}}}
                |                                ^^^
            "#]],
        );
        check(
            r#"{"StartAt": "A", "States": {
  "A": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "In", "States": {
    "In": {"Type": "Pass", "Next": "Outside$0"}}}},
  "Outside": {"Type": "Succeed"}
}}"#,
            expect![[r#"
                no definition
            "#]],
        );
    }

    #[test]
    fn works_in_a_half_typed_document() {
        check(
            r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "B$0"},
  "B": {"Type": "Pass", "Next": "#,
            expect![[r#"
                |  "B": {"Type": "Pass", "Next": 
                |  ^^^
            "#]],
        );
    }

    #[test]
    fn non_ascii_names() {
        check(
            r#"{"StartAt": "注文😀", "States": {"注文😀": {"Type": "Pass", "Next": "注文😀$0"}}}"#,
            expect![[r#"
                |{"StartAt": "注文😀", "States": {"注文😀": {"Type": "Pass", "Next": "注文😀"}}}
                |                              ^^^^^
            "#]],
        );
    }
}
