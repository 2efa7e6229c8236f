//! Types: interned once, compared and hashed as small ids.
//!
//! A [`Ty`] is an index into the [`Types`] interner. The common types have
//! fixed ids ([`Ty::ERROR`], [`Ty::INT`], ...). Classes, structs, traits,
//! enums and objects, the standard library's `String` and collections
//! included, are [`TyKind::Adt`]: a definition with type arguments. The
//! primitive numbers, `Boolean`, `Char`, `Unit`, `Nothing` and `Any` are
//! built in; their members are declared in the standard library's Seen
//! sources (`@builtin struct Int { ... }`).

use rustc_hash::FxHashMap;

use crate::defs::DefId;

/// An interned type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct Ty(pub(crate) u32);

/// The integer types.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[allow(missing_docs)]
pub enum IntTy {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntTy {
    /// Every integer type, signed first.
    pub const ALL: [IntTy; 8] = [
        IntTy::I8,
        IntTy::I16,
        IntTy::I32,
        IntTy::I64,
        IntTy::U8,
        IntTy::U16,
        IntTy::U32,
        IntTy::U64,
    ];

    /// Width in bits.
    pub fn bits(self) -> u32 {
        match self {
            IntTy::I8 | IntTy::U8 => 8,
            IntTy::I16 | IntTy::U16 => 16,
            IntTy::I32 | IntTy::U32 => 32,
            IntTy::I64 | IntTy::U64 => 64,
        }
    }

    /// Whether the type is signed.
    pub fn signed(self) -> bool {
        matches!(self, IntTy::I8 | IntTy::I16 | IntTy::I32 | IntTy::I64)
    }

    /// The smallest value, as an `i128`.
    pub fn min(self) -> i128 {
        if self.signed() {
            -(1i128 << (self.bits() - 1))
        } else {
            0
        }
    }

    /// The largest value, as an `i128`.
    pub fn max(self) -> i128 {
        if self.signed() {
            (1i128 << (self.bits() - 1)) - 1
        } else {
            (1i128 << self.bits()) - 1
        }
    }

    /// The canonical type name (`Int`, `Int32`, `UInt8`, ...).
    pub fn name(self) -> &'static str {
        match self {
            IntTy::I8 => "Int8",
            IntTy::I16 => "Int16",
            IntTy::I32 => "Int32",
            IntTy::I64 => "Int",
            IntTy::U8 => "UInt8",
            IntTy::U16 => "UInt16",
            IntTy::U32 => "UInt32",
            IntTy::U64 => "UInt",
        }
    }
}

/// The floating-point types.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum FloatTy {
    /// `Float`, 32 bits.
    F32,
    /// `Double`, 64 bits.
    F64,
}

/// A function type.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct FnTy {
    /// `T.() -> R`: the receiver.
    pub receiver: Option<Ty>,
    /// Parameter types.
    pub params: Box<[Ty]>,
    /// Result type.
    pub ret: Ty,
    /// `suspend`
    pub suspend: bool,
}

/// What a type is.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum TyKind {
    /// The type of an expression that had an error; fits everywhere, so
    /// one mistake is reported once.
    Error,
    /// The bottom type: `return`, `throw`, `panic(...)`.
    Nothing,
    /// The type of statements and of functions without a result.
    Unit,
    /// `Boolean`
    Bool,
    /// `Char`
    Char,
    /// `Any`: every non-null value.
    Any,
    /// An integer type.
    Int(IntTy),
    /// A floating-point type.
    Float(FloatTy),
    /// `T?`
    Nullable(Ty),
    /// `(A, B)`; `Pair<A, B>` is the same type.
    Tuple(Box<[Ty]>),
    /// `(A) -> R`
    Fn(FnTy),
    /// A declared class, struct, trait, enum or object with its arguments.
    Adt(DefId, Box<[Ty]>),
    /// A type parameter.
    Param(DefId),
    /// An inference variable (resolved during checking).
    Var(u32),
    /// `simd[T, N]`: the lane type and the lane count (a [`TyKind::Const`]
    /// or a const type parameter).
    Simd(Ty, Ty),
    /// `mask[N]`: the lane count (a [`TyKind::Const`] or a const type
    /// parameter).
    Mask(Ty),
    /// An integer standing as a type argument: the `4` of `Simd<Float, 4>`
    /// or `simd[Float, 4]` (const generic parameters).
    Const(i64),
    /// `Ptr<T>`
    Ptr(Ty),
}

