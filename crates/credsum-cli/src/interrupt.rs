//! SIGINT, SIGTERM and SIGHUP while credsum writes files: every temporary file it made is
//! removed, no file is left half-written, the number of files fixed before the stop is
//! printed, and the exit status is 130 (as a shell reports an interrupted command).
//!
//! Every write ([`crate::atomic_write`]) happens inside a [`WriteGuard`], a shared lock; the
//! signal thread takes the lock exclusively, so it waits for the writes under way (each one
//! file) and no new one begins. Temporary files that live longer than one write (the
//! `--output-file` report) are [`track`]ed and removed by the signal thread.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Set once a signal arrived: no write begins after it.
static STOPPING: AtomicBool = AtomicBool::new(false);
/// Shared by each write, taken whole by the signal thread.
static WRITES: RwLock<()> = RwLock::new(());
/// Temporary files in existence, to remove on a signal.
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Files fixed so far.
static FIXED: AtomicUsize = AtomicUsize::new(0);
/// Whether the stop message counts fixed files (`--fix`).
static COUNTS_FIXES: AtomicBool = AtomicBool::new(false);

/// The exit status of an interrupted run (128 + SIGINT), whichever signal stopped it.
pub const EXIT_INTERRUPTED: i32 = 130;

/// Starts the thread that handles SIGINT, SIGTERM and SIGHUP; `counts_fixes` makes its message
/// say how many files were fixed.
pub fn install(counts_fixes: bool) -> Result<(), String> {
    COUNTS_FIXES.store(counts_fixes, Ordering::Relaxed);
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])
        .map_err(|e| format!("cannot handle interrupts: {e}"))?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                stop();
            }
        })
        .map_err(|e| format!("cannot handle interrupts: {e}"))?;
    Ok(())
}

/// Waits for the writes under way, removes every temporary file, says what was done, exits.
fn stop() -> ! {
    STOPPING.store(true, Ordering::SeqCst);
    let _writes = WRITES.write().unwrap_or_else(PoisonError::into_inner);
    let temps = std::mem::take(&mut *TEMPS.lock().unwrap_or_else(PoisonError::into_inner));
    for temp in &temps {
        let _ = std::fs::remove_file(temp);
    }
    let fixed = FIXED.load(Ordering::SeqCst);
    if COUNTS_FIXES.load(Ordering::Relaxed) {
        let files = if fixed == 1 { "file" } else { "files" };
        eprintln!("interrupted: {fixed} {files} fixed before the stop; no temporary file left");
    } else {
        eprintln!("interrupted: nothing written; no temporary file left");
    }
    std::process::exit(EXIT_INTERRUPTED)
}

/// Permission to write: held for the whole of one write, so a signal waits for it.
pub struct WriteGuard {
    /// The shared lock, released on drop.
    _writes: RwLockReadGuard<'static, ()>,
}

/// Permission to begin a write. Once a signal has arrived this never returns: the signal
/// thread is ending the process, and a thread that gave up with an error instead could print
/// it and exit first, with another status than 130.
pub fn writing() -> WriteGuard {
    if STOPPING.load(Ordering::SeqCst) {
        wait_for_the_stop();
    }
    let guard = WRITES.read().unwrap_or_else(PoisonError::into_inner);
    // A signal may have come while this thread waited for the lock: let the stop have it.
    if STOPPING.load(Ordering::SeqCst) {
        drop(guard);
        wait_for_the_stop();
    }
    WriteGuard { _writes: guard }
}

/// Parks this thread until [`stop`], on the signal thread, ends the process.
fn wait_for_the_stop() -> ! {
    loop {
        std::thread::park();
    }
}

/// Remembers the temporary file `path`, to remove on a signal (call inside a [`WriteGuard`]).
pub fn track(path: &Path) {
    TEMPS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(path.to_path_buf());
}

/// Forgets the temporary file `path`: renamed into place or removed (inside a [`WriteGuard`]).
pub fn untrack(path: &Path) {
    let mut temps = TEMPS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(at) = temps.iter().rposition(|temp| temp == path) {
        temps.swap_remove(at);
    }
}

/// Counts one more file fixed.
pub fn count_fixed() {
    FIXED.fetch_add(1, Ordering::SeqCst);
}
