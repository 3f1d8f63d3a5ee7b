//! A definition given as a string that must be decoded before it can be
//! read: a quoted `DefinitionString` (with its escapes), a `Fn::Sub` string,
//! or the `Fn::Join` of literal parts and CloudFormation functions that CDK
//! writes. The decoded text is analysed on its own; each of its bytes knows
//! the range of the file it came from, so that its diagnostics land on the
//! characters the user wrote.

use crate::syntax::strings::OffsetMap;
use crate::syntax::{NodeId, TextRange, Tree};

/// The decoded text of a definition, and where each byte came from.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    /// For each byte of `text`, the range of the file it came from (an
    /// escape's whole sequence, a function's whole object).
    sources: Vec<TextRange>,
    /// The range of the whole value in the file.
    whole: TextRange,
    /// The stretches of `text` in order: each string part with how it is
    /// written, each function standing as a placeholder.
    parts: Vec<(std::ops::Range<usize>, Written)>,
}

/// How a stretch of the decoded text is written in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Written {
    /// In double quotes, with backslash escapes (JSON, YAML `"…"`).
    DoubleQuoted,
    /// In YAML single quotes, a quote doubled.
    SingleQuoted,
    /// As a plain YAML scalar: no escapes at all.
    Plain,
    /// A function, standing as a `${…}` placeholder: not text to edit.
    Function,
}

impl Decoded {
    /// The decoded text of `value` (a node of `tree`, the template's, read
    /// from `text`): a string, `{"Fn::Sub": string}`, `{"Fn::Sub": [string,
    /// variables]}` or `{"Fn::Join": [delimiter, [parts]]}`; `None` for
    /// anything else.
    pub fn of(text: &str, tree: &Tree, value: NodeId) -> Option<Decoded> {
        let mut decoded = Decoded {
            text: String::new(),
            sources: Vec::new(),
            whole: tree.range(value),
            parts: Vec::new(),
        };
        if tree.str(value).is_some() {
            decoded.string(text, tree, value);
            return Some(decoded);
        }
        let [member] = tree.members(value)? else {
            return None;
        };
        let argument = member.value?;
        match member.key.as_str() {
            "Fn::Sub" => {
                let template = tree
                    .items(argument)
                    .and_then(|items| items.first().copied())
                    .unwrap_or(argument);
                tree.str(template)?;
                decoded.string(text, tree, template);
            }
            "Fn::Join" => {
                let [delimiter, parts] = tree.items(argument)? else {
                    return None;
                };
                tree.str(*delimiter)?;
                for (index, &part) in tree.items(*parts)?.iter().enumerate() {
                    if index > 0 {
                        decoded.string(text, tree, *delimiter);
                    }
                    if tree.str(part).is_some() {
                        decoded.string(text, tree, part);
                    } else {
                        decoded.placeholder(tree, part);
                    }
                }
            }
            _ => return None,
        }
        Some(decoded)
    }

    /// Append a string node's value, each character mapped to its source.
    fn string(&mut self, text: &str, tree: &Tree, node: NodeId) {
        let Some(value) = tree.str(node) else {
            return;
        };
        let range = tree.range(node);
        let map = OffsetMap::new(text, range, value);
        let start = self.text.len();
        for (at, ch) in value.char_indices() {
            let source = map.as_ref().map_or(range, |map| map.range(at..at + ch.len_utf8()));
            self.text.push(ch);
            self.sources.extend(std::iter::repeat_n(source, ch.len_utf8()));
        }
        let written = match text.as_bytes().get(range.start()) {
            Some(b'"') => Written::DoubleQuoted,
            Some(b'\'') => Written::SingleQuoted,
            _ => Written::Plain,
        };
        // Without a map from decoded bytes to written ones, no edit can be placed.
        let written = if map.is_none() { Written::Function } else { written };
        self.parts.push((start..self.text.len(), written));
    }

    /// An edit of the decoded text (`range`, `new_text`) as an edit of the
    /// file: the characters it came from, and the new text written as the
    /// string is (escaped in double quotes, quotes doubled in single
    /// ones). `None` when it cannot be: it reaches past one string part (a
    /// function, the next part of a join), or the text cannot be written
    /// in that style (a line break in single quotes, a quote in a plain
    /// scalar).
    pub fn edit(&self, range: TextRange, new_text: &str) -> Option<(TextRange, String)> {
        let (a, b) = (range.start(), range.end());
        // The string part that holds the range; at an edge between two,
        // the one whose character follows, else the one that ends there.
        let holds = |part: &&(std::ops::Range<usize>, Written)| {
            part.1 != Written::Function && !part.0.is_empty() && part.0.start <= a && b <= part.0.end
        };
        let (part, written) = self
            .parts
            .iter()
            .filter(holds)
            .find(|(part, _)| a < part.end)
            .or_else(|| self.parts.iter().find(holds))?;
        let start = if a < part.end {
            self.sources.get(a)?.start()
        } else {
            self.sources.get(a.checked_sub(1)?)?.end()
        };
        let end = if b > a { self.sources.get(b - 1)?.end() } else { start };
        Some((TextRange::new(start, end.max(start)), written.encode(new_text)?))
    }

