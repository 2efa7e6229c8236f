//! [`compile_ir`]: verify, optimise (release), lower to an object file,
//! and link an executable.

use crate::error::CodegenError;
use crate::link::{link_executable, write_atomically};
use crate::lower::{LowerOptions, Lowering};
use crate::options::{CodeModel, IrOptions, OptLevel, OutputKind, make_isa};
use cranelift_object::{ObjectBuilder, ObjectModule};
use seen_ir::{Linkage, Module, Type};
use std::borrow::Cow;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use target_lexicon::Triple;

/// What [`compile_ir`] produced.
#[derive(Clone, Debug)]
pub struct Artifact {
    /// The file written (the executable or the object file).
    pub path: PathBuf,
    /// Warnings and notes about the program. Compiling IR produces none
    /// (an IR module that does not verify is an error); the field is here
    /// for the source-level compile API, which shares this type.
    pub diagnostics: Vec<seen_syntax::Diagnostic>,
    /// How long each phase took, in order: `verify`, `optimize` (release
    /// only), `codegen`, `link` (executables) or `write` (objects).
    pub timings: Vec<(&'static str, Duration)>,
}

/// Compiles an IR module to an executable or an object file for the host
/// (or `options.target`), as `options` say.
///
/// The module is verified first ([`seen_ir::verify`]); a module that does
/// not verify is [`CodegenError::InvalidModule`]. In release builds the IR
/// passes run before code generation. An executable needs an entry point:
/// a function `@main` of type `() -> void`, `() -> i32` or `() -> i64`
/// (docs/codegen.md, "Entry point"); the code generator adds `seen_main`,
/// which the runtime's `main` calls. The output is written to a temporary
/// file next to `options.output` and renamed into place.
///
/// ```
/// use seen_codegen::{compile_ir, IrOptions, OutputKind};
/// let module = seen_ir::parse(r#"
/// fn @main() -> i32 {
/// block0:
///     v0 = iconst.i32 7
///     ret v0
/// }
/// "#).unwrap();
/// let dir = tempfile::tempdir().unwrap();
/// let exe = dir.path().join("seven");
/// let artifact = compile_ir(&module, &IrOptions::new(&exe)).unwrap();
/// assert_eq!(artifact.path, exe);
/// let status = std::process::Command::new(&exe).status().unwrap();
/// assert_eq!(status.code(), Some(7));
///
/// let obj = dir.path().join("seven.o");
/// compile_ir(&module, &IrOptions::new(&obj).kind(OutputKind::Object)).unwrap();
/// assert!(std::fs::read(&obj).unwrap().starts_with(b"\x7fELF"));
/// ```
pub fn compile_ir(module: &Module, options: &IrOptions) -> Result<Artifact, CodegenError> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        let now = Instant::now();
        timings.push((name, now - clock));
        clock = now;
    };
    seen_ir::verify(module)?;
    lap("verify", &mut timings);
    let prepared = prepare(module, options.opt_level)?;
    if options.opt_level == OptLevel::Release {
        lap("optimize", &mut timings);
    }
    let entry = match options.kind {
        OutputKind::Executable => Some(entry_point(&prepared)?),
        OutputKind::Object => entry_point(&prepared).ok(),
    };
    let main = match entry {
        Some(Entry::Main(i)) => Some(i),
        _ => None,
    };
    let bytes = emit_object(&prepared, options.opt_level, options.target.as_ref(), main)?;
    lap("codegen", &mut timings);
    write_output(&bytes, options)?;
    lap(
        match options.kind {
            OutputKind::Object => "write",
            OutputKind::Executable => "link",
        },
        &mut timings,
    );
    Ok(Artifact {
        path: options.output.clone(),
        diagnostics: Vec::new(),
        timings,
    })
}

/// Writes the object file, or links the executable.
fn write_output(object: &[u8], options: &IrOptions) -> Result<(), CodegenError> {
    if options.kind == OutputKind::Object {
        return write_atomically(&options.output, object);
    }
    if let Some(t) = options.target.as_ref().filter(|t| **t != Triple::host()) {
        return Err(CodegenError::UnsupportedTarget {
            target: t.to_string(),
            reason: "executables can only be linked for the host yet (write an object file)".into(),
        });
    }
    link_executable(
        object,
        &options.output,
        options.opt_level == OptLevel::Debug,
    )
}

