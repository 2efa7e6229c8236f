//! Globals, read-only data items and static string objects.
//!
//! A global is writable data holding its value's memory image (docs/ir.md
//! section 2's layout) with relocations for function and data addresses;
//! a data item is read-only bytes or a table of function addresses; an
//! `sconst` is an immortal array object in the runtime's layout
//! (docs/runtime.md section 4) and a `strconst` an immortal string
//! (section 5).

use super::Lowering;
use crate::error::CodegenError;
use cranelift_module::{DataDescription, DataId, Linkage as ClLinkage, Module as ClModule};
use seen_ir::{Const, DataKind, FuncId, Type, TypeKind};

/// Strong count of an immortal object.
const IMMORTAL: u32 = u32::MAX;

/// Defines anonymous read-only bytes.
pub(crate) fn define_bytes<M: ClModule>(
    module: &mut M,
    bytes: Vec<u8>,
    align: u64,
    what: &str,
) -> Result<DataId, CodegenError> {
    let id = module
        .declare_anonymous_data(false, false)
        .map_err(|e| CodegenError::backend(what, e))?;
    let mut desc = DataDescription::new();
    desc.define(bytes.into_boxed_slice());
    desc.set_align(align);
    module
        .define_data(id, &desc)
        .map_err(|e| CodegenError::backend(what, e))?;
    Ok(id)
}

/// A relocation inside a global's image.
enum Reloc {
    Func(FuncId),
    Data(seen_ir::DataId),
}

impl<M: ClModule> Lowering<'_, M> {
    pub(super) fn declare_data(&mut self) -> Result<(), CodegenError> {
        let ir = self.ir;
        for g in ir.globals() {
            let name = self.local_name(&g.name);
            let id = self
                .module
                .declare_data(&name, ClLinkage::Local, true, false)
                .map_err(|e| CodegenError::backend(&g.name, e))?;
            self.globals.push(id);
        }
        for d in ir.data_items() {
            let name = self.local_name(&d.name);
            let id = self
                .module
                .declare_data(&name, ClLinkage::Local, false, false)
                .map_err(|e| CodegenError::backend(&d.name, e))?;
            self.datas.push(id);
        }
        Ok(())
    }

    pub(super) fn define_data(&mut self) -> Result<(), CodegenError> {
        let ir = self.ir;
        for (i, g) in ir.globals().iter().enumerate() {
            let size = self.leaves.size(g.ty) as usize;
            let mut bytes = vec![0u8; size.max(1)];
            let mut relocs = Vec::new();
            write_const(self.ir, g.ty, &g.init, 0, &mut bytes, &mut relocs);
            let mut desc = DataDescription::new();
            desc.define(bytes.into_boxed_slice());
            desc.set_align(u64::from(self.leaves.align(g.ty)).max(8));
            self.add_relocs(&mut desc, relocs);
            self.module
                .define_data(self.globals[i], &desc)
                .map_err(|e| CodegenError::backend(&g.name, e))?;
        }
        for (i, d) in ir.data_items().iter().enumerate() {
            let mut desc = DataDescription::new();
            match &d.kind {
                DataKind::Bytes(b) => desc.define(b.clone().into_boxed_slice()),
                DataKind::Funcs(fs) => {
                    desc.define(vec![0u8; fs.len() * 8].into_boxed_slice());
                    let relocs = fs
                        .iter()
                        .enumerate()
                        .map(|(k, f)| (k * 8, Reloc::Func(*f)))
                        .collect();
                    self.add_relocs(&mut desc, relocs);
                }
            }
            desc.set_align(16);
            self.module
                .define_data(self.datas[i], &desc)
                .map_err(|e| CodegenError::backend(&d.name, e))?;
        }
        Ok(())
    }

    fn add_relocs(&mut self, desc: &mut DataDescription, relocs: Vec<(usize, Reloc)>) {
        for (off, r) in relocs {
            match r {
                Reloc::Func(f) => {
                    if let Some(&id) = self.funcs.get(f.index()) {
                        let fref = self.module.declare_func_in_data(id, desc);
                        desc.write_function_addr(off as u32, fref);
                    }
                }
                Reloc::Data(d) => {
                    if let Some(&id) = self.datas.get(d.index()) {
                        let gv = self.module.declare_data_in_data(id, desc);
                        desc.write_data_addr(off as u32, gv, 0);
                    }
                }
            }
        }
    }

    /// A static immortal `i8` array holding `bytes` (an `sconst`).
    pub(crate) fn string_object(&mut self, bytes: &[u8]) -> Result<DataId, CodegenError> {
        let what = "a string constant";
        let id = self
            .module
            .declare_anonymous_data(false, false)
            .map_err(|e| CodegenError::backend(what, e))?;
        let mut image = Vec::with_capacity(33 + bytes.len());
        image.extend_from_slice(&IMMORTAL.to_le_bytes());
        image.extend_from_slice(&0u32.to_le_bytes());
        image.extend_from_slice(&0u64.to_le_bytes());
        image.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        image.extend_from_slice(&1u64.to_le_bytes());
        image.extend_from_slice(bytes);
        image.push(0);
        let mut desc = DataDescription::new();
        desc.define(image.into_boxed_slice());
        desc.set_align(16);
        let array = self.data_symbol("seen_type_array")?;
        let gv = self.module.declare_data_in_data(array, &mut desc);
        desc.write_data_addr(8, gv, 0);
        self.module
            .define_data(id, &desc)
            .map_err(|e| CodegenError::backend(what, e))?;
        Ok(id)
    }
}

