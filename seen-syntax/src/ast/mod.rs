//! The abstract syntax tree.
//!
//! Nodes live in an arena (`bumpalo`) that the caller owns: every node is
//! `Copy` and refers to its children with `&'a` references and slices, so
//! building a tree costs a pointer bump per node and freeing it costs
//! nothing. Every node has a [`Span`]. Names are canonical:
//! an identifier spelled with a pack's prelude or type word carries the
//! canonical name (`println`, `Int`), so a program parses to the same tree
//! under every pack. The tree is syntax only: the parser does not decide
//! what a name refers to (whether `Ok(v)` in a `when` arm destructures or
//! calls is the checker's question). Read [`File`] first, then
//! [`items`], [`exprs`], [`types`].

pub mod exprs;
pub mod items;
pub mod print;
pub mod types;

pub use exprs::*;
pub use items::*;
pub use types::*;

use crate::span::Span;

/// A name: canonical for pack words (a `&'static str` from the schema),
/// otherwise a slice of the source text.
pub type Name<'a> = &'a str;

/// An identifier with its place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ident<'a> {
    /// The canonical name.
    pub name: Name<'a>,
    /// Where it is written.
    pub span: Span,
}

/// A whole source file: one module.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct File<'a> {
    /// File annotations (`@file:no_std`).
    pub annotations: &'a [Annotation<'a>],
    /// The imports, in order.
    pub imports: &'a [Import<'a>],
    /// Top-level declarations, in order.
    pub items: &'a [Item<'a>],
    /// The whole file.
    pub span: Span,
}

/// `import a.b.C`, `import a.b.*`, `import a.b.{c, d as e}`, `import a.b.C as D`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Import<'a> {
    /// The dotted path before the last part (`a.b` in `a.b.C`), or the
    /// whole path for globs and groups.
    pub path: &'a [Ident<'a>],
    /// What is imported from the path.
    pub kind: ImportKind<'a>,
    /// The whole import.
    pub span: Span,
}

/// What an import brings in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ImportKind<'a> {
    /// One name, maybe renamed.
    Single(ImportName<'a>),
    /// Every public name of the module (`.*`).
    Glob,
    /// Several names (`.{a, b as c}`).
    Group(&'a [ImportName<'a>]),
}

/// One imported name and its optional new name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImportName<'a> {
    /// The name in the module.
    pub name: Ident<'a>,
    /// The name it gets here (`as D`).
    pub alias: Option<Ident<'a>>,
}

/// `@name`, `@name(args)` or `@file:name`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Annotation<'a> {
    /// The use-site target (`file` in `@file:no_std`).
    pub target: Option<Ident<'a>>,
    /// The annotation's name (canonical when the pack spells it).
    pub name: Ident<'a>,
    /// Arguments, when written with parentheses.
    pub args: &'a [Arg<'a>],
    /// The whole annotation, `@` included.
    pub span: Span,
}

/// A modifier word before a declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Modifier {
    /// Which modifier.
    pub kind: ModifierKind,
    /// Where it is written.
    pub span: Span,
}

/// The modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum ModifierKind {
    Private,
    Protected,
    Internal,
    Public,
    Open,
    Abstract,
    Final,
    Override,
    Sealed,
    Data,
    Enum,
    Inner,
    Companion,
    Inline,
    External,
    Operator,
    Infix,
    Suspend,
    Mutating,
    Weak,
}

/// A call argument: positional or named.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arg<'a> {
    /// The parameter name, for `name = value`.
    pub name: Option<Ident<'a>>,
    /// The value.
    pub value: Expr<'a>,
    /// The whole argument.
    pub span: Span,
}

/// A `{ ... }` sequence of statements, or a single statement standing
/// where a body is expected (`if (c) x = 1`). Its value is the value of
/// its last statement when that is an expression.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Block<'a> {
    /// The statements, in order.
    pub stmts: &'a [Stmt<'a>],
    /// The braces, or the single statement.
    pub span: Span,
}

/// A statement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stmt<'a> {
    /// What it is.
    pub kind: StmtKind<'a>,
    /// Where it is.
    pub span: Span,
}

/// The kinds of statement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StmtKind<'a> {
    /// An expression (its value may be discarded).
    Expr(Expr<'a>),
    /// A local declaration: binding, function, class, ...
    Decl(&'a Item<'a>),
    /// `target = value`, `target += value`, ...
    Assign(&'a Assign<'a>),
    /// `for (pattern in iterable) body`
    For(&'a ForLoop<'a>),
    /// `while (cond) body`
    While(&'a WhileLoop<'a>),
    /// `do body while (cond)`: the body runs before the first test.
    DoWhile(&'a WhileLoop<'a>),
}

/// `target = value` or a compound assignment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Assign<'a> {
    /// A name, member or index expression.
    pub target: Expr<'a>,
    /// Which assignment.
    pub op: AssignOp,
    /// The value assigned.
    pub value: Expr<'a>,
}

/// `for (pattern in iterable) body`, with an optional label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ForLoop<'a> {
    /// `outer@`
    pub label: Option<Ident<'a>>,
    /// The loop variable or destructuring.
    pub pattern: Pattern<'a>,
    /// What is iterated.
    pub iterable: Expr<'a>,
    /// The body.
    pub body: Block<'a>,
}

/// `while (cond) body` or `do body while (cond)`, with an optional label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WhileLoop<'a> {
    /// `outer@`
    pub label: Option<Ident<'a>>,
    /// The condition.
    pub cond: Expr<'a>,
    /// The body.
    pub body: Block<'a>,
}

/// Assignment operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum AssignOp {
    Assign,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
}

impl AssignOp {
    /// The operator as written (`+=`).
    pub fn symbol(self) -> &'static str {
        match self {
            AssignOp::Assign => "=",
            AssignOp::Add => "+=",
            AssignOp::Sub => "-=",
            AssignOp::Mul => "*=",
            AssignOp::Div => "/=",
            AssignOp::Rem => "%=",
            AssignOp::BitAnd => "&=",
            AssignOp::BitOr => "|=",
            AssignOp::BitXor => "^=",
            AssignOp::Shl => "<<=",
            AssignOp::Shr => ">>=",
        }
    }
}
