//! Helpers shared by the integration tests: owned runtime strings,
//! conversions, and building C programs against the runtime.
#![allow(dead_code)]

use seen_std::ffi::{self, SeenString};
use std::ffi::c_char;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A runtime string owned by the test (released on drop).
pub struct Str(pub *mut SeenString);

impl Str {
    /// A new runtime string from Rust text.
    pub fn new(text: &str) -> Str {
        // SAFETY: text is valid UTF-8 of the given length.
        Str(unsafe { ffi::seen_str_new(text.as_ptr().cast(), text.len() as u64) })
    }

    /// Takes ownership of a string the runtime returned (+1).
    pub fn own(p: *mut SeenString) -> Str {
        assert!(!p.is_null(), "the runtime returned NULL");
        Str(p)
    }

    /// The pointer, borrowed.
    pub fn ptr(&self) -> *const SeenString {
        self.0
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: a live string has byte_len bytes at `bytes`.
        unsafe {
            let s = &*self.0;
            std::slice::from_raw_parts(
                (self.0 as *const u8).add(ffi::SEEN_STRING_BYTES_OFFSET),
                s.byte_len as usize,
            )
        }
    }

    /// The text.
    pub fn text(&self) -> String {
        String::from_utf8(self.bytes().to_vec()).expect("runtime strings are UTF-8")
    }

    /// char_len as stored.
    pub fn char_len(&self) -> u64 {
        // SAFETY: live string.
        unsafe { (*self.0).char_len }
    }

    /// flags as stored.
    pub fn flags(&self) -> u32 {
        // SAFETY: live string.
        unsafe { (*self.0).flags }
    }
}

impl Drop for Str {
    fn drop(&mut self) {
        // SAFETY: we own one reference.
        unsafe { ffi::seen_release(self.0.cast()) }
    }
}

/// A NUL-terminated path for location arguments.
pub const LOC: *const c_char = c"test.seen".as_ptr();

/// Double.toString() through the runtime's buffer form.
pub fn fmt_f64(x: f64) -> String {
    let mut buf = [0u8; ffi::SEEN_NUM_BUF];
    // SAFETY: the buffer has SEEN_NUM_BUF bytes.
    let n = unsafe { ffi::seen_fmt_f64(buf.as_mut_ptr().cast(), x) };
    String::from_utf8(buf[..n].to_vec()).expect("ASCII")
}

/// Float.toString() through the runtime's buffer form.
pub fn fmt_f32(x: f32) -> String {
    let mut buf = [0u8; ffi::SEEN_NUM_BUF];
    // SAFETY: the buffer has SEEN_NUM_BUF bytes.
    let n = unsafe { ffi::seen_fmt_f32(buf.as_mut_ptr().cast(), x) };
    String::from_utf8(buf[..n].to_vec()).expect("ASCII")
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
}

/// The crate's directory.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Is `prog` runnable (`prog --version` succeeds)?
pub fn have(prog: &str) -> bool {
    Command::new(prog)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Compiles `tests/c/<name>` with `cc` and links it against the host's
/// runtime library; returns the executable's path inside `dir`.
pub fn build_c_program(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let src = crate_dir().join("tests/c").join(name);
    let exe = dir.join(name.trim_end_matches(".c"));
    let out = Command::new("cc")
        .arg("-std=c11")
        .arg("-Wall")
        .arg("-Wextra")
        .arg("-Werror")
        .arg("-g")
        .arg("-I")
        .arg(crate_dir().join("runtime"))
        .arg(&src)
        .args(extra)
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(seen_std::runtime_lib_dir())
        .arg(format!("-l{}", seen_std::START_LIB_NAME))
        .arg(format!("-l{}", seen_std::RUNTIME_LIB_NAME))
        .args(seen_std::RUNTIME_LINK_ARGS)
        .output()
        .expect("cc runs");
    assert!(
        out.status.success(),
        "cc failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    exe
}

/// Runs a program with arguments, environment pairs and standard input.
pub fn run(exe: &Path, args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .env_remove("SEEN_LEAK_CHECK")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("program starts");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin).expect("stdin written");
    }
    child.wait_with_output().expect("program runs")
}
