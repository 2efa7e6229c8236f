//! Tuples (`(a, b)`, `t.0`) and destructuring (`let (a, b) = ...`,
//! `for ((i, x) in ...)`, `{ (k, v) -> ... }`): a tuple's parts, or a data
//! class's constructor properties in order.

use seen_ir::{Type, Value};
use seen_syntax::{Span, ast};

use super::body::{Fl, Op};
use crate::check::{Res, key};
use crate::ty::{Ty, TyKind};

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// `(a, b, c)`: an IR tuple of the parts.
    pub fn tuple(&mut self, e: &'a ast::Expr<'a>, parts: &'a [ast::Expr<'a>]) -> Option<Op> {
        let ty = self.ty_of(e);
        let Ok(Some(Type::Aggregate(tuple))) = self.ir(ty) else {
            return self.unsupported(e.span, "this tuple");
        };
        let fields: Vec<Type> = self
            .b
            .module()
            .type_decl(tuple)
            .fields()
            .map(<[Type]>::to_vec)
            .unwrap_or_default();
        let mut values = Vec::new();
        for (p, t) in parts.iter().zip(fields) {
            let v = self.expr(p)?;
            let v = self.fit(v, t, p.span)?;
            values.push(self.owned(v).v);
        }
        let v = self.b.ins().struct_new(tuple, &values);
        Some(self.owned_if_counted(v))
    }

    /// `t.0`: a part of a tuple.
    pub fn tuple_index(&mut self, receiver: &'a ast::Expr<'a>, index: u32) -> Option<Op> {
        let r = self.expr(receiver)?;
        let v = self.b.ins().extract(r.v, index);
        let op = Op::scalar(v);
        let op = if r.owned { self.retained(op) } else { op };
        self.drop_op(Some(r));
        Some(op)
    }

    /// The `i`th component of a value: a tuple's part or a data class's
    /// constructor property (borrowed), with its type.
    pub fn component(&mut self, v: Op, ty: Ty, i: usize, span: Span) -> Option<(Op, Ty)> {
        match self.cx.s.types.kind(ty).clone() {
            TyKind::Tuple(parts) => {
                let t = *parts.get(i)?;
                Some((Op::scalar(self.b.ins().extract(v.v, i as u32)), t))
            }
            TyKind::Adt(class, args) => {
                let props = self.cx.s.component_properties(class);
                let p = *props.get(i)?;
                let params = self.cx.s.def(class).type_params.to_vec();
                let map = self.cx.s.subst_map(&params, &args);
                let pt = self.cx.s.property_type(p);
                let pt = self.cx.s.types.subst(pt, &map);
                let x = self.read_property(p, Op::scalar(v.v), ty, span)?;
                Some((x, pt))
            }
            _ => {
                self.unsupported(span, "destructuring this value");
                None
            }
        }
    }

    /// Binds the names of a pattern (`a`, `(a, b)`, `_`) to a value of
    /// type `ty`.
    pub fn bind_pattern(&mut self, p: &'a ast::Pattern<'a>, v: Op, ty: Ty) {
        match &p.kind {
            ast::PatternKind::Wildcard => {}
            ast::PatternKind::Binding(_) => {
                let Some(Res::Local(local)) = self.cx.s.typeck.res.get(&key(p)).copied() else {
                    return;
                };
                let lt = self.local_ty(local);
                match self.ir(lt) {
                    Ok(Some(t)) => {
                        let var = self.var_for(local, t);
                        self.store_var(
                            var,
                            t,
                            Op {
                                v: v.v,
                                owned: false,
                            },
                        );
                    }
                    Ok(None) => {}
                    Err(what) => {
                        self.unsupported(p.span, what);
                    }
                }
            }
            ast::PatternKind::Tuple(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    let Some((x, t)) = self.component(v, ty, i, part.span) else {
                        return;
                    };
                    self.bind_pattern(part, x, t);
                    self.drop_op(Some(x));
                }
            }
            _ => {
                self.unsupported(p.span, "this pattern");
            }
        }
    }

    /// `"(a, b)"`: a tuple's text.
    pub fn tuple_to_string(&mut self, v: Op, ty: Ty, span: Span) -> Option<Op> {
        let TyKind::Tuple(parts) = self.cx.s.types.kind(ty).clone() else {
            return None;
        };
        let mut out = vec![Op::scalar(self.b.ins().strconst(b"("))];
        for (i, t) in parts.iter().enumerate() {
            if i > 0 {
                out.push(Op::scalar(self.b.ins().strconst(b", ")));
            }
            let x = Op::scalar(self.b.ins().extract(v.v, i as u32));
            let s = self.text_of(x, *t, span)?;
            out.push(if s.v == x.v { self.retained(s) } else { s });
        }
        out.push(Op::scalar(self.b.ins().strconst(b")")));
        self.concat_parts(out)
    }

    /// `==` of two tuples: part by part.
    pub fn tuple_equality(&mut self, a: Op, b: Op, ty: Ty, span: Span) -> Option<Value> {
        let TyKind::Tuple(parts) = self.cx.s.types.kind(ty).clone() else {
            return None;
        };
        let mut all = self.b.ins().bconst(true);
        for (i, t) in parts.iter().enumerate() {
            let x = Op::scalar(self.b.ins().extract(a.v, i as u32));
            let y = Op::scalar(self.b.ins().extract(b.v, i as u32));
            let eq = self.equality_in(x, y, *t, true, span)?;
            all = self.b.ins().band(all, eq);
        }
        Some(all)
    }
}
