//! Benchmark: what one edit costs. On generated definitions of 100, 1,000
//! and 5,000 states, a full analysis of the edited text against
//! `Analysis::update` of the original's analysis with that edit; then
//! completion, hover and definition on the largest document after an edit.
//!
//! `cargo bench --bench incremental` runs it. The edits: a space typed
//! inside the first, the middle and the last state (the text after it
//! moves, nothing else changes); a letter typed inside a string value and
//! inside a key of the middle state (the key becomes an unknown field); a
//! whole state inserted into the top-level `States`; the closing brace of
//! the middle state deleted (the structure breaks). Each figure is the
//! median of fresh edits of the original analysis: the clone that `update`
//! consumes and the freeing of what it returns are not timed, and a full
//! analysis is timed the same way. Every update is first checked against a
//! full analysis of its text.
//!
//! With `ASL_BENCH_SUMMARY=FILE` it also writes one JSON line per figure to
//! FILE, which `benches/compare.sh` reads.

mod common;
mod support;

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use asl_lsp::document::Document;
use asl_lsp::syntax::placeholders::{Placeholders, Syntax};
use asl_lsp::syntax::{Edit, Format};
use asl_lsp::{ide, Analysis};
use serde_json::json;
use support::{measure, measure_each};

// The allocator of the binary, so that the figures are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One edit of a generated document: the text after it and the edit itself.
struct Case {
    name: &'static str,
    text: String,
    edit: Edit,
}

fn replace(text: &str, start: usize, end: usize, with: &str) -> (String, Edit) {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..start]);
    out.push_str(with);
    out.push_str(&text[end..]);
    (out, Edit::replace(start, end, with.len()))
}

/// Byte offset of `needle` at or after `from`.
fn find(text: &str, from: usize, needle: &str) -> usize {
    from + text[from..]
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} after byte {from}"))
}

/// Where the member of state `name` in the top-level `States` starts (the quote of its key).
fn state_key(text: &str, name: &str) -> usize {
    find(text, 0, &format!("\n    \"{name}\": {{")) + "\n    ".len()
}

/// The name of the generator's `index`th state of the chain.
fn step(index: usize) -> String {
    format!("Step{index:05}")
}

