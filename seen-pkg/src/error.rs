//! The crate's error type: one variant per kind of failure, each with the
//! data needed to explain it and a diagnostic code.

use std::io;
use std::path::PathBuf;

use crate::codes;
use crate::diagnostic::FileDiagnostics;

/// Anything that can go wrong in the package manager.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems at places in a file (a manifest, a lock file).
    #[error("{0}")]
    File(Box<FileDiagnostics>),
    /// A file or directory could not be read or written.
    #[error("cannot {action} `{}`", path.display())]
    Io {
        /// What was being done: "read", "write", "create", ...
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The system's reason.
        #[source]
        source: io::Error,
    },
    /// The directory has no `Seen.toml`.
    #[error("no `Seen.toml` in `{}`", dir.display())]
    NoManifest {
        /// The directory searched.
        dir: PathBuf,
    },
    /// The resolver proved that no versions satisfy every requirement.
    #[error("no versions of the dependencies of `{root}` satisfy every requirement")]
    NoSolution {
        /// The root package.
        root: String,
        /// The explanation, one sentence per line ("Because ...").
        explanation: String,
    },
    /// The lock file would change but `--locked` or `--frozen` was given.
    #[error("`Seen.lock` needs to change, but {flag} was given")]
    LockOutdated {
        /// `--locked` or `--frozen`.
        flag: &'static str,
        /// What would change, one line each.
        changes: Vec<String>,
    },
    /// The network is needed but `--offline` or `--frozen` was given.
    #[error("{what} is not in the cache, and {flag} forbids the network")]
    Offline {
        /// What was needed, e.g. "the index of `foo`".
        what: String,
        /// `--offline` or `--frozen`.
        flag: &'static str,
    },
    /// A registry is needed but none is configured.
    #[error("no registry is configured, but {needed_by}")]
    NoRegistry {
        /// Why one is needed.
        needed_by: String,
    },
    /// A registry address that cannot be used.
    #[error("invalid registry address `{url}`: {reason}")]
    BadRegistryUrl {
        /// The address given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An archive's SHA-256 differs from the checksum it should have, or
    /// the lock file and the index disagree.
    #[error(
        "checksum mismatch for `{package}`: {expected_from} has {expected}, {found_from} has {found}"
    )]
    Checksum {
        /// `name version`.
        package: String,
        /// Where the expected checksum comes from: `Seen.lock` or "the registry index".
        expected_from: &'static str,
        /// The expected checksum (hex).
        expected: String,
        /// What was checked: "the downloaded archive", "the registry index".
        found_from: &'static str,
        /// Its checksum (hex).
        found: String,
    },
    /// An archive was refused before anything was written.
    #[error("refused archive of `{package}`: {problem}")]
    Archive {
        /// `name version` or the archive's file name.
        package: String,
        /// What is wrong with it.
        problem: ArchiveProblem,
    },
    /// A registry answered with an error status.
    #[error(
        "registry request `{method} {url}` failed with status {status}{}",
        detail(message)
    )]
    Http {
        /// `GET`, `PUT`, ...
        method: &'static str,
        /// The URL requested.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The server's explanation, if it gave one.
        message: String,
    },
    /// A registry could not be reached, or a transfer was cut short.
    #[error("registry request `{method} {url}` failed")]
    Transport {
        /// `GET`, `PUT`, ...
        method: &'static str,
        /// The URL requested.
        url: String,
        /// The reason.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A registry index file is malformed.
    #[error("malformed index file for `{package}` (line {line}): {reason}")]
    BadIndex {
        /// The package whose index file it is.
        package: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A package or version the registry does not have.
    #[error("{what} is not in the registry `{registry}`")]
    NotFound {
        /// "package `foo`" or "`foo 1.0.0`".
        what: String,
        /// The registry's address.
        registry: String,
    },
    /// The version is already published.
    #[error("`{package} {version}` is already published")]
    VersionExists {
        /// The package.
        package: String,
        /// The version.
        version: String,
    },
    /// Publishing or yanking was refused.
    #[error("{message}")]
    Unauthorized {
        /// The registry's explanation.
        message: String,
    },
    /// The package has errors, so it was not published.
    #[error("`{package}` has {errors} error(s), so it was not published")]
    CheckFailed {
        /// The package.
        package: String,
        /// How many errors the check found.
        errors: usize,
    },
    /// The package cannot be published as it is.
    #[error("`{package}` cannot be published: {reason}")]
    NotPublishable {
        /// The package.
        package: String,
        /// Why not.
        reason: String,
    },
    /// Resolved packages depend on each other in a cycle.
    #[error("packages depend on each other in a cycle: {}", cycle.join(" -> "))]
    Cycle {
        /// The packages around the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// A value given to an operation (not from a file) is invalid.
    #[error("{message}")]
    Invalid {
        /// The diagnostic code that fits.
        code: &'static str,
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: Option<String>,
    },
}

fn detail(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

/// Why an archive was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveProblem {
    /// An entry with an absolute path.
    #[error("entry `{path}` has an absolute path")]
    AbsolutePath {
        /// The entry's path.
        path: String,
    },
    /// An entry with a `..` component.
    #[error("entry `{path}` contains `..`")]
    ParentDir {
        /// The entry's path.
        path: String,
    },
    /// An entry outside the archive's `NAME-VERSION/` folder.
    #[error("entry `{path}` is outside the folder `{folder}/`")]
    OutsideFolder {
        /// The entry's path.
        path: String,
        /// The expected folder.
        folder: String,
    },
    /// A symbolic or hard link.
    #[error("entry `{path}` is a link to `{target}`{}", if *leaves { ", outside the package" } else { "" })]
    Link {
        /// The entry's path.
        path: String,
        /// Where it points.
        target: String,
        /// Whether it points outside the package's folder.
        leaves: bool,
    },
    /// A device, fifo or other special file.
    #[error("entry `{path}` is not a regular file or directory")]
    SpecialFile {
        /// The entry's path.
        path: String,
    },
    /// More data than the limit allows.
    #[error("it unpacks to more than {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The compressed archive is bigger than the limit.
    #[error("it is larger than {limit} bytes")]
    CompressedTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// More entries than the limit allows.
    #[error("it has more than {limit} entries")]
    TooManyEntries {
        /// The limit.
        limit: usize,
    },
    /// The archive has no `Seen.toml` at the top of its folder.
    #[error("it has no `{folder}/Seen.toml`")]
    NoManifest {
        /// The expected folder.
        folder: String,
    },
    /// The archive cannot be decoded.
    #[error("it is not a valid .tar.gz archive: {reason}")]
    Malformed {
        /// The decoder's message.
        reason: String,
    },
}

impl Error {
    /// The diagnostic code (`E06xx`, see [`crate::codes`]).
    ///
    /// ```
    /// let e = seen_pkg::Error::Cycle { cycle: vec!["a".into(), "b".into(), "a".into()] };
    /// assert_eq!(e.code(), "E0630");
    /// assert_eq!(e.to_string(), "packages depend on each other in a cycle: a -> b -> a");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Error::File(f) => f.diagnostics.first().map_or(codes::BAD_FIELD, |d| d.code),
            Error::Io { .. } | Error::NoManifest { .. } => codes::IO,
            Error::NoSolution { .. } => codes::NO_SOLUTION,
            Error::LockOutdated { .. } => codes::LOCK_OUTDATED,
            Error::Offline { .. } => codes::OFFLINE,
            Error::NoRegistry { .. } | Error::BadRegistryUrl { .. } => codes::NO_REGISTRY,
            Error::Checksum { .. } => codes::CHECKSUM,
            Error::Archive { .. } => codes::UNSAFE_ARCHIVE,
            Error::Http { .. } | Error::Transport { .. } | Error::NotFound { .. } => {
                codes::REGISTRY
            }
            Error::BadIndex { .. } => codes::BAD_INDEX,
            Error::VersionExists { .. } => codes::VERSION_EXISTS,
            Error::Unauthorized { .. } => codes::UNAUTHORIZED,
            Error::CheckFailed { .. } => codes::CHECK_FAILED,
            Error::NotPublishable { .. } => codes::NOT_PUBLISHABLE,
            Error::Cycle { .. } => codes::CYCLE,
            Error::Invalid { code, .. } => code,
        }
    }

    /// Further facts to print as `note:` lines (the conflict explanation,
    /// the lock file changes).
    pub fn notes(&self) -> Vec<String> {
        match self {
            Error::NoSolution { explanation, .. } => {
                explanation.lines().map(str::to_string).collect()
            }
            Error::LockOutdated { changes, .. } => changes.clone(),
            _ => Vec::new(),
        }
    }

    /// A suggestion to print as `help:`.
    pub fn help(&self) -> Option<String> {
        let text = match self {
            Error::LockOutdated { .. } => {
                "run the command without `--locked`/`--frozen` and commit the new `Seen.lock`"
            }
            Error::Offline { .. } => {
                "run `seen package fetch` once with the network to fill the cache"
            }
            Error::NoRegistry { .. } => "pass `--registry URL` or set `SEEN_REGISTRY`",
            Error::Checksum { .. } => {
                "the archive was not used; if the registry replaced a published version, tell its owner"
            }
            Error::VersionExists { .. } => {
                "bump `version` in `Seen.toml`: published versions are never overwritten"
            }
            Error::Unauthorized { .. } => "pass `--token TOKEN` or set `SEEN_REGISTRY_TOKEN`",
            Error::Invalid { help, .. } => return help.clone(),
            Error::Io { source, .. } => return Some(format!("the system says: {source}")),
            Error::Transport { source, .. } => {
                return Some(format!("the connection failed: {source}"));
            }
            _ => return None,
        };
        Some(text.to_string())
    }

    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
