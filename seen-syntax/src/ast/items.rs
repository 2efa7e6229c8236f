//! Declarations: functions, properties, classes and their relatives.

use super::{Annotation, Arg, Block, Expr, Ident, Modifier, ModifierKind, Pattern, Type, TypeArg};
use crate::span::Span;

/// A declaration with its documentation, annotations and modifiers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Item<'a> {
    /// The text of the `///` comments just before it, markers removed.
    pub doc: Option<&'a str>,
    /// `@...` before it.
    pub annotations: &'a [Annotation<'a>],
    /// Modifier words before it.
    pub modifiers: &'a [Modifier],
    /// What it declares.
    pub kind: ItemKind<'a>,
    /// The whole declaration, annotations included.
    pub span: Span,
}

impl<'a> Item<'a> {
    /// Whether the declaration has this modifier.
    pub fn has(&self, kind: ModifierKind) -> bool {
        self.modifiers.iter().any(|m| m.kind == kind)
    }
}

/// The kinds of declaration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ItemKind<'a> {
    /// `fun`
    Fun(&'a FunDecl<'a>),
    /// `let`, `var`, `const`, or a struct field.
    Property(&'a PropertyDecl<'a>),
    /// `class`, `struct`, `trait`, `object`, `enum` (see [`ClassKind`]).
    Class(&'a ClassDecl<'a>),
    /// `typealias Name = Type` (or `type`).
    TypeAlias(&'a TypeAlias<'a>),
    /// `extension Type<'a> : Traits { ... }`
    Extension(&'a ExtensionDecl<'a>),
    /// `module name { ... }`
    Module(&'a ModuleDecl<'a>),
    /// `init { ... }` in a class or object.
    Init(Block<'a>),
    /// `deinit { ... }` in a class.
    Deinit(Block<'a>),
    /// `constructor(...) : this(...) { ... }`
    Constructor(&'a SecondaryCtor<'a>),
}

/// A function, method, extension function or operator function.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FunDecl<'a> {
    /// `<T : Bound>`, written before or after the name.
    pub type_params: &'a [TypeParam<'a>],
    /// The receiver of an extension (`Int` in `fun Int.isEven()`).
    pub receiver: Option<Type<'a>>,
    /// The name; for an operator function, its symbol (`+`, `..<`, `+=`).
    pub name: Ident<'a>,
    /// The parameters.
    pub params: &'a [Param<'a>],
    /// The declared return type.
    pub ret: Option<Type<'a>>,
    /// `where T : A, T : B`
    pub where_clause: &'a [WhereBound<'a>],
    /// The body, absent for abstract and external functions.
    pub body: Option<FunBody<'a>>,
}

/// A function body.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FunBody<'a> {
    /// `{ ... }`
    Block(Block<'a>),
    /// `= expr`
    Expr(Expr<'a>),
}

/// A function or constructor parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Param<'a> {
    /// `@...` before it.
    pub annotations: &'a [Annotation<'a>],
    /// Modifiers (on constructor parameters: visibility, `override`).
    pub modifiers: &'a [Modifier],
    /// For a primary-constructor parameter: `let` or `var` makes it a
    /// property.
    pub binding: Option<BindingKind>,
    /// The name.
    pub name: Ident<'a>,
    /// The type (lambda-style setter parameters may omit it).
    pub ty: Option<Type<'a>>,
    /// The default value.
    pub default: Option<Expr<'a>>,
    /// `Int...`: the parameter collects the remaining arguments.
    pub vararg: bool,
    /// The whole parameter.
    pub span: Span,
}

/// How a property binds its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BindingKind {
    /// `let`: assigned once.
    Let,
    /// `var`: reassignable.
    Var,
    /// `const`: evaluated at compile time.
    Const,
    /// A struct field written `name: Type`.
    Field,
}

/// A property or local binding.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PropertyDecl<'a> {
    /// `let`, `var`, `const` or a struct field.
    pub binding: BindingKind,
    /// Type<'a> parameters of a generic extension property.
    pub type_params: &'a [TypeParam<'a>],
    /// The receiver of an extension property.
    pub receiver: Option<Type<'a>>,
    /// The name, or a destructuring pattern (`let (a, b) = pair`).
    pub pattern: Pattern<'a>,
    /// The declared type.
    pub ty: Option<Type<'a>>,
    /// The initial value.
    pub init: Option<Expr<'a>>,
    /// `get() ...`
    pub getter: Option<&'a Accessor<'a>>,
    /// `set(value) ...` or `private set`.
    pub setter: Option<&'a Accessor<'a>>,
}

/// A property accessor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Accessor<'a> {
    /// Modifiers (`private set`).
    pub modifiers: &'a [Modifier],
    /// The setter's parameter.
    pub param: Option<Param<'a>>,
    /// The getter's declared type.
    pub ty: Option<Type<'a>>,
    /// The body; absent for `private set` alone.
    pub body: Option<FunBody<'a>>,
    /// The whole accessor.
    pub span: Span,
}

