//! Calls and terminators: `call`, `call_indirect`, `jump`, `brif`,
//! `switch`, `ret`, `trap`, `unreachable`.
//!
//! Arguments and results are passed as their leaves (docs/codegen.md,
//! "Calling convention"). `switch` becomes Cranelift's `Switch` (a jump
//! table or a search tree); a case that passes block arguments goes
//! through a small block that jumps with them.

use super::func::{FnCx, Vals};
use crate::error::CodegenError;
use cranelift_codegen::ir::{Block as ClBlock, BlockArg, InstBuilder};
use cranelift_frontend::Switch;
use cranelift_module::Module as ClModule;
use seen_ir::{BlockCall, InstData, SigRef, Value};

impl<M: ClModule> FnCx<'_, '_, M> {
    /// `call @f(args)`.
    pub fn call(&mut self, func: seen_ir::FuncId, args: &[Value]) -> Result<Vals, CodegenError> {
        let id = self.cl_func(func)?;
        let r = self.func_ref(id);
        let xs = self.args_flat(args)?;
        let call = self.b.ins().call(r, &xs);
        Ok(self.b.inst_results(call).to_vec())
    }

    /// `call_indirect sig, p(args)`.
    pub fn call_indirect(
        &mut self,
        sig: SigRef,
        callee: Value,
        args: &[Value],
    ) -> Result<Vals, CodegenError> {
        let s = self.sig_ref(sig)?;
        let p = self.one(callee)?;
        let xs = self.args_flat(args)?;
        let call = self.b.ins().call_indirect(s, p, &xs);
        Ok(self.b.inst_results(call).to_vec())
    }

    /// The Cranelift block and arguments of a branch destination.
    fn dest(&self, dest: &BlockCall) -> Result<(ClBlock, Vec<BlockArg>), CodegenError> {
        let block = self.block(dest.block)?;
        let args = self
            .args_flat(&dest.args)?
            .into_iter()
            .map(BlockArg::Value)
            .collect();
        Ok((block, args))
    }

    /// A block that can be the target of a branch without arguments: the
    /// destination itself, or a new block (recorded in `hops`, filled after
    /// the branch) that jumps to it with them.
    fn plain_target(
        &mut self,
        dest: &BlockCall,
        hops: &mut Vec<(ClBlock, ClBlock, Vec<BlockArg>)>,
    ) -> Result<ClBlock, CodegenError> {
        let (block, args) = self.dest(dest)?;
        if args.is_empty() {
            return Ok(block);
        }
        let hop = self.b.create_block();
        hops.push((hop, block, args));
        Ok(hop)
    }

    /// Terminators.
    pub fn terminator(&mut self, data: &InstData) -> Result<Vals, CodegenError> {
        match data {
            InstData::Jump { dest } => {
                let (block, args) = self.dest(dest)?;
                self.b.ins().jump(block, &args);
            }
            InstData::Brif {
                arg,
                then_dest,
                else_dest,
            } => {
                let c = self.one(*arg)?;
                let (t, targs) = self.dest(then_dest)?;
                let (e, eargs) = self.dest(else_dest)?;
                self.b.ins().brif(c, t, &targs, e, &eargs);
            }
            InstData::Switch {
                arg,
                default,
                cases,
            } => self.switch(*arg, default, cases)?,
            InstData::Return { arg } => {
                let xs = match arg {
                    Some(v) => self.arg(*v)?,
                    None => Vec::new(),
                };
                self.b.ins().return_(&xs);
            }
            InstData::Trap { message, loc } => self.trap_message(message, *loc)?,
            InstData::Unreachable => self.panic_at("seen_panic_unreachable", &[], None)?,
            _ => return Err(self.unsupported("not a terminator")),
        }
        Ok(Vec::new())
    }

    fn switch(
        &mut self,
        arg: Value,
        default: &BlockCall,
        cases: &[(i64, BlockCall)],
    ) -> Result<(), CodegenError> {
        let x = self.one(arg)?;
        let bits = self.b.func.dfg.value_type(x).bits();
        let mask: u64 = if bits >= 64 {
            u64::MAX
        } else {
            (1u64 << bits) - 1
        };
        let mut sw = Switch::new();
        let mut seen = std::collections::HashSet::new();
        let mut hops = Vec::new();
        for (key, dest) in cases {
            let k = u128::from(*key as u64 & mask);
            if !seen.insert(k) {
                return Err(self.unsupported(format!("switch case {key} appears twice")));
            }
            let target = self.plain_target(dest, &mut hops)?;
            sw.set_entry(k, target);
        }
        let otherwise = self.plain_target(default, &mut hops)?;
        if cases.is_empty() {
            self.b.ins().jump(otherwise, &[]);
        } else {
            sw.emit(&mut self.b, x, otherwise);
        }
        for (hop, block, args) in hops {
            self.b.switch_to_block(hop);
            self.b.ins().jump(block, &args);
        }
        Ok(())
    }
}
