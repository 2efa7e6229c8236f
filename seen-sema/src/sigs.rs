//! Signatures and declared types, computed on demand.
//!
//! A function's signature, a property's type, a class's supertypes and an
//! alias's target are computed the first time something asks, and kept.
//! A type that must be inferred (an expression-bodied function without a
//! return type, a property without a type) is inferred by checking the
//! expression; a definition that needs its own type to compute it is a
//! cycle (E0107).

use rustc_hash::FxHashMap;
use seen_syntax::ast::{self, ItemKind, ModifierKind};
use seen_syntax::{Diagnostic, Span};
use smallvec::SmallVec;

use crate::defs::{DefId, DefKind, Node};
use crate::ty::{Ty, TyKind};
use crate::{Sema, codes};

/// A parameter of a function.
#[derive(Clone, Debug)]
pub struct ParamSig {
    /// Its name (for named arguments).
    pub name: std::rc::Rc<str>,
    /// Its type (for a vararg parameter, the element type).
    pub ty: Ty,
    /// Whether it has a default value.
    pub has_default: bool,
    /// `values: Int...`
    pub vararg: bool,
}

/// What calling a function or constructor takes and gives.
#[derive(Clone, Debug)]
pub struct FnSig {
    /// Type parameters to infer or give at each call.
    pub type_params: SmallVec<[DefId; 2]>,
    /// The receiver of an extension or member (`this`).
    pub receiver: Option<Ty>,
    /// Parameters, in order.
    pub params: Vec<ParamSig>,
    /// The result.
    pub ret: Ty,
    /// `suspend fun`
    pub suspend: bool,
    /// `inline fun` (or `@inline`, `@macro`)
    pub inline: bool,
}

impl<'a> Sema<'a> {
    /// Marks `def` as being computed; `false` (after reporting E0107) when
    /// it already is.
    fn enter_computation(&mut self, def: DefId, span: Span) -> bool {
        if self.in_progress.insert(def) {
            return true;
        }
        if !self.cycles.insert(def) {
            return false;
        }
        let name = self.def(def).name;
        let file = self.def(def).file;
        let d = Diagnostic::error(
            codes::CYCLE,
            format!("the type of `{name}` depends on itself"),
        )
        .primary(file, span, "needs its own type")
        .help("write the type explicitly");
        self.report(d);
        false
    }

    /// The target of a type alias.
    pub(crate) fn alias_target(&mut self, alias: DefId) -> Ty {
        if let Some(&t) = self.prop_types.get(&alias) {
            return t;
        }
        let Some(ItemKind::TypeAlias(a)) = self.def(alias).item().map(|i| &i.kind) else {
            return Ty::ERROR;
        };
        if !self.enter_computation(alias, a.name.span) {
            return Ty::ERROR;
        }
        let t = self.resolve_type(&a.ty, alias);
        self.in_progress.remove(&alias);
        self.prop_types.insert(alias, t);
        t
    }

    /// The supertypes a class, object, enum or trait declares.
    pub fn supertypes(&mut self, class: DefId) -> SmallVec<[Ty; 2]> {
        if let Some(s) = self.supers.get(&class) {
            return s.clone();
        }
        let mut out = SmallVec::new();
        if let Some(ItemKind::Class(c)) = self.def(class).item().map(|i| &i.kind) {
            if !self.enter_computation(class, self.def(class).span) {
                return out;
            }
            for s in c.supers {
                let t = self.resolve_type(&s.ty, class);
                out.push(t);
            }
            self.in_progress.remove(&class);
        }
        // every enum is an `Enum<Self>` (name, ordinal, value, order)
        if matches!(self.def(class).kind, DefKind::Class(ast::ClassKind::Enum)) {
            if let Some(e) = self.lang("Enum") {
                let me = self.declared_type(class);
                out.push(self.types.adt(e, &[me]));
            }
        }
        // a case of a sealed class extends it without naming it
        if let Some(parent) = self.def(class).parent {
            let sealed = self.def(parent).has(ModifierKind::Sealed)
                && matches!(self.def(parent).kind, DefKind::Class(_));
            if sealed && matches!(self.def(class).kind, DefKind::Class(_)) {
                let p = self.declared_type(parent);
                if !out.contains(&p) {
                    out.insert(0, p);
                }
            }
        }
        self.supers.insert(class, out.clone());
        out
    }

