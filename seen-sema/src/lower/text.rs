//! The compiler-implemented members of `String` and `StringBuilder`: calls
//! into the runtime (docs/runtime.md sections 5 and 6). The other members
//! of both are Seen, in the standard library.

use seen_ir::{Type, Value};
use seen_syntax::Span;

use super::body::{Fl, Op};
use crate::ty::{FloatTy, Ty, TyKind};

/// The runtime functions of strings and builders, with their IR
/// signatures.
pub(super) const TEXT_RUNTIME: &[(&str, &[Type], Type)] = &[
    (
        "seen_str_char_at",
        &[Type::Ref, Type::I64, Type::Ptr, Type::I32, Type::I32],
        Type::I32,
    ),
    (
        "seen_str_substring",
        &[
            Type::Ref,
            Type::I64,
            Type::I64,
            Type::Ptr,
            Type::I32,
            Type::I32,
        ],
        Type::Ref,
    ),
    ("seen_str_len_bytes", &[Type::Ref], Type::I64),
    (
        "seen_str_to_i64",
        &[Type::Ref, Type::I64, Type::Ptr],
        Type::I64,
    ),
    ("seen_str_to_f64", &[Type::Ref, Type::Ptr], Type::F64),
    ("seen_str_to_f32", &[Type::Ref, Type::Ptr], Type::F32),
    ("seen_sb_new", &[], Type::Ref),
    ("seen_sb_append_str", &[Type::Ref, Type::Ref], Type::Void),
    ("seen_sb_append_char", &[Type::Ref, Type::I32], Type::Void),
    ("seen_sb_append_i64", &[Type::Ref, Type::I64], Type::Void),
    ("seen_sb_append_u64", &[Type::Ref, Type::I64], Type::Void),
    ("seen_sb_append_f64", &[Type::Ref, Type::F64], Type::Void),
    ("seen_sb_append_f32", &[Type::Ref, Type::F32], Type::Void),
    ("seen_sb_append_bool", &[Type::Ref, Type::Bool], Type::Void),
    (
        "seen_sb_insert_str",
        &[
            Type::Ref,
            Type::I64,
            Type::Ref,
            Type::Ptr,
            Type::I32,
            Type::I32,
        ],
        Type::Void,
    ),
    ("seen_sb_reverse", &[Type::Ref], Type::Void),
    ("seen_sb_len_chars", &[Type::Ref], Type::I64),
    ("seen_sb_clear", &[Type::Ref], Type::Void),
    ("seen_sb_to_string", &[Type::Ref], Type::Ref),
];

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// Whether `ty` is the standard library's `StringBuilder`.
    pub fn is_builder(&self, ty: Ty) -> bool {
        matches!(self.cx.s.types.kind(ty), TyKind::Adt(d, _) if Some(*d) == self.cx.s.lang("StringBuilder"))
    }

    /// The path, line and column arguments of a runtime call that may
    /// panic.
    fn location_args(&mut self, span: Span) -> [Value; 3] {
        let path = self.path_ptr();
        let (line, col) = self.line_col(span);
        let line = self.b.ins().iconst(Type::I32, line as i64);
        let col = self.b.ins().iconst(Type::I32, col as i64);
        [path, line, col]
    }

    /// A built-in member of `String`: `get`, `substring`, the number
    /// parsers, `equals`. `None` when `name` is not one.
    pub fn string_member(
        &mut self,
        name: &str,
        r: Op,
        args: &[(Op, Ty)],
        ret: Option<Ty>,
        span: Span,
    ) -> Option<Option<Op>> {
        Some(match (name, args) {
            ("get", [(i, _)]) => {
                let [p, l, c] = self.location_args(span);
                let ch = self.runtime_call("seen_str_char_at", &[r.v, i.v, p, l, c]);
                ch.map(Op::scalar)
            }
            ("substring", [(a, _), (b, _)]) => {
                let [p, l, c] = self.location_args(span);
                let s = self.runtime_call("seen_str_substring", &[r.v, a.v, b.v, p, l, c]);
                s.map(|v| Op { v, owned: true })
            }
            ("toIntOrNull", []) => {
                let ten = self.b.ins().iconst(Type::I64, 10);
                self.parse_number("seen_str_to_i64", &[r.v, ten], ret, span)
            }
            ("toIntOrNull", [(radix, _)]) => {
                self.parse_number("seen_str_to_i64", &[r.v, radix.v], ret, span)
            }
            ("toDoubleOrNull", []) => self.parse_number("seen_str_to_f64", &[r.v], ret, span),
            ("toFloatOrNull", []) => self.parse_number("seen_str_to_f32", &[r.v], ret, span),
            ("equals", [(o, ot)]) => {
                let ot = *ot;
                Some(Op::scalar(self.string_equals_any(r, *o, ot, span)?))
            }
            _ => return None,
        })
    }

    /// A runtime parser with an `ok` out-parameter, as a `T?`.
    fn parse_number(
        &mut self,
        f: &'static str,
        args: &[Value],
        ret: Option<Ty>,
        span: Span,
    ) -> Option<Op> {
        let slot = self.b.create_stack_slot(1, 1);
        let ok_ptr = self.b.ins().stack_addr(slot);
        let mut all = args.to_vec();
        all.push(ok_ptr);
        let v = self.runtime_call(f, &all)?;
        let ok = self.b.ins().load(Type::Bool, ok_ptr, 0);
        let Some(Ok(Some(Type::Aggregate(tuple)))) = ret.map(|t| self.ir(t)) else {
            return self.unsupported(span, "this number parser");
        };
        Some(Op::scalar(self.b.ins().struct_new(tuple, &[ok, v])))
    }

    /// `s.equals(other)` with `other: Any?`: a string with the same text.
    fn string_equals_any(&mut self, s: Op, other: Op, ot: Ty, span: Span) -> Option<Value> {
        if self.cx.is_string(ot) {
            return self.runtime_call("seen_str_eq", &[s.v, other.v]);
        }
        if self.b.func().value_type(other.v) != Type::Ref {
            return Some(self.b.ins().bconst(false));
        }
        let string = self
            .cx
            .s
            .lang("String")
            .map(|d| self.cx.s.types.adt(d, &[]))?;
        let is_string = self.is_test(other, ot, string, span)?;
        let (yes, merge) = (self.b.create_block(), self.b.create_block());
        let out = self.b.append_block_param(merge, Type::Bool);
        let no = self.b.ins().bconst(false);
        self.b.ins().brif(is_string, yes, &[], merge, &[no]);
        self.switch_to(yes);
        let eq = self.runtime_call("seen_str_eq", &[s.v, other.v])?;
        self.b.ins().jump(merge, &[eq]);
        self.switch_to(merge);
        Some(out)
    }

    /// `StringBuilder()`: a new empty builder.
    pub fn new_builder(&mut self) -> Option<Op> {
        let v = self.runtime_call("seen_sb_new", &[])?;
        Some(Op { v, owned: true })
    }

    /// A built-in member of `StringBuilder`.
    pub fn builder_member(
        &mut self,
        name: &str,
        sb: Op,
        args: &[(Op, Ty)],
        span: Span,
    ) -> Option<Option<Op>> {
        Some(match (name, args) {
            ("append", [(v, t)]) => {
                self.append_value(sb.v, *v, *t, span)?;
                Some(self.retained(Op::scalar(sb.v)))
            }
            ("insert", [(i, _), (v, t)]) => {
                let s = self.text_of(*v, *t, span)?;
                let [p, l, c] = self.location_args(span);
                self.runtime_call("seen_sb_insert_str", &[sb.v, i.v, s.v, p, l, c]);
                if s.v != v.v {
                    self.drop_op(Some(s));
                }
                Some(self.retained(Op::scalar(sb.v)))
            }
            ("clear", []) => {
                self.runtime_call("seen_sb_clear", &[sb.v]);
                Some(self.retained(Op::scalar(sb.v)))
            }
            ("reverse", []) => {
                self.runtime_call("seen_sb_reverse", &[sb.v]);
                Some(self.retained(Op::scalar(sb.v)))
            }
            ("toString", []) => {
                let s = self.runtime_call("seen_sb_to_string", &[sb.v])?;
                Some(Op { v: s, owned: true })
            }
            _ => return None,
        })
    }

    /// `sb.append(v)` without making a string for numbers and characters.
    fn append_value(&mut self, sb: Value, v: Op, t: Ty, span: Span) -> Option<()> {
        let kind = self.cx.s.types.kind(t).clone();
        match kind {
            _ if self.cx.is_string(t) => {
                self.runtime_call("seen_sb_append_str", &[sb, v.v]);
            }
            TyKind::Char => {
                self.runtime_call("seen_sb_append_char", &[sb, v.v]);
            }
            TyKind::Bool => {
                self.runtime_call("seen_sb_append_bool", &[sb, v.v]);
            }
            TyKind::Int(i) => {
                let x = if self.b.func().value_type(v.v) == Type::I64 {
                    v.v
                } else if i.signed() {
                    self.b.ins().sextend(Type::I64, v.v)
                } else {
                    self.b.ins().uextend(Type::I64, v.v)
                };
                let f = if i.signed() {
                    "seen_sb_append_i64"
                } else {
                    "seen_sb_append_u64"
                };
                self.runtime_call(f, &[sb, x]);
            }
            TyKind::Float(FloatTy::F64) => {
                self.runtime_call("seen_sb_append_f64", &[sb, v.v]);
            }
            TyKind::Float(FloatTy::F32) => {
                self.runtime_call("seen_sb_append_f32", &[sb, v.v]);
            }
            _ => {
                let s = self.text_of(v, t, span)?;
                self.runtime_call("seen_sb_append_str", &[sb, s.v]);
                if s.v != v.v {
                    self.drop_op(Some(s));
                }
            }
        }
        Some(())
    }

    /// A built-in property of `String` or `StringBuilder`.
    pub fn text_property(&mut self, name: &str, r: Op, ty: Ty) -> Option<Option<Op>> {
        if name == "code" && matches!(self.cx.s.types.kind(ty), TyKind::Char) {
            return Some(Some(Op::scalar(self.b.ins().uextend(Type::I64, r.v))));
        }
        let f = match name {
            "byteLength" if self.cx.is_string(ty) => "seen_str_len_bytes",
            "length" if self.is_builder(ty) => "seen_sb_len_chars",
            _ => return None,
        };
        Some(self.runtime_call(f, &[r.v]).map(Op::scalar))
    }
}
