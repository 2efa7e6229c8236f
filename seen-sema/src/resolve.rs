//! Names in scope and types written in the source.
//!
//! A name is looked up from a context definition outwards: its own type
//! parameters, the members of enclosing classes, the enclosing module's
//! declarations, that file's imports, and finally the prelude (the
//! modules under `std.core`). Other files' declarations need an import,
//! since a file is a module.

use rustc_hash::FxHashMap;
use seen_syntax::ast::{self, ImportKind, TypeArg, TypeKind};
use seen_syntax::{Diagnostic, Span};
use smallvec::SmallVec;

use crate::defs::{DefId, DefKind, Node};
use crate::ty::{Ty, TyKind};
use crate::{Sema, codes};

/// What a file's imports bring in.
#[derive(Debug, Default)]
pub(crate) struct ImportScope<'a> {
    /// Names imported one by one (after `as`).
    pub named: FxHashMap<&'a str, SmallVec<[DefId; 1]>>,
    /// Modules and types imported with `.*`.
    pub globs: Vec<DefId>,
}

impl<'a> Sema<'a> {
    /// The nearest enclosing module (a file or an inline module).
    pub fn module_of(&self, id: DefId) -> DefId {
        let mut cur = id;
        loop {
            let def = self.def(cur);
            if def.kind == DefKind::Module {
                return cur;
            }
            match def.parent {
                Some(p) => cur = p,
                None => return cur,
            }
        }
    }

    /// The file module a definition is written in.
    pub fn file_module_of(&self, id: DefId) -> DefId {
        self.file_modules
            .get(&self.def(id).file)
            .copied()
            .unwrap_or(self.root)
    }

    fn members_named(&self, owner: DefId, name: &str) -> SmallVec<[DefId; 1]> {
        self.def(owner)
            .members
            .get(name)
            .cloned()
            .unwrap_or_default()
    }

