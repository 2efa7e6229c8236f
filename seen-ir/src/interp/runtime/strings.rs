//! Strings (`string.c`, `parse.c`), `StringBuilder` (`builder.c`), case
//! mapping (`case.c`) and `String.format` (`format.c`) as host functions.

use super::format::{FmtArg, format};
use super::{
    HostContext, ObjKind, Rt, Trap, TrapKind, arg, bool_arg, case, char_arg, f32_arg, f64_arg, int,
    new_str, number, panic_at, ptr_arg, ref_arg, same, str_arg, utf8,
};
use crate::interp::value::{DataValue, ObjRef};

/// The characters of UTF-8 bytes (the runtime's strings are valid UTF-8).
fn chars(bytes: &[u8]) -> Vec<u32> {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(u32::from)
        .collect()
}

fn encode(chars: &[u32]) -> Vec<u8> {
    chars.iter().flat_map(|&c| utf8(c)).collect()
}

fn mix64(mut x: u64) -> u64 {
    x ^= x >> 32;
    x = x.wrapping_mul(0xd6e8_feb8_6659_fd93);
    x ^= x >> 32;
    x = x.wrapping_mul(0xd6e8_feb8_6659_fd93);
    x ^ (x >> 32)
}

/// `seen_str_hash`: the same value as the C runtime's.
fn hash(p: &[u8]) -> i64 {
    let len = p.len() as u64;
    let mut h = 0x9E37_79B9_7F4A_7C15u64 ^ len.wrapping_mul(0xff51_afd7_ed55_8ccd);
    let mut chunks = p.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        h = (h ^ w).wrapping_mul(0x0100_0000_01b3);
        h ^= h >> 29;
    }
    let tail = chunks
        .remainder()
        .iter()
        .rev()
        .fold(0u64, |t, &b| (t << 8) | u64::from(b));
    h = (h ^ tail).wrapping_mul(0x0100_0000_01b3);
    mix64(h) as i64
}

/// `seen_identity_hash` of an interpreter object: its handle stands in
/// for the address (so the value differs from a compiled run's, which
/// differs from run to run anyway).
fn identity_hash(r: Option<ObjRef>) -> i64 {
    let addr = r.map_or(0, |r| 0x1000_0000 + 64 * r.to_bits());
    (mix64(addr) & 0x7fff_ffff) as i64
}

fn ok_flag(cx: &mut HostContext<'_>, p: u64, ok: bool) -> Result<(), Trap> {
    cx.write_memory(p, &[u8::from(ok)])
}

fn substring(cx: &mut HostContext<'_>, a: &[DataValue]) -> Result<DataValue, Trap> {
    let s = str_arg(cx, a, 0)?;
    let (start, end) = (int(a, 1)?, int(a, 2)?);
    let cs = chars(&s);
    let n = cs.len() as i64;
    if start < 0 || end > n || start > end {
        let msg = format!("begin {start}, end {end}, length {n}");
        return Err(panic_at(cx, a, 3, msg));
    }
    if start == 0 && end == n {
        return same(cx, a, 0);
    }
    Ok(new_str(cx, &encode(&cs[start as usize..end as usize])))
}

/// `seen_str_bytes`: a new byte array (the interpreter's strings are byte
/// arrays already, so a copy).
fn bytes(cx: &mut HostContext<'_>, a: &[DataValue]) -> Result<DataValue, Trap> {
    let s = str_arg(cx, a, 0)?;
    Ok(new_str(cx, &s))
}

fn char_at(cx: &mut HostContext<'_>, a: &[DataValue]) -> Result<DataValue, Trap> {
    let cs = chars(&str_arg(cx, a, 0)?);
    let i = int(a, 1)?;
    match usize::try_from(i).ok().and_then(|i| cs.get(i)) {
        Some(&c) => Ok(DataValue::I32(c as i32)),
        None => {
            let msg = format!("index {i} out of bounds for length {}", cs.len());
            Err(panic_at(cx, a, 2, msg))
        }
    }
}

