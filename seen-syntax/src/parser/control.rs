//! Primary expressions and control flow: literals, names, parentheses and
//! tuples, lambdas, `if`, `when`, `try`, object expressions, anonymous
//! functions, and the patterns they use.

use super::exprs::{expr, label_ref};
use super::stmts::{block, body, control_cond};
use super::{Parser, Role};
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::lexer::{TokenKind, parse_float, parse_int};
use crate::pack::Word;
use crate::span::Span;

pub(super) fn primary<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    let start = p.start();
    let t = p.tok();
    let kind = match t.kind {
        TokenKind::Int => {
            p.bump();
            ExprKind::Int(parse_int(p.text(t)).unwrap_or(crate::lexer::IntLit {
                value: 0,
                radix: 10,
                suffix: None,
            }))
        }
        TokenKind::Float => {
            p.bump();
            ExprKind::Float(parse_float(p.text(t)).unwrap_or(crate::lexer::FloatLit {
                value: 0.0,
                is_float32: false,
            }))
        }
        TokenKind::Char => {
            p.bump();
            ExprKind::Char(super::strings::char_value(p.text(t)))
        }
        TokenKind::StrStart => ExprKind::Str(&*p.arena.alloc(super::strings::string(p))),
        TokenKind::Word(Word::True) | TokenKind::Word(Word::False) => {
            p.bump();
            ExprKind::Bool(t.is_word(Word::True))
        }
        TokenKind::Word(Word::Null) => {
            p.bump();
            ExprKind::Null
        }
        TokenKind::Word(Word::This) => {
            p.bump();
            ExprKind::This(label_ref(p))
        }
        TokenKind::Word(Word::Super) => {
            p.bump();
            let ty = (p.at(TokenKind::Lt) && p.tok().is_joint()).then(|| {
                let open = p.bump();
                p.mark_prev(Role::TypeAngle);
                let _ = open;
                let ty = super::types::ty(p);
                if p.eat(TokenKind::Gt) {
                    p.mark_prev(Role::TypeAngle);
                } else {
                    p.expected("`>`");
                }
                &*p.arena.alloc(ty)
            });
            ExprKind::Super {
                ty,
                label: label_ref(p),
            }
        }
        TokenKind::LParen => return paren(p),
        TokenKind::LBrace => ExprKind::Lambda(&*p.arena.alloc(lambda(p, None))),
        TokenKind::Word(Word::If) => return if_expr(p),
        TokenKind::Word(Word::When) => ExprKind::When(&*p.arena.alloc(when_expr(p))),
        TokenKind::Word(Word::Try) => ExprKind::Try(&*p.arena.alloc(try_expr(p))),
        TokenKind::Word(Word::Object) => object_expr(p),
        TokenKind::Word(Word::Fun) => ExprKind::AnonFun(&*p.arena.alloc(super::items::anon_fun(p))),
        TokenKind::Word(Word::Unsafe) if p.nth_kind(1) == TokenKind::LBrace => {
            p.bump();
            ExprKind::Unsafe(block(p))
        }
        TokenKind::ColonColon => {
            p.bump();
            let name = if matches!(p.kind(), TokenKind::Ident | TokenKind::Word(_)) {
                p.ident_here()
            } else {
                p.ident("a name after `::`")
            };
            ExprKind::Ref {
                receiver: None,
                name,
            }
        }
        _ if Parser::is_ident(t) => {
            if p.nth_kind(1) == TokenKind::At
                && p.nth(1).is_joint()
                && p.nth_kind(2) == TokenKind::LBrace
            {
                let label = p.ident_here();
                p.bump();
                p.mark_prev(Role::LabelAt);
                ExprKind::Lambda(&*p.arena.alloc(lambda(p, Some(label))))
            } else {
                ExprKind::Name(p.ident_here())
            }
        }
        _ => {
            p.expected("an expression");
            return Expr {
                kind: ExprKind::Error,
                span: Span::at(start),
            };
        }
    };
    Expr {
        kind,
        span: p.span_from(start),
    }
}

/// `( expr )` or a tuple `(a, b)`.
fn paren<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    let start = p.start();
    let open = p.bump().span();
    p.with_newlines(false, |p| {
        if p.at(TokenKind::RParen) {
            p.bump();
            p.error(
                Diagnostic::error("E0026", "`()` is not an expression")
                    .primary(p.file, p.span_from(start), "empty parentheses")
                    .help(
                        "a tuple needs at least two values; for nothing, leave the expression out",
                    ),
            );
            return Expr {
                kind: ExprKind::Error,
                span: p.span_from(start),
            };
        }
        let first = expr(p);
        if !p.at(TokenKind::Comma) {
            p.close(TokenKind::RParen, open);
            return Expr {
                kind: ExprKind::Paren(&*p.arena.alloc(first)),
                span: p.span_from(start),
            };
        }
        p.bump();
        let mut items = p.vec();
        items.push(first);
        items.extend(
            p.comma_list(TokenKind::RParen, open, |p| Some(expr(p)))
                .iter()
                .copied(),
        );
        Expr {
            kind: ExprKind::Tuple(items.into_bump_slice()),
            span: p.span_from(start),
        }
    })
}

