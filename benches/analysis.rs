//! Benchmark: parse + model + every check on generated definitions of
//! 100 to 5,000 states, the sizes an editor must handle within a frame.
//!
//! `cargo bench` runs it. Documents come from `benches/gen-asl.py` (needs
//! python3), the same generator used to time AWS's own language service.

mod common;

use std::hint::black_box;
use std::time::Duration;

use asl_lsp::ide;
use asl_lsp::syntax::{self, Format, TextRange};
use asl_lsp::Analysis;

mod support;
use support::measure;

// The allocator of the binary, so that the figures are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // `cargo test --benches` runs bench targets with `--bench` absent: keep that quick.
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let sizes: &[usize] = if quick { &[100] } else { &[100, 1000, 5000] };
    println!(
        "{:>7} {:>9} {:>12} {:>14} {:>12} {:>14} {:>18}",
        "states", "bytes", "parse", "full analysis", "diagnostics", "code actions", "machine to JSONata"
    );
    for &states in sizes {
        let text = common::generated(states);
        let parse = measure(Duration::from_secs(1), 5, 1000, || {
            black_box(syntax::parse(black_box(&text), Format::Json));
        });
        let mut diagnostics = 0;
        let full = measure(Duration::from_secs(1), 5, 1000, || {
            let analysis = Analysis::new(black_box(&text), Format::Json);
            diagnostics = analysis.diagnostics.len();
            black_box(analysis);
        });
        // What an editor asks whenever the cursor moves: the code actions at a
        // state in the middle (its conversion to JSONata included).
        let analysis = Analysis::new(&text, Format::Json);
        let middle = analysis.machine.state_ids().nth(states / 2).expect("a state");
        let at = analysis.machine.range(analysis.machine.state(middle).key_range).start();
        let actions = measure(Duration::from_secs(1), 5, 1000, || {
            black_box(ide::actions(&analysis, &text, TextRange::empty(black_box(at))));
        });
        // What the author asks for: the whole machine converted. The generator's
        // `States.JsonToString` has no exact JSONata form; without it every state converts.
        let convertible = text.replace("States.JsonToString(", "States.StringToJson(");
        let analysis = Analysis::new(&convertible, Format::Json);
        let conversion = measure(Duration::from_secs(1), 5, 1000, || {
            let action = ide::machine_to_jsonata(&analysis, black_box(&convertible));
            assert!(action.is_some_and(|action| action.declined.is_none()));
        });
        println!(
            "{states:>7} {:>9} {:>10.3}ms {:>12.3}ms {diagnostics:>12} {:>12.3}ms {:>16.3}ms",
            text.len(),
            parse.as_secs_f64() * 1e3,
            full.as_secs_f64() * 1e3,
            actions.as_secs_f64() * 1e3,
            conversion.as_secs_f64() * 1e3
        );
    }
}
