//! Task `Resource` strings: the ARN forms Step Functions accepts (activities,
//! Lambda functions, optimized and AWS SDK integrations, the HTTP Task),
//! parsed into a typed [`Resource`], and the `${…}` placeholders a deployment
//! tool fills in.

use crate::catalog::integrations::{find, service, Integration, Pattern};

/// A Task `Resource`, understood. Fields borrow from the string; a field may
/// still contain a `${…}` placeholder (see [`is_placeholder`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource<'a> {
    /// `arn:<partition>:states:<region>:<account>:activity:<name>`.
    Activity {
        partition: &'a str,
        region: &'a str,
        account: &'a str,
        name: &'a str,
    },
    /// `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`.
    LambdaFunction {
        partition: &'a str,
        region: &'a str,
        account: &'a str,
        name: &'a str,
        qualifier: Option<&'a str>,
    },
    /// `arn:<partition>:states:::<service>:<api>[suffix]`.
    Optimized {
        partition: &'a str,
        service: &'a str,
        api: &'a str,
        suffix: Pattern,
    },
    /// `arn:<partition>:states:::aws-sdk:<service>:<action>[suffix]`.
    AwsSdk {
        partition: &'a str,
        service: &'a str,
        action: &'a str,
        suffix: Pattern,
    },
    /// `arn:<partition>:states:::http:invoke[suffix]`.
    Http { partition: &'a str, suffix: Pattern },
    /// A well-formed ARN of another kind (`arn:aws:swf:…:task:X` in the spec's examples).
    OtherArn {
        partition: &'a str,
        service: &'a str,
        resource: &'a str,
    },
    /// Placeholders hide what the resource is.
    Unknown,
}

impl Resource<'_> {
    /// The optimized integration this resource calls, if it is a known one.
    pub fn integration(&self) -> Option<&'static Integration> {
        match *self {
            Resource::Optimized { service, api, .. } => find(service, api),
            Resource::Http { .. } => find("http", "invoke"),
            _ => None,
        }
    }

    /// The integration pattern of an integration resource.
    pub fn pattern(&self) -> Option<Pattern> {
        match *self {
            Resource::Optimized { suffix, .. } | Resource::AwsSdk { suffix, .. } | Resource::Http { suffix, .. } => {
                Some(suffix)
            }
            _ => None,
        }
    }
}

/// Why a `Resource` string is not one Step Functions accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceError {
    pub message: String,
}

fn fail<T>(message: impl Into<String>) -> Result<T, ResourceError> {
    Err(ResourceError {
        message: message.into(),
    })
}

/// The forms a Task resource can take, for messages.
pub const RESOURCE_FORMS: &str = "an activity (arn:aws:states:<region>:<account>:activity:<name>), a Lambda \
     function (arn:aws:lambda:<region>:<account>:function:<name>), a service integration \
     (arn:aws:states:::<service>:<api>) or an AWS SDK integration (arn:aws:states:::aws-sdk:<service>:<action>)";

/// True when `text` holds a `${…}` template placeholder (CloudFormation
/// `DefinitionSubstitutions`, SAM, CDK, Terraform), which a deployment tool replaces.
pub fn is_placeholder(text: &str) -> bool {
    // `#{…}` is the Serverless Framework's form of the same thing.
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'$', b'#', bytes).any(|at| bytes.get(at + 1) == Some(&b'{'))
}

/// A placeholder that can never be substituted: `${` without its `}`, or `${}`.
pub fn placeholder_problem(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        match after.find('}') {
            None => {
                return Some(format!(
                    "the placeholder {:?} is never closed: end it with '}}'",
                    &rest[start..]
                ))
            }
            Some(0) => return Some("the placeholder \"${}\" is empty: name the value to substitute".to_string()),
            Some(end) => rest = &after[end + 1..],
        }
    }
    None
}

/// Split on `:` outside `${…}` placeholders (which may contain `::`, as in `${AWS::Region}`).
fn split_colons(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_placeholder = false;
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'$' | b'#' if !in_placeholder && bytes.get(index + 1) == Some(&b'{') => {
                in_placeholder = true;
                index += 1;
            }
            b'}' if in_placeholder => in_placeholder = false,
            b':' if !in_placeholder => {
                parts.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
        index += 1;
    }
    parts.push(&text[start..]);
    parts
}

