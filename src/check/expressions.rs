//! The languages inside string values: JSONPath paths, payload templates,
//! intrinsic functions, `Assign` blocks and JSONata expressions. Errors point
//! at the exact characters inside the string literal.
//!
//! The variables read and written here are facts of the model
//! (`model::variables`); the rules below only judge them.

use super::{codes, did_you_mean, quoted, Ctx, Severity};
use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::catalog::schema::Kind;
use crate::lang::intrinsic;
use crate::lang::path::{self, PathRoot};
use crate::lang::{has_placeholder, jsonata};
use crate::model::variables::{name_problem, NameProblem};
use crate::syntax::strings::OffsetMap;
use crate::syntax::{Member, NodeId, NodeKind, TextRange};
use crate::util::hash::FastSet;

const DOLLAR_KEY_UNDER_JSONATA: &str =
    "Keys ending in \".$\" are JSONPath; under JSONata write the value as a \"{% … %}\" expression";

/// Where a JSONata expression stands, which decides what `$states` offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum JsonataPlace {
    /// A field of the state itself (`Output`, `Arguments`, `Assign`, `Seconds` …).
    Field(&'static str),
    /// A field of a catcher (`Output`, `Assign`).
    Catcher(&'static str),
    /// A Choice rule's `Condition`, `Output` or `Assign`.
    Rule,
    /// A field of a nested configuration object (ItemReader, ItemBatcher …).
    Nested,
}

pub(super) use crate::lang::jsonata::{is_expression as is_jsonata, looks_like_expression as looks_like_jsonata};

impl Ctx<'_> {
    /// The source range of `inner` within the string node `node` whose value
    /// is `text`. The map of the last string is kept, so that the many
    /// diagnostics one string may carry cost one pass over it.
    fn inside(&mut self, node: NodeId, text: &str, inner: std::ops::Range<usize>) -> TextRange {
        if self.offsets.as_ref().is_none_or(|(cached, _)| *cached != node) {
            self.offsets = Some((node, OffsetMap::new(self.text, self.tree.range(node), text)));
        }
        match &self.offsets {
            Some((_, Some(map))) => map.range(inner),
            _ => self.tree.range(node),
        }
    }
}

const TASK_TOKEN_ONLY_IN_CALLBACKS: &str = "The task token is only set in a Task whose Resource ends in \
     \".waitForTaskToken\"; here it is empty, so whoever receives it cannot call back";

/// `$$.Task.Token`.
fn names_task_token(parsed: &path::Path) -> bool {
    let names: Vec<&str> = parsed
        .segments
        .iter()
        .map(|segment| match &segment.segment {
            path::Segment::Field(name) => name.as_str(),
            _ => "",
        })
        .collect();
    names.starts_with(&["Task", "Token"])
}

impl Ctx<'_> {
    /// True when the state being checked is a callback (or `.sync`) Task, or
    /// its resource is hidden behind a placeholder.
    fn waits_for_task_token(&self) -> bool {
        let Some(node) = self.state.and_then(|state| self.machine.state(state).node) else {
            return true;
        };
        let resource = self.tree.get(node, "Resource").and_then(|value| self.tree.str(value));
        match resource {
            // `.sync` tasks run on a task token of their own too; whether it is
            // exposed there is unconfirmed, so only request-response tasks are blamed.
            Some(resource) => {
                resource.ends_with(".waitForTaskToken") || resource.contains(".sync") || resource.contains("${")
            }
            None => false,
        }
    }
}

