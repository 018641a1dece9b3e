//! The progress bar on standard error, shown only to a person watching a long run: stderr is a
//! terminal, `CI` is unset, and more than [`THRESHOLD`] files are to be checked. Files are
//! counted as the walk finds them, so the bar appears once the count passes the threshold.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs with at most this many files finish too fast to need a bar.
pub const THRESHOLD: u64 = 200;

/// Progress over the files found so far; does nothing when no person is watching.
pub struct Progress {
    /// The bar, drawn once more than [`THRESHOLD`] files are found; `None` when unwanted.
    bar: Option<ProgressBar>,
    /// Whether the bar is drawn yet (the bar is shared with the checking threads, so `Sync`).
    shown: AtomicBool,
}

impl Progress {
    /// A bar if a person may be watching standard error, else nothing.
    pub fn new() -> Progress {
        let wanted = std::env::var_os("CI").is_none() && std::io::stderr().is_terminal();
        let bar = wanted.then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            shown: AtomicBool::new(false),
        }
    }

    /// One more file to check.
    pub fn found(&self) {
        if let Some(bar) = &self.bar {
            bar.inc_length(1);
            if bar.length() > Some(THRESHOLD) && !self.shown.swap(true, Ordering::Relaxed) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    /// One more file checked.
    pub fn checked(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
