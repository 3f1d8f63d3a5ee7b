//! Field rules: unknown and misplaced fields, types, enumerations, bounds,
//! exclusive and required groups, the two query languages.

use expect_test::expect;

use super::check;

/// Wrap states in a minimal machine starting at "S".
fn machine(states: &str) -> String {
    format!("{{\"StartAt\": \"S\", \"States\": {{\n{states}\n}}}}")
}

#[test]
fn unknown_and_misplaced_fields() {
    check(
        &machine(
            r#""S": {"Type": "Pass", "Resource": "x", "ResultPth": "$.x", "bugInputPath": "$", "Next": "W"},
"W": {"Type": "Wait", "Seconds": 1, "Parameters": {}, "End": true}"#,
        ),
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 2:23 `"Resource"`: Field "Resource" is not supported in a Pass state (it belongs to Task states)
            error[SCHEMA_VALIDATION_FAILED] 2:40 `"ResultPth"`: Field "ResultPth" is not supported in a Pass state. Did you mean "ResultPath"?
                fix: Change to "ResultPath" → "ResultPath"
            error[SCHEMA_VALIDATION_FAILED] 2:60 `"bugInputPath"`: Field "bugInputPath" is not supported in a Pass state. Did you mean "InputPath"?
                fix: Change to "InputPath" → "InputPath"
            error[SCHEMA_VALIDATION_FAILED] 3:37 `"Parameters"`: Field "Parameters" is not supported in a Wait state (it belongs to Task, Pass, Parallel, Map states)
        "#]],
    );
}

#[test]
fn types_enums_and_bounds() {
    check(
        &machine(
            r#""S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 0,
  "HeartbeatSeconds": 1.5, "Comment": 7, "QueryLanguage": "JSONPat", "Next": "M",
  "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5, "MaxAttempts": -1, "JitterStrategy": "HALF",
    "MaxDelaySeconds": 31622401}]},
"M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}},
    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}},
  "ToleratedFailurePercentage": 105, "MaxConcurrency": "5", "End": true}"#,
        ),
        expect![[r#"
            warning[MISSING_PARAMETER] 2:35 `"arn:aws:states:::lambda:invoke"`: lambda:invoke needs "FunctionName": add "Parameters" with it
            error[SCHEMA_VALIDATION_FAILED] 2:87 `0`: "TimeoutSeconds" must be from 1 to 99999999
            error[SCHEMA_VALIDATION_FAILED] 3:23 `1.5`: "HeartbeatSeconds" must be a whole number, from 1 to 99999999
            error[SCHEMA_VALIDATION_FAILED] 3:39 `7`: "Comment" must be a string, not a number
            error[SCHEMA_VALIDATION_FAILED] 3:59 `"JSONPat"`: "JSONPat" is not a valid value of "QueryLanguage": use "JSONPath", "JSONata". Did you mean "JSONPath"?
                fix: Change to "JSONPath" → "JSONPath"
            error[SCHEMA_VALIDATION_FAILED] 4:60 `0.5`: "BackoffRate" must be a number, at least 1
            error[SCHEMA_VALIDATION_FAILED] 4:80 `-1`: "MaxAttempts" must be from 0 to 99999999
            error[SCHEMA_VALIDATION_FAILED] 4:102 `"HALF"`: "HALF" is not a valid value of "JitterStrategy": use "FULL", "NONE".
            error[SCHEMA_VALIDATION_FAILED] 5:24 `31622401`: "MaxDelaySeconds" must be from 1 to 31622400
            error[SCHEMA_VALIDATION_FAILED] 8:33 `105`: "ToleratedFailurePercentage" must be a number, from 0 to 100
            error[SCHEMA_VALIDATION_FAILED] 8:56 `"5"`: "MaxConcurrency" must be a whole number, zero or more
        "#]],
    );
}

