//! The JSONPath→JSONata conversion gives the same values: each state below is
//! converted by the code action, and the JSONata it writes is evaluated by
//! the real JSONata library (installed from npm into
//! `target/editor-tools/jsonata` on first use; needs `node` and `npm`) on
//! inputs whose JSONPath results are worked out by hand from the Amazon
//! States Language's rules: arguments, outputs after `ResultSelector`,
//! `ResultPath` and `OutputPath`, catcher outputs, Map items, and the state
//! a Choice goes to, values of the wrong type included.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use asl_lsp::ide;
use asl_lsp::syntax::{Format, TextRange};
use asl_lsp::Analysis;
use serde_json::{json, Value};

const JSONATA_VERSION: &str = "2.0.6";

/// What a run of the converted state must give.
enum Expect {
    /// A field of the converted state (or, starting with `/`, a JSON pointer into it), evaluated.
    Field(&'static str, Value),
    /// The state's output: `Output`, or what a JSONata state outputs without one.
    Output(Value),
    /// A Choice state's next state.
    Next(&'static str),
    /// The output of the first catcher, for the error output given as the result.
    Caught(Value),
}

struct Run {
    input: Value,
    /// The task's result, or the error output for `Caught`.
    result: Value,
    expect: Expect,
}

fn run(input: Value, result: Value, expect: Expect) -> Run {
    Run { input, result, expect }
}

fn context() -> Value {
    json!({"Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:orders:run-1"},
           "Map": {"Item": {"Index": 0, "Value": {"sku": "a-1"}}}})
}

fn cases() -> Vec<(&'static str, Vec<Run>)> {
    let order =
        json!({"order": {"id": "o-1", "price": 30, "shipping": 5, "lines": ["a", "b", "c"]}, "charge": {"prior": 1}});
    let payload = json!({"Payload": {"status": "ok", "extra": 1}});
    vec![
        (
            r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "InputPath": "$.order",
                "Parameters": {"FunctionName": "charge", "id.$": "$.id", "total.$": "States.MathAdd($.price, $.shipping)",
                  "note.$": "States.Format('Order {} costs {}', $.id, $.price)", "second.$": "States.ArrayGetItem($.lines, 1)",
                  "count.$": "States.ArrayLength($.lines)", "execution.$": "$$.Execution.Id", "nested": [{"line.$": "$.lines[0]"}]},
                "ResultSelector": {"status.$": "$.Payload.status"}, "ResultPath": "$.charge.detail", "OutputPath": "$.charge", "Next": "T"}"#,
            vec![
                run(
                    order.clone(),
                    payload.clone(),
                    Expect::Field(
                        "Arguments",
                        json!({"FunctionName": "charge", "id": "o-1", "total": 35, "note": "Order o-1 costs 30", "second": "b",
                               "count": 3, "execution": "arn:aws:states:us-east-1:123456789012:execution:orders:run-1",
                               "nested": [{"line": "a"}]}),
                    ),
                ),
                run(
                    order.clone(),
                    payload.clone(),
                    Expect::Output(json!({"prior": 1, "detail": {"status": "ok"}})),
                ),
            ],
        ),
        (
            r#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl": "q", "MessageBody.$": "$"}, "ResultPath": null, "Next": "T"}"#,
            vec![run(
                json!({"x": 1}),
                json!({"MessageId": "m"}),
                Expect::Output(json!({"x": 1})),
            )],
        ),
        (
            r#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl": "q", "MessageBody": "hi"}, "Next": "T"}"#,
            vec![run(
                json!({"x": 1}),
                json!({"MessageId": "m"}),
                Expect::Output(json!({"MessageId": "m"})),
            )],
        ),
        (
            r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "ResultPath": "$.r", "OutputPath": "$.r.Payload", "Next": "T",
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "F"}]}"#,
            vec![
                run(
                    json!({"x": 1}),
                    payload.clone(),
                    Expect::Output(json!({"status": "ok", "extra": 1})),
                ),
                run(
                    json!({"x": 1}),
                    json!({"Error": "Boom", "Cause": "it broke"}),
                    Expect::Caught(json!({"x": 1, "error": {"Error": "Boom", "Cause": "it broke"}})),
                ),
            ],
        ),
        (
            r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "ResultPath": "$.a.b", "Next": "T"}"#,
            vec![
                run(
                    json!({"a": {"keep": true}, "z": 0}),
                    json!(7),
                    Expect::Output(json!({"a": {"keep": true, "b": 7}, "z": 0})),
                ),
                run(
                    json!({"z": 0}),
                    json!([1]),
                    Expect::Output(json!({"z": 0, "a": {"b": [1]}})),
                ),
            ],
        ),
        (
            r#"{"Type": "Pass", "Result": {"a": [1, 2], "s": "{ not an expression }"}, "ResultPath": "$.fixed", "Next": "T"}"#,
            vec![run(
                json!({"x": 1}),
                Value::Null,
                Expect::Output(json!({"x": 1, "fixed": {"a": [1, 2], "s": "{ not an expression }"}})),
            )],
        ),
        (
            r#"{"Type": "Pass", "Parameters": {"merged.$": "States.JsonMerge($.a, $.b, false)", "parsed.$": "States.StringToJson($.s)",
                "encoded.$": "States.Base64Encode($.name)", "decoded.$": "States.Base64Decode($.b64)", "who.$": "States.Format('{}', $.n)",
                "quote.$": "States.Format('it\\'s {} \\{x\\}', $.name)"}, "Next": "T"}"#,
            vec![run(
                json!({"a": {"k": 1, "j": 1}, "b": {"k": 2}, "s": "{\"n\":[1]}", "name": "hi", "b64": "aGk=", "n": 42}),
                Value::Null,
                Expect::Output(
                    json!({"merged": {"k": 2, "j": 1}, "parsed": {"n": [1]}, "encoded": "aGk=", "decoded": "hi",
                                      "who": "42", "quote": "it's hi {x}"}),
                ),
            )],
        ),
        (
            r#"{"Type": "Pass", "InputPath": "$.inner", "OutputPath": "$.v['odd key']", "Next": "T"}"#,
            vec![run(
                json!({"inner": {"v": {"odd key": [3]}}, "outer": 1}),
                Value::Null,
                Expect::Output(json!([3])),
            )],
        ),
        (
            r#"{"Type": "Choice", "Choices": [
                {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "T"},
                {"And": [{"Variable": "$.s", "StringEquals": "go"}, {"Not": {"Variable": "$.skip", "IsPresent": true}}], "Next": "T"}],
               "Default": "F"}"#,
            vec![
                run(json!({"n": "20", "s": "go"}), Value::Null, Expect::Next("T")),
                run(json!({"n": 5, "s": "go", "skip": true}), Value::Null, Expect::Next("F")),
                run(json!({"n": 11, "s": "x"}), Value::Null, Expect::Next("T")),
                run(json!({"n": 10.5, "s": 1}), Value::Null, Expect::Next("T")),
                run(json!({"n": true, "s": "stop"}), Value::Null, Expect::Next("F")),
            ],
        ),
        (
            r#"{"Type": "Choice", "InputPath": "$.in", "Choices": [
                {"Variable": "$.a", "NumericLessThanPath": "$.b", "Next": "T"},
                {"Variable": "$.c", "StringLessThanEqualsPath": "$.d", "Next": "T"},
                {"Or": [{"Variable": "$.e", "IsNull": false}, {"Variable": "$.f", "BooleanEquals": true}], "Next": "T"},
                {"Variable": "$.g", "IsString": true, "Next": "T"}],
               "Default": "F", "OutputPath": "$.a"}"#,
            vec![
                run(json!({"in": {"a": 1, "b": 2}}), Value::Null, Expect::Next("T")),
                run(
                    json!({"in": {"a": "1", "b": 2, "c": "b", "d": "a", "e": null, "f": "true", "g": 1}}),
                    Value::Null,
                    Expect::Next("F"),
                ),
                run(
                    json!({"in": {"a": 3, "b": 2, "c": "a", "d": "b", "e": null}}),
                    Value::Null,
                    Expect::Next("T"),
                ),
                run(
                    json!({"in": {"a": 3, "b": 2, "c": "z", "d": "b", "e": 5}}),
                    Value::Null,
                    Expect::Next("T"),
                ),
                run(
                    json!({"in": {"a": 3, "b": "2", "c": 1, "d": 2, "e": null, "f": true}}),
                    Value::Null,
                    Expect::Next("T"),
                ),
                run(
                    json!({"in": {"a": 3, "b": 2, "c": "z", "d": "b", "e": null, "g": "x"}}),
                    Value::Null,
                    Expect::Next("T"),
                ),
                run(json!({"in": {"a": 7}}), Value::Null, Expect::Output(json!(7))),
            ],
        ),
        (
            r#"{"Type": "Choice", "Choices": [{"Variable": "$.file", "StringMatches": "log-*.t\\*t (1)/*", "Next": "T"}], "Default": "F"}"#,
            vec![
                run(json!({"file": "log-2024.t*t (1)/a\nb"}), Value::Null, Expect::Next("T")),
                run(json!({"file": "log-.t*t (1)/"}), Value::Null, Expect::Next("T")),
                run(json!({"file": "log-2024.txt (1)/a"}), Value::Null, Expect::Next("F")),
                run(json!({"file": "xlog-2024.t*t (1)/a"}), Value::Null, Expect::Next("F")),
                run(json!({"file": 12}), Value::Null, Expect::Next("F")),
            ],
        ),
        (
            r#"{"Type": "Map", "ItemsPath": "$.orders", "ItemSelector": {"order.$": "$$.Map.Item.Value", "who.$": "$.customer"},
                "ItemProcessor": {"StartAt": "Ship", "States": {"Ship": {"Type": "Pass", "End": true}}}, "ResultPath": "$.done", "Next": "T"}"#,
            vec![
                run(
                    json!({"orders": [{"sku": "a-1"}], "customer": "ann"}),
                    Value::Null,
                    Expect::Field("Items", json!([{"sku": "a-1"}])),
                ),
                run(
                    json!({"orders": [{"sku": "a-1"}], "customer": "ann"}),
                    Value::Null,
                    Expect::Field("ItemSelector", json!({"order": {"sku": "a-1"}, "who": "ann"})),
                ),
                run(
                    json!({"orders": [], "customer": "ann"}),
                    json!([1, 2]),
                    Expect::Output(json!({"orders": [], "customer": "ann", "done": [1, 2]})),
                ),
            ],
        ),
        (
            r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                "ResultSelector": {"kept.$": "$.Payload.status"},
                "Assign": {"seller.$": "$.Payload.sellerId", "fixed": 1, "when.$": "$$.Execution.Id", "all": {"extra.$": "$.Payload.extra"}},
                "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"why.$": "$.Cause"}, "Next": "F"}], "Next": "T"}"#,
            vec![
                run(
                    json!({"x": 1}),
                    json!({"Payload": {"status": "ok", "sellerId": "s-9", "extra": [2]}}),
                    Expect::Field(
                        "Assign",
                        json!({"seller": "s-9", "fixed": 1, "when": "arn:aws:states:us-east-1:123456789012:execution:orders:run-1", "all": {"extra": [2]}}),
                    ),
                ),
                run(
                    json!({"x": 1}),
                    json!({"Error": "E", "Cause": "c"}),
                    Expect::Field("/Catch/0/Assign", json!({"why": "c"})),
                ),
            ],
        ),
        (
            r#"{"Type": "Pass", "InputPath": "$.in", "Parameters": {"v.$": "$.a"}, "Assign": {"got.$": "$.v"}, "Next": "T"}"#,
            vec![run(
                json!({"in": {"a": 5}}),
                Value::Null,
                Expect::Field("Assign", json!({"got": 5})),
            )],
        ),
        (
            r#"{"Type": "Choice", "InputPath": "$.in", "Choices": [{"Variable": "$.a", "IsPresent": true, "Assign": {"seen.$": "$.a"}, "Next": "T"}],
                "Default": "F", "Assign": {"none.$": "$.b"}}"#,
            vec![
                run(
                    json!({"in": {"a": 1, "b": 2}}),
                    Value::Null,
                    Expect::Field("/Choices/0/Assign", json!({"seen": 1})),
                ),
                run(
                    json!({"in": {"a": 1, "b": 2}}),
                    Value::Null,
                    Expect::Field("Assign", json!({"none": 2})),
                ),
            ],
        ),
        (
            r#"{"Type": "Wait", "SecondsPath": "$.delay", "Next": "T"}"#,
            vec![run(
                json!({"delay": 5}),
                Value::Null,
                Expect::Field("Seconds", json!(5)),
            )],
        ),
        (
            r#"{"Type": "Fail", "ErrorPath": "$.code", "CausePath": "States.Format('failed: {}', $.why)"}"#,
            vec![
                run(
                    json!({"code": "E1", "why": "x"}),
                    Value::Null,
                    Expect::Field("Error", json!("E1")),
                ),
                run(
                    json!({"code": "E1", "why": "x"}),
                    Value::Null,
                    Expect::Field("Cause", json!("failed: x")),
                ),
            ],
        ),
    ]
}

