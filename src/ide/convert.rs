//! Converting a JSONPath state (or a whole machine) to JSONata, as an
//! editor refactoring: the state's `InputPath`, `Parameters`,
//! `ResultSelector`, `ResultPath`, `OutputPath` and `Result` become
//! `Arguments` and `Output`, its `…Path` fields their JSONata forms, its
//! catchers' `ResultPath` an `Output`, Choice rules a `Condition`, a Map's
//! `ItemsPath` its `Items`, `Assign` and the other payload templates
//! JSONata templates, and every path and intrinsic call the JSONata
//! expression that yields the same value. It is offered only where the
//! translation is exact (the same output for every input the JSONPath
//! state accepts) and declined, with the reason, where it is not:
//! wildcards, filters and slices, the intrinsic functions without an exact
//! counterpart, timestamp comparisons.
//!
//! The edits touch only what changes: other fields, comments and the
//! layout stay as they are written, in JSON and YAML.

use crate::analysis::Severity;
use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::lang::intrinsic::{parse_intrinsic, Arg, Call};
use crate::lang::path::{parse_path, Path, PathRoot, Segment};
use crate::model::StateId;
use crate::syntax::{Format, Member, NodeId, NodeKind, TextRange, Tree};
use crate::Analysis;

use super::actions::{indentation_at, member_end, written, Action, ActionKind};

type Edits = Vec<(TextRange, String)>;

/// The conversion of the JSONPath state at `range` (on its key or inside
/// it, but not inside a state nested in it), offered or declined.
pub(super) fn to_jsonata(analysis: &Analysis, text: &str, range: TextRange) -> Option<Action> {
    let id = state_at(analysis, range.start())?;
    let state = analysis.machine.state(id);
    if state.query_language != QueryLanguage::JsonPath {
        return None;
    }
    let title = format!("Convert {} to JSONata", quoted(&state.name));
    let errors = error_ranges(analysis);
    let converted = Converter {
        analysis,
        text,
        tree: &analysis.tree,
        edits: Vec::new(),
        own_language: true,
        errors: &errors,
    }
    .state(id);
    Some(refactoring(title, converted))
}

/// The action for a conversion, applicable or declined with its reason.
fn refactoring(title: String, converted: Result<Edits, String>) -> Action {
    let (edits, declined) = match converted {
        Ok(edits) => (edits, None),
        Err(reason) => (Vec::new(), Some(reason)),
    };
    Action {
        title,
        kind: ActionKind::Refactor,
        edits,
        resolves: None,
        declined,
    }
}

/// The conversion of the whole machine: every JSONPath state, and the
/// top-level `QueryLanguage`; declined when one state cannot be converted.
/// It costs a pass over every state (about 10 µs each), so it is not among
/// [`super::actions`], which an editor asks for whenever the cursor moves:
/// the server adds it when the author asks for actions.
pub fn machine_to_jsonata(analysis: &Analysis, text: &str) -> Option<Action> {
    let machine = &analysis.machine;
    if machine.query_language == Some(QueryLanguage::Jsonata) {
        return None;
    }
    let root = machine
        .scope_ids()
        .map(|id| machine.scope(id))
        .find(|scope| matches!(scope.kind, crate::model::ScopeKind::Root))?
        .node;
    let converted = (|| -> Result<Edits, String> {
        let errors = error_ranges(analysis);
        let converter = || Converter {
            analysis,
            text,
            tree: &analysis.tree,
            edits: Vec::new(),
            own_language: false,
            errors: &errors,
        };
        let mut edits = Vec::new();
        for id in machine.state_ids() {
            let state = machine.state(id);
            if state.query_language != QueryLanguage::JsonPath {
                continue;
            }
            let state_edits = converter()
                .state(id)
                .map_err(|reason| format!("state {}: {reason}", quoted(&state.name)))?;
            edits.extend(state_edits);
        }
        let tree = &analysis.tree;
        let members = tree.members(root).ok_or("the definition is not an object")?;
        match members.iter().find(|member| member.key == "QueryLanguage") {
            Some(member) => {
                let value = member.value.ok_or("QueryLanguage has no value")?;
                edits.push((tree.range(value), written(analysis.format, "JSONata")));
            }
            None => {
                let first = members.first().ok_or("the definition is empty")?;
                let mut top = converter();
                top.insert_before(root, first, "QueryLanguage", "JSONata");
                edits.extend(top.edits);
            }
        }
        ordered(edits)
    })();
    Some(refactoring(
        "Convert the state machine to JSONata".to_string(),
        converted,
    ))
}

/// The ranges of the analysis's errors, by start.
fn error_ranges(analysis: &Analysis) -> Vec<TextRange> {
    let mut errors: Vec<TextRange> = analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| diagnostic.range)
        .collect();
    errors.sort_by_key(|range| range.start());
    errors
}

/// Edits in order, refused when two would overlap.
fn ordered(mut edits: Edits) -> Result<Edits, String> {
    edits.sort_by_key(|(range, _)| (range.start(), range.end()));
    if edits.windows(2).any(|pair| pair[0].0.end() > pair[1].0.start()) {
        return Err("the fields are written in a way the conversion cannot edit".to_string());
    }
    Ok(edits)
}

/// The innermost state whose key or object holds `offset`.
fn state_at(analysis: &Analysis, offset: usize) -> Option<StateId> {
    let machine = &analysis.machine;
    machine
        .state_ids()
        .filter(|&id| {
            let state = machine.state(id);
            let key = machine.range(state.key_range);
            key.contains_inclusive(offset)
                || state
                    .node
                    .is_some_and(|node| analysis.tree.range(node).contains_inclusive(offset))
        })
        .min_by_key(|&id| {
            let state = machine.state(id);
            state.node.map_or(0, |node| analysis.tree.range(node).len())
        })
}

fn quoted(name: &str) -> String {
    serde_json::to_string(name).unwrap_or_default()
}

/// Fields a converted state keeps as they are.
const KEPT: &[&str] = &[
    "Type",
    "Comment",
    "Next",
    "End",
    "Resource",
    "Retry",
    "TimeoutSeconds",
    "HeartbeatSeconds",
    "Seconds",
    "Timestamp",
    "Error",
    "Cause",
    "Credentials",
    "Assign",
    "Default",
    "Branches",
    "ItemProcessor",
    "Iterator",
    "MaxConcurrency",
    "ToleratedFailurePercentage",
    "ToleratedFailureCount",
    "Label",
];

/// JSONPath input and output fields, replaced by `Arguments` and `Output`.
const IO: &[&str] = &[
    "InputPath",
    "Parameters",
    "Result",
    "ResultSelector",
    "ResultPath",
    "OutputPath",
];

/// `…Path` fields and the JSONata field each becomes.
const PATH_FIELDS: &[(&str, &str)] = &[
    ("TimeoutSecondsPath", "TimeoutSeconds"),
    ("HeartbeatSecondsPath", "HeartbeatSeconds"),
    ("SecondsPath", "Seconds"),
    ("TimestampPath", "Timestamp"),
    ("ErrorPath", "Error"),
    ("CausePath", "Cause"),
    ("MaxConcurrencyPath", "MaxConcurrency"),
    ("ToleratedFailurePercentagePath", "ToleratedFailurePercentage"),
    ("ToleratedFailureCountPath", "ToleratedFailureCount"),
];

/// What a state (or catcher) produces before `ResultPath`.
enum Produced {
    /// A JSONata expression.
    Expr(String),
    /// A payload template (`Parameters`, `ResultSelector`) read against
    /// `base`, kept as a template where it can be.
    Template { node: NodeId, base: String },
    /// A literal value (`Result`).
    Literal(NodeId),
}

struct Converter<'a> {
    analysis: &'a Analysis,
    text: &'a str,
    tree: &'a Tree,
    edits: Edits,
    /// The state says `QueryLanguage` itself (not when the whole machine is converted).
    own_language: bool,
    /// Where the analysis has errors, by start: read once for all the states converted.
    errors: &'a [TextRange],
}

