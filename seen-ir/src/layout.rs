//! Memory layout of value types: sizes, alignments and field offsets.
//!
//! Scalars have their natural size and alignment (`bool` is one byte;
//! `ptr`, `ref` and `weak` are 8 bytes). A vector's size is its bit width
//! over 8, aligned to its size up to 16. Structs and tuples use C layout:
//! fields in order, each at the next multiple of its alignment, the size
//! rounded up to the largest alignment. An enum is an `i32` tag at offset
//! 0, then the payload of the active variant laid out like a struct from
//! the first offset aligned for every variant. Objects and arrays live on
//! the heap: the code generator owns their header (the IR never takes an
//! object's address); [`OBJECT_HEADER_SIZE`] is the size it uses.
//! `global_get`/`global_set` and `load`/`store` through `global_addr` see
//! this layout, and the interpreter follows it.

use crate::module::Module;
use crate::types::{Type, TypeKind};

/// Bytes before the first field of a heap object: the counts and the type descriptor.
pub const OBJECT_HEADER_SIZE: u64 = 16;

/// Size and alignment of a type in memory.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Layout {
    /// Size in bytes (a multiple of the alignment).
    pub size: u64,
    /// Alignment in bytes (a power of two).
    pub align: u64,
}

fn align_up(x: u64, align: u64) -> u64 {
    x.div_ceil(align) * align
}

impl Module {
    /// The layout of a value type; `None` for `void`, objects, unknown
    /// types and aggregates nested more than 64 deep or containing themselves.
    pub fn layout_of(&self, ty: Type) -> Option<Layout> {
        self.layout_depth(ty, 0)
    }

    fn layout_depth(&self, ty: Type, depth: usize) -> Option<Layout> {
        if depth > 64 {
            return None;
        }
        let scalar = |size| Some(Layout { size, align: size });
        match ty {
            Type::Void => None,
            Type::Bool | Type::I8 => scalar(1),
            Type::I16 => scalar(2),
            Type::I32 | Type::F32 => scalar(4),
            Type::I64 | Type::F64 | Type::Ptr | Type::Ref | Type::Weak => scalar(8),
            Type::Vector(v) => {
                let size = u64::from(v.bits() / 8);
                Some(Layout {
                    size,
                    align: size.min(16),
                })
            }
            Type::Aggregate(id) => match &self.get_type_decl(id)?.kind {
                TypeKind::Struct { fields } => self.struct_layout(fields, depth).map(|(l, _)| l),
                TypeKind::Enum { .. } => self.enum_layout(id, depth).map(|(l, _, _)| l),
                TypeKind::Object { .. } => None,
            },
        }
    }

    fn struct_layout(&self, fields: &[Type], depth: usize) -> Option<(Layout, Vec<u64>)> {
        let mut offset = 0;
        let mut align = 1;
        let mut offsets = Vec::with_capacity(fields.len());
        for &f in fields {
            let l = self.layout_depth(f, depth + 1)?;
            offset = align_up(offset, l.align);
            offsets.push(offset);
            offset += l.size;
            align = align.max(l.align);
        }
        Some((
            Layout {
                size: align_up(offset, align),
                align,
            },
            offsets,
        ))
    }

    /// Layout of an enum, the payload offset and each variant's field offsets
    /// (relative to the payload offset).
    fn enum_layout(
        &self,
        id: crate::entity::TypeId,
        depth: usize,
    ) -> Option<(Layout, u64, Vec<Vec<u64>>)> {
        let variants = self.get_type_decl(id)?.variants()?;
        let mut payload_align = 1;
        let mut payload_size = 0;
        let mut offsets = Vec::with_capacity(variants.len());
        for v in variants {
            let (l, offs) = self.struct_layout(&v.fields, depth)?;
            payload_align = payload_align.max(l.align);
            payload_size = payload_size.max(l.size);
            offsets.push(offs);
        }
        let start = align_up(4, payload_align);
        let align = payload_align.max(4);
        Some((
            Layout {
                size: align_up(start + payload_size, align),
                align,
            },
            start,
            offsets,
        ))
    }

    /// The byte offsets of the fields of a struct, tuple or object type
    /// (object offsets count from the end of the header).
    pub fn field_offsets(&self, id: crate::entity::TypeId) -> Option<Vec<u64>> {
        let fields = self.get_type_decl(id)?.fields()?;
        self.struct_layout(fields, 0).map(|(_, offs)| offs)
    }

    /// The byte offset of each payload field of each variant of an enum.
    pub fn variant_offsets(&self, id: crate::entity::TypeId) -> Option<Vec<Vec<u64>>> {
        let (_, start, offs) = self.enum_layout(id, 0)?;
        Some(
            offs.into_iter()
                .map(|v| v.into_iter().map(|o| o + start).collect())
                .collect(),
        )
    }
}
