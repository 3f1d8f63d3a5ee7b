//! Navigation for variables: from a `$name` (in a path, an intrinsic
//! argument or a JSONata expression) to the `Assign` keys that set it, every
//! place that reads or writes it, and a hover that says where it comes from.
//! The reads and writes are facts of the model; the classifier finds the one
//! under the cursor.

use super::Hover;
use crate::syntax::TextRange;
use crate::Analysis;

/// The `Assign` keys that set variable `name`.
pub fn definitions_of(analysis: &Analysis, name: &str) -> Vec<TextRange> {
    analysis
        .variables
        .definitions
        .iter()
        .filter(|definition| definition.name == name)
        .map(|definition| definition.range)
        .collect()
}

/// Every read (and with `include_declaration`, every assignment) of variable `name`, in order.
pub fn references_of(analysis: &Analysis, name: &str, include_declaration: bool) -> Vec<TextRange> {
    let variables = &analysis.variables;
    let mut ranges: Vec<TextRange> = variables
        .uses
        .iter()
        .filter(|variable_use| variable_use.name == name)
        .map(|variable_use| variable_use.range)
        .collect();
    if include_declaration {
        ranges.extend(definitions_of(analysis, name));
    }
    ranges.sort();
    ranges.dedup();
    ranges
}

/// Where variable `name` (written at `range`) is assigned and how often it is read.
pub fn describe(analysis: &Analysis, name: &str, range: TextRange) -> Hover {
    let variables = &analysis.variables;
    let machine = &analysis.machine;
    let mut states: Vec<String> = variables
        .definitions
        .iter()
        .filter(|definition| definition.name == name)
        .filter_map(|definition| definition.state)
        .map(|state| format!("`{}`", machine.state(state).name))
        .collect();
    states.dedup();
    let reads = variables
        .uses
        .iter()
        .filter(|variable_use| variable_use.name == name)
        .count();
    let assigned = if states.is_empty() {
        "Never assigned.".to_string()
    } else {
        format!("Assigned in {}.", states.join(", "))
    };
    Hover {
        range,
        markdown: format!(
            "**${name}** · variable\n\n{assigned} Read {reads} time{}.",
            if reads == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::classify::{classify, Site};
    use crate::ide::fixture;

    fn variable_at(analysis: &Analysis, offset: usize) -> Option<&str> {
        match classify(analysis, offset)? {
            Site::Variable { name, .. } => Some(name),
            _ => None,
        }
    }

    fn definitions(analysis: &Analysis, offset: usize) -> Vec<TextRange> {
        variable_at(analysis, offset).map_or_else(Vec::new, |name| definitions_of(analysis, name))
    }

    fn references(analysis: &Analysis, offset: usize, include_declaration: bool) -> Vec<TextRange> {
        variable_at(analysis, offset).map_or_else(Vec::new, |name| references_of(analysis, name, include_declaration))
    }

    fn hover(analysis: &Analysis, offset: usize) -> Option<Hover> {
        match classify(analysis, offset)? {
            Site::Variable { name, range, .. } => Some(describe(analysis, name, range)),
            _ => None,
        }
    }

    const DOC: &str = r#"{"StartAt": "Set", "States": {
  "Set": {"Type": "Pass", "Assign": {"total.$": "$.sum"}, "Next": "Use"},
  "Use": {"Type": "Pass", "Parameters": {"t.$": "$total", "f.$": "States.Format('{}', $total)"}, "Next": "J"},
  "J": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $total * 2 %}", "End": true}
}}"#;

    #[test]
    fn from_a_read_to_the_assignment_and_back() {
        let analysis = fixture::analyse(DOC);
        let read = DOC.find("$total\"").unwrap() + 2;
        let definitions = definitions(&analysis, read);
        assert_eq!(
            definitions
                .iter()
                .map(|range| &DOC[range.start()..range.end()])
                .collect::<Vec<_>>(),
            ["\"total.$\""]
        );
        let all = references(&analysis, read, true);
        let texts: Vec<&str> = all.iter().map(|range| &DOC[range.start()..range.end()]).collect();
        assert_eq!(texts, ["\"total.$\"", "$total", "$total", "$total"]);
        let hover = hover(&analysis, read).unwrap();
        assert_eq!(
            hover.markdown,
            "**$total** · variable\n\nAssigned in `Set`. Read 3 times."
        );
        let jsonata = DOC.find("$total * 2").unwrap() + 1;
        assert_eq!(variable_at(&analysis, jsonata), Some("total"));
    }
}