fn concat_n(cx: &mut HostContext<'_>, a: &[DataValue]) -> Result<DataValue, Trap> {
    let (p, n) = (ptr_arg(a, 0)?, int(a, 1)?);
    let mut parts = Vec::new();
    for i in 0..n.max(0) as u64 {
        let bits = cx.read_memory(p.wrapping_add(8 * i), 8)?;
        let bits = u64::from_le_bytes(bits.try_into().unwrap_or([0; 8]));
        let part = DataValue::Ref(ObjRef::from_bits(bits));
        let bytes = cx.array_bytes(&part)?;
        parts.push((part, bytes));
    }
    let nonempty: Vec<&(DataValue, Vec<u8>)> =
        parts.iter().filter(|(_, b)| !b.is_empty()).collect();
    if let [(only, _)] = nonempty[..] {
        return same(cx, std::slice::from_ref(only), 0);
    }
    let all: Vec<u8> = parts.iter().flat_map(|(_, b)| b.iter().copied()).collect();
    Ok(new_str(cx, &all))
}

fn concat(cx: &mut HostContext<'_>, a: &[DataValue]) -> Result<DataValue, Trap> {
    let (x, y) = (str_arg(cx, a, 0)?, str_arg(cx, a, 1)?);
    if y.is_empty() {
        return same(cx, a, 0);
    }
    if x.is_empty() {
        return same(cx, a, 1);
    }
    Ok(new_str(cx, &[x, y].concat()))
}

fn radix(cx: &mut HostContext<'_>, a: &[DataValue], signed: bool) -> Result<DataValue, Trap> {
    let (v, r) = (int(a, 0)?, int(a, 1)?);
    if !(2..=36).contains(&r) {
        let msg = format!("radix {r} was not in valid range 2..36");
        return Err(panic_at(cx, a, 2, msg));
    }
    let text = if signed {
        number::fmt_radix(v < 0, v.unsigned_abs(), r as u64)
    } else {
        number::fmt_radix(false, v as u64, r as u64)
    };
    Ok(new_str(cx, text.as_bytes()))
}

fn identity(cx: &mut HostContext<'_>, a: &[DataValue]) -> Result<DataValue, Trap> {
    let name = str_arg(cx, a, 0)?;
    let obj = match arg(a, 1)? {
        DataValue::Ref(r) => *r,
        _ => None,
    };
    let text = format!("@{:x}", identity_hash(obj));
    Ok(new_str(cx, &[name, text.into_bytes()].concat()))
}

fn to_i64(cx: &mut HostContext<'_>, a: &[DataValue], unsigned: bool) -> Result<DataValue, Trap> {
    let s = str_arg(cx, a, 0)?;
    let r = int(a, 1)?;
    let v = if unsigned {
        number::parse_u64(&s, r).map(|v| v as i64)
    } else {
        number::parse_i64(&s, r)
    };
    ok_flag(cx, ptr_arg(a, 2)?, v.is_some())?;
    Ok(DataValue::I64(v.unwrap_or(0)))
}

