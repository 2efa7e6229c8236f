//! Whole-declaration rules of classes: inheritance, overrides, abstract
//! members, trait conformance, data classes; and the class facts the body
//! checker asks for (constructors, mutable and component properties,
//! the cases of a sealed class).

use rustc_hash::FxHashMap;
use seen_syntax::ast::{self, ClassKind, ItemKind, ModifierKind};
use seen_syntax::{Diagnostic, Span};

use crate::defs::{DefId, DefKind, Node};
use crate::ty::{Ty, TyKind};
use crate::{Sema, codes};

/// One inherited member: where it is declared, with its class's
/// parameters mapped to the inheriting class's arguments (and `Self` to
/// the inheriting class).
struct Inherited {
    def: DefId,
    from: DefId,
    subst: FxHashMap<DefId, Ty>,
}

/// Checks the rules of one class-like declaration.
pub(crate) fn check_class_rules<'a>(s: &mut Sema<'a>, class: DefId) {
    let Some(item) = s.def(class).item() else {
        return;
    };
    let ItemKind::Class(c) = &item.kind else {
        return;
    };
    check_supers(s, class, c);
    check_data(s, class, item, c);
    check_overrides(s, class);
    if !is_abstract(s, class) && !s.is_builtin(class) {
        check_implemented(s, class, c);
    }
}

fn is_abstract(s: &Sema<'_>, class: DefId) -> bool {
    let def = s.def(class);
    matches!(def.kind, DefKind::Class(ClassKind::Trait))
        || def.has(ModifierKind::Abstract)
        || def.has(ModifierKind::Sealed)
}

/// Single inheritance from an open class; structs and enums implement
/// traits only.
fn check_supers(s: &mut Sema<'_>, class: DefId, c: &ast::ClassDecl<'_>) {
    let supers = s.supertypes(class);
    let file = s.def(class).file;
    let mut base_classes = 0;
    for (i, t) in supers.iter().enumerate() {
        let Some((d, _)) = s.class_of(*t) else {
            if *t != Ty::ERROR && !s.types.has_error(*t) {
                let span = c.supers.get(i).map_or(s.def(class).span, |x| x.span);
                let shown = s.show(*t);
                let d = Diagnostic::error(
                    codes::BAD_SUPERTYPE,
                    format!("`{shown}` cannot be inherited from"),
                )
                .primary(file, span, "not a class or trait")
                .help("a class may extend one open class and implement traits");
                s.report(d);
            }
            continue;
        };
        if d == class {
            continue;
        }
        let kind = s.def(d).kind;
        if matches!(kind, DefKind::Class(ClassKind::Trait)) {
            continue;
        }
        // the sealed parent of a case is implicit and always allowed
        let implicit = i >= c.supers.len()
            || (s.def(class).parent == Some(d) && s.def(d).has(ModifierKind::Sealed));
        let span = c.supers.get(i).map_or(s.def(class).span, |x| x.span);
        base_classes += 1;
        let own_kind = s.def(class).kind;
        if matches!(
            own_kind,
            DefKind::Class(ClassKind::Struct | ClassKind::Enum | ClassKind::Trait)
        ) {
            let what = match own_kind {
                DefKind::Class(ClassKind::Struct) => "a struct",
                DefKind::Class(ClassKind::Enum) => "an enum",
                _ => "a trait",
            };
            let name = s.def(d).name;
            let diag = Diagnostic::error(
                codes::BAD_SUPERTYPE,
                format!("{what} cannot extend the class `{name}`"),
            )
            .primary(file, span, "a class")
            .help(format!("{what} may implement traits only"));
            s.report(diag);
            continue;
        }
        let open = s.def(d).has(ModifierKind::Open)
            || s.def(d).has(ModifierKind::Abstract)
            || s.def(d).has(ModifierKind::Sealed);
        if !open && !implicit {
            let name = s.def(d).name;
            let (bf, bs) = (s.def(d).file, s.def(d).span);
            let diag = Diagnostic::error(
                codes::FINAL_BASE,
                format!("`{name}` is final and cannot be extended"),
            )
            .primary(file, span, "extends a final class")
            .secondary(bf, bs, "declared here")
            .help(format!(
                "mark `{name}` `open` (or `abstract`) to allow subclasses"
            ));
            s.report(diag);
        }
        if s.def(d).has(ModifierKind::Sealed) && !implicit && s.module_of(d) != s.module_of(class) {
            let name = s.def(d).name;
            let diag = Diagnostic::error(
                codes::FINAL_BASE,
                format!("`{name}` is sealed; its cases are declared in its own module"),
            )
            .primary(file, span, "outside the sealed class's module");
            s.report(diag);
        }
    }
    if base_classes > 1 {
        let diag = Diagnostic::error(codes::BAD_SUPERTYPE, "a class may extend only one class")
            .primary(file, s.def(class).span, "several base classes")
            .help("extend one class and implement the rest as traits");
        s.report(diag);
    }
}

