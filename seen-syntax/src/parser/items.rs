//! Declarations: files, imports, annotations, modifiers, functions,
//! properties, classes, enums, extensions, aliases and modules.

use super::{BVec, Parser, Role};
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

pub(super) fn file_contents<'a>(p: &mut Parser<'a, '_>) -> File<'a> {
    let (mut annotations, mut imports, mut items) = (p.vec(), p.vec(), p.vec());
    while !p.at_eof() {
        let before = p.pos;
        if p.at(TokenKind::At) && at_file_annotation(p) {
            annotations.push(annotation(p));
        } else if p.at_word(Word::Import) {
            imports.push(import(p));
        } else if !top_level_step(p, &mut items, Ctx::TopLevel) {
            break;
        }
        if p.pos == before {
            p.bump();
        }
    }
    File {
        annotations: annotations.into_bump_slice(),
        imports: imports.into_bump_slice(),
        items: items.into_bump_slice(),
        span: Span::default(),
    }
}

/// Parses one top-level or member position: a declaration, a stray `;`
/// or closer, or junk. Returns `false` at a `}` that ends the body.
fn top_level_step<'a>(p: &mut Parser<'a, '_>, items: &mut BVec<'a, Item<'a>>, ctx: Ctx) -> bool {
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

fn at_file_annotation(p: &Parser<'_, '_>) -> bool {
    p.nth_kind(1) == TokenKind::Ident && p.nth_kind(2) == TokenKind::Colon && p.nth(2).is_joint()
}

/// `import a.b.C [as D]`, `import a.b.*`, `import a.b.{c, d as e}`.
pub(super) fn import<'a>(p: &mut Parser<'a, '_>) -> Import<'a> {
    let start = p.start();
    p.bump();
    let first = any_name(p, "a module name");
    let mut path = p.vec();
    path.push(first);
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
            p.mark_prev(Role::TightBrace);
            let names = p.with_newlines(false, |p| {
                p.comma_list(TokenKind::RBrace, open, |p| {
                    let name = any_name(p, "a name to import");
                    let alias = p.eat_word(Word::As).then(|| p.ident("a name after `as`"));
                    Some(ImportName { name, alias })
                })
            });
            if p.tokens[p.pos - 1].kind == TokenKind::RBrace {
                p.mark_prev(Role::TightBrace);
            }
            break ImportKind::Group(names);
        }
        path.push(any_name(p, "a name"));
    };
    Import {
        path: path.into_bump_slice(),
        kind,
        span: p.span_from(start),
    }
}

/// A name in a path, where even reserved words are accepted as names.
fn any_name<'a>(p: &mut Parser<'a, '_>, what: &str) -> Ident<'a> {
    if matches!(p.kind(), TokenKind::Ident | TokenKind::Word(_)) {
        p.ident_here()
    } else {
        p.ident(what)
    }
}

/// `@name`, `@name(args)`, `@file:name`.
pub(super) fn annotation<'a>(p: &mut Parser<'a, '_>) -> Annotation<'a> {
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
        &[]
    };
    Annotation {
        target,
        name,
        args,
        span: p.span_from(start),
    }
}

/// Whether the current `@` starts an annotation (not a stray `@`).
pub(super) fn at_annotation(p: &Parser<'_, '_>) -> bool {
    p.at(TokenKind::At)
        && matches!(p.nth_kind(1), TokenKind::Ident | TokenKind::Word(_))
        && p.nth(1).is_joint()
}

