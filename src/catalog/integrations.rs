//! What a Task can run: the optimized service integrations, the HTTP Task, the
//! S3 resources of a Distributed Map and the error names the integrations
//! raise. `lang::arn` reads a `Resource` string against these tables.
//!
//! Everything here is plain data (asl-reference §6) so that validation,
//! completion and hover read the same tables. Parameter names are the
//! PascalCase names a `Parameters`/`Arguments` object uses; `required` lists
//! groups of alternatives (one of each group must be present), and a dotted
//! name (`InvocationConfig.ConnectionArn`) is a field of a nested object.

/// Whether an integration pattern is available for an API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    Yes,
    No,
    /// AWS documents the service as supporting it without saying for which API.
    Unconfirmed,
}

/// How a Task waits for a service: the suffix of an integration ARN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pattern {
    /// No suffix: call the API and move on with its response.
    RequestResponse,
    /// `.sync`: start a job and wait until it finishes.
    Sync,
    /// `.sync:2`: like `.sync`, the child's output returned as JSON (`states:startExecution` only).
    Sync2,
    /// `.waitForTaskToken`: pass a task token and wait until it is sent back.
    WaitForTaskToken,
}

impl Pattern {
    pub const ALL: [Pattern; 4] = [
        Pattern::RequestResponse,
        Pattern::Sync,
        Pattern::Sync2,
        Pattern::WaitForTaskToken,
    ];

    /// The suffix as written after the API name (empty for request-response).
    pub fn suffix(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "",
            Pattern::Sync => ".sync",
            Pattern::Sync2 => ".sync:2",
            Pattern::WaitForTaskToken => ".waitForTaskToken",
        }
    }

    pub fn from_suffix(suffix: &str) -> Option<Pattern> {
        Pattern::ALL.into_iter().find(|pattern| pattern.suffix() == suffix)
    }

    /// A short description for messages and hover.
    pub fn describe(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "request-response (no suffix)",
            Pattern::Sync => "\".sync\" (run a job and wait for it)",
            Pattern::Sync2 => "\".sync:2\" (run a job, output as JSON)",
            Pattern::WaitForTaskToken => "\".waitForTaskToken\" (wait for a callback)",
        }
    }
}

/// The patterns one API supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Patterns {
    pub request_response: Support,
    pub sync: Support,
    pub sync2: Support,
    pub callback: Support,
}

impl Patterns {
    pub fn get(self, pattern: Pattern) -> Support {
        match pattern {
            Pattern::RequestResponse => self.request_response,
            Pattern::Sync => self.sync,
            Pattern::Sync2 => self.sync2,
            Pattern::WaitForTaskToken => self.callback,
        }
    }
}

const fn patterns(sync: Support, sync2: Support, callback: Support) -> Patterns {
    Patterns {
        request_response: Support::Yes,
        sync,
        sync2,
        callback,
    }
}

const RR: Patterns = patterns(Support::No, Support::No, Support::No);
const RR_SYNC: Patterns = patterns(Support::Yes, Support::No, Support::No);
const RR_CB: Patterns = patterns(Support::No, Support::No, Support::Yes);
const RR_SYNC_CB: Patterns = patterns(Support::Yes, Support::No, Support::Yes);
const RR_ALL: Patterns = patterns(Support::Yes, Support::Yes, Support::Yes);
const RR_CB_UNCONFIRMED: Patterns = patterns(Support::No, Support::No, Support::Unconfirmed);
const RR_SYNC_CB_UNCONFIRMED: Patterns = patterns(Support::Yes, Support::No, Support::Unconfirmed);

/// A parameter whose literal value must be one of a few strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamEnum {
    /// The parameter, dotted when nested (`Transform.RequestBodyEncoding`).
    pub name: &'static str,
    pub values: &'static [&'static str],
}

/// A service that has optimized integrations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// The name in the ARN: `arn:aws:states:::<service>:<api>`.
    pub arn_name: &'static str,
    /// The name people know it by.
    pub title: &'static str,
    /// The name of the same service in an AWS SDK integration (`arn:aws:states:::aws-sdk:<sdk_name>:…`).
    pub sdk_name: &'static str,
    pub doc: &'static str,
}

