//! Strings, StringBuilder, parsing and conversions, through the C ABI.
// The tests use the literal values of the language reference (3.14159).
#![allow(clippy::approx_constant)]

mod common;

use common::{LOC, Str};
use seen_std::ffi;

fn s(t: &str) -> Str {
    Str::new(t)
}

#[test]
fn lengths_and_ascii_flag() {
    for (t, chars) in [
        ("", 0u64),
        ("hello", 5),
        ("héllo", 5),
        ("日本語", 3),
        ("a😀b", 3),
        ("0123456789abcdefé", 17),
    ] {
        let x = s(t);
        assert_eq!(x.char_len(), chars, "{t}");
        assert_eq!(x.bytes(), t.as_bytes());
        // SAFETY: live strings.
        unsafe {
            assert_eq!(ffi::seen_str_len_chars(x.ptr()), chars as i64);
            assert_eq!(ffi::seen_str_len_bytes(x.ptr()), t.len() as i64);
        }
        assert_eq!(x.flags() == ffi::SEEN_STR_ASCII, t.is_ascii(), "{t}");
        // the trailing NUL
        // SAFETY: byte_len + 1 bytes are allocated.
        let nul = unsafe { *(x.0 as *const u8).add(ffi::SEEN_STRING_BYTES_OFFSET + t.len()) };
        assert_eq!(nul, 0);
    }
}

#[test]
fn char_at_ascii_and_non_ascii() {
    for t in ["plain ascii", "ça va, 日本, 😀!"] {
        let x = s(t);
        for (i, c) in t.chars().enumerate() {
            // SAFETY: in range.
            let got = unsafe { ffi::seen_str_char_at(x.ptr(), i as i64, LOC, 1, 1) };
            assert_eq!(got, c as u32, "{t}[{i}]");
        }
    }
}

#[test]
fn iteration_by_byte_offset_and_offsets_of_characters() {
    let t = "aé日😀z";
    let x = s(t);
    let mut pos = 0u64;
    let mut seen = Vec::new();
    loop {
        // SAFETY: pos is a valid offset.
        let c = unsafe { ffi::seen_str_next_char(x.ptr(), &mut pos) };
        if c == u32::MAX {
            break;
        }
        seen.push(char::from_u32(c).expect("a scalar value"));
    }
    assert_eq!(seen.iter().collect::<String>(), t);
    assert_eq!(pos, t.len() as u64);
    let offsets: Vec<u64> = (0..=6)
        // SAFETY: live string.
        .map(|i| unsafe { ffi::seen_str_byte_offset(x.ptr(), i) })
        .collect();
    assert_eq!(offsets, [0, 1, 3, 6, 10, 11, 11]);
}

#[test]
fn substring_in_characters() {
    let x = s("héllo wörld");
    let sub = |a, b| {
        // SAFETY: in range.
        Str::own(unsafe { ffi::seen_str_substring(x.ptr(), a, b, LOC, 1, 1) }).text()
    };
    assert_eq!(sub(0, 5), "héllo");
    assert_eq!(sub(6, 11), "wörld");
    assert_eq!(sub(1, 2), "é");
    assert_eq!(sub(3, 3), "");
    let whole = Str::own(unsafe { ffi::seen_str_substring(x.ptr(), 0, 11, LOC, 1, 1) });
    assert_eq!(whole.0, x.0, "the whole range shares the string");
    let ascii = s("abcdef");
    // SAFETY: in range.
    let part = Str::own(unsafe { ffi::seen_str_substring(ascii.ptr(), 2, 4, LOC, 1, 1) });
    assert_eq!(part.text(), "cd");
    assert_eq!(part.flags(), ffi::SEEN_STR_ASCII);
    // a non-ASCII string's ASCII part is marked ASCII
    let plain = Str::own(unsafe { ffi::seen_str_substring(x.ptr(), 6, 7, LOC, 1, 1) });
    assert_eq!(plain.flags(), ffi::SEEN_STR_ASCII);
    // SAFETY: byte offsets on boundaries.
    let by_bytes = Str::own(unsafe { ffi::seen_str_substring_bytes(x.ptr(), 1, 3) });
    assert_eq!(by_bytes.text(), "é");
}

