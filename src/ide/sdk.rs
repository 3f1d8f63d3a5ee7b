//! Editor help for AWS SDK integrations, as plain functions over the
//! generated catalogue: completion of services and actions in a `Resource`,
//! of members and enum values in `Parameters`/`Arguments` and of error names
//! in `ErrorEquals`, and hover text for a resource or a member. Completion
//! and hover call these once they know where the cursor is.

use crate::catalog::sdk::{self, Action, JsonKind, Member, Service};
use crate::lang::arn::{self, Resource};

/// One completion item. Where it goes is the caller's business: for a
/// resource, `insert_text` replaces the word [`resource_word`] returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkItem {
    pub label: String,
    pub detail: String,
    /// Markdown.
    pub documentation: String,
    pub insert_text: String,
    /// For a member: a JSON value of its type to put after the key (`""`, `0`, `[]`, `{}`, …).
    pub skeleton: Option<&'static str>,
}

const SDK_PREFIX: &str = "aws-sdk:";

/// The word of a `Resource` string being typed, for the text from the start of
/// the string to the cursor: what follows the last `:` once `aws-sdk:` is there.
pub fn resource_word(prefix: &str) -> Option<&str> {
    let at = prefix.find(SDK_PREFIX)?;
    let rest = &prefix[at + SDK_PREFIX.len()..];
    Some(rest.rfind(':').map_or(rest, |colon| &rest[colon + 1..]))
}

/// Services after `…:aws-sdk:`, actions after `…:aws-sdk:<service>:`; nothing elsewhere.
/// `prefix` is the text of the `Resource` string from its start to the cursor.
pub fn resource_completions(prefix: &str) -> Vec<SdkItem> {
    let Some(at) = prefix.find(SDK_PREFIX) else {
        return Vec::new();
    };
    let rest = &prefix[at + SDK_PREFIX.len()..];
    match rest.split_once(':') {
        None => sdk::services()
            .iter()
            .filter(|service| !service.is_retired())
            .map(service_item)
            .collect(),
        Some((service, action)) if !action.contains(':') && !action.contains('.') => {
            let Some(service) = sdk::service_ignoring_case(service) else {
                return Vec::new();
            };
            service
                .actions()
                .iter()
                .map(|action| action_item(service, action))
                .collect()
        }
        Some(_) => Vec::new(),
    }
}

fn service_item(service: &'static Service) -> SdkItem {
    SdkItem {
        label: service.name.to_string(),
        detail: service.full_name.to_string(),
        documentation: format!(
            "**{}** · {} actions\n\n`arn:aws:states:::aws-sdk:{}:<action>`; its errors are named `{}.<Name>Exception`.",
            service.full_name,
            service.actions().len(),
            service.name,
            service.error_prefix
        ),
        insert_text: format!("{}:", service.name),
        skeleton: None,
    }
}

fn action_item(service: &Service, action: &Action) -> SdkItem {
    SdkItem {
        label: action.name.to_string(),
        detail: format!("{}:{}", service.name, action.name),
        documentation: action_markdown(service, action),
        insert_text: action.name.to_string(),
        skeleton: None,
    }
}

/// The input members of an action, required ones first, each with a value skeleton.
pub fn parameter_completions(service: &str, action: &str) -> Vec<SdkItem> {
    let Some((_, action)) = find(service, action) else {
        return Vec::new();
    };
    let mut members: Vec<&Member> = action.members.iter().collect();
    members.sort_by_key(|member| !member.required);
    members
        .into_iter()
        .map(|member| SdkItem {
            label: member.name.to_string(),
            detail: format!("{}{}", member.ty, if member.required { " · required" } else { "" }),
            documentation: member_markdown(member),
            insert_text: member.name.to_string(),
            skeleton: Some(skeleton(member)),
        })
        .collect()
}

fn skeleton(member: &Member) -> &'static str {
    match member.kind() {
        JsonKind::String | JsonKind::Any => "\"\"",
        JsonKind::Number => "0",
        JsonKind::Boolean => "false",
        JsonKind::Array => "[]",
        JsonKind::Object => "{}",
    }
}

/// The values an enumerated member takes (for a list member, those of its items).
pub fn value_completions(service: &str, action: &str, member: &str) -> Vec<SdkItem> {
    let Some(member) = find(service, action).and_then(|(_, action)| action.member_ignoring_case(member)) else {
        return Vec::new();
    };
    member
        .values
        .iter()
        .map(|value| SdkItem {
            label: value.to_string(),
            detail: format!("{} value", member.name),
            documentation: String::new(),
            insert_text: value.to_string(),
            skeleton: None,
        })
        .collect()
}

