//! Memory: globals, data, static strings, stack slots, heap objects,
//! arrays, reference counts, weak references and raw loads and stores.
//!
//! Every value is read and written leaf by leaf at its layout's offsets
//! (`leaves.rs`). Objects have the runtime's 16-byte header (docs/runtime.md
//! section 3: strong count at 0, weak count at 4, descriptor at 8), fields
//! from offset 16; arrays have their length at 16 and elements from 32.
//! `retain` and `release` are inlined with the runtime's fast paths; the
//! drop itself is the runtime's `seen_drop_object`, which calls the drop
//! glue of the descriptor (`glue.rs`).

use super::func::{FnCx, Vals};
use crate::error::CodegenError;
use crate::leaves::{Leaf, LeafKind, int_of_bytes};
use cranelift_codegen::ir::{
    InstBuilder, MemFlags, Value as ClValue, condcodes::IntCC as ClIntCC, types as cl,
};
use cranelift_module::Module as ClModule;
use seen_ir::{InstData, LocId, OBJECT_HEADER_SIZE, Opcode, Type, TypeId, Value};

/// Offset of an array's length.
pub(crate) const ARRAY_LEN_OFFSET: i32 = 16;
/// Where an object's type descriptor pointer is (docs/runtime.md section 3).
pub(crate) const TYPE_OFFSET: i32 = 8;
/// Offset of an array's first element (`SEEN_ARRAY_DATA_OFFSET`).
pub(crate) const ARRAY_DATA_OFFSET: i32 = 32;
/// Offset of an object's first field.
pub(crate) const HEADER: i32 = OBJECT_HEADER_SIZE as i32;

/// Flags for memory the code generator lays out itself (aligned).
pub(crate) fn heap_flags() -> MemFlags {
    MemFlags::new().with_aligned()
}

impl<M: ClModule> FnCx<'_, '_, M> {
    /// Reads a value of the given leaves at `base + offset`.
    pub fn load_leaves(
        &mut self,
        leaves: &[Leaf],
        base: ClValue,
        offset: i32,
        flags: MemFlags,
    ) -> Vals {
        leaves
            .iter()
            .map(|l| {
                let at = offset + l.offset as i32;
                match l.kind {
                    LeafKind::VectorPart { bytes } if bytes < 16 => {
                        let int = self.b.ins().load(int_of_bytes(bytes), flags, base, at);
                        self.int_to_vector(int, l.ty)
                    }
                    _ => self.b.ins().load(l.ty, flags, base, at),
                }
            })
            .collect()
    }

    /// Writes a value of the given leaves at `base + offset`.
    pub fn store_leaves(
        &mut self,
        leaves: &[Leaf],
        vals: &[ClValue],
        base: ClValue,
        offset: i32,
        flags: MemFlags,
    ) -> Result<(), CodegenError> {
        if leaves.len() != vals.len() {
            return Err(self.unsupported("a value with the wrong number of leaves"));
        }
        for (l, &x) in leaves.iter().zip(vals) {
            let at = offset + l.offset as i32;
            let x = match l.kind {
                LeafKind::VectorPart { bytes } if bytes < 16 => self.vector_low_int(x, bytes),
                _ => x,
            };
            self.b.ins().store(flags, x, base, at);
        }
        Ok(())
    }

    /// Addresses and globals: `func_addr`, `global_addr`, `global_get`,
    /// `global_set`, `data_addr`, `sconst`, `strconst`, `stack_addr`.
    pub fn entity(&mut self, data: &InstData) -> Result<Vals, CodegenError> {
        Ok(match data {
            InstData::FuncAddr { func } => {
                let id = self.cl_func(*func)?;
                let r = self.func_ref(id);
                vec![self.b.ins().func_addr(cl::I64, r)]
            }
            InstData::Global { op, global } => {
                let (id, ty) = self.global(*global)?;
                let addr = self.data_addr(id);
                if *op == Opcode::GlobalAddr {
                    return Ok(vec![addr]);
                }
                let leaves = self.leaves(ty);
                self.load_leaves(&leaves, addr, 0, heap_flags())
            }
            InstData::GlobalSet { global, arg } => {
                let (id, ty) = self.global(*global)?;
                let addr = self.data_addr(id);
                let leaves = self.leaves(ty);
                let xs = self.arg(*arg)?;
                self.store_leaves(&leaves, &xs, addr, 0, heap_flags())?;
                Vec::new()
            }
            InstData::DataAddr { data } => {
                let Some(&id) = self.cx.datas.get(data.index()) else {
                    return Err(self.unsupported(format!("{data} is not declared")));
                };
                vec![self.data_addr(id)]
            }
            InstData::StringConst { bytes } => {
                let id = self.cx.string_object(bytes)?;
                vec![self.data_addr(id)]
            }
            InstData::StrConst { bytes } => {
                let id = self.cx.string_literal(bytes)?;
                vec![self.data_addr(id)]
            }
            InstData::TypeDesc { ty: Some(ty) } => {
                let Some(&desc) = self.cx.descs.get(ty) else {
                    return Err(self.unsupported(format!("{ty} is not an object type")));
                };
                vec![self.data_addr(desc)]
            }
            InstData::TypeDesc { ty: None } => {
                let id = self.cx.data_symbol("seen_type_String")?;
                vec![self.data_addr(id)]
            }
            InstData::StackAddr { slot } => {
                let s = self.slot(*slot)?;
                vec![self.b.ins().stack_addr(cl::I64, s, 0)]
            }
            _ => return Err(self.unsupported("not an address instruction")),
        })
    }

