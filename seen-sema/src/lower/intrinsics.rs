//! The standard library's `@builtin` functions: what the compiler and the
//! runtime implement (docs/runtime.md), reached by their declarations in
//! the Seen sources. Also string templates and string operators, which
//! call the runtime.

use seen_ir::{IntCC, Linkage, Signature, Type, Value};
use seen_syntax::ast;

use super::body::{Fl, Op};
use super::calls::Site;
use super::exprs::RangeFn;
use crate::defs::DefId;
use crate::ty::{FloatTy, Ty, TyKind};

use ast::BinaryOp as B;

/// The standard range functions a `for` loop counts with.
pub(super) const RANGE_FNS: &[(&str, RangeFn)] = &[
    ("until", RangeFn::Until),
    ("downTo", RangeFn::DownTo),
    ("step", RangeFn::Step),
];

/// The runtime functions the lowering calls, with their IR signatures.
const RUNTIME: &[(&str, &[Type], Type)] = &[
    ("seen_print_str", &[Type::Ref], Type::Void),
    ("seen_println_str", &[Type::Ref], Type::Void),
    ("seen_eprintln_str", &[Type::Ref], Type::Void),
    ("seen_println", &[], Type::Void),
    ("seen_print_int", &[Type::I64], Type::Void),
    ("seen_print_uint", &[Type::I64], Type::Void),
    ("seen_print_f64", &[Type::F64], Type::Void),
    ("seen_print_f32", &[Type::F32], Type::Void),
    ("seen_print_bool", &[Type::Bool], Type::Void),
    ("seen_print_char", &[Type::I32], Type::Void),
    ("seen_str_from_i64", &[Type::I64], Type::Ref),
    ("seen_str_from_u64", &[Type::I64], Type::Ref),
    (
        "seen_str_from_i64_radix",
        &[Type::I64, Type::I64, Type::Ptr, Type::I32, Type::I32],
        Type::Ref,
    ),
    (
        "seen_str_from_u64_radix",
        &[Type::I64, Type::I64, Type::Ptr, Type::I32, Type::I32],
        Type::Ref,
    ),
    ("seen_str_from_f64", &[Type::F64], Type::Ref),
    ("seen_str_from_f32", &[Type::F32], Type::Ref),
    ("seen_str_from_bool", &[Type::Bool], Type::Ref),
    ("seen_str_from_char", &[Type::I32], Type::Ref),
    ("seen_str_concat", &[Type::Ref, Type::Ref], Type::Ref),
    ("seen_str_concat_n", &[Type::Ptr, Type::I64], Type::Ref),
    ("seen_str_eq", &[Type::Ref, Type::Ref], Type::Bool),
    ("seen_str_cmp", &[Type::Ref, Type::Ref], Type::I64),
    ("seen_str_len_chars", &[Type::Ref], Type::I64),
    ("seen_str_hash", &[Type::Ref], Type::I64),
    ("seen_identity_hash", &[Type::Ref], Type::I64),
    ("seen_str_bytes", &[Type::Ref], Type::Ref),
    ("seen_str_identity", &[Type::Ref, Type::Ref], Type::Ref),
    ("seen_argc", &[], Type::I64),
    ("seen_argv", &[Type::I64], Type::Ref),
    ("seen_math_cbrt", &[Type::F64], Type::F64),
    ("seen_math_pow", &[Type::F64, Type::F64], Type::F64),
    ("seen_math_exp", &[Type::F64], Type::F64),
    ("seen_math_ln", &[Type::F64], Type::F64),
    ("seen_math_log10", &[Type::F64], Type::F64),
    ("seen_math_log2", &[Type::F64], Type::F64),
    ("seen_math_sin", &[Type::F64], Type::F64),
    ("seen_math_cos", &[Type::F64], Type::F64),
    ("seen_math_tan", &[Type::F64], Type::F64),
    ("seen_math_asin", &[Type::F64], Type::F64),
    ("seen_math_acos", &[Type::F64], Type::F64),
    ("seen_math_atan", &[Type::F64], Type::F64),
    ("seen_math_atan2", &[Type::F64, Type::F64], Type::F64),
    ("seen_math_sinh", &[Type::F64], Type::F64),
    ("seen_math_cosh", &[Type::F64], Type::F64),
    ("seen_math_tanh", &[Type::F64], Type::F64),
    ("seen_math_hypot", &[Type::F64, Type::F64], Type::F64),
    ("seen_math_round", &[Type::F64], Type::F64),
    ("seen_math_cbrt_f32", &[Type::F32], Type::F32),
    ("seen_math_pow_f32", &[Type::F32, Type::F32], Type::F32),
    ("seen_math_exp_f32", &[Type::F32], Type::F32),
    ("seen_math_ln_f32", &[Type::F32], Type::F32),
    ("seen_math_log10_f32", &[Type::F32], Type::F32),
    ("seen_math_log2_f32", &[Type::F32], Type::F32),
    ("seen_math_sin_f32", &[Type::F32], Type::F32),
    ("seen_math_cos_f32", &[Type::F32], Type::F32),
    ("seen_math_tan_f32", &[Type::F32], Type::F32),
    ("seen_math_asin_f32", &[Type::F32], Type::F32),
    ("seen_math_acos_f32", &[Type::F32], Type::F32),
    ("seen_math_atan_f32", &[Type::F32], Type::F32),
    ("seen_math_atan2_f32", &[Type::F32, Type::F32], Type::F32),
    ("seen_math_sinh_f32", &[Type::F32], Type::F32),
    ("seen_math_cosh_f32", &[Type::F32], Type::F32),
    ("seen_math_tanh_f32", &[Type::F32], Type::F32),
    ("seen_math_hypot_f32", &[Type::F32, Type::F32], Type::F32),
    ("seen_math_round_f32", &[Type::F32], Type::F32),
    (
        "seen_panic_str",
        &[Type::Ref, Type::Ptr, Type::I32, Type::I32],
        Type::Void,
    ),
];

