//! References to members as function values: `sale::priceOf` (bound: the
//! receiver is evaluated once and kept in the value's environment, a
//! one-field cell) and `Item::label`, `String::length` (unbound: the
//! receiver is the first parameter). Properties are referenced by their
//! getter. (`::f` of a function is in closures.rs.)

use seen_ir::{Module, Type, Value};
use seen_syntax::ast;

use super::body::{Fl, Op};
use super::calls::Site;
use super::{Inst, InstKind, Lower};
use crate::check::{Res, key};
use crate::defs::{DefId, DefKind};
use crate::ty::{Ty, TyKind};

impl Lower<'_, '_> {
    /// The IR signature of a member reference's code: the environment,
    /// the receiver when it is not bound, then the member's parameters.
    pub(super) fn member_ref_sig(
        &mut self,
        module: &mut Module,
        inst: &Inst,
        bound: bool,
    ) -> Result<(Vec<Type>, Type), String> {
        let this = inst.this.unwrap_or(Ty::ERROR);
        let (params, ret) = self.member_ref_types(inst);
        let mut out = vec![Type::Ref];
        if !bound && let Some(t) = self.ir_type(module, this)? {
            out.push(t);
        }
        for p in params {
            if let Some(t) = self.ir_type(module, p)? {
                out.push(t);
            }
        }
        let ret = self.ir_type(module, ret)?.unwrap_or(Type::Void);
        Ok((out, ret))
    }

    /// The Seen parameter and result types of a referenced member, its
    /// class's type parameters substituted.
    fn member_ref_types(&mut self, inst: &Inst) -> (Vec<Ty>, Ty) {
        let map = inst.map();
        if self.s.def(inst.def).kind == DefKind::Fun {
            let sig = self.s.signature(inst.def);
            let params = sig
                .params
                .iter()
                .map(|p| self.s.types.subst(p.ty, &map))
                .collect();
            (params, self.s.types.subst(sig.ret, &map))
        } else {
            let t = self.s.property_type(inst.def);
            (Vec::new(), self.s.types.subst(t, &map))
        }
    }
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// `x::m` or `Type::m` as a function value.
    pub fn member_ref(&mut self, e: &'a ast::Expr<'a>, receiver: &'a ast::Expr<'a>) -> Option<Op> {
        let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied() else {
            return self.unsupported(e.span, "this reference");
        };
        if !matches!(self.cx.s.def(d).kind, DefKind::Fun | DefKind::Property)
            || !self.cx.s.def(d).type_params.is_empty()
            || self.cx.s.is_extension(d)
        {
            return self.unsupported(e.span, "a reference to this member");
        }
        let fn_ty = self.ty_of(e);
        let bound = !self.names_type(receiver);
        let this_ty = if bound {
            self.ty_of(receiver)
        } else {
            match self.cx.s.types.kind(fn_ty).clone() {
                TyKind::Fn(f) if !f.params.is_empty() => f.params[0],
                _ => return self.unsupported(e.span, "this reference"),
            }
        };
        let name = self.cx.s.def(d).name;
        let mut subst: Vec<(DefId, Ty)> = self
            .cx
            .s
            .declared_members(this_ty, name)
            .into_iter()
            .find(|f| f.def == d)
            .map(|f| f.subst.iter().map(|(k, v)| (*k, *v)).collect())
            .unwrap_or_default();
        subst.sort_by_key(|(p, _)| *p);
        let inst = Inst {
            def: d,
            kind: InstKind::MemberRef { bound },
            subst,
            this: Some(this_ty),
        };
        let Some(f) = self.cx.instance(self.b.module_mut(), inst) else {
            self.stop();
            return None;
        };
        let env = if bound {
            self.bound_env(receiver, this_ty)?
        } else {
            self.b.ins().null()
        };
        let code = self.b.ins().func_addr(f);
        let tuple = self.b.module_mut().tuple(&[Type::Ptr, Type::Ref]);
        Some(Op {
            v: self.b.ins().struct_new(tuple, &[code, env]),
            owned: bound,
        })
    }

    /// Whether the receiver of `::` names a type (`Item::label`) rather
    /// than a value (`sale::priceOf`; an object is a value).
    fn names_type(&self, receiver: &ast::Expr<'_>) -> bool {
        if !matches!(
            receiver.kind,
            ast::ExprKind::Name(_) | ast::ExprKind::Member { .. }
        ) {
            return false;
        }
        match self.cx.s.typeck.res.get(&key(receiver)) {
            Some(Res::Def(d)) => {
                matches!(
                    self.cx.s.def(*d).kind,
                    DefKind::Class(k) if k != ast::ClassKind::Object
                ) || self.cx.s.def(*d).kind == DefKind::TypeAlias
            }
            _ => false,
        }
    }

    /// A one-field cell holding the evaluated receiver (owned).
    fn bound_env(&mut self, receiver: &'a ast::Expr<'a>, this_ty: Ty) -> Option<Value> {
        let t = match self.ir(this_ty) {
            Ok(Some(t)) => t,
            Ok(None) => return Some(self.b.ins().null()),
            Err(what) => {
                self.unsupported(receiver.span, what);
                return None;
            }
        };
        let r = self.expr(receiver)?;
        let r = self.owned(r);
        let Some(cell) = self.cell_type(t) else {
            self.unsupported(receiver.span, "this reference");
            return None;
        };
        let env = self.b.ins().alloc(cell);
        self.b.ins().field_set(cell, env, 0, r.v);
        Some(env)
    }

    /// The code of a member reference: the receiver (from the cell or the
    /// first parameter), then the member called or read.
    pub fn member_ref_body(&mut self, bound: bool, params: Vec<Value>) {
        let d = self.inst.def;
        let span = self.cx.s.def(d).span;
        let Some(this_ty) = self.inst.this else {
            return;
        };
        let mut params = params.into_iter();
        let env = params.next();
        let recv = if bound {
            let (Ok(Some(t)), Some(env)) = (self.ir(this_ty), env) else {
                return;
            };
            let Some(cell) = self.cell_type(t) else {
                return;
            };
            self.b.ins().field_get(cell, env, 0)
        } else {
            let Some(r) = params.next() else { return };
            r
        };
        let recv = Op::scalar(recv);
        let inst = self.inst.clone();
        let (tys, ret) = self.cx.member_ref_types(&inst);
        let r = if self.cx.s.def(d).kind == DefKind::Fun {
            let given: Vec<Option<(Op, Ty)>> = tys
                .iter()
                .map(|&t| match self.ir(t) {
                    Ok(Some(_)) => params.next().map(|v| (Op::scalar(v), t)),
                    _ => None,
                })
                .collect();
            let mut site = Site::synthetic(span);
            site.ret = Some(ret);
            self.call_method(&site, d, Some((recv, this_ty)), &given)
        } else {
            self.read_property(d, recv, this_ty, span)
        };
        self.return_owned(r, ret);
    }

    /// Returns `r` (owned, as a result is) from a function whose result
    /// type is `ret`.
    pub fn return_owned(&mut self, r: Option<Op>, ret: Ty) {
        if self.dead {
            return;
        }
        let has_value = matches!(self.ir(ret), Ok(Some(_)));
        let v = if has_value {
            r.map(|r| self.owned(r))
        } else {
            self.drop_op(r);
            None
        };
        self.ret(v);
    }
}
