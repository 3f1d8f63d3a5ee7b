//! AWS SDK integrations (`arn:aws:states:::aws-sdk:<service>:<action>`): the
//! service and the action against the generated catalogue, and the members
//! of `Parameters`/`Arguments` against the action's input; the same members
//! of the optimized integrations whose API the models describe.
//!
//! Tolerant by design: a name that matches in another case, a `${…}`
//! placeholder, a `.$` key or a `{% %}` value is taken to be right, and only
//! literals are held against a member's type and values. Error names in
//! `Retry`/`Catch` are not checked: a task can also fail with errors the
//! models do not list.

use super::{codes, did_you_mean, quoted, Diagnostic, Fix, Severity, Sink};
use crate::catalog::integrations::Integration;
use crate::catalog::sdk::{self, Action, JsonKind, Service};
use crate::lang::arn::is_placeholder;
use crate::syntax::{Member, NodeId, NodeKind, TextRange, Tree};

/// Check an `aws-sdk` resource (the string in node `resource`) naming
/// `service` and `action`, slices of that string.
pub(super) fn check(
    tree: &Tree,
    resource: NodeId,
    service_name: &str,
    action_name: &str,
    payload: Option<&Member>,
    sink: &mut Sink,
) {
    if is_placeholder(service_name) {
        return;
    }
    let Some(service) = sdk::service_ignoring_case(service_name) else {
        unknown_service(tree, resource, service_name, sink);
        return;
    };
    if service.is_retired() || is_placeholder(action_name) {
        return;
    }
    let action = match service.action_ignoring_case(action_name) {
        Some(action) => action,
        None => match unknown_action(tree, resource, service, action_name, sink) {
            // Go on with the action that was probably meant, so that a typo in both
            // the action and a member is caught at once.
            Some(action) => action,
            None => return,
        },
    };
    let label = format!("{}:{}", service.name, action.name);
    members(tree, &label, action, payload, Request::Sdk, sink);
}

/// The members of an optimized integration's `Parameters`/`Arguments`
/// (`payload`) against AWS's model of the API it calls (`action`): an
/// unknown member, a literal of the wrong type or outside an enum. What it
/// requires is the integration's own rule (`resources.rs`), which knows the
/// alternatives Step Functions takes (`TopicArn` or `TargetArn`), and so
/// are the enums it checks itself.
/// Returns the members that misspelt keys most likely meant (each reported
/// as the typo, not again as missing).
pub(super) fn optimized(
    tree: &Tree,
    integration: &Integration,
    action: &'static Action,
    payload: Option<&Member>,
    sink: &mut Sink,
) -> Vec<&'static str> {
    members(
        tree,
        &integration.key(),
        action,
        payload,
        Request::Optimized(integration),
        sink,
    )
}

/// Whose request the members are.
#[derive(Clone, Copy)]
enum Request<'a> {
    /// An `aws-sdk` integration's: the model is all there is to know.
    Sdk,
    /// An optimized integration's, whose own rules say what is required.
    Optimized(&'a Integration),
}

// ---------------------------------------------------------------------------
// Service and action

fn unknown_service(tree: &Tree, resource: NodeId, name: &str, sink: &mut Sink) {
    // botocore's or the CLI's name for a service Step Functions spells differently (`logs`).
    let renamed = sdk::services()
        .iter()
        .find(|service| !service.model_name.is_empty() && service.model_name.eq_ignore_ascii_case(name));
    let (hint, suggestion) = match renamed {
        Some(service) => (
            format!(
                " Step Functions calls this service {} (the AWS CLI's {}).",
                quoted(service.name),
                quoted(service.model_name)
            ),
            Some(service.name),
        ),
        None => {
            let suggestion = crate::util::suggest::closest(name, sdk::services().iter().map(|service| service.name));
            (did_you_mean(name, suggestion), suggestion)
        }
    };
    replace_part(
        sink,
        tree,
        resource,
        name,
        suggestion,
        codes::UNKNOWN_SDK_SERVICE,
        format!(
            "Unknown AWS SDK service {}: Step Functions rejects the definition.{hint}",
            quoted(name)
        ),
    );
}

