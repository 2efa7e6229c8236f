//! Translating one function body: blocks, values and the dispatch of each
//! instruction to the module that lowers its group.
//!
//! Every IR value becomes its leaves (`leaves.rs`): a `Vec` of Cranelift
//! values. IR blocks map one to one onto Cranelift blocks whose parameters
//! are the leaves of the IR block's parameters. Blocks are translated in
//! reverse postorder, so every definition is translated before its uses;
//! unreachable blocks are left out. Trapping instructions branch to cold
//! blocks that call the runtime's panic helpers (`traps.rs`).

use super::Lowering;
use crate::error::CodegenError;
use crate::leaves::Leaf;
use cranelift_codegen::ir::{
    self as clir, Block as ClBlock, FuncRef, GlobalValue, InstBuilder, StackSlotData,
    StackSlotKind, UserFuncName, Value as ClValue, types as cl,
};
use cranelift_frontend::FunctionBuilder;
use cranelift_module::{DataId as ClDataId, FuncId as ClFuncId, Module as ClModule};
use seen_ir::cfg::ControlFlow;
use seen_ir::{Function, Inst, InstData, Opcode, Type, Value};
use std::collections::HashMap;

/// The leaves of one IR value.
pub(crate) type Vals = Vec<ClValue>;

/// The state of one function's translation.
pub(crate) struct FnCx<'a, 'm, M: ClModule> {
    /// The whole module's lowering (declarations, helpers, layouts).
    pub cx: &'a mut Lowering<'m, M>,
    /// The Cranelift function being built.
    pub b: FunctionBuilder<'a>,
    /// The IR body.
    pub body: &'m Function,
    /// The IR function's name, for error messages.
    pub name: String,
    vals: Vec<Option<Vals>>,
    blocks: Vec<Option<ClBlock>>,
    slots: Vec<clir::StackSlot>,
    sigs: Vec<clir::SigRef>,
    frefs: HashMap<ClFuncId, FuncRef>,
    gvs: HashMap<ClDataId, GlobalValue>,
    /// The instruction being translated (for error messages).
    pub current: Option<Inst>,
    /// The IR block being translated.
    ir_block: Option<seen_ir::Block>,
    /// The body's control flow (dominators), once `lower` computed it.
    cfg: Option<ControlFlow>,
    /// Array lengths loaded so far: the IR array, the length and the IR
    /// block that loaded it (reused in the blocks that block dominates: an
    /// array's length never changes).
    lens: HashMap<Value, (ClValue, seen_ir::Block)>,
}

/// Translates and defines the body of IR function `index`.
pub(super) fn define<'m, M: ClModule>(
    cx: &mut Lowering<'m, M>,
    index: usize,
    body: &'m Function,
) -> Result<(), CodegenError> {
    let ir = cx.ir;
    let Some(decl) = ir.funcs().get(index) else {
        return Err(CodegenError::backend("?", "function index out of range"));
    };
    let sig = cx.signature(&decl.sig);
    let mut func = clir::Function::with_name_signature(UserFuncName::user(0, index as u32), sig);
    let mut fctx = std::mem::take(&mut cx.fctx);
    {
        let b = FunctionBuilder::new(&mut func, &mut fctx);
        let mut f = FnCx::new(cx, b, body, &decl.name);
        f.lower()?;
        f.b.finalize();
    }
    cx.fctx = fctx;
    cx.ctx.func = func;
    let Some(&id) = cx.funcs.get(index) else {
        return Err(CodegenError::backend(
            &decl.name,
            "the function is not declared",
        ));
    };
    cx.finish_function(id, &decl.name)
}

