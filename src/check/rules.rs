//! Rules between fields that a schema cannot say: a heartbeat shorter than
//! the timeout, what a distributed Map needs and an inline one cannot use,
//! how a ReaderConfig's options combine, and Map labels.

use std::collections::HashSet;

use super::{codes, quoted, Ctx};
use crate::catalog::kinds::StateType;
use crate::catalog::states::DISTRIBUTED_ONLY;
use crate::model::StateId;
use crate::syntax::{NodeId, TextRange};

/// The longest Map label, in characters.
const MAX_LABEL: usize = 40;

/// The rules between the fields of one state.
pub(super) fn check_state(ctx: &mut Ctx<'_>, state_id: StateId) {
    let state = ctx.machine.state(state_id);
    let Some(node) = state.node else {
        return;
    };
    match state.ty {
        Some(StateType::Task) => task(ctx, node),
        Some(StateType::Map) => map(ctx, node),
        Some(StateType::Pass) => pass_result(ctx, node),
        _ => {}
    }
}

/// Map labels are unique in a definition: each one used again is reported.
pub(super) fn check_labels(ctx: &mut Ctx<'_>) {
    let mut labels: HashSet<&str> = HashSet::new();
    let tree = ctx.tree;
    for state_id in ctx.machine.state_ids() {
        let state = ctx.machine.state(state_id);
        let (Some(node), Some(StateType::Map)) = (state.node, state.ty) else {
            continue;
        };
        let Some(label) = tree.get(node, "Label") else {
            continue;
        };
        let Some(text) = tree.str(label).filter(|text| !text.contains("${")) else {
            continue;
        };
        if !labels.insert(text) {
            ctx.error(
                tree.range(label),
                codes::DUPLICATE_LABEL_NAME,
                format!(
                    "The Map label {} is already used: labels are unique in a definition",
                    quoted(text)
                ),
            );
        }
    }
}

/// A field's value when it is a positive whole number (other values are
/// reported by the field rules).
fn integer(ctx: &Ctx<'_>, node: NodeId, field: &str) -> Option<(f64, TextRange)> {
    let value = ctx.tree.get(node, field)?;
    let number = ctx
        .tree
        .number(value)
        .filter(|number| number.is_integer && number.value >= 1.0)?;
    Some((number.value, ctx.tree.range(value)))
}

/// Where to report a rule about `field` of `object`: its key, or the object.
fn key_or_object(tree: &crate::syntax::Tree, object: NodeId, field: &str) -> TextRange {
    tree.member(object, field)
        .map_or(tree.range(object), |member| tree.key_range(member))
}

fn task(ctx: &mut Ctx<'_>, node: NodeId) {
    if let (Some((heartbeat, range)), Some((timeout, _))) = (
        integer(ctx, node, "HeartbeatSeconds"),
        integer(ctx, node, "TimeoutSeconds"),
    ) {
        if heartbeat >= timeout {
            ctx.error(
                range,
                codes::SCHEMA,
                format!("\"HeartbeatSeconds\" ({heartbeat}) must be less than \"TimeoutSeconds\" ({timeout})"),
            );
        }
    }
}

/// Paths inside a Pass state's `Result` are passed on as they are written.
fn pass_result(ctx: &mut Ctx<'_>, node: NodeId) {
    let Some(result) = ctx.tree.get(node, "Result") else {
        return;
    };
    let mut stack = vec![result];
    while let Some(node) = stack.pop() {
        let tree = ctx.tree;
        match &tree.node(node).kind {
            crate::syntax::NodeKind::Object(members) => {
                for member in members {
                    if member.key.ends_with(".$") {
                        ctx.warning(
                            ctx.tree.key_range(member),
                            codes::PASS_RESULT_IS_STATIC,
                            "\"Result\" is used as written: keys ending in \".$\" are not evaluated here; use \"Parameters\" to build the result from the input",
                        );
                    }
                    stack.extend(member.value);
                }
            }
            crate::syntax::NodeKind::Array(items) => stack.extend(items.iter().copied()),
            _ => {}
        }
    }
}

