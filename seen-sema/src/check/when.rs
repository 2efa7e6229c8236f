//! `when`: subjects, arm conditions and patterns, smart casts in arms,
//! exhaustiveness (naming the missing cases) and duplicate arms.

use rustc_hash::FxHashSet;
use seen_syntax::ast::{self, ExprKind, PatternKind, WhenCond};
use seen_syntax::{Diagnostic, Span};

use super::flow::{Flow, Place};
use super::{Cx, LocalKind, Res};
use crate::codes;
use crate::defs::{DefId, DefKind};
use crate::ty::{Ty, TyKind};

/// What one arm condition covers, for exhaustiveness.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Cover {
    /// Every value (`else`, an irrefutable pattern, `is` a supertype).
    All,
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// An enum entry.
    Entry(DefId),
    /// A class and its subclasses (`is C`, an object's name, `C(..)`).
    Class(DefId),
    /// Every value but `null` (`is T` on a `T?`).
    NonNull,
}

/// The subject of a `when` being checked.
#[derive(Clone, Copy)]
struct Subject {
    /// Its type.
    ty: Ty,
    /// Where smart casts go.
    place: Option<Place>,
}

impl<'s, 'a> Cx<'s, 'a> {
    pub(crate) fn when_expr(
        &mut self,
        e: &'a ast::Expr<'a>,
        w: &'a ast::When<'a>,
        expected: Option<Ty>,
    ) -> Ty {
        let discard = self.discarded(e);
        self.push_scope();
        let subject = w.subject.as_ref().map(|s| self.when_subject(s));
        let mut remaining = self.flow.clone();
        let mut ends: Vec<Flow> = Vec::new();
        let mut types: Vec<Ty> = Vec::new();
        let mut covers: Vec<Cover> = Vec::new();
        let mut seen_keys: FxHashSet<String> = FxHashSet::default();
        let saved_partials = std::mem::take(&mut self.when_partials);
        for arm in w.arms {
            self.flow = remaining.clone();
            self.push_scope();
            let partials_before = self.when_partials.len();
            let (arm_flow, arm_covers) = match subject {
                Some(s) => self.subject_arm(s, arm, &mut remaining, &mut seen_keys, &covers),
                None => self.condition_arm(arm, &mut remaining),
            };
            self.flow = arm_flow;
            if let Some(g) = &arm.guard {
                let (yes, _) = self.cond(g);
                self.flow = yes;
                self.when_partials.truncate(partials_before);
            } else {
                covers.extend(arm_covers);
            }
            let t = self.branch(&arm.body, expected, discard);
            let t = self.resolve(t);
            types.push(t);
            ends.push(std::mem::take(&mut self.flow));
            self.pop_scope();
        }
        let must_cover = !discard || subject.is_some_and(|s| self.enumerable(s.ty));
        let missing = match subject {
            Some(s) => self.missing_cases(s.ty, &covers),
            None => {
                if covers.contains(&Cover::All) {
                    Vec::new()
                } else {
                    vec![String::new()]
                }
            }
        };
        if must_cover && !missing.is_empty() {
            self.not_exhaustive(e.span, &missing);
        }
        self.when_partials = saved_partials;
        let mut out = if missing.is_empty() {
            Flow::dead()
        } else {
            remaining
        };
        for f in &ends {
            out = self.join_flows(&out, f);
        }
        self.flow = out;
        self.pop_scope();
        if discard {
            return if self.flow.dead {
                Ty::NOTHING
            } else {
                Ty::UNIT
            };
        }
        let mut ty = Ty::NOTHING;
        for t in types {
            ty = self.lub(ty, t);
        }
        ty
    }

    /// `when (x)` or `when (let v = x)`.
    fn when_subject(&mut self, s: &'a ast::WhenSubject<'a>) -> Subject {
        let declared = s
            .binding
            .and_then(|(_, t)| t)
            .map(|t| self.s.resolve_type(&t, self.owner));
        let t = match declared {
            Some(d) => self.expr_coerce(&s.expr, d),
            None => self.expr(&s.expr, None),
        };
        let ty = declared.unwrap_or_else(|| self.resolve(t));
        match s.binding {
            Some((name, _)) => {
                let id = self.declare(name.name, ty, LocalKind::Let, name.span);
                self.mark_used(id);
                Subject {
                    ty,
                    place: Some(Place::Local(id)),
                }
            }
            None => Subject {
                ty,
                place: self.place_of(&s.expr),
            },
        }
    }

