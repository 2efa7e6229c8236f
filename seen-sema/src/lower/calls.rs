//! Calls: top-level functions, methods and extensions (on a concrete
//! receiver, the implementation of that type is called directly),
//! constructors, and the arguments by the slots the checker chose
//! (named arguments, defaults).

use seen_ir::{Type, Value};
use seen_syntax::{Span, ast};

use super::body::{Fl, Op};
use super::{Inst, InstKind};
use crate::check::{CallInfo, Res, key};
use crate::defs::{DefId, DefKind};
use crate::ty::{Ty, TyKind};

/// The standard function that makes an array from a size and a lambda.
const ARRAY_INIT: &str = "Array";

/// The standard `List` method that appends (variable arguments are
/// gathered with it).
const LIST_ADD: &str = "add";

/// Where a call is and what the checker decided there: for calls
/// written in the source, from the call expression; for calls the
/// lowering makes (`for` reading `get`), without type arguments.
#[derive(Clone, Debug)]
pub(super) struct Site {
    pub span: Span,
    pub info: CallInfo,
    /// The call's type (`Nothing` ends the block).
    pub ret: Option<Ty>,
}

impl Site {
    /// A call the lowering makes at `span`.
    pub fn synthetic(span: Span) -> Site {
        Site {
            span,
            info: CallInfo::default(),
            ret: None,
        }
    }
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// A call expression.
    pub fn call(
        &mut self,
        e: &'a ast::Expr<'a>,
        callee: &'a ast::Expr<'a>,
        args: &'a [ast::Arg<'a>],
        trailing: Option<&'a ast::Lambda<'a>>,
    ) -> Option<Op> {
        let res = self.cx.s.typeck.res.get(&key(e)).copied();
        let res = res.or_else(|| self.cx.s.typeck.res.get(&key(callee)).copied());
        if let Some(Res::Local(l)) = self.cx.s.typeck.res.get(&key(callee)).copied()
            && let Some(b) = self.lambdas.get(&self.decl_site(l)).cloned()
        {
            return self.call_lambda_param(e, callee, l, b, args);
        }
        if let Some(Res::Def(d)) = res
            && let Some(r) = self.call_local_fun(e, d, args)
        {
            return r;
        }
        let value_call = match (res, self.cx.s.typeck.res.get(&key(callee)).copied()) {
            (_, Some(Res::Local(_))) | (None, _) => true,
            (Some(Res::Def(d)), _) => {
                matches!(self.cx.s.def(d).kind, DefKind::Property | DefKind::Field)
            }
            _ => false,
        };
        if value_call {
            if let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied()
                && self.cx.s.def(d).kind == DefKind::Fun
            {
                // `p(x)` on a value whose type has `operator fun invoke`
                return self.invoke_operator(e, callee, d, args, trailing);
            }
            return self.call_fn_value(e, callee, args, trailing);
        }
        let Some(Res::Def(d)) = res else {
            return self.unsupported(callee.span, "a call of a function value");
        };
        if let Some(what) = self.cx.later_release(d) {
            return self.unsupported(e.span, what);
        }
        if self.is_inline(d) {
            return self.inline_dispatch(e, callee, d, args, trailing);
        }
        if self.cx.s.def(d).std && self.is_builtin(d) && self.cx.s.def(d).name == ARRAY_INIT {
            return self.array_init(e, args, trailing);
        }
        if let DefKind::Class(_) = self.cx.s.def(d).kind {
            if let ast::ExprKind::Member { receiver, .. } = &callee.kind
                && self.cx.s.def(d).has(ast::ModifierKind::Data)
            {
                return self.data_copy(e, d, receiver, args);
            }
            if let ast::ExprKind::Member { receiver, .. } = &callee.kind
                && self.cx.is_inner(d)
            {
                // `outer.Inner(...)`
                let r = self.expr(receiver)?;
                self.outer_arg = Some((key(e), r.v));
                let v = self.construct(e, d, args);
                self.outer_arg = None;
                self.drop_op(Some(r));
                return v;
            }
            return self.construct(e, d, args);
        }
        if self.cx.s.def(d).kind == DefKind::EnumEntry {
            return self.construct_entry(e, d, args);
        }
        if self.cx.s.def(d).kind == DefKind::Constructor {
            return self.construct(e, d, args);
        }
        if self.cx.s.def(d).kind != DefKind::Fun {
            return self.unsupported(e.span, "this call");
        }
        if self.cx.is_mutating(d) {
            let receiver = match &callee.kind {
                ast::ExprKind::Member { receiver, .. } => Some(&**receiver),
                _ => None,
            };
            return self.mutating_call(e, d, receiver, args);
        }
        match &callee.kind {
            ast::ExprKind::Member { receiver, .. }
                if matches!(receiver.kind, ast::ExprKind::Super { .. }) =>
            {
                self.super_call(e, d, args)
            }
            _ => self.with_receiver(e, callee, d, |fl, this| {
                fl.call_fun(e, d, this, args, trailing)
            }),
        }
    }

    /// `p(x)`: `p.invoke(x)`.
    fn invoke_operator(
        &mut self,
        e: &'a ast::Expr<'a>,
        callee: &'a ast::Expr<'a>,
        d: DefId,
        args: &'a [ast::Arg<'a>],
        trailing: Option<&'a ast::Lambda<'a>>,
    ) -> Option<Op> {
        let t = self.ty_of(callee);
        let recv = self.expr(callee)?;
        if self.is_inline(d) {
            let r = self.inline_call(e, d, Some((recv, t)), args, trailing);
            self.drop_op(Some(recv));
            return r;
        }
        let r = self.call_fun(e, d, Some((recv, t)), args, trailing);
        self.drop_op(Some(recv));
        r
    }

    /// `p.copy(y = 5)` of a data class: a new value with the given
    /// properties and the others of `p`.
    fn data_copy(
        &mut self,
        e: &'a ast::Expr<'a>,
        class: DefId,
        receiver: &'a ast::Expr<'a>,
        args: &'a [ast::Arg<'a>],
    ) -> Option<Op> {
        let ty = self.ty_of(receiver);
        let r = self.expr(receiver)?;
        let props = self.cx.s.component_properties(class);
        let info = self.call_info(e);
        let mut given = Vec::new();
        for a in args {
            given.push(self.expr(&a.value)?);
        }
        let mut values = Vec::new();
        let mut temps = Vec::new();
        for (i, p) in props.iter().enumerate() {
            match info.slots.get(i).map(|s| s.as_slice()) {
                Some([j]) if *j < given.len() => values.push(given[*j]),
                _ => {
                    let v = self.read_property(*p, Op::scalar(r.v), ty, e.span)?;
                    temps.push(v);
                    values.push(v);
                }
            }
        }
        let subst = self.cx.class_subst(ty);
        let inst = Inst {
            def: class,
            kind: InstKind::New,
            subst,
            this: Some(ty),
        };
        let out = self.call_inst(inst, None, &values, e.span);
        for v in temps.into_iter().chain(given) {
            self.drop_op(Some(v));
        }
        self.drop_op(Some(r));
        let site = self.site(e);
        self.call_result(&site, out?)
    }

    /// An inline call, with its receiver evaluated as for other calls.
    fn inline_dispatch(
        &mut self,
        e: &'a ast::Expr<'a>,
        callee: &'a ast::Expr<'a>,
        d: DefId,
        args: &'a [ast::Arg<'a>],
        trailing: Option<&'a ast::Lambda<'a>>,
    ) -> Option<Op> {
        self.with_receiver(e, callee, d, |fl, this| {
            fl.inline_call(e, d, this, args, trailing)
        })
    }

    /// Runs `call` with the receiver the callee names: `x.f()` (`x`
    /// evaluated, then released), `x?.f()` (`null` when `x` is), implicit
    /// `this`, or none.
    fn with_receiver(
        &mut self,
        e: &'a ast::Expr<'a>,
        callee: &'a ast::Expr<'a>,
        d: DefId,
        mut call: impl FnMut(&mut Self, Option<(Op, Ty)>) -> Option<Op>,
    ) -> Option<Op> {
        match &callee.kind {
            ast::ExprKind::Member {
                receiver,
                safe: true,
                ..
            } => self.safe_access(e, receiver, |fl, r, t| call(fl, Some((r, t)))),
            ast::ExprKind::Member { receiver, .. } => {
                if let Some(t) = self.enum_companion_of(d, receiver) {
                    let none = Op::scalar(self.b.ins().null());
                    return call(self, Some((none, t)));
                }
                let t = self.ty_of(receiver);
                let r = self.expr(receiver)?;
                let v = call(self, Some((r, t)));
                self.drop_op(Some(r));
                v
            }
            _ if self.needs_this(d) => {
                let (v, t) = self.implicit_receiver(d)?;
                call(self, Some((Op::scalar(v), t)))
            }
            _ => call(self, None),
        }
    }

    /// `Array(n) { i -> init }`: a new array, `init(i)` at each index.
    fn array_init(
        &mut self,
        e: &'a ast::Expr<'a>,
        args: &'a [ast::Arg<'a>],
        trailing: Option<&'a ast::Lambda<'a>>,
    ) -> Option<Op> {
        let lambda = match (args, trailing) {
            ([_], Some(l)) => l,
            ([_, init], None) => match &init.value.kind {
                ast::ExprKind::Lambda(l) => l,
                _ => return self.unsupported(init.span, "`Array` with a function value"),
            },
            _ => return self.unsupported(e.span, "this `Array` call"),
        };
        let site = self.site(e);
        let elem = site.info.type_args.first().copied().unwrap_or(Ty::ERROR);
        let t = match self.ir(elem) {
            Ok(Some(t)) => t,
            _ => return self.unsupported(e.span, "an array of this element type"),
        };
        let n = self.expr(&args[0].value)?;
        let loc = self.loc(e.span);
        let arr = self.b.ins().array_new(t, n.v, Some(loc));
        let binding = self.bind_lambda_pub(lambda, ARRAY_INIT);
        let (header, body, exit) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let zero = self.b.ins().iconst(Type::I64, 0);
        let i = self.b.append_block_param(header, Type::I64);
        self.b.ins().jump(header, &[zero]);
        self.switch_to(header);
        let more = self.b.ins().icmp(seen_ir::IntCC::Slt, i, n.v);
        self.b.ins().brif(more, body, &[], exit, &[]);
        self.switch_to(body);
        let v =
            self.invoke_lambda_typed(lambda.span, elem, binding, &[(Op::scalar(i), Ty::INT)])?;
        let v = self.fit(v, t, e.span)?;
        if t == Type::Ref {
            let v = self.owned(v);
            self.b.ins().array_set(t, arr, i, v.v, Some(loc));
        } else {
            self.b.ins().array_set(t, arr, i, v.v, Some(loc));
        }
        let one = self.b.ins().iconst(Type::I64, 1);
        let next = self.b.ins().iadd(i, one);
        self.b.ins().jump(header, &[next]);
        self.switch_to(exit);
        Some(Op {
            v: arr,
            owned: true,
        })
    }

    /// Whether a call of `d` without a receiver uses `this` (a member of
    /// the enclosing class, or an extension called inside one).
    fn needs_this(&self, d: DefId) -> bool {
        let member = self.cx.s.def(d).parent.is_some_and(|p| {
            matches!(
                self.cx.s.def(p).kind,
                DefKind::Class(_) | DefKind::Extension
            )
        });
        (member || self.cx.s.is_extension(d)) && self.this.is_some()
    }

    /// A call of a function or method on an evaluated receiver (the
    /// caller releases it).
    fn call_fun(
        &mut self,
        e: &'a ast::Expr<'a>,
        d: DefId,
        this: Option<(Op, Ty)>,
        args: &'a [ast::Arg<'a>],
        trailing: Option<&'a ast::Lambda<'a>>,
    ) -> Option<Op> {
        let mut given = Vec::new();
        for a in args {
            let t = self.ty_of(&a.value);
            let v = self.expr(&a.value);
            if self.dead {
                return None;
            }
            given.push(v.map(|v| (v, t)));
        }
        let site = self.site(e);
        if let Some(l) = trailing {
            // a lambda for a function that is not `inline`: a value
            let t = self.trailing_type(d, this.map(|t| t.1), &site);
            let v = self.closure_typed(t, super::closures::LambdaBody::Lambda(l), l.span)?;
            given.push(Some((v, t)));
        }
        let r = self.call_method(&site, d, this, &given);
        for (v, _) in given.into_iter().flatten() {
            self.drop_op(Some(v));
        }
        r
    }

    /// `super.f(args)`: the superclass's implementation, called directly.
    fn super_call(
        &mut self,
        e: &'a ast::Expr<'a>,
        d: DefId,
        args: &'a [ast::Arg<'a>],
    ) -> Option<Op> {
        let Some((this, this_ty)) = self.this else {
            return self.unsupported(e.span, "`super` here");
        };
        let Some(sup) = self.cx.superclass(this_ty) else {
            return self.unsupported(e.span, "`super` of this class");
        };
        let mut given = Vec::new();
        for a in args {
            let t = self.ty_of(&a.value);
            given.push(self.expr(&a.value).map(|v| (v, t)));
        }
        let site = self.site(e);
        if self.cx.s.def(d).std && self.is_builtin(d) {
            // `super.toString()` and the like of `Any`
            let args: Vec<(Op, Ty)> = given.iter().flatten().copied().collect();
            return self.intrinsic(&site, d, Some((Op::scalar(this), sup)), &args);
        }
        let mut inst = self.fun_inst(d, Some(sup), &site.info.type_args, e.span)?;
        // the superclass's code, run on this object
        inst.this = Some(sup);
        let values = self.arguments(&site, &inst, &given)?;
        let r = self.call_inst(inst, Some(this), &values, e.span);
        self.drop_arguments(values, given);
        self.call_result(&site, r?)
    }

    /// The function type of the last parameter of `d` (where a trailing
    /// lambda goes), with the call's type arguments.
    fn trailing_type(&mut self, d: DefId, this_ty: Option<Ty>, site: &Site) -> Ty {
        let sig = self.cx.s.signature(d);
        let mut map: rustc_hash::FxHashMap<DefId, Ty> = sig
            .type_params
            .iter()
            .copied()
            .zip(site.info.type_args.iter().copied())
            .collect();
        if let Some(t) = this_ty
            && let Some(f) = self
                .cx
                .s
                .declared_members(t, self.cx.s.def(d).name)
                .into_iter()
                .find(|f| f.def == d)
        {
            map.extend(f.subst.iter().map(|(k, v)| (*k, *v)));
        }
        let last = sig.params.last().map_or(Ty::ERROR, |p| p.ty);
        self.cx.s.types.subst(last, &map)
    }

    /// Calls `d` on evaluated arguments (in source order; `None` for a
    /// `Unit` value) and receiver. The caller releases them.
    pub fn call_method(
        &mut self,
        site: &Site,
        d: DefId,
        this: Option<(Op, Ty)>,
        given: &[Option<(Op, Ty)>],
    ) -> Option<Op> {
        if let Some(t) = this
            && self.needs_dispatch(d, t.1)
        {
            return self.dispatch_call(site, d, t, given);
        }
        self.call_exact(site, d, this, given)
    }

    /// Calls `d` on a receiver whose exact type is `this`'s static type
    /// (no dispatch: the implementation of that type).
    pub fn call_exact(
        &mut self,
        site: &Site,
        d: DefId,
        this: Option<(Op, Ty)>,
        given: &[Option<(Op, Ty)>],
    ) -> Option<Op> {
        if let Some((r, t)) = this
            && self.cx.is_enum(t)
            && self.cx.s.def(d).std
        {
            let args: Vec<(Op, Ty)> = given.iter().flatten().copied().collect();
            let name = self.cx.s.def(d).name;
            if let Some(v) = self.enum_member(name, r, t, &args, site.span) {
                return v;
            }
        }
        if self.cx.s.def(d).std && self.is_builtin(d) {
            let args: Vec<(Op, Ty)> = given.iter().flatten().copied().collect();
            return self.intrinsic(site, d, this, &args);
        }
        let inst = self.fun_inst(d, this.map(|t| t.1), &site.info.type_args, site.span)?;
        if inst.def != d && self.cx.s.def(inst.def).std && self.is_builtin(inst.def) {
            // a trait's member implemented by a built-in type (`compareTo`
            // of `Int` through `Comparable`)
            let args: Vec<(Op, Ty)> = given.iter().flatten().copied().collect();
            return self.intrinsic(site, inst.def, this, &args);
        }
        self.callee_this = this.map(|(o, t)| (o.v, t));
        let values = self.arguments(site, &inst, given);
        self.callee_this = None;
        let values = values?;
        let r = self.call_inst(inst, this.map(|t| t.0.v), &values, site.span);
        for v in values
            .into_iter()
            .filter(|v| !given.iter().flatten().any(|g| g.0.v == v.v))
        {
            self.drop_op(Some(v));
        }
        self.call_result(site, r?)
    }

    /// The site of a call written in the source.
    pub fn site(&mut self, e: &ast::Expr<'_>) -> Site {
        let info = self.call_info(e);
        let ret = self.ty_of(e);
        Site {
            span: e.span,
            info,
            ret: Some(ret),
        }
    }

    /// A call of an inline function's lambda parameter: its literal's body
    /// expanded here; a receiver (`this.block()`, or the first argument of
    /// `block(x)`) becomes `this` in it.
    fn call_lambda_param(
        &mut self,
        e: &'a ast::Expr<'a>,
        callee: &'a ast::Expr<'a>,
        l: crate::check::LocalId,
        b: super::inline::LambdaBinding<'a>,
        args: &'a [ast::Arg<'a>],
    ) -> Option<Op> {
        let fn_ty = self.local_ty(l);
        let fn_ty = self.cx.s.types.non_null(fn_ty);
        let with_receiver =
            matches!(self.cx.s.types.kind(fn_ty), TyKind::Fn(f) if f.receiver.is_some());
        let mut values = Vec::new();
        if let ast::ExprKind::Member { receiver, .. } = &callee.kind {
            let t = self.ty_of(receiver);
            values.push((self.expr(receiver)?, t));
        }
        for a in args {
            let t = self.ty_of(&a.value);
            let v = self.expr(&a.value)?;
            values.push((v, t));
        }
        let t = self.ty_of(e);
        let r = if with_receiver && !values.is_empty() {
            let recv = values[0];
            self.invoke_lambda_on(e.span, t, b, Some(recv), &values[1..])
        } else {
            self.invoke_lambda_typed(e.span, t, b, &values)
        };
        for (v, _) in values {
            self.drop_op(Some(v));
        }
        r
    }

    /// What the checker recorded at a call (nothing for a call it did not
    /// resolve through overloads: positional arguments).
    pub fn call_info(&mut self, e: &ast::Expr<'_>) -> CallInfo {
        let mut info = self
            .cx
            .s
            .typeck
            .calls
            .get(&key(e))
            .cloned()
            .unwrap_or_default();
        for t in &mut info.type_args {
            *t = self.subst(*t);
        }
        info
    }

    /// The instance a call of `d` on a receiver of type `this_ty` runs:
    /// the implementation of the receiver's concrete type, with the
    /// class's and the function's type arguments.
    pub fn fun_inst(
        &mut self,
        d: DefId,
        this_ty: Option<Ty>,
        type_args: &[Ty],
        span: Span,
    ) -> Option<Inst> {
        let mut def = d;
        let mut subst: Vec<(DefId, Ty)> = Vec::new();
        let is_member = self
            .cx
            .s
            .def(d)
            .parent
            .is_some_and(|p| matches!(self.cx.s.def(p).kind, DefKind::Class(_)));
        if let (Some(t), true) = (this_ty, is_member && !self.cx.s.is_extension(d))
            && self.cx.delegate_of(d, t).is_some()
        {
            return Some(Inst {
                def: d,
                kind: InstKind::Forward,
                subst: self.cx.member_subst(d, t),
                this: this_ty,
            });
        }
        if let (Some(t), true) = (this_ty, is_member && !self.cx.s.is_extension(d)) {
            let (impl_def, class_subst) = self.implementation(d, t, span)?;
            def = impl_def;
            subst.extend(class_subst);
        }
        let sig = self.cx.s.signature(def);
        subst.extend(
            sig.type_params
                .iter()
                .copied()
                .zip(type_args.iter().copied()),
        );
        subst.sort_by_key(|(p, _)| *p);
        subst.dedup_by_key(|(p, _)| *p);
        Some(Inst {
            def,
            kind: InstKind::Fun,
            subst,
            this: this_ty,
        })
    }

    /// The member that implements `d` for a receiver of concrete type
    /// `t`, and the substitution of its class's parameters.
    fn implementation(&mut self, d: DefId, t: Ty, span: Span) -> Option<(DefId, Vec<(DefId, Ty)>)> {
        let found = self.cx.find_impl(d, t);
        if found.is_none() {
            let name = self.cx.s.def(d).name;
            self.unsupported(span, format!("a call of `{name}` on this receiver"));
        }
        found
    }

    /// The argument values for the parameters of an instance, in
    /// parameter order: the given ones (by the checker's slots), defaults
    /// and variable arguments gathered into a list. Values made here
    /// (defaults, lists) are owned; given ones are the caller's.
    pub fn arguments_pub(
        &mut self,
        site: &Site,
        inst: &Inst,
        given: &[Option<(Op, Ty)>],
    ) -> Option<Vec<Op>> {
        self.arguments(site, inst, given)
    }

    fn arguments(
        &mut self,
        site: &Site,
        inst: &Inst,
        given: &[Option<(Op, Ty)>],
    ) -> Option<Vec<Op>> {
        let info = &site.info;
        let span = site.span;
        let def = inst.def;
        let sig = self.cx.s.signature(def);
        let slots: Vec<Vec<usize>> = if info.slots.len() == sig.params.len() {
            info.slots.clone()
        } else {
            (0..sig.params.len()).map(|i| vec![i]).collect()
        };
        let decls = self.param_decls(def);
        let mut out = Vec::new();
        for (i, (p, slot)) in sig.params.iter().zip(&slots).enumerate() {
            if p.vararg {
                let elem = self.in_callee(inst, |fl| fl.subst(p.ty));
                let items: Vec<Option<(Op, Ty)>> = slot
                    .iter()
                    .map(|&j| given.get(j).copied().flatten())
                    .collect();
                out.push(self.vararg_list(span, elem, &items)?);
                continue;
            }
            match slot.as_slice() {
                [j] => {
                    if let Some(Some((v, t))) = given.get(*j) {
                        let want = self.in_callee(inst, |fl| fl.subst(p.ty));
                        out.push(self.boxed_for(*v, *t, want, span)?);
                    }
                }
                [] => {
                    let default = decls.get(i).and_then(|p| p.default.as_ref());
                    let Some(default) = default else {
                        self.unsupported(span, "this call");
                        return None;
                    };
                    if let Some(v) = self.in_callee(inst, |fl| fl.expr(default)) {
                        let v = self.owned(v);
                        out.push(v);
                    }
                }
                _ => {
                    self.unsupported(span, "this call");
                    return None;
                }
            }
        }
        Some(out)
    }

    /// The `List<T>` a vararg parameter receives: a new list of `items`.
    pub fn vararg_list_pub(
        &mut self,
        span: Span,
        elem: Ty,
        items: &[Option<(Op, Ty)>],
    ) -> Option<Op> {
        self.vararg_list(span, elem, items)
    }

    fn vararg_list(&mut self, span: Span, elem: Ty, items: &[Option<(Op, Ty)>]) -> Option<Op> {
        let Some(list) = self.cx.s.lang("List") else {
            self.unsupported(span, "variable arguments without a standard library");
            return None;
        };
        let list_ty = self.cx.s.types.adt(list, &[elem]);
        let params = self.cx.s.def(list).type_params.clone();
        let mut subst: Vec<(DefId, Ty)> = params.iter().map(|p| (*p, elem)).collect();
        subst.sort_by_key(|(p, _)| *p);
        let new = Inst {
            def: list,
            kind: InstKind::New,
            subst,
            this: Some(list_ty),
        };
        let l = self.call_inst(new, None, &[], span)??;
        let adds: Vec<DefId> = self
            .cx
            .s
            .def(list)
            .members
            .get(LIST_ADD)
            .map(|ids| ids.to_vec())
            .unwrap_or_default();
        let add = adds
            .into_iter()
            .find(|&d| self.cx.s.signature(d).params.len() == 1);
        let Some(add) = add else {
            self.unsupported(span, "variable arguments");
            return None;
        };
        let inst = self.fun_inst(add, Some(list_ty), &[], span)?;
        for &(v, t) in items.iter().flatten() {
            let x = self.boxed_for(v, t, elem, span)?;
            self.call_inst(inst.clone(), Some(l), &[x], span)?;
            if x.v != v.v {
                self.drop_op(Some(x));
            }
        }
        Some(Op { v: l, owned: true })
    }

    /// Releases the arguments of a call: those given, and those made for
    /// it (defaults, boxes).
    pub fn drop_arguments(&mut self, values: Vec<Op>, given: Vec<Option<(Op, Ty)>>) {
        for v in values
            .into_iter()
            .filter(|v| !given.iter().flatten().any(|g| g.0.v == v.v))
        {
            self.drop_op(Some(v));
        }
        for (v, _) in given.into_iter().flatten() {
            self.drop_op(Some(v));
        }
    }

    /// `v` (of Seen type `t`) ready for a parameter of type `want`: a
    /// number, `Boolean`, `Char`, struct or enum boxed by its own type
    /// when `want` is a reference (`Any`, a trait), so the box says what it
    /// holds (a `Char` stays a `Char`); otherwise `v` itself.
    fn boxed_for(&mut self, v: Op, t: Ty, want: Ty, span: Span) -> Option<Op> {
        let want_ir = match self.ir(want) {
            Ok(Some(w)) => w,
            _ => return Some(v),
        };
        let have = self.b.func().value_type(v.v);
        if want_ir != Type::Ref || have == Type::Ref || !self.cx.is_boxed(t) {
            return Some(v);
        }
        self.box_value(v, t, span)
    }

    /// The parameter declarations of a function or primary constructor.
    fn param_decls(&self, def: DefId) -> &'a [ast::Param<'a>] {
        match self.cx.s.def(def).item().map(|i| &i.kind) {
            Some(ast::ItemKind::Fun(f)) => f.params,
            Some(ast::ItemKind::Class(c)) => c.ctor.map_or(&[][..], |c| c.params),
            Some(ast::ItemKind::Constructor(c)) => c.params,
            _ => &[],
        }
    }

    /// Runs `f` with the callee's substitution (a default argument's
    /// types are the callee's).
    fn in_callee<T>(&mut self, inst: &Inst, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = std::mem::replace(&mut self.map, inst.map());
        let saved_file = std::mem::replace(&mut self.file, self.cx.s.def(inst.def).file);
        // a default may use the receiver's members (`end: Int = length`)
        let receiver = self.callee_this.take();
        let saved_this = match receiver {
            Some(r) => self.this.replace(r),
            None => self.this,
        };
        let r = f(self);
        self.this = saved_this;
        self.callee_this = receiver;
        self.map = saved;
        self.file = saved_file;
        r
    }

    /// Calls an instance with `this` (if any) and the arguments.
    pub fn call_inst(
        &mut self,
        inst: Inst,
        this: Option<Value>,
        args: &[Op],
        span: Span,
    ) -> Option<Option<Value>> {
        let Some(f) = self.cx.instance(self.b.module_mut(), inst) else {
            // reported where the callee is declared
            self.stop();
            return None;
        };
        let want = self.b.module().func(f).sig.params.clone();
        let mut values: Vec<Value> = this.into_iter().collect();
        // values made to fit (a number boxed into an `Any`) are released
        // after the call
        let mut made = Vec::new();
        for a in args {
            let v = match want.get(values.len()).copied() {
                Some(w) => {
                    let fitted = self.fit(*a, w, span)?;
                    // a new box, or a borrowed value made owned
                    let boxed = w == Type::Ref && self.b.func().value_type(a.v) != Type::Ref;
                    if fitted.v != a.v && fitted.owned && (!a.owned || boxed) {
                        made.push(fitted);
                    }
                    fitted.v
                }
                None => a.v,
            };
            values.push(v);
        }
        let have: Vec<Type> = values
            .iter()
            .map(|v| self.b.func().value_type(*v))
            .collect();
        if want != have {
            let name = self.b.module().func(f).name.clone();
            let msg =
                format!("this call (internal error: `{name}` takes {want:?}, given {have:?})");
            self.unsupported(span, msg);
            return None;
        }
        let r = self.b.ins().call(f, &values);
        for m in made {
            self.drop_op(Some(m));
        }
        Some(r)
    }

    /// A call's result: owned when a reference; `Nothing` ends the block.
    pub fn call_result(&mut self, site: &Site, r: Option<Value>) -> Option<Op> {
        if site.ret == Some(Ty::NOTHING) {
            self.b.ins().unreachable();
            self.end_block();
            return None;
        }
        let v = r?;
        Some(self.owned_if_counted(v))
    }

    /// `Class(args)`: the class's allocation instance.
    fn construct(
        &mut self,
        e: &'a ast::Expr<'a>,
        class: DefId,
        args: &'a [ast::Arg<'a>],
    ) -> Option<Op> {
        let ty = self.ty_of(e);
        if self.is_builder(ty) && args.is_empty() {
            return self.new_builder();
        }
        if !matches!(self.cx.s.types.kind(ty), TyKind::Adt(..)) {
            return self.unsupported(e.span, "this constructor call");
        }
        let site = self.site(e);
        let info = site.info.clone();
        // a secondary constructor takes its class's type parameters
        let owner = match self.cx.s.def(class).kind {
            DefKind::Constructor => self.cx.s.def(class).parent.unwrap_or(class),
            _ => class,
        };
        let params = self.cx.s.def(owner).type_params.clone();
        let mut subst: Vec<(DefId, Ty)> = params
            .iter()
            .copied()
            .zip(info.type_args.iter().copied())
            .collect();
        subst.sort_by_key(|(p, _)| *p);
        let inst = Inst {
            def: class,
            kind: InstKind::New,
            subst,
            this: Some(ty),
        };
        let mut given = Vec::new();
        for a in args {
            let t = self.ty_of(&a.value);
            let v = self.expr(&a.value);
            if self.dead {
                return None;
            }
            given.push(v.map(|v| (v, t)));
        }
        let mut values = self.arguments(&site, &inst, &given)?;
        values.extend(self.hidden_args(ty, key(e), e.span)?);
        let r = self.call_inst(inst, None, &values, e.span);
        for v in values
            .into_iter()
            .filter(|v| !given.iter().flatten().any(|g| g.0.v == v.v))
        {
            self.drop_op(Some(v));
        }
        for (v, _) in given.into_iter().flatten() {
            self.drop_op(Some(v));
        }
        self.call_result(&site, r?)
    }
}
