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
