//! CFG simplification: unreachable blocks, trivial `brif`s, jump
//! threading, block merging.
//!
//! Trivial block parameters: a parameter that every edge into its block
//! passes either itself or one same other value `v` is `v` (Braun et al.'s
//! trivial phi); it is removed with its arguments.
//!
//! Jump threading: a block `B` that holds nothing but its terminator (a
//! `jump` or a `brif`) is bypassed. A `jump B(a)` becomes `B`'s terminator
//! with `a` in place of `B`'s parameters (the other values it uses are
//! defined in blocks that strictly dominate `B`, so they dominate the
//! jumping block too). An edge to `B` whose terminator is a `jump` goes
//! straight to that jump's target; an edge to `B` whose terminator is
//! `brif p` on one of its parameters goes straight to the taken side when
//! the edge passes a `bconst`, or the condition of the `brif` the edge
//! leaves on the side where it is known (`brif c, B(c), X`: true in `B`).

use super::each_body;
use crate::cfg::ControlFlow;
use crate::entity::{Block, Value};
use crate::function::{Function, ValueDef};
use crate::inst::{BlockCall, InstData};
use crate::module::Module;
use rustc_hash::FxHashSet;

/// Simplifies the CFG of every body; gives the number of changes.
pub fn simplify_cfg(m: &mut Module) -> usize {
    each_body(m, |_, func| simplify_function(func))
}

fn simplify_function(func: &mut Function) -> usize {
    let mut changes = remove_unreachable(func);
    changes += trivial_brifs(func);
    changes += thread_jumps(func);
    changes += trivial_params(func);
    changes + merge_blocks(func)
}

fn remove_unreachable(func: &mut Function) -> usize {
    let cfg = ControlFlow::new(func);
    let before = func.layout().len();
    let layout: Vec<Block> = func
        .layout()
        .iter()
        .copied()
        .filter(|&b| cfg.is_reachable(b))
        .collect();
    let removed = before - layout.len();
    if removed > 0 {
        func.set_layout(layout);
    }
    removed
}

fn trivial_brifs(func: &mut Function) -> usize {
    let mut changes = 0;
    for b in func.layout().to_vec() {
        let Some(term) = func.last_inst(b) else {
            continue;
        };
        if let InstData::Brif {
            then_dest,
            else_dest,
            ..
        } = func.inst(term)
        {
            if then_dest == else_dest {
                let dest = then_dest.clone();
                func.replace_inst(term, InstData::Jump { dest });
                changes += 1;
            }
        }
    }
    changes
}

/// Removes trivial block parameters (module docs).
fn trivial_params(func: &mut Function) -> usize {
    let cfg = ControlFlow::new(func);
    let entry = func.entry_block();
    let mut changes = 0;
    for b in func.layout().to_vec() {
        if Some(b) == entry || !cfg.is_reachable(b) {
            continue;
        }
        let mut preds: Vec<Block> = cfg.preds(b).to_vec();
        preds.sort_unstable();
        preds.dedup();
        for j in (0..func.block_params(b).len()).rev() {
            let p = func.resolve_alias(func.block_params(b)[j]);
            let Some(v) = only_other_arg(func, &preds, b, j, p) else {
                continue;
            };
            for &pred in &preds {
                let Some(term) = func.last_inst(pred) else {
                    continue;
                };
                for d in func.inst_mut(term).destinations_mut() {
                    if d.block == b && j < d.args.len() {
                        d.args.remove(j);
                    }
                }
            }
            func.remove_block_param(b, j);
            func.make_alias(p, v);
            changes += 1;
        }
    }
    changes
}

/// The one value other than `p` that the edges into `b` pass as its
/// parameter `j`, if there is exactly one.
fn only_other_arg(func: &Function, preds: &[Block], b: Block, j: usize, p: Value) -> Option<Value> {
    let mut other = None;
    for &pred in preds {
        let term = func.last_inst(pred)?;
        for d in func.inst(term).destinations() {
            if d.block != b {
                continue;
            }
            let a = func.resolve_alias(*d.args.get(j)?);
            if a == p || other == Some(a) {
                continue;
            }
            if other.is_some() {
                return None;
            }
            other = Some(a);
        }
    }
    other
}

/// Bypasses blocks that hold only a `jump` or a `brif` (module docs).
fn thread_jumps(func: &mut Function) -> usize {
    let mut changes = 0;
    let entry = func.entry_block();
    let escaping = escaping_params(func);
    let by = Bypass { entry, escaping };
    for p in func.layout().to_vec() {
        let Some(term) = func.last_inst(p) else {
            continue;
        };
        let mut data = func.inst(term).clone();
        let mut changed = false;
        if let InstData::Jump { dest } = &data {
            if let Some(t) = forwardable(func, dest, &by) {
                if !matches!(t, InstData::Jump { .. }) {
                    data = substitute(func, dest, t);
                    changed = true;
                }
            }
        }
        let cond = match &data {
            InstData::Brif { arg, .. } => Some(func.resolve_alias(*arg)),
            _ => None,
        };
        for (k, d) in data.destinations_mut().into_iter().enumerate() {
            // k: 0 the jump's or then-edge, 1 the else-edge of a brif
            let known = cond.map(|c| (c, k == 0));
            if let Some(new) = thread_edge(func, d, known, &by) {
                *d = new;
                changed = true;
            }
        }
        if changed {
            func.replace_inst(term, data);
            changes += 1;
        }
    }
    changes
}