pub const SERVICES: &[Service] = &[
    Service {
        arn_name: "lambda",
        title: "AWS Lambda",
        sdk_name: "lambda",
        doc:
            "Runs a Lambda function. The optimized integration wraps the Invoke API: the function's result comes back \
              in the `Payload` field of the task result, next to the status code and version.",
    },
    Service {
        arn_name: "batch",
        title: "AWS Batch",
        sdk_name: "batch",
        doc: "Submits jobs to an AWS Batch job queue, and with `.sync` waits until the job succeeds or fails.",
    },
    Service {
        arn_name: "dynamodb",
        title: "Amazon DynamoDB",
        sdk_name: "dynamodb",
        doc: "Reads and writes single items of a DynamoDB table. Values use DynamoDB's typed attribute format \
              (`{\"S\": \"text\"}`, `{\"N\": \"42\"}`). Other DynamoDB APIs (query, scan, transactions) are available \
              through `aws-sdk:dynamodb:*`.",
    },
    Service {
        arn_name: "ecs",
        title: "Amazon ECS / AWS Fargate",
        sdk_name: "ecs",
        doc: "Runs ECS tasks on EC2 or Fargate. With `.sync` the state waits until the task stops; with \
              `.waitForTaskToken` the container sends the token back itself.",
    },
    Service {
        arn_name: "sns",
        title: "Amazon SNS",
        sdk_name: "sns",
        doc: "Publishes a message to an SNS topic, a mobile endpoint or a phone number.",
    },
    Service {
        arn_name: "sqs",
        title: "Amazon SQS",
        sdk_name: "sqs",
        doc: "Sends a message to an SQS queue. With `.waitForTaskToken`, the consumer of the message calls back with \
              the token.",
    },
    Service {
        arn_name: "events",
        title: "Amazon EventBridge",
        sdk_name: "eventbridge",
        doc:
            "Puts custom events on an EventBridge event bus. Step Functions adds the execution and state machine ARNs \
              to each entry's `Resources`.",
    },
    Service {
        arn_name: "states",
        title: "AWS Step Functions",
        sdk_name: "sfn",
        doc: "Starts an execution of another state machine (a nested workflow).",
    },
    Service {
        arn_name: "apigateway",
        title: "Amazon API Gateway",
        sdk_name: "apigateway",
        doc:
            "Calls a REST or HTTP API deployed in API Gateway, optionally signed with the execution role (`AuthType`).",
    },
    Service {
        arn_name: "glue",
        title: "AWS Glue",
        sdk_name: "glue",
        doc: "Starts a Glue ETL job run.",
    },
    Service {
        arn_name: "databrew",
        title: "AWS Glue DataBrew",
        sdk_name: "databrew",
        doc: "Starts a Glue DataBrew job run.",
    },
    Service {
        arn_name: "athena",
        title: "Amazon Athena",
        sdk_name: "athena",
        doc: "Runs SQL queries with Athena and reads their state and results.",
    },
    Service {
        arn_name: "codebuild",
        title: "AWS CodeBuild",
        sdk_name: "codebuild",
        doc: "Starts, stops, retries and deletes CodeBuild builds and build batches.",
    },
    Service {
        arn_name: "sagemaker",
        title: "Amazon SageMaker AI",
        sdk_name: "sagemaker",
        doc: "Creates SageMaker training, transform, processing, labeling and tuning jobs, models and endpoints.",
    },
    Service {
        arn_name: "elasticmapreduce",
        title: "Amazon EMR",
        sdk_name: "emr",
        doc: "Creates and terminates EMR clusters and runs steps on them.",
    },
    Service {
        arn_name: "emr-containers",
        title: "Amazon EMR on EKS",
        sdk_name: "emrcontainers",
        doc: "Manages EMR on EKS virtual clusters and runs jobs on them.",
    },
    Service {
        arn_name: "emr-serverless",
        title: "Amazon EMR Serverless",
        sdk_name: "emrserverless",
        doc: "Manages EMR Serverless applications and their job runs.",
    },
    Service {
        arn_name: "eks",
        title: "Amazon EKS",
        sdk_name: "eks",
        doc: "Creates and deletes EKS clusters, Fargate profiles and node groups, runs Kubernetes jobs and calls the \
              Kubernetes API of a cluster.",
    },
    Service {
        arn_name: "mediaconvert",
        title: "AWS Elemental MediaConvert",
        sdk_name: "mediaconvert",
        doc: "Creates MediaConvert transcoding jobs.",
    },
    Service {
        arn_name: "bedrock",
        title: "Amazon Bedrock",
        sdk_name: "bedrock",
        doc: "Invokes foundation models and creates model customization jobs.",
    },
    Service {
        arn_name: "bedrockagentcore",
        title: "Amazon Bedrock AgentCore",
        sdk_name: "bedrockagentcore",
        doc: "Runs agents hosted on Bedrock AgentCore.",
    },
    Service {
        arn_name: "http",
        title: "HTTP Task",
        sdk_name: "",
        doc: "Calls any public or private HTTPS API, authenticated through an EventBridge connection.",
    },
];

/// One optimized integration: `arn:aws:states:::<service>:<api>[suffix]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Integration {
    /// The service name in the ARN (`lambda`, `emr-serverless`).
    pub service: &'static str,
    /// The API name in the ARN, camelCase (`invoke`, `startJobRun`).
    pub api: &'static str,
    pub patterns: Patterns,
    /// Groups of parameters of which at least one must be given; dotted names are nested.
    pub required: &'static [&'static [&'static str]],
    /// Other parameters worth offering, for the integrations whose API no
    /// model of the service describes; the others' come from the model
    /// (`model`), and this is empty.
    pub optional: &'static [&'static str],
    /// Parameters restricted to a few literal values.
    pub enums: &'static [ParamEnum],
    pub doc: &'static str,
}

impl Integration {
    /// `service:api`, the way the ARN spells the pair.
    pub fn key(&self) -> String {
        format!("{}:{}", self.service, self.api)
    }

    pub fn supports(&self, pattern: Pattern) -> Support {
        self.patterns.get(pattern)
    }

    /// The patterns this API accepts (unconfirmed ones included), in [`Pattern::ALL`] order.
    pub fn supported_patterns(&self) -> impl Iterator<Item = Pattern> + '_ {
        Pattern::ALL
            .into_iter()
            .filter(|&pattern| self.supports(pattern) != Support::No)
    }

    /// The resource ARN for this API and pattern in the `aws` partition.
    pub fn resource(&self, pattern: Pattern) -> String {
        format!("arn:aws:states:::{}:{}{}", self.service, self.api, pattern.suffix())
    }

    pub fn service_info(&self) -> Option<&'static Service> {
        service(self.service)
    }

    /// The API this integration calls, as AWS's model of the service
    /// describes it (its request members, their types and values), when
    /// the model has it under the same name: most integrations pass their
    /// parameters to that API as they are. `None` for the ones Step
    /// Functions shapes itself (`apigateway:invoke`, `eks:call`, EMR's
    /// cluster steps, `bedrock:invokeModel`, HTTP tasks).
    pub fn model(&self) -> Option<(&'static super::sdk::Service, &'static super::sdk::Action)> {
        let sdk = super::sdk::service(self.service_info()?.sdk_name)?;
        Some((sdk, sdk.action(self.api)?))
    }
}

