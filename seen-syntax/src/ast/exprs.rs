//! Expressions, patterns and their parts.

use super::{Annotation, Arg, Block, FunDecl, Ident, Item, SuperType, Type, TypeArg};
use crate::lexer::{FloatLit, IntLit};
use crate::pack::Word;
use crate::span::Span;

/// An expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Expr<'a> {
    /// What it is.
    pub kind: ExprKind<'a>,
    /// Where it is.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ExprKind<'a> {
    /// An integer literal.
    Int(IntLit),
    /// A floating-point literal.
    Float(FloatLit),
    /// A character literal.
    Char(char),
    /// A string literal with its template parts.
    Str(&'a StrLit<'a>),
    /// `true` or `false`.
    Bool(bool),
    /// `null`
    Null,
    /// A name (local, function, type, `it`, `field`, a prelude name).
    Name(Ident<'a>),
    /// `this` or `this@Outer`.
    This(Option<Ident<'a>>),
    /// `super`, `super<Trait>` or `super@Outer`.
    Super {
        /// `super<Trait>`
        ty: Option<&'a Type<'a>>,
        /// `super@Outer`
        label: Option<Ident<'a>>,
    },
    /// `( expr )`
    Paren(&'a Expr<'a>),
    /// `(a, b, ...)`
    Tuple(&'a [Expr<'a>]),
    /// A prefix operator.
    Unary {
        /// Which operator.
        op: UnaryOp,
        /// The operand.
        expr: &'a Expr<'a>,
    },
    /// `x++`, `x--`, `x!!`
    Postfix {
        /// Which operator.
        op: PostfixOp,
        /// The operand.
        expr: &'a Expr<'a>,
    },
    /// A binary operator.
    Binary {
        /// Which operator.
        op: BinaryOp,
        /// Left operand.
        lhs: &'a Expr<'a>,
        /// Right operand.
        rhs: &'a Expr<'a>,
    },
    /// An infix call by name: `a to b`, `0 until n`, `x shl 2`, `a vs b`.
    Infix {
        /// Left operand (the receiver).
        lhs: &'a Expr<'a>,
        /// The function's canonical name.
        name: Ident<'a>,
        /// Right operand (the argument).
        rhs: &'a Expr<'a>,
    },
    /// `x is T`, `x !is T`
    Is {
        /// The value tested.
        expr: &'a Expr<'a>,
        /// The type.
        ty: &'a Type<'a>,
        /// `!is`
        negated: bool,
    },
    /// `x as T`, `x as? T`
    As {
        /// The value converted.
        expr: &'a Expr<'a>,
        /// The type.
        ty: &'a Type<'a>,
        /// `as?`: `null` instead of a failure.
        safe: bool,
    },
    /// `a.b` or `a?.b`
    Member {
        /// The receiver.
        receiver: &'a Expr<'a>,
        /// The member's name.
        name: Ident<'a>,
        /// `?.`
        safe: bool,
    },
    /// `t.0`
    TupleIndex {
        /// The tuple.
        receiver: &'a Expr<'a>,
        /// The index.
        index: u32,
        /// `?.`
        safe: bool,
        /// Where the index is written.
        index_span: Span,
    },
    /// A call, with optional type arguments and trailing lambda.
    Call {
        /// What is called.
        callee: &'a Expr<'a>,
        /// `<T>` before the arguments.
        type_args: &'a [TypeArg<'a>],
        /// The arguments in parentheses.
        args: &'a [Arg<'a>],
        /// A lambda written after the parentheses.
        trailing: Option<&'a Lambda<'a>>,
    },
    /// `a[i]`, `m[i, j]`
    Index {
        /// The indexed value.
        receiver: &'a Expr<'a>,
        /// The indices.
        indices: &'a [Expr<'a>],
    },
    /// `{ params -> body }`
    Lambda(&'a Lambda<'a>),
    /// `fun(x: Int): Int { ... }`
    AnonFun(&'a FunDecl<'a>),
    /// `::f`, `obj::method`, `Type<'a>::method`
    Ref {
        /// The receiver or type before `::`.
        receiver: Option<&'a Expr<'a>>,
        /// The referenced member.
        name: Ident<'a>,
    },
    /// `if (cond) then else els`
    If(&'a IfExpr<'a>),
    /// `when`
    When(&'a When<'a>),
    /// `try { } catch (e: E) { } finally { }`
    Try(&'a TryExpr<'a>),
    /// Prefix `try expr`: unwraps an `Ok` or propagates the `Err`.
    TryOp(&'a Expr<'a>),
    /// `throw e`
    Throw(&'a Expr<'a>),
    /// `return`, `return@label value`
    Return {
        /// `@label`
        label: Option<Ident<'a>>,
        /// The returned value.
        value: Option<&'a Expr<'a>>,
    },
    /// `break`, `break@label`
    Break(Option<Ident<'a>>),
    /// `continue`, `continue@label`
    Continue(Option<Ident<'a>>),
    /// `object : Trait { ... }`
    Object(&'a ObjectExpr<'a>),
    /// `unsafe { ... }`
    Unsafe(Block<'a>),
    /// A block standing as a statement: `{ ... }`.
    Block(Block<'a>),
    /// `@ann expr`
    Annotated {
        /// The annotations.
        annotations: &'a [Annotation<'a>],
        /// The annotated expression.
        expr: &'a Expr<'a>,
    },
    /// Stands for an expression that could not be parsed.
    Error,
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Plus,
    /// `not x`
    Not,
    /// `~x`
    BitNot,
    /// `++x`
    PreInc,
    /// `--x`
    PreDec,
}

/// Postfix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PostfixOp {
    /// `x++`
    Inc,
    /// `x--`
    Dec,
    /// `x!!`
    NotNull,
}

/// Binary operators (infix calls by name are [`ExprKind<'a>::Infix`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum BinaryOp {
    Elvis,
    Or,
    Xor,
    And,
    Eq,
    NotEq,
    RefEq,
    RefNotEq,
    Lt,
    Gt,
    LtEq,
    GtEq,
    In,
    NotIn,
    Range,
    RangeUntil,
    BitOr,
    BitXor,
    BitAnd,
    Shl,
    Shr,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl BinaryOp {
    /// The operator's symbol, or the canonical word for word operators.
    pub fn symbol(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Elvis => "?:",
            Or => Word::Or.canonical(),
            Xor => Word::Xor.canonical(),
            And => Word::And.canonical(),
            Eq => "==",
            NotEq => "!=",
            RefEq => "===",
            RefNotEq => "!==",
            Lt => "<",
            Gt => ">",
            LtEq => "<=",
            GtEq => ">=",
            In => Word::In.canonical(),
            NotIn => "!in",
            Range => "..",
            RangeUntil => "..<",
            BitOr => "|",
            BitXor => "^",
            BitAnd => "&",
            Shl => "<<",
            Shr => ">>",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Rem => "%",
        }
    }
}

