//! Blocks and statements: local declarations, assignments, loops; the
//! entry points for function bodies, accessors and class headers.

use seen_syntax::ast::{self, AssignOp, ExprKind, ItemKind, PatternKind, StmtKind};
use seen_syntax::{Diagnostic, Span};

use super::flow::{Flow, Place};
use super::{Cx, Frame, LocalKind, LoopFrame, Res, key};
use crate::codes;
use crate::defs::{DefId, DefKind};
use crate::ty::{Ty, TyKind};

impl<'s, 'a> Cx<'s, 'a> {
    /// Declares a function's parameters (and its receiver as `this`).
    pub(crate) fn enter_fun_params(&mut self, def: DefId) {
        let sig = match self.s.partial_sigs.get(&def) {
            Some(s) => s.clone(),
            None => self.s.signature(def),
        };
        if let Some(r) = sig.receiver {
            if self.s.is_extension(def) {
                self.receivers.push(r);
            }
        }
        let params = match self.s.def(def).item().map(|i| &i.kind) {
            Some(ItemKind::Fun(f)) => f.params,
            Some(ItemKind::Constructor(c)) => c.params,
            _ => &[],
        };
        for (p, ps) in params.iter().zip(&sig.params) {
            let ty = if ps.vararg {
                self.list_of(ps.ty)
            } else {
                ps.ty
            };
            self.declare(p.name.name, ty, LocalKind::Param, p.name.span);
        }
    }

    /// `List<T>`.
    pub(crate) fn list_of(&mut self, t: Ty) -> Ty {
        match self.s.lang("List") {
            Some(d) => self.s.types.adt(d, &[t]),
            None => Ty::ERROR,
        }
    }

    /// A function's block body: every path must end in `return` or a
    /// `Nothing` expression unless it returns `Unit`.
    pub(crate) fn fun_block(&mut self, b: &'a ast::Block<'a>, ret: Ty, name_span: Span) {
        self.discard_last = true;
        self.block(b, None);
        if !self.flow.dead && ret != Ty::UNIT && ret != Ty::ERROR && ret != Ty::NOTHING {
            let t = self.show(ret);
            let end = Span::at(b.span.end.saturating_sub(1));
            let d = self
                .err(codes::MISSING_RETURN, format!("this function returns `{t}` but can reach its end without a `return`"), end, "the end of the body")
                .secondary(self.file, name_span, "declared here")
                .help("end every path with `return value` (or a call that never returns, such as `panic`)");
            self.emit(d);
        }
    }

    /// A function without a body must be abstract, external or in a trait.
    pub(crate) fn check_bodiless(&mut self, def: DefId, item: &'a ast::Item<'a>, span: Span) {
        let in_trait =
            self.s.def(def).parent.is_some_and(|p| {
                matches!(self.s.def(p).kind, DefKind::Class(ast::ClassKind::Trait))
            });
        let ok = in_trait
            || item.has(ast::ModifierKind::Abstract)
            || item.has(ast::ModifierKind::External)
            || self.s.is_builtin(def);
        if !ok {
            let name = self.s.def(def).name;
            let d = self
                .err(codes::NO_BODY, format!("`{name}` has no body"), span, "declared without `{ }` or `=`")
                .help("give it a body, or mark it `abstract` (in an abstract class) or `external` (implemented in C)");
            self.emit(d);
        }
    }

    /// A block; its value is its last expression's.
    pub(crate) fn block(&mut self, b: &'a ast::Block<'a>, expected: Option<Ty>) -> Ty {
        self.push_scope();
        let t = self.block_value(b, expected);
        self.pop_scope();
        t
    }

