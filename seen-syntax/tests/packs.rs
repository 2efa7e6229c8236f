//! The built-in keyword packs: each is complete and unambiguous, and no
//! spelling of any pack appears in the Rust code of this crate.

use seen_syntax::pack::{DUAL_WORDS, ENTRIES, Entry, Section};
use seen_syntax::{Pack, Word};

const REQUIRED: &[&str] = &["en", "ar", "es", "zh", "ru", "ja", "fr", "de", "pt", "hi"];

#[test]
fn the_ten_languages_are_built_in() {
    let codes: Vec<&str> = Pack::builtin_codes().collect();
    for code in REQUIRED {
        assert!(
            codes.contains(code),
            "no built-in pack `{code}` (have {codes:?})"
        );
    }
}

/// Loading checks completeness, spelling validity and uniqueness; every
/// built-in pack must pass.
#[test]
fn every_builtin_pack_loads() {
    for code in Pack::builtin_codes() {
        let pack = Pack::builtin(code).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pack.code(), code, "the file name and [pack] code agree");
        for entry in Entry::all() {
            assert!(
                !pack.spelling(entry).is_empty(),
                "{code}: {} unspelled",
                entry.canonical()
            );
        }
    }
}

/// No two canonical words share a spelling (annotations are their own
/// namespace), and no word collides with a prelude or type name: the
/// lookup of each spelling gives back its own entry.
#[test]
fn spellings_are_unambiguous() {
    for code in Pack::builtin_codes() {
        let pack = Pack::builtin(code).unwrap();
        for entry in Entry::all() {
            let spelling = pack.spelling(entry);
            let back = match entry.section() {
                Section::Annotations => pack.annotation(spelling),
                _ => pack.lookup(spelling),
            };
            assert_eq!(
                back,
                Some(entry),
                "{code}: `{spelling}` does not stand for {} alone",
                entry.canonical()
            );
        }
    }
}

/// The only canonical names that are both a word and a prelude name are
/// the ones the design spells twice on purpose (`let`, `to`), and packs
/// spell them once: the prelude section does not repeat them.
#[test]
fn words_and_prelude_names_overlap_only_on_purpose() {
    let prelude: Vec<&str> = ENTRIES
        .iter()
        .filter(|(s, _)| *s == Section::Prelude)
        .map(|(_, n)| *n)
        .collect();
    for w in Word::ALL {
        assert!(
            !prelude.contains(&w.canonical()),
            "`{}` is both a word and a prelude entry",
            w.canonical()
        );
    }
    assert_eq!(DUAL_WORDS, &[Word::Let, Word::To]);
}

/// The habits of each pack name real words and do not shadow spellings.
#[test]
fn habits_point_at_words() {
    for code in Pack::builtin_codes() {
        let pack = Pack::builtin(code).unwrap();
        for (habit, entry) in pack.habits() {
            assert!(entry.word().is_some(), "{code}: habit `{habit}`");
            assert_eq!(
                pack.lookup(habit),
                None,
                "{code}: habit `{habit}` is also a spelling"
            );
        }
    }
}

/// Rust code never compares text with a spelling: string literals in this
/// crate's sources equal to a word of any pack appear only in the schema
/// (as canonical names) and in unit tests (which assert canonical names).
#[test]
fn no_spelling_lives_in_rust_source() {
    let mut words = std::collections::HashSet::new();
    for code in Pack::builtin_codes() {
        let pack = Pack::builtin(code).unwrap();
        for entry in Entry::all() {
            words.insert(pack.spelling(entry).to_string());
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    visit(&root, &mut |path, text| {
        // the schema names canonical entries; unit tests assert them
        if path.ends_with("pack/schema.rs") || path.file_name().is_some_and(|n| n == "tests.rs") {
            return;
        }
        for literal in string_literals(text) {
            if words.contains(literal) {
                offenders.push(format!("{}: \"{literal}\"", path.display()));
            }
        }
    });
    assert!(
        offenders.is_empty(),
        "spellings in Rust source:\n{}",
        offenders.join("\n")
    );
}

fn visit(dir: &std::path::Path, f: &mut dyn FnMut(&std::path::Path, &str)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            f(&path, &text);
        }
    }
}

/// The contents of simple `"..."` literals (enough to find bare words).
fn string_literals(text: &str) -> impl Iterator<Item = &str> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.contains('\\') && !s.contains('\n'))
}
