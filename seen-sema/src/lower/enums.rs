//! Enums: an IR enum per enum type (a tag, and the payload of entries
//! that have one); entries as values, entries with payloads as
//! constructors, `name`, `ordinal`, `value` and constructor properties by
//! the tag, comparison by ordinal, `Color.entries` / `values()`, and
//! `when` patterns that open a payload.

use seen_ir::{IntCC, Module, Type, TypeId, Value, Variant};
use seen_syntax::{Span, ast};

use super::Lower;
use super::body::{Fl, Op};
use crate::check::{Res, key};
use crate::defs::{DefId, DefKind, Node};
use crate::ty::{Ty, TyKind};

/// The members every enum has (the `Enum` trait's), by name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EnumProp {
    Name,
    Ordinal,
    Value,
}

const ENUM_PROPS: &[(&str, EnumProp)] = &[
    ("name", EnumProp::Name),
    ("ordinal", EnumProp::Ordinal),
    ("value", EnumProp::Value),
];

/// The companion members of enum types (`Color.entries`).
const ENTRIES: &str = "entries";

impl<'a> Lower<'_, 'a> {
    /// Whether `ty` is an enum type.
    pub fn is_enum(&self, ty: Ty) -> bool {
        matches!(self.s.types.kind(ty), TyKind::Adt(d, _)
            if matches!(self.s.def(*d).kind, DefKind::Class(ast::ClassKind::Enum)))
    }

    /// An enum's entries, in declaration order.
    pub fn enum_entries(&self, class: DefId) -> Vec<DefId> {
        let Some(ast::ItemKind::Class(c)) = self.s.def(class).item().map(|i| &i.kind) else {
            return Vec::new();
        };
        c.entries
            .iter()
            .filter_map(|e| {
                self.s
                    .def(class)
                    .members
                    .get(e.name.name)?
                    .iter()
                    .copied()
                    .find(|&d| self.s.def(d).kind == DefKind::EnumEntry)
            })
            .collect()
    }

    /// The IR enum of an enum type (declared on first use).
    pub fn enum_type(&mut self, module: &mut Module, ty: Ty) -> Result<TypeId, String> {
        if let Some(l) = self.objects.get(&ty) {
            return Ok(l.ty);
        }
        let Some((class, args)) = self.s.class_of(ty) else {
            return Err(format!("a value of type `{}`", self.s.show(ty)));
        };
        let params = self.s.def(class).type_params.to_vec();
        let map = self.s.subst_map(&params, &args);
        let mut variants = Vec::new();
        for entry in self.enum_entries(class) {
            let mut fields = Vec::new();
            if let Node::EnumEntry(e) = self.s.def(entry).node
                && let Some(payload) = e.payload
            {
                for p in payload {
                    let t =
                        p.ty.as_ref()
                            .map_or(Ty::ERROR, |t| self.s.resolve_type(t, class));
                    let t = self.s.types.subst(t, &map);
                    fields.push(self.ir_type(module, t)?.unwrap_or(Type::Bool));
                }
            }
            variants.push(Variant {
                name: self.s.def(entry).name.to_string(),
                fields,
            });
        }
        let name = self.s.show(ty);
        let id = module
            .try_declare_enum(
                &format!("{}.{name}", self.s.path_of(self.s.module_of(class))),
                variants,
            )
            .map_err(|e| format!("the enum `{name}` ({e})"))?;
        self.objects.insert(
            ty,
            super::classes::Layout {
                ty: id,
                fields: Vec::new(),
                value: true,
            },
        );
        Ok(id)
    }

    /// The Seen types of an entry's payload fields in enum type `ty`.
    pub fn payload_types(&mut self, ty: Ty, entry: DefId) -> Vec<Ty> {
        let Some((class, args)) = self.s.class_of(ty) else {
            return Vec::new();
        };
        let params = self.s.def(class).type_params.to_vec();
        let map = self.s.subst_map(&params, &args);
        let Node::EnumEntry(e) = self.s.def(entry).node else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for p in e.payload.unwrap_or(&[]) {
            let t =
                p.ty.as_ref()
                    .map_or(Ty::ERROR, |t| self.s.resolve_type(t, class));
            out.push(self.s.types.subst(t, &map));
        }
        out
    }

    /// The position of an entry in its enum.
    pub fn entry_index(&self, entry: DefId) -> Option<u32> {
        let class = self.s.def(entry).parent?;
        self.enum_entries(class)
            .iter()
            .position(|&e| e == entry)
            .map(|i| i as u32)
    }
}

