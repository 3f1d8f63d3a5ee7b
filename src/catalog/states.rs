//! The fields of every state type, of the top level and nested state
//! machines, and of the objects inside states (retriers, catchers, Map
//! configuration), with their rules and documentation.
//!
//! Sources: the ASL specification and the Step Functions developer guide, as
//! digested in the project's ASL reference (field matrix, per-state tables,
//! limits). Bounds follow the service.

use super::kinds::StateType;
use super::schema::{field, Field, Kind, Lang, Schema};

const MAX_SECONDS: i64 = 99_999_999;

const TYPE: Field = field(
    "Type",
    Lang::Both,
    Kind::Enum(&["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]),
    "The state's type: Task, Pass, Choice, Wait, Succeed, Fail, Parallel or Map.",
);
const COMMENT: Field = field(
    "Comment",
    Lang::Both,
    Kind::String,
    "A human-readable description; ignored by the service.",
);
const QUERY_LANGUAGE: Field = field(
    "QueryLanguage",
    Lang::Both,
    Kind::Enum(&["JSONPath", "JSONata"]),
    "The language this state's fields are written in: `JSONPath` (the default) or `JSONata`. Overrides the top-level setting for this state only.",
);
const NEXT: Field = field(
    "Next",
    Lang::Both,
    Kind::StateName,
    "The state to run after this one, in the same scope. Exactly one of `Next` and `End` is required.",
);
const END: Field = field(
    "End",
    Lang::Both,
    Kind::Bool,
    "`true` makes this state end its state machine (or its branch or iteration).",
);
const INPUT_PATH: Field = field(
    "InputPath",
    Lang::JsonPath,
    Kind::Path,
    "Selects the part of the state input to work on (default `$`); `null` passes `{}`.",
)
.nullable();
const OUTPUT_PATH: Field = field(
    "OutputPath",
    Lang::JsonPath,
    Kind::Path,
    "Selects the part of the result to pass on as the state output (default `$`); `null` passes `{}`.",
)
.nullable();
const PARAMETERS: Field = field(
    "Parameters",
    Lang::JsonPath,
    Kind::Template,
    "A payload template that builds the input of the task: keys ending in `.$` take their value from a path, a context path, a variable or an intrinsic function.",
);
const RESULT_SELECTOR: Field = field(
    "ResultSelector",
    Lang::JsonPath,
    Kind::Template,
    "A payload template applied to the raw result before `ResultPath`.",
);
const RESULT_PATH: Field = field(
    "ResultPath",
    Lang::JsonPath,
    Kind::ResultPath,
    "Where to put the result in the state input (default `$`, replacing it); `null` discards the result and passes the input on.",
)
.nullable();
const ARGUMENTS: Field = field(
    "Arguments",
    Lang::Jsonata,
    Kind::Json,
    "The input of the task, as JSON whose `{% … %}` strings are JSONata expressions (default: the state input).",
)
.expr();
const OUTPUT: Field = field(
    "Output",
    Lang::Jsonata,
    Kind::Json,
    "The state output, as JSON whose `{% … %}` strings are JSONata expressions (default: the result, or the input for states without one).",
)
.expr();
const ASSIGN: Field = field(
    "Assign",
    Lang::Both,
    Kind::Assign,
    "Variables to set when the state completes. Every value is computed from the data as the state entered; the new values are visible from the next state on.",
);
const RETRY: Field = field(
    "Retry",
    Lang::Both,
    Kind::Array(&RETRIER),
    "Retriers, tried in order when the state fails with a matching error.",
);
const CATCH: Field = field(
    "Catch",
    Lang::Both,
    Kind::Array(&CATCHER),
    "Catchers, tried in order after the retriers are exhausted: each names the state to go to for matching errors.",
);

const TASK_FIELDS: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    NEXT,
    END,
    field(
        "Resource",
        Lang::Both,
        Kind::String,
        "The work to do, as an ARN: a Lambda function, an activity, an optimized service integration (`arn:aws:states:::service:api`), an AWS SDK call (`arn:aws:states:::aws-sdk:service:action`) or an HTTP endpoint (`arn:aws:states:::http:invoke`).",
    ),
    ARGUMENTS,
    OUTPUT,
    PARAMETERS,
    RESULT_SELECTOR,
    RESULT_PATH,
    INPUT_PATH,
    OUTPUT_PATH,
    field(
        "TimeoutSeconds",
        Lang::Both,
        Kind::Integer { min: 1, max: MAX_SECONDS },
        "Fail the task with `States.Timeout` after this many seconds (the service default is 99999999, effectively none).",
    )
    .expr(),
    field(
        "TimeoutSecondsPath",
        Lang::JsonPath,
        Kind::ReferencePath,
        "Like `TimeoutSeconds`, read from the state input.",
    ),
    field(
        "HeartbeatSeconds",
        Lang::Both,
        Kind::Integer { min: 1, max: MAX_SECONDS },
        "Fail the task with `States.HeartbeatTimeout` when no heartbeat arrives for this many seconds; must be less than `TimeoutSeconds`.",
    )
    .expr(),
    field(
        "HeartbeatSecondsPath",
        Lang::JsonPath,
        Kind::ReferencePath,
        "Like `HeartbeatSeconds`, read from the state input.",
    ),
    field(
        "Credentials",
        Lang::Both,
        Kind::Object(&CREDENTIALS),
        "The IAM role to assume for this task (`RoleArn`), for cross-account calls.",
    ),
    RETRY,
    CATCH,
    ASSIGN,
];

const PASS_FIELDS: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    NEXT,
    END,
    field(
        "Result",
        Lang::JsonPath,
        Kind::Any,
        "A fixed value used as the state's result, then placed by `ResultPath`. Paths inside it are not evaluated.",
    ),
    PARAMETERS,
    RESULT_PATH,
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
];