fn partition_ok(partition: &str) -> bool {
    partition == "aws"
        || partition.strip_prefix("aws-").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

fn region_ok(region: &str) -> bool {
    region
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn account_ok(account: &str) -> bool {
    account.bytes().all(|b| b.is_ascii_digit())
}

/// Lambda function names and aliases: letters, digits, `-` and `_`.
fn lambda_name_ok(name: &str, max: usize) -> bool {
    !name.is_empty()
        && name.len() <= max
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Activity names: 1–80 characters, no white space, brackets, wildcards or punctuation that ARNs reserve.
fn activity_name_ok(name: &str) -> bool {
    let count = name.chars().count();
    (1..=80).contains(&count)
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c))
}

/// Split `api[.suffix]` (and a trailing `:2` segment) into the API and its pattern.
fn split_suffix<'a>(api: &'a str, extra: Option<&str>, what: &str) -> Result<(&'a str, Pattern), ResourceError> {
    let (name, suffix) = match api.find('.') {
        Some(dot) if !is_placeholder(&api[dot..]) => (&api[..dot], &api[dot..]),
        _ => (api, ""),
    };
    let suffix = match extra {
        None => suffix.to_string(),
        Some(extra) => format!("{suffix}:{extra}"),
    };
    match Pattern::from_suffix(&suffix) {
        Some(pattern) => Ok((name, pattern)),
        None => {
            let known = [".sync", ".sync:2", ".waitForTaskToken"];
            let hint = crate::util::suggest::closest(&suffix, known)
                .map(|candidate| format!(" Did you mean {candidate:?}?"))
                .unwrap_or_default();
            fail(format!(
                "Unknown suffix {suffix:?} after the {what}: use none (request-response), \".sync\", \".sync:2\" \
                 or \".waitForTaskToken\".{hint}"
            ))
        }
    }
}

/// Parse a Task `Resource` string.
///
/// Placeholders (`${…}`) are taken to stand for whatever makes the string
/// valid: a part that holds one is not checked, and a string whose shape
/// they hide is [`Resource::Unknown`]. Malformed placeholders are not
/// reported here (see [`placeholder_problem`]).
pub fn parse_resource(text: &str) -> Result<Resource<'_>, ResourceError> {
    let placeholder = is_placeholder(text);
    let parts = split_colons(text);
    if parts[0] != "arn" {
        if placeholder {
            return Ok(Resource::Unknown);
        }
        if text.is_empty() {
            return fail(format!("\"Resource\" is empty: give {RESOURCE_FORMS}"));
        }
        if text.starts_with('$') {
            return fail(format!(
                "\"Resource\" must be a constant ARN, not a path or variable: give {RESOURCE_FORMS}"
            ));
        }
        return fail(format!("{text:?} is not an ARN: give {RESOURCE_FORMS}"));
    }
    if parts.len() < 6 {
        if placeholder {
            return Ok(Resource::Unknown);
        }
        return fail(format!(
            "{text:?} is not a complete ARN (arn:<partition>:<service>:<region>:<account>:<resource>): give \
             {RESOURCE_FORMS}"
        ));
    }
    let (partition, service, region, account) = (parts[1], parts[2], parts[3], parts[4]);
    if !is_placeholder(partition) && !partition_ok(partition) {
        return fail(format!(
            "Unknown partition {partition:?}: use \"aws\", or \"aws-cn\", \"aws-us-gov\" or another \"aws-…\" \
             partition"
        ));
    }
    if is_placeholder(service) {
        return Ok(Resource::Unknown);
    }
    match service {
        "states" => parse_states(text, &parts, partition, region, account),
        "lambda" => parse_lambda(&parts, partition, region, account),
        "" => fail(format!("{text:?} names no service: give {RESOURCE_FORMS}")),
        _ => Ok(Resource::OtherArn {
            partition,
            service,
            resource: parts[5],
        }),
    }
}