impl<M: ClModule> Lowering<'_, M> {
    /// A static immortal `String` holding the UTF-8 `bytes` (a `strconst`).
    pub(crate) fn string_literal(&mut self, bytes: &[u8]) -> Result<DataId, CodegenError> {
        let what = "a string literal";
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(CodegenError::backend(what, "the bytes are not valid UTF-8"));
        };
        let id = self
            .module
            .declare_anonymous_data(false, false)
            .map_err(|e| CodegenError::backend(what, e))?;
        let ascii = u32::from(text.is_ascii());
        let mut image = Vec::with_capacity(41 + bytes.len());
        image.extend_from_slice(&IMMORTAL.to_le_bytes());
        image.extend_from_slice(&0u32.to_le_bytes());
        image.extend_from_slice(&0u64.to_le_bytes());
        image.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        image.extend_from_slice(&(text.chars().count() as u64).to_le_bytes());
        image.extend_from_slice(&ascii.to_le_bytes());
        image.extend_from_slice(&0u32.to_le_bytes());
        image.extend_from_slice(bytes);
        image.push(0);
        let mut desc = DataDescription::new();
        desc.define(image.into_boxed_slice());
        desc.set_align(16);
        let string = self.data_symbol("seen_type_String")?;
        let gv = self.module.declare_data_in_data(string, &mut desc);
        desc.write_data_addr(8, gv, 0);
        self.module
            .define_data(id, &desc)
            .map_err(|e| CodegenError::backend(what, e))?;
        Ok(id)
    }
}

/// Writes the memory image of a constant of type `ty` at `at`.
fn write_const(
    m: &seen_ir::Module,
    ty: Type,
    c: &Const,
    at: usize,
    out: &mut [u8],
    relocs: &mut Vec<(usize, Reloc)>,
) {
    let mut put = |bytes: &[u8]| {
        if let Some(dst) = out.get_mut(at..at + bytes.len()) {
            dst.copy_from_slice(bytes);
        }
    };
    match c {
        Const::Zero | Const::Null => {}
        Const::Int(v) => match ty {
            Type::Bool | Type::I8 => put(&(*v as i8).to_le_bytes()),
            Type::I16 => put(&(*v as i16).to_le_bytes()),
            Type::I32 => put(&(*v as i32).to_le_bytes()),
            _ => put(&v.to_le_bytes()),
        },
        Const::Float(bits) => match ty {
            Type::F32 => put(&(*bits as u32).to_le_bytes()),
            _ => put(&bits.to_le_bytes()),
        },
        Const::Bool(b) => put(&[u8::from(*b)]),
        Const::FuncAddr(f) => relocs.push((at, Reloc::Func(*f))),
        Const::DataAddr(d) => relocs.push((at, Reloc::Data(*d))),
        Const::Aggregate(fields) => write_fields(m, ty, fields, at, out, relocs),
        Const::Variant { variant, fields } => {
            write_variant(m, ty, *variant, fields, at, out, relocs)
        }
    }
}

/// The fields of a struct constant.
fn write_fields(
    m: &seen_ir::Module,
    ty: Type,
    fields: &[Const],
    at: usize,
    out: &mut [u8],
    relocs: &mut Vec<(usize, Reloc)>,
) {
    let Type::Aggregate(id) = ty else { return };
    let (Some(decl), Some(offsets)) = (m.get_type_decl(id), m.field_offsets(id)) else {
        return;
    };
    if let TypeKind::Struct { fields: tys } = &decl.kind {
        for ((f, t), off) in fields.iter().zip(tys).zip(offsets) {
            write_const(m, *t, f, at + off as usize, out, relocs);
        }
    }
}

/// The tag and payload of an enum constant.
fn write_variant(
    m: &seen_ir::Module,
    ty: Type,
    variant: u32,
    fields: &[Const],
    at: usize,
    out: &mut [u8],
    relocs: &mut Vec<(usize, Reloc)>,
) {
    let Type::Aggregate(id) = ty else { return };
    let Some(variants) = m.get_type_decl(id).and_then(|d| d.variants()) else {
        return;
    };
    if let Some(dst) = out.get_mut(at..at + 4) {
        dst.copy_from_slice(&variant.to_le_bytes());
    }
    let offsets = m.variant_offsets(id).unwrap_or_default();
    let (Some(v), Some(offs)) = (
        variants.get(variant as usize),
        offsets.get(variant as usize),
    ) else {
        return;
    };
    for ((f, t), off) in fields.iter().zip(&v.fields).zip(offs) {
        write_const(m, *t, f, at + *off as usize, out, relocs);
    }
}
