//! The printer: a module to its canonical text.
//!
//! The output is canonical: one layout of whitespace, items in table order
//! (types, locations, globals, data, functions), names quoted only when
//! needed, floats in their shortest exact form. The grammar is in
//! `docs/ir.md`; `parser/` reads it back.

use crate::entity::{Block, Inst, LocId, Value};
use crate::function::Function;
use crate::inst::{BlockCall, InstData};
use crate::module::{Const, DataKind, FuncDecl, Linkage, Module};
use crate::types::{Type, TypeDecl, TypeKind};
use std::fmt::Write;

/// Prints a module as text.
pub fn print(module: &Module) -> String {
    let mut p = Printer {
        m: module,
        out: String::new(),
    };
    p.module();
    p.out
}

/// Prints one instruction of a function (`v3 = iadd v1, v2`).
pub fn print_inst(module: &Module, func: &Function, inst: Inst) -> String {
    let mut p = Printer {
        m: module,
        out: String::new(),
    };
    p.inst(func, inst);
    p.out
}

/// Writes a name bare when it is made of letters, digits, `_`, `.` and `$`,
/// otherwise as a quoted string.
pub fn quote_name(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$'));
    if bare {
        name.to_string()
    } else {
        quote_str(name)
    }
}

/// Quotes text: `"`, `\` and control characters are escaped.
pub fn quote_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Quotes bytes: printable ASCII as is, everything else escaped.
pub fn quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push('"');
    out
}

/// The text of float bits of type `ty` (`1.5`, `-inf`, `nan`, `nan:0x7fc00001`).
pub fn format_float(ty: Type, bits: u64) -> String {
    if ty == Type::F32 {
        let x = f32::from_bits(bits as u32);
        match x.is_nan() {
            true if x.to_bits() == f32::NAN.to_bits() => "nan".into(),
            true => format!("nan:0x{:08x}", x.to_bits()),
            false => format!("{x:?}"),
        }
    } else {
        let x = f64::from_bits(bits);
        match x.is_nan() {
            true if bits == f64::NAN.to_bits() => "nan".into(),
            true => format!("nan:0x{bits:016x}"),
            false => format!("{x:?}"),
        }
    }
}

struct Printer<'a> {
    m: &'a Module,
    out: String,
}

