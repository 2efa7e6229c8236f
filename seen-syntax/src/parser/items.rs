//! Declarations: files, imports, annotations, modifiers, functions,
//! properties, classes, enums, extensions, aliases and modules.

use super::{Parser, Role};
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::lexer::{Token, TokenKind};
use crate::pack::Word;
use crate::span::Span;

/// Where a declaration stands; it decides which members are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ctx {
    /// Top level of a file or module.
    TopLevel,
    /// The body of a class-like declaration of this kind.
    Member(ClassKind),
    /// A statement in a block.
    Local,
}

pub(super) fn file_contents(p: &mut Parser<'_>, file: &mut File) {
    while !p.at_eof() {
        let before = p.pos;
        if p.at(TokenKind::At) && at_file_annotation(p) {
            file.annotations.push(annotation(p));
        } else if p.at_word(Word::Import) {
            file.imports.push(import(p));
        } else if !top_level_step(p, &mut file.items, Ctx::TopLevel) {
            break;
        }
        if p.pos == before {
            p.bump();
        }
    }
}

/// Parses one top-level or member position: a declaration, a stray `;`
/// or closer, or junk. Returns `false` at a `}` that ends the body.
fn top_level_step(p: &mut Parser<'_>, items: &mut Vec<Item>, ctx: Ctx) -> bool {
    match p.kind() {
        TokenKind::Semi => {
            p.bump();
        }
        TokenKind::RBrace if ctx != Ctx::TopLevel => return false,
        TokenKind::RBrace | TokenKind::RParen | TokenKind::RBracket => {
            let t = p.bump();
            let text = t.kind.punct_text().unwrap_or("?");
            p.error(
                Diagnostic::error("E0012", format!("unmatched `{text}`"))
                    .primary(p.file, t.span(), "nothing opened here to close")
                    .help("remove it, or add the opening bracket it belongs to"),
            );
        }
        _ => match item(p, ctx) {
            Some(it) => {
                items.push(it);
                p.statement_end();
            }
            None => {
                let what = match ctx {
                    Ctx::Member(_) => "a member declaration",
                    _ => "a declaration",
                };
                p.expected(what);
                p.recover_statement();
            }
        },
    }
    true
}

fn at_file_annotation(p: &Parser<'_>) -> bool {
    p.nth_kind(1) == TokenKind::Ident && p.nth_kind(2) == TokenKind::Colon && p.nth(2).is_joint()
}

/// `import a.b.C [as D]`, `import a.b.*`, `import a.b.{c, d as e}`.
pub(super) fn import(p: &mut Parser<'_>) -> Import {
    let start = p.start();
    p.bump();
    let mut path = vec![any_name(p, "a module name")];
    let kind = loop {
        if !p.at(TokenKind::Dot) || p.line_break() {
            let name = path.pop().expect("the path has at least one segment");
            let alias = p.eat_word(Word::As).then(|| p.ident("a name after `as`"));
            break ImportKind::Single(ImportName { name, alias });
        }
        p.bump();
        if p.at(TokenKind::Star) {
            p.bump();
            p.mark_prev(Role::Glob);
            break ImportKind::Glob;
        }
        if p.at(TokenKind::LBrace) {
            let open = p.bump().span();
            let names = p.with_newlines(false, |p| {
                p.comma_list(TokenKind::RBrace, open, |p| {
                    let name = any_name(p, "a name to import");
                    let alias = p.eat_word(Word::As).then(|| p.ident("a name after `as`"));
                    Some(ImportName { name, alias })
                })
            });
            break ImportKind::Group(names);
        }
        path.push(any_name(p, "a name"));
    };
    Import {
        path,
        kind,
        span: p.span_from(start),
    }
}

/// A name in a path, where even reserved words are accepted as names.
fn any_name(p: &mut Parser<'_>, what: &str) -> Ident {
    if matches!(p.kind(), TokenKind::Ident | TokenKind::Word(_)) {
        p.ident_here()
    } else {
        p.ident(what)
    }
}

/// `@name`, `@name(args)`, `@file:name`.
pub(super) fn annotation(p: &mut Parser<'_>) -> Annotation {
    let start = p.start();
    p.bump();
    let mut target = None;
    let mut name = any_name(p, "an annotation name");
    if p.at(TokenKind::Colon) && p.tok().is_joint() {
        p.bump();
        p.mark_prev(Role::AnnotationColon);
        target = Some(name);
        name = any_name(p, "an annotation name");
    }
    let args = if p.at(TokenKind::LParen) && p.tok().is_joint() {
        super::exprs::call_args(p)
    } else {
        Vec::new()
    };
    Annotation {
        target,
        name,
        args,
        span: p.span_from(start),
    }
}