    /// The statements of a block in the current scope; the value of the
    /// last one when it is an expression.
    pub(crate) fn block_value(&mut self, b: &'a ast::Block<'a>, expected: Option<Ty>) -> Ty {
        let mut value = Ty::UNIT;
        let mut warned = false;
        let discard_last = std::mem::take(&mut self.discard_last);
        for (i, s) in b.stmts.iter().enumerate() {
            if self.flow.dead && !warned && self.probing == 0 {
                let d = Diagnostic::warning(codes::UNREACHABLE, "this code is never run")
                    .primary(self.file, s.span, "unreachable")
                    .help("the code before it always returns, throws or jumps away");
                self.s.report(d);
                warned = true;
            }
            let last = i + 1 == b.stmts.len();
            if let StmtKind::Expr(e) = &s.kind {
                if !last || discard_last {
                    self.discarded.insert(super::key(e));
                }
            }
            value = self.stmt(s, if last { expected } else { None });
            if !last {
                value = Ty::UNIT;
            }
        }
        if self.flow.dead { Ty::NOTHING } else { value }
    }

    /// One statement; its value when it is an expression statement.
    fn stmt(&mut self, s: &'a ast::Stmt<'a>, expected: Option<Ty>) -> Ty {
        match &s.kind {
            StmtKind::Expr(e) => {
                let t = self.expr(e, expected);
                let t = self.resolve(t);
                if t == Ty::NOTHING {
                    self.flow = Flow::dead();
                }
                self.warn_discarded_result(e, t);
                t
            }
            StmtKind::Decl(item) => {
                self.local_decl(item);
                Ty::UNIT
            }
            StmtKind::Assign(a) => {
                self.assign(a);
                Ty::UNIT
            }
            StmtKind::For(f) => {
                self.for_loop(f);
                Ty::UNIT
            }
            StmtKind::While(w) => {
                self.while_loop(w, false);
                Ty::UNIT
            }
            StmtKind::DoWhile(w) => {
                self.while_loop(w, true);
                Ty::UNIT
            }
        }
    }

    /// A call whose `Result` is thrown away hides its error (W0105).
    fn warn_discarded_result(&mut self, e: &'a ast::Expr<'a>, t: Ty) {
        let is_call = matches!(e.kind, ExprKind::Call { .. });
        if !is_call || !self.discarded(e) || self.probing > 0 || self.result_parts(t).is_none() {
            return;
        }
        let d = Diagnostic::warning(codes::UNUSED_RESULT, "the `Result` of this call is discarded")
            .primary(self.file, e.span, "its error is ignored")
            .help("handle it with `try`, `unwrap()` or `getOrElse { }`, or write `let _ = ...` to discard it on purpose");
        self.s.report(d);
    }

    /// A declaration inside a body: a local binding, or a local function,
    /// class or alias (collected now, checked in place).
    fn local_decl(&mut self, item: &'a ast::Item<'a>) {
        match &item.kind {
            ItemKind::Property(p) => self.local_binding(p),
            _ => {
                self.local_item(item);
            }
        }
    }

    fn local_binding(&mut self, p: &'a ast::PropertyDecl<'a>) {
        let declared = p.ty.as_ref().map(|t| self.s.resolve_type(t, self.owner));
        let kind = match p.binding {
            ast::BindingKind::Var => LocalKind::Var,
            _ => LocalKind::Let,
        };
        let ty = match (&p.init, declared) {
            (Some(init), Some(t)) => {
                self.expr_coerce(init, t);
                t
            }
            (Some(init), None) => {
                let t = self.expr(init, None);
                let t = self.resolve(t);
                if t == Ty::NULL {
                    let d = self
                        .err(
                            codes::CANNOT_INFER,
                            "`null` alone does not say the variable's type",
                            init.span,
                            "only `null`",
                        )
                        .help("write the type: `var x: String? = null`");
                    self.emit(d);
                }
                t
            }
            (None, Some(t)) => t,
            (None, None) => {
                let d = self
                    .err(
                        codes::CANNOT_INFER,
                        "a variable without a value needs a type",
                        p.pattern.span,
                        "no type and no value",
                    )
                    .help("write `let x: Int` and assign it later, or give it a value");
                self.emit(d);
                Ty::ERROR
            }
        };
        if self.resolve(ty) == Ty::NOTHING && p.init.is_some() {
            self.flow = Flow::dead();
        }
        match p.pattern.kind {
            PatternKind::Binding(name) => {
                let id = self.declare(name.name, ty, kind, name.span);
                self.record_res(&p.pattern, Res::Local(id));
                if p.init.is_none() {
                    self.flow.unassigned.insert(id);
                }
            }
            _ => self.bind_pattern(&p.pattern, ty, kind),
        }
    }

