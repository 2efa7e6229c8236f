//! Generated code with no IR body: type descriptors and their drop glue,
//! the program entry `seen_main`, and stand-ins for imports the JIT cannot
//! resolve.
//!
//! A descriptor is the runtime's `SeenType` (docs/runtime.md section 3):
//! name, size with the header, drop glue, flags. The drop glue of an object
//! runs its deinit, then releases every `ref` and weak-releases every
//! `weak` of its fields in declaration order, looking inside structs and
//! into the active variant of enums (docs/ir.md section 3); an array's
//! glue does the same for each element in order. It never frees the object:
//! `seen_drop_object` does.

use super::func::{FnCx, define_synthetic};
use super::memory::{ARRAY_DATA_OFFSET, ARRAY_LEN_OFFSET, HEADER, heap_flags};
use super::{ENTRY_SYMBOL, Lowering};
use crate::error::CodegenError;
use cranelift_codegen::ir::{
    AbiParam, BlockArg, InstBuilder, Value as ClValue, condcodes::IntCC as ClIntCC, types as cl,
};
use cranelift_module::{DataDescription, DataId, FuncId as ClFuncId, Module as ClModule};
use seen_ir::{OBJECT_HEADER_SIZE, Type, TypeId, TypeKind};

/// `SEEN_TYPE_ARRAY`.
const TYPE_ARRAY: u32 = 1;

