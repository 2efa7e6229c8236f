//! Flow facts: smart casts, definite assignment and reachability.
//!
//! The checker carries a [`Flow`] through a body in evaluation order.
//! Conditions split it in two (the facts when the condition holds and
//! when it does not); branches join them again. A fact survives a join
//! only when every incoming path has it; a path that ends in a `Nothing`
//! expression is dead and takes no part in the join, which is how
//! `if (x == null) return` makes `x` non-null after it.

use rustc_hash::{FxHashMap, FxHashSet};
use seen_syntax::ast::{self, BinaryOp, ExprKind, UnaryOp};

use super::{Cx, LocalId, LocalKind, Res};
use crate::ty::Ty;

/// What a smart cast applies to.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Place {
    /// A stable local (a `let`, a parameter, a `var` not changed by a
    /// lambda).
    Local(LocalId),
    /// `this`.
    This,
}

/// The facts at a point of a body.
#[derive(Clone, Debug, Default)]
pub(crate) struct Flow {
    /// Places known to hold a more specific type.
    pub narrowed: FxHashMap<Place, Ty>,
    /// Locals declared without a value and not yet assigned on every path.
    pub unassigned: FxHashSet<LocalId>,
    /// `let` locals declared without a value that may have been assigned.
    pub maybe_assigned: FxHashSet<LocalId>,
    /// Whether this point cannot be reached.
    pub dead: bool,
}

impl Flow {
    /// The facts after two paths meet.
    pub(crate) fn join(a: &Flow, b: &Flow) -> Flow {
        if a.dead {
            return b.clone();
        }
        if b.dead {
            return a.clone();
        }
        let narrowed = a
            .narrowed
            .iter()
            .filter(|(k, v)| b.narrowed.get(*k) == Some(*v))
            .map(|(k, v)| (*k, *v))
            .collect();
        Flow {
            narrowed,
            unassigned: a.unassigned.union(&b.unassigned).copied().collect(),
            maybe_assigned: a.maybe_assigned.union(&b.maybe_assigned).copied().collect(),
            dead: false,
        }
    }

    /// A dead flow (after `return`, `throw`, ...).
    pub(crate) fn dead() -> Flow {
        Flow {
            dead: true,
            ..Flow::default()
        }
    }
}

impl<'s, 'a> Cx<'s, 'a> {
    /// The facts after two paths meet; a place narrowed differently on the
    /// two keeps the common supertype of both narrowings (`s` is a
    /// `Shape` after `if (s is Circle and ...) return` when it was one
    /// before).
    pub(crate) fn join_flows(&mut self, a: &Flow, b: &Flow) -> Flow {
        let mut out = Flow::join(a, b);
        if a.dead || b.dead {
            return out;
        }
        for (place, ta) in &a.narrowed {
            let Some(tb) = b.narrowed.get(place) else {
                continue;
            };
            if ta != tb {
                let declared = match place {
                    Place::Local(id) => self.local(*id).ty,
                    Place::This => self.receivers.last().copied().unwrap_or(Ty::ERROR),
                };
                let joined = self.lub(*ta, *tb);
                if joined != declared && self.is_subtype_probe(joined, declared) {
                    out.narrowed.insert(*place, joined);
                }
            }
        }
        out
    }

