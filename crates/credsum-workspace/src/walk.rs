//! File discovery: the paths and globs given on the command line become [`Candidate`]s, each
//! path once. Named files are always checked; folders are walked with the `ignore`
//! crate (honouring `.gitignore`, skipping `exclude` globs); glob arguments are matched with
//! `globset` against that walk and select among its request files. Candidates are handed over as the walk finds them, so checking
//! overlaps the walk, unless the caller asks for the whole list first.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use credsum_analysis::FileKind;
use globset::{GlobBuilder, GlobSetBuilder};
use ignore::WalkBuilder;

use crate::association::Origin;
use crate::path_order::path_order;
use crate::paths::clean;
use crate::workspace::Workspace;

/// A file to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The path, relative to the working folder unless given absolute, without `./`.
    pub path: PathBuf,
    /// How to read it.
    pub kind: FileKind,
    /// Why it is on the list.
    pub origin: Origin,
}

/// Whether a command-line argument is a glob rather than a path.
pub fn is_glob(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

/// A glob argument: the folder to walk and the pattern to match against the walk.
struct GlobArg {
    /// The text given.
    text: String,
    /// The longest leading part of the pattern without glob characters.
    root: PathBuf,
}

impl GlobArg {
    /// Splits `text` (with `./` dropped) into its literal folder and the whole pattern.
    fn new(text: &str) -> GlobArg {
        let pattern = text.trim_start_matches("./");
        // Some part holds a glob character, so the literal parts are always folders; joined
        // back with `/`, an absolute pattern keeps its leading `/`.
        let literal: Vec<&str> = pattern
            .split('/')
            .take_while(|part| !is_glob(part))
            .collect();
        let root = match literal.join("/") {
            root if root.is_empty() && pattern.starts_with('/') => "/".to_owned(),
            root if root.is_empty() => ".".to_owned(),
            root => root,
        };
        GlobArg {
            text: pattern.to_owned(),
            root: PathBuf::from(root),
        }
    }
}

/// When [`discover`] hands over the files it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// As the walk finds them, so that checking overlaps the walk.
    Streamed,
    /// Only once the walk has finished without a usage error (a glob that matched nothing),
    /// so that `--fix` writes nothing on a bad command line.
    AfterWalk,
}

/// Finds the files named by `args` (paths, folders, globs) and hands each to `found`, named
/// files first, each path once; returns the entries the walk could not read (to be reported
/// as warnings). `kind` overrides the kind of named and glob-matched files; `only_requests`
/// treats them like walked files instead.
pub fn discover(
    args: &[String],
    kind: Option<FileKind>,
    workspace: &Workspace,
    only_requests: bool,
    delivery: Delivery,
    found: &mut dyn FnMut(Candidate),
) -> Result<Vec<String>, String> {
    let mut named = Vec::new();
    let mut folders = Vec::new();
    let mut globs = Vec::new();
    for arg in args {
        if is_glob(arg) {
            globs.push(GlobArg::new(arg));
            continue;
        }
        let path = clean(Path::new(arg));
        let meta = std::fs::metadata(&path).map_err(|e| lookup_error(arg, &path, &e))?;
        if meta.is_dir() {
            folders.push(path);
        } else {
            let kind = kind.or_else(|| FileKind::from_path(&path)).ok_or_else(|| {
                format!("{arg}: cannot tell the kind of this file from its name; pass --kind json|http|markdown")
            })?;
            named.push(Candidate {
                path,
                kind,
                origin: Origin::Named,
            });
        }
    }
    // With --only-requests, named files are judged like walked ones.
    let adjust = |mut candidate: Candidate| {
        if only_requests && candidate.origin == Origin::Named {
            candidate.origin = workspace.walked_origin(&candidate.path);
            if workspace.is_excluded_with_folders(&candidate.path) {
                return None;
            }
        }
        Some(candidate)
    };
    let mut named: Vec<Candidate> = named.into_iter().filter_map(adjust).collect();
    sort_and_dedup(&mut named);
    if folders.is_empty() && globs.is_empty() {
        named.into_iter().for_each(&mut *found);
        return Ok(Vec::new());
    }
    let roots = walk_roots(&folders, &globs);
    let walk_all = |found: &mut dyn FnMut(Candidate)| {
        walk(&roots, &folders, &globs, kind, workspace, &|| false, found)
    };
    if delivery == Delivery::AfterWalk || roots_nest(&roots) {
        // The whole list first: a file under two roots is found twice, and the strongest of
        // its origins must win.
        let mut all = std::mem::take(&mut named);
        let warnings = walk_all(&mut |candidate| all.extend(adjust(candidate)))?;
        sort_and_dedup(&mut all);
        all.into_iter().for_each(&mut *found);
        return Ok(warnings);
    }
    let named_paths: HashSet<PathBuf> = named.iter().map(|c| c.path.clone()).collect();
    named.into_iter().for_each(&mut *found);
    walk_all(&mut |candidate| {
        // A named file found again by the walk keeps its stronger, named origin.
        if named_paths.contains(&candidate.path) {
            return;
        }
        if let Some(candidate) = adjust(candidate) {
            found(candidate);
        }
    })
}

