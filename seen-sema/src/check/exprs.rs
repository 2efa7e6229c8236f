//! Expressions: literals, names, members, operators, casts, templates.
//! Calls and lambdas are in `calls.rs`, control flow in `control.rs`.

use seen_syntax::Span;
use seen_syntax::ast::{self, BinaryOp, ExprKind, PostfixOp, StrPart, UnaryOp};
use seen_syntax::lexer::{IntLit, IntSuffix};

use super::flow::Place;
use super::{Cx, Res};
use crate::codes;
use crate::defs::{DefId, DefKind};
use crate::ty::{Ty, TyKind};

impl<'s, 'a> Cx<'s, 'a> {
    /// Checks an expression against an optional expected type; records and
    /// returns its type.
    pub(crate) fn expr(&mut self, e: &'a ast::Expr<'a>, expected: Option<Ty>) -> Ty {
        let t = stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || self.expr_kind(e, expected));
        self.record(e, t)
    }

    /// Checks an expression that must fit `ty`, reporting a mismatch.
    pub(crate) fn expr_coerce(&mut self, e: &'a ast::Expr<'a>, ty: Ty) -> Ty {
        let t = self.expr(e, Some(ty));
        if !self.subtype(t, ty) {
            self.mismatch(e.span, ty, t);
        }
        t
    }

    /// Reports that `found` is not `expected`.
    pub(crate) fn mismatch(&mut self, span: Span, expected: Ty, found: Ty) {
        let (exp, fnd) = (self.resolve(expected), self.resolve(found));
        if self.s.types.has_error(exp) || self.s.types.has_error(fnd) {
            return;
        }
        let (es, fs) = (self.show(exp), self.show(fnd));
        let mut d = self.err(
            codes::MISMATCH,
            format!("expected `{es}`, found `{fs}`"),
            span,
            format!("this is `{fs}`"),
        );
        if self.s.types.non_null(fnd) == exp && self.s.types.is_nullable(fnd) {
            d = d.help("the value may be null: use `?:` to give a default, `!!` to assert, or check it for null first");
        } else if self.s.types.is_numeric(exp) && self.s.types.is_numeric(fnd) {
            d = d.help(format!(
                "numbers are not converted implicitly; write `.to{es}()`"
            ));
        }
        self.emit(d);
    }

    pub(crate) fn expect_bool(&mut self, e: &'a ast::Expr<'a>, t: Ty) {
        if !self.subtype(t, Ty::BOOL) {
            self.mismatch(e.span, Ty::BOOL, t);
        }
    }

    fn expr_kind(&mut self, e: &'a ast::Expr<'a>, expected: Option<Ty>) -> Ty {
        match &e.kind {
            ExprKind::Int(lit) => self.int_literal(e.span, *lit, expected, false),
            ExprKind::Float(lit) => self.float_literal(lit.is_float32, expected),
            ExprKind::Char(_) => Ty::CHAR,
            ExprKind::Str(s) => self.template(s),
            ExprKind::Bool(_) => Ty::BOOL,
            ExprKind::Null => Ty::NULL,
            ExprKind::Name(id) => self.name_value(e, id, expected),
            ExprKind::This(label) => self.this(e, *label),
            ExprKind::Super { .. } => self.receivers.last().copied().map_or(Ty::ERROR, |t| {
                let parents = self.s.parents(t);
                parents.first().copied().unwrap_or(Ty::ANY)
            }),
            ExprKind::Paren(inner) => self.expr(inner, expected),
            ExprKind::Tuple(items) => self.tuple(items, expected),
            ExprKind::Unary { op, expr } => self.unary(e, *op, expr, expected),
            ExprKind::Postfix { op, expr } => self.postfix(e, *op, expr),
            ExprKind::Binary { op, lhs, rhs } => self.binary(e, *op, lhs, rhs, expected),
            ExprKind::Infix { lhs, name, rhs } => self.infix(e, lhs, name, rhs, expected),
            ExprKind::Is {
                expr,
                ty,
                negated: _,
            } => self.is_expr(e, expr, ty),
            ExprKind::As { expr, ty, safe } => self.as_expr(expr, ty, *safe),
            ExprKind::Member {
                receiver,
                name,
                safe,
            } => self.member(e, receiver, name, *safe, expected),
            ExprKind::TupleIndex {
                receiver,
                index,
                safe,
                index_span,
            } => self.tuple_index(receiver, *index, *safe, *index_span),
            ExprKind::Call { .. } => self.call(e, expected),
            ExprKind::Index { receiver, indices } => self.index(e, receiver, indices),
            ExprKind::Lambda(l) => self.lambda(e, l, expected),
            ExprKind::AnonFun(f) => self.anon_fun(f, expected),
            ExprKind::Ref { receiver, name } => self.reference(e, *receiver, name, expected),
            ExprKind::If(i) => self.if_expr(e, i, expected),
            ExprKind::When(w) => self.when_expr(e, w, expected),
            ExprKind::Try(t) => self.try_expr(e, t, expected),
            ExprKind::TryOp(inner) => self.try_op(e, inner, expected),
            ExprKind::Throw(inner) => self.throw(e, inner),
            ExprKind::Return { label, value } => self.return_expr(e, *label, *value),
            ExprKind::Break(label) => self.jump(e, *label, true),
            ExprKind::Continue(label) => self.jump(e, *label, false),
            ExprKind::Object(o) => self.object_expr(e, o),
            ExprKind::Unsafe(b) => {
                self.unsafe_depth += 1;
                let t = self.block(b, expected);
                self.unsafe_depth -= 1;
                t
            }
            ExprKind::Block(b) => self.block(b, expected),
            ExprKind::Annotated { expr, .. } => self.expr(expr, expected),
            ExprKind::Error => Ty::ERROR,
        }
    }

    // ---- literals -------------------------------------------------------

    fn suffix_type(s: IntSuffix) -> Ty {
        match s {
            IntSuffix::U8 => Ty::U8,
            IntSuffix::U16 => Ty::U16,
            IntSuffix::U32 => Ty::U32,
            IntSuffix::U64 | IntSuffix::U => Ty::UINT,
            IntSuffix::I8 => Ty::I8,
            IntSuffix::I16 => Ty::I16,
            IntSuffix::I32 => Ty::I32,
            IntSuffix::I64 | IntSuffix::L => Ty::INT,
        }
    }

    /// An integer literal: its suffix's type, or the expected integer type
    /// when the value fits, or `Int`; `negative` when a `-` stands before it.
    pub(crate) fn int_literal(
        &mut self,
        span: Span,
        lit: IntLit,
        expected: Option<Ty>,
        negative: bool,
    ) -> Ty {
        let want = expected
            .map(|t| self.resolve(t))
            .map(|t| self.s.types.non_null(t));
        let ty = match lit.suffix {
            Some(s) => Self::suffix_type(s),
            None => match want.and_then(|t| self.s.types.int_of(t)) {
                Some(_) => want.expect("checked above"),
                None => Ty::INT,
            },
        };
        let Some(kind) = self.s.types.int_of(ty) else {
            return ty;
        };
        let value = if negative {
            -(lit.value as i128)
        } else {
            lit.value as i128
        };
        if value < kind.min() || value > kind.max() {
            let shown = if negative {
                format!("-{}", lit.value)
            } else {
                lit.value.to_string()
            };
            let d = self
                .err(
                    codes::LITERAL_RANGE,
                    format!("the literal `{shown}` does not fit in `{}`", kind.name()),
                    span,
                    "out of range",
                )
                .help(format!(
                    "`{}` holds {} to {}",
                    kind.name(),
                    kind.min(),
                    kind.max()
                ));
            self.emit(d);
        }
        ty
    }

    fn float_literal(&mut self, is_float32: bool, expected: Option<Ty>) -> Ty {
        if is_float32 {
            return Ty::FLOAT;
        }
        match expected
            .map(|t| self.resolve(t))
            .map(|t| self.s.types.non_null(t))
        {
            Some(Ty::FLOAT) => Ty::FLOAT,
            _ => Ty::DOUBLE,
        }
    }

    fn template(&mut self, s: &'a ast::StrLit<'a>) -> Ty {
        for part in s.parts {
            if let StrPart::Expr(e) = part {
                self.expr(e, None);
            }
        }
        self.string_ty()
    }

    /// `String`.
    pub(crate) fn string_ty(&mut self) -> Ty {
        match self.s.lang("String") {
            Some(d) => self.s.types.adt(d, &[]),
            None => Ty::ERROR,
        }
    }

    fn tuple(&mut self, items: &'a [ast::Expr<'a>], expected: Option<Ty>) -> Ty {
        let expected_items =
            expected
                .map(|t| self.resolve(t))
                .and_then(|t| match self.s.types.kind(t) {
                    TyKind::Tuple(ts) if ts.len() == items.len() => Some(ts.to_vec()),
                    _ => None,
                });
        let ts: Vec<Ty> = items
            .iter()
            .enumerate()
            .map(|(i, it)| self.expr(it, expected_items.as_ref().map(|ts| ts[i])))
            .collect();
        self.s.types.tuple(&ts)
    }

    // ---- names ----------------------------------------------------------

    fn name_value(
        &mut self,
        e: &'a ast::Expr<'a>,
        id: &ast::Ident<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        if let Some(local) = self.find_local(id.name) {
            self.mark_used(local);
            self.record_res(e, Res::Local(local));
            if self.flow.unassigned.contains(&local) && self.probing == 0 {
                let d = self
                    .err(
                        codes::UNASSIGNED,
                        format!("`{}` is read before it is assigned", id.name),
                        id.span,
                        "may not have a value here",
                    )
                    .help("assign it on every path before this point");
                self.emit(d);
            }
            return self.place_type(Place::Local(local));
        }
        if let Some(t) = self.implicit_member_property(e, id.name) {
            return t;
        }
        let levels = self.s.lookup_scopes(self.owner, id.name, |s, d| {
            matches!(
                s.def(d).kind,
                DefKind::Property
                    | DefKind::Field
                    | DefKind::EnumEntry
                    | DefKind::Class(_)
                    | DefKind::Fun
            ) && !s.is_extension(d)
        });
        let Some(level) = levels.first() else {
            self.unresolved(id.name, id.span);
            return Ty::ERROR;
        };
        let def = level[0];
        self.value_of_def_expecting(e, def, id.span, expected)
    }

    /// The value a definition denotes when named alone.
    pub(crate) fn value_of_def(&mut self, e: &'a ast::Expr<'a>, def: DefId, span: Span) -> Ty {
        self.value_of_def_expecting(e, def, span, None)
    }

    /// [`Cx::value_of_def`] with the type the context expects, which gives
    /// a generic enum's entry without payload its type arguments
    /// (`let a: Opt<Int> = Opt.None`).
    pub(crate) fn value_of_def_expecting(
        &mut self,
        e: &'a ast::Expr<'a>,
        def: DefId,
        span: Span,
        expected: Option<Ty>,
    ) -> Ty {
        self.record_res(e, Res::Def(def));
        self.check_visible(def, span);
        // `Unit` is also the one value of its type (`Ok(Unit)`)
        if self.s.lang.prims.get(&def) == Some(&Ty::UNIT) {
            return Ty::UNIT;
        }
        match self.s.def(def).kind {
            DefKind::EnumEntry => self.entry_value(def, expected),
            DefKind::Property | DefKind::Field => self.s.property_type(def),
            DefKind::Class(ast::ClassKind::Object) => self.s.declared_type(def),
            DefKind::Class(_) => match self.s.companions.get(&def).copied() {
                Some(c) => self.s.declared_type(c),
                None => {
                    let name = self.s.def(def).name;
                    let d = self
                        .err(
                            codes::NOT_A_VALUE,
                            format!("`{name}` is a type, not a value"),
                            span,
                            "a type",
                        )
                        .help(format!("to make one, call its constructor: `{name}(...)`"));
                    self.emit(d);
                    Ty::ERROR
                }
            },
            DefKind::Fun => {
                let name = self.s.def(def).name;
                let d = self
                    .err(
                        codes::NOT_A_VALUE,
                        format!("`{name}` is a function; call it or take a reference"),
                        span,
                        "a function",
                    )
                    .help(format!(
                        "write `{name}(...)` to call it or `::{name}` for a function value"
                    ));
                self.emit(d);
                Ty::ERROR
            }
            _ => Ty::ERROR,
        }
    }

    /// An entry without payload: a generic enum's parameters come from the
    /// expected type, else are `Nothing` (as Kotlin's `object None :
    /// Option<Nothing>`).
    fn entry_value(&mut self, entry: DefId, expected: Option<Ty>) -> Ty {
        let t = self.s.property_type(entry);
        let Some(enum_def) = self.s.def(entry).parent else {
            return t;
        };
        let params = self.s.def(enum_def).type_params.clone();
        if params.is_empty() {
            return t;
        }
        let vars: Vec<Ty> = params.iter().map(|_| self.fresh_var()).collect();
        let t = self.s.types.adt(enum_def, &vars);
        if let Some(want) = expected {
            let snap = self.snapshot();
            if self.subtype(t, want) {
                self.commit(snap);
            } else {
                self.rollback(snap);
            }
        }
        for v in vars {
            if let TyKind::Var(n) = *self.s.types.kind(v) {
                if self.resolve(v) == v {
                    self.widen(n, Ty::NOTHING);
                }
            }
        }
        self.resolve(t)
    }

    /// A property of an implicit receiver (`this`), innermost first.
    fn implicit_member_property(&mut self, e: &'a ast::Expr<'a>, name: &str) -> Option<Ty> {
        for i in (0..self.receivers.len()).rev() {
            let recv = if i + 1 == self.receivers.len() {
                self.place_type(Place::This)
            } else {
                self.receivers[i]
            };
            let found = self.s.declared_members(recv, name);
            if let Some(f) = found
                .iter()
                .find(|f| matches!(self.s.def(f.def).kind, DefKind::Property | DefKind::Field))
            {
                let (def, subst) = (f.def, f.subst.clone());
                self.record_res(e, Res::Def(def));
                let t = self.s.property_type(def);
                return Some(self.s.types.subst(t, &subst));
            }
            let exts = self.s.extensions_named(self.owner, name);
            for ext in exts {
                if self.s.def(ext).kind != DefKind::Property {
                    continue;
                }
                if let Some(t) = self.extension_property_type(e, ext, recv) {
                    self.record_res(e, Res::Def(ext));
                    return Some(t);
                }
            }
        }
        None
    }

    /// Reports a use of `def` where its visibility does not reach.
    pub(crate) fn check_visible(&mut self, def: DefId, span: Span) {
        if self.s.visible(def, self.owner) {
            return;
        }
        let d = self.s.def(def);
        let (name, file, dspan) = (d.name, d.file, d.span);
        let what = match d.vis {
            crate::defs::Visibility::Private => "private",
            crate::defs::Visibility::Protected => "protected",
            _ => "internal",
        };
        let diag = self
            .err(
                codes::VISIBILITY,
                format!("`{name}` is {what} and not visible here"),
                span,
                "used here",
            )
            .secondary(file, dspan, "declared here")
            .help("use it only where its visibility allows, or change its visibility");
        self.emit(diag);
    }

    /// Reports an unresolved name with the closest names in scope.
    pub(crate) fn unresolved(&mut self, name: &str, span: Span) {
        let mut candidates: Vec<String> = self
            .scopes_names()
            .into_iter()
            .map(str::to_string)
            .collect();
        let module = self.s.file_module_of(self.owner);
        candidates.extend(self.s.def(module).members.keys().map(|k| k.to_string()));
        for m in self.s.lang.prelude.clone() {
            candidates.extend(self.s.def(m).members.keys().map(|k| k.to_string()));
        }
        let best = candidates
            .iter()
            .filter(|c| !c.is_empty())
            .min_by_key(|c| crate::resolve::edit_distance(c, name));
        let help = match best {
            Some(b) if crate::resolve::edit_distance(b, name) <= name.len().max(2) / 3 + 1 => {
                format!("did you mean `{b}`?")
            }
            _ => "declare it, or import it".to_string(),
        };
        let d = self
            .err(
                codes::UNRESOLVED,
                format!("unresolved name `{name}`"),
                span,
                "not found in this scope",
            )
            .help(help);
        self.emit(d);
    }

    fn this(&mut self, e: &'a ast::Expr<'a>, label: Option<ast::Ident<'a>>) -> Ty {
        match label {
            None => {
                if self.receivers.is_empty() {
                    let d = self.err(
                        codes::NO_THIS,
                        "`this` is not available here",
                        e.span,
                        "no receiver",
                    );
                    self.emit(d);
                    return Ty::ERROR;
                }
                self.place_type(Place::This)
            }
            Some(l) => {
                for i in (0..self.receivers.len()).rev() {
                    let t = self.receivers[i];
                    if let Some((d, _)) = self.s.class_of(t) {
                        if self.s.def(d).name == l.name {
                            return t;
                        }
                    }
                }
                let d = self.err(
                    codes::NO_THIS,
                    format!("no enclosing `{}` for `this@{}`", l.name, l.name),
                    l.span,
                    "not found",
                );
                self.emit(d);
                Ty::ERROR
            }
        }
    }

    // ---- members ----------------------------------------------------------

    /// If `e` names a type or module (not a value), that definition.
    pub(crate) fn qualifier(&mut self, e: &'a ast::Expr<'a>) -> Option<DefId> {
        match &e.kind {
            ExprKind::Name(id) => {
                if self.find_local(id.name).is_some() {
                    return None;
                }
                let levels = self.s.lookup_scopes(self.owner, id.name, |s, d| {
                    matches!(
                        s.def(d).kind,
                        DefKind::Property
                            | DefKind::Field
                            | DefKind::Class(_)
                            | DefKind::Module
                            | DefKind::TypeAlias
                            | DefKind::EnumEntry
                    )
                });
                let def = levels
                    .first()
                    .map(|l| l[0])
                    .or_else(|| self.s.module_child(self.s.root, id.name))?;
                matches!(
                    self.s.def(def).kind,
                    DefKind::Class(_) | DefKind::Module | DefKind::TypeAlias
                )
                .then(|| {
                    self.record_res(e, Res::Def(def));
                    def
                })
            }
            ExprKind::Member {
                receiver,
                name,
                safe: false,
            } => {
                let q = self.qualifier(receiver)?;
                let inner = self.s.def(q).members.get(name.name).and_then(|ids| {
                    ids.iter().copied().find(|d| {
                        matches!(
                            self.s.def(*d).kind,
                            DefKind::Class(_) | DefKind::Module | DefKind::TypeAlias
                        )
                    })
                })?;
                self.record_res(e, Res::Def(inner));
                Some(inner)
            }
            _ => None,
        }
    }

    /// `T.x` for a type or module `T`: an enum entry, a companion member,
    /// a nested object, a module's declaration.
    fn static_member(
        &mut self,
        e: &'a ast::Expr<'a>,
        q: DefId,
        name: &ast::Ident<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        let own = self
            .s
            .def(q)
            .members
            .get(name.name)
            .cloned()
            .unwrap_or_default();
        let pick = own.iter().copied().find(|d| {
            matches!(
                self.s.def(*d).kind,
                DefKind::EnumEntry
                    | DefKind::Property
                    | DefKind::Field
                    | DefKind::Class(ast::ClassKind::Object)
            ) || (matches!(self.s.def(*d).kind, DefKind::Class(_))
                && self.s.companions.contains_key(d))
        });
        if let Some(d) = pick {
            return self.value_of_def_expecting(e, d, name.span, expected);
        }
        for ty in self.s.static_receivers(q) {
            if let Some(t) = self.property_member(e, ty, name) {
                return t;
            }
        }
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
        Ty::ERROR
    }

    fn member(
        &mut self,
        e: &'a ast::Expr<'a>,
        receiver: &'a ast::Expr<'a>,
        name: &ast::Ident<'a>,
        safe: bool,
        expected: Option<Ty>,
    ) -> Ty {
        if !safe {
            if let Some(q) = self.qualifier(receiver) {
                return self.static_member(e, q, name, expected);
            }
        }
        let rt = self.expr(receiver, None);
        let rt = self.resolve(rt);
        if rt == Ty::ERROR {
            return Ty::ERROR;
        }
        let (base, nullable) = (self.s.types.non_null(rt), self.s.types.is_nullable(rt));
        if safe && !nullable {
            self.redundant_safe_call(name.span, rt);
        }
        if !safe && nullable {
            let t = self.show(rt);
            let d = self
                .err(
                    codes::NULLABLE_RECEIVER,
                    format!("`{}` of a nullable `{t}` needs `?.` or `!!`", name.name),
                    name.span,
                    "the receiver may be null",
                )
                .help(format!(
                    "write `?.{}` (null when the receiver is) or check it for null first",
                    name.name
                ));
            self.emit(d);
        }
        let t = match self.property_member(e, base, name) {
            Some(t) => t,
            None => {
                self.no_member(base, name);
                return Ty::ERROR;
            }
        };
        // after the error above, the member's own type (one mistake, one
        // message)
        if safe { self.s.types.nullable(t) } else { t }
    }

    /// The type of property `name` of `recv` (declared or extension).
    pub(crate) fn property_member(
        &mut self,
        e: &'a ast::Expr<'a>,
        recv: Ty,
        name: &ast::Ident<'a>,
    ) -> Option<Ty> {
        let found = self.s.declared_members(recv, name.name);
        if let Some(f) = found
            .iter()
            .find(|f| matches!(self.s.def(f.def).kind, DefKind::Property | DefKind::Field))
        {
            let (def, subst) = (f.def, f.subst.clone());
            self.record_res(e, Res::Def(def));
            self.check_visible(def, name.span);
            let t = self.s.property_type(def);
            return Some(self.s.types.subst(t, &subst));
        }
        let exts = self.s.extensions_named(self.owner, name.name);
        for ext in exts {
            if self.s.def(ext).kind != DefKind::Property {
                continue;
            }
            if let Some(t) = self.extension_property_type(e, ext, recv) {
                self.record_res(e, Res::Def(ext));
                return Some(t);
            }
        }
        if found.iter().any(|f| self.s.def(f.def).kind == DefKind::Fun) {
            let d = self
                .err(
                    codes::NOT_A_VALUE,
                    format!("`{}` is a method; call it", name.name),
                    name.span,
                    "a method",
                )
                .help(format!("write `{}()`", name.name));
            self.emit(d);
            return Some(Ty::ERROR);
        }
        None
    }

    /// The type of extension property `ext` on `recv`, when it applies;
    /// its type arguments are recorded as a call's at `e` (its getter is
    /// called there).
    pub(crate) fn extension_property_type(
        &mut self,
        e: &ast::Expr<'a>,
        ext: DefId,
        recv: Ty,
    ) -> Option<Ty> {
        let ext_recv = self.s.extension_receiver(ext)?;
        let params = self.s.def(ext).type_params.clone();
        let vars: Vec<Ty> = params.iter().map(|_| self.fresh_var()).collect();
        let map = self.s.subst_map(&params, &vars);
        let want = self.s.types.subst(ext_recv, &map);
        let snap = self.snapshot();
        if !self.subtype(recv, want) {
            self.rollback(snap);
            return None;
        }
        self.commit(snap);
        let type_args = vars.iter().map(|&v| self.resolve(v)).collect();
        self.record_call(
            e,
            super::CallInfo {
                type_args,
                slots: Vec::new(),
            },
        );
        let t = self.s.property_type(ext);
        let t = self.s.types.subst(t, &map);
        Some(self.resolve(t))
    }

    pub(crate) fn no_member(&mut self, recv: Ty, name: &ast::Ident<'a>) {
        if self.s.types.has_error(recv) {
            return;
        }
        let t = self.show(recv);
        let mut d = self.err(
            codes::NO_MEMBER,
            format!("`{t}` has no member `{}`", name.name),
            name.span,
            "not found",
        );
        if let Some((def, _)) = self.s.class_of(recv) {
            d = d.help(self.s.suggest(def, name.name));
        }
        self.emit(d);
    }

    pub(crate) fn redundant_safe_call(&mut self, span: Span, ty: Ty) {
        if self.probing > 0 || ty == Ty::ERROR {
            return;
        }
        let t = self.show(ty);
        let d = seen_syntax::Diagnostic::warning(
            codes::REDUNDANT_NULL_CHECK,
            format!("`?.` on a value of type `{t}`, which is never null"),
        )
        .primary(self.file, span, "never null")
        .help("write `.` instead");
        self.s.report(d);
    }

    fn tuple_index(
        &mut self,
        receiver: &'a ast::Expr<'a>,
        index: u32,
        safe: bool,
        span: Span,
    ) -> Ty {
        let rt = self.expr(receiver, None);
        let rt = self.resolve(rt);
        let base = self.s.types.non_null(rt);
        let t = match self.s.types.kind(base) {
            TyKind::Tuple(ts) => match ts.get(index as usize) {
                Some(t) => *t,
                None => {
                    let n = ts.len();
                    let d = self.err(
                        codes::NO_MEMBER,
                        format!("a tuple of {n} has no element `.{index}`"),
                        span,
                        "out of range",
                    );
                    self.emit(d);
                    Ty::ERROR
                }
            },
            TyKind::Error => Ty::ERROR,
            _ => {
                let t = self.show(base);
                let d = self.err(
                    codes::NO_MEMBER,
                    format!("`{t}` is not a tuple"),
                    span,
                    "`.{index}` needs a tuple",
                );
                self.emit(d);
                Ty::ERROR
            }
        };
        if safe { self.s.types.nullable(t) } else { t }
    }

    // ---- operators --------------------------------------------------------

    fn unary(
        &mut self,
        e: &'a ast::Expr<'a>,
        op: UnaryOp,
        inner: &'a ast::Expr<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        match op {
            UnaryOp::Neg | UnaryOp::Plus => {
                if let (UnaryOp::Neg, ExprKind::Int(lit)) = (op, &inner.kind) {
                    let t = self.int_literal(e.span, *lit, expected, true);
                    self.record(inner, t);
                    return t;
                }
                let t = self.expr(inner, expected);
                let t = self.resolve(t);
                if self.s.types.is_numeric(t)
                    || t == Ty::ERROR
                    || matches!(self.s.types.kind(t), TyKind::Simd(..))
                {
                    return t;
                }
                let sym = if op == UnaryOp::Neg { "-" } else { "+" };
                self.operator_call(e, sym, t, &[], inner.span)
                    .unwrap_or(Ty::ERROR)
            }
            UnaryOp::Not => {
                let t = self.expr(inner, expected);
                let t = self.resolve(t);
                if t == Ty::BOOL
                    || t == Ty::ERROR
                    || self.s.types.int_of(t).is_some()
                    || self.is_lane_bits(t)
                {
                    return t;
                }
                self.operator_call(e, seen_syntax::Word::Not.canonical(), t, &[], inner.span)
                    .unwrap_or(Ty::ERROR)
            }
            UnaryOp::BitNot => {
                let t = self.expr(inner, expected);
                let t = self.resolve(t);
                if self.s.types.int_of(t).is_none() && !self.is_lane_bits(t) && t != Ty::ERROR {
                    self.operand_error(e.span, "~", t);
                    return Ty::ERROR;
                }
                t
            }
            UnaryOp::PreInc | UnaryOp::PreDec => self.increment(e, inner, op == UnaryOp::PreInc),
        }
    }

    fn postfix(&mut self, e: &'a ast::Expr<'a>, op: PostfixOp, inner: &'a ast::Expr<'a>) -> Ty {
        match op {
            PostfixOp::NotNull => {
                let t = self.expr(inner, None);
                let t = self.resolve(t);
                if !self.s.types.is_nullable(t) && t != Ty::ERROR && self.probing == 0 {
                    let shown = self.show(t);
                    let d = seen_syntax::Diagnostic::warning(
                        codes::REDUNDANT_NULL_CHECK,
                        format!("`!!` on a value of type `{shown}`, which is never null"),
                    )
                    .primary(self.file, e.span, "never null")
                    .help("remove the `!!`");
                    self.s.report(d);
                }
                self.s.types.non_null(t)
            }
            PostfixOp::Inc | PostfixOp::Dec => self.increment(e, inner, op == PostfixOp::Inc),
        }
    }

    /// `x++`, `++x`, `a[i]--`: the place must be assignable; numbers step
    /// by one, other types need `operator fun ++()`.
    fn increment(&mut self, e: &'a ast::Expr<'a>, place: &'a ast::Expr<'a>, up: bool) -> Ty {
        let t = self.expr(place, None);
        let t = self.resolve(t);
        self.check_assignable(place, "++");
        if self.s.types.is_numeric(t) || t == Ty::ERROR || t == Ty::CHAR {
            return t;
        }
        let sym = if up { "++" } else { "--" };
        self.operator_call(e, sym, t, &[], place.span)
            .unwrap_or(Ty::ERROR)
    }

    pub(crate) fn operand_error(&mut self, span: Span, op: &str, t: Ty) {
        let shown = self.show(t);
        let d = self.err(
            codes::OPERATOR,
            format!("`{op}` does not apply to `{shown}`"),
            span,
            format!("`{shown}` here"),
        );
        self.emit(d);
    }

    /// A literal without its sign and parentheses.
    fn strip_literal<'e>(e: &'e ast::Expr<'e>) -> &'e ast::Expr<'e> {
        match &e.kind {
            ExprKind::Unary {
                op: UnaryOp::Neg,
                expr,
            }
            | ExprKind::Paren(expr) => Self::strip_literal(expr),
            _ => e,
        }
    }

    fn is_literal(e: &ast::Expr<'_>) -> bool {
        match &e.kind {
            ExprKind::Int(_) | ExprKind::Float(_) => true,
            ExprKind::Unary {
                op: UnaryOp::Neg,
                expr,
            } => Self::is_literal(expr),
            ExprKind::Paren(inner) => Self::is_literal(inner),
            _ => false,
        }
    }

    /// Checks both operands, the literal one with the other's type as its
    /// context (`x & 0xF0`, `x / 2` with `x: Double`).
    fn operands(
        &mut self,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
        literal_context: bool,
    ) -> (Ty, Ty) {
        // the literal takes the other side's type; of two literals, an
        // integer one takes a float one's (`3 / 2.0`)
        let float_rhs = matches!(Self::strip_literal(rhs).kind, ExprKind::Float(_));
        let int_lhs = matches!(Self::strip_literal(lhs).kind, ExprKind::Int(_));
        if literal_context
            && Self::is_literal(lhs)
            && (!Self::is_literal(rhs) || (int_lhs && float_rhs))
        {
            let r = self.expr(rhs, None);
            let r = self.resolve(r);
            let ctx = self.literal_context(r);
            let l = self.literal_operand(lhs, ctx);
            return (self.resolve(l), r);
        }
        let l = self.expr(lhs, None);
        let l = self.resolve(l);
        let ctx = if literal_context {
            self.literal_context(l)
        } else {
            None
        };
        let r = self.literal_operand(rhs, ctx);
        (l, self.resolve(r))
    }

    /// An operand with the other operand's type as context: an unsuffixed
    /// integer literal next to a `Double` or `Float` is that float (`x / 2`).
    fn literal_operand(&mut self, e: &'a ast::Expr<'a>, ctx: Option<Ty>) -> Ty {
        let float = ctx.filter(|t| self.s.types.float_of(*t).is_some());
        if let (Some(f), ExprKind::Int(lit)) = (float, &Self::strip_literal(e).kind) {
            if lit.suffix.is_none() {
                self.expr(e, Some(Ty::INT));
                // the literal and any sign or parentheses around it are the float
                let mut cur = e;
                loop {
                    self.record(cur, f);
                    match &cur.kind {
                        ExprKind::Unary {
                            op: UnaryOp::Neg,
                            expr,
                        }
                        | ExprKind::Paren(expr) => cur = expr,
                        _ => break,
                    }
                }
                return f;
            }
        }
        self.expr(e, ctx)
    }

    /// The type a literal takes next to an operand of type `t`; a float
    /// operand gives an integer literal its float type.
    fn literal_context(&self, t: Ty) -> Option<Ty> {
        self.s.types.is_numeric(t).then_some(t)
    }

    fn binary(
        &mut self,
        e: &'a ast::Expr<'a>,
        op: BinaryOp,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        use BinaryOp::*;
        match op {
            And | Or | Xor => self.logical(e, op, lhs, rhs),
            Elvis => self.elvis(lhs, rhs, expected),
            Eq | NotEq | RefEq | RefNotEq => self.equality(e, op, lhs, rhs),
            Lt | Gt | LtEq | GtEq => self.comparison(e, lhs, rhs),
            In | NotIn => self.contains(e, lhs, rhs),
            Range | RangeUntil => {
                let (l, r) = self.operands(lhs, rhs, true);
                let sym = if op == Range { ".." } else { "..<" };
                self.operator_call(e, sym, l, &[(r, rhs.span)], e.span)
                    .unwrap_or(Ty::ERROR)
            }
            Shl | Shr => {
                let l = self.expr(lhs, expected.filter(|t| self.s.types.int_of(*t).is_some()));
                let l = self.resolve(l);
                let r = self.expr(rhs, Some(Ty::INT));
                let r = self.resolve(r);
                if (self.s.types.int_of(l).is_some()
                    || (self.is_lane_bits(l) && matches!(self.s.types.kind(l), TyKind::Simd(..))))
                    && (r == Ty::INT || r == Ty::ERROR)
                {
                    return l;
                }
                if l != Ty::ERROR && r != Ty::ERROR {
                    self.operand_error(
                        e.span,
                        op.symbol(),
                        if self.s.types.int_of(l).is_some() {
                            r
                        } else {
                            l
                        },
                    );
                }
                Ty::ERROR
            }
            BitOr | BitXor | BitAnd => {
                let (l, r) = self.operands(lhs, rhs, true);
                if l == Ty::ERROR || r == Ty::ERROR {
                    return Ty::ERROR;
                }
                if self.s.types.int_of(l).is_some() && l == r {
                    return l;
                }
                // lane-wise on integer vectors and on masks
                let int_lanes = matches!(self.s.types.kind(l), TyKind::Simd(t, _) if self.s.types.int_of(*t).is_some());
                if l == r && (int_lanes || matches!(self.s.types.kind(l), TyKind::Mask(_))) {
                    return l;
                }
                self.mixed(e.span, op.symbol(), l, r)
            }
            Add | Sub | Mul | Div | Rem => self.arithmetic(e, op, lhs, rhs),
        }
    }

    pub(crate) fn mixed(&mut self, span: Span, op: &str, l: Ty, r: Ty) -> Ty {
        let (ls, rs) = (self.show(l), self.show(r));
        let mut d = self.err(
            codes::OPERATOR,
            format!("`{op}` does not apply to `{ls}` and `{rs}`"),
            span,
            "mismatched operands",
        );
        if self.s.types.is_numeric(l) && self.s.types.is_numeric(r) {
            d = d.help(format!(
                "numbers are not converted implicitly; convert one side, e.g. `.to{ls}()`"
            ));
        }
        self.emit(d);
        Ty::ERROR
    }

    fn arithmetic(
        &mut self,
        e: &'a ast::Expr<'a>,
        op: BinaryOp,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
    ) -> Ty {
        let (l, r) = self.operands(lhs, rhs, true);
        if l == Ty::ERROR || r == Ty::ERROR {
            return Ty::ERROR;
        }
        // lane-wise on vectors of one type
        if l == r && matches!(self.s.types.kind(l), TyKind::Simd(..)) {
            return l;
        }
        let string = self.string_ty();
        if op == BinaryOp::Add && l == string {
            return string;
        }
        if self.s.types.is_numeric(l) && l == r {
            return l;
        }
        if l == Ty::CHAR {
            match (op, r) {
                (BinaryOp::Sub, Ty::CHAR) => return Ty::INT,
                (BinaryOp::Add | BinaryOp::Sub, Ty::INT) => return Ty::CHAR,
                _ => {}
            }
        }
        if self.s.types.is_numeric(l) || l == Ty::CHAR || self.s.types.is_nullable(l) {
            // an extension operator on the number (`operator fun Int.*(d: Duration)`)
            if !self.s.types.is_numeric(r) && !self.s.types.is_nullable(l) {
                let snap = self.snapshot();
                self.probing += 1;
                let errors = self.probe_errors;
                let found = self.resolve_method_by_types(e, l, op.symbol(), &[(r, rhs.span)]);
                self.probing -= 1;
                let clean = self.probe_errors == errors;
                self.probe_errors = errors;
                match found {
                    Some(t) if clean => {
                        self.commit(snap);
                        return t;
                    }
                    _ => self.rollback(snap),
                }
            }
            if op == BinaryOp::Add && r == string && self.s.types.is_numeric(l) {
                let d = self
                    .err(
                        codes::OPERATOR,
                        "a number plus a string is not concatenation",
                        e.span,
                        "number on the left",
                    )
                    .help("put the string first, or use a template: `\"$n...\"`");
                self.emit(d);
                return Ty::ERROR;
            }
            return self.mixed(e.span, op.symbol(), l, r);
        }
        self.operator_call(e, op.symbol(), l, &[(r, rhs.span)], e.span)
            .unwrap_or(Ty::ERROR)
    }

    fn logical(
        &mut self,
        e: &'a ast::Expr<'a>,
        op: BinaryOp,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
    ) -> Ty {
        // a Boolean `and`/`or` carries flow facts from its left side
        if op != BinaryOp::Xor {
            let l = self.expr(lhs, None);
            let l = self.resolve(l);
            if l == Ty::BOOL {
                let saved = self.flow.clone();
                self.flow = saved.clone();
                let (yes, no) = {
                    let mut yes = saved.clone();
                    let mut no = saved.clone();
                    self.cond_facts(lhs, &mut yes, &mut no);
                    (yes, no)
                };
                self.flow = if op == BinaryOp::And { yes } else { no };
                let r = self.expr(rhs, Some(Ty::BOOL));
                self.expect_bool(rhs, r);
                self.flow = saved;
                return Ty::BOOL;
            }
            let ctx = self.literal_context(l);
            let r = self.expr(rhs, ctx);
            let r = self.resolve(r);
            return self.bitwise_words(e, op, l, r);
        }
        let (l, r) = self.operands(lhs, rhs, true);
        if l == Ty::BOOL && r == Ty::BOOL {
            return Ty::BOOL;
        }
        self.bitwise_words(e, op, l, r)
    }

    fn bitwise_words(&mut self, e: &'a ast::Expr<'a>, op: BinaryOp, l: Ty, r: Ty) -> Ty {
        if l == Ty::ERROR || r == Ty::ERROR {
            return Ty::ERROR;
        }
        if l == r && (self.s.types.int_of(l).is_some() || self.is_lane_bits(l)) {
            return l;
        }
        self.mixed(e.span, op.symbol(), l, r)
    }

    /// A mask or a vector of integer lanes: the bitwise words and
    /// operators work lane-wise on them.
    fn is_lane_bits(&self, t: Ty) -> bool {
        match self.s.types.kind(t) {
            TyKind::Mask(_) => true,
            TyKind::Simd(e, _) => self.s.types.int_of(*e).is_some(),
            _ => false,
        }
    }

    fn elvis(
        &mut self,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        let want_l = expected.map(|t| self.s.types.nullable(t));
        let l = self.expr(lhs, want_l);
        let l = self.resolve(l);
        if !self.s.types.is_nullable(l) && l != Ty::ERROR && self.probing == 0 {
            let shown = self.show(l);
            let d = seen_syntax::Diagnostic::warning(
                codes::REDUNDANT_NULL_CHECK,
                format!("`?:` on a value of type `{shown}`, which is never null"),
            )
            .primary(self.file, lhs.span, "never null")
            .help("the right side is never used; remove `?:` and it");
            self.s.report(d);
        }
        let base = self.s.types.non_null(l);
        let before = self.flow.clone();
        let r = self.expr(rhs, Some(expected.unwrap_or(base)));
        let r = self.resolve(r);
        // after `x ?: return`, the rest runs only with a value
        let right_dead = r == Ty::NOTHING;
        self.flow = if right_dead {
            before
        } else {
            self.join_flows(&before, &self.flow.clone())
        };
        if right_dead {
            if let Some(place) = self.place_of(lhs) {
                Self::narrow(&mut self.flow, place, base);
            }
        }
        self.lub(base, r)
    }

    fn equality(
        &mut self,
        e: &'a ast::Expr<'a>,
        op: BinaryOp,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
    ) -> Ty {
        let (l, r) = self.operands(lhs, rhs, true);
        if l == Ty::ERROR || r == Ty::ERROR {
            return Ty::BOOL;
        }
        // lane-wise `==` and `!=` on vectors give a mask
        if let (true, TyKind::Simd(_, n), BinaryOp::Eq | BinaryOp::NotEq) =
            (l == r, self.s.types.kind(l), op)
        {
            let n = *n;
            return self.s.types.intern(TyKind::Mask(n));
        }
        let (ln, rn) = (self.s.types.non_null(l), self.s.types.non_null(r));
        let null_involved = l == Ty::NULL || r == Ty::NULL;
        let compatible = null_involved
            || ln == rn
            || self.is_subtype_probe(ln, rn)
            || self.is_subtype_probe(rn, ln)
            || matches!(self.s.types.kind(ln), TyKind::Param(_))
            || matches!(self.s.types.kind(rn), TyKind::Param(_));
        if !compatible {
            let (ls, rs) = (self.show(l), self.show(r));
            let mut d = self.err(
                codes::INCOMPARABLE,
                format!("`{ls}` and `{rs}` are never equal"),
                e.span,
                "different types",
            );
            if self.s.types.is_numeric(ln) && self.s.types.is_numeric(rn) {
                d = d.help(format!(
                    "numbers are not converted implicitly; convert one side, e.g. `.to{ls}()`"
                ));
            }
            self.emit(d);
        }
        if matches!(op, BinaryOp::RefEq | BinaryOp::RefNotEq)
            && !null_involved
            && self.is_value_type(ln)
        {
            let shown = self.show(ln);
            let d = self
                .err(
                    codes::IDENTITY,
                    format!(
                        "`{}` compares identity, which `{shown}` values do not have",
                        op.symbol()
                    ),
                    e.span,
                    "a value type",
                )
                .help("use `==` to compare values");
            self.emit(d);
        }
        Ty::BOOL
    }

    /// Whether values of the type have no identity (numbers, `Boolean`,
    /// `Char`, structs, all-`let` data classes).
    pub(crate) fn is_value_type(&self, t: Ty) -> bool {
        if self.s.types.is_numeric(t) || t == Ty::BOOL || t == Ty::CHAR {
            return true;
        }
        match self.s.class_of(t) {
            Some((d, _)) => match self.s.def(d).kind {
                DefKind::Class(ast::ClassKind::Struct) => true,
                DefKind::Class(ast::ClassKind::Class) => {
                    self.s.def(d).has(ast::ModifierKind::Data) && !self.s.has_var_property(d)
                }
                _ => false,
            },
            None => false,
        }
    }

    fn comparison(
        &mut self,
        e: &'a ast::Expr<'a>,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
    ) -> Ty {
        let (l, r) = self.operands(lhs, rhs, true);
        if l == Ty::ERROR || r == Ty::ERROR {
            return Ty::BOOL;
        }
        // lane-wise comparison gives a mask
        if let (true, TyKind::Simd(_, n)) = (l == r, self.s.types.kind(l)) {
            let n = *n;
            return self.s.types.intern(TyKind::Mask(n));
        }
        let string = self.string_ty();
        let builtin =
            (self.s.types.is_numeric(l) || l == Ty::CHAR || l == string || l == Ty::BOOL) && l == r;
        if builtin {
            return Ty::BOOL;
        }
        if self.s.types.is_numeric(l) && self.s.types.is_numeric(r) {
            self.mixed(e.span, "<", l, r);
            return Ty::BOOL;
        }
        let name = "compareTo";
        match self.operator_call(e, name, l, &[(r, rhs.span)], e.span) {
            Some(t) if t == Ty::INT || t == Ty::ERROR => {}
            Some(_) | None => {}
        }
        Ty::BOOL
    }

    fn contains(
        &mut self,
        e: &'a ast::Expr<'a>,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
    ) -> Ty {
        // `x in e` evaluates `e` first
        let r = self.expr(rhs, None);
        let r = self.resolve(r);
        let l = self.expr(lhs, None);
        let l = self.resolve(l);
        if r != Ty::ERROR {
            self.operator_call(e, "contains", r, &[(l, lhs.span)], e.span);
        }
        Ty::BOOL
    }

    fn infix(
        &mut self,
        e: &'a ast::Expr<'a>,
        lhs: &'a ast::Expr<'a>,
        name: &ast::Ident<'a>,
        rhs: &'a ast::Expr<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        let l = self.expr(lhs, None);
        let l = self.resolve(l);
        if l == Ty::ERROR {
            self.expr(rhs, None);
            return Ty::ERROR;
        }
        self.method_call_args(e, l, name, std::slice::from_ref(rhs), expected)
    }

    fn is_expr(
        &mut self,
        e: &'a ast::Expr<'a>,
        inner: &'a ast::Expr<'a>,
        ty: &'a ast::Type<'a>,
    ) -> Ty {
        self.expr(inner, None);
        let target = self.s.resolve_type(ty, self.owner);
        self.is_targets.insert(super::key(e), target);
        Ty::BOOL
    }

    fn as_expr(&mut self, inner: &'a ast::Expr<'a>, ty: &'a ast::Type<'a>, safe: bool) -> Ty {
        let target = self.s.resolve_type(ty, self.owner);
        let from = self.expr(inner, Some(target));
        let from = self.resolve(from);
        let numeric = self.s.types.is_numeric(from) && self.s.types.is_numeric(target);
        if !numeric
            && !self.is_subtype_probe(target, from)
            && !self.is_subtype_probe(from, target)
            && self.probing == 0
        {
            let (f, t) = (self.show(from), self.show(target));
            if !self.s.types.has_error(from) && !self.s.types.has_error(target) {
                let d = seen_syntax::Diagnostic::warning(
                    codes::IMPOSSIBLE_CAST,
                    format!("a `{f}` is never a `{t}`"),
                )
                .primary(self.file, inner.span, "this cast always fails");
                self.s.report(d);
            }
        }
        if safe {
            self.s.types.nullable(target)
        } else {
            target
        }
    }

    fn index(
        &mut self,
        e: &'a ast::Expr<'a>,
        receiver: &'a ast::Expr<'a>,
        indices: &'a [ast::Expr<'a>],
    ) -> Ty {
        let rt = self.expr(receiver, None);
        let rt = self.resolve(rt);
        if rt == Ty::ERROR {
            for i in indices {
                self.expr(i, None);
            }
            return Ty::ERROR;
        }
        let get = ast::Ident {
            name: "get",
            span: e.span,
        };
        self.method_call_args(e, rt, &get, indices, None)
    }

    /// `a op b` through an operator function of `recv` named `sym`;
    /// `None` when there is none (reported).
    pub(crate) fn operator_call(
        &mut self,
        e: &'a ast::Expr<'a>,
        sym: &str,
        recv: Ty,
        args: &[(Ty, Span)],
        span: Span,
    ) -> Option<Ty> {
        self.check_unsafe_receiver(recv, span);
        match self.resolve_method_by_types(e, recv, sym, args) {
            Some(t) => Some(t),
            None => {
                if self.s.types.has_error(recv) {
                    return Some(Ty::ERROR);
                }
                let shown = self.show(recv);
                let arg = args.first().map(|(t, _)| *t);
                let msg = match arg {
                    Some(a) => {
                        let a = self.show(a);
                        format!("`{sym}` does not apply to `{shown}` and `{a}`")
                    }
                    None => format!("`{sym}` does not apply to `{shown}`"),
                };
                let d = self
                    .err(codes::OPERATOR, msg, span, "no such operator")
                    .help(format!(
                        "declare `operator fun {sym}(...)` on `{shown}` to give it one"
                    ));
                self.emit(d);
                None
            }
        }
    }

    /// Checks that `place` may be assigned (a `var`, a `var` property, an
    /// indexed place), reporting why not.
    pub(crate) fn check_assignable(&mut self, place: &'a ast::Expr<'a>, op: &str) {
        match &place.kind {
            ExprKind::Name(id) => {
                if let Some(Res::Local(l)) = self.s.typeck.res.get(&super::key(place)).copied() {
                    let info = self.local(l).clone();
                    if info.kind != super::LocalKind::Var {
                        let d = self
                            .err(
                                codes::REASSIGN,
                                format!(
                                    "`{}` is a `let` and cannot be changed with `{op}`",
                                    id.name
                                ),
                                place.span,
                                "assigned here",
                            )
                            .secondary(info.file, info.span, "declared here")
                            .help("declare it with `var` to change it");
                        self.emit(d);
                    }
                    return;
                }
                if let Some(Res::Def(d)) = self.s.typeck.res.get(&super::key(place)).copied() {
                    self.check_property_assignable(d, place.span, op);
                    self.check_mutating_self(d, place.span);
                }
            }
            ExprKind::Member { receiver, .. } => {
                if let Some(Res::Def(d)) = self.s.typeck.res.get(&super::key(place)).copied() {
                    self.check_property_assignable(d, place.span, op);
                    self.check_struct_receiver(receiver, place.span);
                    if matches!(receiver.kind, ExprKind::This(None)) {
                        self.check_mutating_self(d, place.span);
                    }
                }
            }
            ExprKind::TupleIndex { .. } | ExprKind::Index { .. } => {}
            ExprKind::Paren(inner) => self.check_assignable(inner, op),
            _ => {}
        }
    }

    fn check_property_assignable(&mut self, d: DefId, span: Span, op: &str) {
        if !self.s.is_mutable_property(d) && !self.in_own_initialiser(d) {
            let name = self.s.def(d).name;
            let (file, dspan) = (self.s.def(d).file, self.s.def(d).span);
            let diag = self
                .err(
                    codes::REASSIGN,
                    format!("`{name}` is a `let` property and cannot be changed with `{op}`"),
                    span,
                    "assigned here",
                )
                .secondary(file, dspan, "declared here")
                .help("declare it with `var` to change it");
            self.emit(diag);
        }
    }

    /// A `let` property may be assigned in its class's `init` blocks and
    /// constructors (definite assignment there is the checker's job).
    fn in_own_initialiser(&self, prop: DefId) -> bool {
        self.in_init == Some(self.s.def(prop).parent.unwrap_or(prop))
    }

    /// Inside a struct's own methods, `this` changes only in `mutating`
    /// ones.
    pub(crate) fn check_mutating_self(&mut self, member: DefId, span: Span) {
        let Some(parent) = self.s.def(member).parent else {
            return;
        };
        if !matches!(
            self.s.def(parent).kind,
            DefKind::Class(ast::ClassKind::Struct)
        ) {
            return;
        }
        let owner = self.owner;
        let in_method =
            self.s.def(owner).kind == DefKind::Fun && self.s.def(owner).parent == Some(parent);
        if in_method && !self.s.def(owner).has(ast::ModifierKind::Mutating) {
            let (name, fname) = (self.s.def(member).name, self.s.def(owner).name);
            let d = self
                .err(
                    codes::MUTATING,
                    format!("`{fname}` changes `{name}` but is not `mutating`"),
                    span,
                    "changes `this`",
                )
                .help(format!(
                    "mark it `mutating fun {fname}(...)`; it may then be called only on a `var`"
                ));
            self.emit(d);
        }
    }

    /// A struct field changes only through a `var` binding.
    pub(crate) fn check_struct_receiver(&mut self, receiver: &'a ast::Expr<'a>, span: Span) {
        let t = self
            .s
            .typeck
            .expr_types
            .get(&super::key(receiver))
            .copied()
            .unwrap_or(Ty::ERROR);
        let is_struct = matches!(self.s.class_of(t), Some((d, _)) if matches!(self.s.def(d).kind, DefKind::Class(ast::ClassKind::Struct)));
        if !is_struct {
            return;
        }
        if let Some(Res::Local(l)) = self.s.typeck.res.get(&super::key(receiver)).copied() {
            let info = self.local(l).clone();
            if info.kind != super::LocalKind::Var {
                let d = self
                    .err(
                        codes::STRUCT_LET,
                        format!(
                            "`{}` holds a struct through a `let`; its fields cannot change",
                            info.name
                        ),
                        span,
                        "assigned here",
                    )
                    .secondary(info.file, info.span, "declared with `let`")
                    .help(
                        "a struct is a value: declare the binding with `var` to change its fields",
                    );
                self.emit(d);
            }
        }
    }

    /// The names of the locals in scope (for "did you mean").
    fn scopes_names(&self) -> Vec<&'a str> {
        self.scope_names()
    }
}