const CHOICE_FIELDS: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    field(
        "Choices",
        Lang::Both,
        Kind::Choices,
        "The rules, tried in order: the first that matches names the next state.",
    ),
    field(
        "Default",
        Lang::Both,
        Kind::StateName,
        "The state to go to when no rule matches; without it the execution fails (`States.NoChoiceMatched`).",
    ),
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
];

const WAIT_FIELDS: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    NEXT,
    END,
    field(
        "Seconds",
        Lang::Both,
        Kind::Integer {
            min: 0,
            max: MAX_SECONDS,
        },
        "How long to wait, in seconds.",
    )
    .expr(),
    field(
        "Timestamp",
        Lang::Both,
        Kind::Timestamp,
        "Wait until this time, an RFC 3339 timestamp such as `2026-03-14T01:59:00Z`.",
    )
    .expr(),
    field(
        "SecondsPath",
        Lang::JsonPath,
        Kind::ReferencePath,
        "Like `Seconds`, read from the state input.",
    ),
    field(
        "TimestampPath",
        Lang::JsonPath,
        Kind::ReferencePath,
        "Like `Timestamp`, read from the state input.",
    ),
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
];

const SUCCEED_FIELDS: &[Field] = &[TYPE, COMMENT, QUERY_LANGUAGE, INPUT_PATH, OUTPUT_PATH, OUTPUT];

const FAIL_FIELDS: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    field(
        "Error",
        Lang::Both,
        Kind::String,
        "The error name the execution fails with; custom names must not start with `States.`.",
    )
    .expr(),
    field(
        "ErrorPath",
        Lang::JsonPath,
        Kind::PathOrIntrinsic,
        "Like `Error`, read from the state input or computed by an intrinsic function.",
    ),
    field(
        "Cause",
        Lang::Both,
        Kind::String,
        "A human-readable explanation of the failure.",
    )
    .expr(),
    field(
        "CausePath",
        Lang::JsonPath,
        Kind::PathOrIntrinsic,
        "Like `Cause`, read from the state input or computed by an intrinsic function.",
    ),
];

