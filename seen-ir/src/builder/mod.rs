//! The function builder, in cranelift-frontend's shape.
//!
//! Create blocks, switch to them, add instructions with [`ins`], and let
//! variables ([`declare_var`], [`def_var`], [`use_var`]) become SSA values:
//! block parameters and branch arguments are added for you. Seal a block
//! once all branches to it exist ([`seal_block`], or [`seal_all_blocks`] at
//! the end), then [`finalize`]. A [`FunctionBuilderContext`] keeps its
//! allocations from one function to the next.
//!
//! Misuse fails with a sentence: each method panics on misuse, and its
//! `try_` form ([`try_ins`] for instructions) returns a [`BuildError`]
//! instead. Each block is *empty*, *partial* (instructions, no terminator)
//! or *filled*; switching away from a partial block, or adding to a filled
//! one, is a misuse.
//!
//! [`ins`]: FunctionBuilder::ins
//! [`try_ins`]: FunctionBuilder::try_ins
//! [`declare_var`]: FunctionBuilder::declare_var
//! [`def_var`]: FunctionBuilder::def_var
//! [`use_var`]: FunctionBuilder::use_var
//! [`seal_block`]: FunctionBuilder::seal_block
//! [`seal_all_blocks`]: FunctionBuilder::seal_all_blocks
//! [`finalize`]: FunctionBuilder::finalize

mod ins;
mod ssa;

pub use ins::{InstBuilder, TryInstBuilder};

use crate::entity::{Block, FuncId, Inst, LocId, SigRef, StackSlot, Value, Variable};
use crate::error::BuildError;
use crate::function::{Function, StackSlotData, ValueDef};
use crate::inst::InstData;
use crate::module::{Linkage, Module, Signature};
use crate::types::Type;
use crate::typing::{ResultTy, type_inst};
use ssa::SsaBuilder;

#[derive(Copy, Clone, PartialEq, Eq, Debug, Default)]
enum BlockStatus {
    #[default]
    Empty,
    Partial,
    Filled,
}

/// Reusable state of a [`FunctionBuilder`]: build one function after
/// another with the same context to reuse its allocations.
#[derive(Default)]
pub struct FunctionBuilderContext {
    ssa: SsaBuilder,
    status: Vec<BlockStatus>,
    in_layout: Vec<bool>,
    vars: Vec<Type>,
}

impl FunctionBuilderContext {
    /// A fresh context.
    pub fn new() -> FunctionBuilderContext {
        FunctionBuilderContext::default()
    }

    fn clear(&mut self) {
        self.ssa.clear();
        self.status.clear();
        self.in_layout.clear();
        self.vars.clear();
    }
}

/// Builds the body of one function of a module.
///
/// The body is stored in the module when the builder is finalized or
/// dropped. While building, [`module_mut`](Self::module_mut) gives the
/// module (to add locations, tuple types or functions).
pub struct FunctionBuilder<'a> {
    module: &'a mut Module,
    func_id: FuncId,
    func: Function,
    ctx: &'a mut FunctionBuilderContext,
    current: Option<Block>,
}