#[test]
fn comparison_is_by_code_points() {
    let cmp = |a: &str, b: &str| {
        let (x, y) = (s(a), s(b));
        // SAFETY: live strings.
        unsafe { ffi::seen_str_cmp(x.ptr(), y.ptr()) }
    };
    assert_eq!(cmp("a", "b"), -1);
    assert_eq!(cmp("b", "a"), 1);
    assert_eq!(cmp("abc", "abc"), 0);
    assert_eq!(cmp("ab", "abc"), -1);
    assert_eq!(cmp("", "a"), -1);
    // U+FF5E (3 bytes) < U+1F600 (4 bytes), and 'z' < 'é'
    assert_eq!(cmp("～", "😀"), -1);
    assert_eq!(cmp("z", "é"), -1);
    let words = ["😀", "b", "é", "", "ab", "a", "日", "～", "Z"];
    let mut by_runtime = words.to_vec();
    by_runtime.sort_by(|a, b| cmp(a, b).cmp(&0));
    let mut by_chars = words.to_vec();
    by_chars.sort_by(|a, b| a.chars().cmp(b.chars()));
    assert_eq!(by_runtime, by_chars);
}

#[test]
fn equality_and_hashing_are_consistent() {
    let texts = [
        "",
        "a",
        "hello world, this is longer than 8",
        "héllo",
        "héllo!",
    ];
    for a in texts {
        for b in texts {
            let (x, y) = (s(a), s(b));
            // SAFETY: live strings.
            let (eq, hx, hy) = unsafe {
                (
                    ffi::seen_str_eq(x.ptr(), y.ptr()),
                    ffi::seen_str_hash(x.ptr()),
                    ffi::seen_str_hash(y.ptr()),
                )
            };
            assert_eq!(eq, a == b);
            if a == b {
                assert_eq!(hx, hy, "equal strings, equal hashes");
            } else {
                assert_ne!(hx, hy, "{a:?} {b:?}");
            }
        }
    }
    // the same text made differently hashes the same
    let parts = [s("hello "), s("world")];
    let ptrs = [parts[0].ptr(), parts[1].ptr()];
    // SAFETY: two live strings.
    let joined = Str::own(unsafe { ffi::seen_str_concat_n(ptrs.as_ptr(), 2) });
    let direct = s("hello world");
    // SAFETY: live strings.
    unsafe {
        assert_eq!(
            ffi::seen_str_hash(joined.ptr()),
            ffi::seen_str_hash(direct.ptr())
        );
    }
    // hashes spread over many keys
    let mut hashes: Vec<i64> = (0..10_000)
        // SAFETY: live strings.
        .map(|i| unsafe { ffi::seen_str_hash(s(&format!("key{i}")).ptr()) })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    assert_eq!(hashes.len(), 10_000);
}

#[test]
fn concatenation() {
    let (a, b, e) = (s("héllo, "), s("wörld"), s(""));
    // SAFETY: live strings.
    unsafe {
        let ab = Str::own(ffi::seen_str_concat(a.ptr(), b.ptr()));
        assert_eq!(ab.text(), "héllo, wörld");
        assert_eq!(ab.char_len(), 12);
        assert_eq!(ab.flags(), 0);
        let ae = Str::own(ffi::seen_str_concat(a.ptr(), e.ptr()));
        assert_eq!(ae.0, a.0, "appending nothing shares the string");
        let parts = [a.ptr(), e.ptr(), b.ptr(), a.ptr()];
        let all = Str::own(ffi::seen_str_concat_n(parts.as_ptr(), 4));
        assert_eq!(all.text(), "héllo, wörldhéllo, ");
        assert_eq!(all.char_len(), 19);
        let none = Str::own(ffi::seen_str_concat_n(parts.as_ptr(), 0));
        assert_eq!(none.text(), "");
        let x = s("x");
        let y = s("y");
        let xy = Str::own(ffi::seen_str_concat(x.ptr(), y.ptr()));
        assert_eq!(xy.flags(), ffi::SEEN_STR_ASCII);
    }
}

