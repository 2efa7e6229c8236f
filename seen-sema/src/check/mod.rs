//! Checking bodies: expressions, statements and the flow facts between
//! them.
//!
//! [`Cx`] checks one body (a function, an initialiser, a property
//! accessor) bidirectionally: `expr(e, expected)` computes the type of
//! `e` using the expected type where there is one (literals, lambdas,
//! generic calls). Results go to [`Results`], keyed by the address of each
//! node in the arena: the type of every expression and what every name
//! refers to. Flow facts ([`flow::Flow`]) carry smart casts, definite
//! assignment and reachability through the body.

mod calls;
mod control;
mod exprs;
mod flow;
pub(crate) mod members;
mod relate;
mod stmts;
mod when;

use rustc_hash::{FxHashMap, FxHashSet};
use seen_syntax::ast::{self, ItemKind};
use seen_syntax::{Diagnostic, FileId, Severity, Span};

use crate::Sema;
use crate::defs::{DefId, DefKind, Node};
use crate::ty::Ty;

pub(crate) use flow::Flow;

/// A local variable, parameter or pattern binding.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct LocalId(pub u32);

/// What kind of binding a local is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LocalKind {
    /// A function parameter.
    Param,
    /// `let`
    Let,
    /// `var`
    Var,
    /// A `for` loop variable or destructured part (never "unused": as in
    /// Kotlin, a loop may count without reading its variable).
    Loop,
    /// A name bound by a pattern or `when (let x = ...)`.
    Pattern,
    /// A lambda parameter (`it` included).
    LambdaParam,
    /// The error bound by `catch`.
    Catch,
}

/// A local's facts.
#[derive(Clone, Debug)]
pub struct LocalInfo {
    /// Its name.
    pub name: String,
    /// Its declared or inferred type.
    pub ty: Ty,
    /// What declared it.
    pub kind: LocalKind,
    /// Where.
    pub file: FileId,
    /// Where its name is written.
    pub span: Span,
    /// Whether it is read anywhere.
    pub used: bool,
}

/// What a name or member refers to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Res {
    /// A local.
    Local(LocalId),
    /// A declaration.
    Def(DefId),
}

/// What checking the bodies found.
#[derive(Debug, Default)]
pub struct Results {
    /// The type of each expression, by node address.
    pub expr_types: FxHashMap<usize, Ty>,
    /// What each name, member and call refers to, by node address.
    pub res: FxHashMap<usize, Res>,
    /// Every local.
    pub locals: Vec<LocalInfo>,
    /// The chosen callee's instantiation at each call, by the call's node
    /// address: what lowering monomorphises with.
    pub calls: FxHashMap<usize, CallInfo>,
    /// Definitions whose body has been checked.
    pub(crate) checked: FxHashSet<DefId>,
}

/// What the checker decided at one call.
#[derive(Clone, Debug, Default)]
pub struct CallInfo {
    /// The callee's own type arguments, in the order of its type
    /// parameters (inferred or written).
    pub type_args: Vec<Ty>,
    /// For each parameter, the positions of the arguments given for it
    /// (empty: its default; several: a vararg). A trailing lambda is the
    /// last argument.
    pub slots: Vec<Vec<usize>>,
}

/// The key of a node in [`Results`].
pub fn key<T>(node: &T) -> usize {
    node as *const T as usize
}

/// The key of a compound assignment's operator call (`a += b` calling
/// `operator fun +` or `+=`): its operator's address, since the
/// assignment's own address may be its target's.
pub fn op_key(a: &ast::Assign<'_>) -> usize {
    key(&a.op)
}

/// A function or lambda being checked.
#[derive(Clone, Debug)]
pub(crate) struct Frame<'a> {
    /// The expected result (`None`: infer from `return`s).
    pub ret: Option<Ty>,
    /// Types returned, when inferring.
    pub returns: Vec<Ty>,
    /// `return@label` names this frame (a lambda's label or the function
    /// it is passed to).
    pub label: Option<&'a str>,
    /// Whether a bare `return` may leave through this frame (a lambda
    /// passed to an `inline` function); `false` for a function.
    pub transparent: bool,
    /// Whether this is a function (a bare `return` stops here).
    pub is_fun: bool,
    /// `field` inside an accessor: the property.
    pub field: Option<DefId>,
    /// Whether it may call `suspend` functions (a `suspend fun`, a
    /// `suspend` lambda).
    pub suspend: bool,
}

