//! Types as written.

use super::{Expr, Ident, Variance};
use crate::span::Span;

/// A type as written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Type<'a> {
    /// What it is.
    pub kind: TypeKind<'a>,
    /// Where it is.
    pub span: Span,
}

/// The kinds of type syntax.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TypeKind<'a> {
    /// `a.b.C<T>`: dotted segments, each with type arguments.
    Path(&'a [PathSegment<'a>]),
    /// `T?`
    Nullable(&'a Type<'a>),
    /// `(A, B)`
    Tuple(&'a [Type<'a>]),
    /// `(A, B) -> R`, `T.() -> R`, `suspend (A) -> R`
    Function {
        /// `suspend`
        suspend: bool,
        /// The receiver (`T` in `T.() -> R`).
        receiver: Option<&'a Type<'a>>,
        /// The parameter types (with optional names).
        params: &'a [FnTypeParam<'a>],
        /// The return type.
        ret: &'a Type<'a>,
    },
    /// `simd[T, N]`
    Simd {
        /// The lane type.
        elem: &'a Type<'a>,
        /// The number of lanes (a constant expression).
        lanes: &'a Expr<'a>,
    },
    /// `mask[N]`
    Mask {
        /// The number of lanes.
        lanes: &'a Expr<'a>,
    },
    /// `Self`
    SelfType,
    /// Stands for a type that could not be parsed.
    Error,
}

/// One segment of a type path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PathSegment<'a> {
    /// The name.
    pub name: Ident<'a>,
    /// `<...>` after it.
    pub args: &'a [TypeArg<'a>],
}

/// A type argument.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TypeArg<'a> {
    /// A type, with use-site variance.
    Type {
        /// `out` or `in`.
        variance: Option<Variance>,
        /// The type.
        ty: Type<'a>,
    },
    /// A constant (`3` in `Matrix<Float, 3, 1>`).
    Const(Expr<'a>),
    /// `*`
    Star(Span),
}

/// A parameter of a function type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FnTypeParam<'a> {
    /// An optional name (`(x: Int) -> Unit`).
    pub name: Option<Ident<'a>>,
    /// The type.
    pub ty: Type<'a>,
}
