//! Inline suppressions: `# asl-lsp: ignore CODE` in YAML, on the line of a
//! problem or the line before it; and, in JSON (which has no comments, and
//! whose `Comment` fields the service takes), `asl-lsp: ignore CODE` in the
//! `Comment` of the state (or Choice rule, catcher, machine) around it. A
//! bare `asl-lsp: ignore` covers every code. A suppression that covers
//! nothing is reported itself, as a hint.
//!
//! Only a text that holds `asl-lsp:` is looked at; where it does is kept
//! up to date edit by edit (`marks_after`), so a file without any
//! suppression costs nothing per keystroke.

use super::Document;
use crate::check::{codes, Diagnostic, Fix, Severity};
use crate::syntax::{CompactString, Edit, Format, NodeId, NodeKind, TextRange, Tree};

/// What marks a suppression.
const MARK: &str = "asl-lsp:";

/// The suppressions of one file.
#[derive(Debug, Default)]
pub struct Suppressions {
    found: Vec<Suppression>,
}

#[derive(Debug)]
struct Suppression {
    /// Where it is written.
    range: TextRange,
    /// What it covers.
    scope: TextRange,
    /// The codes it names, each with whether it suppressed something; none
    /// for a bare `ignore` (every code).
    codes: Vec<(CompactString, bool)>,
    /// A bare `ignore` that suppressed something.
    used: bool,
}

impl Document {
    /// The inline suppressions of this document, whose text is `text`;
    /// `None` when there is none.
    pub fn suppressions(&self, text: &str) -> Option<Suppressions> {
        if self.marks.is_empty() {
            return None;
        }
        let mut found = Vec::new();
        if self.format == Format::Yaml {
            comments(text, &mut found);
        }
        let mut trees: Vec<&Tree> = self.tree().into_iter().collect();
        if self.tree().is_none_or(|tree| tree.root().is_none()) {
            trees.extend(
                self.machines
                    .iter()
                    .filter(|machine| !machine.is_decoded())
                    .map(|machine| &machine.analysis.tree),
            );
        }
        for tree in trees {
            comment_fields(tree, &mut found);
        }
        (!found.is_empty()).then_some(Suppressions { found })
    }
}

impl Suppressions {
    /// Whether `diagnostic` is to be reported: false when a suppression
    /// covers it (which then counts as used).
    pub fn allows(&mut self, diagnostic: &Diagnostic) -> bool {
        let at = diagnostic.range.start();
        let mut allowed = true;
        for suppression in &mut self.found {
            if !(suppression.scope.start() <= at && at <= suppression.scope.end()) {
                continue;
            }
            if suppression.codes.is_empty() {
                suppression.used = true;
                allowed = false;
            }
            for (code, used) in &mut suppression.codes {
                if code == diagnostic.code {
                    *used = true;
                    allowed = false;
                }
            }
        }
        allowed
    }

    /// A hint for each suppression (or code of one) that covered nothing.
    pub fn unused(self) -> Vec<Diagnostic> {
        let mut hints = Vec::new();
        for suppression in self.found {
            let hint = |message: String| Diagnostic {
                range: suppression.range,
                severity: Severity::Hint,
                code: codes::UNUSED_SUPPRESSION,
                message,
                fix: None,
            };
            if suppression.codes.is_empty() && !suppression.used {
                hints.push(hint("This suppression covers no problem: remove it".to_string()));
            }
            for (code, used) in &suppression.codes {
                if !used {
                    let why = if crate::check::registry::find(code).is_some() {
                        format!("No {code} is reported here: remove it from the suppression")
                    } else {
                        format!("There is no rule {code}: `asl-lsp rule --all` lists them")
                    };
                    hints.push(hint(why));
                }
            }
        }
        hints.sort_by_key(|hint| hint.range);
        hints
    }
}

