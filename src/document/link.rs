//! State machines whose definition is a file of its own: SAM's
//! `DefinitionUri: statemachine/order.asl.json`. The template gives the
//! file its `${Name}` substitutions; the file holds the placeholders. What
//! one says of the other is found here, from both texts; reading the file
//! is the caller's (the command line and the server know where files are).

use super::find::{find, Fill, Found, Holds, Place};
use super::substitutions::{self, provided, Filler};
use super::{terraform, Document};
use crate::check::{self, codes, Diagnostic, Severity};
use crate::syntax::{CompactString, TextRange};

/// A template's state machine defined in another file.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The resource's logical id (Terraform: its name).
    pub machine: CompactString,
    /// The path as written, relative to the template's folder.
    pub path: CompactString,
    /// Where the path is written in the template.
    pub range: TextRange,
    /// What fills in the file's placeholders; `None` when that cannot be
    /// known here, and nothing is said of them.
    pub filler: Option<Filler>,
    /// The names it gives (`DefinitionSubstitutions`, `templatefile`
    /// variables), each with the range of its key in the template.
    pub substitutions: Vec<(CompactString, TextRange)>,
}

impl Document {
    /// The state machines of this template (`text` is its text) whose
    /// definitions are files of their own; none for a definition.
    pub fn links(&self, text: &str) -> Vec<Link> {
        let places = if self.terraform {
            terraform::find(text).unwrap_or_default()
        } else {
            let Some(tree) = &self.template else {
                return Vec::new();
            };
            match find(tree, text) {
                Found::Template(places) => places,
                Found::Definition => Vec::new(),
            }
        };
        places.into_iter().filter_map(|place| self.link(place)).collect()
    }

    fn link(&self, place: Place) -> Option<Link> {
        let Holds::File { path, range, fill } = place.what else {
            return None;
        };
        let (filler, substitutions) = match fill {
            Fill::Substitutions => {
                let given = match &self.template {
                    Some(tree) if place.fills => provided(tree, place.substitutions),
                    _ => Vec::new(),
                };
                (Some(Filler::Substitutions), given)
            }
            Fill::Variables(names) => (Some(Filler::TemplateFile), names),
            Fill::Nothing => (Some(Filler::Nothing), Vec::new()),
            Fill::Unknown => (None, Vec::new()),
        };
        Some(Link {
            machine: place.name,
            path,
            range,
            filler,
            substitutions,
        })
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
        let Some(filler) = self.filler else {
            return Linked::default();
        };
        let placeholders = definition
            .machines
            .first()
            .filter(|_| !definition.is_template())
            .and_then(|machine| {
                let tree = &machine.analysis.tree;
                Some(substitutions::placeholders_in(text, tree, tree.root()?))
            })
            .unwrap_or_default()
            .into_iter()
            // A templating tool's own placeholders are filled in before.
            .filter(|placeholder| !definition.placeholders().opens_at(text, placeholder.range.start()))
            .collect();
        let placeholders = match filler {
            Filler::Substitutions => placeholders,
            Filler::TemplateFile | Filler::Nothing => substitutions::as_terraform_reads(placeholders, text),
        };
        let (in_definition, in_template) =
            substitutions::compare(&placeholders, &self.substitutions, &self.machine, filler);
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
                "The definition of {} is to be read from {}, which cannot be read ({why}): {} fails the same way",
                check::quoted(&self.machine),
                check::quoted(&self.path),
                match self.filler {
                    Some(Filler::Substitutions) => "`sam build`",
                    _ => "`terraform plan`",
                }
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

    #[test]
    fn terraform_s_templatefile_variables_fill_the_file_s_placeholders() {
        let module = r#"resource "aws_sfn_state_machine" "checkout" {
  definition = templatefile("${path.module}/checkout.asl.json", { charge_arn = aws_lambda_function.charge.arn, spare = 1 })
}
resource "aws_sfn_state_machine" "verbatim" {
  definition = file("checkout.asl.json")
}
"#;
        let definition = r#"{"StartAt": "Charge", "States": {
  "Charge": {"Type": "Task", "Resource": "${charge_arn}", "Next": "Ship"},
  "Ship": {"Type": "Task", "Resource": "${ship.arn}", "Parameters": {"Note": "$${kept} ${upper(x)}"}, "End": true}}}"#;
        let template = Document::new(module, Format::Json);
        assert!(template.is_template());
        let links = template.links(module);
        let machines: Vec<&str> = links.iter().map(|link| link.machine.as_str()).collect();
        assert_eq!(machines, ["checkout", "verbatim"]);
        let parsed = Document::new(definition, Format::Json);
        let at = |d: &Diagnostic, text: &'static str| &text[d.range.start()..d.range.end()];

        let linked = links[0].check(&parsed, definition);
        let undefined: Vec<&str> = linked.in_definition.iter().map(|d| at(d, definition)).collect();
        // `${ship.arn}` reads the variable `ship`; `$${` is an escaped `${`,
        // and a function call is Terraform's to evaluate.
        assert_eq!(undefined, ["${ship.arn}"]);
        assert!(
            linked.in_definition[0].message.contains("templatefile"),
            "{:?}",
            linked.in_definition
        );
        let unused: Vec<&str> = linked.in_template.iter().map(|d| at(d, module)).collect();
        assert_eq!(unused, ["spare"]);

        let verbatim = links[1].check(&parsed, definition);
        let undefined: Vec<&str> = verbatim.in_definition.iter().map(|d| at(d, definition)).collect();
        assert_eq!(undefined, ["${charge_arn}", "${ship.arn}"]);
        assert!(verbatim.in_definition[0].message.contains("file()"));
    }
}
