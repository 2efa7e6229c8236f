//! A function body: parameters and locals as SSA variables, statements,
//! loops, `return`, `break` and `continue`.

use rustc_hash::FxHashMap;
use seen_ir::{
    Block, DataId, FuncId, FunctionBuilder, FunctionBuilderContext, IntCC, Module, Type, Value,
    Variable,
};
use seen_syntax::{FileId, Span, ast};

use super::calls::Site;
use super::{Inst, InstKind, Lower};
use crate::check::{LocalId, Res, key};
use crate::defs::DefId;
use crate::ty::Ty;

/// A lowered value: `owned` when the lowering must release it (a `ref`
/// made by a call); never for scalars.
#[derive(Clone, Copy, Debug)]
pub(super) struct Op {
    pub v: Value,
    pub owned: bool,
}

impl Op {
    pub fn scalar(v: Value) -> Op {
        Op { v, owned: false }
    }
}

/// Where `break` and `continue` of a loop go.
pub(super) struct LoopTarget<'a> {
    label: Option<&'a str>,
    brk: Block,
    cont: Block,
    /// The collection a `for` walks (owned; released where the loop
    /// ends, and by `return` or `break` out of it).
    holder: Option<Value>,
    /// The scopes open when the loop started.
    scope: usize,
}

/// The lowering of one function body.
pub(super) struct Fl<'x, 's, 'a> {
    pub cx: &'x mut Lower<'s, 'a>,
    pub b: FunctionBuilder<'x>,
    pub file: FileId,
    /// The instance being lowered and its substitution.
    pub inst: Inst,
    pub map: FxHashMap<DefId, Ty>,
    /// `this` (borrowed) and its concrete type.
    pub this: Option<(Value, Ty)>,
    /// In a `mutating fun` of a struct: the variable holding `this`.
    pub this_var: Option<Variable>,
    /// Lowering a dispatch case: the receiver's type is exact even when
    /// it is open (its `toString()` is its own, not dispatched again).
    pub exact: bool,
    /// The variable of each local, by where it is declared and the
    /// expansion it belongs to (a property initialiser's view of a
    /// constructor parameter is the same variable; each inline expansion
    /// of a function has its own).
    pub vars: FxHashMap<(FileId, u32, u32), Variable>,
    /// The `var`s (by declaration site) that live in cells because a
    /// lambda value captures them.
    pub cells: rustc_hash::FxHashSet<(FileId, u32)>,
    /// The variables that hold a cell: its object type and the value's
    /// IR type.
    pub cell_vars: FxHashMap<Variable, (seen_ir::TypeId, Type)>,
    /// The expansion whose locals are being lowered (0: the function's).
    pub tag: u32,
    pub next_tag: u32,
    /// Locals holding references, by scope (the function, each inline
    /// expansion): released when the scope ends or the function returns.
    pub scopes: Vec<Vec<Variable>>,
    /// Where `return` goes: the function, an inline expansion, a lambda.
    pub ctxs: Vec<super::inline::Ctx<'a>>,
    /// Lambda literals bound to the parameters of inline expansions.
    pub lambdas: FxHashMap<(FileId, u32, u32), super::inline::LambdaBinding<'a>>,
    /// In an accessor: its `field` local and the property whose backing
    /// field it is.
    pub backing: Option<(LocalId, DefId)>,
    /// Owned temporaries that outlive the code lowered after them: an
    /// inline call's receiver and arguments, a `when` subject. Each is
    /// released by its owner when that code is done, or here when a
    /// `return` or `break` leaves past it; with the number of contexts and
    /// of loops when it was made.
    pub held: Vec<Held>,
    /// The variable holding each local function's value (locals.rs).
    pub local_funs: FxHashMap<DefId, Variable>,
    /// In a local function's own code: it, its code and its environment.
    pub own_local_fun: Option<(DefId, seen_ir::FuncId, Value)>,
    /// The outer instance written before an inner class's constructor
    /// call (`lib.Shelf(...)`), by the call's key.
    pub outer_arg: Option<(usize, Value)>,
    /// The receiver of the call whose arguments are being made (defaults
    /// see it as `this`).
    pub callee_this: Option<(Value, Ty)>,
    pub loops: Vec<LoopTarget<'a>>,
    /// The `catch` blocks of the enclosing `try` blocks, innermost last.
    pub handlers: Vec<super::errors::Handler>,
    /// The `finally` blocks of the enclosing `try` blocks, innermost last,
    /// with the return contexts and loops open when each started: a jump
    /// out of the `try` runs them first.
    pub finallies: Vec<(&'a ast::Block<'a>, usize, usize)>,
    /// The current block has ended (after `return`, `break`, a panic):
    /// what follows is unreachable and not lowered.
    pub dead: bool,
    /// Something could not be lowered (reported): nothing more is built.
    failed: bool,
    ret: Option<Type>,
    /// The NUL-terminated path of this file, for panics.
    path: Option<DataId>,
}

/// An owned temporary kept for the code lowered after it ([`Fl::held`]).
#[derive(Clone, Copy, Debug)]
pub struct Held {
    /// How many contexts (function, inline expansions, lambdas) there were.
    pub ctxs: usize,
    /// How many loops there were.
    pub loops: usize,
    /// The value.
    pub v: Value,
}

