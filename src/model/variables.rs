//! Facts about variables: every `$name` read (in a path, an intrinsic
//! argument or a JSONata expression) and every `Assign` key that writes one,
//! with the state it belongs to. The variable rules and the editor features
//! both read these; neither records them.
//!
//! The walk follows the catalogue's schema the way the service evaluates a
//! definition: only values that are evaluated (paths, `key.$` template values,
//! `{% … %}` strings, `Assign`) can read a variable, and only fields of the
//! state's own query language count.

use std::collections::HashSet;

use super::{Machine, StateId};
use crate::catalog::choice::{operator, Operand};
use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::catalog::schema::{Kind, Lang, Schema};
use crate::catalog::states;
use crate::lang::intrinsic::{self, Arg};
use crate::lang::path::{self, PathRoot};
use crate::lang::{has_placeholder, jsonata};
use crate::syntax::strings::OffsetMap;
use crate::syntax::{Edit, NodeId, NodeKind, TextRange, Tree};

/// Template and rule nesting deeper than this is not looked into (the
/// checks stop at the same depth).
const MAX_DEPTH: usize = 64;

/// A variable read in a path, an intrinsic argument or a JSONata expression.
#[derive(Clone, Debug, PartialEq)]
pub struct VariableUse {
    pub state: Option<StateId>,
    pub name: String,
    /// The `$name` as written.
    pub range: TextRange,
}

/// A variable written by an `Assign` block.
#[derive(Clone, Debug, PartialEq)]
pub struct VariableDefinition {
    pub state: Option<StateId>,
    pub name: String,
    /// The key in `Assign`.
    pub range: TextRange,
}

/// Every variable read and written in a definition.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Variables {
    pub uses: Vec<VariableUse>,
    pub definitions: Vec<VariableDefinition>,
}

/// Why a key of `Assign` cannot name a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    /// `states`, which is `$states`.
    Reserved,
    /// Longer than 80 characters.
    TooLong,
    /// Not an identifier: it cannot be read back as `$name`.
    NotIdentifier,
}

/// The problem with `name` as a variable name, if any.
pub fn name_problem(name: &str) -> Option<NameProblem> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Some(NameProblem::Empty);
    };
    if name == "states" {
        return Some(NameProblem::Reserved);
    }
    if name.chars().count() > 80 {
        return Some(NameProblem::TooLong);
    }
    if !(first.is_alphabetic() || first == '_') || !chars.all(|ch| ch.is_alphanumeric() || ch == '_') {
        return Some(NameProblem::NotIdentifier);
    }
    None
}

impl Variables {
    /// Find every variable read and written in `machine`: the machine's
    /// own fields, then each state's in order.
    pub fn collect(text: &str, tree: &Tree, machine: &Machine) -> Variables {
        let mut variables = Variables::of_root(text, tree, machine);
        for id in machine.state_ids() {
            variables.append(Variables::of_state(text, tree, machine, id));
        }
        variables
    }

    /// The variables read in the machine's own fields (outside any state).
    pub fn of_root(text: &str, tree: &Tree, machine: &Machine) -> Variables {
        let mut walk = Walk::new(text, tree, None);
        if let Some(root) = tree.root().filter(|&root| tree.members(root).is_some()) {
            let language = machine.query_language.unwrap_or(QueryLanguage::JsonPath);
            walk.object(root, &states::ROOT, language);
        }
        walk.variables
    }

    /// The variables one state reads and writes, nested states left out.
    pub fn of_state(text: &str, tree: &Tree, machine: &Machine, id: StateId) -> Variables {
        let mut walk = Walk::new(text, tree, Some(id));
        let state = machine.state(id);
        let (Some(node), Some(ty)) = (state.node, state.ty) else {
            return walk.variables;
        };
        walk.object(node, states::state(ty), state.query_language);
        if ty == StateType::Choice {
            let rules = tree.get(node, "Choices").and_then(|choices| tree.items(choices));
            for &rule in rules.unwrap_or_default() {
                match state.query_language {
                    QueryLanguage::JsonPath => walk.jsonpath_rule(rule, true, 0),
                    QueryLanguage::Jsonata => walk.jsonata_rule(rule),
                }
            }
        }
        walk.variables
    }

    /// True when no variable is read or written.
    pub fn is_empty(&self) -> bool {
        self.uses.is_empty() && self.definitions.is_empty()
    }

    /// Move the facts after an edit that did not reach them; with `state`,
    /// they now belong to the state of that number.
    pub fn shift(&mut self, edit: Edit, state: Option<StateId>) {
        for variable in &mut self.uses {
            variable.range = edit.map(variable.range);
            if state.is_some() {
                variable.state = state;
            }
        }
        for variable in &mut self.definitions {
            variable.range = edit.map(variable.range);
            if state.is_some() {
                variable.state = state;
            }
        }
    }

    /// Add `other`'s facts after these.
    pub fn append(&mut self, mut other: Variables) {
        self.uses.append(&mut other.uses);
        self.definitions.append(&mut other.definitions);
    }
}