fn parse_states<'a>(
    text: &'a str,
    parts: &[&'a str],
    partition: &'a str,
    region: &'a str,
    account: &'a str,
) -> Result<Resource<'a>, ResourceError> {
    let placeholder = is_placeholder(text);
    // Integrations are written arn:p:states:::service:api; the service also
    // accepts them with the region and account filled in (SAM templates write
    // `arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:aws-sdk:…`).
    let kind = parts[5];
    let integration_like = kind == "aws-sdk" || kind == "http" || service(kind).is_some();
    if region.is_empty() != account.is_empty() && !placeholder {
        return fail(format!(
            "{text:?} mixes the two forms: a service integration leaves region and account empty \
             (arn:aws:states:::<service>:<api>), an activity gives both \
             (arn:aws:states:<region>:<account>:activity:<name>)"
        ));
    }
    if !(region.is_empty() && account.is_empty()) && integration_like {
        check_region_account(region, account, "A service integration ARN")?;
    }
    if (region.is_empty() && account.is_empty()) || integration_like {
        // arn:p:states:::service:api[.suffix][:2]
        let service = parts[5];
        if service == "aws-sdk" {
            let (sdk_service, action, extra) = match parts.len() {
                8 => (parts[6], parts[7], None),
                9 => (parts[6], parts[7], Some(parts[8])),
                _ if placeholder => return Ok(Resource::Unknown),
                _ => {
                    return fail(
                        "An AWS SDK integration has the form arn:aws:states:::aws-sdk:<service>:<action>, for \
                         example arn:aws:states:::aws-sdk:s3:getObject",
                    )
                }
            };
            if sdk_service.is_empty() || action.is_empty() {
                return fail(
                    "An AWS SDK integration names a service and an action: \
                     arn:aws:states:::aws-sdk:<service>:<action>, for example arn:aws:states:::aws-sdk:s3:getObject",
                );
            }
            if extra.is_some_and(is_placeholder) {
                return Ok(Resource::Unknown);
            }
            let (action, suffix) = split_suffix(action, extra, "AWS SDK action")?;
            return Ok(Resource::AwsSdk {
                partition,
                service: sdk_service,
                action,
                suffix,
            });
        }
        let (api, extra) = match parts.len() {
            7 => (parts[6], None),
            8 => (parts[6], Some(parts[7])),
            _ if placeholder => return Ok(Resource::Unknown),
            6 => {
                return fail(format!(
                    "{text:?} names no API: a service integration has the form arn:aws:states:::<service>:<api>, \
                     for example arn:aws:states:::lambda:invoke"
                ))
            }
            _ => {
                return fail(format!(
                    "{text:?} has too many parts: a service integration has the form \
                     arn:aws:states:::<service>:<api>[.sync|.sync:2|.waitForTaskToken]"
                ))
            }
        };
        if service.is_empty() || api.is_empty() {
            return fail(
                "A service integration names a service and an API: arn:aws:states:::<service>:<api>, for example \
                 arn:aws:states:::lambda:invoke",
            );
        }
        if extra.is_some_and(is_placeholder) {
            return Ok(Resource::Unknown);
        }
        let (api, suffix) = split_suffix(api, extra, "API name")?;
        if service == "http" && api == "invoke" {
            return Ok(Resource::Http { partition, suffix });
        }
        return Ok(Resource::Optimized {
            partition,
            service,
            api,
            suffix,
        });
    }
    if kind == "activity" {
        if parts.len() != 7 {
            if placeholder {
                return Ok(Resource::Unknown);
            }
            return fail(format!(
                "{text:?} is not an activity ARN: the form is arn:aws:states:<region>:<account>:activity:<name>"
            ));
        }
        let name = parts[6];
        check_region_account(region, account, "An activity ARN")?;
        if !is_placeholder(name) && !activity_name_ok(name) {
            return fail(format!(
                "Invalid activity name {name:?}: 1 to 80 characters without white space, brackets, wildcards or \
                 any of \" # % \\ ^ | ~ ` $ & , ; : /"
            ));
        }
        return Ok(Resource::Activity {
            partition,
            region,
            account,
            name,
        });
    }
    if placeholder && is_placeholder(kind) {
        return Ok(Resource::Unknown);
    }
    if kind == "stateMachine" {
        return fail(
            "A state machine ARN cannot be a Task resource: to run another state machine use \
             \"arn:aws:states:::states:startExecution\" (or \".sync:2\" to wait for it) with \"StateMachineArn\" in \
             the parameters",
        );
    }
    if region.is_empty() || account.is_empty() {
        return fail(format!(
            "{text:?} mixes the two forms: a service integration leaves region and account empty \
             (arn:aws:states:::<service>:<api>), an activity gives both \
             (arn:aws:states:<region>:<account>:activity:<name>)"
        ));
    }
    fail(format!(
        "{text:?} is neither an activity nor a service integration: use \
         arn:aws:states:<region>:<account>:activity:<name> or arn:aws:states:::<service>:<api>"
    ))
}

fn check_region_account(region: &str, account: &str, what: &str) -> Result<(), ResourceError> {
    if !is_placeholder(region) && !region_ok(region) {
        return fail(format!(
            "{what} has an invalid region {region:?}: use a region code such as \"us-east-1\""
        ));
    }
    if !is_placeholder(account) && !account_ok(account) {
        return fail(format!(
            "{what} has an invalid account {account:?}: use the 12-digit account ID"
        ));
    }
    Ok(())
}

