//! Top-level items: the prescan, types, locations, globals, data and
//! function headers. Bodies are in `body.rs`.

use super::{ItemKey, ItemKind, PResult, Parser};
use crate::entity::{DataId, FuncId, GlobalId, LocId, TypeId};
use crate::module::{
    Const, DataDecl, DataKind, FuncDecl, GlobalDecl, Linkage, Signature, SourceLoc, Symbol,
};
use crate::text::lexer::Tok;
use crate::types::{Type, TypeDecl, TypeKind, Variant};
use crate::typing::sext;

/// Deepest nesting of tuple types and constants.
const MAX_DEPTH: usize = 64;

impl Parser {
    /// Finds every top-level item, gives it an id and a placeholder entry.
    pub(super) fn prescan(&mut self) -> Vec<(ItemKind, usize)> {
        let mut items = Vec::new();
        let mut depth = 0usize;
        while *self.tok() != Tok::Eof {
            let start = self.pos;
            match self.bump() {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => depth = depth.saturating_sub(1),
                Tok::Word(w) if depth == 0 => {
                    if let Some(kind) = self.declare_item(&w) {
                        items.push((kind, start));
                    }
                }
                _ => {}
            }
        }
        self.pos = 0;
        items
    }

    fn declare_item(&mut self, word: &str) -> Option<ItemKind> {
        let name = match self.tok().clone() {
            Tok::At(n) | Tok::Percent(n) => n,
            _ => String::new(),
        };
        Some(match word {
            "module" => ItemKind::Module,
            "tuple" => ItemKind::Tuple(self.m.push_type_unchecked(placeholder_type(None))),
            "struct" | "enum" | "object" => {
                let id = self
                    .m
                    .push_type_unchecked(placeholder_type(Some(name.clone())));
                self.types.entry(name).or_insert(id);
                ItemKind::Named(id)
            }
            "global" => {
                let id = GlobalId::new(self.m.globals().len());
                self.symbols
                    .entry(name.clone())
                    .or_insert(Symbol::Global(id));
                self.m.push_global_unchecked(GlobalDecl {
                    name,
                    ty: Type::Void,
                    init: Const::Zero,
                });
                ItemKind::Global(id)
            }
            "data" => {
                let id = DataId::new(self.m.data_items().len());
                self.symbols.entry(name.clone()).or_insert(Symbol::Data(id));
                self.m.push_data_unchecked(DataDecl {
                    name,
                    kind: DataKind::Bytes(Vec::new()),
                });
                ItemKind::Data(id)
            }
            "fn" => {
                let id = FuncId::new(self.m.funcs().len());
                self.symbols.entry(name.clone()).or_insert(Symbol::Func(id));
                self.m.push_func_unchecked(FuncDecl {
                    name,
                    sig: Signature::new([], Type::Void),
                    linkage: Linkage::Local,
                    inline: false,
                    body: None,
                });
                ItemKind::Func(id)
            }
            w if super::entity_number(w, "loc").is_some() && *self.tok() == Tok::Punct('=') => {
                let id = self.m.push_loc_unchecked(SourceLoc {
                    path: String::new(),
                    line: 0,
                    col: 0,
                });
                self.locs.entry(w.to_string()).or_insert(id);
                ItemKind::Loc(id)
            }
            _ => return None,
        })
    }

