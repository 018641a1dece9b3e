//! A hang guard for the tests of large inputs: the work runs on its own thread and the test fails
//! when it has not finished after [`HANG_GUARD`], a bound no linear run comes near even
//! unoptimised on a busy machine, while the quadratic behaviour it guards against would take
//! hours on these inputs. How fast the parsers are is measured by the criterion benchmarks
//! (`cargo bench -p credsum-syntax`), not asserted here.

use std::sync::mpsc;
use std::time::Duration;

/// How long the guarded work may run before the test fails.
pub const HANG_GUARD: Duration = Duration::from_secs(120);

/// Runs `work` on a thread and returns its result; fails the test when it takes longer than
/// [`HANG_GUARD`] (the thread is then left behind) and passes a panic of `work` on unchanged.
pub fn within_hang_guard<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = done.send(work());
    });
    match finished.recv_timeout(HANG_GUARD) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends its result before it ends"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("still running after {HANG_GUARD:?}: quadratic, or stuck")
        }
    }
}