impl Converter<'_> {
    fn state(mut self, id: StateId) -> Result<Edits, String> {
        let machine = &self.analysis.machine;
        let state = machine.state(id);
        let node = state.node.ok_or("the state is not an object")?;
        let ty = state.ty.ok_or("the state has no known Type")?;
        if self.tree.is_aliased() && self.analysis.format == Format::Yaml {
            return Err("the document uses YAML anchors or aliases".to_string());
        }
        let whole = machine.range(state.key_range).cover(self.tree.range(node));
        let first = self.errors.partition_point(|error| error.start() < whole.start());
        if self.errors[first..]
            .iter()
            .take_while(|error| error.start() <= whole.end())
            .any(|error| error.end() <= whole.end())
        {
            return Err("the state has errors: correct them first".to_string());
        }
        let members = self.tree.members(node).ok_or("the state is not an object")?;
        for member in members {
            let key = member.key.as_str();
            if IO.contains(&key) || PATH_FIELDS.iter().any(|(path, _)| *path == key) {
                continue;
            }
            match key {
                "Catch" | "QueryLanguage" | "Choices" | "ItemsPath" | "ItemSelector" => {}
                "ItemReader" | "ResultWriter" | "ItemBatcher" => {}
                _ if KEPT.contains(&key) => {}
                _ => return Err(format!("the field {} is not converted", quoted(key))),
            }
        }
        let get = |key: &str| members.iter().position(|member| member.key == key);
        let value_of = |key: &str| get(key).and_then(|index| members[index].value);

        // The effective input: the raw input narrowed by InputPath.
        // (`null`: an empty object; a path may start at the context or a variable too).
        let input_path = value_of("InputPath");
        let input = match input_path {
            None => "$states.input".to_string(),
            Some(value) if matches!(self.tree.node(value).kind, NodeKind::Null) => "{}".to_string(),
            Some(value) => {
                let source = self.tree.str(value).ok_or("InputPath is not a string")?;
                let path = parse_path(source).map_err(|_| "InputPath is not a valid path".to_string())?;
                self.path(&path, "$states.input")?
            }
        };

        // The `…Path` fields read the raw input: with an InputPath in between they are declined.
        for (from, to) in PATH_FIELDS {
            let Some(index) = get(from) else {
                continue;
            };
            if input_path.is_some() && !matches!(*from, "ErrorPath" | "CausePath") {
                return Err(format!("{from} together with InputPath is not converted"));
            }
            if get(to).is_some() {
                return Err(format!("the state has both {from} and {to}"));
            }
            let member = &members[index];
            let value = member.value.ok_or_else(|| format!("{from} has no value"))?;
            let source = self.tree.str(value).ok_or_else(|| format!("{from} is not a string"))?;
            let expression = self.expression(source, "$states.input")?;
            self.rename(member, to);
            self.replace_member_value(member, &format!("{{% {expression} %}}"))?;
        }

        // What the state produces, and where the first of its I/O fields is (Output goes there).
        let mut consumed: Vec<usize> = Vec::new();
        let produced = match ty {
            StateType::Task | StateType::Parallel | StateType::Map => {
                if ty == StateType::Map {
                    self.map_fields(members, &input, input_path.is_some())?;
                } else if let Some(index) = get("Parameters") {
                    let value = members[index].value.ok_or("Parameters has no value")?;
                    self.rename(&members[index], "Arguments");
                    self.template_in_place(value, &input)?;
                } else if let Some(index) = get("InputPath") {
                    self.rename(&members[index], "Arguments");
                    self.replace_member_value(&members[index], &format!("{{% {input} %}}"))?;
                }
                match get("ResultSelector") {
                    Some(index) => {
                        consumed.push(index);
                        Produced::Template {
                            node: members[index].value.ok_or("ResultSelector has no value")?,
                            base: "$states.result".to_string(),
                        }
                    }
                    None => Produced::Expr("$states.result".to_string()),
                }
            }
            StateType::Pass => {
                consumed.extend(get("InputPath"));
                if let Some(index) = get("Parameters") {
                    consumed.push(index);
                    Produced::Template {
                        node: members[index].value.ok_or("Parameters has no value")?,
                        base: input.clone(),
                    }
                } else if let Some(index) = get("Result") {
                    consumed.push(index);
                    Produced::Literal(members[index].value.ok_or("Result has no value")?)
                } else {
                    Produced::Expr(input.clone())
                }
            }
            _ => {
                consumed.extend(get("InputPath"));
                Produced::Expr(input.clone())
            }
        };
        // What `$` is in a JSONPath Assign: the raw result of a Task, Map or
        // Parallel, a Pass state's result, the effective input of the others.
        let assigned = match ty {
            StateType::Task | StateType::Map | StateType::Parallel => "$states.result".to_string(),
            StateType::Pass => grouped(&self.produced_expression(&produced)?),
            _ => input.clone(),
        };
        if let Some(value) = value_of("Assign") {
            self.template_in_place(value, &assigned)?;
        }
        // Credentials are read from the effective input, as the Parameters are.
        if let Some(value) = value_of("Credentials") {
            self.template_in_place(value, &input)?;
        }
        consumed.extend(get("ResultPath"));
        consumed.extend(get("OutputPath"));
        match ty {
            // InputPath became Arguments, or was folded into them.
            StateType::Task | StateType::Parallel if get("Parameters").is_some() => consumed.extend(get("InputPath")),
            // A Map reads its input through Items and ItemSelector.
            StateType::Map => consumed.extend(get("InputPath")),
            StateType::Choice => {
                if let Some(rules) = value_of("Choices").and_then(|choices| self.tree.items(choices)) {
                    for &rule in rules {
                        self.choice_rule(rule, &input)?;
                    }
                }
            }
            _ => {}
        }
        consumed.sort_unstable();
        consumed.dedup();

        let result_path = match value_of("ResultPath") {
            None => Some(Vec::new()),
            Some(value) if matches!(self.tree.node(value).kind, NodeKind::Null) => None,
            Some(value) => Some(self.reference_path(value, "ResultPath")?.segments_as_fields()?),
        };
        let output_path = match value_of("OutputPath") {
            None => None,
            Some(value) => Some(self.reference_path(value, "OutputPath")?),
        };

        if !consumed.is_empty() {
            let output = self.output(produced, result_path, output_path.as_ref(), "$states.input")?;
            // A template or literal stays where it is written; anything else takes the first field's place.
            let kept = match &output {
                Output::Template(node, _) | Output::Literal(node) => consumed
                    .iter()
                    .copied()
                    .find(|&index| members[index].value == Some(*node)),
                Output::Expr(_) => None,
            };
            // Output goes where the result was said to go, not where the input was picked.
            let spot = kept
                .or_else(|| {
                    consumed
                        .iter()
                        .copied()
                        .find(|&index| members[index].key != "InputPath")
                })
                .unwrap_or(consumed[0]);
            let member = &members[spot];
            let value = member.value.ok_or_else(|| format!("{} has no value", member.key))?;
            self.rename(member, "Output");
            match output {
                Output::Template(node, base) if node == value => self.template_in_place(node, &base)?,
                Output::Literal(node) if node == value => self.literal_in_place(node)?,
                other => {
                    let expression = match other {
                        Output::Expr(expression) => expression,
                        Output::Template(node, base) => self.template_expression(node, &base)?,
                        Output::Literal(node) => self.template_expression(node, "")?,
                    };
                    self.replace_member_value(member, &format!("{{% {expression} %}}"))?;
                }
            }
            let others: Vec<usize> = consumed.iter().copied().filter(|&index| index != spot).collect();
            self.remove(node, &others);
        }

        if let Some(catchers) = value_of("Catch").and_then(|catch| self.tree.items(catch)) {
            for &catcher in catchers {
                self.catcher(catcher)?;
            }
        }

        // The state's own QueryLanguage.
        match get("QueryLanguage") {
            _ if !self.own_language => {}
            Some(index) => {
                let value = members[index].value.ok_or("QueryLanguage has no value")?;
                let range = self.tree.range(value);
                self.edits.push((range, written(self.analysis.format, "JSONata")));
            }
            None => {
                let ty_member = &members[get("Type").ok_or("the state has no Type")?];
                self.insert_before(node, ty_member, "QueryLanguage", "JSONata");
            }
        }

        self.keeps_comments()?;
        ordered(self.edits)
    }

    /// Refuses edits that would drop a comment (one inside a field
    /// replaced or removed): nothing written is lost.
    fn keeps_comments(&self) -> Result<(), String> {
        for (range, _) in &self.edits {
            if range.is_empty() {
                continue;
            }
            let found = match self.analysis.format {
                Format::Json => self.tree.errors.iter().any(|error| {
                    error.kind == crate::syntax::SyntaxErrorKind::NotJson
                        && range.start() <= error.range.start()
                        && error.range.end() <= range.end()
                        && self.text[error.range.start()..].starts_with(['/'])
                }),
                Format::Yaml => self.text[range.start()..range.end()].lines().any(yaml_comment),
            };
            if found {
                return Err("a comment in a field the conversion rewrites would be lost".to_string());
            }
        }
        Ok(())
    }

    /// A Map's own fields: `ItemsPath` becomes `Items`, `ItemSelector` (or
    /// the older `Parameters`) a JSONata template, and the distributed
    /// Map's reader, writer and batcher their JSONata forms.
    fn map_fields(&mut self, members: &[Member], input: &str, has_input_path: bool) -> Result<(), String> {
        let get = |key: &str| members.iter().find(|member| member.key == key);
        match get("ItemsPath") {
            Some(member) => {
                let value = member.value.ok_or("ItemsPath has no value")?;
                let source = self.tree.str(value).ok_or("ItemsPath is not a string")?;
                let expression = self.expression(source, input)?;
                self.rename(member, "Items");
                self.replace_member_value(member, &format!("{{% {expression} %}}"))?;
            }
            None if has_input_path => {
                return Err("a Map with InputPath and no ItemsPath is not converted".to_string());
            }
            None => {}
        }
        if let Some(member) = get("Parameters") {
            if get("ItemSelector").is_some() {
                return Err("the Map has both Parameters and ItemSelector".to_string());
            }
            self.rename(member, "ItemSelector");
        }
        if let Some(member) = get("ItemSelector").or(get("Parameters")) {
            let value = member.value.ok_or("ItemSelector has no value")?;
            self.template_in_place(value, input)?;
        }
        for (field, paths) in [
            ("ItemReader", &[("MaxItemsPath", "MaxItems")][..]),
            ("ResultWriter", &[][..]),
            (
                "ItemBatcher",
                &[
                    ("MaxItemsPerBatchPath", "MaxItemsPerBatch"),
                    ("MaxInputBytesPerBatchPath", "MaxInputBytesPerBatch"),
                ][..],
            ),
        ] {
            let Some(object) = get(field).and_then(|member| member.value) else {
                continue;
            };
            if has_input_path && (self.has_dollar_key(object) || self.has_path_field(object)) {
                return Err(format!("{field} together with InputPath is not converted"));
            }
            self.fields_of(object, field, paths)?;
        }
        Ok(())
    }

    /// An `ItemReader`, `ResultWriter` or `ItemBatcher` (and a reader's
    /// `ReaderConfig`): `Parameters` become `Arguments`, `…Path` fields
    /// their JSONata forms, `BatchInput` a JSONata template.
    fn fields_of(&mut self, object: NodeId, field: &str, paths: &[(&str, &str)]) -> Result<(), String> {
        let members = self
            .tree
            .members(object)
            .ok_or_else(|| format!("{field} is not an object"))?;
        for member in members {
            let key = member.key.as_str();
            let value = member.value.ok_or_else(|| format!("{key} has no value"))?;
            if let Some((_, to)) = paths.iter().find(|(from, _)| *from == key) {
                let source = self.tree.str(value).ok_or_else(|| format!("{key} is not a string"))?;
                let expression = self.expression(source, "$states.input")?;
                self.rename(member, to);
                self.replace_member_value(member, &format!("{{% {expression} %}}"))?;
                continue;
            }
            match key {
                "Parameters" => {
                    self.rename(member, "Arguments");
                    self.template_in_place(value, "$states.input")?;
                }
                "BatchInput" => self.template_in_place(value, "$states.input")?,
                "ReaderConfig" => self.fields_of(value, "ReaderConfig", paths)?,
                _ if key.ends_with("Path") || key.ends_with(".$") => {
                    return Err(format!("{field}'s {} is not converted", quoted(key)));
                }
                _ => self.literal_in_place(value)?,
            }
        }
        Ok(())
    }

    /// Whether an object, at any depth, has a `…Path` key.
    fn has_path_field(&self, node: NodeId) -> bool {
        let mut stack = vec![node];
        while let Some(node) = stack.pop() {
            if let NodeKind::Object(members) = &self.tree.node(node).kind {
                if members.iter().any(|member| member.key.ends_with("Path")) {
                    return true;
                }
                stack.extend(members.iter().filter_map(|member| member.value));
            }
        }
        false
    }

    /// A Choice rule: its comparison (or `And`, `Or`, `Not`) becomes one
    /// `Condition`, written where the first of its fields was.
    fn choice_rule(&mut self, rule: NodeId, input: &str) -> Result<(), String> {
        let members = self.tree.members(rule).ok_or("a Choice rule is not an object")?;
        // `$` in a rule's Assign is the Choice state's effective input.
        if let Some(value) = members
            .iter()
            .find(|member| member.key == "Assign")
            .and_then(|member| member.value)
        {
            self.template_in_place(value, input)?;
        }
        let condition = self.condition(rule, input)?;
        let first = members
            .iter()
            .position(|member| !matches!(member.key.as_str(), "Next" | "Comment" | "Assign"))
            .ok_or("a Choice rule has no comparison")?;
        self.rename(&members[first], "Condition");
        self.replace_member_value(&members[first], &format!("{{% {condition} %}}"))?;
        let others: Vec<usize> = (0..members.len())
            .filter(|&index| index != first && !matches!(members[index].key.as_str(), "Next" | "Comment" | "Assign"))
            .collect();
        self.remove(rule, &others);
        Ok(())
    }

    /// The JSONata condition of a Choice rule (or of a rule inside `And`, `Or`, `Not`).
    fn condition(&self, rule: NodeId, input: &str) -> Result<String, String> {
        let tree = self.tree;
        let members = tree.members(rule).ok_or("a Choice rule is not an object")?;
        let tests: Vec<&Member> = members
            .iter()
            .filter(|member| !matches!(member.key.as_str(), "Next" | "Comment" | "Assign" | "Variable"))
            .collect();
        let [test] = tests.as_slice() else {
            return Err("a Choice rule has more than one comparison".to_string());
        };
        let value = test.value.ok_or("a Choice rule's comparison has no value")?;
        let operator = test.key.as_str();
        if matches!(operator, "And" | "Or") {
            let items = tree.items(value).ok_or_else(|| format!("{operator} is not an array"))?;
            let parts = items
                .iter()
                .map(|&item| Ok(format!("({})", self.condition(item, input)?)))
                .collect::<Result<Vec<_>, String>>()?;
            return Ok(parts.join(if operator == "And" { " and " } else { " or " }));
        }
        if operator == "Not" {
            return Ok(format!("$not({})", self.condition(value, input)?));
        }
        let variable = members
            .iter()
            .find(|member| member.key == "Variable")
            .and_then(|member| member.value)
            .and_then(|value| tree.str(value))
            .ok_or("a Choice rule has no Variable")?;
        let variable = self.expression(variable, input)?;
        let (kind, comparison, against_path) = choice_operator(operator)?;
        let operand = if comparison == "is" {
            String::new()
        } else if against_path {
            let source = tree.str(value).ok_or_else(|| format!("{operator} is not a string"))?;
            self.expression(source, input)?
        } else {
            match &tree.node(value).kind {
                NodeKind::String(text) if kind == "string" => jsonata_string(text),
                NodeKind::Number(number) if kind == "number" => number.to_string(),
                NodeKind::Bool(flag) if kind == "boolean" => flag.to_string(),
                _ => return Err(format!("{operator}'s value is not a {kind}")),
            }
        };
        let is_type = |expression: &str, kind: &str| format!("$type({expression}) = '{kind}'");
        Ok(match comparison {
            "matches" => {
                let pattern = tree.str(value).ok_or("StringMatches is not a string")?;
                format!(
                    "{} and $contains({variable}, {})",
                    is_type(&variable, kind),
                    glob_regex(pattern)
                )
            }
            "is" => {
                let Some(wanted) = tree.bool(value) else {
                    return Err(format!("{operator}'s value is not a boolean"));
                };
                let test = match operator {
                    "IsPresent" => format!("$exists({variable})"),
                    "IsNull" => is_type(&variable, "null"),
                    _ => is_type(&variable, kind),
                };
                if wanted {
                    test
                } else {
                    format!("$not({test})")
                }
            }
            // Equal literals need no type test: `=` is true only for a value of the literal's type.
            "=" if !against_path => format!("{variable} = {operand}"),
            _ if against_path => format!(
                "{} and {} and {variable} {comparison} {operand}",
                is_type(&variable, kind),
                is_type(&operand, kind)
            ),
            _ => format!("{} and {variable} {comparison} {operand}", is_type(&variable, kind)),
        })
    }

    /// A catcher's `ResultPath` becomes its `Output`.
    fn catcher(&mut self, catcher: NodeId) -> Result<(), String> {
        let members = self.tree.members(catcher).ok_or("a catcher is not an object")?;
        for member in members {
            match member.key.as_str() {
                "ErrorEquals" | "Next" | "Comment" | "ResultPath" => {}
                // `$` in a catcher's Assign is the error output.
                "Assign" => {
                    if let Some(value) = member.value {
                        self.template_in_place(value, "$states.errorOutput")?;
                    }
                }
                other => return Err(format!("the catcher field {} is not converted", quoted(other))),
            }
        }
        let Some(member) = members.iter().find(|member| member.key == "ResultPath") else {
            return Ok(());
        };
        let value = member.value.ok_or("a catcher's ResultPath has no value")?;
        let result_path = if matches!(self.tree.node(value).kind, NodeKind::Null) {
            None
        } else {
            Some(self.reference_path(value, "ResultPath")?.segments_as_fields()?)
        };
        let Output::Expr(expression) = self.output(
            Produced::Expr("$states.errorOutput".to_string()),
            result_path,
            None,
            "$states.input",
        )?
        else {
            return Err("a catcher's output is not an expression".to_string());
        };
        self.rename(member, "Output");
        self.replace_member_value(member, &format!("{{% {expression} %}}"))
    }

    /// What `Output` says: the produced value placed by `ResultPath`
    /// (`None`: discarded) into `input`, then narrowed by `OutputPath`.
    fn output(
        &self,
        produced: Produced,
        result_path: Option<Vec<String>>,
        output_path: Option<&Path>,
        input: &str,
    ) -> Result<Output, String> {
        let Some(place) = result_path else {
            // The result is discarded: the raw input, narrowed.
            return Ok(Output::Expr(match output_path {
                Some(path) => self.path(path, input)?,
                None => input.to_string(),
            }));
        };
        let output_fields = match output_path {
            None => None,
            Some(path) => Some(path.segments_as_fields_or_indexes()?),
        };
        if place.is_empty() {
            // The result is the whole output.
            return match output_path {
                None => Ok(match produced {
                    Produced::Expr(expression) => Output::Expr(expression),
                    Produced::Template { node, base } => Output::Template(node, base),
                    Produced::Literal(node) => Output::Literal(node),
                }),
                Some(path) => {
                    let whole = self.produced_expression(&produced)?;
                    Ok(Output::Expr(self.path(path, &grouped(&whole))?))
                }
            };
        }
        let result = self.produced_expression(&produced)?;
        // OutputPath picking exactly what ResultPath placed: the result alone.
        if let Some(fields) = &output_fields {
            if fields.len() >= place.len()
                && fields[..place.len()]
                    .iter()
                    .zip(&place)
                    .all(|(step, name)| step == &Step::Field(name.clone()))
            {
                let steps = &fields[place.len()..];
                if steps.is_empty() {
                    return Ok(Output::Expr(result));
                }
                let mut expression = grouped(&result);
                for step in steps {
                    expression.push_str(&step.jsonata()?);
                }
                return Ok(Output::Expr(expression));
            }
        }
        let merged = merge(input, &place, &result)?;
        Ok(Output::Expr(match output_path {
            Some(path) => self.path(path, &grouped(&merged))?,
            None => merged,
        }))
    }

    fn produced_expression(&self, produced: &Produced) -> Result<String, String> {
        match produced {
            Produced::Expr(expression) => Ok(expression.clone()),
            Produced::Template { node, base } => self.template_expression(*node, base),
            Produced::Literal(node) => self.template_expression(*node, ""),
        }
    }

    /// A `…Path` value that must be a Reference Path of the input.
    fn reference_path(&self, value: NodeId, field: &str) -> Result<Path, String> {
        let source = self.tree.str(value).ok_or_else(|| format!("{field} is not a string"))?;
        let path = parse_path(source).map_err(|_| format!("{field} is not a valid path"))?;
        if path.root != PathRoot::Input {
            return Err(format!("{field} does not start at the state's input ($)"));
        }
        Ok(path)
    }

    /// The JSONata of a path, `$` read as `input`.
    fn path(&self, path: &Path, input: &str) -> Result<String, String> {
        let mut out = match &path.root {
            PathRoot::Input => input.to_string(),
            PathRoot::Context => "$states.context".to_string(),
            PathRoot::Variable(name) => format!("${name}"),
        };
        for step in path.segments_as_fields_or_indexes()? {
            out.push_str(&step.jsonata()?);
        }
        Ok(out)
    }

    /// The JSONata of a `.$` value: a path or an intrinsic call.
    fn expression(&self, source: &str, input: &str) -> Result<String, String> {
        let trimmed = source.trim();
        if trimmed.starts_with('$') {
            let path = parse_path(trimmed).map_err(|_| format!("{} is not a valid path", quoted(source)))?;
            return self.path(&path, input);
        }
        let call = parse_intrinsic(trimmed).map_err(|_| format!("{} is not a valid intrinsic call", quoted(source)))?;
        self.call(&call, input)
    }

    fn arg(&self, arg: &Arg, input: &str) -> Result<String, String> {
        Ok(match arg {
            Arg::String { value, .. } => jsonata_string(value),
            Arg::Number { text, .. } => text.clone(),
            Arg::Bool(value, _) => value.to_string(),
            Arg::Null(_) => "null".to_string(),
            Arg::Path { path, text, .. } => {
                let path = path
                    .as_ref()
                    .map_err(|_| format!("{} is not a valid path", quoted(text)))?;
                self.path(path, input)?
            }
            Arg::Call(call) => grouped(&self.call(call, input)?),
        })
    }

    /// The intrinsic functions whose JSONata gives the same value.
    fn call(&self, call: &Call, input: &str) -> Result<String, String> {
        let args = call
            .args
            .iter()
            .map(|arg| self.arg(arg, input))
            .collect::<Result<Vec<_>, _>>()?;
        let unary = |function: &str| -> Result<String, String> {
            match args.as_slice() {
                [one] => Ok(format!("{function}({one})")),
                _ => Err(format!("{} takes one argument", call.name)),
            }
        };
        match call.name.as_str() {
            "States.Format" => {
                let Some(Arg::String { raw, .. }) = call.args.first() else {
                    return Err("States.Format's template is not a literal string".to_string());
                };
                format_concat(raw, &args[1..])
            }
            "States.StringToJson" => unary("$parse"),
            "States.ArrayLength" => unary("$count"),
            "States.Base64Encode" => unary("$base64encode"),
            "States.Base64Decode" => unary("$base64decode"),
            "States.UUID" if args.is_empty() => Ok("$uuid()".to_string()),
            "States.MathAdd" => match args.as_slice() {
                [a, b] => Ok(format!("{a} + {b}")),
                _ => Err("States.MathAdd takes two arguments".to_string()),
            },
            "States.ArrayGetItem" => match args.as_slice() {
                [array, index] => Ok(format!("{}[{index}]", grouped(array))),
                _ => Err("States.ArrayGetItem takes two arguments".to_string()),
            },
            "States.JsonMerge" => match (args.as_slice(), call.args.get(2)) {
                ([a, b, _], Some(Arg::Bool(false, _))) => Ok(format!("$merge([{a}, {b}])")),
                _ => Err("States.JsonMerge is converted only as a shallow merge (false)".to_string()),
            },
            other => Err(format!("{other} has no exact JSONata equivalent the conversion writes")),
        }
    }

    /// Whether an object, at any depth, has a `.$` key.
    fn has_dollar_key(&self, node: NodeId) -> bool {
        let mut stack = vec![node];
        while let Some(node) = stack.pop() {
            match &self.tree.node(node).kind {
                NodeKind::Object(members) => {
                    if members.iter().any(|member| member.key.ends_with(".$")) {
                        return true;
                    }
                    stack.extend(members.iter().filter_map(|member| member.value));
                }
                NodeKind::Array(items) => stack.extend(items.iter().copied()),
                _ => {}
            }
        }
        false
    }

    /// A payload template made a JSONata one where it is written: each
    /// `key.$` becomes `key` with its expression in `{% %}`.
    fn template_in_place(&mut self, node: NodeId, input: &str) -> Result<(), String> {
        match &self.tree.node(node).kind {
            NodeKind::Object(members) => {
                for member in members {
                    let Some(value) = member.value else {
                        return Err(format!("{} has no value", quoted(&member.key)));
                    };
                    match member.key.strip_suffix(".$") {
                        Some(name) => {
                            if members.iter().any(|other| other.key == name) {
                                return Err(format!(
                                    "the template has both {} and {}",
                                    quoted(name),
                                    quoted(&member.key)
                                ));
                            }
                            let source = self
                                .tree
                                .str(value)
                                .ok_or_else(|| format!("{} is not a string", quoted(&member.key)))?;
                            let expression = self.expression(source, input)?;
                            self.rename(member, name);
                            self.replace_member_value(member, &format!("{{% {expression} %}}"))?;
                        }
                        None => self.template_in_place(value, input)?,
                    }
                }
                Ok(())
            }
            NodeKind::Array(items) => {
                for &item in items {
                    self.template_in_place(item, input)?;
                }
                Ok(())
            }
            _ => self.literal_in_place(node),
        }
    }

    /// A literal kept as it is: JSONata would read a string in `{% %}`.
    fn literal_in_place(&self, node: NodeId) -> Result<(), String> {
        let mut stack = vec![node];
        while let Some(node) = stack.pop() {
            match &self.tree.node(node).kind {
                NodeKind::String(value) if value.trim_start().starts_with("{%") => {
                    return Err(format!(
                        "the string {} would be read as a JSONata expression",
                        quoted(value)
                    ))
                }
                NodeKind::Object(members) => stack.extend(members.iter().filter_map(|member| member.value)),
                NodeKind::Array(items) => stack.extend(items.iter().copied()),
                NodeKind::Error => return Err("a value is not written correctly".to_string()),
                _ => {}
            }
        }
        Ok(())
    }

    /// A payload template (or literal) as one JSONata expression.
    fn template_expression(&self, node: NodeId, input: &str) -> Result<String, String> {
        Ok(match &self.tree.node(node).kind {
            NodeKind::Object(members) => {
                let mut parts = Vec::with_capacity(members.len());
                for member in members {
                    let value = member
                        .value
                        .ok_or_else(|| format!("{} has no value", quoted(&member.key)))?;
                    let part = match member.key.strip_suffix(".$") {
                        Some(name) if !input.is_empty() => {
                            let source = self
                                .tree
                                .str(value)
                                .ok_or_else(|| format!("{} is not a string", quoted(&member.key)))?;
                            format!("{}: {}", jsonata_string(name), self.expression(source, input)?)
                        }
                        _ => format!(
                            "{}: {}",
                            jsonata_string(&member.key),
                            self.template_expression(value, input)?
                        ),
                    };
                    parts.push(part);
                }
                format!("{{{}}}", parts.join(", "))
            }
            NodeKind::Array(items) => {
                let mut parts = Vec::with_capacity(items.len());
                for &item in items {
                    let part = self.template_expression(item, input)?;
                    // An array constructor splices arrays it is given; an
                    // array literal inside one is kept whole.
                    parts.push(part);
                }
                format!("[{}]", parts.join(", "))
            }
            NodeKind::String(value) => jsonata_string(value),
            NodeKind::Number(number) => number.to_string(),
            NodeKind::Bool(value) => value.to_string(),
            NodeKind::Null => "null".to_string(),
            NodeKind::Error => return Err("a value is not written correctly".to_string()),
        })
    }

    // -- edits

    fn rename(&mut self, member: &Member, to: &str) {
        let range = self.tree.key_range(member);
        let key = match self.analysis.format {
            Format::Json => quoted(to),
            Format::Yaml => {
                let written_key = &self.text[range.start()..range.end()];
                if written_key.starts_with('"') {
                    quoted(to)
                } else if written_key.starts_with('\'') {
                    format!("'{}'", to.replace('\'', "''"))
                } else {
                    written(Format::Yaml, to)
                }
            }
        };
        self.edits.push((range, key));
    }

    /// Replace a scalar value with the string `to`.
    fn replace_value(&mut self, value: NodeId, to: &str) -> Result<(), String> {
        let range = self.tree.range(value);
        let written_value = &self.text[range.start()..range.end()];
        if self.analysis.format == Format::Yaml
            && (written_value.starts_with(['|', '>']) || written_value.contains('\n'))
        {
            return Err("a value written over several lines is not converted".to_string());
        }
        self.edits.push((range, written(self.analysis.format, to)));
        Ok(())
    }

    /// Replace a member's value, whatever it is, with the string `to`; in
    /// YAML a value on the lines below its key is replaced from the colon.
    fn replace_member_value(&mut self, member: &Member, to: &str) -> Result<(), String> {
        let value = member
            .value
            .ok_or_else(|| format!("{} has no value", quoted(&member.key)))?;
        let key_end = self.tree.key_range(member).end();
        let range = self.tree.range(value);
        if self.analysis.format == Format::Yaml && self.text[key_end..range.start()].contains('\n') {
            let colon = self.text[key_end..range.start()]
                .find(':')
                .map(|at| key_end + at + 1)
                .ok_or("a value is not written after its key")?;
            if self.text[colon..range.start()].contains('#') {
                return Err("a comment between a key and its value is not kept".to_string());
            }
            self.edits.push((
                TextRange::new(colon, range.end()),
                format!(" {}", written(Format::Yaml, to)),
            ));
            return Ok(());
        }
        if matches!(self.tree.node(value).kind, NodeKind::Object(_) | NodeKind::Array(_)) {
            self.edits.push((range, written(self.analysis.format, to)));
            return Ok(());
        }
        self.replace_value(value, to)
    }

    /// Remove the members at `indexes` (sorted) of `object`.
    fn remove(&mut self, object: NodeId, indexes: &[usize]) {
        let tree = self.tree;
        let Some(members) = tree.members(object) else {
            return;
        };
        let flow = self.text[tree.range(object).start()..].starts_with('{');
        if !flow {
            for &index in indexes {
                let member = &members[index];
                let key = tree.key_range(member);
                let line_start = self.text[..key.start()].rfind('\n').map_or(0, |at| at + 1);
                let stop = super::actions::line_end(self.text, member_end(tree, member));
                self.edits.push((
                    TextRange::new(line_start, (stop + 1).min(self.text.len())),
                    String::new(),
                ));
            }
            return;
        }
        // In braces: a member up to the next one's key; a run of members at the
        // end from the end of the last member kept.
        let last = members.len() - 1;
        let mut trailing = indexes.len();
        while trailing > 0 && indexes[trailing - 1] == last - (indexes.len() - trailing) {
            trailing -= 1;
        }
        for &index in &indexes[..trailing] {
            let from = tree.key_range(&members[index]).start();
            let to = tree.key_range(&members[index + 1]).start();
            self.edits.push((TextRange::new(from, to), String::new()));
        }
        if trailing < indexes.len() {
            let first = indexes[trailing];
            let from = if first == 0 {
                tree.key_range(&members[0]).start()
            } else {
                member_end(tree, &members[first - 1])
            };
            self.edits
                .push((TextRange::new(from, member_end(tree, &members[last])), String::new()));
        }
    }

    /// Insert `key: value` before the member `before` of `object`.
    fn insert_before(&mut self, object: NodeId, before: &Member, key: &str, value: &str) {
        let format = self.analysis.format;
        let at = self.tree.key_range(before).start();
        let line_start = self.text[..at].rfind('\n').map_or(0, |found| found + 1);
        let starts_line = self.text[line_start..at].chars().all(|c| c == ' ' || c == '\t');
        let flow = self.text[self.tree.range(object).start()..].starts_with('{');
        let member = format!("{}: {}", written(format, key), written(format, value));
        let separator = if flow { "," } else { "" };
        let inserted = if starts_line {
            format!("{member}{separator}\n{}", indentation_at(self.text, at))
        } else {
            format!("{member}{separator} ")
        };
        self.edits.push((TextRange::empty(at), inserted));
    }
}