const LAMBDA_INVOCATION_TYPE: ParamEnum = ParamEnum {
    name: "InvocationType",
    values: &["RequestResponse", "Event", "DryRun"],
};
const LAMBDA_LOG_TYPE: ParamEnum = ParamEnum {
    name: "LogType",
    values: &["None", "Tail"],
};
const API_GATEWAY_METHOD: ParamEnum = ParamEnum {
    name: "Method",
    values: &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"],
};
const API_GATEWAY_AUTH_TYPE: ParamEnum = ParamEnum {
    name: "AuthType",
    values: &["NO_AUTH", "IAM_ROLE", "RESOURCE_POLICY"],
};
const EKS_CALL_METHOD: ParamEnum = ParamEnum {
    name: "Method",
    values: &["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"],
};
const HTTP_METHOD: ParamEnum = ParamEnum {
    name: "Method",
    values: HTTP_METHODS,
};
const HTTP_BODY_ENCODING: ParamEnum = ParamEnum {
    name: "Transform.RequestBodyEncoding",
    values: HTTP_REQUEST_BODY_ENCODINGS,
};
const HTTP_ARRAY_FORMAT: ParamEnum = ParamEnum {
    name: "Transform.RequestEncodingOptions.ArrayFormat",
    values: HTTP_ARRAY_FORMATS,
};

