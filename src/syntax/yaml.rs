//! YAML front end: saphyr-parser's event stream lowered into our syntax tree.
//!
//! The events carry spans in *characters*; `Positions` turns them into the
//! byte offsets that [`TextRange`] holds. Scalars are typed by the YAML 1.2
//! core schema and numbers are rewritten as JSON number text, so a YAML
//! definition gives the same tree as its JSON twin. Tags (CloudFormation's
//! `!Ref`, `!Sub`) are dropped and their value kept, aliases become copies of
//! the anchored node (within a budget of bytes against alias bombs, reported
//! at the first alias that does not fit), and only the first document of a
//! stream is read.
//!
//! saphyr-parser stops at the first syntax error. The builder keeps what it
//! has, drops the rest of the offending line (or the whole flow collection
//! `[…]`/`{…}` the error is in), and parses on from the next line: a new
//! parser reads a few synthetic lines that reopen the mappings and sequences
//! still open, then the text. The synthetic lines yield events the builder
//! skips, so the text's events land in the open collections as if nothing
//! had happened. Each error thus costs at most its own line or flow
//! collection, and the whole parse stays linear in the text whatever the
//! number of errors.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use super::edit::Edit;
use super::tree::{Member, NodeId, NodeKind, SyntaxError, SyntaxErrorKind, TextRange, Tree};

/// Deeper nesting than this is reported and parsing stops there.
const MAX_DEPTH: usize = 256;

/// Alias expansions of one document may add as many bytes as the text has
/// times this factor, and this many whatever the text's size.
const ALIAS_BUDGET_FACTOR: usize = 4;
const ALIAS_BUDGET_FLOOR: usize = 1 << 20;

/// What a node or a member costs the alias budget besides its text.
const NODE_COST: usize = 16;

const COLLECTION_KEY: &str = "A mapping key must be a string; a collection as a key is not supported";

/// Parse YAML text into a Tree. Never panics, never hangs, for any input;
/// linear in the text whatever the number of syntax errors.
pub fn parse(text: &str) -> Tree {
    let mut builder = Builder::new(text);
    builder.run(Parser::new_from_str(text));
    // Where the last parser resumed: every recovery resumes after it, even
    // when the culprit of an error found after resuming lies before it, so
    // the loop ends (saphyr reports a key missing on a line of non-ASCII
    // white space at the token before that line).
    let mut floor = 0;
    while let Some(stop) = builder.stopped_at.take() {
        let Some((prefix, resume)) = builder.recover(stop.max(floor)) else {
            break;
        };
        if resume <= floor {
            break;
        }
        floor = resume;
        builder.segment = Segment {
            prefix_chars: prefix.len(),
            resume_char: builder.positions.char_index(resume),
        };
        builder.run(Parser::new_from_iter(prefix.chars().chain(text[resume..].chars())));
    }
    builder.finish()
}

/// Parse one document of a YAML stream, the text at `range`, into a tree
/// in the coordinates of all of `text`.
pub fn parse_region(text: &str, range: TextRange) -> Tree {
    let Some(region) = text.get(range.start()..range.end()) else {
        return Tree::new();
    };
    let mut tree = parse(region);
    tree.shift(0, range.start() as isize, TextRange::empty(0));
    tree
}

/// Bring `tree`, parsed from the text before `edit`, up to `text` by
/// parsing again only the innermost block mapping that holds the edit and
/// is the value of a key on an earlier line: its lines are those after the
/// key indented deeper than the key, so they can be read alone. `None`
/// when that cannot give what a fresh parse gives (the text has anchors or
/// aliases, a syntax error, tabs in the lines read again, or the mapping
/// now ends elsewhere than where the edit moved its end); the caller then
/// parses the whole text. With the tree comes the range parsed again.
pub fn reparse(mut tree: Tree, text: &str, edit: Edit) -> Option<(Tree, TextRange)> {
    if tree.is_aliased() || tree.errors.iter().any(|error| error.kind == SyntaxErrorKind::Invalid) {
        return None;
    }
    // The chain of mappings from the root down to the edit, each with its
    // parent and the key that holds it.
    let mut chain: Vec<(NodeId, NodeId, TextRange)> = Vec::new();
    let holds = |range: TextRange| range.start() < edit.start && edit.old_end <= range.end();
    let mut current = tree.root()?;
    while holds(tree.range(current)) {
        let Some(member) = tree.members(current).and_then(|members| {
            members[..members.partition_point(|member| tree.key_range(member).start() < edit.start)].last()
        }) else {
            break;
        };
        let Some(value) = member.value.filter(|&value| holds(tree.range(value))) else {
            break;
        };
        if matches!(tree.node(value).kind, NodeKind::Object(_)) {
            chain.push((current, value, tree.key_range(member)));
        }
        current = value;
    }
    // The innermost one written as a block whose key is on an earlier line.
    let line_start_of = |offset: usize| text[..offset].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    let (parent, old, key_range) = chain.into_iter().rev().find(|&(_, node, key_range)| {
        let start = tree.range(node).start();
        let line_start = line_start_of(start);
        key_range.end() <= line_start && text[line_start..start].bytes().all(|byte| byte == b' ')
    })?;
    let old_range = tree.range(old);
    let start = old_range.start();
    let line_start = line_start_of(start);
    let key_indent = indentation(&text[line_start_of(key_range.start())..]);
    // The lines of the block: blank lines, comments, and lines indented
    // deeper than the key.
    let mut block_end = start;
    let mut at = line_start;
    while at < text.len() {
        let line_end = text[at..].find(['\n', '\r']).map_or(text.len(), |offset| at + offset);
        let line = &text[at..line_end];
        let content = line.trim_start_matches(' ');
        if !content.is_empty() && !content.starts_with('#') {
            if indentation(line) <= key_indent {
                break;
            }
            block_end = line_end;
        }
        at = next_line(text, line_end);
    }
    let block = &text[line_start..block_end];
    if block_end < edit.new_end || block.contains('\t') || has_block_scalar(block) {
        return None;
    }
    let part = parse(block);
    if part.is_aliased() || part.errors.iter().any(|error| error.kind == SyntaxErrorKind::Invalid) {
        return None;
    }
    let root = part.root()?;
    let expected = TextRange::new(start, edit.shift(old_range.end()));
    let part_range = part.range(root);
    let same_kind = matches!(part.node(root).kind, NodeKind::Object(_));
    if !same_kind || TextRange::new(part_range.start() + line_start, part_range.end() + line_start) != expected {
        return None;
    }
    tree.shift(edit.old_end, edit.delta(), old_range);
    let new = tree.graft(part, line_start)?;
    tree.replace_node(Some(parent), old, new);
    if tree.garbage() > tree.len() / 2 {
        return None;
    }
    Some((tree, expected))
}

/// A `|` or `>` block scalar starts in `block`: its value takes in the
/// blank lines after it, which a block read alone ends before, so such a
/// block is not read alone.
fn has_block_scalar(block: &str) -> bool {
    block.split(['\n', '\r']).any(|line| {
        let line = line.split(" #").next().unwrap_or(line).trim_end();
        let line = line.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
        line.ends_with(['|', '>'])
            && line[..line.len() - 1]
                .chars()
                .next_back()
                .is_none_or(|c| c == ' ' || c == ':' || c == '-')
    })
}

/// Converts saphyr's character indices into byte offsets of the text.
struct Positions {
    len: usize,
    /// Byte offset of each character; `None` when the text is ASCII and the
    /// two are the same.
    offsets: Option<Vec<u32>>,
}

impl Positions {
    fn new(text: &str) -> Positions {
        let offsets = (!text.is_ascii()).then(|| text.char_indices().map(|(byte, _)| byte as u32).collect());
        Positions {
            len: text.len(),
            offsets,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.offsets {
            None => char_index.min(self.len),
            Some(offsets) => offsets.get(char_index).map_or(self.len, |&byte| byte as usize),
        }
    }

    /// The index of the character at byte `offset` (a char boundary).
    fn char_index(&self, offset: usize) -> usize {
        match &self.offsets {
            None => offset,
            Some(offsets) => offsets.partition_point(|&byte| (byte as usize) < offset),
        }
    }
}

/// Where the events of the current parser come from: after an error, a
/// parser reads `prefix_chars` synthetic characters, then the text from its
/// character `resume_char` on.
#[derive(Clone, Copy, Default)]
struct Segment {
    prefix_chars: usize,
    resume_char: usize,
}

/// A node that an anchor (`&name`) named, for the aliases (`*name`) after it.
struct Anchored {
    node: NodeId,
    /// A scalar's value, for an alias used as a mapping key; `None` for a
    /// collection, which cannot be a key.
    key: Option<String>,
    /// What a copy costs the alias budget.
    size: usize,
}

/// A mapping or sequence whose end event has not come yet.
struct Frame {
    id: NodeId,
    /// The anchor naming it, if any.
    anchor: Option<String>,
    /// Written with brackets (`{}`/`[]`) rather than indentation.
    flow: bool,
    start: usize,
    /// End of the content seen so far (the opening bracket for flow style).
    end: usize,
    body: Body,
    /// What its content costs so far, for the alias budget.
    size: usize,
    /// A CloudFormation function tag on it (`!Join [...]`): the object that
    /// stands for the call, allocated before the collection, and the tag.
    function: Option<(NodeId, &'static str, TextRange)>,
}

enum Body {
    Mapping {
        members: Vec<Member>,
        /// A key whose value has not come yet.
        key: Option<(String, TextRange)>,
        /// The keys so far, for finding duplicates; kept only once the
        /// mapping is large enough for a scan of `members` to be slow.
        seen: Option<HashSet<String>>,
    },
    Sequence(Vec<NodeId>),
}

struct Builder<'t> {
    text: &'t str,
    positions: Positions,
    segment: Segment,
    tree: Tree,
    stack: Vec<Frame>,
    root: Option<NodeId>,
    /// Anchors by name; a later anchor of the same name replaces an earlier one.
    anchors: HashMap<String, Anchored>,
    /// Bytes that alias expansions may still add.
    alias_budget: usize,
    alias_budget_reported: bool,
    /// Byte offset where the previous event ended; a block scalar's `|` or
    /// `>` indicator lies between it and the scalar's content.
    prev_end: usize,
    /// Documents started so far.
    documents: usize,
    /// Where saphyr stopped on a syntax error, if it did.
    stopped_at: Option<usize>,
    /// Where each flow collection met in a recovery ends by the text
    /// (`flow_end`), by the offset of its opening bracket: a collection
    /// with a broken line on every line is scanned once, not once per line.
    flow_ends: std::collections::HashMap<usize, usize>,
    /// An alias was met (known or not).
    aliased: bool,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Builder<'t> {
        Builder {
            stopped_at: None,
            flow_ends: std::collections::HashMap::new(),
            aliased: false,
            text,
            positions: Positions::new(text),
            segment: Segment::default(),
            tree: Tree::new(),
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            alias_budget: text.len().saturating_mul(ALIAS_BUDGET_FACTOR).max(ALIAS_BUDGET_FLOOR),
            alias_budget_reported: false,
            prev_end: 0,
            documents: 0,
        }
    }