/// A data class needs a primary constructor with properties.
fn check_data(s: &mut Sema<'_>, class: DefId, item: &ast::Item<'_>, c: &ast::ClassDecl<'_>) {
    if !item.has(ModifierKind::Data) {
        return;
    }
    let empty = c.ctor.is_none_or(|ctor| ctor.params.is_empty());
    if empty {
        let file = s.def(class).file;
        let d = Diagnostic::error(
            codes::DATA_CLASS,
            "a data class needs a primary constructor with at least one property",
        )
        .primary(file, s.def(class).span, "no properties in the header")
        .help("write `data class Point(let x: Int, let y: Int)`");
        s.report(d);
    }
}

/// Every member of the supertypes named `name`, with substitutions.
fn inherited(s: &mut Sema<'_>, class: DefId, name: &str) -> Vec<Inherited> {
    let own = s.declared_type(class);
    let mut out = Vec::new();
    let mut queue: Vec<Ty> = s.parents(own);
    let mut visited = Vec::new();
    while let Some(t) = queue.pop() {
        let Some((def, args)) = s.class_of(t) else {
            continue;
        };
        if visited.contains(&def) || def == class {
            continue;
        }
        visited.push(def);
        let params = s.def(def).type_params.clone();
        let mut subst = s.subst_map(&params, &args);
        subst.insert(def, own);
        if let Some(ids) = s.def(def).members.get(name).cloned() {
            for id in ids {
                if matches!(
                    s.def(id).kind,
                    DefKind::Fun | DefKind::Property | DefKind::Field
                ) {
                    out.push(Inherited {
                        def: id,
                        from: def,
                        subst: subst.clone(),
                    });
                }
            }
        }
        queue.extend(s.parents(t));
    }
    // every class inherits `Any`'s members
    if let Some(&any) = s.lang.prim_defs.get(&Ty::ANY) {
        if any != class && !visited.contains(&any) {
            if let Some(ids) = s.def(any).members.get(name).cloned() {
                for id in ids {
                    out.push(Inherited {
                        def: id,
                        from: any,
                        subst: FxHashMap::default(),
                    });
                }
            }
        }
    }
    out
}

/// Parameter types of a function with a substitution applied.
fn param_types(s: &mut Sema<'_>, f: DefId, subst: &FxHashMap<DefId, Ty>) -> Vec<Ty> {
    let sig = s.signature(f);
    sig.params
        .iter()
        .map(|p| s.types.subst(p.ty, subst))
        .collect()
}

/// Whether a member may be overridden (members of traits, `open`,
/// `abstract` and `override` members).
fn overridable(s: &Sema<'_>, m: DefId) -> bool {
    let d = s.def(m);
    let in_trait = d
        .parent
        .is_some_and(|p| matches!(s.def(p).kind, DefKind::Class(ClassKind::Trait)));
    in_trait
        || d.has(ModifierKind::Open)
        || d.has(ModifierKind::Abstract)
        || (d.has(ModifierKind::Override) && !d.has(ModifierKind::Final))
}

