//! Validation: every rule that turns a tree and a model into diagnostics.
//!
//! Each submodule owns one family of rules and pushes [`Diagnostic`]s into a
//! shared list. Codes reuse the ones AWS's `ValidateStateMachineDefinition`
//! reports wherever one exists (see [`codes`]), so that what the editor shows
//! matches what a deployment would say.

pub mod choice;
mod errors;
mod expressions;
mod fields;
mod graph;
pub mod registry;
mod resources;
mod rules;
mod sdk;
mod structure;
mod syntax;
mod variables;

use std::collections::HashSet;

use crate::model::variables::Variables;
use crate::model::{Machine, StateId};
use crate::syntax::strings::OffsetMap;
use crate::syntax::{Format, NodeId, TextRange, Tree};

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
    /// A replacement that resolves the problem, when there is an obvious one.
    pub fix: Option<Fix>,
}

/// A quick fix: replace `range` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub range: TextRange,
    pub new_text: String,
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
    /// A path that does not parse, or of the wrong kind for its field.
    pub const INVALID_JSONPATH: &str = "INVALID_JSONPATH";
    /// A `$$.` path naming no member of the context object.
    pub const UNKNOWN_CONTEXT_PATH: &str = "UNKNOWN_CONTEXT_PATH";
    /// The task token read in a Task that is no callback, where it is not set.
    pub const TASK_TOKEN_UNAVAILABLE: &str = "TASK_TOKEN_UNAVAILABLE";
    /// An intrinsic function call that does not parse or breaks its function's rules.
    pub const INVALID_INTRINSIC: &str = "INVALID_INTRINSIC";
    /// Two template keys that produce the same field (`a` and `a.$`).
    pub const DUPLICATE_FIELD_NAME: &str = "DUPLICATE_FIELD_NAME";
    /// A plain key whose value looks like a path: it will not be evaluated.
    pub const NO_DOLLAR: &str = "NO_DOLLAR";
    /// A path written in a field that takes plain text (`Error` instead of `ErrorPath`).
    pub const NO_PATH: &str = "NO_PATH";
    /// A path inside a Pass state's `Result`, which is never evaluated.
    pub const PASS_RESULT_IS_STATIC: &str = "PASS_RESULT_IS_STATIC";
    /// A JSONata expression that does not parse, or bad `{% %}` delimiters.
    pub const INVALID_JSONATA_EXPRESSION: &str = "INVALID_JSONATA_EXPRESSION";
    /// JSONata the service refuses: top-level field references, `$$`, `$eval`.
    pub const UNSUPPORTED_JSONATA_EXPRESSION: &str = "UNSUPPORTED_JSONATA_EXPRESSION";
    /// `$states.result` or `$states.errorOutput` where it is not available.
    pub const INVALID_STATES_REFERENCE: &str = "INVALID_STATES_REFERENCE";
    /// A JSONata call of an unknown function, or with the wrong number of arguments.
    pub const UNKNOWN_FUNCTION: &str = "UNKNOWN_FUNCTION";
    /// An `Assign` key that is not a valid variable name.
    pub const INVALID_VARIABLE_NAME: &str = "INVALID_VARIABLE_NAME";
    /// `States.ALL` not alone or not in the last retrier or catcher.
    pub const STATES_ALL_PLACEMENT: &str = "STATES_ALL_PLACEMENT";
    /// A `States.*` error name the service never raises.
    pub const UNKNOWN_ERROR_NAME: &str = "UNKNOWN_ERROR_NAME";
    /// A Fail state's own error name in the reserved `States.` namespace.
    pub const RESERVED_ERROR_NAME: &str = "RESERVED_ERROR_NAME";
    /// A Map label that breaks the naming rules.
    pub const INVALID_LABEL_NAME: &str = "INVALID_LABEL_NAME";
    /// A Map label used twice.
    pub const DUPLICATE_LABEL_NAME: &str = "DUPLICATE_LABEL_NAME";
    /// A variable read where no assignment can have happened, or outside its scope.
    pub const UNDEFINED_VARIABLE: &str = "UNDEFINED_VARIABLE";
    /// A variable assigned and never read.
    pub const UNUSED_VARIABLE: &str = "UNUSED_VARIABLE";
    /// A nested scope assigning a variable that an enclosing scope assigns.
    pub const SHADOWED_VARIABLE: &str = "SHADOWED_VARIABLE";
    /// A Task `Resource` that is no valid ARN, or an integration pattern its API lacks.
    pub const INVALID_RESOURCE: &str = "INVALID_RESOURCE";
    /// A resource Step Functions does not know: no optimized integration of that name, or an undocumented pattern.
    pub const UNKNOWN_INTEGRATION: &str = "UNKNOWN_INTEGRATION";
    /// A `.waitForTaskToken` task that does not pass its task token.
    pub const MISSING_TASK_TOKEN: &str = "MISSING_TASK_TOKEN";
    /// A parameter an integration needs is missing from `Parameters`/`Arguments`.
    pub const MISSING_PARAMETER: &str = "MISSING_PARAMETER";
    /// A literal parameter value outside the values an integration accepts.
    pub const INVALID_PARAMETER: &str = "INVALID_PARAMETER";
    /// An `aws-sdk` resource naming a service Step Functions cannot call.
    pub const UNKNOWN_SDK_SERVICE: &str = "UNKNOWN_SDK_SERVICE";
    /// An `aws-sdk` resource naming an action its service does not have (or Step Functions does not support).
    pub const UNKNOWN_SDK_ACTION: &str = "UNKNOWN_SDK_ACTION";
    /// A key of `Parameters`/`Arguments` that is no input member of the called API.
    pub const UNKNOWN_PARAMETER: &str = "UNKNOWN_PARAMETER";
    /// An HTTP header an HTTP Task or API Gateway call may not set.
    pub const FORBIDDEN_HEADER: &str = "FORBIDDEN_HEADER";
    /// More problems than a document reports: the rest are counted, not listed.
    pub const TOO_MANY_DIAGNOSTICS: &str = "TOO_MANY_DIAGNOSTICS";
    /// A template names a state machine whose definition is not read here
    /// (given as a string, a file or an S3 object), or has none.
    pub const NOT_ANALYSED: &str = "NOT_ANALYSED";
    /// A `${Name}` placeholder of a template's state machine that no
    /// `DefinitionSubstitutions` entry fills in.
    pub const UNDEFINED_PLACEHOLDER: &str = "UNDEFINED_PLACEHOLDER";
    /// A `DefinitionSubstitutions` entry the definition never uses.
    pub const UNUSED_SUBSTITUTION: &str = "UNUSED_SUBSTITUTION";
    /// A template's `DefinitionUri` names a local file that is not there.
    pub const MISSING_DEFINITION_FILE: &str = "MISSING_DEFINITION_FILE";
    /// A file that starts with a byte order mark (reported by the command line).
    pub const BYTE_ORDER_MARK: &str = "BYTE_ORDER_MARK";
    /// An inline `asl-lsp: ignore` that covers no problem.
    pub const UNUSED_SUPPRESSION: &str = "UNUSED_SUPPRESSION";
    /// What an Express workflow cannot do: `.sync`, `.waitForTaskToken`, activities, distributed Map.
    pub const EXPRESS_UNSUPPORTED: &str = "EXPRESS_UNSUPPORTED";
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
            fix: None,
        });
    }

    /// Offer `replacement` for the whole token of the last diagnostic (a key
    /// or a string value, quotes included): the suggestion of a did-you-mean.
    pub(crate) fn suggest_last(&mut self, replacement: Option<&str>) {
        let (Some(replacement), Some(last)) = (replacement, self.diagnostics.last_mut()) else {
            return;
        };
        last.fix = Some(Fix {
            title: format!("Change to {}", quoted(replacement)),
            range: last.range,
            new_text: serde_json::to_string(replacement).unwrap_or_else(|_| quoted(replacement)),
        });
    }

    pub(crate) fn error(&mut self, range: TextRange, code: &'static str, message: impl Into<String>) {
        self.push(range, Severity::Error, code, message);
    }

    pub(crate) fn warning(&mut self, range: TextRange, code: &'static str, message: impl Into<String>) {
        self.push(range, Severity::Warning, code, message);
    }
}

