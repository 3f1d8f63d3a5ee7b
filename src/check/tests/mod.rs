//! Feature tests of the validation rules: a fixture in, rendered diagnostics out.

mod choice;
mod expressions;
mod fields;
mod retry_and_rules;
mod variables;

use expect_test::{expect, Expect};

use crate::syntax::Format;
use crate::text::{Encoding, Text};
use crate::Analysis;

/// Render every diagnostic as `severity[CODE] line:col `source text`: message`.
pub(super) fn check(text: &str, expect: Expect) {
    check_format(text, Format::Json, expect);
}

/// A one-state JSONPath machine around a Task body.
pub(super) fn task(body: &str) -> String {
    format!("{{\"StartAt\": \"T\", \"States\": {{\n\"T\": {{\"Type\": \"Task\", {body}, \"End\": true}}\n}}}}")
}

/// A one-state JSONata machine around a Task body.
pub(super) fn jsonata_task(body: &str) -> String {
    format!(
        "{{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"T\", \"States\": {{\n\"T\": {{\"Type\": \"Task\", {body}, \
         \"End\": true}}\n}}}}"
    )
}

pub(super) fn check_format(text: &str, format: Format, expect: Expect) {
    let analysis = Analysis::new(text, format);
    let lines = Text::new(text);
    let mut actual = String::new();
    for diagnostic in &analysis.diagnostics {
        let start = lines.position(diagnostic.range.start(), Encoding::Utf32);
        actual.push_str(&format!(
            "{}[{}] {}:{} `{}`: {}\n",
            diagnostic.severity.name(),
            diagnostic.code,
            start.line + 1,
            start.character + 1,
            &text[diagnostic.range.start()..diagnostic.range.end()],
            diagnostic.message
        ));
        if let Some(fix) = &diagnostic.fix {
            actual.push_str(&format!("    fix: {} → {}\n", fix.title, fix.new_text));
        }
    }
    if actual.is_empty() {
        actual.push_str("no diagnostics\n");
    }
    expect.assert_eq(&actual);
}

