//! Classes and structs: layouts, class ids, stored properties.
//!
//! A class object is an IR `object` of its stored properties, the
//! superclass's first (so a subclass's layout starts with its
//! superclass's); its dynamic type is its descriptor (`typeof`). A struct is an IR `struct` of its stored
//! properties, a value.

use seen_ir::{Module, Type, TypeId, Value};
use seen_syntax::Span;
use seen_syntax::ast::{self, ClassKind};

use super::body::{Fl, Op};
use super::calls::Site;
use super::{Inst, InstKind, Lower};
use crate::check::{Res, key};
use crate::defs::{DefId, DefKind, Node};
use crate::ty::{Ty, TyKind};

/// The layout of a class type.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// The IR object (classes) or struct (structs).
    pub ty: TypeId,
    /// The stored properties in field order.
    pub fields: Vec<DefId>,
    /// Whether this is a struct (a value).
    pub value: bool,
}

impl<'a> Lower<'_, 'a> {
    /// The stored properties a class or struct declares itself, in
    /// declaration order: primary-constructor properties, then body
    /// properties with a backing field.
    pub fn own_stored(&self, class: DefId) -> Vec<DefId> {
        let mut out = Vec::new();
        for ids in self.s.def(class).members.values() {
            for &id in ids {
                let def = self.s.def(id);
                let stored = match (def.kind, def.node) {
                    (DefKind::Field, _) | (DefKind::Property, Node::CtorParam(_)) => true,
                    (DefKind::Property, Node::Item(item)) => match item.kind {
                        ast::ItemKind::Property(p) => {
                            p.receiver.is_none()
                                && (p.getter.is_none() || p.init.is_some())
                                && p.binding != ast::BindingKind::Const
                        }
                        _ => false,
                    },
                    _ => false,
                };
                if stored {
                    out.push(id);
                }
            }
        }
        out
    }

    /// The superclass type of a class type (not a trait, not `Any`).
    pub fn superclass(&mut self, ty: Ty) -> Option<Ty> {
        self.s.parents(ty).into_iter().find(|p| {
            matches!(self.s.types.kind(*p), TyKind::Adt(d, _)
                if matches!(self.s.def(*d).kind, DefKind::Class(ClassKind::Class)) && !self.s.def(*d).std)
        })
    }

    /// A class type and its superclasses, the class first.
    pub fn class_chain(&mut self, ty: Ty) -> Vec<Ty> {
        let mut chain = vec![ty];
        while let Some(sup) = chain.last().and_then(|t| self.superclass(*t)) {
            if chain.contains(&sup) {
                break;
            }
            chain.push(sup);
        }
        chain
    }

    /// The layout of a class or struct type, declared on first use.
    pub fn layout(&mut self, module: &mut Module, ty: Ty) -> Result<Layout, String> {
        if let Some(l) = self.objects.get(&ty) {
            return Ok(l.clone());
        }
        let Some((class, _)) = self.s.class_of(ty) else {
            return Err(format!("the type `{}`", self.s.show(ty)));
        };
        let value = matches!(self.s.def(class).kind, DefKind::Class(ClassKind::Struct));
        // each class's properties, then its hidden fields (an inner class's
        // outer instance, a local class's captured locals), superclasses
        // first; a hidden field's slot is named by its class
        let mut stored: Vec<DefId> = Vec::new();
        let mut fields = Vec::new();
        for t in self.class_chain(ty).into_iter().rev() {
            let Some((c, args)) = self.s.class_of(t) else {
                continue;
            };
            let params = self.s.def(c).type_params.clone();
            let map = self.s.subst_map(&params, &args);
            for p in self.own_stored(c) {
                let pt = self.s.property_type(p);
                let pt = self.s.types.subst(pt, &map);
                let ft = self.ir_type(module, pt)?.unwrap_or(Type::Bool);
                fields.push(if self.is_weak(p) && ft == Type::Ref {
                    Type::Weak
                } else {
                    ft
                });
                stored.push(p);
            }
            for h in self.capture_types(module, c)? {
                fields.push(h);
                stored.push(c);
            }
        }
        let mut name = self.s.path_of(class);
        let args: Vec<String> = self
            .s
            .class_of(ty)
            .map(|(_, a)| a.iter().map(|t| self.s.show(*t)).collect())
            .unwrap_or_default();
        if !args.is_empty() {
            name = format!("{name}<{}>", args.join(", "));
        }
        let declared = if value {
            module.try_declare_struct(&name, &fields)
        } else {
            module.try_declare_object(&name, &fields, None)
        };
        let id = declared.map_err(|e| format!("the type `{name}` ({e})"))?;
        if !value && self.has_deinit(ty) {
            let inst = super::Inst {
                def: class,
                kind: super::InstKind::Deinit,
                subst: self.class_subst(ty),
                this: Some(ty),
            };
            if let Some(f) = self.instance(module, inst) {
                module
                    .try_set_deinit(id, f)
                    .map_err(|e| format!("the `deinit` of `{name}` ({e})"))?;
            }
        }
        let layout = Layout {
            ty: id,
            fields: stored,
            value,
        };
        self.objects.insert(ty, layout.clone());
        Ok(layout)
    }

    /// Whether a property is declared `weak`.
    pub fn is_weak(&self, prop: DefId) -> bool {
        let mods = match self.s.def(prop).node {
            Node::Item(item) => item.modifiers,
            Node::CtorParam(p) => p.modifiers,
            _ => &[],
        };
        mods.iter().any(|m| m.kind == ast::ModifierKind::Weak)
    }

    /// The `deinit` block a class declares.
    pub fn own_deinit(&self, class: DefId) -> Option<&'a ast::Block<'a>> {
        let Some(ast::ItemKind::Class(c)) = self.s.def(class).item().map(|i| &i.kind) else {
            return None;
        };
        c.members.iter().find_map(|m| match &m.kind {
            ast::ItemKind::Deinit(b) => Some(b),
            _ => None,
        })
    }

    /// Whether a class type or one of its superclasses has a `deinit`.
    pub fn has_deinit(&mut self, ty: Ty) -> bool {
        let mut cur = Some(ty);
        let mut seen = 0;
        while let Some(t) = cur {
            if let Some((c, _)) = self.s.class_of(t)
                && self.own_deinit(c).is_some()
            {
                return true;
            }
            seen += 1;
            cur = if seen > 64 { None } else { self.superclass(t) };
        }
        false
    }

    /// The substitution of a class type's parameters, sorted.
    pub fn class_subst(&mut self, ty: Ty) -> Vec<(DefId, Ty)> {
        let Some((class, args)) = self.s.class_of(ty) else {
            return Vec::new();
        };
        let params = self.s.def(class).type_params.clone();
        let mut subst: Vec<(DefId, Ty)> = params.into_iter().zip(args).collect();
        subst.sort_by_key(|(p, _)| *p);
        subst
    }

    /// The IR struct of a struct type.
    pub fn struct_type(&mut self, module: &mut Module, ty: Ty) -> Result<TypeId, String> {
        Ok(self.layout(module, ty)?.ty)
    }

    /// Records that objects of `ty` exist (dynamic type tests and
    /// dispatch consider the types that do).
    pub fn mark_live(&mut self, ty: Ty) {
        if !self.live.contains(&ty) {
            self.live.push(ty);
        }
    }

    /// The field index of a stored property in a layout.
    pub fn field_index(&self, layout: &Layout, prop: DefId) -> Option<u32> {
        let i = layout.fields.iter().position(|&p| p == prop)? as u32;
        Some(i)
    }
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// A property read: `recv.prop`, or `prop` of `this`.
    pub fn member(
        &mut self,
        e: &'a ast::Expr<'a>,
        receiver: Option<&'a ast::Expr<'a>>,
    ) -> Option<Op> {
        let Some(Res::Def(prop)) = self.cx.s.typeck.res.get(&key(e)).copied() else {
            return self.unsupported(e.span, "this member");
        };
        if self.cx.s.def(prop).kind == DefKind::Class(ClassKind::Object) {
            // a nested object (`Event.Close`)
            return self.read_global(prop, e.span);
        }
        if !matches!(self.cx.s.def(prop).kind, DefKind::Property | DefKind::Field) {
            return self.unsupported(e.span, "a reference to a function or object");
        }
        let (recv, recv_ty) = match receiver {
            Some(r) if let Some(t) = self.enum_companion_of(prop, r) => {
                (Op::scalar(self.b.ins().null()), t)
            }
            Some(r) => {
                let t = self.ty_of(r);
                (self.expr(r)?, t)
            }
            None => match self.implicit_receiver(prop) {
                Some((v, t)) => (Op::scalar(v), self.smart_this(prop, t)),
                None => return self.unsupported(e.span, "a top-level property"),
            },
        };
        self.member_of(e, recv, recv_ty)
    }

    /// The type `this` is seen as for member `d`: its own type, or the
    /// class declaring `d` after `this is Sub` (a smart cast).
    pub fn smart_this(&mut self, d: DefId, this_ty: Ty) -> Ty {
        let Some(parent) = self.cx.s.def(d).parent else {
            return this_ty;
        };
        let def = self.cx.s.def(parent);
        if !matches!(def.kind, DefKind::Class(_)) || !def.type_params.is_empty() {
            return this_ty;
        }
        // (in an instance for an unrelated receiver type the smart cast
        // never holds and the code is never run)
        let owner = self.cx.s.types.adt(parent, &[]);
        if self.cx.s.is_subtype(this_ty, owner) {
            this_ty
        } else {
            owner
        }
    }

    /// The property `e` names, of an evaluated receiver (released here
    /// when owned).
    pub fn member_of(&mut self, e: &'a ast::Expr<'a>, recv: Op, recv_ty: Ty) -> Option<Op> {
        let Some(Res::Def(prop)) = self.cx.s.typeck.res.get(&key(e)).copied() else {
            return self.unsupported(e.span, "this member");
        };
        if let Some(v) = self.enum_companion_property(prop, recv_ty, e.span) {
            return v;
        }
        if self.cx.is_enum(recv_ty) {
            if matches!(self.cx.s.def(prop).node, Node::CtorParam(_)) {
                return self.enum_ctor_property(prop, recv, recv_ty, e.span);
            }
            return self.enum_property(prop, recv, recv_ty, e.span);
        }
        if self.cx.s.def(prop).std && self.is_builtin_prop(prop) {
            return self.property_intrinsic(e.span, prop, recv, recv_ty);
        }
        if self.cx.s.is_extension(prop) {
            return self.extension_get(e, prop, recv, recv_ty);
        }
        if self.is_top_level(prop) {
            // a `const` of an object (`Int.MAX_VALUE`)
            self.drop_op(Some(recv));
            return self.read_global(prop, e.span);
        }
        self.read_property(prop, recv, recv_ty, e.span)
    }

    /// An extension property's getter called on `recv`, with the type
    /// arguments the checker inferred for it.
    fn extension_get(
        &mut self,
        e: &'a ast::Expr<'a>,
        prop: DefId,
        recv: Op,
        recv_ty: Ty,
    ) -> Option<Op> {
        let info = self.call_info(e);
        let params = self.cx.s.def(prop).type_params.to_vec();
        let mut subst: Vec<(DefId, Ty)> = params.into_iter().zip(info.type_args).collect();
        subst.sort_by_key(|(p, _)| *p);
        let inst = Inst {
            def: prop,
            kind: InstKind::Get,
            subst,
            this: Some(recv_ty),
        };
        let r = self.call_inst(inst, Some(recv.v), &[], e.span)??;
        self.drop_op(Some(recv));
        Some(self.owned_if_counted(r))
    }

    /// Whether a property is implemented by the compiler (declared
    /// without a value or accessor in a `@builtin` type).
    pub fn is_builtin_prop(&self, prop: DefId) -> bool {
        let Some(parent) = self.cx.s.def(prop).parent else {
            return false;
        };
        let builtin = crate::sigs::annotation("builtin");
        let parent_builtin = self
            .cx
            .s
            .def(parent)
            .item()
            .is_some_and(|i| i.annotations.iter().any(|a| Some(a.name.name) == builtin));
        let bare = match self.cx.s.def(prop).item().map(|i| &i.kind) {
            Some(ast::ItemKind::Property(p)) => p.init.is_none() && p.getter.is_none(),
            _ => false,
        };
        parent_builtin && bare
    }

    /// Reads a property of a value of concrete type `recv_ty`: its field,
    /// or its getter.
    pub fn read_property(&mut self, prop: DefId, recv: Op, recv_ty: Ty, span: Span) -> Option<Op> {
        if self.prop_dispatches(prop, recv_ty) {
            return self.dispatch_property(prop, recv, recv_ty, span);
        }
        self.read_property_of(prop, recv, recv_ty, span)
    }

    /// Whether reading `prop` of a value of static type `t` is decided at
    /// run time: an overridable property (of a trait, or `open`,
    /// `abstract` or `override`) of a receiver whose type is not exact.
    fn prop_dispatches(&self, prop: DefId, t: Ty) -> bool {
        let def = self.cx.s.def(prop);
        let Some(parent) = def.parent else {
            return false;
        };
        let in_trait = matches!(self.cx.s.def(parent).kind, DefKind::Class(ClassKind::Trait));
        let open = def.has(ast::ModifierKind::Open)
            || def.has(ast::ModifierKind::Abstract)
            || (def.has(ast::ModifierKind::Override) && !def.has(ast::ModifierKind::Final));
        (in_trait || open) && !self.exact && !self.cx.is_concrete(t)
    }

    /// [`Fl::read_property`] of a receiver whose type is exact: its field,
    /// the compiler's built-in, or its getter.
    pub fn read_property_of(
        &mut self,
        prop: DefId,
        recv: Op,
        recv_ty: Ty,
        span: Span,
    ) -> Option<Op> {
        let layout = match self.cx.layout(self.b.module_mut(), recv_ty) {
            Ok(l) => l,
            Err(what) => return self.unsupported(span, what),
        };
        // the most derived declaration: an override may be a stored one
        let name = self.cx.s.def(prop).name;
        let prop = self
            .cx
            .s
            .declared_members(recv_ty, name)
            .iter()
            .map(|f| f.def)
            .find(|&d| matches!(self.cx.s.def(d).kind, DefKind::Property | DefKind::Field))
            .unwrap_or(prop);
        if self.cx.s.def(prop).std && self.is_builtin_prop(prop) {
            return self.property_intrinsic(span, prop, recv, recv_ty);
        }
        let stored = self.cx.field_index(&layout, prop).is_some();
        if stored && !self.has_accessor(prop, true) {
            return self.read_field(prop, recv, recv_ty, span);
        }
        let value = {
            let name = self.cx.s.def(prop).name;
            let found = self.cx.s.declared_members(recv_ty, name);
            let Some(f) = found
                .iter()
                .find(|f| self.cx.s.def(f.def).kind == DefKind::Property)
                .cloned()
            else {
                return self.unsupported(span, "this property");
            };
            let mut subst: Vec<(DefId, Ty)> = f.subst.iter().map(|(k, v)| (*k, *v)).collect();
            subst.sort_by_key(|(p, _)| *p);
            let inst = Inst {
                def: f.def,
                kind: InstKind::Get,
                subst,
                this: Some(recv_ty),
            };
            let r = self.call_inst(inst, Some(recv.v), &[], span)??;
            self.owned_if_counted(r)
        };
        self.drop_op(Some(recv));
        Some(value)
    }

    /// The field of stored property `prop` of `recv` (released here when
    /// owned), bypassing its getter.
    pub fn read_field(&mut self, prop: DefId, recv: Op, recv_ty: Ty, span: Span) -> Option<Op> {
        let layout = match self.cx.layout(self.b.module_mut(), recv_ty) {
            Ok(l) => l,
            Err(what) => return self.unsupported(span, what),
        };
        let Some(i) = self.cx.field_index(&layout, prop) else {
            return self.unsupported(span, "this property");
        };
        let v = if layout.value {
            self.b.ins().extract(recv.v, i)
        } else {
            self.b.ins().field_get(layout.ty, recv.v, i)
        };
        let value = if self.b.func().value_type(v) == Type::Weak {
            // a weak reference reads as the object, retained, or null
            Op {
                v: self.b.ins().weak_load(v),
                owned: true,
            }
        } else {
            let op = Op::scalar(v);
            if recv.owned { self.owned(op) } else { op }
        };
        self.drop_op(Some(recv));
        Some(value)
    }

    /// Whether property `prop` has a getter (`get`) or setter with a body
    /// of its own.
    pub fn has_accessor(&self, prop: DefId, get: bool) -> bool {
        let Some(ast::ItemKind::Property(p)) = self.cx.s.def(prop).item().map(|i| &i.kind) else {
            return false;
        };
        let acc = if get { p.getter } else { p.setter };
        acc.is_some_and(|a| a.body.is_some())
    }

    /// An assignment to property `prop` of `recv` (borrowed): its setter
    /// when it has one, otherwise its field.
    pub fn write_property(&mut self, prop: DefId, recv: Value, recv_ty: Ty, value: Op, span: Span) {
        let name = self.cx.s.def(prop).name;
        let prop = self
            .cx
            .s
            .declared_members(recv_ty, name)
            .iter()
            .map(|f| f.def)
            .find(|&d| matches!(self.cx.s.def(d).kind, DefKind::Property | DefKind::Field))
            .unwrap_or(prop);
        if !self.has_accessor(prop, false) {
            self.store_field(prop, recv, recv_ty, value, span);
            return;
        }
        let subst = self
            .cx
            .s
            .declared_members(recv_ty, name)
            .into_iter()
            .find(|f| f.def == prop)
            .map(|f| {
                let mut v: Vec<(DefId, Ty)> = f.subst.iter().map(|(k, v)| (*k, *v)).collect();
                v.sort_by_key(|(p, _)| *p);
                v
            })
            .unwrap_or_default();
        let inst = Inst {
            def: prop,
            kind: InstKind::Set,
            subst,
            this: Some(recv_ty),
        };
        let want = self.cx.s.property_type(prop);
        let want = self.subst(want);
        let v = match self.ir(want) {
            Ok(Some(t)) => self.fit(value, t, span),
            _ => Some(value),
        };
        if let Some(v) = v {
            self.call_inst(inst, Some(recv), &[v], span);
            if v.v != value.v {
                self.drop_op(Some(v));
            }
        }
        self.drop_op(Some(value));
    }

    /// Writes the field of stored property `prop` of `this`-like object
    /// `recv` (borrowed), releasing the old value; takes `value`.
    pub fn store_field(&mut self, prop: DefId, recv: Value, recv_ty: Ty, value: Op, span: Span) {
        let layout = match self.cx.layout(self.b.module_mut(), recv_ty) {
            Ok(l) => l,
            Err(what) => {
                self.unsupported(span, what);
                return;
            }
        };
        let Some(i) = self.cx.field_index(&layout, prop) else {
            self.unsupported(span, "assignment through a setter");
            return;
        };
        if layout.value {
            self.unsupported(span, "assignment to a struct field");
            return;
        }
        let field_ty = match self.b.module().type_decl(layout.ty).fields() {
            Some(fields) => fields.get(i as usize).copied(),
            None => None,
        };
        if field_ty == Some(Type::Weak) {
            let new = self.b.ins().weak_new(value.v);
            let old = self.b.ins().field_get(layout.ty, recv, i);
            self.b.ins().field_set(layout.ty, recv, i, new);
            self.b.ins().weak_release(old);
            return;
        }
        let value = match field_ty {
            Some(t) => match self.fit(value, t, span) {
                Some(v) => v,
                None => return,
            },
            None => value,
        };
        let value = self.owned(value);
        if self.holds_refs(value.v) {
            let old = self.b.ins().field_get(layout.ty, recv, i);
            self.b.ins().field_set(layout.ty, recv, i, value.v);
            self.release_value(old);
        } else {
            self.b.ins().field_set(layout.ty, recv, i, value.v);
        }
    }

    /// A class's allocation: a new object with its class id, initialised.
    pub fn new_body(&mut self, params: Vec<Value>) {
        let Some(ty) = self.inst.this else { return };
        let span = self.cx.s.def(self.inst.def).span;
        let layout = match self.cx.layout(self.b.module_mut(), ty) {
            Ok(l) => l,
            Err(what) => {
                self.unsupported(span, what);
                return;
            }
        };
        if layout.value {
            self.unsupported(span, "a struct constructor");
            return;
        }
        let obj = self.b.ins().alloc(layout.ty);
        self.cx.mark_live(ty);
        let init = Inst {
            kind: InstKind::Init,
            ..self.inst.clone()
        };
        let n: usize = self
            .cx
            .hidden_classes(ty)
            .into_iter()
            .map(|c| self.cx.hidden_count(c))
            .sum();
        let (params, captured) = params.split_at(params.len().saturating_sub(n));
        self.store_captures(obj, ty, captured);
        let args: Vec<Op> = params.iter().copied().map(Op::scalar).collect();
        if self.call_inst(init, Some(obj), &args, span).is_some() {
            self.b.ins().ret(Some(obj));
        }
        self.end_block();
    }

    /// A class's initialiser: the superclass's, then the
    /// primary-constructor properties, property initialisers and `init`
    /// blocks in order.
    pub fn init_body(&mut self, params: Vec<Value>) {
        let class = self.inst.def;
        let Some(item) = self.cx.s.def(class).item() else {
            return;
        };
        if let ast::ItemKind::Constructor(ctor) = &item.kind {
            self.secondary_init_body(ctor, item.span, params);
            return;
        }
        let ast::ItemKind::Class(c) = &item.kind else {
            return;
        };
        let Some((this, this_ty)) = self.this else {
            return;
        };
        let ctor_params = c.ctor.map_or(&[][..], |c| c.params);
        self.bind_params(ctor_params, &mut params.into_iter());
        self.declare_locals(item.span);
        if let Some(sup) = self.cx.superclass(this_ty) {
            self.super_init(c, this, sup);
        }
        // `let`/`var` parameters, and every parameter of a data class
        for p in ctor_params {
            let Some(prop) = self.prop_named(class, p.name.name) else {
                continue;
            };
            if !matches!(self.cx.s.def(prop).node, Node::CtorParam(_)) {
                continue;
            }
            let Some(&local) = self.cx.locals_at.get(&(self.file, p.name.span.start)) else {
                continue;
            };
            if let Some(v) = self.read_local(local, p.span) {
                self.store_field(prop, this, this_ty, v, p.span);
            }
        }
        self.init_members(c, class, this, this_ty);
        self.finish_unit();
    }

    /// A secondary constructor's initialisation: its delegation (to
    /// another constructor of the class, or to the superclass and then the
    /// class's own initialisers), then its body.
    fn secondary_init_body(
        &mut self,
        ctor: &'a ast::SecondaryCtor<'a>,
        span: Span,
        params: Vec<Value>,
    ) {
        let Some((this, this_ty)) = self.this else {
            return;
        };
        let Some(class) = self.cx.s.def(self.inst.def).parent else {
            return;
        };
        self.bind_params(ctor.params, &mut params.into_iter());
        self.declare_locals(span);
        match &ctor.delegation {
            Some(d) if !d.to_super => self.delegate(d, class, this, this_ty),
            _ => {
                if let Some(d) = &ctor.delegation
                    && let Some(sup) = self.cx.superclass(this_ty)
                {
                    self.delegate(d, class, this, sup);
                }
                if let Some(ast::ItemKind::Class(c)) = self.cx.s.def(class).item().map(|i| &i.kind)
                {
                    self.init_members(c, class, this, this_ty);
                }
            }
        }
        if let Some(body) = &ctor.body
            && !self.dead
        {
            let v = self.block(body);
            self.drop_op(v);
        }
        self.finish_unit();
    }

    /// `: this(...)` or `: super(...)`: the initialisation of the
    /// constructor the checker chose, of type `target` (the class or its
    /// superclass), on `this`.
    fn delegate(&mut self, d: &'a ast::CtorDelegation<'a>, class: DefId, this: Value, target: Ty) {
        let k = key(d);
        let Some(Res::Def(callee)) = self.cx.s.typeck.res.get(&k).copied() else {
            self.unsupported(d.span, "this constructor delegation");
            return;
        };
        let info = self.cx.s.typeck.calls.get(&k).cloned().unwrap_or_default();
        let subst = if callee == class || self.cx.s.def(callee).parent == Some(class) {
            self.inst.subst.clone()
        } else {
            self.cx.class_subst(target)
        };
        let inst = Inst {
            def: callee,
            kind: InstKind::Init,
            subst,
            this: Some(target),
        };
        let mut given = Vec::new();
        for a in d.args {
            let t = self.ty_of(&a.value);
            let v = self.expr(&a.value);
            if self.dead {
                return;
            }
            given.push(v.map(|v| (v, t)));
        }
        let site = Site {
            span: d.span,
            info,
            ret: None,
        };
        if let Some(values) = self.arguments_pub(&site, &inst, &given) {
            self.call_inst(inst, Some(this), &values, d.span);
            for v in values
                .into_iter()
                .filter(|v| !given.iter().flatten().any(|g| g.0.v == v.v))
            {
                self.drop_op(Some(v));
            }
        }
        for (v, _) in given.into_iter().flatten() {
            self.drop_op(Some(v));
        }
    }

    /// The property initialisers and `init` blocks of class `c`, in order.
    fn init_members(&mut self, c: &'a ast::ClassDecl<'a>, class: DefId, this: Value, this_ty: Ty) {
        for m in c.members {
            if self.dead {
                return;
            }
            match &m.kind {
                ast::ItemKind::Property(p)
                    if p.receiver.is_none() && p.binding != ast::BindingKind::Const =>
                {
                    let (Some(init), ast::PatternKind::Binding(name)) = (&p.init, p.pattern.kind)
                    else {
                        continue;
                    };
                    let Some(prop) = self.prop_named(class, name.name) else {
                        continue;
                    };
                    if let Some(v) = self.expr(init) {
                        self.store_field(prop, this, this_ty, v, init.span);
                    }
                }
                ast::ItemKind::Init(block) => {
                    let v = self.block(block);
                    self.drop_op(v);
                }
                _ => {}
            }
        }
    }

    /// Calls the superclass's initialiser with the arguments written in
    /// the class header.
    fn super_init(&mut self, c: &'a ast::ClassDecl<'a>, this: Value, sup: Ty) {
        let Some((sup_class, args)) = self.cx.s.class_of(sup) else {
            return;
        };
        let span = c.supers.first().map_or(Span::default(), |s| s.span);
        let written = c.supers.iter().find_map(|s| s.args).unwrap_or(&[]);
        let mut values = Vec::new();
        for a in written {
            if a.name.is_some() {
                self.unsupported(a.span, "a named argument to a superclass");
                return;
            }
            if let Some(v) = self.expr(&a.value) {
                values.push(v);
            }
        }
        let params = self.cx.s.def(sup_class).type_params.clone();
        let mut subst: Vec<(DefId, Ty)> = params.into_iter().zip(args).collect();
        subst.sort_by_key(|(p, _)| *p);
        let inst = Inst {
            def: sup_class,
            kind: InstKind::Init,
            subst,
            this: Some(sup),
        };
        self.call_inst(inst, Some(this), &values, span);
        for v in values {
            self.drop_op(Some(v));
        }
    }

    /// The property named `name` declared by `class`.
    fn prop_named(&self, class: DefId, name: &str) -> Option<DefId> {
        self.cx
            .s
            .def(class)
            .members
            .get(name)?
            .iter()
            .copied()
            .find(|&d| matches!(self.cx.s.def(d).kind, DefKind::Property | DefKind::Field))
    }

    /// A class's `deinit`, then its superclass's.
    pub fn deinit_body(&mut self) {
        let Some((this, ty)) = self.this else { return };
        let class = self.inst.def;
        if let Some(block) = self.cx.own_deinit(class) {
            self.scan_cells(block);
            self.declare_locals(block.span);
            let v = self.block(block);
            self.drop_op(v);
        }
        if !self.dead
            && let Some(sup) = self.cx.superclass(ty)
            && self.cx.has_deinit(sup)
            && let Some((sup_class, _)) = self.cx.s.class_of(sup)
        {
            let subst = self.cx.class_subst(sup);
            let inst = Inst {
                def: sup_class,
                kind: InstKind::Deinit,
                subst,
                this: Some(sup),
            };
            let span = self.cx.s.def(class).span;
            self.call_inst(inst, Some(this), &[], span);
        }
        self.finish_unit();
    }

    /// A property's getter or setter.
    pub fn accessor_body(&mut self, params: Vec<Value>) {
        let prop = self.inst.def;
        let span = self.cx.s.def(prop).span;
        let Some(ast::ItemKind::Property(p)) = self.cx.s.def(prop).item().map(|i| &i.kind) else {
            self.unsupported(span, "this accessor");
            return;
        };
        let accessor = if self.inst.kind == InstKind::Get {
            p.getter
        } else {
            p.setter
        };
        let Some(body) = accessor.and_then(|a| a.body.as_ref()) else {
            self.unsupported(span, "a default accessor");
            return;
        };
        // `field` is the backing field
        if let Some(acc) = accessor
            && let Some(&local) = self.cx.locals_at.get(&(self.file, acc.span.start))
        {
            self.backing = Some((local, prop));
        }
        if let Some(param) = accessor.and_then(|a| a.param.as_ref()) {
            self.bind_params(std::slice::from_ref(param), &mut params.into_iter());
        }
        match body {
            ast::FunBody::Block(b) => {
                self.scan_cells(b);
                self.declare_locals(b.span);
                self.block(b);
                self.finish_unit();
            }
            ast::FunBody::Expr(x) => {
                self.scan_cells_expr(x);
                self.declare_locals(x.span);
                let v = self.expr(x);
                if !self.dead {
                    self.ret(v);
                }
            }
        }
    }
}
