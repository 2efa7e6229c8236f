//! Typing rules: the operand types each instruction accepts and the type of
//! its result.
//!
//! One function, [`type_inst`], serves three callers: the builder (which
//! rejects an instruction on its first error), the parser (which only needs
//! the result type, to give names their types before the verifier runs) and
//! the verifier (which reports every error). Branch arguments are not
//! checked here (the builder adds them late, during SSA construction); the
//! verifier checks them against the target's parameters.

use crate::entity::{LocId, Value};
use crate::function::Function;
use crate::inst::{InstData, Opcode};
use crate::module::Module;
use crate::types::{Type, TypeKind};

/// The result type of an instruction.
#[derive(Copy, Clone, PartialEq, Debug)]
pub(crate) enum ResultTy {
    /// No result.
    None,
    /// A result of this type.
    Known(Type),
    /// Not known: an operand's type is unknown or an entity is invalid.
    Unknown,
}

/// The outcome of typing one instruction.
pub(crate) struct Typing {
    pub result: ResultTy,
    pub errors: Vec<String>,
}

struct Cx<'a> {
    m: &'a Module,
    f: &'a Function,
    ret: Option<Type>,
    ty_of: &'a dyn Fn(Value) -> Option<Type>,
    errors: Vec<String>,
    unknown: bool,
    invalid: bool,
}

/// Types `data` in function `f` (whose result type is `ret`, when known).
pub(crate) fn type_inst(
    m: &Module,
    f: &Function,
    ret: Option<Type>,
    data: &InstData,
    ty_of: &dyn Fn(Value) -> Option<Type>,
) -> Typing {
    let mut cx = Cx {
        m,
        f,
        ret,
        ty_of,
        errors: Vec::new(),
        unknown: false,
        invalid: false,
    };
    let result = cx.check(data);
    let result = match result {
        _ if cx.unknown => ResultTy::Unknown,
        None if cx.invalid => ResultTy::Unknown,
        Some(Type::Void) | None => ResultTy::None,
        Some(ty) => ResultTy::Known(ty),
    };
    Typing {
        result,
        errors: cx.errors,
    }
}

fn is_int_or_vec(t: Type) -> bool {
    t.is_int() || t.is_int_vector()
}
fn is_float_or_vec(t: Type) -> bool {
    t.is_float() || t.is_float_vector()
}
fn is_bits_or_vec(t: Type) -> bool {
    t == Type::Bool || is_int_or_vec(t)
}
fn is_vector(t: Type) -> bool {
    matches!(t, Type::Vector(_))
}
fn is_mem_type(t: Type) -> bool {
    t.is_scalar() || is_vector(t)
}
fn is_bitcastable(t: Type) -> bool {
    t.is_int() || t.is_float() || t == Type::Ptr || is_vector(t)
}
fn is_cmp_int(t: Type) -> bool {
    t.is_int() || t == Type::Bool || t == Type::Ptr || t.is_int_vector()
}

/// Sign-extends the low `bits` of `imm`.
pub(crate) fn sext(imm: i64, bits: u32) -> i64 {
    if bits >= 64 {
        imm
    } else {
        let shift = 64 - bits;
        (imm << shift) >> shift
    }
}