/// `{ params -> statements }` (the label, if any, is already consumed).
pub(super) fn lambda<'a>(p: &mut Parser<'a, '_>, label: Option<Ident<'a>>) -> Lambda<'a> {
    let start = label.as_ref().map_or(p.start(), |l| l.span.start);
    let open = p.bump().span();
    p.nested(
        |p| {
            p.with_newlines(true, |p| {
                let params = lambda_params(p);
                let body_start = p.start();
                let stmts = super::stmts::statements(p);
                let body = Block {
                    stmts,
                    span: Span::new(body_start, p.start().max(body_start)),
                };
                p.close(TokenKind::RBrace, open);
                Lambda {
                    label,
                    params,
                    body,
                    span: p.span_from(start),
                }
            })
        },
        |span| Lambda {
            label: None,
            params: None,
            body: Block::default(),
            span,
        },
    )
}

/// Parameters before `->`, or `None` when the lambda has no arrow. Reads
/// ahead speculatively and rewinds when no `->` follows.
fn lambda_params<'a>(p: &mut Parser<'a, '_>) -> Option<&'a [LambdaParam<'a>]> {
    if p.eat(TokenKind::Arrow) {
        return Some(&[]);
    }
    if !(Parser::is_ident(p.tok()) || p.at(TokenKind::LParen)) {
        return None;
    }
    let cp = p.checkpoint();
    let mut params = p.vec();
    loop {
        let pattern = if p.at(TokenKind::LParen) {
            destructure(p)
        } else if Parser::is_ident(p.tok()) {
            simple_pattern(p)
        } else {
            p.rewind(cp);
            return None;
        };
        let ty = p.eat(TokenKind::Colon).then(|| super::types::ty(p));
        params.push(LambdaParam { pattern, ty });
        match p.kind() {
            TokenKind::Comma => {
                p.bump();
            }
            TokenKind::Arrow => {
                p.bump();
                if p.diagnostics.len() > cp.diagnostics {
                    p.rewind(cp);
                    return None;
                }
                return Some(params.into_bump_slice());
            }
            _ => {
                p.rewind(cp);
                return None;
            }
        }
    }
}

/// A name or `_`.
pub(super) fn simple_pattern<'a>(p: &mut Parser<'a, '_>) -> Pattern<'a> {
    let id = p.ident("a name");
    let span = id.span;
    let kind = if id.name == "_" {
        PatternKind::Wildcard
    } else {
        PatternKind::Binding(id)
    };
    Pattern { kind, span }
}

/// `(a, b, (c, _))`
pub(super) fn destructure<'a>(p: &mut Parser<'a, '_>) -> Pattern<'a> {
    let start = p.start();
    let fallback = |span| Pattern {
        kind: PatternKind::Wildcard,
        span,
    };
    p.nested(
        |p| {
            let open = p.bump().span();
            let parts = p.with_newlines(false, |p| {
                p.comma_list(TokenKind::RParen, open, |p| {
                    Some(if p.at(TokenKind::LParen) {
                        destructure(p)
                    } else {
                        simple_pattern(p)
                    })
                })
            });
            Pattern {
                kind: PatternKind::Tuple(parts),
                span: p.span_from(start),
            }
        },
        fallback,
    )
}

/// `if (cond) body [else body]`
fn if_expr<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    let start = p.start();
    p.bump();
    let cond = control_cond(p);
    let then = body(p);
    let els = else_branch(p);
    Expr {
        kind: ExprKind::If(p.arena.alloc(IfExpr { cond, then, els })),
        span: p.span_from(start),
    }
}

