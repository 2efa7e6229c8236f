//! The registry's sparse index: one small file per package, one JSON
//! object per line, one line per published version, oldest first.
//!
//! ```text
//! {"name":"json","vers":"1.2.0","deps":[{"name":"utf8","req":"^0.3","features":[],"optional":false,"default_features":true,"kind":"normal","target":null}],"features":{"default":["std"],"std":[]},"cksum":"9f86d0...","yanked":false,"description":"JSON for Seen"}
//! ```
//!
//! A resolver needs nothing else: versions, dependencies, features and the
//! archive's checksum are all on the line.

use std::collections::BTreeMap;

use semver::{Version, VersionReq};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::checksum::is_checksum;
use crate::manifest::{DepKind, Manifest};

/// One published version of a package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// The package's name.
    pub name: String,
    /// The version.
    pub vers: Version,
    /// Its dependencies (dev-dependencies included, marked by `kind`).
    pub deps: Vec<IndexDep>,
    /// Its features.
    pub features: BTreeMap<String, Vec<String>>,
    /// SHA-256 of the `.tar.gz` archive, lowercase hex.
    pub cksum: String,
    /// Whether it is yanked (kept for lock files, never chosen afresh).
    #[serde(default)]
    pub yanked: bool,
    /// The manifest's description, for search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One dependency of a published version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexDep {
    /// The package depended on.
    pub name: String,
    /// The requirement.
    pub req: VersionReq,
    /// Features enabled in it.
    #[serde(default)]
    pub features: Vec<String>,
    /// Whether only a feature enables it.
    #[serde(default)]
    pub optional: bool,
    /// Whether its `default` feature is enabled.
    #[serde(default = "yes")]
    pub default_features: bool,
    /// Which table it was declared in.
    #[serde(default = "normal")]
    pub kind: DepKind,
    /// The `[targets.NAME]` it was declared under.
    #[serde(default)]
    pub target: Option<String>,
}

fn yes() -> bool {
    true
}

fn normal() -> DepKind {
    DepKind::Normal
}

impl IndexEntry {
    /// The index line of a manifest about to be published, whose archive
    /// has checksum `cksum`. Fails for a dependency with only a `path`.
    pub fn from_manifest(manifest: &Manifest, cksum: String) -> Result<IndexEntry, Error> {
        let mut deps = Vec::new();
        for d in &manifest.dependencies {
            if d.path.is_some() && d.req == VersionReq::STAR && d.kind != DepKind::Dev {
                return Err(Error::NotPublishable {
                    package: manifest.package.name.to_string(),
                    reason: format!(
                        "dependency `{}` has only a `path`; give it a `version` too",
                        d.name
                    ),
                });
            }
            if d.path.is_some() && d.kind == DepKind::Dev && d.req == VersionReq::STAR {
                // A path-only dev-dependency only matters on the author's
                // machine; a published package drops it, as Cargo does.
                continue;
            }
            deps.push(IndexDep {
                name: d.name.to_string(),
                req: d.req.clone(),
                features: d.features.clone(),
                optional: d.optional,
                default_features: d.default_features,
                kind: d.kind,
                target: d.target.clone(),
            });
        }
        let features = manifest
            .features
            .iter()
            .map(|(k, v)| (k.clone(), v.iter().map(ToString::to_string).collect()))
            .collect();
        Ok(IndexEntry {
            name: manifest.package.name.to_string(),
            vers: manifest.package.version.clone(),
            deps,
            features,
            cksum,
            yanked: false,
            description: manifest.package.description.clone(),
        })
    }

    /// The line as stored (no newline).
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).expect("an index entry always serialises to JSON")
    }
}

/// Parses an index file; `package` names it in errors. Every line must be
/// an entry for `package` with a valid checksum.
///
/// ```
/// let line = r#"{"name":"a","vers":"1.0.0","deps":[],"features":{},"cksum":"0000000000000000000000000000000000000000000000000000000000000000"}"#;
/// let entries = seen_pkg::index::parse_file("a", line).unwrap();
/// assert_eq!(entries[0].vers.to_string(), "1.0.0");
/// assert!(seen_pkg::index::parse_file("b", line).is_err());
/// ```
pub fn parse_file(package: &str, text: &str) -> Result<Vec<IndexEntry>, Error> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| Error::BadIndex {
            package: package.to_string(),
            line: i + 1,
            reason,
        };
        let entry: IndexEntry = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        if entry.name != package {
            return Err(bad(format!("the line is about `{}`", entry.name)));
        }
        if !is_checksum(&entry.cksum) {
            return Err(bad(format!("`{}` is not a SHA-256 checksum", entry.cksum)));
        }
        out.push(entry);
    }
    Ok(out)
}

/// Serialises entries as an index file (one line each, newline-terminated).
pub fn to_file(entries: &[IndexEntry]) -> String {
    entries.iter().map(|e| e.to_line() + "\n").collect()
}
