//! Reference-count elision: a `retain x` followed in the same block by a
//! `release x`, with only instructions without side effects between them,
//! is a pair of no-ops (the count goes up and back down, and nothing can
//! observe it in between), so both are removed.

use super::each_body;
use crate::entity::Block;
use crate::function::Function;
use crate::inst::{InstData, Opcode};
use crate::module::Module;

/// Removes redundant retain/release pairs; gives the number of pairs removed.
pub fn elide_rc(m: &mut Module) -> usize {
    each_body(m, |_, func| {
        let layout: Vec<Block> = func.layout().to_vec();
        layout.into_iter().map(|b| elide_in_block(func, b)).sum()
    })
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
