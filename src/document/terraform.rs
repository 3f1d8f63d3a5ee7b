//! State machines in Terraform files: each `aws_sfn_state_machine` resource
//! whose `definition` is a heredoc holds its JSON as it is, so it is read in
//! place, in the file's own coordinates. One read from a file of the module
//! (`templatefile(path, { vars })`, `file(path)`) is a link to that file,
//! which whoever reads files checks (`link`). A definition built another
//! way (`jsonencode(...)`) is noted, not read.

use super::find::{Fill, Holds, Place};
use crate::syntax::{CompactString, TextRange};

/// The resource type of a state machine.
const RESOURCE: &str = "\"aws_sfn_state_machine\"";

/// The state machines of `text` when it is Terraform (it declares an
/// `aws_sfn_state_machine` resource); `None` otherwise.
pub fn find(text: &str) -> Option<Vec<Place>> {
    // Cheap refusals first: a JSON document opens with a bracket, and a
    // file without the resource type holds none.
    if text.trim_start().starts_with(['{', '[']) || memchr::memmem::find(text.as_bytes(), RESOURCE.as_bytes()).is_none()
    {
        return None;
    }
    let lines = lines(text);
    let mut places = Vec::new();
    for (index, &(start, line)) in lines.iter().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("resource") else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix(RESOURCE) else {
            continue;
        };
        // The resource's name: the next quoted word.
        let name_start = line.len() - rest.len() + rest.find('"')? + 1;
        let name_length = line[name_start..].find('"')?;
        let name_range = TextRange::new(start + name_start, start + name_start + name_length);
        places.push(Place {
            name: CompactString::from(&line[name_start..name_start + name_length]),
            name_range,
            what: definition(text, &lines[index + 1..]),
            fills: false,
            substitutions: None,
            express: is_express(&lines[index + 1..]),
        });
    }
    (!places.is_empty()).then_some(places)
}

/// Whether the resource whose body starts at `lines` says `type = "EXPRESS"`.
fn is_express(lines: &[(usize, &str)]) -> bool {
    for (index, &(_, line)) in lines.iter().enumerate() {
        if index > 0 && !line.starts_with([' ', '\t', '}']) && !line.trim().is_empty() {
            break;
        }
        let Some(rest) = line.trim_start().strip_prefix("type") else {
            continue;
        };
        if let Some(value) = rest.trim_start().strip_prefix('=') {
            return value.trim().trim_matches('"').eq_ignore_ascii_case("EXPRESS");
        }
    }
    false
}

/// Each line of `text` with the offset it starts at, line breaks left out.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        found.push((start, line.trim_end_matches(['\n', '\r'])));
        start += line.len();
    }
    found
}

/// The `definition` of the resource whose body starts at `lines`: up to the
/// next top-level block.
fn definition(text: &str, lines: &[(usize, &str)]) -> Holds {
    for (index, &(start, line)) in lines.iter().enumerate() {
        if index > 0 && !line.starts_with([' ', '\t', '}']) && !line.trim().is_empty() {
            break;
        }
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix("definition") else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let key_start = start + line.len() - trimmed.len();
        let key_range = TextRange::new(key_start, key_start + "definition".len());
        let value_start = start + line.len() - value.trim_start().len();
        let value = value.trim();
        if let Some(file) = read_from_file(text, value_start, key_range) {
            return file;
        }
        let Some(marker) = value.strip_prefix("<<") else {
            let how = value.split('(').next().unwrap_or(value).trim();
            return Holds::Elsewhere {
                key_range,
                key: CompactString::from(if how.is_empty() { "definition" } else { how }),
            };
        };
        let marker = marker.strip_prefix('-').unwrap_or(marker).trim();
        if marker.is_empty() {
            break;
        }
        // The heredoc's body: the lines up to the one holding only the marker.
        let body = &lines[index + 1..];
        let Some(end) = body.iter().position(|&(_, line)| line.trim() == marker) else {
            break;
        };
        let Some(&(body_start, _)) = body.first() else {
            break;
        };
        let body_end = body[..end]
            .last()
            .map_or(body_start, |&(start, line)| start + line.len());
        let body_end = body_end.min(text.len());
        return Holds::Text(TextRange::new(body_start, body_end.max(body_start)));
    }
    Holds::Missing
}