    /// Declares the names a destructuring pattern binds (`(a, b)`, `_`).
    pub(crate) fn bind_pattern(&mut self, pat: &'a ast::Pattern<'a>, ty: Ty, kind: LocalKind) {
        match &pat.kind {
            PatternKind::Wildcard => {}
            PatternKind::Binding(name) => {
                let id = self.declare(name.name, ty, kind, name.span);
                self.record_res(pat, Res::Local(id));
            }
            PatternKind::Tuple(parts) => {
                let comps = self.components(ty, parts.len(), pat.span);
                for (part, t) in parts.iter().zip(comps) {
                    self.bind_pattern(part, t, kind);
                }
            }
            PatternKind::Ctor { .. } | PatternKind::Value(_) => {}
        }
    }

    /// The types of the first `n` components of a destructured value: a
    /// tuple's elements, a data class's properties, a map entry's key and
    /// value, an indexed value's index and value.
    pub(crate) fn components(&mut self, ty: Ty, n: usize, span: Span) -> Vec<Ty> {
        let ty = self.resolve(ty);
        if ty == Ty::ERROR {
            return vec![Ty::ERROR; n];
        }
        let comps: Option<Vec<Ty>> = match self.s.types.kind(ty).clone() {
            TyKind::Tuple(ts) => Some(ts.to_vec()),
            TyKind::Adt(d, args) => {
                let props = self.s.component_properties(d);
                (!props.is_empty()).then(|| {
                    let params = self.s.def(d).type_params.clone();
                    let map = self.s.subst_map(&params, &args);
                    props
                        .into_iter()
                        .map(|p| {
                            let t = self.s.property_type(p);
                            self.s.types.subst(t, &map)
                        })
                        .collect()
                })
            }
            _ => None,
        };
        match comps {
            Some(c) if c.len() >= n => c.into_iter().take(n).collect(),
            Some(c) => {
                let shown = self.show(ty);
                let d = self.err(
                    codes::DESTRUCTURE,
                    format!("a `{shown}` has {} parts, not {n}", c.len()),
                    span,
                    "too many names",
                );
                self.emit(d);
                let mut v = c;
                v.resize(n, Ty::ERROR);
                v
            }
            None => {
                let shown = self.show(ty);
                let d = self
                    .err(codes::DESTRUCTURE, format!("a `{shown}` cannot be destructured"), span, "not a tuple or data class")
                    .help("tuples, `Pair`s, data classes, map entries and `withIndex()` elements destructure");
                self.emit(d);
                vec![Ty::ERROR; n]
            }
        }
    }