/// The modules whose built-in functions the lowering knows.
const MATH_MODULE: &str = "std.math";
const PROCESS_MODULE: &str = "std.process";
const ARGS: &str = "args";
/// The method that appends to a list.
const LIST_ADD: &str = "add";

/// The `std.math` functions that are libm's, through the runtime: the
/// `Double` and the `Float` form.
const LIBM: &[(&str, &str, &str)] = &[
    ("cbrt", "seen_math_cbrt", "seen_math_cbrt_f32"),
    ("pow", "seen_math_pow", "seen_math_pow_f32"),
    ("exp", "seen_math_exp", "seen_math_exp_f32"),
    ("ln", "seen_math_ln", "seen_math_ln_f32"),
    ("log10", "seen_math_log10", "seen_math_log10_f32"),
    ("log2", "seen_math_log2", "seen_math_log2_f32"),
    ("sin", "seen_math_sin", "seen_math_sin_f32"),
    ("cos", "seen_math_cos", "seen_math_cos_f32"),
    ("tan", "seen_math_tan", "seen_math_tan_f32"),
    ("asin", "seen_math_asin", "seen_math_asin_f32"),
    ("acos", "seen_math_acos", "seen_math_acos_f32"),
    ("atan", "seen_math_atan", "seen_math_atan_f32"),
    ("atan2", "seen_math_atan2", "seen_math_atan2_f32"),
    ("sinh", "seen_math_sinh", "seen_math_sinh_f32"),
    ("cosh", "seen_math_cosh", "seen_math_cosh_f32"),
    ("tanh", "seen_math_tanh", "seen_math_tanh_f32"),
    ("hypot", "seen_math_hypot", "seen_math_hypot_f32"),
    ("round", "seen_math_round", "seen_math_round_f32"),
];

/// The standard top-level functions that are intrinsics.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TopLevel {
    Print,
    Println,
    Eprintln,
    Panic,
    ArrayOfZeros,
}

