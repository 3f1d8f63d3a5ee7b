//! Benchmark: what hostile inputs cost (alias bombs, many syntax errors,
//! dangling transitions, long names, a megabyte Resource), parse and full
//! analysis, with the size of the input and of what comes out.
//!
//! `cargo bench --bench adversarial` runs it; `cargo test --benches` runs
//! each case once, small.

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use asl_lsp::syntax::{self, Format};
use asl_lsp::Analysis;

mod support;
use support::measure;

// The allocator of the binary, so that the figures are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A 1 MB anchored scalar aliased `count` times.
fn alias_bomb(count: usize) -> String {
    let mut text = format!("StartAt: A\nBig: &big \"{}\"\nCopies:\n", "x".repeat(1 << 20));
    for _ in 0..count {
        text.push_str("  - *big\n");
    }
    text
}

/// A 64 KB anchored mapping used as a key `count` times.
fn alias_keys(count: usize) -> String {
    let mut text = String::from("StartAt: A\nBase: &base\n");
    for index in 0..2000 {
        let _ = writeln!(text, "  key{index:05}: value{index:020}");
    }
    text.push_str("States:\n  A:\n    Type: Succeed\nMore:\n");
    for index in 0..count {
        let _ = writeln!(text, "  ? *base\n  : {index}");
    }
    text
}

/// `count` Pass states in YAML, a line that is no `key: value` in every
/// `every`-th (none when `every` is 0).
fn yaml_errors(count: usize, every: usize) -> String {
    let mut text = String::from("StartAt: S0\nStates:\n");
    for index in 0..count {
        let _ = writeln!(text, "  S{index}:\n    Type: Pass");
        if every > 0 && index % every == 0 {
            text.push_str("    oops\n");
        }
        if index + 1 == count {
            text.push_str("    End: true\n");
        } else {
            let _ = writeln!(text, "    Next: S{}", index + 1);
        }
    }
    text
}

/// The same in JSON, a missing comma in every `every`-th state.
fn json_errors(count: usize, every: usize) -> String {
    let mut text = String::from("{\"StartAt\": \"S0\", \"States\": {\n");
    for index in 0..count {
        let comma = if every > 0 && index % every == 0 { "" } else { "," };
        let transition = if index + 1 == count {
            "\"End\": true".to_string()
        } else {
            format!("\"Next\": \"S{}\"", index + 1)
        };
        let close = if index + 1 == count { "" } else { "," };
        let _ = writeln!(
            text,
            "\"S{index}\": {{\"Type\": \"Pass\"{comma}\n\"Comment\": \"c\", {transition}}}{close}"
        );
    }
    text.push_str("}}\n");
    text
}

/// Pass states named by `name`, each going on to a missing `target`.
fn dangling(count: usize, name: impl Fn(usize) -> String, target: impl Fn(usize) -> String) -> String {
    let mut text = format!("{{\"StartAt\": \"{}\", \"States\": {{", name(0));
    for index in 0..count {
        if index > 0 {
            text.push(',');
        }
        let _ = write!(
            text,
            "\"{}\": {{\"Type\": \"Pass\", \"Next\": \"{}\"}}",
            name(index),
            target(index)
        );
    }
    text.push_str("}}");
    text
}

/// A Parameters template of `count` `kN.$` keys with one plain twin at the end.
fn twin_keys(count: usize) -> String {
    let mut members: Vec<String> = (0..count).map(|index| format!("\"k{index}.$\": \"$.v\"")).collect();
    members.push("\"k7\": 1".to_string());
    format!(
        "{{\"StartAt\": \"P\", \"States\": {{\"P\": {{\"Type\": \"Pass\", \"Parameters\": {{{}}}, \"End\": true}}}}}}",
        members.join(", ")
    )
}

/// A JSONata Output reading `count` variables nobody assigns, an escape before each.
fn unknown_variables(count: usize) -> String {
    let reads: Vec<String> = (0..count).map(|index| format!("\\\"\\\", $v{index}")).collect();
    format!(
        "{{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"P\", \"States\": {{\"P\": {{\"Type\": \"Pass\", \"Output\": \"{{% [{}] %}}\", \"End\": true}}}}}}",
        reads.join(", ")
    )
}

/// `count` bare `${…}` placeholders in key position, all on one line.
fn placeholders_on_one_line(count: usize) -> String {
    let members: String = (0..count)
        .map(|index| format!("${{R{index}}}\"P{index}\": \"x\", "))
        .collect();
    format!(
        "{{\"StartAt\": \"A\", \"States\": {{\"A\": {{\"Type\": \"Pass\", \"End\": true, \"Parameters\": {{{members}\"Last\": 1}}}}}}}}"
    )
}

