//! How IR types become Cranelift values: every IR value is a list of
//! *leaves*, each one Cranelift value with a place in the value's memory
//! image (docs/codegen.md, "Values").
//!
//! - Scalars are one leaf: `bool` is an `i8` holding 0 or 1; `ptr`, `ref`
//!   and `weak` are `i64`.
//! - A vector is one or more 128-bit Cranelift vectors (*parts*): a vector
//!   of fewer than 128 bits uses the low lanes of one part (the other lanes
//!   are unspecified); a wider one is 2 or 4 parts.
//! - A struct or tuple is its fields' leaves in order (scalar replacement:
//!   fields live in registers, never in memory).
//! - An enum is its `i32` tag, then its payload area as integer *chunks*
//!   of 8 bytes (and 4, 2, 1 at the end): the payload's memory image, so
//!   that every variant shares the same leaves.
//!
//! Next: `lower/` uses these to translate instructions.

use cranelift_codegen::ir::types as cl;
use seen_ir::{LaneType, Module, Type, TypeId, TypeKind, VectorType};
use std::collections::HashMap;

/// What a leaf holds, for loads, stores and reference counting.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum LeafKind {
    /// An integer, float or pointer scalar stored as itself.
    Plain,
    /// A `bool` (an `i8` that is 0 or 1).
    Bool,
    /// A counted reference.
    Ref,
    /// A weak reference.
    Weak,
    /// A vector part occupying `bytes` bytes in memory (2, 4, 8 or 16).
    VectorPart {
        /// Bytes in memory.
        bytes: u32,
    },
}

/// One Cranelift value of an IR value and where it sits in memory.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) struct Leaf {
    /// Byte offset in the value's memory image.
    pub offset: u32,
    /// The Cranelift type.
    pub ty: cl::Type,
    /// What it holds.
    pub kind: LeafKind,
}

/// The shape of a vector: its 128-bit parts.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) struct VShape {
    /// The scalar lane type.
    pub lane: cl::Type,
    /// Lanes of the IR vector.
    pub lanes: u32,
    /// Lanes used in each part.
    pub per_part: u32,
    /// Number of parts.
    pub parts: u32,
    /// The Cranelift type of a part (always 128 bits).
    pub part_ty: cl::Type,
}

impl VShape {
    /// The shape of an IR vector type.
    pub fn of(v: VectorType) -> VShape {
        let lane = lane_type(v.lane());
        let full = 128 / v.lane().bits();
        let per_part = v.lanes().min(full);
        VShape {
            lane,
            lanes: v.lanes(),
            per_part,
            parts: v.lanes() / per_part,
            part_ty: lane.by(full).expect("a 128-bit vector type"),
        }
    }

    /// Bytes of one part in memory.
    pub fn part_bytes(self) -> u32 {
        self.per_part * self.lane.bytes()
    }
}

/// The Cranelift type of a lane.
pub(crate) fn lane_type(lane: LaneType) -> cl::Type {
    match lane {
        LaneType::I8 => cl::I8,
        LaneType::I16 => cl::I16,
        LaneType::I32 => cl::I32,
        LaneType::I64 => cl::I64,
        LaneType::F32 => cl::F32,
        LaneType::F64 => cl::F64,
    }
}

/// The Cranelift type of a scalar IR type (`None` for vectors, aggregates, void).
pub(crate) fn scalar_type(ty: Type) -> Option<cl::Type> {
    Some(match ty {
        Type::Bool | Type::I8 => cl::I8,
        Type::I16 => cl::I16,
        Type::I32 => cl::I32,
        Type::I64 | Type::Ptr | Type::Ref | Type::Weak => cl::I64,
        Type::F32 => cl::F32,
        Type::F64 => cl::F64,
        Type::Void | Type::Vector(_) | Type::Aggregate(_) => return None,
    })
}

/// The integer type of `bytes` bytes (1, 2, 4 or 8).
pub(crate) fn int_of_bytes(bytes: u32) -> cl::Type {
    match bytes {
        1 => cl::I8,
        2 => cl::I16,
        4 => cl::I32,
        _ => cl::I64,
    }
}

