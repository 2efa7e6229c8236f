//! Division and remainder by a constant without a divide instruction.
//!
//! `sdiv`/`srem`/`udiv`/`urem` whose divisor is an `iconst` (other than 0,
//! which must still trap) are lowered to shifts (powers of two) or to a
//! multiplication by a "magic" number and shifts (Granlund and Montgomery;
//! Hacker's Delight, chapter 10), with the IR's semantics: truncation
//! toward zero, the remainder has the sign of the dividend, `MIN / -1`
//! wraps to `MIN` and `MIN % -1` is 0. Narrow integers are widened to 64
//! bits first (the exact quotient then fits, and narrowing it again gives
//! the wrapped result). The plans are computed here and checked against
//! plain division in the unit tests; `FnCx::divide_by_const` emits them.

use super::func::FnCx;
use cranelift_codegen::ir::{InstBuilder, Value as ClValue, types as cl};
use cranelift_module::Module as ClModule;
use seen_ir::{InstData, Opcode, Type, Value, ValueDef};

/// How to divide a 64-bit integer by a constant.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    /// The divisor is 1: the quotient is the dividend.
    One,
    /// The divisor is -1 (signed): the quotient is the negated dividend.
    MinusOne,
    /// Signed division by `±2^k` (`k >= 1`; `negative` when the divisor is negative).
    SignedPow2 { k: u32, negative: bool },
    /// Signed division by a magic multiplier: `q = mulhi(x, m)`, plus or
    /// minus `x` (`add`: +1, -1 or 0), shifted right by `s`, plus its sign bit.
    SignedMagic { m: i64, add: i8, s: u32 },
    /// Unsigned division by `2^k`.
    UnsignedPow2 { k: u32 },
    /// Unsigned division by a magic multiplier: `q = umulhi(x, m)`, then
    /// either `q >> s` or, with `add`, `(((x - q) >> 1) + q) >> (s - 1)`.
    UnsignedMagic { m: u64, add: bool, s: u32 },
}

/// The plan for a signed division by `d` (not 0), or `None` for divisors
/// better left to the divide instruction (`MIN`).
pub(crate) fn signed(d: i64) -> Option<Plan> {
    match d {
        0 | i64::MIN => None,
        1 => Some(Plan::One),
        -1 => Some(Plan::MinusOne),
        _ if d.unsigned_abs().is_power_of_two() => Some(Plan::SignedPow2 {
            k: d.unsigned_abs().trailing_zeros(),
            negative: d < 0,
        }),
        _ => {
            let (m, s) = signed_magic(d);
            let add = if d > 0 && m < 0 {
                1
            } else if d < 0 && m > 0 {
                -1
            } else {
                0
            };
            Some(Plan::SignedMagic { m, add, s })
        }
    }
}

/// The plan for an unsigned division by `d` (not 0).
pub(crate) fn unsigned(d: u64) -> Option<Plan> {
    match d {
        0 => None,
        1 => Some(Plan::One),
        _ if d.is_power_of_two() => Some(Plan::UnsignedPow2 {
            k: d.trailing_zeros(),
        }),
        _ => {
            let (m, add, s) = unsigned_magic(d);
            Some(Plan::UnsignedMagic { m, add, s })
        }
    }
}

/// Hacker's Delight `magic` for 64-bit signed division (`|d| >= 2`, not a
/// power of two): the multiplier and the shift.
fn signed_magic(d: i64) -> (i64, u32) {
    const TWO63: u64 = 1 << 63;
    let ad = d.unsigned_abs();
    let t = TWO63 + ((d as u64) >> 63);
    let anc = t - 1 - t % ad;
    let mut p = 63u32;
    let (mut q1, mut r1) = (TWO63 / anc, TWO63 - (TWO63 / anc) * anc);
    let (mut q2, mut r2) = (TWO63 / ad, TWO63 - (TWO63 / ad) * ad);
    loop {
        p += 1;
        q1 = q1.wrapping_mul(2);
        r1 = r1.wrapping_mul(2);
        if r1 >= anc {
            q1 = q1.wrapping_add(1);
            r1 = r1.wrapping_sub(anc);
        }
        q2 = q2.wrapping_mul(2);
        r2 = r2.wrapping_mul(2);
        if r2 >= ad {
            q2 = q2.wrapping_add(1);
            r2 = r2.wrapping_sub(ad);
        }
        let delta = ad - r2;
        if !(q1 < delta || (q1 == delta && r1 == 0)) {
            break;
        }
    }
    let m = q2.wrapping_add(1) as i64;
    (if d < 0 { m.wrapping_neg() } else { m }, p - 64)
}

