//! The operations behind `seen package`: resolve, lock, fetch, add,
//! remove, publish, yank, search, init.
//!
//! Each one computes everything first and writes last: the manifest edit
//! and the new `Seen.lock` are written (atomically) only after resolution
//! and every download succeeded, and the index files it fetched are cached
//! only then too. A failing registry therefore leaves the project and the
//! cache as they were.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use semver::Version;

use crate::archive::{self, Limits};
use crate::cache::Cache;
use crate::fsutil::{create_dir_all, write_atomic};
use crate::index::IndexEntry;
use crate::lockfile::Lockfile;
use crate::manifest::edit::{DependencyEdit, add_dependency, remove_dependency};
use crate::manifest::{DepKind, Manifest};
use crate::name::PackageName;
use crate::progress::{Event, Progress};
use crate::registry::store::SearchHit;
use crate::registry::{Registry, RegistryOptions};
use crate::resolve::{self, Index, Request, Resolution};
use crate::source::{RegistryUrl, Source, normalize};
use crate::summary::Summary;
use crate::{Error, LOCKFILE_NAME, MANIFEST_NAME, codes};

/// Settings shared by every operation.
pub struct Options<'p> {
    /// `--locked`: fail rather than change `Seen.lock`.
    pub locked: bool,
    /// `--offline`: fail rather than use the network.
    pub offline: bool,
    /// `--frozen`: both.
    pub frozen: bool,
    /// `--registry` / `SEEN_REGISTRY`; else the lock file's registry.
    pub registry: Option<RegistryUrl>,
    /// `--token` / `SEEN_REGISTRY_TOKEN`.
    pub token: Option<String>,
    /// The download cache.
    pub cache: Cache,
    /// Archive size limits.
    pub limits: Limits,
    /// Where progress goes.
    pub progress: &'p dyn Progress,
}

impl<'p> Options<'p> {
    /// Default options over a cache.
    pub fn new(cache: Cache, progress: &'p dyn Progress) -> Options<'p> {
        Options {
            locked: false,
            offline: false,
            frozen: false,
            registry: None,
            token: None,
            cache,
            limits: Limits::default(),
            progress,
        }
    }

    fn locked_flag(&self) -> Option<&'static str> {
        if self.frozen {
            Some("--frozen")
        } else if self.locked {
            Some("--locked")
        } else {
            None
        }
    }

    fn offline_flag(&self) -> Option<&'static str> {
        if self.frozen {
            Some("--frozen")
        } else if self.offline {
            Some("--offline")
        } else {
            None
        }
    }

    /// A client of `url` with these options.
    pub fn open_registry(&self, url: &RegistryUrl) -> Result<Registry, Error> {
        let options = RegistryOptions {
            offline: self.offline_flag(),
            token: self.token.clone(),
            cache: Some(self.cache.clone()),
            limits: self.limits,
        };
        Registry::open(url, options)
    }

    fn required_registry(&self, needed_by: &str) -> Result<Registry, Error> {
        let url = self.registry.as_ref().ok_or_else(|| Error::NoRegistry {
            needed_by: needed_by.to_string(),
        })?;
        self.open_registry(url)
    }
}

/// A package directory with its manifest and lock file.
#[derive(Clone, Debug)]
pub struct Project {
    /// The directory (absolute).
    pub dir: PathBuf,
    /// The manifest.
    pub manifest: Manifest,
    /// The manifest's text.
    pub manifest_text: String,
    /// The lock file, if there is one.
    pub lock: Option<Lockfile>,
}

impl Project {
    /// Reads `dir/Seen.toml` and `dir/Seen.lock`.
    pub fn load(dir: &Path) -> Result<Project, Error> {
        // Read through the path as given, so messages name the manifest as
        // the user would.
        let (manifest, manifest_text) = Manifest::load(dir)?;
        let dir = normalize(&std::path::absolute(dir).map_err(|e| Error::io("find", dir, e))?);
        let lock = Lockfile::load(&dir)?.map(|(lock, _)| lock);
        Ok(Project {
            dir,
            manifest,
            manifest_text,
            lock,
        })
    }

    /// The root's summary.
    pub fn summary(&self) -> Summary {
        Summary::from_manifest(&self.manifest, &self.dir, Source::Root)
    }

    fn registry_url(&self, options: &Options<'_>) -> Option<RegistryUrl> {
        options.registry.clone().or_else(|| {
            let url = self.lock.as_ref()?.registry()?;
            RegistryUrl::parse(url, &self.dir).ok()
        })
    }

    fn open_registry(&self, options: &Options<'_>) -> Result<Option<Registry>, Error> {
        self.registry_url(options)
            .map(|url| options.open_registry(&url))
            .transpose()
    }
}