/// The `else` branch that belongs to the `if` just parsed (also on the
/// next line, or after a `;`), but not the `else ->` arm of a `when`.
fn else_branch<'a>(p: &mut Parser<'a, '_>) -> Option<Block<'a>> {
    let offset = usize::from(p.at(TokenKind::Semi));
    let t = p.nth(offset);
    if t.is_word(Word::Else) {
        if p.nth_kind(offset + 1) == TokenKind::Arrow {
            return None;
        }
        if offset == 1 {
            p.bump();
        }
        p.bump();
        return Some(body(p));
    }
    // `elif (...)`: reported, then read as `else if (...)`
    let habit = t.kind == TokenKind::Ident
        && offset == 0
        && p.nth_kind(1) == TokenKind::LParen
        && p.pack.habit(p.text(t)).and_then(|e| e.word()) == Some(Word::Else);
    if !habit {
        return None;
    }
    let spelled = format!("{} {}", p.spell(Word::Else), p.spell(Word::If));
    p.error(
        Diagnostic::error("E0014", format!("`{}` is not a keyword in Seen", p.text(t)))
            .primary(p.file, t.span(), format!("write `{spelled}`"))
            .help(format!("Seen chains conditions with `{spelled}`")),
    );
    let start = p.start();
    p.bump();
    let cond = control_cond(p);
    let then = body(p);
    let els = else_branch(p);
    let span = p.span_from(start);
    let e = Expr {
        kind: ExprKind::If(p.arena.alloc(IfExpr { cond, then, els })),
        span,
    };
    Some(Block {
        stmts: p.one(Stmt {
            kind: StmtKind::Expr(e),
            span,
        }),
        span,
    })
}

/// `when [(subject)] { arms }`
fn when_expr<'a>(p: &mut Parser<'a, '_>) -> When<'a> {
    p.bump();
    let subject = p.at(TokenKind::LParen).then(|| when_subject(p));
    if !p.at(TokenKind::LBrace) {
        p.expected("`{` and the arms");
        return When { subject, arms: &[] };
    }
    let open = p.bump().span();
    let arms = p.with_newlines(true, |p| {
        let mut arms = p.vec();
        while !p.at_eof() && !p.at(TokenKind::RBrace) {
            let before = p.pos;
            if !p.eat(TokenKind::Semi) {
                arms.push(when_arm(p));
                p.statement_end();
            }
            if p.pos == before {
                p.bump();
            }
        }
        p.close(TokenKind::RBrace, open);
        arms
    });
    When {
        subject,
        arms: arms.into_bump_slice(),
    }
}

fn when_subject<'a>(p: &mut Parser<'a, '_>) -> WhenSubject<'a> {
    let open = p.bump().span();
    p.with_newlines(false, |p| {
        let binding = if p.at_word(Word::Let) || p.at_word(Word::Var) {
            p.bump();
            let name = p.ident("a name for the subject");
            let ty = p.eat(TokenKind::Colon).then(|| super::types::ty(p));
            if !p.eat(TokenKind::Eq) {
                p.expected("`=`");
            }
            Some((name, ty))
        } else {
            None
        };
        let e = expr(p);
        p.close(TokenKind::RParen, open);
        WhenSubject { binding, expr: e }
    })
}

fn when_arm<'a>(p: &mut Parser<'a, '_>) -> WhenArm<'a> {
    let start = p.start();
    let mut conds = p.vec();
    loop {
        conds.push(when_cond(p));
        if !p.eat(TokenKind::Comma) {
            break;
        }
    }
    let guard = p.eat_word(Word::If).then(|| expr(p));
    if !p.eat(TokenKind::Arrow) {
        let fat_arrow =
            p.at(TokenKind::Eq) && p.nth_kind(1) == TokenKind::Gt && p.nth(1).is_joint();
        if fat_arrow {
            let span = p.tok().span().to(p.nth(1).span());
            p.error(
                Diagnostic::error("E0010", "expected `->`, found `=>`")
                    .primary(p.file, span, "write `->`")
                    .help("a `when` arm separates its condition from its body with `->`"),
            );
        }
        p.expected("`->`");
        p.recover_statement();
        return WhenArm {
            conds: conds.into_bump_slice(),
            guard,
            body: Block::default(),
            span: p.span_from(start),
        };
    }
    let body = body(p);
    WhenArm {
        conds: conds.into_bump_slice(),
        guard,
        body,
        span: p.span_from(start),
    }
}

fn when_cond<'a>(p: &mut Parser<'a, '_>) -> WhenCond<'a> {
    let t = p.tok();
    let joint_next = |w: Word| p.nth(1).is_word(w) && p.nth(1).is_joint();
    if t.is_word(Word::Else) {
        p.bump();
        return WhenCond::Else(t.span());
    }
    if t.is_word(Word::In) || t.kind == TokenKind::Bang && joint_next(Word::In) {
        let negated = t.kind == TokenKind::Bang;
        p.bump();
        if negated {
            p.bump();
        }
        return WhenCond::In {
            expr: expr(p),
            negated,
        };
    }
    if t.is_word(Word::Is) || t.kind == TokenKind::Bang && joint_next(Word::Is) {
        let negated = t.kind == TokenKind::Bang;
        p.bump();
        if negated {
            p.bump();
        }
        return WhenCond::Is {
            ty: super::types::ty(p),
            negated,
        };
    }
    let e = expr(p);
    match to_pattern(p.arena, &e, true) {
        Some(pattern) => WhenCond::Pattern(pattern),
        None => WhenCond::Expr(e),
    }
}

