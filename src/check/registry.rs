//! The registry of diagnostic codes: every code the checker, the template
//! reader and the command line report, once, with the severity it is
//! reported at, a one-line summary and its documentation
//! (`docs/rules/CODE.md`: what it catches, why it matters, a bad and a good
//! example, the fix). The configuration, `asl-lsp rule` and `docs/rules.md`
//! read it; a test fails for a code missing here or without fixtures.

use super::codes;
use super::Severity;

/// One diagnostic code.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    /// The severity it is reported at (some codes are reported at another
    /// for a milder case; the documentation says which).
    pub severity: Severity,
    pub summary: &'static str,
    /// Markdown: the body of `docs/rules/CODE.md`.
    pub doc: &'static str,
}

macro_rules! rules {
    ($($code:expr, $file:literal, $severity:ident, $summary:literal;)*) => {
        /// Every code, in the order of the documentation.
        pub static RULES: &[Rule] = &[
            $(Rule {
                code: $code,
                severity: Severity::$severity,
                summary: $summary,
                doc: include_str!(concat!("../../docs/rules/", $file, ".md")),
            },)*
        ];
    };
}

rules! {
    codes::INVALID_JSON, "INVALID_JSON_DESCRIPTION", Error,
        "The text is not well-formed JSON (comments and trailing commas included)";
    codes::INVALID_YAML, "INVALID_YAML", Error, "The text is not well-formed YAML";
    codes::MISSING_DESCRIPTION, "MISSING_DESCRIPTION", Error, "The document is empty";
    codes::SCHEMA, "SCHEMA_VALIDATION_FAILED", Error,
        "A field is missing, unknown, misplaced or of the wrong type";
    codes::MISSING_TRANSITION_TARGET, "MISSING_TRANSITION_TARGET", Error,
        "A transition names no state of its scope, or a state is unreachable";
    codes::MISSING_END_STATE, "MISSING_END_STATE", Error, "A scope has no state that ends it";
    codes::DUPLICATE_STATE_NAME, "DUPLICATE_STATE_NAME", Error, "Two states share a name";
    codes::INVALID_STATE_NAME, "INVALID_STATE_NAME", Error, "A state name is empty or longer than 80 characters";
    codes::DUPLICATE_KEY, "DUPLICATE_KEY", Warning, "A key appears twice in one object";
    codes::NO_TERMINAL_PATH, "NO_TERMINAL_PATH", Warning,
        "Reachable states from which no terminal state can be reached";
    codes::INVALID_JSONPATH, "INVALID_JSONPATH", Error,
        "A path that does not parse, or of the wrong kind for its field";
    codes::UNKNOWN_CONTEXT_PATH, "UNKNOWN_CONTEXT_PATH", Warning,
        "A `$$.` path naming no member of the context object";
    codes::TASK_TOKEN_UNAVAILABLE, "TASK_TOKEN_UNAVAILABLE", Warning,
        "The task token read where no task token is set";
    codes::INVALID_INTRINSIC, "INVALID_INTRINSIC", Error,
        "An intrinsic function call that does not parse or breaks its function's rules";
    codes::DUPLICATE_FIELD_NAME, "DUPLICATE_FIELD_NAME", Error,
        "Two template keys that produce the same field (`a` and `a.$`)";
    codes::NO_DOLLAR, "NO_DOLLAR", Warning, "A plain key whose value looks like a path: it is not evaluated";
    codes::NO_PATH, "NO_PATH", Warning, "A path written in a field that takes plain text";
    codes::PASS_RESULT_IS_STATIC, "PASS_RESULT_IS_STATIC", Warning,
        "A path inside a Pass state's `Result`, which is never evaluated";
    codes::INVALID_JSONATA_EXPRESSION, "INVALID_JSONATA_EXPRESSION", Error,
        "A JSONata expression that does not parse, or bad `{% %}` delimiters";
    codes::UNSUPPORTED_JSONATA_EXPRESSION, "UNSUPPORTED_JSONATA_EXPRESSION", Error,
        "JSONata the service refuses: top-level field references, `$$`, `$eval`";
    codes::INVALID_STATES_REFERENCE, "INVALID_STATES_REFERENCE", Error,
        "`$states.result` or `$states.errorOutput` where it is not available";
    codes::UNKNOWN_FUNCTION, "UNKNOWN_FUNCTION", Warning,
        "A JSONata call of an unknown function, or with the wrong number of arguments";
    codes::INVALID_VARIABLE_NAME, "INVALID_VARIABLE_NAME", Error, "An `Assign` key that is not a valid variable name";
    codes::STATES_ALL_PLACEMENT, "STATES_ALL_PLACEMENT", Error,
        "`States.ALL` not alone or not in the last retrier or catcher";
    codes::UNKNOWN_ERROR_NAME, "UNKNOWN_ERROR_NAME", Warning, "A `States.*` error name the service never raises";
    codes::RESERVED_ERROR_NAME, "RESERVED_ERROR_NAME", Warning,
        "A Fail state's own error name in the reserved `States.` namespace";
    codes::INVALID_LABEL_NAME, "INVALID_LABEL_NAME", Error, "A Map label that breaks the naming rules";
    codes::DUPLICATE_LABEL_NAME, "DUPLICATE_LABEL_NAME", Error, "A Map label used twice";
    codes::UNDEFINED_VARIABLE, "UNDEFINED_VARIABLE", Error,
        "A variable read where no assignment can have happened, or outside its scope";
    codes::UNUSED_VARIABLE, "UNUSED_VARIABLE", Hint, "A variable assigned and never read";
    codes::SHADOWED_VARIABLE, "SHADOWED_VARIABLE", Warning,
        "A nested scope assigning a variable that an enclosing scope assigns";
    codes::INVALID_RESOURCE, "INVALID_RESOURCE", Error,
        "A Task `Resource` that is no valid ARN, or an integration pattern its API lacks";
    codes::UNKNOWN_INTEGRATION, "UNKNOWN_INTEGRATION", Warning,
        "A resource Step Functions does not know: no such optimized integration or pattern";
    codes::MISSING_TASK_TOKEN, "MISSING_TASK_TOKEN", Warning,
        "A `.waitForTaskToken` task that does not pass its task token";
    codes::MISSING_PARAMETER, "MISSING_PARAMETER", Warning,
        "A parameter an integration needs is missing from `Parameters`/`Arguments`";
    codes::INVALID_PARAMETER, "INVALID_PARAMETER", Warning,
        "A literal parameter value outside the values an integration accepts";
    codes::UNKNOWN_SDK_SERVICE, "UNKNOWN_SDK_SERVICE", Error,
        "An `aws-sdk` resource naming a service Step Functions cannot call";
    codes::UNKNOWN_SDK_ACTION, "UNKNOWN_SDK_ACTION", Error,
        "An `aws-sdk` resource naming an action its service does not have";
    codes::UNKNOWN_PARAMETER, "UNKNOWN_PARAMETER", Warning,
        "A key of `Parameters`/`Arguments` that is no input member of the called API";
    codes::FORBIDDEN_HEADER, "FORBIDDEN_HEADER", Error,
        "An HTTP header an HTTP Task or API Gateway call may not set";
    codes::TOO_MANY_DIAGNOSTICS, "TOO_MANY_DIAGNOSTICS", Information,
        "More problems than a document reports: the rest are counted, not listed";
    codes::NOT_ANALYSED, "NOT_ANALYSED", Information,
        "A template's state machine whose definition is not read here, or that has none";
    codes::UNDEFINED_PLACEHOLDER, "UNDEFINED_PLACEHOLDER", Warning,
        "A `${Name}` placeholder that nothing in the template fills in";
    codes::UNUSED_SUBSTITUTION, "UNUSED_SUBSTITUTION", Hint,
        "A substitution or template variable the definition never uses";
    codes::MISSING_DEFINITION_FILE, "MISSING_DEFINITION_FILE", Warning,
        "A template names a local definition file that cannot be read";
    codes::BYTE_ORDER_MARK, "BYTE_ORDER_MARK", Warning, "The file starts with a UTF-8 byte order mark";
    codes::UNUSED_SUPPRESSION, "UNUSED_SUPPRESSION", Hint, "An inline `asl-lsp: ignore` that covers no problem";
    codes::EXPRESS_UNSUPPORTED, "EXPRESS_UNSUPPORTED", Error,
        "What an Express workflow cannot do: `.sync`, `.waitForTaskToken`, activities, distributed Map";
}