/// Which locked versions `resolve` may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Update<'a> {
    /// Keep every locked version that still fits.
    Nothing,
    /// Ignore the lock file (`seen package update`).
    All,
    /// Ignore the locked versions of these packages.
    Only(&'a [String]),
}

/// A resolution and the lock file it makes.
#[derive(Clone, Debug)]
pub struct Locked {
    /// The graph.
    pub resolution: Resolution,
    /// Its lock file.
    pub lockfile: Lockfile,
    /// Whether it differs from the project's `Seen.lock`.
    pub changed: bool,
    /// What changes, one line each.
    pub changes: Vec<String>,
}

/// A resolved, fetched and locked project.
#[derive(Clone, Debug)]
pub struct Synced {
    /// The resolution and lock file.
    pub locked: Locked,
    /// Each package's source directory, in the order of
    /// `locked.resolution.packages`.
    pub dirs: Vec<PathBuf>,
}

/// The packages reachable through `path` dependencies, by name.
pub fn path_packages(root: &Summary) -> Result<HashMap<String, Summary>, Error> {
    let mut found: HashMap<String, Summary> = HashMap::new();
    let mut queue: Vec<(String, PathBuf)> = root
        .deps
        .iter()
        .filter_map(|d| Some((d.name.clone(), d.path.clone()?)))
        .collect();
    while let Some((name, dir)) = queue.pop() {
        if let Some(existing) = found.get(&name) {
            if existing.source != Source::Path(dir.clone()) {
                return Err(Error::Invalid {
                    code: codes::BAD_DEPENDENCY,
                    message: format!("two different directories are named for package `{name}`"),
                    help: Some(format!(
                        "`{}` and `{}`: point every `path` for `{name}` at one of them",
                        source_dir(existing),
                        dir.display()
                    )),
                });
            }
            continue;
        }
        let (manifest, _) = Manifest::load(&dir)?;
        if manifest.package.name.as_str() != name {
            return Err(Error::Invalid {
                code: codes::BAD_DEPENDENCY,
                message: format!(
                    "`{}` holds package `{}`, not `{name}`",
                    dir.display(),
                    manifest.package.name
                ),
                help: Some("fix the `path`, or the dependency's name".into()),
            });
        }
        let summary = Summary::from_manifest(&manifest, &dir, Source::Path(dir.clone()));
        for d in summary.deps.iter().filter(|d| d.kind != DepKind::Dev) {
            if let Some(p) = &d.path {
                queue.push((d.name.clone(), p.clone()));
            }
        }
        found.insert(name, summary);
    }
    Ok(found)
}

fn source_dir(s: &Summary) -> String {
    match &s.source {
        Source::Path(p) => p.display().to_string(),
        other => format!("{other:?}"),
    }
}

/// Resolves the project and compares the result with its `Seen.lock`;
/// writes nothing. Fails under `--locked` when the lock would change.
pub fn resolve(
    project: &Project,
    options: &Options<'_>,
    update: Update<'_>,
    registry: Option<&Registry>,
) -> Result<Locked, Error> {
    let root = project.summary();
    let paths = path_packages(&root)?;
    let preferred = match (update, &project.lock) {
        (_, None) | (Update::All, _) => HashMap::new(),
        (Update::Nothing, Some(lock)) => lock.preferred(|_| false),
        (Update::Only(names), Some(lock)) => lock.preferred(|n| names.iter().any(|m| m == n)),
    };
    options.progress.event(Event::Resolving);
    let request = Request {
        root: &root,
        paths,
        index: registry.map(|r| r as &dyn Index),
        preferred,
    };
    let resolution = resolve::resolve(&request)?;
    options.progress.event(Event::Resolved {
        packages: resolution.packages.len(),
    });
    let lockfile = Lockfile::from_resolution(&resolution, &project.dir);
    let changed = project.lock.as_ref() != Some(&lockfile);
    let changes = project
        .lock
        .clone()
        .unwrap_or_default()
        .changes_to(&lockfile);
    if let (true, Some(flag)) = (changed, options.locked_flag()) {
        let mut changes = changes;
        if project.lock.is_none() {
            changes.insert(0, format!("{LOCKFILE_NAME} does not exist yet"));
        }
        return Err(Error::LockOutdated { flag, changes });
    }
    Ok(Locked {
        resolution,
        lockfile,
        changed,
        changes,
    })
}

/// Makes every package of a resolution available on disk; returns their
/// directories (in resolution order). Archives are checked against the
/// project's `Seen.lock` and the registry index.
pub fn fetch(
    project: &Project,
    locked: &Locked,
    registry: Option<&Registry>,
    options: &Options<'_>,
) -> Result<Vec<PathBuf>, Error> {
    let packages = &locked.resolution.packages;
    let downloads = packages
        .iter()
        .filter(|p| {
            p.summary
                .checksum
                .as_deref()
                .is_some_and(|c| !options.cache.has(c))
        })
        .count();
    options.progress.event(Event::FetchStart { downloads });
    let mut dirs = Vec::with_capacity(packages.len());
    for p in packages {
        let s = &p.summary;
        let dir = match &s.source {
            Source::Root => project.dir.clone(),
            Source::Path(dir) => dir.clone(),
            Source::Registry(url) => fetch_one(project, s, url, registry, options)?,
        };
        dirs.push(dir);
    }
    options.progress.event(Event::FetchDone);
    Ok(dirs)
}