/// `override` on exactly the members that override, with matching types.
fn check_overrides(s: &mut Sema<'_>, class: DefId) {
    let own = s.declared_type(class);
    let members: Vec<(&str, DefId)> = s
        .def(class)
        .members
        .iter()
        .flat_map(|(n, ids)| ids.iter().map(move |d| (*n, *d)))
        .collect();
    for (name, m) in members {
        let kind = s.def(m).kind;
        if !matches!(kind, DefKind::Fun | DefKind::Property | DefKind::Field) {
            continue;
        }
        let marked = s.def(m).has(ModifierKind::Override);
        let self_map: FxHashMap<DefId, Ty> = std::iter::once((class, own)).collect();
        let mine = if kind == DefKind::Fun {
            param_types(s, m, &self_map)
        } else {
            Vec::new()
        };
        let mut overridden = None;
        for inh in inherited(s, class, name) {
            let ik = s.def(inh.def).kind;
            let same_shape = match (kind, ik) {
                (DefKind::Fun, DefKind::Fun) => param_types(s, inh.def, &inh.subst) == mine,
                (DefKind::Fun, _) | (_, DefKind::Fun) => false,
                _ => true,
            };
            if same_shape {
                overridden = Some(inh);
                break;
            }
        }
        let file = s.def(m).file;
        let span = s.def(m).span;
        match (overridden, marked) {
            (None, true) => {
                let d = Diagnostic::error(codes::OVERRIDE, format!("`{name}` overrides nothing"))
                    .primary(file, span, "marked `override`")
                    .help("no supertype declares a member with this name and these parameter types; remove `override` or fix the signature");
                s.report(d);
            }
            (Some(inh), false) => {
                let from = s.def(inh.from).name;
                let d = Diagnostic::error(
                    codes::OVERRIDE,
                    format!("`{name}` hides a member of `{from}` without `override`"),
                )
                .primary(file, span, "needs `override`")
                .secondary(s.def(inh.def).file, s.def(inh.def).span, "declared here")
                .help("write `override` before it, or rename it");
                s.report(d);
            }
            (Some(inh), true) => check_override_types(s, m, &inh),
            (None, false) => {}
        }
    }
}

fn check_override_types(s: &mut Sema<'_>, m: DefId, inh: &Inherited) {
    let name = s.def(m).name;
    let (file, span) = (s.def(m).file, s.def(m).span);
    if !overridable(s, inh.def) {
        let from = s.def(inh.from).name;
        let d = Diagnostic::error(
            codes::OVERRIDE,
            format!("`{from}.{name}` is final and cannot be overridden"),
        )
        .primary(file, span, "overrides a final member")
        .secondary(s.def(inh.def).file, s.def(inh.def).span, "declared here")
        .help(format!("mark it `open` in `{from}`"));
        s.report(d);
        return;
    }
    let (mine, theirs) = match s.def(m).kind {
        DefKind::Fun => {
            let a = s.signature(m).ret;
            let b = s.signature(inh.def).ret;
            (a, s.types.subst(b, &inh.subst))
        }
        _ => {
            let a = s.property_type(m);
            let b = s.property_type(inh.def);
            (a, s.types.subst(b, &inh.subst))
        }
    };
    if !s.is_subtype(mine, theirs) {
        let (a, b) = (s.show(mine), s.show(theirs));
        let d = Diagnostic::error(
            codes::OVERRIDE,
            format!("`{name}` has type `{a}` here but `{b}` where it is declared"),
        )
        .primary(file, span, "does not match")
        .secondary(s.def(inh.def).file, s.def(inh.def).span, "declared here");
        s.report(d);
    }
}

