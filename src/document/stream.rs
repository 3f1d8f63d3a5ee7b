//! A YAML stream of several documents (`---` between them): each document
//! that holds anything is a state machine of its own, read and checked
//! apart, in the file's coordinates. A YAML file with one document, after
//! a `---` or not, is read as before.
//!
//! Document markers are found line by line: YAML forbids `---` and `...`
//! at the start of a line inside any content, so a line that starts with
//! one always is one.

use super::find::{Holds, Place};
use crate::syntax::{CompactString, TextRange, Tree};

/// The documents of `text` when it is a YAML stream of two or more
/// documents that hold something besides comments; `None` otherwise.
pub fn find(text: &str) -> Option<Vec<Place>> {
    // Cheap refusal: no line starts with `---` after the first.
    memchr::memmem::find(text.as_bytes(), b"\n---")?;
    let mut places = Vec::new();
    // Where the current document starts, and its `---` line's marker.
    let mut start = 0;
    let mut marker = TextRange::empty(0);
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line_start > 0 && is_marker(line) {
            push(text, TextRange::new(start, line_start), marker, &mut places);
            start = line_start;
            marker = TextRange::new(line_start, line_start + 3);
        }
        line_start += line.len();
    }
    push(text, TextRange::new(start, text.len()), marker, &mut places);
    (places.len() > 1).then_some(places)
}

/// Whether a document holds something: a line that is neither blank, nor
/// a comment, nor a marker or directive.
fn holds_something(region: &str) -> bool {
    region.lines().any(|line| {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let content = if line.starts_with("---") {
            trimmed[3..].trim_start_matches([' ', '\t'])
        } else {
            trimmed
        };
        !(content.is_empty() || content.starts_with('#') || line.starts_with("...") || line.starts_with('%'))
    })
}

fn push(text: &str, range: TextRange, marker: TextRange, places: &mut Vec<Place>) {
    if !holds_something(&text[range.start()..range.end()]) {
        return;
    }
    places.push(Place {
        name: CompactString::from(format!("document {}", places.len() + 1)),
        name_range: marker,
        what: Holds::Document(range),
        fills: false,
        substitutions: None,
        express: false,
    });
}

/// A `---` line: the marker, then the end of the line, a space or a tab.
fn is_marker(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// Whether the parser of one document stopped at a document marker (it
/// reads only the first document of a stream): only then can the text be
/// a stream.
pub fn stopped_at_marker(text: &str, tree: &Tree) -> bool {
    tree.errors.iter().any(|error| {
        let start = error.range.start();
        let line_start = start == 0 || text.as_bytes().get(start - 1) == Some(&b'\n');
        line_start && text.get(start..).is_some_and(is_marker)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_with_something_in_them() {
        let text = "# a comment\n---\nStartAt: A\n--- # the second\nStartAt: B\n...\n---\n# only a comment\n";
        let places = find(text).unwrap();
        let documents: Vec<(&str, &str)> = places
            .iter()
            .map(|place| {
                let Holds::Document(range) = place.what else {
                    panic!("{:?}", place.what);
                };
                (place.name.as_str(), &text[range.start()..range.end()])
            })
            .collect();
        assert_eq!(
            documents,
            [
                ("document 1", "---\nStartAt: A\n"),
                ("document 2", "--- # the second\nStartAt: B\n...\n")
            ]
        );
        // One document, after a marker or not, is no stream.
        assert!(find("---\nStartAt: A\n").is_none());
        assert!(find("StartAt: A\n---\n# nothing\n").is_none());
        assert!(find("a: '---'\nb: |\n  ---\n").is_none());
    }
}
