//! Incremental analysis equals fresh analysis: chains of random and hand-written
//! edits over the corpus, where after every edit `Analysis::update` must agree
//! with `Analysis::new` on the tree, the model, the variables, the diagnostics
//! and what the editor features answer; a failing chain is shrunk before it is
//! reported.
//!
//! The comparison is structural: node ids and the order of the node arena may
//! differ between the two analyses, so trees are walked side by side from the
//! root and the model's node ids are compared as paths from the root.
//!
//! Environment (all optional):
//! - `ASL_INCREMENTAL_EDITS`: random edits in total across all documents (default 20000);
//! - `ASL_INCREMENTAL_LEN`: edits per chain before starting again from the document (default 32);
//! - `ASL_INCREMENTAL_BASE`: the seed every chain seed derives from (default fixed, so CI is repeatable);
//! - `ASL_INCREMENTAL_SEED`: run the one chain of this seed (a failure prints it) on each document;
//! - `ASL_INCREMENTAL_DOC`: only documents whose name contains this text.
//!
//! For example `ASL_INCREMENTAL_EDITS=100000 ASL_INCREMENTAL_BASE=7 cargo test --test incremental random_edits`
//! explores chains CI does not run.

use std::collections::{BTreeSet, HashMap};
use std::fmt::{Debug, Write as _};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use asl_lsp::check::{Diagnostic, Severity};
use asl_lsp::cli::graph::{self, GraphFormat};
use asl_lsp::document::Document;
use asl_lsp::format::{self as formatter, FormatOptions};
use asl_lsp::ide;
use asl_lsp::syntax::placeholders::{Placeholders, Syntax};
use asl_lsp::syntax::{self, Edit, Format, NodeId, NodeKind, TextRange, Tree};
use asl_lsp::Analysis;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const DEFAULT_BASE: u64 = 0x1c3e_a5f0_77d2_9b41;
const DEFAULT_EDITS: usize = 20_000;
const DEFAULT_LEN: usize = 32;
/// The random test is split so that the test harness can run the parts on
/// several threads.
const SHARDS: usize = 4;

// ---------------------------------------------------------------------------
// Random numbers

/// splitmix64: small, seedable, and good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }

    fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn mix(a: u64, b: u64) -> u64 {
    Rng(a ^ b.rotate_left(17)).next()
}

fn hash(text: &str) -> u64 {
    // FNV-1a.
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |acc, byte| {
        (acc ^ byte as u64).wrapping_mul(0x100_0000_01b3)
    })
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let value = value.trim();
    let parsed = match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => value.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={value} is not a number")))
}

// ---------------------------------------------------------------------------
// Documents

struct Doc {
    name: String,
    text: String,
    format: Format,
    /// A templating tool's placeholder syntaxes the text is read with.
    placeholders: Placeholders,
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            let name = path.to_string_lossy();
            if name.ends_with(".json") || name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".tf") {
                out.push(path);
            }
        }
    }
}

/// The conformance corpus, the realistic workflows, the examples, and the
/// JSON workflows and examples again as block YAML.
fn documents() -> Vec<Doc> {
    let mut paths = Vec::new();
    for dir in ["tests/conformance", "tests/workflows", "examples"] {
        files_under(&Path::new(ROOT).join(dir), &mut paths);
    }
    let mut docs = Vec::new();
    for path in paths {
        let name = path.strip_prefix(ROOT).unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{name}: {error}"));
        let format = Format::from_path(&name);
        if name.ends_with(".json") && !name.starts_with("tests/conformance") {
            docs.push(Doc {
                name: format!("{name} (as YAML)"),
                text: to_yaml(&text),
                format: Format::Yaml,
                placeholders: Placeholders::default(),
            });
        }
        docs.push(Doc {
            name,
            text,
            format,
            placeholders: Placeholders::default(),
        });
    }
    // A YAML stream: two workflows as two documents of one file.
    let workflows: Vec<&Doc> = docs
        .iter()
        .filter(|doc| doc.name.starts_with("tests/workflows/") && doc.format == Format::Yaml)
        .take(2)
        .collect();
    if let [first, second] = workflows[..] {
        docs.push(Doc {
            name: format!("{} and {} as one YAML stream", first.name, second.name),
            text: format!("{}---\n{}", first.text, second.text),
            format: Format::Yaml,
            placeholders: Placeholders::default(),
        });
    }
    // Inline suppressions every few lines, for the marks kept edit by edit.
    if let Some(workflow) = docs
        .iter()
        .find(|doc| doc.name.starts_with("tests/workflows/") && doc.format == Format::Yaml)
    {
        let mut text = String::new();
        for (index, line) in workflow.text.lines().enumerate() {
            if index % 6 == 3 {
                text.push_str("# asl-lsp: ignore SCHEMA_VALIDATION_FAILED, NO_DOLLAR\n");
            }
            text.push_str(line);
            text.push('\n');
        }
        docs.push(Doc {
            name: format!("{} with inline suppressions", workflow.name),
            text,
            format: Format::Yaml,
            placeholders: Placeholders::default(),
        });
    }
    // A templating tool's placeholders (`{{ name }}`) in ARNs and comments,
    // read as `${…}` ones: an edit changes how its whole line is read.
    let jinja = Placeholders::new(vec![Syntax::from_example("{{ name }}").unwrap()]);
    for format in [Format::Json, Format::Yaml] {
        let Some(workflow) = docs
            .iter()
            .find(|doc| doc.name.starts_with("tests/workflows/") && doc.format == format && doc.text.contains(":aws:"))
        else {
            continue;
        };
        docs.push(Doc {
            name: format!("{} with {{{{ name }}}} placeholders", workflow.name),
            text: workflow
                .text
                .replace(":aws:", ":{{ partition }}:")
                .replace("Comment\": \"", "Comment\": \"{{ note }} "),
            format,
            placeholders: jinja.clone(),
        });
    }
    assert!(docs.len() >= 260, "documents missing: {}", docs.len());
    let yaml = docs.iter().filter(|doc| doc.format == Format::Yaml).count();
    assert!(yaml >= 50, "YAML documents missing: {yaml}");
    docs
}

/// A JSON document written as block YAML, from our own tree (which keeps key order).
fn to_yaml(json: &str) -> String {
    let tree = syntax::parse(json, Format::Json);
    assert!(tree.errors.is_empty(), "{:?}", tree.errors);
    let root = tree.root().expect("a document");
    let mut out = String::new();
    yaml_members(&tree, root, 0, false, &mut out);
    out
}

fn yaml_members(tree: &Tree, object: NodeId, indent: usize, first_inline: bool, out: &mut String) {
    for (index, member) in tree.members(object).unwrap_or_default().iter().enumerate() {
        if index > 0 || !first_inline {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&yaml_string(&member.key));
        out.push(':');
        match member.value {
            Some(value) => yaml_value(tree, value, indent + 2, out),
            None => out.push_str(" null\n"),
        }
    }
}

/// The rest of a line after `key:` or `-`, and the lines nested under it.
fn yaml_value(tree: &Tree, value: NodeId, indent: usize, out: &mut String) {
    match &tree.node(value).kind {
        NodeKind::Object(members) if !members.is_empty() => {
            out.push('\n');
            yaml_members(tree, value, indent, false, out);
        }
        NodeKind::Array(items) if !items.is_empty() => {
            out.push('\n');
            for &item in items {
                out.push_str(&" ".repeat(indent));
                out.push('-');
                if matches!(&tree.node(item).kind, NodeKind::Object(members) if !members.is_empty()) {
                    out.push(' ');
                    yaml_members(tree, item, indent + 2, true, out);
                } else {
                    yaml_value(tree, item, indent + 2, out);
                }
            }
        }
        NodeKind::Object(_) => out.push_str(" {}\n"),
        NodeKind::Array(_) => out.push_str(" []\n"),
        NodeKind::String(text) => {
            out.push(' ');
            out.push_str(&yaml_string(text));
            out.push('\n');
        }
        NodeKind::Number(text) => {
            out.push(' ');
            out.push_str(text);
            out.push('\n');
        }
        NodeKind::Bool(value) => out.push_str(if *value { " true\n" } else { " false\n" }),
        NodeKind::Null | NodeKind::Error => out.push_str(" null\n"),
    }
}