    /// The place an expression names, when smart casts may apply to it.
    pub(crate) fn place_of(&self, e: &ast::Expr<'a>) -> Option<Place> {
        match &e.kind {
            ExprKind::Paren(inner) => self.place_of(inner),
            ExprKind::This(None) => Some(Place::This),
            ExprKind::Name(_) => match self.s.typeck.res.get(&super::key(e)) {
                Some(Res::Local(id)) if self.stable(*id) => Some(Place::Local(*id)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether a local may be smart-cast: every local but a `var` that a
    /// lambda changes.
    fn stable(&self, id: LocalId) -> bool {
        !(self.local(id).kind == LocalKind::Var && self.captured_vars.contains(&id))
    }

    /// Narrows a place to `ty` in the current flow.
    pub(crate) fn narrow(flow: &mut Flow, place: Place, ty: Ty) {
        flow.narrowed.insert(place, ty);
    }

    /// Checks a condition and gives the facts when it holds and when not.
    pub(crate) fn cond(&mut self, e: &'a ast::Expr<'a>) -> (Flow, Flow) {
        match &e.kind {
            ExprKind::Paren(inner) => {
                let r = self.cond(inner);
                self.record(e, Ty::BOOL);
                r
            }
            ExprKind::Unary {
                op: UnaryOp::Not,
                expr,
            } if self.is_bool_expr(expr) => {
                let (t, f) = self.cond(expr);
                self.record(e, Ty::BOOL);
                (f, t)
            }
            ExprKind::Binary {
                op: BinaryOp::And,
                lhs,
                rhs,
            } if self.is_bool_expr(lhs) => {
                let (lt, lf) = self.cond(lhs);
                self.flow = lt;
                let (rt, rf) = self.cond(rhs);
                self.record(e, Ty::BOOL);
                (rt, self.join_flows(&lf, &rf))
            }
            ExprKind::Binary {
                op: BinaryOp::Or,
                lhs,
                rhs,
            } if self.is_bool_expr(lhs) => {
                let (lt, lf) = self.cond(lhs);
                self.flow = lf;
                let (rt, rf) = self.cond(rhs);
                self.record(e, Ty::BOOL);
                (self.join_flows(&lt, &rt), rf)
            }
            _ => {
                let t = self.expr(e, Some(Ty::BOOL));
                self.expect_bool(e, t);
                let mut yes = self.flow.clone();
                let mut no = self.flow.clone();
                self.cond_facts(e, &mut yes, &mut no);
                (yes, no)
            }
        }
    }

    /// Whether an operand of `and`/`or`/`not` is a Boolean (not bitwise).
    fn is_bool_expr(&mut self, e: &'a ast::Expr<'a>) -> bool {
        match &e.kind {
            ExprKind::Binary { op, .. } => matches!(
                op,
                BinaryOp::Eq
                    | BinaryOp::NotEq
                    | BinaryOp::RefEq
                    | BinaryOp::RefNotEq
                    | BinaryOp::Lt
                    | BinaryOp::Gt
                    | BinaryOp::LtEq
                    | BinaryOp::GtEq
                    | BinaryOp::In
                    | BinaryOp::NotIn
                    | BinaryOp::And
                    | BinaryOp::Or
            ),
            ExprKind::Is { .. } | ExprKind::Bool(_) => true,
            ExprKind::Unary {
                op: UnaryOp::Not,
                expr,
            }
            | ExprKind::Paren(expr) => self.is_bool_expr(expr),
            ExprKind::Call { .. }
            | ExprKind::Member { .. }
            | ExprKind::Name(_)
            | ExprKind::Index { .. } => {
                // a probe: does it have Boolean type?
                let saved = (self.probing, self.probe_errors, self.flow.clone());
                self.probing += 1;
                let t = self.expr(e, None);
                let t = self.resolve(t);
                self.probing = saved.0;
                self.probe_errors = saved.1;
                self.flow = saved.2;
                t == Ty::BOOL || t == Ty::ERROR
            }
            _ => false,
        }
    }

    /// Smart casts a checked condition implies (`x != null`, `x is T`).
    pub(crate) fn cond_facts(&mut self, e: &'a ast::Expr<'a>, yes: &mut Flow, no: &mut Flow) {
        match &e.kind {
            ExprKind::Binary {
                op: op @ (BinaryOp::NotEq | BinaryOp::Eq),
                lhs,
                rhs,
            } => {
                let (subject, other) = if matches!(rhs.kind, ExprKind::Null) {
                    (lhs, rhs)
                } else {
                    (rhs, lhs)
                };
                if !matches!(other.kind, ExprKind::Null) {
                    return;
                }
                let Some(place) = self.place_of(subject) else {
                    return;
                };
                let ty = self.place_type(place);
                let non_null = self.s.types.non_null(ty);
                if *op == BinaryOp::NotEq {
                    Self::narrow(yes, place, non_null);
                } else {
                    Self::narrow(no, place, non_null);
                }
            }
            ExprKind::Is { expr, negated, .. } => {
                let Some(place) = self.place_of(expr) else {
                    return;
                };
                let target = self.is_targets.get(&super::key(e)).copied();
                let Some(target) = target else { return };
                if *negated {
                    Self::narrow(no, place, target);
                } else {
                    Self::narrow(yes, place, target);
                }
            }
            _ => {}
        }
    }

    /// The current type of a place, smart casts included.
    pub(crate) fn place_type(&mut self, place: Place) -> Ty {
        if let Some(&t) = self.flow.narrowed.get(&place) {
            return t;
        }
        match place {
            Place::Local(id) => self.local(id).ty,
            Place::This => self.receivers.last().copied().unwrap_or(Ty::ERROR),
        }
    }

    /// Forgets smart casts of a local (it was assigned).
    pub(crate) fn kill(&mut self, id: LocalId) {
        self.flow.narrowed.remove(&Place::Local(id));
    }
}
