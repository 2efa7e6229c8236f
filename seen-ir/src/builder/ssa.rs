//! SSA construction on the fly: variables to values and block parameters.
//!
//! The algorithm is Braun, Buchwald, Hack, Leißa, Mallon and Zwinkau,
//! "Simple and Efficient Construction of Static Single Assignment Form"
//! (CC 2013), in the shape of cranelift-frontend's `ssa.rs`: a use with no
//! local definition looks through the predecessors; in a block that is not
//! yet sealed it adds a block parameter to fill in when the block is sealed;
//! a parameter that turns out to receive one value everywhere is removed and
//! becomes an alias of that value. The recursion runs on an explicit stack.
//!
//! A use that no definition reaches: in the entry block (or on a path from
//! it) this is an error; in a block with no predecessors other than the
//! entry (unreachable code) the variable silently reads as `zero`.

use crate::entity::{Block, Inst, Value, Variable};
use crate::error::BuildError;
use crate::function::Function;
use crate::inst::InstData;
use crate::types::Type;
use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;

#[derive(Default, Clone)]
struct SsaBlock {
    /// Predecessors: the block and its branch instruction.
    preds: SmallVec<[(Block, Inst); 2]>,
    sealed: bool,
    /// Parameters added before sealing, still waiting for their arguments.
    undef: Vec<(Variable, Value)>,
    /// The only predecessor, once sealed with exactly one.
    single_pred: Option<Block>,
}

enum Call {
    /// Look up the variable at the end of this block (a predecessor).
    UseVar(Block),
    /// All predecessors are looked up: decide about this sentinel parameter.
    Finish(Value, Block),
}

/// The state of SSA construction for one function.
#[derive(Default)]
pub(crate) struct SsaBuilder {
    defs: FxHashMap<(Variable, Block), Value>,
    blocks: Vec<SsaBlock>,
    calls: Vec<Call>,
    results: Vec<Value>,
    visited: FxHashSet<Block>,
    errors: Vec<BuildError>,
    /// Blocks that received a `zero` instruction.
    pub touched: Vec<Block>,
    pub entry: Option<Block>,
    use_block: Option<Block>,
}

impl SsaBuilder {
    pub fn clear(&mut self) {
        self.defs.clear();
        self.blocks.clear();
        self.calls.clear();
        self.results.clear();
        self.errors.clear();
        self.touched.clear();
        self.entry = None;
    }

    pub fn declare_block(&mut self, block: Block) {
        if self.blocks.len() <= block.index() {
            self.blocks.resize(block.index() + 1, SsaBlock::default());
        }
    }

    pub fn is_sealed(&self, block: Block) -> bool {
        self.blocks.get(block.index()).is_some_and(|b| b.sealed)
    }

    pub fn has_preds(&self, block: Block) -> bool {
        self.blocks
            .get(block.index())
            .is_some_and(|b| !b.preds.is_empty())
    }

    pub fn def_var(&mut self, var: Variable, value: Value, block: Block) {
        self.defs.insert((var, block), value);
    }

    pub fn declare_predecessor(&mut self, block: Block, pred: Block, branch: Inst) {
        self.declare_block(block);
        self.blocks[block.index()].preds.push((pred, branch));
    }

    /// Errors found by the last `use_var` or `seal_block`.
    pub fn take_errors(&mut self) -> Vec<BuildError> {
        std::mem::take(&mut self.errors)
    }

    pub fn use_var(&mut self, func: &mut Function, var: Variable, ty: Type, block: Block) -> Value {
        self.use_block = Some(block);
        self.use_var_nonlocal(func, var, ty, block);
        self.run(func, var, ty)
    }

    fn use_var_nonlocal(&mut self, func: &mut Function, var: Variable, ty: Type, mut block: Block) {
        if let Some(&v) = self.defs.get(&(var, block)) {
            self.results.push(v);
            return;
        }
        let (val, from) = self.find_var(func, var, ty, block);
        // Every block on the single-predecessor chain from `block` to `from`
        // has no definition yet: record the one found.
        while block != from {
            self.defs.insert((var, block), val);
            match self.blocks[block.index()].single_pred {
                Some(p) => block = p,
                None => break,
            }
        }
    }