#[test]
fn to_string_of_integers_booleans_and_chars() {
    // SAFETY: plain values in, owned strings out.
    unsafe {
        for v in [0i64, 7, -7, 42, i64::MAX, i64::MIN, 1_000_000] {
            assert_eq!(Str::own(ffi::seen_str_from_i64(v)).text(), v.to_string());
        }
        assert_eq!(
            Str::own(ffi::seen_str_from_u64(u64::MAX)).text(),
            u64::MAX.to_string()
        );
        let radix = |v: i64, r| Str::own(ffi::seen_str_from_i64_radix(v, r, LOC, 1, 1)).text();
        assert_eq!(radix(255, 16), "ff");
        assert_eq!(radix(-255, 16), "-ff");
        assert_eq!(radix(5, 2), "101");
        assert_eq!(radix(35, 36), "z");
        assert_eq!(radix(i64::MIN, 2), format!("-1{}", "0".repeat(63)));
        assert_eq!(radix(0, 8), "0");
        let u = Str::own(ffi::seen_str_from_u64_radix(u64::MAX, 16, LOC, 1, 1));
        assert_eq!(u.text(), "ffffffffffffffff");
        assert_eq!(Str::own(ffi::seen_str_from_bool(true)).text(), "true");
        assert_eq!(Str::own(ffi::seen_str_from_bool(false)).text(), "false");
        assert_eq!(
            ffi::seen_strong_count(ffi::seen_str_from_bool(true).cast()),
            ffi::SEEN_IMMORTAL
        );
        for c in ['a', 'é', '日', '😀'] {
            let x = Str::own(ffi::seen_str_from_char(c as u32));
            assert_eq!(x.text(), c.to_string());
            assert_eq!(x.char_len(), 1);
        }
        // not scalar values: U+FFFD
        assert_eq!(Str::own(ffi::seen_str_from_char(0xD800)).text(), "\u{FFFD}");
        assert_eq!(
            Str::own(ffi::seen_str_from_char(0x110000)).text(),
            "\u{FFFD}"
        );
    }
}

