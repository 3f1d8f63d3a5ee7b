//! Work off the task that reads the input: every request and every analysis
//! runs on the blocking pool, under `catch_unwind`, and is skipped when its
//! request was cancelled before it started.
//!
//! The framework answers `$/cancelRequest` by dropping the request's future,
//! which sends the cancellation answer at once; the drop also raises the
//! flag checked here, so work still queued never starts. Work already
//! running finishes on its own thread and its result is dropped: analyses
//! are kept with their snapshot, so the next request on that version reuses
//! them.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Why a job gave no result.
#[derive(Debug)]
pub enum Failure {
    /// It panicked: the panic's message.
    Panicked(String),
    /// Its request was cancelled before it started.
    Cancelled,
}

/// Raises the flag when the future awaiting the job is dropped.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Run `job` on the blocking pool; a panic becomes `Failure::Panicked`.
pub async fn run<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Result<T, Failure> {
    let cancelled = Arc::new(AtomicBool::new(false));
    let _guard = CancelOnDrop(cancelled.clone());
    let handle = tokio::task::spawn_blocking(move || {
        if cancelled.load(Ordering::Relaxed) {
            return Err(Failure::Cancelled);
        }
        catch_unwind(AssertUnwindSafe(job)).map_err(|payload| Failure::Panicked(panic_message(payload.as_ref())))
    });
    match handle.await {
        Ok(outcome) => outcome,
        Err(error) => Err(Failure::Panicked(error.to_string())),
    }
}

pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_string()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Panic on purpose when the `ASL_LSP_TEST_PANIC` environment variable is
/// set and `text` contains its value: how the tests check that a panic
/// costs one answer and nothing more. Compiled in debug builds only.
#[cfg(debug_assertions)]
pub fn test_panic(text: &str) {
    static MARKER: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let marker = MARKER.get_or_init(|| {
        std::env::var("ASL_LSP_TEST_PANIC")
            .ok()
            .filter(|marker| !marker.is_empty())
    });
    if let Some(marker) = marker {
        if text.contains(marker.as_str()) {
            panic!("ASL_LSP_TEST_PANIC: the document contains {marker:?}");
        }
    }
}

#[cfg(not(debug_assertions))]
pub fn test_panic(_: &str) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_is_an_error_and_the_pool_goes_on() {
        let outcome = run(|| -> u32 { panic!("on purpose") }).await;
        assert!(
            matches!(outcome, Err(Failure::Panicked(ref message)) if message == "on purpose"),
            "{outcome:?}"
        );
        assert_eq!(run(|| 2 + 2).await.ok(), Some(4));
    }
}