    /// The Cranelift function of an IR function.
    pub fn cl_func(&self, f: seen_ir::FuncId) -> Result<cranelift_module::FuncId, CodegenError> {
        self.cx
            .funcs
            .get(f.index())
            .copied()
            .ok_or_else(|| self.unsupported(format!("{f} is not declared")))
    }

    fn global(
        &self,
        g: seen_ir::GlobalId,
    ) -> Result<(cranelift_module::DataId, Type), CodegenError> {
        let ir = self.cx.ir;
        match (self.cx.globals.get(g.index()), ir.get_global(g)) {
            (Some(&id), Some(decl)) => Ok((id, decl.ty)),
            _ => Err(self.unsupported(format!("{g} is not declared"))),
        }
    }

    /// `alloc`, `field_get`, `field_set`.
    pub fn object(&mut self, data: &InstData) -> Result<Vals, CodegenError> {
        match data {
            InstData::Alloc { ty } => {
                let Some(&desc) = self.cx.descs.get(ty) else {
                    return Err(self.unsupported(format!("{ty} is not an object type")));
                };
                let d = self.data_addr(desc);
                self.call_helper("seen_alloc", &[d])
            }
            InstData::FieldGet { ty, arg, field } => {
                let (offset, fty) = self.field_place(*ty, *field)?;
                let r = self.one(*arg)?;
                let leaves = self.leaves(fty);
                Ok(self.load_leaves(&leaves, r, offset, heap_flags()))
            }
            InstData::FieldSet { ty, args, field } => {
                let (offset, fty) = self.field_place(*ty, *field)?;
                let r = self.one(args[0])?;
                let xs = self.arg(args[1])?;
                let leaves = self.leaves(fty);
                self.store_leaves(&leaves, &xs, r, offset, heap_flags())?;
                Ok(Vec::new())
            }
            _ => Err(self.unsupported("not an object instruction")),
        }
    }

    /// The offset (from the object's start) and type of an object's field.
    fn field_place(&self, ty: TypeId, field: u32) -> Result<(i32, Type), CodegenError> {
        let ir = self.cx.ir;
        let fty = ir
            .get_type_decl(ty)
            .and_then(|d| d.fields())
            .and_then(|fs| fs.get(field as usize).copied());
        let off = ir
            .field_offsets(ty)
            .and_then(|o| o.get(field as usize).copied());
        match (fty, off) {
            (Some(t), Some(o)) => Ok((HEADER + o as i32, t)),
            _ => Err(self.unsupported(format!("field {field} of {ty} does not exist"))),
        }
    }

    /// Counting and weak-reference instructions, `is_null`, `array_len`.
    pub fn counted(&mut self, op: Opcode, arg: Value) -> Result<Vals, CodegenError> {
        let r = self.one(arg)?;
        Ok(match op {
            Opcode::Retain => {
                self.retain_inline(r);
                Vec::new()
            }
            Opcode::Release => {
                self.release_inline(r)?;
                Vec::new()
            }
            Opcode::IsNull => vec![self.b.ins().icmp_imm(ClIntCC::Equal, r, 0)],
            Opcode::TypeOf => vec![self.b.ins().load(cl::I64, heap_flags(), r, TYPE_OFFSET)],
            Opcode::WeakNew => self.call_helper("seen_weak_new", &[r])?,
            Opcode::WeakLoad => self.call_helper("seen_weak_load", &[r])?,
            Opcode::WeakRetain => self.call_helper("seen_weak_retain", &[r])?,
            Opcode::WeakRelease => self.call_helper("seen_weak_release", &[r])?,
            Opcode::ArrayLen => vec![self.array_length(arg)?],
            _ => return Err(self.unsupported("not a counting instruction")),
        })
    }

    /// `if (o && o->strong != IMMORTAL) o->strong += 1;`
    pub fn retain_inline(&mut self, r: ClValue) {
        let check = self.b.create_block();
        let inc = self.b.create_block();
        let done = self.b.create_block();
        self.b.ins().brif(r, check, &[], done, &[]);
        self.b.switch_to_block(check);
        let s = self.b.ins().load(cl::I32, heap_flags(), r, 0);
        let immortal = self.b.ins().icmp_imm(ClIntCC::Equal, s, 0xffff_ffff);
        self.b.ins().brif(immortal, done, &[], inc, &[]);
        self.b.switch_to_block(inc);
        let s1 = self.b.ins().iadd_imm(s, 1);
        self.b.ins().store(heap_flags(), s1, r, 0);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }

