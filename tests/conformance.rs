//! Conformance: every document of the corpus in `tests/conformance/` (written
//! by others: AWS's language service tests and asl-validator's) must get the
//! verdict its manifest gives: `valid` → no error, `invalid` → at least one.
//!
//! Rows whose upstream label we disagree with sit in `KNOWN_DISAGREEMENTS`,
//! each with its reason. The test fails when such a row starts to agree, so
//! the list can only shrink on purpose.

use std::collections::BTreeMap;
use std::path::Path;

use asl_lsp::check::Severity;
use asl_lsp::syntax::Format;
use asl_lsp::Analysis;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/conformance");

/// (source folder, file, why our verdict differs from the manifest).
const KNOWN_DISAGREEMENTS: &[(&str, &str, &str)] = &[
    (
        "amazon-states-language-service",
        "valid/documentSucceedFailTerminalState.asl.json",
        "reuses the state name \"Second\" in two Parallel branches and a Map iterator; the ASL spec \
         requires names unique across the whole definition and the service reports DUPLICATE_STATE_NAME",
    ),
    (
        "amazon-states-language-service",
        "valid/documentSucceedFailTerminalState.asl.yaml",
        "YAML twin of the row above: state name \"Second\" reused across nested scopes",
    ),
    (
        "asl-validator",
        "valid/valid-map-with-item-batcher-jsonata.json",
        "a state declares QueryLanguage JSONPath inside a machine whose top level is JSONata; the service \
         answers \"'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine\"",
    ),
    (
        "amazon-states-language-service",
        "valid/documentTaskJSONata.asl.json",
        "uses $states.function (no such member) and $states.result in a catcher's Output, where only \
         $states.errorOutput exists; AWS rejects both at validation, ASLS does not look inside expressions",
    ),
    (
        "amazon-states-language-service",
        "valid/documentValidParametersIntrinsicFunction.asl.yaml",
        "States.Format arguments without commas between them (the YAML variant lost them); not a valid call",
    ),
    (
        "amazon-states-language-service",
        "valid/documentValidResultSelectorIntrinsicFunction.asl.yaml",
        "States.Format arguments without commas between them (the YAML variant lost them); not a valid call",
    ),
    (
        "asl-validator",
        "invalid/invalid-jsonata-surround-syntax-no-spaces.json",
        "'{%10%}' has no spaces inside its delimiters; only asl-validator's own pattern rejects that, the \
         service's rule is just a string that starts with {% and ends with %} (AWS samples write '{% $states.input%}')",
    ),
    (
        "asl-validator",
        "invalid/invalid-json-surround-syntax-extra-spaces.json",
        "'{% \\n10 %}' has a line break inside the delimiters; JSONata allows white space there and only \
         asl-validator's own pattern rejects it",
    ),
    (
        "amazon-states-language-service",
        "valid/documentTaskInvalidArn.asl.json",
        "\"Resource\": \"InvalidArn\" is no ARN; ASLS does not check resources, the service answers INVALID_RESOURCE",
    ),
    (
        "amazon-states-language-service",
        "valid/documentTaskInvalidArn.asl.yaml",
        "YAML twin of the row above: \"Resource\": InvalidArn is no ARN",
    ),
    (
        "amazon-states-language-service",
        "valid/documentTaskValidVariableSubstitution.asl.yaml",
        "\"Resource\": $variableName is no ARN (Resource is never evaluated, so it cannot be a variable or a \
         path); the JSON twin uses the placeholder ${variableName}, which is fine",
    ),
    (
        "asl-validator",
        "valid/valid-fail-paths.json",
        "ErrorPath reads $field2, a variable that no Assign sets; asl-validator reads it as a plain path, \
         but in current ASL `$name` is a variable and the execution would fail",
    ),
];

struct Row {
    source: String,
    file: String,
    expect_valid: bool,
    what: String,
    category: String,
}

