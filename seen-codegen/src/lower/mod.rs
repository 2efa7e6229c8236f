//! Lowering a whole IR module into a Cranelift module (object or JIT).
//!
//! [`Lowering`] declares every function, global and data item, the type
//! descriptors and drop glue of objects and arrays, and the runtime
//! functions the generated code calls; then [`Lowering::define_all`]
//! translates each body (`func.rs` dispatching to `arith.rs`,
//! `convert.rs`, `aggregate.rs`, `memory.rs`, `simd.rs`, `control.rs` and
//! `traps.rs`) and emits the data (`data.rs`) and the glue (`glue.rs`). It
//! is generic over `cranelift_module::Module`, so the object writer and the
//! JIT share it.

mod aggregate;
mod arith;
mod control;
mod convert;
mod data;
mod divconst;
mod func;
mod glue;
mod memory;
mod simd;
mod traps;

use crate::error::CodegenError;
use crate::leaves::{Leaf, LeafKind, Leaves};
use cranelift_codegen::Context;
use cranelift_codegen::ir::{self as clir, AbiParam, types as cl};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{DataId, FuncId, Linkage as ClLinkage, Module as ClModule};
use seen_ir::{InstData, Linkage, Module, Signature, Type, TypeId, TypeKind};
use std::collections::{HashMap, HashSet};

/// The runtime functions generated code calls, with their signatures
/// (`P` = pointer or `i64`, `W` = `i32`, `B` = `bool`, `F`/`G` = `f64`/`f32`).
const HELPERS: &[(&str, &str, &str)] = &[
    ("seen_alloc", "P", "P"),
    ("seen_release", "P", ""),
    ("seen_drop_object", "P", ""),
    ("seen_weak_new", "P", "P"),
    ("seen_weak_retain", "P", ""),
    ("seen_weak_release", "P", ""),
    ("seen_weak_load", "P", "P"),
    ("seen_array_new", "PPP", "P"),
    ("seen_panic", "PPPWW", ""),
    ("seen_panic_index", "PPPWW", ""),
    ("seen_panic_div_zero", "PWW", ""),
    ("seen_panic_overflow", "PWW", ""),
    ("seen_panic_unreachable", "PWW", ""),
    ("seen_panic_negative_length", "PPWW", ""),
    ("seen_set_debug", "B", ""),
    ("seen_math_fmod", "FF", "F"),
    ("seen_math_fmod_f32", "GG", "G"),
];

/// The runtime's data symbols generated code refers to.
const DATA_SYMBOLS: &[&str] = &["seen_type_array", "seen_type_String"];

/// The symbol of the program entry that `libseen_start.a` calls.
pub(crate) const ENTRY_SYMBOL: &str = "seen_main";

/// Settings of one lowering.
pub(crate) struct LowerOptions<'a> {
    /// Debug build: `seen_set_debug(true)` at the start of `seen_main`.
    pub debug: bool,
    /// Emit `seen_main` calling this IR function (the module's `main`).
    pub entry: Option<usize>,
    /// For the JIT: whether an imported symbol can be resolved; an
    /// unresolved one becomes a function that panics when called.
    pub resolves: Option<&'a dyn Fn(&str) -> bool>,
}

/// A whole module being lowered.
pub(crate) struct Lowering<'m, M: ClModule> {
    pub module: M,
    pub ir: &'m Module,
    pub leaves: Leaves<'m>,
    pub debug: bool,
    /// The Cranelift function of each IR function.
    pub funcs: Vec<FuncId>,
    /// IR functions whose import did not resolve (JIT): their stand-ins.
    missing: Vec<(usize, String)>,
    pub globals: Vec<DataId>,
    pub datas: Vec<DataId>,
    /// The descriptor of each object type.
    pub descs: HashMap<TypeId, DataId>,
    /// The drop glue of object types that need one.
    pub object_glue: HashMap<TypeId, FuncId>,
    /// The descriptor and drop glue of arrays whose elements hold references.
    pub array_descs: HashMap<Type, DataId>,
    array_glue: HashMap<Type, FuncId>,
    /// NUL-terminated source paths for panics.
    paths: HashMap<String, DataId>,
    /// Read-only byte strings (panic messages, descriptor names).
    messages: HashMap<Vec<u8>, DataId>,
    helpers: HashMap<&'static str, FuncId>,
    data_symbols: HashMap<&'static str, DataId>,
    names: HashSet<String>,
    /// The generated `seen_main` and the IR function it calls.
    entry: Option<(FuncId, usize)>,
    pub ctx: Context,
    pub fctx: FunctionBuilderContext,
}

