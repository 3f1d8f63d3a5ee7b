//! "Did you mean …?" suggestions: the closest candidate by edit distance.
//!
//! A suggestion is looked for wherever a name fails to resolve, often once
//! per unresolved name against every name of its scope, and the names come
//! from the document: they may be long. So the work per candidate is bounded
//! by the allowed distance and the longest legal name, not by what the
//! document holds. Candidates whose lengths already differ by more than the
//! allowed distance are skipped after counting a few characters, the
//! distance is computed in a band of the allowed width and given up as soon
//! as it exceeds the best one found so far, and a name longer than any legal
//! name could be a typo of is compared with nothing.

/// The longest name the checker suggests for: state names, the longest of
/// the names it compares, have at most 80 characters. Field names, error
/// names, path members and function names are shorter.
pub const MAX_NAME_CHARS: usize = 80;

/// Names longer than this get no suggestion. A name of `n` characters may
/// be `n / 3` edits away from its candidate, so this is the longest name
/// that can still be a typo of one of [`MAX_NAME_CHARS`] characters.
pub const MAX_INPUT_CHARS: usize = MAX_NAME_CHARS * 3 / 2;

/// Edit distance (insertions, deletions, substitutions and swaps of two
/// neighbouring characters) between `a` and `b`, compared case-sensitively.
/// Time is the product of the lengths, memory three rows of the shorter.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let mut a: Vec<char> = a.chars().collect();
    let mut b: Vec<char> = b.chars().collect();
    // The distance is symmetric: keep the rows as short as possible.
    if b.len() > a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    let limit = a.len();
    bounded_distance(&a, &b, limit).unwrap_or(limit)
}

/// The edit distance of [`edit_distance`] when it is at most `limit`, else
/// `None`. Only the cells within `limit` of the diagonal are computed, and
/// the computation stops at the first row whose cells all exceed `limit`:
/// time `O(len(a) * limit)`, memory three rows of `b`.
fn bounded_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    bounded_distance_in(a, b, limit, &mut Rows::default())
}

/// The three rows [`bounded_distance_in`] works in, kept from one candidate
/// to the next.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    prev: Vec<usize>,
    row: Vec<usize>,
}

fn bounded_distance_in(a: &[char], b: &[char], limit: usize, rows: &mut Rows) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > limit {
        return None;
    }
    // Any value above `limit` stands for "too far"; capping keeps sums small.
    let over = limit.saturating_add(1);
    let Rows { before, prev, row } = rows;
    before.clear();
    before.resize(m + 1, over);
    prev.clear();
    prev.extend((0..=m).map(|j| j.min(over)));
    row.clear();
    row.resize(m + 1, over);
    for i in 1..=n {
        let low = i.saturating_sub(limit).max(1);
        let high = (i + limit).min(m);
        // The cells just outside the band are read by the next rows.
        row[low - 1] = if low == 1 { i.min(over) } else { over };
        if high < m {
            row[high + 1] = over;
        }
        let mut smallest = row[low - 1];
        for j in low..=high {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            let best = best.min(over);
            row[j] = best;
            smallest = smallest.min(best);
        }
        // Every way to the end passes through this row (a swap that skips
        // it costs no less than the cell it skips), so none is cheap enough.
        if smallest > limit {
            return None;
        }
        std::mem::swap(before, prev);
        std::mem::swap(prev, row);
    }
    let distance = prev[m];
    (distance <= limit).then_some(distance)
}

/// Counts of a name's characters (by a small hash), for a lower bound of
/// the edit distance that takes one pass over a candidate: an edit changes
/// at most one character on each side, so at least as many edits are
/// needed as characters of either side find no partner on the other.
struct Histogram {
    counts: [u16; 64],
    len: usize,
    /// Slots taken by the candidate being compared, to give them back.
    taken: Vec<usize>,
}

