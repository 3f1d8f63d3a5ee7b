//! Variables: assigned before use on some path, scopes, unused ones.

use expect_test::expect;

use super::check;

#[test]
fn assigned_before_use() {
    check(
        r#"{"StartAt": "Read", "States": {
  "Read": {"Type": "Pass", "Parameters": {"early.$": "$later"}, "Next": "Set"},
  "Set": {"Type": "Pass", "Assign": {"later": 1, "count.$": "$.n", "unused": true}, "Next": "Use"},
  "Use": {"Type": "Choice", "Choices": [{"Variable": "$count", "NumericGreaterThan": 3, "Next": "Done"}],
    "Default": "Loop"},
  "Loop": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($count, 1)", "x.$": "$nevr"}, "Next": "Use"},
  "Done": {"Type": "Pass", "Parameters": {"l.$": "$later"}, "End": true}
}}"#,
        expect![[r#"
            error[UNDEFINED_VARIABLE] 2:55 `$later`: Variable $later is not assigned on any path that leads to state "Read": it is only set in states that run after it or in another scope
            hint[UNUSED_VARIABLE] 3:68 `"unused"`: Variable $unused is assigned but never read
            error[UNDEFINED_VARIABLE] 6:87 `$nevr`: Variable $nevr is never assigned: no "Assign" in this state machine sets it.
        "#]],
    );
}

#[test]
fn nested_scopes() {
    check(
        r#"{"StartAt": "Set", "States": {
  "Set": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "Inline"},
  "Inline": {"Type": "Map", "Next": "Dist", "ItemProcessor": {"StartAt": "I1", "States": {
    "I1": {"Type": "Pass", "Parameters": {"o.$": "$outer"}, "Assign": {"outer": 2}, "End": true}}}},
  "Dist": {"Type": "Map", "End": true, "ItemProcessor": {
    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "D1", "States": {
    "D1": {"Type": "Pass", "Parameters": {"o.$": "$outer"}, "End": true}}}}
}}"#,
        expect![[r#"
            warning[SHADOWED_VARIABLE] 4:72 `"outer"`: Variable $outer is also assigned in an enclosing scope: a nested scope must not assign a variable of an outer one
            error[UNDEFINED_VARIABLE] 7:51 `$outer`: Variable $outer is assigned outside the distributed Map "Dist": its child executions cannot read outer variables; pass the value in through ItemSelector
        "#]],
    );
}

#[test]
fn jsonata_variables() {
    check(
        r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
  "A": {"Type": "Pass", "Assign": {"items": "{% $states.input.items %}"}, "Next": "B"},
  "B": {"Type": "Pass", "Output": "{% ( $n := $count($items); $n + $missing ) %}", "End": true}
}}"#,
        expect![[r#"
            error[UNDEFINED_VARIABLE] 3:68 `$missing`: Variable $missing is never assigned: no "Assign" in this state machine sets it.
        "#]],
    );
}