/// Whether the current `@` starts an annotation (not a stray `@`).
pub(super) fn at_annotation(p: &Parser<'_>) -> bool {
    p.at(TokenKind::At)
        && matches!(p.nth_kind(1), TokenKind::Ident | TokenKind::Word(_))
        && p.nth(1).is_joint()
}

pub(super) fn annotations(p: &mut Parser<'_>) -> Vec<Annotation> {
    let mut list = Vec::new();
    while at_annotation(p) {
        list.push(annotation(p));
    }
    list
}

fn modifier_kind(w: Word) -> Option<ModifierKind> {
    Some(match w {
        Word::Private => ModifierKind::Private,
        Word::Protected => ModifierKind::Protected,
        Word::Internal => ModifierKind::Internal,
        Word::Public => ModifierKind::Public,
        Word::Open => ModifierKind::Open,
        Word::Abstract => ModifierKind::Abstract,
        Word::Final => ModifierKind::Final,
        Word::Override => ModifierKind::Override,
        Word::Sealed => ModifierKind::Sealed,
        Word::Data => ModifierKind::Data,
        Word::Enum => ModifierKind::Enum,
        Word::Inner => ModifierKind::Inner,
        Word::Companion => ModifierKind::Companion,
        Word::Inline => ModifierKind::Inline,
        Word::External => ModifierKind::External,
        Word::Operator => ModifierKind::Operator,
        Word::Infix => ModifierKind::Infix,
        Word::Suspend => ModifierKind::Suspend,
        Word::Mutating => ModifierKind::Mutating,
        Word::Weak => ModifierKind::Weak,
        _ => return None,
    })
}

/// Whether the token begins a declaration proper (after modifiers).
fn is_decl_keyword(t: Token, next: Token) -> bool {
    match t.kind {
        TokenKind::Word(
            Word::Fun
            | Word::Let
            | Word::Var
            | Word::Const
            | Word::Class
            | Word::Struct
            | Word::Trait
            | Word::Interface
            | Word::Object
            | Word::Typealias
            | Word::Constructor,
        ) => true,
        TokenKind::Word(Word::Enum) => Parser::is_ident(next) || next.is_word(Word::Class),
        _ => false,
    }
}

/// How many modifier words start at `offset` and lead to a declaration
/// keyword (0 when the words are something else, `let data = 1`).
fn modifier_run(p: &Parser<'_>, offset: usize) -> usize {
    let mut n = 0;
    loop {
        let t = p.nth(offset + n);
        let Some(w) = t.word().filter(|w| modifier_kind(*w).is_some()) else {
            return if n > 0 && is_decl_keyword(t, p.nth(offset + n + 1)) {
                n
            } else {
                0
            };
        };
        // `enum` is a modifier only in `enum class`
        if w == Word::Enum && !p.nth(offset + n + 1).is_word(Word::Class) {
            return if n > 0 && is_decl_keyword(t, p.nth(offset + n + 1)) {
                n
            } else {
                0
            };
        }
        n += 1;
        if t.kind == TokenKind::Eof {
            return 0;
        }
    }
}

fn at_modifier(p: &Parser<'_>, offset: usize) -> bool {
    modifier_run(p, offset) > 0
}

pub(super) fn modifiers(p: &mut Parser<'_>) -> Vec<Modifier> {
    let mut list: Vec<Modifier> = Vec::new();
    for _ in 0..modifier_run(p, 0) {
        let t = p.bump();
        let kind = modifier_kind(t.word().expect("at_modifier checked the word")).expect("checked");
        if list.iter().any(|m| m.kind == kind) {
            p.error(
                Diagnostic::error("E0018", format!("`{}` is written twice", p.text(t)))
                    .primary(p.file, t.span(), "repeated modifier")
                    .help("remove one of them"),
            );
        }
        list.push(Modifier {
            kind,
            span: t.span(),
        });
    }
    list
}

/// Whether a declaration starts here (used by the statement parser).
pub(super) fn at_decl_start(p: &Parser<'_>) -> bool {
    let t = p.tok();
    let next = p.nth(1);
    match t.kind {
        TokenKind::Word(Word::Fun) => next.kind != TokenKind::LParen,
        TokenKind::Word(Word::Object) => Parser::is_ident(next),
        TokenKind::Word(Word::Type) => at_type_alias(p),
        TokenKind::Ident => habit_decl(p).is_some(),
        _ => is_decl_keyword(t, next) || at_modifier(p, 0),
    }
}

