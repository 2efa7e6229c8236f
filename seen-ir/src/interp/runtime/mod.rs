//! The C runtime's functions as host functions, so that the interpreter
//! runs the modules the lowering produces (docs/ir.md, "Running lowered
//! programs"): strings, `StringBuilder`, printing, panics, number
//! printing and parsing, `String.format`, case mapping, `std.math`.
//!
//! Representation: a runtime `String` is an `i8` array holding its UTF-8
//! bytes (as `strconst` gives), a `StringBuilder` an object of kind
//! [`ObjKind::Builder`]. Each function mirrors its C counterpart in
//! `seen-std/runtime/` (same results, same panic messages; references
//! returned owned, arguments borrowed). A panic is a
//! [`TrapKind::Panic`] located at the source position the call passes;
//! [`exit_status`] maps the end of a run to the process's exit status.

mod case;
mod case_tables;
mod format;
mod number;
mod strings;

use super::heap::ObjKind;
use super::host::{HostContext, HostFn};
use super::trap::{Trap, TrapKind};
use super::value::{DataValue, ObjRef};
use crate::module::SourceLoc;

/// The Unicode version of the case tables (the C runtime's).
pub use case_tables::UNICODE_VERSION;

/// A runtime function: what a host function is, without the box.
type Rt = fn(&mut HostContext<'_>, &[DataValue]) -> Result<DataValue, Trap>;

/// The host functions of the C runtime, `(symbol, function)`, for
/// [`Interpreter::register_host`](super::Interpreter::register_host) (or
/// [`Interpreter::register_runtime`](super::Interpreter::register_runtime)).
pub fn runtime_hosts() -> Vec<(&'static str, HostFn)> {
    let tables: [&[(&'static str, Rt)]; 3] = [strings::FUNCTIONS, IO, PANICS];
    tables
        .iter()
        .flat_map(|t| t.iter())
        .chain(math::FUNCTIONS.iter().flatten())
        .map(|&(name, f)| (name, Box::new(f) as HostFn))
        .collect()
}

/// The exit status of a run of `@main` that ended with `result`, as the
/// compiled program's: the low 8 bits of `main`'s result (0 for `void`),
/// 101 for a panic (a `trap`, a checked arithmetic or bounds failure, a
/// runtime panic), the status given to `exit`, 134 for an abort. Other
/// traps (undefined behaviour, interpreter limits) have no status: the
/// trap is given back.
pub fn exit_status(result: &Result<DataValue, Trap>) -> Result<i32, &Trap> {
    let t = match result {
        Ok(v) => return Ok(v.as_i64().map_or(0, |n| (n & 0xff) as i32)),
        Err(t) => t,
    };
    match &t.kind {
        TrapKind::Panic(_)
        | TrapKind::IntegerOverflow
        | TrapKind::DivisionByZero
        | TrapKind::IndexOutOfBounds { .. }
        | TrapKind::NegativeLength(_)
        | TrapKind::Unreachable => Ok(101),
        TrapKind::Exit(c) => Ok(c & 0xff),
        TrapKind::Abort => Ok(128 + 6),
        _ => Err(t),
    }
}

// ---- arguments ----

fn bad_args(what: &str) -> Trap {
    TrapKind::Host(format!(
        "a runtime function was called with bad arguments: {what}"
    ))
    .into()
}

fn arg(args: &[DataValue], i: usize) -> Result<&DataValue, Trap> {
    args.get(i)
        .ok_or_else(|| bad_args(&format!("argument {i} is missing")))
}

fn int(args: &[DataValue], i: usize) -> Result<i64, Trap> {
    arg(args, i)?
        .as_i64()
        .ok_or_else(|| bad_args(&format!("argument {i} is not an integer")))
}

fn char_arg(args: &[DataValue], i: usize) -> Result<u32, Trap> {
    Ok(int(args, i)? as u32)
}

fn f64_arg(args: &[DataValue], i: usize) -> Result<f64, Trap> {
    match arg(args, i)? {
        DataValue::F64(x) => Ok(*x),
        _ => Err(bad_args(&format!("argument {i} is not an f64"))),
    }
}

fn f32_arg(args: &[DataValue], i: usize) -> Result<f32, Trap> {
    match arg(args, i)? {
        DataValue::F32(x) => Ok(*x),
        _ => Err(bad_args(&format!("argument {i} is not an f32"))),
    }
}

fn bool_arg(args: &[DataValue], i: usize) -> Result<bool, Trap> {
    match arg(args, i)? {
        DataValue::Bool(b) => Ok(*b),
        _ => Err(bad_args(&format!("argument {i} is not a bool"))),
    }
}

fn ptr_arg(args: &[DataValue], i: usize) -> Result<u64, Trap> {
    match arg(args, i)? {
        DataValue::Ptr(p) => Ok(*p),
        _ => Err(bad_args(&format!("argument {i} is not a ptr"))),
    }
}

fn ref_arg(args: &[DataValue], i: usize) -> Result<ObjRef, Trap> {
    match arg(args, i)? {
        DataValue::Ref(Some(r)) => Ok(*r),
        _ => Err(TrapKind::Undefined(format!(
            "argument {i} of a runtime function is not a non-null reference"
        ))
        .into()),
    }
}

/// The bytes of a string argument.
fn str_arg(cx: &HostContext<'_>, args: &[DataValue], i: usize) -> Result<Vec<u8>, Trap> {
    cx.array_bytes(arg(args, i)?)
}

/// A new string (count 1).
fn new_str(cx: &mut HostContext<'_>, bytes: &[u8]) -> DataValue {
    cx.new_byte_array(bytes)
}

/// The argument itself, retained (what the C runtime returns when a
/// result equals an argument).
fn same(cx: &mut HostContext<'_>, args: &[DataValue], i: usize) -> Result<DataValue, Trap> {
    let r = ref_arg(args, i)?;
    cx.heap.retain(r)?;
    Ok(DataValue::Ref(Some(r)))
}

/// The UTF-8 encoding of a scalar value (U+FFFD for a non-value).
fn utf8(c: u32) -> Vec<u8> {
    char::from_u32(c)
        .unwrap_or('\u{FFFD}')
        .to_string()
        .into_bytes()
}

// ---- panics ----

/// A NUL-terminated string in the interpreter's memory (at most 4096 bytes).
fn c_string(cx: &HostContext<'_>, p: u64) -> Option<String> {
    let mut bytes = Vec::new();
    for k in 0..4096 {
        match cx.read_memory(p.wrapping_add(k), 1).ok()?.first() {
            Some(0) | None => break,
            Some(&b) => bytes.push(b),
        }
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// A panic with `msg` at the location given by `args[at..at + 3]`
/// (`path`, `line`, `col`; no location when the path is null).
fn panic_at(cx: &HostContext<'_>, args: &[DataValue], at: usize, msg: String) -> Trap {
    let path = ptr_arg(args, at).ok().filter(|&p| p != 0);
    let loc = path.and_then(|p| c_string(cx, p)).map(|path| SourceLoc {
        path,
        line: int(args, at + 1).unwrap_or(0) as u32,
        col: int(args, at + 2).unwrap_or(0) as u32,
    });
    Trap {
        kind: TrapKind::Panic(msg),
        loc,
        function: None,
    }
}

const PANICS: &[(&str, Rt)] = &[
    ("seen_panic", |cx, a| {
        let msg = cx.read_memory(ptr_arg(a, 0)?, int(a, 1)? as u64)?;
        Err(panic_at(
            cx,
            a,
            2,
            String::from_utf8_lossy(&msg).into_owned(),
        ))
    }),
    ("seen_panic_str", |cx, a| {
        let msg = String::from_utf8_lossy(&str_arg(cx, a, 0)?).into_owned();
        Err(panic_at(cx, a, 1, msg))
    }),
    ("seen_panic_unwrap_null", |cx, a| {
        Err(panic_at(cx, a, 0, "!! on a null value".into()))
    }),
    ("seen_panic_index", |cx, a| {
        let msg = format!(
            "index {} out of bounds for length {}",
            int(a, 0)?,
            int(a, 1)?
        );
        Err(panic_at(cx, a, 2, msg))
    }),
    ("seen_panic_div_zero", |cx, a| {
        Err(panic_at(cx, a, 0, "integer division by zero".into()))
    }),
    ("seen_panic_overflow", |cx, a| {
        Err(panic_at(cx, a, 0, "integer overflow".into()))
    }),
    ("seen_panic_negative_length", |cx, a| {
        let msg = format!("negative array length {}", int(a, 0)?);
        Err(panic_at(cx, a, 1, msg))
    }),
    ("seen_panic_require", |cx, a| {
        optional_message(cx, a, "Failed requirement.")
    }),
    ("seen_panic_check", |cx, a| {
        optional_message(cx, a, "Check failed.")
    }),
    ("seen_panic_assert", |cx, a| {
        Err(panic_at(cx, a, 0, "Assertion failed".into()))
    }),
    ("seen_panic_todo", |cx, a| {
        Err(panic_at(
            cx,
            a,
            0,
            "An operation is not implemented.".into(),
        ))
    }),
    ("seen_panic_unreachable", |cx, a| {
        Err(panic_at(cx, a, 0, "unreachable code was reached".into()))
    }),
    ("seen_set_debug", |_, _| Ok(DataValue::Void)),
];

/// `require`/`check`: the message, or the default when it is null.
fn optional_message(
    cx: &mut HostContext<'_>,
    a: &[DataValue],
    default: &str,
) -> Result<DataValue, Trap> {
    let msg = match arg(a, 0)? {
        DataValue::Ref(None) => default.to_string(),
        _ => String::from_utf8_lossy(&str_arg(cx, a, 0)?).into_owned(),
    };
    Err(panic_at(cx, a, 1, msg))
}

// ---- output, arguments, environment ----

fn print(cx: &mut HostContext<'_>, bytes: &[u8]) -> Result<DataValue, Trap> {
    cx.output().extend_from_slice(bytes);
    Ok(DataValue::Void)
}

fn eprint(cx: &mut HostContext<'_>, bytes: &[u8]) -> Result<DataValue, Trap> {
    cx.error_output().extend_from_slice(bytes);
    Ok(DataValue::Void)
}

const IO: &[(&str, Rt)] = &[
    ("seen_print_str", |cx, a| {
        let s = str_arg(cx, a, 0)?;
        print(cx, &s)
    }),
    ("seen_println_str", |cx, a| {
        let mut s = str_arg(cx, a, 0)?;
        s.push(b'\n');
        print(cx, &s)
    }),
    ("seen_println", |cx, _| print(cx, b"\n")),
    ("seen_print_int", |cx, a| {
        print(cx, int(a, 0)?.to_string().as_bytes())
    }),
    ("seen_print_uint", |cx, a| {
        print(cx, (int(a, 0)? as u64).to_string().as_bytes())
    }),
    ("seen_print_f64", |cx, a| {
        print(cx, number::fmt_f64(f64_arg(a, 0)?).as_bytes())
    }),
    ("seen_print_f32", |cx, a| {
        print(cx, number::fmt_f32(f32_arg(a, 0)?).as_bytes())
    }),
    ("seen_print_bool", |cx, a| {
        print(cx, bool_arg(a, 0)?.to_string().as_bytes())
    }),
    ("seen_print_char", |cx, a| print(cx, &utf8(char_arg(a, 0)?))),
    ("seen_flush", |_, _| Ok(DataValue::Void)),
    ("seen_eprint_raw", |cx, a| {
        let bytes = cx.read_memory(ptr_arg(a, 0)?, int(a, 1)? as u64)?;
        eprint(cx, &bytes)
    }),
    ("seen_eprint_str", |cx, a| {
        let s = str_arg(cx, a, 0)?;
        eprint(cx, &s)
    }),
    ("seen_eprintln_str", |cx, a| {
        let mut s = str_arg(cx, a, 0)?;
        s.push(b'\n');
        eprint(cx, &s)
    }),
    // the interpreter runs programs without arguments, environment or input
    ("seen_argc", |_, _| Ok(DataValue::I64(0))),
    ("seen_argv", |_, _| Ok(DataValue::Ref(None))),
    ("seen_getenv", |_, _| Ok(DataValue::Ref(None))),
    ("seen_read_line", |_, _| Ok(DataValue::Ref(None))),
];

mod math {
    //! `std.math` over Rust's float functions (libm's on every target
    //! the code generator supports).

    use super::{DataValue, Rt, f32_arg, f64_arg};

    macro_rules! unary {
        ($name:literal, $name32:literal, $m:ident) => {
            [
                ($name, |_, a| Ok(DataValue::F64(f64_arg(a, 0)?.$m()))),
                ($name32, |_, a| Ok(DataValue::F32(f32_arg(a, 0)?.$m()))),
            ]
        };
    }

    macro_rules! binary {
        ($name:literal, $name32:literal, $m:ident) => {
            [
                ($name, |_, a| {
                    Ok(DataValue::F64(f64_arg(a, 0)?.$m(f64_arg(a, 1)?)))
                }),
                ($name32, |_, a| {
                    Ok(DataValue::F32(f32_arg(a, 0)?.$m(f32_arg(a, 1)?)))
                }),
            ]
        };
    }

    /// Every `std.math` function, both widths.
    pub(super) const FUNCTIONS: &[[(&str, Rt); 2]] = &[
        unary!("seen_math_cbrt", "seen_math_cbrt_f32", cbrt),
        unary!("seen_math_exp", "seen_math_exp_f32", exp),
        unary!("seen_math_ln", "seen_math_ln_f32", ln),
        unary!("seen_math_log10", "seen_math_log10_f32", log10),
        unary!("seen_math_log2", "seen_math_log2_f32", log2),
        unary!("seen_math_sin", "seen_math_sin_f32", sin),
        unary!("seen_math_cos", "seen_math_cos_f32", cos),
        unary!("seen_math_tan", "seen_math_tan_f32", tan),
        unary!("seen_math_asin", "seen_math_asin_f32", asin),
        unary!("seen_math_acos", "seen_math_acos_f32", acos),
        unary!("seen_math_atan", "seen_math_atan_f32", atan),
        unary!("seen_math_sinh", "seen_math_sinh_f32", sinh),
        unary!("seen_math_cosh", "seen_math_cosh_f32", cosh),
        unary!("seen_math_tanh", "seen_math_tanh_f32", tanh),
        // `round(x)`: ties to even
        unary!("seen_math_round", "seen_math_round_f32", round_ties_even),
        binary!("seen_math_pow", "seen_math_pow_f32", powf),
        binary!("seen_math_atan2", "seen_math_atan2_f32", atan2),
        binary!("seen_math_hypot", "seen_math_hypot_f32", hypot),
        [
            ("seen_math_fmod", |_, a| {
                Ok(DataValue::F64(f64_arg(a, 0)? % f64_arg(a, 1)?))
            }),
            ("seen_math_fmod_f32", |_, a| {
                Ok(DataValue::F32(f32_arg(a, 0)? % f32_arg(a, 1)?))
            }),
        ],
    ];
}