    /// Append a `${…}` placeholder for a part that is no string (a
    /// CloudFormation function), named after what it refers to.
    fn placeholder(&mut self, tree: &Tree, node: NodeId) {
        let name = match tree.members(node) {
            Some([member]) => {
                let argument = member.value;
                let word = |id: Option<NodeId>| id.and_then(|id| tree.str(id)).unwrap_or("").to_string();
                match member.key.as_str() {
                    "Ref" => word(argument),
                    "Fn::GetAtt" => match argument.and_then(|id| tree.items(id)) {
                        Some(items) => items.iter().map(|&item| word(Some(item))).collect::<Vec<_>>().join("."),
                        None => word(argument),
                    },
                    key => key.to_string(),
                }
            }
            _ => "value".to_string(),
        };
        let placeholder = format!("${{{}}}", if name.is_empty() { "value" } else { &name });
        self.sources
            .extend(std::iter::repeat_n(tree.range(node), placeholder.len()));
        let start = self.text.len();
        self.text.push_str(&placeholder);
        self.parts.push((start..self.text.len(), Written::Function));
    }

    /// The offset of the decoded text that a file offset falls on (the
    /// byte whose source holds it, or touches its end), if any.
    pub fn offset_in(&self, file_offset: usize) -> Option<usize> {
        let file_offset = file_offset as u32;
        let index = self.sources.partition_point(|source| source.end < file_offset);
        let source = self.sources.get(index)?;
        (source.start <= file_offset).then_some(index)
    }

    /// The range of the file a range of the decoded text came from.
    pub fn range(&self, range: TextRange) -> TextRange {
        let at = |offset: usize| self.sources.get(offset).or(self.sources.last()).copied();
        let Some(start) = at(range.start()) else {
            return TextRange::empty(self.whole.start());
        };
        if range.is_empty() {
            return TextRange::empty(start.start());
        }
        let end = at(range.end() - 1).unwrap_or(start);
        TextRange::new(start.start(), end.end().max(start.start()))
    }
}

impl Written {
    /// `text` as it is written in this style, if it can be.
    fn encode(self, text: &str) -> Option<String> {
        match self {
            Written::DoubleQuoted => {
                let mut out = String::with_capacity(text.len() + 8);
                for ch in text.chars() {
                    match ch {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        ch if ch.is_control() => out.push_str(&format!("\\u{:04x}", ch as u32)),
                        ch => out.push(ch),
                    }
                }
                Some(out)
            }
            Written::SingleQuoted => (!text.contains(['\n', '\r'])).then(|| text.replace('\'', "''")),
            Written::Plain => text
                .chars()
                .all(|ch| ch.is_alphanumeric() || matches!(ch, ' ' | '_' | '-' | '.'))
                .then(|| text.to_string()),
            Written::Function => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{json, TextRange};

    #[test]
    fn a_join_of_literals_and_functions_maps_back_to_the_file() {
        let text =
            r#"{"Fn::Join": ["", ["{\"Resource\": \"arn:aws:lambda:", {"Ref": "AWS::Region"}, ":1:function:f\"}"]]}"#;
        let tree = json::parse(text);
        let decoded = Decoded::of(text, &tree, tree.root().unwrap()).unwrap();
        assert_eq!(
            decoded.text,
            r#"{"Resource": "arn:aws:lambda:${AWS::Region}:1:function:f"}"#
        );
        // `"Resource"` in the decoded text is `\"Resource\"` in the file.
        let start = decoded.text.find("\"Resource\"").unwrap();
        let range = decoded.range(TextRange::new(start, start + 10));
        assert_eq!(&text[range.start()..range.end()], r#"\"Resource\""#);
        // The placeholder stands on the whole function.
        let start = decoded.text.find("${").unwrap();
        let range = decoded.range(TextRange::new(start, start + 14));
        assert_eq!(&text[range.start()..range.end()], r#"{"Ref": "AWS::Region"}"#);
    }

    #[test]
    fn edits_are_written_as_each_part_is() {
        let text = r#"{"Fn::Join": ["", ["{\"Next\": \"A", {"Ref": "X"}, "B\"}"]]}"#;
        let tree = json::parse(text);
        let decoded = Decoded::of(text, &tree, tree.root().unwrap()).unwrap();
        assert_eq!(decoded.text, r#"{"Next": "A${X}B"}"#);
        let at = |needle: &str| decoded.text.find(needle).unwrap();
        // Replacing `"Next"`: escaped in the file, over its escaped characters.
        let next = at("\"Next\"");
        let (range, new_text) = decoded.edit(TextRange::new(next, next + 6), "\"Go\\\"").unwrap();
        assert_eq!(&text[range.start()..range.end()], r#"\"Next\""#);
        assert_eq!(new_text, r#"\"Go\\\""#);
        // Typing at the end of a part, before the function: inside the part.
        let (range, _) = decoded.edit(TextRange::empty(at("${")), "x").unwrap();
        assert_eq!(&text[range.start() - 1..range.start() + 1], "A\"");
        // Across the function, or inside it: no edit.
        assert!(decoded.edit(TextRange::new(at("A$"), at("}B") + 1), "y").is_none());
        assert!(decoded.edit(TextRange::new(at("X}"), at("X}") + 1), "Y").is_none());

        // YAML single quotes: a quote is doubled, a line break is refused.
        let yaml = "DefinitionString: '{\"StartAt\": \"It''s\"}'\n";
        let tree = crate::syntax::yaml::parse(yaml);
        let value = tree.get(tree.root().unwrap(), "DefinitionString").unwrap();
        let decoded = Decoded::of(yaml, &tree, value).unwrap();
        assert_eq!(decoded.text, r#"{"StartAt": "It's"}"#);
        let name = decoded.text.find("It's").unwrap();
        let (range, new_text) = decoded.edit(TextRange::new(name, name + 4), "Bob's").unwrap();
        assert_eq!(&yaml[range.start()..range.end()], "It''s");
        assert_eq!(new_text, "Bob''s");
        assert!(decoded.edit(TextRange::empty(name), "a\nb").is_none());
    }
}