    /// Parses every item, in dependency order, and checks that nothing is
    /// left between items.
    pub(super) fn items(&mut self, items: &[(ItemKind, usize)]) {
        let mut ends = vec![None; items.len()];
        let mut bodies = Vec::new();
        let phases: [fn(&ItemKind) -> bool; 5] = [
            |k| matches!(k, ItemKind::Tuple(_) | ItemKind::Module),
            |k| matches!(k, ItemKind::Named(_)),
            |k| matches!(k, ItemKind::Loc(_)),
            |k| matches!(k, ItemKind::Func(_)),
            |k| matches!(k, ItemKind::Global(_) | ItemKind::Data(_)),
        ];
        for phase in phases {
            for (i, (kind, start)) in items.iter().enumerate() {
                if phase(kind) {
                    self.pos = *start;
                    ends[i] = self.item(*kind).ok();
                    if let (ItemKind::Func(f), Some(_)) = (kind, ends[i]) {
                        bodies.push((i, *f));
                    }
                }
            }
        }
        for (i, f) in bodies {
            self.pos = ends[i].unwrap_or(self.pos);
            ends[i] = self.body_opt(f).ok();
        }
        for (i, end) in ends.iter().enumerate() {
            let next = items.get(i + 1).map_or(self.toks.len() - 1, |it| it.1);
            if let Some(end) = *end {
                if end != next {
                    self.pos = end;
                    let found = self.describe();
                    self.error(format!(
                        "expected the next item (`fn`, `struct`, `global`...), found {found}"
                    ));
                }
            }
        }
        let first = items.first().map_or(self.toks.len() - 1, |it| it.1);
        if first != 0 {
            self.pos = 0;
            let found = self.describe();
            self.error(format!(
                "expected an item (`module`, `fn`, `struct`, `global`...), found {found}"
            ));
        }
    }

    /// Parses one item (a function's header only); gives the position after it.
    fn item(&mut self, kind: ItemKind) -> PResult<usize> {
        let line = self.line();
        self.bump();
        match kind {
            ItemKind::Module => {
                let name = self.utf8_string("the module name (a string)")?;
                self.m.set_name(name);
            }
            ItemKind::Tuple(id) => self.tuple_item(id)?,
            ItemKind::Named(id) => self.named_type(id, line)?,
            ItemKind::Loc(id) => self.loc_item(id, line)?,
            ItemKind::Global(id) => self.global_item(id, line)?,
            ItemKind::Data(id) => self.data_item(id, line)?,
            ItemKind::Func(id) => self.func_header(id, line)?,
        }
        Ok(self.pos)
    }

    fn tuple_item(&mut self, id: TypeId) -> PResult<()> {
        self.positions.items.insert(ItemKey::Type(id), self.line());
        let fields = self.type_list('{', '}', 0)?;
        if self.m.find_tuple(&fields).is_some() {
            let shown = self
                .m
                .display_type(Type::Aggregate(self.m.find_tuple(&fields).unwrap_or(id)));
            return Err(self.error(format!("tuple {shown} is declared twice, or after a use")));
        }
        self.m.set_type_unchecked(
            id,
            TypeDecl {
                name: None,
                kind: TypeKind::Struct { fields },
            },
        );
        Ok(())
    }

    fn named_type(&mut self, id: TypeId, line: u32) -> PResult<()> {
        self.positions.items.insert(ItemKey::Type(id), line);
        let keyword = match &self.toks[self.pos - 1].tok {
            Tok::Word(w) => w.clone(),
            _ => String::new(),
        };
        let Tok::Percent(name) = self.bump() else {
            self.pos -= 1;
            return Err(self.expected("a type name (`%Name`)"));
        };
        if self.types.get(&name) != Some(&id) {
            self.pos -= 1;
            return Err(self.error(format!("the type `%{name}` is already declared")));
        }
        let kind = match keyword.as_str() {
            "enum" => TypeKind::Enum {
                variants: self.variants()?,
            },
            "object" => {
                let fields = self.type_list('{', '}', 0)?;
                let deinit = if self.eat_word("deinit") {
                    Some(self.func_ref()?)
                } else {
                    None
                };
                TypeKind::Object { fields, deinit }
            }
            _ => TypeKind::Struct {
                fields: self.type_list('{', '}', 0)?,
            },
        };
        self.m.set_type_unchecked(
            id,
            TypeDecl {
                name: Some(name),
                kind,
            },
        );
        Ok(())
    }

