//! Hostile inputs: each must cost work in proportion to its size. Every case
//! runs under a ceiling about ten times what it needs (time, and size of
//! what it produces), so that it cannot flake, while the quadratic or
//! exponential behaviour it guards against could not pass.

use std::fmt::Write;
use std::sync::mpsc;
use std::time::Duration;

use asl_lsp::syntax::{self, Format, NodeKind, Tree};
use asl_lsp::Analysis;

/// Run `work` on a thread of its own and fail if it takes longer than
/// `ceiling`; a runaway thread is left behind, to end with the process.
fn within<T: Send + 'static>(ceiling: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    match receiver.recv_timeout(ceiling) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("not finished within {ceiling:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the work panicked"),
    }
}

fn seconds(count: u64) -> Duration {
    Duration::from_secs(count)
}

/// Bytes of text the tree holds: keys, strings and numbers.
fn payload(tree: &Tree) -> usize {
    (0..tree.len())
        .map(|index| match &tree.node(syntax::NodeId(index as u32)).kind {
            NodeKind::String(value) => value.len(),
            NodeKind::Number(value) => value.len(),
            NodeKind::Object(members) => members.iter().map(|member| member.key.len()).sum(),
            _ => 0,
        })
        .sum()
}

/// Bytes of all diagnostic messages.
fn message_bytes(analysis: &Analysis) -> usize {
    analysis
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.message.len())
        .sum()
}

fn codes(analysis: &Analysis) -> Vec<&'static str> {
    let mut codes: Vec<&str> = analysis.diagnostics.iter().map(|diagnostic| diagnostic.code).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// A valid YAML state machine of `count` Pass states, each line of it
/// numbered so that any one can be spoiled.
fn yaml_machine(count: usize) -> Vec<String> {
    let mut lines = vec!["StartAt: S0".to_string(), "States:".to_string()];
    for index in 0..count {
        lines.push(format!("  S{index}:"));
        lines.push("    Type: Pass".to_string());
        if index + 1 == count {
            lines.push("    End: true".to_string());
        } else {
            lines.push(format!("    Next: S{}", index + 1));
        }
    }
    lines
}

/// The state names of a machine's top-level `States`.
fn state_count(analysis: &Analysis) -> usize {
    let tree = &analysis.tree;
    let Some(root) = tree.root() else {
        return 0;
    };
    tree.members(root)
        .and_then(|members| members.iter().find(|member| member.key == "States"))
        .and_then(|member| member.value)
        .and_then(|states| tree.members(states))
        .map_or(0, <[_]>::len)
}

#[test]
fn yaml_alias_bomb_costs_about_its_own_size() {
    // A 1 MB anchored scalar aliased 5,000 times: 1.1 MB of text that
    // expanded to 5 GB when aliases were budgeted by count.
    let mut text = format!("StartAt: A\nBig: &big \"{}\"\nCopies:\n", "x".repeat(1 << 20));
    for _ in 0..5000 {
        text.push_str("  - *big\n");
    }
    let size = text.len();
    let tree = within(seconds(20), move || syntax::parse(&text, Format::Yaml));
    assert!(payload(&tree) <= 10 * size, "{} bytes from {size}", payload(&tree));
    let error = tree
        .errors
        .iter()
        .find(|error| error.message.contains("alias bomb"))
        .expect("the budget is reported");
    // At an alias: the list of copies starts after the anchored scalar.
    assert!(error.range.start() > (1 << 20), "{error:?}");
    assert_eq!(error.range.len(), "*big".len(), "{error:?}");
}

#[test]
fn yaml_alias_as_key_does_not_copy_the_mapping() {
    // A 64 KB anchored mapping used as a key 2,000 times.
    let mut text = String::from("StartAt: A\nBase: &base\n");
    for index in 0..2000 {
        writeln!(text, "  key{index:05}: value{index:020}").unwrap();
    }
    text.push_str("States:\n  A:\n    Type: Succeed\nMore:\n");
    for index in 0..2000 {
        writeln!(text, "  ? *base\n  : {index}").unwrap();
    }
    let size = text.len();
    let analysis = within(seconds(20), move || Analysis::new(&text, Format::Yaml));
    assert!(
        payload(&analysis.tree) <= 10 * size,
        "{} from {size}",
        payload(&analysis.tree)
    );
    assert!(
        message_bytes(&analysis) <= 10 * size,
        "{} from {size}",
        message_bytes(&analysis)
    );
}

#[test]
fn yaml_syntax_errors_cost_their_own_lines() {
    // 5,000 states with a bad line in every tenth: every state stays, and
    // no error but the syntax errors is reported.
    let mut lines = yaml_machine(5000);
    let mut spoiled = 0;
    for index in (0..5000).step_by(10) {
        // After the `Type: Pass` line: a line that is no `key: value`, a
        // flow collection never closed, a value with a colon, a stray item.
        let spoil = ["    oops", "    Result: [1, 2", "    Comment: a: b", "    - item"][index / 10 % 4];
        lines[2 + 3 * index + 1].push('\n');
        lines[2 + 3 * index + 1].push_str(spoil);
        spoiled += 1;
    }
    let text = lines.join("\n") + "\n";
    let analysis = within(seconds(60), move || Analysis::new(&text, Format::Yaml));
    assert_eq!(state_count(&analysis), 5000);
    assert_eq!(codes(&analysis), ["INVALID_YAML"], "{:?}", &analysis.diagnostics[..3]);
    assert_eq!(analysis.diagnostics.len(), spoiled);
}

