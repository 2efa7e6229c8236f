//! Every diagnostic code of the package manager (E0600-E0699), with its
//! explanation.
//!
//! The table has the same shape as the compiler's, so the CLI merges both
//! for `seen explain`; `docs/packages.md` lists the same codes.

/// A code, its one-line title and its explanation (Markdown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeDoc {
    /// `E0600`
    pub code: &'static str,
    /// What the code means, in a few words.
    pub title: &'static str,
    /// A longer explanation with an example and the fix.
    pub explanation: &'static str,
}

/// `Seen.toml` or `Seen.lock` is not valid TOML.
pub const TOML_SYNTAX: &str = "E0600";
/// A key the manifest does not know.
pub const UNKNOWN_KEY: &str = "E0601";
/// A package name that breaks the naming rules.
pub const BAD_NAME: &str = "E0602";
/// A version that is not a semantic version.
pub const BAD_VERSION: &str = "E0603";
/// A version requirement that does not parse.
pub const BAD_REQUIREMENT: &str = "E0604";
/// A dependency entry of the wrong shape.
pub const BAD_DEPENDENCY: &str = "E0605";
/// A required key or section is missing, or a value has the wrong type.
pub const BAD_FIELD: &str = "E0606";
/// A feature that names something that does not exist.
pub const BAD_FEATURE: &str = "E0607";
/// No set of versions satisfies every requirement.
pub const NO_SOLUTION: &str = "E0610";
/// `--locked` or `--frozen` and the lock file would change.
pub const LOCK_OUTDATED: &str = "E0611";
/// `--offline` or `--frozen` and the network is needed.
pub const OFFLINE: &str = "E0612";
/// `Seen.lock` cannot be read.
pub const BAD_LOCKFILE: &str = "E0613";
/// No registry is configured but one is needed.
pub const NO_REGISTRY: &str = "E0614";
/// A downloaded archive does not match its checksum.
pub const CHECKSUM: &str = "E0620";
/// An archive that tries to write outside its folder, or is too big.
pub const UNSAFE_ARCHIVE: &str = "E0621";
/// A registry request failed.
pub const REGISTRY: &str = "E0622";
/// The registry's index file is malformed.
pub const BAD_INDEX: &str = "E0623";
/// The version is already published.
pub const VERSION_EXISTS: &str = "E0624";
/// Publishing or yanking was refused: wrong or missing token.
pub const UNAUTHORIZED: &str = "E0625";
/// The package has errors, so it is not published.
pub const CHECK_FAILED: &str = "E0626";
/// A package cannot be published as it is.
pub const NOT_PUBLISHABLE: &str = "E0627";
/// Packages depend on each other in a cycle, so they cannot be built.
pub const CYCLE: &str = "E0630";
/// Reading or writing a file failed.
pub const IO: &str = "E0640";
/// A request that cannot be carried out as asked.
pub const INVALID: &str = "E0641";

