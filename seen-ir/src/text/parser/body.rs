//! Function bodies: stack slots, signatures, blocks and instructions.

use super::{ItemKey, PResult, Parser, entity_number};
use crate::entity::{Block, DataId, FuncId, GlobalId, SigRef, StackSlot, TypeId, Value};
use crate::function::{Function, StackSlotData};
use crate::inst::{BlockCall, FloatCC, InstData, IntCC, Opcode, ValueList};
use crate::module::{Signature, Symbol};
use crate::text::lexer::Tok;
use crate::types::Type;
use rustc_hash::FxHashSet;

/// What the parser knows while reading one body.
#[derive(Default)]
pub(super) struct BodyState {
    pub func: Function,
    pub values: FxHashSet<Value>,
    pub blocks: FxHashSet<Block>,
    /// Uses to check once the body is read: the entity and where it was written.
    pub value_uses: Vec<(Value, u32, u32)>,
    pub block_uses: Vec<(Block, u32, u32)>,
    pub current: Option<Block>,
}

impl Parser {
    /// `{ preamble blocks }`.
    pub(super) fn body(&mut self, f: FuncId) -> PResult<Function> {
        self.expect_punct('{')?;
        let mut st = BodyState::default();
        self.preamble(&mut st)?;
        loop {
            if self.eat_punct('}') {
                break;
            }
            if *self.tok() == Tok::Eof {
                return Err(self.expected("`}` to close the function"));
            }
            let line = self.line();
            let starts_block = matches!(self.tok(), Tok::Word(w) if entity_number(w, "block").is_some())
                && matches!(self.peek_at(1), Tok::Punct('(' | ':'));
            let result = if starts_block {
                self.block_header(f, &mut st)
            } else {
                self.inst_line(f, &mut st)
            };
            if result.is_err() {
                self.skip_line(line);
            }
        }
        self.check_uses(&st);
        self.infer_types(f, &mut st.func);
        Ok(st.func)
    }

    fn preamble(&mut self, st: &mut BodyState) -> PResult<()> {
        loop {
            let Tok::Word(w) = self.tok().clone() else {
                return Ok(());
            };
            if *self.peek_at(1) != Tok::Punct('=') {
                return Ok(());
            }
            if let Some(n) = entity_number(&w, "ss") {
                self.expect_index(n, st.func.stack_slots().len(), "ss")?;
                self.bump();
                self.bump();
                self.expect_word("stack_slot")?;
                let size = self.int::<u32>("slot size")?;
                self.expect_punct(',')?;
                self.expect_word("align")?;
                let align = self.int::<u32>("alignment")?;
                st.func.create_stack_slot(StackSlotData { size, align });
            } else if let Some(n) = entity_number(&w, "sig") {
                self.expect_index(n, st.func.signatures().len(), "sig")?;
                self.bump();
                self.bump();
                let params = self.type_list('(', ')', 0)?;
                if *self.tok() != Tok::Arrow {
                    return Err(self.expected("`->`"));
                }
                self.bump();
                let ret = self.ty(0)?;
                st.func.import_signature(Signature::new(params, ret));
            } else {
                return Ok(());
            }
        }
    }

    fn expect_index(&mut self, n: usize, next: usize, prefix: &str) -> PResult<()> {
        if n == next {
            Ok(())
        } else {
            Err(self.error(format!(
                "{prefix}{n} is out of order: the next one must be {prefix}{next}"
            )))
        }
    }

    fn block_header(&mut self, f: FuncId, st: &mut BodyState) -> PResult<()> {
        let line = self.line();
        let block = Block::new(self.numbered("block", "a block")?);
        if !st.blocks.insert(block) {
            self.pos -= 1;
            return Err(self.error(format!("{block} is defined twice")));
        }
        st.func.ensure_block(block);
        let mut params = Vec::new();
        if self.eat_punct('(') {
            while !self.eat_punct(')') {
                if !params.is_empty() {
                    self.expect_punct(',')?;
                }
                let v = self.def_value(st)?;
                self.expect_punct(':')?;
                params.push((v, self.ty(0)?));
            }
        }
        self.expect_punct(':')?;
        st.func.set_block_params(block, &params);
        st.func.append_to_layout(block);
        st.current = Some(block);
        self.positions.items.insert(ItemKey::Block(f, block), line);
        Ok(())
    }

