//! Member lookup: what `receiver.name` can mean.
//!
//! A member is found in the receiver's class (or, for a primitive, its
//! `@builtin` struct), then in its supertypes, each with the substitution
//! that maps the declaring class's type parameters to the receiver's
//! arguments; then among the extension functions and properties in scope.

use std::rc::Rc;

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use crate::Sema;
use crate::defs::{DefId, DefKind};
use crate::ty::{Ty, TyKind};

/// A member found for a receiver.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    /// The member.
    pub def: DefId,
    /// Maps the declaring class's type parameters to the receiver's
    /// arguments.
    pub subst: Rc<FxHashMap<DefId, Ty>>,
}

impl<'a> Sema<'a> {
    /// The class-like definition and arguments behind a type, for member
    /// lookup.
    pub(crate) fn class_of(&self, ty: Ty) -> Option<(DefId, Vec<Ty>)> {
        match self.types.kind(ty) {
            TyKind::Adt(d, args) => Some((*d, args.to_vec())),
            TyKind::Tuple(_) => None,
            // `simd[T, N]` has the members of the library's `Simd<T, N>`,
            // `mask[N]` those of `Mask<N>`
            TyKind::Simd(t, n) => self.lang("Simd").map(|d| (d, vec![*t, *n])),
            TyKind::Mask(n) => self.lang("Mask").map(|d| (d, vec![*n])),
            _ => self.lang.prim_defs.get(&ty).map(|d| (*d, Vec::new())),
        }
    }

    /// Declared members named `name` of `ty` and its supertypes (nearest
    /// first; an override hides what it overrides).
    pub(crate) fn declared_members(&mut self, ty: Ty, name: &str) -> Vec<Found> {
        if let Some(found) = self.members_cache.get(ty.0, name) {
            return found.clone();
        }
        let found = self.compute_declared_members(ty, name);
        self.members_cache.insert(ty.0, name, found.clone());
        found
    }

    fn compute_declared_members(&mut self, ty: Ty, name: &str) -> Vec<Found> {
        let mut out = Vec::new();
        let mut queue = vec![ty];
        let mut visited: SmallVec<[DefId; 8]> = SmallVec::new();
        while let Some(t) = queue.pop() {
            let t = match self.types.kind(t) {
                TyKind::Param(p) => {
                    let p = *p;
                    queue.extend(self.bounds(p));
                    continue;
                }
                _ => t,
            };
            let Some((def, args)) = self.class_of(t) else {
                continue;
            };
            if visited.contains(&def) {
                continue;
            }
            visited.push(def);
            let params = self.def(def).type_params.clone();
            // `Self` (a trait's or a `@builtin` type's own parameter) is the
            // receiver's type
            let mut map: FxHashMap<DefId, Ty> =
                params.iter().copied().zip(args.iter().copied()).collect();
            map.insert(def, ty);
            let subst: Rc<FxHashMap<DefId, Ty>> = Rc::new(map);
            if let Some(ids) = self.def(def).members.get(name).cloned() {
                for id in ids {
                    let kind = self.def(id).kind;
                    let overridden = out
                        .iter()
                        .any(|f: &Found| self.def(f.def).kind == kind && kind != DefKind::Fun);
                    if matches!(kind, DefKind::Fun | DefKind::Property | DefKind::Field)
                        && !overridden
                    {
                        out.push(Found {
                            def: id,
                            subst: subst.clone(),
                        });
                    }
                }
            }
            let parents = self.parents(t);
            queue.extend(parents.into_iter().rev());
        }
        // every value has `Any`'s members
        if let Some(&any) = self.lang.prim_defs.get(&Ty::ANY) {
            if !visited.contains(&any) {
                if let Some(ids) = self.def(any).members.get(name).cloned() {
                    for id in ids {
                        if !out
                            .iter()
                            .any(|f| self.def(f.def).kind == self.def(id).kind)
                        {
                            out.push(Found {
                                def: id,
                                subst: Rc::default(),
                            });
                        }
                    }
                }
            }
        }
        out
    }

