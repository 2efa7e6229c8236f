//! Structs: values of their stored properties (an IR struct), copied on
//! assignment. A field changes through a *place* (a `var` local, a field
//! of a struct in a place, a property of an object): the new struct is
//! written back. A `mutating fun` receives `this` by value and returns it
//! changed with its result (`{result, this}`), and the caller writes it
//! back to the receiver's place.

use seen_ir::{Type, Value};
use seen_syntax::{Span, ast};

use super::body::{Fl, Op};
use super::{Inst, InstKind, Lower};
use crate::check::{Res, key};
use crate::defs::DefId;
use crate::ty::Ty;

impl Lower<'_, '_> {
    /// Whether `d` is a `mutating fun`.
    pub fn is_mutating(&self, d: DefId) -> bool {
        self.s
            .def(d)
            .item()
            .is_some_and(|i| i.has(ast::ModifierKind::Mutating))
    }

    /// Whether `ty` is a struct (a value with fields).
    pub fn is_struct(&self, ty: Ty) -> bool {
        matches!(self.s.types.kind(ty), crate::ty::TyKind::Adt(d, _)
            if matches!(self.s.def(*d).kind, crate::defs::DefKind::Class(ast::ClassKind::Struct))
                && !self.s.def(*d).std)
    }
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// A struct's constructor: its fields from the arguments, by name.
    pub fn struct_new_body(&mut self, params: Vec<Value>) {
        let Some(ty) = self.inst.this else { return };
        let class = self.inst.def;
        let span = self.cx.s.def(class).span;
        let layout = match self.cx.layout(self.b.module_mut(), ty) {
            Ok(l) => l,
            Err(what) => {
                self.unsupported(span, what);
                return;
            }
        };
        let sig = self.cx.s.signature(class);
        let mut v = self.b.ins().zero(Type::Aggregate(layout.ty));
        let fields: Vec<Type> = self
            .b
            .module()
            .type_decl(layout.ty)
            .fields()
            .map(<[Type]>::to_vec)
            .unwrap_or_default();
        for (p, x) in sig.params.iter().zip(params) {
            let Some(field) = self
                .cx
                .s
                .def(class)
                .members
                .get(&*p.name)
                .and_then(|ds| ds.first().copied())
            else {
                continue;
            };
            let Some(i) = self.cx.field_index(&layout, field) else {
                continue;
            };
            let Some(&ft) = fields.get(i as usize) else {
                continue;
            };
            let Some(x) = self.fit(Op::scalar(x), ft, span) else {
                return;
            };
            let x = self.owned(x);
            v = self.b.ins().insert(v, i, x.v);
        }
        self.b.ins().ret(Some(v));
        self.end_block();
    }

    /// Writes `value` into the place an expression names: a local, a
    /// top-level property, a property of an object, a field of a struct
    /// in a place, or `this`.
    pub fn update_place(&mut self, place: &'a ast::Expr<'a>, value: Op) {
        let res = self.cx.s.typeck.res.get(&key(place)).copied();
        match (&place.kind, res) {
            (ast::ExprKind::Paren(inner), _) => self.update_place(inner, value),
            (ast::ExprKind::This(_), _) => self.set_this(value),
            (ast::ExprKind::Name(_), Some(Res::Local(l))) => self.write_local(l, value),
            (ast::ExprKind::Name(_), Some(Res::Def(prop))) if self.is_top_level(prop) => {
                self.write_global(prop, value, place.span);
            }
            (ast::ExprKind::Name(_), Some(Res::Def(prop))) => {
                let Some((this, ty)) = self.implicit_receiver(prop) else {
                    return;
                };
                self.set_field(Op::scalar(this), ty, prop, value, None, place.span);
            }
            (ast::ExprKind::Member { receiver, .. }, Some(Res::Def(prop))) => {
                let rt = self.ty_of(receiver);
                let Some(recv) = self.expr(receiver) else {
                    return;
                };
                self.set_field(recv, rt, prop, value, Some(receiver), place.span);
                self.drop_op(Some(recv));
            }
            _ => {
                self.unsupported(place.span, "assignment to this place");
            }
        }
    }

