//! Versions and requirements: Cargo's requirement syntax (through the
//! `semver` crate) mapped onto the version sets PubGrub computes with, and
//! the compatibility lines that let two major versions of a package live in
//! one build.
//!
//! A requirement becomes the intersection of its comparators' ranges.
//! Upper bounds a requirement implies (`^1.2` stops before `2.0.0`) stop
//! before the lowest pre-release of that version (`2.0.0-0`), so `^1.2`
//! never admits `2.0.0-alpha`. Whether pre-releases are candidates at all is
//! the resolver's choice (see [`crate::resolve`]).

use std::fmt;
use std::ops::Bound;

use pubgrub::Ranges;
use semver::{BuildMetadata, Comparator, Op, Prerelease, Version, VersionReq};

/// A set of versions, as PubGrub computes with.
pub type VersionSet = Ranges<Version>;

/// A compatibility line: the versions that are semver-compatible with each
/// other. One build holds at most one version per package and line.
///
/// ```
/// use seen_pkg::version::Line;
/// let v = |s| semver::Version::parse(s).unwrap();
/// assert_eq!(Line::of(&v("1.4.2")).to_string(), "1");
/// assert_eq!(Line::of(&v("0.3.9")).to_string(), "0.3");
/// assert_eq!(Line::of(&v("0.0.7")).to_string(), "0.0.7");
/// assert!(Line::of(&v("1.4.2")).range().contains(&v("1.99.0")));
/// assert!(!Line::of(&v("1.4.2")).range().contains(&v("2.0.0-alpha")));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Line {
    /// `major.*` for major >= 1.
    Major(u64),
    /// `0.minor.*` for minor >= 1.
    Minor(u64),
    /// `0.0.patch`.
    Patch(u64),
}

impl Line {
    /// The line a version belongs to.
    pub fn of(v: &Version) -> Line {
        if v.major > 0 {
            Line::Major(v.major)
        } else if v.minor > 0 {
            Line::Minor(v.minor)
        } else {
            Line::Patch(v.patch)
        }
    }

    /// Every version of the line, pre-releases included.
    pub fn range(self) -> VersionSet {
        let (low, high) = match self {
            Line::Major(m) => (floor(m, 0, 0), floor(m.saturating_add(1), 0, 0)),
            Line::Minor(n) => (floor(0, n, 0), floor(0, n.saturating_add(1), 0)),
            Line::Patch(p) => (floor(0, 0, p), floor(0, 0, p.saturating_add(1))),
        };
        Ranges::between(low, high)
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Line::Major(m) => write!(f, "{m}"),
            Line::Minor(n) => write!(f, "0.{n}"),
            Line::Patch(p) => write!(f, "0.0.{p}"),
        }
    }
}

/// The set of versions a requirement matches (pre-releases aside).
///
/// ```
/// use seen_pkg::version::req_to_set;
/// let set = req_to_set(&semver::VersionReq::parse("^1.2").unwrap());
/// let v = |s| semver::Version::parse(s).unwrap();
/// assert!(set.contains(&v("1.2.0")) && set.contains(&v("1.9.9")));
/// assert!(!set.contains(&v("1.1.9")) && !set.contains(&v("2.0.0")));
/// ```
pub fn req_to_set(req: &VersionReq) -> VersionSet {
    req.comparators.iter().fold(Ranges::full(), |set, c| {
        set.intersection(&comparator_set(c))
    })
}

/// Whether a requirement names a pre-release (`^1.0.0-beta`), which makes
/// pre-releases of the package candidates.
pub fn names_prerelease(req: &VersionReq) -> bool {
    req.comparators.iter().any(|c| !c.pre.is_empty())
}