/// Defines a function whose body `emit` writes, with signature `sig`; for
/// glue and the entry point, which have no IR body.
pub(super) fn define_synthetic<M: ClModule>(
    cx: &mut Lowering<'_, M>,
    id: ClFuncId,
    name: &str,
    sig: clir::Signature,
    emit: impl FnOnce(&mut FnCx<'_, '_, M>, &[ClValue]) -> Result<(), CodegenError>,
) -> Result<(), CodegenError> {
    static EMPTY: std::sync::OnceLock<Function> = std::sync::OnceLock::new();
    let body = EMPTY.get_or_init(Function::new);
    let mut func = clir::Function::with_name_signature(UserFuncName::user(1, id.as_u32()), sig);
    let mut fctx = std::mem::take(&mut cx.fctx);
    {
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let params = b.block_params(entry).to_vec();
        let mut f = FnCx::new(cx, b, body, name);
        emit(&mut f, &params)?;
        f.b.seal_all_blocks();
        f.b.finalize();
    }
    cx.fctx = fctx;
    cx.ctx.func = func;
    cx.finish_function(id, name)
}

impl<'a, 'm, M: ClModule> FnCx<'a, 'm, M> {
    fn new(
        cx: &'a mut Lowering<'m, M>,
        b: FunctionBuilder<'a>,
        body: &'m Function,
        name: &str,
    ) -> Self {
        FnCx {
            cx,
            b,
            body,
            name: name.to_string(),
            vals: vec![None; body.n_values()],
            blocks: vec![None; body.n_blocks()],
            slots: Vec::new(),
            sigs: Vec::new(),
            frefs: HashMap::new(),
            gvs: HashMap::new(),
            current: None,
            ir_block: None,
            cfg: None,
            lens: HashMap::new(),
        }
    }

    /// The length of the IR array `arr` (not null), loaded once per
    /// dominating block.
    pub fn array_length(&mut self, arr: Value) -> Result<ClValue, CodegenError> {
        let arr = self.body.resolve_alias(arr);
        if let (Some(&(len, at)), Some(cfg), Some(here)) =
            (self.lens.get(&arr), self.cfg.as_ref(), self.ir_block)
        {
            if cfg.dominates(at, here) {
                return Ok(len);
            }
        }
        let a = self.one(arr)?;
        let len = self.b.ins().load(
            cranelift_codegen::ir::types::I64,
            super::memory::heap_flags(),
            a,
            super::memory::ARRAY_LEN_OFFSET,
        );
        if let Some(here) = self.ir_block {
            self.lens.insert(arr, (len, here));
        }
        Ok(len)
    }

    /// An error naming this function and the current instruction.
    pub fn unsupported(&self, what: impl std::fmt::Display) -> CodegenError {
        let at = match self.current {
            Some(inst) => match self.body.get_inst(inst) {
                Some(node) => format!("`{}` ({inst}): ", node.data.opcode().name()),
                None => String::new(),
            },
            None => String::new(),
        };
        CodegenError::unsupported(&self.name, format!("{at}{what}"))
    }

    fn lower(&mut self) -> Result<(), CodegenError> {
        let body = self.body;
        let cfg = ControlFlow::new(body);
        let order = cfg.rpo().to_vec();
        let Some(&entry) = order.first() else {
            return Err(self.unsupported("the body has no entry block"));
        };
        if Some(entry) != body.entry_block() {
            return Err(self.unsupported("the first block in reverse postorder is not the entry"));
        }
        for &block in &order {
            let cl_block = self.b.create_block();
            self.set_block(block, cl_block)?;
            for &p in body.block_params(block) {
                let ty = self.value_type(p)?;
                let vals = self
                    .cx
                    .leaves
                    .list(ty)
                    .iter()
                    .map(|l| self.b.append_block_param(cl_block, l.ty))
                    .collect();
                self.define_value(p, vals)?;
            }
        }
        for s in body.stack_slots() {
            let shift = s.align.max(1).trailing_zeros().min(31) as u8;
            let data = StackSlotData::new(StackSlotKind::ExplicitSlot, s.size, shift);
            let slot = self.b.create_sized_stack_slot(data);
            self.slots.push(slot);
        }
        self.cfg = Some(cfg);
        for &block in &order {
            let cl_block = self.block(block)?;
            self.ir_block = Some(block);
            self.b.switch_to_block(cl_block);
            // in the layout now, so that the entry stays first
            self.b.ensure_inserted_block();
            for &inst in body.block_insts(block) {
                self.current = Some(inst);
                self.inst(inst)?;
            }
        }
        self.b.seal_all_blocks();
        Ok(())
    }