    /// The imports of a module, resolved once.
    pub(crate) fn import_scope(&mut self, module: DefId) -> &ImportScope<'a> {
        if !self.import_scopes.contains_key(&module) {
            let scope = self.build_import_scope(module);
            self.import_scopes.insert(module, scope);
        }
        &self.import_scopes[&module]
    }

    fn build_import_scope(&mut self, module: DefId) -> ImportScope<'a> {
        let mut scope = ImportScope::default();
        let imports = self.imports.get(&module).copied().unwrap_or_default();
        let file = self.def(module).file;
        for import in imports {
            let Some(base) = self.resolve_import_path(import.path, file) else {
                continue;
            };
            match &import.kind {
                ImportKind::Glob => scope.globs.push(base),
                ImportKind::Single(n) => self.import_name(&mut scope, base, n, file),
                ImportKind::Group(ns) => {
                    for n in ns.iter() {
                        self.import_name(&mut scope, base, n, file);
                    }
                }
            }
        }
        scope
    }

    fn import_name(
        &mut self,
        scope: &mut ImportScope<'a>,
        base: DefId,
        n: &ast::ImportName<'a>,
        file: seen_syntax::FileId,
    ) {
        let found = self.members_named(base, n.name.name);
        if found.is_empty() {
            let what = self.path_of(base);
            let d = Diagnostic::error(
                codes::UNRESOLVED_IMPORT,
                format!("`{what}` has no declaration named `{}`", n.name.name),
            )
            .primary(file, n.name.span, "not found")
            .help(self.suggest(base, n.name.name));
            self.report(d);
            return;
        }
        let key = n.alias.map_or(n.name.name, |a| a.name);
        scope.named.entry(key).or_default().extend(found);
    }

    /// The module (or type) an import path names, from the root.
    fn resolve_import_path(
        &mut self,
        path: &[ast::Ident<'a>],
        file: seen_syntax::FileId,
    ) -> Option<DefId> {
        let mut cur = self.root;
        for seg in path {
            let next = self
                .members_named(cur, seg.name)
                .into_iter()
                .find(|d| matches!(self.def(*d).kind, DefKind::Module | DefKind::Class(_)));
            match next {
                Some(n) => cur = n,
                None => {
                    let where_ = if cur == self.root {
                        "the program".to_string()
                    } else {
                        format!("`{}`", self.path_of(cur))
                    };
                    let d = Diagnostic::error(
                        codes::UNRESOLVED_IMPORT,
                        format!("no module `{}` in {where_}", seg.name),
                    )
                    .primary(file, seg.span, "not found")
                    .help(self.suggest(cur, seg.name));
                    self.report(d);
                    return None;
                }
            }
        }
        Some(cur)
    }

    /// A "did you mean" line for a missing `name` among `owner`'s members.
    pub(crate) fn suggest(&self, owner: DefId, name: &str) -> String {
        let best = self
            .def(owner)
            .members
            .keys()
            .copied()
            .filter(|k| !k.is_empty())
            .min_by_key(|k| edit_distance(k, name));
        match best {
            Some(b) if edit_distance(b, name) <= name.len().max(2) / 3 + 1 => {
                format!("did you mean `{b}`?")
            }
            _ => "check the spelling, or what the module declares".to_string(),
        }
    }

    /// Every definition named `name` visible from `ctx`, scope by scope,
    /// innermost first, keeping those `keep` accepts. Locals are the body
    /// checker's business.
    pub(crate) fn lookup_scopes(
        &mut self,
        ctx: DefId,
        name: &str,
        keep: impl Fn(&Sema<'a>, DefId) -> bool,
    ) -> Vec<SmallVec<[DefId; 1]>> {
        let mut levels = Vec::new();
        let push = |sema: &Sema<'a>,
                    levels: &mut Vec<SmallVec<[DefId; 1]>>,
                    ids: SmallVec<[DefId; 1]>| {
            let kept: SmallVec<[DefId; 1]> = ids.into_iter().filter(|d| keep(sema, *d)).collect();
            if !kept.is_empty() {
                levels.push(kept);
            }
        };
        let mut cur = Some(ctx);
        while let Some(d) = cur {
            let tps: SmallVec<[DefId; 1]> = self
                .def(d)
                .type_params
                .iter()
                .copied()
                .filter(|t| self.def(*t).name == name)
                .collect();
            push(self, &mut levels, tps);
            let def = self.def(d);
            let (kind, node, parent) = (def.kind, def.node, def.parent);
            match kind {
                DefKind::Class(_) | DefKind::Extension => {
                    let own = self.members_named(d, name);
                    push(self, &mut levels, own);
                    if let Some(&companion) = self.companions.get(&d) {
                        let c = self.members_named(companion, name);
                        push(self, &mut levels, c);
                    }
                }
                DefKind::Fun | DefKind::Property | DefKind::Constructor => {
                    // local declarations
                    let own = self.members_named(d, name);
                    push(self, &mut levels, own);
                }
                DefKind::Module => {
                    let own = self.members_named(d, name);
                    push(self, &mut levels, own);
                    let scope = self.import_scope(d);
                    let named = scope.named.get(name).cloned().unwrap_or_default();
                    let globs = scope.globs.clone();
                    push(self, &mut levels, named);
                    let mut from_globs = SmallVec::new();
                    for g in globs {
                        from_globs.extend(self.members_named(g, name));
                    }
                    push(self, &mut levels, from_globs);
                    if matches!(node, Node::File(_)) {
                        break;
                    }
                }
                _ => {}
            }
            cur = parent;
        }
        let mut prelude = SmallVec::new();
        if let Some(ids) = self.prelude_names.get(name) {
            prelude.extend(ids.iter().copied());
        }
        push(self, &mut levels, prelude);
        levels
    }

    /// The type definition named `name` visible from `ctx`.
    pub(crate) fn lookup_type(&mut self, ctx: DefId, name: &str) -> Option<DefId> {
        let levels = self.lookup_scopes(ctx, name, |s, d| s.def(d).is_type());
        levels.first().map(|l| l[0])
    }

    /// Resolves a type written in the source, seen from `ctx`.
    pub fn resolve_type(&mut self, ty: &ast::Type<'a>, ctx: DefId) -> Ty {
        match &ty.kind {
            TypeKind::Path(segments) => self.resolve_path_type(segments, ty.span, ctx),
            TypeKind::Nullable(inner) => {
                let t = self.resolve_type(inner, ctx);
                self.types.nullable(t)
            }
            TypeKind::Tuple(items) => {
                let ts: Vec<Ty> = items.iter().map(|t| self.resolve_type(t, ctx)).collect();
                self.types.tuple(&ts)
            }
            TypeKind::Function {
                suspend,
                receiver,
                params,
                ret,
            } => {
                let receiver = receiver.map(|r| self.resolve_type(r, ctx));
                let ps: Vec<Ty> = params
                    .iter()
                    .map(|p| self.resolve_type(&p.ty, ctx))
                    .collect();
                let ret = self.resolve_type(ret, ctx);
                self.types.func(receiver, &ps, ret, *suspend)
            }
            TypeKind::Simd { elem, lanes } => {
                let elem = self.resolve_type(elem, ctx);
                let n = self.const_arg(lanes, ctx, ty.span);
                self.types.intern(TyKind::Simd(elem, n))
            }
            TypeKind::Mask { lanes } => {
                let n = self.const_arg(lanes, ctx, ty.span);
                self.types.intern(TyKind::Mask(n))
            }
            TypeKind::SelfType => self.self_type(ctx).unwrap_or(Ty::ERROR),
            TypeKind::Error => Ty::ERROR,
        }
    }

    /// A const type argument: an integer literal, or a const type
    /// parameter in scope (`N` of `<const N: Int>`).
    pub(crate) fn const_arg(&mut self, e: &ast::Expr<'a>, ctx: DefId, span: Span) -> Ty {
        if let Some(n) = const_lanes(e) {
            return self.types.intern(TyKind::Const(n));
        }
        if let ast::ExprKind::Name(id) = &e.kind {
            let levels =
                self.lookup_scopes(ctx, id.name, |s, d| s.def(d).kind == DefKind::TypeParam);
            if let Some(&d) = levels.first().and_then(|l| l.first()) {
                return self.types.intern(TyKind::Param(d));
            }
        }
        let file = self.def(ctx).file;
        let d = Diagnostic::error(
            codes::CONST,
            "a lane count or const type argument must be an integer literal or a const parameter",
        )
        .primary(file, span, "not a constant")
        .help("write a number (`simd[Float, 4]`) or a `const` type parameter (`<const N: Int>`)");
        self.report(d);
        Ty::ERROR
    }

    /// `Self` inside a trait (a parameter standing for the implementer) or
    /// a class (the class itself).
    fn self_type(&mut self, ctx: DefId) -> Option<Ty> {
        let mut cur = Some(ctx);
        while let Some(d) = cur {
            match self.def(d).kind {
                DefKind::Class(ast::ClassKind::Trait) => {
                    return Some(self.types.intern(TyKind::Param(d)));
                }
                // a `@builtin` type stands for several (`Simd<T>` for every
                // `simd[T, N]`): `Self` is the receiver's own type
                DefKind::Class(_) if self.is_builtin(d) => {
                    return Some(self.types.intern(TyKind::Param(d)));
                }
                DefKind::Class(_) => return Some(self.declared_type(d)),
                _ => cur = self.def(d).parent,
            }
        }
        None
    }

    /// The type a class declares, with its own parameters as arguments
    /// (`List<T>` inside `List`).
    pub fn declared_type(&mut self, class: DefId) -> Ty {
        if let Some(&prim) = self.lang.prims.get(&class) {
            return prim;
        }
        let args: Vec<Ty> = self
            .def(class)
            .type_params
            .clone()
            .iter()
            .map(|t| self.types.intern(TyKind::Param(*t)))
            .collect();
        self.types.adt(class, &args)
    }

    fn resolve_path_type(
        &mut self,
        segments: &[ast::PathSegment<'a>],
        span: Span,
        ctx: DefId,
    ) -> Ty {
        let Some(def) = self.resolve_type_path(segments, ctx) else {
            return Ty::ERROR;
        };
        let last = &segments[segments.len() - 1];
        let args: Vec<Ty> = last
            .args
            .iter()
            .map(|a| match a {
                TypeArg::Type { ty, .. } => self.resolve_type(ty, ctx),
                TypeArg::Star(_) => Ty::ANY,
                TypeArg::Const(e) => self.const_arg(e, ctx, span),
            })
            .collect();
        self.instantiate_type(def, &args, span, ctx)
    }

    /// Resolves the definition a (possibly dotted) type path names.
    pub(crate) fn resolve_type_path(
        &mut self,
        segments: &[ast::PathSegment<'a>],
        ctx: DefId,
    ) -> Option<DefId> {
        let first = &segments[0];
        let file = self.def(ctx).file;
        let mut cur = match self.lookup_type(ctx, first.name.name) {
            Some(d) => d,
            None if segments.len() > 1 => match self.module_for_qualifier(ctx, first.name.name) {
                Some(m) => m,
                None => {
                    self.unresolved_type(ctx, first.name.name, first.name.span, file);
                    return None;
                }
            },
            None => {
                self.unresolved_type(ctx, first.name.name, first.name.span, file);
                return None;
            }
        };
        for seg in &segments[1..] {
            let next = self
                .members_named(cur, seg.name.name)
                .into_iter()
                .find(|d| {
                    matches!(
                        self.def(*d).kind,
                        DefKind::Class(_) | DefKind::TypeAlias | DefKind::Module
                    )
                });
            match next {
                Some(n) => cur = n,
                None => {
                    let what = self.path_of(cur);
                    let d = Diagnostic::error(
                        codes::UNRESOLVED_TYPE,
                        format!("`{what}` has no type named `{}`", seg.name.name),
                    )
                    .primary(file, seg.name.span, "not found")
                    .help(self.suggest(cur, seg.name.name));
                    self.report(d);
                    return None;
                }
            }
        }
        if self.def(cur).kind == DefKind::Module {
            let d = Diagnostic::error(
                codes::NOT_A_TYPE,
                format!("`{}` is a module, not a type", self.path_of(cur)),
            )
            .primary(file, segments[segments.len() - 1].name.span, "a module");
            self.report(d);
            return None;
        }
        Some(cur)
    }

    /// A module named `name` usable as the start of a qualified name: an
    /// imported module or a top-level module.
    pub(crate) fn module_for_qualifier(&mut self, ctx: DefId, name: &str) -> Option<DefId> {
        let levels = self.lookup_scopes(ctx, name, |s, d| s.def(d).kind == DefKind::Module);
        if let Some(l) = levels.first() {
            return Some(l[0]);
        }
        self.module_child(self.root, name)
    }

    fn unresolved_type(&mut self, ctx: DefId, name: &str, span: Span, file: seen_syntax::FileId) {
        let values = self.lookup_scopes(ctx, name, |s, d| !s.def(d).is_type());
        if let Some(&d) = values.first().and_then(|l| l.first()) {
            let what = match self.def(d).kind {
                DefKind::Fun => "a function",
                DefKind::Module => "a module",
                DefKind::EnumEntry => "an enum entry",
                _ => "a value",
            };
            let diag =
                Diagnostic::error(codes::NOT_A_TYPE, format!("`{name}` is {what}, not a type"))
                    .primary(file, span, "used as a type here")
                    .secondary(self.def(d).file, self.def(d).span, "declared here");
            self.report(diag);
            return;
        }
        let mut candidates: Vec<&str> = Vec::new();
        for m in &self.lang.prelude {
            candidates.extend(
                self.def(*m)
                    .members
                    .keys()
                    .copied()
                    .filter(|k| !k.is_empty()),
            );
        }
        let module = self.file_module_of(ctx);
        candidates.extend(self.def(module).members.keys().copied());
        let best = candidates
            .into_iter()
            .min_by_key(|k| edit_distance(k, name));
        let help = match best {
            Some(b) if edit_distance(b, name) <= name.len().max(2) / 3 + 1 => {
                format!("did you mean `{b}`?")
            }
            _ => "declare the type, or import it".to_string(),
        };
        let d = Diagnostic::error(codes::UNRESOLVED_TYPE, format!("unknown type `{name}`"))
            .primary(file, span, "not found in this scope")
            .help(help);
        self.report(d);
    }

    /// The type a type definition gives with `args`.
    pub(crate) fn instantiate_type(
        &mut self,
        def: DefId,
        args: &[Ty],
        span: Span,
        ctx: DefId,
    ) -> Ty {
        let d = self.def(def);
        let (kind, params) = (d.kind, d.type_params.clone());
        if let Some(&prim) = self.lang.prims.get(&def) {
            return prim;
        }
        if kind == DefKind::TypeParam {
            return self.types.intern(TyKind::Param(def));
        }
        if !matches!(kind, DefKind::Class(_) | DefKind::TypeAlias) {
            let file = self.def(ctx).file;
            let d = Diagnostic::error(
                codes::NOT_A_TYPE,
                format!("`{}` is not a type", self.def(def).name),
            )
            .primary(file, span, "used as a type here");
            self.report(d);
            return Ty::ERROR;
        }
        if params.len() != args.len() {
            let file = self.def(ctx).file;
            let name = self.def(def).name;
            let d = Diagnostic::error(
                codes::TYPE_ARGS,
                format!(
                    "`{name}` takes {} type argument(s), but {} were given",
                    params.len(),
                    args.len()
                ),
            )
            .primary(file, span, format!("expected {}", params.len()));
            self.report(d);
            return Ty::ERROR;
        }
        if kind == DefKind::TypeAlias {
            let target = self.alias_target(def);
            let map: FxHashMap<DefId, Ty> =
                params.iter().copied().zip(args.iter().copied()).collect();
            return self.types.subst(target, &map);
        }
        self.types.adt(def, args)
    }
}

/// The number of lanes of `simd[T, N]`, when `N` is an integer literal.
fn const_lanes(e: &ast::Expr<'_>) -> Option<i64> {
    match e.kind {
        ast::ExprKind::Int(lit) => i64::try_from(lit.value).ok(),
        ast::ExprKind::Paren(inner) => const_lanes(inner),
        _ => None,
    }
}

/// Levenshtein distance, for "did you mean".
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
