//! The AWS SDK integrations (`arn:aws:states:::aws-sdk:<service>:<action>`):
//! every service, action, input member and exception, from the table that
//! `scripts/gen-sdk.py` generates out of AWS's service models.
//!
//! The table ships compressed inside the binary and costs nothing until it is
//! used: the first lookup reads its header (the services), and a service's
//! lines are inflated and parsed the first time that service is asked for.
//! Data only: the rules live in `check/sdk.rs`, the editor help in `ide/sdk.rs`.

use std::sync::OnceLock;

/// The generated table: a header naming each service, then each service's
/// lines compressed with zlib on their own (see `pack` in `scripts/gen-sdk.py`).
static STORED: &[u8] = include_bytes!("data/sdk.tsv.z");

/// Inflating stops here: the largest service (EC2) has about 1 MB of lines.
const MAX_SERVICE_BYTES: usize = 16 << 20;

/// Separates the values of an enum in the table.
const ENUM_SEPARATOR: char = '\u{1f}';

/// An AWS service Step Functions can call through an AWS SDK integration.
#[derive(Debug)]
pub struct Service {
    /// The name in the resource ARN, lower case (`s3`, `cloudwatchlogs`, `sfn`).
    pub name: &'static str,
    /// The first part of the service's error names (`S3`, `CloudWatchLogs`, `Sfn`).
    pub error_prefix: &'static str,
    /// The name of the service's model in botocore (`s3`, `logs`, `stepfunctions`); empty when retired.
    pub model_name: &'static str,
    /// AWS's full name of the service (`Amazon Simple Storage Service`).
    pub full_name: &'static str,
    /// The service's own line of the table, without the length.
    line: &'static str,
    /// The lines after it, compressed.
    compressed: &'static [u8],
    body: OnceLock<&'static str>,
    parsed: OnceLock<ServiceData>,
}

#[derive(Debug, Default)]
struct ServiceData {
    actions: Vec<Action>,
}

/// One API action of a service, as Step Functions names it (camelCase).
#[derive(Debug)]
pub struct Action {
    pub name: &'static str,
    /// The first paragraph of AWS's documentation, as plain text.
    pub doc: &'static str,
    /// AWS marks the action deprecated.
    pub deprecated: bool,
    /// The errors it can raise, without the service prefix (`NoSuchKeyException`).
    pub exceptions: Vec<&'static str>,
    /// Input members, sorted by name.
    pub members: Vec<Member>,
}

/// One member of an action's input: a key of `Parameters`/`Arguments`.
#[derive(Debug)]
pub struct Member {
    /// As Step Functions spells it (PascalCase; `Equals` becomes `EqualsValue`).
    pub name: &'static str,
    /// The model's type: `string`, `integer`, `boolean`, `timestamp`, `blob`,
    /// `list<…>`, `map<…,…>`, or the name of a structure (`Tag`).
    pub ty: &'static str,
    pub required: bool,
    /// The values a string member (or each item of a list member) may take.
    pub values: &'static [&'static str],
    /// The first sentence of AWS's documentation, as plain text.
    pub doc: &'static str,
}

/// The JSON a member's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonKind {
    String,
    Number,
    Boolean,
    Array,
    Object,
    /// A document member, or a timestamp (a string or a number): any value.
    Any,
}

impl Member {
    pub fn kind(&self) -> JsonKind {
        match self.ty {
            "string" | "blob" => JsonKind::String,
            "integer" | "long" | "double" | "float" | "bigdecimal" | "biginteger" | "byte" | "short" => {
                JsonKind::Number
            }
            "boolean" => JsonKind::Boolean,
            "timestamp" | "document" => JsonKind::Any,
            ty if ty.starts_with("list") => JsonKind::Array,
            _ => JsonKind::Object,
        }
    }
}

impl Service {
    /// A retired service: Step Functions knew it, its model is gone, and so are its actions.
    pub fn is_retired(&self) -> bool {
        self.model_name.is_empty()
    }