/// Report an action the service does not have; returns the one it most likely meant.
fn unknown_action(
    tree: &Tree,
    resource: NodeId,
    service: &'static Service,
    name: &str,
    sink: &mut Sink,
) -> Option<&'static Action> {
    let suggestion = crate::util::suggest::closest(name, service.actions().iter().map(|action| action.name));
    replace_part(
        sink,
        tree,
        resource,
        name,
        suggestion,
        codes::UNKNOWN_SDK_ACTION,
        format!(
            "The AWS SDK service {} has no action {} that Step Functions can call.{}",
            quoted(service.name),
            quoted(name),
            did_you_mean(name, suggestion)
        ),
    );
    suggestion.and_then(|name| service.action(name))
}

/// Where `part` (a slice of `text`) sits in the source: inside the quotes of a
/// string without escapes, or in a plain YAML scalar.
fn part_range(tree: &Tree, resource: NodeId, text: &str, part: &str) -> Option<(TextRange, usize)> {
    let range = tree.range(resource);
    let offset = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    if offset + part.len() > text.len() {
        return None;
    }
    let base = if range.len() == text.len() + 2 {
        range.start() + 1
    } else if range.len() == text.len() {
        range.start()
    } else {
        return None;
    };
    Some((TextRange::new(base + offset, base + offset + part.len()), offset))
}

/// An error on `part` of the resource, with a fix that puts `replacement` in its place.
fn replace_part(
    sink: &mut Sink,
    tree: &Tree,
    resource: NodeId,
    part: &str,
    replacement: Option<&str>,
    code: &'static str,
    message: String,
) {
    let text = tree.str(resource).unwrap_or_default();
    let located = part_range(tree, resource, text, part);
    let whole = tree.range(resource);
    let fix = replacement.map(|replacement| match located {
        Some((range, _)) => Fix {
            title: format!("Change to {}", quoted(replacement)),
            range,
            new_text: replacement.to_string(),
        },
        None => {
            // Escapes in the literal: rewrite all of it.
            let offset = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
            let fixed = format!(
                "{}{replacement}{}",
                text.get(..offset).unwrap_or_default(),
                text.get(offset + part.len()..).unwrap_or_default()
            );
            Fix {
                title: format!("Change to {}", quoted(replacement)),
                range: whole,
                new_text: serde_json::to_string(&fixed).unwrap_or_else(|_| quoted(&fixed)),
            }
        }
    });
    sink.diagnostics.push(Diagnostic {
        range: located.map_or(whole, |(range, _)| range),
        severity: Severity::Error,
        code,
        message,
        fix,
    });
}

// ---------------------------------------------------------------------------
// Members

/// A value computed when the state runs: a JSONata expression or a `${…}` placeholder.
fn is_dynamic_string(text: &str) -> bool {
    let text = text.trim();
    (text.starts_with("{%") && text.ends_with("%}")) || is_placeholder(text)
}

