//! `Seen.lock`: the exact graph, with every package's version, source and
//! checksum, written deterministically (same graph, same bytes).
//!
//! ```toml
//! # Seen.lock: written by `seen package`; do not edit by hand.
//! version = 1
//!
//! [[package]]
//! name = "app"
//! version = "0.1.0"
//! dependencies = ["json 1.2.0"]
//!
//! [[package]]
//! name = "json"
//! version = "1.2.0"
//! source = "registry+http://127.0.0.1:8000"
//! checksum = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
//! features = ["default"]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use semver::Version;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::resolve::Resolution;
use crate::{Error, LOCKFILE_NAME, codes};

/// The lock file format version this crate writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// A parsed lock file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lockfile {
    /// Every package, sorted by name, version and source.
    pub packages: Vec<LockedPackage>,
}

/// One package of a lock file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedPackage {
    /// Its name.
    pub name: String,
    /// Its exact version.
    pub version: Version,
    /// `registry+URL` or `path+DIR`; absent for the root.
    pub source: Option<String>,
    /// SHA-256 of the archive (registry packages).
    pub checksum: Option<String>,
    /// Features switched on.
    #[serde(default)]
    pub features: Vec<String>,
    /// Its dependencies, as `name version`.
    #[serde(default)]
    pub dependencies: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLock {
    version: u32,
    #[serde(default)]
    package: Vec<LockedPackage>,
}

impl Lockfile {
    /// The lock file of a resolution; path sources are written relative to
    /// `root_dir`.
    pub fn from_resolution(resolution: &Resolution, root_dir: &Path) -> Lockfile {
        let mut packages: Vec<LockedPackage> = resolution
            .packages
            .iter()
            .map(|p| {
                let mut dependencies: Vec<String> = p
                    .deps
                    .iter()
                    .map(|d| {
                        let s = &resolution.packages[d.package].summary;
                        format!("{} {}", s.name, s.version)
                    })
                    .collect();
                dependencies.sort();
                dependencies.dedup();
                LockedPackage {
                    name: p.summary.name.clone(),
                    version: p.summary.version.clone(),
                    source: p.summary.source.to_lock_string(root_dir),
                    checksum: p.summary.checksum.clone(),
                    features: p.features.iter().cloned().collect(),
                    dependencies,
                }
            })
            .collect();
        packages.sort();
        Lockfile { packages }
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "# {LOCKFILE_NAME}: written by `seen package`; do not edit by hand.\nversion = {FORMAT_VERSION}\n"
        );
        for p in &self.packages {
            out.push_str("\n[[package]]\n");
            out.push_str(&format!("name = {}\n", quote(&p.name)));
            out.push_str(&format!("version = {}\n", quote(&p.version.to_string())));
            if let Some(source) = &p.source {
                out.push_str(&format!("source = {}\n", quote(source)));
            }
            if let Some(sum) = &p.checksum {
                out.push_str(&format!("checksum = {}\n", quote(sum)));
            }
            for (key, list) in [("features", &p.features), ("dependencies", &p.dependencies)] {
                if !list.is_empty() {
                    let items: Vec<String> = list.iter().map(|s| quote(s)).collect();
                    out.push_str(&format!("{key} = [{}]\n", items.join(", ")));
                }
            }
        }
        out
    }

    /// Parses lock file text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Lockfile, Error> {
        let fail = |span: std::ops::Range<usize>, message: String| {
            let d = Diagnostic::new(codes::BAD_LOCKFILE, span, message)
                .help("delete `Seen.lock` and run `seen package update` to write a new one");
            Error::File(Box::new(FileDiagnostics {
                path: path.to_path_buf(),
                text: text.to_string(),
                diagnostics: vec![d],
            }))
        };
        let raw: RawLock = toml::from_str(text).map_err(|e| {
            fail(
                e.span().unwrap_or(0..0),
                e.message().trim().replace('\n', "; "),
            )
        })?;
        if raw.version != FORMAT_VERSION {
            return Err(fail(
                0..0,
                format!(
                    "lock file format {} is not supported (this seen reads {FORMAT_VERSION})",
                    raw.version
                ),
            ));
        }
        let mut packages = raw.package;
        packages.sort();
        Ok(Lockfile { packages })
    }

    /// Reads `dir/Seen.lock` if it exists; returns it with its text.
    pub fn load(dir: &Path) -> Result<Option<(Lockfile, String)>, Error> {
        let path = dir.join(LOCKFILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some((Lockfile::parse(&text, &path)?, text))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io("read", path, e)),
        }
    }

    /// The locked versions of each package (all but the root), for the
    /// resolver to try first; packages for which `unlock` is true are left
    /// out (`seen package update NAME`).
    pub fn preferred(&self, unlock: impl Fn(&str) -> bool) -> HashMap<String, Vec<Version>> {
        let mut out: HashMap<String, Vec<Version>> = HashMap::new();
        for p in self
            .packages
            .iter()
            .filter(|p| p.source.is_some() && !unlock(&p.name))
        {
            out.entry(p.name.clone())
                .or_default()
                .push(p.version.clone());
        }
        out
    }

    /// The locked package with this name, version and source.
    pub fn find(
        &self,
        name: &str,
        version: &Version,
        source: Option<&str>,
    ) -> Option<&LockedPackage> {
        self.packages
            .iter()
            .find(|p| p.name == name && &p.version == version && p.source.as_deref() == source)
    }

    /// The registry every registry package was locked from, if there is
    /// exactly one.
    pub fn registry(&self) -> Option<&str> {
        let mut urls = self
            .packages
            .iter()
            .filter_map(|p| p.source.as_deref()?.strip_prefix("registry+"));
        let first = urls.next()?;
        urls.all(|u| u == first).then_some(first)
    }

    /// What changes from `self` to `new`, one line each: `adding json
    /// 1.2.0`, `updating json 1.2.0 -> 1.3.0`, `removing utf8 0.3.4`.
    pub fn changes_to(&self, new: &Lockfile) -> Vec<String> {
        let index = |l: &Lockfile| {
            let mut m: BTreeMap<String, Vec<Version>> = BTreeMap::new();
            for p in &l.packages {
                m.entry(p.name.clone()).or_default().push(p.version.clone());
            }
            m
        };
        let (old, new_map) = (index(self), index(new));
        let mut out = Vec::new();
        for (name, versions) in &new_map {
            match old.get(name) {
                None => out.extend(versions.iter().map(|v| format!("adding {name} {v}"))),
                Some(before) if before != versions => {
                    out.push(format!(
                        "updating {name} {} -> {}",
                        join(before),
                        join(versions)
                    ));
                }
                Some(_) => {}
            }
        }
        for (name, versions) in &old {
            if !new_map.contains_key(name) {
                out.extend(versions.iter().map(|v| format!("removing {name} {v}")));
            }
        }
        if out.is_empty() && self != new {
            out.push("sources, checksums, features or dependencies change".to_string());
        }
        out
    }
}

