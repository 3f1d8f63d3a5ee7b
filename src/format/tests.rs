//! Formatter tests: layout, comments, options, ranges and declining.

use expect_test::{expect, Expect};

use super::*;

fn check_with(text: &str, options: FormatOptions, expect: Expect) {
    let formatted =
        format_text(text, Format::Json, &options).unwrap_or_else(|declined| format!("declined: {declined}"));
    expect.assert_eq(&formatted);
    if !formatted.starts_with("declined") {
        let again = format_text(&formatted, Format::Json, &options).expect("formats again");
        assert_eq!(again, formatted, "formatting twice changed the text");
    }
}

fn check(text: &str, expect: Expect) {
    check_with(text, FormatOptions::default(), expect);
}

#[test]
fn lays_out_members_and_items() {
    check(
        r#"{"StartAt":"A","States":{"A":{
"Type":"Pass","Result":{
"list":[1,2.50,"x"]},"End":true}}}"#,
        expect![[r#"
            {
              "StartAt": "A",
              "States": {
                "A": {
                  "Type": "Pass",
                  "Result": {
                    "list": [1, 2.50, "x"]
                  },
                  "End": true
                }
              }
            }
        "#]],
    );
}

#[test]
fn one_line_containers_that_fit_stay() {
    check(
        r#"{
   "Retry" : [ {"ErrorEquals":["States.ALL"],   "MaxAttempts":2} ],
   "Empty": { },
   "Long": ["aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccccccc", "ddddddddddddddddddd"]
}"#,
        expect![[r#"
            {
              "Retry": [{ "ErrorEquals": ["States.ALL"], "MaxAttempts": 2 }],
              "Empty": {},
              "Long": [
                "aaaaaaaaaaaaaaaaaaaa",
                "bbbbbbbbbbbbbbbbbbbbbbb",
                "cccccccccccccccccccccccc",
                "ddddddddddddddddddd"
              ]
            }
        "#]],
    );
}

#[test]
fn comments_stay_where_they_were() {
    check(
        r#"// the machine
{ // opening
  "StartAt": "A", // first
      /* about States */
  "States": {


    // own line, after a blank one
    "A": /* inline */ {"Type": "Pass", "End": true} // trailing
    // last in States
  },
  "Comment": "x" /* before nothing */ ,
} // after the root
"#,
        expect![[r#"
            // the machine
            { // opening
              "StartAt": "A", // first
              /* about States */
              "States": {
                // own line, after a blank one
                "A": /* inline */ { "Type": "Pass", "End": true } // trailing
                // last in States
              },
              "Comment": "x" /* before nothing */
            } // after the root
        "#]],
    );
}

#[test]
fn blank_lines_between_members_are_kept_once() {
    check(
        "{\"a\": 1,\n\n\n\"b\": [\n\n2]}",
        expect![[r#"
            {
              "a": 1,

              "b": [
                2
              ]
            }
        "#]],
    );
}

#[test]
fn indentation_follows_the_options() {
    let tabs = FormatOptions {
        tab_size: 4,
        insert_spaces: false,
        final_newline: false,
    };
    check_with(
        "{\"a\": {\"b\": [\n1]}}",
        tabs,
        expect!["{\n\t\"a\": {\n\t\t\"b\": [\n\t\t\t1\n\t\t]\n\t}\n}"],
    );
    let four = FormatOptions {
        tab_size: 4,
        ..FormatOptions::default()
    };
    check_with(
        "{\"a\": [\n1]}",
        four,
        expect!["{\n    \"a\": [\n        1\n    ]\n}\n"],
    );
}

#[test]
fn crlf_and_cr_line_endings_are_kept() {
    let formatted = format_text(
        "{\r\n\"a\": 1,\r\n\"b\": 2}\r\n",
        Format::Json,
        &FormatOptions::default(),
    );
    assert_eq!(formatted, Ok("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n".to_string()));
    let formatted = format_text("{\r\"a\": [1,\r2]}", Format::Json, &FormatOptions::default());
    assert_eq!(formatted, Ok("{\r  \"a\": [\r    1,\r    2\r  ]\r}\r".to_string()));
}

#[test]
fn broken_documents_are_declined() {
    check(
        r#"{"a": 1 "b": 2}"#,
        expect!["declined: the document has syntax errors (line 1: Expected ',' here); fix them before formatting"],
    );
    check(
        "{\"a\": [1, 2}",
        expect![
            "declined: the document has syntax errors (line 1: Expected ']' before this); fix them before formatting"
        ],
    );
    let yaml = format_text("a: [1\n", Format::Yaml, &FormatOptions::default());
    assert!(yaml.is_err());
}

#[test]
fn edits_are_minimal_and_a_formatted_document_has_none() {
    let text = "{\n  \"a\": 1,\n     \"b\": 2\n}\n";
    let tree = syntax::parse(text, Format::Json);
    let edits = format(text, &tree, Format::Json, &FormatOptions::default()).expect("formats");
    assert_eq!(edits, vec![(TextRange::new(14, 17), String::new())]);
    let formatted = apply(text, &edits);
    let tree = syntax::parse(&formatted, Format::Json);
    assert_eq!(
        format(&formatted, &tree, Format::Json, &FormatOptions::default()),
        Ok(vec![])
    );
}

#[test]
fn range_formatting_touches_only_the_enclosing_container() {
    let text = "{\n      \"a\": 1,\n  \"b\": {\n\"c\":   2,\n     \"d\": 3}\n}\n";
    let tree = syntax::parse(text, Format::Json);
    let c = text.find("\"c\"").expect("c");
    let edits = format_range(
        text,
        &tree,
        Format::Json,
        TextRange::new(c, c + 3),
        &FormatOptions::default(),
    )
    .expect("formats");
    let b = text.find("{\n\"c\"").expect("b's object");
    assert!(!edits.is_empty());
    assert!(edits.iter().all(|(range, _)| range.start() > b), "{edits:?}");
    assert_eq!(
        apply(text, &edits),
        "{\n      \"a\": 1,\n  \"b\": {\n    \"c\": 2,\n    \"d\": 3\n  }\n}\n"
    );
    // The whole document when the range reaches the root.
    let all = format_range(
        text,
        &tree,
        Format::Json,
        TextRange::new(0, text.len()),
        &FormatOptions::default(),
    );
    assert_eq!(all, format(text, &tree, Format::Json, &FormatOptions::default()));
}

fn check_yaml(text: &str, tab_size: u32, expect: Expect) {
    let options = FormatOptions {
        tab_size,
        ..FormatOptions::default()
    };
    let formatted =
        format_text(text, Format::Yaml, &options).unwrap_or_else(|declined| format!("declined: {declined}"));
    expect.assert_eq(&formatted);
    if !formatted.starts_with("declined") {
        let again = format_text(&formatted, Format::Yaml, &options).expect("formats again");
        assert_eq!(again, formatted, "formatting twice changed the text");
    }
}

#[test]
fn yaml_is_reindented_keeping_comments_anchors_and_scalars() {
    check_yaml(
        r#"# the machine
StartAt: A
States:
      # first state
      A: &pass
         Type: Pass
         Comment: |
            kept
              as written
         Result: {a: 1,
            b: 2}
         Next: B
      B:
         Type: Choice
         Choices:
         - Variable: $.x   # trailing
           IsNull: true
           Next: C
         -   Not: {Variable: $.y, IsNull: true}
             Next: C
         Default: C
      C: *pass
"#,
        4,
        expect![[r#"
            # the machine
            StartAt: A
            States:
                # first state
                A: &pass
                    Type: Pass
                    Comment: |
                       kept
                         as written
                    Result: {a: 1,
                       b: 2}
                    Next: B
                B:
                    Type: Choice
                    Choices:
                    -   Variable: $.x   # trailing
                        IsNull: true
                        Next: C
                    -   Not: {Variable: $.y, IsNull: true}
                        Next: C
                    Default: C
                C: *pass
        "#]],
    );
}

#[test]
fn yaml_with_two_spaces_and_nested_sequences() {
    check_yaml(
        "a:\n    - - 1\n      - 2\n    -    x: >-\n            folded\n            text\n",
        2,
        expect![[r#"
            a:
              - - 1
                - 2
              - x: >-
                   folded
                   text
        "#]],
    );
}

#[test]
fn yaml_range_formatting_takes_the_whole_document() {
    let text = "a:\n    b: 1\n    c:\n        d: 2\n";
    let tree = syntax::parse(text, Format::Yaml);
    let d = text.find('d').expect("d");
    let options = FormatOptions::default();
    let whole = format(text, &tree, Format::Yaml, &options);
    assert_eq!(
        format_range(text, &tree, Format::Yaml, TextRange::new(d, d + 1), &options),
        whole
    );
    assert_eq!(apply(text, &whole.expect("formats")), "a:\n  b: 1\n  c:\n    d: 2\n");
}
