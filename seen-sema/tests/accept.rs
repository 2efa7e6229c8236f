//! Programs the checker must accept without any diagnostic: every file
//! under `tests/accept/`, each exercising a part of LANGUAGE.md that the
//! conformance programs touch lightly or not at all.

mod common;

use std::path::Path;

#[test]
fn every_accepted_program_checks_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/accept");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/accept exists")
        .map(|e| e.expect("readable").path())
        .collect();
    paths.sort();
    let mut report = String::new();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "seen"))
    {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("readable");
        let (diagnostics, files) = common::check(&name, &text);
        report.push_str(&common::summary(&diagnostics, &files));
    }
    assert!(
        report.is_empty(),
        "diagnostics in accepted programs:\n{report}"
    );
}