/// Hacker's Delight `magicu2` for 64-bit unsigned division (`d >= 2`, not
/// a power of two): the multiplier, whether the add-back form is needed,
/// and the shift.
fn unsigned_magic(d: u64) -> (u64, bool, u32) {
    const TWO63: u64 = 1 << 63;
    let mut add = false;
    let nc = u64::MAX - d.wrapping_neg() % d;
    let mut p = 63u32;
    let (mut q1, mut r1) = (TWO63 / nc, TWO63 - (TWO63 / nc) * nc);
    let (mut q2, mut r2) = ((TWO63 - 1) / d, (TWO63 - 1) - ((TWO63 - 1) / d) * d);
    loop {
        p += 1;
        if r1 >= nc - r1 {
            q1 = q1.wrapping_mul(2).wrapping_add(1);
            r1 = r1.wrapping_mul(2).wrapping_sub(nc);
        } else {
            q1 = q1.wrapping_mul(2);
            r1 = r1.wrapping_mul(2);
        }
        if r2 + 1 >= d - r2 {
            if q2 >= TWO63 - 1 {
                add = true;
            }
            q2 = q2.wrapping_mul(2).wrapping_add(1);
            r2 = r2.wrapping_mul(2).wrapping_add(1).wrapping_sub(d);
        } else {
            if q2 >= TWO63 {
                add = true;
            }
            q2 = q2.wrapping_mul(2);
            r2 = r2.wrapping_mul(2).wrapping_add(1);
        }
        let delta = d - 1 - r2;
        if !(p < 128 && (q1 < delta || (q1 == delta && r1 == 0))) {
            break;
        }
    }
    (q2.wrapping_add(1), add, p - 64)
}

impl<M: ClModule> FnCx<'_, '_, M> {
    /// The constant an IR value is, when an `iconst` defines it.
    pub(crate) fn ir_const(&self, v: Value) -> Option<i64> {
        let v = self.body.resolve_alias(v);
        match self.body.value_def(v) {
            ValueDef::Result(i) => match self.body.inst(i) {
                InstData::IntConst { imm, .. } => Some(*imm),
                _ => None,
            },
            _ => None,
        }
    }

    /// `sdiv`, `srem`, `udiv`, `urem` of `x` (of IR type `ty`) by the
    /// constant `d`, without a divide instruction; `None` when no plan fits
    /// (the caller then divides as usual).
    pub(crate) fn divide_by_const(
        &mut self,
        op: Opcode,
        x: ClValue,
        d: i64,
        ty: Type,
    ) -> Option<ClValue> {
        let bits = ty.bits()?;
        let signed = matches!(op, Opcode::Sdiv | Opcode::Srem);
        if !signed && !matches!(op, Opcode::Udiv | Opcode::Urem) {
            return None;
        }
        let plan = if signed {
            signed_plan(d)?
        } else {
            unsigned_plan(d as u64 & mask(bits))?
        };
        let narrow = self.b.func.dfg.value_type(x);
        let wide = match (narrow == cl::I64, signed) {
            (true, _) => x,
            (false, true) => self.b.ins().sextend(cl::I64, x),
            (false, false) => self.b.ins().uextend(cl::I64, x),
        };
        let q = self.emit_quotient(plan, wide);
        let r = if matches!(op, Opcode::Srem | Opcode::Urem) {
            let divisor = if signed {
                d
            } else {
                (d as u64 & mask(bits)) as i64
            };
            let qd = self.b.ins().imul_imm(q, divisor);
            self.b.ins().isub(wide, qd)
        } else {
            q
        };
        Some(if narrow == cl::I64 {
            r
        } else {
            self.b.ins().ireduce(narrow, r)
        })
    }

    /// The quotient of the 64-bit `x` by the plan's divisor.
    fn emit_quotient(&mut self, plan: Plan, x: ClValue) -> ClValue {
        match plan {
            Plan::One => x,
            Plan::MinusOne => self.b.ins().ineg(x),
            Plan::SignedPow2 { k, negative } => {
                let sign = self.b.ins().sshr_imm(x, 63);
                let bias = self.b.ins().ushr_imm(sign, i64::from(64 - k));
                let t = self.b.ins().iadd(x, bias);
                let q = self.b.ins().sshr_imm(t, i64::from(k));
                if negative { self.b.ins().ineg(q) } else { q }
            }
            Plan::SignedMagic { m, add, s } => {
                let mc = self.b.ins().iconst(cl::I64, m);
                let mut q = self.b.ins().smulhi(x, mc);
                q = match add {
                    1 => self.b.ins().iadd(q, x),
                    -1 => self.b.ins().isub(q, x),
                    _ => q,
                };
                if s > 0 {
                    q = self.b.ins().sshr_imm(q, i64::from(s));
                }
                let sign = self.b.ins().ushr_imm(q, 63);
                self.b.ins().iadd(q, sign)
            }
            Plan::UnsignedPow2 { k } => self.b.ins().ushr_imm(x, i64::from(k)),
            Plan::UnsignedMagic { m, add, s } => {
                let mc = self.b.ins().iconst(cl::I64, m as i64);
                let q = self.b.ins().umulhi(x, mc);
                if add {
                    let t = self.b.ins().isub(x, q);
                    let t = self.b.ins().ushr_imm(t, 1);
                    let t = self.b.ins().iadd(t, q);
                    self.b.ins().ushr_imm(t, i64::from(s - 1))
                } else if s > 0 {
                    self.b.ins().ushr_imm(q, i64::from(s))
                } else {
                    q
                }
            }
        }
    }
}

