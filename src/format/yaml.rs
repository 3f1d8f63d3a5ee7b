//! YAML formatting: re-indentation to the client's step, nothing else.
//!
//! Only the spaces that start a line (and those after a `-` that opens a
//! compact entry) change: every non-space character stays, so comments,
//! anchors, aliases, tags, flow collections and scalar styles are kept as
//! written. Indentation levels are mapped through a stack (an indentation
//! deeper than the current level opens a level one step deeper), which keeps
//! every "more / equally / less indented" relation the structure depends on.
//! Lines inside a multi-line scalar or flow collection (block scalars
//! included) move with the line where that value starts, so their relative
//! indentation, part of a block scalar's content, is kept.
//!
//! The result is parsed again and compared with the original value; when it
//! differs, or the document uses tabs or complex keys, the document is
//! declined with the reason.

use super::{Declined, FormatOptions, TextEdit};
use crate::syntax::{yaml, NodeKind, TextRange, Tree};

pub(crate) fn format(text: &str, tree: &Tree, options: &FormatOptions) -> Result<Vec<TextEdit>, Declined> {
    let step = options.tab_size.clamp(1, 16) as usize;
    let spans = multi_line_values(text, tree);
    let mut edits = Vec::new();
    // (old column, new column) of the open indentation levels.
    let mut levels: Vec<(usize, usize)> = Vec::new();
    // The span being crossed and how far its lines move.
    let mut span_index = 0;
    let mut inside: Option<(usize, isize)> = None;
    // Comment lines waiting for the line they come before: (start, indent, level's indent).
    let mut comments: Vec<(usize, usize, usize)> = Vec::new();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |offset| line_start + offset + 1);
        let line = &text[line_start..line_end];
        let body = line.trim_end_matches(['\n', '\r']);
        let leading = body.len() - body.trim_start_matches(' ').len();
        let content = &body[leading..];
        if let Some((end, delta)) = inside {
            if line_start < end {
                // A line inside a multi-line value: moved with its first line.
                let new = (leading as isize + delta).max(0) as usize;
                if !content.is_empty() && new != leading {
                    edits.push((TextRange::new(line_start, line_start + leading), " ".repeat(new)));
                }
                line_start = line_end;
                continue;
            }
            inside = None;
        }
        if content.starts_with('\t') {
            return Err(Declined::new(
                "a line is indented with a tab, which YAML does not allow",
            ));
        }
        if content.is_empty() {
            line_start = line_end;
            continue;
        }
        if content.starts_with('#') {
            // A comment line is indented like the line it comes before when
            // it stood at least as deep, else like the level it sits in; it
            // opens or closes no level.
            let sits_in = levels
                .iter()
                .rev()
                .find(|(old, _)| *old <= leading)
                .map_or(0, |(_, new)| *new);
            comments.push((line_start, leading, sits_in));
            line_start = line_end;
            continue;
        }
        if content.starts_with("? ") || content == "?" {
            return Err(Declined::new("complex mapping keys (`?`) are not formatted"));
        }
        while levels.last().is_some_and(|(old, _)| *old > leading) {
            levels.pop();
        }
        let new = match levels.last() {
            Some(&(old, new)) if old == leading => new,
            Some(&(_, new)) => {
                levels.push((leading, new + step));
                new + step
            }
            None => {
                levels.push((leading, 0));
                0
            }
        };
        for (start, old, sits_in) in comments.drain(..) {
            let indent = if old >= leading { new } else { sits_in };
            if indent != old {
                edits.push((TextRange::new(start, start + old), " ".repeat(indent)));
            }
        }
        if new != leading {
            edits.push((TextRange::new(line_start, line_start + leading), " ".repeat(new)));
        }
        // Compact entries: `- key: value`, `- - item`; what follows the dash is a level of its own.
        let (mut old_column, mut new_column) = (leading, new);
        let mut rest = content;
        while let Some(after_dash) = rest.strip_prefix('-') {
            let spaces = after_dash.len() - after_dash.trim_start_matches(' ').len();
            let entry = &after_dash[spaces..];
            if spaces == 0 || entry.is_empty() || entry.starts_with('#') {
                break;
            }
            let dash = line_start + old_column;
            let (child_old, child_new) = (old_column + 1 + spaces, new_column + step.max(2));
            if child_new - new_column - 1 != spaces {
                edits.push((
                    TextRange::new(dash + 1, dash + 1 + spaces),
                    " ".repeat(child_new - new_column - 1),
                ));
            }
            levels.push((child_old, child_new));
            (old_column, new_column) = (child_old, child_new);
            rest = entry;
        }
        // A multi-line value starting on this line carries its lines along.
        while span_index < spans.len() && spans[span_index].0 < line_end {
            if spans[span_index].1 > line_end {
                let delta = levels.last().map_or(0, |(old, new)| *new as isize - *old as isize);
                inside = Some((spans[span_index].1, delta));
            }
            span_index += 1;
        }
        line_start = line_end;
    }
    for (start, old, sits_in) in comments {
        if sits_in != old {
            edits.push((TextRange::new(start, start + old), " ".repeat(sits_in)));
        }
    }
    if options.final_newline && !text.is_empty() && !text.ends_with('\n') {
        edits.push((TextRange::empty(text.len()), "\n".to_string()));
    }
    verify(text, tree, &edits)?;
    Ok(edits)
}

/// Scalars and flow collections that span lines, outermost only, sorted:
/// (start, end) byte offsets.
fn multi_line_values(text: &str, tree: &Tree) -> Vec<(usize, usize)> {
    // The nodes the root reaches, not the whole arena.
    let reached = tree.descendants(tree.root().into_iter().collect());
    let mut spans: Vec<(usize, usize)> = reached
        .into_iter()
        .filter(|&id| {
            let node = tree.node(id);
            match node.kind {
                NodeKind::Object(_) | NodeKind::Array(_) => {
                    matches!(text.as_bytes().get(node.range.start()), Some(b'{' | b'['))
                }
                _ => true,
            }
        })
        .map(|id| tree.range(id))
        .filter(|range| {
            text.get(range.start()..range.end())
                .is_some_and(|value| value.contains('\n'))
        })
        .map(|range| (range.start(), range.end()))
        .collect();
    spans.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut outermost: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for span in spans {
        if outermost.last().is_none_or(|last| span.0 >= last.1) {
            outermost.push(span);
        }
    }
    outermost
}

/// Only spaces changed, and the document means what it meant.
fn verify(text: &str, tree: &Tree, edits: &[TextEdit]) -> Result<(), Declined> {
    if edits.is_empty() {
        return Ok(());
    }
    let formatted = super::apply(text, edits);
    let same_text = text
        .chars()
        .filter(|ch| *ch != ' ' && *ch != '\n')
        .eq(formatted.chars().filter(|ch| *ch != ' ' && *ch != '\n'));
    let again = yaml::parse(&formatted);
    let same_value = again.errors.len() == tree.errors.len()
        && match (tree.root(), again.root()) {
            (Some(a), Some(b)) => super::verify::same_value(tree, a, &again, b),
            (None, None) => true,
            _ => false,
        };
    if same_text && same_value {
        Ok(())
    } else {
        Err(Declined::new(
            "re-indenting this YAML document would change its meaning, so it was left as it is",
        ))
    }
}
