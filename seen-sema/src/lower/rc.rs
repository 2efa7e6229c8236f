//! Reference counts of values: a `ref`, or a tuple or struct holding
//! references (a function value's environment, a pair of strings). A
//! value is *owned* when the lowering must release it.

use seen_ir::{Type, Value};

use super::body::{Fl, Op};

impl Fl<'_, '_, '_> {
    /// The paths (field indices) of the references inside a value of IR
    /// type `t`: `[[]]` for a `ref` itself.
    pub fn ref_paths(&self, t: Type) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        self.collect_paths(t, &mut Vec::new(), &mut out, 0);
        out
    }

    fn collect_paths(&self, t: Type, at: &mut Vec<u32>, out: &mut Vec<Vec<u32>>, depth: u32) {
        match t {
            Type::Ref => out.push(at.clone()),
            Type::Aggregate(id) if depth < 16 => {
                let decl = self.b.module().type_decl(id);
                // enums hold their payload by variant: not counted here
                let Some(fields) = decl.fields() else { return };
                for (i, f) in fields.iter().copied().enumerate() {
                    at.push(i as u32);
                    self.collect_paths(f, at, out, depth + 1);
                    at.pop();
                }
            }
            _ => {}
        }
    }

    /// Whether values of IR type `t` hold references.
    pub fn has_refs(&self, t: Type) -> bool {
        !self.ref_paths(t).is_empty()
    }

    /// Whether a value holds references.
    pub fn holds_refs(&self, v: Value) -> bool {
        self.has_refs(self.b.func().value_type(v))
    }

    /// The reference at `path` inside `v`.
    fn leaf(&mut self, v: Value, path: &[u32]) -> Value {
        let mut x = v;
        for &i in path {
            x = self.b.ins().extract(x, i);
        }
        x
    }

    /// Retains every reference a value holds.
    pub fn retain_value(&mut self, v: Value) {
        let t = self.b.func().value_type(v);
        for path in self.ref_paths(t) {
            let r = self.leaf(v, &path);
            self.b.ins().retain(r);
        }
    }

    /// Releases every reference a value holds.
    pub fn release_value(&mut self, v: Value) {
        let t = self.b.func().value_type(v);
        for path in self.ref_paths(t) {
            let r = self.leaf(v, &path);
            self.b.ins().release(r);
        }
    }

    /// An owned result of IR type `t` (a block parameter, a call result).
    pub fn owned_if_counted(&self, v: Value) -> Op {
        Op {
            v,
            owned: self.holds_refs(v),
        }
    }
}