/// The error names an action can raise, as `ErrorEquals` spells them (`S3.NoSuchKeyException`).
pub fn error_completions(service: &str, action: &str) -> Vec<SdkItem> {
    let Some((service, action)) = find(service, action) else {
        return Vec::new();
    };
    action
        .exceptions
        .iter()
        .map(|exception| {
            let name = service.error_name(exception);
            SdkItem {
                label: name.clone(),
                detail: format!("raised by {}:{}", service.name, action.name),
                documentation: format!(
                    "`{exception}` from the service, with Step Functions' prefix `{}.`",
                    service.error_prefix
                ),
                insert_text: name,
                skeleton: None,
            }
        })
        .collect()
}

/// Hover on an `aws-sdk` resource: the action's summary and its required members.
pub fn hover_resource(service: &str, action: &str) -> Option<String> {
    let (service, action) = find(service, action)?;
    Some(action_markdown(service, action))
}

/// Hover on a key of `Parameters`/`Arguments` (with or without `.$`): its type and documentation.
pub fn hover_parameter(service: &str, action: &str, name: &str) -> Option<String> {
    let (_, action) = find(service, action)?;
    let member = action.member_ignoring_case(name.strip_suffix(".$").unwrap_or(name))?;
    Some(member_markdown(member))
}

/// The service and action of an `aws-sdk` resource string, if it names known ones.
pub fn resolve(resource: &str) -> Option<(&'static str, &'static str)> {
    match arn::parse_resource(resource).ok()? {
        Resource::AwsSdk { service, action, .. } => {
            let (service, action) = find(service, action)?;
            Some((service.name, action.name))
        }
        _ => None,
    }
}

/// The service and action (as the SDK catalogue names them) whose request
/// a Task with this `Resource` sends: an `aws-sdk` integration's, or an
/// optimized integration's whose API AWS's model describes
/// (`dynamodb:getItem` sends `dynamodb:getItem`'s, `events:putEvents`
/// EventBridge's `putEvents`).
pub fn request(resource: &str) -> Option<(&'static str, &'static str)> {
    let parsed = arn::parse_resource(resource).ok()?;
    if let Resource::Optimized { .. } = parsed {
        let (service, action) = parsed.integration()?.model()?;
        return Some((service.name, action.name));
    }
    resolve(resource)
}

fn find(service: &str, action: &str) -> Option<(&'static Service, &'static Action)> {
    let service = sdk::service_ignoring_case(service)?;
    Some((service, service.action_ignoring_case(action)?))
}

fn action_markdown(service: &Service, action: &Action) -> String {
    let mut text = format!("**{}:{}** · {}", service.name, action.name, service.full_name);
    if action.deprecated {
        text.push_str(" · deprecated");
    }
    if !action.doc.is_empty() {
        text.push_str("\n\n");
        text.push_str(action.doc);
    }
    let required: Vec<String> = action.required().map(|member| format!("`{}`", member.name)).collect();
    text.push_str("\n\n");
    if required.is_empty() {
        text.push_str("No required parameters.");
    } else {
        text.push_str(&format!("Required: {}", required.join(", ")));
    }
    text
}