/// A concrete class implements every abstract member it inherits.
fn check_implemented<'a>(s: &mut Sema<'a>, class: DefId, c: &'a ast::ClassDecl<'a>) {
    let own = s.declared_type(class);
    let mut queue = s.parents(own);
    // `Trait by value` forwards the trait's members (and its parents')
    let mut visited = Vec::new();
    let mut delegated: Vec<Ty> = Vec::new();
    for st in c.supers.iter().filter(|st| st.delegate.is_some()) {
        delegated.push(s.resolve_type(&st.ty, class));
    }
    while let Some(t) = delegated.pop() {
        if let Some((d, _)) = s.class_of(t) {
            if !visited.contains(&d) {
                visited.push(d);
                delegated.extend(s.parents(t));
            }
        }
    }
    let mut missing: Vec<(String, DefId)> = Vec::new();
    while let Some(t) = queue.pop() {
        let Some((def, _)) = s.class_of(t) else {
            continue;
        };
        if visited.contains(&def) {
            continue;
        }
        visited.push(def);
        let members: Vec<(&str, DefId)> = s
            .def(def)
            .members
            .iter()
            .flat_map(|(n, ids)| ids.iter().map(move |d| (*n, *d)))
            .collect();
        for (name, m) in members {
            if !is_abstract_member(s, m) {
                continue;
            }
            if !implemented(s, class, name, m) {
                missing.push((format!("{}.{name}", s.def(def).name), m));
            }
        }
        queue.extend(s.parents(t));
    }
    if missing.is_empty() {
        return;
    }
    let name = s.def(class).name;
    let span = c.name.map_or(s.def(class).span, |n| n.span);
    let list = missing
        .iter()
        .map(|(n, _)| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut d = Diagnostic::error(
        codes::ABSTRACT_MEMBER,
        format!("`{name}` does not implement {list}"),
    )
    .primary(s.def(class).file, span, "missing members")
    .help("implement them with `override`, or mark the class `abstract`");
    for (_, m) in missing.iter().take(4) {
        d = d.secondary(s.def(*m).file, s.def(*m).span, "declared here");
    }
    s.report(d);
}

/// A function without a body in a trait or an `abstract` member.
fn is_abstract_member(s: &Sema<'_>, m: DefId) -> bool {
    if s.is_builtin(m) {
        // the compiler implements it for every type that has it
        return false;
    }
    let d = s.def(m);
    if d.has(ModifierKind::Abstract) {
        return true;
    }
    let in_trait = d
        .parent
        .is_some_and(|p| matches!(s.def(p).kind, DefKind::Class(ClassKind::Trait)));
    if !in_trait {
        return false;
    }
    match d.item().map(|i| &i.kind) {
        Some(ItemKind::Fun(f)) => f.body.is_none(),
        Some(ItemKind::Property(p)) => p.init.is_none() && p.getter.is_none(),
        _ => false,
    }
}

/// Whether `class` or a supertype gives abstract member `m` a body.
fn implemented(s: &mut Sema<'_>, class: DefId, name: &str, m: DefId) -> bool {
    let own = s.declared_type(class);
    let found = s.declared_members(own, name);
    found.iter().any(|f| {
        f.def != m && !is_abstract_member(s, f.def) && s.def(f.def).kind == s.def(m).kind
            || (f.def != m
                && matches!(s.def(f.def).kind, DefKind::Property | DefKind::Field)
                && matches!(s.def(m).kind, DefKind::Property | DefKind::Field)
                && !is_abstract_member(s, f.def))
    })
}

/// Rules of a function declaration as a whole: the program entry's
/// signature, and what may cross to C in `external` and `@export`
/// functions.
pub(crate) fn check_fun_rules(
    s: &mut Sema<'_>,
    def: DefId,
    item: &ast::Item<'_>,
    f: &ast::FunDecl<'_>,
    sig: &crate::FnSig,
) {
    let (file, span) = (s.def(def).file, s.def(def).span);
    let top_level = s
        .def(def)
        .parent
        .is_some_and(|p| s.def(p).kind == DefKind::Module);
    let entry = seen_syntax::pack::schema::entry(seen_syntax::pack::Section::Prelude, "main")
        .map(|e| e.canonical());
    if top_level && !s.def(def).std && Some(s.def(def).name) == entry && f.receiver.is_none() {
        let list_of_strings = match (s.lang("List"), s.lang("String")) {
            (Some(l), Some(st)) => {
                let st = s.types.adt(st, &[]);
                Some(s.types.adt(l, &[st]))
            }
            _ => None,
        };
        let params_ok = sig.params.is_empty()
            || (sig.params.len() == 1 && Some(sig.params[0].ty) == list_of_strings);
        let ret_ok =
            matches!(sig.ret, Ty::UNIT | Ty::INT | Ty::ERROR) || s.types.has_error(sig.ret);
        if !(params_ok && ret_ok) && sig.type_params.is_empty() {
            let d = Diagnostic::error(codes::MAIN, "the program entry has the wrong signature")
                .primary(file, span, "entry point")
                .help("write `fun main()`, `fun main(args: List<String>)`, or either returning `Int` (the exit status)");
            s.report(d);
        }
    }
    if item.has(ModifierKind::Operator) {
        check_operator_decl(s, def, sig);
    }
    let external = item.has(ModifierKind::External);
    let export = crate::sigs::annotation("export");
    let exported = item.annotations.iter().any(|a| Some(a.name.name) == export);
    if external && f.body.is_some() {
        let d = Diagnostic::error(codes::FFI, "an `external` function has no body")
            .primary(file, span, "declared `external`")
            .help("its body is the C function of the same name; remove the body, or `external`");
        s.report(d);
    }
    if !(external || exported) {
        return;
    }
    let mut tys: Vec<(Ty, Span)> = f
        .params
        .iter()
        .zip(&sig.params)
        .map(|(p, ps)| (ps.ty, p.name.span))
        .collect();
    tys.push((sig.ret, f.ret.as_ref().map_or(span, |t| t.span)));
    for (t, at) in tys {
        if !crosses_to_c(s, t) {
            let shown = s.show(t);
            let what = if external {
                "an `external`"
            } else {
                "an `@export`"
            };
            let d = Diagnostic::error(
                codes::FFI,
                format!("a `{shown}` cannot cross to C in {what} function"),
            )
            .primary(file, at, "not a C type")
            .help("use integers, floats, `Boolean`, `Ptr<T>` or a `@repr(C)` struct");
            s.report(d);
        }
    }
}

/// The shape an operator function must have (LANGUAGE.md section 4):
/// `(fewest, most)` parameters and the result type it must give, if any.
fn operator_shape(name: &str) -> Option<(usize, usize, Option<Ty>)> {
    let not_word = seen_syntax::Word::Not.canonical();
    Some(match name {
        "+" | "-" => (0, 1, None),
        "*" | "/" | "%" | ".." | "..<" => (1, 1, None),
        "+=" | "-=" | "*=" | "/=" | "%=" => (1, 1, Some(Ty::UNIT)),
        "++" | "--" => (0, 0, None),
        n if n == not_word => (0, 0, None),
        "compareTo" => (1, 1, Some(Ty::INT)),
        "equals" | "contains" => (1, 1, Some(Ty::BOOL)),
        "get" => (1, usize::MAX, None),
        "set" => (2, usize::MAX, Some(Ty::UNIT)),
        "invoke" => (0, usize::MAX, None),
        "iterator" | "hasNext" | "next" => (0, 0, None),
        _ => return None,
    })
}

fn check_operator_decl(s: &mut Sema<'_>, def: DefId, sig: &crate::FnSig) {
    let (file, span, name) = (s.def(def).file, s.def(def).span, s.def(def).name);
    let Some((lo, hi, ret)) = operator_shape(name) else {
        let d = Diagnostic::error(codes::OPERATOR_DECL, format!("`{name}` is not an operator"))
            .primary(file, span, "marked `operator`")
            .help("operators are named by their symbol (`+`, `..`, `+=`, `++`) or are `compareTo`, `equals`, `contains`, `get`, `set`, `invoke`, `iterator`");
        s.report(d);
        return;
    };
    let n = sig.params.len();
    if n < lo || n > hi {
        let want = match (lo, hi) {
            (a, b) if a == b => format!("{a} parameter(s)"),
            (a, usize::MAX) => format!("at least {a} parameter(s)"),
            (a, b) => format!("{a} to {b} parameters"),
        };
        let d = Diagnostic::error(
            codes::OPERATOR_DECL,
            format!("`operator fun {name}` takes {want}, not {n}"),
        )
        .primary(file, span, "wrong number of parameters");
        s.report(d);
    }
    if let Some(want) = ret {
        if sig.ret != want && !s.types.has_error(sig.ret) {
            let (w, f) = (s.show(want), s.show(sig.ret));
            let d = Diagnostic::error(
                codes::OPERATOR_DECL,
                format!("`operator fun {name}` returns `{w}`, not `{f}`"),
            )
            .primary(file, span, "wrong result type");
            s.report(d);
        }
    }
}

/// Property rules that need only the declaration: `weak` on a nullable
/// `var` of a class type; `const` of a primitive type, `String` or an enum,
/// at the top level or in an object. `false` when a `const` was refused.
pub(crate) fn check_property_rules(
    s: &mut Sema<'_>,
    def: DefId,
    item: &ast::Item<'_>,
    p: &ast::PropertyDecl<'_>,
) -> bool {
    let (file, span) = (s.def(def).file, s.def(def).span);
    let ty = s.property_type(def);
    if item.has(ModifierKind::Weak) {
        let is_class = s
            .class_of(s.types.non_null(ty))
            .is_some_and(|(d, _)| matches!(s.def(d).kind, DefKind::Class(ClassKind::Class)));
        let ok = p.binding == ast::BindingKind::Var && s.types.is_nullable(ty) && is_class;
        if !ok && !s.types.has_error(ty) {
            let d = Diagnostic::error(
                codes::WEAK,
                "a `weak` reference is a nullable `var` of a class type",
            )
            .primary(file, span, "declared `weak`")
            .help(
                "write `weak var parent: Node? = null`; it reads as `null` once its target is gone",
            );
            s.report(d);
        }
    }
    if p.binding == ast::BindingKind::Const {
        let string = s.lang("String").map(|d| s.types.adt(d, &[]));
        let is_enum = s
            .class_of(ty)
            .is_some_and(|(d, _)| matches!(s.def(d).kind, DefKind::Class(ClassKind::Enum)));
        let primitive = s.types.is_numeric(ty)
            || matches!(ty, Ty::BOOL | Ty::CHAR)
            || Some(ty) == string
            || is_enum;
        let place_ok = s.def(def).parent.is_some_and(|p| {
            matches!(
                s.def(p).kind,
                DefKind::Module | DefKind::Class(ClassKind::Object)
            )
        });
        if (!primitive || !place_ok) && !s.types.has_error(ty) {
            let d = Diagnostic::error(codes::CONST, "a `const` is a number, `Boolean`, `Char`, `String` or enum entry at the top level or in an object")
                .primary(file, span, "declared `const`")
                .help("use `let` for other values, or move it to the top level or a `companion object`");
            s.report(d);
            return false;
        }
    }
    true
}

/// Whether values of a type can be passed to or from C: numbers,
/// `Boolean`, `Unit` (as a result), `Ptr<T>`, `@repr(C)` structs.
fn crosses_to_c(s: &Sema<'_>, t: Ty) -> bool {
    if s.types.is_numeric(t) || matches!(t, Ty::BOOL | Ty::UNIT | Ty::ERROR) || s.types.has_error(t)
    {
        return true;
    }
    if matches!(s.types.kind(t), TyKind::Ptr(_)) {
        return true;
    }
    let Some((d, _)) = s.class_of(t) else {
        return false;
    };
    let repr = crate::sigs::annotation("repr");
    Some(d) == s.lang("Ptr")
        || (matches!(s.def(d).kind, DefKind::Class(ClassKind::Struct))
            && s.def(d)
                .annotations()
                .iter()
                .any(|a| Some(a.name.name) == repr))
}

impl<'a> Sema<'a> {
    /// Whether a class can be called through its header: it has a primary
    /// constructor, or no constructor at all.
    pub(crate) fn has_primary_or_no_ctor(&self, class: DefId) -> bool {
        let Some(ItemKind::Class(c)) = self.def(class).item().map(|i| &i.kind) else {
            return true;
        };
        c.ctor.is_some()
            || !self
                .def(class)
                .members
                .contains_key(seen_syntax::Word::Constructor.canonical())
    }

    /// Whether a class declares a `var` property.
    pub(crate) fn has_var_property(&self, class: DefId) -> bool {
        self.def(class)
            .members
            .values()
            .flatten()
            .any(|d| self.is_mutable_property(*d))
    }

    /// Whether a property may be assigned: `var`, or a struct field
    /// declared `var`.
    pub(crate) fn is_mutable_property(&self, d: DefId) -> bool {
        let def = self.def(d);
        match def.node {
            Node::CtorParam(p) => p.binding == Some(ast::BindingKind::Var),
            Node::Item(item) => match &item.kind {
                ItemKind::Property(p) => {
                    p.binding == ast::BindingKind::Var
                        || p.binding == ast::BindingKind::Field
                        || p.setter.is_some()
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// The properties a value of the class destructures into: the primary
    /// constructor's properties of a data class or struct, or a struct's
    /// fields.
    pub(crate) fn component_properties(&self, class: DefId) -> Vec<DefId> {
        let def = self.def(class);
        let ctor_props: Vec<DefId> = def
            .members
            .values()
            .flatten()
            .copied()
            .filter(|d| matches!(self.def(*d).node, Node::CtorParam(_)))
            .collect();
        if !ctor_props.is_empty() {
            return ctor_props;
        }
        if matches!(def.kind, DefKind::Class(ClassKind::Struct)) {
            return def
                .members
                .values()
                .flatten()
                .copied()
                .filter(|d| self.def(*d).kind == DefKind::Field)
                .collect();
        }
        Vec::new()
    }

    /// The direct cases of a sealed class: its nested classes and objects
    /// that extend it, and classes of its module that name it as their
    /// base.
    pub(crate) fn sealed_cases(&mut self, sealed: DefId) -> Vec<DefId> {
        let mut out: Vec<DefId> = Vec::new();
        let module = self.module_of(sealed);
        let is_class =
            |s: &Sema<'a>, d: &DefId| matches!(s.def(*d).kind, DefKind::Class(_)) && *d != sealed;
        let mut candidates: Vec<DefId> = self
            .def(sealed)
            .members
            .values()
            .flatten()
            .copied()
            .filter(|d| is_class(self, d))
            .collect();
        candidates.extend(
            self.def(module)
                .members
                .values()
                .flatten()
                .copied()
                .filter(|d| is_class(self, d)),
        );
        for d in candidates {
            let supers = self.supertypes(d);
            if supers
                .iter()
                .any(|t| self.class_of(*t).is_some_and(|(c, _)| c == sealed))
            {
                out.push(d);
            }
        }
        out
    }

    /// Whether `sub` is a subtype of `sup` with no inference variables
    /// involved (for declaration rules).
    pub(crate) fn is_subtype(&mut self, sub: Ty, sup: Ty) -> bool {
        if sub == sup || sub == Ty::ERROR || sup == Ty::ERROR || sub == Ty::NOTHING {
            return true;
        }
        match (self.types.kind(sub).clone(), self.types.kind(sup).clone()) {
            (TyKind::Nullable(a), TyKind::Nullable(b)) => self.is_subtype(a, b),
            (_, TyKind::Nullable(b)) => self.is_subtype(sub, b),
            (TyKind::Nullable(_), _) => false,
            (_, TyKind::Any) => true,
            (TyKind::Adt(a, xs), TyKind::Adt(b, ys)) if a == b && xs.len() == ys.len() => {
                // the same generic type: by the declared variance
                let params = self.def(a).type_params.to_vec();
                xs.iter().zip(ys.iter()).enumerate().all(|(i, (&x, &y))| {
                    match params.get(i).and_then(|p| self.variance(*p)) {
                        Some(seen_syntax::ast::Variance::Out) => self.is_subtype(x, y),
                        Some(seen_syntax::ast::Variance::In) => self.is_subtype(y, x),
                        None => x == y,
                    }
                })
            }
            _ => {
                let parents = self.parents(sub);
                parents.into_iter().any(|p| self.is_subtype(p, sup))
            }
        }
    }

    /// The type whose members `Type.name` reaches: the companion object,
    /// or for an enum the `EnumCompanion<E>` of the standard library
    /// (`entries`, `values()`, `valueOf`).
    pub(crate) fn static_receivers(&mut self, q: DefId) -> Vec<Ty> {
        let mut out = Vec::new();
        // `Vec4f.splat(1f)` with `type Vec4f = simd[Float, 4]`: the
        // library's `SimdCompanion<Float, 4>`
        if self.def(q).kind == DefKind::TypeAlias {
            let target = self.alias_target(q);
            if let TyKind::Simd(t, n) = *self.types.kind(target) {
                if let Some(c) = self.lang("SimdCompanion") {
                    out.push(self.types.adt(c, &[t, n]));
                }
                return out;
            }
            if let Some((d, _)) = self.class_of(target) {
                return self.static_receivers(d);
            }
            return out;
        }
        if let Some(&companion) = self.companions.get(&q) {
            out.push(self.declared_type(companion));
        }
        if matches!(self.def(q).kind, DefKind::Class(ClassKind::Enum)) {
            if let Some(ec) = self.lang("EnumCompanion") {
                let me = self.declared_type(q);
                out.push(self.types.adt(ec, &[me]));
            }
        }
        out
    }

    /// How a type or module is named in messages: a type by its name, a
    /// module by its dotted path.
    pub(crate) fn describe(&self, q: DefId) -> String {
        match self.def(q).kind {
            DefKind::Module => self.path_of(q),
            _ => self.def(q).name.to_string(),
        }
    }

    /// Whether `def` may be used from code in `ctx`: a private top-level
    /// declaration in its file, a private member inside its class, a
    /// protected member in its class and subclasses, an internal one in
    /// its package (the standard library's are its own).
    pub(crate) fn visible(&mut self, def: DefId, ctx: DefId) -> bool {
        let d = self.def(def);
        let (vis, parent, file, std) = (d.vis, d.parent, d.file, d.std);
        match vis {
            crate::defs::Visibility::Public => true,
            crate::defs::Visibility::Internal => std == self.def(ctx).std || !std,
            crate::defs::Visibility::Private => match parent {
                Some(p) if matches!(self.def(p).kind, DefKind::Class(_)) => self.encloses(p, ctx),
                _ => self.def(ctx).file == file,
            },
            crate::defs::Visibility::Protected => {
                let Some(p) = parent else { return true };
                if self.encloses(p, ctx) {
                    return true;
                }
                // in a subclass
                let mut cur = Some(ctx);
                while let Some(c) = cur {
                    if matches!(self.def(c).kind, DefKind::Class(_)) {
                        let t = self.declared_type(c);
                        let target = self.declared_type(p);
                        if self.is_subtype(t, target) {
                            return true;
                        }
                    }
                    cur = self.def(c).parent;
                }
                false
            }
        }
    }

    /// Whether `outer` is `inner` or encloses it (a companion's class
    /// encloses the companion).
    fn encloses(&self, outer: DefId, inner: DefId) -> bool {
        let mut cur = Some(inner);
        while let Some(c) = cur {
            if c == outer {
                return true;
            }
            cur = self.def(c).parent;
        }
        false
    }

    /// Whether a definition is implemented by the compiler: marked
    /// `@builtin`, or a member of a `@builtin` type (or of its companion).
    pub(crate) fn is_builtin(&self, d: DefId) -> bool {
        let builtin = crate::sigs::annotation("builtin");
        let mut cur = Some(d);
        while let Some(id) = cur {
            let def = self.def(id);
            if def
                .annotations()
                .iter()
                .any(|a| Some(a.name.name) == builtin)
            {
                return true;
            }
            if def.kind == DefKind::Module {
                return false;
            }
            cur = def.parent;
        }
        false
    }
}
