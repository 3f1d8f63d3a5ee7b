//! Paths, payload templates, intrinsic functions and JSONata inside strings.

use expect_test::expect;

use super::check;

fn machine(states: &str) -> String {
    format!("{{\"StartAt\": \"S\", \"States\": {{\n{states}\n}}}}")
}

#[test]
fn paths_point_inside_the_string() {
    check(
        &machine(
            r#""S": {"Type": "Pass", "InputPath": "bug$.library", "OutputPath": "$.a b", "ResultPath": "$.items[*]", "Next": "A"},
"A": {"Type": "Pass", "ResultPath": "$$.Execution.Id", "Next": "B"},
"B": {"Type": "Pass", "ResultPath": "$var.x", "Next": "C"},
"C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSecondsPath": "$..t", "Next": "D"},
"D": {"Type": "Pass", "InputPath": "$$.Execution.Nme", "OutputPath": null, "ResultPath": null, "End": true}"#,
        ),
        expect![[r#"
            error[INVALID_JSONPATH] 2:37 `b`: "InputPath" is not a valid path: a path must start with `$`, found `b`
            error[INVALID_JSONPATH] 2:70 ` `: "OutputPath" is not a valid path: unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`
            error[INVALID_JSONPATH] 2:97 `[*]`: "ResultPath" must be a Reference Path that selects a single node: no wildcards, filters, slices or unions
            error[INVALID_JSONPATH] 3:38 `$$`: "ResultPath" cannot point into the context object ($$): it places the result in the state input
            error[INVALID_JSONPATH] 4:38 `$var`: "ResultPath" cannot name a variable: use "Assign" to set variables
            warning[MISSING_PARAMETER] 5:35 `"arn:aws:states:::lambda:invoke"`: lambda:invoke needs "FunctionName": add "Parameters" with it
            error[INVALID_JSONPATH] 5:93 `..`: "TimeoutSecondsPath" must be a Reference Path that selects a single node: no wildcards, filters, slices or unions
            warning[UNKNOWN_CONTEXT_PATH] 6:50 `Nme`: `Nme` is not a member of `$$.Execution`: did you mean `Name`?
        "#]],
    );
}

#[test]
fn payload_templates() {
    check(
        &machine(
            r#""S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
  "Parameters": {
    "FunctionName": "f",
    "channel": "email", "channel.$": "$.channel",
    "Payload": {"id.$": "$.id", "type": "t", "type.$": "$.type", "raw": "$.notEvaluated", "list": [{"x.$": "$.x"}]},
    "bad.$": "not a path",
    "num.$": 5,
    "when.$": "$$.State.EnteredTime",
    "escaped.$": "$['a\"b']"
  },
  "ResultSelector": {"out.$": "States.StringToJson($.Payload)"}}"#,
        ),
        expect![[r#"
            warning[UNKNOWN_PARAMETER] 5:5 `"channel"`: "channel" is not a parameter of lambda:invoke: the call fails with a validation error.
            error[DUPLICATE_FIELD_NAME] 5:25 `"channel.$"`: "channel" and "channel.$" both produce the field "channel": keep only one of them
            warning[UNKNOWN_PARAMETER] 5:25 `"channel.$"`: "channel" is not a parameter of lambda:invoke: the call fails with a validation error.
            error[DUPLICATE_FIELD_NAME] 6:46 `"type.$"`: "type" and "type.$" both produce the field "type": keep only one of them
            warning[NO_DOLLAR] 6:73 `"$.notEvaluated"`: This looks like a path or intrinsic function, but the key "raw" does not end in ".$", so it is passed on as a plain string; name the key "raw.$" to evaluate it
            warning[UNKNOWN_PARAMETER] 7:5 `"bad.$"`: "bad" is not a parameter of lambda:invoke: the call fails with a validation error.
            error[INVALID_JSONPATH] 7:14 `"not a path"`: The value of "bad.$" must be a path ($.x), a context path ($$.x), a variable ($name) or an intrinsic function call (States.Format(…)); to pass a fixed string, drop the ".$" from the key
            warning[UNKNOWN_PARAMETER] 8:5 `"num.$"`: "num" is not a parameter of lambda:invoke: the call fails with a validation error.
            error[INVALID_JSONPATH] 8:14 `5`: The value of "num.$" must be a string holding a path or an intrinsic function, not a number
            warning[UNKNOWN_PARAMETER] 9:5 `"when.$"`: "when" is not a parameter of lambda:invoke: the call fails with a validation error.
            warning[UNKNOWN_PARAMETER] 10:5 `"escaped.$"`: "escaped" is not a parameter of lambda:invoke: the call fails with a validation error.
        "#]],
    );
}

#[test]
fn intrinsic_functions() {
    check(
        &machine(
            r#""S": {"Type": "Pass", "End": true, "Parameters": {
  "a.$": "States.Format('{} and {}', $.x)",
  "b.$": "States.MathAdd('1', 2)",
  "c.$": "States.Formt('x')",
  "d.$": "States.Array($.a, $.b",
  "e.$": "States.Hash($.x, 'SHA-3')",
  "f.$": "States.JsonMerge($.a, $.b, true)",
  "g.$": "States.UUID()",
  "h.$": "States.ArrayGetItem(States.ArrayRange(1, 9, 2), 0)"
}}"#,
        ),
        expect![[r#"
            error[INVALID_INTRINSIC] 3:25 `'{} and {}'`: the template has 2 `{}` placeholders but 1 value is given
            error[INVALID_INTRINSIC] 4:26 `'1'`: the `a` argument of `States.MathAdd` must be an integer, but this is a string
            error[INVALID_INTRINSIC] 5:11 `States.Formt`: unknown intrinsic function `States.Formt`: did you mean `States.Format`?
            error[INVALID_INTRINSIC] 6:23 `(`: `(` is never closed: expected `)`
            error[INVALID_INTRINSIC] 7:28 `'SHA-3'`: unsupported hash algorithm `SHA-3`: did you mean `SHA-1`?
            error[INVALID_INTRINSIC] 8:38 `true`: Step Functions supports only shallow merges: the third argument of `States.JsonMerge` must be `false`
        "#]],
    );
}

#[test]
fn fail_paths_take_intrinsics() {
    check(
        &machine(r#""S": {"Type": "Fail", "ErrorPath": "States.Format('E{}', $.code)", "CausePath": "$.cause[0]"}"#),
        expect![[r#"
            no diagnostics
        "#]],
    );
}

#[test]
fn jsonata_expressions() {
    check(
        r#"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {
  "S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Arguments": {"FunctionName": "f", "Payload": "{% $states.input.order.items[price > 10] %}",
      "Bad": "{% 10 + * 2 %}", "Open": "{% $states.input", "Top": "{% orderId %}", "Dollar.$": "$.x"},
    "Output": "{% $states.result.Payload %}",
    "Assign": {"total": "{% $sum($states.result.Payload.items.price) %}", "n": "{% $states.reslt %}"},
    "TimeoutSeconds": "{% $states.input.timeout %}",
    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F",
      "Output": "{% $states.errorOutput %}", "Assign": {"why": "{% $states.result %}"}}],
    "Next": "W"},
  "W": {"Type": "Wait", "Seconds": "{% $total > 100 ? 10 : 1 %}", "Next": "P"},
  "P": {"Type": "Pass", "Output": {"ctx": "{% $states.context.Execution.Id %}", "r": "{% $states.result %}",
    "u": "{% $uuid() %}", "e": "{% $eval('1') %}", "x": "{% $nosuch(1) %}", "w": "{% $$.x %}"}, "End": true},
  "F": {"Type": "Fail", "Error": "{% $why %}", "Cause": "{%10%}"}
}}"#,
        expect![[r#"
            warning[UNKNOWN_PARAMETER] 4:7 `"Bad"`: "Bad" is not a parameter of lambda:invoke: the call fails with a validation error.
            error[INVALID_JSONATA_EXPRESSION] 4:25 `2`: Syntax error: 2
            warning[UNKNOWN_PARAMETER] 4:32 `"Open"`: "Open" is not a parameter of lambda:invoke: the call fails with a validation error.
            error[INVALID_JSONATA_EXPRESSION] 4:40 `"{% $states.input"`: A JSONata expression must start with "{%" and end with "%}", with nothing outside them
            warning[UNKNOWN_PARAMETER] 4:60 `"Top"`: "Top" is not a parameter of lambda:invoke: the call fails with a validation error.
            error[UNSUPPORTED_JSONATA_EXPRESSION] 4:71 `orderId`: Reference to "orderId" at the top level is not supported: there is no implicit input; use $states.input.orderId
            error[SCHEMA_VALIDATION_FAILED] 4:84 `"Dollar.$"`: Keys ending in ".$" are JSONPath; under JSONata write the value as a "{% … %}" expression
            warning[UNKNOWN_PARAMETER] 4:84 `"Dollar.$"`: "Dollar" is not a parameter of lambda:invoke: the call fails with a validation error.
            hint[UNUSED_VARIABLE] 6:75 `"n"`: Variable $n is assigned but never read
            error[INVALID_STATES_REFERENCE] 6:92 `reslt`: $states has no member "reslt": use input, context, result or errorOutput. Did you mean "result"?
            error[INVALID_STATES_REFERENCE] 9:76 `result`: $states.result is only available in the Output and Assign of a Task, Map or Parallel state
            error[INVALID_STATES_REFERENCE] 12:98 `result`: $states.result is only available in the Output and Assign of a Task, Map or Parallel state
            error[UNSUPPORTED_JSONATA_EXPRESSION] 13:36 `$eval`: $eval is not supported in Step Functions: use $parse to read JSON text
            warning[UNKNOWN_FUNCTION] 13:61 `$nosuch`: Unknown function $nosuch: it is neither a JSONata built-in nor a Step Functions function.
            error[UNSUPPORTED_JSONATA_EXPRESSION] 13:86 `$$`: $$ is not supported in Step Functions JSONata: use $states.input
        "#]],
    );
}

#[test]
fn assign_blocks() {
    check(
        &machine(
            r#""S": {"Type": "Pass", "Assign": {"orderId.$": "$.id", "total": 5, "states": 1, "top-level": 2,
  "nested": {"v.$": "$.v"}, "bad.$": "nope", "orderId": 3}, "Next": "E"},
"E": {"Type": "Pass", "Parameters": {"o.$": "$orderId", "t.$": "$total", "n.$": "$nested.v", "tl.$": "$top"}, "Assign": "x", "End": true}"#,
        ),
        expect![[r#"
            error[DUPLICATE_FIELD_NAME] 2:34 `"orderId.$"`: Variable "orderId" is assigned twice in one "Assign"
            error[INVALID_VARIABLE_NAME] 2:67 `"states"`: "states" is reserved for $states: choose another variable name
            warning[INVALID_VARIABLE_NAME] 2:80 `"top-level"`: "top-level" is not a valid variable name: use letters, digits and '_', not starting with a digit, or it cannot be read as $top-level
            hint[UNUSED_VARIABLE] 3:29 `"bad.$"`: Variable $bad is assigned but never read
            error[INVALID_JSONPATH] 3:38 `"nope"`: The value of "bad.$" must be a path ($.x), a context path ($$.x), a variable ($name) or an intrinsic function call (States.Format(…)); to pass a fixed string, drop the ".$" from the key
            error[UNDEFINED_VARIABLE] 4:103 `$top`: Variable $top is never assigned: no "Assign" in this state machine sets it.
            error[SCHEMA_VALIDATION_FAILED] 4:121 `"x"`: "Assign" must be an object of variable names and values, not a string
        "#]],
    );
}

#[test]
fn escaped_strings_map_back_to_the_source() {
    check(
        &machine(r#""S": {"Type": "Pass", "Parameters": {"a.$": "\u0024.x y"}, "End": true}"#),
        expect![[r#"
            error[INVALID_JSONPATH] 2:54 ` `: "$.x y" is not a valid path: unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`
        "#]],
    );
}

#[test]
fn task_token_only_in_callbacks() {
    check(
        r#"{"StartAt": "Wait", "States": {
  "Wait": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "Next": "Emit"},
  "Emit": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
    "Parameters": {"Entries": [{"Detail": {"TaskToken.$": "$$.Task.Token"}}]}, "Next": "J"},
  "J": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"t": "{% $states.context.Task.Token %}"}, "End": true}
}}"#,
        expect![[r#"
            warning[TASK_TOKEN_UNAVAILABLE] 5:60 `$$.Task.Token`: The task token is only set in a Task whose Resource ends in ".waitForTaskToken"; here it is empty, so whoever receives it cannot call back
            warning[TASK_TOKEN_UNAVAILABLE] 6:81 `context`: The task token is only set in a Task whose Resource ends in ".waitForTaskToken"; here it is empty, so whoever receives it cannot call back
        "#]],
    );
}
