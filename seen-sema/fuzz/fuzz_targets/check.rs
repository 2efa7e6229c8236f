//! Fuzzes the checker with the real standard library: no input may panic,
//! and when the front end rejects the input its diagnostics come first.
//! Run with `cargo +nightly fuzz run check` in `seen-sema/`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use seen_sema::ModuleFile;
use seen_syntax::{Arena, Pack, SourceMap};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut files = SourceMap::new();
    let mut modules: Vec<ModuleFile> = seen_std::STD_SOURCES
        .iter()
        .map(|f| ModuleFile { file: files.add(f.path, f.text), module: f.module.to_string(), std: true, pack: None })
        .collect();
    modules.push(ModuleFile { file: files.add("fuzz.seen", text.into_owned()), module: "main".into(), std: false, pack: None });
    let arena = Arena::new();
    let diagnostics = seen_sema::check_files(&arena, &files, &modules, Pack::english()).sorted_diagnostics();
    let front_end = |d: &seen_syntax::Diagnostic| d.code < "E0100";
    if let Some(first) = diagnostics.iter().position(|d| !front_end(d)) {
        assert!(diagnostics[first..].iter().all(|d| !front_end(d)), "front-end diagnostics come first");
    }
});