    fn assign(&mut self, a: &'a ast::Assign<'a>) {
        if let ExprKind::Index { receiver, indices } = &a.target.kind {
            return self.assign_index(a, receiver, indices);
        }
        let target_ty = self.assign_target(&a.target);
        let place_local = match self.s.typeck.res.get(&super::key(&a.target)).copied() {
            Some(Res::Local(l)) => Some(l),
            _ => None,
        };
        if a.op == AssignOp::Assign {
            let declared = place_local.map_or(target_ty, |l| self.local(l).ty);
            let v = self.expr_coerce(&a.value, declared);
            let v = self.resolve(v);
            if let Some(l) = place_local {
                self.definite_assign(l, a.target.span);
                self.kill(l);
                // a `var` holding a non-null value is non-null until changed
                if v != declared
                    && self.local(l).kind == LocalKind::Var
                    && self.s.types.is_nullable(declared)
                    && !self.s.types.is_nullable(v)
                    && v != Ty::ERROR
                {
                    Self::narrow(&mut self.flow, Place::Local(l), v);
                }
            } else {
                self.check_assignable(&a.target, "=");
            }
            return;
        }
        // a compound assignment: `operator fun +=` or `a = a + b`
        let v = self.expr(&a.value, Some(target_ty));
        let v = self.resolve(v);
        let sym = &a.op.symbol()[..a.op.symbol().len() - 1];
        let string = self.string_ty();
        let numeric = self.s.types.is_numeric(target_ty) && target_ty == v;
        let concat = a.op == AssignOp::Add && target_ty == string;
        let char_step =
            target_ty == Ty::CHAR && v == Ty::INT && matches!(a.op, AssignOp::Add | AssignOp::Sub);
        if numeric || concat || char_step || target_ty == Ty::ERROR || v == Ty::ERROR {
            self.check_assignable(&a.target, a.op.symbol());
            if let Some(l) = place_local {
                self.kill(l);
            }
            return;
        }
        if self.s.types.is_numeric(target_ty) {
            self.mixed(a.value.span, sym, target_ty, v);
            return;
        }
        // `operator fun +=` on the type, else `a = a + b` on a `var`
        let op_assign = self.method_candidates(target_ty, a.op.symbol(), true);
        if !op_assign.is_empty() {
            let fake = self.stand_in(&a.value);
            self.resolve_method_by_types(fake, target_ty, a.op.symbol(), &[(v, a.value.span)]);
            self.move_call(fake, super::op_key(a));
            return;
        }
        let fake = self.stand_in(&a.value);
        let r = self.operator_call(fake, sym, target_ty, &[(v, a.value.span)], a.value.span);
        self.move_call(fake, super::op_key(a));
        if let Some(r) = r {
            if !self.subtype(r, target_ty) {
                self.mismatch(a.value.span, target_ty, r);
            }
        }
        self.check_assignable(&a.target, a.op.symbol());
    }

    /// An expression standing in for `e` where a call is resolved whose
    /// result must not land on `e`'s own record (the operator of a
    /// compound assignment, recorded on the assignment).
    fn stand_in(&mut self, e: &ast::Expr<'a>) -> &'a ast::Expr<'a> {
        self.s.arena.alloc(ast::Expr {
            kind: ExprKind::Error,
            span: e.span,
        })
    }

    /// Moves what was recorded at `from` (its callee, its instantiation)
    /// to key `to`.
    fn move_call(&mut self, from: &ast::Expr<'a>, to: usize) {
        let k = key(from);
        if let Some(r) = self.s.typeck.res.remove(&k) {
            self.s.typeck.res.insert(to, r);
        }
        if let Some(info) = self.s.typeck.calls.remove(&k) {
            self.recorded.push(to);
            self.s.typeck.calls.insert(to, info);
        }
    }

    /// The type of an assignment's target, resolving it as a place.
    fn assign_target(&mut self, target: &'a ast::Expr<'a>) -> Ty {
        match &target.kind {
            ExprKind::Name(id) => {
                if let Some(l) = self.find_local(id.name) {
                    self.record_res(target, Res::Local(l));
                    let t = self.local(l).ty;
                    self.record(target, t);
                    return t;
                }
                if let Some(field) = self.frames.iter().rev().find_map(|f| f.field) {
                    if id.name == seen_syntax::Word::Field.canonical() {
                        self.record_res(target, Res::Def(field));
                        return self.s.property_type(field);
                    }
                }
                self.expr(target, None)
            }
            _ => self.expr(target, None),
        }
    }

