//! A fast hasher for the maps the analysis rebuilds on every edit, keyed
//! by state names: the keys come from the user's own document, never from
//! an adversary over the network, so the standard library's DoS-resistant
//! SipHash buys nothing there and costs a good part of a keystroke.

use std::hash::Hasher;

/// Multiply-and-rotate hashing over eight bytes at a time.
#[derive(Clone, Copy, Default)]
pub struct FastHasher {
    hash: u64,
}

/// An odd constant with its bits well spread (from the golden ratio).
const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        // The multiplications carry entropy upwards only; fold the high
        // bits down, where the table takes its bucket index from.
        let hash = self.hash ^ (self.hash >> 32);
        hash.wrapping_mul(SEED) ^ (hash >> 29)
    }
}

/// A hash map keyed through `FastHasher`.
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// A hash set keyed through `FastHasher`.
pub type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::hash::{BuildHasher, BuildHasherDefault};

    use super::FastHasher;

    /// Keys that differ in one small number (a scope and a state name, as
    /// the model keys them) spread over the low bits a table indexes by.
    #[test]
    fn keys_that_differ_a_little_spread_over_the_low_bits() {
        let build = BuildHasherDefault::<FastHasher>::default();
        let hashes: Vec<u64> = (0..65536u32).map(|scope| build.hash_one((scope, "A"))).collect();
        let buckets: HashSet<u64> = hashes.iter().map(|hash| hash & 0xffff).collect();
        assert!(buckets.len() > 32768, "{} buckets of 65536", buckets.len());
        let tags: HashSet<u64> = hashes.iter().map(|hash| hash >> 57).collect();
        assert_eq!(tags.len(), 128, "the top seven bits, which a table compares first");
    }

    #[test]
    fn names_that_differ_hash_apart() {
        let build = BuildHasherDefault::<FastHasher>::default();
        let names = [
            "A",
            "B",
            "Step 1",
            "Step 2",
            "Step 10",
            "Process Order",
            "Process Orders",
            "",
        ];
        let hashes: HashSet<u64> = names.iter().map(|name| build.hash_one(name)).collect();
        assert_eq!(hashes.len(), names.len());
    }
}
