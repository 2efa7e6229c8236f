//! Instructions: opcodes, condition codes and the data of each instruction.
//!
//! As in Cranelift, an instruction is an [`Opcode`] inside an [`InstData`]
//! variant that gives its *format* (which operands and immediates it has).
//! Opcodes of one format share their printing, parsing and most of their
//! typing. Every instruction has at most one result. The exact semantics of
//! every opcode are in `docs/ir.md`; typing rules are in `typing.rs`.

use crate::entity::{Block, DataId, FuncId, GlobalId, LocId, SigRef, StackSlot, TypeId, Value};
use crate::types::Type;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

/// Operands of variable count (call arguments, aggregate fields, jump arguments).
pub type ValueList = SmallVec<[Value; 4]>;

macro_rules! opcodes {
    ($($(#[$doc:meta])* $name:ident = $text:literal,)*) => {
        /// Every operation of the IR. The text name is [`Opcode::name`].
        #[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
        pub enum Opcode {
            $($(#[$doc])* $name,)*
        }

        impl Opcode {
            /// Every opcode, in declaration order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name,)*];

            /// The name in the text format.
            pub fn name(self) -> &'static str {
                match self {
                    $(Opcode::$name => $text,)*
                }
            }

            /// The opcode with this text name.
            pub fn from_name(name: &str) -> Option<Opcode> {
                match name {
                    $($text => Some(Opcode::$name),)*
                    _ => None,
                }
            }
        }
    };
}

opcodes! {
    /// Integer constant.
    Iconst = "iconst",
    /// Float constant.
    Fconst = "fconst",
    /// Boolean constant.
    Bconst = "bconst",
    /// The null `ref`.
    Null = "null",
    /// The all-zero value of any value type (null for references).
    Zero = "zero",
    /// Address of a function.
    FuncAddr = "func_addr",
    /// Address of a global.
    GlobalAddr = "global_addr",
    /// Address of a data item.
    DataAddr = "data_addr",
    /// A static, immortal string object (an `i8` array) holding bytes.
    Sconst = "sconst",
    /// A static, immortal `String` object (the runtime's string layout)
    /// holding valid UTF-8.
    Strconst = "strconst",
    /// Address of a stack slot.
    StackAddr = "stack_addr",
    /// Read a global.
    GlobalGet = "global_get",
    /// Write a global.
    GlobalSet = "global_set",
    /// Wrapping addition.
    Iadd = "iadd",
    /// Wrapping subtraction.
    Isub = "isub",
    /// Wrapping multiplication.
    Imul = "imul",
    /// Wrapping negation.
    Ineg = "ineg",
    /// Signed addition that traps on overflow.
    SaddTrap = "sadd_trap",
    /// Unsigned addition that traps on overflow.
    UaddTrap = "uadd_trap",
    /// Signed subtraction that traps on overflow.
    SsubTrap = "ssub_trap",
    /// Unsigned subtraction that traps on overflow.
    UsubTrap = "usub_trap",
    /// Signed multiplication that traps on overflow.
    SmulTrap = "smul_trap",
    /// Unsigned multiplication that traps on overflow.
    UmulTrap = "umul_trap",
    /// Signed negation that traps on overflow (of `MIN`).
    SnegTrap = "sneg_trap",
    /// Unsigned negation that traps unless the operand is zero.
    UnegTrap = "uneg_trap",
    /// Signed division toward zero; traps on zero; `MIN / -1` is `MIN`.
    Sdiv = "sdiv",
    /// Signed division toward zero; traps on zero and on `MIN / -1`.
    SdivTrap = "sdiv_trap",
    /// Unsigned division; traps on zero.
    Udiv = "udiv",
    /// Signed remainder (sign of the dividend); traps on zero; `MIN % -1` is 0.
    Srem = "srem",
    /// Unsigned remainder; traps on zero.
    Urem = "urem",
    /// Bitwise and.
    Band = "band",
    /// Bitwise or.
    Bor = "bor",
    /// Bitwise exclusive or.
    Bxor = "bxor",
    /// Bitwise not.
    Bnot = "bnot",
    /// Shift left; count modulo the width.
    Ishl = "ishl",
    /// Arithmetic shift right; count modulo the width.
    Sshr = "sshr",
    /// Logical shift right; count modulo the width.
    Ushr = "ushr",
    /// Integer comparison.
    Icmp = "icmp",
    /// Float addition.
    Fadd = "fadd",
    /// Float subtraction.
    Fsub = "fsub",
    /// Float multiplication.
    Fmul = "fmul",
    /// Float division.
    Fdiv = "fdiv",
    /// Float remainder (`fmod`: sign of the dividend).
    Frem = "frem",
    /// Float negation.
    Fneg = "fneg",
    /// Square root.
    Sqrt = "sqrt",
    /// Absolute value.
    Fabs = "fabs",
    /// Round toward negative infinity.
    Floor = "floor",
    /// Round toward positive infinity.
    Ceil = "ceil",
    /// Round toward zero.
    Trunc = "trunc",
    /// Round to nearest, ties to even.
    Nearest = "nearest",
    /// Minimum (NaN if either is NaN; -0.0 < 0.0).
    Fmin = "fmin",
    /// Maximum (NaN if either is NaN; -0.0 < 0.0).
    Fmax = "fmax",
    /// Magnitude of the first operand, sign of the second.
    Fcopysign = "fcopysign",
    /// Fused multiply-add `a * b + c`.
    Fma = "fma",
    /// Float comparison.
    Fcmp = "fcmp",
    /// Sign extension to a wider integer.
    Sextend = "sextend",
    /// Zero extension to a wider integer.
    Uextend = "uextend",
    /// Truncation to a narrower integer (keeps the low bits).
    Ireduce = "ireduce",
    /// Float to signed integer: toward zero, saturating, NaN is 0.
    FcvtToSintSat = "fcvt_to_sint_sat",
    /// Float to unsigned integer: toward zero, saturating, NaN is 0.
    FcvtToUintSat = "fcvt_to_uint_sat",
    /// Signed integer to float (round to nearest).
    FcvtFromSint = "fcvt_from_sint",
    /// Unsigned integer to float (round to nearest).
    FcvtFromUint = "fcvt_from_uint",
    /// `f32` to `f64`.
    Fpromote = "fpromote",
    /// `f64` to `f32` (round to nearest).
    Fdemote = "fdemote",
    /// Reinterpret the bits as another type of the same size.
    Bitcast = "bitcast",
    /// `bool` to integer 0 or 1.
    Bint = "bint",
    /// Integer to `bool`: true when nonzero.
    Ibool = "ibool",
    /// Choose between two values.
    Select = "select",
    /// Make a struct or tuple from its fields.
    StructNew = "struct_new",
    /// Read field i of a struct or tuple.
    Extract = "extract",
    /// Replace field i of a struct or tuple.
    Insert = "insert",
    /// Make an enum value of a variant.
    EnumNew = "enum_new",
    /// The tag (variant index, `i32`) of an enum value.
    EnumTag = "enum_tag",
    /// Read a payload field of a given variant.
    EnumPayload = "enum_payload",
    /// Allocate an object (count 1, fields zeroed).
    Alloc = "alloc",
    /// Read a field of an object.
    FieldGet = "field_get",
    /// Write a field of an object (no count changes).
    FieldSet = "field_set",
    /// Increment the count of a reference.
    Retain = "retain",
    /// Decrement the count; at zero run the deinit, release the fields, free.
    Release = "release",
    /// Whether a reference is null.
    IsNull = "is_null",
    /// Reference identity.
    RefEq = "ref_eq",
    /// Make a weak reference.
    WeakNew = "weak_new",
    /// Load a (retained) reference from a weak one; null once the target is gone.
    WeakLoad = "weak_load",
    /// Copy a weak reference (increment its weak count).
    WeakRetain = "weak_retain",
    /// Drop a weak reference.
    WeakRelease = "weak_release",
    /// Allocate an array (count 1, elements zeroed).
    ArrayNew = "array_new",
    /// Read an element; traps when out of bounds.
    ArrayGet = "array_get",
    /// Write an element; traps when out of bounds.
    ArraySet = "array_set",
    /// Read an element without a bounds check.
    ArrayGetUnchecked = "array_get_unchecked",
    /// Write an element without a bounds check.
    ArraySetUnchecked = "array_set_unchecked",
    /// The length of an array (`i64`).
    ArrayLen = "array_len",
    /// The type descriptor of an object, array or string (`ptr`).
    TypeOf = "typeof",
    /// The type descriptor of an object type, or of strings (`ptr`).
    TypeDesc = "typedesc",
    /// Load a scalar or vector from memory.
    Load = "load",
    /// Store a scalar or vector to memory.
    Store = "store",
    /// Pointer plus a byte offset.
    PtrAdd = "ptr_add",
    /// Direct call.
    Call = "call",
    /// Indirect call through a function address.
    CallIndirect = "call_indirect",
    /// A vector with every lane equal to a scalar.
    Splat = "splat",
    /// Read a lane.
    ExtractLane = "extractlane",
    /// Replace a lane.
    InsertLane = "insertlane",
    /// Pick lanes from two vectors by constant indices.
    Shuffle = "shuffle",
    /// Lane-wise select by a mask.
    Vselect = "vselect",
    /// Sum of the lanes (wrapping for integers, in lane order for floats).
    ReduceAdd = "reduce_add",
    /// Signed minimum lane.
    ReduceSmin = "reduce_smin",
    /// Unsigned minimum lane.
    ReduceUmin = "reduce_umin",
    /// Signed maximum lane.
    ReduceSmax = "reduce_smax",
    /// Unsigned maximum lane.
    ReduceUmax = "reduce_umax",
    /// Float minimum lane (as `fmin`).
    ReduceFmin = "reduce_fmin",
    /// Float maximum lane (as `fmax`).
    ReduceFmax = "reduce_fmax",
    /// Unconditional branch.
    Jump = "jump",
    /// Two-way branch on a `bool`.
    Brif = "brif",
    /// Multi-way branch on an integer.
    Switch = "switch",
    /// Return from the function.
    Return = "ret",
    /// Panic with a message and a location.
    Trap = "trap",
    /// Control never reaches here (undefined behaviour in compiled code).
    Unreachable = "unreachable",
}

impl Opcode {
    /// Whether the opcode ends a block.
    pub fn is_terminator(self) -> bool {
        matches!(
            self,
            Opcode::Jump
                | Opcode::Brif
                | Opcode::Switch
                | Opcode::Return
                | Opcode::Trap
                | Opcode::Unreachable
        )
    }

    /// Whether the opcode may trap (so it is never removed or folded into
    /// a different behaviour).
    pub fn can_trap(self) -> bool {
        use Opcode::*;
        matches!(
            self,
            SaddTrap
                | UaddTrap
                | SsubTrap
                | UsubTrap
                | SmulTrap
                | UmulTrap
                | SnegTrap
                | UnegTrap
                | Sdiv
                | SdivTrap
                | Udiv
                | Srem
                | Urem
                | ArrayNew
                | ArrayGet
                | ArraySet
                | Trap
                | Unreachable
        )
    }

    /// Whether the opcode has an effect besides its result (memory, counts,
    /// globals, calls, control), so an unused result does not make it dead.
    pub fn has_side_effects(self) -> bool {
        use Opcode::*;
        self.can_trap()
            || self.is_terminator()
            || matches!(
                self,
                GlobalSet
                    | Alloc
                    | FieldSet
                    | Retain
                    | Release
                    | WeakNew
                    | WeakLoad
                    | WeakRetain
                    | WeakRelease
                    | ArraySetUnchecked
                    | Store
                    | Call
                    | CallIndirect
            )
    }
}

/// Integer comparison conditions.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum IntCC {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// signed `<`
    Slt,
    /// signed `<=`
    Sle,
    /// signed `>`
    Sgt,
    /// signed `>=`
    Sge,
    /// unsigned `<`
    Ult,
    /// unsigned `<=`
    Ule,
    /// unsigned `>`
    Ugt,
    /// unsigned `>=`
    Uge,
}

impl IntCC {
    /// Every condition.
    pub const ALL: [IntCC; 10] = [
        IntCC::Eq,
        IntCC::Ne,
        IntCC::Slt,
        IntCC::Sle,
        IntCC::Sgt,
        IntCC::Sge,
        IntCC::Ult,
        IntCC::Ule,
        IntCC::Ugt,
        IntCC::Uge,
    ];

    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            IntCC::Eq => "eq",
            IntCC::Ne => "ne",
            IntCC::Slt => "slt",
            IntCC::Sle => "sle",
            IntCC::Sgt => "sgt",
            IntCC::Sge => "sge",
            IntCC::Ult => "ult",
            IntCC::Ule => "ule",
            IntCC::Ugt => "ugt",
            IntCC::Uge => "uge",
        }
    }

    /// The condition with this text name.
    pub fn from_name(name: &str) -> Option<IntCC> {
        IntCC::ALL.into_iter().find(|cc| cc.name() == name)
    }
}

