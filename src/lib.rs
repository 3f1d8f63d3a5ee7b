//! asl-lsp: a language server and linter for the Amazon States Language.
//!
//! Data flows down the layers and never back up: `text` (rope, positions) →
//! `syntax` (JSON/YAML to an owned tree) → `model` (scopes, states,
//! transitions) → `check` (diagnostics) → `ide` (features as pure
//! functions) → `server` (LSP) and `cli` (the `check` command). Only
//! `server` knows LSP types. See ARCHITECTURE.md.

pub mod analysis;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod config;
pub mod document;
pub mod format;
pub mod ide;
pub mod lang;
pub mod model;
pub mod server;
pub mod syntax;
pub mod text;
pub mod util;

pub use analysis::Analysis;
