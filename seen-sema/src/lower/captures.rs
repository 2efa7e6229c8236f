//! Hidden fields after a class's stored properties: an inner class's
//! outer instance (`this@Outer`, the outer members in scope), then the
//! locals a local class or object expression uses from the function
//! around it (a `var` as its cell, shared with that function; a `let` as
//! its value). Whoever makes the object gives them to the constructor;
//! in the class's bodies captured locals are ordinary variables.

use rustc_hash::FxHashSet;
use seen_ir::{Module, Type, Value};
use seen_syntax::{FileId, Span, ast};

use super::body::{Fl, Op};
use super::{Inst, InstKind, Lower, walk};
use crate::check::{LocalId, LocalKind, Res, key};
use crate::defs::DefId;
use crate::ty::Ty;

/// A local a local class uses from the function around it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Capture {
    /// Where the local is declared.
    pub site: (FileId, u32),
    /// The local.
    pub local: LocalId,
    /// Held through its cell (a `var`).
    pub cell: bool,
}

impl<'a> Lower<'_, 'a> {
    /// The locals a local class (or object expression) uses from outside
    /// it, in order of first use; none for other classes.
    pub fn class_captures(&mut self, class: DefId) -> Vec<Capture> {
        if let Some(c) = self.captures.get(&class) {
            return c.clone();
        }
        let mut out: Vec<Capture> = Vec::new();
        if self.s.local_scopes.contains_key(&class)
            && let Some(item) = self.s.def(class).item()
            && let ast::ItemKind::Class(c) = &item.kind
        {
            let s = &*self.s;
            let file = s.def(class).file;
            let span = item.span;
            let mut seen: FxHashSet<(FileId, u32)> = FxHashSet::default();
            let mut visit = |e: &'a ast::Expr<'a>| {
                if let ast::ExprKind::Name(_) = e.kind
                    && let Some(Res::Local(l)) = s.typeck.res.get(&key(e))
                {
                    let info = &s.typeck.locals[l.0 as usize];
                    let outside = info.span.start < span.start || info.span.start >= span.end;
                    let site = (info.file, info.span.start);
                    if info.file == file && outside && seen.insert(site) {
                        out.push(Capture {
                            site,
                            local: *l,
                            cell: info.kind == LocalKind::Var,
                        });
                    }
                }
                true
            };
            walk_class(c, &mut visit);
        }
        self.captures.insert(class, out.clone());
        out
    }

    /// Whether `class` is an inner class (its objects hold their outer
    /// instance).
    pub fn is_inner(&self, class: DefId) -> bool {
        self.s.def(class).has(ast::ModifierKind::Inner)
    }

    /// The number of hidden fields of a class.
    pub fn hidden_count(&mut self, class: DefId) -> usize {
        usize::from(self.is_inner(class)) + self.class_captures(class).len()
    }

    /// The classes of a class type's chain that have hidden fields,
    /// superclasses first (the order of their slots and of the values a
    /// constructor takes for them).
    pub fn hidden_classes(&mut self, ty: Ty) -> Vec<DefId> {
        let chain = self.class_chain(ty);
        let mut out = Vec::new();
        for t in chain.into_iter().rev() {
            if let Some((c, _)) = self.s.class_of(t)
                && self.hidden_count(c) > 0
            {
                out.push(c);
            }
        }
        out
    }

    /// The IR types of a class's hidden fields.
    pub fn capture_types(
        &mut self,
        module: &mut Module,
        class: DefId,
    ) -> Result<Vec<Type>, String> {
        let mut out = Vec::new();
        if self.is_inner(class) {
            out.push(Type::Ref);
        }
        for c in self.class_captures(class) {
            if c.cell {
                out.push(Type::Ref);
            } else {
                let t = self.s.typeck.locals[c.local.0 as usize].ty;
                out.push(self.ir_type(module, t)?.unwrap_or(Type::Bool));
            }
        }
        Ok(out)
    }
}

