//! Expressions: literals, names, operators, calls, `if` and `when`.

use seen_ir::{FloatCC, IntCC, Type, Value};
use seen_syntax::{Span, ast};

use super::body::{CountedRange, Fl, Op};
use super::calls::Site;
use crate::check::{Res, key};
use crate::defs::DefId;
use crate::ty::{Ty, TyKind};

use ast::BinaryOp as B;

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// The checked type of an expression, substituted.
    pub fn ty_of(&mut self, e: &ast::Expr<'_>) -> Ty {
        if let (ast::ExprKind::This(None), Some((_, t))) = (&e.kind, self.this) {
            return t;
        }
        if let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied()
            && matches!(e.kind, ast::ExprKind::Name(_))
            && let Some(&companion) = self.cx.s.companions.get(&d)
        {
            // a class's name used as a value is its companion object
            return self.cx.s.declared_type(companion);
        }
        if let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied()
            && self.cx.s.def(d).kind == crate::defs::DefKind::Class(ast::ClassKind::Enum)
            && let Some(companion) = self.cx.s.lang("EnumCompanion")
        {
            // an enum's name used as a value is its companion
            let me = self.cx.s.declared_type(d);
            return self.cx.s.types.adt(companion, &[me]);
        }
        if let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied()
            && self.cx.s.def(d).kind == crate::defs::DefKind::Class(ast::ClassKind::Object)
        {
            // an object's name as a receiver
            return self.cx.s.declared_type(d);
        }
        let t = self
            .cx
            .s
            .typeck
            .expr_types
            .get(&key(e))
            .copied()
            .unwrap_or(Ty::ERROR);
        self.subst(t)
    }

    /// `a[i]`: the receiver's `get`.
    fn index_get(
        &mut self,
        e: &'a ast::Expr<'a>,
        receiver: &'a ast::Expr<'a>,
        indices: &'a [ast::Expr<'a>],
    ) -> Option<Op> {
        let Some(Res::Def(get)) = self.cx.s.typeck.res.get(&key(e)).copied() else {
            return self.unsupported(e.span, "this indexing");
        };
        let rt = self.ty_of(receiver);
        let r = self.expr(receiver)?;
        let mut args = Vec::new();
        for i in indices {
            let t = self.ty_of(i);
            let v = self.expr(i)?;
            args.push(Some((v, t)));
        }
        let site = self.site(e);
        let v = self.call_method(&site, get, Some((r, rt)), &args);
        let v = match v {
            // an element borrowed from a temporary receiver is kept
            Some(v) if r.owned => Some(self.owned(v)),
            v => v,
        };
        self.drop_op(Some(r));
        for (a, _) in args.into_iter().flatten() {
            self.drop_op(Some(a));
        }
        v
    }

    /// Lowers an expression: `None` for `Unit`, `Nothing`, or after the
    /// block ended.
    pub fn expr(&mut self, e: &'a ast::Expr<'a>) -> Option<Op> {
        if self.dead {
            return None;
        }
        let v = self.expr_kind(e);
        // after a `return`, `break` or panic inside, there is no value
        if self.dead { None } else { v }
    }

    fn expr_kind(&mut self, e: &'a ast::Expr<'a>) -> Option<Op> {
        match &e.kind {
            ast::ExprKind::Int(lit) => self.int_lit(e, lit.value as i64),
            ast::ExprKind::Float(lit) => {
                let t = self.ty_of(e);
                let v = match self.ir(t) {
                    Ok(Some(Type::F32)) => self.b.ins().f32const(lit.value as f32),
                    _ => self.b.ins().f64const(lit.value),
                };
                Some(Op::scalar(v))
            }
            ast::ExprKind::Char(c) => Some(Op::scalar(self.b.ins().iconst(Type::I32, *c as i64))),
            ast::ExprKind::Bool(v) => Some(Op::scalar(self.b.ins().bconst(*v))),
            ast::ExprKind::Str(s) => self.template(s),
            ast::ExprKind::Name(_) => self.name(e),
            ast::ExprKind::Paren(inner) => self.expr(inner),
            ast::ExprKind::Annotated { expr, .. } => self.expr(expr),
            ast::ExprKind::Block(b) => self.block(b),
            ast::ExprKind::Unary { op, expr } => self.unary(e, *op, expr),
            ast::ExprKind::Postfix { op, expr } => self.postfix(e, *op, expr),
            ast::ExprKind::Binary { op, lhs, rhs } => self.binary(e, *op, lhs, rhs),
            ast::ExprKind::Call {
                callee,
                args,
                trailing,
                ..
            } => self.call(e, callee, args, *trailing),
            ast::ExprKind::Index { receiver, indices } => self.index_get(e, receiver, indices),
            ast::ExprKind::This(None) => match self.this {
                Some((v, _)) => Some(Op::scalar(v)),
                None => self.unsupported(e.span, "`this` here"),
            },
            ast::ExprKind::This(Some(_)) => {
                // `this@Outer`
                let t = self.ty_of(e);
                let found = self
                    .cx
                    .s
                    .class_of(t)
                    .and_then(|(c, _)| self.receiver_of_class(c));
                match found {
                    Some((v, _)) => Some(Op::scalar(v)),
                    None => self.unsupported(e.span, "`this` here"),
                }
            }
            ast::ExprKind::Member {
                receiver,
                safe: true,
                ..
            } => self.safe_access(e, receiver, |fl, r, t| fl.member_of(e, r, t)),
            ast::ExprKind::Member { .. }
                if matches!(self.cx.s.typeck.res.get(&key(e)), Some(Res::Def(d))
                    if self.cx.s.def(*d).kind == crate::defs::DefKind::EnumEntry) =>
            {
                let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied() else {
                    return None;
                };
                let t = self.ty_of(e);
                self.entry_value(t, d, &[], e.span)
            }
            ast::ExprKind::Member { receiver, .. } => self.member(e, Some(receiver)),
            ast::ExprKind::Is { expr, ty, negated } => {
                let from = self.ty_of(expr);
                let target = self.written_type(ty);
                let v = self.expr(expr)?;
                let r = self.is_test(v, from, target, e.span)?;
                self.drop_op(Some(v));
                Some(Op::scalar(if *negated { self.b.ins().bnot(r) } else { r }))
            }
            ast::ExprKind::As { expr, safe, .. } => self.cast(e, expr, *safe),
            ast::ExprKind::Tuple(parts) => self.tuple(e, parts),
            ast::ExprKind::Throw(x) => self.throw(e, x),
            ast::ExprKind::TryOp(x) => self.try_op(e, x),
            ast::ExprKind::Try(t) => self.try_block(e, t),
            ast::ExprKind::Infix { lhs, rhs, .. } => self.infix(e, lhs, rhs),
            ast::ExprKind::Ref { receiver: None, .. } => self.fun_ref(e),
            ast::ExprKind::Object(_) => self.object_expr(e),
            ast::ExprKind::Ref {
                receiver: Some(r), ..
            } => self.member_ref(e, r),
            ast::ExprKind::Lambda(l) => self.closure(e, super::closures::LambdaBody::Lambda(l)),
            ast::ExprKind::AnonFun(f) => self.closure(e, super::closures::LambdaBody::Fun(f)),
            ast::ExprKind::TupleIndex {
                receiver,
                index,
                safe: false,
                ..
            } => self.tuple_index(receiver, *index),
            ast::ExprKind::Null => {
                let t = self.ty_of(e);
                self.null_of(t, e.span)
            }
            ast::ExprKind::If(i) => self.if_expr(e, i),
            ast::ExprKind::When(w) => self.when_expr(e, w),
            ast::ExprKind::Return { label, value } => {
                self.return_expr(label.map(|l| l.name), value.as_ref().map(|v| &**v));
                None
            }
            ast::ExprKind::Break(label) => {
                self.jump_out(*label, true, e.span);
                None
            }
            ast::ExprKind::Continue(label) => {
                self.jump_out(*label, false, e.span);
                None
            }
            _ => self.unsupported(e.span, "this expression"),
        }
    }

    /// An integer literal of its checked type (a `Double` context makes
    /// `2` a float).
    fn int_lit(&mut self, e: &ast::Expr<'_>, value: i64) -> Option<Op> {
        let t = self.ty_of(e);
        let v = match self.ir(t) {
            Ok(Some(Type::F64)) => self.b.ins().f64const(value as f64),
            Ok(Some(Type::F32)) => self.b.ins().f32const(value as f32),
            Ok(Some(t)) if t.is_int() => self.b.ins().iconst(t, truncate(t, value)),
            _ => return self.unsupported(e.span, "this literal"),
        };
        Some(Op::scalar(v))
    }

    /// A name: a local, or a constant.
    fn name(&mut self, e: &'a ast::Expr<'a>) -> Option<Op> {
        match self.cx.s.typeck.res.get(&key(e)).copied() {
            Some(Res::Local(l)) => {
                // a smart cast reads a `T?` local as `T`
                let v = self.read_local(l, e.span)?;
                match self.result_ir(e)? {
                    Some(want) => self.fit(v, want, e.span),
                    None => Some(v),
                }
            }
            Some(Res::Def(d))
                if matches!(
                    self.cx.s.def(d).kind,
                    crate::defs::DefKind::Property | crate::defs::DefKind::Field
                ) =>
            {
                if self.is_top_level(d) {
                    return self.read_global(d, e.span);
                }
                self.member(e, None)
            }
            Some(Res::Def(d))
                if self.cx.s.def(d).kind == crate::defs::DefKind::Class(ast::ClassKind::Object) =>
            {
                self.read_global(d, e.span)
            }
            Some(Res::Def(d)) if self.cx.s.companions.contains_key(&d) => {
                // a class's name as a value is its companion object
                let companion = self.cx.s.companions[&d];
                self.read_global(companion, e.span)
            }
            Some(Res::Def(d)) if self.cx.s.def(d).kind == crate::defs::DefKind::EnumEntry => {
                let t = self.ty_of(e);
                self.entry_value(t, d, &[], e.span)
            }
            Some(Res::Def(d))
                if self.cx.s.def(d).kind == crate::defs::DefKind::Class(ast::ClassKind::Enum) =>
            {
                // an enum's name as a value is its companion (`Color.entries`),
                // which holds nothing
                Some(Op::scalar(self.b.ins().null()))
            }
            _ => self.unsupported(e.span, "a reference to a property or object"),
        }
    }

    fn unary(
        &mut self,
        e: &'a ast::Expr<'a>,
        op: ast::UnaryOp,
        x: &'a ast::Expr<'a>,
    ) -> Option<Op> {
        use ast::UnaryOp as U;
        if let (U::Neg, ast::ExprKind::Int(lit)) = (op, &x.kind) {
            // `-9223372036854775808` is a literal, not an overflow
            return self.int_lit(e, (lit.value as i64).wrapping_neg());
        }
        match op {
            U::PreInc | U::PreDec => {
                if let Some(Res::Def(f)) = self.cx.s.typeck.res.get(&key(e)).copied() {
                    return self.step_operator(e, x, f, true);
                }
                return self.step_local(x, op == U::PreInc, true);
            }
            U::Plus => return self.expr(x),
            _ => {}
        }
        if let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied() {
            // an `operator fun` (`-()`, `not()`)
            let t = self.ty_of(x);
            let v = self.expr(x)?;
            let site = self.site(e);
            let r = self.call_method(&site, d, Some((v, t)), &[]);
            self.drop_op(Some(v));
            return r;
        }
        let ty = self.ty_of(x);
        let v = self.expr(x)?.v;
        let t = self.b.func().value_type(v);
        let r = match op {
            U::Neg if t.is_float() => self.b.ins().fneg(v),
            U::Neg if self.cx.options.debug && self.signed(ty) => {
                let loc = self.loc(e.span);
                self.b.ins().sneg_trap(v, Some(loc))
            }
            U::Neg => self.b.ins().ineg(v),
            U::Not | U::BitNot => self.b.ins().bnot(v),
            _ => return self.unsupported(e.span, "this operator"),
        };
        Some(Op::scalar(r))
    }

    fn postfix(
        &mut self,
        e: &'a ast::Expr<'a>,
        op: ast::PostfixOp,
        x: &'a ast::Expr<'a>,
    ) -> Option<Op> {
        if let Some(Res::Def(f)) = self.cx.s.typeck.res.get(&key(e)).copied() {
            return self.step_operator(e, x, f, false);
        }
        match op {
            ast::PostfixOp::Inc => self.step_local(x, true, false),
            ast::PostfixOp::Dec => self.step_local(x, false, false),
            ast::PostfixOp::NotNull => self.not_null(e, x),
        }
    }

    /// `x++` or `++x` through `operator fun ++` (or `--`) of `x`'s type:
    /// the place takes the operator's result; the value is the new one
    /// (prefix) or the old one (postfix).
    fn step_operator(
        &mut self,
        e: &'a ast::Expr<'a>,
        x: &'a ast::Expr<'a>,
        f: DefId,
        prefix: bool,
    ) -> Option<Op> {
        let ty = self.ty_of(x);
        let old = self.expr(x)?;
        let old = self.retained(old);
        let mut site = self.site(e);
        site.ret = Some(ty);
        let new = self.call_method(&site, f, Some((Op::scalar(old.v), ty)), &[])?;
        let keep = if prefix {
            self.retained(Op::scalar(new.v))
        } else {
            old
        };
        match (&x.kind, self.cx.s.typeck.res.get(&key(x)).copied()) {
            (ast::ExprKind::Name(_), Some(Res::Local(l))) => self.write_local(l, new),
            _ => self.update_place(x, new),
        }
        if prefix {
            self.drop_op(Some(old));
        }
        Some(keep)
    }

    /// `++x`, `x++`, `--x`, `x--` on a local: the new value (prefix) or
    /// the old one (postfix).
    fn step_local(&mut self, x: &'a ast::Expr<'a>, up: bool, prefix: bool) -> Option<Op> {
        let Some(Res::Local(l)) = self.cx.s.typeck.res.get(&key(x)).copied() else {
            return self.step_place(x, up, prefix);
        };
        let ty = self.ty_of(x);
        let old = self.read_local(l, x.span)?;
        let t = self.b.func().value_type(old.v);
        if !t.is_int() {
            return self.unsupported(x.span, "`++`/`--` on this type");
        }
        let one = Op::scalar(self.one(t));
        let op = if up { B::Add } else { B::Sub };
        let new = self.binary_values(op, ty, old, one, x.span)?;
        self.write_local(l, new);
        Some(if prefix { new } else { old })
    }

    /// `++`/`--` on a property (`p.n++`, `count++` in a class) or an
    /// element (`a[i]++`: the receiver and index evaluated once).
    fn step_place(&mut self, x: &'a ast::Expr<'a>, up: bool, prefix: bool) -> Option<Op> {
        let ty = self.ty_of(x);
        let op = if up { B::Add } else { B::Sub };
        let res = self.cx.s.typeck.res.get(&key(x)).copied();
        match (&x.kind, res) {
            (ast::ExprKind::Name(_), Some(Res::Def(prop))) if self.is_top_level(prop) => {
                let old = self.read_global(prop, x.span)?;
                let t = self.b.func().value_type(old.v);
                let one = Op::scalar(self.one(t));
                let new = self.binary_values(op, ty, old, one, x.span)?;
                self.write_global(prop, new, x.span);
                Some(if prefix { new } else { old })
            }
            (ast::ExprKind::Name(_) | ast::ExprKind::Member { .. }, Some(Res::Def(prop))) => {
                let (recv, rt, at) = match &x.kind {
                    ast::ExprKind::Member { receiver, .. } => {
                        let rt = self.ty_of(receiver);
                        (self.expr(receiver)?, rt, Some(&**receiver))
                    }
                    _ => {
                        let (v, t) = self.implicit_receiver(prop)?;
                        (Op::scalar(v), t, None)
                    }
                };
                let old = self.read_property(prop, Op::scalar(recv.v), rt, x.span)?;
                let t = self.b.func().value_type(old.v);
                let one = Op::scalar(self.one(t));
                let new = self.binary_values(op, ty, old, one, x.span)?;
                // a struct's field changes through its place
                self.set_field(recv, rt, prop, new, at, x.span);
                self.drop_op(Some(recv));
                Some(if prefix { new } else { old })
            }
            (ast::ExprKind::Index { receiver, indices }, _) => {
                self.step_element(x, receiver, indices, op, prefix)
            }
            _ => self.unsupported(x.span, "`++`/`--` here"),
        }
    }

    /// `a[i]++`: `get`, then `set` with the stepped value.
    fn step_element(
        &mut self,
        x: &'a ast::Expr<'a>,
        receiver: &'a ast::Expr<'a>,
        indices: &'a [ast::Expr<'a>],
        op: B,
        prefix: bool,
    ) -> Option<Op> {
        let ty = self.ty_of(x);
        let rt = self.ty_of(receiver);
        let (Some(get), Some(set)) = (
            self.member_fun(rt, INDEX_GET),
            self.member_fun(rt, INDEX_SET),
        ) else {
            return self.unsupported(x.span, "`++`/`--` on this element");
        };
        let r = self.expr(receiver)?;
        let mut args = Vec::new();
        for i in indices {
            let t = self.ty_of(i);
            args.push(Some((self.expr(i)?, t)));
        }
        let mut site = Site::synthetic(x.span);
        site.ret = Some(ty);
        let old = self.call_method(&site, get, Some((r, rt)), &args)?;
        let t = self.b.func().value_type(old.v);
        let one = Op::scalar(self.one(t));
        let new = self.binary_values(op, ty, old, one, x.span)?;
        args.push(Some((new, ty)));
        site.ret = Some(Ty::UNIT);
        let _ = self.call_method(&site, set, Some((r, rt)), &args);
        self.drop_op(Some(r));
        Some(if prefix { new } else { old })
    }

    fn binary(
        &mut self,
        e: &'a ast::Expr<'a>,
        op: B,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
    ) -> Option<Op> {
        match op {
            B::Eq | B::NotEq if is_null(rhs) => return self.null_compare(lhs, op == B::NotEq),
            B::Eq | B::NotEq if is_null(lhs) => return self.null_compare(rhs, op == B::NotEq),
            B::Elvis => return self.elvis(e, lhs, rhs),
            _ => {}
        }
        if matches!(op, B::In | B::NotIn) {
            return self.contains(e, op == B::NotIn, lhs, rhs);
        }
        let bools = self.ty_of(lhs) == Ty::BOOL;
        match op {
            B::And | B::Or if bools => return self.short_circuit(op, lhs, rhs),
            B::RefEq | B::RefNotEq => {
                let ty = self.ty_of(lhs);
                let a = self.expr(lhs)?;
                let b = self.expr(rhs)?;
                let same = if self.b.func().value_type(a.v) == Type::Ref {
                    self.b.ins().ref_eq(a.v, b.v)
                } else {
                    self.equality(a, b, ty, e.span)?
                };
                self.drop_op(Some(a));
                self.drop_op(Some(b));
                return Some(Op::scalar(if op == B::RefNotEq {
                    self.b.ins().bnot(same)
                } else {
                    same
                }));
            }
            _ => {}
        }
        let ty = self.ty_of(lhs);
        if self.cx.is_string(ty) {
            return self.string_binary(e, op, lhs, rhs);
        }
        let total = matches!(op, B::Eq | B::NotEq) && (self.generic(lhs) || self.generic(rhs));
        if matches!(op, B::Eq | B::NotEq)
            && (total || (!self.cx.s.types.is_numeric(ty) && ty != Ty::BOOL && ty != Ty::CHAR))
        {
            let a = self.expr(lhs)?;
            let b = self.expr(rhs)?;
            // `x == 1` with `x: Any`: the number is boxed to be compared
            let rt = self.ty_of(rhs);
            let b = if self.b.func().value_type(a.v) == Type::Ref
                && self.b.func().value_type(b.v) != Type::Ref
                && self.cx.is_boxed(rt)
            {
                let boxed = self.box_value(b, rt, rhs.span)?;
                self.drop_op(Some(b));
                boxed
            } else {
                b
            };
            let eq = self.equality_in(a, b, ty, total, e.span)?;
            self.drop_op(Some(a));
            self.drop_op(Some(b));
            return Some(Op::scalar(if op == B::NotEq {
                self.b.ins().bnot(eq)
            } else {
                eq
            }));
        }
        if let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied() {
            // an `operator fun` (or `compareTo` behind `<`)
            return self.operator_call(e, d, op, lhs, rhs);
        }
        let a = self.expr(lhs)?;
        let b = self.expr(rhs)?;
        if ty == Ty::CHAR && matches!(op, B::Add | B::Sub) {
            return Some(self.char_arith(op, a, b));
        }
        self.binary_values(op, ty, a, b, e.span)
    }

    /// `c + n`, `c - n` (a `Char`) and `c - d` (an `Int`).
    fn char_arith(&mut self, op: B, a: Op, b: Op) -> Op {
        let bt = self.b.func().value_type(b.v);
        if bt == Type::I32 {
            // `c - d`: the distance between the codes
            let x = self.b.ins().uextend(Type::I64, a.v);
            let y = self.b.ins().uextend(Type::I64, b.v);
            return Op::scalar(self.b.ins().isub(x, y));
        }
        let n = self.b.ins().ireduce(Type::I32, b.v);
        Op::scalar(if op == B::Add {
            self.b.ins().iadd(a.v, n)
        } else {
            self.b.ins().isub(a.v, n)
        })
    }

    /// Whether an expression's declared type is a type parameter or
    /// `Any` (its `==` then uses the total order on floats).
    fn generic(&self, e: &ast::Expr<'_>) -> bool {
        let Some(&t) = self.cx.s.typeck.expr_types.get(&key(e)) else {
            return false;
        };
        let t = self.cx.s.types.non_null(t);
        matches!(self.cx.s.types.kind(t), TyKind::Param(_) | TyKind::Any)
    }

    /// `a op b` through an operator function `d` of `a`'s type; `<` and
    /// the other comparisons through `compareTo`.
    fn operator_call(
        &mut self,
        e: &'a ast::Expr<'a>,
        d: DefId,
        op: B,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
    ) -> Option<Op> {
        let (lt, rt) = (self.ty_of(lhs), self.ty_of(rhs));
        let a = self.expr(lhs)?;
        let b = self.expr(rhs)?;
        let site = self.site(e);
        let r = self.call_method(&site, d, Some((a, lt)), &[Some((b, rt))]);
        self.drop_op(Some(a));
        self.drop_op(Some(b));
        let r = r?;
        let cmp = matches!(op, B::Lt | B::LtEq | B::Gt | B::GtEq);
        if cmp && self.b.func().value_type(r.v) == Type::I64 {
            let zero = self.b.ins().iconst(Type::I64, 0);
            return self.binary_values(op, Ty::INT, r, Op::scalar(zero), e.span);
        }
        if op == B::NotEq && self.b.func().value_type(r.v) == Type::Bool {
            return Some(Op::scalar(self.b.ins().bnot(r.v)));
        }
        Some(r)
    }

    /// `x in r` / `x !in r`: a range test for a counted range, else the
    /// right operand's `contains(x)`.
    fn contains(
        &mut self,
        e: &'a ast::Expr<'a>,
        negated: bool,
        x: &'a ast::Expr<'a>,
        r: &'a ast::Expr<'a>,
    ) -> Option<Op> {
        let xt = self.ty_of(x);
        if let Some(range) = self.counted_range(r)
            && range.step.is_none()
            && !range.down
        {
            let v = self.expr(x)?;
            let lo = self.expr(range.start)?;
            let hi = self.expr(range.end)?;
            let ge = self.binary_values(B::GtEq, xt, v, lo, e.span)?;
            let upper = if range.inclusive { B::LtEq } else { B::Lt };
            let le = self.binary_values(upper, xt, v, hi, e.span)?;
            let both = self.b.ins().band(ge.v, le.v);
            return Some(Op::scalar(if negated {
                self.b.ins().bnot(both)
            } else {
                both
            }));
        }
        let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied() else {
            return self.unsupported(e.span, "`in` here");
        };
        let rt = self.ty_of(r);
        // `x in c` is `c.contains(x)`: the container is evaluated first
        let c = self.expr(r)?;
        let v = self.expr(x)?;
        let site = self.site(e);
        let found = self.call_method(&site, d, Some((c, rt)), &[Some((v, xt))]);
        self.drop_op(Some(v));
        self.drop_op(Some(c));
        let found = found?;
        Some(if negated {
            Op::scalar(self.b.ins().bnot(found.v))
        } else {
            found
        })
    }

    /// `a f b`: the infix function `f` of `a` (or an extension).
    fn infix(
        &mut self,
        e: &'a ast::Expr<'a>,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
    ) -> Option<Op> {
        let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied() else {
            return self.unsupported(e.span, "this infix call");
        };
        let (lt, rt) = (self.ty_of(lhs), self.ty_of(rhs));
        let a = self.expr(lhs)?;
        let b = self.expr(rhs)?;
        let site = self.site(e);
        let r = self.call_method(&site, d, Some((a, lt)), &[Some((b, rt))]);
        self.drop_op(Some(a));
        self.drop_op(Some(b));
        r
    }

    /// `and` / `or`: the right operand only when needed.
    fn short_circuit(
        &mut self,
        op: B,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
    ) -> Option<Op> {
        let a = self.expr(lhs)?;
        let (rhs_block, merge) = (self.b.create_block(), self.b.create_block());
        let r = self.b.append_block_param(merge, Type::Bool);
        if op == B::And {
            self.b.ins().brif(a.v, rhs_block, &[], merge, &[a.v]);
        } else {
            self.b.ins().brif(a.v, merge, &[a.v], rhs_block, &[]);
        }
        self.switch_to(rhs_block);
        if let Some(b) = self.expr(rhs) {
            self.b.ins().jump(merge, &[b.v]);
        }
        self.switch_to(merge);
        Some(Op::scalar(r))
    }

    /// An arithmetic, bitwise or comparison operator on two scalars of
    /// Seen type `ty`.
    pub fn binary_values(&mut self, op: B, ty: Ty, a: Op, b: Op, span: Span) -> Option<Op> {
        let t = self.b.func().value_type(a.v);
        let (a, b) = (a.v, b.v);
        let v = if t.is_float() {
            self.float_op(op, a, b)
        } else if t.is_int() || t == Type::Bool {
            self.int_op(op, ty, a, b, span)
        } else {
            None
        };
        match v {
            Some(v) => Some(Op::scalar(v)),
            None => self.unsupported(span, format!("`{}` on this type", op.symbol())),
        }
    }

    fn float_op(&mut self, op: B, a: Value, b: Value) -> Option<Value> {
        let ins = self.b.ins();
        Some(match op {
            B::Add => ins.fadd(a, b),
            B::Sub => ins.fsub(a, b),
            B::Mul => ins.fmul(a, b),
            B::Div => ins.fdiv(a, b),
            B::Rem => ins.frem(a, b),
            _ => {
                let cc = match op {
                    B::Eq => FloatCC::Eq,
                    B::NotEq => FloatCC::Ne,
                    B::Lt => FloatCC::Lt,
                    B::LtEq => FloatCC::Le,
                    B::Gt => FloatCC::Gt,
                    B::GtEq => FloatCC::Ge,
                    _ => return None,
                };
                ins.fcmp(cc, a, b)
            }
        })
    }

    fn int_op(&mut self, op: B, ty: Ty, a: Value, b: Value, span: Span) -> Option<Value> {
        let signed = self.signed(ty);
        let debug = self.cx.options.debug;
        let loc = Some(self.loc(span));
        let ins = self.b.ins();
        Some(match (op, signed, debug) {
            (B::Add, true, true) => ins.sadd_trap(a, b, loc),
            (B::Add, false, true) => ins.uadd_trap(a, b, loc),
            (B::Sub, true, true) => ins.ssub_trap(a, b, loc),
            (B::Sub, false, true) => ins.usub_trap(a, b, loc),
            (B::Mul, true, true) => ins.smul_trap(a, b, loc),
            (B::Mul, false, true) => ins.umul_trap(a, b, loc),
            (B::Add, ..) => ins.iadd(a, b),
            (B::Sub, ..) => ins.isub(a, b),
            (B::Mul, ..) => ins.imul(a, b),
            (B::Div, true, true) => ins.sdiv_trap(a, b, loc),
            (B::Div, true, false) => ins.sdiv(a, b, loc),
            (B::Div, false, _) => ins.udiv(a, b, loc),
            (B::Rem, true, _) => ins.srem(a, b, loc),
            (B::Rem, false, _) => ins.urem(a, b, loc),
            // `and` / `or` on integers are bitwise
            (B::BitAnd | B::And, ..) => ins.band(a, b),
            (B::BitOr | B::Or, ..) => ins.bor(a, b),
            (B::BitXor | B::Xor, ..) => ins.bxor(a, b),
            (B::Shl, ..) => ins.ishl(a, b),
            (B::Shr, true, _) => ins.sshr(a, b),
            (B::Shr, false, _) => ins.ushr(a, b),
            _ => {
                let cc = match (op, signed) {
                    (B::Eq, _) => IntCC::Eq,
                    (B::NotEq, _) => IntCC::Ne,
                    (B::Lt, true) => IntCC::Slt,
                    (B::LtEq, true) => IntCC::Sle,
                    (B::Gt, true) => IntCC::Sgt,
                    (B::GtEq, true) => IntCC::Sge,
                    (B::Lt, false) => IntCC::Ult,
                    (B::LtEq, false) => IntCC::Ule,
                    (B::Gt, false) => IntCC::Ugt,
                    (B::GtEq, false) => IntCC::Uge,
                    _ => return None,
                };
                ins.icmp(cc, a, b)
            }
        })
    }

    /// A type written in the source, as the checker resolves it where the
    /// instance is declared, substituted.
    pub fn written_type(&mut self, ty: &ast::Type<'a>) -> Ty {
        let t = self.cx.s.resolve_type(ty, self.inst.def);
        self.subst(t)
    }

    /// Whether `ty` is a signed integer type.
    pub fn signed(&self, ty: Ty) -> bool {
        matches!(self.cx.s.types.kind(ty), TyKind::Int(i) if i.signed())
    }

    /// `if` as a statement or an expression.
    fn if_expr(&mut self, e: &'a ast::Expr<'a>, i: &'a ast::IfExpr<'a>) -> Option<Op> {
        let result = self.result_type(e)?;
        let c = self.expr(&i.cond)?;
        let (then_b, else_b, merge) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let param = result.map(|t| self.b.append_block_param(merge, t));
        self.b.ins().brif(c.v, then_b, &[], else_b, &[]);
        self.switch_to(then_b);
        let v = self.block(&i.then);
        self.merge_value(v, result, merge, e.span);
        self.switch_to(else_b);
        let v = match &i.els {
            Some(els) => self.block(els),
            None => None,
        };
        self.merge_value(v, result, merge, e.span);
        self.switch_to(merge);
        param.map(|p| self.owned_if_counted(p))
    }

    /// The IR type of a branching expression's value (`Ok(None)` when it
    /// has none); reports a type not lowered yet.
    fn result_type(&mut self, e: &ast::Expr<'_>) -> Option<Option<Type>> {
        let t = self.ty_of(e);
        match self.ir(t) {
            Ok(t) => Some(t),
            Err(what) => {
                self.unsupported(e.span, what);
                None
            }
        }
    }

    /// `when` with constant or range arms (and a subject), or with
    /// conditions (no subject).
    fn when_expr(&mut self, e: &'a ast::Expr<'a>, w: &'a ast::When<'a>) -> Option<Op> {
        let result = self.result_type(e)?;
        let subject = match &w.subject {
            Some(s) => Some((self.expr(&s.expr)?, self.ty_of(&s.expr))),
            None => None,
        };
        // the arms may `return` or `break` past the subject
        let mark = subject.map(|(v, _)| self.hold(v));
        // `when (let v = ...)`: the subject is a local of the `when`
        if let (Some(ws), Some((v, _))) = (&w.subject, subject)
            && let Some((name, _)) = ws.binding
            && let Some(&local) = self.cx.locals_at.get(&(self.file, name.span.start))
        {
            let lt = self.local_ty(local);
            if let Ok(Some(t)) = self.ir(lt) {
                let var = self.var_for(local, t);
                self.store_var(var, t, Op::scalar(v.v));
            }
        }
        let merge = self.b.create_block();
        let param = result.map(|t| self.b.append_block_param(merge, t));
        for arm in w.arms {
            let (body, next) = (self.b.create_block(), self.b.create_block());
            let mut conds = Vec::new();
            for cond in arm.conds {
                match self.when_cond(cond, subject) {
                    Some(c) => conds.push(c),
                    None if self.dead => return None,
                    None => {}
                }
            }
            let is_else = arm
                .conds
                .iter()
                .any(|c| matches!(c, ast::WhenCond::Else(_)));
            if is_else {
                self.b.ins().jump(body, &[]);
            } else {
                let mut any = self.b.ins().bconst(false);
                for c in conds {
                    any = self.b.ins().bor(any, c);
                }
                self.b.ins().brif(any, body, &[], next, &[]);
            }
            self.switch_to(body);
            if let Some((s, ty)) = subject {
                for cond in arm.conds {
                    if let ast::WhenCond::Pattern(p) = cond {
                        self.pattern_bind(p, s, ty);
                    }
                }
            }
            if let Some(g) = &arm.guard {
                // the guard sees the pattern's names; false tries the next arm
                let ok = self.expr(g)?;
                let guarded = self.b.create_block();
                self.b.ins().brif(ok.v, guarded, &[], next, &[]);
                self.switch_to(guarded);
            }
            let v = self.block(&arm.body);
            self.merge_value(v, result, merge, e.span);
            self.switch_to(next);
        }
        // no arm matched: the checker proved this unreachable for a
        // `when` used as a value
        if param.is_some() {
            self.b.ins().unreachable();
        } else {
            self.b.ins().jump(merge, &[]);
        }
        self.switch_to(merge);
        if let (Some(mark), Some((v, _))) = (mark, subject) {
            self.held.truncate(mark);
            self.drop_op(Some(v));
        }
        param.map(|p| self.owned_if_counted(p))
    }

    /// One condition of a `when` arm, as a `bool`; `None` for `else`.
    fn when_cond(
        &mut self,
        cond: &'a ast::WhenCond<'a>,
        subject: Option<(Op, Ty)>,
    ) -> Option<Value> {
        match (cond, subject) {
            (ast::WhenCond::Else(_), _) => None,
            (ast::WhenCond::Expr(x), None) => self.expr(x).map(|o| o.v),
            (ast::WhenCond::Expr(x), Some((s, _))) if is_null(x) => {
                let present = self.is_present(s.v);
                Some(self.b.ins().bnot(present))
            }
            (ast::WhenCond::Expr(x), Some((s, ty))) => {
                let v = self.expr(x)?;
                let eq = self.equality(s, v, ty, x.span);
                self.drop_op(Some(v));
                eq
            }
            (ast::WhenCond::Pattern(p), Some((s, ty))) => self.pattern_test(p, s, ty),
            (ast::WhenCond::In { expr, negated }, Some((s, ty))) => {
                let Some(r) = self.counted_range(expr) else {
                    self.unsupported(expr.span, "`in` over this value");
                    return None;
                };
                if r.step.is_some() || r.down {
                    self.unsupported(expr.span, "`in` over a stepped range");
                    return None;
                }
                let lo = self.expr(r.start)?;
                let hi = self.expr(r.end)?;
                let ge = self.binary_values(B::GtEq, ty, s, lo, expr.span)?;
                let op = if r.inclusive { B::LtEq } else { B::Lt };
                let le = self.binary_values(op, ty, s, hi, expr.span)?;
                let both = self.b.ins().band(ge.v, le.v);
                Some(if *negated {
                    self.b.ins().bnot(both)
                } else {
                    both
                })
            }
            (ast::WhenCond::Is { ty, negated }, Some((s, st))) => {
                let target = self.written_type(ty);
                let r = self.is_test(s, st, target, ty.span)?;
                Some(if *negated { self.b.ins().bnot(r) } else { r })
            }
            (_, _) => {
                let span = match cond {
                    ast::WhenCond::Is { ty, .. } => ty.span,
                    ast::WhenCond::Pattern(p) => p.span,
                    ast::WhenCond::In { expr, .. } | ast::WhenCond::Expr(expr) => expr.span,
                    ast::WhenCond::Else(s) => *s,
                };
                self.unsupported(span, "this `when` condition");
                None
            }
        }
    }

    /// The counted range an expression spells (`a..b`, `a..<b`,
    /// `a until b`, `a downTo b`, `r step n`) over `Int`.
    pub fn counted_range(&mut self, e: &'a ast::Expr<'a>) -> Option<CountedRange<'a>> {
        match &e.kind {
            ast::ExprKind::Paren(inner) => self.counted_range(inner),
            ast::ExprKind::Binary { op, lhs, rhs } if matches!(op, B::Range | B::RangeUntil) => {
                (self.ty_of(lhs) == Ty::INT).then_some(CountedRange {
                    start: lhs,
                    end: rhs,
                    inclusive: *op == B::Range,
                    down: false,
                    step: None,
                })
            }
            ast::ExprKind::Infix { lhs, rhs, .. } => {
                let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied() else {
                    return None;
                };
                match self.range_fn(d)? {
                    RangeFn::Until | RangeFn::DownTo if self.ty_of(lhs) == Ty::INT => {
                        let down = self.range_fn(d) == Some(RangeFn::DownTo);
                        Some(CountedRange {
                            start: lhs,
                            end: rhs,
                            inclusive: down,
                            down,
                            step: None,
                        })
                    }
                    RangeFn::Step => {
                        let inner = self.counted_range(lhs)?;
                        inner.step.is_none().then_some(CountedRange {
                            step: Some(rhs),
                            ..inner
                        })
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Which range-making standard function `d` is.
    fn range_fn(&self, d: DefId) -> Option<RangeFn> {
        let def = self.cx.s.def(d);
        if !def.std {
            return None;
        }
        super::intrinsics::RANGE_FNS
            .iter()
            .find(|(name, _)| *name == def.name)
            .map(|(_, f)| *f)
    }
}

/// Keeps the low bits of `v` for an integer type (literals of narrow
/// types are written in their range; `0xFFu8` is 255).
fn truncate(t: Type, v: i64) -> i64 {
    match t {
        Type::I8 => v as i8 as i64,
        Type::I16 => v as i16 as i64,
        Type::I32 => v as i32 as i64,
        _ => v,
    }
}

/// The standard functions that make counted ranges.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum RangeFn {
    Until,
    DownTo,
    Step,
}

/// The indexing operators (`a[i]` reads with `get`, writes with `set`).
const INDEX_GET: &str = "get";
const INDEX_SET: &str = "set";

/// Whether an expression is the `null` literal.
fn is_null(x: &ast::Expr<'_>) -> bool {
    matches!(x.kind, ast::ExprKind::Null)
}
