//! Lowering: the checked program to [`seen_ir`].
//!
//! [`Sema::lower`] starts at the package's `main` and lowers every
//! function it reaches, one IR function per Seen function, reading what
//! the checker recorded: the type of each expression and what each name
//! and call refers to ([`crate::check::Results`]). The standard library's
//! `@builtin` functions are intrinsics (`intrinsics.rs`): runtime calls or
//! IR instructions; everything else, the standard library's bodies
//! included, is lowered from its Seen source.
//!
//! Generics are monomorphised: an [`Inst`] is a function (or constructor,
//! or accessor) with its type parameters, those of its class and `Self`
//! substituted by concrete types, and with the concrete type of its
//! receiver. A call on a receiver whose concrete type is known calls the
//! implementation of that type directly.
//!
//! ```text
//! mod.rs         the driver: instances, the work list, names, the entry
//! types.rs       Seen types to IR types, substitution
//! classes.rs     object layouts, constructors, properties
//! body.rs        a function body: locals, statements, control flow
//! exprs.rs       expressions and operators
//! calls.rs       calls: functions, methods, constructors, arguments
//! intrinsics.rs  `@builtin` functions, templates, runtime calls
//! structs.rs     structs as values, places, `mutating fun`
//! enums.rs       enums: entries, payloads, members
//! patterns.rs    `when` patterns, nested
//! tuples.rs      tuples and destructuring
//! nulls.rs       nullable values
//! dynamic.rs     dispatch, `is`/`as`, boxing into `Any` and traits
//! inline.rs      inline expansion, lambda arguments
//! closures.rs    function values and captured variables, `::f`
//! locals.rs      local functions
//! captures.rs    local classes and object expressions using outer locals
//! delegation.rs  `: Trait by value`
//! refs.rs        `x::m` and `Type::m`
//! errors.rs      throw, try, catch, finally
//! strings.rs     `toString()` of every type
//! text.rs        `String` and `StringBuilder` members
//! globals.rs     globals, objects, the entry point
//! rc.rs          reference counts of aggregates
//! walk.rs        walks over bodies for the analyses above
//! ```
//!
//! What is not lowered yet is reported as `E0190` at the construct, so a
//! correct program that uses it fails to build with a clear message
//! instead of compiling to something wrong (docs/codegen-status.md).
//!
//! Reference counts: a `ref` value is either *owned* (the lowering must
//! release it: a call's result, a concatenation) or *borrowed* (a local's
//! or a parameter's value). A local owns its value; every local holding a
//! reference is released when the function returns.

mod body;
mod calls;
mod captures;
mod classes;
mod closures;
mod delegation;
mod dynamic;
mod enums;
mod errors;
mod exprs;
mod globals;
mod inline;
mod intrinsics;
mod locals;
mod nulls;
mod patterns;
mod rc;
mod refs;
mod strings;
mod structs;
mod text;
mod tuples;
mod types;
mod walk;

use rustc_hash::FxHashMap;
use seen_ir::{FuncId, Linkage, Module, Signature};
use seen_syntax::{Diagnostic, FileId, Span};

use crate::check::LocalId;
use crate::defs::DefKind;
use crate::ty::Ty;
use crate::{DefId, Sema, codes};

/// How to lower.
#[derive(Clone, Debug, Default)]
pub struct LowerOptions {
    /// Debug build: `+ - *` on integers trap on overflow (release builds
    /// wrap, as LANGUAGE.md section 2 says).
    pub debug: bool,
}

/// The IR name of the program's entry: it initialises the top-level
/// properties and objects, then calls the package's `main` (the code
/// generator wraps it in the runtime's `seen_main`, docs/codegen.md).
pub const ENTRY_NAME: &str = "main";