fn comparator_set(c: &Comparator) -> VersionSet {
    let m = c.major;
    let exact = |mi: u64, pa: u64| Version {
        major: m,
        minor: mi,
        patch: pa,
        pre: c.pre.clone(),
        build: BuildMetadata::EMPTY,
    };
    let next = |n: u64| n.saturating_add(1);
    match (c.op, c.minor, c.patch) {
        (Op::Exact, Some(mi), Some(pa)) => Ranges::singleton(exact(mi, pa)),
        (Op::Exact | Op::Wildcard | Op::Tilde, Some(mi), None) => {
            Ranges::between(plain(m, mi, 0), floor(m, next(mi), 0))
        }
        (Op::Exact | Op::Wildcard | Op::Tilde, None, _) => {
            Ranges::between(plain(m, 0, 0), floor(next(m), 0, 0))
        }
        (Op::Tilde, Some(mi), Some(pa)) => Ranges::between(exact(mi, pa), floor(m, next(mi), 0)),
        (Op::Greater, Some(mi), Some(pa)) => Ranges::strictly_higher_than(exact(mi, pa)),
        (Op::Greater, Some(mi), None) => Ranges::higher_than(plain(m, next(mi), 0)),
        (Op::Greater, None, _) => Ranges::higher_than(plain(next(m), 0, 0)),
        (Op::GreaterEq, Some(mi), Some(pa)) => Ranges::higher_than(exact(mi, pa)),
        (Op::GreaterEq, Some(mi), None) => Ranges::higher_than(plain(m, mi, 0)),
        (Op::GreaterEq, None, _) => Ranges::higher_than(plain(m, 0, 0)),
        (Op::Less, Some(mi), Some(pa)) if !c.pre.is_empty() => {
            Ranges::strictly_lower_than(exact(mi, pa))
        }
        (Op::Less, Some(mi), Some(pa)) => Ranges::strictly_lower_than(floor(m, mi, pa)),
        (Op::Less, Some(mi), None) => Ranges::strictly_lower_than(floor(m, mi, 0)),
        (Op::Less, None, _) => Ranges::strictly_lower_than(floor(m, 0, 0)),
        (Op::LessEq, Some(mi), Some(pa)) => Ranges::lower_than(exact(mi, pa)),
        (Op::LessEq, Some(mi), None) => Ranges::strictly_lower_than(floor(m, next(mi), 0)),
        (Op::LessEq, None, _) => Ranges::strictly_lower_than(floor(next(m), 0, 0)),
        (Op::Caret, minor, patch) => caret_set(m, minor, patch, &c.pre),
        // `semver::Op` is non-exhaustive; every operator it has today is
        // listed above, and a future one is matched loosely rather than not
        // at all.
        _ => Ranges::full(),
    }
}

fn caret_set(m: u64, minor: Option<u64>, patch: Option<u64>, pre: &Prerelease) -> VersionSet {
    let next = |n: u64| n.saturating_add(1);
    let low = |mi: u64, pa: u64| Version {
        major: m,
        minor: mi,
        patch: pa,
        pre: pre.clone(),
        build: BuildMetadata::EMPTY,
    };
    match (m, minor, patch) {
        (0, Some(0), Some(pa)) => Ranges::between(low(0, pa), floor(0, 0, next(pa))),
        (0, Some(mi), Some(pa)) => Ranges::between(low(mi, pa), floor(0, next(mi), 0)),
        (_, Some(mi), Some(pa)) => Ranges::between(low(mi, pa), floor(next(m), 0, 0)),
        (0, Some(mi), None) => Ranges::between(plain(0, mi, 0), floor(0, next(mi), 0)),
        (_, Some(mi), None) => Ranges::between(plain(m, mi, 0), floor(next(m), 0, 0)),
        (_, None, _) => Ranges::between(plain(m, 0, 0), floor(next(m), 0, 0)),
    }
}

fn plain(major: u64, minor: u64, patch: u64) -> Version {
    Version::new(major, minor, patch)
}

/// The lowest version with these numbers: `major.minor.patch-0`.
fn floor(major: u64, minor: u64, patch: u64) -> Version {
    Version {
        major,
        minor,
        patch,
        pre: Prerelease::new("0").expect("`0` is a valid pre-release"),
        build: BuildMetadata::EMPTY,
    }
}

/// A version set as people read it: `>=1.2.0, <2.0.0`, `1.4.0`, `*`,
/// with ` or ` between disjoint pieces.
///
/// ```
/// use seen_pkg::version::{display_set, req_to_set};
/// let set = req_to_set(&semver::VersionReq::parse("^1.2").unwrap());
/// assert_eq!(display_set(&set), ">=1.2.0, <2.0.0");
/// ```
pub fn display_set(set: &VersionSet) -> String {
    if set == &Ranges::full() {
        return "*".to_string();
    }
    if set.is_empty() {
        return "no version".to_string();
    }
    let pieces: Vec<String> = set
        .iter()
        .map(|(low, high)| display_segment(low, high))
        .collect();
    pieces.join(" or ")
}

