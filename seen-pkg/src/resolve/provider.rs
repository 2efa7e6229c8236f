//! The PubGrub dependency provider: packages split by line and feature,
//! version choice (locked first, then highest), and turning the solution
//! into a [`Resolution`].

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use pubgrub::{
    Dependencies, DependencyConstraints, DependencyProvider, PackageResolutionStatistics,
    PubGrubError, Ranges,
};
use semver::Version;

use super::{Request, Resolution, ResolvedDep, ResolvedPackage, applies, report};
use crate::Error;
use crate::manifest::FeatureValue;
use crate::summary::{Summary, SummaryDep};
use crate::version::{Line, VersionSet, names_prerelease};

/// A PubGrub package: the root, one line of a package, or one feature of
/// one line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Pkg {
    Root(Arc<str>),
    Base(Arc<str>, Line),
    Feature(Arc<str>, Line, Arc<str>),
}

impl Pkg {
    pub(crate) fn name(&self) -> &str {
        match self {
            Pkg::Root(n) | Pkg::Base(n, _) | Pkg::Feature(n, _, _) => n,
        }
    }
}

impl fmt::Display for Pkg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pkg::Root(n) | Pkg::Base(n, _) => f.write_str(n),
            Pkg::Feature(n, _, feature) => write!(f, "{n}[{feature}]"),
        }
    }
}

type Constraints = DependencyConstraints<Pkg, VersionSet>;

pub(crate) struct Provider<'r, 'a> {
    request: &'r Request<'a>,
    versions: RefCell<HashMap<String, Option<Arc<Vec<Summary>>>>>,
    prerelease_ok: RefCell<HashSet<String>>,
    /// The version last decided for each `Base` package, which its feature
    /// packages try first.
    decided: RefCell<HashMap<Pkg, Version>>,
    pub(crate) missing: RefCell<BTreeSet<String>>,
}

impl<'r, 'a> Provider<'r, 'a> {
    fn new(request: &'r Request<'a>) -> Provider<'r, 'a> {
        Provider {
            request,
            versions: RefCell::default(),
            prerelease_ok: RefCell::default(),
            decided: RefCell::default(),
            missing: RefCell::default(),
        }
    }

    /// Every version of `name`: the path package if there is one, else the
    /// index's.
    fn versions_of(&self, name: &str) -> Result<Option<Arc<Vec<Summary>>>, Error> {
        if let Some(found) = self.versions.borrow().get(name) {
            return Ok(found.clone());
        }
        let found = if let Some(path) = self.request.paths.get(name) {
            Some(Arc::new(vec![path.clone()]))
        } else if let Some(index) = self.request.index {
            index.versions(name)?
        } else {
            return Err(Error::NoRegistry {
                needed_by: format!("`{name}` comes from a registry"),
            });
        };
        if found.is_none() {
            self.missing.borrow_mut().insert(name.to_string());
        }
        self.versions
            .borrow_mut()
            .insert(name.to_string(), found.clone());
        Ok(found)
    }

    fn summary_at(&self, name: &str, version: &Version) -> Result<Option<Summary>, Error> {
        Ok(self
            .versions_of(name)?
            .and_then(|all| all.iter().find(|s| &s.version == version).cloned()))
    }

    fn candidate(&self, s: &Summary) -> bool {
        !s.yanked && (s.version.pre.is_empty() || self.prerelease_ok.borrow().contains(&s.name))
    }

    /// The line a dependency resolves in: the one its requirement fits in,
    /// else the highest line with a matching version.
    pub(crate) fn line_for(&self, dep: &SummaryDep) -> Result<Line, Error> {
        if dep.path.is_some() {
            if let Some(versions) = self.versions_of(&dep.name)? {
                if let Some(s) = versions.first() {
                    return Ok(Line::of(&s.version));
                }
            }
        }
        let low = match dep.set.iter().next() {
            Some((std::ops::Bound::Included(v) | std::ops::Bound::Excluded(v), _)) => v.clone(),
            _ => Version::new(0, 0, 0),
        };
        let line = Line::of(&low);
        if dep.set.subset_of(&line.range()) {
            return Ok(line);
        }
        let best = self.versions_of(&dep.name)?.and_then(|all| {
            all.iter()
                .rev()
                .find(|s| self.candidate(s) && dep.set.contains(&s.version))
                .map(|s| Line::of(&s.version))
        });
        Ok(best.unwrap_or(line))
    }