/// A loop being checked.
#[derive(Clone, Debug)]
pub(crate) struct LoopFrame<'a> {
    pub label: Option<&'a str>,
    /// The frame count when the loop started (a loop outside the current
    /// lambda cannot be broken from inside it).
    pub frame_depth: usize,
    /// Whether a `break` leaves it.
    pub broken: bool,
}

/// The `catch` clauses of a `try` block being checked.
#[derive(Clone, Debug)]
pub(crate) struct CatchFrame {
    /// The frame count at the `try` (a lambda inside cannot jump to the
    /// handler).
    pub frame_depth: usize,
    /// The error types caught (`None`: every error).
    pub types: Vec<Option<Ty>>,
}

/// The checker of one body.
pub(crate) struct Cx<'s, 'a> {
    pub s: &'s mut Sema<'a>,
    /// The declaration that gives names their scope.
    pub owner: DefId,
    pub file: FileId,
    scopes: Vec<Vec<(&'a str, LocalId)>>,
    /// Inference variables and what they are bound to.
    pub vars: Vec<Option<Ty>>,
    pub flow: Flow,
    pub frames: Vec<Frame<'a>>,
    pub loops: Vec<LoopFrame<'a>>,
    /// Implicit receivers (`this` of the class, of receiver lambdas),
    /// innermost last.
    pub receivers: Vec<Ty>,
    /// While probing (trying an overload), problems are counted, not
    /// reported.
    pub probing: u32,
    pub probe_errors: u32,
    /// The target type of each `is` expression, for smart casts.
    pub is_targets: FxHashMap<usize, Ty>,
    /// `var` locals that a lambda assigns (never smart-cast).
    pub captured_vars: FxHashSet<LocalId>,
    /// The class whose `init` block or constructor is being checked (its
    /// `let` properties may be assigned there).
    pub in_init: Option<DefId>,
    /// The label the next lambda argument gets (the called function's
    /// name, for `return@forEach`).
    pub lambda_label_hint: Option<&'a str>,
    /// Whether the next lambda argument goes to an `inline` function.
    pub lambda_transparent: Option<bool>,
    /// Expressions whose value is discarded (statements).
    pub discarded: FxHashSet<usize>,
    /// Whether the next block's value is discarded.
    pub discard_last: bool,
    /// Enclosing `try { } catch` blocks.
    pub catches: Vec<CatchFrame>,
    /// How many `unsafe { }` blocks enclose the code being checked.
    pub(crate) unsafe_depth: u32,
    /// Arms of the `when` being checked that cover part of a case: the
    /// case, its field's type and what the nested pattern covers.
    pub(crate) when_partials: Vec<(DefId, Ty, when::Cover)>,
    /// Bindings to undo when a trial is rolled back: (variable, old value).
    pub undo: Vec<(u32, Option<Ty>)>,
    /// How many trials are open.
    pub open_snapshots: u32,
    /// Expressions and calls recorded by this checker, and the first
    /// local it declared: their types are resolved when it finishes.
    recorded: Vec<usize>,
    first_local: usize,
}

impl Drop for Cx<'_, '_> {
    /// Replaces the inference variables in everything this body recorded
    /// by what they were bound to, so that tools and lowering read final
    /// types.
    fn drop(&mut self) {
        for k in std::mem::take(&mut self.recorded) {
            if let Some(&t) = self.s.typeck.expr_types.get(&k)
                && self.s.types.has_vars(t)
            {
                let t = self.resolve(t);
                self.s.typeck.expr_types.insert(k, t);
            }
            if let Some(mut info) = self.s.typeck.calls.remove(&k) {
                for t in &mut info.type_args {
                    *t = self.resolve(*t);
                }
                self.s.typeck.calls.insert(k, info);
            }
        }
        for i in self.first_local..self.s.typeck.locals.len() {
            let t = self.s.typeck.locals[i].ty;
            if self.s.types.has_vars(t) {
                self.s.typeck.locals[i].ty = self.resolve(t);
            }
        }
    }
}

impl<'s, 'a> Cx<'s, 'a> {
    pub(crate) fn new(s: &'s mut Sema<'a>, owner: DefId) -> Self {
        let file = s.def(owner).file;
        let first_local = s.typeck.locals.len();
        let mut cx = Cx {
            s,
            owner,
            file,
            scopes: vec![Vec::new()],
            vars: Vec::new(),
            flow: Flow::default(),
            frames: Vec::new(),
            loops: Vec::new(),
            receivers: Vec::new(),
            probing: 0,
            probe_errors: 0,
            is_targets: FxHashMap::default(),
            captured_vars: FxHashSet::default(),
            in_init: None,
            lambda_label_hint: None,
            lambda_transparent: None,
            discarded: FxHashSet::default(),
            discard_last: false,
            catches: Vec::new(),
            undo: Vec::new(),
            when_partials: Vec::new(),
            unsafe_depth: 0,
            recorded: Vec::new(),
            first_local,
            open_snapshots: 0,
        };
        cx.seed_captured_scope(owner);
        cx.push_class_receivers(owner);
        cx.declare_ctor_params(owner);
        cx
    }

