//! Definitions: every declared name of the program, addressed by [`DefId`].
//!
//! Collection ([`crate::collect`]) makes one [`Def`] per module, class,
//! function, property, enum entry, type parameter, alias and constructor,
//! with a link to its syntax ([`Node`]) and its members by name. What a
//! definition means (its signature, its type) is computed later, on demand.

use indexmap::IndexMap;
use seen_syntax::ast;
use seen_syntax::{FileId, Span};
use smallvec::SmallVec;

/// A definition.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct DefId(pub u32);

/// What a definition declares.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DefKind {
    /// A file, an inline `module { }` block, or a directory of files.
    Module,
    /// A class, struct, trait, object or enum.
    Class(ast::ClassKind),
    /// A function or method.
    Fun,
    /// A property: top level, member, primary-constructor `let`/`var`.
    Property,
    /// A struct field written `name: Type`.
    Field,
    /// An enum entry.
    EnumEntry,
    /// A type parameter.
    TypeParam,
    /// A type alias.
    TypeAlias,
    /// A secondary constructor.
    Constructor,
    /// An `extension Type { }` block.
    Extension,
}

/// Who may see a definition.
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum Visibility {
    /// Only in its file (a member: only in its type).
    Private,
    /// Its class and subclasses.
    Protected,
    /// Its package.
    Internal,
    /// Everywhere.
    Public,
}

/// The syntax a definition comes from.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    /// A directory module, or the root.
    None,
    /// A file.
    File(&'a ast::File<'a>),
    /// A declaration.
    Item(&'a ast::Item<'a>),
    /// A primary-constructor parameter that is a property.
    CtorParam(&'a ast::Param<'a>),
    /// An enum entry.
    EnumEntry(&'a ast::EnumEntry<'a>),
    /// A type parameter.
    TypeParam(&'a ast::TypeParam<'a>),
}

/// Members by name; a name may have several definitions (overloads).
pub type Members<'a> = IndexMap<&'a str, SmallVec<[DefId; 1]>, rustc_hash::FxBuildHasher>;

/// One definition.
#[derive(Debug)]
pub struct Def<'a> {
    /// What it declares.
    pub kind: DefKind,
    /// Its name (canonical); empty for an unnamed companion object or an
    /// extension block.
    pub name: &'a str,
    /// The enclosing definition.
    pub parent: Option<DefId>,
    /// The file it is written in (the root's is the first file).
    pub file: FileId,
    /// Where its name is written.
    pub span: Span,
    /// Its syntax.
    pub node: Node<'a>,
    /// Who may see it.
    pub vis: Visibility,
    /// Whether it is part of the standard library.
    pub std: bool,
    /// Members by name (modules, classes, extensions).
    pub members: Members<'a>,
    /// Its type parameters, in order.
    pub type_params: SmallVec<[DefId; 2]>,
}

impl<'a> Def<'a> {
    /// The declaration's syntax, when it is an item.
    pub fn item(&self) -> Option<&'a ast::Item<'a>> {
        match self.node {
            Node::Item(item) => Some(item),
            _ => None,
        }
    }

    /// Whether the declaration has a modifier.
    pub fn has(&self, kind: ast::ModifierKind) -> bool {
        match self.node {
            Node::Item(item) => item.has(kind),
            Node::CtorParam(p) => p.modifiers.iter().any(|m| m.kind == kind),
            _ => false,
        }
    }

    /// The annotations written on the declaration.
    pub fn annotations(&self) -> &'a [ast::Annotation<'a>] {
        match self.node {
            Node::Item(item) => item.annotations,
            Node::CtorParam(p) => p.annotations,
            Node::EnumEntry(e) => e.annotations,
            _ => &[],
        }
    }

    /// Whether the definition is a type (class-like, alias or type
    /// parameter).
    pub fn is_type(&self) -> bool {
        matches!(
            self.kind,
            DefKind::Class(_) | DefKind::TypeAlias | DefKind::TypeParam
        )
    }
}
