//! Builds the C runtime (`runtime/*.c`) into the static library
//! `libseen_runtime.a` in `OUT_DIR` with the `cc` crate, for the host.
//! Rust code that depends on `seen-std` links it automatically; compiled
//! Seen executables link the same file (see `seen_std::runtime_lib_path`).

use std::path::Path;

fn main() {
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
    for h in ["seen.h", "internal.h", "ryu_tables.h"] {
        println!("cargo:rerun-if-changed=runtime/{h}");
    }
    cc::Build::new()
        .files(&sources)
        .include(dir)
        .std("c11")
        .opt_level(2)
        .debug(true)
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .flag("-fno-strict-aliasing")
        .compile("seen_runtime");
    println!("cargo:rustc-link-lib=m");
    if let Ok(out) = std::env::var("OUT_DIR") {
        println!("cargo:lib_dir={out}");
    }
}
