//! Benchmark: a template of 20 state machines of 250 states each (SAM,
//! YAML, 528 KB): reading it whole against an edit inside one machine,
//! which re-analyses that machine and moves the others.
//!
//! `cargo bench --bench templates` runs it; `cargo test --benches` runs it
//! once, small.

use std::time::{Duration, Instant};

use asl_lsp::document::Document;
use asl_lsp::syntax::{Edit, Format};

// The allocator of the binary, so that the figures are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A SAM template of `machines` state machines of `states` Pass states each.
fn template(machines: usize, states: usize) -> String {
    let mut text = String::from("Transform: AWS::Serverless-2016-10-31\nResources:\n");
    for machine in 0..machines {
        text.push_str(&format!(
            "  M{machine}:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition:\n        StartAt: S0\n        States:\n"
        ));
        for state in 0..states {
            let transition = if state + 1 == states {
                "            End: true\n".to_string()
            } else {
                format!("            Next: S{}\n", state + 1)
            };
            text.push_str(&format!(
                "          S{state}:\n            Type: Pass\n            Comment: state {state} of machine {machine}\n{transition}"
            ));
        }
    }
    text
}

fn main() {
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let (machines, states, runs, edits) = if quick { (3, 10, 1, 2) } else { (20, 250, 30, 200) };
    let mut text = template(machines, states);
    let mut full = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(Document::new(&text, Format::Yaml));
        full = full.min(start.elapsed());
    }
    let mut document = Document::new(&text, Format::Yaml);
    assert!(document.diagnostics().is_empty(), "the generated template is clean");
    // Type and delete a letter in a Comment of the middle machine.
    let needle = format!("Comment: state {} of machine {}", states / 2, machines / 2);
    let at = text.find(&needle).expect("the middle state") + "Comment: ".len();
    let mut edit = Duration::MAX;
    for round in 0..edits {
        let change = if round % 2 == 0 {
            text.insert(at, 'x');
            Edit::replace(at, at, 1)
        } else {
            text.remove(at);
            Edit::replace(at, at + 1, 0)
        };
        let start = Instant::now();
        document = document.update(&text, change);
        edit = edit.min(start.elapsed());
    }
    assert_eq!(document.diagnostics(), Document::new(&text, Format::Yaml).diagnostics());
    println!(
        "{machines} machines x {states} states, {} bytes: read whole {:.3} ms, edit inside one machine {:.3} ms ({:.3} of a whole reading; fastest of {runs} and {edits})",
        text.len(),
        full.as_secs_f64() * 1e3,
        edit.as_secs_f64() * 1e3,
        edit.as_secs_f64() / full.as_secs_f64()
    );
}