/// Plain when that cannot be misread, double-quoted (JSON escapes are YAML escapes) otherwise.
fn yaml_string(text: &str) -> String {
    let plain = text.starts_with(|ch: char| ch.is_ascii_alphabetic())
        && text
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.' | '$'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap()
    }
}

// ---------------------------------------------------------------------------
// Edits

/// Bytes `start..end` of the text become `insert`.
#[derive(Clone, Debug, PartialEq)]
struct Change {
    start: usize,
    end: usize,
    insert: String,
}

impl Change {
    fn new(start: usize, end: usize, insert: impl Into<String>) -> Change {
        Change {
            start,
            end,
            insert: insert.into(),
        }
    }

    fn insert(at: usize, text: impl Into<String>) -> Change {
        Change::new(at, at, text)
    }
}

/// What the editor sends in one notification: one change, or two composed
/// with `Edit::then` (the second in offsets of the text the first produced).
type Step = Vec<Change>;

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Apply a change, its offsets clamped onto the text (a shrunk sequence can
/// leave them past the end); returns the change as applied and the edit.
fn apply(text: &mut String, change: &Change) -> (Change, Edit) {
    let start = floor_boundary(text, change.start);
    let end = floor_boundary(text, change.end).max(start);
    text.replace_range(start..end, &change.insert);
    let applied = Change::new(start, end, change.insert.clone());
    (applied, Edit::replace(start, end, change.insert.len()))
}

fn apply_step(text: &mut String, step: &[Change]) -> (Step, Edit) {
    let mut applied = Vec::new();
    let mut composed: Option<Edit> = None;
    for change in step {
        let (change, edit) = apply(text, change);
        applied.push(change);
        composed = Some(match composed {
            Some(before) => before.then(edit),
            None => edit,
        });
    }
    (applied, composed.unwrap_or(Edit::replace(0, 0, 0)))
}

fn describe_step(step: &[Change]) -> String {
    let changes: Vec<String> = step
        .iter()
        .map(|change| format!("({}, {}, {:?})", change.start, change.end, change.insert))
        .collect();
    format!("&[{}]", changes.join(", "))
}

// ---------------------------------------------------------------------------
// The comparison

/// Where a node sits, from the root: `$/1:States/0:A/[2]` (member index and key, item index).
type Paths = HashMap<NodeId, String>;

fn paths(tree: &Tree) -> Paths {
    let mut paths = HashMap::new();
    let mut stack: Vec<(NodeId, String)> = tree.root().map(|root| (root, "$".to_string())).into_iter().collect();
    while let Some((id, path)) = stack.pop() {
        match &tree.node(id).kind {
            NodeKind::Object(members) => {
                for (index, member) in members.iter().enumerate() {
                    if let Some(value) = member.value {
                        stack.push((value, format!("{path}/{index}:{}", member.key)));
                    }
                }
            }
            NodeKind::Array(items) => {
                for (index, &item) in items.iter().enumerate() {
                    stack.push((item, format!("{path}/[{index}]")));
                }
            }
            _ => {}
        }
        paths.insert(id, path);
    }
    paths
}

fn node_summary(tree: &Tree, id: NodeId) -> String {
    let node = tree.node(id);
    let closed = if tree.is_closed(id) { "" } else { " (unclosed)" };
    let kind = match &node.kind {
        NodeKind::Object(members) => {
            let keys: Vec<String> = members
                .iter()
                .map(|member| {
                    let value = if member.value.is_some() { "" } else { " (no value)" };
                    format!("{:?}@{:?}{value}", member.key.as_str(), tree.key_range(member))
                })
                .collect();
            format!("object {{{}}}", keys.join(", "))
        }
        NodeKind::Array(items) => format!("array of {}", items.len()),
        other => format!("{other:?}"),
    };
    format!("{kind} at {:?}{closed}", node.range)
}

fn same_shape(inc: &Tree, a: &NodeKind, fresh: &Tree, b: &NodeKind) -> bool {
    match (a, b) {
        (NodeKind::Object(left), NodeKind::Object(right)) => {
            left.len() == right.len()
                && left.iter().zip(right).all(|(l, r)| {
                    l.key == r.key && inc.key_range(l) == fresh.key_range(r) && l.value.is_some() == r.value.is_some()
                })
        }
        (NodeKind::Array(left), NodeKind::Array(right)) => left.len() == right.len(),
        (NodeKind::Object(_) | NodeKind::Array(_), _) | (_, NodeKind::Object(_) | NodeKind::Array(_)) => false,
        _ => a == b,
    }
}

/// Walk both trees from the root side by side: kinds, values, ranges, keys,
/// key ranges, items and closedness, in order.
fn compare_trees(inc: &Tree, fresh: &Tree) -> Result<(), String> {
    let (a, b) = match (inc.root(), fresh.root()) {
        (None, None) => return Ok(()),
        (Some(a), Some(b)) => (a, b),
        (a, b) => {
            return Err(format!(
                "tree root: incremental {:?}, fresh {:?}",
                a.map(|a| node_summary(inc, a)),
                b.map(|b| node_summary(fresh, b))
            ))
        }
    };
    let mut stack = vec![(a, b, "$".to_string())];
    while let Some((a, b, path)) = stack.pop() {
        let (left, right) = (inc.node(a), fresh.node(b));
        if left.range != right.range
            || !same_shape(inc, left.kind, fresh, right.kind)
            || inc.is_closed(a) != fresh.is_closed(b)
        {
            return Err(format!(
                "tree node {path}:\n  incremental: {}\n  fresh:       {}",
                node_summary(inc, a),
                node_summary(fresh, b)
            ));
        }
        match (&left.kind, &right.kind) {
            (NodeKind::Object(l), NodeKind::Object(r)) => {
                for (index, (lm, rm)) in l.iter().zip(r).enumerate().rev() {
                    if let (Some(x), Some(y)) = (lm.value, rm.value) {
                        stack.push((x, y, format!("{path}/{index}:{}", lm.key)));
                    }
                }
            }
            (NodeKind::Array(l), NodeKind::Array(r)) => {
                for (index, (&x, &y)) in l.iter().zip(r).enumerate().rev() {
                    stack.push((x, y, format!("{path}/[{index}]")));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Equal, or both values in full.
fn same<T: Debug + PartialEq + ?Sized>(what: &str, inc: &T, fresh: &T) -> Result<(), String> {
    if inc == fresh {
        return Ok(());
    }
    Err(format!(
        "{what} differ:\n  incremental: {inc:?}\n  fresh:       {fresh:?}"
    ))
}

/// Equal, or the first element where the lists part.
fn same_list<T: Debug + PartialEq>(what: &str, inc: &[T], fresh: &[T]) -> Result<(), String> {
    if inc == fresh {
        return Ok(());
    }
    let index = inc
        .iter()
        .zip(fresh)
        .position(|(left, right)| left != right)
        .unwrap_or(inc.len().min(fresh.len()));
    let show = |items: &[T]| {
        items
            .get(index)
            .map_or("(nothing: the list ends before)".to_string(), |item| {
                format!("{item:?}")
            })
    };
    Err(format!(
        "{what} differ at index {index} (incremental has {}, fresh has {}):\n  incremental: {}\n  fresh:       {}",
        inc.len(),
        fresh.len(),
        show(inc),
        show(fresh)
    ))
}

/// Equal, or the first line where the texts part.
fn same_text(what: &str, inc: &str, fresh: &str) -> Result<(), String> {
    let lines = |text: &str| -> Vec<String> { text.lines().map(str::to_string).collect() };
    same_list(&format!("{what} (by line)"), &lines(inc), &lines(fresh))?;
    same(what, inc, fresh)
}

/// The model with node ids replaced by paths from the root.
fn model_dump(analysis: &Analysis) -> Vec<String> {
    let tree = &analysis.tree;
    let machine = &analysis.machine;
    let paths = paths(tree);
    let at = |id: NodeId| -> String {
        paths
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("<not under the root: {}>", node_summary(tree, id)))
    };
    let at_opt = |id: Option<NodeId>| id.map(at);
    let mut lines = vec![format!("query_language {:?}", machine.query_language)];
    for id in machine.scope_ids() {
        let scope = machine.scope(id);
        lines.push(format!(
            "scope {id:?}: kind {:?} node {} start_at {:?} states_node {:?} states {:?}",
            scope.kind,
            at(scope.node),
            scope
                .start_at
                .as_ref()
                .map(|name| (&name.name, machine.range(name.range))),
            at_opt(scope.states_node),
            scope.states
        ));
    }
    let mut names = BTreeSet::new();
    for id in machine.state_ids() {
        let state = machine.state(id);
        names.insert(state.name.clone());
        lines.push(format!(
            "state {id:?} {:?} key {:?} value {:?} node {:?} scope {:?} index {} type {:?} language {:?} end {:?} \
             terminal {} children {:?} transitions {:?}",
            state.name,
            machine.range(state.key_range),
            at_opt(state.value),
            at_opt(state.node),
            state.scope,
            state.index,
            state.ty,
            state.query_language,
            state.end,
            state.is_terminal(),
            state.children,
            state
                .transitions
                .iter()
                .map(|transition| (
                    transition.kind,
                    &transition.target.name,
                    machine.range(transition.target.range)
                ))
                .collect::<Vec<_>>()
        ));
    }
    for name in names {
        lines.push(format!("named {name:?}: {:?}", machine.states_named(&name)));
    }
    lines
}

/// Offsets the editor features are asked about after an edit: both ends of
/// the edit and one more that depends on nothing but the text and the edit.
fn probes(text: &str, edit: Edit) -> Vec<usize> {
    let elsewhere = (mix(text.len() as u64, edit.start as u64) % (text.len() as u64 + 1)) as usize;
    let mut offsets: Vec<usize> = [edit.start, edit.new_end, elsewhere]
        .into_iter()
        .map(|offset| floor_boundary(text, offset))
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    offsets
}

/// Everything a client can observe of an analysis, incremental against fresh.
fn compare(inc: &Analysis, fresh: &Analysis, text: &str, probes: &[usize]) -> Result<(), String> {
    same("format", &inc.format, &fresh.format)?;
    compare_trees(&inc.tree, &fresh.tree)?;
    same_list("syntax errors", &inc.tree.errors, &fresh.tree.errors)?;
    same_list("diagnostics", &inc.diagnostics, &fresh.diagnostics)?;
    same_list("model lines (node ids as paths)", &model_dump(inc), &model_dump(fresh))?;
    same_list("variable uses", &inc.variables.uses, &fresh.variables.uses)?;
    same_list(
        "variable definitions",
        &inc.variables.definitions,
        &fresh.variables.definitions,
    )?;
    same("variables", &inc.variables, &fresh.variables)?;
    same_list(
        "document symbols",
        &ide::document_symbols(inc),
        &ide::document_symbols(fresh),
    )?;
    same_list(
        "folding ranges",
        &ide::folding::folding_ranges(&inc.tree, text),
        &ide::folding::folding_ranges(&fresh.tree, text),
    )?;
    for graph in [GraphFormat::Mermaid, GraphFormat::Dot, GraphFormat::Svg] {
        same_text(
            &format!("{graph:?} graph"),
            &graph::render(inc, graph),
            &graph::render(fresh, graph),
        )?;
    }
    let options = FormatOptions::default();
    same(
        "formatting edits",
        &formatter::format(text, &inc.tree, inc.format, &options),
        &formatter::format(text, &fresh.tree, fresh.format, &options),
    )?;
    for &offset in probes {
        let at = |what: &str| format!("{what} at offset {offset}");
        same(&at("hover"), &ide::hover(inc, offset), &ide::hover(fresh, offset))?;
        same_list(
            &at("definitions"),
            &ide::definitions(inc, offset),
            &ide::definitions(fresh, offset),
        )?;
        same_list(
            &at("references"),
            &ide::references(inc, offset, true),
            &ide::references(fresh, offset, true),
        )?;
        same_list(
            &at("highlights"),
            &ide::highlights(inc, offset),
            &ide::highlights(fresh, offset),
        )?;
        same(
            &at("prepare rename"),
            &ide::prepare_rename(inc, offset),
            &ide::prepare_rename(fresh, offset),
        )?;
        same_list(
            &at("selection ranges"),
            &ide::selection::selection_ranges(&inc.tree, text, offset),
            &ide::selection::selection_ranges(&fresh.tree, text, offset),
        )?;
        same_list(
            &at("completions"),
            &ide::completions(inc, text, offset),
            &ide::completions(fresh, text, offset),
        )?;
    }
    Ok(())
}

/// Two readings of a file: the same kind, the same machines (each compared
/// as an analysis), the same diagnostics for the whole file.
fn compare_documents(inc: &Document, fresh: &Document, text: &str, probes: &[usize]) -> Result<(), String> {
    same("template", &inc.is_template(), &fresh.is_template())?;
    if inc.is_template() {
        match (inc.tree(), fresh.tree()) {
            (Some(a), Some(b)) => compare_trees(a, b)?,
            (a, b) => same("template tree", &a.is_some(), &b.is_some())?,
        }
    }
    let names = |document: &Document| -> Vec<Option<String>> {
        document
            .machines
            .iter()
            .map(|machine| machine.name.as_deref().map(str::to_string))
            .collect()
    };
    same_list("machines", &names(inc), &names(fresh))?;
    for (a, b) in inc.machines.iter().zip(&fresh.machines) {
        same("machine name range", &a.name_range, &b.name_range)?;
        same("decoded", &a.is_decoded(), &b.is_decoded())?;
        // A decoded machine's analysis is about its own text: probed there.
        let machine_text = b.text(text);
        same_text("machine text", a.text(text), machine_text)?;
        let probes: Vec<usize> = probes.iter().map(|&probe| probe.min(machine_text.len())).collect();
        compare(&a.analysis, &b.analysis, machine_text, &probes)?;
    }
    same_list("document diagnostics", inc.diagnostics(), fresh.diagnostics())?;
    // What inline suppressions leave, found from marks kept edit by edit.
    let suppressed = |document: &Document| -> Vec<Diagnostic> {
        match document.suppressions(text) {
            Some(mut found) => {
                let mut kept: Vec<Diagnostic> = document
                    .diagnostics()
                    .iter()
                    .filter(|diagnostic| found.allows(diagnostic))
                    .cloned()
                    .collect();
                kept.extend(found.unused());
                kept
            }
            None => document.diagnostics().to_vec(),
        }
    };
    same_list("after inline suppressions", &suppressed(inc), &suppressed(fresh))
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|message| message.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string())
}

// ---------------------------------------------------------------------------
// Chains

/// A document being edited: the text, the document carried along by
/// `update`, and the fresh reading of the same text.
struct Chain<'a> {
    doc: &'a Doc,
    text: String,
    analysis: Option<Document>,
    fresh: Document,
    /// The steps as applied (offsets clamped), for the report.
    steps: Vec<Step>,
}

impl<'a> Chain<'a> {
    fn new(doc: &'a Doc) -> Chain<'a> {
        let fresh = Document::with_placeholders(&doc.text, doc.format, doc.placeholders.clone());
        Chain {
            doc,
            text: doc.text.clone(),
            analysis: Some(fresh.clone()),
            fresh,
            steps: Vec::new(),
        }
    }

    /// Apply a step, update the carried analysis, analyse afresh and compare.
    fn step(&mut self, step: &[Change]) -> Result<Edit, String> {
        let (applied, edit) = apply_step(&mut self.text, step);
        self.steps.push(applied);
        let previous = self.analysis.take().expect("an analysis");
        let text = &self.text;
        let updated = panic::catch_unwind(AssertUnwindSafe(|| previous.update(text, edit)))
            .map_err(|payload| format!("Document::update panicked: {}", panic_message(&*payload)))?;
        self.fresh = panic::catch_unwind(AssertUnwindSafe(|| {
            Document::with_placeholders(text, self.doc.format, self.doc.placeholders.clone())
        }))
        .map_err(|payload| format!("Document::new panicked: {}", panic_message(&*payload)))?;
        let probes = probes(text, edit);
        compare_documents(&updated, &self.fresh, text, &probes)?;
        self.analysis = Some(updated);
        Ok(edit)
    }
}

/// Replay steps on a document; the first mismatch, with the number of steps it took.
fn replay(doc: &Doc, steps: &[Step]) -> Result<(), (usize, Vec<Step>, String)> {
    let mut chain = Chain::new(doc);
    for (index, step) in steps.iter().enumerate() {
        if let Err(message) = chain.step(step) {
            return Err((index + 1, chain.steps, message));
        }
    }
    Ok(())
}

/// Drop steps while the sequence still fails: halves, quarters, … single steps.
fn shrink(doc: &Doc, steps: Vec<Step>) -> (Vec<Step>, String) {
    let (mut steps, mut message) = match replay(doc, &steps) {
        Err((count, applied, message)) => (applied[..count].to_vec(), message),
        // Not reproducible (something outside the steps matters): report it unshrunk.
        Ok(()) => return (steps, "(a replay of the steps did not fail)".to_string()),
    };
    let mut chunk = steps.len().div_ceil(2).max(1);
    loop {
        let mut start = 0;
        let mut removed = false;
        while start < steps.len() {
            let end = (start + chunk).min(steps.len());
            let mut candidate = steps[..start].to_vec();
            candidate.extend_from_slice(&steps[end..]);
            if candidate.is_empty() {
                start = end;
                continue;
            }
            match replay(doc, &candidate) {
                Err((count, applied, failure)) => {
                    steps = applied[..count].to_vec();
                    message = failure;
                    removed = true;
                }
                Ok(()) => start = end,
            }
        }
        if chunk == 1 && !removed {
            break;
        }
        if !removed {
            chunk = chunk.div_ceil(2);
        }
    }
    // Then make each change smaller (less inserted, less deleted) while it still fails.
    let mut index = 0;
    while index < steps.len() {
        let mut part = 0;
        while part < steps[index].len() {
            let mut candidates = Vec::new();
            if steps[index].len() > 1 {
                // One change of a composed step, alone.
                let mut alone = steps.clone();
                alone[index].remove(part);
                if let Err((count, applied, failure)) = replay(doc, &alone) {
                    if count == steps.len() {
                        steps = applied;
                        message = failure;
                        continue;
                    }
                }
            }
            let change = &steps[index][part];
            let (insert, deleted) = (change.insert.as_str(), change.start..change.end);
            for keep in [insert.len() / 2, insert.len().saturating_sub(1)] {
                if keep < insert.len() {
                    let mut smaller = change.clone();
                    smaller.insert.truncate(floor_boundary(insert, keep));
                    candidates.push(smaller);
                }
            }
            for keep in [deleted.len() / 2, deleted.len().saturating_sub(1)] {
                if keep < deleted.len() {
                    candidates.push(Change::new(deleted.start, deleted.start + keep, insert));
                }
            }
            let mut smaller = false;
            for candidate in candidates {
                let mut shorter = steps.clone();
                shorter[index][part] = candidate;
                if let Err((count, applied, failure)) = replay(doc, &shorter) {
                    if count == steps.len() && applied != steps {
                        steps = applied;
                        message = failure;
                        smaller = true;
                        break;
                    }
                }
            }
            if !smaller {
                part += 1;
            }
        }
        index += 1;
    }
    (steps, message)
}

/// Shrink a failing chain and panic with everything needed to act on it.
fn fail(doc: &Doc, origin: &str, steps: Vec<Step>, failure: String) -> ! {
    let failed_at = steps.len();
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let (shrunk, message) = shrink(doc, steps);
    panic::set_hook(hook);
    let mut text = doc.text.clone();
    for step in &shrunk[..shrunk.len().saturating_sub(1)] {
        apply_step(&mut text, step);
    }
    let before_last = text.clone();
    if let Some(last) = shrunk.last() {
        apply_step(&mut text, last);
    }
    let mut report = String::new();
    let _ = writeln!(
        report,
        "\nincremental analysis differs from a fresh one\n\
         document: {} ({:?}, {} bytes)\n{origin}\nfailed after edit {failed_at} of the chain; \
         first mismatch:\n{failure}\n",
        doc.name,
        doc.format,
        doc.text.len()
    );
    let _ = writeln!(
        report,
        "shrunk to {} step(s) (each a list of (start, end, inserted text) in bytes; the changes of one step \
         are applied in turn and sent as one edit composed with Edit::then):",
        shrunk.len()
    );
    for step in &shrunk {
        let _ = writeln!(report, "    {},", describe_step(step));
    }
    let _ = writeln!(report, "mismatch after the shrunk steps:\n{message}\n");
    let at = shrunk
        .last()
        .and_then(|step| step.first())
        .map_or(0, |change| change.start);
    if shrunk.len() > 1 {
        let _ = writeln!(report, "the document:\n{}", excerpt(&doc.text, at));
    }
    let _ = writeln!(
        report,
        "text before the last shrunk step:\n{}",
        excerpt(&before_last, at)
    );
    let _ = writeln!(report, "text after it:\n{}", excerpt(&text, at));
    panic!("{report}");
}

/// The text between `---` lines: whole when short, else the lines around `at`, numbered.
fn excerpt(text: &str, at: usize) -> String {
    if text.len() <= 3000 {
        return format!("---\n{text}\n---");
    }
    let line = text[..floor_boundary(text, at)].matches('\n').count();
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .skip(line.saturating_sub(12))
        .take(25)
        .map(|(number, content)| format!("{:>5}| {content}", number + 1))
        .collect();
    format!("--- (lines around byte {at})\n{}\n---", lines.join("\n"))
}

// ---------------------------------------------------------------------------
// Generating edits

/// Places in the current text where people edit.
#[derive(Default)]
struct Sites {
    strings: Vec<TextRange>,
    keys: Vec<TextRange>,
    numbers: Vec<TextRange>,
    /// Just after a `{`.
    opens: Vec<usize>,
    /// At a `}`.
    closes: Vec<usize>,
    /// Key starts that begin their line (after indentation or `- `), with that indentation.
    line_keys: Vec<(usize, String)>,
    /// State keys that begin their line, with their indentation.
    state_keys: Vec<(usize, String)>,
    /// The first member key of a state's object, with its indentation.
    state_bodies: Vec<(usize, String)>,
    state_names: Vec<String>,
}

/// What precedes `offset` on its line, as indentation, when only spaces and `- ` do.
fn indentation(text: &str, offset: usize) -> Option<String> {
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let prefix = &text[line_start..offset];
    prefix
        .chars()
        .all(|ch| matches!(ch, ' ' | '\t' | '-'))
        .then(|| prefix.chars().map(|ch| if ch == '\t' { '\t' } else { ' ' }).collect())
}

/// The spaces and tabs that begin the line holding `offset`.
fn line_indent(text: &str, offset: usize) -> String {
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    text[line_start..]
        .chars()
        .take_while(|ch| matches!(ch, ' ' | '\t'))
        .collect()
}

fn sites(text: &str, analysis: &Analysis) -> Sites {
    let tree = &analysis.tree;
    let bytes = text.as_bytes();
    let mut sites = Sites::default();
    let mut stack: Vec<NodeId> = tree.root().into_iter().collect();
    while let Some(id) = stack.pop() {
        let range = tree.range(id);
        match &tree.node(id).kind {
            NodeKind::Object(members) => {
                if bytes.get(range.start()) == Some(&b'{') {
                    sites.opens.push(range.start() + 1);
                }
                if tree.is_closed(id) && range.end() > 0 && bytes.get(range.end() - 1) == Some(&b'}') {
                    sites.closes.push(range.end() - 1);
                }
                for member in members {
                    sites.keys.push(tree.key_range(member));
                    if let Some(indent) = indentation(text, tree.key_range(member).start()) {
                        sites.line_keys.push((tree.key_range(member).start(), indent));
                    }
                    stack.extend(member.value);
                }
            }
            NodeKind::Array(items) => stack.extend(items.iter().copied()),
            NodeKind::String(_) => sites.strings.push(range),
            NodeKind::Number(_) => sites.numbers.push(range),
            _ => {}
        }
    }
    for id in analysis.machine.state_ids() {
        let state = analysis.machine.state(id);
        sites.state_names.push(state.name.to_string());
        if let Some(indent) = indentation(text, analysis.machine.range(state.key_range).start()) {
            sites
                .state_keys
                .push((analysis.machine.range(state.key_range).start(), indent));
        }
        let first = state
            .node
            .and_then(|node| tree.members(node))
            .and_then(|members| members.first());
        if let Some(first) = first {
            if let Some(indent) = indentation(text, tree.key_range(first).start()) {
                sites.state_bodies.push((tree.key_range(first).start(), indent));
            }
        }
    }
    sites
}

/// A char boundary strictly inside `range` (inside the quotes of a string or key) or at its start.
fn inside(rng: &mut Rng, text: &str, range: TextRange) -> usize {
    if range.len() <= 2 {
        return floor_boundary(text, range.start() + range.len() / 2);
    }
    floor_boundary(text, range.start() + 1 + rng.below(range.len() - 1))
}

fn uniform_offset(rng: &mut Rng, text: &str) -> usize {
    floor_boundary(text, rng.below(text.len() + 1))
}

/// A range of up to `max_chars` characters starting at a random boundary.
fn uniform_span(rng: &mut Rng, text: &str, max_chars: usize) -> (usize, usize) {
    let start = uniform_offset(rng, text);
    let count = 1 + rng.below(max_chars);
    let end = text[start..]
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(at, _)| start + at);
    (start, end)
}

fn line_bounds(text: &str, offset: usize) -> (usize, usize) {
    let start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |at| offset + at + 1);
    (start, end)
}

const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "'",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "  ",
    "- ",
    "#",
    "$",
    "$.",
    ".$",
    "{%",
    "%}",
    "é",
    "日本",
    "🚀",
    "\u{a0}",
    "\u{2028}",
    "0",
    "1.5",
    "-",
    "e",
    "true",
    "null",
    "Next",
    "States.ALL",
    "\"Next\": \"",
    "Type: Pass",
    "&a",
    "*a",
    "|",
    ">",
    "---",
];

const NAMES: &[&str] = &["New", "Nëw 日本", "🚀 Launch", "A", "B", "Wait1"];

/// Text a user types after `{` (JSON) or at the start of a key line (YAML);
/// `{S}` is an existing state name, `{I}` the indentation of the line.
const JSON_KEY_TYPING: &[&str] = &[
    "\"",
    "\"Nex",
    "\"Next\"",
    "\"Next\":",
    "\"Next\": ",
    "\"Next\": \"",
    "\"Next\": \"{S}",
    "\"Next\": \"{S}\"",
    "\"Next\": \"{S}\", ",
    "\"Default\": \"{S}\", ",
    "\"Type\": \"Pa",
    "\"End\": tr",
    "\"End\": true, ",
    "\"Comment\": \"é日本🚀\", ",
    "\"Seconds\": 1",
    "\"Resource\": \"arn:aws:states:::lambda:invoke\", ",
    "\"Parameters\": {\"a.$\": \"$.x\"}, ",
    "\"Assign\": {\"v\": \"{% $states.input %}\"}, ",
    "\"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"",
    "\"Choices\": [",
    "\n{I}",
];

const YAML_KEY_TYPING: &[&str] = &[
    "N",
    "Nex",
    "Next",
    "Next:",
    "Next: ",
    "Next: {S}",
    "Next: {S}\n{I}",
    "Default: {S}\n{I}",
    "Type: Pa",
    "End: tr",
    "End: true\n{I}",
    "Comment: \"é日本🚀\"\n{I}",
    "Seconds: 1\n{I}",
    "Parameters:\n{I}  a.$: $.x\n{I}",
    "Assign:\n{I}  v: \"{% $states.input %}\"\n{I}",
    "# a comment\n{I}",
    "\"Quoted",
    "- ",
    "\n{I}",
];

const JSON_BEFORE_CLOSE: &[&str] = &[
    ",",
    ", \"Nex",
    ", \"Next\": \"",
    ", \"Next\": \"{S}\"",
    ", \"End\": true",
    ",\n{I}\"X\": {\"Type\": \"Pass\", \"End\": true}",
    "\"",
    "]",
    " ",
    "\n",
];

fn fill(template: &str, rng: &mut Rng, sites: &Sites, indent: &str) -> String {
    let name = if sites.state_names.is_empty() || rng.percent(20) {
        rng.pick(NAMES).to_string()
    } else {
        rng.pick(&sites.state_names).clone()
    };
    template.replace("{S}", &name).replace("{I}", indent)
}

/// A whole state, in the format, to go where a state key begins.
fn new_state(rng: &mut Rng, sites: &Sites, format: Format, indent: &str) -> String {
    let name = rng.pick(NAMES).to_string();
    let target = if sites.state_names.is_empty() {
        "B".to_string()
    } else {
        rng.pick(&sites.state_names).clone()
    };
    match (format, rng.below(3)) {
        (Format::Json, 0) => format!("\"{name}\": {{\"Type\": \"Pass\", \"Next\": \"{target}\"}},\n{indent}"),
        (Format::Json, 1) => format!("\"{name}\": {{\"Type\": \"Succeed\"}}, "),
        (Format::Json, _) => format!(
            "\"{name}\": {{\"Type\": \"Choice\", \"Choices\": [{{\"Variable\": \"$.x\", \"IsPresent\": true, \
             \"Next\": \"{target}\"}}], \"Default\": \"{target}\"}},\n{indent}"
        ),
        (Format::Yaml, 0) => format!("{name}:\n{indent}  Type: Pass\n{indent}  Next: {target}\n{indent}"),
        (Format::Yaml, 1) => format!("\"{name}\":\n{indent}  Type: Succeed\n{indent}"),
        (Format::Yaml, _) => format!(
            "{name}:\n{indent}  Type: Choice\n{indent}  Choices:\n{indent}    - Variable: $.x\n{indent}      \
             IsPresent: true\n{indent}      Next: {target}\n{indent}  Default: {target}\n{indent}"
        ),
    }
}

/// Edits in progress across steps.
#[derive(Default)]
struct Pending {
    /// Deleted brackets and quotes to put back later, where they were.
    restores: Vec<(usize, String)>,
    /// Text being typed a character at a time at an offset.
    typing: Option<(usize, String)>,
    /// The typing offset already counts the character typed in this step.
    typed_now: bool,
    /// The change that undoes the last step (if it was one change).
    undo: Option<Change>,
}

/// Where `offset` is after `change`, if the change did not swallow it.
fn track(offset: usize, change: &Change) -> Option<usize> {
    if offset <= change.start {
        Some(offset)
    } else if offset >= change.end {
        Some(offset - change.end + change.start + change.insert.len())
    } else {
        None
    }
}

impl Pending {
    fn follow(&mut self, change: &Change) {
        self.restores = std::mem::take(&mut self.restores)
            .into_iter()
            .filter_map(|(offset, text)| Some((track(offset, change)?, text)))
            .collect();
        if std::mem::take(&mut self.typed_now) {
            return;
        }
        if let Some((offset, rest)) = self.typing.take() {
            self.typing = track(offset, change).map(|offset| (offset, rest));
        }
    }
}

/// Start typing `text` at `at`, one character per step from this one on.
fn start_typing(pending: &mut Pending, at: usize, text: String) -> Step {
    pending.typing = Some((at, text));
    continue_typing(pending).unwrap_or_default()
}

fn continue_typing(pending: &mut Pending) -> Option<Step> {
    let (at, rest) = pending.typing.take()?;
    let mut chars = rest.chars();
    let first = chars.next()?;
    let rest: String = chars.collect();
    let typed = first.to_string();
    if !rest.is_empty() {
        pending.typing = Some((at + typed.len(), rest));
        pending.typed_now = true;
    }
    Some(vec![Change::insert(at, typed)])
}

/// One random step on the current text.
fn generate(rng: &mut Rng, text: &str, analysis: &Analysis, format: Format, pending: &mut Pending) -> Step {
    if pending.typing.is_some() && rng.percent(85) {
        if let Some(step) = continue_typing(pending) {
            return step;
        }
    }
    if !pending.restores.is_empty() && rng.percent(25) {
        let (at, piece) = pending.restores.remove(rng.below(pending.restores.len()));
        if text.is_char_boundary(at.min(text.len())) {
            return vec![Change::insert(at, piece)];
        }
    }
    if let Some(undo) = pending.undo.take() {
        if rng.percent(5) {
            return vec![undo];
        }
    }
    let sites = sites(text, analysis);
    loop {
        if let Some(step) = generate_one(rng, text, &sites, format, pending) {
            if !pending.typed_now && rng.percent(8) {
                // A second change in the same notification, on the text the first produced.
                let mut middle = text.to_string();
                let (first, _) = apply(&mut middle, &step[0]);
                let (start, end) = uniform_span(rng, &middle, 3);
                let second = if rng.percent(50) {
                    Change::new(start, end, "")
                } else {
                    Change::insert(start, *rng.pick(PIECES))
                };
                return vec![first, second];
            }
            return step;
        }
    }
}

fn generate_one(rng: &mut Rng, text: &str, sites: &Sites, format: Format, pending: &mut Pending) -> Option<Step> {
    let one = |change: Change| Some(vec![change]);
    match rng.below(22) {
        // Uniform: a piece anywhere.
        0 | 1 => one(Change::insert(uniform_offset(rng, text), *rng.pick(PIECES))),
        // Uniform: delete a few characters anywhere.
        2 | 3 => {
            let (start, end) = uniform_span(rng, text, 4);
            one(Change::new(start, end, ""))
        }
        // Uniform: replace a character.
        4 => {
            let (start, end) = uniform_span(rng, text, 1);
            one(Change::new(start, end, *rng.pick(PIECES)))
        }
        // Multi-byte and line-break insertions.
        5 => {
            let piece = *rng.pick(&["é", "日本", "🚀", "\r\n", "\r\n", "\u{feff}"]);
            one(Change::insert(uniform_offset(rng, text), piece))
        }
        // An LF becomes CRLF.
        6 => {
            let lines: Vec<usize> = text
                .match_indices('\n')
                .map(|(at, _)| at)
                .filter(|&at| at == 0 || text.as_bytes()[at - 1] != b'\r')
                .collect();
            let at = *lines.get(rng.below(lines.len()))?;
            one(Change::new(at, at + 1, "\r\n"))
        }
        // Type a character inside a string.
        7 | 8 => {
            let range = *sites.strings.get(rng.below(sites.strings.len()))?;
            let piece = *rng.pick(&["a", "x", ".", "$", " ", "é", "日", "\\", "\"", "{", "%"]);
            one(Change::insert(inside(rng, text, range), piece))
        }
        // Type inside a key (or delete a character of it).
        9 | 10 => {
            let range = *sites.keys.get(rng.below(sites.keys.len()))?;
            let at = inside(rng, text, range);
            if rng.percent(30) {
                let end = ceil_boundary(text, at + 1).min(range.end());
                one(Change::new(at, end.max(at), ""))
            } else {
                one(Change::insert(at, *rng.pick(&["x", "t", "e", "_", "é", ".", "$", " "])))
            }
        }
        // Type inside a number.
        11 => {
            let range = *sites.numbers.get(rng.below(sites.numbers.len()))?;
            let at = range.start() + rng.below(range.len() + 1);
            one(Change::insert(at, *rng.pick(&["0", "7", ".", "e", "-", "+", "x", " "])))
        }
        // Half-typed keys and values where keys begin.
        12 | 13 => match format {
            Format::Json => {
                let at = *sites.opens.get(rng.below(sites.opens.len()))?;
                let indent = line_indent(text, at);
                let template = *rng.pick(JSON_KEY_TYPING);
                one(Change::insert(at, fill(template, rng, sites, &indent)))
            }
            Format::Yaml => {
                let (at, indent) = sites.line_keys.get(rng.below(sites.line_keys.len()))?.clone();
                let template = *rng.pick(YAML_KEY_TYPING);
                one(Change::insert(at, fill(template, rng, sites, &indent)))
            }
        },
        // Before a closing brace.
        14 => {
            let at = *sites.closes.get(rng.below(sites.closes.len()))?;
            let indent = line_indent(text, at);
            let template = *rng.pick(JSON_BEFORE_CLOSE);
            one(Change::insert(at, fill(template, rng, sites, &indent)))
        }
        // Remove a bracket or quote, to be put back later.
        15 => {
            let wanted: &[u8] = match format {
                Format::Json => b"{}[]\"",
                Format::Yaml => b"{}[]\":-",
            };
            let candidates: Vec<usize> = text
                .bytes()
                .enumerate()
                .filter(|(_, byte)| wanted.contains(byte))
                .map(|(at, _)| at)
                .collect();
            let at = *candidates.get(rng.below(candidates.len()))?;
            let removed = text[at..at + 1].to_string();
            let step = vec![Change::new(at, at + 1, "")];
            // The offset is that of the text after the removal: follow() runs after this step.
            pending.restores.push((at, removed));
            Some(step)
        }
        // Duplicate a line.
        16 => {
            let (start, end) = line_bounds(text, uniform_offset(rng, text));
            let mut line = text[start..end].to_string();
            if !line.ends_with('\n') {
                line.insert(0, '\n');
            }
            one(Change::insert(end, line))
        }
        // Delete a whole line.
        17 => {
            let (start, end) = line_bounds(text, uniform_offset(rng, text));
            one(Change::new(start, end, ""))
        }
        // Insert a whole state where a state begins, at once or typed.
        18 => {
            let (at, indent) = sites.state_keys.get(rng.below(sites.state_keys.len()))?.clone();
            let state = new_state(rng, sites, format, &indent);
            if rng.percent(30) {
                Some(start_typing(pending, at, state))
            } else {
                one(Change::insert(at, state))
            }
        }
        // Type `Next` into a state, one character at a time.
        19 => {
            let (at, indent) = sites.state_bodies.get(rng.below(sites.state_bodies.len()))?.clone();
            let template = match format {
                Format::Json => "\"Next\": \"{S}\", ",
                Format::Yaml => "Next: {S}\n{I}",
            };
            let typed = fill(template, rng, sites, &indent);
            Some(start_typing(pending, at, typed))
        }
        // Rename a state, or type into its name.
        20 => {
            let names: Vec<TextRange> = sites
                .keys
                .iter()
                .copied()
                .filter(|range| sites.state_keys.iter().any(|(at, _)| *at == range.start()))
                .collect();
            let range = *names.get(rng.below(names.len()))?;
            let at = inside(rng, text, range);
            Some(start_typing(
                pending,
                at,
                rng.pick(&["2", "Step", "é", " ", "_x"]).to_string(),
            ))
        }
        // Cut a span and paste it elsewhere, or delete a bigger span.
        _ => {
            let (start, end) = uniform_span(rng, text, 40);
            if rng.percent(50) {
                let cut = text[start..end].to_string();
                let mut middle = text.to_string();
                middle.replace_range(start..end, "");
                let at = uniform_offset(rng, &middle);
                Some(vec![Change::new(start, end, ""), Change::insert(at, cut)])
            } else {
                one(Change::new(start, end, ""))
            }
        }
    }
}

/// Run one random chain; on a mismatch, shrink and panic.
fn random_chain(doc: &Doc, seed: u64, length: usize) -> usize {
    let mut rng = Rng(seed);
    let mut chain = Chain::new(doc);
    let mut pending = Pending::default();
    for _ in 0..length {
        // Edits are aimed at the places of the first machine (of a
        // template, too); a file with none is read as a definition for that.
        let fallback;
        let sample = match chain.fresh.machines.iter().find(|machine| !machine.is_decoded()) {
            Some(machine) => &machine.analysis,
            None => {
                fallback = Analysis::new(&chain.text, doc.format);
                &fallback
            }
        };
        let step = generate(&mut rng, &chain.text, sample, doc.format, &mut pending);
        let before = chain.text.clone();
        let result = chain.step(&step);
        let applied = chain.steps.last().cloned().unwrap_or_default();
        for change in &applied {
            pending.follow(change);
        }
        pending.undo = match applied.as_slice() {
            [change] => Some(Change::new(
                change.start,
                change.start + change.insert.len(),
                before[change.start..change.end].to_string(),
            )),
            _ => None,
        };
        if let Err(failure) = result {
            let origin = format!(
                "chain seed {seed:#x}; replay with:\n  ASL_INCREMENTAL_SEED={seed:#x} ASL_INCREMENTAL_DOC='{}' \
                 ASL_INCREMENTAL_LEN={length} cargo test --test incremental random_edits",
                doc.name
            );
            let steps = chain.steps.clone();
            fail(doc, &origin, steps, failure);
        }
    }
    length
}

fn random_edits(shard: usize) {
    let filter = std::env::var("ASL_INCREMENTAL_DOC").unwrap_or_default();
    let docs = documents();
    let all = docs.len();
    let docs: Vec<Doc> = docs
        .into_iter()
        .enumerate()
        .filter(|(index, doc)| index % SHARDS == shard && doc.name.contains(&filter))
        .map(|(_, doc)| doc)
        .collect();
    let length = env_number("ASL_INCREMENTAL_LEN").map_or(DEFAULT_LEN, |len| len.max(1) as usize);
    let mut edits = 0;
    if let Some(seed) = env_number("ASL_INCREMENTAL_SEED") {
        for doc in &docs {
            edits += random_chain(doc, seed, length);
        }
        eprintln!("shard {shard}: {edits} edits replayed on {} document(s)", docs.len());
        return;
    }
    let base = env_number("ASL_INCREMENTAL_BASE").unwrap_or(DEFAULT_BASE);
    let total = env_number("ASL_INCREMENTAL_EDITS").map_or(DEFAULT_EDITS, |edits| edits as usize);
    // Every document gets the same share of the edits, in chains of `length` at most.
    let per_document = total.div_ceil(all).max(1);
    for doc in &docs {
        let mut left = per_document;
        let mut index = 0;
        while left > 0 {
            let seed = mix(mix(base, hash(&doc.name)), index);
            edits += random_chain(doc, seed, left.min(length));
            left -= left.min(length);
            index += 1;
        }
    }
    eprintln!("shard {shard}: {edits} random edits on {} document(s)", docs.len());
    assert!(docs.is_empty() || edits > 0);
}

#[test]
fn random_edits_0() {
    random_edits(0);
}

#[test]
fn random_edits_1() {
    random_edits(1);
}

#[test]
fn random_edits_2() {
    random_edits(2);
}

#[test]
fn random_edits_3() {
    random_edits(3);
}

// ---------------------------------------------------------------------------
// Hand-written sequences

/// Run steps on a text; on a mismatch, shrink and panic.
fn check_steps(name: &str, text: &str, format: Format, steps: &[Step]) {
    let doc = Doc {
        name: name.to_string(),
        text: text.to_string(),
        format,
        placeholders: Placeholders::default(),
    };
    let mut chain = Chain::new(&doc);
    for step in steps {
        if let Err(failure) = chain.step(step) {
            let steps = chain.steps.clone();
            fail(&doc, "a hand-written sequence", steps, failure);
        }
    }
}

/// `typed` typed at `at` one character at a time.
fn typing(at: usize, typed: &str) -> Vec<Step> {
    typed
        .char_indices()
        .map(|(offset, ch)| vec![Change::insert(at + offset, ch.to_string())])
        .collect()
}

/// The characters of `start..end` deleted one at a time from the end (backspace).
fn backspacing(text: &str, start: usize, end: usize) -> Vec<Step> {
    text[start..end]
        .char_indices()
        .rev()
        .map(|(offset, ch)| vec![Change::new(start + offset, start + offset + ch.len_utf8(), "")])
        .collect()
}

const SMALL_JSON: &str = "{\n  \"Comment\": \"é日本🚀\",\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \
                          \"Type\": \"Pass\",\n      \"Next\": \"B\"\n    },\n    \"B\": {\n      \"Type\": \"Pass\",\n      \
                          \"End\": true\n    }\n  }\n}\n";

const SMALL_YAML: &str = "Comment: \"é日本🚀\"\nStartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n  B:\n    \
                          Type: Pass\n    End: true\n";

fn offset_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"))
}

