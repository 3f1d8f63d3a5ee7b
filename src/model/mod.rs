//! The ASL model: scopes, states and transitions, built from the syntax tree.
//!
//! The model is format-neutral (JSON and YAML feed the same tree) and never
//! fails: whatever part of a definition is intact becomes states and
//! transitions, whatever is missing is simply absent. Every scope is a closed
//! state machine: the top level, each Parallel branch and each Map
//! `ItemProcessor` (or `Iterator`). Names resolve inside their scope only.

pub mod variables;

use std::collections::hash_map::Entry;

use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::syntax::ranges::Ranges;
use crate::syntax::{CompactString, Edit, NodeId, NodeKind, TextRange, Tree};
use crate::util::hash::FastMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub u32);

/// Where the model keeps one of its ranges ([`Machine::range`]): all of
/// them together, so that an edit moves them at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RangeKey(u32);

/// A string value naming a state: `StartAt`, `Next`, `Default`, a rule's or a catcher's `Next`.
#[derive(Clone, Debug, PartialEq)]
pub struct NameRef {
    pub name: CompactString,
    /// Range of the string value, quotes included.
    pub range: RangeKey,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionKind {
    Next,
    Default,
    /// `Next` of a Choice rule (top-level or nested, where it is misplaced).
    ChoiceNext,
    /// `Next` of a Catch entry.
    CatchNext,
}

impl TransitionKind {
    pub fn field(self) -> &'static str {
        match self {
            TransitionKind::Default => "Default",
            _ => "Next",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Transition {
    pub kind: TransitionKind,
    pub target: NameRef,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The top-level state machine.
    Root,
    /// `Branches[index]` of a Parallel state.
    Branch { state: StateId, index: usize },
    /// The `ItemProcessor` (or deprecated `Iterator`) of a Map state.
    Processor { state: StateId, distributed: bool },
}

#[derive(Clone, Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    /// The object holding `StartAt` and `States` (the root, a branch, a processor).
    pub node: NodeId,
    pub start_at: Option<NameRef>,
    /// The `States` object, when it is one.
    pub states_node: Option<NodeId>,
    /// States in source order, duplicates included.
    pub states: Vec<StateId>,
}

#[derive(Clone, Debug)]
pub struct State {
    pub name: CompactString,
    /// Range of the state's key in `States`, quotes included.
    pub key_range: RangeKey,
    /// The state's value as written, whatever it is.
    pub value: Option<NodeId>,
    /// The state's object; `None` when its value is missing or not an object.
    pub node: Option<NodeId>,
    pub scope: ScopeId,
    /// Position of this state in its scope's `states`.
    pub index: usize,
    pub ty: Option<StateType>,
    /// The language its fields are evaluated in (asl-reference §1.2).
    pub query_language: QueryLanguage,
    pub transitions: Vec<Transition>,
    /// The value of `End` when it is a boolean.
    pub end: Option<bool>,
    /// Branch scopes of a Parallel, processor scope(s) of a Map.
    pub children: Vec<ScopeId>,
}

impl State {
    /// True when this state ends its scope: `End: true`, Succeed or Fail.
    pub fn is_terminal(&self) -> bool {
        self.end == Some(true) || self.ty.is_some_and(StateType::is_terminal)
    }
}

/// The states of one name (more than one is a mistake, kept to be reported).
#[derive(Clone, Debug)]
enum Named {
    One(StateId),
    Many(Vec<StateId>),
}

/// The whole definition as scopes and states.
#[derive(Clone, Debug, Default)]
pub struct Machine {
    pub scopes: Vec<Scope>,
    pub states: Vec<State>,
    /// The top-level `QueryLanguage`, defaulting to JSONPath.
    pub query_language: Option<QueryLanguage>,
    by_name: FastMap<CompactString, Named>,
    /// The `States` objects of the scopes, for telling them from a
    /// `States` key anywhere else in constant time.
    states_nodes: FastMap<NodeId, ScopeId>,
    /// The state a name means in each scope (the first of that name), so
    /// that resolving does not look through namesakes in other scopes.
    in_scope: FastMap<(ScopeId, CompactString), StateId>,
    /// The ranges of state keys and names, by [`RangeKey`].
    ranges: Ranges,
}

impl Machine {
    /// Build the model from a tree; a root that is no object gives an empty machine.
    pub fn build(tree: &Tree) -> Machine {
        let mut machine = Machine::default();
        let Some(root) = tree.root() else {
            return machine;
        };
        if tree.members(root).is_none() {
            return machine;
        }
        machine.query_language = tree
            .get(root, "QueryLanguage")
            .and_then(|node| tree.str(node))
            .and_then(QueryLanguage::from_name);
        machine.build_scope(tree, root, ScopeKind::Root);
        machine
    }

