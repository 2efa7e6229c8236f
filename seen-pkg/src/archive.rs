//! Package archives: `.tar.gz` files whose entries all sit in one
//! `NAME-VERSION/` folder.
//!
//! [`pack`] makes them deterministically (sorted entries, zero times and
//! owners, fixed modes), so the same files give the same checksum.
//! [`unpack`] and [`inspect`] check every entry before trusting it and
//! refuse, before writing anything outside a fresh directory: absolute
//! paths, `..`, entries outside the folder, links of any kind (the packer
//! never makes them), devices and fifos, duplicate entries, and archives
//! over the size and entry-count [`Limits`]. The decompressed stream is
//! itself counted, so a gzip bomb stops at the limit.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use semver::Version;
use tar::EntryType;

use crate::error::ArchiveProblem;
use crate::name::PackageName;
use crate::{Error, MANIFEST_NAME};

/// Size limits for archives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest compressed archive, in bytes.
    pub max_compressed: u64,
    /// The most bytes an archive may unpack to (file contents).
    pub max_unpacked: u64,
    /// The most entries (files and directories).
    pub max_entries: usize,
}

impl Default for Limits {
    /// 32 MiB compressed, 256 MiB unpacked, 20,000 entries.
    fn default() -> Limits {
        Limits {
            max_compressed: 32 << 20,
            max_unpacked: 256 << 20,
            max_entries: 20_000,
        }
    }
}

/// The folder every entry of a package's archive sits in: `NAME-VERSION`.
pub fn folder(name: &str, version: &Version) -> String {
    format!("{name}-{version}")
}

/// Packs the package in `dir` as `NAME-VERSION/...`. Skips hidden files
/// and folders (`.git`, ...), `target/` and `Seen.lock`; refuses links.
pub fn pack(dir: &Path, name: &PackageName, version: &Version) -> Result<Vec<u8>, Error> {
    let mut files = Vec::new();
    collect(dir, Path::new(""), &mut files, name)?;
    files.sort();
    let prefix = folder(name.as_str(), version);
    let encoder = GzEncoder::new(Vec::new(), Compression::default());
    let mut builder = tar::Builder::new(encoder);
    builder.mode(tar::HeaderMode::Deterministic);
    for (rel, executable) in files {
        let full = dir.join(&rel);
        let data = std::fs::read(&full).map_err(|e| Error::io("read", &full, e))?;
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(EntryType::Regular);
        header.set_size(data.len() as u64);
        header.set_mode(if executable { 0o755 } else { 0o644 });
        header.set_mtime(0);
        let entry_path = format!("{prefix}/{}", slash_path(&rel));
        builder
            .append_data(&mut header, &entry_path, data.as_slice())
            .map_err(|e| Error::io("pack", &full, e))?;
    }
    let encoder = builder
        .into_inner()
        .map_err(|e| Error::io("pack", dir, e))?;
    encoder.finish().map_err(|e| Error::io("pack", dir, e))
}

fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn collect(
    root: &Path,
    rel: &Path,
    out: &mut Vec<(PathBuf, bool)>,
    name: &PackageName,
) -> Result<(), Error> {
    let dir = root.join(rel);
    let entries = std::fs::read_dir(&dir).map_err(|e| Error::io("read", &dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read", &dir, e))?;
        let file_name = entry.file_name();
        let text = file_name.to_string_lossy();
        let at_root = rel.as_os_str().is_empty();
        if text.starts_with('.') || (at_root && (text == "target" || text == crate::LOCKFILE_NAME))
        {
            continue;
        }
        let child = rel.join(&file_name);
        let meta = std::fs::symlink_metadata(entry.path())
            .map_err(|e| Error::io("read", entry.path(), e))?;
        if meta.file_type().is_symlink() {
            let reason = format!(
                "`{}` is a link, and packages cannot contain links",
                child.display()
            );
            return Err(Error::NotPublishable {
                package: name.to_string(),
                reason,
            });
        }
        if meta.is_dir() {
            collect(root, &child, out, name)?;
        } else if meta.is_file() {
            out.push((child, is_executable(&meta)));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_: &std::fs::Metadata) -> bool {
    false
}

/// What [`inspect`] found in an archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspected {
    /// The folder all entries sit in (`NAME-VERSION`).
    pub folder: String,
    /// The text of `FOLDER/Seen.toml`.
    pub manifest: String,
    /// How many files it holds.
    pub files: usize,
    /// The total size of its files.
    pub unpacked: u64,
}

/// Checks every entry of an archive without writing anything, and returns
/// its manifest. `label` names the archive in errors.
pub fn inspect(bytes: &[u8], limits: Limits, label: &str) -> Result<Inspected, Error> {
    let mut manifest = None;
    let mut files = 0;
    let summary = walk(bytes, None, limits, label, |rel, reader| {
        files += 1;
        if rel == Path::new(MANIFEST_NAME) {
            let mut text = String::new();
            reader.take(1 << 20).read_to_string(&mut text)?;
            manifest = Some(text);
        } else {
            io::copy(reader, &mut io::sink())?;
        }
        Ok(())
    })?;
    let manifest = manifest.ok_or_else(|| {
        archive_error(
            label,
            ArchiveProblem::NoManifest {
                folder: summary.0.clone(),
            },
        )
    })?;
    Ok(Inspected {
        folder: summary.0,
        manifest,
        files,
        unpacked: summary.1,
    })
}

/// Unpacks an archive whose entries sit in `folder/` into `dest` (an
/// existing, empty directory), without the folder prefix. On error, `dest`
/// may hold part of the files: callers unpack into a temporary directory.
pub fn unpack(
    bytes: &[u8],
    folder: &str,
    dest: &Path,
    limits: Limits,
    label: &str,
) -> Result<(), Error> {
    let mut manifest_seen = false;
    walk(bytes, Some(folder), limits, label, |rel, reader| {
        manifest_seen |= rel == Path::new(MANIFEST_NAME);
        let target = dest.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)?;
        io::copy(reader, &mut file)?;
        file.flush()
    })
    .map_err(|e| match e {
        Error::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists => archive_error(
            label,
            ArchiveProblem::Malformed {
                reason: "an entry appears twice".into(),
            },
        ),
        other => other,
    })?;
    if !manifest_seen {
        return Err(archive_error(
            label,
            ArchiveProblem::NoManifest {
                folder: folder.to_string(),
            },
        ));
    }
    Ok(())
}

fn archive_error(label: &str, problem: ArchiveProblem) -> Error {
    Error::Archive {
        package: label.to_string(),
        problem,
    }
}

/// Visits each regular file as (path inside the folder, contents) after
/// checking every entry; returns the folder and the total file size.
fn walk(
    bytes: &[u8],
    folder: Option<&str>,
    limits: Limits,
    label: &str,
    mut visit: impl FnMut(&Path, &mut dyn Read) -> io::Result<()>,
) -> Result<(String, u64), Error> {
    let fail = |problem| archive_error(label, problem);
    if bytes.len() as u64 > limits.max_compressed {
        return Err(fail(ArchiveProblem::CompressedTooLarge {
            limit: limits.max_compressed,
        }));
    }
    let exceeded = Rc::new(Cell::new(false));
    // The tar stream also holds headers and padding: allow for them.
    let budget = limits
        .max_unpacked
        .saturating_add(1024 * (limits.max_entries as u64 + 2));
    let reader = Counted {
        inner: GzDecoder::new(bytes),
        left: budget,
        exceeded: exceeded.clone(),
    };
    let mut archive = tar::Archive::new(reader);
    let mut state = WalkState {
        folder: folder.map(str::to_string),
        total: 0,
        entries: 0,
    };
    let result = walk_entries(&mut archive, &mut state, limits, &mut visit);
    match result {
        Ok(()) => Ok((state.folder.unwrap_or_default(), state.total)),
        Err(_) if exceeded.get() => Err(fail(ArchiveProblem::TooLarge {
            limit: limits.max_unpacked,
        })),
        Err(WalkError::Problem(p)) => Err(fail(p)),
        Err(WalkError::Io(e)) => Err(fail(ArchiveProblem::Malformed {
            reason: e.to_string(),
        })),
        Err(WalkError::Write(e)) => Err(Error::io("unpack", label, e)),
    }
}

struct WalkState {
    folder: Option<String>,
    total: u64,
    entries: usize,
}

enum WalkError {
    Problem(ArchiveProblem),
    /// Reading the archive failed: it is malformed.
    Io(io::Error),
    /// Writing the unpacked files failed.
    Write(io::Error),
}

fn walk_entries<R: Read>(
    archive: &mut tar::Archive<R>,
    state: &mut WalkState,
    limits: Limits,
    visit: &mut dyn FnMut(&Path, &mut dyn Read) -> io::Result<()>,
) -> Result<(), WalkError> {
    for entry in archive.entries().map_err(WalkError::Io)? {
        let mut entry = entry.map_err(WalkError::Io)?;
        state.entries += 1;
        if state.entries > limits.max_entries {
            return Err(WalkError::Problem(ArchiveProblem::TooManyEntries {
                limit: limits.max_entries,
            }));
        }
        let raw_path = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = entry.header().entry_type();
        if kind.is_pax_global_extensions() {
            continue;
        }
        let rel = check_path(&raw_path, &mut state.folder).map_err(WalkError::Problem)?;
        match kind {
            EntryType::Regular | EntryType::Continuous => {
                state.total = state.total.saturating_add(entry.size());
                if state.total > limits.max_unpacked {
                    return Err(WalkError::Problem(ArchiveProblem::TooLarge {
                        limit: limits.max_unpacked,
                    }));
                }
                if rel.as_os_str().is_empty() {
                    return Err(WalkError::Problem(ArchiveProblem::SpecialFile {
                        path: raw_path,
                    }));
                }
                visit(&rel, &mut entry).map_err(classify)?;
            }
            EntryType::Directory => {}
            EntryType::Symlink | EntryType::Link => {
                return Err(WalkError::Problem(link_problem(
                    &entry, &rel, raw_path, state,
                )));
            }
            _ => {
                return Err(WalkError::Problem(ArchiveProblem::SpecialFile {
                    path: raw_path,
                }));
            }
        }
    }
    Ok(())
}

fn link_problem<R: Read>(
    entry: &tar::Entry<'_, R>,
    rel: &Path,
    path: String,
    state: &WalkState,
) -> ArchiveProblem {
    let target = entry
        .link_name_bytes()
        .map(|t| String::from_utf8_lossy(&t).into_owned())
        .unwrap_or_default();
    let hard = entry.header().entry_type() == EntryType::Link;
    let leaves = link_leaves(rel, &target, hard, state.folder.as_deref().unwrap_or(""));
    ArchiveProblem::Link {
        path,
        target,
        leaves,
    }
}

/// An error while visiting an entry is the archive's fault when reading it
/// failed, and the disk's when writing failed.
fn classify(e: io::Error) -> WalkError {
    match e.kind() {
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::InvalidData
        | io::ErrorKind::InvalidInput
        | io::ErrorKind::Other => WalkError::Io(e),
        _ => WalkError::Write(e),
    }
}

/// Checks an entry's path and returns it relative to the folder; the first
/// entry decides the folder when none is expected.
fn check_path(raw: &str, folder: &mut Option<String>) -> Result<PathBuf, ArchiveProblem> {
    let path = || raw.to_string();
    if raw.starts_with('/') || raw.starts_with('\\') || raw.as_bytes().get(1) == Some(&b':') {
        return Err(ArchiveProblem::AbsolutePath { path: path() });
    }
    let parts: Vec<&str> = raw
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.contains(&"..") {
        return Err(ArchiveProblem::ParentDir { path: path() });
    }
    let Some((first, rest)) = parts.split_first() else {
        return Err(ArchiveProblem::OutsideFolder {
            path: path(),
            folder: folder.clone().unwrap_or_default(),
        });
    };
    match folder {
        Some(f) if f != first => {
            return Err(ArchiveProblem::OutsideFolder {
                path: path(),
                folder: f.clone(),
            });
        }
        Some(_) => {}
        None => *folder = Some((*first).to_string()),
    }
    let rel: PathBuf = rest.iter().collect();
    debug_assert!(rel.components().all(|c| matches!(c, Component::Normal(_))));
    Ok(rel)
}

/// Whether a link entry points outside the package folder.
fn link_leaves(rel: &Path, target: &str, hard: bool, folder: &str) -> bool {
    if target.starts_with('/') || target.starts_with('\\') {
        return true;
    }
    // A hard link's target is an archive path; a symbolic link's is relative
    // to the link's own directory.
    let mut depth: Vec<String> = if hard {
        vec![]
    } else {
        rel.parent()
            .map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect())
            .unwrap_or_default()
    };
    let mut parts = target
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".");
    if hard && parts.next() != Some(folder) {
        return true;
    }
    for part in parts {
        if part == ".." {
            if depth.pop().is_none() {
                return true;
            }
        } else {
            depth.push(part.to_string());
        }
    }
    false
}

/// Counts decompressed bytes and fails once past the budget.
struct Counted<R> {
    inner: R,
    left: u64,
    exceeded: Rc<Cell<bool>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            self.exceeded.set(true);
            return Err(io::Error::other("archive exceeds the size limit"));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Reads a file into memory if it is no larger than `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let file = File::open(path).map_err(|e| Error::io("read", path, e))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("read", path, e))?;
    if bytes.len() as u64 > limit {
        let label = path.display().to_string();
        return Err(archive_error(
            &label,
            ArchiveProblem::CompressedTooLarge { limit },
        ));
    }
    Ok(bytes)
}
