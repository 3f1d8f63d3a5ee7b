//! Whole states as completions where a new state can go (directly under
//! any `States`): one per state type and per common integration, in the
//! machine's query language, named so that no other state of the
//! definition has the name, with the name and the transition as tab stops.
//!
//! Each snippet is one small tree of values rendered as JSON or as block
//! YAML. For clients that take snippets the text after the first line is
//! indented relative to the line the state goes on (the client adds that
//! line's indentation); for the others it is plain text with the
//! indentation written out. In JSON a state written before another one
//! ends with its comma, and one written after a member with none (after
//! the last state) comes with an edit that gives that member its comma.

use std::collections::HashSet;

use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::syntax::{Format, NodeId, TextRange};
use crate::Analysis;

use super::completion::{snippet_escape, Completion, CompletionKind};

/// A value of a snippet.
enum V {
    /// A string, written as it is.
    Str(&'static str),
    /// A string that is a tab stop with its default text.
    StrStop(u8, &'static str),
    /// A number, `true`/`false`, written bare.
    Bare(&'static str),
    /// A number that is a tab stop.
    BareStop(u8, &'static str),
    /// The name of another state of the snippet, made unique in the definition.
    Name(usize),
    Obj(Vec<(Key, V)>),
    Arr(Vec<V>),
}

/// A key of a snippet's object.
enum Key {
    Str(&'static str),
    /// The name of a state of the snippet (0: the new state itself).
    Name(usize),
}

use Key::Str as K;

fn obj(members: Vec<(&'static str, V)>) -> V {
    V::Obj(members.into_iter().map(|(key, value)| (K(key), value)).collect())
}

/// One snippet: its label, what it is, the names it gives its states
/// (the first is the new state's), and its value in each query language.
struct Snippet {
    label: &'static str,
    detail: &'static str,
    names: &'static [&'static str],
    value: fn(QueryLanguage) -> V,
}

fn next() -> (&'static str, V) {
    ("Next", V::StrStop(9, ""))
}

/// A one-state scope (a branch, a processor) whose state is the snippet's name `name`.
fn scope(name: usize, extra: Vec<(&'static str, V)>) -> V {
    let mut members: Vec<(Key, V)> = extra.into_iter().map(|(key, value)| (K(key), value)).collect();
    members.push((K("StartAt"), V::Name(name)));
    members.push((
        K("States"),
        V::Obj(vec![(
            Key::Name(name),
            obj(vec![("Type", V::Str("Pass")), ("End", V::Bare("true"))]),
        )]),
    ));
    V::Obj(members)
}

fn task(resource: &'static str, arguments: V, language: QueryLanguage) -> V {
    let field = match language {
        QueryLanguage::Jsonata => "Arguments",
        QueryLanguage::JsonPath => "Parameters",
    };
    obj(vec![
        ("Type", V::Str("Task")),
        ("Resource", V::Str(resource)),
        (field, arguments),
        next(),
    ])
}

/// `"key.$": "$.path"` in JSONPath, `"key": "{% $states.input.path %}"` in JSONata.
fn input(
    key: &'static str,
    jsonpath_key: &'static str,
    path: &'static str,
    jsonata: &'static str,
    language: QueryLanguage,
) -> (&'static str, V) {
    match language {
        QueryLanguage::JsonPath => (jsonpath_key, V::Str(path)),
        QueryLanguage::Jsonata => (key, V::Str(jsonata)),
    }
}

const SNIPPETS: &[Snippet] = &[
    Snippet {
        label: "Pass state",
        detail: "passes its input on",
        names: &["Pass"],
        value: |_| obj(vec![("Type", V::Str("Pass")), next()]),
    },
    Snippet {
        label: "Task state: Lambda invoke",
        detail: "arn:aws:states:::lambda:invoke",
        names: &["Invoke function"],
        value: |language| {
            let payload = input("Payload", "Payload.$", "$", "{% $states.input %}", language);
            let mut state = task(
                "arn:aws:states:::lambda:invoke",
                obj(vec![
                    (
                        "FunctionName",
                        V::StrStop(2, "arn:aws:lambda:us-east-1:123456789012:function:my-function"),
                    ),
                    payload,
                ]),
                language,
            );
            if let V::Obj(members) = &mut state {
                let output = match language {
                    QueryLanguage::JsonPath => (K("OutputPath"), V::Str("$.Payload")),
                    QueryLanguage::Jsonata => (K("Output"), V::Str("{% $states.result.Payload %}")),
                };
                members.insert(3, output);
            }
            state
        },
    },
    Snippet {
        label: "Choice state",
        detail: "chooses the next state by its input",
        names: &["Choose"],
        value: |language| {
            let rule = match language {
                QueryLanguage::JsonPath => obj(vec![
                    ("Variable", V::StrStop(2, "$.status")),
                    ("StringEquals", V::StrStop(3, "done")),
                    ("Next", V::StrStop(4, "")),
                ]),
                QueryLanguage::Jsonata => obj(vec![
                    ("Condition", V::StrStop(2, "{% $states.input.status = 'done' %}")),
                    ("Next", V::StrStop(4, "")),
                ]),
            };
            obj(vec![
                ("Type", V::Str("Choice")),
                ("Choices", V::Arr(vec![rule])),
                ("Default", V::StrStop(9, "")),
            ])
        },
    },
    Snippet {
        label: "Wait state",
        detail: "waits a number of seconds",
        names: &["Wait"],
        value: |_| {
            obj(vec![
                ("Type", V::Str("Wait")),
                ("Seconds", V::BareStop(2, "10")),
                next(),
            ])
        },
    },
    Snippet {
        label: "Succeed state",
        detail: "ends the execution successfully",
        names: &["Done"],
        value: |_| obj(vec![("Type", V::Str("Succeed"))]),
    },
    Snippet {
        label: "Fail state",
        detail: "ends the execution with an error",
        names: &["Fail"],
        value: |_| {
            obj(vec![
                ("Type", V::Str("Fail")),
                ("Error", V::StrStop(2, "Failed")),
                ("Cause", V::StrStop(3, "Something went wrong")),
            ])
        },
    },
    Snippet {
        label: "Parallel state",
        detail: "runs branches at the same time",
        names: &["Parallel", "Branch 1", "Branch 2"],
        value: |_| {
            obj(vec![
                ("Type", V::Str("Parallel")),
                ("Branches", V::Arr(vec![scope(1, vec![]), scope(2, vec![])])),
                next(),
            ])
        },
    },
    Snippet {
        label: "Map state",
        detail: "runs the same steps for each item",
        names: &["Map", "Process item"],
        value: |language| {
            let items = input("Items", "ItemsPath", "$.items", "{% $states.input.items %}", language);
            obj(vec![
                ("Type", V::Str("Map")),
                items,
                (
                    "ItemProcessor",
                    scope(1, vec![("ProcessorConfig", obj(vec![("Mode", V::Str("INLINE"))]))]),
                ),
                next(),
            ])
        },
    },
    Snippet {
        label: "Distributed Map state over S3 objects",
        detail: "arn:aws:states:::s3:listObjectsV2",
        names: &["Process objects", "Process object"],
        value: |language| {
            let reader = match language {
                QueryLanguage::JsonPath => "Parameters",
                QueryLanguage::Jsonata => "Arguments",
            };
            obj(vec![
                ("Type", V::Str("Map")),
                (
                    "ItemReader",
                    obj(vec![
                        ("Resource", V::Str("arn:aws:states:::s3:listObjectsV2")),
                        (
                            reader,
                            obj(vec![
                                ("Bucket", V::StrStop(2, "my-bucket")),
                                ("Prefix", V::StrStop(3, "input/")),
                            ]),
                        ),
                    ]),
                ),
                (
                    "ItemProcessor",
                    scope(
                        1,
                        vec![(
                            "ProcessorConfig",
                            obj(vec![
                                ("Mode", V::Str("DISTRIBUTED")),
                                ("ExecutionType", V::Str("STANDARD")),
                            ]),
                        )],
                    ),
                ),
                ("MaxConcurrency", V::BareStop(4, "100")),
                next(),
            ])
        },
    },
    Snippet {
        label: "Task state: SNS publish",
        detail: "arn:aws:states:::sns:publish",
        names: &["Publish message"],
        value: |language| {
            let message = input("Message", "Message.$", "$", "{% $states.input %}", language);
            task(
                "arn:aws:states:::sns:publish",
                obj(vec![
                    ("TopicArn", V::StrStop(2, "arn:aws:sns:us-east-1:123456789012:my-topic")),
                    message,
                ]),
                language,
            )
        },
    },
    Snippet {
        label: "Task state: SQS send message",
        detail: "arn:aws:states:::sqs:sendMessage",
        names: &["Send message"],
        value: |language| {
            let body = input("MessageBody", "MessageBody.$", "$", "{% $states.input %}", language);
            task(
                "arn:aws:states:::sqs:sendMessage",
                obj(vec![
                    (
                        "QueueUrl",
                        V::StrStop(2, "https://sqs.us-east-1.amazonaws.com/123456789012/my-queue"),
                    ),
                    body,
                ]),
                language,
            )
        },
    },
    Snippet {
        label: "Task state: DynamoDB get item",
        detail: "arn:aws:states:::dynamodb:getItem",
        names: &["Get item"],
        value: |language| {
            let id = input("S", "S.$", "$.id", "{% $states.input.id %}", language);
            task(
                "arn:aws:states:::dynamodb:getItem",
                obj(vec![
                    ("TableName", V::StrStop(2, "my-table")),
                    ("Key", obj(vec![("id", obj(vec![id]))])),
                ]),
                language,
            )
        },
    },
    Snippet {
        label: "Task state: DynamoDB put item",
        detail: "arn:aws:states:::dynamodb:putItem",
        names: &["Put item"],
        value: |language| {
            let id = input("S", "S.$", "$.id", "{% $states.input.id %}", language);
            task(
                "arn:aws:states:::dynamodb:putItem",
                obj(vec![
                    ("TableName", V::StrStop(2, "my-table")),
                    ("Item", obj(vec![("id", obj(vec![id]))])),
                ]),
                language,
            )
        },
    },
    Snippet {
        label: "Task state: ECS run task and wait",
        detail: "arn:aws:states:::ecs:runTask.sync",
        names: &["Run task"],
        value: |language| {
            task(
                "arn:aws:states:::ecs:runTask.sync",
                obj(vec![
                    ("LaunchType", V::Str("FARGATE")),
                    (
                        "Cluster",
                        V::StrStop(2, "arn:aws:ecs:us-east-1:123456789012:cluster/my-cluster"),
                    ),
                    (
                        "TaskDefinition",
                        V::StrStop(3, "arn:aws:ecs:us-east-1:123456789012:task-definition/my-task:1"),
                    ),
                    (
                        "NetworkConfiguration",
                        obj(vec![(
                            "AwsvpcConfiguration",
                            obj(vec![(
                                "Subnets",
                                V::Arr(vec![V::StrStop(4, "subnet-0123456789abcdef0")]),
                            )]),
                        )]),
                    ),
                ]),
                language,
            )
        },
    },
    Snippet {
        label: "Task state: Step Functions start execution and wait",
        detail: "arn:aws:states:::states:startExecution.sync:2",
        names: &["Run child workflow"],
        value: |language| {
            let parent = match language {
                QueryLanguage::JsonPath => (
                    "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$",
                    V::Str("$$.Execution.Id"),
                ),
                QueryLanguage::Jsonata => (
                    "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID",
                    V::Str("{% $states.context.Execution.Id %}"),
                ),
            };
            task(
                "arn:aws:states:::states:startExecution.sync:2",
                obj(vec![
                    (
                        "StateMachineArn",
                        V::StrStop(2, "arn:aws:states:us-east-1:123456789012:stateMachine:my-child"),
                    ),
                    ("Input", obj(vec![parent])),
                ]),
                language,
            )
        },
    },
    Snippet {
        label: "Task state: EventBridge put events",
        detail: "arn:aws:states:::events:putEvents",
        names: &["Send event"],
        value: |language| {
            let detail = input("Detail", "Detail.$", "$", "{% $states.input %}", language);
            task(
                "arn:aws:states:::events:putEvents",
                obj(vec![(
                    "Entries",
                    V::Arr(vec![obj(vec![
                        ("Source", V::StrStop(2, "my.application")),
                        ("DetailType", V::StrStop(3, "OrderPlaced")),
                        detail,
                    ])]),
                )]),
                language,
            )
        },
    },
    Snippet {
        label: "Task state: Bedrock invoke model",
        detail: "arn:aws:states:::bedrock:invokeModel",
        names: &["Invoke model"],
        value: |language| {
            let prompt = input(
                "inputText",
                "inputText.$",
                "$.prompt",
                "{% $states.input.prompt %}",
                language,
            );
            task(
                "arn:aws:states:::bedrock:invokeModel",
                obj(vec![
                    (
                        "ModelId",
                        V::StrStop(
                            2,
                            "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
                        ),
                    ),
                    ("Body", obj(vec![prompt])),
                ]),
                language,
            )
        },
    },
    Snippet {
        label: "Task state: HTTP call",
        detail: "arn:aws:states:::http:invoke",
        names: &["Call API"],
        value: |language| {
            task(
                "arn:aws:states:::http:invoke",
                obj(vec![
                    ("ApiEndpoint", V::StrStop(2, "https://api.example.com/orders")),
                    ("Method", V::StrStop(3, "GET")),
                    (
                        "Authentication",
                        obj(vec![(
                            "ConnectionArn",
                            V::StrStop(
                                4,
                                "arn:aws:events:us-east-1:123456789012:connection/my-connection/00000000-0000-0000-0000-000000000000",
                            ),
                        )]),
                    ),
                ]),
                language,
            )
        },
    },
];

/// How the text is written.
struct Writer<'a> {
    format: Format,
    snippet: bool,
    /// The indentation of the line the state goes on (empty for a snippet:
    /// the client adds it) and one level of it.
    base: &'a str,
    unit: &'a str,
    /// The names of the snippet's states, unique in the definition.
    names: &'a [String],
}

impl Writer<'_> {
    fn stop(&self, number: u8, default: &str) -> String {
        if !self.snippet {
            return default.to_string();
        }
        // The transition is the last stop (`$0`, where the cursor ends).
        let number = if number == 9 { 0 } else { number };
        if default.is_empty() {
            format!("${number}")
        } else {
            format!("${{{number}:{}}}", snippet_escape(default))
        }
    }

    fn literal(&self, text: &str) -> String {
        if self.snippet {
            snippet_escape(text)
        } else {
            text.to_string()
        }
    }

    /// A string scalar: quoted in JSON; in YAML plain where that reads as
    /// the same string, else double-quoted.
    fn string(&self, inner: String, raw: &str) -> String {
        let plain = self.format == Format::Yaml
            && !raw.is_empty()
            && !raw.starts_with(|c: char| "{[]}*&!%@`'\"#|>-?,: ".contains(c))
            && !raw.contains(": ")
            && !raw.contains(" #")
            && !matches!(raw, "true" | "false" | "null" | "yes" | "no")
            && raw.parse::<f64>().is_err();
        if plain {
            inner
        } else {
            format!("\"{inner}\"")
        }
    }

    fn name(&self, index: usize, first_stop: bool) -> String {
        let name = &self.names[index];
        let escaped = serde_json::to_string(name).unwrap_or_default();
        let inner = &escaped[1..escaped.len() - 1];
        let inner = if first_stop && index == 0 {
            self.stop(1, inner)
        } else {
            self.literal(inner)
        };
        self.string(inner, name)
    }

    fn key(&self, key: &Key) -> String {
        match key {
            K(text) => match self.format {
                Format::Json => format!("\"{}\"", self.literal(text)),
                Format::Yaml => self.string(self.literal(text), text),
            },
            // The new state's own name is the first tab stop wherever it is a key.
            Key::Name(index) => self.name(*index, true),
        }
    }

    fn scalar(&self, value: &V) -> Option<String> {
        Some(match value {
            V::Str(text) => self.string(self.literal(text), text),
            V::StrStop(number, default) => {
                let inner = self.stop(*number, default);
                // An empty YAML value is null: quote the stop so it stays a string.
                if self.format == Format::Yaml && default.is_empty() {
                    format!("\"{inner}\"")
                } else {
                    self.string(inner, default)
                }
            }
            V::Bare(text) => text.to_string(),
            V::BareStop(number, default) => self.stop(*number, default),
            V::Name(index) => self.name(*index, false),
            V::Obj(_) | V::Arr(_) => return None,
        })
    }

    fn indent(&self, depth: usize) -> String {
        format!("{}{}", self.base, self.unit.repeat(depth))
    }

    /// `value` as it follows a key at `depth` (in JSON, after `": "`).
    fn json(&self, value: &V, depth: usize, out: &mut String) {
        if let Some(scalar) = self.scalar(value) {
            out.push_str(&scalar);
            return;
        }
        match value {
            V::Obj(members) => {
                out.push('{');
                for (index, (key, member)) in members.iter().enumerate() {
                    out.push_str(if index == 0 { "\n" } else { ",\n" });
                    out.push_str(&self.indent(depth + 1));
                    out.push_str(&self.key(key));
                    out.push_str(": ");
                    self.json(member, depth + 1, out);
                }
                out.push('\n');
                out.push_str(&self.indent(depth));
                out.push('}');
            }
            V::Arr(items) if items.iter().all(|item| self.scalar(item).is_some()) => {
                let items: Vec<String> = items.iter().filter_map(|item| self.scalar(item)).collect();
                out.push_str(&format!("[{}]", items.join(", ")));
            }
            V::Arr(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    out.push_str(if index == 0 { "\n" } else { ",\n" });
                    out.push_str(&self.indent(depth + 1));
                    self.json(item, depth + 1, out);
                }
                out.push('\n');
                out.push_str(&self.indent(depth));
                out.push(']');
            }
            _ => {}
        }
    }

    /// The members of an object as block YAML, each on a line at
    /// `indent` (the first one's indentation is the caller's when
    /// `first_inline`, after a sequence's `- `).
    fn yaml_members(&self, members: &[(Key, V)], indent: &str, first_inline: bool, out: &mut String) {
        for (index, (key, value)) in members.iter().enumerate() {
            if index > 0 || !first_inline {
                out.push('\n');
                out.push_str(indent);
            }
            out.push_str(&self.key(key));
            out.push(':');
            self.yaml_value(value, indent, out);
        }
    }

    /// `value` after a key written at `indent`.
    fn yaml_value(&self, value: &V, indent: &str, out: &mut String) {
        if let Some(scalar) = self.scalar(value) {
            out.push(' ');
            out.push_str(&scalar);
            return;
        }
        let inner = format!("{indent}{}", self.unit);
        match value {
            V::Obj(members) => self.yaml_members(members, &inner, false, out),
            V::Arr(items) if items.iter().all(|item| self.scalar(item).is_some()) => {
                let items: Vec<String> = items.iter().filter_map(|item| self.scalar(item)).collect();
                out.push_str(&format!(" [{}]", items.join(", ")));
            }
            V::Arr(items) => {
                for item in items {
                    out.push('\n');
                    out.push_str(&inner);
                    out.push_str("- ");
                    match item {
                        V::Obj(members) => self.yaml_members(members, &format!("{inner}  "), true, out),
                        other => out.push_str(&self.scalar(other).unwrap_or_default()),
                    }
                }
            }
            _ => {}
        }
    }

    /// The whole state: its name, and its value.
    fn state(&self, value: &V) -> String {
        let mut out = self.key(&Key::Name(0));
        match self.format {
            Format::Json => {
                out.push_str(": ");
                self.json(value, 0, &mut out);
            }
            Format::Yaml => {
                out.push(':');
                self.yaml_value(value, self.base, &mut out);
            }
        }
        out
    }
}

/// `base` made unique among `taken` (and added to it): `Wait`, `Wait 2`, …
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    let mut name = base.to_string();
    let mut number = 2;
    while taken.contains(&name) {
        name = format!("{base} {number}");
        number += 1;
    }
    taken.insert(name.clone());
    name
}

/// The indentation of one level in `text`: the smallest one of its first
/// indented lines, two spaces when none is.
pub(super) fn indent_unit(text: &str) -> String {
    let mut smallest: Option<&str> = None;
    for line in text.lines().take(200) {
        let indentation = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        if !indentation.is_empty()
            && !line.trim().is_empty()
            && smallest.is_none_or(|found| indentation.len() < found.len())
        {
            smallest = Some(indentation);
        }
    }
    smallest.unwrap_or("  ").to_string()
}

/// In JSON, where the member of `object` before `at` has no comma after
/// it (a state added after the last one), where its comma goes: right
/// after that member's value.
fn comma_before(analysis: &Analysis, text: &str, object: NodeId, at: usize) -> Option<usize> {
    if analysis.format != Format::Json {
        return None;
    }
    let tree = &analysis.tree;
    let end = tree
        .members(object)?
        .iter()
        .filter_map(|member| member.value)
        .map(|value| tree.range(value).end())
        .filter(|&end| end <= at)
        .max()?;
    // What lies between that value and the new member: blanks and comments.
    let mut rest = text.get(end..at)?;
    loop {
        rest = rest.trim_start();
        if let Some(comment) = rest.strip_prefix("//") {
            rest = comment.find(['\n', '\r']).map_or("", |line_end| &comment[line_end..]);
        } else if let Some(comment) = rest.strip_prefix("/*") {
            rest = comment.find("*/").map_or("", |close| &comment[close + 2..]);
        } else {
            break;
        }
    }
    (!rest.starts_with(',')).then_some(end)
}

/// The state snippets for a new member of the `States` object `object`,
/// replacing `range` (what is typed of the key so far).
pub(super) fn states(analysis: &Analysis, text: &str, object: NodeId, range: TextRange) -> Vec<Completion> {
    let language = analysis.machine.query_language.unwrap_or(QueryLanguage::JsonPath);
    let line_start = text[..range.start()].rfind('\n').map_or(0, |at| at + 1);
    let line = &text[line_start..range.start()];
    let base = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let unit = indent_unit(text);
    // Before another member of the object, the new one needs its comma.
    let comma = analysis.format == Format::Json && text[range.end()..].trim_start().starts_with('"');
    // After another member with no comma, that one needs its comma too:
    // an edit of its own on an earlier line, or the text's start when the
    // new member follows it on its line.
    let (lead, additional_edits) = match comma_before(analysis, text, object, range.start()) {
        Some(end) if end == range.start() => (", ", Vec::new()),
        Some(end) => ("", vec![(TextRange::empty(end), ",".to_string())]),
        None => ("", Vec::new()),
    };
    let existing: HashSet<String> = analysis
        .machine
        .state_ids()
        .map(|id| analysis.machine.state(id).name.to_string())
        .collect();
    SNIPPETS
        .iter()
        .map(|snippet| {
            let mut taken = existing.clone();
            let names: Vec<String> = snippet.names.iter().map(|name| unique(name, &mut taken)).collect();
            let value = (snippet.value)(language);
            let writer = |snippet: bool, base: &str| {
                lead.to_string()
                    + &Writer {
                        format: analysis.format,
                        snippet,
                        base,
                        unit: &unit,
                        names: &names,
                    }
                    .state(&value)
                    + if comma { "," } else { "" }
            };
            Completion {
                detail: Some(snippet.detail.to_string()),
                documentation: Some(format!(
                    "A new {} named {:?}{}.",
                    snippet.label.to_lowercase(),
                    names[0],
                    match language {
                        QueryLanguage::Jsonata => ", in JSONata",
                        QueryLanguage::JsonPath => "",
                    }
                )),
                snippet: Some(writer(true, "")),
                filter_text: Some(format!(
                    "{}{} {}",
                    if analysis.format == Format::Json { "\"" } else { "" },
                    names[0],
                    snippet.label
                )),
                relative_indent: true,
                additional_edits: additional_edits.clone(),
                ..Completion::new(
                    snippet.label.to_string(),
                    CompletionKind::Snippet,
                    writer(false, base),
                    range,
                )
            }
        })
        .collect()
}

/// The members of a snippet's object.
type Members = Vec<(Key, V)>;

/// The fields a state of type `ty` needs after its `Type`, from the
/// type's snippet (for a Task, a resource to fill in and a transition),
/// and the names the snippet gives its states.
fn skeleton(ty: StateType, language: QueryLanguage) -> Option<(Members, &'static [&'static str])> {
    let label = match ty {
        StateType::Task => {
            let members = vec![(K("Resource"), V::StrStop(2, "")), (K("Next"), V::StrStop(9, ""))];
            return Some((members, &["Task"]));
        }
        StateType::Pass => "Pass state",
        StateType::Choice => "Choice state",
        StateType::Wait => "Wait state",
        StateType::Parallel => "Parallel state",
        StateType::Map => "Map state",
        StateType::Succeed | StateType::Fail => return None,
    };
    let snippet = SNIPPETS.iter().find(|snippet| snippet.label == label)?;
    let V::Obj(members) = (snippet.value)(language) else {
        return None;
    };
    let members = members
        .into_iter()
        .filter(|(key, _)| !matches!(key, K("Type")))
        .collect();
    Some((members, snippet.names))
}

/// Completing the `Type` of a state that has nothing after it yet (written
/// over lines, its `Type` last): each type's value is followed by the
/// fields a state of that type needs and does not have, as tab stops.
/// `value` is the `Type` member's value as written, if any.
pub(super) fn type_skeletons(
    analysis: &Analysis,
    text: &str,
    state_node: NodeId,
    value: Option<NodeId>,
    items: &mut [Completion],
) {
    let tree = &analysis.tree;
    let machine = &analysis.machine;
    let Some(state) = machine
        .state_ids()
        .map(|id| machine.state(id))
        .find(|state| state.node == Some(state_node))
    else {
        return;
    };
    let Some(members) = tree.members(state_node) else {
        return;
    };
    let Some(last) = members.last().filter(|member| member.key == "Type") else {
        return;
    };
    let key = tree.key_range(last);
    let line_start = text[..key.start()].rfind('\n').map_or(0, |at| at + 1);
    let base = &text[line_start..key.start()];
    if !base.chars().all(|c| c == ' ' || c == '\t') {
        return;
    }
    // Nothing after the value on its line: the fields go on lines of their own.
    let value_range = value.map(|value| tree.range(value));
    let after = value_range.map_or_else(
        || items.first().map_or(key.end(), |item| item.range.end()),
        |range| range.end(),
    );
    let rest = &text[after.min(text.len())..];
    if !rest[..rest.find('\n').unwrap_or(rest.len())].trim().is_empty() {
        return;
    }
    let json = analysis.format == Format::Json;
    let unit = indent_unit(text);
    let language = state.query_language;
    let existing: HashSet<String> = machine
        .state_ids()
        .map(|id| machine.state(id).name.to_string())
        .collect();
    for item in items.iter_mut() {
        let Some(ty) = StateType::ALL.iter().copied().find(|ty| ty.name() == item.label) else {
            continue;
        };
        let Some((fields, names)) = skeleton(ty, language) else {
            continue;
        };
        let fields: Vec<(Key, V)> = fields
            .into_iter()
            .filter(|(key, _)| !matches!(key, K(name) if tree.member(state_node, name).is_some()))
            .collect();
        if fields.is_empty() {
            continue;
        }
        let mut taken = existing.clone();
        let mut names: Vec<String> = names.iter().skip(1).map(|name| unique(name, &mut taken)).collect();
        names.insert(0, state.name.to_string());
        let written = |snippet: bool, base: &str| {
            let writer = Writer {
                format: analysis.format,
                snippet,
                base,
                unit: &unit,
                names: &names,
            };
            let mut out = String::new();
            if json {
                for (key, value) in &fields {
                    out.push_str(",\n");
                    out.push_str(base);
                    out.push_str(&writer.key(key));
                    out.push_str(": ");
                    writer.json(value, 0, &mut out);
                }
            } else {
                writer.yaml_members(&fields, base, false, &mut out);
            }
            out
        };
        // In a JSON string the item replaced what is between the quotes: now the whole value.
        let value_text = if json {
            format!("\"{}\"", ty.name())
        } else {
            ty.name().to_string()
        };
        if let Some(range) = value_range.filter(|range| !range.is_empty()) {
            item.range = range;
            // What the client matches against is what is typed from the value's start, quote included.
            let quote = text[range.start()..].chars().next().filter(|c| matches!(c, '"' | '\''));
            item.filter_text = Some(format!("{}{}", quote.map(String::from).unwrap_or_default(), ty.name()));
        }
        item.insert_text = format!("{value_text}{}", written(false, base));
        item.snippet = Some(format!("{}{}", snippet_escape(&value_text), written(true, "")));
        item.relative_indent = true;
        item.detail = Some(format!("{} state, with the fields it needs", ty.name()));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::ide::completions;
    use crate::ide::fixture::cursor;

    fn offered(fixture: &str, format: Format) -> (String, Vec<Completion>) {
        let (text, offset) = cursor(fixture);
        let analysis = Analysis::new(&text, format);
        let items = completions(&analysis, &text, offset)
            .into_iter()
            .filter(|item| item.kind == CompletionKind::Snippet)
            .collect();
        (text, items)
    }

    /// Every snippet, in JSON and YAML and in both query languages, inserted
    /// as plain text and its transitions pointed at an existing state, makes
    /// a definition with no error (that state left unreachable by the ones
    /// that end the execution aside).
    #[test]
    fn every_snippet_makes_a_valid_state() {
        let fixtures = [
            (
                Format::Json,
                "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"End\": true},\n    $0\n  }\n}\n",
            ),
            (
                Format::Json,
                "{\n  \"QueryLanguage\": \"JSONata\",\n  \"StartAt\": \"A\",\n  \"States\": {\n    $0\n    \"A\": {\"Type\": \"Pass\", \"End\": true}\n  }\n}\n",
            ),
            (Format::Yaml, "StartAt: A\nStates:\n    A:\n        Type: Pass\n        End: true\n    $0\n"),
            (
                Format::Yaml,
                "QueryLanguage: JSONata\nStartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n  $0\n",
            ),
        ];
        for (format, fixture) in fixtures {
            let (text, items) = offered(fixture, format);
            assert_eq!(items.len(), SNIPPETS.len(), "{fixture}");
            for item in items {
                assert!(!item.insert_text.contains("${"), "{}", item.insert_text);
                let inserted = item.insert_text.replace("\"\"", "\"A\"");
                let mut edited = text.clone();
                edited.replace_range(item.range.start()..item.range.end(), &inserted);
                // The new state first.
                let name = item
                    .documentation
                    .as_deref()
                    .unwrap_or_default()
                    .split('"')
                    .nth(1)
                    .unwrap_or_default();
                let edited = edited.replacen("StartAt: A", &format!("StartAt: {name}"), 1).replacen(
                    "\"StartAt\": \"A\"",
                    &format!("\"StartAt\": \"{name}\""),
                    1,
                );
                let analysis = Analysis::new(&edited, format);
                let errors: Vec<String> = analysis
                    .diagnostics
                    .iter()
                    .filter(|diagnostic| diagnostic.severity == crate::check::Severity::Error)
                    .filter(|diagnostic| !diagnostic.message.starts_with("State \"A\" is not reachable"))
                    .map(|diagnostic| format!("{} {}", diagnostic.code, diagnostic.message))
                    .collect();
                assert!(errors.is_empty(), "{}:\n{edited}\n{errors:#?}", item.label);
                assert!(analysis
                    .machine
                    .state_ids()
                    .any(|id| analysis.machine.state(id).name == name));
            }
        }
    }

    #[test]
    fn snippets_with_tab_stops_and_unique_names() {
        let (_, items) = offered(
            r#"{"StartAt": "Wait", "States": {
  "Wait": {"Type": "Wait", "Seconds": 1, "End": true},
  $0
  "Branch 1": {"Type": "Succeed"}
}}"#,
            Format::Json,
        );
        let snippet = |label: &str| {
            let item = items.iter().find(|item| item.label == label).unwrap();
            item.snippet.clone().unwrap()
        };
        expect![[r#"
            "${1:Wait 2}": {
              "Type": "Wait",
              "Seconds": ${2:10},
              "Next": "$0"
            },"#]]
        .assert_eq(&snippet("Wait state"));
        expect![[r#"
            "${1:Parallel}": {
              "Type": "Parallel",
              "Branches": [
                {
                  "StartAt": "Branch 1 2",
                  "States": {
                    "Branch 1 2": {
                      "Type": "Pass",
                      "End": true
                    }
                  }
                },
                {
                  "StartAt": "Branch 2",
                  "States": {
                    "Branch 2": {
                      "Type": "Pass",
                      "End": true
                    }
                  }
                }
              ],
              "Next": "$0"
            },"#]]
        .assert_eq(&snippet("Parallel state"));
    }

    /// Choosing a state's `Type` brings the fields that type needs: applied
    /// as plain text, with the transitions pointed at a state, the
    /// definition has no error, in JSON and YAML and both languages.
    #[test]
    fn a_chosen_type_brings_its_fields() {
        let fixtures = [
            (Format::Json, "{\n  \"StartAt\": \"S\",\n  \"States\": {\n    \"S\": {\n      \"Type\": \"$0\"\n    },\n    \"A\": {\"Type\": \"Succeed\"}\n  }\n}\n"),
            (Format::Json, "{\n  \"QueryLanguage\": \"JSONata\",\n  \"StartAt\": \"S\",\n  \"States\": {\n    \"S\": {\n      \"Comment\": \"x\",\n      \"Type\": $0\n    },\n    \"A\": {\"Type\": \"Succeed\"}\n  }\n}\n"),
            (Format::Yaml, "StartAt: S\nStates:\n  S:\n    Type: $0\n  A:\n    Type: Succeed\n"),
            (Format::Yaml, "QueryLanguage: JSONata\nStartAt: S\nStates:\n  S:\n    Type: Ta$0\n  A:\n    Type: Succeed\n"),
        ];
        for (format, fixture) in fixtures {
            let (text, offset) = cursor(fixture);
            let analysis = Analysis::new(&text, format);
            let items = completions(&analysis, &text, offset);
            assert_eq!(items.len(), StateType::ALL.len(), "{fixture}: {items:#?}");
            for item in &items {
                let ty = item.label.as_str();
                let mut edited = text.clone();
                edited.replace_range(
                    item.range.start()..item.range.end(),
                    &item.insert_text.replace("\"\"", "\"A\""),
                );
                // A Task's resource, filled in.
                let edited = edited
                    .replace("Resource: \"A\"", "Resource: arn:aws:states:::sqs:sendMessage")
                    .replace(
                        "\"Resource\": \"A\"",
                        "\"Resource\": \"arn:aws:states:::sqs:sendMessage\"",
                    );
                let analysis = Analysis::new(&edited, format);
                let errors: Vec<String> = analysis
                    .diagnostics
                    .iter()
                    .filter(|diagnostic| diagnostic.severity == crate::check::Severity::Error)
                    .filter(|diagnostic| !diagnostic.message.starts_with("State \"A\" is not reachable"))
                    .map(|diagnostic| format!("{} {}", diagnostic.code, diagnostic.message))
                    .collect();
                assert!(errors.is_empty(), "{ty}:\n{edited}\n{errors:#?}");
                let fields = !matches!(ty, "Succeed" | "Fail");
                assert_eq!(item.insert_text.contains('\n'), fields, "{ty}: {:?}", item.insert_text);
            }
        }
        let (text, offset) = cursor(fixtures[0].1);
        let analysis = Analysis::new(&text, Format::Json);
        let task = completions(&analysis, &text, offset)
            .into_iter()
            .find(|item| item.label == "Task")
            .unwrap();
        assert_eq!(&text[task.range.start()..task.range.end()], "\"\"");
        assert_eq!(task.filter_text.as_deref(), Some("\"Task"));
        expect![[r#"
            "Task",
            "Resource": "$2",
            "Next": "$0""#]]
        .assert_eq(task.snippet.as_deref().unwrap());
        // Not when other fields follow, or the object is on one line.
        for fixture in [
            r#"{"StartAt": "S", "States": {"S": {"Type": "$0"}}}"#,
            "{\"StartAt\": \"S\", \"States\": {\"S\": {\n  \"Type\": \"$0\",\n  \"End\": true\n}}}",
        ] {
            let (text, offset) = cursor(fixture);
            let analysis = Analysis::new(&text, Format::Json);
            let items = completions(&analysis, &text, offset);
            assert!(
                items.iter().all(|item| !item.insert_text.contains('\n')),
                "{fixture}: {items:#?}"
            );
        }
    }

    /// The text after accepting the "Pass state" item at the fixture's
    /// cursor as plain text, its other edits made too, and how many other
    /// edits it had.
    fn accept_pass(fixture: &str, format: Format) -> (String, usize) {
        let (text, items) = offered(fixture, format);
        let item = items.iter().find(|item| item.label == "Pass state").expect(fixture);
        let mut edits = item.additional_edits.clone();
        edits.push((item.range, item.insert_text.clone()));
        edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start()));
        let mut edited = text;
        for (range, new_text) in edits {
            edited.replace_range(range.start()..range.end(), &new_text);
        }
        (edited, item.additional_edits.len())
    }

    /// A state added after the last one: the one before gets its comma,
    /// after its value and before any comment; none when it has one.
    #[test]
    fn comma_for_the_state_before() {
        let cases = [
            (
                "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"End\": true}\n  $0\n}}\n",
                1,
                expect![[r#"
                    {"StartAt": "A", "States": {
                      "A": {"Type": "Pass", "End": true},
                      "Pass": {
                        "Type": "Pass",
                        "Next": ""
                      }
                    }}
                "#]],
            ),
            (
                "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"End\": true} // first\n  \"Pa$0\n}}\n",
                1,
                expect![[r#"
                    {"StartAt": "A", "States": {
                      "A": {"Type": "Pass", "End": true}, // first
                      "Pass": {
                        "Type": "Pass",
                        "Next": ""
                      }
                    }}
                "#]],
            ),
            (
                "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"End\": true} /* first */ ,\n  $0\n  \"B\": {\"Type\": \"Succeed\"}\n}}\n",
                0,
                expect![[r#"
                    {"StartAt": "A", "States": {
                      "A": {"Type": "Pass", "End": true} /* first */ ,
                      "Pass": {
                        "Type": "Pass",
                        "Next": ""
                      },
                      "B": {"Type": "Succeed"}
                    }}
                "#]],
            ),
            (
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}$0}}\n",
                0,
                expect![[r#"
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "Pass": {
                      "Type": "Pass",
                      "Next": ""
                    }}}
                "#]],
            ),
        ];
        for (fixture, additional, expected) in cases {
            let (edited, edits) = accept_pass(fixture, Format::Json);
            expected.assert_eq(&edited);
            assert_eq!(edits, additional, "{fixture}");
            let analysis = Analysis::new(&edited, Format::Json);
            // Comments are reported, and read: anything else is a mistake.
            let errors: Vec<_> = analysis
                .tree
                .errors
                .iter()
                .filter(|error| !matches!(error.kind, crate::syntax::SyntaxErrorKind::NotJson))
                .collect();
            assert!(errors.is_empty(), "{edited}\n{errors:?}");
            assert!(analysis
                .machine
                .state_ids()
                .any(|id| analysis.machine.state(id).name == "Pass"));
        }
        let (edited, edits) = accept_pass(
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n  $0\n",
            Format::Yaml,
        );
        assert_eq!(edits, 0);
        assert!(Analysis::new(&edited, Format::Yaml).tree.errors.is_empty(), "{edited}");
    }

    /// Offered while the object is still open, and in YAML where a key goes.
    #[test]
    fn half_typed_and_yaml() {
        let (_, items) = offered(r#"{"StartAt": "A", "States": {$0"#, Format::Json);
        assert_eq!(items.len(), SNIPPETS.len());
        let (_, items) = offered(r#"{"StartAt": "A", "States": {"Ch$0"#, Format::Json);
        assert!(items.iter().any(|item| item.label == "Choice state"));
        let (_, items) = offered(
            "QueryLanguage: JSONata\nStartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n  Ch$0\n",
            Format::Yaml,
        );
        let choice = items.iter().find(|item| item.label == "Choice state").unwrap();
        expect![[r#"
            ${1:Choose}:
              Type: Choice
              Choices:
                - Condition: "${2:{% \$states.input.status = 'done' %\}}"
                  Next: "$4"
              Default: "$0""#]]
        .assert_eq(choice.snippet.as_deref().unwrap());
        expect![[r#"
            Choose:
                Type: Choice
                Choices:
                  - Condition: "{% $states.input.status = 'done' %}"
                    Next: ""
                Default: """#]]
        .assert_eq(&choice.insert_text);
    }
}
