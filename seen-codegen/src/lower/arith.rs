//! Integer and float arithmetic, comparisons, constants and `select`
//! (docs/ir.md sections 4 and 5).
//!
//! Lane-wise operations apply to every leaf, so a scalar (one leaf) and a
//! vector of any number of 128-bit parts share one code path; the few
//! vector operations the backend lacks are done lane by lane (`simd.rs`).
//! Trapping arithmetic on `i8`..`i32` is computed exactly in 64 bits and
//! range-checked; on `i64` it uses Cranelift's overflow flags. Division
//! checks its divisor before dividing, so Cranelift's own traps never fire.

use super::func::{FnCx, Vals};
use crate::error::CodegenError;
use cranelift_codegen::ir::{
    InstBuilder, Value as ClValue,
    condcodes::{FloatCC as ClFloatCC, IntCC as ClIntCC},
    immediates::{Ieee32, Ieee64},
    types as cl,
};
use cranelift_module::Module as ClModule;
use seen_ir::{FloatCC, IntCC, LocId, Opcode, Type, Value};

/// The Cranelift condition of an integer comparison.
pub(crate) fn int_cc(cc: IntCC) -> ClIntCC {
    match cc {
        IntCC::Eq => ClIntCC::Equal,
        IntCC::Ne => ClIntCC::NotEqual,
        IntCC::Slt => ClIntCC::SignedLessThan,
        IntCC::Sle => ClIntCC::SignedLessThanOrEqual,
        IntCC::Sgt => ClIntCC::SignedGreaterThan,
        IntCC::Sge => ClIntCC::SignedGreaterThanOrEqual,
        IntCC::Ult => ClIntCC::UnsignedLessThan,
        IntCC::Ule => ClIntCC::UnsignedLessThanOrEqual,
        IntCC::Ugt => ClIntCC::UnsignedGreaterThan,
        IntCC::Uge => ClIntCC::UnsignedGreaterThanOrEqual,
    }
}

/// The Cranelift condition of a float comparison.
pub(crate) fn float_cc(cc: FloatCC) -> ClFloatCC {
    match cc {
        FloatCC::Eq => ClFloatCC::Equal,
        FloatCC::Ne => ClFloatCC::NotEqual,
        FloatCC::Lt => ClFloatCC::LessThan,
        FloatCC::Le => ClFloatCC::LessThanOrEqual,
        FloatCC::Gt => ClFloatCC::GreaterThan,
        FloatCC::Ge => ClFloatCC::GreaterThanOrEqual,
        FloatCC::Ord => ClFloatCC::Ordered,
        FloatCC::Uno => ClFloatCC::Unordered,
    }
}

/// The bit mask of an integer width.
fn mask(bits: u32) -> i64 {
    if bits >= 64 {
        -1
    } else {
        ((1u64 << bits) - 1) as i64
    }
}

impl<M: ClModule> FnCx<'_, '_, M> {
    /// `iconst.T n` (Cranelift wants narrow immediates zero-extended).
    pub fn iconst(&mut self, ty: Type, imm: i64) -> Result<ClValue, CodegenError> {
        let Some(cl_ty) = crate::leaves::scalar_type(ty).filter(|_| ty.is_int()) else {
            return Err(self.unsupported("iconst of a non-integer type"));
        };
        let bits = cl_ty.bits();
        Ok(self.b.ins().iconst(cl_ty, imm & mask(bits)))
    }

    /// `fconst.T bits`.
    pub fn fconst(&mut self, ty: Type, bits: u64) -> ClValue {
        if ty == Type::F32 {
            self.b.ins().f32const(Ieee32::with_bits(bits as u32))
        } else {
            self.b.ins().f64const(Ieee64::with_bits(bits))
        }
    }

    /// One-operand instructions.
    pub fn unary(&mut self, op: Opcode, arg: Value, ty: Type) -> Result<Vals, CodegenError> {
        use Opcode::*;
        let arg_ty = self.value_type(arg)?;
        match op {
            Ineg | Bnot | Fneg | Sqrt | Fabs | Floor | Ceil | Trunc | Nearest => {
                let xs = self.arg(arg)?;
                xs.into_iter()
                    .map(|x| self.unary_leaf(op, x, arg_ty))
                    .collect()
            }
            Ibool => {
                let x = self.one(arg)?;
                Ok(vec![self.b.ins().icmp_imm(ClIntCC::NotEqual, x, 0)])
            }
            EnumTag => {
                let xs = self.arg(arg)?;
                match xs.first() {
                    Some(&tag) => Ok(vec![tag]),
                    None => Err(self.unsupported("an enum value without a tag")),
                }
            }
            Retain | Release | IsNull | WeakNew | WeakLoad | WeakRetain | WeakRelease
            | ArrayLen | TypeOf => self.counted(op, arg),
            ReduceAdd | ReduceSmin | ReduceUmin | ReduceSmax | ReduceUmax | ReduceFmin
            | ReduceFmax => self.reduce(op, arg, ty),
            _ => Err(self.unsupported("not a one-operand instruction")),
        }
    }