const PARALLEL_FIELDS: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    NEXT,
    END,
    field(
        "Branches",
        Lang::Both,
        Kind::Branches,
        "The state machines to run side by side, each with its own `StartAt` and `States`. The result is an array with one output per branch.",
    ),
    ARGUMENTS,
    OUTPUT,
    PARAMETERS,
    RESULT_SELECTOR,
    RESULT_PATH,
    INPUT_PATH,
    OUTPUT_PATH,
    RETRY,
    CATCH,
    ASSIGN,
];

const MAP_FIELDS: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    NEXT,
    END,
    field(
        "ItemProcessor",
        Lang::Both,
        Kind::Object(&PROCESSOR),
        "The state machine run for every item, with its `ProcessorConfig` (INLINE or DISTRIBUTED).",
    ),
    field(
        "Iterator",
        Lang::Both,
        Kind::Object(&ITERATOR),
        "The older name of `ItemProcessor` (without `ProcessorConfig`).",
    ),
    field(
        "Items",
        Lang::Jsonata,
        Kind::Json,
        "The array to iterate over (or a JSONata expression giving one).",
    )
    .expr(),
    field(
        "ItemsPath",
        Lang::JsonPath,
        Kind::ReferencePath,
        "Where the array to iterate over is in the state input (default `$`).",
    ),
    field(
        "ItemSelector",
        Lang::Both,
        Kind::Template,
        "Builds each iteration's input; `$$.Map.Item.Value` and `$$.Map.Item.Index` (JSONata: `$states.context.Map.Item…`) are available here.",
    )
    .expr(),
    field(
        "ItemReader",
        Lang::Both,
        Kind::Object(&ITEM_READER),
        "Reads the items from Amazon S3 (distributed mode).",
    ),
    field(
        "ItemBatcher",
        Lang::Both,
        Kind::Object(&ITEM_BATCHER),
        "Groups items into batches, one child execution per batch (distributed mode).",
    ),
    field(
        "ResultWriter",
        Lang::Both,
        Kind::Object(&RESULT_WRITER),
        "Writes the results to Amazon S3 instead of returning them (distributed mode).",
    ),
    field(
        "MaxConcurrency",
        Lang::Both,
        Kind::Integer { min: 0, max: i64::MAX },
        "How many iterations may run at once; 0 (the default) means as many as possible.",
    )
    .expr(),
    field(
        "MaxConcurrencyPath",
        Lang::JsonPath,
        Kind::ReferencePath,
        "Like `MaxConcurrency`, read from the state input.",
    ),
    field(
        "ToleratedFailurePercentage",
        Lang::Both,
        Kind::Number { min: 0.0, max: 100.0 },
        "The percentage of failed items the Map run tolerates before it fails (distributed mode).",
    )
    .expr(),
    field(
        "ToleratedFailurePercentagePath",
        Lang::JsonPath,
        Kind::ReferencePath,
        "Like `ToleratedFailurePercentage`, read from the state input.",
    ),
    field(
        "ToleratedFailureCount",
        Lang::Both,
        Kind::Integer { min: 0, max: i64::MAX },
        "The number of failed items the Map run tolerates before it fails (distributed mode).",
    )
    .expr(),
    field(
        "ToleratedFailureCountPath",
        Lang::JsonPath,
        Kind::ReferencePath,
        "Like `ToleratedFailureCount`, read from the state input.",
    ),
    field(
        "Label",
        Lang::Both,
        Kind::String,
        "A name for the Map run, used in its ARN (distributed mode): up to 40 characters, no white space or special characters.",
    ),
    PARAMETERS,
    RESULT_SELECTOR,
    RESULT_PATH,
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    RETRY,
    CATCH,
    ASSIGN,
];

