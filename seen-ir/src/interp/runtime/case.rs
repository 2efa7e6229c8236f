//! Unicode case mapping and character classes, a port of the C runtime's
//! `case.c` over the same tables (`case_tables.rs`): Kotlin's simple
//! mapping for a `Char`, the full mapping (with the final sigma) for
//! strings.

use super::case_tables as t;

const CAPITAL_SIGMA: u32 = 0x3A3;
const SMALL_SIGMA: u32 = 0x3C3;
const FINAL_SIGMA: u32 = 0x3C2;

/// The property flags of a code point.
pub(super) fn props(c: u32) -> u32 {
    if c > 0x10FFFF {
        return 0;
    }
    let i = t::CASE_PROPS.partition_point(|&e| (e >> 8) <= c);
    t::CASE_PROPS[i.saturating_sub(1)] & 0xFF
}

fn map_simple(table: &[(u32, u32, i32, u32)], c: u32) -> u32 {
    let i = table.partition_point(|r| r.1 < c);
    match table.get(i) {
        Some(&(lo, _, delta, step)) if lo <= c && (c - lo) % step == 0 => {
            (i64::from(c) + i64::from(delta)) as u32
        }
        _ => c,
    }
}

fn special(table: &[(u32, [u32; 3])], c: u32) -> Option<&[u32; 3]> {
    let i = table.partition_point(|r| r.0 < c);
    table.get(i).filter(|r| r.0 == c).map(|r| &r.1)
}

/// `Char.uppercaseChar()`.
pub(super) fn to_upper(c: u32) -> u32 {
    if c < 0x80 {
        return if (u32::from(b'a')..=u32::from(b'z')).contains(&c) {
            c - 32
        } else {
            c
        };
    }
    map_simple(&t::UPPER_RANGES, c)
}

/// `Char.lowercaseChar()`.
pub(super) fn to_lower(c: u32) -> u32 {
    if c < 0x80 {
        return if (u32::from(b'A')..=u32::from(b'Z')).contains(&c) {
            c + 32
        } else {
            c
        };
    }
    map_simple(&t::LOWER_RANGES, c)
}

/// `Char.isDigit()`.
pub(super) fn is_digit(c: u32) -> bool {
    if c < 0x80 {
        return (u32::from(b'0')..=u32::from(b'9')).contains(&c);
    }
    props(c) & t::CP_DIGIT != 0
}

/// `Char.isUpperCase()`, `isLowerCase()`, `isLetter()`, `isLetterOrDigit()`.
pub(super) fn has(c: u32, flags: u32) -> bool {
    props(c) & flags != 0
}

/// The flags `has` tests.
pub(super) const UPPER: u32 = t::CP_UPPER;
/// Lower case.
pub(super) const LOWER: u32 = t::CP_LOWER;
/// Letters.
pub(super) const LETTER: u32 = t::CP_LETTER;
/// Letters or digits.
pub(super) const LETTER_OR_DIGIT: u32 = t::CP_LETTER | t::CP_DIGIT;

/// `Char.digitToIntOrNull()`: the digit's value or -1.
pub(super) fn digit_value(c: u32) -> i64 {
    if !is_digit(c) {
        return -1;
    }
    let i = t::DIGIT_ZEROS.partition_point(|&z| z <= c);
    i64::from(c - t::DIGIT_ZEROS[i.saturating_sub(1)])
}

fn full(s: Option<&[u32; 3]>, simple: u32) -> Vec<u32> {
    match s {
        Some(to) => to.iter().copied().filter(|&x| x != 0).collect(),
        None => vec![simple],
    }
}

fn full_upper(c: u32) -> Vec<u32> {
    let s = if c < 0xDF {
        None
    } else {
        special(&t::UPPER_SPECIAL, c)
    };
    full(s, to_upper(c))
}

/// Whether the capital sigma at `chars[i]` ends a word (Final_Sigma).
fn final_sigma(chars: &[u32], i: usize) -> bool {
    let cased_before = chars[..i]
        .iter()
        .rev()
        .map(|&c| props(c))
        .find(|f| f & t::CP_CASE_IGNORABLE == 0)
        .is_some_and(|f| f & t::CP_CASED != 0);
    cased_before
        && chars[i + 1..]
            .iter()
            .map(|&c| props(c))
            .find(|f| f & t::CP_CASE_IGNORABLE == 0)
            .is_none_or(|f| f & t::CP_CASED == 0)
}

/// The full lower-case form of `chars[i]` (`chars` is the text, for the
/// final sigma; a character alone is a text of one).
fn full_lower(chars: &[u32], i: usize, alone: bool) -> Vec<u32> {
    let c = chars[i];
    if c == CAPITAL_SIGMA {
        let last = !alone && final_sigma(chars, i);
        return vec![if last { FINAL_SIGMA } else { SMALL_SIGMA }];
    }
    let s = if c < 0x80 {
        None
    } else {
        special(&t::LOWER_SPECIAL, c)
    };
    full(s, to_lower(c))
}

/// `String.uppercase()`/`lowercase()` on decoded characters: the mapped
/// characters, or `None` when nothing changes.
pub(super) fn convert(chars: &[u32], upper: bool) -> Option<Vec<u32>> {
    let mut out = Vec::with_capacity(chars.len());
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        let m = if upper {
            full_upper(c)
        } else {
            full_lower(chars, i, false)
        };
        changed |= m.len() != 1 || m[0] != c;
        out.extend(m);
    }
    changed.then_some(out)
}

/// `Char.uppercase()`/`lowercase()`: one character's full mapping.
pub(super) fn char_string(c: u32, upper: bool) -> Vec<u32> {
    if upper {
        full_upper(c)
    } else {
        full_lower(&[c], 0, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_follow_the_tables() {
        assert_eq!(to_upper('é' as u32), 'É' as u32);
        assert_eq!(to_lower('İ' as u32), 'i' as u32);
        assert_eq!(char_string('ß' as u32, true), vec!['S' as u32; 2]);
        let word: Vec<u32> = "ΟΔΟΣ".chars().map(u32::from).collect();
        let lower = convert(&word, false).expect("changed");
        assert_eq!(lower.last(), Some(&FINAL_SIGMA));
        assert_eq!(digit_value('٧' as u32), 7);
        assert!(has('a' as u32, LETTER) && !has('1' as u32, LETTER));
        assert!(!t::UNICODE_VERSION.is_empty());
    }

    /// The tables are the C runtime's: every hexadecimal number of
    /// `case_tables.h` (code points; deltas and steps are decimal, checked
    /// through the mappings above), in order, and the Unicode version.
    #[test]
    fn tables_are_the_c_runtimes() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../seen-std/runtime/case_tables.h"
        );
        let Ok(header) = std::fs::read_to_string(path) else {
            eprintln!("skipping: {path} is not there");
            return;
        };
        let theirs: Vec<u32> = header
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter_map(|w| w.strip_prefix("0x"))
            .map(|h| u32::from_str_radix(h, 16).expect("hex"))
            .collect();
        let mut ours: Vec<u32> = t::CASE_PROPS.to_vec();
        ours.extend(t::DIGIT_ZEROS);
        for r in t::UPPER_RANGES.iter().chain(&t::LOWER_RANGES) {
            ours.extend([r.0, r.1]);
        }
        for (c, to) in t::UPPER_SPECIAL.iter().chain(&t::LOWER_SPECIAL) {
            ours.push(*c);
            ours.extend(to);
        }
        assert!(ours == theirs, "regenerate case_tables.rs from {path}");
        assert!(header.contains(&format!("\"{}\"", t::UNICODE_VERSION)));
    }
}
