//! Whole programs (`tests/programs/*.sir`, each with a `@main`), compiled
//! to executables (debug and release) and run with the JIT (debug and
//! release). Each must do what the IR interpreter does with it, and what
//! its directives say:
//!
//! - `; stdout: TEXT`: the output is these lines (each ends with `\n`);
//! - `; exit: N`: the exit status (0 when absent);
//! - `; stderr: TEXT`: standard error contains this line;
//! - `; leak-check`: run with the leak check (`SEEN_LEAK_CHECK=1`); unless
//!   a `; stderr:` line names a leak, nothing may be reported;
//! - `; no-interp`: the interpreter cannot run it (runtime functions it has
//!   no host function for), so only the directives are checked.

mod common;

use common::{Expected, Observed, compare, expected, run_exe, run_jit};
use seen_codegen::{IrOptions, OptLevel, compile_ir};
use seen_ir::interp::Interpreter;
use std::path::Path;

#[derive(Default)]
struct Directives {
    stdout: Option<String>,
    exit: i32,
    stderr: Vec<String>,
    leak_check: bool,
    no_interp: bool,
}

fn directives(text: &str) -> Directives {
    let mut d = Directives::default();
    for line in text.lines() {
        let Some(c) = line.strip_prefix(';') else {
            continue;
        };
        let c = c.strip_prefix(' ').unwrap_or(c);
        if let Some(t) = c.strip_prefix("stdout: ") {
            let out = d.stdout.get_or_insert_with(String::new);
            out.push_str(t);
            out.push('\n');
        } else if let Some(t) = c.strip_prefix("stderr: ") {
            d.stderr.push(t.to_string());
        } else if let Some(t) = c.strip_prefix("exit: ") {
            d.exit = t.trim().parse().unwrap_or(-1);
        } else if c.trim() == "leak-check" {
            d.leak_check = true;
        } else if c.trim() == "no-interp" {
            d.no_interp = true;
        }
    }
    d
}

/// Checks a run against the directives.
fn check_directives(d: &Directives, got: &Observed) -> Result<(), String> {
    let err = String::from_utf8_lossy(&got.stderr);
    if got.code != d.exit {
        return Err(format!(
            "exit status {} (expected {}); stderr: {err}",
            got.code, d.exit
        ));
    }
    if let Some(out) = &d.stdout {
        if got.stdout != out.as_bytes() {
            return Err(format!(
                "stdout {:?} (expected {out:?})",
                String::from_utf8_lossy(&got.stdout)
            ));
        }
    }
    for want in &d.stderr {
        if !err.lines().any(|l| l == want) {
            return Err(format!("stderr {err:?} has no line {want:?}"));
        }
    }
    let leaks_expected = d.stderr.iter().any(|l| l.starts_with("leak:"));
    if d.leak_check && !leaks_expected && err.contains("leak:") {
        return Err(format!("unexpected leak report: {err}"));
    }
    Ok(())
}

fn check_program(path: &Path, dir: &Path) -> Vec<String> {
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = std::fs::read_to_string(path).expect("a readable program");
    let d = directives(&text);
    let module = match seen_ir::parse(&text) {
        Ok(m) => m,
        Err(e) => return vec![format!("{name}: does not parse: {e}")],
    };
    let want = if d.no_interp {
        Expected::Skip("no-interp".into())
    } else {
        let mut interp = Interpreter::new(&module);
        let result = interp.call("main", &[]);
        let w = expected(&result, interp.output());
        if let Expected::Skip(why) = &w {
            return vec![format!("{name}: the interpreter cannot run it: {why}")];
        }
        w
    };
    let mut failures = Vec::new();
    let mut check = |what: String, got: Observed| {
        if let Err(e) = compare(&want, &got).and_then(|()| check_directives(&d, &got)) {
            failures.push(format!("{name} {what}: {e}"));
        }
    };
    let env: &[(&str, &str)] = if d.leak_check {
        &[("SEEN_LEAK_CHECK", "1")]
    } else {
        &[]
    };
    for level in [OptLevel::Debug, OptLevel::Release] {
        let exe = dir.join(format!("{name}-{level:?}"));
        match compile_ir(&module, &IrOptions::new(&exe).opt_level(level)) {
            Ok(_) => check(format!("executable {level:?}"), run_exe(&exe, &[], env)),
            Err(e) => check(
                format!("compile {level:?}"),
                Observed {
                    code: -1,
                    stdout: Vec::new(),
                    stderr: e.to_string().into_bytes(),
                },
            ),
        }
    }
    for debug in [true, false] {
        match run_jit(&module, &[], debug, d.leak_check) {
            Ok(got) => check(format!("JIT debug={debug}"), got),
            Err(e) => check(
                format!("JIT debug={debug}"),
                Observed {
                    code: -1,
                    stdout: Vec::new(),
                    stderr: e.into_bytes(),
                },
            ),
        }
    }
    failures
}

#[test]
fn programs_match_the_interpreter_and_their_directives() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut paths: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/programs exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sir"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 15,
        "expected the programs, found {}",
        paths.len()
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let failures: Vec<String> = paths
        .iter()
        .flat_map(|p| check_program(p, dir.path()))
        .collect();
    eprintln!("programs: {} checked (x4)", paths.len());
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
