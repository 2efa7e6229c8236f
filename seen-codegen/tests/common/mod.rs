//! Shared helpers of the integration tests: running executables with a
//! time limit, running the JIT, and comparing what a compiled program did
//! with what the IR interpreter says it must do.

#![allow(dead_code)]

use seen_codegen::{CodegenError, RunOptions, run_ir};
use seen_ir::Module;
use seen_ir::interp::{DataValue, Trap, TrapKind};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long any one program may run in the tests.
pub const LIMIT: Duration = Duration::from_secs(20);

/// What a compiled program did.
#[derive(Debug)]
pub struct Observed {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// What the interpreter says a program must do.
#[derive(Debug)]
pub enum Expected {
    /// Exit with `code` after printing `stdout`; a panic (exit 101) has its
    /// first standard-error line and, with a location, its second.
    Outcome {
        code: i32,
        stdout: Vec<u8>,
        panic: Option<String>,
        at: Option<String>,
    },
    /// Not comparable: undefined behaviour, an interpreter limit...
    Skip(String),
}

/// The expected outcome of an interpreter run that printed `output`.
pub fn expected(result: &Result<DataValue, Trap>, output: &[u8]) -> Expected {
    let outcome = |code, panic: Option<String>, at| Expected::Outcome {
        code,
        stdout: output.to_vec(),
        panic,
        at,
    };
    let trap = match result {
        Ok(DataValue::I64(n)) => return outcome((*n & 0xff) as i32, None, None),
        Ok(DataValue::I32(n)) => return outcome(*n & 0xff, None, None),
        Ok(_) => return outcome(0, None, None),
        Err(t) => t,
    };
    let at = trap
        .loc
        .as_ref()
        .map(|l| format!("  at {}:{}:{}", l.path, l.line, l.col));
    match &trap.kind {
        TrapKind::Panic(m) => outcome(101, Some(format!("panic: {m}")), at),
        TrapKind::IntegerOverflow
        | TrapKind::DivisionByZero
        | TrapKind::IndexOutOfBounds { .. }
        | TrapKind::NegativeLength(_)
        | TrapKind::Unreachable => outcome(101, Some(format!("panic: {}", trap.kind)), at),
        TrapKind::Exit(c) => outcome(*c & 0xff, None, None),
        TrapKind::Abort => outcome(128 + 6, None, None),
        other => Expected::Skip(other.to_string()),
    }
}

/// Compares a run with its expectation; describes the first difference.
pub fn compare(expected: &Expected, got: &Observed) -> Result<(), String> {
    let Expected::Outcome {
        code,
        stdout,
        panic,
        at,
    } = expected
    else {
        return Ok(());
    };
    let err = String::from_utf8_lossy(&got.stderr);
    if got.code != *code {
        return Err(format!(
            "exit status {} (expected {code}); stderr: {err}",
            got.code
        ));
    }
    if got.stdout != *stdout {
        return Err(format!(
            "stdout {:?} (expected {:?})",
            String::from_utf8_lossy(&got.stdout),
            String::from_utf8_lossy(stdout)
        ));
    }
    let mut lines = err.lines();
    if let Some(p) = panic {
        if lines.next() != Some(p.as_str()) {
            return Err(format!("stderr {err:?} does not start with {p:?}"));
        }
        let second = lines.next();
        match at {
            Some(a) if second != Some(a.as_str()) => {
                return Err(format!("stderr {err:?}: second line is not {a:?}"));
            }
            None if second.is_some_and(|l| l.starts_with("  at ")) => {
                return Err(format!("stderr {err:?} names a location; none expected"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Runs an executable with arguments and environment, killing it after
/// [`LIMIT`].
pub fn run_exe(path: &Path, args: &[String], env: &[(&str, &str)]) -> Observed {
    let mut cmd = Command::new(path);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the executable starts");
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("waiting works") {
            break s;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            break child.wait().expect("waiting works");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    use std::os::unix::process::ExitStatusExt;
    let code = status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
    Observed {
        code,
        stdout: t_out.join().unwrap_or_default(),
        stderr: t_err.join().unwrap_or_default(),
    }
}

/// Runs a module's `main` with the JIT in a child process.
pub fn run_jit(
    module: &Module,
    args: &[String],
    debug: bool,
    leak_check: bool,
) -> Result<Observed, String> {
    let options = RunOptions {
        args: args.to_vec(),
        stdin: None,
        timeout: Some(LIMIT),
        debug,
        leak_check,
    };
    match run_ir(module, &options) {
        Ok(o) => Ok(Observed {
            code: o.exit_code,
            stdout: o.stdout,
            stderr: o.stderr,
        }),
        Err(CodegenError::Timeout { .. }) => Err("the JIT run timed out".into()),
        Err(e) => Err(format!("run_ir failed: {e}")),
    }
}