/// Splits `[start, end)` into chunks of 8 bytes, then 4, 2, 1 at the end.
pub(crate) fn chunks(start: u32, end: u32) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut at = start;
    for size in [8, 4, 2, 1] {
        while end - at >= size {
            out.push((at, size));
            at += size;
        }
    }
    out
}

/// Memoised leaves and layouts of the module's types.
pub(crate) struct Leaves<'m> {
    module: &'m Module,
    cache: HashMap<Type, Vec<Leaf>>,
}

impl<'m> Leaves<'m> {
    pub fn new(module: &'m Module) -> Leaves<'m> {
        Leaves {
            module,
            cache: HashMap::new(),
        }
    }

    /// The leaves of a value type (empty for `void`).
    pub fn of(&mut self, ty: Type) -> &[Leaf] {
        if !self.cache.contains_key(&ty) {
            let mut out = Vec::new();
            self.collect(ty, 0, &mut out);
            self.cache.insert(ty, out);
        }
        &self.cache[&ty]
    }

    /// The leaves as an owned list.
    pub fn list(&mut self, ty: Type) -> Vec<Leaf> {
        self.of(ty).to_vec()
    }

    /// Size in bytes of a value type in memory (0 for void).
    pub fn size(&self, ty: Type) -> u32 {
        self.module.layout_of(ty).map_or(0, |l| l.size as u32)
    }

    /// Alignment of a value type (1 for void).
    pub fn align(&self, ty: Type) -> u32 {
        self.module.layout_of(ty).map_or(1, |l| l.align as u32)
    }

    fn collect(&self, ty: Type, base: u32, out: &mut Vec<Leaf>) {
        let plain = |t| Leaf {
            offset: base,
            ty: t,
            kind: LeafKind::Plain,
        };
        match ty {
            Type::Void => {}
            Type::Bool => out.push(Leaf {
                kind: LeafKind::Bool,
                ..plain(cl::I8)
            }),
            Type::Ref => out.push(Leaf {
                kind: LeafKind::Ref,
                ..plain(cl::I64)
            }),
            Type::Weak => out.push(Leaf {
                kind: LeafKind::Weak,
                ..plain(cl::I64)
            }),
            Type::Vector(v) => {
                let s = VShape::of(v);
                for p in 0..s.parts {
                    out.push(Leaf {
                        offset: base + p * s.part_bytes(),
                        ty: s.part_ty,
                        kind: LeafKind::VectorPart {
                            bytes: s.part_bytes(),
                        },
                    });
                }
            }
            Type::Aggregate(id) => self.collect_aggregate(id, base, out),
            other => {
                if let Some(t) = scalar_type(other) {
                    out.push(plain(t));
                }
            }
        }
    }

    fn collect_aggregate(&self, id: TypeId, base: u32, out: &mut Vec<Leaf>) {
        let Some(decl) = self.module.get_type_decl(id) else {
            return;
        };
        match &decl.kind {
            TypeKind::Struct { fields } | TypeKind::Object { fields, .. } => {
                let offsets = self.module.field_offsets(id).unwrap_or_default();
                for (f, off) in fields.iter().zip(offsets) {
                    self.collect(*f, base + off as u32, out);
                }
            }
            TypeKind::Enum { .. } => {
                out.push(Leaf {
                    offset: base,
                    ty: cl::I32,
                    kind: LeafKind::Plain,
                });
                let (start, end) = self.payload_range(id);
                for (off, size) in chunks(start, end) {
                    out.push(Leaf {
                        offset: base + off,
                        ty: int_of_bytes(size),
                        kind: LeafKind::Plain,
                    });
                }
            }
        }
    }

    /// The payload area `[start, end)` of an enum, relative to the enum.
    pub fn payload_range(&self, id: TypeId) -> (u32, u32) {
        let size = self.size(Type::Aggregate(id));
        let start = self
            .module
            .get_type_decl(id)
            .and_then(|d| d.variants())
            .map_or(4, |vs| {
                let align = vs
                    .iter()
                    .flat_map(|v| v.fields.iter())
                    .map(|f| self.align(*f))
                    .max()
                    .unwrap_or(1);
                4u32.div_ceil(align) * align
            });
        (start.min(size), size)
    }

    /// The leaves of payload field `field` of `variant`, at offsets
    /// relative to the enum.
    pub fn variant_field(&mut self, id: TypeId, variant: u32, field: u32) -> Vec<Leaf> {
        let Some(ty) = self
            .module
            .get_type_decl(id)
            .and_then(|d| d.variants())
            .and_then(|vs| vs.get(variant as usize))
            .and_then(|v| v.fields.get(field as usize).copied())
        else {
            return Vec::new();
        };
        let off = self
            .module
            .variant_offsets(id)
            .and_then(|o| o.get(variant as usize)?.get(field as usize).copied())
            .unwrap_or(0) as u32;
        self.of(ty)
            .iter()
            .map(|l| Leaf {
                offset: l.offset + off,
                ..*l
            })
            .collect()
    }

    /// Whether a value of this type holds a `ref` or `weak` anywhere
    /// (in any variant of an enum).
    pub fn has_refs(&self, ty: Type) -> bool {
        self.has_refs_depth(ty, 0)
    }

    fn has_refs_depth(&self, ty: Type, depth: u32) -> bool {
        if depth > 64 {
            return false;
        }
        match ty {
            Type::Ref | Type::Weak => true,
            Type::Aggregate(id) => match self.module.get_type_decl(id).map(|d| &d.kind) {
                Some(TypeKind::Struct { fields }) | Some(TypeKind::Object { fields, .. }) => {
                    fields.iter().any(|f| self.has_refs_depth(*f, depth + 1))
                }
                Some(TypeKind::Enum { variants }) => variants
                    .iter()
                    .flat_map(|v| v.fields.iter())
                    .any(|f| self.has_refs_depth(*f, depth + 1)),
                None => false,
            },
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use seen_ir::Variant;

    #[test]
    fn chunks_cover_the_range_largest_first() {
        assert_eq!(chunks(4, 24), [(4, 8), (12, 8), (20, 4)]);
        assert_eq!(chunks(4, 11), [(4, 4), (8, 2), (10, 1)]);
        assert_eq!(chunks(8, 8), []);
    }

    #[test]
    fn vector_shapes() {
        let v = |lane, n| VShape::of(VectorType::new(lane, n).expect("a vector type"));
        let small = v(LaneType::I8, 2);
        assert_eq!((small.parts, small.per_part, small.part_bytes()), (1, 2, 2));
        assert_eq!(small.part_ty, cl::I8X16);
        let wide = v(LaneType::F32, 16);
        assert_eq!((wide.parts, wide.per_part, wide.part_ty), (4, 4, cl::F32X4));
        let full = v(LaneType::F64, 2);
        assert_eq!((full.parts, full.part_bytes()), (1, 16));
    }

    #[test]
    fn aggregates_flatten_with_offsets() {
        let mut m = Module::new("t");
        let e = m.declare_enum(
            "E",
            vec![
                Variant {
                    name: "A".into(),
                    fields: vec![Type::I8],
                },
                Variant {
                    name: "B".into(),
                    fields: vec![Type::I64, Type::Bool],
                },
            ],
        );
        let s = m.declare_struct("S", &[Type::Bool, Type::Aggregate(e), Type::F32]);
        let mut leaves = Leaves::new(&m);
        let got: Vec<(u32, cl::Type)> = leaves
            .of(Type::Aggregate(s))
            .iter()
            .map(|l| (l.offset, l.ty))
            .collect();
        // bool at 0; the enum at 8: tag, payload chunks at 16 and 24; f32 at 32
        assert_eq!(
            got,
            [
                (0, cl::I8),
                (8, cl::I32),
                (16, cl::I64),
                (24, cl::I64),
                (32, cl::F32)
            ]
        );
        assert_eq!(leaves.payload_range(e), (8, 24));
        let b1 = leaves.variant_field(e, 1, 1);
        assert_eq!((b1[0].offset, b1[0].kind), (16, LeafKind::Bool));
        assert!(!leaves.has_refs(Type::Aggregate(s)));
    }
}
