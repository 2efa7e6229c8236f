//! The interpreter: runs functions of a verified module.
//!
//! It is the reference semantics that compiled code is compared against,
//! and the compile-time evaluator. Pure instructions are evaluated by
//! `ops.rs`; the heap (`heap.rs`) implements objects, arrays, counts, weak
//! references, deinit and drop glue derived from layouts; raw memory
//! (`memory.rs`) holds globals, data and stack slots; imported functions
//! run as registered host functions (`host.rs`; `runtime/` has those of
//! the C runtime, for programs the lowering produced). Calls between IR functions
//! use an explicit frame stack, so deep recursion in the program does not
//! grow the host's stack; a deinit run by `release` nests one level.
//!
//! ```
//! use seen_ir::{parse, interp::{Interpreter, DataValue}};
//! let m = parse("fn @twice(i32) -> i32 {\nblock0(v0: i32):\n    v1 = iadd v0, v0\n    ret v1\n}\n").unwrap();
//! let mut i = Interpreter::new(&m);
//! assert_eq!(i.call("twice", &[DataValue::I32(21)]), Ok(DataValue::I32(42)));
//! ```

mod exec;
mod heap;
mod host;
mod memory;
mod ops;
pub mod runtime;
mod trap;
mod value;

pub use heap::{Leak, ObjKind};
pub use host::{HostContext, HostFn, builtins};
pub use ops::vector;
pub use runtime::{exit_status, runtime_hosts};
pub use trap::{Trap, TrapKind};
pub use value::{DataValue, ObjRef};

pub(crate) use ops::eval_pure;

use crate::entity::{FuncId, Inst};
use crate::module::{Const, DataKind, Module};
use crate::types::Type;
use heap::Heap;
use memory::Memory;
use rustc_hash::FxHashMap;

/// Deepest nesting of deinit calls inside `release`.
const MAX_NESTED: usize = 200;

/// Runs functions of one module.
pub struct Interpreter<'m> {
    module: &'m Module,
    invalid: Option<String>,
    heap: Heap,
    memory: Memory,
    globals: Vec<u64>,
    data: Vec<u64>,
    hosts: FxHashMap<String, HostFn>,
    output: Vec<u8>,
    errors: Vec<u8>,
    step_limit: Option<u64>,
    steps: u64,
    max_depth: usize,
    frames: Vec<exec::Frame>,
    nested: usize,
    strings: FxHashMap<(FuncId, Inst), ObjRef>,
}