#[test]
fn clean_definition() {
    check(
        r#"{
  "Comment": "An order flow",
  "StartAt": "Validate",
  "States": {
    "Validate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Ok?",
      "Parameters": {"FunctionName": "validate", "Payload.$": "$"},
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
    "Ok?": {"Type": "Choice", "Choices": [
      {"And": [{"Variable": "$.ok", "BooleanEquals": true}], "Next": "Done"}], "Default": "Failed"},
    "Done": {"Type": "Succeed"},
    "Failed": {"Type": "Fail", "Error": "Invalid"}
  }
}"#,
        expect![[r#"
            no diagnostics
        "#]],
    );
}

#[test]
fn syntax_errors_do_not_stop_analysis() {
    check(
        r#"{
  // a comment
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B",},
    "B": {"Type": "Pass", "Next": "Nope"}
    "C": {"Type": "Succeed"
"#,
        expect![[r#"
            error[INVALID_JSON_DESCRIPTION] 1:1 `{`: This object is never closed: '}' is missing
            error[INVALID_JSON_DESCRIPTION] 2:3 `// a comment`: Comments are not allowed in JSON; Step Functions rejects them
            error[INVALID_JSON_DESCRIPTION] 4:13 `{`: This object is never closed: '}' is missing
            error[INVALID_JSON_DESCRIPTION] 5:38 `,`: Trailing commas are not allowed in JSON; Step Functions rejects them
            error[MISSING_TRANSITION_TARGET] 6:35 `"Nope"`: Missing 'Next' target: no state named "Nope" in this scope.
            error[INVALID_JSON_DESCRIPTION] 6:42 ``: Expected ',' here
            error[INVALID_JSON_DESCRIPTION] 7:10 `{`: This object is never closed: '}' is missing
        "#]],
    );
}

#[test]
fn unterminated_string_and_missing_value() {
    check(
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "B},
  "B": {"Type": "Pass", "Next": },
  "C": {"Type": "Succeed"}
}}"#,
        expect![[r#"
            error[INVALID_JSON_DESCRIPTION] 2:8 `{`: This object is never closed: '}' is missing
            error[INVALID_JSON_DESCRIPTION] 2:33 `"B},`: Unterminated string: a closing '"' is missing
            error[INVALID_JSON_DESCRIPTION] 2:37 ``: Expected ',' here
            error[INVALID_JSON_DESCRIPTION] 3:33 `}`: Expected a value
        "#]],
    );
}

#[test]
fn empty_and_non_object_documents() {
    check(
        "",
        expect![[r#"
        error[MISSING_DESCRIPTION] 1:1 ``: The definition is empty: write a JSON object with "StartAt" and "States"
    "#]],
    );
    check(
        "  \n",
        expect![[r#"
        error[MISSING_DESCRIPTION] 2:1 ``: The definition is empty: write a JSON object with "StartAt" and "States"
    "#]],
    );
    check(
        "[1, 2]",
        expect![[r#"
        error[SCHEMA_VALIDATION_FAILED] 1:1 `[1, 2]`: A state machine definition must be a JSON object, not an array
    "#]],
    );
    check(
        "{}",
        expect![[r#"
        error[SCHEMA_VALIDATION_FAILED] 1:1 `{`: The state machine has no "States": add an object that maps state names to states
        error[SCHEMA_VALIDATION_FAILED] 1:1 `{`: The state machine has no "StartAt": name the state to start with
    "#]],
    );
    check(
        r#"{"StartAt": 3, "States": []}"#,
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 1:13 `3`: "StartAt" must be a string, not a number
            error[SCHEMA_VALIDATION_FAILED] 1:26 `[]`: "States" must be an object that maps state names to states, not an array
        "#]],
    );
}

#[test]
fn transition_targets_with_did_you_mean() {
    check(
        r#"{"StartAt": "Chekc", "States": {
  "Check": {"Type": "Choice", "Choices": [
      {"Variable": "$.x", "NumericGreaterThan": 1, "Next": "Big"},
      {"Or": [{"Variable": "$.y", "IsPresent": true}], "Next": "smal"}],
    "Default": "Nowhere"},
  "Big": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Small",
    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}]},
  "Small": {"Type": "Succeed"}
}}"#,
        expect![[r#"
            error[MISSING_TRANSITION_TARGET] 1:13 `"Chekc"`: Missing 'StartAt' target: no state named "Chekc" in this scope. Did you mean "Check"?
                fix: Change to "Check" → "Check"
            error[MISSING_TRANSITION_TARGET] 4:64 `"smal"`: Missing 'Next' target: no state named "smal" in this scope.
            error[MISSING_TRANSITION_TARGET] 5:16 `"Nowhere"`: Missing 'Default' target: no state named "Nowhere" in this scope.
            warning[MISSING_PARAMETER] 6:39 `"arn:aws:states:::lambda:invoke"`: lambda:invoke needs "FunctionName": add "Parameters" with it
            error[MISSING_TRANSITION_TARGET] 7:55 `"Oops"`: Missing 'Next' target: no state named "Oops" in this scope.
        "#]],
    );
}

#[test]
fn transitions_never_cross_scopes() {
    check(
        r#"{"StartAt": "Fan", "States": {
  "Fan": {"Type": "Parallel", "Next": "After", "Branches": [
    {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "Next": "After"}}}]},
  "After": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Fan", "States": {
    "Item": {"Type": "Pass", "End": true}}}}
}}"#,
        expect![[r#"
            error[MISSING_END_STATE] 3:26 `"States"`: No terminal state in branch 1 of Parallel state "Fan": give a state "End": true, or add a Succeed or Fail state
            error[MISSING_TRANSITION_TARGET] 3:71 `"After"`: Missing 'Next' target: "After" is defined at the top level, and a transition cannot leave or enter a Parallel branch or a Map processor
            error[MISSING_TRANSITION_TARGET] 4:70 `"Fan"`: Missing 'StartAt' target: "Fan" is defined at the top level, and a transition cannot leave or enter a Parallel branch or a Map processor
        "#]],
    );
}

#[test]
fn state_names() {
    let long = "N".repeat(81);
    check(
        &format!(
            r#"{{"StartAt": "A", "States": {{
  "A": {{"Type": "Pass", "Next": "{long}"}},
  "{long}": {{"Type": "Pass", "Next": "P"}},
  "P": {{"Type": "Parallel", "End": true, "Branches": [
    {{"StartAt": "A", "States": {{"A": {{"Type": "Succeed"}}}}}}]}},
  "": {{"Type": "Succeed"}},
  "P": {{"Type": "Succeed"}}
}}}}"#
        ),
        expect![[r#"
            error[INVALID_STATE_NAME] 3:3 `"NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN"`: State name is 81 characters long; the limit is 80
            error[DUPLICATE_STATE_NAME] 5:33 `"A"`: Duplicate state name "A": a state of that name is already defined elsewhere in the definition (names must be unique across all Parallel branches and Map processors too)
            error[INVALID_STATE_NAME] 6:3 `""`: A state name must not be empty
            error[MISSING_TRANSITION_TARGET] 6:3 `""`: State "" is not reachable: no transition leads to it from StartAt "A"
            error[DUPLICATE_STATE_NAME] 7:3 `"P"`: Duplicate state name "P": a state of that name is already defined in this scope
        "#]],
    );
}

#[test]
fn types_and_next_end_rules() {
    check(
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Tsak", "Next": "B"},
  "B": {"Next": "C"},
  "C": {"Type": "Pass", "Next": "D", "End": true},
  "D": {"Type": "Pass"},
  "E": {"Type": "Pass", "End": false},
  "F": {"Type": "Pass", "End": "yes"},
  "G": {"Type": "Choice", "Choices": [], "Next": "A", "End": true},
  "H": {"Type": "Succeed", "Next": "A"},
  "I": {"Type": "Fail", "End": true},
  "J": {"Type": 7},
  "K": "not a state"
}}"#,
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 2:17 `"Tsak"`: Unknown state type "Tsak": use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map. Did you mean "Task"?
                fix: Change to "Task" → "Task"
            error[SCHEMA_VALIDATION_FAILED] 3:3 `"B"`: State "B" has no "Type": use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map
            error[SCHEMA_VALIDATION_FAILED] 4:25 `"Next"`: State "C" has both "Next" and "End": true: keep only one of them
            error[SCHEMA_VALIDATION_FAILED] 5:3 `"D"`: State "D" needs either "Next" or "End": true
            warning[NO_TERMINAL_PATH] 5:3 `"D"`: State "D" can never reach a terminal state: every path from it loops forever. Add a way out (a Choice rule or Default to an end, or "End": true)
            error[MISSING_TRANSITION_TARGET] 6:3 `"E"`: State "E" is not reachable: no transition leads to it from StartAt "A"; nor to "F", "G", "H", "I", "J" and 1 more states
            error[SCHEMA_VALIDATION_FAILED] 6:32 `false`: State "E" has "End": false and no "Next": give a "Next" state or set "End": true
            error[SCHEMA_VALIDATION_FAILED] 7:32 `"yes"`: "End" must be true or false, not a string
            error[SCHEMA_VALIDATION_FAILED] 8:38 `[]`: "Choices" needs at least one rule
            error[SCHEMA_VALIDATION_FAILED] 8:42 `"Next"`: Field "Next" is not supported in a Choice state: a Choice state moves on through its "Choices" and "Default"
            error[SCHEMA_VALIDATION_FAILED] 8:55 `"End"`: Field "End" is not supported in a Choice state: a Choice state moves on through its "Choices" and "Default"
            error[SCHEMA_VALIDATION_FAILED] 9:28 `"Next"`: Field "Next" is not supported in a Succeed state: it ends the execution (or its branch) by itself
            error[SCHEMA_VALIDATION_FAILED] 10:25 `"End"`: Field "End" is not supported in a Fail state: it ends the execution (or its branch) by itself
            error[SCHEMA_VALIDATION_FAILED] 11:17 `7`: "Type" must be a string, not a number
            error[SCHEMA_VALIDATION_FAILED] 12:8 `"not a state"`: State "K" must be an object, not a string
        "#]],
    );
}