impl<'a> Sema<'a> {
    /// Lowers the checked program, starting at its `main`, to an IR
    /// module. Call it only when checking reported no error. Constructs
    /// the lowering does not support yet are reported (`E0190`) instead.
    ///
    /// ```
    /// use seen_sema::{ModuleFile, lower::LowerOptions};
    /// use seen_syntax::{Arena, Pack, SourceMap};
    ///
    /// let mut files = SourceMap::new();
    /// let mut modules: Vec<ModuleFile> = seen_std::STD_SOURCES
    ///     .iter()
    ///     .map(|f| ModuleFile { file: files.add(f.path, f.text), module: f.module.into(), std: true, pack: None })
    ///     .collect();
    /// let text = "fun main() {\n    println(\"hi\")\n}\n";
    /// modules.push(ModuleFile { file: files.add("main.seen", text), module: "main".into(), std: false, pack: None });
    /// let arena = Arena::new();
    /// let mut sema = seen_sema::check_files(&arena, &files, &modules, Pack::english());
    /// let module = sema.lower(&LowerOptions { debug: true }).expect("it lowers");
    /// seen_ir::verify(&module).expect("the IR verifies");
    /// assert!(module.func_by_name("main").is_some());
    /// ```
    pub fn lower(&mut self, options: &LowerOptions) -> Result<Module, Vec<Diagnostic>> {
        let mut cx = Lower::new(self, options.clone());
        let Some(main) = cx.find_main() else {
            let d = Diagnostic::error(codes::NO_MAIN, "the program has no `main` function")
                .help("add `fun main() { }` to the package's files");
            return Err(vec![d]);
        };
        let mut module = Module::new("program");
        cx.entry = Some(main);
        // a mistake of the lowering must not take the host down: it
        // becomes an internal-error diagnostic
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let Some(user_main) = cx.instance(&mut module, Inst::plain(main)) else {
                return;
            };
            // `fun main(args: List<String>)` receives `std.process`'s list
            let args = if cx.s.signature(main).params.is_empty() {
                None
            } else {
                cx.main_arguments()
                    .and_then(|d| cx.instance(&mut module, Inst::plain(d)))
            };
            cx.drain(&mut module);
            if cx.diagnostics.is_empty()
                && let Err(e) = cx.build_entry(&mut module, user_main, args)
            {
                let span = cx.s.def(main).span;
                cx.unsupported(
                    cx.s.def(main).file,
                    span,
                    format!("the program entry ({e})"),
                );
            }
        }));
        if let Err(panic) = run {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let d = Diagnostic::error(
                codes::NOT_SUPPORTED,
                format!("internal compiler error while lowering: {what}"),
            )
            .help("please report this program; `seen check` accepts it");
            return Err(vec![d]);
        }
        if !cx.diagnostics.is_empty() {
            return Err(cx.diagnostics);
        }
        if let Err(errors) = seen_ir::verify(&module) {
            let d = Diagnostic::error(
                codes::NOT_SUPPORTED,
                format!("internal compiler error: the lowered IR does not verify: {errors}"),
            );
            return Err(vec![d]);
        }
        Ok(module)
    }
}

/// The standard function `fun main(args: List<String>)` gets its list
/// from (`std.process`).
const MAIN_ARGUMENTS: &str = "mainArguments";

/// Standard modules whose features a later release compiles, and how the
/// diagnostic names them.
const LATER: &[(&str, &str)] = &[
    ("std.coroutines", "coroutines (LANGUAGE.md section 11)"),
    ("std.simd", "SIMD (LANGUAGE.md section 12)"),
    ("std.core.simd", "SIMD (LANGUAGE.md section 12)"),
    ("std.log", "logging (LANGUAGE.md section 13)"),
    (
        "std.test",
        "`seen test` and `seen bench` (LANGUAGE.md section 15)",
    ),
    (
        "std.core.testing",
        "`seen test` and `seen bench` (LANGUAGE.md section 15)",
    ),
];

/// What an IR function implements.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum InstKind {
    /// A function or method.
    Fun,
    /// A class's allocation: `(params) -> ref`, running the initialiser.
    New,
    /// A class's initialiser: `(this, params)`: the superclass's, then
    /// property initialisers and `init` blocks in order.
    Init,
    /// A property's getter.
    Get,
    /// A property's setter.
    Set,
    /// A top-level property's or `object`'s initialiser: `() -> void`.
    GlobalInit,
    /// A class's `deinit` (then its superclass's): `(this) -> void`.
    Deinit,
    /// A call of a member on a receiver whose type is known at run time
    /// only: `(this, params) -> result`, by the receiver's descriptor.
    Dispatch,
    /// A type test against a trait or open class: `(ref) -> bool`.
    IsA,
    /// The code of a lambda or anonymous function that is a value:
    /// `(env, params) -> result` (written at `start` in file `file`).
    Lambda { file: u32, start: u32 },
    /// `::f` as a value: `(env, params) -> result`, calling `f`.
    FunRef,
    /// A trait member a class forwards to its delegate (`: Trait by
    /// base`): `(this, params) -> result`.
    Forward,
    /// The code of `x::m` (`bound`: the receiver is in the environment, a
    /// one-field cell) or `Type::m` (the receiver is the first
    /// parameter): `(env, [receiver,] params) -> result`; `this` is the
    /// receiver's type.
    MemberRef {
        /// Whether the receiver is bound in the environment.
        bound: bool,
    },
}

