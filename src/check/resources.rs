//! Task resources: the `Resource` ARN of every Task state, the integration it
//! names and the patterns it supports, the task token of a callback, the
//! parameters the main integrations need, and HTTP methods and headers.
//!
//! `${…}` placeholders (CloudFormation `DefinitionSubstitutions`, SAM, CDK)
//! stand for values a deployment tool fills in: a part that holds one is
//! taken to be right, and only what lies around it is checked.

use super::{codes, did_you_mean, quoted, Sink};
use crate::catalog::integrations::{
    self, api_gateway_header_forbidden, http_header_forbidden, Integration, Pattern, Support,
};
use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::lang::arn::{self, Resource};
use crate::model::{Machine, State, StateId};
use crate::syntax::{Member, NodeId, NodeKind, TextRange, Tree};

/// How deep the searches through `Parameters`/`Arguments` go.
const MAX_DEPTH: usize = 64;

/// The resource of one Task state.
pub(super) fn check_state(tree: &Tree, machine: &Machine, state_id: StateId, sink: &mut Sink) {
    let state = machine.state(state_id);
    if state.ty != Some(StateType::Task) {
        return;
    }
    if let Some(node) = state.node {
        task(tree, state, node, sink);
    }
}

fn task(tree: &Tree, state: &State, node: NodeId, sink: &mut Sink) {
    // A missing `Resource`, or one that is no string, is reported by the field rules (`fields.rs`);
    // a CloudFormation function object (`{"Fn::GetAtt": …}`, `{"Ref": …}`) is no string either.
    let Some(value) = tree.get(node, "Resource") else {
        return;
    };
    let range = tree.range(value);
    let Some(text) = tree.str(value) else {
        return;
    };
    if let Some(problem) = arn::placeholder_problem(text) {
        sink.error(
            range,
            codes::INVALID_RESOURCE,
            format!("Invalid \"Resource\": {problem}"),
        );
        return;
    }
    if text.starts_with("{%") {
        sink.error(
            range,
            codes::INVALID_RESOURCE,
            "\"Resource\" must be a constant ARN: JSONata expressions are not evaluated in this field; choose the \
             function, state machine or other target in \"Arguments\" instead",
        );
        return;
    }
    let resource = match arn::parse_resource(text) {
        Ok(resource) => resource,
        Err(error) => {
            sink.error(range, codes::INVALID_RESOURCE, error.message);
            return;
        }
    };
    let payload = payload(tree, state, node);
    match resource {
        Resource::Optimized {
            service, api, suffix, ..
        } => {
            if arn::is_placeholder(service) || arn::is_placeholder(api) {
                if suffix == Pattern::WaitForTaskToken {
                    task_token(tree, state, payload, range, sink);
                }
                return;
            }
            match integrations::find(service, api) {
                Some(integration) => integration_rules(tree, state, integration, suffix, payload, range, sink),
                None => unknown_integration(service, api, suffix, range, sink),
            }
        }
        Resource::Http { suffix, .. } => {
            if let Some(integration) = integrations::find("http", "invoke") {
                integration_rules(tree, state, integration, suffix, payload, range, sink);
            }
        }
        Resource::AwsSdk {
            partition,
            service,
            action,
            suffix,
        } => {
            match suffix {
                Pattern::Sync | Pattern::Sync2 => {
                    let optimized = integrations::SERVICES
                        .iter()
                        .find(|known| known.sdk_name == service || known.arn_name == service)
                        .and_then(|known| integrations::apis_of(known.arn_name).find(|i| i.api == action))
                        .filter(|integration| integration.supports(suffix) == Support::Yes);
                    let advice = match optimized {
                        Some(integration) => format!(
                            ": the optimized integration {} can wait for the job",
                            quoted(&integration.resource(suffix))
                        ),
                        None => ": call the API without a suffix and poll for the result, or use \
                                   \".waitForTaskToken\""
                            .to_string(),
                    };
                    sink.error(
                        range,
                        codes::INVALID_RESOURCE,
                        format!(
                            "AWS SDK integrations do not support {}{advice}",
                            quoted(suffix.suffix())
                        ),
                    );
                    return;
                }
                Pattern::WaitForTaskToken => task_token(tree, state, payload, range, sink),
                Pattern::RequestResponse => {}
            }
            let first = action.chars().next();
            if !arn::is_placeholder(action) && first.is_some_and(|c| c.is_ascii_uppercase()) {
                let mut camel = action.to_string();
                camel[..1].make_ascii_lowercase();
                sink.warning(
                    range,
                    codes::UNKNOWN_INTEGRATION,
                    format!(
                        "AWS SDK actions are written in camelCase: use {}",
                        quoted(&format!(
                            "arn:{partition}:states:::aws-sdk:{service}:{camel}{}",
                            suffix.suffix()
                        ))
                    ),
                );
            }
            super::sdk::check(tree, value, service, action, payload, sink);
        }
        Resource::OtherArn { service, .. } => sink.warning(
            range,
            codes::UNKNOWN_INTEGRATION,
            format!(
                "Step Functions cannot run a resource of service {} from a Task: give {}",
                quoted(service),
                arn::RESOURCE_FORMS
            ),
        ),
        Resource::Unknown => {
            // Placeholders hide the integration, but not a callback suffix after them.
            if text.ends_with(Pattern::WaitForTaskToken.suffix()) {
                task_token(tree, state, payload, range, sink);
            }
        }
        Resource::Activity { .. } | Resource::LambdaFunction { .. } => {}
    }
}

/// The object of parameters the task sends: `Parameters` under JSONPath,
/// `Arguments` under JSONata (whichever is there when the other is not).
fn payload<'t>(tree: &'t Tree, state: &State, node: NodeId) -> Option<&'t Member> {
    let (first, second) = match state.query_language {
        QueryLanguage::JsonPath => ("Parameters", "Arguments"),
        QueryLanguage::Jsonata => ("Arguments", "Parameters"),
    };
    tree.member(node, first).or_else(|| tree.member(node, second))
}

fn payload_field(state: &State) -> &'static str {
    match state.query_language {
        QueryLanguage::JsonPath => "Parameters",
        QueryLanguage::Jsonata => "Arguments",
    }
}