/// The type interner.
#[derive(Debug)]
pub struct Types {
    kinds: Vec<TyKind>,
    ids: FxHashMap<TyKind, Ty>,
    /// Per type: bit 0 when it contains an inference variable, bit 1 when
    /// it contains `Error` (computed once, at interning).
    flags: Vec<u8>,
}

const HAS_VARS: u8 = 1;
const HAS_ERROR: u8 = 2;

macro_rules! fixed {
    ($($name:ident = $n:expr => $kind:expr;)*) => {
        impl Ty {
            $(
                #[allow(missing_docs)]
                pub const $name: Ty = Ty($n);
            )*
        }
        const FIXED: &[TyKind] = &[$($kind),*];
    };
}

fixed! {
    ERROR = 0 => TyKind::Error;
    NOTHING = 1 => TyKind::Nothing;
    UNIT = 2 => TyKind::Unit;
    BOOL = 3 => TyKind::Bool;
    CHAR = 4 => TyKind::Char;
    ANY = 5 => TyKind::Any;
    I8 = 6 => TyKind::Int(IntTy::I8);
    I16 = 7 => TyKind::Int(IntTy::I16);
    I32 = 8 => TyKind::Int(IntTy::I32);
    INT = 9 => TyKind::Int(IntTy::I64);
    U8 = 10 => TyKind::Int(IntTy::U8);
    U16 = 11 => TyKind::Int(IntTy::U16);
    U32 = 12 => TyKind::Int(IntTy::U32);
    UINT = 13 => TyKind::Int(IntTy::U64);
    FLOAT = 14 => TyKind::Float(FloatTy::F32);
    DOUBLE = 15 => TyKind::Float(FloatTy::F64);
    NULL = 16 => TyKind::Nullable(Ty(1));
}

impl Default for Types {
    fn default() -> Self {
        let mut t = Types {
            kinds: Vec::new(),
            ids: FxHashMap::default(),
            flags: Vec::new(),
        };
        for kind in FIXED {
            t.intern(kind.clone());
        }
        t
    }
}

impl Types {
    /// The id of a type, interning it when new.
    pub fn intern(&mut self, kind: TyKind) -> Ty {
        if let Some(&ty) = self.ids.get(&kind) {
            return ty;
        }
        let ty = Ty(self.kinds.len() as u32);
        let flags = self.flags_of(&kind);
        self.flags.push(flags);
        self.kinds.push(kind.clone());
        self.ids.insert(kind, ty);
        ty
    }

    /// The flags of a new type: its own and its parts'.
    fn flags_of(&self, kind: &TyKind) -> u8 {
        let of = |t: &Ty| self.flags[t.0 as usize];
        match kind {
            TyKind::Var(_) => HAS_VARS,
            TyKind::Error => HAS_ERROR,
            TyKind::Nullable(t) | TyKind::Ptr(t) | TyKind::Mask(t) => of(t),
            TyKind::Simd(t, n) => of(t) | of(n),
            TyKind::Tuple(ts) | TyKind::Adt(_, ts) => ts.iter().fold(0, |f, t| f | of(t)),
            TyKind::Fn(f) => {
                f.params.iter().fold(of(&f.ret), |acc, t| acc | of(t))
                    | f.receiver.as_ref().map_or(0, of)
            }
            _ => 0,
        }
    }

    /// What a type is.
    pub fn kind(&self, ty: Ty) -> &TyKind {
        &self.kinds[ty.0 as usize]
    }

    /// The integer type of an integer `Ty`.
    pub fn int(ty: IntTy) -> Ty {
        match ty {
            IntTy::I8 => Ty::I8,
            IntTy::I16 => Ty::I16,
            IntTy::I32 => Ty::I32,
            IntTy::I64 => Ty::INT,
            IntTy::U8 => Ty::U8,
            IntTy::U16 => Ty::U16,
            IntTy::U32 => Ty::U32,
            IntTy::U64 => Ty::UINT,
        }
    }