fn or_panic<T>(result: Result<T, BuildError>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

impl<'a> FunctionBuilder<'a> {
    /// Starts building the body of `func` (replacing any body it had).
    /// Fails if `func` is not declared or is imported.
    pub fn try_new(
        module: &'a mut Module,
        func: FuncId,
        ctx: &'a mut FunctionBuilderContext,
    ) -> Result<FunctionBuilder<'a>, BuildError> {
        let Some(decl) = module.get_func(func) else {
            return Err(BuildError::invalid(format!(
                "{func} is not a declared function"
            )));
        };
        if let Linkage::Import(_) = decl.linkage {
            return Err(BuildError::invalid(format!(
                "`@{}` is imported, so it cannot have a body",
                decl.name
            )));
        }
        ctx.clear();
        Ok(FunctionBuilder {
            module,
            func_id: func,
            func: Function::new(),
            ctx,
            current: None,
        })
    }

    /// Starts building the body of `func`; panics if it is not declared or is imported.
    pub fn new(
        module: &'a mut Module,
        func: FuncId,
        ctx: &'a mut FunctionBuilderContext,
    ) -> FunctionBuilder<'a> {
        or_panic(Self::try_new(module, func, ctx))
    }

    /// The module.
    pub fn module(&self) -> &Module {
        self.module
    }

    /// The module, to add locations, tuples, functions or data while building.
    pub fn module_mut(&mut self) -> &mut Module {
        self.module
    }

    /// The function being built.
    pub fn func_id(&self) -> FuncId {
        self.func_id
    }

    /// The body built so far.
    pub fn func(&self) -> &Function {
        &self.func
    }

    /// Adds (or finds) a source location in the module.
    pub fn loc(&mut self, path: &str, line: u32, col: u32) -> LocId {
        self.module.add_loc(path, line, col)
    }

    /// Creates a block; it joins the layout when first switched to.
    pub fn create_block(&mut self) -> Block {
        let block = self.func.create_block();
        self.ctx.ssa.declare_block(block);
        self.ctx.status.push(BlockStatus::Empty);
        self.ctx.in_layout.push(false);
        block
    }

    fn check_block(&self, block: Block) -> Result<(), BuildError> {
        if block.index() < self.ctx.status.len() {
            Ok(())
        } else {
            Err(BuildError::invalid(format!(
                "{block} was not created by this builder"
            )))
        }
    }

    fn check_value(&self, value: Value) -> Result<(), BuildError> {
        match self.func.get_value(value).map(|d| d.def) {
            Some(ValueDef::Unused) | None => Err(BuildError::invalid(format!(
                "{value} is not a value of this function"
            ))),
            Some(_) => Ok(()),
        }
    }

    /// Appends a parameter to a block that has no instructions and no branches to it yet.
    pub fn try_append_block_param(&mut self, block: Block, ty: Type) -> Result<Value, BuildError> {
        self.check_block(block)?;
        self.module
            .check_value_type(ty)
            .map_err(|e| BuildError::invalid(format!("parameter of {block}: {e}")))?;
        if self.ctx.status[block.index()] != BlockStatus::Empty || self.ctx.ssa.has_preds(block) {
            return Err(BuildError::LateBlockParam { block });
        }
        Ok(self.func.append_block_param(block, ty))
    }

    /// Appends a parameter to a block; panics on misuse.
    pub fn append_block_param(&mut self, block: Block, ty: Type) -> Value {
        or_panic(self.try_append_block_param(block, ty))
    }

    /// Gives a block one parameter per parameter of the function (for the entry block).
    pub fn append_block_params_for_function_params(&mut self, block: Block) -> Vec<Value> {
        let params = self.module.func(self.func_id).sig.params.clone();
        params
            .into_iter()
            .map(|ty| self.append_block_param(block, ty))
            .collect()
    }

    /// The parameters of a block. Panics if this builder did not create it.
    pub fn block_params(&self, block: Block) -> &[Value] {
        self.func.block_params(block)
    }

    /// The block instructions go to.
    pub fn current_block(&self) -> Option<Block> {
        self.current
    }

    /// Makes `block` the current block. The previous one must be empty or
    /// filled; `block` must not be filled.
    pub fn try_switch_to_block(&mut self, block: Block) -> Result<(), BuildError> {
        self.check_block(block)?;
        if let Some(cur) = self.current {
            if cur != block && self.ctx.status[cur.index()] == BlockStatus::Partial {
                return Err(BuildError::BlockNotFilled {
                    block: cur,
                    next: block,
                });
            }
        }
        if self.ctx.status[block.index()] == BlockStatus::Filled {
            return Err(BuildError::BlockFilled { block });
        }
        if !std::mem::replace(&mut self.ctx.in_layout[block.index()], true) {
            if self.func.layout().is_empty() {
                self.ctx.ssa.entry = Some(block);
            }
            self.func.append_to_layout(block);
        }
        self.current = Some(block);
        Ok(())
    }

    /// Makes `block` the current block; panics on misuse.
    pub fn switch_to_block(&mut self, block: Block) {
        or_panic(self.try_switch_to_block(block))
    }

    /// Declares that every branch to `block` has been built.
    pub fn try_seal_block(&mut self, block: Block) -> Result<(), BuildError> {
        self.check_block(block)?;
        if self.ctx.ssa.is_sealed(block) {
            return Err(BuildError::AlreadySealed { block });
        }
        self.ctx.ssa.seal_block(&mut self.func, block);
        self.after_ssa()
    }

    /// Declares that every branch to `block` has been built; panics on misuse.
    pub fn seal_block(&mut self, block: Block) {
        or_panic(self.try_seal_block(block))
    }

    /// Seals every block not sealed yet.
    pub fn try_seal_all_blocks(&mut self) -> Result<(), BuildError> {
        self.ctx.ssa.seal_all(&mut self.func);
        self.after_ssa()
    }

    /// Seals every block not sealed yet; panics on misuse.
    pub fn seal_all_blocks(&mut self) {
        or_panic(self.try_seal_all_blocks())
    }

    fn after_ssa(&mut self) -> Result<(), BuildError> {
        for block in std::mem::take(&mut self.ctx.ssa.touched) {
            let status = &mut self.ctx.status[block.index()];
            if *status == BlockStatus::Empty {
                *status = BlockStatus::Partial;
            }
        }
        match self.ctx.ssa.take_errors().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Declares a variable of type `ty`.
    pub fn try_declare_var(&mut self, ty: Type) -> Result<Variable, BuildError> {
        self.module
            .check_value_type(ty)
            .map_err(|e| BuildError::invalid(format!("variable: {e}")))?;
        self.ctx.vars.push(ty);
        Ok(Variable::new(self.ctx.vars.len() - 1))
    }

    /// Declares a variable of type `ty`; panics on misuse.
    pub fn declare_var(&mut self, ty: Type) -> Variable {
        or_panic(self.try_declare_var(ty))
    }

    fn var_type(&self, var: Variable) -> Result<Type, BuildError> {
        self.ctx
            .vars
            .get(var.index())
            .copied()
            .ok_or(BuildError::UndeclaredVar { var })
    }

    /// Assigns `value` to `var` in the current block.
    pub fn try_def_var(&mut self, var: Variable, value: Value) -> Result<(), BuildError> {
        let ty = self.var_type(var)?;
        self.check_value(value)?;
        let found = self.func.value_type(value);
        if found != ty {
            return Err(BuildError::VarTypeMismatch {
                var,
                expected: self.module.display_type(ty),
                found: self.module.display_type(found),
            });
        }
        let block = self.current.ok_or(BuildError::NoCurrentBlock)?;
        self.ctx.ssa.def_var(var, value, block);
        Ok(())
    }

    /// Assigns `value` to `var`; panics on misuse.
    pub fn def_var(&mut self, var: Variable, value: Value) {
        or_panic(self.try_def_var(var, value))
    }

    /// The value of `var` at the current point.
    pub fn try_use_var(&mut self, var: Variable) -> Result<Value, BuildError> {
        let ty = self.var_type(var)?;
        let block = self.current.ok_or(BuildError::NoCurrentBlock)?;
        let value = self.ctx.ssa.use_var(&mut self.func, var, ty, block);
        self.after_ssa()?;
        Ok(value)
    }

    /// The value of `var` at the current point; panics on misuse.
    pub fn use_var(&mut self, var: Variable) -> Value {
        or_panic(self.try_use_var(var))
    }

    /// Adds a stack slot of `size` bytes aligned to `align` (a power of two).
    pub fn create_stack_slot(&mut self, size: u32, align: u32) -> StackSlot {
        self.func.create_stack_slot(StackSlotData { size, align })
    }

    /// Declares a signature for `call_indirect`.
    pub fn import_signature(&mut self, sig: Signature) -> SigRef {
        self.func.import_signature(sig)
    }

    /// Adds instructions to the current block; methods panic on misuse.
    pub fn ins<'short>(&'short mut self) -> InstBuilder<'short, 'a> {
        InstBuilder(self)
    }

    /// Adds instructions to the current block; methods return a [`BuildError`] on misuse.
    pub fn try_ins<'short>(&'short mut self) -> TryInstBuilder<'short, 'a> {
        TryInstBuilder(self)
    }

    /// Adds any instruction to the current block after checking its
    /// operands; gives the instruction and its result.
    pub fn try_build(&mut self, data: InstData) -> Result<(Inst, Option<Value>), BuildError> {
        let block = self.current.ok_or(BuildError::NoCurrentBlock)?;
        if self.ctx.status[block.index()] == BlockStatus::Filled {
            return Err(BuildError::BlockFilled { block });
        }
        let mut bad = None;
        data.for_each_arg(|v| {
            if bad.is_none() && self.check_value(v).is_err() {
                bad = Some(v);
            }
        });
        if let Some(v) = bad {
            return Err(BuildError::invalid(format!(
                "`{}` uses {v}, which is not a value of this function",
                data.opcode().name()
            )));
        }
        let ret = self.module.func(self.func_id).sig.ret;
        let ty_of = |v: Value| Some(self.func.value_type(v));
        let typing = type_inst(self.module, &self.func, Some(ret), &data, &ty_of);
        if let Some(message) = typing.errors.into_iter().next() {
            return Err(BuildError::BadInstruction {
                inst: data.opcode().name().to_string(),
                message,
            });
        }
        let result = match typing.result {
            ResultTy::Known(t) => Some(t),
            _ => None,
        };
        let dests = self.check_destinations(&data)?;
        let is_terminator = data.opcode().is_terminator();
        let inst = self.func.insert_inst(block, None, data, result);
        for dest in dests {
            self.ctx.ssa.declare_predecessor(dest, block, inst);
        }
        self.ctx.status[block.index()] = if is_terminator {
            BlockStatus::Filled
        } else {
            BlockStatus::Partial
        };
        Ok((inst, self.func.inst_result(inst)))
    }

    /// The distinct destination blocks of a branch, checked.
    fn check_destinations(&self, data: &InstData) -> Result<Vec<Block>, BuildError> {
        let mut out: Vec<Block> = Vec::new();
        for dest in data.destinations() {
            let block = dest.block;
            self.check_block(block)?;
            if Some(block) == self.ctx.ssa.entry {
                return Err(BuildError::BranchToEntry { block });
            }
            if self.ctx.ssa.is_sealed(block) {
                return Err(BuildError::BranchToSealed { block });
            }
            if !out.contains(&block) {
                out.push(block);
            }
        }
        Ok(out)
    }

    /// Checks that every block is filled and sealed, then stores the body
    /// in canonical form (see [`Function::compact`]).
    pub fn try_finalize(mut self) -> Result<(), BuildError> {
        for &block in self.func.layout() {
            if self.ctx.status[block.index()] != BlockStatus::Filled {
                return Err(BuildError::NotFilled { block });
            }
            if !self.ctx.ssa.is_sealed(block) {
                return Err(BuildError::NotSealed { block });
            }
        }
        self.func.compact();
        self.ctx.clear();
        Ok(())
    }

    /// Checks, then stores the body; panics on misuse.
    pub fn finalize(self) {
        or_panic(self.try_finalize())
    }
}

impl Drop for FunctionBuilder<'_> {
    fn drop(&mut self) {
        let body = std::mem::take(&mut self.func);
        self.module.put_body(self.func_id, body);
    }
}