fn at_type_alias(p: &Parser<'_>) -> bool {
    p.at_word(Word::Type)
        && Parser::is_ident(p.nth(1))
        && !p.nth(1).nl_before()
        && matches!(p.nth_kind(2), TokenKind::Eq | TokenKind::Lt)
}

/// A word from another language standing where a declaration keyword
/// belongs (`val x`, `fn main`): the word it stands for.
fn habit_decl(p: &Parser<'_>) -> Option<Word> {
    let t = p.tok();
    if t.kind != TokenKind::Ident || t.flags & Token::BACKTICK != 0 {
        return None;
    }
    let word = p.pack.habit(p.text(t))?.word()?;
    let next = p.nth(1);
    let fits = matches!(
        word,
        Word::Let | Word::Var | Word::Fun | Word::Extension | Word::When
    ) && (Parser::is_ident(next) || word == Word::Fun && next.kind == TokenKind::Lt)
        && !next.nl_before();
    fits.then_some(word)
}

/// Parses one declaration, or returns `None` (consuming nothing but
/// annotations and modifiers) when none starts here.
pub(super) fn item(p: &mut Parser<'_>, ctx: Ctx) -> Option<Item> {
    let start = p.start();
    let doc = p.doc_before(p.pos);
    let annotations = annotations(p);
    let modifiers = modifiers(p);
    let enum_class = modifiers.iter().any(|m| m.kind == ModifierKind::Enum);
    let kind = item_kind(p, ctx, enum_class)?;
    Some(Item {
        doc,
        annotations,
        modifiers,
        kind,
        span: p.span_from(start),
    })
}

fn item_kind(p: &mut Parser<'_>, ctx: Ctx, enum_class: bool) -> Option<ItemKind> {
    let word = match p.kind() {
        TokenKind::Word(w) => w,
        TokenKind::Ident => return ident_item(p, ctx),
        _ => return None,
    };
    Some(match word {
        Word::Fun => ItemKind::Fun(Box::new(fun_decl(p))),
        Word::Let | Word::Var | Word::Const => ItemKind::Property(Box::new(property(p, ctx))),
        Word::Class if enum_class => class_decl(p, ClassKind::Enum),
        Word::Class => class_decl(p, ClassKind::Class),
        Word::Struct => class_decl(p, ClassKind::Struct),
        Word::Trait | Word::Interface => class_decl(p, ClassKind::Trait),
        Word::Object => class_decl(p, ClassKind::Object),
        Word::Enum if Parser::is_ident(p.nth(1)) => class_decl(p, ClassKind::Enum),
        Word::Typealias => type_alias(p),
        Word::Type if at_type_alias(p) => type_alias(p),
        Word::Extension if Parser::is_ident(p.nth(1)) || p.nth_kind(1) == TokenKind::Lt => {
            extension(p)
        }
        Word::Module if Parser::is_ident(p.nth(1)) && p.nth_kind(2) == TokenKind::LBrace => {
            module(p)
        }
        Word::Init | Word::Deinit
            if matches!(ctx, Ctx::Member(_)) && p.nth_kind(1) == TokenKind::LBrace =>
        {
            p.bump();
            let body = super::stmts::block(p);
            if word == Word::Init {
                ItemKind::Init(body)
            } else {
                ItemKind::Deinit(body)
            }
        }
        Word::Constructor if p.nth_kind(1) == TokenKind::LParen => secondary_ctor(p),
        _ if matches!(ctx, Ctx::Member(ClassKind::Struct)) && at_field(p) => struct_field(p),
        _ => return None,
    })
}

/// An identifier where a declaration belongs: a struct field, or a word
/// from another language (`val`, `fn`) reported with the right one.
fn ident_item(p: &mut Parser<'_>, ctx: Ctx) -> Option<ItemKind> {
    if matches!(ctx, Ctx::Member(ClassKind::Struct)) && at_field(p) {
        return Some(struct_field(p));
    }
    let word = habit_decl(p)?;
    let t = p.tok();
    let spelled = p.spell(word);
    p.error(
        Diagnostic::error("E0014", format!("`{}` is not a keyword in Seen", p.text(t)))
            .primary(p.file, t.span(), format!("write `{spelled}` here"))
            .help(format!("Seen declares this with `{spelled}`")),
    );
    Some(match word {
        Word::Fun => ItemKind::Fun(Box::new(fun_decl(p))),
        Word::Extension => extension(p),
        Word::Let | Word::Var => {
            ItemKind::Property(Box::new(property_with(p, ctx, BindingKind::Let)))
        }
        _ => {
            p.bump();
            return None;
        }
    })
}