/// Float comparison conditions (IEEE: every one is false when an operand
/// is NaN, except `ne` and `uno`).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum FloatCC {
    /// ordered and equal
    Eq,
    /// unordered or not equal
    Ne,
    /// ordered and less
    Lt,
    /// ordered and less or equal
    Le,
    /// ordered and greater
    Gt,
    /// ordered and greater or equal
    Ge,
    /// neither is NaN
    Ord,
    /// either is NaN
    Uno,
}

impl FloatCC {
    /// Every condition.
    pub const ALL: [FloatCC; 8] = [
        FloatCC::Eq,
        FloatCC::Ne,
        FloatCC::Lt,
        FloatCC::Le,
        FloatCC::Gt,
        FloatCC::Ge,
        FloatCC::Ord,
        FloatCC::Uno,
    ];

    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            FloatCC::Eq => "eq",
            FloatCC::Ne => "ne",
            FloatCC::Lt => "lt",
            FloatCC::Le => "le",
            FloatCC::Gt => "gt",
            FloatCC::Ge => "ge",
            FloatCC::Ord => "ord",
            FloatCC::Uno => "uno",
        }
    }

    /// The condition with this text name.
    pub fn from_name(name: &str) -> Option<FloatCC> {
        FloatCC::ALL.into_iter().find(|cc| cc.name() == name)
    }
}