impl<'x, 's, 'a> Fl<'x, 's, 'a> {
    /// An entry as a value (`Color.RED`, or `RED` where the type is
    /// known); `payload` for an entry that carries one.
    pub fn entry_value(&mut self, ty: Ty, entry: DefId, payload: &[Op], span: Span) -> Option<Op> {
        let id = match self.cx.enum_type(self.b.module_mut(), ty) {
            Ok(id) => id,
            Err(what) => return self.unsupported(span, what),
        };
        let Some(idx) = self.cx.entry_index(entry) else {
            return self.unsupported(span, "this enum entry");
        };
        let fields: Vec<Type> = match self.b.module().type_decl(id).kind {
            seen_ir::TypeKind::Enum { ref variants } => variants
                .get(idx as usize)
                .map(|v| v.fields.clone())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        // the new value holds its own references to its payload
        let mut args = Vec::new();
        for (op, t) in payload.iter().zip(fields) {
            let fitted = self.fit(*op, t, span)?;
            let own = if fitted.v == op.v {
                self.retained(Op::scalar(fitted.v))
            } else {
                self.owned(fitted)
            };
            args.push(own.v);
        }
        let v = self.b.ins().enum_new(id, idx, &args);
        Some(self.owned_if_counted(v))
    }

    /// `Shape.Circle(2.0)`: an entry with its payload.
    pub fn construct_entry(
        &mut self,
        e: &'a ast::Expr<'a>,
        entry: DefId,
        args: &'a [ast::Arg<'a>],
    ) -> Option<Op> {
        let ty = self.ty_of(e);
        let mut values = Vec::new();
        for a in args {
            if a.name.is_some() {
                return self.unsupported(a.span, "a named argument to an enum entry");
            }
            values.push(self.expr(&a.value)?);
        }
        let v = self.entry_value(ty, entry, &values, e.span);
        for op in values {
            self.drop_op(Some(op));
        }
        v
    }

    /// The tag of an enum value, as an `Int`.
    fn ordinal(&mut self, v: Value) -> Value {
        let tag = self.b.ins().enum_tag(v);
        self.b.ins().sextend(Type::I64, tag)
    }

    /// `e.name`, `e.ordinal`, `e.value`, or a property of the enum (its
    /// constructor's, by the entry; or one with a getter).
    pub fn enum_property(&mut self, prop: DefId, recv: Op, ty: Ty, span: Span) -> Option<Op> {
        let name = self.cx.s.def(prop).name;
        let which = ENUM_PROPS.iter().find(|(n, _)| *n == name).map(|(_, p)| *p);
        let std_prop = self.cx.s.def(prop).std;
        match which {
            Some(EnumProp::Ordinal) if std_prop => Some(Op::scalar(self.ordinal(recv.v))),
            Some(EnumProp::Name) if std_prop => {
                let class = self.cx.s.class_of(ty)?.0;
                let names: Vec<String> = self
                    .cx
                    .enum_entries(class)
                    .iter()
                    .map(|e| self.cx.s.def(*e).name.to_string())
                    .collect();
                self.by_entry(recv.v, ty, Type::Ref, span, |fl, i| {
                    Some(Op::scalar(fl.b.ins().strconst(names.get(i)?.as_bytes())))
                })
            }
            Some(EnumProp::Value) if std_prop => {
                let class = self.cx.s.class_of(ty)?.0;
                let values = self.entry_values(class);
                self.by_entry(recv.v, ty, Type::I64, span, |fl, i| {
                    Some(Op::scalar(fl.b.ins().iconst(Type::I64, *values.get(i)?)))
                })
            }
            _ => self.read_property(prop, recv, ty, span),
        }
    }

    /// The integer value of each entry: `= n` as written, else the previous
    /// entry's plus one (the first 0).
    fn entry_values(&mut self, class: DefId) -> Vec<i64> {
        let mut out = Vec::new();
        let mut next = 0i64;
        for entry in self.cx.enum_entries(class) {
            if let Node::EnumEntry(e) = self.cx.s.def(entry).node
                && let Some(v) = &e.value
                && let Some(n) = const_int(v)
            {
                next = n;
            }
            out.push(next);
            next = next.wrapping_add(1);
        }
        out
    }