    fn add_dep(
        &self,
        dep: &SummaryDep,
        extra_feature: Option<&str>,
        out: &mut Constraints,
    ) -> Result<(), Error> {
        if names_prerelease(&dep.req) {
            self.prerelease_ok.borrow_mut().insert(dep.name.clone());
        }
        let line = self.line_for(dep)?;
        let name: Arc<str> = dep.name.as_str().into();
        let set = dep.set.intersection(&line.range());
        let mut features: Vec<&str> = dep.features.iter().map(String::as_str).collect();
        if dep.default_features && self.has_default_feature(&dep.name, &set)? {
            features.push("default");
        }
        features.extend(extra_feature);
        for f in features {
            constrain(out, Pkg::Feature(name.clone(), line, f.into()), set.clone());
        }
        constrain(out, Pkg::Base(name, line), set);
        Ok(())
    }

    /// Whether some version of `name` in `set` has a `default` feature
    /// (only then is a `default` feature package worth adding).
    fn has_default_feature(&self, name: &str, set: &VersionSet) -> Result<bool, Error> {
        Ok(self.versions_of(name)?.is_some_and(|all| {
            all.iter()
                .any(|s| s.features.contains_key("default") && set.contains(&s.version))
        }))
    }

    fn root_deps(&self) -> Result<Constraints, Error> {
        let root = self.request.root;
        let mut out = Constraints::default();
        for dep in &root.deps {
            self.add_dep(dep, None, &mut out)?;
        }
        // Every feature of the root is resolved, so the lock file does not
        // depend on which features a build enables.
        for values in root.features.values() {
            for v in values {
                if let FeatureValue::DepFeature { dep, feature } = v {
                    for d in root.deps.iter().filter(|d| &d.name == dep) {
                        self.add_dep(d, Some(feature), &mut out)?;
                    }
                }
            }
        }
        Ok(out)
    }

    fn base_deps(&self, s: &Summary) -> Result<Constraints, Error> {
        let mut out = Constraints::default();
        for dep in s.deps.iter().filter(|d| applies(d, false) && !d.optional) {
            self.add_dep(dep, None, &mut out)?;
        }
        Ok(out)
    }

    fn feature_deps(
        &self,
        s: &Summary,
        name: &Arc<str>,
        line: Line,
        feature: &str,
    ) -> Result<Dependencies<Pkg, VersionSet, String>, Error> {
        let mut out = Constraints::default();
        out.insert(
            Pkg::Base(name.clone(), line),
            Ranges::singleton(s.version.clone()),
        );
        let deps_named = |d: &String| {
            s.deps
                .iter()
                .filter(|x| &x.name == d && applies(x, false))
                .collect::<Vec<_>>()
        };
        match s.features.get(feature) {
            Some(values) => {
                for v in values {
                    match v {
                        FeatureValue::Feature(g) => {
                            constrain(
                                &mut out,
                                Pkg::Feature(name.clone(), line, g.as_str().into()),
                                Ranges::singleton(s.version.clone()),
                            );
                        }
                        FeatureValue::Dep(d) => {
                            for dep in deps_named(d) {
                                self.add_dep(dep, None, &mut out)?;
                            }
                        }
                        FeatureValue::DepFeature { dep: d, feature: g } => {
                            for dep in deps_named(d) {
                                self.add_dep(dep, Some(g), &mut out)?;
                            }
                        }
                    }
                }
            }
            None if feature == "default" => {}
            None if s.is_implicit_feature(feature) => {
                for dep in deps_named(&feature.to_string()) {
                    self.add_dep(dep, None, &mut out)?;
                }
            }
            None => {
                return Ok(Dependencies::Unavailable(format!(
                    "has no feature `{feature}`"
                )));
            }
        }
        Ok(Dependencies::Available(out))
    }

