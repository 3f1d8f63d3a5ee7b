//! A file as the server and the command line hold it: one state machine
//! definition, or a template (CloudFormation, SAM, the Serverless
//! Framework) whose state machines are each analysed on their own, in the
//! file's own coordinates.
//!
//! A machine inside a template is its definition's subtree of the
//! template's tree (`Tree::subtree`), analysed with the whole text, so every
//! range it reports is already a range of the file. An edit re-analyses
//! only the machine it falls in (incrementally, as for a definition file);
//! the machines after it move; the others stay as they were.

mod decoded;
mod express;
pub mod find;
mod link;
mod stream;
mod substitutions;
mod suppress;
mod terraform;

use std::collections::{HashMap, VecDeque};

use crate::check::{self, codes, Diagnostic, Severity};
use crate::syntax::placeholders::Placeholders;
use crate::syntax::{self, CompactString, Edit, Format, TextRange, Tree};
use crate::Analysis;
pub use find::{find, is_template_name, Fill, Found, Holds, Place};
pub use link::{Link, Linked};
pub use suppress::Suppressions;

/// One state machine of a file.
#[derive(Clone, Debug)]
pub struct Machine {
    /// The resource (or Serverless machine) it is the definition of; `None`
    /// for a definition file.
    pub name: Option<CompactString>,
    /// The range of that name's key.
    pub name_range: TextRange,
    pub analysis: Analysis,
    /// What was read: the definition's object, or the range of the JSON
    /// written as it is; `None` for a definition file.
    source: Option<Source>,
    /// For a definition decoded from a string, its text and where each of
    /// its bytes came from: the analysis is in that text's coordinates.
    decoded: Option<std::sync::Arc<decoded::Decoded>>,
}

impl Machine {
    /// True when the analysis is of a decoded string (a quoted
    /// `DefinitionString`, a `Fn::Join`), in that text's coordinates.
    pub fn is_decoded(&self) -> bool {
        self.decoded.is_some()
    }

    /// The text the analysis is about: `file`, or the decoded string.
    pub fn text<'a>(&'a self, file: &'a str) -> &'a str {
        self.decoded.as_ref().map_or(file, |decoded| decoded.text.as_str())
    }

    /// The range of the file the machine was read from (its definition's
    /// value in a template); `None` for a definition file, which is all of
    /// it.
    pub fn source_range(&self) -> Option<TextRange> {
        self.source.map(Source::range)
    }

    /// A file offset as an offset of the analysis (the same, unless the
    /// machine was decoded from a string).
    pub fn offset_in(&self, file_offset: usize) -> Option<usize> {
        match &self.decoded {
            Some(decoded) => decoded.offset_in(file_offset),
            None => Some(file_offset),
        }
    }

    /// A range of the analysis as a range of the file.
    pub fn file_range(&self, range: TextRange) -> TextRange {
        self.decoded.as_ref().map_or(range, |decoded| decoded.range(range))
    }

    /// An edit of the analysis' text as an edit of the file: the same for
    /// a machine read in place; for a decoded string, the characters it
    /// came from and the new text escaped as the string is written, or
    /// `None` where that cannot be done (see `Decoded::edit`).
    pub fn file_edit(&self, range: TextRange, new_text: &str) -> Option<(TextRange, String)> {
        match &self.decoded {
            None => Some((range, new_text.to_string())),
            Some(decoded) => decoded.edit(range, new_text),
        }
    }
}

/// Where a template's machine was read from.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Source {
    /// An object of the template, at this range.
    Object(TextRange),
    /// JSON written as it is in the file, at this range.
    Text(TextRange),
    /// A string decoded first, at this range.
    Decoded(TextRange),
}

#[derive(Clone, Debug)]
pub struct Document {
    pub format: Format,
    /// The state machines, in the order of the file.
    pub machines: Vec<Machine>,
    /// A template's own tree; `None` for a definition file, whose tree is
    /// its machine's.
    template: Option<Tree>,
    /// A template's diagnostics and its machines', in one list.
    diagnostics: Vec<Diagnostic>,
    /// A Terraform file: its machines are found by `terraform::find`, and
    /// it has no tree of its own.
    terraform: bool,
    /// A YAML stream of several documents, each a machine of its own
    /// (`stream::find`); no tree of its own either.
    stream: bool,
    /// Where the text says `asl-lsp:` (an inline suppression, most likely),
    /// kept up to date by each edit so that a text without any costs
    /// nothing per keystroke (`suppress.rs`).
    marks: Vec<usize>,
    /// The placeholder syntaxes of a templating tool that the text is read
    /// with (`{{ name }}`…), each placeholder read as a `${…}` one.
    placeholders: Placeholders,
}

