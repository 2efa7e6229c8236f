//! The interpreter agrees with compiled code: every compiled conformance
//! program (`seen-sema/tests/compiled-conformance.txt`) and every program
//! of `seen-cli/tests/programs/` is lowered (debug build) and run in the IR
//! interpreter with the runtime's host functions
//! (`seen_ir::interp::runtime_hosts`); its standard output and exit status
//! must be exactly the expected ones (`.out`, `.exit`), which the compiled
//! programs are held to by `seen-cli/tests/run.rs` and `programs.rs`, and
//! a program that ends normally must leave no object behind. Each runs
//! twice: the debug lowering as it is, and the release lowering after the
//! release pipeline of IR passes (`.release.out`, `.release.exit` when the
//! program has them, as `run.rs` reads them). Each module must also verify
//! and round-trip through the IR text format.
//! Programs the interpreter cannot run are listed in [`CANNOT_RUN`] with
//! the reason.

use seen_codegen::{SourceFile, lower_sources};
use seen_ir::interp::{Interpreter, exit_status};
use std::path::{Path, PathBuf};

/// Programs the interpreter cannot run, with why (none today).
const CANNOT_RUN: &[(&str, &str)] = &[];

/// Instructions any one program may run in the interpreter.
const STEP_LIMIT: u64 = 200_000_000;

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

fn compiled_conformance() -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../seen-sema/tests/compiled-conformance.txt");
    std::fs::read_to_string(&path)
        .expect("the list of compiled conformance programs")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Lowers `program` and runs its `main`: (stdout, exit status) or why not.
fn interpret(program: &Path, release: bool) -> Result<(String, i32), String> {
    let text = std::fs::read_to_string(program).map_err(|e| e.to_string())?;
    let source = SourceFile {
        path: program.display().to_string(),
        text,
        module: "main".into(),
        pack: None,
    };
    let mut lowered = lower_sources(&[source], None, !release).map_err(|e| format!("{e:?}"))?;
    if release {
        seen_ir::passes::release(&mut lowered.module);
    }
    // every module the compiler makes verifies and its text parses back
    // to it (as lowered, and after the release passes)
    seen_ir::verify(&lowered.module).map_err(|e| e.to_string())?;
    let text = seen_ir::print(&lowered.module);
    let back = seen_ir::parse(&text).map_err(|e| e.to_string())?;
    if back != lowered.module {
        return Err("the IR text does not round-trip".into());
    }
    let mut interp = Interpreter::new(&lowered.module);
    interp.register_runtime();
    interp.set_step_limit(Some(STEP_LIMIT));
    let result = interp.call("main", &[]);
    let stdout = String::from_utf8_lossy(interp.output()).into_owned();
    let code = exit_status(&result).map_err(|t| format!("{t} (printed {stdout:?})"))?;
    // a program that ends normally has released everything (a panic
    // leaves its frames' references, as the compiled program does)
    let leaks = interp.leaks();
    if result.is_ok() && !leaks.is_empty() {
        return Err(format!(
            "{} objects leak: {:?}",
            leaks.len(),
            &leaks[..leaks.len().min(5)]
        ));
    }
    Ok((stdout, code))
}

/// A program and what it must do: (name, path, stdout, exit status,
/// release build).
type Program = (String, PathBuf, String, i32, bool);

/// Runs each program and collects every disagreement.
fn check_all(programs: &[Program]) {
    let mut failures = Vec::new();
    let mut agree = 0;
    for (name, path, want_out, want_code, release) in programs {
        let listed = CANNOT_RUN.iter().find(|(n, _)| n == name);
        let name = format!("{name} ({})", if *release { "release" } else { "debug" });
        match (interpret(path, *release), listed) {
            (Ok((out, code)), None) if out == *want_out && code == *want_code => agree += 1,
            (Ok((out, code)), None) => failures.push(format!(
                "{name}: exit {code} (expected {want_code}), stdout:\n{out}\n--- expected:\n{want_out}"
            )),
            (Err(e), None) => failures.push(format!("{name}: {e}")),
            (Ok(_), Some(_)) => failures.push(format!("{name} runs now: remove it from CANNOT_RUN")),
            (Err(_), Some((_, why))) => eprintln!("not run: {name}: {why}"),
        }
    }
    eprintln!("{agree} of {} programs agree", programs.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The expected stdout and exit status of a conformance program (a
/// release build that prints something else ends normally unless
/// `.release.exit` says otherwise).
fn expected(dir: &Path, name: &str, release: bool) -> (String, i32) {
    let read = |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).ok();
    let status = |s: String| s.trim().parse().expect("an exit status");
    let debug_out = read("out").expect("a .out file");
    let debug_code = read("exit").map_or(0, status);
    if !release {
        return (debug_out, debug_code);
    }
    match (read("release.out"), read("release.exit")) {
        (Some(out), code) => (out, code.map_or(0, status)),
        (None, code) => (debug_out, code.map_or(debug_code, status)),
    }
}

#[test]
fn compiled_conformance_programs_agree_in_the_interpreter() {
    let Some(dir) = conformance_dir() else { return };
    let mut programs = Vec::new();
    for name in compiled_conformance() {
        for release in [false, true] {
            let (out, code) = expected(&dir, &name, release);
            let path = dir.join(format!("{name}.seen"));
            programs.push((name.clone(), path, out, code, release));
        }
    }
    check_all(&programs);
}

#[test]
fn own_programs_agree_in_the_interpreter() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seen-cli/tests/programs");
    let mut programs: Vec<Program> = std::fs::read_dir(&dir)
        .expect("seen-cli/tests/programs")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "seen"))
        .flat_map(|p| {
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let out = std::fs::read_to_string(p.with_extension("out")).expect("a .out file");
            [false, true].map(|release| (name.clone(), p.clone(), out.clone(), 0, release))
        })
        .collect();
    programs.sort();
    assert!(!programs.is_empty(), "no programs in {}", dir.display());
    check_all(&programs);
}