/// The state `S` of `definition` after the code action converted it.
fn convert(state: &str) -> Value {
    let text = format!(
        r#"{{"StartAt": "S", "States": {{"S": {state}, "T": {{"Type": "Succeed"}}, "F": {{"Type": "Succeed"}}}}}}"#
    );
    let analysis = Analysis::new(&text, Format::Json);
    let at = text.find("\"S\": {").unwrap();
    let action = ide::actions(&analysis, &text, TextRange::empty(at))
        .into_iter()
        .find(|action| action.title == "Convert \"S\" to JSONata")
        .unwrap_or_else(|| panic!("no conversion offered for {state}"));
    assert_eq!(action.declined, None, "{state}");
    let mut converted = text.clone();
    for (range, new_text) in action.edits.iter().rev() {
        converted.replace_range(range.start()..range.end(), new_text);
    }
    let value: Value = serde_json::from_str(&converted).unwrap_or_else(|error| panic!("{error}: {converted}"));
    value["States"]["S"].clone()
}

/// The jsonata package, installed once into `target/editor-tools/jsonata`.
fn jsonata() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("editor-tools").join("jsonata");
    let package = dir.join("node_modules/jsonata/package.json");
    let installed = std::fs::read_to_string(&package)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .is_some_and(|package| package["version"] == JSONATA_VERSION);
    if !installed {
        std::fs::create_dir_all(&dir).unwrap();
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
            .arg(&dir)
            .arg(format!("jsonata@{JSONATA_VERSION}"))
            .status()
            .unwrap_or_else(|error| panic!("this test needs npm (and node): {error}"));
        assert!(status.success(), "npm install jsonata@{JSONATA_VERSION} failed");
    }
    dir
}

