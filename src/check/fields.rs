//! Field rules: every object of a definition walked against its schema in
//! the catalogue. Unknown and misplaced fields, fields of the other query
//! language, JSON types, enumerations, numeric bounds, and the groups of
//! fields that exclude or require each other.

use super::expressions::{self, JsonataPlace};
use super::{codes, did_you_mean, quoted, Ctx, Quoted};
use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::catalog::schema::{Field, Kind, Lang, Schema};
use crate::catalog::states;
use crate::model::StateId;
use crate::syntax::{NodeId, NodeKind, TextRange};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let Some(root) = ctx.tree.root() else {
        return;
    };
    if ctx.tree.members(root).is_none() {
        return;
    }
    let top_language = ctx.machine.query_language.unwrap_or(QueryLanguage::JsonPath);
    let opening = ctx.tree.opening(root);
    check_object(ctx, root, &states::ROOT, top_language, opening);
}

/// The fields of one state against its type's schema.
pub(super) fn check_state(ctx: &mut Ctx<'_>, state_id: StateId) {
    let state = ctx.machine.state(state_id);
    let (Some(node), Some(ty)) = (state.node, state.ty) else {
        return;
    };
    ctx.state = Some(state_id);
    let language = state.query_language;
    if let Some(declared) = ctx.tree.get(node, "QueryLanguage") {
        if ctx.tree.str(declared) == Some("JSONPath") && ctx.machine.query_language == Some(QueryLanguage::Jsonata) {
            ctx.error(
                ctx.tree.range(declared),
                codes::SCHEMA,
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine: a state may only switch a JSONPath machine to JSONata",
            );
        }
    }
    check_object(
        ctx,
        node,
        states::state(ty),
        language,
        ctx.machine.range(state.key_range),
    );
    ctx.state = None;
}

