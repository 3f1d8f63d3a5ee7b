//! JSON and JSONC layout from the syntax tree, comments kept.
//!
//! Every object member and array item goes on its own line, indented one
//! level deeper than its container; `"key": value` with one space. A
//! container other than the root, written on one line with no comment
//! inside, stays on one line while it fits in [`MAX_WIDTH`] columns
//! (`{ "a": 1 }`, `["x", "y"]`).
//! Comments stay where they were relative to the values: a comment on the
//! line of a value stays on that line after its comma, a comment on its own
//! line stays on its own line, indented with what follows. One blank line
//! between members is kept; trailing commas are dropped.

use super::edits::Printer;
use super::{Declined, FormatOptions, TextEdit};
use crate::syntax::{NodeId, NodeKind, SyntaxErrorKind, TextRange, Tree};

/// The widest line a one-line container may make and stay on one line.
const MAX_WIDTH: usize = 100;

pub(crate) fn format(text: &str, tree: &Tree, options: &FormatOptions) -> Result<Vec<TextEdit>, Declined> {
    // Line breaks as the document writes its first one.
    let newline = match text.find(['\n', '\r']).map(|index| &text[index..]) {
        Some(rest) if rest.starts_with("\r\n") => "\r\n",
        Some(rest) if rest.starts_with('\r') => "\r",
        _ => "\n",
    };
    let indent = if options.insert_spaces {
        " ".repeat(options.tab_size.clamp(1, 16) as usize)
    } else {
        "\t".to_string()
    };
    let mut formatter = Formatter {
        text,
        tree,
        out: Printer::new(text, options.tab_size.clamp(1, 16) as usize),
        newline,
        indent,
        // Comments and trailing commas are reported as "not JSON", sorted.
        not_json: tree
            .errors
            .iter()
            .filter(|error| error.kind == SyntaxErrorKind::NotJson)
            .map(|error| error.range.start)
            .collect(),
        line_breaks: line_breaks(text),
    };
    formatter.not_json.sort_unstable();
    formatter.document(options)?;
    Ok(formatter.out.finish())
}

/// Offsets of every line break (`\n`, `\r\n` counted once, lone `\r`).
fn line_breaks(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut breaks = Vec::new();
    for (index, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' || (byte == b'\r' && bytes.get(index + 1) != Some(&b'\n')) {
            breaks.push(index as u32);
        }
    }
    breaks
}

fn count_in(sorted: &[u32], start: usize, end: usize) -> usize {
    let low = sorted.partition_point(|&offset| (offset as usize) < start);
    let high = sorted.partition_point(|&offset| (offset as usize) < end);
    high.saturating_sub(low)
}

/// A comment found between two tokens.
struct Comment {
    range: TextRange,
    /// A `//` comment, which the line must end after.
    line: bool,
    /// Line breaks between what came before and this comment.
    breaks_before: usize,
}

/// What lies between two tokens: comments, and whether a colon was seen.
struct Gap {
    comments: Vec<Comment>,
    /// Line breaks between the last comment (or the gap's start) and its end.
    breaks_after: usize,
    colon: Option<usize>,
}

struct Formatter<'a> {
    text: &'a str,
    tree: &'a Tree,
    out: Printer<'a>,
    newline: &'static str,
    indent: String,
    not_json: Vec<u32>,
    line_breaks: Vec<u32>,
}