/// The rule of `code`, if there is one.
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code == code)
}

/// The registered code nearest to `code`, for a did-you-mean.
pub fn closest(code: &str) -> Option<&'static str> {
    crate::util::suggest::closest(code, RULES.iter().map(|rule| rule.code))
}

/// `docs/rules.md`: every rule's documentation, in the registry's order,
/// with a list of them first.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Rules\n\nEvery code asl-lsp reports, with the severity it is reported at. Turn one off or change \
         its severity in `asl-lsp.toml` (see the README's \"Configuration\"), and print one with \
         `asl-lsp rule CODE`.\n\nThis file is generated from the registry (`src/check/rules.rs` and \
         `docs/rules/*.md`): `cargo test --test rules` says when it is out of date, and \
         `UPDATE_RULES_DOC=1 cargo test --test rules` writes it again.\n\n| code | severity | what it reports |\n\
         | --- | --- | --- |\n",
    );
    for rule in RULES {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            rule.code,
            rule.code.to_ascii_lowercase(),
            rule.severity.name(),
            rule.summary.replace('|', "\\|")
        ));
    }
    for rule in RULES {
        out.push_str(&format!("\n## {}\n\n", rule.code));
        out.push_str(&text(rule));
    }
    out
}

/// A rule's documentation as `asl-lsp rule CODE` prints it, and each
/// section of `docs/rules.md` holds it.
pub fn text(rule: &Rule) -> String {
    format!(
        "{} (default severity: {}).\n\n{}\n",
        rule.summary,
        rule.severity.name(),
        rule.doc.trim()
    )
}