/// Walks the absolute `folders` as `credsum lint FOLDER…` walks them (`.gitignore` honoured,
/// `exclude` globs skipped, symbolic links not followed) and hands each file with a kind to
/// `found` as it is listed, until `stop` says so; returns the entries it could not read.
pub fn walk_folders(
    folders: &[PathBuf],
    workspace: &Workspace,
    stop: &dyn Fn() -> bool,
    found: &mut dyn FnMut(Candidate),
) -> Vec<String> {
    let roots: Vec<&Path> = folders.iter().map(PathBuf::as_path).collect();
    // Without glob arguments the walk has no usage error to give.
    walk(&roots, folders, &[], None, workspace, stop, found).unwrap_or_default()
}

/// Sorts `candidates` by path, named before walked among equal paths, and keeps the first of
/// each path (the strongest origin).
fn sort_and_dedup(candidates: &mut Vec<Candidate>) {
    candidates.sort_unstable_by(|a, b| path_order(&a.path, &b.path).then(a.origin.cmp(&b.origin)));
    candidates.dedup_by(|later, first| later.path == first.path);
}

/// The folders to walk: the folder arguments and the literal folders of the globs, each once.
fn walk_roots<'p>(folders: &'p [PathBuf], globs: &'p [GlobArg]) -> Vec<&'p Path> {
    let mut roots: Vec<&Path> = folders.iter().map(PathBuf::as_path).collect();
    roots.extend(
        globs
            .iter()
            .map(|g| g.root.as_path())
            .filter(|root| root.is_dir()),
    );
    roots.sort();
    roots.dedup();
    roots
}

/// Whether one root holds another (`.` and `docs`, or `docs` and `/abs/path/to/docs`), so that
/// the walk finds some files twice.
fn roots_nest(roots: &[&Path]) -> bool {
    let real: Vec<PathBuf> = roots
        .iter()
        .map(|root| std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()))
        .collect();
    real.iter().enumerate().any(|(i, a)| {
        real.iter()
            .enumerate()
            .any(|(j, b)| i != j && a.starts_with(b))
    })
}

/// The usage error for a path argument that cannot be looked up.
fn lookup_error(arg: &str, path: &Path, error: &std::io::Error) -> String {
    if error.kind() != std::io::ErrorKind::NotFound {
        return format!("{arg}: {error}");
    }
    match std::fs::read_link(path) {
        Ok(target) => format!(
            "{arg}: a symbolic link to {}, which does not exist",
            target.display()
        ),
        Err(_) => format!("{arg}: no such file or folder"),
    }
}