#[test]
fn lossy_decoding_replaces_invalid_sequences() {
    let cases: &[(&[u8], &str)] = &[
        (b"plain", "plain"),
        (b"a\xffb", "a\u{FFFD}b"),
        (b"\xe6\x97\xa5\xe6\x97", "日\u{FFFD}"),
        (b"\xc0\x80", "\u{FFFD}\u{FFFD}"),
        (b"\xed\xa0\x80", "\u{FFFD}\u{FFFD}\u{FFFD}"),
        (b"\xf4\x90\x80\x80", "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
        (b"\xf0\x9f\x98\x80\xf0\x9f", "😀\u{FFFD}"),
    ];
    for &(input, want) in cases {
        // SAFETY: any bytes are accepted.
        let x = Str::own(unsafe {
            ffi::seen_str_from_utf8_lossy(input.as_ptr().cast(), input.len() as u64)
        });
        assert_eq!(x.text(), want, "{input:?}");
        assert_eq!(
            x.text(),
            String::from_utf8_lossy(input),
            "Rust agrees on {input:?}"
        );
        assert_eq!(x.char_len(), want.chars().count() as u64);
    }
}

#[test]
fn byte_arrays() {
    let x = s("hé");
    // SAFETY: live string; the array is released below.
    unsafe {
        let a = ffi::seen_str_to_byte_array(x.ptr());
        assert_eq!((*a).len, 3);
        assert_eq!((*a).elem_size, 1);
        let data = std::slice::from_raw_parts((a as *const u8).add(ffi::SEEN_ARRAY_DATA_OFFSET), 3);
        assert_eq!(data, "hé".as_bytes());
        ffi::seen_release(a.cast());
    }
}

#[test]
fn string_builder_operations() {
    // SAFETY: the builder is used while alive and released at the end.
    unsafe {
        let sb = ffi::seen_sb_new();
        assert_eq!(ffi::seen_sb_len_chars(sb), 0);
        assert_eq!(Str::own(ffi::seen_sb_to_string(sb)).text(), "");
        let h = s("héllo");
        ffi::seen_sb_append_str(sb, h.ptr());
        ffi::seen_sb_append_char(sb, ' ' as u32);
        ffi::seen_sb_append_i64(sb, -42);
        ffi::seen_sb_append_char(sb, '😀' as u32);
        ffi::seen_sb_append_f64(sb, 0.1);
        ffi::seen_sb_append_f32(sb, 1.0 / 3.0);
        ffi::seen_sb_append_bool(sb, true);
        ffi::seen_sb_append_u64(sb, u64::MAX);
        ffi::seen_sb_append_bytes(sb, "日".as_ptr().cast(), 3);
        let want = format!("héllo -42😀0.10.33333334true{}日", u64::MAX);
        let got = Str::own(ffi::seen_sb_to_string(sb));
        assert_eq!(got.text(), want);
        assert_eq!(got.char_len(), want.chars().count() as u64);
        assert_eq!(ffi::seen_sb_len_chars(sb), want.chars().count() as i64);

        ffi::seen_sb_reverse(sb);
        let rev: String = want.chars().rev().collect();
        assert_eq!(Str::own(ffi::seen_sb_to_string(sb)).text(), rev);

        ffi::seen_sb_clear(sb);
        assert_eq!(ffi::seen_sb_len_chars(sb), 0);
        let ab = s("ab");
        ffi::seen_sb_append_str(sb, ab.ptr());
        let mid = s("→é");
        ffi::seen_sb_insert_str(sb, 1, mid.ptr(), LOC, 1, 1);
        ffi::seen_sb_insert_str(sb, 0, mid.ptr(), LOC, 1, 1);
        ffi::seen_sb_insert_str(sb, 6, ab.ptr(), LOC, 1, 1);
        let got = Str::own(ffi::seen_sb_to_string(sb));
        assert_eq!(got.text(), "→éa→ébab");
        assert_eq!(got.flags(), 0);
        ffi::seen_sb_reverse(sb);
        assert_eq!(Str::own(ffi::seen_sb_to_string(sb)).text(), "babé→aé→");

        // growth over many appends
        ffi::seen_sb_clear(sb);
        for i in 0..10_000 {
            ffi::seen_sb_append_i64(sb, i);
        }
        let long = Str::own(ffi::seen_sb_to_string(sb));
        let expect: String = (0..10_000).map(|i: i64| i.to_string()).collect();
        assert_eq!(long.text(), expect);
        assert_eq!(long.flags(), ffi::SEEN_STR_ASCII);
        ffi::seen_release(sb.cast());

        let sb2 = ffi::seen_sb_with_capacity(4);
        ffi::seen_sb_reverse(sb2);
        ffi::seen_sb_append_str(sb2, s("ab😀").ptr());
        ffi::seen_sb_reverse(sb2);
        assert_eq!(Str::own(ffi::seen_sb_to_string(sb2)).text(), "😀ba");
        ffi::seen_release(sb2.cast());
    }
}

fn to_i64(t: &str, radix: i64) -> Option<i64> {
    let x = s(t);
    let mut ok = false;
    // SAFETY: live string, valid flag pointer.
    let v = unsafe { ffi::seen_str_to_i64(x.ptr(), radix, &mut ok) };
    ok.then_some(v)
}

fn to_f64(t: &str) -> Option<f64> {
    let x = s(t);
    let mut ok = false;
    // SAFETY: as above.
    let v = unsafe { ffi::seen_str_to_f64(x.ptr(), &mut ok) };
    ok.then_some(v)
}

fn to_f32(t: &str) -> Option<f32> {
    let x = s(t);
    let mut ok = false;
    // SAFETY: as above.
    let v = unsafe { ffi::seen_str_to_f32(x.ptr(), &mut ok) };
    ok.then_some(v)
}

#[test]
fn parsing_integers_as_kotlin_does() {
    assert_eq!(to_i64("42", 10), Some(42));
    assert_eq!(to_i64("-42", 10), Some(-42));
    assert_eq!(to_i64("+7", 10), Some(7));
    assert_eq!(to_i64("0", 10), Some(0));
    assert_eq!(to_i64("9223372036854775807", 10), Some(i64::MAX));
    assert_eq!(to_i64("-9223372036854775808", 10), Some(i64::MIN));
    assert_eq!(to_i64("9223372036854775808", 10), None);
    assert_eq!(to_i64("-9223372036854775809", 10), None);
    assert_eq!(to_i64("99999999999999999999999", 10), None);
    for bad in ["", "-", "+", " 1", "1 ", "1_000", "x42", "4.0", "0x10", "١"] {
        assert_eq!(to_i64(bad, 10), None, "{bad:?}");
    }
    assert_eq!(to_i64("ff", 16), Some(255));
    assert_eq!(to_i64("FF", 16), Some(255));
    assert_eq!(to_i64("-z", 36), Some(-35));
    assert_eq!(to_i64("102", 2), None);
    assert_eq!(to_i64("1", 1), None);
    assert_eq!(to_i64("1", 37), None);
    let x = s("18446744073709551615");
    let mut ok = false;
    // SAFETY: live string.
    assert_eq!(
        unsafe { ffi::seen_str_to_u64(x.ptr(), 10, &mut ok) },
        u64::MAX
    );
    assert!(ok);
    let neg = s("-1");
    // SAFETY: live string.
    unsafe { ffi::seen_str_to_u64(neg.ptr(), 10, &mut ok) };
    assert!(!ok);
}

#[test]
fn parsing_doubles_as_java_does() {
    let cases: &[(&str, f64)] = &[
        ("3.14", 3.14),
        ("-2.5", -2.5),
        ("+1", 1.0),
        ("1e10", 1e10),
        ("1E-7", 1e-7),
        ("1.", 1.0),
        (".5", 0.5),
        ("  42.0  ", 42.0),
        ("\t7\n", 7.0),
        ("2.5f", 2.5),
        ("2.5D", 2.5),
        ("1e400", f64::INFINITY),
        ("-0", -0.0),
        ("0x1.8p1", 3.0),
        ("0X10P0", 16.0),
        ("0x.8p0d", 0.5),
        ("Infinity", f64::INFINITY),
        ("-Infinity", f64::NEG_INFINITY),
        ("+Infinity", f64::INFINITY),
        ("0.1", 0.1),
        ("2.2250738585072011e-308", 2.225_073_858_507_201e-308),
        ("4.9e-324", 5e-324),
    ];
    for &(t, want) in cases {
        let got = to_f64(t).unwrap_or_else(|| panic!("{t:?} should parse"));
        assert_eq!(got.to_bits(), want.to_bits(), "{t:?}");
    }
    assert!(to_f64("NaN").is_some_and(f64::is_nan));
    assert!(to_f64("-NaN").is_some_and(f64::is_nan));
    for bad in [
        "", " ", "abc", "1e", "1e+", ".", "e5", "1.2.3", "0x1.8", "0x", "nan", "inf", "infinity",
        "1_0", "1 0", "--1", "1f5", "0x1p", "١",
    ] {
        assert_eq!(to_f64(bad), None, "{bad:?}");
    }
    // correctly rounded on random inputs, like Rust's parser
    let mut rng = common::Rng(99);
    for _ in 0..20_000 {
        let x = f64::from_bits(rng.next() & 0x7FEF_FFFF_FFFF_FFFF);
        for text in [format!("{x:e}"), format!("{x:.20e}"), format!("{x}")] {
            let want: f64 = text.parse().expect("Rust parses its own output");
            assert_eq!(
                to_f64(&text).map(f64::to_bits),
                Some(want.to_bits()),
                "{text}"
            );
        }
    }
    // Float parsing rounds once (not through Double)
    assert_eq!(to_f32("0.1"), Some(0.1f32));
    assert_eq!(
        to_f32("1.00000017881393432617187499"),
        Some(1.000_000_1_f32)
    );
    assert_eq!(to_f32("3.4028235e38"), Some(f32::MAX));
    assert_eq!(to_f32("3.4028236e38"), Some(f32::INFINITY));
    assert_eq!(to_f32("x"), None);
}

#[test]
fn math_wrappers_and_rounding() {
    // SAFETY: plain values.
    unsafe {
        assert_eq!(ffi::seen_math_cbrt(27.0), 3.0);
        assert_eq!(ffi::seen_math_pow(2.0, 10.0), 1024.0);
        assert_eq!(ffi::seen_math_log2(8.0), 3.0);
        assert_eq!(ffi::seen_math_atan2(1.0, 1.0) * 4.0, std::f64::consts::PI);
        assert_eq!(ffi::seen_math_hypot(3.0, 4.0), 5.0);
        assert_eq!(ffi::seen_math_fmod(-7.5, 2.0), -1.5);
        assert_eq!(ffi::seen_math_ln(std::f64::consts::E), 1.0);
        assert_eq!(ffi::seen_math_exp(0.0), 1.0);
        assert_eq!(ffi::seen_math_sin(0.0), 0.0);
        assert_eq!(ffi::seen_math_cos(0.0), 1.0);
        assert_eq!(ffi::seen_math_tanh(0.0), 0.0);
        assert_eq!(ffi::seen_math_log10(1000.0), 3.0);
        assert_eq!(ffi::seen_math_pow_f32(2.0, 3.0), 8.0);
        assert_eq!(ffi::seen_math_cbrt_f32(8.0), 2.0);
        assert_eq!(ffi::seen_math_fmod_f32(7.5, 2.0), 1.5);
        // round: ties to even
        for (x, want) in [(2.5, 2.0), (3.5, 4.0), (-2.5, -2.0), (0.5, 0.0), (1.4, 1.0)] {
            assert_eq!(ffi::seen_math_round(x), want, "round({x})");
        }
        assert_eq!(ffi::seen_math_round_f32(2.5), 2.0);
        // roundToInt: ties toward positive infinity, saturating
        let r = |x: f64| ffi::seen_math_round_to_i64(x, LOC, 1, 1);
        assert_eq!(r(2.5), 3);
        assert_eq!(r(-2.5), -2);
        assert_eq!(r(-2.6), -3);
        assert_eq!(r(0.49999999999999994), 0);
        assert_eq!(r(4503599627370497.0), 4503599627370497);
        assert_eq!(r(1e300), i64::MAX);
        assert_eq!(r(-1e300), i64::MIN);
        assert_eq!(r(f64::INFINITY), i64::MAX);
        assert_eq!(r(-9223372036854775808.0), i64::MIN);
    }
}