impl Document {
    /// A quick fix that suppresses `diagnostic` where it is: in YAML, a
    /// comment line before its line; in JSON, `asl-lsp: ignore CODE` added
    /// to the `Comment` of the state around it (or of the machine), made
    /// when there is none. `None` inside a definition decoded from a string.
    pub fn suppression_fix(&self, text: &str, diagnostic: &Diagnostic) -> Option<Fix> {
        let at = diagnostic.range.start().min(text.len());
        let code = diagnostic.code;
        let title = format!("Suppress {code} here (asl-lsp: ignore)");
        if self.format == Format::Yaml {
            let line_start = text[..at].rfind('\n').map_or(0, |index| index + 1);
            let indent: String = text[line_start..]
                .chars()
                .take_while(|ch| *ch == ' ' || *ch == '\t')
                .collect();
            return Some(Fix {
                title,
                range: TextRange::empty(line_start),
                new_text: format!("{indent}# asl-lsp: ignore {code}\n"),
            });
        }
        let machine = self.machine_at(at).filter(|machine| !machine.is_decoded())?;
        let analysis = &machine.analysis;
        let tree = &analysis.tree;
        // The innermost state around the problem, else the machine.
        let object = analysis
            .machine
            .states
            .iter()
            .filter_map(|state| state.node)
            .filter(|&node| {
                let range = tree.range(node);
                range.start() <= at && at < range.end()
            })
            .min_by_key(|&node| tree.range(node).len())
            .or_else(|| tree.root().filter(|&root| tree.members(root).is_some()))?;
        let comment = tree
            .member(object, "Comment")
            .and_then(|member| member.value)
            .filter(|&value| tree.str(value).is_some());
        let Some(comment) = comment else {
            // A new `Comment` first in the object.
            let open = tree.range(object).start();
            if text.as_bytes().get(open) != Some(&b'{') {
                return None;
            }
            let empty = tree.members(object).is_none_or(|members| members.is_empty());
            let separator = if empty { "" } else { ", " };
            return Some(Fix {
                title,
                range: TextRange::empty(open + 1),
                new_text: format!("\"Comment\": \"asl-lsp: ignore {code}\"{separator}"),
            });
        };
        let value = tree.str(comment)?;
        let range = tree.range(comment);
        // Into the codes of a suppression already there, or a new one at the end.
        let (inner, new_text) = match codes_end(value) {
            Some(end) => (end..end, format!(", {code}")),
            None => (value.len()..value.len(), format!(" asl-lsp: ignore {code}")),
        };
        let place = crate::syntax::strings::inner_range(text, range, value, inner);
        Some(Fix {
            title,
            range: TextRange::empty(place.start()),
            new_text,
        })
    }
}

/// Where the codes of the first `asl-lsp: ignore …` in `text` end.
fn codes_end(text: &str) -> Option<usize> {
    let at = text.find(MARK)?;
    let after = at + MARK.len();
    let rest = &text[after..];
    let ignore = rest.find("ignore")?;
    if !rest[..ignore].trim().is_empty() {
        return None;
    }
    let mut end = after + ignore + "ignore".len();
    let mut offset = end;
    for word in text[end..].split_inclusive(|ch: char| ch == ',' || ch.is_whitespace()) {
        let trimmed = word.trim_end_matches(|ch: char| ch == ',' || ch.is_whitespace());
        if !trimmed.is_empty() {
            if !trimmed
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
            {
                break;
            }
            end = offset + trimmed.len();
        }
        offset += word.len();
    }
    Some(end)
}

/// Where `text` says `asl-lsp:`.
pub(super) fn marks(text: &str) -> Vec<usize> {
    memchr::memmem::find_iter(text.as_bytes(), MARK.as_bytes()).collect()
}

/// `marks` of the text before `edit`, brought up to `text`, the text after
/// it: those the edit left alone kept (moved), the edited stretch searched
/// again; the cost follows the edit and the marks, not the text.
pub(super) fn marks_after(marks: Vec<usize>, text: &str, edit: Edit) -> Vec<usize> {
    // A mark overlapping the edit may have changed: its bytes are searched again.
    let reach = MARK.len() - 1;
    let from = edit.start.saturating_sub(reach);
    let mut kept: Vec<usize> = marks
        .into_iter()
        .filter(|&mark| mark + MARK.len() <= edit.start || mark >= edit.old_end)
        .map(|mark| if mark >= edit.old_end { edit.shift(mark) } else { mark })
        .filter(|&mark| mark < from || mark > edit.new_end)
        .collect();
    // Every mark that starts from `from` to `new_end` is found again.
    let window_end = (edit.new_end + MARK.len()).min(text.len());
    if let Some(window) = text.as_bytes().get(from..window_end) {
        kept.extend(memchr::memmem::find_iter(window, MARK.as_bytes()).map(|at| from + at));
    }
    kept.sort_unstable();
    kept.dedup();
    kept
}