impl Document {
    pub fn new(text: &str, format: Format) -> Document {
        let mut document = Document::read(text, format);
        document.marks = suppress::marks(text);
        document
    }

    /// The document of `text` whose placeholders of `placeholders` (a
    /// templating tool's, from the configuration) are read as `${…}` ones:
    /// never an error, the value they stand for unknown.
    pub fn with_placeholders(text: &str, format: Format, placeholders: Placeholders) -> Document {
        if placeholders.is_empty() {
            return Document::new(text, format);
        }
        let mut document = Document::new(&placeholders.rewrite(text), format);
        document.placeholders = placeholders;
        document.forget_unfilled(text);
        document
    }

    /// The templating tool fills in its own placeholders before the
    /// template's `DefinitionSubstitutions` are read.
    fn forget_unfilled(&mut self, text: &str) {
        let placeholders = &self.placeholders;
        self.diagnostics.retain(|diagnostic| {
            diagnostic.code != codes::UNDEFINED_PLACEHOLDER || !placeholders.opens_at(text, diagnostic.range.start())
        });
    }

    /// The placeholder syntaxes the document is read with.
    pub fn placeholders(&self) -> &Placeholders {
        &self.placeholders
    }

    fn read(text: &str, format: Format) -> Document {
        if let Some(places) = (format == Format::Yaml).then(|| stream::find(text)).flatten() {
            return Document::stream(text, &places);
        }
        if let Some(places) = terraform::find(text) {
            let tree = Tree::new();
            let machines = read_all(text, format, &tree, &places);
            let mut document = Document::template(text, format, tree, &places, machines);
            document.terraform = true;
            return document;
        }
        Document::of_tree(text, format, syntax::parse(text, format))
    }

    fn of_tree(text: &str, format: Format, tree: Tree) -> Document {
        match find(&tree, text) {
            Found::Definition => Document::definition(Analysis::of_tree(text, format, tree)),
            Found::Template(places) => {
                let machines = read_all(text, format, &tree, &places);
                Document::template(text, format, tree, &places, machines)
            }
        }
    }

    /// The documents of a YAML stream, each read as a definition.
    fn stream(text: &str, places: &[Place]) -> Document {
        let tree = Tree::new();
        let machines = read_all(text, Format::Yaml, &tree, places);
        let mut document = Document::template(text, Format::Yaml, tree, places, machines);
        document.stream = true;
        document
    }

    fn definition(analysis: Analysis) -> Document {
        Document {
            format: analysis.format,
            machines: vec![Machine {
                name: None,
                name_range: TextRange::default(),
                analysis,
                source: None,
                decoded: None,
            }],
            template: None,
            diagnostics: Vec::new(),
            terraform: false,
            stream: false,
            marks: Vec::new(),
            placeholders: Placeholders::default(),
        }
    }

    fn template(text: &str, format: Format, tree: Tree, places: &[Place], machines: Vec<Machine>) -> Document {
        let mut diagnostics = template_diagnostics(text, &tree, format, places, &machines);
        // What the machines the template makes Express workflows cannot do.
        for place in places.iter().filter(|place| place.express) {
            let Some(machine) = machines
                .iter()
                .find(|machine| machine.name.as_ref() == Some(&place.name))
            else {
                continue;
            };
            diagnostics.extend(
                express::problems(&machine.analysis)
                    .into_iter()
                    .map(|diagnostic| Diagnostic {
                        range: machine.file_range(diagnostic.range),
                        ..diagnostic
                    }),
            );
        }
        for machine in &machines {
            match &machine.decoded {
                None => diagnostics.extend_from_slice(&machine.analysis.diagnostics),
                // In the file's coordinates, a fix written with the
                // string's escapes (and left out where it cannot be).
                Some(decoded) => diagnostics.extend(machine.analysis.diagnostics.iter().map(|diagnostic| Diagnostic {
                    range: decoded.range(diagnostic.range),
                    fix: diagnostic.fix.as_ref().and_then(|fix| {
                        let (range, new_text) = decoded.edit(fix.range, &fix.new_text)?;
                        Some(check::Fix {
                            range,
                            new_text,
                            title: fix.title.clone(),
                        })
                    }),
                    ..diagnostic.clone()
                })),
            }
        }
        Document {
            format,
            machines,
            template: Some(tree),
            diagnostics: check::merged(diagnostics),
            terraform: false,
            stream: false,
            marks: Vec::new(),
            placeholders: Placeholders::default(),
        }
    }

