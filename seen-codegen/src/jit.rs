//! Compiling a module into executable memory with cranelift-jit.
//!
//! The compiling and the finalising (relocations, `mprotect`) happen in the
//! calling process, but nothing compiled here is ever called in it: the
//! entry point is only called in a forked child (`process.rs`). Imports
//! resolve to the runtime's symbols (`seen_std::runtime_symbols`), then to
//! the process's own symbols (`dlsym`); an import found nowhere becomes a
//! function that panics when called, so a module that merely mentions an
//! unavailable function still runs.

use crate::compile::Entry;
use crate::error::CodegenError;
use crate::lower::{LowerOptions, Lowering};
use crate::options::{CodeModel, OptLevel, make_isa};
use cranelift_jit::{JITBuilder, JITModule};
use seen_ir::Module;
use std::collections::HashSet;
use std::ffi::CString;

/// The signature of `seen_main`.
pub(crate) type EntryFn = extern "C" fn() -> i64;

/// A module compiled into executable memory, freed on drop.
pub(crate) struct JitProgram {
    module: Option<JITModule>,
    entry: EntryFn,
}

/// Whether the process has a symbol of this name (`dlsym`).
fn process_has(symbol: &str) -> bool {
    let Ok(name) = CString::new(symbol) else {
        return false;
    };
    // SAFETY: `name` is a valid NUL-terminated string; dlsym only reads it.
    !unsafe { libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr()) }.is_null()
}

extern "C" fn lib_fma(a: f64, b: f64, c: f64) -> f64 {
    a.mul_add(b, c)
}
extern "C" fn lib_fmaf(a: f32, b: f32, c: f32) -> f32 {
    a.mul_add(b, c)
}
extern "C" fn lib_ceil(a: f64) -> f64 {
    a.ceil()
}
extern "C" fn lib_ceilf(a: f32) -> f32 {
    a.ceil()
}
extern "C" fn lib_floor(a: f64) -> f64 {
    a.floor()
}
extern "C" fn lib_floorf(a: f32) -> f32 {
    a.floor()
}
extern "C" fn lib_trunc(a: f64) -> f64 {
    a.trunc()
}
extern "C" fn lib_truncf(a: f32) -> f32 {
    a.trunc()
}
extern "C" fn lib_nearbyint(a: f64) -> f64 {
    a.round_ties_even()
}
extern "C" fn lib_nearbyintf(a: f32) -> f32 {
    a.round_ties_even()
}

/// The float functions Cranelift calls on CPUs without the instructions.
fn libcalls() -> Vec<(&'static str, *const u8)> {
    vec![
        ("fma", lib_fma as *const u8),
        ("fmaf", lib_fmaf as *const u8),
        ("ceil", lib_ceil as *const u8),
        ("ceilf", lib_ceilf as *const u8),
        ("floor", lib_floor as *const u8),
        ("floorf", lib_floorf as *const u8),
        ("trunc", lib_trunc as *const u8),
        ("truncf", lib_truncf as *const u8),
        ("nearbyint", lib_nearbyint as *const u8),
        ("nearbyintf", lib_nearbyintf as *const u8),
    ]
}

impl JitProgram {
    /// Compiles a verified module whose entry is `entry`.
    pub fn compile(ir: &Module, opt: OptLevel, entry: Entry) -> Result<JitProgram, CodegenError> {
        let isa = make_isa(None, opt, CodeModel::Jit)?;
        let mut builder = JITBuilder::with_isa(isa, cranelift_module::default_libcall_names());
        let mut known: HashSet<&'static str> = HashSet::new();
        for (name, addr) in seen_std::runtime_symbols().into_iter().chain(libcalls()) {
            known.insert(name);
            builder.symbol(name, addr);
        }
        let resolves = |s: &str| known.contains(s) || process_has(s);
        let options = LowerOptions {
            debug: opt == OptLevel::Debug,
            entry: match entry {
                Entry::Main(i) => Some(i),
                Entry::Exported(_) => None,
            },
            resolves: Some(&resolves),
        };
        let mut lowering = Lowering::new(JITModule::new(builder), ir, &options)?;
        lowering.define_all()?;
        let entry_id = match (entry, lowering.entry()) {
            (Entry::Main(_), Some(id)) => id,
            (Entry::Exported(i), _) => match lowering.funcs.get(i) {
                Some(&id) => id,
                None => return Err(CodegenError::backend("seen_main", "not declared")),
            },
            _ => {
                return Err(CodegenError::backend(
                    "seen_main",
                    "the entry was not generated",
                ));
            }
        };
        let mut module = lowering.module;
        module
            .finalize_definitions()
            .map_err(|e| CodegenError::backend("the JIT module", e))?;
        let code = module.get_finalized_function(entry_id);
        // SAFETY: `code` is the finalized machine code of a function with the
        // signature `() -> i64` in the platform's C calling convention.
        let entry = unsafe { std::mem::transmute::<*const u8, EntryFn>(code) };
        Ok(JitProgram {
            module: Some(module),
            entry,
        })
    }

    /// The entry point. It must only be called in a child process.
    pub fn entry(&self) -> EntryFn {
        self.entry
    }
}

impl Drop for JitProgram {
    fn drop(&mut self) {
        if let Some(m) = self.module.take() {
            // SAFETY: no code of this module runs in this process: the entry
            // is only ever called in forked children, which have their own
            // copy of the memory.
            unsafe { m.free_memory() };
        }
    }
}