const TOP_LEVEL: &[(&str, TopLevel)] = &[
    ("print", TopLevel::Print),
    ("println", TopLevel::Println),
    ("eprintln", TopLevel::Eprintln),
    ("panic", TopLevel::Panic),
    ("arrayOfZeros", TopLevel::ArrayOfZeros),
];

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// Calls a runtime function by its C name.
    pub fn runtime_call(&mut self, name: &'static str, args: &[Value]) -> Option<Value> {
        let f = match self.cx.runtime.get(name) {
            Some(&f) => f,
            None => {
                let (_, params, ret) = RUNTIME
                    .iter()
                    .chain(super::text::TEXT_RUNTIME)
                    .find(|(n, ..)| *n == name)?;
                let sig = Signature::new(params.to_vec(), *ret);
                let m = self.b.module_mut();
                let f = m.declare_function(name, sig, Linkage::Import(name.to_string()));
                self.cx.runtime.insert(name, f);
                f
            }
        };
        self.b.ins().call(f, args)
    }

    /// Whether `d` is implemented by the compiler.
    pub fn is_builtin(&self, d: DefId) -> bool {
        self.cx.is_builtin(d)
    }

    /// Lowers a call of a compiler-implemented standard function on
    /// evaluated arguments (the caller releases them).
    pub fn intrinsic(
        &mut self,
        site: &Site,
        d: DefId,
        this: Option<(Op, Ty)>,
        args: &[(Op, Ty)],
    ) -> Option<Op> {
        let name = self.cx.s.def(d).name;
        if let Some((r, ty)) = this {
            return self.member_intrinsic(site, name, r, ty, args);
        }
        if let Some(v) = self.library_call(site, d, args) {
            return v;
        }
        let top = TOP_LEVEL.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
        match (top, args) {
            (Some(TopLevel::ArrayOfZeros), [(n, _)]) => {
                let elem = site.info.type_args.first().copied().unwrap_or(Ty::ERROR);
                let t = match self.ir(elem) {
                    Ok(Some(t)) => t,
                    _ => return self.unsupported(site.span, "an array of this element type"),
                };
                let loc = self.loc(site.span);
                let a = self.b.ins().array_new(t, n.v, Some(loc));
                Some(Op { v: a, owned: true })
            }
            (Some(top), [arg]) => self.top_level(site.span, top, *arg),
            _ => self.unsupported(site.span, format!("the built-in `{name}`")),
        }
    }

    fn top_level(
        &mut self,
        span: seen_syntax::Span,
        top: TopLevel,
        (op, ty): (Op, Ty),
    ) -> Option<Op> {
        match top {
            TopLevel::Print | TopLevel::Println => {
                self.print_value(op, ty, top == TopLevel::Println, span);
                None
            }
            TopLevel::Eprintln => {
                let s = self.text_of(op, ty, span)?;
                self.runtime_call("seen_eprintln_str", &[s.v]);
                self.drop_converted(s, op);
                None
            }
            TopLevel::Panic => {
                let s = self.text_of(op, ty, span)?;
                let path = self.path_ptr();
                let (line, col) = self.line_col(span);
                let line = self.b.ins().iconst(Type::I32, line as i64);
                let col = self.b.ins().iconst(Type::I32, col as i64);
                self.runtime_call("seen_panic_str", &[s.v, path, line, col]);
                self.b.ins().unreachable();
                self.end_block();
                None
            }
            TopLevel::ArrayOfZeros => self.unsupported(span, "this call"),
        }
    }

    /// Releases a string made from `original` by [`Fl::text_of`]
    /// (not the original itself, which its owner releases).
    fn drop_converted(&mut self, s: Op, original: Op) {
        if s.v != original.v {
            self.drop_op(Some(s));
        }
    }

    /// `print(x)` / `println(x)` without making a string for numbers.
    fn print_value(&mut self, op: Op, ty: Ty, newline: bool, span: seen_syntax::Span) {
        let f = match self.cx.s.types.kind(ty).clone() {
            _ if self.cx.is_string(ty) => {
                let f = if newline {
                    "seen_println_str"
                } else {
                    "seen_print_str"
                };
                self.runtime_call(f, &[op.v]);
                return;
            }
            TyKind::Int(i) => {
                let v = self.widen(op.v, i.signed());
                let f = if i.signed() {
                    "seen_print_int"
                } else {
                    "seen_print_uint"
                };
                self.runtime_call(f, &[v]);
                None
            }
            TyKind::Float(FloatTy::F64) => Some("seen_print_f64"),
            TyKind::Float(FloatTy::F32) => Some("seen_print_f32"),
            TyKind::Bool => Some("seen_print_bool"),
            TyKind::Char => Some("seen_print_char"),
            _ => {
                let Some(s) = self.text_of(op, ty, span) else {
                    return;
                };
                let f = if newline {
                    "seen_println_str"
                } else {
                    "seen_print_str"
                };
                self.runtime_call(f, &[s.v]);
                self.drop_converted(s, op);
                return;
            }
        };
        if let Some(f) = f {
            self.runtime_call(f, &[op.v]);
        }
        if newline {
            self.runtime_call("seen_println", &[]);
        }
    }

    /// An integer widened to `i64` (sign- or zero-extended).
    fn widen(&mut self, v: Value, signed: bool) -> Value {
        let t = self.b.func().value_type(v);
        if t == Type::I64 {
            v
        } else if signed {
            self.b.ins().sextend(Type::I64, v)
        } else {
            self.b.ins().uextend(Type::I64, v)
        }
    }

    /// An expression as a `String` (its `toString()`).
    pub fn string_of(&mut self, e: &'a ast::Expr<'a>) -> Option<Op> {
        let ty = self.ty_of(e);
        let op = self.expr(e)?;
        if self.cx.is_string(ty) {
            return Some(op);
        }
        // the text borrows the value, which goes when it is made
        let s = self.text_of(Op::scalar(op.v), ty, e.span)?;
        let s = if s.v == op.v { self.retained(s) } else { s };
        self.drop_op(Some(op));
        Some(s)
    }

    /// A value of type `ty` as a `String`, owned unless it already was a
    /// string.
    pub fn text_of(&mut self, op: Op, ty: Ty, span: seen_syntax::Span) -> Option<Op> {
        if self.cx.is_string(ty) {
            return Some(op);
        }
        let (f, v) = match self.cx.s.types.kind(ty).clone() {
            TyKind::Int(i) => {
                let signed = i.signed();
                let v = self.widen(op.v, signed);
                let f = if signed {
                    "seen_str_from_i64"
                } else {
                    "seen_str_from_u64"
                };
                (f, v)
            }
            TyKind::Float(FloatTy::F64) => ("seen_str_from_f64", op.v),
            TyKind::Float(FloatTy::F32) => ("seen_str_from_f32", op.v),
            TyKind::Bool => ("seen_str_from_bool", op.v),
            TyKind::Char => ("seen_str_from_char", op.v),
            _ => return self.object_to_string(op, ty, span),
        };
        let s = self.runtime_call(f, &[v])?;
        Some(Op { v: s, owned: true })
    }

    /// A string literal or template.
    pub fn template(&mut self, s: &'a ast::StrLit<'a>) -> Option<Op> {
        let mut parts = Vec::new();
        // a later part may fail (`${try f()}`) past the earlier ones
        let mark = self.held.len();
        for part in s.parts {
            let op = match part {
                ast::StrPart::Text(t) => Op::scalar(self.b.ins().strconst(t.as_bytes())),
                ast::StrPart::Expr(x) => self.string_of(x)?,
            };
            self.hold(op);
            parts.push(op);
        }
        self.held.truncate(mark);
        if parts.is_empty() {
            return Some(Op::scalar(self.b.ins().strconst(b"")));
        }
        self.concat_parts(parts)
    }

    /// `+`, `==`, `!=` and comparisons with a `String` on the left.
    pub fn string_binary(
        &mut self,
        e: &'a ast::Expr<'a>,
        op: B,
        lhs: &'a ast::Expr<'a>,
        rhs: &'a ast::Expr<'a>,
    ) -> Option<Op> {
        let a = self.expr(lhs)?;
        let b = self.string_of(rhs)?;
        let r = match op {
            B::Add => {
                let r = self.runtime_call("seen_str_concat", &[a.v, b.v])?;
                Op { v: r, owned: true }
            }
            B::Eq | B::NotEq => {
                let eq = self.runtime_call("seen_str_eq", &[a.v, b.v])?;
                let v = if op == B::Eq {
                    eq
                } else {
                    self.b.ins().bnot(eq)
                };
                Op::scalar(v)
            }
            B::Lt | B::LtEq | B::Gt | B::GtEq => {
                let c = self.runtime_call("seen_str_cmp", &[a.v, b.v])?;
                let zero = self.b.ins().iconst(Type::I64, 0);
                self.binary_values(op, Ty::INT, Op::scalar(c), Op::scalar(zero), e.span)?
            }
            _ => return self.unsupported(e.span, format!("`{}` on strings", op.symbol())),
        };
        self.drop_op(Some(a));
        self.drop_op(Some(b));
        Some(r)
    }

    /// A built-in member of a primitive type, `String` or `Array`.
    fn member_intrinsic(
        &mut self,
        site: &Site,
        name: &str,
        r: Op,
        ty: Ty,
        args: &[(Op, Ty)],
    ) -> Option<Op> {
        if self.cx.is_string(ty)
            && let Some(v) = self.string_member(name, r, args, site.ret, site.span)
        {
            return v;
        }
        if self.is_builder(ty)
            && let Some(v) = self.builder_member(name, r, args, site.span)
        {
            return v;
        }
        if self.b.func().value_type(r.v).is_float()
            && let Some(v) = self.float_member(name, r, args, site.span)
        {
            return v;
        }
        let member = MEMBERS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m);
        let Some(member) = member else {
            return self.unsupported(site.span, format!("the built-in member `{name}`"));
        };
        if self.is_array(ty) {
            return self.array_member(site.span, member, r, ty, args);
        }
        match (member, args) {
            (Member::ToString, [(radix, _)]) if self.b.func().value_type(r.v).is_int() => {
                // `v.toString(radix)`
                let signed = self.signed(ty);
                let v = self.widen(r.v, signed);
                let f = if signed {
                    "seen_str_from_i64_radix"
                } else {
                    "seen_str_from_u64_radix"
                };
                let [p, l, c] = self.location_args(site.span);
                let s = self.runtime_call(f, &[v, radix.v, p, l, c])?;
                Some(Op { v: s, owned: true })
            }
            (Member::ToString, []) => {
                let s = self.text_of(r, ty, site.span)?;
                // a string's own `toString()` is itself, which the caller
                // releases: keep a reference of our own
                Some(if s.v == r.v { self.retained(s) } else { s })
            }
            (Member::Wrapping(op), [(b, _)]) => {
                let ins = self.b.ins();
                let v = match op {
                    B::Add => ins.iadd(r.v, b.v),
                    B::Sub => ins.isub(r.v, b.v),
                    _ => ins.imul(r.v, b.v),
                };
                Some(Op::scalar(v))
            }
            (Member::Range { inclusive }, [(b, _)]) => self.range_value(site, r, *b, inclusive),
            (Member::HashCode, []) => self.hash_code(r, ty, site.span),
            (Member::Bits(op), [(b, _)]) => self.binary_values(op, ty, r, *b, site.span),
            (Member::Ushr, [(b, _)]) => Some(Op::scalar(self.b.ins().ushr(r.v, b.v))),
            (Member::Inv, []) => Some(Op::scalar(self.b.ins().bnot(r.v))),
            (Member::ToChar, []) => self.char_of_code(r, site.span),
            (Member::Checked(op), [(b, _)]) => {
                let (r, overflow) = self.overflowing(op, ty, r.v, b.v);
                let want = site.ret.unwrap_or(Ty::ERROR);
                let Ok(Some(Type::Aggregate(tuple))) = self.ir(want) else {
                    return self.unsupported(site.span, "this checked operation");
                };
                let ok = self.b.ins().bnot(overflow);
                Some(Op::scalar(self.b.ins().struct_new(tuple, &[ok, r])))
            }
            (Member::Saturating(op), [(b, _)]) => {
                let (r, overflow) = self.overflowing(op, ty, r.v, b.v);
                let limit = self.saturation_limit(op, ty, b.v);
                Some(Op::scalar(self.b.ins().select(overflow, limit, r)))
            }
            (Member::Convert, []) => {
                let to = site.ret.unwrap_or(Ty::ERROR);
                self.convert(r, ty, to, site.span)
            }
            (Member::CompareTo, [(b, _)]) if self.cx.is_string(ty) => {
                let c = self.runtime_call("seen_str_cmp", &[r.v, b.v])?;
                Some(Op::scalar(c))
            }
            (Member::CompareTo, [(b, _)]) if self.b.func().value_type(r.v).is_float() => {
                // the total order: -0.0 below 0.0, NaN equal to NaN and
                // above everything
                let (ka, kb) = (self.total_key(r.v), self.total_key(b.v));
                let lt = self.b.ins().icmp(IntCC::Slt, ka, kb);
                let gt = self.b.ins().icmp(IntCC::Sgt, ka, kb);
                let lt = self.b.ins().bint(Type::I64, lt);
                let gt = self.b.ins().bint(Type::I64, gt);
                Some(Op::scalar(self.b.ins().isub(gt, lt)))
            }
            (Member::CompareTo, [(b, _)]) => {
                let lt = self.binary_values(B::Lt, ty, r, *b, site.span)?;
                let gt = self.binary_values(B::Gt, ty, r, *b, site.span)?;
                let lt = self.b.ins().bint(Type::I64, lt.v);
                let gt = self.b.ins().bint(Type::I64, gt.v);
                Some(Op::scalar(self.b.ins().isub(gt, lt)))
            }
            (Member::Text, _) => self.text_member(name, r, ty, args, site.ret, site.span),
            (Member::Equals, [(o, _)]) => self.exact_equals(r, ty, *o, site.span),
            _ => self.unsupported(site.span, format!("the built-in member `{name}`")),
        }
    }

    /// `x.pow(y)` (libm), `x.roundToInt()` and `x.roundToLong()` (ties
    /// toward positive infinity, saturating; NaN panics as Kotlin throws);
    /// `None` for other members.
    fn float_member(
        &mut self,
        name: &str,
        r: Op,
        args: &[(Op, Ty)],
        span: seen_syntax::Span,
    ) -> Option<Option<Op>> {
        let t = self.b.func().value_type(r.v);
        match (name, args) {
            ("pow", [(y, _)]) => {
                let y = if self.b.func().value_type(y.v).is_int() {
                    self.b.ins().fcvt_from_sint(t, y.v)
                } else {
                    y.v
                };
                let (_, d, f) = LIBM.iter().find(|(n, ..)| *n == name)?;
                let f = if t == Type::F32 { f } else { d };
                Some(self.runtime_call(f, &[r.v, y]).map(Op::scalar))
            }
            ("roundToInt" | "roundToLong", []) => {
                let nan = self.b.ins().fcmp(seen_ir::FloatCC::Uno, r.v, r.v);
                let (bad, ok) = (self.b.create_block(), self.b.create_block());
                self.b.ins().brif(nan, bad, &[], ok, &[]);
                self.switch_to(bad);
                let msg = self.b.ins().strconst(b"Cannot round NaN value.");
                let [p, l, c] = self.location_args(span);
                self.runtime_call("seen_panic_str", &[msg, p, l, c]);
                self.b.ins().unreachable();
                self.switch_to(ok);
                let half = if t == Type::F32 {
                    self.b.ins().f32const(0.5)
                } else {
                    self.b.ins().f64const(0.5)
                };
                let up = self.b.ins().fadd(r.v, half);
                let down = self.b.ins().floor(up);
                Some(Some(Op::scalar(
                    self.b.ins().fcvt_to_sint_sat(Type::I64, down),
                )))
            }
            _ => None,
        }
    }

    /// A float as an integer whose signed order is the float's total
    /// order: every NaN as the one quiet NaN, then the bits of a negative
    /// value with all but the sign flipped.
    fn total_key(&mut self, v: Value) -> Value {
        let t = self.b.func().value_type(v);
        let (it, nan, shift, rest) = if t == Type::F32 {
            (Type::I32, 0x7fc0_0000_i64, 31, 0x7fff_ffff_i64)
        } else {
            (Type::I64, 0x7ff8_0000_0000_0000_i64, 63, i64::MAX)
        };
        let bits = self.b.ins().bitcast(it, v);
        let is_nan = self.b.ins().fcmp(seen_ir::FloatCC::Uno, v, v);
        let canon = self.b.ins().iconst(it, nan);
        let bits = self.b.ins().select(is_nan, canon, bits);
        let sh = self.b.ins().iconst(it, shift);
        let sign = self.b.ins().sshr(bits, sh);
        let rest = self.b.ins().iconst(it, rest);
        let mask = self.b.ins().band(sign, rest);
        self.b.ins().bxor(bits, mask)
    }

    /// The built-in functions of `std.math` (IR instructions or libm
    /// through the runtime) and `std.process.args()`; `None` for others.
    fn library_call(&mut self, site: &Site, d: DefId, args: &[(Op, Ty)]) -> Option<Option<Op>> {
        let module = self.cx.s.module_of(d);
        let path = self.cx.s.path_of(module);
        let name = self.cx.s.def(d).name;
        if path == PROCESS_MODULE && name == ARGS && args.is_empty() {
            return Some(self.program_arguments(site.span));
        }
        if path != MATH_MODULE {
            return None;
        }
        let vals: Vec<Value> = args.iter().map(|(o, _)| o.v).collect();
        let f32 = matches!(
            args.first().map(|a| self.cx.s.types.kind(a.1)),
            Some(TyKind::Float(FloatTy::F32))
        );
        let ins_op = match (name, vals.as_slice()) {
            ("sqrt", [x]) => Some(self.b.ins().sqrt(*x)),
            ("floor", [x]) => Some(self.b.ins().floor(*x)),
            ("ceil", [x]) => Some(self.b.ins().ceil(*x)),
            ("truncate", [x]) => Some(self.b.ins().trunc(*x)),
            _ => None,
        };
        if let Some(v) = ins_op {
            return Some(Some(Op::scalar(v)));
        }
        let Some(&(_, double_fn, float_fn)) = LIBM.iter().find(|(n, ..)| *n == name) else {
            return Some(self.unsupported(site.span, format!("the built-in `{name}`")));
        };
        let f = if f32 { float_fn } else { double_fn };
        Some(self.runtime_call(f, &vals).map(Op::scalar))
    }

    /// `args()`: a new list of the program's arguments.
    fn program_arguments(&mut self, span: seen_syntax::Span) -> Option<Op> {
        let string = self
            .cx
            .s
            .lang("String")
            .map(|s| self.cx.s.types.adt(s, &[]))?;
        let list = self.vararg_list_pub(span, string, &[])?;
        let n = self.runtime_call("seen_argc", &[])?;
        let (header, body, exit) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let zero = self.b.ins().iconst(Type::I64, 0);
        let i = self.b.append_block_param(header, Type::I64);
        self.b.ins().jump(header, &[zero]);
        self.switch_to(header);
        let more = self.b.ins().icmp(IntCC::Slt, i, n);
        self.b.ins().brif(more, body, &[], exit, &[]);
        self.switch_to(body);
        let arg = self.runtime_call("seen_argv", &[i])?;
        let list_ty = self
            .cx
            .s
            .lang("List")
            .map(|l| self.cx.s.types.adt(l, &[string]))?;
        let add = self.member_fun(list_ty, LIST_ADD)?;
        let site = Site::synthetic(span);
        self.call_method(
            &site,
            add,
            Some((list, list_ty)),
            &[Some((
                Op {
                    v: arg,
                    owned: true,
                },
                string,
            ))],
        );
        self.b.ins().release(arg);
        let one = self.b.ins().iconst(Type::I64, 1);
        let next = self.b.ins().iadd(i, one);
        self.b.ins().jump(header, &[next]);
        self.switch_to(exit);
        Some(list)
    }

    /// `n.toChar()`: the character with code `n`; panics unless `n` is a
    /// Unicode scalar value.
    fn char_of_code(&mut self, r: Op, span: seen_syntax::Span) -> Option<Op> {
        let t = self.b.func().value_type(r.v);
        let wide = if t == Type::I64 {
            r.v
        } else {
            self.b.ins().sextend(Type::I64, r.v)
        };
        let max = self.b.ins().iconst(Type::I64, 0x10FFFF);
        let (lo, hi) = (
            self.b.ins().iconst(Type::I64, 0xD800),
            self.b.ins().iconst(Type::I64, 0xDFFF),
        );
        let too_big = self.b.ins().icmp(IntCC::Ugt, wide, max);
        let above = self.b.ins().icmp(IntCC::Sge, wide, lo);
        let below = self.b.ins().icmp(IntCC::Sle, wide, hi);
        let surrogate = self.b.ins().band(above, below);
        let bad = self.b.ins().bor(too_big, surrogate);
        let (fail, ok) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(bad, fail, &[], ok, &[]);
        self.switch_to(fail);
        let loc = self.loc(span);
        self.b
            .ins()
            .trap("the value is not a Unicode scalar value", Some(loc));
        self.switch_to(ok);
        Some(Op::scalar(self.b.ins().ireduce(Type::I32, wide)))
    }

    /// `a..b` / `a..<b` of numbers or characters: the progression the
    /// operator's result type names, with step 1.
    fn range_value(&mut self, site: &Site, a: Op, b: Op, inclusive: bool) -> Option<Op> {
        let ret = site.ret?;
        let t = self.b.func().value_type(b.v);
        let last = if inclusive {
            b.v
        } else {
            let one = self.b.ins().iconst(t, 1);
            self.b.ins().isub(b.v, one)
        };
        let step = self.b.ins().iconst(Type::I64, 1);
        let (class, _) = self.cx.s.class_of(ret)?;
        let new = super::Inst {
            def: class,
            kind: super::InstKind::New,
            subst: Vec::new(),
            this: Some(ret),
        };
        let r = self.call_inst(
            new,
            None,
            &[a, Op::scalar(last), Op::scalar(step)],
            site.span,
        )??;
        Some(Op { v: r, owned: true })
    }

    /// `hashCode()`: numbers their value (a float its bits), `Boolean`
    /// 1231/1237, strings the runtime's hash, enums their ordinal, data
    /// classes `31 * h + part`.
    pub fn hash_code(&mut self, r: Op, ty: Ty, span: seen_syntax::Span) -> Option<Op> {
        if self.cx.is_string(ty) {
            let h = self.runtime_call("seen_str_hash", &[r.v])?;
            return Some(Op::scalar(h));
        }
        if self.cx.is_enum(ty) {
            let tag = self.b.ins().enum_tag(r.v);
            return Some(Op::scalar(self.b.ins().sextend(Type::I64, tag)));
        }
        let v = match self.cx.s.types.kind(ty).clone() {
            TyKind::Int(i) => self.widen(r.v, i.signed()),
            TyKind::Char => self.b.ins().uextend(Type::I64, r.v),
            TyKind::Bool => {
                let yes = self.b.ins().iconst(Type::I64, 1231);
                let no = self.b.ins().iconst(Type::I64, 1237);
                self.b.ins().select(r.v, yes, no)
            }
            TyKind::Float(FloatTy::F64) => self.b.ins().bitcast(Type::I64, r.v),
            TyKind::Float(FloatTy::F32) => {
                let bits = self.b.ins().bitcast(Type::I32, r.v);
                self.b.ins().uextend(Type::I64, bits)
            }
            TyKind::Adt(class, _)
                if self.cx.s.def(class).has(ast::ModifierKind::Data) || self.cx.is_struct(ty) =>
            {
                let props = self.cx.s.component_properties(class);
                let mut h = self.b.ins().iconst(Type::I64, 0);
                for p in props {
                    let (x, pt) = self.component_of(r, ty, p, span)?;
                    let hx = self.hash_code(x, pt, span)?;
                    self.drop_op(Some(x));
                    let k = self.b.ins().iconst(Type::I64, 31);
                    let m = self.b.ins().imul(h, k);
                    h = self.b.ins().iadd(m, hx.v);
                }
                h
            }
            TyKind::Adt(..) if self.b.func().value_type(r.v) == Type::Ref => {
                // a class without its own: the object's identity
                self.runtime_call("seen_identity_hash", &[r.v])?
            }
            _ => return self.unsupported(span, "`hashCode()` of this value"),
        };
        Some(Op::scalar(v))
    }

    /// Property `p` of a data-class value, with its type.
    fn component_of(
        &mut self,
        r: Op,
        ty: Ty,
        p: DefId,
        span: seen_syntax::Span,
    ) -> Option<(Op, Ty)> {
        let (class, args) = self.cx.s.class_of(ty)?;
        let params = self.cx.s.def(class).type_params.to_vec();
        let map = self.cx.s.subst_map(&params, &args);
        let pt = self.cx.s.property_type(p);
        let pt = self.cx.s.types.subst(pt, &map);
        let x = self.read_property(p, Op::scalar(r.v), ty, span)?;
        Some((x, pt))
    }

    /// `a op b` wrapping, and whether it overflowed (`+` and `-`).
    fn overflowing(&mut self, op: B, ty: Ty, a: Value, b: Value) -> (Value, Value) {
        let signed = self.signed(ty);
        let ins = self.b.ins();
        let r = if op == B::Add {
            ins.iadd(a, b)
        } else {
            ins.isub(a, b)
        };
        let overflow = match (op, signed) {
            // the sign of the result differs from both operands' (add) or
            // the operands' signs differ and the result's differs from a's
            (B::Add, true) => {
                let x = self.b.ins().bxor(a, r);
                let y = self.b.ins().bxor(b, r);
                let both = self.b.ins().band(x, y);
                let t = self.b.func().value_type(a);
                let zero = self.b.ins().iconst(t, 0);
                self.b.ins().icmp(IntCC::Slt, both, zero)
            }
            (_, true) => {
                let x = self.b.ins().bxor(a, b);
                let y = self.b.ins().bxor(a, r);
                let both = self.b.ins().band(x, y);
                let t = self.b.func().value_type(a);
                let zero = self.b.ins().iconst(t, 0);
                self.b.ins().icmp(IntCC::Slt, both, zero)
            }
            (B::Add, false) => self.b.ins().icmp(IntCC::Ult, r, a),
            (_, false) => self.b.ins().icmp(IntCC::Ult, a, b),
        };
        (r, overflow)
    }

    /// The bound a saturating `a op b` stops at: the type's maximum or
    /// minimum, by the direction of `b`.
    fn saturation_limit(&mut self, op: B, ty: Ty, b: Value) -> Value {
        let (min, max, t) = match self.cx.s.types.kind(ty) {
            TyKind::Int(i) => (i.min() as i64, i.max() as i64, super::types::int_type(*i)),
            _ => (0, 0, Type::I64),
        };
        let (lo, hi) = (self.b.ins().iconst(t, min), self.b.ins().iconst(t, max));
        if !self.signed(ty) {
            return if op == B::Add { hi } else { lo };
        }
        let zero = self.b.ins().iconst(t, 0);
        let neg = self.b.ins().icmp(IntCC::Slt, b, zero);
        // adding a negative (or subtracting a positive) goes down
        if op == B::Add {
            self.b.ins().select(neg, lo, hi)
        } else {
            self.b.ins().select(neg, hi, lo)
        }
    }

    /// Whether `ty` is the standard library's `Array<T>`.
    pub fn is_array(&self, ty: Ty) -> bool {
        matches!(self.cx.s.types.kind(ty), TyKind::Adt(d, _) if Some(*d) == self.cx.s.lang("Array"))
    }

    /// The IR element type of an array type.
    fn array_elem(&mut self, ty: Ty) -> Option<Type> {
        let elem = match self.cx.s.types.kind(ty) {
            TyKind::Adt(_, args) => args.first().copied()?,
            _ => return None,
        };
        self.ir(elem).ok().flatten()
    }

    /// `a[i]`, `a[i] = v`, `a.dropAt(i)` on an array.
    fn array_member(
        &mut self,
        span: seen_syntax::Span,
        member: Member,
        a: Op,
        ty: Ty,
        args: &[(Op, Ty)],
    ) -> Option<Op> {
        let Some(t) = self.array_elem(ty) else {
            return self.unsupported(span, "an array of this element type");
        };
        let loc = Some(self.loc(span));
        match (member, args) {
            (Member::Get, [(i, _)]) => Some(Op::scalar(self.b.ins().array_get(t, a.v, i.v, loc))),
            (Member::Set, [(i, _), (v, _)]) => {
                // a reference, or an aggregate holding some (a function
                // value): the array keeps its own
                if self.has_refs(t) {
                    self.retain_value(v.v);
                    let old = self.b.ins().array_get(t, a.v, i.v, loc);
                    self.b.ins().array_set(t, a.v, i.v, v.v, loc);
                    self.release_value(old);
                } else {
                    self.b.ins().array_set(t, a.v, i.v, v.v, loc);
                }
                None
            }
            (Member::DropAt, [(i, _)]) => {
                let old = self.b.ins().array_get(t, a.v, i.v, loc);
                let zero = self.b.ins().zero(t);
                self.b.ins().array_set(t, a.v, i.v, zero, loc);
                if self.has_refs(t) {
                    self.release_value(old);
                }
                None
            }
            _ => self.unsupported(span, "this array operation"),
        }
    }

    /// A built-in property: `String.length`.
    pub fn property_intrinsic(
        &mut self,
        span: seen_syntax::Span,
        prop: DefId,
        recv: Op,
        ty: Ty,
    ) -> Option<Op> {
        let name = self.cx.s.def(prop).name;
        if let Some(v) = self.text_property(name, recv, ty) {
            self.drop_op(Some(recv));
            return v;
        }
        let member = MEMBERS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m);
        match member {
            Some(Member::Length) if self.cx.is_string(ty) => {
                let n = self.runtime_call("seen_str_len_chars", &[recv.v])?;
                self.drop_op(Some(recv));
                Some(Op::scalar(n))
            }
            Some(Member::Size) if self.is_array(ty) => {
                let n = self.b.ins().array_len(recv.v);
                self.drop_op(Some(recv));
                Some(Op::scalar(n))
            }
            // (`this` inside `Char`'s own members may be typed by its class)
            Some(Member::Code) if self.b.func().value_type(recv.v) == Type::I32 => {
                Some(Op::scalar(self.b.ins().uextend(Type::I64, recv.v)))
            }
            _ => self.unsupported(span, format!("the built-in property `{name}`")),
        }
    }

    /// `toInt()`, `toDouble()` and the other numeric conversions.
    fn convert(&mut self, op: Op, from: Ty, to: Ty, span: seen_syntax::Span) -> Option<Op> {
        let target = match self.ir(to) {
            Ok(Some(t)) => t,
            _ => return self.unsupported(span, "this conversion"),
        };
        let source = self.b.func().value_type(op.v);
        let signed = self.signed(from) || matches!(self.cx.s.types.kind(from), TyKind::Char);
        let ins = self.b.ins();
        let v = match (source.is_int(), target.is_int()) {
            _ if source == target => op.v,
            (true, true) if target.bits() > source.bits() && signed => ins.sextend(target, op.v),
            (true, true) if target.bits() > source.bits() => ins.uextend(target, op.v),
            (true, true) => ins.ireduce(target, op.v),
            (true, false) if signed => ins.fcvt_from_sint(target, op.v),
            (true, false) => ins.fcvt_from_uint(target, op.v),
            (false, true) => ins.fcvt_to_sint_sat(target, op.v),
            (false, false) if target == Type::F64 => ins.fpromote(op.v),
            (false, false) => ins.fdemote(op.v),
        };
        Some(Op::scalar(v))
    }
}

