//! One document analysed: its tree, its model, its facts and its diagnostics.
//!
//! This is the unit the server caches per document version and the CLI
//! makes per file. It is immutable once made. An edit makes the next
//! version from the previous one ([`Analysis::update`]):
//!
//! - the syntax outside the innermost container the edit touched is kept
//!   (`syntax::json::reparse`);
//! - when that container lies inside one state whose type, language, `End`
//!   and transitions stay the same, the model is the old one with its
//!   ranges moved, and only that state's own rules and facts run again;
//!   the whole-machine rules (names, graph, reachability) keep their
//!   results, the variable rules run again only when the state reads or
//!   writes variables;
//! - otherwise the model is built again, and each state whose value the
//!   edit did not reach keeps what its own rules found.
//!
//! The result is what [`Analysis::new`] gives for the same text, which
//! `tests/incremental.rs` checks over thousands of random edits.

use std::collections::HashMap;

use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::check::{self, StateContext, Whole};
/// What an analysis reports, for the layers above that read it.
pub use crate::check::{codes, Diagnostic, Severity};
use crate::model::variables::Variables;
use crate::model::{Machine, StateId};
use crate::syntax::{self, CompactString, Edit, Format, NodeId, TextRange, Tree};
use crate::util::parallel;

/// Fewest states per thread when the states' facts are found in parallel:
/// a state costs one to two microseconds, a thread tens to start.
const STATES_PER_THREAD: usize = 250;

#[derive(Clone, Debug)]
pub struct Analysis {
    pub format: Format,
    pub tree: Tree,
    pub machine: Machine,
    pub diagnostics: Vec<Diagnostic>,
    /// Variables read and written: facts for the variable rules and navigation.
    pub variables: Variables,
    /// What was found in each state alone, by [`StateId`], kept for the next version.
    states: Vec<StateFacts>,
    context: StateContext,
    /// What the whole-document rules found, family by family.
    whole: Whole,
}

/// The facts and problems of one state, and what they were found from.
#[derive(Clone, Debug)]
struct StateFacts {
    /// The state's value node: the same id in the next version means the
    /// same text, when the edit happened elsewhere.
    value: Option<NodeId>,
    key_range: TextRange,
    ty: Option<StateType>,
    query_language: QueryLanguage,
    /// The state's own `Error`, one of the names Retry and Catch may use.
    raises: Option<CompactString>,
    variables: Variables,
    diagnostics: Vec<Diagnostic>,
}

impl StateFacts {
    fn of(
        text: &str,
        format: Format,
        tree: &Tree,
        machine: &Machine,
        id: StateId,
        context: &StateContext,
    ) -> StateFacts {
        let state = machine.state(id);
        StateFacts {
            value: state.value,
            key_range: machine.range(state.key_range),
            ty: state.ty,
            query_language: state.query_language,
            raises: state
                .node
                .and_then(|node| tree.get(node, "Error"))
                .and_then(|error| tree.str(error))
                .map(CompactString::from),
            variables: Variables::of_state(text, tree, machine, id),
            diagnostics: check::check_state(text, tree, machine, id, context, format),
        }
    }

    /// Move the facts of a state the edit did not reach, now numbered `id`.
    fn shift(&mut self, edit: Edit, id: StateId) {
        self.variables.shift(edit, Some(id));
        shift_all(&mut self.diagnostics, edit);
        self.key_range = edit.map(self.key_range);
    }
}

fn shift_all<'d>(diagnostics: impl IntoIterator<Item = &'d mut Diagnostic>, edit: Edit) {
    for diagnostic in diagnostics {
        diagnostic.range = edit.map(diagnostic.range);
        if let Some(fix) = &mut diagnostic.fix {
            fix.range = edit.map(fix.range);
        }
    }
}

impl Analysis {
    pub fn new(text: &str, format: Format) -> Analysis {
        let tree = syntax::parse(text, format);
        Analysis::build(text, format, tree, |_, _| None)
    }

    /// The analysis of `text`, which is the text `self` was made from after
    /// `edit`. What the edit did not touch is kept; the result is the same
    /// as `Analysis::new(text, self.format)`.
    pub fn update(self, text: &str, edit: Edit) -> Analysis {
        let format = self.format;
        self.update_within(text, edit)
            .unwrap_or_else(|| Analysis::new(text, format))
    }