#[test]
fn typing_a_state_char_by_char() {
    let at = offset_of(SMALL_JSON, "\"B\": {");
    let state = "\"Wait 日本\": {\"Type\": \"Wait\", \"Seconds\": 1, \"Next\": \"B\"},\n    ";
    let mut steps = typing(at, state);
    // And a `Next` of A turned towards it, retyped in place.
    let mut text = SMALL_JSON.to_string();
    for step in &steps {
        apply_step(&mut text, step);
    }
    let next = offset_of(&text, "\"Next\": \"B\"") + "\"Next\": \"".len();
    steps.extend(backspacing(&text, next, next + 1));
    steps.extend(typing(next, "Wait 日本"));
    check_steps("typing a state (JSON)", SMALL_JSON, Format::Json, &steps);

    let at = offset_of(SMALL_YAML, "  B:");
    let state = "  Wait 日本:\n    Type: Wait\n    Seconds: 1\n    Next: B\n";
    check_steps("typing a state (YAML)", SMALL_YAML, Format::Yaml, &typing(at, state));
}

#[test]
fn typing_a_second_yaml_document_and_taking_it_back() {
    let second = "---\nStartAt: X\nStates:\n  X:\n    Type: Pass\n    Next: Y\n";
    let mut steps = typing(SMALL_YAML.len(), second);
    let mut text = SMALL_YAML.to_string();
    for step in &steps {
        apply_step(&mut text, step);
    }
    // An edit in each document, then the marker taken back.
    let next = offset_of(&text, "Next: Y") + "Next: ".len();
    steps.extend(typing(next + 1, "es"));
    steps.extend(typing(offset_of(&text, "Next: B") + "Next: ".len(), "X"));
    let marker = SMALL_YAML.len();
    steps.extend(backspacing(&format!("{text}es"), marker, marker + 3));
    check_steps("a second YAML document", SMALL_YAML, Format::Yaml, &steps);
}