/// `if (cond) then else els`
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IfExpr<'a> {
    /// The condition.
    pub cond: Expr<'a>,
    /// The branch taken when it holds.
    pub then: Block<'a>,
    /// The other branch.
    pub els: Option<Block<'a>>,
}

/// A string literal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StrLit<'a> {
    /// Written with `"""`.
    pub raw: bool,
    /// Text and template parts, in order; text has escapes decoded and,
    /// for a trimmed raw string, its indentation removed.
    pub parts: &'a [StrPart<'a>],
}

/// A piece of a string literal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StrPart<'a> {
    /// Literal text.
    Text(&'a str),
    /// `$name` or `${expr}`.
    Expr(Expr<'a>),
}

/// A lambda.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lambda<'a> {
    /// `label@{ ... }`
    pub label: Option<Ident<'a>>,
    /// The parameters before `->`; `None` when there is no `->` (then a
    /// single parameter is `it`).
    pub params: Option<&'a [LambdaParam<'a>]>,
    /// The statements.
    pub body: Block<'a>,
    /// From `{` to `}` (the label included).
    pub span: Span,
}

/// A lambda parameter: a name or a destructuring, with an optional type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LambdaParam<'a> {
    /// The name, `_`, or `(a, b)`.
    pub pattern: Pattern<'a>,
    /// The declared type.
    pub ty: Option<Type<'a>>,
}