fn fetch_one(
    project: &Project,
    s: &Summary,
    url: &RegistryUrl,
    registry: Option<&Registry>,
    options: &Options<'_>,
) -> Result<PathBuf, Error> {
    let label = format!("{} {}", s.name, s.version);
    let checksum = s.checksum.as_deref().ok_or_else(|| Error::Invalid {
        code: codes::BAD_INDEX,
        message: format!("`{label}` has no checksum in the index"),
        help: None,
    })?;
    let source = Source::Registry(url.clone()).to_lock_string(&project.dir);
    let locked = project
        .lock
        .as_ref()
        .and_then(|l| l.find(&s.name, &s.version, source.as_deref()));
    if let Some(expected) = locked.and_then(|l| l.checksum.as_deref()) {
        if expected != checksum {
            return Err(Error::Checksum {
                package: label,
                expected_from: "Seen.lock",
                expected: expected.to_string(),
                found_from: "the registry index",
                found: checksum.to_string(),
            });
        }
    }
    let registry = registry
        .filter(|r| r.url() == url)
        .ok_or_else(|| Error::NoRegistry {
            needed_by: format!("`{label}` comes from {url}"),
        })?;
    let (dir, downloaded) = options.cache.ensure_source(
        (&s.name, &s.version),
        checksum,
        "the registry index",
        options.limits,
        options.progress,
        || registry.download(&s.name, &s.version, options.progress),
    )?;
    let version = s.version.to_string();
    options.progress.event(Event::Fetched {
        name: &s.name,
        version: &version,
        downloaded,
    });
    Ok(dir)
}

/// Resolves, fetches and writes `Seen.lock` if it changed.
pub fn sync(project: &Project, options: &Options<'_>, update: Update<'_>) -> Result<Synced, Error> {
    let registry = project.open_registry(options)?;
    let locked = resolve(project, options, update, registry.as_ref())?;
    let dirs = fetch(project, &locked, registry.as_ref(), options)?;
    if locked.changed {
        write_atomic(
            &project.dir.join(LOCKFILE_NAME),
            locked.lockfile.to_text().as_bytes(),
        )?;
    }
    if let Some(r) = &registry {
        r.commit_index_cache()?;
    }
    Ok(Synced { locked, dirs })
}

/// The newest version of `name` a new dependency should ask for: the
/// highest that is not yanked, preferring releases to pre-releases.
pub fn latest_version(registry: &Registry, name: &str) -> Result<Version, Error> {
    let versions = registry.versions(name)?.ok_or_else(|| Error::NotFound {
        what: format!("package `{name}`"),
        registry: registry.url().to_string(),
    })?;
    let live: Vec<&Version> = versions
        .iter()
        .filter(|s| !s.yanked)
        .map(|s| &s.version)
        .collect();
    let best = live
        .iter()
        .filter(|v| v.pre.is_empty())
        .max()
        .or_else(|| live.iter().max());
    best.map(|v| (*v).clone()).ok_or_else(|| Error::NotFound {
        what: format!("a version of `{name}` that is not yanked"),
        registry: registry.url().to_string(),
    })
}

/// The result of `add` or `remove`.
#[derive(Clone, Debug)]
pub struct Edited {
    /// The project after the edit.
    pub synced: Synced,
    /// The dependencies as written in the manifest (`name = "req"`).
    pub written: Vec<String>,
}

/// Adds dependencies (a missing requirement becomes the newest version),
/// then resolves, fetches and writes `Seen.toml` and `Seen.lock`.
pub fn add(
    project: &Project,
    edits: &[DependencyEdit],
    options: &Options<'_>,
) -> Result<Edited, Error> {
    let registry = project.open_registry(options)?;
    let mut text = project.manifest_text.clone();
    let mut written = Vec::new();
    for edit in edits {
        let mut edit = edit.clone();
        if edit.req.is_none() && edit.path.is_none() {
            let registry = registry.as_ref().ok_or_else(|| Error::NoRegistry {
                needed_by: format!("`{}` comes from a registry", edit.name),
            })?;
            edit.req = Some(latest_version(registry, edit.name.as_str())?.to_string());
        }
        written.push(format!(
            "{} = \"{}\"",
            edit.name,
            edit.req.as_deref().unwrap_or("*")
        ));
        text = add_dependency(&text, &project.dir.join(MANIFEST_NAME), &edit)?;
    }
    finish_edit(project, text, registry, options, written)
}

