//! Running compiled code isolated in a forked child: [`run_ir`].
//!
//! The module is compiled and finalised with the JIT in the calling
//! process (`jit.rs`), which never calls it. A thread with a fresh 8 MiB
//! stack (a native program's usual main stack) forks; the child, now the
//! only thread of its process, points its standard streams at pipes,
//! closes every other descriptor, restores the default signal actions,
//! calls `seen_run(argc, argv, seen_main)` and `_exit`s with its status.
//! Until `seen_run` the child only makes async-signal-safe calls (`dup2`,
//! `close_range`, `signal`); the program itself allocates with `calloc`,
//! which glibc keeps usable after `fork` in a multi-threaded parent. The
//! parent feeds standard input from one thread, drains standard output
//! and standard error from two others (so no pipe can fill up and block
//! the child), and polls `waitpid` until the child ends or the time limit
//! passes, when it kills the child with `SIGKILL`.

use crate::compile::{entry_point, prepare};
use crate::error::CodegenError;
use crate::jit::{EntryFn, JitProgram};
use crate::options::OptLevel;
use seen_ir::Module;
use std::ffi::CString;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::{Duration, Instant};

/// The stack of the thread that forks, which the program runs on.
const CHILD_STACK: usize = 8 << 20;

/// Options of [`run_ir`].
///
/// ```
/// use seen_codegen::{run_ir, CodegenError, RunOptions};
/// use std::time::Duration;
/// let spin = seen_ir::parse("fn @main() -> void {\nblock0:\n    jump block1\n\nblock1:\n    jump block1\n}\n").unwrap();
/// let options = RunOptions { timeout: Some(Duration::from_millis(100)), ..RunOptions::default() };
/// assert!(matches!(run_ir(&spin, &options), Err(CodegenError::Timeout { .. })));
/// ```
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// The program's arguments (its name is added as `argv[0]`).
    pub args: Vec<String>,
    /// Standard input; `None` is an empty input.
    pub stdin: Option<Vec<u8>>,
    /// Kill the program after this long ([`CodegenError::Timeout`]).
    pub timeout: Option<Duration>,
    /// A debug build (checks on, `seen_set_debug(true)`, no IR passes);
    /// `false` is a release build.
    pub debug: bool,
    /// Count allocations and report leaks to standard error at exit, as
    /// `SEEN_LEAK_CHECK=1` does for an executable.
    pub leak_check: bool,
}

/// How a run ended.
///
/// ```
/// use seen_codegen::{run_ir, RunOptions};
/// // a null pointer store kills the child with SIGSEGV; the caller lives on
/// let crash = seen_ir::parse("fn @main() -> void {\nblock0:\n    v0 = zero ptr\n    v1 = iconst.i8 1\n    store v1, v0\n    ret\n}\n").unwrap();
/// let out = run_ir(&crash, &RunOptions::default()).unwrap();
/// assert_eq!((out.exit_code, out.signal), (139, Some(11)));
/// assert_eq!(out.note().unwrap(), "killed by signal 11 (SIGSEGV)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOutput {
    /// The exit status: `main`'s result (low 8 bits), 101 after a panic,
    /// or 128 + the signal number when a signal killed the program.
    pub exit_code: i32,
    /// Everything the program wrote to standard output.
    pub stdout: Vec<u8>,
    /// Everything the program wrote to standard error.
    pub stderr: Vec<u8>,
    /// The signal that killed the program (a crash: `SIGSEGV`, `SIGABRT`...).
    pub signal: Option<i32>,
}

impl RunOutput {
    /// Standard output as text (invalid UTF-8 replaced).
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Standard error as text (invalid UTF-8 replaced).
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// A sentence about a death by signal (`killed by signal 11 (SIGSEGV)`).
    pub fn note(&self) -> Option<String> {
        self.signal
            .map(|s| format!("killed by signal {s} ({})", signal_name(s)))
    }
}

/// The conventional name of a signal.
fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGABRT => "SIGABRT",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTERM => "SIGTERM",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGTRAP => "SIGTRAP",
        _ => "signal",
    }
}