fn at_field(p: &Parser<'_>) -> bool {
    p.at_ident() && p.nth_kind(1) == TokenKind::Colon
}

fn struct_field(p: &mut Parser<'_>) -> ItemKind {
    let name = p.ident_here();
    let span = name.span;
    p.bump();
    let ty = Some(super::types::ty(p));
    let init = p.eat(TokenKind::Eq).then(|| super::exprs::expr(p));
    ItemKind::Property(Box::new(PropertyDecl {
        binding: BindingKind::Field,
        type_params: Vec::new(),
        receiver: None,
        pattern: Pattern {
            kind: PatternKind::Binding(name),
            span,
        },
        ty,
        init,
        getter: None,
        setter: None,
    }))
}

// ---- functions --------------------------------------------------------------

pub(super) fn fun_decl(p: &mut Parser<'_>) -> FunDecl {
    p.bump();
    let mut type_params = if p.at(TokenKind::Lt) {
        super::types::type_params(p)
    } else {
        Vec::new()
    };
    let (late_params, receiver, name) = decl_name(p, true);
    if type_params.is_empty() {
        type_params = late_params;
    }
    let params = params(p);
    let ret = (p.at(TokenKind::Colon) && !p.line_break()).then(|| {
        p.bump();
        super::types::ty(p)
    });
    let where_clause = where_clause(p);
    let body = fun_body(p);
    FunDecl {
        type_params,
        receiver,
        name,
        params,
        ret,
        where_clause,
        body,
    }
}

/// `fun(x: Int): Int { ... }`, a function value.
pub(super) fn anon_fun(p: &mut Parser<'_>) -> FunDecl {
    let t = p.bump();
    let name = Ident {
        name: Name::new_static(""),
        span: t.span(),
    };
    let params = params(p);
    let ret = (p.at(TokenKind::Colon) && !p.line_break()).then(|| {
        p.bump();
        super::types::ty(p)
    });
    let body = fun_body(p);
    if body.is_none() {
        p.expected("`{` or `=` and the function's body");
    }
    FunDecl {
        type_params: Vec::new(),
        receiver: None,
        name,
        params,
        ret,
        where_clause: Vec::new(),
        body,
    }
}

/// `{ ... }` or `= expr` after a signature (on the same or the next line).
pub(super) fn fun_body(p: &mut Parser<'_>) -> Option<FunBody> {
    if p.at(TokenKind::LBrace) {
        return Some(FunBody::Block(super::stmts::block(p)));
    }
    if p.at(TokenKind::Eq) {
        p.bump();
        return Some(FunBody::Expr(super::exprs::expr(p)));
    }
    None
}

fn is_operator_token(t: Token) -> bool {
    use TokenKind::*;
    matches!(
        t.kind,
        Plus | Minus
            | Star
            | Slash
            | Percent
            | DotDot
            | DotDotLt
            | PlusPlus
            | MinusMinus
            | PlusEq
            | MinusEq
            | StarEq
            | SlashEq
            | PercentEq
            | TokenKind::Word(crate::pack::Word::Not)
    )
}

/// The name of a function or property, with an extension receiver before
/// it: `name`, `name<T>`, `Type.name`, `List<T>.name`, `String?.name`,
/// `Vec2.*` (operator functions), `(A, B).name`.
fn decl_name(p: &mut Parser<'_>, allow_operator: bool) -> (Vec<TypeParam>, Option<Type>, Ident) {
    if allow_operator && is_operator_token(p.tok()) {
        return (Vec::new(), None, operator_name(p));
    }
    if p.at(TokenKind::LParen) {
        let receiver = super::types::ty_no_dot(p);
        return finish_receiver(p, receiver, allow_operator);
    }
    let mut segments: Vec<PathSegment> = Vec::new();
    let start = p.start();
    loop {
        let name = if segments.is_empty() {
            p.ident("a name")
        } else {
            any_name(p, "a name")
        };
        let mut args = Vec::new();
        if p.at(TokenKind::Lt) {
            let cp = p.checkpoint();
            args = super::types::type_args(p);
            if !matches!(
                p.kind(),
                TokenKind::Dot | TokenKind::QuestionDot | TokenKind::Question
            ) {
                p.rewind(cp);
                let params = super::types::type_params(p);
                let receiver = (!segments.is_empty()).then(|| Type {
                    kind: TypeKind::Path(segments),
                    span: p.span_from(start),
                });
                return (params, receiver, name);
            }
        }
        let at_dot = p.at(TokenKind::Dot) && !p.line_break();
        let at_nullable = matches!(p.kind(), TokenKind::QuestionDot | TokenKind::Question);
        if !at_dot && !at_nullable {
            if segments.is_empty() {
                return (Vec::new(), None, name);
            }
            // `A.B.name`: the segments so far are the receiver
            let receiver = Type {
                kind: TypeKind::Path(segments),
                span: Span::new(start, p.prev_end()),
            };
            return (Vec::new(), Some(receiver), name);
        }
        segments.push(PathSegment { name, args });
        if at_nullable {
            let path = Type {
                kind: TypeKind::Path(segments),
                span: p.span_from(start),
            };
            return finish_receiver(p, path, allow_operator);
        }
        // `Type.` followed by an operator or a name
        if allow_operator && is_operator_token(p.nth(1)) {
            p.bump();
            let receiver = Type {
                kind: TypeKind::Path(segments),
                span: Span::new(start, p.prev_end() - 1),
            };
            return (Vec::new(), Some(receiver), operator_name(p));
        }
        p.bump();
    }
}

