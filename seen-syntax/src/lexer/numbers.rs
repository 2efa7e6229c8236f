//! Number literals: scanning their extent and reading their value.
//!
//! The lexer calls [`scan`] to find where a literal's digits end (a suffix
//! follows as identifier characters); [`parse_int`] and [`parse_float`]
//! validate the whole text and give the value, for the lexer's diagnostics
//! and for the parser's AST.

use super::TokenKind;

/// The type suffix of an integer literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntSuffix {
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `u` (`UInt`)
    U,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `L` (`Int64`)
    L,
}

impl IntSuffix {
    /// The suffix as written.
    pub fn text(self) -> &'static str {
        match self {
            IntSuffix::U8 => "u8",
            IntSuffix::U16 => "u16",
            IntSuffix::U32 => "u32",
            IntSuffix::U64 => "u64",
            IntSuffix::U => "u",
            IntSuffix::I8 => "i8",
            IntSuffix::I16 => "i16",
            IntSuffix::I32 => "i32",
            IntSuffix::I64 => "i64",
            IntSuffix::L => "L",
        }
    }

    const ALL: [IntSuffix; 10] = [
        IntSuffix::U8,
        IntSuffix::U16,
        IntSuffix::U32,
        IntSuffix::U64,
        IntSuffix::U,
        IntSuffix::I8,
        IntSuffix::I16,
        IntSuffix::I32,
        IntSuffix::I64,
        IntSuffix::L,
    ];
}

/// The value of an integer literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IntLit {
    /// The value (literals are never negative: `-` is an operator).
    pub value: u64,
    /// 2, 8, 10 or 16.
    pub radix: u32,
    /// The type suffix, if any.
    pub suffix: Option<IntSuffix>,
}

/// The value of a floating-point literal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FloatLit {
    /// The value; for a `Float` (suffix `f`) it is the nearest `f32`.
    pub value: f64,
    /// Whether the literal has the suffix `f`, making it a `Float`.
    pub is_float32: bool,
}

/// Whether the literal starts with `0x`, `0o` or `0b`.
pub fn has_radix_prefix(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 2 && b[0] == b'0' && matches!(b[1], b'x' | b'X' | b'o' | b'O' | b'b' | b'B')
}

/// Advances `pos` over the digits of a literal starting there and returns
/// its kind (a suffix is left for the caller).
pub(super) fn scan(bytes: &[u8], pos: &mut usize) -> TokenKind {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    if has_radix_prefix(
        std::str::from_utf8(&bytes[*pos..(*pos + 2).min(bytes.len())]).unwrap_or(""),
    ) {
        let radix = match at(*pos + 1) {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            _ => 2,
        };
        *pos += 2;
        while (at(*pos) as char).is_digit(radix) || at(*pos) == b'_' {
            *pos += 1;
        }
        return TokenKind::Int;
    }
    let digits = |pos: &mut usize| {
        while at(*pos).is_ascii_digit() || at(*pos) == b'_' {
            *pos += 1;
        }
    };
    digits(pos);
    let mut kind = TokenKind::Int;
    if at(*pos) == b'.' && at(*pos + 1).is_ascii_digit() {
        *pos += 1;
        digits(pos);
        kind = TokenKind::Float;
    }
    if matches!(at(*pos), b'e' | b'E') {
        let sign = usize::from(matches!(at(*pos + 1), b'+' | b'-'));
        if at(*pos + 1 + sign).is_ascii_digit() {
            *pos += 1 + sign;
            digits(pos);
            kind = TokenKind::Float;
        }
    }
    kind
}

fn check_underscores(digits: &str, _radix: u32) -> Result<(), String> {
    if digits.starts_with('_') || digits.ends_with('_') {
        return Err("`_` in a number must stand between digits".to_string());
    }
    Ok(())
}