impl Printer<'_> {
    fn ty(&mut self, ty: Type) {
        let s = self.m.display_type(ty);
        self.out.push_str(&s);
    }

    fn types(&mut self, tys: &[Type]) {
        for (i, &t) in tys.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.ty(t);
        }
    }

    fn func_name(&mut self, f: crate::entity::FuncId) {
        match self.m.get_func(f) {
            Some(d) => {
                let _ = write!(self.out, "@{}", quote_name(&d.name));
            }
            None => {
                let _ = write!(self.out, "{f}");
            }
        }
    }

    fn module(&mut self) {
        let _ = writeln!(self.out, "module {}", quote_str(self.m.name()));
        let sections: [fn(&mut Self) -> bool; 4] =
            [Self::type_decls, Self::locs, Self::globals, Self::data];
        for section in sections {
            let start = self.out.len();
            self.out.push('\n');
            if !section(self) {
                self.out.truncate(start);
            }
        }
        for decl in self.m.funcs() {
            self.out.push('\n');
            if decl.body.is_none() && matches!(decl.linkage, Linkage::Import(_)) {
                self.func_header(decl);
                self.out.push('\n');
            } else {
                self.func(decl);
            }
        }
    }

    fn type_decls(&mut self) -> bool {
        for decl in self.m.types() {
            self.type_decl(decl);
        }
        !self.m.types().is_empty()
    }

    fn type_decl(&mut self, decl: &TypeDecl) {
        self.out.push_str(decl.keyword());
        if let Some(name) = &decl.name {
            let _ = write!(self.out, " %{}", quote_name(name));
        }
        self.out.push_str(" {");
        match &decl.kind {
            TypeKind::Struct { fields } | TypeKind::Object { fields, .. } => {
                if !fields.is_empty() {
                    self.out.push(' ');
                    self.types(fields);
                    self.out.push(' ');
                }
            }
            TypeKind::Enum { variants } => {
                for (i, v) in variants.iter().enumerate() {
                    self.out.push_str(if i > 0 { ", " } else { " " });
                    self.out.push_str(&quote_name(&v.name));
                    if !v.fields.is_empty() {
                        self.out.push('(');
                        self.types(&v.fields);
                        self.out.push(')');
                    }
                }
                if !variants.is_empty() {
                    self.out.push(' ');
                }
            }
        }
        self.out.push('}');
        if let TypeKind::Object {
            deinit: Some(f), ..
        } = &decl.kind
        {
            self.out.push_str(" deinit ");
            self.func_name(*f);
        }
        self.out.push('\n');
    }

    fn locs(&mut self) -> bool {
        for (i, loc) in self.m.locs().iter().enumerate() {
            let path = quote_str(&loc.path);
            let _ = writeln!(
                self.out,
                "{} = {path} {}:{}",
                LocId::new(i),
                loc.line,
                loc.col
            );
        }
        !self.m.locs().is_empty()
    }

    fn globals(&mut self) -> bool {
        for g in self.m.globals() {
            let _ = write!(self.out, "global @{}: ", quote_name(&g.name));
            self.ty(g.ty);
            self.out.push_str(" = ");
            self.constant(g.ty, &g.init, 0);
            self.out.push('\n');
        }
        !self.m.globals().is_empty()
    }

    fn constant(&mut self, ty: Type, c: &Const, depth: usize) {
        match c {
            Const::Zero => self.out.push_str("zero"),
            Const::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
            Const::Float(bits) => {
                let s = format_float(ty, *bits);
                self.out.push_str(&s);
            }
            Const::Bool(b) => {
                let _ = write!(self.out, "{b}");
            }
            Const::Null => self.out.push_str("null"),
            Const::FuncAddr(f) => self.func_name(*f),
            Const::DataAddr(d) => match self.m.get_data(*d) {
                Some(decl) => {
                    let _ = write!(self.out, "@{}", quote_name(&decl.name));
                }
                None => {
                    let _ = write!(self.out, "{d}");
                }
            },
            Const::Aggregate(items) => {
                let fields = self.field_types(ty);
                self.out.push('{');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    let fty = fields.get(i).copied().unwrap_or(Type::Void);
                    self.constant_nested(fty, item, depth);
                }
                self.out.push('}');
            }
            Const::Variant { variant, fields } => {
                let (name, ftys) = self.variant_of(ty, *variant);
                self.out.push_str(&name);
                if !fields.is_empty() {
                    self.out.push('(');
                    for (i, item) in fields.iter().enumerate() {
                        if i > 0 {
                            self.out.push_str(", ");
                        }
                        let fty = ftys.get(i).copied().unwrap_or(Type::Void);
                        self.constant_nested(fty, item, depth);
                    }
                    self.out.push(')');
                }
            }
        }
    }

    fn constant_nested(&mut self, ty: Type, c: &Const, depth: usize) {
        if depth < 64 {
            self.constant(ty, c, depth + 1);
        } else {
            self.out.push_str("...");
        }
    }

    fn field_types(&self, ty: Type) -> Vec<Type> {
        match ty {
            Type::Aggregate(id) => self
                .m
                .get_type_decl(id)
                .and_then(|d| d.fields())
                .map(<[Type]>::to_vec)
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    fn variant_of(&self, ty: Type, variant: u32) -> (String, Vec<Type>) {
        let v = match ty {
            Type::Aggregate(id) => self
                .m
                .get_type_decl(id)
                .and_then(|d| d.variants())
                .and_then(|vs| vs.get(variant as usize)),
            _ => None,
        };
        match v {
            Some(v) => (quote_name(&v.name), v.fields.clone()),
            None => (variant.to_string(), Vec::new()),
        }
    }

    fn data(&mut self) -> bool {
        for d in self.m.data_items() {
            let _ = write!(self.out, "data @{} = ", quote_name(&d.name));
            match &d.kind {
                DataKind::Bytes(bytes) => self.out.push_str(&quote_bytes(bytes)),
                DataKind::Funcs(funcs) => {
                    self.out.push('[');
                    for (i, &f) in funcs.iter().enumerate() {
                        if i > 0 {
                            self.out.push_str(", ");
                        }
                        self.func_name(f);
                    }
                    self.out.push(']');
                }
            }
            self.out.push('\n');
        }
        !self.m.data_items().is_empty()
    }

    fn func_header(&mut self, decl: &FuncDecl) {
        let _ = write!(self.out, "fn @{}(", quote_name(&decl.name));
        self.types(&decl.sig.params);
        self.out.push_str(") -> ");
        self.ty(decl.sig.ret);
        match &decl.linkage {
            Linkage::Local => {}
            Linkage::Export(sym) | Linkage::Import(sym) => {
                let word = if matches!(decl.linkage, Linkage::Export(_)) {
                    "export"
                } else {
                    "import"
                };
                self.out.push(' ');
                self.out.push_str(word);
                if sym != &decl.name {
                    let _ = write!(self.out, " {}", quote_str(sym));
                }
            }
        }
        if decl.inline {
            self.out.push_str(" inline");
        }
    }

    fn func(&mut self, decl: &FuncDecl) {
        self.func_header(decl);
        self.out.push_str(" {\n");
        if let Some(body) = &decl.body {
            for (i, ss) in body.stack_slots().iter().enumerate() {
                let _ = writeln!(
                    self.out,
                    "    {} = stack_slot {}, align {}",
                    crate::entity::StackSlot::new(i),
                    ss.size,
                    ss.align
                );
            }
            for (i, sig) in body.signatures().iter().enumerate() {
                let _ = write!(self.out, "    {} = (", crate::entity::SigRef::new(i));
                self.types(&sig.params);
                self.out.push_str(") -> ");
                self.ty(sig.ret);
                self.out.push('\n');
            }
            for (i, &block) in body.layout().iter().enumerate() {
                if i > 0 {
                    self.out.push('\n');
                }
                self.block(body, block);
            }
        }
        self.out.push_str("}\n");
    }

    fn block(&mut self, func: &Function, block: Block) {
        let _ = write!(self.out, "{block}");
        let params = func.block_params(block);
        if !params.is_empty() {
            self.out.push('(');
            for (i, &p) in params.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                let _ = write!(self.out, "{p}: ");
                self.ty(func.value_type(p));
            }
            self.out.push(')');
        }
        self.out.push_str(":\n");
        for &inst in func.block_insts(block) {
            self.out.push_str("    ");
            self.inst(func, inst);
            self.out.push('\n');
        }
    }

    fn values(&mut self, values: &[Value]) {
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            let _ = write!(self.out, "{v}");
        }
    }

    fn dest(&mut self, dest: &BlockCall) {
        let _ = write!(self.out, "{}", dest.block);
        if !dest.args.is_empty() {
            self.out.push('(');
            self.values(&dest.args);
            self.out.push(')');
        }
    }

    fn loc(&mut self, loc: Option<LocId>) {
        if let Some(l) = loc {
            let _ = write!(self.out, ", {l}");
        }
    }

    fn named(&mut self, what: &str, name: Option<&str>, fallback: impl std::fmt::Display) {
        match name {
            Some(n) => {
                let _ = write!(self.out, "{what}{}", quote_name(n));
            }
            None => {
                let _ = write!(self.out, "{fallback}");
            }
        }
    }

    fn inst(&mut self, func: &Function, inst: Inst) {
        let Some(node) = func.get_inst(inst) else {
            let _ = write!(self.out, "<{inst} out of range>");
            return;
        };
        if let Some(r) = node.result {
            let _ = write!(self.out, "{r} = ");
        }
        let data = &node.data;
        self.out.push_str(data.opcode().name());
        self.operands(data);
    }

    fn operands(&mut self, data: &InstData) {
        use InstData as D;
        let m = self.m;
        match data {
            D::IntConst { ty, imm } => {
                self.out.push('.');
                self.ty(*ty);
                let _ = write!(self.out, " {imm}");
            }
            D::FloatConst { ty, bits } => {
                self.out.push('.');
                self.ty(*ty);
                let _ = write!(self.out, " {}", format_float(*ty, *bits));
            }
            D::BoolConst { imm } => {
                let _ = write!(self.out, " {imm}");
            }
            D::Nullary { .. } | D::Unreachable => {}
            D::FuncAddr { func } => {
                self.out.push(' ');
                self.func_name(*func);
            }
            D::Global { global, .. } | D::GlobalSet { global, .. } => {
                self.out.push(' ');
                let name = m.get_global(*global).map(|g| g.name.as_str());
                self.named("@", name, global);
                if let D::GlobalSet { arg, .. } = data {
                    let _ = write!(self.out, ", {arg}");
                }
            }
            D::DataAddr { data } => {
                self.out.push(' ');
                let name = m.get_data(*data).map(|d| d.name.as_str());
                self.named("@", name, data);
            }
            D::TypeDesc { ty: None } => self.out.push_str(" string"),
            D::TypeDesc { ty: Some(ty) } => {
                self.out.push(' ');
                self.ty(Type::Aggregate(*ty));
            }
            D::StringConst { bytes } | D::StrConst { bytes } => {
                self.out.push(' ');
                self.out.push_str(&quote_bytes(bytes));
            }
            D::StackAddr { slot } => {
                let _ = write!(self.out, " {slot}");
            }
            _ => self.operands_arith(data),
        }
    }

    fn operands_arith(&mut self, data: &InstData) {
        use InstData as D;
        match data {
            D::Unary { arg, .. } => {
                let _ = write!(self.out, " {arg}");
            }
            D::UnaryTrap { arg, loc, .. } => {
                let _ = write!(self.out, " {arg}");
                self.loc(*loc);
            }
            D::Binary { args, .. } => {
                let _ = write!(self.out, " {}, {}", args[0], args[1]);
            }
            D::BinaryTrap { args, loc, .. } => {
                let _ = write!(self.out, " {}, {}", args[0], args[1]);
                self.loc(*loc);
            }
            D::Ternary { args, .. } => {
                let _ = write!(self.out, " {}, {}, {}", args[0], args[1], args[2]);
            }
            D::Convert { ty, arg, .. } => {
                self.out.push('.');
                self.ty(*ty);
                let _ = write!(self.out, " {arg}");
            }
            D::IntCompare { cond, args } => {
                let _ = write!(self.out, " {} {}, {}", cond.name(), args[0], args[1]);
            }
            D::FloatCompare { cond, args } => {
                let _ = write!(self.out, " {} {}, {}", cond.name(), args[0], args[1]);
            }
            D::ExtractLane { arg, lane } => {
                let _ = write!(self.out, " {arg}, {lane}");
            }
            D::InsertLane { args, lane } => {
                let _ = write!(self.out, " {}, {lane}, {}", args[0], args[1]);
            }
            D::Shuffle { args, lanes } => {
                let _ = write!(self.out, " {}, {}, [", args[0], args[1]);
                for (i, l) in lanes.iter().enumerate() {
                    let sep = if i > 0 { ", " } else { "" };
                    let _ = write!(self.out, "{sep}{l}");
                }
                self.out.push(']');
            }
            _ => self.operands_more(data),
        }
    }

    fn operands_more(&mut self, data: &InstData) {
        use InstData as D;
        match data {
            D::StructNew { ty, args } => {
                self.out.push(' ');
                self.ty(Type::Aggregate(*ty));
                for a in args {
                    let _ = write!(self.out, ", {a}");
                }
            }
            D::Extract { arg, field } => {
                let _ = write!(self.out, " {arg}, {field}");
            }
            D::Insert { args, field } => {
                let _ = write!(self.out, " {}, {field}, {}", args[0], args[1]);
            }
            D::EnumNew { ty, variant, args } => {
                self.out.push(' ');
                self.ty(Type::Aggregate(*ty));
                let (name, _) = self.variant_of(Type::Aggregate(*ty), *variant);
                let _ = write!(self.out, ", {name}");
                if !args.is_empty() {
                    self.out.push('(');
                    self.values(args);
                    self.out.push(')');
                }
            }
            D::EnumPayload {
                ty,
                arg,
                variant,
                field,
            } => {
                self.out.push(' ');
                self.ty(Type::Aggregate(*ty));
                let (name, _) = self.variant_of(Type::Aggregate(*ty), *variant);
                let _ = write!(self.out, ", {arg}, {name}, {field}");
            }
            D::Alloc { ty } => {
                self.out.push(' ');
                self.ty(Type::Aggregate(*ty));
            }
            D::Zero { ty } => {
                self.out.push(' ');
                self.ty(*ty);
            }
            D::FieldGet { ty, arg, field } => {
                self.out.push(' ');
                self.ty(Type::Aggregate(*ty));
                let _ = write!(self.out, ", {arg}, {field}");
            }
            D::FieldSet { ty, args, field } => {
                self.out.push(' ');
                self.ty(Type::Aggregate(*ty));
                let _ = write!(self.out, ", {}, {field}, {}", args[0], args[1]);
            }
            _ => self.operands_arrays(data),
        }
    }

    fn operands_arrays(&mut self, data: &InstData) {
        use InstData as D;
        match data {
            D::ArrayNew { elem, arg, loc } => {
                self.out.push(' ');
                self.ty(*elem);
                let _ = write!(self.out, ", {arg}");
                self.loc(*loc);
            }
            D::ArrayGet {
                elem, args, loc, ..
            } => {
                self.out.push(' ');
                self.ty(*elem);
                let _ = write!(self.out, ", {}, {}", args[0], args[1]);
                self.loc(*loc);
            }
            D::ArraySet {
                elem, args, loc, ..
            } => {
                self.out.push(' ');
                self.ty(*elem);
                let _ = write!(self.out, ", {}, {}, {}", args[0], args[1], args[2]);
                self.loc(*loc);
            }
            D::Load { ty, arg, offset } => {
                self.out.push('.');
                self.ty(*ty);
                let _ = write!(self.out, " {arg}");
                if *offset != 0 {
                    let _ = write!(self.out, ", {offset}");
                }
            }
            D::Store { args, offset } => {
                let _ = write!(self.out, " {}, {}", args[0], args[1]);
                if *offset != 0 {
                    let _ = write!(self.out, ", {offset}");
                }
            }
            _ => self.operands_calls(data),
        }
    }

    fn operands_calls(&mut self, data: &InstData) {
        use InstData as D;
        match data {
            D::Call { func, args } => {
                self.out.push(' ');
                self.func_name(*func);
                self.out.push('(');
                self.values(args);
                self.out.push(')');
            }
            D::CallIndirect { sig, callee, args } => {
                let _ = write!(self.out, " {sig}, {callee}(");
                self.values(args);
                self.out.push(')');
            }
            D::Jump { dest } => {
                self.out.push(' ');
                self.dest(dest);
            }
            D::Brif {
                arg,
                then_dest,
                else_dest,
            } => {
                let _ = write!(self.out, " {arg}, ");
                self.dest(then_dest);
                self.out.push_str(", ");
                self.dest(else_dest);
            }
            D::Switch {
                arg,
                default,
                cases,
            } => {
                let _ = write!(self.out, " {arg}, ");
                self.dest(default);
                self.out.push_str(", [");
                for (i, (key, dest)) in cases.iter().enumerate() {
                    let sep = if i > 0 { ", " } else { "" };
                    let _ = write!(self.out, "{sep}{key}: ");
                    self.dest(dest);
                }
                self.out.push(']');
            }
            D::Return { arg: Some(a) } => {
                let _ = write!(self.out, " {a}");
            }
            D::Trap { message, loc } => {
                let _ = write!(self.out, " {}", quote_str(message));
                self.loc(*loc);
            }
            _ => {}
        }
    }
}
