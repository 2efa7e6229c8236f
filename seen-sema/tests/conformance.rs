//! The public conformance programs (`../shared/conformance/`) and the
//! standard library check with no error and no warning.

mod common;

use std::path::PathBuf;

fn conformance_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {} is missing",
        dir.display()
    );
    eprintln!("skipping: {} does not exist", dir.display());
    None
}

#[test]
fn the_standard_library_checks_clean() {
    let (diagnostics, files) = common::check("empty.seen", "");
    assert!(
        diagnostics.is_empty(),
        "{}",
        common::summary(&diagnostics, &files)
    );
}

#[test]
fn every_conformance_program_checks_clean() {
    let Some(dir) = conformance_dir() else { return };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("readable")
        .map(|e| e.expect("readable").path())
        .collect();
    paths.sort();
    let mut report = String::new();
    let mut count = 0;
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "seen"))
    {
        count += 1;
        let text = std::fs::read_to_string(path).expect("readable");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (diagnostics, files) = common::check(&name, &text);
        report.push_str(&common::summary(&diagnostics, &files));
    }
    assert!(count > 0, "no programs in {}", dir.display());
    assert!(
        report.is_empty(),
        "diagnostics in conformance programs:\n{report}"
    );
}

#[test]
fn conformance_programs_check_clean_in_every_pack() {
    let Some(dir) = conformance_dir() else { return };
    let mut report = String::new();
    for entry in std::fs::read_dir(&dir).expect("readable") {
        let path = entry.expect("readable").path();
        if path.extension().is_none_or(|e| e != "seen") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        for code in seen_syntax::Pack::builtin_codes() {
            let pack = seen_syntax::Pack::builtin(code).expect("a built-in pack");
            let translated =
                seen_syntax::translate::translate(&text, seen_syntax::Pack::english(), pack)
                    .expect("translates");
            let (diagnostics, files) = common::check_with("t.seen", &translated, pack);
            let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
            if !errors.is_empty() {
                report.push_str(&format!(
                    "{} in {code}:\n{}",
                    path.display(),
                    common::summary(&errors, &files)
                ));
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}
