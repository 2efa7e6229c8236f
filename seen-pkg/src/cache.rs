//! The download cache, shared by every `seen` process of a user.
//!
//! ```text
//! $SEEN_CACHE_DIR (else $XDG_CACHE_HOME/seen, else ~/.cache/seen)
//!   .package-cache.lock       advisory lock taken while an entry is added
//!   archives/ab/abcd....tar.gz  archives, named by their SHA-256
//!   src/abcd.../                unpacked sources, named by the archive's SHA-256
//!   index/<registry hash>/NAME  index files, for --offline
//! ```
//!
//! Entries are content-addressed: an archive is stored only after its
//! checksum matched, under that checksum; sources are unpacked into a
//! temporary directory and renamed into place whole. So a name in the cache
//! always means a complete, verified entry, and an interrupted or failed
//! run leaves nothing behind but temporary files nobody reads. The lock
//! only keeps two processes from downloading the same archive at once.

use std::path::{Path, PathBuf};

use semver::Version;

use crate::archive::{self, Limits};
use crate::checksum::{is_checksum, sha256_hex};
use crate::fsutil::{FileLock, create_dir_all, write_atomic, write_if_changed};
use crate::progress::{Event, Progress};
use crate::source::RegistryUrl;
use crate::{Error, codes, name};

/// The cache directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cache {
    root: PathBuf,
}

/// Where the cache lives: `SEEN_CACHE_DIR`, else the XDG cache directory.
///
/// ```
/// use seen_pkg::cache::default_dir;
/// let dir = default_dir(|k| (k == "SEEN_CACHE_DIR").then(|| "/tmp/c".to_string()));
/// assert_eq!(dir, Some("/tmp/c".into()));
/// let dir = default_dir(|k| (k == "HOME").then(|| "/home/u".to_string()));
/// assert_eq!(dir, Some("/home/u/.cache/seen".into()));
/// ```
pub fn default_dir(var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let set = |k: &str| var(k).filter(|v| !v.is_empty());
    if let Some(dir) = set("SEEN_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(xdg) = set("XDG_CACHE_HOME").filter(|d| Path::new(d).is_absolute()) {
        return Some(Path::new(&xdg).join("seen"));
    }
    set("HOME").map(|home| Path::new(&home).join(".cache").join("seen"))
}

impl Cache {
    /// The cache named by the environment (see [`default_dir`]).
    pub fn from_env() -> Result<Cache, Error> {
        let dir = default_dir(|k| std::env::var(k).ok()).ok_or_else(|| Error::Invalid {
            code: codes::IO,
            message: "cannot find a cache directory: neither `SEEN_CACHE_DIR` nor `HOME` is set"
                .into(),
            help: Some("set `SEEN_CACHE_DIR` to a directory seen may write to".into()),
        })?;
        Cache::open(dir)
    }

    /// Opens (creating if needed) the cache at `root`.
    pub fn open(root: impl Into<PathBuf>) -> Result<Cache, Error> {
        let root = root.into();
        for sub in ["archives", "src", "index"] {
            create_dir_all(&root.join(sub))?;
        }
        let cache = Cache { root };
        // Creating the lock file here keeps later runs from adding files
        // to a cache that is otherwise unchanged.
        drop(FileLock::shared(&cache.lock_path())?);
        Ok(cache)
    }

