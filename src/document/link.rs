//! State machines whose definition is a file of its own: SAM's
//! `DefinitionUri: statemachine/order.asl.json`. The template gives the
//! file its `${Name}` substitutions; the file holds the placeholders. What
//! one says of the other is found here, from both texts; reading the file
//! is the caller's (the command line and the server know where files are).

use super::find::{find, Found, Holds};
use super::substitutions::{self, provided};
use super::Document;
use crate::check::{self, codes, Diagnostic, Severity};
use crate::syntax::{CompactString, TextRange};

/// A template's state machine defined in another file.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The resource's logical id.
    pub machine: CompactString,
    /// The path as written, relative to the template's folder.
    pub path: CompactString,
    /// Where the path is written in the template.
    pub range: TextRange,
    /// The `DefinitionSubstitutions` the template gives it: each name and
    /// the range of its key in the template.
    pub substitutions: Vec<(CompactString, TextRange)>,
}

impl Document {
    /// The state machines of this template (`text` is its text) whose
    /// definitions are files of their own; none for a definition.
    pub fn links(&self, text: &str) -> Vec<Link> {
        let Some(tree) = &self.template else {
            return Vec::new();
        };
        let Found::Template(places) = find(tree, text) else {
            return Vec::new();
        };
        places
            .into_iter()
            .filter_map(|place| match place.what {
                Holds::File { path, range } => Some(Link {
                    machine: place.name,
                    path,
                    range,
                    substitutions: if place.fills {
                        provided(tree, place.substitutions)
                    } else {
                        Vec::new()
                    },
                }),
                _ => None,
            })
            .collect()
    }
}

/// What a link says of both files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Linked {
    /// In the definition file: its placeholders that the template does not fill in.
    pub in_definition: Vec<Diagnostic>,
    /// In the template: its substitutions that the definition never uses.
    pub in_template: Vec<Diagnostic>,
}

impl Link {
    /// The placeholders of `definition` (the document read from the linked
    /// file, whose text is `text`) against the template's substitutions.
    pub fn check(&self, definition: &Document, text: &str) -> Linked {
        let placeholders = definition
            .machines
            .first()
            .filter(|_| !definition.is_template())
            .and_then(|machine| {
                let tree = &machine.analysis.tree;
                Some(substitutions::placeholders_in(text, tree, tree.root()?))
            })
            .unwrap_or_default();
        let (in_definition, in_template) = substitutions::compare(&placeholders, &self.substitutions, &self.machine);
        Linked {
            in_definition,
            in_template,
        }
    }

    /// The warning, in the template, for a path that names no readable file.
    pub fn unreadable(&self, why: &str) -> Diagnostic {
        Diagnostic {
            range: self.range,
            severity: Severity::Warning,
            code: codes::MISSING_DEFINITION_FILE,
            message: format!(
                "The definition of {} is to be read from {}, which cannot be read ({why}): `sam build` fails the same way",
                check::quoted(&self.machine),
                check::quoted(&self.path)
            ),
            fix: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Format;

    const TEMPLATE: &str = "\
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/orders.asl.json
      DefinitionSubstitutions:
        ChargeArn: !GetAtt Charge.Arn
        Leftover: x
  Elsewhere:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: s3://bucket/orders.asl.json
";

    const DEFINITION: &str = r#"{
  "StartAt": "Charge",
  "States": {
    "Charge": {"Type": "Task", "Resource": "${ChargeArn}", "Next": "Ship"},
    "Ship": {"Type": "Task", "Resource": "${ShipArn}", "End": true}
  }
}"#;

    #[test]
    fn a_definition_uri_links_the_file_and_its_substitutions() {
        let template = Document::new(TEMPLATE, Format::Yaml);
        let links = template.links(TEMPLATE);
        assert_eq!(links.len(), 1, "an S3 location is no local file: {links:?}");
        let link = &links[0];
        assert_eq!(link.machine, "Orders");
        assert_eq!(
            &TEMPLATE[link.range.start()..link.range.end()],
            "statemachine/orders.asl.json"
        );
        let names: Vec<&str> = link.substitutions.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["ChargeArn", "Leftover"]);
        // The template says nothing of its own about the file.
        assert!(
            template
                .diagnostics()
                .iter()
                .all(|d| d.code != codes::NOT_ANALYSED || !d.message.contains("Orders")),
            "{:?}",
            template.diagnostics()
        );

        let definition = Document::new(DEFINITION, Format::Json);
        let linked = link.check(&definition, DEFINITION);
        let undefined: Vec<&str> = linked
            .in_definition
            .iter()
            .map(|d| &DEFINITION[d.range.start()..d.range.end()])
            .collect();
        assert_eq!(undefined, ["${ShipArn}"]);
        assert!(linked.in_definition[0].message.contains("\"Orders\""));
        let unused: Vec<&str> = linked
            .in_template
            .iter()
            .map(|d| &TEMPLATE[d.range.start()..d.range.end()])
            .collect();
        assert_eq!(unused, ["Leftover"]);
        assert_eq!(linked.in_template[0].code, codes::UNUSED_SUBSTITUTION);

        let missing = link.unreadable("No such file or directory");
        assert_eq!(missing.range, link.range);
        assert_eq!(missing.code, codes::MISSING_DEFINITION_FILE);
    }

    #[test]
    fn a_definition_has_no_links() {
        assert!(Document::new(DEFINITION, Format::Json).links(DEFINITION).is_empty());
    }
}
