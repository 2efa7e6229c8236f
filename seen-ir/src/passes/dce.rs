//! Dead-code elimination: instructions and block parameters.
//!
//! A value is live when a side-effecting instruction or a terminator's own
//! operand (condition, switch operand, returned value) needs it, or when it
//! feeds a live instruction, or is passed to a live block parameter. All
//! else is removed; a removed parameter takes its arguments with it. The
//! entry block keeps its parameters (they are the function's).

use super::each_body;
use crate::cfg::ControlFlow;
use crate::entity::{Block, Value};
use crate::function::{Function, ValueDef};
use crate::inst::InstData;
use crate::module::Module;

/// Removes dead code in every body; gives the number of instructions and
/// parameters removed.
pub fn dce(m: &mut Module) -> usize {
    each_body(m, |_, func| dce_function(func))
}

fn dce_function(func: &mut Function) -> usize {
    let cfg = ControlFlow::new(func);
    let mut live = vec![false; func.n_values()];
    let mut work: Vec<Value> = Vec::new();
    let mut live_inst = vec![false; func.n_insts()];
    for &b in func.layout() {
        for &i in func.block_insts(b) {
            let data = func.inst(i);
            if data.opcode().has_side_effects() {
                live_inst[i.index()] = true;
                own_operands(data, &mut work);
            }
        }
    }
    while let Some(v) = work.pop() {
        if std::mem::replace(&mut live[v.index()], true) {
            continue;
        }
        match func.value_def(v) {
            ValueDef::Result(i) => {
                live_inst[i.index()] = true;
                own_operands(func.inst(i), &mut work);
            }
            ValueDef::Param { block, index } => {
                for &pred in cfg.preds(block) {
                    let Some(term) = func.last_inst(pred) else {
                        continue;
                    };
                    for dest in func.inst(term).destinations() {
                        if dest.block == block {
                            work.extend(dest.args.get(index as usize).copied());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut changes = 0;
    let layout: Vec<Block> = func.layout().to_vec();
    for &b in &layout {
        let before = func.block_insts(b).len();
        func.block_insts_mut(b).retain(|i| live_inst[i.index()]);
        changes += before - func.block_insts(b).len();
    }
    let entry = func.entry_block();
    for &b in layout.iter().filter(|&&b| Some(b) != entry) {
        changes += remove_dead_params(func, &cfg, b, &live);
    }
    changes
}

/// Operands an instruction needs for itself (not the arguments it passes to blocks).
fn own_operands(data: &InstData, work: &mut Vec<Value>) {
    match data {
        InstData::Jump { .. } => {}
        InstData::Brif { arg, .. } | InstData::Switch { arg, .. } => work.push(*arg),
        other => other.for_each_arg(|v| work.push(v)),
    }
}

fn remove_dead_params(func: &mut Function, cfg: &ControlFlow, b: Block, live: &[bool]) -> usize {
    let mut removed = 0;
    let mut index = func.block_params(b).len();
    while index > 0 {
        index -= 1;
        let p = func.block_params(b)[index];
        if live[p.index()] {
            continue;
        }
        for &pred in cfg.preds(b) {
            let Some(term) = func.last_inst(pred) else {
                continue;
            };
            for dest in func.inst_mut(term).destinations_mut() {
                if dest.block == b && index < dest.args.len() {
                    dest.args.remove(index);
                }
            }
        }
        func.remove_block_param(b, index);
        removed += 1;
    }
    removed
}
