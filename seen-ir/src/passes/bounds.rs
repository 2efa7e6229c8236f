//! Bounds-check elimination: a checked `array_get`/`array_set` becomes
//! unchecked when its index is provably in bounds:
//! - the array comes from `array_new` with a constant length and the index
//!   is a constant in `0..len`; or
//! - the access is dominated by the true edge of a `brif` on
//!   `icmp ult i, n` (or `icmp ugt n, i`) where `n = array_len a`, for the
//!   same array value `a` and index value `i`, and that edge is the only way
//!   into its block. (`ult` also rules out negative indices.)
//! - the access is dominated by a checked access to the same array value
//!   with the same index value (earlier in the block, or in a block that
//!   dominates it): that check passed, or the program stopped there.
//!
//! Arrays never change length, and SSA values never change, so the fact
//! holds wherever the edge dominates.

use super::each_body;
use crate::cfg::ControlFlow;
use crate::entity::{Block, Value};
use crate::function::{Function, ValueDef};
use crate::inst::{InstData, IntCC, Opcode};
use crate::module::Module;
use rustc_hash::FxHashMap;

/// Removes provably redundant bounds checks; gives the number removed.
pub fn eliminate_bounds_checks(m: &mut Module) -> usize {
    each_body(m, |_, func| eliminate_in(func))
}

/// `(block, array, index)`: in blocks `block` dominates, `index < len(array)`.
type Fact = (Block, Value, Value);

fn eliminate_in(func: &mut Function) -> usize {
    let cfg = ControlFlow::new(func);
    let facts = edge_facts(func, &cfg);
    // (array, index) -> blocks holding a checked access to it
    let mut checked: FxHashMap<(Value, Value), Vec<Block>> = FxHashMap::default();
    let mut changes = 0;
    for &b in cfg.rpo() {
        for &i in func.block_insts(b).to_vec().iter() {
            let (array, index) = match func.inst(i) {
                InstData::ArrayGet {
                    op: Opcode::ArrayGet,
                    args,
                    ..
                } => (args[0], args[1]),
                InstData::ArraySet {
                    op: Opcode::ArraySet,
                    args,
                    ..
                } => (args[0], args[1]),
                _ => continue,
            };
            let seen = checked
                .get(&(array, index))
                .is_some_and(|bs| bs.iter().any(|&c| cfg.dominates(c, b)));
            let proven = seen
                || constant_in_bounds(func, array, index)
                || facts
                    .iter()
                    .any(|&(t, a, x)| a == array && x == index && cfg.dominates(t, b));
            if !proven {
                checked.entry((array, index)).or_default().push(b);
            }
            if proven {
                let data = match func.inst(i).clone() {
                    InstData::ArrayGet { elem, args, .. } => InstData::ArrayGet {
                        op: Opcode::ArrayGetUnchecked,
                        elem,
                        args,
                        loc: None,
                    },
                    InstData::ArraySet { elem, args, .. } => InstData::ArraySet {
                        op: Opcode::ArraySetUnchecked,
                        elem,
                        args,
                        loc: None,
                    },
                    other => other,
                };
                func.replace_inst(i, data);
                changes += 1;
            }
        }
    }
    changes
}

fn def(func: &Function, v: Value) -> Option<&InstData> {
    match func.value_def(v) {
        ValueDef::Result(i) => Some(func.inst(i)),
        _ => None,
    }
}

fn constant(func: &Function, v: Value) -> Option<i64> {
    match def(func, v)? {
        InstData::IntConst { imm, .. } => Some(*imm),
        _ => None,
    }
}

fn constant_in_bounds(func: &Function, array: Value, index: Value) -> bool {
    let len = match def(func, array) {
        Some(InstData::ArrayNew { arg, .. }) => constant(func, *arg),
        _ => None,
    };
    matches!((len, constant(func, index)), (Some(n), Some(i)) if 0 <= i && i < n)
}

/// Facts from `brif (icmp ult i, array_len a), T, F` edges into single-predecessor blocks.
fn edge_facts(func: &Function, cfg: &ControlFlow) -> Vec<Fact> {
    let mut facts = Vec::new();
    for &b in cfg.rpo() {
        let Some(term) = func.last_inst(b) else {
            continue;
        };
        let InstData::Brif {
            arg,
            then_dest,
            else_dest,
        } = func.inst(term)
        else {
            continue;
        };
        let t = then_dest.block;
        if t == else_dest.block || cfg.preds(t) != [b] {
            continue;
        }
        let (index, len) = match def(func, *arg) {
            Some(InstData::IntCompare {
                cond: IntCC::Ult,
                args,
            }) => (args[0], args[1]),
            Some(InstData::IntCompare {
                cond: IntCC::Ugt,
                args,
            }) => (args[1], args[0]),
            _ => continue,
        };
        if let Some(InstData::Unary {
            op: Opcode::ArrayLen,
            arg: array,
        }) = def(func, len)
        {
            facts.push((t, *array, index));
        }
    }
    facts
}