/// What a class-like declaration is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClassKind {
    /// `class` (reference type; `data`, `open`, `abstract`, `sealed`,
    /// `inner` are modifiers).
    Class,
    /// `struct` (value type).
    Struct,
    /// `trait` or `interface`.
    Trait,
    /// `object` (singleton) or `companion object`.
    Object,
    /// `enum`
    Enum,
}

/// A class, struct, trait, object or enum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClassDecl<'a> {
    /// Which kind.
    pub kind: ClassKind,
    /// The name; absent for an unnamed `companion object`.
    pub name: Option<Ident<'a>>,
    /// `<T, out U, const N: Int>`
    pub type_params: &'a [TypeParam<'a>],
    /// The primary constructor.
    pub ctor: Option<PrimaryCtor<'a>>,
    /// The base class and traits after `:`.
    pub supers: &'a [SuperType<'a>],
    /// `where T : A`
    pub where_clause: &'a [WhereBound<'a>],
    /// An enum's entries.
    pub entries: &'a [EnumEntry<'a>],
    /// Members, in order.
    pub members: &'a [Item<'a>],
}

/// The constructor written in a class header.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrimaryCtor<'a> {
    /// `private constructor(...)`
    pub modifiers: &'a [Modifier],
    /// The parameters; `let`/`var` ones are properties.
    pub params: &'a [Param<'a>],
    /// From `(` (or the modifiers) to `)`.
    pub span: Span,
}

/// An entry after `:` in a class header.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SuperType<'a> {
    /// The base class or trait.
    pub ty: Type<'a>,
    /// Arguments to the base class's constructor.
    pub args: Option<&'a [Arg<'a>]>,
    /// `by expr`: forward the trait's members to this value.
    pub delegate: Option<Expr<'a>>,
    /// The whole entry.
    pub span: Span,
}

/// One entry of an enum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EnumEntry<'a> {
    /// `///` documentation.
    pub doc: Option<&'a str>,
    /// `@...` before it.
    pub annotations: &'a [Annotation<'a>],
    /// The entry's name.
    pub name: Ident<'a>,
    /// Arguments to the enum's constructor (`MERCURY(3.3e23, 2.4e6)`).
    pub args: Option<&'a [Arg<'a>]>,
    /// The payload fields of a variant (`Circle(radius: Double)`).
    pub payload: Option<&'a [Param<'a>]>,
    /// The explicit value (`INFO = 2`).
    pub value: Option<Expr<'a>>,
    /// The whole entry.
    pub span: Span,
}

/// A type parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TypeParam<'a> {
    /// `out` or `in`.
    pub variance: Option<Variance>,
    /// `const N: Int`: a compile-time value parameter.
    pub is_const: bool,
    /// The name.
    pub name: Ident<'a>,
    /// The bound after `:` (for a const parameter, its type).
    pub bound: Option<Type<'a>>,
    /// The whole parameter.
    pub span: Span,
}

/// Declaration-site or use-site variance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Variance {
    /// `out T`: only produced.
    Out,
    /// `in T`: only consumed.
    In,
}

/// `T : Bound` in a `where` clause.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WhereBound<'a> {
    /// The type parameter.
    pub param: Ident<'a>,
    /// Its bound.
    pub bound: Type<'a>,
}

/// `typealias Name<T> = Type`
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TypeAlias<'a> {
    /// The new name.
    pub name: Ident<'a>,
    /// Its parameters.
    pub type_params: &'a [TypeParam<'a>],
    /// What it stands for.
    pub ty: Type<'a>,
}

/// `extension Type<'a> : Traits { members }`
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExtensionDecl<'a> {
    /// Type<'a> parameters (`extension<T> List<T>`).
    pub type_params: &'a [TypeParam<'a>],
    /// The extended type.
    pub ty: Type<'a>,
    /// Traits the type gains.
    pub supers: &'a [SuperType<'a>],
    /// `where T : A`
    pub where_clause: &'a [WhereBound<'a>],
    /// The members added.
    pub members: &'a [Item<'a>],
}

/// `module name { ... }`
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModuleDecl<'a> {
    /// The module's name.
    pub name: Ident<'a>,
    /// Its imports.
    pub imports: &'a [super::Import<'a>],
    /// Its declarations.
    pub items: &'a [Item<'a>],
}

/// `constructor(params) : this(args) { body }`
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SecondaryCtor<'a> {
    /// The parameters.
    pub params: &'a [Param<'a>],
    /// The delegation call.
    pub delegation: Option<CtorDelegation<'a>>,
    /// The body.
    pub body: Option<Block<'a>>,
}

/// `: this(...)` or `: super(...)` after a secondary constructor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CtorDelegation<'a> {
    /// `true` for `super`, `false` for `this`.
    pub to_super: bool,
    /// The arguments.
    pub args: &'a [Arg<'a>],
    /// The whole delegation.
    pub span: Span,
}

/// Type<'a> arguments are reused by calls; this alias names them in items.
pub type TypeArgs<'a> = &'a [TypeArg<'a>];
