//! String.format: conversions, flags, widths and precisions, checked
//! against C's printf (snprintf) and the outputs of the conformance
//! programs and the language reference.
// The tests use the literal values of the language reference (3.14159).
#![allow(clippy::approx_constant)]

mod common;

use common::{LOC, Str};
use seen_std::ffi::{self, SeenFmtArg, SeenFmtValue};
use std::ffi::{CString, c_char, c_int};

unsafe extern "C" {
    fn snprintf(buf: *mut c_char, n: usize, fmt: *const c_char, ...) -> c_int;
}

fn int(i: i64) -> SeenFmtArg {
    SeenFmtArg {
        tag: ffi::SEEN_FMT_INT,
        bits: 64,
        v: SeenFmtValue { i },
    }
}
fn int_bits(i: i64, bits: u32) -> SeenFmtArg {
    SeenFmtArg {
        tag: ffi::SEEN_FMT_INT,
        bits,
        v: SeenFmtValue { i },
    }
}
fn uint(u: u64) -> SeenFmtArg {
    SeenFmtArg {
        tag: ffi::SEEN_FMT_UINT,
        bits: 64,
        v: SeenFmtValue { u },
    }
}
fn dbl(d: f64) -> SeenFmtArg {
    SeenFmtArg {
        tag: ffi::SEEN_FMT_DOUBLE,
        bits: 0,
        v: SeenFmtValue { d },
    }
}
fn flt(f: f32) -> SeenFmtArg {
    SeenFmtArg {
        tag: ffi::SEEN_FMT_FLOAT,
        bits: 0,
        v: SeenFmtValue { f },
    }
}
fn boolean(b: bool) -> SeenFmtArg {
    SeenFmtArg {
        tag: ffi::SEEN_FMT_BOOL,
        bits: 0,
        v: SeenFmtValue { b },
    }
}
fn chr(c: char) -> SeenFmtArg {
    SeenFmtArg {
        tag: ffi::SEEN_FMT_CHAR,
        bits: 0,
        v: SeenFmtValue { c: c as u32 },
    }
}
fn null() -> SeenFmtArg {
    SeenFmtArg {
        tag: ffi::SEEN_FMT_NULL,
        bits: 0,
        v: SeenFmtValue { u: 0 },
    }
}

/// Formats with the runtime; string arguments are given as Rust text.
fn format(fmt: &str, args: &[SeenFmtArg]) -> String {
    let f = Str::new(fmt);
    // SAFETY: a live format string and `args.len()` arguments.
    Str::own(unsafe { ffi::seen_format(f.ptr(), args.as_ptr(), args.len() as u64, LOC, 1, 1) })
        .text()
}

fn with_str<R>(text: &str, f: impl FnOnce(SeenFmtArg) -> R) -> R {
    let s = Str::new(text);
    f(SeenFmtArg {
        tag: ffi::SEEN_FMT_STRING,
        bits: 0,
        v: SeenFmtValue { s: s.ptr() },
    })
}

fn c_double(spec: &str, x: f64) -> String {
    let mut buf = vec![0u8; 512];
    let f = CString::new(spec).expect("no NUL");
    // SAFETY: a NUL-terminated format with one double conversion.
    let n = unsafe { snprintf(buf.as_mut_ptr().cast(), buf.len(), f.as_ptr(), x) };
    buf.truncate(n as usize);
    String::from_utf8(buf).expect("ASCII")
}

fn c_long(spec: &str, x: i64) -> String {
    let mut buf = vec![0u8; 128];
    let f = CString::new(spec).expect("no NUL");
    // SAFETY: a NUL-terminated format with one long long conversion.
    let n = unsafe { snprintf(buf.as_mut_ptr().cast(), buf.len(), f.as_ptr(), x) };
    buf.truncate(n as usize);
    String::from_utf8(buf).expect("ASCII")
}

const FLAG_SETS: &[&str] = &["", "-", "0", "+", " ", "+0", " 0", "-+", "- "];