    /// The analysis of a machine given as its own tree (`Tree::subtree` of
    /// a template's tree), in the coordinates of `text`, the whole file.
    pub fn of_tree(text: &str, format: Format, tree: Tree) -> Analysis {
        Analysis::build(text, format, tree, |_, _| None)
    }

    /// `update`, or `None` where it would parse the whole text again: the
    /// caller of a machine inside a template reads that machine again.
    pub fn update_within(self, text: &str, edit: Edit) -> Option<Analysis> {
        let format = self.format;
        if edit.start == edit.old_end && edit.old_end == edit.new_end {
            return Some(self);
        }
        let old_nodes = self.tree.len();
        let (tree, region) = syntax::reparse(self.tree, text, edit, format)?;
        let old_language = self.machine.query_language;
        Some(match self.machine.edited(&tree, edit, region) {
            Some((machine, id)) => Analysis::within_state(
                text,
                format,
                Previous {
                    states: self.states,
                    context: self.context,
                    whole: self.whole,
                    variables: self.variables,
                },
                tree,
                machine,
                id,
                edit,
            ),
            None => {
                let kept = Kept {
                    old_language,
                    old_context: self.context,
                    old_nodes,
                    states: self.states.into_iter().map(Some).collect(),
                    edit,
                    region,
                };
                kept.rebuild(text, format, tree)
            }
        })
    }

    /// The same analysis after an edit entirely before its text (in a
    /// template, an edit above this machine): every range moves, nothing
    /// is found again.
    pub fn moved(mut self, edit: Edit) -> Analysis {
        self.tree
            .shift(edit.old_end, edit.delta(), TextRange::empty(edit.start));
        self.machine.moved(edit);
        for (index, facts) in self.states.iter_mut().enumerate() {
            facts.shift(edit, StateId(index as u32));
        }
        self.variables.shift(edit, None);
        shift_all(self.whole.iter_mut(), edit);
        shift_all(&mut self.diagnostics, edit);
        self
    }

    /// An edit inside the value of state `id` that left the model's shape
    /// alone: that state's facts and rules run again, the rest is moved.
    fn within_state(
        text: &str,
        format: Format,
        previous: Previous,
        tree: Tree,
        machine: Machine,
        id: StateId,
        edit: Edit,
    ) -> Analysis {
        let Previous {
            mut states,
            context,
            mut whole,
            mut variables,
        } = previous;
        let index = id.0 as usize;
        let facts = StateFacts::of(text, format, &tree, &machine, id, &context);
        if states.len() != machine.states.len() || states[index].raises != facts.raises {
            // The names Retry and Catch may use changed: every state's rules may read it.
            return Analysis::build(text, format, tree, |_, _| None);
        }
        let old = std::mem::replace(&mut states[index], facts);
        for (other, facts) in states.iter_mut().enumerate() {
            if other != index {
                facts.shift(edit, StateId(other as u32));
            }
        }
        let variables_changed = !old.variables.is_empty() || !states[index].variables.is_empty();
        whole.syntax = Whole::syntax(&tree, &machine, format);
        // The graph rules hold back while the text does not parse, and
        // leave a target the parser could not read whole to the syntax error.
        let invalid = Whole::is_invalid(&tree);
        if invalid || whole.invalid {
            whole.machine = Whole::machine(&tree, &machine);
        } else {
            shift_all(&mut whole.machine, edit);
        }
        whole.invalid = invalid;
        shift_all(&mut whole.root, edit);
        if states[index].ty == Some(StateType::Map) {
            whole.labels = Whole::labels(text, &tree, &machine);
        } else {
            shift_all(&mut whole.labels, edit);
        }
        if variables_changed {
            variables = merged(Variables::of_root(text, &tree, &machine), &states);
            whole.variables = Whole::variables(&machine, &variables);
        } else {
            variables.shift(edit, None);
            shift_all(&mut whole.variables, edit);
        }
        Parts {
            tree,
            machine,
            variables,
            states,
            context,
            whole,
        }
        .assemble(text, format)
    }