/// Compiles a module with the JIT and runs its entry point in a child
/// process, capturing its output.
///
/// The program never runs in the calling process: a panic, `exit`, crash
/// or endless loop ends the child only. The module needs an entry point
/// (`@main`, see [`compile_ir`](crate::compile_ir)); imports resolve to the
/// runtime, and an import that resolves nowhere panics when called.
///
/// ```
/// use seen_codegen::{run_ir, RunOptions};
/// let module = seen_ir::parse(r#"
/// fn @main() -> void {
/// block0:
///     v0 = iconst.i64 6
///     v1 = iconst.i64 7
///     v2 = imul v0, v1
///     call @seen_print_i64(v2)
///     ret
/// }
/// fn @seen_print_i64(i64) -> void import
/// "#).unwrap();
/// let out = run_ir(&module, &RunOptions::default()).unwrap();
/// assert_eq!(out.exit_code, 0);
/// assert_eq!(out.stdout, b"42\n");
/// ```
pub fn run_ir(module: &Module, options: &RunOptions) -> Result<RunOutput, CodegenError> {
    seen_ir::verify(module)?;
    let opt = if options.debug {
        OptLevel::Debug
    } else {
        OptLevel::Release
    };
    let prepared = prepare(module, opt)?;
    let entry = entry_point(&prepared)?;
    let program = JitProgram::compile(&prepared, opt, entry)?;
    let mut args = Vec::with_capacity(options.args.len() + 1);
    args.push(c_string(if module.name().is_empty() {
        "seen"
    } else {
        module.name()
    }));
    args.extend(options.args.iter().map(|a| c_string(a)));
    let out = run_isolated(program.entry(), &args, options);
    drop(program);
    out
}

/// A C string of `s` (a NUL inside ends it early).
fn c_string(s: &str) -> CString {
    let bytes: Vec<u8> = s.bytes().take_while(|&b| b != 0).collect();
    CString::new(bytes).unwrap_or_default()
}

/// A pipe as (read end, write end), both close-on-exec.
fn pipe() -> Result<(OwnedFd, OwnedFd), CodegenError> {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(CodegenError::io(
            "creating a pipe",
            std::io::Error::last_os_error(),
        ));
    }
    // SAFETY: pipe2 succeeded, so both are fresh descriptors we own.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// What the child needs, as plain values (raw pointers into the parent's
/// memory stay valid in the child's copy of it).
#[derive(Copy, Clone)]
struct ChildSetup {
    stdin: RawFd,
    stdout: RawFd,
    stderr: RawFd,
    argc: i32,
    argv: *mut *mut libc::c_char,
    entry: EntryFn,
    leak_check: bool,
}

// SAFETY: the pointers are only used by the forked child, in its own copy
// of the address space, while the parent keeps the originals alive.
unsafe impl Send for ChildSetup {}

/// In the child: streams, descriptors, signals, then the program.
fn child_main(s: ChildSetup) -> ! {
    // SAFETY: only async-signal-safe calls until seen_run; the descriptors
    // are the pipes of this run; `argv` is a NULL-terminated array of C
    // strings; `entry` is finalized JIT code of type `() -> i64`.
    unsafe {
        let ok = libc::dup2(s.stdin, 0) >= 0
            && libc::dup2(s.stdout, 1) >= 0
            && libc::dup2(s.stderr, 2) >= 0;
        if !ok {
            libc::_exit(127);
        }
        if libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 0u32) != 0 {
            for fd in 3..1024 {
                libc::close(fd);
            }
        }
        for sig in [
            libc::SIGPIPE,
            libc::SIGSEGV,
            libc::SIGBUS,
            libc::SIGILL,
            libc::SIGFPE,
            libc::SIGABRT,
        ] {
            libc::signal(sig, libc::SIG_DFL);
        }
        let mut none: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut none);
        libc::pthread_sigmask(libc::SIG_SETMASK, &none, std::ptr::null_mut());
        if s.leak_check {
            seen_std::ffi::seen_leak_check_enable(true);
        }
        let status = seen_std::ffi::seen_run(s.argc, s.argv, s.entry);
        libc::_exit(status)
    }
}

/// Forks (from a thread with a fresh stack) and runs `child_main` in the
/// child; gives the child's pid.
fn fork_child(setup: ChildSetup) -> Result<libc::pid_t, CodegenError> {
    let spawn = std::thread::Builder::new()
        .name("seen-run".into())
        .stack_size(CHILD_STACK)
        .spawn(move || {
            // SAFETY: the child runs only `child_main`, which never returns.
            let pid = unsafe { libc::fork() };
            if pid == 0 {
                child_main(setup);
            }
            if pid < 0 {
                Err(std::io::Error::last_os_error())
            } else {
                Ok(pid)
            }
        })
        .map_err(|e| CodegenError::io("starting the thread that forks", e))?;
    match spawn.join() {
        Ok(Ok(pid)) => Ok(pid),
        Ok(Err(e)) => Err(CodegenError::io("fork", e)),
        Err(_) => Err(CodegenError::io(
            "fork",
            std::io::Error::other("the forking thread panicked"),
        )),
    }
}

