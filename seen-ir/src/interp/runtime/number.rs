//! Numbers to text and back, as the C runtime's `number.c` and `parse.c`
//! do it: Kotlin's `Double.toString()`/`Float.toString()` (shortest
//! round-trip digits, plain between 1e-3 and 1e7, else `d.dddE<exp>`),
//! and Kotlin's/Java's number syntax for `toLong`/`toDouble`.

/// `Long.toString(radix)` digits.
const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// `Double.toString()`.
pub(super) fn fmt_f64(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return special(x);
    }
    let ax = x.abs();
    let (mut digits, mut point) = shortest(&format!("{ax:e}"));
    let subnormal = (ax.to_bits() >> 52) == 0;
    if digits.len() == 1 && subnormal {
        (digits, point) = closest_two(ax);
    }
    layout(x < 0.0, &digits, point, (1e-3..1e7).contains(&ax))
}

/// `Float.toString()`.
pub(super) fn fmt_f32(f: f32) -> String {
    let x = f64::from(f);
    if x == 0.0 || !x.is_finite() {
        return special(x);
    }
    let af = f.abs();
    let ax = f64::from(af);
    let (mut digits, mut point) = shortest(&format!("{af:e}"));
    if digits.len() == 1 && (af.to_bits() >> 23) == 0 {
        (digits, point) = closest_two(ax);
    }
    layout(f < 0.0, &digits, point, (1e-3..1e7).contains(&ax))
}

/// NaN, the infinities and the zeros.
fn special(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x < 0.0 { "-Infinity" } else { "Infinity" }.into()
    } else if x.is_sign_negative() {
        "-0.0".into()
    } else {
        "0.0".into()
    }
}

/// The digits (no trailing zeros) and point (value = 0.DIGITS x
/// 10^point) of Rust's `{:e}` form `d.ddde-7`.
fn shortest(e: &str) -> (Vec<u8>, i32) {
    let (mant, exp) = e.split_once('e').unwrap_or((e, "0"));
    let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, exp.parse::<i32>().unwrap_or(0) + 1)
}

/// The closest two-significant-digit decimal (ties to even), for
/// subnormals whose shortest form has one digit (Java prints `4.9E-324`).
fn closest_two(ax: f64) -> (Vec<u8>, i32) {
    let s = format!("{ax:.1e}");
    let (d, point) = shortest(&s);
    (d, point)
}

/// Kotlin's layout of `0.DIGITS x 10^point`.
fn layout(neg: bool, digits: &[u8], point: i32, plain: bool) -> String {
    let mut o = String::new();
    if neg {
        o.push('-');
    }
    let ds = std::str::from_utf8(digits).unwrap_or("0");
    let nd = digits.len() as i32;
    if !plain {
        o.push_str(&ds[..1]);
        o.push('.');
        o.push_str(if nd > 1 { &ds[1..] } else { "0" });
        o.push('E');
        o.push_str(&(point - 1).to_string());
    } else if point <= 0 {
        o.push_str("0.");
        o.extend(std::iter::repeat_n('0', (-point) as usize));
        o.push_str(ds);
    } else if point >= nd {
        o.push_str(ds);
        o.extend(std::iter::repeat_n('0', (point - nd) as usize));
        o.push_str(".0");
    } else {
        o.push_str(&ds[..point as usize]);
        o.push('.');
        o.push_str(&ds[point as usize..]);
    }
    o
}

/// `v.toString(radix)` of a magnitude, with a sign.
pub(super) fn fmt_radix(neg: bool, mut mag: u64, radix: u64) -> String {
    let mut rev = Vec::new();
    loop {
        rev.push(DIGITS[(mag % radix) as usize]);
        mag /= radix;
        if mag == 0 {
            break;
        }
    }
    if neg {
        rev.push(b'-');
    }
    rev.reverse();
    String::from_utf8(rev).unwrap_or_default()
}

/// The value of a digit in any radix up to 36 (99 for other bytes).
fn digit_value(c: u8) -> u64 {
    match c {
        b'0'..=b'9' => u64::from(c - b'0'),
        b'a'..=b'z' => u64::from(c - b'a') + 10,
        b'A'..=b'Z' => u64::from(c - b'A') + 10,
        _ => 99,
    }
}