#[test]
fn typing_next_inside_a_state() {
    // B ends; it gets a `Next` instead, typed key first.
    let at = offset_of(SMALL_JSON, "\"End\": true");
    check_steps(
        "typing Next (JSON)",
        SMALL_JSON,
        Format::Json,
        &typing(at, "\"Next\": \"A\",\n      "),
    );
    let at = offset_of(SMALL_YAML, "    End: true") + 4;
    check_steps(
        "typing Next (YAML)",
        SMALL_YAML,
        Format::Yaml,
        &typing(at, "Next: A\n    "),
    );
    // The same in every state of a realistic workflow.
    let path = Path::new(ROOT).join("tests/workflows/order-processing.asl.json");
    let text = std::fs::read_to_string(path).unwrap();
    let analysis = Analysis::new(&text, Format::Json);
    let mut steps = Vec::new();
    let mut shift = 0;
    for id in analysis.machine.state_ids().take(6) {
        let state = analysis.machine.state(id);
        let Some(node) = state.node else { continue };
        let at = analysis.tree.range(node).start() + 1 + shift;
        let typed = "\"Next\": \"B\", ";
        steps.extend(typing(at, typed));
        shift += typed.len();
    }
    assert!(!steps.is_empty());
    check_steps("typing Next (order-processing)", &text, Format::Json, &steps);
}