/// Walks `roots` (the folders and the roots of `globs`), handing each file that a folder or
/// glob takes to `found` as soon as it is listed, until `stop` says so; returns the entries it
/// could not read.
fn walk(
    roots: &[&Path],
    folders: &[PathBuf],
    globs: &[GlobArg],
    kind: Option<FileKind>,
    workspace: &Workspace,
    stop: &dyn Fn() -> bool,
    found: &mut dyn FnMut(Candidate),
) -> Result<Vec<String>, String> {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        let compiled = GlobBuilder::new(&glob.text)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("bad glob `{}`: {e}", glob.text))?;
        set.add(compiled);
    }
    let glob_set = set.build().map_err(|e| format!("bad globs: {e}"))?;
    let mut matched = vec![false; globs.len()];

    let Some((first, rest)) = roots.split_first() else {
        return no_match(globs, &matched).map(|()| Vec::new());
    };
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    let exclude_ws = Arc::new(workspace.clone());
    builder
        .require_git(false)
        .filter_entry(move |entry| !exclude_ws.is_excluded(entry.path()));

    // One thread walks while the checking threads check: it lists 10,000 files in about
    // 4 ms, handing over each as it is read, where the parallel walker takes 7 ms and hands
    // over nothing until it has listed a whole folder. Checking those files takes the
    // threads some 80 ms of CPU time, so they do not wait for the walk.
    let mut warnings = Vec::new();
    for entry in builder.build() {
        if stop() {
            break;
        }
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                warnings.push(error.to_string());
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        // The walk's paths have `.` parts only at the root (`./x.json`); most need no
        // cleaning and move as they are.
        let path = if entry.path().components().any(|c| c == Component::CurDir) {
            clean(entry.path())
        } else {
            entry.into_path()
        };
        let hits = if globs.is_empty() {
            Vec::new()
        } else {
            glob_set.matches(&path)
        };
        for &hit in &hits {
            if let Some(flag) = matched.get_mut(hit) {
                *flag = true;
            }
        }
        // A glob selects among request files, as a walk does: foreign JSON it matches is
        // skipped unless named exactly.
        let candidate = if !hits.is_empty() {
            kind.or_else(|| FileKind::from_path(&path))
                .map(|kind| Candidate {
                    origin: workspace.walked_origin(&path),
                    path,
                    kind,
                })
        } else if folders
            .iter()
            .any(|folder| folder.as_os_str() == "." || path.starts_with(folder))
        {
            FileKind::from_path(&path).map(|kind| Candidate {
                origin: workspace.walked_origin(&path),
                path,
                kind,
            })
        } else {
            None
        };
        if let Some(candidate) = candidate {
            found(candidate);
        }
    }
    no_match(globs, &matched)?;
    Ok(warnings)
}

/// An error naming the first glob that matched no file.
fn no_match(globs: &[GlobArg], matched: &[bool]) -> Result<(), String> {
    match globs.iter().zip(matched).find(|(_, &m)| !m) {
        Some((glob, _)) => Err(format!("no file matches `{}`", glob.text)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_roots_are_the_literal_folders() {
        assert_eq!(GlobArg::new("*.json").root, PathBuf::from("."));
        assert_eq!(GlobArg::new("./docs/**/*.md").root, PathBuf::from("docs"));
        assert_eq!(GlobArg::new("a/b/c?.http").root, PathBuf::from("a/b"));
        assert_eq!(
            GlobArg::new("/abs/dir/*.json").root,
            PathBuf::from("/abs/dir")
        );
        assert_eq!(GlobArg::new("/*.json").root, PathBuf::from("/"));
        assert_eq!(GlobArg::new("./docs/**/*.md").text, "docs/**/*.md");
    }

    #[test]
    fn globs_are_recognised() {
        assert!(is_glob("*.json") && is_glob("a?.md") && is_glob("[ab].http"));
        assert!(!is_glob("docs/a.md"));
    }
}