/// A JSONPath Choice operator: the type it compares, the JSONata
/// comparison (`is` for a type or presence test), and whether its operand
/// is a path.
fn choice_operator(operator: &str) -> Result<(&'static str, &'static str, bool), String> {
    let (base, against_path) = match operator.strip_suffix("Path") {
        Some(base) if !operator.starts_with("Is") => (base, true),
        _ => (operator, false),
    };
    let found = match base {
        "IsPresent" => ("any", "is"),
        "IsNull" => ("null", "is"),
        "IsString" => ("string", "is"),
        "IsNumeric" => ("number", "is"),
        "IsBoolean" => ("boolean", "is"),
        "StringEquals" => ("string", "="),
        "StringLessThan" => ("string", "<"),
        "StringGreaterThan" => ("string", ">"),
        "StringLessThanEquals" => ("string", "<="),
        "StringGreaterThanEquals" => ("string", ">="),
        "NumericEquals" => ("number", "="),
        "NumericLessThan" => ("number", "<"),
        "NumericGreaterThan" => ("number", ">"),
        "NumericLessThanEquals" => ("number", "<="),
        "NumericGreaterThanEquals" => ("number", ">="),
        "BooleanEquals" => ("boolean", "="),
        "StringMatches" if !against_path => ("string", "matches"),
        _ => {
            return Err(format!(
                "{operator} has no exact JSONata equivalent the conversion writes"
            ))
        }
    };
    Ok((found.0, found.1, against_path))
}