#[test]
fn terminal_states_and_loops() {
    check(
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "B"},
  "B": {"Type": "Pass", "Next": "A"}
}}"#,
        expect![[r#"
            error[MISSING_END_STATE] 1:18 `"States"`: No terminal state in this state machine: give a state "End": true, or add a Succeed or Fail state
        "#]],
    );
    check(
        r#"{"StartAt": "Start", "States": {
  "Start": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Spin"}],
    "Default": "Done"},
  "Spin": {"Type": "Wait", "Seconds": 5, "Next": "Again"},
  "Again": {"Type": "Pass", "Next": "Spin"},
  "Done": {"Type": "Succeed"}
}}"#,
        expect![[r#"
            warning[NO_TERMINAL_PATH] 4:3 `"Spin"`: State "Spin" can never reach a terminal state: every path from it loops forever. Add a way out (a Choice rule or Default to an end, or "End": true)
            warning[NO_TERMINAL_PATH] 5:3 `"Again"`: State "Again" can never reach a terminal state: every path from it loops forever. Add a way out (a Choice rule or Default to an end, or "End": true)
        "#]],
    );
    check(
        r#"{"StartAt": "Poll", "States": {
  "Poll": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Ready?",
    "Parameters": {"FunctionName": "poll"}},
  "Ready?": {"Type": "Choice", "Choices": [{"Variable": "$.ready", "BooleanEquals": true, "Next": "Done"}],
    "Default": "Wait"},
  "Wait": {"Type": "Wait", "Seconds": 10, "Next": "Poll"},
  "Done": {"Type": "Succeed"}
}}"#,
        expect![[r#"
            no diagnostics
        "#]],
    );
}