/// Calls `f` on every expression of a class's members and of its
/// header's arguments.
pub(super) fn walk_class<'a>(
    c: &'a ast::ClassDecl<'a>,
    f: &mut impl FnMut(&'a ast::Expr<'a>) -> bool,
) {
    for s in c.supers {
        for a in s.args.unwrap_or(&[]) {
            walk::expr(&a.value, f);
        }
    }
    for m in c.members {
        match &m.kind {
            ast::ItemKind::Fun(fun) => walk_fun_body(fun.body.as_ref(), f),
            ast::ItemKind::Property(p) => {
                if let Some(init) = &p.init {
                    walk::expr(init, f);
                }
                for acc in [p.getter, p.setter].into_iter().flatten() {
                    walk_fun_body(acc.body.as_ref(), f);
                }
            }
            ast::ItemKind::Init(b) => walk::block(b, f),
            ast::ItemKind::Constructor(k) => {
                if let Some(b) = &k.body {
                    walk::block(b, f);
                }
            }
            _ => {}
        }
    }
}

fn walk_fun_body<'a>(
    body: Option<&'a ast::FunBody<'a>>,
    f: &mut impl FnMut(&'a ast::Expr<'a>) -> bool,
) {
    match body {
        Some(ast::FunBody::Block(b)) => walk::block(b, f),
        Some(ast::FunBody::Expr(x)) => walk::expr(x, f),
        None => {}
    }
}