/// A branch destination: a block and the arguments for its parameters.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct BlockCall {
    /// The target block.
    pub block: Block,
    /// One argument per block parameter.
    pub args: ValueList,
}

impl BlockCall {
    /// A destination with arguments.
    pub fn new(block: Block, args: &[Value]) -> BlockCall {
        BlockCall {
            block,
            args: args.iter().copied().collect(),
        }
    }
}

/// The data of one instruction: its format, opcode, operands and immediates.
///
/// Result types are not stored here: they follow from the operands (see
/// `typing.rs`) and are recorded on the result value.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum InstData {
    /// `iconst.T imm`. The immediate is kept sign-extended from the width of `T`.
    IntConst {
        /// Integer type.
        ty: Type,
        /// Value, sign-extended from the type's width.
        imm: i64,
    },
    /// `fconst.T imm`.
    FloatConst {
        /// `f32` or `f64`.
        ty: Type,
        /// IEEE bits (`f32` bits in the low 32 bits).
        bits: u64,
    },
    /// `bconst true|false`.
    BoolConst {
        /// The value.
        imm: bool,
    },
    /// `null`: no operands.
    Nullary {
        /// [`Opcode::Null`].
        op: Opcode,
    },
    /// `zero T`.
    Zero {
        /// Any value type.
        ty: Type,
    },
    /// `func_addr @f`.
    FuncAddr {
        /// The function.
        func: FuncId,
    },
    /// `global_addr @g`, `global_get @g`.
    Global {
        /// [`Opcode::GlobalAddr`] or [`Opcode::GlobalGet`].
        op: Opcode,
        /// The global.
        global: GlobalId,
    },
    /// `global_set @g, v`.
    GlobalSet {
        /// The global.
        global: GlobalId,
        /// The new value.
        arg: Value,
    },
    /// `data_addr @d`.
    DataAddr {
        /// The data item.
        data: DataId,
    },
    /// `sconst "bytes"`.
    StringConst {
        /// The bytes of the string.
        bytes: Box<[u8]>,
    },
    /// `strconst "text"`.
    StrConst {
        /// The UTF-8 bytes of the string.
        bytes: Box<[u8]>,
    },
    /// `typedesc %Obj` (`Some`) or `typedesc string` (`None`).
    TypeDesc {
        /// The object type; `None` for the runtime's string type.
        ty: Option<TypeId>,
    },
    /// `stack_addr ss0`.
    StackAddr {
        /// The slot.
        slot: StackSlot,
    },
    /// One operand: `ineg`, `bnot`, `fneg`, `sqrt`..., `ibool`, `enum_tag`,
    /// `retain`, `release`, `is_null`, `weak_*`, `array_len`, `reduce_*`.
    Unary {
        /// The opcode.
        op: Opcode,
        /// The operand.
        arg: Value,
    },
    /// One operand and an optional location: `sneg_trap`, `uneg_trap`.
    UnaryTrap {
        /// The opcode.
        op: Opcode,
        /// The operand.
        arg: Value,
        /// Where a trap is reported.
        loc: Option<LocId>,
    },
    /// Two operands: `iadd`, `band`, `ishl`, `fadd`, `ref_eq`, `ptr_add`...
    Binary {
        /// The opcode.
        op: Opcode,
        /// The operands.
        args: [Value; 2],
    },
    /// Two operands and an optional location: `sadd_trap`..., `sdiv`, `udiv`, `srem`, `urem`.
    BinaryTrap {
        /// The opcode.
        op: Opcode,
        /// The operands.
        args: [Value; 2],
        /// Where a trap is reported.
        loc: Option<LocId>,
    },
    /// Three operands: `select`, `vselect`, `fma`.
    Ternary {
        /// The opcode.
        op: Opcode,
        /// The operands.
        args: [Value; 3],
    },
    /// A conversion to a type: `sextend.T`, `bitcast.T`, `bint.T`, `splat.T`...
    Convert {
        /// The opcode.
        op: Opcode,
        /// The result type.
        ty: Type,
        /// The operand.
        arg: Value,
    },
    /// `icmp cc a, b`.
    IntCompare {
        /// The condition.
        cond: IntCC,
        /// The operands.
        args: [Value; 2],
    },
    /// `fcmp cc a, b`.
    FloatCompare {
        /// The condition.
        cond: FloatCC,
        /// The operands.
        args: [Value; 2],
    },
    /// `extractlane v, i`.
    ExtractLane {
        /// The vector.
        arg: Value,
        /// The lane.
        lane: u8,
    },
    /// `insertlane v, i, x`.
    InsertLane {
        /// The vector and the new lane value.
        args: [Value; 2],
        /// The lane.
        lane: u8,
    },
    /// `shuffle a, b, [i, ...]`: lane k of the result is lane `lanes[k]` of
    /// the concatenation of `a` and `b`.
    Shuffle {
        /// The two vectors.
        args: [Value; 2],
        /// One index per result lane, each below twice the lane count.
        lanes: Box<[u8]>,
    },
    /// `struct_new %T, v...`.
    StructNew {
        /// A struct or tuple type.
        ty: TypeId,
        /// One value per field.
        args: ValueList,
    },
    /// `extract v, i`.
    Extract {
        /// The struct or tuple.
        arg: Value,
        /// The field index.
        field: u32,
    },
    /// `insert v, i, x`.
    Insert {
        /// The struct or tuple, and the new field value.
        args: [Value; 2],
        /// The field index.
        field: u32,
    },
    /// `enum_new %E, Variant(v...)`.
    EnumNew {
        /// An enum type.
        ty: TypeId,
        /// The variant index.
        variant: u32,
        /// One value per payload field.
        args: ValueList,
    },
    /// `enum_payload %E, v, Variant, i`.
    EnumPayload {
        /// The enum type.
        ty: TypeId,
        /// The enum value.
        arg: Value,
        /// The variant the value must have.
        variant: u32,
        /// The payload field index.
        field: u32,
    },
    /// `alloc %Obj`.
    Alloc {
        /// An object type.
        ty: TypeId,
    },
    /// `field_get %Obj, r, i`.
    FieldGet {
        /// The object type.
        ty: TypeId,
        /// The reference.
        arg: Value,
        /// The field index.
        field: u32,
    },
    /// `field_set %Obj, r, i, x`.
    FieldSet {
        /// The object type.
        ty: TypeId,
        /// The reference and the new value.
        args: [Value; 2],
        /// The field index.
        field: u32,
    },
    /// `array_new T, len[, loc]`.
    ArrayNew {
        /// The element type.
        elem: Type,
        /// The length (`i64`).
        arg: Value,
        /// Where a negative length is reported.
        loc: Option<LocId>,
    },
    /// `array_get T, a, i[, loc]` and `array_get_unchecked T, a, i`.
    ArrayGet {
        /// [`Opcode::ArrayGet`] or [`Opcode::ArrayGetUnchecked`].
        op: Opcode,
        /// The element type.
        elem: Type,
        /// The array and the index (`i64`).
        args: [Value; 2],
        /// Where an out-of-bounds index is reported.
        loc: Option<LocId>,
    },
    /// `array_set T, a, i, x[, loc]` and `array_set_unchecked T, a, i, x`.
    ArraySet {
        /// [`Opcode::ArraySet`] or [`Opcode::ArraySetUnchecked`].
        op: Opcode,
        /// The element type.
        elem: Type,
        /// The array, the index (`i64`) and the value.
        args: [Value; 3],
        /// Where an out-of-bounds index is reported.
        loc: Option<LocId>,
    },
    /// `load.T p[, offset]`.
    Load {
        /// The loaded type (scalar or vector).
        ty: Type,
        /// The address.
        arg: Value,
        /// A constant byte offset.
        offset: i32,
    },
    /// `store v, p[, offset]`.
    Store {
        /// The value and the address.
        args: [Value; 2],
        /// A constant byte offset.
        offset: i32,
    },
    /// `call @f(v...)`.
    Call {
        /// The callee.
        func: FuncId,
        /// The arguments.
        args: ValueList,
    },
    /// `call_indirect sig, p(v...)`.
    CallIndirect {
        /// The callee's signature.
        sig: SigRef,
        /// The function address.
        callee: Value,
        /// The arguments.
        args: ValueList,
    },
    /// `jump block(v...)`.
    Jump {
        /// The destination.
        dest: BlockCall,
    },
    /// `brif c, block1(v...), block2(v...)`.
    Brif {
        /// The `bool` condition.
        arg: Value,
        /// Taken when true.
        then_dest: BlockCall,
        /// Taken when false.
        else_dest: BlockCall,
    },
    /// `switch v, default(v...), [k: block(v...), ...]`.
    Switch {
        /// The integer operand.
        arg: Value,
        /// Taken when no case matches.
        default: BlockCall,
        /// Case keys (sign-extended from the operand's width) and destinations.
        cases: Vec<(i64, BlockCall)>,
    },
    /// `ret` or `ret v`.
    Return {
        /// The returned value, absent for `void`.
        arg: Option<Value>,
    },
    /// `trap "message"[, loc]`.
    Trap {
        /// The panic message.
        message: Box<str>,
        /// Where it is reported.
        loc: Option<LocId>,
    },
    /// `unreachable`.
    Unreachable,
}