    /// The lines after the service's own, inflated the first time they are needed.
    fn body(&self) -> &'static str {
        // Once per service for the life of the process, like the table they come from.
        self.body
            .get_or_init(|| Box::leak(inflate(self.compressed).into_boxed_str()))
    }

    fn data(&self) -> &ServiceData {
        self.parsed.get_or_init(|| parse_service(self.body()))
    }

    /// Every supported action, sorted by name.
    pub fn actions(&self) -> &[Action] {
        &self.data().actions
    }

    /// The action of that exact name.
    pub fn action(&self, name: &str) -> Option<&Action> {
        let actions = self.actions();
        actions
            .binary_search_by(|action| action.name.cmp(name))
            .ok()
            .and_then(|index| actions.get(index))
    }

    /// The action of that name in any case (`GetObject` for `getObject`).
    pub fn action_ignoring_case(&self, name: &str) -> Option<&Action> {
        self.action(name).or_else(|| {
            self.actions()
                .iter()
                .find(|action| action.name.eq_ignore_ascii_case(name))
        })
    }

    /// The full error name Step Functions gives an exception of this service (`S3.NoSuchKeyException`).
    pub fn error_name(&self, exception: &str) -> String {
        format!("{}.{exception}", self.error_prefix)
    }
}

impl Action {
    /// The member of that exact name.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members
            .binary_search_by(|member| member.name.cmp(name))
            .ok()
            .and_then(|index| self.members.get(index))
    }

    /// The member of that name in any case.
    pub fn member_ignoring_case(&self, name: &str) -> Option<&Member> {
        self.member(name).or_else(|| {
            self.members
                .iter()
                .find(|member| member.name.eq_ignore_ascii_case(name))
        })
    }

    pub fn required(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|member| member.required)
    }
}

struct Table {
    /// The botocore release the table was generated from.
    version: &'static str,
    /// The comment lines at the top.
    comments: Vec<&'static str>,
    services: Vec<Service>,
}

static TABLE: OnceLock<Table> = OnceLock::new();
static TEXT: OnceLock<String> = OnceLock::new();

fn table() -> &'static Table {
    TABLE.get_or_init(index)
}

/// Read the stored table's header: the services and where their compressed
/// lines lie. Nothing is inflated yet.
fn index() -> Table {
    let split = STORED.windows(2).position(|pair| pair == b"\n\n");
    let (header, mut blocks) = match split {
        Some(at) => (&STORED[..at], &STORED[at + 2..]),
        None => (STORED, &[][..]),
    };
    let header = std::str::from_utf8(header).unwrap_or_default();
    let mut version = "";
    let mut comments = Vec::new();
    let mut services = Vec::new();
    for line in header.lines() {
        if line.starts_with('#') {
            if let Some(at) = line.find("botocore ") {
                version = line[at + "botocore ".len()..].trim();
            }
            comments.push(line);
            continue;
        }
        let Some((line, length)) = line.rsplit_once('\t') else {
            continue;
        };
        let Some(rest) = line.strip_prefix("S\t") else {
            continue;
        };
        let length = length.parse::<usize>().unwrap_or(0).min(blocks.len());
        let (compressed, rest_of_blocks) = blocks.split_at(length);
        blocks = rest_of_blocks;
        let mut fields = rest.split('\t');
        let name = fields.next().unwrap_or_default();
        let error_prefix = fields.next().unwrap_or_default();
        let model_name = fields.next().unwrap_or_default();
        let full_name = fields.next().unwrap_or_default();
        services.push(Service {
            name,
            error_prefix,
            model_name: if model_name == "-" { "" } else { model_name },
            full_name,
            line,
            compressed,
            body: OnceLock::new(),
            parsed: OnceLock::new(),
        });
    }
    services.sort_by(|a, b| a.name.cmp(b.name));
    Table {
        version,
        comments,
        services,
    }
}

