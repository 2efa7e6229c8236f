//! The public API: isolation of runs (time limits, crashes, panics, exit
//! statuses, arguments, standard input, large outputs, parallel runs),
//! errors (no entry point, modules that do not verify, targets, missing
//! imports) and the files `compile_ir` writes.

use seen_codegen::{
    CodegenError, IrOptions, OptLevel, OutputKind, RunOptions, RunOutput, compile_ir, run_ir,
};
use seen_ir::{Module, parse};
use std::time::{Duration, Instant};

fn module(text: &str) -> Module {
    match parse(text) {
        Ok(m) => m,
        Err(e) => panic!("test module does not parse: {e}\n{text}"),
    }
}

fn run(m: &Module, options: &RunOptions) -> RunOutput {
    match run_ir(m, options) {
        Ok(o) => o,
        Err(e) => panic!("run_ir failed: {e}"),
    }
}

const SPIN: &str = r#"
fn @main() -> void {
block0:
    v0 = iconst.i64 1
    jump block1(v0)

block1(v1: i64):
    v2 = iadd v1, v0
    jump block1(v2)
}
"#;

#[test]
fn an_endless_loop_is_killed_at_the_time_limit_and_the_host_survives() {
    let m = module(SPIN);
    let start = Instant::now();
    let options = RunOptions {
        timeout: Some(Duration::from_millis(300)),
        ..RunOptions::default()
    };
    match run_ir(&m, &options) {
        Err(CodegenError::Timeout { limit, .. }) => assert_eq!(limit, Duration::from_millis(300)),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(10));
    // the host is fine and can run more programs
    let ok = module("fn @main() -> i64 {\nblock0:\n    v0 = iconst.i64 5\n    ret v0\n}\n");
    assert_eq!(run(&ok, &RunOptions::default()).exit_code, 5);
}

#[test]
fn panics_and_exit_statuses_pass_through() {
    let m = module(
        r#"
loc0 = "main.seen" 4:2
fn @main() -> void {
block0:
    v0 = sconst "partial output\n"
    call @seen_print(v0)
    trap "it broke", loc0
}
fn @seen_print(ref) -> void import
"#,
    );
    for debug in [true, false] {
        let out = run(
            &m,
            &RunOptions {
                debug,
                ..RunOptions::default()
            },
        );
        assert_eq!(out.exit_code, 101);
        assert_eq!(out.stdout, b"partial output\n");
        let err = out.stderr_text();
        assert!(
            err.starts_with("panic: it broke\n  at main.seen:4:2\n"),
            "{err}"
        );
        assert_eq!(err.contains("stack backtrace:"), debug, "{err}");
        assert_eq!(out.signal, None);
    }
    let status = module("fn @main() -> i32 {\nblock0:\n    v0 = iconst.i32 -1\n    ret v0\n}\n");
    assert_eq!(run(&status, &RunOptions::default()).exit_code, 255);
}

#[test]
fn a_crash_is_reported_as_a_signal() {
    let m = module(
        r#"
fn @main() -> void {
block0:
    v0 = iconst.i64 0
    v1 = bitcast.ptr v0
    v2 = iconst.i64 42
    store v2, v1
    ret
}
"#,
    );
    let out = run(&m, &RunOptions::default());
    assert_eq!(out.signal, Some(libc::SIGSEGV));
    assert_eq!(out.exit_code, 128 + libc::SIGSEGV);
    assert_eq!(out.note().as_deref(), Some("killed by signal 11 (SIGSEGV)"));
}

const ECHO: &str = r#"
fn @argc() -> i64 import "seen_argc"
fn @argv(i64) -> ref import "seen_argv"
fn @read_line() -> ref import "seen_read_line"
fn @println(ref) -> void import "seen_println_str"
fn @print_i64(i64) -> void import "seen_print_i64"
fn @release(ref) -> void import "seen_release"

fn @main() -> void {
block0:
    v0 = call @argc()
    call @print_i64(v0)
    v1 = iconst.i64 0
    jump block1(v1)

block1(v2: i64):
    v3 = icmp slt v2, v0
    brif v3, block2, block3

block2:
    v4 = call @argv(v2)
    call @println(v4)
    release v4
    v5 = iconst.i64 1
    v6 = iadd v2, v5
    jump block1(v6)

block3:
    v7 = call @read_line()
    v8 = is_null v7
    brif v8, block5, block4

block4:
    call @println(v7)
    release v7
    jump block3

block5:
    ret
}
"#;