fn map(ctx: &mut Ctx<'_>, node: NodeId) {
    let tree = ctx.tree;
    let config = tree
        .get(node, "ItemProcessor")
        .and_then(|processor| tree.get(processor, "ProcessorConfig"));
    let mode = config
        .and_then(|config| tree.get(config, "Mode"))
        .and_then(|mode| tree.str(mode));
    let distributed = mode == Some("DISTRIBUTED");
    if let Some(config) = config {
        let execution_type = tree.member(config, "ExecutionType");
        if distributed && execution_type.is_none() {
            let range = key_or_object(tree, config, "Mode");
            ctx.error(
                range,
                codes::SCHEMA,
                "A DISTRIBUTED Map needs \"ExecutionType\" in its ProcessorConfig: STANDARD or EXPRESS",
            );
        }
        if let (false, Some(member)) = (distributed, execution_type) {
            ctx.warning(
                ctx.tree.key_range(member),
                codes::SCHEMA,
                "\"ExecutionType\" only applies to a DISTRIBUTED Map; an INLINE Map runs its items inside this execution",
            );
        }
    }
    if !distributed {
        for member in tree.members(node).unwrap_or_default() {
            if DISTRIBUTED_ONLY.contains(&member.key.as_str()) {
                ctx.warning(
                    ctx.tree.key_range(member),
                    codes::SCHEMA,
                    format!(
                        "{} only works in a distributed Map: set \"ProcessorConfig\": {{\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": …}} in the ItemProcessor",
                        quoted(&member.key)
                    ),
                );
            }
        }
    }
    if let Some(reader) = tree.get(node, "ItemReader") {
        if let Some(reader_config) = tree.get(reader, "ReaderConfig") {
            reader_config_rules(ctx, reader, reader_config);
        }
    }
    if let Some(label) = tree.get(node, "Label") {
        if let Some(text) = tree.str(label) {
            label_rules(ctx, text, tree.range(label));
        }
    }
}

fn reader_config_rules(ctx: &mut Ctx<'_>, reader: NodeId, config: NodeId) {
    let tree = ctx.tree;
    let text_of = |field: &str| tree.get(config, field).and_then(|value| tree.str(value));
    let input_type = tree.member(config, "InputType");
    if text_of("ManifestType") == Some("S3_INVENTORY") {
        if let Some(member) = input_type {
            ctx.error(
                ctx.tree.key_range(member),
                codes::SCHEMA,
                "With \"ManifestType\": \"S3_INVENTORY\" leave out \"InputType\": the inventory says the format",
            );
        }
    }
    if text_of("Transformation") == Some("LOAD_AND_FLATTEN") {
        if input_type.is_none() {
            let range = key_or_object(tree, config, "Transformation");
            ctx.error(
                range,
                codes::SCHEMA,
                "\"Transformation\": \"LOAD_AND_FLATTEN\" needs \"InputType\" (CSV, JSON, JSONL or PARQUET) for the objects it reads",
            );
        }
        let resource = tree.get(reader, "Resource").and_then(|value| tree.str(value));
        if resource.is_some_and(|resource| !resource.ends_with(":listObjectsV2")) {
            let range = key_or_object(tree, config, "Transformation");
            ctx.error(
                range,
                codes::SCHEMA,
                "\"LOAD_AND_FLATTEN\" only works with the arn:aws:states:::s3:listObjectsV2 reader",
            );
        }
    }
    if text_of("CSVHeaderLocation") == Some("GIVEN") && tree.member(config, "CSVHeaders").is_none() {
        let range = key_or_object(tree, config, "CSVHeaderLocation");
        ctx.error(
            range,
            codes::SCHEMA,
            "\"CSVHeaderLocation\": \"GIVEN\" needs \"CSVHeaders\", the list of column names",
        );
    }
}

fn label_rules(ctx: &mut Ctx<'_>, label: &str, range: TextRange) {
    if label.contains("${") {
        return;
    }
    let length = label.chars().count();
    let bad = label.chars().find(|&ch| {
        ch.is_whitespace()
            || ch.is_control()
            || ('\u{7f}'..='\u{9f}').contains(&ch)
            || "?*<>{}[]:;,\\|^~$#%&\"`".contains(ch)
    });
    if length > MAX_LABEL {
        ctx.error(
            range,
            codes::INVALID_LABEL_NAME,
            format!("A Map label is at most {MAX_LABEL} characters; this one has {length}"),
        );
    } else if let Some(bad) = bad {
        ctx.error(
            range,
            codes::INVALID_LABEL_NAME,
            format!(
                "A Map label cannot contain {bad:?}: no white space, control characters or ?*<>{{}}[]:;,\\|^~$#%&\"`"
            ),
        );
    }
}
