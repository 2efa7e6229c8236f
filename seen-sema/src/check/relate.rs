//! Relations between types: subtyping, inference variables, the least
//! upper bound of two types, and how a type is written in a message.

use rustc_hash::FxHashMap;
use seen_syntax::ast;

use super::Cx;
use crate::defs::{DefId, DefKind, Node};
use crate::ty::{Ty, TyKind};

/// A point to return to: how many variables there were and how long the
/// undo log was.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Snapshot {
    vars: usize,
    undo: usize,
}

impl<'s, 'a> Cx<'s, 'a> {
    /// A fresh inference variable.
    pub(crate) fn fresh_var(&mut self) -> Ty {
        let n = self.vars.len() as u32;
        self.vars.push(None);
        self.s.types.intern(TyKind::Var(n))
    }

    /// The type with every bound inference variable replaced by its value.
    pub(crate) fn resolve(&mut self, ty: Ty) -> Ty {
        if !self.s.types.has_vars(ty) {
            return ty;
        }
        match self.s.types.kind(ty).clone() {
            TyKind::Var(n) => match self.vars[n as usize] {
                Some(t) if t != ty => self.resolve(t),
                _ => ty,
            },
            TyKind::Nullable(t) => {
                let t = self.resolve(t);
                self.s.types.nullable(t)
            }
            TyKind::Tuple(ts) => {
                let ts: Vec<Ty> = ts.iter().map(|t| self.resolve(*t)).collect();
                self.s.types.tuple(&ts)
            }
            TyKind::Adt(d, ts) => {
                let ts: Vec<Ty> = ts.iter().map(|t| self.resolve(*t)).collect();
                self.s.types.adt(d, &ts)
            }
            TyKind::Fn(f) => {
                let r = f.receiver.map(|r| self.resolve(r));
                let ps: Vec<Ty> = f.params.iter().map(|t| self.resolve(*t)).collect();
                let ret = self.resolve(f.ret);
                self.s.types.func(r, &ps, ret, f.suspend)
            }
            TyKind::Simd(t, n) => {
                let (t, n) = (self.resolve(t), self.resolve(n));
                self.s.types.intern(TyKind::Simd(t, n))
            }
            TyKind::Mask(n) => {
                let n = self.resolve(n);
                self.s.types.intern(TyKind::Mask(n))
            }
            TyKind::Ptr(t) => {
                let t = self.resolve(t);
                self.s.types.intern(TyKind::Ptr(t))
            }
            _ => ty,
        }
    }

