//! Choice rules: `Choices` and every rule in it, for both query languages.
//!
//! JSONPath rules are boolean combinations (`And`, `Or`, `Not`) of data tests
//! (`Variable` plus exactly one comparison operator). JSONata rules are a
//! `Condition` and a `Next`. Only top-level rules carry `Next`, `Assign` and
//! (JSONata) `Output`.

use super::expressions::{self, JsonataPlace};
use super::{codes, did_you_mean, quoted, Ctx};
use crate::catalog::choice::{operator, Operand, BOOLEAN_OPERATORS, OPERATORS};
use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::catalog::schema::Kind;
use crate::model::StateId;
use crate::syntax::{NodeId, NodeKind};

/// Rules deeper than this are not looked into (and cannot be written by hand).
const MAX_DEPTH: usize = 64;

/// The rules of a Choice state.
pub(super) fn check_state(ctx: &mut Ctx<'_>, state_id: StateId) {
    'rules: {
        let state = ctx.machine.state(state_id);
        let (Some(node), Some(StateType::Choice)) = (state.node, state.ty) else {
            return;
        };
        ctx.state = Some(state_id);
        let language = state.query_language;
        let tree = ctx.tree;
        let Some(member) = tree.member(node, "Choices") else {
            break 'rules;
        };
        let Some(choices) = member.value else {
            break 'rules;
        };
        match tree.items(choices) {
            None => ctx.error(
                tree.range(choices),
                codes::SCHEMA,
                format!("\"Choices\" must be an array of rules, not {}", tree.type_name(choices)),
            ),
            Some([]) => ctx.error(
                tree.range(choices),
                codes::SCHEMA,
                "\"Choices\" needs at least one rule",
            ),
            Some(rules) => {
                for &rule in rules {
                    match language {
                        QueryLanguage::JsonPath => jsonpath_rule(ctx, rule, true, 0),
                        QueryLanguage::Jsonata => jsonata_rule(ctx, rule),
                    }
                }
            }
        }
    }
    ctx.state = None;
}

fn jsonata_rule(ctx: &mut Ctx<'_>, rule: NodeId) {
    let tree = ctx.tree;
    let Some(members) = tree.members(rule) else {
        let message = format!("A Choice rule must be an object, not {}", tree.type_name(rule));
        ctx.error(tree.range(rule), codes::SCHEMA, message);
        return;
    };
    for member in members {
        let value = member.value;
        match member.key.as_str() {
            "Next" | "Comment" => {
                if let Some(value) = value.filter(|&value| tree.str(value).is_none()) {
                    let message = format!("{} must be a string, not {}", quoted(&member.key), tree.type_name(value));
                    ctx.error(tree.range(value), codes::SCHEMA, message);
                }
            }
            "Condition" => {
                let Some(value) = value else { continue };
                match &tree.node(value).kind {
                    NodeKind::Bool(_) => {}
                    NodeKind::String(_) => expressions::check_jsonata_string(ctx, value, JsonataPlace::Rule),
                    _ => ctx.error(
                        tree.range(value),
                        codes::SCHEMA,
                        "\"Condition\" must be true, false or a JSONata expression \"{% … %}\"",
                    ),
                }
            }
            "Output" => {
                if let Some(value) = value {
                    expressions::check_json(ctx, value, JsonataPlace::Rule);
                }
            }
            "Assign" => {
                if let Some(value) = value {
                    expressions::check_assign(ctx, value, QueryLanguage::Jsonata, JsonataPlace::Rule);
                }
            }
            key if key == "Variable" || operator(key).is_some() || BOOLEAN_OPERATORS.contains(&key) => ctx.error(
                ctx.tree.key_range(member),
                codes::SCHEMA,
                format!(
                    "The QueryLanguage is set to 'JSONata', but field '{key}' is only supported for the 'JSONPath' QueryLanguage: write the test as a \"Condition\""
                ),
            ),
            key => ctx.error(
                ctx.tree.key_range(member),
                codes::SCHEMA,
                format!(
                    "Field {} is not supported in a JSONata Choice rule (use Condition, Next, Output, Assign, Comment).{}",
                    quoted(key),
                    did_you_mean(key, ["Condition", "Next", "Output", "Assign", "Comment"])
                ),
            ),
        }
    }
    for required in ["Condition", "Next"] {
        if tree.member(rule, required).is_none() {
            let range = ctx.tree.opening(rule);
            ctx.error(
                range,
                codes::SCHEMA,
                format!("A JSONata Choice rule needs {}", quoted(required)),
            );
        }
    }
}