    fn variants(&mut self) -> PResult<Vec<Variant>> {
        self.expect_punct('{')?;
        let mut out = Vec::new();
        while !self.eat_punct('}') {
            if !out.is_empty() {
                self.expect_punct(',')?;
            }
            let name = self.name("a variant name")?;
            let fields = if self.is_punct('(') {
                self.type_list('(', ')', 0)?
            } else {
                Vec::new()
            };
            out.push(Variant { name, fields });
        }
        Ok(out)
    }

    /// A bare or quoted name (variant names).
    pub(super) fn name(&mut self, what: &str) -> PResult<String> {
        match self.tok().clone() {
            Tok::Word(w) => {
                self.bump();
                Ok(w)
            }
            Tok::Str(_) => self.utf8_string(what),
            _ => Err(self.expected(what)),
        }
    }

    /// `open T, T, ... close`.
    pub(super) fn type_list(
        &mut self,
        open: char,
        close: char,
        depth: usize,
    ) -> PResult<Vec<Type>> {
        self.expect_punct(open)?;
        let mut out = Vec::new();
        while !self.eat_punct(close) {
            if !out.is_empty() {
                self.expect_punct(',')?;
            }
            out.push(self.ty(depth)?);
        }
        Ok(out)
    }

    /// A type: `i32`, `v4xf32`, `%Name`, `{T, ...}`.
    pub(super) fn ty(&mut self, depth: usize) -> PResult<Type> {
        match self.tok().clone() {
            Tok::Word(w) => match Type::from_name(&w) {
                Some(t) => {
                    self.bump();
                    Ok(t)
                }
                None => Err(self.error(format!("`{w}` is not a type"))),
            },
            Tok::Percent(name) => match self.types.get(&name) {
                Some(&id) => {
                    self.bump();
                    Ok(Type::Aggregate(id))
                }
                None => Err(self.error(format!("the type `%{name}` is not declared"))),
            },
            Tok::Punct('{') if depth < MAX_DEPTH => {
                let fields = self.type_list('{', '}', depth + 1)?;
                let id = match self.m.find_tuple(&fields) {
                    Some(id) => id,
                    None => self.m.push_type_unchecked(TypeDecl {
                        name: None,
                        kind: TypeKind::Struct { fields },
                    }),
                };
                Ok(Type::Aggregate(id))
            }
            Tok::Punct('{') => Err(self.error("tuple types are nested too deeply")),
            _ => Err(self.expected("a type")),
        }
    }

    fn loc_item(&mut self, id: LocId, line: u32) -> PResult<()> {
        self.positions.items.insert(ItemKey::Loc(id), line);
        self.expect_punct('=')?;
        let path = self.utf8_string("a path (a string)")?;
        let line = self.int::<u32>("line number")?;
        self.expect_punct(':')?;
        let col = self.int::<u32>("column number")?;
        *self.m.loc_mut(id) = SourceLoc { path, line, col };
        Ok(())
    }

    fn global_item(&mut self, id: GlobalId, line: u32) -> PResult<()> {
        self.positions.items.insert(ItemKey::Global(id), line);
        self.own_symbol(Symbol::Global(id))?;
        self.expect_punct(':')?;
        let ty = self.ty(0)?;
        self.expect_punct('=')?;
        let init = self.constant(ty, 0)?;
        let g = self.m.global_mut(id);
        g.ty = ty;
        g.init = init;
        Ok(())
    }

    /// Checks that the `@name` here is the one declared by this item.
    fn own_symbol(&mut self, sym: Symbol) -> PResult<()> {
        let Tok::At(name) = self.tok().clone() else {
            return Err(self.expected("a `@` name"));
        };
        if self.symbols.get(&name) != Some(&sym) {
            return Err(self.error(format!("the name `@{name}` is already declared")));
        }
        self.bump();
        Ok(())
    }

