//! A compact, readable rendering of the tree as S-expressions, for
//! snapshot tests and `seen debug-ast`. Declarations and statements go on
//! their own lines; expressions stay on one line. Spans are left out.

use std::fmt::Write;

use super::*;
use crate::pack::Word;

fn kw(w: Word) -> &'static str {
    w.canonical()
}

/// Renders a file.
///
/// ```
/// let arena = seen_syntax::Arena::new();
/// let parsed = seen_syntax::parse("let x = 1 + 2 * 3\n", seen_syntax::Pack::english(), &arena);
/// assert_eq!(seen_syntax::ast::print::file(&parsed.ast), "(let x (+ 1 (* 2 3)))\n");
/// ```
pub fn file(f: &File<'_>) -> String {
    let mut p = Printer {
        out: String::new(),
        indent: 0,
    };
    for a in f.annotations {
        p.line(&format!("(file-annotation {})", annotation(a)));
    }
    for i in f.imports {
        p.line(&import(i));
    }
    for item in f.items {
        p.item(item);
    }
    p.out
}

struct Printer {
    out: String,
    indent: usize,
}

impl Printer {
    fn line(&mut self, s: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn nested(&mut self, head: &str, f: impl FnOnce(&mut Self)) {
        self.line(&format!("({head}"));
        self.indent += 1;
        f(self);
        self.indent -= 1;
        self.line(")");
    }

    fn item(&mut self, item: &Item<'_>) {
        let mut head = String::new();
        if let Some(doc) = &item.doc {
            let _ = write!(head, "(doc {doc:?}) ");
        }
        for a in item.annotations {
            let _ = write!(head, "{} ", annotation(a));
        }
        for m in item.modifiers {
            let _ = write!(head, "{} ", format!("{:?}", m.kind).to_lowercase());
        }
        match &item.kind {
            ItemKind::Fun(f) => self.fun(&head, f),
            ItemKind::Property(prop) => self.property(&head, prop),
            ItemKind::Class(c) => self.class(&head, c),
            ItemKind::TypeAlias(a) => {
                self.line(&format!(
                    "({head}typealias {}{} {})",
                    a.name.name,
                    type_params(a.type_params),
                    ty(&a.ty)
                ));
            }
            ItemKind::Extension(e) => {
                let supers = supers(e.supers);
                let h = format!(
                    "{head}extension{} {}{supers}{}",
                    type_params(e.type_params),
                    ty(&e.ty),
                    wheres(e.where_clause)
                );
                self.nested(&h, |p| e.members.iter().for_each(|m| p.item(m)));
            }
            ItemKind::Module(m) => self.nested(&format!("{head}module {}", m.name.name), |p| {
                m.imports.iter().for_each(|i| p.line(&import(i)));
                m.items.iter().for_each(|i| p.item(i));
            }),
            ItemKind::Init(b) => self.block(&format!("{head}init"), b),
            ItemKind::Deinit(b) => self.block(&format!("{head}deinit"), b),
            ItemKind::Constructor(c) => {
                let deleg = c.delegation.as_ref().map_or(String::new(), |d| {
                    format!(
                        " ({} {})",
                        kw(if d.to_super { Word::Super } else { Word::This }),
                        args(d.args)
                    )
                });
                let h = format!("{head}constructor {}{deleg}", params(c.params));
                match &c.body {
                    Some(b) => self.block(&h, b),
                    None => self.line(&format!("({h})")),
                }
            }
        }
    }

    fn fun(&mut self, head: &str, f: &FunDecl<'_>) {
        let recv = f
            .receiver
            .as_ref()
            .map_or(String::new(), |r| format!("{}.", ty(r)));
        let ret = f
            .ret
            .as_ref()
            .map_or(String::new(), |r| format!(" : {}", ty(r)));
        let h = format!(
            "{head}fun{} {recv}{} {}{ret}{}",
            type_params(f.type_params),
            f.name.name,
            params(f.params),
            wheres(f.where_clause)
        );
        self.body(&h, f.body.as_ref());
    }

    fn body(&mut self, head: &str, body: Option<&FunBody<'_>>) {
        match body {
            None => self.line(&format!("({head})")),
            Some(FunBody::Expr(e)) => self.line(&format!("({head} = {})", expr(e))),
            Some(FunBody::Block(b)) => self.block(head, b),
        }
    }

    fn property(&mut self, head: &str, prop: &PropertyDecl<'_>) {
        let binding = match prop.binding {
            BindingKind::Let => kw(Word::Let),
            BindingKind::Var => kw(Word::Var),
            BindingKind::Const => kw(Word::Const),
            BindingKind::Field => kw(Word::Field),
        };
        let recv = prop
            .receiver
            .as_ref()
            .map_or(String::new(), |r| format!("{}.", ty(r)));
        let t = prop
            .ty
            .as_ref()
            .map_or(String::new(), |t| format!(" : {}", ty(t)));
        let init = prop
            .init
            .as_ref()
            .map_or(String::new(), |e| format!(" {}", expr(e)));
        let h = format!(
            "{head}{binding}{} {recv}{}{t}{init}",
            type_params(prop.type_params),
            pattern(&prop.pattern)
        );
        if prop.getter.is_none() && prop.setter.is_none() {
            self.line(&format!("({h})"));
            return;
        }
        self.nested(&h, |p| {
            for (name, acc) in [(kw(Word::Get), &prop.getter), (kw(Word::Set), &prop.setter)] {
                if let Some(acc) = acc {
                    let mods: String = acc
                        .modifiers
                        .iter()
                        .map(|m| format!("{:?} ", m.kind).to_lowercase())
                        .collect();
                    let param = acc
                        .param
                        .as_ref()
                        .map_or(String::new(), |x| format!(" {}", param(x)));
                    p.body(&format!("{mods}{name}{param}"), acc.body.as_ref());
                }
            }
        });
    }

    fn class(&mut self, head: &str, c: &ClassDecl<'_>) {
        let kw = format!("{:?}", c.kind).to_lowercase();
        let name = c
            .name
            .as_ref()
            .map_or(String::new(), |n| format!(" {}", n.name));
        let ctor = c.ctor.as_ref().map_or(String::new(), |k| {
            let mods: String = k
                .modifiers
                .iter()
                .map(|m| format!("{:?} ", m.kind).to_lowercase())
                .collect();
            format!(" {mods}{}", params(k.params))
        });
        let h = format!(
            "{head}{kw}{name}{}{ctor}{}{}",
            type_params(c.type_params),
            supers(c.supers),
            wheres(c.where_clause)
        );
        if c.entries.is_empty() && c.members.is_empty() {
            self.line(&format!("({h})"));
            return;
        }
        self.nested(&h, |p| {
            for e in c.entries {
                let mut s = format!("(entry {}", e.name.name);
                if let Some(a) = &e.args {
                    let _ = write!(s, " {}", args(a));
                }
                if let Some(ps) = &e.payload {
                    let _ = write!(s, " {}", params(ps));
                }
                if let Some(v) = &e.value {
                    let _ = write!(s, " = {}", expr(v));
                }
                s.push(')');
                p.line(&s);
            }
            c.members.iter().for_each(|m| p.item(m));
        });
    }

    fn block(&mut self, head: &str, b: &Block<'_>) {
        if b.stmts.is_empty() {
            self.line(&format!("({head} (block))"));
            return;
        }
        self.nested(head, |p| b.stmts.iter().for_each(|s| p.stmt(s)));
    }

    fn stmt(&mut self, s: &Stmt<'_>) {
        match &s.kind {
            StmtKind::Expr(e) => match &e.kind {
                ExprKind::Block(b) => self.block("block", b),
                _ => self.line(&expr(e)),
            },
            StmtKind::Decl(item) => self.item(item),
            StmtKind::Assign(a) => {
                let line = format!("({} {} {})", a.op.symbol(), expr(&a.target), expr(&a.value));
                self.line(&line);
            }
            StmtKind::For(f) => {
                let h = format!(
                    "{}for {} in {}",
                    label_def(&f.label),
                    pattern(&f.pattern),
                    expr(&f.iterable)
                );
                self.block(&h, &f.body);
            }
            StmtKind::While(w) => self.block(
                &format!("{}while {}", label_def(&w.label), expr(&w.cond)),
                &w.body,
            ),
            StmtKind::DoWhile(w) => self.block(
                &format!("{}do-while {}", label_def(&w.label), expr(&w.cond)),
                &w.body,
            ),
        }
    }
}

fn label_def(l: &Option<Ident<'_>>) -> String {
    l.as_ref()
        .map_or(String::new(), |l| format!("{}@ ", l.name))
}

fn import(i: &Import<'_>) -> String {
    let path: Vec<&str> = i.path.iter().map(|p| p.name).collect();
    let name = |n: &ImportName<'_>| match &n.alias {
        Some(a) => format!("{} as {}", n.name.name, a.name),
        None => n.name.name.to_string(),
    };
    let what = match &i.kind {
        ImportKind::Single(n) => name(n),
        ImportKind::Glob => "*".into(),
        ImportKind::Group(ns) => {
            format!("{{{}}}", ns.iter().map(name).collect::<Vec<_>>().join(", "))
        }
    };
    format!("(import {} {what})", path.join("."))
}

