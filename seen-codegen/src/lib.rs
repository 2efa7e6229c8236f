//! `seen-codegen`: Seen source and Seen IR to native code with Cranelift.
//!
//! From source, [`compile`] and [`Compiler`] check the program, lower it
//! to IR (`seen_sema::lower`) and compile it; from IR, [`compile_ir`]
//! gives an object file or a linked executable, and [`run_ir`] runs the
//! module's `main` with the JIT in a child process and captures what it
//! did. The
//! generated code links against the C runtime of `seen-std`
//! (`docs/runtime.md`); `docs/codegen.md` describes how every IR type and
//! instruction is lowered.
//!
//! Read `compile.rs` (the pipeline), `lower/` (the translation: `mod.rs`
//! declares the module's items, `func.rs` translates a body and dispatches
//! each instruction to the file of its group), `leaves.rs` (how IR values
//! become Cranelift values), `jit.rs` and `process.rs` (running isolated).
//!
//! Invariants:
//! - A malformed module is an error, never a panic: every module is
//!   verified first, and the lowering checks what it indexes.
//! - Seen code never runs in the calling process: [`run_ir`] compiles with
//!   the JIT in this process but calls the entry point only in a forked
//!   child.
//! - Files are written through a temporary file and a rename.
//!
//! ```
//! use seen_codegen::{run_ir, RunOptions};
//! use seen_ir::{FunctionBuilder, FunctionBuilderContext, Linkage, Module, Signature, Type};
//!
//! // @main prints 6 * 7 with the runtime's seen_print_i64
//! let mut module = Module::new("demo");
//! let print = module.declare_function(
//!     "seen_print_i64", Signature::new([Type::I64], Type::Void), Linkage::Import("seen_print_i64".into()));
//! let main = module.declare_function("main", Signature::new([], Type::Void), Linkage::Local);
//! let mut ctx = FunctionBuilderContext::new();
//! let mut b = FunctionBuilder::new(&mut module, main, &mut ctx);
//! let entry = b.create_block();
//! b.switch_to_block(entry);
//! b.seal_block(entry);
//! let x = b.ins().iconst(Type::I64, 6);
//! let y = b.ins().iconst(Type::I64, 7);
//! let p = b.ins().imul(x, y);
//! b.ins().call(print, &[p]);
//! b.ins().ret(None);
//! b.finalize();
//!
//! let out = run_ir(&module, &RunOptions::default()).unwrap();
//! assert_eq!((out.exit_code, out.stdout_text()), (0, "42\n".to_string()));
//! ```
#![deny(missing_docs)]

mod compile;
mod driver;
mod error;
mod jit;
mod leaves;
mod link;
mod lower;
mod options;
mod process;

pub use compile::{Artifact, compile_ir};
pub use driver::{
    CompileError, Compiler, CompilerBuilder, Lowered, Options, SourceFile, compile, lower_sources,
};
pub use error::CodegenError;
pub use options::{IrOptions, OptLevel, OutputKind};
pub use process::{RunOptions, RunOutput, run_ir};

/// The symbol of the program entry the code generator emits
/// (`int64_t seen_main(void)`), which the runtime's `main` and `seen_run`
/// call.
pub const ENTRY_SYMBOL: &str = lower::ENTRY_SYMBOL;