pub(super) fn annotations<'a>(p: &mut Parser<'a, '_>) -> &'a [Annotation<'a>] {
    let mut list = p.vec();
    while at_annotation(p) {
        list.push(annotation(p));
    }
    list.into_bump_slice()
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
fn modifier_run(p: &Parser<'_, '_>, offset: usize) -> usize {
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

fn at_modifier(p: &Parser<'_, '_>, offset: usize) -> bool {
    modifier_run(p, offset) > 0
}

pub(super) fn modifiers<'a>(p: &mut Parser<'a, '_>) -> &'a [Modifier] {
    let mut list: BVec<Modifier> = p.vec();
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
    list.into_bump_slice()
}

/// Whether a declaration starts here (used by the statement parser).
pub(super) fn at_decl_start(p: &Parser<'_, '_>) -> bool {
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

fn at_type_alias(p: &Parser<'_, '_>) -> bool {
    p.at_word(Word::Type)
        && Parser::is_ident(p.nth(1))
        && !p.nth(1).nl_before()
        && matches!(p.nth_kind(2), TokenKind::Eq | TokenKind::Lt)
}

/// A word from another language standing where a declaration keyword
/// belongs (`val x`, `fn main`): the word it stands for.
fn habit_decl(p: &Parser<'_, '_>) -> Option<Word> {
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
pub(super) fn item<'a>(p: &mut Parser<'a, '_>, ctx: Ctx) -> Option<Item<'a>> {
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

fn item_kind<'a>(p: &mut Parser<'a, '_>, ctx: Ctx, enum_class: bool) -> Option<ItemKind<'a>> {
    let word = match p.kind() {
        TokenKind::Word(w) => w,
        TokenKind::Ident => return ident_item(p, ctx),
        _ => return None,
    };
    Some(match word {
        Word::Fun => ItemKind::Fun(&*p.arena.alloc(fun_decl(p))),
        Word::Let | Word::Var | Word::Const => {
            ItemKind::Property(&*p.arena.alloc(property(p, ctx)))
        }
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
fn ident_item<'a>(p: &mut Parser<'a, '_>, ctx: Ctx) -> Option<ItemKind<'a>> {
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
        Word::Fun => ItemKind::Fun(&*p.arena.alloc(fun_decl(p))),
        Word::Extension => extension(p),
        Word::Let | Word::Var => {
            ItemKind::Property(&*p.arena.alloc(property_with(p, ctx, BindingKind::Let)))
        }
        _ => {
            p.bump();
            return None;
        }
    })
}

fn at_field(p: &Parser<'_, '_>) -> bool {
    p.at_ident() && p.nth_kind(1) == TokenKind::Colon
}

fn struct_field<'a>(p: &mut Parser<'a, '_>) -> ItemKind<'a> {
    let name = p.ident_here();
    let span = name.span;
    p.bump();
    let ty = Some(super::types::ty(p));
    let init = p.eat(TokenKind::Eq).then(|| super::exprs::expr(p));
    ItemKind::Property(&*p.arena.alloc(PropertyDecl {
        binding: BindingKind::Field,
        type_params: &[],
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

pub(super) fn fun_decl<'a>(p: &mut Parser<'a, '_>) -> FunDecl<'a> {
    p.bump();
    let mut type_params = if p.at(TokenKind::Lt) {
        super::types::type_params(p)
    } else {
        &[]
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
pub(super) fn anon_fun<'a>(p: &mut Parser<'a, '_>) -> FunDecl<'a> {
    let t = p.bump();
    let name = Ident {
        name: "",
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
        type_params: &[],
        receiver: None,
        name,
        params,
        ret,
        where_clause: &[],
        body,
    }
}

/// `{ ... }` or `= expr` after a signature (on the same or the next line).
pub(super) fn fun_body<'a>(p: &mut Parser<'a, '_>) -> Option<FunBody<'a>> {
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
fn decl_name<'a>(
    p: &mut Parser<'a, '_>,
    allow_operator: bool,
) -> (&'a [TypeParam<'a>], Option<Type<'a>>, Ident<'a>) {
    if allow_operator && is_operator_token(p.tok()) {
        return (&[], None, operator_name(p));
    }
    if p.at(TokenKind::LParen) {
        let receiver = super::types::ty_no_dot(p);
        return finish_receiver(p, receiver, allow_operator);
    }
    let mut segments = p.vec();
    let start = p.start();
    loop {
        let name = if segments.is_empty() {
            p.ident("a name")
        } else {
            any_name(p, "a name")
        };
        let mut args: &'a [TypeArg<'a>] = &[];
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
                    kind: TypeKind::Path(segments.into_bump_slice()),
                    span: p.span_from(start),
                });
                return (params, receiver, name);
            }
        }
        let at_dot = p.at(TokenKind::Dot) && !p.line_break();
        let at_nullable = matches!(p.kind(), TokenKind::QuestionDot | TokenKind::Question);
        if !at_dot && !at_nullable {
            if segments.is_empty() {
                return (&[], None, name);
            }
            // `A.B.name`: the segments so far are the receiver
            let receiver = Type {
                kind: TypeKind::Path(segments.into_bump_slice()),
                span: Span::new(start, p.prev_end()),
            };
            return (&[], Some(receiver), name);
        }
        segments.push(PathSegment { name, args });
        if at_nullable {
            let path = Type {
                kind: TypeKind::Path(segments.into_bump_slice()),
                span: p.span_from(start),
            };
            return finish_receiver(p, path, allow_operator);
        }
        // `Type.` followed by an operator or a name
        if allow_operator && is_operator_token(p.nth(1)) {
            p.bump();
            let receiver = Type {
                kind: TypeKind::Path(segments.into_bump_slice()),
                span: Span::new(start, p.prev_end() - 1),
            };
            return (&[], Some(receiver), operator_name(p));
        }
        p.bump();
    }
}

/// After a receiver type: `?` marks, the `.` and the name.
fn finish_receiver<'a>(
    p: &mut Parser<'a, '_>,
    mut receiver: Type<'a>,
    allow_operator: bool,
) -> (&'a [TypeParam<'a>], Option<Type<'a>>, Ident<'a>) {
    let mut links = 0;
    while p.chain_step(&mut links) {
        match p.kind() {
            TokenKind::Question => {
                p.bump();
                p.mark_prev(Role::NullableMark);
                let span = receiver.span.to(p.prev_span());
                receiver = Type {
                    kind: TypeKind::Nullable(&*p.arena.alloc(receiver)),
                    span,
                };
            }
            TokenKind::QuestionDot => {
                p.bump();
                p.mark_prev(Role::NullableMark);
                let span = receiver.span.to(p.prev_span());
                receiver = Type {
                    kind: TypeKind::Nullable(&*p.arena.alloc(receiver)),
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
        &[]
    };
    (type_params, Some(receiver), name)
}

fn operator_name<'a>(p: &mut Parser<'a, '_>) -> Ident<'a> {
    let t = p.bump();
    p.mark_prev(Role::OperatorName);
    let name = match t.kind {
        TokenKind::Word(w) => w.canonical(),
        k => k.punct_text().unwrap_or("?"),
    };
    Ident {
        name,
        span: t.span(),
    }
}

/// `(a: Int, b: Int = 1, values: Int...)`
pub(super) fn params<'a>(p: &mut Parser<'a, '_>) -> &'a [Param<'a>] {
    if !p.at(TokenKind::LParen) {
        p.expected("`(` and the parameters");
        return &[];
    }
    let open = p.bump().span();
    p.with_newlines(false, |p| {
        p.comma_list(TokenKind::RParen, open, |p| Some(param(p, false)))
    })
}

/// One parameter; `ctor` allows `let`/`var` and modifiers.
pub(super) fn param<'a>(p: &mut Parser<'a, '_>, ctor: bool) -> Param<'a> {
    let start = p.start();
    let annotations = annotations(p);
    let mut modifiers = p.vec();
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
        modifiers: modifiers.into_bump_slice(),
        binding,
        name,
        ty,
        default,
        vararg,
        span: p.span_from(start),
    }
}

pub(super) fn where_clause<'a>(p: &mut Parser<'a, '_>) -> &'a [WhereBound<'a>] {
    let mut bounds = p.vec();
    if !p.at_word(Word::Where) {
        return bounds.into_bump_slice();
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
            return bounds.into_bump_slice();
        }
    }
}

// ---- properties -------------------------------------------------------------

fn property<'a>(p: &mut Parser<'a, '_>, ctx: Ctx) -> PropertyDecl<'a> {
    let binding = match p.kind() {
        TokenKind::Word(Word::Var) => BindingKind::Var,
        TokenKind::Word(Word::Const) => BindingKind::Const,
        _ => BindingKind::Let,
    };
    property_with(p, ctx, binding)
}

fn property_with<'a>(p: &mut Parser<'a, '_>, ctx: Ctx, binding: BindingKind) -> PropertyDecl<'a> {
    p.bump();
    let mut type_params = if p.at(TokenKind::Lt) {
        super::types::type_params(p)
    } else {
        &[]
    };
    // `let (a, b) = ...` destructures; `let (A, B).name` is an extension
    // property of a tuple (at the top level the checker reports the first)
    let destructuring = p.at(TokenKind::LParen) && (ctx == Ctx::Local || !tuple_receiver_ahead(p));
    let (pattern, receiver) = if destructuring {
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

/// Whether the parenthesised group starting here is followed by `.`,
/// `?.` or `?` (a tuple receiver type).
fn tuple_receiver_ahead(p: &Parser<'_, '_>) -> bool {
    let mut depth = 0u32;
    for i in 0..512 {
        match p.nth_kind(i) {
            TokenKind::LParen => depth += 1,
            TokenKind::RParen => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return matches!(
                        p.nth_kind(i + 1),
                        TokenKind::Dot | TokenKind::QuestionDot | TokenKind::Question
                    );
                }
            }
            TokenKind::Eof => return false,
            _ => {}
        }
    }
    false
}

/// Whether an accessor (`get`, `set`, `private set`) starts here.
fn at_accessor(p: &Parser<'_, '_>) -> bool {
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

fn accessors<'a>(p: &mut Parser<'a, '_>, decl: &mut PropertyDecl<'a>) {
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
        *slot = Some(&*p.arena.alloc(acc));
    }
}

fn param_of_setter<'a>(p: &mut Parser<'a, '_>) -> Param<'a> {
    let start = p.start();
    let name = p.ident("the setter's parameter name");
    let ty = p.eat(TokenKind::Colon).then(|| super::types::ty(p));
    Param {
        annotations: &[],
        modifiers: &[],
        binding: None,
        name,
        ty,
        default: None,
        vararg: false,
        span: p.span_from(start),
    }
}

/// Visibility words before an accessor.
fn modifiers_plain<'a>(p: &mut Parser<'a, '_>) -> &'a [Modifier] {
    let mut list = p.vec();
    while let Some(kind) = p.tok().word().and_then(modifier_kind) {
        let t = p.bump();
        list.push(Modifier {
            kind,
            span: t.span(),
        });
    }
    list.into_bump_slice()
}

// ---- classes ----------------------------------------------------------------

fn class_decl<'a>(p: &mut Parser<'a, '_>, kind: ClassKind) -> ItemKind<'a> {
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
        &[]
    };
    let ctor = primary_ctor(p);
    let supers = if p.at(TokenKind::Colon) && !p.line_break() {
        p.bump();
        p.mark_prev(Role::SpacedColon);
        super_types(p)
    } else {
        &[]
    };
    let where_clause = where_clause(p);
    let (entries, members) = if p.at(TokenKind::LBrace) {
        class_body(p, kind)
    } else {
        (&[][..], &[][..])
    };
    ItemKind::Class(&*p.arena.alloc(ClassDecl {
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

fn primary_ctor<'a>(p: &mut Parser<'a, '_>) -> Option<PrimaryCtor<'a>> {
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
        &[]
    };
    if !p.at(TokenKind::LParen) {
        p.expected("`(` and the constructor's parameters");
        return None;
    }
    let open = p.bump().span();
    let saved = std::mem::replace(&mut p.in_ctor_params, true);
    let params = p.with_newlines(false, |p| {
        p.comma_list(TokenKind::RParen, open, |p| Some(param(p, true)))
    });
    p.in_ctor_params = saved;
    Some(PrimaryCtor {
        modifiers,
        params,
        span: p.span_from(start),
    })
}

/// `Base(args), Trait, Store by inner`
pub(super) fn super_types<'a>(p: &mut Parser<'a, '_>) -> &'a [SuperType<'a>] {
    let mut list = p.vec();
    loop {
        let start = p.start();
        let ty = super::types::ty(p);
        let args = (p.at(TokenKind::LParen) && !p.line_break()).then(|| super::exprs::call_args(p));
        let delegate = p.eat_word(Word::By).then(|| {
            let saved = std::mem::replace(&mut p.no_brace_lambda, true);
            let e = super::exprs::expr(p);
            p.no_brace_lambda = saved;
            e
        });
        list.push(SuperType {
            ty,
            args,
            delegate,
            span: p.span_from(start),
        });
        if !p.eat(TokenKind::Comma) {
            return list.into_bump_slice();
        }
    }
}

/// `{ entries; members }`
pub(super) fn class_body<'a>(
    p: &mut Parser<'a, '_>,
    kind: ClassKind,
) -> (&'a [EnumEntry<'a>], &'a [Item<'a>]) {
    let open = p.bump().span();
    p.with_newlines(true, |p| {
        let entries = if kind == ClassKind::Enum {
            enum_entries(p)
        } else {
            &[]
        };
        let members = member_list(p, Ctx::Member(kind));
        p.close(TokenKind::RBrace, open);
        (entries, members)
    })
}

/// Members up to the closing `}` (not consumed).
pub(super) fn member_list<'a>(p: &mut Parser<'a, '_>, ctx: Ctx) -> &'a [Item<'a>] {
    let mut members = p.vec();
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
    members.into_bump_slice()
}

fn enum_entries<'a>(p: &mut Parser<'a, '_>) -> &'a [EnumEntry<'a>] {
    let mut entries = p.vec();
    loop {
        if p.eat(TokenKind::Semi) || p.at(TokenKind::RBrace) || p.at_eof() {
            return entries.into_bump_slice();
        }
        if at_decl_start(p) || !(p.at_ident() || at_annotation(p)) {
            return entries.into_bump_slice();
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

fn secondary_ctor<'a>(p: &mut Parser<'a, '_>) -> ItemKind<'a> {
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
            &[]
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
    ItemKind::Constructor(&*p.arena.alloc(SecondaryCtor {
        params,
        delegation,
        body,
    }))
}

fn type_alias<'a>(p: &mut Parser<'a, '_>) -> ItemKind<'a> {
    p.bump();
    let name = p.ident("the alias's name");
    let type_params = if p.at(TokenKind::Lt) {
        super::types::type_params(p)
    } else {
        &[]
    };
    if !p.eat(TokenKind::Eq) {
        p.expected("`=` and a type");
    }
    let ty = super::types::ty(p);
    ItemKind::TypeAlias(&*p.arena.alloc(TypeAlias {
        name,
        type_params,
        ty,
    }))
}

fn extension<'a>(p: &mut Parser<'a, '_>) -> ItemKind<'a> {
    p.bump();
    let type_params = if p.at(TokenKind::Lt) {
        super::types::type_params(p)
    } else {
        &[]
    };
    let ty = super::types::ty(p);
    let supers = if p.at(TokenKind::Colon) && !p.line_break() {
        p.bump();
        p.mark_prev(Role::SpacedColon);
        super_types(p)
    } else {
        &[]
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
        &[]
    };
    ItemKind::Extension(&*p.arena.alloc(ExtensionDecl {
        type_params,
        ty,
        supers,
        where_clause,
        members,
    }))
}

fn module<'a>(p: &mut Parser<'a, '_>) -> ItemKind<'a> {
    p.bump();
    let name = p.ident_here();
    let open = p.bump().span();
    let (imports, items) = p.with_newlines(true, |p| {
        let (mut imports, mut items) = (p.vec(), p.vec());
        while !p.at_eof() && !p.at(TokenKind::RBrace) {
            let before = p.pos;
            if p.at_word(Word::Import) {
                imports.push(import(p));
            } else {
                top_level_step(p, &mut items, Ctx::TopLevel);
            }
            if p.pos == before {
                p.bump();
            }
        }
        p.close(TokenKind::RBrace, open);
        (imports.into_bump_slice(), items.into_bump_slice())
    });
    ItemKind::Module(&*p.arena.alloc(ModuleDecl {
        name,
        imports,
        items,
    }))
}