/// A field whose value is a Path, Reference Path, `ResultPath`, or (Fail)
/// a Reference Path or intrinsic call.
pub(super) fn check_path_field(ctx: &mut Ctx<'_>, node: NodeId, field: &str, kind: Kind) {
    let Some(text) = ctx.tree.str(node) else {
        let message = format!(
            "{} must be a path string, not {}",
            quoted(field),
            ctx.tree.type_name(node)
        );
        ctx.error(ctx.tree.range(node), codes::SCHEMA, message);
        return;
    };
    if has_placeholder(text) {
        return;
    }
    if matches!(kind, Kind::PathOrIntrinsic) && intrinsic::looks_like_intrinsic(text) {
        check_intrinsic(ctx, node, text);
        if let Ok(call) = intrinsic::parse_intrinsic(text) {
            // An error name or cause is a string: only functions that give one fit.
            let gives_string = intrinsic::function(&call.name)
                .is_none_or(|function| function.returns == "string" || function.name == "States.ArrayGetItem");
            if !gives_string {
                let range = ctx.inside(node, text, call.name_range.clone());
                ctx.error(
                    range,
                    codes::INVALID_INTRINSIC,
                    format!(
                        "{} needs a string, but {} does not return one",
                        quoted(field),
                        call.name
                    ),
                );
            }
        }
        return;
    }
    let parsed = match path::parse_path(text) {
        Ok(parsed) => parsed,
        Err(error) => {
            let range = ctx.inside(node, text, error.range);
            ctx.error(
                range,
                codes::INVALID_JSONPATH,
                format!("{} is not a valid path: {}", quoted(field), error.message),
            );
            return;
        }
    };
    let reference_only = matches!(kind, Kind::ReferencePath | Kind::ResultPath | Kind::PathOrIntrinsic);
    if reference_only {
        if let Some(segment) = parsed.first_non_reference_segment() {
            let range = ctx.inside(node, text, segment.range.clone());
            ctx.error(
                range,
                codes::INVALID_JSONPATH,
                format!(
                    "{} must be a Reference Path that selects a single node: no wildcards, filters, slices or unions",
                    quoted(field)
                ),
            );
            return;
        }
    }
    if matches!(kind, Kind::ResultPath) {
        match parsed.root {
            PathRoot::Context => {
                let range = ctx.inside(node, text, parsed.root_range.clone());
                ctx.error(
                    range,
                    codes::INVALID_JSONPATH,
                    "\"ResultPath\" cannot point into the context object ($$): it places the result in the state input",
                );
                return;
            }
            PathRoot::Variable(_) => {
                let range = ctx.inside(node, text, parsed.root_range.clone());
                ctx.error(
                    range,
                    codes::INVALID_JSONPATH,
                    "\"ResultPath\" cannot name a variable: use \"Assign\" to set variables",
                );
                return;
            }
            PathRoot::Input => {}
        }
    }
    path_found(ctx, node, text, &parsed);
}

/// What every well-formed path does: context members are checked.
fn path_found(ctx: &mut Ctx<'_>, node: NodeId, text: &str, parsed: &path::Path) {
    match &parsed.root {
        PathRoot::Context => {
            if let Some(error) = path::check_context_path(parsed) {
                let range = ctx.inside(node, text, error.range);
                ctx.warning(range, codes::UNKNOWN_CONTEXT_PATH, error.message);
            } else if names_task_token(parsed) && !ctx.waits_for_task_token() {
                let range = ctx.inside(node, text, 0..text.len());
                ctx.warning(range, codes::TASK_TOKEN_UNAVAILABLE, TASK_TOKEN_ONLY_IN_CALLBACKS);
            }
        }
        PathRoot::Variable(_) | PathRoot::Input => {}
    }
}

/// An intrinsic function call: syntax, then the rules of each function.
fn check_intrinsic(ctx: &mut Ctx<'_>, node: NodeId, text: &str) {
    match intrinsic::parse_intrinsic(text) {
        Err(error) => {
            let range = ctx.inside(node, text, error.range);
            ctx.error(range, codes::INVALID_INTRINSIC, error.message);
        }
        Ok(call) => {
            for error in intrinsic::check_call(&call) {
                let range = ctx.inside(node, text, error.range);
                ctx.error(range, codes::INVALID_INTRINSIC, error.message);
            }
        }
    }
}