/// Digits of `radix` up to `limit`, or `None`.
fn magnitude(p: &[u8], radix: u64, limit: u64) -> Option<u64> {
    if p.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for &c in p {
        let d = digit_value(c);
        if d >= radix || v > (limit - d) / radix {
            return None;
        }
        v = v * radix + d;
    }
    Some(v)
}

/// `seen_str_to_i64`: Kotlin's `toLong(radix)`, `None` when invalid.
pub(super) fn parse_i64(s: &[u8], radix: i64) -> Option<i64> {
    if !(2..=36).contains(&radix) {
        return None;
    }
    let (neg, p) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let limit = if neg { 1u64 << 63 } else { i64::MAX as u64 };
    let mag = magnitude(p, radix as u64, limit)?;
    Some(if neg {
        (mag as i64).wrapping_neg()
    } else {
        mag as i64
    })
}

/// `seen_str_to_u64`: an optional '+' then digits, `None` when invalid.
pub(super) fn parse_u64(s: &[u8], radix: i64) -> Option<u64> {
    if !(2..=36).contains(&radix) {
        return None;
    }
    let p = s.strip_prefix(b"+").unwrap_or(s);
    magnitude(p, radix as u64, u64::MAX)
}

/// What a trimmed text is for `toDouble`.
enum FloatText {
    Number(String),
    NaN,
    Infinity,
}

/// Java's `Double.parseDouble` syntax (trimmed of characters <= ' '),
/// `None` when invalid. The value is read as `f64` and as `f32` by the caller.
fn float_text(s: &[u8]) -> Option<(bool, FloatText)> {
    let start = s.iter().position(|&c| c > b' ')?;
    let end = s.iter().rposition(|&c| c > b' ')? + 1;
    let p = &s[start..end];
    let neg = p.first() == Some(&b'-');
    let i = usize::from(matches!(p.first(), Some(b'+' | b'-')));
    match &p[i..] {
        b"NaN" => return Some((neg, FloatText::NaN)),
        b"Infinity" => return Some((neg, FloatText::Infinity)),
        _ => {}
    }
    let body = &p[i..];
    let hex = body.len() >= 2 && body[0] == b'0' && matches!(body[1], b'x' | b'X');
    let used = if hex {
        hex_syntax(&body[2..])? + 2
    } else {
        dec_syntax(body)?
    };
    let text = match &body[used..] {
        [] => &p[..i + used],
        [b'f' | b'F' | b'd' | b'D'] => &p[..i + used],
        _ => return None,
    };
    Some((
        neg,
        FloatText::Number(String::from_utf8_lossy(text).into_owned()),
    ))
}

/// The length of `digits[.digits][e[+-]digits]`, or `None`.
fn dec_syntax(p: &[u8]) -> Option<usize> {
    let mut j = 0;
    let mut nd = 0;
    while j < p.len() && p[j].is_ascii_digit() {
        j += 1;
        nd += 1;
    }
    if j < p.len() && p[j] == b'.' {
        j += 1;
        while j < p.len() && p[j].is_ascii_digit() {
            j += 1;
            nd += 1;
        }
    }
    if nd == 0 {
        return None;
    }
    if j < p.len() && matches!(p[j], b'e' | b'E') {
        j = exponent(p, j + 1)?;
    }
    Some(j)
}

/// The end of `[+-]digits` from `j` (at least one digit), or `None`.
fn exponent(p: &[u8], mut j: usize) -> Option<usize> {
    if j < p.len() && matches!(p[j], b'+' | b'-') {
        j += 1;
    }
    let first = j;
    while j < p.len() && p[j].is_ascii_digit() {
        j += 1;
    }
    (j > first).then_some(j)
}

