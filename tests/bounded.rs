//! Checks whose cost must follow the size of the input: each case once took
//! seconds to minutes because a rule was quadratic. Every case runs under a
//! ceiling ten times (or more) above what the linear code needs in a debug
//! build, so it cannot flake, and far below what the quadratic code took.

use std::time::{Duration, Instant};

use asl_lsp::check::{codes, MAX_DIAGNOSTICS, MAX_MESSAGE_LEN};
use asl_lsp::syntax::Format;
use asl_lsp::Analysis;

fn analyse_within(text: &str, ceiling: Duration) -> Analysis {
    let started = Instant::now();
    let analysis = Analysis::new(text, Format::Json);
    let spent = started.elapsed();
    assert!(
        spent < ceiling,
        "took {spent:?}, more than {ceiling:?}: no longer linear?"
    );
    analysis
}

#[test]
fn twin_keys_of_a_huge_template_are_found_with_a_set() {
    // 200,000 keys with one `a` / `a.$` twin at the end: the pairwise test took minutes.
    let mut members: Vec<String> = (0..200_000).map(|index| format!("\"k{index}.$\": \"$.v\"")).collect();
    members.push("\"k7\": 1".to_string());
    let text = format!(
        r#"{{"StartAt": "P", "States": {{"P": {{"Type": "Pass", "Parameters": {{{}}}, "End": true}}}}}}"#,
        members.join(", ")
    );
    let analysis = analyse_within(&text, Duration::from_secs(30));
    let twins: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code == codes::DUPLICATE_FIELD_NAME)
        .collect();
    assert_eq!(twins.len(), 1, "exactly the k7 twin");
    assert_eq!(&text[twins[0].range.start()..twins[0].range.end()], "\"k7.$\"");
}

#[test]
fn thousands_of_problems_in_one_string_are_placed_in_one_pass() {
    // A JSONata Output reading 20,000 variables nobody assigns (with escapes
    // before each, so that every offset goes through the map): it once took 24 s.
    let reads: Vec<String> = (0..20_000).map(|index| format!("\\\"\\\", $v{index}")).collect();
    let text = format!(
        r#"{{"QueryLanguage": "JSONata", "StartAt": "P", "States": {{"P": {{"Type": "Pass", "Output": "{{% [{}] %}}", "End": true}}}}}}"#,
        reads.join(", ")
    );
    let analysis = analyse_within(&text, Duration::from_secs(30));
    let undefined: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code == codes::UNDEFINED_VARIABLE)
        .collect();
    assert_eq!(undefined.len(), MAX_DIAGNOSTICS - 1);
    for diagnostic in &undefined {
        let written = &text[diagnostic.range.start()..diagnostic.range.end()];
        assert!(written.starts_with("$v"), "{written:?} is where a variable is read");
    }
    let last = analysis.diagnostics.last().expect("a summary at the end");
    assert_eq!(last.code, codes::TOO_MANY_DIAGNOSTICS);
    assert!(last.message.starts_with("19001 more problems"), "{}", last.message);
}

#[test]
fn messages_stay_short_whatever_the_names() {
    let long = "x".repeat(100_000);
    let text = format!(r#"{{"StartAt": "{long}", "States": {{"A": {{"Type": "Succeed"}}}}}}"#);
    let analysis = analyse_within(&text, Duration::from_secs(30));
    assert!(!analysis.diagnostics.is_empty());
    for diagnostic in &analysis.diagnostics {
        assert!(
            diagnostic.message.len() <= MAX_MESSAGE_LEN + '…'.len_utf8(),
            "{}",
            diagnostic.message.len()
        );
    }
}

#[test]
fn a_flow_mapping_broken_on_every_line_is_scanned_once() {
    // 20,000 lines inside one YAML flow mapping, each broken: every broken
    // line is recovered from inside the mapping, and each recovery once
    // scanned the mapping from its opening brace (20 s at 10,000 lines).
    let mut text = String::from("StartAt: A\nStates:\n  A: {Type: Pass,\n");
    for index in 0..20_000 {
        if index % 2 == 0 {
            text.push_str(&format!("      k{index}: \"unclosed,\n"));
        } else {
            text.push_str(&format!("      k{index}: [unclosed,\n"));
        }
    }
    text.push_str("      End: true}\n");
    let started = Instant::now();
    let analysis = Analysis::new(&text, Format::Yaml);
    let spent = started.elapsed();
    assert!(spent < Duration::from_secs(30), "took {spent:?}: no longer linear?");
    // Every line is its own error, up to the cap, and the state stays read.
    assert_eq!(analysis.diagnostics.len(), MAX_DIAGNOSTICS);
    let state = analysis.tree.root().and_then(|root| analysis.tree.get(root, "States"));
    assert!(state.and_then(|states| analysis.tree.get(states, "A")).is_some());
}