/// Returns the members that misspelt keys most likely meant.
fn members(
    tree: &Tree,
    label: &str,
    action: &'static Action,
    payload: Option<&Member>,
    request: Request,
    sink: &mut Sink,
) -> Vec<&'static str> {
    let mut meant = Vec::new();
    // Without `Parameters`/`Arguments` the state's input is the request: it may hold anything.
    let Some(payload) = payload else {
        return meant;
    };
    // An expression, a placeholder or no object at all: nothing to compare.
    let Some(object) = payload.value else {
        return meant;
    };
    let Some(entries) = tree.members(object) else {
        return meant;
    };
    // Members named, and members a misspelt key most likely meant (reported once, as the typo).
    let mut given: Vec<&str> = Vec::new();
    // A key written as a placeholder could be any member.
    let mut unknowable = false;
    for entry in entries {
        let dynamic = entry.key.ends_with(".$");
        let name = entry.key.strip_suffix(".$").unwrap_or(&entry.key);
        if name.contains("${") || name.is_empty() {
            unknowable = true;
            continue;
        }
        let Some(member) = action.member_ignoring_case(name) else {
            let suggestion = crate::util::suggest::closest(name, action.members.iter().map(|member| member.name));
            let known = if action.members.is_empty() {
                format!("{label} takes no parameters")
            } else {
                format!("{} is not a parameter of {label}", quoted(name))
            };
            sink.warning(
                tree.key_range(entry),
                codes::UNKNOWN_PARAMETER,
                format!(
                    "{known}: the call fails with a validation error.{}",
                    did_you_mean(name, suggestion)
                ),
            );
            if let Some(suggestion) = suggestion {
                sink.suggest_last(Some(&format!("{suggestion}{}", if dynamic { ".$" } else { "" })));
                given.push(suggestion);
                meant.push(suggestion);
            }
            continue;
        };
        given.push(member.name);
        if dynamic {
            continue;
        }
        if let Some(value) = entry.value {
            let own_enum = match request {
                Request::Sdk => false,
                Request::Optimized(integration) => integration
                    .enums
                    .iter()
                    .any(|param| param.name.eq_ignore_ascii_case(member.name)),
            };
            literal(tree, label, member, value, !own_enum, sink);
        }
    }
    if matches!(request, Request::Optimized(_)) {
        return meant;
    }
    let missing: Vec<String> = action
        .required()
        .filter(|member| !given.iter().any(|name| name.eq_ignore_ascii_case(member.name)))
        .map(|member| quoted(member.name))
        .collect();
    if !missing.is_empty() && !unknowable {
        sink.warning(
            tree.key_range(payload),
            codes::MISSING_PARAMETER,
            format!(
                "{label} needs {} in {}: the call fails without {}",
                join_and(&missing),
                quoted(&payload.key),
                if missing.len() == 1 { "it" } else { "them" }
            ),
        );
    }
    meant
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn describe(kind: JsonKind) -> &'static str {
    match kind {
        JsonKind::String => "a string",
        JsonKind::Number => "a number",
        JsonKind::Boolean => "a boolean",
        JsonKind::Array => "an array",
        JsonKind::Object => "an object",
        JsonKind::Any => "any value",
    }
}

/// A literal value against the member's type and enum.
fn literal(tree: &Tree, label: &str, member: &sdk::Member, value: NodeId, values: bool, sink: &mut Sink) {
    let expected = member.kind();
    let node = &tree.node(value).kind;
    let found = match node {
        NodeKind::Object(_) => JsonKind::Object,
        NodeKind::Array(_) => JsonKind::Array,
        _ => match tree.str(value) {
            Some(text) if is_dynamic_string(text) => return,
            Some(_) => JsonKind::String,
            None if tree.bool(value).is_some() => JsonKind::Boolean,
            None if tree.number(value).is_some() => JsonKind::Number,
            // null, or a value still being typed.
            None => return,
        },
    };
    // The service converts between scalars (`"5"` for a number, `5` for a string),
    // and writes JSON for a string member given an object (AWS's own samples pass
    // `sfn:sendTaskSuccess` its `Output` that way); a scalar for a list or an
    // object, or a container for a number or a boolean, it cannot.
    let scalar = |kind: JsonKind| matches!(kind, JsonKind::String | JsonKind::Number | JsonKind::Boolean);
    let mismatch = expected != JsonKind::Any
        && expected != JsonKind::String
        && expected != found
        && !(scalar(expected) && scalar(found))
        && !(expected == JsonKind::Object && member.ty.starts_with("map") && found == JsonKind::Object);
    if mismatch {
        sink.warning(
            tree.range(value),
            codes::INVALID_PARAMETER,
            format!(
                "{} of {label} must be {}{}, not {}",
                quoted(member.name),
                describe(expected),
                if scalar(expected) {
                    String::new()
                } else {
                    format!(" ({})", member.ty)
                },
                describe(found)
            ),
        );
        return;
    }
    if member.values.is_empty() || !values {
        return;
    }
    match node {
        NodeKind::Array(items) => {
            for &item in items {
                enum_value(tree, label, member, item, sink);
            }
        }
        _ => enum_value(tree, label, member, value, sink),
    }
}

