//! Host functions: how imported functions run in the interpreter.
//!
//! An imported function (`fn @f(...) -> T import "symbol"`) is looked up by
//! its symbol among the registered host functions when it is first called.
//! A host function gets a [`HostContext`] (the output buffer, the heap's
//! byte arrays, raw memory) and the arguments, and returns the result
//! ([`DataValue::Void`] for `void`) or a [`Trap`].

use super::heap::{Heap, ObjKind};
use super::memory::Memory;
use super::trap::{Trap, TrapKind};
use super::value::DataValue;
use crate::types::Type;

/// A host function.
pub type HostFn = Box<dyn FnMut(&mut HostContext<'_>, &[DataValue]) -> Result<DataValue, Trap>>;

/// What a host function may touch.
pub struct HostContext<'a> {
    pub(crate) heap: &'a mut Heap,
    pub(crate) memory: &'a mut Memory,
    pub(crate) output: &'a mut Vec<u8>,
    pub(crate) errors: &'a mut Vec<u8>,
}

impl HostContext<'_> {
    /// The output buffer (what the program printed so far).
    pub fn output(&mut self) -> &mut Vec<u8> {
        self.output
    }

    /// The standard error buffer (what the program wrote to it so far).
    pub fn error_output(&mut self) -> &mut Vec<u8> {
        self.errors
    }

    /// The bytes of an `i8` array (a string object).
    pub fn array_bytes(&self, array: &DataValue) -> Result<Vec<u8>, Trap> {
        let DataValue::Ref(Some(r)) = array else {
            return Err(TrapKind::Undefined("expected a non-null `i8` array".into()).into());
        };
        let o = self.heap.get(*r, "reading an array")?;
        if o.kind != ObjKind::Array(Type::I8) {
            return Err(TrapKind::Undefined("expected an `i8` array".into()).into());
        }
        Ok(o.fields
            .iter()
            .map(|v| v.int_bits().map_or(0, |(b, _)| b as u8))
            .collect())
    }

    /// A new `i8` array with these bytes (count 1).
    pub fn new_byte_array(&mut self, bytes: &[u8]) -> DataValue {
        let fields = bytes.iter().map(|&b| DataValue::I8(b as i8)).collect();
        DataValue::Ref(Some(self.heap.alloc(
            ObjKind::Array(Type::I8),
            fields,
            false,
        )))
    }

    /// Reads raw memory.
    pub fn read_memory(&self, ptr: u64, len: u64) -> Result<Vec<u8>, Trap> {
        let len = usize::try_from(len)
            .map_err(|_| TrapKind::Undefined(format!("length {len} is too large")))?;
        Ok(self.memory.read(ptr, len)?.to_vec())
    }

    /// Writes raw memory.
    pub fn write_memory(&mut self, ptr: u64, bytes: &[u8]) -> Result<(), Trap> {
        Ok(self.memory.write(ptr, bytes)?)
    }

    /// Allocates zeroed, writable memory (what a runtime's `malloc` would give).
    pub fn alloc_memory(&mut self, size: u32) -> u64 {
        self.memory.alloc(size as usize, true)
    }
}

/// The built-in host functions, for tests: `(symbol, function)`.
///
/// - `seen_print(ref) -> void`: appends the bytes of an `i8` array to the output.
/// - `seen_print_raw(ptr, i64) -> void`: appends bytes from memory.
/// - `seen_print_i64(i64) -> void`: appends the number in decimal and a newline.
/// - `seen_exit(i32) -> void`: stops with [`TrapKind::Exit`].
/// - `seen_abort() -> void`: stops with [`TrapKind::Abort`].
pub fn builtins() -> Vec<(&'static str, HostFn)> {
    vec![
        (
            "seen_print",
            Box::new(|cx: &mut HostContext<'_>, args: &[DataValue]| {
                let bytes = cx.array_bytes(args.first().unwrap_or(&DataValue::Void))?;
                cx.output.extend_from_slice(&bytes);
                Ok(DataValue::Void)
            }),
        ),
        (
            "seen_print_raw",
            Box::new(|cx: &mut HostContext<'_>, args: &[DataValue]| match args {
                [DataValue::Ptr(p), DataValue::I64(n)] => {
                    let bytes = cx.read_memory(*p, *n as u64)?;
                    cx.output.extend_from_slice(&bytes);
                    Ok(DataValue::Void)
                }
                _ => Err(TrapKind::Host("seen_print_raw takes (ptr, i64)".into()).into()),
            }),
        ),
        (
            "seen_print_i64",
            Box::new(|cx: &mut HostContext<'_>, args: &[DataValue]| {
                let n = args.first().and_then(DataValue::as_i64).unwrap_or(0);
                cx.output.extend_from_slice(format!("{n}\n").as_bytes());
                Ok(DataValue::Void)
            }),
        ),
        (
            "seen_exit",
            Box::new(|_: &mut HostContext<'_>, args: &[DataValue]| {
                let code = args.first().and_then(DataValue::as_i64).unwrap_or(0);
                Err(TrapKind::Exit(code as i32).into())
            }),
        ),
        (
            "seen_abort",
            Box::new(|_: &mut HostContext<'_>, _: &[DataValue]| Err(TrapKind::Abort.into())),
        ),
    ]
}