    /// An arm of a subject-less `when`: its conditions are Boolean; the
    /// arm runs when one holds.
    fn condition_arm(
        &mut self,
        arm: &'a ast::WhenArm<'a>,
        remaining: &mut Flow,
    ) -> (Flow, Vec<Cover>) {
        let mut arm_flow: Option<Flow> = None;
        let mut covers = Vec::new();
        for c in arm.conds {
            match c {
                WhenCond::Else(_) => {
                    covers.push(Cover::All);
                    arm_flow = Some(match arm_flow {
                        Some(f) => self.join_flows(&f, remaining),
                        None => remaining.clone(),
                    });
                }
                WhenCond::Expr(x) => {
                    self.flow = remaining.clone();
                    let (yes, no) = self.cond(x);
                    if matches!(x.kind, ExprKind::Bool(true)) {
                        covers.push(Cover::All);
                    }
                    arm_flow = Some(match arm_flow {
                        Some(f) => self.join_flows(&f, &yes),
                        None => yes,
                    });
                    *remaining = no;
                }
                other => {
                    let span = cond_span(other);
                    let d = self
                        .err(codes::WHEN_SUBJECT, "a `when` without a subject takes conditions, not patterns", span, "needs a subject")
                        .help("write `when (x) { ... }` to match `x` against patterns, or a Boolean condition here");
                    self.emit(d);
                }
            }
        }
        (arm_flow.unwrap_or_else(|| remaining.clone()), covers)
    }

    /// An arm of `when (subject)`.
    fn subject_arm(
        &mut self,
        s: Subject,
        arm: &'a ast::WhenArm<'a>,
        remaining: &mut Flow,
        seen: &mut FxHashSet<String>,
        earlier: &[Cover],
    ) -> (Flow, Vec<Cover>) {
        let mut covers = Vec::new();
        let single = arm.conds.len() == 1;
        let mut arm_flow = remaining.clone();
        for c in arm.conds {
            self.flow = remaining.clone();
            let (cover, narrowed) = match c {
                WhenCond::Else(_) => (Some(Cover::All), None),
                WhenCond::Expr(x) => (self.value_cond(s, x, seen, earlier), None),
                WhenCond::In { expr, .. } => {
                    let r = self.expr(expr, None);
                    let r = self.resolve(r);
                    if r != Ty::ERROR {
                        self.operator_call(expr, "contains", r, &[(s.ty, expr.span)], expr.span);
                    }
                    (None, None)
                }
                WhenCond::Is { ty, negated } => {
                    let target = self.s.resolve_type(ty, self.owner);
                    if *negated {
                        (None, None)
                    } else {
                        (self.is_cover(s.ty, target, ty.span), Some(target))
                    }
                }
                WhenCond::Pattern(p) => {
                    let (cover, t) = self.top_pattern(s, p, single);
                    (cover, t)
                }
            };
            if let Some(cv) = cover {
                if earlier.contains(&cv) || earlier.contains(&Cover::All) {
                    self.duplicate_arm(cond_span(c));
                }
                covers.push(cv);
            }
            if single {
                arm_flow = self.flow.clone();
                if let (Some(t), Some(place)) = (narrowed, s.place) {
                    Self::narrow(&mut arm_flow, place, t);
                }
            }
            if cover == Some(Cover::Null) {
                if let Some(place) = s.place {
                    let non_null = self.s.types.non_null(s.ty);
                    Self::narrow(remaining, place, non_null);
                }
            }
        }
        (arm_flow, covers)
    }

