//! Archive safety: every attack is refused before anything is written
//! outside a fresh directory, and a checksum mismatch keeps the archive out
//! of the cache.

use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use seen_pkg::archive::{self, Limits};
use seen_pkg::cache::Cache;
use seen_pkg::checksum::sha256_hex;
use seen_pkg::progress::Silent;
use seen_pkg::{ArchiveProblem, Error, PackageName};
use tar::{EntryType, Header};

/// One raw entry: written without the checks `tar::Builder` makes, as an
/// attacker would.
struct Raw<'a> {
    path: &'a str,
    kind: EntryType,
    data: &'a [u8],
    link: Option<&'a str>,
}

fn file<'a>(path: &'a str, data: &'a [u8]) -> Raw<'a> {
    Raw {
        path,
        kind: EntryType::Regular,
        data,
        link: None,
    }
}

fn raw_archive(entries: &[Raw<'_>]) -> Vec<u8> {
    let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
    for e in entries {
        let mut header = Header::new_gnu();
        let name = &mut header.as_old_mut().name;
        name[..e.path.len()].copy_from_slice(e.path.as_bytes());
        if let Some(link) = e.link {
            header.as_old_mut().linkname[..link.len()].copy_from_slice(link.as_bytes());
        }
        header.set_entry_type(e.kind);
        header.set_size(e.data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append(&header, e.data).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

const MANIFEST: &[u8] = b"[package]\nname = \"pkg\"\nversion = \"1.0.0\"\n";

/// Unpacks into `ROOT/a/b/dest`; returns the problem and checks that
/// nothing appeared anywhere under ROOT but inside dest.
fn refused(bytes: &[u8], limits: Limits) -> ArchiveProblem {
    let root = tempfile::tempdir().unwrap();
    let dest = root.path().join("a/b/dest");
    std::fs::create_dir_all(&dest).unwrap();
    let err = archive::unpack(bytes, "pkg-1.0.0", &dest, limits, "pkg 1.0.0").unwrap_err();
    let outside: Vec<_> = walk(root.path())
        .into_iter()
        .filter(|p| !p.starts_with(&dest) && !dest.starts_with(p))
        .collect();
    assert!(outside.is_empty(), "files written outside: {outside:?}");
    match err {
        Error::Archive { problem, .. } => problem,
        other => panic!("expected an archive error, got {other}"),
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

#[test]
fn absolute_paths_are_refused() {
    let bytes = raw_archive(&[
        file("pkg-1.0.0/Seen.toml", MANIFEST),
        file("/tmp/seen-evil", b"x"),
    ]);
    assert_eq!(
        refused(&bytes, Limits::default()),
        ArchiveProblem::AbsolutePath {
            path: "/tmp/seen-evil".into()
        }
    );
}

#[test]
fn parent_components_are_refused() {
    let bytes = raw_archive(&[
        file("pkg-1.0.0/Seen.toml", MANIFEST),
        file("pkg-1.0.0/../../../evil", b"x"),
    ]);
    assert_eq!(
        refused(&bytes, Limits::default()),
        ArchiveProblem::ParentDir {
            path: "pkg-1.0.0/../../../evil".into()
        }
    );
}

#[test]
fn entries_outside_the_folder_are_refused() {
    let bytes = raw_archive(&[
        file("pkg-1.0.0/Seen.toml", MANIFEST),
        file("other-1.0.0/x", b"x"),
    ]);
    assert_eq!(
        refused(&bytes, Limits::default()),
        ArchiveProblem::OutsideFolder {
            path: "other-1.0.0/x".into(),
            folder: "pkg-1.0.0".into()
        }
    );
}

#[test]
fn links_that_leave_the_folder_are_refused() {
    let link = |path, kind, target| Raw {
        path,
        kind,
        data: b"",
        link: Some(target),
    };
    let cases = [
        (
            link("pkg-1.0.0/src/up", EntryType::Symlink, "../../.."),
            true,
        ),
        (link("pkg-1.0.0/abs", EntryType::Symlink, "/etc"), true),
        (link("pkg-1.0.0/hard", EntryType::Link, "/etc/passwd"), true),
        (link("pkg-1.0.0/hard2", EntryType::Link, "other/file"), true),
        // Links that stay inside are refused too: packages never contain links.
        (
            link("pkg-1.0.0/src/inside", EntryType::Symlink, "../Seen.toml"),
            false,
        ),
    ];
    for (entry, leaves) in cases {
        let target = entry.link.unwrap().to_string();
        let path = entry.path.to_string();
        let bytes = raw_archive(&[file("pkg-1.0.0/Seen.toml", MANIFEST), entry]);
        assert_eq!(
            refused(&bytes, Limits::default()),
            ArchiveProblem::Link {
                path,
                target,
                leaves
            }
        );
    }
}

#[test]
fn special_files_are_refused() {
    let bytes = raw_archive(&[
        file("pkg-1.0.0/Seen.toml", MANIFEST),
        Raw {
            path: "pkg-1.0.0/dev",
            kind: EntryType::Char,
            data: b"",
            link: None,
        },
    ]);
    assert_eq!(
        refused(&bytes, Limits::default()),
        ArchiveProblem::SpecialFile {
            path: "pkg-1.0.0/dev".into()
        }
    );
}

#[test]
fn oversized_archives_are_refused() {
    let big = vec![0u8; 4 << 20];
    let bytes = raw_archive(&[
        file("pkg-1.0.0/Seen.toml", MANIFEST),
        file("pkg-1.0.0/zeros", &big),
    ]);
    // Four megabytes of zeros compress to a few kilobytes: the unpacked
    // size is what is limited.
    assert!(bytes.len() < 64 << 10);
    let limits = Limits {
        max_unpacked: 1 << 20,
        ..Limits::default()
    };
    assert_eq!(
        refused(&bytes, limits),
        ArchiveProblem::TooLarge { limit: 1 << 20 }
    );
    let limits = Limits {
        max_compressed: 100,
        ..Limits::default()
    };
    assert_eq!(
        refused(&bytes, limits),
        ArchiveProblem::CompressedTooLarge { limit: 100 }
    );
    let many: Vec<String> = (0..20).map(|i| format!("pkg-1.0.0/f{i}")).collect();
    let mut entries = vec![file("pkg-1.0.0/Seen.toml", MANIFEST)];
    entries.extend(many.iter().map(|p| file(p, b"x")));
    let limits = Limits {
        max_entries: 10,
        ..Limits::default()
    };
    assert_eq!(
        refused(&raw_archive(&entries), limits),
        ArchiveProblem::TooManyEntries { limit: 10 }
    );
}

#[test]
fn huge_extension_headers_are_caught_by_the_stream_count() {
    // A GNU long-name header is not an entry and not a file, but the tar
    // reader loads it into memory: the counted stream stops it.
    let long_name = vec![b'a'; 3 << 20];
    let bytes = raw_archive(&[
        Raw {
            path: "././@LongLink",
            kind: EntryType::GNULongName,
            data: &long_name,
            link: None,
        },
        file("pkg-1.0.0/Seen.toml", MANIFEST),
    ]);
    let limits = Limits {
        max_unpacked: 1 << 20,
        max_entries: 10,
        ..Limits::default()
    };
    assert_eq!(
        refused(&bytes, limits),
        ArchiveProblem::TooLarge { limit: 1 << 20 }
    );
}

#[test]
fn duplicate_entries_are_refused() {
    let bytes = raw_archive(&[
        file("pkg-1.0.0/Seen.toml", MANIFEST),
        file("pkg-1.0.0/Seen.toml", b"[package]\n"),
    ]);
    assert!(matches!(
        refused(&bytes, Limits::default()),
        ArchiveProblem::Malformed { .. }
    ));
}

#[test]
fn garbage_is_refused() {
    assert!(matches!(
        refused(b"definitely not gzip", Limits::default()),
        ArchiveProblem::Malformed { .. }
    ));
}

#[test]
fn packing_is_deterministic_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src/deep")).unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("Seen.toml"), MANIFEST).unwrap();
    std::fs::write(dir.path().join("src/main.seen"), "fun main() {}\n").unwrap();
    std::fs::write(dir.path().join("src/deep/x.seen"), "").unwrap();
    std::fs::write(dir.path().join(".git/HEAD"), "secret").unwrap();
    std::fs::write(dir.path().join("Seen.lock"), "version = 1\n").unwrap();
    let name = PackageName::new("pkg").unwrap();
    let version = semver::Version::new(1, 0, 0);
    let first = archive::pack(dir.path(), &name, &version).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(dir.path().join("src/main.seen"), "fun main() {}\n").unwrap();
    assert_eq!(
        first,
        archive::pack(dir.path(), &name, &version).unwrap(),
        "same files, same bytes"
    );
    let out = tempfile::tempdir().unwrap();
    archive::unpack(&first, "pkg-1.0.0", out.path(), Limits::default(), "pkg").unwrap();
    let mut files: Vec<String> = walk(out.path())
        .iter()
        .filter(|p| p.is_file())
        .map(|p| p.strip_prefix(out.path()).unwrap().display().to_string())
        .collect();
    files.sort();
    assert_eq!(files, ["Seen.toml", "src/deep/x.seen", "src/main.seen"]);
}

#[test]
fn packing_refuses_links() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Seen.toml"), MANIFEST).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("passwd")).unwrap();
    let err = archive::pack(
        dir.path(),
        &PackageName::new("pkg").unwrap(),
        &semver::Version::new(1, 0, 0),
    )
    .unwrap_err();
    assert!(matches!(err, Error::NotPublishable { .. }), "{err}");
}

fn cache_files(cache: &Cache) -> Vec<String> {
    let mut files: Vec<String> = walk(cache.root())
        .iter()
        .map(|p| p.strip_prefix(cache.root()).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn a_checksum_mismatch_leaves_the_cache_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path().join("cache")).unwrap();
    let before = cache_files(&cache);
    let good = raw_archive(&[file("pkg-1.0.0/Seen.toml", MANIFEST)]);
    let evil = raw_archive(&[file(
        "pkg-1.0.0/Seen.toml",
        b"[package]\nname = \"pkg\"\nversion = \"1.0.0\"\n# evil\n",
    )]);
    let version = semver::Version::new(1, 0, 0);
    let err = cache
        .ensure_source(
            ("pkg", &version),
            &sha256_hex(&good),
            "Seen.lock",
            Limits::default(),
            &Silent,
            || Ok(evil.clone()),
        )
        .unwrap_err();
    match err {
        Error::Checksum {
            expected,
            found,
            expected_from,
            ..
        } => {
            assert_eq!(
                (expected, found, expected_from),
                (sha256_hex(&good), sha256_hex(&evil), "Seen.lock")
            );
        }
        other => panic!("expected a checksum error, got {other}"),
    }
    assert_eq!(cache_files(&cache), before);
    // The right bytes are accepted, stored and unpacked; a second call
    // needs no download.
    let (src, downloaded) = cache
        .ensure_source(
            ("pkg", &version),
            &sha256_hex(&good),
            "Seen.lock",
            Limits::default(),
            &Silent,
            || Ok(good.clone()),
        )
        .unwrap();
    assert!(downloaded && src.join("Seen.toml").is_file());
    let (again, downloaded) = cache
        .ensure_source(
            ("pkg", &version),
            &sha256_hex(&good),
            "Seen.lock",
            Limits::default(),
            &Silent,
            || panic!("no download"),
        )
        .unwrap();
    assert_eq!((again, downloaded), (src, false));
}

#[test]
fn an_unsafe_archive_with_the_right_checksum_is_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path().join("cache")).unwrap();
    let evil = raw_archive(&[
        file("pkg-1.0.0/Seen.toml", MANIFEST),
        file("pkg-1.0.0/../../escape", b"x"),
    ]);
    let version = semver::Version::new(1, 0, 0);
    let err = cache
        .ensure_source(
            ("pkg", &version),
            &sha256_hex(&evil),
            "Seen.lock",
            Limits::default(),
            &Silent,
            || Ok(evil.clone()),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Archive {
                problem: ArchiveProblem::ParentDir { .. },
                ..
            }
        ),
        "{err}"
    );
    assert!(!cache.source_dir(&sha256_hex(&evil)).exists());
    assert!(!dir.path().join("escape").exists() && !dir.path().join("cache/escape").exists());
}

#[test]
fn concurrent_installs_share_the_cache() {
    // Each thread opens the lock file itself, as another process would, so
    // the file lock serialises them: one downloads, the others find the
    // entry in place.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("cache");
    let archive = raw_archive(&[
        file("pkg-1.0.0/Seen.toml", MANIFEST),
        file("pkg-1.0.0/src/lib.seen", b"fun f() {}\n"),
    ]);
    let sum = sha256_hex(&archive);
    let downloads = std::sync::atomic::AtomicUsize::new(0);
    let version = semver::Version::new(1, 0, 0);
    let dirs: Vec<std::path::PathBuf> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    let cache = Cache::open(&root).unwrap();
                    let fetch = || {
                        downloads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        Ok(archive.clone())
                    };
                    cache
                        .ensure_source(
                            ("pkg", &version),
                            &sum,
                            "Seen.lock",
                            Limits::default(),
                            &Silent,
                            fetch,
                        )
                        .unwrap()
                        .0
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(downloads.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert!(dirs.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(
        std::fs::read_to_string(dirs[0].join("src/lib.seen")).unwrap(),
        "fun f() {}\n"
    );
    let leftovers: Vec<_> = walk(&root)
        .into_iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
