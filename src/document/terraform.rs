//! State machines in Terraform files: each `aws_sfn_state_machine` resource
//! whose `definition` is a heredoc holds its JSON as it is, so it is read in
//! place, in the file's own coordinates. A definition built another way
//! (`jsonencode(...)`, `templatefile(...)`, `file(...)`) is noted, not read.

use super::find::{Holds, Place};
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
        });
    }
    (!places.is_empty()).then_some(places)
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
        let value = value.trim();
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
}
