//! Hover: documentation for what is under the cursor, from the catalogue.
//! Field names, state names and transitions, state types, resources and
//! their integrations, error names, enumeration values, intrinsic and
//! JSONata functions.

use crate::catalog::choice::OPERATORS;
use crate::catalog::integrations;
use crate::catalog::kinds::StateType;
use crate::catalog::schema::{Kind, Lang};
use crate::catalog::{errors, states};
use crate::lang::arn::{self, Resource};
use crate::lang::{intrinsic, jsonata};
use crate::model::StateId;
use crate::syntax::NodeId;
use crate::Analysis;

use super::classify::{classify, Site};
use super::locate::Place;
use super::{variables, Hover};

pub fn hover(analysis: &Analysis, offset: usize) -> Option<Hover> {
    let tree = &analysis.tree;
    let machine = &analysis.machine;
    let site = classify(analysis, offset)?;
    match &site {
        Site::StateRef(reference) => Some(Hover {
            range: machine.range(reference.target.range),
            markdown: describe_state(analysis, reference.resolve(analysis)?),
        }),
        Site::StateKey(state) => Some(Hover {
            range: machine.range(machine.state(*state).key_range),
            markdown: describe_state(analysis, *state),
        }),
        Site::Variable { name, range, .. } => Some(variables::describe(analysis, name, *range)),
        Site::Key { object, index, .. } => {
            let place = site.place(analysis)?;
            let member = &tree.members(*object)?[*index];
            let markdown = match place.schema.and_then(|schema| schema.field(&member.key)) {
                Some(field) => {
                    let language = match field.lang {
                        Lang::Both => String::new(),
                        Lang::JsonPath => " · JSONPath only".to_string(),
                        Lang::Jsonata => " · JSONata only".to_string(),
                    };
                    format!("**{}**{language}\n\n{}", field.name, field.doc)
                }
                None => match super::completion::sdk_task_of(analysis, *object) {
                    Some((service, action)) => super::sdk::hover_parameter(service, action, &member.key)?,
                    None => operator_doc(&member.key)?,
                },
            };
            Some(Hover {
                range: analysis.tree.key_range(member),
                markdown,
            })
        }
        Site::Value { node, .. } => value_hover(analysis, *node, offset, site.place(analysis)?),
        Site::Between { .. } => None,
    }
}

