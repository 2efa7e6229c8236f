//! `String.format`, a port of the C runtime's `format.c`: printf
//! conversions `%d %f %e %s %c %b %x %X %o %% %n` over tagged arguments,
//! with the same panic messages.

use super::number::{fmt_f32, fmt_f64};

/// Widths and precisions above this panic.
const MAX_WIDTH: i64 = 1_000_000;

/// One `SeenFmtArg`, read from memory (strings already as their bytes).
pub(super) enum FmtArg {
    /// A signed integer and its width in bits.
    Int(i64, u32),
    /// An unsigned integer and its width in bits.
    UInt(u64, u32),
    /// A `Double`.
    Double(f64),
    /// A `Float`.
    Float(f32),
    /// A `Boolean`.
    Bool(bool),
    /// A `Char`.
    Char(u32),
    /// A string's bytes.
    Str(Vec<u8>),
    /// `null`.
    Null,
}

impl FmtArg {
    fn name(&self) -> &'static str {
        let k = |bits: u32| match bits {
            8 => 0,
            16 => 1,
            32 => 2,
            _ => 3,
        };
        match self {
            FmtArg::Int(_, b) => ["Int8", "Int16", "Int32", "Int"][k(*b)],
            FmtArg::UInt(_, b) => ["UInt8", "UInt16", "UInt32", "UInt"][k(*b)],
            FmtArg::Double(_) => "Double",
            FmtArg::Float(_) => "Float",
            FmtArg::Bool(_) => "Boolean",
            FmtArg::Char(_) => "Char",
            FmtArg::Str(_) => "String",
            FmtArg::Null => "null",
        }
    }
}

#[derive(Default)]
struct Spec {
    minus: bool,
    zero: bool,
    plus: bool,
    space: bool,
    width: Option<usize>,
    precision: Option<usize>,
    conv: char,
    text: String,
}

type Panic = String;

fn encode(c: u32) -> String {
    char::from_u32(c).unwrap_or('\u{FFFD}').to_string()
}

fn padded(out: &mut Vec<u8>, s: &Spec, text: &[u8], chars: usize) {
    let pad = s.width.unwrap_or(0).saturating_sub(chars);
    if !s.minus {
        out.extend(std::iter::repeat_n(b' ', pad));
    }
    out.extend_from_slice(text);
    if s.minus {
        out.extend(std::iter::repeat_n(b' ', pad));
    }
}

fn number(out: &mut Vec<u8>, s: &Spec, sign: &str, digits: &str) {
    let pad = s
        .width
        .unwrap_or(0)
        .saturating_sub(sign.len() + digits.len());
    if s.zero {
        out.extend_from_slice(sign.as_bytes());
        out.extend(std::iter::repeat_n(b'0', pad));
        out.extend_from_slice(digits.as_bytes());
        return;
    }
    let text = format!("{sign}{digits}");
    padded(out, s, text.as_bytes(), sign.len() + digits.len());
}

fn mismatch(s: &Spec, a: &FmtArg) -> Panic {
    format!("{} != {}", s.conv, a.name())
}

fn positive_sign(s: &Spec) -> &'static str {
    if s.plus {
        "+"
    } else if s.space {
        " "
    } else {
        ""
    }
}

fn conv_int(out: &mut Vec<u8>, s: &Spec, a: &FmtArg) -> Result<(), Panic> {
    if s.conv == 'd' {
        let (sign, digits) = match *a {
            FmtArg::Int(v, _) if v < 0 => ("-", v.unsigned_abs().to_string()),
            FmtArg::Int(v, _) => (positive_sign(s), v.to_string()),
            FmtArg::UInt(v, _) => (positive_sign(s), v.to_string()),
            _ => return Err(mismatch(s, a)),
        };
        number(out, s, sign, &digits);
        return Ok(());
    }
    let u = match *a {
        FmtArg::Int(v, bits @ (8 | 16 | 32)) => (v as u64) & ((1u64 << bits) - 1),
        FmtArg::Int(v, _) => v as u64,
        FmtArg::UInt(v, _) => v,
        _ => return Err(mismatch(s, a)),
    };
    let digits = match s.conv {
        'o' => format!("{u:o}"),
        'X' => format!("{u:X}"),
        _ => format!("{u:x}"),
    };
    number(out, s, "", &digits);
    Ok(())
}