    /// `value ->`: compared with the subject by `==`; an enum entry or an
    /// object may be named unqualified.
    fn value_cond(
        &mut self,
        s: Subject,
        x: &'a ast::Expr<'a>,
        seen: &mut FxHashSet<String>,
        earlier: &[Cover],
    ) -> Option<Cover> {
        let base = self.s.types.non_null(s.ty);
        if let ExprKind::Name(id) = &x.kind {
            if self.find_local(id.name).is_none() {
                if let Some(d) = self.contextual_case(base, id.name) {
                    return Some(self.case_value(x, d, base));
                }
            }
        }
        if let Some(k) = self.constant_key(x) {
            if !seen.insert(k) && !earlier.contains(&Cover::All) {
                self.duplicate_arm(x.span);
            }
        }
        let t = self.expr(x, Some(base));
        let t = self.resolve(t);
        match &x.kind {
            ExprKind::Null => return Some(Cover::Null),
            ExprKind::Bool(b) => return Some(Cover::Bool(*b)),
            _ => {}
        }
        if let Some(Res::Def(d)) = self.s.typeck.res.get(&super::key(x)).copied() {
            match self.s.def(d).kind {
                DefKind::EnumEntry => return Some(Cover::Entry(d)),
                DefKind::Class(ast::ClassKind::Object) => return Some(Cover::Class(d)),
                _ => {}
            }
        }
        if t != Ty::ERROR && s.ty != Ty::ERROR && t != Ty::NULL {
            let tn = self.s.types.non_null(t);
            let related = self.is_subtype_probe(tn, base) || self.is_subtype_probe(base, tn);
            if !related {
                let (ts, ss) = (self.show(t), self.show(s.ty));
                let d = self.err(
                    codes::INCOMPARABLE,
                    format!("a `{ts}` is never equal to the subject, a `{ss}`"),
                    x.span,
                    "never matches",
                );
                self.emit(d);
            }
        }
        None
    }

    /// An enum entry or a case of a sealed class named `name`, for a
    /// subject of type `base`.
    fn contextual_case(&mut self, base: Ty, name: &str) -> Option<DefId> {
        let (class, _) = self.s.class_of(base)?;
        self.s
            .def(class)
            .members
            .get(name)?
            .iter()
            .copied()
            .find(|d| matches!(self.s.def(*d).kind, DefKind::EnumEntry | DefKind::Class(_)))
    }

    /// An entry or object named as a `when` value.
    fn case_value(&mut self, x: &'a ast::Expr<'a>, d: DefId, base: Ty) -> Cover {
        self.record_res(x, Res::Def(d));
        match self.s.def(d).kind {
            DefKind::EnumEntry => {
                self.record(x, base);
                Cover::Entry(d)
            }
            _ => {
                let t = self.s.declared_type(d);
                self.record(x, t);
                Cover::Class(d)
            }
        }
    }

    /// What `is target` covers of `subject`.
    fn is_cover(&mut self, subject: Ty, target: Ty, span: Span) -> Option<Cover> {
        let base = self.s.types.non_null(subject);
        if self.is_subtype_probe(base, target) {
            let all = self.s.types.is_nullable(target) || !self.s.types.is_nullable(subject);
            return Some(if all { Cover::All } else { Cover::NonNull });
        }
        let target_base = self.s.types.non_null(target);
        let related = self.is_subtype_probe(target_base, base)
            || matches!(self.s.types.kind(base), TyKind::Param(_) | TyKind::Any);
        let noise = self.s.types.has_error(target) || self.s.types.has_error(subject);
        if !related
            && !noise
            && !self.is_trait_type(base)
            && !self.is_trait_type(target_base)
            && self.probing == 0
        {
            let (t, s) = (self.show(target), self.show(subject));
            let d =
                Diagnostic::warning(codes::IMPOSSIBLE_CAST, format!("a `{s}` is never a `{t}`"))
                    .primary(self.file, span, "this arm never matches");
            self.s.report(d);
        }
        self.s.class_of(target_base).map(|(c, _)| Cover::Class(c))
    }

    /// Whether the type is a trait (any class may implement it later).
    pub(crate) fn is_trait_type(&self, t: Ty) -> bool {
        self.s.class_of(t).is_some_and(|(d, _)| {
            matches!(self.s.def(d).kind, DefKind::Class(ast::ClassKind::Trait))
        })
    }