    /// `if (o && o->strong != IMMORTAL && --o->strong == 0) seen_drop_object(o);`
    pub fn release_inline(&mut self, r: ClValue) -> Result<(), CodegenError> {
        let check = self.b.create_block();
        let dec = self.b.create_block();
        let drop = self.b.create_block();
        let done = self.b.create_block();
        self.b.set_cold_block(drop);
        self.b.ins().brif(r, check, &[], done, &[]);
        self.b.switch_to_block(check);
        let s = self.b.ins().load(cl::I32, heap_flags(), r, 0);
        let immortal = self.b.ins().icmp_imm(ClIntCC::Equal, s, 0xffff_ffff);
        self.b.ins().brif(immortal, done, &[], dec, &[]);
        self.b.switch_to_block(dec);
        let s1 = self.b.ins().iadd_imm(s, -1);
        self.b.ins().store(heap_flags(), s1, r, 0);
        self.b.ins().brif(s1, done, &[], drop, &[]);
        self.b.switch_to_block(drop);
        self.call_helper("seen_drop_object", &[r])?;
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        Ok(())
    }

    /// `array_new`, `array_get[_unchecked]`, `array_set[_unchecked]`.
    pub fn array(&mut self, data: &InstData) -> Result<Vals, CodegenError> {
        match data {
            InstData::ArrayNew { elem, arg, loc } => self.array_new(*elem, *arg, *loc),
            InstData::ArrayGet {
                op,
                elem,
                args,
                loc,
            } => {
                let i = self.one(args[1])?;
                let addr = self.element(args[0], i, *elem, *op == Opcode::ArrayGet, *loc)?;
                let leaves = self.leaves(*elem);
                Ok(self.load_leaves(&leaves, addr, ARRAY_DATA_OFFSET, heap_flags()))
            }
            InstData::ArraySet {
                op,
                elem,
                args,
                loc,
            } => {
                let i = self.one(args[1])?;
                let xs = self.arg(args[2])?;
                let addr = self.element(args[0], i, *elem, *op == Opcode::ArraySet, *loc)?;
                let leaves = self.leaves(*elem);
                self.store_leaves(&leaves, &xs, addr, ARRAY_DATA_OFFSET, heap_flags())?;
                Ok(Vec::new())
            }
            _ => Err(self.unsupported("not an array instruction")),
        }
    }

    fn array_new(
        &mut self,
        elem: Type,
        arg: Value,
        loc: Option<LocId>,
    ) -> Result<Vals, CodegenError> {
        let n = self.one(arg)?;
        let negative = self.b.ins().icmp_imm(ClIntCC::SignedLessThan, n, 0);
        self.trap_if(negative, |f| {
            f.panic_at("seen_panic_negative_length", &[n], loc)
        })?;
        let desc = if self.cx.leaves.has_refs(elem) {
            let Some(&d) = self.cx.array_descs.get(&elem) else {
                return Err(self.unsupported("an array type without a descriptor"));
            };
            self.data_addr(d)
        } else {
            self.b.ins().iconst(cl::I64, 0)
        };
        let size = self.cx.leaves.size(elem);
        let size = self.b.ins().iconst(cl::I64, i64::from(size));
        self.call_helper("seen_array_new", &[desc, size, n])
    }

    /// The address of element `i` minus the data offset, after the bounds
    /// check when `checked`.
    fn element(
        &mut self,
        arr: Value,
        i: ClValue,
        elem: Type,
        checked: bool,
        loc: Option<LocId>,
    ) -> Result<ClValue, CodegenError> {
        let a = self.one(arr)?;
        if checked {
            let len = self.array_length(arr)?;
            let out = self
                .b
                .ins()
                .icmp(ClIntCC::UnsignedGreaterThanOrEqual, i, len);
            self.trap_if(out, |f| f.panic_at("seen_panic_index", &[i, len], loc))?;
        }
        let size = self.cx.leaves.size(elem);
        let scaled = self.b.ins().imul_imm(i, i64::from(size));
        Ok(self.b.ins().iadd(a, scaled))
    }

    /// `load.T p, offset`.
    pub fn load(&mut self, ty: Type, arg: Value, offset: i32) -> Result<Vals, CodegenError> {
        let p = self.one(arg)?;
        let leaves = self.leaves(ty);
        Ok(self.load_leaves(&leaves, p, offset, MemFlags::new()))
    }

    /// `store x, p, offset`.
    pub fn store(&mut self, args: [Value; 2], offset: i32) -> Result<Vals, CodegenError> {
        let ty = self.value_type(args[0])?;
        let xs = self.arg(args[0])?;
        let p = self.one(args[1])?;
        let leaves = self.leaves(ty);
        self.store_leaves(&leaves, &xs, p, offset, MemFlags::new())?;
        Ok(Vec::new())
    }
}