impl Formatter<'_> {
    fn document(&mut self, options: &FormatOptions) -> Result<(), Declined> {
        let Some(root) = self.tree.root() else {
            return Err(Declined::new("the document is empty"));
        };
        let root_range = self.tree.range(root);
        let before = self.gap(0, root_range.start(), false)?;
        let mut first = true;
        for comment in &before.comments {
            if !first {
                self.line_break(comment.breaks_before >= 2, 0);
            }
            first = false;
            self.out.source(comment.range);
        }
        if !first {
            self.line_break(before.breaks_after >= 2, 0);
        }
        self.value(root, 0)?;
        let after = self.gap(root_range.end(), self.text.len(), false)?;
        self.dangling(&after, 0, true);
        let ends_with_break = self.text.ends_with(['\n', '\r']);
        if options.final_newline || ends_with_break {
            self.out.push(self.newline);
        }
        Ok(())
    }

    fn line_break(&mut self, blank: bool, level: usize) {
        self.out.push(self.newline);
        if blank {
            self.out.push(self.newline);
        }
        for _ in 0..level {
            self.out.push(&self.indent);
        }
    }

    /// Comments after the last element of a container (or after the root):
    /// those on its line stay there, the others go on lines of their own.
    fn dangling(&mut self, gap: &Gap, level: usize, allow_blank: bool) {
        for comment in &gap.comments {
            if comment.breaks_before == 0 {
                self.out.push(" ");
            } else {
                self.line_break(allow_blank && comment.breaks_before >= 2, level);
            }
            self.out.source(comment.range);
        }
    }

    /// Scan `start..end`, which holds only white space, commas, a colon
    /// (when `colon_allowed`) and comments.
    fn gap(&self, start: usize, end: usize, colon_allowed: bool) -> Result<Gap, Declined> {
        let bytes = self.text.as_bytes();
        let mut gap = Gap {
            comments: Vec::new(),
            breaks_after: 0,
            colon: None,
        };
        let mut index = start;
        while index < end {
            match bytes[index] {
                b'\n' => {
                    gap.breaks_after += 1;
                    index += 1;
                }
                b'\r' => {
                    if bytes.get(index + 1) != Some(&b'\n') {
                        gap.breaks_after += 1;
                    }
                    index += 1;
                }
                b' ' | b'\t' | b',' => index += 1,
                b':' if colon_allowed && gap.colon.is_none() => {
                    gap.colon = Some(index);
                    index += 1;
                }
                b'/' if bytes.get(index + 1) == Some(&b'/') => {
                    let stop = self.text[index..end]
                        .find(['\n', '\r'])
                        .map_or(end, |offset| index + offset);
                    gap.comments.push(Comment {
                        range: TextRange::new(index, stop),
                        line: true,
                        breaks_before: std::mem::take(&mut gap.breaks_after),
                    });
                    index = stop;
                }
                b'/' if bytes.get(index + 1) == Some(&b'*') => {
                    let Some(close) = self.text[index + 2..end].find("*/") else {
                        return Err(Declined::new("a block comment is not closed"));
                    };
                    let stop = index + 2 + close + 2;
                    gap.comments.push(Comment {
                        range: TextRange::new(index, stop),
                        line: false,
                        breaks_before: std::mem::take(&mut gap.breaks_after),
                    });
                    index = stop;
                }
                _ => {
                    let ch = self.text[index..].chars().next().unwrap_or(' ');
                    return Err(Declined::new(format!(
                        "unexpected {ch:?} at byte {index} between values; fix it before formatting"
                    )));
                }
            }
        }
        Ok(gap)
    }

    fn value(&mut self, id: NodeId, level: usize) -> Result<(), Declined> {
        let node = self.tree.node(id);
        match &node.kind {
            NodeKind::Object(_) | NodeKind::Array(_) => self.container(id, level),
            NodeKind::Error => Err(Declined::new("the document holds something that is no value")),
            _ => {
                self.out.source(node.range);
                Ok(())
            }
        }
    }

    /// The range of element `index`: a member from its key to its value's end, an item.
    fn element_span(&self, id: NodeId, index: usize) -> Result<TextRange, Declined> {
        match &self.tree.node(id).kind {
            NodeKind::Object(members) => {
                let member = &members[index];
                let value = member.value.ok_or_else(|| Declined::new("a key has no value"))?;
                Ok(self.tree.key_range(member).cover(self.tree.range(value)))
            }
            NodeKind::Array(items) => Ok(self.tree.range(items[index])),
            _ => Err(Declined::new("not a container")),
        }
    }

    fn element_count(&self, id: NodeId) -> usize {
        match &self.tree.node(id).kind {
            NodeKind::Object(members) => members.len(),
            NodeKind::Array(items) => items.len(),
            _ => 0,
        }
    }

    fn container(&mut self, id: NodeId, level: usize) -> Result<(), Declined> {
        let range = self.tree.range(id);
        let is_object = matches!(self.tree.node(id).kind, NodeKind::Object(_));
        let (open, close) = if is_object { (b'{', b'}') } else { (b'[', b']') };
        let bytes = self.text.as_bytes();
        if range.len() < 2 || bytes[range.start()] != open || bytes[range.end() - 1] != close {
            return Err(Declined::new("a container is not closed"));
        }
        let inner_start = range.start() + 1;
        let inner_end = range.end() - 1;
        // The definition itself always takes one line per member.
        let one_line = level > 0 && self.stays_on_one_line(id);
        self.out.source(TextRange::new(range.start(), inner_start));
        let count = self.element_count(id);
        if one_line {
            let padding = if is_object { " " } else { "" };
            self.out.push(padding);
            for index in 0..count {
                if index > 0 {
                    self.out.push(", ");
                }
                self.element_body(id, index, level)?;
            }
            self.out.push(padding);
            self.out.source(TextRange::new(inner_end, range.end()));
            return Ok(());
        }
        let mut previous_end = inner_start;
        for index in 0..count {
            let span = self.element_span(id, index)?;
            let gap = self.gap(previous_end, span.start(), false)?;
            if index > 0 {
                self.out.push(",");
            }
            let mut own_line = false;
            for comment in &gap.comments {
                if comment.breaks_before == 0 {
                    self.out.push(" ");
                } else {
                    // A blank line only where one was, and not right after the opening bracket.
                    self.line_break(comment.breaks_before >= 2 && (own_line || index > 0), level + 1);
                    own_line = true;
                }
                self.out.source(comment.range);
            }
            let blank = gap.breaks_after >= 2 && (own_line || index > 0);
            self.line_break(blank, level + 1);
            self.element_body(id, index, level)?;
            previous_end = span.end();
        }
        let gap = self.gap(previous_end, inner_end, false)?;
        if count == 0 && gap.comments.is_empty() {
            self.out.source(TextRange::new(inner_end, range.end()));
            return Ok(());
        }
        self.dangling(&gap, level + 1, count > 0);
        self.line_break(false, level);
        self.out.source(TextRange::new(inner_end, range.end()));
        Ok(())
    }

    /// An array item, or a member as `"key": value` with the comments around its colon.
    fn element_body(&mut self, id: NodeId, index: usize, level: usize) -> Result<(), Declined> {
        let (key_range, value) = match &self.tree.node(id).kind {
            NodeKind::Array(items) => return self.value(items[index], level + 1),
            NodeKind::Object(members) => (self.tree.key_range(&members[index]), members[index].value),
            _ => return Err(Declined::new("not a container")),
        };
        let value = value.ok_or_else(|| Declined::new("a key has no value"))?;
        let value_range = self.tree.range(value);
        self.out.source(key_range);
        let gap = self.gap(key_range.end(), value_range.start(), true)?;
        let Some(colon) = gap.colon else {
            return Err(Declined::new("a key has no colon"));
        };
        let mut line_ended = false;
        let mut colon_done = false;
        for comment in &gap.comments {
            if !colon_done && comment.range.start() > colon {
                self.out.source(TextRange::new(colon, colon + 1));
                colon_done = true;
            }
            if line_ended {
                self.line_break(false, level + 2);
            } else {
                self.out.push(" ");
            }
            self.out.source(comment.range);
            line_ended = comment.line;
        }
        if !colon_done {
            if line_ended {
                self.line_break(false, level + 2);
            }
            self.out.source(TextRange::new(colon, colon + 1));
            line_ended = false;
        }
        if line_ended {
            self.line_break(false, level + 2);
        } else {
            self.out.push(" ");
        }
        self.value(value, level + 1)
    }

    /// True for a non-empty container written on one line, holding no
    /// comment (nor trailing comma), whose one-line form fits.
    fn stays_on_one_line(&self, id: NodeId) -> bool {
        let range = self.tree.range(id);
        if self.element_count(id) == 0
            || count_in(&self.line_breaks, range.start(), range.end()) > 0
            || count_in(&self.not_json, range.start(), range.end()) > 0
        {
            return false;
        }
        // The column where the container starts, and room for a comma after it.
        let budget = MAX_WIDTH.saturating_sub(self.out.column() + 1);
        self.one_line_width(id, budget).is_some()
    }

    /// The width of `id` on one line, or `None` past `budget`. Visits at
    /// most `budget` tokens, so the check stays cheap on big containers.
    fn one_line_width(&self, id: NodeId, budget: usize) -> Option<usize> {
        let mut width = 0usize;
        let mut stack = vec![id];
        while let Some(current) = stack.pop() {
            let node = self.tree.node(current);
            match &node.kind {
                NodeKind::Object(members) => {
                    // Braces, padding, ", " between members, ": " after keys.
                    width += 4 + 2 * members.len().saturating_sub(1);
                    for member in members {
                        width += self.tree.key_range(member).len() + 2;
                        stack.push(member.value?);
                    }
                }
                NodeKind::Array(items) => {
                    width += 2 + 2 * items.len().saturating_sub(1);
                    stack.extend(items.iter().copied());
                }
                _ => width += self.text[node.range.start()..node.range.end()].chars().count(),
            }
            if width > budget {
                return None;
            }
        }
        Some(width)
    }
}