    /// A property initialiser sees its class's primary-constructor
    /// parameters.
    fn declare_ctor_params(&mut self, owner: DefId) {
        if !matches!(self.s.def(owner).kind, DefKind::Property | DefKind::Field) {
            return;
        }
        let Some(class) = self.s.def(owner).parent else {
            return;
        };
        let Some(ItemKind::Class(c)) = self.s.def(class).item().map(|i| &i.kind) else {
            return;
        };
        let Some(ctor) = &c.ctor else { return };
        for p in ctor.params {
            let t =
                p.ty.as_ref()
                    .map_or(Ty::ERROR, |t| self.s.resolve_type(t, class));
            self.declare(p.name.name, t, LocalKind::Param, p.name.span);
        }
    }

    /// A local declaration (a local function or class) sees the locals in
    /// scope where it is declared.
    fn seed_captured_scope(&mut self, owner: DefId) {
        let mut cur = Some(owner);
        while let Some(d) = cur {
            if let Some(scope) = self.s.local_scopes.get(&d) {
                self.scopes.insert(0, scope.clone());
                return;
            }
            cur = self.s.def(d).parent;
        }
    }

    /// Collects a declaration met inside a body and checks it and what it
    /// declares; it sees the locals in scope here.
    pub(crate) fn local_item(&mut self, item: &'a ast::Item<'a>) -> Option<DefId> {
        let def = self.s.collect_item(item, self.owner)?;
        let visible: Vec<(&'a str, LocalId)> = self.scopes.iter().flatten().copied().collect();
        self.s.local_scopes.insert(def, visible);
        let end = self.s.defs.len();
        for i in def.0 as usize..end {
            self.s.check_def(DefId(i as u32));
        }
        Some(def)
    }

    /// `this` of every enclosing class (inner classes see their outer
    /// instance), outermost first.
    fn push_class_receivers(&mut self, owner: DefId) {
        let mut chain = Vec::new();
        let mut cur = Some(owner);
        while let Some(d) = cur {
            let def = self.s.def(d);
            if matches!(def.kind, DefKind::Class(_)) {
                chain.push(d);
                let inner = def.has(ast::ModifierKind::Inner);
                if !inner {
                    break;
                }
            }
            if def.kind == DefKind::Extension {
                if let Some(ItemKind::Extension(e)) = def.item().map(|i| &i.kind) {
                    let t = self.s.resolve_type(&e.ty, d);
                    self.receivers.insert(0, t);
                }
                break;
            }
            cur = def.parent;
        }
        for class in chain.into_iter().rev() {
            let t = self.s.declared_type(class);
            self.receivers.push(t);
        }
    }

    // ---- reporting ------------------------------------------------------

    /// An error with its primary label in this body's file.
    pub(crate) fn err(
        &self,
        code: &'static str,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, message).primary(self.file, span, label)
    }

    /// Reports a problem (only counted while probing).
    pub(crate) fn emit(&mut self, d: Diagnostic) {
        if self.probing > 0 {
            if d.severity == Severity::Error {
                self.probe_errors += 1;
            }
            return;
        }
        self.s.report(d);
    }

    // ---- locals and scopes ------------------------------------------------

    pub(crate) fn push_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    /// Leaves a scope, warning about its unused locals.
    pub(crate) fn pop_scope(&mut self) {
        let Some(scope) = self.scopes.pop() else {
            return;
        };
        for (name, id) in scope {
            let info = &self.s.typeck.locals[id.0 as usize];
            let warn = !info.used
                && !name.starts_with('_')
                && matches!(
                    info.kind,
                    LocalKind::Let | LocalKind::Var | LocalKind::Pattern
                );
            if warn && self.probing == 0 {
                let d = Diagnostic::warning(
                    crate::codes::UNUSED,
                    format!("`{name}` is never used"),
                )
                .primary(info.file, info.span, "declared here")
                .help(format!(
                    "remove it, or name it `_` (or `_{name}`) to say it is unused on purpose"
                ));
                self.s.report(d);
            }
        }
    }

    /// Declares a local in the innermost scope; a second local of the
    /// same name in one scope is an error (an inner scope may shadow).
    pub(crate) fn declare(
        &mut self,
        name: &'a str,
        ty: Ty,
        kind: LocalKind,
        span: Span,
    ) -> LocalId {
        let earlier = self
            .scopes
            .last()
            .and_then(|s| s.iter().find(|(n, _)| *n == name))
            .map(|(_, id)| *id);
        if let Some(e) = earlier.filter(|_| name != "_") {
            let (file, espan) = (self.local(e).file, self.local(e).span);
            let d = self
                .err(
                    crate::codes::DUPLICATE,
                    format!("`{name}` is declared twice in the same scope"),
                    span,
                    "declared again here",
                )
                .secondary(file, espan, "first declared here")
                .help("rename one of them, or assign the existing one");
            self.emit(d);
        }
        let id = LocalId(self.s.typeck.locals.len() as u32);
        let used = name == "_"
            || kind == LocalKind::Param
            || kind == LocalKind::LambdaParam
            || kind == LocalKind::Catch;
        self.s.typeck.locals.push(LocalInfo {
            name: name.to_string(),
            ty,
            kind,
            file: self.file,
            span,
            used,
        });
        if name != "_" {
            self.scopes
                .last_mut()
                .expect("a body always has a scope")
                .push((name, id));
        }
        id
    }

    /// The innermost local named `name`.
    pub(crate) fn find_local(&self, name: &str) -> Option<LocalId> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|s| s.iter().rev())
            .find(|(n, _)| *n == name)
            .map(|(_, id)| *id)
    }