fn join(versions: &[Version]) -> String {
    versions
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(name: &str, version: &str, source: Option<&str>) -> LockedPackage {
        LockedPackage {
            name: name.into(),
            version: Version::parse(version).unwrap(),
            source: source.map(Into::into),
            checksum: source.map(|_| "a".repeat(64)),
            features: vec!["default".into()],
            dependencies: vec![],
        }
    }

    #[test]
    fn text_round_trips() {
        let lock = Lockfile {
            packages: vec![
                pkg("app", "0.1.0", None),
                pkg("json", "1.2.0", Some("registry+http://h:1")),
            ],
        };
        let text = lock.to_text();
        assert_eq!(
            Lockfile::parse(&text, Path::new("Seen.lock")).unwrap(),
            lock
        );
        assert_eq!(lock.registry(), Some("http://h:1"));
    }

    #[test]
    fn changes_are_listed() {
        let old = Lockfile {
            packages: vec![
                pkg("a", "1.0.0", Some("registry+x")),
                pkg("b", "1.0.0", Some("registry+x")),
            ],
        };
        let new = Lockfile {
            packages: vec![
                pkg("a", "1.1.0", Some("registry+x")),
                pkg("c", "0.1.0", Some("registry+x")),
            ],
        };
        assert_eq!(
            old.changes_to(&new),
            [
                "updating a 1.0.0 -> 1.1.0",
                "adding c 0.1.0",
                "removing b 1.0.0"
            ]
        );
    }

    #[test]
    fn bad_lock_files_are_positioned_errors() {
        let err = Lockfile::parse(
            "version = 1\n[[package]]\nname = 3\n",
            Path::new("Seen.lock"),
        )
        .unwrap_err();
        assert_eq!(err.code(), codes::BAD_LOCKFILE);
        let err = Lockfile::parse("version = 9\n", Path::new("Seen.lock")).unwrap_err();
        assert!(err.to_string().contains("format 9"), "{err}");
    }
}