#[test]
fn exclusive_and_required_groups() {
    check(
        &machine(
            r#""S": {"Type": "Wait", "Seconds": 5, "SecondsPath": "$.s", "Next": "W"},
"W": {"Type": "Wait", "Next": "F"},
"F": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e", "Cause": "c", "CausePath": "$.c"},
"T": {"Type": "Task", "End": true},
"M": {"Type": "Map", "End": true, "Items": [1], "ItemsPath": "$.x"},
"R": {"Type": "Wait", "Seconds": 5, "Seconds": 6, "End": true}"#,
        ),
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 2:37 `"SecondsPath"`: Fields "Seconds" and "SecondsPath" cannot be used together in a Wait state: keep only one
            error[SCHEMA_VALIDATION_FAILED] 3:1 `"W"`: A Wait state needs one of "Seconds", "SecondsPath", "Timestamp", "TimestampPath"
            error[SCHEMA_VALIDATION_FAILED] 4:37 `"ErrorPath"`: Fields "Error" and "ErrorPath" cannot be used together in a Fail state: keep only one
            error[SCHEMA_VALIDATION_FAILED] 4:71 `"CausePath"`: Fields "Cause" and "CausePath" cannot be used together in a Fail state: keep only one
            error[MISSING_TRANSITION_TARGET] 5:1 `"T"`: State "T" is not reachable: no transition leads to it from StartAt "S"; nor to "M", "R"
            error[SCHEMA_VALIDATION_FAILED] 5:1 `"T"`: A Task state needs "Resource"
            error[SCHEMA_VALIDATION_FAILED] 6:1 `"M"`: A Map state needs one of "ItemProcessor", "Iterator"
            error[SCHEMA_VALIDATION_FAILED] 6:35 `"Items"`: The QueryLanguage is set to 'JSONPath', but field 'Items' is only supported for the 'JSONata' QueryLanguage
            error[SCHEMA_VALIDATION_FAILED] 6:49 `"ItemsPath"`: Fields "Items" and "ItemsPath" cannot be used together in a Map state: keep only one
            warning[DUPLICATE_KEY] 7:37 `"Seconds"`: Duplicate key "Seconds": only the last value is used
        "#]],
    );
}

#[test]
fn query_language_fields() {
    check(
        r#"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {
  "S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"a": 1},
    "ResultPath": "$.r", "Arguments": {"FunctionName": "f"}, "Next": "P"},
  "P": {"Type": "Pass", "QueryLanguage": "JSONPath", "Output": {"x": 1}, "End": true}
}}"#,
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 2:71 `"Parameters"`: The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported for the 'JSONPath' QueryLanguage
            error[SCHEMA_VALIDATION_FAILED] 3:5 `"ResultPath"`: The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage
            error[SCHEMA_VALIDATION_FAILED] 4:42 `"JSONPath"`: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine: a state may only switch a JSONPath machine to JSONata
            error[SCHEMA_VALIDATION_FAILED] 4:54 `"Output"`: The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage
        "#]],
    );
    check(
        r#"{"StartAt": "S", "States": {
  "S": {"Type": "Pass", "Output": {"x": 1}, "Next": "J"},
  "J": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input %}", "InputPath": "$", "End": true}
}}"#,
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 2:25 `"Output"`: The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage
            error[SCHEMA_VALIDATION_FAILED] 3:86 `"InputPath"`: The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage
        "#]],
    );
}

#[test]
fn nested_objects() {
    check(
        &machine(
            r#""S": {"Type": "Map", "End": true,
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}},
    "QueryLanguage": "JSONata"},
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV",
    "CSVHeaderLocation": "GIVEN", "MaxItems": 0, "MaxItemsPath": "$.max"}},
  "ItemBatcher": {"BatchInput": {"a": 1}},
  "ResultWriter": {"WriterConfig": {"Transformation": "FLATTEN"}},
  "Label": "my label"}"#,
        ),
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 3:41 `"Mode"`: A DISTRIBUTED Map needs "ExecutionType" in its ProcessorConfig: STANDARD or EXPRESS
            error[SCHEMA_VALIDATION_FAILED] 4:5 `"QueryLanguage"`: Field "QueryLanguage" is not supported in an ItemProcessor
            error[SCHEMA_VALIDATION_FAILED] 6:5 `"CSVHeaderLocation"`: "CSVHeaderLocation": "GIVEN" needs "CSVHeaders", the list of column names
            error[SCHEMA_VALIDATION_FAILED] 6:47 `0`: "MaxItems" must be from 1 to 100000000
            error[SCHEMA_VALIDATION_FAILED] 6:50 `"MaxItemsPath"`: Fields "MaxItems" and "MaxItemsPath" cannot be used together in a ReaderConfig: keep only one
            error[SCHEMA_VALIDATION_FAILED] 7:3 `"ItemBatcher"`: An ItemBatcher needs one of "MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"
            error[SCHEMA_VALIDATION_FAILED] 8:20 `"WriterConfig"`: A WriterConfig needs "OutputType"
            error[INVALID_LABEL_NAME] 9:12 `"my label"`: A Map label cannot contain ' ': no white space, control characters or ?*<>{}[]:;,\|^~$#%&"`
        "#]],
    );
}

