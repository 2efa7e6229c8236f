//! Inlining of direct calls to small or `inline` functions.
//!
//! A callee is inlined when it is defined in the module, is not the caller,
//! and is marked `inline` or costs at most [`SMALL`] (its instructions,
//! constants not counted). Functions are visited bottom-up over the call
//! graph (callees before callers), so a callee is inlined with the calls
//! it makes already expanded, and its cost is measured after that. A call
//! that closes a cycle of the call graph (recursion) is never inlined, so
//! the pass always ends. At a call site the block is split: the callee's
//! entry block continues the caller's block with the arguments in place of
//! its parameters, its other blocks follow, each `ret v` becomes a `jump`
//! to the continuation block, whose parameter is the call's result.

use crate::entity::{Block, FuncId, Inst, SigRef, StackSlot, Value};
use crate::function::Function;
use crate::inst::{BlockCall, InstData, Opcode};
use crate::module::{Linkage, Module};
use crate::types::Type;

/// Callees costing at most this much are inlined without an `inline` hint.
pub const SMALL: usize = 16;

/// The most calls inlined into one function by one run.
const MAX_PER_FUNCTION: usize = 64;

/// A function stops taking inlined calls once it has this many instructions.
const MAX_GROWTH: usize = 2000;

/// Inlines calls in every function; gives the number of calls inlined.
pub fn inline(m: &mut Module) -> usize {
    let (order, back_edges) = bottom_up(m);
    let mut total = 0;
    for caller in order {
        if let Some(mut body) = m.take_body(caller) {
            total += inline_into(m, caller, &mut body, &back_edges);
            body.compact();
            m.put_body(caller, body);
        }
    }
    total
}

/// The cost of a body: its instructions, not counting constants.
pub(crate) fn cost(func: &Function) -> usize {
    func.layout()
        .iter()
        .flat_map(|&b| func.block_insts(b).iter())
        .filter(|&&i| {
            !matches!(
                func.inst(i).opcode(),
                Opcode::Iconst | Opcode::Fconst | Opcode::Bconst | Opcode::Null | Opcode::Zero
            )
        })
        .count()
}

/// Whether calls to `f` may be inlined: a defined function, hinted or small.
fn inlinable(m: &Module, f: FuncId) -> Option<&Function> {
    let d = m.get_func(f)?;
    if matches!(d.linkage, Linkage::Import(_)) {
        return None;
    }
    let body = d.body.as_ref()?;
    (d.inline || cost(body) <= SMALL).then_some(body)
}

/// The direct callees of `f`, in order of first call.
fn callees_of(m: &Module, f: FuncId) -> Vec<FuncId> {
    let mut out = Vec::new();
    if let Some(body) = m.func(f).body.as_ref() {
        for &b in body.layout() {
            for &i in body.block_insts(b) {
                if let InstData::Call { func, .. } = body.inst(i) {
                    if !out.contains(func) && m.get_func(*func).is_some() {
                        out.push(*func);
                    }
                }
            }
        }
    }
    out
}

/// The functions in post-order of the call graph (callees first), and the
/// calls `(caller, callee)` that close a cycle (never inlined).
fn bottom_up(m: &Module) -> (Vec<FuncId>, rustc_hash::FxHashSet<(FuncId, FuncId)>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let n = m.funcs().len();
    let mut mark = vec![Mark::New; n];
    let mut order = Vec::with_capacity(n);
    let mut back = rustc_hash::FxHashSet::default();
    for root in 0..n {
        if mark[root] != Mark::New {
            continue;
        }
        // An explicit stack of (function, its callees, next callee).
        let mut stack = vec![(FuncId::new(root), callees_of(m, FuncId::new(root)), 0)];
        mark[root] = Mark::Active;
        while let Some((f, callees, next)) = stack.last_mut() {
            let f = *f;
            if let Some(&c) = callees.get(*next) {
                *next += 1;
                match mark[c.index()] {
                    Mark::New => {
                        mark[c.index()] = Mark::Active;
                        let cs = callees_of(m, c);
                        stack.push((c, cs, 0));
                    }
                    Mark::Active => {
                        back.insert((f, c));
                    }
                    Mark::Done => {}
                }
            } else {
                mark[f.index()] = Mark::Done;
                order.push(f);
                stack.pop();
            }
        }
    }
    (order, back)
}

