//! Checks of one function: declaration, structure, types, branches and
//! dominance. Structure is checked first; types and dominance only when
//! every number in the layout is in range, so a malformed body (from JSON,
//! say) gives errors, never a panic.

use super::{ErrorLocation, Verifier};
use crate::cfg::ControlFlow;
use crate::entity::{Block, FuncId, Inst, Value};
use crate::function::{Function, ValueDef};
use crate::inst::BlockCall;
use crate::module::Linkage;
use crate::text::print_inst;
use crate::types::Type;
use crate::typing::{ResultTy, type_inst};

/// Where each instruction sits.
struct Placement {
    block_of: Vec<Option<(Block, usize)>>,
    in_layout: Vec<bool>,
}

impl Verifier<'_> {
    pub(super) fn function(&mut self, f: FuncId) {
        let m = self.m;
        let decl = m.func(f);
        let floc = ErrorLocation::Function(f);
        for (i, &p) in decl.sig.params.iter().enumerate() {
            if let Err(e) = m.check_value_type(p) {
                self.error(floc, None, format!("parameter {i}: {e}"));
            }
        }
        if decl.sig.ret != Type::Void {
            if let Err(e) = m.check_value_type(decl.sig.ret) {
                self.error(floc, None, format!("result: {e}"));
            }
        }
        match (&decl.linkage, &decl.body) {
            (Linkage::Import(_), Some(_)) => {
                self.error(floc, None, "an imported function must not have a body")
            }
            (Linkage::Import(_), None) => {}
            (_, None) => self.error(floc, None, "a local or exported function needs a body"),
            (_, Some(body)) => {
                if let Some(placement) = self.structure(f, body) {
                    self.body(f, body, &placement);
                }
            }
        }
    }

    /// Layout, ranges, terminators and definitions. `None` when numbers are
    /// out of range (later checks would index with them).
    fn structure(&mut self, f: FuncId, func: &Function) -> Option<Placement> {
        let floc = ErrorLocation::Function(f);
        let mut p = Placement {
            block_of: vec![None; func.n_insts()],
            in_layout: vec![false; func.n_blocks()],
        };
        let Some(entry) = func.entry_block() else {
            self.error(floc, None, "the body has no blocks");
            return None;
        };
        if !self.place_insts(f, func, &mut p) {
            return None;
        }
        self.entry_params(f, func, entry);
        for &b in func.layout() {
            self.terminators(f, func, b);
            self.definitions(f, func, b);
        }
        for (i, ss) in func.stack_slots().iter().enumerate() {
            if !ss.align.is_power_of_two() {
                self.error(
                    floc,
                    None,
                    format!("ss{i} has alignment {}, expected a power of two", ss.align),
                );
            }
        }
        for (i, sig) in func.signatures().iter().enumerate() {
            for &t in sig
                .params
                .iter()
                .chain((sig.ret != Type::Void).then_some(&sig.ret))
            {
                if let Err(e) = self.m.check_value_type(t) {
                    self.error(floc, None, format!("sig{i}: {e}"));
                }
            }
        }
        Some(p)
    }

    /// Records where each instruction sits; `false` when numbers are out
    /// of range or repeated.
    fn place_insts(&mut self, f: FuncId, func: &Function, p: &mut Placement) -> bool {
        let floc = ErrorLocation::Function(f);
        let mut ok = true;
        for &b in func.layout() {
            let Some(data) = func.get_block(b) else {
                self.error(floc, None, format!("{b} in the layout is out of range"));
                ok = false;
                continue;
            };
            if std::mem::replace(&mut p.in_layout[b.index()], true) {
                self.error(floc, None, format!("{b} appears twice in the layout"));
                ok = false;
            }
            for (pos, &i) in data.insts.iter().enumerate() {
                match p.block_of.get_mut(i.index()) {
                    Some(slot @ None) => *slot = Some((b, pos)),
                    Some(Some(_)) => {
                        self.error(
                            ErrorLocation::Block(f, b),
                            None,
                            format!("{i} appears in more than one place"),
                        );
                        ok = false;
                    }
                    None => {
                        self.error(
                            ErrorLocation::Block(f, b),
                            None,
                            format!("{i} is out of range"),
                        );
                        ok = false;
                    }
                }
            }
            ok &= self.values_in_range(f, b, func);
        }
        ok
    }

    /// Checks that every value, block and result number a block names is in range.
    fn values_in_range(&mut self, f: FuncId, b: Block, func: &Function) -> bool {
        let bloc = ErrorLocation::Block(f, b);
        let mut bad = Vec::new();
        let nv = func.n_values();
        let data = func.block(b);
        bad.extend(
            data.params
                .iter()
                .filter(|v| v.index() >= nv)
                .map(|v| format!("{v} is out of range")),
        );
        for &i in &data.insts {
            let Some(node) = func.get_inst(i) else {
                continue;
            };
            node.data.for_each_arg(|v| {
                if v.index() >= nv {
                    bad.push(format!("{i} uses {v}, which is out of range"));
                }
            });
            if node.result.is_some_and(|r| r.index() >= nv) {
                bad.push(format!("{i} defines a value out of range"));
            }
            for d in node.data.destinations() {
                if d.block.index() >= func.n_blocks() {
                    bad.push(format!(
                        "{i} branches to {}, which is out of range",
                        d.block
                    ));
                }
            }
        }
        let ok = bad.is_empty();
        for msg in bad {
            self.error(bloc, None, msg);
        }
        ok
    }

    fn entry_params(&mut self, f: FuncId, func: &Function, entry: Block) {
        let sig = &self.m.func(f).sig;
        let types: Vec<Type> = func
            .block_params(entry)
            .iter()
            .map(|&v| func.value_type(v))
            .collect();
        if types != sig.params {
            let shown = |ts: &[Type]| {
                ts.iter()
                    .map(|&t| self.m.display_type(t))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let msg = format!(
                "the entry block's parameters are ({}), the signature says ({})",
                shown(&types),
                shown(&sig.params)
            );
            self.error(ErrorLocation::Block(f, entry), None, msg);
        }
    }

    fn terminators(&mut self, f: FuncId, func: &Function, b: Block) {
        let insts = func.block_insts(b);
        let Some((&last, rest)) = insts.split_last() else {
            self.error(
                ErrorLocation::Block(f, b),
                None,
                "the block is empty: it needs a terminator",
            );
            return;
        };
        if !func.inst(last).opcode().is_terminator() {
            let ctx = Some(print_inst(self.m, func, last));
            self.error(
                ErrorLocation::Inst(f, b, last),
                ctx,
                "the block does not end with a terminator",
            );
        }
        for &i in rest
            .iter()
            .filter(|&&i| func.inst(i).opcode().is_terminator())
        {
            let ctx = Some(print_inst(self.m, func, i));
            self.error(
                ErrorLocation::Inst(f, b, i),
                ctx,
                "a terminator must be the last instruction of its block",
            );
        }
    }

    fn definitions(&mut self, f: FuncId, func: &Function, b: Block) {
        for (index, &v) in func.block_params(b).iter().enumerate() {
            let expected = ValueDef::Param {
                block: b,
                index: index as u32,
            };
            if func.value_def(v) != expected {
                self.error(
                    ErrorLocation::Block(f, b),
                    None,
                    format!("{v} is listed as parameter {index} but not defined as it"),
                );
            } else if let Err(e) = self.m.check_value_type(func.value_type(v)) {
                self.error(
                    ErrorLocation::Block(f, b),
                    None,
                    format!("parameter {v}: {e}"),
                );
            }
        }
        for &i in func.block_insts(b) {
            if let Some(r) = func.inst_result(i) {
                if func.value_def(r) != ValueDef::Result(i) {
                    let ctx = Some(print_inst(self.m, func, i));
                    self.error(
                        ErrorLocation::Inst(f, b, i),
                        ctx,
                        format!("{r} is not defined as this instruction's result"),
                    );
                }
            }
        }
    }

    fn body(&mut self, f: FuncId, func: &Function, p: &Placement) {
        let cfg = ControlFlow::new(func);
        let ret = Some(self.m.func(f).sig.ret);
        let entry = func.entry_block();
        for &b in func.layout() {
            for (pos, &i) in func.block_insts(b).iter().enumerate() {
                let mut msgs = Vec::new();
                let data = func.inst(i);
                let defined = |v: Value| self.defined(func, p, v);
                data.for_each_arg(|v| {
                    if !defined(v) {
                        msgs.push(format!("{v} is used but not defined"));
                    }
                });
                let ty_of = |v: Value| defined(v).then(|| func.value_type(v));
                let typing = type_inst(self.m, func, ret, data, &ty_of);
                msgs.extend(typing.errors);
                msgs.extend(self.result_check(func, i, typing.result));
                for dest in data.destinations() {
                    msgs.extend(self.dest_check(func, p, dest, entry, &ty_of));
                }
                if cfg.is_reachable(b) {
                    data.for_each_arg(|v| {
                        if defined(v) && !dominates(func, p, &cfg, v, b, pos) {
                            msgs.push(format!(
                                "{v} is used here but its definition does not dominate this use"
                            ));
                        }
                    });
                }
                for msg in msgs {
                    let ctx = Some(print_inst(self.m, func, i));
                    self.error(ErrorLocation::Inst(f, b, i), ctx, msg);
                }
            }
        }
    }

    /// Whether `v` is defined by a parameter or instruction in the layout.
    fn defined(&self, func: &Function, p: &Placement, v: Value) -> bool {
        match func.get_value(v).map(|d| d.def) {
            Some(ValueDef::Param { block, index }) => {
                p.in_layout.get(block.index()).copied().unwrap_or(false)
                    && func.block_params(block).get(index as usize) == Some(&v)
            }
            Some(ValueDef::Result(i)) => p.block_of.get(i.index()).is_some_and(Option::is_some),
            _ => false,
        }
    }

    fn result_check(&self, func: &Function, i: Inst, expected: ResultTy) -> Option<String> {
        let result = func.inst_result(i);
        match (expected, result) {
            (ResultTy::Unknown, _) | (ResultTy::None, None) => None,
            (ResultTy::None, Some(r)) => Some(format!(
                "the instruction gives no value, but {r} is its result"
            )),
            (ResultTy::Known(t), None) => Some(format!(
                "the instruction gives a {} but has no result",
                self.m.display_type(t)
            )),
            (ResultTy::Known(t), Some(r)) => {
                let have = func.value_type(r);
                (have != t).then(|| {
                    format!(
                        "result {r} has type {}, expected {}",
                        self.m.display_type(have),
                        self.m.display_type(t)
                    )
                })
            }
        }
    }

    fn dest_check(
        &self,
        func: &Function,
        p: &Placement,
        dest: &BlockCall,
        entry: Option<Block>,
        ty_of: &dyn Fn(Value) -> Option<Type>,
    ) -> Vec<String> {
        let b = dest.block;
        if !p.in_layout.get(b.index()).copied().unwrap_or(false) {
            return vec![format!("{b} is not in the layout")];
        }
        if Some(b) == entry {
            return vec![format!(
                "{b} is the entry block; branches to it are not allowed"
            )];
        }
        let params = func.block_params(b);
        if params.len() != dest.args.len() {
            return vec![format!(
                "{b} takes {} argument(s), the branch passes {}",
                params.len(),
                dest.args.len()
            )];
        }
        let mut out = Vec::new();
        for (k, (&arg, &param)) in dest.args.iter().zip(params).enumerate() {
            let want = func.value_type(param);
            if let Some(t) = ty_of(arg).filter(|&t| t != want) {
                let (t, want) = (self.m.display_type(t), self.m.display_type(want));
                out.push(format!("{b} arg {k} ({arg}) has type {t}, expected {want}"));
            }
        }
        out
    }
}

/// Whether the definition of `v` dominates a use at position `pos` of `b`.
fn dominates(
    func: &Function,
    p: &Placement,
    cfg: &ControlFlow,
    v: Value,
    b: Block,
    pos: usize,
) -> bool {
    let (def_block, def_pos) = match func.value_def(v) {
        ValueDef::Param { block, .. } => (block, None),
        ValueDef::Result(i) => match p.block_of[i.index()] {
            Some((block, at)) => (block, Some(at)),
            None => return false,
        },
        _ => return false,
    };
    if def_block == b {
        return def_pos.is_none_or(|at| at < pos);
    }
    cfg.is_reachable(def_block) && cfg.dominates(def_block, b)
}