#[test]
fn deleting_and_retyping_a_closing_brace() {
    let brace = offset_of(SMALL_JSON, "\n    },") + 5;
    assert_eq!(&SMALL_JSON[brace..brace + 1], "}");
    let steps = vec![
        vec![Change::new(brace, brace + 1, "")],
        vec![Change::insert(brace, "}")],
        // The last brace of the document, then the quote of a key.
        vec![Change::new(SMALL_JSON.len() - 2, SMALL_JSON.len() - 1, "")],
        vec![Change::insert(SMALL_JSON.len() - 2, "}")],
    ];
    check_steps("closing brace (JSON)", SMALL_JSON, Format::Json, &steps);
    let quote = offset_of(SMALL_JSON, "\"StartAt\"");
    let steps = vec![
        vec![Change::new(quote, quote + 1, "")],
        vec![Change::insert(quote, "\"")],
    ];
    check_steps("key quote (JSON)", SMALL_JSON, Format::Json, &steps);
    // Every closing bracket of a realistic workflow, one after the other.
    let path = Path::new(ROOT).join("tests/workflows/human-approval.asl.json");
    let text = std::fs::read_to_string(path).unwrap();
    let steps: Vec<Step> = text
        .match_indices(['}', ']'])
        .step_by(3)
        .flat_map(|(at, bracket)| [vec![Change::new(at, at + 1, "")], vec![Change::insert(at, bracket)]])
        .collect();
    check_steps("every closing bracket (human-approval)", &text, Format::Json, &steps);
}