/// Lowers the body of `inst` into the declared function `func`.
pub(super) fn lower_instance(
    cx: &mut Lower<'_, '_>,
    module: &mut Module,
    func: FuncId,
    inst: Inst,
) {
    let def = inst.def;
    let file = cx.s.def(def).file;
    let errors_before = cx.diagnostics.len();
    let mut ctx = FunctionBuilderContext::new();
    let ret = module.func(func).sig.ret;
    let map = inst.map();
    let b = FunctionBuilder::new(module, func, &mut ctx);
    let mut fl = Fl {
        cx,
        b,
        file,
        inst: inst.clone(),
        map,
        this: None,
        this_var: None,
        exact: false,
        vars: FxHashMap::default(),
        cells: Default::default(),
        cell_vars: FxHashMap::default(),
        tag: 0,
        next_tag: 1,
        scopes: vec![Vec::new()],
        ctxs: vec![super::inline::Ctx::Function],
        lambdas: FxHashMap::default(),
        backing: None,
        held: Vec::new(),
        local_funs: FxHashMap::default(),
        own_local_fun: None,
        outer_arg: None,
        callee_this: None,
        handlers: Vec::new(),
        finallies: Vec::new(),
        loops: Vec::new(),
        dead: false,
        failed: false,
        ret: (ret != Type::Void).then_some(ret),
        path: None,
    };
    let entry = fl.b.create_block();
    let params = fl.b.append_block_params_for_function_params(entry);
    fl.b.switch_to_block(entry);
    fl.b.seal_block(entry);
    let mut params = params.into_iter();
    if let Some(this) = inst.this
        && !matches!(inst.kind, InstKind::New | InstKind::MemberRef { .. })
        && let Some(v) = params.next()
    {
        fl.this = Some((v, this));
        fl.bind_captures(v, this);
        if inst.is_mutating(fl.cx)
            && let Ok(Some(t)) = fl.ir(this)
        {
            let var = fl.b.declare_var(t);
            fl.b.def_var(var, v);
            fl.this_var = Some(var);
            // `return` takes the function's own result; `this` is added
            let own = fl.cx.s.signature(def).ret;
            let own = fl.subst(own);
            fl.ret = fl.ir(own).ok().flatten();
        }
    }
    match inst.kind {
        InstKind::Fun => fl.fun_body(&mut params),
        InstKind::New if fl.cx.is_struct(inst.this.unwrap_or(Ty::ERROR)) => {
            fl.struct_new_body(params.collect())
        }
        InstKind::New => fl.new_body(params.collect()),
        InstKind::Init => fl.init_body(params.collect()),
        InstKind::Get | InstKind::Set => fl.accessor_body(params.collect()),
        InstKind::GlobalInit => fl.global_init_body(),
        InstKind::Deinit => fl.deinit_body(),
        InstKind::Dispatch => fl.dispatch_body(params.collect()),
        InstKind::IsA => fl.isa_body(),
        InstKind::Lambda { .. } => fl.lambda_body(params.collect()),
        InstKind::FunRef => fl.fun_ref_body(params.collect()),
        InstKind::Forward => fl.forward_body(params.collect()),
        InstKind::MemberRef { bound } => fl.member_ref_body(bound, params.collect()),
    }
    if fl.cx.diagnostics.len() > errors_before {
        return; // the module is discarded
    }
    fl.b.seal_all_blocks();
    if let Err(e) = fl.b.try_finalize() {
        let span = fl.cx.s.def(def).span;
        fl.cx
            .unsupported(file, span, format!("this function (internal error: {e})"));
    }
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// A function's body: parameters bound, the body lowered, `Unit`
    /// functions returning at the end.
    fn fun_body(&mut self, params: &mut impl Iterator<Item = Value>) {
        let def = self.inst.def;
        let Some(item) = self.cx.s.def(def).item() else {
            return;
        };
        let ast::ItemKind::Fun(f) = &item.kind else {
            return;
        };
        let Some(body) = f.body.as_ref() else {
            let span = self.cx.s.def(def).span;
            self.unsupported(span, "a function without a body");
            return;
        };
        self.bind_params(f.params, params);
        let body_span = match body {
            ast::FunBody::Block(b) => b.span,
            ast::FunBody::Expr(e) => e.span,
        };
        match body {
            ast::FunBody::Block(b) => self.scan_cells(b),
            ast::FunBody::Expr(e) => self.scan_cells_expr(e),
        }
        self.declare_locals(body_span);
        match body {
            ast::FunBody::Block(block) => {
                self.block(block);
                self.finish_unit();
            }
            ast::FunBody::Expr(e) => {
                let v = self.expr(e);
                if !self.dead {
                    self.ret(v);
                }
            }
        }
    }

    /// The end of a body whose last statement may fall through.
    pub fn finish_unit(&mut self) {
        if !self.dead {
            if self.ret.is_none() {
                self.ret(None);
            } else {
                self.b.ins().unreachable();
                self.end_block();
            }
        }
    }

    /// Binds the parameters' values to their locals.
    pub fn bind_params(
        &mut self,
        decls: &'a [ast::Param<'a>],
        values: &mut impl Iterator<Item = Value>,
    ) {
        for p in decls {
            let Some(&local) = self.cx.locals_at.get(&(self.file, p.name.span.start)) else {
                continue;
            };
            let ty = self.local_ty(local);
            if let Ok(Some(t)) = self.ir(ty) {
                let var = self.b.declare_var(t);
                if let Some(v) = values.next() {
                    self.b.def_var(var, v);
                }
                self.vars.insert(self.decl_site(local), var);
            }
        }
    }

    /// A type with the instance's type parameters substituted.
    pub fn subst(&mut self, ty: Ty) -> Ty {
        if self.map.is_empty() {
            return ty;
        }
        self.cx.s.types.subst(ty, &self.map)
    }

    /// The IR type of a (substituted) Seen type.
    pub fn ir(&mut self, ty: Ty) -> Result<Option<Type>, String> {
        self.cx.ir_type(self.b.module_mut(), ty)
    }

    /// Where a local is declared.
    pub fn decl_site(&self, local: LocalId) -> (FileId, u32, u32) {
        let l = &self.cx.s.typeck.locals[local.0 as usize];
        (l.file, l.span.start, self.tag)
    }

    /// A local's type, substituted.
    pub fn local_ty(&mut self, local: LocalId) -> Ty {
        let t = self.cx.s.typeck.locals[local.0 as usize].ty;
        self.subst(t)
    }

    /// Reports an unsupported construct and stops lowering this body.
    pub fn unsupported(&mut self, span: Span, what: impl Into<String>) -> Option<Op> {
        if !self.failed {
            self.cx.unsupported(self.file, span, what);
        }
        self.dead = true;
        self.failed = true;
        None
    }

    /// Whether lowering this body has given up (a problem was reported).
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// Stops lowering this body after a problem reported elsewhere.
    pub fn stop(&mut self) {
        self.dead = true;
        self.failed = true;
    }

    /// Ends the current block: what follows is lowered into a fresh,
    /// unreachable block that is never reached.
    pub fn end_block(&mut self) {
        self.dead = true;
    }

    /// Starts lowering into `block`.
    pub fn switch_to(&mut self, block: Block) {
        if self.failed {
            return;
        }
        self.b.switch_to_block(block);
        self.dead = false;
    }

    /// Jumps to `block` unless the current block already ended.
    pub fn jump(&mut self, block: Block, args: &[Value]) {
        if !self.dead {
            self.b.ins().jump(block, args);
        }
    }

    /// `return`: the result owned, every local reference released.
    pub fn ret(&mut self, v: Option<Op>) {
        let v = match (self.ret, v) {
            (Some(t), Some(op)) => {
                let Some(op) = self.fit(op, t, Span::default()) else {
                    return;
                };
                Some(self.owned(op).v)
            }
            _ => None,
        };
        self.release_scopes(0, 0);
        self.release_held(|_| true);
        let v = if self.this_var.is_some() {
            self.mutating_return(v)
        } else {
            v
        };
        self.b.ins().ret(v);
        self.end_block();
    }

    /// Releases the references of the scopes from `scope` up and the
    /// collections of the loops from `loop_depth` up (leaving them).
    pub fn release_scopes(&mut self, scope: usize, loop_depth: usize) {
        let vars: Vec<Variable> = self.scopes[scope.min(self.scopes.len())..]
            .iter()
            .flatten()
            .copied()
            .collect();
        for var in vars {
            let r = self.b.use_var(var);
            self.release_value(r);
        }
        let holders: Vec<Value> = self.loops[loop_depth.min(self.loops.len())..]
            .iter()
            .filter_map(|l| l.holder)
            .collect();
        for h in holders {
            self.b.ins().release(h);
        }
    }

    /// The value, owned: a borrowed reference is retained.
    pub fn owned(&mut self, op: Op) -> Op {
        let counted = self.holds_refs(op.v);
        if !op.owned && counted {
            self.retain_value(op.v);
        }
        Op {
            v: op.v,
            owned: counted,
        }
    }

    /// The value with a reference of its own (retained even if owned).
    pub fn retained(&mut self, op: Op) -> Op {
        if self.holds_refs(op.v) {
            self.retain_value(op.v);
            Op {
                v: op.v,
                owned: true,
            }
        } else {
            op
        }
    }

    /// Releases a temporary the lowering owns.
    pub fn drop_op(&mut self, op: Option<Op>) {
        if let Some(op) = op
            && op.owned
            && !self.dead
        {
            self.release_value(op.v);
        }
    }

    /// The path of this file as a NUL-terminated C string, for panics.
    pub fn path_ptr(&mut self) -> Value {
        let data = match self.path {
            Some(d) => d,
            None => {
                let path = self.cx.s.files.get(self.file).path().to_string();
                let name = format!("path.{}", self.file.0);
                let m = self.b.module_mut();
                let d = match m.symbol(&name) {
                    Some(seen_ir::Symbol::Data(d)) => d,
                    _ => {
                        let mut bytes = path.into_bytes();
                        bytes.push(0);
                        m.add_data(&name, seen_ir::DataKind::Bytes(bytes))
                    }
                };
                self.path = Some(d);
                d
            }
        };
        self.b.ins().data_addr(data)
    }

    /// The line and column of `span`'s start.
    pub fn line_col(&self, span: Span) -> (u32, u32) {
        self.cx.s.files.get(self.file).line_col(span.start)
    }

    /// An IR location for `span` (traps name it).
    pub fn loc(&mut self, span: Span) -> seen_ir::LocId {
        let (line, col) = self.line_col(span);
        let path = self.cx.s.files.get(self.file).path().to_string();
        self.b.loc(&path, line, col)
    }

    // ---- statements -------------------------------------------------

    /// Lowers a block; its value is its last expression's.
    pub fn block(&mut self, block: &'a ast::Block<'a>) -> Option<Op> {
        let mut last = None;
        for (i, stmt) in block.stmts.iter().enumerate() {
            if self.dead {
                return None;
            }
            self.drop_op(last.take());
            let is_last = i + 1 == block.stmts.len();
            match &stmt.kind {
                ast::StmtKind::Expr(e) if is_last => last = self.expr(e),
                ast::StmtKind::Expr(e) => {
                    let v = self.expr(e);
                    self.drop_op(v);
                }
                ast::StmtKind::Decl(item) => self.decl(item),
                ast::StmtKind::Assign(a) => self.assign(a),
                ast::StmtKind::While(w) => self.while_loop(w, false),
                ast::StmtKind::DoWhile(w) => self.while_loop(w, true),
                ast::StmtKind::For(f) => self.for_loop(f),
            }
        }
        last
    }

    /// A local declaration (`let x = ...`, `var y: Int`).
    fn decl(&mut self, item: &'a ast::Item<'a>) {
        if let ast::ItemKind::Fun(f) = &item.kind {
            self.local_fun(item, f);
            return;
        }
        // a local class is lowered where it is used
        let ast::ItemKind::Property(p) = item.kind else {
            return;
        };
        if !matches!(p.pattern.kind, ast::PatternKind::Binding(_)) {
            // `let (a, b) = value`
            let Some(init) = &p.init else { return };
            let ty = self.ty_of(init);
            let Some(v) = self.expr(init) else { return };
            self.bind_pattern(&p.pattern, v, ty);
            self.drop_op(Some(v));
            return;
        }
        let Some(Res::Local(local)) = self.cx.s.typeck.res.get(&key(&p.pattern)).copied() else {
            self.unsupported(p.pattern.span, "this declaration");
            return;
        };
        let ty = self.local_ty(local);
        let t = match self.ir(ty) {
            Ok(Some(t)) => t,
            Ok(None) => {
                // a `Unit` local: evaluate for effects
                if let Some(init) = &p.init {
                    let v = self.expr(init);
                    self.drop_op(v);
                }
                return;
            }
            Err(what) => {
                self.unsupported(p.pattern.span, what);
                return;
            }
        };
        let var = self.var_for(local, t);
        if let Some(init) = &p.init {
            let Some(v) = self.expr(init) else { return };
            self.store_var(var, t, v);
        }
    }

    /// Keeps an owned temporary alive for the code lowered next (see
    /// [`Fl::held`]); gives the length of the list before, which the owner
    /// truncates back to when that code is done.
    pub fn hold(&mut self, op: Op) -> usize {
        let mark = self.held.len();
        if op.owned && self.holds_refs(op.v) {
            self.held.push(Held {
                ctxs: self.ctxs.len(),
                loops: self.loops.len(),
                v: op.v,
            });
        }
        mark
    }

    /// Releases the held temporaries that `leaving` selects (control is
    /// leaving the code they were made for).
    pub fn release_held(&mut self, leaving: impl Fn(&Held) -> bool) {
        let vs: Vec<Value> = self
            .held
            .iter()
            .filter(|h| leaving(h))
            .map(|h| h.v)
            .collect();
        for v in vs {
            self.release_value(v);
        }
    }

    /// The variable of a local (declared at the function's entry by
    /// [`Fl::declare_locals`]; on first use otherwise).
    pub fn var_for(&mut self, local: LocalId, t: Type) -> Variable {
        if let Some(&v) = self.vars.get(&self.decl_site(local)) {
            return v;
        }
        let site = self.decl_site(local);
        if self.cells.contains(&(site.0, site.1))
            && let Some(cell) = self.cell_type(t)
        {
            // a `var` a lambda value shares: the variable holds its cell
            let var = self.b.declare_var(Type::Ref);
            let c = self.b.ins().alloc(cell);
            self.b.def_var(var, c);
            self.cell_vars.insert(var, (cell, t));
            if let Some(scope) = self.scopes.last_mut() {
                scope.push(var);
            }
            self.vars.insert(site, var);
            return var;
        }
        let var = self.b.declare_var(t);
        let z = self.b.ins().zero(t);
        self.b.def_var(var, z);
        if self.has_refs(t)
            && let Some(scope) = self.scopes.last_mut()
        {
            scope.push(var);
        }
        self.vars.insert(self.decl_site(local), var);
        var
    }

    /// Declares every local of the body as zero (null) at the entry, so
    /// that each path to a `return` can release the references.
    pub fn declare_locals(&mut self, span: Span) {
        let inside: Vec<(LocalId, crate::Ty)> = self
            .cx
            .s
            .typeck
            .locals
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                l.file == self.file && l.span.start >= span.start && l.span.end <= span.end
            })
            .filter(|(_, l)| l.kind != crate::check::LocalKind::Param)
            .map(|(i, l)| (LocalId(i as u32), l.ty))
            .collect();
        for (local, ty) in inside {
            let ty = self.subst(ty);
            if let Ok(Some(t)) = self.ir(ty) {
                self.var_for(local, t);
            }
        }
    }

    /// Gives a local a new value (releasing the reference it held).
    pub fn write_local(&mut self, local: LocalId, v: Op) {
        let Some(&var) = self.vars.get(&self.decl_site(local)) else {
            return;
        };
        let t = self.b.func().value_type(v.v);
        self.store_var(var, t, v);
    }

    /// A variable's value (a cell's content for a shared `var`).
    pub fn load_var(&mut self, var: Variable) -> Value {
        let v = self.b.use_var(var);
        match self.cell_vars.get(&var) {
            Some(&(cell, _)) => self.b.ins().field_get(cell, v, 0),
            None => v,
        }
    }

    /// Stores into a local, releasing the reference it held.
    pub fn store_var(&mut self, var: Variable, t: Type, v: Op) {
        if let Some(&(cell, inner)) = self.cell_vars.get(&var) {
            let Some(v) = self.fit(v, inner, Span::default()) else {
                return;
            };
            let v = self.owned(v);
            let c = self.b.use_var(var);
            if self.holds_refs(v.v) {
                let old = self.b.ins().field_get(cell, c, 0);
                self.b.ins().field_set(cell, c, 0, v.v);
                self.release_value(old);
            } else {
                self.b.ins().field_set(cell, c, 0, v.v);
            }
            return;
        }
        let Some(v) = self.fit(v, t, Span::default()) else {
            return;
        };
        if self.has_refs(t) {
            let v = self.owned(v);
            let old = self.b.use_var(var);
            self.b.def_var(var, v.v);
            self.release_value(old);
        } else {
            self.b.def_var(var, v.v);
        }
    }

    /// A local's current value (borrowed).
    pub fn read_local(&mut self, local: LocalId, span: Span) -> Option<Op> {
        if let Some(&var) = self.vars.get(&self.decl_site(local)) {
            return Some(Op::scalar(self.load_var(var)));
        }
        if let (Some((field, prop)), Some((this, ty))) = (self.backing, self.this)
            && field == local
        {
            return self.read_field(prop, Op::scalar(this), ty, span);
        }
        // a constructor parameter seen outside the initialisers is the
        // property it declares
        if let Some((this, ty)) = self.this
            && let Some(prop) = self.ctor_property(local, ty)
        {
            return self.read_property(prop, Op::scalar(this), ty, span);
        }
        self.unsupported(span, "a captured variable")
    }

    /// The property a primary-constructor parameter `local` of `ty`'s
    /// class (or a superclass) declares.
    fn ctor_property(&mut self, local: LocalId, ty: Ty) -> Option<DefId> {
        let (file, start) = {
            let l = &self.cx.s.typeck.locals[local.0 as usize];
            (l.file, l.span.start)
        };
        let mut cur = Some(ty);
        let mut depth = 0;
        while let Some(t) = cur {
            let (class, _) = self.cx.s.class_of(t)?;
            let found = self.cx.s.def(class).members.values().flatten().copied().find(|&d| {
                let def = self.cx.s.def(d);
                matches!(def.node, crate::defs::Node::CtorParam(p) if p.name.span.start == start) && def.file == file
            });
            if found.is_some() {
                return found;
            }
            depth += 1;
            cur = if depth > 64 {
                None
            } else {
                self.cx.superclass(t)
            };
        }
        None
    }

    /// `x = v`, `x += v` and the other assignments, to a local or a
    /// property.
    fn assign(&mut self, a: &'a ast::Assign<'a>) {
        if let Some(Res::Def(f)) = self.cx.s.typeck.res.get(&crate::check::op_key(a)).copied()
            && self.cx.s.def(f).name == a.op.symbol()
        {
            self.op_assign_call(a, f);
            return;
        }
        let res = self.cx.s.typeck.res.get(&key(&a.target)).copied();
        match (&a.target.kind, res) {
            (ast::ExprKind::Name(_), Some(Res::Local(local))) => self.assign_local(a, local),
            (ast::ExprKind::Name(_), Some(Res::Def(prop))) if self.is_top_level(prop) => {
                let Some(value) = self.expr(&a.value) else {
                    return;
                };
                let value = match binary_of(a.op) {
                    None => Some(value),
                    Some(op) => {
                        let ty = self.ty_of(&a.target);
                        let Some(old) = self.read_global(prop, a.target.span) else {
                            return;
                        };
                        self.combine(a, op, ty, old, value)
                    }
                };
                if let Some(v) = value {
                    self.write_global(prop, v, a.target.span);
                }
            }
            (ast::ExprKind::Name(_) | ast::ExprKind::Member { .. }, Some(Res::Def(_)))
                if self.struct_place(&a.target) =>
            {
                self.assign_through_place(a);
            }
            (ast::ExprKind::Name(_), Some(Res::Def(prop))) => {
                let Some((this, ty)) = self.implicit_receiver(prop) else {
                    self.unsupported(a.target.span, "assignment to a top-level property");
                    return;
                };
                self.assign_property(a, prop, Op::scalar(this), ty);
            }
            (
                ast::ExprKind::Member {
                    receiver,
                    safe: false,
                    ..
                },
                Some(Res::Def(prop)),
            ) => {
                let ty = self.ty_of(receiver);
                let Some(recv) = self.expr(receiver) else {
                    return;
                };
                self.assign_property(a, prop, recv, ty);
                self.drop_op(Some(recv));
            }
            (ast::ExprKind::Index { receiver, indices }, Some(Res::Def(set))) => {
                self.assign_index(a, set, receiver, indices);
            }
            _ => {
                self.unsupported(a.target.span, "assignment to this target");
            }
        }
    }

    /// `a[i] = v` (the receiver's `set`) and `a[i] += v` (`get`, then
    /// `set`).
    fn assign_index(
        &mut self,
        a: &'a ast::Assign<'a>,
        set: DefId,
        receiver: &'a ast::Expr<'a>,
        indices: &'a [ast::Expr<'a>],
    ) {
        let rt = self.ty_of(receiver);
        let Some(r) = self.expr(receiver) else { return };
        let mut args = Vec::new();
        for i in indices {
            let t = self.ty_of(i);
            let Some(v) = self.expr(i) else { return };
            args.push(Some((v, t)));
        }
        let value = match binary_of(a.op) {
            None => self.expr(&a.value),
            Some(op) => {
                let Some(get) = self.member_fun(rt, INDEX_GET) else {
                    self.unsupported(a.target.span, "this compound assignment");
                    return;
                };
                let mut site = Site::synthetic(a.target.span);
                site.ret = Some(self.ty_of(&a.target));
                let Some(old) = self.call_method(&site, get, Some((r, rt)), &args) else {
                    return;
                };
                let Some(rhs) = self.expr(&a.value) else {
                    return;
                };
                let elem = self.ty_of(&a.target);
                let v = self.combine(a, op, elem, old, rhs);
                self.drop_op(Some(rhs));
                v
            }
        };
        let Some(value) = value else { return };
        let vt = self.ty_of(&a.value);
        args.push(Some((value, vt)));
        let site = self.site(&a.target);
        let _ = self.call_method(&site, set, Some((r, rt)), &args);
        self.drop_op(Some(r));
        for (v, _) in args.into_iter().flatten() {
            self.drop_op(Some(v));
        }
    }

    /// Whether a definition is declared at the top level of a module.
    pub fn is_top_level(&self, d: DefId) -> bool {
        let def = self.cx.s.def(d);
        let is_const = matches!(def.item().map(|i| &i.kind),
            Some(ast::ItemKind::Property(p)) if p.binding == ast::BindingKind::Const);
        is_const
            || def
                .parent
                .is_some_and(|p| self.cx.s.def(p).kind == crate::defs::DefKind::Module)
    }

    /// What `get(Int)` of a collection type gives (its element type).
    fn element_type(&mut self, ty: Ty, get: DefId) -> Ty {
        let name = self.cx.s.def(get).name;
        let found = self.cx.s.declared_members(ty, name);
        let ret = self.cx.s.signature(get).ret;
        match found.iter().find(|f| f.def == get) {
            Some(f) => {
                let map = (*f.subst).clone();
                self.cx.s.types.subst(ret, &map)
            }
            None => ret,
        }
    }

    /// The first method named `name` of a type.
    pub fn member_fun(&mut self, ty: Ty, name: &str) -> Option<DefId> {
        let found = self.cx.s.declared_members(ty, name);
        found
            .iter()
            .map(|f| f.def)
            .find(|&d| self.cx.s.def(d).kind == crate::defs::DefKind::Fun)
    }

    /// The first property named `name` of a type.
    pub fn member_prop(&mut self, ty: Ty, name: &str) -> Option<DefId> {
        let found = self.cx.s.declared_members(ty, name);
        found
            .iter()
            .map(|f| f.def)
            .find(|&d| self.cx.s.def(d).kind == crate::defs::DefKind::Property)
    }

    /// Whether an assignment target is a field of a struct value.
    fn struct_place(&mut self, target: &'a ast::Expr<'a>) -> bool {
        match &target.kind {
            ast::ExprKind::Member { receiver, .. } => {
                let t = self.ty_of(receiver);
                self.cx.is_struct(t)
            }
            ast::ExprKind::Name(_) => self.this.is_some_and(|(_, t)| self.cx.is_struct(t)),
            _ => false,
        }
    }

    /// `s.x = v` / `s.x += v` on a struct in a place: a changed copy
    /// written back.
    fn assign_through_place(&mut self, a: &'a ast::Assign<'a>) {
        let value = match binary_of(a.op) {
            None => self.expr(&a.value),
            Some(op) => {
                let Some(old) = self.expr(&a.target) else {
                    return;
                };
                let Some(rhs) = self.expr(&a.value) else {
                    return;
                };
                let ty = self.ty_of(&a.target);
                let v = self.combine(a, op, ty, old, rhs);
                self.drop_op(Some(old));
                v
            }
        };
        if let Some(v) = value {
            self.update_place(&a.target, v);
            self.drop_op(Some(v));
        }
    }

    /// An assignment to a local.
    fn assign_local(&mut self, a: &'a ast::Assign<'a>, local: LocalId) {
        if let (Some((field, prop)), Some((this, ty))) = (self.backing, self.this)
            && field == local
        {
            self.assign_field(a, prop, this, ty);
            return;
        }
        let Some(&var) = self.vars.get(&self.decl_site(local)) else {
            self.unsupported(a.target.span, "assignment to a captured variable");
            return;
        };
        let ty = self.local_ty(local);
        let Ok(Some(t)) = self.ir(ty) else {
            self.unsupported(a.target.span, "this assignment");
            return;
        };
        let value = match binary_of(a.op) {
            None => self.expr(&a.value),
            Some(op) => {
                let old = Op::scalar(self.load_var(var));
                let Some(rhs) = self.expr(&a.value) else {
                    return;
                };
                self.combine(a, op, ty, old, rhs)
            }
        };
        if let Some(v) = value {
            self.store_var(var, t, v);
        }
    }

    /// An assignment to a property of `recv` (of concrete type `ty`).
    fn assign_property(&mut self, a: &'a ast::Assign<'a>, prop: DefId, recv: Op, ty: Ty) {
        let value = match binary_of(a.op) {
            None => self.expr(&a.value),
            Some(op) => {
                let Some(old) = self.read_property(prop, Op::scalar(recv.v), ty, a.target.span)
                else {
                    return;
                };
                let Some(rhs) = self.expr(&a.value) else {
                    return;
                };
                let prop_ty = self.ty_of(&a.target);
                let v = self.combine(a, op, prop_ty, old, rhs);
                self.drop_op(Some(old));
                v
            }
        };
        if let Some(v) = value {
            self.write_property(prop, recv.v, ty, v, a.target.span);
        }
    }

    /// An assignment to `field` in an accessor of `prop`: its backing
    /// field, bypassing the accessors.
    fn assign_field(&mut self, a: &'a ast::Assign<'a>, prop: DefId, this: Value, ty: Ty) {
        let value = match binary_of(a.op) {
            None => self.expr(&a.value),
            Some(op) => {
                let Some(old) = self.read_field(prop, Op::scalar(this), ty, a.target.span) else {
                    return;
                };
                let Some(rhs) = self.expr(&a.value) else {
                    return;
                };
                let prop_ty = self.ty_of(&a.target);
                let v = self.combine(a, op, prop_ty, old, rhs);
                self.drop_op(Some(old));
                v
            }
        };
        if let Some(v) = value {
            self.store_field(prop, this, ty, v, a.target.span);
        }
    }

    /// `a += b` through `operator fun +=` of `a`'s type: a call that
    /// changes `a` in place.
    fn op_assign_call(&mut self, a: &'a ast::Assign<'a>, f: DefId) {
        let (tt, vt) = (self.ty_of(&a.target), self.ty_of(&a.value));
        let Some(target) = self.expr(&a.target) else {
            return;
        };
        let Some(value) = self.expr(&a.value) else {
            return;
        };
        let mut site = Site::synthetic(a.value.span);
        site.info = self
            .cx
            .s
            .typeck
            .calls
            .get(&crate::check::op_key(a))
            .cloned()
            .unwrap_or_default();
        site.ret = Some(Ty::UNIT);
        let r = self.call_method(&site, f, Some((target, tt)), &[Some((value, vt))]);
        self.drop_op(r);
        self.drop_op(Some(value));
        self.drop_op(Some(target));
    }

    /// `old op rhs` for a compound assignment: the type's `operator fun`,
    /// or the built-in operation (`+=` on strings concatenates).
    fn combine(
        &mut self,
        a: &'a ast::Assign<'a>,
        op: ast::BinaryOp,
        ty: Ty,
        old: Op,
        rhs: Op,
    ) -> Option<Op> {
        let at = &a.value;
        if let Some(Res::Def(f)) = self.cx.s.typeck.res.get(&crate::check::op_key(a)).copied() {
            // `operator fun +` of the type
            let rty = self.ty_of(at);
            let mut site = Site::synthetic(at.span);
            site.info = self
                .cx
                .s
                .typeck
                .calls
                .get(&crate::check::op_key(a))
                .cloned()
                .unwrap_or_default();
            site.ret = Some(ty);
            return self.call_method(&site, f, Some((old, ty)), &[Some((rhs, rty))]);
        }
        if self.cx.is_string(ty) && op == ast::BinaryOp::Add {
            let rty = self.ty_of(at);
            let r = self.text_of(rhs, rty, at.span)?;
            let v = self.runtime_call("seen_str_concat", &[old.v, r.v])?;
            self.drop_op(Some(r));
            return Some(Op { v, owned: true });
        }
        self.binary_values(op, ty, old, rhs, at.span)
    }

    // ---- loops ------------------------------------------------------

    fn while_loop(&mut self, w: &'a ast::WhileLoop<'a>, do_while: bool) {
        let (header, body, exit) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.jump(if do_while { body } else { header }, &[]);
        self.switch_to(header);
        if let Some(c) = self.expr(&w.cond) {
            self.b.ins().brif(c.v, body, &[], exit, &[]);
        }
        self.switch_to(body);
        let target = LoopTarget {
            label: w.label.map(|l| l.name),
            brk: exit,
            cont: header,
            holder: None,
            scope: self.scopes.len(),
        };
        if !self.loop_body(target, &w.body) {
            return;
        }
        self.switch_to(exit);
    }

    /// `for (i in a..b)`, `a until b`, `a downTo b` and `step`: counted
    /// loops.
    fn for_loop(&mut self, f: &'a ast::ForLoop<'a>) {
        let Some(range) = self.counted_range(&f.iterable) else {
            self.for_indexed(f);
            return;
        };
        // `for (_ in ...)` counts without a variable
        let local = match (
            f.pattern.kind,
            self.cx.s.typeck.res.get(&key(&f.pattern)).copied(),
        ) {
            (ast::PatternKind::Wildcard, _) => None,
            (ast::PatternKind::Binding(_), Some(Res::Local(l))) => Some(l),
            _ => {
                self.unsupported(f.pattern.span, "a destructuring `for` over a range");
                return;
            }
        };
        let Some(start) = self.expr(range.start) else {
            return;
        };
        let Some(end) = self.expr(range.end) else {
            return;
        };
        let step = match range.step {
            Some(s) => match self.expr(s) {
                Some(v) => v.v,
                None => return,
            },
            None => self.b.ins().iconst(Type::I64, 1),
        };
        let (header, body, latch, exit) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let i = self.b.append_block_param(header, Type::I64);
        self.b.ins().jump(header, &[start.v]);
        self.switch_to(header);
        let cc = match (range.down, range.inclusive) {
            (false, true) => IntCC::Sle,
            (false, false) => IntCC::Slt,
            (true, _) => IntCC::Sge,
        };
        let more = self.b.ins().icmp(cc, i, end.v);
        self.b.ins().brif(more, body, &[], exit, &[]);
        self.switch_to(body);
        if let Some(local) = local {
            let var = self.var_for(local, Type::I64);
            self.store_var(var, Type::I64, Op::scalar(i));
        }
        let target = LoopTarget {
            label: f.label.map(|l| l.name),
            brk: exit,
            cont: latch,
            holder: None,
            scope: self.scopes.len(),
        };
        if !self.loop_body(target, &f.body) {
            return;
        }
        self.switch_to(latch);
        if range.inclusive {
            // stop at the end itself: stepping past `Int.MAX` would wrap
            let at_end = self.b.ins().icmp(IntCC::Eq, i, end.v);
            let step_block = self.b.create_block();
            self.b.ins().brif(at_end, exit, &[], step_block, &[]);
            self.switch_to(step_block);
        }
        let next = if range.down {
            self.b.ins().isub(i, step)
        } else {
            self.b.ins().iadd(i, step)
        };
        // a step that wraps around ends the loop
        let wrapped = if range.down {
            self.b.ins().icmp(IntCC::Sgt, next, i)
        } else {
            self.b.ins().icmp(IntCC::Slt, next, i)
        };
        self.b.ins().brif(wrapped, exit, &[], header, &[next]);
        self.switch_to(exit);
    }

    /// `for (x in xs)` over a list or array (anything with `size` and
    /// `get(Int)`): by position, reading `size` before each step.
    fn for_indexed(&mut self, f: &'a ast::ForLoop<'a>) {
        let ty = self.ty_of(&f.iterable);
        let size_name = if self.cx.is_string(ty) {
            STRING_LENGTH
        } else {
            INDEX_SIZE
        };
        let (Some(size), Some(get)) = (
            self.member_prop(ty, size_name),
            self.member_fun(ty, INDEX_GET),
        ) else {
            self.for_iterator(f, ty);
            return;
        };
        // a map's `get` takes a key, not a position
        let by_position = self.cx.s.signature(get).params.first().map(|p| p.ty) == Some(Ty::INT);
        if !by_position {
            self.for_iterator(f, ty);
            return;
        }
        let elem_ty = self.element_type(ty, get);
        let Some(coll) = self.expr(&f.iterable) else {
            return;
        };
        // the collection stays alive for the loop
        let coll = self.owned(coll);
        let (header, body, latch, exit) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let zero = self.b.ins().iconst(Type::I64, 0);
        let i = self.b.append_block_param(header, Type::I64);
        self.b.ins().jump(header, &[zero]);
        self.switch_to(header);
        let Some(n) = self.read_property(size, Op::scalar(coll.v), ty, f.iterable.span) else {
            return;
        };
        let more = self.b.ins().icmp(IntCC::Slt, i, n.v);
        self.b.ins().brif(more, body, &[], exit, &[]);
        self.switch_to(body);
        let at = [Some((Op::scalar(i), Ty::INT))];
        let site = Site::synthetic(f.iterable.span);
        let Some(x) = self.call_method(&site, get, Some((Op::scalar(coll.v), ty)), &at) else {
            return;
        };
        self.bind_pattern(&f.pattern, x, elem_ty);
        self.drop_op(Some(x));
        let target = LoopTarget {
            label: f.label.map(|l| l.name),
            brk: exit,
            cont: latch,
            holder: Some(coll.v),
            scope: self.scopes.len(),
        };
        if !self.loop_body(target, &f.body) {
            return;
        }
        self.switch_to(latch);
        let one = self.one(Type::I64);
        let next = self.b.ins().iadd(i, one);
        self.b.ins().jump(header, &[next]);
        self.switch_to(exit);
        self.b.ins().release(coll.v);
    }

    /// `for (x in xs)` over anything else: `xs.iterator()`, then
    /// `hasNext()` and `next()` until it is done.
    fn for_iterator(&mut self, f: &'a ast::ForLoop<'a>, ty: Ty) {
        let span = f.iterable.span;
        let Some(iter_fn) = self.member_fun(ty, ITERATOR) else {
            self.unsupported(span, "`for` over this value");
            return;
        };
        let Some(coll) = self.expr(&f.iterable) else {
            return;
        };
        let mut site = Site::synthetic(span);
        let iter_ty = self.member_result(ty, iter_fn);
        site.ret = Some(iter_ty);
        let Some(it) = self.call_method(&site, iter_fn, Some((coll, ty)), &[]) else {
            self.unsupported(span, "`for` over this value");
            return;
        };
        self.drop_op(Some(coll));
        let it = self.owned(it);
        let (Some(has_next), Some(next)) = (
            self.member_fun(iter_ty, HAS_NEXT),
            self.member_fun(iter_ty, NEXT),
        ) else {
            self.unsupported(span, "`for` over this value");
            return;
        };
        let elem_ty = self.member_result(iter_ty, next);
        let (header, body, exit) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().jump(header, &[]);
        self.switch_to(header);
        site.ret = Some(Ty::BOOL);
        let Some(more) = self.call_method(&site, has_next, Some((Op::scalar(it.v), iter_ty)), &[])
        else {
            self.unsupported(span, "`for` over this value");
            return;
        };
        self.b.ins().brif(more.v, body, &[], exit, &[]);
        self.switch_to(body);
        site.ret = Some(elem_ty);
        let Some(x) = self.call_method(&site, next, Some((Op::scalar(it.v), iter_ty)), &[]) else {
            self.unsupported(span, "`for` over this value");
            return;
        };
        self.bind_pattern(&f.pattern, x, elem_ty);
        self.drop_op(Some(x));
        let target = LoopTarget {
            label: f.label.map(|l| l.name),
            brk: exit,
            cont: header,
            holder: Some(it.v),
            scope: self.scopes.len(),
        };
        if !self.loop_body(target, &f.body) {
            return;
        }
        self.switch_to(exit);
        self.b.ins().release(it.v);
    }

    /// The result type of member `f` called on a value of type `ty`.
    fn member_result(&mut self, ty: Ty, f: DefId) -> Ty {
        self.element_type(ty, f)
    }

    /// A loop's body, `break` going to `target.brk` and `continue` to
    /// `target.cont`, then (unless it ended) a jump to `target.cont`;
    /// `false` when lowering gave up.
    fn loop_body(&mut self, target: LoopTarget<'a>, body: &'a ast::Block<'a>) -> bool {
        let cont = target.cont;
        self.loops.push(target);
        let v = self.block(body);
        self.drop_op(v);
        self.loops.pop();
        if self.failed {
            return false;
        }
        self.jump(cont, &[]);
        true
    }

    /// `break` and `continue`, with an optional label: the collections
    /// of the `for` loops left behind are released.
    pub fn jump_out(&mut self, label: Option<ast::Ident<'a>>, is_break: bool, span: Span) {
        let found = self
            .loops
            .iter()
            .rposition(|l| label.is_none() || l.label == label.map(|l| l.name));
        let Some(at) = found else {
            self.unsupported(span, "`break` or `continue` out of a lambda");
            return;
        };
        self.run_finallies(usize::MAX, at + 1);
        if self.dead {
            return;
        }
        let scope = self.loops[at].scope;
        self.release_scopes(scope, at + 1);
        // temporaries made inside the loop being left
        self.release_held(|h| h.loops > at);
        let target = &self.loops[at];
        let t = if is_break { target.brk } else { target.cont };
        self.b.ins().jump(t, &[]);
        self.end_block();
    }

    /// `return` and `return value` (from the function, or from the
    /// inline expansion or lambda it is written in).
    pub fn return_expr(&mut self, label: Option<&'a str>, value: Option<&'a ast::Expr<'a>>) {
        let v = match value {
            Some(e) => {
                let v = self.expr(e);
                if self.dead {
                    return;
                }
                v
            }
            None => None,
        };
        self.return_to(label, v);
    }

    /// The integer `1` of an IR type.
    pub fn one(&mut self, t: Type) -> Value {
        self.b.ins().iconst(t, 1)
    }
}

