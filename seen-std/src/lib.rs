//! `seen-std`: the Seen runtime.
//!
//! The runtime is a small C11 library (`runtime/*.c`, ABI in
//! `runtime/seen.h`, contract in `docs/runtime.md`): heap objects with
//! reference counts and weak references, arrays, immutable UTF-8 strings,
//! `StringBuilder`, Kotlin-style number printing and parsing,
//! `String.format`, panics with locations and stack traces, buffered
//! standard output, arguments, the environment, the program entry and the
//! leak check. Everything above it (collections, most string operations)
//! is Seen source under `seen-std/std/`.
//!
//! This crate gives three things:
//!
//! - **The host build.** `build.rs` compiles the C sources with the `cc`
//!   crate into `libseen_runtime.a`. Rust code that depends on this crate
//!   links it (the compiler's JIT finds the runtime's symbols through
//!   [`runtime_symbols`]); a compiled Seen executable is linked against the
//!   same archive: `cc prog.o -L <runtime_lib_dir()> -l seen_start -l seen_runtime -lm`
//!   (see [`runtime_lib_dir`], [`RUNTIME_LIB_NAME`], [`RUNTIME_LINK_ARGS`]).
//! - **The sources** ([`RUNTIME_SOURCES`]), so that a cross build compiles
//!   them with the target's C compiler (`aarch64-linux-gnu-gcc`,
//!   `riscv64-linux-gnu-gcc`) and [`RUNTIME_CFLAGS`].
//! - **The ABI in Rust** ([`ffi`]): `#[repr(C)]` types with the C layouts
//!   and `extern "C"` declarations of every function, for tests and for the
//!   JIT's symbol table.
//!
//! ```
//! use seen_std::ffi;
//! let mut buf = [0u8; ffi::SEEN_NUM_BUF];
//! // SAFETY: the buffer holds SEEN_NUM_BUF bytes.
//! let n = unsafe { ffi::seen_fmt_f64(buf.as_mut_ptr().cast(), 1e-7) };
//! assert_eq!(&buf[..n], b"1.0E-7");
//! ```
//!
//! Invariants: the C code is portable C11 over libc and libm only; it
//! builds warning-free with `-Wall -Wextra -Werror`; nothing in it is
//! thread-safe yet (counts are non-atomic).
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

pub mod ffi;

/// One file of the standard library's Seen source.
#[derive(Clone, Copy, Debug)]
pub struct StdFile {
    /// Its module (`std.core.string` for `std/core/string.seen`).
    pub module: &'static str,
    /// Where it lives in the repository (`seen-std/std/core/string.seen`),
    /// for diagnostics.
    pub path: &'static str,
    /// Its text.
    pub text: &'static str,
}

/// The standard library's Seen sources, embedded at build time, sorted by
/// path. The modules under `std.core` are the prelude.
///
/// ```
/// let core = seen_std::STD_SOURCES.iter().filter(|f| f.module.starts_with("std.core")).count();
/// assert!(core > 0);
/// ```
pub static STD_SOURCES: &[StdFile] = include!(concat!(env!("OUT_DIR"), "/std_sources.rs"));

pub use ffi::runtime_symbols;

/// The name of the static library to link compiled programs with:
/// `-l seen_runtime` (the file is `libseen_runtime.a`).
pub const RUNTIME_LIB_NAME: &str = "seen_runtime";

/// The static library with the C `main` that calls `seen_main`, for
/// executables only: link it before the runtime,
/// `cc prog.o -L <dir> -l seen_start -l seen_runtime -lm`. It is separate
/// so that no Rust program depending on this crate ever links a second
/// `main`.
pub const START_LIB_NAME: &str = "seen_start";

/// The directory holding `libseen_runtime.a` built for the host by this
/// crate's build script (Cargo's `OUT_DIR` of the build). Pass it as `-L`.
pub fn runtime_lib_dir() -> &'static Path {
    Path::new(env!("OUT_DIR"))
}

/// The full path of the host's `libseen_runtime.a`.
pub fn runtime_lib_path() -> PathBuf {
    runtime_lib_dir().join(format!("lib{RUNTIME_LIB_NAME}.a"))
}

/// Arguments to add after the runtime library when linking an executable
/// with `cc`: libm.
pub const RUNTIME_LINK_ARGS: &[&str] = &["-lm"];

/// Extra link arguments for debug builds, so that the stack trace of a
/// panic names functions (`backtrace_symbols_fd` reads the dynamic symbol
/// table).
pub const RUNTIME_DEBUG_LINK_ARGS: &[&str] = &["-rdynamic"];

/// Flags for compiling [`RUNTIME_SOURCES`] with another C compiler (a cross
/// build); the host build uses the same through the `cc` crate.
pub const RUNTIME_CFLAGS: &[&str] = &[
    "-std=c11",
    "-O2",
    "-g",
    "-fPIC",
    "-fno-strict-aliasing",
    "-Wall",
    "-Wextra",
    "-Werror",
];

/// The runtime's C sources and headers as `(file name, text)`: every `.c`
/// file is one translation unit; the headers must sit beside them. `main.c`
/// holds only `main` (leave it out of a library for a host with its own).
pub const RUNTIME_SOURCES: &[(&str, &str)] = &[
    ("seen.h", include_str!("../runtime/seen.h")),
    ("internal.h", include_str!("../runtime/internal.h")),
    ("ryu_tables.h", include_str!("../runtime/ryu_tables.h")),
    ("case_tables.h", include_str!("../runtime/case_tables.h")),
    ("builder.c", include_str!("../runtime/builder.c")),
    ("case.c", include_str!("../runtime/case.c")),
    ("format.c", include_str!("../runtime/format.c")),
    ("io.c", include_str!("../runtime/io.c")),
    ("leak.c", include_str!("../runtime/leak.c")),
    ("main.c", include_str!("../runtime/main.c")),
    ("math.c", include_str!("../runtime/math.c")),
    ("memory.c", include_str!("../runtime/memory.c")),
    ("number.c", include_str!("../runtime/number.c")),
    ("panic.c", include_str!("../runtime/panic.c")),
    ("parse.c", include_str!("../runtime/parse.c")),
    ("string.c", include_str!("../runtime/string.c")),
];

/// Writes [`RUNTIME_SOURCES`] into `dir` (created if missing) and returns
/// the paths of the `.c` files, `main.c` included, in name order.
pub fn write_runtime_sources(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut c_files = Vec::new();
    for (name, text) in RUNTIME_SOURCES {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        if name.ends_with(".c") {
            c_files.push(path);
        }
    }
    c_files.sort();
    Ok(c_files)
}