/// The position of class `class`'s first hidden field in a layout.
fn hidden_base(layout: &super::classes::Layout, class: DefId) -> usize {
    layout
        .fields
        .iter()
        .position(|&d| d == class)
        .unwrap_or(layout.fields.len())
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// The hidden values of a new object of class type `ty`, for each
    /// class of its chain that has some: extra arguments of its
    /// constructor.
    pub fn hidden_args(&mut self, ty: Ty, at: usize, span: Span) -> Option<Vec<Op>> {
        let mut out = Vec::new();
        for c in self.cx.hidden_classes(ty) {
            out.extend(self.capture_args(c, at, span)?);
        }
        Some(out)
    }

    /// The values a new object of local class `class` captures, as seen
    /// here (cells for `var`s).
    fn capture_args(&mut self, class: DefId, at: usize, span: Span) -> Option<Vec<Op>> {
        let mut out = Vec::new();
        if self.cx.is_inner(class) {
            let outer = self.cx.s.def(class).parent?;
            let written = self.outer_arg.filter(|(k, _)| *k == at).map(|(_, v)| v);
            let Some(v) = written.or_else(|| self.receiver_of_class(outer).map(|r| r.0)) else {
                self.unsupported(span, "an inner class made without its outer instance");
                return None;
            };
            out.push(Op::scalar(v));
        }
        for c in self.cx.class_captures(class) {
            let Some(&var) = self.vars.get(&(c.site.0, c.site.1, self.tag)) else {
                self.unsupported(span, "making this local class here");
                return None;
            };
            let v = if c.cell && self.cell_vars.contains_key(&var) {
                self.b.use_var(var)
            } else if c.cell {
                self.unsupported(span, "a local class sharing this variable");
                return None;
            } else {
                self.load_var(var)
            };
            out.push(Op::scalar(v));
        }
        Some(out)
    }

    /// In a body of a local class: its captured locals as variables read
    /// from the hidden fields of `this`.
    pub fn bind_captures(&mut self, this: Value, ty: Ty) {
        if !matches!(self.cx.s.types.kind(ty), crate::ty::TyKind::Adt(..)) {
            return;
        }
        for class in self.cx.hidden_classes(ty) {
            self.bind_class_captures(this, ty, class);
        }
    }

    /// [`Fl::bind_captures`] of one class of the chain.
    fn bind_class_captures(&mut self, this: Value, ty: Ty, class: DefId) {
        let captures = self.cx.class_captures(class);
        if captures.is_empty() {
            return;
        }
        let Ok(layout) = self.cx.layout(self.b.module_mut(), ty) else {
            return;
        };
        let base = hidden_base(&layout, class) + usize::from(self.cx.is_inner(class));
        for (i, c) in captures.iter().enumerate() {
            let idx = (base + i) as u32;
            let v = self.b.ins().field_get(layout.ty, this, idx);
            let t = self.b.func().value_type(v);
            let var = self.b.declare_var(t);
            self.b.def_var(var, v);
            if c.cell {
                let lt = self.local_ty(c.local);
                if let Ok(Some(inner)) = self.ir(lt)
                    && let Some(cell) = self.cell_type(inner)
                {
                    self.cell_vars.insert(var, (cell, inner));
                }
            }
            self.vars.insert((c.site.0, c.site.1, self.tag), var);
        }
    }

    /// Stores the hidden values given to a constructor in the new
    /// object's hidden fields, class by class (each retained).
    pub fn store_captures(&mut self, obj: Value, ty: Ty, values: &[Value]) {
        let Ok(layout) = self.cx.layout(self.b.module_mut(), ty) else {
            return;
        };
        let mut rest = values.iter().copied();
        for class in self.cx.hidden_classes(ty) {
            let base = hidden_base(&layout, class);
            for i in 0..self.cx.hidden_count(class) {
                let Some(v) = rest.next() else { return };
                self.retain_value(v);
                self.b.ins().field_set(layout.ty, obj, (base + i) as u32, v);
            }
        }
    }

    /// The outer instance of `v` (of inner class type `ty`), with its type.
    pub fn outer_of(&mut self, v: Value, ty: Ty) -> Option<(Value, Ty)> {
        let (class, _) = self.cx.s.class_of(ty)?;
        if !self.cx.is_inner(class) {
            return None;
        }
        let outer = self.cx.s.def(class).parent?;
        let outer_ty = self.cx.s.declared_type(outer);
        let layout = self.cx.layout(self.b.module_mut(), ty).ok()?;
        let idx = hidden_base(&layout, class) as u32;
        Some((self.b.ins().field_get(layout.ty, v, idx), outer_ty))
    }

    /// `this`, or the enclosing instance whose class is (or extends)
    /// `class`, reached through inner classes' outer instances.
    pub fn receiver_of_class(&mut self, class: DefId) -> Option<(Value, Ty)> {
        let (mut v, mut t) = self.this?;
        let want = self.cx.s.declared_type(class);
        for _ in 0..16 {
            if self.cx.s.is_subtype(t, want) || self.cx.s.class_of(t).map(|c| c.0) == Some(class) {
                return Some((v, t));
            }
            (v, t) = self.outer_of(v, t)?;
        }
        None
    }

    /// The receiver of member `d` written without one: `this`, or the
    /// outer instance of an inner class that declares `d`.
    pub fn implicit_receiver(&mut self, d: DefId) -> Option<(Value, Ty)> {
        let this = self.this?;
        let Some(parent) = self.cx.s.def(d).parent else {
            return Some(this);
        };
        if !matches!(self.cx.s.def(parent).kind, crate::defs::DefKind::Class(_)) {
            return Some(this);
        }
        self.receiver_of_class(parent).or(Some(this))
    }

    /// `object : Trait { ... }`: a new object of the expression's class.
    pub fn object_expr(&mut self, e: &'a ast::Expr<'a>) -> Option<Op> {
        let Some(&class) = self.cx.s.object_exprs.get(&key(e)) else {
            return self.unsupported(e.span, "this object expression");
        };
        let ty = self.cx.s.declared_type(class);
        let args = self.hidden_args(ty, key(e), e.span)?;
        let inst = Inst {
            def: class,
            kind: InstKind::New,
            subst: Vec::new(),
            this: Some(ty),
        };
        let r = self.call_inst(inst, None, &args, e.span)??;
        Some(Op { v: r, owned: true })
    }
}
