//! Expressions, patterns and their parts.

use super::{Annotation, Arg, Block, FunDecl, Ident, Item, SuperType, Type, TypeArg};
use crate::lexer::{FloatLit, IntLit};
use crate::pack::Word;
use crate::span::Span;

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// An integer literal.
    Int(IntLit),
    /// A floating-point literal.
    Float(FloatLit),
    /// A character literal.
    Char(char),
    /// A string literal with its template parts.
    Str(Box<StrLit>),
    /// `true` or `false`.
    Bool(bool),
    /// `null`
    Null,
    /// A name (local, function, type, `it`, `field`, a prelude name).
    Name(Ident),
    /// `this` or `this@Outer`.
    This(Option<Ident>),
    /// `super`, `super<Trait>` or `super@Outer`.
    Super {
        /// `super<Trait>`
        ty: Option<Box<Type>>,
        /// `super@Outer`
        label: Option<Ident>,
    },
    /// `( expr )`
    Paren(Box<Expr>),
    /// `(a, b, ...)`
    Tuple(Vec<Expr>),
    /// A prefix operator.
    Unary {
        /// Which operator.
        op: UnaryOp,
        /// The operand.
        expr: Box<Expr>,
    },
    /// `x++`, `x--`, `x!!`
    Postfix {
        /// Which operator.
        op: PostfixOp,
        /// The operand.
        expr: Box<Expr>,
    },
    /// A binary operator.
    Binary {
        /// Which operator.
        op: BinaryOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// An infix call by name: `a to b`, `0 until n`, `x shl 2`, `a vs b`.
    Infix {
        /// Left operand (the receiver).
        lhs: Box<Expr>,
        /// The function's canonical name.
        name: Ident,
        /// Right operand (the argument).
        rhs: Box<Expr>,
    },
    /// `x is T`, `x !is T`
    Is {
        /// The value tested.
        expr: Box<Expr>,
        /// The type.
        ty: Box<Type>,
        /// `!is`
        negated: bool,
    },
    /// `x as T`, `x as? T`
    As {
        /// The value converted.
        expr: Box<Expr>,
        /// The type.
        ty: Box<Type>,
        /// `as?`: `null` instead of a failure.
        safe: bool,
    },
    /// `a.b` or `a?.b`
    Member {
        /// The receiver.
        receiver: Box<Expr>,
        /// The member's name.
        name: Ident,
        /// `?.`
        safe: bool,
    },
    /// `t.0`
    TupleIndex {
        /// The tuple.
        receiver: Box<Expr>,
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
        callee: Box<Expr>,
        /// `<T>` before the arguments.
        type_args: Vec<TypeArg>,
        /// The arguments in parentheses.
        args: Vec<Arg>,
        /// A lambda written after the parentheses.
        trailing: Option<Box<Lambda>>,
    },
    /// `a[i]`, `m[i, j]`
    Index {
        /// The indexed value.
        receiver: Box<Expr>,
        /// The indices.
        indices: Vec<Expr>,
    },
    /// `{ params -> body }`
    Lambda(Box<Lambda>),
    /// `fun(x: Int): Int { ... }`
    AnonFun(Box<FunDecl>),
    /// `::f`, `obj::method`, `Type::method`
    Ref {
        /// The receiver or type before `::`.
        receiver: Option<Box<Expr>>,
        /// The referenced member.
        name: Ident,
    },
    /// `if (cond) then else els`
    If {
        /// The condition.
        cond: Box<Expr>,
        /// The branch taken when it holds.
        then: Block,
        /// The other branch.
        els: Option<Block>,
    },
    /// `when`
    When(Box<When>),
    /// `try { } catch (e: E) { } finally { }`
    Try(Box<TryExpr>),
    /// Prefix `try expr`: unwraps an `Ok` or propagates the `Err`.
    TryOp(Box<Expr>),
    /// `throw e`
    Throw(Box<Expr>),
    /// `return`, `return@label value`
    Return {
        /// `@label`
        label: Option<Ident>,
        /// The returned value.
        value: Option<Box<Expr>>,
    },
    /// `break`, `break@label`
    Break(Option<Ident>),
    /// `continue`, `continue@label`
    Continue(Option<Ident>),
    /// `object : Trait { ... }`
    Object(Box<ObjectExpr>),
    /// `unsafe { ... }`
    Unsafe(Block),
    /// A block standing as a statement: `{ ... }`.
    Block(Block),
    /// `@ann expr`
    Annotated {
        /// The annotations.
        annotations: Vec<Annotation>,
        /// The annotated expression.
        expr: Box<Expr>,
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

/// Binary operators (infix calls by name are [`ExprKind::Infix`]).
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

/// A string literal.
#[derive(Clone, Debug, PartialEq)]
pub struct StrLit {
    /// Written with `"""`.
    pub raw: bool,
    /// Text and template parts, in order; text has escapes decoded and,
    /// for a trimmed raw string, its indentation removed.
    pub parts: Vec<StrPart>,
}

/// A piece of a string literal.
#[derive(Clone, Debug, PartialEq)]
pub enum StrPart {
    /// Literal text.
    Text(String),
    /// `$name` or `${expr}`.
    Expr(Expr),
}

/// A lambda.
#[derive(Clone, Debug, PartialEq)]
pub struct Lambda {
    /// `label@{ ... }`
    pub label: Option<Ident>,
    /// The parameters before `->`; `None` when there is no `->` (then a
    /// single parameter is `it`).
    pub params: Option<Vec<LambdaParam>>,
    /// The statements.
    pub body: Block,
    /// From `{` to `}` (the label included).
    pub span: Span,
}

/// A lambda parameter: a name or a destructuring, with an optional type.
#[derive(Clone, Debug, PartialEq)]
pub struct LambdaParam {
    /// The name, `_`, or `(a, b)`.
    pub pattern: Pattern,
    /// The declared type.
    pub ty: Option<Type>,
}

/// `when`
#[derive(Clone, Debug, PartialEq)]
pub struct When {
    /// The subject, when there is one.
    pub subject: Option<WhenSubject>,
    /// The arms, in order.
    pub arms: Vec<WhenArm>,
}

/// `when (expr)` or `when (let x = expr)`.
#[derive(Clone, Debug, PartialEq)]
pub struct WhenSubject {
    /// The name bound to the subject, with its optional type.
    pub binding: Option<(Ident, Option<Type>)>,
    /// The subject.
    pub expr: Expr,
}

/// `conds [if guard] -> body`
#[derive(Clone, Debug, PartialEq)]
pub struct WhenArm {
    /// The conditions separated by `,`.
    pub conds: Vec<WhenCond>,
    /// `if guard` after the conditions.
    pub guard: Option<Expr>,
    /// The body.
    pub body: Block,
    /// The whole arm.
    pub span: Span,
}

/// One condition of a `when` arm.
#[derive(Clone, Debug, PartialEq)]
pub enum WhenCond {
    /// A value compared with the subject, or a condition without one.
    Expr(Expr),
    /// `in range`, `!in range`
    In {
        /// The range or collection.
        expr: Expr,
        /// `!in`
        negated: bool,
    },
    /// `is T`, `!is T`
    Is {
        /// The type.
        ty: Type,
        /// `!is`
        negated: bool,
    },
    /// A destructuring pattern (`Ok(v)`, `Shape.Rect(w, h)`, `(0, _)`).
    Pattern(Pattern),
    /// `else`
    Else(Span),
}

/// A pattern: in `when` arms, destructuring bindings and lambda
/// parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// What it is.
    pub kind: PatternKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    /// `_`
    Wildcard,
    /// A name that binds.
    Binding(Ident),
    /// `(a, b)`
    Tuple(Vec<Pattern>),
    /// `Ok(v)`, `Shape.Rect(w, h)`: a variant or class with its fields.
    Ctor {
        /// The variant or class (a name or a member chain).
        path: Box<Expr>,
        /// Patterns for its fields, in order.
        args: Vec<Pattern>,
    },
    /// A constant compared for equality (literal or qualified name).
    Value(Box<Expr>),
}

/// `try { } catch (e: E) { } finally { }`
#[derive(Clone, Debug, PartialEq)]
pub struct TryExpr {
    /// The guarded block.
    pub body: Block,
    /// The handlers.
    pub catches: Vec<Catch>,
    /// The block run on every exit.
    pub finally: Option<Block>,
}

/// `catch (name: Type) { ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct Catch {
    /// The bound error.
    pub name: Ident,
    /// The error type caught.
    pub ty: Option<Type>,
    /// The handler.
    pub body: Block,
    /// The whole clause.
    pub span: Span,
}

/// `object : Base(args), Trait { members }`
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectExpr {
    /// The base class and traits.
    pub supers: Vec<SuperType>,
    /// The members.
    pub members: Vec<Item>,
}

impl Expr {
    /// An expression of `kind` at `span`.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }
}