    /// Extension functions and properties named `name` visible from
    /// `ctx` (receiver compatibility is checked by the caller).
    pub(crate) fn extensions_named(&mut self, ctx: DefId, name: &str) -> Vec<DefId> {
        let module = self.file_module_of(ctx);
        let mut out = Vec::new();
        // declared inside functions and classes on the way to the module
        let mut cur = Some(ctx);
        while let Some(d) = cur.filter(|d| *d != module) {
            if let Some(ids) = self.def(d).members.get(name) {
                out.extend(ids.iter().copied().filter(|m| self.is_extension_member(*m)));
            }
            cur = self.def(d).parent;
        }
        match self.extensions_cache.get(module.0, name) {
            Some(found) => out.extend(found.iter().copied()),
            None => {
                let found = self.module_extensions(module, name);
                out.extend(found.iter().copied());
                self.extensions_cache.insert(module.0, name, found);
            }
        }
        out.dedup();
        out
    }

    fn is_extension_member(&self, d: DefId) -> bool {
        matches!(self.def(d).kind, DefKind::Fun | DefKind::Property) && self.is_extension(d)
    }

    /// Extensions named `name` in scope at the level of `module`: its own,
    /// imported, the prelude's, and members of visible extension blocks.
    fn module_extensions(&mut self, module: DefId, name: &str) -> Vec<DefId> {
        let ctx = module;
        let levels = self.lookup_scopes(ctx, name, |s, d| s.is_extension_member(d));
        let mut out: Vec<DefId> = levels.into_iter().flatten().collect();
        // members of extension blocks are found through their blocks
        let blocks: Vec<DefId> = self.extensions.clone();
        for block in blocks {
            if !self.extension_block_visible(ctx, block) {
                continue;
            }
            if let Some(ids) = self.def(block).members.get(name) {
                out.extend(
                    ids.iter()
                        .copied()
                        .filter(|d| matches!(self.def(*d).kind, DefKind::Fun | DefKind::Property)),
                );
            }
        }
        out.dedup();
        out
    }

    /// Whether a definition is an extension (has a receiver type of its own
    /// or belongs to an extension block).
    pub fn is_extension(&self, def: DefId) -> bool {
        let d = self.def(def);
        let own = match d.item().map(|i| &i.kind) {
            Some(seen_syntax::ast::ItemKind::Fun(f)) => f.receiver.is_some(),
            Some(seen_syntax::ast::ItemKind::Property(p)) => p.receiver.is_some(),
            _ => false,
        };
        own || d
            .parent
            .is_some_and(|p| self.def(p).kind == DefKind::Extension)
    }

    /// An extension block's members apply where its module is the caller's
    /// file, the prelude, or imported.
    fn extension_block_visible(&self, ctx: DefId, block: DefId) -> bool {
        let module = self.module_of(block);
        module == self.file_module_of(ctx)
            || self.lang.prelude.contains(&module)
            || self.def(block).std
            || self
                .imports
                .get(&self.file_module_of(ctx))
                .is_some_and(|imports| !imports.is_empty())
    }

    /// The receiver type an extension applies to, with its own type
    /// parameters free.
    pub(crate) fn extension_receiver(&mut self, def: DefId) -> Option<Ty> {
        self.signature_or_property_receiver(def)
    }

    fn signature_or_property_receiver(&mut self, def: DefId) -> Option<Ty> {
        match self.def(def).kind {
            DefKind::Fun => self.signature(def).receiver,
            _ => {
                let d = self.def(def);
                match d.item().map(|i| &i.kind) {
                    Some(seen_syntax::ast::ItemKind::Property(p)) => match p.receiver {
                        Some(r) => Some(self.resolve_type(&r, def)),
                        None => self.member_receiver(def),
                    },
                    _ => None,
                }
            }
        }
    }
}
