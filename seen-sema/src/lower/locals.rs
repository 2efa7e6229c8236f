//! Local functions: a `fun` declared in a body is a function value (its
//! code and an environment holding the locals it captures, shared `var`s
//! by their cells) made where it is declared and kept in a variable of
//! the enclosing scope; calls of it call that value, and its own body calls
//! itself directly with its own environment (recursion).

use seen_ir::{FuncId, Value};
use seen_syntax::ast;

use super::InstKind;
use super::body::{Fl, Op};
use super::closures::LambdaBody;
use crate::defs::{DefId, DefKind};
use crate::ty::{Ty, TyKind};

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// The definition the checker made for a local function declaration.
    pub fn local_fun_def(&self, f: &'a ast::FunDecl<'a>) -> Option<DefId> {
        self.cx.s.local_scopes.keys().copied().find(|&d| {
            matches!(self.cx.s.def(d).item().map(|i| &i.kind),
                Some(ast::ItemKind::Fun(g)) if std::ptr::eq(*g, f))
        })
    }

    /// The function type of a local function.
    fn local_fun_type(&mut self, d: DefId) -> Ty {
        let sig = self.cx.s.signature(d);
        let params: Vec<Ty> = sig.params.iter().map(|p| self.subst(p.ty)).collect();
        let ret = self.subst(sig.ret);
        self.cx.s.types.func(None, &params, ret, false)
    }

    /// `fun f(...) { ... }` in a body: its function value, kept in a
    /// variable of this scope.
    pub fn local_fun(&mut self, item: &'a ast::Item<'a>, f: &'a ast::FunDecl<'a>) {
        let Some(d) = self.local_fun_def(f) else {
            self.unsupported(item.span, "this local function");
            return;
        };
        if !self.cx.s.def(d).type_params.is_empty() {
            // made per instantiation where it is called
            return;
        }
        let fn_ty = self.local_fun_type(d);
        let Some(v) = self.closure_typed(fn_ty, LambdaBody::Fun(f), item.span) else {
            return;
        };
        let t = self.b.func().value_type(v.v);
        let var = self.b.declare_var(t);
        let z = self.b.ins().zero(t);
        self.b.def_var(var, z);
        if let Some(scope) = self.scopes.last_mut() {
            scope.push(var);
        }
        self.store_var(var, t, v);
        self.local_funs.insert(d, var);
    }

    /// A call of local function `d`: of its value, or (in its own body) of
    /// its own code with its own environment. `None` when `d` is not a
    /// local function seen here.
    pub fn call_local_fun(
        &mut self,
        e: &'a ast::Expr<'a>,
        d: DefId,
        args: &'a [ast::Arg<'a>],
    ) -> Option<Option<Op>> {
        if self.cx.s.def(d).kind != DefKind::Fun || !self.cx.s.local_scopes.contains_key(&d) {
            return None;
        }
        let mut values = Vec::new();
        for a in args {
            values.push(self.expr(&a.value)?);
        }
        if !self.cx.s.def(d).type_params.is_empty() && self.own_local_fun.is_none_or(|o| o.0 != d) {
            let r = self.call_generic_local_fun(e, d, &values);
            for v in values {
                self.drop_op(Some(v));
            }
            return Some(r);
        }
        let fn_ty = self.local_fun_type(d);
        let r = match (self.local_funs.get(&d).copied(), self.own_local_fun) {
            (Some(var), _) => {
                let f = Op::scalar(self.load_var(var));
                self.call_value(f, fn_ty, &values, e.span)
            }
            (None, Some((own, code, env))) if own == d => self.call_own(code, env, fn_ty, &values),
            _ => {
                return Some(self.unsupported(e.span, "a call of this local function here"));
            }
        };
        for v in values {
            self.drop_op(Some(v));
        }
        let site = self.site(e);
        Some(self.call_result(&site, r?))
    }

    /// A call of a generic local function: its function value for the
    /// call's type arguments, made here and called.
    fn call_generic_local_fun(
        &mut self,
        e: &'a ast::Expr<'a>,
        d: DefId,
        values: &[Op],
    ) -> Option<Op> {
        let Some(ast::ItemKind::Fun(f)) = self.cx.s.def(d).item().map(|i| &i.kind) else {
            return self.unsupported(e.span, "this local function");
        };
        let info = self.call_info(e);
        let params = self.cx.s.def(d).type_params.to_vec();
        let saved = self.map.clone();
        for (p, t) in params.into_iter().zip(info.type_args) {
            self.map.insert(p, t);
        }
        let fn_ty = self.local_fun_type(d);
        let value = self.closure_typed(fn_ty, LambdaBody::Fun(f), e.span);
        self.map = saved;
        let value = value?;
        let r = self.call_value(value, fn_ty, values, e.span);
        self.drop_op(Some(value));
        let site = self.site(e);
        self.call_result(&site, r?)
    }

    /// A local function calling itself: its code, its environment.
    fn call_own(
        &mut self,
        code: FuncId,
        env: Value,
        fn_ty: Ty,
        args: &[Op],
    ) -> Option<Option<Value>> {
        let TyKind::Fn(ft) = self.cx.s.types.kind(fn_ty).clone() else {
            return None;
        };
        let mut values = vec![env];
        for (a, t) in args.iter().zip(ft.params.iter()) {
            let want = match self.ir(*t) {
                Ok(Some(w)) => w,
                _ => continue,
            };
            values.push(self.fit(*a, want, seen_syntax::Span::default())?.v);
        }
        Some(self.b.ins().call(code, &values))
    }

    /// In the code of a local function's value: remembers which local
    /// function it is, so that its body can call itself.
    pub fn enter_local_fun(&mut self, f: &'a ast::FunDecl<'a>, env: Value) {
        let Some(d) = self.local_fun_def(f) else {
            return;
        };
        let InstKind::Lambda { .. } = self.inst.kind else {
            return;
        };
        let inst = self.inst.clone();
        if let Some(code) = self.cx.instance(self.b.module_mut(), inst) {
            self.own_local_fun = Some((d, code, env));
        }
    }
}
