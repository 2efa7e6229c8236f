//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

use seen_syntax::pack::Section;
use seen_syntax::{Entry, Pack};

/// The shared conformance programs `(name, text)`, or `None` (with a note
/// on stderr) when `../shared` is absent. Under CI (`CI` set) a missing
/// suite fails instead.
pub fn conformance() -> Option<Vec<(String, String)>> {
    let dir = std::env::var_os("SEEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
        .join("conformance");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but the conformance suite is missing at {}",
            dir.display()
        );
        eprintln!(
            "note: skipping conformance programs: {} does not exist",
            dir.display()
        );
        return None;
    }
    let mut programs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the conformance directory is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "seen"))
        .map(|p| {
            let name = p
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&p).expect("a UTF-8 program"))
        })
        .collect();
    programs.sort();
    assert!(!programs.is_empty(), "no programs in {}", dir.display());
    Some(programs)
}

/// A pack in which every spelling differs from the English one: proof
/// that no English word is matched by the Rust code.
pub fn synthetic_pack() -> Pack {
    let en = Pack::english();
    let mut text =
        String::from("[pack]\ncode = \"zz\"\nname = \"Synthetic\"\nnative_name = \"Ƨynthetic\"\n");
    let sections = [
        Section::Keywords,
        Section::Operators,
        Section::Literals,
        Section::Words,
        Section::Prelude,
        Section::Types,
        Section::Annotations,
    ];
    for section in sections {
        text.push_str(&format!("\n[{}]\n", section.table()));
        for entry in Entry::all().filter(|e| e.section() == section) {
            let spelling: String = en.spelling(entry).chars().rev().collect();
            text.push_str(&format!("\"{}\" = \"ʒ{spelling}\"\n", entry.canonical()));
        }
    }
    Pack::from_toml("synthetic.toml", &text).expect("the synthetic pack is valid")
}