/// A monomorphic instance of a definition.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(crate) struct Inst {
    pub def: DefId,
    pub kind: InstKind,
    /// Type parameters (the function's, its class's, `Self`) and their
    /// concrete types, sorted by parameter.
    pub subst: Vec<(DefId, Ty)>,
    /// The concrete type of `this`, for methods and extensions.
    pub this: Option<Ty>,
}

impl Inst {
    /// A top-level function without type parameters.
    pub fn plain(def: DefId) -> Inst {
        Inst {
            def,
            kind: InstKind::Fun,
            subst: Vec::new(),
            this: None,
        }
    }

    /// The substitution as a map.
    pub fn map(&self) -> FxHashMap<DefId, Ty> {
        self.subst.iter().copied().collect()
    }
}

/// The state of one lowering.
pub(crate) struct Lower<'s, 'a> {
    pub s: &'s mut Sema<'a>,
    pub options: LowerOptions,
    /// The IR function of each instance reached so far.
    pub funcs: FxHashMap<Inst, FuncId>,
    /// Instances declared but not lowered yet.
    pub queue: Vec<Inst>,
    /// The runtime functions declared so far.
    pub runtime: FxHashMap<&'static str, FuncId>,
    /// Every local, by its file and the start of its name.
    pub locals_at: FxHashMap<(FileId, u32), LocalId>,
    /// The program's `main`.
    pub entry: Option<DefId>,
    /// The IR object type of each class type, and its stored properties
    /// in field order (field 0 is the class id).
    pub objects: FxHashMap<Ty, classes::Layout>,
    /// The types that have objects (classes allocated, values boxed), for
    /// dynamic type tests and dispatch.
    pub live: Vec<Ty>,
    /// Dispatch and type-test instances, lowered last (when every live
    /// type is known).
    pub deferred: Vec<Inst>,
    /// The box object type of each boxed value type.
    pub boxes: FxHashMap<Ty, seen_ir::TypeId>,
    /// The members of extension blocks, by name (implementations of
    /// traits a type conforms to through `extension T : Trait`).
    pub extension_members: Option<FxHashMap<&'a str, Vec<DefId>>>,
    /// The locals each local class captures (captures.rs).
    pub captures: FxHashMap<DefId, Vec<captures::Capture>>,
    /// What each lambda instance's code needs.
    pub lambda_infos: FxHashMap<Inst, closures::LambdaInfo<'a>>,
    /// The global of each top-level property and `object` reached.
    pub globals: FxHashMap<DefId, globals::Global>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'s, 'a> Lower<'s, 'a> {
    fn new(s: &'s mut Sema<'a>, options: LowerOptions) -> Self {
        let locals_at = s
            .typeck
            .locals
            .iter()
            .enumerate()
            .map(|(i, l)| ((l.file, l.span.start), LocalId(i as u32)))
            .collect();
        Lower {
            s,
            options,
            funcs: FxHashMap::default(),
            queue: Vec::new(),
            runtime: FxHashMap::default(),
            locals_at,
            entry: None,
            objects: FxHashMap::default(),
            live: Vec::new(),
            deferred: Vec::new(),
            lambda_infos: FxHashMap::default(),
            boxes: FxHashMap::default(),
            extension_members: None,
            captures: FxHashMap::default(),
            globals: FxHashMap::default(),
            diagnostics: Vec::new(),
        }
    }

    /// The package's top-level `main` (the checker already reported a
    /// wrong signature).
    fn find_main(&self) -> Option<DefId> {
        let entry = seen_syntax::pack::schema::entry(seen_syntax::pack::Section::Prelude, "main")
            .map(|e| e.canonical())?;
        self.s.defs.iter().enumerate().find_map(|(i, d)| {
            let top = d
                .parent
                .is_some_and(|p| self.s.def(p).kind == DefKind::Module);
            (d.kind == DefKind::Fun && !d.std && top && d.name == entry).then_some(DefId(i as u32))
        })
    }

    /// The standard function that makes `main`'s argument list.
    fn main_arguments(&self) -> Option<DefId> {
        self.s.defs.iter().enumerate().find_map(|(i, d)| {
            (d.std && d.kind == DefKind::Fun && d.name == MAIN_ARGUMENTS).then_some(DefId(i as u32))
        })
    }

    /// Reports a construct the lowering does not support yet.
    pub fn unsupported(&mut self, file: FileId, span: Span, what: impl Into<String>) {
        let what = what.into();
        let d = Diagnostic::error(
            codes::NOT_SUPPORTED,
            format!("{what} is not supported by code generation yet"),
        )
        .primary(file, span, "not compiled yet")
        .help("`seen check` accepts this program; docs/codegen-status.md lists what `seen build` compiles today");
        self.diagnostics.push(d);
    }

    /// The IR function of an instance, declaring it (and queueing its
    /// body) on first use. `None` when its signature cannot be lowered
    /// (reported).
    pub fn instance(&mut self, module: &mut Module, inst: Inst) -> Option<FuncId> {
        if let Some(&f) = self.funcs.get(&inst) {
            return Some(f);
        }
        let (file, span) = (self.s.def(inst.def).file, self.s.def(inst.def).span);
        if let Some(what) = self.later_release(inst.def) {
            self.unsupported(file, span, what);
            return None;
        }
        let (params, ret) = match self.instance_sig(module, &inst) {
            Ok(sig) => sig,
            Err(what) => {
                self.unsupported(file, span, what);
                return None;
            }
        };
        let external = self
            .s
            .def(inst.def)
            .item()
            .is_some_and(|i| i.has(seen_syntax::ast::ModifierKind::External));
        if external {
            // a C function: its symbol is its name
            let symbol = self.s.def(inst.def).name.to_string();
            let name = format!("extern.{symbol}");
            let id = match module.symbol(&name) {
                Some(seen_ir::Symbol::Func(f)) => f,
                _ => module.declare_function(
                    &name,
                    Signature::new(params, ret),
                    Linkage::Import(symbol),
                ),
            };
            self.funcs.insert(inst, id);
            return Some(id);
        }
        let name = self.func_name(module, &inst);
        let id = module.declare_function(&name, Signature::new(params, ret), Linkage::Local);
        self.funcs.insert(inst.clone(), id);
        if matches!(inst.kind, InstKind::Dispatch | InstKind::IsA) {
            self.deferred.push(inst);
        } else {
            self.queue.push(inst);
        }
        Some(id)
    }

    /// The sections of LANGUAGE.md a later release compiles: coroutines
    /// (11), SIMD (12), logging (13), `seen test`/`seen bench` (15).
    pub fn later_release(&mut self, def: DefId) -> Option<&'static str> {
        let module = self.s.module_of(def);
        let path = self.s.path_of(module);
        let kind = self.s.def(def).kind;
        let suspend = kind == DefKind::Fun && self.s.signature(def).suspend;
        LATER
            .iter()
            .find(|(m, _)| path == *m || path.starts_with(&format!("{m}.")))
            .map(|(_, what)| *what)
            .or(suspend.then_some(LATER[0].1))
    }