/// What decides whether a block may be bypassed.
struct Bypass {
    entry: Option<Block>,
    /// Block parameters used anywhere but in their own block's terminator
    /// (bypassing that block would leave such a use undominated).
    escaping: FxHashSet<Value>,
}

/// The block parameters used outside the sole terminator of their block.
fn escaping_params(func: &Function) -> FxHashSet<Value> {
    let mut out = FxHashSet::default();
    for &b in func.layout() {
        let insts = func.block_insts(b);
        for &i in insts {
            func.inst(i).for_each_arg(|v| {
                let v = func.resolve_alias(v);
                let own = insts.len() == 1 && func.block_params(b).contains(&v);
                if !own {
                    out.insert(v);
                }
            });
        }
    }
    out
}

/// The terminator of `dest`'s block when that block holds nothing else
/// and may be bypassed (not the entry, no edge back to itself, parameters
/// used only there).
fn forwardable(func: &Function, dest: &BlockCall, by: &Bypass) -> Option<InstData> {
    let b = dest.block;
    if Some(b) == by.entry {
        return None;
    }
    let [only] = func.block_insts(b) else {
        return None;
    };
    if func
        .block_params(b)
        .iter()
        .any(|p| by.escaping.contains(&func.resolve_alias(*p)))
    {
        return None;
    }
    let t = func.inst(*only);
    if !matches!(t, InstData::Jump { .. } | InstData::Brif { .. }) {
        return None;
    }
    if t.destinations().iter().any(|d| d.block == b) {
        return None;
    }
    Some(t.clone())
}

/// `t`, the terminator of `dest`'s block, with the arguments of `dest` in
/// place of that block's parameters.
fn substitute(func: &Function, dest: &BlockCall, mut t: InstData) -> InstData {
    let params: Vec<Value> = func
        .block_params(dest.block)
        .iter()
        .map(|&v| func.resolve_alias(v))
        .collect();
    let args: Vec<Value> = dest.args.iter().copied().collect();
    t.map_args(|v| {
        let v = func.resolve_alias(v);
        params
            .iter()
            .position(|&p| p == v)
            .and_then(|i| args.get(i).copied())
            .unwrap_or(v)
    });
    t
}

/// The destination that replaces the edge `dest`, when its block may be
/// bypassed and where it goes is known; `known` is the condition of the
/// `brif` this edge leaves and its value on the edge.
fn thread_edge(
    func: &Function,
    dest: &BlockCall,
    known: Option<(Value, bool)>,
    by: &Bypass,
) -> Option<BlockCall> {
    let t = substitute(func, dest, forwardable(func, dest, by)?);
    match t {
        InstData::Jump { dest } => Some(dest),
        InstData::Brif {
            arg,
            then_dest,
            else_dest,
        } => {
            let arg = func.resolve_alias(arg);
            let value = match known {
                Some((c, v)) if c == arg => Some(v),
                _ => bool_const(func, arg),
            }?;
            Some(if value { then_dest } else { else_dest })
        }
        _ => None,
    }
}

/// The value of a `bconst`.
fn bool_const(func: &Function, v: Value) -> Option<bool> {
    match func.value_def(v) {
        ValueDef::Result(i) => match func.inst(i) {
            InstData::BoolConst { imm } => Some(*imm),
            _ => None,
        },
        _ => None,
    }
}

/// Merges each block into its only predecessor when that ends with a
/// `jump` to it, in one pass in reverse postorder (chains collapse fully).
fn merge_blocks(func: &mut Function) -> usize {
    let cfg = ControlFlow::new(func);
    let entry = func.entry_block();
    let mut merged_into: Vec<Option<Block>> = vec![None; func.n_blocks()];
    let find = |merged: &[Option<Block>], mut b: Block| {
        while let Some(to) = merged[b.index()] {
            b = to;
        }
        b
    };
    let mut changes = 0;
    for &b in cfg.rpo() {
        let [pred] = cfg.preds(b) else { continue };
        if Some(b) == entry || *pred == b {
            continue;
        }
        let host = find(&merged_into, *pred);
        let Some(term) = func.last_inst(host) else {
            continue;
        };
        let InstData::Jump { dest } = func.inst(term) else {
            continue;
        };
        if dest.block != b {
            continue;
        }
        let args = dest.args.clone();
        let params = func.block_params(b).to_vec();
        for (i, (&p, &a)) in params.iter().zip(&args).enumerate().rev() {
            func.remove_block_param(b, i);
            func.make_alias(p, a);
        }
        func.block_insts_mut(host).pop();
        let moved = std::mem::take(func.block_insts_mut(b));
        func.block_insts_mut(host).extend(moved);
        merged_into[b.index()] = Some(host);
        changes += 1;
    }
    if changes > 0 {
        let layout: Vec<Block> = func
            .layout()
            .iter()
            .copied()
            .filter(|b| merged_into[b.index()].is_none())
            .collect();
        func.set_layout(layout);
    }
    changes
}