    /// The document of `text`, which is the text `self` was made from after
    /// `edit`; the same as `Document::new(text, self.format)`.
    pub fn update(mut self, text: &str, edit: Edit) -> Document {
        if !self.placeholders.is_empty() {
            let placeholders = std::mem::take(&mut self.placeholders);
            let edit = placeholders.widen(text, edit);
            let mut document = self.update(&placeholders.rewrite(text), edit);
            document.placeholders = placeholders;
            document.forget_unfilled(text);
            return document;
        }
        let marks = suppress::marks_after(std::mem::take(&mut self.marks), text, edit);
        let mut document = self.reread(text, edit);
        document.marks = marks;
        document
    }

    fn reread(self, text: &str, edit: Edit) -> Document {
        let format = self.format;
        let Some(template) = self.template else {
            let Some(machine) = self.machines.into_iter().next() else {
                return Document::new(text, format);
            };
            let analysis = machine.analysis.update(text, edit);
            // A definition that became a template (a whole template pasted
            // over it) is read afresh as one.
            // Terraform never parses as an object; only a definition that
            // does not could have become Terraform.
            let object = analysis
                .tree
                .root()
                .is_some_and(|root| analysis.tree.members(root).is_some());
            // A YAML definition may have become a stream: the parser then
            // stops at the second document's marker, with an error there.
            let stream = format == Format::Yaml && stream::stopped_at_marker(text, &analysis.tree);
            return match find(&analysis.tree, text) {
                Found::Definition if !stream && (object || terraform::find(text).is_none()) => {
                    Document::definition(analysis)
                }
                _ => Document::new(text, format),
            };
        };
        if self.stream {
            let Some(places) = stream::find(text) else {
                return Document::new(text, format);
            };
            let tree = Tree::new();
            let machines = carry_over(self.machines, &places, text, format, &tree, edit, false);
            let mut document = Document::template(text, format, tree, &places, machines);
            document.stream = true;
            return document;
        }
        let terraform = terraform::find(text);
        if self.terraform || terraform.is_some() {
            let Some(places) = terraform.filter(|_| self.terraform) else {
                return Document::new(text, format);
            };
            let tree = Tree::new();
            let machines = carry_over(self.machines, &places, text, format, &tree, edit, false);
            let mut document = Document::template(text, format, tree, &places, machines);
            document.terraform = true;
            return document;
        }
        let is_invalid = |tree: &Tree| {
            tree.errors
                .iter()
                .any(|error| error.kind == syntax::SyntaxErrorKind::Invalid)
        };
        let was_invalid = is_invalid(&template);
        let tree = match syntax::reparse(template, text, edit, format) {
            Some((tree, _)) => tree,
            None => syntax::parse(text, format),
        };
        let places = match find(&tree, text) {
            Found::Definition => return Document::definition(Analysis::of_tree(text, format, tree)),
            Found::Template(places) => places,
        };
        // While the text does not parse, how the parser recovers can reach
        // across a machine's edges: every machine is read again then, and
        // once more when it parses again.
        let reread = was_invalid || is_invalid(&tree);
        let machines = carry_over(self.machines, &places, text, format, &tree, edit, reread);
        Document::template(text, format, tree, &places, machines)
    }