/// The codes after `asl-lsp: ignore` in `text`, if it says that.
fn parse(text: &str) -> Option<Vec<(CompactString, bool)>> {
    let at = text.find(MARK)?;
    let rest = text[at + MARK.len()..].trim_start();
    let rest = rest.strip_prefix("ignore")?;
    if rest.starts_with(|ch: char| ch.is_alphanumeric() || ch == '_') {
        return None;
    }
    let codes = rest
        .split(|ch: char| ch == ',' || ch.is_whitespace())
        .map(str::trim)
        .take_while(|word| {
            word.chars()
                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
        })
        .filter(|word| !word.is_empty())
        .map(|word| (CompactString::from(word), false))
        .collect();
    Some(codes)
}

/// YAML comments `# asl-lsp: ignore …`: each covers its own line and the next.
fn comments(text: &str, found: &mut Vec<Suppression>) {
    let bytes = text.as_bytes();
    for at in memchr::memmem::find_iter(bytes, MARK.as_bytes()) {
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |index| index + 1);
        // A comment starts with `#` at the line's start or after a blank.
        let Some(hash) = text[line_start..at].rfind('#').map(|index| line_start + index) else {
            continue;
        };
        if hash > line_start && !matches!(bytes[hash - 1], b' ' | b'\t') {
            continue;
        }
        if !text[hash + 1..at].trim().is_empty() {
            continue;
        }
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |index| at + index);
        let Some(codes) = parse(&text[at..line_end]) else {
            continue;
        };
        let next_end = if line_end < bytes.len() {
            memchr::memchr(b'\n', &bytes[line_end + 1..]).map_or(bytes.len(), |index| line_end + 1 + index)
        } else {
            line_end
        };
        found.push(Suppression {
            range: TextRange::new(hash, line_end.max(hash)),
            scope: TextRange::new(line_start, next_end),
            codes,
            used: false,
        });
    }
}

