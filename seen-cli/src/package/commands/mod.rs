//! The `seen package` subcommands: each builds `seen_pkg` options from the
//! flags and environment, calls one `seen_pkg::ops` function, and prints
//! what happened. [`deps`] edits dependencies, [`graph`] resolves, fetches
//! and shows the graph, [`remote`] talks to the registry, [`init`] creates
//! packages.

mod deps;
mod graph;
mod init;
mod remote;

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use seen_pkg::cache::Cache;
use seen_pkg::ops::{Options, Project, Synced};
use seen_pkg::source::RegistryUrl;
use serde_json::{Value, json};

use super::output::{self, Out};
use super::progress::Bars;
use super::{Common, PackageCommand};
use crate::Global;

/// What every subcommand needs.
struct Ctx<'a> {
    global: &'a Global,
    common: &'a Common,
    out: Out,
    bars: Bars,
}

impl Ctx<'_> {
    /// Options from the flags and `SEEN_REGISTRY`, `SEEN_REGISTRY_TOKEN`,
    /// `SEEN_CACHE_DIR`.
    fn options(&self) -> Result<Options<'_>, seen_pkg::Error> {
        let mut options = Options::new(Cache::from_env()?, &self.bars);
        options.locked = self.common.locked;
        options.offline = self.common.offline;
        options.frozen = self.common.frozen;
        let registry = self
            .common
            .registry
            .clone()
            .or_else(|| env("SEEN_REGISTRY"));
        let cwd = std::env::current_dir().map_err(|e| seen_pkg::Error::Io {
            action: "find",
            path: ".".into(),
            source: e,
        })?;
        options.registry = registry.map(|r| RegistryUrl::parse(&r, &cwd)).transpose()?;
        options.token = self
            .common
            .token
            .clone()
            .or_else(|| env("SEEN_REGISTRY_TOKEN"));
        Ok(options)
    }

    fn project(&self) -> Result<Project, seen_pkg::Error> {
        Project::load(&self.common.project)
    }

    /// Prints the lock file changes of a sync.
    fn report_lock(&self, synced: &Synced) {
        if synced.locked.changed {
            for change in &synced.locked.changes {
                self.out.status(format!("locking: {change}"));
            }
        } else {
            self.out.detail("Seen.lock is up to date");
        }
    }
}

/// A non-empty environment variable.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The packages of a sync as JSON.
fn packages_json(synced: &Synced, root: &Path) -> Value {
    let packages: Vec<Value> = synced
        .locked
        .resolution
        .packages
        .iter()
        .zip(&synced.dirs)
        .map(|(p, dir)| {
            json!({
                "name": p.summary.name,
                "version": p.summary.version.to_string(),
                "source": p.summary.source.to_lock_string(root),
                "features": p.features,
                "dir": dir.display().to_string(),
            })
        })
        .collect();
    json!({ "lock_changed": synced.locked.changed, "changes": synced.locked.changes, "packages": packages })
}

/// Runs one subcommand; package errors are printed as diagnostics.
pub fn run(global: &Global, common: &Common, command: &PackageCommand) -> Result<ExitCode> {
    let out = Out::new(global, common.quiet, common.verbose);
    let ctx = Ctx {
        global,
        common,
        out,
        bars: Bars::new(out),
    };
    let result = match command {
        PackageCommand::Init { name, lib } => init::run(&ctx, name.as_deref(), *lib),
        PackageCommand::Add {
            specs,
            dev,
            build,
            features,
            no_default_features,
            optional,
            path,
        } => {
            let flags = deps::AddFlags {
                kind: deps::kind(*dev, *build),
                features,
                default_features: !no_default_features,
                optional: *optional,
                path: path.as_deref(),
            };
            deps::add(&ctx, specs, &flags)
        }
        PackageCommand::Remove { names, dev, build } => {
            deps::remove(&ctx, names, deps::kind(*dev, *build))
        }
        PackageCommand::Update { names } => graph::update(&ctx, names),
        PackageCommand::Fetch => graph::fetch(&ctx),
        PackageCommand::Tree => graph::tree(&ctx),
        PackageCommand::Search { query, limit } => remote::search(&ctx, query, *limit),
        PackageCommand::Publish => remote::publish(&ctx),
        PackageCommand::Yank { spec, undo } => remote::yank(&ctx, spec, !undo),
    };
    Ok(result.unwrap_or_else(|e| output::error(global, &e)))
}