/// The length of `hexdigits[.hexdigits]p[+-]digits` after `0x`, or `None`.
fn hex_syntax(p: &[u8]) -> Option<usize> {
    let mut j = 0;
    let mut nd = 0;
    while j < p.len() && p[j].is_ascii_hexdigit() {
        j += 1;
        nd += 1;
    }
    if j < p.len() && p[j] == b'.' {
        j += 1;
        while j < p.len() && p[j].is_ascii_hexdigit() {
            j += 1;
            nd += 1;
        }
    }
    if nd == 0 || j >= p.len() || !matches!(p[j], b'p' | b'P') {
        return None;
    }
    exponent(p, j + 1)
}

/// A hexadecimal float `[+-]0xh.hp[+-]e` (syntax already checked); the
/// digits are summed exactly up to 2^64 and scaled, so very long
/// significands may round twice (the C runtime's `strtod` does not).
fn hex_value(t: &str) -> f64 {
    let neg = t.starts_with('-');
    let t = t.trim_start_matches(['+', '-']);
    let body = &t[2..];
    let (mant, exp) = body.split_once(['p', 'P']).unwrap_or((body, "0"));
    let mut v = 0f64;
    let mut scale = 0i32;
    let mut after = false;
    for c in mant.bytes() {
        if c == b'.' {
            after = true;
            continue;
        }
        v = v * 16.0 + digit_value(c) as f64;
        if after {
            scale -= 4;
        }
    }
    let e = exp.parse::<i32>().unwrap_or(0).saturating_add(scale);
    let r = v * 2f64.powi(e);
    if neg { -r } else { r }
}

/// `seen_str_to_f64`.
pub(super) fn parse_f64(s: &[u8]) -> Option<f64> {
    let (neg, t) = float_text(s)?;
    Some(match t {
        FloatText::NaN => f64::NAN,
        FloatText::Infinity if neg => f64::NEG_INFINITY,
        FloatText::Infinity => f64::INFINITY,
        FloatText::Number(n) if n.contains(['x', 'X']) => hex_value(&n),
        FloatText::Number(n) => rust_float(&n)?,
    })
}

/// `seen_str_to_f32`.
pub(super) fn parse_f32(s: &[u8]) -> Option<f32> {
    let (neg, t) = float_text(s)?;
    Some(match t {
        FloatText::NaN => f32::NAN,
        FloatText::Infinity if neg => f32::NEG_INFINITY,
        FloatText::Infinity => f32::INFINITY,
        FloatText::Number(n) if n.contains(['x', 'X']) => hex_value(&n) as f32,
        FloatText::Number(n) => rust_float(&n)?,
    })
}

/// Rust's correctly rounded parser, on text it accepts once a bare
/// leading or trailing `.` is completed.
fn rust_float<F: std::str::FromStr>(n: &str) -> Option<F> {
    n.parse()
        .ok()
        .or_else(|| n.replace(".e", ".0e").replace(".E", ".0E").parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_as_kotlin_does() {
        let cases = [
            (0.1, "0.1"),
            (100.0, "100.0"),
            (1.0e-7, "1.0E-7"),
            (5e-324, "4.9E-324"),
            (1e7, "1.0E7"),
            (1234567.0, "1234567.0"),
            (0.001, "0.001"),
            (-2.5, "-2.5"),
            (1.0 / 3.0, "0.3333333333333333"),
        ];
        for (x, s) in cases {
            assert_eq!(fmt_f64(x), s);
        }
        assert_eq!(fmt_f32(0.1), "0.1");
        assert_eq!(fmt_f32(1.0 / 3.0), "0.33333334");
    }

    #[test]
    fn numbers_parse_with_java_syntax() {
        assert_eq!(parse_i64(b"-9223372036854775808", 10), Some(i64::MIN));
        assert_eq!(parse_i64(b"9223372036854775808", 10), None);
        assert_eq!(parse_i64(b"ff", 16), Some(255));
        assert_eq!(parse_f64(b" 1.5e3 "), Some(1500.0));
        assert_eq!(parse_f64(b"1."), Some(1.0));
        assert_eq!(parse_f64(b".5d"), Some(0.5));
        assert_eq!(parse_f64(b"0x1.8p1"), Some(3.0));
        assert_eq!(parse_f64(b"1e"), None);
        assert_eq!(parse_f64(b"inf"), None);
    }
}