/// The file a `definition` starting at `at` reads, when it is
/// `templatefile("path", { name = value, … })` or `file("path")` of a path
/// in the module's folder. A path built from anything but `path.module`,
/// `path.root` or `path.cwd` is noted as not read (`key_range`).
fn read_from_file(text: &str, at: usize, key_range: TextRange) -> Option<Holds> {
    let mut scan = Scanner { text, at };
    let function = scan.identifier()?;
    if function != "templatefile" && function != "file" {
        return None;
    }
    scan.skip_space();
    scan.expect(b'(')?;
    scan.skip_space();
    let (literal, range) = scan.string()?;
    let path = ["${path.module}/", "${path.root}/", "${path.cwd}/"]
        .iter()
        .find_map(|prefix| literal.strip_prefix(prefix))
        .unwrap_or(literal);
    if path.contains("${") || path.contains("%{") || path.is_empty() {
        return Some(Holds::Elsewhere {
            key_range,
            key: CompactString::from(function),
        });
    }
    let fill = if function == "file" {
        Fill::Nothing
    } else {
        scan.skip_space();
        scan.expect(b',')?;
        scan.skip_space();
        match scan.object_keys() {
            Some(names) => Fill::Variables(names),
            None => Fill::Unknown,
        }
    };
    Some(Holds::File {
        path: CompactString::from(path),
        range,
        fill,
    })
}

/// A cursor over the text of an HCL expression.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Spaces, line breaks and comments (`#`, `//`, `/* */`).
    fn skip_space(&mut self) {
        let bytes = self.text.as_bytes();
        loop {
            match bytes
                .get(self.at..self.at + 2)
                .unwrap_or(&bytes[self.at.min(bytes.len())..])
            {
                [b' ' | b'\t' | b'\r' | b'\n', ..] => self.at += 1,
                [b'#', ..] | [b'/', b'/'] => {
                    self.at = memchr::memchr(b'\n', &bytes[self.at..]).map_or(bytes.len(), |end| self.at + end);
                }
                [b'/', b'*'] => {
                    self.at = memchr::memmem::find(&bytes[self.at + 2..], b"*/")
                        .map_or(bytes.len(), |end| self.at + 2 + end + 2);
                }
                _ => return,
            }
        }
    }

    fn identifier(&mut self) -> Option<&'a str> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        while bytes
            .get(self.at)
            .is_some_and(|&byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
        {
            self.at += 1;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }

    /// A quoted string: its text as written between the quotes (escapes
    /// left as they are) and that range; `None` when it is not closed on
    /// its line.
    fn string(&mut self) -> Option<(&'a str, TextRange)> {
        self.expect(b'"')?;
        let start = self.at;
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.at)? {
                b'"' => break,
                b'\\' => self.at += 2,
                b'\n' => return None,
                _ => self.at += 1,
            }
        }
        let end = self.at;
        self.at += 1;
        Some((self.text.get(start..end)?, TextRange::new(start, end)))
    }

    /// The keys of an object literal `{ name = value, "other" = value }`
    /// and their ranges; `None` for another expression (`local.vars`), whose
    /// keys cannot be known here.
    fn object_keys(&mut self) -> Option<Vec<(CompactString, TextRange)>> {
        self.expect(b'{')?;
        let mut keys = Vec::new();
        loop {
            self.skip_space();
            match self.peek()? {
                b'}' => return Some(keys),
                b',' => {
                    self.at += 1;
                    continue;
                }
                b'"' => {
                    let (key, range) = self.string()?;
                    keys.push((CompactString::from(key), range));
                }
                _ => {
                    let start = self.at;
                    let key = self.identifier()?;
                    keys.push((CompactString::from(key), TextRange::new(start, self.at)));
                }
            }
            self.skip_space();
            match self.peek()? {
                b'=' | b':' => self.at += 1,
                _ => return None,
            }
            self.skip_value()?;
        }
    }

    /// One value of an object: up to a line break, a comma or the closing
    /// brace at its own depth.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.at += 1;
                }
                b')' | b']' | b'}' if depth > 0 => {
                    depth -= 1;
                    self.at += 1;
                }
                b'}' => return Some(()),
                b'\n' | b',' if depth == 0 => return Some(()),
                _ => self.at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredocs_and_other_forms() {
        let text = r#"resource "aws_lambda_function" "fn" {
  function_name = "f"
}