    fn finish(mut self) -> Tree {
        self.close_all();
        if self.root.is_none() && self.tree.errors.is_empty() {
            self.error(
                TextRange::empty(self.text.len()),
                "The document is empty: a state machine is a YAML mapping",
            );
        }
        self.tree.set_root(self.root);
        self.tree.set_aliased(self.aliased || !self.anchors.is_empty());
        self.tree.errors.sort_by_key(|error| error.range);
        // A recovery that meets the same error again reports it once.
        self.tree
            .errors
            .dedup_by(|later, earlier| later.range == earlier.range && later.message == earlier.message);
        self.tree
    }

    /// The byte offset of a character index of the current parser, or
    /// `None` inside the synthetic lines.
    fn byte(&self, char_index: usize) -> Option<usize> {
        let Segment {
            prefix_chars,
            resume_char,
        } = self.segment;
        (char_index >= prefix_chars).then(|| self.positions.byte(resume_char + (char_index - prefix_chars)))
    }

    /// Lower the events of one parser into the tree, until the end of the
    /// document or a syntax error.
    fn run<'input, T: saphyr_parser::Input>(&mut self, mut parser: Parser<'input, T>) {
        // Every event stands for some text or sits between two tokens, so a
        // stream that goes on for longer than this is the parser misbehaving.
        let mut event_budget = self.text.len().saturating_mul(8).saturating_add(1024);
        loop {
            if event_budget == 0 {
                let range = self.error_range(self.prev_end);
                self.error(range, "The YAML parser did not come to an end here");
                return;
            }
            event_budget -= 1;
            let (event, span) = match parser.next_event() {
                None => return,
                Some(Ok(next)) => next,
                Some(Err(error)) => {
                    if error.info().contains("unknown anchor") {
                        // saphyr has consumed the alias and can go on.
                        self.unknown_alias(&error);
                        continue;
                    }
                    self.scan_error(&error);
                    return;
                }
            };
            // The synthetic lines reopen what is open already.
            let Some(start) = self.byte(span.start.index()) else {
                continue;
            };
            let end = self.byte(span.end.index()).unwrap_or(start).max(start);
            match event {
                Event::Nothing | Event::StreamStart => {}
                Event::StreamEnd => return,
                Event::DocumentStart(_) => {
                    if self.documents > 0 {
                        let range = if end > start {
                            TextRange::new(start, end)
                        } else {
                            self.error_range(start)
                        };
                        self.error(
                            range,
                            "Only the first YAML document is read: this document and any after it are ignored",
                        );
                        return;
                    }
                    self.documents += 1;
                }
                Event::DocumentEnd => self.close_all(),
                Event::Scalar(value, style, anchor, tag) => {
                    self.scalar(value, style, anchor != 0, tag.as_deref(), start, end);
                }
                Event::Alias(_) => self.alias(TextRange::new(start, end)),
                Event::SequenceStart(anchor, tag) => {
                    if !self.open(anchor != 0, false, tag.as_deref(), start, end) {
                        return;
                    }
                }
                Event::MappingStart(anchor, tag) => {
                    if !self.open(anchor != 0, true, tag.as_deref(), start, end) {
                        return;
                    }
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(TextRange::new(start, end)),
            }
            self.prev_end = self.prev_end.max(end);
        }
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.tree.errors.push(SyntaxError {
            range,
            kind: SyntaxErrorKind::Invalid,
            message: message.into(),
        });
    }

    fn scan_error(&mut self, error: &ScanError) {
        let Some(at) = self.byte(error.marker().index()) else {
            // The synthetic lines did not reopen what is open: give up on
            // the line after them rather than report text that is not there.
            let resume = self.positions.byte(self.segment.resume_char);
            self.stopped_at = Some(resume);
            return;
        };
        let mut range = self.error_range(at);
        if error.info().contains("simple key expect") {
            // Noticed where the line after a key without ':' begins; the
            // culprit is that key, the first token after the last event.
            let culprit = next_token(self.text, self.prev_end);
            if culprit < at {
                range = self.error_range(culprit);
            }
        } else if error.info().contains("quoted scalar, found unexpected end of stream") {
            // The quote runs to the end: the error belongs to its own line.
            if let Some(quote) = self.text[self.prev_end.min(at)..at].find(['"', '\'']) {
                let quote = self.prev_end.min(at) + quote;
                let line_end = self.text[quote..]
                    .find(['\n', '\r'])
                    .map_or(self.text.len(), |offset| quote + offset);
                range = TextRange::new(quote, line_end.min(quote + 80).max(quote + 1));
                while !self.text.is_char_boundary(range.end()) {
                    range = TextRange::new(range.start(), range.end() + 1);
                }
            }
        }
        self.stopped_at = Some(range.start());
        self.error(range, describe(error.info()));
    }

    /// After a syntax error at `stop`: close what the error leaves
    /// unfinished, and return the synthetic lines that reopen what stays
    /// open, with the offset of the line to parse on from; `None` when
    /// nothing is left to parse.
    fn recover(&mut self, stop: usize) -> Option<(String, usize)> {
        let text = self.text;
        let mut stop = stop.min(text.len());
        let line_end_at = |offset: usize| {
            text[offset..]
                .find(['\n', '\r'])
                .map_or(text.len(), |index| offset + index)
        };
        let mut line_end = line_end_at(stop);
        // Inside a flow collection, the error costs the outermost one open.
        if let Some(outermost) = self.stack.iter().position(|frame| frame.flow) {
            let frame = &self.stack[outermost];
            let open = frame.start;
            let closer = if matches!(frame.body, Body::Mapping { .. }) {
                '}'
            } else {
                ']'
            };
            let natural = self.flow_end(open);
            if let Some(resumed) = self.close_unclosed_inner_flow(outermost, stop, natural) {
                return Some(resumed);
            }
            if natural >= stop {
                if let Some(resumed) = self.resume_inside_flow(stop, natural) {
                    return Some(resumed);
                }
            }
            let frame = &self.stack[outermost];
            let (open, id) = (frame.start, frame.id);
            if natural < stop {
                // Never closed: saphyr read on past the lines it can have.
                // The error is the bracket's, and those lines are the text's.
                if let Some(error) = self.tree.errors.last_mut() {
                    error.range = TextRange::new(open, open + 1);
                    error.message = format!(
                        "YAML syntax error: this flow collection is never closed: '{closer}' is missing before the \
                         indentation ends it"
                    );
                }
                stop = open;
                line_end = natural;
            } else {
                line_end = line_end.max(natural);
            }
            while self.stack.len() > outermost {
                self.close(TextRange::empty(self.prev_end));
            }
            self.prune(id, line_end);
        }
        let line_start = text[..stop].rfind(['\n', '\r']).map_or(0, |index| index + 1);
        let stop_line = &text[line_start..line_end_at(stop)];
        let first = line_start + (stop_line.len() - stop_line.trim_start().len());
        // Collections that began on the error line after its first token.
        while self.stack.last().is_some_and(|frame| frame.start > first) {
            self.close(TextRange::empty(self.prev_end));
        }
        // A key of the error line whose value never came.
        if let Some(Frame {
            body: Body::Mapping { key, members, .. },
            start,
            end,
            ..
        }) = self.stack.last_mut()
        {
            if key.as_ref().is_some_and(|(_, range)| range.start() >= line_start) {
                *key = None;
                // The mapping ends where its last member does.
                *end = members.last().map_or(*start, |member| {
                    let value_end = member.value.map_or(0, |value| self.tree.node(value).range.end());
                    value_end.max(self.tree.key_range(member).end())
                });
            }
        }
        self.prev_end = self.prev_end.max(line_end);
        let resume = next_line(text, line_end);
        if resume >= text.len() || (self.stack.is_empty() && self.root.is_some()) {
            return None;
        }
        if self.stack.is_empty() {
            // Nothing was read yet: the document starts after the error.
            self.documents = 0;
        }
        Some((self.reopening_lines(), resume))
    }

    /// `flow_end` of the collection opened at `open`, found once.
    fn flow_end(&mut self, open: usize) -> usize {
        let text = self.text;
        *self.flow_ends.entry(open).or_insert_with(|| flow_end(text, open))
    }

    /// After a syntax error inside flow collections that go on past it
    /// (the outermost, at `outermost` in the stack, ending at `natural`):
    /// when a collection inside them was never closed before the
    /// indentation ends it (`Next: [B,` on a line of its own), that is the
    /// error; what the parser read past that end is dropped, and parsing
    /// resumes after it inside the collections around it.
    fn close_unclosed_inner_flow(&mut self, outermost: usize, stop: usize, natural: usize) -> Option<(String, usize)> {
        let text = self.text;
        let starts: Vec<(usize, bool)> = self.stack.iter().map(|frame| (frame.start, frame.flow)).collect();
        let (index, unclosed_end) = starts
            .iter()
            .enumerate()
            .skip(outermost + 1)
            .map(|(index, &(start, _))| (index, self.flow_end(start)))
            .find(|&(_, end)| end < stop && end < natural)?;
        let frame = &self.stack[index];
        let (open, id) = (frame.start, frame.id);
        let closer = if matches!(frame.body, Body::Mapping { .. }) {
            '}'
        } else {
            ']'
        };
        let resume = next_line(text, unclosed_end);
        // The collections around it must still be open on the next line.
        if resume >= natural
            || starts[..index]
                .iter()
                .any(|&(start, flow)| flow && self.flow_end(start) <= resume)
        {
            return None;
        }
        if let Some(error) = self.tree.errors.last_mut() {
            error.range = TextRange::new(open, open + 1);
            error.message = format!(
                "YAML syntax error: this flow collection is never closed: '{closer}' is missing before the \
                 indentation ends it"
            );
        }
        self.prev_end = unclosed_end;
        while self.stack.len() > index {
            self.close(TextRange::empty(unclosed_end));
        }
        self.prune(id, unclosed_end);
        let parent = self.stack.last_mut()?;
        if let Body::Mapping { key, .. } = &mut parent.body {
            *key = None;
        }
        parent.end = parent.end.min(unclosed_end);
        Some((self.reopening_lines(), resume))
    }

    /// After a syntax error on a line inside a flow collection that goes on
    /// past that line (ending at `natural`): lose that line only. What
    /// began on it is closed, a key whose value was to come is dropped, and
    /// parsing resumes on the next line inside the collections still open.
    /// `None` when a collection that began on the line goes on past it
    /// (the next line would not be read as it was written).
    fn resume_inside_flow(&mut self, stop: usize, natural: usize) -> Option<(String, usize)> {
        let text = self.text;
        let line_start = text[..stop].rfind(['\n', '\r']).map_or(0, |index| index + 1);
        let line_end = text[stop..].find(['\n', '\r']).map_or(text.len(), |index| stop + index);
        let resume = next_line(text, line_end);
        if natural <= line_end || resume >= natural {
            return None;
        }
        let began_on_the_line = |frame: &Frame| frame.start >= line_start;
        let starts: Vec<(usize, bool)> = self
            .stack
            .iter()
            .filter(|frame| began_on_the_line(frame))
            .map(|frame| (frame.start, frame.flow))
            .collect();
        if starts
            .into_iter()
            .any(|(start, flow)| !flow || self.flow_end(start) > line_end)
        {
            return None;
        }
        while self.stack.last().is_some_and(began_on_the_line) {
            self.close(TextRange::empty(self.prev_end));
        }
        let innermost = self.stack.last_mut()?;
        if !innermost.flow {
            return None;
        }
        if let Body::Mapping { key, members, .. } = &mut innermost.body {
            if key.take().is_some() {
                let tree = &self.tree;
                innermost.end = members.last().map_or(innermost.start + 1, |member| {
                    let value_end = member.value.map_or(0, |value| tree.node(value).range.end());
                    value_end.max(tree.key_range(member).end())
                });
            }
        }
        self.prev_end = self.prev_end.max(line_end);
        Some((self.reopening_lines(), resume))
    }

    /// Drop from the node `id` and the nodes inside it what starts at or
    /// after `cut`, and end their ranges there.
    fn prune(&mut self, id: NodeId, cut: usize) {
        let node = self.tree.node(id);
        let (range, kind) = (node.range, node.kind.clone());
        if range.end() > cut {
            self.tree
                .set_range(id, TextRange::new(range.start(), cut.max(range.start())));
        }
        match kind {
            NodeKind::Object(mut members) => {
                members.retain(|member| self.tree.key_range(member).start() < cut);
                for member in &members {
                    if let Some(value) = member.value {
                        self.prune(value, cut);
                    }
                }
                self.tree.set_kind(id, NodeKind::Object(members));
            }
            NodeKind::Array(mut items) => {
                items.retain(|&item| self.tree.node(item).range.start() < cut);
                for &item in &items {
                    self.prune(item, cut);
                }
                self.tree.set_kind(id, NodeKind::Array(items));
            }
            _ => {}
        }
    }

    /// Lines that open, at the same columns, the mappings and sequences of
    /// the stack: a key (with its value to come) for a mapping, a dash for
    /// a sequence, and a finished entry in the innermost one.
    fn reopening_lines(&self) -> String {
        let mut lines = String::new();
        for (index, frame) in self.stack.iter().enumerate() {
            let innermost = index + 1 == self.stack.len();
            // A flow collection open inside this one is opened on the same
            // line, after a key or a dash; flow collections open on one line.
            let opener = self.stack.get(index + 1).filter(|next| next.flow).map(|next| {
                if matches!(next.body, Body::Mapping { .. }) {
                    '{'
                } else {
                    '['
                }
            });
            if frame.flow {
                if let Some(opener) = opener {
                    if matches!(frame.body, Body::Mapping { .. }) {
                        lines.push_str("k: ");
                    }
                    lines.push(opener);
                } else {
                    lines.push('\n');
                }
                continue;
            }
            let column = self.column(frame);
            lines.extend(std::iter::repeat_n(' ', column));
            if let Some(opener) = opener {
                lines.push_str(if matches!(frame.body, Body::Mapping { .. }) {
                    "k: "
                } else {
                    "- "
                });
                lines.push(opener);
                continue;
            }
            match &frame.body {
                Body::Mapping { key: Some(_), .. } => lines.push_str("k:\n"),
                Body::Mapping { key: None, .. } if innermost => lines.push_str("k: v\n"),
                // A collection as a key (`? [a, b]`): close enough.
                Body::Mapping { key: None, .. } => lines.push_str("k:\n"),
                Body::Sequence(_) if innermost => lines.push_str("- x\n"),
                Body::Sequence(_) => lines.push_str("-\n"),
            }
        }
        lines
    }

    /// The column (in characters) where a block collection's entries start.
    fn column(&self, frame: &Frame) -> usize {
        let text = self.text;
        let mut at = frame.start.min(text.len());
        if matches!(frame.body, Body::Sequence(_)) && text[..at].ends_with('-') {
            // An indentless sequence's span ends after its first dash.
            at -= 1;
        }
        let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |index| index + 1);
        text[line_start..at].chars().count()
    }

    /// A range to show an error reported at byte `at`: the word there, or the
    /// last word before it when the line is blank from `at` on.
    fn error_range(&self, at: usize) -> TextRange {
        let text = self.text;
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let rest = &text[at..];
        let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
        let word = line.trim_start();
        if word.is_empty() {
            let before = text[..at].trim_end();
            let start = before
                .rfind(char::is_whitespace)
                .map_or(0, |space| space + 1)
                .max(before.len().saturating_sub(80));
            let mut start = start.min(before.len());
            while !before.is_char_boundary(start) {
                start += 1;
            }
            return if before.is_empty() {
                TextRange::empty(at)
            } else {
                TextRange::new(start, before.len())
            };
        }
        let start = at + (line.len() - word.len());
        let mut len = word.find(char::is_whitespace).unwrap_or(word.len());
        if len > 80 {
            len = word
                .char_indices()
                .map(|(offset, _)| offset)
                .take_while(|&offset| offset <= 80)
                .last()
                .unwrap_or(0)
                .max(word.chars().next().map_or(0, char::len_utf8));
        }
        TextRange::new(start, start + len)
    }

    /// True when the next scalar or alias is a key of the innermost mapping.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                body: Body::Mapping { key: None, .. },
                ..
            })
        )
    }

    fn set_key(&mut self, key: String, range: TextRange) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        frame.end = frame.end.max(range.end());
        frame.size = frame.size.saturating_add(NODE_COST + key.len());
        let Body::Mapping {
            members,
            key: pending,
            seen,
        } = &mut frame.body
        else {
            return;
        };
        let duplicate = match seen {
            Some(seen) => !seen.insert(key.clone()),
            None if members.len() < 32 => members.iter().any(|member| member.key == key),
            None => {
                let mut keys: HashSet<String> = members.iter().map(|member| member.key.to_string()).collect();
                let duplicate = !keys.insert(key.clone());
                *seen = Some(keys);
                duplicate
            }
        };
        if duplicate {
            self.tree.errors.push(SyntaxError {
                range,
                kind: SyntaxErrorKind::DuplicateKey,
                message: format!("Duplicate key '{}' in a mapping; YAML forbids it", shorten(&key)),
            });
        }
        *pending = Some((key, range));
    }

    /// Hand a finished node, which costs `size`, to the innermost open
    /// mapping or sequence, or make it the root.
    fn deliver(&mut self, id: NodeId, range: TextRange, size: usize) {
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(id);
            }
            return;
        };
        frame.end = frame.end.max(range.end());
        frame.size = frame.size.saturating_add(size);
        match &mut frame.body {
            Body::Sequence(items) => items.push(id),
            Body::Mapping { members, key, .. } => {
                if let Some((key, key_range)) = key.take() {
                    members.push(self.tree.new_member(key.into(), key_range, Some(id)));
                } else {
                    // A mapping or sequence used as a key (`? [a, b]`).
                    self.error(range, COLLECTION_KEY);
                    let key = self.text[range.start()..range.end()].to_string();
                    self.set_key(key, range);
                }
            }
        }
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: ScalarStyle,
        anchored: bool,
        tag: Option<&Tag>,
        start: usize,
        end: usize,
    ) {
        let range = self.scalar_range(start, end, style);
        let as_key = self.expects_key();
        if as_key && !anchored {
            self.set_key(value.into_owned(), range);
            return;
        }
        // A CloudFormation function (`!Ref Name`) is an object around the
        // scalar, allocated before it as a parse of the long form would.
        let call = match (anchored, cloudformation_function(tag)) {
            (false, Some(function)) => tag_range(self.text, start, end)
                .map(|tag_range| (self.tree.alloc(tag_range, NodeKind::Null), function, tag_range)),
            _ => None,
        };
        let id = self.tree.alloc(range, scalar_kind(&value, style, tag));
        if let Some((call, function, tag_range)) = call {
            let (call, range) = self.call(call, function, tag_range, id, range);
            self.deliver(call, range, NODE_COST + value.len());
            return;
        }
        let value = value.into_owned();
        let size = NODE_COST + value.len();
        if anchored {
            if let Some(name) = anchor_name(self.text, start, end) {
                let anchored = Anchored {
                    node: id,
                    key: Some(value.clone()),
                    size,
                };
                self.anchors.insert(name.to_string(), anchored);
            }
        }
        if as_key {
            // The node exists only for aliases of its anchor.
            self.set_key(value, range);
        } else {
            self.deliver(id, range, size);
        }
    }

    /// The range of a scalar token: quotes included, tag and anchor left out;
    /// for `|` and `>` blocks from the indicator to the last content character.
    fn scalar_range(&self, start: usize, end: usize, style: ScalarStyle) -> TextRange {
        let text = self.text;
        match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let from = self.prev_end.min(start);
                let indicator = block_indicator(&text[from..end]).map(|offset| from + offset);
                let content_end = start + text[start..end].trim_end().len();
                match indicator {
                    Some(indicator) => TextRange::new(indicator, content_end.max(indicator + 1)),
                    None => TextRange::new(start, content_end),
                }
            }
            _ => TextRange::new(skip_properties(text, start, end), end),
        }
    }

    /// Take `cost` bytes from the alias budget; false, and a report at the
    /// first alias this happens to, when they are not there.
    fn charge(&mut self, cost: usize, range: TextRange) -> bool {
        if cost <= self.alias_budget {
            self.alias_budget -= cost;
            return true;
        }
        if !self.alias_budget_reported {
            self.alias_budget_reported = true;
            self.error(
                range,
                "This alias would expand the document past what aliases may add (an alias bomb?): it is not \
                 expanded, nor is any later alias that does not fit",
            );
        }
        false
    }

    fn alias(&mut self, range: TextRange) {
        self.aliased = true;
        let name = self.text[range.start()..range.end()].trim_start_matches('*');
        let Some(anchored) = self.anchors.get(name) else {
            // saphyr knows the anchor, but its node is still open: `&a [*a]`.
            self.error(
                range,
                "This alias refers to a node that contains it; recursive aliases are not supported",
            );
            self.error_value(range);
            return;
        };
        let (source, size, key) = (anchored.node, anchored.size, anchored.key.clone());
        if self.expects_key() {
            let key = match key {
                Some(key) if self.charge(NODE_COST + key.len(), range) => key,
                Some(_) => self.text[range.start()..range.end()].to_string(),
                None => {
                    // The alias's own text stands for the collection.
                    self.error(range, COLLECTION_KEY);
                    self.text[range.start()..range.end()].to_string()
                }
            };
            self.set_key(key, range);
            return;
        }
        if !self.charge(size, range) {
            let id = self.tree.alloc(range, NodeKind::Error);
            self.deliver(id, range, NODE_COST);
            return;
        }
        let depth = self.stack.len();
        let id = self.copy(source, depth, range);
        self.deliver(id, range, size);
    }

    fn unknown_alias(&mut self, error: &ScanError) {
        self.aliased = true;
        let Some(at) = self.byte(error.marker().index()) else {
            return;
        };
        let range = self.error_range(at);
        let name = &self.text[range.start()..range.end()];
        // An anchor read before a syntax error, by an earlier parser.
        if let Some(name) = name.strip_prefix('*') {
            if self.anchors.contains_key(name) {
                self.alias(range);
                return;
            }
        }
        let message = match name.strip_prefix('*') {
            Some(name) => format!(
                "Unknown alias '*{}': no anchor '&{}' comes before it",
                shorten(name),
                shorten(name)
            ),
            None => "Unknown alias: no anchor of that name comes before it".to_string(),
        };
        self.error(range, message);
        self.error_value(range);
    }

    /// An `Error` node where a value (or a key) should have been.
    fn error_value(&mut self, range: TextRange) {
        if self.expects_key() {
            let key = self.text[range.start()..range.end()].to_string();
            self.set_key(key, range);
        } else {
            let id = self.tree.alloc(range, NodeKind::Error);
            self.deliver(id, range, NODE_COST);
        }
    }

    /// A fresh copy of `source` for the alias at `alias`: every node and key
    /// of it takes the alias's range, so that what the copy holds is
    /// reported where the alias is used.
    fn copy(&mut self, source: NodeId, depth: usize, alias: TextRange) -> NodeId {
        let range = alias;
        let kind = self.tree.node(source).kind.clone();
        if depth >= MAX_DEPTH {
            if !self.alias_budget_reported {
                self.alias_budget_reported = true;
                self.error(alias, "Alias expansion nests too deeply; the rest is not expanded");
            }
            return self.tree.alloc(range, NodeKind::Error);
        }
        match kind {
            NodeKind::Object(members) => {
                let id = self.tree.alloc(range, NodeKind::Object(Vec::new()));
                let members = members
                    .into_iter()
                    .map(|member| {
                        let value = member.value.map(|value| self.copy(value, depth + 1, alias));
                        self.tree.new_member(member.key, alias, value)
                    })
                    .collect();
                self.tree.set_kind(id, NodeKind::Object(members));
                id
            }
            NodeKind::Array(items) => {
                let id = self.tree.alloc(range, NodeKind::Array(Vec::new()));
                let items = items
                    .into_iter()
                    .map(|item| self.copy(item, depth + 1, alias))
                    .collect();
                self.tree.set_kind(id, NodeKind::Array(items));
                id
            }
            kind => self.tree.alloc(range, kind),
        }
    }

    /// Open a mapping or sequence; false when nesting is too deep to go on.
    fn open(&mut self, anchored: bool, mapping: bool, tag: Option<&Tag>, start: usize, end: usize) -> bool {
        // A flow collection's span ends with its bracket (after any tag or
        // anchor); a block collection's span ends where its first entry starts.
        let flow = end > start && matches!(self.text.as_bytes()[end - 1], b'{' | b'[');
        if self.stack.len() >= MAX_DEPTH {
            let range = if flow {
                TextRange::new(end - 1, end)
            } else {
                self.error_range(end)
            };
            self.error(range, "Nesting is too deep");
            return false;
        }
        let anchor = if anchored {
            anchor_name(self.text, start, end).map(str::to_string)
        } else {
            None
        };
        if let Some(name) = &anchor {
            // Until it closes, an alias of this name is a recursive one.
            self.anchors.remove(name);
        }
        let content = if flow { end - 1 } else { end };
        let function = cloudformation_function(tag).and_then(|function| {
            let tag_range = tag_range(self.text, start, end)?;
            let call = self.tree.alloc(tag_range, NodeKind::Null);
            Some((call, function, tag_range))
        });
        let (kind, body) = if mapping {
            let body = Body::Mapping {
                members: Vec::new(),
                key: None,
                seen: None,
            };
            (NodeKind::Object(Vec::new()), body)
        } else {
            (NodeKind::Array(Vec::new()), Body::Sequence(Vec::new()))
        };
        let id = self.tree.alloc(TextRange::empty(content), kind);
        self.stack.push(Frame {
            id,
            anchor,
            flow,
            start: content,
            end,
            body,
            size: NODE_COST,
            function,
        });
        true
    }

    /// Close the innermost mapping or sequence; `closer` is the span of its
    /// end event (the bracket in flow style).
    fn close(&mut self, closer: TextRange) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let mut end = frame.end;
        if frame.flow && !closer.is_empty() && matches!(self.text.as_bytes()[closer.end() - 1], b'}' | b']') {
            end = end.max(closer.end());
        }
        let range = TextRange::new(frame.start, end);
        let kind = match frame.body {
            Body::Mapping { mut members, key, .. } => {
                if let Some((key, key_range)) = key {
                    members.push(self.tree.new_member(key.into(), key_range, None));
                }
                NodeKind::Object(members)
            }
            Body::Sequence(items) => NodeKind::Array(items),
        };
        self.tree.set_kind(frame.id, kind);
        self.tree.set_range(frame.id, range);
        let delivered = match frame.function {
            Some((call, function, tag_range)) => self.call(call, function, tag_range, frame.id, range),
            None => (frame.id, range),
        };
        if let Some(name) = frame.anchor {
            let anchored = Anchored {
                node: delivered.0,
                key: None,
                size: frame.size,
            };
            self.anchors.insert(name, anchored);
        }
        self.deliver(delivered.0, delivered.1, frame.size);
    }

    /// Make `call` (allocated before `argument`) the object CloudFormation
    /// reads a function tag as: `!GetAtt A.Arn` is `{"Fn::GetAtt": "A.Arn"}`,
    /// its one key the tag. Returns the object and its range.
    fn call(
        &mut self,
        call: NodeId,
        function: &'static str,
        tag_range: TextRange,
        argument: NodeId,
        argument_range: TextRange,
    ) -> (NodeId, TextRange) {
        let range = tag_range.cover(argument_range);
        let member = self.tree.new_member(function.into(), tag_range, Some(argument));
        self.tree.set_kind(call, NodeKind::Object(vec![member]));
        self.tree.set_range(call, range);
        (call, range)
    }

    /// Close everything still open (at the end, or where a syntax error
    /// stopped the parser).
    fn close_all(&mut self) {
        while !self.stack.is_empty() {
            self.close(TextRange::empty(self.prev_end));
        }
    }
}