    /// Every diagnostic of the file.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match (&self.template, self.machines.first()) {
            (None, Some(machine)) => &machine.analysis.diagnostics,
            _ => &self.diagnostics,
        }
    }

    /// The tree of the whole file.
    pub fn tree(&self) -> Option<&Tree> {
        match &self.template {
            Some(tree) => Some(tree),
            None => self.machines.first().map(|machine| &machine.analysis.tree),
        }
    }

    /// What this definition (a file of its own, or each document of a
    /// stream) could not do as an Express workflow, for when something
    /// other than the text says it is one (the configuration); none for a
    /// template, which says so itself.
    pub fn express_problems(&self) -> Vec<Diagnostic> {
        if self.is_template() {
            return Vec::new();
        }
        let mut found: Vec<Diagnostic> = self
            .machines
            .iter()
            .filter(|machine| !machine.is_decoded())
            .flat_map(|machine| express::problems(&machine.analysis))
            .collect();
        found.sort_by_key(|diagnostic| diagnostic.range);
        found
    }

    /// True for a template (even one without state machines).
    pub fn is_template(&self) -> bool {
        self.template.is_some() && !self.stream
    }

    /// True for a YAML stream of several documents, each a machine.
    pub fn is_stream(&self) -> bool {
        self.stream
    }

    /// True when the text shows a state machine definition: its top level
    /// is an object with `StartAt` or `States` (in a stream, the top level
    /// of one of its documents).
    pub fn is_definition(&self) -> bool {
        let shows = |machine: &Machine| {
            let tree = &machine.analysis.tree;
            tree.root()
                .is_some_and(|root| tree.get(root, "StartAt").is_some() || tree.get(root, "States").is_some())
        };
        match (&self.template, self.stream) {
            (None, _) => self.machines.first().is_some_and(shows),
            (Some(_), true) => self.machines.iter().any(shows),
            (Some(_), false) => false,
        }
    }

    /// The machine whose definition holds `offset` (touching its ends
    /// counts); for a definition file, its machine wherever the offset is.
    pub fn machine_at(&self, offset: usize) -> Option<&Machine> {
        if self.template.is_none() {
            return self.machines.first();
        }
        self.machines.iter().find(|machine| {
            machine
                .source
                .is_some_and(|source| source.range().contains_inclusive(offset))
        })
    }

    /// The analysis of the machine at `offset`, as `machine_at`, for the
    /// editor features that answer in the file's coordinates: none for a
    /// definition decoded from a string (see `Machine::offset_in`).
    pub fn at(&self, offset: usize) -> Option<&Analysis> {
        self.machine_at(offset)
            .filter(|machine| machine.decoded.is_none())
            .map(|machine| &machine.analysis)
    }
}

/// The machines of `places`, each carried over from `earlier` where it can
/// be (`carried`), else read; with `reread`, all of them read.
fn carry_over(
    earlier: Vec<Machine>,
    places: &[Place],
    text: &str,
    format: Format,
    tree: &Tree,
    edit: Edit,
    reread: bool,
) -> Vec<Machine> {
    // The earlier machines by name, each name's in order, taken as they
    // are matched: linear in the machines, however many share a name.
    let mut old: HashMap<CompactString, VecDeque<Machine>> = HashMap::new();
    if !reread {
        for machine in earlier {
            if let Some(name) = machine.name.clone() {
                old.entry(name).or_default().push_back(machine);
            }
        }
    }
    let mut machines = Vec::new();
    for place in places {
        let Some(source) = source(tree, &place.what) else {
            continue;
        };
        let earlier = old.get_mut(&place.name).and_then(VecDeque::pop_front);
        let carried = earlier.filter(|earlier| earlier.source.is_some()).and_then(|earlier| {
            let decoded = earlier.decoded;
            carried(earlier.analysis, earlier.source?, text, edit, source).map(|analysis| (analysis, decoded))
        });
        let Some((analysis, decoded)) = carried.or_else(|| read(text, format, tree, &place.what)) else {
            continue;
        };
        machines.push(Machine {
            name: Some(place.name.clone()),
            name_range: place.name_range,
            analysis,
            source: Some(source),
            decoded,
        });
    }
    machines
}

/// Whether the resource `name` of a template's tree gives its
/// `DefinitionString` as a plain string (quoted or a block), rather than
/// through `Fn::Sub` or `Fn::Join`.
fn plain_definition_string(tree: &Tree, name: &str) -> bool {
    tree.root()
        .and_then(|root| tree.get(root, "Resources"))
        .and_then(|resources| tree.get(resources, name))
        .and_then(|resource| tree.get(resource, "Properties"))
        .and_then(|properties| tree.get(properties, "DefinitionString"))
        .is_some_and(|value| tree.str(value).is_some())
}