#[test]
fn one_yaml_error_in_a_large_file_costs_one_line() {
    let mut lines = yaml_machine(20_000);
    lines[2 + 3 * 100] = "  S100 oops".to_string();
    lines.insert(2 + 3 * 100 + 1, "  S100:".to_string());
    let text = lines.join("\n") + "\n";
    let analysis = within(seconds(60), move || Analysis::new(&text, Format::Yaml));
    assert_eq!(state_count(&analysis), 20_000);
    assert_eq!(codes(&analysis), ["INVALID_YAML"], "{:?}", &analysis.diagnostics[..3]);
    assert_eq!(analysis.diagnostics.len(), 1);
}

#[test]
fn json_syntax_errors_cost_their_own_lines() {
    // The same guarantee for JSON: 5,000 states, a mistake in every tenth
    // (a missing comma, a stray word, an unterminated string, a missing
    // colon, in turn), and every state stays.
    let mut text = String::from("{\n  \"StartAt\": \"S0\",\n  \"States\": {\n");
    let mut spoiled = 0;
    for index in 0..5000 {
        let transition = if index + 1 == 5000 {
            "\"End\": true".to_string()
        } else {
            format!("\"Next\": \"S{}\"", index + 1)
        };
        let comment = match (index % 10 == 0).then_some(index / 10 % 4) {
            None => "\"Comment\": \"fine\",".to_string(),
            Some(0) => "\"Comment\": \"missing comma\"".to_string(),
            Some(1) => "\"Comment\": \"doubled comma\",,".to_string(),
            Some(2) => "\"Comment\": \"unterminated,".to_string(),
            Some(_) => "\"Comment\" \"no colon\",".to_string(),
        };
        spoiled += usize::from(index % 10 == 0);
        let comma = if index + 1 == 5000 { "" } else { "," };
        writeln!(
            text,
            "    \"S{index}\": {{\n      \"Type\": \"Pass\",\n      {comment}\n      {transition}\n    }}{comma}"
        )
        .unwrap();
    }
    text.push_str("  }\n}\n");
    let shared = std::sync::Arc::new(text);
    let input = shared.clone();
    let analysis = within(seconds(60), move || Analysis::new(&input, Format::Json));
    assert_eq!(state_count(&analysis), 5000);
    // Whatever else is reported (a key read where a colon is missing) is on
    // a spoiled line.
    let syntax_lines: std::collections::HashSet<usize> = analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code == "INVALID_JSON_DESCRIPTION")
        .map(|diagnostic| line_of(&shared, diagnostic.range.start()))
        .collect();
    assert_eq!(syntax_lines.len(), spoiled);
    for diagnostic in &analysis.diagnostics {
        assert!(
            syntax_lines.contains(&line_of(&shared, diagnostic.range.start())),
            "{diagnostic:?}"
        );
    }
}

/// The line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset].iter().filter(|&&byte| byte == b'\n').count()
}

/// A JSON machine of `count` Pass states named by `name`, each going on to
/// a state named by `target` that does not exist.
fn dangling(count: usize, name: impl Fn(usize) -> String, target: impl Fn(usize) -> String) -> String {
    let mut text = format!("{{\"StartAt\": \"{}\", \"States\": {{", name(0));
    for index in 0..count {
        if index > 0 {
            text.push(',');
        }
        write!(
            text,
            "\"{}\": {{\"Type\": \"Pass\", \"Next\": \"{}\"}}",
            name(index),
            target(index)
        )
        .unwrap();
    }
    text.push_str("}}");
    text
}

#[test]
fn suggestions_for_many_dangling_transitions() {
    // Each unresolved name is compared with every state once, with a
    // banded distance; the full matrices took minutes. A document reports at
    // most `MAX_DIAGNOSTICS`, the last counting the rest.
    for (count, ceiling) in [(1000, 30), (3000, 60)] {
        let text = dangling(
            count,
            |index| format!("State{index:05}"),
            |index| format!("Gone{index:06}"),
        );
        let analysis = within(seconds(ceiling), move || Analysis::new(&text, Format::Json));
        let missing = analysis
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code == "MISSING_TRANSITION_TARGET")
            .count();
        let cap = asl_lsp::check::MAX_DIAGNOSTICS;
        assert!(missing >= count.min(cap - 2), "{missing}");
        assert!(analysis.diagnostics.len() <= cap, "{}", analysis.diagnostics.len());
    }
}

