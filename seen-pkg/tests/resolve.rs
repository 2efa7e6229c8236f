//! Resolution scenarios, each a small registry written as text.
//!
//! A line `name version: dep req; dep req` publishes a version; the first
//! line is the root. `dev:name req` declares a dev-dependency, a trailing
//! `(yanked)` yanks, and a line starting with `{` is a raw index entry
//! (for features). The PubGrub book's scenarios
//! (https://pubgrub-rs-guide.pages.dev/) use one version per package; here
//! two major versions of a package may coexist, so the book's versions
//! `X.Y.0` are written `1.X.Y` and its `^X.Y.0` is written `~1.X.Y`, which
//! keeps every conflict inside one major line.

use std::collections::HashMap;

use seen_pkg::index;
use seen_pkg::manifest::DepKind;
use seen_pkg::resolve::{MemoryIndex, Request, plain_dep, resolve};
use seen_pkg::source::RegistryUrl;
use seen_pkg::summary::Summary;
use semver::{Version, VersionReq};

fn parse_line(line: &str) -> Summary {
    if line.starts_with('{') {
        let name = line
            .split("\"name\":\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap();
        let entries = index::parse_file(name, line).unwrap();
        return Summary::from_index(&entries[0], &RegistryUrl::Http("memory:".into())).unwrap();
    }
    let (head, deps) = line.split_once(':').unwrap_or((line, ""));
    let yanked = head.contains("(yanked)");
    let mut words = head.split_whitespace();
    let (name, version) = (words.next().unwrap(), words.next().unwrap());
    let mut s = MemoryIndex::summary(name, version, &[]);
    s.yanked = yanked;
    for dep in deps.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let (dep_name, req) = dep.split_once(' ').unwrap();
        let (kind, dep_name) = match dep_name.strip_prefix("dev:") {
            Some(n) => (DepKind::Dev, n),
            None => (DepKind::Normal, dep_name),
        };
        s.deps
            .push(plain_dep(dep_name, &VersionReq::parse(req).unwrap(), kind));
    }
    s
}

/// The root and the registry of a scenario.
fn scenario(text: &str) -> (Summary, MemoryIndex) {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let root = parse_line(lines.next().unwrap());
    let mut index = MemoryIndex::new();
    for line in lines {
        index.insert(parse_line(line));
    }
    (root, index)
}

/// Resolves a scenario; returns `name version [features]` per package
/// (root first) or the explanation of the failure.
fn solve_with(text: &str, preferred: &[(&str, &str)]) -> Result<Vec<String>, String> {
    let (root, index) = scenario(text);
    let mut request = Request::new(&root, Some(&index));
    let mut prefs: HashMap<String, Vec<Version>> = HashMap::new();
    for (n, v) in preferred {
        prefs
            .entry(n.to_string())
            .or_default()
            .push(Version::parse(v).unwrap());
    }
    request.preferred = prefs;
    match resolve(&request) {
        Ok(r) => Ok(r
            .packages
            .iter()
            .map(|p| {
                let features: Vec<&str> = p.features.iter().map(String::as_str).collect();
                let base = format!("{} {}", p.summary.name, p.summary.version);
                if features.is_empty() {
                    base
                } else {
                    format!("{base} [{}]", features.join(","))
                }
            })
            .collect()),
        Err(seen_pkg::Error::NoSolution { explanation, .. }) => Err(explanation),
        Err(other) => Err(format!("unexpected error: {other}")),
    }
}

fn solve(text: &str) -> Result<Vec<String>, String> {
    solve_with(text, &[])
}

#[test]
fn no_conflict() {
    let r = solve(
        "root 1.0.0: foo ~1.1.0
         foo 1.1.0: bar ~1.1.0
         bar 1.1.0
         bar 1.2.0",
    );
    assert_eq!(r.unwrap(), ["root 1.0.0", "bar 1.1.0", "foo 1.1.0"]);
}

#[test]
fn avoiding_a_conflict_during_decision_making() {
    let r = solve(
        "root 1.0.0: foo ~1.1.0; bar ~1.1.0
         foo 1.1.1: bar ~1.2.0
         foo 1.1.0
         bar 1.1.0
         bar 1.1.1
         bar 1.2.0",
    );
    assert_eq!(r.unwrap(), ["root 1.0.0", "bar 1.1.1", "foo 1.1.0"]);
}

#[test]
fn conflict_resolution_with_backtracking() {
    let r = solve(
        "root 1.0.0: foo >=1.1.0
         foo 1.2.0: bar ~1.1.0
         foo 1.1.0
         bar 1.1.0: foo ~1.1.0",
    );
    assert_eq!(r.unwrap(), ["root 1.0.0", "foo 1.1.0"]);
}

