//! The verifier: checks every invariant of a module and reports every
//! violation, not just the first.
//!
//! Module-level invariants:
//! - `@` names (functions, globals, data) are unique, and so are `%` type
//!   names and exported symbols.
//! - Every field, variant payload, global, parameter and block parameter
//!   type is a value type: not `void`, not an object layout, a vector with a
//!   power-of-two lane count of 2 or more and at most 512 bits, a declared
//!   aggregate.
//! - No struct, tuple or enum contains itself by value; every enum has a
//!   variant; variant names are unique in their enum.
//! - An object's deinit is a declared function `(ref) -> void`.
//! - A global's initialiser matches its type (integers sign-extended,
//!   addresses only for `ptr`, `null` only for `ref`/`weak`, aggregates
//!   field by field, enum variants in range).
//! - Data tables name declared functions.
//! - An imported function has no body; every other function has one.
//!
//! Function invariants (see `function.rs`):
//! - The layout is not empty, names each block once, and every block and
//!   instruction number is in range; an instruction sits in one block.
//! - The entry block's parameters match the signature's parameter types,
//!   and no branch targets the entry block.
//! - Every block ends with its only terminator.
//! - Every value is defined once, where its definition says (a parameter
//!   of a block in the layout, or the result of an instruction in it).
//! - Operand types, result types, counts, field and variant indices, lane
//!   indices, case keys, and references to functions, globals, data,
//!   types, stack slots, signatures and locations are checked per opcode
//!   (`typing.rs`); calls match the callee's signature and `ret` the
//!   function's.
//! - Branch arguments match the target's parameters in number and type.
//! - In blocks reachable from the entry, every use is dominated by its
//!   definition (SSA); stack slot alignments are powers of two.
//!
//! Each error names the function, block and instruction (printed), and
//! says what was found and what was expected.

mod function;

use crate::entity::{Block, DataId, FuncId, GlobalId, Inst, LocId, TypeId};
use crate::module::{Const, DataKind, Linkage, Module};
use crate::types::{Type, TypeKind};
use crate::typing::sext;
use rustc_hash::FxHashMap;
use std::fmt;
use thiserror::Error;

/// What an error is about.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum ErrorLocation {
    /// The module as a whole.
    Module,
    /// A declared type.
    Type(TypeId),
    /// A source location.
    Loc(LocId),
    /// A global.
    Global(GlobalId),
    /// A data item.
    Data(DataId),
    /// A function (its declaration or its body as a whole).
    Function(FuncId),
    /// A block of a function.
    Block(FuncId, Block),
    /// An instruction of a block of a function.
    Inst(FuncId, Block, Inst),
}

/// One violated invariant.
#[derive(Clone, PartialEq, Debug)]
pub struct VerifierError {
    /// What the error is about.
    pub location: ErrorLocation,
    /// Where, in words (`@f, block2`).
    pub place: String,
    /// The instruction, printed, when the error is about one.
    pub context: Option<String>,
    /// What is wrong: what was found and what was expected.
    pub message: String,
}

impl fmt::Display for VerifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.context {
            Some(c) => write!(f, "{}: `{c}`: {}", self.place, self.message),
            None => write!(f, "{}: {}", self.place, self.message),
        }
    }
}

/// Every error found, in module order.
#[derive(Clone, PartialEq, Debug, Error)]
pub struct VerifierErrors(pub Vec<VerifierError>);

impl fmt::Display for VerifierErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Verifies a module: `Ok` when every invariant listed in this module's
/// documentation holds, otherwise every violation.
pub fn verify(module: &Module) -> Result<(), VerifierErrors> {
    let mut v = Verifier {
        m: module,
        errors: Vec::new(),
    };
    v.names();
    for (i, _) in module.types().iter().enumerate() {
        v.type_decl(TypeId::new(i));
    }
    for (i, g) in module.globals().iter().enumerate() {
        let loc = ErrorLocation::Global(GlobalId::new(i));
        if let Err(e) = module
            .check_value_type(g.ty)
            .and_then(|()| check_const(module, g.ty, &g.init, 0))
        {
            v.error(loc, None, e);
        }
    }
    for (i, d) in module.data_items().iter().enumerate() {
        if let DataKind::Funcs(funcs) = &d.kind {
            for f in funcs.iter().filter(|f| module.get_func(**f).is_none()) {
                v.error(
                    ErrorLocation::Data(DataId::new(i)),
                    None,
                    format!("{f} is not a declared function"),
                );
            }
        }
    }
    for i in 0..module.funcs().len() {
        v.function(FuncId::new(i));
    }
    if v.errors.is_empty() {
        Ok(())
    } else {
        Err(VerifierErrors(v.errors))
    }
}