fn cases(text: &str, states: usize) -> Vec<Case> {
    let middle = step(states / 2);
    let space_in = |name: &str| {
        let at = find(text, state_key(text, name), "\"Type\"");
        replace(text, at, at, " ")
    };
    let mut cases = Vec::new();
    let mut add = |name, (text, edit): (String, Edit)| cases.push(Case { name, text, edit });
    add("space typed in the first state", space_in(&step(0)));
    add("space typed in the middle state", space_in(&middle));
    // The generator's last member of `States` is the shared Fail state.
    add("space typed in the last state", space_in("HandleFailure"));
    let comment = find(text, state_key(text, &middle), "\"Comment\": \"");
    let inside = comment + "\"Comment\": \"Pass".len();
    add("letter typed in a string value", replace(text, inside, inside, "x"));
    let inside = comment + "\"Com".len();
    add("letter typed in a key", replace(text, inside, inside, "x"));
    let at = state_key(text, &middle);
    let added = format!("\"Inserted\": {{\n      \"Type\": \"Pass\",\n      \"Next\": \"{middle}\"\n    }},\n    ");
    add("state added to States", replace(text, at, at, &added));
    let next = state_key(text, &step(states / 2 + 1));
    let brace = text[..next].rfind('}').expect("the middle state closes");
    add("closing brace deleted", replace(text, brace, brace + 1, ""));
    cases
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench` absent: keep that quick.
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let sizes: &[usize] = if quick { &[100] } else { &[100, 1000, 5000] };
    let (budget, fewest, most) = if quick {
        (Duration::ZERO, 2, 2)
    } else {
        (Duration::from_secs(1), 7, 2000)
    };
    let mut summary = String::new();
    println!(
        "{:>6} {:>9}  {:<32} {:>11} {:>11} {:>12}",
        "states", "bytes", "edit", "full", "update", "update/full"
    );
    let mut last = None;
    for &states in sizes {
        let text = common::generated(states);
        let base = Analysis::new(&text, Format::Json);
        let full = measure_each(
            budget,
            fewest,
            most,
            || (),
            |()| Analysis::new(black_box(&text), Format::Json),
        );
        println!(
            "{states:>6} {:>9}  {:<32} {:>9.3}ms {:>11} {:>12}",
            text.len(),
            "none (the generated document)",
            ms(full),
            "",
            ""
        );
        writeln!(
            summary,
            "{}",
            json!({"states": states, "bytes": text.len(), "case": "none", "full_ms": ms(full)})
        )
        .unwrap();
        let clone = measure_each(budget, fewest, most, || (), |()| base.clone());
        for case in cases(&text, states) {
            let expected = Analysis::new(&case.text, Format::Json);
            let updated = base.clone().update(&case.text, case.edit);
            assert_eq!(
                updated.diagnostics, expected.diagnostics,
                "{states} states, {}: the update differs from a full analysis",
                case.name
            );
            // The arena may hold the nodes an edit replaced: compare what the
            // tree says, not its size (tests/incremental.rs compares all of it).
            assert_eq!(
                updated.machine.states.len(),
                expected.machine.states.len(),
                "{states} states, {}",
                case.name
            );
            let full = measure_each(
                budget,
                fewest,
                most,
                || (),
                |()| Analysis::new(black_box(&case.text), Format::Json),
            );
            let update = measure_each(
                budget,
                fewest,
                most,
                || base.clone(),
                |analysis| analysis.update(black_box(&case.text), case.edit),
            );
            println!(
                "{states:>6} {:>9}  {:<32} {:>9.3}ms {:>9.3}ms {:>12.3}",
                case.text.len(),
                case.name,
                ms(full),
                ms(update),
                update.as_secs_f64() / full.as_secs_f64()
            );
            writeln!(
                summary,
                "{}",
                json!({"states": states, "bytes": case.text.len(), "case": case.name,
                       "full_ms": ms(full), "update_ms": ms(update),
                       "diagnostics": expected.diagnostics.len()})
            )
            .unwrap();
        }
        println!(
            "{states:>6} {:>9}  {:<32} {:>9.3}ms (not in the figures above)",
            "",
            "clone of the analysis",
            ms(clone)
        );
        last = Some((states, text, base));
    }

    // The features on the largest document, once a letter was typed in the middle state.
    let (states, text, base) = last.expect("at least one size");
    let case = cases(&text, states)
        .into_iter()
        .find(|case| case.name == "letter typed in a string value")
        .expect("the string edit");
    let analysis = base.update(&case.text, case.edit);
    let text = case.text;
    let middle = state_key(&text, &step(states / 2));
    let next_value = find(&text, middle, "\"Next\": \"") + "\"Next\": \"".len();
    let in_key = find(&text, middle, "\"Comment\"") + "\"Com".len();
    println!("\n{states} states, after a letter typed in the middle state:");
    let features: [(&str, &dyn Fn() -> usize); 4] = [
        ("completion in a Next value", &|| {
            ide::completions(&analysis, &text, next_value).len()
        }),
        ("completion in a key", &|| {
            ide::completions(&analysis, &text, in_key).len()
        }),
        ("hover on a Next value", &|| {
            usize::from(ide::hover(&analysis, next_value + 2).is_some())
        }),
        ("definition of a Next value", &|| {
            ide::definitions(&analysis, next_value + 2).len()
        }),
    ];
    for (name, feature) in features {
        let results = feature();
        assert!(results > 0, "{name}: nothing found, so nothing worth timing");
        let time = measure(budget, fewest, most, || {
            black_box(feature());
        });
        println!("  {name:<30} {:>9.3}ms ({results} results)", ms(time));
        writeln!(
            summary,
            "{}",
            json!({"states": states, "feature": name, "ms": ms(time), "results": results})
        )
        .unwrap();
    }

    // A templating tool's placeholders configured: each edit reads the
    // whole text again for them and grows to its line. A `{{ note }}` in
    // every state's comment; a letter typed in the middle state's.
    let jinja = Placeholders::new(vec![Syntax::from_example("{{ name }}").expect("an example")]);
    let templated = common::generated(states).replace("\"Comment\": \"", "\"Comment\": \"{{ note }} ");
    let typed = find(&templated, state_key(&templated, &step(states / 2)), "{{ note }}") + "{{ note".len();
    let (edited, edit) = replace(&templated, typed, typed, "s");
    println!("\n{states} states, a letter typed inside a placeholder of a configured syntax:");
    for (name, placeholders) in [
        ("without placeholders configured", Placeholders::default()),
        ("with {{ name }} configured", jinja),
    ] {
        let document = Document::with_placeholders(&templated, Format::Json, placeholders.clone());
        let expected = Document::with_placeholders(&edited, Format::Json, placeholders.clone());
        assert_eq!(
            document.clone().update(&edited, edit).diagnostics(),
            expected.diagnostics(),
            "{name}: the update differs from a full analysis"
        );
        let update = measure_each(
            budget,
            fewest,
            most,
            || document.clone(),
            |document| document.update(black_box(&edited), edit),
        );
        println!(
            "  {name:<34} {:>9.3}ms ({} diagnostics)",
            ms(update),
            expected.diagnostics().len()
        );
        writeln!(
            summary,
            "{}",
            json!({"states": states, "placeholders": name, "update_ms": ms(update)})
        )
        .unwrap();
    }
    if let Some(path) = std::env::var_os("ASL_BENCH_SUMMARY") {
        std::fs::write(&path, summary).expect("the summary file is writable");
    }
}