#[test]
fn suggestions_for_long_names() {
    // 200 states with 1,000-character names (408 KB), every transition a
    // near miss of a state's name.
    let name = |index: usize| format!("{index:04}{}", "n".repeat(996));
    let text = dangling(200, name, |index| format!("{index:04}{}", "m".repeat(996)));
    let analysis = within(seconds(30), move || Analysis::new(&text, Format::Json));
    assert!(analysis
        .diagnostics
        .iter()
        .any(|d| d.code == "MISSING_TRANSITION_TARGET"));
    // Two 30,000-character names in 60 KB.
    let text = dangling(1, |_| "a".repeat(30_000), |_| "b".repeat(30_000));
    let analysis = within(seconds(30), move || Analysis::new(&text, Format::Json));
    assert!(analysis
        .diagnostics
        .iter()
        .any(|d| d.code == "MISSING_TRANSITION_TARGET"));
}

#[test]
fn a_megabyte_resource() {
    let text = format!(
        "{{\"StartAt\": \"A\", \"States\": {{\"A\": {{\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke.{}\", \"End\": true}}}}}}",
        "w".repeat(1 << 20)
    );
    let path = std::env::temp_dir().join(format!("asl-lsp-adversarial-resource-{}.asl.json", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    let analysis = within(seconds(30), move || Analysis::new(&text, Format::Json));
    assert!(analysis.diagnostics.iter().any(|d| d.code == "INVALID_RESOURCE"));
    // The check needs about 30 MB of address space; the suggestion for the
    // unknown suffix alone used to take 136 bytes per byte of the value.
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 120000 && exec \"$0\" check --format json \"$1\"")
        .arg(env!("CARGO_BIN_EXE_asl-lsp"))
        .arg(&path)
        .output()
        .expect("sh runs");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("INVALID_RESOURCE"));
}

/// Templates: 5,000 state machines of one name each, 20,000 placeholders
/// against 20,000 substitutions, and a 20,000-part Fn::Join; read, then
/// edited, each in time linear in the template.
#[test]
fn large_templates() {
    use asl_lsp::document::Document;
    use asl_lsp::syntax::Edit;
    let machines: Vec<String> = (0..5_000)
        .map(|index| {
            format!(
                "  M{index}:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            End: true\n"
            )
        })
        .collect();
    let text = format!("Resources:\n{}", machines.join(""));
    let (count, diagnostics) = within(seconds(60), move || {
        let document = Document::new(&text, Format::Yaml);
        // Type in the last machine, then in the first.
        let mut text = text;
        let mut document = document;
        for at in [text.len() - 1, text.find("End: true").unwrap() + 9] {
            text.insert(at, ' ');
            document = document.update(&text, Edit::replace(at, at, 1));
        }
        (document.machines.len(), document.diagnostics().len())
    });
    assert_eq!((count, diagnostics), (5_000, 0));

    let entries: String = (0..20_000).map(|index| format!("        S{index}: x\n")).collect();
    let parameters: String = (0..20_000)
        .map(|index| format!("                P{index}: ${{S{index}}}\n"))
        .collect();
    let text = format!(
        "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionSubstitutions:\n{entries}      Definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            Parameters:\n{parameters}            End: true\n"
    );
    let diagnostics = within(seconds(60), move || {
        Document::new(&text, Format::Yaml).diagnostics().len()
    });
    assert_eq!(diagnostics, 0);

    let parts: Vec<String> = (0..20_000)
        .map(|index| format!("\"\\\"P{index}\\\": \\\"\", {{\"Ref\": \"R{index}\"}}, \"\\\", \""))
        .collect();
    let text = format!(
        r#"{{"Resources": {{"M": {{"Type": "AWS::StepFunctions::StateMachine", "Properties": {{"DefinitionString": {{"Fn::Join": ["", ["{{\"StartAt\": \"A\", \"States\": {{\"A\": {{\"Type\": \"Pass\", \"End\": true, \"Parameters\": {{", {}, "\"Last\": 1}}}}}}}}"]]}}}}}}}}}}"#,
        parts.join(", ")
    );
    let diagnostics = within(seconds(60), move || {
        Document::new(&text, Format::Json).diagnostics().len()
    });
    assert_eq!(diagnostics, 0);
}

/// Bare `${…}` placeholders where keys should be, 20,000 on one line of
/// 400 KB: each is read up to its `}`, not to the end of the line.
#[test]
fn placeholders_on_one_long_line() {
    let members: String = (0..20_000)
        .map(|index| format!("${{R{index}}}\"P{index}\": \"x\", "))
        .collect();
    let text = format!(
        "{{\"StartAt\": \"A\", \"States\": {{\"A\": {{\"Type\": \"Pass\", \"End\": true, \"Parameters\": {{{members}\"Last\": 1}}}}}}}}"
    );
    let analysis = within(seconds(20), move || Analysis::new(&text, Format::Json));
    assert_eq!(analysis.diagnostics.len(), asl_lsp::check::MAX_DIAGNOSTICS);
}