#[test]
fn conflict_resolution_with_a_partial_satisfier() {
    let r = solve(
        "root 1.0.0: foo ~1.1.0; target ~1.2.0
         foo 1.1.1: left ~1.1.0; right ~1.1.0
         foo 1.1.0
         left 1.1.0: shared >=1.1.0
         right 1.1.0: shared <1.2.0
         shared 1.2.0
         shared 1.1.0: target ~1.1.0
         target 1.2.0
         target 1.1.0",
    );
    assert_eq!(r.unwrap(), ["root 1.0.0", "foo 1.1.0", "target 1.2.0"]);
}

#[test]
fn linear_error_report() {
    let r = solve(
        "root 1.0.0: foo ~1.1.0; baz ~1.1.0
         foo 1.1.0: bar ~1.2.0
         bar 1.2.0: baz ~1.3.0
         baz 1.1.0
         baz 1.3.0",
    );
    assert_eq!(
        r.unwrap_err(),
        "Because `bar >=1.2.0, <1.3.0` depends on `baz >=1.3.0, <1.4.0` and `foo 1.1.0` depends on \
`bar >=1.2.0, <1.3.0`, we can conclude that `foo 1.1.0` depends on `baz >=1.3.0, <1.4.0`.
And because `root` depends on `baz >=1.1.0, <1.2.0` and `root` depends on `foo >=1.1.0, <1.2.0`, we can \
conclude that the requirements of `root` cannot be satisfied."
    );
}

#[test]
fn branching_error_report() {
    let r = solve(
        "root 1.0.0: foo ~1.1.0
         foo 1.1.0: a ~1.1.0; b ~1.1.0
         foo 1.1.1: x ~1.1.0; y ~1.1.0
         a 1.1.0: b ~1.2.0
         b 1.1.0
         b 1.2.0
         x 1.1.0: y ~1.2.0
         y 1.1.0
         y 1.2.0",
    );
    assert_eq!(
        r.unwrap_err(),
        "\
Because `a >=1.1.0, <1.2.0` depends on `b >=1.2.0, <1.3.0` and `foo 1.1.0` depends on `b >=1.1.0, <1.2.0`, we can conclude that `a >=1.1.0, <1.2.0` and `foo 1.1.0` cannot be used together.
And because `foo 1.1.0` depends on `a >=1.1.0, <1.2.0`, we can conclude that `foo 1.1.0` cannot be used. (1)
Because `x >=1.1.0, <1.2.0` depends on `y >=1.2.0, <1.3.0` and `foo 1.1.1` depends on `x >=1.1.0, <1.2.0`, we can conclude that `foo 1.1.1` depends on `y >=1.2.0, <1.3.0`.
And because `foo 1.1.1` depends on `y >=1.1.0, <1.2.0`, we can conclude that `foo 1.1.1` cannot be used.
And because `foo 1.1.0` cannot be used (1), we can conclude that `foo >=1.1.0, <1.2.0` cannot be used.
And because `root` depends on `foo >=1.1.0, <1.2.0`, we can conclude that the requirements of `root` cannot be satisfied."
    );
}

#[test]
fn missing_package_is_named() {
    let r = solve("root 1.0.0: nothing ^1");
    assert_eq!(
        r.unwrap_err(),
        "Because package `nothing` is not in the registry and `root` depends on `nothing >=1.0.0, <2.0.0`, we can \
conclude that the requirements of `root` cannot be satisfied."
    );
}

#[test]
fn diamond_shares_one_version() {
    let r = solve(
        "root 1.0.0: left ^1; right ^1
         left 1.0.0: shared >=1.1, <1.3
         right 1.0.0: shared ^1.2
         shared 1.0.0
         shared 1.1.0
         shared 1.2.0
         shared 1.3.0",
    );
    assert_eq!(
        r.unwrap(),
        ["root 1.0.0", "left 1.0.0", "right 1.0.0", "shared 1.2.0"]
    );
}

#[test]
fn cycles_resolve() {
    let r = solve(
        "root 1.0.0: a ^1
         a 1.0.0: b ^1
         b 1.0.0: c ^1
         c 1.0.0: a ^1",
    );
    assert_eq!(r.unwrap(), ["root 1.0.0", "a 1.0.0", "b 1.0.0", "c 1.0.0"]);
}

#[test]
fn two_major_lines_coexist() {
    let r = solve(
        "root 1.0.0: old-user ^1; json ^2
         old-user 1.0.0: json ^1
         json 1.4.0
         json 2.1.0",
    );
    assert_eq!(
        r.unwrap(),
        ["root 1.0.0", "json 1.4.0", "json 2.1.0", "old-user 1.0.0"]
    );
}

#[test]
fn zero_minor_versions_are_separate_lines() {
    let r = solve(
        "root 1.0.0: a ^0.1; b ^1
         b 1.0.0: a ^0.2
         a 0.1.5
         a 0.2.3",
    );
    assert_eq!(r.unwrap(), ["root 1.0.0", "a 0.1.5", "a 0.2.3", "b 1.0.0"]);
}

