//! Control flow: `if`, `try`/`catch`, prefix `try`, `throw`, `return`,
//! `break`, `continue` and object expressions. `when` is in `when.rs`.

use seen_syntax::Span;
use seen_syntax::ast::{self, ExprKind};

use super::flow::Flow;
use super::{CatchFrame, Cx, LocalKind};
use crate::codes;
use crate::defs::DefKind;
use crate::ty::{Ty, TyKind};

impl<'s, 'a> Cx<'s, 'a> {
    /// Whether the value of `e` is thrown away (it is a statement).
    pub(crate) fn discarded(&self, e: &ast::Expr<'a>) -> bool {
        self.discarded.contains(&super::key(e))
    }

    /// A branch of an `if`, `when` or `try`: a block whose value is
    /// discarded when the whole expression's is.
    pub(crate) fn branch(
        &mut self,
        b: &'a ast::Block<'a>,
        expected: Option<Ty>,
        discard: bool,
    ) -> Ty {
        self.discard_last = discard;
        let t = self.block(b, if discard { None } else { expected });
        // a branch that does not fit a known expected type is reported at
        // the branch, not at the whole expression
        match expected.map(|x| self.resolve(x)) {
            Some(want) if !discard && !self.s.types.has_vars(want) && !self.subtype(t, want) => {
                let span = b.stmts.last().map_or(b.span, |s| s.span);
                self.mismatch(span, want, t);
                want
            }
            _ => t,
        }
    }

    pub(crate) fn if_expr(
        &mut self,
        e: &'a ast::Expr<'a>,
        i: &'a ast::IfExpr<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        let discard = self.discarded(e);
        let (yes, no) = self.cond(&i.cond);
        self.flow = yes;
        let then = self.branch(&i.then, expected, discard);
        let then = self.resolve(then);
        let after_then = std::mem::take(&mut self.flow);
        self.flow = no;
        let Some(els) = &i.els else {
            self.flow = self.join_flows(&after_then, &self.flow.clone());
            return Ty::UNIT;
        };
        let other = self.branch(els, expected, discard);
        let other = self.resolve(other);
        self.flow = self.join_flows(&after_then, &self.flow.clone());
        if discard {
            return if then == Ty::NOTHING && other == Ty::NOTHING {
                Ty::NOTHING
            } else {
                Ty::UNIT
            };
        }
        self.lub(then, other)
    }

    // ---- errors ---------------------------------------------------------

    /// `Result<T, E>` as `(T, E)`.
    pub(crate) fn result_parts(&mut self, t: Ty) -> Option<(Ty, Ty)> {
        let t = self.resolve(t);
        let result = self.s.lang("Result")?;
        match self.s.types.kind(t) {
            TyKind::Adt(d, args) if *d == result && args.len() == 2 => Some((args[0], args[1])),
            _ => None,
        }
    }

    /// `Error`, the general error type.
    fn general_error(&mut self) -> Option<Ty> {
        let d = self.s.lang("Error")?;
        Some(self.s.declared_type(d))
    }

    /// Where an error of type `err` goes from here: a `catch` of the
    /// enclosing `try` block, or the result of the enclosing function. Reports
    /// when it has nowhere to go or the types do not fit.
    fn propagate(&mut self, err: Ty, span: Span, what: &str) {
        let err = self.resolve(err);
        if err == Ty::ERROR {
            return;
        }
        // like a bare `return`, the error leaves through lambdas passed to
        // `inline` functions, up to the function around them
        let target = self.error_target();
        let depth = target.map_or(self.frames.len(), |t| t + 1);
        let general = self.general_error();
        for i in (0..self.catches.len()).rev() {
            if self.catches[i].frame_depth < depth {
                break;
            }
            if self.catches[i].frame_depth > depth
                && !self.transparent_between(depth, self.catches[i].frame_depth)
            {
                continue;
            }
            let types = self.catches[i].types.clone();
            for t in types {
                let all = t.is_none() || t == general;
                if all || t.is_some_and(|t| self.is_subtype_probe(err, t)) {
                    return;
                }
            }
        }
        let ret = target
            .and_then(|t| self.frames[t].ret)
            .map(|t| self.resolve(t));
        let Some(ret) = ret else {
            let d = self
                .err(
                    codes::TRY_CONTEXT,
                    format!("`{what}` needs to know the function's result type"),
                    span,
                    "here",
                )
                .help("declare the return type, e.g. `: Result<Int, String>`");
            self.emit(d);
            return;
        };
        let Some((_, want)) = self.result_parts(ret) else {
            if ret == Ty::ERROR {
                return;
            }
            let shown = self.show(ret);
            let d = self
                .err(codes::TRY_CONTEXT, format!("`{what}` is allowed only in a function that returns a `Result` (this one returns `{shown}`)"), span, "no `Result` to return")
                .help("make the function return `Result<..., E>`, or handle the error with `try { } catch (e: E) { }`, `getOrElse` or `unwrap()`");
            self.emit(d);
            return;
        };
        let want = self.resolve(want);
        if Some(want) == general || self.subtype(err, want) {
            return;
        }
        let (w, f) = (self.show(want), self.show(err));
        let d = self
            .err(codes::MISMATCH, format!("this error is a `{f}`, but the function's errors are `{w}`"), span, format!("a `{f}`"))
            .help(format!("convert it with `.mapError {{ ... }}` to a `{w}`, or make the function's error type `Error`"));
        self.emit(d);
    }

