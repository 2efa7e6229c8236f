//! Dynamic types: `is`, `as`, `as?`, boxing values into `Any` and traits,
//! and calls whose receiver's concrete type is known only at run time.
//!
//! The program is closed: every type with objects is known once lowering
//! is done (`Lower::live`). A call on a trait, `open` class or `Any` goes
//! to a *dispatch* instance that compares the receiver's descriptor
//! (`typeof`) with each live type's and calls that type's
//! implementation; a type test on such a type goes to an *is-a* instance.
//! Both are lowered last, after every other instance, so they see every
//! live type. Numbers, `Boolean` and `Char` in an `Any` are boxed: an
//! object `%box.Int { i64 }` per type.

use seen_ir::{IntCC, Module, Type, TypeId, Value};
use seen_syntax::{Span, ast};

use super::body::{Fl, Op};
use super::calls::Site;
use super::{Inst, InstKind, Lower};
use crate::defs::{DefId, DefKind, Node};
use crate::ty::{IntTy, Ty, TyKind};

impl<'a> Lower<'_, 'a> {
    /// Whether values of `ty` always have that exact type (no subclass,
    /// not a trait or `Any`): calls on them are resolved statically.
    pub fn is_concrete(&self, ty: Ty) -> bool {
        match self.s.types.kind(ty) {
            TyKind::Any => false,
            TyKind::Nullable(t) => self.is_concrete(*t),
            TyKind::Adt(d, _) => match self.s.def(*d).kind {
                DefKind::Class(ast::ClassKind::Trait) => false,
                DefKind::Class(ast::ClassKind::Class) => {
                    let def = self.s.def(*d);
                    !(def.has(ast::ModifierKind::Open)
                        || def.has(ast::ModifierKind::Abstract)
                        || def.has(ast::ModifierKind::Sealed))
                }
                _ => true,
            },
            _ => true,
        }
    }

    /// Whether `d` is implemented by the compiler: a `@builtin` function,
    /// or a member without a body of a `@builtin` type.
    pub fn is_builtin(&self, d: DefId) -> bool {
        let Node::Item(item) = self.s.def(d).node else {
            return false;
        };
        let builtin = crate::sigs::annotation("builtin");
        if item
            .annotations
            .iter()
            .any(|a| Some(a.name.name) == builtin)
        {
            return true;
        }
        let no_body = matches!(item.kind, ast::ItemKind::Fun(f) if f.body.is_none());
        // a member without a body of a `@builtin` type (a trait's abstract
        // members are not built in)
        let parent = self.s.def(d).parent;
        no_body
            && parent.is_some_and(|p| {
                matches!(self.s.def(p).kind, DefKind::Class(_))
                    && self
                        .s
                        .def(p)
                        .item()
                        .is_some_and(|i| i.annotations.iter().any(|a| Some(a.name.name) == builtin))
            })
    }

    /// The member implementing `d` for a receiver of concrete type `t`,
    /// and the substitution of its class's parameters.
    pub fn find_impl(&mut self, d: DefId, t: Ty) -> Option<(DefId, Vec<(DefId, Ty)>)> {
        let name = self.s.def(d).name;
        let n_params = self.s.signature(d).params.len();
        let found = self.s.declared_members(t, name);
        let mut pick = None;
        for f in &found {
            let has_body = matches!(
                self.s.def(f.def).item().map(|i| &i.kind),
                Some(ast::ItemKind::Fun(fd)) if fd.body.is_some()
            );
            // `d` itself, or an `override` of it (an overload of the same
            // name and arity is neither: `indexOf(Char)`, `indexOf(String)`)
            let fits = f.def == d
                || (self.s.def(f.def).kind == DefKind::Fun
                    && self.s.def(f.def).has(ast::ModifierKind::Override)
                    && self.s.signature(f.def).params.len() == n_params);
            if fits && (has_body || self.is_builtin(f.def)) {
                pick = Some(f.clone());
                break;
            }
        }
        if pick.is_none()
            && let Some(e) = self.extension_impl(name, n_params, t)
        {
            return Some((e, Vec::new()));
        }
        let pick = pick.or_else(|| found.iter().find(|f| f.def == d).cloned())?;
        Some((pick.def, pick.subst.iter().map(|(k, v)| (*k, *v)).collect()))
    }

    /// A function named `name` with `n_params` parameters and a body,
    /// declared in an extension block of a supertype of `t`
    /// (`extension Int : Describable { override fun describe() ... }`).
    fn extension_impl(&mut self, name: &str, n_params: usize, t: Ty) -> Option<DefId> {
        if self.extension_members.is_none() {
            let mut by_name: rustc_hash::FxHashMap<&str, Vec<DefId>> = Default::default();
            for i in 0..self.s.defs.len() {
                let d = DefId(i as u32);
                let def = self.s.def(d);
                let in_block = def
                    .parent
                    .is_some_and(|p| self.s.def(p).kind == DefKind::Extension);
                if def.kind == DefKind::Fun && in_block {
                    by_name.entry(def.name).or_default().push(d);
                }
            }
            self.extension_members = Some(by_name);
        }
        let candidates = self.extension_members.as_ref()?.get(name)?.clone();
        candidates.into_iter().find(|&d| {
            let has_body = matches!(self.s.def(d).item().map(|i| &i.kind),
                Some(ast::ItemKind::Fun(fd)) if fd.body.is_some());
            has_body
                && self.s.signature(d).params.len() == n_params
                && self
                    .s
                    .extension_receiver(d)
                    .is_some_and(|r| self.s.is_subtype(t, r))
        })
    }

    /// The live types that are subtypes of `ty`, in the order they became
    /// live.
    pub fn live_subtypes(&mut self, ty: Ty) -> Vec<Ty> {
        let mut live = self.live.clone();
        // strings are made everywhere (literals, the runtime): always live
        if let Some(s) = self.s.lang("String") {
            let string = self.s.types.adt(s, &[]);
            if !live.contains(&string) {
                live.push(string);
            }
        }
        live.into_iter()
            .filter(|c| self.s.is_subtype(*c, ty) || self.derives_error(*c, ty))
            .collect()
    }

    /// Whether `c` is marked `@derive(Error)` and `ty` is the general
    /// `Error` (which the derive implements).
    fn derives_error(&mut self, c: Ty, ty: Ty) -> bool {
        let Some(error) = self.s.lang("Error") else {
            return false;
        };
        if self.s.class_of(ty).map(|t| t.0) != Some(error) {
            return false;
        }
        let Some((def, _)) = self.s.class_of(c) else {
            return false;
        };
        let derive = crate::sigs::annotation("derive");
        let name = self.s.def(error).name;
        self.s.def(def).annotations().iter().any(|a| {
            Some(a.name.name) == derive
                && a.args
                    .iter()
                    .any(|x| matches!(x.value.kind, ast::ExprKind::Name(id) if id.name == name))
        })
    }

    /// Declares what a dispatch instance will call for every live type, so
    /// that the work list reaches a fixed point before dispatch is built.
    pub fn predeclare(&mut self, module: &mut Module, inst: &Inst) {
        let Some(stat) = inst.this else { return };
        if inst.kind != InstKind::Dispatch {
            return;
        }
        let own: Vec<Ty> = {
            let sig = self.s.signature(inst.def);
            let map = inst.map();
            sig.type_params
                .iter()
                .filter_map(|p| map.get(p).copied())
                .collect()
        };
        for c in self.live_subtypes(stat) {
            if self.delegate_of(inst.def, c).is_some() {
                let forward = Inst {
                    def: inst.def,
                    kind: InstKind::Forward,
                    subst: self.member_subst(inst.def, c),
                    this: Some(c),
                };
                self.instance(module, forward);
                continue;
            }
            let Some((def, class_subst)) = self.find_impl(inst.def, c) else {
                continue;
            };
            if self.is_builtin(def) {
                continue;
            }
            let sig = self.s.signature(def);
            let mut subst = class_subst;
            subst.extend(sig.type_params.iter().copied().zip(own.iter().copied()));
            subst.sort_by_key(|(p, _)| *p);
            subst.dedup_by_key(|(p, _)| *p);
            let target = Inst {
                def,
                kind: InstKind::Fun,
                subst,
                this: Some(c),
            };
            self.instance(module, target);
        }
    }

    /// The box object of a number, `Boolean` or `Char` type.
    pub fn box_type(&mut self, module: &mut Module, ty: Ty) -> Option<TypeId> {
        if let Some(&b) = self.boxes.get(&ty) {
            return Some(b);
        }
        let t = self.ir_type(module, ty).ok()??;
        let name = format!("box.{}", self.s.show(ty));
        let id = module.try_declare_object(&name, &[t], None).ok()?;
        self.boxes.insert(ty, id);
        Some(id)
    }

    /// Whether values of `ty` are boxed to become an `Any` or a trait value
    /// (numbers, `Boolean`, `Char`, structs, enums, tuples).
    pub fn is_boxed(&self, ty: Ty) -> bool {
        match self.s.types.kind(ty) {
            TyKind::Adt(..) => self.is_struct(ty) || self.is_enum(ty),
            TyKind::Int(_) | TyKind::Float(_) | TyKind::Bool | TyKind::Char | TyKind::Tuple(_) => {
                true
            }
            _ => false,
        }
    }

    /// The Seen type whose IR value type is `t`, among structs and enums
    /// the program uses (for boxing where only the IR type is known).
    pub fn type_of_value(&self, t: Type) -> Option<Ty> {
        let Type::Aggregate(id) = t else { return None };
        self.objects
            .iter()
            .find(|(_, l)| l.ty == id && l.value)
            .map(|(ty, _)| *ty)
    }
}

