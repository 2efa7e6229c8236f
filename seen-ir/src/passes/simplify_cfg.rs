//! CFG simplification: unreachable blocks, trivial `brif`s, block merging.

use super::each_body;
use crate::cfg::ControlFlow;
use crate::entity::Block;
use crate::function::Function;
use crate::inst::InstData;
use crate::module::Module;

/// Simplifies the CFG of every body; gives the number of changes.
pub fn simplify_cfg(m: &mut Module) -> usize {
    each_body(m, |_, func| simplify_function(func))
}

fn simplify_function(func: &mut Function) -> usize {
    let mut changes = remove_unreachable(func);
    changes += trivial_brifs(func);
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
