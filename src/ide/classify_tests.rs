//! The classifier's fixture table: every kind of place, in JSON and YAML.

use super::*;
use crate::syntax::Format;

/// Classify the `$0` of `fixture` and describe the site in a few words.
fn describe(fixture: &str, format: Format) -> String {
    let offset = fixture.find("$0").expect("fixture has no $0 cursor marker");
    let text = fixture.replacen("$0", "", 1);
    let analysis = Analysis::new(&text, format);
    let name = |range: TextRange| text[range.start()..range.end()].to_string();
    match classify(&analysis, offset) {
        None => "nothing".to_string(),
        Some(Site::StateKey(state)) => format!("state key {}", analysis.machine.state(state).name),
        Some(Site::StateRef(reference)) => format!(
            "reference to {} ({})",
            reference.target.name,
            if reference.resolve(&analysis).is_some() {
                "resolved"
            } else {
                "dangling"
            }
        ),
        Some(Site::Variable {
            name: variable,
            range,
            write,
        }) => {
            format!(
                "variable {variable} {} at {}",
                if write { "written" } else { "read" },
                name(range)
            )
        }
        Some(Site::Key { object, index, .. }) => {
            format!(
                "key {}",
                analysis
                    .tree
                    .members(object)
                    .map_or("?", |members| members[index].key.as_str())
            )
        }
        Some(Site::Value { node, .. }) => format!("value {}", name(analysis.tree.range(node))),
        Some(Site::Between { .. }) => "between members".to_string(),
    }
}

const JSON: &str = r#"{"StartAt": "Start", "States": {
  "Start": {"Type": "Pass", "Assign": {"total.$": "$.sum"}, "Next": "Check"},
  "Check": {"Type": "Choice", "Choices": [{"Variable": "$total", "NumericGreaterThan": 1, "Next": "Done"}], "Default": "Gone"},
  "Done": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": "{% $total %}", "QueryLanguage": "JSONata", "End": true}
}}"#;

const YAML: &str = "StartAt: Start
States:
  Start:
    Type: Pass
    Assign:
      total.$: $.sum
    Next: Check
  Check:
    Type: Choice
    Choices:
      - Variable: $total
        NumericGreaterThan: 1
        Next: Done
    Default: Gone
  Done:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    QueryLanguage: JSONata
    Arguments: '{% $total %}'
    End: true
";

/// Put `$0` before the `nth` (0-based) occurrence of `needle` in `text`, `shift` bytes in.
fn at(text: &str, needle: &str, nth: usize, shift: usize) -> String {
    let start = text.match_indices(needle).nth(nth).expect("needle not found").0 + shift;
    format!("{}$0{}", &text[..start], &text[start..])
}

#[test]
fn every_kind_of_place_in_json_and_yaml() {
    // (needle, which occurrence, bytes into it, JSON answer, YAML answer)
    let table: &[(&str, usize, usize, &str, &str)] = &[
        ("StartAt", 0, 2, "key StartAt", "key StartAt"),
        (
            "Start",
            1,
            1,
            "reference to Start (resolved)",
            "reference to Start (resolved)",
        ),
        ("Start", 2, 2, "state key Start", "state key Start"),
        (
            "Check",
            0,
            1,
            "reference to Check (resolved)",
            "reference to Check (resolved)",
        ),
        (
            "Gone",
            0,
            1,
            "reference to Gone (dangling)",
            "reference to Gone (dangling)",
        ),
        (
            "Done",
            0,
            1,
            "reference to Done (resolved)",
            "reference to Done (resolved)",
        ),
        (
            "total.$",
            0,
            1,
            "variable total written at \"total.$\"",
            "variable total written at total.$",
        ),
        (
            "$total",
            0,
            2,
            "variable total read at $total",
            "variable total read at $total",
        ),
        (
            "$total",
            1,
            2,
            "variable total read at $total",
            "variable total read at $total",
        ),
        ("Type", 0, 1, "key Type", "key Type"),
        ("Resource", 0, 2, "key Resource", "key Resource"),
        (
            "arn:aws",
            0,
            3,
            "value \"arn:aws:states:::lambda:invoke\"",
            "value arn:aws:states:::lambda:invoke",
        ),
        ("Pass", 0, 1, "value \"Pass\"", "value Pass"),
        (
            "NumericGreaterThan",
            0,
            1,
            "key NumericGreaterThan",
            "key NumericGreaterThan",
        ),
    ];
    for &(needle, nth, shift, json, yaml) in table {
        assert_eq!(
            describe(&at(JSON, needle, nth, shift), Format::Json),
            json,
            "JSON at {needle:?} #{nth}"
        );
        assert_eq!(
            describe(&at(YAML, needle, nth, shift), Format::Yaml),
            yaml,
            "YAML at {needle:?} #{nth}"
        );
    }
}

#[test]
fn between_members_and_outside() {
    assert_eq!(
        describe(r#"{"StartAt": "A", $0 "States": {}}"#, Format::Json),
        "between members"
    );
    assert_eq!(describe(r#"$0 {"StartAt": "A"}"#, Format::Json), "nothing");
}
