//! Declarations: functions, properties, classes and their relatives.

use super::{Annotation, Arg, Block, Expr, Ident, Modifier, ModifierKind, Pattern, Type, TypeArg};
use crate::span::Span;

/// A declaration with its documentation, annotations and modifiers.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The text of the `///` comments just before it, markers removed.
    pub doc: Option<String>,
    /// `@...` before it.
    pub annotations: Vec<Annotation>,
    /// Modifier words before it.
    pub modifiers: Vec<Modifier>,
    /// What it declares.
    pub kind: ItemKind,
    /// The whole declaration, annotations included.
    pub span: Span,
}

impl Item {
    /// Whether the declaration has this modifier.
    pub fn has(&self, kind: ModifierKind) -> bool {
        self.modifiers.iter().any(|m| m.kind == kind)
    }
}

/// The kinds of declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    /// `fun`
    Fun(Box<FunDecl>),
    /// `let`, `var`, `const`, or a struct field.
    Property(Box<PropertyDecl>),
    /// `class`, `struct`, `trait`, `object`, `enum` (see [`ClassKind`]).
    Class(Box<ClassDecl>),
    /// `typealias Name = Type` (or `type`).
    TypeAlias(Box<TypeAlias>),
    /// `extension Type : Traits { ... }`
    Extension(Box<ExtensionDecl>),
    /// `module name { ... }`
    Module(Box<ModuleDecl>),
    /// `init { ... }` in a class or object.
    Init(Block),
    /// `deinit { ... }` in a class.
    Deinit(Block),
    /// `constructor(...) : this(...) { ... }`
    Constructor(Box<SecondaryCtor>),
}

/// A function, method, extension function or operator function.
#[derive(Clone, Debug, PartialEq)]
pub struct FunDecl {
    /// `<T : Bound>`, written before or after the name.
    pub type_params: Vec<TypeParam>,
    /// The receiver of an extension (`Int` in `fun Int.isEven()`).
    pub receiver: Option<Type>,
    /// The name; for an operator function, its symbol (`+`, `..<`, `+=`).
    pub name: Ident,
    /// The parameters.
    pub params: Vec<Param>,
    /// The declared return type.
    pub ret: Option<Type>,
    /// `where T : A, T : B`
    pub where_clause: Vec<WhereBound>,
    /// The body, absent for abstract and external functions.
    pub body: Option<FunBody>,
}

/// A function body.
#[derive(Clone, Debug, PartialEq)]
pub enum FunBody {
    /// `{ ... }`
    Block(Block),
    /// `= expr`
    Expr(Expr),
}

/// A function or constructor parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// `@...` before it.
    pub annotations: Vec<Annotation>,
    /// Modifiers (on constructor parameters: visibility, `override`).
    pub modifiers: Vec<Modifier>,
    /// For a primary-constructor parameter: `let` or `var` makes it a
    /// property.
    pub binding: Option<BindingKind>,
    /// The name.
    pub name: Ident,
    /// The type (lambda-style setter parameters may omit it).
    pub ty: Option<Type>,
    /// The default value.
    pub default: Option<Expr>,
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
#[derive(Clone, Debug, PartialEq)]
pub struct PropertyDecl {
    /// `let`, `var`, `const` or a struct field.
    pub binding: BindingKind,
    /// Type parameters of a generic extension property.
    pub type_params: Vec<TypeParam>,
    /// The receiver of an extension property.
    pub receiver: Option<Type>,
    /// The name, or a destructuring pattern (`let (a, b) = pair`).
    pub pattern: Pattern,
    /// The declared type.
    pub ty: Option<Type>,
    /// The initial value.
    pub init: Option<Expr>,
    /// `get() ...`
    pub getter: Option<Accessor>,
    /// `set(value) ...` or `private set`.
    pub setter: Option<Accessor>,
}