    /// The IR parameter and result types of an instance: `this` first
    /// (methods, extensions, initialisers, accessors), then the
    /// parameters.
    fn instance_sig(
        &mut self,
        module: &mut Module,
        inst: &Inst,
    ) -> Result<(Vec<seen_ir::Type>, seen_ir::Type), String> {
        if inst.kind == InstKind::IsA {
            return Ok((vec![seen_ir::Type::Ref], seen_ir::Type::Bool));
        }
        if let InstKind::MemberRef { bound } = inst.kind {
            return self.member_ref_sig(module, inst, bound);
        }
        let map = inst.map();
        let mut params = Vec::new();
        if let Some(this) = inst.this
            && inst.kind != InstKind::New
            && let Some(t) = self.ir_type(module, this)?
        {
            params.push(t);
        }
        let is_fun = self.s.def(inst.def).kind == DefKind::Fun;
        let (tys, ret) = match inst.kind {
            InstKind::Dispatch if !is_fun => (Vec::new(), self.s.property_type(inst.def)),
            InstKind::Fun
            | InstKind::New
            | InstKind::Init
            | InstKind::Dispatch
            | InstKind::Forward
            | InstKind::FunRef => {
                let sig = self.s.signature(inst.def);
                let list = self.s.lang("List");
                let mut tys: Vec<Ty> = Vec::new();
                for p in &sig.params {
                    // a vararg parameter receives a `List` of its type
                    tys.push(match (p.vararg, list) {
                        (true, Some(l)) => self.s.types.adt(l, &[p.ty]),
                        _ => p.ty,
                    });
                }
                if inst.kind == InstKind::FunRef {
                    params.push(seen_ir::Type::Ref);
                }
                let ret = match inst.kind {
                    InstKind::Fun | InstKind::Dispatch | InstKind::Forward | InstKind::FunRef => {
                        sig.ret
                    }
                    InstKind::New => inst.this.unwrap_or(Ty::ERROR),
                    _ => Ty::UNIT,
                };
                (tys, ret)
            }
            InstKind::Get => (Vec::new(), self.s.property_type(inst.def)),
            InstKind::Set => (vec![self.s.property_type(inst.def)], Ty::UNIT),
            InstKind::GlobalInit
            | InstKind::Deinit
            | InstKind::IsA
            | InstKind::Lambda { .. }
            | InstKind::MemberRef { .. } => (Vec::new(), Ty::UNIT),
        };
        for t in tys {
            let t = self.s.types.subst(t, &map);
            if let Some(t) = self.ir_type(module, t)? {
                params.push(t);
            }
        }
        if inst.kind == InstKind::New
            && let Some(ty) = inst.this
        {
            // the hidden values of its chain (outer instances, captures)
            for c in self.hidden_classes(ty) {
                params.extend(self.capture_types(module, c)?);
            }
        }
        let ret = self.s.types.subst(ret, &map);
        let mut ret = self.ir_type(module, ret)?.unwrap_or(seen_ir::Type::Void);
        if inst.is_mutating(self)
            && let Some(this) = inst.this
            && let Some(t) = self.ir_type(module, this)?
        {
            // a `mutating fun` returns the changed struct with its result
            ret = if ret == seen_ir::Type::Void {
                t
            } else {
                seen_ir::Type::Aggregate(module.tuple(&[ret, t]))
            };
        }
        Ok((params, ret))
    }

