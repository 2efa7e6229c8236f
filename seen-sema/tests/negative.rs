//! The negative suite: every file under `tests/negative/` is a small
//! program with exactly one error, stated in its first line as
//! `// expect: E0110 line 4`. The checker must report exactly one error,
//! with that code, on that line (warnings are allowed).

mod common;

use std::path::Path;

/// `(code, line)` from `// expect: E0110 line 4`.
fn expectation(text: &str) -> Option<(String, u32)> {
    let first = text.lines().next()?;
    let rest = first.strip_prefix("// expect:")?.trim();
    let mut words = rest.split_whitespace();
    let code = words.next()?.to_string();
    (words.next()? == "line").then_some(())?;
    let line = words.next()?.parse().ok()?;
    Some((code, line))
}

#[test]
fn every_negative_program_has_its_one_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/negative");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/negative exists")
        .map(|e| e.expect("readable").path())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "seen"))
    {
        count += 1;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("readable");
        let Some((code, line)) = expectation(&text) else {
            failures.push(format!(
                "{name}: the first line must be `// expect: CODE line N`"
            ));
            continue;
        };
        let (diagnostics, files) = common::check(&name, &text);
        // the standard library's own diagnostics are the business of
        // `the_standard_library_checks_clean`
        let diagnostics: Vec<_> = diagnostics
            .into_iter()
            .filter(|d| common::location(d, &files).is_none_or(|(p, _, _)| p == name))
            .collect();
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        let found: Vec<(String, u32)> = errors
            .iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    common::location(d, &files).map_or(0, |(_, l, _)| l),
                )
            })
            .collect();
        if found != [(code.clone(), line)] {
            failures.push(format!(
                "{name}: expected {code} at line {line}, got:\n{}",
                common::summary(&diagnostics, &files)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} programs failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        count >= 150,
        "the negative suite has {count} programs; it must have at least 150"
    );
}
