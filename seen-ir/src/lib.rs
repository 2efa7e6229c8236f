//! `seen-ir`: the typed SSA intermediate representation of the Seen toolchain.
//!
//! The crate takes IR built by the compiler's lowering or by a tool (with
//! the [`FunctionBuilder`] or as text) and gives a checked, printable,
//! serialisable, runnable [`Module`]: a [`verify`]er that reports every
//! broken invariant, a canonical text format ([`print()`], [`parse()`]), `serde`
//! support, an [`interp::Interpreter`] that is both the reference semantics
//! and the compile-time evaluator, and [`passes`] (constant folding,
//! dead-code elimination, CFG simplification, inlining, reference-count
//! and bounds-check elimination). The IR stays close to the
//! machine: integers, floats, `bool`, pointers, SIMD vectors, value
//! aggregates, counted references to heap objects and arrays, and explicit
//! `retain`/`release`. `docs/ir.md` describes every type and instruction.
//!
//! Architecture invariants:
//! - This crate depends on no other Seen crate: a migration tool can build
//!   IR without the front end.
//! - Every pass leaves a module that verifies, in canonical form.
//! - The text round-trips: `parse(&print(&m))` equals `m` for every module
//!   the builder, the parser or a pass produced, and printing is canonical.
//! - Bad input never panics: the parser returns [`ParseErrors`], the
//!   verifier [`VerifierErrors`], the builders' `try_` methods [`BuildError`].
//!
//! A complete example: build a function that sums `0..n` with a loop,
//! verify it, print it and run it.
//!
//! ```
//! use seen_ir::{FunctionBuilder, FunctionBuilderContext, IntCC, Linkage, Module, Signature, Type};
//! use seen_ir::interp::{DataValue, Interpreter};
//!
//! let mut module = Module::new("demo");
//! let sum = module.declare_function("sum", Signature::new([Type::I64], Type::I64), Linkage::Local);
//! let mut ctx = FunctionBuilderContext::new();
//! let mut b = FunctionBuilder::new(&mut module, sum, &mut ctx);
//! let (entry, header, body, exit) = (b.create_block(), b.create_block(), b.create_block(), b.create_block());
//! let n = b.append_block_params_for_function_params(entry)[0];
//! let (i, total) = (b.declare_var(Type::I64), b.declare_var(Type::I64));
//!
//! b.switch_to_block(entry);
//! b.seal_block(entry);
//! let zero = b.ins().iconst(Type::I64, 0);
//! b.def_var(i, zero);
//! b.def_var(total, zero);
//! b.ins().jump(header, &[]);
//!
//! b.switch_to_block(header); // sealed once the loop's back edge exists
//! let iv = b.use_var(i);
//! let more = b.ins().icmp(IntCC::Slt, iv, n);
//! b.ins().brif(more, body, &[], exit, &[]);
//!
//! b.switch_to_block(body);
//! b.seal_block(body);
//! let (iv, tv) = (b.use_var(i), b.use_var(total));
//! let t2 = b.ins().iadd(tv, iv);
//! let one = b.ins().iconst(Type::I64, 1);
//! let i2 = b.ins().iadd(iv, one);
//! b.def_var(total, t2);
//! b.def_var(i, i2);
//! b.ins().jump(header, &[]);
//! b.seal_block(header);
//!
//! b.switch_to_block(exit);
//! b.seal_block(exit);
//! let result = b.use_var(total);
//! b.ins().ret(Some(result));
//! b.finalize();
//!
//! seen_ir::verify(&module).expect("the module verifies");
//! let text = seen_ir::print(&module);
//! assert!(text.contains("block1(v"), "the loop header got block parameters:\n{text}");
//! assert_eq!(seen_ir::parse(&text).unwrap(), module);
//!
//! let mut interp = Interpreter::new(&module);
//! assert_eq!(interp.call("sum", &[DataValue::I64(10)]), Ok(DataValue::I64(45)));
//! ```

#![deny(missing_docs)]

mod builder;
pub mod cfg;
mod entity;
mod error;
mod function;
mod inst;
pub mod interp;
mod layout;
mod module;
pub mod passes;
pub mod text;
mod types;
mod typing;
pub mod verifier;

pub use builder::{FunctionBuilder, FunctionBuilderContext, InstBuilder, TryInstBuilder};
pub use entity::{
    Block, DataId, FuncId, GlobalId, Inst, LocId, SigRef, StackSlot, TypeId, Value, Variable,
};
pub use error::BuildError;
pub use function::{BlockData, Function, InstNode, StackSlotData, ValueData, ValueDef};
pub use inst::{BlockCall, FloatCC, InstData, IntCC, Opcode, ValueList};
pub use layout::{Layout, OBJECT_HEADER_SIZE};
pub use module::{
    Const, DataDecl, DataKind, FuncDecl, GlobalDecl, Linkage, Module, Signature, SourceLoc, Symbol,
};
pub use text::{ParseError, ParseErrors, parse, print};
pub use types::{LaneType, Type, TypeDecl, TypeKind, Variant, VectorType};
pub use verifier::{VerifierError, VerifierErrors, verify};
