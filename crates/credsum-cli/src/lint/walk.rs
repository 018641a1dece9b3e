//! File discovery: the paths and globs given on the command line become [`Candidate`]s, each
//! path once. Named files are always checked; folders are walked with the `ignore`
//! crate (honouring `.gitignore`, skipping `exclude` globs); glob arguments are matched with
//! `globset` against that walk. Candidates are handed over as the walk finds them, so checking
//! overlaps the walk, unless the caller asks for the whole list first.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use credsum_analysis::FileKind;
use globset::{GlobBuilder, GlobSetBuilder};
use ignore::WalkBuilder;

use super::config_file::Workspace;
use super::paths::clean;

/// Why a file is on the list, which decides whether it must look like a request file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Named on the command line or matched by a glob argument: always checked.
    Named,
    /// Found in a folder and matched by an `include` glob: always checked.
    Included,
    /// Found in a folder: checked only if the analyzer says it is a request file.
    Walked,
}

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
            candidate.origin = walked_origin(workspace, &candidate.path);
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
    let walk_all =
        |found: &mut dyn FnMut(Candidate)| walk(&roots, &folders, &globs, kind, workspace, found);
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
/// glob takes to `found` as soon as it is listed; returns the entries it could not read.
fn walk(
    roots: &[&Path],
    folders: &[PathBuf],
    globs: &[GlobArg],
    kind: Option<FileKind>,
    workspace: &Workspace,
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
        let candidate = if !hits.is_empty() {
            kind.or_else(|| FileKind::from_path(&path))
                .map(|kind| Candidate {
                    path,
                    kind,
                    origin: Origin::Named,
                })
        } else if folders
            .iter()
            .any(|folder| folder.as_os_str() == "." || path.starts_with(folder))
        {
            FileKind::from_path(&path).map(|kind| Candidate {
                origin: walked_origin(workspace, &path),
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

/// The order of `Path`'s `Ord` (folder by folder: `a/b.json` before `a.json`) for paths
/// without `.` parts, computed on the bytes (ten times faster on large walks): the separator
/// sorts before every other byte.
pub fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    // Only the first differing byte needs weighing; equal prefixes are compared plainly.
    let same = common_prefix(a, b);
    match (a.get(same), b.get(same)) {
        (Some(x), Some(y)) => order_key(x).cmp(&order_key(y)),
        _ => a.len().cmp(&b.len()),
    }
}

/// `items` sorted by the path `path_of` gives, in [`path_order`]. Each path is read once, for
/// a key of the eight bytes past the prefix all the paths share; only equal keys compare whole
/// paths. Comparing 10,000 boxed results by their paths would read each path a dozen times
/// from wherever it lies in memory.
pub fn sort_by_path<R>(items: Vec<R>, path_of: impl Fn(&R) -> &Path) -> Vec<R> {
    let Some(first) = items.first().map(|item| encoded(path_of(item))) else {
        return items;
    };
    let shared = items.iter().fold(first.len(), |n, item| {
        common_prefix(&first[..n], encoded(path_of(item)))
    });
    let mut keys: Vec<(u128, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (window_key(&encoded(path_of(item))[shared..]), i))
        .collect();
    keys.sort_unstable_by(|(key_a, a), (key_b, b)| {
        key_a
            .cmp(key_b)
            .then_with(|| path_order(path_of(&items[*a]), path_of(&items[*b])))
    });
    let mut slots: Vec<Option<R>> = items.into_iter().map(Some).collect();
    keys.into_iter()
        .filter_map(|(_, i)| slots[i].take())
        .collect()
}

/// The bytes of `path`.
fn encoded(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

/// The first eight bytes of `rest` weighed as [`path_order`] weighs them, sixteen bits each;
/// a path that ends first weighs less than any byte, as a shorter path sorts first.
fn window_key(rest: &[u8]) -> u128 {
    (0..8).fold(0, |key, i| {
        (key << 16)
            | rest
                .get(i)
                .map_or(0, |byte| u128::from(order_key(byte)) + 1)
    })
}

/// The length of the longest common prefix of `a` and `b`, eight bytes at a time where it can
/// (paths found in one folder share long prefixes).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let words = a8.zip(b8).take_while(|(x, y)| x == y).count();
    let start = words * 8;
    start
        + a[start..]
            .iter()
            .zip(&b[start..])
            .take_while(|(x, y)| x == y)
            .count()
}

/// A path byte's weight in [`path_order`]: the separator first, every other byte after it.
fn order_key(byte: &u8) -> u16 {
    if std::path::is_separator(char::from(*byte)) {
        0
    } else {
        u16::from(*byte) + 1
    }
}

/// The origin of a file found by walking: `Included` when an `include` glob matches it.
fn walked_origin(workspace: &Workspace, path: &Path) -> Origin {
    if workspace.is_included(path) {
        Origin::Included
    } else {
        Origin::Walked
    }
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
    fn sort_by_path_sorts_as_path_order() {
        let names = [
            "corpus/body-0001.json",
            "corpus/body-0001.json.bak/x.json",
            "corpus/body-00010.json",
            "corpus/body-0001/a.json",
            "corpus/body-0001-b.json",
            "corpus/body-000",
            "corpus/body-0002.json",
            "corpus/body-0001.jso",
            "corpus/a/b/c/d/e/f/g/h.json",
            "corpus.json",
            "corpus/ä.json",
            "corpus",
        ];
        // Every rotation, so the first path (whose prefix the others are measured by) varies.
        for turn in 0..names.len() {
            let mut paths: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
            paths.rotate_left(turn);
            let mut expected = paths.clone();
            expected.sort();
            assert_eq!(
                sort_by_path(paths, |p| p.as_path()),
                expected,
                "turn {turn}"
            );
        }
        let one = vec![PathBuf::from("a")];
        assert_eq!(sort_by_path(one.clone(), |p| p.as_path()), one);
        assert!(sort_by_path(Vec::<PathBuf>::new(), |p| p.as_path()).is_empty());
    }

    #[test]
    fn path_order_is_the_order_of_paths() {
        let mut paths: Vec<PathBuf> = [
            "a.json",
            "a/b.json",
            "a-b/c.md",
            "a/b/c.http",
            "B.md",
            "a",
            "ä.json",
            "/x",
            "../y",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let mut expected = paths.clone();
        expected.sort();
        paths.sort_by(|a, b| path_order(a, b));
        assert_eq!(paths, expected);
        for (a, b) in [
            ("", ""),
            ("abcdefgh", "abcdefgh"),
            ("abcdefghij", "abcdefgh/"),
            ("x", ""),
        ] {
            assert_eq!(
                common_prefix(a.as_bytes(), b.as_bytes()),
                a.len()
                    .min(b.len())
                    .min(a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count())
            );
        }
    }

    #[test]
    fn globs_are_recognised() {
        assert!(is_glob("*.json") && is_glob("a?.md") && is_glob("[ab].http"));
        assert!(!is_glob("docs/a.md"));
    }
}