    /// Where the model's range `key` is now.
    pub fn range(&self, key: RangeKey) -> TextRange {
        self.ranges.get(key.0 as usize)
    }

    fn keep(&mut self, range: TextRange) -> RangeKey {
        RangeKey(self.ranges.push(range) as u32)
    }

    fn name_ref(&mut self, found: Option<(CompactString, TextRange)>) -> Option<NameRef> {
        let (name, range) = found?;
        Some(NameRef {
            name,
            range: self.keep(range),
        })
    }

    pub fn state(&self, id: StateId) -> &State {
        &self.states[id.0 as usize]
    }

    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.0 as usize]
    }

    /// True when `node` is the `States` object of a scope.
    pub fn is_states_node(&self, node: NodeId) -> bool {
        self.states_nodes.contains_key(&node)
    }

    /// Index the scopes' `States` objects again, after their node ids were
    /// changed from outside (a tree renumbered).
    pub fn reindex(&mut self) {
        self.states_nodes = self
            .scopes
            .iter()
            .enumerate()
            .filter_map(|(index, scope)| Some((scope.states_node?, ScopeId(index as u32))))
            .collect();
    }

    /// The state that is member `index` of the `States` object `states_node`.
    pub fn state_in(&self, states_node: NodeId, index: usize) -> Option<StateId> {
        let scope = *self.states_nodes.get(&states_node)?;
        self.scope(scope).states.get(index).copied()
    }

    pub fn root_scope(&self) -> Option<ScopeId> {
        (!self.scopes.is_empty()).then_some(ScopeId(0))
    }

    pub fn state_ids(&self) -> impl Iterator<Item = StateId> {
        (0..self.states.len() as u32).map(StateId)
    }

    pub fn scope_ids(&self) -> impl Iterator<Item = ScopeId> {
        (0..self.scopes.len() as u32).map(ScopeId)
    }

    /// Every state with this name, in any scope, in source order.
    pub fn states_named(&self, name: &str) -> &[StateId] {
        match self.by_name.get(name) {
            None => &[],
            Some(Named::One(id)) => std::slice::from_ref(id),
            Some(Named::Many(ids)) => ids,
        }
    }

    /// The state a name refers to inside `scope` (the first one if duplicated).
    pub fn resolve(&self, scope: ScopeId, name: &str) -> Option<StateId> {
        self.in_scope.get(&(scope, CompactString::from(name))).copied()
    }

    /// The state that owns a nested scope, if it is not the root.
    pub fn scope_owner(&self, scope: ScopeId) -> Option<StateId> {
        match self.scope(scope).kind {
            ScopeKind::Root => None,
            ScopeKind::Branch { state, .. } | ScopeKind::Processor { state, .. } => Some(state),
        }
    }