#[test]
fn line_endings_become_crlf_one_line_at_a_time() {
    for (name, text, format) in [
        ("CRLF (JSON)", SMALL_JSON, Format::Json),
        ("CRLF (YAML)", SMALL_YAML, Format::Yaml),
    ] {
        let steps: Vec<Step> = text
            .match_indices('\n')
            .enumerate()
            .map(|(line, (at, _))| vec![Change::new(at + line, at + line + 1, "\r\n")])
            .collect();
        check_steps(name, text, format, &steps);
    }
}

#[test]
fn the_yaml_emitter_writes_what_the_json_says() {
    let path = Path::new(ROOT).join("tests/workflows/jsonata-variables.asl.json");
    let json = std::fs::read_to_string(path).unwrap();
    let yaml = to_yaml(&json);
    let from_json = Analysis::new(&json, Format::Json);
    let from_yaml = Analysis::new(&yaml, Format::Yaml);
    assert!(from_yaml.tree.errors.is_empty(), "{:?}\n{yaml}", from_yaml.tree.errors);
    let names = |analysis: &Analysis| -> Vec<String> {
        analysis
            .machine
            .state_ids()
            .map(|id| analysis.machine.state(id).name.to_string())
            .collect()
    };
    assert_eq!(names(&from_json), names(&from_yaml));
    let codes = |analysis: &Analysis| -> Vec<&str> { analysis.diagnostics.iter().map(|d| d.code).collect() };
    assert_eq!(codes(&from_json), codes(&from_yaml), "{yaml}");
}