    /// A pattern as a whole arm condition.
    fn top_pattern(
        &mut self,
        s: Subject,
        p: &'a ast::Pattern<'a>,
        single: bool,
    ) -> (Option<Cover>, Option<Ty>) {
        if !single && binds(p) {
            let d = self
                .err(
                    codes::DESTRUCTURE,
                    "a pattern that binds names must be the only condition of its arm",
                    p.span,
                    "binds names",
                )
                .help("give it an arm of its own");
            self.emit(d);
        }
        let base = self.s.types.non_null(s.ty);
        match &p.kind {
            PatternKind::Ctor { path, args } => {
                let Some(target) = self.pattern_target(base, path) else {
                    for a in args.iter() {
                        self.pattern(a, Ty::ERROR);
                    }
                    return (None, None);
                };
                let (fields, narrowed) = self.case_fields(base, target, path.span);
                if fields.len() != args.len() && !self.s.types.has_error(base) {
                    let name = self.s.def(target).name;
                    let d = self.err(
                        codes::DESTRUCTURE,
                        format!(
                            "`{name}` has {} field(s), but the pattern names {}",
                            fields.len(),
                            args.len()
                        ),
                        p.span,
                        "wrong number of fields",
                    );
                    self.emit(d);
                }
                let mut total = true;
                for (i, a) in args.iter().enumerate() {
                    let t = fields.get(i).copied().unwrap_or(Ty::ERROR);
                    total &= self.pattern(a, t);
                }
                let cover = match self.s.def(target).kind {
                    DefKind::EnumEntry => Cover::Entry(target),
                    _ => Cover::Class(target),
                };
                // `Err(ParseError.Empty)`: covers part of `Err`; the parts
                // are added up when the arms are
                if !total && args.len() == 1 {
                    if let (Some(sub), Some(&t)) = (self.pattern_cover(&args[0]), fields.first()) {
                        self.when_partials.push((target, t, sub));
                    }
                }
                (total.then_some(cover), narrowed)
            }
            _ => {
                let total = self.pattern(p, base);
                (total.then_some(Cover::All), None)
            }
        }
    }