/// Every optimized integration of asl-reference §6.2, grouped by service.
pub const INTEGRATIONS: &[Integration] = &[
    // Lambda
    Integration {
        service: "lambda",
        api: "invoke",
        patterns: RR_CB,
        required: &[&["FunctionName"]],
        optional: &[],
        enums: &[LAMBDA_INVOCATION_TYPE, LAMBDA_LOG_TYPE],
        doc: "Invokes a Lambda function. `FunctionName` takes a name, a function ARN or a partial ARN, with an \
              optional version or alias; `Payload` is the event the function receives. The task result holds the \
              function's response, parsed as JSON, in `Payload`. With `.waitForTaskToken` pass \
              `$$.Task.Token` in the payload and have the function (or something it starts) call `SendTaskSuccess`.",
    },
    // Batch
    Integration {
        service: "batch",
        api: "submitJob",
        patterns: RR_SYNC,
        required: &[&["JobName"], &["JobQueue"], &["JobDefinition"]],
        optional: &[],
        enums: &[],
        doc: "Submits an AWS Batch job to a job queue using a job definition. Request-response returns the job's \
              name and ID at once; `.sync` waits until the job has succeeded (or fails the state when it fails).",
    },
    // DynamoDB
    Integration {
        service: "dynamodb",
        api: "getItem",
        patterns: RR,
        required: &[&["TableName"], &["Key"]],
        optional: &[],
        enums: &[],
        doc: "Reads one item by its primary key. `Key` maps the key attributes to typed values; the result has the \
              item under `Item`, or no `Item` field when nothing matches.",
    },
    Integration {
        service: "dynamodb",
        api: "putItem",
        patterns: RR,
        required: &[&["TableName"], &["Item"]],
        optional: &[],
        enums: &[],
        doc: "Creates an item or replaces it whole. `Item` maps every attribute to a typed value and must contain \
              the primary key; a `ConditionExpression` can refuse to overwrite.",
    },
    Integration {
        service: "dynamodb",
        api: "deleteItem",
        patterns: RR,
        required: &[&["TableName"], &["Key"]],
        optional: &[],
        enums: &[],
        doc: "Deletes one item by its primary key, optionally only when a `ConditionExpression` holds.",
    },
    Integration {
        service: "dynamodb",
        api: "updateItem",
        patterns: RR,
        required: &[&["TableName"], &["Key"]],
        optional: &[],
        enums: &[],
        doc: "Changes attributes of one item (creating it if needed) with an `UpdateExpression` such as \
              `SET #n = :v`, whose names and values come from `ExpressionAttributeNames`/`Values`.",
    },
    // ECS
    Integration {
        service: "ecs",
        api: "runTask",
        patterns: RR_SYNC_CB,
        required: &[&["TaskDefinition"]],
        optional: &[],
        enums: &[],
        doc: "Starts a task from a task definition on an ECS cluster (EC2 or Fargate). `.sync` waits until the task \
              stops; with `.waitForTaskToken` pass the token to the container, for example in an environment \
              variable of `Overrides`.",
    },
    // SNS
    Integration {
        service: "sns",
        api: "publish",
        patterns: RR_CB,
        required: &[&["Message"], &["TopicArn", "TargetArn", "PhoneNumber"]],
        optional: &[],
        enums: &[],
        doc: "Publishes `Message` to a topic (`TopicArn`), a mobile endpoint (`TargetArn`) or an SMS number \
              (`PhoneNumber`). A JSON object as `Message` is sent as its text.",
    },
    // SQS
    Integration {
        service: "sqs",
        api: "sendMessage",
        patterns: RR_CB,
        required: &[&["QueueUrl"], &["MessageBody"]],
        optional: &[],
        enums: &[],
        doc: "Sends `MessageBody` to the queue at `QueueUrl` (a URL, not an ARN). FIFO queues also need \
              `MessageGroupId`. With `.waitForTaskToken` put the token in the message so the consumer can call back.",
    },
    // EventBridge
    Integration {
        service: "events",
        api: "putEvents",
        patterns: RR_CB,
        required: &[&["Entries"]],
        optional: &[],
        enums: &[],
        doc:
            "Puts up to ten custom events on an event bus. Each of `Entries` has `Detail`, `DetailType` and `Source`, \
              and optionally `EventBusName`. A non-zero `FailedEntryCount` fails the state with \
              `EventBridge.FailedEntry`.",
    },
    // Step Functions
    Integration {
        service: "states",
        api: "startExecution",
        patterns: RR_ALL,
        required: &[&["StateMachineArn"]],
        optional: &[],
        enums: &[],
        doc: "Starts an execution of another state machine. Request-response returns the new execution's ARN; \
              `.sync` waits for it and returns its output as a JSON string, `.sync:2` as parsed JSON. Passing \
              `$$.Execution.Id` as `AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID` in `Input` links the two executions \
              in the console.",
    },
    // API Gateway
    Integration {
        service: "apigateway",
        api: "invoke",
        patterns: RR_CB,
        required: &[&["ApiEndpoint"], &["Method"]],
        optional: &[
            "Headers",
            "Stage",
            "Path",
            "QueryParameters",
            "RequestBody",
            "AllowNullValues",
            "AuthType",
        ],
        enums: &[API_GATEWAY_METHOD, API_GATEWAY_AUTH_TYPE],
        doc: "Calls an API Gateway REST or HTTP API. `ApiEndpoint` is the host name \
              (`<api-id>.execute-api.<region>.amazonaws.com`), `Stage` and `Path` complete the URL, and `Headers` and \
              `QueryParameters` map names to arrays of strings. Non-2xx responses fail the state.",
    },
    // Glue
    Integration {
        service: "glue",
        api: "startJobRun",
        patterns: RR_SYNC,
        required: &[&["JobName"]],
        optional: &[],
        enums: &[],
        doc: "Starts a run of a Glue job; `.sync` waits until the run completes. Job arguments go in `Arguments` as \
              `\"--name\": \"value\"` pairs.",
    },
    // Glue DataBrew
    Integration {
        service: "databrew",
        api: "startJobRun",
        patterns: RR_SYNC,
        required: &[&["Name"]],
        optional: &[],
        enums: &[],
        doc: "Starts a run of the DataBrew job called `Name`; `.sync` waits until it completes.",
    },
    // Athena
    Integration {
        service: "athena",
        api: "startQueryExecution",
        patterns: RR_SYNC,
        required: &[&["QueryString"]],
        optional: &[],
        enums: &[],
        doc: "Runs an SQL query. Results land in the S3 location of `ResultConfiguration` or of the `WorkGroup`. \
              `.sync` waits for the query to finish; read the rows with `athena:getQueryResults`.",
    },
    Integration {
        service: "athena",
        api: "stopQueryExecution",
        patterns: RR,
        required: &[&["QueryExecutionId"]],
        optional: &[],
        enums: &[],
        doc: "Cancels a running query.",
    },
    Integration {
        service: "athena",
        api: "getQueryExecution",
        patterns: RR,
        required: &[&["QueryExecutionId"]],
        optional: &[],
        enums: &[],
        doc: "Returns the state, statistics and output location of a query.",
    },
    Integration {
        service: "athena",
        api: "getQueryResults",
        patterns: RR,
        required: &[&["QueryExecutionId"]],
        optional: &[],
        enums: &[],
        doc: "Returns one page of a finished query's rows; `NextToken` fetches the next page.",
    },
    // CodeBuild
    Integration {
        service: "codebuild",
        api: "startBuild",
        patterns: RR_SYNC,
        required: &[&["ProjectName"]],
        optional: &[],
        enums: &[],
        doc: "Starts a build of a CodeBuild project; `.sync` waits until the build finishes. Most project settings \
              can be overridden for this build.",
    },
    Integration {
        service: "codebuild",
        api: "startBuildBatch",
        patterns: RR_SYNC,
        required: &[&["ProjectName"]],
        optional: &[],
        enums: &[],
        doc: "Starts a batch of builds of a CodeBuild project; `.sync` waits until the batch finishes.",
    },
    Integration {
        service: "codebuild",
        api: "retryBuildBatch",
        patterns: RR_SYNC,
        required: &[&["Id"]],
        optional: &[],
        enums: &[],
        doc: "Restarts a failed build batch; `.sync` waits until it finishes.",
    },
    Integration {
        service: "codebuild",
        api: "stopBuild",
        patterns: RR,
        required: &[&["Id"]],
        optional: &[],
        enums: &[],
        doc: "Stops a running build.",
    },
    Integration {
        service: "codebuild",
        api: "stopBuildBatch",
        patterns: RR,
        required: &[&["Id"]],
        optional: &[],
        enums: &[],
        doc: "Stops a running build batch.",
    },
    Integration {
        service: "codebuild",
        api: "deleteBuildBatch",
        patterns: RR,
        required: &[&["Id"]],
        optional: &[],
        enums: &[],
        doc: "Deletes a build batch.",
    },
    Integration {
        service: "codebuild",
        api: "batchDeleteBuilds",
        patterns: RR,
        required: &[&["Ids"]],
        optional: &[],
        enums: &[],
        doc: "Deletes several builds by ID.",
    },
    Integration {
        service: "codebuild",
        api: "batchGetReports",
        patterns: RR,
        required: &[&["ReportArns"]],
        optional: &[],
        enums: &[],
        doc: "Returns test and coverage reports by ARN.",
    },
    // SageMaker AI
    Integration {
        service: "sagemaker",
        api: "createTrainingJob",
        patterns: RR_SYNC,
        required: &[
            &["TrainingJobName"],
            &["AlgorithmSpecification"],
            &["RoleArn"],
            &["OutputDataConfig"],
            &["ResourceConfig"],
            &["StoppingCondition"],
        ],
        optional: &[],
        enums: &[],
        doc: "Starts a model training job; `.sync` waits until training ends.",
    },
    Integration {
        service: "sagemaker",
        api: "createTransformJob",
        patterns: RR_SYNC,
        required: &[
            &["TransformJobName"],
            &["ModelName"],
            &["TransformInput"],
            &["TransformOutput"],
            &["TransformResources"],
        ],
        optional: &[],
        enums: &[],
        doc: "Starts a batch transform job that runs a model over a data set; `.sync` waits until it ends.",
    },
    Integration {
        service: "sagemaker",
        api: "createProcessingJob",
        patterns: RR_SYNC,
        required: &[
            &["ProcessingJobName"],
            &["ProcessingResources"],
            &["AppSpecification"],
            &["RoleArn"],
        ],
        optional: &[],
        enums: &[],
        doc: "Starts a processing job (data preparation, evaluation); `.sync` waits until it ends.",
    },
    Integration {
        service: "sagemaker",
        api: "createLabelingJob",
        patterns: RR_SYNC,
        required: &[
            &["LabelingJobName"],
            &["LabelAttributeName"],
            &["InputConfig"],
            &["OutputConfig"],
            &["RoleArn"],
            &["HumanTaskConfig"],
        ],
        optional: &[],
        enums: &[],
        doc: "Starts a Ground Truth labeling job; `.sync` waits until it ends.",
    },
    Integration {
        service: "sagemaker",
        api: "createHyperParameterTuningJob",
        patterns: RR_SYNC,
        required: &[&["HyperParameterTuningJobName"], &["HyperParameterTuningJobConfig"]],
        optional: &[],
        enums: &[],
        doc: "Starts a hyperparameter tuning job; `.sync` waits until it ends.",
    },
    Integration {
        service: "sagemaker",
        api: "createModel",
        patterns: RR,
        required: &[&["ModelName"]],
        optional: &[],
        enums: &[],
        doc: "Registers a model (its container image and artifacts) for hosting or batch transform.",
    },
    Integration {
        service: "sagemaker",
        api: "createEndpointConfig",
        patterns: RR,
        required: &[&["EndpointConfigName"], &["ProductionVariants"]],
        optional: &[],
        enums: &[],
        doc: "Creates an endpoint configuration: which models to host and on what instances.",
    },
    Integration {
        service: "sagemaker",
        api: "createEndpoint",
        patterns: RR,
        required: &[&["EndpointName"], &["EndpointConfigName"]],
        optional: &[],
        enums: &[],
        doc: "Creates a hosting endpoint from an endpoint configuration.",
    },
    Integration {
        service: "sagemaker",
        api: "updateEndpoint",
        patterns: RR,
        required: &[&["EndpointName"], &["EndpointConfigName"]],
        optional: &[],
        enums: &[],
        doc: "Switches an endpoint to another endpoint configuration.",
    },
    // EMR
    Integration {
        service: "elasticmapreduce",
        api: "createCluster",
        patterns: RR_SYNC,
        required: &[&["Name"], &["Instances"]],
        optional: &[
            "ReleaseLabel",
            "Applications",
            "Configurations",
            "ServiceRole",
            "JobFlowRole",
            "LogUri",
            "VisibleToAllUsers",
            "Tags",
        ],
        enums: &[],
        doc: "Creates an EMR cluster (the RunJobFlow API). Step Functions requires \
              `Instances.KeepJobFlowAliveWhenNoSteps: true` and no `Steps`: add steps with \
              `elasticmapreduce:addStep`. `.sync` waits until the cluster is running.",
    },
    Integration {
        service: "elasticmapreduce",
        api: "terminateCluster",
        patterns: RR_SYNC,
        required: &[&["ClusterId"]],
        optional: &[],
        enums: &[],
        doc: "Shuts a cluster down; `.sync` waits until it has terminated.",
    },
    Integration {
        service: "elasticmapreduce",
        api: "addStep",
        patterns: RR_SYNC,
        required: &[&["ClusterId"], &["Step"]],
        optional: &["ExecutionRoleArn"],
        enums: &[],
        doc: "Adds one step to a running cluster; `.sync` waits until the step completes.",
    },
    Integration {
        service: "elasticmapreduce",
        api: "cancelStep",
        patterns: RR,
        required: &[&["ClusterId"], &["StepId"]],
        optional: &[],
        enums: &[],
        doc: "Cancels a pending or running step.",
    },
    Integration {
        service: "elasticmapreduce",
        api: "setClusterTerminationProtection",
        patterns: RR,
        required: &[&["ClusterId"], &["TerminationProtected"]],
        optional: &[],
        enums: &[],
        doc: "Turns termination protection of a cluster on or off.",
    },
    Integration {
        service: "elasticmapreduce",
        api: "modifyInstanceFleetByName",
        patterns: RR,
        required: &[&["ClusterId"], &["InstanceFleetName"], &["InstanceFleet"]],
        optional: &[],
        enums: &[],
        doc: "Resizes an instance fleet of a cluster, found by its name.",
    },
    Integration {
        service: "elasticmapreduce",
        api: "modifyInstanceGroupByName",
        patterns: RR,
        required: &[&["ClusterId"], &["InstanceGroupName"], &["InstanceGroup"]],
        optional: &[],
        enums: &[],
        doc: "Resizes an instance group of a cluster, found by its name.",
    },
    // EMR on EKS
    Integration {
        service: "emr-containers",
        api: "createVirtualCluster",
        patterns: RR,
        required: &[&["Name"], &["ContainerProvider"]],
        optional: &[],
        enums: &[],
        doc: "Registers an EKS namespace as an EMR virtual cluster.",
    },
    Integration {
        service: "emr-containers",
        api: "deleteVirtualCluster",
        patterns: RR_SYNC,
        required: &[&["Id"]],
        optional: &[],
        enums: &[],
        doc: "Deletes a virtual cluster; `.sync` waits until it is gone.",
    },
    Integration {
        service: "emr-containers",
        api: "startJobRun",
        patterns: RR_SYNC,
        required: &[&["VirtualClusterId"]],
        optional: &[],
        enums: &[],
        doc: "Runs a Spark job on a virtual cluster; `.sync` waits until the job ends.",
    },
    // EMR Serverless
    Integration {
        service: "emr-serverless",
        api: "createApplication",
        patterns: RR_SYNC,
        required: &[&["ReleaseLabel"], &["Type"]],
        optional: &[],
        enums: &[],
        doc: "Creates an EMR Serverless application (Spark or Hive); `.sync` waits until it is created.",
    },
    Integration {
        service: "emr-serverless",
        api: "startApplication",
        patterns: RR_SYNC,
        required: &[&["ApplicationId"]],
        optional: &[],
        enums: &[],
        doc: "Starts an application; `.sync` waits until it is started.",
    },
    Integration {
        service: "emr-serverless",
        api: "stopApplication",
        patterns: RR_SYNC,
        required: &[&["ApplicationId"]],
        optional: &[],
        enums: &[],
        doc: "Stops an application; `.sync` waits until it is stopped.",
    },
    Integration {
        service: "emr-serverless",
        api: "deleteApplication",
        patterns: RR_SYNC,
        required: &[&["ApplicationId"]],
        optional: &[],
        enums: &[],
        doc: "Deletes a stopped application; `.sync` waits until it is deleted.",
    },
    Integration {
        service: "emr-serverless",
        api: "startJobRun",
        patterns: RR_SYNC,
        required: &[&["ApplicationId"], &["ExecutionRoleArn"]],
        optional: &[],
        enums: &[],
        doc: "Runs a job on an application; `.sync` waits until the job run ends.",
    },
    Integration {
        service: "emr-serverless",
        api: "cancelJobRun",
        patterns: RR_SYNC,
        required: &[&["ApplicationId"], &["JobRunId"]],
        optional: &[],
        enums: &[],
        doc: "Cancels a job run; `.sync` waits until it is cancelled.",
    },
    // EKS
    Integration {
        service: "eks",
        api: "createCluster",
        patterns: RR_SYNC_CB_UNCONFIRMED,
        required: &[&["Name"], &["RoleArn"], &["ResourcesVpcConfig"]],
        optional: &[],
        enums: &[],
        doc: "Creates an EKS cluster; `.sync` waits until it is active.",
    },
    Integration {
        service: "eks",
        api: "deleteCluster",
        patterns: RR_SYNC_CB_UNCONFIRMED,
        required: &[&["Name"]],
        optional: &[],
        enums: &[],
        doc: "Deletes an EKS cluster; `.sync` waits until it is gone.",
    },
    Integration {
        service: "eks",
        api: "createFargateProfile",
        patterns: RR_SYNC_CB_UNCONFIRMED,
        required: &[&["ClusterName"], &["FargateProfileName"], &["PodExecutionRoleArn"]],
        optional: &[],
        enums: &[],
        doc: "Creates a Fargate profile of a cluster; `.sync` waits until it is active.",
    },
    Integration {
        service: "eks",
        api: "deleteFargateProfile",
        patterns: RR_SYNC_CB_UNCONFIRMED,
        required: &[&["ClusterName"], &["FargateProfileName"]],
        optional: &[],
        enums: &[],
        doc: "Deletes a Fargate profile; `.sync` waits until it is gone.",
    },
    Integration {
        service: "eks",
        api: "createNodegroup",
        patterns: RR_SYNC_CB_UNCONFIRMED,
        required: &[&["ClusterName"], &["NodegroupName"], &["NodeRole"], &["Subnets"]],
        optional: &[],
        enums: &[],
        doc: "Creates a managed node group; `.sync` waits until it is active.",
    },
    Integration {
        service: "eks",
        api: "deleteNodegroup",
        patterns: RR_SYNC_CB_UNCONFIRMED,
        required: &[&["ClusterName"], &["NodegroupName"]],
        optional: &[],
        enums: &[],
        doc: "Deletes a managed node group; `.sync` waits until it is gone.",
    },
    Integration {
        service: "eks",
        api: "runJob",
        patterns: RR_SYNC_CB_UNCONFIRMED,
        required: &[&["ClusterName"], &["CertificateAuthority"], &["Endpoint"], &["Job"]],
        optional: &["Namespace", "LogOptions"],
        enums: &[],
        doc: "Runs a Kubernetes Job (a `batch/v1` Job manifest in `Job`) on a cluster, reached through its \
              `Endpoint` and `CertificateAuthority`. `.sync` waits for the job and can return its pod logs \
              (`LogOptions`).",
    },
    Integration {
        service: "eks",
        api: "call",
        patterns: RR_CB_UNCONFIRMED,
        required: &[
            &["ClusterName"],
            &["CertificateAuthority"],
            &["Endpoint"],
            &["Method"],
            &["Path"],
        ],
        optional: &["QueryParameters", "RequestBody"],
        enums: &[EKS_CALL_METHOD],
        doc: "Calls the Kubernetes API of a cluster: `Method` on `Path`, with optional `QueryParameters` and \
              `RequestBody`.",
    },
    // MediaConvert
    Integration {
        service: "mediaconvert",
        api: "createJob",
        patterns: RR_SYNC,
        required: &[&["Role"], &["Settings"]],
        optional: &[],
        enums: &[],
        doc: "Creates a transcoding job; `.sync` waits until it completes.",
    },
    // Bedrock
    Integration {
        service: "bedrock",
        api: "invokeModel",
        patterns: RR_CB_UNCONFIRMED,
        required: &[&["ModelId"], &["Body", "Input.S3Uri"]],
        optional: &[
            "Accept",
            "ContentType",
            "Output",
            "Trace",
            "GuardrailIdentifier",
            "GuardrailVersion",
            "PerformanceConfigLatency",
        ],
        enums: &[],
        doc: "Runs inference on a foundation or custom model. The request is given inline in `Body` (in the model's \
              own format) or read from S3 with `Input.S3Uri`, never both; `Output.S3Uri` writes a large response to \
              S3 instead of the state output.",
    },
    Integration {
        service: "bedrock",
        api: "createModelCustomizationJob",
        patterns: RR_SYNC_CB_UNCONFIRMED,
        required: &[
            &["JobName"],
            &["CustomModelName"],
            &["RoleArn"],
            &["BaseModelIdentifier"],
            &["TrainingDataConfig"],
            &["OutputDataConfig"],
        ],
        optional: &[],
        enums: &[],
        doc: "Starts fine-tuning or continued pre-training of a model; `.sync` waits until the job ends.",
    },
    // Bedrock AgentCore
    Integration {
        service: "bedrockagentcore",
        api: "invokeHarness",
        patterns: RR,
        required: &[&["HarnessArn"], &["RuntimeSessionId"]],
        optional: &["Messages", "Qualifier"],
        enums: &[],
        doc: "Invokes an agent harness on Bedrock AgentCore and returns its response (request-response only, up to \
              15 minutes).",
    },
    // HTTP Task
    Integration {
        service: "http",
        api: "invoke",
        patterns: RR_CB_UNCONFIRMED,
        required: &[
            &["ApiEndpoint"],
            &["Method"],
            &["InvocationConfig.ConnectionArn", "Authentication.ConnectionArn"],
        ],
        optional: &[
            "InvocationConfig",
            "Authentication",
            "Headers",
            "QueryParameters",
            "RequestBody",
            "Transform",
        ],
        enums: &[HTTP_METHOD, HTTP_BODY_ENCODING, HTTP_ARRAY_FORMAT],
        doc: HTTP_TASK_DOC,
    },
];

