//! What a build needs from the package manager: the packages to compile,
//! in order, each with its source directory and the names under which its
//! direct dependencies are visible.
//!
//! A compiler calls [`plan`] with the root package's directory. It
//! resolves (reusing `Seen.lock`), fetches what is missing into the cache
//! and updates `Seen.lock` like `seen package fetch`, then returns
//! [`BuildPlan::units`]: dependencies before their dependents, the root
//! last. For each unit the compiler makes exactly
//! [`BuildUnit::dependencies`] visible, under their import names (a
//! package named `seen-gpu` is imported as `seen_gpu`). Because each unit
//! lists its own dependencies, two major versions of one package can be
//! in one build: each dependent sees the one it asked for.
//!
//! ```no_run
//! use seen_pkg::{build, cache::Cache, ops::Options, progress::Silent};
//! let options = Options::new(Cache::from_env()?, &Silent);
//! let plan = build::plan("examples/hello".as_ref(), &options, &build::BuildOptions::default())?;
//! for unit in &plan.units {
//!     let deps: Vec<&str> = unit.dependencies.iter().map(|d| d.name.as_str()).collect();
//!     println!("compile {} from {} seeing {:?}", unit.name, unit.dir.display(), deps);
//! }
//! # Ok::<(), seen_pkg::Error>(())
//! ```

use std::path::{Path, PathBuf};

use semver::Version;

use crate::Error;
use crate::manifest::DepKind;
use crate::name::PackageName;
use crate::ops::{self, Options, Project, Synced, Update};
use crate::resolve::ResolvedDep;

/// What to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildOptions {
    /// The target (`riscv64`, `aarch64-unknown-linux-gnu`, ...); `None` for
    /// the host, which takes no `[targets.*]` dependencies.
    pub target: Option<String>,
    /// Include the root's dev-dependencies (for tests).
    pub dev: bool,
    /// Features of the root to enable.
    pub features: Vec<String>,
    /// Enable the root's `default` feature.
    pub default_features: bool,
}

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions {
            target: None,
            dev: false,
            features: Vec::new(),
            default_features: true,
        }
    }
}

/// The packages of a build, in build order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildPlan {
    /// Dependencies first, the root last.
    pub units: Vec<BuildUnit>,
}

impl BuildPlan {
    /// The root package's unit.
    pub fn root(&self) -> &BuildUnit {
        self.units.last().expect("a plan always holds the root")
    }
}

/// One package to compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildUnit {
    /// The name it is imported by (`seen_gpu` for `seen-gpu`).
    pub name: String,
    /// The package's name (`seen-gpu`).
    pub package: String,
    /// Its version.
    pub version: Version,
    /// Its source directory (holding `Seen.toml` and `src/`).
    pub dir: PathBuf,
    /// Its features switched on.
    pub features: Vec<String>,
    /// The packages it sees, by import name.
    pub dependencies: Vec<UnitDep>,
}

/// A dependency as one unit sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitDep {
    /// The import name (`seen_gpu`).
    pub name: String,
    /// The index of its unit in [`BuildPlan::units`].
    pub unit: usize,
}

/// Resolves and fetches the package in `root_dir` and plans its build.
pub fn plan(
    root_dir: &Path,
    options: &Options<'_>,
    build: &BuildOptions,
) -> Result<BuildPlan, Error> {
    let project = Project::load(root_dir)?;
    let synced = ops::sync(&project, options, Update::Nothing)?;
    plan_synced(&synced, build)
}

/// Plans the build of an already synced project.
pub fn plan_synced(synced: &Synced, build: &BuildOptions) -> Result<BuildPlan, Error> {
    let packages = &synced.locked.resolution.packages;
    let root = &packages[0];
    let mut root_features: Vec<&str> = build.features.iter().map(String::as_str).collect();
    if build.default_features && root.summary.features.contains_key("default") {
        root_features.push("default");
    }
    let root_optional = root
        .summary
        .optional_deps_enabled(root_features.iter().copied());
    let keep = |from: usize, d: &ResolvedDep| {
        let target_ok = d.target.as_deref().is_none_or(|t| {
            build
                .target
                .as_deref()
                .is_some_and(|b| target_matches(t, b))
        });
        let kind_ok = d.kind != DepKind::Dev || (from == 0 && build.dev);
        let optional_ok = from != 0 || !d.optional || root_optional.contains(&d.name.as_str());
        target_ok && kind_ok && optional_ok
    };
    let edges: Vec<Vec<&ResolvedDep>> = packages
        .iter()
        .enumerate()
        .map(|(i, p)| p.deps.iter().filter(|d| keep(i, d)).collect())
        .collect();
    let order = postorder(&edges, |i| packages[i].summary.name.clone())?;
    let mut unit_of = vec![usize::MAX; packages.len()];
    for (unit, &i) in order.iter().enumerate() {
        unit_of[i] = unit;
    }
    let units = order
        .iter()
        .map(|&i| {
            let p = &packages[i];
            let mut features: Vec<String> = if i == 0 {
                root_features.iter().map(|f| f.to_string()).collect()
            } else {
                p.features.iter().cloned().collect()
            };
            features.sort();
            features.dedup();
            BuildUnit {
                name: import_name(&p.summary.name),
                package: p.summary.name.clone(),
                version: p.summary.version.clone(),
                dir: synced.dirs[i].clone(),
                features,
                dependencies: edges[i]
                    .iter()
                    .map(|d| UnitDep {
                        name: import_name(&d.name),
                        unit: unit_of[d.package],
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(BuildPlan { units })
}

fn import_name(name: &str) -> String {
    PackageName::new(name)
        .map(|n| n.import_name())
        .unwrap_or_else(|_| name.replace('-', "_"))
}

/// Whether a `[targets.SECTION]` applies to `target`: the same name, or
/// the architecture of a triple (`riscv64` matches `riscv64gc-unknown-linux-gnu`).
///
/// ```
/// use seen_pkg::build::target_matches;
/// assert!(target_matches("riscv64", "riscv64gc-unknown-linux-gnu"));
/// assert!(target_matches("aarch64", "aarch64"));
/// assert!(!target_matches("aarch64", "x86_64-unknown-linux-gnu"));
/// ```
pub fn target_matches(section: &str, target: &str) -> bool {
    section == target
        || target
            .split('-')
            .next()
            .is_some_and(|arch| arch.starts_with(section))
}

/// The nodes reachable from node 0, each after everything it depends on;
/// a cycle is an error naming it.
fn postorder(
    edges: &[Vec<&ResolvedDep>],
    name: impl Fn(usize) -> String,
) -> Result<Vec<usize>, Error> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; edges.len()];
    let mut order = Vec::new();
    // (node, next edge to follow)
    let mut stack = vec![(0usize, 0usize)];
    mark[0] = Mark::Open;
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        if let Some(dep) = edges[node].get(*next) {
            *next += 1;
            match mark[dep.package] {
                Mark::New => {
                    mark[dep.package] = Mark::Open;
                    stack.push((dep.package, 0));
                }
                Mark::Open => {
                    let start = stack
                        .iter()
                        .position(|(n, _)| *n == dep.package)
                        .unwrap_or(0);
                    let mut cycle: Vec<String> =
                        stack[start..].iter().map(|(n, _)| name(*n)).collect();
                    cycle.push(name(dep.package));
                    return Err(Error::Cycle { cycle });
                }
                Mark::Done => {}
            }
        } else {
            mark[node] = Mark::Done;
            order.push(node);
            stack.pop();
        }
    }
    Ok(order)
}
