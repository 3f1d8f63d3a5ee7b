//! The owned, format-neutral syntax tree that JSON and YAML are lowered into.
//!
//! Every node carries the byte range it came from, so diagnostics and IDE
//! features can point at the exact key or value. Nodes live in one arena
//! (`Tree::nodes`) and refer to each other by [`NodeId`], which lets the ASL
//! model keep plain indices into the tree instead of borrowing it.

use std::fmt;

use super::ranges::{shift_one, Ranges};

pub use compact_str::CompactString;

/// A half-open byte range `start..end` into the document text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> TextRange {
        TextRange {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    pub fn empty(offset: usize) -> TextRange {
        TextRange::new(offset, offset)
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `offset` lies inside the range or touches its end, which is
    /// what a cursor placed right after a token expects.
    pub fn contains_inclusive(self, offset: usize) -> bool {
        self.start() <= offset && offset <= self.end()
    }

    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Index of a node in its [`Tree`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// One key-value pair of an object. Duplicate keys are kept, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The key with escapes resolved; short keys (most of them) live inline.
    pub key: CompactString,
    /// Where the tree keeps the range of the key token, quotes included
    /// ([`Tree::key_range`]): with the other ranges, so an edit moves them
    /// all at once.
    key_slot: u32,
    /// The value; `None` while the user has typed a key but no value yet.
    pub value: Option<NodeId>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Object(Vec<Member>),
    Array(Vec<NodeId>),
    /// A string with escapes resolved; short strings live inline.
    String(CompactString),
    /// A number, kept as its source text so that `1` and `1.0` stay apart.
    Number(Box<str>),
    Bool(bool),
    Null,
    /// Something that is no value (a stray word, a broken token); kept so the
    /// member that holds it still exists for the features.
    Error,
}

impl Member {
    /// The same member once its tree was appended to another (`Tree::append`).
    pub(crate) fn renumber(&mut self, nodes: u32, keys: u32) {
        self.key_slot += keys;
        if let Some(value) = &mut self.value {
            value.0 += nodes;
        }
    }
}

/// One node of a tree, as [`Tree::node`] gives it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node<'t> {
    /// Range of the whole value: quotes of a string, braces of an object.
    pub range: TextRange,
    pub kind: &'t NodeKind,
}

/// How a syntax problem should be reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// The text is not well formed.
    Invalid,
    /// Well formed for editors, but not JSON: comments, trailing commas.
    NotJson,
    /// A key repeated in one mapping where the format forbids it (YAML).
    DuplicateKey,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub kind: SyntaxErrorKind,
    pub message: String,
}

/// A parsed document: the tree (possibly partial) and the syntax problems.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    /// What each node is, by [`NodeId`].
    kinds: Vec<NodeKind>,
    /// Where each node is, by [`NodeId`]: kept apart from the kinds, in
    /// segments that an edit moves at once.
    ranges: Ranges,
    /// Where each member's key is, by its `key_slot`.
    keys: Ranges,
    root: Option<NodeId>,
    /// Containers whose closing bracket never came (the text ended, or the
    /// parser closed them to recover); their range ends at their last content.
    unclosed: Vec<NodeId>,
    pub errors: Vec<SyntaxError>,
    /// Nodes no longer reachable from the root: what an incremental reparse
    /// replaced. Counted so the arena can be rebuilt once they dominate.
    garbage: usize,
    /// The YAML text has anchors or aliases: a part of it read alone may
    /// not mean what it means in the whole.
    aliased: bool,
}

/// A numeric value read from the source text of a number node.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberValue {
    pub value: f64,
    /// Written without fraction or exponent (`3`, `-2`), so an integer field accepts it.
    pub is_integer: bool,
}

impl NumberValue {
    pub fn parse(text: &str) -> Option<NumberValue> {
        let value: f64 = text.parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        let is_integer = !text.contains(['.', 'e', 'E']);
        Some(NumberValue { value, is_integer })
    }
}

impl Tree {
    pub fn new() -> Tree {
        Tree::default()
    }

    pub fn with_capacity(nodes: usize) -> Tree {
        Tree {
            kinds: Vec::with_capacity(nodes),
            ranges: Ranges::with_capacity(nodes),
            keys: Ranges::with_capacity(nodes),
            ..Tree::default()
        }
    }

    pub fn alloc(&mut self, range: TextRange, kind: NodeKind) -> NodeId {
        let id = NodeId(self.kinds.len() as u32);
        self.kinds.push(kind);
        self.ranges.push(range);
        id
    }

    /// A member of an object of this tree, its key at `key_range`.
    pub fn new_member(&mut self, key: CompactString, key_range: TextRange, value: Option<NodeId>) -> Member {
        let key_slot = self.keys.push(key_range) as u32;
        Member { key, key_slot, value }
    }

