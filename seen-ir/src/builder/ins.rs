//! One method per instruction, in two forms: [`InstBuilder`] (from
//! `FunctionBuilder::ins`) panics with a sentence on misuse;
//! [`TryInstBuilder`] (from `FunctionBuilder::try_ins`) returns the
//! [`BuildError`]. Both are generated from one list by `inst_methods!`.
//! The semantics of each instruction are in `docs/ir.md`.

use super::FunctionBuilder;
use crate::entity::{
    Block, DataId, FuncId, GlobalId, Inst, LocId, SigRef, StackSlot, TypeId, Value,
};
use crate::error::BuildError;
use crate::inst::{BlockCall, FloatCC, InstData, IntCC, Opcode, ValueList};
use crate::types::Type;
use crate::typing::sext;

/// Adds instructions to the current block; each method panics on misuse.
pub struct InstBuilder<'short, 'a>(pub(super) &'short mut FunctionBuilder<'a>);

/// Adds instructions to the current block; each method returns a
/// [`BuildError`] on misuse.
pub struct TryInstBuilder<'short, 'a>(pub(super) &'short mut FunctionBuilder<'a>);

/// Turns a built instruction into what a method returns.
trait FromBuilt: Sized {
    fn from_built(op: Opcode, inst: Inst, result: Option<Value>) -> Result<Self, BuildError>;
}

impl FromBuilt for Value {
    fn from_built(op: Opcode, _: Inst, result: Option<Value>) -> Result<Value, BuildError> {
        result.ok_or_else(|| BuildError::invalid(format!("`{}` gives no value here", op.name())))
    }
}

impl FromBuilt for Option<Value> {
    fn from_built(_: Opcode, _: Inst, result: Option<Value>) -> Result<Option<Value>, BuildError> {
        Ok(result)
    }
}

impl FromBuilt for Inst {
    fn from_built(_: Opcode, inst: Inst, _: Option<Value>) -> Result<Inst, BuildError> {
        Ok(inst)
    }
}

impl FromBuilt for () {
    fn from_built(_: Opcode, _: Inst, _: Option<Value>) -> Result<(), BuildError> {
        Ok(())
    }
}

fn build<T: FromBuilt>(b: &mut FunctionBuilder<'_>, data: InstData) -> Result<T, BuildError> {
    let op = data.opcode();
    let (inst, result) = b.try_build(data)?;
    T::from_built(op, inst, result)
}