    /// What a nested pattern (already checked) covers of its value.
    fn pattern_cover(&self, p: &ast::Pattern<'a>) -> Option<Cover> {
        if irrefutable(p) {
            return Some(Cover::All);
        }
        let def_cover = |d: DefId| match self.s.def(d).kind {
            DefKind::EnumEntry => Some(Cover::Entry(d)),
            DefKind::Class(_) => Some(Cover::Class(d)),
            _ => None,
        };
        match &p.kind {
            PatternKind::Value(x) => match &x.kind {
                ExprKind::Null => Some(Cover::Null),
                ExprKind::Bool(b) => Some(Cover::Bool(*b)),
                _ => match self.s.typeck.res.get(&super::key(*x)) {
                    Some(Res::Def(d)) => def_cover(*d),
                    _ => None,
                },
            },
            PatternKind::Ctor { path, args } if args.iter().all(irrefutable) => {
                match self.s.typeck.res.get(&super::key(*path)) {
                    Some(Res::Def(d)) => def_cover(*d),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether the arms that match part of `case` (one field each) cover
    /// all of it.
    fn covered_by_parts(&mut self, case: DefId) -> bool {
        let parts: Vec<(Ty, Cover)> = self
            .when_partials
            .iter()
            .filter(|(c, _, _)| *c == case)
            .map(|(_, t, c)| (*t, *c))
            .collect();
        let Some(&(field, _)) = parts.first() else {
            return false;
        };
        let covers: Vec<Cover> = parts.iter().map(|(_, c)| *c).collect();
        let saved = std::mem::take(&mut self.when_partials);
        let missing = self.missing_cases(field, &covers);
        self.when_partials = saved;
        missing.is_empty()
    }

    /// The entry or class a constructor pattern names (`Ok`, `Rect`,
    /// `Shape.Rect`).
    fn pattern_target(&mut self, base: Ty, path: &'a ast::Expr<'a>) -> Option<DefId> {
        let found = match &path.kind {
            ExprKind::Name(id) => self.contextual_case(base, id.name).or_else(|| {
                let levels = self.s.lookup_scopes(self.owner, id.name, |s, d| {
                    matches!(s.def(d).kind, DefKind::EnumEntry | DefKind::Class(_))
                });
                levels.first().map(|l| l[0])
            }),
            ExprKind::Member { receiver, name, .. } => {
                let q = self.qualifier(receiver)?;
                self.s.def(q).members.get(name.name).and_then(|ids| {
                    ids.iter().copied().find(|d| {
                        matches!(self.s.def(*d).kind, DefKind::EnumEntry | DefKind::Class(_))
                    })
                })
            }
            _ => None,
        };
        match found {
            Some(d) => {
                self.record_res(path, Res::Def(d));
                Some(d)
            }
            None => {
                let (span, name) = match &path.kind {
                    ExprKind::Name(id) => (id.span, id.name),
                    ExprKind::Member { name, .. } => (name.span, name.name),
                    _ => (path.span, ""),
                };
                let shown = self.show(base);
                let d = self
                    .err(
                        codes::UNRESOLVED,
                        format!("`{shown}` has no case `{name}`"),
                        span,
                        "not a case of the subject",
                    )
                    .help(self.s.class_of(base).map_or_else(
                        || "name an enum entry or a class".to_string(),
                        |(c, _)| self.s.suggest(c, name),
                    ));
                self.emit(d);
                None
            }
        }
    }

    /// The field types of an entry or class matched against `base`, and
    /// the type the subject has inside the arm.
    fn case_fields(&mut self, base: Ty, target: DefId, span: Span) -> (Vec<Ty>, Option<Ty>) {
        match self.s.def(target).kind {
            DefKind::EnumEntry => {
                let enum_def = self.s.def(target).parent.expect("an entry has an enum");
                let args = match self.s.class_of(base) {
                    Some((d, args)) if d == enum_def => args,
                    _ => {
                        if !self.s.types.has_error(base) {
                            let (name, shown) = (self.s.def(target).name, self.show(base));
                            let d = self.err(
                                codes::MISMATCH,
                                format!("`{name}` is not a case of `{shown}`"),
                                span,
                                "another type's case",
                            );
                            self.emit(d);
                        }
                        return (Vec::new(), None);
                    }
                };
                let sig = self.s.signature(target);
                let params = self.s.def(enum_def).type_params.clone();
                let map = self.s.subst_map(&params, &args);
                let fields = sig
                    .params
                    .iter()
                    .map(|p| self.s.types.subst(p.ty, &map))
                    .collect();
                (fields, None)
            }
            _ => {
                let t = self.s.declared_type(target);
                let t = match self.s.class_of(base) {
                    Some((d, args)) if d == target => self.s.types.adt(d, &args),
                    _ => t,
                };
                let props = self.s.component_properties(target);
                let subst = match self.s.class_of(t) {
                    Some((d, args)) => {
                        let params = self.s.def(d).type_params.clone();
                        self.s.subst_map(&params, &args)
                    }
                    None => Default::default(),
                };
                let fields = props
                    .into_iter()
                    .map(|p| {
                        let pt = self.s.property_type(p);
                        self.s.types.subst(pt, &subst)
                    })
                    .collect();
                (fields, Some(t))
            }
        }
    }

    /// A nested pattern against a value of type `ty`; whether it matches
    /// every value.
    fn pattern(&mut self, p: &'a ast::Pattern<'a>, ty: Ty) -> bool {
        match &p.kind {
            PatternKind::Wildcard => true,
            PatternKind::Binding(name) => {
                let id = self.declare(name.name, ty, LocalKind::Pattern, name.span);
                self.record_res(p, Res::Local(id));
                true
            }
            PatternKind::Tuple(parts) => {
                let comps = self.components(ty, parts.len(), p.span);
                let mut total = true;
                for (part, t) in parts.iter().zip(comps) {
                    total &= self.pattern(part, t);
                }
                total
            }
            PatternKind::Value(x) => {
                let t = self.expr(x, Some(ty));
                let t = self.resolve(t);
                let related = t == Ty::ERROR
                    || ty == Ty::ERROR
                    || self.is_subtype_probe(t, ty)
                    || self.is_subtype_probe(ty, t);
                if !related {
                    let (ts, ws) = (self.show(t), self.show(ty));
                    let d = self.err(
                        codes::INCOMPARABLE,
                        format!("a `{ts}` is never equal to a `{ws}`"),
                        x.span,
                        "never matches",
                    );
                    self.emit(d);
                }
                false
            }
            PatternKind::Ctor { path, args } => {
                let Some(target) = self.pattern_target(ty, path) else {
                    return false;
                };
                let (fields, _) = self.case_fields(ty, target, path.span);
                for (i, a) in args.iter().enumerate() {
                    let t = fields.get(i).copied().unwrap_or(Ty::ERROR);
                    self.pattern(a, t);
                }
                false
            }
        }
    }

    /// Whether a `when` over this type must be exhaustive even as a
    /// statement (enums, sealed classes, `Boolean`).
    fn enumerable(&mut self, ty: Ty) -> bool {
        let base = self.s.types.non_null(ty);
        if base == Ty::BOOL {
            return true;
        }
        match self.s.class_of(base) {
            Some((d, _)) => {
                matches!(self.s.def(d).kind, DefKind::Class(ast::ClassKind::Enum))
                    || self.s.def(d).has(ast::ModifierKind::Sealed)
            }
            None => false,
        }
    }

    /// The cases of `ty` no arm covers, as written in messages; one empty
    /// string for a type that only `else` can cover.
    fn missing_cases(&mut self, ty: Ty, covers: &[Cover]) -> Vec<String> {
        if covers.contains(&Cover::All) || ty == Ty::ERROR {
            return Vec::new();
        }
        let mut missing = Vec::new();
        let base = self.s.types.non_null(ty);
        if self.s.types.is_nullable(ty) && !covers.contains(&Cover::Null) {
            missing.push("null".to_string());
        }
        if covers.contains(&Cover::NonNull) {
            return missing;
        }
        if base == Ty::BOOL {
            for b in [true, false] {
                if !covers.contains(&Cover::Bool(b)) {
                    missing.push(b.to_string());
                }
            }
            return missing;
        }
        let Some((class, _)) = self.s.class_of(base) else {
            missing.push(String::new());
            return missing;
        };
        self.missing_in_class(class, covers, &mut missing);
        missing
    }

    fn missing_in_class(&mut self, class: DefId, covers: &[Cover], missing: &mut Vec<String>) {
        if covers.contains(&Cover::Class(class)) || self.covered_by_parts(class) {
            return;
        }
        let def = self.s.def(class);
        if matches!(def.kind, DefKind::Class(ast::ClassKind::Enum)) {
            let entries: Vec<DefId> = def
                .members
                .values()
                .flatten()
                .copied()
                .filter(|d| self.s.def(*d).kind == DefKind::EnumEntry)
                .collect();
            for e in entries {
                if !covers.contains(&Cover::Entry(e)) && !self.covered_by_parts(e) {
                    missing.push(self.case_name(e));
                }
            }
            return;
        }
        if def.has(ast::ModifierKind::Sealed) {
            for case in self.s.sealed_cases(class) {
                self.missing_in_class(case, covers, missing);
            }
            return;
        }
        missing.push(self.case_name(class));
    }

    /// `Color.RED`, `Event.Close`.
    fn case_name(&self, d: DefId) -> String {
        let def = self.s.def(d);
        match def.parent {
            Some(p) if matches!(self.s.def(p).kind, DefKind::Class(_)) => {
                format!("{}.{}", self.s.def(p).name, def.name)
            }
            _ => def.name.to_string(),
        }
    }

    fn not_exhaustive(&mut self, span: Span, missing: &[String]) {
        let head = Span::new(span.start, span.start + 1);
        if missing.iter().any(|m| m.is_empty()) {
            let d = self
                .err(
                    codes::NOT_EXHAUSTIVE,
                    "this `when` gives a value, so it needs an `else` arm",
                    head,
                    "not every value is covered",
                )
                .help("add `else -> ...` as the last arm");
            self.emit(d);
            return;
        }
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let d = self
            .err(
                codes::NOT_EXHAUSTIVE,
                format!("this `when` does not cover {list}"),
                head,
                "missing cases",
            )
            .help("add an arm for each, or an `else` arm");
        self.emit(d);
    }

    fn duplicate_arm(&mut self, span: Span) {
        if self.probing > 0 {
            return;
        }
        let d = Diagnostic::warning(
            codes::DUPLICATE_ARM,
            "this condition never matches: an earlier arm covers it",
        )
        .primary(self.file, span, "already covered")
        .help("remove it, or reorder the arms");
        self.s.report(d);
    }
}

/// Whether a pattern matches every value (names, `_`, tuples of them).
fn irrefutable(p: &ast::Pattern<'_>) -> bool {
    match &p.kind {
        PatternKind::Wildcard | PatternKind::Binding(_) => true,
        PatternKind::Tuple(ps) => ps.iter().all(irrefutable),
        _ => false,
    }
}

/// Whether a pattern binds any name.
fn binds(p: &ast::Pattern<'_>) -> bool {
    match &p.kind {
        PatternKind::Binding(_) => true,
        PatternKind::Tuple(ps) | PatternKind::Ctor { args: ps, .. } => ps.iter().any(binds),
        _ => false,
    }
}

/// Where a condition is written.
fn cond_span(c: &WhenCond<'_>) -> Span {
    match c {
        WhenCond::Expr(e) | WhenCond::In { expr: e, .. } => e.span,
        WhenCond::Is { ty, .. } => ty.span,
        WhenCond::Pattern(p) => p.span,
        WhenCond::Else(s) => *s,
    }
}
