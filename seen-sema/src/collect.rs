//! Collection: the module tree and one definition per declaration.
//!
//! Walks every parsed file once. Files become modules named by their path
//! (`src/net/http.seen` is `net.http`), directories become modules too,
//! and every declaration is entered in its parent's member table. Imports
//! are remembered per file and resolved when a name is looked up.

use seen_syntax::ast::{self, ItemKind, ModifierKind, PatternKind};
use seen_syntax::pack::Word;
use seen_syntax::{Diagnostic, FileId, Span};
use smallvec::SmallVec;

use crate::defs::{Def, DefId, DefKind, Members, Node, Visibility};
use crate::{Sema, SourceModule};

impl<'a> Sema<'a> {
    /// Creates a definition and enters it in its parent's members.
    pub(crate) fn new_def(&mut self, def: Def<'a>) -> DefId {
        let id = DefId(self.defs.len() as u32);
        let (parent, name, kind) = (def.parent, def.name, def.kind);
        self.defs.push(def);
        if let Some(parent) = parent {
            if !name.is_empty() && kind != DefKind::TypeParam {
                self.enter(parent, name, id);
            }
        }
        id
    }

    /// Enters `id` under `name` in `parent`, reporting a clash with an
    /// earlier definition that cannot coexist with it.
    fn enter(&mut self, parent: DefId, name: &'a str, id: DefId) {
        let kind = self.defs[id.0 as usize].kind;
        let earlier = self.defs[parent.0 as usize]
            .members
            .get(name)
            .and_then(|ds| {
                ds.iter().copied().find(|d| {
                    let other = self.defs[d.0 as usize].kind;
                    // extension properties overload by receiver, like functions
                    let ext_props =
                        self.is_extension_property(id) && self.is_extension_property(*d);
                    let overloads = ext_props
                        || (kind == DefKind::Fun && other == DefKind::Fun)
                        || (kind == DefKind::Constructor && other == DefKind::Constructor)
                        || (kind == DefKind::Module && other == DefKind::Module);
                    !overloads && namespace(kind) == namespace(other)
                })
            });
        if let Some(earlier) = earlier {
            let (e, d) = (&self.defs[earlier.0 as usize], &self.defs[id.0 as usize]);
            let diag = Diagnostic::error(
                "E0103",
                format!("`{name}` is declared twice in the same scope"),
            )
            .primary(d.file, d.span, "declared again here")
            .secondary(e.file, e.span, "first declared here")
            .help("rename one of them; only functions may share a name (overloads)");
            self.diagnostics.push(diag);
        }
        self.defs[parent.0 as usize]
            .members
            .entry(name)
            .or_default()
            .push(id);
    }

    fn is_extension_property(&self, d: DefId) -> bool {
        matches!(self.defs[d.0 as usize].item().map(|i| &i.kind), Some(ItemKind::Property(p)) if p.receiver.is_some())
    }

