//! `seen-sema`: the checker. It takes the parsed files of a package and of
//! the standard library and gives every diagnostic the language rules
//! call for, plus a typed model of the program that tools and the lowering
//! to IR query.
//!
//! ```text
//! collect  (collect.rs)   modules, definitions, member tables
//! resolve  (resolve.rs)   names in scope, types written in the source
//! sigs     (sigs.rs)      signatures and declared types, on demand
//! bodies   (check/)       expressions and statements, flow facts
//! items    (items.rs)     whole-declaration rules: overrides, abstract
//!                         members, trait conformance, cycles
//! ```
//!
//! Architecture invariants:
//! - No IO: files reach the checker as parsed trees; the caller reads them.
//! - Checking never fails: every problem is a diagnostic; an expression in
//!   error has the `Error` type, which fits everywhere, so one mistake is
//!   reported once.
//! - The standard library is Seen source read like any package; the
//!   checker knows a few of its names (`String`, `List`, the `@builtin`
//!   primitive types) and nothing else about it.

#![deny(missing_docs)]

mod cache;
pub mod check;
pub mod codes;
mod collect;
pub mod defs;
mod items;
mod lang;
pub mod lower;
mod resolve;
mod sigs;
pub mod ty;

use rustc_hash::{FxHashMap, FxHashSet};
use seen_syntax::{Arena, Diagnostic, FileId, Pack, SourceMap, Span, ast};
use smallvec::SmallVec;

pub use defs::{Def, DefId, DefKind, Node, Visibility};
pub use lang::LangItems;
pub use sigs::{FnSig, ParamSig};
pub use ty::{FloatTy, IntTy, Ty, TyKind, Types};

/// One parsed file and the module it is.
#[derive(Clone, Debug)]
pub struct SourceModule<'a> {
    /// The file (its text is in the source map).
    pub file: FileId,
    /// The module path (`["net", "http"]` for `src/net/http.seen`).
    pub path: Vec<&'a str>,
    /// The tree.
    pub ast: &'a ast::File<'a>,
    /// Whether it belongs to the standard library.
    pub std: bool,
}

/// A file to check: which file, which module, whether it is standard
/// library.
#[derive(Clone, Debug)]
pub struct ModuleFile {
    /// The file in the source map.
    pub file: FileId,
    /// The module path, dotted (`net.http`).
    pub module: String,
    /// Whether it is part of the standard library (read with the English
    /// pack).
    pub std: bool,
    /// The keyword pack it is written in, when not the one given to
    /// [`check_files`] (a dependency whose `Seen.toml` names another
    /// language).
    pub pack: Option<&'static Pack>,
}

/// Parses the files and checks them: `pack` spells the package's files,
/// the English pack the standard library's.
///
/// ```
/// use seen_sema::ModuleFile;
/// use seen_syntax::{Arena, Pack, SourceMap};
///
/// let mut files = SourceMap::new();
/// // the standard library is Seen source too (here from `seen-std`)
/// let mut modules: Vec<ModuleFile> = seen_std::STD_SOURCES
///     .iter()
///     .map(|f| ModuleFile { file: files.add(f.path, f.text), module: f.module.into(), std: true, pack: None })
///     .collect();
/// let text = "fun main() {\n    let n: Int = \"four\"\n}\n";
/// modules.push(ModuleFile { file: files.add("main.seen", text), module: "main".into(), std: false, pack: None });
/// let arena = Arena::new();
/// let sema = seen_sema::check_files(&arena, &files, &modules, Pack::english());
/// let errors: Vec<_> = sema.sorted_diagnostics().into_iter().filter(|d| d.is_error()).collect();
/// assert_eq!(errors.len(), 1);
/// assert_eq!(errors[0].code, "E0110");
/// assert_eq!(errors[0].message, "expected `Int`, found `String`");
/// ```
pub fn check_files<'a>(
    arena: &'a Arena,
    files: &'a SourceMap,
    modules: &[ModuleFile],
    pack: &Pack,
) -> Sema<'a> {
    let mut parse_diagnostics = Vec::new();
    let mut sources = Vec::new();
    for m in modules {
        let text = files.get(m.file).text();
        let pack = if m.std {
            Pack::english()
        } else {
            m.pack.unwrap_or(pack)
        };
        let parsed = seen_syntax::parse_in(m.file, text, pack, arena);
        parse_diagnostics.extend(parsed.diagnostics);
        let module: &'a str = arena.alloc_str(&m.module);
        sources.push(SourceModule {
            file: m.file,
            path: module.split('.').collect(),
            ast: arena.alloc(parsed.ast),
            std: m.std,
        });
    }
    let mut sema = Sema::new(arena, files);
    sema.front_end_count = parse_diagnostics.len();
    sema.diagnostics = parse_diagnostics;
    sema.check(&sources);
    sema.drop_cascades(&sources);
    sema
}