#[test]
fn nested_scopes_need_their_own_terminal_state() {
    check(
        r#"{"StartAt": "M", "States": {
  "M": {"Type": "Map", "End": true, "Iterator": {"StartAt": "X", "States": {
    "X": {"Type": "Pass", "Next": "Y"},
    "Y": {"Type": "Pass", "Next": "X"}}}}
}}"#,
        expect![[r#"
            error[MISSING_END_STATE] 2:66 `"States"`: No terminal state in the item processor of Map state "M": give a state "End": true, or add a Succeed or Fail state
        "#]],
    );
}

#[test]
fn duplicate_keys() {
    check(
        r#"{"StartAt": "A", "StartAt": "A", "States": {
  "A": {"Type": "Pass", "End": true, "Comment": "x", "Comment": "y"}
}}"#,
        expect![[r#"
            warning[DUPLICATE_KEY] 1:18 `"StartAt"`: Duplicate key "StartAt": only the last value is used
            warning[DUPLICATE_KEY] 2:54 `"Comment"`: Duplicate key "Comment": only the last value is used
        "#]],
    );
}

#[test]
fn yaml_keeps_the_states_after_a_syntax_error() {
    check_format(
        "StartAt: First\nStates:\n  First:\n    Type: Pass\n    Comment: \"unterminated\n    Next: Second\n  Second:\n    Type: Pass\n    Next: Thrid\n  Third:\n    Type: Succeed\n",
        Format::Yaml,
        expect![[r#"
            error[INVALID_YAML] 5:14 `"unterminated`: YAML syntax error: invalid indentation in quoted scalar
            error[MISSING_TRANSITION_TARGET] 9:11 `Thrid`: Missing 'Next' target: no state named "Thrid" in this scope. Did you mean "Third"?
                fix: Change to "Third" → Third
        "#]],
    );
}

#[test]
fn yaml_fixes_keep_the_scalar_style() {
    check_format(
        "StartAt: Check Order\nStates:\n  Check Order:\n    Type: Pass\n    Next: Is Order Vald\n  Is Order Valid:\n    Type: Pass\n    Next: 'Is Order Vald'\n  Done:\n    Type: Succeed\n",
        Format::Yaml,
        expect![[r#"
            error[MISSING_TRANSITION_TARGET] 5:11 `Is Order Vald`: Missing 'Next' target: no state named "Is Order Vald" in this scope. Did you mean "Is Order Valid"?
                fix: Change to "Is Order Valid" → Is Order Valid
            error[MISSING_TRANSITION_TARGET] 6:3 `Is Order Valid`: State "Is Order Valid" is not reachable: no transition leads to it from StartAt "Check Order"; nor to "Done"
            error[MISSING_TRANSITION_TARGET] 8:11 `'Is Order Vald'`: Missing 'Next' target: no state named "Is Order Vald" in this scope. Did you mean "Is Order Valid"?
                fix: Change to "Is Order Valid" → "Is Order Valid"
        "#]],
    );
}

/// Typed by hand in an editor that pairs nothing: brackets and quotes not yet
/// closed. The error stands where the unclosed thing opens, and what follows
/// is still analysed (here: `C` resolves, so `B`'s `Next` is no error).
#[test]
fn half_typed_without_auto_pairs() {
    check(
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "B"},
  "B": {"Type": "Pass", "Next": "C"
  "C": {"Type": "Succeed"}
}}"#,
        expect![[r#"
            error[INVALID_JSON_DESCRIPTION] 3:8 `{`: This object is never closed: '}' is missing
            error[INVALID_JSON_DESCRIPTION] 3:36 ``: Expected ',' here
        "#]],
    );
    check(
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "B},
  "B": {"Type": "Succeed"}
}}"#,
        expect![[r#"
            error[INVALID_JSON_DESCRIPTION] 2:8 `{`: This object is never closed: '}' is missing
            error[INVALID_JSON_DESCRIPTION] 2:33 `"B},`: Unterminated string: a closing '"' is missing
            error[INVALID_JSON_DESCRIPTION] 2:37 ``: Expected ',' here
        "#]],
    );
    check(
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "B"}
  "B": {"Type": "Succeed"}
}}"#,
        expect![[r#"
            error[INVALID_JSON_DESCRIPTION] 2:37 ``: Expected ',' here
        "#]],
    );
    check(
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "End": true},
  "B": {"Type": "#,
        expect![[r#"
            error[INVALID_JSON_DESCRIPTION] 1:1 `{`: This object is never closed: '}' is missing
            error[INVALID_JSON_DESCRIPTION] 1:28 `{`: This object is never closed: '}' is missing
            error[INVALID_JSON_DESCRIPTION] 3:8 `{`: This object is never closed: '}' is missing
            error[INVALID_JSON_DESCRIPTION] 3:17 ``: Expected a value
        "#]],
    );
}