    /// A unique IR name: the entry is [`ENTRY_NAME`]; others their dotted
    /// path and type arguments, with `#N` for overloads.
    fn func_name(&self, module: &Module, inst: &Inst) -> String {
        let mut path = self.s.path_of(inst.def);
        if let Some(this) = inst.this
            && self.s.is_extension(inst.def)
        {
            path = format!("{}.{path}", self.s.show(this));
        }
        if !inst.subst.is_empty() {
            let args: Vec<String> = inst.subst.iter().map(|(_, t)| self.s.show(*t)).collect();
            path = format!("{path}<{}>", args.join(", "));
        }
        match inst.kind {
            InstKind::Fun => {}
            InstKind::New => path.push_str(".<new>"),
            InstKind::Init => path.push_str(".<init>"),
            InstKind::Get => path.push_str(".<get>"),
            InstKind::Set => path.push_str(".<set>"),
            InstKind::GlobalInit => path.push_str(".<init-global>"),
            InstKind::Deinit => path.push_str(".<deinit>"),
            InstKind::Dispatch => path.push_str(".<dispatch>"),
            InstKind::IsA => path.push_str(".<is>"),
            InstKind::Lambda { start, .. } => path.push_str(&format!(".<lambda@{start}>")),
            InstKind::FunRef => path.push_str(".<ref>"),
            InstKind::Forward => path.push_str(".<forward>"),
            InstKind::MemberRef { .. } => path.push_str(".<member-ref>"),
        }
        let mut name = path.clone();
        let mut n = 1;
        while module.symbol(&name).is_some() {
            n += 1;
            name = format!("{path}#{n}");
        }
        name
    }

    /// Lowers every queued instance, then the dispatch and type-test
    /// instances once the set of live types no longer grows.
    fn drain(&mut self, module: &mut Module) {
        loop {
            loop {
                while let Some(inst) = self.queue.pop() {
                    self.lower_instance(module, inst);
                }
                let live = self.live.len();
                for inst in self.deferred.clone() {
                    self.predeclare(module, &inst);
                }
                if self.queue.is_empty() && self.live.len() == live {
                    break;
                }
            }
            if self.deferred.is_empty() {
                return;
            }
            // a dispatch body may need other dispatch functions: lower
            // until none is left
            let deferred = std::mem::take(&mut self.deferred);
            for inst in deferred {
                self.lower_instance(module, inst);
            }
        }
    }

    /// Lowers the body of a declared instance.
    fn lower_instance(&mut self, module: &mut Module, inst: Inst) {
        let Some(&func) = self.funcs.get(&inst) else {
            return;
        };
        body::lower_instance(self, module, func, inst);
    }
}