    fn count_candidates(&self, name: &str, range: &VersionSet) -> usize {
        match self.versions.borrow().get(name) {
            Some(Some(all)) => all
                .iter()
                .filter(|s| self.candidate(s) && range.contains(&s.version))
                .count(),
            _ => 0,
        }
    }
}

fn constrain(out: &mut Constraints, pkg: Pkg, set: VersionSet) {
    match out.get_mut(&pkg) {
        Some(existing) => *existing = existing.intersection(&set),
        None => {
            out.insert(pkg, set);
        }
    }
}

impl DependencyProvider for Provider<'_, '_> {
    type P = Pkg;
    type V = Version;
    type VS = VersionSet;
    type M = String;
    type Err = Error;
    /// Conflicts first, then lines before features, then fewest candidates.
    type Priority = (u32, u8, Reverse<usize>);

    fn prioritize(
        &self,
        package: &Pkg,
        range: &VersionSet,
        stats: &PackageResolutionStatistics,
    ) -> Self::Priority {
        let rank = match package {
            Pkg::Root(_) => 2,
            Pkg::Base(..) => 1,
            Pkg::Feature(..) => 0,
        };
        (
            stats.conflict_count(),
            rank,
            Reverse(self.count_candidates(package.name(), range)),
        )
    }

    fn choose_version(&self, package: &Pkg, range: &VersionSet) -> Result<Option<Version>, Error> {
        let name = match package {
            Pkg::Root(_) => {
                let v = &self.request.root.version;
                return Ok(range.contains(v).then(|| v.clone()));
            }
            Pkg::Base(n, _) | Pkg::Feature(n, _, _) => n,
        };
        let Some(all) = self.versions_of(name)? else {
            return Ok(None);
        };
        let exists = |v: &Version| range.contains(v) && all.iter().any(|s| &s.version == v);
        if let Pkg::Feature(n, line, _) = package {
            if let Some(v) = self
                .decided
                .borrow()
                .get(&Pkg::Base(n.clone(), *line))
                .filter(|v| exists(v))
            {
                return Ok(Some(v.clone()));
            }
        }
        if let Some(v) = self
            .request
            .preferred
            .get(&**name)
            .and_then(|p| p.iter().find(|v| exists(v)))
        {
            return Ok(Some(v.clone()));
        }
        Ok(all
            .iter()
            .rev()
            .find(|s| self.candidate(s) && range.contains(&s.version))
            .map(|s| s.version.clone()))
    }

    fn get_dependencies(
        &self,
        package: &Pkg,
        version: &Version,
    ) -> Result<Dependencies<Pkg, VersionSet, String>, Error> {
        let summary = match package {
            Pkg::Root(_) => return Ok(Dependencies::Available(self.root_deps()?)),
            Pkg::Base(n, _) | Pkg::Feature(n, _, _) => self.summary_at(n, version)?,
        };
        let Some(summary) = summary else {
            return Ok(Dependencies::Unavailable(
                "is not in the registry".to_string(),
            ));
        };
        match package {
            Pkg::Feature(name, line, feature) => self.feature_deps(&summary, name, *line, feature),
            _ => {
                self.decided
                    .borrow_mut()
                    .insert(package.clone(), version.clone());
                Ok(Dependencies::Available(self.base_deps(&summary)?))
            }
        }
    }
}

/// Runs PubGrub and builds the [`Resolution`].
pub(super) fn solve(request: &Request<'_>) -> Result<Resolution, Error> {
    let provider = Provider::new(request);
    let root = Pkg::Root(request.root.name.as_str().into());
    match pubgrub::resolve(&provider, root, request.root.version.clone()) {
        Ok(solution) => build(&provider, solution.into_iter().collect()),
        Err(PubGrubError::NoSolution(mut tree)) => {
            let missing = provider.missing.borrow().clone();
            // Merging "no versions" facts into their neighbours shortens the
            // explanation, but would hide that a package does not exist.
            if missing.is_empty() {
                tree.collapse_no_versions();
            }
            Err(Error::NoSolution {
                root: request.root.name.clone(),
                explanation: report::explain(&tree, &missing),
            })
        }
        Err(PubGrubError::ErrorRetrievingDependencies { source, .. }) => Err(source),
        Err(PubGrubError::ErrorChoosingVersion { source, .. }) => Err(source),
        Err(PubGrubError::ErrorInShouldCancel(source)) => Err(source),
    }
}