impl InstData {
    /// The opcode.
    pub fn opcode(&self) -> Opcode {
        match self {
            InstData::IntConst { .. } => Opcode::Iconst,
            InstData::FloatConst { .. } => Opcode::Fconst,
            InstData::BoolConst { .. } => Opcode::Bconst,
            InstData::Zero { .. } => Opcode::Zero,
            InstData::FuncAddr { .. } => Opcode::FuncAddr,
            InstData::GlobalSet { .. } => Opcode::GlobalSet,
            InstData::DataAddr { .. } => Opcode::DataAddr,
            InstData::StringConst { .. } => Opcode::Sconst,
            InstData::StrConst { .. } => Opcode::Strconst,
            InstData::TypeDesc { .. } => Opcode::TypeDesc,
            InstData::StackAddr { .. } => Opcode::StackAddr,
            InstData::Nullary { op }
            | InstData::Global { op, .. }
            | InstData::Unary { op, .. }
            | InstData::UnaryTrap { op, .. }
            | InstData::Binary { op, .. }
            | InstData::BinaryTrap { op, .. }
            | InstData::Ternary { op, .. }
            | InstData::Convert { op, .. }
            | InstData::ArrayGet { op, .. }
            | InstData::ArraySet { op, .. } => *op,
            InstData::IntCompare { .. } => Opcode::Icmp,
            InstData::FloatCompare { .. } => Opcode::Fcmp,
            InstData::ExtractLane { .. } => Opcode::ExtractLane,
            InstData::InsertLane { .. } => Opcode::InsertLane,
            InstData::Shuffle { .. } => Opcode::Shuffle,
            InstData::StructNew { .. } => Opcode::StructNew,
            InstData::Extract { .. } => Opcode::Extract,
            InstData::Insert { .. } => Opcode::Insert,
            InstData::EnumNew { .. } => Opcode::EnumNew,
            InstData::EnumPayload { .. } => Opcode::EnumPayload,
            InstData::Alloc { .. } => Opcode::Alloc,
            InstData::FieldGet { .. } => Opcode::FieldGet,
            InstData::FieldSet { .. } => Opcode::FieldSet,
            InstData::ArrayNew { .. } => Opcode::ArrayNew,
            InstData::Load { .. } => Opcode::Load,
            InstData::Store { .. } => Opcode::Store,
            InstData::Call { .. } => Opcode::Call,
            InstData::CallIndirect { .. } => Opcode::CallIndirect,
            InstData::Jump { .. } => Opcode::Jump,
            InstData::Brif { .. } => Opcode::Brif,
            InstData::Switch { .. } => Opcode::Switch,
            InstData::Return { .. } => Opcode::Return,
            InstData::Trap { .. } => Opcode::Trap,
            InstData::Unreachable => Opcode::Unreachable,
        }
    }