/// The checker's state and, once [`Sema::check`] has run, the checked
/// program.
pub struct Sema<'a> {
    /// Where nodes and names live.
    pub arena: &'a Arena,
    /// The files.
    pub files: &'a SourceMap,
    /// Every definition.
    pub defs: Vec<Def<'a>>,
    /// The type interner.
    pub types: Types,
    /// Problems found, in the order found ([`Sema::sorted_diagnostics`]
    /// sorts them).
    pub diagnostics: Vec<Diagnostic>,
    /// How many of `diagnostics`, at the start, come from the front end.
    pub front_end_count: usize,
    /// The root module (parent of `std` and of the package's modules).
    pub root: DefId,
    /// Well-known standard-library definitions.
    pub lang: LangItems,
    /// The module of each file.
    pub file_modules: FxHashMap<FileId, DefId>,
    /// The imports of each file or inline module.
    pub imports: FxHashMap<DefId, &'a [ast::Import<'a>]>,
    /// The companion object of each class that has one.
    pub companions: FxHashMap<DefId, DefId>,
    /// Extension blocks.
    pub extensions: Vec<DefId>,
    /// Extension functions and properties (top level or in an extension
    /// block).
    pub extension_members: Vec<DefId>,
    /// Signatures computed so far.
    pub(crate) sigs: FxHashMap<DefId, FnSig>,
    /// Declared or inferred types of properties, computed so far.
    pub(crate) prop_types: FxHashMap<DefId, Ty>,
    /// Supertypes of classes, computed so far.
    pub(crate) supers: FxHashMap<DefId, SmallVec<[Ty; 2]>>,
    /// Definitions whose signature or type is being computed (cycles).
    pub(crate) in_progress: FxHashSet<DefId>,
    /// Results of checking bodies.
    pub typeck: check::Results,
    /// What each module's imports bring into scope, computed on demand.
    pub(crate) import_scopes: FxHashMap<DefId, resolve::ImportScope<'a>>,
    /// The anonymous class of each object expression, by node address.
    pub(crate) object_exprs: FxHashMap<usize, DefId>,
    /// The locals a local declaration sees (those in scope where it is
    /// declared).
    pub(crate) local_scopes: FxHashMap<DefId, Vec<(&'a str, check::LocalId)>>,
    /// The prelude's declarations by name.
    pub(crate) prelude_names: FxHashMap<&'a str, SmallVec<[DefId; 1]>>,
    /// The parents of each type, once computed.
    pub(crate) parents_cache: FxHashMap<Ty, Vec<Ty>>,
    /// Declared members by (type, name address, name length).
    pub(crate) members_cache: cache::NameMap<Vec<check::members::Found>>,
    /// Extensions visible at module level, by (module, name).
    pub(crate) extensions_cache: cache::NameMap<Vec<DefId>>,
    /// Signatures whose parameters are known while the result type is
    /// being inferred.
    pub(crate) partial_sigs: FxHashMap<DefId, FnSig>,
    /// Definitions reported as depending on themselves.
    pub(crate) cycles: FxHashSet<DefId>,
    /// The extended type of each extension block, once resolved.
    pub(crate) ext_targets: FxHashMap<DefId, Ty>,
}

