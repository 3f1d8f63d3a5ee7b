//! The output side of a formatter: source pieces kept in place, the text
//! between them replaced, and each replacement trimmed to a minimal edit.
//!
//! A formatter calls [`Printer::source`] for every piece of the original it
//! keeps (keys, scalars, brackets, comments), in order, and [`Printer::push`]
//! for the layout it puts between them. Only the gaps between kept pieces
//! change, so the edits are small, disjoint and sorted.

use super::TextEdit;
use crate::syntax::TextRange;

pub(crate) struct Printer<'a> {
    text: &'a str,
    edits: Vec<TextEdit>,
    /// End of the last source piece kept.
    last: usize,
    /// The new text between `last` and the next source piece.
    pending: String,
    /// Column of the output so far (tabs count `tab_size`).
    column: usize,
    tab_size: usize,
}

impl<'a> Printer<'a> {
    pub(crate) fn new(text: &'a str, tab_size: usize) -> Printer<'a> {
        Printer {
            text,
            edits: Vec::new(),
            last: 0,
            pending: String::new(),
            column: 0,
            tab_size: tab_size.max(1),
        }
    }

    pub(crate) fn column(&self) -> usize {
        self.column
    }

    /// Keep `range` of the original text here.
    pub(crate) fn source(&mut self, range: TextRange) {
        self.flush_gap(range.start());
        let piece = &self.text[range.start()..range.end()];
        self.advance(piece);
        self.last = range.end();
    }

    /// Put new layout text here.
    pub(crate) fn push(&mut self, text: &str) {
        self.pending.push_str(text);
        self.advance(text);
    }

    /// The edits, once the rest of the original (after the last piece) is
    /// replaced by what was pushed since.
    pub(crate) fn finish(mut self) -> Vec<TextEdit> {
        self.flush_gap(self.text.len());
        self.edits
    }

    fn advance(&mut self, text: &str) {
        let tail = match text.rfind(['\n', '\r']) {
            Some(index) => {
                self.column = 0;
                &text[index + 1..]
            }
            None => text,
        };
        for ch in tail.chars() {
            self.column += if ch == '\t' { self.tab_size } else { 1 };
        }
    }

    fn flush_gap(&mut self, to: usize) {
        let from = self.last.min(to);
        let old = &self.text[from..to];
        let new = std::mem::take(&mut self.pending);
        if old != new {
            let (prefix, suffix) = common_ends(old, &new);
            self.edits.push((
                TextRange::new(from + prefix, to - suffix),
                new[prefix..new.len() - suffix].to_string(),
            ));
        }
    }
}

/// Lengths of the common prefix and suffix of two strings, on character
/// boundaries and not overlapping in either.
fn common_ends(old: &str, new: &str) -> (usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (a.len() - prefix).min(b.len() - prefix);
    let mut suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(old.len() - suffix) {
        suffix -= 1;
    }
    (prefix, suffix)
}

/// `text` with sorted, disjoint `edits` applied.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut last = 0;
    for (range, replacement) in edits {
        let start = range.start().clamp(last, text.len());
        out.push_str(&text[last..start]);
        out.push_str(replacement);
        last = range.end().clamp(start, text.len());
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_are_trimmed_to_what_changes() {
        let text = "{\n      \"a\": 1}";
        let mut printer = Printer::new(text, 2);
        printer.source(TextRange::new(0, 1));
        printer.push("\n  ");
        printer.source(TextRange::new(8, 11));
        printer.source(TextRange::new(11, 12));
        printer.push(" ");
        printer.source(TextRange::new(13, 14));
        printer.push("\n");
        printer.source(TextRange::new(14, 15));
        let edits = printer.finish();
        assert_eq!(
            edits,
            vec![
                (TextRange::new(4, 8), String::new()),
                (TextRange::new(14, 14), "\n".to_string())
            ]
        );
        assert_eq!(apply(text, &edits), "{\n  \"a\": 1\n}");
    }

    #[test]
    fn trimming_keeps_characters_whole() {
        assert_eq!(common_ends("é", "è"), (0, 0));
        assert_eq!(common_ends("aa", "a"), (1, 0));
        assert_eq!(common_ends("", "x"), (0, 0));
    }
}
