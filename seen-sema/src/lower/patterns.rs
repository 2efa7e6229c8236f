//! `when` patterns: enum entries with their payloads (`Ok(v)`,
//! `Shape.Rect(w, _)`), classes destructured by their constructor
//! properties (`Click(x, y, _)`), tuples (`(0, _)`), constants and
//! bindings, nested to any depth. A pattern is tested with branches, so a
//! payload is read only once its entry has matched; its names are bound
//! when its arm is taken.

use seen_ir::{Block, IntCC, Type, Value};
use seen_syntax::ast;

use super::body::{Fl, Op};
use crate::check::{Res, key};
use crate::defs::DefKind;
use crate::ty::Ty;

/// One step into a value: the parts a pattern names, with their types.
struct Parts {
    values: Vec<(Op, Ty)>,
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// Whether `subject` (of type `ty`) matches `p`, as a `bool`.
    pub fn pattern_test(&mut self, p: &'a ast::Pattern<'a>, subject: Op, ty: Ty) -> Option<Value> {
        if matches!(
            p.kind,
            ast::PatternKind::Wildcard | ast::PatternKind::Binding(_)
        ) {
            return Some(self.b.ins().bconst(true));
        }
        let (fail, done) = (self.b.create_block(), self.b.create_block());
        let out = self.b.append_block_param(done, Type::Bool);
        self.pattern_check(p, subject, ty, fail)?;
        let yes = self.b.ins().bconst(true);
        self.b.ins().jump(done, &[yes]);
        self.switch_to(fail);
        let no = self.b.ins().bconst(false);
        self.b.ins().jump(done, &[no]);
        self.switch_to(done);
        Some(out)
    }

    /// Branches to `fail` unless `v` matches `p`; goes on in a block where
    /// it does.
    fn pattern_check(&mut self, p: &'a ast::Pattern<'a>, v: Op, ty: Ty, fail: Block) -> Option<()> {
        let ok = match &p.kind {
            ast::PatternKind::Wildcard | ast::PatternKind::Binding(_) => return Some(()),
            ast::PatternKind::Value(x) => {
                let want = self.expr(x)?;
                let eq = self.equality(v, want, ty, x.span);
                self.drop_op(Some(want));
                eq?
            }
            ast::PatternKind::Tuple(_) | ast::PatternKind::Ctor { .. } => {
                self.shape_test(p, v, ty)?
            }
        };
        let next = self.b.create_block();
        self.b.ins().brif(ok, next, &[], fail, &[]);
        self.switch_to(next);
        let parts = self.pattern_parts(p, v, ty)?;
        for (sub, (x, t)) in pattern_args(p).iter().zip(parts.values) {
            self.pattern_check(sub, x, t, fail)?;
        }
        Some(())
    }

    /// The test of a pattern's own shape (its entry or class), before its
    /// parts are looked at.
    fn shape_test(&mut self, p: &'a ast::Pattern<'a>, v: Op, ty: Ty) -> Option<Value> {
        let ast::PatternKind::Ctor { path, .. } = &p.kind else {
            return Some(self.b.ins().bconst(true));
        };
        let Some(Res::Def(def)) = self.cx.s.typeck.res.get(&key(*path)).copied() else {
            self.unsupported(p.span, "this pattern");
            return None;
        };
        if self.cx.is_enum(ty) {
            let idx = self.cx.entry_index(def)?;
            let tag = self.b.ins().enum_tag(v.v);
            let want = self.b.ins().iconst(Type::I32, idx as i64);
            return Some(self.b.ins().icmp(IntCC::Eq, tag, want));
        }
        let target = self.pattern_class(p, def)?;
        self.is_test(v, ty, target, p.span)
    }

    /// The class a class pattern names (not generic).
    fn pattern_class(&mut self, p: &'a ast::Pattern<'a>, def: crate::DefId) -> Option<Ty> {
        let d = self.cx.s.def(def);
        if !matches!(d.kind, DefKind::Class(_)) || !d.type_params.is_empty() {
            self.unsupported(p.span, "a pattern on this class");
            return None;
        }
        Some(self.cx.s.types.adt(def, &[]))
    }

    /// The values a matched pattern's sub-patterns look at (borrowed from
    /// `v`).
    fn pattern_parts(&mut self, p: &'a ast::Pattern<'a>, v: Op, ty: Ty) -> Option<Parts> {
        let mut values = Vec::new();
        match &p.kind {
            ast::PatternKind::Tuple(parts) => {
                for i in 0..parts.len() {
                    let (x, t) = self.component(v, ty, i, p.span)?;
                    self.drop_op(Some(x));
                    values.push((Op::scalar(x.v), t));
                }
            }
            ast::PatternKind::Ctor { path, args } => {
                let Some(Res::Def(def)) = self.cx.s.typeck.res.get(&key(*path)).copied() else {
                    return None;
                };
                if self.cx.is_enum(ty) {
                    let id = match self.cx.enum_type(self.b.module_mut(), ty) {
                        Ok(id) => id,
                        Err(what) => {
                            self.unsupported(p.span, what);
                            return None;
                        }
                    };
                    let idx = self.cx.entry_index(def)?;
                    let types = self.cx.payload_types(ty, def);
                    for (i, t) in types.into_iter().take(args.len()).enumerate() {
                        let x = self.b.ins().enum_payload(id, v.v, idx, i as u32);
                        values.push((Op::scalar(x), t));
                    }
                } else {
                    let class = self.pattern_class(p, def)?;
                    for i in 0..args.len() {
                        let (x, t) = self.component(v, class, i, p.span)?;
                        self.drop_op(Some(x));
                        values.push((Op::scalar(x.v), t));
                    }
                }
            }
            _ => {}
        }
        Some(Parts { values })
    }

    /// Binds the names of a matched pattern.
    pub fn pattern_bind(&mut self, p: &'a ast::Pattern<'a>, v: Op, ty: Ty) {
        match &p.kind {
            ast::PatternKind::Binding(_) => {
                let Some(Res::Local(local)) = self.cx.s.typeck.res.get(&key(p)).copied() else {
                    return;
                };
                let lt = self.local_ty(local);
                if let Ok(Some(t)) = self.ir(lt) {
                    let var = self.var_for(local, t);
                    self.store_var(var, t, Op::scalar(v.v));
                }
            }
            ast::PatternKind::Tuple(_) | ast::PatternKind::Ctor { .. } => {
                let Some(parts) = self.pattern_parts(p, v, ty) else {
                    return;
                };
                for (sub, (x, t)) in pattern_args(p).iter().zip(parts.values) {
                    self.pattern_bind(sub, x, t);
                }
            }
            ast::PatternKind::Wildcard | ast::PatternKind::Value(_) => {}
        }
    }
}

/// The sub-patterns of a pattern.
fn pattern_args<'a>(p: &'a ast::Pattern<'a>) -> &'a [ast::Pattern<'a>] {
    match &p.kind {
        ast::PatternKind::Tuple(parts) => parts,
        ast::PatternKind::Ctor { args, .. } => args,
        _ => &[],
    }
}
