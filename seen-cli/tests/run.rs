//! `seen build` and `seen run` end to end: the conformance programs that
//! compile today print exactly their `.out` and exit with their `.exit`,
//! in debug and release builds, with the leak check clean; the others are
//! refused with `E0190` (not supported yet), never a crash.

use std::path::{Path, PathBuf};
use std::process::Command;

fn seen() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_seen"));
    c.env("NO_COLOR", "1");
    c
}

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

/// Where the conformance programs `seen build` compiles today are listed;
/// each must pass.
const LIST: &str = "../seen-sema/tests/compiled-conformance.txt";

/// The conformance programs code generation compiles today
/// (`seen-sema/tests/compiled-conformance.txt`).
fn compiled() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(LIST);
    std::fs::read_to_string(&path)
        .expect("the list of compiled conformance programs")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Builds `program` and runs it with the leak check on: (stdout, stderr,
/// exit status).
fn build_and_run(program: &Path, exe: &Path, release: bool) -> (String, String, i32) {
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
    (
        String::from_utf8_lossy(&run.stdout).into_owned(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
        run.status.code().unwrap_or(-1),
    )
}

#[test]
fn compiled_conformance_programs_print_their_expected_output() {
    let Some(dir) = conformance_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    for name in &compiled() {
        let program = dir.join(format!("{name}.seen"));
        let exit: i32 = std::fs::read_to_string(dir.join(format!("{name}.exit")))
            .map(|s| s.trim().parse().expect("an exit status"))
            .unwrap_or(0);
        for release in [false, true] {
            // a release build that prints something else (overflow wraps)
            // ends normally unless `.release.exit` says otherwise
            let release_out = dir.join(format!("{name}.release.out")).exists();
            let exit = match std::fs::read_to_string(dir.join(format!("{name}.release.exit"))) {
                Ok(s) if release => s.trim().parse().expect("an exit status"),
                _ if release && release_out => 0,
                _ => exit,
            };
            let expected = std::fs::read_to_string(dir.join(format!("{name}.release.out")))
                .ok()
                .filter(|_| release)
                .unwrap_or_else(|| {
                    std::fs::read_to_string(dir.join(format!("{name}.out"))).unwrap()
                });
            let exe = tmp.path().join(format!("{name}-{release}"));
            let (stdout, stderr, code) = build_and_run(&program, &exe, release);
            let mode = if release { "release" } else { "debug" };
            assert_eq!(
                stdout, expected,
                "{name} ({mode}) stdout; stderr:\n{stderr}"
            );
            assert_eq!(code, exit, "{name} ({mode}) exit status; stderr:\n{stderr}");
            assert!(
                !stderr.contains("leak:"),
                "{name} ({mode}) leaks:\n{stderr}"
            );
        }
    }
}

#[test]
fn other_conformance_programs_are_refused_with_e0190() {
    let Some(dir) = conformance_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            let stem = p.file_stem()?.to_string_lossy().into_owned();
            (p.extension()? == "seen").then_some(stem)
        })
        .filter(|n| !compiled().contains(n))
        .collect();
    names.sort();
    for name in names {
        let out = seen()
            .arg("build")
            .arg(dir.join(format!("{name}.seen")))
            .arg("-o")
            .arg(tmp.path().join(&name))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            // it compiles now: it must then be right, and join the list
            panic!("{name} builds now: add it to {LIST}");
        }
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains("error[E0190]"), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

/// The sections later issues bring (coroutines, SIMD, logging) are
/// refused with E0190 at the construct, saying what is missing.
#[test]
fn later_sections_are_refused_with_e0190() {
    let tmp = tempfile::tempdir().unwrap();
    let programs = [
        (
            "coroutines",
            "import std.coroutines.*\n\nfun main() {\n    println(runBlocking { 1 + 1 })\n}\n",
            "coroutines (LANGUAGE.md section 11)",
        ),
        (
            "simd",
            "type Vec4f = simd[Float, 4]\n\nfun main() {\n    println(Vec4f.splat(2f))\n}\n",
            "SIMD (LANGUAGE.md section 12)",
        ),
        (
            "logging",
            "import std.log.*\n\nfun main() {\n    info { \"hello\" }\n}\n",
            "logging (LANGUAGE.md section 13)",
        ),
    ];
    for (name, source, what) in programs {
        let path = tmp.path().join(format!("{name}.seen"));
        std::fs::write(&path, source).unwrap();
        let out = seen()
            .arg("build")
            .arg(&path)
            .arg("-o")
            .arg(tmp.path().join(name))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains("error[E0190]"), "{name}: {stderr}");
        assert!(stderr.contains(what), "{name}: {stderr}");
        assert!(
            stderr.contains("not supported by code generation yet"),
            "{name}: {stderr}"
        );
        assert!(!tmp.path().join(name).exists(), "{name}: no executable");
    }
}

#[test]
fn run_passes_arguments_output_and_exit_status_through() {
    let tmp = tempfile::tempdir().unwrap();
    let program = tmp.path().join("status.seen");
    std::fs::write(
        &program,
        "fun main(): Int {\n    println(\"leaving\")\n    return 7\n}\n",
    )
    .unwrap();
    let out = seen().arg("run").arg(&program).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "leaving\n");
    assert_eq!(out.status.code(), Some(7));
}

#[test]
fn build_reports_source_errors_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let program = tmp.path().join("bad.seen");
    std::fs::write(&program, "fun main() {\n    let n: Int = \"x\"\n}\n").unwrap();
    let exe = tmp.path().join("bad");
    let out = seen()
        .arg("build")
        .arg(&program)
        .arg("-o")
        .arg(&exe)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.seen:2:18: error[E0110]"), "{stderr}");
    assert!(!exe.exists());
}

#[test]
fn a_compiled_program_runs_clean_under_valgrind() {
    let Some(dir) = conformance_dir() else { return };
    if std::process::Command::new("valgrind")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but valgrind is missing"
        );
        eprintln!("skipping: valgrind is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let exe = tmp.path().join("deinit");
    let out = seen()
        .arg("build")
        .arg(dir.join("27_deinit.seen"))
        .arg("-o")
        .arg(&exe)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new("valgrind")
        .args(["--leak-check=full", "--error-exitcode=1", "--quiet"])
        .arg(&exe)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "valgrind found errors:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let expected = std::fs::read_to_string(dir.join("27_deinit.out")).unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), expected);
}
