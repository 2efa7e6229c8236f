//! Traps: how a run of the interpreter stops early.

use crate::module::SourceLoc;
use std::fmt;
use thiserror::Error;

/// Why a run stopped.
#[derive(Clone, PartialEq, Debug)]
pub enum TrapKind {
    /// A `trap` instruction: a panic with its message.
    Panic(String),
    /// A `*_trap` arithmetic instruction overflowed.
    IntegerOverflow,
    /// Integer division or remainder by zero.
    DivisionByZero,
    /// `array_get`/`array_set` with an index outside `0..len`.
    IndexOutOfBounds {
        /// The index.
        index: i64,
        /// The array's length.
        len: i64,
    },
    /// `array_new` with a negative length.
    NegativeLength(i64),
    /// An `unreachable` instruction was reached.
    Unreachable,
    /// The step limit was reached (an endless loop, or too much work).
    StepLimit(u64),
    /// Calls nested deeper than the limit.
    StackOverflow(usize),
    /// A host function asked to exit with this status.
    Exit(i32),
    /// A host function aborted.
    Abort,
    /// A host function failed.
    Host(String),
    /// An imported function has no host function registered.
    MissingHost(String),
    /// The module does not verify, or a call names no function or has bad arguments.
    InvalidCall(String),
    /// Undefined behaviour in compiled code, detected by the interpreter:
    /// a null dereference, a use after free, an invalid memory access, a
    /// type confusion, an over-release.
    Undefined(String),
}

impl fmt::Display for TrapKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrapKind::Panic(m) => write!(f, "panic: {m}"),
            TrapKind::IntegerOverflow => write!(f, "integer overflow"),
            TrapKind::DivisionByZero => write!(f, "integer division by zero"),
            TrapKind::IndexOutOfBounds { index, len } => {
                write!(f, "index {index} out of bounds for length {len}")
            }
            TrapKind::NegativeLength(n) => write!(f, "negative array length {n}"),
            TrapKind::Unreachable => write!(f, "unreachable code was reached"),
            TrapKind::StepLimit(n) => write!(f, "step limit of {n} instructions reached"),
            TrapKind::StackOverflow(n) => write!(f, "stack overflow: calls nested deeper than {n}"),
            TrapKind::Exit(code) => write!(f, "exit with status {code}"),
            TrapKind::Abort => write!(f, "abort"),
            TrapKind::Host(m) => write!(f, "host function failed: {m}"),
            TrapKind::MissingHost(s) => write!(f, "no host function is registered for `{s}`"),
            TrapKind::InvalidCall(m) => write!(f, "invalid call: {m}"),
            TrapKind::Undefined(m) => write!(f, "undefined behaviour: {m}"),
        }
    }
}

/// A run that stopped: why, where in the source, and in which function.
#[derive(Clone, PartialEq, Debug, Error)]
pub struct Trap {
    /// Why.
    pub kind: TrapKind,
    /// The source location of the instruction, when it names one.
    pub loc: Option<SourceLoc>,
    /// The function that was running, when known.
    pub function: Option<String>,
}

impl Trap {
    /// A trap with no location.
    pub fn new(kind: TrapKind) -> Trap {
        Trap {
            kind,
            loc: None,
            function: None,
        }
    }
}

impl From<TrapKind> for Trap {
    fn from(kind: TrapKind) -> Trap {
        Trap::new(kind)
    }
}

/// `path:line:col: message` (the form the runtime prints), or the message alone.
impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.loc {
            write!(f, "{}:{}:{}: ", loc.path, loc.line, loc.col)?;
        }
        write!(f, "{}", self.kind)
    }
}