/// After a receiver type: `?` marks, the `.` and the name.
fn finish_receiver(
    p: &mut Parser<'_>,
    mut receiver: Type,
    allow_operator: bool,
) -> (Vec<TypeParam>, Option<Type>, Ident) {
    let mut links = 0;
    while p.chain_step(&mut links) {
        match p.kind() {
            TokenKind::Question => {
                p.bump();
                p.mark_prev(Role::NullableMark);
                let span = receiver.span.to(p.prev_span());
                receiver = Type {
                    kind: TypeKind::Nullable(Box::new(receiver)),
                    span,
                };
            }
            TokenKind::QuestionDot => {
                p.bump();
                p.mark_prev(Role::NullableMark);
                let span = receiver.span.to(p.prev_span());
                receiver = Type {
                    kind: TypeKind::Nullable(Box::new(receiver)),
                    span,
                };
                break;
            }
            _ => {
                if !p.eat(TokenKind::Dot) {
                    p.expected("`.` and a name after the receiver type");
                }
                break;
            }
        }
    }
    p.end_chain(links);
    let name = if allow_operator && is_operator_token(p.tok()) {
        operator_name(p)
    } else {
        any_name(p, "a name")
    };
    let type_params = if p.at(TokenKind::Lt) {
        super::types::type_params(p)
    } else {
        Vec::new()
    };
    (type_params, Some(receiver), name)
}

fn operator_name(p: &mut Parser<'_>) -> Ident {
    let t = p.bump();
    p.mark_prev(Role::OperatorName);
    let name = match t.kind {
        TokenKind::Word(w) => Name::new_static(w.canonical()),
        k => Name::new_static(k.punct_text().unwrap_or("?")),
    };
    Ident {
        name,
        span: t.span(),
    }
}

/// `(a: Int, b: Int = 1, values: Int...)`
pub(super) fn params(p: &mut Parser<'_>) -> Vec<Param> {
    if !p.at(TokenKind::LParen) {
        p.expected("`(` and the parameters");
        return Vec::new();
    }
    let open = p.bump().span();
    p.with_newlines(false, |p| {
        p.comma_list(TokenKind::RParen, open, |p| Some(param(p, false)))
    })
}

/// One parameter; `ctor` allows `let`/`var` and modifiers.
pub(super) fn param(p: &mut Parser<'_>, ctor: bool) -> Param {
    let start = p.start();
    let annotations = annotations(p);
    let mut modifiers = Vec::new();
    while ctor && p.tok().word().and_then(modifier_kind).is_some() {
        let Some(kind) = p.tok().word().and_then(modifier_kind) else {
            break;
        };
        let next = p.nth(1);
        if !(next.word().and_then(modifier_kind).is_some()
            || next.is_word(Word::Let)
            || next.is_word(Word::Var))
        {
            break;
        }
        let t = p.bump();
        modifiers.push(Modifier {
            kind,
            span: t.span(),
        });
    }
    let binding = match p.kind() {
        TokenKind::Word(Word::Let) if ctor => Some(BindingKind::Let),
        TokenKind::Word(Word::Var) if ctor => Some(BindingKind::Var),
        _ => None,
    };
    if binding.is_some() {
        p.bump();
    }
    let name = p.ident("a parameter name");
    let mut ty = None;
    let mut vararg = false;
    if p.eat(TokenKind::Colon) {
        ty = Some(super::types::ty(p));
        vararg = p.eat(TokenKind::Ellipsis);
    }
    let default = p.eat(TokenKind::Eq).then(|| super::exprs::expr(p));
    Param {
        annotations,
        modifiers,
        binding,
        name,
        ty,
        default,
        vararg,
        span: p.span_from(start),
    }
}