macro_rules! inst_methods {
    ($($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block)*) => {
        #[allow(clippy::unused_unit)]
        impl InstBuilder<'_, '_> {
            $(
                $(#[$doc])*
                pub fn $name(self, $($arg: $ty),*) -> $ret {
                    let data = $body;
                    build(self.0, data).unwrap_or_else(|e| panic!("{e}"))
                }
            )*
        }

        #[allow(clippy::unused_unit)]
        impl TryInstBuilder<'_, '_> {
            $(
                $(#[$doc])*
                pub fn $name(self, $($arg: $ty),*) -> Result<$ret, BuildError> {
                    let data = $body;
                    build(self.0, data)
                }
            )*
        }
    };
}

macro_rules! unary {
    ($($(#[$doc:meta])* $name:ident = $op:ident -> $ret:ty;)*) => {
        inst_methods! {
            $($(#[$doc])* fn $name(arg: Value) -> $ret { InstData::Unary { op: Opcode::$op, arg } })*
        }
    };
}

macro_rules! binary {
    ($($(#[$doc:meta])* $name:ident = $op:ident;)*) => {
        inst_methods! {
            $($(#[$doc])* fn $name(a: Value, b: Value) -> Value { InstData::Binary { op: Opcode::$op, args: [a, b] } })*
        }
    };
}

macro_rules! binary_trap {
    ($($(#[$doc:meta])* $name:ident = $op:ident;)*) => {
        inst_methods! {
            $($(#[$doc])* fn $name(a: Value, b: Value, loc: Option<LocId>) -> Value {
                InstData::BinaryTrap { op: Opcode::$op, args: [a, b], loc }
            })*
        }
    };
}

macro_rules! convert {
    ($($(#[$doc:meta])* $name:ident = $op:ident;)*) => {
        inst_methods! {
            $($(#[$doc])* fn $name(ty: Type, arg: Value) -> Value { InstData::Convert { op: Opcode::$op, ty, arg } })*
        }
    };
}

fn list(values: &[Value]) -> ValueList {
    values.iter().copied().collect()
}

inst_methods! {
    /// `iconst.T imm`: an integer constant; `imm` is truncated to the width of `ty`.
    fn iconst(ty: Type, imm: i64) -> Value {
        let imm = ty.bits().filter(|_| ty.is_int()).map_or(imm, |bits| sext(imm, bits));
        InstData::IntConst { ty, imm }
    }
    /// `fconst.f32 x`.
    fn f32const(x: f32) -> Value { InstData::FloatConst { ty: Type::F32, bits: u64::from(x.to_bits()) } }
    /// `fconst.f64 x`.
    fn f64const(x: f64) -> Value { InstData::FloatConst { ty: Type::F64, bits: x.to_bits() } }
    /// `bconst true|false`.
    fn bconst(imm: bool) -> Value { InstData::BoolConst { imm } }
    /// `null`: the null `ref`.
    fn null() -> Value { InstData::Nullary { op: Opcode::Null } }
    /// `zero T`: all bits zero (null references, variant 0 of an enum).
    fn zero(ty: Type) -> Value { InstData::Zero { ty } }
    /// `func_addr @f`: the address of a function (`ptr`).
    fn func_addr(func: FuncId) -> Value { InstData::FuncAddr { func } }
    /// `global_addr @g`: the address of a global (`ptr`).
    fn global_addr(global: GlobalId) -> Value { InstData::Global { op: Opcode::GlobalAddr, global } }
    /// `global_get @g`: the value of a global.
    fn global_get(global: GlobalId) -> Value { InstData::Global { op: Opcode::GlobalGet, global } }
    /// `global_set @g, v`: writes a global (no count changes).
    fn global_set(global: GlobalId, arg: Value) -> () { InstData::GlobalSet { global, arg } }
    /// `data_addr @d`: the address of a data item (`ptr`).
    fn data_addr(data: DataId) -> Value { InstData::DataAddr { data } }
    /// `sconst "bytes"`: a static, immortal `i8` array holding `bytes` (`ref`).
    fn sconst(bytes: &[u8]) -> Value { InstData::StringConst { bytes: bytes.into() } }
    /// `strconst "text"`: a static, immortal `String` object (`ref`).
    fn strconst(bytes: &[u8]) -> Value { InstData::StrConst { bytes: bytes.into() } }
    /// `typedesc %Obj` / `typedesc string`: a type descriptor (`ptr`), to
    /// compare with `typeof`.
    fn typedesc(ty: Option<TypeId>) -> Value { InstData::TypeDesc { ty } }
    /// `stack_addr ss`: the address of a stack slot (`ptr`).
    fn stack_addr(slot: StackSlot) -> Value { InstData::StackAddr { slot } }
    /// `sneg_trap v, loc`: signed negation; traps on `MIN`.
    fn sneg_trap(arg: Value, loc: Option<LocId>) -> Value { InstData::UnaryTrap { op: Opcode::SnegTrap, arg, loc } }
    /// `uneg_trap v, loc`: unsigned negation; traps unless `v` is 0.
    fn uneg_trap(arg: Value, loc: Option<LocId>) -> Value { InstData::UnaryTrap { op: Opcode::UnegTrap, arg, loc } }
    /// `select c, a, b`: `a` if `c` is true, else `b`.
    fn select(c: Value, a: Value, b: Value) -> Value { InstData::Ternary { op: Opcode::Select, args: [c, a, b] } }
    /// `vselect m, a, b`: lane-wise `a` where the mask lane is nonzero, else `b`.
    fn vselect(m: Value, a: Value, b: Value) -> Value { InstData::Ternary { op: Opcode::Vselect, args: [m, a, b] } }
    /// `fma a, b, c`: `a * b + c` with one rounding.
    fn fma(a: Value, b: Value, c: Value) -> Value { InstData::Ternary { op: Opcode::Fma, args: [a, b, c] } }
    /// `fpromote.f64 v`: `f32` to `f64`.
    fn fpromote(arg: Value) -> Value { InstData::Convert { op: Opcode::Fpromote, ty: Type::F64, arg } }
    /// `fdemote.f32 v`: `f64` to `f32`, rounding to nearest.
    fn fdemote(arg: Value) -> Value { InstData::Convert { op: Opcode::Fdemote, ty: Type::F32, arg } }
    /// `icmp cc a, b`: integer comparison giving `bool` (a mask for vectors).
    fn icmp(cond: IntCC, a: Value, b: Value) -> Value { InstData::IntCompare { cond, args: [a, b] } }
    /// `fcmp cc a, b`: IEEE comparison giving `bool` (a mask for vectors).
    fn fcmp(cond: FloatCC, a: Value, b: Value) -> Value { InstData::FloatCompare { cond, args: [a, b] } }
    /// `extractlane v, i`.
    fn extractlane(arg: Value, lane: u8) -> Value { InstData::ExtractLane { arg, lane } }
    /// `insertlane v, i, x`.
    fn insertlane(arg: Value, lane: u8, x: Value) -> Value { InstData::InsertLane { args: [arg, x], lane } }
    /// `shuffle a, b, [lanes]`: lane k is lane `lanes[k]` of `a` followed by `b`.
    fn shuffle(a: Value, b: Value, lanes: &[u8]) -> Value { InstData::Shuffle { args: [a, b], lanes: lanes.into() } }
    /// `struct_new %T, v...`: a struct or tuple value.
    fn struct_new(ty: TypeId, args: &[Value]) -> Value { InstData::StructNew { ty, args: list(args) } }
    /// `extract v, i`: field `i` of a struct or tuple.
    fn extract(arg: Value, field: u32) -> Value { InstData::Extract { arg, field } }
    /// `insert v, i, x`: the struct with field `i` replaced by `x`.
    fn insert(arg: Value, field: u32, x: Value) -> Value { InstData::Insert { args: [arg, x], field } }
    /// `enum_new %E, Variant(v...)`: an enum value.
    fn enum_new(ty: TypeId, variant: u32, args: &[Value]) -> Value { InstData::EnumNew { ty, variant, args: list(args) } }
    /// `enum_payload %E, v, Variant, i`: payload field `i`; `v` must be of that variant.
    fn enum_payload(ty: TypeId, arg: Value, variant: u32, field: u32) -> Value {
        InstData::EnumPayload { ty, arg, variant, field }
    }
    /// `alloc %Obj`: a new object, count 1, fields zeroed (`ref`).
    fn alloc(ty: TypeId) -> Value { InstData::Alloc { ty } }
    /// `field_get %Obj, r, i`: reads field `i` (a `ref` read is not retained).
    fn field_get(ty: TypeId, arg: Value, field: u32) -> Value { InstData::FieldGet { ty, arg, field } }
    /// `field_set %Obj, r, i, x`: writes field `i` (no count changes).
    fn field_set(ty: TypeId, arg: Value, field: u32, x: Value) -> () { InstData::FieldSet { ty, args: [arg, x], field } }
    /// `array_new T, len, loc`: a new array, count 1, zeroed; traps if `len < 0`.
    fn array_new(elem: Type, len: Value, loc: Option<LocId>) -> Value { InstData::ArrayNew { elem, arg: len, loc } }
    /// `array_get T, a, i, loc`: element `i`; traps when out of bounds.
    fn array_get(elem: Type, array: Value, index: Value, loc: Option<LocId>) -> Value {
        InstData::ArrayGet { op: Opcode::ArrayGet, elem, args: [array, index], loc }
    }
    /// `array_set T, a, i, x, loc`: writes element `i`; traps when out of bounds.
    fn array_set(elem: Type, array: Value, index: Value, x: Value, loc: Option<LocId>) -> () {
        InstData::ArraySet { op: Opcode::ArraySet, elem, args: [array, index, x], loc }
    }
    /// `array_get_unchecked T, a, i`: element `i`, no bounds check.
    fn array_get_unchecked(elem: Type, array: Value, index: Value) -> Value {
        InstData::ArrayGet { op: Opcode::ArrayGetUnchecked, elem, args: [array, index], loc: None }
    }
    /// `array_set_unchecked T, a, i, x`: writes element `i`, no bounds check.
    fn array_set_unchecked(elem: Type, array: Value, index: Value, x: Value) -> () {
        InstData::ArraySet { op: Opcode::ArraySetUnchecked, elem, args: [array, index, x], loc: None }
    }
    /// `load.T p, offset`: reads a scalar or vector at `p + offset`.
    fn load(ty: Type, ptr: Value, offset: i32) -> Value { InstData::Load { ty, arg: ptr, offset } }
    /// `store x, p, offset`: writes a scalar or vector at `p + offset`.
    fn store(x: Value, ptr: Value, offset: i32) -> () { InstData::Store { args: [x, ptr], offset } }
    /// `call @f(v...)`: gives the result, or `None` for a `void` function.
    fn call(func: FuncId, args: &[Value]) -> Option<Value> { InstData::Call { func, args: list(args) } }
    /// `call_indirect sig, p(v...)`: calls the function at address `p`.
    fn call_indirect(sig: SigRef, callee: Value, args: &[Value]) -> Option<Value> {
        InstData::CallIndirect { sig, callee, args: list(args) }
    }
    /// `jump block(args)`.
    fn jump(block: Block, args: &[Value]) -> Inst { InstData::Jump { dest: BlockCall::new(block, args) } }
    /// `brif c, then(args), else(args)`.
    fn brif(c: Value, then_block: Block, then_args: &[Value], else_block: Block, else_args: &[Value]) -> Inst {
        InstData::Brif {
            arg: c,
            then_dest: BlockCall::new(then_block, then_args),
            else_dest: BlockCall::new(else_block, else_args),
        }
    }
    /// `switch v, default, [k: block, ...]`: the first case equal to `v`, else `default`.
    fn switch(arg: Value, default: Block, cases: &[(i64, Block)]) -> Inst {
        InstData::Switch {
            arg,
            default: BlockCall::new(default, &[]),
            cases: cases.iter().map(|&(k, b)| (k, BlockCall::new(b, &[]))).collect(),
        }
    }
    /// `ret [v]`.
    fn ret(arg: Option<Value>) -> Inst { InstData::Return { arg } }
    /// `trap "message", loc`: panics.
    fn trap(message: &str, loc: Option<LocId>) -> Inst { InstData::Trap { message: message.into(), loc } }
    /// `unreachable`.
    fn unreachable() -> Inst { InstData::Unreachable }
}

unary! {
    /// `ineg v`: wrapping negation.
    ineg = Ineg -> Value;
    /// `bnot v`: bitwise not (logical not for `bool`).
    bnot = Bnot -> Value;
    /// `fneg v`.
    fneg = Fneg -> Value;
    /// `sqrt v`.
    sqrt = Sqrt -> Value;
    /// `fabs v`.
    fabs = Fabs -> Value;
    /// `floor v`.
    floor = Floor -> Value;
    /// `ceil v`.
    ceil = Ceil -> Value;
    /// `trunc v`.
    trunc = Trunc -> Value;
    /// `nearest v`: round to nearest, ties to even.
    nearest = Nearest -> Value;
    /// `ibool v`: true when the integer is nonzero.
    ibool = Ibool -> Value;
    /// `enum_tag v`: the variant index (`i32`).
    enum_tag = EnumTag -> Value;
    /// `retain r`: increments the count (no-op on null).
    retain = Retain -> ();
    /// `release r`: decrements the count; at zero runs the deinit, releases the fields and frees.
    release = Release -> ();
    /// `typeof r`: the type descriptor of a non-null object (`ptr`).
    type_of = TypeOf -> Value;
    /// `is_null r`.
    is_null = IsNull -> Value;
    /// `weak_new r`: a weak reference to `r`'s object.
    weak_new = WeakNew -> Value;
    /// `weak_load w`: a retained `ref`, or null once the object is gone.
    weak_load = WeakLoad -> Value;
    /// `weak_retain w`: copies a weak reference.
    weak_retain = WeakRetain -> ();
    /// `weak_release w`: drops a weak reference.
    weak_release = WeakRelease -> ();
    /// `array_len a` (`i64`).
    array_len = ArrayLen -> Value;
    /// `reduce_add v`: sum of the lanes.
    reduce_add = ReduceAdd -> Value;
    /// `reduce_smin v`.
    reduce_smin = ReduceSmin -> Value;
    /// `reduce_umin v`.
    reduce_umin = ReduceUmin -> Value;
    /// `reduce_smax v`.
    reduce_smax = ReduceSmax -> Value;
    /// `reduce_umax v`.
    reduce_umax = ReduceUmax -> Value;
    /// `reduce_fmin v`.
    reduce_fmin = ReduceFmin -> Value;
    /// `reduce_fmax v`.
    reduce_fmax = ReduceFmax -> Value;
}

binary! {
    /// `iadd a, b`: wrapping.
    iadd = Iadd;
    /// `isub a, b`: wrapping.
    isub = Isub;
    /// `imul a, b`: wrapping.
    imul = Imul;
    /// `band a, b`.
    band = Band;
    /// `bor a, b`.
    bor = Bor;
    /// `bxor a, b`.
    bxor = Bxor;
    /// `ishl a, n`: count modulo the width.
    ishl = Ishl;
    /// `sshr a, n`: arithmetic; count modulo the width.
    sshr = Sshr;
    /// `ushr a, n`: logical; count modulo the width.
    ushr = Ushr;
    /// `fadd a, b`.
    fadd = Fadd;
    /// `fsub a, b`.
    fsub = Fsub;
    /// `fmul a, b`.
    fmul = Fmul;
    /// `fdiv a, b`.
    fdiv = Fdiv;
    /// `frem a, b`: `fmod`, sign of the dividend.
    frem = Frem;
    /// `fmin a, b`.
    fmin = Fmin;
    /// `fmax a, b`.
    fmax = Fmax;
    /// `fcopysign a, b`.
    fcopysign = Fcopysign;
    /// `ref_eq a, b`: reference identity.
    ref_eq = RefEq;
    /// `ptr_add p, n`: `p` plus `n` bytes (`n: i64`).
    ptr_add = PtrAdd;
}

binary_trap! {
    /// `sadd_trap a, b, loc`: traps on signed overflow.
    sadd_trap = SaddTrap;
    /// `uadd_trap a, b, loc`: traps on unsigned overflow.
    uadd_trap = UaddTrap;
    /// `ssub_trap a, b, loc`.
    ssub_trap = SsubTrap;
    /// `usub_trap a, b, loc`.
    usub_trap = UsubTrap;
    /// `smul_trap a, b, loc`.
    smul_trap = SmulTrap;
    /// `umul_trap a, b, loc`.
    umul_trap = UmulTrap;
    /// `sdiv a, b, loc`: toward zero; traps on zero; `MIN / -1` is `MIN`.
    sdiv = Sdiv;
    /// `sdiv_trap a, b, loc`: also traps on `MIN / -1`.
    sdiv_trap = SdivTrap;
    /// `udiv a, b, loc`: traps on zero.
    udiv = Udiv;
    /// `srem a, b, loc`: sign of the dividend; traps on zero; `MIN % -1` is 0.
    srem = Srem;
    /// `urem a, b, loc`: traps on zero.
    urem = Urem;
}

convert! {
    /// `sextend.T v`: sign extension.
    sextend = Sextend;
    /// `uextend.T v`: zero extension.
    uextend = Uextend;
    /// `ireduce.T v`: keeps the low bits.
    ireduce = Ireduce;
    /// `fcvt_to_sint_sat.T v`: toward zero, saturating, NaN is 0.
    fcvt_to_sint_sat = FcvtToSintSat;
    /// `fcvt_to_uint_sat.T v`: toward zero, saturating, NaN is 0.
    fcvt_to_uint_sat = FcvtToUintSat;
    /// `fcvt_from_sint.T v`.
    fcvt_from_sint = FcvtFromSint;
    /// `fcvt_from_uint.T v`.
    fcvt_from_uint = FcvtFromUint;
    /// `bitcast.T v`: same bits, another type of the same size.
    bitcast = Bitcast;
    /// `bint.T v`: `bool` to 0 or 1.
    bint = Bint;
    /// `splat.T v`: a vector with every lane `v`.
    splat = Splat;
}
