//! Constant globals: reads of a global that always holds one constant by
//! the time anything reads it become that constant.
//!
//! A program's `const` declarations arrive as globals that `@main` sets
//! before it calls anything (the lowering inlines their initialisers), and
//! that their `<init-global>` functions set to the same value. The pass
//! promotes a global `@g` when
//!
//! - the module has a defined `@main` and exports no function (so no code
//!   runs before `@main` starts: every other function is reached from it);
//! - the entry block of `@main` sets `@g` to a constant (`iconst`,
//!   `fconst`, `bconst`) in its prefix of constants and `global_set`s,
//!   before any instruction that could read a global (a call, a
//!   `global_get`, a `release` that may run a deinit...);
//! - every `global_set @g` of the module stores that same constant, and no
//!   function takes `global_addr @g`.
//!
//! Then every `global_get @g` reads that constant, and becomes it.

use super::each_body;
use crate::entity::{GlobalId, Value};
use crate::function::{Function, ValueDef};
use crate::inst::{InstData, Opcode};
use crate::module::{Linkage, Module};
use rustc_hash::FxHashMap;

/// Replaces reads of constant globals by the constant; gives the number of
/// reads replaced.
pub fn promote_const_globals(m: &mut Module) -> usize {
    let candidates = candidates(m);
    if candidates.is_empty() {
        return 0;
    }
    let constant = confirmed(m, candidates);
    if constant.is_empty() {
        return 0;
    }
    each_body(m, |_, func| {
        let mut n = 0;
        for b in func.layout().to_vec() {
            for i in func.block_insts(b).to_vec() {
                if let InstData::Global {
                    op: Opcode::GlobalGet,
                    global,
                } = func.inst(i)
                {
                    if let Some(c) = constant.get(global) {
                        func.replace_inst(i, c.clone());
                        n += 1;
                    }
                }
            }
        }
        n
    })
}

/// The constant instruction defining `v`, if any.
fn const_def(func: &Function, v: Value) -> Option<InstData> {
    match func.value_def(func.resolve_alias(v)) {
        ValueDef::Result(i) => match func.inst(i) {
            d @ (InstData::IntConst { .. }
            | InstData::FloatConst { .. }
            | InstData::BoolConst { .. }) => Some(d.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The globals `@main` sets to a constant before anything can read one.
fn candidates(m: &Module) -> FxHashMap<GlobalId, InstData> {
    let mut out = FxHashMap::default();
    if m.funcs()
        .iter()
        .any(|f| matches!(f.linkage, Linkage::Export(_)))
    {
        return out;
    }
    let Some(main) = m.func_by_name("main") else {
        return out;
    };
    let Some(body) = m.func(main).body.as_ref() else {
        return out;
    };
    let Some(entry) = body.entry_block() else {
        return out;
    };
    for &i in body.block_insts(entry) {
        match body.inst(i) {
            InstData::GlobalSet { global, arg } => match const_def(body, *arg) {
                Some(c) if !out.contains_key(global) => {
                    out.insert(*global, c);
                }
                _ => {
                    out.insert(*global, InstData::Unreachable);
                }
            },
            InstData::IntConst { .. }
            | InstData::FloatConst { .. }
            | InstData::BoolConst { .. } => {}
            _ => break,
        }
    }
    out.retain(|_, c| !matches!(c, InstData::Unreachable));
    out
}

/// The candidates that every `global_set` of the module sets to the same
/// constant and whose address no function takes.
fn confirmed(
    m: &Module,
    mut candidates: FxHashMap<GlobalId, InstData>,
) -> FxHashMap<GlobalId, InstData> {
    for decl in m.funcs() {
        let Some(body) = decl.body.as_ref() else {
            continue;
        };
        for &b in body.layout() {
            for &i in body.block_insts(b) {
                match body.inst(i) {
                    InstData::GlobalSet { global, arg } => {
                        let same = candidates
                            .get(global)
                            .is_some_and(|c| const_def(body, *arg).as_ref() == Some(c));
                        if !same {
                            candidates.remove(global);
                        }
                    }
                    InstData::Global {
                        op: Opcode::GlobalAddr,
                        global,
                    } => {
                        candidates.remove(global);
                    }
                    _ => {}
                }
            }
        }
    }
    candidates
}