    /// The signature of a function, constructor, class (its primary
    /// constructor) or enum entry with a payload.
    pub fn signature(&mut self, def: DefId) -> FnSig {
        if let Some(s) = self.sigs.get(&def) {
            return s.clone();
        }
        if self.in_progress.contains(&def) {
            // an inferred result type that needs itself: reported by
            // `enter_computation`; the parameters are known
            self.enter_computation(def, self.def(def).span);
            return self.partial_sigs.get(&def).cloned().map_or_else(
                || self.empty_sig(),
                |s| FnSig {
                    ret: Ty::ERROR,
                    ..s
                },
            );
        }
        let sig = match self.def(def).kind {
            DefKind::Fun => self.fun_signature(def),
            DefKind::Class(_) => self.class_ctor_signature(def),
            DefKind::Constructor => self.secondary_ctor_signature(def),
            DefKind::EnumEntry => self.entry_signature(def),
            _ => FnSig {
                type_params: SmallVec::new(),
                receiver: None,
                params: Vec::new(),
                ret: Ty::ERROR,
                suspend: false,
                inline: false,
            },
        };
        self.sigs.insert(def, sig.clone());
        sig
    }

    fn params(&mut self, params: &'a [ast::Param<'a>], ctx: DefId) -> Vec<ParamSig> {
        params
            .iter()
            .map(|p| ParamSig {
                name: p.name.name.into(),
                ty: p
                    .ty
                    .as_ref()
                    .map_or(Ty::ERROR, |t| self.resolve_type(t, ctx)),
                has_default: p.default.is_some(),
                vararg: p.vararg,
            })
            .collect()
    }

    fn fun_signature(&mut self, def: DefId) -> FnSig {
        let Some(item) = self.def(def).item() else {
            return self.empty_sig();
        };
        let ItemKind::Fun(f) = &item.kind else {
            return self.empty_sig();
        };
        let receiver = match f.receiver {
            Some(r) => Some(self.resolve_type(&r, def)),
            None => self.member_receiver(def),
        };
        let params = self.params(f.params, def);
        let inline = item.has(ModifierKind::Inline) || self.has_inline_annotation(item);
        let mut sig = FnSig {
            type_params: self.fun_type_params(def),
            receiver,
            params,
            ret: Ty::UNIT,
            suspend: item.has(ModifierKind::Suspend),
            inline,
        };
        sig.ret = match (&f.ret, &f.body) {
            (Some(t), _) => self.resolve_type(t, def),
            (None, Some(ast::FunBody::Expr(e))) => {
                // a recursive call meets `in_progress` and is a cycle
                if !self.enter_computation(def, f.name.span) {
                    return sig;
                }
                self.partial_sigs.insert(def, sig.clone());
                let t = self.infer_expr_body(def, e);
                self.partial_sigs.remove(&def);
                self.in_progress.remove(&def);
                t
            }
            _ => Ty::UNIT,
        };
        sig
    }

    fn has_inline_annotation(&self, item: &ast::Item<'_>) -> bool {
        item.annotations.iter().any(|a| matches!(a.name.name, n if Some(n) == annotation("inline") || Some(n) == annotation("macro")))
    }

    /// The type parameters a generic function must bind: its own, and, for
    /// a member of a generic extension block, the block's.
    fn fun_type_params(&self, def: DefId) -> SmallVec<[DefId; 2]> {
        let mut tps = self.def(def).type_params.clone();
        if let Some(p) = self.def(def).parent {
            if self.def(p).kind == DefKind::Extension {
                tps.extend(self.def(p).type_params.iter().copied());
            }
        }
        tps
    }

    /// The receiver of a member: its class's type, or an extension
    /// block's type.
    pub(crate) fn member_receiver(&mut self, def: DefId) -> Option<Ty> {
        let parent = self.def(def).parent?;
        match self.def(parent).kind {
            DefKind::Class(_) => Some(self.declared_type(parent)),
            DefKind::Extension => {
                let Some(ItemKind::Extension(e)) = self.def(parent).item().map(|i| &i.kind) else {
                    return None;
                };
                Some(self.resolve_type(&e.ty, parent))
            }
            _ => None,
        }
    }

    fn empty_sig(&self) -> FnSig {
        FnSig {
            type_params: SmallVec::new(),
            receiver: None,
            params: Vec::new(),
            ret: Ty::ERROR,
            suspend: false,
            inline: false,
        }
    }

    /// Calling a class: its primary constructor, or for a struct without
    /// one its fields in order, or nothing.
    fn class_ctor_signature(&mut self, class: DefId) -> FnSig {
        let ret = self.declared_type(class);
        let type_params = self.def(class).type_params.clone();
        let Some(ItemKind::Class(c)) = self.def(class).item().map(|i| &i.kind) else {
            return FnSig {
                type_params,
                receiver: None,
                params: Vec::new(),
                ret,
                suspend: false,
                inline: false,
            };
        };
        let params = match &c.ctor {
            Some(ctor) => self.params(ctor.params, class),
            None if c.kind == ast::ClassKind::Struct => self.struct_field_params(class),
            None => Vec::new(),
        };
        FnSig {
            type_params,
            receiver: None,
            params,
            ret,
            suspend: false,
            inline: false,
        }
    }

    fn struct_field_params(&mut self, class: DefId) -> Vec<ParamSig> {
        let fields: Vec<DefId> = self
            .def(class)
            .members
            .values()
            .flatten()
            .copied()
            .filter(|d| self.def(*d).kind == DefKind::Field)
            .collect();
        fields
            .into_iter()
            .map(|f| {
                let has_default = matches!(self.def(f).item().map(|i| &i.kind), Some(ItemKind::Property(p)) if p.init.is_some());
                ParamSig { name: self.def(f).name.into(), ty: self.property_type(f), has_default, vararg: false }
            })
            .collect()
    }

    fn secondary_ctor_signature(&mut self, def: DefId) -> FnSig {
        let class = self
            .def(def)
            .parent
            .expect("a constructor is a member of its class");
        let ret = self.declared_type(class);
        let type_params = self.def(class).type_params.clone();
        let params = match self.def(def).item().map(|i| &i.kind) {
            Some(ItemKind::Constructor(c)) => self.params(c.params, def),
            _ => Vec::new(),
        };
        FnSig {
            type_params,
            receiver: None,
            params,
            ret,
            suspend: false,
            inline: false,
        }
    }

    fn entry_signature(&mut self, entry: DefId) -> FnSig {
        let enum_def = self
            .def(entry)
            .parent
            .expect("an entry is a member of its enum");
        let ret = self.declared_type(enum_def);
        let type_params = self.def(enum_def).type_params.clone();
        let params = match self.def(entry).node {
            Node::EnumEntry(e) => e
                .payload
                .map_or_else(Vec::new, |ps| self.params(ps, enum_def)),
            _ => Vec::new(),
        };
        FnSig {
            type_params,
            receiver: None,
            params,
            ret,
            suspend: false,
            inline: false,
        }
    }

    /// The type of a property, field or constructor property (declared,
    /// or inferred from its initialiser or getter).
    pub fn property_type(&mut self, def: DefId) -> Ty {
        if let Some(&t) = self.prop_types.get(&def) {
            return t;
        }
        let t = match self.def(def).node {
            Node::CtorParam(p) => {
                let class = self
                    .def(def)
                    .parent
                    .expect("a constructor property belongs to a class");
                p.ty.as_ref()
                    .map_or(Ty::ERROR, |t| self.resolve_type(t, class))
            }
            Node::Item(item) => match &item.kind {
                ItemKind::Property(p) => self.declared_property_type(def, p),
                _ => Ty::ERROR,
            },
            Node::EnumEntry(_) => {
                let e = self.def(def).parent.expect("an entry belongs to its enum");
                self.declared_type(e)
            }
            _ => Ty::ERROR,
        };
        self.prop_types.insert(def, t);
        t
    }

    fn declared_property_type(&mut self, def: DefId, p: &'a ast::PropertyDecl<'a>) -> Ty {
        if let Some(t) = &p.ty {
            return self.resolve_type(t, def);
        }
        let getter_body: Option<&'a ast::FunBody<'a>> = p.getter.and_then(|g| g.body.as_ref());
        let expr: &'a ast::Expr<'a> = match (&p.init, getter_body) {
            (Some(e), _) => e,
            (None, Some(ast::FunBody::Expr(e))) => e,
            _ => return Ty::ERROR,
        };
        if !self.enter_computation(def, self.def(def).span) {
            return Ty::ERROR;
        }
        let t = self.infer_expr_body(def, expr);
        self.in_progress.remove(&def);
        t
    }

    /// Substitution of a generic definition's parameters by `args`.
    pub fn subst_map(&self, params: &[DefId], args: &[Ty]) -> FxHashMap<DefId, Ty> {
        params.iter().copied().zip(args.iter().copied()).collect()
    }

    /// Whether `ty` is a type parameter.
    pub fn is_param(&self, ty: Ty) -> bool {
        matches!(self.types.kind(ty), TyKind::Param(_))
    }
}

/// The canonical name of an annotation.
pub(crate) fn annotation(name: &str) -> Option<&'static str> {
    seen_syntax::pack::schema::entry(seen_syntax::pack::Section::Annotations, name)
        .map(|e| e.canonical())
}
