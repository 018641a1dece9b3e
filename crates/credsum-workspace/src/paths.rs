//! Path spelling shared by the walk and its users: `.` parts dropped, and a file's identity
//! whatever name reaches it.

use std::path::{Component, Path, PathBuf};

/// The identity of a file on disk: its device and inode on Unix (so a hard link, a symbolic
/// link and `./name` are the same file), its canonical path elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileId {
    #[cfg(unix)]
    /// Device and inode.
    id: (u64, u64),
    #[cfg(not(unix))]
    /// The canonical path.
    id: PathBuf,
}

impl FileId {
    /// The identity of the file `path` names (through symbolic links); `None` when there is
    /// no such file.
    pub fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(path).ok()?;
            Some(FileId {
                id: (meta.dev(), meta.ino()),
            })
        }
        #[cfg(not(unix))]
        {
            Some(FileId {
                id: std::fs::canonicalize(path).ok()?,
            })
        }
    }
}

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
    fn a_file_is_itself_by_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        std::fs::write(&file, "{}").unwrap();
        std::fs::write(dir.path().join("b.json"), "{}").unwrap();
        std::fs::hard_link(&file, dir.path().join("hard.json")).unwrap();
        let id = FileId::of(&file);
        assert!(id.is_some());
        assert_eq!(FileId::of(&dir.path().join("./a.json")), id);
        assert_eq!(FileId::of(&dir.path().join("hard.json")), id);
        assert_ne!(FileId::of(&dir.path().join("b.json")), id);
        assert_eq!(FileId::of(&dir.path().join("missing.json")), None);
    }

    #[test]
    fn clean_drops_current_dir_components() {
        assert_eq!(clean(Path::new("./a/./b.json")), PathBuf::from("a/b.json"));
        assert_eq!(clean(Path::new(".")), PathBuf::from("."));
        assert_eq!(clean(Path::new("../x.json")), PathBuf::from("../x.json"));
    }
}
