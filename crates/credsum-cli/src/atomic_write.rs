//! Writing files without losing a user's data. A new or replaced file is written to a
//! temporary file in the target's folder (created with the user's umask) and renamed over the
//! target, so an interrupted or failed write leaves either the old file or the new one, never
//! a mix. A file being fixed ([`replace`]) is first checked: one the user could not write is
//! left alone, and one whose other names, owner or extended attributes a rename would lose is
//! rewritten in place instead. No file is synced one by one (one `fsync` per file made `--fix`
//! 16 times slower than `--dry-run`); [`sync_written`] syncs each filesystem written to once,
//! at the end. Every write runs inside [`crate::interrupt`]'s guard, so a signal never leaves
//! a temporary file behind.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::interrupt;

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

impl WriteError {
    /// Why the file could not be written, without its path.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// A [`WriteError`] for `path`.
fn error(path: &Path, reason: impl Into<String>) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Writes `contents` to `path` atomically. The folder must exist.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let mut file = AtomicFile::create(path)?;
    file.file()
        .write_all(contents)
        .map_err(|e| file.fail(e.to_string()))?;
    file.commit()
}

/// Replaces the contents of the existing file `path` (a fixed file) by `contents`, keeping
/// everything else about it: a symbolic link is followed to its target (replacing the link
/// would cut it); refused when the user may not write the file itself (even where the folder
/// would allow a rename); written in place when it has other hard links, another owner the
/// user cannot give the new file, or extended attributes; else atomically. The file is counted
/// as fixed ([`interrupt::count_fixed`]) inside the write's interrupt guard, so the count a
/// stop prints is exactly the files changed.
pub fn replace(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let failed = |e: std::io::Error| error(path, e.to_string());
    // One `lstat` for the usual file; the link's target is resolved only for a link.
    let own = std::fs::symlink_metadata(path).map_err(failed)?;
    let (target, meta) = if own.file_type().is_symlink() {
        let target = std::fs::canonicalize(path).map_err(failed)?;
        let meta = std::fs::metadata(&target).map_err(failed)?;
        (Cow::Owned(target), meta)
    } else {
        (Cow::Borrowed(path), own)
    };
    #[cfg(unix)]
    {
        if let Some(reason) = unix::read_only(&meta) {
            return Err(error(path, reason));
        }
        if unix::rename_would_lose(&target, &meta) {
            return write_in_place(&target, contents, &meta);
        }
    }
    let mut file = AtomicFile::begin(&target)?;
    file.file()
        .write_all(contents)
        .map_err(|e| file.fail(e.to_string()))?;
    file.commit_then(Some(&meta), interrupt::count_fixed)
}

/// Overwrites `path` in its own inode (keeping its links, owner, mode and attributes), inside
/// the interrupt guard so a signal waits for the whole write.
#[cfg(unix)]
fn write_in_place(
    path: &Path,
    contents: &[u8],
    meta: &std::fs::Metadata,
) -> Result<(), WriteError> {
    let _guard = interrupt::writing();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .map_err(|e| error(path, e.to_string()))?;
    file.write_all(contents)
        .map_err(|e| error(path, e.to_string()))?;
    remember_written(&file, meta);
    interrupt::count_fixed();
    Ok(())
}

/// A file being written atomically: a temporary file in the target's folder until
/// [`AtomicFile::commit`] renames it over the target; dropped before that, it is removed and
/// the target is untouched.
pub struct AtomicFile {
    /// The file to replace.
    path: PathBuf,
    /// The temporary file (removed when dropped).
    temp: tempfile::NamedTempFile,
    /// Its entry in the interrupt's list, dropped after it (fields drop in order).
    _tracked: Tracked,
}

/// A temporary file known to [`crate::interrupt`], forgotten when dropped.
struct Tracked(PathBuf);

impl Drop for Tracked {
    fn drop(&mut self) {
        interrupt::untrack(&self.0);
    }
}

impl AtomicFile {
    /// Begins writing `path`; fails at once when its folder is missing or not writable. The
    /// new file gets mode 0666 less the umask, as any file the user creates.
    pub fn create(path: &Path) -> Result<AtomicFile, WriteError> {
        let folder = folder_of(path);
        if !folder.is_dir() {
            return Err(error(
                path,
                format!("folder {} does not exist", folder.display()),
            ));
        }
        AtomicFile::begin(path)
    }