    fn build_scope(&mut self, tree: &Tree, node: NodeId, kind: ScopeKind) -> ScopeId {
        let scope_id = ScopeId(self.scopes.len() as u32);
        let start_at = self.name_ref(tree.get(node, "StartAt").and_then(|value| name_ref(tree, value)));
        let states_node = tree.get(node, "States").filter(|&value| tree.members(value).is_some());
        self.scopes.push(Scope {
            kind,
            node,
            start_at,
            states_node,
            states: Vec::new(),
        });
        let Some(states_node) = states_node else {
            return scope_id;
        };
        self.states_nodes.insert(states_node, scope_id);
        // Room for every state of the scope at once: growing these step by
        // step copies and rehashes them several times over a large machine.
        let count = tree.members(states_node).map_or(0, <[_]>::len);
        self.states.reserve(count);
        self.scopes[scope_id.0 as usize].states.reserve_exact(count);
        self.in_scope.reserve(count);
        self.by_name.reserve(count);
        for member in tree.members(states_node).unwrap_or_default() {
            let state_id = StateId(self.states.len() as u32);
            let Shape {
                node,
                ty,
                own_language,
                end,
                transitions,
            } = Shape::of(tree, member.value);
            let key_range = self.keep(tree.key_range(member));
            let transitions = transitions
                .into_iter()
                .map(|found| Transition {
                    kind: found.kind,
                    target: NameRef {
                        name: found.name,
                        range: self.keep(found.range),
                    },
                })
                .collect();
            self.states.push(State {
                name: member.key.clone(),
                key_range,
                value: member.value,
                node,
                scope: scope_id,
                index: self.scopes[scope_id.0 as usize].states.len(),
                ty,
                query_language: own_language.or(self.query_language).unwrap_or(QueryLanguage::JsonPath),
                transitions,
                end,
                children: Vec::new(),
            });
            self.scopes[scope_id.0 as usize].states.push(state_id);
            self.in_scope.entry((scope_id, member.key.clone())).or_insert(state_id);
            match self.by_name.entry(member.key.clone()) {
                Entry::Vacant(entry) => {
                    entry.insert(Named::One(state_id));
                }
                Entry::Occupied(mut entry) => {
                    let named = entry.get_mut();
                    *named = Named::Many(match std::mem::replace(named, Named::Many(Vec::new())) {
                        Named::One(first) => vec![first, state_id],
                        Named::Many(mut ids) => {
                            ids.push(state_id);
                            ids
                        }
                    });
                }
            }
            let Some(node) = node else {
                continue;
            };
            let mut children = Vec::new();
            match ty {
                Some(StateType::Parallel) => {
                    let branches = tree.get(node, "Branches").and_then(|value| tree.items(value));
                    for (index, &branch) in branches.unwrap_or_default().iter().enumerate() {
                        if tree.members(branch).is_some() {
                            let kind = ScopeKind::Branch { state: state_id, index };
                            children.push(self.build_scope(tree, branch, kind));
                        }
                    }
                }
                Some(StateType::Map) => {
                    for field in ["ItemProcessor", "Iterator"] {
                        let Some(processor) = tree.get(node, field) else {
                            continue;
                        };
                        if tree.members(processor).is_none() {
                            continue;
                        }
                        let distributed = tree
                            .get(processor, "ProcessorConfig")
                            .and_then(|config| tree.get(config, "Mode"))
                            .and_then(|mode| tree.str(mode))
                            == Some("DISTRIBUTED");
                        let kind = ScopeKind::Processor {
                            state: state_id,
                            distributed,
                        };
                        children.push(self.build_scope(tree, processor, kind));
                    }
                }
                _ => {}
            }
            self.states[state_id.0 as usize].children = children;
        }
        scope_id
    }
}

/// What the model reads from a state's value.
struct Shape {
    /// The value, when it is an object.
    node: Option<NodeId>,
    ty: Option<StateType>,
    own_language: Option<QueryLanguage>,
    end: Option<bool>,
    transitions: Vec<Found>,
}

/// A transition as the tree has it, before the model keeps its range.
struct Found {
    kind: TransitionKind,
    name: CompactString,
    range: TextRange,
}

impl Shape {
    fn of(tree: &Tree, value: Option<NodeId>) -> Shape {
        let node = value.filter(|&value| tree.members(value).is_some());
        let text_of = |field: &str| {
            node.and_then(|node| tree.get(node, field))
                .and_then(|value| tree.str(value))
        };
        let mut transitions = Vec::new();
        if let Some(node) = node {
            collect_transitions(tree, node, &mut transitions);
        }
        Shape {
            node,
            ty: text_of("Type").and_then(StateType::from_name),
            own_language: text_of("QueryLanguage").and_then(QueryLanguage::from_name),
            end: node
                .and_then(|node| tree.get(node, "End"))
                .and_then(|value| tree.bool(value)),
            transitions,
        }
    }
}

