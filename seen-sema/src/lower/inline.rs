//! `inline` functions and the lambdas passed to them: a call of an
//! `inline fun` is expanded in place (as Kotlin does), its lambda
//! arguments are lowered where the function calls them, so a bare
//! `return` inside such a lambda returns from the function it is written
//! in, and `return@label` from the lambda alone. Lambdas never become
//! values here.

use rustc_hash::FxHashMap;
use seen_ir::{Block, Type, Value};
use seen_syntax::{FileId, Span, ast};

use super::Inst;
use super::body::{Fl, Op};
use super::calls::Site;
use super::closures::LambdaBody;
use super::walk;
use crate::check::{Res, key};
use crate::defs::DefId;
use crate::ty::Ty;

/// Where a `return` goes.
#[derive(Clone, Debug)]
pub(crate) enum Ctx<'a> {
    /// The function being lowered.
    Function,
    /// An inline expansion: its result block and the scope and loop
    /// depths to release down to.
    Inline {
        exit: Block,
        result: Option<Type>,
        scope: usize,
        loops: usize,
    },
    /// A lambda's body: `return@label` ends it; a bare `return` goes to
    /// context `home` (where the lambda is written).
    Lambda {
        exit: Block,
        result: Option<Type>,
        labels: [Option<&'a str>; 2],
        home: usize,
        scope: usize,
        loops: usize,
    },
}

/// A lambda literal passed to an inline function's parameter, with what
/// its body sees.
#[derive(Clone)]
pub(crate) struct LambdaBinding<'a> {
    pub lambda: &'a ast::Lambda<'a>,
    pub file: FileId,
    pub map: FxHashMap<DefId, Ty>,
    pub this: Option<(Value, Ty)>,
    pub tag: u32,
    /// The context it is written in.
    pub home: usize,
    /// The inline function it is passed to (`return@forEach`).
    pub callee: Option<&'a str>,
}

