//! The grammar, construct by construct: every file under `tests/data/ok`
//! parses without a diagnostic to the tree in its snapshot, formats
//! idempotently to the same tree, and round-trips through the synthetic
//! pack; every file under `tests/data/err` reports errors, rendered in its
//! snapshot. A file named `xx_*.seen` is written in the pack `xx`.
//! `cargo insta review` accepts changed snapshots.

mod common;

use seen_syntax::diagnostics::render::{TextOptions, render_all_text};
use seen_syntax::format::format_source;
use seen_syntax::translate::translate;
use seen_syntax::{Arena, Pack, SourceMap, ast, parse};

fn pack_for(path: &std::path::Path) -> &'static Pack {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    match name.split_once('_') {
        Some((code, _)) if code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()) => {
            Pack::builtin(code).expect("the file names a built-in pack")
        }
        _ => Pack::english(),
    }
}

#[test]
fn accepted_constructs() {
    insta::glob!("data/ok/*.seen", |path| {
        let text = std::fs::read_to_string(path).expect("readable test file");
        let pack = pack_for(path);
        let arena = Arena::new();
        let parsed = parse(&text, pack, &arena);
        assert!(
            parsed.diagnostics.is_empty(),
            "{}: {:#?}",
            path.display(),
            parsed.diagnostics
        );
        insta::assert_snapshot!(ast::print::file(&parsed.ast));

        let formatted = format_source(&text, pack).expect("formats");
        assert_eq!(
            format_source(&formatted, pack).expect("formats again"),
            formatted,
            "{}",
            path.display()
        );

        let zz = common::synthetic_pack();
        let there = translate(&text, pack, &zz).expect("translates");
        assert_eq!(
            parse(&there, &zz, &Arena::new()).tree_without_spans(),
            parsed.tree_without_spans(),
            "{}",
            path.display()
        );
        assert_eq!(translate(&there, &zz, pack).expect("translates back"), text);
    });
}

#[test]
fn rejected_constructs() {
    insta::glob!("data/err/*.seen", |path| {
        let text = std::fs::read_to_string(path).expect("readable test file");
        let arena = Arena::new();
        let parsed = parse(&text, pack_for(path), &arena);
        assert!(
            parsed.has_errors(),
            "{} parses without errors",
            path.display()
        );
        let mut files = SourceMap::new();
        let name = path
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        files.add(name, text.clone());
        let rendered = render_all_text(&parsed.diagnostics, &files, TextOptions { ascii: true });
        insta::assert_snapshot!(rendered);
    });
}