impl Shape {
    /// True when the state holds a scope of its own: a Parallel state's
    /// branch or a Map state's processor that is an object.
    fn has_scopes(&self, tree: &Tree) -> bool {
        let Some(node) = self.node else {
            return false;
        };
        match self.ty {
            Some(StateType::Parallel) => tree
                .get(node, "Branches")
                .and_then(|branches| tree.items(branches))
                .is_some_and(|branches| branches.iter().any(|&branch| tree.members(branch).is_some())),
            Some(StateType::Map) => ["ItemProcessor", "Iterator"].iter().any(|field| {
                tree.get(node, field)
                    .is_some_and(|processor| tree.members(processor).is_some())
            }),
            _ => false,
        }
    }
}

impl Machine {
    /// The machine of `tree`, which is the tree `self` was built from after
    /// `edit`, reparsed inside `region` (a range of the new text): when the
    /// region lies inside one state's value, and that state, which holds no
    /// scope of its own, still has the same type, language, `End` and
    /// transitions, the machine is the same but for its ranges and that
    /// state's value node. Returns the machine and that state, or `None`
    /// when the machine must be built again.
    pub fn edited(mut self, tree: &Tree, edit: Edit, region: TextRange) -> Option<(Machine, StateId)> {
        let id = self.state_holding(tree, region)?;
        let state = self.state(id);
        let scope = self.scope(state.scope);
        let member = scope
            .states_node
            .and_then(|states| tree.members(states))
            .and_then(|members| members.get(state.index));
        let member = member.filter(|member| member.key == state.name)?;
        let shape = Shape::of(tree, member.value);
        let query_language = shape
            .own_language
            .or(self.query_language)
            .unwrap_or(QueryLanguage::JsonPath);
        let same = state.children.is_empty()
            && !shape.has_scopes(tree)
            && shape.node.is_some() == state.node.is_some()
            && shape.ty == state.ty
            && shape.end == state.end
            && query_language == state.query_language
            && shape.transitions.len() == state.transitions.len()
            && shape.transitions.iter().zip(&state.transitions).all(|(new, old)| {
                new.kind == old.kind
                    && new.name == old.target.name
                    && new.range == edit.map(self.range(old.target.range))
            });
        if !same {
            return None;
        }
        self.moved(edit);
        let state = &mut self.states[id.0 as usize];
        state.value = member.value;
        state.node = shape.node;
        Some((self, id))
    }

    /// Move the model's ranges by an edit that left its shape alone.
    pub fn moved(&mut self, edit: Edit) {
        self.ranges.shift(edit.old_end as u32, edit.delta() as i64);
    }

    /// The innermost state whose value holds `region`, going down from the
    /// top level through the scopes of Parallel and Map states.
    fn state_holding(&self, tree: &Tree, region: TextRange) -> Option<StateId> {
        let holds = |node: NodeId| {
            let range = tree.range(node);
            range.start <= region.start && region.end <= range.end
        };
        let mut scope = self.root_scope()?;
        let mut found = None;
        loop {
            let states = &self.scope(scope).states;
            // The last state whose key starts before the region: keys
            // before the region kept their offsets.
            let index = states.partition_point(|&id| self.range(self.state(id).key_range).start < region.start);
            let Some(&id) = index.checked_sub(1).and_then(|index| states.get(index)) else {
                return found;
            };
            let state = self.state(id);
            // The value as the tree has it now: a part parsed again has
            // new nodes, and the old ones, garbage, no longer hold anything.
            let value = (self.scope(scope).states_node)
                .and_then(|states| tree.members(states))
                .and_then(|members| members.get(state.index))
                .filter(|member| member.key == state.name)
                .and_then(|member| member.value);
            if !value.is_some_and(holds) {
                return found;
            }
            found = Some(id);
            match state.children.iter().find(|&&child| holds(self.scope(child).node)) {
                Some(&child) => scope = child,
                None => return found,
            }
        }
    }
}

fn name_ref(tree: &Tree, node: NodeId) -> Option<(CompactString, TextRange)> {
    Some((tree.str(node)?.into(), tree.range(node)))
}

fn found(kind: TransitionKind, (name, range): (CompactString, TextRange)) -> Found {
    Found { kind, name, range }
}

