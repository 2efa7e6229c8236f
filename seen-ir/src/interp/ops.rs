//! The semantics of the pure instructions: arithmetic, comparisons,
//! conversions, SIMD lanes and aggregates, on [`DataValue`]s.
//!
//! This is the reference for LANGUAGE.md section 2: integers wrap (the
//! `*_trap` forms trap on overflow), division truncates toward zero and
//! traps on zero, `%` takes the sign of the dividend and `MIN % -1` is 0,
//! shift counts are taken modulo the width, float-to-integer conversion
//! truncates and saturates with NaN giving 0, float comparisons follow
//! IEEE. Constant folding calls [`eval_pure`] too, so folded code behaves
//! exactly as interpreted code.

use super::memory::{bytes_of, value_from_bytes};
use super::trap::TrapKind;
use super::value::DataValue;
use crate::inst::{FloatCC, InstData, IntCC, Opcode};
use crate::module::Module;
use crate::types::Type;
use crate::typing::sext;
use std::sync::Arc;

type R = Result<DataValue, TrapKind>;

fn bad(what: &str) -> TrapKind {
    TrapKind::Undefined(format!("operands of the wrong kind for `{what}`"))
}

fn mask(w: u32) -> u64 {
    if w >= 64 { u64::MAX } else { (1u64 << w) - 1 }
}

fn sx(x: u64, w: u32) -> i64 {
    sext(x as i64, w)
}

/// Evaluates a pure instruction on its operand values; `None` when the
/// instruction is not pure (memory, heap, calls, control).
pub(crate) fn eval_pure(m: &Module, data: &InstData, args: &[DataValue]) -> Option<R> {
    use InstData as D;
    let a = |i: usize| args.get(i).cloned().unwrap_or(DataValue::Void);
    Some(match data {
        D::IntConst { ty, imm } => Ok(DataValue::from_int(ty.bits().unwrap_or(64), *imm as u64)),
        D::FloatConst {
            ty: Type::F32,
            bits,
        } => Ok(DataValue::F32(f32::from_bits(*bits as u32))),
        D::FloatConst { bits, .. } => Ok(DataValue::F64(f64::from_bits(*bits))),
        D::BoolConst { imm } => Ok(DataValue::Bool(*imm)),
        D::Nullary { .. } => Ok(DataValue::Ref(None)),
        D::Zero { ty } => Ok(DataValue::zero(m, *ty)),
        D::Unary { op, .. } => unary(*op, &a(0))?,
        D::UnaryTrap { op, .. } => int_unary(*op, &a(0)),
        D::Binary { op, .. } | D::BinaryTrap { op, .. } => binary(*op, &a(0), &a(1)),
        D::Ternary { op, .. } => ternary(*op, &a(0), &a(1), &a(2)),
        D::Convert {
            op: Opcode::Splat,
            ty,
            ..
        } => splat(*ty, &a(0)),
        D::Convert { op, ty, .. } => convert(*op, *ty, &a(0)),
        D::IntCompare { cond, .. } => compare(&a(0), &a(1), &|x, y| icmp(*cond, x, y)),
        D::FloatCompare { cond, .. } => compare(&a(0), &a(1), &|x, y| fcmp(*cond, x, y)),
        D::ExtractLane { lane, .. } => lanes(&a(0)).and_then(|l| {
            l.get(usize::from(*lane))
                .cloned()
                .ok_or_else(|| bad("extractlane"))
        }),
        D::InsertLane { lane, .. } => insert_lane(&a(0), *lane, a(1)),
        D::Shuffle { lanes: idx, .. } => shuffle(&a(0), &a(1), idx),
        D::StructNew { .. } => Ok(DataValue::Struct(args.into())),
        D::Extract { field, .. } => match a(0) {
            DataValue::Struct(f) => f
                .get(*field as usize)
                .cloned()
                .ok_or_else(|| bad("extract")),
            _ => Err(bad("extract")),
        },
        D::Insert { field, .. } => match a(0) {
            DataValue::Struct(f) if (*field as usize) < f.len() => {
                let mut f = f.to_vec();
                f[*field as usize] = a(1);
                Ok(DataValue::Struct(f.into()))
            }
            _ => Err(bad("insert")),
        },
        D::EnumNew { variant, .. } => Ok(DataValue::Enum(*variant, args.into())),
        D::EnumPayload { variant, field, .. } => enum_payload(&a(0), *variant, *field),
        _ => return None,
    })
}

