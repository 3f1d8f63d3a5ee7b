//! Work split over the machine's cores for the large documents only: the
//! per-state rules of a full analysis are independent of each other, and on
//! a definition of thousands of states they are most of its cost.

use std::sync::OnceLock;

/// At most this many threads for one piece of work: beyond it, a document
/// analysis gains little and crowds out the other documents being analysed.
const MAX_THREADS: usize = 4;

/// How many cores the process may use, asked once (the question reads the
/// cgroup files, which costs more than small work itself); `ASL_LSP_THREADS`
/// sets it instead (1: everything on the calling thread).
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| {
        std::env::var("ASL_LSP_THREADS")
            .ok()
            .and_then(|threads| threads.trim().parse::<usize>().ok())
            .filter(|&threads| threads > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
    })
}

/// `items.iter().map(f).collect()`, in order, on up to `MAX_THREADS`
/// threads when there are at least `per_thread` items for each; on the
/// calling thread alone otherwise. A thread costs tens of microseconds to
/// start, so `per_thread` items must cost well over that.
pub fn map<T: Sync, R: Send>(items: &[T], per_thread: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = cores().min(MAX_THREADS).min(items.len() / per_thread.max(1));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let mut chunks = items.chunks(chunk);
        // The calling thread takes the first chunk itself.
        let first = chunks.next().unwrap_or_default();
        let workers: Vec<_> = chunks
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut results: Vec<R> = Vec::with_capacity(items.len());
        results.extend(first.iter().map(f));
        for worker in workers {
            match worker.join() {
                Ok(part) => results.extend(part),
                // A panic in a worker is the caller's panic, as it would
                // have been on one thread.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    })
}

/// `items.iter().map(f).collect()`, in order, on every core: each thread
/// takes the next item as it finishes one, so items of uneven cost (files
/// of all sizes) keep every core busy to the end.
pub fn map_each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = cores().min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let (next, f) = (&next, &f);
    let work = move || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut results = work();
        for worker in workers {
            match worker.join() {
                Ok(part) => results.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_whatever_the_split() {
        let items: Vec<usize> = (0..1000).collect();
        for per_thread in [1, 7, 100, 400, 1000, 5000] {
            let doubled = map(&items, per_thread, |&item| item * 2);
            assert_eq!(
                doubled,
                items.iter().map(|item| item * 2).collect::<Vec<_>>(),
                "{per_thread}"
            );
        }
        assert!(map(&[] as &[usize], 1, |&item| item).is_empty());
    }

    #[test]
    fn each_item_once_in_order_on_every_core() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            map_each(&items, |&item| item * 3),
            items.iter().map(|item| item * 3).collect::<Vec<_>>()
        );
        assert!(map_each(&[] as &[usize], |&item| item).is_empty());
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let items: Vec<usize> = (0..100).collect();
        let caught =
            std::panic::catch_unwind(|| map(&items, 1, |&item| if item == 99 { panic!("item 99") } else { item }));
        assert!(caught.is_err());
    }
}