/// `Comment` fields that say `asl-lsp: ignore …`: each covers its object.
fn comment_fields(tree: &Tree, found: &mut Vec<Suppression>) {
    let Some(root) = tree.root() else {
        return;
    };
    let mut stack: Vec<NodeId> = vec![root];
    while let Some(id) = stack.pop() {
        match &tree.node(id).kind {
            NodeKind::Object(members) => {
                for member in members.iter() {
                    let Some(value) = member.value else {
                        continue;
                    };
                    if member.key == "Comment" {
                        if let Some(codes) = tree.str(value).and_then(parse) {
                            found.push(Suppression {
                                range: tree.range(value),
                                scope: tree.range(id),
                                codes,
                                used: false,
                            });
                        }
                    }
                    stack.push(value);
                }
            }
            NodeKind::Array(items) => stack.extend(items.iter().copied()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str, format: Format) -> (Vec<&'static str>, Vec<String>) {
        let document = Document::new(text, format);
        let mut suppressions = document.suppressions(text).unwrap_or_default();
        let kept = document
            .diagnostics()
            .iter()
            .filter(|diagnostic| suppressions.allows(diagnostic))
            .map(|diagnostic| diagnostic.code)
            .collect();
        let unused = suppressions.unused().into_iter().map(|hint| hint.message).collect();
        (kept, unused)
    }

    #[test]
    fn yaml_comments_cover_their_line_and_the_next() {
        let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    # asl-lsp: ignore MISSING_TRANSITION_TARGET, NO_PATH\n    Next: B\n  C:\n    Type: Succeed # asl-lsp: ignore\n";
        let (kept, unused) = kept(text, Format::Yaml);
        // "B" is suppressed; "C" unreachable is reported at its key, on the
        // line before the bare comment's line: that one covers nothing.
        assert_eq!(kept, ["MISSING_TRANSITION_TARGET"], "{unused:?}");
        let document = Document::new(text, Format::Yaml);
        let c = document.diagnostics().last().unwrap();
        assert_eq!(&text[c.range.start()..c.range.end()], "C");
        assert_eq!(unused.len(), 2, "{unused:?}");
        assert!(unused[0].contains("NO_PATH"), "{unused:?}");
    }

    /// The quick fix, applied, makes the diagnostic go and leaves no hint.
    #[test]
    fn the_suppression_fix_suppresses_the_problem() {
        let cases = [
            (
                r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#,
                Format::Json,
            ),
            (
                r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Comment": "draft \u00e9", "Next": "Nowhere"}}}"#,
                Format::Json,
            ),
            (
                r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Comment": "asl-lsp: ignore NO_PATH. Draft", "Next": "Nowhere"}}}"#,
                Format::Json,
            ),
            (
                "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Nowhere\n",
                Format::Yaml,
            ),
        ];
        for (text, format) in cases {
            let document = Document::new(text, format);
            let diagnostic = document.diagnostics()[0].clone();
            let fix = document.suppression_fix(text, &diagnostic).unwrap();
            let mut fixed = text.to_string();
            fixed.replace_range(fix.range.start()..fix.range.end(), &fix.new_text);
            let (kept, unused) = kept(&fixed, format);
            assert!(!kept.contains(&diagnostic.code), "{fixed}: {kept:?}");
            assert!(
                unused.iter().all(|hint| !hint.contains(diagnostic.code)),
                "{fixed}: {unused:?}"
            );
        }
    }

    /// Marks kept by edits are the marks of the text after them.
    #[test]
    fn marks_follow_the_edits() {
        let mut text = String::from("a asl-lsp: b\nasl-lsp:\nc");
        let mut marks = marks(&text);
        let edits: [(usize, usize, &str); 6] = [
            (0, 0, "xx"),        // before both: moved
            (5, 6, "S"),         // inside the first: gone
            (5, 6, "s"),         // and back
            (14, 14, "\n"),      // between them
            (17, 18, ""),        // cuts the second
            (3, 3, "asl-lsp: "), // a new one
        ];
        for (start, end, inserted) in edits {
            text.replace_range(start..end, inserted);
            marks = marks_after(marks, &text, Edit::replace(start, end, inserted.len()));
            assert_eq!(marks, super::marks(&text), "{text:?}");
        }
        // Random edits out of the mark's own pieces, which make and break marks.
        let pieces = ["asl-lsp:", "asl", "-lsp", ":", "x\n", ""];
        let mut seed: u64 = 7;
        let mut next = |bound: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % bound.max(1)
        };
        for _ in 0..5000 {
            let start = next(text.len() + 1);
            let end = (start + next(6)).min(text.len());
            let inserted = pieces[next(pieces.len())];
            text.replace_range(start..end, inserted);
            marks = marks_after(marks, &text, Edit::replace(start, end, inserted.len()));
            assert_eq!(marks, super::marks(&text), "{text:?}");
        }
    }

    #[test]
    fn json_comment_fields_cover_their_object() {
        let text = r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Comment": "draft; asl-lsp: ignore MISSING_TRANSITION_TARGET", "Next": "Nowhere"},
  "B": {"Type": "Pass", "Comment": "asl-lsp: ignore NO_SUCH_RULE", "End": true}}}"#;
        let (kept, unused) = kept(text, Format::Json);
        // "B" unreachable is outside A's Comment: still reported.
        assert_eq!(kept, ["MISSING_TRANSITION_TARGET"]);
        assert_eq!(unused.len(), 1);
        assert!(unused[0].contains("no rule NO_SUCH_RULE"), "{unused:?}");
        assert!(Document::new("{}", Format::Json).suppressions("{}").is_none());
    }
}
