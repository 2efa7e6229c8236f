//! Recoverable errors as control flow (LANGUAGE.md section 6): `throw e`
//! and a failed prefix `try r` jump to the innermost `catch` that takes
//! the error's type, or return `Err(e)` from the function; `try { }
//! catch (e: E) { } finally { }` is blocks and jumps. No unwinding.

use seen_ir::{Block, IntCC, Type, Value};
use seen_syntax::{Span, ast};

use super::body::{Fl, Op};
use crate::ty::{Ty, TyKind};

/// One `catch` of an enclosing `try` block: the error type it takes, its
/// block (whose parameter is the error), and the scopes and loops to leave.
#[derive(Clone)]
pub(crate) struct Handler {
    pub ty: Option<Ty>,
    pub block: Block,
    pub param: Type,
    pub scope: usize,
    pub loops: usize,
    /// How many `finally` blocks were open when the `try` started.
    pub finallies: usize,
    /// How many temporaries were held when the `try` started (those held
    /// since are released when an error jumps to the handler).
    pub held: usize,
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// `throw e`.
    pub fn throw(&mut self, e: &'a ast::Expr<'a>, x: &'a ast::Expr<'a>) -> Option<Op> {
        let ty = self.ty_of(x);
        let v = self.expr(x)?;
        let v = self.owned(v);
        self.fail_with(v, ty, e.span);
        None
    }

    /// Prefix `try r`: the `Ok` value, or the error goes where a `throw`
    /// would send it.
    pub fn try_op(&mut self, e: &'a ast::Expr<'a>, x: &'a ast::Expr<'a>) -> Option<Op> {
        let rt = self.ty_of(x);
        let TyKind::Adt(_, args) = self.cx.s.types.kind(rt).clone() else {
            return self.unsupported(e.span, "`try` on this value");
        };
        let (Some(&ok_ty), Some(&err_ty)) = (args.first(), args.get(1)) else {
            return self.unsupported(e.span, "`try` on this value");
        };
        let r = self.expr(x)?;
        let id = match self.cx.enum_type(self.b.module_mut(), rt) {
            Ok(id) => id,
            Err(what) => return self.unsupported(e.span, what),
        };
        let tag = self.b.ins().enum_tag(r.v);
        let zero = self.b.ins().iconst(Type::I32, 0);
        let is_ok = self.b.ins().icmp(IntCC::Eq, tag, zero);
        let (ok, fail) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(is_ok, ok, &[], fail, &[]);
        self.switch_to(fail);
        let err = self.payload(id, r.v, 1, err_ty);
        let err = self.retained(err);
        self.drop_op(Some(r));
        self.fail_with(err, err_ty, e.span);
        self.switch_to(ok);
        let v = self.payload(id, r.v, 0, ok_ty);
        let v = self.retained(v);
        self.drop_op(Some(r));
        Some(v)
    }

    /// Field 0 of variant `variant` of an enum value (nothing for `Unit`).
    fn payload(&mut self, id: seen_ir::TypeId, v: Value, variant: u32, ty: Ty) -> Op {
        match self.ir(ty) {
            Ok(Some(_)) => Op::scalar(self.b.ins().enum_payload(id, v, variant, 0)),
            _ => Op::scalar(self.b.ins().bconst(false)),
        }
    }

    /// Sends an error (owned) to the innermost `catch` for its type, or
    /// returns `Err(error)` from the function.
    fn fail_with(&mut self, err: Op, ty: Ty, span: Span) {
        let target = self.handlers.iter().rev().find(|h| match h.ty {
            None => true,
            Some(t) => self.cx.s.is_subtype(ty, t),
        });
        if let Some(h) = target.cloned() {
            self.run_finallies_above(h.finallies);
            if self.dead {
                return;
            }
            let Some(v) = self.fit(err, h.param, span) else {
                return;
            };
            self.release_scopes(h.scope + 1, h.loops);
            let since: Vec<crate::lower::body::Held> =
                self.held[h.held.min(self.held.len())..].to_vec();
            for t in since {
                self.release_value(t.v);
            }
            self.b.ins().jump(h.block, &[v.v]);
            self.end_block();
            return;
        }
        // `Err(error)` of the function's `Result`
        let ret = self.cx.s.signature(self.inst.def).ret;
        let ret = self.subst(ret);
        let Some(result) = self.cx.s.lang("Result") else {
            self.unsupported(span, "`throw` without the standard library");
            return;
        };
        let entries = self.cx.enum_entries(result);
        let Some(&err_entry) = entries.get(1) else {
            return;
        };
        let Some(value) = self.entry_value(ret, err_entry, &[err], span) else {
            return;
        };
        self.drop_op(Some(err));
        let value = self.owned_if_counted(value.v);
        self.return_to(None, Some(value));
    }

