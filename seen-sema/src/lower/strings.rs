//! `toString()` of every type: numbers through the runtime, `null` as
//! `"null"`, a class's own `toString()`, data classes as
//! `Name(a=1, b=2)` (generated), and other objects by their class name.

use seen_ir::Type;
use seen_syntax::{Span, ast};

use super::body::{Fl, Op};
use super::calls::Site;
use crate::ty::{Ty, TyKind};

/// The member every value has that gives its text.
const TO_STRING: &str = "toString";

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// `toString()` of a value of a type that is not a number, `Boolean`,
    /// `Char` or `String`.
    pub fn object_to_string(&mut self, op: Op, ty: Ty, span: Span) -> Option<Op> {
        match self.cx.s.types.kind(ty).clone() {
            TyKind::Nullable(inner) => self.nullable_to_string(op, inner, span),
            TyKind::Adt(class, _) => {
                let own = self.member_fun(ty, TO_STRING).filter(|&f| {
                    matches!(self.cx.s.def(f).item().map(|i| &i.kind),
                        Some(ast::ItemKind::Fun(fd)) if fd.body.is_some())
                });
                if let Some(f) = own {
                    let mut site = Site::synthetic(span);
                    site.ret = self
                        .cx
                        .s
                        .lang("String")
                        .map(|s| self.cx.s.types.adt(s, &[]));
                    return self.call_method(&site, f, Some((op, ty)), &[]);
                }
                if self.cx.s.def(class).has(ast::ModifierKind::Data) {
                    return self.data_to_string(op, ty, class, span);
                }
                let name = self.cx.s.def(class).name.to_string();
                Some(Op::scalar(self.b.ins().strconst(name.as_bytes())))
            }
            TyKind::Unit => Some(Op::scalar(self.b.ins().strconst(b"kotlin.Unit"))),
            _ => {
                let shown = self.cx.s.show(ty);
                self.unsupported(span, format!("`toString()` of a `{shown}`"))
            }
        }
    }

    /// `"null"`, or the present value's text.
    fn nullable_to_string(&mut self, op: Op, inner: Ty, span: Span) -> Option<Op> {
        let present = self.is_present(op.v);
        let (yes, no, merge) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let out = self.b.append_block_param(merge, Type::Ref);
        self.b.ins().brif(present, yes, &[], no, &[]);
        self.switch_to(yes);
        let v = self.unwrap_present(Op {
            v: op.v,
            owned: false,
        });
        let s = self.text_of(v, inner, span);
        // the text is owned here even when it is the value itself
        let s = s.map(|s| if s.v == v.v { self.retained(s) } else { s });
        self.merge_value(s, Some(Type::Ref), merge, span);
        self.switch_to(no);
        let null = Op::scalar(self.b.ins().strconst(b"null"));
        self.merge_value(Some(null), Some(Type::Ref), merge, span);
        self.switch_to(merge);
        Some(Op {
            v: out,
            owned: true,
        })
    }

    /// A data class's generated `toString()`: `Point(x=1, y=2)`.
    fn data_to_string(&mut self, op: Op, ty: Ty, class: crate::DefId, span: Span) -> Option<Op> {
        let name = self.cx.s.def(class).name.to_string();
        let props = self.cx.s.component_properties(class);
        let mut parts = vec![Op::scalar(
            self.b.ins().strconst(format!("{name}(").as_bytes()),
        )];
        let (class_args, params) = match self.cx.s.class_of(ty) {
            Some((_, args)) => (args, self.cx.s.def(class).type_params.to_vec()),
            None => (Vec::new(), Vec::new()),
        };
        let map = self.cx.s.subst_map(&params, &class_args);
        for (i, p) in props.iter().enumerate() {
            let sep = if i == 0 {
                String::new()
            } else {
                ", ".to_string()
            };
            let label = format!("{sep}{}=", self.cx.s.def(*p).name);
            parts.push(Op::scalar(self.b.ins().strconst(label.as_bytes())));
            let pt = self.cx.s.property_type(*p);
            let pt = self.cx.s.types.subst(pt, &map);
            let v = self.read_property(*p, Op::scalar(op.v), ty, span)?;
            let s = self.text_of(v, pt, span)?;
            let s = if s.v == v.v { self.retained(s) } else { s };
            self.drop_op(Some(v));
            parts.push(s);
        }
        parts.push(Op::scalar(self.b.ins().strconst(b")")));
        self.concat_parts(parts)
    }

    /// One string of several (owned parts are released).
    pub fn concat_parts(&mut self, parts: Vec<Op>) -> Option<Op> {
        let n = parts.len();
        if n == 1 {
            return Some(parts[0]);
        }
        let slot = self.b.create_stack_slot(8 * n as u32, 8);
        let base = self.b.ins().stack_addr(slot);
        for (i, p) in parts.iter().enumerate() {
            self.b.ins().store(p.v, base, 8 * i as i32);
        }
        let count = self.b.ins().iconst(Type::I64, n as i64);
        let r = self.runtime_call("seen_str_concat_n", &[base, count])?;
        for p in parts {
            self.drop_op(Some(p));
        }
        Some(Op { v: r, owned: true })
    }
}