/// A range a `for` loop counts over.
pub(super) struct CountedRange<'a> {
    pub start: &'a ast::Expr<'a>,
    pub end: &'a ast::Expr<'a>,
    pub inclusive: bool,
    pub down: bool,
    pub step: Option<&'a ast::Expr<'a>>,
}

/// The operator of a compound assignment (`+=` is `+`).
fn binary_of(op: ast::AssignOp) -> Option<ast::BinaryOp> {
    use ast::AssignOp as A;
    use ast::BinaryOp as B;
    Some(match op {
        A::Assign => return None,
        A::Add => B::Add,
        A::Sub => B::Sub,
        A::Mul => B::Mul,
        A::Div => B::Div,
        A::Rem => B::Rem,
        A::BitAnd => B::BitAnd,
        A::BitOr => B::BitOr,
        A::BitXor => B::BitXor,
        A::Shl => B::Shl,
        A::Shr => B::Shr,
    })
}

/// The names of the indexing protocol: `for` walks anything with these by
/// position, and `a[i] += v` reads through `get`.
const INDEX_GET: &str = "get";
const INDEX_SIZE: &str = "size";
/// A string is walked by position too, up to its `length`.
const STRING_LENGTH: &str = "length";
/// The iteration protocol `for` uses on other values.
const ITERATOR: &str = "iterator";
const HAS_NEXT: &str = "hasNext";
const NEXT: &str = "next";