    fn set_block(&mut self, block: seen_ir::Block, cl: ClBlock) -> Result<(), CodegenError> {
        match self.blocks.get_mut(block.index()) {
            Some(slot) => {
                *slot = Some(cl);
                Ok(())
            }
            None => Err(self.unsupported(format!("{block} is out of range"))),
        }
    }

    /// The Cranelift block of an IR block.
    pub fn block(&self, block: seen_ir::Block) -> Result<ClBlock, CodegenError> {
        self.blocks
            .get(block.index())
            .copied()
            .flatten()
            .ok_or_else(|| self.unsupported(format!("{block} is not reachable or not defined")))
    }

    /// The IR type of a value.
    pub fn value_type(&self, v: Value) -> Result<Type, CodegenError> {
        self.body
            .get_value(v)
            .map(|d| d.ty)
            .ok_or_else(|| self.unsupported(format!("{v} is out of range")))
    }

    fn define_value(&mut self, v: Value, vals: Vals) -> Result<(), CodegenError> {
        match self.vals.get_mut(v.index()) {
            Some(slot) => {
                *slot = Some(vals);
                Ok(())
            }
            None => Err(self.unsupported(format!("{v} is out of range"))),
        }
    }

    /// The leaves of an operand.
    pub fn arg(&self, v: Value) -> Result<Vals, CodegenError> {
        self.vals
            .get(v.index())
            .and_then(Option::clone)
            .ok_or_else(|| self.unsupported(format!("{v} is used before its definition")))
    }

    /// The single leaf of a scalar operand.
    pub fn one(&self, v: Value) -> Result<ClValue, CodegenError> {
        match self.arg(v)?.as_slice() {
            [x] => Ok(*x),
            _ => Err(self.unsupported(format!("{v} is not a scalar"))),
        }
    }

    /// The leaves of a list of operands, concatenated (call arguments).
    pub fn args_flat(&self, vs: &[Value]) -> Result<Vals, CodegenError> {
        let mut out = Vec::new();
        for &v in vs {
            out.extend(self.arg(v)?);
        }
        Ok(out)
    }

    /// The leaves of a type.
    pub fn leaves(&mut self, ty: Type) -> Vec<Leaf> {
        self.cx.leaves.list(ty)
    }

    /// A Cranelift stack slot of an IR one.
    pub fn slot(&self, slot: seen_ir::StackSlot) -> Result<clir::StackSlot, CodegenError> {
        self.slots
            .get(slot.index())
            .copied()
            .ok_or_else(|| self.unsupported(format!("{slot} is not declared")))
    }

    /// A function reference usable in this function.
    pub fn func_ref(&mut self, id: ClFuncId) -> FuncRef {
        if let Some(r) = self.frefs.get(&id) {
            return *r;
        }
        let r = self.cx.module.declare_func_in_func(id, self.b.func);
        self.frefs.insert(id, r);
        r
    }

    /// The address of a data object.
    pub fn data_addr(&mut self, id: ClDataId) -> ClValue {
        let gv = match self.gvs.get(&id) {
            Some(gv) => *gv,
            None => {
                let gv = self.cx.module.declare_data_in_func(id, self.b.func);
                self.gvs.insert(id, gv);
                gv
            }
        };
        self.b.ins().symbol_value(cl::I64, gv)
    }

    /// A signature reference for `call_indirect` with IR signature `i`.
    pub fn sig_ref(&mut self, sig: seen_ir::SigRef) -> Result<clir::SigRef, CodegenError> {
        let body = self.body;
        if self.sigs.is_empty() {
            for s in body.signatures() {
                let cl_sig = self.cx.signature(s);
                let r = self.b.import_signature(cl_sig);
                self.sigs.push(r);
            }
        }
        self.sigs
            .get(sig.index())
            .copied()
            .ok_or_else(|| self.unsupported(format!("{sig} is not declared")))
    }