/// The name of the anchor among the properties (`!Tag &name`) at the start
/// of a node's span.
fn anchor_name(text: &str, start: usize, end: usize) -> Option<&str> {
    let mut pos = start;
    while pos < end {
        let rest = &text[pos..end];
        let token_len = rest
            .find(|c: char| c.is_whitespace() || ",[]{}".contains(c))
            .unwrap_or(rest.len());
        let token = &rest[..token_len];
        if let Some(name) = token.strip_prefix('&') {
            return Some(name);
        }
        if !token.starts_with('!') || token_len == 0 {
            return None;
        }
        pos += token_len;
        pos += text[pos..end].len() - text[pos..end].trim_start().len();
    }
    None
}

/// A key or name cut to a length a message can show.
fn shorten(name: &str) -> Cow<'_, str> {
    const SHOWN: usize = 80;
    match name.char_indices().nth(SHOWN) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &name[..cut])),
        None => Cow::Borrowed(name),
    }
}

/// Where the line holding `offset` ends and the next begins (after `\r\n`,
/// `\n` or `\r`).
fn next_line(text: &str, line_end: usize) -> usize {
    let rest = &text.as_bytes()[line_end.min(text.len())..];
    match rest {
        [b'\r', b'\n', ..] => line_end + 2,
        [b'\n' | b'\r', ..] => line_end + 1,
        _ => text.len(),
    }
}

