//! Value types and the declared aggregate and object types of a module.
//!
//! A [`Type`] is a small `Copy` value: a scalar (`bool`, `i8`..`i64`, `f32`,
//! `f64`, `ptr`, `ref`, `weak`), a SIMD vector ([`VectorType`]) or an
//! aggregate declared in the module ([`Type::Aggregate`], a [`TypeId`] into
//! [`Module::types`](crate::Module::type_decl)). Integer types carry no
//! sign: signedness is in the operations. Next: `module.rs` declares types.

use crate::entity::{FuncId, TypeId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The type of an SSA value, a field, a global or a function result.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum Type {
    /// No value: only as the result of a function.
    Void,
    /// `true` or `false`; one byte in memory (0 or 1).
    Bool,
    /// 8-bit integer.
    I8,
    /// 16-bit integer.
    I16,
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE float.
    F32,
    /// 64-bit IEEE float.
    F64,
    /// A raw machine address (64 bits on every current target).
    Ptr,
    /// A counted reference to a heap object or array; may be null.
    Ref,
    /// A weak reference to a heap object or array; may be null.
    Weak,
    /// A SIMD vector of numeric lanes.
    Vector(VectorType),
    /// A struct, tuple or enum value declared in the module (never an object:
    /// objects live on the heap and are reached through a `ref`).
    Aggregate(TypeId),
}

impl Type {
    /// Whether this is one of `i8`, `i16`, `i32`, `i64`.
    pub fn is_int(self) -> bool {
        matches!(self, Type::I8 | Type::I16 | Type::I32 | Type::I64)
    }

    /// Whether this is `f32` or `f64`.
    pub fn is_float(self) -> bool {
        matches!(self, Type::F32 | Type::F64)
    }

    /// Whether this is a vector with integer lanes.
    pub fn is_int_vector(self) -> bool {
        matches!(self, Type::Vector(v) if v.lane().is_int())
    }

    /// Whether this is a vector with float lanes.
    pub fn is_float_vector(self) -> bool {
        matches!(self, Type::Vector(v) if !v.lane().is_int())
    }

    /// Whether this is a scalar that `load` and `store` accept (not a
    /// vector, aggregate or `void`).
    pub fn is_scalar(self) -> bool {
        !matches!(self, Type::Void | Type::Vector(_) | Type::Aggregate(_))
    }

    /// The width in bits of an integer, float or pointer type.
    pub fn bits(self) -> Option<u32> {
        Some(match self {
            Type::Bool | Type::I8 => 8,
            Type::I16 => 16,
            Type::I32 | Type::F32 => 32,
            Type::I64 | Type::F64 | Type::Ptr | Type::Ref | Type::Weak => 64,
            Type::Vector(v) => v.bits(),
            Type::Void | Type::Aggregate(_) => return None,
        })
    }

    /// The lane type of a scalar numeric type, or of a vector's lanes.
    pub fn lane(self) -> Option<LaneType> {
        match self {
            Type::Vector(v) => Some(v.lane()),
            other => LaneType::from_type(other),
        }
    }

    /// The vector type with `lanes` lanes of this scalar type, if valid.
    pub fn by(self, lanes: u32) -> Option<Type> {
        let lane = LaneType::from_type(self)?;
        VectorType::new(lane, lanes).map(Type::Vector)
    }

    /// The text name of a type that needs no module (everything but aggregates).
    pub fn scalar_name(self) -> Option<String> {
        Some(match self {
            Type::Void => "void".into(),
            Type::Bool => "bool".into(),
            Type::I8 => "i8".into(),
            Type::I16 => "i16".into(),
            Type::I32 => "i32".into(),
            Type::I64 => "i64".into(),
            Type::F32 => "f32".into(),
            Type::F64 => "f64".into(),
            Type::Ptr => "ptr".into(),
            Type::Ref => "ref".into(),
            Type::Weak => "weak".into(),
            Type::Vector(v) => v.to_string(),
            Type::Aggregate(_) => return None,
        })
    }

    /// Parses the name of a non-aggregate type (`i32`, `v4xf32`, `void`...).
    pub fn from_name(name: &str) -> Option<Type> {
        Some(match name {
            "void" => Type::Void,
            "bool" => Type::Bool,
            "i8" => Type::I8,
            "i16" => Type::I16,
            "i32" => Type::I32,
            "i64" => Type::I64,
            "f32" => Type::F32,
            "f64" => Type::F64,
            "ptr" => Type::Ptr,
            "ref" => Type::Ref,
            "weak" => Type::Weak,
            _ => return VectorType::from_name(name).map(Type::Vector),
        })
    }
}

/// The numeric type of one lane of a vector.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum LaneType {
    /// 8-bit integer lanes.
    I8,
    /// 16-bit integer lanes.
    I16,
    /// 32-bit integer lanes.
    I32,
    /// 64-bit integer lanes.
    I64,
    /// 32-bit float lanes.
    F32,
    /// 64-bit float lanes.
    F64,
}

impl LaneType {
    /// The scalar type of this lane.
    pub fn to_type(self) -> Type {
        match self {
            LaneType::I8 => Type::I8,
            LaneType::I16 => Type::I16,
            LaneType::I32 => Type::I32,
            LaneType::I64 => Type::I64,
            LaneType::F32 => Type::F32,
            LaneType::F64 => Type::F64,
        }
    }