/// The diagnostic codes that speak of each manifest category of mistake: an
/// invalid document must get an error with one of them, so that it is caught
/// for the reason the manifest gives, not by accident.
fn codes_for(category: &str) -> &'static [&'static str] {
    match category {
        "missing-transition-target" | "unreachable-state" => &["MISSING_TRANSITION_TARGET"],
        "no-terminal-state" => &["MISSING_END_STATE"],
        "duplicate-state-name" => &["DUPLICATE_STATE_NAME"],
        "duplicate-key" => &["DUPLICATE_KEY"],
        "duplicate-payload-key" => &["DUPLICATE_FIELD_NAME"],
        "jsonata-syntax" => &["INVALID_JSONATA_EXPRESSION", "UNSUPPORTED_JSONATA_EXPRESSION"],
        "bad-path" => &["INVALID_JSONPATH", "INVALID_INTRINSIC"],
        "intrinsic-function" => &["INVALID_INTRINSIC", "INVALID_JSONPATH"],
        "resource-arn" => &["INVALID_RESOURCE"],
        "mutually-exclusive"
        | "unknown-field"
        | "bad-type"
        | "missing-required-field"
        | "jsonata-field-mix"
        | "choice-rule" => &["SCHEMA_VALIDATION_FAILED"],
        "value-out-of-range" => &["SCHEMA_VALIDATION_FAILED", "INVALID_STATE_NAME"],
        _ => &[],
    }
}

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for source in ["asl-validator", "amazon-states-language-service"] {
        let manifest = std::fs::read_to_string(Path::new(CORPUS).join(source).join("MANIFEST.tsv"))
            .expect("the conformance corpus is part of the repository");
        for line in manifest.lines().skip(1).filter(|line| !line.trim().is_empty()) {
            let columns: Vec<&str> = line.split('\t').collect();
            rows.push(Row {
                source: source.to_string(),
                file: columns[0].to_string(),
                expect_valid: columns[1] == "valid",
                what: columns.get(2).unwrap_or(&"").to_string(),
                category: columns.get(4).unwrap_or(&"").to_string(),
            });
        }
    }
    rows
}

fn errors_of(row: &Row) -> Vec<(String, String)> {
    let path = Path::new(CORPUS).join(&row.source).join(&row.file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let analysis = Analysis::new(&text, Format::from_path(&row.file));
    analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| (diagnostic.code.to_string(), diagnostic.message.clone()))
        .collect()
}

fn render(errors: &[(String, String)]) -> String {
    errors
        .iter()
        .map(|(code, message)| format!("{code}: {message}"))
        .collect::<Vec<_>>()
        .join("\n    ")
}

#[test]
fn corpus_verdicts() {
    let rows = rows();
    assert!(rows.len() >= 245, "the corpus lost rows: {}", rows.len());
    let mut false_errors = Vec::new();
    let mut wrong_reason = Vec::new();
    let mut missed = Vec::new();
    let mut newly_agreeing = Vec::new();
    // Per source: (valid rows, valid agreeing, invalid rows, invalid caught).
    let mut figures: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for row in &rows {
        let errors = errors_of(row);
        let agrees = errors.is_empty() == row.expect_valid;
        let figure = figures.entry(row.source.as_str()).or_default();
        if row.expect_valid {
            figure[0] += 1;
            figure[1] += usize::from(agrees);
        } else {
            figure[2] += 1;
            figure[3] += usize::from(agrees);
        }
        let disagreement = KNOWN_DISAGREEMENTS
            .iter()
            .find(|(source, file, _)| *source == row.source && *file == row.file);
        match (agrees, disagreement) {
            (true, Some(_)) => newly_agreeing.push(format!("{}/{}", row.source, row.file)),
            (false, None) if row.expect_valid => {
                false_errors.push(format!("{}/{}:\n    {}", row.source, row.file, render(&errors)))
            }
            (false, None) => missed.push(format!("{}/{} ({})", row.source, row.file, row.what)),
            _ => {}
        }
        let expected = codes_for(&row.category);
        if !row.expect_valid && agrees && !errors.iter().any(|(code, _)| expected.contains(&code.as_str())) {
            wrong_reason.push(format!(
                "{}/{} ({}: {}):\n    {}",
                row.source,
                row.file,
                row.category,
                row.what,
                render(&errors)
            ));
        }
    }
    for (source, [valid, valid_ok, invalid, caught]) in &figures {
        println!("{source}: valid {valid_ok}/{valid} clean, invalid {caught}/{invalid} caught");
    }
    assert!(
        false_errors.is_empty(),
        "valid documents with errors:\n{}",
        false_errors.join("\n")
    );
    assert!(
        missed.is_empty(),
        "invalid documents that get no error:\n{}",
        missed.join("\n")
    );
    assert!(
        wrong_reason.is_empty(),
        "invalid documents caught for another reason than the manifest's:\n{}",
        wrong_reason.join("\n")
    );
    assert!(
        newly_agreeing.is_empty(),
        "rows in KNOWN_DISAGREEMENTS now agree; remove them: {newly_agreeing:?}"
    );
}

/// The project's own realistic definitions (`tests/workflows/`): order
/// processing, ETL with a distributed Map, human approval with task tokens,
/// JSONata with variables, a JSONPath-to-JSONata migration, CDK placeholders.
/// Every one must stay free of errors and warnings.
#[test]
fn own_workflows_are_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workflows");
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/workflows exists") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.contains(".asl.") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = Analysis::new(&text, Format::from_path(&name));
        checked += 1;
        for diagnostic in &analysis.diagnostics {
            if diagnostic.severity <= Severity::Warning {
                problems.push(format!("{name}: {}: {}", diagnostic.code, diagnostic.message));
            }
        }
    }
    assert!(checked >= 7, "only {checked} workflows found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
