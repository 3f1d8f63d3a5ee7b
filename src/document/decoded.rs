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
        for (at, ch) in value.char_indices() {
            let source = map.as_ref().map_or(range, |map| map.range(at..at + ch.len_utf8()));
            self.text.push(ch);
            self.sources.extend(std::iter::repeat_n(source, ch.len_utf8()));
        }
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
        self.text.push_str(&placeholder);
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
}
