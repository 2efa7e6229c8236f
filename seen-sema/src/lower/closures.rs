//! Lambdas and anonymous functions as values (closures).
//!
//! A function value is the tuple `{ptr, ref}`: the code and an
//! environment object holding what the lambda captured (values of `let`s,
//! `this`, and for `var`s a *cell*, an object holding the variable, shared
//! with the function that declared it). The code is an IR function
//! `(env, params...) -> result`; a call of a function value is a
//! `call_indirect`. Which `var`s need cells is decided before a body is
//! lowered: those that a lambda becoming a value mentions (a lambda
//! passed to an `inline` function is expanded in place instead).

use rustc_hash::FxHashSet;
use seen_ir::{Linkage, Signature, Type, TypeId, Value};
use seen_syntax::{FileId, Span, ast};

use super::body::{Fl, Op};
use super::{Inst, InstKind, walk};
use crate::check::{LocalKind, Res, key};
use crate::defs::DefId;
use crate::ty::{Ty, TyKind};

/// Where a scan starts.
#[derive(Clone, Copy)]
enum Root<'a> {
    Block(&'a ast::Block<'a>),
    Expr(&'a ast::Expr<'a>),
}

impl<'a> Root<'a> {
    fn span(self) -> Span {
        match self {
            Root::Block(b) => b.span,
            Root::Expr(e) => e.span,
        }
    }

    fn walk(self, f: &mut dyn FnMut(&'a ast::Expr<'a>) -> bool) {
        match self {
            Root::Block(b) => walk::block(b, &mut &mut *f),
            Root::Expr(e) => walk::expr(e, &mut &mut *f),
        }
    }
}

/// The code of a function value.
#[derive(Clone, Copy)]
pub(crate) enum LambdaBody<'a> {
    Lambda(&'a ast::Lambda<'a>),
    Fun(&'a ast::FunDecl<'a>),
}

impl LambdaBody<'_> {
    fn span(&self) -> Span {
        match self {
            LambdaBody::Lambda(l) => l.span,
            LambdaBody::Fun(f) => match &f.body {
                Some(ast::FunBody::Block(b)) => b.span,
                Some(ast::FunBody::Expr(e)) => e.span,
                None => f.name.span,
            },
        }
    }
}

/// One captured local: where it is declared, its field in the
/// environment, and its cell type when it is a shared `var`.
#[derive(Clone)]
pub(crate) struct Capture {
    pub site: (FileId, u32),
    pub field: u32,
    pub cell: Option<(TypeId, Type)>,
}

