//! Where the state machines of a file are: the file itself (a standalone
//! definition), or the definitions a template holds (CloudFormation, SAM,
//! the Serverless Framework), found by their place in it, whatever the
//! file is called.

use crate::syntax::{CompactString, NodeId, TextRange, Tree};

/// What a file holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// The file is one state machine definition (or meant to be one).
    Definition,
    /// A template: its state machines, and those it names but does not hold.
    Template(Vec<Place>),
}

/// A state machine inside a template.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The resource's logical id (CloudFormation, SAM) or the machine's
    /// key (Serverless Framework).
    pub name: CompactString,
    /// The range of that name's key.
    pub name_range: TextRange,
    pub what: Holds,
    /// The deploy tool fills in `${Name}` placeholders from
    /// `DefinitionSubstitutions` (CloudFormation, SAM), here this object
    /// when the resource has one; the Serverless Framework fills in its own
    /// variables instead.
    pub fills: bool,
    pub substitutions: Option<NodeId>,
    /// The template makes it an Express workflow (`StateMachineType:
    /// EXPRESS`, SAM's `Type`, Serverless' and Terraform's `type`).
    pub express: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Holds {
    /// The definition is written here as an object: `Definition` (or
    /// Serverless' `definition`), this node.
    Definition(NodeId),
    /// The definition is JSON written as it is at this range of the file:
    /// a YAML block scalar (`DefinitionString: |`, also under `!Sub`).
    Text(TextRange),
    /// The definition is one document of a YAML stream, at this range.
    Document(TextRange),
    /// The definition is a string to decode first: a quoted
    /// `DefinitionString`, a `Fn::Sub` or `Fn::Join` of strings, this node.
    Decoded(NodeId),
    /// The definition is a file of its own (SAM's `DefinitionUri` naming a
    /// local path, Terraform's `templatefile(...)` or `file(...)`): the path
    /// relative to the template's folder, where it is written, and what
    /// fills in its placeholders.
    File {
        path: CompactString,
        range: TextRange,
        fill: Fill,
    },
    /// The definition is elsewhere or in a form not read yet: the key that
    /// says so, for a note to the user.
    Elsewhere { key_range: TextRange, key: CompactString },
    /// No definition in any form.
    Missing,
}

/// What fills in the placeholders of a definition read from a file.
#[derive(Clone, Debug, PartialEq)]
pub enum Fill {
    /// The resource's `DefinitionSubstitutions` (SAM).
    Substitutions,
    /// The variables of Terraform's `templatefile(path, { name = … })`:
    /// each name and the range of its key.
    Variables(Vec<(CompactString, TextRange)>),
    /// Nothing: Terraform's `file(path)` gives the text as it is.
    Nothing,
    /// An expression whose names cannot be known here
    /// (`templatefile(path, local.variables)`): nothing is said of them.
    Unknown,
}

/// CloudFormation's and SAM's state machine resource types.
const MACHINE_TYPES: [&str; 2] = ["AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"];

/// Properties that hold a definition in a form other than an object.
const OTHER_FORMS: [&str; 3] = ["DefinitionString", "DefinitionUri", "DefinitionS3Location"];

/// What `tree` holds. A file is a template when its top level has the
/// keys of one (`Resources` as an object, with `AWSTemplateFormatVersion`,
/// `Transform` or a state machine resource; or Serverless' `stepFunctions`
/// beside `service`); otherwise it is read as a definition, as it always was.
pub fn find(tree: &Tree, text: &str) -> Found {
    let Some(root) = tree.root() else {
        return Found::Definition;
    };
    if tree.members(root).is_none() {
        return Found::Definition;
    }
    // A definition never has these at its top level; a template never has
    // `States` there. A file with both is read as a definition.
    if tree.get(root, "States").is_some() || tree.get(root, "StartAt").is_some() {
        return Found::Definition;
    }
    let mut places = Vec::new();
    let mut template = false;
    if let Some(resources) = tree.get(root, "Resources").filter(|&node| tree.members(node).is_some()) {
        template = tree.get(root, "AWSTemplateFormatVersion").is_some() || tree.get(root, "Transform").is_some();
        for resource in tree.members(resources).unwrap_or_default() {
            let Some(value) = resource.value else {
                continue;
            };
            let is_machine = tree
                .get(value, "Type")
                .and_then(|node| tree.str(node))
                .is_some_and(|ty| MACHINE_TYPES.contains(&ty));
            if !is_machine {
                continue;
            }
            template = true;
            let properties = tree.get(value, "Properties");
            places.push(Place {
                name: resource.key.clone(),
                name_range: tree.key_range(resource),
                what: holds(tree, text, properties, "Definition"),
                fills: true,
                substitutions: properties
                    .and_then(|node| tree.get(node, "DefinitionSubstitutions"))
                    .filter(|&node| tree.members(node).is_some()),
                express: ["StateMachineType", "Type"].iter().any(|key| {
                    properties
                        .and_then(|node| tree.get(node, key))
                        .and_then(|node| tree.str(node))
                        .is_some_and(|ty| ty.eq_ignore_ascii_case("EXPRESS"))
                }),
            });
        }
    }
    if tree.get(root, "service").is_some() {
        let machines = tree
            .get(root, "stepFunctions")
            .and_then(|node| tree.get(node, "stateMachines"))
            .and_then(|node| tree.members(node));
        if let Some(machines) = machines {
            template = true;
            for machine in machines {
                places.push(Place {
                    name: machine.key.clone(),
                    name_range: tree.key_range(machine),
                    what: holds(tree, text, machine.value, "definition"),
                    fills: false,
                    substitutions: None,
                    express: machine
                        .value
                        .and_then(|node| tree.get(node, "type"))
                        .and_then(|node| tree.str(node))
                        .is_some_and(|ty| ty.eq_ignore_ascii_case("express")),
                });
            }
        }
    }
    if template {
        Found::Template(places)
    } else {
        Found::Definition
    }
}