/// What the rules over string values share: the text (to place errors
/// inside string literals), the tree, the model and the state being checked.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub tree: &'a Tree,
    pub machine: &'a Machine,
    pub sink: Sink,
    pub state: Option<StateId>,
    /// The offset map of the last string value a rule looked into.
    pub offsets: Option<(NodeId, Option<OffsetMap>)>,
}

impl<'a> Ctx<'a> {
    fn new(text: &'a str, tree: &'a Tree, machine: &'a Machine) -> Ctx<'a> {
        Ctx {
            text,
            tree,
            machine,
            sink: Sink {
                diagnostics: Vec::new(),
            },
            state: None,
            offsets: None,
        }
    }

    pub(crate) fn suggest_last(&mut self, replacement: Option<&str>) {
        self.sink.suggest_last(replacement);
    }

    pub(crate) fn error(&mut self, range: TextRange, code: &'static str, message: impl Into<String>) {
        self.sink.error(range, code, message);
    }

    pub(crate) fn warning(&mut self, range: TextRange, code: &'static str, message: impl Into<String>) {
        self.sink.warning(range, code, message);
    }
}

/// Run every rule over a parsed document, its model and its facts. The
/// diagnostics are sorted by position.
pub fn check(text: &str, tree: &Tree, machine: &Machine, variables: &Variables, format: Format) -> Vec<Diagnostic> {
    let context = StateContext::of(tree, machine);
    let states: Vec<Vec<Diagnostic>> = machine
        .state_ids()
        .map(|id| check_state(text, tree, machine, id, &context, format))
        .collect();
    let whole = Whole::check(text, tree, machine, variables, format);
    assemble(text, format, &whole, states.iter().map(Vec::as_slice))
}

/// What the rules of one state read from outside that state: when it is
/// the same, a state whose text did not change reports the same problems.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateContext {
    /// The error names Fail states raise (Retry and Catch may name them).
    raised: HashSet<String>,
}

