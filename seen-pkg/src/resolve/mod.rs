//! Dependency resolution with PubGrub.
//!
//! Each package is split by compatibility line ([`Line`]): `foo 1.x` and
//! `foo 2.x` are different PubGrub packages, so a build holds at most one
//! version per package and major line (two lines can coexist, each
//! dependent seeing its own). Features are PubGrub packages too, `foo[x]`,
//! whose version `v` depends on `foo == v` and on what feature `x` turns
//! on, which unifies features across dependents as uv does with extras.
//! Dev-dependencies count only for the root. Pre-releases are candidates
//! only for a package some requirement names a pre-release of. Locked
//! versions are tried first, so re-resolving changes nothing needlessly;
//! yanked versions are chosen only when locked.
//!
//! When there is no solution, [`report`] explains PubGrub's derivation in
//! sentences ("Because ... we can conclude that ...").
//!
//! ```
//! use seen_pkg::resolve::{MemoryIndex, Request, resolve};
//! let mut index = MemoryIndex::new();
//! index.add("json", "1.2.0", &[("utf8", "^0.3")]);
//! index.add("utf8", "0.3.4", &[]);
//! let root = MemoryIndex::summary("app", "0.1.0", &[("json", "^1")]);
//! let resolution = resolve(&Request::new(&root, Some(&index))).unwrap();
//! let names: Vec<String> = resolution.packages.iter().map(|p| format!("{} {}", p.summary.name, p.summary.version)).collect();
//! assert_eq!(names, ["app 0.1.0", "json 1.2.0", "utf8 0.3.4"]);
//! ```

mod provider;
pub mod report;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use semver::Version;

use crate::Error;
use crate::index::IndexEntry;
use crate::manifest::DepKind;
use crate::source::{RegistryUrl, Source};
use crate::summary::{Summary, SummaryDep};
pub use crate::version::Line;
use crate::version::req_to_set;

/// A source of published versions: a registry client, or a
/// [`MemoryIndex`] in tests and tools.
pub trait Index {
    /// Every published version of `name`, oldest first (yanked ones
    /// included); `Ok(None)` when the registry has no such package.
    fn versions(&self, name: &str) -> Result<Option<Arc<Vec<Summary>>>, Error>;
}

/// An index held in memory.
#[derive(Clone, Debug, Default)]
pub struct MemoryIndex {
    packages: HashMap<String, Vec<Summary>>,
    shared: HashMap<String, Arc<Vec<Summary>>>,
}

impl MemoryIndex {
    /// An empty index.
    pub fn new() -> MemoryIndex {
        MemoryIndex::default()
    }

    /// A summary with plain dependencies (`(name, requirement)`); panics on
    /// malformed input, so it is for tests and examples.
    pub fn summary(name: &str, version: &str, deps: &[(&str, &str)]) -> Summary {
        let entry = IndexEntry {
            name: name.to_string(),
            vers: Version::parse(version).expect("a test version parses"),
            deps: deps
                .iter()
                .map(|(n, r)| crate::index::IndexDep {
                    name: (*n).to_string(),
                    req: semver::VersionReq::parse(r).expect("a test requirement parses"),
                    features: Vec::new(),
                    optional: false,
                    default_features: true,
                    kind: DepKind::Normal,
                    target: None,
                })
                .collect(),
            features: Default::default(),
            cksum: "0".repeat(64),
            yanked: false,
            description: None,
        };
        Summary::from_index(&entry, &RegistryUrl::Http("memory:".into()))
            .expect("a test entry is valid")
    }

    /// Adds a version with plain dependencies (see [`MemoryIndex::summary`]).
    pub fn add(&mut self, name: &str, version: &str, deps: &[(&str, &str)]) {
        self.insert(MemoryIndex::summary(name, version, deps));
    }

    /// Adds any summary.
    pub fn insert(&mut self, summary: Summary) {
        let versions = self.packages.entry(summary.name.clone()).or_default();
        versions.push(summary);
        versions.sort_by(|a, b| a.version.cmp(&b.version));
        let name = versions[0].name.clone();
        self.shared.insert(name, Arc::new(versions.clone()));
    }
}

impl Index for MemoryIndex {
    fn versions(&self, name: &str) -> Result<Option<Arc<Vec<Summary>>>, Error> {
        Ok(self.shared.get(name).cloned())
    }
}

/// What to resolve.
pub struct Request<'a> {
    /// The root package (its dev-dependencies count).
    pub root: &'a Summary,
    /// Packages reachable through `path` dependencies, by name; they shadow
    /// registry packages of the same name and line.
    pub paths: HashMap<String, Summary>,
    /// Where registry packages come from.
    pub index: Option<&'a dyn Index>,
    /// Versions to try first, by package name (from the lock file).
    pub preferred: HashMap<String, Vec<Version>>,
}

impl<'a> Request<'a> {
    /// A request with no path packages and no preferences.
    pub fn new(root: &'a Summary, index: Option<&'a dyn Index>) -> Request<'a> {
        Request {
            root,
            paths: HashMap::new(),
            index,
            preferred: HashMap::new(),
        }
    }
}

/// A resolved graph.
#[derive(Clone, Debug)]
pub struct Resolution {
    /// The root first, then every other package sorted by name and version.
    pub packages: Vec<ResolvedPackage>,
}

/// One package of a [`Resolution`].
#[derive(Clone, Debug)]
pub struct ResolvedPackage {
    /// The version chosen, with its dependencies and source.
    pub summary: Arc<Summary>,
    /// Its features switched on (unified over every dependent).
    pub features: BTreeSet<String>,
    /// Its dependencies in this graph.
    pub deps: Vec<ResolvedDep>,
}

/// An edge of a [`Resolution`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedDep {
    /// The dependency's name as declared.
    pub name: String,
    /// Its index in [`Resolution::packages`].
    pub package: usize,
    /// The table it was declared in.
    pub kind: DepKind,
    /// The `[targets.NAME]` it was declared under.
    pub target: Option<String>,
    /// Whether it is optional (only the root keeps optional dependencies
    /// its features do not turn on; a build filters them).
    pub optional: bool,
}

impl Resolution {
    /// The root package.
    pub fn root(&self) -> &ResolvedPackage {
        &self.packages[0]
    }

    /// The packages other than the root.
    pub fn dependencies(&self) -> &[ResolvedPackage] {
        &self.packages[1..]
    }

    /// The index of the package named `name` at `version`.
    pub fn position(&self, name: &str, version: &Version) -> Option<usize> {
        self.packages
            .iter()
            .position(|p| p.summary.name == name && &p.summary.version == version)
    }

    /// Whether the package comes from a registry.
    pub fn is_registry(p: &ResolvedPackage) -> bool {
        matches!(p.summary.source, Source::Registry(_))
    }
}

/// Resolves `request`; [`Error::NoSolution`] explains a conflict.
pub fn resolve(request: &Request<'_>) -> Result<Resolution, Error> {
    provider::solve(request)
}

/// Whether a dependency applies at all to the package that declares it
/// (dev-dependencies only for the root).
pub(crate) fn applies(dep: &SummaryDep, is_root: bool) -> bool {
    is_root || dep.kind != DepKind::Dev
}

/// A plain dependency for building summaries by hand.
pub fn plain_dep(name: &str, req: &semver::VersionReq, kind: DepKind) -> SummaryDep {
    SummaryDep {
        name: name.to_string(),
        req: req.clone(),
        set: req_to_set(req),
        features: Vec::new(),
        optional: false,
        default_features: true,
        kind,
        target: None,
        path: None,
    }
}
