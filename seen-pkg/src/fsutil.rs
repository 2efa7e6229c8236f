//! File-system helpers that keep the crate's write invariant: every write
//! goes to a temporary file in the target's directory, is flushed to disk,
//! and is renamed over the target; advisory file locks serialise
//! processes that share a cache or a registry directory.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Error;

/// Writes `bytes` to `path` atomically: readers see the old file or the new
/// one, never a part.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("Seen.lock");
/// seen_pkg::fsutil::write_atomic(&path, b"version = 1\n").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"version = 1\n");
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = parent(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a temporary file in", dir, e))?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io("write", tmp.path().to_path_buf(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("write", tmp.path().to_path_buf(), e))?;
    persist(tmp, path)
}

/// Renames a finished temporary file over `path`, keeping the permissions
/// an ordinary new file would get.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<(), Error> {
    set_default_permissions(tmp.as_file());
    tmp.persist(path)
        .map_err(|e| Error::io("replace", path, e.error))?;
    sync_dir(parent(path));
    Ok(())
}

/// Like [`write_atomic`], but leaves the file alone when it already holds
/// `bytes`. Returns whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    write_atomic(path, bytes)?;
    Ok(true)
}

/// Creates a directory and its parents.
pub fn create_dir_all(path: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(path).map_err(|e| Error::io("create", path, e))
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(unix)]
fn set_default_permissions(file: &File) {
    use std::os::unix::fs::PermissionsExt;
    // tempfile creates 0600 files; a lock file or manifest should look like
    // any other file the user writes (0644 before the umask).
    let _ = file.set_permissions(std::fs::Permissions::from_mode(0o644));
}

#[cfg(not(unix))]
fn set_default_permissions(_: &File) {}

/// Flushes a directory's entries (the rename) to disk, where the platform
/// allows it; failure only loses durability, not atomicity.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// An advisory lock on a file, held until dropped.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// Waits for an exclusive lock on `path` (creating the file).
    pub fn exclusive(path: &Path) -> Result<FileLock, Error> {
        let file = open_lock_file(path)?;
        fs4::FileExt::lock(&file).map_err(|e| Error::io("lock", path, e))?;
        Ok(FileLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Waits for a shared lock on `path` (creating the file).
    pub fn shared(path: &Path) -> Result<FileLock, Error> {
        let file = open_lock_file(path)?;
        fs4::FileExt::lock_shared(&file).map_err(|e| Error::io("lock", path, e))?;
        Ok(FileLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The locked file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first makes the
        // release immediate even if a child process inherited the handle.
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

fn open_lock_file(path: &Path) -> Result<File, Error> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::io("open", path, e))
}