#[test]
fn arguments_and_standard_input_reach_the_program() {
    let m = module(ECHO);
    let options = RunOptions {
        args: vec!["one".into(), "two words".into()],
        stdin: Some(b"first line\nsecond\r\nlast".to_vec()),
        ..RunOptions::default()
    };
    let out = run(&m, &options);
    assert_eq!(
        out.stdout_text(),
        "2\none\ntwo words\nfirst line\nsecond\nlast\n"
    );
    let empty = run(&m, &RunOptions::default());
    assert_eq!(empty.stdout_text(), "0\n");
}

#[test]
fn large_outputs_on_both_streams_do_not_block() {
    // 1 MiB to stdout and 1 MiB to stderr, interleaved
    let m = module(
        r#"
data @line = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n"
fn @out(ptr, i64) -> void import "seen_print_raw"
fn @err(ptr, i64) -> void import "seen_eprint_raw"
fn @main() -> void {
block0:
    v0 = iconst.i64 0
    v1 = data_addr @line
    v2 = iconst.i64 64
    jump block1(v0)

block1(v3: i64):
    v4 = iconst.i64 16384
    v5 = icmp slt v3, v4
    brif v5, block2, block3

block2:
    call @out(v1, v2)
    call @err(v1, v2)
    v6 = iconst.i64 1
    v7 = iadd v3, v6
    jump block1(v7)

block3:
    ret
}
"#,
    );
    let out = run(&m, &RunOptions::default());
    assert_eq!(out.exit_code, 0);
    assert_eq!(out.stdout.len(), 1 << 20);
    assert_eq!(out.stderr.len(), 1 << 20);
}

#[test]
fn runs_in_parallel_threads_are_independent() {
    let handles: Vec<_> = (0..6)
        .map(|i| {
            std::thread::spawn(move || {
                let m = module(&format!(
                    "fn @p(i64) -> void import \"seen_print_i64\"\nfn @main() -> i64 {{\nblock0:\n    v0 = iconst.i64 {i}\n    call @p(v0)\n    ret v0\n}}\n"
                ));
                let out = run(&m, &RunOptions::default());
                (i, out.exit_code, out.stdout_text())
            })
        })
        .collect();
    for h in handles {
        let (i, code, text) = h.join().expect("the thread finishes");
        assert_eq!(code, i);
        assert_eq!(text, format!("{i}\n"));
    }
}

