//! The module: types, locations, globals, data and functions, and the
//! module-level builder methods that declare them.
//!
//! Every table is a `Vec` indexed by its entity ([`TypeId`], [`LocId`],
//! [`GlobalId`], [`DataId`], [`FuncId`]). Functions, globals and data items
//! share one namespace of `@` names; declared types have `%` names;
//! anonymous tuples are interned by their field types. Each `declare_`/`add_`
//! method panics with a sentence on misuse; its `try_` form returns a
//! [`BuildError`]. Next: `function.rs` (bodies), `builder/` (building them).

use crate::entity::{DataId, FuncId, GlobalId, LocId, TypeId};
use crate::error::BuildError;
use crate::function::Function;
use crate::types::{Type, TypeDecl, TypeKind, Variant};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A function signature: parameter types and a result type (`void` for none).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub struct Signature {
    /// Parameter types.
    pub params: Vec<Type>,
    /// Result type; [`Type::Void`] when the function returns nothing.
    pub ret: Type,
}

impl Signature {
    /// A signature from parameter types and a result type.
    pub fn new(params: impl Into<Vec<Type>>, ret: Type) -> Signature {
        Signature {
            params: params.into(),
            ret,
        }
    }
}

/// How a function is bound to the outside world.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Linkage {
    /// Defined here, visible only in this module.
    Local,
    /// Defined here and exported under a C symbol name.
    Export(String),
    /// Implemented elsewhere (the runtime, C, or an interpreter host
    /// function) under this symbol name; has no body.
    Import(String),
}

/// A function of the module.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct FuncDecl {
    /// The name (`@name` in text).
    pub name: String,
    /// Its signature.
    pub sig: Signature,
    /// Local, exported or imported.
    pub linkage: Linkage,
    /// A hint that inlining is wanted.
    pub inline: bool,
    /// The body; `None` for an import (and for a local function not yet built).
    pub body: Option<Function>,
}

/// A constant initialiser of a global.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum Const {
    /// All bits zero (any type).
    Zero,
    /// An integer (sign-extended from the type's width).
    Int(i64),
    /// Float bits (`f32` bits in the low 32 bits).
    Float(u64),
    /// A boolean.
    Bool(bool),
    /// The null `ref` or `weak`.
    Null,
    /// The address of a function (`ptr`).
    FuncAddr(FuncId),
    /// The address of a data item (`ptr`).
    DataAddr(DataId),
    /// A struct or tuple, one constant per field.
    Aggregate(Vec<Const>),
    /// An enum value: the variant index and its payload.
    Variant {
        /// Variant index.
        variant: u32,
        /// One constant per payload field.
        fields: Vec<Const>,
    },
}

/// A mutable global variable.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct GlobalDecl {
    /// The name (`@name`).
    pub name: String,
    /// Its type (any value type).
    pub ty: Type,
    /// Its initial value.
    pub init: Const,
}

/// Read-only data.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum DataKind {
    /// A byte string.
    Bytes(Vec<u8>),
    /// A table of function addresses (8 bytes each), e.g. a vtable.
    Funcs(Vec<FuncId>),
}

/// A read-only data item.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct DataDecl {
    /// The name (`@name`).
    pub name: String,
    /// Its contents.
    pub kind: DataKind,
}

/// A source location that panicking instructions name (`path:line:col`).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub struct SourceLoc {
    /// The source path.
    pub path: String,
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub col: u32,
}

/// What an `@` name refers to.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Symbol {
    /// A function.
    Func(FuncId),
    /// A global.
    Global(GlobalId),
    /// A data item.
    Data(DataId),
}

#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
struct ModuleData {
    name: String,
    types: Vec<TypeDecl>,
    locs: Vec<SourceLoc>,
    globals: Vec<GlobalDecl>,
    data: Vec<DataDecl>,
    functions: Vec<FuncDecl>,
}

#[derive(Clone, Debug, Default)]
struct Names {
    symbols: FxHashMap<String, Symbol>,
    types: FxHashMap<String, TypeId>,
    tuples: FxHashMap<Vec<Type>, TypeId>,
    locs: FxHashMap<SourceLoc, LocId>,
}

