//! Conversions: integer widths, float/integer, float widths, `bitcast`,
//! `bint` and `splat` (docs/ir.md section 5, "Conversions").
//!
//! Saturating float-to-integer conversions to `i8`/`i16` convert to `i32`
//! (saturating) and clamp; integer-to-float conversions from `i8`/`i16`
//! extend to `i32` first. `bitcast` between a scalar and a vector of at
//! most 8 bytes goes through the vector's low lane.

use super::func::{FnCx, Vals};
use crate::error::CodegenError;
use crate::leaves::{VShape, scalar_type};
use cranelift_codegen::ir::{Endianness, InstBuilder, MemFlags, Value as ClValue, types as cl};
use cranelift_module::Module as ClModule;
use seen_ir::{Opcode, Type, Value};

/// Flags for a bitcast that involves vectors (lane order is little-endian).
pub(crate) fn vector_flags() -> MemFlags {
    MemFlags::new().with_endianness(Endianness::Little)
}

impl<M: ClModule> FnCx<'_, '_, M> {
    /// `op.T x`.
    pub fn convert(&mut self, op: Opcode, ty: Type, arg: Value) -> Result<Vals, CodegenError> {
        use Opcode::*;
        let from = self.value_type(arg)?;
        if op == Bitcast {
            return self.bitcast(from, ty, arg);
        }
        if op == Splat {
            return self.splat(ty, arg);
        }
        let x = self.one(arg)?;
        let Some(to) = scalar_type(ty) else {
            return Err(self.unsupported("a conversion to a non-scalar type"));
        };
        let r = match op {
            Sextend => self.b.ins().sextend(to, x),
            Uextend | Bint => {
                if to == cl::I8 {
                    x
                } else {
                    self.b.ins().uextend(to, x)
                }
            }
            Ireduce => self.b.ins().ireduce(to, x),
            FcvtToSintSat | FcvtToUintSat => self.float_to_int(op == FcvtToSintSat, to, x),
            FcvtFromSint | FcvtFromUint => {
                let signed = op == FcvtFromSint;
                let wide = self.widen_small(x, signed);
                if signed {
                    self.b.ins().fcvt_from_sint(to, wide)
                } else {
                    self.b.ins().fcvt_from_uint(to, wide)
                }
            }
            Fpromote => self.b.ins().fpromote(to, x),
            Fdemote => self.b.ins().fdemote(to, x),
            _ => return Err(self.unsupported("not a conversion")),
        };
        Ok(vec![r])
    }

    /// `i8`/`i16` extended to `i32`; wider values unchanged.
    fn widen_small(&mut self, x: ClValue, signed: bool) -> ClValue {
        let t = self.b.func.dfg.value_type(x);
        if t.bits() >= 32 {
            x
        } else if signed {
            self.b.ins().sextend(cl::I32, x)
        } else {
            self.b.ins().uextend(cl::I32, x)
        }
    }

    fn float_to_int(&mut self, signed: bool, to: cl::Type, x: ClValue) -> ClValue {
        if to.bits() >= 32 {
            return if signed {
                self.b.ins().fcvt_to_sint_sat(to, x)
            } else {
                self.b.ins().fcvt_to_uint_sat(to, x)
            };
        }
        let bits = to.bits();
        if signed {
            let wide = self.b.ins().fcvt_to_sint_sat(cl::I32, x);
            let hi = self.b.ins().iconst(cl::I32, (1i64 << (bits - 1)) - 1);
            let lo = self
                .b
                .ins()
                .iconst(cl::I32, (-(1i64 << (bits - 1))) & 0xffff_ffff);
            let c = self.b.ins().smin(wide, hi);
            let c = self.b.ins().smax(c, lo);
            self.b.ins().ireduce(to, c)
        } else {
            let wide = self.b.ins().fcvt_to_uint_sat(cl::I32, x);
            let hi = self.b.ins().iconst(cl::I32, (1i64 << bits) - 1);
            let c = self.b.ins().umin(wide, hi);
            self.b.ins().ireduce(to, c)
        }
    }