pub const TASK: Schema = Schema {
    label: "a Task state",
    fields: TASK_FIELDS,
    exclusive: &[
        &["TimeoutSeconds", "TimeoutSecondsPath"],
        &["HeartbeatSeconds", "HeartbeatSecondsPath"],
    ],
    required: &[&["Resource"]],
    lenient: false,
};
pub const PASS: Schema = Schema {
    label: "a Pass state",
    fields: PASS_FIELDS,
    exclusive: &[],
    required: &[],
    lenient: false,
};
pub const CHOICE: Schema = Schema {
    label: "a Choice state",
    fields: CHOICE_FIELDS,
    exclusive: &[],
    required: &[&["Choices"]],
    lenient: false,
};
pub const WAIT: Schema = Schema {
    label: "a Wait state",
    fields: WAIT_FIELDS,
    exclusive: &[&["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]],
    required: &[&["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]],
    lenient: false,
};
pub const SUCCEED: Schema = Schema {
    label: "a Succeed state",
    fields: SUCCEED_FIELDS,
    exclusive: &[],
    required: &[],
    lenient: false,
};
pub const FAIL: Schema = Schema {
    label: "a Fail state",
    fields: FAIL_FIELDS,
    exclusive: &[&["Error", "ErrorPath"], &["Cause", "CausePath"]],
    required: &[],
    lenient: false,
};
pub const PARALLEL: Schema = Schema {
    label: "a Parallel state",
    fields: PARALLEL_FIELDS,
    exclusive: &[],
    required: &[&["Branches"]],
    lenient: false,
};
pub const MAP: Schema = Schema {
    label: "a Map state",
    fields: MAP_FIELDS,
    exclusive: &[
        &["ItemProcessor", "Iterator"],
        &["ItemSelector", "Parameters"],
        &["Items", "ItemsPath"],
        &["MaxConcurrency", "MaxConcurrencyPath"],
        &["ToleratedFailurePercentage", "ToleratedFailurePercentagePath"],
        &["ToleratedFailureCount", "ToleratedFailureCountPath"],
    ],
    required: &[&["ItemProcessor", "Iterator"]],
    lenient: false,
};

/// What a state type does, for hover and completion.
pub fn type_doc(ty: StateType) -> &'static str {
    match ty {
        StateType::Task => "Does one unit of work: calls a Lambda function, an AWS service integration, an AWS SDK action, an HTTPS endpoint or an activity, named by `Resource`.",
        StateType::Pass => "Passes its input on, optionally reshaped or replaced by a fixed `Result` (JSONPath) or `Output` (JSONata). Handy for shaping data and for stubs.",
        StateType::Choice => "Branches: the first rule in `Choices` that matches names the next state; `Default` is taken when none does.",
        StateType::Wait => "Pauses for `Seconds` or until a `Timestamp` (or the `…Path` forms), then moves on.",
        StateType::Succeed => "Ends the execution (or its Parallel branch or Map iteration) successfully.",
        StateType::Fail => "Ends the execution with a failure: `Error` and `Cause` say why.",
        StateType::Parallel => "Runs its `Branches` side by side and waits for all of them; the result is an array with one output per branch.",
        StateType::Map => "Runs its `ItemProcessor` for every item of an array (inline), or of a data set in S3 as child executions (distributed).",
    }
}

/// The schema of a state type.
pub fn state(ty: StateType) -> &'static Schema {
    match ty {
        StateType::Task => &TASK,
        StateType::Pass => &PASS,
        StateType::Choice => &CHOICE,
        StateType::Wait => &WAIT,
        StateType::Succeed => &SUCCEED,
        StateType::Fail => &FAIL,
        StateType::Parallel => &PARALLEL,
        StateType::Map => &MAP,
    }
}

const START_AT: Field = field(
    "StartAt",
    Lang::Both,
    Kind::StateName,
    "The state to run first; it must be a key of `States` in the same object.",
);
const STATES: Field = field(
    "States",
    Lang::Both,
    Kind::States,
    "The states, by name. Names are unique across the whole definition and at most 80 characters.",
);

/// The top level of a definition.
pub const ROOT: Schema = Schema {
    label: "the top level of a state machine",
    fields: &[
        START_AT,
        STATES,
        COMMENT,
        field(
            "Version",
            Lang::Both,
            Kind::Enum(&["1.0"]),
            "The ASL version; only \"1.0\" exists.",
        ),
        field(
            "TimeoutSeconds",
            Lang::Both,
            Kind::Integer {
                min: 0,
                max: MAX_SECONDS,
            },
            "The longest an execution may run before it fails with `States.Timeout`.",
        ),
        field(
            "QueryLanguage",
            Lang::Both,
            Kind::Enum(&["JSONPath", "JSONata"]),
            "The default language of every state's fields: `JSONPath` (the default) or `JSONata`.",
        ),
    ],
    exclusive: &[],
    required: &[],
    lenient: false,
};

/// A Parallel branch.
pub const BRANCH: Schema = Schema {
    label: "a Parallel branch",
    fields: &[START_AT, STATES, COMMENT],
    exclusive: &[],
    required: &[],
    lenient: false,
};

/// A Map `ItemProcessor`.
pub const PROCESSOR: Schema = Schema {
    label: "an ItemProcessor",
    fields: &[
        START_AT,
        STATES,
        COMMENT,
        field(
            "ProcessorConfig",
            Lang::Both,
            Kind::Object(&PROCESSOR_CONFIG),
            "How the items are processed: `Mode` INLINE (default) or DISTRIBUTED, and the child `ExecutionType`.",
        ),
    ],
    exclusive: &[],
    required: &[],
    lenient: false,
};

/// A Map `Iterator` (the older form of `ItemProcessor`).
pub const ITERATOR: Schema = Schema {
    label: "an Iterator",
    fields: &[START_AT, STATES, COMMENT],
    exclusive: &[],
    required: &[],
    lenient: false,
};

pub const PROCESSOR_CONFIG: Schema = Schema {
    label: "a ProcessorConfig",
    fields: &[
        field(
            "Mode",
            Lang::Both,
            Kind::Enum(&["INLINE", "DISTRIBUTED"]),
            "INLINE runs iterations inside this execution (up to 40 at once); DISTRIBUTED runs them as child executions (up to 10,000 at once).",
        ),
        field(
            "ExecutionType",
            Lang::Both,
            Kind::Enum(&["STANDARD", "EXPRESS"]),
            "The workflow type of the child executions of a distributed Map.",
        ),
    ],
    exclusive: &[],
    required: &[],
    lenient: false,
};

pub const RETRIER: Schema = Schema {
    label: "a retrier",
    fields: &[
        field(
            "ErrorEquals",
            Lang::Both,
            Kind::ErrorNames,
            "The error names this entry handles; `States.ALL` matches any error and must stand alone in the last entry.",
        ),
        field(
            "IntervalSeconds",
            Lang::Both,
            Kind::Integer { min: 1, max: MAX_SECONDS },
            "Seconds before the first retry (default 1).",
        ),
        field(
            "MaxAttempts",
            Lang::Both,
            Kind::Integer { min: 0, max: MAX_SECONDS },
            "How many retries at most (default 3; 0 never retries).",
        ),
        field(
            "BackoffRate",
            Lang::Both,
            Kind::Number { min: 1.0, max: f64::MAX },
            "The factor the interval grows by after each retry (default 2.0, at least 1.0).",
        ),
        field(
            "MaxDelaySeconds",
            Lang::Both,
            Kind::Integer { min: 1, max: 31_622_400 },
            "The longest interval between retries, in seconds.",
        ),
        field(
            "JitterStrategy",
            Lang::Both,
            Kind::Enum(&["FULL", "NONE"]),
            "FULL randomises each interval between 0 and its computed value; NONE (default) does not.",
        ),
        COMMENT,
    ],
    exclusive: &[],
    required: &[&["ErrorEquals"]],
    lenient: false,
};

pub const CATCHER: Schema = Schema {
    label: "a catcher",
    fields: &[
        field(
            "ErrorEquals",
            Lang::Both,
            Kind::ErrorNames,
            "The error names this entry handles; `States.ALL` matches any error and must stand alone in the last entry.",
        ),
        field(
            "Next",
            Lang::Both,
            Kind::StateName,
            "The state to go to when a matching error is caught.",
        ),
        field(
            "ResultPath",
            Lang::JsonPath,
            Kind::ResultPath,
            "Where to put the error output (`Error`, `Cause`) in the state input (default `$`, replacing it).",
        )
        .nullable(),
        field(
            "Output",
            Lang::Jsonata,
            Kind::Json,
            "The output passed to the `Next` state; `$states.errorOutput` holds the error.",
        )
        .expr(),
        ASSIGN,
        COMMENT,
    ],
    exclusive: &[],
    required: &[&["ErrorEquals"], &["Next"]],
    lenient: false,
};

pub const CREDENTIALS: Schema = Schema {
    label: "Credentials",
    fields: &[
        field(
            "RoleArn",
            Lang::Both,
            Kind::String,
            "The ARN of the IAM role to assume.",
        )
        .expr(),
        field(
            "RoleArn.$",
            Lang::JsonPath,
            Kind::PathOrIntrinsic,
            "The role ARN, read from a path or computed by an intrinsic function.",
        ),
    ],
    exclusive: &[&["RoleArn", "RoleArn.$"]],
    required: &[&["RoleArn", "RoleArn.$"]],
    lenient: true,
};

pub const ITEM_READER: Schema = Schema {
    label: "an ItemReader",
    fields: &[
        field(
            "Resource",
            Lang::Both,
            Kind::Enum(&["arn:aws:states:::s3:getObject", "arn:aws:states:::s3:listObjectsV2"]),
            "`arn:aws:states:::s3:getObject` reads one object (CSV, JSON, JSONL, Parquet or a manifest); `arn:aws:states:::s3:listObjectsV2` lists the objects under a prefix.",
        ),
        field(
            "Parameters",
            Lang::JsonPath,
            Kind::Template,
            "`Bucket` and `Key` (getObject) or `Bucket` and `Prefix` (listObjectsV2).",
        ),
        field(
            "Arguments",
            Lang::Jsonata,
            Kind::Json,
            "`Bucket` and `Key` (getObject) or `Bucket` and `Prefix` (listObjectsV2).",
        )
        .expr(),
        field(
            "ReaderConfig",
            Lang::Both,
            Kind::Object(&READER_CONFIG),
            "How to read the items: input type, CSV headers and delimiter, the most items to read.",
        ),
    ],
    exclusive: &[],
    required: &[&["Resource"]],
    lenient: false,
};

pub const READER_CONFIG: Schema = Schema {
    label: "a ReaderConfig",
    fields: &[
        field(
            "InputType",
            Lang::Both,
            Kind::Enum(&["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"]),
            "The format of the object read.",
        ),
        field(
            "Transformation",
            Lang::Both,
            Kind::Enum(&["NONE", "LOAD_AND_FLATTEN"]),
            "LOAD_AND_FLATTEN reads the objects listed by listObjectsV2 and iterates over their content.",
        ),
        field(
            "ManifestType",
            Lang::Both,
            Kind::Enum(&["ATHENA_DATA", "S3_INVENTORY"]),
            "The kind of manifest read: an Athena UNLOAD manifest or an S3 inventory.",
        ),
        field(
            "CSVHeaderLocation",
            Lang::Both,
            Kind::Enum(&["FIRST_ROW", "GIVEN"]),
            "Whether the CSV column names are in its first row or given in `CSVHeaders`.",
        ),
        field(
            "CSVHeaders",
            Lang::Both,
            Kind::StringArray,
            "The CSV column names, with `CSVHeaderLocation: GIVEN`.",
        ),
        field(
            "CSVDelimiter",
            Lang::Both,
            Kind::Enum(&["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"]),
            "The CSV field separator (default COMMA).",
        ),
        field(
            "ItemsPointer",
            Lang::Both,
            Kind::String,
            "A JSON Pointer to the array (or object) to iterate over inside a JSON file.",
        ),
        field(
            "MaxItems",
            Lang::Both,
            Kind::Integer {
                min: 1,
                max: 100_000_000,
            },
            "The most items to read.",
        )
        .expr(),
        field(
            "MaxItemsPath",
            Lang::JsonPath,
            Kind::ReferencePath,
            "Like `MaxItems`, read from the state input.",
        ),
    ],
    exclusive: &[&["MaxItems", "MaxItemsPath"]],
    required: &[],
    lenient: false,
};

pub const ITEM_BATCHER: Schema = Schema {
    label: "an ItemBatcher",
    fields: &[
        field(
            "MaxItemsPerBatch",
            Lang::Both,
            Kind::Integer { min: 1, max: i64::MAX },
            "The most items in one batch.",
        )
        .expr(),
        field(
            "MaxItemsPerBatchPath",
            Lang::JsonPath,
            Kind::ReferencePath,
            "Like `MaxItemsPerBatch`, read from the state input.",
        ),
        field(
            "MaxInputBytesPerBatch",
            Lang::Both,
            Kind::Integer { min: 1, max: 262_144 },
            "The largest batch, in bytes (at most 256 KiB).",
        )
        .expr(),
        field(
            "MaxInputBytesPerBatchPath",
            Lang::JsonPath,
            Kind::ReferencePath,
            "Like `MaxInputBytesPerBatch`, read from the state input.",
        ),
        field(
            "BatchInput",
            Lang::Both,
            Kind::Template,
            "Extra input given to every batch next to its `Items`.",
        )
        .expr(),
    ],
    exclusive: &[
        &["MaxItemsPerBatch", "MaxItemsPerBatchPath"],
        &["MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"],
    ],
    required: &[&[
        "MaxItemsPerBatch",
        "MaxItemsPerBatchPath",
        "MaxInputBytesPerBatch",
        "MaxInputBytesPerBatchPath",
    ]],
    lenient: false,
};

pub const RESULT_WRITER: Schema = Schema {
    label: "a ResultWriter",
    fields: &[
        field(
            "Resource",
            Lang::Both,
            Kind::Enum(&["arn:aws:states:::s3:putObject"]),
            "`arn:aws:states:::s3:putObject`: write the results to Amazon S3.",
        ),
        field(
            "Parameters",
            Lang::JsonPath,
            Kind::Template,
            "`Bucket` and `Prefix` of the results.",
        ),
        field(
            "Arguments",
            Lang::Jsonata,
            Kind::Json,
            "`Bucket` and `Prefix` of the results.",
        )
        .expr(),
        field(
            "WriterConfig",
            Lang::Both,
            Kind::Object(&WRITER_CONFIG),
            "The format of the results: `OutputType` and `Transformation`.",
        ),
    ],
    exclusive: &[],
    required: &[&["Resource", "WriterConfig"]],
    lenient: false,
};

pub const WRITER_CONFIG: Schema = Schema {
    label: "a WriterConfig",
    fields: &[
        field(
            "OutputType",
            Lang::Both,
            Kind::Enum(&["JSON", "JSONL"]),
            "Write the results as one JSON array or as JSON Lines.",
        ),
        field(
            "Transformation",
            Lang::Both,
            Kind::Enum(&["NONE", "COMPACT", "FLATTEN"]),
            "NONE keeps the execution details, COMPACT keeps only outputs, FLATTEN also flattens arrays of outputs.",
        ),
    ],
    exclusive: &[],
    required: &[&["OutputType"]],
    lenient: false,
};

/// Fields only a distributed Map uses.
pub const DISTRIBUTED_ONLY: &[&str] = &[
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "Label",
];