impl<'m, M: ClModule> Lowering<'m, M> {
    /// Declares everything of `ir` in `module`.
    pub fn new(module: M, ir: &'m Module, opts: &LowerOptions) -> Result<Self, CodegenError> {
        let ctx = module.make_context();
        let mut names: HashSet<String> = HELPERS.iter().map(|h| h.0.to_string()).collect();
        names.extend(DATA_SYMBOLS.iter().map(|s| s.to_string()));
        names.insert(ENTRY_SYMBOL.into());
        for f in ir.funcs() {
            if let Linkage::Import(s) | Linkage::Export(s) = &f.linkage {
                names.insert(s.clone());
            }
        }
        let mut me = Lowering {
            module,
            ir,
            leaves: Leaves::new(ir),
            debug: opts.debug,
            funcs: Vec::new(),
            missing: Vec::new(),
            globals: Vec::new(),
            datas: Vec::new(),
            descs: HashMap::new(),
            object_glue: HashMap::new(),
            array_descs: HashMap::new(),
            array_glue: HashMap::new(),
            paths: HashMap::new(),
            messages: HashMap::new(),
            helpers: HashMap::new(),
            data_symbols: HashMap::new(),
            names,
            entry: None,
            ctx,
            fctx: FunctionBuilderContext::new(),
        };
        me.declare_functions(opts)?;
        me.declare_data()?;
        me.declare_descriptors()?;
        if let Some(main) = opts.entry {
            me.declare_entry(main)?;
        }
        Ok(me)
    }

    /// Defines every declared function, data item and glue function.
    pub fn define_all(&mut self) -> Result<(), CodegenError> {
        self.define_data()?;
        self.define_descriptors()?;
        let ir = self.ir;
        for (i, f) in ir.funcs().iter().enumerate() {
            if let Some(body) = &f.body {
                func::define(self, i, body)?;
            }
        }
        for (i, symbol) in std::mem::take(&mut self.missing) {
            self.define_missing_import(i, &symbol)?;
        }
        if let Some((entry, main)) = self.entry {
            self.define_entry(entry, main)?;
        }
        Ok(())
    }

    /// The generated `seen_main`, if one was asked for.
    pub fn entry(&self) -> Option<FuncId> {
        self.entry.map(|e| e.0)
    }

    /// A unique local symbol for an IR name.
    fn local_name(&mut self, name: &str) -> String {
        let mut candidate = name.to_string();
        let mut n = 1;
        while self.names.contains(&candidate) {
            candidate = format!("{name}.{n}");
            n += 1;
        }
        self.names.insert(candidate.clone());
        candidate
    }

    fn declare_functions(&mut self, opts: &LowerOptions) -> Result<(), CodegenError> {
        let ir = self.ir;
        for (i, f) in ir.funcs().iter().enumerate() {
            let sig = self.signature(&f.sig);
            let (name, linkage) = match &f.linkage {
                Linkage::Local => (self.local_name(&f.name), ClLinkage::Local),
                Linkage::Export(s) => (s.clone(), ClLinkage::Export),
                Linkage::Import(s) => {
                    if opts.resolves.is_some_and(|r| !r(s)) {
                        self.missing.push((i, s.clone()));
                        let id = self
                            .module
                            .declare_anonymous_function(&sig)
                            .map_err(|e| CodegenError::backend(&f.name, e))?;
                        self.funcs.push(id);
                        continue;
                    }
                    (s.clone(), ClLinkage::Import)
                }
            };
            let id = self
                .module
                .declare_function(&name, linkage, &sig)
                .map_err(|e| CodegenError::backend(&f.name, e))?;
            self.funcs.push(id);
        }
        Ok(())
    }