/// A `StringMatches` pattern (`*` any run of characters, `\*` and `\\`
/// themselves) as a JSONata regular expression matching the whole string.
fn glob_regex(pattern: &str) -> String {
    let mut regex = String::from("/^");
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let literal = match c {
            '*' => {
                regex.push_str("[\\s\\S]*");
                continue;
            }
            '\\' => chars.next().unwrap_or('\\'),
            other => other,
        };
        if "\\^$.|?*+()[]{}/".contains(literal) {
            regex.push('\\');
        }
        regex.push(literal);
    }
    regex.push_str("$/");
    regex
}

/// Whether a line of YAML has a comment: a `#` at its start or after a
/// blank, outside quotes.
fn yaml_comment(line: &str) -> bool {
    let mut quote = None;
    let mut previous = ' ';
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open && previous != '\\' => quote = None,
            (None, '#') if previous == ' ' || previous == '\t' => return true,
            _ => {}
        }
        previous = c;
    }
    false
}

/// What `Output` becomes.
enum Output {
    Expr(String),
    /// A template kept as one, read against a base.
    Template(NodeId, String),
    Literal(NodeId),
}

/// One step of a Reference Path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Field(String),
    Index(i64),
}

impl Step {
    fn jsonata(&self) -> Result<String, String> {
        Ok(match self {
            Step::Field(name) if is_identifier(name) => format!(".{name}"),
            Step::Field(name) if !name.contains('`') => format!(".`{name}`"),
            Step::Field(name) => return Err(format!("the field name {} cannot be written in JSONata", quoted(name))),
            Step::Index(index) => format!("[{index}]"),
        })
    }
}