    /// Whether a value of `sub` may be used where `sup` is expected,
    /// binding inference variables as needed.
    pub(crate) fn subtype(&mut self, sub: Ty, sup: Ty) -> bool {
        let (sub, sup) = (self.resolve(sub), self.resolve(sup));
        if sub == sup {
            return true;
        }
        let (ks, kp) = (
            self.s.types.kind(sub).clone(),
            self.s.types.kind(sup).clone(),
        );
        match (&ks, &kp) {
            (TyKind::Error, _) | (_, TyKind::Error) | (TyKind::Nothing, _) => true,
            (TyKind::Var(n), _) => self.bind(*n, sup),
            (_, TyKind::Var(n)) => self.bind(*n, sub),
            (TyKind::Nullable(a), TyKind::Nullable(b)) => self.subtype(*a, *b),
            (TyKind::Nullable(_), _) => false,
            (_, TyKind::Nullable(b)) => self.subtype(sub, *b),
            (_, TyKind::Any) => true,
            (TyKind::Tuple(a), TyKind::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| self.subtype(*x, *y))
            }
            (TyKind::Fn(a), TyKind::Fn(b)) => {
                a.params.len() == b.params.len()
                    && a.receiver.is_some() == b.receiver.is_some()
                    && a.receiver
                        .zip(b.receiver)
                        .is_none_or(|(x, y)| self.subtype(y, x))
                    && a.params
                        .iter()
                        .zip(b.params.iter())
                        .all(|(x, y)| self.subtype(*y, *x))
                    && (b.ret == Ty::UNIT || self.subtype(a.ret, b.ret))
            }
            (TyKind::Adt(da, aa), TyKind::Adt(db, ab)) if da == db => {
                self.args_subtype(*da, aa, ab)
            }
            (TyKind::Simd(a, n), TyKind::Simd(b, m)) => self.same(*a, *b) && self.same(*n, *m),
            (TyKind::Mask(n), TyKind::Mask(m)) => self.same(*n, *m),
            // a vector is its library type (`Simd<T, N>`) too, and back
            (TyKind::Simd(..) | TyKind::Mask(_), TyKind::Adt(d, args)) => {
                match self.s.class_of(sub) {
                    Some((c, own)) if c == *d => {
                        own.iter().zip(args.iter()).all(|(x, y)| self.same(*x, *y))
                    }
                    _ => self
                        .s
                        .parents(sub)
                        .into_iter()
                        .any(|p| self.subtype(p, sup)),
                }
            }
            (TyKind::Adt(d, args), TyKind::Simd(..) | TyKind::Mask(_)) => {
                match self.s.class_of(sup) {
                    Some((c, own)) if c == *d => {
                        args.iter().zip(own.iter()).all(|(x, y)| self.same(*x, *y))
                    }
                    _ => false,
                }
            }
            (TyKind::Param(p), _) => {
                let bounds = self.s.bounds(*p);
                bounds.into_iter().any(|b| self.subtype(b, sup))
            }
            _ => {
                // through supertypes (classes, traits, primitives' declared traits)
                for parent in self.s.parents(sub) {
                    if self.subtype(parent, sup) {
                        return true;
                    }
                }
                false
            }
        }
    }

    /// Type arguments of one generic definition, by the declared variance
    /// of each parameter (`out`: covariant, `in`: contravariant, else
    /// invariant).
    fn args_subtype(&mut self, def: DefId, a: &[Ty], b: &[Ty]) -> bool {
        let params = self.s.def(def).type_params.clone();
        a.iter().zip(b.iter()).enumerate().all(|(i, (&x, &y))| {
            match params.get(i).map(|p| self.s.variance(*p)) {
                Some(Some(ast::Variance::Out)) => self.subtype(x, y),
                Some(Some(ast::Variance::In)) => self.subtype(y, x),
                _ => self.same(x, y),
            }
        })
    }

    /// Whether two types are the same (binding variables).
    pub(crate) fn same(&mut self, a: Ty, b: Ty) -> bool {
        let (a, b) = (self.resolve(a), self.resolve(b));
        if a == b {
            return true;
        }
        match (self.s.types.kind(a).clone(), self.s.types.kind(b).clone()) {
            (TyKind::Error, _) | (_, TyKind::Error) => true,
            (TyKind::Var(n), _) => self.bind(n, b),
            (_, TyKind::Var(n)) => self.bind(n, a),
            (TyKind::Nullable(x), TyKind::Nullable(y)) => self.same(x, y),
            (TyKind::Tuple(x), TyKind::Tuple(y)) => {
                x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| self.same(*p, *q))
            }
            (TyKind::Adt(d1, x), TyKind::Adt(d2, y)) => {
                d1 == d2 && x.iter().zip(y.iter()).all(|(p, q)| self.same(*p, *q))
            }
            (TyKind::Simd(a, n), TyKind::Simd(b, m)) => self.same(a, b) && self.same(n, m),
            (TyKind::Mask(n), TyKind::Mask(m)) => self.same(n, m),
            (TyKind::Fn(f), TyKind::Fn(g)) => {
                f.params.len() == g.params.len()
                    && f.params
                        .iter()
                        .zip(g.params.iter())
                        .all(|(p, q)| self.same(*p, *q))
                    && self.same(f.ret, g.ret)
            }
            _ => false,
        }
    }

    /// Widens what variable `n` stands for to include `ty`.
    pub(crate) fn widen(&mut self, n: u32, ty: Ty) {
        self.bind(n, ty);
    }

    fn bind(&mut self, n: u32, ty: Ty) -> bool {
        if self.open_snapshots > 0 {
            self.undo.push((n, self.vars[n as usize]));
        }
        let var = self.s.types.intern(TyKind::Var(n));
        if ty == var {
            return true;
        }
        match self.vars[n as usize] {
            Some(bound) => {
                // widen to a common type, as Kotlin's inference does
                let joined = self.lub(bound, ty);
                self.vars[n as usize] = Some(joined);
                true
            }
            None => {
                self.vars[n as usize] = Some(ty);
                true
            }
        }
    }

    /// The least upper bound: the most specific type both fit in.
    pub(crate) fn lub(&mut self, a: Ty, b: Ty) -> Ty {
        let (a, b) = (self.resolve(a), self.resolve(b));
        if a == b {
            return a;
        }
        match (self.s.types.kind(a).clone(), self.s.types.kind(b).clone()) {
            (TyKind::Nothing, _) => return b,
            (_, TyKind::Nothing) => return a,
            (TyKind::Error, _) | (_, TyKind::Error) => return Ty::ERROR,
            (TyKind::Nullable(x), _) => {
                let inner = self.s.types.non_null(b);
                let j = if x == Ty::NOTHING {
                    inner
                } else {
                    self.lub(x, inner)
                };
                return self.s.types.nullable(j);
            }
            (_, TyKind::Nullable(y)) => {
                let j = if y == Ty::NOTHING { a } else { self.lub(a, y) };
                return self.s.types.nullable(j);
            }
            _ => {}
        }
        if self.is_subtype_probe(a, b) {
            return b;
        }
        if self.is_subtype_probe(b, a) {
            return a;
        }
        // the first supertype of `a` that `b` fits in
        let mut queue = self.s.parents(a);
        let mut seen = 0;
        while let Some(p) = queue.first().copied() {
            queue.remove(0);
            if self.is_subtype_probe(b, p) {
                return p;
            }
            seen += 1;
            if seen > 64 {
                break;
            }
            queue.extend(self.s.parents(p));
        }
        Ty::ANY
    }

    /// Subtyping without binding variables.
    pub(crate) fn is_subtype_probe(&mut self, sub: Ty, sup: Ty) -> bool {
        let snap = self.snapshot();
        let ok = self.subtype(sub, sup);
        self.rollback(snap);
        ok
    }

    /// Starts a trial: bindings made from here can be undone.
    pub(crate) fn snapshot(&mut self) -> Snapshot {
        self.open_snapshots += 1;
        Snapshot {
            vars: self.vars.len(),
            undo: self.undo.len(),
        }
    }

    /// Undoes every binding made since `snap`.
    pub(crate) fn rollback(&mut self, snap: Snapshot) {
        while self.undo.len() > snap.undo {
            let Some((n, old)) = self.undo.pop() else {
                break;
            };
            if (n as usize) < self.vars.len() {
                self.vars[n as usize] = old;
            }
        }
        self.vars.truncate(snap.vars);
        self.close_snapshot();
    }

    /// Keeps the bindings made since `snap`.
    pub(crate) fn commit(&mut self, _snap: Snapshot) {
        self.close_snapshot();
    }

    fn close_snapshot(&mut self) {
        self.open_snapshots -= 1;
        if self.open_snapshots == 0 {
            self.undo.clear();
        }
    }

    /// How a type is written in a message.
    pub(crate) fn show(&mut self, ty: Ty) -> String {
        let ty = self.resolve(ty);
        self.s.show(ty)
    }
}

