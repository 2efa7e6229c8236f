//! Package names: the rules they follow and the name a package is
//! imported by.

use std::fmt;

/// The longest package name, in bytes.
pub const MAX_NAME_LEN: usize = 64;

const RESERVED: &[&str] = &["std", "core"];

/// A valid package name: a lowercase ASCII letter, then lowercase letters,
/// digits and single `-` between them.
///
/// ```
/// use seen_pkg::PackageName;
/// let name = PackageName::new("seen-gpu").unwrap();
/// assert_eq!(name.import_name(), "seen_gpu");
/// assert!(PackageName::new("Seen_GPU").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PackageName(String);

/// Why a name is not a valid package name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid package name `{name}`: {reason}")]
pub struct NameError {
    /// The name given.
    pub name: String,
    /// What rule it breaks.
    pub reason: String,
    /// A valid spelling close to it, when there is one.
    pub suggestion: Option<String>,
}

impl PackageName {
    /// Checks `name` against the rules.
    pub fn new(name: &str) -> Result<PackageName, NameError> {
        match problem(name) {
            None => Ok(PackageName(name.to_string())),
            Some(reason) => Err(NameError {
                name: name.to_string(),
                reason: reason.to_string(),
                suggestion: suggest(name).filter(|s| s != name),
            }),
        }
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name the package is imported by: `-` becomes `_`.
    pub fn import_name(&self) -> String {
        self.0.replace('-', "_")
    }
}

impl fmt::Display for PackageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PackageName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

fn problem(name: &str) -> Option<&'static str> {
    let Some(first) = name.chars().next() else {
        return Some("names cannot be empty");
    };
    if name.len() > MAX_NAME_LEN {
        return Some("names are at most 64 characters long");
    }
    if !first.is_ascii_lowercase() {
        return Some("names start with a lowercase ASCII letter");
    }
    if name.contains('_') {
        return Some("names use `-`, not `_` (`_` is reserved for the import name)");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Some("names contain only lowercase ASCII letters, digits and `-`");
    }
    if name.ends_with('-') || name.contains("--") {
        return Some("a `-` must sit between two letters or digits");
    }
    if RESERVED.contains(&name) {
        return Some("this name is reserved for the standard library");
    }
    None
}

fn suggest(name: &str) -> Option<String> {
    let mut out = String::new();
    for c in name
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .chars()
    {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
        .to_string();
    problem(&out).is_none().then_some(out)
}

/// Whether `name` is a valid package name.
pub fn is_valid(name: &str) -> bool {
    problem(name).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_invalid() {
        assert!(PackageName::new("").is_err());
        assert!(!is_valid(""));
    }

    #[test]
    fn rules() {
        for ok in ["a", "seen-gpu", "x86-simd", "abc123"] {
            assert!(PackageName::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "A",
            "1abc",
            "a_b",
            "a--b",
            "a-",
            "-a",
            "a.b",
            "std",
            "héllo",
            &"a".repeat(65),
        ] {
            assert!(PackageName::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            PackageName::new("My_App")
                .unwrap_err()
                .suggestion
                .as_deref(),
            Some("my-app")
        );
        assert_eq!(PackageName::new("std").unwrap_err().suggestion, None);
    }
}