    /// A value chosen by the entry of an enum value: `f(index)` for each.
    pub fn by_entry(
        &mut self,
        v: Value,
        ty: Ty,
        result: Type,
        span: Span,
        mut f: impl FnMut(&mut Self, usize) -> Option<Op>,
    ) -> Option<Op> {
        let class = self.cx.s.class_of(ty)?.0;
        let n = self.cx.enum_entries(class).len();
        let tag = self.b.ins().enum_tag(v);
        let merge = self.b.create_block();
        let out = self.b.append_block_param(merge, result);
        let blocks: Vec<seen_ir::Block> = (0..n).map(|_| self.b.create_block()).collect();
        let fallback = self.b.create_block();
        let cases: Vec<(i64, seen_ir::Block)> = blocks
            .iter()
            .enumerate()
            .map(|(i, b)| (i as i64, *b))
            .collect();
        self.b.ins().switch(tag, fallback, &cases);
        for (i, b) in blocks.into_iter().enumerate() {
            self.switch_to(b);
            let r = f(self, i);
            self.merge_value(r, Some(result), merge, span);
        }
        self.switch_to(fallback);
        self.b.ins().unreachable();
        self.end_block();
        self.switch_to(merge);
        Some(Op {
            v: out,
            owned: result == Type::Ref,
        })
    }

    /// A property that an enum's entries give in their constructor
    /// arguments (`EARTH(5.97e24)`): the argument of the value's entry.
    pub fn enum_ctor_property(&mut self, prop: DefId, recv: Op, ty: Ty, span: Span) -> Option<Op> {
        let class = self.cx.s.class_of(ty)?.0;
        let Some(ast::ItemKind::Class(c)) = self.cx.s.def(class).item().map(|i| &i.kind) else {
            return None;
        };
        let ctor = c.ctor?;
        let pos = ctor.params.iter().position(
            |p| matches!(self.cx.s.def(prop).node, Node::CtorParam(q) if std::ptr::eq(p, q)),
        )?;
        let entries: Vec<&'a ast::EnumEntry<'a>> = c.entries.iter().collect();
        let pt = self.cx.s.property_type(prop);
        let pt = self.subst(pt);
        let result = match self.ir(pt) {
            Ok(Some(t)) => t,
            _ => return self.unsupported(span, "this enum property"),
        };
        self.by_entry(recv.v, ty, result, span, |fl, i| {
            let arg = entries.get(i)?.args?.get(pos)?;
            fl.expr(&arg.value)
        })
    }

    /// `Color.entries`: a new list of every entry.
    pub fn entries_list(&mut self, companion: Ty, span: Span) -> Option<Op> {
        let TyKind::Adt(_, args) = self.cx.s.types.kind(companion).clone() else {
            return None;
        };
        let ty = *args.first()?;
        let class = self.cx.s.class_of(ty)?.0;
        let entries = self.cx.enum_entries(class);
        let mut items = Vec::new();
        for e in entries {
            let v = self.entry_value(ty, e, &[], span)?;
            items.push(Some((v, ty)));
        }
        self.vararg_list_pub(span, ty, &items)
    }

    /// `EnumCompanion<E>` when `receiver` names enum `E` and member `d` is
    /// one of `EnumCompanion`'s (`Planet.entries` where `Planet` also has
    /// a companion object of its own).
    pub fn enum_companion_of(&mut self, d: DefId, receiver: &ast::Expr<'_>) -> Option<Ty> {
        let companion = self.cx.s.lang("EnumCompanion")?;
        if self.cx.s.def(d).parent != Some(companion) {
            return None;
        }
        let Some(Res::Def(e)) = self.cx.s.typeck.res.get(&key(receiver)).copied() else {
            return None;
        };
        if self.cx.s.def(e).kind != DefKind::Class(ast::ClassKind::Enum) {
            return None;
        }
        let me = self.cx.s.declared_type(e);
        Some(self.cx.s.types.adt(companion, &[me]))
    }

    /// The companion members of enums (`entries`), `None` for others.
    pub fn enum_companion_property(
        &mut self,
        prop: DefId,
        recv_ty: Ty,
        span: Span,
    ) -> Option<Option<Op>> {
        let companion = self.cx.s.lang("EnumCompanion")?;
        let is_companion =
            matches!(self.cx.s.types.kind(recv_ty), TyKind::Adt(d, _) if *d == companion);
        if !is_companion || self.cx.s.def(prop).name != ENTRIES {
            return None;
        }
        Some(self.entries_list(recv_ty, span))
    }

    /// `compareTo`, `toString`, `equals` on an enum value.
    pub fn enum_member(
        &mut self,
        name: &str,
        r: Op,
        ty: Ty,
        args: &[(Op, Ty)],
        span: Span,
    ) -> Option<Option<Op>> {
        match (name, args) {
            ("compareTo", [(o, _)]) => {
                let a = self.ordinal(r.v);
                let b = self.ordinal(o.v);
                let lt = self.b.ins().icmp(IntCC::Slt, a, b);
                let gt = self.b.ins().icmp(IntCC::Sgt, a, b);
                let lt = self.b.ins().bint(Type::I64, lt);
                let gt = self.b.ins().bint(Type::I64, gt);
                Some(Some(Op::scalar(self.b.ins().isub(gt, lt))))
            }
            // `@derive(Error)`: the message is the value's text
            ("toString", []) | ("message", []) => Some(self.enum_to_string(r, ty, span)),
            ("equals", [(o, _)]) => Some(Some(Op::scalar(self.same_entry(r.v, o.v)))),
            _ => None,
        }
    }