/// Check the members of an object against a schema. `owner` is where a
/// missing required field is reported: the state's name, or the key that
/// holds the object.
pub(super) fn check_object(
    ctx: &mut Ctx<'_>,
    node: NodeId,
    schema: &'static Schema,
    language: QueryLanguage,
    owner: TextRange,
) {
    let tree = ctx.tree;
    let Some(members) = tree.members(node) else {
        return;
    };
    for member in members {
        let Some(field) = schema.field(&member.key) else {
            if schema.lenient {
                let message = format!("Field {} is not known in {}", quoted(&member.key), schema.label);
                ctx.warning(ctx.tree.key_range(member), codes::SCHEMA, message);
                // Still read as a payload template, where `key.$` values are evaluated.
                if let Some(value) = member.value {
                    expressions::check_template_member(ctx, &member.key, value);
                }
            } else {
                unknown_field(ctx, schema, &member.key, ctx.tree.key_range(member));
            }
            continue;
        };
        if !language_allows(field.lang, language) {
            ctx.error(
                ctx.tree.key_range(member),
                codes::SCHEMA,
                format!(
                    "The QueryLanguage is set to '{}', but field '{}' is only supported for the '{}' QueryLanguage",
                    language.name(),
                    field.name,
                    if field.lang == Lang::Jsonata {
                        "JSONata"
                    } else {
                        "JSONPath"
                    }
                ),
            );
            continue;
        }
        if let Some(value) = member.value {
            let place = place_of(schema, field.name);
            check_value(ctx, schema, field, value, language, ctx.tree.key_range(member), place);
        }
    }
    for group in schema.exclusive {
        let present: Vec<_> = members
            .iter()
            .filter(|member| group.contains(&member.key.as_str()))
            .collect();
        // A field written twice is a repeated key, reported as one.
        let mut names: Vec<String> = Vec::new();
        for member in &present {
            let name = quoted(&member.key);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if names.len() > 1 {
            let first = &present[0].key;
            for member in present.iter().filter(|member| member.key != *first) {
                ctx.error(
                    ctx.tree.key_range(member),
                    codes::SCHEMA,
                    format!(
                        "Fields {} cannot be used together in {}: keep only one",
                        names.join(" and "),
                        schema.label
                    ),
                );
            }
        }
    }
    for group in schema.required {
        // Fields of the other query language do not count as present alternatives.
        let candidates: Vec<&str> = group
            .iter()
            .copied()
            .filter(|name| {
                schema
                    .field(name)
                    .is_none_or(|field| language_allows(field.lang, language))
            })
            .collect();
        if candidates.is_empty() || members.iter().any(|member| group.contains(&member.key.as_str())) {
            continue;
        }
        let wanted = match candidates.as_slice() {
            [one] => quoted(one),
            many => format!(
                "one of {}",
                many.iter().map(|name| quoted(name)).collect::<Vec<_>>().join(", ")
            ),
        };
        let message = format!("{} needs {wanted}", capitalised(schema.label));
        if schema.lenient {
            ctx.warning(owner, codes::SCHEMA, message);
        } else {
            ctx.error(owner, codes::SCHEMA, message);
        }
    }
}

fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn language_allows(field: Lang, language: QueryLanguage) -> bool {
    match field {
        Lang::Both => true,
        Lang::JsonPath => language == QueryLanguage::JsonPath,
        Lang::Jsonata => language == QueryLanguage::Jsonata,
    }
}

fn unknown_field(ctx: &mut Ctx<'_>, schema: &'static Schema, name: &str, range: TextRange) {
    if schema.is(&states::BRANCH) && name == "QueryLanguage" {
        ctx.warning(
            range,
            codes::SCHEMA,
            "\"QueryLanguage\" on a Parallel branch is not known to be accepted by the service: set it on the Parallel state's inner states instead",
        );
        return;
    }
    let owners: Vec<&str> = StateType::ALL
        .iter()
        .filter(|ty| states::state(**ty).field(name).is_some())
        .map(|ty| ty.name())
        .collect();
    let is_state = StateType::ALL.iter().any(|ty| states::state(*ty).is(schema));
    if is_state && matches!(name, "Next" | "End") {
        // The structure rules explain these with the state's own terms.
        return;
    }
    let hint = if is_state && !owners.is_empty() {
        format!(" (it belongs to {} states)", owners.join(", "))
    } else {
        let suggestion = did_you_mean(name, schema.fields.iter().map(|field| field.name));
        if suggestion.is_empty() {
            suggestion
        } else {
            format!(".{suggestion}")
        }
    };
    ctx.error(
        range,
        codes::SCHEMA,
        format!("Field {} is not supported in {}{hint}", quoted(name), schema.label),
    );
    if !is_state || owners.is_empty() {
        ctx.suggest_last(crate::util::suggest::closest(
            name,
            schema.fields.iter().map(|field| field.name),
        ));
    }
}

/// Where a field's JSONata expressions stand, for what `$states` offers there.
fn place_of(schema: &'static Schema, field: &'static str) -> JsonataPlace {
    if schema.is(&states::CATCHER) {
        JsonataPlace::Catcher(field)
    } else if StateType::ALL.iter().any(|ty| states::state(*ty).is(schema)) {
        JsonataPlace::Field(field)
    } else {
        JsonataPlace::Nested
    }
}

#[allow(clippy::too_many_arguments)]
fn check_value(
    ctx: &mut Ctx<'_>,
    schema: &'static Schema,
    field: &'static Field,
    value: NodeId,
    language: QueryLanguage,
    key: TextRange,
    place: JsonataPlace,
) {
    let tree = ctx.tree;
    let node = tree.node(value);
    if field.nullable && *node.kind == NodeKind::Null {
        return;
    }
    if language == QueryLanguage::Jsonata && field.expr {
        if let Some(text) = tree.str(value) {
            if expressions::is_jsonata(text) || expressions::looks_like_jsonata(text) {
                expressions::check_jsonata_string(ctx, value, place);
                return;
            }
        }
    }
    let range = node.range;
    let name = Quoted(field.name);
    // A deployment placeholder (`"${Timeout}"`, or bare `${Timeout}`) stands
    // for a value that is only known once CloudFormation, SAM or CDK fills it
    // in; so does a CloudFormation function (`!Ref Timeout`).
    if tree
        .str(value)
        .is_some_and(|text| text.starts_with("${") && text.ends_with('}'))
        || tree.is_cloudformation_function(value)
    {
        return;
    }
    match field.kind {
        Kind::Any | Kind::States | Kind::Choices => {}
        Kind::StateName | Kind::String => match tree.str(value) {
            None => ctx.error(range, codes::SCHEMA, format!("{name} must be a string, not {}", tree.type_name(value))),
            Some(text) if language == QueryLanguage::JsonPath && (text.starts_with("$.") || text.starts_with("$$.")) => {
                let path_field = format!("{}Path", field.name);
                if schema.field(&path_field).is_some() {
                    ctx.warning(
                        range,
                        codes::NO_PATH,
                        format!(
                            "This looks like a path, but {name} takes it as plain text; use {} to read the value from the path",
                            quoted(&path_field)
                        ),
                    );
                }
            }
            Some(_) => {}
        },
        Kind::Bool => {
            if tree.bool(value).is_none() {
                ctx.error(range, codes::SCHEMA, format!("{name} must be true or false, not {}", tree.type_name(value)));
            }
        }
        Kind::Integer { min, max } => match tree.number(value) {
            Some(number) if number.is_integer && number.value >= min as f64 && number.value <= max as f64 => {}
            Some(number) if number.is_integer => {
                ctx.error(range, codes::SCHEMA, format!("{name} must be {}", bounds(min as f64, max as f64, true)));
            }
            _ => {
                let message = format!("{name} must be a whole number, {}", bounds(min as f64, max as f64, true));
                let message = expression_hint(message, language, field);
                ctx.error(range, codes::SCHEMA, message);
            }
        },
        Kind::Number { min, max } => match tree.number(value) {
            Some(number) if number.value >= min && number.value <= max => {}
            _ => {
                let message = format!("{name} must be a number, {}", bounds(min, max, false));
                ctx.error(range, codes::SCHEMA, expression_hint(message, language, field));
            }
        },
        Kind::Enum(values) => match tree.str(value) {
            Some(text) if values.contains(&text) => {}
            Some(text) if text.contains("${") => {}
            Some(text) => {
                ctx.error(
                    range,
                    codes::SCHEMA,
                    format!(
                        "{} is not a valid value of {name}: use {}.{}",
                        quoted(text),
                        values.iter().map(|value| quoted(value)).collect::<Vec<_>>().join(", "),
                        did_you_mean(text, values.iter().copied())
                    ),
                );
                ctx.suggest_last(crate::util::suggest::closest(text, values.iter().copied()));
            }
            None => ctx.error(range, codes::SCHEMA, format!("{name} must be a string, not {}", tree.type_name(value))),
        },
        Kind::Timestamp => match tree.str(value) {
            Some(text) if is_timestamp(text) || text.contains("${") => {}
            Some(_) => ctx.error(
                range,
                codes::SCHEMA,
                format!("{name} must be an RFC 3339 timestamp with an uppercase T and Z or an offset, such as \"2026-03-14T01:59:00Z\""),
            ),
            None => ctx.error(range, codes::SCHEMA, format!("{name} must be a string, not {}", tree.type_name(value))),
        },
        Kind::Path | Kind::ReferencePath | Kind::ResultPath | Kind::PathOrIntrinsic => {
            expressions::check_path_field(ctx, value, field.name, field.kind);
        }
        Kind::Template => {
            if language == QueryLanguage::Jsonata {
                expressions::check_json(ctx, value, place);
            } else {
                expressions::check_template(ctx, value, field.name);
            }
        }
        Kind::Assign => expressions::check_assign(ctx, value, language, place),
        Kind::Json => expressions::check_json(ctx, value, place),
        Kind::Object(schema) => {
            if tree.members(value).is_some() {
                check_object(ctx, value, schema, language, key);
            } else {
                ctx.error(range, codes::SCHEMA, format!("{name} must be an object, not {}", tree.type_name(value)));
            }
        }
        Kind::Array(schema) => match tree.items(value) {
            Some(items) => {
                for &item in items {
                    if tree.members(item).is_some() {
                        let opening = tree.opening(item);
                        check_object(ctx, item, schema, language, opening);
                    } else {
                        ctx.error(
                            tree.range(item),
                            codes::SCHEMA,
                            format!("Each entry of {name} must be {}, not {}", schema.label, tree.type_name(item)),
                        );
                    }
                }
            }
            None => ctx.error(range, codes::SCHEMA, format!("{name} must be an array, not {}", tree.type_name(value))),
        },
        Kind::ErrorNames | Kind::StringArray => match tree.items(value) {
            Some(items) => {
                if items.is_empty() && matches!(field.kind, Kind::ErrorNames) {
                    ctx.error(range, codes::SCHEMA, format!("{name} must name at least one error"));
                }
                for &item in items {
                    if tree.str(item).is_none() {
                        ctx.error(
                            tree.range(item),
                            codes::SCHEMA,
                            format!("Each entry of {name} must be a string, not {}", tree.type_name(item)),
                        );
                    }
                }
            }
            None => ctx.error(range, codes::SCHEMA, format!("{name} must be an array of strings, not {}", tree.type_name(value))),
        },
        Kind::Branches => match tree.items(value) {
            Some([]) => ctx.error(range, codes::SCHEMA, "\"Branches\" needs at least one branch"),
            Some(items) => {
                for &item in items {
                    if tree.members(item).is_some() {
                        let opening = tree.opening(item);
                        check_object(ctx, item, &states::BRANCH, language, opening);
                    } else {
                        ctx.error(
                            tree.range(item),
                            codes::SCHEMA,
                            format!("Each branch must be an object with \"StartAt\" and \"States\", not {}", tree.type_name(item)),
                        );
                    }
                }
            }
            None => ctx.error(range, codes::SCHEMA, format!("\"Branches\" must be an array of state machines, not {}", tree.type_name(value))),
        },
    }
}

/// Under JSONata a number field may hold an expression instead.
fn expression_hint(message: String, language: QueryLanguage, field: &Field) -> String {
    if language == QueryLanguage::Jsonata && field.expr {
        format!("{message}, or a JSONata expression \"{{% … %}}\"")
    } else {
        message
    }
}

fn bounds(min: f64, max: f64, integer: bool) -> String {
    let show = |value: f64| {
        if integer || value.fract() == 0.0 {
            format!("{}", value as i64)
        } else {
            format!("{value}")
        }
    };
    let huge = max >= 1e15;
    if !huge {
        format!("from {} to {}", show(min), show(max))
    } else if min == 0.0 {
        "zero or more".to_string()
    } else if min == 1.0 && integer {
        "1 or more".to_string()
    } else {
        format!("at least {}", show(min))
    }
}

/// RFC 3339 as the service reads it: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`,
/// with an uppercase `T` and `Z`.
pub(super) fn is_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits =
        |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|part| part.iter().all(u8::is_ascii_digit));
    if bytes.len() < 20 || !digits(0..4) || bytes[4] != b'-' || !digits(5..7) || bytes[7] != b'-' || !digits(8..10) {
        return false;
    }
    if bytes[10] != b'T'
        || !digits(11..13)
        || bytes[13] != b':'
        || !digits(14..16)
        || bytes[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(99);
    let (month, day, hour, minute, second) = (
        number(5..7),
        number(8..10),
        number(11..13),
        number(14..16),
        number(17..19),
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if length == 0 {
            return false;
        }
        rest = &fraction[length..];
    }
    if rest == "Z" {
        return true;
    }
    let offset = rest.as_bytes();
    offset.len() == 6
        && matches!(offset[0], b'+' | b'-')
        && offset[1..3].iter().all(u8::is_ascii_digit)
        && offset[3] == b':'
        && offset[4..6].iter().all(u8::is_ascii_digit)
}
