//! Dense index types for the entities of a module and a function.
//!
//! Every entity is a `u32` index into a `Vec` owned by the [`Module`] or the
//! [`Function`], as in Cranelift: cheap to copy, compare and hash, and fast to
//! allocate. The text format writes them with a prefix (`v3`, `block2`,
//! `ss0`, `sig1`, `loc4`); types, functions, globals and data items are
//! written by name instead (`%Point`, `@main`).
//!
//! [`Module`]: crate::Module
//! [`Function`]: crate::Function

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! entity {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// The entity with this index.
            pub fn new(index: usize) -> Self {
                Self(u32::try_from(index).expect("fewer than 2^32 entities of one kind"))
            }

            /// The index of this entity in its table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    };
}

entity!(
    /// An SSA value of a function: a block parameter or an instruction result.
    Value,
    "v"
);
entity!(
    /// A basic block of a function.
    Block,
    "block"
);
entity!(
    /// An instruction of a function.
    Inst,
    "inst"
);
entity!(
    /// A function of a module (defined or imported).
    FuncId,
    "fn"
);
entity!(
    /// A declared type of a module: a struct, tuple, enum or object layout.
    TypeId,
    "type"
);
entity!(
    /// A mutable global variable of a module.
    GlobalId,
    "global"
);
entity!(
    /// A read-only data item of a module (bytes or a table of function addresses).
    DataId,
    "data"
);
entity!(
    /// A source location of a module (`path:line:col`), named by panicking instructions.
    LocId,
    "loc"
);
entity!(
    /// A stack slot of a function.
    StackSlot,
    "ss"
);
entity!(
    /// A signature declared in a function, used by `call_indirect`.
    SigRef,
    "sig"
);
entity!(
    /// A variable of the [`FunctionBuilder`](crate::FunctionBuilder) (not part of the IR).
    Variable,
    "var"
);
