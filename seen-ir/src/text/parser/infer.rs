//! Result types of a parsed body.
//!
//! The text writes types only on block parameters and in immediates; every
//! other result type follows from the operands (`typing.rs`). An operand
//! may be defined further down the text, so each instruction is typed after
//! the instructions its operands come from, with an explicit stack (no
//! recursion). A value whose type cannot be found (its instruction is
//! malformed, or it depends on itself) gets `void` and the verifier reports
//! the instruction.

use super::Parser;
use crate::entity::{FuncId, Inst};
use crate::function::{Function, ValueDef};
use crate::types::Type;
use crate::typing::{ResultTy, type_inst};

impl Parser {
    pub(super) fn infer_types(&mut self, f: FuncId, func: &mut Function) {
        let ret = self.m.get_func(f).map(|d| d.sig.ret);
        let n = func.n_insts();
        let mut known: Vec<Option<Type>> = (0..func.n_values())
            .map(|v| {
                let data = func.get_value(crate::entity::Value::new(v))?;
                matches!(data.def, ValueDef::Param { .. }).then_some(data.ty)
            })
            .collect();
        let mut state = vec![0u8; n]; // 0 = to do, 1 = on the stack, 2 = done
        let mut stack = Vec::new();
        for root in 0..n {
            if state[root] != 0 {
                continue;
            }
            stack.push(Inst::new(root));
            state[root] = 1;
            while let Some(&inst) = stack.last() {
                let pending = func
                    .inst(inst)
                    .args()
                    .into_iter()
                    .filter(|v| known.get(v.index()).is_some_and(Option::is_none))
                    .find_map(|v| match func.get_value(v).map(|d| d.def) {
                        Some(ValueDef::Result(i)) if state[i.index()] == 0 => Some(i),
                        _ => None,
                    });
                if let Some(dep) = pending {
                    state[dep.index()] = 1;
                    stack.push(dep);
                    continue;
                }
                stack.pop();
                state[inst.index()] = 2;
                let Some(result) = func.inst_result(inst) else {
                    continue;
                };
                let ty_of = |v: crate::entity::Value| known.get(v.index()).copied().flatten();
                let typing = type_inst(&self.m, func, ret, func.inst(inst), &ty_of);
                let ty = match typing.result {
                    ResultTy::Known(t) => t,
                    ResultTy::None | ResultTy::Unknown => Type::Void,
                };
                known[result.index()] = Some(ty);
                func.set_value_type(result, ty);
            }
        }
    }
}
