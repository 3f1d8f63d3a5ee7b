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
    assert!(text.ends_with("1 file checked: 3 errors, 0 warnings\n"), "{text}");
}

#[test]
fn json_output_is_one_object_per_line() {
    let output = run(&["check", "--format", "json", "examples/mistakes.asl.json"]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
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
    // Seven workflows, two example definitions, seven example templates and
    // the definition one of them names; README.md files and the like are
    // left alone.
    assert!(
        stdout(&output).ends_with("17 files checked: 5 errors, 0 warnings\n"),
        "{}",
        stdout(&output)
    );
    let empty = std::env::temp_dir().join(format!("asl-lsp-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let output = run(&["check", empty.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8(output.stderr).unwrap().contains("no *.asl.json"));
    // A file named like a template that is no template is not checked.
    std::fs::write(empty.join("template.json"), r#"{"name": "not a template"}"#).unwrap();
    let output = run(&["check", empty.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "0 files checked: 0 errors, 0 warnings\n");
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
    assert_eq!(results.len(), 3);
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

/// A scratch directory of its own for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-lsp-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const CLEAN: &str = r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#;

/// Run `asl-lsp` with `input` on its standard input, under a time limit so
/// that a walk that hangs fails the test instead of blocking it.
fn run_with_input(args: &[&std::ffi::OsStr], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl-lsp"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("asl-lsp runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    drop(stdin);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("asl-lsp {args:?} did not finish within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn os(text: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(text)
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed() {
    let dir = scratch("loop");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/a.asl.json"), CLEAN).unwrap();
    // A link back to the top, and a link to itself.
    std::os::unix::fs::symlink(&dir, dir.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(dir.join("sub/self"), dir.join("sub/self")).unwrap();
    let output = run_with_input(&[os("check"), dir.as_os_str()], b"");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stdout(&output), "1 file checked: 0 errors, 0 warnings\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn special_files_are_skipped_with_a_warning() {
    let dir = scratch("fifo");
    std::fs::write(dir.join("a.asl.json"), CLEAN).unwrap();
    let fifo = dir.join("b.asl.json");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    // Opening the FIFO for reading would block for ever: no writer comes.
    let output = run_with_input(&[os("check"), dir.as_os_str()], b"");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: skipped") && stderr.contains("FIFO"),
        "{stderr}"
    );
    assert_eq!(stdout(&output), "1 file checked: 0 errors, 0 warnings\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn unreadable_entries_exit_two() {
    let dir = scratch("unreadable");
    std::fs::write(dir.join("a.asl.json"), CLEAN).unwrap();
    // A definition whose link leads nowhere cannot be read, root or not.
    std::os::unix::fs::symlink(dir.join("missing"), dir.join("gone.asl.json")).unwrap();
    let output = run_with_input(&[os("check"), dir.as_os_str()], b"");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read") && stderr.contains("gone.asl.json"),
        "{stderr}"
    );
    assert!(stdout(&output).ends_with("1 file checked: 0 errors, 0 warnings\n"));
    std::fs::remove_file(dir.join("gone.asl.json")).unwrap();
    // A directory whose path is too long to open: unreadable for root too.
    let made = Command::new("sh")
        .arg("-c")
        .arg(r#"cd "$1" && n=$(printf "%0200d" 0) && i=0 && while [ $i -lt 24 ]; do mkdir $n && cd -P $n || exit 1; i=$((i+1)); done"#)
        .arg("sh")
        .arg(&dir)
        .status()
        .expect("sh runs");
    assert!(made.success());
    let output = run_with_input(&[os("check"), dir.as_os_str()], b"");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read directory"), "{stderr}");
    assert!(stdout(&output).ends_with("1 file checked: 0 errors, 0 warnings\n"));
    std::fs::remove_dir_all(dir.join(format!("{:0200}", 0))).unwrap();
    // A directory without read permission, where that denies reading (not as root).
    let locked = dir.join("locked");
    std::fs::create_dir(&locked).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_err() {
        let output = run_with_input(&[os("check"), dir.as_os_str()], b"");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("cannot read directory"), "{stderr}");
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn file_names_need_not_be_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("non-utf8");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.asl.json");
    std::fs::write(dir.join(name), r#"{"StartAt": "A", "States": {}}"#).unwrap();
    // Found by the walk, and named on the command line.
    for argument in [dir.clone(), dir.join(name)] {
        let output = run_with_input(&[os("check"), argument.as_os_str()], b"");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        let report = String::from_utf8_lossy(&output.stdout);
        assert!(report.contains("caf\u{fffd}.asl.json"), "{report}");
        assert!(report.ends_with("1 file checked: 2 errors, 0 warnings\n"), "{report}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_byte_order_mark_is_ignored_with_a_warning() {
    let text = "\u{feff}{\"StartAt\": \"B\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}\n";
    let output = run_with_input(&[os("check"), os("--format"), os("json"), os("-")], text.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let codes: Vec<&str> = lines.iter().map(|line| line["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["BYTE_ORDER_MARK", "MISSING_TRANSITION_TARGET"], "{lines:?}");
    assert_eq!(lines[0]["severity"], "warning");
    // Positions count from after the mark, as editors show them.
    assert_eq!(
        lines[1]["range"],
        serde_json::json!({"start": {"line": 0, "character": 12}, "end": {"line": 0, "character": 15}})
    );
    // Without the mark: the same error at the same place, and no warning.
    let output = run_with_input(
        &[os("check"), os("--format"), os("json"), os("-")],
        &text.as_bytes()[3..],
    );
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["range"]["start"]["character"], 12);
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let output = run_with_input(&[os("check"), os("-")], CLEAN.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "1 file checked: 0 errors, 0 warnings\n");
    // The name picks the format and appears in the report.
    let yaml = b"StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n";
    let output = run_with_input(
        &[os("check"), os("--stdin-filename"), os("flow.asl.yaml"), os("-")],
        yaml,
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("--> flow.asl.yaml:5:11"), "{text}");
    // Without a name it is JSON, shown as <stdin>.
    let output = run_with_input(&[os("check"), os("-")], yaml);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("--> <stdin>:1:1"), "{}", stdout(&output));
    // Not UTF-8: exit 2.
    let output = run_with_input(&[os("check"), os("-")], b"{\xff}");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read standard input"));
}

/// Templates: each state machine a template holds is checked where it is
/// written, with the file's own line numbers, and the template's own keys
/// are never taken for ASL fields.
#[test]
fn templates_are_checked_machine_by_machine() {
    let output = run(&["check", "examples/templates/sam.template.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let expected = "error[MISSING_TRANSITION_TARGET]: OrderStateMachine: Missing 'Next' target: no state named \"Notfy\" in this scope. Did you mean \"Notify\"?
  --> examples/templates/sam.template.yaml:63:19
   |
63 |             Next: Notfy
   |                   ^^^^^
";
    assert!(text.starts_with(expected), "{text}");
    assert!(text.ends_with("1 file checked: 2 errors, 0 warnings\n"), "{text}");
    for clean in [
        "examples/templates/cloudformation.template.json",
        "examples/templates/serverless.yml",
    ] {
        let output = run(&["check", clean]);
        assert_eq!(output.status.code(), Some(0), "{clean}: {}", stdout(&output));
    }
    // A mistake in the second machine of a JSON template, at its place.
    let dir = scratch("templates");
    let template = std::fs::read_to_string("examples/templates/cloudformation.template.json").unwrap();
    let broken = template.replace("\"Next\": \"Done\"", "\"Next\": \"Dne\"");
    let path = dir.join("broken.template.json");
    std::fs::write(&path, &broken).unwrap();
    let output = run(&["check", "--format", "json", path.to_str().unwrap()]);
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let codes: Vec<&str> = lines.iter().map(|line| line["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["MISSING_TRANSITION_TARGET", "MISSING_TRANSITION_TARGET"],
        "{lines:?}"
    );
    let line_of = |needle: &str| broken.lines().position(|line| line.contains(needle)).unwrap() as u64;
    assert_eq!(lines[0]["range"]["start"]["line"], line_of("\"Dne\""));
    assert_eq!(lines[0]["machine"], "Cleanup");

    // CDK's shape: a Fn::Join of JSON text and functions; the problem lands
    // on the escaped characters of its part.
    let cdk = std::fs::read_to_string("examples/templates/cdk.template.json").unwrap();
    let broken = cdk.replacen("\\\"Next\\\":\\\"Done\\\"", "\\\"Next\\\":\\\"Don\\\"", 1);
    assert_ne!(broken, cdk);
    let path = dir.join("cdk.template.json");
    std::fs::write(&path, &broken).unwrap();
    let output = run(&["check", "--format", "json", path.to_str().unwrap()]);
    let first: Value = serde_json::from_str(stdout(&output).lines().next().unwrap()).unwrap();
    assert_eq!(first["code"], "MISSING_TRANSITION_TARGET", "{first}");
    assert_eq!(first["machine"], "MyStateMachine6C968CA5");
    let line = broken
        .lines()
        .nth(first["range"]["start"]["line"].as_u64().unwrap() as usize)
        .unwrap();
    let (start, end) = (
        first["range"]["start"]["character"].as_u64().unwrap() as usize,
        first["range"]["end"]["character"].as_u64().unwrap() as usize,
    );
    assert_eq!(&line[start..end], "\\\"Don\\\"");
}

#[test]
fn a_definition_uri_file_is_checked_against_its_template() {
    let output = run(&["check", "examples/templates/sam-uri/template.yaml"]);
    assert_eq!(stdout(&output), "2 files checked: 0 errors, 0 warnings\n");
    assert_eq!(output.status.code(), Some(0));

    // The same application with a substitution renamed, a placeholder that
    // nothing fills in, and a second machine whose file is not there.
    let dir = scratch("definition-uri");
    std::fs::create_dir_all(dir.join("statemachine")).unwrap();
    let template = std::fs::read_to_string("examples/templates/sam-uri/template.yaml")
        .unwrap()
        .replace("DDBTable: !Ref", "DDBTabel: !Ref")
        + "
  Refunds:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/refunds.asl.json
";
    std::fs::write(dir.join("template.yaml"), &template).unwrap();
    let definition = std::fs::read_to_string("examples/templates/sam-uri/statemachine/stock_trader.asl.json").unwrap();
    std::fs::write(dir.join("statemachine/stock_trader.asl.json"), &definition).unwrap();
    let template_path = dir.join("template.yaml");
    let definition_path = dir.join("statemachine/stock_trader.asl.json");
    let line_of = |text: &str, needle: &str| text.lines().position(|line| line.contains(needle)).unwrap() as u64;

    // Named alone or beside the file it links, the definition is reported once.
    for args in [
        vec![template_path.to_str().unwrap()],
        vec![template_path.to_str().unwrap(), definition_path.to_str().unwrap()],
        vec![definition_path.to_str().unwrap(), template_path.to_str().unwrap()],
    ] {
        let mut full = vec!["check", "--format", "json"];
        full.extend(args.iter().copied());
        let output = run(&full);
        let lines: Vec<Value> = stdout(&output)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let mut found: Vec<(&str, &str, u64)> = lines
            .iter()
            .map(|line| {
                let file = line["file"].as_str().unwrap();
                let file = if file.ends_with("template.yaml") {
                    "template"
                } else {
                    "definition"
                };
                (
                    file,
                    line["code"].as_str().unwrap(),
                    line["range"]["start"]["line"].as_u64().unwrap(),
                )
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                (
                    "definition",
                    "UNDEFINED_PLACEHOLDER",
                    line_of(&definition, "${DDBTable}")
                ),
                (
                    "template",
                    "MISSING_DEFINITION_FILE",
                    line_of(&template, "refunds.asl.json")
                ),
                ("template", "UNUSED_SUBSTITUTION", line_of(&template, "DDBTabel")),
            ],
            "{args:?}: {lines:?}"
        );
        let placeholder = lines
            .iter()
            .find(|line| line["code"] == "UNDEFINED_PLACEHOLDER")
            .unwrap();
        assert_eq!(placeholder["machine"], "StockTradingStateMachine");
        assert!(
            placeholder["message"].as_str().unwrap().contains("DDBTable"),
            "{placeholder}"
        );
        // Warnings only: the deploy would go on, with a broken machine.
        assert_eq!(output.status.code(), Some(0));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn terraform_templatefile_variables_are_checked_against_the_file() {
    let dir = scratch("templatefile");
    std::fs::create_dir_all(dir.join("sfn")).unwrap();
    let module = r#"resource "aws_sfn_state_machine" "checkout" {
  name       = "checkout"
  definition = templatefile("${path.module}/sfn/checkout.asl.json", {
    charge_arn = aws_lambda_function.charge.arn
    spare      = "x"
  })
}
"#;
    let definition = r#"{"StartAt": "Charge", "States": {
  "Charge": {"Type": "Task", "Resource": "${charge_arn}", "Next": "Ship"},
  "Ship": {"Type": "Task", "Resource": "${ship_arn}", "End": true}}}
"#;
    std::fs::write(dir.join("main.tf"), module).unwrap();
    std::fs::write(dir.join("sfn/checkout.asl.json"), definition).unwrap();
    let output = run(&["check", "--format", "json", dir.join("main.tf").to_str().unwrap()]);
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let found: Vec<(&str, &str, u64)> = lines
        .iter()
        .map(|line| {
            let file = line["file"].as_str().unwrap();
            (
                &file[file.rfind('/').unwrap() + 1..],
                line["code"].as_str().unwrap(),
                line["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("main.tf", "UNUSED_SUBSTITUTION", 4),
            ("checkout.asl.json", "UNDEFINED_PLACEHOLDER", 2)
        ],
        "{lines:?}"
    );
    assert_eq!(lines[1]["machine"], "checkout");
    assert_eq!(output.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn graph_draws_the_machine_of_a_template_chosen_by_name() {
    let output = run(&["graph", "examples/templates/cloudformation.template.json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("Gather"), "{}", stdout(&output));
    let output = run(&[
        "graph",
        "--machine",
        "Cleanup",
        "examples/templates/cloudformation.template.json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let mermaid = stdout(&output);
    assert!(
        mermaid.contains("Wait a day") && !mermaid.contains("Gather"),
        "{mermaid}"
    );
    let output = run(&[
        "graph",
        "--machine",
        "Nope",
        "examples/templates/cloudformation.template.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(error.contains("NightlyReport, Cleanup"), "{error}");
}

/// The SVG of a definition CDK writes as a `Fn::Join` of strings: each
/// box's `data-offset` is where its key is written in the file, escapes
/// included, not an offset of the decoded text.
#[test]
fn graph_svg_offsets_of_a_decoded_definition_are_the_file_s() {
    let file = "examples/templates/cdk.template.json";
    let output = run(&["graph", "--format", "svg", file]);
    assert_eq!(output.status.code(), Some(0));
    let svg = stdout(&output);
    let text = std::fs::read_to_string(file).unwrap();
    let mut names = Vec::new();
    for rest in svg.split("data-state=\"").skip(1) {
        let name = &rest[..rest.find('"').unwrap()];
        let offset = rest.split("data-offset=\"").nth(1).unwrap();
        let offset: usize = offset[..offset.find('"').unwrap()].parse().unwrap();
        assert!(
            text[offset..].starts_with(&format!("\\\"{name}\\\":")),
            "{name} at {offset}: {:?}",
            &text[offset..(offset + 30).min(text.len())]
        );
        names.push(name.to_string());
    }
    assert_eq!(names, ["Invoke", "Done"]);
}

/// `asl-lsp.toml`, `--select`, `--ignore`, `--statistics` and `--format github`.
#[test]
fn configuration_and_selection() {
    let dir = scratch("configuration");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("express")).unwrap();
    let mistakes = std::fs::read_to_string("examples/mistakes.asl.json").unwrap();
    std::fs::write(dir.join("main.asl.json"), &mistakes).unwrap();
    std::fs::write(dir.join("express/flow.asl.json"), &mistakes).unwrap();
    let check = |args: &[&str]| {
        let mut full = vec!["check"];
        full.extend_from_slice(args);
        full.push(dir.to_str().unwrap());
        run(&full)
    };
    let statistics = |output: &Output| -> Vec<(u64, String)> {
        stdout(output)
            .lines()
            .map(|line| serde_json::from_str::<Value>(line).unwrap())
            .map(|line| {
                (
                    line["count"].as_u64().unwrap(),
                    line["code"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let before = check(&["--statistics", "--format", "json"]);
    let before_counts = statistics(&before);
    assert_eq!(before.status.code(), Some(1));
    assert!(before_counts
        .iter()
        .any(|(_, code)| code == "MISSING_TRANSITION_TARGET"));

    // Targets are warnings everywhere, and off under express/.
    std::fs::write(
        dir.join("asl-lsp.toml"),
        "[rules]\nMISSING_TRANSITION_TARGET = \"warning\"\n\n[[overrides]]\nfiles = [\"express/**\"]\nignore = [\"MISSING_TRANSITION_TARGET\"]\n",
    )
    .unwrap();
    let output = check(&["--format", "json"]);
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let targets: Vec<&Value> = lines
        .iter()
        .filter(|line| line["code"] == "MISSING_TRANSITION_TARGET")
        .collect();
    assert!(!targets.is_empty());
    for target in targets {
        assert_eq!(target["severity"], "warning");
        assert!(!target["file"].as_str().unwrap().contains("express"), "{target}");
    }

    // --select and --ignore on top of it; an unknown code is a usage error.
    let output = check(&["--select", "MISSING_TRANSITION_TARGET", "--format", "json"]);
    assert!(stdout(&output)
        .lines()
        .all(|line| line.contains("MISSING_TRANSITION_TARGET")));
    let output = check(&["--ignore", "MISSING_TRANSITION_TARGET,NO_DOLLAR", "--format", "json"]);
    assert!(!stdout(&output).contains("MISSING_TRANSITION_TARGET"));
    let output = check(&["--select", "MISSING_TRANSITON_TARGET"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean MISSING_TRANSITION_TARGET"));

    // GitHub annotations: one workflow command per problem.
    let output = check(&["--format", "github", "--select", "MISSING_TRANSITION_TARGET"]);
    let first = stdout(&output).lines().next().unwrap().to_string();
    assert!(first.starts_with("::warning file="), "{first}");
    assert!(
        first.contains(",line=33,col=19,endLine=33,endColumn=32,title=MISSING_TRANSITION_TARGET::"),
        "{first}"
    );

    // A mistake in the file: its place, and exit 2.
    std::fs::write(
        dir.join("asl-lsp.toml"),
        "[rules]\nMISSING_TRANSITION_TARGET = \"loud\"\n",
    )
    .unwrap();
    let output = check(&[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("asl-lsp.toml:2:29:"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `placeholders` in the configuration: a templating tool's placeholders
/// in a definition and in a template are no errors, and nothing asks the
/// template's substitutions to fill them in; a bad example is exit 2 at its place.
#[test]
fn a_templating_tool_s_placeholders_per_configuration() {
    let dir = scratch("placeholders");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(
        dir.join("flow.asl.json"),
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Task", "Resource": "{{ lambda_arn }}", "Next": "W"},
  "W": {"Type": "Wait", "Timestamp": "<%= when %>", "End": true}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("template.yaml"),
        "Resources:\n  Flow:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      \
         DefinitionSubstitutions:\n        Stage: prod\n      Definition:\n        \
         StartAt: A\n        States:\n          A:\n            Type: Task\n            Resource: {{ arn }}\n            \
         Comment: ${Stage}\n            End: true\n",
    )
    .unwrap();
    let check = || run(&["check", dir.to_str().unwrap()]);
    let before = check();
    assert_eq!(before.status.code(), Some(1), "{}", stdout(&before));
    std::fs::write(
        dir.join("asl-lsp.toml"),
        "placeholders = [\"{{ name }}\"]\n[[overrides]]\nfiles = [\"*.asl.json\"]\nplaceholders = [\"{{ name }}\", \"<%= name %>\"]\n",
    )
    .unwrap();
    let after = check();
    assert_eq!(after.status.code(), Some(0), "{}", stdout(&after));
    assert!(stdout(&after).contains("0 errors, 0 warnings"), "{}", stdout(&after));

    std::fs::write(dir.join("asl-lsp.toml"), "placeholders = [\"{{ }}\"]\n").unwrap();
    let output = check();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("asl-lsp.toml:1:17:") && stderr.contains("the word `name`"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Files are read and analysed on every core; the report is the same, in
/// the same order, as on one.
#[test]
fn a_directory_checked_on_every_core_reports_as_on_one() {
    let report = |threads: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_asl-lsp"))
            .args([
                "check",
                "--format",
                "json",
                "tests/conformance",
                "tests/workflows",
                "examples",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("ASL_LSP_THREADS", threads)
            .output()
            .expect("asl-lsp runs");
        (output.status.code(), stdout(&output))
    };
    let (one_status, one) = report("1");
    let (many_status, many) = report("4");
    assert!(one.lines().count() > 100, "{one}");
    assert_eq!(one_status, many_status);
    assert!(one == many, "the reports differ");
}

/// `--fix` applies every quick fix, leaves what has none, and a second run
/// finds nothing more to do.
#[test]
fn fix_applies_the_quick_fixes_and_reports_the_rest() {
    let dir = scratch("fix");
    let mut files = Vec::new();
    for example in [
        "examples/mistakes.asl.json",
        "tests/rules/SCHEMA_VALIDATION_FAILED/bad.asl.json",
    ] {
        let path = dir.join(example.replace('/', "-"));
        std::fs::copy(example, &path).unwrap();
        files.push(path);
    }
    let yaml = dir.join("typos.asl.yaml");
    std::fs::write(
        &yaml,
        "StartAt: A\nStates:\n  A:\n    Type: Tsk\n    Resource: arn:aws:states:::aws-sdk:s3:getObject\n    Parameters:\n      Buckt: b\n      Key: k\n    Next: Bb\n  B:\n    Type: Succeed\n",
    )
    .unwrap();
    files.push(yaml.clone());
    let args = |extra: &[&str]| {
        let mut args: Vec<String> = vec!["check".into(), "--format".into(), "json".into()];
        args.extend(extra.iter().map(|arg| arg.to_string()));
        args.extend(files.iter().map(|file| file.to_string_lossy().into_owned()));
        args
    };
    let run_args = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args)
    };
    let before: Vec<Value> = stdout(&run_args(args(&[])))
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let fixable = before.iter().filter(|line| line.get("fix").is_some()).count();
    assert!(fixable >= 3, "{before:?}");
    let output = run_args(args(&["--fix"]));
    let after: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    // A fix may uncover another (a Task's parameters once it is a Task).
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("fixed 3 problems in") && stderr.contains("fixed 1 problem in"),
        "{stderr}"
    );
    assert!(after.len() < before.len(), "{before:?}\n{after:?}");
    assert!(after.iter().all(|line| line.get("fix").is_none()), "{after:?}");
    assert_eq!(
        std::fs::read_to_string(&yaml).unwrap(),
        "StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: arn:aws:states:::aws-sdk:s3:getObject\n    Parameters:\n      Bucket: b\n      Key: k\n    Next: B\n  B:\n    Type: Succeed\n"
    );
    let contents: Vec<String> = files
        .iter()
        .map(|file| std::fs::read_to_string(file).unwrap())
        .collect();
    let again = run_args(args(&["--fix"]));
    assert!(!String::from_utf8_lossy(&again.stderr).contains("fixed"));
    assert_eq!(stdout(&again), stdout(&output));
    let unchanged: Vec<String> = files
        .iter()
        .map(|file| std::fs::read_to_string(file).unwrap())
        .collect();
    assert_eq!(contents, unchanged);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--format junit` is well-formed XML: a suite per file, a failing case per
/// problem, a passing case for a clean file.
#[test]
fn junit_report_parses_as_xml() {
    let output = run(&[
        "check",
        "--format",
        "junit",
        "examples/mistakes.asl.json",
        "examples/order.asl.json",
        "tests/rules/UNUSED_SUPPRESSION/bad.asl.json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let xml = stdout(&output);
    let document = roxmltree::Document::parse(&xml).unwrap_or_else(|error| panic!("{error}\n{xml}"));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("failures"), Some("4"));
    let suites: Vec<_> = root.children().filter(|node| node.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 3);
    assert_eq!(suites[0].attribute("name"), Some("examples/mistakes.asl.json"));
    let failures: Vec<_> = suites[0]
        .descendants()
        .filter(|node| node.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 3);
    assert_eq!(failures[0].attribute("type"), Some("MISSING_TRANSITION_TARGET"));
    assert!(failures[0].attribute("message").unwrap().contains("\"Charge crad\""));
    // The clean file passes.
    assert_eq!(suites[1].attribute("failures"), Some("0"));
    assert_eq!(
        suites[1]
            .children()
            .filter(|node| node.has_tag_name("testcase"))
            .count(),
        1
    );
}

/// `type = "EXPRESS"` in the configuration: what an Express workflow cannot
/// do is an error in the definitions it covers, and nowhere else.
#[test]
fn the_configuration_makes_definitions_express() {
    let dir = scratch("express");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("express")).unwrap();
    let definition = r#"{"StartAt": "Report", "States": {
  "Report": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "Parameters": {"JobName": "r"}, "Next": "Fan out"},
  "Fan out": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "One", "States": {"One": {"Type": "Pass", "End": true}}}, "End": true}}}"#;
    std::fs::write(dir.join("express/flow.asl.json"), definition).unwrap();
    std::fs::write(dir.join("standard.asl.json"), definition).unwrap();
    std::fs::write(
        dir.join("asl-lsp.toml"),
        "[[overrides]]\nfiles = [\"express/**\"]\ntype = \"EXPRESS\"\n",
    )
    .unwrap();
    let output = run(&[
        "check",
        "--format",
        "json",
        "--select",
        "EXPRESS_UNSUPPORTED",
        dir.to_str().unwrap(),
    ]);
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines
        .iter()
        .all(|line| line["file"].as_str().unwrap().ends_with("express/flow.asl.json")));
    assert!(lines[0]["message"].as_str().unwrap().contains(".sync"));
    assert!(lines[1]["message"].as_str().unwrap().contains("distributed"));
    assert_eq!(output.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Colour only when asked (or on a terminal): a pipe gets plain text.
#[test]
fn colour_is_for_terminals() {
    let plain = stdout(&run(&["check", "examples/mistakes.asl.json"]));
    assert!(!plain.contains('\x1b'), "{plain}");
    let coloured = stdout(&run(&["check", "--color", "always", "examples/mistakes.asl.json"]));
    assert!(
        coloured.starts_with("\x1b[1;31merror[MISSING_TRANSITION_TARGET]\x1b[0m"),
        "{coloured}"
    );
    // The same report once the colours are taken out.
    let mut stripped = String::new();
    let mut rest = coloured.as_str();
    while let Some(at) = rest.find('\x1b') {
        stripped.push_str(&rest[..at]);
        rest = &rest[at + rest[at..].find('m').unwrap() + 1..];
    }
    stripped.push_str(rest);
    assert_eq!(stripped, plain);
}

/// A file named by mistake that holds no state machine gets one line, not
/// a schema error per key, and `--fix` leaves it alone.
#[test]
fn a_file_that_is_no_definition_reports_one_line() {
    let dir = scratch("not-asl");
    let path = dir.join("package.json");
    let text = r#"{"name": "x", "version": "1.0.0", "scripts": {"test": "jest"}}"#;
    std::fs::write(&path, text).unwrap();
    let output = run(&["check", "--fix", "--format", "json", path.to_str().unwrap()]);
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0]["message"].as_str().unwrap().contains("holds no state machine"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // Named as a definition, the same text is checked key by key.
    let named = dir.join("draft.asl.json");
    std::fs::write(&named, text).unwrap();
    let output = run(&["check", "--format", "json", named.to_str().unwrap()]);
    assert!(stdout(&output).lines().count() > 1);
    let _ = std::fs::remove_dir_all(&dir);
}
