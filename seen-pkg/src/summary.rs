//! A package version as the resolver sees it: name, version, dependencies
//! (with their requirements already turned into version sets), features,
//! checksum and source, whether it came from a manifest or an index line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use semver::{Version, VersionReq};

use crate::Error;
use crate::index::IndexEntry;
use crate::manifest::{DepKind, FeatureValue, Manifest};
use crate::source::{RegistryUrl, Source, normalize};
use crate::version::{VersionSet, req_to_set};

/// One version of one package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The package's name.
    pub name: String,
    /// The version.
    pub version: Version,
    /// Its dependencies.
    pub deps: Vec<SummaryDep>,
    /// Its features.
    pub features: BTreeMap<String, Vec<FeatureValue>>,
    /// The archive's SHA-256 (registry packages only).
    pub checksum: Option<String>,
    /// Whether the registry yanked it.
    pub yanked: bool,
    /// Where it comes from.
    pub source: Source,
}

/// One dependency of a [`Summary`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryDep {
    /// The package depended on.
    pub name: String,
    /// The requirement as written.
    pub req: VersionReq,
    /// The requirement as a version set.
    pub set: VersionSet,
    /// Features enabled in it.
    pub features: Vec<String>,
    /// Whether only a feature enables it.
    pub optional: bool,
    /// Whether its `default` feature is enabled.
    pub default_features: bool,
    /// The table it was declared in.
    pub kind: DepKind,
    /// The `[targets.NAME]` it was declared under.
    pub target: Option<String>,
    /// For a path dependency, its directory (absolute).
    pub path: Option<PathBuf>,
}

impl Summary {
    /// The summary of a package on disk; `dir` is its directory (absolute).
    pub fn from_manifest(manifest: &Manifest, dir: &Path, source: Source) -> Summary {
        let deps = manifest
            .dependencies
            .iter()
            .map(|d| SummaryDep {
                name: d.name.to_string(),
                req: d.req.clone(),
                set: req_to_set(&d.req),
                features: d.features.clone(),
                optional: d.optional,
                default_features: d.default_features,
                kind: d.kind,
                target: d.target.clone(),
                path: d.path.as_ref().map(|p| normalize(&dir.join(p))),
            })
            .collect();
        Summary {
            name: manifest.package.name.to_string(),
            version: manifest.package.version.clone(),
            deps,
            features: manifest.features.clone(),
            checksum: None,
            yanked: false,
            source,
        }
    }

    /// The summary of an index line from `registry`.
    pub fn from_index(entry: &IndexEntry, registry: &RegistryUrl) -> Result<Summary, Error> {
        let mut features = BTreeMap::new();
        for (name, values) in &entry.features {
            let mut parsed = Vec::with_capacity(values.len());
            for v in values {
                let value = FeatureValue::parse(v).ok_or_else(|| Error::BadIndex {
                    package: entry.name.clone(),
                    line: 0,
                    reason: format!("version {} has an invalid feature entry `{v}`", entry.vers),
                })?;
                parsed.push(value);
            }
            features.insert(name.clone(), parsed);
        }
        let deps = entry
            .deps
            .iter()
            .map(|d| SummaryDep {
                name: d.name.clone(),
                req: d.req.clone(),
                set: req_to_set(&d.req),
                features: d.features.clone(),
                optional: d.optional,
                default_features: d.default_features,
                kind: d.kind,
                target: d.target.clone(),
                path: None,
            })
            .collect();
        Ok(Summary {
            name: entry.name.clone(),
            version: entry.vers.clone(),
            deps,
            features,
            checksum: Some(entry.cksum.clone()),
            yanked: entry.yanked,
            source: Source::Registry(registry.clone()),
        })
    }

    /// The dependencies a feature turns on, following features that enable
    /// other features; `enabled` lists the features switched on. Returns
    /// the names of the optional dependencies enabled.
    pub fn optional_deps_enabled<'a>(
        &'a self,
        enabled: impl IntoIterator<Item = &'a str>,
    ) -> Vec<&'a str> {
        let mut seen: Vec<&str> = Vec::new();
        let mut stack: Vec<&str> = enabled.into_iter().collect();
        let mut deps = Vec::new();
        while let Some(f) = stack.pop() {
            if seen.contains(&f) {
                continue;
            }
            seen.push(f);
            match self.features.get(f) {
                Some(values) => {
                    for v in values {
                        match v {
                            FeatureValue::Feature(g) => stack.push(g),
                            FeatureValue::Dep(d) | FeatureValue::DepFeature { dep: d, .. } => {
                                deps.push(d.as_str())
                            }
                        }
                    }
                }
                None if self.is_implicit_feature(f) => deps.push(f),
                None => {}
            }
        }
        deps.sort_unstable();
        deps.dedup();
        deps
    }

    /// Whether `name` is the implicit feature of an optional dependency:
    /// declared optional, not a feature, and never named as `dep:NAME`.
    pub fn is_implicit_feature(&self, name: &str) -> bool {
        !self.features.contains_key(name)
            && self.deps.iter().any(|d| d.optional && d.name == name)
            && !self
                .features
                .values()
                .flatten()
                .any(|v| matches!(v, FeatureValue::Dep(d) if d == name))
    }
}
