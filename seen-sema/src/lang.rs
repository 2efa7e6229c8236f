//! The few standard-library definitions the checker must know by name.
//!
//! The standard library is ordinary Seen source. After collection, the
//! checker looks up the names below in the prelude (the modules under
//! `std.core`, whose public declarations are in scope everywhere) and
//! remembers them: literals need `String`, `for` needs `Iterable`,
//! templates need `StringBuilder`, and so on. A `@builtin struct` named
//! like a primitive type (`Int`, `Boolean`, ...) gives that type its
//! members.

use rustc_hash::FxHashMap;

use crate::defs::{DefId, DefKind};
use crate::ty::Ty;
use crate::{Sema, codes};

/// Well-known definitions of the standard library.
#[derive(Debug, Default)]
pub struct LangItems {
    /// The modules whose public declarations are always in scope.
    pub prelude: Vec<DefId>,
    /// `@builtin` structs standing for primitive types, and the type each
    /// stands for.
    pub prims: FxHashMap<DefId, Ty>,
    /// The reverse: the `@builtin` declaration that holds a primitive
    /// type's members.
    pub prim_defs: FxHashMap<Ty, DefId>,
    /// Classes and traits the language itself refers to, by canonical
    /// name (`String`, `List`, `Iterable`, `Result`, ...).
    pub named: FxHashMap<&'static str, DefId>,
    /// Entries in scope everywhere: `Result`'s `Ok` and `Err`.
    pub prelude_entries: Vec<DefId>,
}

/// Generated members of a data class: `copy(...)`.
pub const DATA_COPY: &str = "copy";

/// The primitive types a `@builtin struct` may stand for.
const PRIMITIVES: &[(&str, Ty)] = &[
    ("Int", Ty::INT),
    ("Int8", Ty::I8),
    ("Int16", Ty::I16),
    ("Int32", Ty::I32),
    ("UInt", Ty::UINT),
    ("UInt8", Ty::U8),
    ("UInt16", Ty::U16),
    ("UInt32", Ty::U32),
    ("Float", Ty::FLOAT),
    ("Double", Ty::DOUBLE),
    ("Boolean", Ty::BOOL),
    ("Char", Ty::CHAR),
    ("Unit", Ty::UNIT),
    ("Nothing", Ty::NOTHING),
    ("Any", Ty::ANY),
];

/// Names the checker looks up in the prelude.
pub const NAMED: &[&str] = &[
    "String",
    "StringBuilder",
    "List",
    "Map",
    "Set",
    "Array",
    "Result",
    "Enum",
    "EnumCompanion",
    "Ptr",
    "Simd",
    "SimdCompanion",
    "Mask",
    "Error",
    "Comparable",
    "Iterable",
    "Iterator",
    "IntRange",
    "CharRange",
    "ClosedRange",
    "IntArray",
    "DoubleArray",
    "FloatArray",
    "ByteArray",
    "MapEntry",
    "IndexedValue",
];

impl<'a> Sema<'a> {
    pub(crate) fn find_lang_items(&mut self) {
        let Some(std) = self.module_child(self.root, "std") else {
            let d = seen_syntax::Diagnostic::error(codes::NO_STD, "the standard library is missing")
                .help("the compiler reads it from seen-std/std; this is a bug in the tool that called the checker");
            self.report(d);
            return;
        };
        if let Some(core) = self.module_child(std, "core") {
            let mut stack = vec![core];
            while let Some(m) = stack.pop() {
                self.lang.prelude.push(m);
                for ids in self.def(m).members.values() {
                    stack.extend(
                        ids.iter()
                            .copied()
                            .filter(|d| self.def(*d).kind == DefKind::Module),
                    );
                }
            }
        }
        let builtin =
            seen_syntax::pack::schema::entry(seen_syntax::pack::Section::Annotations, "builtin")
                .map(|e| e.canonical());
        for m in self.lang.prelude.clone() {
            for (&name, ids) in self.def(m).members.clone().iter() {
                for &id in ids {
                    let def = self.def(id);
                    let is_builtin = def
                        .annotations()
                        .iter()
                        .any(|a| Some(a.name.name) == builtin);
                    if is_builtin && matches!(def.kind, DefKind::Class(_)) {
                        if let Some(&(_, ty)) = PRIMITIVES.iter().find(|(n, _)| *n == name) {
                            self.lang.prims.insert(id, ty);
                            self.lang.prim_defs.insert(ty, id);
                        }
                    }
                    if let Some(&known) = NAMED.iter().find(|n| **n == name) {
                        self.lang.named.entry(known).or_insert(id);
                    }
                }
            }
        }
        self.find_outside_prelude();
        self.find_prelude_entries();
        self.index_prelude();
    }

    /// A child module by name.
    pub(crate) fn module_child(&self, parent: DefId, name: &str) -> Option<DefId> {
        self.def(parent).members.get(name).and_then(|ids| {
            ids.iter()
                .copied()
                .find(|d| self.def(*d).kind == DefKind::Module)
        })
    }

    /// Looks up the lang items that need the others (run after the
    /// prelude's names are known).
    fn find_prelude_entries(&mut self) {
        let Some(result) = self.lang("Result") else {
            return;
        };
        let entries: Vec<DefId> = self
            .def(result)
            .members
            .values()
            .flatten()
            .copied()
            .filter(|d| self.def(*d).kind == DefKind::EnumEntry)
            .collect();
        self.lang.prelude_entries = entries;
    }

    /// Names the language knows that live in other standard modules
    /// (`Simd` in `std.simd`): the first public top-level class of that
    /// name in any of them.
    fn find_outside_prelude(&mut self) {
        for &known in NAMED {
            if self.lang.named.contains_key(known) {
                continue;
            }
            let found = (0..self.defs.len() as u32).map(DefId).find(|&d| {
                let def = self.def(d);
                def.std
                    && def.name == known
                    && matches!(def.kind, DefKind::Class(_))
                    && def
                        .parent
                        .is_some_and(|p| self.def(p).kind == DefKind::Module)
            });
            if let Some(d) = found {
                self.lang.named.insert(known, d);
            }
        }
    }

    /// Indexes the prelude's declarations (and `Ok`, `Err`) by name.
    fn index_prelude(&mut self) {
        let mut index: FxHashMap<&'a str, smallvec::SmallVec<[DefId; 1]>> = FxHashMap::default();
        for &m in &self.lang.prelude {
            for (name, ids) in &self.def(m).members {
                index.entry(name).or_default().extend(ids.iter().copied());
            }
        }
        for &e in &self.lang.prelude_entries {
            index.entry(self.def(e).name).or_default().push(e);
        }
        self.prelude_names = index;
    }

    /// A well-known definition.
    pub fn lang(&self, name: &str) -> Option<DefId> {
        self.lang.named.get(name).copied()
    }
}
