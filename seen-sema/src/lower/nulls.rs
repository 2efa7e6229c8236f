//! Nullable values: `null`, `?:`, `!!`, `?.`, comparisons with `null`,
//! and the coercions between `T` and `T?` (a `T?` of a non-reference `T`
//! is the tuple `{bool, T}`: present, value).

use seen_ir::{Type, Value};
use seen_syntax::{Span, ast};

use super::body::{Fl, Op};
use crate::ty::{Ty, TyKind};

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// Makes a value fit an IR type: a `T` becomes a present `T?`, a
    /// smart-cast `T?` its `T`. `None` when it cannot (reported).
    pub fn fit(&mut self, op: Op, want: Type, span: Span) -> Option<Op> {
        let have = self.b.func().value_type(op.v);
        if have == want {
            return Some(op);
        }
        if have == Type::Ref && self.boxed_inner(want).is_some() && self.is_null_const(op.v) {
            // `null` (of type `Nothing?`) where a `T?` tuple is expected
            return Some(Op::scalar(self.b.ins().zero(want)));
        }
        if let Some(inner) = self.boxed_inner(want)
            && inner == have
        {
            let yes = self.b.ins().bconst(true);
            let Type::Aggregate(tuple) = want else {
                return None;
            };
            let v = self.b.ins().struct_new(tuple, &[yes, op.v]);
            return Some(Op { v, owned: op.owned });
        }
        if let Some(inner) = self.boxed_inner(have)
            && inner == want
        {
            let v = self.b.ins().extract(op.v, 1);
            return Some(Op { v, owned: op.owned });
        }
        if want == Type::Ref
            && let Some(ty) = self.cx.type_of_value(have)
        {
            // a struct or enum as a trait or `Any` value
            return self.box_value(op, ty, span);
        }
        if want == Type::Ref
            && let Some(ty) = super::dynamic::default_box(have)
        {
            // a number in an `Any` or a trait
            return self.box_value(op, ty, span);
        }
        if have == Type::Ref
            && let Some(v) = self.unbox(op, want)
        {
            // a smart cast out of an `Any`
            return Some(v);
        }

        let msg = format!(
            "a conversion from {} to {} (internal error)",
            self.b.module().display_type(have),
            self.b.module().display_type(want)
        );
        self.unsupported(span, msg)
    }

    /// Whether `v` is the `null` constant.
    fn is_null_const(&self, v: Value) -> bool {
        let f = self.b.func();
        match f.value_def(f.resolve_alias(v)) {
            seen_ir::ValueDef::Result(inst) => matches!(
                f.inst(inst),
                seen_ir::InstData::Nullary {
                    op: seen_ir::Opcode::Null
                }
            ),
            _ => false,
        }
    }

    /// The `T` of a `{bool, T}` nullable tuple.
    fn boxed_inner(&self, t: Type) -> Option<Type> {
        let Type::Aggregate(id) = t else { return None };
        let decl = self.b.module().get_type_decl(id)?;
        match decl.fields() {
            Some([Type::Bool, inner]) if decl.name.is_none() => Some(*inner),
            _ => None,
        }
    }

    /// The `null` of a nullable type.
    pub fn null_of(&mut self, ty: Ty, span: Span) -> Option<Op> {
        match self.ir(ty) {
            Ok(Some(Type::Ref)) => Some(Op::scalar(self.b.ins().null())),
            Ok(Some(t)) => Some(Op::scalar(self.b.ins().zero(t))),
            Ok(None) => None,
            Err(what) => self.unsupported(span, what),
        }
    }

    /// Whether a nullable value is present.
    pub fn is_present(&mut self, v: Value) -> Value {
        if self.b.func().value_type(v) == Type::Ref {
            let n = self.b.ins().is_null(v);
            self.b.ins().bnot(n)
        } else {
            self.b.ins().extract(v, 0)
        }
    }

    /// The value inside a present nullable value.
    pub fn unwrap_present(&mut self, op: Op) -> Op {
        if self.b.func().value_type(op.v) == Type::Ref {
            op
        } else {
            Op {
                v: self.b.ins().extract(op.v, 1),
                owned: op.owned,
            }
        }
    }

    /// `x == null`, `x != null` (either side).
    pub fn null_compare(&mut self, x: &'a ast::Expr<'a>, negated: bool) -> Option<Op> {
        let v = self.expr(x)?;
        let present = self.is_present(v.v);
        self.drop_op(Some(v));
        Some(Op::scalar(if negated {
            present
        } else {
            self.b.ins().bnot(present)
        }))
    }

    /// `a ?: b`.
    pub fn elvis(
        &mut self,
        e: &'a ast::Expr<'a>,
        a: &'a ast::Expr<'a>,
        b: &'a ast::Expr<'a>,
    ) -> Option<Op> {
        let want = self.result_ir(e)?;
        let va = self.expr(a)?;
        let present = self.is_present(va.v);
        let (yes, no, merge) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let param = want.map(|t| self.b.append_block_param(merge, t));
        self.b.ins().brif(present, yes, &[], no, &[]);
        self.switch_to(yes);
        let inner = self.unwrap_present(va);
        self.merge_value(Some(inner), want, merge, e.span);
        self.switch_to(no);
        self.drop_op(Some(va));
        let vb = self.expr(b);
        self.merge_value(vb, want, merge, e.span);
        self.switch_to(merge);
        param.map(|p| self.owned_if_counted(p))
    }

    /// Jumps to `merge` with `v` made to fit (and owned, for references).
    pub fn merge_value(
        &mut self,
        v: Option<Op>,
        want: Option<Type>,
        merge: seen_ir::Block,
        span: Span,
    ) {
        if self.dead {
            return;
        }
        match (want, v) {
            (Some(t), Some(op)) => {
                let Some(op) = self.fit(op, t, span) else {
                    return;
                };
                let op = self.owned(op);
                self.b.ins().jump(merge, &[op.v]);
            }
            (Some(Type::Ref), None) => {
                // `Unit` where a `Unit?` is wanted (`x?.let { println(it) }`):
                // present, as the static text `Unit` prints as
                let unit = self.b.ins().strconst(b"kotlin.Unit");
                self.b.ins().jump(merge, &[unit]);
            }
            (Some(_), None) => {
                self.b.ins().unreachable();
            }
            (None, v) => {
                self.drop_op(v);
                self.b.ins().jump(merge, &[]);
            }
        }
        self.end_block();
    }

    /// The IR type of an expression's value (`None`: no value).
    pub fn result_ir(&mut self, e: &ast::Expr<'_>) -> Option<Option<Type>> {
        let t = self.ty_of(e);
        match self.ir(t) {
            Ok(t) => Some(t),
            Err(what) => {
                self.unsupported(e.span, what);
                None
            }
        }
    }

    /// `x!!`: panics on `null`.
    pub fn not_null(&mut self, e: &'a ast::Expr<'a>, x: &'a ast::Expr<'a>) -> Option<Op> {
        let v = self.expr(x)?;
        let present = self.is_present(v.v);
        let (ok, fail) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(present, ok, &[], fail, &[]);
        self.switch_to(fail);
        let path = self.path_ptr();
        let (line, col) = self.line_col(e.span);
        let line = self.b.ins().iconst(Type::I32, line as i64);
        let col = self.b.ins().iconst(Type::I32, col as i64);
        self.runtime_call("seen_panic_unwrap_null", &[path, line, col]);
        self.b.ins().unreachable();
        self.switch_to(ok);
        Some(self.unwrap_present(v))
    }

    /// `recv?.member` and `recv?.f(args)`: `null` when the receiver is,
    /// else the member's value, made nullable.
    pub fn safe_access(
        &mut self,
        e: &'a ast::Expr<'a>,
        receiver: &'a ast::Expr<'a>,
        access: impl FnOnce(&mut Self, Op, Ty) -> Option<Op>,
    ) -> Option<Op> {
        let want = self.result_ir(e)?;
        let rt = self.ty_of(receiver);
        let inner_ty = match self.cx.s.types.kind(rt) {
            TyKind::Nullable(t) => *t,
            _ => rt,
        };
        let r = self.expr(receiver)?;
        let present = self.is_present(r.v);
        let (yes, no, merge) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let param = want.map(|t| self.b.append_block_param(merge, t));
        self.b.ins().brif(present, yes, &[], no, &[]);
        self.switch_to(yes);
        let inner = self.unwrap_present(Op {
            v: r.v,
            owned: false,
        });
        let v = access(self, inner, inner_ty);
        self.merge_value(v, want, merge, e.span);
        self.switch_to(no);
        let null = match want {
            Some(Type::Ref) => Some(Op::scalar(self.b.ins().null())),
            Some(t) => Some(Op::scalar(self.b.ins().zero(t))),
            None => None,
        };
        self.merge_value(null, want, merge, e.span);
        self.switch_to(merge);
        self.drop_op(Some(r));
        param.map(|p| self.owned_if_counted(p))
    }
}
