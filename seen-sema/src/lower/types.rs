//! Seen types to IR types (docs/codegen-status.md lists the mapping).
//!
//! - numbers, `Boolean` and `Char` are IR scalars; `Unit` and `Nothing`
//!   have no value;
//! - `String`, classes, objects, traits and arrays are counted references;
//! - `T?` is `T` when `T` is a reference (null is the null reference),
//!   otherwise the tuple `{bool, T}` (present, value);
//! - tuples are IR tuples; structs are IR structs of their stored
//!   properties; function values are `{ptr, ref}` (code, environment).

use seen_ir::{Module, Type};

use super::Lower;
use crate::defs::DefKind;
use crate::ty::{FloatTy, IntTy, Ty, TyKind};
use seen_syntax::ast::ClassKind;

impl Lower<'_, '_> {
    /// The IR type of a value of `ty`: `Ok(None)` for `Unit` and `Nothing`
    /// (no value), `Err(what)` for a type not lowered yet.
    pub fn ir_type(&mut self, module: &mut Module, ty: Ty) -> Result<Option<Type>, String> {
        Ok(Some(match self.s.types.kind(ty).clone() {
            TyKind::Unit | TyKind::Nothing => return Ok(None),
            TyKind::Bool => Type::Bool,
            TyKind::Char => Type::I32,
            TyKind::Int(i) => int_type(i),
            TyKind::Float(FloatTy::F32) => Type::F32,
            TyKind::Float(FloatTy::F64) => Type::F64,
            TyKind::Any => Type::Ref,
            TyKind::Nullable(inner) => match self.ir_type(module, inner)? {
                None => Type::Ref,
                Some(Type::Ref) => Type::Ref,
                Some(t) => Type::Aggregate(module.tuple(&[Type::Bool, t])),
            },
            TyKind::Tuple(items) => {
                let mut fields = Vec::new();
                for t in items.iter() {
                    fields.push(self.ir_type(module, *t)?.unwrap_or(Type::Bool));
                }
                Type::Aggregate(module.tuple(&fields))
            }
            TyKind::Fn(_) => Type::Aggregate(module.tuple(&[Type::Ptr, Type::Ref])),
            TyKind::Adt(d, _) => match self.s.def(d).kind {
                DefKind::Class(ClassKind::Struct) if !self.s.def(d).std => {
                    Type::Aggregate(self.struct_type(module, ty)?)
                }
                DefKind::Class(ClassKind::Enum) => Type::Aggregate(self.enum_type(module, ty)?),
                DefKind::Class(ClassKind::Struct) => {
                    return Err(format!("a value of type `{}`", self.s.show(ty)));
                }
                _ => Type::Ref,
            },
            _ => return Err(format!("a value of type `{}`", self.s.show(ty))),
        }))
    }

    /// Whether `ty` is the standard library's `String`.
    pub fn is_string(&self, ty: Ty) -> bool {
        matches!(self.s.types.kind(ty), TyKind::Adt(d, _) if Some(*d) == self.s.lang("String"))
    }
}

/// The IR integer type of a Seen integer type.
pub fn int_type(i: IntTy) -> Type {
    match i.bits() {
        8 => Type::I8,
        16 => Type::I16,
        32 => Type::I32,
        _ => Type::I64,
    }
}
