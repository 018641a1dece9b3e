//! Atomic file writes: a temporary file in the target's folder, renamed over the target, so an
//! interrupted or failed write leaves either the old file or the new one, never a mix.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug)]
pub struct WriteError {
    path: PathBuf,
    reason: String,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for WriteError {}

/// Writes `contents` to `path` atomically. The folder must exist.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let mut file = AtomicFile::create(path)?;
    file.file()
        .write_all(contents)
        .map_err(|e| file.fail(e.to_string()))?;
    file.commit()
}

/// A file being written atomically: a temporary file in the target's folder until
/// [`AtomicFile::commit`] renames it over the target; dropped before that, it is removed and
/// the target is untouched.
pub struct AtomicFile {
    /// The file to replace.
    path: PathBuf,
    /// The temporary file.
    temp: tempfile::NamedTempFile,
}

impl AtomicFile {
    /// Begins writing `path`; fails at once when its folder is missing or not writable.
    pub fn create(path: &Path) -> Result<AtomicFile, WriteError> {
        let fail = |reason: String| WriteError {
            path: path.to_path_buf(),
            reason,
        };
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(fail(format!("folder {} does not exist", folder.display())));
        }
        let temp = tempfile::Builder::new()
            .prefix(".credsum-")
            .suffix(".tmp")
            .tempfile_in(folder)
            .map_err(|e| fail(e.to_string()))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
        })
    }

    /// The temporary file, to write the contents to.
    pub fn file(&mut self) -> &mut std::fs::File {
        self.temp.as_file_mut()
    }

    /// Why writing this file failed.
    pub fn fail(&self, reason: String) -> WriteError {
        WriteError {
            path: self.path.clone(),
            reason,
        }
    }

    /// Syncs the contents and puts them in place of the target, keeping the owner and
    /// permissions of a file being replaced.
    pub fn commit(self) -> Result<(), WriteError> {
        let fail = |reason: String| WriteError {
            path: self.path.clone(),
            reason,
        };
        self.temp
            .as_file()
            .sync_all()
            .map_err(|e| fail(e.to_string()))?;
        if let Ok(meta) = std::fs::metadata(&self.path) {
            // Keep the owner and permissions of the file being replaced (owner first: a change
            // of owner clears set-user-ID bits).
            #[cfg(unix)]
            keep_owner(self.temp.as_file(), &meta);
            let _ = self.temp.as_file().set_permissions(meta.permissions());
        }
        let path = self.path.clone();
        self.temp
            .persist(&path)
            .map_err(|e| fail(e.error.to_string()))?;
        Ok(())
    }
}

/// Gives `file` the owner and group of `meta`, as far as we may: root keeps another user's file
/// theirs; anyone else keeps the group when they belong to it (else the change is refused and
/// the new file is simply theirs, as any file they create).
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}