/// The end of the line where the flow collection opened at `open` ends: at
/// its closing bracket, or before the first later line indented no more
/// than the line it opened on (YAML wants a flow collection's lines
/// indented), whichever comes first. Quotes end at the end of their line.
fn flow_end(text: &str, open: usize) -> usize {
    let open = open.min(text.len());
    let line_start = text[..open].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    let indent = indentation(&text[line_start..]);
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut at = open;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte == b'\n' || byte == b'\r' {
            quote = None;
            let line_end = at;
            let next = next_line(text, line_end);
            let line = &text[next..];
            let content = line[..line.find(['\n', '\r']).unwrap_or(line.len())].trim_start();
            let comment_or_closer = content.starts_with(['#', ']', '}']);
            if !content.is_empty() && !comment_or_closer && indentation(line) <= indent {
                return line_end;
            }
            at = next;
            continue;
        }
        match (quote, byte) {
            (Some(b'"'), b'\\') => at += 1,
            (Some(open_quote), _) if byte == open_quote => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'[' | b'{') => depth += 1,
            (None, b']' | b'}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return text[at..].find(['\n', '\r']).map_or(text.len(), |offset| at + offset);
                }
            }
            (None, b'#') if at > 0 && bytes[at - 1].is_ascii_whitespace() => {
                // A comment: on to the end of the line.
                at += text[at..].find(['\n', '\r']).unwrap_or(text.len() - at);
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    text.len()
}