    fn bitcast(&mut self, from: Type, to: Type, arg: Value) -> Result<Vals, CodegenError> {
        let xs = self.arg(arg)?;
        match (from, to) {
            (Type::Vector(_), Type::Vector(v)) => {
                let part = VShape::of(v).part_ty;
                Ok(xs.into_iter().map(|x| self.vbitcast(x, part)).collect())
            }
            (Type::Vector(_), _) => {
                let x = self.single(&xs)?;
                let Some(t) = scalar_type(to) else {
                    return Err(self.unsupported("a bitcast to a non-scalar"));
                };
                let int_ty = crate::leaves::int_of_bytes(t.bytes());
                let int = self.vector_low_int(x, t.bytes());
                Ok(vec![self.scalar_bitcast(int, int_ty, t)])
            }
            (_, Type::Vector(v)) => {
                let x = self.single(&xs)?;
                let t = self.b.func.dfg.value_type(x);
                let int_ty = crate::leaves::int_of_bytes(t.bytes());
                let int = self.scalar_bitcast(x, t, int_ty);
                Ok(vec![self.int_to_vector(int, VShape::of(v).part_ty)])
            }
            _ => {
                let x = self.single(&xs)?;
                let (Some(f), Some(t)) = (scalar_type(from), scalar_type(to)) else {
                    return Err(self.unsupported("a bitcast between non-scalars"));
                };
                Ok(vec![self.scalar_bitcast(x, f, t)])
            }
        }
    }

    fn single(&self, xs: &[ClValue]) -> Result<ClValue, CodegenError> {
        match xs {
            [x] => Ok(*x),
            _ => Err(self.unsupported("a bitcast of a multi-part vector to a scalar")),
        }
    }

    /// A scalar reinterpreted as another scalar type of the same size.
    pub fn scalar_bitcast(&mut self, x: ClValue, from: cl::Type, to: cl::Type) -> ClValue {
        if from == to {
            x
        } else {
            self.b.ins().bitcast(to, MemFlags::new(), x)
        }
    }

    /// A 128-bit vector reinterpreted with another lane type.
    pub fn vbitcast(&mut self, x: ClValue, to: cl::Type) -> ClValue {
        if self.b.func.dfg.value_type(x) == to {
            x
        } else {
            self.b.ins().bitcast(to, vector_flags(), x)
        }
    }

    /// The low `bytes` (2, 4 or 8) bytes of a vector part as an integer.
    pub fn vector_low_int(&mut self, part: ClValue, bytes: u32) -> ClValue {
        let (vt, it) = match bytes {
            8 => (cl::I64X2, cl::I64),
            4 => (cl::I32X4, cl::I32),
            _ => (cl::I16X8, cl::I16),
        };
        let v = self.vbitcast(part, vt);
        let lane = self.b.ins().extractlane(v, 0u8);
        debug_assert_eq!(self.b.func.dfg.value_type(lane), it);
        lane
    }

    /// A vector part of type `part` whose low bytes are the integer `x`
    /// (2, 4 or 8 bytes; the other lanes are zero).
    pub fn int_to_vector(&mut self, x: ClValue, part: cl::Type) -> ClValue {
        let t = self.b.func.dfg.value_type(x);
        let (x, vt) = if t == cl::I64 {
            (x, cl::I64X2)
        } else {
            let x = if t == cl::I32 {
                x
            } else {
                self.b.ins().uextend(cl::I32, x)
            };
            (x, cl::I32X4)
        };
        let v = self.b.ins().scalar_to_vector(vt, x);
        self.vbitcast(v, part)
    }

    fn splat(&mut self, ty: Type, arg: Value) -> Result<Vals, CodegenError> {
        let Type::Vector(v) = ty else {
            return Err(self.unsupported("splat to a non-vector"));
        };
        let x = self.one(arg)?;
        let shape = VShape::of(v);
        let part = self.b.ins().splat(shape.part_ty, x);
        Ok(vec![part; shape.parts as usize])
    }
}
