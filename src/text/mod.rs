//! Document text: a rope with incremental edits and position conversion.
//!
//! Everything below the server works with byte offsets. LSP positions are
//! (line, character) pairs whose character unit is negotiated at
//! `initialize`; this module is the one place where they are converted, in
//! both directions, for UTF-8, UTF-16 and UTF-32 (Unicode scalar values).
//! Lines break at `\n`, `\r\n` and `\r` only, as LSP says (ropey is built
//! without its Unicode line breaks for that reason).

use ropey::Rope;

/// The unit of the `character` field of a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

/// A position as LSP counts it: zero-based line and character in `Encoding` units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// Text of one document, kept in a rope so that edits cost O(log n).
#[derive(Clone, Debug, Default)]
pub struct Text {
    rope: Rope,
}

impl Text {
    pub fn new(text: &str) -> Text {
        Text {
            rope: Rope::from_str(text),
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn len(&self) -> usize {
        self.rope.len_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.rope.len_bytes() == 0
    }

    /// Replace the text between two positions (given in `encoding`). Positions
    /// past the end of a line or of the document are clamped, as LSP asks.
    /// Returns the bytes replaced, as offsets of the text before the edit.
    pub fn replace(
        &mut self,
        start: Position,
        end: Position,
        new_text: &str,
        encoding: Encoding,
    ) -> std::ops::Range<usize> {
        let start = self.char_index(start, encoding);
        let end = self.char_index(end, encoding).max(start);
        let bytes = self.rope.char_to_byte(start)..self.rope.char_to_byte(end);
        self.rope.remove(start..end);
        self.rope.insert(start, new_text);
        bytes
    }

    /// Replace the whole text.
    pub fn set(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
    }

    /// The byte offset of a position, clamped into the document.
    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        self.rope.char_to_byte(self.char_index(position, encoding))
    }

    /// The position of a byte offset; an offset inside a character counts as
    /// that character's start, one past the end as the end, and an offset
    /// between the `\r` and the `\n` of a line break as the end of its line
    /// (a position cannot point inside a line break).
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let rope = &self.rope;
        let mut offset = offset.min(rope.len_bytes());
        if offset > 0 && offset < rope.len_bytes() && rope.byte(offset) == b'\n' && rope.byte(offset - 1) == b'\r' {
            offset -= 1;
        }
        let char_index = rope.byte_to_char(offset);
        let line = rope.char_to_line(char_index);
        let line_start = rope.line_to_char(line);
        let character = match encoding {
            Encoding::Utf8 => rope.char_to_byte(char_index) - rope.line_to_byte(line),
            Encoding::Utf16 => rope.char_to_utf16_cu(char_index) - rope.char_to_utf16_cu(line_start),
            Encoding::Utf32 => char_index - line_start,
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The text of a zero-based line, without its line break.
    pub fn line_text(&self, line: usize) -> String {
        if line >= self.rope.len_lines() {
            return String::new();
        }
        let text = self.rope.line(line).to_string();
        text.trim_end_matches(['\n', '\r']).to_string()
    }

    fn char_index(&self, position: Position, encoding: Encoding) -> usize {
        let rope = &self.rope;
        let line = position.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let line_start = rope.line_to_char(line);
        let line_slice = rope.line(line);
        let mut line_chars = line_slice.len_chars();
        // The line break is not part of the line for positioning.
        while line_chars > 0 && matches!(line_slice.char(line_chars - 1), '\n' | '\r') {
            line_chars -= 1;
        }
        let line_end = line_start + line_chars;
        let character = position.character as usize;
        let index = match encoding {
            Encoding::Utf32 => line_start + character,
            Encoding::Utf8 => {
                let byte = rope.char_to_byte(line_start) + character;
                if byte >= rope.char_to_byte(line_end) {
                    line_end
                } else {
                    rope.byte_to_char(byte)
                }
            }
            Encoding::Utf16 => {
                let unit = rope.char_to_utf16_cu(line_start) + character;
                if unit >= rope.char_to_utf16_cu(line_end) {
                    line_end
                } else {
                    rope.utf16_cu_to_char(unit)
                }
            }
        };
        index.min(line_end)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for chunk in self.rope.chunks() {
            f.write_str(chunk)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn positions_round_trip_in_every_encoding() {
        let text = Text::new("{\r\n  \"😀名\": 1,\n\"b\"\r}");
        let offset = text.to_string().find(": 1").unwrap();
        assert_eq!(text.position(offset, Encoding::Utf8), pos(1, 11));
        assert_eq!(text.position(offset, Encoding::Utf16), pos(1, 7));
        assert_eq!(text.position(offset, Encoding::Utf32), pos(1, 6));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let position = text.position(offset, encoding);
            assert_eq!(text.offset(position, encoding), offset);
        }
        // `\r` alone breaks a line too.
        assert_eq!(text.position(text.len(), Encoding::Utf16), pos(3, 1));
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = Text::new("ab\ncd");
        assert_eq!(text.offset(pos(0, 99), Encoding::Utf16), 2);
        assert_eq!(text.offset(pos(9, 0), Encoding::Utf16), 5);
        assert_eq!(text.position(999, Encoding::Utf8), pos(1, 2));
    }

    #[test]
    fn no_position_falls_inside_a_crlf() {
        let text = Text::new("ab\r\ncd\r\n");
        // Between `\r` and `\n`: the end of the line, like the `\r` itself.
        assert_eq!(text.position(3, Encoding::Utf16), pos(0, 2));
        assert_eq!(text.position(2, Encoding::Utf16), pos(0, 2));
        assert_eq!(text.position(4, Encoding::Utf16), pos(1, 0));
        assert_eq!(text.position(7, Encoding::Utf8), pos(1, 2));
        assert_eq!(text.position(8, Encoding::Utf8), pos(2, 0));
        // A lone `\r` still ends its line; `\n\r` is two breaks.
        let text = Text::new("a\rb\n\rc");
        assert_eq!(text.position(2, Encoding::Utf32), pos(1, 0));
        assert_eq!(text.position(4, Encoding::Utf32), pos(2, 0));
    }

    #[test]
    fn edits_apply_in_order() {
        let mut text = Text::new("{\"a\": 1}\n");
        text.replace(pos(0, 6), pos(0, 7), "2", Encoding::Utf16);
        text.replace(pos(1, 0), pos(1, 0), "x😀y", Encoding::Utf16);
        text.replace(pos(1, 1), pos(1, 3), "", Encoding::Utf16);
        assert_eq!(text.to_string(), "{\"a\": 2}\nxy");
    }
}
