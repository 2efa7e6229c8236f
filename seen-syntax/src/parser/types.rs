//! Types, type parameters and type arguments.

use super::{Parser, Role};
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::lexer::TokenKind;
use crate::pack::Word;
use crate::span::Span;

/// A type, function types included.
pub(super) fn ty<'a>(p: &mut Parser<'a, '_>) -> Type<'a> {
    let start = p.start();
    p.nested(ty_inner, |span| Type {
        kind: TypeKind::Error,
        span: Span::new(start, span.end),
    })
}

fn ty_inner<'a>(p: &mut Parser<'a, '_>) -> Type<'a> {
    let start = p.start();
    let suspend = p.at_word(Word::Suspend)
        && matches!(
            p.nth_kind(1),
            TokenKind::LParen | TokenKind::Ident | TokenKind::Word(_)
        );
    if suspend {
        p.bump();
    }
    let atom = atom(p, true);
    let t = match atom {
        Atom::Params(params) => {
            if !p.eat(TokenKind::Arrow) {
                p.expected("`->` and a return type");
            }
            let ret = ty(p);
            Type {
                kind: TypeKind::Function {
                    suspend,
                    receiver: None,
                    params,
                    ret: &*p.arena.alloc(ret),
                },
                span: p.span_from(start),
            }
        }
        Atom::Type(receiver) if p.at(TokenKind::Dot) && p.nth_kind(1) == TokenKind::LParen => {
            // `T.() -> R`
            p.bump();
            let params = match atom_parens(p, start) {
                Atom::Params(params) => params,
                Atom::Type(t) => p.one(FnTypeParam { name: None, ty: t }),
            };
            if !p.eat(TokenKind::Arrow) {
                p.expected("`->` and a return type");
            }
            let ret = ty(p);
            Type {
                kind: TypeKind::Function {
                    suspend,
                    receiver: Some(&*p.arena.alloc(receiver)),
                    params,
                    ret: &*p.arena.alloc(ret),
                },
                span: p.span_from(start),
            }
        }
        Atom::Type(t) => t,
    };
    if suspend && !matches!(t.kind, TypeKind::Function { .. }) {
        p.error(
            Diagnostic::error("E0025", "only a function type can be `suspend`").primary(
                p.file,
                t.span,
                "not a function type",
            ),
        );
    }
    t
}

enum Atom<'a> {
    Type(Type<'a>),
    /// A parenthesised list that must be followed by `->`.
    Params(&'a [FnTypeParam<'a>]),
}

/// A type without a function arrow after it, with `?` marks.
pub(super) fn ty_no_dot<'a>(p: &mut Parser<'a, '_>) -> Type<'a> {
    let start = p.start();
    match atom(p, false) {
        Atom::Type(t) => t,
        Atom::Params(params) => {
            if !p.eat(TokenKind::Arrow) {
                p.expected("`->` and a return type");
            }
            let ret = ty(p);
            let f = TypeKind::Function {
                suspend: false,
                receiver: None,
                params,
                ret: &*p.arena.alloc(ret),
            };
            Type {
                kind: f,
                span: p.span_from(start),
            }
        }
    }
}

fn atom<'a>(p: &mut Parser<'a, '_>, allow_dots: bool) -> Atom<'a> {
    let start = p.start();
    let base = match p.kind() {
        TokenKind::LParen => match atom_parens(p, start) {
            Atom::Params(params) => return Atom::Params(params),
            Atom::Type(t) => t,
        },
        TokenKind::Word(Word::SelfType) => {
            p.bump();
            Type {
                kind: TypeKind::SelfType,
                span: p.span_from(start),
            }
        }
        TokenKind::Word(Word::Simd) if p.nth_kind(1) == TokenKind::LBracket => simd(p),
        TokenKind::Word(Word::Mask) if p.nth_kind(1) == TokenKind::LBracket => simd(p),
        _ if p.at_ident() => path(p, allow_dots),
        _ => {
            p.expected("a type");
            return Atom::Type(Type {
                kind: TypeKind::Error,
                span: Span::at(start),
            });
        }
    };
    Atom::Type(nullable_marks(p, base))
}

fn nullable_marks<'a>(p: &mut Parser<'a, '_>, mut t: Type<'a>) -> Type<'a> {
    let mut links = 0;
    while p.at(TokenKind::Question) && !p.line_break() && p.chain_step(&mut links) {
        p.bump();
        p.mark_prev(Role::NullableMark);
        let span = t.span.to(p.prev_span());
        t = Type {
            kind: TypeKind::Nullable(&*p.arena.alloc(t)),
            span,
        };
    }
    p.end_chain(links);
    t
}

/// `( ... )` in a type: grouping, a tuple, or function parameters.
fn atom_parens<'a>(p: &mut Parser<'a, '_>, start: u32) -> Atom<'a> {
    let open = p.bump().span();
    let params = p.with_newlines(false, |p| {
        p.comma_list(TokenKind::RParen, open, |p| {
            let name =
                (Parser::is_ident(p.tok()) && p.nth_kind(1) == TokenKind::Colon).then(|| {
                    let id = p.ident_here();
                    p.bump();
                    id
                });
            Some(FnTypeParam { name, ty: ty(p) })
        })
    });
    if p.at(TokenKind::Arrow) {
        return Atom::Params(params);
    }
    let span = p.span_from(start);
    match params.len() {
        1 if params[0].name.is_none() => {
            let mut inner = params.iter().next().expect("one parameter").ty;
            inner.span = span;
            Atom::Type(inner)
        }
        0 => {
            let unit = p.pack.spelling(crate::pack::schema::unit_type());
            p.error(
                Diagnostic::error("E0025", "`()` is not a type")
                    .primary(p.file, span, "empty parentheses")
                    .help(format!(
                        "write `{unit}` for no value, or `() -> R` for a function type"
                    )),
            );
            Atom::Type(Type {
                kind: TypeKind::Error,
                span,
            })
        }
        _ => Atom::Type(Type {
            kind: TypeKind::Tuple(p.arena.alloc_slice_fill_iter(params.iter().map(|x| x.ty))),
            span,
        }),
    }
}

