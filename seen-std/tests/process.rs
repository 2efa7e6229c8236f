//! The runtime as a compiled program sees it: a C program defining
//! seen_main, linked with `cc` against libseen_runtime.a like a Seen
//! executable, run as a subprocess (entry, exit status, buffered output,
//! panics, leak check, arguments, input, environment).

mod common;

use common::{build_c_program, run};
use std::path::PathBuf;
use std::process::Output;
use std::sync::OnceLock;

fn driver() -> &'static PathBuf {
    static EXE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &EXE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let exe = build_c_program(dir.path(), "driver.c", seen_std::RUNTIME_DEBUG_LINK_ARGS);
        (dir, exe)
    })
    .1
}

fn go(args: &[&str]) -> Output {
    run(driver(), args, &[], b"")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn main_runs_seen_main_and_returns_its_status() {
    let o = go(&["hello"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "hello\n");
    assert_eq!(stderr(&o), "");
    let o = go(&["status"]);
    assert_eq!(o.status.code(), Some(7));
    assert_eq!(stdout(&o), "returning 7\n");
}

#[test]
fn exit_flushes_standard_output() {
    let o = go(&["exit"]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stdout(&o), "exiting with 3");
}

#[test]
fn arguments_exclude_the_program_name() {
    let o = go(&["args", "one", "två", ""]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "4\n[args]\n[one]\n[två]\n[]\n");
}

#[test]
fn read_line_strips_line_ends_and_flushes_first() {
    let input = b"first\nsecond\r\n\nlast \xc3\xa4\xff";
    let o = run(driver(), &["echo"], &[], input);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "prompt> [first] 5\n[second] 6\n[] 0\n[last ä\u{FFFD}] 7\neof\n"
    );
    let o = run(driver(), &["echo"], &[], b"");
    assert_eq!(stdout(&o), "prompt> eof\n");
}

#[test]
fn environment_variables() {
    let o = run(driver(), &["env"], &[("SEEN_TEST_VAR", "välue")], b"");
    assert_eq!(stdout(&o), "välue\n");
    assert_eq!(o.status.code(), Some(0));
    let o = go(&["env"]);
    assert_eq!(stdout(&o), "unset\n");
}

#[test]
fn printing_functions_and_large_output() {
    let o = go(&["print"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("-5 18446744073709551615 1.0E-7 0.1 true 😀")
    );
    assert_eq!(lines.next(), Some("42"));
    assert_eq!(lines.next(), Some("abc"));
    for i in 0..100_000 {
        assert_eq!(lines.next(), Some(i.to_string().as_str()));
    }
    assert_eq!(lines.next().map(str::len), Some(200_000));
    assert_eq!(lines.next(), None);
    assert_eq!(stderr(&o), "to stderr\n");
}

#[test]
fn a_panic_flushes_output_prints_its_location_and_exits_101() {
    let o = go(&["panic"]);
    assert_eq!(o.status.code(), Some(101));
    assert_eq!(stdout(&o), "before the panic\npartial line");
    assert_eq!(
        stderr(&o),
        "panic: balance went negative: -3\n  at src/main.seen:12:9\n",
        "no stack trace outside debug builds"
    );
}

#[test]
fn a_panic_in_a_debug_build_prints_a_stack_trace() {
    let o = go(&["panic-debug"]);
    assert_eq!(o.status.code(), Some(101));
    assert_eq!(stdout(&o), "before the panic\npartial line");
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "panic: balance went negative: -3\n  at src/main.seen:12:9\nstack backtrace:\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("seen_main"),
        "the trace names the program's frames:\n{err}"
    );
}

#[test]
fn the_standard_panic_messages() {
    let cases = [
        (
            "panic-index",
            "panic: index 5 out of bounds for length 3\n  at src/list.seen:4:17\n",
        ),
        ("panic-null", "panic: !! on a null value\n  at a.seen:1:2\n"),
        (
            "panic-div",
            "panic: integer division by zero\n  at a.seen:3:4\n",
        ),
        (
            "panic-overflow",
            "panic: integer overflow\n  at a.seen:5:6\n",
        ),
        (
            "panic-require",
            "panic: Failed requirement.\n  at a.seen:7:8\n",
        ),
        ("panic-check", "panic: state was bad\n  at a.seen:9:10\n"),
        (
            "panic-char-at",
            "panic: index 2 out of bounds for length 2\n  at a.seen:11:12\n",
        ),
        (
            "panic-substring",
            "panic: begin 2, end 5, length 3\n  at a.seen:1:1\n",
        ),
        (
            "panic-insert",
            "panic: index 1 out of bounds for length 0\n  at a.seen:1:1\n",
        ),
        (
            "panic-round-nan",
            "panic: Cannot round NaN value.\n  at a.seen:1:1\n",
        ),
        (
            "panic-radix",
            "panic: radix 37 was not in valid range 2..36\n  at a.seen:1:1\n",
        ),
    ];
    for (mode, want) in cases {
        let o = go(&[mode]);
        assert_eq!(o.status.code(), Some(101), "{mode}");
        assert_eq!(stderr(&o), want, "{mode}");
    }
}

#[test]
fn format_errors_panic_with_their_messages() {
    let cases = [
        ("format:%d:f", "d != Double"),
        ("format:%f:d", "f != Int"),
        ("format:%c:s", "c != String"),
        ("format:%b:d", "b != Int"),
        ("format:%x:f", "x != Double"),
        (
            "format:%d %d:d",
            "missing argument for format specifier '%d'",
        ),
        ("format:%q:d", "unknown format conversion 'q'"),
        ("format:%-d:d", "missing format width in '%-d'"),
        ("format:%-05d:d", "illegal format flags in '%-05d'"),
        ("format:%+ d:d", "illegal format flags in '%+ d'"),
        ("format:%--5d:d", "duplicate format flag '-'"),
        ("format:%05s:s", "flag '0' does not apply to %s"),
        ("format:%+x:d", "flag '+' does not apply to %x"),
        ("format:%.2d:d", "precision not allowed with %d"),
        ("format:%5.d:d", "missing format precision in '%5.'"),
        ("format:%5y:d", "unknown format conversion 'y'"),
        ("format:abc %", "incomplete format specifier '%'"),
        ("format:%99999999d:d", "format width too large"),
    ];
    for (mode, msg) in cases {
        let o = go(&[mode]);
        assert_eq!(o.status.code(), Some(101), "{mode}: {}", stdout(&o));
        assert_eq!(
            stderr(&o),
            format!("panic: {msg}\n  at fmt.seen:2:3\n"),
            "{mode}"
        );
    }
    let o = go(&["format:[%s|%5.1f|%-3d|%b]:sfdb"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "[s|  1.5|1  |true]\n");
}

#[test]
fn the_leak_check_reports_live_objects_by_type_without_changing_the_status() {
    let o = run(driver(), &["leak"], &[("SEEN_LEAK_CHECK", "1")], b"");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "done\n");
    assert_eq!(
        stderr(&o),
        "leak: 3 Node objects still allocated\n\
         leak: 1 String object still allocated\n\
         leak: 1 Tree object still allocated\n\
         leak: 1 Tree object kept by weak references\n"
    );
    // without the variable: silent
    let o = go(&["leak"]);
    assert_eq!(stderr(&o), "");
    // a clean program reports nothing
    let o = run(driver(), &["noleak"], &[("SEEN_LEAK_CHECK", "1")], b"");
    assert_eq!(stdout(&o), "clean\n");
    assert_eq!(stderr(&o), "");
    // the leak check also runs at seen_exit, and immortal strings never count
    let o = run(driver(), &["exit"], &[("SEEN_LEAK_CHECK", "1")], b"");
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stderr(&o), "");
}

#[test]
fn the_selftest_passes() {
    let o = run(driver(), &["selftest"], &[("SEEN_LEAK_CHECK", "1")], b"");
    assert_eq!(stdout(&o), "selftest ok\n", "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "no check failed and nothing leaked");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn printed_numbers_read_back_to_the_same_value() {
    let o = go(&["fuzz"]);
    assert_eq!(stdout(&o), "fuzz ok\n", "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
}