    /// A value being defined (checked for duplicates).
    fn def_value(&mut self, st: &mut BodyState) -> PResult<Value> {
        let v = Value::new(self.numbered("v", "a value (`v0`)")?);
        if !st.values.insert(v) {
            self.pos -= 1;
            return Err(self.error(format!("{v} is defined twice")));
        }
        Ok(v)
    }

    /// A value being used.
    fn use_value(&mut self, st: &mut BodyState) -> PResult<Value> {
        let (line, col) = (self.line(), self.token().col);
        let v = Value::new(self.numbered("v", "a value (`v0`)")?);
        st.value_uses.push((v, line, col));
        Ok(v)
    }

    fn comma_value(&mut self, st: &mut BodyState) -> PResult<Value> {
        self.expect_punct(',')?;
        self.use_value(st)
    }

    fn value_list(&mut self, st: &mut BodyState) -> PResult<ValueList> {
        self.expect_punct('(')?;
        let mut out = ValueList::new();
        while !self.eat_punct(')') {
            if !out.is_empty() {
                self.expect_punct(',')?;
            }
            out.push(self.use_value(st)?);
        }
        Ok(out)
    }

    fn dest(&mut self, st: &mut BodyState) -> PResult<BlockCall> {
        let (line, col) = (self.line(), self.token().col);
        let block = Block::new(self.numbered("block", "a block")?);
        st.block_uses.push((block, line, col));
        let args = if self.is_punct('(') {
            self.value_list(st)?
        } else {
            ValueList::new()
        };
        Ok(BlockCall { block, args })
    }

    fn check_uses(&mut self, st: &BodyState) {
        for &(v, line, col) in &st.value_uses {
            if !st.values.contains(&v) {
                self.error_at(line, col, format!("{v} is used but never defined"));
            }
        }
        for &(b, line, col) in &st.block_uses {
            if !st.blocks.contains(&b) {
                self.error_at(line, col, format!("{b} is not defined in this function"));
            }
        }
    }

    /// `[vN =] opcode[.type] operands`.
    fn inst_line(&mut self, f: FuncId, st: &mut BodyState) -> PResult<()> {
        let (line, col) = (self.line(), self.token().col);
        let Some(block) = st.current else {
            return Err(self.expected("a block header (`block0:`)"));
        };
        let has_eq = *self.peek_at(1) == Tok::Punct('=');
        let result =
            if has_eq && matches!(self.tok(), Tok::Word(w) if entity_number(w, "v").is_some()) {
                let v = self.def_value(st)?;
                self.bump();
                Some(v)
            } else {
                None
            };
        let word = self.word("an instruction")?;
        let (name, suffix) = match word.split_once('.') {
            Some((n, s)) => (n, Some(s)),
            None => (word.as_str(), None),
        };
        let Some(op) = Opcode::from_name(name) else {
            self.pos -= 1;
            return Err(self.error(format!("unknown instruction `{name}`")));
        };
        let suffix = match suffix {
            Some(s) => match Type::from_name(s) {
                Some(t) => Some(t),
                None => {
                    self.pos -= 1;
                    return Err(self.error(format!("`{s}` is not a type")));
                }
            },
            None => None,
        };
        let data = self.inst_data(op, suffix, line, st)?;
        let wants = produces_value(&self.m, &st.func, &data);
        match (result, wants) {
            (Some(_), false) => self.error_at(line, col, format!("`{}` gives no value", op.name())),
            (None, true) => self.error_at(
                line,
                col,
                format!("`{}` gives a value: write `vN = {}`", op.name(), op.name()),
            ),
            _ => {}
        }
        let inst = st.func.push_inst_with_result(block, data, result);
        self.positions.items.insert(ItemKey::Inst(f, inst), line);
        Ok(())
    }