#[test]
fn inline_map_with_distributed_fields() {
    check(
        &machine(
            r#""S": {"Type": "Map", "End": true, "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
  "ToleratedFailureCount": 2, "Label": "ok", "ItemSelector": {"v.$": "$$.Map.Item.Value"}, "Parameters": {}}"#,
        ),
        expect![[r#"
            warning[SCHEMA_VALIDATION_FAILED] 3:3 `"ToleratedFailureCount"`: "ToleratedFailureCount" only works in a distributed Map: set "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": …} in the ItemProcessor
            warning[SCHEMA_VALIDATION_FAILED] 3:31 `"Label"`: "Label" only works in a distributed Map: set "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": …} in the ItemProcessor
            error[SCHEMA_VALIDATION_FAILED] 3:92 `"Parameters"`: Fields "ItemSelector" and "Parameters" cannot be used together in a Map state: keep only one
        "#]],
    );
}

#[test]
fn branches() {
    check(
        &machine(
            r#""S": {"Type": "Parallel", "Next": "E", "Branches": [[], {"StartAt": "A", "States": {"A": {"Type": "Succeed"}},
  "QueryLanguage": "JSONPath", "Extra": 1}]},
"E": {"Type": "Parallel", "End": true, "Branches": []}"#,
        ),
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 2:53 `[]`: Each branch must be an object with "StartAt" and "States", not an array
            warning[SCHEMA_VALIDATION_FAILED] 3:3 `"QueryLanguage"`: "QueryLanguage" on a Parallel branch is not known to be accepted by the service: set it on the Parallel state's inner states instead
            error[SCHEMA_VALIDATION_FAILED] 3:32 `"Extra"`: Field "Extra" is not supported in a Parallel branch
            error[SCHEMA_VALIDATION_FAILED] 4:52 `[]`: "Branches" needs at least one branch
        "#]],
    );
}

#[test]
fn timestamps() {
    check(
        &machine(
            r#""S": {"Type": "Wait", "Timestamp": "2026-03-14T01:59:00Z", "Next": "A"},
"A": {"Type": "Wait", "Timestamp": "2026-03-14T01:59:00.123+05:30", "Next": "B"},
"B": {"Type": "Wait", "Timestamp": "2026-03-14t01:59:00z", "Next": "C"},
"C": {"Type": "Wait", "Timestamp": "2026-13-14T01:59:00Z", "Next": "D"},
"D": {"Type": "Wait", "Timestamp": "${DeployTime}", "End": true}"#,
        ),
        expect![[r#"
            error[SCHEMA_VALIDATION_FAILED] 4:36 `"2026-03-14t01:59:00z"`: "Timestamp" must be an RFC 3339 timestamp with an uppercase T and Z or an offset, such as "2026-03-14T01:59:00Z"
            error[SCHEMA_VALIDATION_FAILED] 5:36 `"2026-13-14T01:59:00Z"`: "Timestamp" must be an RFC 3339 timestamp with an uppercase T and Z or an offset, such as "2026-03-14T01:59:00Z"
        "#]],
    );
}

#[test]
fn deployment_placeholders_are_never_errors() {
    check(
        r#"{"StartAt": "T", "TimeoutSeconds": ${ExecutionTimeout}, "States": {
  "T": {"Type": "Task", "Resource": "${ProcessFunctionArn}", "TimeoutSeconds": "${TaskTimeout}",
    "HeartbeatSeconds": ${Heartbeat}, "Parameters": {"FunctionName": "${FunctionName}"}, "Next": "W"},
  "W": {"Type": "Wait", "Seconds": ${WaitSeconds}, "Next": "M"},
  "M": {"Type": "Map", "MaxConcurrency": "${Concurrency}", "End": true,
    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}
}}"#,
        expect![[r#"
            no diagnostics
        "#]],
    );
}
