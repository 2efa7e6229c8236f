//! Panics: cold blocks that call the runtime's panic helpers with a
//! source location (docs/runtime.md section 8), then stop with a
//! Cranelift trap that is never reached (the helpers do not return).

use super::func::FnCx;
use crate::error::CodegenError;
use cranelift_codegen::ir::{InstBuilder, TrapCode, Value as ClValue, types as cl};
use cranelift_module::Module as ClModule;
use seen_ir::LocId;

/// The trap code after a call to a helper that does not return.
pub(crate) const AFTER_PANIC: TrapCode = TrapCode::unwrap_user(1);

impl<M: ClModule> FnCx<'_, '_, M> {
    /// The `path, line, col` arguments of a location (a null path when
    /// there is none).
    pub fn loc_args(&mut self, loc: Option<LocId>) -> Result<[ClValue; 3], CodegenError> {
        let ir = self.cx.ir;
        let Some(loc) = loc else {
            let zero = self.b.ins().iconst(cl::I64, 0);
            let z32 = self.b.ins().iconst(cl::I32, 0);
            return Ok([zero, z32, z32]);
        };
        let Some(l) = ir.get_loc(loc) else {
            return Err(self.unsupported(format!("{loc} is not declared")));
        };
        let data = self.cx.path_data(&l.path)?;
        let path = self.data_addr(data);
        let line = self.b.ins().iconst(cl::I32, i64::from(l.line));
        let col = self.b.ins().iconst(cl::I32, i64::from(l.col));
        Ok([path, line, col])
    }

    /// Calls panic helper `name` with `args` and then the location's
    /// arguments, and ends the block.
    pub fn panic_at(
        &mut self,
        name: &'static str,
        args: &[ClValue],
        loc: Option<LocId>,
    ) -> Result<(), CodegenError> {
        let mut all = args.to_vec();
        all.extend(self.loc_args(loc)?);
        self.call_helper(name, &all)?;
        self.b.ins().trap(AFTER_PANIC);
        Ok(())
    }

    /// When `cond` (an `i8` 0/1) is true, runs `emit` in a cold block
    /// (which must end it, normally with [`Self::panic_at`]); translation
    /// continues in a new block after the check.
    pub fn trap_if(
        &mut self,
        cond: ClValue,
        emit: impl FnOnce(&mut Self) -> Result<(), CodegenError>,
    ) -> Result<(), CodegenError> {
        let cold = self.b.create_block();
        self.b.set_cold_block(cold);
        let cont = self.b.create_block();
        self.b.ins().brif(cond, cold, &[], cont, &[]);
        self.b.switch_to_block(cold);
        emit(self)?;
        self.b.switch_to_block(cont);
        Ok(())
    }

    /// Panics with `helper` at `loc` when `cond` is true.
    pub fn panic_if(
        &mut self,
        cond: ClValue,
        helper: &'static str,
        loc: Option<LocId>,
    ) -> Result<(), CodegenError> {
        self.trap_if(cond, |f| f.panic_at(helper, &[], loc))
    }

    /// `trap "message", loc`: `seen_panic(msg, len, path, line, col)`.
    pub fn trap_message(&mut self, message: &str, loc: Option<LocId>) -> Result<(), CodegenError> {
        let data = self.cx.message_data(message)?;
        let msg = self.data_addr(data);
        let len = self.b.ins().iconst(cl::I64, message.len() as i64);
        self.panic_at("seen_panic", &[msg, len], loc)
    }
}
