//! The compiler-implemented members of `String`, `StringBuilder` and
//! `Char` (case mapping and classes over the runtime's Unicode tables), and
//! `format`: calls into the runtime (docs/runtime.md sections 5 to 7). The
//! other members are Seen, in the standard library.

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
    ("seen_str_to_upper", &[Type::Ref], Type::Ref),
    ("seen_str_to_lower", &[Type::Ref], Type::Ref),
    ("seen_char_to_upper", &[Type::I32], Type::I32),
    ("seen_char_to_lower", &[Type::I32], Type::I32),
    ("seen_char_to_upper_str", &[Type::I32], Type::Ref),
    ("seen_char_to_lower_str", &[Type::I32], Type::Ref),
    ("seen_char_is_upper", &[Type::I32], Type::Bool),
    ("seen_char_is_lower", &[Type::I32], Type::Bool),
    ("seen_char_is_letter", &[Type::I32], Type::Bool),
    ("seen_char_is_digit", &[Type::I32], Type::Bool),
    ("seen_char_is_letter_or_digit", &[Type::I32], Type::Bool),
    ("seen_char_digit_value", &[Type::I32], Type::I64),
    (
        "seen_char_digit_to_int",
        &[Type::I32, Type::Ptr, Type::I32, Type::I32],
        Type::I64,
    ),
    (
        "seen_format",
        &[
            Type::Ref,
            Type::Ptr,
            Type::I64,
            Type::Ptr,
            Type::I32,
            Type::I32,
        ],
        Type::Ref,
    ),
];

/// The members of `Char` that are one runtime call on the character:
/// the member, the function, and whether it gives a new string.
const CHAR_MEMBERS: &[(&str, &str, bool)] = &[
    ("uppercaseChar", "seen_char_to_upper", false),
    ("lowercaseChar", "seen_char_to_lower", false),
    ("uppercase", "seen_char_to_upper_str", true),
    ("lowercase", "seen_char_to_lower_str", true),
    ("isUpperCase", "seen_char_is_upper", false),
    ("isLowerCase", "seen_char_is_lower", false),
    ("isLetter", "seen_char_is_letter", false),
    ("isDigit", "seen_char_is_digit", false),
    ("isLetterOrDigit", "seen_char_is_letter_or_digit", false),
];

/// The member of `String` and of its companion that formats.
const FORMAT: &str = "format";