impl Histogram {
    fn new(chars: &[char]) -> Histogram {
        let mut counts = [0u16; 64];
        for &c in chars {
            counts[slot(c)] = counts[slot(c)].saturating_add(1);
        }
        Histogram {
            counts,
            len: chars.len(),
            taken: Vec::new(),
        }
    }

    /// A lower bound of the edit distance between the name and `other`,
    /// which has `other_len` characters.
    fn lower_bound(&mut self, other: impl IntoIterator<Item = char>, other_len: usize) -> usize {
        let mut matched = 0;
        for c in other {
            let count = &mut self.counts[slot(c)];
            if *count > 0 {
                *count -= 1;
                matched += 1;
                self.taken.push(slot(c));
            }
        }
        for slot in self.taken.drain(..) {
            self.counts[slot] += 1;
        }
        (self.len - matched).max(other_len - matched)
    }
}

fn slot(c: char) -> usize {
    c as usize % 64
}

/// The candidate closest to `name`, if it is close enough to be a likely typo:
/// a case-insensitive match, or at most a third of the name's characters
/// changed (at least one edit is always allowed). The first of equally close
/// candidates wins. Names of more than [`MAX_INPUT_CHARS`] characters get
/// nothing. Each candidate costs at most `O(MAX_INPUT_CHARS²)`, whatever its
/// length.
pub fn closest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    if name.chars().nth(MAX_INPUT_CHARS).is_some() {
        return None;
    }
    let chars: Vec<char> = name.chars().collect();
    let limit = (chars.len() / 3).max(1);
    let lowered = name.to_lowercase();
    let final_sigma = lowered.contains('ς');
    // Lowercasing shrinks a character to no less than a third of its bytes,
    // and a character has at most four: longer candidates can be neither a
    // case-insensitive match nor within `limit` edits.
    let longest = (3 * lowered.len()).max(4 * (chars.len() + limit));
    let mut other: Vec<char> = Vec::with_capacity(chars.len() + limit + 1);
    let mut histogram = Histogram::new(&chars);
    let mut rows = Rows::default();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == name || candidate.len() > longest {
            continue;
        }
        if same_ignoring_case(candidate, &lowered, final_sigma) {
            if best.is_none_or(|(best_distance, _)| best_distance > 0) {
                best = Some((0, candidate));
            }
            continue;
        }
        // Only a strictly closer candidate replaces the best so far.
        let allowed = match best {
            Some((0, _)) => continue,
            Some((distance, _)) => distance - 1,
            None => limit,
        };
        // Two cheap tests first, on the bytes when they are characters.
        let ascii = candidate.is_ascii();
        let count = if ascii {
            candidate.len()
        } else {
            candidate.chars().take(chars.len() + allowed + 1).count()
        };
        if count.abs_diff(chars.len()) > allowed {
            continue;
        }
        let bound = if ascii {
            histogram.lower_bound(candidate.bytes().map(char::from), count)
        } else {
            histogram.lower_bound(candidate.chars(), count)
        };
        if bound > allowed {
            continue;
        }
        other.clear();
        other.extend(candidate.chars());
        if let Some(distance) = bounded_distance_in(&chars, &other, allowed, &mut rows) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `candidate.to_lowercase() == lowered`, without building the lowercase