    /// Calls a runtime helper; gives its results.
    pub fn call_helper(
        &mut self,
        name: &'static str,
        args: &[ClValue],
    ) -> Result<Vals, CodegenError> {
        let id = self.cx.helper(name)?;
        let r = self.func_ref(id);
        let call = self.b.ins().call(r, args);
        Ok(self.b.inst_results(call).to_vec())
    }

    fn inst(&mut self, inst: Inst) -> Result<(), CodegenError> {
        let body = self.body;
        let Some(node) = body.get_inst(inst) else {
            return Err(self.unsupported(format!("{inst} is out of range")));
        };
        let result_ty = match node.result {
            Some(r) => self.value_type(r)?,
            None => Type::Void,
        };
        let out = self.dispatch(&node.data, result_ty)?;
        if let Some(r) = node.result {
            self.define_value(r, out)?;
        }
        Ok(())
    }

    /// Translates one instruction; gives the leaves of its result (empty
    /// when it has none).
    fn dispatch(&mut self, data: &'m InstData, ty: Type) -> Result<Vals, CodegenError> {
        use InstData as D;
        match data {
            D::IntConst { ty, imm } => Ok(vec![self.iconst(*ty, *imm)?]),
            D::FloatConst { ty, bits } => Ok(vec![self.fconst(*ty, *bits)]),
            D::BoolConst { imm } => Ok(vec![self.b.ins().iconst(cl::I8, i64::from(*imm))]),
            D::Nullary { op: Opcode::Null } => Ok(vec![self.b.ins().iconst(cl::I64, 0)]),
            D::Nullary { op } => Err(self.unsupported(format!("`{}` as nullary", op.name()))),
            D::Zero { ty } => self.zero(*ty),
            D::FuncAddr { .. }
            | D::Global { .. }
            | D::GlobalSet { .. }
            | D::DataAddr { .. }
            | D::StringConst { .. }
            | D::StrConst { .. }
            | D::TypeDesc { .. }
            | D::StackAddr { .. } => self.entity(data),
            D::Unary { op, arg } => self.unary(*op, *arg, ty),
            D::UnaryTrap { op, arg, loc } => self.unary_trap(*op, *arg, *loc),
            D::Binary { op, args } => self.binary(*op, *args),
            D::BinaryTrap { op, args, loc } => self.binary_trap(*op, *args, *loc),
            D::Ternary { op, args } => self.ternary(*op, *args),
            D::Convert { op, ty, arg } => self.convert(*op, *ty, *arg),
            D::IntCompare { cond, args } => self.icmp(*cond, *args),
            D::FloatCompare { cond, args } => self.fcmp(*cond, *args),
            D::ExtractLane { arg, lane } => self.extract_lane(*arg, *lane),
            D::InsertLane { args, lane } => self.insert_lane(*args, *lane),
            D::Shuffle { args, lanes } => self.shuffle(*args, lanes),
            D::StructNew { args, .. } => self.args_flat(args),
            D::Extract { arg, field } => self.extract(*arg, *field),
            D::Insert { args, field } => self.insert(*args, *field),
            D::EnumNew { ty, variant, args } => self.enum_new(*ty, *variant, args),
            D::EnumPayload {
                ty,
                arg,
                variant,
                field,
            } => self.enum_payload(*ty, *arg, *variant, *field),
            D::Alloc { .. } | D::FieldGet { .. } | D::FieldSet { .. } => self.object(data),
            D::ArrayNew { .. } | D::ArrayGet { .. } | D::ArraySet { .. } => self.array(data),
            D::Load { ty, arg, offset } => self.load(*ty, *arg, *offset),
            D::Store { args, offset } => self.store(*args, *offset),
            D::Call { func, args } => self.call(*func, args),
            D::CallIndirect { sig, callee, args } => self.call_indirect(*sig, *callee, args),
            D::Jump { .. }
            | D::Brif { .. }
            | D::Switch { .. }
            | D::Return { .. }
            | D::Trap { .. }
            | D::Unreachable => self.terminator(data),
        }
    }
}
