//! Execution: frames, the step loop, and the instructions that touch the
//! heap, memory, globals, calls and control flow.

use super::heap::{ObjKind, collect_refs};
use super::memory::{self, addr_func, decode, encode};
use super::trap::{Trap, TrapKind};
use super::value::{DataValue, ObjRef};
use super::{HostContext, Interpreter, MAX_NESTED, eval_pure};
use crate::entity::TypeId;
use crate::entity::{Block, FuncId, Inst, Value};
use crate::function::Function;
use crate::inst::{BlockCall, InstData, Opcode};
use crate::module::{Linkage, Module};
use crate::types::Type;
use smallvec::SmallVec;

/// One activation of an IR function.
pub(crate) struct Frame {
    func: FuncId,
    block: Block,
    pos: usize,
    values: Vec<DataValue>,
    slots: Vec<u64>,
}

enum Flow {
    Next(DataValue),
    Jump(Block, SmallVec<[DataValue; 4]>),
    Call(FuncId, Vec<DataValue>),
    Return(DataValue),
}

type Args = SmallVec<[DataValue; 4]>;

fn undefined(msg: impl Into<String>) -> Trap {
    TrapKind::Undefined(msg.into()).into()
}

/// Elements an array may have in the interpreter.
const MAX_ARRAY_LEN: i64 = 1 << 28;