fn build(
    provider: &Provider<'_, '_>,
    solution: BTreeMap<Pkg, Version>,
) -> Result<Resolution, Error> {
    let root = provider.request.root;
    let mut packages = vec![ResolvedPackage {
        summary: Arc::new(root.clone()),
        features: root.features.keys().cloned().collect(),
        deps: Vec::new(),
    }];
    let mut keys = vec![None];
    for (pkg, version) in &solution {
        let Pkg::Base(name, line) = pkg else { continue };
        let summary = provider
            .summary_at(name, version)?
            .expect("a chosen version was listed by the index, which is cached for the run");
        let features = solution
            .keys()
            .filter_map(|k| match k {
                Pkg::Feature(n, l, f) if n == name && l == line => Some(f.to_string()),
                _ => None,
            })
            .filter(|f| summary.features.contains_key(f) || summary.is_implicit_feature(f))
            .collect();
        packages.push(ResolvedPackage {
            summary: Arc::new(summary),
            features,
            deps: Vec::new(),
        });
        keys.push(Some(pkg.clone()));
    }
    let position: HashMap<Pkg, usize> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.clone().map(|k| (k, i)))
        .collect();
    let all_edges = packages
        .iter()
        .enumerate()
        .map(|(i, p)| edges(provider, p, i == 0, &position))
        .collect::<Result<Vec<_>, Error>>()?;
    for (package, deps) in packages.iter_mut().zip(all_edges) {
        package.deps = deps;
    }
    sort_dependencies(&mut packages);
    Ok(Resolution { packages })
}

/// The dependencies a resolved package actually uses: its non-optional
/// ones and the optional ones its features turn on (all, for the root).
fn edges(
    provider: &Provider<'_, '_>,
    package: &ResolvedPackage,
    is_root: bool,
    position: &HashMap<Pkg, usize>,
) -> Result<Vec<ResolvedDep>, Error> {
    let s = &package.summary;
    let enabled = s.optional_deps_enabled(package.features.iter().map(String::as_str));
    let mut out = Vec::new();
    for dep in s.deps.iter().filter(|d| applies(d, is_root)) {
        if !is_root && dep.optional && !enabled.contains(&dep.name.as_str()) {
            continue;
        }
        let key = Pkg::Base(dep.name.as_str().into(), provider.line_for(dep)?);
        let Some(&index) = position.get(&key) else {
            continue;
        };
        let edge = ResolvedDep {
            name: dep.name.clone(),
            package: index,
            kind: dep.kind,
            target: dep.target.clone(),
            optional: dep.optional,
        };
        if !out.contains(&edge) {
            out.push(edge);
        }
    }
    Ok(out)
}

/// Sorts every package but the root by name and version, renumbering the
/// edges.
fn sort_dependencies(packages: &mut Vec<ResolvedPackage>) {
    let mut order: Vec<usize> = (1..packages.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&packages[a].summary, &packages[b].summary);
        (&x.name, &x.version).cmp(&(&y.name, &y.version))
    });
    let mut new_index = vec![0; packages.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new + 1;
    }
    let mut old: Vec<Option<ResolvedPackage>> = packages.drain(..).map(Some).collect();
    let mut sorted = vec![old[0].take().expect("the root is present")];
    for &i in &order {
        sorted.push(old[i].take().expect("each package is moved once"));
    }
    for p in &mut sorted {
        for d in &mut p.deps {
            d.package = new_index[d.package];
        }
        p.deps.sort_by(|a, b| {
            (&a.name, a.kind, &a.target, a.package).cmp(&(&b.name, b.kind, &b.target, b.package))
        });
    }
    *packages = sorted;
}
