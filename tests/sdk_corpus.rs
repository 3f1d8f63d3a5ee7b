//! AWS SDK integrations in documents written by others: every `aws-sdk`
//! resource in the conformance corpus, our workflows and the examples must
//! get no SDK diagnostic (their services, actions and parameters are real),
//! and neither must the parameters of the optimized integrations checked
//! against the same models, while the issue's own mistakes are all caught.

mod common;

use asl_lsp::check::Severity;
use asl_lsp::syntax::Format;
use asl_lsp::Analysis;

const SDK_CODES: &[&str] = &[
    "UNKNOWN_SDK_SERVICE",
    "UNKNOWN_SDK_ACTION",
    "UNKNOWN_PARAMETER",
    "INVALID_PARAMETER",
];

#[test]
fn no_false_sdk_diagnostics_in_the_corpus() {
    let paths = common::corpus_documents();
    let mut checked = 0;
    let mut sdk = 0;
    let mut problems = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if !text.contains("arn:aws:states:::") {
            continue;
        }
        checked += 1;
        sdk += usize::from(text.contains("aws-sdk:"));
        let format = if path.extension().is_some_and(|ext| ext == "json") {
            Format::Json
        } else {
            Format::Yaml
        };
        let analysis = Analysis::new(&text, format);
        for diagnostic in &analysis.diagnostics {
            let in_resource = text
                .get(diagnostic.range.start()..diagnostic.range.end())
                .is_some_and(|source| source.contains("aws-sdk:"));
            if SDK_CODES.contains(&diagnostic.code) || (in_resource && diagnostic.severity == Severity::Error) {
                problems.push(format!(
                    "{}: {} {}",
                    path.display(),
                    diagnostic.code,
                    diagnostic.message
                ));
            }
        }
    }
    assert!(
        sdk >= 2 && checked >= 20,
        "the corpus has integrations ({checked} documents found, {sdk} with aws-sdk resources)"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_issue_mistakes_are_caught() {
    let text = r#"{"StartAt": "A", "States": {
  "A": { "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObjekt",
         "Parameters": { "Buckt": "x", "Key": "k" }, "Next": "B" },
  "B": { "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:nosuchservice:foo", "End": true }
}}"#;
    let analysis = Analysis::new(text, Format::Json);
    let found: Vec<(Severity, &str, &str, Option<&str>)> = analysis
        .diagnostics
        .iter()
        .map(|diagnostic| {
            (
                diagnostic.severity,
                diagnostic.code,
                &text[diagnostic.range.start()..diagnostic.range.end()],
                diagnostic.fix.as_ref().map(|fix| fix.new_text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (Severity::Error, "UNKNOWN_SDK_ACTION", "getObjekt", Some("getObject")),
            (Severity::Warning, "UNKNOWN_PARAMETER", "\"Buckt\"", Some("\"Bucket\"")),
            (Severity::Error, "UNKNOWN_SDK_SERVICE", "nosuchservice", None),
        ]
    );
}