    /// Range of a member's key token, quotes included.
    #[inline]
    pub fn key_range(&self, member: &Member) -> TextRange {
        self.keys.get(member.key_slot as usize)
    }

    /// Replace the kind of a node allocated earlier (used to fill in an
    /// object's members after its children were allocated).
    pub fn set_kind(&mut self, id: NodeId, kind: NodeKind) {
        self.kinds[id.0 as usize] = kind;
    }

    pub fn set_range(&mut self, id: NodeId, range: TextRange) {
        self.ranges.set(id.0 as usize, range);
    }

    pub fn mark_unclosed(&mut self, id: NodeId) {
        self.unclosed.push(id);
    }

    /// Some container of the arena misses its closing bracket.
    pub fn has_unclosed(&self) -> bool {
        !self.unclosed.is_empty()
    }

    /// False for a container whose closing bracket is missing.
    pub fn is_closed(&self, id: NodeId) -> bool {
        !self.unclosed.contains(&id)
    }

    pub fn set_root(&mut self, root: Option<NodeId>) {
        self.root = root;
    }

    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    pub fn node(&self, id: NodeId) -> Node<'_> {
        Node {
            range: self.ranges.get(id.0 as usize),
            kind: &self.kinds[id.0 as usize],
        }
    }

    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    pub fn range(&self, id: NodeId) -> TextRange {
        self.ranges.get(id.0 as usize)
    }

    pub fn members(&self, id: NodeId) -> Option<&[Member]> {
        match &self.node(id).kind {
            NodeKind::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn items(&self, id: NodeId) -> Option<&[NodeId]> {
        match &self.node(id).kind {
            NodeKind::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn str(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn bool(&self, id: NodeId) -> Option<bool> {
        match self.node(id).kind {
            NodeKind::Bool(value) => Some(*value),
            _ => None,
        }
    }

    pub fn number(&self, id: NodeId) -> Option<NumberValue> {
        match &self.node(id).kind {
            NodeKind::Number(text) => NumberValue::parse(text),
            _ => None,
        }
    }

    /// The last member named `key` (the one a JSON reader keeps), if `id` is an object.
    pub fn member(&self, id: NodeId, key: &str) -> Option<&Member> {
        // Names are short: a byte loop after the length test beats a call
        // to compare memory, and this lookup is in every rule.
        let key = key.as_bytes();
        self.members(id)?.iter().rev().find(|member| {
            let name = member.key.as_bytes();
            name.len() == key.len() && name.iter().eq(key)
        })
    }

    /// A CloudFormation function standing for a value known once deployed:
    /// an object whose one key is `Ref`, `Condition` or `Fn::…` (the long
    /// form, or what the YAML reader makes of a tag such as `!GetAtt`).
    pub fn is_cloudformation_function(&self, id: NodeId) -> bool {
        match self.members(id) {
            Some([member]) => member.key == "Ref" || member.key == "Condition" || member.key.starts_with("Fn::"),
            _ => false,
        }
    }

    /// The value of the last member named `key`.
    pub fn get(&self, id: NodeId, key: &str) -> Option<NodeId> {
        self.member(id, key)?.value
    }

    /// Where to point at a whole container (to report something missing
    /// from it): its opening bracket, or for a YAML block mapping, which has
    /// none, its first key.
    pub fn opening(&self, id: NodeId) -> TextRange {
        let range = self.range(id);
        if let NodeKind::Object(members) = &self.node(id).kind {
            if let Some(first) = members
                .first()
                .map(|first| self.key_range(first))
                .filter(|first| first.start == range.start)
            {
                return first;
            }
        }
        match self.node(id).kind {
            // `{`, `[` or a YAML `-`: one ASCII byte.
            NodeKind::Object(_) | NodeKind::Array(_) if !range.is_empty() => {
                TextRange::new(range.start(), range.start() + 1)
            }
            _ => TextRange::empty(range.start()),
        }
    }

    /// A short name of the JSON type of a node, for messages.
    pub fn type_name(&self, id: NodeId) -> &'static str {
        match self.node(id).kind {
            NodeKind::Object(_) => "an object",
            NodeKind::Array(_) => "an array",
            NodeKind::String(_) => "a string",
            NodeKind::Number(_) => "a number",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Null => "null",
            NodeKind::Error => "an invalid value",
        }
    }

    pub(crate) fn set_aliased(&mut self, aliased: bool) {
        self.aliased = aliased;
    }

    pub(crate) fn is_aliased(&self) -> bool {
        self.aliased
    }

    /// Add the nodes of `part`, a tree parsed from the text that starts at
    /// byte `base`, and its errors; returns the id its root now has.
    pub(crate) fn graft(&mut self, part: Tree, base: usize) -> Option<NodeId> {
        let first = self.kinds.len() as u32;
        let first_key = self.keys.len() as u32;
        let base = base as u32;
        let moved = |range: TextRange| TextRange {
            start: range.start + base,
            end: range.end + base,
        };
        let renumber = |id: NodeId| NodeId(id.0 + first);
        for index in 0..part.keys.len() {
            self.keys.push(moved(part.keys.get(index)));
        }
        for (index, kind) in part.kinds.into_iter().enumerate() {
            let kind = match kind {
                NodeKind::Object(members) => NodeKind::Object(
                    members
                        .into_iter()
                        .map(|member| Member {
                            key: member.key,
                            key_slot: member.key_slot + first_key,
                            value: member.value.map(renumber),
                        })
                        .collect(),
                ),
                NodeKind::Array(items) => NodeKind::Array(items.into_iter().map(renumber).collect()),
                kind => kind,
            };
            self.kinds.push(kind);
            self.ranges.push(moved(part.ranges.get(index)));
        }
        self.unclosed.extend(part.unclosed.into_iter().map(renumber));
        for mut error in part.errors {
            error.range = moved(error.range);
            self.errors.push(error);
        }
        self.errors.sort_by_key(|error| error.range);
        part.root.map(renumber)
    }

    /// Add the nodes and keys of `part`, a tree of the same text; returns
    /// by how much its node ids and key slots grew (`Member::renumber`).
    pub(crate) fn append(&mut self, mut part: Tree) -> (u32, u32) {
        let nodes = self.kinds.len() as u32;
        let keys = self.keys.len() as u32;
        for kind in &mut part.kinds {
            match kind {
                NodeKind::Object(members) => {
                    for member in members {
                        member.renumber(nodes, keys);
                    }
                }
                NodeKind::Array(items) => {
                    for item in items {
                        item.0 += nodes;
                    }
                }
                _ => {}
            }
        }
        self.kinds.append(&mut part.kinds);
        for index in 0..part.ranges.len() {
            self.ranges.push(part.ranges.get(index));
        }
        for index in 0..part.keys.len() {
            self.keys.push(part.keys.get(index));
        }
        self.unclosed
            .extend(part.unclosed.iter().map(|id| NodeId(id.0 + nodes)));
        self.errors.append(&mut part.errors);
        (nodes, keys)
    }

    /// The value at `root` as a tree of its own: its nodes copied in the
    /// order a parse of its text would make them, with their ranges in this
    /// text and the syntax errors inside it. A state machine written inside
    /// a template is analysed this way, in the template's coordinates.
    pub fn subtree(&self, root: NodeId) -> Tree {
        // Pre-order, children in order: a parent before its children, as
        // the parsers allocate them.
        let mut order: Vec<NodeId> = Vec::new();
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            order.push(id);
            match &self.node(id).kind {
                NodeKind::Object(members) => stack.extend(members.iter().rev().filter_map(|member| member.value)),
                NodeKind::Array(items) => stack.extend(items.iter().rev().copied()),
                _ => {}
            }
        }
        let renumbered: std::collections::HashMap<NodeId, NodeId> = order
            .iter()
            .enumerate()
            .map(|(index, &id)| (id, NodeId(index as u32)))
            .collect();
        let new = |id: &NodeId| renumbered.get(id).copied().unwrap_or(*id);
        let mut tree = Tree::with_capacity(order.len());
        for &id in &order {
            let kind = match &self.node(id).kind {
                NodeKind::Object(members) => NodeKind::Object(
                    members
                        .iter()
                        .map(|member| {
                            tree.new_member(
                                member.key.clone(),
                                self.key_range(member),
                                member.value.as_ref().map(new),
                            )
                        })
                        .collect(),
                ),
                NodeKind::Array(items) => NodeKind::Array(items.iter().map(new).collect()),
                kind => (*kind).clone(),
            };
            tree.alloc(self.range(id), kind);
        }
        tree.root = Some(NodeId(0));
        tree.unclosed = self
            .unclosed
            .iter()
            .filter_map(|id| renumbered.get(id).copied())
            .collect();
        let range = self.range(root);
        tree.errors = self
            .errors
            .iter()
            .filter(|error| error.range.start >= range.start && error.range.end <= range.end)
            .cloned()
            .collect();
        tree.aliased = self.aliased;
        tree
    }

    /// Nodes of the arena that the root no longer reaches.
    pub fn garbage(&self) -> usize {
        self.garbage
    }

    /// Move every range at or after `at` (an offset of the old text) by
    /// `delta`; ranges that contain `at` without starting there (the
    /// ancestors of an edit) grow or shrink at their end. Errors inside
    /// `dropped` are removed: the part of the text they were about is
    /// parsed again.
    pub(crate) fn shift(&mut self, at: usize, delta: isize, dropped: TextRange) {
        let at = at as u32;
        let delta = delta as i64;
        self.ranges.shift(at, delta);
        self.keys.shift(at, delta);
        self.errors.retain(|error| {
            let inside =
                error.range.start >= dropped.start && error.range.end <= dropped.end && error.range.start < dropped.end;
            !inside
        });
        for error in &mut self.errors {
            error.range = shift_one(error.range, at, delta);
        }
    }

    /// Put `new` where `old` was: in its parent's member or item, or as the
    /// root. The nodes under `old` become garbage.
    pub(crate) fn replace_node(&mut self, parent: Option<NodeId>, old: NodeId, new: NodeId) {
        match parent {
            None => self.root = Some(new),
            Some(parent) => match &mut self.kinds[parent.0 as usize] {
                NodeKind::Object(members) => {
                    for member in members.iter_mut().filter(|member| member.value == Some(old)) {
                        member.value = Some(new);
                    }
                }
                NodeKind::Array(items) => {
                    for item in items.iter_mut().filter(|item| **item == old) {
                        *item = new;
                    }
                }
                _ => {}
            },
        }
        self.drop_subtrees(vec![old]);
    }

    /// Put `members` in the place of `object`'s members `replaced`; the
    /// nodes under the members taken out become garbage.
    pub(crate) fn splice_members(&mut self, object: NodeId, replaced: std::ops::Range<usize>, members: Vec<Member>) {
        let NodeKind::Object(current) = &mut self.kinds[object.0 as usize] else {
            return;
        };
        let mut removed = Vec::new();
        for member in current.splice(replaced, members) {
            self.keys.collapse(member.key_slot as usize);
            removed.extend(member.value);
        }
        self.drop_subtrees(removed);
    }

    fn drop_subtrees(&mut self, roots: Vec<NodeId>) {
        let mut dropped = self.descendants(roots);
        self.garbage += dropped.len();
        // Garbage becomes an empty range at the start of the text, so
        // that it never keeps a segment of ranges from moving at once.
        for &id in &dropped {
            if let NodeKind::Object(members) = &self.kinds[id.0 as usize] {
                for member in members {
                    self.keys.collapse(member.key_slot as usize);
                }
            }
            self.ranges.collapse(id.0 as usize);
        }
        if !self.unclosed.is_empty() {
            dropped.sort_unstable();
            self.unclosed.retain(|id| dropped.binary_search(id).is_err());
        }
    }

    /// The last value in the container `id` that starts before `offset`:
    /// the only one that can hold it (values are in source order).
    pub fn child_before(&self, id: NodeId, offset: usize) -> Option<NodeId> {
        match &self.node(id).kind {
            NodeKind::Object(members) => {
                let index = members.partition_point(|member| self.key_range(member).start() < offset);
                members[..index].last()?.value
            }
            NodeKind::Array(items) => {
                let index = items.partition_point(|&item| self.range(item).start() < offset);
                items[..index].last().copied()
            }
            _ => None,
        }
    }

    /// `roots` and every node under them (the arena may hold others: what
    /// an incremental reparse replaced, what the parser's recovery dropped).
    pub fn descendants(&self, roots: Vec<NodeId>) -> Vec<NodeId> {
        let mut stack = roots;
        let mut found = Vec::new();
        while let Some(id) = stack.pop() {
            found.push(id);
            match &self.node(id).kind {
                NodeKind::Object(members) => stack.extend(members.iter().filter_map(|member| member.value)),
                NodeKind::Array(items) => stack.extend(items.iter().copied()),
                _ => {}
            }
        }
        found
    }

    /// The innermost node whose range contains `offset`.
    pub fn node_at(&self, offset: usize) -> Option<NodeId> {
        let mut current = self.root?;
        if !self.range(current).contains_inclusive(offset) {
            return None;
        }
        'descend: loop {
            match &self.node(current).kind {
                NodeKind::Object(members) => {
                    for member in members {
                        if let Some(value) = member.value {
                            if self.range(value).contains_inclusive(offset) {
                                current = value;
                                continue 'descend;
                            }
                        }
                    }
                    return Some(current);
                }
                NodeKind::Array(items) => {
                    for &item in items {
                        if self.range(item).contains_inclusive(offset) {
                            current = item;
                            continue 'descend;
                        }
                    }
                    return Some(current);
                }
                _ => return Some(current),
            }
        }
    }
}