/// The Seen type a scalar of an IR type is boxed as when nothing says
/// otherwise.
pub(super) fn default_box(t: Type) -> Option<Ty> {
    Some(match t {
        Type::Bool => Ty::BOOL,
        Type::I8 => crate::ty::Types::int(IntTy::I8),
        Type::I16 => crate::ty::Types::int(IntTy::I16),
        Type::I32 => crate::ty::Types::int(IntTy::I32),
        Type::I64 => Ty::INT,
        Type::F32 => Ty::FLOAT,
        Type::F64 => Ty::DOUBLE,
        _ => return None,
    })
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// Whether a call of `d` on a receiver of static type `t` must be
    /// dispatched at run time.
    pub fn needs_dispatch(&mut self, d: DefId, t: Ty) -> bool {
        let member = self
            .cx
            .s
            .def(d)
            .parent
            .is_some_and(|p| matches!(self.cx.s.def(p).kind, DefKind::Class(_)));
        member && !self.cx.s.is_extension(d) && !self.cx.is_concrete(t)
    }

    /// A call through a dispatch instance.
    pub fn dispatch_call(
        &mut self,
        site: &Site,
        d: DefId,
        this: (Op, Ty),
        given: &[Option<(Op, Ty)>],
    ) -> Option<Op> {
        let stat = self.cx.s.types.non_null(this.1);
        let mut subst: Vec<(DefId, Ty)> = self
            .cx
            .s
            .declared_members(stat, self.cx.s.def(d).name)
            .into_iter()
            .find(|f| f.def == d)
            .map(|f| f.subst.iter().map(|(k, v)| (*k, *v)).collect())
            .unwrap_or_default();
        let sig = self.cx.s.signature(d);
        subst.extend(
            sig.type_params
                .iter()
                .copied()
                .zip(site.info.type_args.iter().copied()),
        );
        subst.sort_by_key(|(p, _)| *p);
        subst.dedup_by_key(|(p, _)| *p);
        let inst = Inst {
            def: d,
            kind: InstKind::Dispatch,
            subst,
            this: Some(stat),
        };
        let args: Vec<Op> = given.iter().flatten().map(|(o, _)| *o).collect();
        let r = self.call_inst(inst, Some(this.0.v), &args, site.span)?;
        self.call_result(site, r)
    }

    /// A read of overridable property `prop` through a dispatch instance.
    pub fn dispatch_property(&mut self, prop: DefId, recv: Op, t: Ty, span: Span) -> Option<Op> {
        let stat = self.cx.s.types.non_null(t);
        let mut subst: Vec<(DefId, Ty)> = self
            .cx
            .s
            .declared_members(stat, self.cx.s.def(prop).name)
            .into_iter()
            .find(|f| f.def == prop)
            .map(|f| f.subst.iter().map(|(k, v)| (*k, *v)).collect())
            .unwrap_or_default();
        subst.sort_by_key(|(p, _)| *p);
        let inst = Inst {
            def: prop,
            kind: InstKind::Dispatch,
            subst,
            this: Some(stat),
        };
        let r = self.call_inst(inst, Some(recv.v), &[], span)??;
        self.drop_op(Some(recv));
        Some(self.owned_if_counted(r))
    }

    /// The body of a property's dispatch instance: each live type's own
    /// reading of it.
    fn dispatch_property_body(&mut self, this: Value, stat: Ty) {
        let prop = self.inst.def;
        let span = self.cx.s.def(prop).span;
        self.dispatch_cases(this, stat, |fl, recv, c| {
            let v = fl.read_property_of(prop, recv, c, span);
            v.map(|v| fl.owned(v))
        });
    }

    /// Compares `this`'s descriptor with each live subtype of `stat` and
    /// returns what `case` gives for the matching one (the receiver, opened
    /// from its box, is exactly of that type there); traps when none does.
    fn dispatch_cases(
        &mut self,
        this: Value,
        stat: Ty,
        mut case: impl FnMut(&mut Self, Op, Ty) -> Option<Op>,
    ) {
        let ty = self.b.ins().type_of(this);
        for c in self.cx.live_subtypes(stat) {
            if self.failed() {
                return;
            }
            let Some(desc) = self.descriptor(c) else {
                continue;
            };
            let (yes, no) = (self.b.create_block(), self.b.create_block());
            let hit = self.b.ins().icmp(IntCC::Eq, ty, desc);
            self.b.ins().brif(hit, yes, &[], no, &[]);
            self.switch_to(yes);
            let recv = self.unbox_as(Op::scalar(this), c);
            // the receiver is exactly a `c` here, even if `c` is open
            self.exact = true;
            let v = case(self, recv, c);
            self.exact = false;
            if !self.dead {
                self.ret(v);
            }
            self.switch_to(no);
        }
        self.b
            .ins()
            .trap("no implementation for this receiver", None);
        self.end_block();
    }

    /// The body of a dispatch instance: the receiver's implementation,
    /// chosen by its descriptor.
    pub fn dispatch_body(&mut self, params: Vec<Value>) {
        let Some((this, stat)) = self.this else {
            return;
        };
        let d = self.inst.def;
        if self.cx.s.def(d).kind != DefKind::Fun {
            self.dispatch_property_body(this, stat);
            return;
        }
        let span = self.cx.s.def(d).span;
        let sig = self.cx.s.signature(d);
        let ret = self.subst(sig.ret);
        let param_tys: Vec<Ty> = sig.params.iter().map(|p| p.ty).collect();
        let mut given = Vec::new();
        let mut values = params.into_iter();
        for t in param_tys {
            let t = self.subst(t);
            if let Ok(Some(_)) = self.ir(t) {
                given.push(values.next().map(|v| (Op::scalar(v), t)));
            }
        }
        let own: Vec<Ty> = sig
            .type_params
            .iter()
            .filter_map(|p| self.map.get(p).copied())
            .collect();
        self.dispatch_cases(this, stat, |fl, recv, c| {
            let mut site = Site::synthetic(span);
            site.ret = Some(ret);
            site.info.type_args = own.clone();
            fl.call_exact(&site, d, Some((recv, c)), &given)
        });
    }

    /// The descriptor of a live type's objects (its box for numbers).
    fn descriptor(&mut self, c: Ty) -> Option<Value> {
        if self.cx.is_string(c) {
            return Some(self.b.ins().typedesc(None));
        }
        let obj = if self.cx.is_boxed(c) {
            self.cx.box_type(self.b.module_mut(), c)
        } else {
            self.cx.layout(self.b.module_mut(), c).ok().map(|l| l.ty)
        }?;
        Some(self.b.ins().typedesc(Some(obj)))
    }

    /// A reference to an object of live type `c`, as `c`'s value (a box
    /// opened).
    fn unbox_as(&mut self, r: Op, c: Ty) -> Op {
        if !self.cx.is_boxed(c) {
            return r;
        }
        match self.cx.box_type(self.b.module_mut(), c) {
            Some(b) => Op::scalar(self.b.ins().field_get(b, r.v, 0)),
            None => r,
        }
    }

    /// A number, `Boolean` or `Char` of Seen type `ty` boxed into an
    /// object (owned).
    pub fn box_value(&mut self, op: Op, ty: Ty, span: Span) -> Option<Op> {
        let Some(b) = self.cx.box_type(self.b.module_mut(), ty) else {
            let shown = self.cx.s.show(ty);
            return self.unsupported(span, format!("a `{shown}` as `Any` or a trait"));
        };
        self.cx.mark_live(ty);
        let r = self.b.ins().alloc(b);
        // the box holds references of its own; `op` stays its owner's
        self.retain_value(op.v);
        self.b.ins().field_set(b, r, 0, op.v);
        Some(Op { v: r, owned: true })
    }

    /// A box's value, read as `want` (any box of the same IR type).
    pub fn unbox(&mut self, r: Op, want: Type) -> Option<Op> {
        let ty = default_box(want)?;
        let b = self.cx.box_type(self.b.module_mut(), ty)?;
        Some(Op::scalar(self.b.ins().field_get(b, r.v, 0)))
    }

    /// `equals(other)` of value `r` of exact type `ty`: `other` (an
    /// `Any?`) is a `ty` and equal to `r` in the total order.
    pub fn exact_equals(&mut self, r: Op, ty: Ty, other: Op, span: Span) -> Option<Op> {
        let Some(desc) = self.descriptor(ty) else {
            return self.unsupported(span, "`equals` of this value");
        };
        let (same, merge) = (self.b.create_block(), self.b.create_block());
        let out = self.b.append_block_param(merge, Type::Bool);
        let check = self.b.create_block();
        let present = self.is_present(other.v);
        let no = self.b.ins().bconst(false);
        self.b.ins().brif(present, check, &[], merge, &[no]);
        self.switch_to(check);
        let t = self.b.ins().type_of(other.v);
        let hit = self.b.ins().icmp(IntCC::Eq, t, desc);
        let no = self.b.ins().bconst(false);
        self.b.ins().brif(hit, same, &[], merge, &[no]);
        self.switch_to(same);
        let o = self.unbox_as(Op::scalar(other.v), ty);
        let plain_class = matches!(self.cx.s.types.kind(ty), TyKind::Adt(d, _)
            if !self.cx.s.def(*d).has(ast::ModifierKind::Data))
            && !self.cx.is_boxed(ty)
            && !self.cx.is_string(ty);
        let eq = if plain_class {
            // the exact type is known: no dispatch again
            self.b.ins().ref_eq(r.v, o.v)
        } else {
            self.equality_in(r, o, ty, true, span)?
        };
        self.b.ins().jump(merge, &[eq]);
        self.switch_to(merge);
        Some(Op::scalar(out))
    }

    /// `x is T`: a `bool`.
    pub fn is_test(&mut self, x: Op, from: Ty, target: Ty, span: Span) -> Option<Value> {
        let target = self.cx.s.types.non_null(target);
        if self.cx.s.is_subtype(from, target) {
            return Some(self.b.ins().bconst(true));
        }
        let inner = self.cx.s.types.non_null(from);
        if self.cx.s.is_subtype(inner, target) {
            // a `T?` is a `T` when it is present
            return Some(self.is_present(x.v));
        }
        if self.b.func().value_type(x.v) != Type::Ref
            || (self.cx.is_concrete(inner) && !matches!(self.cx.s.types.kind(inner), TyKind::Any))
        {
            return Some(self.b.ins().bconst(false));
        }
        // `typeof` needs an object: null is no `T`
        let (test, merge) = (self.b.create_block(), self.b.create_block());
        let out = self.b.append_block_param(merge, Type::Bool);
        let present = self.is_present(x.v);
        let no = self.b.ins().bconst(false);
        self.b.ins().brif(present, test, &[], merge, &[no]);
        self.switch_to(test);
        let v = self.exact_or_thunk(x.v, target, span)?;
        self.b.ins().jump(merge, &[v]);
        self.switch_to(merge);
        Some(out)
    }

    /// The type test of a non-null reference: one comparison for a
    /// concrete type, an is-a instance otherwise.
    fn exact_or_thunk(&mut self, r: Value, target: Ty, span: Span) -> Option<Value> {
        if self.cx.is_concrete(target) {
            let desc = self.descriptor(target)?;
            let ty = self.b.ins().type_of(r);
            return Some(self.b.ins().icmp(IntCC::Eq, ty, desc));
        }
        let def = match self.cx.s.types.kind(target) {
            TyKind::Adt(d, _) => *d,
            _ => self.inst.def,
        };
        let inst = Inst {
            def,
            kind: InstKind::IsA,
            subst: Vec::new(),
            this: Some(target),
        };
        self.call_inst(inst, Some(r), &[], span)?
    }

    /// The body of an is-a instance: whether the descriptor is one of the
    /// live subtypes'.
    pub fn isa_body(&mut self) {
        let Some((this, target)) = self.this else {
            return;
        };
        let ty = self.b.ins().type_of(this);
        let mut any = self.b.ins().bconst(false);
        for c in self.cx.live_subtypes(target) {
            let Some(desc) = self.descriptor(c) else {
                continue;
            };
            let hit = self.b.ins().icmp(IntCC::Eq, ty, desc);
            any = self.b.ins().bor(any, hit);
        }
        self.b.ins().ret(Some(any));
        self.end_block();
    }

    /// `x as T` (panics when it is not) and `x as? T` (`null` then).
    pub fn cast(&mut self, e: &'a ast::Expr<'a>, x: &'a ast::Expr<'a>, safe: bool) -> Option<Op> {
        let from = self.ty_of(x);
        let to = self.ty_of(e);
        let target = self.cx.s.types.non_null(to);
        let v = self.expr(x)?;
        let want = self.result_ir(e)?;
        let ok = self.is_test(v, from, target, e.span)?;
        let (yes, no, merge) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let param = want.map(|t| self.b.append_block_param(merge, t));
        self.b.ins().brif(ok, yes, &[], no, &[]);
        self.switch_to(yes);
        let target_ir = self.ir(target).ok()??;
        let inner = self.fit(
            Op {
                v: v.v,
                owned: false,
            },
            target_ir,
            e.span,
        )?;
        self.merge_value(Some(inner), want, merge, e.span);
        self.switch_to(no);
        if safe {
            let null = self.null_of(to, e.span);
            self.merge_value(null, want, merge, e.span);
        } else {
            let shown = self.cx.s.show(target);
            let msg = format!("the value is not a {shown}");
            let loc = self.loc(e.span);
            self.b.ins().trap(&msg, Some(loc));
            self.end_block();
        }
        self.switch_to(merge);
        self.drop_op(Some(v));
        param.map(|p| self.owned_if_counted(p))
    }
}