/// The codes of the package manager, in order.
pub static CODES: &[CodeDoc] = &[
    CodeDoc {
        code: TOML_SYNTAX,
        title: "the file is not valid TOML",
        explanation: "`Seen.toml` (or `Seen.lock`) must be valid TOML. The position points at the \
first character the TOML reader could not accept: often an unquoted string or a missing `]`.\n\n\
```toml\n[package]\nname = my-app      # error: strings need quotes\n```\n\nWrite `name = \"my-app\"`.",
    },
    CodeDoc {
        code: UNKNOWN_KEY,
        title: "unknown key in the manifest",
        explanation: "Each section of `Seen.toml` accepts a fixed set of keys (see \
`docs/packages.md`). A misspelt key is an error rather than silently ignored.\n\n```toml\n\
[package]\nname = \"app\"\nverison = \"0.1.0\"   # error: did you mean `version`?\n```",
    },
    CodeDoc {
        code: BAD_NAME,
        title: "invalid package name",
        explanation: "Package names start with a lowercase ASCII letter and contain lowercase \
letters, digits and single `-` between them, at most 64 characters. `_` is not allowed: a \
package named `seen-gpu` is imported as `seen_gpu`, so `_` is reserved for the import name. \
`std` and `core` are reserved.\n\n```toml\nname = \"My_App\"   # error\nname = \"my-app\"   # ok\n```",
    },
    CodeDoc {
        code: BAD_VERSION,
        title: "invalid version",
        explanation: "A package's version is a semantic version: three numbers, with an optional \
pre-release (`-alpha.1`) and build metadata (`+abc`).\n\n```toml\nversion = \"1.0\"     # error\n\
version = \"1.0.0\"   # ok\n```",
    },
    CodeDoc {
        code: BAD_REQUIREMENT,
        title: "invalid version requirement",
        explanation: "Dependencies use Cargo's requirement syntax: `1.2.3` or `^1.2.3` \
(compatible), `~1.2` (same minor), `=1.2.3`, `>=1.2, <1.5`, `1.*`, `*`.\n\n```toml\n\
[dependencies]\nfoo = \"> = 1\"   # error\nfoo = \">=1\"    # ok\n```",
    },
    CodeDoc {
        code: BAD_DEPENDENCY,
        title: "invalid dependency",
        explanation: "A dependency is a requirement string (`foo = \"1.2\"`) or a table with \
`version`, `path`, `features`, `default-features` and `optional`. A table needs `version` or \
`path` (or both).\n\n```toml\n[dependencies]\nfoo = { features = [\"x\"] }            # error: \
which version?\nfoo = { version = \"1\", features = [\"x\"] }  # ok\n```",
    },
    CodeDoc {
        code: BAD_FIELD,
        title: "missing or mistyped field",
        explanation: "`[package]` with `name` and `version` is required, and each key has a type: \
`authors` is an array of strings, `no_std` a boolean, and so on.\n\n```toml\n[package]\n\
name = \"app\"\n# error: `version` is missing\n```",
    },
    CodeDoc {
        code: BAD_FEATURE,
        title: "invalid feature",
        explanation: "Each entry of a `[features]` list is another feature of the package, \
`dep:NAME` (an optional dependency), or `NAME/FEATURE` (a feature of a dependency, enabling it \
if optional). Every name must exist, and `dep:` only names optional dependencies.\n\n```toml\n\
[features]\nfast = [\"simd\"]     # error if there is no feature or optional dependency `simd`\n```",
    },
    CodeDoc {
        code: NO_SOLUTION,
        title: "no versions satisfy every requirement",
        explanation: "The resolver (PubGrub) proved that no choice of versions satisfies all the \
requirements, and the notes explain why, step by step (\"Because ... we can conclude that \
...\"). Loosen one of the requirements named in the explanation, or update the package that \
asks for an old version. Two different major versions of one package can be used together, so \
conflicts only arise within one major line (`1.x`, or `0.3.x` before 1.0).",
    },
    CodeDoc {
        code: LOCK_OUTDATED,
        title: "the lock file would change",
        explanation: "`--locked` (and `--frozen`) promise that `Seen.lock` is up to date; the \
command found that it needs to change (the manifest changed, or a locked version disappeared) \
and stopped without changing anything. Run the command without `--locked` and commit the new \
`Seen.lock`.",
    },
    CodeDoc {
        code: OFFLINE,
        title: "the network is needed but not allowed",
        explanation: "`--offline` (and `--frozen`) forbid the network. The command needed a \
registry index file or an archive that is not in the cache. Run it once online (for example \
`seen package fetch`) to fill the cache.",
    },
    CodeDoc {
        code: BAD_LOCKFILE,
        title: "invalid lock file",
        explanation: "`Seen.lock` is written by `seen package`; this one cannot be read (it was \
edited by hand, or a merge left conflict markers). Delete it and run `seen package update` to \
write a fresh one.",
    },
    CodeDoc {
        code: NO_REGISTRY,
        title: "no registry configured",
        explanation: "The package has registry dependencies (or the command talks to a \
registry), but no registry is named. Pass `--registry URL` (`http://host:port`, `file:///dir` \
or a directory) or set `SEEN_REGISTRY`. Once `Seen.lock` exists, the registry recorded there is \
used.",
    },
    CodeDoc {
        code: CHECKSUM,
        title: "checksum mismatch",
        explanation: "A package archive's SHA-256 differs from the checksum in `Seen.lock` or in \
the registry's index, so it was not used. Either the download was corrupted, or the package \
was replaced after it was locked, which a registry must never do. Nothing was written to the \
cache. If the lock file is wrong, delete its entry and run `seen package update NAME`.",
    },
    CodeDoc {
        code: UNSAFE_ARCHIVE,
        title: "unsafe package archive",
        explanation: "A package archive was refused before anything was written: an entry with \
an absolute path, a `..` component, a link (packages never contain links), a device file, an \
entry outside the `NAME-VERSION/` folder, or more data than the size limits allow.",
    },
    CodeDoc {
        code: REGISTRY,
        title: "registry request failed",
        explanation: "The registry answered with an error status, the connection failed, or a \
download was cut short. The cache and `Seen.lock` are left as they were; try again later.",
    },
    CodeDoc {
        code: BAD_INDEX,
        title: "malformed index file",
        explanation: "A registry index file must hold one JSON object per line (see \
`docs/packages.md`). The registry is broken; tell whoever runs it.",
    },
    CodeDoc {
        code: VERSION_EXISTS,
        title: "version already published",
        explanation: "A published version is never overwritten, so that everyone who locked it \
gets the same bytes. Bump `version` in `Seen.toml` and publish again.",
    },
    CodeDoc {
        code: UNAUTHORIZED,
        title: "not authorized",
        explanation: "Publishing and yanking need the registry's token: pass `--token TOKEN` or \
set `SEEN_REGISTRY_TOKEN`. A registry started without a token takes no uploads.",
    },
    CodeDoc {
        code: CHECK_FAILED,
        title: "the package has errors",
        explanation: "`seen package publish` checks the package before uploading it; the \
diagnostics above say what to fix.",
    },
    CodeDoc {
        code: NOT_PUBLISHABLE,
        title: "package cannot be published",
        explanation: "A published package must stand on its own: every dependency needs a \
`version` (a `path` alone only exists on your machine), and the package may not contain links \
or files outside its folder.",
    },
    CodeDoc {
        code: CYCLE,
        title: "dependency cycle",
        explanation: "The resolved packages depend on each other in a circle, so none of them can \
be built first. Resolution accepts such graphs, but a build cannot: break the cycle by moving \
the shared code into a package both depend on.",
    },
    CodeDoc {
        code: IO,
        title: "file error",
        explanation: "A file or directory could not be read or written; the message names it and \
gives the system's reason.",
    },
    CodeDoc {
        code: INVALID,
        title: "request cannot be carried out",
        explanation: "The command was asked for something that cannot be done as asked: `init` where a \
`Seen.toml` already exists, `remove` of a dependency that is not there, a server address that cannot \
be bound, a cache directory that cannot be found, or a package check that could not run. The \
message says which; the help line how to go on.",
    },
];

/// The explanation of a code, if it is a package code.
///
/// ```
/// assert_eq!(seen_pkg::codes::lookup("E0610").unwrap().title, "no versions satisfy every requirement");
/// assert!(seen_pkg::codes::lookup("E0001").is_none());
/// ```
pub fn lookup(code: &str) -> Option<&'static CodeDoc> {
    CODES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_in_range() {
        for pair in CODES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        for c in CODES {
            assert!(
                ("E0600"..="E0699").contains(&c.code),
                "{} out of range",
                c.code
            );
            assert!(
                !c.title.ends_with('.'),
                "{} title ends with a period",
                c.code
            );
        }
    }
}
