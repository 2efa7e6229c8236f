//! Unicode case mapping and character classes (runtime/case.c): every
//! code point against Python's Unicode database (the source of the
//! generated tables), strings with the final sigma against str.lower(),
//! and the tables against their generator, byte for byte.

mod common;

use common::{LOC, Str, crate_dir};
use seen_std::ffi;
use std::io::Write;
use std::process::{Command, Stdio};

/// The Unicode version of the committed tables.
fn tables_version() -> String {
    let text = std::fs::read_to_string(crate_dir().join("runtime/case_tables.h")).expect("tables");
    let line = text
        .lines()
        .find(|l| l.starts_with("#define SEEN_UNICODE_VERSION"))
        .expect("the version line");
    line.split('"')
        .nth(1)
        .expect("a quoted version")
        .to_string()
}

/// Whether python3 is installed with the Unicode version of the tables.
fn python_matches() -> bool {
    if !common::have("python3") {
        eprintln!("note: python3 is not installed; comparison skipped");
        return false;
    }
    let version = Command::new("python3")
        .args([
            "-c",
            "import unicodedata; print(unicodedata.unidata_version)",
        ])
        .output()
        .expect("python3 runs");
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let same = version == tables_version();
    if !same {
        eprintln!("note: python3 has Unicode {version}, the tables another; skipped");
    }
    same
}

/// Runs a Python program (with tools/ on its path) on `input`, when
/// [`python_matches`]; its output.
fn python(program: &str, input: &str) -> Option<String> {
    if !python_matches() {
        return None;
    }
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(program)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONPATH", crate_dir().join("tools"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 starts");
    let mut stdin = child.stdin.take().expect("a pipe");
    stdin.write_all(input.as_bytes()).expect("python3 reads");
    drop(stdin);
    let out = child.wait_with_output().expect("python3 runs");
    assert!(out.status.success());
    Some(String::from_utf8(out.stdout).expect("UTF-8"))
}

#[test]
fn the_case_tables_are_what_the_generator_makes() {
    if !python_matches() {
        return;
    }
    let out = Command::new("python3")
        .arg(crate_dir().join("tools/gen_case_tables.py"))
        .output()
        .expect("python3 runs");
    assert!(out.status.success());
    let file = std::fs::read(crate_dir().join("runtime/case_tables.h")).expect("tables");
    assert!(
        out.stdout == file,
        "runtime/case_tables.h is stale: rerun tools/gen_case_tables.py"
    );
}

/// Every code point with a mapping or a property, one line each:
/// code, simple upper, simple lower, Uppercase, Lowercase, letter, Nd,
/// the digit's value, then the full upper and lower forms.
const DUMP: &str = r#"
import unicodedata
import gen_case_tables as g
for c in g.scalars():
    ch = chr(c)
    cat = unicodedata.category(ch)
    su, sl = ord(g.simple_upper(ch)), ord(g.simple_lower(ch))
    flags = [ch.isupper(), ch.islower(), cat.startswith("L"), cat == "Nd"]
    up, low = ch.upper(), ch.lower()
    if su != c or sl != c or any(flags) or up != ch or low != ch:
        digit = unicodedata.decimal(ch) if cat == "Nd" else -1
        fields = [c, su, sl] + [int(f) for f in flags] + [digit]
        full = [" ".join(str(ord(x)) for x in s) for s in (up, low)]
        print(" ".join(map(str, fields)) + "|" + "|".join(full))
"#;