    /// A blank definition of `kind` named `name` under `parent`.
    pub(crate) fn blank_def(
        &self,
        kind: DefKind,
        name: &'a str,
        parent: DefId,
        span: Span,
        node: Node<'a>,
    ) -> Def<'a> {
        let p = &self.defs[parent.0 as usize];
        Def {
            kind,
            name,
            parent: Some(parent),
            file: p.file,
            span,
            node,
            vis: Visibility::Public,
            std: p.std,
            members: Members::default(),
            type_params: SmallVec::new(),
        }
    }

    pub(crate) fn collect(&mut self, modules: &[SourceModule<'a>]) {
        for m in modules {
            let Some((&last, dirs)) = m.path.split_last() else {
                continue;
            };
            let mut parent = self.root;
            for &dir in dirs {
                parent = self.child_module(parent, dir, m.file, m.std, Node::None);
            }
            let module = self.child_module(parent, last, m.file, m.std, Node::File(m.ast));
            self.file_modules.insert(m.file, module);
            self.imports.insert(module, m.ast.imports);
            for item in m.ast.items {
                self.collect_item(item, module);
            }
        }
    }

    /// The module `name` under `parent`, created when missing.
    fn child_module(
        &mut self,
        parent: DefId,
        name: &'a str,
        file: FileId,
        std: bool,
        node: Node<'a>,
    ) -> DefId {
        let existing = self.defs[parent.0 as usize]
            .members
            .get(name)
            .and_then(|ds| {
                ds.iter()
                    .copied()
                    .find(|d| self.defs[d.0 as usize].kind == DefKind::Module)
            });
        if let Some(id) = existing {
            let d = &mut self.defs[id.0 as usize];
            if matches!(node, Node::File(_)) {
                d.node = node;
                d.file = file;
            }
            return id;
        }
        let mut def = self.blank_def(DefKind::Module, name, parent, Span::default(), node);
        def.file = file;
        def.std = std;
        self.new_def(def)
    }

    fn visibility(item: &ast::Item<'_>) -> Visibility {
        let vis = item.modifiers.iter().find_map(|m| match m.kind {
            ModifierKind::Private => Some(Visibility::Private),
            ModifierKind::Protected => Some(Visibility::Protected),
            ModifierKind::Internal => Some(Visibility::Internal),
            ModifierKind::Public => Some(Visibility::Public),
            _ => None,
        });
        vis.unwrap_or(Visibility::Public)
    }

    pub(crate) fn collect_item(&mut self, item: &'a ast::Item<'a>, parent: DefId) -> Option<DefId> {
        let vis = Self::visibility(item);
        let node = Node::Item(item);
        let id = match &item.kind {
            ItemKind::Fun(f) => {
                let mut def = self.blank_def(DefKind::Fun, f.name.name, parent, f.name.span, node);
                def.vis = vis;
                let id = self.new_def(def);
                self.collect_type_params(id, f.type_params);
                if f.receiver.is_some() {
                    self.extension_members.push(id);
                }
                id
            }
            ItemKind::Property(p) => {
                let PatternKind::Binding(name) = p.pattern.kind else {
                    let d = Diagnostic::error("E0104", "a destructuring declaration is allowed only inside a function")
                        .primary(self.defs[parent.0 as usize].file, p.pattern.span, "not a single name")
                        .help("declare the values one by one, or destructure inside `main` or another function");
                    self.diagnostics.push(d);
                    return None;
                };
                let kind = if p.binding == ast::BindingKind::Field {
                    DefKind::Field
                } else {
                    DefKind::Property
                };
                let mut def = self.blank_def(kind, name.name, parent, name.span, node);
                def.vis = vis;
                let id = self.new_def(def);
                self.collect_type_params(id, p.type_params);
                if p.receiver.is_some() {
                    self.extension_members.push(id);
                }
                id
            }
            ItemKind::Class(c) => self.collect_class(item, c, parent, vis),
            ItemKind::TypeAlias(a) => {
                let mut def =
                    self.blank_def(DefKind::TypeAlias, a.name.name, parent, a.name.span, node);
                def.vis = vis;
                let id = self.new_def(def);
                self.collect_type_params(id, a.type_params);
                id
            }
            ItemKind::Extension(e) => {
                let def = self.blank_def(DefKind::Extension, "", parent, e.ty.span, node);
                let id = self.new_def(def);
                self.collect_type_params(id, e.type_params);
                self.extensions.push(id);
                for member in e.members {
                    if let Some(m) = self.collect_item(member, id) {
                        self.extension_members.push(m);
                    }
                }
                id
            }
            ItemKind::Module(m) => {
                let module = self.child_module(
                    parent,
                    m.name.name,
                    self.defs[parent.0 as usize].file,
                    self.defs[parent.0 as usize].std,
                    node,
                );
                self.defs[module.0 as usize].span = m.name.span;
                self.imports.insert(module, m.imports);
                for inner in m.items {
                    self.collect_item(inner, module);
                }
                module
            }
            ItemKind::Constructor(_) => {
                let name = Word::Constructor.canonical();
                let mut def = self.blank_def(DefKind::Constructor, name, parent, item.span, node);
                def.vis = vis;
                self.new_def(def)
            }
            ItemKind::Init(_) | ItemKind::Deinit(_) => return None,
        };
        Some(id)
    }

    fn collect_type_params(&mut self, owner: DefId, params: &'a [ast::TypeParam<'a>]) {
        for tp in params {
            let def = self.blank_def(
                DefKind::TypeParam,
                tp.name.name,
                owner,
                tp.name.span,
                Node::TypeParam(tp),
            );
            let id = self.new_def(def);
            self.defs[owner.0 as usize].type_params.push(id);
        }
    }

    fn collect_class(
        &mut self,
        item: &'a ast::Item<'a>,
        c: &'a ast::ClassDecl<'a>,
        parent: DefId,
        vis: Visibility,
    ) -> DefId {
        let companion = item.has(ModifierKind::Companion);
        let name = match c.name {
            Some(n) => n.name,
            None if companion => "Companion",
            None => "",
        };
        let span = c.name.map_or(item.span, |n| n.span);
        let mut def = self.blank_def(DefKind::Class(c.kind), name, parent, span, Node::Item(item));
        def.vis = vis;
        let id = self.new_def(def);
        if companion {
            self.companions.insert(parent, id);
        }
        self.collect_type_params(id, c.type_params);
        if let Some(ctor) = &c.ctor {
            let data = item.has(ModifierKind::Data);
            for param in ctor.params {
                if param.binding.is_some() || data {
                    let mut def = self.blank_def(
                        DefKind::Property,
                        param.name.name,
                        id,
                        param.name.span,
                        Node::CtorParam(param),
                    );
                    def.vis = param
                        .modifiers
                        .iter()
                        .find_map(|m| match m.kind {
                            ModifierKind::Private => Some(Visibility::Private),
                            ModifierKind::Protected => Some(Visibility::Protected),
                            ModifierKind::Internal => Some(Visibility::Internal),
                            _ => None,
                        })
                        .unwrap_or(Visibility::Public);
                    self.new_def(def);
                }
            }
        }
        for entry in c.entries {
            let def = self.blank_def(
                DefKind::EnumEntry,
                entry.name.name,
                id,
                entry.name.span,
                Node::EnumEntry(entry),
            );
            self.new_def(def);
        }
        for member in c.members {
            self.collect_item(member, id);
        }
        id
    }
}

/// Which names may coexist: a function, a type and a value may share a
/// name (`fun Pair(...)` next to `typealias Pair`, a property `step` next
/// to `fun step`), as in Kotlin.
fn namespace(kind: DefKind) -> u8 {
    match kind {
        DefKind::Fun | DefKind::Constructor => 0,
        DefKind::Class(_) | DefKind::TypeAlias | DefKind::TypeParam => 1,
        DefKind::Module => 2,
        DefKind::Extension => 3,
        DefKind::Property | DefKind::Field | DefKind::EnumEntry => 4,
    }
}