fn insert_lane(v: &DataValue, lane: u8, x: DataValue) -> R {
    let mut l = lanes(v)?.to_vec();
    match l.get_mut(usize::from(lane)) {
        Some(slot) => {
            *slot = x;
            Ok(DataValue::Vector(l.into()))
        }
        None => Err(bad("insertlane")),
    }
}

fn shuffle(a: &DataValue, b: &DataValue, idx: &[u8]) -> R {
    let all: Vec<DataValue> = lanes(a)?.iter().chain(lanes(b)?.iter()).cloned().collect();
    idx.iter()
        .map(|&i| {
            all.get(usize::from(i))
                .cloned()
                .ok_or_else(|| bad("shuffle"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(|v| DataValue::Vector(v.into()))
}

fn enum_payload(v: &DataValue, variant: u32, field: u32) -> R {
    match v {
        DataValue::Enum(tag, payload) if *tag == variant => payload
            .get(field as usize)
            .cloned()
            .ok_or_else(|| bad("enum_payload")),
        DataValue::Enum(tag, _) => Err(TrapKind::Undefined(format!(
            "enum_payload reads variant {variant}, but the value is variant {tag}"
        ))),
        _ => Err(bad("enum_payload")),
    }
}

fn lanes(v: &DataValue) -> Result<&[DataValue], TrapKind> {
    match v {
        DataValue::Vector(l) => Ok(l),
        _ => Err(bad("a vector instruction")),
    }
}

/// Applies `f` to each lane of a vector, or to a scalar.
fn lanewise1(a: &DataValue, f: &dyn Fn(&DataValue) -> R) -> R {
    match a {
        DataValue::Vector(l) => l
            .iter()
            .map(f)
            .collect::<Result<Vec<_>, _>>()
            .map(|v| DataValue::Vector(v.into())),
        other => f(other),
    }
}

fn lanewise2(a: &DataValue, b: &DataValue, f: &dyn Fn(&DataValue, &DataValue) -> R) -> R {
    match (a, b) {
        (DataValue::Vector(x), DataValue::Vector(y)) => x
            .iter()
            .zip(y.iter())
            .map(|(p, q)| f(p, q))
            .collect::<Result<Vec<_>, _>>()
            .map(|v| DataValue::Vector(v.into())),
        (DataValue::Vector(x), scalar) => x
            .iter()
            .map(|p| f(p, scalar))
            .collect::<Result<Vec<_>, _>>()
            .map(|v| DataValue::Vector(v.into())),
        _ => f(a, b),
    }
}

fn unary(op: Opcode, a: &DataValue) -> Option<R> {
    use Opcode::*;
    Some(match op {
        Ineg | Bnot => lanewise1(a, &|x| int_unary(op, x)),
        Fneg | Sqrt | Fabs | Floor | Ceil | Trunc | Nearest => {
            lanewise1(a, &|x| float_unary(op, x))
        }
        Ibool => a
            .int_bits()
            .map(|(x, _)| DataValue::Bool(x != 0))
            .ok_or_else(|| bad("ibool")),
        IsNull => match a {
            DataValue::Ref(r) => Ok(DataValue::Bool(r.is_none())),
            _ => Err(bad("is_null")),
        },
        EnumTag => match a {
            DataValue::Enum(tag, _) => Ok(DataValue::I32(*tag as i32)),
            _ => Err(bad("enum_tag")),
        },
        ReduceAdd | ReduceSmin | ReduceUmin | ReduceSmax | ReduceUmax | ReduceFmin | ReduceFmax => {
            reduce(op, a)
        }
        _ => return None,
    })
}

fn int_unary(op: Opcode, a: &DataValue) -> R {
    if let (Opcode::Bnot, DataValue::Bool(b)) = (op, a) {
        return Ok(DataValue::Bool(!b));
    }
    let (x, w) = a.int_bits().ok_or_else(|| bad(op.name()))?;
    let r = match op {
        Opcode::Ineg => 0u64.wrapping_sub(x),
        Opcode::Bnot => !x,
        Opcode::SnegTrap if sx(x, w) == sx(1 << (w - 1), w) => {
            return Err(TrapKind::IntegerOverflow);
        }
        Opcode::SnegTrap => 0u64.wrapping_sub(x),
        Opcode::UnegTrap if x & mask(w) != 0 => return Err(TrapKind::IntegerOverflow),
        Opcode::UnegTrap => 0,
        _ => return Err(bad(op.name())),
    };
    Ok(DataValue::from_int(w, r))
}

fn binary(op: Opcode, a: &DataValue, b: &DataValue) -> R {
    use Opcode::*;
    match op {
        RefEq => match (a, b) {
            (DataValue::Ref(x), DataValue::Ref(y)) => Ok(DataValue::Bool(x == y)),
            _ => Err(bad("ref_eq")),
        },
        PtrAdd => match (a, b) {
            (DataValue::Ptr(p), DataValue::I64(n)) => Ok(DataValue::Ptr(p.wrapping_add(*n as u64))),
            _ => Err(bad("ptr_add")),
        },
        Fadd | Fsub | Fmul | Fdiv | Frem | Fmin | Fmax | Fcopysign => {
            lanewise2(a, b, &|x, y| float_binary(op, x, y))
        }
        _ => lanewise2(a, b, &|x, y| int_binary(op, x, y)),
    }
}

fn int_binary(op: Opcode, a: &DataValue, b: &DataValue) -> R {
    use Opcode::*;
    if let (DataValue::Bool(x), DataValue::Bool(y)) = (a, b) {
        return match op {
            Band => Ok(DataValue::Bool(x & y)),
            Bor => Ok(DataValue::Bool(x | y)),
            Bxor => Ok(DataValue::Bool(x ^ y)),
            _ => Err(bad(op.name())),
        };
    }
    let ((x, w), (y, _)) = a
        .int_bits()
        .zip(b.int_bits())
        .ok_or_else(|| bad(op.name()))?;
    let (sa, sb) = (i128::from(sx(x, w)), i128::from(sx(y, w)));
    let (min, max) = (-(1i128 << (w - 1)), (1i128 << (w - 1)) - 1);
    let signed = |r: i128| {
        if r < min || r > max {
            Err(TrapKind::IntegerOverflow)
        } else {
            Ok(r as u64)
        }
    };
    let unsigned = |r: u128| {
        if r > u128::from(mask(w)) {
            Err(TrapKind::IntegerOverflow)
        } else {
            Ok(r as u64)
        }
    };
    let count = y & u64::from(w - 1);
    let r = match op {
        Iadd => x.wrapping_add(y),
        Isub => x.wrapping_sub(y),
        Imul => x.wrapping_mul(y),
        Band => x & y,
        Bor => x | y,
        Bxor => x ^ y,
        Ishl => x << count,
        Sshr => (sx(x, w) >> count) as u64,
        Ushr => (x & mask(w)) >> count,
        SaddTrap => signed(sa + sb)?,
        SsubTrap => signed(sa - sb)?,
        SmulTrap => signed(sa * sb)?,
        UaddTrap => unsigned(u128::from(x) + u128::from(y))?,
        UsubTrap if y > x => return Err(TrapKind::IntegerOverflow),
        UsubTrap => x - y,
        UmulTrap => unsigned(u128::from(x) * u128::from(y))?,
        Sdiv | SdivTrap | Udiv | Srem | Urem if y & mask(w) == 0 => {
            return Err(TrapKind::DivisionByZero);
        }
        SdivTrap if sa == min && sb == -1 => return Err(TrapKind::IntegerOverflow),
        Sdiv if sa == min && sb == -1 => min as u64,
        Sdiv | SdivTrap => (sa / sb) as u64,
        Srem if sb == -1 => 0,
        Srem => (sa % sb) as u64,
        Udiv => x / y,
        Urem => x % y,
        _ => return Err(bad(op.name())),
    };
    Ok(DataValue::from_int(w, r))
}

macro_rules! float_ops {
    ($x:expr, $y:expr, $op:expr, $t:ty) => {{
        let (x, y): ($t, $t) = ($x, $y);
        match $op {
            Opcode::Fadd => x + y,
            Opcode::Fsub => x - y,
            Opcode::Fmul => x * y,
            Opcode::Fdiv => x / y,
            Opcode::Frem => x % y,
            Opcode::Fcopysign => x.copysign(y),
            Opcode::Fmin if x.is_nan() || y.is_nan() => <$t>::NAN,
            Opcode::Fmax if x.is_nan() || y.is_nan() => <$t>::NAN,
            Opcode::Fmin if x == y => {
                if x.is_sign_negative() {
                    x
                } else {
                    y
                }
            }
            Opcode::Fmax if x == y => {
                if x.is_sign_positive() {
                    x
                } else {
                    y
                }
            }
            Opcode::Fmin => {
                if x < y {
                    x
                } else {
                    y
                }
            }
            Opcode::Fmax => {
                if x > y {
                    x
                } else {
                    y
                }
            }
            Opcode::Fneg => -x,
            Opcode::Sqrt => x.sqrt(),
            Opcode::Fabs => x.abs(),
            Opcode::Floor => x.floor(),
            Opcode::Ceil => x.ceil(),
            Opcode::Trunc => x.trunc(),
            _ => x.round_ties_even(),
        }
    }};
}

fn float_binary(op: Opcode, a: &DataValue, b: &DataValue) -> R {
    match (a, b) {
        (DataValue::F32(x), DataValue::F32(y)) => Ok(DataValue::F32(float_ops!(*x, *y, op, f32))),
        (DataValue::F64(x), DataValue::F64(y)) => Ok(DataValue::F64(float_ops!(*x, *y, op, f64))),
        _ => Err(bad(op.name())),
    }
}

fn float_unary(op: Opcode, a: &DataValue) -> R {
    match a {
        DataValue::F32(x) => Ok(DataValue::F32(float_ops!(*x, 0.0, op, f32))),
        DataValue::F64(x) => Ok(DataValue::F64(float_ops!(*x, 0.0, op, f64))),
        _ => Err(bad(op.name())),
    }
}

fn ternary(op: Opcode, a: &DataValue, b: &DataValue, c: &DataValue) -> R {
    match (op, a) {
        (Opcode::Select, DataValue::Bool(cond)) => Ok(if *cond { b.clone() } else { c.clone() }),
        (Opcode::Vselect, DataValue::Vector(m)) => {
            let (x, y) = (lanes(b)?, lanes(c)?);
            let pick = |(i, lane): (usize, &DataValue)| {
                let on = lane.int_bits().is_some_and(|(bits, _)| bits != 0);
                (if on { &x[i] } else { &y[i] }).clone()
            };
            Ok(DataValue::Vector(m.iter().enumerate().map(pick).collect()))
        }
        (Opcode::Fma, DataValue::Vector(x)) => {
            let (y, z) = (lanes(b)?, lanes(c)?);
            (0..x.len())
                .map(|i| fma(&x[i], &y[i], &z[i]))
                .collect::<Result<Vec<_>, _>>()
                .map(|v| DataValue::Vector(v.into()))
        }
        (Opcode::Fma, _) => fma(a, b, c),
        _ => Err(bad(op.name())),
    }
}

fn fma(a: &DataValue, b: &DataValue, c: &DataValue) -> R {
    match (a, b, c) {
        (DataValue::F32(x), DataValue::F32(y), DataValue::F32(z)) => {
            Ok(DataValue::F32(x.mul_add(*y, *z)))
        }
        (DataValue::F64(x), DataValue::F64(y), DataValue::F64(z)) => {
            Ok(DataValue::F64(x.mul_add(*y, *z)))
        }
        _ => Err(bad("fma")),
    }
}

/// A comparison of scalars giving `bool`, or of vectors giving a mask.
fn compare(
    a: &DataValue,
    b: &DataValue,
    f: &dyn Fn(&DataValue, &DataValue) -> Result<bool, TrapKind>,
) -> R {
    match (a, b) {
        (DataValue::Vector(x), DataValue::Vector(y)) => {
            let lane = |(p, q): (&DataValue, &DataValue)| {
                let w = match p {
                    DataValue::F32(_) => 32,
                    DataValue::F64(_) => 64,
                    other => other.int_bits().map_or(64, |(_, w)| w),
                };
                f(p, q).map(|t| DataValue::from_int(w, if t { u64::MAX } else { 0 }))
            };
            x.iter()
                .zip(y.iter())
                .map(lane)
                .collect::<Result<Vec<_>, _>>()
                .map(|v| DataValue::Vector(v.into()))
        }
        _ => f(a, b).map(DataValue::Bool),
    }
}

fn icmp(cond: IntCC, a: &DataValue, b: &DataValue) -> Result<bool, TrapKind> {
    let ((x, w), (y, _)) = a.int_bits().zip(b.int_bits()).ok_or_else(|| bad("icmp"))?;
    let (x, y) = (x & mask(w), y & mask(w));
    let (sa, sb) = (sx(x, w), sx(y, w));
    Ok(match cond {
        IntCC::Eq => x == y,
        IntCC::Ne => x != y,
        IntCC::Slt => sa < sb,
        IntCC::Sle => sa <= sb,
        IntCC::Sgt => sa > sb,
        IntCC::Sge => sa >= sb,
        IntCC::Ult => x < y,
        IntCC::Ule => x <= y,
        IntCC::Ugt => x > y,
        IntCC::Uge => x >= y,
    })
}

fn fcmp(cond: FloatCC, a: &DataValue, b: &DataValue) -> Result<bool, TrapKind> {
    let (x, y) = match (a, b) {
        (DataValue::F32(x), DataValue::F32(y)) => (f64::from(*x), f64::from(*y)),
        (DataValue::F64(x), DataValue::F64(y)) => (*x, *y),
        _ => return Err(bad("fcmp")),
    };
    Ok(match cond {
        FloatCC::Eq => x == y,
        FloatCC::Ne => x != y,
        FloatCC::Lt => x < y,
        FloatCC::Le => x <= y,
        FloatCC::Gt => x > y,
        FloatCC::Ge => x >= y,
        FloatCC::Ord => !x.is_nan() && !y.is_nan(),
        FloatCC::Uno => x.is_nan() || y.is_nan(),
    })
}

fn splat(ty: Type, a: &DataValue) -> R {
    match ty {
        Type::Vector(v) => Ok(DataValue::Vector(
            (0..v.lanes()).map(|_| a.clone()).collect(),
        )),
        _ => Err(bad("splat")),
    }
}

fn convert(op: Opcode, ty: Type, a: &DataValue) -> R {
    use Opcode::*;
    let tw = ty.bits().unwrap_or(64);
    let float = |a: &DataValue| match *a {
        DataValue::F32(x) => Some(f64::from(x)),
        DataValue::F64(x) => Some(x),
        _ => None,
    };
    match op {
        Sextend | Uextend | Ireduce | FcvtFromSint | FcvtFromUint => {
            let (x, w) = a.int_bits().ok_or_else(|| bad(op.name()))?;
            Ok(match (op, ty) {
                (Sextend, _) => DataValue::from_int(tw, sx(x, w) as u64),
                (Uextend | Ireduce, _) => DataValue::from_int(tw, x & mask(w)),
                (FcvtFromSint, Type::F32) => DataValue::F32(sx(x, w) as f32),
                (FcvtFromSint, _) => DataValue::F64(sx(x, w) as f64),
                (_, Type::F32) => DataValue::F32((x & mask(w)) as f32),
                _ => DataValue::F64((x & mask(w)) as f64),
            })
        }
        FcvtToSintSat | FcvtToUintSat => {
            // `as` from a float truncates toward zero, saturates, and maps NaN to 0.
            // Through f64 is exact for f32 inputs.
            let f = float(a).ok_or_else(|| bad(op.name()))?;
            let bits = match (op, tw) {
                (FcvtToSintSat, 8) => f as i8 as u64,
                (FcvtToSintSat, 16) => f as i16 as u64,
                (FcvtToSintSat, 32) => f as i32 as u64,
                (FcvtToSintSat, _) => f as i64 as u64,
                (_, 8) => u64::from(f as u8),
                (_, 16) => u64::from(f as u16),
                (_, 32) => u64::from(f as u32),
                _ => f as u64,
            };
            Ok(DataValue::from_int(tw, bits))
        }
        Fpromote => match a {
            DataValue::F32(x) => Ok(DataValue::F64(f64::from(*x))),
            _ => Err(bad(op.name())),
        },
        Fdemote => match a {
            DataValue::F64(x) => Ok(DataValue::F32(*x as f32)),
            _ => Err(bad(op.name())),
        },
        Bint => match a {
            DataValue::Bool(b) => Ok(DataValue::from_int(tw, u64::from(*b))),
            _ => Err(bad(op.name())),
        },
        Bitcast => value_from_bytes(ty, &bytes_of(a)).ok_or_else(|| bad("bitcast")),
        Splat => Ok(a.clone()),
        _ => Err(bad(op.name())),
    }
}

fn reduce(op: Opcode, a: &DataValue) -> R {
    let l = lanes(a)?;
    let (first, rest) = l.split_first().ok_or_else(|| bad(op.name()))?;
    let mut acc = first.clone();
    for x in rest {
        acc = match op {
            Opcode::ReduceAdd if matches!(x, DataValue::F32(_) | DataValue::F64(_)) => {
                float_binary(Opcode::Fadd, &acc, x)?
            }
            Opcode::ReduceAdd => int_binary(Opcode::Iadd, &acc, x)?,
            Opcode::ReduceFmin => float_binary(Opcode::Fmin, &acc, x)?,
            Opcode::ReduceFmax => float_binary(Opcode::Fmax, &acc, x)?,
            _ => {
                let cond = match op {
                    Opcode::ReduceSmin => IntCC::Slt,
                    Opcode::ReduceUmin => IntCC::Ult,
                    Opcode::ReduceSmax => IntCC::Sgt,
                    _ => IntCC::Ugt,
                };
                if icmp(cond, x, &acc)? { x.clone() } else { acc }
            }
        };
    }
    Ok(acc)
}

/// Makes a vector value from lanes (for hosts and tests).
pub fn vector(lanes: Vec<DataValue>) -> DataValue {
    DataValue::Vector(Arc::from(lanes))
}