    /// `a[i] = v` calls `set(i, v)`; `a[i] += v` calls `get` then `set`.
    fn assign_index(
        &mut self,
        a: &'a ast::Assign<'a>,
        receiver: &'a ast::Expr<'a>,
        indices: &'a [ast::Expr<'a>],
    ) {
        let rt = self.expr(receiver, None);
        let rt = self.resolve(rt);
        if rt == Ty::ERROR {
            self.expr(&a.value, None);
            return;
        }
        let mut elem = None;
        if a.op != AssignOp::Assign {
            let get = ast::Ident {
                name: "get",
                span: a.target.span,
            };
            elem = Some(self.method_call_args(&a.target, rt, &get, indices, None));
        }
        let mut args: Vec<(Ty, Span)> = indices
            .iter()
            .map(|i| {
                let t = self.expr(i, None);
                (self.resolve(t), i.span)
            })
            .collect();
        let v = match elem {
            Some(el) => {
                let v = self.expr(&a.value, Some(el));
                let v = self.resolve(v);
                let sym = &a.op.symbol()[..a.op.symbol().len() - 1];
                if self.s.types.is_numeric(el) && el == v {
                    el
                } else {
                    let fake = self.stand_in(&a.value);
                    let r = self.operator_call(fake, sym, el, &[(v, a.value.span)], a.value.span);
                    self.move_call(fake, super::op_key(a));
                    r.unwrap_or(Ty::ERROR)
                }
            }
            None => {
                let t = self.expr(&a.value, None);
                self.resolve(t)
            }
        };
        args.push((v, a.value.span));
        if self
            .resolve_method_by_types(&a.target, rt, "set", &args)
            .is_none()
        {
            let shown = self.show(rt);
            let d = self.err(
                codes::OPERATOR,
                format!("`{shown}` has no `set` operator: its elements cannot be assigned"),
                a.target.span,
                "assigned here",
            );
            self.emit(d);
        }
    }

    /// Records an assignment of a deferred local: a `let` may be assigned
    /// once.
    fn definite_assign(&mut self, l: super::LocalId, span: Span) {
        let info = self.local(l).clone();
        if info.kind == LocalKind::Var {
            self.flow.unassigned.remove(&l);
            return;
        }
        let deferred = self.flow.unassigned.contains(&l) || self.flow.maybe_assigned.contains(&l);
        if !deferred || self.flow.maybe_assigned.contains(&l) {
            let d = self
                .err(
                    codes::REASSIGN,
                    format!("`{}` is a `let` and cannot be assigned again", info.name),
                    span,
                    "assigned here",
                )
                .secondary(info.file, info.span, "declared here")
                .help("declare it with `var` to change it");
            self.emit(d);
        }
        self.flow.unassigned.remove(&l);
        self.flow.maybe_assigned.insert(l);
    }

    fn for_loop(&mut self, f: &'a ast::ForLoop<'a>) {
        let it = self.expr(&f.iterable, None);
        let it = self.resolve(it);
        let elem = self.element_type(it, f.iterable.span);
        self.push_scope();
        self.bind_pattern(&f.pattern, elem, LocalKind::Loop);
        self.loop_body(f.label.map(|l| l.name), &f.body, None, false);
        self.pop_scope();
    }

    /// What `for` over a value of type `t` visits: `iterator().next()`.
    pub(crate) fn element_type(&mut self, t: Ty, span: Span) -> Ty {
        if t == Ty::ERROR {
            return Ty::ERROR;
        }
        let fake = self.s.arena.alloc(ast::Expr {
            kind: ExprKind::Error,
            span,
        });
        let iter = self.resolve_method_by_types(fake, t, "iterator", &[]);
        let next = iter.and_then(|i| self.resolve_method_by_types(fake, i, "next", &[]));
        match next {
            Some(n) => n,
            None => {
                let shown = self.show(t);
                let d = self
                    .err(codes::NOT_ITERABLE, format!("a `{shown}` cannot be iterated with `for`"), span, "not iterable")
                    .help("`for` takes ranges, strings, collections, maps and anything with `fun iterator()`");
                self.emit(d);
                Ty::ERROR
            }
        }
    }

    fn while_loop(&mut self, w: &'a ast::WhileLoop<'a>, do_while: bool) {
        if do_while {
            self.loop_body(w.label.map(|l| l.name), &w.body, None, true);
            self.push_scope();
            let (_, no) = self.cond(&w.cond);
            self.pop_scope();
            self.flow = no;
            return;
        }
        // the condition runs again after the body: what the body changes
        // is not known there
        let changed = assigned_names(&w.body);
        self.forget_changed(&changed);
        let (yes, no) = self.cond(&w.cond);
        let endless = matches!(w.cond.kind, ExprKind::Bool(true));
        self.flow = yes;
        let broken = self.loop_body(w.label.map(|l| l.name), &w.body, Some(&no), false);
        if endless && !broken {
            self.flow = Flow::dead();
        }
    }

    /// A loop body: smart casts of variables the body changes are dropped
    /// before it runs; after the loop, the facts are those at its exit.
    fn loop_body(
        &mut self,
        label: Option<&'a str>,
        body: &'a ast::Block<'a>,
        exit: Option<&Flow>,
        do_while: bool,
    ) -> bool {
        let changed = assigned_names(body);
        let before = self.flow.clone();
        if exit.is_none() {
            self.forget_changed(&changed);
        }
        self.loops.push(LoopFrame {
            label,
            frame_depth: self.frames.len(),
            broken: false,
        });
        self.discard_last = true;
        self.block(body, None);
        let broken = self.loops.pop().is_some_and(|l| l.broken);
        let after_body = self.flow.clone();
        let mut out = match exit {
            Some(e) => self.join_flows(
                e,
                &Flow {
                    dead: false,
                    ..before.clone()
                },
            ),
            None if do_while => after_body,
            None => self.join_flows(&before, &after_body),
        };
        out.narrowed.retain(|p, _| match p {
            Place::Local(l) => !changed.contains(&self.s.typeck.locals[l.0 as usize].name.as_str()),
            Place::This => true,
        });
        self.flow = out;
        broken
    }

    /// Drops the smart casts of the locals named in `changed`.
    fn forget_changed(&mut self, changed: &[&str]) {
        let locals = &self.s.typeck.locals;
        self.flow.narrowed.retain(|p, _| match p {
            Place::Local(l) => !changed.contains(&locals[l.0 as usize].name.as_str()),
            Place::This => true,
        });
    }

    /// Property accessors: `get()` returns the property's type; `set(v)`
    /// takes it; `field` is the backing storage inside both.
    pub(crate) fn check_accessors(&mut self, def: DefId, p: &'a ast::PropertyDecl<'a>, ty: Ty) {
        for (acc, is_get) in [(p.getter, true), (p.setter, false)] {
            let Some(acc) = acc else { continue };
            let Some(body) = &acc.body else { continue };
            // each accessor is a function of its own
            self.flow = Flow::default();
            self.push_scope();
            if p.receiver.is_some() {
                if let Some(r) = self.s.extension_receiver(def) {
                    self.receivers.push(r);
                }
            }
            let field = self.declare(
                seen_syntax::Word::Field.canonical(),
                ty,
                LocalKind::Var,
                acc.span,
            );
            self.mark_used(field);
            if let Some(param) = &acc.param {
                self.declare(param.name.name, ty, LocalKind::Param, param.name.span);
            }
            let ret = if is_get { ty } else { Ty::UNIT };
            self.frames.push(Frame {
                ret: Some(ret),
                returns: Vec::new(),
                label: None,
                transparent: false,
                is_fun: true,
                field: Some(def),
                suspend: false,
            });
            match body {
                ast::FunBody::Expr(e) => {
                    self.expr_coerce(e, ret);
                }
                ast::FunBody::Block(b) => self.fun_block(b, ret, acc.span),
            }
            self.frames.pop();
            if p.receiver.is_some() {
                self.receivers.pop();
            }
            self.pop_scope();
        }
    }

    /// A class header and body-level code: constructor parameters and
    /// their defaults, the base class's constructor arguments, delegates,
    /// enum entry arguments, `init` and `deinit` blocks.
    pub(crate) fn check_class_header(&mut self, class: DefId, c: &'a ast::ClassDecl<'a>) {
        self.frames.push(Frame {
            ret: Some(Ty::UNIT),
            returns: Vec::new(),
            label: None,
            transparent: false,
            is_fun: true,
            field: None,
            suspend: false,
        });
        if let Some(ctor) = &c.ctor {
            for p in ctor.params {
                let t =
                    p.ty.as_ref()
                        .map_or(Ty::ERROR, |t| self.s.resolve_type(t, class));
                if let Some(d) = &p.default {
                    self.expr_coerce(d, t);
                }
                let id = self.declare(p.name.name, t, LocalKind::Param, p.name.span);
                self.mark_used(id);
            }
        }
        for s in c.supers {
            if let Some(args) = s.args {
                self.super_ctor_call(class, s, args);
            }
            if let Some(d) = &s.delegate {
                let want = self.s.resolve_type(&s.ty, class);
                self.expr_coerce(d, want);
            }
        }
        for entry in c.entries {
            self.enum_entry_args(class, entry);
        }
        self.in_init = Some(class);
        for m in c.members {
            match &m.kind {
                ItemKind::Init(b) | ItemKind::Deinit(b) => {
                    self.block(b, Some(Ty::UNIT));
                    self.flow = Flow::default();
                }
                ItemKind::Property(p) if p.init.is_some() => {}
                _ => {}
            }
        }
        self.in_init = None;
        self.frames.pop();
    }

    fn super_ctor_call(
        &mut self,
        class: DefId,
        s: &'a ast::SuperType<'a>,
        args: &'a [ast::Arg<'a>],
    ) {
        let t = self.s.resolve_type(&s.ty, class);
        let Some((base, targs)) = self.s.class_of(t) else {
            return;
        };
        if !matches!(self.s.def(base).kind, DefKind::Class(_)) {
            return;
        }
        let call_args: Vec<super::calls::CallArg<'a>> = args
            .iter()
            .map(|a| super::calls::CallArg {
                name: a.name.map(|n| n.name),
                expr: Some(&a.value),
                ty: Ty::ERROR,
                span: a.span,
            })
            .collect();
        let mut cands = Vec::new();
        let sig = self.s.signature(base);
        let params = self.s.def(base).type_params.clone();
        let map = self.s.subst_map(&params, &targs);
        let mut sig = sig;
        for p in &mut sig.params {
            p.ty = self.s.types.subst(p.ty, &map);
        }
        sig.type_params.clear();
        cands.push(super::calls::Candidate {
            def: Some(base),
            sig,
            receiver: None,
        });
        let fake = self.s.arena.alloc(ast::Expr {
            kind: ExprKind::Error,
            span: s.span,
        });
        self.resolve_call(
            fake,
            fake,
            self.s.def(base).name,
            s.span,
            cands,
            &call_args,
            &[],
            None,
        );
    }

    fn enum_entry_args(&mut self, enum_def: DefId, entry: &'a ast::EnumEntry<'a>) {
        if let Some(v) = &entry.value {
            self.expr_coerce(v, Ty::INT);
        }
        let Some(args) = entry.args else { return };
        let call_args: Vec<super::calls::CallArg<'a>> = args
            .iter()
            .map(|a| super::calls::CallArg {
                name: a.name.map(|n| n.name),
                expr: Some(&a.value),
                ty: Ty::ERROR,
                span: a.span,
            })
            .collect();
        let sig = self.s.signature(enum_def);
        let cand = super::calls::Candidate {
            def: Some(enum_def),
            sig,
            receiver: None,
        };
        let fake = self.s.arena.alloc(ast::Expr {
            kind: ExprKind::Error,
            span: entry.span,
        });
        self.resolve_call(
            fake,
            fake,
            entry.name.name,
            entry.name.span,
            vec![cand],
            &call_args,
            &[],
            None,
        );
    }

    /// `: this(...)` or `: super(...)` of a secondary constructor.
    pub(crate) fn check_delegation(&mut self, class: DefId, d: &'a ast::CtorDelegation<'a>) {
        let call_args: Vec<super::calls::CallArg<'a>> = d
            .args
            .iter()
            .map(|a| super::calls::CallArg {
                name: a.name.map(|n| n.name),
                expr: Some(&a.value),
                ty: Ty::ERROR,
                span: a.span,
            })
            .collect();
        let target = if d.to_super {
            let supers = self.s.supertypes(class);
            match supers.first().and_then(|t| self.s.class_of(*t)) {
                Some((b, _)) => b,
                None => return,
            }
        } else {
            class
        };
        let mut cands = Vec::new();
        if self.s.has_primary_or_no_ctor(target) {
            let sig = self.s.signature(target);
            cands.push(super::calls::Candidate {
                def: Some(target),
                sig,
                receiver: None,
            });
        }
        for c in self
            .s
            .def(target)
            .members
            .get(seen_syntax::Word::Constructor.canonical())
            .cloned()
            .unwrap_or_default()
        {
            if c == self.owner {
                continue;
            }
            let sig = self.s.signature(c);
            cands.push(super::calls::Candidate {
                def: Some(c),
                sig,
                receiver: None,
            });
        }
        let fake = self.s.arena.alloc(ast::Expr {
            kind: ExprKind::Error,
            span: d.span,
        });
        self.resolve_call(
            fake,
            fake,
            self.s.def(target).name,
            d.span,
            cands,
            &call_args,
            &[],
            None,
        );
        // what the lowering needs, under the delegation's own key
        self.move_call(fake, key(d));
    }

    /// The names of the locals in scope (for "did you mean").
    pub(crate) fn scope_names(&self) -> Vec<&'a str> {
        self.scopes.iter().flatten().map(|(n, _)| *n).collect()
    }
}