impl<'a> crate::Sema<'a> {
    /// How a type is written in a message (`List<Int>?`, `(Int) -> String`).
    pub fn show(&self, ty: Ty) -> String {
        match self.types.kind(ty) {
            TyKind::Error => "{error}".into(),
            TyKind::Nothing => "Nothing".into(),
            TyKind::Unit => "Unit".into(),
            TyKind::Bool => "Boolean".into(),
            TyKind::Char => "Char".into(),
            TyKind::Any => "Any".into(),
            TyKind::Int(i) => i.name().into(),
            TyKind::Float(crate::FloatTy::F32) => "Float".into(),
            TyKind::Float(crate::FloatTy::F64) => "Double".into(),
            TyKind::Nullable(t) if *t == Ty::NOTHING => "Nothing?".into(),
            TyKind::Nullable(t) => match self.types.kind(*t) {
                TyKind::Fn(_) => format!("({})?", self.show(*t)),
                _ => format!("{}?", self.show(*t)),
            },
            TyKind::Tuple(ts) => format!(
                "({})",
                ts.iter()
                    .map(|t| self.show(*t))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TyKind::Fn(f) => {
                let r = f
                    .receiver
                    .map_or(String::new(), |r| format!("{}.", self.show(r)));
                let ps: Vec<String> = f.params.iter().map(|t| self.show(*t)).collect();
                let s = if f.suspend { "suspend " } else { "" };
                format!("{s}{r}({}) -> {}", ps.join(", "), self.show(f.ret))
            }
            TyKind::Adt(d, args) => {
                let name = self.def(*d).name;
                if args.is_empty() {
                    name.to_string()
                } else {
                    format!(
                        "{name}<{}>",
                        args.iter()
                            .map(|t| self.show(*t))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            }
            TyKind::Param(d) => match self.def(*d).kind {
                DefKind::TypeParam => self.def(*d).name.to_string(),
                _ => "Self".into(),
            },
            TyKind::Var(_) => "?".into(),
            TyKind::Simd(t, n) => format!("simd[{}, {}]", self.show(*t), self.show(*n)),
            TyKind::Mask(n) => format!("mask[{}]", self.show(*n)),
            TyKind::Const(n) => n.to_string(),
            TyKind::Ptr(t) => format!("Ptr<{}>", self.show(*t)),
        }
    }

    /// The declared variance of a type parameter.
    pub fn variance(&self, param: DefId) -> Option<ast::Variance> {
        match self.def(param).node {
            Node::TypeParam(tp) => tp.variance,
            _ => None,
        }
    }

    /// The bounds of a type parameter (`T : Comparable<T>`), or `Any?`.
    pub fn bounds(&mut self, param: DefId) -> Vec<Ty> {
        let Node::TypeParam(tp) = self.def(param).node else {
            return Vec::new();
        };
        let owner = self
            .def(param)
            .parent
            .expect("a type parameter has an owner");
        let mut out = Vec::new();
        if let Some(b) = &tp.bound {
            if !tp.is_const {
                out.push(self.resolve_type(b, owner));
            }
        }
        out
    }

    /// The direct supertypes of a type: declared supertypes with the type's
    /// arguments substituted; a primitive's are its `@builtin` struct's.
    pub fn parents(&mut self, ty: Ty) -> Vec<Ty> {
        if let Some(p) = self.parents_cache.get(&ty) {
            return p.clone();
        }
        let p = self.compute_parents(ty);
        self.parents_cache.insert(ty, p.clone());
        p
    }

    fn compute_parents(&mut self, ty: Ty) -> Vec<Ty> {
        let (def, args) = match self.types.kind(ty).clone() {
            TyKind::Adt(d, args) => (d, args.to_vec()),
            _ => match self.lang.prim_defs.get(&ty) {
                Some(&d) => (d, Vec::new()),
                None => return Vec::new(),
            },
        };
        let params = self.def(def).type_params.clone();
        let mut map: FxHashMap<DefId, Ty> =
            params.iter().copied().zip(args.iter().copied()).collect();
        map.insert(def, ty);
        let supers = self.supertypes(def);
        let mut out: Vec<Ty> = supers
            .into_iter()
            .map(|s| self.types.subst(s, &map))
            .collect();
        out.extend(self.conformances(def, &args));
        out
    }

    /// Traits a type gains from `extension T : Trait` blocks, with the
    /// block's type parameters bound to the type's arguments.
    fn conformances(&mut self, def: DefId, args: &[Ty]) -> Vec<Ty> {
        let blocks: Vec<DefId> = self.extensions.clone();
        let mut out = Vec::new();
        for block in blocks {
            let Some(ast::ItemKind::Extension(e)) = self.def(block).item().map(|i| &i.kind) else {
                continue;
            };
            if e.supers.is_empty() {
                continue;
            }
            let target = match self.ext_targets.get(&block) {
                Some(&t) => t,
                None => {
                    let t = self.resolve_type(&e.ty, block);
                    self.ext_targets.insert(block, t);
                    t
                }
            };
            let Some((d, targs)) = self.class_of(target) else {
                continue;
            };
            if d != def {
                continue;
            }
            // `extension<T> List<T> : Show`: T is the type's argument
            let mut map = FxHashMap::default();
            for (t, a) in targs.iter().zip(args) {
                if let TyKind::Param(p) = self.types.kind(*t) {
                    map.insert(*p, *a);
                }
            }
            for st in e.supers {
                let t = self.resolve_type(&st.ty, block);
                out.push(self.types.subst(t, &map));
            }
        }
        out
    }
}
