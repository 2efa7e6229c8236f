//! Top-level properties and `object`s: IR globals with one initialiser
//! function each. Top-level properties are initialised in declaration
//! order (by file, then position) before `main` runs; an `object` when it
//! is first used (its global is null until then).

use seen_ir::{Const, GlobalId, Module, Type};
use seen_syntax::{Span, ast};

use super::body::{Fl, Op};
use super::{Inst, InstKind, Lower};
use crate::defs::{DefId, DefKind};
use crate::ty::Ty;

/// A global: its IR global and type.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Global {
    pub id: GlobalId,
    pub ty: Type,
}

impl Lower<'_, '_> {
    /// The global of a top-level property or `object`, declared (and its
    /// initialiser queued) on first use.
    pub fn global(&mut self, module: &mut Module, def: DefId) -> Result<Option<Global>, String> {
        if let Some(g) = self.globals.get(&def) {
            return Ok(Some(*g));
        }
        let ty = self.global_type(def);
        let Some(t) = self.ir_type(module, ty)? else {
            return Ok(None);
        };
        let name = format!("{}.<value>", self.s.path_of(def));
        let id = module
            .try_add_global(&name, t, Const::Zero)
            .map_err(|e| format!("the global `{name}` ({e})"))?;
        let g = Global { id, ty: t };
        self.globals.insert(def, g);
        let init = Inst {
            def,
            kind: InstKind::GlobalInit,
            subst: Vec::new(),
            this: None,
        };
        if self.instance(module, init).is_none() {
            return Err("this initialiser".into());
        }
        Ok(Some(g))
    }

    /// The type of a top-level property, or of an `object`.
    pub fn global_type(&mut self, def: DefId) -> Ty {
        match self.s.def(def).kind {
            DefKind::Class(_) => self.s.declared_type(def),
            _ => self.s.property_type(def),
        }
    }

    /// The entry: every global's initialiser in declaration order, then
    /// the program's `main`. Built last, when every global is known.
    pub fn build_entry(
        &mut self,
        module: &mut Module,
        main: seen_ir::FuncId,
        args: Option<seen_ir::FuncId>,
    ) -> Result<(), String> {
        let mut inits: Vec<(DefId, seen_ir::FuncId)> = self
            .funcs
            .iter()
            .filter(|(i, _)| i.kind == InstKind::GlobalInit)
            .filter(|(i, _)| !matches!(self.s.def(i.def).kind, DefKind::Class(_)))
            .map(|(i, f)| (i.def, *f))
            .collect();
        inits.sort_by_key(|(d, _)| (self.s.def(*d).file, self.s.def(*d).span.start));
        let mut sig = module.func(main).sig.clone();
        sig.params.clear();
        let entry = module
            .try_declare_function(super::ENTRY_NAME, sig.clone(), seen_ir::Linkage::Local)
            .map_err(|e| e.to_string())?;
        let mut ctx = seen_ir::FunctionBuilderContext::new();
        let mut b = seen_ir::FunctionBuilder::new(module, entry, &mut ctx);
        let block = b.create_block();
        b.switch_to_block(block);
        b.seal_block(block);
        for (_, f) in inits {
            b.ins().call(f, &[]);
        }
        let list = args.and_then(|f| b.ins().call(f, &[]));
        let r = b.ins().call(main, list.as_slice());
        if let Some(l) = list {
            b.ins().release(l);
        }
        // the program is over: what the globals hold is released, so the
        // leak check sees only real leaks
        let mut globals: Vec<(DefId, Global)> =
            self.globals.iter().map(|(d, g)| (*d, *g)).collect();
        globals.sort_by_key(|(d, _)| {
            std::cmp::Reverse((self.s.def(*d).file, self.s.def(*d).span.start))
        });
        for (_, g) in globals.into_iter().filter(|(_, g)| g.ty == Type::Ref) {
            let v = b.ins().global_get(g.id);
            b.ins().release(v);
        }
        b.ins().ret(r);
        b.try_finalize().map_err(|e| e.to_string())
    }
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// Reads a top-level property or an `object` (borrowed).
    pub fn read_global(&mut self, def: DefId, span: Span) -> Option<Op> {
        let g = match self.cx.global(self.b.module_mut(), def) {
            Ok(Some(g)) => g,
            Ok(None) => return None,
            Err(what) => return self.unsupported(span, what),
        };
        let v = self.b.ins().global_get(g.id);
        if !matches!(self.cx.s.def(def).kind, DefKind::Class(_)) {
            return Some(Op::scalar(v));
        }
        // an object is made on first use
        let (init, done) = (self.b.create_block(), self.b.create_block());
        let out = self.b.append_block_param(done, Type::Ref);
        let missing = self.b.ins().is_null(v);
        self.b.ins().brif(missing, init, &[], done, &[v]);
        self.switch_to(init);
        let make = Inst {
            def,
            kind: InstKind::GlobalInit,
            subst: Vec::new(),
            this: None,
        };
        self.call_inst(make, None, &[], span)?;
        let made = self.b.ins().global_get(g.id);
        self.b.ins().jump(done, &[made]);
        self.switch_to(done);
        Some(Op::scalar(out))
    }

    /// Writes a top-level `var`, releasing the old value.
    pub fn write_global(&mut self, def: DefId, value: Op, span: Span) {
        let g = match self.cx.global(self.b.module_mut(), def) {
            Ok(Some(g)) => g,
            Ok(None) => return,
            Err(what) => {
                self.unsupported(span, what);
                return;
            }
        };
        let Some(v) = self.fit(value, g.ty, span) else {
            return;
        };
        let v = self.owned(v);
        if g.ty == Type::Ref {
            let old = self.b.ins().global_get(g.id);
            self.b.ins().global_set(g.id, v.v);
            self.b.ins().release(old);
        } else {
            self.b.ins().global_set(g.id, v.v);
        }
    }

    /// A global's initialiser: its value (a property's initialiser, an
    /// `object`'s construction) stored.
    pub fn global_init_body(&mut self) {
        let def = self.inst.def;
        let span = self.cx.s.def(def).span;
        let value = match self.cx.s.def(def).kind {
            DefKind::Class(_) => {
                let ty = self.cx.s.declared_type(def);
                let new = Inst {
                    def,
                    kind: InstKind::New,
                    subst: Vec::new(),
                    this: Some(ty),
                };
                match self.call_inst(new, None, &[], span) {
                    Some(Some(v)) => Some(Op { v, owned: true }),
                    _ => None,
                }
            }
            _ => {
                let Some(ast::ItemKind::Property(p)) = self.cx.s.def(def).item().map(|i| &i.kind)
                else {
                    self.unsupported(span, "this global");
                    return;
                };
                let Some(init) = &p.init else {
                    self.unsupported(span, "a top-level property without a value");
                    return;
                };
                self.scan_cells_expr(init);
                self.declare_locals(init.span);
                self.expr(init)
            }
        };
        if let Some(v) = value
            && !self.dead
        {
            self.write_global(def, v, span);
        }
        self.finish_unit();
    }
}
