//! Folding ranges: every object and array spanning lines (the machine,
//! `States`, each state, branches, long arrays) and multi-line comments.
//!
//! A pure function of the tree and the text; lines are 0-based, which needs
//! no position encoding. A fold starts on the line of the key that holds the
//! value (`"States": {` in JSON, `States:` in YAML) and, for a bracketed
//! value, ends on the line before its closing bracket so that stays visible.

use crate::syntax::{NodeId, NodeKind, SyntaxErrorKind, TextRange, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FoldKind {
    Region,
    Comment,
}

/// Lines `start_line..=end_line` fold under `start_line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fold {
    pub start_line: u32,
    pub end_line: u32,
    pub kind: FoldKind,
}

/// Every fold of the document, sorted, without duplicates.
pub fn folding_ranges(tree: &Tree, text: &str) -> Vec<Fold> {
    let lines = LineStarts::new(text);
    let bytes = text.as_bytes();
    let mut folds = Vec::new();
    let mut stack: Vec<(NodeId, usize)> = tree
        .root()
        .map(|root| (root, tree.range(root).start()))
        .into_iter()
        .collect();
    while let Some((id, header)) = stack.pop() {
        let range = tree.range(id);
        match &tree.node(id).kind {
            NodeKind::Object(members) => {
                for member in members {
                    if let Some(value) = member.value {
                        stack.push((value, tree.key_range(member).start()));
                    }
                }
            }
            NodeKind::Array(items) => stack.extend(items.iter().map(|&item| (item, tree.range(item).start()))),
            _ => continue,
        }
        if range.is_empty() || range.end() > text.len() {
            continue;
        }
        let last = range.end() - 1;
        let start_line = lines.line(header.min(range.start()));
        // A bracketed value (JSON, YAML flow) keeps its closing line visible.
        let bracketed = matches!((bytes[range.start()], bytes[last]), (b'{', b'}') | (b'[', b']'));
        let end_line = if bracketed {
            lines.line(last).saturating_sub(1)
        } else {
            lines.line(last)
        };
        if end_line > start_line {
            folds.push(Fold {
                start_line,
                end_line,
                kind: FoldKind::Region,
            });
        }
    }
    // Block comments over several lines (JSONC), reported as "not JSON".
    for error in tree
        .errors
        .iter()
        .filter(|error| error.kind == SyntaxErrorKind::NotJson)
    {
        let range: TextRange = error.range;
        if range.is_empty()
            || !text
                .get(range.start()..range.end())
                .is_some_and(|comment| comment.starts_with("/*"))
        {
            continue;
        }
        let (start_line, end_line) = (lines.line(range.start()), lines.line(range.end() - 1));
        if end_line > start_line {
            folds.push(Fold {
                start_line,
                end_line,
                kind: FoldKind::Comment,
            });
        }
    }
    folds.sort_unstable();
    folds.dedup();
    folds
}

/// Byte offset of the start of every line.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> LineStarts {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (index, &byte) in bytes.iter().enumerate() {
            if byte == b'\n' || (byte == b'\r' && bytes.get(index + 1) != Some(&b'\n')) {
                starts.push(index + 1);
            }
        }
        LineStarts(starts)
    }

    fn line(&self, offset: usize) -> u32 {
        (self.0.partition_point(|&start| start <= offset).saturating_sub(1)) as u32
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::syntax::{parse, Format};

    fn check(text: &str, format: Format, expect: Expect) {
        let tree = parse(text, format);
        let lines: Vec<&str> = text.lines().collect();
        let rendered: Vec<String> = folding_ranges(&tree, text)
            .iter()
            .map(|fold| {
                format!(
                    "{}..={} {:?}: {}",
                    fold.start_line,
                    fold.end_line,
                    fold.kind,
                    lines[fold.start_line as usize].trim()
                )
            })
            .collect();
        expect.assert_eq(&rendered.join("\n"));
    }

    #[test]
    fn json_states_branches_and_arrays() {
        check(
            r#"{
  "StartAt": "P",
  /* a comment
     over two lines */
  "States": {
    "P": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
      ],
      "Retry": [{"ErrorEquals": ["States.ALL"]}],
      "End": true
    }
  }
}"#,
            Format::Json,
            expect![[r#"
                0..=13 Region: {
                2..=3 Comment: /* a comment
                4..=12 Region: "States": {
                5..=11 Region: "P": {
                7..=8 Region: "Branches": ["#]],
        );
    }

    #[test]
    fn yaml_blocks_fold_under_their_key() {
        check(
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      - 1\n      - 2\n    End: true\n  B: {Type: Succeed}\n",
            Format::Yaml,
            expect![[r#"
                0..=8 Region: StartAt: A
                1..=8 Region: States:
                2..=7 Region: A:
                4..=6 Region: Result:"#]],
        );
    }
}