/// Runs `entry` in a child with the given arguments and options.
fn run_isolated(
    entry: EntryFn,
    args: &[CString],
    options: &RunOptions,
) -> Result<RunOutput, CodegenError> {
    let (in_r, in_w) = pipe()?;
    let (out_r, out_w) = pipe()?;
    let (err_r, err_w) = pipe()?;
    let mut argv: Vec<*mut libc::c_char> = args.iter().map(|a| a.as_ptr().cast_mut()).collect();
    argv.push(std::ptr::null_mut());
    let setup = ChildSetup {
        stdin: in_r.as_raw_fd(),
        stdout: out_w.as_raw_fd(),
        stderr: err_w.as_raw_fd(),
        argc: args.len() as i32,
        argv: argv.as_mut_ptr(),
        entry,
        leak_check: options.leak_check,
    };
    let pid = fork_child(setup)?;
    drop((in_r, out_w, err_w));
    let io = Streams::start(
        in_w,
        out_r,
        err_r,
        options.stdin.clone().unwrap_or_default(),
    );
    let waited = wait_child(pid, options.timeout);
    if waited.is_err() {
        // SAFETY: killing and reaping our own child, so the readers end.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
            libc::waitpid(pid, std::ptr::null_mut(), 0);
        }
    }
    let (stdout, stderr) = io.finish();
    drop(argv);
    match waited? {
        Some(status) => Ok(output(status, stdout, stderr)),
        None => Err(CodegenError::Timeout {
            limit: options.timeout.unwrap_or_default(),
            stdout,
            stderr,
        }),
    }
}

/// The threads that feed the child's standard input and drain its
/// standard output and error.
struct Streams {
    writer: std::thread::JoinHandle<()>,
    stdout: std::thread::JoinHandle<Vec<u8>>,
    stderr: std::thread::JoinHandle<Vec<u8>>,
}

impl Streams {
    fn start(stdin: OwnedFd, stdout: OwnedFd, stderr: OwnedFd, input: Vec<u8>) -> Streams {
        let drain = |fd: OwnedFd| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = std::fs::File::from(fd).read_to_end(&mut buf);
                buf
            })
        };
        Streams {
            // a child that stops reading makes the write fail: that is fine
            writer: std::thread::spawn(move || {
                let _ = std::fs::File::from(stdin).write_all(&input);
            }),
            stdout: drain(stdout),
            stderr: drain(stderr),
        }
    }

    /// Waits for the streams to end (the child has exited): its output.
    fn finish(self) -> (Vec<u8>, Vec<u8>) {
        let out = self.stdout.join().unwrap_or_default();
        let err = self.stderr.join().unwrap_or_default();
        let _ = self.writer.join();
        (out, err)
    }
}

/// The result of a child that ended with wait status `status`.
fn output(status: i32, stdout: Vec<u8>, stderr: Vec<u8>) -> RunOutput {
    let (exit_code, signal) = if libc::WIFSIGNALED(status) {
        let sig = libc::WTERMSIG(status);
        (128 + sig, Some(sig))
    } else {
        (libc::WEXITSTATUS(status), None)
    };
    RunOutput {
        exit_code,
        stdout,
        stderr,
        signal,
    }
}

/// Waits for the child; `None` when the time limit passed (the child is
/// then killed and reaped).
fn wait_child(pid: libc::pid_t, timeout: Option<Duration>) -> Result<Option<i32>, CodegenError> {
    let deadline = timeout.map(|t| Instant::now() + t);
    let mut pause = Duration::from_micros(200);
    loop {
        let mut status = 0;
        // SAFETY: `pid` is our child; `status` is a valid out-pointer.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            return Ok(Some(status));
        }
        if r < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(CodegenError::io("waiting for the program", e));
            }
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            // SAFETY: killing and reaping our own child.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                while libc::waitpid(pid, &mut status, 0) < 0
                    && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
                {
                }
            }
            return Ok(None);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(10));
    }
}
