//! The context object (`$$` in JSONPath, `$states.context` in JSONata): its members and what each holds.

/// Members of the context object (`$$`), as dotted paths below `$$`, each
/// with a one-line description. Objects (`Execution`, `Map.Item`, …) are
/// listed as well as their members.
pub const CONTEXT_MEMBERS: &[(&str, &str)] = &[
    ("Execution", "Information about the running execution."),
    ("Execution.Id", "ARN of the running execution."),
    (
        "Execution.Input",
        "The input the execution was started with (any JSON).",
    ),
    ("Execution.Name", "Name of the running execution."),
    ("Execution.RoleArn", "ARN of the IAM role the execution runs with."),
    (
        "Execution.StartTime",
        "When the execution started, as an ISO 8601 timestamp.",
    ),
    (
        "Execution.RedriveCount",
        "How many times the execution has been redriven (0 if never).",
    ),
    (
        "Execution.RedriveTime",
        "When the execution was last redriven, as an ISO 8601 timestamp; present only after a redrive.",
    ),
    ("State", "Information about the current state."),
    (
        "State.EnteredTime",
        "When the current state was entered, as an ISO 8601 timestamp.",
    ),
    ("State.Name", "Name of the current state."),
    (
        "State.RetryCount",
        "How many times the current state has been retried so far.",
    ),
    ("StateMachine", "Information about the state machine."),
    ("StateMachine.Id", "ARN of the state machine."),
    ("StateMachine.Name", "Name of the state machine."),
    ("Task", "Information about the current task."),
    (
        "Task.Token",
        "Token that a `.waitForTaskToken` callback must send back to resume the task.",
    ),
    (
        "Map",
        "Information about the current Map iteration; readable only in the Map state's ItemSelector.",
    ),
    ("Map.Item", "The item the current Map iteration processes."),
    ("Map.Item.Index", "Zero-based position of the current item."),
    ("Map.Item.Value", "The current item itself (any JSON)."),
    (
        "Map.Item.Key",
        "Key of the current entry when the Map iterates over a JSON object.",
    ),
    (
        "Map.Item.Source",
        "Where the item comes from: `STATE_DATA`, or the S3 URI of the object it was read from.",
    ),
];

/// Context members holding arbitrary JSON: anything may follow them.
pub const OPEN_CONTEXT_MEMBERS: &[&str] = &["Execution.Input", "Map.Item.Value"];