fn annotation(a: &Annotation<'_>) -> String {
    let target = a
        .target
        .as_ref()
        .map_or(String::new(), |t| format!("{}:", t.name));
    let args = if a.args.is_empty() {
        String::new()
    } else {
        args(a.args)
    };
    format!("@{target}{}{args}", a.name.name)
}

fn type_params(ps: &[TypeParam<'_>]) -> String {
    if ps.is_empty() {
        return String::new();
    }
    let items: Vec<String> = ps
        .iter()
        .map(|t| {
            let mut s = String::new();
            if t.is_const {
                s.push_str("const ");
            }
            if let Some(v) = t.variance {
                let _ = write!(s, "{} ", format!("{v:?}").to_lowercase());
            }
            s.push_str(t.name.name);
            if let Some(b) = &t.bound {
                let _ = write!(s, " : {}", ty(b));
            }
            s
        })
        .collect();
    format!("<{}>", items.join(", "))
}

fn wheres(ws: &[WhereBound<'_>]) -> String {
    ws.iter()
        .map(|w| format!(" (where {} : {})", w.param.name, ty(&w.bound)))
        .collect()
}

fn supers(ss: &[SuperType<'_>]) -> String {
    ss.iter()
        .map(|s| {
            let a = s.args.as_ref().map_or(String::new(), |a| args(a));
            let d = s
                .delegate
                .as_ref()
                .map_or(String::new(), |d| format!(" by {}", expr(d)));
            format!(" (: {}{a}{d})", ty(&s.ty))
        })
        .collect()
}

fn params(ps: &[Param<'_>]) -> String {
    format!("({})", ps.iter().map(param).collect::<Vec<_>>().join(", "))
}

fn param(x: &Param<'_>) -> String {
    let mut s: String = x
        .annotations
        .iter()
        .map(|a| format!("{} ", annotation(a)))
        .collect();
    for m in x.modifiers {
        let _ = write!(s, "{} ", format!("{:?}", m.kind).to_lowercase());
    }
    match x.binding {
        Some(BindingKind::Let) => {
            s.push_str(kw(Word::Let));
            s.push(' ');
        }
        Some(BindingKind::Var) => {
            s.push_str(kw(Word::Var));
            s.push(' ');
        }
        _ => {}
    }
    s.push_str(x.name.name);
    if let Some(t) = &x.ty {
        let _ = write!(s, ": {}", ty(t));
    }
    if x.vararg {
        s.push_str("...");
    }
    if let Some(d) = &x.default {
        let _ = write!(s, " = {}", expr(d));
    }
    s
}

fn args(a: &[Arg<'_>]) -> String {
    let items: Vec<String> = a
        .iter()
        .map(|a| match &a.name {
            Some(n) => format!("{} = {}", n.name, expr(&a.value)),
            None => expr(&a.value),
        })
        .collect();
    format!("({})", items.join(", "))
}

/// Renders a type.
pub fn ty(t: &Type<'_>) -> String {
    match &t.kind {
        TypeKind::Path(segs) => segs
            .iter()
            .map(|s| {
                if s.args.is_empty() {
                    s.name.name.to_string()
                } else {
                    format!(
                        "{}<{}>",
                        s.name.name,
                        s.args.iter().map(type_arg).collect::<Vec<_>>().join(", ")
                    )
                }
            })
            .collect::<Vec<_>>()
            .join("."),
        TypeKind::Nullable(inner) => match inner.kind {
            TypeKind::Function { .. } => format!("({})?", ty(inner)),
            _ => format!("{}?", ty(inner)),
        },
        TypeKind::Tuple(ts) => format!("({})", ts.iter().map(ty).collect::<Vec<_>>().join(", ")),
        TypeKind::Function {
            suspend,
            receiver,
            params,
            ret,
        } => {
            let s = if *suspend { "suspend " } else { "" };
            let r = receiver
                .as_ref()
                .map_or(String::new(), |r| format!("{}.", ty(r)));
            let ps: Vec<String> = params
                .iter()
                .map(|p| match &p.name {
                    Some(n) => format!("{}: {}", n.name, ty(&p.ty)),
                    None => ty(&p.ty),
                })
                .collect();
            format!("{s}{r}({}) -> {}", ps.join(", "), ty(ret))
        }
        TypeKind::Simd { elem, lanes } => format!("simd[{}, {}]", ty(elem), expr(lanes)),
        TypeKind::Mask { lanes } => format!("mask[{}]", expr(lanes)),
        TypeKind::SelfType => kw(Word::SelfType).into(),
        TypeKind::Error => "<error>".into(),
    }
}

fn type_arg(a: &TypeArg<'_>) -> String {
    match a {
        TypeArg::Type {
            variance: Some(v),
            ty: t,
        } => format!("{} {}", format!("{v:?}").to_lowercase(), ty(t)),
        TypeArg::Type {
            variance: None,
            ty: t,
        } => ty(t),
        TypeArg::Const(e) => expr(e),
        TypeArg::Star(_) => "*".into(),
    }
}

fn pattern(p: &Pattern<'_>) -> String {
    match &p.kind {
        PatternKind::Wildcard => "_".into(),
        PatternKind::Binding(id) => id.name.to_string(),
        PatternKind::Tuple(ps) => format!(
            "({})",
            ps.iter().map(pattern).collect::<Vec<_>>().join(", ")
        ),
        PatternKind::Ctor { path, args } => {
            format!(
                "{}({})",
                expr(path),
                args.iter().map(pattern).collect::<Vec<_>>().join(", ")
            )
        }
        PatternKind::Value(e) => format!("(value {})", expr(e)),
    }
}

fn block_inline(b: &Block<'_>) -> String {
    let stmts: Vec<String> = b.stmts.iter().map(stmt_inline).collect();
    format!("{{{}}}", stmts.join("; "))
}

fn stmt_inline(s: &Stmt<'_>) -> String {
    let mut p = Printer {
        out: String::new(),
        indent: 0,
    };
    p.stmt(s);
    p.out.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// Renders an expression on one line.
pub fn expr(e: &Expr<'_>) -> String {
    match &e.kind {
        ExprKind::Int(lit) => match lit.suffix {
            Some(s) => format!("{}{}", lit.value, s.text()),
            None => lit.value.to_string(),
        },
        ExprKind::Float(lit) => format!("{:?}{}", lit.value, if lit.is_float32 { "f" } else { "" }),
        ExprKind::Char(c) => format!("{c:?}"),
        ExprKind::Str(s) => {
            let parts: Vec<String> = s
                .parts
                .iter()
                .map(|p| match p {
                    StrPart::Text(t) => format!("{t:?}"),
                    StrPart::Expr(e) => format!("${{{}}}", expr(e)),
                })
                .collect();
            format!(
                "(str{} {})",
                if s.raw { "-raw" } else { "" },
                parts.join(" ")
            )
        }
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Null => kw(Word::Null).into(),
        ExprKind::Name(id) => id.name.to_string(),
        ExprKind::This(l) => l.as_ref().map_or(kw(Word::This).into(), |l| {
            format!("{}@{}", kw(Word::This), l.name)
        }),
        ExprKind::Super { ty: t, label } => {
            let t = t.as_ref().map_or(String::new(), |t| format!("<{}>", ty(t)));
            let l = label
                .as_ref()
                .map_or(String::new(), |l| format!("@{}", l.name));
            format!("{}{t}{l}", kw(Word::Super))
        }
        ExprKind::Paren(inner) => format!("(paren {})", expr(inner)),
        ExprKind::Tuple(items) => format!(
            "(tuple {})",
            items.iter().map(expr).collect::<Vec<_>>().join(" ")
        ),
        ExprKind::Unary { op, expr: x } => {
            format!("({} {})", format!("{op:?}").to_lowercase(), expr(x))
        }
        ExprKind::Postfix { op, expr: x } => {
            format!("(post-{} {})", format!("{op:?}").to_lowercase(), expr(x))
        }
        ExprKind::Binary { op, lhs, rhs } => {
            format!("({} {} {})", op.symbol(), expr(lhs), expr(rhs))
        }
        ExprKind::Infix { lhs, name, rhs } => {
            format!("(infix {} {} {})", name.name, expr(lhs), expr(rhs))
        }
        ExprKind::Is {
            expr: x,
            ty: t,
            negated,
        } => format!(
            "({} {} {})",
            if *negated { "!is" } else { kw(Word::Is) },
            expr(x),
            ty(t)
        ),
        ExprKind::As {
            expr: x,
            ty: t,
            safe,
        } => format!(
            "({} {} {})",
            if *safe { "as?" } else { kw(Word::As) },
            expr(x),
            ty(t)
        ),
        ExprKind::Member {
            receiver,
            name,
            safe,
        } => format!(
            "({} {} {})",
            if *safe { "?." } else { "." },
            expr(receiver),
            name.name
        ),
        ExprKind::TupleIndex {
            receiver,
            index,
            safe,
            ..
        } => {
            format!(
                "({} {} {index})",
                if *safe { "?." } else { "." },
                expr(receiver)
            )
        }
        ExprKind::Call {
            callee,
            type_args,
            args: a,
            trailing,
        } => {
            let targs = if type_args.is_empty() {
                String::new()
            } else {
                format!(
                    "<{}>",
                    type_args
                        .iter()
                        .map(type_arg)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let t = trailing
                .as_ref()
                .map_or(String::new(), |l| format!(" {}", lambda(l)));
            format!("(call {}{targs} {}{t})", expr(callee), args(a))
        }
        ExprKind::Index { receiver, indices } => {
            format!(
                "(index {} {})",
                expr(receiver),
                indices.iter().map(expr).collect::<Vec<_>>().join(" ")
            )
        }
        ExprKind::Lambda(l) => lambda(l),
        ExprKind::AnonFun(f) => {
            let mut p = Printer {
                out: String::new(),
                indent: 0,
            };
            p.fun("", f);
            p.out.lines().map(str::trim).collect::<Vec<_>>().join(" ")
        }
        ExprKind::Ref { receiver, name } => {
            format!(
                "(ref {}::{})",
                receiver.as_ref().map_or(String::new(), |r| expr(r)),
                name.name
            )
        }
        ExprKind::If(i) => {
            let e = i
                .els
                .as_ref()
                .map_or(String::new(), |b| format!(" else {}", block_inline(b)));
            format!("(if {} {}{e})", expr(&i.cond), block_inline(&i.then))
        }
        ExprKind::When(w) => when(w),
        ExprKind::Try(t) => {
            let mut s = format!("(try {}", block_inline(&t.body));
            for c in t.catches {
                let cty =
                    c.ty.as_ref()
                        .map_or(String::new(), |t| format!(": {}", ty(t)));
                let _ = write!(s, " (catch {}{cty} {})", c.name.name, block_inline(&c.body));
            }
            if let Some(f) = &t.finally {
                let _ = write!(s, " (finally {})", block_inline(f));
            }
            s.push(')');
            s
        }
        ExprKind::TryOp(x) => format!("(try-op {})", expr(x)),
        ExprKind::Throw(x) => format!("(throw {})", expr(x)),
        ExprKind::Return { label, value } => {
            let l = label
                .as_ref()
                .map_or(String::new(), |l| format!("@{}", l.name));
            let v = value
                .as_ref()
                .map_or(String::new(), |v| format!(" {}", expr(v)));
            format!("(return{l}{v})")
        }
        ExprKind::Break(l) => format!(
            "(break{})",
            l.as_ref().map_or(String::new(), |l| format!("@{}", l.name))
        ),
        ExprKind::Continue(l) => format!(
            "(continue{})",
            l.as_ref().map_or(String::new(), |l| format!("@{}", l.name))
        ),
        ExprKind::Object(o) => {
            let mut p = Printer {
                out: String::new(),
                indent: 0,
            };
            p.nested(&format!("object{}", supers(o.supers)), |p| {
                o.members.iter().for_each(|m| p.item(m))
            });
            p.out.lines().map(str::trim).collect::<Vec<_>>().join(" ")
        }
        ExprKind::Unsafe(b) => format!("(unsafe {})", block_inline(b)),
        ExprKind::Block(b) => format!("(block {})", block_inline(b)),
        ExprKind::Annotated {
            annotations,
            expr: x,
        } => {
            format!(
                "({} {})",
                annotations
                    .iter()
                    .map(annotation)
                    .collect::<Vec<_>>()
                    .join(" "),
                expr(x)
            )
        }
        ExprKind::Error => "<error>".into(),
    }
}

fn lambda(l: &Lambda<'_>) -> String {
    let label = l
        .label
        .as_ref()
        .map_or(String::new(), |l| format!("{}@", l.name));
    let params = l.params.as_ref().map_or(String::new(), |ps| {
        let items: Vec<String> = ps
            .iter()
            .map(|p| match &p.ty {
                Some(t) => format!("{}: {}", pattern(&p.pattern), ty(t)),
                None => pattern(&p.pattern),
            })
            .collect();
        format!("({}) -> ", items.join(", "))
    });
    format!("({label}lambda {params}{})", block_inline(&l.body))
}

fn when(w: &When<'_>) -> String {
    let subject = w
        .subject
        .as_ref()
        .map_or(String::new(), |s| match &s.binding {
            Some((name, t)) => {
                let t = t.as_ref().map_or(String::new(), |t| format!(": {}", ty(t)));
                format!(" (let {}{t} = {})", name.name, expr(&s.expr))
            }
            None => format!(" {}", expr(&s.expr)),
        });
    let arms: Vec<String> = w
        .arms
        .iter()
        .map(|a| {
            let conds: Vec<String> = a
                .conds
                .iter()
                .map(|c| match c {
                    WhenCond::Expr(e) => expr(e),
                    WhenCond::In { expr: e, negated } => format!(
                        "({} {})",
                        if *negated { "!in" } else { kw(Word::In) },
                        expr(e)
                    ),
                    WhenCond::Is { ty: t, negated } => format!(
                        "({} {})",
                        if *negated { "!is" } else { kw(Word::Is) },
                        ty(t)
                    ),
                    WhenCond::Pattern(p) => format!("(pattern {})", pattern(p)),
                    WhenCond::Else(_) => kw(Word::Else).into(),
                })
                .collect();
            let guard = a
                .guard
                .as_ref()
                .map_or(String::new(), |g| format!(" if {}", expr(g)));
            format!("[{}{guard} -> {}]", conds.join(", "), block_inline(&a.body))
        })
        .collect();
    format!("(when{subject} {})", arms.join(" "))
}