    fn unary_leaf(&mut self, op: Opcode, x: ClValue, ty: Type) -> Result<ClValue, CodegenError> {
        use Opcode::*;
        let ins = self.b.ins();
        Ok(match op {
            Ineg => ins.ineg(x),
            Bnot if ty == Type::Bool => ins.bxor_imm(x, 1),
            Bnot => ins.bnot(x),
            Fneg => ins.fneg(x),
            Sqrt => ins.sqrt(x),
            Fabs => ins.fabs(x),
            Floor => ins.floor(x),
            Ceil => ins.ceil(x),
            Trunc => ins.trunc(x),
            Nearest => ins.nearest(x),
            _ => return Err(self.unsupported("not a lane-wise one-operand instruction")),
        })
    }

    /// Two-operand instructions without traps.
    pub fn binary(&mut self, op: Opcode, args: [Value; 2]) -> Result<Vals, CodegenError> {
        use Opcode::*;
        let ty = self.value_type(args[0])?;
        match op {
            Ishl | Sshr | Ushr => {
                let amount = self.one(args[1])?;
                let xs = self.arg(args[0])?;
                xs.into_iter()
                    .map(|x| self.shift(op, x, amount, ty))
                    .collect()
            }
            RefEq => {
                let (a, b) = (self.one(args[0])?, self.one(args[1])?);
                Ok(vec![self.b.ins().icmp(ClIntCC::Equal, a, b)])
            }
            PtrAdd => {
                let (a, b) = (self.one(args[0])?, self.one(args[1])?);
                Ok(vec![self.b.ins().iadd(a, b)])
            }
            _ => {
                let (xs, ys) = (self.arg(args[0])?, self.arg(args[1])?);
                xs.into_iter()
                    .zip(ys)
                    .map(|(x, y)| self.binary_leaf(op, x, y, ty))
                    .collect()
            }
        }
    }

    fn binary_leaf(
        &mut self,
        op: Opcode,
        x: ClValue,
        y: ClValue,
        ty: Type,
    ) -> Result<ClValue, CodegenError> {
        use Opcode::*;
        if let Type::Vector(v) = ty {
            if super::simd::needs_lanes(op, v) {
                return self.lanewise2(x, y, v, |f, a, b| {
                    f.binary_leaf(op, a, b, v.lane().to_type())
                });
            }
        }
        let ins = self.b.ins();
        Ok(match op {
            Iadd => ins.iadd(x, y),
            Isub => ins.isub(x, y),
            Imul => ins.imul(x, y),
            Band => ins.band(x, y),
            Bor => ins.bor(x, y),
            Bxor => ins.bxor(x, y),
            Fadd => ins.fadd(x, y),
            Fsub => ins.fsub(x, y),
            Fmul => ins.fmul(x, y),
            Fdiv => ins.fdiv(x, y),
            Fmin => ins.fmin(x, y),
            Fmax => ins.fmax(x, y),
            Fcopysign => ins.fcopysign(x, y),
            Frem => {
                let helper = if ty == Type::F32 {
                    "seen_math_fmod_f32"
                } else {
                    "seen_math_fmod"
                };
                let r = self.call_helper(helper, &[x, y])?;
                return r
                    .first()
                    .copied()
                    .ok_or_else(|| self.unsupported("fmod gave no result"));
            }
            _ => return Err(self.unsupported("not a lane-wise two-operand instruction")),
        })
    }

    fn shift(
        &mut self,
        op: Opcode,
        x: ClValue,
        amount: ClValue,
        ty: Type,
    ) -> Result<ClValue, CodegenError> {
        if let Type::Vector(v) = ty {
            if super::simd::needs_lanes(op, v) {
                let lane_ty = v.lane().to_type();
                return self.lanewise1(x, v, |f, a| f.shift(op, a, amount, lane_ty));
            }
        }
        let ins = self.b.ins();
        Ok(match op {
            Opcode::Ishl => ins.ishl(x, amount),
            Opcode::Sshr => ins.sshr(x, amount),
            _ => ins.ushr(x, amount),
        })
    }

