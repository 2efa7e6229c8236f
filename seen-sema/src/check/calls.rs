//! Calls: finding what is called, matching arguments to parameters,
//! choosing among overloads, inferring type arguments, and lambdas.
//!
//! A call's candidates come from the callee's shape: a name (locals of
//! function type, members of implicit receivers, functions and classes in
//! scope), a member (`recv.f`: members and extensions of the receiver's
//! type, or a type's companion and nested types), or any expression of
//! function type. Arguments are matched to parameters (positional, then
//! named; defaults; a vararg takes the rest). When several candidates
//! accept the arguments' shape, each is tried quietly and the one that
//! fits is kept (the most specific if several do).

use rustc_hash::FxHashMap;
use seen_syntax::Span;
use seen_syntax::ast::{self, ClassKind, ExprKind, ModifierKind};

use super::{Cx, Frame, LocalKind, Res};
use crate::FnSig;
use crate::codes;
use crate::defs::{DefId, DefKind};
use crate::ty::{Ty, TyKind};

/// The operator name that calls a value (`f.invoke(x)` is `f(x)`).
const INVOKE: &str = "invoke";

/// One argument of a call.
#[derive(Clone, Copy)]
pub(crate) struct CallArg<'a> {
    pub name: Option<&'a str>,
    /// The expression, or `None` when only its type is known.
    pub expr: Option<&'a ast::Expr<'a>>,
    /// The type, for arguments without an expression.
    pub ty: Ty,
    pub span: Span,
}

impl CallArg<'_> {
    fn is_lambda(&self) -> bool {
        self.expr
            .is_some_and(|e| matches!(e.kind, ExprKind::Lambda(_) | ExprKind::AnonFun(_)))
    }
}

/// Something that may be called.
#[derive(Clone)]
pub(crate) struct Candidate {
    pub def: Option<DefId>,
    pub sig: FnSig,
    /// The receiver the call supplies (a member or extension call).
    pub receiver: Option<Ty>,
}

impl<'s, 'a> Cx<'s, 'a> {
    /// A call expression.
    pub(crate) fn call(&mut self, e: &'a ast::Expr<'a>, expected: Option<Ty>) -> Ty {
        let ExprKind::Call {
            callee,
            type_args,
            args,
            trailing,
        } = &e.kind
        else {
            return Ty::ERROR;
        };
        let mut call_args: Vec<CallArg<'a>> = args
            .iter()
            .map(|a| CallArg {
                name: a.name.map(|n| n.name),
                expr: Some(&a.value),
                ty: Ty::ERROR,
                span: a.span,
            })
            .collect();
        let trailing_expr: Option<&'a ast::Expr<'a>> = trailing.map(|l| {
            &*self.s.arena.alloc(ast::Expr {
                kind: ExprKind::Lambda(l),
                span: l.span,
            })
        });
        if let Some(t) = trailing_expr {
            call_args.push(CallArg {
                name: None,
                expr: Some(t),
                ty: Ty::ERROR,
                span: t.span,
            });
        }
        let explicit: Vec<Ty> = type_args
            .iter()
            .map(|a| match a {
                ast::TypeArg::Type { ty, .. } => self.s.resolve_type(ty, self.owner),
                _ => Ty::ERROR,
            })
            .collect();
        match &callee.kind {
            ExprKind::Name(id) => self.call_name(e, callee, id, &call_args, &explicit, expected),
            ExprKind::Member {
                receiver,
                name,
                safe,
            } => self.call_member(
                e, callee, receiver, name, *safe, &call_args, &explicit, expected,
            ),
            _ => {
                let ft = self.expr(callee, None);
                let ft = self.resolve(ft);
                self.call_value(e, ft, &call_args, expected, callee.span)
            }
        }
    }

