//! Progress reports: the library says what it is doing, the caller decides
//! how to show it (the CLI draws bars on a terminal and prints nothing
//! otherwise).

/// Something worth telling the user while an operation runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// Reading index files and resolving.
    Resolving,
    /// Resolution finished with this many packages (root included).
    Resolved {
        /// How many packages.
        packages: usize,
    },
    /// Fetching starts: this many archives are missing from the cache.
    FetchStart {
        /// Archives to download.
        downloads: usize,
    },
    /// A download starts.
    DownloadStart {
        /// The package.
        name: &'a str,
        /// Its version.
        version: &'a str,
        /// The archive's size, when the server said.
        size: Option<u64>,
    },
    /// Bytes of the current download arrived.
    DownloadProgress {
        /// Bytes so far.
        bytes: u64,
    },
    /// A package is in the cache, verified and unpacked.
    Fetched {
        /// The package.
        name: &'a str,
        /// Its version.
        version: &'a str,
        /// Whether it had to be downloaded.
        downloaded: bool,
    },
    /// Fetching finished.
    FetchDone,
    /// A detail for `--verbose`: a URL fetched, a cache hit.
    Detail(String),
}

/// Receives [`Event`]s.
pub trait Progress {
    /// Called for each event, on the thread that does the work.
    fn event(&self, event: Event<'_>);
}

/// Ignores every event.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn event(&self, _: Event<'_>) {}
}