/// The strings, conversions, case mapping and format.
pub(super) const FUNCTIONS: &[(&str, Rt)] = &[
    ("seen_str_new", |cx, a| {
        let b = cx.read_memory(ptr_arg(a, 0)?, int(a, 1)? as u64)?;
        Ok(new_str(cx, &b))
    }),
    ("seen_str_from_utf8_lossy", |cx, a| {
        let b = cx.read_memory(ptr_arg(a, 0)?, int(a, 1)? as u64)?;
        let s = String::from_utf8_lossy(&b).into_owned();
        Ok(new_str(cx, s.as_bytes()))
    }),
    ("seen_str_empty", |cx, _| Ok(new_str(cx, b""))),
    ("seen_str_concat", concat),
    ("seen_str_concat_n", concat_n),
    ("seen_str_eq", |cx, a| {
        Ok(DataValue::Bool(str_arg(cx, a, 0)? == str_arg(cx, a, 1)?))
    }),
    ("seen_str_cmp", |cx, a| {
        let ord = str_arg(cx, a, 0)?.cmp(&str_arg(cx, a, 1)?);
        Ok(DataValue::I64(ord as i64))
    }),
    ("seen_str_hash", |cx, a| {
        Ok(DataValue::I64(hash(&str_arg(cx, a, 0)?)))
    }),
    ("seen_identity_hash", |_, a| {
        let r = match arg(a, 0)? {
            DataValue::Ref(r) => *r,
            _ => None,
        };
        Ok(DataValue::I64(identity_hash(r)))
    }),
    ("seen_str_identity", identity),
    ("seen_str_len_chars", |cx, a| {
        Ok(DataValue::I64(chars(&str_arg(cx, a, 0)?).len() as i64))
    }),
    ("seen_str_len_bytes", |cx, a| {
        Ok(DataValue::I64(str_arg(cx, a, 0)?.len() as i64))
    }),
    ("seen_str_char_at", char_at),
    ("seen_str_substring", substring),
    ("seen_str_bytes", bytes),
    ("seen_str_substring_bytes", |cx, a| {
        let s = str_arg(cx, a, 0)?;
        let end = (int(a, 2)? as u64).min(s.len() as u64) as usize;
        let start = (int(a, 1)? as u64).min(end as u64) as usize;
        if start == 0 && end == s.len() {
            return same(cx, a, 0);
        }
        Ok(new_str(cx, &s[start..end]))
    }),
    ("seen_str_byte_offset", |cx, a| {
        let s = String::from_utf8_lossy(&str_arg(cx, a, 0)?).into_owned();
        let i = int(a, 1)?.max(0) as usize;
        let off = s.char_indices().nth(i).map_or(s.len(), |(o, _)| o);
        Ok(DataValue::I64(off as i64))
    }),
    ("seen_str_from_i64", |cx, a| {
        Ok(new_str(cx, int(a, 0)?.to_string().as_bytes()))
    }),
    ("seen_str_from_u64", |cx, a| {
        Ok(new_str(cx, (int(a, 0)? as u64).to_string().as_bytes()))
    }),
    ("seen_str_from_i64_radix", |cx, a| radix(cx, a, true)),
    ("seen_str_from_u64_radix", |cx, a| radix(cx, a, false)),
    ("seen_str_from_bool", |cx, a| {
        Ok(new_str(cx, bool_arg(a, 0)?.to_string().as_bytes()))
    }),
    ("seen_str_from_char", |cx, a| {
        Ok(new_str(cx, &utf8(char_arg(a, 0)?)))
    }),
    ("seen_str_from_f64", |cx, a| {
        Ok(new_str(cx, number::fmt_f64(f64_arg(a, 0)?).as_bytes()))
    }),
    ("seen_str_from_f32", |cx, a| {
        Ok(new_str(cx, number::fmt_f32(f32_arg(a, 0)?).as_bytes()))
    }),
    ("seen_str_to_i64", |cx, a| to_i64(cx, a, false)),
    ("seen_str_to_u64", |cx, a| to_i64(cx, a, true)),
    ("seen_str_to_f64", |cx, a| {
        let v = number::parse_f64(&str_arg(cx, a, 0)?);
        ok_flag(cx, ptr_arg(a, 1)?, v.is_some())?;
        Ok(DataValue::F64(v.unwrap_or(0.0)))
    }),
    ("seen_str_to_f32", |cx, a| {
        let v = number::parse_f32(&str_arg(cx, a, 0)?);
        ok_flag(cx, ptr_arg(a, 1)?, v.is_some())?;
        Ok(DataValue::F32(v.unwrap_or(0.0)))
    }),
    ("seen_format", format_host),
    ("seen_str_to_upper", |cx, a| convert(cx, a, true)),
    ("seen_str_to_lower", |cx, a| convert(cx, a, false)),
    ("seen_char_to_upper", |_, a| {
        Ok(DataValue::I32(case::to_upper(char_arg(a, 0)?) as i32))
    }),
    ("seen_char_to_lower", |_, a| {
        Ok(DataValue::I32(case::to_lower(char_arg(a, 0)?) as i32))
    }),
    ("seen_char_to_upper_str", |cx, a| {
        let s = encode(&case::char_string(char_arg(a, 0)?, true));
        Ok(new_str(cx, &s))
    }),
    ("seen_char_to_lower_str", |cx, a| {
        let s = encode(&case::char_string(char_arg(a, 0)?, false));
        Ok(new_str(cx, &s))
    }),
    ("seen_char_is_upper", |_, a| {
        Ok(DataValue::Bool(case::has(char_arg(a, 0)?, case::UPPER)))
    }),
    ("seen_char_is_lower", |_, a| {
        Ok(DataValue::Bool(case::has(char_arg(a, 0)?, case::LOWER)))
    }),
    ("seen_char_is_letter", |_, a| {
        Ok(DataValue::Bool(case::has(char_arg(a, 0)?, case::LETTER)))
    }),
    ("seen_char_is_digit", |_, a| {
        Ok(DataValue::Bool(case::is_digit(char_arg(a, 0)?)))
    }),
    ("seen_char_is_letter_or_digit", |_, a| {
        let c = char_arg(a, 0)?;
        Ok(DataValue::Bool(case::has(c, case::LETTER_OR_DIGIT)))
    }),
    ("seen_char_digit_value", |_, a| {
        Ok(DataValue::I64(case::digit_value(char_arg(a, 0)?)))
    }),
    ("seen_char_digit_to_int", |cx, a| {
        let c = char_arg(a, 0)?;
        match case::digit_value(c) {
            v if v >= 0 => Ok(DataValue::I64(v)),
            _ => {
                let shown = String::from_utf8_lossy(&utf8(c)).into_owned();
                Err(panic_at(
                    cx,
                    a,
                    1,
                    format!("Char {shown} is not a decimal digit"),
                ))
            }
        }
    }),
    ("seen_sb_new", |cx, _| Ok(new_builder(cx))),
    ("seen_sb_with_capacity", |cx, _| Ok(new_builder(cx))),
    ("seen_sb_append_bytes", |cx, a| {
        let b = cx.read_memory(ptr_arg(a, 1)?, int(a, 2)? as u64)?;
        append(cx, a, &b)
    }),
    ("seen_sb_append_str", |cx, a| {
        let s = str_arg(cx, a, 1)?;
        append(cx, a, &s)
    }),
    ("seen_sb_append_char", |cx, a| {
        append(cx, a, &utf8(char_arg(a, 1)?))
    }),
    ("seen_sb_append_i64", |cx, a| {
        append(cx, a, int(a, 1)?.to_string().as_bytes())
    }),
    ("seen_sb_append_u64", |cx, a| {
        append(cx, a, (int(a, 1)? as u64).to_string().as_bytes())
    }),
    ("seen_sb_append_f64", |cx, a| {
        append(cx, a, number::fmt_f64(f64_arg(a, 1)?).as_bytes())
    }),
    ("seen_sb_append_f32", |cx, a| {
        append(cx, a, number::fmt_f32(f32_arg(a, 1)?).as_bytes())
    }),
    ("seen_sb_append_bool", |cx, a| {
        append(cx, a, bool_arg(a, 1)?.to_string().as_bytes())
    }),
    ("seen_sb_insert_str", sb_insert),
    ("seen_sb_reverse", |cx, a| {
        let mut cs = chars(&builder(cx, a)?);
        cs.reverse();
        set_builder(cx, a, &encode(&cs))
    }),
    ("seen_sb_len_chars", |cx, a| {
        Ok(DataValue::I64(chars(&builder(cx, a)?).len() as i64))
    }),
    ("seen_sb_clear", |cx, a| set_builder(cx, a, b"")),
    ("seen_sb_to_string", |cx, a| {
        let b = builder(cx, a)?;
        Ok(new_str(cx, &b))
    }),
];

