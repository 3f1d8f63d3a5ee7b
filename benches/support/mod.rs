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

/// Median time of `run` on a fresh input from `setup`, like [`measure`],
/// timing neither `setup` nor the dropping of what `run` returns: for
/// runs that consume their input (an analysis to update) or leave a large
/// value behind (an analysis to free).
#[allow(dead_code)] // Only some of the benchmarks that share this module use it.
pub fn measure_each<I, O>(
    budget: Duration,
    fewest: usize,
    most: usize,
    mut setup: impl FnMut() -> I,
    mut run: impl FnMut(I) -> O,
) -> Duration {
    let mut once = || {
        let input = setup();
        let start = Instant::now();
        let output = run(input);
        let elapsed = start.elapsed();
        drop(output);
        elapsed
    };
    once();
    let probe = once().max(Duration::from_micros(1));
    let repetitions = (budget.as_nanos() / probe.as_nanos()).clamp(fewest as u128, most as u128) as usize;
    let mut times: Vec<Duration> = (0..repetitions).map(|_| once()).collect();
    times.sort();
    times[times.len() / 2]
}
