//! Reference-count elision: a `retain x` followed in the same block by a
//! `release x`, with only instructions without side effects between them,
//! is a pair of no-ops (the count goes up and back down, and nothing can
//! observe it in between), so both are removed. A `retain` or `release`
//! of a constant null (`null`, `zero ref`) does nothing and is removed too.

use super::each_body;
use crate::entity::{Block, Inst, Value};
use crate::function::{Function, ValueDef};
use crate::inst::{InstData, Opcode};
use crate::module::Module;
use crate::types::Type;

/// Removes redundant retain/release pairs; gives the number of pairs removed.
pub fn elide_rc(m: &mut Module) -> usize {
    each_body(m, |_, func| {
        let layout: Vec<Block> = func.layout().to_vec();
        let nulls: usize = layout.iter().map(|&b| remove_null_counts(func, b)).sum();
        nulls
            + layout
                .into_iter()
                .map(|b| elide_in_block(func, b))
                .sum::<usize>()
    })
}

/// Whether `v` is a constant null reference.
fn is_null_const(func: &Function, v: Value) -> bool {
    match func.value_def(func.resolve_alias(v)) {
        ValueDef::Result(i) => matches!(
            func.inst(i),
            InstData::Nullary { op: Opcode::Null } | InstData::Zero { ty: Type::Ref }
        ),
        _ => false,
    }
}

/// Removes `retain`/`release` of constant nulls in `block`.
fn remove_null_counts(func: &mut Function, block: Block) -> usize {
    let before = func.block_insts(block).len();
    let keep: Vec<Inst> = func
        .block_insts(block)
        .iter()
        .copied()
        .filter(|&i| match func.inst(i) {
            InstData::Unary {
                op: Opcode::Retain | Opcode::Release,
                arg,
            } => !is_null_const(func, *arg),
            _ => true,
        })
        .collect();
    let removed = before - keep.len();
    *func.block_insts_mut(block) = keep;
    removed
}

fn elide_in_block(func: &mut Function, block: Block) -> usize {
    let mut removed = 0;
    let mut i = 0;
    while i < func.block_insts(block).len() {
        let inst = func.block_insts(block)[i];
        let InstData::Unary {
            op: Opcode::Retain,
            arg,
        } = func.inst(inst)
        else {
            i += 1;
            continue;
        };
        let x = func.resolve_alias(*arg);
        let insts = func.block_insts(block);
        let partner = insts[i + 1..].iter().position(|&j| match func.inst(j) {
            InstData::Unary {
                op: Opcode::Release,
                arg,
            } => func.resolve_alias(*arg) == x,
            _ => false,
        });
        let clear = |end: usize| {
            insts[i + 1..i + 1 + end]
                .iter()
                .all(|&j| !func.inst(j).opcode().has_side_effects())
        };
        match partner {
            Some(k) if clear(k) => {
                func.block_insts_mut(block).remove(i + 1 + k);
                func.block_insts_mut(block).remove(i);
                removed += 1;
            }
            _ => i += 1,
        }
    }
    removed
}