// ---------------------------------------------------------------------------
// The comparison itself

/// The same analysis with its nodes in another arena order (reversed, so
/// every id changes) and the model's node ids mapped along: what an
/// incremental tree that reused and appended nodes could look like.
fn renumbered(analysis: &Analysis) -> Analysis {
    let old = &analysis.tree;
    let mut order: Vec<NodeId> = Vec::new();
    let mut stack: Vec<NodeId> = old.root().into_iter().collect();
    while let Some(id) = stack.pop() {
        order.push(id);
        match &old.node(id).kind {
            NodeKind::Object(members) => stack.extend(members.iter().filter_map(|member| member.value)),
            NodeKind::Array(items) => stack.extend(items.iter().copied()),
            _ => {}
        }
    }
    let mut tree = Tree::new();
    let mut map = HashMap::new();
    for &id in order.iter().rev() {
        map.insert(id, tree.alloc(old.range(id), NodeKind::Null));
    }
    for &id in &order {
        let kind = match &old.node(id).kind {
            NodeKind::Object(members) => NodeKind::Object(
                members
                    .iter()
                    .map(|member| {
                        tree.new_member(
                            member.key.clone(),
                            old.key_range(member),
                            member.value.map(|value| map[&value]),
                        )
                    })
                    .collect(),
            ),
            NodeKind::Array(items) => NodeKind::Array(items.iter().map(|item| map[item]).collect()),
            other => (*other).clone(),
        };
        tree.set_kind(map[&id], kind);
        if !old.is_closed(id) {
            tree.mark_unclosed(map[&id]);
        }
    }
    tree.set_root(old.root().map(|root| map[&root]));
    tree.errors = old.errors.clone();
    let mut machine = analysis.machine.clone();
    for scope in &mut machine.scopes {
        scope.node = map[&scope.node];
        scope.states_node = scope.states_node.map(|node| map[&node]);
    }
    for state in &mut machine.states {
        state.value = state.value.map(|node| map[&node]);
        state.node = state.node.map(|node| map[&node]);
    }
    machine.reindex();
    let mut copy = analysis.clone();
    copy.tree = tree;
    copy.machine = machine;
    copy
}

