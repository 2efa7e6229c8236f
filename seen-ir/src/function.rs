//! The body of a function: values, instructions, blocks and their layout.
//!
//! Entities live in dense `Vec`s indexed by [`Value`], [`Inst`] and
//! [`Block`]. A block lists its parameters and its instructions; the
//! *layout* lists the blocks in order, and its first block is the entry,
//! whose parameters are the function's parameters. A value number that no
//! block or instruction defines is *unused* (the text format keeps value
//! numbers as written, so a module may have gaps). Instructions are
//! numbered in layout order after [`Function::compact`], which the builder,
//! the parser and every pass call. Next: `builder/` builds these.

use crate::entity::{Block, Inst, SigRef, StackSlot, Value};
use crate::inst::{InstData, ValueList};
use crate::module::Signature;
use crate::types::Type;
use serde::{Deserialize, Serialize};

/// A function body.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
pub struct Function {
    values: Vec<ValueData>,
    insts: Vec<InstNode>,
    blocks: Vec<BlockData>,
    layout: Vec<Block>,
    stack_slots: Vec<StackSlotData>,
    signatures: Vec<Signature>,
}

/// What is known of one value.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct ValueData {
    /// Its type (`void` for an unused number).
    pub ty: Type,
    /// Where it is defined.
    pub def: ValueDef,
}

/// Where a value is defined.
#[derive(Copy, Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum ValueDef {
    /// Parameter `index` of `block`.
    Param {
        /// The block.
        block: Block,
        /// The parameter's position.
        index: u32,
    },
    /// The result of an instruction.
    Result(Inst),
    /// Another name for a value (only while building; `compact` removes aliases).
    Alias(Value),
    /// No definition: a gap in the numbering.
    Unused,
}

/// One instruction and its result.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct InstNode {
    /// The instruction.
    pub data: InstData,
    /// Its result, if it has one.
    pub result: Option<Value>,
}

/// One block: parameters and instructions in order.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
pub struct BlockData {
    /// The parameters.
    pub params: ValueList,
    /// The instructions, the last being the terminator.
    pub insts: Vec<Inst>,
}

/// A stack slot: `size` bytes aligned to `align` (a power of two).
#[derive(Copy, Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct StackSlotData {
    /// Size in bytes.
    pub size: u32,
    /// Alignment in bytes.
    pub align: u32,
}

const UNUSED: ValueData = ValueData {
    ty: Type::Void,
    def: ValueDef::Unused,
};

impl Function {
    /// An empty body.
    pub fn new() -> Function {
        Function::default()
    }

    /// The blocks in layout order; the first is the entry.
    pub fn layout(&self) -> &[Block] {
        &self.layout
    }

    /// The entry block, if the layout is not empty.
    pub fn entry_block(&self) -> Option<Block> {
        self.layout.first().copied()
    }

    /// The number of block numbers (including unused ones).
    pub fn n_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// The number of value numbers (including unused ones).
    pub fn n_values(&self) -> usize {
        self.values.len()
    }

    /// The number of instructions.
    pub fn n_insts(&self) -> usize {
        self.insts.len()
    }

    /// The data of a block. Panics if the block number is out of range.
    pub fn block(&self, block: Block) -> &BlockData {
        &self.blocks[block.index()]
    }

    /// The data of a block, if the number is in range.
    pub fn get_block(&self, block: Block) -> Option<&BlockData> {
        self.blocks.get(block.index())
    }

    /// The parameters of a block. Panics if out of range.
    pub fn block_params(&self, block: Block) -> &[Value] {
        &self.blocks[block.index()].params
    }

    /// The instructions of a block in order. Panics if out of range.
    pub fn block_insts(&self, block: Block) -> &[Inst] {
        &self.blocks[block.index()].insts
    }

    /// The last instruction of a block, if it has any.
    pub fn last_inst(&self, block: Block) -> Option<Inst> {
        self.blocks.get(block.index())?.insts.last().copied()
    }

    /// An instruction. Panics if out of range.
    pub fn inst(&self, inst: Inst) -> &InstData {
        &self.insts[inst.index()].data
    }

    /// An instruction and its result, if the number is in range.
    pub fn get_inst(&self, inst: Inst) -> Option<&InstNode> {
        self.insts.get(inst.index())
    }

    /// The result of an instruction. Panics if out of range.
    pub fn inst_result(&self, inst: Inst) -> Option<Value> {
        self.insts[inst.index()].result
    }

