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

/// The member that decides `==`.
const EQUALS: &str = "equals";

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// `toString()` of a value of a type that is not a number, `Boolean`,
    /// `Char` or `String`.
    pub fn object_to_string(&mut self, op: Op, ty: Ty, span: Span) -> Option<Op> {
        if self.is_builder(ty) {
            // a `StringBuilder`'s text
            let s = self.runtime_call("seen_sb_to_string", &[op.v])?;
            return Some(Op { v: s, owned: true });
        }
        match self.cx.s.types.kind(ty).clone() {
            TyKind::Nullable(inner) => self.nullable_to_string(op, inner, span),
            TyKind::Adt(_, _) if self.cx.is_enum(ty) && !self.has_own_to_string(ty) => {
                let s = self.enum_member(TO_STRING, op, ty, &[], span)??;
                Some(self.owned(s))
            }
            TyKind::Adt(..) if !self.cx.is_concrete(ty) && !self.exact => {
                self.dynamic_to_string(op, ty, span)
            }
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
                if self.cx.s.def(class).has(ast::ModifierKind::Data) || self.cx.is_struct(ty) {
                    return self.data_to_string(op, ty, class, span);
                }
                let name = self.cx.s.def(class).name.to_string();
                let name = self.b.ins().strconst(name.as_bytes());
                if self.b.func().value_type(op.v) != Type::Ref {
                    return Some(Op::scalar(name));
                }
                // `Name@1b6d3586`
                let v = self.runtime_call("seen_str_identity", &[name, op.v])?;
                Some(Op { v, owned: true })
            }
            TyKind::Unit => Some(Op::scalar(self.b.ins().strconst(b"kotlin.Unit"))),
            // only `null` has a type below every nullable one
            TyKind::Nothing => Some(Op::scalar(self.b.ins().strconst(b"null"))),
            TyKind::Tuple(_) => self.tuple_to_string(op, ty, span),
            TyKind::Any => self.dynamic_to_string(op, ty, span),
            _ => {
                let shown = self.cx.s.show(ty);
                self.unsupported(span, format!("`toString()` of a `{shown}`"))
            }
        }
    }

    /// Whether a type declares its own `toString()` with a body.
    fn has_own_to_string(&mut self, ty: Ty) -> bool {
        self.member_fun(ty, TO_STRING).is_some_and(|f| {
            matches!(self.cx.s.def(f).item().map(|i| &i.kind),
                Some(ast::ItemKind::Fun(fd)) if fd.body.is_some())
        })
    }

    /// `toString()` of a value whose type is known at run time only.
    fn dynamic_to_string(&mut self, op: Op, ty: Ty, span: Span) -> Option<Op> {
        let any = self.cx.s.lang.prim_defs.get(&Ty::ANY).copied();
        let to_string = any.and_then(|a| {
            self.cx
                .s
                .def(a)
                .members
                .get(TO_STRING)
                .and_then(|ds| ds.first().copied())
        });
        let Some(d) = to_string else {
            return self.unsupported(span, "`toString()` here");
        };
        let mut site = Site::synthetic(span);
        site.ret = self
            .cx
            .s
            .lang("String")
            .map(|s| self.cx.s.types.adt(s, &[]));
        self.dispatch_call(&site, d, (op, ty), &[])
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

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// `a == b` for values of type `ty` (a `bool`): numbers by value,
    /// strings by content, enums by entry, `null` equal only to `null`,
    /// classes by their `equals` (data classes by their properties),
    /// other objects by identity.
    pub fn equality(&mut self, a: Op, b: Op, ty: Ty, span: Span) -> Option<seen_ir::Value> {
        self.equality_in(a, b, ty, false, span)
    }

    /// [`Fl::equality`]; `total` compares floats in the total order (NaN
    /// equal to NaN, `-0.0` not equal to `0.0`), as the parts of data
    /// classes, tuples and collections and values typed `Any` or by a
    /// type parameter are.
    pub fn equality_in(
        &mut self,
        a: Op,
        b: Op,
        ty: Ty,
        total: bool,
        span: Span,
    ) -> Option<seen_ir::Value> {
        if self.cx.is_string(ty) {
            return self.runtime_call("seen_str_eq", &[a.v, b.v]);
        }
        if self.cx.is_enum(ty) {
            return Some(self.same_entry(a.v, b.v));
        }
        match self.cx.s.types.kind(ty).clone() {
            TyKind::Nullable(inner) => self.nullable_equality(a, b, inner, total, span),
            TyKind::Tuple(_) => self.tuple_equality(a, b, ty, span),
            TyKind::Float(_) if total => Some(self.total_float_eq(a.v, b.v)),
            TyKind::Int(_) | TyKind::Float(_) | TyKind::Bool | TyKind::Char => self
                .binary_values(ast::BinaryOp::Eq, ty, a, b, span)
                .map(|o| o.v),
            TyKind::Adt(..) if self.own_equals(ty).is_some() => self.user_equals(a, b, ty, span),
            TyKind::Adt(class, _) if self.cx.is_concrete(ty) => {
                if self.cx.s.def(class).has(ast::ModifierKind::Data) || self.cx.is_struct(ty) {
                    return self.data_equality(a, b, ty, class, span);
                }
                Some(self.b.ins().ref_eq(a.v, b.v))
            }
            TyKind::Adt(class, _)
                if self.cx.s.def(class).kind
                    == crate::defs::DefKind::Class(ast::ClassKind::Class)
                    && self.identity_suffices(ty) =>
            {
                Some(self.b.ins().ref_eq(a.v, b.v))
            }
            TyKind::Adt(..) | TyKind::Any => self.dynamic_equality(a, b, ty, span),
            _ => {
                let shown = self.cx.s.show(ty);
                self.unsupported(span, format!("`==` on `{shown}`"))
                    .map(|o| o.v)
            }
        }
    }

    /// Floats equal in the total order: the same bits, or both NaN.
    fn total_float_eq(&mut self, a: seen_ir::Value, b: seen_ir::Value) -> seen_ir::Value {
        let t = self.b.func().value_type(a);
        let bits = if t == Type::F32 { Type::I32 } else { Type::I64 };
        let (ia, ib) = (self.b.ins().bitcast(bits, a), self.b.ins().bitcast(bits, b));
        let same = self.b.ins().icmp(seen_ir::IntCC::Eq, ia, ib);
        let a_nan = self.b.ins().fcmp(seen_ir::FloatCC::Uno, a, a);
        let b_nan = self.b.ins().fcmp(seen_ir::FloatCC::Uno, b, b);
        let both_nan = self.b.ins().band(a_nan, b_nan);
        self.b.ins().bor(same, both_nan)
    }

    /// The `equals` a class declares with a body (its own or inherited;
    /// `List`'s, a program's).
    fn own_equals(&mut self, ty: Ty) -> Option<crate::DefId> {
        let f = self.member_fun(ty, EQUALS)?;
        let d = self.cx.s.def(f);
        let has_body = matches!(d.item().map(|i| &i.kind),
            Some(ast::ItemKind::Fun(fd)) if fd.body.is_some());
        (has_body && !self.cx.is_struct(ty)).then_some(f)
    }

    /// `a == b` through the class's own `equals(other: Any?)`.
    fn user_equals(&mut self, a: Op, b: Op, ty: Ty, span: Span) -> Option<seen_ir::Value> {
        let f = self.own_equals(ty)?;
        let mut site = Site::synthetic(span);
        site.ret = Some(Ty::BOOL);
        self.call_method(&site, f, Some((a, ty)), &[Some((b, ty))])
            .map(|o| o.v)
    }

    /// `a == b` on values whose type is known at run time only: `Any`'s
    /// `equals`, dispatched on `a`'s type.
    fn dynamic_equality(&mut self, a: Op, b: Op, ty: Ty, span: Span) -> Option<seen_ir::Value> {
        let Some(f) = self.member_fun(Ty::ANY, EQUALS) else {
            return self.unsupported(span, "`==` here").map(|o| o.v);
        };
        let mut site = Site::synthetic(span);
        site.ret = Some(Ty::BOOL);
        let any = self.cx.s.types.nullable(Ty::ANY);
        self.call_method(&site, f, Some((a, ty)), &[Some((b, any))])
            .map(|o| o.v)
    }

    /// Whether `==` on values of open type `ty` is identity: no class of
    /// the program below it is a data class or has an `equals` of its own
    /// (a generic one is assumed to).
    fn identity_suffices(&mut self, ty: Ty) -> bool {
        let s = &mut *self.cx.s;
        for i in 0..s.defs.len() {
            let d = crate::DefId(i as u32);
            let def = s.def(d);
            if def.std || !matches!(def.kind, crate::defs::DefKind::Class(_)) {
                continue;
            }
            let custom = def.has(ast::ModifierKind::Data) || def.members.contains_key(EQUALS);
            if !custom {
                continue;
            }
            if !def.type_params.is_empty() {
                return false;
            }
            let t = s.types.adt(d, &[]);
            if s.is_subtype(t, ty) {
                return false;
            }
        }
        true
    }

    /// `==` of two `T?`: both absent, or both present and equal.
    fn nullable_equality(
        &mut self,
        a: Op,
        b: Op,
        inner: Ty,
        total: bool,
        span: Span,
    ) -> Option<seen_ir::Value> {
        let (ta, tb) = (self.b.func().value_type(a.v), self.b.func().value_type(b.v));
        let b = if ta != tb && tb != Type::Ref {
            // a plain value against a `T?` (`peek() != ')'`): as present
            self.fit(b, ta, span)?
        } else {
            b
        };
        let (pa, pb) = (self.is_present(a.v), self.is_present(b.v));
        if ta != self.b.func().value_type(b.v) {
            // the `null` literal (a reference) against a `{present, value}`
            // (`when (n) { null -> }` on an `Int?`): equal when both are
            // absent
            return Some(self.b.ins().icmp(seen_ir::IntCC::Eq, pa, pb));
        }
        let both = self.b.ins().band(pa, pb);
        let (yes, no, merge) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let out = self.b.append_block_param(merge, Type::Bool);
        self.b.ins().brif(both, yes, &[], no, &[]);
        self.switch_to(yes);
        let (ia, ib) = (
            self.unwrap_present(Op {
                v: a.v,
                owned: false,
            }),
            self.unwrap_present(Op {
                v: b.v,
                owned: false,
            }),
        );
        let eq = self.equality_in(ia, ib, inner, total, span)?;
        self.b.ins().jump(merge, &[eq]);
        self.switch_to(no);
        // neither present is equal; one present is not
        let same = self.b.ins().icmp(seen_ir::IntCC::Eq, pa, pb);
        self.b.ins().jump(merge, &[same]);
        self.switch_to(merge);
        Some(out)
    }

    /// A data class's generated `equals`: every constructor property.
    fn data_equality(
        &mut self,
        a: Op,
        b: Op,
        ty: Ty,
        class: crate::DefId,
        span: Span,
    ) -> Option<seen_ir::Value> {
        let props = self.cx.s.component_properties(class);
        let (class_args, params) = match self.cx.s.class_of(ty) {
            Some((_, args)) => (args, self.cx.s.def(class).type_params.to_vec()),
            None => (Vec::new(), Vec::new()),
        };
        let map = self.cx.s.subst_map(&params, &class_args);
        let mut all = self.b.ins().bconst(true);
        for p in props {
            let pt = self.cx.s.property_type(p);
            let pt = self.cx.s.types.subst(pt, &map);
            let x = self.read_property(p, Op::scalar(a.v), ty, span)?;
            let y = self.read_property(p, Op::scalar(b.v), ty, span)?;
            let eq = self.equality_in(x, y, pt, true, span)?;
            self.drop_op(Some(x));
            self.drop_op(Some(y));
            all = self.b.ins().band(all, eq);
        }
        Some(all)
    }
}