fn conv_float(out: &mut Vec<u8>, s: &Spec, a: &FmtArg) -> Result<(), Panic> {
    let x = match *a {
        FmtArg::Double(d) => d,
        FmtArg::Float(f) => f64::from(f),
        _ => return Err(mismatch(s, a)),
    };
    if !x.is_finite() {
        let t = if x.is_nan() {
            "NaN".to_string()
        } else if x < 0.0 {
            "-Infinity".to_string()
        } else {
            format!("{}Infinity", positive_sign(s))
        };
        padded(out, s, t.as_bytes(), t.len());
        return Ok(());
    }
    let p = s.precision.unwrap_or(6);
    let ax = x.abs();
    let digits = if s.conv == 'e' {
        let e = format!("{ax:.p$e}");
        let (m, exp) = e.split_once('e').unwrap_or((&e, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{m}e{sign}{:02}", exp.unsigned_abs())
    } else {
        format!("{ax:.p$}")
    };
    let sign = if x.is_sign_negative() {
        "-"
    } else {
        positive_sign(s)
    };
    number(out, s, sign, &digits);
    Ok(())
}

fn text(out: &mut Vec<u8>, s: &Spec, t: &[u8]) {
    let st = String::from_utf8_lossy(t);
    let mut chars = st.chars().count();
    let mut end = t.len();
    if let Some(p) = s.precision.filter(|&p| p < chars) {
        end = st.char_indices().nth(p).map_or(t.len(), |(i, _)| i);
        chars = p;
    }
    padded(out, s, &st.as_bytes()[..end], chars);
}

fn conv_string(out: &mut Vec<u8>, s: &Spec, a: &FmtArg) {
    let t = match a {
        FmtArg::Int(v, _) => v.to_string(),
        FmtArg::UInt(v, _) => v.to_string(),
        FmtArg::Double(d) => fmt_f64(*d),
        FmtArg::Float(f) => fmt_f32(*f),
        FmtArg::Bool(b) => b.to_string(),
        FmtArg::Char(c) => encode(*c),
        FmtArg::Str(b) => return text(out, s, b),
        FmtArg::Null => "null".into(),
    };
    text(out, s, t.as_bytes());
}

fn check(s: &Spec) -> Result<(), Panic> {
    let c = s.conv;
    if (s.minus || s.zero) && s.width.is_none() && c != 'n' {
        return Err(format!("missing format width in '{}'", s.text));
    }
    if (s.minus && s.zero) || (s.plus && s.space) {
        return Err(format!("illegal format flags in '{}'", s.text));
    }
    let numeric = matches!(c, 'd' | 'f' | 'e');
    let unsigned_form = matches!(c, 'x' | 'X' | 'o');
    let bad = |f: char| format!("flag '{f}' does not apply to %{c}");
    if !numeric && !unsigned_form && s.zero {
        return Err(bad('0'));
    }
    if !numeric && s.plus {
        return Err(bad('+'));
    }
    if !numeric && s.space {
        return Err(bad(' '));
    }
    if s.precision.is_some() && !matches!(c, 'f' | 'e' | 's' | 'b') {
        return Err(format!("precision not allowed with %{c}"));
    }
    if c == 'n' && (s.minus || s.width.is_some()) {
        return Err("width not allowed with %n".into());
    }
    Ok(())
}

fn parse_num(p: &[u8], i: &mut usize) -> Result<usize, Panic> {
    let mut v: i64 = 0;
    while *i < p.len() && p[*i].is_ascii_digit() {
        v = v * 10 + i64::from(p[*i] - b'0');
        if v > MAX_WIDTH {
            return Err("format width too large".into());
        }
        *i += 1;
    }
    Ok(v as usize)
}

/// Parses one specifier after its `%` at `p[*i..]`.
fn spec(p: &[u8], start: usize, i: &mut usize) -> Result<Spec, Panic> {
    let mut s = Spec::default();
    let so_far = |i: usize| String::from_utf8_lossy(&p[start..i.min(p.len())]).into_owned();
    while *i < p.len() {
        let flag = match p[*i] {
            b'-' => &mut s.minus,
            b'0' => &mut s.zero,
            b'+' => &mut s.plus,
            b' ' => &mut s.space,
            _ => break,
        };
        if *flag {
            return Err(format!("duplicate format flag '{}'", p[*i] as char));
        }
        *flag = true;
        *i += 1;
    }
    if *i < p.len() && matches!(p[*i], b'1'..=b'9') {
        s.width = Some(parse_num(p, i)?);
    }
    if *i < p.len() && p[*i] == b'.' {
        *i += 1;
        if *i >= p.len() || !p[*i].is_ascii_digit() {
            return Err(format!("missing format precision in '{}'", so_far(*i)));
        }
        s.precision = Some(parse_num(p, i)?);
    }
    let Some(rest) = p.get(*i..).filter(|r| !r.is_empty()) else {
        return Err(format!("incomplete format specifier '{}'", so_far(*i)));
    };
    let c = String::from_utf8_lossy(rest)
        .chars()
        .next()
        .unwrap_or('\u{FFFD}');
    *i += 1;
    s.text = so_far(*i);
    if !"dfesbcxXo%n".contains(c) {
        return Err(format!("unknown format conversion '{c}'"));
    }
    s.conv = c;
    check(&s)?;
    Ok(s)
}

/// `seen_format`: the formatted bytes, or the panic message.
pub(super) fn format(fmt: &[u8], args: &[FmtArg]) -> Result<Vec<u8>, Panic> {
    let mut out = Vec::new();
    let mut next = 0;
    let mut i = 0;
    while i < fmt.len() {
        let start = i;
        while i < fmt.len() && fmt[i] != b'%' {
            i += 1;
        }
        out.extend_from_slice(&fmt[start..i]);
        if i >= fmt.len() {
            break;
        }
        let at = i;
        i += 1;
        let s = spec(fmt, at, &mut i)?;
        match s.conv {
            'n' => {
                out.push(b'\n');
                continue;
            }
            '%' => {
                padded(&mut out, &s, b"%", 1);
                continue;
            }
            _ => {}
        }
        let a = args
            .get(next)
            .ok_or_else(|| format!("missing argument for format specifier '{}'", s.text))?;
        next += 1;
        convert(&mut out, &s, a)?;
    }
    Ok(out)
}

fn convert(out: &mut Vec<u8>, s: &Spec, a: &FmtArg) -> Result<(), Panic> {
    match (s.conv, a) {
        ('d' | 'x' | 'X' | 'o' | 'f' | 'e' | 'c', FmtArg::Null) => padded(out, s, b"null", 4),
        ('d' | 'x' | 'X' | 'o', _) => conv_int(out, s, a)?,
        ('f' | 'e', _) => conv_float(out, s, a)?,
        ('c', FmtArg::Char(c)) => padded(out, s, encode(*c).as_bytes(), 1),
        ('c', _) => return Err(mismatch(s, a)),
        ('b', FmtArg::Null) => text(out, s, b"false"),
        ('b', FmtArg::Bool(b)) => text(out, s, b.to_string().as_bytes()),
        ('b', _) => return Err(mismatch(s, a)),
        _ => conv_string(out, s, a),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(fmt: &str, args: &[FmtArg]) -> String {
        String::from_utf8(format(fmt.as_bytes(), args).unwrap()).unwrap()
    }

    #[test]
    fn conversions_match_printf() {
        assert_eq!(
            f(
                "%5d|%-5d|%05d",
                &[
                    FmtArg::Int(42, 64),
                    FmtArg::Int(-7, 64),
                    FmtArg::Int(-7, 64)
                ]
            ),
            "   42|-7   |-0007"
        );
        assert_eq!(
            f(
                "%.2f %e",
                &[FmtArg::Double(1.23456), FmtArg::Double(12345.678)]
            ),
            "1.23 1.234568e+04"
        );
        assert_eq!(
            f(
                "%x %X %o",
                &[FmtArg::Int(-1, 8), FmtArg::Int(255, 64), FmtArg::Int(8, 64)]
            ),
            "ff FF 10"
        );
        assert_eq!(
            f(
                "%.3s|%b|%c%%%n",
                &[
                    FmtArg::Str(b"abcdef".to_vec()),
                    FmtArg::Null,
                    FmtArg::Char(0xE9)
                ]
            ),
            "abc|false|é%\n"
        );
        assert_eq!(
            format(b"%d", &[FmtArg::Double(1.0)]),
            Err("d != Double".into())
        );
        assert_eq!(
            format(b"%q", &[]),
            Err("unknown format conversion 'q'".into())
        );
    }
}