/// text: character by character, stopping at the first difference.
/// `final_sigma` tells whether `lowered` holds a `ς`.
fn same_ignoring_case(candidate: &str, lowered: &str, final_sigma: bool) -> bool {
    let same = candidate.chars().flat_map(char::to_lowercase).eq(lowered.chars());
    // Only the capital sigma lowercases by its place in the word: to `σ`
    // character by character, to `ς` at the end of a word.
    if (same || final_sigma) && candidate.contains('Σ') {
        return candidate.to_lowercase() == lowered;
    }
    same
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_ignores_strangers() {
        assert_eq!(closest("ProcesOrder", ["ProcessOrder", "Fail"]), Some("ProcessOrder"));
        assert_eq!(closest("processorder", ["ProcessOrder"]), Some("ProcessOrder"));
        assert_eq!(closest("Chekc", ["Check"]), Some("Check"));
        assert_eq!(closest("Zzz", ["ProcessOrder", "Fail"]), None);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    /// The plain dynamic programme over the whole matrix, as a reference.
    fn full_distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        d[a.len()][b.len()]
    }

    /// The closest candidate as the full matrix finds it, as a reference.
    fn reference_closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let limit = (name.chars().count() / 3).max(1);
        let lowered = name.to_lowercase();
        let mut best: Option<(usize, &'a str)> = None;
        for &candidate in candidates {
            if candidate == name {
                continue;
            }
            let distance = if candidate.to_lowercase() == lowered {
                0
            } else {
                full_distance(name, candidate)
            };
            if distance <= limit && best.is_none_or(|(best_distance, _)| distance < best_distance) {
                best = Some((distance, candidate));
            }
        }
        best.map(|(_, candidate)| candidate)
    }

    /// Every pair of short words over a small alphabet (so that swaps,
    /// repeats and near misses abound): the banded distance agrees with the
    /// full matrix within every limit, and `closest` with the plain search.
    #[test]
    fn banded_distance_agrees_with_the_full_matrix() {
        let mut words = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for word in &frontier {
                for c in ['a', 'b', 'é'] {
                    next.push(format!("{word}{c}"));
                }
            }
            words.extend(next.iter().cloned());
            frontier = next;
        }
        let chars: Vec<Vec<char>> = words.iter().map(|word| word.chars().collect()).collect();
        for (a, a_chars) in words.iter().zip(&chars).step_by(3) {
            for (b, b_chars) in words.iter().zip(&chars) {
                let full = full_distance(a, b);
                assert_eq!(edit_distance(a, b), full, "{a} {b}");
                let bound = Histogram::new(a_chars).lower_bound(b_chars.iter().copied(), b_chars.len());
                assert!(bound <= full, "{a} {b}");
                for limit in 0..=4 {
                    let expected = (full <= limit).then_some(full);
                    assert_eq!(bounded_distance(a_chars, b_chars, limit), expected, "{a} {b} {limit}");
                }
            }
        }
        let candidates: Vec<&str> = words.iter().map(String::as_str).step_by(7).collect();
        for word in &words {
            assert_eq!(
                closest(word, candidates.iter().copied()),
                reference_closest(word, &candidates),
                "{word}"
            );
        }
    }

    #[test]
    fn case_and_ties() {
        // A case-insensitive match beats any edit, wherever it stands.
        assert_eq!(closest("Stepa", ["Stepb", "STEPA"]), Some("STEPA"));
        // Of equally close candidates, the first one.
        assert_eq!(closest("Stepx", ["Stepa", "Stepb"]), Some("Stepa"));
        assert_eq!(closest("\u{130}x", ["i\u{307}x"]), Some("i\u{307}x"));
        // A final sigma lowercases by its place in the word.
        assert_eq!(closest("ΟΔΟΣ", ["οδος", "οδοσ"]), Some("οδος"));
    }

    #[test]
    fn long_names_are_compared_with_nothing() {
        let long = "a".repeat(MAX_INPUT_CHARS + 1);
        let near = "a".repeat(MAX_INPUT_CHARS);
        assert_eq!(closest(&long, [near.as_str()]), None);
        // The longest name that could be a typo of a legal one still gets its suggestion.
        let longest = "b".repeat(MAX_INPUT_CHARS);
        let legal = "b".repeat(MAX_NAME_CHARS);
        assert_eq!(closest(&longest, [legal.as_str()]), Some(legal.as_str()));
        // A huge candidate is skipped without being read to its end.
        let huge = "c".repeat(1 << 20);
        assert_eq!(closest("cccc", [huge.as_str(), "cccd"]), Some("cccd"));
    }
}