impl StateContext {
    pub fn of(tree: &Tree, machine: &Machine) -> StateContext {
        StateContext {
            raised: errors::raised(tree, machine),
        }
    }
}

/// The rules that look at one state alone (its fields, expressions,
/// Choice rules, Retry and Catch, resource), unsorted. Nested states are
/// not looked into: they are states of their own.
pub fn check_state(
    text: &str,
    tree: &Tree,
    machine: &Machine,
    id: StateId,
    context: &StateContext,
    format: Format,
) -> Vec<Diagnostic> {
    let mut ctx = Ctx::new(text, tree, machine);
    if format == Format::Json {
        if let Some(value) = machine.state(id).value {
            syntax::duplicate_keys(tree, machine, value, &mut ctx.sink);
        }
    }
    structure::state_fields(tree, machine, id, &mut ctx.sink);
    fields::check_state(&mut ctx, id);
    choice::check_state(&mut ctx, id);
    errors::check_state(&mut ctx, id, &context.raised);
    rules::check_state(&mut ctx, id);
    resources::check_state(tree, machine, id, &mut ctx.sink);
    ctx.sink.diagnostics
}

/// What the whole-document rules report, family by family, kept apart so
/// that an edit can run again only the families it can change.
#[derive(Clone, Debug, Default)]
pub struct Whole {
    /// Front-end errors and keys repeated outside any state.
    pub syntax: Vec<Diagnostic>,
    /// Scopes, state names, transitions and reachability.
    pub machine: Vec<Diagnostic>,
    /// The machine's own fields (outside any state).
    pub root: Vec<Diagnostic>,
    /// Map labels used twice.
    pub labels: Vec<Diagnostic>,
    /// Variables read before any assignment, unused, shadowed.
    pub variables: Vec<Diagnostic>,
    /// The text does not parse (what the graph rules depend on).
    pub invalid: bool,
}