impl Interpreter<'_> {
    /// Runs `f` to completion (nested inside any running frames).
    pub(super) fn invoke(&mut self, f: FuncId, args: Vec<DataValue>) -> Result<DataValue, Trap> {
        let base = self.frames.len();
        if let Some(v) = self.enter(f, args)? {
            return Ok(v);
        }
        let result = self.run(base);
        if result.is_err() {
            while self.frames.len() > base {
                self.pop_frame();
            }
        }
        result
    }

    /// Pushes a frame for `f`, or runs a host function and gives its result.
    fn enter(&mut self, f: FuncId, args: Vec<DataValue>) -> Result<Option<DataValue>, Trap> {
        let m = self.module;
        let decl = m.func(f);
        if let Linkage::Import(symbol) = &decl.linkage {
            return self.call_host(symbol, decl.sig.ret, &args).map(Some);
        }
        if self.frames.len() >= self.max_depth {
            return Err(TrapKind::StackOverflow(self.max_depth).into());
        }
        let body = decl
            .body
            .as_ref()
            .expect("verified: a local or exported function has a body");
        let entry = body
            .entry_block()
            .expect("verified: a body has an entry block");
        let mut values = vec![DataValue::Void; body.n_values()];
        for (&p, a) in body.block_params(entry).iter().zip(args) {
            values[p.index()] = a;
        }
        let slots = body
            .stack_slots()
            .iter()
            .map(|s| self.memory.alloc(s.size as usize, true))
            .collect();
        self.frames.push(Frame {
            func: f,
            block: entry,
            pos: 0,
            values,
            slots,
        });
        Ok(None)
    }

    fn call_host(
        &mut self,
        symbol: &str,
        ret: Type,
        args: &[DataValue],
    ) -> Result<DataValue, Trap> {
        let Some(host) = self.hosts.get_mut(symbol) else {
            return Err(TrapKind::MissingHost(symbol.to_string()).into());
        };
        let mut cx = HostContext {
            heap: &mut self.heap,
            memory: &mut self.memory,
            output: &mut self.output,
            errors: &mut self.errors,
        };
        let v = host(&mut cx, args)?;
        let ok = match (&v, ret) {
            (DataValue::Void, Type::Void) => true,
            (DataValue::Struct(_) | DataValue::Enum(..), Type::Aggregate(_)) => true,
            (v, t) => self.type_of(v) == t,
        };
        if !ok {
            let msg = format!(
                "`{symbol}` returned {v}, its signature says {}",
                self.module.display_type(ret)
            );
            return Err(TrapKind::Host(msg).into());
        }
        Ok(v)
    }

    fn pop_frame(&mut self) -> Option<Frame> {
        let frame = self.frames.pop()?;
        for &s in &frame.slots {
            self.memory.free(s);
        }
        Some(frame)
    }

    /// Runs until the frame stack is back to `base` frames.
    fn run(&mut self, base: usize) -> Result<DataValue, Trap> {
        let m = self.module;
        loop {
            let frame = self.frames.last().expect("run has a frame above its base");
            let (f, block, pos) = (frame.func, frame.block, frame.pos);
            let body = m
                .func(f)
                .body
                .as_ref()
                .expect("verified: frames run functions with bodies");
            let inst = body.block_insts(block)[pos];
            self.steps += 1;
            if let Some(limit) = self.step_limit.filter(|&l| self.steps > l) {
                return Err(self.locate(TrapKind::StepLimit(limit).into(), f, body, inst));
            }
            let flow = self
                .step(f, body, inst)
                .map_err(|t| self.locate(t, f, body, inst))?;
            match flow {
                Flow::Next(v) => self.finish_inst(body, inst, v),
                Flow::Jump(dest, args) => {
                    let frame = self.frames.last_mut().expect("the running frame");
                    for (&p, a) in body.block_params(dest).iter().zip(args) {
                        frame.values[p.index()] = a;
                    }
                    frame.block = dest;
                    frame.pos = 0;
                }
                Flow::Call(callee, args) => {
                    if let Some(v) = self
                        .enter(callee, args)
                        .map_err(|t| self.locate(t, f, body, inst))?
                    {
                        self.finish_inst(body, inst, v);
                    }
                }
                Flow::Return(v) => {
                    self.pop_frame();
                    if self.frames.len() == base {
                        return Ok(v);
                    }
                    let caller = self.frames.last().expect("a caller above the base");
                    let cbody = m
                        .func(caller.func)
                        .body
                        .as_ref()
                        .expect("verified: the caller has a body");
                    let call = cbody.block_insts(caller.block)[caller.pos];
                    self.finish_inst(cbody, call, v);
                }
            }
        }
    }

    /// Stores an instruction's result and moves to the next instruction.
    fn finish_inst(&mut self, body: &Function, inst: Inst, v: DataValue) {
        let frame = self.frames.last_mut().expect("the running frame");
        if let Some(r) = body.inst_result(inst) {
            frame.values[r.index()] = v;
        }
        frame.pos += 1;
    }

    /// Adds the instruction's location and the function to a trap raised by it.
    fn locate(&self, mut t: Trap, f: FuncId, body: &Function, inst: Inst) -> Trap {
        if t.function.is_none() {
            t.function = Some(self.module.func(f).name.clone());
            if t.loc.is_none() {
                t.loc = body
                    .inst(inst)
                    .loc()
                    .and_then(|l| self.module.get_loc(l))
                    .cloned();
            }
        }
        t
    }

    fn value(&self, v: Value) -> DataValue {
        self.frames.last().expect("the running frame").values[v.index()].clone()
    }

    fn dest_args(&self, dest: &BlockCall) -> SmallVec<[DataValue; 4]> {
        dest.args.iter().map(|&v| self.value(v)).collect()
    }

    fn step(&mut self, f: FuncId, body: &Function, inst: Inst) -> Result<Flow, Trap> {
        let data = body.inst(inst);
        let mut args = Args::new();
        if !matches!(
            data,
            InstData::Jump { .. } | InstData::Brif { .. } | InstData::Switch { .. }
        ) {
            data.for_each_arg(|v| args.push(self.value(v)));
        }
        if let Some(r) = eval_pure(self.module, data, &args) {
            return Ok(Flow::Next(r?));
        }
        match data {
            InstData::Jump { dest } => Ok(Flow::Jump(dest.block, self.dest_args(dest))),
            InstData::Brif {
                arg,
                then_dest,
                else_dest,
            } => {
                let dest = if matches!(self.value(*arg), DataValue::Bool(true)) {
                    then_dest
                } else {
                    else_dest
                };
                Ok(Flow::Jump(dest.block, self.dest_args(dest)))
            }
            InstData::Switch {
                arg,
                default,
                cases,
            } => {
                let key = self
                    .value(*arg)
                    .as_i64()
                    .ok_or_else(|| undefined("switch on a non-integer"))?;
                let dest = cases
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or(default, |(_, d)| d);
                Ok(Flow::Jump(dest.block, self.dest_args(dest)))
            }
            InstData::Return { .. } => Ok(Flow::Return(
                args.into_iter().next().unwrap_or(DataValue::Void),
            )),
            InstData::Trap { message, .. } => Err(TrapKind::Panic(message.to_string()).into()),
            InstData::Unreachable => Err(TrapKind::Unreachable.into()),
            InstData::Call { func, .. } => Ok(Flow::Call(*func, args.into_vec())),
            InstData::CallIndirect { sig, .. } => self.indirect(body, *sig, &args),
            _ => self.effect(f, inst, data, &args).map(Flow::Next),
        }
    }

    fn indirect(
        &self,
        body: &Function,
        sig: crate::entity::SigRef,
        args: &[DataValue],
    ) -> Result<Flow, Trap> {
        let DataValue::Ptr(addr) = args[0] else {
            return Err(undefined("call_indirect through a non-pointer"));
        };
        let callee = addr_func(addr).filter(|c| self.module.get_func(*c).is_some());
        let callee = callee.ok_or_else(|| {
            undefined(format!(
                "call_indirect to 0x{addr:x}, which is not a function"
            ))
        })?;
        if body.signatures().get(sig.index()) != Some(&self.module.func(callee).sig) {
            return Err(undefined(format!(
                "call_indirect to `@{}` with another signature",
                self.module.func(callee).name
            )));
        }
        Ok(Flow::Call(callee, args[1..].to_vec()))
    }

    /// Instructions with effects on globals, memory or the heap.
    fn effect(
        &mut self,
        f: FuncId,
        inst: Inst,
        data: &InstData,
        args: &[DataValue],
    ) -> Result<DataValue, Trap> {
        let m = self.module;
        match data {
            InstData::FuncAddr { func } => Ok(DataValue::Ptr(memory::func_addr(*func))),
            InstData::Global {
                op: Opcode::GlobalAddr,
                global,
            } => Ok(DataValue::Ptr(self.globals[global.index()])),
            InstData::Global { global, .. } => {
                let ty = m.get_global(*global).map_or(Type::Void, |g| g.ty);
                self.load(ty, self.globals[global.index()])
            }
            InstData::GlobalSet { global, .. } => {
                let ty = m.get_global(*global).map_or(Type::Void, |g| g.ty);
                self.store(ty, self.globals[global.index()], &args[0])
                    .map(|()| DataValue::Void)
            }
            InstData::DataAddr { data } => Ok(DataValue::Ptr(self.data[data.index()])),
            InstData::TypeDesc { ty } => Ok(DataValue::Ptr(match ty {
                Some(t) => descriptor(ObjKind::Object(*t)),
                None => descriptor(ObjKind::Array(Type::I8)),
            })),
            InstData::StackAddr { slot } => Ok(DataValue::Ptr(
                self.frames.last().expect("the running frame").slots[slot.index()],
            )),
            // a `strconst` is modelled as its bytes, like an `sconst`
            InstData::StringConst { bytes } | InstData::StrConst { bytes } => {
                let r = match self.strings.get(&(f, inst)) {
                    Some(&r) => r,
                    None => {
                        let fields = bytes.iter().map(|&b| DataValue::I8(b as i8)).collect();
                        let r = self.heap.alloc(ObjKind::Array(Type::I8), fields, true);
                        self.strings.insert((f, inst), r);
                        r
                    }
                };
                Ok(DataValue::Ref(Some(r)))
            }
            InstData::Load { ty, offset, .. } => self.load(*ty, ptr_plus(&args[0], *offset)?),
            InstData::Store {
                args: [_, _],
                offset,
            } => {
                let ty = self.type_of(&args[0]);
                self.store(ty, ptr_plus(&args[1], *offset)?, &args[0])
                    .map(|()| DataValue::Void)
            }
            InstData::Unary { op, .. } => self.refs(*op, &args[0]),
            _ => self.objects(data, args),
        }
    }

    fn load(&self, ty: Type, addr: u64) -> Result<DataValue, Trap> {
        let size = self.module.layout_of(ty).map_or(0, |l| l.size as usize);
        let bytes = self.memory.read(addr, size)?;
        decode(self.module, ty, bytes)
            .ok_or_else(|| undefined(format!("bytes at 0x{addr:x} are not a valid value")))
    }

    fn store(&mut self, ty: Type, addr: u64, v: &DataValue) -> Result<(), Trap> {
        let size = self.module.layout_of(ty).map_or(0, |l| l.size as usize);
        let mut bytes = vec![0; size];
        encode(self.module, ty, v, &mut bytes);
        Ok(self.memory.write(addr, &bytes)?)
    }

    /// Counting instructions on `ref` and `weak`.
    fn refs(&mut self, op: Opcode, a: &DataValue) -> Result<DataValue, Trap> {
        let (DataValue::Ref(r) | DataValue::Weak(r)) = a else {
            return Err(undefined("a counting instruction on a non-reference"));
        };
        let Some(r) = *r else {
            return Ok(match op {
                Opcode::WeakNew => DataValue::Weak(None),
                Opcode::WeakLoad => DataValue::Ref(None),
                Opcode::ArrayLen => return Err(undefined("array_len of null")),
                Opcode::TypeOf => return Err(undefined("typeof null")),
                _ => DataValue::Void,
            });
        };
        match op {
            Opcode::Retain => self.heap.retain(r)?,
            Opcode::Release => {
                if self.heap.release(r)? {
                    self.drop_object(r)?;
                }
            }
            Opcode::WeakNew => {
                self.heap.weak_new(r)?;
                return Ok(DataValue::Weak(Some(r)));
            }
            Opcode::WeakLoad => return Ok(DataValue::Ref(self.heap.weak_load(r)?)),
            Opcode::WeakRetain => self.heap.weak_retain(r)?,
            Opcode::WeakRelease => self.heap.weak_release(r)?,
            Opcode::ArrayLen => {
                return Ok(DataValue::I64(
                    self.heap.get(r, "array_len")?.fields.len() as i64
                ));
            }
            Opcode::TypeOf => {
                return Ok(DataValue::Ptr(descriptor(self.heap.get(r, "typeof")?.kind)));
            }
            _ => return Err(undefined(format!("`{}` is not handled", op.name()))),
        }
        Ok(DataValue::Void)
    }

    /// Drops an object whose count reached zero: deinit, then every
    /// reference in its fields released in order (depth first, with an
    /// explicit stack), then freed (or kept dead for weak references).
    fn drop_object(&mut self, r: ObjRef) -> Result<(), Trap> {
        let mut stack: Vec<(ObjRef, Vec<DataValue>, usize)> = Vec::new();
        self.begin_drop(r, &mut stack)?;
        while let Some((obj, refs, next)) = stack.last_mut() {
            let Some(v) = refs.get(*next).cloned() else {
                let obj = *obj;
                stack.pop();
                self.heap.finish_drop(obj);
                continue;
            };
            *next += 1;
            match v {
                DataValue::Ref(Some(c)) if self.heap.release(c)? => {
                    self.begin_drop(c, &mut stack)?
                }
                DataValue::Weak(Some(c)) => self.heap.weak_release(c)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn begin_drop(
        &mut self,
        r: ObjRef,
        stack: &mut Vec<(ObjRef, Vec<DataValue>, usize)>,
    ) -> Result<(), Trap> {
        if let Some(ObjKind::Object(ty)) = self.heap.kind(r) {
            let deinit = match self.module.get_type_decl(ty).map(|d| &d.kind) {
                Some(crate::types::TypeKind::Object { deinit, .. }) => *deinit,
                _ => None,
            };
            if let Some(d) = deinit {
                if self.nested >= MAX_NESTED {
                    return Err(TrapKind::StackOverflow(MAX_NESTED).into());
                }
                self.nested += 1;
                let result = self.invoke(d, vec![DataValue::Ref(Some(r))]);
                self.nested -= 1;
                result?;
                if self.heap.strong_count(r) != 0 {
                    let name = self.module.display_type(Type::Aggregate(ty));
                    return Err(undefined(format!(
                        "an object of {name} was retained by its deinit (resurrected)"
                    )));
                }
            }
        }
        let mut refs = Vec::new();
        for v in self.heap.take_fields(r) {
            collect_refs(&v, &mut refs);
        }
        stack.push((r, refs, 0));
        Ok(())
    }

    /// Objects and arrays.
    fn objects(&mut self, data: &InstData, args: &[DataValue]) -> Result<DataValue, Trap> {
        let m = self.module;
        match data {
            InstData::Alloc { ty } => {
                let fields = m.get_type_decl(*ty).and_then(|d| d.fields()).unwrap_or(&[]);
                let fields = fields.iter().map(|&t| DataValue::zero(m, t)).collect();
                Ok(DataValue::Ref(Some(self.heap.alloc(
                    ObjKind::Object(*ty),
                    fields,
                    false,
                ))))
            }
            InstData::FieldGet { ty, field, .. } => {
                let r = self.object_view(m, &args[0], *ty, "field_get")?;
                Ok(self.heap.get(r, "field_get")?.fields[*field as usize].clone())
            }
            InstData::FieldSet { ty, field, .. } => {
                let r = self.object_view(m, &args[0], *ty, "field_set")?;
                self.heap.get_mut(r, "field_set")?.fields[*field as usize] = args[1].clone();
                Ok(DataValue::Void)
            }
            InstData::ArrayNew { elem, .. } => {
                let len = args[0].as_i64().unwrap_or(-1);
                if len < 0 {
                    return Err(TrapKind::NegativeLength(len).into());
                }
                if len > MAX_ARRAY_LEN {
                    return Err(undefined(format!(
                        "an array of {len} elements is too large for the interpreter"
                    )));
                }
                let fields = vec![DataValue::zero(m, *elem); len as usize];
                Ok(DataValue::Ref(Some(self.heap.alloc(
                    ObjKind::Array(*elem),
                    fields,
                    false,
                ))))
            }
            InstData::ArrayGet { op, elem, .. } => {
                let (r, i) = self.element(args, *elem, *op == Opcode::ArrayGet)?;
                Ok(self.heap.get(r, "array_get")?.fields[i].clone())
            }
            InstData::ArraySet { op, elem, .. } => {
                let (r, i) = self.element(args, *elem, *op == Opcode::ArraySet)?;
                let o = self.heap.get_mut(r, "array_set")?;
                if o.immortal {
                    return Err(undefined("write to a static string"));
                }
                o.fields[i] = args[2].clone();
                Ok(DataValue::Void)
            }
            _ => Err(undefined(format!(
                "`{}` is not handled",
                data.opcode().name()
            ))),
        }
    }

    /// The object behind a `ref`, checked to be of `kind`.
    fn object(&self, v: &DataValue, kind: ObjKind, what: &str) -> Result<ObjRef, Trap> {
        let DataValue::Ref(Some(r)) = v else {
            return Err(undefined(format!("{what} through a null reference")));
        };
        let actual = self.heap.get(*r, what)?.kind;
        if actual != kind {
            return Err(undefined(format!(
                "{what} expects {kind:?}, the object is {actual:?}"
            )));
        }
        Ok(*r)
    }

    /// An object accessed through the layout of `ty`: the object's own
    /// type, or one whose fields start with `ty`'s (docs/ir.md, section
    /// 3: a subclass read through its superclass's layout).
    fn object_view(
        &self,
        m: &Module,
        v: &DataValue,
        ty: TypeId,
        what: &str,
    ) -> Result<ObjRef, Trap> {
        let DataValue::Ref(Some(r)) = v else {
            return Err(undefined(format!("{what} through a null reference")));
        };
        let actual = self.heap.get(*r, what)?.kind;
        if actual == ObjKind::Object(ty) {
            return Ok(*r);
        }
        let prefix = match actual {
            ObjKind::Object(a) => {
                let view = m.get_type_decl(ty).and_then(|d| d.fields());
                let own = m.get_type_decl(a).and_then(|d| d.fields());
                matches!((view, own), (Some(v), Some(o)) if o.starts_with(v))
            }
            _ => false,
        };
        if !prefix {
            return Err(undefined(format!(
                "{what} expects {:?} or an object that starts with its fields, the object is {actual:?}",
                ObjKind::Object(ty)
            )));
        }
        Ok(*r)
    }

    /// The array and the index of an element access, bounds-checked.
    fn element(
        &self,
        args: &[DataValue],
        elem: Type,
        checked: bool,
    ) -> Result<(ObjRef, usize), Trap> {
        let r = self.object(&args[0], ObjKind::Array(elem), "array access")?;
        let len = self.heap.get(r, "array access")?.fields.len() as i64;
        let index = args[1].as_i64().unwrap_or(-1);
        if index < 0 || index >= len {
            return Err(if checked {
                TrapKind::IndexOutOfBounds { index, len }.into()
            } else {
                undefined(format!(
                    "unchecked index {index} out of bounds for length {len}"
                ))
            });
        }
        Ok((r, index as usize))
    }
}

fn ptr_plus(p: &DataValue, offset: i32) -> Result<u64, Trap> {
    match p {
        DataValue::Ptr(a) => Ok(a.wrapping_add(i64::from(offset) as u64)),
        _ => Err(undefined("a memory access through a non-pointer")),
    }
}

/// The interpreter's stand-in for a type descriptor's address: distinct
/// per object type and per array element type. Strings are modelled as
/// byte arrays, so `typedesc string` is the descriptor of `i8` arrays.
fn descriptor(kind: ObjKind) -> u64 {
    const BASE: u64 = 0x7d00_0000_0000;
    match kind {
        ObjKind::Object(t) => BASE + 16 * t.index() as u64,
        ObjKind::Builder => BASE / 4,
        ObjKind::Array(elem) => {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            elem.hash(&mut h);
            BASE / 2 + (h.finish() & 0xffff_fff0)
        }
    }
}
