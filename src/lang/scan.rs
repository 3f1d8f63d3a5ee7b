//! The cursor the small hand-written parsers share (paths, intrinsic calls):
//! a position in a string, moved one character at a time, and how a
//! character is named in an error message.

use std::ops::Range;

/// A byte position in `text`, always on a character boundary.
#[derive(Clone, Debug)]
pub struct Scan<'a> {
    pub text: &'a str,
    pub pos: usize,
}

impl<'a> Scan<'a> {
    pub fn new(text: &'a str) -> Scan<'a> {
        Scan { text, pos: 0 }
    }

    /// The character at the position, if any.
    pub fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// Move past the character at the position and return it.
    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    pub fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// The range of the character at `at` (empty at the end of the text).
    pub fn char_range(&self, at: usize) -> Range<usize> {
        let len = self
            .text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        at..at + len
    }
}

/// `` `c` `` for visible characters, a name for invisible ones.
pub fn describe(c: char) -> String {
    match c {
        ' ' => "space".to_string(),
        '\t' => "tab".to_string(),
        '\n' | '\r' => "line break".to_string(),
        c if c.is_whitespace() || c.is_control() => format!("character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_by_characters() {
        let mut scan = Scan::new(" é)");
        scan.skip_ws();
        assert_eq!(scan.char_range(scan.pos), 1..3);
        assert_eq!(scan.bump(), Some('é'));
        assert_eq!(scan.peek(), Some(')'));
        assert_eq!(scan.char_range(4), 4..4);
        assert_eq!(describe('\u{a0}'), "character U+00A0");
        assert_eq!(describe('x'), "`x`");
    }
}