impl Whole {
    pub fn check(text: &str, tree: &Tree, machine: &Machine, variables: &Variables, format: Format) -> Whole {
        Whole {
            syntax: Whole::syntax(tree, machine, format),
            machine: Whole::machine(tree, machine),
            root: Whole::root(text, tree, machine),
            labels: Whole::labels(text, tree, machine),
            variables: Whole::variables(machine, variables),
            invalid: Whole::is_invalid(tree),
        }
    }

    /// True when the text has a syntax error (not only a comment or a trailing comma).
    pub fn is_invalid(tree: &Tree) -> bool {
        tree.errors
            .iter()
            .any(|error| error.kind == crate::syntax::SyntaxErrorKind::Invalid)
    }

    pub fn syntax(tree: &Tree, machine: &Machine, format: Format) -> Vec<Diagnostic> {
        let mut sink = Sink {
            diagnostics: Vec::new(),
        };
        syntax::check(tree, machine, format, &mut sink);
        sink.diagnostics
    }

    pub fn machine(tree: &Tree, machine: &Machine) -> Vec<Diagnostic> {
        let mut sink = Sink {
            diagnostics: Vec::new(),
        };
        structure::check(tree, machine, &mut sink);
        graph::check(tree, machine, &mut sink);
        sink.diagnostics
    }

    pub fn root(text: &str, tree: &Tree, machine: &Machine) -> Vec<Diagnostic> {
        let mut ctx = Ctx::new(text, tree, machine);
        fields::check(&mut ctx);
        ctx.sink.diagnostics
    }

    pub fn labels(text: &str, tree: &Tree, machine: &Machine) -> Vec<Diagnostic> {
        let mut ctx = Ctx::new(text, tree, machine);
        rules::check_labels(&mut ctx);
        ctx.sink.diagnostics
    }

    pub fn variables(machine: &Machine, variables: &Variables) -> Vec<Diagnostic> {
        let mut sink = Sink {
            diagnostics: Vec::new(),
        };
        variables::check(machine, variables, &mut sink);
        sink.diagnostics
    }

    /// Every diagnostic, in the order the families run.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        let Whole {
            syntax,
            machine,
            root,
            labels,
            variables,
            ..
        } = self;
        [syntax, machine, root, labels, variables].into_iter().flatten()
    }
}

/// The syntax errors of a template outside the state machines it holds
/// (each machine reports its own), as diagnostics.
pub fn syntax_errors<'e>(
    errors: impl IntoIterator<Item = &'e crate::syntax::SyntaxError>,
    format: Format,
) -> Vec<Diagnostic> {
    let mut sink = Sink {
        diagnostics: Vec::new(),
    };
    syntax::errors(errors, format, &mut sink);
    sink.diagnostics
}

/// Diagnostics gathered from several analyses (the machines of a
/// template), sorted and bounded as one document's.
pub fn merged(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    bounded(diagnostics)
}

/// Two lists of diagnostics, each in the order of its file, as one list in
/// that order (a file's own, and what another file says of it).
pub fn interleaved<'a>(a: &'a [Diagnostic], b: &'a [Diagnostic]) -> impl Iterator<Item = &'a Diagnostic> {
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(first), Some(second)) if second.range < first.range => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// The whole-document rules' diagnostics with what each state reported,
/// in one order whoever computed them, then sorted and bounded.
pub fn assemble<'d>(
    text: &str,
    format: Format,
    whole: &Whole,
    states: impl Iterator<Item = &'d [Diagnostic]>,
) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    diagnostics.extend_from_slice(&whole.syntax);
    diagnostics.extend_from_slice(&whole.machine);
    diagnostics.extend_from_slice(&whole.root);
    for state in states {
        diagnostics.extend_from_slice(state);
    }
    diagnostics.extend_from_slice(&whole.labels);
    diagnostics.extend_from_slice(&whole.variables);
    if format == Format::Yaml {
        for fix in diagnostics.iter_mut().filter_map(|diagnostic| diagnostic.fix.as_mut()) {
            keep_yaml_style(text, fix);
        }
    }
    bounded(diagnostics)
}