fn unknown_integration(service: &str, api: &str, suffix: Pattern, range: TextRange, sink: &mut Sink) {
    if let Some(map_resource) = integrations::find_map_resource(service, api) {
        sink.error(
            range,
            codes::INVALID_RESOURCE,
            format!(
                "{} only works as the \"Resource\" of a Distributed Map's \"{}\", not in a Task: call S3 from a Task \
                 with \"arn:aws:states:::aws-sdk:s3:{api}\"",
                quoted(&map_resource.resource()),
                map_resource.field
            ),
        );
        return;
    }
    let pair = format!("{service}:{api}");
    let keys: Vec<String> = integrations::INTEGRATIONS.iter().map(Integration::key).collect();
    let suggestion = did_you_mean(&pair, keys.iter().map(String::as_str));
    let known_apis: Vec<&str> = integrations::apis_of(service).map(|i| i.api).collect();
    let what = if known_apis.is_empty() {
        format!(
            "Step Functions has no optimized integration for service {}",
            quoted(service)
        )
    } else {
        format!(
            "{} has no optimized API {} (it has {})",
            quoted(service),
            quoted(api),
            known_apis.join(", ")
        )
    };
    let sdk = if suffix == Pattern::Sync || suffix == Pattern::Sync2 {
        String::new()
    } else {
        format!(
            "; other APIs are called through an AWS SDK integration such as \"arn:aws:states:::aws-sdk:{service}:{api}{}\"",
            suffix.suffix()
        )
    };
    sink.warning(
        range,
        codes::UNKNOWN_INTEGRATION,
        format!(
            "Unknown service integration {}: {what}{sdk}.{suggestion}",
            quoted(&pair)
        ),
    );
}

fn integration_rules(
    tree: &Tree,
    state: &State,
    integration: &Integration,
    suffix: Pattern,
    payload: Option<&Member>,
    range: TextRange,
    sink: &mut Sink,
) {
    let supported: Vec<&str> = integration.supported_patterns().map(Pattern::describe).collect();
    match integration.supports(suffix) {
        Support::Yes => {}
        Support::No => {
            sink.error(
                range,
                codes::INVALID_RESOURCE,
                format!(
                    "{} does not support {}: it supports {}",
                    integration.key(),
                    suffix.describe(),
                    join_or(&supported, "and")
                ),
            );
            return;
        }
        Support::Unconfirmed => sink.warning(
            range,
            codes::UNKNOWN_INTEGRATION,
            format!(
                "AWS does not document {} for {}; the definition may be rejected: it is documented with {}",
                suffix.describe(),
                integration.key(),
                join_or(
                    &integration
                        .supported_patterns()
                        .filter(|&pattern| integration.supports(pattern) == Support::Yes)
                        .map(Pattern::describe)
                        .collect::<Vec<_>>(),
                    "and"
                )
            ),
        ),
    }
    if suffix == Pattern::WaitForTaskToken {
        task_token(tree, state, payload, range, sink);
    }
    let meant = match integration.model() {
        Some((_, action)) => super::sdk::optimized(tree, integration, action, payload, sink),
        None => Vec::new(),
    };
    required_parameters(tree, state, integration, payload, &meant, range, sink);
    let Some(object) = payload
        .and_then(|member| member.value)
        .filter(|&value| tree.members(value).is_some())
    else {
        return;
    };
    for param in integration.enums {
        enum_value(tree, integration, param, object, sink);
    }
    if integration.service == "http" || integration.service == "apigateway" {
        headers(tree, integration, object, sink);
    }
}

fn join_or(items: &[&str], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

// ---------------------------------------------------------------------------
// Task token

#[derive(PartialEq)]
enum Token {
    /// The token is passed.
    Passed,
    /// The token is written in a value that is not evaluated: the key lacks `.$`, or the string is no `{% %}`.
    Literal(String),
    Absent,
}

/// `$$.Task.Token`, or a context path that contains it (`$$`, `$$.Task`).
fn mentions_token_path(text: &str) -> bool {
    let text = text.trim();
    text.contains("$$.Task.Token") || text == "$$" || text == "$$.Task"
}

/// `$states.context.Task.Token`, or the context object or `Task` as a whole.
fn mentions_token_jsonata(text: &str) -> bool {
    if text.contains("$states.context.Task.Token") {
        return true;
    }
    for prefix in ["$states.context.Task", "$states.context"] {
        let mut rest = text;
        while let Some(index) = rest.find(prefix) {
            rest = &rest[index + prefix.len()..];
            let next = rest.chars().next();
            if !next.is_some_and(|c| c == '.' || c == '_' || c.is_alphanumeric()) {
                return true;
            }
        }
    }
    false
}

fn is_jsonata(text: &str) -> bool {
    text.starts_with("{%") && text.ends_with("%}") && text.len() >= 4
}

fn find_token(tree: &Tree, value: NodeId) -> Token {
    if let Some(text) = tree.str(value) {
        // Arguments (or a template) given as one expression.
        return if is_jsonata(text) && mentions_token_jsonata(text) {
            Token::Passed
        } else {
            Token::Absent
        };
    }
    let mut literal = None;
    let mut stack = vec![(value, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            continue;
        }
        match &tree.node(node).kind {
            NodeKind::Object(members) => {
                for member in members {
                    let Some(child) = member.value else {
                        continue;
                    };
                    if let Some(text) = tree.str(child) {
                        if is_jsonata(text) {
                            if mentions_token_jsonata(text) {
                                return Token::Passed;
                            }
                        } else if mentions_token_path(text) || mentions_token_jsonata(text) {
                            if member.key.ends_with(".$") && mentions_token_path(text) {
                                return Token::Passed;
                            }
                            literal.get_or_insert_with(|| member.key.clone());
                        }
                    } else {
                        stack.push((child, depth + 1));
                    }
                }
            }
            NodeKind::Array(items) => {
                for &item in items {
                    if let Some(text) = tree.str(item) {
                        if is_jsonata(text) && mentions_token_jsonata(text) {
                            return Token::Passed;
                        }
                    } else {
                        stack.push((item, depth + 1));
                    }
                }
            }
            _ => {}
        }
    }
    match literal {
        Some(key) => Token::Literal(key.to_string()),
        None => Token::Absent,
    }
}

fn task_token(tree: &Tree, state: &State, payload: Option<&Member>, range: TextRange, sink: &mut Sink) {
    let token = match payload.and_then(|member| member.value) {
        Some(value) => find_token(tree, value),
        None => Token::Absent,
    };
    let example = match state.query_language {
        QueryLanguage::JsonPath => "\"TaskToken.$\": \"$$.Task.Token\"",
        QueryLanguage::Jsonata => "\"TaskToken\": \"{% $states.context.Task.Token %}\"",
    };
    let message = match token {
        Token::Passed => return,
        Token::Literal(key) => format!(
            "The task token is written in {} but never evaluated, so the text itself is sent and the execution \
             waits forever for a callback: {}",
            quoted(&key),
            match state.query_language {
                QueryLanguage::JsonPath if !key.ends_with(".$") =>
                    format!("rename the key to {}", quoted(&format!("{key}.$"))),
                _ => format!("wrap the expression in {{% %}}, as in {example}"),
            }
        ),
        Token::Absent => format!(
            "\".waitForTaskToken\" waits until someone calls SendTaskSuccess or SendTaskFailure with the task token, \
             but the token is not passed in {}{}: the execution would wait forever. Pass it, for example {example}",
            quoted(payload.map_or(payload_field(state), |member| member.key.as_str())),
            elsewhere(tree, state, payload)
                .map(|field| format!(
                    " ({} mentions it, but that field does not reach the called service)",
                    quoted(field)
                ))
                .unwrap_or_default()
        ),
    };
    sink.warning(range, codes::MISSING_TASK_TOKEN, message);
}

/// Another field of the state that mentions the task token, such as `ResultSelector`.
fn elsewhere<'t>(tree: &'t Tree, state: &State, payload: Option<&Member>) -> Option<&'t str> {
    let node = state.node?;
    tree.members(node)?
        .iter()
        .filter(|member| member.key != "Resource" && payload.is_none_or(|payload| payload.key != member.key))
        .find(|member| {
            member
                .value
                .is_some_and(|value| find_token(tree, value) != Token::Absent)
        })
        .map(|member| member.key.as_str())
}