#[test]
fn floats_agree_with_printf_for_every_flag_width_and_precision() {
    let mut rng = common::Rng(7);
    let mut values = vec![
        0.0,
        -0.0,
        0.5,
        1.5,
        2.5,
        -2.5,
        0.125,
        0.1,
        3.14159,
        1e-7,
        12345.678,
        1e300,
        5e-324,
        9.999999,
        0.0005,
        1e21,
        123456789.0,
        -0.000001,
    ];
    for _ in 0..200 {
        let x = f64::from_bits(rng.next() & 0x7FEF_FFFF_FFFF_FFFF);
        values.push(x);
        values.push(-((rng.next() % 1_000_000) as f64) / 1000.0);
    }
    for flags in FLAG_SETS {
        for width in ["", "1", "8", "14", "30"] {
            if width.is_empty() && (flags.contains('-') || flags.contains('0')) {
                continue; // '-' and '0' need a width
            }
            for prec in ["", ".0", ".1", ".2", ".6", ".9", ".17"] {
                for conv in ['f', 'e'] {
                    let spec = format!("%{flags}{width}{prec}{conv}");
                    for &x in &values {
                        let want = c_double(&spec, x);
                        assert_eq!(format(&spec, &[dbl(x)]), want, "{spec} of {x:e}");
                    }
                }
            }
        }
    }
    // Floats are formatted from their exact value too
    assert_eq!(format("%.9f", &[flt(0.1)]), c_double("%.9f", 0.1f32 as f64));
    assert_eq!(format("%.9f", &[dbl(0.1)]), "0.100000000");
}

#[test]
fn integers_agree_with_printf_for_every_flag_and_width() {
    let values = [
        0i64,
        1,
        -1,
        42,
        -42,
        255,
        4096,
        i64::MAX,
        i64::MIN,
        1234567890123,
    ];
    for flags in FLAG_SETS {
        for width in ["", "1", "5", "12", "25"] {
            if width.is_empty() && (flags.contains('-') || flags.contains('0')) {
                continue;
            }
            for &v in &values {
                let spec = format!("%{flags}{width}d");
                let want = c_long(&format!("%{flags}{width}lld"), v);
                assert_eq!(format(&spec, &[int(v)]), want, "{spec} of {v}");
                if flags.contains('+') || flags.contains(' ') {
                    continue; // not allowed with %x / %o
                }
                for conv in ['x', 'X', 'o'] {
                    let spec = format!("%{flags}{width}{conv}");
                    let want = c_long(&format!("%{flags}{width}ll{conv}"), v);
                    assert_eq!(format(&spec, &[int(v)]), want, "{spec} of {v}");
                }
            }
        }
    }
}

#[test]
fn the_language_reference_examples() {
    with_str("pi", |pi| {
        assert_eq!(format("%-8s|%6.2f", &[pi, dbl(3.14159)]), "pi      |  3.14");
    });
    assert_eq!(
        format("%05d %x %X %o", &[int(42), int(255), int(255), int(8)]),
        "00042 ff FF 10"
    );
    assert_eq!(format("%+d", &[int(5)]), "+5");
    assert_eq!(format("%e", &[dbl(12345.678)]), "1.234568e+04");
    with_str("ok", |ok| {
        assert_eq!(format("%s=%b", &[ok, boolean(true)]), "ok=true")
    });
    assert_eq!(format("%.9f", &[dbl(0.1)]), "0.100000000");
}