/// The machine of each place that holds one the file itself writes.
fn read_all(text: &str, format: Format, tree: &Tree, places: &[Place]) -> Vec<Machine> {
    places
        .iter()
        .filter_map(|place| {
            let source = source(tree, &place.what)?;
            let (analysis, decoded) = read(text, format, tree, &place.what)?;
            Some(Machine {
                name: Some(place.name.clone()),
                name_range: place.name_range,
                analysis,
                source: Some(source),
                decoded,
            })
        })
        .collect()
}

/// What a machine is read from, as `Source`.
fn source(tree: &Tree, what: &Holds) -> Option<Source> {
    match *what {
        Holds::Definition(node) => Some(Source::Object(tree.range(node))),
        Holds::Text(range) | Holds::Document(range) => Some(Source::Text(range)),
        Holds::Decoded(node) => Some(Source::Decoded(tree.range(node))),
        _ => None,
    }
}

impl Source {
    fn range(self) -> TextRange {
        match self {
            Source::Object(range) | Source::Text(range) | Source::Decoded(range) => range,
        }
    }
}

/// The analysis of a machine written in the template: its subtree of the
/// template's tree, or the JSON written as it is at a range of the text.
/// A machine's analysis, with the decoded text it is about when it is one.
type Read = (Analysis, Option<std::sync::Arc<decoded::Decoded>>);

fn read(text: &str, format: Format, tree: &Tree, what: &Holds) -> Option<Read> {
    match *what {
        Holds::Definition(node) => Some((Analysis::of_tree(text, format, tree.subtree(node)), None)),
        Holds::Text(range) => Some((
            Analysis::of_tree(text, Format::Json, syntax::json::parse_region(text, range)),
            None,
        )),
        Holds::Document(range) => Some((
            Analysis::of_tree(text, Format::Yaml, syntax::yaml::parse_region(text, range)),
            None,
        )),
        Holds::Decoded(node) => {
            let decoded = decoded::Decoded::of(text, tree, node)?;
            let analysis = Analysis::new(&decoded.text, Format::Json);
            Some((analysis, Some(std::sync::Arc::new(decoded))))
        }
        _ => None,
    }
}

/// An earlier analysis of a machine brought up to `text` when the edit
/// leaves it where a fresh reading would find it (`now`, read from
/// `before` earlier): unchanged, moved, or (an object) edited inside.
/// `None` when it must be read again.
fn carried(analysis: Analysis, before: Source, text: &str, edit: Edit, now: Source) -> Option<Analysis> {
    let (old, new, object) = match (before, now) {
        (Source::Object(old), Source::Object(new)) => (old, new, true),
        (Source::Text(old), Source::Text(new)) => (old, new, false),
        // A decoded text is in its own coordinates: kept when the edit is
        // after it, read again otherwise.
        (Source::Decoded(old), Source::Decoded(new)) => {
            return (edit.start >= old.end() && new == old).then_some(analysis);
        }
        _ => return None,
    };
    if edit.start >= old.end() {
        return (new == old).then_some(analysis);
    }
    if edit.old_end <= old.start() {
        return (new == edit.map(old)).then(|| analysis.moved(edit));
    }
    // JSON written in a YAML block or a heredoc is read again whole: its
    // edges are the text's, not brackets an incremental parse could keep to.
    if object && old.start() < edit.start && edit.old_end < old.end() {
        if new != TextRange::new(old.start(), edit.shift(old.end())) {
            return None;
        }
        let updated = analysis.update_within(text, edit)?;
        let root = updated.tree.root()?;
        return (updated.tree.range(root) == new).then_some(updated);
    }
    None
}

