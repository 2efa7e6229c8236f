//! Where packages come from: the root directory, a path, or a registry
//! (a local directory or an HTTP server), and how the lock file spells
//! each.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::Error;

/// A registry's address.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RegistryUrl {
    /// A registry laid out in a local directory (`file:///dir` or a path).
    Dir(PathBuf),
    /// An HTTP(S) registry; the base URL without a trailing `/`.
    Http(String),
}

impl RegistryUrl {
    /// Reads `http://host:port[/prefix]`, `https://...`, `file:///dir` or a
    /// directory path (relative to `base`).
    ///
    /// ```
    /// use seen_pkg::source::RegistryUrl;
    /// let here = std::path::Path::new("/work");
    /// assert_eq!(RegistryUrl::parse("http://127.0.0.1:8080/", here).unwrap().to_string(), "http://127.0.0.1:8080");
    /// assert_eq!(RegistryUrl::parse("file:///srv/reg", here).unwrap().to_string(), "file:///srv/reg");
    /// assert_eq!(RegistryUrl::parse("reg", here).unwrap().to_string(), "file:///work/reg");
    /// assert!(RegistryUrl::parse("ftp://x", here).is_err());
    /// ```
    pub fn parse(text: &str, base: &Path) -> Result<RegistryUrl, Error> {
        let bad = |reason: &str| Error::BadRegistryUrl {
            url: text.to_string(),
            reason: reason.to_string(),
        };
        if let Some(rest) = text.strip_prefix("file://") {
            if !rest.starts_with('/') {
                return Err(bad(
                    "a `file://` address needs an absolute path, like `file:///srv/registry`",
                ));
            }
            return Ok(RegistryUrl::Dir(normalize(Path::new(rest))));
        }
        if text.starts_with("http://") || text.starts_with("https://") {
            let trimmed = text.trim_end_matches('/');
            let host = trimmed
                .split_once("://")
                .map(|(_, h)| h)
                .unwrap_or_default();
            if host.is_empty() || host.starts_with('/') {
                return Err(bad("the address has no host"));
            }
            if trimmed.contains(['?', '#', ' ']) {
                return Err(bad("a registry address has no query, fragment or spaces"));
            }
            return Ok(RegistryUrl::Http(trimmed.to_string()));
        }
        if text.contains("://") {
            return Err(bad(
                "registries are `http://`, `https://` or `file://` addresses",
            ));
        }
        if text.is_empty() {
            return Err(bad("the address is empty"));
        }
        Ok(RegistryUrl::Dir(normalize(&base.join(text))))
    }
}

impl fmt::Display for RegistryUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryUrl::Dir(dir) => write!(f, "file://{}", dir.display()),
            RegistryUrl::Http(url) => f.write_str(url),
        }
    }
}

/// Where a resolved package comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// The package being worked on.
    Root,
    /// A local directory (absolute, normalised).
    Path(PathBuf),
    /// A registry.
    Registry(RegistryUrl),
}

impl Source {
    /// The lock file's spelling: `path+RELATIVE` (to `root_dir`) or
    /// `registry+URL`; `None` for the root.
    pub fn to_lock_string(&self, root_dir: &Path) -> Option<String> {
        match self {
            Source::Root => None,
            Source::Path(dir) => Some(format!("path+{}", relative(dir, root_dir))),
            Source::Registry(url) => Some(format!("registry+{url}")),
        }
    }

    /// Reads the lock file's spelling back.
    pub fn from_lock_string(text: &str, root_dir: &Path) -> Option<Source> {
        if let Some(path) = text.strip_prefix("path+") {
            return Some(Source::Path(normalize(&root_dir.join(path))));
        }
        let url = text.strip_prefix("registry+")?;
        RegistryUrl::parse(url, root_dir).ok().map(Source::Registry)
    }
}

/// Removes `.` and resolves `..` lexically (without touching the disk).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `base`, with `/` separators (both absolute and
/// normalised).
pub fn relative(path: &Path, base: &Path) -> String {
    let p: Vec<_> = path.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_strings_round_trip() {
        let root = Path::new("/w/app");
        for s in [
            Source::Path(PathBuf::from("/w/lib")),
            Source::Registry(RegistryUrl::Http("http://h:1".into())),
        ] {
            let text = s.to_lock_string(root).unwrap();
            assert_eq!(Source::from_lock_string(&text, root), Some(s));
        }
        assert_eq!(
            Source::Path(PathBuf::from("/w/lib"))
                .to_lock_string(root)
                .unwrap(),
            "path+../lib"
        );
        assert_eq!(relative(Path::new("/w/app/sub"), root), "sub");
        assert_eq!(relative(root, root), ".");
    }
}