    /// The cache's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn lock_path(&self) -> PathBuf {
        self.root.join(".package-cache.lock")
    }

    /// Where the sources of the archive with `checksum` are unpacked.
    pub fn source_dir(&self, checksum: &str) -> PathBuf {
        self.root.join("src").join(checksum)
    }

    fn archive_path(&self, checksum: &str) -> PathBuf {
        self.root
            .join("archives")
            .join(&checksum[..2])
            .join(format!("{checksum}.tar.gz"))
    }

    /// Whether the archive with `checksum` is available (unpacked or not)
    /// without the network.
    pub fn has(&self, checksum: &str) -> bool {
        is_checksum(checksum)
            && (self.source_dir(checksum).is_dir() || self.archive_path(checksum).is_file())
    }

    /// The unpacked sources of `name version`, whose archive has
    /// `checksum`: from the cache, or else downloaded by `download` (which
    /// returns the archive's bytes), verified and unpacked. Returns the
    /// directory and whether it downloaded.
    pub fn ensure_source(
        &self,
        package: (&str, &Version),
        checksum: &str,
        expected_from: &'static str,
        limits: Limits,
        progress: &dyn Progress,
        download: impl FnOnce() -> Result<Vec<u8>, Error>,
    ) -> Result<(PathBuf, bool), Error> {
        let (name, version) = package;
        let label = format!("{name} {version}");
        if !is_checksum(checksum) || !name::is_valid(name) {
            return Err(Error::Invalid {
                code: codes::BAD_INDEX,
                message: format!("`{label}` has no valid checksum"),
                help: None,
            });
        }
        let dir = self.source_dir(checksum);
        if dir.is_dir() {
            return Ok((dir, false));
        }
        let _lock = FileLock::exclusive(&self.lock_path())?;
        if dir.is_dir() {
            return Ok((dir, false));
        }
        let (bytes, downloaded) = match self.cached_archive(checksum, limits)? {
            Some(bytes) => (bytes, false),
            None => {
                let bytes = download()?;
                let found = sha256_hex(&bytes);
                if found != checksum {
                    return Err(Error::Checksum {
                        package: label,
                        expected_from,
                        expected: checksum.to_string(),
                        found_from: "the downloaded archive",
                        found,
                    });
                }
                let path = self.archive_path(checksum);
                create_dir_all(path.parent().expect("an archive path has a parent"))?;
                write_atomic(&path, &bytes)?;
                (bytes, true)
            }
        };
        progress.event(Event::Detail(format!(
            "unpacking {label} into {}",
            dir.display()
        )));
        self.unpack(
            &bytes,
            &archive::folder(name, version),
            &dir,
            limits,
            &label,
        )?;
        Ok((dir, downloaded))
    }

    /// The archive from the cache if it is there and still matches.
    fn cached_archive(&self, checksum: &str, limits: Limits) -> Result<Option<Vec<u8>>, Error> {
        let path = self.archive_path(checksum);
        if !path.is_file() {
            return Ok(None);
        }
        let bytes = archive::read_limited(&path, limits.max_compressed)?;
        if sha256_hex(&bytes) == checksum {
            return Ok(Some(bytes));
        }
        // Damaged on disk: forget it and download again.
        std::fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
        Ok(None)
    }

    fn unpack(
        &self,
        bytes: &[u8],
        folder: &str,
        dir: &Path,
        limits: Limits,
        label: &str,
    ) -> Result<(), Error> {
        let src = self.root.join("src");
        let tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempdir_in(&src)
            .map_err(|e| Error::io("create a directory in", &src, e))?;
        archive::unpack(bytes, folder, tmp.path(), limits, label)?;
        std::fs::rename(tmp.path(), dir).map_err(|e| Error::io("create", dir, e))?;
        Ok(())
    }

    fn index_path(&self, registry: &RegistryUrl, name: &str) -> PathBuf {
        let key = &sha256_hex(registry.to_string().as_bytes())[..16];
        self.root.join("index").join(key).join(name)
    }

    /// The cached index file of `name` from `registry`, if any.
    pub fn read_index(&self, registry: &RegistryUrl, name: &str) -> Option<String> {
        if !name::is_valid(name) {
            return None;
        }
        std::fs::read_to_string(self.index_path(registry, name)).ok()
    }

    /// Stores an index file (atomically; untouched when unchanged).
    pub fn write_index(&self, registry: &RegistryUrl, name: &str, text: &str) -> Result<(), Error> {
        if !name::is_valid(name) {
            return Ok(());
        }
        let path = self.index_path(registry, name);
        create_dir_all(path.parent().expect("an index path has a parent"))?;
        write_if_changed(&path, text.as_bytes()).map(|_| ())
    }
}