    /// Sets a property of `recv` (of type `rt`): in place for an object,
    /// by writing a changed copy back to `at` (or `this`) for a struct.
    pub fn set_field(
        &mut self,
        recv: Op,
        rt: Ty,
        prop: DefId,
        value: Op,
        at: Option<&'a ast::Expr<'a>>,
        span: Span,
    ) {
        if !self.cx.is_struct(rt) {
            self.write_property(prop, recv.v, rt, value, span);
            return;
        }
        let layout = match self.cx.layout(self.b.module_mut(), rt) {
            Ok(l) => l,
            Err(what) => {
                self.unsupported(span, what);
                return;
            }
        };
        let Some(i) = self.cx.field_index(&layout, prop) else {
            self.unsupported(span, "assignment to a computed struct property");
            return;
        };
        let fields: Vec<Type> = self
            .b
            .module()
            .type_decl(layout.ty)
            .fields()
            .map(<[Type]>::to_vec)
            .unwrap_or_default();
        let Some(&ft) = fields.get(i as usize) else {
            return;
        };
        let Some(v) = self.fit(value, ft, span) else {
            return;
        };
        let v = self.owned(v);
        // the copy shares the other fields with `recv`; writing it back
        // retains them all and releases the old struct (the old field)
        let changed = self.b.ins().insert(recv.v, i, v.v);
        let changed = Op {
            v: changed,
            owned: false,
        };
        match at {
            Some(place) => self.update_place(place, changed),
            None => self.set_this(changed),
        }
        // the place holds the new field now
        self.drop_op(Some(v));
    }

    /// Replaces `this` (a struct in a `mutating fun`).
    pub fn set_this(&mut self, value: Op) {
        let Some(var) = self.this_var else {
            self.unsupported(Span::default(), "changing `this` outside a `mutating fun`");
            return;
        };
        let Some((_, ty)) = self.this else { return };
        let Ok(Some(t)) = self.ir(ty) else { return };
        self.store_var(var, t, value);
        let v = self.b.use_var(var);
        self.this = Some((v, ty));
    }

    /// `recv.f(args)` for a `mutating fun` of a struct: the changed
    /// struct is written back to the receiver's place.
    pub fn mutating_call(
        &mut self,
        e: &'a ast::Expr<'a>,
        d: DefId,
        receiver: Option<&'a ast::Expr<'a>>,
        args: &'a [ast::Arg<'a>],
    ) -> Option<Op> {
        let (recv, rt) = match receiver {
            Some(r) => {
                let rt = self.ty_of(r);
                (self.expr(r)?, rt)
            }
            None => {
                let (v, t) = self.this?;
                (Op::scalar(v), t)
            }
        };
        let mut given = Vec::new();
        for a in args {
            let t = self.ty_of(&a.value);
            given.push(self.expr(&a.value).map(|v| (v, t)));
        }
        let site = self.site(e);
        let inst = self.fun_inst(d, Some(rt), &site.info.type_args, e.span)?;
        let values = self.arguments_pub(&site, &inst, &given)?;
        let r = self.call_inst(inst, Some(recv.v), &values, e.span)??;
        self.drop_arguments(values, given);
        // `{result, this}`, or `this` alone for a `Unit` result
        let result_ty = site.ret.unwrap_or(Ty::UNIT);
        let has_result = !matches!(self.ir(result_ty), Ok(None));
        let (result, this) = if has_result {
            (Some(self.b.ins().extract(r, 0)), self.b.ins().extract(r, 1))
        } else {
            (None, r)
        };
        let this = Op {
            v: this,
            owned: self.holds_refs(this),
        };
        match receiver {
            Some(place) => self.update_place(place, this),
            None => self.set_this(this),
        }
        self.drop_op(Some(this));
        self.drop_op(Some(recv));
        result.map(|v| self.owned_if_counted(v))
    }

    /// The value a `mutating fun` returns: its result with `this`.
    pub fn mutating_return(&mut self, v: Option<Value>) -> Option<Value> {
        let this_var = self.this_var?;
        let this = self.b.use_var(this_var);
        self.retain_value(this);
        match v {
            Some(v) => {
                let t = [self.b.func().value_type(v), self.b.func().value_type(this)];
                let tuple = self.b.module_mut().tuple(&t);
                Some(self.b.ins().struct_new(tuple, &[v, this]))
            }
            None => Some(this),
        }
    }
}

impl Inst {
    /// Whether this instance is a struct's `mutating fun`.
    pub fn is_mutating(&self, lower: &Lower<'_, '_>) -> bool {
        self.kind == InstKind::Fun
            && lower.is_mutating(self.def)
            && self.this.is_some_and(|t| lower.is_struct(t))
    }
}