/// The start of the first token at or after `offset`: whitespace and
/// comments skipped.
fn next_token(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if !trimmed.starts_with('#') {
            return at;
        }
        at += trimmed.find(['\n', '\r']).unwrap_or(trimmed.len());
    }
}

/// The number of leading spaces and tabs of a line.
fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The error message for one of saphyr's, with a hint for the common ones.
fn describe(info: &str) -> String {
    let hint = if info.contains("did not find expected key") {
        " (check the indentation: this line does not line up with the keys above it)"
    } else if info.contains("mapping values are not allowed") {
        " (a ': ' inside a plain value starts a key: quote the value or fix the indentation)"
    } else if info.contains("quoted scalar, found unexpected end of stream") {
        " (the closing quote is missing)"
    } else if info.contains("simple key expect") {
        " (a line in a mapping needs 'key: value')"
    } else if info.contains("tab") {
        " (indent with spaces: YAML does not allow tabs there)"
    } else {
        ""
    };
    format!("YAML syntax error: {info}{hint}")
}

/// The key CloudFormation's long form gives the function a tag stands for
/// (`!GetAtt` → `Fn::GetAtt`, `!Ref` → `Ref`); `None` for other tags.
fn cloudformation_function(tag: Option<&Tag>) -> Option<&'static str> {
    let tag = tag?;
    if tag.handle != "!" {
        return None;
    }
    Some(match tag.suffix.as_str() {
        "Ref" => "Ref",
        "Condition" => "Condition",
        "Base64" => "Fn::Base64",
        "Cidr" => "Fn::Cidr",
        "FindInMap" => "Fn::FindInMap",
        "ForEach" => "Fn::ForEach",
        "GetAtt" => "Fn::GetAtt",
        "GetAZs" => "Fn::GetAZs",
        "ImportValue" => "Fn::ImportValue",
        "Join" => "Fn::Join",
        "Length" => "Fn::Length",
        "Select" => "Fn::Select",
        "Split" => "Fn::Split",
        "Sub" => "Fn::Sub",
        "ToJsonString" => "Fn::ToJsonString",
        "Transform" => "Fn::Transform",
        "And" => "Fn::And",
        "Equals" => "Fn::Equals",
        "If" => "Fn::If",
        "Not" => "Fn::Not",
        "Or" => "Fn::Or",
        _ => return None,
    })
}

/// The range of the tag (`!Name`) at the start of a node's span.
fn tag_range(text: &str, start: usize, end: usize) -> Option<TextRange> {
    let span = text.get(start..end.max(start))?;
    let offset = span.find('!')?;
    // Only properties come before the tag: an anchor, white space.
    if !span[..offset].trim_start().is_empty() && !span[..offset].trim_start().starts_with('&') {
        return None;
    }
    let tag = &span[offset..];
    let length = tag
        .find(|c: char| c.is_whitespace() || c == '[' || c == '{')
        .unwrap_or(tag.len());
    Some(TextRange::new(start + offset, start + offset + length))
}

/// Skip the tag and anchor at the start of a scalar's span (`!Ref name`,
/// `&id value`); returns where the scalar token starts, or `start` when
/// nothing but properties is there.
fn skip_properties(text: &str, start: usize, end: usize) -> usize {
    let mut pos = start;
    while pos < end && matches!(text.as_bytes()[pos], b'!' | b'&') {
        let rest = &text[pos..end];
        pos += rest.find(char::is_whitespace).unwrap_or(rest.len());
        loop {
            let rest = &text[pos..end];
            let trimmed = rest.trim_start();
            pos += rest.len() - trimmed.len();
            if !trimmed.starts_with('#') {
                break;
            }
            pos += trimmed.find('\n').unwrap_or(trimmed.len());
        }
    }
    if pos >= end {
        start
    } else {
        pos
    }
}

/// The offset of a block scalar's `|` or `>` indicator in `text` (which runs
/// from the end of the previous token to the end of the scalar).
fn block_indicator(text: &str) -> Option<usize> {
    let mut in_comment = false;
    let mut after_space = true;
    for (offset, c) in text.char_indices() {
        match c {
            '\n' | '\r' => in_comment = false,
            '#' if after_space => in_comment = true,
            '|' | '>' if !in_comment => return Some(offset),
            _ => {}
        }
        after_space = c.is_whitespace();
    }
    None
}

/// The node kind of a scalar, by the YAML 1.2 core schema.
fn scalar_kind(value: &str, style: ScalarStyle, tag: Option<&Tag>) -> NodeKind {
    let explicit_string = tag.is_some_and(|tag| tag.is_yaml_core_schema() && tag.suffix == "str");
    if style != ScalarStyle::Plain || explicit_string {
        return NodeKind::String(value.into());
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        _ => match json_number(value) {
            Some(number) => NodeKind::Number(number.into()),
            None => NodeKind::String(value.into()),
        },
    }
}