/// `simd[T, N]` or `mask[N]`.
fn simd<'a>(p: &mut Parser<'a, '_>) -> Type<'a> {
    let start = p.start();
    let is_mask = p.bump().is_word(Word::Mask);
    let open = p.bump().span();
    p.with_newlines(false, |p| {
        let elem = (!is_mask).then(|| {
            let t = ty(p);
            if !p.eat(TokenKind::Comma) {
                p.expected("`,` and the number of lanes");
            }
            t
        });
        let lanes = &*p.arena.alloc(super::exprs::expr(p));
        p.close(TokenKind::RBracket, open);
        let kind = match elem {
            Some(elem) => TypeKind::Simd {
                elem: &*p.arena.alloc(elem),
                lanes,
            },
            None => TypeKind::Mask { lanes },
        };
        Type {
            kind,
            span: p.span_from(start),
        }
    })
}

/// `a.b.C<T>`
fn path<'a>(p: &mut Parser<'a, '_>, allow_dots: bool) -> Type<'a> {
    let start = p.start();
    let mut segments = p.vec();
    loop {
        let name = p.ident("a type name");
        let args = if p.at(TokenKind::Lt) {
            type_args(p)
        } else {
            &[]
        };
        segments.push(PathSegment { name, args });
        let more = allow_dots
            && p.at(TokenKind::Dot)
            && Parser::is_ident(p.nth(1))
            && !p.nth(1).nl_before();
        if !more {
            break;
        }
        p.bump();
    }
    Type {
        kind: TypeKind::Path(segments.into_bump_slice()),
        span: p.span_from(start),
    }
}

/// `<T, out U, *, 3>`
pub(super) fn type_args<'a>(p: &mut Parser<'a, '_>) -> &'a [TypeArg<'a>] {
    let open = p.bump().span();
    p.mark_prev(Role::TypeAngle);
    let args = p.with_newlines(false, |p| {
        let mut args = p.vec();
        loop {
            if p.at(TokenKind::Gt) {
                break;
            }
            let before = p.pos;
            args.push(type_arg(p));
            if !p.eat(TokenKind::Comma) || p.pos == before {
                break;
            }
        }
        args
    });
    close_angle(p, open);
    args.into_bump_slice()
}

fn close_angle<'a>(p: &mut Parser<'a, '_>, open: Span) {
    if p.eat(TokenKind::Gt) {
        p.mark_prev(Role::TypeAngle);
        return;
    }
    if p.last_error_at == p.pos {
        return;
    }
    let found = p.describe(p.tok());
    p.error(
        Diagnostic::error("E0011", format!("expected `>`, found {found}"))
            .primary(p.file, p.tok().span(), "expected `>`")
            .secondary(p.file, open, "this `<` is not closed"),
    );
}

fn type_arg<'a>(p: &mut Parser<'a, '_>) -> TypeArg<'a> {
    let start = p.start();
    if p.at(TokenKind::Star) {
        p.bump();
        p.mark_prev(Role::Glob);
        return TypeArg::Star(p.span_from(start));
    }
    if p.at(TokenKind::Int) || p.at(TokenKind::Minus) && p.nth_kind(1) == TokenKind::Int {
        return TypeArg::Const(super::exprs::expr_no_compare(p));
    }
    let variance = variance(p);
    TypeArg::Type {
        variance,
        ty: ty(p),
    }
}

fn variance<'a>(p: &mut Parser<'a, '_>) -> Option<Variance> {
    let v = match p.kind() {
        TokenKind::Word(Word::Out) => Variance::Out,
        TokenKind::Word(Word::In) => Variance::In,
        _ => return None,
    };
    // `out` may also be a type's name: `List<out>` is unusual but legal
    let next = p.nth(1);
    if !(Parser::is_ident(next)
        || matches!(
            next.kind,
            TokenKind::LParen | TokenKind::Word(Word::SelfType)
        ))
    {
        return None;
    }
    p.bump();
    Some(v)
}

/// `<T, out U : Bound, const N: Int>`
pub(super) fn type_params<'a>(p: &mut Parser<'a, '_>) -> &'a [TypeParam<'a>] {
    let open = p.bump().span();
    p.mark_prev(Role::TypeAngle);
    let params = p.with_newlines(false, |p| {
        let mut params = p.vec();
        loop {
            if p.at(TokenKind::Gt) {
                break;
            }
            let before = p.pos;
            params.push(type_param(p));
            if !p.eat(TokenKind::Comma) || p.pos == before {
                break;
            }
        }
        params
    });
    close_angle(p, open);
    params.into_bump_slice()
}

fn type_param<'a>(p: &mut Parser<'a, '_>) -> TypeParam<'a> {
    let start = p.start();
    let _annotations = super::items::annotations(p);
    let is_const = p.eat_word(Word::Const);
    let variance = if is_const { None } else { variance(p) };
    let name = p.ident("a type parameter name");
    let bound = p.at(TokenKind::Colon).then(|| {
        p.bump();
        if !is_const {
            p.mark_prev(Role::SpacedColon);
        }
        ty(p)
    });
    TypeParam {
        variance,
        is_const,
        name,
        bound,
        span: p.span_from(start),
    }
}