pub(super) fn where_clause(p: &mut Parser<'_>) -> Vec<WhereBound> {
    let mut bounds = Vec::new();
    if !p.at_word(Word::Where) {
        return bounds;
    }
    p.bump();
    loop {
        let param = p.ident("a type parameter");
        if p.eat(TokenKind::Colon) {
            p.mark_prev(Role::SpacedColon);
        } else {
            p.expected("`:` and a bound");
        }
        let bound = super::types::ty(p);
        bounds.push(WhereBound { param, bound });
        if !p.eat(TokenKind::Comma) {
            return bounds;
        }
    }
}

// ---- properties -------------------------------------------------------------

fn property(p: &mut Parser<'_>, ctx: Ctx) -> PropertyDecl {
    let binding = match p.kind() {
        TokenKind::Word(Word::Var) => BindingKind::Var,
        TokenKind::Word(Word::Const) => BindingKind::Const,
        _ => BindingKind::Let,
    };
    property_with(p, ctx, binding)
}

fn property_with(p: &mut Parser<'_>, ctx: Ctx, binding: BindingKind) -> PropertyDecl {
    p.bump();
    let mut type_params = if p.at(TokenKind::Lt) {
        super::types::type_params(p)
    } else {
        Vec::new()
    };
    let (pattern, receiver) = if p.at(TokenKind::LParen) && ctx == Ctx::Local {
        (super::control::destructure(p), None)
    } else {
        let (late, receiver, name) = decl_name(p, false);
        if type_params.is_empty() {
            type_params = late;
        }
        let span = name.span;
        (
            Pattern {
                kind: PatternKind::Binding(name),
                span,
            },
            receiver,
        )
    };
    let ty = (p.at(TokenKind::Colon) && !p.line_break()).then(|| {
        p.bump();
        super::types::ty(p)
    });
    let init = p.eat(TokenKind::Eq).then(|| super::exprs::expr(p));
    let mut decl = PropertyDecl {
        binding,
        type_params,
        receiver,
        pattern,
        ty,
        init,
        getter: None,
        setter: None,
    };
    if ctx != Ctx::Local {
        accessors(p, &mut decl);
    }
    decl
}

/// Whether an accessor (`get`, `set`, `private set`) starts here.
fn at_accessor(p: &Parser<'_>) -> bool {
    let mut i = 0;
    while matches!(
        p.nth(i).word(),
        Some(Word::Private | Word::Protected | Word::Internal | Word::Public)
    ) {
        i += 1;
    }
    let t = p.nth(i);
    if !(t.is_word(Word::Get) || t.is_word(Word::Set)) {
        return false;
    }
    let next = p.nth(i + 1);
    matches!(
        next.kind,
        TokenKind::LParen
            | TokenKind::Eq
            | TokenKind::LBrace
            | TokenKind::Semi
            | TokenKind::RBrace
            | TokenKind::Eof
    ) || next.nl_before()
}

fn accessors(p: &mut Parser<'_>, decl: &mut PropertyDecl) {
    for _ in 0..2 {
        if !at_accessor(p) {
            return;
        }
        let start = p.start();
        let modifiers = modifiers_plain(p);
        let is_get = p.at_word(Word::Get);
        p.bump();
        let mut param = None;
        let mut ty = None;
        if p.at(TokenKind::LParen) {
            let open = p.bump().span();
            if !is_get && !p.at(TokenKind::RParen) {
                param = Some(p.with_newlines(false, |p| param_of_setter(p)));
            }
            p.close(TokenKind::RParen, open);
            if is_get && p.eat(TokenKind::Colon) {
                ty = Some(super::types::ty(p));
            }
        }
        let body = fun_body(p);
        let acc = Accessor {
            modifiers,
            param,
            ty,
            body,
            span: p.span_from(start),
        };
        let slot = if is_get {
            &mut decl.getter
        } else {
            &mut decl.setter
        };
        if slot.is_some() {
            p.error(
                Diagnostic::error("E0019", "a property has at most one getter and one setter")
                    .primary(p.file, acc.span, "second accessor of the same kind"),
            );
        }
        *slot = Some(acc);
    }
}

fn param_of_setter(p: &mut Parser<'_>) -> Param {
    let start = p.start();
    let name = p.ident("the setter's parameter name");
    let ty = p.eat(TokenKind::Colon).then(|| super::types::ty(p));
    Param {
        annotations: Vec::new(),
        modifiers: Vec::new(),
        binding: None,
        name,
        ty,
        default: None,
        vararg: false,
        span: p.span_from(start),
    }
}