impl<M: ClModule> Lowering<'_, M> {
    /// The signature of a drop glue function: `(ptr) -> void`.
    pub(super) fn glue_signature(&self) -> cranelift_codegen::ir::Signature {
        let mut sig = self.module.make_signature();
        sig.params.push(AbiParam::new(cl::I64));
        sig
    }

    /// Whether an object type needs drop glue (a deinit or counted fields).
    pub(super) fn object_needs_glue(&self, ty: TypeId) -> bool {
        match self.ir.get_type_decl(ty).map(|d| &d.kind) {
            Some(TypeKind::Object { fields, deinit }) => {
                deinit.is_some() || fields.iter().any(|f| self.leaves.has_refs(*f))
            }
            _ => false,
        }
    }

    /// Writes a descriptor: name, size, drop glue, flags.
    fn write_descriptor(
        &mut self,
        desc_id: DataId,
        name: &str,
        size: u64,
        glue: Option<ClFuncId>,
        flags: u32,
    ) -> Result<(), CodegenError> {
        let name_id = self.message_data(&format!("{name}\0"))?;
        let mut image = vec![0u8; 32];
        image[8..16].copy_from_slice(&size.to_le_bytes());
        image[24..28].copy_from_slice(&flags.to_le_bytes());
        let mut desc = DataDescription::new();
        desc.define(image.into_boxed_slice());
        desc.set_align(8);
        let gv = self.module.declare_data_in_data(name_id, &mut desc);
        desc.write_data_addr(0, gv, 0);
        if let Some(g) = glue {
            let fref = self.module.declare_func_in_data(g, &mut desc);
            desc.write_function_addr(16, fref);
        }
        self.module
            .define_data(desc_id, &desc)
            .map_err(|e| CodegenError::backend(name, e))
    }

    /// Defines the descriptor (and drop glue) of object type `ty`.
    pub(super) fn define_object_descriptor(
        &mut self,
        ty: TypeId,
        desc: DataId,
    ) -> Result<(), CodegenError> {
        let ir = self.ir;
        let Some(decl) = ir.get_type_decl(ty) else {
            return Err(CodegenError::backend("a descriptor", "unknown type"));
        };
        let name = decl.name.clone().unwrap_or_else(|| "object".into());
        let TypeKind::Object { fields, deinit } = &decl.kind else {
            return Err(CodegenError::backend(&name, "not an object type"));
        };
        let offsets = ir.field_offsets(ty).unwrap_or_default();
        let end = fields
            .iter()
            .zip(&offsets)
            .map(|(f, o)| o + u64::from(self.leaves.size(*f)))
            .max()
            .unwrap_or(0);
        let size = OBJECT_HEADER_SIZE + end.div_ceil(8) * 8;
        let glue = self.object_glue.get(&ty).copied();
        if let Some(g) = glue {
            let deinit = match deinit {
                Some(f) => Some(*self.funcs.get(f.index()).ok_or_else(|| {
                    CodegenError::backend(&name, "the deinit is not a declared function")
                })?),
                None => None,
            };
            let fields = fields.clone();
            let sig = self.glue_signature();
            let glue_name = format!("drop glue of %{name}");
            define_synthetic(self, g, &glue_name, sig, |f, params| {
                let &[obj] = params else {
                    return Err(f.unsupported("drop glue takes one parameter"));
                };
                if let Some(d) = deinit {
                    let r = f.func_ref(d);
                    f.b.ins().call(r, &[obj]);
                }
                let offsets = f.cx.ir.field_offsets(ty).unwrap_or_default();
                for (fty, off) in fields.iter().zip(offsets) {
                    f.release_fields(obj, HEADER + off as i32, *fty, 0)?;
                }
                f.b.ins().return_(&[]);
                Ok(())
            })?;
        }
        self.write_descriptor(desc, &name, size, glue, 0)
    }

    /// Defines the descriptor and drop glue of arrays of `elem`.
    pub(super) fn define_array_descriptor(
        &mut self,
        elem: Type,
        desc: DataId,
        glue: ClFuncId,
    ) -> Result<(), CodegenError> {
        let sig = self.glue_signature();
        let size = self.leaves.size(elem);
        let glue_name = format!("drop glue of [{}]", self.ir.display_type(elem));
        define_synthetic(self, glue, &glue_name, sig, |f, params| {
            let &[a] = params else {
                return Err(f.unsupported("drop glue takes one parameter"));
            };
            let len = f.b.ins().load(cl::I64, heap_flags(), a, ARRAY_LEN_OFFSET);
            let head = f.b.create_block();
            let body = f.b.create_block();
            let done = f.b.create_block();
            let i = f.b.append_block_param(head, cl::I64);
            let zero = f.b.ins().iconst(cl::I64, 0);
            f.b.ins().jump(head, &[BlockArg::Value(zero)]);
            f.b.switch_to_block(head);
            let more = f.b.ins().icmp(ClIntCC::UnsignedLessThan, i, len);
            f.b.ins().brif(more, body, &[], done, &[]);
            f.b.switch_to_block(body);
            let scaled = f.b.ins().imul_imm(i, i64::from(size));
            let p = f.b.ins().iadd(a, scaled);
            f.release_fields(p, ARRAY_DATA_OFFSET, elem, 0)?;
            let next = f.b.ins().iadd_imm(i, 1);
            f.b.ins().jump(head, &[BlockArg::Value(next)]);
            f.b.switch_to_block(done);
            f.b.ins().return_(&[]);
            Ok(())
        })?;
        self.write_descriptor(desc, "Array", 0, Some(glue), TYPE_ARRAY)
    }

    /// Defines `seen_main`: `seen_set_debug(true)` in debug builds, then
    /// the IR's `main`, whose result (0 for `void`) is the exit status.
    pub(super) fn define_entry(
        &mut self,
        entry: ClFuncId,
        main: usize,
    ) -> Result<(), CodegenError> {
        let ir = self.ir;
        let ret = ir.funcs().get(main).map(|f| f.sig.ret);
        let main_id = *self
            .funcs
            .get(main)
            .ok_or_else(|| CodegenError::backend(ENTRY_SYMBOL, "`@main` is not declared"))?;
        let debug = self.debug;
        let mut sig = self.module.make_signature();
        sig.returns.push(AbiParam::new(cl::I64));
        define_synthetic(self, entry, ENTRY_SYMBOL, sig, |f, _| {
            if debug {
                let on = f.b.ins().iconst(cl::I8, 1);
                f.call_helper("seen_set_debug", &[on])?;
            }
            let r = f.func_ref(main_id);
            let call = f.b.ins().call(r, &[]);
            let results = f.b.inst_results(call).to_vec();
            let status = match (ret, results.as_slice()) {
                (Some(Type::I64), [x]) => *x,
                (Some(Type::I32), [x]) => f.b.ins().sextend(cl::I64, *x),
                _ => f.b.ins().iconst(cl::I64, 0),
            };
            f.b.ins().return_(&[status]);
            Ok(())
        })
    }

    /// Defines a stand-in for an import the JIT cannot resolve: it panics
    /// when called.
    pub(super) fn define_missing_import(
        &mut self,
        index: usize,
        symbol: &str,
    ) -> Result<(), CodegenError> {
        let ir = self.ir;
        let Some(decl) = ir.funcs().get(index) else {
            return Err(CodegenError::backend(symbol, "function index out of range"));
        };
        let sig = self.signature(&decl.sig);
        let Some(&id) = self.funcs.get(index) else {
            return Err(CodegenError::backend(symbol, "the import is not declared"));
        };
        let message = format!("the imported function `{symbol}` is not available in the JIT");
        define_synthetic(self, id, &decl.name, sig, |f, _| {
            f.trap_message(&message, None)
        })
    }
}