    /// `T?` (nullable of a nullable is the same type; `Nothing?` is the
    /// type of `null`).
    pub fn nullable(&mut self, ty: Ty) -> Ty {
        match self.kind(ty) {
            TyKind::Nullable(_) | TyKind::Error => ty,
            _ => self.intern(TyKind::Nullable(ty)),
        }
    }

    /// `T` for `T?`, `T` otherwise.
    pub fn non_null(&self, ty: Ty) -> Ty {
        match self.kind(ty) {
            TyKind::Nullable(inner) => *inner,
            _ => ty,
        }
    }

    /// Whether `null` is a value of the type.
    pub fn is_nullable(&self, ty: Ty) -> bool {
        matches!(self.kind(ty), TyKind::Nullable(_))
    }

    /// A declared type with arguments.
    pub fn adt(&mut self, def: DefId, args: &[Ty]) -> Ty {
        self.intern(TyKind::Adt(def, args.into()))
    }

    /// A function type.
    pub fn func(&mut self, receiver: Option<Ty>, params: &[Ty], ret: Ty, suspend: bool) -> Ty {
        self.intern(TyKind::Fn(FnTy {
            receiver,
            params: params.into(),
            ret,
            suspend,
        }))
    }

    /// A tuple type.
    pub fn tuple(&mut self, items: &[Ty]) -> Ty {
        self.intern(TyKind::Tuple(items.into()))
    }

    /// Whether the type is an integer type (not nullable).
    pub fn int_of(&self, ty: Ty) -> Option<IntTy> {
        match self.kind(ty) {
            TyKind::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// Whether the type is a float type (not nullable).
    pub fn float_of(&self, ty: Ty) -> Option<FloatTy> {
        match self.kind(ty) {
            TyKind::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// Whether the type is a number (integer or float).
    pub fn is_numeric(&self, ty: Ty) -> bool {
        self.int_of(ty).is_some() || self.float_of(ty).is_some()
    }

    /// Whether the type contains an unresolved inference variable.
    pub fn has_vars(&self, ty: Ty) -> bool {
        self.flags[ty.0 as usize] & HAS_VARS != 0
    }

    /// Whether the type contains `Error` (then messages about it are
    /// noise).
    pub fn has_error(&self, ty: Ty) -> bool {
        self.flags[ty.0 as usize] & HAS_ERROR != 0
    }

    /// Replaces type parameters by the types `map` gives for them.
    pub fn subst(&mut self, ty: Ty, map: &FxHashMap<DefId, Ty>) -> Ty {
        if map.is_empty() {
            return ty;
        }
        let kind = self.kind(ty).clone();
        match kind {
            TyKind::Param(def) => map.get(&def).copied().unwrap_or(ty),
            TyKind::Nullable(t) => {
                let t = self.subst(t, map);
                self.nullable(t)
            }
            TyKind::Ptr(t) => {
                let t = self.subst(t, map);
                self.intern(TyKind::Ptr(t))
            }
            TyKind::Simd(t, n) => {
                let t = self.subst(t, map);
                let n = self.subst(n, map);
                self.intern(TyKind::Simd(t, n))
            }
            TyKind::Mask(n) => {
                let n = self.subst(n, map);
                self.intern(TyKind::Mask(n))
            }
            TyKind::Tuple(ts) => {
                let ts: Vec<Ty> = ts.iter().map(|t| self.subst(*t, map)).collect();
                self.tuple(&ts)
            }
            TyKind::Adt(def, ts) => {
                let ts: Vec<Ty> = ts.iter().map(|t| self.subst(*t, map)).collect();
                self.adt(def, &ts)
            }
            TyKind::Fn(f) => {
                let receiver = f.receiver.map(|r| self.subst(r, map));
                let params: Vec<Ty> = f.params.iter().map(|t| self.subst(*t, map)).collect();
                let ret = self.subst(f.ret, map);
                self.func(receiver, &params, ret, f.suspend)
            }
            _ => ty,
        }
    }
}