    fn agg_type(&mut self) -> PResult<TypeId> {
        match self.ty(0)? {
            Type::Aggregate(id) => Ok(id),
            _ => {
                self.pos -= 1;
                Err(self.expected("a declared type (`%Name` or a tuple)"))
            }
        }
    }

    fn global_ref(&mut self) -> PResult<GlobalId> {
        match self.symbol()? {
            Symbol::Global(g) => Ok(g),
            _ => {
                self.pos -= 1;
                Err(self.error("expected a global's name"))
            }
        }
    }

    fn data_ref(&mut self) -> PResult<DataId> {
        match self.symbol()? {
            Symbol::Data(d) => Ok(d),
            _ => {
                self.pos -= 1;
                Err(self.error("expected a data item's name"))
            }
        }
    }

    fn small<T: TryFrom<i128>>(&mut self, what: &str) -> PResult<T> {
        self.expect_punct(',')?;
        self.int::<T>(what)
    }

    fn inst_data(
        &mut self,
        op: Opcode,
        suffix: Option<Type>,
        line: u32,
        st: &mut BodyState,
    ) -> PResult<InstData> {
        use Opcode::*;
        let needs_suffix = matches!(
            op,
            Iconst
                | Fconst
                | Load
                | Sextend
                | Uextend
                | Ireduce
                | FcvtToSintSat
                | FcvtToUintSat
                | FcvtFromSint
                | FcvtFromUint
                | Fpromote
                | Fdemote
                | Bitcast
                | Bint
                | Splat
        );
        let ty = match (needs_suffix, suffix) {
            (true, Some(t)) => t,
            (true, None) => {
                return Err(self.error(format!(
                    "`{}` needs a type: `{}.i32`",
                    op.name(),
                    op.name()
                )));
            }
            (false, Some(_)) => {
                return Err(self.error(format!("`{}` takes no type suffix", op.name())));
            }
            (false, None) => Type::Void,
        };
        self.const_data(op, ty, line, st)
    }