struct Verifier<'a> {
    m: &'a Module,
    errors: Vec<VerifierError>,
}

impl Verifier<'_> {
    fn place(&self, loc: ErrorLocation) -> String {
        let func = |f: FuncId| match self.m.get_func(f) {
            Some(d) => format!("@{}", crate::text::quote_name(&d.name)),
            None => f.to_string(),
        };
        match loc {
            ErrorLocation::Module => "module".into(),
            ErrorLocation::Type(t) => format!("type {}", self.m.display_type(Type::Aggregate(t))),
            ErrorLocation::Loc(l) => l.to_string(),
            ErrorLocation::Global(g) => match self.m.get_global(g) {
                Some(d) => format!("global @{}", d.name),
                None => g.to_string(),
            },
            ErrorLocation::Data(d) => match self.m.get_data(d) {
                Some(x) => format!("data @{}", x.name),
                None => d.to_string(),
            },
            ErrorLocation::Function(f) => func(f),
            ErrorLocation::Block(f, b) | ErrorLocation::Inst(f, b, _) => {
                format!("{}, {b}", func(f))
            }
        }
    }

    fn error(
        &mut self,
        location: ErrorLocation,
        context: Option<String>,
        message: impl Into<String>,
    ) {
        let place = self.place(location);
        self.errors.push(VerifierError {
            location,
            place,
            context,
            message: message.into(),
        });
    }

    fn names(&mut self) {
        let mut seen: FxHashMap<&str, ()> = FxHashMap::default();
        let mut dup = Vec::new();
        let m = self.m;
        let items = m
            .funcs()
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), ErrorLocation::Function(FuncId::new(i))))
            .chain(
                m.globals()
                    .iter()
                    .enumerate()
                    .map(|(i, g)| (g.name.as_str(), ErrorLocation::Global(GlobalId::new(i)))),
            )
            .chain(
                m.data_items()
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.name.as_str(), ErrorLocation::Data(DataId::new(i)))),
            );
        for (name, loc) in items {
            if seen.insert(name, ()).is_some() {
                dup.push((
                    loc,
                    format!("the name `@{name}` is declared more than once"),
                ));
            }
        }
        let mut types = FxHashMap::default();
        for (i, t) in m.types().iter().enumerate() {
            if let Some(n) = &t.name {
                if types.insert(n.as_str(), ()).is_some() {
                    dup.push((
                        ErrorLocation::Type(TypeId::new(i)),
                        format!("the type `%{n}` is declared more than once"),
                    ));
                }
            }
        }
        let mut symbols = FxHashMap::default();
        for (i, f) in m.funcs().iter().enumerate() {
            if let Linkage::Export(sym) = &f.linkage {
                if symbols.insert(sym.as_str(), ()).is_some() {
                    dup.push((
                        ErrorLocation::Function(FuncId::new(i)),
                        format!("the symbol `{sym}` is exported more than once"),
                    ));
                }
            }
        }
        for (loc, msg) in dup {
            self.error(loc, None, msg);
        }
    }

    fn type_decl(&mut self, id: TypeId) {
        let loc = ErrorLocation::Type(id);
        let m = self.m;
        let decl = m.type_decl(id);
        let check = |v: &mut Self, what: String, tys: &[Type]| {
            for (i, &t) in tys.iter().enumerate() {
                if let Err(e) = m.check_value_type(t) {
                    v.error(loc, None, format!("field {i} of {what}: {e}"));
                }
            }
        };
        match &decl.kind {
            TypeKind::Struct { fields } => check(self, "the struct".into(), fields),
            TypeKind::Object { fields, deinit } => {
                check(self, "the object".into(), fields);
                if let Some(f) = deinit {
                    match m.get_func(*f) {
                        None => {
                            self.error(loc, None, format!("deinit {f} is not a declared function"))
                        }
                        Some(d)
                            if d.sig != crate::module::Signature::new([Type::Ref], Type::Void) =>
                        {
                            self.error(
                                loc,
                                None,
                                format!(
                                    "deinit `@{}` must have the signature (ref) -> void",
                                    d.name
                                ),
                            );
                        }
                        Some(_) => {}
                    }
                }
            }
            TypeKind::Enum { variants } => {
                if variants.is_empty() {
                    self.error(loc, None, "an enum must have at least one variant");
                }
                for (i, v) in variants.iter().enumerate() {
                    check(self, format!("variant `{}`", v.name), &v.fields);
                    if variants[..i].iter().any(|w| w.name == v.name) {
                        self.error(loc, None, format!("variant `{}` is declared twice", v.name));
                    }
                }
            }
        }
        if decl.is_value_type() && contains_by_value(m, id) {
            self.error(
                loc,
                None,
                "the type contains itself by value (use a `ref` to break the cycle)",
            );
        }
    }
}