    /// Model, facts and rules over `tree`; `kept` gives the facts of a
    /// state that need not be found again.
    fn build(
        text: &str,
        format: Format,
        tree: Tree,
        mut kept: impl FnMut(&Partial, StateId) -> Option<StateFacts>,
    ) -> Analysis {
        let machine = Machine::build(&tree);
        let context = StateContext::of(&tree, &machine);
        let partial = Partial { tree, machine, context };
        let ids: Vec<StateId> = partial.machine.state_ids().collect();
        let kept: Vec<Option<StateFacts>> = ids.iter().map(|&id| kept(&partial, id)).collect();
        // The states found afresh are independent of each other: a large
        // machine spreads them over the cores.
        let fresh: Vec<StateId> = ids
            .iter()
            .zip(&kept)
            .filter(|(_, facts)| facts.is_none())
            .map(|(&id, _)| id)
            .collect();
        let mut fresh = parallel::map(&fresh, STATES_PER_THREAD, |&id| {
            StateFacts::of(text, format, &partial.tree, &partial.machine, id, &partial.context)
        })
        .into_iter();
        let states: Vec<StateFacts> = kept
            .into_iter()
            .filter_map(|facts| facts.or_else(|| fresh.next()))
            .collect();
        let Partial { tree, machine, context } = partial;
        let variables = merged(Variables::of_root(text, &tree, &machine), &states);
        let whole = Whole::check(text, &tree, &machine, &variables, format);
        Parts {
            tree,
            machine,
            variables,
            states,
            context,
            whole,
        }
        .assemble(text, format)
    }
}

/// The facts of the machine's own fields, then each state's in order.
fn merged(mut variables: Variables, states: &[StateFacts]) -> Variables {
    for facts in states {
        variables.uses.extend_from_slice(&facts.variables.uses);
        variables.definitions.extend_from_slice(&facts.variables.definitions);
    }
    variables
}

/// Everything of a version but its diagnostics.
struct Parts {
    tree: Tree,
    machine: Machine,
    variables: Variables,
    states: Vec<StateFacts>,
    context: StateContext,
    whole: Whole,
}

impl Parts {
    /// The analysis, with the diagnostics of the whole document and of
    /// each state in their one order.
    fn assemble(self, text: &str, format: Format) -> Analysis {
        let diagnostics = check::assemble(
            text,
            format,
            &self.whole,
            self.states.iter().map(|facts| facts.diagnostics.as_slice()),
        );
        Analysis {
            format,
            tree: self.tree,
            machine: self.machine,
            diagnostics,
            variables: self.variables,
            states: self.states,
            context: self.context,
            whole: self.whole,
        }
    }
}

/// What the previous version found, taken over by the next.
struct Previous {
    states: Vec<StateFacts>,
    context: StateContext,
    whole: Whole,
    variables: Variables,
}

/// The new version while its states' facts are being gathered.
struct Partial {
    tree: Tree,
    machine: Machine,
    context: StateContext,
}

/// The previous version's facts per state, for a model built again.
struct Kept {
    old_language: Option<QueryLanguage>,
    old_context: StateContext,
    old_nodes: usize,
    states: Vec<Option<StateFacts>>,
    edit: Edit,
    /// What was parsed again, in the new text.
    region: TextRange,
}

impl Kept {
    fn rebuild(mut self, text: &str, format: Format, tree: Tree) -> Analysis {
        let by_value: HashMap<NodeId, usize> = self
            .states
            .iter()
            .enumerate()
            .filter_map(|(index, facts)| Some((facts.as_ref()?.value?, index)))
            .collect();
        // Whether the states' surroundings stayed the same, found once.
        let mut same_surroundings: Option<bool> = None;
        Analysis::build(text, format, tree, |analysis, id| {
            let same = *same_surroundings.get_or_insert_with(|| {
                analysis.machine.query_language == self.old_language && analysis.context == self.old_context
            });
            if !same {
                return None;
            }
            let state = analysis.machine.state(id);
            // Kept only when the value is a node of the old tree that the
            // edit did not reach.
            let value = state.value.filter(|value| (value.0 as usize) < self.old_nodes)?;
            let range = analysis.tree.range(value);
            if range.end > self.region.start && range.start < self.region.end {
                return None;
            }
            let index = *by_value.get(&value)?;
            let mut facts = self.states[index].take()?;
            facts.shift(self.edit, id);
            let same = facts.key_range == analysis.machine.range(state.key_range)
                && facts.ty == state.ty
                && facts.query_language == state.query_language;
            same.then_some(facts)
        })
    }
}