/// Reads an integer literal (`42`, `0xFF`, `1_000`, `42u8`, `5L`).
///
/// ```
/// use seen_syntax::lexer::{parse_int, IntSuffix};
/// let lit = parse_int("0xFFu8").unwrap();
/// assert_eq!((lit.value, lit.suffix), (255, Some(IntSuffix::U8)));
/// assert!(parse_int("12abc").is_err());
/// ```
pub fn parse_int(text: &str) -> Result<IntLit, String> {
    let (radix, body) = if has_radix_prefix(text) {
        let radix = match text.as_bytes()[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            _ => 2,
        };
        (radix, &text[2..])
    } else {
        (10, text)
    };
    let end = body
        .find(|c: char| !(c.is_digit(radix) || c == '_'))
        .unwrap_or(body.len());
    let (digits, suffix_text) = body.split_at(end);
    let suffix = if suffix_text.is_empty() {
        None
    } else {
        let found = IntSuffix::ALL.into_iter().find(|s| s.text() == suffix_text);
        let Some(s) = found else {
            return Err(format!(
                "invalid suffix `{suffix_text}` on an integer literal (suffixes: u8 u16 u32 u64 u i8 i16 i32 i64 L)"
            ));
        };
        Some(s)
    };
    if digits.is_empty() {
        return Err("a number literal needs at least one digit".to_string());
    }
    check_underscores(digits, radix)?;
    let mut value: u64 = 0;
    for c in digits.chars().filter(|&c| c != '_') {
        let d = c.to_digit(radix).expect("digits were checked") as u64;
        value = value
            .checked_mul(radix as u64)
            .and_then(|v| v.checked_add(d))
            .ok_or_else(|| {
                "integer literal is too large (the largest is 18446744073709551615)".to_string()
            })?;
    }
    Ok(IntLit {
        value,
        radix,
        suffix,
    })
}

/// Reads a floating-point literal (`1.5`, `2.5e-3`, `0.5f`, `1f`).
///
/// ```
/// use seen_syntax::lexer::parse_float;
/// assert_eq!(parse_float("2.5e-3").unwrap().value, 0.0025);
/// assert!(parse_float("0.5f").unwrap().is_float32);
/// ```
pub fn parse_float(text: &str) -> Result<FloatLit, String> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '_' | '.' | 'e' | 'E' | '+' | '-')))
        .unwrap_or(text.len());
    let (body, suffix) = text.split_at(end);
    let is_float32 = match suffix {
        "" => false,
        "f" | "F" => true,
        other => {
            return Err(format!(
                "invalid suffix `{other}` on a floating-point literal (the suffix is `f`)"
            ));
        }
    };
    for part in body.split(['.', 'e', 'E', '+', '-']) {
        if !part.is_empty() {
            check_underscores(part, 10)?;
        }
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    let value = if is_float32 {
        clean.parse::<f32>().map(f64::from)
    } else {
        clean.parse::<f64>()
    };
    let value = value.map_err(|_| format!("invalid floating-point literal `{text}`"))?;
    Ok(FloatLit { value, is_float32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(parse_int("1_000_000").unwrap().value, 1_000_000);
        assert_eq!(parse_int("0b1010").unwrap().value, 10);
        assert_eq!(parse_int("0o17").unwrap().value, 15);
        assert_eq!(parse_int("7i32").unwrap().suffix, Some(IntSuffix::I32));
        assert_eq!(parse_int("3u").unwrap().suffix, Some(IntSuffix::U));
        assert_eq!(parse_int("5L").unwrap().suffix, Some(IntSuffix::L));
        assert_eq!(parse_int("18446744073709551615").unwrap().value, u64::MAX);
        assert!(parse_int("18446744073709551616").is_err());
        assert!(parse_int("1_").is_err());
        assert!(parse_int("0x").is_err());
        assert!(parse_int("1e").is_err());
    }

    #[test]
    fn floats() {
        assert_eq!(parse_float("6.02E+23").unwrap().value, 6.02e23);
        assert_eq!(
            parse_float("1f").unwrap(),
            FloatLit {
                value: 1.0,
                is_float32: true
            }
        );
        assert_eq!(parse_float("0.1f").unwrap().value, f64::from(0.1f32));
        assert!(parse_float("1.5x").is_err());
    }

    #[test]
    fn scanning_stops_before_ranges_and_members() {
        let mut pos = 0;
        assert_eq!(scan(b"1..5", &mut pos), TokenKind::Int);
        assert_eq!(pos, 1);
        pos = 0;
        assert_eq!(scan(b"10.ms", &mut pos), TokenKind::Int);
        assert_eq!(pos, 2);
        pos = 0;
        assert_eq!(scan(b"2.5e-3)", &mut pos), TokenKind::Float);
        assert_eq!(pos, 6);
    }
}