    /// [`AtomicFile::create`] for a `path` whose folder is known to exist.
    fn begin(path: &Path) -> Result<AtomicFile, WriteError> {
        let _guard = interrupt::writing();
        let mut builder = tempfile::Builder::new();
        builder.prefix(".credsum-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder
            .tempfile_in(folder_of(path))
            .map_err(|e| error(path, e.to_string()))?;
        interrupt::track(temp.path());
        Ok(AtomicFile {
            path: path.to_path_buf(),
            _tracked: Tracked(temp.path().to_path_buf()),
            temp,
        })
    }

    /// The temporary file, to write the contents to.
    pub fn file(&mut self) -> &mut std::fs::File {
        self.temp.as_file_mut()
    }

    /// Why writing this file failed.
    pub fn fail(&self, reason: String) -> WriteError {
        error(&self.path, reason)
    }

    /// Puts the contents in place of the target, keeping the owner and permissions of a file
    /// being replaced.
    pub fn commit(self) -> Result<(), WriteError> {
        let existing = std::fs::metadata(&self.path).ok();
        self.commit_then(existing.as_ref(), || {})
    }

    /// [`AtomicFile::commit`] over the file of `existing` (`None`: no file there), running
    /// `committed` after the rename, inside the interrupt guard.
    fn commit_then(
        self,
        existing: Option<&std::fs::Metadata>,
        committed: impl FnOnce(),
    ) -> Result<(), WriteError> {
        let AtomicFile {
            path,
            temp,
            _tracked: tracked,
        } = self;
        let _guard = interrupt::writing();
        if let Some(meta) = existing {
            // Keep the owner and permissions of the file being replaced (owner first: a change
            // of owner clears set-user-ID bits).
            #[cfg(unix)]
            unix::keep_owner(temp.as_file(), meta);
            let _ = temp.as_file().set_permissions(meta.permissions());
            remember_written(temp.as_file(), meta);
        } else if let Ok(meta) = temp.as_file().metadata() {
            remember_written(temp.as_file(), &meta);
        }
        let persisted = temp.persist(&path);
        // Forgotten inside the guard: a signal never sees the name of a file renamed away.
        drop(tracked);
        persisted.map_err(|e| error(&path, e.error.to_string()))?;
        committed();
        Ok(())
    }
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// One open file of each filesystem written to, for [`sync_written`].
static WRITTEN: Mutex<Vec<(u64, std::fs::File)>> = Mutex::new(Vec::new());

/// Notes the filesystem of `file`, which has just been written and whose (or whose
/// neighbour's, on the same filesystem) metadata is `meta`.
fn remember_written(file: &std::fs::File, meta: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mut written = WRITTEN.lock().unwrap_or_else(PoisonError::into_inner);
        if !written.iter().any(|(dev, _)| *dev == meta.dev()) {
            if let Ok(copy) = file.try_clone() {
                written.push((meta.dev(), copy));
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        let _ = file.sync_all();
    }
}

/// Makes every file written so far durable: one `syncfs` per filesystem written to, instead
/// of one `fsync` per file.
pub fn sync_written() -> Result<(), String> {
    let written = std::mem::take(&mut *WRITTEN.lock().unwrap_or_else(PoisonError::into_inner));
    for (_, file) in &written {
        #[cfg(target_os = "linux")]
        rustix::fs::syncfs(file).map_err(|e| format!("cannot sync the files written: {e}"))?;
        #[cfg(not(target_os = "linux"))]
        file.sync_all()
            .map_err(|e| format!("cannot sync the files written: {e}"))?;
    }
    Ok(())
}

/// The Unix facts a safe replacement needs: who the user is, what they may write, and what a
/// rename would lose.
#[cfg(unix)]
mod unix {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::path::Path;
    use std::sync::OnceLock;

    /// The effective user and group ids and the supplementary groups.
    struct Ids {
        /// The effective user id.
        uid: u32,
        /// The effective group id and the supplementary groups.
        groups: Vec<u32>,
    }

    /// The ids of this process, read once.
    fn ids() -> &'static Ids {
        static IDS: OnceLock<Ids> = OnceLock::new();
        IDS.get_or_init(|| {
            let mut groups: Vec<u32> = rustix::process::getgroups()
                .unwrap_or_default()
                .into_iter()
                .map(|g| g.as_raw())
                .collect();
            groups.push(rustix::process::getegid().as_raw());
            Ids {
                uid: rustix::process::geteuid().as_raw(),
                groups,
            }
        })
    }

    /// Why the user may not write the file of `meta` in place, judged by its mode as the
    /// kernel would (owner, then group, then others), without trying: a failed write would
    /// come too late, since a rename in a writable folder succeeds even over a read-only file.
    /// Root may write anything, but a file without any write bit was made read-only on
    /// purpose and is left alone too.
    pub fn read_only(meta: &std::fs::Metadata) -> Option<String> {
        let mode = meta.permissions().mode();
        let ids = ids();
        let may = if ids.uid == 0 {
            mode & 0o222 != 0
        } else if meta.uid() == ids.uid {
            mode & 0o200 != 0
        } else if ids.groups.contains(&meta.gid()) {
            mode & 0o020 != 0
        } else {
            mode & 0o002 != 0
        };
        (!may).then(|| {
            format!(
                "read-only file (mode {:04o}, owner uid {}); its fixes were not applied",
                mode & 0o7777,
                meta.uid()
            )
        })
    }

    /// Whether replacing the file by a new one would lose something: its other hard links, an
    /// owner or group this user cannot give the new file, or its extended attributes (ACLs,
    /// labels).
    pub fn rename_would_lose(path: &Path, meta: &std::fs::Metadata) -> bool {
        let ids = ids();
        let foreign = ids.uid != 0 && (meta.uid() != ids.uid || !ids.groups.contains(&meta.gid()));
        meta.nlink() > 1 || foreign || rustix::fs::listxattr_query(path).is_ok_and(|n| n > 0)
    }

    /// Gives `file` the owner and group of `meta`, as far as we may (see
    /// [`rename_would_lose`]: a file whose owner we could not keep is written in place).
    pub fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
        let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    }
}