    /// The value operands, in order (branch arguments included, after the
    /// condition or switch operand).
    pub fn args(&self) -> Vec<Value> {
        let mut out = Vec::new();
        self.for_each_arg(|v| out.push(v));
        out
    }

    /// Calls `f` on every value operand, in order.
    pub fn for_each_arg(&self, mut f: impl FnMut(Value)) {
        let mut one = |v: &Value| f(*v);
        match self {
            InstData::GlobalSet { arg, .. }
            | InstData::Unary { arg, .. }
            | InstData::UnaryTrap { arg, .. }
            | InstData::Convert { arg, .. }
            | InstData::ExtractLane { arg, .. }
            | InstData::Extract { arg, .. }
            | InstData::EnumPayload { arg, .. }
            | InstData::FieldGet { arg, .. }
            | InstData::ArrayNew { arg, .. }
            | InstData::Load { arg, .. } => one(arg),
            InstData::Binary { args, .. }
            | InstData::BinaryTrap { args, .. }
            | InstData::IntCompare { args, .. }
            | InstData::FloatCompare { args, .. }
            | InstData::InsertLane { args, .. }
            | InstData::Shuffle { args, .. }
            | InstData::Insert { args, .. }
            | InstData::FieldSet { args, .. }
            | InstData::ArrayGet { args, .. }
            | InstData::Store { args, .. } => args.iter().for_each(one),
            InstData::Ternary { args, .. } | InstData::ArraySet { args, .. } => {
                args.iter().for_each(one)
            }
            InstData::StructNew { args, .. }
            | InstData::EnumNew { args, .. }
            | InstData::Call { args, .. } => args.iter().for_each(one),
            InstData::CallIndirect { callee, args, .. } => {
                one(callee);
                args.iter().for_each(one)
            }
            InstData::Return { arg } => arg.iter().for_each(one),
            other => {
                if let InstData::Brif { arg, .. } | InstData::Switch { arg, .. } = other {
                    one(arg);
                }
                for dest in other.destinations() {
                    dest.args.iter().for_each(&mut one);
                }
            }
        }
    }