    /// The data of a value, if the number is in range.
    pub fn get_value(&self, value: Value) -> Option<&ValueData> {
        self.values.get(value.index())
    }

    /// The type of a value. Panics if out of range.
    pub fn value_type(&self, value: Value) -> Type {
        self.values[value.index()].ty
    }

    /// The definition of a value. Panics if out of range.
    pub fn value_def(&self, value: Value) -> ValueDef {
        self.values[value.index()].def
    }

    /// The stack slots.
    pub fn stack_slots(&self) -> &[StackSlotData] {
        &self.stack_slots
    }

    /// The signatures used by `call_indirect`.
    pub fn signatures(&self) -> &[Signature] {
        &self.signatures
    }

    /// Follows aliases to the value they name.
    pub fn resolve_alias(&self, mut value: Value) -> Value {
        // Aliases never form cycles (each points to an older definition), but
        // a deserialized body may: bound the walk by the number of values.
        for _ in 0..=self.values.len() {
            match self.values.get(value.index()).map(|d| d.def) {
                Some(ValueDef::Alias(to)) => value = to,
                _ => return value,
            }
        }
        value
    }

    // ---- low-level editing (the builder, the parser and passes use these) ----

    /// Creates a block (not yet in the layout).
    pub fn create_block(&mut self) -> Block {
        self.blocks.push(BlockData::default());
        Block::new(self.blocks.len() - 1)
    }

    /// Makes sure block numbers up to `block` exist (for the parser).
    pub(crate) fn ensure_block(&mut self, block: Block) {
        if self.blocks.len() <= block.index() {
            self.blocks.resize(block.index() + 1, BlockData::default());
        }
    }

    /// Appends a block to the layout.
    pub fn append_to_layout(&mut self, block: Block) {
        self.layout.push(block);
    }

    /// Replaces the layout (blocks left out are no longer part of the body).
    pub fn set_layout(&mut self, layout: Vec<Block>) {
        self.layout = layout;
    }

    /// Creates a fresh value of a type with a definition.
    pub(crate) fn make_value(&mut self, ty: Type, def: ValueDef) -> Value {
        self.values.push(ValueData { ty, def });
        Value::new(self.values.len() - 1)
    }

    /// Sets the data of a value number, growing the table (for the parser).
    pub(crate) fn set_value(&mut self, value: Value, data: ValueData) {
        if self.values.len() <= value.index() {
            self.values.resize(value.index() + 1, UNUSED);
        }
        self.values[value.index()] = data;
    }

    /// Sets the type of a value (for the parser's type inference).
    pub(crate) fn set_value_type(&mut self, value: Value, ty: Type) {
        self.values[value.index()].ty = ty;
    }

    /// Appends a parameter of type `ty` to a block.
    pub fn append_block_param(&mut self, block: Block, ty: Type) -> Value {
        let index = self.blocks[block.index()].params.len() as u32;
        let value = self.make_value(ty, ValueDef::Param { block, index });
        self.blocks[block.index()].params.push(value);
        value
    }

    /// Removes parameter `index` of a block; the value becomes unused.
    pub fn remove_block_param(&mut self, block: Block, index: usize) -> Value {
        let params = &mut self.blocks[block.index()].params;
        let value = params.remove(index);
        for (i, &p) in params.iter().enumerate().skip(index) {
            self.values[p.index()].def = ValueDef::Param {
                block,
                index: i as u32,
            };
        }
        self.values[value.index()] = UNUSED;
        value
    }

    /// Makes `value` another name for `target` (uses are rewritten by `compact`).
    pub fn make_alias(&mut self, value: Value, target: Value) {
        let ty = self.values[target.index()].ty;
        self.values[value.index()] = ValueData {
            ty,
            def: ValueDef::Alias(target),
        };
    }

    /// Creates an instruction with a result of type `result` (none if `None`
    /// or `void`) and inserts it in `block` at `pos` (`None`: at the end).
    pub fn insert_inst(
        &mut self,
        block: Block,
        pos: Option<usize>,
        data: InstData,
        result: Option<Type>,
    ) -> Inst {
        let inst = Inst::new(self.insts.len());
        let result = result
            .filter(|&ty| ty != Type::Void)
            .map(|ty| self.make_value(ty, ValueDef::Result(inst)));
        self.insts.push(InstNode { data, result });
        let insts = &mut self.blocks[block.index()].insts;
        match pos {
            Some(pos) => insts.insert(pos, inst),
            None => insts.push(inst),
        }
        inst
    }