    /// Lowers, innermost first, the `finally` blocks opened inside return
    /// context `ctx` or later and inside loop `loops` or later (a jump
    /// leaving them); each runs without itself on the stack.
    pub fn run_finallies(&mut self, ctx: usize, loops: usize) {
        let keep = self
            .finallies
            .iter()
            .position(|&(_, c, l)| c >= ctx || l >= loops)
            .unwrap_or(self.finallies.len());
        self.run_finallies_above(keep);
    }

    /// Lowers the `finally` blocks above the first `keep`, innermost first.
    fn run_finallies_above(&mut self, keep: usize) {
        let open: Vec<(&'a ast::Block<'a>, usize, usize)> = self.finallies.clone();
        for i in (keep..open.len()).rev() {
            if self.dead {
                break;
            }
            self.finallies.truncate(i);
            let v = self.block(open[i].0);
            self.drop_op(v);
        }
        self.finallies = open;
    }

    /// `try { } catch (e: E) { } finally { }`.
    pub fn try_block(&mut self, e: &'a ast::Expr<'a>, t: &'a ast::TryExpr<'a>) -> Option<Op> {
        let result = self.result_ir(e)?;
        let merge = self.b.create_block();
        let param = result.map(|ty| self.b.append_block_param(merge, ty));
        let mut catches = Vec::new();
        for c in t.catches {
            let cty = c.ty.as_ref().map(|ty| self.written_type(ty));
            // `catch (e)`: any error, as the general `Error` (boxed)
            let local = self
                .cx
                .locals_at
                .get(&(self.file, c.name.span.start))
                .copied();
            let general = local.map(|l| self.local_ty(l));
            let Some(ct) = cty.or(general) else {
                return self.unsupported(c.span, "this `catch`");
            };
            let p = match self.ir(ct) {
                Ok(Some(p)) => p,
                _ => return self.unsupported(c.span, "a `catch` of this type"),
            };
            let block = self.b.create_block();
            self.b.append_block_param(block, p);
            catches.push((
                c,
                Handler {
                    ty: cty,
                    block,
                    param: p,
                    scope: self.scopes.len() - 1,
                    loops: self.loops.len(),
                    // the try's own `finally` runs after its catch, not before
                    finallies: self.finallies.len() + usize::from(t.finally.is_some()),
                    held: self.held.len(),
                },
            ));
        }
        let depth = self.handlers.len();
        // the innermost catch is tried first: push in reverse
        for (_, h) in catches.iter().rev() {
            self.handlers.push(h.clone());
        }
        if let Some(f) = &t.finally {
            self.finallies.push((f, self.ctxs.len(), self.loops.len()));
        }
        let v = self.block(&t.body);
        self.merge_value(v, result, merge, e.span);
        self.handlers.truncate(depth);
        if t.finally.is_some() {
            self.finallies.pop();
        }
        for (c, h) in catches {
            self.switch_to(h.block);
            let err = self.b.block_params(h.block)[0];
            if let Some(&local) = self.cx.locals_at.get(&(self.file, c.name.span.start)) {
                let lt = self.local_ty(local);
                if let Ok(Some(t)) = self.ir(lt) {
                    let var = self.var_for(local, t);
                    self.store_var(
                        var,
                        t,
                        Op {
                            v: err,
                            owned: true,
                        },
                    );
                }
            }
            let v = self.block(&c.body);
            self.merge_value(v, result, merge, e.span);
        }
        self.switch_to(merge);
        if let Some(f) = &t.finally {
            let v = self.block(f);
            self.drop_op(v);
        }
        param.map(|p| self.owned_if_counted(p))
    }
}