fn enum_value(tree: &Tree, label: &str, member: &sdk::Member, value: NodeId, sink: &mut Sink) {
    let Some(text) = tree.str(value) else {
        return;
    };
    if is_dynamic_string(text) || member.values.contains(&text) {
        return;
    }
    let suggestion = crate::util::suggest::closest(text, member.values.iter().copied());
    let listed = if member.values.len() <= 12 {
        format!(": use one of {}", member.values.join(", "))
    } else {
        format!(" ({} values)", member.values.len())
    };
    sink.warning(
        tree.range(value),
        codes::INVALID_PARAMETER,
        format!(
            "{} is not a valid {} for {label}{listed}.{}",
            quoted(text),
            quoted(member.name),
            did_you_mean(text, suggestion)
        ),
    );
    sink.suggest_last(suggestion);
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::check::tests::{check, jsonata_task, task};

    #[test]
    fn the_issue_fixture() {
        check(
            r#"{"StartAt": "A", "States": {
"A": { "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObjekt",
       "Parameters": { "Buckt": "x" }, "Next": "B" },
"B": { "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:nosuchservice:foo", "End": true }
}}"#,
            expect![[r#"
                error[UNKNOWN_SDK_ACTION] 2:65 `getObjekt`: The AWS SDK service "s3" has no action "getObjekt" that Step Functions can call. Did you mean "getObject"?
                    fix: Change to "getObject" → getObject
                warning[MISSING_PARAMETER] 3:8 `"Parameters"`: s3:getObject needs "Key" in "Parameters": the call fails without it
                warning[UNKNOWN_PARAMETER] 3:24 `"Buckt"`: "Buckt" is not a parameter of s3:getObject: the call fails with a validation error. Did you mean "Bucket"?
                    fix: Change to "Bucket" → "Bucket"
                error[UNKNOWN_SDK_SERVICE] 4:62 `nosuchservice`: Unknown AWS SDK service "nosuchservice": Step Functions rejects the definition.
            "#]],
        );
    }

    /// An optimized integration whose API AWS's model describes: its
    /// members are held against the model; what it requires, and the enums
    /// the catalogue knows itself, stay the integration's own rules (a typo
    /// is reported once, as the typo).
    #[test]
    fn optimized_integrations_against_the_model() {
        check(
            r#"{"StartAt": "A", "States": {
"A": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
      "Parameters": {"TableNmae": "t", "Key": {"id": {"S.$": "$.id"}}, "ReturnConsumedCapacity": "ALL"}, "Next": "B"},
"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "f", "Payload": {"a": 1}, "InvocationType": "Sync"}, "Next": "C"},
"C": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}, "DelaySeconds": [1]}, "Next": "D"},
"D": {"Type": "Task", "Resource": "arn:aws:states:::apigateway:invoke",
      "Parameters": {"ApiEndpoint": "e", "Method": "GET", "Stage": "prod"}, "End": true}
}}"#,
            expect![[r#"
                warning[UNKNOWN_PARAMETER] 3:22 `"TableNmae"`: "TableNmae" is not a parameter of dynamodb:getItem: the call fails with a validation error. Did you mean "TableName"?
                    fix: Change to "TableName" → "TableName"
                warning[INVALID_PARAMETER] 3:98 `"ALL"`: "ALL" is not a valid "ReturnConsumedCapacity" for dynamodb:getItem: use one of INDEXES, TOTAL, NONE.
                error[INVALID_PARAMETER] 5:82 `"Sync"`: "Sync" is not a valid "InvocationType" for lambda:invoke: use one of RequestResponse, Event, DryRun.
                warning[INVALID_PARAMETER] 7:100 `[1]`: "DelaySeconds" of sqs:sendMessage must be a number, not an array
            "#]],
        );
    }

    #[test]
    fn yaml_and_escaped_resources() {
        crate::check::tests::check_format(
            "StartAt: T\nStates:\n  T:\n    Type: Task\n    Resource: arn:aws:states:::aws-sdk:sqs:sendMesage\n    \
             Parameters:\n      QueueUrl: q\n      MessageBody: b\n    End: true\n",
            crate::syntax::Format::Yaml,
            expect![[r#"
                error[UNKNOWN_SDK_ACTION] 5:44 `sendMesage`: The AWS SDK service "sqs" has no action "sendMesage" that Step Functions can call. Did you mean "sendMessage"?
                    fix: Change to "sendMessage" → sendMessage
            "#]],
        );
        // An escape inside the string: the fix rewrites the whole literal.
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:s3:\\u0067etObjekt\", \"Parameters\": {\"Bucket\": \"b\", \"Key\": \"k\"}"),
            expect![[r#"
                error[UNKNOWN_SDK_ACTION] 2:35 `"arn:aws:states:::aws-sdk:s3:\u0067etObjekt"`: The AWS SDK service "s3" has no action "getObjekt" that Step Functions can call. Did you mean "getObject"?
                    fix: Change to "getObject" → "arn:aws:states:::aws-sdk:s3:getObject"
            "#]],
        );
    }

    #[test]
    fn services_and_actions() {
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:dynamodbb:getItem\""),
            expect![[r#"
                error[UNKNOWN_SDK_SERVICE] 2:61 `dynamodbb`: Unknown AWS SDK service "dynamodbb": Step Functions rejects the definition. Did you mean "dynamodb"?
                    fix: Change to "dynamodb" → dynamodb
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:logs:createLogGroup\", \"Parameters\": {\"LogGroupName\": \"g\"}"),
            expect![[r#"
                error[UNKNOWN_SDK_SERVICE] 2:61 `logs`: Unknown AWS SDK service "logs": Step Functions rejects the definition. Step Functions calls this service "cloudwatchlogs" (the AWS CLI's "logs").
                    fix: Change to "cloudwatchlogs" → cloudwatchlogs
            "#]],
        );
        // Case slips are left to the camelCase rule; retired services and placeholders pass.
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:S3:listBuckets\""),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:robomaker:listRobots\""),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:${Service}:getObject\""),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:s3:${Action}\""),
            expect![[r#"
                no diagnostics
            "#]],
        );
        // Streaming actions are not offered.
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:bedrockruntime:converseStream\", \"Parameters\": {\"ModelId\": \"m\"}"),
            expect![[r#"
                error[UNKNOWN_SDK_ACTION] 2:76 `converseStream`: The AWS SDK service "bedrockruntime" has no action "converseStream" that Step Functions can call.
            "#]],
        );
    }

    #[test]
    fn members() {
        // Dynamic keys and values count as given; case slips are accepted.
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::aws-sdk:s3:getObject\", \"Parameters\": {\"Bucket.$\": \"$.b\", \
                 \"key\": \"k\"}",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:s3:getObject\""),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &jsonata_task(
                "\"Resource\": \"arn:aws:states:::aws-sdk:s3:getObject\", \"Arguments\": {\"Bucket\": \"{% \
                 $states.input.b %}\", \"Kye\": \"k\", \"ChecksumMode\": \"enabled\"}",
            ),
            expect![[r#"
                warning[UNKNOWN_PARAMETER] 2:125 `"Kye"`: "Kye" is not a parameter of s3:getObject: the call fails with a validation error. Did you mean "Key"?
                    fix: Change to "Key" → "Key"
                warning[INVALID_PARAMETER] 2:153 `"enabled"`: "enabled" is not a valid "ChecksumMode" for s3:getObject: use one of ENABLED. Did you mean "ENABLED"?
                    fix: Change to "ENABLED" → "ENABLED"
            "#]],
        );
        check(
            &jsonata_task(
                "\"Resource\": \"arn:aws:states:::aws-sdk:s3:getObject\", \"Arguments\": \"{% $states.input %}\"",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
        // Types: containers against scalars; scalars convert into each other.
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::aws-sdk:ec2:describeInstances\", \"Parameters\": {\"InstanceIds\": \
                 \"i-1\", \"MaxResults\": \"5\", \"DryRun\": {}, \"Filters\": [{\"Name\": \"x\", \"Values\": [\"y\"]}]}",
            ),
            expect![[r#"
                warning[INVALID_PARAMETER] 2:115 `"i-1"`: "InstanceIds" of ec2:describeInstances must be an array (list<string>), not a string
                warning[INVALID_PARAMETER] 2:151 `{}`: "DryRun" of ec2:describeInstances must be a boolean, not an object
            "#]],
        );
        // Enums, also in lists; placeholders pass.
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::aws-sdk:sqs:getQueueAttributes\", \"Parameters\": {\"QueueUrl\": \
                 \"${Queue}\", \"AttributeNames\": [\"All\", \"Polcy\", \"${Other}\"]}",
            ),
            expect![[r#"
                warning[INVALID_PARAMETER] 2:151 `"Polcy"`: "Polcy" is not a valid "AttributeNames" for sqs:getQueueAttributes (22 values). Did you mean "Policy"?
                    fix: Change to "Policy" → "Policy"
            "#]],
        );
    }
}
