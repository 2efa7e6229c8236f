//! `Seen.toml`: the manifest's model, reading it with positioned
//! diagnostics ([`Manifest::parse`]) and editing it while keeping the user's
//! formatting and comments ([`edit`]).
//!
//! ```toml
//! [package]
//! name = "seen-gpu"          # imported as `seen_gpu`
//! version = "0.3.1"
//! authors = ["Ada <ada@example.com>"]
//! description = "GPU kernels"
//! license = "MIT"
//! language = "en"            # the keyword pack the sources use
//! edition = "2025"
//! no_std = false
//!
//! [dependencies]
//! vec-math = "1.2"                                   # ^1.2
//! shader = { version = "0.4", features = ["spirv"], default-features = false }
//! local = { path = "../local" }
//! fast-fft = { version = "2", optional = true }
//!
//! [dev-dependencies]
//! bench-kit = "0.1"
//!
//! [build-dependencies]
//! codegen-helper = "1"
//!
//! [features]
//! default = ["fft"]
//! fft = ["dep:fast-fft", "shader/fast"]
//!
//! [targets.riscv64]
//! no_std = true
//! [targets.riscv64.dependencies]
//! riscv-rt = "0.8"
//! ```

pub mod edit;
mod parse;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use semver::{Version, VersionReq};

use crate::name::PackageName;
use crate::{Error, MANIFEST_NAME};

/// A parsed, validated `Seen.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The `[package]` section.
    pub package: PackageInfo,
    /// Every dependency: normal, dev and build, for all targets.
    pub dependencies: Vec<Dependency>,
    /// `[features]`: each feature and what it enables.
    pub features: BTreeMap<String, Vec<FeatureValue>>,
    /// `[targets.NAME]` settings (their dependencies are in `dependencies`).
    pub targets: BTreeMap<String, TargetSettings>,
}

/// The `[package]` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageInfo {
    /// The package's name.
    pub name: PackageName,
    /// Its version.
    pub version: Version,
    /// Who wrote it.
    pub authors: Vec<String>,
    /// One sentence about it (shown by `seen package search`).
    pub description: Option<String>,
    /// An SPDX licence expression.
    pub license: Option<String>,
    /// The keyword pack its sources are written in (`en`, `ar`, ...).
    pub language: Option<String>,
    /// The language edition.
    pub edition: Option<String>,
    /// Whether it builds without the standard library.
    pub no_std: bool,
}

/// Which table a dependency is declared in.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DepKind {
    /// `[dependencies]`
    Normal,
    /// `[dev-dependencies]`: only for the root package's tests and examples.
    Dev,
    /// `[build-dependencies]`
    Build,
}

impl DepKind {
    /// The manifest table's name: `dependencies`, `dev-dependencies`, ...
    pub fn table(self) -> &'static str {
        match self {
            DepKind::Normal => "dependencies",
            DepKind::Dev => "dev-dependencies",
            DepKind::Build => "build-dependencies",
        }
    }
}

/// One dependency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// The package depended on.
    pub name: PackageName,
    /// Its version requirement (`*` for a path dependency without `version`).
    pub req: VersionReq,
    /// For a path dependency: the directory, as written (relative to the manifest).
    pub path: Option<PathBuf>,
    /// Features to enable in it.
    pub features: Vec<String>,
    /// Whether its `default` feature is enabled.
    pub default_features: bool,
    /// Whether only a feature of this package enables it.
    pub optional: bool,
    /// The table it is declared in.
    pub kind: DepKind,
    /// `Some(target)` when declared under `[targets.TARGET]`.
    pub target: Option<String>,
}

/// One entry of a feature's list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeatureValue {
    /// Another feature of the same package (or an optional dependency's
    /// implicit feature).
    Feature(String),
    /// `dep:NAME`: an optional dependency.
    Dep(String),
    /// `NAME/FEATURE`: a feature of a dependency (enabling it if optional).
    DepFeature {
        /// The dependency.
        dep: String,
        /// Its feature.
        feature: String,
    },
}

impl FeatureValue {
    /// Reads `feat`, `dep:name` or `name/feat`; `None` if malformed.
    ///
    /// ```
    /// use seen_pkg::manifest::FeatureValue;
    /// assert_eq!(FeatureValue::parse("dep:fft"), Some(FeatureValue::Dep("fft".into())));
    /// assert_eq!(FeatureValue::parse("a/b").map(|f| f.to_string()), Some("a/b".into()));
    /// assert_eq!(FeatureValue::parse("a/"), None);
    /// ```
    pub fn parse(text: &str) -> Option<FeatureValue> {
        if let Some(dep) = text.strip_prefix("dep:") {
            return is_feature_name(dep).then(|| FeatureValue::Dep(dep.to_string()));
        }
        if let Some((dep, feature)) = text.split_once('/') {
            let ok = is_feature_name(dep) && is_feature_name(feature);
            return ok.then(|| FeatureValue::DepFeature {
                dep: dep.to_string(),
                feature: feature.to_string(),
            });
        }
        is_feature_name(text).then(|| FeatureValue::Feature(text.to_string()))
    }
}

impl fmt::Display for FeatureValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeatureValue::Feature(name) => f.write_str(name),
            FeatureValue::Dep(name) => write!(f, "dep:{name}"),
            FeatureValue::DepFeature { dep, feature } => write!(f, "{dep}/{feature}"),
        }
    }
}

/// Whether `name` can name a feature: ASCII letters, digits, `-`, `_`, `+`, `.`.
pub fn is_feature_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
}

/// Settings of one `[targets.NAME]` section besides its dependencies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetSettings {
    /// Overrides `[package] no_std` for this target.
    pub no_std: Option<bool>,
}

impl Manifest {
    /// Parses and validates manifest text; `path` is only used in messages.
    /// Every problem found is reported, each with its byte span.
    pub fn parse(text: &str, path: &Path) -> Result<Manifest, Error> {
        parse::parse(text, path)
    }

    /// Reads `dir/Seen.toml`; returns the manifest and its text.
    pub fn load(dir: &Path) -> Result<(Manifest, String), Error> {
        let path = if dir == Path::new(".") {
            PathBuf::from(MANIFEST_NAME)
        } else {
            dir.join(MANIFEST_NAME)
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NoManifest {
                    dir: dir.to_path_buf(),
                });
            }
            Err(e) => return Err(Error::io("read", path, e)),
        };
        Ok((Manifest::parse(&text, &path)?, text))
    }

    /// The dependencies that apply to `target` (`None`: every target),
    /// without dev-dependencies unless `dev`.
    pub fn dependencies_for<'a>(
        &'a self,
        target: Option<&'a str>,
        dev: bool,
    ) -> impl Iterator<Item = &'a Dependency> {
        self.dependencies.iter().filter(move |d| {
            (dev || d.kind != DepKind::Dev)
                && (target.is_none() || d.target.is_none() || d.target.as_deref() == target)
        })
    }
}