/// The value of a `key.$` entry: a path, a context path, a variable or an
/// intrinsic function call.
fn check_dollar_value(ctx: &mut Ctx<'_>, node: NodeId, key: &str) {
    let Some(text) = ctx.tree.str(node) else {
        let message = format!(
            "The value of {} must be a string holding a path or an intrinsic function, not {}",
            quoted(key),
            ctx.tree.type_name(node)
        );
        ctx.error(ctx.tree.range(node), codes::INVALID_JSONPATH, message);
        return;
    };
    if has_placeholder(text) {
        return;
    }
    if intrinsic::looks_like_intrinsic(text) {
        check_intrinsic(ctx, node, text);
    } else if text.starts_with('$') {
        match path::parse_path(text) {
            Ok(parsed) => path_found(ctx, node, text, &parsed),
            Err(error) => {
                let range = ctx.inside(node, text, error.range);
                ctx.error(
                    range,
                    codes::INVALID_JSONPATH,
                    format!("{} is not a valid path: {}", quoted(text), error.message),
                );
            }
        }
    } else {
        ctx.error(
            ctx.tree.range(node),
            codes::INVALID_JSONPATH,
            format!(
                "The value of {} must be a path ($.x), a context path ($$.x), a variable ($name) or an intrinsic function call (States.Format(…)); to pass a fixed string, drop the \".$\" from the key",
                quoted(key)
            ),
        );
    }
}

/// A value that looks like a path or an intrinsic call, as AWS's `NO_DOLLAR` heuristic reads it.
fn looks_evaluated(text: &str) -> bool {
    text == "$"
        || text.starts_with("$.")
        || text.starts_with("$$.")
        || text.starts_with("$[")
        || intrinsic::looks_like_intrinsic(text) && text.starts_with("States.")
}

/// A JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector` …).
pub(super) fn check_template(ctx: &mut Ctx<'_>, node: NodeId, field: &str) {
    if ctx.tree.members(node).is_none() {
        if field == "Parameters" {
            let message = format!(
                "{} should be an object (a payload template), not {}: the ASL specification allows only objects",
                quoted(field),
                ctx.tree.type_name(node)
            );
            ctx.warning(ctx.tree.range(node), codes::SCHEMA, message);
        } else {
            let message = format!(
                "{} must be an object (a payload template), not {}",
                quoted(field),
                ctx.tree.type_name(node)
            );
            ctx.error(ctx.tree.range(node), codes::SCHEMA, message);
        }
        return;
    }
    walk_template(ctx, node, 0);
}

fn walk_template(ctx: &mut Ctx<'_>, node: NodeId, depth: usize) {
    if depth > 64 {
        return;
    }
    let tree = ctx.tree;
    match &tree.node(node).kind {
        NodeKind::Object(members) => {
            let keys = Keys::of(members);
            for member in members {
                let Some(value) = member.value else {
                    continue;
                };
                if let Some(stripped) = member.key.strip_suffix(".$") {
                    if keys.contains(stripped) {
                        ctx.error(
                            ctx.tree.key_range(member),
                            codes::DUPLICATE_FIELD_NAME,
                            format!(
                                "{} and {} both produce the field {}: keep only one of them",
                                quoted(stripped),
                                quoted(&member.key),
                                quoted(stripped)
                            ),
                        );
                    }
                    check_dollar_value(ctx, value, &member.key);
                    continue;
                }
                match tree.str(value) {
                    Some(text) if looks_evaluated(text) => ctx.warning(
                        tree.range(value),
                        codes::NO_DOLLAR,
                        format!(
                            "This looks like a path or intrinsic function, but the key {} does not end in \".$\", so it is passed on as a plain string; name the key {:?} to evaluate it",
                            quoted(&member.key),
                            format!("{}.$", member.key)
                        ),
                    ),
                    _ => walk_template(ctx, value, depth + 1),
                }
            }
        }
        NodeKind::Array(items) => {
            for &item in items {
                walk_template(ctx, item, depth + 1);
            }
        }
        _ => {}
    }
}

/// One member of an object read as a payload template.
pub(super) fn check_template_member(ctx: &mut Ctx<'_>, key: &str, value: NodeId) {
    if key.ends_with(".$") {
        check_dollar_value(ctx, value, key);
    } else {
        walk_template(ctx, value, 0);
    }
}

/// The keys of an object, for the `a` / `a.$` twin test in time linear in the keys.
struct Keys<'a>(FastSet<&'a str>);

impl<'a> Keys<'a> {
    fn of(members: &'a [Member]) -> Keys<'a> {
        // Only an object with a `.$` key can have twins.
        if members.iter().any(|member| member.key.ends_with(".$")) {
            Keys(members.iter().map(|member| member.key.as_str()).collect())
        } else {
            Keys(FastSet::default())
        }
    }

    fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }
}