/// `Next`, `Default`, every Choice rule's `Next` (nested ones too) and every
/// catcher's `Next`, in source order. Every state type is searched so that a
/// misplaced `Next` still resolves for go-to-definition.
fn collect_transitions(tree: &Tree, state: NodeId, out: &mut Vec<Found>) {
    for member in tree.members(state).unwrap_or_default() {
        let Some(value) = member.value else {
            continue;
        };
        let kind = match member.key.as_str() {
            "Next" => TransitionKind::Next,
            "Default" => TransitionKind::Default,
            "Choices" => {
                for &rule in tree.items(value).unwrap_or_default() {
                    collect_rule_transitions(tree, rule, out, 0);
                }
                continue;
            }
            "Catch" => {
                for &catcher in tree.items(value).unwrap_or_default() {
                    if let Some(target) = tree.get(catcher, "Next").and_then(|next| name_ref(tree, next)) {
                        out.push(found(TransitionKind::CatchNext, target));
                    }
                }
                continue;
            }
            _ => continue,
        };
        if let Some(target) = name_ref(tree, value) {
            out.push(found(kind, target));
        }
    }
}

fn collect_rule_transitions(tree: &Tree, rule: NodeId, out: &mut Vec<Found>, depth: usize) {
    if depth > 64 {
        return;
    }
    for member in tree.members(rule).unwrap_or_default() {
        let Some(value) = member.value else {
            continue;
        };
        match member.key.as_str() {
            "Next" => {
                if let Some(target) = name_ref(tree, value) {
                    out.push(found(TransitionKind::ChoiceNext, target));
                }
            }
            "And" | "Or" => {
                for &nested in tree.items(value).unwrap_or_default() {
                    collect_rule_transitions(tree, nested, out, depth + 1);
                }
            }
            "Not" => {
                if matches!(tree.node(value).kind, NodeKind::Object(_)) {
                    collect_rule_transitions(tree, value, out, depth + 1);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{self, Format};

    /// The model of `text` after `with` replaces the first `what` of it:
    /// kept (`Some`, and the state it names) or to be built again.
    fn kept_after(text: &str, what: &str, with: &str, format: Format) -> Option<String> {
        let tree = syntax::parse(text, format);
        let machine = Machine::build(&tree);
        let start = text.find(what).expect("the text to replace");
        let edited = format!("{}{with}{}", &text[..start], &text[start + what.len()..]);
        let edit = Edit::replace(start, start + what.len(), with.len());
        let (tree, region) = syntax::reparse(tree, &edited, edit, format).expect("a reparse of the part");
        let (machine, id) = machine.edited(&tree, edit, region)?;
        Some(machine.state(id).name.to_string())
    }

    const MACHINE: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "Comment": "first", "Next": "B" },
    "B": { "Type": "Pass", "Comment": "second", "End": true }
  }
}"#;

    /// Whatever part of the tree an edit inside a state parses again (a
    /// string, some members, the whole state), the nodes it replaced are
    /// garbage and the model is kept by looking at the new ones.
    #[test]
    fn an_edit_inside_a_state_keeps_the_model() {
        assert_eq!(
            kept_after(MACHINE, "second", "secondx", Format::Json).as_deref(),
            Some("B")
        );
        assert_eq!(
            kept_after(
                MACHINE,
                r#""Comment": "second""#,
                r#""Comment":  "second""#,
                Format::Json
            )
            .as_deref(),
            Some("B")
        );
        assert_eq!(
            kept_after(
                MACHINE,
                r#""Type": "Pass", "Comment": "first""#,
                r#""Type": "Pass",  "Comment": "first""#,
                Format::Json
            )
            .as_deref(),
            Some("A")
        );
        let yaml = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Comment: first\n    Next: B\n  B:\n    Type: Pass\n    End: true\n";
        assert_eq!(kept_after(yaml, "first", "firsts", Format::Yaml).as_deref(), Some("A"));
    }

    #[test]
    fn a_new_transition_builds_the_model_again() {
        assert_eq!(
            kept_after(MACHINE, r#""Next": "B""#, r#""Next": "C""#, Format::Json),
            None
        );
    }
}