fn convert(cx: &mut HostContext<'_>, a: &[DataValue], upper: bool) -> Result<DataValue, Trap> {
    let cs = chars(&str_arg(cx, a, 0)?);
    match case::convert(&cs, upper) {
        Some(out) => Ok(new_str(cx, &encode(&out))),
        None => same(cx, a, 0),
    }
}

// ---- StringBuilder ----

fn new_builder(cx: &mut HostContext<'_>) -> DataValue {
    DataValue::Ref(Some(cx.heap.alloc(ObjKind::Builder, Vec::new(), false)))
}

/// The builder argument `a[0]`, checked.
fn builder_ref(cx: &HostContext<'_>, a: &[DataValue]) -> Result<ObjRef, Trap> {
    let r = ref_arg(a, 0)?;
    let o = cx.heap.get(r, "a StringBuilder call")?;
    if o.kind != ObjKind::Builder {
        let msg = format!("a StringBuilder function on {:?}", o.kind);
        return Err(TrapKind::Undefined(msg).into());
    }
    Ok(r)
}

fn builder(cx: &HostContext<'_>, a: &[DataValue]) -> Result<Vec<u8>, Trap> {
    let r = builder_ref(cx, a)?;
    let o = cx.heap.get(r, "a StringBuilder call")?;
    Ok(o.fields
        .iter()
        .map(|v| v.int_bits().map_or(0, |(b, _)| b as u8))
        .collect())
}

