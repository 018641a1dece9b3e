//! The order files are reported in: that of `Path`'s `Ord` (folder by folder), computed on the
//! bytes, and a sort of many results by their paths that reads each path once.

use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

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
}