    /// The lane type of a numeric scalar type.
    pub fn from_type(ty: Type) -> Option<LaneType> {
        Some(match ty {
            Type::I8 => LaneType::I8,
            Type::I16 => LaneType::I16,
            Type::I32 => LaneType::I32,
            Type::I64 => LaneType::I64,
            Type::F32 => LaneType::F32,
            Type::F64 => LaneType::F64,
            _ => return None,
        })
    }

    /// Whether the lanes are integers.
    pub fn is_int(self) -> bool {
        matches!(
            self,
            LaneType::I8 | LaneType::I16 | LaneType::I32 | LaneType::I64
        )
    }

    /// Width of a lane in bits.
    pub fn bits(self) -> u32 {
        match self {
            LaneType::I8 => 8,
            LaneType::I16 => 16,
            LaneType::I32 | LaneType::F32 => 32,
            LaneType::I64 | LaneType::F64 => 64,
        }
    }

    /// The integer lane type of the same width (the lane type of a mask).
    pub fn as_int(self) -> LaneType {
        match self {
            LaneType::F32 => LaneType::I32,
            LaneType::F64 => LaneType::I64,
            other => other,
        }
    }
}

/// A SIMD vector type `vNxT`: `N` lanes (a power of two, 2 or more) of a
/// numeric lane type `T`, with `N * bits(T) <= 512`.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub struct VectorType {
    lane: LaneType,
    lanes: u16,
}

impl VectorType {
    /// The vector of `lanes` lanes of `lane`, if `lanes` is a power of two,
    /// at least 2, and the vector has at most 512 bits.
    pub fn new(lane: LaneType, lanes: u32) -> Option<VectorType> {
        let valid = lanes >= 2 && lanes.is_power_of_two() && lanes * lane.bits() <= 512;
        valid.then_some(VectorType {
            lane,
            lanes: lanes as u16,
        })
    }

    /// The lane type.
    pub fn lane(self) -> LaneType {
        self.lane
    }

    /// The number of lanes.
    pub fn lanes(self) -> u32 {
        u32::from(self.lanes)
    }

    /// The width in bits.
    pub fn bits(self) -> u32 {
        self.lanes() * self.lane.bits()
    }

    /// Whether the fields form a valid vector (a deserialized value may not).
    pub fn is_valid(self) -> bool {
        VectorType::new(self.lane, self.lanes()).is_some()
    }

    /// The integer vector of the same shape (the type of a comparison mask).
    pub fn mask(self) -> VectorType {
        VectorType {
            lane: self.lane.as_int(),
            lanes: self.lanes,
        }
    }

    /// Parses `v4xf32`.
    pub fn from_name(name: &str) -> Option<VectorType> {
        let rest = name.strip_prefix('v')?;
        let (count, lane) = rest.split_once('x')?;
        if count.starts_with('0') || count.starts_with('+') {
            return None;
        }
        let lanes: u32 = count.parse().ok()?;
        let lane = LaneType::from_type(Type::from_name(lane)?)?;
        VectorType::new(lane, lanes)
    }
}

impl fmt::Display for VectorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lane = self.lane.to_type().scalar_name().unwrap_or_default();
        write!(f, "v{}x{}", self.lanes, lane)
    }
}

/// A type declared in a module.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct TypeDecl {
    /// The name (`%Point`), or `None` for an anonymous tuple.
    pub name: Option<String>,
    /// What the type is.
    pub kind: TypeKind,
}

/// The kinds of declared types.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum TypeKind {
    /// A struct or tuple value: its fields in order.
    Struct {
        /// Field types.
        fields: Vec<Type>,
    },
    /// A tagged union value: an `i32` tag (the variant's index) and the
    /// payload of one variant.
    Enum {
        /// Variants in tag order.
        variants: Vec<Variant>,
    },
    /// A heap object layout: what `alloc` makes (a header with the counts
    /// and a type descriptor, then the fields).
    Object {
        /// Field types.
        fields: Vec<Type>,
        /// A function `(ref) -> void` run when the count reaches zero,
        /// before the fields are released.
        deinit: Option<FuncId>,
    },
}

/// One variant of an enum.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Variant {
    /// Its name, unique in the enum.
    pub name: String,
    /// The types of its payload fields.
    pub fields: Vec<Type>,
}

impl TypeDecl {
    /// The fields of a struct, tuple or object.
    pub fn fields(&self) -> Option<&[Type]> {
        match &self.kind {
            TypeKind::Struct { fields } | TypeKind::Object { fields, .. } => Some(fields),
            TypeKind::Enum { .. } => None,
        }
    }

    /// The variants of an enum.
    pub fn variants(&self) -> Option<&[Variant]> {
        match &self.kind {
            TypeKind::Enum { variants } => Some(variants),
            _ => None,
        }
    }

    /// Whether values of this type exist (structs, tuples and enums do;
    /// objects live on the heap only).
    pub fn is_value_type(&self) -> bool {
        !matches!(self.kind, TypeKind::Object { .. })
    }

    /// The keyword that declares this kind of type in the text format.
    pub fn keyword(&self) -> &'static str {
        match (&self.kind, &self.name) {
            (TypeKind::Struct { .. }, None) => "tuple",
            (TypeKind::Struct { .. }, Some(_)) => "struct",
            (TypeKind::Enum { .. }, _) => "enum",
            (TypeKind::Object { .. }, _) => "object",
        }
    }
}
