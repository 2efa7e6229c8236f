//! Builds the C runtime (`runtime/*.c`) into the static library
//! `libseen_runtime.a` in `OUT_DIR` with the `cc` crate, for the host.
//! Rust code that depends on `seen-std` links it automatically; compiled
//! Seen executables link the same file (see `seen_std::runtime_lib_path`).

use std::path::{Path, PathBuf};

/// Every `.seen` file under `dir`, sorted.
fn seen_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            seen_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "seen") {
            out.push(p);
        }
    }
}

/// Writes `std_sources.rs`: the standard library's Seen files, embedded
/// with `include_str!`, each with its module path.
fn embed_std() {
    println!("cargo:rerun-if-changed=std");
    let root = Path::new("std");
    let mut files = Vec::new();
    seen_files(root, &mut files);
    files.sort();
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut out = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(root).expect("found under std/");
        let module: Vec<String> = rel
            .with_extension("")
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        let module = format!("std.{}", module.join("."));
        let path = format!("seen-std/std/{}", rel.display());
        let abs = Path::new(&manifest).join(f);
        out.push_str(&format!(
            "    StdFile {{ module: {module:?}, path: {path:?}, text: include_str!({:?}) }},\n",
            abs.display()
        ));
    }
    out.push(']');
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("std_sources.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

fn main() {
    embed_std();
    let dir = Path::new("runtime");
    println!("cargo:rerun-if-changed=runtime");
    let mut sources: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "c"))
            .collect(),
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    };
    sources.sort();
    for s in &sources {
        println!("cargo:rerun-if-changed={}", s.display());
    }
    for h in ["seen.h", "internal.h", "ryu_tables.h", "case_tables.h"] {
        println!("cargo:rerun-if-changed=runtime/{h}");
    }
    // `main` goes to an archive of its own that only executables link:
    // a Rust binary depending on this crate (the compiler, a fuzzer whose
    // `main` comes from another library) must never pick it up
    let (start, runtime): (Vec<_>, Vec<_>) =
        sources.into_iter().partition(|p| p.ends_with("main.c"));
    c_build(dir)
        .files(&start)
        .cargo_metadata(false)
        .compile("seen_start");
    c_build(dir).files(&runtime).compile("seen_runtime");
    println!("cargo:rustc-link-lib=m");
    if let Ok(out) = std::env::var("OUT_DIR") {
        println!("cargo:lib_dir={out}");
    }
}

/// The C compiler settings every runtime file is built with.
fn c_build(dir: &Path) -> cc::Build {
    let mut b = cc::Build::new();
    b.include(dir)
        .std("c11")
        .opt_level(2)
        .debug(true)
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .flag("-fno-strict-aliasing");
    b
}