/// The integration `service:api`, if Step Functions optimizes it.
pub fn find(service: &str, api: &str) -> Option<&'static Integration> {
    INTEGRATIONS
        .iter()
        .find(|integration| integration.service == service && integration.api == api)
}

/// A service with optimized integrations, by its ARN name.
pub fn service(arn_name: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|service| service.arn_name == arn_name)
}

/// The optimized APIs of one service.
pub fn apis_of(service: &str) -> impl Iterator<Item = &'static Integration> + '_ {
    INTEGRATIONS
        .iter()
        .filter(move |integration| integration.service == service)
}

// ---------------------------------------------------------------------------
// HTTP Task (asl-reference §6.3)

/// The resource of an HTTP Task.
pub const HTTP_INVOKE_RESOURCE: &str = "arn:aws:states:::http:invoke";

pub const HTTP_TASK_DOC: &str = "Calls an HTTPS API (public, or private through a VPC connection). `ApiEndpoint` is \
     the URL and `Method` the HTTP method; the credentials come from an EventBridge connection named by \
     `InvocationConfig.ConnectionArn` (or the older `Authentication.ConnectionArn`). `Headers`, `QueryParameters` \
     and `RequestBody` complete the request; `Transform` can URL-encode the body. A request may take at most 60 \
     seconds (`States.Http.Socket` after that) and a non-2xx answer fails with `States.Http.StatusCode.<code>`.";