/// What the code of a lambda needs to be lowered.
#[derive(Clone)]
pub(crate) struct LambdaInfo<'a> {
    pub body: LambdaBody<'a>,
    pub file: FileId,
    pub fn_ty: Ty,
    pub env: TypeId,
    pub captured: Vec<Capture>,
    /// The local functions it calls, each with its field.
    pub local_funs: Vec<(DefId, u32)>,
    pub this: Option<(u32, Ty)>,
    pub map: rustc_hash::FxHashMap<DefId, Ty>,
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// Finds the `var`s of `block` that lambdas becoming values mention:
    /// they live in cells.
    pub fn scan_cells(&mut self, block: &'a ast::Block<'a>) {
        self.scan_root(Root::Block(block));
    }

    /// [`Fl::scan_cells`] for an expression body.
    pub fn scan_cells_expr(&mut self, e: &'a ast::Expr<'a>) {
        self.scan_root(Root::Expr(e));
    }

    fn scan_root(&mut self, root: Root<'a>) {
        let mut found: FxHashSet<(FileId, u32)> = FxHashSet::default();
        let file = self.file;
        let s = &*self.cx.s;
        let mut value_lambdas: Vec<Span> = Vec::new();
        let mut inline_lambdas: FxHashSet<u32> = FxHashSet::default();
        root.walk(&mut |e| {
            match &e.kind {
                ast::ExprKind::Call { callee, args, trailing, .. } => {
                    let res = s.typeck.res.get(&key(e)).or_else(|| s.typeck.res.get(&key(*callee)));
                    let inline = matches!(res, Some(Res::Def(d)) if s.def(*d).item().is_some_and(|i| i.has(ast::ModifierKind::Inline)));
                    if inline {
                        for a in *args {
                            if let ast::ExprKind::Lambda(l) = a.value.kind {
                                inline_lambdas.insert(l.span.start);
                            }
                        }
                        if let Some(l) = trailing {
                            inline_lambdas.insert(l.span.start);
                        }
                    } else if let Some(l) = trailing {
                        value_lambdas.push(l.span);
                    }
                }
                ast::ExprKind::Lambda(l) if !inline_lambdas.contains(&l.span.start) => value_lambdas.push(l.span),
                ast::ExprKind::AnonFun(_) => value_lambdas.push(e.span),
                _ => {}
            }
            true
        });
        // local functions and classes capture as function values do
        let span = root.span();
        value_lambdas.extend(s.local_scopes.keys().filter_map(|&d| {
            let def = s.def(d);
            let at = def.item()?.span;
            (matches!(
                def.kind,
                crate::defs::DefKind::Fun | crate::defs::DefKind::Class(_)
            ) && def.file == file
                && at.start >= span.start
                && at.end <= span.end)
                .then_some(at)
        }));
        let mut visit = |e: &'a ast::Expr<'a>| {
            if let ast::ExprKind::Name(_) = e.kind
                && let Some(Res::Local(l)) = s.typeck.res.get(&key(e))
            {
                let info = &s.typeck.locals[l.0 as usize];
                let inside = |sp: &Span| e.span.start >= sp.start && e.span.end <= sp.end;
                let outside = |sp: &Span| info.span.start < sp.start || info.span.start >= sp.end;
                if info.kind == LocalKind::Var
                    && info.file == file
                    && value_lambdas.iter().any(|sp| inside(sp) && outside(sp))
                {
                    found.insert((info.file, info.span.start));
                }
            }
            true
        };
        root.walk(&mut visit);
        // the bodies of local classes (and object expressions) written here
        for &d in s.local_scopes.keys() {
            let def = s.def(d);
            if let Some(item) = def.item()
                && let ast::ItemKind::Class(c) = &item.kind
                && def.file == file
                && item.span.start >= span.start
                && item.span.end <= span.end
            {
                super::captures::walk_class(c, &mut visit);
            }
        }
        self.cells.extend(found);
    }

    /// The cell object type of a variable of IR type `t`.
    pub fn cell_type(&mut self, t: Type) -> Option<TypeId> {
        let name = format!("cell.{}", self.b.module().display_type(t));
        let m = self.b.module_mut();
        if let Some(id) = m.type_by_name(&name) {
            return Some(id);
        }
        m.try_declare_object(&name, &[t], None).ok()
    }

    /// A lambda or anonymous function as a value.
    pub fn closure(&mut self, e: &'a ast::Expr<'a>, body: LambdaBody<'a>) -> Option<Op> {
        let fn_ty = self.ty_of(e);
        self.closure_typed(fn_ty, body, e.span)
    }

    /// A lambda of function type `fn_ty` as a value.
    pub fn closure_typed(&mut self, fn_ty: Ty, body: LambdaBody<'a>, at: Span) -> Option<Op> {
        let fn_ty = self.cx.s.types.non_null(fn_ty);
        let e_span = at;
        let TyKind::Fn(f) = self.cx.s.types.kind(fn_ty).clone() else {
            return self.unsupported(e_span, "this function value");
        };
        if f.receiver.is_some() {
            return self.unsupported(e_span, "a function value with a receiver");
        }
        let span = body.span();
        // what the body mentions from outside it: locals, and the local
        // functions of this scope it calls
        let mut sites: Vec<(FileId, u32)> = Vec::new();
        let mut funs: Vec<DefId> = Vec::new();
        {
            let s = &*self.cx.s;
            let known = &self.local_funs;
            let mut visit = |x: &'a ast::Expr<'a>| {
                if let ast::ExprKind::Call { callee, .. } = &x.kind
                    && let Some(Res::Def(d)) = s
                        .typeck
                        .res
                        .get(&key(x))
                        .or(s.typeck.res.get(&key(*callee)))
                    && known.contains_key(d)
                    && !funs.contains(d)
                {
                    funs.push(*d);
                }
                if let ast::ExprKind::Name(_) = x.kind
                    && let Some(Res::Local(l)) = s.typeck.res.get(&key(x))
                {
                    let info = &s.typeck.locals[l.0 as usize];
                    let outside = info.span.start < span.start || info.span.start >= span.end;
                    let site = (info.file, info.span.start);
                    if outside && !sites.contains(&site) {
                        sites.push(site);
                    }
                }
                true
            };
            match body {
                LambdaBody::Lambda(l) => walk::block(&l.body, &mut visit),
                LambdaBody::Fun(fun) => match &fun.body {
                    Some(ast::FunBody::Block(b)) => walk::block(b, &mut visit),
                    Some(ast::FunBody::Expr(x)) => walk::expr(x, &mut visit),
                    None => {}
                },
            }
        }
        let mut fields = Vec::new();
        let mut values = Vec::new();
        let mut captured = Vec::new();
        for site in sites {
            let Some(&var) = self.vars.get(&(site.0, site.1, self.tag)) else {
                continue;
            };
            let v = self.b.use_var(var);
            let t = self.b.func().value_type(v);
            captured.push(Capture {
                site,
                field: fields.len() as u32,
                cell: self.cell_vars.get(&var).copied(),
            });
            fields.push(t);
            values.push(v);
        }
        let mut local_funs = Vec::new();
        for d in funs {
            let Some(&var) = self.local_funs.get(&d) else {
                continue;
            };
            let v = self.b.use_var(var);
            local_funs.push((d, fields.len() as u32));
            fields.push(self.b.func().value_type(v));
            values.push(v);
        }
        let this = self.this.map(|(v, t)| {
            let field = fields.len() as u32;
            fields.push(self.b.func().value_type(v));
            values.push(v);
            (field, t)
        });
        // a fresh name (two closures may be made before a new function is)
        let mut n = self.cx.funcs.len();
        while self.b.module().type_by_name(&format!("env.{n}")).is_some() {
            n += 1;
        }
        let env_name = format!("env.{n}");
        let env = match self
            .b
            .module_mut()
            .try_declare_object(&env_name, &fields, None)
        {
            Ok(id) => id,
            Err(err) => return self.unsupported(e_span, format!("this lambda ({err})")),
        };
        let mut params = vec![Type::Ref];
        for p in f.params.iter() {
            match self.ir(*p) {
                Ok(Some(t)) => params.push(t),
                Ok(None) => {}
                Err(what) => return self.unsupported(e_span, what),
            }
        }
        let ret = match self.ir(f.ret) {
            Ok(t) => t.unwrap_or(Type::Void),
            Err(what) => return self.unsupported(e_span, what),
        };
        let mut subst: Vec<(DefId, Ty)> = self.map.iter().map(|(k, v)| (*k, *v)).collect();
        subst.sort_by_key(|(k, _)| *k);
        let inst = Inst {
            def: self.inst.def,
            kind: InstKind::Lambda {
                file: self.file.0,
                start: span.start,
            },
            subst,
            this: None,
        };
        let func = match self.cx.funcs.get(&inst) {
            Some(&f) => f,
            None => {
                let name = format!(
                    "{}.<lambda@{}>",
                    self.cx.s.path_of(self.inst.def),
                    span.start
                );
                let mut unique = name.clone();
                let mut k = 1;
                while self.b.module().symbol(&unique).is_some() {
                    k += 1;
                    unique = format!("{name}#{k}");
                }
                let id = self.b.module_mut().declare_function(
                    &unique,
                    Signature::new(params, ret),
                    Linkage::Local,
                );
                self.cx.funcs.insert(inst.clone(), id);
                self.cx.lambda_infos.insert(
                    inst.clone(),
                    LambdaInfo {
                        body,
                        file: self.file,
                        fn_ty,
                        env,
                        captured,
                        local_funs,
                        this,
                        map: self.map.clone(),
                    },
                );
                self.cx.queue.push(inst);
                id
            }
        };
        let env_obj = self.b.ins().alloc(env);
        for (i, v) in values.into_iter().enumerate() {
            self.retain_value(v);
            self.b.ins().field_set(env, env_obj, i as u32, v);
        }
        let code = self.b.ins().func_addr(func);
        let tuple = self.b.module_mut().tuple(&[Type::Ptr, Type::Ref]);
        let v = self.b.ins().struct_new(tuple, &[code, env_obj]);
        Some(Op { v, owned: true })
    }

    /// `f(x)` where `f` is a value of function type (a local, a property,
    /// any expression), with an optional trailing lambda.
    pub fn call_fn_value(
        &mut self,
        e: &'a ast::Expr<'a>,
        callee: &'a ast::Expr<'a>,
        args: &'a [ast::Arg<'a>],
        trailing: Option<&'a ast::Lambda<'a>>,
    ) -> Option<Op> {
        // `f.invoke(x)`: the only member of a function type
        let callee = match &callee.kind {
            ast::ExprKind::Member { receiver, .. }
                if !self.cx.s.typeck.res.contains_key(&key(callee)) =>
            {
                let rt = self.ty_of(receiver);
                let rt = self.cx.s.types.non_null(rt);
                if matches!(self.cx.s.types.kind(rt), TyKind::Fn(_)) {
                    &**receiver
                } else {
                    callee
                }
            }
            _ => callee,
        };
        let fn_ty = self.ty_of(callee);
        let fn_ty = self.cx.s.types.non_null(fn_ty);
        // the checker may record only the call's type: the callee's from
        // what it names
        let fn_ty = if matches!(self.cx.s.types.kind(fn_ty), TyKind::Fn(_)) {
            fn_ty
        } else {
            match self.cx.s.typeck.res.get(&key(callee)).copied() {
                Some(Res::Local(l)) => self.local_ty(l),
                Some(Res::Def(d)) if self.cx.s.def(d).kind == crate::defs::DefKind::Property => {
                    let t = self.cx.s.property_type(d);
                    self.subst(t)
                }
                _ => fn_ty,
            }
        };
        let fn_ty = self.cx.s.types.non_null(fn_ty);
        let f = self.expr(callee)?;
        let mut values = Vec::new();
        for a in args {
            values.push(self.expr(&a.value)?);
        }
        if let Some(l) = trailing {
            let TyKind::Fn(ft) = self.cx.s.types.kind(fn_ty).clone() else {
                return self.unsupported(e.span, "a call of this value");
            };
            let last = *ft.params.last()?;
            values.push(self.closure_typed(last, LambdaBody::Lambda(l), l.span)?);
        }
        let r = self.call_value(f, fn_ty, &values, e.span);
        for v in values {
            self.drop_op(Some(v));
        }
        self.drop_op(Some(f));
        let site = self.site(e);
        self.call_result(&site, r?)
    }

    /// `::f` of a generic local function: its function value for the type
    /// arguments the reference's function type gives.
    fn generic_local_ref(&mut self, e: &'a ast::Expr<'a>, d: DefId) -> Option<Op> {
        let Some(ast::ItemKind::Fun(fun)) = self.cx.s.def(d).item().map(|i| &i.kind) else {
            return self.unsupported(e.span, "a reference to this local function here");
        };
        let sig = self.cx.s.signature(d);
        let want = self.ty_of(e);
        let want = self.cx.s.types.non_null(want);
        let TyKind::Fn(ft) = self.cx.s.types.kind(want).clone() else {
            return self.unsupported(e.span, "a reference to this local function here");
        };
        let mut map = rustc_hash::FxHashMap::default();
        for (p, &a) in sig.params.iter().zip(ft.params.iter()) {
            self.match_type(p.ty, a, &mut map);
        }
        self.match_type(sig.ret, ft.ret, &mut map);
        let saved = self.map.clone();
        for &tp in &sig.type_params {
            let Some(&t) = map.get(&tp) else {
                self.map = saved;
                return self.unsupported(e.span, "a reference to this generic function");
            };
            self.map.insert(tp, t);
        }
        let v = self.closure_typed(want, LambdaBody::Fun(fun), e.span);
        self.map = saved;
        v
    }

    /// Binds the type parameters in `pattern` to the parts of `actual` in
    /// the same places.
    fn match_type(&self, pattern: Ty, actual: Ty, map: &mut rustc_hash::FxHashMap<DefId, Ty>) {
        let types = &self.cx.s.types;
        match (types.kind(pattern), types.kind(actual)) {
            (TyKind::Param(p), _) => {
                map.entry(*p).or_insert(actual);
            }
            (TyKind::Nullable(a), TyKind::Nullable(b)) => self.match_type(*a, *b, map),
            (TyKind::Adt(x, xs), TyKind::Adt(y, ys)) if x == y => {
                for (&a, &b) in xs.iter().zip(ys.iter()) {
                    self.match_type(a, b, map);
                }
            }
            (TyKind::Tuple(xs), TyKind::Tuple(ys)) => {
                for (&a, &b) in xs.iter().zip(ys.iter()) {
                    self.match_type(a, b, map);
                }
            }
            (TyKind::Fn(f), TyKind::Fn(g)) => {
                for (&a, &b) in f.params.iter().zip(g.params.iter()) {
                    self.match_type(a, b, map);
                }
                self.match_type(f.ret, g.ret, map);
            }
            _ => {}
        }
    }

    /// `::f`: a function value whose code calls `f` (no environment).
    pub fn fun_ref(&mut self, e: &'a ast::Expr<'a>) -> Option<Op> {
        let Some(Res::Def(d)) = self.cx.s.typeck.res.get(&key(e)).copied() else {
            return self.unsupported(e.span, "this function reference");
        };
        if let Some(&var) = self.local_funs.get(&d) {
            // `::f` of a local function: its value
            return Some(Op::scalar(self.load_var(var)));
        }
        if self.cx.s.local_scopes.contains_key(&d) {
            return self.generic_local_ref(e, d);
        }
        let sig = self.cx.s.signature(d);
        let ctor = matches!(self.cx.s.def(d).kind,
            crate::defs::DefKind::Class(k) if k != ast::ClassKind::Object)
            && self.cx.s.def(d).type_params.is_empty();
        if sig.receiver.is_some() || (self.cx.s.def(d).kind != crate::defs::DefKind::Fun && !ctor) {
            return self.unsupported(e.span, "a reference to this function");
        }
        // a generic function's type arguments, from the function type the
        // reference has (`::identity` as an `(Int) -> Int`)
        let mut subst: Vec<(DefId, Ty)> = Vec::new();
        if !sig.type_params.is_empty() {
            let want = self.ty_of(e);
            let want = self.cx.s.types.non_null(want);
            let TyKind::Fn(ft) = self.cx.s.types.kind(want).clone() else {
                return self.unsupported(e.span, "a reference to this function");
            };
            let mut map = rustc_hash::FxHashMap::default();
            for (p, &a) in sig.params.iter().zip(ft.params.iter()) {
                self.match_type(p.ty, a, &mut map);
            }
            self.match_type(sig.ret, ft.ret, &mut map);
            for &tp in &sig.type_params {
                let Some(&t) = map.get(&tp) else {
                    return self.unsupported(e.span, "a reference to this generic function");
                };
                subst.push((tp, t));
            }
            subst.sort_by_key(|(p, _)| *p);
        }
        let inst = Inst {
            def: d,
            kind: InstKind::FunRef,
            subst,
            this: None,
        };
        let f = self.cx.instance(self.b.module_mut(), inst);
        let Some(f) = f else {
            self.stop();
            return None;
        };
        let code = self.b.ins().func_addr(f);
        let env = self.b.ins().null();
        let tuple = self.b.module_mut().tuple(&[Type::Ptr, Type::Ref]);
        Some(Op {
            v: self.b.ins().struct_new(tuple, &[code, env]),
            owned: false,
        })
    }

    /// The code of `::f`: `f` called with the parameters after the
    /// environment.
    pub fn fun_ref_body(&mut self, params: Vec<Value>) {
        let d = self.inst.def;
        let span = self.cx.s.def(d).span;
        let args: Vec<Op> = params.into_iter().skip(1).map(Op::scalar).collect();
        // `::Item`: the class's constructor
        let target = if matches!(self.cx.s.def(d).kind, crate::defs::DefKind::Class(_)) {
            Inst {
                def: d,
                kind: InstKind::New,
                subst: Vec::new(),
                this: Some(self.cx.s.declared_type(d)),
            }
        } else {
            Inst {
                kind: InstKind::Fun,
                ..self.inst.clone()
            }
        };
        let Some(Some(r)) = self.call_inst(target, None, &args, span) else {
            if !self.dead {
                self.b.ins().ret(None);
                self.end_block();
            }
            return;
        };
        self.b.ins().ret(Some(r));
        self.end_block();
    }

    /// Calls a function value with evaluated arguments.
    pub fn call_value(
        &mut self,
        f: Op,
        fn_ty: Ty,
        args: &[Op],
        span: Span,
    ) -> Option<Option<Value>> {
        let TyKind::Fn(ft) = self.cx.s.types.kind(fn_ty).clone() else {
            self.unsupported(span, "a call of this value");
            return None;
        };
        let mut params = vec![Type::Ref];
        for p in ft.params.iter() {
            if let Ok(Some(t)) = self.ir(*p) {
                params.push(t);
            }
        }
        let ret = match self.ir(ft.ret) {
            Ok(t) => t.unwrap_or(Type::Void),
            Err(what) => {
                self.unsupported(span, what);
                return None;
            }
        };
        let code = self.b.ins().extract(f.v, 0);
        let env = self.b.ins().extract(f.v, 1);
        let mut values = vec![env];
        for (a, want) in args.iter().zip(params.iter().skip(1)) {
            values.push(self.fit(*a, *want, span)?.v);
        }
        let sig = self.b.import_signature(Signature::new(params, ret));
        Some(self.b.ins().call_indirect(sig, code, &values))
    }

    /// The body of a lambda's code: the environment opened, the
    /// parameters bound, the body lowered.
    pub fn lambda_body(&mut self, params: Vec<Value>) {
        let Some(info) = self.cx.lambda_infos.get(&self.inst).cloned() else {
            return;
        };
        self.file = info.file;
        self.map = info.map.clone();
        let mut values = params.into_iter();
        let Some(env) = values.next() else { return };
        for c in &info.captured {
            let v = self.b.ins().field_get(info.env, env, c.field);
            let t = self.b.func().value_type(v);
            let var = self.b.declare_var(t);
            self.b.def_var(var, v);
            if let Some(cell) = c.cell {
                self.cell_vars.insert(var, cell);
            }
            self.vars.insert((c.site.0, c.site.1, self.tag), var);
        }
        for &(d, field) in &info.local_funs {
            let v = self.b.ins().field_get(info.env, env, field);
            let var = self.b.declare_var(self.b.func().value_type(v));
            self.b.def_var(var, v);
            self.local_funs.insert(d, var);
        }
        if let Some((field, ty)) = info.this {
            let v = self.b.ins().field_get(info.env, env, field);
            self.this = Some((v, ty));
        }
        let TyKind::Fn(ft) = self.cx.s.types.kind(info.fn_ty).clone() else {
            return;
        };
        match info.body {
            LambdaBody::Lambda(l) => {
                self.scan_cells(&l.body);
                self.declare_locals(l.span);
                match l.params {
                    Some(ps) => {
                        for (p, t) in ps.iter().zip(ft.params.iter()) {
                            let t = self.subst(*t);
                            if let Some(v) = values.next() {
                                self.bind_pattern(&p.pattern, Op::scalar(v), t);
                            }
                        }
                    }
                    None => {
                        if let (Some(&local), Some(v)) = (
                            self.cx.locals_at.get(&(info.file, l.span.start)),
                            values.next(),
                        ) {
                            let t = self.local_ty(local);
                            if let Ok(Some(it)) = self.ir(t) {
                                let var = self.var_for(local, it);
                                self.store_var(var, it, Op::scalar(v));
                            }
                        }
                    }
                }
                let v = self.block(&l.body);
                let v = if ft.ret == Ty::UNIT { None } else { v };
                if !self.dead {
                    self.ret(v);
                }
            }
            LambdaBody::Fun(fun) => {
                self.enter_local_fun(fun, env);
                self.bind_params(fun.params, &mut values);
                match &fun.body {
                    Some(ast::FunBody::Block(b)) => {
                        self.scan_cells(b);
                        self.declare_locals(b.span);
                        self.block(b);
                        self.finish_unit();
                    }
                    Some(ast::FunBody::Expr(x)) => {
                        self.declare_locals(x.span);
                        let v = self.expr(x);
                        if !self.dead {
                            self.ret(v);
                        }
                    }
                    None => {}
                }
            }
        }
    }
}
