//! The `check` command as CI runs it: output formats and exit statuses.

use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asl-lsp"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("asl-lsp runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn clean_example_exits_zero() {
    let output = run(&["check", "examples/order.asl.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "1 file checked: 0 errors, 0 warnings\n");
}

#[test]
fn human_output_points_at_the_mistake() {
    let output = run(&["check", "examples/mistakes.asl.json"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let expected = "error[MISSING_TRANSITION_TARGET]: Missing 'Next' target: no state named \"Charge crad\" in this scope. Did you mean \"Charge card\"?
  --> examples/mistakes.asl.json:33:19
   |
33 |           \"Next\": \"Charge crad\"
   |                   ^^^^^^^^^^^^^
";
    assert!(text.starts_with(expected), "{text}");
    assert!(text.ends_with("1 file checked: 5 errors, 0 warnings\n"), "{text}");
}

#[test]
fn json_output_is_one_object_per_line() {
    let output = run(&["check", "--format", "json", "examples/mistakes.asl.json"]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 5);
    let first = &lines[0];
    assert_eq!(first["file"], "examples/mistakes.asl.json");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "MISSING_TRANSITION_TARGET");
    assert_eq!(
        first["range"],
        serde_json::json!({"start": {"line": 32, "character": 18}, "end": {"line": 32, "character": 31}})
    );
}

#[test]
fn usage_and_io_problems_exit_two() {
    let output = run(&["check", "does-not-exist.json"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("cannot read does-not-exist.json"), "{stderr}");
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(run(&["--bogus"]).status.code(), Some(2));
    assert_eq!(run(&["check", "--format", "xml", "x.json"]).status.code(), Some(2));
}

#[test]
fn version_and_help() {
    let output = run(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("asl-lsp "));
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("check"));
}

#[test]
fn directories_stand_for_the_definitions_below_them() {
    let output = run(&["check", "tests/workflows", "examples"]);
    assert_eq!(output.status.code(), Some(1));
    // Seven workflows and two examples; README.md files and the like are left alone.
    assert!(
        stdout(&output).ends_with("9 files checked: 5 errors, 0 warnings\n"),
        "{}",
        stdout(&output)
    );
    let empty = std::env::temp_dir().join(format!("asl-lsp-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let output = run(&["check", empty.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8(output.stderr).unwrap().contains("no *.asl.json"));
    std::fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn sarif_output_for_code_scanning() {
    let output = run(&[
        "check",
        "--format",
        "sarif",
        "examples/mistakes.asl.json",
        "examples/order.asl.json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let log: Value = serde_json::from_str(&stdout(&output)).expect("one SARIF document");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "asl-lsp");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    assert_eq!(results[0]["ruleId"], "MISSING_TRANSITION_TARGET");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 33, "startColumn": 19, "endLine": 33, "endColumn": 32})
    );
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["MISSING_TRANSITION_TARGET"]);
}

#[test]
fn graph_draws_mermaid_and_dot() {
    let output = run(&["graph", "examples/order.asl.json"]);
    assert_eq!(output.status.code(), Some(0));
    let mermaid = stdout(&output);
    assert!(mermaid.starts_with("flowchart TD\n"), "{mermaid}");
    assert!(mermaid.contains("{\"In stock?\"}"), "{mermaid}");
    let output = run(&["graph", "--format", "dot", "examples/order.asl.json"]);
    assert_eq!(output.status.code(), Some(0));
    let dot = stdout(&output);
    assert!(dot.starts_with("digraph \"state machine\" {"), "{dot}");
    assert_eq!(dot.matches("subgraph cluster_").count(), 3, "{dot}");
    assert_eq!(run(&["graph", "missing.json"]).status.code(), Some(2));
}
