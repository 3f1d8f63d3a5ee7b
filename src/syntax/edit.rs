//! One change of a document's text in bytes, and how consecutive changes compose.

use super::tree::TextRange;

/// Bytes `start..old_end` of the old text became bytes `start..new_end` of
/// the new one. Everything before `start` is unchanged; everything from
/// `old_end` on moved by `new_end - old_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Edit {
    /// The edit that replaces `old_end - start` bytes at `start` by `new_len` bytes.
    pub fn replace(start: usize, old_end: usize, new_len: usize) -> Edit {
        let old_end = old_end.max(start);
        Edit {
            start,
            old_end,
            new_end: start + new_len,
        }
    }

    /// How far the text after the edit moved (may be negative).
    pub fn delta(self) -> isize {
        self.new_end as isize - self.old_end as isize
    }

    /// Where an offset of the old text at or after `old_end` lands in the new one.
    pub fn shift(self, offset: usize) -> usize {
        (offset as isize + self.delta()) as usize
    }

    /// Where a range of the old text lies in the new one, for a range the
    /// edit did not reach into: after the edit it moves, around it it
    /// grows or shrinks, before it it stays.
    pub fn map(self, range: TextRange) -> TextRange {
        if range.start() >= self.old_end {
            TextRange::new(self.shift(range.start()), self.shift(range.end()))
        } else if range.end() >= self.old_end {
            TextRange::new(range.start(), self.shift(range.end()))
        } else {
            range
        }
    }

    /// One edit covering `self` followed by `next` (whose offsets are in
    /// the text `self` produced): the smallest range of the original text
    /// that both touched, and what it became.
    pub fn then(self, next: Edit) -> Edit {
        let start = self.start.min(next.start);
        // The end of what changed, in the text after `self`.
        let middle_end = self.new_end.max(next.old_end);
        // The same point in the original text.
        let old_end = if middle_end == self.new_end {
            self.old_end
        } else {
            (middle_end as isize - self.delta()) as usize
        };
        let new_end = (middle_end as isize + next.delta()) as usize;
        Edit {
            start,
            old_end: old_end.max(start),
            new_end: new_end.max(start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Edit;

    /// Apply an edit given as the replacement text.
    fn apply(text: &str, start: usize, end: usize, with: &str) -> (String, Edit) {
        let mut out = text.to_string();
        out.replace_range(start..end, with);
        (out, Edit::replace(start, end, with.len()))
    }

    #[test]
    fn composed_edits_cover_both() {
        let cases: &[(usize, usize, &str, usize, usize, &str)] = &[
            (2, 4, "xyz", 0, 1, "Q"),
            (2, 4, "xyz", 3, 8, ""),
            (5, 5, "abc", 1, 2, "--"),
            (0, 3, "", 4, 6, "long text"),
            (3, 9, "12", 2, 5, "abcd"),
        ];
        let original = "0123456789abcdef";
        for &(s1, e1, t1, s2, e2, t2) in cases {
            let (middle, first) = apply(original, s1, e1, t1);
            let (last, second) = apply(&middle, s2, e2, t2);
            let both = first.then(second);
            // Outside the composed range the two texts agree.
            assert_eq!(original[..both.start], last[..both.start], "{first:?} {second:?}");
            assert_eq!(
                original[both.old_end..],
                last[both.new_end..],
                "{first:?} {second:?} {both:?}"
            );
        }
    }
}