// ---------------------------------------------------------------------------
// Parameters

/// The value of `key` in a payload object, written `key` or `key.$`: `Some(None)` when it is dynamic.
fn field<'t>(tree: &'t Tree, object: NodeId, key: &str) -> Option<Option<&'t Member>> {
    let members = tree.members(object)?;
    let dynamic = format!("{key}.$");
    let mut found = None;
    for member in members {
        if member.key == dynamic {
            found = Some(None);
        } else if member.key == key {
            found = Some(Some(member));
        }
    }
    found
}

/// True when the (dotted) parameter is given, or could be through an expression.
fn present(tree: &Tree, object: NodeId, path: &str) -> bool {
    let mut current = object;
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let Some(found) = field(tree, current, segment) else {
            return false;
        };
        let Some(member) = found else {
            return true;
        };
        if segments.peek().is_none() {
            return true;
        }
        let Some(value) = member.value else {
            return true;
        };
        if tree.str(value).is_some_and(is_jsonata) || tree.members(value).is_none() {
            // An expression may build the whole object; a wrong type is another rule's business.
            return true;
        }
        current = value;
    }
    true
}

fn describe_group(group: &[&str]) -> String {
    let names: Vec<String> = group.iter().map(|name| quoted(name)).collect();
    match names.as_slice() {
        [one] => one.clone(),
        _ => format!(
            "one of {}",
            join_or(&names.iter().map(String::as_str).collect::<Vec<_>>(), "or")
        ),
    }
}

fn required_parameters(
    tree: &Tree,
    state: &State,
    integration: &Integration,
    payload: Option<&Member>,
    meant: &[&str],
    range: TextRange,
    sink: &mut Sink,
) {
    if integration.required.is_empty() {
        return;
    }
    let Some(member) = payload else {
        let all: Vec<String> = integration.required.iter().map(|group| describe_group(group)).collect();
        sink.warning(
            range,
            codes::MISSING_PARAMETER,
            format!(
                "{} needs {}: add {} with {}",
                integration.key(),
                join_or(&all.iter().map(String::as_str).collect::<Vec<_>>(), "and"),
                quoted(payload_field(state)),
                if all.len() == 1 { "it" } else { "them" }
            ),
        );
        return;
    };
    let Some(object) = member.value.filter(|&value| tree.members(value).is_some()) else {
        // Missing, an expression, or not an object: nothing to tell here.
        return;
    };
    let missing: Vec<String> = integration
        .required
        .iter()
        // A misspelt key is reported as that, not again as a missing member.
        .filter(|group| {
            !group
                .iter()
                .any(|path| present(tree, object, path) || meant.iter().any(|name| name.eq_ignore_ascii_case(path)))
        })
        .map(|group| describe_group(group))
        .collect();
    if missing.is_empty() {
        return;
    }
    sink.warning(
        tree.key_range(member),
        codes::MISSING_PARAMETER,
        format!(
            "{} needs {} in {}: the call fails without {}",
            integration.key(),
            join_or(&missing.iter().map(String::as_str).collect::<Vec<_>>(), "and"),
            quoted(&member.key),
            if missing.len() == 1 { "it" } else { "them" }
        ),
    );
}

/// A literal value of an enumerated parameter that is none of its values.
fn enum_value(
    tree: &Tree,
    integration: &Integration,
    param: &integrations::ParamEnum,
    object: NodeId,
    sink: &mut Sink,
) {
    let mut current = object;
    let mut segments = param.name.split('.').peekable();
    let value = loop {
        let Some(segment) = segments.next() else {
            return;
        };
        let Some(value) = tree.get(current, segment) else {
            return;
        };
        if segments.peek().is_none() {
            break value;
        }
        current = value;
    };
    let Some(text) = tree.str(value) else {
        return;
    };
    if is_jsonata(text) || arn::is_placeholder(text) || param.values.contains(&text) {
        return;
    }
    sink.error(
        tree.range(value),
        codes::INVALID_PARAMETER,
        format!(
            "{} is not a valid \"{}\" for {}: use one of {}.{}",
            quoted(text),
            param.name,
            integration.key(),
            param.values.join(", "),
            did_you_mean(text, param.values.iter().copied())
        ),
    );
}

