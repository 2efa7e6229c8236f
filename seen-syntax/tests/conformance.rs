//! The shared conformance programs through the whole front end: they
//! parse without a diagnostic in English and in every pack (translated),
//! translation round-trips byte for byte, and formatting is idempotent and
//! keeps the tree.

mod common;

use seen_syntax::format::format_source;
use seen_syntax::translate::translate;
use seen_syntax::{Arena, Pack, parse};

#[test]
fn every_program_parses_cleanly() {
    let Some(programs) = common::conformance() else {
        return;
    };
    for (name, text) in &programs {
        let arena = Arena::new();
        let parsed = parse(text, Pack::english(), &arena);
        assert!(
            parsed.diagnostics.is_empty(),
            "{name}: {:#?}",
            parsed.diagnostics
        );
    }
}

fn check_pack(pack: &Pack, programs: &[(String, String)]) {
    let en = Pack::english();
    for (name, text) in programs {
        let expected = parse(text, en, &Arena::new()).tree_without_spans();
        let translated = translate(text, en, pack)
            .unwrap_or_else(|e| panic!("{name} into {}: {e}: {:#?}", pack.code(), e.diagnostics()));
        let arena = Arena::new();
        let parsed = parse(&translated, pack, &arena);
        assert!(
            parsed.diagnostics.is_empty(),
            "{name} in {}: {:#?}",
            pack.code(),
            parsed.diagnostics
        );
        assert!(
            parsed.tree_without_spans() == expected,
            "{name} in {} parses to another tree",
            pack.code()
        );
        let back = translate(&translated, pack, en)
            .unwrap_or_else(|e| panic!("{name} back from {}: {e}", pack.code()));
        assert!(
            back == *text,
            "{name}: the round trip through {} changed the text",
            pack.code()
        );
    }
}

#[test]
fn every_program_means_the_same_in_every_pack() {
    let Some(programs) = common::conformance() else {
        return;
    };
    for code in Pack::builtin_codes() {
        check_pack(Pack::builtin(code).unwrap(), &programs);
    }
}

#[test]
fn no_english_word_is_in_the_compiler() {
    let Some(programs) = common::conformance() else {
        return;
    };
    let pack = common::synthetic_pack();
    // the synthetic pack really changes every word
    for entry in seen_syntax::Entry::all() {
        assert_ne!(pack.spelling(entry), Pack::english().spelling(entry));
    }
    check_pack(&pack, &programs);
}

#[test]
fn formatting_is_idempotent_and_keeps_the_tree() {
    let Some(programs) = common::conformance() else {
        return;
    };
    let en = Pack::english();
    for (name, text) in &programs {
        let once = format_source(text, en).unwrap_or_else(|e| panic!("{name}: {e}"));
        let twice = format_source(&once, en).unwrap_or_else(|e| panic!("{name} formatted: {e}"));
        assert!(once == twice, "{name}: formatting is not idempotent");
        assert_eq!(
            parse(&once, en, &Arena::new()).tree_without_spans(),
            parse(text, en, &Arena::new()).tree_without_spans(),
            "{name}"
        );
    }
}