/// What the runtime says of one code point, in the dump's form.
fn runtime_line(c: u32) -> String {
    // SAFETY: the functions take any value; the strings are owned.
    unsafe {
        let flags = [
            ffi::seen_char_is_upper(c),
            ffi::seen_char_is_lower(c),
            ffi::seen_char_is_letter(c),
            ffi::seen_char_is_digit(c),
        ];
        let up = Str::own(ffi::seen_char_to_upper_str(c)).text();
        let low = Str::own(ffi::seen_char_to_lower_str(c)).text();
        let mut fields = vec![
            c.to_string(),
            ffi::seen_char_to_upper(c).to_string(),
            ffi::seen_char_to_lower(c).to_string(),
        ];
        fields.extend(flags.iter().map(|&f| u8::from(f).to_string()));
        fields.push(ffi::seen_char_digit_value(c).to_string());
        let codes = |s: &str| -> String {
            s.chars()
                .map(|x| (x as u32).to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        format!("{}|{}|{}", fields.join(" "), codes(&up), codes(&low))
    }
}

#[test]
fn every_code_point_maps_and_classifies_as_python_says() {
    let Some(out) = python(DUMP, "") else {
        return;
    };
    let mut listed = out.lines().peekable();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for c in (0..0x11_0000u32).filter(|c| !(0xD800..=0xDFFF).contains(c)) {
        let got = runtime_line(c);
        let want = match listed.peek() {
            Some(l) if l.split(' ').next() == Some(&c.to_string()) => {
                checked += 1;
                listed.next().unwrap_or_default().to_string()
            }
            _ => format!("{c} {c} {c} 0 0 0 0 -1|{c}|{c}"),
        };
        if got != want && mismatches.len() < 20 {
            mismatches.push(format!("want {want}\n got {got}"));
        }
    }
    assert!(
        listed.next().is_none(),
        "the dump is not in code point order"
    );
    assert!(checked > 4000, "only {checked} code points listed");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Characters that exercise the string forms: the final sigma and what
/// it skips (case-ignorable marks and apostrophes), full mappings, ASCII.
const ALPHABET: &[char] = &[
    'a', 'Z', ' ', '1', '.', '\'', 'Σ', 'σ', 'ς', 'Α', 'ω', '\u{301}', '\u{345}', 'ß', 'İ', 'ı',
    'ǅ', 'ᾳ', 'ﬁ', '😀', 'Ж', 'ŉ', '\u{200B}', 'ʰ', '中', 'ΐ',
];

#[test]
fn strings_change_case_as_python_does_final_sigma_included() {
    let mut seed: u64 = 0x5EE4;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut texts = vec![String::new(), "ΟΔΥΣΣΕΥΣ".to_string(), "abc".to_string()];
    for _ in 0..3000 {
        let n = next() % 10;
        texts.push((0..n).map(|_| ALPHABET[next() % ALPHABET.len()]).collect());
    }
    let program = "import sys\nfor l in sys.stdin.read().split('\\n')[:-1]:\n    print(l.upper() + '\\t' + l.lower())";
    let input: String = texts.iter().map(|t| format!("{t}\n")).collect();
    let Some(out) = python(program, &input) else {
        return;
    };
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), texts.len());
    for (t, want) in texts.iter().zip(lines) {
        let s = Str::new(t);
        // SAFETY: a live string; results are owned.
        let (up, low) = unsafe {
            (
                Str::own(ffi::seen_str_to_upper(s.ptr())),
                Str::own(ffi::seen_str_to_lower(s.ptr())),
            )
        };
        assert_eq!(format!("{}\t{}", up.text(), low.text()), want, "{t:?}");
        for r in [&up, &low] {
            let text = r.text();
            assert_eq!(r.char_len(), text.chars().count() as u64, "{t:?}");
            let ascii = r.flags() & ffi::SEEN_STR_ASCII != 0;
            assert_eq!(ascii, text.is_ascii(), "{t:?}");
        }
    }
}

#[test]
fn unchanged_strings_are_returned_retained() {
    let s = Str::new("already UPPER 😀");
    // SAFETY: a live string; the result is owned.
    let up = Str::own(unsafe { ffi::seen_str_to_upper(s.ptr()) });
    assert_eq!(up.text(), "ALREADY UPPER 😀");
    let t = Str::new("DONE 1");
    // SAFETY: as above.
    unsafe {
        let same = Str::own(ffi::seen_str_to_upper(t.ptr()));
        assert_eq!(same.0, t.0);
        assert_eq!(ffi::seen_strong_count(t.0.cast()), 2);
    }
}

#[test]
fn digits_have_their_values() {
    for (c, v) in [('0', 0), ('9', 9), ('٣', 3), ('𝟡', 9), ('x', -1), ('Ⅷ', -1)] {
        // SAFETY: takes any value.
        assert_eq!(unsafe { ffi::seen_char_digit_value(c as u32) }, v, "{c}");
    }
    // SAFETY: a digit does not panic.
    assert_eq!(
        unsafe { ffi::seen_char_digit_to_int('7' as u32, LOC, 1, 1) },
        7
    );
    // not scalar values: no properties, mapped to themselves
    for c in [0xD800, 0x11_0000, u32::MAX] {
        // SAFETY: takes any value.
        unsafe {
            assert!(!ffi::seen_char_is_letter(c));
            assert_eq!(ffi::seen_char_to_upper(c), c);
            assert_eq!(ffi::seen_char_digit_value(c), -1);
        }
    }
}