/// The `Method` values of an HTTP Task.
pub const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

/// `Transform.RequestBodyEncoding` values.
pub const HTTP_REQUEST_BODY_ENCODINGS: &[&str] = &["NONE", "URL_ENCODED"];

/// `Transform.RequestEncodingOptions.ArrayFormat` values.
pub const HTTP_ARRAY_FORMATS: &[&str] = &["INDICES", "REPEAT", "COMMAS", "BRACKETS"];

/// Headers an HTTP Task must not set: the task fails with `States.Runtime` (compare lower-cased).
pub const HTTP_FORBIDDEN_HEADERS: &[&str] = &[
    "a-im",
    "accept-charset",
    "accept-datetime",
    "accept-encoding",
    "authorization",
    "cache-control",
    "connection",
    "content-encoding",
    "content-md5",
    "date",
    "expect",
    "forwarded",
    "from",
    "host",
    "http2-settings",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "if-range",
    "if-unmodified-since",
    "max-forwards",
    "origin",
    "pragma",
    "proxy-authorization",
    "referer",
    "server",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
    "warning",
];

/// Header name prefixes an HTTP Task must not use (lower-cased).
pub const HTTP_FORBIDDEN_HEADER_PREFIXES: &[&str] = &["x-forwarded-", "x-amz-", "x-amzn-"];

