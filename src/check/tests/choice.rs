//! Choice rules under JSONPath and JSONata.

use expect_test::expect;

use super::check;

#[test]
fn jsonpath_rules() {
    check(
        r#"{"StartAt": "C", "States": {
  "C": {"Type": "Choice", "Default": "D", "Choices": [
    {"Variable": "$.a", "StringEquals": "x", "Next": "D"},
    {"Variable": "$.a", "NumericEquals": "1", "NumericLessThan": 2, "Next": "D"},
    {"Variable": "States.Format('{}', $.a)", "IsPresent": true, "Next": "D"},
    {"And": [], "Next": "D"},
    {"Or": [{"Variable": "$.b", "BooleanEquals": true, "Next": "D"}], "Variable": "$.x", "Next": "D"},
    {"Not": [{"Variable": "$.b", "IsNull": true}], "Next": "D"},
    {"Variable": "$.t", "TimestampEquals": "yesterday", "Next": "D"},
    {"Variable": "$.s", "StringMatches": "log-*.txt\\q", "Next": "D"},
    {"Variable": "$.n", "NumericEqualsPath": "$.m", "Next": "D"},
    {"Variable": "$.n", "End": true},
    {"Variable": "$.n", "StringEqual": "x", "Next": "D"},
    {"NumericEquals": 3, "Next": "D"},
    {"Variable": "$.n", "IsPresent": true, "Condition": "{% true %}", "Next": "D"}
  ]},
  "D": {"Type": "Succeed"}
}}"#,
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 4:42 `"1"`: "NumericEquals" takes a number, not a string
            error[SCHEMA_VALIDATION_FAILED] 4:47 `"NumericLessThan"`: A Choice rule takes exactly one comparison operator; "NumericEquals" is already used: combine tests with And or Or
            error[INVALID_JSONPATH] 5:19 `S`: "Variable" is not a valid path: a path must start with `$`, found `S`
            error[SCHEMA_VALIDATION_FAILED] 6:13 `[]`: "And" needs at least one rule
            error[SCHEMA_VALIDATION_FAILED] 7:56 `"Next"`: "Next" is only allowed on a top-level Choice rule, not inside And, Or or Not
            error[SCHEMA_VALIDATION_FAILED] 7:71 `"Variable"`: "Variable" has no meaning next to "Or": move the test inside it
            error[SCHEMA_VALIDATION_FAILED] 8:13 `[{"Variable": "$.b", "IsNull": true}]`: "Not" must be one rule (an object), not an array
            error[SCHEMA_VALIDATION_FAILED] 9:44 `"yesterday"`: "TimestampEquals" takes an RFC 3339 timestamp with an uppercase T and Z or an offset, such as "2026-03-14T01:59:00Z"
            warning[SCHEMA_VALIDATION_FAILED] 10:52 `\\`: In StringMatches a backslash may only escape '*' or another backslash; this one fails at run time
            error[SCHEMA_VALIDATION_FAILED] 12:5 `{`: A Choice rule needs "Next": the state to go to when the rule matches
            error[SCHEMA_VALIDATION_FAILED] 12:6 `"Variable"`: A Choice rule needs exactly one comparison operator (such as StringEquals or IsPresent), or And, Or or Not
            error[SCHEMA_VALIDATION_FAILED] 12:25 `"End"`: Field "End" is not supported in a Choice rule. Did you mean "And"?
                fix: Change to "And" → "And"
            error[SCHEMA_VALIDATION_FAILED] 13:6 `"Variable"`: A Choice rule needs exactly one comparison operator (such as StringEquals or IsPresent), or And, Or or Not
            error[SCHEMA_VALIDATION_FAILED] 13:25 `"StringEqual"`: Field "StringEqual" is not supported in a Choice rule. Did you mean "StringEquals"?
                fix: Change to "StringEquals" → "StringEquals"
            error[SCHEMA_VALIDATION_FAILED] 14:5 `{`: A Choice rule with a comparison operator needs "Variable": the path to test
            error[SCHEMA_VALIDATION_FAILED] 15:44 `"Condition"`: The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage
        "#]],
    );
}

#[test]
fn jsonata_rules() {
    check(
        r#"{"QueryLanguage": "JSONata", "StartAt": "C", "States": {
  "C": {"Type": "Choice", "Default": "D", "Choices": [
    {"Condition": "{% $states.input.n > 1 %}", "Next": "D", "Assign": {"big": true}, "Output": {"n": "{% $states.input.n %}"}},
    {"Condition": true, "Next": "D"},
    {"Condition": 5, "Next": "D"},
    {"Variable": "$.a", "StringEquals": "x", "Next": "D"},
    {"Next": "D"}
  ]},
  "D": {"Type": "Succeed"}
}}"#,
        expect![[r#"
            hint[UNUSED_VARIABLE] 3:72 `"big"`: Variable $big is assigned but never read
            error[SCHEMA_VALIDATION_FAILED] 5:19 `5`: "Condition" must be true, false or a JSONata expression "{% … %}"
            error[SCHEMA_VALIDATION_FAILED] 6:5 `{`: A JSONata Choice rule needs "Condition"
            error[SCHEMA_VALIDATION_FAILED] 6:6 `"Variable"`: The QueryLanguage is set to 'JSONata', but field 'Variable' is only supported for the 'JSONPath' QueryLanguage: write the test as a "Condition"
            error[SCHEMA_VALIDATION_FAILED] 6:25 `"StringEquals"`: The QueryLanguage is set to 'JSONata', but field 'StringEquals' is only supported for the 'JSONPath' QueryLanguage: write the test as a "Condition"
            error[SCHEMA_VALIDATION_FAILED] 7:5 `{`: A JSONata Choice rule needs "Condition"
        "#]],
    );
}

#[test]
fn choices_must_be_a_non_empty_array() {
    check(
        r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": {}, "Default": "D"}, "D": {"Type": "Succeed"}}}"#,
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 1:64 `{}`: "Choices" must be an array of rules, not an object
        "#]],
    );
}