fn headers(tree: &Tree, integration: &Integration, object: NodeId, sink: &mut Sink) {
    let Some(headers) = tree.get(object, "Headers") else {
        return;
    };
    for member in tree.members(headers).unwrap_or_default() {
        let name = member.key.strip_suffix(".$").unwrap_or(&member.key);
        if integration.service == "http" {
            if http_header_forbidden(name) {
                sink.warning(
                    tree.key_range(member),
                    codes::FORBIDDEN_HEADER,
                    format!(
                        "An HTTP Task may not set the header {}: the task fails at run time with States.Runtime. \
                         Remove it; credentials belong in the EventBridge connection",
                        quoted(name)
                    ),
                );
            }
        } else if api_gateway_header_forbidden(name) {
            sink.error(
                tree.key_range(member),
                codes::FORBIDDEN_HEADER,
                format!(
                    "apigateway:invoke does not accept the header {}: Step Functions rejects the definition. Remove \
                     it, or send the value under another name and map that name to the header in API Gateway",
                    quoted(name)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::check::tests::{check, jsonata_task, task};

    #[test]
    fn missing_and_non_string_resource_are_left_to_the_field_rules() {
        // Each is reported once, by `fields.rs`; this family adds nothing.
        check(
            &task("\"Comment\": \"x\""),
            expect![[r#"
                error[SCHEMA_VALIDATION_FAILED] 2:1 `"T"`: A Task state needs "Resource"
            "#]],
        );
        // A CloudFormation function stands for the string it becomes once deployed.
        check(
            &task("\"Resource\": {\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}"),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &task("\"Resource\": {\"Fn::GetAtt\": [\"Fn\", \"Arn\"], \"Extra\": 1}"),
            expect![[r#"
                error[SCHEMA_VALIDATION_FAILED] 2:35 `{"Fn::GetAtt": ["Fn", "Arn"], "Extra": 1}`: "Resource" must be a string, not an object
            "#]],
        );
        check(
            &task("\"Resource\": 42"),
            expect![[r#"
                error[SCHEMA_VALIDATION_FAILED] 2:35 `42`: "Resource" must be a string, not a number
            "#]],
        );
    }

    #[test]
    fn valid_real_world_resources() {
        for resource in [
            "arn:aws:lambda:us-east-1:123456789012:function:ProcessOrder",
            "arn:aws:lambda:us-east-1:123456789012:function:ProcessOrder:prod",
            "arn:aws:lambda:us-east-1:123456789012:function:ProcessOrder:$LATEST",
            "arn:aws:lambda:us-east-1:123456789012:function:ProcessOrder:7",
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn",
            "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:fn",
            "arn:aws:lambda:::function:publish-to-slack-lambda",
            "arn:aws:lambda:region-1:1234567890:function:FUNCTION_NAME:AZaz12-_",
            "arn:aws:states:us-east-1:123456789012:activity:hello-world",
            "arn:aws-cn:states:cn-north-1:123456789012:activity:approve",
            "arn:aws:states:::aws-sdk:s3:getObject",
            "arn:aws:states:::aws-sdk:dynamodb:query",
            "arn:aws:states:::aws-sdk:sfn:startSyncExecution",
            "${ProcessFunctionArn}",
            "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}",
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}:live",
            "arn:aws:states:::${Service}:${Api}",
            "arn:aws:states:::states:startExecution.sync:${Version}",
            "${LambdaArn}:prod",
        ] {
            let text = task(&format!("\"Resource\": {resource:?}"));
            let analysis = crate::Analysis::new(&text, crate::syntax::Format::Json);
            assert!(
                analysis.diagnostics.is_empty(),
                "{resource}: {:?}",
                analysis.diagnostics
            );
        }
    }

    #[test]
    fn not_an_arn() {
        check(
            &task("\"Resource\": \"InvalidArn\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"InvalidArn"`: "InvalidArn" is not an ARN: give an activity (arn:aws:states:<region>:<account>:activity:<name>), a Lambda function (arn:aws:lambda:<region>:<account>:function:<name>), a service integration (arn:aws:states:::<service>:<api>) or an AWS SDK integration (arn:aws:states:::aws-sdk:<service>:<action>)
            "#]],
        );
        check(
            &task("\"Resource\": \"$variableName\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"$variableName"`: "Resource" must be a constant ARN, not a path or variable: give an activity (arn:aws:states:<region>:<account>:activity:<name>), a Lambda function (arn:aws:lambda:<region>:<account>:function:<name>), a service integration (arn:aws:states:::<service>:<api>) or an AWS SDK integration (arn:aws:states:::aws-sdk:<service>:<action>)
            "#]],
        );
        check(
            &task("\"Resource\": \"\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `""`: "Resource" is empty: give an activity (arn:aws:states:<region>:<account>:activity:<name>), a Lambda function (arn:aws:lambda:<region>:<account>:function:<name>), a service integration (arn:aws:states:::<service>:<api>) or an AWS SDK integration (arn:aws:states:::aws-sdk:<service>:<action>)
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:lambda\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:lambda"`: "arn:aws:lambda" is not a complete ARN (arn:<partition>:<service>:<region>:<account>:<resource>): give an activity (arn:aws:states:<region>:<account>:activity:<name>), a Lambda function (arn:aws:lambda:<region>:<account>:function:<name>), a service integration (arn:aws:states:::<service>:<api>) or an AWS SDK integration (arn:aws:states:::aws-sdk:<service>:<action>)
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:amazon:states:::lambda:invoke\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:amazon:states:::lambda:invoke"`: Unknown partition "amazon": use "aws", or "aws-cn", "aws-us-gov" or another "aws-…" partition
            "#]],
        );
        check(
            &jsonata_task("\"Resource\": \"{% $fn %}\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"{% $fn %}"`: "Resource" must be a constant ARN: JSONata expressions are not evaluated in this field; choose the function, state machine or other target in "Arguments" instead
            "#]],
        );
    }

    #[test]
    fn placeholders() {
        check(
            &task("\"Resource\": \"${lambdaArn\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"${lambdaArn"`: Invalid "Resource": the placeholder "${lambdaArn" is never closed: end it with '}'
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:lambda:${}:1:function:f\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:lambda:${}:1:function:f"`: Invalid "Resource": the placeholder "${}" is empty: name the value to substitute
            "#]],
        );
        // What lies around a placeholder is still checked.
        check(
            &task("\"Resource\": \"arn:${AWS::Partition}:states:::lambda:invoke.sync\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:${AWS::Partition}:states:::lambda:invoke.sync"`: lambda:invoke does not support ".sync" (run a job and wait for it): it supports request-response (no suffix) and ".waitForTaskToken" (wait for a callback)
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:my fn\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:my fn"`: Invalid Lambda function name "my fn": use 1 to 64 letters, digits, '-' or '_'
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::${Api}.waitForTaskToken\""),
            expect![[r#"
                warning[MISSING_TASK_TOKEN] 2:35 `"arn:aws:states:::${Api}.waitForTaskToken"`: ".waitForTaskToken" waits until someone calls SendTaskSuccess or SendTaskFailure with the task token, but the token is not passed in "Parameters": the execution would wait forever. Pass it, for example "TaskToken.$": "$$.Task.Token"
            "#]],
        );
    }

    #[test]
    fn lambda_function_arns() {
        check(
            &task("\"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:fn:\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:lambda:us-east-1:123456789012:function:fn:"`: Invalid version or alias "": use a version number, "$LATEST" or an alias of letters, digits, '-' or '_' (or drop the last ':')
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:lambda:region-1:1234567890:function:FUNCTION_NAME:$*#$7485\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:lambda:region-1:1234567890:function:FUNCTION_NAME:$*#$7485"`: Invalid version or alias "$*#$7485": use a version number, "$LATEST" or an alias of letters, digits, '-' or '_' (or drop the last ':')
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:fn.waitForTaskToken\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:lambda:us-east-1:123456789012:function:fn.waitForTaskToken"`: A Lambda function ARN cannot take ".waitForTaskToken": use "arn:aws:states:::lambda:invoke.waitForTaskToken" with the function in "FunctionName" and the task token in "Payload"
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:lambda:us-east-1:123456789012:layer:shared\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:lambda:us-east-1:123456789012:layer:shared"`: A Lambda resource is a function ARN: arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:lambda:US-EAST-1:123456789012:function:fn\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:lambda:US-EAST-1:123456789012:function:fn"`: The Lambda function ARN has an invalid region "US-EAST-1": use a region code such as "us-east-1"
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:lambda:us-east-1:12345678901a:function:fn\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:lambda:us-east-1:12345678901a:function:fn"`: The Lambda function ARN has an invalid account "12345678901a": use the 12-digit account ID
            "#]],
        );
    }

    #[test]
    fn states_arns() {
        check(
            &task("\"Resource\": \"arn:aws:states:us-east-1:123456789012:stateMachine:Child\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:us-east-1:123456789012:stateMachine:Child"`: A state machine ARN cannot be a Task resource: to run another state machine use "arn:aws:states:::states:startExecution" (or ".sync:2" to wait for it) with "StateMachineArn" in the parameters
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:us-east-1::lambda:invoke\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:us-east-1::lambda:invoke"`: "arn:aws:states:us-east-1::lambda:invoke" mixes the two forms: a service integration leaves region and account empty (arn:aws:states:::<service>:<api>), an activity gives both (arn:aws:states:<region>:<account>:activity:<name>)
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:us-east-1:123456789012:activity:bad name\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:us-east-1:123456789012:activity:bad name"`: Invalid activity name "bad name": 1 to 80 characters without white space, brackets, wildcards or any of " # % \ ^ | ~ ` $ & , ; : /
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::lambda\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:::lambda"`: "arn:aws:states:::lambda" names no API: a service integration has the form arn:aws:states:::<service>:<api>, for example arn:aws:states:::lambda:invoke
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::lambda:invoke.waitfortasktoken\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:::lambda:invoke.waitfortasktoken"`: Unknown suffix ".waitfortasktoken" after the API name: use none (request-response), ".sync", ".sync:2" or ".waitForTaskToken". Did you mean ".waitForTaskToken"?
            "#]],
        );
    }

    #[test]
    fn other_arns_are_warnings() {
        check(
            &task("\"Resource\": \"arn:aws:swf:us-east-1:123456789012:task:X\""),
            expect![[r#"
                warning[UNKNOWN_INTEGRATION] 2:35 `"arn:aws:swf:us-east-1:123456789012:task:X"`: Step Functions cannot run a resource of service "swf" from a Task: give an activity (arn:aws:states:<region>:<account>:activity:<name>), a Lambda function (arn:aws:lambda:<region>:<account>:function:<name>), a service integration (arn:aws:states:::<service>:<api>) or an AWS SDK integration (arn:aws:states:::aws-sdk:<service>:<action>)
            "#]],
        );
    }

    #[test]
    fn unknown_integrations() {
        check(
            &task("\"Resource\": \"arn:aws:states:::lambda:invok\""),
            expect![[r#"
                warning[UNKNOWN_INTEGRATION] 2:35 `"arn:aws:states:::lambda:invok"`: Unknown service integration "lambda:invok": "lambda" has no optimized API "invok" (it has invoke); other APIs are called through an AWS SDK integration such as "arn:aws:states:::aws-sdk:lambda:invok". Did you mean "lambda:invoke"?
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::dynamodb:query\""),
            expect![[r#"
                warning[UNKNOWN_INTEGRATION] 2:35 `"arn:aws:states:::dynamodb:query"`: Unknown service integration "dynamodb:query": "dynamodb" has no optimized API "query" (it has getItem, putItem, deleteItem, updateItem); other APIs are called through an AWS SDK integration such as "arn:aws:states:::aws-sdk:dynamodb:query".
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::scheduler:createSchedule\""),
            expect![[r#"
                warning[UNKNOWN_INTEGRATION] 2:35 `"arn:aws:states:::scheduler:createSchedule"`: Unknown service integration "scheduler:createSchedule": Step Functions has no optimized integration for service "scheduler"; other APIs are called through an AWS SDK integration such as "arn:aws:states:::aws-sdk:scheduler:createSchedule".
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::s3:getObject\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:::s3:getObject"`: "arn:aws:states:::s3:getObject" only works as the "Resource" of a Distributed Map's "ItemReader", not in a Task: call S3 from a Task with "arn:aws:states:::aws-sdk:s3:getObject"
            "#]],
        );
    }

    #[test]
    fn unsupported_patterns() {
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::dynamodb:getItem.waitForTaskToken\", \"Parameters\": {\"TableName\": \
                 \"t\", \"Key\": {}, \"Token.$\": \"$$.Task.Token\"}",
            ),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:::dynamodb:getItem.waitForTaskToken"`: dynamodb:getItem does not support ".waitForTaskToken" (wait for a callback): it supports request-response (no suffix)
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::glue:startJobRun.sync:2\", \"Parameters\": {\"JobName\": \"j\"}"),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:::glue:startJobRun.sync:2"`: glue:startJobRun does not support ".sync:2" (run a job, output as JSON): it supports request-response (no suffix) and ".sync" (run a job and wait for it)
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:glue:startJobRun.sync\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:::aws-sdk:glue:startJobRun.sync"`: AWS SDK integrations do not support ".sync": the optimized integration "arn:aws:states:::glue:startJobRun.sync" can wait for the job
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:s3:putObject.sync\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:::aws-sdk:s3:putObject.sync"`: AWS SDK integrations do not support ".sync": call the API without a suffix and poll for the result, or use ".waitForTaskToken"
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::aws-sdk:s3:GetObject\""),
            expect![[r#"
                warning[UNKNOWN_INTEGRATION] 2:35 `"arn:aws:states:::aws-sdk:s3:GetObject"`: AWS SDK actions are written in camelCase: use "arn:aws:states:::aws-sdk:s3:getObject"
            "#]],
        );
    }

    #[test]
    fn supported_patterns_are_clean() {
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::states:startExecution.sync:2\", \"Parameters\": \
                 {\"StateMachineArn\": \"arn:aws:states:us-east-1:123456789012:stateMachine:Child\"}",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::ecs:runTask.sync\", \"Parameters\": {\"TaskDefinition.$\": \
                 \"$.def\", \"Cluster\": \"c\"}",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
    }

    #[test]
    fn unconfirmed_patterns_are_warnings() {
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::bedrock:invokeModel.waitForTaskToken\", \"Parameters\": \
                 {\"ModelId\": \"m\", \"Body\": {\"token.$\": \"$$.Task.Token\"}}",
            ),
            expect![[r#"
                warning[UNKNOWN_INTEGRATION] 2:35 `"arn:aws:states:::bedrock:invokeModel.waitForTaskToken"`: AWS does not document ".waitForTaskToken" (wait for a callback) for bedrock:invokeModel; the definition may be rejected: it is documented with request-response (no suffix)
            "#]],
        );
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::http:invoke.waitForTaskToken\", \"Parameters\": {\"ApiEndpoint\": \
                 \"https://x\", \"Method\": \"POST\", \"InvocationConfig\": {\"ConnectionArn\": \"c\"}}",
            ),
            expect![[r#"
                warning[UNKNOWN_INTEGRATION] 2:35 `"arn:aws:states:::http:invoke.waitForTaskToken"`: AWS does not document ".waitForTaskToken" (wait for a callback) for http:invoke; the definition may be rejected: it is documented with request-response (no suffix)
                warning[MISSING_TASK_TOKEN] 2:35 `"arn:aws:states:::http:invoke.waitForTaskToken"`: ".waitForTaskToken" waits until someone calls SendTaskSuccess or SendTaskFailure with the task token, but the token is not passed in "Parameters": the execution would wait forever. Pass it, for example "TaskToken.$": "$$.Task.Token"
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::http:invoke.sync\""),
            expect![[r#"
                error[INVALID_RESOURCE] 2:35 `"arn:aws:states:::http:invoke.sync"`: http:invoke does not support ".sync" (run a job and wait for it): it supports request-response (no suffix) and ".waitForTaskToken" (wait for a callback)
            "#]],
        );
    }

    #[test]
    fn task_token() {
        // Passed under JSONPath, directly or inside an intrinsic.
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::sqs:sendMessage.waitForTaskToken\", \"Parameters\": {\"QueueUrl\": \
                 \"q\", \"MessageBody\": {\"token.$\": \"States.Format('{}', $$.Task.Token)\"}}",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
        // Passed under JSONata.
        check(
            &jsonata_task(
                "\"Resource\": \"arn:aws:states:::lambda:invoke.waitForTaskToken\", \"Arguments\": {\"FunctionName\": \
                 \"f\", \"Payload\": {\"token\": \"{% $states.context.Task.Token %}\"}}",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &jsonata_task(
                "\"Resource\": \"arn:aws:states:::lambda:invoke.waitForTaskToken\", \"Arguments\": \"{% {'FunctionName': \
                 'f', 'Payload': $states.context} %}\"",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
        // Absent, or only in a field that does not reach the service.
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::lambda:invoke.waitForTaskToken\", \"Parameters\": {\"FunctionName\": \
                 \"f\"}, \"ResultSelector\": {\"token.$\": \"$$.Task.Token\"}",
            ),
            expect![[r#"
                warning[MISSING_TASK_TOKEN] 2:35 `"arn:aws:states:::lambda:invoke.waitForTaskToken"`: ".waitForTaskToken" waits until someone calls SendTaskSuccess or SendTaskFailure with the task token, but the token is not passed in "Parameters" ("ResultSelector" mentions it, but that field does not reach the called service): the execution would wait forever. Pass it, for example "TaskToken.$": "$$.Task.Token"
            "#]],
        );
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::lambda:invoke.waitForTaskToken\", \"Parameters\": {\"FunctionName\": \
                 \"f\", \"Payload.$\": \"$\"}",
            ),
            expect![[r#"
                warning[MISSING_TASK_TOKEN] 2:35 `"arn:aws:states:::lambda:invoke.waitForTaskToken"`: ".waitForTaskToken" waits until someone calls SendTaskSuccess or SendTaskFailure with the task token, but the token is not passed in "Parameters": the execution would wait forever. Pass it, for example "TaskToken.$": "$$.Task.Token"
            "#]],
        );
        check(
            &jsonata_task(
                "\"Resource\": \"arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken\", \"Arguments\": \
                 {\"QueueUrl\": \"q\", \"MessageBody\": \"{% $states.input %}\"}",
            ),
            expect![[r#"
                warning[MISSING_TASK_TOKEN] 2:35 `"arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken"`: ".waitForTaskToken" waits until someone calls SendTaskSuccess or SendTaskFailure with the task token, but the token is not passed in "Arguments": the execution would wait forever. Pass it, for example "TaskToken": "{% $states.context.Task.Token %}"
            "#]],
        );
        // Written, but never evaluated.
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::sns:publish.waitForTaskToken\", \"Parameters\": {\"TopicArn\": \
                 \"t\", \"Message\": {\"TaskToken\": \"$$.Task.Token\"}}",
            ),
            expect![[r#"
                warning[MISSING_TASK_TOKEN] 2:35 `"arn:aws:states:::sns:publish.waitForTaskToken"`: The task token is written in "TaskToken" but never evaluated, so the text itself is sent and the execution waits forever for a callback: rename the key to "TaskToken.$"
                warning[NO_DOLLAR] 2:141 `"$$.Task.Token"`: This looks like a path or intrinsic function, but the key "TaskToken" does not end in ".$", so it is passed on as a plain string; name the key "TaskToken.$" to evaluate it
            "#]],
        );
        check(
            &jsonata_task(
                "\"Resource\": \"arn:aws:states:::sns:publish.waitForTaskToken\", \"Arguments\": {\"TopicArn\": \
                 \"t\", \"Message\": {\"TaskToken\": \"$states.context.Task.Token\"}}",
            ),
            expect![[r#"
                warning[MISSING_TASK_TOKEN] 2:35 `"arn:aws:states:::sns:publish.waitForTaskToken"`: The task token is written in "TaskToken" but never evaluated, so the text itself is sent and the execution waits forever for a callback: wrap the expression in {% %}, as in "TaskToken": "{% $states.context.Task.Token %}"
            "#]],
        );
    }

    #[test]
    fn required_parameters() {
        check(
            &task("\"Resource\": \"arn:aws:states:::lambda:invoke\""),
            expect![[r#"
                warning[MISSING_PARAMETER] 2:35 `"arn:aws:states:::lambda:invoke"`: lambda:invoke needs "FunctionName": add "Parameters" with it
            "#]],
        );
        check(
            &jsonata_task("\"Resource\": \"arn:aws:states:::dynamodb:putItem\""),
            expect![[r#"
                warning[MISSING_PARAMETER] 2:35 `"arn:aws:states:::dynamodb:putItem"`: dynamodb:putItem needs "TableName" and "Item": add "Arguments" with them
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::sns:publish\", \"Parameters\": {\"Message.$\": \"$.text\"}"),
            expect![[r#"
                warning[MISSING_PARAMETER] 2:67 `"Parameters"`: sns:publish needs one of "TopicArn", "TargetArn" or "PhoneNumber" in "Parameters": the call fails without it
            "#]],
        );
        check(
            &task("\"Resource\": \"arn:aws:states:::sqs:sendMessage\", \"Parameters\": {\"QueueUrl\": \"q\"}"),
            expect![[r#"
                warning[MISSING_PARAMETER] 2:71 `"Parameters"`: sqs:sendMessage needs "MessageBody" in "Parameters": the call fails without it
            "#]],
        );
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::batch:submitJob.sync\", \"Parameters\": {\"JobName\": \"j\", \
                 \"JobQueue.$\": \"$.queue\"}",
            ),
            expect![[r#"
                warning[MISSING_PARAMETER] 2:76 `"Parameters"`: batch:submitJob needs "JobDefinition" in "Parameters": the call fails without it
            "#]],
        );
        // JSONata: keys without `.$`; an expression for the whole object is not checked.
        check(
            &jsonata_task(
                "\"Resource\": \"arn:aws:states:::states:startExecution.sync:2\", \"Arguments\": {\"Input\": \"{% \
                 $states.input %}\"}",
            ),
            expect![[r#"
                warning[MISSING_PARAMETER] 2:84 `"Arguments"`: states:startExecution needs "StateMachineArn" in "Arguments": the call fails without it
            "#]],
        );
        check(
            &jsonata_task(
                "\"Resource\": \"arn:aws:states:::lambda:invoke\", \"Arguments\": \"{% $states.input.call %}\"",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
        // Nested alternatives: Bedrock's Body or Input.S3Uri.
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::bedrock:invokeModel\", \"Parameters\": {\"ModelId\": \"m\", \
                 \"Input\": {\"S3Uri.$\": \"$.uri\"}}",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::bedrock:invokeModel\", \"Parameters\": {\"ModelId\": \"m\", \
                 \"Input\": {}}",
            ),
            expect![[r#"
                warning[MISSING_PARAMETER] 2:75 `"Parameters"`: bedrock:invokeModel needs one of "Body" or "Input.S3Uri" in "Parameters": the call fails without it
            "#]],
        );
        // Several integrations at once, all complete.
        check(
            r#"{"StartAt": "A", "States": {
  "A": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem", "Next": "B",
        "Parameters": {"TableName": "t", "Key": {"id": {"S.$": "$.id"}}}},
  "B": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents", "Next": "C",
        "Parameters": {"Entries": [{"Detail": {}, "DetailType": "d", "Source": "s"}]}},
  "C": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "Next": "D",
        "Parameters": {"JobName": "j"}},
  "D": {"Type": "Task", "Resource": "arn:aws:states:::athena:startQueryExecution.sync", "Next": "E",
        "Parameters": {"QueryString": "SELECT 1", "WorkGroup": "primary"}},
  "E": {"Type": "Task", "Resource": "arn:aws:states:::codebuild:startBuild.sync", "Next": "F",
        "Parameters": {"ProjectName": "p"}},
  "F": {"Type": "Task", "Resource": "arn:aws:states:::emr-serverless:startJobRun.sync", "End": true,
        "Parameters": {"ApplicationId": "a", "ExecutionRoleArn": "r"}}
}}"#,
            expect![[r#"
                no diagnostics
            "#]],
        );
    }

    #[test]
    fn http_task() {
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::http:invoke\", \"Parameters\": {\"ApiEndpoint\": \"https://x\", \
                 \"Method\": \"GET\", \"Authentication\": {\"ConnectionArn\": \"c\"}, \"Headers\": {\"Content-Type\": \
                 \"application/json\"}, \"Transform\": {\"RequestBodyEncoding\": \"URL_ENCODED\"}}",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::http:invoke\", \"Parameters\": {\"ApiEndpoint\": \"https://x\", \
                 \"Method\": \"get\", \"Headers\": {\"Authorization\": \"Bearer x\", \"X-Amz-Date.$\": \"$.d\", \
                 \"x-forwarded-for\": \"y\", \"X-Custom\": \"z\"}, \"Transform\": {\"RequestEncodingOptions\": \
                 {\"ArrayFormat\": \"SQUARE\"}}}",
            ),
            expect![[r#"
                warning[MISSING_PARAMETER] 2:67 `"Parameters"`: http:invoke needs one of "InvocationConfig.ConnectionArn" or "Authentication.ConnectionArn" in "Parameters": the call fails without it
                error[INVALID_PARAMETER] 2:120 `"get"`: "get" is not a valid "Method" for http:invoke: use one of GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD. Did you mean "GET"?
                warning[FORBIDDEN_HEADER] 2:139 `"Authorization"`: An HTTP Task may not set the header "Authorization": the task fails at run time with States.Runtime. Remove it; credentials belong in the EventBridge connection
                warning[FORBIDDEN_HEADER] 2:168 `"X-Amz-Date.$"`: An HTTP Task may not set the header "X-Amz-Date": the task fails at run time with States.Runtime. Remove it; credentials belong in the EventBridge connection
                warning[FORBIDDEN_HEADER] 2:191 `"x-forwarded-for"`: An HTTP Task may not set the header "x-forwarded-for": the task fails at run time with States.Runtime. Remove it; credentials belong in the EventBridge connection
                error[INVALID_PARAMETER] 2:289 `"SQUARE"`: "SQUARE" is not a valid "Transform.RequestEncodingOptions.ArrayFormat" for http:invoke: use one of INDICES, REPEAT, COMMAS, BRACKETS.
            "#]],
        );
        // Dynamic values are not checked.
        check(
            &jsonata_task(
                "\"Resource\": \"arn:aws:states:::http:invoke\", \"Arguments\": {\"ApiEndpoint\": \"https://x\", \
                 \"Method\": \"{% $states.input.method %}\", \"InvocationConfig\": {\"ConnectionArn\": \"c\"}, \
                 \"Headers\": \"{% $states.input.headers %}\"}",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::http:invoke\", \"Parameters\": {\"ApiEndpoint.$\": \"$.url\", \
                 \"Method.$\": \"$.method\", \"InvocationConfig.$\": \"$.config\"}",
            ),
            expect![[r#"
                no diagnostics
            "#]],
        );
    }

    #[test]
    fn api_gateway() {
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::apigateway:invoke\", \"Parameters\": {\"ApiEndpoint\": \"a\", \
                 \"Method\": \"POST\", \"AuthType\": \"IAM\", \"Headers\": {\"authorization\": [\"x\"], \"x-api-key\": \
                 [\"k\"]}}",
            ),
            expect![[r#"
                error[INVALID_PARAMETER] 2:138 `"IAM"`: "IAM" is not a valid "AuthType" for apigateway:invoke: use one of NO_AUTH, IAM_ROLE, RESOURCE_POLICY.
                error[FORBIDDEN_HEADER] 2:157 `"authorization"`: apigateway:invoke does not accept the header "authorization": Step Functions rejects the definition. Remove it, or send the value under another name and map that name to the header in API Gateway
            "#]],
        );
    }

    #[test]
    fn lambda_enums() {
        check(
            &task(
                "\"Resource\": \"arn:aws:states:::lambda:invoke\", \"Parameters\": {\"FunctionName\": \"f\", \
                 \"InvocationType\": \"event\"}",
            ),
            expect![[r#"
                error[INVALID_PARAMETER] 2:123 `"event"`: "event" is not a valid "InvocationType" for lambda:invoke: use one of RequestResponse, Event, DryRun. Did you mean "Event"?
            "#]],
        );
    }

    #[test]
    fn nested_scopes_are_checked() {
        check(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
  {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {
    "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.sync", "End": true}}}}}}
]}}}"#,
            expect![[r#"
                error[INVALID_RESOURCE] 3:66 `"arn:aws:states:::sqs:sendMessage.sync"`: sqs:sendMessage does not support ".sync" (run a job and wait for it): it supports request-response (no suffix) and ".waitForTaskToken" (wait for a callback)
            "#]],
        );
    }
}

#[cfg(test)]
mod real_world {
    use expect_test::expect;

    use crate::check::tests::check;

    /// Forms seen in AWS's own sample workflows: integrations with the region
    /// and account filled in (as SAM's `!Sub` writes them), the Serverless
    /// Framework's `#{…}` placeholders, and Bedrock AgentCore.
    #[test]
    fn regional_integrations_and_other_placeholders() {
        check(
            r#"{"StartAt": "A", "States": {
  "A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject",
    "Parameters": {"Bucket": "b", "Key": "k"}, "Next": "B"},
  "B": {"Type": "Task", "Resource": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:aws-sdk:transcribe:startTranscriptionJob",
    "Parameters": {}, "Next": "C"},
  "C": {"Type": "Task", "Resource": "arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:fn", "Next": "D"},
  "D": {"Type": "Task", "Resource": "arn:aws:states:::bedrockagentcore:invokeHarness",
    "Parameters": {"HarnessArn": "arn", "RuntimeSessionId.$": "$$.Execution.Name"}, "Next": "E"},
  "E": {"Type": "Task", "Resource": "arn:aws:states:us_east:123456789012:aws-sdk:s3:getObject", "End": true}
}}"#,
            expect![[r#"
                warning[MISSING_PARAMETER] 5:5 `"Parameters"`: transcribe:startTranscriptionJob needs "Media" and "TranscriptionJobName" in "Parameters": the call fails without them
                error[INVALID_RESOURCE] 9:37 `"arn:aws:states:us_east:123456789012:aws-sdk:s3:getObject"`: A service integration ARN has an invalid region "us_east": use a region code such as "us-east-1"
            "#]],
        );
    }
}