    /// A constant of type `ty`.
    fn constant(&mut self, ty: Type, depth: usize) -> PResult<Const> {
        if depth > MAX_DEPTH {
            return Err(self.error("constant is nested too deeply"));
        }
        if self.eat_word("zero") {
            return Ok(Const::Zero);
        }
        if self.eat_word("null") {
            return Ok(Const::Null);
        }
        if self.eat_word("true") || self.eat_word("false") {
            return Ok(Const::Bool(
                self.toks[self.pos - 1].tok == Tok::Word("true".into()),
            ));
        }
        match (self.tok().clone(), ty) {
            (Tok::At(_), _) => match self.symbol()? {
                Symbol::Func(f) => Ok(Const::FuncAddr(f)),
                Symbol::Data(d) => Ok(Const::DataAddr(d)),
                Symbol::Global(_) => Err(self.error("a global's address is not a constant")),
            },
            (_, t) if t.is_int() => {
                let bits = t.bits().unwrap_or(64);
                let v = self.int::<i128>("integer")?;
                self.fit_int(v, bits).map(Const::Int)
            }
            (_, t) if t.is_float() => self.float(t).map(Const::Float),
            (Tok::Punct('{'), Type::Aggregate(id)) => {
                let fields = self
                    .m
                    .get_type_decl(id)
                    .and_then(|d| d.fields())
                    .map(<[Type]>::to_vec);
                let fields = fields.unwrap_or_default();
                self.const_list('{', '}', &fields, depth)
                    .map(Const::Aggregate)
            }
            (Tok::Word(_) | Tok::Str(_) | Tok::Number(_), Type::Aggregate(id)) => {
                self.variant_const(id, depth)
            }
            _ => Err(self.expected(&format!("a constant of type {}", self.m.display_type(ty)))),
        }
    }

    fn const_list(
        &mut self,
        open: char,
        close: char,
        tys: &[Type],
        depth: usize,
    ) -> PResult<Vec<Const>> {
        self.expect_punct(open)?;
        let mut out = Vec::new();
        while !self.eat_punct(close) {
            if !out.is_empty() {
                self.expect_punct(',')?;
            }
            let ty = tys.get(out.len()).copied().unwrap_or(Type::Void);
            out.push(self.constant(ty, depth + 1)?);
        }
        Ok(out)
    }

    fn variant_const(&mut self, id: TypeId, depth: usize) -> PResult<Const> {
        let variant = self.variant_ref(id)?;
        let fields = self
            .m
            .get_type_decl(id)
            .and_then(|d| d.variants())
            .and_then(|v| v.get(variant as usize))
            .map(|v| v.fields.clone())
            .unwrap_or_default();
        let fields = if self.is_punct('(') {
            self.const_list('(', ')', &fields, depth)?
        } else {
            Vec::new()
        };
        Ok(Const::Variant { variant, fields })
    }

    /// A variant of enum `id`, by name or index.
    pub(super) fn variant_ref(&mut self, id: TypeId) -> PResult<u32> {
        if let Tok::Number(_) = self.tok() {
            return self.int::<u32>("variant index");
        }
        let name = self.name("a variant name")?;
        let found = self
            .m
            .get_type_decl(id)
            .and_then(|d| d.variants())
            .and_then(|vs| vs.iter().position(|v| v.name == name));
        match found {
            Some(i) => Ok(i as u32),
            None => {
                self.pos -= 1;
                let shown = self.m.display_type(Type::Aggregate(id));
                Err(self.error(format!("{shown} has no variant `{name}`")))
            }
        }
    }

    /// Checks that an integer fits `bits` bits (signed or unsigned) and
    /// gives it sign-extended.
    pub(super) fn fit_int(&mut self, v: i128, bits: u32) -> PResult<i64> {
        let min = -(1i128 << (bits - 1));
        let max = (1i128 << bits) - 1;
        if v < min || v > max {
            self.pos -= 1;
            return Err(self.error(format!("{v} does not fit in {bits} bits")));
        }
        Ok(sext(v as i64, bits))
    }