    pub(crate) fn local(&self, id: LocalId) -> &LocalInfo {
        &self.s.typeck.locals[id.0 as usize]
    }

    pub(crate) fn mark_used(&mut self, id: LocalId) {
        self.s.typeck.locals[id.0 as usize].used = true;
    }

    /// Records the type of an expression.
    pub(crate) fn record(&mut self, e: &ast::Expr<'a>, ty: Ty) -> Ty {
        if self.s.types.has_vars(ty) {
            self.recorded.push(key(e));
        }
        self.s.typeck.expr_types.insert(key(e), ty);
        ty
    }

    /// Records the instantiation chosen at a call (resolved when the body
    /// is done).
    pub(crate) fn record_call(&mut self, e: &ast::Expr<'a>, info: CallInfo) {
        if self.probing > 0 {
            return;
        }
        self.recorded.push(key(e));
        self.s.typeck.calls.insert(key(e), info);
    }

    /// Records what a node refers to.
    pub(crate) fn record_res<T>(&mut self, node: &T, res: Res) {
        self.s.typeck.res.insert(key(node), res);
    }
}

impl<'a> Sema<'a> {
    /// Checks every body of the program.
    pub(crate) fn check_bodies(&mut self) {
        let mut i = 0;
        while i < self.defs.len() {
            self.check_def(DefId(i as u32));
            i += 1;
        }
    }

    /// Checks the body of one definition, once.
    pub(crate) fn check_def(&mut self, id: DefId) {
        if self.typeck.checked.contains(&id) {
            return;
        }
        match self.def(id).kind {
            DefKind::Fun => self.check_fun(id),
            DefKind::Property | DefKind::Field => self.check_property(id),
            DefKind::Class(_) => self.check_class(id),
            DefKind::Constructor => self.check_secondary_ctor(id),
            DefKind::TypeAlias => {
                self.typeck.checked.insert(id);
                self.alias_target(id);
            }
            _ => {}
        }
    }

