//! Retry and Catch error names, and the rules between fields.

use expect_test::expect;

use super::check;

#[test]
fn error_names_and_order() {
    check(
        r#"{"StartAt": "T", "States": {
  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
    "Retry": [
      {"ErrorEquals": ["States.ALL"]},
      {"ErrorEquals": ["States.Timeout", "States.ALL"]},
      {"ErrorEquals": ["States.TimeOut", "States.Runtime", "States.Http.StatusCode.429", "Lambda.Unknown"]},
      {"ErrorEquals": []}
    ],
    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}, {"ErrorEquals": ["MyError", "States.MyFailure"], "Next": "F"}, {"Next": "F"}]},
  "F": {"Type": "Fail", "Error": "States.MyFailure"}
}}"#,
        expect![[r#"
            warning[MISSING_PARAMETER] 2:37 `"arn:aws:states:::lambda:invoke"`: lambda:invoke needs "FunctionName": add "Parameters" with it
            error[STATES_ALL_PLACEMENT] 4:24 `"States.ALL"`: The Retry entry with "States.ALL" must come last: the entries after it can never match
            error[STATES_ALL_PLACEMENT] 5:42 `"States.ALL"`: "States.ALL" must be the only name in its ErrorEquals: it already matches every other error
            warning[UNKNOWN_ERROR_NAME] 6:24 `"States.TimeOut"`: "States.TimeOut" is not an error the service raises. Did you mean "States.Timeout"?
                fix: Change to "States.Timeout" → "States.Timeout"
            warning[UNKNOWN_ERROR_NAME] 6:42 `"States.Runtime"`: "States.Runtime" can never be retried or caught: the execution fails at once
            error[SCHEMA_VALIDATION_FAILED] 7:23 `[]`: "ErrorEquals" must name at least one error
            error[STATES_ALL_PLACEMENT] 9:32 `"States.ALL"`: The Catch entry with "States.ALL" must come last: the entries after it can never match
            error[SCHEMA_VALIDATION_FAILED] 9:124 `{`: A catcher needs "ErrorEquals"
            warning[RESERVED_ERROR_NAME] 10:34 `"States.MyFailure"`: Error names starting with "States." are reserved for the service: choose a name of your own
        "#]],
    );
}

#[test]
fn heartbeat_below_timeout() {
    check(
        r#"{"StartAt": "T", "States": {
  "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "TimeoutSeconds": 60,
    "HeartbeatSeconds": 60, "End": true}
}}"#,
        expect![[r#"
            warning[MISSING_TASK_TOKEN] 2:37 `"arn:aws:states:::sqs:sendMessage.waitForTaskToken"`: ".waitForTaskToken" waits until someone calls SendTaskSuccess or SendTaskFailure with the task token, but the token is not passed in "Parameters": the execution would wait forever. Pass it, for example "TaskToken.$": "$$.Task.Token"
            warning[MISSING_PARAMETER] 2:37 `"arn:aws:states:::sqs:sendMessage.waitForTaskToken"`: sqs:sendMessage needs "QueueUrl" and "MessageBody": add "Parameters" with them
            error[SCHEMA_VALIDATION_FAILED] 3:25 `60`: "HeartbeatSeconds" (60) must be less than "TimeoutSeconds" (60)
        "#]],
    );
}

#[test]
fn distributed_map_rules() {
    check(
        r#"{"StartAt": "M", "States": {
  "M": {"Type": "Map", "Next": "N", "Label": "Batch:1",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
    "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
      "ReaderConfig": {"InputType": "CSV", "ManifestType": "S3_INVENTORY", "Transformation": "LOAD_AND_FLATTEN"}}},
  "N": {"Type": "Map", "End": true, "Label": "Batch:1",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE", "ExecutionType": "STANDARD"}, "StartAt": "J", "States": {"J": {"Type": "Succeed"}}}}
}}"#,
        expect![[r#"
            error[INVALID_LABEL_NAME] 2:46 `"Batch:1"`: A Map label cannot contain ':': no white space, control characters or ?*<>{}[]:;,\|^~$#%&"`
            error[SCHEMA_VALIDATION_FAILED] 3:43 `"Mode"`: A DISTRIBUTED Map needs "ExecutionType" in its ProcessorConfig: STANDARD or EXPRESS
            error[SCHEMA_VALIDATION_FAILED] 5:24 `"InputType"`: With "ManifestType": "S3_INVENTORY" leave out "InputType": the inventory says the format
            error[SCHEMA_VALIDATION_FAILED] 5:76 `"Transformation"`: "LOAD_AND_FLATTEN" only works with the arn:aws:states:::s3:listObjectsV2 reader
            warning[SCHEMA_VALIDATION_FAILED] 6:37 `"Label"`: "Label" only works in a distributed Map: set "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": …} in the ItemProcessor
            error[INVALID_LABEL_NAME] 6:46 `"Batch:1"`: A Map label cannot contain ':': no white space, control characters or ?*<>{}[]:;,\|^~$#%&"`
            error[DUPLICATE_LABEL_NAME] 6:46 `"Batch:1"`: The Map label "Batch:1" is already used: labels are unique in a definition
            warning[SCHEMA_VALIDATION_FAILED] 7:61 `"ExecutionType"`: "ExecutionType" only applies to a DISTRIBUTED Map; an INLINE Map runs its items inside this execution
        "#]],
    );
}

#[test]
fn static_results_and_paths_in_text_fields() {
    check(
        r#"{"StartAt": "P", "States": {
  "P": {"Type": "Pass", "Result": {"id.$": "$.id", "list": [{"x.$": "$.x"}]}, "Next": "F"},
  "F": {"Type": "Fail", "Error": "$.error", "Cause": "plain text"}
}}"#,
        expect![[r#"
            warning[PASS_RESULT_IS_STATIC] 2:36 `"id.$"`: "Result" is used as written: keys ending in ".$" are not evaluated here; use "Parameters" to build the result from the input
            warning[PASS_RESULT_IS_STATIC] 2:62 `"x.$"`: "Result" is used as written: keys ending in ".$" are not evaluated here; use "Parameters" to build the result from the input
            warning[NO_PATH] 3:34 `"$.error"`: This looks like a path, but "Error" takes it as plain text; use "ErrorPath" to read the value from the path
        "#]],
    );
}