    /// Creates an instruction whose result is an existing value number (for
    /// the parser, which keeps the numbers of the text).
    pub(crate) fn push_inst_with_result(
        &mut self,
        block: Block,
        data: InstData,
        result: Option<Value>,
    ) -> Inst {
        let inst = Inst::new(self.insts.len());
        self.insts.push(InstNode { data, result });
        self.blocks[block.index()].insts.push(inst);
        if let Some(value) = result {
            self.set_value(
                value,
                ValueData {
                    ty: Type::Void,
                    def: ValueDef::Result(inst),
                },
            );
        }
        inst
    }

    /// Sets a parameter list of a block to existing value numbers (for the parser).
    pub(crate) fn set_block_params(&mut self, block: Block, params: &[(Value, Type)]) {
        for (index, &(value, ty)) in params.iter().enumerate() {
            let def = ValueDef::Param {
                block,
                index: index as u32,
            };
            self.set_value(value, ValueData { ty, def });
        }
        self.blocks[block.index()].params = params.iter().map(|p| p.0).collect();
    }

    /// Mutable access to an instruction.
    pub fn inst_mut(&mut self, inst: Inst) -> &mut InstData {
        &mut self.insts[inst.index()].data
    }

    /// Replaces an instruction, keeping its result value (whose type must
    /// stay the same) and its place.
    pub fn replace_inst(&mut self, inst: Inst, data: InstData) {
        self.insts[inst.index()].data = data;
    }

    /// Removes the instruction at `pos` of `block` from the layout; its
    /// result becomes unused at the next `compact`.
    pub fn remove_inst_at(&mut self, block: Block, pos: usize) -> Inst {
        self.blocks[block.index()].insts.remove(pos)
    }

    /// Mutable access to a block's instruction list.
    pub fn block_insts_mut(&mut self, block: Block) -> &mut Vec<Inst> {
        &mut self.blocks[block.index()].insts
    }

    /// Adds a stack slot.
    pub fn create_stack_slot(&mut self, data: StackSlotData) -> StackSlot {
        self.stack_slots.push(data);
        StackSlot::new(self.stack_slots.len() - 1)
    }

    /// Adds a signature for `call_indirect`.
    pub fn import_signature(&mut self, sig: Signature) -> SigRef {
        self.signatures.push(sig);
        SigRef::new(self.signatures.len() - 1)
    }

    /// Brings the body to canonical form: operands name no aliases;
    /// instructions are numbered in layout order and those outside the
    /// layout are dropped; values that nothing in the layout defines become
    /// unused; blocks outside the layout are emptied; trailing unused value
    /// and block numbers are dropped. Value and block numbers otherwise stay.
    pub fn compact(&mut self) {
        let mut insts = Vec::with_capacity(self.insts.len());
        let mut defined = vec![false; self.values.len()];
        let mut in_layout = vec![false; self.blocks.len()];
        self.layout
            .retain(|b| !std::mem::replace(&mut in_layout[b.index()], true));
        for &block in &self.layout {
            for &p in &self.blocks[block.index()].params {
                defined[p.index()] = true;
            }
        }
        let old = std::mem::take(&mut self.insts);
        let old_blocks = std::mem::take(&mut self.blocks);
        let mut blocks = vec![BlockData::default(); old_blocks.len()];
        for &block in &self.layout {
            let data = &old_blocks[block.index()];
            let new_block = &mut blocks[block.index()];
            new_block.params = data.params.clone();
            for &inst in &data.insts {
                let mut node = old[inst.index()].clone();
                node.data.map_args(|v| self.resolve_alias(v));
                let new_inst = Inst::new(insts.len());
                if let Some(r) = node.result {
                    defined[r.index()] = true;
                    self.values[r.index()].def = ValueDef::Result(new_inst);
                }
                new_block.insts.push(new_inst);
                insts.push(node);
            }
        }
        for (value, data) in self.values.iter_mut().enumerate() {
            if !defined[value] {
                *data = UNUSED;
            }
        }
        while self
            .values
            .last()
            .is_some_and(|d| d.def == ValueDef::Unused)
        {
            self.values.pop();
        }
        while !blocks.is_empty() && !in_layout[blocks.len() - 1] {
            blocks.pop();
        }
        self.insts = insts;
        self.blocks = blocks;
    }
}
