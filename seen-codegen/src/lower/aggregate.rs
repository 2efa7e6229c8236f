//! Value aggregates: `zero`, structs and tuples (`extract`, `insert`) and
//! enums (`enum_new`, `enum_payload`; `struct_new` and `enum_tag` are
//! trivial and live in `func.rs` and `arith.rs`).
//!
//! A struct's leaves are its fields' leaves in order, so `extract` and
//! `insert` pick or replace a range. An enum's leaves are its tag and its
//! payload area as integer *chunks* (`leaves.rs`); a variant's fields are
//! cut into *pieces* (integers of 1 to 8 bytes at their offsets in the
//! memory image), and each piece is shifted into, or out of, the one chunk
//! that holds it (field offsets are multiples of their sizes, so a piece
//! never straddles two chunks).

use super::func::{FnCx, Vals};
use crate::error::CodegenError;
use crate::leaves::{Leaf, LeafKind, chunks, int_of_bytes};
use cranelift_codegen::ir::{InstBuilder, Value as ClValue, types as cl};
use cranelift_module::Module as ClModule;
use seen_ir::{Type, TypeId, TypeKind, Value};

/// An integer of `bytes` bytes at `offset` in a value's memory image.
#[derive(Copy, Clone)]
pub(crate) struct Piece {
    offset: u32,
    bytes: u32,
    value: ClValue,
}

impl<M: ClModule> FnCx<'_, '_, M> {
    /// `zero T`: every leaf zero.
    pub fn zero(&mut self, ty: Type) -> Result<Vals, CodegenError> {
        let leaves = self.leaves(ty);
        Ok(leaves.iter().map(|l| self.zero_leaf(l.ty)).collect())
    }

    /// A zero of one Cranelift type.
    pub fn zero_leaf(&mut self, ty: cl::Type) -> ClValue {
        if ty.is_vector() {
            let lane = self.zero_leaf(ty.lane_type());
            self.b.ins().splat(ty, lane)
        } else if ty == cl::F32 {
            self.b.ins().f32const(0.0)
        } else if ty == cl::F64 {
            self.b.ins().f64const(0.0)
        } else {
            self.b.ins().iconst(ty, 0)
        }
    }

    /// The range of leaves of field `field` of a struct or tuple type.
    fn field_range(
        &mut self,
        ty: Type,
        field: u32,
    ) -> Result<std::ops::Range<usize>, CodegenError> {
        let ir = self.cx.ir;
        let fields = match ty {
            Type::Aggregate(id) => match ir.get_type_decl(id).map(|d| &d.kind) {
                Some(TypeKind::Struct { fields }) => fields,
                _ => return Err(self.unsupported("not a struct or tuple")),
            },
            _ => return Err(self.unsupported("not a struct or tuple")),
        };
        let mut start = 0;
        for (i, &f) in fields.iter().enumerate() {
            let n = self.cx.leaves.of(f).len();
            if i == field as usize {
                return Ok(start..start + n);
            }
            start += n;
        }
        Err(self.unsupported(format!("field {field} is out of range")))
    }

    /// `extract s, i`.
    pub fn extract(&mut self, arg: Value, field: u32) -> Result<Vals, CodegenError> {
        let ty = self.value_type(arg)?;
        let range = self.field_range(ty, field)?;
        let xs = self.arg(arg)?;
        xs.get(range)
            .map(<[ClValue]>::to_vec)
            .ok_or_else(|| self.unsupported("a struct value with too few leaves"))
    }

    /// `insert s, i, x`.
    pub fn insert(&mut self, args: [Value; 2], field: u32) -> Result<Vals, CodegenError> {
        let ty = self.value_type(args[0])?;
        let range = self.field_range(ty, field)?;
        let mut xs = self.arg(args[0])?;
        let x = self.arg(args[1])?;
        if range.end > xs.len() || range.len() != x.len() {
            return Err(self.unsupported("a struct value with the wrong number of leaves"));
        }
        xs.splice(range, x);
        Ok(xs)
    }