#[test]
fn dev_dependencies_only_for_the_root() {
    let r = solve(
        "root 1.0.0: lib ^1; dev:tester ^1
         lib 1.0.0: dev:heavy ^1
         tester 1.0.0",
    );
    assert_eq!(r.unwrap(), ["root 1.0.0", "lib 1.0.0", "tester 1.0.0"]);
}

#[test]
fn yanked_versions_are_only_kept_when_locked() {
    let text = "root 1.0.0: a ^1
                a 1.0.0
                a 1.1.0 (yanked)";
    assert_eq!(solve(text).unwrap(), ["root 1.0.0", "a 1.0.0"]);
    assert_eq!(
        solve_with(text, &[("a", "1.1.0")]).unwrap(),
        ["root 1.0.0", "a 1.1.0"]
    );
}

#[test]
fn locked_versions_are_preferred() {
    let text = "root 1.0.0: a ^1
                a 1.0.0
                a 1.1.0";
    assert_eq!(
        solve_with(text, &[("a", "1.0.0")]).unwrap(),
        ["root 1.0.0", "a 1.0.0"]
    );
    assert_eq!(
        solve_with(text, &[("a", "0.9.0")]).unwrap(),
        ["root 1.0.0", "a 1.1.0"]
    );
}

#[test]
fn prereleases_only_when_asked_for() {
    let registry = "a 1.0.0
                    a 1.1.0-beta.1";
    assert_eq!(
        solve(&format!("root 1.0.0: a ^1\n{registry}")).unwrap(),
        ["root 1.0.0", "a 1.0.0"]
    );
    assert_eq!(
        solve(&format!("root 1.0.0: a ^1.1.0-beta\n{registry}")).unwrap(),
        ["root 1.0.0", "a 1.1.0-beta.1"]
    );
}

const FEATURES: &str = r#"
{"name":"json","vers":"1.0.0","deps":[{"name":"fast-float","req":"^1","optional":true},{"name":"utf8","req":"^1"}],"features":{"default":["std"],"std":[],"fast":["dep:fast-float","utf8/simd"]},"cksum":"0000000000000000000000000000000000000000000000000000000000000000"}
{"name":"utf8","vers":"1.0.0","deps":[],"features":{"simd":[]},"cksum":"0000000000000000000000000000000000000000000000000000000000000000"}
{"name":"fast-float","vers":"1.0.0","deps":[],"features":{},"cksum":"0000000000000000000000000000000000000000000000000000000000000000"}
"#;

#[test]
fn features_are_unified_and_enable_optional_dependencies() {
    let plain = solve(&format!(
        "root 1.0.0: json ^1; user ^1\nuser 1.0.0: json ^1\n{FEATURES}"
    ))
    .unwrap();
    assert_eq!(
        plain,
        [
            "root 1.0.0",
            "json 1.0.0 [default,std]",
            "user 1.0.0",
            "utf8 1.0.0"
        ]
    );
    let with_fast = {
        let (mut root, mut index) = scenario(&format!("root 1.0.0: json ^1\n{FEATURES}"));
        let mut user = MemoryIndex::summary("user", "1.0.0", &[]);
        let mut dep = plain_dep("json", &VersionReq::parse("^1").unwrap(), DepKind::Normal);
        dep.features = vec!["fast".into()];
        dep.default_features = false;
        user.deps.push(dep);
        index.insert(user);
        root.deps.push(plain_dep(
            "user",
            &VersionReq::parse("^1").unwrap(),
            DepKind::Normal,
        ));
        let r = resolve(&Request::new(&root, Some(&index))).unwrap();
        r.packages
            .iter()
            .map(|p| format!("{} {:?}", p.summary.name, p.features))
            .collect::<Vec<_>>()
    };
    // `user` asks for `fast` without defaults, the root for defaults: json
    // gets both, and `fast` pulls in the optional `fast-float` and utf8's `simd`.
    assert_eq!(
        with_fast,
        [
            "root {}",
            "fast-float {}",
            "json {\"default\", \"fast\", \"std\"}",
            "user {}",
            "utf8 {\"simd\"}"
        ]
    );
}

#[test]
fn an_unknown_feature_is_explained() {
    let (mut root, index) = scenario(&format!("root 1.0.0\n{FEATURES}"));
    let mut dep = plain_dep("json", &VersionReq::parse("^1").unwrap(), DepKind::Normal);
    dep.features = vec!["turbo".into()];
    root.deps.push(dep);
    let err = resolve(&Request::new(&root, Some(&index))).unwrap_err();
    let seen_pkg::Error::NoSolution { explanation, .. } = err else {
        panic!("{err}")
    };
    assert!(
        explanation.contains("`json[turbo] 1.0.0` has no feature `turbo`"),
        "{explanation}"
    );
}