/// Where the definition of a machine whose properties are `properties` is.
fn holds(tree: &Tree, text: &str, properties: Option<NodeId>, key: &'static str) -> Holds {
    let Some(properties) = properties.filter(|&node| tree.members(node).is_some()) else {
        return Holds::Missing;
    };
    if let Some(member) = tree.member(properties, key) {
        // An object, and not a CloudFormation function computing one.
        let object = |&value: &NodeId| tree.members(value).is_some() && !tree.is_cloudformation_function(value);
        if let Some(value) = member.value.filter(object) {
            return Holds::Definition(value);
        }
    }
    if let Some(value) = tree.get(properties, "DefinitionString") {
        if let Some(range) = written_as_is(tree, text, value) {
            return Holds::Text(range);
        }
        if super::decoded::Decoded::of(text, tree, value).is_some() {
            return Holds::Decoded(value);
        }
    }
    if let Some(value) = tree.get(properties, "DefinitionUri") {
        if let Some(path) = tree.str(value).filter(|path| is_local_path(path)) {
            return Holds::File {
                path: path.into(),
                range: tree.range(value),
                fill: Fill::Substitutions,
            };
        }
    }
    for other in std::iter::once(key).chain(OTHER_FORMS) {
        if let Some(member) = tree.member(properties, other) {
            return Holds::Elsewhere {
                key_range: tree.key_range(member),
                key: member.key.clone(),
            };
        }
    }
    Holds::Missing
}

/// A `DefinitionUri` that names a file beside the template rather than an
/// object in S3 (`s3://…`, or a `Bucket`/`Key` mapping, which is no string).
fn is_local_path(path: &str) -> bool {
    let path = path.trim();
    !path.is_empty() && !path.contains("://") && !path.contains("${")
}

/// True for the usual names of templates (`template.yaml`, `*.template.json`,
/// `serverless.yml`, Terraform's `*.tf`, …), in any case. Such a file is read only when it is a
/// template: a tool that picks files by these names leaves any other alone.
pub fn is_template_name(name: &str) -> bool {
    let name = name.to_lowercase();
    matches!(
        name.as_str(),
        "template.json" | "template.yaml" | "template.yml" | "serverless.yml" | "serverless.yaml"
    ) || [".template.json", ".template.yaml", ".template.yml", ".tf"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// Where the JSON of a `DefinitionString` value is written as it is: a
/// YAML block scalar (`|` or `>`, whose lines JSON reads the same whatever
/// their indentation or folding), directly or as what `!Sub` substitutes
/// into (`!Sub |` or the first item of `!Sub [text, variables]`). A quoted
/// string has escapes, and is not read here.
fn written_as_is(tree: &Tree, text: &str, value: NodeId) -> Option<TextRange> {
    let value = match tree.members(value) {
        Some([member]) if member.key == "Fn::Sub" => {
            let argument = member.value?;
            tree.items(argument)
                .and_then(|items| items.first().copied())
                .unwrap_or(argument)
        }
        _ => value,
    };
    tree.str(value)?;
    let range = tree.range(value);
    let indicator = text.as_bytes().get(range.start())?;
    if !matches!(indicator, b'|' | b'>') {
        return None;
    }
    // The content starts on the line after the indicator (and its comment).
    let line_end = text[range.start()..range.end()].find('\n')? + range.start() + 1;
    Some(TextRange::new(line_end, range.end()))
}