fn inline_into(
    m: &Module,
    caller: FuncId,
    func: &mut Function,
    back_edges: &rustc_hash::FxHashSet<(FuncId, FuncId)>,
) -> usize {
    let mut sites = Vec::new();
    for &b in func.layout() {
        for (pos, &i) in func.block_insts(b).iter().enumerate() {
            if let InstData::Call { func: f, .. } = func.inst(i) {
                let ok = *f != caller
                    && !back_edges.contains(&(caller, *f))
                    && inlinable(m, *f).is_some();
                if ok {
                    sites.push((b, pos, i));
                }
            }
        }
    }
    sites.truncate(MAX_PER_FUNCTION);
    let mut done = 0;
    // Back to front, so earlier positions in a block stay valid.
    for &(block, pos, call) in sites.iter().rev() {
        let InstData::Call { func: f, args } = func.inst(call).clone() else {
            continue;
        };
        let Some(callee) = inlinable(m, f) else {
            continue;
        };
        if func.n_insts() + callee.n_insts() > MAX_GROWTH {
            continue;
        }
        inline_call(func, block, pos, callee, &args);
        done += 1;
    }
    done
}

/// How callee entities map into the caller.
struct Map {
    values: Vec<Option<Value>>,
    blocks: Vec<Option<Block>>,
    slot_base: usize,
    sig_base: usize,
    cont: Block,
}

impl Map {
    fn value(&self, v: Value) -> Value {
        self.values.get(v.index()).copied().flatten().unwrap_or(v)
    }
}

fn inline_call(func: &mut Function, block: Block, pos: usize, callee: &Function, args: &[Value]) {
    let call = func.block_insts(block)[pos];
    let result = func.inst_result(call);
    let tail = func.block_insts_mut(block).split_off(pos + 1);
    func.block_insts_mut(block).pop();
    let cont = func.create_block();
    *func.block_insts_mut(cont) = tail;
    if let Some(r) = result {
        let p = func.append_block_param(cont, func.value_type(r));
        func.make_alias(r, p);
    }
    let mut map = Map {
        values: vec![None; callee.n_values()],
        blocks: vec![None; callee.n_blocks()],
        slot_base: func.stack_slots().len(),
        sig_base: func.signatures().len(),
        cont,
    };
    for ss in callee.stack_slots() {
        func.create_stack_slot(*ss);
    }
    for sig in callee.signatures() {
        func.import_signature(sig.clone());
    }
    let Some(entry) = callee.entry_block() else {
        return;
    };
    for (&p, &a) in callee.block_params(entry).iter().zip(args) {
        map.values[p.index()] = Some(a);
    }
    map.blocks[entry.index()] = Some(block);
    let mut new_blocks = Vec::new();
    for &b in callee.layout().iter().skip(1) {
        let nb = func.create_block();
        for &p in callee.block_params(b) {
            map.values[p.index()] = Some(func.append_block_param(nb, callee.value_type(p)));
        }
        map.blocks[b.index()] = Some(nb);
        new_blocks.push(nb);
    }
    copy_insts(func, callee, &mut map);
    let mut layout = Vec::with_capacity(func.layout().len() + new_blocks.len() + 1);
    for &b in func.layout() {
        layout.push(b);
        if b == block {
            layout.extend(new_blocks.iter().copied());
            layout.push(cont);
        }
    }
    func.set_layout(layout);
}

/// Copies the callee's instructions: results first (an operand may be
/// defined later in the layout), then the operands.
fn copy_insts(func: &mut Function, callee: &Function, map: &mut Map) {
    let mut copies: Vec<(Inst, Inst)> = Vec::new();
    for &b in callee.layout() {
        let target = map.blocks[b.index()].expect("every callee block is mapped");
        for &i in callee.block_insts(b) {
            let ty = callee.inst_result(i).map(|r| callee.value_type(r));
            let new = func.insert_inst(
                target,
                None,
                InstData::Unreachable,
                ty.filter(|t| *t != Type::Void),
            );
            if let (Some(old), Some(new_r)) = (callee.inst_result(i), func.inst_result(new)) {
                map.values[old.index()] = Some(new_r);
            }
            copies.push((i, new));
        }
    }
    for (old, new) in copies {
        let data = translate(callee.inst(old), map);
        func.replace_inst(new, data);
    }
}

fn translate(data: &InstData, map: &Map) -> InstData {
    let mut data = data.clone();
    data.map_args(|v| map.value(v));
    for dest in data.destinations_mut() {
        dest.block = map
            .blocks
            .get(dest.block.index())
            .copied()
            .flatten()
            .unwrap_or(dest.block);
    }
    match &mut data {
        InstData::StackAddr { slot } => *slot = StackSlot::new(map.slot_base + slot.index()),
        InstData::CallIndirect { sig, .. } => *sig = SigRef::new(map.sig_base + sig.index()),
        InstData::Return { arg } => {
            let args: Vec<Value> = arg.iter().copied().collect();
            data = InstData::Jump {
                dest: BlockCall::new(map.cont, &args),
            };
        }
        _ => {}
    }
    data
}