/// The lines of one service, inflated (empty if the data were damaged).
fn inflate(compressed: &[u8]) -> String {
    if compressed.is_empty() {
        return String::new();
    }
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(compressed, MAX_SERVICE_BYTES)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// The whole table as the generator's `--text` option writes it: every
/// service inflated. For the test that keeps the table current.
pub fn table_text() -> &'static str {
    TEXT.get_or_init(|| {
        let table = table();
        let mut text = String::new();
        for comment in &table.comments {
            text.push_str(comment);
            text.push('\n');
        }
        for service in &table.services {
            text.push_str(service.line);
            text.push('\n');
            text.push_str(service.body());
        }
        text
    })
}

fn parse_service(body: &'static str) -> ServiceData {
    let mut exceptions: Vec<&'static str> = Vec::new();
    let mut enums: Vec<Vec<&'static str>> = Vec::new();
    let mut actions: Vec<Action> = Vec::new();
    // Enum values are referred to by index; members keep slices of `enums`,
    // which cannot move once the service is parsed, so they are resolved at the end.
    let mut member_enums: Vec<(usize, usize, usize)> = Vec::new();
    for line in body.lines() {
        let mut fields = line.split('\t');
        match fields.next() {
            Some("X") => {
                exceptions = fields
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .filter(|name| !name.is_empty())
                    .collect();
            }
            Some("E") => {
                let values = fields.nth(1).unwrap_or_default();
                enums.push(values.split(ENUM_SEPARATOR).collect());
            }
            Some("A") => {
                let name = fields.next().unwrap_or_default();
                let doc = fields.next().unwrap_or_default();
                let errors = fields.next().unwrap_or_default();
                let flags = fields.next().unwrap_or_default();
                actions.push(Action {
                    name,
                    doc,
                    deprecated: flags.contains('d'),
                    exceptions: errors
                        .split(',')
                        .filter_map(|index| index.parse::<usize>().ok())
                        .filter_map(|index| exceptions.get(index).copied())
                        .collect(),
                    members: Vec::new(),
                });
            }
            Some("P") => {
                let action_index = actions.len().saturating_sub(1);
                let Some(action) = actions.last_mut() else {
                    continue;
                };
                let name = fields.next().unwrap_or_default();
                let ty = fields.next().unwrap_or_default();
                let required = fields.next().unwrap_or_default().contains('r');
                let enum_id = fields.next().unwrap_or_default();
                let doc = fields.next().unwrap_or_default();
                if let Ok(id) = enum_id.parse::<usize>() {
                    member_enums.push((action_index, action.members.len(), id));
                }
                action.members.push(Member {
                    name,
                    ty,
                    required,
                    values: &[],
                    doc,
                });
            }
            _ => {}
        }
    }
    // Parsed once per service for the life of the process, like the text it points into.
    let enums: &'static [Vec<&'static str>] = Box::leak(enums.into_boxed_slice());
    for (action, member, id) in member_enums {
        if let (Some(member), Some(values)) = (
            actions
                .get_mut(action)
                .and_then(|action| action.members.get_mut(member)),
            enums.get(id),
        ) {
            member.values = values.as_slice();
        }
    }
    for action in &mut actions {
        action.members.sort_by(|a, b| a.name.cmp(b.name));
    }
    actions.sort_by(|a, b| a.name.cmp(b.name));
    ServiceData { actions }
}

/// Every service, sorted by name.
pub fn services() -> &'static [Service] {
    &table().services
}

/// The service of that exact name (`s3`).
pub fn service(name: &str) -> Option<&'static Service> {
    let services = services();
    services
        .binary_search_by(|service| service.name.cmp(name))
        .ok()
        .and_then(|index| services.get(index))
}

/// The service of that name in any case (`S3` for `s3`).
pub fn service_ignoring_case(name: &str) -> Option<&'static Service> {
    service(name).or_else(|| {
        services()
            .iter()
            .find(|service| service.name.eq_ignore_ascii_case(name))
    })
}

/// The action `action` of service `service`, both exact.
pub fn action(service: &str, action: &str) -> Option<(&'static Service, &'static Action)> {
    let service = self::service(service)?;
    Some((service, service.action(action)?))
}