    /// Infers the type of an expression body or initialiser (for a
    /// declaration without a written type), checking it once.
    pub(crate) fn infer_expr_body(&mut self, def: DefId, e: &'a ast::Expr<'a>) -> Ty {
        self.typeck.checked.insert(def);
        let mut cx = Cx::new(self, def);
        if cx.s.def(def).kind == DefKind::Fun {
            cx.enter_fun_params(def);
        }
        cx.frames.push(Frame {
            ret: None,
            returns: Vec::new(),
            label: None,
            transparent: false,
            is_fun: true,
            field: None,
            suspend: false,
        });
        let t = cx.expr(e, None);
        let frame = cx.frames.pop().expect("pushed above");
        let mut t = cx.resolve(t);
        for r in frame.returns {
            t = cx.lub(t, r);
        }
        cx.pop_scope();
        t
    }

    fn check_fun(&mut self, def: DefId) {
        let Some(item) = self.def(def).item() else {
            return;
        };
        let ItemKind::Fun(f) = &item.kind else { return };
        self.typeck.checked.insert(def);
        let sig = self.signature(def);
        crate::items::check_fun_rules(self, def, item, f, &sig);
        let mut cx = Cx::new(self, def);
        cx.enter_fun_params(def);
        for p in f.params {
            if let (Some(d), Some(t)) = (&p.default, &p.ty) {
                let t = cx.s.resolve_type(t, def);
                cx.expr_coerce(d, t);
            }
        }
        cx.frames.push(Frame {
            ret: Some(sig.ret),
            returns: Vec::new(),
            label: Some(f.name.name),
            transparent: false,
            is_fun: true,
            field: None,
            suspend: sig.suspend,
        });
        match &f.body {
            Some(ast::FunBody::Block(b)) => cx.fun_block(b, sig.ret, f.name.span),
            Some(ast::FunBody::Expr(e)) => {
                cx.expr_coerce(e, sig.ret);
            }
            None => cx.check_bodiless(def, item, f.name.span),
        }
        cx.frames.pop();
        cx.pop_scope();
    }

    fn check_property(&mut self, def: DefId) {
        let Node::Item(item) = self.def(def).node else {
            return;
        };
        let ItemKind::Property(p) = &item.kind else {
            return;
        };
        let const_ok = crate::items::check_property_rules(self, def, item, p);
        self.typeck.checked.insert(def);
        let ty = self.property_type(def);
        let mut cx = Cx::new(self, def);
        // without a written type, `property_type` checked the initialiser
        if let (Some(init), Some(_)) = (&p.init, &p.ty) {
            cx.frames.push(Frame {
                ret: Some(ty),
                returns: Vec::new(),
                label: None,
                transparent: false,
                is_fun: true,
                field: None,
                suspend: false,
            });
            cx.expr_coerce(init, ty);
            cx.frames.pop();
        }
        if let (Some(init), ast::BindingKind::Const, true) = (&p.init, p.binding, const_ok) {
            if !cx.is_constant(init) {
                let d = cx
                    .err(crate::codes::CONST, "a `const` must be computable by the compiler", init.span, "not a constant expression")
                    .help("use literals, other constants, operators on them and `@compile_time` functions; or declare it with `let`");
                cx.emit(d);
            }
        }
        cx.check_accessors(def, p, ty);
        cx.pop_scope();
    }

    fn check_class(&mut self, class: DefId) {
        self.typeck.checked.insert(class);
        let Some(item) = self.def(class).item() else {
            return;
        };
        let ItemKind::Class(c) = &item.kind else {
            return;
        };
        let mut cx = Cx::new(self, class);
        cx.check_class_header(class, c);
        cx.pop_scope();
        drop(cx);
        crate::items::check_class_rules(self, class);
    }

    fn check_secondary_ctor(&mut self, def: DefId) {
        self.typeck.checked.insert(def);
        let Some(ItemKind::Constructor(c)) = self.def(def).item().map(|i| &i.kind) else {
            return;
        };
        let mut cx = Cx::new(self, def);
        cx.enter_fun_params(def);
        cx.frames.push(Frame {
            ret: Some(Ty::UNIT),
            returns: Vec::new(),
            label: None,
            transparent: false,
            is_fun: true,
            field: None,
            suspend: false,
        });
        if let Some(d) = &c.delegation {
            let class = cx.s.def(def).parent.expect("a constructor has a class");
            cx.check_delegation(class, d);
        }
        if let Some(b) = &c.body {
            cx.block(b, Some(Ty::UNIT));
        }
        cx.frames.pop();
        cx.pop_scope();
    }
}