/// Removes dependencies from the table of `kind`, then resolves and writes
/// `Seen.toml` and `Seen.lock`.
pub fn remove(
    project: &Project,
    names: &[String],
    kind: DepKind,
    options: &Options<'_>,
) -> Result<Edited, Error> {
    let mut text = project.manifest_text.clone();
    for name in names {
        text = remove_dependency(&text, &project.dir.join(MANIFEST_NAME), name, kind)?.ok_or_else(
            || Error::Invalid {
                code: codes::INVALID,
                message: format!("`{name}` is not in `[{}]`", kind.table()),
                help: Some(match kind {
                    DepKind::Normal => {
                        "pass `--dev` or `--build` to remove from those tables".to_string()
                    }
                    _ => "drop `--dev`/`--build` to remove from `[dependencies]`".to_string(),
                }),
            },
        )?;
    }
    let registry = project.open_registry(options)?;
    finish_edit(project, text, registry, options, names.to_vec())
}

fn finish_edit(
    project: &Project,
    text: String,
    registry: Option<Registry>,
    options: &Options<'_>,
    written: Vec<String>,
) -> Result<Edited, Error> {
    let path = project.dir.join(MANIFEST_NAME);
    let edited = Project {
        manifest: Manifest::parse(&text, &path)?,
        manifest_text: text,
        ..project.clone()
    };
    let locked = resolve(&edited, options, Update::Nothing, registry.as_ref())?;
    let dirs = fetch(&edited, &locked, registry.as_ref(), options)?;
    write_atomic(&path, edited.manifest_text.as_bytes())?;
    if locked.changed {
        write_atomic(
            &edited.dir.join(LOCKFILE_NAME),
            locked.lockfile.to_text().as_bytes(),
        )?;
    }
    if let Some(r) = &registry {
        r.commit_index_cache()?;
    }
    Ok(Edited {
        synced: Synced { locked, dirs },
        written,
    })
}

/// Publishes the project: checks that it can be published, runs `check`
/// (the caller's build or check; it returns the number of errors), packs
/// it and uploads it. A version that exists is refused by the registry.
pub fn publish(
    project: &Project,
    options: &Options<'_>,
    check: &mut dyn FnMut(&Path) -> Result<usize, Error>,
) -> Result<IndexEntry, Error> {
    let registry = options.required_registry("publishing needs a registry")?;
    let name = &project.manifest.package.name;
    IndexEntry::from_manifest(&project.manifest, String::new())?;
    let errors = check(&project.dir)?;
    if errors > 0 {
        return Err(Error::CheckFailed {
            package: name.to_string(),
            errors,
        });
    }
    let bytes = archive::pack(&project.dir, name, &project.manifest.package.version)?;
    archive::inspect(
        &bytes,
        options.limits,
        &format!("{name} {}", project.manifest.package.version),
    )?;
    registry.publish(&bytes)
}

/// Yanks (or un-yanks, with `yanked = false`) a published version.
pub fn yank(
    options: &Options<'_>,
    name: &str,
    version: &Version,
    yanked: bool,
) -> Result<(), Error> {
    options
        .required_registry("yanking needs a registry")?
        .set_yanked(name, version, yanked)
}

/// Searches the registry.
pub fn search(options: &Options<'_>, query: &str, limit: usize) -> Result<Vec<SearchHit>, Error> {
    options
        .required_registry("searching needs a registry")?
        .search(query, limit, options.progress)
}

/// Creates a package: `dir/Seen.toml` and `dir/src/FILE` with `source`
/// (`main.seen`, or `lib.seen` for a library). Refuses to overwrite a
/// manifest. Returns the files written.
pub fn init(
    dir: &Path,
    name: &PackageName,
    lib: bool,
    language: Option<&str>,
    source: &str,
) -> Result<Vec<PathBuf>, Error> {
    let manifest_path = dir.join(MANIFEST_NAME);
    if manifest_path.exists() {
        return Err(Error::Invalid {
            code: codes::INVALID,
            message: format!("`{}` already exists", manifest_path.display()),
            help: Some("`seen package init` only creates new packages".into()),
        });
    }
    let mut manifest = format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n");
    if let Some(language) = language {
        manifest.push_str(&format!(
            "language = {}\n",
            toml::Value::String(language.to_string())
        ));
    }
    manifest.push_str("\n[dependencies]\n");
    Manifest::parse(&manifest, &manifest_path)?;
    let src = dir.join("src");
    create_dir_all(&src)?;
    let file = src.join(if lib { "lib.seen" } else { "main.seen" });
    if !file.exists() {
        write_atomic(&file, source.as_bytes())?;
    }
    write_atomic(&manifest_path, manifest.as_bytes())?;
    Ok(vec![manifest_path, file])
}