/// `Assign`: variable names to values, evaluated in the state's language.
pub(super) fn check_assign(ctx: &mut Ctx<'_>, node: NodeId, language: QueryLanguage, place: JsonataPlace) {
    let tree = ctx.tree;
    let Some(members) = tree.members(node) else {
        let message = format!(
            "\"Assign\" must be an object of variable names and values, not {}",
            tree.type_name(node)
        );
        ctx.error(tree.range(node), codes::SCHEMA, message);
        return;
    };
    let keys = Keys::of(members);
    for member in members {
        let (name, evaluated) = match member.key.strip_suffix(".$") {
            Some(stripped) if language == QueryLanguage::JsonPath => (stripped, true),
            Some(_) => {
                ctx.error(ctx.tree.key_range(member), codes::SCHEMA, DOLLAR_KEY_UNDER_JSONATA);
                continue;
            }
            None => (member.key.as_str(), false),
        };
        if let Some((problem, severity)) = variable_name_problem(name) {
            ctx.sink.push(
                ctx.tree.key_range(member),
                severity,
                codes::INVALID_VARIABLE_NAME,
                problem,
            );
        } else if evaluated && keys.contains(name) {
            ctx.error(
                ctx.tree.key_range(member),
                codes::DUPLICATE_FIELD_NAME,
                format!("Variable {} is assigned twice in one \"Assign\"", quoted(name)),
            );
        }
        let Some(value) = member.value else {
            continue;
        };
        if evaluated {
            check_dollar_value(ctx, value, &member.key);
        } else if language == QueryLanguage::Jsonata {
            check_json(ctx, value, place);
        } else {
            walk_template(ctx, value, 0);
        }
    }
}

/// Why a variable name is not allowed, if it is not. A name that is no
/// identifier is only a warning: the service's rule is the Unicode identifier
/// syntax, but it is not confirmed to reject other names; they cannot be read
/// back in JSONata or a path either way.
fn variable_name_problem(name: &str) -> Option<(String, Severity)> {
    let message = match name_problem(name)? {
        NameProblem::Empty => "A variable name must not be empty".to_string(),
        NameProblem::Reserved => "\"states\" is reserved for $states: choose another variable name".to_string(),
        NameProblem::TooLong => format!("Variable name {} is longer than 80 characters", quoted(name)),
        NameProblem::NotIdentifier => {
            return Some((
                format!(
                    "{} is not a valid variable name: use letters, digits and '_', not starting with a digit, or it cannot be read as ${}",
                    quoted(name),
                    name
                ),
                Severity::Warning,
            ))
        }
    };
    Some((message, Severity::Error))
}

