//! SIMD: lanes, shuffles, masks, reductions, and the lane-by-lane
//! fallback for vector operations the backend does not have.
//!
//! A vector is one or more 128-bit parts (`leaves::VShape`); lane `i` is
//! lane `i % per_part` of part `i / per_part`. A vector narrower than 128
//! bits uses the low lanes of one part; the other lanes hold unspecified
//! values that no operation observes (reductions and shuffles read only
//! the IR's lanes).

use super::func::{FnCx, Vals};
use crate::error::CodegenError;
use crate::leaves::VShape;
use cranelift_codegen::ir::{
    ConstantData, InstBuilder, Value as ClValue, condcodes::IntCC as ClIntCC, types as cl,
};
use cranelift_module::Module as ClModule;
use seen_ir::{IntCC, LaneType, Opcode, Type, Value, VectorType};

/// Whether lane-wise `op` on vectors `v` is done lane by lane (the x64
/// backend has no instruction for it, or it is a call).
pub(crate) fn needs_lanes(op: Opcode, v: VectorType) -> bool {
    match op {
        Opcode::Frem | Opcode::Fcopysign => true,
        Opcode::Imul => v.lane() == LaneType::I8,
        _ => false,
    }
}

/// Whether `icmp cc` on vectors `v` is done lane by lane.
pub(crate) fn icmp_needs_lanes(cc: IntCC, v: VectorType) -> bool {
    v.lane() == LaneType::I64 && matches!(cc, IntCC::Ult | IntCC::Ule | IntCC::Ugt | IntCC::Uge)
}

impl<M: ClModule> FnCx<'_, '_, M> {
    /// Applies a scalar operation to each used lane of one part.
    pub fn lanewise1(
        &mut self,
        x: ClValue,
        v: VectorType,
        mut op: impl FnMut(&mut Self, ClValue) -> Result<ClValue, CodegenError>,
    ) -> Result<ClValue, CodegenError> {
        let shape = VShape::of(v);
        let mut acc = x;
        for lane in 0..shape.per_part as u8 {
            let a = self.b.ins().extractlane(x, lane);
            let r = op(self, a)?;
            acc = self.b.ins().insertlane(acc, r, lane);
        }
        Ok(acc)
    }

    /// Applies a scalar operation to each used lane of two parts.
    pub fn lanewise2(
        &mut self,
        x: ClValue,
        y: ClValue,
        v: VectorType,
        mut op: impl FnMut(&mut Self, ClValue, ClValue) -> Result<ClValue, CodegenError>,
    ) -> Result<ClValue, CodegenError> {
        let shape = VShape::of(v);
        let mut acc = x;
        for lane in 0..shape.per_part as u8 {
            let a = self.b.ins().extractlane(x, lane);
            let b = self.b.ins().extractlane(y, lane);
            let r = op(self, a, b)?;
            acc = self.b.ins().insertlane(acc, r, lane);
        }
        Ok(acc)
    }

    fn vector_of(&self, v: Value) -> Result<VectorType, CodegenError> {
        match self.value_type(v)? {
            Type::Vector(t) => Ok(t),
            _ => Err(self.unsupported(format!("{v} is not a vector"))),
        }
    }

    /// The part and the lane in it of IR lane `lane`.
    fn place(&self, v: VectorType, lane: u32) -> (usize, u8) {
        let shape = VShape::of(v);
        (
            (lane / shape.per_part) as usize,
            (lane % shape.per_part) as u8,
        )
    }

    /// Lane `lane` of a vector operand.
    fn lane_of(
        &mut self,
        parts: &[ClValue],
        v: VectorType,
        lane: u32,
    ) -> Result<ClValue, CodegenError> {
        let (p, l) = self.place(v, lane);
        let Some(&part) = parts.get(p) else {
            return Err(self.unsupported(format!("lane {lane} is out of range")));
        };
        Ok(self.b.ins().extractlane(part, l))
    }

    /// `extractlane a, i`.
    pub fn extract_lane(&mut self, arg: Value, lane: u8) -> Result<Vals, CodegenError> {
        let v = self.vector_of(arg)?;
        let parts = self.arg(arg)?;
        Ok(vec![self.lane_of(&parts, v, u32::from(lane))?])
    }