impl<M: ClModule> FnCx<'_, '_, M> {
    /// Releases the `ref`s and weak-releases the `weak`s of a value of type
    /// `ty` stored at `base + offset`, in declaration order.
    pub fn release_fields(
        &mut self,
        base: ClValue,
        offset: i32,
        ty: Type,
        depth: u32,
    ) -> Result<(), CodegenError> {
        if depth > 64 {
            return Err(self.unsupported("types nested too deeply for drop glue"));
        }
        match ty {
            Type::Ref => {
                let r = self.b.ins().load(cl::I64, heap_flags(), base, offset);
                self.call_helper("seen_release", &[r])?;
            }
            Type::Weak => {
                let w = self.b.ins().load(cl::I64, heap_flags(), base, offset);
                self.call_helper("seen_weak_release", &[w])?;
            }
            Type::Aggregate(id) if self.cx.leaves.has_refs(ty) => {
                let ir = self.cx.ir;
                match ir.get_type_decl(id).map(|d| &d.kind) {
                    Some(TypeKind::Struct { fields }) => {
                        let offsets = ir.field_offsets(id).unwrap_or_default();
                        for (f, o) in fields.iter().zip(offsets) {
                            self.release_fields(base, offset + o as i32, *f, depth + 1)?;
                        }
                    }
                    Some(TypeKind::Enum { variants }) => {
                        self.release_variant_fields(base, offset, id, variants, depth)?;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The enum case of [`Self::release_fields`]: the fields of the
    /// active variant, found by comparing the tag with each variant that
    /// holds references.
    fn release_variant_fields(
        &mut self,
        base: ClValue,
        offset: i32,
        id: TypeId,
        variants: &[seen_ir::Variant],
        depth: u32,
    ) -> Result<(), CodegenError> {
        let offsets = self.cx.ir.variant_offsets(id).unwrap_or_default();
        let tag = self.b.ins().load(cl::I32, heap_flags(), base, offset);
        let done = self.b.create_block();
        for (k, (v, offs)) in variants.iter().zip(offsets).enumerate() {
            if !v.fields.iter().any(|f| self.cx.leaves.has_refs(*f)) {
                continue;
            }
            let this = self.b.create_block();
            let next = self.b.create_block();
            let is = self.b.ins().icmp_imm(ClIntCC::Equal, tag, k as i64);
            self.b.ins().brif(is, this, &[], next, &[]);
            self.b.switch_to_block(this);
            for (f, o) in v.fields.iter().zip(offs) {
                self.release_fields(base, offset + o as i32, *f, depth + 1)?;
            }
            self.b.ins().jump(done, &[]);
            self.b.switch_to_block(next);
        }
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        Ok(())
    }
}