#[test]
fn an_import_the_jit_cannot_find_panics_when_called_and_fails_to_link() {
    let m = module(
        r#"
fn @nope(i64) -> i64 import "seen_no_such_function"
fn @main() -> i64 {
block0:
    v0 = iconst.i64 1
    v1 = call @nope(v0)
    ret v1
}
"#,
    );
    let out = run(&m, &RunOptions::default());
    assert_eq!(out.exit_code, 101);
    assert!(
        out.stderr_text()
            .contains("`seen_no_such_function` is not available in the JIT"),
        "{}",
        out.stderr_text()
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let exe = dir.path().join("nope");
    match compile_ir(&m, &IrOptions::new(&exe)) {
        Err(CodegenError::Link { message, .. }) => {
            assert!(message.contains("seen_no_such_function"), "{message}")
        }
        other => panic!("expected a link error, got {other:?}"),
    }
    assert!(!exe.exists());
}

#[test]
fn entry_points_are_required_for_executables_and_runs_only() {
    let lib =
        module("fn @twice(i64) -> i64 {\nblock0(v0: i64):\n    v1 = iadd v0, v0\n    ret v1\n}\n");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let exe = dir.path().join("lib");
    match compile_ir(&lib, &IrOptions::new(&exe)) {
        Err(e @ CodegenError::NoEntryPoint { .. }) => {
            assert!(e.to_string().contains("no function `@main`"), "{e}")
        }
        other => panic!("expected NoEntryPoint, got {other:?}"),
    }
    assert!(matches!(
        run_ir(&lib, &RunOptions::default()),
        Err(CodegenError::NoEntryPoint { .. })
    ));
    let obj = dir.path().join("lib.o");
    let artifact = compile_ir(&lib, &IrOptions::new(&obj).kind(OutputKind::Object));
    assert!(artifact.is_ok(), "{artifact:?}");
    let wrong = module("fn @main(i64) -> void {\nblock0(v0: i64):\n    ret\n}\n");
    match compile_ir(&wrong, &IrOptions::new(&exe)) {
        Err(e @ CodegenError::NoEntryPoint { .. }) => {
            assert!(e.to_string().contains("`(i64) -> void`"), "{e}")
        }
        other => panic!("expected NoEntryPoint, got {other:?}"),
    }
    // a module may export `seen_main` itself
    let own = module(
        "fn @start() -> i64 export \"seen_main\" {\nblock0:\n    v0 = iconst.i64 9\n    ret v0\n}\n",
    );
    assert_eq!(run(&own, &RunOptions::default()).exit_code, 9);
    compile_ir(&own, &IrOptions::new(&exe)).expect("links");
    let status = std::process::Command::new(&exe).status().expect("runs");
    assert_eq!(status.code(), Some(9));
}

#[test]
fn modules_that_do_not_verify_are_errors() {
    let bad = module("fn @main() -> i64 {\nblock0:\n    v0 = iconst.i32 1\n    ret v0\n}\n");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("bad");
    match compile_ir(&bad, &IrOptions::new(&out)) {
        Err(e @ CodegenError::InvalidModule(_)) => {
            assert!(e.to_string().contains("@main"), "{e}")
        }
        other => panic!("expected InvalidModule, got {other:?}"),
    }
    assert!(matches!(
        run_ir(&bad, &RunOptions::default()),
        Err(CodegenError::InvalidModule(_))
    ));
    assert!(!out.exists());
}

#[test]
fn other_targets_are_refused_clearly() {
    let m = module("fn @main() -> void {\nblock0:\n    ret\n}\n");
    let dir = tempfile::tempdir().expect("a temporary directory");
    for triple in ["aarch64-unknown-linux-gnu", "riscv64gc-unknown-linux-gnu"] {
        let target = triple.parse().expect("a triple");
        let options = IrOptions::new(dir.path().join("x.o"))
            .kind(OutputKind::Object)
            .target(Some(target));
        match compile_ir(&m, &options) {
            Err(e @ CodegenError::UnsupportedTarget { .. }) => {
                assert!(e.to_string().contains(triple), "{e}")
            }
            other => panic!("expected UnsupportedTarget for {triple}, got {other:?}"),
        }
    }
    // the host's own triple, named explicitly, works
    let host = target_lexicon::Triple::host();
    let options = IrOptions::new(dir.path().join("host")).target(Some(host));
    assert!(compile_ir(&m, &options).is_ok());
}

#[test]
fn outputs_are_written_whole_and_leave_no_temporary_files() {
    let m = module(SPIN);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let exe = dir.path().join("spin");
    let obj = dir.path().join("spin.o");
    for level in [OptLevel::Debug, OptLevel::Release] {
        let a = compile_ir(&m, &IrOptions::new(&exe).opt_level(level)).expect("compiles");
        let phases: Vec<&str> = a.timings.iter().map(|t| t.0).collect();
        let mut want = vec!["verify", "codegen", "link"];
        if level == OptLevel::Release {
            want.insert(1, "optimize");
        }
        assert_eq!(phases, want);
        assert!(a.diagnostics.is_empty());
        compile_ir(
            &m,
            &IrOptions::new(&obj)
                .kind(OutputKind::Object)
                .opt_level(level),
        )
        .expect("compiles");
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&exe)
        .expect("exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0o111);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("readable")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert_eq!(names, ["spin", "spin.o"]);
    // an object file links with the runtime by hand
    let linked = dir.path().join("by-hand");
    let status = std::process::Command::new("cc")
        .arg(&obj)
        .arg("-o")
        .arg(&linked)
        .arg("-L")
        .arg(seen_std::runtime_lib_dir())
        .args(["-lseen_start", "-lseen_runtime", "-lm"])
        .status()
        .expect("cc runs");
    assert!(status.success());
}