/// All ones in the low `bits` bits.
fn mask(bits: u32) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// The signed plan for a divisor of any width (sign-extended, as `iconst`
/// keeps it).
fn signed_plan(d: i64) -> Option<Plan> {
    signed(d)
}

/// The unsigned plan for a divisor (zero-extended to 64 bits).
fn unsigned_plan(d: u64) -> Option<Plan> {
    unsigned(d)
}

/// The quotient the plan gives for `x`, computed the way the generated
/// code does (for the tests; the code generator emits the same steps).
#[cfg(test)]
fn quotient(plan: Plan, x: u64) -> u64 {
    let xs = x as i64;
    match plan {
        Plan::One => x,
        Plan::MinusOne => xs.wrapping_neg() as u64,
        Plan::SignedPow2 { k, negative } => {
            let bias = ((xs >> 63) as u64) >> (64 - k);
            let q = (xs.wrapping_add(bias as i64)) >> k;
            (if negative { q.wrapping_neg() } else { q }) as u64
        }
        Plan::SignedMagic { m, add, s } => {
            let mut q = ((i128::from(xs) * i128::from(m)) >> 64) as i64;
            q = match add {
                1 => q.wrapping_add(xs),
                -1 => q.wrapping_sub(xs),
                _ => q,
            };
            q >>= s;
            q.wrapping_add(((q as u64) >> 63) as i64) as u64
        }
        Plan::UnsignedPow2 { k } => x >> k,
        Plan::UnsignedMagic { m, add, s } => {
            let q = ((u128::from(x) * u128::from(m)) >> 64) as u64;
            if add {
                (((x - q) >> 1) + q) >> (s - 1)
            } else {
                q >> s
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<u64> {
        let mut v: Vec<u64> = (0..300u64).collect();
        v.extend((0..300u64).map(|i| i.wrapping_neg()));
        for k in 0..64 {
            let p = 1u64 << k;
            v.extend([p, p - 1, p + 1, p.wrapping_neg(), (p - 1).wrapping_neg()]);
        }
        v.extend([
            i64::MAX as u64,
            i64::MIN as u64,
            u64::MAX,
            1_000_000_007,
            139_968,
        ]);
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            v.push(seed);
            v.push(seed >> (seed % 64));
        }
        v
    }

    fn divisors() -> Vec<i64> {
        let mut d: Vec<i64> = (-300..300).filter(|&d| d != 0).collect();
        for k in 1..63 {
            let p = 1i64 << k;
            d.extend([p, -p, p - 1, p + 1, -(p - 1), -(p + 1)]);
        }
        d.extend([i64::MAX, i64::MIN + 1, 1_000_000_007, 139_968, 3877, 29573]);
        d
    }

    #[test]
    fn signed_plans_divide_exactly() {
        let xs = samples();
        for d in divisors() {
            let plan = signed(d).expect("a plan for every divisor but 0 and MIN");
            for &x in &xs {
                let want = (x as i64).wrapping_div(d);
                let got = quotient(plan, x) as i64;
                assert_eq!(got, want, "{} / {d} with {plan:?}", x as i64);
            }
        }
        assert_eq!(signed(0), None);
        assert_eq!(signed(i64::MIN), None);
    }

    #[test]
    fn unsigned_plans_divide_exactly() {
        let xs = samples();
        let mut ds: Vec<u64> = divisors().into_iter().map(|d| d as u64).collect();
        ds.extend([u64::MAX, u64::MAX - 1, 7, 641, 1 << 63]);
        for d in ds {
            let plan = unsigned(d).expect("a plan for every divisor but 0");
            for &x in &xs {
                assert_eq!(quotient(plan, x), x / d, "{x} / {d} with {plan:?}");
            }
        }
    }
}