#[test]
fn converted_states_give_the_same_values() {
    let mut requests = Vec::new();
    let mut expected = Vec::new();
    let mut cases_run = 0;
    for (state, runs) in cases() {
        let converted = convert(state);
        assert_eq!(converted["QueryLanguage"], "JSONata", "{converted}");
        let ty = converted["Type"].as_str().unwrap().to_string();
        for run in runs {
            cases_run += 1;
            let mut states = json!({"input": run.input, "context": context()});
            let (template, want) = match run.expect {
                Expect::Field(field, want) => {
                    // What Assign reads: the result, or a catcher's error output.
                    states["result"] = run.result.clone();
                    states["errorOutput"] = run.result;
                    let found = if field.starts_with('/') {
                        converted.pointer(field)
                    } else {
                        converted.get(field)
                    };
                    (
                        found.cloned().unwrap_or_else(|| panic!("no {field} in {converted}")),
                        want,
                    )
                }
                Expect::Output(want) => {
                    states["result"] = run.result;
                    // Without Output, a Task, Map or Parallel outputs its result and the others their input.
                    let default = if matches!(ty.as_str(), "Task" | "Map" | "Parallel") {
                        "{% $states.result %}"
                    } else {
                        "{% $states.input %}"
                    };
                    (converted.get("Output").cloned().unwrap_or(json!(default)), want)
                }
                Expect::Caught(want) => {
                    states["errorOutput"] = run.result;
                    let catcher = &converted["Catch"][0];
                    (
                        catcher
                            .get("Output")
                            .cloned()
                            .unwrap_or(json!("{% $states.errorOutput %}")),
                        want,
                    )
                }
                Expect::Next(next) => {
                    // Every rule's condition, then the first that holds.
                    let conditions: Vec<Value> = converted["Choices"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|rule| rule["Condition"].clone())
                        .collect();
                    let nexts: Vec<Value> = converted["Choices"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|rule| rule["Next"].clone())
                        .chain([converted["Default"].clone()])
                        .collect();
                    (Value::Array(conditions), json!({"next": next, "nexts": nexts}))
                }
            };
            requests.push(json!({"template": template, "bindings": {"states": states}}));
            expected.push((state, want));
        }
    }
    let dir = jsonata();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/convert/evaluate.js");
    let mut child = Command::new("node")
        .arg(&script)
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|error| panic!("this test needs node: {error}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&requests).unwrap().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "node {} failed", script.display());
    let answers: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answers.len(), expected.len());
    let mut wrong = Vec::new();
    for ((state, want), (answer, request)) in expected.iter().zip(answers.iter().zip(&requests)) {
        let got = &answer["value"];
        let right = match want.get("next") {
            Some(next) if want.get("nexts").is_some() => {
                // The first condition that is true picks its Next; none, the Default.
                let holds: Vec<bool> = got.as_array().map_or_else(Vec::new, |values| {
                    values.iter().map(|value| value == &Value::Bool(true)).collect()
                });
                let chosen = holds.iter().position(|&holds| holds).unwrap_or(holds.len());
                answer.get("error").is_none() && want["nexts"].get(chosen) == Some(next)
            }
            _ => answer.get("error").is_none() && got == want,
        };
        if !right {
            wrong.push(format!(
                "{state}\n  evaluated {}\n  got {answer}\n  want {want}",
                request["template"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    assert!(cases_run >= 25, "{cases_run} runs");
}
