//! The progress bar on standard error, shown only to a person watching a long run: stderr is a
//! terminal, `CI` is unset, and more than [`THRESHOLD`] files are to be checked.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// Runs with at most this many files finish too fast to need a bar.
pub const THRESHOLD: usize = 200;

/// A bar over `total` files, or a hidden one (whose updates cost next to nothing).
pub fn bar(total: usize) -> ProgressBar {
    let wanted =
        total > THRESHOLD && std::env::var_os("CI").is_none() && std::io::stderr().is_terminal();
    if !wanted {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    bar
}