    /// An enum value's text: its entry's name, with the payload as
    /// `Name(field=value, ...)` (LANGUAGE.md section 2).
    fn enum_to_string(&mut self, r: Op, ty: Ty, span: Span) -> Option<Op> {
        let class = self.cx.s.class_of(ty)?.0;
        let entries = self.cx.enum_entries(class);
        let has_payload = entries
            .iter()
            .any(|&e| !self.cx.payload_types(ty, e).is_empty());
        if !has_payload {
            let name_prop = self.enum_name_prop(ty)?;
            return self.enum_property(name_prop, r, ty, span);
        }
        let id = match self.cx.enum_type(self.b.module_mut(), ty) {
            Ok(id) => id,
            Err(what) => return self.unsupported(span, what),
        };
        let merge = self.b.create_block();
        let out = self.b.append_block_param(merge, Type::Ref);
        let tag = self.b.ins().enum_tag(r.v);
        for (i, &entry) in entries.iter().enumerate() {
            let (yes, next) = (self.b.create_block(), self.b.create_block());
            let want = self.b.ins().iconst(Type::I32, i as i64);
            let hit = self.b.ins().icmp(IntCC::Eq, tag, want);
            self.b.ins().brif(hit, yes, &[], next, &[]);
            self.switch_to(yes);
            let text = self.entry_text(r, ty, id, i as u32, entry, span)?;
            let text = self.owned(text);
            self.b.ins().jump(merge, &[text.v]);
            self.switch_to(next);
        }
        self.b.ins().unreachable();
        self.switch_to(merge);
        Some(Op {
            v: out,
            owned: true,
        })
    }

    /// The text of entry `entry` (variant `idx`) of value `r`.
    fn entry_text(
        &mut self,
        r: Op,
        ty: Ty,
        id: TypeId,
        idx: u32,
        entry: DefId,
        span: Span,
    ) -> Option<Op> {
        let name = self.cx.s.def(entry).name.to_string();
        let types = self.cx.payload_types(ty, entry);
        if types.is_empty() {
            return Some(Op::scalar(self.b.ins().strconst(name.as_bytes())));
        }
        let Node::EnumEntry(e) = self.cx.s.def(entry).node else {
            return None;
        };
        let fields = e.payload.unwrap_or(&[]);
        let mut parts = vec![Op::scalar(
            self.b.ins().strconst(format!("{name}(").as_bytes()),
        )];
        for (j, (p, t)) in fields.iter().zip(types).enumerate() {
            let sep = if j == 0 { "" } else { ", " };
            let label = format!("{sep}{}=", p.name.name);
            parts.push(Op::scalar(self.b.ins().strconst(label.as_bytes())));
            let x = match self.ir(t) {
                Ok(Some(_)) => Op::scalar(self.b.ins().enum_payload(id, r.v, idx, j as u32)),
                _ => Op::scalar(self.b.ins().bconst(false)),
            };
            let s = self.text_of(x, t, span)?;
            let s = if s.v == x.v { self.retained(s) } else { s };
            parts.push(s);
        }
        parts.push(Op::scalar(self.b.ins().strconst(b")")));
        self.concat_parts(parts)
    }

    /// The `name` property enums have.
    fn enum_name_prop(&mut self, ty: Ty) -> Option<DefId> {
        let found = self.cx.s.declared_members(ty, ENUM_PROPS[0].0);
        found.iter().map(|f| f.def).find(|&d| self.cx.s.def(d).std)
    }

    /// Whether two enum values are the same entry (payloads are compared
    /// by [`Fl::equality`]).
    pub fn same_entry(&mut self, a: Value, b: Value) -> Value {
        let ta = self.b.ins().enum_tag(a);
        let tb = self.b.ins().enum_tag(b);
        self.b.ins().icmp(IntCC::Eq, ta, tb)
    }
}

/// The value of an integer literal (possibly negated).
fn const_int(e: &ast::Expr<'_>) -> Option<i64> {
    match &e.kind {
        ast::ExprKind::Int(lit) => Some(lit.value as i64),
        ast::ExprKind::Unary {
            op: ast::UnaryOp::Neg,
            expr,
        } => const_int(expr).map(i64::wrapping_neg),
        ast::ExprKind::Paren(x) => const_int(x),
        _ => None,
    }
}