    /// The frame an error of `try` or `throw` goes to: the innermost
    /// function or non-inline lambda.
    fn error_target(&self) -> Option<usize> {
        (0..self.frames.len())
            .rev()
            .find(|&i| self.frames[i].is_fun || !self.frames[i].transparent)
    }

    /// Whether the frames from `from` (exclusive count) up to `to` are all
    /// lambdas passed to `inline` functions.
    fn transparent_between(&self, from: usize, to: usize) -> bool {
        (from..to.min(self.frames.len()))
            .all(|i| self.frames[i].transparent && !self.frames[i].is_fun)
    }

    /// Prefix `try e`: the `Ok` value, or the error goes to `propagate`.
    pub(crate) fn try_op(
        &mut self,
        e: &'a ast::Expr<'a>,
        inner: &'a ast::Expr<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        let want = match (expected, self.s.lang("Result")) {
            (Some(t), Some(r)) => {
                let v = self.fresh_var();
                Some(self.s.types.adt(r, &[t, v]))
            }
            _ => None,
        };
        let t = self.expr(inner, want);
        let t = self.resolve(t);
        if t == Ty::ERROR {
            return Ty::ERROR;
        }
        let Some((ok, err)) = self.result_parts(t) else {
            let shown = self.show(t);
            let d = self
                .err(codes::MISMATCH, format!("`try` takes a `Result`, not a `{shown}`"), inner.span, format!("a `{shown}`"))
                .help("prefix `try` unwraps an `Ok` or passes on an `Err`; other values need no `try`");
            self.emit(d);
            return Ty::ERROR;
        };
        self.propagate(err, e.span, "try");
        ok
    }

    /// `throw e`: the error goes to `propagate`; the expression is
    /// `Nothing`.
    pub(crate) fn throw(&mut self, e: &'a ast::Expr<'a>, inner: &'a ast::Expr<'a>) -> Ty {
        let target = self.error_target();
        let ret = target
            .and_then(|t| self.frames[t].ret)
            .map(|t| self.resolve(t));
        let want = ret.and_then(|r| self.result_parts(r)).map(|(_, e)| e);
        let t = self.expr(inner, want);
        self.propagate(t, e.span, "throw");
        self.flow = Flow::dead();
        Ty::NOTHING
    }

    /// `try { } catch (e: E) { } finally { }`
    pub(crate) fn try_expr(
        &mut self,
        e: &'a ast::Expr<'a>,
        t: &'a ast::TryExpr<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        let discard = self.discarded(e);
        let types: Vec<Option<Ty>> = t
            .catches
            .iter()
            .map(|c| c.ty.as_ref().map(|ty| self.s.resolve_type(ty, self.owner)))
            .collect();
        let before = self.flow.clone();
        if !t.catches.is_empty() {
            self.catches.push(CatchFrame {
                frame_depth: self.frames.len(),
                types: types.clone(),
            });
        }
        let body = self.branch(&t.body, expected, discard);
        let mut ty = self.resolve(body);
        if !t.catches.is_empty() {
            self.catches.pop();
        }
        // a handler may start anywhere in the body
        let mut out = self.flow.clone();
        let handler_entry = self.join_flows(&before, &self.flow.clone());
        for (c, cty) in t.catches.iter().zip(types) {
            self.flow = Flow {
                dead: false,
                ..handler_entry.clone()
            };
            self.push_scope();
            let err_ty = match cty {
                Some(t) => t,
                None => self.general_error().unwrap_or(Ty::ANY),
            };
            self.declare(c.name.name, err_ty, LocalKind::Catch, c.name.span);
            self.discard_last = discard;
            let h = self.block_value(&c.body, if discard { None } else { expected });
            self.pop_scope();
            let h = self.resolve(h);
            ty = if discard { Ty::UNIT } else { self.lub(ty, h) };
            out = self.join_flows(&out, &self.flow.clone());
        }
        self.flow = out;
        if let Some(f) = &t.finally {
            let saved = self.flow.clone();
            self.flow = Flow {
                dead: false,
                ..saved.clone()
            };
            self.branch(f, None, true);
            let finally_dead = self.flow.dead;
            self.flow = if finally_dead { Flow::dead() } else { saved };
        }
        if discard { Ty::UNIT } else { ty }
    }

    // ---- jumps ----------------------------------------------------------

    /// `return`, `return value`, `return@label value`.
    pub(crate) fn return_expr(
        &mut self,
        e: &'a ast::Expr<'a>,
        label: Option<ast::Ident<'a>>,
        value: Option<&'a ast::Expr<'a>>,
    ) -> Ty {
        let target = match label {
            Some(l) => {
                let found = self.frames.iter().rposition(|f| f.label == Some(l.name));
                if found.is_none() {
                    let d = self
                        .err(codes::JUMP, format!("no function or lambda labelled `{}` encloses this `return`", l.name), l.span, "unknown label")
                        .help("a lambda's label is the name of the function it is passed to, or one written as `name@{ ... }`");
                    self.emit(d);
                }
                found
            }
            None => self.bare_return_target(e.span),
        };
        let want = target.and_then(|i| self.frames[i].ret);
        match value {
            Some(v) => {
                let t = match want {
                    Some(w) => self.expr_coerce(v, w),
                    None => self.expr(v, None),
                };
                if let Some(i) = target {
                    if self.frames[i].ret.is_none() {
                        let t = self.resolve(t);
                        self.frames[i].returns.push(t);
                    }
                }
            }
            None => {
                if let Some(w) = want.map(|w| self.resolve(w)) {
                    if w != Ty::UNIT && w != Ty::ERROR {
                        let shown = self.show(w);
                        let d = self
                            .err(
                                codes::MISMATCH,
                                format!("`return` needs a value of type `{shown}`"),
                                e.span,
                                "no value",
                            )
                            .help(format!("write `return value` with a `{shown}`"));
                        self.emit(d);
                    }
                } else if let Some(i) = target {
                    if self.frames[i].ret.is_none() {
                        self.frames[i].returns.push(Ty::UNIT);
                    }
                }
            }
        }
        self.flow = Flow::dead();
        Ty::NOTHING
    }

    /// The frame a bare `return` leaves: the innermost function, through
    /// lambdas passed to `inline` functions only.
    fn bare_return_target(&mut self, span: Span) -> Option<usize> {
        for i in (0..self.frames.len()).rev() {
            let f = &self.frames[i];
            if f.is_fun {
                return Some(i);
            }
            if !f.transparent {
                let hint = match f.label {
                    Some(l) => format!("write `return@{l} value` to return from the lambda"),
                    None => "label the lambda (`name@{ ... }`) and write `return@name value`"
                        .to_string(),
                };
                let d = self
                    .err(codes::JUMP, "a bare `return` inside a lambda is allowed only when the lambda is passed to an `inline` function", span, "returns from the enclosing function")
                    .help(hint);
                self.emit(d);
                return None;
            }
        }
        None
    }

    /// `break`, `continue`, with an optional label.
    pub(crate) fn jump(
        &mut self,
        e: &'a ast::Expr<'a>,
        label: Option<ast::Ident<'a>>,
        is_break: bool,
    ) -> Ty {
        let word = if is_break { "break" } else { "continue" };
        let found = match label {
            Some(l) => self.loops.iter().rposition(|lp| lp.label == Some(l.name)),
            None => self.loops.len().checked_sub(1),
        };
        match found {
            Some(i) if self.loops[i].frame_depth == self.frames.len() => {
                if is_break {
                    self.loops[i].broken = true;
                }
            }
            Some(_) => {
                let d = self
                    .err(codes::JUMP, format!("`{word}` cannot leave a lambda to reach the loop around it"), e.span, "inside a lambda")
                    .help("use a `for` loop instead of the lambda, or `return@label` to leave the lambda");
                self.emit(d);
            }
            None => {
                let d = match label {
                    Some(l) => self
                        .err(
                            codes::JUMP,
                            format!("no loop labelled `{}` encloses this `{word}`", l.name),
                            l.span,
                            "unknown label",
                        )
                        .help(format!("label the loop: `{}@ for (...) {{ ... }}`", l.name)),
                    None => self.err(
                        codes::JUMP,
                        format!("`{word}` outside a loop"),
                        e.span,
                        "no loop here",
                    ),
                };
                self.emit(d);
            }
        }
        self.flow = Flow::dead();
        Ty::NOTHING
    }

    // ---- object expressions ----------------------------------------------

    /// `object : Base(args), Trait { members }`: an anonymous class,
    /// checked like a local class; its type is the object's own.
    pub(crate) fn object_expr(&mut self, e: &'a ast::Expr<'a>, o: &'a ast::ObjectExpr<'a>) -> Ty {
        if let Some(&def) = self.s.object_exprs.get(&super::key(e)) {
            return self.s.declared_type(def);
        }
        let class = self.s.arena.alloc(ast::ClassDecl {
            kind: ast::ClassKind::Object,
            name: None,
            type_params: &[],
            ctor: None,
            supers: o.supers,
            entries: &[],
            members: o.members,
            where_clause: &[],
        });
        let item = self.s.arena.alloc(ast::Item {
            annotations: &[],
            modifiers: &[],
            kind: ast::ItemKind::Class(class),
            span: e.span,
            doc: None,
        });
        let Some(def) = self.local_item(item) else {
            return Ty::ERROR;
        };
        debug_assert!(matches!(self.s.def(def).kind, DefKind::Class(_)));
        self.s.object_exprs.insert(super::key(e), def);
        self.s.declared_type(def)
    }

    /// Whether an expression can be computed by the compiler: literals,
    /// constants, enum entries, operators on them, `@compile_time` calls
    /// with constant arguments (checked after the expression).
    pub(crate) fn is_constant(&self, e: &ast::Expr<'a>) -> bool {
        use super::Res;
        let def_ok = |d: crate::defs::DefId| {
            let def = self.s.def(d);
            let is_const = matches!(def.item().map(|i| &i.kind), Some(ast::ItemKind::Property(p)) if p.binding == ast::BindingKind::Const);
            def.kind == DefKind::EnumEntry || is_const
        };
        match &e.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Char(_)
            | ExprKind::Bool(_)
            | ExprKind::Null => true,
            ExprKind::Str(s) => s.parts.iter().all(|p| match p {
                ast::StrPart::Text(_) => true,
                ast::StrPart::Expr(x) => self.is_constant(x),
            }),
            ExprKind::Paren(x) | ExprKind::Unary { expr: x, .. } => self.is_constant(x),
            ExprKind::Binary { lhs, rhs, .. } => self.is_constant(lhs) && self.is_constant(rhs),
            ExprKind::Tuple(items) => items.iter().all(|x| self.is_constant(x)),
            ExprKind::Name(_) | ExprKind::Member { .. } => {
                matches!(self.s.typeck.res.get(&super::key(e)), Some(Res::Def(d)) if def_ok(*d))
            }
            ExprKind::Call { args, .. } => {
                let compile_time = crate::sigs::annotation("compile_time");
                let callee_ok = match self.s.typeck.res.get(&super::key(e)) {
                    Some(Res::Def(d)) => {
                        self.s
                            .def(*d)
                            .annotations()
                            .iter()
                            .any(|a| Some(a.name.name) == compile_time)
                            || self.s.def(*d).kind == DefKind::EnumEntry
                    }
                    _ => false,
                };
                callee_ok && args.iter().all(|a| self.is_constant(&a.value))
            }
            _ => false,
        }
    }

    /// Whether an expression is a literal or a name that a `when` arm may
    /// repeat (for the duplicate-arm warning): its text.
    pub(crate) fn constant_key(&self, e: &ast::Expr<'a>) -> Option<String> {
        match &e.kind {
            ExprKind::Int(lit) => Some(format!("i{}", lit.value)),
            ExprKind::Char(c) => Some(format!("c{c}")),
            ExprKind::Bool(b) => Some(format!("b{b}")),
            ExprKind::Null => Some("null".to_string()),
            ExprKind::Str(s) if s.parts.iter().all(|p| matches!(p, ast::StrPart::Text(_))) => {
                let text: String = s
                    .parts
                    .iter()
                    .map(|p| {
                        if let ast::StrPart::Text(t) = p {
                            *t
                        } else {
                            ""
                        }
                    })
                    .collect();
                Some(format!("s{text}"))
            }
            ExprKind::Paren(inner) => self.constant_key(inner),
            _ => None,
        }
    }
}