    /// `select`, `vselect`, `fma`.
    pub fn ternary(&mut self, op: Opcode, args: [Value; 3]) -> Result<Vals, CodegenError> {
        match op {
            Opcode::Select => {
                let c = self.one(args[0])?;
                let (xs, ys) = (self.arg(args[1])?, self.arg(args[2])?);
                Ok(xs
                    .into_iter()
                    .zip(ys)
                    .map(|(x, y)| self.b.ins().select(c, x, y))
                    .collect())
            }
            Opcode::Vselect => self.vselect(args),
            Opcode::Fma => {
                let (xs, ys, zs) = (self.arg(args[0])?, self.arg(args[1])?, self.arg(args[2])?);
                Ok(xs
                    .into_iter()
                    .zip(ys)
                    .zip(zs)
                    .map(|((x, y), z)| self.b.ins().fma(x, y, z))
                    .collect())
            }
            _ => Err(self.unsupported("not a three-operand instruction")),
        }
    }

    /// `icmp cc a, b`: `bool` on scalars, a mask on vectors.
    pub fn icmp(&mut self, cc: IntCC, args: [Value; 2]) -> Result<Vals, CodegenError> {
        let ty = self.value_type(args[0])?;
        let (xs, ys) = (self.arg(args[0])?, self.arg(args[1])?);
        let cond = int_cc(cc);
        xs.into_iter()
            .zip(ys)
            .map(|(x, y)| match ty {
                Type::Vector(v) if super::simd::icmp_needs_lanes(cc, v) => {
                    self.lanewise2(x, y, v, |f, a, b| {
                        let r = f.b.ins().icmp(cond, a, b);
                        let lane_ty = crate::leaves::lane_type(v.lane());
                        Ok(f.bool_to_mask(r, lane_ty))
                    })
                }
                _ => Ok(self.b.ins().icmp(cond, x, y)),
            })
            .collect()
    }

    /// `fcmp cc a, b`.
    pub fn fcmp(&mut self, cc: FloatCC, args: [Value; 2]) -> Result<Vals, CodegenError> {
        let ty = self.value_type(args[0])?;
        let (xs, ys) = (self.arg(args[0])?, self.arg(args[1])?);
        let cond = float_cc(cc);
        let mut out = Vec::with_capacity(xs.len());
        for (x, y) in xs.into_iter().zip(ys) {
            let r = self.b.ins().fcmp(cond, x, y);
            out.push(match ty {
                // a float vector comparison gives a float-typed mask; the IR's
                // mask has integer lanes of the same width
                Type::Vector(v) => {
                    let shape = crate::leaves::VShape::of(v.mask());
                    self.vbitcast(r, shape.part_ty)
                }
                _ => r,
            });
        }
        Ok(out)
    }

    /// An `i8` 0/1 as an all-ones or zero integer of type `ty`.
    pub fn bool_to_mask(&mut self, b: ClValue, ty: cl::Type) -> ClValue {
        let wide = if ty == cl::I8 {
            b
        } else {
            self.b.ins().uextend(ty, b)
        };
        self.b.ins().ineg(wide)
    }

    /// Trapping one-operand arithmetic: `sneg_trap`, `uneg_trap`.
    pub fn unary_trap(
        &mut self,
        op: Opcode,
        arg: Value,
        loc: Option<LocId>,
    ) -> Result<Vals, CodegenError> {
        let ty = self.value_type(arg)?;
        let x = self.one(arg)?;
        let bits = ty.bits().unwrap_or(64);
        let bad = match op {
            Opcode::SnegTrap => {
                let min = (1u64 << (bits - 1)) as i64;
                self.b.ins().icmp_imm(ClIntCC::Equal, x, min & mask(bits))
            }
            Opcode::UnegTrap => self.b.ins().icmp_imm(ClIntCC::NotEqual, x, 0),
            _ => return Err(self.unsupported("not a trapping negation")),
        };
        self.panic_if(bad, "seen_panic_overflow", loc)?;
        Ok(vec![self.b.ins().ineg(x)])
    }