/// True when an HTTP Task with this header fails at run time.
pub fn http_header_forbidden(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    HTTP_FORBIDDEN_HEADERS.contains(&lower.as_str())
        || HTTP_FORBIDDEN_HEADER_PREFIXES
            .iter()
            .any(|prefix| lower.starts_with(prefix))
}

/// Headers `apigateway:invoke` refuses (lower-cased): the definition is rejected when it is saved.
pub const API_GATEWAY_FORBIDDEN_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-md5",
    "expect",
    "host",
    "max-forwards",
    "proxy-authenticate",
    "server",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
    "www-authenticate",
];

/// Header name prefixes `apigateway:invoke` refuses (lower-cased; `x-amz` covers `x-amzn`).
pub const API_GATEWAY_FORBIDDEN_HEADER_PREFIXES: &[&str] = &["x-forwarded", "x-amz"];

/// True when `apigateway:invoke` refuses this header.
pub fn api_gateway_header_forbidden(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    API_GATEWAY_FORBIDDEN_HEADERS.contains(&lower.as_str())
        || API_GATEWAY_FORBIDDEN_HEADER_PREFIXES
            .iter()
            .any(|prefix| lower.starts_with(prefix))
}

// ---------------------------------------------------------------------------
// S3 resources of a Distributed Map (asl-reference §1.7)