/// `SeenFmtArg.tag` values (runtime/seen.h).
const FMT_INT: i64 = 0;
const FMT_UINT: i64 = 1;
const FMT_DOUBLE: i64 = 2;
const FMT_FLOAT: i64 = 3;
const FMT_BOOL: i64 = 4;
const FMT_CHAR: i64 = 5;
const FMT_STRING: i64 = 6;
const FMT_NULL: i64 = 7;
/// The size of one `SeenFmtArg`; its value is at offset 8.
const FMT_ARG_SIZE: i32 = 16;

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// Whether `ty` is the standard library's `StringBuilder`.
    pub fn is_builder(&self, ty: Ty) -> bool {
        matches!(self.cx.s.types.kind(ty), TyKind::Adt(d, _) if Some(*d) == self.cx.s.lang("StringBuilder"))
    }

    /// The path, line and column arguments of a runtime call that may
    /// panic.
    pub fn location_args(&mut self, span: Span) -> [Value; 3] {
        let path = self.path_ptr();
        let (line, col) = self.line_col(span);
        let line = self.b.ins().iconst(Type::I32, line as i64);
        let col = self.b.ins().iconst(Type::I32, col as i64);
        [path, line, col]
    }

    /// A built-in member of `String`: `get`, `substring`, the number
    /// parsers, `equals`, `uppercase`, `lowercase`, `format`. `None` when
    /// `name` is not one.
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
            ("uppercase", []) => self.owned_call("seen_str_to_upper", &[r.v]),
            ("bytes", []) => self.owned_call("seen_str_bytes", &[r.v]),
            ("lowercase", []) => self.owned_call("seen_str_to_lower", &[r.v]),
            (FORMAT, _) => self.format(r, args, span),
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

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// A runtime call that gives a new string.
    fn owned_call(&mut self, f: &'static str, args: &[Value]) -> Option<Op> {
        let v = self.runtime_call(f, args)?;
        Some(Op { v, owned: true })
    }

    /// A built-in text member reached through the general table
    /// (`Member::Text`): the members of `Char` and `String.format(...)`
    /// of `String`'s companion.
    pub fn text_member(
        &mut self,
        name: &str,
        r: Op,
        ty: Ty,
        args: &[(Op, Ty)],
        ret: Option<Ty>,
        span: Span,
    ) -> Option<Op> {
        if matches!(self.cx.s.types.kind(ty), TyKind::Char) {
            return self.char_member(name, r, args, ret, span);
        }
        match (name, args) {
            (FORMAT, [(fmt, ft), rest @ ..]) if self.is_string_companion(ty) => {
                if !self.cx.is_string(*ft) {
                    return self.unsupported(span, "`String.format` with this format");
                }
                self.format(*fmt, rest, span)
            }
            _ => self.unsupported(span, format!("the built-in member `{name}`")),
        }
    }

    /// Whether `ty` is the companion object of `String`.
    fn is_string_companion(&self, ty: Ty) -> bool {
        let companion = self
            .cx
            .s
            .lang("String")
            .and_then(|s| self.cx.s.companions.get(&s).copied());
        matches!(self.cx.s.types.kind(ty), TyKind::Adt(d, _) if Some(*d) == companion)
    }

    /// A built-in member of `Char`: case mapping and classes (the
    /// runtime's Unicode tables), `digitToInt`, `digitToIntOrNull`.
    fn char_member(
        &mut self,
        name: &str,
        c: Op,
        args: &[(Op, Ty)],
        ret: Option<Ty>,
        span: Span,
    ) -> Option<Op> {
        if !args.is_empty() {
            return self.unsupported(span, format!("the built-in member `{name}`"));
        }
        if let Some(&(_, f, string)) = CHAR_MEMBERS.iter().find(|(n, ..)| *n == name) {
            let v = self.runtime_call(f, &[c.v])?;
            return Some(Op { v, owned: string });
        }
        match name {
            "digitToInt" => {
                let [p, l, col] = self.location_args(span);
                let v = self.runtime_call("seen_char_digit_to_int", &[c.v, p, l, col])?;
                Some(Op::scalar(v))
            }
            "digitToIntOrNull" => {
                let v = self.runtime_call("seen_char_digit_value", &[c.v])?;
                let zero = self.b.ins().iconst(Type::I64, 0);
                let ok = self.b.ins().icmp(seen_ir::IntCC::Sge, v, zero);
                let Some(Ok(Some(Type::Aggregate(tuple)))) = ret.map(|t| self.ir(t)) else {
                    return self.unsupported(span, "`digitToIntOrNull` here");
                };
                Some(Op::scalar(self.b.ins().struct_new(tuple, &[ok, v])))
            }
            _ => self.unsupported(span, format!("the built-in member `{name}`")),
        }
    }

    /// `fmt.format(args...)`: the arguments as tagged `SeenFmtArg`s in a
    /// stack slot, each by its static type (numbers, `Boolean`, `Char`,
    /// strings, `null`; other values by their `toString()`), then
    /// `seen_format`, then the strings made for it are released.
    fn format(&mut self, fmt: Op, args: &[(Op, Ty)], span: Span) -> Option<Op> {
        let size = FMT_ARG_SIZE as u32 * args.len().max(1) as u32;
        let slot = self.b.create_stack_slot(size, 8);
        let base = self.b.ins().stack_addr(slot);
        let mut temps = Vec::new();
        for (i, &(op, ty)) in args.iter().enumerate() {
            let at = FMT_ARG_SIZE * i as i32;
            if let Some(t) = self.format_arg(base, at, op, ty, span)? {
                temps.push(t);
            }
        }
        let n = self.b.ins().iconst(Type::I64, args.len() as i64);
        let [p, l, c] = self.location_args(span);
        let r = self.runtime_call("seen_format", &[fmt.v, base, n, p, l, c])?;
        for t in temps {
            self.drop_op(Some(t));
        }
        Some(Op { v: r, owned: true })
    }

    /// Writes one `SeenFmtArg` at `base + at`; gives the string made for
    /// it, which the caller releases after the call.
    fn format_arg(
        &mut self,
        base: Value,
        at: i32,
        op: Op,
        ty: Ty,
        span: Span,
    ) -> Option<Option<Op>> {
        let kind = self.cx.s.types.kind(ty).clone();
        let (tag, bits, v) = match kind {
            _ if self.cx.is_string(ty) => (FMT_STRING, 0, op.v),
            TyKind::Nullable(inner) => return self.format_nullable(base, at, op, inner, span),
            TyKind::Nothing => (FMT_NULL, 0, self.b.ins().iconst(Type::I64, 0)),
            TyKind::Int(i) => {
                let tag = if i.signed() { FMT_INT } else { FMT_UINT };
                let wide = if self.b.func().value_type(op.v) == Type::I64 {
                    op.v
                } else if i.signed() {
                    self.b.ins().sextend(Type::I64, op.v)
                } else {
                    self.b.ins().uextend(Type::I64, op.v)
                };
                (tag, i.bits() as i64, wide)
            }
            TyKind::Float(FloatTy::F64) => (FMT_DOUBLE, 0, op.v),
            TyKind::Float(FloatTy::F32) => (FMT_FLOAT, 0, op.v),
            TyKind::Bool => (FMT_BOOL, 0, op.v),
            TyKind::Char => (FMT_CHAR, 0, op.v),
            TyKind::Any => return self.format_dynamic(base, at, op, ty, span),
            _ => {
                let s = self.text_of(op, ty, span)?;
                self.store_fmt_arg(base, at, FMT_STRING, 0, s.v);
                return Some(Some(s));
            }
        };
        self.store_fmt_arg(base, at, tag, bits, v);
        Some(None)
    }

    /// An argument typed `Any`: a boxed number, `Boolean` or `Char` by its
    /// run-time type (so `%d` takes an `Int` held in an `Any`), anything
    /// else by its text. Gives the string made for it, if any.
    fn format_dynamic(
        &mut self,
        base: Value,
        at: i32,
        op: Op,
        ty: Ty,
        span: Span,
    ) -> Option<Option<Op>> {
        let merge = self.b.create_block();
        let made = self.b.append_block_param(merge, Type::Ref);
        let mut boxes: Vec<(Ty, seen_ir::TypeId)> = self
            .cx
            .boxes
            .iter()
            .map(|(t, b)| (*t, *b))
            .filter(|(t, _)| {
                matches!(
                    self.cx.s.types.kind(*t),
                    TyKind::Int(_) | TyKind::Float(_) | TyKind::Bool | TyKind::Char
                )
            })
            .collect();
        boxes.sort_by_key(|(_, b)| b.index());
        let found = self.b.ins().type_of(op.v);
        for (t, b) in boxes {
            let (yes, no) = (self.b.create_block(), self.b.create_block());
            let desc = self.b.ins().typedesc(Some(b));
            let hit = self.b.ins().icmp(seen_ir::IntCC::Eq, found, desc);
            self.b.ins().brif(hit, yes, &[], no, &[]);
            self.switch_to(yes);
            let x = self.b.ins().field_get(b, op.v, 0);
            self.format_arg(base, at, Op::scalar(x), t, span)?;
            let none = self.b.ins().null();
            self.b.ins().jump(merge, &[none]);
            self.switch_to(no);
        }
        let s = self.text_of(op, ty, span)?;
        let s = self.owned(s);
        self.store_fmt_arg(base, at, FMT_STRING, 0, s.v);
        self.b.ins().jump(merge, &[s.v]);
        self.switch_to(merge);
        Some(Some(Op {
            v: made,
            owned: true,
        }))
    }

    /// A `T?` argument: `null`, or the present value as a `T`. The string
    /// made for a present value (or a null reference) is merged out of the
    /// branches so the caller can release it.
    fn format_nullable(
        &mut self,
        base: Value,
        at: i32,
        op: Op,
        inner: Ty,
        span: Span,
    ) -> Option<Option<Op>> {
        if matches!(self.cx.s.types.kind(inner), TyKind::Nothing) {
            let zero = self.b.ins().iconst(Type::I64, 0);
            self.store_fmt_arg(base, at, FMT_NULL, 0, zero);
            return Some(None);
        }
        let present = self.is_present(op.v);
        let (yes, no, merge) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        let made = self.b.append_block_param(merge, Type::Ref);
        self.b.ins().brif(present, yes, &[], no, &[]);
        self.switch_to(yes);
        let v = self.unwrap_present(Op {
            v: op.v,
            owned: false,
        });
        let s = self.format_arg(base, at, v, inner, span)?;
        let s = match s {
            Some(s) => self.owned(s).v,
            None => self.b.ins().null(),
        };
        self.b.ins().jump(merge, &[s]);
        self.switch_to(no);
        let zero = self.b.ins().iconst(Type::I64, 0);
        self.store_fmt_arg(base, at, FMT_NULL, 0, zero);
        let null = self.b.ins().null();
        self.b.ins().jump(merge, &[null]);
        self.switch_to(merge);
        Some(Some(Op {
            v: made,
            owned: true,
        }))
    }

    /// Stores the tag, the bit width and the value of one `SeenFmtArg`.
    fn store_fmt_arg(&mut self, base: Value, at: i32, tag: i64, bits: i64, v: Value) {
        let tag = self.b.ins().iconst(Type::I32, tag);
        let bits = self.b.ins().iconst(Type::I32, bits);
        self.b.ins().store(tag, base, at);
        self.b.ins().store(bits, base, at + 4);
        self.b.ins().store(v, base, at + 8);
    }
}
