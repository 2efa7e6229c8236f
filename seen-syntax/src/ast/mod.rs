//! The abstract syntax tree.
//!
//! Plain owned nodes with a [`Span`] on every one. Names are canonical:
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

use smol_str::SmolStr;

use crate::span::Span;

/// A name: canonical for pack words, as written otherwise.
pub type Name = SmolStr;

/// An identifier with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// The canonical name.
    pub name: Name,
    /// Where it is written.
    pub span: Span,
}

/// A whole source file: one module.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct File {
    /// File annotations (`@file:no_std`).
    pub annotations: Vec<Annotation>,
    /// The imports, in order.
    pub imports: Vec<Import>,
    /// Top-level declarations, in order.
    pub items: Vec<Item>,
    /// The whole file.
    pub span: Span,
}

/// `import a.b.C`, `import a.b.*`, `import a.b.{c, d as e}`, `import a.b.C as D`.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The dotted path before the last part (`a.b` in `a.b.C`), or the
    /// whole path for globs and groups.
    pub path: Vec<Ident>,
    /// What is imported from the path.
    pub kind: ImportKind,
    /// The whole import.
    pub span: Span,
}

/// What an import brings in.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportKind {
    /// One name, maybe renamed.
    Single(ImportName),
    /// Every public name of the module (`.*`).
    Glob,
    /// Several names (`.{a, b as c}`).
    Group(Vec<ImportName>),
}

/// One imported name and its optional new name.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportName {
    /// The name in the module.
    pub name: Ident,
    /// The name it gets here (`as D`).
    pub alias: Option<Ident>,
}

/// `@name`, `@name(args)` or `@file:name`.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// The use-site target (`file` in `@file:no_std`).
    pub target: Option<Ident>,
    /// The annotation's name (canonical when the pack spells it).
    pub name: Ident,
    /// Arguments, when written with parentheses.
    pub args: Vec<Arg>,
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
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// The parameter name, for `name = value`.
    pub name: Option<Ident>,
    /// The value.
    pub value: Expr,
    /// The whole argument.
    pub span: Span,
}

/// A `{ ... }` sequence of statements, or a single statement standing
/// where a body is expected (`if (c) x = 1`). Its value is the value of
/// its last statement when that is an expression.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Block {
    /// The statements, in order.
    pub stmts: Vec<Stmt>,
    /// The braces, or the single statement.
    pub span: Span,
}

/// A statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    /// What it is.
    pub kind: StmtKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of statement.
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// An expression (its value may be discarded).
    Expr(Expr),
    /// A local declaration: binding, function, class, ...
    Decl(Item),
    /// `target = value`, `target += value`, ...
    Assign {
        /// A name, member or index expression.
        target: Expr,
        /// Which assignment.
        op: AssignOp,
        /// The value assigned.
        value: Expr,
    },
    /// `for (pattern in iterable) body`, with an optional label.
    For {
        /// `outer@`
        label: Option<Ident>,
        /// The loop variable or destructuring.
        pattern: Pattern,
        /// What is iterated.
        iterable: Expr,
        /// The body.
        body: Block,
    },
    /// `while (cond) body`
    While {
        /// `outer@`
        label: Option<Ident>,
        /// The condition.
        cond: Expr,
        /// The body.
        body: Block,
    },
    /// `do body while (cond)`
    DoWhile {
        /// `outer@`
        label: Option<Ident>,
        /// The body.
        body: Block,
        /// The condition, checked after each run of the body.
        cond: Expr,
    },
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
