//! One document analysed: its tree, its model, its facts and its diagnostics.
//!
//! This is the unit the server caches per document version and the CLI
//! makes per file. It is immutable once made. An edit makes the next
//! version from the previous one ([`Analysis::update`]): the syntax outside
//! the container the edit touched is kept, and so is what each state's own
//! rules found for every state whose text the edit left alone; the rules
//! over the whole machine (names, graph, reachability, variables) run again
//! on the new model. The result is what [`Analysis::new`] gives for the
//! same text, which `tests/incremental.rs` checks over thousands of edits.

use std::collections::HashMap;

use crate::catalog::kinds::{QueryLanguage, StateType};
use crate::check::{self, Diagnostic, StateContext};
use crate::model::variables::Variables;
use crate::model::{Machine, StateId};
use crate::syntax::{self, Edit, Format, NodeId, TextRange, Tree};

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
            key_range: state.key_range,
            ty: state.ty,
            query_language: state.query_language,
            variables: Variables::of_state(text, tree, machine, id),
            diagnostics: check::check_state(text, tree, machine, id, context, format),
        }
    }

    /// The same facts after `edit`, which happened outside the state, for
    /// the state now numbered `id`.
    fn moved(mut self, edit: Edit, id: StateId) -> StateFacts {
        let at = edit.old_end as u32;
        let shift = |range: &mut TextRange| {
            if range.start >= at {
                *range = TextRange::new(edit.shift(range.start()), edit.shift(range.end()));
            }
        };
        for variable in &mut self.variables.uses {
            shift(&mut variable.range);
            variable.state = Some(id);
        }
        for variable in &mut self.variables.definitions {
            shift(&mut variable.range);
            variable.state = Some(id);
        }
        for diagnostic in &mut self.diagnostics {
            shift(&mut diagnostic.range);
            if let Some(fix) = &mut diagnostic.fix {
                shift(&mut fix.range);
            }
        }
        shift(&mut self.key_range);
        self
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
        if edit.start == edit.old_end && edit.old_end == edit.new_end {
            return self;
        }
        if format != Format::Json {
            return Analysis::new(text, format);
        }
        let old_nodes = self.tree.len();
        let Some((tree, region)) = syntax::json::reparse(self.tree, text, edit) else {
            return Analysis::new(text, format);
        };
        let old_language = self.machine.query_language;
        let old_context = self.context;
        let mut old_states: Vec<Option<StateFacts>> = self.states.into_iter().map(Some).collect();
        let by_value: HashMap<NodeId, usize> = old_states
            .iter()
            .enumerate()
            .filter_map(|(index, facts)| Some((facts.as_ref()?.value?, index)))
            .collect();
        Analysis::build(text, format, tree, |analysis, id| {
            if analysis.machine.query_language != old_language || analysis.context != old_context {
                return None;
            }
            let state = analysis.machine.state(id);
            // Kept only when the value is a node of the old tree that the
            // edit did not reach.
            let value = state.value.filter(|value| (value.0 as usize) < old_nodes)?;
            let range = analysis.tree.range(value);
            if range.end > region.start && range.start < region.end {
                return None;
            }
            let index = *by_value.get(&value)?;
            let facts = old_states[index].take()?.moved(edit, id);
            let same = facts.key_range == state.key_range
                && facts.ty == state.ty
                && facts.query_language == state.query_language;
            same.then_some(facts)
        })
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
        let mut partial = Partial { tree, machine, context };
        let states: Vec<StateFacts> = partial
            .machine
            .state_ids()
            .map(|id| {
                kept(&partial, id).unwrap_or_else(|| {
                    StateFacts::of(text, format, &partial.tree, &partial.machine, id, &partial.context)
                })
            })
            .collect();
        let mut variables = Variables::of_root(text, &partial.tree, &partial.machine);
        for facts in &states {
            variables.uses.extend_from_slice(&facts.variables.uses);
            variables.definitions.extend_from_slice(&facts.variables.definitions);
        }
        let diagnostics = check::assemble(
            text,
            &partial.tree,
            &partial.machine,
            &variables,
            format,
            states.iter().map(|facts| facts.diagnostics.as_slice()),
        );
        let tree = std::mem::take(&mut partial.tree);
        Analysis {
            format,
            tree,
            machine: partial.machine,
            diagnostics,
            variables,
            states,
            context: partial.context,
        }
    }
}

/// The new version while its states' facts are being gathered.
struct Partial {
    tree: Tree,
    machine: Machine,
    context: StateContext,
}