/// A property accessor.
#[derive(Clone, Debug, PartialEq)]
pub struct Accessor {
    /// Modifiers (`private set`).
    pub modifiers: Vec<Modifier>,
    /// The setter's parameter.
    pub param: Option<Param>,
    /// The getter's declared type.
    pub ty: Option<Type>,
    /// The body; absent for `private set` alone.
    pub body: Option<FunBody>,
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
#[derive(Clone, Debug, PartialEq)]
pub struct ClassDecl {
    /// Which kind.
    pub kind: ClassKind,
    /// The name; absent for an unnamed `companion object`.
    pub name: Option<Ident>,
    /// `<T, out U, const N: Int>`
    pub type_params: Vec<TypeParam>,
    /// The primary constructor.
    pub ctor: Option<PrimaryCtor>,
    /// The base class and traits after `:`.
    pub supers: Vec<SuperType>,
    /// `where T : A`
    pub where_clause: Vec<WhereBound>,
    /// An enum's entries.
    pub entries: Vec<EnumEntry>,
    /// Members, in order.
    pub members: Vec<Item>,
}

/// The constructor written in a class header.
#[derive(Clone, Debug, PartialEq)]
pub struct PrimaryCtor {
    /// `private constructor(...)`
    pub modifiers: Vec<Modifier>,
    /// The parameters; `let`/`var` ones are properties.
    pub params: Vec<Param>,
    /// From `(` (or the modifiers) to `)`.
    pub span: Span,
}

/// An entry after `:` in a class header.
#[derive(Clone, Debug, PartialEq)]
pub struct SuperType {
    /// The base class or trait.
    pub ty: Type,
    /// Arguments to the base class's constructor.
    pub args: Option<Vec<Arg>>,
    /// `by expr`: forward the trait's members to this value.
    pub delegate: Option<Expr>,
    /// The whole entry.
    pub span: Span,
}

/// One entry of an enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumEntry {
    /// `///` documentation.
    pub doc: Option<String>,
    /// `@...` before it.
    pub annotations: Vec<Annotation>,
    /// The entry's name.
    pub name: Ident,
    /// Arguments to the enum's constructor (`MERCURY(3.3e23, 2.4e6)`).
    pub args: Option<Vec<Arg>>,
    /// The payload fields of a variant (`Circle(radius: Double)`).
    pub payload: Option<Vec<Param>>,
    /// The explicit value (`INFO = 2`).
    pub value: Option<Expr>,
    /// The whole entry.
    pub span: Span,
}

/// A type parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeParam {
    /// `out` or `in`.
    pub variance: Option<Variance>,
    /// `const N: Int`: a compile-time value parameter.
    pub is_const: bool,
    /// The name.
    pub name: Ident,
    /// The bound after `:` (for a const parameter, its type).
    pub bound: Option<Type>,
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
#[derive(Clone, Debug, PartialEq)]
pub struct WhereBound {
    /// The type parameter.
    pub param: Ident,
    /// Its bound.
    pub bound: Type,
}

/// `typealias Name<T> = Type`
#[derive(Clone, Debug, PartialEq)]
pub struct TypeAlias {
    /// The new name.
    pub name: Ident,
    /// Its parameters.
    pub type_params: Vec<TypeParam>,
    /// What it stands for.
    pub ty: Type,
}

/// `extension Type : Traits { members }`
#[derive(Clone, Debug, PartialEq)]
pub struct ExtensionDecl {
    /// Type parameters (`extension<T> List<T>`).
    pub type_params: Vec<TypeParam>,
    /// The extended type.
    pub ty: Type,
    /// Traits the type gains.
    pub supers: Vec<SuperType>,
    /// `where T : A`
    pub where_clause: Vec<WhereBound>,
    /// The members added.
    pub members: Vec<Item>,
}

/// `module name { ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct ModuleDecl {
    /// The module's name.
    pub name: Ident,
    /// Its imports.
    pub imports: Vec<super::Import>,
    /// Its declarations.
    pub items: Vec<Item>,
}

/// `constructor(params) : this(args) { body }`
#[derive(Clone, Debug, PartialEq)]
pub struct SecondaryCtor {
    /// The parameters.
    pub params: Vec<Param>,
    /// The delegation call.
    pub delegation: Option<CtorDelegation>,
    /// The body.
    pub body: Option<Block>,
}

/// `: this(...)` or `: super(...)` after a secondary constructor.
#[derive(Clone, Debug, PartialEq)]
pub struct CtorDelegation {
    /// `true` for `super`, `false` for `this`.
    pub to_super: bool,
    /// The arguments.
    pub args: Vec<Arg>,
    /// The whole delegation.
    pub span: Span,
}

/// Type arguments are reused by calls; this alias names them in items.
pub type TypeArgs = Vec<TypeArg>;
