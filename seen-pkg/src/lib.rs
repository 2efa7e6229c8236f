//! `seen-pkg`: Seen's package manager as a library.
//!
//! It takes a package directory (its `Seen.toml`, its `Seen.lock`) and a
//! registry (a directory, or an HTTP server speaking the sparse-index
//! protocol in `docs/packages.md`), and gives back a resolved, locked and
//! fetched dependency graph: [`manifest`] reads and edits manifests with
//! positioned diagnostics, [`version`] maps Cargo's requirement syntax onto
//! version sets, [`resolve`] runs PubGrub and explains conflicts in
//! sentences, [`lockfile`] writes `Seen.lock`, [`registry`] reads, serves and
//! publishes to registries, [`cache`] keeps verified archives and unpacked
//! sources, [`ops`] strings these together for the `seen package` commands,
//! and [`build`] gives a compiler the list of packages to build. Start
//! reading at [`ops`].
//!
//! ```
//! let manifest = seen_pkg::manifest::Manifest::parse(
//!     "[package]\nname = \"seen-gpu\"\nversion = \"0.1.0\"\n",
//!     std::path::Path::new("Seen.toml"),
//! ).unwrap();
//! assert_eq!(manifest.package.name.import_name(), "seen_gpu");
//! ```
//!
//! Architecture invariant: this crate depends on no compiler crate
//! (`seen-syntax`, `seen-sema`, ...). Where it must build or check a package
//! (before `publish`), its caller passes that step in as a closure.
//!
//! Architecture invariant: every file it writes (lock file, manifest edits,
//! cache entries, registry index and archives) is written to a temporary
//! file in the same directory and renamed into place, so an interrupted run
//! never leaves a half-written file; unpacked sources appear by renaming a
//! finished directory.
//!
//! Architecture invariant: it never prints. Progress goes through the
//! [`progress::Progress`] trait; errors are [`Error`] values that carry a
//! diagnostic code (`E06xx`) and, for errors in a file, a byte span.

#![deny(missing_docs)]

pub mod archive;
pub mod build;
pub mod cache;
pub mod checksum;
pub mod codes;
pub mod diagnostic;
mod error;
pub mod fsutil;
pub mod index;
pub mod lockfile;
pub mod manifest;
pub mod name;
pub mod ops;
pub mod progress;
pub mod registry;
pub mod resolve;
pub mod source;
pub mod summary;
pub mod tree;
pub mod version;

pub use error::{ArchiveProblem, Error};
pub use name::PackageName;

/// The manifest's file name.
pub const MANIFEST_NAME: &str = "Seen.toml";
/// The lock file's file name.
pub const LOCKFILE_NAME: &str = "Seen.lock";