impl<'a> Sema<'a> {
    /// An empty checker over `files`.
    pub fn new(arena: &'a Arena, files: &'a SourceMap) -> Sema<'a> {
        let root = Def {
            kind: DefKind::Module,
            name: "",
            parent: None,
            file: FileId(0),
            span: Span::default(),
            node: Node::None,
            vis: Visibility::Public,
            std: false,
            members: defs::Members::default(),
            type_params: SmallVec::new(),
        };
        Sema {
            arena,
            files,
            defs: vec![root],
            types: Types::default(),
            diagnostics: Vec::new(),
            front_end_count: 0,
            root: DefId(0),
            lang: LangItems::default(),
            file_modules: FxHashMap::default(),
            imports: FxHashMap::default(),
            companions: FxHashMap::default(),
            extensions: Vec::new(),
            extension_members: Vec::new(),
            sigs: FxHashMap::default(),
            prop_types: FxHashMap::default(),
            supers: FxHashMap::default(),
            in_progress: FxHashSet::default(),
            typeck: check::Results::default(),
            import_scopes: FxHashMap::default(),
            object_exprs: FxHashMap::default(),
            local_scopes: FxHashMap::default(),
            ext_targets: FxHashMap::default(),
            partial_sigs: FxHashMap::default(),
            parents_cache: FxHashMap::default(),
            prelude_names: FxHashMap::default(),
            members_cache: cache::NameMap::default(),
            extensions_cache: cache::NameMap::default(),
            cycles: FxHashSet::default(),
        }
    }

    /// Checks the program made of `modules`.
    pub fn check(&mut self, modules: &[SourceModule<'a>]) {
        // about one expression per 8 bytes of source, one name per 16
        let bytes: usize = modules
            .iter()
            .map(|m| self.files.get(m.file).text().len())
            .sum();
        self.typeck.expr_types.reserve(bytes / 8);
        self.typeck.res.reserve(bytes / 16);
        self.collect(modules);
        self.find_lang_items();
        // every import is resolved (and reported) even if nothing uses it
        let mut with_imports: Vec<DefId> = self.imports.keys().copied().collect();
        with_imports.sort();
        for m in with_imports {
            self.import_scope(m);
        }
        self.check_bodies();
    }

    /// Drops what the checker found inside a declaration (or import) that
    /// has a syntax error: the parser's recovery leaves holes there
    /// (`fun f( {` has no body) that are not the user's second mistake.
    pub fn drop_cascades(&mut self, modules: &[SourceModule<'a>]) {
        let front = self.front_end_count.min(self.diagnostics.len());
        let broken: Vec<(FileId, Span)> = self.diagnostics[..front]
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| d.primary_label().map(|l| (l.file, l.span)))
            .collect();
        if broken.is_empty() {
            return;
        }
        let mut damaged: Vec<(FileId, Span)> = Vec::new();
        for m in modules {
            let spans = m
                .ast
                .items
                .iter()
                .map(|i| i.span)
                .chain(m.ast.imports.iter().map(|i| i.span));
            for span in spans {
                let hit = broken
                    .iter()
                    .any(|(f, s)| *f == m.file && s.start >= span.start && s.start <= span.end);
                if hit {
                    damaged.push((m.file, span));
                }
            }
        }
        let checker = self.diagnostics.split_off(front);
        self.diagnostics.extend(checker.into_iter().filter(|d| {
            let Some(l) = d.primary_label() else {
                return true;
            };
            !damaged
                .iter()
                .any(|(f, s)| *f == l.file && l.span.start >= s.start && l.span.start <= s.end)
        }));
    }

    /// A definition.
    pub fn def(&self, id: DefId) -> &Def<'a> {
        &self.defs[id.0 as usize]
    }

    /// Every diagnostic: the front end's first (a program with syntax
    /// errors is reported as such before anything the checker found), each
    /// group sorted by file and position.
    pub fn sorted_diagnostics(&self) -> Vec<Diagnostic> {
        let split = self.front_end_count.min(self.diagnostics.len());
        let (front, rest) = self.diagnostics.split_at(split);
        let mut front = front.to_vec();
        let mut rest = rest.to_vec();
        seen_syntax::diagnostics::sort(&mut front);
        seen_syntax::diagnostics::sort(&mut rest);
        front.extend(rest);
        front
    }

    /// Reports a problem.
    pub(crate) fn report(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// The dotted path of a definition (`std.core.string.String`).
    pub fn path_of(&self, id: DefId) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(id);
        while let Some(d) = cur {
            let def = self.def(d);
            if !def.name.is_empty() {
                parts.push(def.name);
            }
            cur = def.parent;
        }
        parts.reverse();
        parts.join(".")
    }
}