/// `count` Parallel states whose one branch each names its state "A": every
/// name is resolved in its own scope, however many namesakes the others have.
fn namesakes(count: usize) -> String {
    let states: Vec<String> = (0..count)
        .map(|index| {
            format!(
                "\"P{index}\": {{\"Type\": \"Parallel\", \"Branches\": [{{\"StartAt\": \"A\", \"States\": \
                 {{\"A\": {{\"Type\": \"Pass\", \"End\": true}}}}}}], \"End\": true}}"
            )
        })
        .collect();
    format!("{{\"StartAt\": \"P0\", \"States\": {{{}}}}}", states.join(", "))
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench` absent: keep that quick.
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let scale = |full: usize, small: usize| if quick { small } else { full };
    let cases: Vec<(String, Format, String)> = vec![
        (
            format!("YAML alias bomb: 1 MB scalar x {}", scale(5000, 10)),
            Format::Yaml,
            alias_bomb(scale(5000, 10)),
        ),
        (
            format!("YAML 64 KB mapping alias as key x {}", scale(2000, 10)),
            Format::Yaml,
            alias_keys(scale(2000, 10)),
        ),
        (
            format!("YAML {} states, no error", scale(20_000, 100)),
            Format::Yaml,
            yaml_errors(scale(20_000, 100), 0),
        ),
        (
            format!("YAML {} states, one error", scale(20_000, 100)),
            Format::Yaml,
            yaml_errors(scale(20_000, 100), scale(20_000, 100)),
        ),
        (
            format!("YAML {} states, error in every 10th", scale(20_000, 100)),
            Format::Yaml,
            yaml_errors(scale(20_000, 100), 10),
        ),
        (
            format!("YAML {} states, error in every state", scale(20_000, 100)),
            Format::Yaml,
            yaml_errors(scale(20_000, 100), 1),
        ),
        (
            format!("JSON {} states, error in every 10th", scale(20_000, 100)),
            Format::Json,
            json_errors(scale(20_000, 100), 10),
        ),
        (
            format!("{} dangling Next, 10-char names", scale(1000, 50)),
            Format::Json,
            dangling(scale(1000, 50), |i| format!("State{i:05}"), |i| format!("Gone{i:06}")),
        ),
        (
            format!("{} dangling Next, 10-char names", scale(3000, 50)),
            Format::Json,
            dangling(scale(3000, 50), |i| format!("State{i:05}"), |i| format!("Gone{i:06}")),
        ),
        (
            "200 states, 1,000-char names".to_string(),
            Format::Json,
            dangling(
                scale(200, 5),
                |i| format!("{i:04}{}", "n".repeat(996)),
                |i| format!("{i:04}{}", "m".repeat(996)),
            ),
        ),
        (
            "two 30,000-char names".to_string(),
            Format::Json,
            dangling(1, |_| "a".repeat(30_000), |_| "b".repeat(30_000)),
        ),
        (
            format!("{} template keys, one a / a.$ twin", scale(200_000, 100)),
            Format::Json,
            twin_keys(scale(200_000, 100)),
        ),
        (
            format!("JSONata reading {} unknown variables", scale(20_000, 100)),
            Format::Json,
            unknown_variables(scale(20_000, 100)),
        ),
        (
            format!("{} branches, each with a state \"A\"", scale(20_000, 100)),
            Format::Json,
            namesakes(scale(20_000, 100)),
        ),
        (
            format!("{} branches, each with a state \"A\"", scale(200_000, 100)),
            Format::Json,
            namesakes(scale(200_000, 100)),
        ),
        (
            format!("{} bare placeholders where keys go, on one line", scale(20_000, 100)),
            Format::Json,
            placeholders_on_one_line(scale(20_000, 100)),
        ),
        (
            "1 MB Resource".to_string(),
            Format::Json,
            format!(
                "{{\"StartAt\": \"A\", \"States\": {{\"A\": {{\"Type\": \"Task\", \"Resource\": \
                 \"arn:aws:states:::lambda:invoke.{}\", \"End\": true}}}}}}",
                "w".repeat(scale(1 << 20, 1 << 10))
            ),
        ),
    ];
    println!(
        "{:<46} {:>10} {:>11} {:>11} {:>9} {:>11}",
        "case", "bytes", "parse", "analysis", "diags", "msg bytes"
    );
    for (name, format, text) in &cases {
        let parse = measure(Duration::from_secs(2), 3, 200, || {
            black_box(syntax::parse(black_box(text), *format));
        });
        let mut diagnostics = 0;
        let mut message_bytes = 0;
        let full = measure(Duration::from_secs(2), 3, 200, || {
            let analysis = Analysis::new(black_box(text), *format);
            diagnostics = analysis.diagnostics.len();
            message_bytes = analysis.diagnostics.iter().map(|d| d.message.len()).sum();
            black_box(analysis);
        });
        println!(
            "{name:<46} {:>10} {:>9.2}ms {:>9.2}ms {diagnostics:>9} {message_bytes:>11}",
            text.len(),
            parse.as_secs_f64() * 1e3,
            full.as_secs_f64() * 1e3,
        );
    }
}
