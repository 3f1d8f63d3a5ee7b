//! Validation: every rule that turns a tree and a model into diagnostics.
//!
//! Each submodule owns one family of rules and pushes [`Diagnostic`]s into a
//! shared list. Codes reuse the ones AWS's `ValidateStateMachineDefinition`
//! reports wherever one exists (see [`codes`]), so that what the editor shows
//! matches what a deployment would say.

mod graph;
mod structure;
mod syntax;

use crate::model::Machine;
use crate::syntax::{Format, TextRange, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub range: TextRange,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

/// Diagnostic codes. The upper-case AWS ones mean what they mean in
/// `ValidateStateMachineDefinition`; the others are ours, for checks the
/// service leaves to run time or does not make.
pub mod codes {
    /// The text is not well-formed JSON (or uses comments, trailing commas).
    pub const INVALID_JSON: &str = "INVALID_JSON_DESCRIPTION";
    /// The text is not well-formed YAML.
    pub const INVALID_YAML: &str = "INVALID_YAML";
    /// The document is empty.
    pub const MISSING_DESCRIPTION: &str = "MISSING_DESCRIPTION";
    /// A field is missing, unknown, misplaced or of the wrong type.
    pub const SCHEMA: &str = "SCHEMA_VALIDATION_FAILED";
    /// A transition names no state of its scope, or a state is unreachable.
    pub const MISSING_TRANSITION_TARGET: &str = "MISSING_TRANSITION_TARGET";
    /// A scope has no state that ends it.
    pub const MISSING_END_STATE: &str = "MISSING_END_STATE";
    /// Two states share a name.
    pub const DUPLICATE_STATE_NAME: &str = "DUPLICATE_STATE_NAME";
    /// A state name is empty or longer than 80 characters.
    pub const INVALID_STATE_NAME: &str = "INVALID_STATE_NAME";
    /// A key appears twice in one object.
    pub const DUPLICATE_KEY: &str = "DUPLICATE_KEY";
    /// Reachable states from which no terminal state can be reached.
    pub const NO_TERMINAL_PATH: &str = "NO_TERMINAL_PATH";
}

/// Collects diagnostics while the rules run.
pub(crate) struct Sink {
    diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub(crate) fn push(
        &mut self,
        range: TextRange,
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            range,
            severity,
            code,
            message: message.into(),
        });
    }

    pub(crate) fn error(&mut self, range: TextRange, code: &'static str, message: impl Into<String>) {
        self.push(range, Severity::Error, code, message);
    }

    pub(crate) fn warning(&mut self, range: TextRange, code: &'static str, message: impl Into<String>) {
        self.push(range, Severity::Warning, code, message);
    }
}

/// Run every rule over a parsed document and its model. The result is sorted
/// by position.
pub fn check(tree: &Tree, machine: &Machine, format: Format) -> Vec<Diagnostic> {
    let mut sink = Sink {
        diagnostics: Vec::new(),
    };
    syntax::check(tree, format, &mut sink);
    structure::check(tree, machine, &mut sink);
    graph::check(tree, machine, &mut sink);
    let mut diagnostics = sink.diagnostics;
    diagnostics.sort_by(|a, b| a.range.cmp(&b.range).then(a.severity.cmp(&b.severity)));
    diagnostics
}

/// Quote a name for a message the way the messages do everywhere.
pub(crate) fn quoted(name: &str) -> String {
    format!("{name:?}")
}

/// ` Did you mean "X"?` for the closest candidate, or nothing.
pub(crate) fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match crate::util::suggest::closest(name, candidates) {
        Some(candidate) => format!(" Did you mean {}?", quoted(candidate)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