    /// Trapping two-operand arithmetic and division.
    pub fn binary_trap(
        &mut self,
        op: Opcode,
        args: [Value; 2],
        loc: Option<LocId>,
    ) -> Result<Vals, CodegenError> {
        use Opcode::*;
        let ty = self.value_type(args[0])?;
        let (x, y) = (self.one(args[0])?, self.one(args[1])?);
        let r = match op {
            SaddTrap | UaddTrap | SsubTrap | UsubTrap | SmulTrap | UmulTrap => {
                self.overflowing(op, x, y, ty, loc)?
            }
            Sdiv | Srem | Udiv | Urem => match self.ir_const(args[1]) {
                Some(d) => match self.divide_by_const(op, x, d, ty) {
                    Some(r) => r,
                    None => self.divide(op, x, y, ty, loc)?,
                },
                _ => self.divide(op, x, y, ty, loc)?,
            },
            SdivTrap => self.divide(op, x, y, ty, loc)?,
            _ => return Err(self.unsupported("not a trapping two-operand instruction")),
        };
        Ok(vec![r])
    }

    fn overflowing(
        &mut self,
        op: Opcode,
        x: ClValue,
        y: ClValue,
        ty: Type,
        loc: Option<LocId>,
    ) -> Result<ClValue, CodegenError> {
        use Opcode::*;
        let signed = matches!(op, SaddTrap | SsubTrap | SmulTrap);
        let Some(cl_ty) = crate::leaves::scalar_type(ty) else {
            return Err(self.unsupported("trapping arithmetic on a non-integer"));
        };
        if cl_ty == cl::I64 {
            let ins = self.b.ins();
            let (r, of) = match op {
                SaddTrap => ins.sadd_overflow(x, y),
                UaddTrap => ins.uadd_overflow(x, y),
                SsubTrap => ins.ssub_overflow(x, y),
                UsubTrap => ins.usub_overflow(x, y),
                SmulTrap => ins.smul_overflow(x, y),
                _ => ins.umul_overflow(x, y),
            };
            self.panic_if(of, "seen_panic_overflow", loc)?;
            return Ok(r);
        }
        // narrow: the exact result fits in 64 bits
        let (wx, wy) = if signed {
            (
                self.b.ins().sextend(cl::I64, x),
                self.b.ins().sextend(cl::I64, y),
            )
        } else {
            (
                self.b.ins().uextend(cl::I64, x),
                self.b.ins().uextend(cl::I64, y),
            )
        };
        let ins = self.b.ins();
        let wide = match op {
            SaddTrap | UaddTrap => ins.iadd(wx, wy),
            SsubTrap | UsubTrap => ins.isub(wx, wy),
            _ => ins.imul(wx, wy),
        };
        let r = self.b.ins().ireduce(cl_ty, wide);
        let back = if signed {
            self.b.ins().sextend(cl::I64, r)
        } else {
            self.b.ins().uextend(cl::I64, r)
        };
        let bad = self.b.ins().icmp(ClIntCC::NotEqual, back, wide);
        self.panic_if(bad, "seen_panic_overflow", loc)?;
        Ok(r)
    }

    fn divide(
        &mut self,
        op: Opcode,
        x: ClValue,
        y: ClValue,
        ty: Type,
        loc: Option<LocId>,
    ) -> Result<ClValue, CodegenError> {
        use Opcode::*;
        let bits = ty.bits().unwrap_or(64);
        let zero = self.b.ins().icmp_imm(ClIntCC::Equal, y, 0);
        self.panic_if(zero, "seen_panic_div_zero", loc)?;
        let minus_one = self.b.ins().icmp_imm(ClIntCC::Equal, y, mask(bits));
        Ok(match op {
            Udiv => self.b.ins().udiv(x, y),
            Urem => self.b.ins().urem(x, y),
            Srem => {
                // x % -1 == x % 1 == 0, without the machine's overflow
                let yt = y_type(self, y);
                let one = self.b.ins().iconst(yt, 1);
                let safe = self.b.ins().select(minus_one, one, y);
                self.b.ins().srem(x, safe)
            }
            SdivTrap => {
                let min = ((1u64 << (bits - 1)) as i64) & mask(bits);
                let is_min = self.b.ins().icmp_imm(ClIntCC::Equal, x, min);
                let bad = self.b.ins().band(is_min, minus_one);
                self.panic_if(bad, "seen_panic_overflow", loc)?;
                self.b.ins().sdiv(x, y)
            }
            _ => {
                // MIN / -1 wraps to MIN: divide by 1 and negate instead
                let yt = y_type(self, y);
                let one = self.b.ins().iconst(yt, 1);
                let safe = self.b.ins().select(minus_one, one, y);
                let q = self.b.ins().sdiv(x, safe);
                let neg = self.b.ins().ineg(x);
                self.b.ins().select(minus_one, neg, q)
            }
        })
    }
}

/// The Cranelift type of a value in the function being built.
fn y_type<M: ClModule>(f: &FnCx<'_, '_, M>, v: ClValue) -> cl::Type {
    f.b.func.dfg.value_type(v)
}