fn display_segment(low: &Bound<Version>, high: &Bound<Version>) -> String {
    use Bound::{Excluded, Included, Unbounded};
    match (low, high) {
        (Included(a), Included(b)) if a == b => show(a),
        (Unbounded, Unbounded) => "*".to_string(),
        (Unbounded, _) => upper(high),
        (_, Unbounded) => lower(low),
        (Included(_) | Excluded(_), Included(_) | Excluded(_)) => {
            format!("{}, {}", lower(low), upper(high))
        }
    }
}

fn lower(b: &Bound<Version>) -> String {
    match b {
        Bound::Included(v) => format!(">={}", show(v)),
        Bound::Excluded(v) => format!(">{}", show(v)),
        Bound::Unbounded => String::new(),
    }
}

fn upper(b: &Bound<Version>) -> String {
    match b {
        Bound::Included(v) => format!("<={}", show(v)),
        Bound::Excluded(v) => format!("<{}", show(v)),
        Bound::Unbounded => String::new(),
    }
}

/// A version as written, with the internal `-0` floor marker removed.
fn show(v: &Version) -> String {
    if v.pre.as_str() == "0" {
        format!("{}.{}.{}", v.major, v.minor, v.patch)
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(req: &str) -> VersionSet {
        req_to_set(&VersionReq::parse(req).unwrap())
    }

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    /// Each requirement against versions it must and must not contain;
    /// the expectations are Cargo's.
    #[test]
    fn requirements_match_like_cargo() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "1.2.3",
                &["1.2.3", "1.9.0"],
                &["1.2.2", "2.0.0", "2.0.0-alpha"],
            ),
            ("^0.2.3", &["0.2.3", "0.2.9"], &["0.3.0", "0.2.2"]),
            ("^0.0.3", &["0.0.3"], &["0.0.4", "0.0.2"]),
            ("^0", &["0.0.0", "0.9.9"], &["1.0.0"]),
            ("~1.2.3", &["1.2.3", "1.2.9"], &["1.3.0"]),
            ("~1", &["1.0.0", "1.9.0"], &["2.0.0"]),
            ("=1.2.3", &["1.2.3"], &["1.2.4"]),
            ("=1.2", &["1.2.0", "1.2.7"], &["1.3.0"]),
            (">1.2", &["1.3.0"], &["1.2.9"]),
            (">=1.2, <1.5", &["1.2.0", "1.4.9"], &["1.5.0", "1.1.0"]),
            ("<=1.2", &["1.2.9"], &["1.3.0"]),
            ("<1.2.3", &["1.2.2"], &["1.2.3", "1.2.3-alpha"]),
            ("1.*", &["1.0.0", "1.5.0"], &["2.0.0"]),
            ("*", &["0.0.1", "9.0.0"], &[]),
            (
                "^1.0.0-beta.2",
                &["1.0.0-beta.2", "1.0.0-rc.1", "1.0.0", "1.5.0"],
                &["1.0.0-beta.1", "2.0.0"],
            ),
        ];
        for (req, yes, no) in cases {
            let s = set(req);
            for y in *yes {
                assert!(s.contains(&v(y)), "{req} should contain {y}");
            }
            for n in *no {
                assert!(!s.contains(&v(n)), "{req} should not contain {n}");
            }
        }
    }

    #[test]
    fn display_reads_like_requirements() {
        assert_eq!(display_set(&set("=1.2.3")), "1.2.3");
        assert_eq!(display_set(&set("*")), "*");
        assert_eq!(display_set(&set(">=1.2")), ">=1.2.0");
        assert_eq!(display_set(&set("<1.2")), "<1.2.0");
        assert_eq!(display_set(&set("^1").complement()), "<1.0.0 or >=2.0.0");
        assert_eq!(display_set(&Ranges::empty()), "no version");
    }

    #[test]
    fn prerelease_detection() {
        assert!(names_prerelease(
            &VersionReq::parse("^1.0.0-alpha").unwrap()
        ));
        assert!(!names_prerelease(&VersionReq::parse("^1.0.0").unwrap()));
    }
}