impl Cx<'_> {
    fn show(&self, ty: Type) -> String {
        self.m.display_type(ty)
    }

    fn err(&mut self, msg: impl Into<String>) -> Option<Type> {
        self.errors.push(msg.into());
        self.invalid = true;
        None
    }

    fn ty(&mut self, v: Value) -> Option<Type> {
        let t = (self.ty_of)(v);
        if t.is_none() {
            self.unknown = true;
        }
        t
    }

    /// Checks that arg `i` satisfies `pred`; gives its type.
    fn arg(&mut self, i: usize, v: Value, pred: fn(Type) -> bool, desc: &str) -> Option<Type> {
        let t = self.ty(v)?;
        if !pred(t) {
            let msg = format!("arg {i} ({v}) has type {}, expected {desc}", self.show(t));
            self.errors.push(msg);
        }
        Some(t)
    }

    /// Checks that arg `i` has type `want`.
    fn arg_is(&mut self, i: usize, v: Value, want: Type) {
        if let Some(t) = self.ty(v) {
            if t != want {
                let msg = format!(
                    "arg {i} ({v}) has type {}, expected {}",
                    self.show(t),
                    self.show(want)
                );
                self.errors.push(msg);
            }
        }
    }

    fn args_are(&mut self, args: &[Value], want: &[Type], what: &str) {
        if args.len() != want.len() {
            self.errors.push(format!(
                "{what} takes {} argument(s), found {}",
                want.len(),
                args.len()
            ));
            return;
        }
        for (i, (&v, &t)) in args.iter().zip(want).enumerate() {
            self.arg_is(i, v, t);
        }
    }

    fn loc(&mut self, loc: Option<LocId>) {
        if let Some(l) = loc {
            if self.m.get_loc(l).is_none() {
                self.errors.push(format!("{l} is not a declared location"));
            }
        }
    }

    fn value_type(&mut self, ty: Type, what: &str) -> bool {
        match self.m.check_value_type(ty) {
            Ok(()) => true,
            Err(e) => {
                self.err(format!("{what}: {e}"));
                false
            }
        }
    }

    fn check(&mut self, data: &InstData) -> Option<Type> {
        use InstData as D;
        match data {
            D::IntConst { .. }
            | D::FloatConst { .. }
            | D::BoolConst { .. }
            | D::Nullary { .. }
            | D::Zero { .. }
            | D::StringConst { .. }
            | D::StrConst { .. } => self.constants(data),
            D::FuncAddr { .. }
            | D::Global { .. }
            | D::GlobalSet { .. }
            | D::DataAddr { .. }
            | D::TypeDesc { .. }
            | D::StackAddr { .. } => self.entities(data),
            D::Unary { op, arg } => self.unary(*op, *arg),
            D::UnaryTrap { .. } | D::BinaryTrap { .. } => self.trapping(data),
            D::Binary { op, args } => self.binary(*op, *args),
            D::Ternary { op, args } => self.ternary(*op, *args),
            D::Convert { op, ty, arg } => self.convert(*op, *ty, *arg),
            D::IntCompare { .. } | D::FloatCompare { .. } => self.compare(data),
            D::ExtractLane { .. } | D::InsertLane { .. } | D::Shuffle { .. } => self.lanes(data),
            D::StructNew { .. } | D::Extract { .. } | D::Insert { .. } => self.structs(data),
            D::EnumNew { .. } | D::EnumPayload { .. } => self.enums(data),
            D::Alloc { .. } | D::FieldGet { .. } | D::FieldSet { .. } => self.objects(data),
            D::ArrayNew { .. } | D::ArrayGet { .. } | D::ArraySet { .. } => self.arrays(data),
            D::Load { .. } | D::Store { .. } => self.memory(data),
            D::Call { .. } | D::CallIndirect { .. } => self.calls(data),
            D::Jump { .. }
            | D::Brif { .. }
            | D::Switch { .. }
            | D::Return { .. }
            | D::Trap { .. }
            | D::Unreachable => self.terminators(data),
        }
    }

    fn constants(&mut self, data: &InstData) -> Option<Type> {
        match data {
            InstData::IntConst { ty, imm } => self.iconst(*ty, *imm),
            InstData::FloatConst { ty, bits } => {
                if !ty.is_float() {
                    let shown = self.show(*ty);
                    return self.err(format!("fconst type must be f32 or f64, found {shown}"));
                }
                if *ty == Type::F32 && bits >> 32 != 0 {
                    self.err("f32 constant has bits above the low 32");
                }
                Some(*ty)
            }
            InstData::BoolConst { .. } => Some(Type::Bool),
            InstData::Nullary { op: Opcode::Null } | InstData::StringConst { .. } => {
                Some(Type::Ref)
            }
            InstData::StrConst { bytes } => {
                if std::str::from_utf8(bytes).is_err() {
                    self.err("strconst bytes are not valid UTF-8");
                }
                Some(Type::Ref)
            }
            InstData::Nullary { op } => {
                self.err(format!("`{}` does not take this form", op.name()))
            }
            InstData::Zero { ty } => self.value_type(*ty, "zero").then_some(*ty),
            _ => None,
        }
    }

    fn entities(&mut self, data: &InstData) -> Option<Type> {
        let m = self.m;
        match data {
            InstData::FuncAddr { func } => match m.get_func(*func) {
                Some(_) => Some(Type::Ptr),
                None => self.err(format!("{func} is not a declared function")),
            },
            InstData::Global { op, global } => self.global(*op, *global),
            InstData::GlobalSet { global, arg } => {
                match m.get_global(*global) {
                    Some(g) => self.arg_is(0, *arg, g.ty),
                    None => {
                        self.err(format!("{global} is not a declared global"));
                    }
                }
                None
            }
            InstData::DataAddr { data } => match m.get_data(*data) {
                Some(_) => Some(Type::Ptr),
                None => self.err(format!("{data} is not a declared data item")),
            },
            InstData::TypeDesc { ty: None } => Some(Type::Ptr),
            InstData::TypeDesc { ty: Some(ty) } => match self.decl_kind(*ty) {
                Some(TypeKind::Object { .. }) => Some(Type::Ptr),
                _ => self.err(format!(
                    "{} is not an object type",
                    self.show(Type::Aggregate(*ty))
                )),
            },
            InstData::StackAddr { slot } => match self.f.stack_slots().get(slot.index()) {
                Some(_) => Some(Type::Ptr),
                None => self.err(format!("{slot} is not a declared stack slot")),
            },
            _ => None,
        }
    }

    fn trapping(&mut self, data: &InstData) -> Option<Type> {
        use Opcode::*;
        match data {
            InstData::UnaryTrap {
                op: SnegTrap | UnegTrap,
                arg,
                loc,
            } => {
                self.loc(*loc);
                self.arg(0, *arg, Type::is_int, "an integer type")
            }
            InstData::BinaryTrap {
                op:
                    SaddTrap | UaddTrap | SsubTrap | UsubTrap | SmulTrap | UmulTrap | Sdiv | SdivTrap
                    | Udiv | Srem | Urem,
                args,
                loc,
            } => {
                self.loc(*loc);
                self.same2(*args, Type::is_int, "an integer type")
            }
            _ => self.err(format!(
                "`{}` does not take this form",
                data.opcode().name()
            )),
        }
    }

    fn compare(&mut self, data: &InstData) -> Option<Type> {
        match data {
            InstData::IntCompare { args, .. } => {
                let desc = "an integer, bool, ptr or integer vector type";
                let t = self.same2(*args, is_cmp_int, desc)?;
                Some(if is_vector(t) { t } else { Type::Bool })
            }
            InstData::FloatCompare { args, .. } => {
                let t = self.same2(*args, is_float_or_vec, "a float or float vector type")?;
                Some(match t {
                    Type::Vector(v) => Type::Vector(v.mask()),
                    _ => Type::Bool,
                })
            }
            _ => None,
        }
    }

    fn lane_in_range(&mut self, v: crate::types::VectorType, lane: u8) {
        if u32::from(lane) >= v.lanes() {
            self.err(format!("lane {lane} is out of range for {v}"));
        }
    }

    fn lanes(&mut self, data: &InstData) -> Option<Type> {
        match data {
            InstData::ExtractLane { arg, lane } => {
                let Type::Vector(v) = self.arg(0, *arg, is_vector, "a vector type")? else {
                    return None;
                };
                self.lane_in_range(v, *lane);
                Some(v.lane().to_type())
            }
            InstData::InsertLane { args, lane } => {
                let t = self.arg(0, args[0], is_vector, "a vector type")?;
                let Type::Vector(v) = t else { return None };
                self.lane_in_range(v, *lane);
                self.arg_is(1, args[1], v.lane().to_type());
                Some(t)
            }
            InstData::Shuffle { args, lanes } => {
                let t = self.same2(*args, is_vector, "a vector type")?;
                let Type::Vector(v) = t else { return None };
                if lanes.len() as u32 != v.lanes() {
                    let msg = format!(
                        "shuffle of {v} needs {} lane indices, found {}",
                        v.lanes(),
                        lanes.len()
                    );
                    self.err(msg);
                }
                if let Some(l) = lanes.iter().find(|&&l| u32::from(l) >= 2 * v.lanes()) {
                    self.err(format!(
                        "shuffle lane index {l} is not below {}",
                        2 * v.lanes()
                    ));
                }
                Some(t)
            }
            _ => None,
        }
    }

    fn memory(&mut self, data: &InstData) -> Option<Type> {
        match data {
            InstData::Load { ty, arg, .. } => {
                if !is_mem_type(*ty) || !self.value_type(*ty, "load") {
                    let shown = self.show(*ty);
                    return self.err(format!("cannot load {shown}: only scalars and vectors"));
                }
                self.arg_is(0, *arg, Type::Ptr);
                Some(*ty)
            }
            InstData::Store { args, .. } => {
                self.arg(0, args[0], is_mem_type, "a scalar or vector type");
                self.arg_is(1, args[1], Type::Ptr);
                None
            }
            _ => None,
        }
    }

    fn calls(&mut self, data: &InstData) -> Option<Type> {
        match data {
            InstData::Call { func, args } => {
                let Some(decl) = self.m.get_func(*func) else {
                    return self.err(format!("{func} is not a declared function"));
                };
                self.args_are(args, &decl.sig.params, &format!("`@{}`", decl.name));
                Some(decl.sig.ret)
            }
            InstData::CallIndirect { sig, callee, args } => {
                let Some(s) = self.f.signatures().get(sig.index()) else {
                    return self.err(format!("{sig} is not a declared signature"));
                };
                self.arg(0, *callee, |t| t == Type::Ptr, "ptr");
                let (params, ret) = (s.params.clone(), s.ret);
                self.args_are(args, &params, &format!("{sig}"));
                Some(ret)
            }
            _ => None,
        }
    }

    fn terminators(&mut self, data: &InstData) -> Option<Type> {
        match data {
            InstData::Brif { arg, .. } => self.arg_is(0, *arg, Type::Bool),
            InstData::Switch { arg, cases, .. } => {
                self.switch(*arg, cases);
            }
            InstData::Return { arg } => {
                self.ret(*arg);
            }
            InstData::Trap { loc, .. } => self.loc(*loc),
            _ => {}
        }
        None
    }

    fn iconst(&mut self, ty: Type, imm: i64) -> Option<Type> {
        let Some(bits) = ty.bits().filter(|_| ty.is_int()) else {
            return self.err(format!(
                "iconst type must be an integer type, found {}",
                self.show(ty)
            ));
        };
        if sext(imm, bits) != imm {
            self.err(format!(
                "immediate {imm} is not sign-extended from {}",
                self.show(ty)
            ));
        }
        Some(ty)
    }

    fn global(&mut self, op: Opcode, global: crate::entity::GlobalId) -> Option<Type> {
        let Some(g) = self.m.get_global(global) else {
            return self.err(format!("{global} is not a declared global"));
        };
        match op {
            Opcode::GlobalAddr => Some(Type::Ptr),
            Opcode::GlobalGet => Some(g.ty),
            _ => self.err(format!("`{}` does not take this form", op.name())),
        }
    }

    /// Two operands of one type satisfying `pred`.
    fn same2(&mut self, args: [Value; 2], pred: fn(Type) -> bool, desc: &str) -> Option<Type> {
        let t = self.arg(0, args[0], pred, desc)?;
        self.arg_is(1, args[1], t);
        Some(t)
    }

    fn unary(&mut self, op: Opcode, arg: Value) -> Option<Type> {
        use Opcode::*;
        match op {
            Ineg => self.arg(0, arg, is_int_or_vec, "an integer or integer vector type"),
            Bnot => self.arg(
                0,
                arg,
                is_bits_or_vec,
                "an integer, bool or integer vector type",
            ),
            Fneg | Sqrt | Fabs | Floor | Ceil | Trunc | Nearest => {
                self.arg(0, arg, is_float_or_vec, "a float or float vector type")
            }
            Ibool => self
                .arg(0, arg, Type::is_int, "an integer type")
                .map(|_| Type::Bool),
            EnumTag => {
                let t = self.ty(arg)?;
                let is_enum = matches!(t, Type::Aggregate(id)
                    if matches!(self.m.get_type_decl(id).map(|d| &d.kind), Some(TypeKind::Enum { .. })));
                if !is_enum {
                    self.err(format!(
                        "arg 0 ({arg}) has type {}, expected an enum type",
                        self.show(t)
                    ));
                }
                Some(Type::I32)
            }
            Retain | Release => {
                self.arg_is(0, arg, Type::Ref);
                None
            }
            IsNull => {
                self.arg_is(0, arg, Type::Ref);
                Some(Type::Bool)
            }
            WeakNew => {
                self.arg_is(0, arg, Type::Ref);
                Some(Type::Weak)
            }
            WeakLoad => {
                self.arg_is(0, arg, Type::Weak);
                Some(Type::Ref)
            }
            WeakRetain | WeakRelease => {
                self.arg_is(0, arg, Type::Weak);
                None
            }
            ArrayLen => {
                self.arg_is(0, arg, Type::Ref);
                Some(Type::I64)
            }
            TypeOf => {
                self.arg_is(0, arg, Type::Ref);
                Some(Type::Ptr)
            }
            ReduceAdd => self.reduce(arg, is_vector, "a vector type"),
            ReduceSmin | ReduceUmin | ReduceSmax | ReduceUmax => {
                self.reduce(arg, Type::is_int_vector, "an integer vector type")
            }
            ReduceFmin | ReduceFmax => {
                self.reduce(arg, Type::is_float_vector, "a float vector type")
            }
            _ => self.err(format!("`{}` does not take this form", op.name())),
        }
    }

    fn reduce(&mut self, arg: Value, pred: fn(Type) -> bool, desc: &str) -> Option<Type> {
        match self.arg(0, arg, pred, desc)? {
            Type::Vector(v) => Some(v.lane().to_type()),
            _ => None,
        }
    }

    fn binary(&mut self, op: Opcode, args: [Value; 2]) -> Option<Type> {
        use Opcode::*;
        match op {
            Iadd | Isub | Imul => {
                self.same2(args, is_int_or_vec, "an integer or integer vector type")
            }
            Band | Bor | Bxor => self.same2(
                args,
                is_bits_or_vec,
                "an integer, bool or integer vector type",
            ),
            Ishl | Sshr | Ushr => {
                let t = self.arg(
                    0,
                    args[0],
                    is_int_or_vec,
                    "an integer or integer vector type",
                );
                self.arg(
                    1,
                    args[1],
                    Type::is_int,
                    "an integer type (the shift count)",
                );
                t
            }
            Fadd | Fsub | Fmul | Fdiv | Frem | Fmin | Fmax | Fcopysign => {
                self.same2(args, is_float_or_vec, "a float or float vector type")
            }
            RefEq => {
                self.arg_is(0, args[0], Type::Ref);
                self.arg_is(1, args[1], Type::Ref);
                Some(Type::Bool)
            }
            PtrAdd => {
                self.arg_is(0, args[0], Type::Ptr);
                self.arg_is(1, args[1], Type::I64);
                Some(Type::Ptr)
            }
            _ => self.err(format!("`{}` does not take this form", op.name())),
        }
    }

    fn ternary(&mut self, op: Opcode, args: [Value; 3]) -> Option<Type> {
        match op {
            Opcode::Select => {
                self.arg_is(0, args[0], Type::Bool);
                let t = self.ty(args[1])?;
                self.arg_is(2, args[2], t);
                Some(t)
            }
            Opcode::Vselect => {
                let t = self.arg(1, args[1], is_vector, "a vector type")?;
                self.arg_is(2, args[2], t);
                if let Type::Vector(v) = t {
                    self.arg_is(0, args[0], Type::Vector(v.mask()));
                }
                Some(t)
            }
            Opcode::Fma => {
                let t = self.arg(0, args[0], is_float_or_vec, "a float or float vector type")?;
                self.arg_is(1, args[1], t);
                self.arg_is(2, args[2], t);
                Some(t)
            }
            _ => self.err(format!("`{}` does not take this form", op.name())),
        }
    }

    fn convert(&mut self, op: Opcode, ty: Type, arg: Value) -> Option<Type> {
        use Opcode::*;
        let show = self.show(ty);
        type Pred = fn(Type) -> bool;
        let (arg_ok, ty_ok, desc): (Pred, Pred, &str) = match op {
            Sextend | Uextend | Ireduce => (Type::is_int, Type::is_int, "an integer type"),
            FcvtToSintSat | FcvtToUintSat => (Type::is_float, Type::is_int, "a float type"),
            FcvtFromSint | FcvtFromUint => (Type::is_int, Type::is_float, "an integer type"),
            Fpromote => (|t| t == Type::F32, |t| t == Type::F64, "f32"),
            Fdemote => (|t| t == Type::F64, |t| t == Type::F32, "f64"),
            Bitcast => (
                is_bitcastable,
                is_bitcastable,
                "an integer, float, ptr or vector type",
            ),
            Bint => (|t| t == Type::Bool, Type::is_int, "bool"),
            Splat => (
                |t| t.is_int() || t.is_float(),
                is_vector,
                "a numeric scalar type",
            ),
            _ => return self.err(format!("`{}` does not take this form", op.name())),
        };
        if !ty_ok(ty) || !self.value_type(ty, op.name()) {
            return self.err(format!("`{}` cannot produce {show}", op.name()));
        }
        let from = self.arg(0, arg, arg_ok, desc)?;
        let (fb, tb) = (from.bits().unwrap_or(0), ty.bits().unwrap_or(0));
        let fits = match op {
            Sextend | Uextend => tb > fb,
            Ireduce => tb < fb,
            Bitcast => tb == fb,
            Splat => ty.lane() == from.lane(),
            _ => true,
        };
        if !fits {
            let from = self.show(from);
            self.errors
                .push(format!("`{}` cannot convert {from} to {show}", op.name()));
        }
        Some(ty)
    }

    fn decl_kind(&mut self, id: crate::entity::TypeId) -> Option<&TypeKind> {
        let m = self.m;
        match m.get_type_decl(id) {
            Some(d) => Some(&d.kind),
            None => {
                self.err(format!("{id} is not a declared type"));
                None
            }
        }
    }

    fn structs(&mut self, data: &InstData) -> Option<Type> {
        let struct_fields = |cx: &mut Cx, t: Type| -> Option<Vec<Type>> {
            if let Type::Aggregate(id) = t {
                if let Some(TypeKind::Struct { fields }) = cx.m.get_type_decl(id).map(|d| &d.kind) {
                    return Some(fields.clone());
                }
            }
            let shown = cx.show(t);
            cx.err(format!(
                "arg 0 has type {shown}, expected a struct or tuple type"
            ));
            None
        };
        match data {
            InstData::StructNew { ty, args } => {
                let fields = struct_fields(self, Type::Aggregate(*ty))?;
                let shown = self.show(Type::Aggregate(*ty));
                self.args_are(args, &fields, &shown);
                Some(Type::Aggregate(*ty))
            }
            InstData::Extract { arg, field } => {
                let t = self.ty(*arg)?;
                let fields = struct_fields(self, t)?;
                self.field(&fields, *field, t)
            }
            InstData::Insert { args, field } => {
                let t = self.ty(args[0])?;
                let fields = struct_fields(self, t)?;
                let ft = self.field(&fields, *field, t)?;
                self.arg_is(1, args[1], ft);
                Some(t)
            }
            _ => None,
        }
    }

    fn field(&mut self, fields: &[Type], field: u32, of: Type) -> Option<Type> {
        match fields.get(field as usize) {
            Some(&t) => Some(t),
            None => {
                let shown = self.show(of);
                self.err(format!(
                    "field {field} is out of range: {shown} has {} field(s)",
                    fields.len()
                ))
            }
        }
    }

    fn enums(&mut self, data: &InstData) -> Option<Type> {
        let (ty, variant) = match data {
            InstData::EnumNew { ty, variant, .. } | InstData::EnumPayload { ty, variant, .. } => {
                (*ty, *variant)
            }
            _ => return None,
        };
        let shown = self.show(Type::Aggregate(ty));
        let Some(TypeKind::Enum { variants }) = self.decl_kind(ty).cloned() else {
            return self.err(format!("{shown} is not an enum type"));
        };
        let Some(v) = variants.get(variant as usize) else {
            return self.err(format!(
                "variant {variant} is out of range: {shown} has {} variant(s)",
                variants.len()
            ));
        };
        match data {
            InstData::EnumNew { args, .. } => {
                self.args_are(args, &v.fields, &format!("variant `{}`", v.name));
                Some(Type::Aggregate(ty))
            }
            InstData::EnumPayload { arg, field, .. } => {
                self.arg_is(0, *arg, Type::Aggregate(ty));
                self.field(&v.fields, *field, Type::Aggregate(ty))
            }
            _ => None,
        }
    }

    fn objects(&mut self, data: &InstData) -> Option<Type> {
        let ty = match data {
            InstData::Alloc { ty }
            | InstData::FieldGet { ty, .. }
            | InstData::FieldSet { ty, .. } => *ty,
            _ => return None,
        };
        let shown = self.show(Type::Aggregate(ty));
        let Some(TypeKind::Object { fields, .. }) = self.decl_kind(ty).cloned() else {
            return self.err(format!("{shown} is not an object type"));
        };
        match data {
            InstData::Alloc { .. } => Some(Type::Ref),
            InstData::FieldGet { arg, field, .. } => {
                self.arg_is(0, *arg, Type::Ref);
                self.field(&fields, *field, Type::Aggregate(ty))
            }
            InstData::FieldSet { args, field, .. } => {
                self.arg_is(0, args[0], Type::Ref);
                let ft = self.field(&fields, *field, Type::Aggregate(ty))?;
                self.arg_is(1, args[1], ft);
                None
            }
            _ => None,
        }
    }

    fn arrays(&mut self, data: &InstData) -> Option<Type> {
        match data {
            InstData::ArrayNew { elem, arg, loc } => {
                self.loc(*loc);
                self.value_type(*elem, "array element");
                self.arg_is(0, *arg, Type::I64);
                Some(Type::Ref)
            }
            InstData::ArrayGet {
                op,
                elem,
                args,
                loc,
            } => {
                self.array_access(
                    *op,
                    Opcode::ArrayGet,
                    Opcode::ArrayGetUnchecked,
                    *elem,
                    *loc,
                );
                self.arg_is(0, args[0], Type::Ref);
                self.arg_is(1, args[1], Type::I64);
                Some(*elem)
            }
            InstData::ArraySet {
                op,
                elem,
                args,
                loc,
            } => {
                self.array_access(
                    *op,
                    Opcode::ArraySet,
                    Opcode::ArraySetUnchecked,
                    *elem,
                    *loc,
                );
                self.arg_is(0, args[0], Type::Ref);
                self.arg_is(1, args[1], Type::I64);
                self.arg_is(2, args[2], *elem);
                None
            }
            _ => None,
        }
    }

    fn array_access(
        &mut self,
        op: Opcode,
        checked: Opcode,
        unchecked: Opcode,
        elem: Type,
        loc: Option<LocId>,
    ) {
        if op != checked && op != unchecked {
            self.err(format!("`{}` does not take this form", op.name()));
        }
        if op == unchecked && loc.is_some() {
            self.errors
                .push(format!("`{}` takes no location", op.name()));
        }
        self.loc(loc);
        self.value_type(elem, "array element");
    }

    fn switch(&mut self, arg: Value, cases: &[(i64, crate::inst::BlockCall)]) -> Option<Type> {
        let t = self.arg(0, arg, Type::is_int, "an integer type")?;
        let bits = t.bits().unwrap_or(64);
        let mut seen = std::collections::HashSet::new();
        for (key, _) in cases {
            if sext(*key, bits) != *key {
                self.errors
                    .push(format!("case {key} does not fit in {}", self.show(t)));
            }
            if !seen.insert(*key) {
                self.errors.push(format!("case {key} appears twice"));
            }
        }
        None
    }

    fn ret(&mut self, arg: Option<Value>) -> Option<Type> {
        let ret = self.ret?;
        match (arg, ret) {
            (None, Type::Void) => {}
            (None, _) => {
                let shown = self.show(ret);
                self.errors
                    .push(format!("returns nothing, signature says {shown}"));
            }
            (Some(v), Type::Void) => {
                self.errors
                    .push(format!("returns {v}, signature says void"));
            }
            (Some(v), _) => {
                if let Some(t) = self.ty(v) {
                    if t != ret {
                        let (t, r) = (self.show(t), self.show(ret));
                        self.errors.push(format!("returns {t}, signature says {r}"));
                    }
                }
            }
        }
        None
    }
}
