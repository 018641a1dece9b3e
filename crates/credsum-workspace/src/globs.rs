//! The one glob semantics of `include` and `exclude`, read the way `.gitignore` reads its
//! patterns (as ruff reads its own `include`/`exclude`): a glob without `/` matches a name at
//! any depth, one with a `/` at its start or in its middle (or starting with `./`) is anchored
//! at the workspace root; a trailing `/` is dropped; `*`, `?` and `[…]` never cross `/`, `**`
//! does; and a glob that matches a folder covers every file below it.

use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// Compiled `include` or `exclude` globs.
#[derive(Clone, Debug)]
pub struct Globs {
    /// The patterns as rewritten for `globset` (see the module documentation).
    set: GlobSet,
}

impl Default for Globs {
    fn default() -> Globs {
        Globs {
            set: GlobSet::empty(),
        }
    }
}

impl Globs {
    /// Compiles `globs`; an error names the `key` (`include`/`exclude`) and the `origin` (the
    /// file or settings they came from).
    pub fn new(globs: &[String], key: &str, origin: &str) -> Result<Globs, String> {
        let mut set = GlobSetBuilder::new();
        for glob in globs {
            let rooted = glob.starts_with('/') || glob.starts_with("./");
            let trimmed = glob
                .trim_start_matches("./")
                .trim_start_matches('/')
                .trim_end_matches('/');
            let pattern = if rooted || trimmed.contains('/') {
                trimmed.to_owned()
            } else {
                format!("**/{trimmed}")
            };
            let compiled = GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid {origin}: bad {key} glob `{glob}`: {e}"))?;
            set.add(compiled);
        }
        let set = set
            .build()
            .map_err(|e| format!("invalid {origin}: bad {key} globs: {e}"))?;
        Ok(Globs { set })
    }

    /// Whether there are no globs.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// Whether a glob matches `relative` itself (a path relative to the workspace root): the
    /// question for a walk, which asked it of every folder above before entering it.
    pub fn matches(&self, relative: &Path) -> bool {
        !self.set.is_empty() && self.set.is_match(relative)
    }

    /// Whether a glob matches `relative` or a folder above it (below the root): the question
    /// for a file reached without walking to it.
    pub fn covers(&self, relative: &Path) -> bool {
        !self.set.is_empty()
            && relative
                .ancestors()
                .any(|part| !part.as_os_str().is_empty() && self.set.is_match(part))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(patterns: &[&str]) -> Globs {
        let owned: Vec<String> = patterns.iter().map(|p| (*p).to_owned()).collect();
        Globs::new(&owned, "include", "test").unwrap()
    }

    #[test]
    fn a_glob_without_a_slash_matches_at_any_depth() {
        let g = globs(&["vendor", "*.patch.json"]);
        assert!(g.matches(Path::new("vendor")));
        assert!(g.matches(Path::new("a/b/vendor")));
        assert!(g.matches(Path::new("x.patch.json")));
        assert!(g.matches(Path::new("a/x.patch.json")));
        assert!(!g.matches(Path::new("vendor.json")));
        assert!(!g.matches(Path::new("vendor/a.json")));
        assert!(g.covers(Path::new("vendor/a.json")));
        assert!(g.covers(Path::new("a/vendor/b/c.json")));
        assert!(!g.covers(Path::new("vendors/a.json")));
    }

    #[test]
    fn a_glob_with_a_slash_is_anchored_and_star_stays_in_its_folder() {
        let g = globs(&["requests/*.json", "./docs/", "/api/**/*.http"]);
        assert!(g.matches(Path::new("requests/a.json")));
        assert!(!g.covers(Path::new("requests/deep/a.json")));
        assert!(!g.covers(Path::new("x/requests/a.json")));
        assert!(g.covers(Path::new("docs/a/b.md")));
        assert!(!g.covers(Path::new("x/docs/a.md")));
        assert!(g.matches(Path::new("api/a.http")));
        assert!(g.matches(Path::new("api/v1/beta/a.http")));
    }

    #[test]
    fn bad_globs_are_errors_and_no_globs_match_nothing() {
        let bad = Globs::new(&["a/[".to_owned()], "exclude", "credsum.toml").unwrap_err();
        assert!(
            bad.contains("invalid credsum.toml: bad exclude glob `a/[`"),
            "{bad}"
        );
        assert!(!Globs::default().covers(Path::new("a")));
        assert!(Globs::default().is_empty());
    }
}