    /// `enum_new %E, Variant(x...)`.
    pub fn enum_new(
        &mut self,
        id: TypeId,
        variant: u32,
        args: &[Value],
    ) -> Result<Vals, CodegenError> {
        let mut pieces = Vec::new();
        for (i, &a) in args.iter().enumerate() {
            let leaves = self.cx.leaves.variant_field(id, variant, i as u32);
            let xs = self.arg(a)?;
            if leaves.len() != xs.len() {
                return Err(self.unsupported("a payload value with the wrong number of leaves"));
            }
            for (leaf, x) in leaves.iter().zip(xs) {
                self.leaf_to_pieces(leaf, x, &mut pieces);
            }
        }
        let (start, end) = self.cx.leaves.payload_range(id);
        let mut out = vec![self.b.ins().iconst(cl::I32, i64::from(variant))];
        for (off, size) in chunks(start, end) {
            let ty = int_of_bytes(size);
            let mut acc: Option<ClValue> = None;
            for p in pieces
                .iter()
                .filter(|p| p.offset >= off && p.offset + p.bytes <= off + size)
            {
                let mut v = p.value;
                if p.bytes < size {
                    v = self.b.ins().uextend(ty, v);
                }
                let shift = i64::from((p.offset - off) * 8);
                if shift > 0 {
                    v = self.b.ins().ishl_imm(v, shift);
                }
                acc = Some(match acc {
                    Some(a) => self.b.ins().bor(a, v),
                    None => v,
                });
            }
            let chunk = match acc {
                Some(a) => a,
                None => self.b.ins().iconst(ty, 0),
            };
            out.push(chunk);
        }
        Ok(out)
    }

    /// `enum_payload %E, e, Variant, i`.
    pub fn enum_payload(
        &mut self,
        id: TypeId,
        arg: Value,
        variant: u32,
        field: u32,
    ) -> Result<Vals, CodegenError> {
        let xs = self.arg(arg)?;
        let (start, end) = self.cx.leaves.payload_range(id);
        let chunk_list = chunks(start, end);
        if xs.len() != chunk_list.len() + 1 {
            return Err(self.unsupported("an enum value with the wrong number of leaves"));
        }
        let leaves = self.cx.leaves.variant_field(id, variant, field);
        let mut out = Vec::with_capacity(leaves.len());
        for leaf in &leaves {
            let v = self.leaf_from_pieces(leaf, &mut |f: &mut Self, offset, bytes| {
                let Some(k) = chunk_list
                    .iter()
                    .position(|&(o, s)| offset >= o && offset + bytes <= o + s)
                else {
                    return Err(f.unsupported("a payload field outside the payload"));
                };
                let (o, s) = chunk_list[k];
                let mut v = xs[k + 1];
                let shift = i64::from((offset - o) * 8);
                if shift > 0 {
                    v = f.b.ins().ushr_imm(v, shift);
                }
                if bytes < s {
                    v = f.b.ins().ireduce(int_of_bytes(bytes), v);
                }
                Ok(v)
            })?;
            out.push(v);
        }
        Ok(out)
    }

    /// Cuts one leaf into pieces.
    pub fn leaf_to_pieces(&mut self, leaf: &Leaf, x: ClValue, out: &mut Vec<Piece>) {
        let mut piece = |offset, bytes, value| {
            out.push(Piece {
                offset,
                bytes,
                value,
            })
        };
        match leaf.kind {
            LeafKind::VectorPart { bytes } if bytes <= 8 => {
                let v = self.vector_low_int(x, bytes);
                piece(leaf.offset, bytes, v);
            }
            LeafKind::VectorPart { .. } => {
                let v = self.vbitcast(x, cl::I64X2);
                let lo = self.b.ins().extractlane(v, 0u8);
                let hi = self.b.ins().extractlane(v, 1u8);
                piece(leaf.offset, 8, lo);
                piece(leaf.offset + 8, 8, hi);
            }
            _ => {
                let bytes = leaf.ty.bytes();
                let v = self.scalar_bitcast(x, leaf.ty, int_of_bytes(bytes));
                piece(leaf.offset, bytes, v);
            }
        }
    }

    /// Builds one leaf from the pieces `get(offset, bytes)` gives.
    pub fn leaf_from_pieces(
        &mut self,
        leaf: &Leaf,
        get: &mut dyn FnMut(&mut Self, u32, u32) -> Result<ClValue, CodegenError>,
    ) -> Result<ClValue, CodegenError> {
        Ok(match leaf.kind {
            LeafKind::VectorPart { bytes } if bytes <= 8 => {
                let int = get(self, leaf.offset, bytes)?;
                self.int_to_vector(int, leaf.ty)
            }
            LeafKind::VectorPart { .. } => {
                let lo = get(self, leaf.offset, 8)?;
                let hi = get(self, leaf.offset + 8, 8)?;
                let v = self.b.ins().scalar_to_vector(cl::I64X2, lo);
                let v = self.b.ins().insertlane(v, hi, 1u8);
                self.vbitcast(v, leaf.ty)
            }
            _ => {
                let bytes = leaf.ty.bytes();
                let int = get(self, leaf.offset, bytes)?;
                self.scalar_bitcast(int, int_of_bytes(bytes), leaf.ty)
            }
        })
    }
}