    /// Replaces every value operand with `f(operand)`, in order.
    pub fn map_args(&mut self, mut f: impl FnMut(Value) -> Value) {
        let mut one = |v: &mut Value| *v = f(*v);
        match self {
            InstData::GlobalSet { arg, .. }
            | InstData::Unary { arg, .. }
            | InstData::UnaryTrap { arg, .. }
            | InstData::Convert { arg, .. }
            | InstData::ExtractLane { arg, .. }
            | InstData::Extract { arg, .. }
            | InstData::EnumPayload { arg, .. }
            | InstData::FieldGet { arg, .. }
            | InstData::ArrayNew { arg, .. }
            | InstData::Load { arg, .. } => one(arg),
            InstData::Binary { args, .. }
            | InstData::BinaryTrap { args, .. }
            | InstData::IntCompare { args, .. }
            | InstData::FloatCompare { args, .. }
            | InstData::InsertLane { args, .. }
            | InstData::Shuffle { args, .. }
            | InstData::Insert { args, .. }
            | InstData::FieldSet { args, .. }
            | InstData::ArrayGet { args, .. }
            | InstData::Store { args, .. } => args.iter_mut().for_each(one),
            InstData::Ternary { args, .. } | InstData::ArraySet { args, .. } => {
                args.iter_mut().for_each(one)
            }
            InstData::StructNew { args, .. }
            | InstData::EnumNew { args, .. }
            | InstData::Call { args, .. } => args.iter_mut().for_each(one),
            InstData::CallIndirect { callee, args, .. } => {
                one(callee);
                args.iter_mut().for_each(one)
            }
            InstData::Return { arg } => arg.iter_mut().for_each(one),
            InstData::Brif { arg, .. } | InstData::Switch { arg, .. } => {
                one(arg);
                for dest in self.destinations_mut() {
                    dest.args.iter_mut().for_each(&mut one);
                }
            }
            other => {
                for dest in other.destinations_mut() {
                    dest.args.iter_mut().for_each(&mut one);
                }
            }
        }
    }