trait Steps {
    fn segments_as_fields_or_indexes(&self) -> Result<Vec<Step>, String>;
    fn segments_as_fields(&self) -> Result<Vec<String>, String>;
}

impl Steps for Path {
    fn segments_as_fields_or_indexes(&self) -> Result<Vec<Step>, String> {
        self.segments
            .iter()
            .map(|segment| match &segment.segment {
                Segment::Field(name) => Ok(Step::Field(name.to_string())),
                Segment::Index(index) => Ok(Step::Index(*index)),
                other => Err(format!(
                    "a path with {} selects differently in JSONata",
                    match other {
                        Segment::Wildcard => "a wildcard",
                        Segment::RecursiveDescent => "a deep scan (..)",
                        Segment::Slice => "a slice",
                        Segment::Union => "a union",
                        Segment::Filter => "a filter",
                        _ => "an expression",
                    }
                )),
            })
            .collect()
    }

    fn segments_as_fields(&self) -> Result<Vec<String>, String> {
        self.segments_as_fields_or_indexes()?
            .into_iter()
            .map(|step| match step {
                Step::Field(name) => Ok(name),
                Step::Index(_) => Err("a ResultPath with an array index is not converted".to_string()),
            })
            .collect()
    }
}

/// `input` with `result` placed at the fields `place` (not empty), as
/// `ResultPath` places it.
fn merge(input: &str, place: &[String], result: &str) -> Result<String, String> {
    let (first, rest) = place.split_first().ok_or("an empty place")?;
    let inner = if rest.is_empty() {
        result.to_string()
    } else {
        merge(
            &format!("{input}{}", Step::Field(first.clone()).jsonata()?),
            rest,
            result,
        )?
    };
    Ok(format!("$merge([{input}, {{{}: {inner}}}])", jsonata_string(first)))
}

