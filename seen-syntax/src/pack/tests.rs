use super::*;

fn english_toml() -> String {
    Pack::english().to_toml()
}

#[test]
fn english_round_trips_through_toml() {
    let again = Pack::from_toml("en.toml", &english_toml()).unwrap();
    for e in Entry::all() {
        assert_eq!(again.spelling(e), Pack::english().spelling(e));
    }
    assert_eq!(again.habit("val").and_then(Entry::word), Some(Word::Let));
}

#[test]
fn lookup_maps_spellings_to_entries() {
    let en = Pack::english();
    assert_eq!(en.lookup("fun").and_then(Entry::word), Some(Word::Fun));
    assert_eq!(en.lookup("println").map(Entry::canonical), Some("println"));
    assert_eq!(en.lookup("Int").map(Entry::section), Some(Section::Types));
    assert_eq!(
        en.lookup("test"),
        None,
        "annotation names are a namespace of their own"
    );
    assert_eq!(en.annotation("test").map(Entry::canonical), Some("test"));
    assert_eq!(en.lookup("frobnicate"), None);
}

#[test]
fn a_missing_entry_is_reported() {
    let text = english_toml().replace("println = \"println\"\n", "");
    let err = Pack::from_toml("mine.toml", &text).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("mine.toml: error: [prelude] does not spell `println`"),
        "{msg}"
    );
}

#[test]
fn a_shared_spelling_is_reported_with_its_position() {
    let text = english_toml().replace("print = \"print\"", "print = \"fun\"");
    let err = Pack::from_toml("mine.toml", &text).unwrap_err();
    let PackError::Invalid { problems, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 1, "{err}");
    assert!(
        problems[0]
            .message
            .contains("`fun` spells both `fun` and `print`"),
        "{err}"
    );
    let (line, _) = problems[0].position.unwrap();
    let expected = text
        .lines()
        .position(|l| l.starts_with("print = "))
        .unwrap() as u32
        + 1;
    assert_eq!(line, expected);
}

#[test]
fn unknown_keys_and_bad_spellings_are_reported() {
    let text = english_toml()
        .replace("[keywords]\n", "[keywords]\nfunction = \"f\"\n")
        .replace("while = \"while\"", "while = \"two words\"");
    let err = Pack::from_toml("mine.toml", &text).unwrap_err().to_string();
    assert!(
        err.contains("`function` is not a canonical name of [keywords]"),
        "{err}"
    );
    assert!(
        err.contains("the spelling `two words` of `while` must be one identifier"),
        "{err}"
    );
}

#[test]
fn bad_toml_has_a_position() {
    let err = Pack::from_toml("mine.toml", "[pack]\ncode = \n")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("mine.toml:2:"), "{err}");
}

#[test]
fn unknown_builtin_lists_the_available_ones() {
    let err = Pack::builtin("xx").unwrap_err().to_string();
    assert!(
        err.contains("unknown keyword pack `xx`") && err.contains("en"),
        "{err}"
    );
}

#[test]
fn with_spelling_replaces_one_entry() {
    let en = Pack::english();
    let changed = en
        .with_spelling(Entry::of_word(Word::Fun), "func2")
        .unwrap();
    assert_eq!(
        changed.lookup("func2").and_then(Entry::word),
        Some(Word::Fun)
    );
    assert_eq!(changed.lookup("fun"), None);
}