/// The built-in members the lowering implements.
#[derive(Clone, Copy)]
enum Member {
    Bits(B),
    Ushr,
    Inv,
    ToChar,
    Range {
        inclusive: bool,
    },
    HashCode,
    Checked(B),
    Saturating(B),
    ToString,
    Length,
    Size,
    Get,
    Set,
    DropAt,
    Wrapping(B),
    Convert,
    CompareTo,
    /// `equals(other: Any?)` of a value of an exact type without one of
    /// its own (dynamic.rs, `exact_equals`).
    Equals,
    /// `Char`'s case and class members and `String.format(...)`
    /// (text.rs, `text_member`).
    Text,
    /// `Char.code`: the scalar value.
    Code,
}

const MEMBERS: &[(&str, Member)] = &[
    ("toString", Member::ToString),
    ("length", Member::Length),
    ("size", Member::Size),
    ("get", Member::Get),
    ("set", Member::Set),
    ("dropAt", Member::DropAt),
    ("..", Member::Range { inclusive: true }),
    ("..<", Member::Range { inclusive: false }),
    ("hashCode", Member::HashCode),
    ("shl", Member::Bits(B::Shl)),
    ("shr", Member::Bits(B::Shr)),
    ("ushr", Member::Ushr),
    ("inv", Member::Inv),
    ("toChar", Member::ToChar),
    ("checkedAdd", Member::Checked(B::Add)),
    ("checkedSub", Member::Checked(B::Sub)),
    ("saturatingAdd", Member::Saturating(B::Add)),
    ("saturatingSub", Member::Saturating(B::Sub)),
    ("wrappingAdd", Member::Wrapping(B::Add)),
    ("wrappingSub", Member::Wrapping(B::Sub)),
    ("wrappingMul", Member::Wrapping(B::Mul)),
    ("compareTo", Member::CompareTo),
    ("equals", Member::Equals),
    ("code", Member::Code),
    ("toInt", Member::Convert),
    ("toLong", Member::Convert),
    ("toInt8", Member::Convert),
    ("toInt16", Member::Convert),
    ("toInt32", Member::Convert),
    ("toInt64", Member::Convert),
    ("toUInt", Member::Convert),
    ("toUInt8", Member::Convert),
    ("toUInt16", Member::Convert),
    ("toUInt32", Member::Convert),
    ("toUInt64", Member::Convert),
    ("toByte", Member::Convert),
    ("toShort", Member::Convert),
    ("toDouble", Member::Convert),
    ("toFloat", Member::Convert),
    ("toFloat32", Member::Convert),
    ("toFloat64", Member::Convert),
    ("uppercaseChar", Member::Text),
    ("lowercaseChar", Member::Text),
    ("uppercase", Member::Text),
    ("lowercase", Member::Text),
    ("isUpperCase", Member::Text),
    ("isLowerCase", Member::Text),
    ("isLetter", Member::Text),
    ("isDigit", Member::Text),
    ("isLetterOrDigit", Member::Text),
    ("digitToInt", Member::Text),
    ("digitToIntOrNull", Member::Text),
    ("format", Member::Text),
];