resource "aws_sfn_state_machine" "orders" {
  name     = "orders"
  definition = <<-EOF
    {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}
  EOF
}

resource "aws_sfn_state_machine" "encoded" {
  definition = jsonencode({ StartAt = "A" })
}
"#;
        let places = find(text).unwrap();
        let names: Vec<&str> = places.iter().map(|place| place.name.as_str()).collect();
        assert_eq!(names, ["orders", "encoded"]);
        let Holds::Text(range) = places[0].what else {
            panic!("{:?}", places[0].what);
        };
        assert_eq!(
            text[range.start()..range.end()].trim(),
            r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#
        );
        assert!(matches!(&places[1].what, Holds::Elsewhere { key, .. } if key == "jsonencode"));
        assert_eq!(
            &text[places[0].name_range.start()..places[0].name_range.end()],
            "orders"
        );
        assert!(find(r#"{"resource": "aws_sfn_state_machine"}"#).is_none());
    }

    #[test]
    fn templatefile_and_file_link_to_the_module_s_files() {
        let text = r#"resource "aws_sfn_state_machine" "checkout" {
  definition = templatefile("${path.module}/sfn/checkout.asl.json", {
    charge_arn = aws_lambda_function.charge.arn # the function
    "table"    = aws_dynamodb_table.orders.name,
    nested     = { a = "}", b = [2, 3] }
  })
}
resource "aws_sfn_state_machine" "raw" {
  definition = file("sfn/raw.asl.json")
}
resource "aws_sfn_state_machine" "computed" {
  definition = templatefile("sfn/x.json", local.variables)
}
resource "aws_sfn_state_machine" "elsewhere" {
  definition = templatefile("${var.folder}/x.json", {})
}
"#;
        let places = find(text).unwrap();
        let Holds::File { path, range, fill } = &places[0].what else {
            panic!("{:?}", places[0].what);
        };
        assert_eq!(path, "sfn/checkout.asl.json");
        assert_eq!(
            &text[range.start()..range.end()],
            "${path.module}/sfn/checkout.asl.json"
        );
        let Fill::Variables(names) = fill else {
            panic!("{fill:?}");
        };
        let names: Vec<(&str, &str)> = names
            .iter()
            .map(|(name, range)| (name.as_str(), &text[range.start()..range.end()]))
            .collect();
        assert_eq!(
            names,
            [("charge_arn", "charge_arn"), ("table", "table"), ("nested", "nested")]
        );
        assert!(matches!(&places[1].what, Holds::File { path, fill: Fill::Nothing, .. } if path == "sfn/raw.asl.json"));
        assert!(matches!(
            &places[2].what,
            Holds::File {
                fill: Fill::Unknown,
                ..
            }
        ));
        assert!(matches!(&places[3].what, Holds::Elsewhere { key, .. } if key == "templatefile"));
        // Half-typed, at every point: no panic.
        for (end, _) in text.char_indices() {
            let _ = find(&text[..end]);
            let _ = find(&format!("{}\\é{}", &text[..end], &text[end..]));
        }
    }
}