#[test]
fn the_planets_of_conformance_program_38() {
    // "%-7s #%d %-9s g=%6.2f weight=%7.2f" with the values the program computes
    let g = 6.67300e-11;
    let planets: [(&str, f64, f64, &str); 3] = [
        ("MERCURY", 3.303e+23, 2.4397e6, "rocky"),
        ("EARTH", 5.976e+24, 6.37814e6, "rocky"),
        ("JUPITER", 1.9e+27, 7.1492e7, "gas giant"),
    ];
    let earth_g = g * 5.976e+24 / (6.37814e6 * 6.37814e6);
    let mass = 175.0 / earth_g;
    let want = [
        "MERCURY #0 rocky     g=  3.70 weight=  66.11",
        "EARTH   #2 rocky     g=  9.80 weight= 175.00",
        "JUPITER #4 gas giant g= 24.81 weight= 442.85",
    ];
    for (k, (name, m, r, kind)) in planets.iter().enumerate() {
        let ordinal = [0, 2, 4][k];
        let gravity = g * m / (r * r);
        let n = Str::new(name);
        let kd = Str::new(kind);
        let s = |p: &Str| SeenFmtArg {
            tag: ffi::SEEN_FMT_STRING,
            bits: 0,
            v: SeenFmtValue { s: p.ptr() },
        };
        let args = [
            s(&n),
            int(ordinal),
            s(&kd),
            dbl(gravity),
            dbl(mass * gravity),
        ];
        assert_eq!(format("%-7s #%d %-9s g=%6.2f weight=%7.2f", &args), want[k]);
    }
}

#[test]
fn strings_chars_booleans_and_null() {
    with_str("héllo", |h| {
        assert_eq!(format("[%s]", &[h]), "[héllo]");
        assert_eq!(
            format("[%8s]", &[h]),
            "[   héllo]",
            "width counts characters"
        );
        assert_eq!(format("[%-8s]", &[h]), "[héllo   ]");
        assert_eq!(format("[%.2s]", &[h]), "[hé]");
        assert_eq!(format("[%6.3s]", &[h]), "[   hél]");
    });
    assert_eq!(
        format(
            "%s %s %s %s",
            &[int(-3), uint(u64::MAX), dbl(0.1), flt(0.1)]
        ),
        format!("-3 {} 0.1 0.1", u64::MAX)
    );
    assert_eq!(
        format("%s|%s|%s", &[boolean(false), chr('日'), null()]),
        "false|日|null"
    );
    assert_eq!(
        format("%c%c%3c|%-3c|", &[chr('a'), chr('😀'), chr('é'), chr('x')]),
        "a😀  é|x  |"
    );
    assert_eq!(
        format(
            "%b %b %.1b %6b",
            &[boolean(true), null(), boolean(false), boolean(true)]
        ),
        "true false f   true"
    );
    assert_eq!(
        format("%d %x %f %c", &[null(), null(), null(), null()]),
        "null null null null"
    );
    assert_eq!(format("100%% %n%5%|", &[]), "100% \n    %|");
    assert_eq!(
        format("no conversions", &[int(1)]),
        "no conversions",
        "extra arguments are ignored"
    );
    assert_eq!(format("", &[]), "");
}

#[test]
fn unsigned_and_narrow_integers() {
    assert_eq!(format("%d", &[uint(u64::MAX)]), "18446744073709551615");
    assert_eq!(format("%+d", &[uint(7)]), "+7");
    assert_eq!(format("%x", &[int_bits(-1, 32)]), "ffffffff");
    assert_eq!(format("%x", &[int_bits(-1, 8)]), "ff");
    assert_eq!(format("%o", &[int_bits(-1, 16)]), "177777");
    assert_eq!(format("%x", &[int(-1)]), "ffffffffffffffff");
    assert_eq!(format("%X", &[uint(0xDEAD_BEEF)]), "DEADBEEF");
    assert_eq!(format("%d", &[int_bits(-5, 8)]), "-5");
}

#[test]
fn non_finite_floats_print_as_kotlin_does() {
    assert_eq!(
        format("%f %e", &[dbl(f64::NAN), dbl(f64::INFINITY)]),
        "NaN Infinity"
    );
    assert_eq!(
        format(
            "%+f|%8.2f|%-10e|",
            &[dbl(f64::INFINITY), dbl(f64::NEG_INFINITY), dbl(f64::NAN)]
        ),
        "+Infinity|-Infinity|NaN       |"
    );
    assert_eq!(format("%08.1f", &[flt(f32::INFINITY)]), "Infinity");
}
