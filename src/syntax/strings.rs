//! Where a piece of a string value sits in the source text.
//!
//! Paths, intrinsic calls and JSONata expressions are parsed from the
//! decoded string; their errors name byte ranges of that decoded text. This
//! maps such a range back to the source, through JSON escapes (`\n`,
//! `\u00e9`, surrogate pairs) and YAML quoting (`''`), so that a diagnostic
//! can point at the exact character inside the string literal.

use std::ops::Range;

use super::TextRange;

/// The source range of `inner` (a byte range of `decoded`), for a string
/// node spanning `node` in `text`. Falls back to the whole node when the
/// source cannot be matched with the decoded value.
pub fn inner_range(text: &str, node: TextRange, decoded: &str, inner: Range<usize>) -> TextRange {
    let Some(raw) = text.get(node.start()..node.end()) else {
        return node;
    };
    match map_offsets(raw, decoded, &[inner.start, inner.end]) {
        Some(mapped) => TextRange::new(node.start() + mapped[0], node.start() + mapped[1]),
        None => node,
    }
}

/// Where the decoded offsets of one string value sit in its source: built
/// in one pass over the literal, then each lookup is a binary search, so a
/// string with thousands of diagnostics costs its length once, not once per
/// diagnostic.
#[derive(Clone, Debug)]
pub struct OffsetMap {
    node: TextRange,
    /// `(decoded, raw)` at the start and after each escape: between two
    /// checkpoints the source and the decoded text advance together.
    checkpoints: Vec<(usize, usize)>,
    decoded_len: usize,
}

impl OffsetMap {
    /// The map of the string node spanning `node` in `text`, whose value is
    /// `decoded`; `None` when the source cannot be matched with the value.
    pub fn new(text: &str, node: TextRange, decoded: &str) -> Option<OffsetMap> {
        let raw = text.get(node.start()..node.end())?;
        let quote = match raw.as_bytes().first() {
            Some(b'"') => Some('"'),
            Some(b'\'') => Some('\''),
            _ => None,
        };
        let mut raw_at = usize::from(quote.is_some());
        let mut checkpoints = vec![(0, raw_at)];
        let bytes = raw.as_bytes();
        for (decoded_at, ch) in decoded.char_indices() {
            let rest = raw.get(raw_at..)?;
            if quote == Some('"') && bytes.get(raw_at) == Some(&b'\\') {
                raw_at += escape_length(rest, ch)?;
                checkpoints.push((decoded_at + ch.len_utf8(), raw_at));
            } else if quote == Some('\'') && ch == '\'' && rest.starts_with("''") {
                raw_at += 2;
                checkpoints.push((decoded_at + 1, raw_at));
            } else if rest.starts_with(ch) {
                raw_at += ch.len_utf8();
            } else {
                return None;
            }
        }
        Some(OffsetMap {
            node,
            checkpoints,
            decoded_len: decoded.len(),
        })
    }

    /// The source offset of a decoded offset.
    fn source(&self, decoded: usize) -> usize {
        let decoded = decoded.min(self.decoded_len);
        let index = self.checkpoints.partition_point(|&(at, _)| at <= decoded);
        let (at, raw) = self.checkpoints[index.saturating_sub(1)];
        self.node.start() + raw + (decoded - at)
    }

    /// The source range of a decoded range.
    pub fn range(&self, inner: Range<usize>) -> TextRange {
        TextRange::new(self.source(inner.start), self.source(inner.end.max(inner.start)))
    }
}

/// Source offsets (relative to `raw`) of ascending decoded offsets.
fn map_offsets(raw: &str, decoded: &str, wanted: &[usize]) -> Option<Vec<usize>> {
    let quote = match raw.as_bytes().first() {
        Some(b'"') => Some('"'),
        Some(b'\'') => Some('\''),
        _ => None,
    };
    let mut raw_at = usize::from(quote.is_some());
    let mut result = Vec::with_capacity(wanted.len());
    let mut next = 0;
    let bytes = raw.as_bytes();
    for (decoded_at, ch) in decoded.char_indices() {
        while next < wanted.len() && wanted[next] <= decoded_at {
            result.push(raw_at);
            next += 1;
        }
        let rest = raw.get(raw_at..)?;
        if quote == Some('"') && bytes.get(raw_at) == Some(&b'\\') {
            raw_at += escape_length(rest, ch)?;
        } else if quote == Some('\'') && ch == '\'' && rest.starts_with("''") {
            raw_at += 2;
        } else if rest.starts_with(ch) {
            raw_at += ch.len_utf8();
        } else {
            return None;
        }
    }
    while next < wanted.len() {
        result.push(raw_at);
        next += 1;
    }
    Some(result)
}

/// The length of the escape sequence at the start of `rest` that decodes to `ch`.
fn escape_length(rest: &str, ch: char) -> Option<usize> {
    let kind = rest.as_bytes().get(1)?;
    match kind {
        b'u' => {
            if (ch as u32) > 0xFFFF && rest.get(6..8) == Some("\\u") {
                Some(12)
            } else {
                Some(6)
            }
        }
        b'x' => Some(4),
        b'U' => Some(10),
        _ => Some(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_agrees_with_the_one_off_mapping() {
        let cases: &[(&str, &str)] = &[
            (r#""a\nb\u00e9c\ud83d\ude00d \"x\"""#, "a\nbéc😀d \"x\""),
            ("'it''s $x'", "it's $x"),
            ("plain $x", "plain $x"),
            (r#""""#, ""),
        ];
        for &(raw, decoded) in cases {
            let node = TextRange::new(0, raw.len());
            let map = OffsetMap::new(raw, node, decoded).expect("the literal matches its value");
            let boundaries: Vec<usize> = decoded
                .char_indices()
                .map(|(at, _)| at)
                .chain([decoded.len()])
                .collect();
            for &start in &boundaries {
                for &end in boundaries.iter().filter(|&&end| end >= start) {
                    assert_eq!(
                        map.range(start..end),
                        inner_range(raw, node, decoded, start..end),
                        "{raw} {start}..{end}"
                    );
                }
            }
        }
        assert!(OffsetMap::new("\"abc\"", TextRange::new(0, 5), "xyz").is_none());
    }

    fn check(source: &str, decoded: &str, inner: Range<usize>) -> String {
        let node = TextRange::new(0, source.len());
        let range = inner_range(source, node, decoded, inner);
        source[range.start()..range.end()].to_string()
    }

    #[test]
    fn maps_through_escapes_and_quotes() {
        assert_eq!(check(r#""$.a b""#, "$.a b", 3..5), " b");
        assert_eq!(check(r#""\n$.x\u00e9y""#, "\n$.xéy", 1..6), "$.x\\u00e9");
        assert_eq!(check(r#""\ud83d\ude00x""#, "😀x", 4..5), "x");
        assert_eq!(check("'it''s $.x'", "it's $.x", 5..8), "$.x");
        assert_eq!(check("plain $.x", "plain $.x", 6..9), "$.x");
        assert_eq!(check(r#""abc""#, "abc", 3..3), "");
        // A source that does not match the value falls back to the whole node.
        assert_eq!(check(r#""xyz""#, "abc", 0..1), r#""xyz""#);
    }
}