/// A renumbered arena compares equal; a difference in any part does not.
#[test]
fn the_comparison_ignores_node_ids_and_sees_differences() {
    let docs = documents();
    let chosen = docs.iter().filter(|doc| {
        // Definitions only: a template is compared as a document elsewhere.
        (doc.name.contains("workflows/") || doc.name.contains("examples/") || doc.name.ends_with("Choices.asl.yaml"))
            && !doc.name.contains("templates/")
    });
    let mut seen = 0;
    for doc in chosen {
        seen += 1;
        let fresh = Analysis::new(&doc.text, doc.format);
        let probes = probes(&doc.text, Edit::replace(doc.text.len() / 3, doc.text.len() / 3, 0));
        let check = |changed: &Analysis| compare(changed, &fresh, &doc.text, &probes);
        let copy = renumbered(&fresh);
        assert_ne!(copy.tree.root(), fresh.tree.root(), "{}", doc.name);
        check(&copy).unwrap_or_else(|failure| panic!("{}: {failure}", doc.name));

        let expect_difference = |what: &str, changed: Analysis, part: &str| {
            let failure = check(&changed)
                .err()
                .unwrap_or_else(|| panic!("{}: {what} unseen", doc.name));
            assert!(failure.contains(part), "{}: {what}: {failure}", doc.name);
        };
        let mut changed = copy.clone();
        changed.diagnostics.push(Diagnostic {
            range: TextRange::empty(0),
            severity: Severity::Hint,
            code: "EXTRA",
            message: "one diagnostic more".to_string(),
            fix: None,
        });
        expect_difference("a diagnostic more", changed, "diagnostics");
        if let Some(first) = copy.diagnostics.first() {
            let mut changed = copy.clone();
            changed.diagnostics[0].message = format!("{} ", first.message);
            expect_difference("a message changed", changed, "diagnostics");
        }
        let mut changed = copy.clone();
        changed.machine.states.last_mut().unwrap().transitions.clear();
        changed.machine.states.first_mut().unwrap().transitions.clear();
        expect_difference("transitions lost", changed, "model");
        let mut changed = copy.clone();
        changed.machine.states[1].node = changed.machine.states[0].node;
        expect_difference("a state pointing at another's object", changed, "model");
        let mut changed = copy.clone();
        changed.variables.uses.clear();
        changed.variables.definitions.clear();
        if changed.variables != fresh.variables {
            expect_difference("variables lost", changed, "variable uses");
        }
        // A string value of the tree changed in place.
        let mut changed = copy.clone();
        let target = (0..changed.tree.len() as u32)
            .map(NodeId)
            .find(|&id| changed.tree.str(id) == Some("Pass") || changed.tree.str(id) == Some("Task"))
            .expect("a state type");
        changed.tree.set_kind(target, NodeKind::String("Succeed".into()));
        expect_difference("a value changed", changed, "tree node");
        // A range one byte off.
        let mut changed = copy.clone();
        let range = changed.tree.range(target);
        changed
            .tree
            .set_range(target, TextRange::new(range.start(), range.end() + 1));
        expect_difference("a range changed", changed, "tree node");
        // An object marked unclosed.
        let mut changed = copy.clone();
        let root = changed.tree.root().unwrap();
        changed.tree.mark_unclosed(root);
        expect_difference("an unclosed root", changed, "tree node $");
    }
    assert!(seen >= 10, "{seen}");
}
