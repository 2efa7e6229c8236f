//! `seen package ...` and `seen registry serve`: argument parsing and
//! printing over `seen_pkg`, which does the work.
//!
//! Read [`commands`] for what each subcommand does, [`output`] for how
//! results and errors are printed (data to stdout, logs and diagnostics to
//! stderr, `--message-format json` for tools), and [`progress`] for the
//! download bars.

mod commands;
mod output;
mod progress;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};

use crate::Global;

/// Arguments of `seen package`.
#[derive(Args)]
pub struct PackageArgs {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: PackageCommand,
}

/// Options every `seen package` subcommand takes.
#[derive(Args, Clone)]
struct Common {
    /// Fail instead of changing `Seen.lock`
    #[arg(long, global = true)]
    locked: bool,
    /// Fail instead of using the network (registry index and archives come from the cache)
    #[arg(long, global = true)]
    offline: bool,
    /// Both --locked and --offline
    #[arg(long, global = true)]
    frozen: bool,
    /// Print nothing but data and errors
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more about what happens (URLs, cache hits)
    #[arg(long, short, global = true)]
    verbose: bool,
    /// Registry address: http://HOST:PORT, file:///DIR or a directory [env: SEEN_REGISTRY]
    #[arg(long, global = true, value_name = "URL")]
    registry: Option<String>,
    /// Token for publishing and yanking [env: SEEN_REGISTRY_TOKEN]
    #[arg(long, global = true, value_name = "TOKEN")]
    token: Option<String>,
    /// The package directory
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    project: PathBuf,
}

#[derive(Subcommand)]
enum PackageCommand {
    /// Create a package: Seen.toml and src/main.seen (or src/lib.seen)
    Init {
        /// The package's name; creates a directory of that name (default: the current directory's name, in place)
        name: Option<String>,
        /// Create a library (src/lib.seen) instead of a program
        #[arg(long)]
        lib: bool,
    },
    /// Add dependencies to Seen.toml, then resolve, fetch and lock
    Add {
        /// NAME or NAME@REQUIREMENT (e.g. `json`, `json@1.2`, `json@>=1.2, <1.5`)
        #[arg(required = true, value_name = "NAME[@REQ]")]
        specs: Vec<String>,
        /// Add to [dev-dependencies]
        #[arg(long, conflicts_with = "build")]
        dev: bool,
        /// Add to [build-dependencies]
        #[arg(long)]
        build: bool,
        /// Features to enable (comma-separated)
        #[arg(long, value_delimiter = ',')]
        features: Vec<String>,
        /// Do not enable the dependency's default feature
        #[arg(long)]
        no_default_features: bool,
        /// Make it optional (enabled by a feature)
        #[arg(long)]
        optional: bool,
        /// A local package directory instead of the registry
        #[arg(long, value_name = "DIR")]
        path: Option<String>,
    },
    /// Remove dependencies from Seen.toml, then resolve and lock
    Remove {
        /// The dependencies to remove
        #[arg(required = true)]
        names: Vec<String>,
        /// Remove from [dev-dependencies]
        #[arg(long, conflicts_with = "build")]
        dev: bool,
        /// Remove from [build-dependencies]
        #[arg(long)]
        build: bool,
    },
    /// Resolve again, moving locked packages to their newest allowed versions
    Update {
        /// Only these packages (default: all)
        names: Vec<String>,
    },
    /// Resolve, lock and download every dependency into the cache
    Fetch,
    /// Print the dependency tree
    Tree,
    /// Search the registry's packages by name and description
    Search {
        /// Words to look for
        query: String,
        /// At most this many results
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Check the package, then upload it to the registry
    Publish,
    /// Mark a published version as yanked (kept for lock files, never chosen afresh)
    Yank {
        /// NAME@VERSION
        #[arg(value_name = "NAME@VERSION")]
        spec: String,
        /// Un-yank instead
        #[arg(long)]
        undo: bool,
    },
}

/// Arguments of `seen registry`.
#[derive(Args)]
pub struct RegistryArgs {
    #[command(subcommand)]
    command: RegistryCommand,
}

#[derive(Subcommand)]
enum RegistryCommand {
    /// Serve a registry directory over HTTP (publish with a token, download, search)
    Serve(serve::ServeArgs),
}

/// Runs `seen package`.
pub fn run(global: &Global, args: &PackageArgs) -> Result<ExitCode> {
    commands::run(global, &args.common, &args.command)
}

/// Runs `seen registry`.
pub fn run_registry(global: &Global, args: &RegistryArgs) -> Result<ExitCode> {
    match &args.command {
        RegistryCommand::Serve(serve) => serve::run(global, serve),
    }
}