/// What a template says of itself: its syntax errors outside its machines,
/// and a note on each machine whose definition is not read here.
fn template_diagnostics(
    text: &str,
    tree: &Tree,
    format: Format,
    places: &[Place],
    machines: &[Machine],
) -> Vec<Diagnostic> {
    // A machine read from the template's tree or text reports the syntax
    // errors inside it; a decoded string's escapes are the template's. The
    // machines' ranges in order, searched for each error.
    let mut definitions: Vec<TextRange> = machines
        .iter()
        .filter(|machine| machine.decoded.is_none())
        .filter_map(|machine| {
            machine
                .analysis
                .tree
                .root()
                .map(|root| machine.analysis.tree.range(root))
        })
        .collect();
    definitions.sort_unstable();
    let inside_a_machine = |range: TextRange| {
        let after = definitions.partition_point(|definition| definition.start <= range.start);
        definitions[..after]
            .last()
            .is_some_and(|definition| range.end <= definition.end)
    };
    let mut diagnostics = check::syntax_errors(
        tree.errors.iter().filter(|error| !inside_a_machine(error.range)),
        format,
    );
    for place in places {
        let (range, message) = match &place.what {
            // The JSON of a `DefinitionString`: written as a plain string,
            // its placeholders are the substitutions' to fill in (under
            // `!Sub` or in a join, CloudFormation's, and not checked here).
            Holds::Text(_) | Holds::Decoded(_) => {
                if place.fills && plain_definition_string(tree, &place.name) {
                    if let Some(machine) = machines.iter().find(|machine| machine.name.as_ref() == Some(&place.name)) {
                        let own = &machine.analysis.tree;
                        let placeholders: Vec<substitutions::Placeholder> = own
                            .root()
                            .map(|root| substitutions::placeholders_in(machine.text(text), own, root))
                            .unwrap_or_default()
                            .into_iter()
                            .map(|placeholder| substitutions::Placeholder {
                                range: machine.file_range(placeholder.range),
                                ..placeholder
                            })
                            .collect();
                        let given = substitutions::provided(tree, place.substitutions);
                        let (undefined, unused) = substitutions::compare(
                            &placeholders,
                            &given,
                            &place.name,
                            substitutions::Filler::Substitutions,
                        );
                        diagnostics.extend(undefined);
                        diagnostics.extend(unused);
                    }
                }
                continue;
            }
            Holds::Document(_) => continue,
            // A file of its own: whoever reads files checks it (`link`).
            Holds::File { .. } => continue,
            Holds::Definition(node) => {
                if place.fills {
                    diagnostics.extend(substitutions::check(text, tree, *node, place.substitutions, &place.name));
                }
                continue;
            }
            Holds::Elsewhere { key_range, key } if key.eq_ignore_ascii_case("definition") => {
                diagnostics.push(Diagnostic {
                    range: *key_range,
                    severity: Severity::Warning,
                    code: codes::SCHEMA,
                    message: format!(
                        "The definition of {} must be an object (a mapping in YAML)",
                        check::quoted(&place.name)
                    ),
                    fix: None,
                });
                continue;
            }
            Holds::Elsewhere { key_range, key } => (
                *key_range,
                match key.as_str() {
                    "DefinitionS3Location" => format!(
                        "The definition of {} is in S3: it is not checked here",
                        check::quoted(&place.name)
                    ),
                    key => format!(
                        "The definition of {} is given as {}, which is not read here yet: a definition is checked when it is written out in the file (an object, a YAML block, a heredoc)",
                        check::quoted(&place.name),
                        check::quoted(key)
                    ),
                },
            ),
            Holds::Missing => (
                place.name_range,
                format!("The state machine {} has no definition", check::quoted(&place.name)),
            ),
        };
        diagnostics.push(Diagnostic {
            range,
            severity: Severity::Information,
            code: codes::NOT_ANALYSED,
            message,
            fix: None,
        });
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each diagnostic as `code line:column text`, columns from 1.
    fn report(text: &str, format: Format) -> Vec<String> {
        let document = Document::new(text, format);
        document
            .diagnostics()
            .iter()
            .map(|diagnostic| {
                let start = diagnostic.range.start();
                let line = text[..start].matches('\n').count() + 1;
                let column = start - text[..start].rfind('\n').map_or(0, |index| index + 1) + 1;
                format!(
                    "{} {line}:{column} {}",
                    diagnostic.code,
                    &text[diagnostic.range.start()..diagnostic.range.end()]
                )
            })
            .collect()
    }

    #[test]
    fn what_a_file_holds() {
        let kinds = |text: &str, format: Format| {
            let document = Document::new(text, format);
            let names: Vec<String> = document
                .machines
                .iter()
                .map(|machine| machine.name.as_deref().unwrap_or("-").to_string())
                .collect();
            (document.is_template(), names)
        };
        assert_eq!(
            kinds(r#"{"StartAt": "A", "States": {}}"#, Format::Json),
            (false, vec!["-".to_string()])
        );
        // Not a template either: read as a definition, as always.
        assert!(!kinds(r#"{"name": "x", "version": "1.0.0"}"#, Format::Json).0);
        let sam = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n";
        assert_eq!(kinds(sam, Format::Yaml), (true, vec![]));
        let serverless = "service: s\nstepFunctions:\n  stateMachines:\n    one:\n      definition:\n        StartAt: A\n        States:\n          A:\n            Type: Succeed\n";
        assert_eq!(kinds(serverless, Format::Yaml), (true, vec!["one".to_string()]));
    }

    #[test]
    fn each_document_of_a_yaml_stream_is_a_machine() {
        let text = "# two machines in one file\nStartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n  B:\n    Type: Succeed\n---\nStartAt: X\nStates:\n  X:\n    Type: Pass\n    Next: Y\n";
        let document = Document::new(text, Format::Yaml);
        assert!(document.is_stream() && !document.is_template() && document.is_definition());
        let names: Vec<&str> = document.machines.iter().filter_map(|m| m.name.as_deref()).collect();
        assert_eq!(names, ["document 1", "document 2"]);
        // The second document's mistakes, at their place in the file, and
        // none from the first or from the marker between them.
        let found: Vec<(&str, &str)> = document
            .diagnostics()
            .iter()
            .map(|d| (d.code, &text[d.range.start()..d.range.end()]))
            .collect();
        assert_eq!(
            found,
            [
                (codes::MISSING_END_STATE, "States"),
                (codes::MISSING_TRANSITION_TARGET, "Y")
            ]
        );
        let y = text.find("Next: Y").unwrap() + "Next: ".len();
        assert_eq!(
            document.machine_at(y).and_then(|m| m.name.as_deref()),
            Some("document 2")
        );
        assert!(document.at(y).is_some());
        // A stream of documents that are no definitions is nothing to us.
        let manifests = "kind: Service\n---\nkind: Deployment\n";
        let other = Document::new(manifests, Format::Yaml);
        assert!(!other.is_definition() && !other.is_template());
    }

    #[test]
    fn placeholders_of_a_plain_definition_string_against_substitutions() {
        let text = "Resources:\n  Block:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionSubstitutions:\n        FnArn: arn\n        Spare: x\n      DefinitionString: |\n        {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"${Nope}\", \"Parameters\": {\"F\": \"${FnArn}\"}, \"End\": true}}}\n  Quoted:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: \"{\\\"StartAt\\\": \\\"A\\\", \\\"States\\\": {\\\"A\\\": {\\\"Type\\\": \\\"Task\\\", \\\"Resource\\\": \\\"${Gone}\\\", \\\"End\\\": true}}}\"\n  Subbed:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub |\n        {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"${AWS::Region}\", \"End\": true}}}\n";
        let document = Document::new(text, Format::Yaml);
        let found: Vec<(&str, &str)> = document
            .diagnostics()
            .iter()
            .map(|d| (d.code, &text[d.range.start()..d.range.end()]))
            .collect();
        assert_eq!(
            found,
            [
                (codes::UNUSED_SUBSTITUTION, "Spare"),
                (codes::UNDEFINED_PLACEHOLDER, "${Nope}"),
                (codes::UNDEFINED_PLACEHOLDER, "${Gone}")
            ]
        );
    }

    #[test]
    fn templates_say_which_machines_are_express() {
        let task = r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Parameters": {"FunctionName": "f", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}"#;
        let express_codes = |text: &str, format: Format| {
            Document::new(text, format)
                .diagnostics()
                .iter()
                .filter(|d| d.code == codes::EXPRESS_UNSUPPORTED)
                .count()
        };
        let cloudformation = format!(
            r#"{{"Resources": {{"M": {{"Type": "AWS::StepFunctions::StateMachine", "Properties": {{"StateMachineType": "EXPRESS", "Definition": {task}}}}}}}}}"#
        );
        assert_eq!(express_codes(&cloudformation, Format::Json), 1);
        assert_eq!(
            express_codes(&cloudformation.replace("EXPRESS", "STANDARD"), Format::Json),
            0
        );
        let sam = format!(
            r#"{{"Transform": "AWS::Serverless-2016-10-31", "Resources": {{"M": {{"Type": "AWS::Serverless::StateMachine", "Properties": {{"Type": "EXPRESS", "Definition": {task}}}}}}}}}"#
        );
        assert_eq!(express_codes(&sam, Format::Json), 1);
        let serverless = format!(
            r#"{{"service": "s", "stepFunctions": {{"stateMachines": {{"m": {{"type": "express", "definition": {task}}}}}}}}}"#
        );
        assert_eq!(express_codes(&serverless, Format::Json), 1);
        let terraform = format!(
            "resource \"aws_sfn_state_machine\" \"m\" {{\n  type = \"EXPRESS\"\n  definition = <<EOF\n{task}\nEOF\n}}\n"
        );
        assert_eq!(express_codes(&terraform, Format::Json), 1);
        // A definition file says nothing of its type: only the configuration does.
        assert_eq!(express_codes(task, Format::Json), 0);
        assert_eq!(Document::new(task, Format::Json).express_problems().len(), 1);
    }

    #[test]
    fn definitions_not_read_here_are_noted() {
        let text = r#"{"Resources": {
  "A": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": {"Fn::ImportValue": "x"}}},
  "B": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionS3Location": {"Bucket": "b", "Key": "k"}}},
  "C": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"RoleArn": "r"}},
  "D": {"Type": "AWS::Serverless::StateMachine", "Properties": {"Definition": "not an object"}},
  "E": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": {"Fn::Sub": "x"}}},
  "F": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succed\"}}}"}}
}}"#;
        assert_eq!(
            report(text, Format::Json),
            [
                "NOT_ANALYSED 2:68 \"DefinitionString\"",
                "NOT_ANALYSED 3:68 \"DefinitionS3Location\"",
                "NOT_ANALYSED 4:3 \"C\"",
                "SCHEMA_VALIDATION_FAILED 5:65 \"Definition\"",
                "SCHEMA_VALIDATION_FAILED 6:68 \"Definition\"",
                "MISSING_END_STATE 7:110 \\\"States\\\"",
                "SCHEMA_VALIDATION_FAILED 7:141 \\\"Succed\\\"",
            ]
        );
    }

    #[test]
    fn what_an_alias_brings_in_is_reported_where_it_is_used() {
        let text = "StartAt: A
States:
  A:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Parameters:
      FunctionName: f
    Retry: &retry
      - ErrorEquals: [States.ALL]
        MaxAttempts: -1
    Next: B
  B:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Parameters:
      FunctionName: g
    Retry: *retry
    End: true
";
        // Once where it is written (for A), once where B takes it in.
        assert_eq!(
            report(text, Format::Yaml),
            [
                "SCHEMA_VALIDATION_FAILED 10:22 -1",
                "SCHEMA_VALIDATION_FAILED 17:12 *retry"
            ]
        );
    }

    #[test]
    fn placeholders_against_substitutions() {
        let text = "Resources:
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionSubstitutions:
        Used: x
        Spare: y
      Definition:
        StartAt: A
        States:
          A:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: ${Used}
              Payload:
                at: !Sub ${AWS::Region}
                missing: ${Missing}
            End: true
";
        assert_eq!(
            report(text, Format::Yaml),
            [
                "UNUSED_SUBSTITUTION 7:9 Spare",
                "UNDEFINED_PLACEHOLDER 18:26 ${Missing}"
            ]
        );
    }

    #[test]
    fn an_edit_in_one_machine_leaves_the_others_alone() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/templates/cloudformation.template.json"
        ))
        .unwrap();
        let document = Document::new(&text, Format::Json);
        let at = text
            .find("\"Wait a day\": {\"Type\": \"Wait\", \"Seconds\": 86400")
            .unwrap()
            + 45;
        let mut edited = text.clone();
        edited.insert(at, '0');
        let first_before = document.machines[0].analysis.diagnostics.clone();
        let updated = document.update(&edited, Edit::replace(at, at, 1));
        let fresh = Document::new(&edited, Format::Json);
        assert_eq!(updated.diagnostics(), fresh.diagnostics());
        assert_eq!(updated.machines[0].analysis.diagnostics, first_before);
        assert_eq!(updated.machines.len(), 2);
    }
}