/// A core-schema integer or float as JSON number text (`+1` → `1`,
/// `.5` → `0.5`, `0x1F` → `31`); `None` for anything else, including
/// `.inf` and `.nan`, which JSON cannot write.
fn json_number(value: &str) -> Option<String> {
    let radix = |digits: &str, radix: u32| -> Option<String> {
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        u128::from_str_radix(digits, radix).ok().map(|n| n.to_string())
    };
    if let Some(hex) = value.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if let Some(octal) = value.strip_prefix("0o") {
        return radix(octal, 8);
    }
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let (negative, rest) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    let (int, rest) = rest.split_at(digits(rest));
    let (fraction, rest) = match rest.strip_prefix('.') {
        Some(after) => {
            let (fraction, rest) = after.split_at(digits(after));
            (Some(fraction), rest)
        }
        None => (None, rest),
    };
    if int.is_empty() && fraction.is_none_or(str::is_empty) {
        return None;
    }
    let exponent = if rest.starts_with(['e', 'E']) {
        let signed = usize::from(rest[1..].starts_with(['+', '-']));
        let count = digits(&rest[1 + signed..]);
        if count == 0 {
            return None;
        }
        &rest[..1 + signed + count]
    } else {
        ""
    };
    if rest.len() != exponent.len() {
        return None;
    }
    let mut number = String::with_capacity(value.len() + 2);
    if negative {
        number.push('-');
    }
    let int = int.trim_start_matches('0');
    number.push_str(if int.is_empty() { "0" } else { int });
    if let Some(fraction) = fraction {
        number.push('.');
        number.push_str(if fraction.is_empty() { "0" } else { fraction });
    }
    number.push_str(exponent);
    Some(number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    /// A line of nothing but non-ASCII white space after a mapping: saphyr
    /// blames the token before that line, over and over after each
    /// recovery; the parse still ends, with the error reported once.
    #[test]
    fn a_line_of_unicode_white_space_ends_the_parse() {
        for text in ["a: 1\n\u{a0}", ":\n\u{3000}", "a: 1\n\u{a0}\nb: 2\n\u{2003}\nc: 3\n"] {
            let tree = parse(text);
            assert!(!tree.errors.is_empty(), "{text:?}");
            let mut ranges: Vec<_> = tree.errors.iter().map(|error| (error.range, &error.message)).collect();
            ranges.dedup();
            assert_eq!(ranges.len(), tree.errors.len(), "{text:?}: {:?}", tree.errors);
        }
    }

    fn slice(text: &str, range: TextRange) -> String {
        let s = &text[range.start()..range.end()];
        let shown: String = if s.chars().count() > 30 {
            let head: String = s.chars().take(12).collect();
            let tail: Vec<char> = s.chars().rev().take(12).collect();
            let tail: String = tail.into_iter().rev().collect();
            format!("{head}…{tail}")
        } else {
            s.to_string()
        };
        format!("`{}`", shown.replace('\n', "\\n").replace('\r', "\\r"))
    }

    fn dump_node(text: &str, tree: &Tree, id: NodeId, indent: usize, out: &mut String) {
        let node = tree.node(id);
        let at = slice(text, node.range);
        let pad = "  ".repeat(indent + 1);
        match &node.kind {
            NodeKind::Object(members) => {
                writeln!(out, "object {at}").unwrap();
                for member in members {
                    write!(out, "{pad}{:?} {}: ", member.key, slice(text, tree.key_range(member))).unwrap();
                    match member.value {
                        Some(value) => dump_node(text, tree, value, indent + 1, out),
                        None => writeln!(out, "<none>").unwrap(),
                    }
                }
            }
            NodeKind::Array(items) => {
                writeln!(out, "array {at}").unwrap();
                for &item in items {
                    write!(out, "{pad}- ").unwrap();
                    dump_node(text, tree, item, indent + 1, out);
                }
            }
            NodeKind::String(value) => writeln!(out, "string {value:?} {at}").unwrap(),
            NodeKind::Number(value) => writeln!(out, "number {value} {at}").unwrap(),
            NodeKind::Bool(value) => writeln!(out, "bool {value} {at}").unwrap(),
            NodeKind::Null => writeln!(out, "null {at}").unwrap(),
            NodeKind::Error => writeln!(out, "error {at}").unwrap(),
        }
    }

    fn dump(text: &str) -> String {
        let tree = parse(text);
        check_ranges(text, &tree);
        let mut out = String::new();
        match tree.root() {
            Some(root) => dump_node(text, &tree, root, 0, &mut out),
            None => out.push_str("<no root>\n"),
        }
        for error in &tree.errors {
            let at = slice(text, error.range);
            writeln!(out, "{:?} {at}: {}", error.kind, error.message).unwrap();
        }
        out
    }

    fn check(text: &str, expect: Expect) {
        expect.assert_eq(&dump(text));
    }

    /// The tree without ranges, to compare a YAML document with its JSON twin.
    fn shape(tree: &Tree, id: NodeId, out: &mut String) {
        match &tree.node(id).kind {
            NodeKind::Object(members) => {
                out.push('{');
                for member in members {
                    write!(out, "{:?}:", member.key).unwrap();
                    match member.value {
                        Some(value) => shape(tree, value, out),
                        None => out.push_str("<none>"),
                    }
                    out.push(',');
                }
                out.push('}');
            }
            NodeKind::Array(items) => {
                out.push('[');
                for &item in items {
                    shape(tree, item, out);
                    out.push(',');
                }
                out.push(']');
            }
            kind => write!(out, "{kind:?}").unwrap(),
        }
    }

    fn in_bounds(text: &str, range: TextRange) -> bool {
        range.start() <= range.end()
            && range.end() <= text.len()
            && text.is_char_boundary(range.start())
            && text.is_char_boundary(range.end())
    }

    fn check_ranges(text: &str, tree: &Tree) {
        for index in 0..tree.len() {
            let node = tree.node(NodeId(index as u32));
            assert!(in_bounds(text, node.range), "node {node:?} in {text:?}");
            if let NodeKind::Object(members) = &node.kind {
                for member in members {
                    assert!(in_bounds(text, tree.key_range(member)), "{member:?} in {text:?}");
                }
            }
        }
        for error in &tree.errors {
            assert!(in_bounds(text, error.range), "{error:?} in {text:?}");
        }
    }

    fn conformance_files(extension: &str) -> Vec<std::path::PathBuf> {
        fn walk(dir: &std::path::Path, extension: &str, out: &mut Vec<std::path::PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, extension, out);
                } else if path.to_string_lossy().ends_with(extension) {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/conformance");
        walk(std::path::Path::new(root), extension, &mut files);
        files.sort();
        files
    }

    #[test]
    fn state_machine() {
        check(
            r#"# A realistic definition.
Comment: An example
StartAt: Fetch
TimeoutSeconds: 300
States:
  Fetch:
    Type: Task
    Resource: !Sub "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:fetch"
    Parameters:
      "Payload.$": "$"
      Retries: [1, 2.5]
    ResultPath: $.result
    Retry:
      - ErrorEquals: [States.ALL]
        IntervalSeconds: 2
        BackoffRate: 1.5
    Catch:
      - ErrorEquals:
          - States.TaskFailed
        Next: Failed
    Next: Done
  Done:
    Type: Succeed
  Failed:
    Type: Fail
    Cause: |
      Something
      broke
"#,
            expect![[r#"
                object `Comment: An …\n      broke`
                  "Comment" `Comment`: string "An example" `An example`
                  "StartAt" `StartAt`: string "Fetch" `Fetch`
                  "TimeoutSeconds" `TimeoutSeconds`: number 300 `300`
                  "States" `States`: object `Fetch:\n    T…\n      broke`
                    "Fetch" `Fetch`: object `Type: Task\n …  Next: Done`
                      "Type" `Type`: string "Task" `Task`
                      "Resource" `Resource`: object `!Sub "arn:aw…ction:fetch"`
                        "Fn::Sub" `!Sub`: string "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:fetch" `"arn:aws:lam…ction:fetch"`
                      "Parameters" `Parameters`: object `"Payload.$":…es: [1, 2.5]`
                        "Payload.$" `"Payload.$"`: string "$" `"$"`
                        "Retries" `Retries`: array `[1, 2.5]`
                          - number 1 `1`
                          - number 2.5 `2.5`
                      "ResultPath" `ResultPath`: string "$.result" `$.result`
                      "Retry" `Retry`: array `- ErrorEqual…offRate: 1.5`
                        - object `ErrorEquals:…offRate: 1.5`
                          "ErrorEquals" `ErrorEquals`: array `[States.ALL]`
                            - string "States.ALL" `States.ALL`
                          "IntervalSeconds" `IntervalSeconds`: number 2 `2`
                          "BackoffRate" `BackoffRate`: number 1.5 `1.5`
                      "Catch" `Catch`: array `- ErrorEqual…Next: Failed`
                        - object `ErrorEquals:…Next: Failed`
                          "ErrorEquals" `ErrorEquals`: array `- States.TaskFailed`
                            - string "States.TaskFailed" `States.TaskFailed`
                          "Next" `Next`: string "Failed" `Failed`
                      "Next" `Next`: string "Done" `Done`
                    "Done" `Done`: object `Type: Succeed`
                      "Type" `Type`: string "Succeed" `Succeed`
                    "Failed" `Failed`: object `Type: Fail\n …\n      broke`
                      "Type" `Type`: string "Fail" `Fail`
                      "Cause" `Cause`: string "Something\nbroke\n" `|\n      Something\n      broke`
            "#]],
        );
    }

    #[test]
    fn quoted_and_plain_keys() {
        check(
            "plain: 1\n\"double\": 2\n'single': 3\n\"esc\\u0041ped\": 4\nwith space: 5\n",
            expect![[r#"
                object `plain: 1\n"do…ith space: 5`
                  "plain" `plain`: number 1 `1`
                  "double" `"double"`: number 2 `2`
                  "single" `'single'`: number 3 `3`
                  "escAped" `"esc\u0041ped"`: number 4 `4`
                  "with space" `with space`: number 5 `5`
            "#]],
        );
    }

    #[test]
    fn typed_scalars() {
        check(
            "- null\n- ~\n-\n- NULL\n- true\n- False\n- TRUE\n- yes\n- 42\n- -7\n- +3\n- 007\n- 1.\n- .5\n- -1.5e+3\n- 2E5\n- 0x1F\n- 0o17\n- .inf\n- -.Inf\n- .nan\n- 1_000\n- \"12\"\n- '1'\n- !!str 12\n- !Ref Bucket\n- &anchor 5\n- *anchor\n- 12abc\n",
            expect![[r#"
                array `- null\n- ~\n-…chor\n- 12abc`
                  - null `null`
                  - null `~`
                  - null ``
                  - null `NULL`
                  - bool true `true`
                  - bool false `False`
                  - bool true `TRUE`
                  - string "yes" `yes`
                  - number 42 `42`
                  - number -7 `-7`
                  - number 3 `+3`
                  - number 7 `007`
                  - number 1.0 `1.`
                  - number 0.5 `.5`
                  - number -1.5e+3 `-1.5e+3`
                  - number 2E5 `2E5`
                  - number 31 `0x1F`
                  - number 15 `0o17`
                  - string ".inf" `.inf`
                  - string "-.Inf" `-.Inf`
                  - string ".nan" `.nan`
                  - string "1_000" `1_000`
                  - string "12" `"12"`
                  - string "1" `'1'`
                  - string "12" `12`
                  - object `!Ref Bucket`
                    "Ref" `!Ref`: string "Bucket" `Bucket`
                  - number 5 `5`
                  - number 5 `*anchor`
                  - string "12abc" `12abc`
            "#]],
        );
    }

    #[test]
    fn numbers_parse_as_f64() {
        for text in ["0", "-0", "+12", "00.50", "1.", ".5e-3", "0x0", "0o777", "1e400"] {
            let number = json_number(text).unwrap();
            assert!(number.parse::<f64>().is_ok(), "{text} -> {number}");
        }
        for text in [
            "", ".", "-", "+.", "1e", "1e+", "0x", "0xg", "0x+1", "1.2.3", ".inf", "1_0",
        ] {
            assert_eq!(json_number(text), None, "{text}");
        }
    }

    #[test]
    fn non_ascii_keys() {
        let text = "ключ: значение\n\"日本語\": 'émoji 🎉'\n🎉: [ü, 'ß']\nnext: ok\n";
        let tree = parse(text);
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        let root = tree.root().unwrap();
        let written: Vec<&str> = tree
            .members(root)
            .unwrap()
            .iter()
            .map(|member| &text[tree.key_range(member).start()..tree.key_range(member).end()])
            .collect();
        assert_eq!(written, ["ключ", "\"日本語\"", "🎉", "next"]);
        check(
            text,
            expect![[r#"
                object `ключ: значен…ß']\nnext: ok`
                  "ключ" `ключ`: string "значение" `значение`
                  "日本語" `"日本語"`: string "émoji 🎉" `'émoji 🎉'`
                  "🎉" `🎉`: array `[ü, 'ß']`
                    - string "ü" `ü`
                    - string "ß" `'ß'`
                  "next" `next`: string "ok" `ok`
            "#]],
        );
    }

    #[test]
    fn bom_and_crlf() {
        check(
            "\u{feff}é: 1\r\nb:\r\n  - \"ü\"\r\n",
            expect![[r#"
                object `é: 1\r\nb:\r\n  - "ü"`
                  "é" `é`: number 1 `1`
                  "b" `b`: array `- "ü"`
                    - string "ü" `"ü"`
            "#]],
        );
    }

    #[test]
    fn half_typed_unterminated_quote() {
        check(
            "StartAt: First\nStates:\n  First:\n    Type: Pass\n    Next: Second\n  Second:\n    Type: Pass\n    Next: \"Thi\n",
            expect![[r#"
                object `StartAt: Fir…  Type: Pass`
                  "StartAt" `StartAt`: string "First" `First`
                  "States" `States`: object `First:\n    T…  Type: Pass`
                    "First" `First`: object `Type: Pass\n    Next: Second`
                      "Type" `Type`: string "Pass" `Pass`
                      "Next" `Next`: string "Second" `Second`
                    "Second" `Second`: object `Type: Pass`
                      "Type" `Type`: string "Pass" `Pass`
                Invalid `"Thi`: YAML syntax error: while scanning a quoted scalar, found unexpected end of stream (the closing quote is missing)
            "#]],
        );
    }

    #[test]
    fn half_typed_bad_indentation() {
        check(
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n  B:\n    Type: Pass\n   End: true\n  C:\n    Type: Pass\n",
            expect![[r#"
                object `StartAt: A\nS…  Type: Pass`
                  "StartAt" `StartAt`: string "A" `A`
                  "States" `States`: object `A:\n    Type:…  Type: Pass`
                    "A" `A`: object `Type: Pass\n    Next: B`
                      "Type" `Type`: string "Pass" `Pass`
                      "Next" `Next`: string "B" `B`
                    "B" `B`: object `Type: Pass`
                      "Type" `Type`: string "Pass" `Pass`
                    "C" `C`: object `Type: Pass`
                      "Type" `Type`: string "Pass" `Pass`
                Invalid `End:`: YAML syntax error: while parsing a block mapping, did not find expected key (check the indentation: this line does not line up with the keys above it)
            "#]],
        );
    }

    #[test]
    fn half_typed_key_without_colon() {
        check(
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Ne",
            expect![[r#"
                object `StartAt: A\nS…  Type: Pass`
                  "StartAt" `StartAt`: string "A" `A`
                  "States" `States`: object `A:\n    Type: Pass`
                    "A" `A`: object `Type: Pass`
                      "Type" `Type`: string "Pass" `Pass`
                Invalid `Ne`: YAML syntax error: simple key expected (a line in a mapping needs 'key: value')
            "#]],
        );
    }

    #[test]
    fn every_error_costs_its_line_only() {
        // A bad line in each of three states, one inside a sequence: every
        // other line is kept, and every error is reported.
        check(
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    bad line\n    Next: B\n  B:\n    Type: Task\n    Retry:\n      - ErrorEquals: [X]\n      - a: b: c\n      - ErrorEquals: [Y]\n    Next: C\n  C:\n    Type: Pass\n    Comment: \"open\n    End: true\n",
            expect![[r#"
                object `StartAt: A\nS…   End: true`
                  "StartAt" `StartAt`: string "A" `A`
                  "States" `States`: object `A:\n    Type:…   End: true`
                    "A" `A`: object `Type: Pass\n …\n    Next: B`
                      "Type" `Type`: string "Pass" `Pass`
                      "Next" `Next`: string "B" `B`
                    "B" `B`: object `Type: Task\n …\n    Next: C`
                      "Type" `Type`: string "Task" `Task`
                      "Retry" `Retry`: array `- ErrorEqual…rEquals: [Y]`
                        - object `ErrorEquals: [X]`
                          "ErrorEquals" `ErrorEquals`: array `[X]`
                            - string "X" `X`
                        - object `a: b`
                          "a" `a`: string "b" `b`
                        - object `ErrorEquals: [Y]`
                          "ErrorEquals" `ErrorEquals`: array `[Y]`
                            - string "Y" `Y`
                      "Next" `Next`: string "C" `C`
                    "C" `C`: object `Type: Pass\n …   End: true`
                      "Type" `Type`: string "Pass" `Pass`
                      "End" `End`: bool true `true`
                Invalid `bad`: YAML syntax error: simple key expect ':' (a line in a mapping needs 'key: value')
                Invalid `:`: YAML syntax error: mapping values are not allowed in this context (a ': ' inside a plain value starts a key: quote the value or fix the indentation)
                Invalid `"open`: YAML syntax error: invalid indentation in quoted scalar
            "#]],
        );
    }

    #[test]
    fn an_error_in_a_multi_line_flow_collection_costs_its_line() {
        check(
            "A:\n  Parameters: {a: 1,\n    b: [1, 2},\n    c: 3}\n  Next: B\nC: {x: [1, 2}\nD: 4\n",
            expect![[r#"
                object `A:\n  Paramet… [1, 2}\nD: 4`
                  "A" `A`: object `Parameters: …3}\n  Next: B`
                    "Parameters" `Parameters`: object `{a: 1,\n    b…},\n    c: 3}`
                      "a" `a`: number 1 `1`
                      "b" `b`: array `[1, 2`
                        - number 1 `1`
                        - number 2 `2`
                      "c" `c`: number 3 `3`
                    "Next" `Next`: string "B" `B`
                  "C" `C`: object `{x: [1, 2`
                    "x" `x`: array `[1, 2`
                      - number 1 `1`
                      - number 2 `2`
                  "D" `D`: number 4 `4`
                Invalid `},`: YAML syntax error: while parsing a flow sequence, expected ',' or ']'
                Invalid `}`: YAML syntax error: while parsing a flow sequence, expected ',' or ']'
            "#]],
        );
    }

    #[test]
    fn a_broken_line_inside_a_flow_mapping_loses_that_line_only() {
        // An unclosed quote, then a collection never closed on its line.
        check(
            "A: {Type: Pass,\n    Next: \"B,\n    Comment: hi,\n    End: true}\nB: 1\n",
            expect![[r#"
                object `A: {Type: Pa…: true}\nB: 1`
                  "A" `A`: object `{Type: Pass,…  End: true}`
                    "Type" `Type`: string "Pass" `Pass`
                    "Comment" `Comment`: string "hi" `hi`
                    "End" `End`: bool true `true`
                  "B" `B`: number 1 `1`
                Invalid `"B,`: YAML syntax error: while scanning a quoted scalar, found unexpected end of stream (the closing quote is missing)
            "#]],
        );
        check(
            "A: {Type: Pass,\n    Next: [B,\n    Comment: hi,\n    End: true}\nB: 1\n",
            expect![[r#"
                object `A: {Type: Pa…: true}\nB: 1`
                  "A" `A`: object `{Type: Pass,…  End: true}`
                    "Type" `Type`: string "Pass" `Pass`
                    "Next" `Next`: array `[B,`
                      - string "B" `B`
                    "Comment" `Comment`: string "hi" `hi`
                    "End" `End`: bool true `true`
                  "B" `B`: number 1 `1`
                Invalid `[`: YAML syntax error: this flow collection is never closed: ']' is missing before the indentation ends it
            "#]],
        );
    }

    #[test]
    fn an_unclosed_flow_collection_ends_with_its_indentation() {
        check(
            "A:\n  Type: Pass\n  oops: [1,\n    2\n  Next: B\nC: {x: 1,\n}\nD: 4\n",
            expect![[r#"
                object `A:\n  Type: P…x: 1,\n}\nD: 4`
                  "A" `A`: object `Type: Pass\n … 2\n  Next: B`
                    "Type" `Type`: string "Pass" `Pass`
                    "oops" `oops`: array `[1`
                      - number 1 `1`
                    "Next" `Next`: string "B" `B`
                  "C" `C`: object `{x: 1`
                    "x" `x`: number 1 `1`
                  "D" `D`: number 4 `4`
                Invalid `[`: YAML syntax error: this flow collection is never closed: ']' is missing before the indentation ends it
            "#]],
        );
    }

    #[test]
    fn anchors_outlive_a_syntax_error() {
        check(
            "a: &x {b: 1}\nbad line\nc: *x\n- also bad\nd: *x\n",
            expect![[r#"
                object `a: &x {b: 1}…so bad\nd: *x`
                  "a" `a`: object `{b: 1}`
                    "b" `b`: number 1 `1`
                  "c" `c`: object `*x`
                    "b" `*x`: number 1 `*x`
                  "d" `d`: object `*x`
                    "b" `*x`: number 1 `*x`
                Invalid `bad`: YAML syntax error: simple key expect ':' (a line in a mapping needs 'key: value')
                Invalid `also`: YAML syntax error: while parsing a block mapping, did not find expected key (check the indentation: this line does not line up with the keys above it)
            "#]],
        );
    }

    #[test]
    fn key_without_value() {
        check(
            "A:\n  Type: Pass\n  Next:\n",
            expect![[r#"
                object `A:\n  Type: Pass\n  Next`
                  "A" `A`: object `Type: Pass\n  Next`
                    "Type" `Type`: string "Pass" `Pass`
                    "Next" `Next`: null ``
            "#]],
        );
    }

    #[test]
    fn duplicate_keys() {
        check(
            "a: 1\nb:\n  x: 1\n  x: 2\na: 3\n",
            expect![[r#"
                object `a: 1\nb:\n  x: 1\n  x: 2\na: 3`
                  "a" `a`: number 1 `1`
                  "b" `b`: object `x: 1\n  x: 2`
                    "x" `x`: number 1 `1`
                    "x" `x`: number 2 `2`
                  "a" `a`: number 3 `3`
                DuplicateKey `x`: Duplicate key 'x' in a mapping; YAML forbids it
                DuplicateKey `a`: Duplicate key 'a' in a mapping; YAML forbids it
            "#]],
        );
    }

    #[test]
    fn flow_collections() {
        check(
            "{a: 1, \"b\": [x, {c: null}], d: !Sub {e: f}, g: [h: i]}",
            expect![[r#"
                object `{a: 1, "b": …, g: [h: i]}`
                  "a" `a`: number 1 `1`
                  "b" `"b"`: array `[x, {c: null}]`
                    - string "x" `x`
                    - object `{c: null}`
                      "c" `c`: null `null`
                  "d" `d`: object `!Sub {e: f}`
                    "Fn::Sub" `!Sub`: object `{e: f}`
                      "e" `e`: string "f" `f`
                  "g" `g`: array `[h: i]`
                    - object `h: i`
                      "h" `h`: string "i" `i`
            "#]],
        );
        check(
            "a: {b: [1, 2",
            expect![[r#"
                object `a: {b: [1, 2`
                  "a" `a`: object `{b: [1, 2`
                    "b" `b`: array `[1, 2`
                      - number 1 `1`
                      - number 2 `2`
                Invalid `2`: YAML syntax error: while parsing a flow sequence, expected ',' or ']'
            "#]],
        );
    }

    #[test]
    fn empty_and_comment_only() {
        check(
            "",
            expect![[r#"
                <no root>
                Invalid ``: The document is empty: a state machine is a YAML mapping
            "#]],
        );
        check(
            "# just a comment\n",
            expect![[r#"
                <no root>
                Invalid ``: The document is empty: a state machine is a YAML mapping
            "#]],
        );
        check(
            "a: 1 # trailing comment\n# end\n",
            expect![[r#"
                object `a: 1`
                  "a" `a`: number 1 `1`
            "#]],
        );
    }

    #[test]
    fn multiple_documents() {
        check(
            "a: 1\n---\nb: 2\n",
            expect![[r#"
                object `a: 1`
                  "a" `a`: number 1 `1`
                Invalid `---`: Only the first YAML document is read: this document and any after it are ignored
            "#]],
        );
        check(
            "---\na: 1\n...\n",
            expect![[r#"
                object `a: 1`
                  "a" `a`: number 1 `1`
            "#]],
        );
    }

    #[test]
    fn anchors_and_aliases() {
        check(
            "base: &b {Type: Pass, End: true}\ncopy: *b\nlist: &l [1]\nagain: *l\n*b : key\nmissing: *nope\nafter: 1\n",
            expect![[r#"
                object `base: &b {Ty…ope\nafter: 1`
                  "base" `base`: object `{Type: Pass, End: true}`
                    "Type" `Type`: string "Pass" `Pass`
                    "End" `End`: bool true `true`
                  "copy" `copy`: object `*b`
                    "Type" `*b`: string "Pass" `*b`
                    "End" `*b`: bool true `*b`
                  "list" `list`: array `[1]`
                    - number 1 `1`
                  "again" `again`: array `*l`
                    - number 1 `*l`
                  "*b" `*b`: string "key" `key`
                  "missing" `missing`: error `*nope`
                  "after" `after`: number 1 `1`
                Invalid `*b`: A mapping key must be a string; a collection as a key is not supported
                Invalid `*nope`: Unknown alias '*nope': no anchor '&nope' comes before it
            "#]],
        );
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..12 {
            let prev = level - 1;
            let refs = vec![format!("*a{prev}"); 10].join(", ");
            writeln!(text, "a{level}: &a{level} [{refs}]").unwrap();
        }
        let tree = parse(&text);
        check_ranges(&text, &tree);
        assert!(tree.len() <= ALIAS_BUDGET_FLOOR / NODE_COST + 1000, "{}", tree.len());
        assert!(tree.errors.iter().any(|error| error.message.contains("alias bomb")));
        assert!(tree.root().is_some());
    }

    #[test]
    fn tags_block_scalars_and_properties() {
        check(
            "a: !Sub |\n  x\nb: &x >-\n  !y\n  z\n\nc: !GetAtt\n  - R\n  - Arn\nd: !Ref\ne: &q # note\n  v\n",
            expect![[r#"
                object `a: !Sub |\n  …q # note\n  v`
                  "a" `a`: object `!Sub |\n  x`
                    "Fn::Sub" `!Sub`: string "x\n" `|\n  x`
                  "b" `b`: string "!y z" `>-\n  !y\n  z`
                  "c" `c`: object `!GetAtt\n  - R\n  - Arn`
                    "Fn::GetAtt" `!GetAtt`: array `- R\n  - Arn`
                      - string "R" `R`
                      - string "Arn" `Arn`
                  "d" `d`: object `!Ref`
                    "Ref" `!Ref`: null `!Ref`
                  "e" `e`: string "v" `v`
            "#]],
        );
    }

    #[test]
    fn complex_keys_and_odd_roots() {
        check(
            "? [a, b]\n: c\n",
            expect![[r#"
                object `? [a, b]\n: c`
                  "[a, b]" `[a, b]`: string "c" `c`
                Invalid `[a, b]`: A mapping key must be a string; a collection as a key is not supported
            "#]],
        );
        check(
            "just text",
            expect![[r#"
                string "just text" `just text`
            "#]],
        );
        check(
            "- a\n- - b\n  - c\n",
            expect![[r#"
                array `- a\n- - b\n  - c`
                  - string "a" `a`
                  - array `- b\n  - c`
                    - string "b" `b`
                    - string "c" `c`
            "#]],
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        for text in [
            "[".repeat(100_000),
            "- ".repeat(10_000),
            "a:\n".to_string() + &(1..2000).map(|i| format!("{}k:\n", " ".repeat(i))).collect::<String>(),
            "{a: ".repeat(5000),
        ] {
            let tree = parse(&text);
            check_ranges(&text, &tree);
            assert!(!tree.errors.is_empty());
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for text in [
            "\t",
            "\r",
            "\u{feff}",
            "\u{feff}\u{feff}",
            "a: \u{feff}b",
            "\0",
            ":",
            "? ",
            "-",
            "- -",
            "!",
            "&",
            "*",
            "*a",
            "&a",
            "!<",
            "%YAML 1.2\n---\na: 1",
            "%",
            "a: |",
            "a: >\n\tb",
            "a: \"\\u12\"",
            "'",
            "\"",
            "[",
            "]",
            "{",
            "}",
            ",",
            "a: b: c",
            "a:\n - b\n c",
            "\u{85}",
            "\u{2028}",
            "a:\u{a0}b",
            "🎉",
            "é: [",
            "- é\n-\té",
            "a: *",
            "? a\n? b",
            "--- |\n  x\n--- >\n y",
            "a: 1\n...\nb",
            "...",
            "---",
            "--- ---",
            "&a a: &a b",
            "a: !!binary x",
            "a: !<tag:yaml.org,2002:str> 1",
        ] {
            let tree = parse(text);
            check_ranges(text, &tree);
        }
    }

    /// Every prefix and every one-character deletion of the conformance
    /// files: no panic, every range inside the text and on char boundaries.
    /// Quadratic in the file size, so the files are shared among threads.
    #[test]
    fn conformance_prefixes_and_deletions() {
        let files = conformance_files(".yaml");
        assert!(!files.is_empty());
        let texts: Vec<String> = files
            .iter()
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect();
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        std::thread::scope(|scope| {
            for thread in 0..threads {
                let texts = &texts;
                scope.spawn(move || {
                    let mut variant = String::new();
                    // Every char position of every file, dealt out in turn.
                    let positions = texts.iter().flat_map(|text| {
                        text.char_indices()
                            .map(move |(at, c)| (text, at, Some(c)))
                            .chain([(text, text.len(), None)])
                    });
                    for (text, at, c) in positions.skip(thread).step_by(threads) {
                        let prefix = &text[..at];
                        check_ranges(prefix, &parse(prefix));
                        // Deleting either of two equal neighbours (indentation)
                        // gives the same text, so only the first is parsed.
                        let repeat = text[..at].ends_with(|before| Some(before) == c);
                        if let Some(c) = c.filter(|_| !repeat) {
                            variant.clear();
                            variant.push_str(prefix);
                            variant.push_str(&text[at + c.len_utf8()..]);
                            check_ranges(&variant, &parse(&variant));
                        }
                    }
                });
            }
        });
    }

    /// The conformance YAML files are free of syntax errors (the invalid ones
    /// break ASL rules, not YAML), except the one with a duplicate key.
    #[test]
    fn conformance_files_parse_cleanly() {
        let mut report = String::new();
        for path in conformance_files(".yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let tree = parse(&text);
            assert!(tree.root().is_some(), "{path:?}");
            for error in &tree.errors {
                let name = path.file_name().unwrap().to_string_lossy();
                let at = slice(&text, error.range);
                writeln!(report, "{name}: {:?} {at}: {}", error.kind, error.message).unwrap();
            }
        }
        expect![[r#"
            documentDuplicateKey.asl.yaml: DuplicateKey `StartAt`: Duplicate key 'StartAt' in a mapping; YAML forbids it
            documentDuplicateKey.asl.yaml: DuplicateKey `World`: Duplicate key 'World' in a mapping; YAML forbids it
        "#]]
        .assert_eq(&report);
    }

    /// The YAML conformance files give the same tree as their JSON twins.
    #[test]
    fn conformance_matches_json_twins() {
        let mut compared = 0;
        let mut differences = Vec::new();
        for path in conformance_files(".yaml") {
            let twin = path.with_extension("json");
            let Ok(json) = std::fs::read_to_string(&twin) else {
                continue;
            };
            let yaml = std::fs::read_to_string(&path).unwrap();
            let yaml_tree = parse(&yaml);
            let json_tree = super::super::json::parse(&json);
            let mut yaml_shape = String::new();
            let mut json_shape = String::new();
            if let Some(root) = yaml_tree.root() {
                shape(&yaml_tree, root, &mut yaml_shape);
            }
            if let Some(root) = json_tree.root() {
                shape(&json_tree, root, &mut json_shape);
            }
            compared += 1;
            let yaml_errors: Vec<_> = yaml_tree.errors.iter().map(|e| e.kind).collect();
            let json_errors: Vec<_> = json_tree.errors.iter().map(|e| e.kind).collect();
            if yaml_shape != json_shape || yaml_errors != json_errors {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                differences.push(format!(
                    "{name}\n  yaml: {yaml_shape}\n  json: {json_shape}\n  errors: {yaml_errors:?} vs {json_errors:?}"
                ));
            }
        }
        assert!(compared > 30, "{compared}");
        // These pairs differ in the upstream test strings themselves (the YAML
        // versions drop commas and spaces, leave values empty where the JSON
        // has "" or {}, or lack a property), not in how they are parsed.
        let differing: Vec<&str> = differences
            .iter()
            .filter_map(|difference| difference.lines().next())
            .collect();
        let known = [
            "documentInvalidParametersIntrinsicFunction.asl.yaml",
            "documentInvalidParametersJsonPath.asl.yaml",
            "documentInvalidPropertiesChoices.asl.yaml",
            "documentInvalidPropertiesState.asl.yaml",
            "documentInvalidResultSelectorIntrinsicFunction.asl.yaml",
            "documentInvalidResultSelectorJsonPath.asl.yaml",
            "documentTaskValidVariableSubstitution.asl.yaml",
            "documentValidParametersIntrinsicFunction.asl.yaml",
            "documentValidResultSelectorIntrinsicFunction.asl.yaml",
        ];
        assert_eq!(differing, known, "{}", differences.join("\n"));
    }
}