    fn declare_entry(&mut self, main: usize) -> Result<(), CodegenError> {
        let mut sig = self.module.make_signature();
        sig.returns.push(AbiParam::new(cl::I64));
        let id = self
            .module
            .declare_function(ENTRY_SYMBOL, ClLinkage::Export, &sig)
            .map_err(|e| CodegenError::backend(ENTRY_SYMBOL, e))?;
        self.entry = Some((id, main));
        Ok(())
    }

    /// The Cranelift signature of an IR signature: every parameter and the
    /// result flattened into leaves.
    pub fn signature(&mut self, sig: &Signature) -> clir::Signature {
        let mut out = self.module.make_signature();
        for &p in &sig.params {
            for leaf in self.leaves.of(p) {
                out.params.push(abi_param(leaf));
            }
        }
        for leaf in self.leaves.of(sig.ret) {
            out.returns.push(abi_param(leaf));
        }
        out
    }

    /// A runtime function, declared on first use.
    pub fn helper(&mut self, name: &'static str) -> Result<FuncId, CodegenError> {
        if let Some(id) = self.helpers.get(name) {
            return Ok(*id);
        }
        let Some((_, params, ret)) = HELPERS.iter().find(|h| h.0 == name) else {
            return Err(CodegenError::backend(name, "not a known runtime helper"));
        };
        let mut sig = self.module.make_signature();
        let param = |c| match c {
            'P' => AbiParam::new(cl::I64),
            'W' => AbiParam::new(cl::I32),
            'B' => AbiParam::new(cl::I8).uext(),
            'F' => AbiParam::new(cl::F64),
            _ => AbiParam::new(cl::F32),
        };
        sig.params.extend(params.chars().map(param));
        sig.returns.extend(ret.chars().map(param));
        let id = self
            .module
            .declare_function(name, ClLinkage::Import, &sig)
            .map_err(|e| CodegenError::backend(name, e))?;
        self.helpers.insert(name, id);
        Ok(id)
    }

    /// One of the runtime's data symbols (`seen_type_array`, `seen_type_String`).
    pub fn data_symbol(&mut self, name: &'static str) -> Result<DataId, CodegenError> {
        if let Some(id) = self.data_symbols.get(name) {
            return Ok(*id);
        }
        let id = self
            .module
            .declare_data(name, ClLinkage::Import, false, false)
            .map_err(|e| CodegenError::backend(name, e))?;
        self.data_symbols.insert(name, id);
        Ok(id)
    }

    /// A NUL-terminated copy of a source path, for panics.
    pub fn path_data(&mut self, path: &str) -> Result<DataId, CodegenError> {
        if let Some(id) = self.paths.get(path) {
            return Ok(*id);
        }
        let mut bytes = path.as_bytes().to_vec();
        bytes.push(0);
        let id = data::define_bytes(&mut self.module, bytes, 1, "a source path")?;
        self.paths.insert(path.to_string(), id);
        Ok(id)
    }

    /// Read-only bytes holding `text` (shared between equal texts).
    pub fn message_data(&mut self, text: &str) -> Result<DataId, CodegenError> {
        if let Some(id) = self.messages.get(text.as_bytes()) {
            return Ok(*id);
        }
        let bytes = text.as_bytes().to_vec();
        let id = data::define_bytes(&mut self.module, bytes.clone(), 1, "a message")?;
        self.messages.insert(bytes, id);
        Ok(id)
    }

