//! The error names Step Functions raises, for `ErrorEquals`, completion and hover.

pub struct ErrorName {
    pub name: &'static str,
    pub doc: &'static str,
}

/// The predefined `States.*` errors.
pub const STATES_ERRORS: &[ErrorName] = &[
    ErrorName { name: "States.ALL", doc: "Matches any error except `States.Runtime` (and `States.DataLimitExceeded`). Must stand alone in the last retrier or catcher." },
    ErrorName { name: "States.TaskFailed", doc: "A task failed. In Retry and Catch it matches every error except `States.Timeout`." },
    ErrorName { name: "States.Timeout", doc: "A task ran longer than its `TimeoutSeconds` or missed its heartbeat, or the execution ran longer than its `TimeoutSeconds`." },
    ErrorName { name: "States.HeartbeatTimeout", doc: "A task sent no heartbeat for longer than its `HeartbeatSeconds`." },
    ErrorName { name: "States.Permissions", doc: "The task lacked the privileges to run its code." },
    ErrorName { name: "States.ResultPathMatchFailure", doc: "`ResultPath` could not be applied to the state input." },
    ErrorName { name: "States.ParameterPathFailure", doc: "A `.$` path in the parameters could not be resolved. Reserved on AWS, which reports `States.Runtime` instead." },
    ErrorName { name: "States.IntrinsicFailure", doc: "An intrinsic function failed. Reserved on AWS, which reports `States.Runtime` instead." },
    ErrorName { name: "States.QueryEvaluationError", doc: "A JSONata expression failed: a type error, a result of the wrong type, a value out of range, or no result." },
    ErrorName { name: "States.BranchFailed", doc: "A Parallel branch failed (ASL specification; AWS usually passes on the branch's own error)." },
    ErrorName { name: "States.NoChoiceMatched", doc: "No Choice rule matched and there is no `Default`. Reserved on AWS, which reports `States.Runtime` instead." },
    ErrorName { name: "States.ExceedToleratedFailureThreshold", doc: "More items of a Map failed than its tolerated failure count or percentage." },
    ErrorName { name: "States.ItemReaderFailed", doc: "A Map could not read its items through its `ItemReader`." },
    ErrorName { name: "States.ResultWriterFailed", doc: "A Map could not write its results through its `ResultWriter`." },
    ErrorName { name: "States.Runtime", doc: "An error the execution cannot recover from (such as a path that matches nothing). Never retried or caught, not even by `States.ALL`." },
    ErrorName { name: "States.DataLimitExceeded", doc: "An input, output or result exceeded 256 KiB. Not matched by `States.ALL`." },
    ErrorName { name: "States.Http.Socket", doc: "An HTTP task took longer than 60 seconds." },
];

/// Errors often retried or caught that are not `States.*`.
pub const COMMON_ERRORS: &[ErrorName] = &[
    ErrorName {
        name: "Lambda.ServiceException",
        doc: "The Lambda service had an internal error; worth retrying.",
    },
    ErrorName {
        name: "Lambda.AWSLambdaException",
        doc: "A Lambda service error; worth retrying.",
    },
    ErrorName {
        name: "Lambda.SdkClientException",
        doc: "The call to Lambda failed on the client side; worth retrying.",
    },
    ErrorName {
        name: "Lambda.TooManyRequestsException",
        doc: "Lambda throttled the invocation; worth retrying with backoff.",
    },
    ErrorName {
        name: "Lambda.ClientExecutionTimeoutException",
        doc: "The call to Lambda timed out on the client side; worth retrying.",
    },
    ErrorName {
        name: "Lambda.Unknown",
        doc: "The function failed without a known error, for example it ran out of memory or time.",
    },
    ErrorName {
        name: "Sandbox.Timedout",
        doc: "The function ran past its own timeout.",
    },
];

/// True for a `States.*` name the service can raise.
pub fn is_known_states_error(name: &str) -> bool {
    if STATES_ERRORS.iter().any(|error| error.name == name) {
        return true;
    }
    // `States.Http.StatusCode.404` and friends: any three-digit status.
    name.strip_prefix("States.Http.StatusCode.")
        .is_some_and(|code| code.len() == 3 && code.bytes().all(|byte| byte.is_ascii_digit()))
}