/// The module to generate code for: the module itself in debug builds, or
/// a copy after the IR passes in release builds.
pub(crate) fn prepare(module: &Module, opt: OptLevel) -> Result<Cow<'_, Module>, CodegenError> {
    if opt == OptLevel::Debug {
        return Ok(Cow::Borrowed(module));
    }
    dump_ir("before", module);
    let mut m = module.clone();
    seen_ir::passes::release(&mut m);
    seen_ir::verify(&m)?;
    dump_ir("after", &m);
    Ok(Cow::Owned(m))
}

/// A debugging aid: with `SEEN_DUMP_IR=DIR` in the environment, writes the
/// module's text to `DIR/NAME.before.sir` (as lowered) and
/// `DIR/NAME.after.sir` (after the release passes). Errors are ignored.
fn dump_ir(stage: &str, module: &Module) {
    let Some(dir) = std::env::var_os("SEEN_DUMP_IR") else {
        return;
    };
    let name = if module.name().is_empty() {
        "seen"
    } else {
        module.name()
    };
    let path = PathBuf::from(dir).join(format!("{name}.{stage}.sir"));
    let _ = std::fs::write(path, seen_ir::print(module));
}

/// The program's entry point.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum Entry {
    /// `@main` (by index): the code generator adds `seen_main`.
    Main(usize),
    /// A function the module exports as `seen_main` itself (by index).
    Exported(usize),
}

/// Finds the entry point: `@main` of type `() -> void | i32 | i64`, or a
/// function exported as `seen_main` of type `() -> i64`.
pub(crate) fn entry_point(module: &Module) -> Result<Entry, CodegenError> {
    let no = |reason: String| CodegenError::NoEntryPoint { reason };
    let exported = module
        .funcs()
        .iter()
        .position(|f| matches!(&f.linkage, Linkage::Export(s) if s == crate::ENTRY_SYMBOL));
    let main = module.func_by_name("main");
    match (main, exported) {
        (Some(_), Some(_)) => Err(no(
            "the module has `@main` and also exports `seen_main`; keep one".into(),
        )),
        (None, Some(i)) => {
            let sig = &module.funcs()[i].sig;
            if sig.params.is_empty() && sig.ret == Type::I64 {
                Ok(Entry::Exported(i))
            } else {
                Err(no(
                    "the function exported as `seen_main` must have type `() -> i64`".into(),
                ))
            }
        }
        (Some(id), None) => {
            let f = module.func(id);
            let ok_ret = matches!(f.sig.ret, Type::Void | Type::I32 | Type::I64);
            if !f.sig.params.is_empty() || !ok_ret {
                let shown = show_signature(module, &f.sig);
                return Err(no(format!(
                    "`@main` has type `{shown}`; expected `() -> void`, `() -> i32` or `() -> i64`"
                )));
            }
            if f.body.is_none() {
                return Err(no(
                    "`@main` is imported; it must be defined in the module".into()
                ));
            }
            Ok(Entry::Main(id.index()))
        }
        (None, None) => Err(no("the module has no function `@main`".into())),
    }
}

/// Lowers a verified module to the bytes of an object file.
pub(crate) fn emit_object(
    module: &Module,
    opt: OptLevel,
    target: Option<&Triple>,
    main: Option<usize>,
) -> Result<Vec<u8>, CodegenError> {
    let isa = make_isa(target, opt, CodeModel::Object)?;
    let name = if module.name().is_empty() {
        "seen"
    } else {
        module.name()
    };
    let builder = ObjectBuilder::new(isa, name, cranelift_module::default_libcall_names())
        .map_err(|e| CodegenError::backend(name, e))?;
    let options = LowerOptions {
        debug: opt == OptLevel::Debug,
        entry: main,
        resolves: None,
    };
    let mut lowering = Lowering::new(ObjectModule::new(builder), module, &options)?;
    lowering.define_all()?;
    let product = lowering.module.finish();
    product.emit().map_err(|e| CodegenError::backend(name, e))
}

/// `(i32, i64) -> void`.
fn show_signature(module: &Module, sig: &seen_ir::Signature) -> String {
    let params: Vec<String> = sig.params.iter().map(|t| module.display_type(*t)).collect();
    format!(
        "({}) -> {}",
        params.join(", "),
        module.display_type(sig.ret)
    )
}