    fn bool_imm(&mut self) -> PResult<bool> {
        match self.word("`true` or `false`")?.as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => {
                self.pos -= 1;
                Err(self.expected("`true` or `false`"))
            }
        }
    }

    fn slot_ref(&mut self, st: &BodyState) -> PResult<StackSlot> {
        let n = self.numbered("ss", "a stack slot (`ss0`)")?;
        if n >= st.func.stack_slots().len() {
            self.pos -= 1;
            return Err(self.error(format!("ss{n} is not declared")));
        }
        Ok(StackSlot::new(n))
    }

    fn const_data(
        &mut self,
        op: Opcode,
        ty: Type,
        line: u32,
        st: &mut BodyState,
    ) -> PResult<InstData> {
        use Opcode::*;
        Ok(match op {
            Iconst => {
                let Some(bits) = ty.bits().filter(|_| ty.is_int()) else {
                    return Err(self.error("`iconst` needs an integer type"));
                };
                let v = self.int::<i128>("integer")?;
                InstData::IntConst {
                    ty,
                    imm: self.fit_int(v, bits)?,
                }
            }
            Fconst if ty.is_float() => InstData::FloatConst {
                ty,
                bits: self.float(ty)?,
            },
            Fconst => return Err(self.error("`fconst` needs `f32` or `f64`")),
            Bconst => InstData::BoolConst {
                imm: self.bool_imm()?,
            },
            Null => InstData::Nullary { op },
            Zero => InstData::Zero { ty: self.ty(0)? },
            FuncAddr => InstData::FuncAddr {
                func: self.func_ref()?,
            },
            GlobalAddr | GlobalGet => InstData::Global {
                op,
                global: self.global_ref()?,
            },
            GlobalSet => {
                let global = self.global_ref()?;
                InstData::GlobalSet {
                    global,
                    arg: self.comma_value(st)?,
                }
            }
            DataAddr => InstData::DataAddr {
                data: self.data_ref()?,
            },
            Sconst => InstData::StringConst {
                bytes: self.string("a string")?.into(),
            },
            TypeDesc => InstData::TypeDesc {
                ty: if self.eat_word("string") {
                    None
                } else {
                    Some(self.agg_type()?)
                },
            },
            Strconst => InstData::StrConst {
                bytes: self.string("a string")?.into(),
            },
            StackAddr => InstData::StackAddr {
                slot: self.slot_ref(st)?,
            },
            _ => return self.arith_data(op, ty, line, st),
        })
    }

    fn arith_data(
        &mut self,
        op: Opcode,
        ty: Type,
        line: u32,
        st: &mut BodyState,
    ) -> PResult<InstData> {
        use Opcode::*;
        Ok(match op {
            Ineg | Bnot | Fneg | Sqrt | Fabs | Floor | Ceil | Trunc | Nearest | Ibool | EnumTag
            | Retain | Release | IsNull | WeakNew | WeakLoad | WeakRetain | WeakRelease
            | ArrayLen | TypeOf | ReduceAdd | ReduceSmin | ReduceUmin | ReduceSmax | ReduceUmax
            | ReduceFmin | ReduceFmax => InstData::Unary {
                op,
                arg: self.use_value(st)?,
            },
            SnegTrap | UnegTrap => {
                let arg = self.use_value(st)?;
                InstData::UnaryTrap {
                    op,
                    arg,
                    loc: self.opt_loc()?,
                }
            }
            Iadd | Isub | Imul | Band | Bor | Bxor | Ishl | Sshr | Ushr | Fadd | Fsub | Fmul
            | Fdiv | Frem | Fmin | Fmax | Fcopysign | RefEq | PtrAdd => InstData::Binary {
                op,
                args: self.two(st)?,
            },
            SaddTrap | UaddTrap | SsubTrap | UsubTrap | SmulTrap | UmulTrap | Sdiv | SdivTrap
            | Udiv | Srem | Urem => {
                let args = self.two(st)?;
                InstData::BinaryTrap {
                    op,
                    args,
                    loc: self.opt_loc()?,
                }
            }
            Select | Vselect | Fma => {
                let [a, b] = self.two(st)?;
                InstData::Ternary {
                    op,
                    args: [a, b, self.comma_value(st)?],
                }
            }
            Sextend | Uextend | Ireduce | FcvtToSintSat | FcvtToUintSat | FcvtFromSint
            | FcvtFromUint | Fpromote | Fdemote | Bitcast | Bint | Splat => InstData::Convert {
                op,
                ty,
                arg: self.use_value(st)?,
            },
            _ => return self.inst_data_more(op, ty, line, st),
        })
    }

    fn two(&mut self, st: &mut BodyState) -> PResult<[Value; 2]> {
        let a = self.use_value(st)?;
        Ok([a, self.comma_value(st)?])
    }

    fn inst_data_more(
        &mut self,
        op: Opcode,
        ty: Type,
        line: u32,
        st: &mut BodyState,
    ) -> PResult<InstData> {
        use Opcode::*;
        Ok(match op {
            Icmp => {
                let w = self.word("a condition (`eq`, `slt`...)")?;
                let Some(cond) = IntCC::from_name(&w) else {
                    self.pos -= 1;
                    return Err(self.error(format!("`{w}` is not an integer condition")));
                };
                InstData::IntCompare {
                    cond,
                    args: self.two(st)?,
                }
            }
            Fcmp => {
                let w = self.word("a condition (`eq`, `lt`...)")?;
                let Some(cond) = FloatCC::from_name(&w) else {
                    self.pos -= 1;
                    return Err(self.error(format!("`{w}` is not a float condition")));
                };
                InstData::FloatCompare {
                    cond,
                    args: self.two(st)?,
                }
            }
            ExtractLane => {
                let arg = self.use_value(st)?;
                InstData::ExtractLane {
                    arg,
                    lane: self.small("lane")?,
                }
            }
            InsertLane => {
                let a = self.use_value(st)?;
                let lane = self.small("lane")?;
                InstData::InsertLane {
                    args: [a, self.comma_value(st)?],
                    lane,
                }
            }
            Shuffle => {
                let args = self.two(st)?;
                self.expect_punct(',')?;
                self.expect_punct('[')?;
                let mut lanes = Vec::new();
                while !self.eat_punct(']') {
                    if !lanes.is_empty() {
                        self.expect_punct(',')?;
                    }
                    lanes.push(self.int::<u8>("lane index")?);
                }
                InstData::Shuffle {
                    args,
                    lanes: lanes.into(),
                }
            }
            _ => return self.aggregate_data(op, ty, line, st),
        })
    }

    fn aggregate_data(
        &mut self,
        op: Opcode,
        ty: Type,
        line: u32,
        st: &mut BodyState,
    ) -> PResult<InstData> {
        use Opcode::*;
        Ok(match op {
            StructNew => {
                let ty = self.agg_type()?;
                let mut args = ValueList::new();
                while self.is_punct(',') && self.toks[self.pos].line == line {
                    args.push(self.comma_value(st)?);
                }
                InstData::StructNew { ty, args }
            }
            Extract => {
                let arg = self.use_value(st)?;
                InstData::Extract {
                    arg,
                    field: self.small("field index")?,
                }
            }
            Insert => {
                let a = self.use_value(st)?;
                let field = self.small("field index")?;
                InstData::Insert {
                    args: [a, self.comma_value(st)?],
                    field,
                }
            }
            EnumNew => {
                let ty = self.agg_type()?;
                self.expect_punct(',')?;
                let variant = self.variant_ref(ty)?;
                let args = if self.is_punct('(') {
                    self.value_list(st)?
                } else {
                    ValueList::new()
                };
                InstData::EnumNew { ty, variant, args }
            }
            EnumPayload => {
                let ty = self.agg_type()?;
                let arg = self.comma_value(st)?;
                self.expect_punct(',')?;
                let variant = self.variant_ref(ty)?;
                InstData::EnumPayload {
                    ty,
                    arg,
                    variant,
                    field: self.small("field index")?,
                }
            }
            _ => return self.inst_data_objects(op, ty, line, st),
        })
    }

    fn inst_data_objects(
        &mut self,
        op: Opcode,
        ty: Type,
        line: u32,
        st: &mut BodyState,
    ) -> PResult<InstData> {
        use Opcode::*;
        Ok(match op {
            Alloc => InstData::Alloc {
                ty: self.agg_type()?,
            },
            FieldGet => {
                let ty = self.agg_type()?;
                let arg = self.comma_value(st)?;
                InstData::FieldGet {
                    ty,
                    arg,
                    field: self.small("field index")?,
                }
            }
            FieldSet => {
                let ty = self.agg_type()?;
                let r = self.comma_value(st)?;
                let field = self.small("field index")?;
                InstData::FieldSet {
                    ty,
                    args: [r, self.comma_value(st)?],
                    field,
                }
            }
            ArrayNew => {
                let elem = self.ty(0)?;
                let arg = self.comma_value(st)?;
                InstData::ArrayNew {
                    elem,
                    arg,
                    loc: self.opt_loc()?,
                }
            }
            ArrayGet | ArrayGetUnchecked => {
                let elem = self.ty(0)?;
                let a = self.comma_value(st)?;
                let args = [a, self.comma_value(st)?];
                InstData::ArrayGet {
                    op,
                    elem,
                    args,
                    loc: self.opt_loc()?,
                }
            }
            ArraySet | ArraySetUnchecked => {
                let elem = self.ty(0)?;
                let a = self.comma_value(st)?;
                let i = self.comma_value(st)?;
                let args = [a, i, self.comma_value(st)?];
                InstData::ArraySet {
                    op,
                    elem,
                    args,
                    loc: self.opt_loc()?,
                }
            }
            _ => return self.memory_data(op, ty, line, st),
        })
    }

    fn memory_data(
        &mut self,
        op: Opcode,
        ty: Type,
        line: u32,
        st: &mut BodyState,
    ) -> PResult<InstData> {
        use Opcode::*;
        Ok(match op {
            Load => {
                let arg = self.use_value(st)?;
                InstData::Load {
                    ty,
                    arg,
                    offset: self.opt_offset(line)?,
                }
            }
            Store => {
                let args = self.two(st)?;
                InstData::Store {
                    args,
                    offset: self.opt_offset(line)?,
                }
            }
            Call => {
                let func = self.func_ref()?;
                InstData::Call {
                    func,
                    args: self.value_list(st)?,
                }
            }
            CallIndirect => {
                let n = self.numbered("sig", "a signature (`sig0`)")?;
                if n >= st.func.signatures().len() {
                    self.pos -= 1;
                    return Err(self.error(format!("sig{n} is not declared")));
                }
                let callee = self.comma_value(st)?;
                InstData::CallIndirect {
                    sig: SigRef::new(n),
                    callee,
                    args: self.value_list(st)?,
                }
            }
            _ => return self.terminator(op, line, st),
        })
    }

    fn opt_offset(&mut self, line: u32) -> PResult<i32> {
        let is_num = matches!(self.peek_at(1), Tok::Number(_));
        if self.is_punct(',') && is_num && self.toks[self.pos].line == line {
            self.bump();
            return self.int::<i32>("offset");
        }
        Ok(0)
    }

    fn switch_data(&mut self, st: &mut BodyState) -> PResult<InstData> {
        let arg = self.use_value(st)?;
        self.expect_punct(',')?;
        let default = self.dest(st)?;
        self.expect_punct(',')?;
        self.expect_punct('[')?;
        let mut cases = Vec::new();
        while !self.eat_punct(']') {
            if !cases.is_empty() {
                self.expect_punct(',')?;
            }
            let key = self.int::<i64>("case value")?;
            self.expect_punct(':')?;
            cases.push((key, self.dest(st)?));
        }
        Ok(InstData::Switch {
            arg,
            default,
            cases,
        })
    }

    fn terminator(&mut self, op: Opcode, line: u32, st: &mut BodyState) -> PResult<InstData> {
        use Opcode::*;
        Ok(match op {
            Jump => InstData::Jump {
                dest: self.dest(st)?,
            },
            Brif => {
                let arg = self.use_value(st)?;
                self.expect_punct(',')?;
                let then_dest = self.dest(st)?;
                self.expect_punct(',')?;
                InstData::Brif {
                    arg,
                    then_dest,
                    else_dest: self.dest(st)?,
                }
            }
            Switch => self.switch_data(st)?,
            Return => {
                let has_arg = self.line() == line
                    && matches!(self.tok(), Tok::Word(w) if entity_number(w, "v").is_some())
                    && *self.peek_at(1) != Tok::Punct('=');
                InstData::Return {
                    arg: if has_arg {
                        Some(self.use_value(st)?)
                    } else {
                        None
                    },
                }
            }
            Trap => {
                let bytes = self.string("a message (a string)")?;
                let Ok(message) = String::from_utf8(bytes) else {
                    return Err(self.error("a trap message must be UTF-8"));
                };
                InstData::Trap {
                    message: message.into(),
                    loc: self.opt_loc()?,
                }
            }
            Unreachable => InstData::Unreachable,
            _ => return Err(self.error(format!("`{}` cannot be parsed here", op.name()))),
        })
    }
}

/// Whether an instruction gives a value (calls: when the callee returns one).
pub(crate) fn produces_value(m: &crate::module::Module, func: &Function, data: &InstData) -> bool {
    use Opcode::*;
    match data {
        InstData::Call { func: f, .. } => m.get_func(*f).is_none_or(|d| d.sig.ret != Type::Void),
        InstData::CallIndirect { sig, .. } => func
            .signatures()
            .get(sig.index())
            .is_none_or(|s| s.ret != Type::Void),
        _ => {
            let op = data.opcode();
            !op.is_terminator()
                && !matches!(
                    op,
                    GlobalSet
                        | Store
                        | FieldSet
                        | ArraySet
                        | ArraySetUnchecked
                        | Retain
                        | Release
                        | WeakRetain
                        | WeakRelease
                )
        }
    }
}
