//! Trait delegation: `class C(let base: T) : T by base` forwards each
//! member of `T` that `C` does not declare itself to `base` (a
//! `Forward` instance reads the delegate and calls the member on it,
//! dispatched on the delegate's type).

use seen_ir::Value;
use seen_syntax::ast;

use super::Lower;
use super::body::{Fl, Op};
use super::calls::Site;
use crate::defs::{DefId, DefKind};
use crate::ty::Ty;

impl<'a> Lower<'_, 'a> {
    /// The substitution of the type parameters of the class declaring
    /// member `d`, as seen from type `t`.
    pub fn member_subst(&mut self, d: DefId, t: Ty) -> Vec<(DefId, Ty)> {
        let name = self.s.def(d).name;
        let mut subst: Vec<(DefId, Ty)> = self
            .s
            .declared_members(t, name)
            .into_iter()
            .find(|f| f.def == d)
            .map(|f| f.subst.iter().map(|(k, v)| (*k, *v)).collect())
            .unwrap_or_default();
        subst.sort_by_key(|(p, _)| *p);
        subst
    }

    /// The `by` expression through which class type `t` implements trait
    /// member `d`, when `t`'s class delegates `d`'s trait and does not
    /// declare `d` itself.
    pub fn delegate_of(&mut self, d: DefId, t: Ty) -> Option<&'a ast::Expr<'a>> {
        let trait_def = self.s.def(d).parent?;
        if self.s.def(trait_def).kind != DefKind::Class(ast::ClassKind::Trait) {
            return None;
        }
        let (class, _) = self.s.class_of(t)?;
        let ast::ItemKind::Class(c) = &self.s.def(class).item()?.kind else {
            return None;
        };
        let name = self.s.def(d).name;
        let own = self
            .s
            .def(class)
            .members
            .get(name)
            .is_some_and(|ds| ds.iter().any(|&m| self.s.def(m).kind == DefKind::Fun));
        if own {
            return None;
        }
        let trait_ty = self.s.declared_type(trait_def);
        c.supers.iter().find_map(|s| {
            let e = s.delegate.as_ref()?;
            let sup = self.s.resolve_type(&s.ty, class);
            let (sup_def, _) = self.s.class_of(sup)?;
            let declared = self.s.declared_type(sup_def);
            (sup_def == trait_def || self.s.is_subtype(declared, trait_ty)).then_some(e)
        })
    }
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// The code of a forwarded member: the delegate read from `this`, the
    /// member called on it with the parameters.
    pub fn forward_body(&mut self, params: Vec<Value>) {
        let d = self.inst.def;
        let span = self.cx.s.def(d).span;
        let Some((_, this_ty)) = self.this else {
            return;
        };
        let Some(e) = self.cx.delegate_of(d, this_ty) else {
            self.unsupported(span, "this delegation");
            return;
        };
        if let Some((class, _)) = self.cx.s.class_of(this_ty) {
            self.file = self.cx.s.def(class).file;
        }
        let del_ty = self.ty_of(e);
        let Some(del) = self.expr(e) else { return };
        let sig = self.cx.s.signature(d);
        let mut values = params.into_iter();
        let mut given = Vec::new();
        for p in &sig.params {
            let t = self.subst(p.ty);
            if let Ok(Some(_)) = self.ir(t) {
                given.push(values.next().map(|v| (Op::scalar(v), t)));
            } else {
                given.push(None);
            }
        }
        let ret = self.subst(sig.ret);
        let mut site = Site::synthetic(span);
        site.ret = Some(ret);
        let r = self.call_method(&site, d, Some((del, del_ty)), &given);
        self.drop_op(Some(del));
        self.return_owned(r, ret);
    }
}