fn jsonpath_rule(ctx: &mut Ctx<'_>, rule: NodeId, top_level: bool, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let tree = ctx.tree;
    let Some(members) = tree.members(rule) else {
        let message = format!("A Choice rule must be an object, not {}", tree.type_name(rule));
        ctx.error(tree.range(rule), codes::SCHEMA, message);
        return;
    };
    let mut operators = Vec::new();
    let mut booleans = Vec::new();
    let mut variable = None;
    for member in members {
        let key = member.key.as_str();
        let value = member.value;
        if let Some(operand) = operator(key) {
            operators.push(member);
            if let Some(value) = value {
                check_operand(ctx, key, operand, value);
            }
            continue;
        }
        match key {
            "Variable" => {
                variable = Some(member);
                if let Some(value) = value {
                    expressions::check_path_field(ctx, value, "Variable", Kind::Path);
                }
            }
            "And" | "Or" => {
                booleans.push(member);
                let Some(value) = value else { continue };
                match tree.items(value) {
                    Some([]) => ctx.error(tree.range(value), codes::SCHEMA, format!("{} needs at least one rule", quoted(key))),
                    Some(items) => {
                        for &item in items {
                            jsonpath_rule(ctx, item, false, depth + 1);
                        }
                    }
                    None => ctx.error(
                        tree.range(value),
                        codes::SCHEMA,
                        format!("{} must be an array of rules, not {}", quoted(key), tree.type_name(value)),
                    ),
                }
            }
            "Not" => {
                booleans.push(member);
                let Some(value) = value else { continue };
                if tree.members(value).is_some() {
                    jsonpath_rule(ctx, value, false, depth + 1);
                } else {
                    let message = format!("\"Not\" must be one rule (an object), not {}", tree.type_name(value));
                    ctx.error(tree.range(value), codes::SCHEMA, message);
                }
            }
            "Comment" => {}
            "Next" if top_level => {
                if let Some(value) = value.filter(|&value| tree.str(value).is_none()) {
                    let message = format!("\"Next\" must be a string naming a state, not {}", tree.type_name(value));
                    ctx.error(tree.range(value), codes::SCHEMA, message);
                }
            }
            "Next" => ctx.error(
                ctx.tree.key_range(member),
                codes::SCHEMA,
                "\"Next\" is only allowed on a top-level Choice rule, not inside And, Or or Not",
            ),
            "Assign" if top_level => {
                if let Some(value) = value {
                    expressions::check_assign(ctx, value, QueryLanguage::JsonPath, JsonataPlace::Rule);
                }
            }
            "Output" | "Condition" => ctx.error(
                ctx.tree.key_range(member),
                codes::SCHEMA,
                format!("The QueryLanguage is set to 'JSONPath', but field '{key}' is only supported for the 'JSONata' QueryLanguage"),
            ),
            _ => {
                let candidates = OPERATORS
                    .iter()
                    .map(|(name, _)| *name)
                    .chain(["Variable", "And", "Or", "Not", "Next", "Comment", "Assign"]);
                ctx.error(
                    ctx.tree.key_range(member),
                    codes::SCHEMA,
                    format!(
                        "Field {} is not supported in a Choice rule.{}",
                        quoted(key),
                        did_you_mean(key, candidates.clone())
                    ),
                );
                ctx.suggest_last(crate::util::suggest::closest(key, candidates));
            }
        }
    }
    if top_level && tree.member(rule, "Next").is_none() {
        let range = ctx.tree.opening(rule);
        ctx.error(
            range,
            codes::SCHEMA,
            "A Choice rule needs \"Next\": the state to go to when the rule matches",
        );
    }
    if !booleans.is_empty() {
        for member in booleans.iter().skip(1).chain(operators.iter()) {
            ctx.error(
                ctx.tree.key_range(member),
                codes::SCHEMA,
                format!(
                    "{} cannot be combined with {} in one rule: nest the tests inside the boolean operator",
                    quoted(&member.key),
                    quoted(&booleans[0].key)
                ),
            );
        }
        if let Some(variable) = variable {
            ctx.error(
                ctx.tree.key_range(variable),
                codes::SCHEMA,
                format!(
                    "\"Variable\" has no meaning next to {}: move the test inside it",
                    quoted(&booleans[0].key)
                ),
            );
        }
        return;
    }
    match operators.as_slice() {
        [] => {
            let range = variable.map_or_else(|| ctx.tree.opening(rule), |variable| ctx.tree.key_range(variable));
            ctx.error(
                range,
                codes::SCHEMA,
                "A Choice rule needs exactly one comparison operator (such as StringEquals or IsPresent), or And, Or or Not",
            );
        }
        [_] => {}
        [first, rest @ ..] => {
            for member in rest {
                ctx.error(
                    ctx.tree.key_range(member),
                    codes::SCHEMA,
                    format!(
                        "A Choice rule takes exactly one comparison operator; {} is already used: combine tests with And or Or",
                        quoted(&first.key)
                    ),
                );
            }
        }
    }
    if variable.is_none() && !operators.is_empty() {
        let range = ctx.tree.opening(rule);
        ctx.error(
            range,
            codes::SCHEMA,
            "A Choice rule with a comparison operator needs \"Variable\": the path to test",
        );
    }
}