/// Whether aggregate `root` contains itself by value (through fields or payloads).
fn contains_by_value(m: &Module, root: TypeId) -> bool {
    let mut seen = vec![false; m.types().len()];
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        let Some(decl) = m.get_type_decl(id) else {
            continue;
        };
        let inner: Vec<Type> = match &decl.kind {
            TypeKind::Struct { fields } => fields.clone(),
            TypeKind::Enum { variants } => variants
                .iter()
                .flat_map(|v| v.fields.iter().copied())
                .collect(),
            TypeKind::Object { .. } => continue,
        };
        for t in inner {
            if let Type::Aggregate(child) = t {
                if child == root {
                    return true;
                }
                if child.index() < seen.len() && !std::mem::replace(&mut seen[child.index()], true)
                {
                    stack.push(child);
                }
            }
        }
    }
    false
}

/// Checks that constant `c` is a valid initialiser of type `ty`.
pub(crate) fn check_const(m: &Module, ty: Type, c: &Const, depth: usize) -> Result<(), String> {
    if depth > 64 {
        return Err("the constant is nested too deeply".into());
    }
    let shown = m.display_type(ty);
    let bad = || Err(format!("the constant does not fit type {shown}"));
    match c {
        Const::Zero => Ok(()),
        Const::Int(i) => match ty.bits() {
            Some(bits) if ty.is_int() => {
                if sext(*i, bits) == *i {
                    Ok(())
                } else {
                    Err(format!("{i} is not sign-extended from {shown}"))
                }
            }
            _ => bad(),
        },
        Const::Float(bits) => match ty {
            Type::F32 if bits >> 32 == 0 => Ok(()),
            Type::F64 => Ok(()),
            _ => bad(),
        },
        Const::Bool(_) if ty == Type::Bool => Ok(()),
        Const::Null if matches!(ty, Type::Ref | Type::Weak) => Ok(()),
        Const::FuncAddr(f) if ty == Type::Ptr => m
            .get_func(*f)
            .map(|_| ())
            .ok_or_else(|| format!("{f} is not a declared function")),
        Const::DataAddr(d) if ty == Type::Ptr => m
            .get_data(*d)
            .map(|_| ())
            .ok_or_else(|| format!("{d} is not a declared data item")),
        Const::Aggregate(items) => {
            let Type::Aggregate(id) = ty else {
                return bad();
            };
            let Some(TypeKind::Struct { fields }) = m.get_type_decl(id).map(|d| &d.kind) else {
                return bad();
            };
            check_consts(m, fields, items, depth, &shown)
        }
        Const::Variant { variant, fields } => {
            let Type::Aggregate(id) = ty else {
                return bad();
            };
            let Some(TypeKind::Enum { variants }) = m.get_type_decl(id).map(|d| &d.kind) else {
                return bad();
            };
            let Some(v) = variants.get(*variant as usize) else {
                return Err(format!("variant {variant} is out of range for {shown}"));
            };
            check_consts(m, &v.fields, fields, depth, &v.name)
        }
        _ => bad(),
    }
}

fn check_consts(
    m: &Module,
    tys: &[Type],
    items: &[Const],
    depth: usize,
    what: &str,
) -> Result<(), String> {
    if tys.len() != items.len() {
        return Err(format!(
            "{what} has {} field(s), the constant gives {}",
            tys.len(),
            items.len()
        ));
    }
    tys.iter()
        .zip(items)
        .try_for_each(|(&t, c)| check_const(m, t, c, depth + 1))
}