/// An expression made safe to follow with a path step.
fn grouped(expression: &str) -> String {
    let mut quoted_name = false;
    let simple = expression.starts_with('$')
        && expression.chars().all(|c| {
            if c == '`' {
                quoted_name = !quoted_name;
            }
            quoted_name || c.is_ascii_alphanumeric() || matches!(c, '$' | '_' | '.' | '`' | '[' | ']' | '-')
        });
    if simple {
        expression.to_string()
    } else {
        format!("({expression})")
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(name, "and" | "or" | "in" | "true" | "false" | "null" | "function")
}

/// A JSONata string literal: single-quoted where it can be (it reads
/// better inside a JSON string), else double-quoted.
fn jsonata_string(value: &str) -> String {
    let json = quoted(value);
    if value.contains('\'') {
        return json;
    }
    let inner = json[1..json.len() - 1].replace("\\\"", "\"");
    format!("'{inner}'")
}

/// `States.Format`'s template and arguments as a concatenation.
fn format_concat(raw: &str, args: &[String]) -> Result<String, String> {
    let mut parts: Vec<String> = Vec::new();
    let mut literal = String::new();
    let mut args = args.iter();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(escaped) = chars.next() {
                    literal.push(escaped);
                }
            }
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                if !literal.is_empty() {
                    parts.push(jsonata_string(&std::mem::take(&mut literal)));
                }
                let arg = args.next().ok_or("States.Format has fewer arguments than {}")?;
                // `&` writes a string as it is and anything else as `$string` does.
                parts.push(grouped(arg));
            }
            other => literal.push(other),
        }
    }
    if args.next().is_some() {
        return Err("States.Format has more arguments than {}".to_string());
    }
    if !literal.is_empty() || parts.is_empty() {
        parts.push(jsonata_string(&literal));
    }
    if let [only] = parts.as_slice() {
        // One argument alone: `&` is what makes it a string.
        if !only.starts_with(['\'', '"']) {
            return Ok(format!("$string({only})"));
        }
    }
    Ok(parts.join(" & "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::ide::fixture::apply;

    /// The definition after converting the state whose key is `name`; it
    /// has no error, and the state is a JSONata one.
    fn converted(text: &str, format: Format, name: &str) -> String {
        let analysis = Analysis::new(text, format);
        let at = text.find(name).unwrap_or_else(|| panic!("no {name} in {text}"));
        let action = to_jsonata(&analysis, text, TextRange::empty(at)).expect("a conversion is offered");
        assert_eq!(action.declined, None, "{text}");
        let after = apply(text, &action.edits);
        let again = Analysis::new(&after, format);
        let errors: Vec<&str> = again
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .map(|diagnostic| diagnostic.message.as_str())
            .collect();
        assert!(errors.is_empty(), "{errors:#?} in\n{after}");
        let id = state_at(&again, after.find(name).unwrap()).unwrap();
        assert_eq!(
            again.machine.state(id).query_language,
            QueryLanguage::Jsonata,
            "{after}"
        );
        after
    }

    fn declined(text: &str, name: &str) -> String {
        let analysis = Analysis::new(text, Format::Json);
        let action = to_jsonata(&analysis, text, TextRange::empty(text.find(name).unwrap())).unwrap();
        assert!(action.edits.is_empty());
        action.declined.expect("declined")
    }

    #[test]
    fn a_task_with_every_io_field() {
        let json = r#"{
  "StartAt": "Start",
  "States": {
    "Start": {"Type": "Pass", "Assign": {"customer": {"name": "Ann"}}, "Next": "Charge"},
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "InputPath": "$.order",
      "Parameters": {
        "FunctionName": "charge",
        "Payload": {
          "id.$": "$.id",
          "total.$": "States.MathAdd($.price, $.shipping)",
          "execution.$": "$$.Execution.Id",
          "note.$": "States.Format('Order {} for {}', $.id, $customer.name)",
          "tags": ["a", {"first.$": "$.lines[0].sku"}]
        }
      },
      "ResultSelector": {"status.$": "$.Payload.status"},
      "ResultPath": "$.charge",
      "Retry": [{"ErrorEquals": ["States.ALL"]}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}],
      "Next": "Failed"
    },
    "Failed": {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "States.Format('failed: {}', $.error.Cause)"}
  }
}"#;
        let after = converted(json, Format::Json, "\"Charge\": {");
        expect_test::expect![[r#"
            {
              "StartAt": "Start",
              "States": {
                "Start": {"Type": "Pass", "Assign": {"customer": {"name": "Ann"}}, "Next": "Charge"},
                "Charge": {
                  "QueryLanguage": "JSONata",
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Arguments": {
                    "FunctionName": "charge",
                    "Payload": {
                      "id": "{% $states.input.order.id %}",
                      "total": "{% $states.input.order.price + $states.input.order.shipping %}",
                      "execution": "{% $states.context.Execution.Id %}",
                      "note": "{% 'Order ' & $states.input.order.id & ' for ' & $customer.name %}",
                      "tags": ["a", {"first": "{% $states.input.order.lines[0].sku %}"}]
                    }
                  },
                  "Output": "{% $merge([$states.input, {'charge': {'status': $states.result.Payload.status}}]) %}",
                  "Retry": [{"ErrorEquals": ["States.ALL"]}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $merge([$states.input, {'error': $states.errorOutput}]) %}", "Next": "Failed"}],
                  "Next": "Failed"
                },
                "Failed": {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "States.Format('failed: {}', $.error.Cause)"}
              }
            }"#]]
        .assert_eq(&after);
        let after = converted(&after, Format::Json, "\"Failed\": {");
        assert!(
            after.contains(r#""Failed": {"QueryLanguage": "JSONata", "Type": "Fail", "Error": "{% $states.input.error.Error %}", "Cause": "{% 'failed: ' & $states.input.error.Cause %}"}"#),
            "{after}"
        );
    }

    #[test]
    fn result_and_output_paths() {
        let json = |state: &str| format!(r#"{{"StartAt": "S", "States": {{"S": {state}}}}}"#);
        let output = |state: &str| {
            let text = json(state);
            let after = converted(&text, Format::Json, "\"S\": {");
            let analysis = Analysis::new(&after, Format::Json);
            let node = analysis.machine.state(StateId(0)).node.unwrap();
            let tree = &analysis.tree;
            tree.get(node, "Output").map(|output| match tree.str(output) {
                Some(text) => text.to_string(),
                None => after[tree.range(output).start()..tree.range(output).end()].to_string(),
            })
        };
        let task = r#""Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true"#;
        // The result alone: nothing to say.
        assert_eq!(output(&format!("{{{task}}}")), None);
        assert_eq!(
            output(&format!(r#"{{{task}, "ResultPath": null}}"#)).as_deref(),
            Some("{% $states.input %}")
        );
        assert_eq!(
            output(&format!(r#"{{{task}, "ResultPath": "$.a.b"}}"#)).as_deref(),
            Some("{% $merge([$states.input, {'a': $merge([$states.input.a, {'b': $states.result}])}]) %}")
        );
        // OutputPath picking what ResultPath placed: the result.
        assert_eq!(
            output(&format!(
                r#"{{{task}, "ResultPath": "$.r", "OutputPath": "$.r.MessageId"}}"#
            ))
            .as_deref(),
            Some("{% $states.result.MessageId %}")
        );
        assert_eq!(
            output(&format!(r#"{{{task}, "ResultPath": "$.r", "OutputPath": "$.other"}}"#)).as_deref(),
            Some("{% ($merge([$states.input, {'r': $states.result}])).other %}")
        );
        assert_eq!(
            output(&format!(r#"{{{task}, "OutputPath": "$.MessageId"}}"#)).as_deref(),
            Some("{% $states.result.MessageId %}")
        );
        // A ResultSelector alone stays a template.
        assert_eq!(
            output(&format!(
                r#"{{{task}, "ResultSelector": {{"id.$": "$.MessageId", "kind": "sqs"}}}}"#
            ))
            .as_deref(),
            Some(r#"{"id": "{% $states.result.MessageId %}", "kind": "sqs"}"#)
        );
        // Pass: Result, Parameters, and the input itself.
        assert_eq!(
            output(r#"{"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.fixed", "End": true}"#).as_deref(),
            Some("{% $merge([$states.input, {'fixed': {'a': 1}}]) %}")
        );
        assert_eq!(
            output(r#"{"Type": "Pass", "Result": {"a": [1, "x"]}, "End": true}"#).as_deref(),
            Some(r#"{"a": [1, "x"]}"#)
        );
        assert_eq!(
            output(r#"{"Type": "Pass", "InputPath": "$.a", "Parameters": {"b.$": "$.b"}, "End": true}"#).as_deref(),
            Some(r#"{"b": "{% $states.input.a.b %}"}"#)
        );
        assert_eq!(
            output(r#"{"Type": "Pass", "InputPath": "$['odd key']", "OutputPath": "$.x[-1]", "End": true}"#).as_deref(),
            Some("{% $states.input.`odd key`.x[-1] %}")
        );
        assert_eq!(
            output(r#"{"Type": "Pass", "InputPath": "$$.Execution.Input", "End": true}"#).as_deref(),
            Some("{% $states.context.Execution.Input %}")
        );
        assert_eq!(
            output(r#"{"Type": "Pass", "InputPath": null, "End": true}"#).as_deref(),
            Some("{% {} %}")
        );
        assert_eq!(output(r#"{"Type": "Succeed"}"#), None);
        assert_eq!(
            output(r#"{"Type": "Wait", "SecondsPath": "$.delay", "OutputPath": "$.order", "End": true}"#).as_deref(),
            Some("{% $states.input.order %}")
        );
    }

    #[test]
    fn yaml_keeps_layout_and_comments() {
        let yaml = "StartAt: Save\nStates:\n  Save:\n    Type: Task  # the table\n    Resource: arn:aws:states:::dynamodb:putItem\n    Parameters:\n      TableName: orders\n      Item:\n        id:\n          S.$: $.id\n    ResultPath: null\n    TimeoutSecondsPath: $.timeout\n    End: true\n";
        let after = converted(yaml, Format::Yaml, "Save:");
        assert_eq!(
            after,
            "StartAt: Save\nStates:\n  Save:\n    QueryLanguage: JSONata\n    Type: Task  # the table\n    Resource: arn:aws:states:::dynamodb:putItem\n    Arguments:\n      TableName: orders\n      Item:\n        id:\n          S: \"{% $states.input.id %}\"\n    Output: \"{% $states.input %}\"\n    TimeoutSeconds: \"{% $states.input.timeout %}\"\n    End: true\n"
        );
    }

    #[test]
    fn a_yaml_block_becomes_one_output_line() {
        let yaml = "StartAt: Save\nStates:\n  Save:\n    Type: Task\n    Resource: arn:aws:states:::lambda:invoke\n    Arguments: {}\n    ResultSelector:\n      # what is kept\n      id.$: $.Payload.id\n    ResultPath: $.saved\n    End: true\n"
            .replace("    Arguments: {}\n", "    Parameters:\n      FunctionName: save\n");
        // A comment inside the block would be lost: declined.
        let analysis = Analysis::new(&yaml, Format::Yaml);
        let action = to_jsonata(&analysis, &yaml, TextRange::empty(yaml.find("Save:\n").unwrap())).unwrap();
        assert_eq!(
            action.declined.as_deref(),
            Some("a comment between a key and its value is not kept")
        );
        // Nor one in a field removed.
        let removed = yaml
            .replace("      # what is kept\n", "")
            .replace("    ResultPath: $.saved\n", "    ResultPath: $.saved  # under saved\n");
        let analysis = Analysis::new(&removed, Format::Yaml);
        let action = to_jsonata(&analysis, &removed, TextRange::empty(removed.find("Save:\n").unwrap())).unwrap();
        assert_eq!(
            action.declined.as_deref(),
            Some("a comment in a field the conversion rewrites would be lost")
        );
        let yaml = yaml.replace("      # what is kept\n", "");
        let after = converted(&yaml, Format::Yaml, "Save:\n");
        assert_eq!(
            after,
            "StartAt: Save\nStates:\n  Save:\n    QueryLanguage: JSONata\n    Type: Task\n    Resource: arn:aws:states:::lambda:invoke\n    Arguments:\n      FunctionName: save\n    Output: \"{% $merge([$states.input, {'saved': {'id': $states.result.Payload.id}}]) %}\"\n    End: true\n"
        );
    }

    #[test]
    fn removed_fields_leave_valid_json() {
        // Several fields removed, the last ones included, in one line and over lines.
        let inline = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "InputPath": "$.a", "ResultPath": "$.b", "OutputPath": "$.b"}}}"#;
        let after = converted(inline, Format::Json, "\"P\": {");
        assert_eq!(
            after,
            r#"{"StartAt": "P", "States": {"P": {"QueryLanguage": "JSONata", "Type": "Pass", "End": true, "Output": "{% $states.input.a %}"}}}"#
        );
        let lines = "{\"StartAt\": \"P\", \"States\": {\"P\": {\n  \"InputPath\": \"$.a\",\n  \"Type\": \"Pass\",\n  \"ResultPath\": \"$.b\",\n  \"End\": true\n}}}";
        let after = converted(lines, Format::Json, "\"P\": {");
        assert_eq!(
            after,
            "{\"StartAt\": \"P\", \"States\": {\"P\": {\n  \"QueryLanguage\": \"JSONata\",\n  \"Type\": \"Pass\",\n  \"Output\": \"{% $merge([$states.input, {'b': $states.input.a}]) %}\",\n  \"End\": true\n}}}"
        );
    }

    #[test]
    fn declined_with_the_reason() {
        let machine = |state: &str| format!(r#"{{"StartAt": "S", "States": {{"S": {state}}}}}"#);
        let cases = [
            (
                r#"{"Type": "Choice", "Choices": [{"Variable": "$.a", "TimestampEquals": "2024-01-01T00:00:00Z", "Next": "S"}], "Default": "S"}"#,
                "TimestampEquals has no exact JSONata equivalent",
            ),
            (
                r#"{"Type": "Pass", "Parameters": {"all.$": "$.items[*].id"}, "End": true}"#,
                "a wildcard",
            ),
            (
                r#"{"Type": "Pass", "Parameters": {"parts.$": "States.StringSplit($.a, ',')"}, "End": true}"#,
                "States.StringSplit has no exact JSONata equivalent",
            ),
            (
                r#"{"Type": "Pass", "Parameters": {"a.$": "States.Array($.a)"}, "End": true}"#,
                "States.Array has no exact",
            ),
            (
                r#"{"Type": "Pass", "Result": "{% not an expression %}", "End": true}"#,
                "would be read as a JSONata expression",
            ),
            (
                r#"{"Type": "Pass", "Assign": {"x.$": "$.a[?(@.b)]"}, "End": true}"#,
                "a filter",
            ),
            (
                r#"{"Type": "Pass", "ResultPath": "$.a[0]", "End": true}"#,
                "array index",
            ),
            (r#"{"Type": "Pass", "Next": "Nowhere"}"#, "the state has errors"),
        ];
        for (state, reason) in cases {
            let text = machine(state);
            let found = declined(&text, "\"S\": {");
            assert!(found.contains(reason), "{state}: {found}");
        }
        // A JSONata state is not offered the conversion.
        let jsonata = machine(r#"{"Type": "Pass", "QueryLanguage": "JSONata", "End": true}"#);
        let analysis = Analysis::new(&jsonata, Format::Json);
        assert_eq!(
            to_jsonata(&analysis, &jsonata, TextRange::empty(jsonata.find("Pass").unwrap())),
            None
        );
    }

    #[test]
    fn choice_rules_become_conditions() {
        let json = r#"{
  "StartAt": "Route",
  "States": {
    "Route": {
      "Type": "Choice",
      "InputPath": "$.order",
      "Choices": [
        {"Variable": "$.total", "NumericGreaterThanEquals": 100, "Next": "Big"},
        {"And": [
          {"Variable": "$.status", "StringEquals": "it's new"},
          {"Not": {"Variable": "$.gift", "IsPresent": true}},
          {"Variable": "$.count", "NumericLessThanPath": "$.limit"}
        ], "Next": "Big"},
        {"Next": "Big", "Or": [{"Variable": "$.flag", "BooleanEquals": true}, {"Variable": "$.note", "IsNull": false}]}
      ],
      "Default": "Small"
    },
    "Big": {"Type": "Succeed"},
    "Small": {"Type": "Succeed"}
  }
}"#;
        let after = converted(json, Format::Json, "\"Route\": {");
        expect_test::expect![[r#"
            {
              "StartAt": "Route",
              "States": {
                "Route": {
                  "QueryLanguage": "JSONata",
                  "Type": "Choice",
                  "Output": "{% $states.input.order %}",
                  "Choices": [
                    {"Condition": "{% $type($states.input.order.total) = 'number' and $states.input.order.total >= 100 %}", "Next": "Big"},
                    {"Condition": "{% ($states.input.order.status = \"it's new\") and ($not($exists($states.input.order.gift))) and ($type($states.input.order.count) = 'number' and $type($states.input.order.limit) = 'number' and $states.input.order.count < $states.input.order.limit) %}", "Next": "Big"},
                    {"Next": "Big", "Condition": "{% ($states.input.order.flag = true) or ($not($type($states.input.order.note) = 'null')) %}"}
                  ],
                  "Default": "Small"
                },
                "Big": {"Type": "Succeed"},
                "Small": {"Type": "Succeed"}
              }
            }"#]]
        .assert_eq(&after);
        let yaml = "StartAt: Route\nStates:\n  Route:\n    Type: Choice\n    Choices:\n      - Variable: $.kind\n        StringEquals: book\n        Next: Done\n      - And:\n          - Variable: $.n\n            NumericEquals: 1\n          - Variable: $.m\n            IsString: true\n        Next: Done\n    Default: Done\n  Done:\n    Type: Succeed\n";
        let after = converted(yaml, Format::Yaml, "Route:\n");
        assert_eq!(
            after,
            "StartAt: Route\nStates:\n  Route:\n    QueryLanguage: JSONata\n    Type: Choice\n    Choices:\n      - Condition: \"{% $states.input.kind = 'book' %}\"\n        Next: Done\n      - Condition: \"{% ($states.input.n = 1) and ($type($states.input.m) = 'string') %}\"\n        Next: Done\n    Default: Done\n  Done:\n    Type: Succeed\n"
        );
    }

    #[test]
    fn map_and_parallel() {
        let json = r#"{"StartAt": "M", "States": {
  "M": {
    "Type": "Map",
    "ItemsPath": "$.orders",
    "ItemSelector": {"order.$": "$$.Map.Item.Value", "customer.$": "$.customer"},
    "MaxConcurrencyPath": "$.parallelism",
    "ItemProcessor": {"StartAt": "Ship", "States": {"Ship": {"Type": "Pass", "End": true}}},
    "ResultPath": "$.shipped",
    "Next": "P"
  },
  "P": {
    "Type": "Parallel",
    "Parameters": {"id.$": "$.id"},
    "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}],
    "OutputPath": "$[0]",
    "End": true
  }
}}"#;
        let after = converted(json, Format::Json, "\"M\": {");
        assert!(
            after.contains("\"Items\": \"{% $states.input.orders %}\",\n    \"ItemSelector\": {\"order\": \"{% $states.context.Map.Item.Value %}\", \"customer\": \"{% $states.input.customer %}\"},\n    \"MaxConcurrency\": \"{% $states.input.parallelism %}\","),
            "{after}"
        );
        assert!(
            after.contains("\"Output\": \"{% $merge([$states.input, {'shipped': $states.result}]) %}\""),
            "{after}"
        );
        let after = converted(&after, Format::Json, "\"P\": {");
        assert!(
            after.contains("\"Arguments\": {\"id\": \"{% $states.input.id %}\"},")
                && after.contains("\"Output\": \"{% $states.result[0] %}\""),
            "{after}"
        );
    }

    #[test]
    fn the_whole_machine() {
        let json = r#"{
  "Comment": "Orders",
  "StartAt": "Check",
  "States": {
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Each"}], "Default": "Stop"},
    "Each": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "One", "States": {"One": {"Type": "Pass", "Parameters": {"v.$": "$.v"}, "End": true}}}, "End": true},
    "Stop": {"Type": "Fail", "Error": "NotOk"}
  }
}"#;
        let analysis = Analysis::new(json, Format::Json);
        let action = machine_to_jsonata(&analysis, json).unwrap();
        assert_eq!(action.declined, None);
        let after = apply(json, &action.edits);
        expect_test::expect![[r#"
            {
              "QueryLanguage": "JSONata",
              "Comment": "Orders",
              "StartAt": "Check",
              "States": {
                "Check": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.ok = true %}", "Next": "Each"}], "Default": "Stop"},
                "Each": {"Type": "Map", "Items": "{% $states.input.items %}", "ItemProcessor": {"StartAt": "One", "States": {"One": {"Type": "Pass", "Output": {"v": "{% $states.input.v %}"}, "End": true}}}, "End": true},
                "Stop": {"Type": "Fail", "Error": "NotOk"}
              }
            }"#]]
        .assert_eq(&after);
        let again = Analysis::new(&after, Format::Json);
        assert!(
            again
                .diagnostics
                .iter()
                .all(|diagnostic| diagnostic.severity != Severity::Error),
            "{:#?}",
            again.diagnostics
        );
        assert_eq!(machine_to_jsonata(&again, &after), None);
        // One state that cannot be converted: none is, and the reason names it.
        let stuck = json.replace("\"$.v\"", "\"$.v[*]\"");
        let analysis = Analysis::new(&stuck, Format::Json);
        let action = machine_to_jsonata(&analysis, &stuck).unwrap();
        assert!(action.edits.is_empty());
        assert_eq!(
            action.declined.as_deref(),
            Some("state \"One\": a path with a wildcard selects differently in JSONata")
        );
    }

    #[test]
    fn the_innermost_state_is_converted() {
        let json = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "OutputPath": "$.x", "End": true}}}}}}"#;
        let after = converted(json, Format::Json, "\"Inner\": {");
        assert!(
            after.contains(r#""Inner": {"QueryLanguage": "JSONata", "Type": "Pass", "Output": "{% $states.input.x %}", "End": true}"#),
            "{after}"
        );
        // The Map itself, leaving the state inside as it is.
        let after = converted(json, Format::Json, "\"M\": {");
        assert!(
            after.starts_with(r#"{"StartAt": "M", "States": {"M": {"QueryLanguage": "JSONata", "Type": "Map""#),
            "{after}"
        );
        assert!(
            after.contains(r#""Inner": {"Type": "Pass", "OutputPath": "$.x", "End": true}"#),
            "{after}"
        );
    }
}