fn set_builder(cx: &mut HostContext<'_>, a: &[DataValue], bytes: &[u8]) -> Result<DataValue, Trap> {
    let r = builder_ref(cx, a)?;
    let o = cx.heap.get_mut(r, "a StringBuilder call")?;
    o.fields = bytes.iter().map(|&b| DataValue::I8(b as i8)).collect();
    Ok(DataValue::Void)
}

fn append(cx: &mut HostContext<'_>, a: &[DataValue], bytes: &[u8]) -> Result<DataValue, Trap> {
    let r = builder_ref(cx, a)?;
    let o = cx.heap.get_mut(r, "a StringBuilder call")?;
    o.fields
        .extend(bytes.iter().map(|&b| DataValue::I8(b as i8)));
    Ok(DataValue::Void)
}

fn sb_insert(cx: &mut HostContext<'_>, a: &[DataValue]) -> Result<DataValue, Trap> {
    let mut cs = chars(&builder(cx, a)?);
    let i = int(a, 1)?;
    let s = chars(&str_arg(cx, a, 2)?);
    let Some(at) = usize::try_from(i).ok().filter(|&i| i <= cs.len()) else {
        let msg = format!("index {i} out of bounds for length {}", cs.len());
        return Err(panic_at(cx, a, 3, msg));
    };
    cs.splice(at..at, s);
    set_builder(cx, a, &encode(&cs))
}

// ---- format ----

/// Reads `n` `SeenFmtArg`s (16 bytes each) at `p`.
fn fmt_args(cx: &HostContext<'_>, p: u64, n: i64) -> Result<Vec<FmtArg>, Trap> {
    let mut out = Vec::new();
    for i in 0..n.max(0) as u64 {
        let b = cx.read_memory(p.wrapping_add(16 * i), 16)?;
        let word = |at: usize, len: usize| {
            b[at..at + len]
                .iter()
                .rev()
                .fold(0u64, |w, &x| (w << 8) | u64::from(x))
        };
        let bits = word(4, 4) as u32;
        out.push(match word(0, 4) {
            0 => FmtArg::Int(word(8, 8) as i64, bits),
            1 => FmtArg::UInt(word(8, 8), bits),
            2 => FmtArg::Double(f64::from_bits(word(8, 8))),
            3 => FmtArg::Float(f32::from_bits(word(8, 4) as u32)),
            4 => FmtArg::Bool(word(8, 1) != 0),
            5 => FmtArg::Char(word(8, 4) as u32),
            6 => FmtArg::Str(cx.array_bytes(&DataValue::Ref(ObjRef::from_bits(word(8, 8))))?),
            _ => FmtArg::Null,
        });
    }
    Ok(out)
}

fn format_host(cx: &mut HostContext<'_>, a: &[DataValue]) -> Result<DataValue, Trap> {
    let fmt = str_arg(cx, a, 0)?;
    let args = fmt_args(cx, ptr_arg(a, 1)?, int(a, 2)?)?;
    match format(&fmt, &args) {
        Ok(bytes) => Ok(new_str(cx, &bytes)),
        Err(msg) => Err(panic_at(cx, a, 3, msg)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_the_c_runtimes() {
        // stable across runs and targets; equal strings, equal hashes
        assert_eq!(hash(b"abc"), hash(b"abc"));
        assert_ne!(hash(b"abc"), hash(b"abd"));
        assert_ne!(hash(b"abcdefgh1"), hash(b"abcdefgh2"));
    }
}
