//! Constant folding with the interpreter's semantics.

use super::each_body;
use crate::cfg::ControlFlow;
use crate::entity::Value;
use crate::function::Function;
use crate::inst::{BlockCall, InstData, Opcode};
use crate::interp::{DataValue, eval_pure};
use crate::module::Module;
use crate::types::Type;

/// Folds constants in every body; gives the number of instructions changed.
pub fn const_fold(m: &mut Module) -> usize {
    each_body(m, fold_function)
}

fn fold_function(m: &Module, func: &mut Function) -> usize {
    let cfg = ControlFlow::new(func);
    let mut known: Vec<Option<DataValue>> = vec![None; func.n_values()];
    let mut changes = 0;
    for &block in cfg.rpo() {
        let mut pos = 0;
        while pos < func.block_insts(block).len() {
            let inst = func.block_insts(block)[pos];
            pos += 1;
            let data = func.inst(inst).clone();
            let args: Vec<Value> = match &data {
                InstData::Jump { .. } | InstData::Brif { .. } | InstData::Switch { .. } => {
                    Vec::new()
                }
                _ => data.args(),
            };
            let consts: Option<Vec<DataValue>> =
                args.iter().map(|v| known[v.index()].clone()).collect();
            if let Some(jump) = fold_branch(&data, &known) {
                func.replace_inst(inst, jump);
                changes += 1;
                continue;
            }
            let result = func.inst_result(inst);
            if let (Some(r), Some(keep)) = (result, identity(&data, &known)) {
                func.remove_inst_at(block, pos - 1);
                func.make_alias(r, keep);
                known[r.index()] = known[keep.index()].clone();
                pos -= 1;
                changes += 1;
                continue;
            }
            let (Some(r), Some(consts)) = (result, consts) else {
                continue;
            };
            let Some(Ok(value)) = eval_pure(m, &data, &consts) else {
                continue;
            };
            if is_constant(&data) {
                known[r.index()] = Some(value);
                continue;
            }
            if let Some(c) = constant_inst(func.value_type(r), &value) {
                func.replace_inst(inst, c);
                changes += 1;
            }
            known[r.index()] = Some(value);
        }
    }
    changes
}

fn is_constant(data: &InstData) -> bool {
    matches!(
        data,
        InstData::IntConst { .. }
            | InstData::FloatConst { .. }
            | InstData::BoolConst { .. }
            | InstData::Nullary { .. }
    )
}

/// The constant instruction giving `v`, for types that have one.
fn constant_inst(ty: Type, v: &DataValue) -> Option<InstData> {
    Some(match (ty, v) {
        (Type::Bool, DataValue::Bool(b)) => InstData::BoolConst { imm: *b },
        (Type::F32, DataValue::F32(x)) => InstData::FloatConst {
            ty,
            bits: u64::from(x.to_bits()),
        },
        (Type::F64, DataValue::F64(x)) => InstData::FloatConst {
            ty,
            bits: x.to_bits(),
        },
        (t, v) if t.is_int() => InstData::IntConst {
            ty,
            imm: v.as_i64()?,
        },
        _ => return None,
    })
}

/// A `jump` replacing a branch on a constant.
fn fold_branch(data: &InstData, known: &[Option<DataValue>]) -> Option<InstData> {
    let dest: &BlockCall = match data {
        InstData::Brif {
            arg,
            then_dest,
            else_dest,
        } => match known[arg.index()] {
            Some(DataValue::Bool(true)) => then_dest,
            Some(DataValue::Bool(false)) => else_dest,
            _ => return None,
        },
        InstData::Switch {
            arg,
            default,
            cases,
        } => {
            let key = known[arg.index()].as_ref()?.as_i64()?;
            cases
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(default, |(_, d)| d)
        }
        _ => return None,
    };
    Some(InstData::Jump { dest: dest.clone() })
}

/// The operand an instruction equals, when it is an identity.
fn identity(data: &InstData, known: &[Option<DataValue>]) -> Option<Value> {
    let is = |v: Value, n: i64| known[v.index()].as_ref().and_then(DataValue::as_i64) == Some(n);
    match data {
        InstData::Ternary {
            op: Opcode::Select,
            args: [c, a, b],
        } => match known[c.index()] {
            Some(DataValue::Bool(true)) => Some(*a),
            Some(DataValue::Bool(false)) => Some(*b),
            _ => None,
        },
        InstData::Binary { op, args: [a, b] } => match op {
            Opcode::Iadd | Opcode::Bor | Opcode::Bxor if is(*b, 0) => Some(*a),
            Opcode::Iadd | Opcode::Bor | Opcode::Bxor if is(*a, 0) => Some(*b),
            Opcode::Isub if is(*b, 0) => Some(*a),
            Opcode::Imul if is(*b, 1) => Some(*a),
            Opcode::Imul if is(*a, 1) => Some(*b),
            Opcode::Band if is(*b, -1) => Some(*a),
            Opcode::Band if is(*a, -1) => Some(*b),
            _ => None,
        },
        _ => None,
    }
}