/// A Seen IR module.
#[derive(Clone, Debug, Default)]
pub struct Module {
    data: ModuleData,
    names: Names,
}

impl PartialEq for Module {
    fn eq(&self, other: &Module) -> bool {
        self.data == other.data
    }
}

impl Serialize for Module {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.data.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Module {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Module, D::Error> {
        Ok(Module::from_data(ModuleData::deserialize(deserializer)?))
    }
}

fn panic_on<T>(result: Result<T, BuildError>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

impl Module {
    /// An empty module.
    pub fn new(name: impl Into<String>) -> Module {
        Module {
            data: ModuleData {
                name: name.into(),
                ..ModuleData::default()
            },
            names: Names::default(),
        }
    }

    fn from_data(data: ModuleData) -> Module {
        let mut names = Names::default();
        for (i, t) in data.types.iter().enumerate() {
            let id = TypeId::new(i);
            match (&t.name, &t.kind) {
                (Some(n), _) => names.types.entry(n.clone()).or_insert(id),
                (None, TypeKind::Struct { fields }) => {
                    names.tuples.entry(fields.clone()).or_insert(id)
                }
                (None, _) => continue,
            };
        }
        let mut add = |name: &str, sym| {
            names.symbols.entry(name.to_string()).or_insert(sym);
        };
        for (i, f) in data.functions.iter().enumerate() {
            add(&f.name, Symbol::Func(FuncId::new(i)));
        }
        for (i, g) in data.globals.iter().enumerate() {
            add(&g.name, Symbol::Global(GlobalId::new(i)));
        }
        for (i, d) in data.data.iter().enumerate() {
            add(&d.name, Symbol::Data(DataId::new(i)));
        }
        for (i, l) in data.locs.iter().enumerate() {
            names.locs.entry(l.clone()).or_insert(LocId::new(i));
        }
        Module { data, names }
    }

    /// The module's name.
    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// Renames the module.
    pub fn set_name(&mut self, name: impl Into<String>) {
        self.data.name = name.into();
    }

    // ---------------------------------------------------------------- types

    /// The declared types, indexed by [`TypeId`].
    pub fn types(&self) -> &[TypeDecl] {
        &self.data.types
    }

    /// A declared type. Panics if out of range.
    pub fn type_decl(&self, id: TypeId) -> &TypeDecl {
        &self.data.types[id.index()]
    }

    /// A declared type, if the id is in range.
    pub fn get_type_decl(&self, id: TypeId) -> Option<&TypeDecl> {
        self.data.types.get(id.index())
    }

    /// The type declared with this name (without `%`).
    pub fn type_by_name(&self, name: &str) -> Option<TypeId> {
        self.names.types.get(name).copied()
    }

    /// Checks that `ty` may be the type of a value (a field, a parameter, a global).
    pub fn check_value_type(&self, ty: Type) -> Result<(), String> {
        match ty {
            Type::Void => Err("`void` is not a value type".into()),
            Type::Vector(v) if !v.is_valid() => Err(format!("{v:?} is not a valid vector type")),
            Type::Aggregate(id) => match self.get_type_decl(id) {
                None => Err(format!("{id} is not a declared type")),
                Some(decl) if !decl.is_value_type() => Err(format!(
                    "{} is an object layout, not a value type (use `ref`)",
                    self.display_type(ty)
                )),
                Some(_) => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn check_fields(&self, what: &str, fields: &[Type]) -> Result<(), BuildError> {
        for (i, &ty) in fields.iter().enumerate() {
            self.check_value_type(ty)
                .map_err(|e| BuildError::invalid(format!("field {i} of {what}: {e}")))?;
        }
        Ok(())
    }

    fn push_type(&mut self, decl: TypeDecl) -> Result<TypeId, BuildError> {
        let id = TypeId::new(self.data.types.len());
        if let Some(name) = &decl.name {
            if self.names.types.contains_key(name) {
                return Err(BuildError::DuplicateName {
                    name: format!("%{name}"),
                });
            }
            self.names.types.insert(name.clone(), id);
        }
        self.data.types.push(decl);
        Ok(id)
    }

    /// Declares `struct %name { fields }`.
    pub fn try_declare_struct(
        &mut self,
        name: &str,
        fields: &[Type],
    ) -> Result<TypeId, BuildError> {
        self.check_fields(&format!("`%{name}`"), fields)?;
        self.push_type(TypeDecl {
            name: Some(name.to_string()),
            kind: TypeKind::Struct {
                fields: fields.to_vec(),
            },
        })
    }

    /// Declares `struct %name { fields }`; panics on misuse.
    pub fn declare_struct(&mut self, name: &str, fields: &[Type]) -> TypeId {
        panic_on(self.try_declare_struct(name, fields))
    }

    /// The anonymous tuple type `{fields}` (interned: the same fields give the same type).
    pub fn try_tuple(&mut self, fields: &[Type]) -> Result<TypeId, BuildError> {
        if let Some(&id) = self.names.tuples.get(fields) {
            return Ok(id);
        }
        self.check_fields("a tuple", fields)?;
        let id = self.push_type(TypeDecl {
            name: None,
            kind: TypeKind::Struct {
                fields: fields.to_vec(),
            },
        })?;
        self.names.tuples.insert(fields.to_vec(), id);
        Ok(id)
    }

    /// The anonymous tuple type `{fields}`; panics on misuse.
    pub fn tuple(&mut self, fields: &[Type]) -> TypeId {
        panic_on(self.try_tuple(fields))
    }

    /// Declares `enum %name { variants }`.
    pub fn try_declare_enum(
        &mut self,
        name: &str,
        variants: Vec<Variant>,
    ) -> Result<TypeId, BuildError> {
        for (i, v) in variants.iter().enumerate() {
            self.check_fields(&format!("variant `{}` of `%{name}`", v.name), &v.fields)?;
            if variants[..i].iter().any(|w| w.name == v.name) {
                return Err(BuildError::invalid(format!(
                    "variant `{}` of `%{name}` is declared twice",
                    v.name
                )));
            }
        }
        self.push_type(TypeDecl {
            name: Some(name.to_string()),
            kind: TypeKind::Enum { variants },
        })
    }

    /// Declares `enum %name { variants }`; panics on misuse.
    pub fn declare_enum(&mut self, name: &str, variants: Vec<Variant>) -> TypeId {
        panic_on(self.try_declare_enum(name, variants))
    }

    /// Declares `object %name { fields } [deinit @f]`.
    pub fn try_declare_object(
        &mut self,
        name: &str,
        fields: &[Type],
        deinit: Option<FuncId>,
    ) -> Result<TypeId, BuildError> {
        self.check_fields(&format!("`%{name}`"), fields)?;
        if let Some(f) = deinit {
            self.check_deinit(f)?;
        }
        self.push_type(TypeDecl {
            name: Some(name.to_string()),
            kind: TypeKind::Object {
                fields: fields.to_vec(),
                deinit,
            },
        })
    }

    /// Declares `object %name { fields } [deinit @f]`; panics on misuse.
    pub fn declare_object(
        &mut self,
        name: &str,
        fields: &[Type],
        deinit: Option<FuncId>,
    ) -> TypeId {
        panic_on(self.try_declare_object(name, fields, deinit))
    }

    fn check_deinit(&self, f: FuncId) -> Result<(), BuildError> {
        let decl = self
            .get_func(f)
            .ok_or_else(|| BuildError::invalid(format!("deinit {f} is not a declared function")))?;
        if decl.sig != Signature::new([Type::Ref], Type::Void) {
            return Err(BuildError::invalid(format!(
                "deinit `@{}` must have the signature (ref) -> void",
                decl.name
            )));
        }
        Ok(())
    }

    /// Sets the deinit function of an object type (declared before its deinit).
    pub fn try_set_deinit(&mut self, ty: TypeId, deinit: FuncId) -> Result<(), BuildError> {
        self.check_deinit(deinit)?;
        match self.data.types.get_mut(ty.index()).map(|t| &mut t.kind) {
            Some(TypeKind::Object { deinit: d, .. }) => {
                *d = Some(deinit);
                Ok(())
            }
            _ => Err(BuildError::invalid(format!("{ty} is not an object type"))),
        }
    }

    /// Sets the deinit function of an object type; panics on misuse.
    pub fn set_deinit(&mut self, ty: TypeId, deinit: FuncId) {
        panic_on(self.try_set_deinit(ty, deinit))
    }

    /// The text form of a type (`i32`, `%Point`, `{i32, i64}`).
    pub fn display_type(&self, ty: Type) -> String {
        let mut out = String::new();
        self.write_type(&mut out, ty, 0);
        out
    }

    fn write_type(&self, out: &mut String, ty: Type, depth: usize) {
        let Type::Aggregate(id) = ty else {
            out.push_str(&ty.scalar_name().unwrap_or_default());
            return;
        };
        match self.get_type_decl(id) {
            Some(TypeDecl {
                name: Some(name), ..
            }) => {
                out.push('%');
                out.push_str(&crate::text::quote_name(name));
            }
            Some(TypeDecl {
                name: None,
                kind: TypeKind::Struct { fields },
            }) if depth < 32 => {
                out.push('{');
                for (i, &f) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write_type(out, f, depth + 1);
                }
                out.push('}');
            }
            _ => out.push_str(&format!("%{}", id.0)),
        }
    }

    // ------------------------------------------------------------- locations

    /// The source locations, indexed by [`LocId`].
    pub fn locs(&self) -> &[SourceLoc] {
        &self.data.locs
    }

    /// A source location, if the id is in range.
    pub fn get_loc(&self, id: LocId) -> Option<&SourceLoc> {
        self.data.locs.get(id.index())
    }

    /// Adds a location (the same location twice gives the same id).
    pub fn add_loc(&mut self, path: &str, line: u32, col: u32) -> LocId {
        let loc = SourceLoc {
            path: path.to_string(),
            line,
            col,
        };
        if let Some(&id) = self.names.locs.get(&loc) {
            return id;
        }
        let id = LocId::new(self.data.locs.len());
        self.names.locs.insert(loc.clone(), id);
        self.data.locs.push(loc);
        id
    }

    pub(crate) fn push_loc_unchecked(&mut self, loc: SourceLoc) -> LocId {
        let id = LocId::new(self.data.locs.len());
        self.names.locs.entry(loc.clone()).or_insert(id);
        self.data.locs.push(loc);
        id
    }

    // ------------------------------------------------------- symbols

    /// What an `@` name refers to.
    pub fn symbol(&self, name: &str) -> Option<Symbol> {
        self.names.symbols.get(name).copied()
    }

    fn claim_name(&mut self, name: &str, sym: Symbol) -> Result<(), BuildError> {
        if self.names.symbols.contains_key(name) {
            return Err(BuildError::DuplicateName {
                name: format!("@{name}"),
            });
        }
        self.names.symbols.insert(name.to_string(), sym);
        Ok(())
    }

    /// The globals, indexed by [`GlobalId`].
    pub fn globals(&self) -> &[GlobalDecl] {
        &self.data.globals
    }

    /// A global, if the id is in range.
    pub fn get_global(&self, id: GlobalId) -> Option<&GlobalDecl> {
        self.data.globals.get(id.index())
    }

    /// Adds a mutable global `@name: ty = init`.
    pub fn try_add_global(
        &mut self,
        name: &str,
        ty: Type,
        init: Const,
    ) -> Result<GlobalId, BuildError> {
        self.check_value_type(ty)
            .map_err(|e| BuildError::invalid(format!("global `@{name}`: {e}")))?;
        crate::verifier::check_const(self, ty, &init, 0)
            .map_err(|e| BuildError::invalid(format!("global `@{name}`: {e}")))?;
        let id = GlobalId::new(self.data.globals.len());
        self.claim_name(name, Symbol::Global(id))?;
        self.data.globals.push(GlobalDecl {
            name: name.to_string(),
            ty,
            init,
        });
        Ok(id)
    }

    /// Adds a mutable global; panics on misuse.
    pub fn add_global(&mut self, name: &str, ty: Type, init: Const) -> GlobalId {
        panic_on(self.try_add_global(name, ty, init))
    }

    /// The data items, indexed by [`DataId`].
    pub fn data_items(&self) -> &[DataDecl] {
        &self.data.data
    }

    /// A data item, if the id is in range.
    pub fn get_data(&self, id: DataId) -> Option<&DataDecl> {
        self.data.data.get(id.index())
    }

    /// Adds a read-only data item.
    pub fn try_add_data(&mut self, name: &str, kind: DataKind) -> Result<DataId, BuildError> {
        if let DataKind::Funcs(funcs) = &kind {
            if let Some(f) = funcs.iter().find(|f| self.get_func(**f).is_none()) {
                return Err(BuildError::invalid(format!(
                    "data `@{name}` names {f}, which is not a declared function"
                )));
            }
        }
        let id = DataId::new(self.data.data.len());
        self.claim_name(name, Symbol::Data(id))?;
        self.data.data.push(DataDecl {
            name: name.to_string(),
            kind,
        });
        Ok(id)
    }

    /// Adds a read-only data item; panics on misuse.
    pub fn add_data(&mut self, name: &str, kind: DataKind) -> DataId {
        panic_on(self.try_add_data(name, kind))
    }

    // ------------------------------------------------------------ functions

    /// The functions, indexed by [`FuncId`].
    pub fn funcs(&self) -> &[FuncDecl] {
        &self.data.functions
    }

    /// A function. Panics if out of range.
    pub fn func(&self, id: FuncId) -> &FuncDecl {
        &self.data.functions[id.index()]
    }

    /// A function, if the id is in range.
    pub fn get_func(&self, id: FuncId) -> Option<&FuncDecl> {
        self.data.functions.get(id.index())
    }

    /// The function with this name (without `@`).
    pub fn func_by_name(&self, name: &str) -> Option<FuncId> {
        match self.symbol(name)? {
            Symbol::Func(f) => Some(f),
            _ => None,
        }
    }

    /// Declares a function; give it a body with a
    /// [`FunctionBuilder`](crate::FunctionBuilder) unless it is imported.
    pub fn try_declare_function(
        &mut self,
        name: &str,
        sig: Signature,
        linkage: Linkage,
    ) -> Result<FuncId, BuildError> {
        for (i, &p) in sig.params.iter().enumerate() {
            self.check_value_type(p)
                .map_err(|e| BuildError::invalid(format!("parameter {i} of `@{name}`: {e}")))?;
        }
        if sig.ret != Type::Void {
            self.check_value_type(sig.ret)
                .map_err(|e| BuildError::invalid(format!("result of `@{name}`: {e}")))?;
        }
        let id = FuncId::new(self.data.functions.len());
        self.claim_name(name, Symbol::Func(id))?;
        self.data.functions.push(FuncDecl {
            name: name.to_string(),
            sig,
            linkage,
            inline: false,
            body: None,
        });
        Ok(id)
    }

    /// Declares a function; panics on misuse.
    pub fn declare_function(&mut self, name: &str, sig: Signature, linkage: Linkage) -> FuncId {
        panic_on(self.try_declare_function(name, sig, linkage))
    }

    /// Sets the `inline` hint of a function.
    pub fn try_set_inline(&mut self, func: FuncId, inline: bool) -> Result<(), BuildError> {
        match self.data.functions.get_mut(func.index()) {
            Some(decl) => {
                decl.inline = inline;
                Ok(())
            }
            None => Err(BuildError::invalid(format!(
                "{func} is not a declared function"
            ))),
        }
    }

    /// Sets the `inline` hint of a function; panics if it is not declared.
    pub fn set_inline(&mut self, func: FuncId, inline: bool) {
        panic_on(self.try_set_inline(func, inline))
    }

    /// Gives a function a body (replacing any). Fails for an import.
    pub fn try_define_function(&mut self, func: FuncId, body: Function) -> Result<(), BuildError> {
        let decl = self
            .data
            .functions
            .get_mut(func.index())
            .ok_or_else(|| BuildError::invalid(format!("{func} is not a declared function")))?;
        if let Linkage::Import(_) = decl.linkage {
            return Err(BuildError::invalid(format!(
                "`@{}` is imported, so it cannot have a body",
                decl.name
            )));
        }
        decl.body = Some(body);
        Ok(())
    }

    /// The body of a function, mutably (for passes and tools).
    pub fn body_mut(&mut self, func: FuncId) -> Option<&mut Function> {
        self.data.functions.get_mut(func.index())?.body.as_mut()
    }

    /// Takes a function's body out (to edit it while reading the module).
    pub(crate) fn take_body(&mut self, func: FuncId) -> Option<Function> {
        self.data.functions.get_mut(func.index())?.body.take()
    }

    /// Puts a body back after `take_body`.
    pub(crate) fn put_body(&mut self, func: FuncId, body: Function) {
        self.data.functions[func.index()].body = Some(body);
    }

    // ------------------------------------------------------- parser support

    /// Pushes a type declaration without checks (the parser resolves names
    /// first and leaves checking to the verifier).
    pub(crate) fn push_type_unchecked(&mut self, decl: TypeDecl) -> TypeId {
        let id = TypeId::new(self.data.types.len());
        match (&decl.name, &decl.kind) {
            (Some(n), _) => {
                self.names.types.entry(n.clone()).or_insert(id);
            }
            (None, TypeKind::Struct { fields }) => {
                self.names.tuples.entry(fields.clone()).or_insert(id);
            }
            (None, _) => {}
        }
        self.data.types.push(decl);
        id
    }

    /// Replaces a declaration pushed by `push_type_unchecked`.
    pub(crate) fn set_type_unchecked(&mut self, id: TypeId, decl: TypeDecl) {
        if let (None, TypeKind::Struct { fields }) = (&decl.name, &decl.kind) {
            self.names.tuples.entry(fields.clone()).or_insert(id);
        }
        self.data.types[id.index()] = decl;
    }

    /// The interned tuple with these fields, if any.
    pub(crate) fn find_tuple(&self, fields: &[Type]) -> Option<TypeId> {
        self.names.tuples.get(fields).copied()
    }

    /// Pushes items without checks (the parser; the verifier checks them).
    pub(crate) fn push_global_unchecked(&mut self, decl: GlobalDecl) {
        let id = GlobalId::new(self.data.globals.len());
        self.names
            .symbols
            .entry(decl.name.clone())
            .or_insert(Symbol::Global(id));
        self.data.globals.push(decl);
    }

    pub(crate) fn push_data_unchecked(&mut self, decl: DataDecl) {
        let id = DataId::new(self.data.data.len());
        self.names
            .symbols
            .entry(decl.name.clone())
            .or_insert(Symbol::Data(id));
        self.data.data.push(decl);
    }

    pub(crate) fn push_func_unchecked(&mut self, decl: FuncDecl) {
        let id = FuncId::new(self.data.functions.len());
        self.names
            .symbols
            .entry(decl.name.clone())
            .or_insert(Symbol::Func(id));
        self.data.functions.push(decl);
    }

    pub(crate) fn func_mut(&mut self, id: FuncId) -> &mut FuncDecl {
        &mut self.data.functions[id.index()]
    }

    /// Rebuilds the name indexes (after the parser edited tables in place).
    pub(crate) fn reindex(self) -> Module {
        Module::from_data(self.data)
    }

    pub(crate) fn global_mut(&mut self, id: GlobalId) -> &mut GlobalDecl {
        &mut self.data.globals[id.index()]
    }

    pub(crate) fn data_mut(&mut self, id: DataId) -> &mut DataDecl {
        &mut self.data.data[id.index()]
    }

    pub(crate) fn loc_mut(&mut self, id: LocId) -> &mut SourceLoc {
        &mut self.data.locs[id.index()]
    }
}

impl std::fmt::Display for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::text::print(self))
    }
}