fn check_operand(ctx: &mut Ctx<'_>, operator: &str, operand: Operand, value: NodeId) {
    let tree = ctx.tree;
    let range = tree.range(value);
    let expected = match operand {
        Operand::String => tree.str(value).is_some(),
        Operand::Number => tree.number(value).is_some(),
        Operand::Bool => tree.bool(value).is_some(),
        Operand::Timestamp | Operand::Path => tree.str(value).is_some(),
    };
    if !expected {
        let wanted = match operand {
            Operand::String => "a string",
            Operand::Number => "a number",
            Operand::Bool => "true or false",
            Operand::Timestamp => "an RFC 3339 timestamp string",
            Operand::Path => "a path string",
        };
        ctx.error(
            range,
            codes::SCHEMA,
            format!("{} takes {wanted}, not {}", quoted(operator), tree.type_name(value)),
        );
        return;
    }
    let text = tree.str(value).unwrap_or_default();
    match operand {
        Operand::Path => expressions::check_path_field(ctx, value, operator, Kind::Path),
        Operand::Timestamp if !super::fields::is_timestamp(text) && !text.contains("${") => ctx.error(
            range,
            codes::SCHEMA,
            format!(
                "{} takes an RFC 3339 timestamp with an uppercase T and Z or an offset, such as \"2026-03-14T01:59:00Z\"",
                quoted(operator)
            ),
        ),
        Operand::String if operator == "StringMatches" => {
            if let Some(position) = dangling_backslash(text) {
                let inner = crate::syntax::strings::inner_range(ctx.text, range, text, position..position + 1);
                ctx.warning(
                    inner,
                    codes::SCHEMA,
                    "In StringMatches a backslash may only escape '*' or another backslash; this one fails at run time",
                );
            }
        }
        _ => {}
    }
}

/// The offset of a backslash in a `StringMatches` pattern that escapes neither `*` nor `\`.
fn dangling_backslash(pattern: &str) -> Option<usize> {
    let bytes = pattern.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'\\' {
            match bytes.get(index + 1) {
                Some(b'*') | Some(b'\\') => index += 2,
                _ => return Some(index),
            }
        } else {
            index += 1;
        }
    }
    None
}