fn parse_lambda<'a>(
    parts: &[&'a str],
    partition: &'a str,
    region: &'a str,
    account: &'a str,
) -> Result<Resource<'a>, ResourceError> {
    let last = parts[parts.len() - 1];
    if let Some(dot) = last.find(".waitForTaskToken").or_else(|| last.find(".sync")) {
        let suffix = &last[dot..];
        return fail(format!(
            "A Lambda function ARN cannot take {suffix:?}: use \"arn:aws:states:::lambda:invoke{suffix}\" with the \
             function in \"FunctionName\"{}",
            if suffix.starts_with(".waitForTaskToken") {
                " and the task token in \"Payload\""
            } else {
                " (Lambda has no \".sync\" pattern)"
            }
        ));
    }
    let placeholder = parts.iter().any(|part| is_placeholder(part));
    if parts[5] != "function" {
        if is_placeholder(parts[5]) {
            return Ok(Resource::Unknown);
        }
        return fail(
            "A Lambda resource is a function ARN: arn:aws:lambda:<region>:<account>:function:<name>[:<version or \
             alias>]",
        );
    }
    let (name, qualifier) =
        match parts.len() {
            7 => (parts[6], None),
            8 => (parts[6], Some(parts[7])),
            _ if placeholder => return Ok(Resource::Unknown),
            _ => return fail(
                "A Lambda resource is a function ARN: arn:aws:lambda:<region>:<account>:function:<name>[:<version or \
                 alias>]",
            ),
        };
    check_region_account(region, account, "The Lambda function ARN")?;
    if !is_placeholder(name) && !lambda_name_ok(name, 64) {
        return fail(format!(
            "Invalid Lambda function name {name:?}: use 1 to 64 letters, digits, '-' or '_'"
        ));
    }
    if let Some(qualifier) = qualifier {
        if !is_placeholder(qualifier) && qualifier != "$LATEST" && !lambda_name_ok(qualifier, 128) {
            return fail(format!(
                "Invalid version or alias {qualifier:?}: use a version number, \"$LATEST\" or an alias of letters, \
                 digits, '-' or '_' (or drop the last ':')"
            ));
        }
    }
    Ok(Resource::LambdaFunction {
        partition,
        region,
        account,
        name,
        qualifier,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(
            parse_resource("arn:aws:states:::lambda:invoke.waitForTaskToken"),
            Ok(Resource::Optimized {
                partition: "aws",
                service: "lambda",
                api: "invoke",
                suffix: Pattern::WaitForTaskToken
            })
        );
        assert_eq!(
            parse_resource("arn:aws-cn:states:::states:startExecution.sync:2"),
            Ok(Resource::Optimized {
                partition: "aws-cn",
                service: "states",
                api: "startExecution",
                suffix: Pattern::Sync2
            })
        );
        assert_eq!(
            parse_resource("arn:aws:states:::aws-sdk:s3:getObject"),
            Ok(Resource::AwsSdk {
                partition: "aws",
                service: "s3",
                action: "getObject",
                suffix: Pattern::RequestResponse
            })
        );
        assert_eq!(
            parse_resource("arn:aws:states:::http:invoke"),
            Ok(Resource::Http {
                partition: "aws",
                suffix: Pattern::RequestResponse
            })
        );
        assert_eq!(
            parse_resource("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:fn:$LATEST"),
            Ok(Resource::LambdaFunction {
                partition: "aws-us-gov",
                region: "us-gov-west-1",
                account: "123456789012",
                name: "fn",
                qualifier: Some("$LATEST")
            })
        );
        assert_eq!(
            parse_resource("arn:aws:states:us-east-1:123456789012:activity:hello-world"),
            Ok(Resource::Activity {
                partition: "aws",
                region: "us-east-1",
                account: "123456789012",
                name: "hello-world"
            })
        );
        assert_eq!(
            parse_resource("arn:aws:swf:us-east-1:123456789012:task:X"),
            Ok(Resource::OtherArn {
                partition: "aws",
                service: "swf",
                resource: "task"
            })
        );
        assert_eq!(
            parse_resource("arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}"),
            Ok(Resource::LambdaFunction {
                partition: "aws",
                region: "${AWS::Region}",
                account: "${AWS::AccountId}",
                name: "${Fn}",
                qualifier: None
            })
        );
        assert_eq!(parse_resource("${ProcessFunctionArn}"), Ok(Resource::Unknown));
        assert!(parse_resource("arn:aws:lambda:us-east-1:1:function:f:").is_err());
        assert!(parse_resource("arn:aws:states:::lambda:invoke.syncc").is_err());
        assert!(parse_resource("arn:amazon:states:::lambda:invoke").is_err());
        assert!(parse_resource("").is_err());
    }

    #[test]
    fn placeholders() {
        assert_eq!(placeholder_problem("${a}:${b}"), None);
        assert!(placeholder_problem("${lambdaArn").is_some());
        assert!(placeholder_problem("x${}").is_some());
        assert_eq!(
            split_colons("arn:${AWS::Partition}:x"),
            ["arn", "${AWS::Partition}", "x"]
        );
    }
}