/// Reads an expression in a `when` condition as a pattern when it has a
/// pattern's shape: `_`, `Name(a, _)`, `A.B(x)`, `(0, _)`. At the top
/// level a plain name or literal stays an expression.
fn to_pattern<'a>(arena: &'a bumpalo::Bump, e: &Expr<'a>, top: bool) -> Option<Pattern<'a>> {
    let span = e.span;
    let kind = match &e.kind {
        ExprKind::Name(id) if id.name == "_" => PatternKind::Wildcard,
        ExprKind::Name(id) if !top => PatternKind::Binding(*id),
        ExprKind::Call {
            callee,
            type_args,
            args,
            trailing: None,
        } if type_args.is_empty() && is_path(callee) && args.iter().all(|a| a.name.is_none()) => {
            let parts: Option<Vec<Pattern<'a>>> = args
                .iter()
                .map(|a| to_pattern(arena, &a.value, false))
                .collect();
            PatternKind::Ctor {
                path: callee,
                args: arena.alloc_slice_copy(&parts?),
            }
        }
        ExprKind::Tuple(items) => {
            let parts: Option<Vec<Pattern<'a>>> =
                items.iter().map(|x| to_pattern(arena, x, false)).collect();
            PatternKind::Tuple(arena.alloc_slice_copy(&parts?))
        }
        _ if top => return None,
        ExprKind::Member { .. } => PatternKind::Value(arena.alloc(*e)),
        _ if is_constant(e) => PatternKind::Value(arena.alloc(*e)),
        _ => return None,
    };
    Some(Pattern { kind, span })
}

fn is_path(e: &Expr<'_>) -> bool {
    match &e.kind {
        ExprKind::Name(_) => true,
        ExprKind::Member {
            receiver,
            safe: false,
            ..
        } => is_path(receiver),
        _ => false,
    }
}

fn is_constant(e: &Expr<'_>) -> bool {
    match &e.kind {
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Char(_)
        | ExprKind::Bool(_)
        | ExprKind::Null => true,
        ExprKind::Str(s) => s.parts.iter().all(|p| matches!(p, StrPart::Text(_))),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            expr,
        } => matches!(expr.kind, ExprKind::Int(_) | ExprKind::Float(_)),
        _ => false,
    }
}

/// `try { } catch (e: E) { } finally { }`
fn try_expr<'a>(p: &mut Parser<'a, '_>) -> TryExpr<'a> {
    let start = p.start();
    p.bump();
    let body = block(p);
    let mut catches = p.vec();
    while p.at_word(Word::Catch) {
        let cstart = p.start();
        p.bump();
        let (name, ty) = if p.at(TokenKind::LParen) {
            let open = p.bump().span();
            p.with_newlines(false, |p| {
                let name = p.ident("the caught error's name");
                let ty = p.eat(TokenKind::Colon).then(|| super::types::ty(p));
                p.close(TokenKind::RParen, open);
                (name, ty)
            })
        } else {
            p.expected("`(` and a name for the error");
            (
                Ident {
                    name: "<error>",
                    span: Span::at(p.start()),
                },
                None,
            )
        };
        let cbody = block(p);
        catches.push(Catch {
            name,
            ty,
            body: cbody,
            span: p.span_from(cstart),
        });
    }
    let finally = p.eat_word(Word::Finally).then(|| block(p));
    if catches.is_empty() && finally.is_none() {
        let (c, f) = (p.spell(Word::Catch), p.spell(Word::Finally));
        p.error(
            Diagnostic::error("E0017", format!("this block needs `{c}` or `{f}`"))
                .primary(p.file, Span::new(start, body.span.end), "no handler follows")
                .help(format!(
                    "add `{c} (e: Error) {{ ... }}` or `{f} {{ ... }}`; to unwrap a `Result`, write `{} expr` without braces",
                    p.spell(Word::Try)
                )),
        );
    }
    TryExpr {
        body,
        catches: catches.into_bump_slice(),
        finally,
    }
}

/// `object : Base(args), Trait { members }`
fn object_expr<'a>(p: &mut Parser<'a, '_>) -> ExprKind<'a> {
    p.bump();
    let supers = if p.eat(TokenKind::Colon) {
        p.mark_prev(Role::SpacedColon);
        super::items::super_types(p)
    } else {
        &[]
    };
    let members = if p.at(TokenKind::LBrace) {
        super::items::class_body(p, ClassKind::Object).1
    } else {
        p.expected("`{` and the object's members");
        &[]
    };
    ExprKind::Object(&*p.arena.alloc(ObjectExpr { supers, members }))
}