/// Visibility words before an accessor.
fn modifiers_plain(p: &mut Parser<'_>) -> Vec<Modifier> {
    let mut list = Vec::new();
    while let Some(kind) = p.tok().word().and_then(modifier_kind) {
        let t = p.bump();
        list.push(Modifier {
            kind,
            span: t.span(),
        });
    }
    list
}

// ---- classes ----------------------------------------------------------------

fn class_decl(p: &mut Parser<'_>, kind: ClassKind) -> ItemKind {
    p.bump();
    // `enum class Name`: the modifier was `enum`, the keyword `class`
    let name = if p.at_ident() {
        Some(p.ident_here())
    } else if kind == ClassKind::Object {
        None
    } else {
        Some(p.ident("a name"))
    };
    let type_params = if p.at(TokenKind::Lt) {
        super::types::type_params(p)
    } else {
        Vec::new()
    };
    let ctor = primary_ctor(p);
    let supers = if p.at(TokenKind::Colon) && !p.line_break() {
        p.bump();
        p.mark_prev(Role::SpacedColon);
        super_types(p)
    } else {
        Vec::new()
    };
    let where_clause = where_clause(p);
    let (entries, members) = if p.at(TokenKind::LBrace) {
        class_body(p, kind)
    } else {
        (Vec::new(), Vec::new())
    };
    ItemKind::Class(Box::new(ClassDecl {
        kind,
        name,
        type_params,
        ctor,
        supers,
        where_clause,
        entries,
        members,
    }))
}

fn primary_ctor(p: &mut Parser<'_>) -> Option<PrimaryCtor> {
    let start = p.start();
    let mut i = 0;
    while p.nth(i).word().and_then(modifier_kind).is_some() {
        i += 1;
    }
    let has_keyword = p.nth(i).is_word(Word::Constructor);
    if !(p.at(TokenKind::LParen) && !p.line_break() || has_keyword) {
        return None;
    }
    let modifiers = if has_keyword {
        let m = modifiers_plain(p);
        p.bump();
        m
    } else {
        Vec::new()
    };
    if !p.at(TokenKind::LParen) {
        p.expected("`(` and the constructor's parameters");
        return None;
    }
    let open = p.bump().span();
    let params = p.with_newlines(false, |p| {
        p.comma_list(TokenKind::RParen, open, |p| Some(param(p, true)))
    });
    Some(PrimaryCtor {
        modifiers,
        params,
        span: p.span_from(start),
    })
}

/// `Base(args), Trait, Store by inner`
pub(super) fn super_types(p: &mut Parser<'_>) -> Vec<SuperType> {
    let mut list = Vec::new();
    loop {
        let start = p.start();
        let ty = super::types::ty(p);
        let args = (p.at(TokenKind::LParen) && !p.line_break()).then(|| super::exprs::call_args(p));
        let delegate = p.eat_word(Word::By).then(|| super::exprs::expr(p));
        list.push(SuperType {
            ty,
            args,
            delegate,
            span: p.span_from(start),
        });
        if !p.eat(TokenKind::Comma) {
            return list;
        }
    }
}

/// `{ entries; members }`
pub(super) fn class_body(p: &mut Parser<'_>, kind: ClassKind) -> (Vec<EnumEntry>, Vec<Item>) {
    let open = p.bump().span();
    p.with_newlines(true, |p| {
        let entries = if kind == ClassKind::Enum {
            enum_entries(p)
        } else {
            Vec::new()
        };
        let members = member_list(p, Ctx::Member(kind));
        p.close(TokenKind::RBrace, open);
        (entries, members)
    })
}

/// Members up to the closing `}` (not consumed).
pub(super) fn member_list(p: &mut Parser<'_>, ctx: Ctx) -> Vec<Item> {
    let mut members = Vec::new();
    while !p.at_eof() && !p.at(TokenKind::RBrace) {
        let before = p.pos;
        if p.at_word(Word::Import) {
            // only files and modules import
            let import = import(p);
            p.error(
                Diagnostic::error("E0019", "an import belongs at the top of a file or module")
                    .primary(p.file, import.span, "not allowed here"),
            );
            continue;
        }
        top_level_step(p, &mut members, ctx);
        if p.pos == before {
            p.bump();
        }
    }
    members
}