fn value_hover(analysis: &Analysis, node: NodeId, offset: usize, place: Place) -> Option<Hover> {
    let tree = &analysis.tree;
    let range = tree.range(node);
    let text = tree.str(node);
    let key = place.key.as_deref();
    let hover = |markdown: String| Some(Hover { range, markdown });
    match (key, text) {
        (Some("Type"), Some(name)) => {
            let ty = StateType::from_name(name)?;
            return hover(format!("**{} state**\n\n{}", ty.name(), states::type_doc(ty)));
        }
        (Some("Resource"), Some(resource)) if place.schema.is_some_and(|schema| schema.is(&states::TASK)) => {
            return hover(resource_doc(resource)?);
        }
        _ => {}
    }
    if let Some(name) = text {
        if let Some(error) = errors::STATES_ERRORS
            .iter()
            .chain(errors::COMMON_ERRORS)
            .find(|error| error.name == name)
        {
            return hover(format!("**{}**\n\n{}", error.name, error.doc));
        }
        let inner = offset.saturating_sub(range.start() + 1);
        if let Some(markdown) = function_doc(name, inner) {
            return hover(markdown);
        }
    }
    let field = place.schema.and_then(|schema| key.and_then(|key| schema.field(key)))?;
    let values = match field.kind {
        Kind::Enum(values) => format!(
            "\n\nOne of: {}",
            values
                .iter()
                .map(|value| format!("`{value}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => String::new(),
    };
    hover(format!("**{}**\n\n{}{values}", field.name, field.doc))
}

/// A state: its type, what it does, where it goes and what leads to it.
fn describe_state(analysis: &Analysis, state_id: StateId) -> String {
    let machine = &analysis.machine;
    let tree = &analysis.tree;
    let state = machine.state(state_id);
    let mut text = format!(
        "**{}** · {} state",
        state.name,
        state.ty.map_or("untyped", StateType::name)
    );
    if let Some(comment) = state
        .node
        .and_then(|node| tree.get(node, "Comment"))
        .and_then(|node| tree.str(node))
    {
        text.push_str(&format!("\n\n{comment}"));
    } else if let Some(ty) = state.ty {
        text.push_str(&format!("\n\n{}", states::type_doc(ty)));
    }
    let mut targets: Vec<&str> = state
        .transitions
        .iter()
        .map(|transition| transition.target.name.as_str())
        .collect();
    targets.dedup();
    if !targets.is_empty() {
        text.push_str(&format!(
            "\n\nGoes to: {}",
            targets
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if state.end == Some(true) {
        text.push_str("\n\nEnds its state machine.");
    }
    let scope = machine.scope(state.scope);
    let mut sources: Vec<String> = Vec::new();
    if scope.start_at.as_ref().is_some_and(|start| start.name == state.name) {
        sources.push("StartAt".to_string());
    }
    for &other in &scope.states {
        let other_state = machine.state(other);
        if other_state
            .transitions
            .iter()
            .any(|transition| transition.target.name == state.name)
        {
            sources.push(format!("`{}`", other_state.name));
        }
    }
    sources.dedup();
    if !sources.is_empty() {
        text.push_str(&format!("\n\nReached from: {}", sources.join(", ")));
    }
    text
}

fn resource_doc(resource: &str) -> Option<String> {
    let parsed = arn::parse_resource(resource).ok()?;
    match parsed {
        Resource::Activity { name, .. } => Some(format!("**Activity** `{name}`\n\nA worker you run polls for this task with GetActivityTask and answers with SendTaskSuccess or SendTaskFailure.")),
        Resource::LambdaFunction { name, qualifier, .. } => Some(format!(
            "**Lambda function** `{name}`{}\n\nInvokes the function directly; the state's result is the function's output.",
            qualifier.map(|qualifier| format!(" (`{qualifier}`)")).unwrap_or_default()
        )),
        Resource::AwsSdk { service, action, .. } => Some(super::sdk::hover_resource(service, action).unwrap_or_else(|| format!(
            "**AWS SDK integration** `{service}:{action}`\n\nCalls the `{action}` API of `{service}` with the parameters in PascalCase; errors are named `<Service>.<Error>Exception`."
        ))),
        Resource::Http { .. } => Some(format!("**HTTP task**\n\n{}", integrations::HTTP_TASK_DOC)),
        Resource::Optimized { .. } => {
            let integration = parsed.integration()?;
            let required: Vec<String> = integration
                .required
                .iter()
                .map(|group| group.join(" or "))
                .collect();
            let mut text = format!("**{}:{}**\n\n{}", integration.service, integration.api, integration.doc);
            if !required.is_empty() {
                text.push_str(&format!("\n\nRequired: {}", required.join(", ")));
            }
            Some(text)
        }
        Resource::OtherArn { .. } | Resource::Unknown => None,
    }
}

/// An intrinsic (`States.Format`) or JSONata (`$sum`) function named around
/// `inner`, a byte offset in the string's value.
fn function_doc(value: &str, inner: usize) -> Option<String> {
    let mut inner = inner.min(value.len());
    while !value.is_char_boundary(inner) {
        inner -= 1;
    }
    let is_name = |ch: char| ch.is_ascii_alphanumeric() || ch == '.' || ch == '_' || ch == '$';
    let start = value[..inner]
        .char_indices()
        .rev()
        .find(|&(_, ch)| !is_name(ch))
        .map_or(0, |(index, ch)| index + ch.len_utf8());
    let end = value[inner..]
        .find(|ch: char| !is_name(ch))
        .map_or(value.len(), |index| inner + index);
    let word = value.get(start..end)?;
    let context = word
        .strip_prefix("$$.")
        .or_else(|| word.strip_prefix("$states.context."));
    if let Some(member) = context {
        // The longest documented member the path starts with.
        let (name, doc) = crate::catalog::context::CONTEXT_MEMBERS
            .iter()
            .filter(|(name, _)| member == *name || member.starts_with(&format!("{name}.")))
            .max_by_key(|(name, _)| name.len())?;
        return Some(format!("**Context object: {name}**\n\n{doc}"));
    }
    if let Some(function) = intrinsic::function(word) {
        return Some(format!(
            "**{}** → {}\n\n{}",
            function.signature(),
            function.returns,
            function.doc
        ));
    }
    let name = word.strip_prefix('$')?;
    let function = jsonata::function(name)?;
    Some(format!("**{}**\n\n{}", function.signature, function.doc))
}

/// A Choice rule comparison operator.
fn operator_doc(key: &str) -> Option<String> {
    if matches!(key, "And" | "Or" | "Not") {
        let what = match key {
            "And" => "Matches when every rule in the array matches.",
            "Or" => "Matches when at least one rule in the array matches.",
            _ => "Matches when the one rule it holds does not.",
        };
        return Some(format!("**{key}**\n\n{what}"));
    }
    if key == "Variable" {
        return Some("**Variable**\n\nThe path whose value the comparison operator tests (state input `$.x`, context `$$.x` or a variable `$name`).".to_string());
    }
    OPERATORS.iter().find(|(name, _)| *name == key)?;
    let doc = if let Some(kind) = key.strip_prefix("Is") {
        format!(
            "True when the value at `Variable` {}.",
            match kind {
                "Null" => "is null",
                "Present" => "exists (use `false` to test absence)",
                "Numeric" => "is a number",
                "String" => "is a string",
                "Boolean" => "is a boolean",
                _ => "is an RFC 3339 timestamp string",
            }
        )
    } else if key == "StringMatches" {
        "Matches the string at `Variable` against a pattern where `*` stands for any characters (`\\\\*` is a literal star).".to_string()
    } else if let Some(base) = key.strip_suffix("Path") {
        format!("Like `{base}`, comparing with the value at another path (or variable) instead of a literal.")
    } else {
        let (family, relation) = ["String", "Numeric", "Boolean", "Timestamp"]
            .iter()
            .find_map(|family| key.strip_prefix(family).map(|relation| (*family, relation)))?;
        let what = match family {
            "String" => "string",
            "Numeric" => "number",
            "Boolean" => "boolean",
            _ => "timestamp",
        };
        let relation = match relation {
            "Equals" => "equals",
            "LessThan" => "is less than",
            "GreaterThan" => "is greater than",
            "LessThanEquals" => "is less than or equal to",
            _ => "is greater than or equal to",
        };
        format!(
            "True when the {what} at `Variable` {relation} the given {what}. A value of another type does not match (no error)."
        )
    };
    Some(format!("**{key}**\n\n{doc}"))
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::ide::fixture;

    fn check(fixture: &str, expect: Expect) {
        let (text, offset) = fixture::cursor(fixture);
        let analysis = fixture::analyse(&text);
        let actual = match hover(&analysis, offset) {
            Some(hover) => format!(
                "[{}]\n{}\n",
                &text[hover.range.start()..hover.range.end()],
                hover.markdown
            ),
            None => "no hover\n".to_string(),
        };
        expect.assert_eq(&actual);
    }

    const DOC: &str = r#"{"StartAt": "Start", "States": {
  "Start": {"Type": "Task", "Comment": "Charges the card", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "charge", "Payload.$": "States.JsonToString($)"},
    "Retry": [{"ErrorEquals": ["States.Timeout"], "JitterStrategy": "FULL"}], "Next": "Pick"},
  "Pick": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 3, "Next": "Done"}], "Default": "Done"},
  "Done": {"Type": "Succeed"}
}}"#;

    fn at(needle: &str, shift: usize) -> String {
        let offset = DOC.find(needle).unwrap_or_else(|| panic!("{needle}")) + shift;
        format!("{}$0{}", &DOC[..offset], &DOC[offset..])
    }

    #[test]
    fn context_object_members() {
        let doc = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true,
  "Parameters": {"id.$": "$$.Execution.Id", "input.$": "$$.Execution.Input.order.id"}}}}"#;
        for (needle, expected) in [
            ("Execution.Id", "**Context object: Execution.Id**"),
            ("order", "**Context object: Execution.Input**"),
        ] {
            let offset = doc.find(needle).unwrap() + 1;
            let analysis = fixture::analyse(doc);
            let hover = hover(&analysis, offset).expect(needle);
            assert!(hover.markdown.starts_with(expected), "{needle}: {}", hover.markdown);
        }
    }

    #[test]
    fn states_and_transitions() {
        check(
            &at("\"Pick\"}", 2),
            expect![[r#"
            ["Pick"]
            **Pick** · Choice state

            Branches: the first rule in `Choices` that matches names the next state; `Default` is taken when none does.

            Goes to: `Done`

            Reached from: `Start`
        "#]],
        );
        check(
            &at("\"Start\": {", 2),
            expect![[r#"
            ["Start"]
            **Start** · Task state

            Charges the card

            Goes to: `Pick`

            Reached from: StartAt
        "#]],
        );
    }

    #[test]
    fn fields_types_resources_errors_functions() {
        check(
            &at("\"Comment\"", 2),
            expect![[r#"
            ["Comment"]
            **Comment**

            A human-readable description; ignored by the service.
        "#]],
        );
        check(
            &at("\"Task\"", 2),
            expect![[r#"
            ["Task"]
            **Task state**

            Does one unit of work: calls a Lambda function, an AWS service integration, an AWS SDK action, an HTTPS endpoint or an activity, named by `Resource`.
        "#]],
        );
        check(
            &at("arn:aws:states:::lambda", 2),
            expect![[r#"
            ["arn:aws:states:::lambda:invoke"]
            **lambda:invoke**

            Invokes a Lambda function. `FunctionName` takes a name, a function ARN or a partial ARN, with an optional version or alias; `Payload` is the event the function receives. The task result holds the function's response, parsed as JSON, in `Payload`. With `.waitForTaskToken` pass `$$.Task.Token` in the payload and have the function (or something it starts) call `SendTaskSuccess`.

            Required: FunctionName
        "#]],
        );
        check(
            &at("States.Timeout", 3),
            expect![[r#"
            ["States.Timeout"]
            **States.Timeout**

            A task ran longer than its `TimeoutSeconds` or missed its heartbeat, or the execution ran longer than its `TimeoutSeconds`.
        "#]],
        );
        check(
            &at("\"FULL\"", 2),
            expect![[r#"
            ["FULL"]
            **JitterStrategy**

            FULL randomises each interval between 0 and its computed value; NONE (default) does not.

            One of: `FULL`, `NONE`
        "#]],
        );
        check(
            &at("\"JitterStrategy\"", 2),
            expect![[r#"
            ["JitterStrategy"]
            **JitterStrategy**

            FULL randomises each interval between 0 and its computed value; NONE (default) does not.
        "#]],
        );
        check(
            &at("JsonToString", 3),
            expect![[r#"
            ["States.JsonToString($)"]
            **States.JsonToString(path)** → string

            Serializes the data a path selects into a string of JSON text. The argument must be a path.
        "#]],
        );
        check(
            &at("NumericGreaterThan", 3),
            expect![[r#"
            ["NumericGreaterThan"]
            **NumericGreaterThan**

            True when the number at `Variable` is greater than the given number. A value of another type does not match (no error).
        "#]],
        );
        check(
            &at("\"Parameters\"", 2),
            expect![[r#"
            ["Parameters"]
            **Parameters** · JSONPath only

            A payload template that builds the input of the task: keys ending in `.$` take their value from a path, a context path, a variable or an intrinsic function.
        "#]],
        );
    }
}
