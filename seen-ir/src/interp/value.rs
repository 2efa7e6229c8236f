//! Run-time values of the interpreter.

use crate::module::Module;
use crate::types::{Type, TypeKind};
use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;

/// A reference to an object or array on the interpreter's heap.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct ObjRef(NonZeroU32);

impl ObjRef {
    pub(crate) fn from_index(index: usize) -> ObjRef {
        let n = u32::try_from(index + 1).expect("fewer than 2^32 heap objects");
        ObjRef(NonZeroU32::new(n).expect("index + 1 is not zero"))
    }

    pub(crate) fn index(self) -> usize {
        self.0.get() as usize - 1
    }

    /// The handle as stored in memory (never 0).
    pub fn to_bits(self) -> u64 {
        u64::from(self.0.get())
    }

    /// The handle stored in memory, if not null.
    pub fn from_bits(bits: u64) -> Option<ObjRef> {
        u32::try_from(bits)
            .ok()
            .and_then(NonZeroU32::new)
            .map(ObjRef)
    }
}

/// A value the interpreter computes with.
#[derive(Clone, Debug)]
pub enum DataValue {
    /// No value (the result of a `void` call).
    Void,
    /// A `bool`.
    Bool(bool),
    /// An `i8`.
    I8(i8),
    /// An `i16`.
    I16(i16),
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`.
    F32(f32),
    /// An `f64`.
    F64(f64),
    /// A `ptr`: an address in the interpreter's memory, or a function's address.
    Ptr(u64),
    /// A `ref`, `None` for null.
    Ref(Option<ObjRef>),
    /// A `weak`, `None` for null.
    Weak(Option<ObjRef>),
    /// A vector: its lanes.
    Vector(Arc<[DataValue]>),
    /// A struct or tuple: its fields.
    Struct(Arc<[DataValue]>),
    /// An enum: the variant index and its payload.
    Enum(u32, Arc<[DataValue]>),
}

/// Equality as the test harness wants it: floats compare by bits, and any
/// NaN equals any NaN.
impl PartialEq for DataValue {
    fn eq(&self, other: &DataValue) -> bool {
        use DataValue as D;
        match (self, other) {
            (D::F32(a), D::F32(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            (D::F64(a), D::F64(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            (D::Void, D::Void) => true,
            (D::Bool(a), D::Bool(b)) => a == b,
            (D::I8(a), D::I8(b)) => a == b,
            (D::I16(a), D::I16(b)) => a == b,
            (D::I32(a), D::I32(b)) => a == b,
            (D::I64(a), D::I64(b)) => a == b,
            (D::Ptr(a), D::Ptr(b)) => a == b,
            (D::Ref(a), D::Ref(b)) | (D::Weak(a), D::Weak(b)) => a == b,
            (D::Vector(a), D::Vector(b)) | (D::Struct(a), D::Struct(b)) => a == b,
            (D::Enum(t, a), D::Enum(u, b)) => t == u && a == b,
            _ => false,
        }
    }
}

impl fmt::Display for DataValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DataValue as D;
        let list = |f: &mut fmt::Formatter<'_>, items: &[DataValue], open, close| {
            write!(f, "{open}")?;
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    write!(f, ", ")?;
                }
                write!(f, "{x}")?;
            }
            write!(f, "{close}")
        };
        match self {
            D::Void => write!(f, "void"),
            D::Bool(b) => write!(f, "{b}"),
            D::I8(x) => write!(f, "{x}"),
            D::I16(x) => write!(f, "{x}"),
            D::I32(x) => write!(f, "{x}"),
            D::I64(x) => write!(f, "{x}"),
            D::F32(x) => write!(
                f,
                "{}",
                crate::text::format_float(Type::F32, u64::from(x.to_bits()))
            ),
            D::F64(x) => write!(f, "{}", crate::text::format_float(Type::F64, x.to_bits())),
            D::Ptr(p) => write!(f, "0x{p:x}"),
            D::Ref(None) | D::Weak(None) => write!(f, "null"),
            D::Ref(Some(r)) => write!(f, "ref#{}", r.to_bits()),
            D::Weak(Some(r)) => write!(f, "weak#{}", r.to_bits()),
            D::Vector(lanes) => list(f, lanes, "[", "]"),
            D::Struct(fields) => list(f, fields, "{", "}"),
            D::Enum(tag, payload) => {
                write!(f, "#{tag}")?;
                list(f, payload, "(", ")")
            }
        }
    }
}

impl DataValue {
    /// The all-zero value of a type (null references, variant 0 of an enum).
    pub fn zero(m: &Module, ty: Type) -> DataValue {
        Self::zero_depth(m, ty, 0)
    }

    fn zero_depth(m: &Module, ty: Type, depth: usize) -> DataValue {
        use DataValue as D;
        match ty {
            Type::Void => D::Void,
            Type::Bool => D::Bool(false),
            Type::I8 => D::I8(0),
            Type::I16 => D::I16(0),
            Type::I32 => D::I32(0),
            Type::I64 => D::I64(0),
            Type::F32 => D::F32(0.0),
            Type::F64 => D::F64(0.0),
            Type::Ptr => D::Ptr(0),
            Type::Ref => D::Ref(None),
            Type::Weak => D::Weak(None),
            Type::Vector(v) => {
                let lane = Self::zero_depth(m, v.lane().to_type(), depth);
                D::Vector((0..v.lanes()).map(|_| lane.clone()).collect())
            }
            Type::Aggregate(_) if depth > 64 => D::Void,
            Type::Aggregate(id) => match m.get_type_decl(id).map(|d| &d.kind) {
                Some(TypeKind::Struct { fields }) => D::Struct(
                    fields
                        .iter()
                        .map(|&t| Self::zero_depth(m, t, depth + 1))
                        .collect(),
                ),
                Some(TypeKind::Enum { variants }) => {
                    let fields = variants.first().map(|v| v.fields.as_slice()).unwrap_or(&[]);
                    D::Enum(
                        0,
                        fields
                            .iter()
                            .map(|&t| Self::zero_depth(m, t, depth + 1))
                            .collect(),
                    )
                }
                _ => D::Void,
            },
        }
    }

    /// The integer bits (zero-extended) and width in bits of an integer or `bool`.
    pub fn int_bits(&self) -> Option<(u64, u32)> {
        Some(match *self {
            DataValue::Bool(b) => (u64::from(b), 8),
            DataValue::I8(x) => (u64::from(x as u8), 8),
            DataValue::I16(x) => (u64::from(x as u16), 16),
            DataValue::I32(x) => (u64::from(x as u32), 32),
            DataValue::I64(x) => (x as u64, 64),
            DataValue::Ptr(p) => (p, 64),
            _ => return None,
        })
    }

    /// The integer of `width` bits holding the low bits of `bits`.
    pub fn from_int(width: u32, bits: u64) -> DataValue {
        match width {
            8 => DataValue::I8(bits as i8),
            16 => DataValue::I16(bits as i16),
            32 => DataValue::I32(bits as i32),
            _ => DataValue::I64(bits as i64),
        }
    }

    /// The value as a signed 64-bit integer (sign-extended), for integers.
    pub fn as_i64(&self) -> Option<i64> {
        Some(match *self {
            DataValue::I8(x) => i64::from(x),
            DataValue::I16(x) => i64::from(x),
            DataValue::I32(x) => i64::from(x),
            DataValue::I64(x) => x,
            _ => return None,
        })
    }
}