/// An S3 resource that only a Map's `ItemReader` or `ResultWriter` can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapResource {
    pub service: &'static str,
    pub api: &'static str,
    /// `ItemReader` or `ResultWriter`.
    pub field: &'static str,
    pub required: &'static [&'static [&'static str]],
    pub optional: &'static [&'static str],
    pub doc: &'static str,
}

impl MapResource {
    pub fn resource(&self) -> String {
        format!("arn:aws:states:::{}:{}", self.service, self.api)
    }
}

pub const MAP_RESOURCES: &[MapResource] = &[
    MapResource {
        service: "s3",
        api: "getObject",
        field: "ItemReader",
        required: &[&["Bucket"], &["Key"]],
        optional: &["VersionId", "ExpectedBucketOwner"],
        doc: "Reads the items of a Distributed Map from one S3 object: a CSV, JSON, JSON Lines or Parquet file, or a \
              manifest (`ReaderConfig.InputType` says which).",
    },
    MapResource {
        service: "s3",
        api: "listObjectsV2",
        field: "ItemReader",
        required: &[&["Bucket"]],
        optional: &["Prefix"],
        doc: "Iterates over the objects under a prefix of an S3 bucket: each item describes one object (`Key`, \
              `Size`, `ETag`, `LastModified`). With `ReaderConfig.Transformation: LOAD_AND_FLATTEN` the items are the \
              records inside those objects instead.",
    },
    MapResource {
        service: "s3",
        api: "putObject",
        field: "ResultWriter",
        required: &[&["Bucket"], &["Prefix"]],
        optional: &[],
        doc: "Writes the results of a Distributed Map's child executions to S3 under `Bucket`/`Prefix` instead of \
              returning them; the Map's output then says where they are.",
    },
];

/// An S3 resource of `ItemReader`/`ResultWriter`, by its `service:api`.
pub fn find_map_resource(service: &str, api: &str) -> Option<&'static MapResource> {
    MAP_RESOURCES
        .iter()
        .find(|resource| resource.service == service && resource.api == api)
}

// ---------------------------------------------------------------------------
// Error names (asl-reference §3.3)

/// The error names a family of resources raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorFamily {
    /// The ARN service name (`lambda`, `dynamodb`), `aws-sdk` or `http`.
    pub service: &'static str,
    /// What the names start with.
    pub prefix: &'static str,
    /// Names seen in practice, for completion.
    pub names: &'static [&'static str],
    pub doc: &'static str,
}

pub const ERROR_FAMILIES: &[ErrorFamily] = &[
    ErrorFamily {
        service: "lambda",
        prefix: "Lambda.",
        names: &[
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
            "Lambda.ClientExecutionTimeoutException",
            "Lambda.Unknown",
            "Sandbox.Timedout",
        ],
        doc: "Errors of the Lambda service itself (throttling, service faults). The first four are transient: AWS \
              recommends retrying them. An error thrown by the function's code keeps its own name.",
    },
    ErrorFamily {
        service: "dynamodb",
        prefix: "DynamoDB.",
        names: &[
            "DynamoDB.ConditionalCheckFailedException",
            "DynamoDB.ProvisionedThroughputExceededException",
            "DynamoDB.ResourceNotFoundException",
            "DynamoDB.AmazonDynamoDBException",
        ],
        doc: "Errors of the optimized DynamoDB integration. The AWS SDK integration spells the prefix `DynamoDb.`.",
    },
    ErrorFamily {
        service: "sqs",
        prefix: "SQS.",
        names: &["SQS.AmazonSQSException", "SQS.SdkClientException"],
        doc: "Errors of the SQS integration.",
    },
    ErrorFamily {
        service: "sns",
        prefix: "SNS.",
        names: &["SNS.AmazonSNSException", "SNS.InvalidParameterException"],
        doc: "Errors of the SNS integration.",
    },
    ErrorFamily {
        service: "states",
        prefix: "StepFunctions.",
        names: &[
            "StepFunctions.ExecutionAlreadyExistsException",
            "StepFunctions.ExecutionLimitExceededException",
            "StepFunctions.StateMachineDoesNotExistException",
        ],
        doc: "Errors of starting a child execution. A failed or timed-out child surfaces as `States.TaskFailed`.",
    },
    ErrorFamily {
        service: "events",
        prefix: "EventBridge.",
        names: &["EventBridge.FailedEntry"],
        doc: "`EventBridge.FailedEntry` is raised when `putEvents` reports a non-zero `FailedEntryCount`.",
    },
    ErrorFamily {
        service: "ecs",
        prefix: "AmazonECS.",
        names: &["AmazonECS.Unknown"],
        doc: "A `.sync` or callback ECS task whose `Failures` list is not empty fails with `AmazonECS.Unknown`.",
    },
    ErrorFamily {
        service: "apigateway",
        prefix: "ApiGateway.",
        names: &[],
        doc: "Errors of the API Gateway integration; a non-2xx answer is named after its status code.",
    },
    ErrorFamily {
        service: "http",
        prefix: "States.Http.",
        names: &[
            "States.Http.Socket",
            "States.Http.StatusCode.404",
            "States.Http.StatusCode.500",
        ],
        doc: "An HTTP Task fails with `States.Http.StatusCode.<code>` on a non-2xx answer and with \
              `States.Http.Socket` when the request takes more than 60 seconds.",
    },
    ErrorFamily {
        service: "aws-sdk",
        prefix: "",
        names: &[],
        doc: "AWS SDK integrations raise `<Service>.<Name>Exception`, the service in PascalCase as the SDK names it \
              (`S3.NoSuchKeyException`, `DynamoDb.ResourceNotFoundException`, `Sfn.InvalidArnException`).",
    },
];

/// Error names of AWS SDK integrations always end with this.
pub const SDK_ERROR_SUFFIX: &str = "Exception";

#[cfg(test)]
#[path = "integrations_tests.rs"]
mod tests;
