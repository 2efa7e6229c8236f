//! Types as written.

use super::{Expr, Ident, Variance};
use crate::span::Span;

/// A type as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Type {
    /// What it is.
    pub kind: TypeKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of type syntax.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// `a.b.C<T>`: dotted segments, each with type arguments.
    Path(Vec<PathSegment>),
    /// `T?`
    Nullable(Box<Type>),
    /// `(A, B)`
    Tuple(Vec<Type>),
    /// `(A, B) -> R`, `T.() -> R`, `suspend (A) -> R`
    Function {
        /// `suspend`
        suspend: bool,
        /// The receiver (`T` in `T.() -> R`).
        receiver: Option<Box<Type>>,
        /// The parameter types (with optional names).
        params: Vec<FnTypeParam>,
        /// The return type.
        ret: Box<Type>,
    },
    /// `simd[T, N]`
    Simd {
        /// The lane type.
        elem: Box<Type>,
        /// The number of lanes (a constant expression).
        lanes: Box<Expr>,
    },
    /// `mask[N]`
    Mask {
        /// The number of lanes.
        lanes: Box<Expr>,
    },
    /// `Self`
    SelfType,
    /// Stands for a type that could not be parsed.
    Error,
}

/// One segment of a type path.
#[derive(Clone, Debug, PartialEq)]
pub struct PathSegment {
    /// The name.
    pub name: Ident,
    /// `<...>` after it.
    pub args: Vec<TypeArg>,
}

/// A type argument.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeArg {
    /// A type, with use-site variance.
    Type {
        /// `out` or `in`.
        variance: Option<Variance>,
        /// The type.
        ty: Type,
    },
    /// A constant (`3` in `Matrix<Float, 3, 1>`).
    Const(Expr),
    /// `*`
    Star(Span),
}

/// A parameter of a function type.
#[derive(Clone, Debug, PartialEq)]
pub struct FnTypeParam {
    /// An optional name (`(x: Int) -> Unit`).
    pub name: Option<Ident>,
    /// The type.
    pub ty: Type,
}