/// A fix for a plain YAML scalar (`Next: Is Order Valid`) stays plain when
/// the replacement reads back as the same string; quoted ones keep quotes.
fn keep_yaml_style(text: &str, fix: &mut Fix) {
    let Some(original) = text.get(fix.range.start()..fix.range.end()) else {
        return;
    };
    if original.starts_with(['"', '\'']) {
        return;
    }
    let Ok(replacement) = serde_json::from_str::<String>(&fix.new_text) else {
        return;
    };
    let plain_safe = replacement.chars().next().is_some_and(char::is_alphabetic)
        && replacement.trim() == replacement
        && !replacement.contains(": ")
        && !replacement.contains(" #")
        && !replacement.contains(|ch: char| "{}[],&*!|>'\"%@`\\".contains(ch) || ch.is_control())
        && !matches!(
            replacement.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain_safe {
        fix.new_text = replacement;
    }
}

/// At most this many diagnostics per document: past it, a list helps nobody
/// and costs the editor time to draw.
pub const MAX_DIAGNOSTICS: usize = 1_000;
/// At most this many bytes per message.
pub const MAX_MESSAGE_LEN: usize = 400;

/// Sort by position, shorten long messages, and keep [`MAX_DIAGNOSTICS`]:
/// errors first, then warnings and the rest, the last one saying how many
/// more there are.
fn bounded(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for diagnostic in &mut diagnostics {
        if diagnostic.message.len() > MAX_MESSAGE_LEN {
            let mut end = MAX_MESSAGE_LEN;
            while !diagnostic.message.is_char_boundary(end) {
                end -= 1;
            }
            diagnostic.message.truncate(end);
            diagnostic.message.push('…');
        }
    }
    let by_position = |a: &Diagnostic, b: &Diagnostic| a.range.cmp(&b.range).then(a.severity.cmp(&b.severity));
    if diagnostics.len() <= MAX_DIAGNOSTICS {
        diagnostics.sort_by(by_position);
        return diagnostics;
    }
    diagnostics.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.range.cmp(&b.range)));
    let dropped = diagnostics.split_off(MAX_DIAGNOSTICS - 1);
    let first_dropped = dropped.iter().map(|diagnostic| diagnostic.range).min();
    diagnostics.sort_by(by_position);
    if let Some(range) = first_dropped {
        diagnostics.push(Diagnostic {
            range,
            severity: Severity::Information,
            code: codes::TOO_MANY_DIAGNOSTICS,
            message: format!(
                "{} more problems are not shown: only the first {MAX_DIAGNOSTICS} of a document are reported, errors first",
                dropped.len()
            ),
            fix: None,
        });
    }
    diagnostics
}

/// Longest name quoted whole in a message; a longer one is shortened in the middle.
const MAX_QUOTED_CHARS: usize = 120;

/// Quote a name for a message the way the messages do everywhere.
pub(crate) fn quoted(name: &str) -> String {
    Quoted(name).to_string()
}

/// A name quoted as `quoted` does it, written only when a message is made:
/// rules name their field up front and most never report anything.
#[derive(Clone, Copy)]
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = self.0;
        if name.char_indices().nth(MAX_QUOTED_CHARS).is_none() {
            return write!(f, "{name:?}");
        }
        let head_end = name
            .char_indices()
            .nth(MAX_QUOTED_CHARS / 2)
            .map_or(name.len(), |(index, _)| index);
        let tail_start = name
            .char_indices()
            .rev()
            .nth(MAX_QUOTED_CHARS / 2 - 1)
            .map_or(0, |(index, _)| index);
        write!(f, "{:?}", format!("{}…{}", &name[..head_end], &name[tail_start..]))
    }
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