/// JSON whose `{% … %}` strings are JSONata (`Output`, `Arguments`, …).
pub(super) fn check_json(ctx: &mut Ctx<'_>, node: NodeId, place: JsonataPlace) {
    let mut stack = vec![(node, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        let tree = ctx.tree;
        match &tree.node(node).kind {
            NodeKind::String(text) if is_jsonata(text) || looks_like_jsonata(text) => {
                check_jsonata_string(ctx, node, place);
            }
            NodeKind::Object(members) if depth < 64 => {
                for member in members {
                    if member.key.ends_with(".$") {
                        ctx.error(ctx.tree.key_range(member), codes::SCHEMA, DOLLAR_KEY_UNDER_JSONATA);
                    }
                    stack.extend(member.value.map(|value| (value, depth + 1)));
                }
            }
            NodeKind::Array(items) if depth < 64 => stack.extend(items.iter().map(|&item| (item, depth + 1))),
            _ => {}
        }
    }
}

/// One string that should be a JSONata expression.
pub(super) fn check_jsonata_string(ctx: &mut Ctx<'_>, node: NodeId, place: JsonataPlace) {
    let Some(text) = ctx.tree.str(node) else {
        return;
    };
    if !is_jsonata(text) {
        ctx.error(
            ctx.tree.range(node),
            codes::INVALID_JSONATA_EXPRESSION,
            "A JSONata expression must start with \"{%\" and end with \"%}\", with nothing outside them",
        );
        return;
    }
    if has_placeholder(text) {
        return;
    }
    let inner = &text[2..text.len() - 2];
    let analysis = jsonata::analyze(inner);
    let shift = |range: std::ops::Range<usize>| range.start + 2..range.end + 2;
    for error in &analysis.errors {
        let range = ctx.inside(node, text, shift(error.range.clone()));
        ctx.error(range, codes::INVALID_JSONATA_EXPRESSION, error.message.clone());
    }
    for (name, range) in &analysis.top_level_field_refs {
        let range = ctx.inside(node, text, shift(range.clone()));
        ctx.error(
            range,
            codes::UNSUPPORTED_JSONATA_EXPRESSION,
            format!(
                "Reference to {} at the top level is not supported: there is no implicit input; use $states.input.{}",
                quoted(name),
                if name == "$" { "…" } else { name }
            ),
        );
    }
    for variable in &analysis.variables {
        let range = ctx.inside(node, text, shift(variable.range.clone()));
        match variable.name.as_str() {
            "$" => ctx.error(
                range,
                codes::UNSUPPORTED_JSONATA_EXPRESSION,
                "$$ is not supported in Step Functions JSONata: use $states.input",
            ),
            "states" => check_states_member(ctx, node, text, variable, place),
            _ => {}
        }
    }
    for call in &analysis.calls {
        let range = ctx.inside(node, text, shift(call.range.clone()));
        if call.name == "eval" {
            ctx.error(
                range,
                codes::UNSUPPORTED_JSONATA_EXPRESSION,
                "$eval is not supported in Step Functions: use $parse to read JSON text",
            );
            continue;
        }
        match jsonata::function(&call.name) {
            None => ctx.warning(
                range,
                codes::UNKNOWN_FUNCTION,
                format!(
                    "Unknown function ${}: it is neither a JSONata built-in nor a Step Functions function.{}",
                    call.name,
                    did_you_mean(&call.name, jsonata::FUNCTIONS.iter().map(|function| function.name))
                ),
            ),
            Some(function) => {
                let too_few = call.arg_count < function.min_args;
                let too_many = function.max_args.is_some_and(|max| call.arg_count > max);
                if too_few || too_many {
                    ctx.warning(
                        range,
                        codes::UNKNOWN_FUNCTION,
                        format!(
                            "${} takes {}; this call passes {}",
                            call.name, function.signature, call.arg_count
                        ),
                    );
                }
            }
        }
    }
}

/// `$states.input`, `.context`, `.result`, `.errorOutput`: which are available here.
fn check_states_member(
    ctx: &mut Ctx<'_>,
    node: NodeId,
    text: &str,
    variable: &jsonata::VariableRef,
    place: JsonataPlace,
) {
    let Some((member, range)) = variable.members.first() else {
        return;
    };
    let range = ctx.inside(node, text, range.start + 2..range.end + 2);
    let state_type = ctx.state.and_then(|id| ctx.machine.state(id).ty);
    match member.as_str() {
        "context" => {
            let token = variable
                .members
                .get(1..3)
                .is_some_and(|rest| rest[0].0 == "Task" && rest[1].0 == "Token");
            if token && !ctx.waits_for_task_token() {
                ctx.warning(range, codes::TASK_TOKEN_UNAVAILABLE, TASK_TOKEN_ONLY_IN_CALLBACKS);
            }
        }
        "input" => {}
        "result" => {
            let produces_result = matches!(state_type, Some(StateType::Task | StateType::Map | StateType::Parallel));
            let allowed = produces_result && matches!(place, JsonataPlace::Field("Output" | "Assign"));
            if !allowed {
                ctx.error(
                    range,
                    codes::INVALID_STATES_REFERENCE,
                    "$states.result is only available in the Output and Assign of a Task, Map or Parallel state",
                );
            }
        }
        "errorOutput" => {
            if !matches!(place, JsonataPlace::Catcher("Output" | "Assign")) {
                ctx.error(
                    range,
                    codes::INVALID_STATES_REFERENCE,
                    "$states.errorOutput is only available in the Output and Assign of a catcher",
                );
            }
        }
        other => ctx.error(
            range,
            codes::INVALID_STATES_REFERENCE,
            format!(
                "$states has no member {}: use input, context, result or errorOutput.{}",
                quoted(other),
                did_you_mean(other, ["input", "context", "result", "errorOutput"])
            ),
        ),
    }
}