    fn find_var(
        &mut self,
        func: &mut Function,
        var: Variable,
        ty: Type,
        mut block: Block,
    ) -> (Value, Block) {
        self.visited.clear();
        while let Some(pred) = self.blocks[block.index()].single_pred {
            if !self.visited.insert(block) {
                break;
            }
            block = pred;
            if let Some(&v) = self.defs.get(&(var, block)) {
                self.results.push(v);
                return (v, block);
            }
        }
        let val = func.append_block_param(block, ty);
        self.defs.insert((var, block), val);
        if self.blocks[block.index()].sealed {
            self.begin_lookup(val, block);
        } else {
            self.blocks[block.index()].undef.push((var, val));
            self.results.push(val);
        }
        (val, block)
    }

    fn begin_lookup(&mut self, sentinel: Value, block: Block) {
        self.calls.push(Call::Finish(sentinel, block));
        let preds = &self.blocks[block.index()].preds;
        self.calls
            .extend(preds.iter().rev().map(|&(p, _)| Call::UseVar(p)));
    }

    fn run(&mut self, func: &mut Function, var: Variable, ty: Type) -> Value {
        while let Some(call) = self.calls.pop() {
            match call {
                Call::UseVar(block) => self.use_var_nonlocal(func, var, ty, block),
                Call::Finish(sentinel, block) => {
                    let v = self.finish_lookup(func, var, sentinel, block);
                    self.results.push(v);
                }
            }
        }
        self.results
            .pop()
            .expect("the lookup leaves exactly one result")
    }

    fn finish_lookup(
        &mut self,
        func: &mut Function,
        var: Variable,
        sentinel: Value,
        block: Block,
    ) -> Value {
        let n = self.blocks[block.index()].preds.len();
        let results: SmallVec<[Value; 4]> = self.results.drain(self.results.len() - n..).collect();
        let mut distinct = results
            .iter()
            .map(|&v| func.resolve_alias(v))
            .filter(|&v| v != sentinel);
        let single = match distinct.next() {
            Some(first) => distinct.all(|v| v == first).then_some(first),
            None => Some(self.zero(func, var, func.value_type(sentinel), block)),
        };
        match single {
            Some(value) => {
                let index = func.block_params(block).iter().position(|&p| p == sentinel);
                let index = index.expect("a sentinel is a parameter of its block until replaced");
                func.remove_block_param(block, index);
                func.make_alias(sentinel, value);
                value
            }
            None => {
                let preds = self.blocks[block.index()].preds.clone();
                for (&(_, branch), &value) in preds.iter().zip(&results) {
                    for dest in func.inst_mut(branch).destinations_mut() {
                        if dest.block == block {
                            dest.args.push(value);
                        }
                    }
                }
                sentinel
            }
        }
    }

    /// The value of a variable that no definition reaches.
    fn zero(&mut self, func: &mut Function, var: Variable, ty: Type, block: Block) -> Value {
        if Some(block) == self.entry {
            let use_block = self.use_block.unwrap_or(block);
            self.errors.push(BuildError::UseBeforeDef {
                var,
                block: use_block,
            });
        }
        self.touched.push(block);
        let inst = func.insert_inst(block, Some(0), InstData::Zero { ty }, Some(ty));
        func.inst_result(inst).expect("`zero` has a result")
    }

    pub fn seal_block(&mut self, func: &mut Function, block: Block) {
        self.declare_block(block);
        let data = &mut self.blocks[block.index()];
        if data.sealed {
            return;
        }
        data.sealed = true;
        if let [(pred, _)] = data.preds[..] {
            data.single_pred = Some(pred);
        }
        let undef = std::mem::take(&mut data.undef);
        self.use_block = Some(block);
        for (var, sentinel) in undef {
            let ty = func.value_type(sentinel);
            self.begin_lookup(sentinel, block);
            self.run(func, var, ty);
        }
    }

    pub fn seal_all(&mut self, func: &mut Function) {
        for i in 0..self.blocks.len() {
            self.seal_block(func, Block::new(i));
        }
    }
}
