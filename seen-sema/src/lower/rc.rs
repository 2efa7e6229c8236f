//! Reference counts of values: a `ref`, or a tuple, struct or enum holding
//! references (a function value's environment, a pair of strings, an
//! `Err(message)`). A value is *owned* when the lowering must release it.

use seen_ir::{Type, Value};

use super::body::{Fl, Op};

impl Fl<'_, '_, '_> {
    /// Whether values of IR type `t` hold references (an enum when some
    /// variant's payload does).
    pub fn has_refs(&self, t: Type) -> bool {
        self.type_has_refs(t, 0)
    }

    fn type_has_refs(&self, t: Type, depth: u32) -> bool {
        match t {
            Type::Ref => true,
            Type::Aggregate(id) if depth < 16 => {
                let decl = self.b.module().type_decl(id);
                if let Some(fields) = decl.fields() {
                    return fields.iter().any(|&f| self.type_has_refs(f, depth + 1));
                }
                decl.variants().is_some_and(|vs| {
                    vs.iter()
                        .any(|v| v.fields.iter().any(|&f| self.type_has_refs(f, depth + 1)))
                })
            }
            _ => false,
        }
    }

    /// Whether a value holds references.
    pub fn holds_refs(&self, v: Value) -> bool {
        self.has_refs(self.b.func().value_type(v))
    }

    /// Retains every reference a value holds.
    pub fn retain_value(&mut self, v: Value) {
        self.count_refs(v, true, 0);
    }

    /// Releases every reference a value holds.
    pub fn release_value(&mut self, v: Value) {
        self.count_refs(v, false, 0);
    }

    /// Retains (`up`) or releases the references inside `v`: a `ref`
    /// itself, the fields of a tuple or struct, the payload of an enum's
    /// variant (chosen by its tag at run time).
    fn count_refs(&mut self, v: Value, up: bool, depth: u32) {
        let t = self.b.func().value_type(v);
        match t {
            Type::Ref if up => {
                self.b.ins().retain(v);
            }
            Type::Ref => {
                self.b.ins().release(v);
            }
            Type::Aggregate(id) if depth < 16 && self.has_refs(t) => {
                let decl = self.b.module().type_decl(id).clone();
                if let Some(fields) = decl.fields() {
                    for (i, &f) in fields.iter().enumerate() {
                        if self.has_refs(f) {
                            let x = self.b.ins().extract(v, i as u32);
                            self.count_refs(x, up, depth + 1);
                        }
                    }
                } else if let Some(variants) = decl.variants() {
                    self.count_enum_refs(v, id, variants, up, depth);
                }
            }
            _ => {}
        }
    }

    /// [`Fl::count_refs`] of an enum: a test of the tag per variant whose
    /// payload holds references.
    fn count_enum_refs(
        &mut self,
        v: Value,
        id: seen_ir::TypeId,
        variants: &[seen_ir::Variant],
        up: bool,
        depth: u32,
    ) {
        let tag = self.b.ins().enum_tag(v);
        let done = self.b.create_block();
        for (i, variant) in variants.iter().enumerate() {
            if !variant.fields.iter().any(|&f| self.has_refs(f)) {
                continue;
            }
            let (yes, next) = (self.b.create_block(), self.b.create_block());
            let want = self.b.ins().iconst(Type::I32, i as i64);
            let hit = self.b.ins().icmp(seen_ir::IntCC::Eq, tag, want);
            self.b.ins().brif(hit, yes, &[], next, &[]);
            self.switch_to(yes);
            for (j, &f) in variant.fields.iter().enumerate() {
                if self.has_refs(f) {
                    let x = self.b.ins().enum_payload(id, v, i as u32, j as u32);
                    self.count_refs(x, up, depth + 1);
                }
            }
            self.b.ins().jump(done, &[]);
            self.switch_to(next);
        }
        self.b.ins().jump(done, &[]);
        self.switch_to(done);
    }

    /// An owned result of IR type `t` (a block parameter, a call result).
    pub fn owned_if_counted(&self, v: Value) -> Op {
        Op {
            v,
            owned: self.holds_refs(v),
        }
    }
}
