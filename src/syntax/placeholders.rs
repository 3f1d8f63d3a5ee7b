//! Placeholders of a templating tool that the configuration declares
//! (`{{ name }}`, `<%= name %>`, …): read as `${…}` placeholders of the same
//! length before the text is parsed, so every rule that leaves a
//! deployment placeholder alone leaves these alone too, and every range
//! stays a range of the file as it is written.
//!
//! `{{ name }}` is read as `${ name  }`: the opener becomes `${` padded
//! with spaces, the closer spaces and `}`. A placeholder lies on one line
//! (in JSON it sits inside a string, in YAML it may be a whole scalar), so
//! an edit changes the rewriting of its own lines only.

use std::borrow::Cow;

use super::Edit;

/// One placeholder syntax: what opens it and what closes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Syntax {
    open: String,
    close: String,
}

impl Syntax {
    /// The syntax an example shows, with the word `name` where the name
    /// goes: `"{{ name }}"`, `"<%= name %>"`.
    pub fn from_example(example: &str) -> Result<Syntax, String> {
        let Some((open, close)) = example.split_once("name") else {
            return Err(format!(
                "{example:?} shows no placeholder: write one with the word `name` where the name goes, such as \"{{{{ name }}}}\""
            ));
        };
        let (open, close) = (open.trim(), close.trim());
        let plain = |part: &str| {
            part.bytes()
                .all(|byte| byte.is_ascii_graphic() && !matches!(byte, b'"' | b'\'' | b'\\'))
        };
        if !plain(open) || !plain(close) {
            return Err(format!(
                "{example:?}: what opens and closes a placeholder must be ASCII punctuation or letters, without spaces, quotes or backslashes"
            ));
        }
        if open.len() < 2 {
            return Err(format!(
                "{example:?}: what opens a placeholder must be at least two characters (\"{{{{\", \"<%\"), or ordinary text would be read as one"
            ));
        }
        if close.is_empty() {
            return Err(format!("{example:?}: nothing closes the placeholder"));
        }
        Ok(Syntax {
            open: open.to_string(),
            close: close.to_string(),
        })
    }

    /// The syntax as an example, `{{ name }}`.
    pub fn example(&self) -> String {
        format!("{} name {}", self.open, self.close)
    }
}

/// The placeholder syntaxes of a file, besides `${…}` (which is always one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Placeholders {
    syntaxes: Vec<Syntax>,
}

impl Placeholders {
    pub fn new(syntaxes: Vec<Syntax>) -> Placeholders {
        Placeholders { syntaxes }
    }

    pub fn is_empty(&self) -> bool {
        self.syntaxes.is_empty()
    }

    /// `text` with each placeholder of these syntaxes written as a `${…}`
    /// one of the same length; borrowed when there is none.
    pub fn rewrite<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut bytes: Option<Vec<u8>> = None;
        for syntax in &self.syntaxes {
            let (open, close) = (syntax.open.as_bytes(), syntax.close.as_bytes());
            let mut from = 0;
            loop {
                let current = bytes.as_deref().unwrap_or(text.as_bytes());
                let Some(start) = memchr::memmem::find(&current[from..], open).map(|at| from + at) else {
                    break;
                };
                let inner = start + open.len();
                let line_end = memchr::memchr(b'\n', &current[inner..]).map_or(current.len(), |at| inner + at);
                let Some(end) = memchr::memmem::find(&current[inner..line_end], close).map(|at| inner + at) else {
                    from = line_end;
                    continue;
                };
                let bytes = bytes.get_or_insert_with(|| text.as_bytes().to_vec());
                bytes[start] = b'$';
                bytes[start + 1] = b'{';
                bytes[start + 2..inner].fill(b' ');
                let after = end + close.len();
                bytes[end..after - 1].fill(b' ');
                bytes[after - 1] = b'}';
                from = after;
            }
        }
        match bytes {
            None => Cow::Borrowed(text),
            // Only ASCII bytes were replaced, by ASCII bytes.
            Some(bytes) => Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())),
        }
    }

    /// `edit` (of the text as written, `text` the text after it) grown to
    /// whole lines: the bytes whose rewriting it can change.
    pub fn widen(&self, text: &str, edit: Edit) -> Edit {
        if self.is_empty() {
            return edit;
        }
        let bytes = text.as_bytes();
        let start = memchr::memrchr(b'\n', &bytes[..edit.start.min(bytes.len())]).map_or(0, |at| at + 1);
        let new_end = edit.new_end.min(bytes.len());
        let end = memchr::memchr(b'\n', &bytes[new_end..]).map_or(bytes.len(), |at| new_end + at);
        Edit {
            start,
            old_end: edit.old_end + (end - new_end),
            new_end: end,
        }
    }

    /// Whether one of these syntaxes opens a placeholder at `offset`.
    pub fn opens_at(&self, text: &str, offset: usize) -> bool {
        text.get(offset..)
            .is_some_and(|rest| self.syntaxes.iter().any(|syntax| rest.starts_with(&syntax.open)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(examples: &[&str]) -> Placeholders {
        Placeholders::new(
            examples
                .iter()
                .map(|example| Syntax::from_example(example).unwrap())
                .collect(),
        )
    }

    #[test]
    fn a_placeholder_becomes_one_of_the_same_length() {
        let jinja = placeholders(&["{{ name }}", "<%= name %>"]);
        let text = "\"Resource\": \"{{ lambda_arn }}\",\n\"Seconds\": \"x<%= wait %>y\", \"{{ open\n}}\"";
        let rewritten = jinja.rewrite(text);
        assert_eq!(
            rewritten,
            "\"Resource\": \"${ lambda_arn  }\",\n\"Seconds\": \"x${  wait  }y\", \"{{ open\n}}\""
        );
        assert_eq!(rewritten.len(), text.len());
        assert!(matches!(jinja.rewrite("{\"StartAt\": \"A\"}}"), Cow::Borrowed(_)));
        assert!(jinja.opens_at(text, 13));
        assert!(!jinja.opens_at(text, 12));
    }

    #[test]
    fn examples_are_checked() {
        assert_eq!(Syntax::from_example("{{name}}").unwrap().example(), "{{ name }}");
        assert!(Syntax::from_example("{{ x }}").unwrap_err().contains("the word `name`"));
        assert!(Syntax::from_example("%name%").unwrap_err().contains("at least two"));
        assert!(Syntax::from_example("{{ name").unwrap_err().contains("nothing closes"));
        assert!(Syntax::from_example("«« name »»").is_err());
    }

    #[test]
    fn an_edit_grows_to_its_lines() {
        let jinja = placeholders(&["{{ name }}"]);
        let before = "a\n\"{{ x \"\nb";
        let after = "a\n\"{{ x }}\"\nb";
        let edit = Edit::replace(8, 8, 2);
        let widened = jinja.widen(after, edit);
        assert_eq!(
            widened,
            Edit {
                start: 2,
                old_end: 9,
                new_end: 11
            }
        );
        // What the widened edit replaces, rewritten, gives the new text rewritten.
        let (old, new) = (jinja.rewrite(before), jinja.rewrite(after));
        let spliced = format!(
            "{}{}{}",
            &old[..widened.start],
            &new[widened.start..widened.new_end],
            &old[widened.old_end..]
        );
        assert_eq!(spliced, new);
        assert_eq!(Placeholders::default().widen(after, edit), edit);
    }
}