    fn call_name(
        &mut self,
        e: &'a ast::Expr<'a>,
        callee: &'a ast::Expr<'a>,
        id: &ast::Ident<'a>,
        args: &[CallArg<'a>],
        explicit: &[Ty],
        expected: Option<Ty>,
    ) -> Ty {
        // a local of function type (or with `invoke`)
        if let Some(local) = self.find_local(id.name) {
            self.mark_used(local);
            self.record_res(callee, Res::Local(local));
            let t = self.place_type(super::flow::Place::Local(local));
            self.record(callee, t);
            return self.call_value(e, t, args, expected, id.span);
        }
        // a method of an implicit receiver
        // (one whose arguments do not fit lets an outer name be found, as
        // `minOf(a, b)` inside an extension that has a `minOf { }`)
        let mut receiver_cands: Option<Vec<Candidate>> = None;
        for i in (0..self.receivers.len()).rev() {
            let recv = self.receivers[i];
            let cands = self.method_candidates(recv, id.name, true);
            if !cands.is_empty() {
                if self.any_applicable(&cands, args) {
                    return self.resolve_call(
                        e, callee, id.name, id.span, cands, args, explicit, expected,
                    );
                }
                receiver_cands.get_or_insert(cands);
            }
        }
        // functions, constructors and objects in scope, innermost first
        let levels = self.s.lookup_scopes(self.owner, id.name, |s, d| {
            matches!(
                s.def(d).kind,
                DefKind::Fun
                    | DefKind::Class(_)
                    | DefKind::EnumEntry
                    | DefKind::Property
                    | DefKind::TypeAlias
            ) && !s.is_extension(d)
        });
        if levels.is_empty() {
            if let Some(cands) = receiver_cands {
                return self
                    .resolve_call(e, callee, id.name, id.span, cands, args, explicit, expected);
            }
            self.unresolved(id.name, id.span);
            self.check_args_alone(args);
            return Ty::ERROR;
        }
        for (i, level) in levels.iter().enumerate() {
            let mut cands = Vec::new();
            for &d in level {
                cands.extend(self.callable_candidates(d, id.span));
            }
            let last = i + 1 == levels.len();
            if cands.is_empty() {
                if let Some(&d) = level.first() {
                    if matches!(self.s.def(d).kind, DefKind::Property) {
                        let t = self.value_of_def(callee, d, id.span);
                        return self.call_value(e, t, args, expected, id.span);
                    }
                }
                continue;
            }
            if !last && !self.any_applicable(&cands, args) {
                continue;
            }
            return self.resolve_call(e, callee, id.name, id.span, cands, args, explicit, expected);
        }
        self.check_args_alone(args);
        Ty::ERROR
    }

    /// The ways to call a definition named in a call: a function, a class
    /// (its constructors), an enum entry with a payload, an alias of a
    /// class.
    fn callable_candidates(&mut self, d: DefId, span: Span) -> Vec<Candidate> {
        let mut out = Vec::new();
        match self.s.def(d).kind {
            DefKind::Fun => {
                let sig = self.s.signature(d);
                out.push(Candidate {
                    def: Some(d),
                    sig,
                    receiver: None,
                });
            }
            DefKind::Class(kind) => {
                if matches!(kind, ClassKind::Trait)
                    || self.s.def(d).has(ModifierKind::Abstract)
                    || self.s.def(d).has(ModifierKind::Sealed)
                {
                    let name = self.s.def(d).name;
                    let what = if kind == ClassKind::Trait {
                        "a trait"
                    } else {
                        "abstract"
                    };
                    let diag = self
                        .err(
                            codes::ABSTRACT_INSTANCE,
                            format!("`{name}` is {what} and cannot be created"),
                            span,
                            "not instantiable",
                        )
                        .help("create an instance of a class that implements it");
                    self.emit(diag);
                    return out;
                }
                if kind == ClassKind::Object {
                    return out;
                }
                let sig = self.s.signature(d);
                let has_primary = self.s.has_primary_or_no_ctor(d);
                if has_primary {
                    out.push(Candidate {
                        def: Some(d),
                        sig,
                        receiver: None,
                    });
                }
                let ctors = self
                    .s
                    .def(d)
                    .members
                    .get(seen_syntax::Word::Constructor.canonical())
                    .cloned()
                    .unwrap_or_default();
                for c in ctors {
                    let sig = self.s.signature(c);
                    out.push(Candidate {
                        def: Some(c),
                        sig,
                        receiver: None,
                    });
                }
            }
            DefKind::EnumEntry => {
                let sig = self.s.signature(d);
                out.push(Candidate {
                    def: Some(d),
                    sig,
                    receiver: None,
                });
            }
            DefKind::TypeAlias => {
                let target = self.s.alias_target(d);
                if let TyKind::Simd(lane, n) = *self.s.types.kind(target) {
                    // `Vec4f(1f, 2f, 3f, 4f)`: the companion's `invoke`,
                    // with exactly one argument per lane
                    let lanes = match self.s.types.kind(n) {
                        TyKind::Const(k) => usize::try_from(*k).ok(),
                        _ => None,
                    };
                    for r in self.s.static_receivers(d) {
                        for mut c in self.method_candidates(r, INVOKE, false) {
                            if let Some(k) = lanes {
                                let params = (0..k)
                                    .map(|i| crate::ParamSig {
                                        name: format!("lane{i}").into(),
                                        ty: lane,
                                        has_default: false,
                                        vararg: false,
                                    })
                                    .collect();
                                c.sig = FnSig {
                                    params,
                                    ret: target,
                                    ..c.sig
                                };
                            }
                            out.push(c);
                        }
                    }
                    return out;
                }
                if let Some((class, _)) = self.s.class_of(target) {
                    return self.callable_candidates(class, span);
                }
            }
            _ => {}
        }
        out
    }

    /// Methods named `name` callable on `recv`: declared members (and, when
    /// `with_extensions`, extensions in scope).
    pub(crate) fn method_candidates(
        &mut self,
        recv: Ty,
        name: &str,
        with_extensions: bool,
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        for f in self.s.declared_members(recv, name) {
            if self.s.def(f.def).kind != DefKind::Fun {
                continue;
            }
            let sig = self.s.signature(f.def);
            let sig = self.subst_sig(&sig, &f.subst);
            out.push(Candidate {
                def: Some(f.def),
                sig,
                receiver: Some(recv),
            });
        }
        if out.is_empty() && name == crate::lang::DATA_COPY {
            out.extend(self.data_copy(recv));
        }
        if with_extensions {
            for ext in self.s.extensions_named(self.owner, name) {
                if self.s.def(ext).kind != DefKind::Fun {
                    continue;
                }
                let sig = self.s.signature(ext);
                if sig
                    .receiver
                    .is_some_and(|r| self.receiver_fits(recv, r, &sig.type_params))
                {
                    out.push(Candidate {
                        def: Some(ext),
                        sig,
                        receiver: Some(recv),
                    });
                }
            }
        }
        out
    }

    /// Whether a value of type `recv` may be the receiver of an extension
    /// declared on `want` (whose type parameters `tps` are free).
    fn receiver_fits(&mut self, recv: Ty, want: Ty, tps: &[DefId]) -> bool {
        let vars: Vec<Ty> = tps.iter().map(|_| self.fresh_var()).collect();
        let map = self.s.subst_map(tps, &vars);
        let want = self.s.types.subst(want, &map);
        let snap = self.snapshot();
        let ok = self.subtype(recv, want);
        self.rollback(snap);
        ok
    }

    /// The generated `copy(...)` of a data class: every constructor
    /// property as a parameter defaulting to the current value.
    fn data_copy(&mut self, recv: Ty) -> Option<Candidate> {
        let (class, args) = self.s.class_of(recv)?;
        if !self.s.def(class).has(ModifierKind::Data) {
            return None;
        }
        let params = self.s.def(class).type_params.clone();
        let map = self.s.subst_map(&params, &args);
        let props = self.s.component_properties(class);
        let params = props
            .into_iter()
            .map(|p| {
                let t = self.s.property_type(p);
                crate::ParamSig {
                    name: self.s.def(p).name.into(),
                    ty: self.s.types.subst(t, &map),
                    has_default: true,
                    vararg: false,
                }
            })
            .collect();
        let sig = FnSig {
            type_params: Default::default(),
            receiver: None,
            params,
            ret: recv,
            suspend: false,
            inline: false,
        };
        Some(Candidate {
            def: Some(class),
            sig,
            receiver: Some(recv),
        })
    }

    fn subst_sig(&mut self, sig: &FnSig, subst: &FxHashMap<DefId, Ty>) -> FnSig {
        let mut sig = sig.clone();
        if subst.is_empty() {
            return sig;
        }
        for p in &mut sig.params {
            p.ty = self.s.types.subst(p.ty, subst);
        }
        sig.ret = self.s.types.subst(sig.ret, subst);
        sig.receiver = sig.receiver.map(|r| self.s.types.subst(r, subst));
        sig
    }

    #[allow(clippy::too_many_arguments)]
    fn call_member(
        &mut self,
        e: &'a ast::Expr<'a>,
        callee: &'a ast::Expr<'a>,
        receiver: &'a ast::Expr<'a>,
        name: &ast::Ident<'a>,
        safe: bool,
        args: &[CallArg<'a>],
        explicit: &[Ty],
        expected: Option<Ty>,
    ) -> Ty {
        if !safe {
            if let Some(q) = self.qualifier(receiver) {
                if !matches!(self.s.def(q).kind, DefKind::Class(ClassKind::Object)) {
                    return self.call_static(e, callee, q, name, args, explicit, expected);
                }
            }
        }
        let rt = self.expr(receiver, None);
        let rt = self.resolve(rt);
        if rt == Ty::ERROR {
            self.check_args_alone(args);
            return Ty::ERROR;
        }
        let (base, nullable) = (self.s.types.non_null(rt), self.s.types.is_nullable(rt));
        if safe && !nullable {
            self.redundant_safe_call(name.span, rt);
        }
        if name.name == INVOKE && matches!(self.s.types.kind(base), TyKind::Fn(_)) {
            let r = self.call_value(e, base, args, expected, name.span);
            return if safe { self.s.types.nullable(r) } else { r };
        }
        let mut cands = self.method_candidates(base, name.name, true);
        if cands.is_empty() {
            cands = self.inner_class_ctors(base, name);
        }
        if nullable && !safe {
            // extensions on a nullable receiver (`toString()` of `Any?`) still apply
            let on_nullable: Vec<Candidate> = self.method_candidates(rt, name.name, true);
            // and so do `Any`'s members (`toString()`, `equals`, `hashCode`)
            let any = self.s.lang.prim_defs.get(&Ty::ANY).copied();
            let mut nullable_ok: Vec<Candidate> = on_nullable
                .into_iter()
                .filter(|c| c.sig.receiver.is_some_and(|r| self.s.types.is_nullable(r)))
                .collect();
            if nullable_ok.is_empty() {
                // `Any`'s own members, whatever overrides them: `null` has them too
                let declared_by_any =
                    any.is_some_and(|a| self.s.def(a).members.contains_key(name.name));
                if declared_by_any {
                    nullable_ok = self
                        .method_candidates(Ty::ANY, name.name, false)
                        .into_iter()
                        .map(|mut c| {
                            c.sig.receiver = None;
                            c
                        })
                        .collect();
                }
            }
            if nullable_ok.is_empty() && !cands.is_empty() {
                let shown = self.show(rt);
                let d = self
                    .err(
                        codes::NULLABLE_RECEIVER,
                        format!("`{}` on a nullable `{shown}` needs `?.` or `!!`", name.name),
                        name.span,
                        "the receiver may be null",
                    )
                    .help(format!(
                        "write `?.{}` (null when the receiver is) or check it for null first",
                        name.name
                    ));
                self.emit(d);
            } else if !nullable_ok.is_empty() {
                cands = nullable_ok
                    .into_iter()
                    .map(|mut c| {
                        c.receiver = Some(rt);
                        c
                    })
                    .collect();
            }
        }
        if cands.is_empty() {
            // a local of a function type with a receiver: `receiver.block()`
            if let Some(local) = self.find_local(name.name) {
                let lt = self.place_type(super::flow::Place::Local(local));
                let lt = self.resolve(lt);
                let has_receiver = matches!(self.s.types.kind(self.s.types.non_null(lt)), TyKind::Fn(f) if f.receiver.is_some());
                if has_receiver {
                    self.mark_used(local);
                    self.record_res(callee, Res::Local(local));
                    let mut all = vec![CallArg {
                        name: None,
                        expr: None,
                        ty: base,
                        span: receiver.span,
                    }];
                    all.extend_from_slice(args);
                    return self.call_value(e, lt, &all, expected, name.span);
                }
            }
            // a property of the same kind, of an implicit receiver
            for i in (0..self.receivers.len()).rev() {
                let recv = self.receivers[i];
                let props = self.s.declared_members(recv, name.name);
                let Some(f) = props
                    .iter()
                    .find(|f| matches!(self.s.def(f.def).kind, DefKind::Property | DefKind::Field))
                else {
                    continue;
                };
                let pt = self.s.property_type(f.def);
                let pt = self.s.types.subst(pt, &f.subst);
                if matches!(self.s.types.kind(self.s.types.non_null(pt)), TyKind::Fn(fnt) if fnt.receiver.is_some())
                {
                    self.record_res(callee, Res::Def(f.def));
                    let mut all = vec![CallArg {
                        name: None,
                        expr: None,
                        ty: base,
                        span: receiver.span,
                    }];
                    all.extend_from_slice(args);
                    return self.call_value(e, pt, &all, expected, name.span);
                }
            }
            // a property of function type: `obj.handler(x)`
            let found = self.s.declared_members(base, name.name);
            if let Some(f) = found
                .into_iter()
                .find(|f| matches!(self.s.def(f.def).kind, DefKind::Property | DefKind::Field))
            {
                self.record_res(callee, Res::Def(f.def));
                let t = self.s.property_type(f.def);
                let t = self.s.types.subst(t, &f.subst);
                self.record(callee, t);
                let r = self.call_value(e, t, args, expected, name.span);
                return if safe { self.s.types.nullable(r) } else { r };
            }
            self.no_member(base, name);
            self.check_args_alone(args);
            return Ty::ERROR;
        }
        // in `x?.f(args)` the arguments run only when `x` is not null
        let place = if safe && nullable {
            self.place_of(receiver)
        } else {
            None
        };
        let before = place.map(|p| (p, self.flow.narrowed.get(&p).copied()));
        if let Some(p) = place {
            Self::narrow(&mut self.flow, p, base);
        }
        let r = self.resolve_call(
            e, callee, name.name, name.span, cands, args, explicit, expected,
        );
        if let Some((p, old)) = before {
            match old {
                Some(t) => Self::narrow(&mut self.flow, p, t),
                None => {
                    self.flow.narrowed.remove(&p);
                }
            }
        }
        self.check_unsafe_receiver(base, name.span);
        if let Some(Res::Def(d)) = self.s.typeck.res.get(&super::key(callee)).copied() {
            if self.s.def(d).has(ModifierKind::Mutating) {
                self.check_struct_receiver(receiver, name.span);
                if matches!(receiver.kind, ExprKind::This(None)) {
                    self.check_mutating_self(d, name.span);
                }
            }
        }
        if safe { self.s.types.nullable(r) } else { r }
    }

    /// `outer.Inner(...)`: the constructors of an `inner` class, made
    /// through an instance of its outer class.
    fn inner_class_ctors(&mut self, base: Ty, name: &ast::Ident<'a>) -> Vec<Candidate> {
        let Some((class, _)) = self.s.class_of(base) else {
            return Vec::new();
        };
        let inner = self.s.def(class).members.get(name.name).and_then(|ids| {
            ids.iter().copied().find(|d| {
                matches!(self.s.def(*d).kind, DefKind::Class(_))
                    && self.s.def(*d).has(ModifierKind::Inner)
            })
        });
        match inner {
            Some(d) => self.callable_candidates(d, name.span),
            None => Vec::new(),
        }
    }

    /// `Type.f(...)`: a companion method, a nested class or enum entry's
    /// constructor, a module's function.
    #[allow(clippy::too_many_arguments)]
    fn call_static(
        &mut self,
        e: &'a ast::Expr<'a>,
        callee: &'a ast::Expr<'a>,
        q: DefId,
        name: &ast::Ident<'a>,
        args: &[CallArg<'a>],
        explicit: &[Ty],
        expected: Option<Ty>,
    ) -> Ty {
        let mut cands = Vec::new();
        if let Some(ids) = self.s.def(q).members.get(name.name).cloned() {
            for d in ids {
                cands.extend(self.callable_candidates(d, name.span));
            }
        }
        if cands.is_empty() {
            for ct in self.s.static_receivers(q) {
                cands = self.method_candidates(ct, name.name, true);
                if !cands.is_empty() {
                    break;
                }
            }
        }
        if cands.is_empty() {
            let what = self.s.describe(q);
            let help = self.s.suggest(q, name.name);
            let d = self
                .err(
                    codes::NO_MEMBER,
                    format!("`{what}` has no member `{}`", name.name),
                    name.span,
                    "not found",
                )
                .help(help);
            self.emit(d);
            self.check_args_alone(args);
            return Ty::ERROR;
        }
        self.resolve_call(
            e, callee, name.name, name.span, cands, args, explicit, expected,
        )
    }

    /// Calls a value of function type (or with `operator fun invoke`).
    fn call_value(
        &mut self,
        e: &'a ast::Expr<'a>,
        t: Ty,
        args: &[CallArg<'a>],
        expected: Option<Ty>,
        span: Span,
    ) -> Ty {
        let base = self.s.types.non_null(t);
        match self.s.types.kind(base).clone() {
            TyKind::Fn(f) => {
                let params = f
                    .params
                    .iter()
                    .enumerate()
                    .map(|(i, p)| crate::ParamSig {
                        name: format!("p{i}").into(),
                        ty: *p,
                        has_default: false,
                        vararg: false,
                    })
                    .collect();
                let mut sig = FnSig {
                    type_params: Default::default(),
                    receiver: None,
                    params,
                    ret: f.ret,
                    suspend: f.suspend,
                    inline: false,
                };
                if let Some(r) = f.receiver {
                    // a receiver function value takes its receiver first
                    sig.params.insert(
                        0,
                        crate::ParamSig {
                            name: "this".into(),
                            ty: r,
                            has_default: false,
                            vararg: false,
                        },
                    );
                }
                let cand = Candidate {
                    def: None,
                    sig,
                    receiver: None,
                };
                self.resolve_call(e, e, INVOKE, span, vec![cand], args, &[], expected)
            }
            TyKind::Error => {
                self.check_args_alone(args);
                Ty::ERROR
            }
            _ => {
                let cands = self.method_candidates(base, INVOKE, true);
                if cands.is_empty() {
                    let shown = self.show(t);
                    let d = self.err(
                        codes::NOT_CALLABLE,
                        format!("a `{shown}` cannot be called"),
                        span,
                        "not a function",
                    );
                    self.emit(d);
                    self.check_args_alone(args);
                    return Ty::ERROR;
                }
                self.resolve_call(e, e, INVOKE, span, cands, args, &[], expected)
            }
        }
    }

    /// Checks arguments of a call that could not be resolved (for their
    /// own errors).
    pub(crate) fn check_args_alone(&mut self, args: &[CallArg<'a>]) {
        for a in args {
            if let Some(x) = a.expr {
                if !a.is_lambda() {
                    self.expr(x, None);
                }
            }
        }
    }

    /// `recv.name(args)` with argument expressions (infix calls, `[]`).
    pub(crate) fn method_call_args(
        &mut self,
        e: &'a ast::Expr<'a>,
        recv: Ty,
        name: &ast::Ident<'a>,
        args: &'a [ast::Expr<'a>],
        expected: Option<Ty>,
    ) -> Ty {
        let call_args: Vec<CallArg<'a>> = args
            .iter()
            .map(|a| CallArg {
                name: None,
                expr: Some(a),
                ty: Ty::ERROR,
                span: a.span,
            })
            .collect();
        let base = self.s.types.non_null(recv);
        let cands = self.method_candidates(base, name.name, true);
        if cands.is_empty() {
            self.no_member(base, name);
            self.check_args_alone(&call_args);
            return Ty::ERROR;
        }
        self.resolve_call(e, e, name.name, name.span, cands, &call_args, &[], expected)
    }

    /// An operator call whose arguments are already typed; `None` when
    /// the receiver has no such operator.
    pub(crate) fn resolve_method_by_types(
        &mut self,
        e: &'a ast::Expr<'a>,
        recv: Ty,
        name: &str,
        args: &[(Ty, Span)],
    ) -> Option<Ty> {
        let base = self.s.types.non_null(recv);
        let cands = self.method_candidates(base, name, true);
        let call_args: Vec<CallArg<'a>> = args
            .iter()
            .map(|(t, s)| CallArg {
                name: None,
                expr: None,
                ty: *t,
                span: *s,
            })
            .collect();
        let fitting: Vec<Candidate> = cands
            .into_iter()
            .filter(|c| self.shape_fits(c, &call_args).is_ok())
            .collect();
        if fitting.is_empty() {
            return None;
        }
        Some(self.resolve_call(e, e, name, e.span, fitting, &call_args, &[], None))
    }

    /// Whether any candidate accepts the arguments' shape (count, names).
    fn any_applicable(&mut self, cands: &[Candidate], args: &[CallArg<'a>]) -> bool {
        cands.iter().any(|c| self.shape_fits(c, args).is_ok())
    }

    /// Matches arguments to parameters by position and name: for each
    /// parameter, the arguments it takes; or why they do not fit.
    fn shape_fits(&self, c: &Candidate, args: &[CallArg<'a>]) -> Result<Vec<Vec<usize>>, String> {
        let params = &c.sig.params;
        let mut slots: Vec<Vec<usize>> = vec![Vec::new(); params.len()];
        let mut next = 0usize;
        let last_lambda = args
            .last()
            .is_some_and(|a| a.is_lambda() && a.name.is_none());
        for (i, a) in args.iter().enumerate() {
            match a.name {
                Some(n) => {
                    let Some(p) = params.iter().position(|p| &*p.name == n) else {
                        return Err(format!("there is no parameter named `{n}`"));
                    };
                    if !slots[p].is_empty() {
                        return Err(format!("`{n}` is given twice"));
                    }
                    slots[p].push(i);
                }
                None => {
                    // a trailing lambda goes to the last parameter
                    let target = if last_lambda
                        && i + 1 == args.len()
                        && params.last().is_some_and(|p| !p.vararg)
                    {
                        params.len().checked_sub(1)
                    } else {
                        while next < params.len() && !slots[next].is_empty() && !params[next].vararg
                        {
                            next += 1;
                        }
                        (next < params.len()).then_some(next)
                    };
                    let Some(t) = target else {
                        return Err(format!(
                            "takes {} argument(s), but more were given",
                            params.len()
                        ));
                    };
                    slots[t].push(i);
                    if !params[t].vararg {
                        next = t + 1;
                    }
                }
            }
        }
        for (p, s) in params.iter().zip(&slots) {
            if s.is_empty() && !p.has_default && !p.vararg {
                return Err(format!("the argument for `{}` is missing", p.name));
            }
        }
        Ok(slots)
    }

    /// Chooses among candidates and checks the call with the chosen one.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn resolve_call(
        &mut self,
        e: &'a ast::Expr<'a>,
        callee: &'a ast::Expr<'a>,
        name: &str,
        span: Span,
        cands: Vec<Candidate>,
        args: &[CallArg<'a>],
        explicit: &[Ty],
        expected: Option<Ty>,
    ) -> Ty {
        let mut shaped: Vec<(Candidate, Vec<Vec<usize>>)> = Vec::new();
        let mut why = None;
        for c in cands {
            match self.shape_fits(&c, args) {
                Ok(slots) => shaped.push((c, slots)),
                Err(w) => why = why.or(Some(w)),
            }
        }
        if shaped.is_empty() {
            let d = self.err(
                codes::ARGUMENTS,
                format!(
                    "no `{name}` takes these arguments: {}",
                    why.unwrap_or_default()
                ),
                span,
                "called here",
            );
            self.emit(d);
            self.check_args_alone(args);
            return Ty::ERROR;
        }
        let chosen = if shaped.len() == 1 {
            0
        } else {
            match self.pick_overload(&shaped, args, explicit, expected) {
                Some(i) => i,
                None => {
                    let d = self
                        .err(
                            codes::NO_OVERLOAD,
                            format!("no overload of `{name}` accepts arguments of these types"),
                            span,
                            "called here",
                        )
                        .help("check the arguments' types against the declarations");
                    self.emit(d);
                    self.check_args_alone(args);
                    return Ty::ERROR;
                }
            }
        };
        let (cand, slots) = shaped.swap_remove(chosen);
        if let Some(d) = cand.def {
            self.record_res(callee, Res::Def(d));
            self.record_res(e, Res::Def(d));
            self.check_call_site(d, span);
            self.check_visible(d, span);
            self.check_ctor_visible(d, span);
        }
        let (t, type_args) = self.check_with(&cand, &slots, args, explicit, expected, span);
        if cand.def.is_some() {
            self.record_call(e, super::CallInfo { type_args, slots });
        }
        t
    }

    /// Tries each candidate quietly; the index of the one that fits (the
    /// most specific when several do).
    fn pick_overload(
        &mut self,
        shaped: &[(Candidate, Vec<Vec<usize>>)],
        args: &[CallArg<'a>],
        explicit: &[Ty],
        expected: Option<Ty>,
    ) -> Option<usize> {
        let mut fits = Vec::new();
        for (i, (c, slots)) in shaped.iter().enumerate() {
            let saved = (self.flow.clone(), self.probe_errors);
            let snap = self.snapshot();
            self.probing += 1;
            self.probe_errors = 0;
            let _ = self.check_with(c, slots, args, explicit, expected, Span::default());
            let ok = self.probe_errors == 0;
            self.probing -= 1;
            self.probe_errors = saved.1;
            self.rollback(snap);
            self.flow = saved.0;
            if ok {
                fits.push(i);
            }
        }
        match fits.len() {
            0 => None,
            1 => Some(fits[0]),
            _ => {
                // the most specific: its receiver and parameters fit every
                // other's
                fits.iter()
                    .copied()
                    .find(|&i| {
                        fits.iter().all(|&j| {
                            i == j || {
                                let (ci, cj) = (&shaped[i].0, &shaped[j].0);
                                let (a, b) = (&ci.sig.params, &cj.sig.params);
                                let receivers = match (ci.sig.receiver, cj.sig.receiver) {
                                    (Some(x), Some(y)) => self.is_subtype_probe(x, y),
                                    _ => true,
                                };
                                receivers
                                    && a.len() == b.len()
                                    && a.iter()
                                        .zip(b.iter())
                                        .all(|(x, y)| self.is_subtype_probe(x.ty, y.ty))
                            }
                        })
                    })
                    .or(Some(fits[0]))
            }
        }
    }

    /// Checks the arguments against the chosen signature, inferring its
    /// type parameters; the call's type.
    fn check_with(
        &mut self,
        c: &Candidate,
        slots: &[Vec<usize>],
        args: &[CallArg<'a>],
        explicit: &[Ty],
        expected: Option<Ty>,
        span: Span,
    ) -> (Ty, Vec<Ty>) {
        let tps = c.sig.type_params.clone();
        let vars: Vec<Ty> = tps
            .iter()
            .enumerate()
            .map(|(i, _)| explicit.get(i).copied().unwrap_or_else(|| self.fresh_var()))
            .collect();
        if !explicit.is_empty() && explicit.len() != tps.len() && span != Span::default() {
            let d = self.err(
                crate::codes::TYPE_ARGS,
                format!(
                    "takes {} type argument(s), but {} were given",
                    tps.len(),
                    explicit.len()
                ),
                span,
                "here",
            );
            self.emit(d);
        }
        let map = self.s.subst_map(&tps, &vars);
        let ret = self.s.types.subst(c.sig.ret, &map);
        if let (Some(recv_want), Some(recv)) = (c.sig.receiver, c.receiver) {
            let want = self.s.types.subst(recv_want, &map);
            if !self.subtype(recv, want) {
                let (r, w) = (self.show(recv), self.show(want));
                let d = self.err(
                    crate::codes::MISMATCH,
                    format!("this applies to `{w}`, not `{r}`"),
                    span,
                    "wrong receiver",
                );
                self.emit(d);
            }
        }
        // the expected type says what the type arguments are (`let xs:
        // List<UInt8> = listOf(1, 2)`), unless it is too vague to (`Any?`,
        // a type parameter): then the arguments decide
        let exp_base = expected
            .map(|t| self.resolve(t))
            .map(|t| self.s.types.non_null(t));
        let vague = exp_base.is_none_or(|t| {
            t == Ty::ANY || t == Ty::UNIT || matches!(self.s.types.kind(t), TyKind::Param(_))
        });
        if let Some(exp) = expected.filter(|_| !vague) {
            let exp = self.resolve(exp);
            if self.s.types.has_vars(ret) && !self.s.types.has_vars(exp) {
                let snap = self.snapshot();
                if self.subtype(ret, exp) {
                    self.commit(snap);
                } else {
                    self.rollback(snap);
                }
            }
        }
        // non-lambda arguments first, then lambdas (their parameters come
        // from what the others inferred)
        for pass in 0..2 {
            for (p, idxs) in c.sig.params.iter().zip(slots) {
                let want = self.s.types.subst(p.ty, &map);
                for &i in idxs {
                    let a = args[i];
                    if a.is_lambda() != (pass == 1) {
                        continue;
                    }
                    if pass == 1 {
                        self.lambda_label_hint = c.def.map(|d| self.s.def(d).name);
                        self.lambda_transparent = Some(c.sig.inline);
                    }
                    self.check_arg(&a, want);
                    self.lambda_label_hint = None;
                    self.lambda_transparent = None;
                }
            }
        }
        let ret = self.resolve(ret);
        self.check_bounds(&tps, &vars, &map, span);
        let expected_broken = expected.is_some_and(|t| self.s.types.has_error(t));
        if self.s.types.has_vars(ret)
            && span != Span::default()
            && self.probing == 0
            && !expected_broken
        {
            let d = self
                .err(
                    codes::CANNOT_INFER,
                    "cannot infer the type arguments of this call",
                    span,
                    "here",
                )
                .help("give them explicitly (`emptyList<Int>()`) or annotate the variable's type");
            self.emit(d);
            return (Ty::ERROR, vars);
        }
        (ret, vars)
    }

    /// Reading, writing and moving a `Ptr` needs `unsafe { }`.
    pub(crate) fn check_unsafe_receiver(&mut self, recv: Ty, span: Span) {
        let is_ptr = self
            .s
            .class_of(recv)
            .is_some_and(|(d, _)| Some(d) == self.s.lang("Ptr"));
        if is_ptr && self.unsafe_depth == 0 {
            let d = self
                .err(
                    codes::UNSAFE,
                    "a raw pointer is used outside `unsafe { }`",
                    span,
                    "needs `unsafe`",
                )
                .help("wrap the code that reads, writes or moves the pointer in `unsafe { ... }`");
            self.emit(d);
        }
    }

    /// A class called through a `private constructor` is called from
    /// inside the class (its companion included).
    fn check_ctor_visible(&mut self, class: DefId, span: Span) {
        let Some(ast::ItemKind::Class(c)) = self.s.def(class).item().map(|i| &i.kind) else {
            return;
        };
        let private = c.ctor.is_some_and(|ctor| {
            ctor.modifiers
                .iter()
                .any(|m| m.kind == ModifierKind::Private)
        });
        let mut inside = false;
        let mut cur = Some(self.owner);
        while let Some(d) = cur {
            inside |= d == class;
            cur = self.s.def(d).parent;
        }
        if private && !inside {
            let name = self.s.def(class).name;
            let d = self
                .err(
                    codes::VISIBILITY,
                    format!("the constructor of `{name}` is private"),
                    span,
                    "called from outside the class",
                )
                .help(format!(
                    "make `{name}` through a function of the class or its companion object"
                ));
            self.emit(d);
        }
    }

    /// The inferred or given type arguments satisfy their bounds
    /// (`T : Comparable<T>`).
    pub(crate) fn check_bounds(
        &mut self,
        tps: &[DefId],
        args: &[Ty],
        map: &FxHashMap<DefId, Ty>,
        span: Span,
    ) {
        for (tp, arg) in tps.iter().zip(args) {
            let arg = self.resolve(*arg);
            if self.s.types.has_vars(arg) || self.s.types.has_error(arg) {
                continue;
            }
            for bound in self.s.bounds(*tp) {
                let bound = self.s.types.subst(bound, map);
                let bound = self.resolve(bound);
                if !self.is_subtype_probe(arg, bound) {
                    let (a, b, n) = (self.show(arg), self.show(bound), self.s.def(*tp).name);
                    let d = self
                        .err(
                            codes::BOUND,
                            format!("`{a}` does not satisfy the bound `{n} : {b}`"),
                            span,
                            format!("`{n}` is `{a}` here"),
                        )
                        .help(format!("use a type that implements `{b}`"));
                    self.emit(d);
                }
            }
        }
    }

    fn check_arg(&mut self, a: &CallArg<'a>, want: Ty) {
        match a.expr {
            Some(x) => {
                let t = self.expr(x, Some(want));
                // an argument for a bare type parameter widens what it was
                // inferred as so far (`listOf(1, null)` is a `List<Int?>`)
                if let TyKind::Var(n) = *self.s.types.kind(want) {
                    let t = self.resolve(t);
                    if !self.is_subtype_probe(t, want) && !self.s.types.has_vars(t) {
                        self.widen(n, t);
                        return;
                    }
                }
                if !self.subtype(t, want) {
                    self.mismatch(x.span, want, t);
                }
            }
            None => {
                if !self.subtype(a.ty, want) {
                    self.mismatch(a.span, want, a.ty);
                }
            }
        }
    }

    /// Rules that depend on where a function is called from: `suspend`.
    fn check_call_site(&mut self, callee: DefId, span: Span) {
        if self.s.def(callee).kind != DefKind::Fun {
            return;
        }
        let sig = self.s.signature(callee);
        if sig.suspend && !self.in_suspend_context() {
            let name = self.s.def(callee).name;
            let d = self
                .err(codes::SUSPEND, format!("`{name}` suspends and may be called only from a `suspend` function or a coroutine"), span, "suspending call")
                .help("mark the calling function `suspend`, or call it inside `runBlocking { }`, `launch { }` or `async { }`");
            self.emit(d);
        }
    }

    fn in_suspend_context(&mut self) -> bool {
        for f in self.frames.iter().rev() {
            if f.suspend {
                return true;
            }
            if f.is_fun {
                return false;
            }
            if !f.transparent {
                return false;
            }
        }
        false
    }

    // ---- lambdas ----------------------------------------------------------

    /// A lambda, with parameter types from the expected function type.
    pub(crate) fn lambda(
        &mut self,
        e: &'a ast::Expr<'a>,
        l: &'a ast::Lambda<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        let want = expected
            .map(|t| self.resolve(t))
            .map(|t| self.s.types.non_null(t));
        let fn_ty = want.and_then(|t| match self.s.types.kind(t).clone() {
            TyKind::Fn(f) => Some(f),
            _ => None,
        });
        let declared = l.params;
        let param_count = declared.map_or_else(
            || fn_ty.as_ref().map_or(0, |f| f.params.len()),
            |ps| ps.len(),
        );
        if let (Some(ps), Some(f)) = (declared, fn_ty.as_ref()) {
            if ps.len() != f.params.len() {
                let (n, m) = (f.params.len(), ps.len());
                let shown = self.s.show(want.unwrap_or(Ty::ERROR));
                let d = self
                    .err(
                        codes::LAMBDA_PARAMS,
                        format!("this lambda should take {n} parameter(s), but declares {m}"),
                        l.span,
                        "wrong number of parameters",
                    )
                    .help(format!("the expected function type is `{shown}`"));
                self.emit(d);
            }
        }
        let mismatched = declared
            .zip(fn_ty.as_ref())
            .is_some_and(|(ps, f)| ps.len() != f.params.len());
        self.push_scope();
        let mut params = Vec::new();
        for i in 0..param_count {
            let from_expected = fn_ty.as_ref().and_then(|f| f.params.get(i).copied());
            let decl = declared.and_then(|ps| ps.get(i));
            let ty = match decl.and_then(|d| d.ty.as_ref()) {
                Some(t) => self.s.resolve_type(t, self.owner),
                None if mismatched => from_expected.map_or(Ty::ERROR, |t| self.resolve(t)),
                None => from_expected.map(|t| self.resolve(t)).unwrap_or_else(|| {
                    let d = self
                        .err(
                            codes::CANNOT_INFER,
                            "cannot infer this lambda parameter's type",
                            l.span,
                            "here",
                        )
                        .help("declare it: `{ x: Int -> ... }`");
                    self.emit(d);
                    Ty::ERROR
                }),
            };
            match decl {
                Some(d) => self.bind_pattern(&d.pattern, ty, LocalKind::LambdaParam),
                // `it` names the only parameter (several are an error below,
                // and `it` is then an error value, so it is reported once)
                None if i == 0 => {
                    let t = if param_count == 1 { ty } else { Ty::ERROR };
                    self.declare(
                        seen_syntax::Word::It.canonical(),
                        t,
                        LocalKind::LambdaParam,
                        l.span,
                    );
                }
                None => {}
            }
            params.push(ty);
        }
        if declared.is_none() && fn_ty.as_ref().is_some_and(|f| f.params.len() > 1) {
            let n = fn_ty.as_ref().map_or(0, |f| f.params.len());
            let d = self
                .err(
                    codes::LAMBDA_PARAMS,
                    format!("this lambda receives {n} parameters; name them"),
                    l.span,
                    "no parameters declared",
                )
                .help("write `{ a, b -> ... }`");
            self.emit(d);
        }
        let ret_want = fn_ty.as_ref().map(|f| f.ret);
        let receiver = fn_ty.as_ref().and_then(|f| f.receiver);
        if let Some(r) = receiver {
            let r = self.resolve(r);
            self.receivers.push(r);
        }
        let label = l.label.map(|x| x.name).or(self.lambda_label_hint.take());
        let transparent = self.lambda_transparent.take().unwrap_or(false);
        let suspend = fn_ty.as_ref().is_some_and(|f| f.suspend);
        self.frames.push(Frame {
            ret: ret_want,
            returns: Vec::new(),
            label,
            transparent,
            is_fun: false,
            field: None,
            suspend,
        });
        let saved_flow = self.flow.clone();
        // a `var` the lambda assigns may change at any time: no smart casts
        for name in super::stmts::assigned_names(&l.body) {
            if let Some(id) = self.find_local(name) {
                if self.local(id).kind == LocalKind::Var {
                    self.captured_vars.insert(id);
                    self.kill(id);
                }
            }
        }
        let body_ty = self.lambda_body(&l.body, ret_want);
        self.flow = saved_flow;
        let frame = self.frames.pop().expect("pushed above");
        if receiver.is_some() {
            self.receivers.pop();
        }
        self.pop_scope();
        let mut ret = match ret_want.map(|t| self.resolve(t)) {
            Some(Ty::UNIT) => Ty::UNIT,
            _ => body_ty,
        };
        for r in frame.returns {
            ret = self.lub(ret, r);
        }
        if let Some(want) = ret_want {
            if self.resolve(want) != Ty::UNIT && !self.subtype(ret, want) {
                self.mismatch(l.body.stmts.last().map_or(l.span, |s| s.span), want, ret);
                // reported once, here
                ret = want;
            }
        }
        let _ = e;
        self.s.types.func(receiver, &params, ret, suspend)
    }

    /// A lambda's statements; the value of the last one.
    fn lambda_body(&mut self, body: &'a ast::Block<'a>, ret_want: Option<Ty>) -> Ty {
        let want = ret_want.map(|t| self.resolve(t)).filter(|t| *t != Ty::UNIT);
        self.block_value(body, want)
    }

    /// `fun(x: Int): Int { ... }`
    pub(crate) fn anon_fun(&mut self, f: &'a ast::FunDecl<'a>, _expected: Option<Ty>) -> Ty {
        self.push_scope();
        let mut params = Vec::new();
        for p in f.params {
            let t =
                p.ty.as_ref()
                    .map_or(Ty::ERROR, |t| self.s.resolve_type(t, self.owner));
            self.declare(p.name.name, t, LocalKind::Param, p.name.span);
            params.push(t);
        }
        let ret = f.ret.as_ref().map(|t| self.s.resolve_type(t, self.owner));
        self.frames.push(Frame {
            ret: ret.or(Some(Ty::UNIT)).filter(|_| ret.is_some()),
            returns: Vec::new(),
            label: None,
            transparent: false,
            is_fun: true,
            field: None,
            suspend: false,
        });
        let saved = self.flow.clone();
        let body_ty = match &f.body {
            Some(ast::FunBody::Block(b)) => {
                self.block(b, None);
                ret.unwrap_or(Ty::UNIT)
            }
            Some(ast::FunBody::Expr(x)) => match ret {
                Some(r) => self.expr_coerce(x, r),
                None => self.expr(x, None),
            },
            None => Ty::UNIT,
        };
        self.flow = saved;
        let frame = self.frames.pop().expect("pushed above");
        self.pop_scope();
        let mut r = ret.unwrap_or(body_ty);
        for t in frame.returns {
            if ret.is_none() {
                r = self.lub(r, t);
            }
        }
        self.s.types.func(None, &params, r, false)
    }

    /// `::f`, `obj::method`, `Type::method`, `::Class`.
    pub(crate) fn reference(
        &mut self,
        e: &'a ast::Expr<'a>,
        receiver: Option<&'a ast::Expr<'a>>,
        name: &ast::Ident<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        let want =
            expected
                .map(|t| self.resolve(t))
                .and_then(|t| match self.s.types.kind(t).clone() {
                    TyKind::Fn(f) => Some(f),
                    _ => None,
                });
        let (cands, bound_receiver) = match receiver {
            None => {
                let levels = self.s.lookup_scopes(self.owner, name.name, |s, d| {
                    matches!(s.def(d).kind, DefKind::Fun | DefKind::Class(_))
                });
                let mut c = Vec::new();
                if let Some(level) = levels.first() {
                    for &d in level {
                        c.extend(self.callable_candidates(d, name.span));
                    }
                }
                (c, None)
            }
            Some(r) => match self.qualifier(r) {
                Some(q) => {
                    let t = self.s.declared_type(q);
                    // unbound: the receiver becomes the first parameter
                    let mut c = self.method_candidates(t, name.name, true);
                    for cand in &mut c {
                        cand.sig.params.insert(
                            0,
                            crate::ParamSig {
                                name: "this".into(),
                                ty: t,
                                has_default: false,
                                vararg: false,
                            },
                        );
                    }
                    if c.is_empty() {
                        if let Some(prop) =
                            self.s.declared_members(t, name.name).into_iter().find(|f| {
                                matches!(self.s.def(f.def).kind, DefKind::Property | DefKind::Field)
                            })
                        {
                            let pt = self.s.property_type(prop.def);
                            let pt = self.s.types.subst(pt, &prop.subst);
                            self.record_res(e, Res::Def(prop.def));
                            return self.s.types.func(None, &[t], pt, false);
                        }
                    }
                    (c, None)
                }
                None => {
                    let rt = self.expr(r, None);
                    let rt = self.resolve(rt);
                    (self.method_candidates(rt, name.name, true), Some(rt))
                }
            },
        };
        let _ = bound_receiver;
        let pick = match &want {
            Some(w) => cands
                .iter()
                .position(|c| c.sig.params.len() == w.params.len())
                .unwrap_or(0),
            None => 0,
        };
        let Some(c) = cands.get(pick).cloned() else {
            self.unresolved(name.name, name.span);
            return Ty::ERROR;
        };
        if let Some(d) = c.def {
            self.record_res(e, Res::Def(d));
        }
        let tps = c.sig.type_params.clone();
        let vars: Vec<Ty> = tps.iter().map(|_| self.fresh_var()).collect();
        let map = self.s.subst_map(&tps, &vars);
        let params: Vec<Ty> = c
            .sig
            .params
            .iter()
            .map(|p| self.s.types.subst(p.ty, &map))
            .collect();
        let ret = self.s.types.subst(c.sig.ret, &map);
        let t = self.s.types.func(None, &params, ret, c.sig.suspend);
        if let Some(w) = expected {
            self.subtype(t, w);
        }
        self.resolve(t)
    }
}