    /// Declares the descriptors of object types and of arrays whose
    /// elements hold references, and their drop glue.
    fn declare_descriptors(&mut self) -> Result<(), CodegenError> {
        let ir = self.ir;
        for (i, t) in ir.types().iter().enumerate() {
            if let TypeKind::Object { .. } = t.kind {
                let ty = TypeId::new(i);
                let id = self.anonymous_data("a type descriptor")?;
                self.descs.insert(ty, id);
                if self.object_needs_glue(ty) {
                    let g = self.anonymous_glue()?;
                    self.object_glue.insert(ty, g);
                }
            }
        }
        for f in ir.funcs() {
            let Some(body) = &f.body else { continue };
            for &b in body.layout() {
                for &inst in body.block_insts(b) {
                    let InstData::ArrayNew { elem, .. } = body.inst(inst) else {
                        continue;
                    };
                    if self.leaves.has_refs(*elem) && !self.array_descs.contains_key(elem) {
                        let id = self.anonymous_data("an array descriptor")?;
                        let g = self.anonymous_glue()?;
                        self.array_descs.insert(*elem, id);
                        self.array_glue.insert(*elem, g);
                    }
                }
            }
        }
        Ok(())
    }

    fn anonymous_data(&mut self, what: &str) -> Result<DataId, CodegenError> {
        self.module
            .declare_anonymous_data(false, false)
            .map_err(|e| CodegenError::backend(what, e))
    }

    fn anonymous_glue(&mut self) -> Result<FuncId, CodegenError> {
        let sig = self.glue_signature();
        self.module
            .declare_anonymous_function(&sig)
            .map_err(|e| CodegenError::backend("drop glue", e))
    }

    fn define_descriptors(&mut self) -> Result<(), CodegenError> {
        let mut objects: Vec<(TypeId, DataId)> = self.descs.iter().map(|(k, v)| (*k, *v)).collect();
        objects.sort_by_key(|(t, _)| t.index());
        for (ty, desc) in objects {
            self.define_object_descriptor(ty, desc)?;
        }
        let mut arrays: Vec<(Type, DataId)> =
            self.array_descs.iter().map(|(k, v)| (*k, *v)).collect();
        arrays.sort_by_key(|(_, d)| d.as_u32());
        for (elem, desc) in arrays {
            let Some(&glue) = self.array_glue.get(&elem) else {
                return Err(CodegenError::backend("an array descriptor", "no drop glue"));
            };
            self.define_array_descriptor(elem, desc, glue)?;
        }
        Ok(())
    }

    /// Compiles the function in `self.ctx` as `id`.
    pub fn finish_function(&mut self, id: FuncId, name: &str) -> Result<(), CodegenError> {
        let dump = std::env::var_os("SEEN_DUMP_CLIF");
        if dump.is_some() {
            self.ctx.set_disasm(true);
        }
        let result = self.module.define_function(id, &mut self.ctx);
        if let (Some(dir), Ok(())) = (dump, &result) {
            dump_clif(&std::path::PathBuf::from(dir), name, &self.ctx);
        }
        let out = result.map_err(|e| {
            let detail = match e {
                cranelift_module::ModuleError::Compilation(err) => {
                    cranelift_codegen::print_errors::pretty_error(&self.ctx.func, err)
                }
                other => other.to_string(),
            };
            CodegenError::backend(name, detail)
        });
        self.module.clear_context(&mut self.ctx);
        out
    }
}

/// A debugging aid: with `SEEN_DUMP_CLIF=DIR`, appends each compiled
/// function's optimised Cranelift IR and its machine code to
/// `DIR/clif.txt`. Errors are ignored.
fn dump_clif(dir: &std::path::Path, name: &str, ctx: &Context) {
    use std::io::Write;
    let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("clif.txt"))
    else {
        return;
    };
    let _ = writeln!(f, "; ==== {name}\n{}", ctx.func.display());
    if let Some(code) = ctx.compiled_code().and_then(|c| c.vcode.as_ref()) {
        let _ = writeln!(f, "{code}");
    }
}

/// The ABI parameter of a leaf: narrow integers are extended as C does.
pub(crate) fn abi_param(leaf: &Leaf) -> AbiParam {
    let p = AbiParam::new(leaf.ty);
    match (leaf.kind, leaf.ty) {
        (LeafKind::Bool, _) => p.uext(),
        (LeafKind::Plain, t) if t == cl::I8 || t == cl::I16 => p.sext(),
        _ => p,
    }
}