fn enum_entries(p: &mut Parser<'_>) -> Vec<EnumEntry> {
    let mut entries = Vec::new();
    loop {
        if p.eat(TokenKind::Semi) || p.at(TokenKind::RBrace) || p.at_eof() {
            return entries;
        }
        if at_decl_start(p) || !(p.at_ident() || at_annotation(p)) {
            return entries;
        }
        let start = p.start();
        let doc = p.doc_before(p.pos);
        let annotations = annotations(p);
        let name = p.ident("an enum entry");
        let (mut args, mut payload) = (None, None);
        if p.at(TokenKind::LParen) && !p.line_break() {
            if Parser::is_ident(p.nth(1)) && p.nth_kind(2) == TokenKind::Colon {
                payload = Some(params(p));
            } else {
                args = Some(super::exprs::call_args(p));
            }
        }
        let value = p.eat(TokenKind::Eq).then(|| super::exprs::expr(p));
        entries.push(EnumEntry {
            doc,
            annotations,
            name,
            args,
            payload,
            value,
            span: p.span_from(start),
        });
        if p.eat(TokenKind::Comma) {
            continue;
        }
        if p.at(TokenKind::Semi) || p.at(TokenKind::RBrace) || p.tok().nl_before() {
            continue;
        }
        p.expected("`,`, a line break or `;` after the enum entry");
        p.recover_statement();
    }
}

fn secondary_ctor(p: &mut Parser<'_>) -> ItemKind {
    p.bump();
    let params = params(p);
    let delegation = if p.at(TokenKind::Colon) && !p.line_break() {
        let start = p.start();
        p.bump();
        p.mark_prev(Role::SpacedColon);
        let to_super = match p.kind() {
            TokenKind::Word(Word::This) => false,
            TokenKind::Word(Word::Super) => true,
            _ => {
                p.expected(&format!(
                    "`{}` or `{}`",
                    p.spell(Word::This),
                    p.spell(Word::Super)
                ));
                false
            }
        };
        if matches!(p.kind(), TokenKind::Word(Word::This | Word::Super)) {
            p.bump();
        }
        let args = if p.at(TokenKind::LParen) {
            super::exprs::call_args(p)
        } else {
            Vec::new()
        };
        Some(CtorDelegation {
            to_super,
            args,
            span: p.span_from(start),
        })
    } else {
        None
    };
    let body = p.at(TokenKind::LBrace).then(|| super::stmts::block(p));
    ItemKind::Constructor(Box::new(SecondaryCtor {
        params,
        delegation,
        body,
    }))
}

fn type_alias(p: &mut Parser<'_>) -> ItemKind {
    p.bump();
    let name = p.ident("the alias's name");
    let type_params = if p.at(TokenKind::Lt) {
        super::types::type_params(p)
    } else {
        Vec::new()
    };
    if !p.eat(TokenKind::Eq) {
        p.expected("`=` and a type");
    }
    let ty = super::types::ty(p);
    ItemKind::TypeAlias(Box::new(TypeAlias {
        name,
        type_params,
        ty,
    }))
}

fn extension(p: &mut Parser<'_>) -> ItemKind {
    p.bump();
    let type_params = if p.at(TokenKind::Lt) {
        super::types::type_params(p)
    } else {
        Vec::new()
    };
    let ty = super::types::ty(p);
    let supers = if p.at(TokenKind::Colon) && !p.line_break() {
        p.bump();
        p.mark_prev(Role::SpacedColon);
        super_types(p)
    } else {
        Vec::new()
    };
    let where_clause = where_clause(p);
    let members = if p.at(TokenKind::LBrace) {
        let open = p.bump().span();
        p.with_newlines(true, |p| {
            let m = member_list(p, Ctx::Member(ClassKind::Class));
            p.close(TokenKind::RBrace, open);
            m
        })
    } else {
        p.expected("`{` and the extension's members");
        Vec::new()
    };
    ItemKind::Extension(Box::new(ExtensionDecl {
        type_params,
        ty,
        supers,
        where_clause,
        members,
    }))
}

fn module(p: &mut Parser<'_>) -> ItemKind {
    p.bump();
    let name = p.ident_here();
    let open = p.bump().span();
    let (imports, items) = p.with_newlines(true, |p| {
        let mut file = File::default();
        while !p.at_eof() && !p.at(TokenKind::RBrace) {
            let before = p.pos;
            if p.at_word(Word::Import) {
                file.imports.push(import(p));
            } else {
                top_level_step(p, &mut file.items, Ctx::TopLevel);
            }
            if p.pos == before {
                p.bump();
            }
        }
        p.close(TokenKind::RBrace, open);
        (file.imports, file.items)
    });
    ItemKind::Module(Box::new(ModuleDecl {
        name,
        imports,
        items,
    }))
}