/// The botocore release the table comes from.
pub fn botocore_version() -> &'static str {
    table().version
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_inflates_and_indexes() {
        assert!(services().len() > 400, "{} services", services().len());
        assert!(!botocore_version().is_empty());
        let names: Vec<&str> = services().iter().map(|service| service.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted, "services sorted and unique");
    }

    #[test]
    fn step_functions_names_and_error_prefixes() {
        for (name, prefix, model) in [
            ("s3", "S3", "s3"),
            ("sfn", "Sfn", "stepfunctions"),
            ("cloudwatchlogs", "CloudWatchLogs", "logs"),
            ("dynamodb", "DynamoDb", "dynamodb"),
            ("acmpca", "AcmPca", "acm-pca"),
            ("eventbridge", "EventBridge", "events"),
            ("databasemigration", "DatabaseMigration", "dms"),
            ("elasticloadbalancingv2", "ElasticLoadBalancingV2", "elbv2"),
            ("sesv2", "SesV2", "sesv2"),
            ("bedrockruntime", "BedrockRuntime", "bedrock-runtime"),
            ("ec2", "Ec2", "ec2"),
        ] {
            let service = service(name).unwrap_or_else(|| panic!("no service {name}"));
            assert_eq!(service.error_prefix, prefix, "{name}");
            assert_eq!(service.model_name, model, "{name}");
        }
        assert!(
            service("logs").is_none(),
            "botocore's names are not Step Functions' names"
        );
        assert!(service("nosuchservice").is_none());
        assert_eq!(service_ignoring_case("S3").map(|s| s.name), Some("s3"));
    }

    #[test]
    fn actions_members_and_exceptions() {
        let (s3, get_object) = action("s3", "getObject").expect("s3:getObject");
        assert!(!get_object.doc.is_empty());
        let bucket = get_object.member("Bucket").expect("Bucket");
        assert!(bucket.required);
        assert_eq!(bucket.kind(), JsonKind::String);
        assert!(get_object.member("Key").is_some_and(|key| key.required));
        assert!(get_object.member("Range").is_some_and(|range| !range.required));
        assert!(get_object.exceptions.contains(&"NoSuchKeyException"));
        assert_eq!(s3.error_name("NoSuchKeyException"), "S3.NoSuchKeyException");
        let mode = get_object.member("ChecksumMode").expect("ChecksumMode");
        assert_eq!(mode.values, ["ENABLED"]);
        assert!(s3.action("listObjectsV2").is_some());
        assert!(s3.action("getObjekt").is_none());
        assert_eq!(s3.action_ignoring_case("GetObject").map(|a| a.name), Some("getObject"));
        // The first letter of a camelCase model member is raised (Batch's jobName).
        let (_, submit) = action("batch", "submitJob").expect("batch:submitJob");
        assert!(submit.member("JobName").is_some_and(|member| member.required));
        // EC2's lists keep their plural names.
        let (_, describe) = action("ec2", "describeInstances").expect("ec2:describeInstances");
        assert!(describe.member("Filters").is_some_and(|m| m.kind() == JsonKind::Array));
        assert!(describe.member("InstanceIds").is_some());
    }

    #[test]
    fn unsupported_and_streaming_actions_are_left_out() {
        let s3 = service("s3").expect("s3");
        assert!(s3.action("selectObjectContent").is_none());
        let bedrock = service("bedrockruntime").expect("bedrockruntime");
        assert!(bedrock.action("converse").is_some());
        assert!(bedrock.action("converseStream").is_none());
        assert!(bedrock.action("invokeModelWithResponseStream").is_none());
        let lambda = service("lambda").expect("lambda");
        assert!(lambda.action("invoke").is_some());
        assert!(lambda.action("invokeAsync").is_none());
        assert!(service("cloudwatchlogs").is_some_and(|logs| logs.action("startLiveTail").is_none()));
    }

    #[test]
    fn retired_services_are_known_by_name() {
        let service = service("robomaker").expect("robomaker");
        assert!(service.is_retired());
        assert!(service.actions().is_empty());
    }
}
