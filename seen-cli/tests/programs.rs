//! The project's own end-to-end programs (beyond the conformance set),
//! in `tests/programs/`: each is built in debug and in release, run with
//! the leak check on, and must print exactly its `.out`, exit 0 and write
//! nothing to standard error.

use std::path::{Path, PathBuf};
use std::process::Command;

fn seen() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_seen"));
    c.env("NO_COLOR", "1");
    c
}

fn programs() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/programs")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "seen"))
        .collect();
    out.sort();
    out
}

fn check(program: &Path, exe: &Path, release: bool) {
    let mut build = seen();
    build.arg("build").arg(program).arg("-o").arg(exe);
    if release {
        build.arg("--release");
    }
    let out = build.output().expect("seen runs");
    assert!(
        out.status.success(),
        "{} did not build:\n{}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new(exe)
        .env("SEEN_LEAK_CHECK", "1")
        .output()
        .expect("the program runs");
    let want = std::fs::read_to_string(program.with_extension("out")).expect("a .out file");
    let mode = if release { "release" } else { "debug" };
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        want,
        "{} ({mode}) printed something else",
        program.display()
    );
    assert_eq!(run.status.code(), Some(0), "{} ({mode})", program.display());
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "",
        "{} ({mode}): standard error (leaks?)",
        program.display()
    );
}

#[test]
fn own_programs_print_their_expected_output_in_debug_and_release() {
    let tmp = tempfile::tempdir().unwrap();
    let all = programs();
    assert!(all.len() >= 3, "the programs are missing");
    for p in all {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        for release in [false, true] {
            let exe = tmp.path().join(format!("{name}-{release}"));
            check(&p, &exe, release);
        }
    }
}