    /// The branch destinations of a terminator (empty for other instructions).
    pub fn destinations(&self) -> Vec<&BlockCall> {
        match self {
            InstData::Jump { dest } => vec![dest],
            InstData::Brif {
                then_dest,
                else_dest,
                ..
            } => vec![then_dest, else_dest],
            InstData::Switch { default, cases, .. } => {
                let mut out = vec![default];
                out.extend(cases.iter().map(|(_, d)| d));
                out
            }
            _ => Vec::new(),
        }
    }

    /// The branch destinations of a terminator, mutably.
    pub fn destinations_mut(&mut self) -> Vec<&mut BlockCall> {
        match self {
            InstData::Jump { dest } => vec![dest],
            InstData::Brif {
                then_dest,
                else_dest,
                ..
            } => vec![then_dest, else_dest],
            InstData::Switch { default, cases, .. } => {
                let mut out = vec![default];
                out.extend(cases.iter_mut().map(|(_, d)| d));
                out
            }
            _ => Vec::new(),
        }
    }

    /// The source location named by a trapping instruction.
    pub fn loc(&self) -> Option<LocId> {
        match self {
            InstData::UnaryTrap { loc, .. }
            | InstData::BinaryTrap { loc, .. }
            | InstData::ArrayNew { loc, .. }
            | InstData::ArrayGet { loc, .. }
            | InstData::ArraySet { loc, .. }
            | InstData::Trap { loc, .. } => *loc,
            _ => None,
        }
    }
}