fn member_markdown(member: &Member) -> String {
    let mut text = format!(
        "**{}** `{}`{}",
        member.name,
        member.ty,
        if member.required { " · required" } else { "" }
    );
    if !member.doc.is_empty() {
        text.push_str("\n\n");
        text.push_str(member.doc);
    }
    if !member.values.is_empty() {
        let shown: Vec<String> = member
            .values
            .iter()
            .take(20)
            .map(|value| format!("`{value}`"))
            .collect();
        let more = member.values.len().saturating_sub(shown.len());
        text.push_str(&format!("\n\nOne of {}", shown.join(", ")));
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `Resource` string of a `$0` fixture, up to the cursor.
    fn typed(fixture: &str) -> String {
        let (text, offset) = crate::ide::fixture::cursor(fixture);
        let start = text[..offset].rfind('"').map_or(0, |quote| quote + 1);
        text[start..offset].to_string()
    }

    fn labels(items: &[SdkItem]) -> Vec<&str> {
        items.iter().map(|item| item.label.as_str()).collect()
    }

    #[test]
    fn services_after_aws_sdk() {
        let prefix = typed(r#"{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dyn$0"}"#);
        assert_eq!(resource_word(&prefix), Some("dyn"));
        let items = resource_completions(&prefix);
        let labels = labels(&items);
        assert!(labels.contains(&"dynamodb") && labels.contains(&"s3") && labels.contains(&"sfn"));
        assert!(!labels.contains(&"robomaker"), "retired services are not offered");
        let dynamodb = items.iter().find(|item| item.label == "dynamodb").expect("dynamodb");
        assert_eq!(dynamodb.insert_text, "dynamodb:");
        assert_eq!(dynamodb.detail, "Amazon DynamoDB");
        assert!(dynamodb.documentation.contains("DynamoDb.<Name>Exception"));
        assert!(resource_completions("arn:aws:states:::lambda:inv").is_empty());
    }

    #[test]
    fn actions_after_the_service() {
        let prefix = typed(r#""Resource": "arn:aws:states:::aws-sdk:s3:get$0Object""#);
        assert_eq!(resource_word(&prefix), Some("get"));
        let items = resource_completions(&prefix);
        let get_object = items.iter().find(|item| item.label == "getObject").expect("getObject");
        assert_eq!(get_object.detail, "s3:getObject");
        assert!(get_object.documentation.contains("Required: `Bucket`, `Key`"));
        assert!(!labels(&items).contains(&"selectObjectContent"));
        assert!(resource_completions("arn:aws:states:::aws-sdk:nosuchservice:").is_empty());
        assert!(resource_completions("arn:aws:states:::aws-sdk:s3:getObject.wait").is_empty());
    }

    #[test]
    fn members_required_first_with_skeletons() {
        let items = parameter_completions("s3", "getObject");
        assert_eq!(labels(&items[..2]), ["Bucket", "Key"]);
        assert!(items[0].detail.ends_with("required"));
        assert!(items[2..].iter().all(|item| !item.detail.ends_with("required")));
        assert_eq!(items[0].skeleton, Some("\"\""));
        let ec2 = parameter_completions("ec2", "describeInstances");
        let filters = ec2.iter().find(|item| item.label == "Filters").expect("Filters");
        assert_eq!(filters.skeleton, Some("[]"));
        let dry_run = ec2.iter().find(|item| item.label == "DryRun").expect("DryRun");
        assert_eq!(dry_run.skeleton, Some("false"));
        assert!(parameter_completions("s3", "nope").is_empty());
    }

    #[test]
    fn enum_values_and_error_names() {
        assert_eq!(
            labels(&value_completions("s3", "getObject", "ChecksumMode")),
            ["ENABLED"]
        );
        let attributes = value_completions("sqs", "getQueueAttributes", "AttributeNames");
        assert!(labels(&attributes).contains(&"Policy"));
        assert!(value_completions("s3", "getObject", "Bucket").is_empty());
        let errors = error_completions("s3", "getObject");
        assert!(labels(&errors).contains(&"S3.NoSuchKeyException"));
        let errors = error_completions("dynamodb", "getItem");
        assert!(labels(&errors).contains(&"DynamoDb.ResourceNotFoundException"));
    }

    #[test]
    fn hovers() {
        let resource = hover_resource("s3", "getObject").expect("hover");
        assert!(resource.starts_with("**s3:getObject** · Amazon Simple Storage Service\n\nRetrieves an object"));
        assert!(resource.ends_with("Required: `Bucket`, `Key`"));
        let member = hover_parameter("s3", "getObject", "Bucket.$").expect("hover");
        assert!(member.starts_with("**Bucket** `string` · required\n\n"), "{member}");
        let mode = hover_parameter("s3", "getObject", "ChecksumMode").expect("hover");
        assert!(mode.ends_with("One of `ENABLED`"), "{mode}");
        assert!(hover_parameter("s3", "getObject", "Buckt").is_none());
        assert!(hover_resource("s3", "getObjekt").is_none());
        assert_eq!(
            resolve("arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken"),
            Some(("sqs", "sendMessage"))
        );
        assert_eq!(resolve("arn:aws:states:::lambda:invoke"), None);
        // An optimized integration sends its API's request; errors stay the SDK's own.
        assert_eq!(request("arn:aws:states:::lambda:invoke"), Some(("lambda", "invoke")));
        assert_eq!(
            request("arn:aws:states:::states:startExecution.sync:2"),
            Some(("sfn", "startExecution"))
        );
        assert_eq!(request("arn:aws:states:::apigateway:invoke"), None);
        let member = hover_parameter("lambda", "invoke", "InvocationType").expect("hover");
        assert!(member.contains("`RequestResponse`"), "{member}");
    }
}