    /// A float of type `ty` as bits: `1.5`, `-inf`, `nan`, `nan:0x7fc00001`.
    pub(super) fn float(&mut self, ty: Type) -> PResult<u64> {
        let neg = self.eat_punct('-');
        let text = match self.bump() {
            Tok::Number(n) => n,
            Tok::Word(w) => w,
            _ => {
                self.pos -= 1;
                return Err(self.expected("a float"));
            }
        };
        let bits = if text == "nan" && self.is_punct(':') {
            self.bump();
            let v = self.int::<u64>("NaN payload")?;
            if ty == Type::F32 && v > u64::from(u32::MAX) {
                return Err(self.error("f32 NaN bits must fit in 32 bits"));
            }
            return Ok(v);
        } else if ty == Type::F32 {
            text.parse::<f32>()
                .ok()
                .map(|x| u64::from(if neg { -x } else { x }.to_bits()))
        } else {
            text.parse::<f64>()
                .ok()
                .map(|x| if neg { -x } else { x }.to_bits())
        };
        match bits {
            Some(b) => Ok(b),
            None => {
                self.pos -= 1;
                Err(self.error(format!("`{text}` is not a valid float")))
            }
        }
    }

    fn data_item(&mut self, id: DataId, line: u32) -> PResult<()> {
        self.positions.items.insert(ItemKey::Data(id), line);
        self.own_symbol(Symbol::Data(id))?;
        self.expect_punct('=')?;
        let kind = if self.eat_punct('[') {
            let mut funcs = Vec::new();
            while !self.eat_punct(']') {
                if !funcs.is_empty() {
                    self.expect_punct(',')?;
                }
                funcs.push(self.func_ref()?);
            }
            DataKind::Funcs(funcs)
        } else {
            DataKind::Bytes(self.string("a string or a list of functions")?)
        };
        self.m.data_mut(id).kind = kind;
        Ok(())
    }

    /// `fn @name(T, ...) -> T [export ["sym"]] [import ["sym"]] [inline]`.
    fn func_header(&mut self, id: FuncId, line: u32) -> PResult<()> {
        self.positions.items.insert(ItemKey::Func(id), line);
        self.own_symbol(Symbol::Func(id))?;
        let params = self.type_list('(', ')', 0)?;
        if *self.tok() != Tok::Arrow {
            return Err(self.expected("`->`"));
        }
        self.bump();
        let ret = self.ty(0)?;
        let name = self.m.func(id).name.clone();
        let mut linkage = Linkage::Local;
        let mut inline = false;
        loop {
            if self.eat_word("inline") {
                inline = true;
            } else if self.is_word("export") || self.is_word("import") {
                let export = self.is_word("export");
                self.bump();
                let sym = match self.tok() {
                    Tok::Str(_) => self.utf8_string("a symbol name")?,
                    _ => name.clone(),
                };
                linkage = if export {
                    Linkage::Export(sym)
                } else {
                    Linkage::Import(sym)
                };
            } else {
                break;
            }
        }
        let decl = self.m.func_mut(id);
        decl.sig = Signature::new(params, ret);
        decl.linkage = linkage;
        decl.inline = inline;
        Ok(())
    }

    /// The body after a header, if there is one.
    fn body_opt(&mut self, f: FuncId) -> PResult<usize> {
        if self.is_punct('{') {
            let body = self.body(f)?;
            self.m.func_mut(f).body = Some(body);
        } else if !matches!(self.m.func(f).linkage, Linkage::Import(_)) {
            return Err(self.expected("`{` (only an `import` function has no body)"));
        }
        Ok(self.pos)
    }
}

fn placeholder_type(name: Option<String>) -> TypeDecl {
    TypeDecl {
        name,
        kind: TypeKind::Enum {
            variants: Vec::new(),
        },
    }
}