struct Walk<'a> {
    text: &'a str,
    tree: &'a Tree,
    state: Option<StateId>,
    variables: Variables,
    offsets: Option<(NodeId, Option<OffsetMap>)>,
}

fn language_allows(field: Lang, language: QueryLanguage) -> bool {
    match field {
        Lang::Both => true,
        Lang::JsonPath => language == QueryLanguage::JsonPath,
        Lang::Jsonata => language == QueryLanguage::Jsonata,
    }
}

impl<'a> Walk<'a> {
    fn new(text: &'a str, tree: &'a Tree, state: Option<StateId>) -> Walk<'a> {
        Walk {
            text,
            tree,
            state,
            variables: Variables::default(),
            offsets: None,
        }
    }

    fn read(&mut self, node: NodeId, text: &str, name: &str, inner: std::ops::Range<usize>) {
        // One map per string: an expression may read thousands of variables.
        if self.offsets.as_ref().is_none_or(|(cached, _)| *cached != node) {
            self.offsets = Some((node, OffsetMap::new(self.text, self.tree.range(node), text)));
        }
        let range = match &self.offsets {
            Some((_, Some(map))) => map.range(inner),
            _ => self.tree.range(node),
        };
        self.variables.uses.push(VariableUse {
            state: self.state,
            name: name.to_string(),
            range,
        });
    }

    /// The members of an object read against its schema.
    fn object(&mut self, node: NodeId, schema: &'static Schema, language: QueryLanguage) {
        let tree = self.tree;
        for member in tree.members(node).unwrap_or_default() {
            let Some(value) = member.value else {
                continue;
            };
            match schema.field(&member.key) {
                // An unknown field of a lenient object is still a payload template.
                None if schema.lenient => self.template_member(&member.key, value),
                None => {}
                Some(field) if !language_allows(field.lang, language) => {}
                Some(field) => {
                    if field.nullable && *tree.node(value).kind == NodeKind::Null {
                        continue;
                    }
                    if let Some(text) = tree.str(value) {
                        if language == QueryLanguage::Jsonata
                            && field.expr
                            && (jsonata::is_expression(text) || jsonata::looks_like_expression(text))
                        {
                            self.jsonata(value);
                            continue;
                        }
                        if text.starts_with("${") && text.ends_with('}') {
                            continue;
                        }
                    }
                    self.value(value, field.kind, language);
                }
            }
        }
    }

    fn value(&mut self, value: NodeId, kind: Kind, language: QueryLanguage) {
        let tree = self.tree;
        match kind {
            Kind::Path | Kind::ReferencePath | Kind::ResultPath | Kind::PathOrIntrinsic => self.path_field(value, kind),
            Kind::Template if language == QueryLanguage::Jsonata => self.json(value),
            Kind::Template if tree.members(value).is_some() => self.template(value, 0),
            Kind::Assign => self.assign(value, language),
            Kind::Json => self.json(value),
            Kind::Object(schema) if tree.members(value).is_some() => self.object(value, schema, language),
            Kind::Array(schema) => {
                for &item in tree.items(value).unwrap_or_default() {
                    if tree.members(item).is_some() {
                        self.object(item, schema, language);
                    }
                }
            }
            Kind::Branches => {
                for &item in tree.items(value).unwrap_or_default() {
                    if tree.members(item).is_some() {
                        self.object(item, &states::BRANCH, language);
                    }
                }
            }
            _ => {}
        }
    }

    /// A field holding a path (or, for `Kind::PathOrIntrinsic`, an intrinsic call).
    fn path_field(&mut self, node: NodeId, kind: Kind) {
        let Some(text) = self.tree.str(node) else {
            return;
        };
        if has_placeholder(text) {
            return;
        }
        if matches!(kind, Kind::PathOrIntrinsic) && intrinsic::looks_like_intrinsic(text) {
            self.intrinsic(node, text);
            return;
        }
        if !path::starts_with_variable(text) {
            return;
        }
        let Ok(parsed) = path::parse_path(text) else {
            return;
        };
        let reference_only = matches!(kind, Kind::ReferencePath | Kind::ResultPath | Kind::PathOrIntrinsic);
        if reference_only && parsed.first_non_reference_segment().is_some() {
            return;
        }
        if let PathRoot::Variable(name) = &parsed.root {
            // `ResultPath` cannot name a variable; the checks say so.
            if !matches!(kind, Kind::ResultPath) {
                self.read(node, text, name, parsed.root_range.clone());
            }
        }
    }

    fn intrinsic(&mut self, node: NodeId, text: &str) {
        if let Ok(call) = intrinsic::parse_intrinsic(text) {
            self.arguments(node, text, &call.args);
        }
    }

    fn arguments(&mut self, node: NodeId, text: &str, args: &[Arg]) {
        for arg in args {
            match arg {
                Arg::Path { path: Ok(parsed), .. } => {
                    if let PathRoot::Variable(name) = &parsed.root {
                        self.read(node, text, name, parsed.root_range.clone());
                    }
                }
                Arg::Call(call) => self.arguments(node, text, &call.args),
                _ => {}
            }
        }
    }

    /// The value of a `key.$` entry: a path or an intrinsic call.
    fn dollar_value(&mut self, node: NodeId) {
        let Some(text) = self.tree.str(node) else {
            return;
        };
        if has_placeholder(text) {
            return;
        }
        if intrinsic::looks_like_intrinsic(text) {
            self.intrinsic(node, text);
        } else if path::starts_with_variable(text) {
            if let Ok(parsed) = path::parse_path(text) {
                if let PathRoot::Variable(name) = &parsed.root {
                    self.read(node, text, name, parsed.root_range.clone());
                }
            }
        }
    }

    fn template_member(&mut self, key: &str, value: NodeId) {
        if key.ends_with(".$") {
            self.dollar_value(value);
        } else {
            self.template(value, 0);
        }
    }

    /// A JSONPath payload template: `key.$` values are evaluated.
    fn template(&mut self, node: NodeId, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let tree = self.tree;
        match &tree.node(node).kind {
            NodeKind::Object(members) => {
                for member in members {
                    if let Some(value) = member.value {
                        if member.key.ends_with(".$") {
                            self.dollar_value(value);
                        } else {
                            self.template(value, depth + 1);
                        }
                    }
                }
            }
            NodeKind::Array(items) => {
                for &item in items {
                    self.template(item, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// `Assign`: its keys write variables, its values are evaluated.
    fn assign(&mut self, node: NodeId, language: QueryLanguage) {
        let tree = self.tree;
        let Some(members) = tree.members(node) else {
            return;
        };
        let keys: HashSet<&str> = members.iter().map(|member| member.key.as_str()).collect();
        for member in members {
            let (name, evaluated) = match member.key.strip_suffix(".$") {
                Some(stripped) if language == QueryLanguage::JsonPath => (stripped, true),
                Some(_) => continue,
                None => (member.key.as_str(), false),
            };
            let twin = evaluated && keys.contains(name);
            if name_problem(name).is_none() && !twin {
                self.variables.definitions.push(VariableDefinition {
                    state: self.state,
                    name: name.to_string(),
                    range: tree.key_range(member),
                });
            }
            let Some(value) = member.value else {
                continue;
            };
            if evaluated {
                self.dollar_value(value);
            } else if language == QueryLanguage::Jsonata {
                self.json(value);
            } else {
                self.template(value, 0);
            }
        }
    }

    /// JSON whose `{% … %}` strings are JSONata.
    fn json(&mut self, node: NodeId) {
        let tree = self.tree;
        let mut stack = vec![(node, 0usize)];
        while let Some((node, depth)) = stack.pop() {
            match &tree.node(node).kind {
                NodeKind::String(text) if jsonata::is_expression(text) => self.jsonata(node),
                NodeKind::Object(members) if depth < MAX_DEPTH => {
                    stack.extend(
                        members
                            .iter()
                            .filter_map(|member| member.value)
                            .map(|value| (value, depth + 1)),
                    );
                }
                NodeKind::Array(items) if depth < MAX_DEPTH => {
                    stack.extend(items.iter().map(|&item| (item, depth + 1)));
                }
                _ => {}
            }
        }
    }

    /// The free variables of one `{% … %}` string.
    fn jsonata(&mut self, node: NodeId) {
        let Some(text) = self.tree.str(node) else {
            return;
        };
        if !jsonata::is_expression(text) || has_placeholder(text) {
            return;
        }
        let analysis = jsonata::analyze(&text[2..text.len() - 2]);
        for variable in &analysis.variables {
            let name = variable.name.as_str();
            if name == "$" || name == "states" || jsonata::function(name).is_some() {
                continue;
            }
            let range = variable.range.start + 2..variable.range.end + 2;
            self.read(node, text, name, range);
        }
    }

    fn jsonata_rule(&mut self, rule: NodeId) {
        let tree = self.tree;
        for member in tree.members(rule).unwrap_or_default() {
            let Some(value) = member.value else {
                continue;
            };
            match member.key.as_str() {
                "Condition" => self.jsonata(value),
                "Output" => self.json(value),
                "Assign" => self.assign(value, QueryLanguage::Jsonata),
                _ => {}
            }
        }
    }

    fn jsonpath_rule(&mut self, rule: NodeId, top_level: bool, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let tree = self.tree;
        for member in tree.members(rule).unwrap_or_default() {
            let Some(value) = member.value else {
                continue;
            };
            let key = member.key.as_str();
            if let Some(operand) = operator(key) {
                if operand == Operand::Path {
                    self.path_field(value, Kind::Path);
                }
                continue;
            }
            match key {
                "Variable" => self.path_field(value, Kind::Path),
                "And" | "Or" => {
                    for &item in tree.items(value).unwrap_or_default() {
                        self.jsonpath_rule(item, false, depth + 1);
                    }
                }
                "Not" if tree.members(value).is_some() => self.jsonpath_rule(value, false, depth + 1),
                "Assign" if top_level => self.assign(value, QueryLanguage::JsonPath),
                _ => {}
            }
        }
    }
}
