//! The byte ranges of a tree's nodes or keys, kept so that an edit moves
//! them in time that follows the edit, not the document.
//!
//! The ranges sit in segments of [`SEGMENT`] in arena order, and each
//! segment has a pending offset added on every read. A parse allocates in
//! text order, so most segments lie wholly before an edit (left alone) or
//! wholly after it (their offset changes, one addition for the segment);
//! only the segments holding the ancestors of the edit and the nodes beside
//! it are moved range by range. Ranges that became garbage are collapsed to
//! an empty range at the start of the text, so that old copies of an edited
//! part do not keep their segments straddling the next edits.

use super::tree::TextRange;

/// Ranges per segment: small enough that moving a segment range by range
/// is cheap, large enough that the walk over segments is short.
const SEGMENT: usize = 256;

#[derive(Clone, Debug, Default)]
pub(crate) struct Ranges {
    /// Each range less its segment's offset.
    stored: Vec<TextRange>,
    segments: Vec<Segment>,
}

#[derive(Clone, Copy, Debug)]
struct Segment {
    /// Added to every stored range of the segment.
    offset: i64,
    /// No stored start is lower, no stored end higher (bounds, not always tight).
    low: u32,
    high: u32,
}

impl Segment {
    const EMPTY: Segment = Segment {
        offset: 0,
        low: u32::MAX,
        high: 0,
    };

    fn widen(&mut self, range: TextRange) {
        self.low = self.low.min(range.start);
        self.high = self.high.max(range.end);
    }
}

fn moved(range: TextRange, by: i64) -> TextRange {
    TextRange {
        start: (range.start as i64 + by) as u32,
        end: (range.end as i64 + by) as u32,
    }
}

impl Ranges {
    pub(crate) fn with_capacity(capacity: usize) -> Ranges {
        Ranges {
            stored: Vec::with_capacity(capacity),
            segments: Vec::with_capacity(capacity / SEGMENT + 1),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.stored.len()
    }

    #[inline]
    pub(crate) fn get(&self, index: usize) -> TextRange {
        let range = self.stored[index];
        match self.segments[index / SEGMENT].offset {
            0 => range,
            offset => moved(range, offset),
        }
    }

    /// Add a range; returns its index.
    pub(crate) fn push(&mut self, range: TextRange) -> usize {
        let index = self.stored.len();
        if index % SEGMENT == 0 {
            self.segments.push(Segment::EMPTY);
        } else {
            self.settle(index / SEGMENT);
        }
        self.stored.push(range);
        if let Some(segment) = self.segments.last_mut() {
            segment.widen(range);
        }
        index
    }

    pub(crate) fn set(&mut self, index: usize, range: TextRange) {
        let segment = index / SEGMENT;
        self.settle(segment);
        self.stored[index] = range;
        self.segments[segment].widen(range);
    }

    /// Make a range empty at the start of the text: it belongs to nothing
    /// any more, and lies before every later edit.
    pub(crate) fn collapse(&mut self, index: usize) {
        self.set(index, TextRange::empty(0));
    }

    /// Fold a segment's offset into its stored ranges.
    fn settle(&mut self, segment: usize) {
        let offset = self.segments[segment].offset;
        if offset == 0 {
            return;
        }
        let end = ((segment + 1) * SEGMENT).min(self.stored.len());
        for range in &mut self.stored[segment * SEGMENT..end] {
            *range = moved(*range, offset);
        }
        let bounds = &mut self.segments[segment];
        bounds.offset = 0;
        bounds.low = (bounds.low as i64 + offset).max(0) as u32;
        bounds.high = (bounds.high as i64 + offset).max(0) as u32;
    }

    /// Move every range at or after `at` by `delta`; a range that contains
    /// `at` without starting there grows or shrinks at its end.
    pub(crate) fn shift(&mut self, at: u32, delta: i64) {
        for index in 0..self.segments.len() {
            let segment = self.segments[index];
            let low = segment.low as i64 + segment.offset;
            let high = segment.high as i64 + segment.offset;
            if high < at as i64 {
                continue;
            }
            if low >= at as i64 {
                self.segments[index].offset += delta;
                continue;
            }
            self.settle(index);
            let end = ((index + 1) * SEGMENT).min(self.stored.len());
            let mut bounds = Segment::EMPTY;
            for range in &mut self.stored[index * SEGMENT..end] {
                *range = shift_one(*range, at, delta);
                bounds.widen(*range);
            }
            self.segments[index] = bounds;
        }
    }
}

/// What [`Ranges::shift`] does to one range.
pub(crate) fn shift_one(range: TextRange, at: u32, delta: i64) -> TextRange {
    let by = |offset: u32| (offset as i64 + delta) as u32;
    if range.start >= at {
        TextRange {
            start: by(range.start),
            end: by(range.end),
        }
    } else if range.end >= at {
        TextRange {
            start: range.start,
            end: by(range.end),
        }
    } else {
        range
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same shifts applied to plain ranges one by one.
    #[test]
    fn moves_as_each_range_would_move() {
        let mut seed: u64 = 0x9e37_79b9;
        let mut random = move |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        let mut plain: Vec<TextRange> = Vec::new();
        let mut ranges = Ranges::default();
        for round in 0..400 {
            if round % 3 == 0 {
                for _ in 0..random(300) {
                    let start = random(100_000) as usize;
                    let range = TextRange::new(start, start + random(5_000) as usize);
                    plain.push(range);
                    ranges.push(range);
                }
            }
            if !plain.is_empty() && round % 7 == 0 {
                let index = random(plain.len() as u64) as usize;
                plain[index] = TextRange::empty(0);
                ranges.collapse(index);
            }
            let at = random(100_000) as u32;
            // A deletion moves only what lies after what it deleted.
            let delta = random(200) as i64 - 100;
            let at = if delta < 0 { at.max((-delta) as u32) } else { at };
            for range in &mut plain {
                *range = shift_one(*range, at, delta);
            }
            ranges.shift(at, delta);
            for (index, range) in plain.iter().enumerate() {
                assert_eq!(ranges.get(index), *range, "range {index} after round {round}");
            }
        }
    }
}