/// An argument of an inline call: a value or a lambda literal.
enum InlineArg<'a> {
    Value(Option<(Op, Ty)>),
    Lambda(LambdaBinding<'a>),
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// Whether calls of `d` are expanded in place.
    pub fn is_inline(&self, d: DefId) -> bool {
        let Some(item) = self.cx.s.def(d).item() else {
            return false;
        };
        matches!(&item.kind, ast::ItemKind::Fun(f) if f.body.is_some())
            && item.has(ast::ModifierKind::Inline)
            && self.ctxs.len() < 64
    }

    /// Expands a call of an inline function in place.
    pub fn inline_call(
        &mut self,
        e: &'a ast::Expr<'a>,
        d: DefId,
        this: Option<(Op, Ty)>,
        args: &'a [ast::Arg<'a>],
        trailing: Option<&'a ast::Lambda<'a>>,
    ) -> Option<Op> {
        let site = self.site(e);
        let inst = self.inline_inst(d, this.map(|t| t.1), &site)?;
        let callee_name = self.cx.s.def(d).name;
        let mut given: Vec<InlineArg<'a>> = Vec::new();
        for a in args {
            given.push(self.inline_arg(&a.value, callee_name));
            if self.dead {
                return None;
            }
        }
        if let Some(l) = trailing {
            given.push(InlineArg::Lambda(self.bind_lambda(l, callee_name)));
        }
        let r = self.expand(&site, inst, this, &mut given);
        for g in given {
            if let InlineArg::Value(Some((v, _))) = g {
                self.drop_op(Some(v));
            }
        }
        r
    }

    /// The instance whose body an inline call expands.
    fn inline_inst(&mut self, d: DefId, this_ty: Option<Ty>, site: &Site) -> Option<Inst> {
        self.fun_inst(d, this_ty, &site.info.type_args, site.span)
    }

    /// An argument: a lambda literal is bound, not evaluated.
    fn inline_arg(&mut self, e: &'a ast::Expr<'a>, callee: &'a str) -> InlineArg<'a> {
        match &e.kind {
            ast::ExprKind::Lambda(l) => InlineArg::Lambda(self.bind_lambda(l, callee)),
            ast::ExprKind::Name(_) => {
                // a lambda parameter passed on to another inline function
                if let Some(Res::Local(l)) = self.cx.s.typeck.res.get(&key(e)).copied()
                    && let Some(b) = self.lambdas.get(&self.decl_site(l)).cloned()
                {
                    return InlineArg::Lambda(b);
                }
                let t = self.ty_of(e);
                InlineArg::Value(self.expr(e).map(|v| (v, t)))
            }
            _ => {
                let t = self.ty_of(e);
                InlineArg::Value(self.expr(e).map(|v| (v, t)))
            }
        }
    }

    /// [`Fl::bind_lambda`] for other modules.
    pub fn bind_lambda_pub(&self, l: &'a ast::Lambda<'a>, callee: &'a str) -> LambdaBinding<'a> {
        self.bind_lambda(l, callee)
    }

    /// What a lambda literal written here sees.
    fn bind_lambda(&self, l: &'a ast::Lambda<'a>, callee: &'a str) -> LambdaBinding<'a> {
        LambdaBinding {
            lambda: l,
            file: self.file,
            map: self.map.clone(),
            this: self.this,
            tag: self.tag,
            home: self.ctxs.len() - 1,
            callee: Some(callee),
        }
    }

    /// Lowers the body of `inst` here, its parameters bound to `given`
    /// (by the checker's slots).
    fn expand(
        &mut self,
        site: &Site,
        inst: Inst,
        this: Option<(Op, Ty)>,
        given: &mut [InlineArg<'a>],
    ) -> Option<Op> {
        let def = inst.def;
        let Some(ast::ItemKind::Fun(f)) = self.cx.s.def(def).item().map(|i| &i.kind) else {
            return self.unsupported(site.span, "this inline call");
        };
        let Some(body) = f.body.as_ref() else {
            return self.unsupported(site.span, "this inline call");
        };
        let sig = self.cx.s.signature(def);
        let slots: Vec<Vec<usize>> = if site.info.slots.len() == sig.params.len() {
            site.info.slots.clone()
        } else {
            (0..sig.params.len()).map(|i| vec![i]).collect()
        };
        let result = match site.ret {
            Some(t) => match self.ir(t) {
                Ok(t) => t,
                Err(what) => return self.unsupported(site.span, what),
            },
            None => None,
        };
        let exit = self.b.create_block();
        let param = result.map(|t| self.b.append_block_param(exit, t));
        // the callee's view
        let saved = (
            std::mem::replace(&mut self.map, inst.map()),
            std::mem::replace(&mut self.this, this.map(|(o, t)| (o.v, t))),
            std::mem::replace(&mut self.file, self.cx.s.def(def).file),
            self.tag,
        );
        self.tag = self.next_tag;
        self.next_tag += 1;
        self.scopes.push(Vec::new());
        // what the caller releases after the call, unless a `return`
        // leaves past it
        let mark = self.held.len();
        let owned: Vec<Op> = this
            .iter()
            .map(|(o, _)| *o)
            .chain(given.iter().filter_map(|g| match g {
                InlineArg::Value(Some((o, _))) => Some(*o),
                _ => None,
            }))
            .collect();
        for o in owned {
            self.hold(o);
        }
        self.ctxs.push(Ctx::Inline {
            exit,
            result,
            scope: self.scopes.len() - 1,
            loops: self.loops.len(),
        });
        let body_span = match body {
            ast::FunBody::Block(b) => b.span,
            ast::FunBody::Expr(x) => x.span,
        };
        self.bind_inline_params(f.params, &slots, given, body, site.span);
        match body {
            ast::FunBody::Block(b) => self.scan_cells(b),
            ast::FunBody::Expr(x) => self.scan_cells_expr(x),
        }
        self.declare_locals(body_span);
        let v = match body {
            ast::FunBody::Block(b) => {
                let v = self.block(b);
                if result.is_some() {
                    self.drop_op(v);
                    if !self.dead {
                        self.b.ins().unreachable();
                        self.end_block();
                    }
                    None
                } else {
                    self.drop_op(v);
                    None
                }
            }
            ast::FunBody::Expr(x) => self.expr(x),
        };
        self.return_to_ctx(self.ctxs.len() - 1, v);
        self.ctxs.pop();
        self.switch_to(exit);
        // the expansion's locals are released where it ends
        let scope = self.scopes.pop().unwrap_or_default();
        for var in scope {
            let r = self.b.use_var(var);
            self.release_value(r);
        }
        self.held.truncate(mark);
        self.map = saved.0;
        self.this = saved.1;
        self.file = saved.2;
        self.tag = saved.3;
        param.map(|p| self.owned_if_counted(p))
    }

    /// Binds an inline function's parameters: values to variables of the
    /// expansion, lambdas to their bindings, defaults evaluated.
    fn bind_inline_params(
        &mut self,
        decls: &'a [ast::Param<'a>],
        slots: &[Vec<usize>],
        given: &mut [InlineArg<'a>],
        body: &'a ast::FunBody<'a>,
        span: Span,
    ) {
        for (i, p) in decls.iter().enumerate() {
            let Some(&local) = self.cx.locals_at.get(&(self.file, p.name.span.start)) else {
                continue;
            };
            let site = self.decl_site(local);
            let slot = slots.get(i).map(|s| s.as_slice()).unwrap_or(&[]);
            match slot {
                [j] => match given.get(*j) {
                    Some(InlineArg::Lambda(b)) => {
                        self.lambdas.insert(site, b.clone());
                        if self.escapes(local, body) {
                            let b = b.clone();
                            self.bind_lambda_value(local, b, span);
                        }
                    }
                    Some(InlineArg::Value(Some((v, _)))) => {
                        let v = *v;
                        self.bind_value(local, v, span);
                    }
                    _ => {}
                },
                [] => {
                    if let Some(d) = &p.default {
                        if let Some(v) = self.expr(d) {
                            self.bind_value(local, v, span);
                            self.drop_op(Some(v));
                        }
                    }
                }
                _ => {
                    self.unsupported(span, "variable arguments to an inline function");
                    return;
                }
            }
        }
    }

    /// Whether `body` uses lambda parameter `local` other than by calling
    /// it or passing it on to an inline function: a lambda value that
    /// mentions it or a call storing it needs it as a function value.
    fn escapes(&self, local: crate::check::LocalId, body: &'a ast::FunBody<'a>) -> bool {
        let s = &*self.cx.s;
        let is_it = |x: &ast::Expr<'_>| {
            matches!(x.kind, ast::ExprKind::Name(_))
                && s.typeck.res.get(&key(x)) == Some(&Res::Local(local))
        };
        let mentions = |b: &'a ast::Block<'a>| {
            let mut found = false;
            walk::block(b, &mut |x| {
                found |= is_it(x);
                !found
            });
            found
        };
        let mut fine: Vec<u32> = Vec::new();
        let mut escaped = false;
        let mut visit = |x: &'a ast::Expr<'a>| {
            match &x.kind {
                ast::ExprKind::Call {
                    callee,
                    args,
                    trailing,
                    ..
                } => {
                    fine.extend(is_it(callee).then_some(callee.span.start));
                    let inline_callee = match s.typeck.res.get(&key(x)) {
                        Some(Res::Def(d)) => s
                            .def(*d)
                            .item()
                            .is_some_and(|i| i.has(ast::ModifierKind::Inline)),
                        _ => false,
                    };
                    if inline_callee {
                        for a in args.iter().map(|a| &a.value) {
                            if is_it(a) || matches!(a.kind, ast::ExprKind::Lambda(_)) {
                                fine.push(a.span.start);
                            }
                        }
                    } else if trailing.is_some_and(|l| mentions(&l.body)) {
                        escaped = true;
                    }
                }
                ast::ExprKind::Lambda(l) if !fine.contains(&x.span.start) => {
                    escaped |= mentions(&l.body);
                }
                ast::ExprKind::AnonFun(_) => escaped = true,
                _ => escaped |= is_it(x) && !fine.contains(&x.span.start),
            }
            !escaped
        };
        match body {
            ast::FunBody::Block(b) => walk::block(b, &mut visit),
            ast::FunBody::Expr(x) => walk::expr(x, &mut visit),
        }
        escaped
    }

    /// Binds lambda parameter `local` of an expansion to the closure of its
    /// literal, made with what the literal sees where it is written.
    fn bind_lambda_value(
        &mut self,
        local: crate::check::LocalId,
        b: LambdaBinding<'a>,
        span: Span,
    ) {
        let fn_ty = self.local_ty(local);
        let saved = (
            std::mem::replace(&mut self.map, b.map.clone()),
            std::mem::replace(&mut self.this, b.this),
            std::mem::replace(&mut self.file, b.file),
            std::mem::replace(&mut self.tag, b.tag),
        );
        let v = self.closure_typed(fn_ty, LambdaBody::Lambda(b.lambda), b.lambda.span);
        self.map = saved.0;
        self.this = saved.1;
        self.file = saved.2;
        self.tag = saved.3;
        if let Some(v) = v {
            self.bind_value(local, v, span);
            self.drop_op(Some(v));
        }
    }

    /// A parameter of an expansion holding `v` (its own reference).
    fn bind_value(&mut self, local: crate::check::LocalId, v: Op, span: Span) {
        let ty = self.local_ty(local);
        match self.ir(ty) {
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
                self.unsupported(span, what);
            }
        }
    }

    /// Calls a lambda parameter of an inline expansion: its body,
    /// lowered here with what it sees where it is written.
    pub fn invoke_lambda_typed(
        &mut self,
        span: Span,
        t: Ty,
        b: LambdaBinding<'a>,
        args: &[(Op, Ty)],
    ) -> Option<Op> {
        self.invoke_lambda_on(span, t, b, None, args)
    }

    /// Calls a lambda parameter, with `recv` as `this` in its body when
    /// its type has a receiver (`block: T.() -> Unit`).
    pub fn invoke_lambda_on(
        &mut self,
        span: Span,
        t: Ty,
        b: LambdaBinding<'a>,
        recv: Option<(Op, Ty)>,
        args: &[(Op, Ty)],
    ) -> Option<Op> {
        let l = b.lambda;
        let this = recv.map(|(r, t)| (r.v, t)).or(b.this);
        let result = match self.ir(t) {
            Ok(t) => t,
            Err(what) => return self.unsupported(span, what),
        };
        let exit = self.b.create_block();
        let param = result.map(|t| self.b.append_block_param(exit, t));
        let saved = (
            std::mem::replace(&mut self.map, b.map.clone()),
            std::mem::replace(&mut self.this, this),
            std::mem::replace(&mut self.file, b.file),
            std::mem::replace(&mut self.tag, b.tag),
        );
        // the parameters (`it` is the lambda's own span)
        match l.params {
            Some(ps) => {
                for (p, (v, t)) in ps.iter().zip(args) {
                    self.bind_pattern(&p.pattern, *v, *t);
                }
            }
            None => {
                if let (Some(&local), Some((v, _))) =
                    (self.cx.locals_at.get(&(b.file, l.span.start)), args.first())
                {
                    self.bind_value(local, *v, l.span);
                }
            }
        }
        self.ctxs.push(Ctx::Lambda {
            exit,
            result,
            labels: [l.label.map(|x| x.name), b.callee],
            home: b.home,
            scope: self.scopes.len() - 1,
            loops: self.loops.len(),
        });
        let v = self.block(&l.body);
        let v = if result.is_some() {
            v
        } else {
            self.drop_op(v);
            None
        };
        self.return_to_ctx(self.ctxs.len() - 1, v);
        self.ctxs.pop();
        self.switch_to(exit);
        self.map = saved.0;
        self.this = saved.1;
        self.file = saved.2;
        self.tag = saved.3;
        param.map(|p| self.owned_if_counted(p))
    }

    /// `return` with an optional label: to the function, to the inline
    /// expansion it is written in, or out of a lambda.
    pub fn return_to(&mut self, label: Option<&'a str>, v: Option<Op>) {
        let mut at = self.ctxs.len() - 1;
        loop {
            match &self.ctxs[at] {
                Ctx::Lambda { labels, home, .. } => {
                    if label.is_some() && labels.contains(&label) {
                        break;
                    }
                    at = *home;
                }
                Ctx::Inline { .. } | Ctx::Function if label.is_none() => break,
                Ctx::Inline { .. } | Ctx::Function => {
                    // a label names a lambda further out, or the function
                    if at == 0 {
                        break;
                    }
                    at -= 1;
                }
            }
        }
        self.return_to_ctx(at, v);
    }

    /// Leaves to context `at` with the value `v`.
    pub fn return_to_ctx(&mut self, at: usize, v: Option<Op>) {
        if self.dead {
            return;
        }
        // the `finally` blocks being left run first
        self.run_finallies(at + 1, usize::MAX);
        if self.dead {
            self.drop_op(v);
            return;
        }
        match self.ctxs[at].clone() {
            Ctx::Function => self.ret(v),
            Ctx::Inline {
                exit,
                result,
                scope,
                loops,
            }
            | Ctx::Lambda {
                exit,
                result,
                scope,
                loops,
                ..
            } => {
                let value = match (result, v) {
                    (Some(t), Some(op)) => match self.fit(op, t, Span::default()) {
                        Some(op) => Some(self.owned(op).v),
                        None => return,
                    },
                    (None, v) => {
                        self.drop_op(v);
                        None
                    }
                    // `Unit` as a `Unit?` (a safe call of an inline function)
                    (Some(Type::Ref), None) => Some(self.b.ins().strconst(b"kotlin.Unit")),
                    (Some(_), None) => {
                        self.b.ins().unreachable();
                        self.end_block();
                        return;
                    }
                };
                // what the contexts being left hold is released; the
                // target's own scope is released at its exit
                self.release_scopes(scope + 1, loops);
                self.release_held(|h| h.ctxs > at);
                match value {
                    Some(v) => self.b.ins().jump(exit, &[v]),
                    None => self.b.ins().jump(exit, &[]),
                };
                self.end_block();
            }
        }
    }
}