    /// `insertlane a, i, x`.
    pub fn insert_lane(&mut self, args: [Value; 2], lane: u8) -> Result<Vals, CodegenError> {
        let v = self.vector_of(args[0])?;
        let mut parts = self.arg(args[0])?;
        let x = self.one(args[1])?;
        let (p, l) = self.place(v, u32::from(lane));
        let Some(part) = parts.get_mut(p) else {
            return Err(self.unsupported(format!("lane {lane} is out of range")));
        };
        *part = self.b.ins().insertlane(*part, x, l);
        Ok(parts)
    }

    /// `shuffle a, b, [lanes]`.
    pub fn shuffle(&mut self, args: [Value; 2], lanes: &[u8]) -> Result<Vals, CodegenError> {
        let v = self.vector_of(args[0])?;
        let (xs, ys) = (self.arg(args[0])?, self.arg(args[1])?);
        let n = v.lanes();
        if lanes.len() != n as usize || lanes.iter().any(|&l| u32::from(l) >= 2 * n) {
            return Err(self.unsupported("shuffle lane indices out of range"));
        }
        if let ([x], [y]) = (xs.as_slice(), ys.as_slice()) {
            return Ok(vec![self.byte_shuffle(*x, *y, v, lanes)]);
        }
        let mut out = xs.clone();
        for (k, &idx) in lanes.iter().enumerate() {
            let idx = u32::from(idx);
            let lane = if idx < n {
                self.lane_of(&xs, v, idx)?
            } else {
                self.lane_of(&ys, v, idx - n)?
            };
            let (p, l) = self.place(v, k as u32);
            let Some(part) = out.get_mut(p) else {
                return Err(self.unsupported("a vector with too few parts"));
            };
            *part = self.b.ins().insertlane(*part, lane, l);
        }
        Ok(out)
    }

    /// A shuffle of two one-part vectors as a byte shuffle.
    fn byte_shuffle(&mut self, x: ClValue, y: ClValue, v: VectorType, lanes: &[u8]) -> ClValue {
        let shape = VShape::of(v);
        let lb = (v.lane().bits() / 8) as u8;
        let n = v.lanes() as u8;
        let mut mask = vec![0u8; 16];
        for (k, &idx) in lanes.iter().enumerate() {
            let src = if idx < n {
                idx * lb
            } else {
                16 + (idx - n) * lb
            };
            for j in 0..lb {
                mask[k * lb as usize + j as usize] = src + j;
            }
        }
        let imm = self.b.func.dfg.immediates.push(ConstantData::from(mask));
        let a = self.vbitcast(x, cl::I8X16);
        let b = self.vbitcast(y, cl::I8X16);
        let r = self.b.ins().shuffle(a, b, imm);
        self.vbitcast(r, shape.part_ty)
    }

    /// `vselect m, a, b`: a mask lane that is nonzero selects `a`.
    pub fn vselect(&mut self, args: [Value; 3]) -> Result<Vals, CodegenError> {
        let ms = self.arg(args[0])?;
        let (xs, ys) = (self.arg(args[1])?, self.arg(args[2])?);
        let mut out = Vec::with_capacity(xs.len());
        for ((m, x), y) in ms.into_iter().zip(xs).zip(ys) {
            let mt = self.b.func.dfg.value_type(m);
            let zero = self.zero_leaf(mt);
            let full = self.b.ins().icmp(ClIntCC::NotEqual, m, zero);
            let xt = self.b.func.dfg.value_type(x);
            let full = self.vbitcast(full, xt);
            out.push(self.b.ins().bitselect(full, x, y));
        }
        Ok(out)
    }

    /// `reduce_*`: the lanes folded in order.
    pub fn reduce(&mut self, op: Opcode, arg: Value, _ty: Type) -> Result<Vals, CodegenError> {
        let v = self.vector_of(arg)?;
        let parts = self.arg(arg)?;
        let float = !v.lane().is_int();
        let mut acc = self.lane_of(&parts, v, 0)?;
        for lane in 1..v.lanes() {
            let x = self.lane_of(&parts, v, lane)?;
            let ins = self.b.ins();
            acc = match op {
                Opcode::ReduceAdd if float => ins.fadd(acc, x),
                Opcode::ReduceAdd => ins.iadd(acc, x),
                Opcode::ReduceSmin => ins.smin(acc, x),
                Opcode::ReduceUmin => ins.umin(acc, x),
                Opcode::ReduceSmax => ins.smax(acc, x),
                Opcode::ReduceUmax => ins.umax(acc, x),
                Opcode::ReduceFmin => ins.fmin(acc, x),
                Opcode::ReduceFmax => ins.fmax(acc, x),
                _ => return Err(self.unsupported("not a reduction")),
            };
        }
        Ok(vec![acc])
    }
}
