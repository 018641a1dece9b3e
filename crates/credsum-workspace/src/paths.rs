//! Path spelling shared by the walk and its users: `.` parts dropped.

use std::path::{Component, Path, PathBuf};

/// `path` without `.` components (`./a/./b.json` → `a/b.json`); `.` when nothing is left.
pub fn clean(path: &Path) -> PathBuf {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_current_dir_components() {
        assert_eq!(clean(Path::new("./a/./b.json")), PathBuf::from("a/b.json"));
        assert_eq!(clean(Path::new(".")), PathBuf::from("."));
        assert_eq!(clean(Path::new("../x.json")), PathBuf::from("../x.json"));
    }
}