/// The names a block assigns anywhere inside it (for dropping smart casts
/// around loops and lambdas).
pub(crate) fn assigned_names<'a>(b: &'a ast::Block<'a>) -> Vec<&'a str> {
    let mut out = Vec::new();
    collect_assigned(b, &mut out);
    out
}

fn collect_assigned<'a>(b: &'a ast::Block<'a>, out: &mut Vec<&'a str>) {
    for s in b.stmts {
        match &s.kind {
            StmtKind::Assign(a) => {
                if let ExprKind::Name(id) = a.target.kind {
                    out.push(id.name);
                }
                expr_assigned(&a.value, out);
            }
            StmtKind::Expr(e) => expr_assigned(e, out),
            StmtKind::For(f) => collect_assigned(&f.body, out),
            StmtKind::While(w) | StmtKind::DoWhile(w) => collect_assigned(&w.body, out),
            StmtKind::Decl(_) => {}
        }
    }
}

fn expr_assigned<'a>(e: &'a ast::Expr<'a>, out: &mut Vec<&'a str>) {
    match &e.kind {
        ExprKind::If(i) => {
            collect_assigned(&i.then, out);
            if let Some(els) = &i.els {
                collect_assigned(els, out);
            }
        }
        ExprKind::Block(b) => collect_assigned(b, out),
        ExprKind::When(w) => {
            for arm in w.arms {
                collect_assigned(&arm.body, out);
            }
        }
        ExprKind::Lambda(l) => collect_assigned(&l.body, out),
        ExprKind::Call { args, trailing, .. } => {
            for a in args.iter() {
                expr_assigned(&a.value, out);
            }
            if let Some(l) = trailing {
                collect_assigned(&l.body, out);
            }
        }
        ExprKind::Postfix { expr, .. } | ExprKind::Unary { expr, .. } => {
            if let ExprKind::Name(id) = expr.kind {
                out.push(id.name);
            }
        }
        _ => {}
    }
}