/// `when`
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct When<'a> {
    /// The subject, when there is one.
    pub subject: Option<WhenSubject<'a>>,
    /// The arms, in order.
    pub arms: &'a [WhenArm<'a>],
}

/// `when (expr)` or `when (let x = expr)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WhenSubject<'a> {
    /// The name bound to the subject, with its optional type.
    pub binding: Option<(Ident<'a>, Option<Type<'a>>)>,
    /// The subject.
    pub expr: Expr<'a>,
}

/// `conds [if guard] -> body`
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WhenArm<'a> {
    /// The conditions separated by `,`.
    pub conds: &'a [WhenCond<'a>],
    /// `if guard` after the conditions.
    pub guard: Option<Expr<'a>>,
    /// The body.
    pub body: Block<'a>,
    /// The whole arm.
    pub span: Span,
}

/// One condition of a `when` arm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WhenCond<'a> {
    /// A value compared with the subject, or a condition without one.
    Expr(Expr<'a>),
    /// `in range`, `!in range`
    In {
        /// The range or collection.
        expr: Expr<'a>,
        /// `!in`
        negated: bool,
    },
    /// `is T`, `!is T`
    Is {
        /// The type.
        ty: Type<'a>,
        /// `!is`
        negated: bool,
    },
    /// A destructuring pattern (`Ok(v)`, `Shape.Rect(w, h)`, `(0, _)`).
    Pattern(Pattern<'a>),
    /// `else`
    Else(Span),
}

/// A pattern: in `when` arms, destructuring bindings and lambda
/// parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pattern<'a> {
    /// What it is.
    pub kind: PatternKind<'a>,
    /// Where it is.
    pub span: Span,
}

/// The kinds of pattern.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PatternKind<'a> {
    /// `_`
    Wildcard,
    /// A name that binds.
    Binding(Ident<'a>),
    /// `(a, b)`
    Tuple(&'a [Pattern<'a>]),
    /// `Ok(v)`, `Shape.Rect(w, h)`: a variant or class with its fields.
    Ctor {
        /// The variant or class (a name or a member chain).
        path: &'a Expr<'a>,
        /// Patterns for its fields, in order.
        args: &'a [Pattern<'a>],
    },
    /// A constant compared for equality (literal or qualified name).
    Value(&'a Expr<'a>),
}

/// `try { } catch (e: E) { } finally { }`
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TryExpr<'a> {
    /// The guarded block.
    pub body: Block<'a>,
    /// The handlers.
    pub catches: &'a [Catch<'a>],
    /// The block run on every exit.
    pub finally: Option<Block<'a>>,
}

/// `catch (name: Type<'a>) { ... }`
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Catch<'a> {
    /// The bound error.
    pub name: Ident<'a>,
    /// The error type caught.
    pub ty: Option<Type<'a>>,
    /// The handler.
    pub body: Block<'a>,
    /// The whole clause.
    pub span: Span,
}

/// `object : Base(args), Trait { members }`
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ObjectExpr<'a> {
    /// The base class and traits.
    pub supers: &'a [SuperType<'a>],
    /// The members.
    pub members: &'a [Item<'a>],
}

impl<'a> Expr<'a> {
    /// An expression of `kind` at `span`.
    pub fn new(kind: ExprKind<'a>, span: Span) -> Expr<'a> {
        Expr { kind, span }
    }
}
