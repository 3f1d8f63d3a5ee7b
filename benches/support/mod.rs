//! What the benchmarks share: a median time over enough repetitions to fill a time budget.

use std::time::{Duration, Instant};

/// Median time of `run`, repeated to fill about `budget` (after one warm-up
/// and one probe), at least `fewest` and at most `most` times.
pub fn measure(budget: Duration, fewest: usize, most: usize, mut run: impl FnMut()) -> Duration {
    run();
    let probe = Instant::now();
    run();
    let once = probe.elapsed().max(Duration::from_micros(1));
    let repetitions = (budget.as_nanos() / once.as_nanos()).clamp(fewest as u128, most as u128) as usize;
    let mut times: Vec<Duration> = (0..repetitions)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}