impl<'m> Interpreter<'m> {
    /// An interpreter for `module`, with the [`builtins`] registered. The
    /// module is verified here; if it does not verify, every call fails
    /// with [`TrapKind::InvalidCall`] listing the errors.
    pub fn new(module: &'m Module) -> Interpreter<'m> {
        let mut interp = Interpreter {
            module,
            invalid: crate::verify(module).err().map(|e| e.to_string()),
            heap: Heap::default(),
            memory: Memory::default(),
            globals: Vec::new(),
            data: Vec::new(),
            hosts: FxHashMap::default(),
            output: Vec::new(),
            errors: Vec::new(),
            step_limit: None,
            steps: 0,
            max_depth: 10_000,
            frames: Vec::new(),
            nested: 0,
            strings: FxHashMap::default(),
        };
        for (name, f) in builtins() {
            interp.hosts.insert(name.to_string(), f);
        }
        if interp.invalid.is_none() {
            interp.init_memory();
        }
        interp
    }

    fn init_memory(&mut self) {
        let m = self.module;
        for d in m.data_items() {
            let bytes: Vec<u8> = match &d.kind {
                DataKind::Bytes(b) => b.clone(),
                DataKind::Funcs(fs) => fs
                    .iter()
                    .flat_map(|&f| memory::func_addr(f).to_le_bytes())
                    .collect(),
            };
            let addr = self.memory.alloc(bytes.len(), false);
            let _ = self.memory.init(addr, &bytes);
            self.data.push(addr);
        }
        for g in m.globals() {
            let size = m.layout_of(g.ty).map_or(0, |l| l.size as usize);
            let addr = self.memory.alloc(size, true);
            let value = self.const_value(g.ty, &g.init, 0);
            let mut bytes = vec![0; size];
            memory::encode(m, g.ty, &value, &mut bytes);
            let _ = self.memory.write(addr, &bytes);
            self.globals.push(addr);
        }
    }

    fn const_value(&self, ty: Type, c: &Const, depth: usize) -> DataValue {
        let m = self.module;
        match c {
            Const::Int(i) => DataValue::from_int(ty.bits().unwrap_or(64), *i as u64),
            Const::Float(bits) if ty == Type::F32 => DataValue::F32(f32::from_bits(*bits as u32)),
            Const::Float(bits) => DataValue::F64(f64::from_bits(*bits)),
            Const::Bool(b) => DataValue::Bool(*b),
            Const::Null if ty == Type::Weak => DataValue::Weak(None),
            Const::Null => DataValue::Ref(None),
            Const::FuncAddr(f) => DataValue::Ptr(memory::func_addr(*f)),
            Const::DataAddr(d) => DataValue::Ptr(self.data.get(d.index()).copied().unwrap_or(0)),
            Const::Zero => DataValue::zero(m, ty),
            _ if depth > 64 => DataValue::Void,
            Const::Aggregate(items) => {
                let Type::Aggregate(id) = ty else {
                    return DataValue::Void;
                };
                let tys = m.get_type_decl(id).and_then(|d| d.fields()).unwrap_or(&[]);
                DataValue::Struct(
                    tys.iter()
                        .zip(items)
                        .map(|(&t, c)| self.const_value(t, c, depth + 1))
                        .collect(),
                )
            }
            Const::Variant { variant, fields } => {
                let Type::Aggregate(id) = ty else {
                    return DataValue::Void;
                };
                let variants = m
                    .get_type_decl(id)
                    .and_then(|d| d.variants())
                    .unwrap_or(&[]);
                let tys = variants
                    .get(*variant as usize)
                    .map_or(&[][..], |v| &v.fields);
                DataValue::Enum(
                    *variant,
                    tys.iter()
                        .zip(fields)
                        .map(|(&t, c)| self.const_value(t, c, depth + 1))
                        .collect(),
                )
            }
        }
    }

    /// Registers (or replaces) the host function for an imported symbol.
    pub fn register_host(
        &mut self,
        symbol: &str,
        f: impl FnMut(&mut HostContext<'_>, &[DataValue]) -> Result<DataValue, Trap> + 'static,
    ) {
        self.hosts.insert(symbol.to_string(), Box::new(f));
    }

    /// Stops a call after `limit` instructions (counted from the start of
    /// each top-level call) with [`TrapKind::StepLimit`]; `None` for no limit.
    pub fn set_step_limit(&mut self, limit: Option<u64>) {
        self.step_limit = limit;
    }

    /// Sets the deepest call nesting before [`TrapKind::StackOverflow`] (default 10 000).
    pub fn set_max_depth(&mut self, depth: usize) {
        self.max_depth = depth;
    }

    /// Instructions executed by the last top-level call.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// What the program printed through host functions.
    pub fn output(&self) -> &[u8] {
        &self.output
    }

    /// Takes the output, leaving it empty.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }

    /// What the program wrote to standard error through host functions.
    pub fn error_output(&self) -> &[u8] {
        &self.errors
    }

    /// Registers the host functions of the C runtime ([`runtime_hosts`]),
    /// so that the interpreter runs modules the lowering produced.
    pub fn register_runtime(&mut self) {
        for (name, f) in runtime_hosts() {
            self.hosts.insert(name.to_string(), f);
        }
    }

    /// Objects and arrays never freed: those still counted, and dropped
    /// ones whose memory weak references still hold. Static strings are
    /// immortal and not reported.
    pub fn leaks(&self) -> Vec<Leak> {
        self.heap.leaks()
    }

    /// The number of live (not yet dropped) objects and arrays.
    pub fn live_objects(&self) -> usize {
        self.heap.live_count()
    }

    /// The strong count of an object (0 once dropped).
    pub fn strong_count(&self, r: ObjRef) -> u32 {
        self.heap.strong_count(r)
    }

    /// Calls the function named `name` (without `@`).
    pub fn call(&mut self, name: &str, args: &[DataValue]) -> Result<DataValue, Trap> {
        let f = self
            .module
            .func_by_name(name)
            .ok_or_else(|| TrapKind::InvalidCall(format!("no function is named `@{name}`")))?;
        self.call_func(f, args)
    }

    /// Calls a function by id.
    pub fn call_func(&mut self, f: FuncId, args: &[DataValue]) -> Result<DataValue, Trap> {
        if let Some(e) = &self.invalid {
            return Err(TrapKind::InvalidCall(format!("the module does not verify:\n{e}")).into());
        }
        let decl = self
            .module
            .get_func(f)
            .ok_or_else(|| TrapKind::InvalidCall(format!("{f} is not a function of the module")))?;
        let types: Vec<Type> = args.iter().map(|a| self.type_of(a)).collect();
        let matches = types.len() == decl.sig.params.len()
            && types
                .iter()
                .zip(&decl.sig.params)
                .all(|(&t, &p)| t == p || matches!(t, Type::Aggregate(_)));
        if !matches {
            let shown: Vec<String> = types.iter().map(|&t| self.module.display_type(t)).collect();
            let msg = format!(
                "`@{}` takes {:?}, given ({})",
                decl.name,
                decl.sig,
                shown.join(", ")
            );
            return Err(TrapKind::InvalidCall(msg).into());
        }
        if self.frames.is_empty() {
            self.steps = 0;
        }
        self.invoke(f, args.to_vec())
    }

    /// The type of a scalar or vector value (aggregates give a placeholder).
    fn type_of(&self, v: &DataValue) -> Type {
        match v {
            DataValue::Void => Type::Void,
            DataValue::Bool(_) => Type::Bool,
            DataValue::I8(_) => Type::I8,
            DataValue::I16(_) => Type::I16,
            DataValue::I32(_) => Type::I32,
            DataValue::I64(_) => Type::I64,
            DataValue::F32(_) => Type::F32,
            DataValue::F64(_) => Type::F64,
            DataValue::Ptr(_) => Type::Ptr,
            DataValue::Ref(_) => Type::Ref,
            DataValue::Weak(_) => Type::Weak,
            DataValue::Vector(lanes) => {
                let lane = lanes.first().map_or(Type::Void, |l| self.type_of(l));
                lane.by(lanes.len() as u32).unwrap_or(Type::Void)
            }
            DataValue::Struct(_) | DataValue::Enum(..) => {
                Type::Aggregate(crate::entity::TypeId(u32::MAX))
            }
        }
    }
}
