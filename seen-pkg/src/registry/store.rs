//! A registry laid out in a directory: what `seen registry serve` serves
//! and what a `file://` registry is.
//!
//! ```text
//! DIR/index/NAME                          the index file (see crate::index)
//! DIR/archives/NAME/NAME-VERSION.tar.gz  the archives
//! DIR/.registry.lock                      taken while publishing or yanking
//! ```
//!
//! Publishing checks the upload as an archive (see [`crate::archive`]),
//! reads its manifest, refuses a version that exists, then writes the
//! archive and the new index file, each atomically, archive first: a
//! reader never sees an index line whose archive is missing.

use std::path::{Path, PathBuf};

use semver::Version;
use serde::{Deserialize, Serialize};

use crate::archive::{self, Limits};
use crate::checksum::sha256_hex;
use crate::fsutil::{FileLock, create_dir_all, write_atomic};
use crate::index::{self, IndexEntry};
use crate::manifest::Manifest;
use crate::{Error, name};

/// A registry directory.
#[derive(Clone, Debug)]
pub struct Store {
    root: PathBuf,
    limits: Limits,
}

/// One result of a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The package.
    pub name: String,
    /// Its newest version that is not yanked.
    pub version: Version,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
}

impl Store {
    /// Opens (creating if needed) a registry directory.
    pub fn open(root: impl Into<PathBuf>, limits: Limits) -> Result<Store, Error> {
        let root = root.into();
        create_dir_all(&root.join("index"))?;
        create_dir_all(&root.join("archives"))?;
        Ok(Store { root, limits })
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The size limits uploads are held to.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The index file of `name`, or `None` (also for invalid names, which
    /// never reach the file system).
    pub fn index_text(&self, name: &str) -> Result<Option<String>, Error> {
        if !name::is_valid(name) {
            return Ok(None);
        }
        let path = self.root.join("index").join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io("read", path, e)),
        }
    }

    /// The parsed index of `name`.
    pub fn entries(&self, name: &str) -> Result<Option<Vec<IndexEntry>>, Error> {
        self.index_text(name)?
            .map(|text| index::parse_file(name, &text))
            .transpose()
    }

    /// Where the archive of `name version` is (if it is published).
    pub fn archive_path(&self, name: &str, version: &Version) -> Option<PathBuf> {
        if !name::is_valid(name) {
            return None;
        }
        let path = self
            .root
            .join("archives")
            .join(name)
            .join(format!("{}.tar.gz", archive::folder(name, version)));
        path.is_file().then_some(path)
    }

    /// The archive's bytes.
    pub fn archive(&self, name: &str, version: &Version) -> Result<Vec<u8>, Error> {
        let path = self
            .archive_path(name, version)
            .ok_or_else(|| Error::NotFound {
                what: format!("`{name} {version}`"),
                registry: self.root.display().to_string(),
            })?;
        archive::read_limited(&path, self.limits.max_compressed)
    }

    /// Publishes an archive; returns its index entry.
    pub fn publish(&self, bytes: &[u8]) -> Result<IndexEntry, Error> {
        let inspected = archive::inspect(bytes, self.limits, "the uploaded archive")?;
        let manifest =
            Manifest::parse(&inspected.manifest, Path::new("Seen.toml")).map_err(|e| {
                Error::NotPublishable {
                    package: inspected.folder.clone(),
                    reason: format!("its manifest is invalid: {e}"),
                }
            })?;
        let (name, version) = (&manifest.package.name, &manifest.package.version);
        let expected = archive::folder(name.as_str(), version);
        if inspected.folder != expected {
            return Err(Error::NotPublishable {
                package: name.to_string(),
                reason: format!(
                    "its files are in `{}/`, not `{expected}/`",
                    inspected.folder
                ),
            });
        }
        let entry = IndexEntry::from_manifest(&manifest, sha256_hex(bytes))?;
        let _lock = FileLock::exclusive(&self.root.join(".registry.lock"))?;
        let mut entries = self.entries(name.as_str())?.unwrap_or_default();
        if entries.iter().any(|e| same_version(&e.vers, version)) {
            return Err(Error::VersionExists {
                package: name.to_string(),
                version: version.to_string(),
            });
        }
        let dir = self.root.join("archives").join(name.as_str());
        create_dir_all(&dir)?;
        write_atomic(&dir.join(format!("{expected}.tar.gz")), bytes)?;
        entries.push(entry.clone());
        entries.sort_by(|a, b| a.vers.cmp(&b.vers));
        write_atomic(
            &self.root.join("index").join(name.as_str()),
            index::to_file(&entries).as_bytes(),
        )?;
        Ok(entry)
    }

    /// Marks a version yanked (or not).
    pub fn set_yanked(&self, name: &str, version: &Version, yanked: bool) -> Result<(), Error> {
        let _lock = FileLock::exclusive(&self.root.join(".registry.lock"))?;
        let not_found = || Error::NotFound {
            what: format!("`{name} {version}`"),
            registry: self.root.display().to_string(),
        };
        let mut entries = self.entries(name)?.ok_or_else(not_found)?;
        let entry = entries
            .iter_mut()
            .find(|e| &e.vers == version)
            .ok_or_else(not_found)?;
        if entry.yanked != yanked {
            entry.yanked = yanked;
            write_atomic(
                &self.root.join("index").join(name),
                index::to_file(&entries).as_bytes(),
            )?;
        }
        Ok(())
    }

    /// Packages whose name or description contains `query` (ignoring
    /// case), sorted by name, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, Error> {
        let dir = self.root.join("index");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .map_err(|e| Error::io("read", &dir, e))?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| name::is_valid(n))
            .collect();
        names.sort();
        let query = query.to_lowercase();
        let mut hits = Vec::new();
        for name in names {
            let Some(entries) = self.entries(&name)? else {
                continue;
            };
            let Some(best) = entries
                .iter()
                .filter(|e| !e.yanked)
                .max_by(|a, b| a.vers.cmp(&b.vers))
            else {
                continue;
            };
            let description = best.description.clone();
            let text = format!("{name} {}", description.as_deref().unwrap_or("")).to_lowercase();
            if text.contains(&query) {
                hits.push(SearchHit {
                    name,
                    version: best.vers.clone(),
                    description,
                });
                if hits.len() >= limit {
                    break;
                }
            }
        }
        Ok(hits)
    }
}

/// Versions that differ only in build metadata are the same version.
fn same_version(a: &Version, b: &Version) -> bool {
    (a.major, a.minor, a.patch, &a.pre) == (b.major, b.minor, b.patch, &b.pre)
}
