//! Blocks and statements: declarations, loops, assignments, expression
//! statements.

use super::items::{self, Ctx};
use super::{Parser, Role};
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::lexer::TokenKind;
use crate::pack::Word;
use crate::span::Span;

/// `{ statements }`
pub(super) fn block<'a>(p: &mut Parser<'a, '_>) -> Block<'a> {
    let start = p.start();
    if !p.at(TokenKind::LBrace) {
        p.expected("`{`");
        return Block {
            stmts: &[],
            span: Span::at(start),
        };
    }
    let open = p.bump().span();
    p.nested(
        |p| {
            p.with_newlines(true, |p| {
                let stmts = statements(p);
                p.close(TokenKind::RBrace, open);
                Block {
                    stmts,
                    span: p.span_from(start),
                }
            })
        },
        |span| Block { stmts: &[], span },
    )
}

/// Statements up to a `}` (not consumed) or the end of input.
pub(super) fn statements<'a>(p: &mut Parser<'a, '_>) -> &'a [Stmt<'a>] {
    let mut stmts = p.vec();
    while !p.at_eof() && !p.at(TokenKind::RBrace) {
        let before = p.pos;
        match p.kind() {
            TokenKind::Semi => {
                p.bump();
            }
            TokenKind::RParen | TokenKind::RBracket => {
                let t = p.bump();
                let text = t.kind.punct_text().unwrap_or("?");
                p.error(
                    Diagnostic::error("E0012", format!("unmatched `{text}`"))
                        .primary(p.file, t.span(), "nothing opened here to close")
                        .help("remove it, or add the opening bracket it belongs to"),
                );
            }
            _ => {
                if let Some(s) = stmt(p) {
                    stmts.push(s);
                }
                p.statement_end();
            }
        }
        if p.pos == before {
            p.bump();
        }
    }
    stmts.into_bump_slice()
}

/// One statement, without its terminator.
pub(super) fn stmt<'a>(p: &mut Parser<'a, '_>) -> Option<Stmt<'a>> {
    let start = p.start();
    if let Some(kind) = labelled_loop(p) {
        return Some(Stmt {
            kind,
            span: p.span_from(start),
        });
    }
    if items::at_decl_start(p) || items::at_annotation(p) && annotated_decl(p) {
        let item = items::item(p, Ctx::Local)?;
        return Some(Stmt {
            kind: StmtKind::Decl(&*p.arena.alloc(item)),
            span: p.span_from(start),
        });
    }
    let kind = match p.kind() {
        TokenKind::Word(Word::For | Word::While | Word::Do) => loop_stmt(p, None)?,
        TokenKind::LBrace => StmtKind::Expr(Expr {
            span: Span::at(start),
            kind: ExprKind::Block(block(p)),
        }),
        _ => expr_or_assign(p),
    };
    Some(Stmt {
        kind,
        span: p.span_from(start),
    })
}

/// Whether the annotations at the cursor are followed by a declaration.
fn annotated_decl(p: &Parser<'_, '_>) -> bool {
    let mut i = 0;
    loop {
        let t = p.nth(i);
        if t.kind == TokenKind::At {
            i += 2;
            if p.nth_kind(i) == TokenKind::LParen {
                // skip balanced arguments
                let mut depth = 0;
                loop {
                    match p.nth_kind(i) {
                        TokenKind::LParen => depth += 1,
                        TokenKind::RParen => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        TokenKind::Eof => return false,
                        _ => {}
                    }
                    i += 1;
                    if i > 512 {
                        return false;
                    }
                }
            }
            continue;
        }
        return matches!(
            t.kind,
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
                    | Word::Enum
                    | Word::Data
                    | Word::Inline
                    | Word::Private
                    | Word::Open
                    | Word::Abstract
                    | Word::Sealed
                    | Word::Suspend
                    | Word::Operator
                    | Word::Infix
                    | Word::Mutating
                    | Word::External
                    | Word::Override
            )
        );
    }
}

/// `label@ for (...)`, `label@ while`, `label@ do`.
fn labelled_loop<'a>(p: &mut Parser<'a, '_>) -> Option<StmtKind<'a>> {
    if !(p.at_ident() && p.nth_kind(1) == TokenKind::At && p.nth(1).is_joint()) {
        return None;
    }
    if !matches!(
        p.nth_kind(2),
        TokenKind::Word(Word::For | Word::While | Word::Do)
    ) {
        return None;
    }
    let label = p.ident_here();
    p.bump();
    p.mark_prev(Role::LabelAt);
    loop_stmt(p, Some(label))
}

fn loop_stmt<'a>(p: &mut Parser<'a, '_>, label: Option<Ident<'a>>) -> Option<StmtKind<'a>> {
    Some(match p.kind() {
        TokenKind::Word(Word::For) => {
            p.bump();
            let (pattern, iterable) = for_header(p);
            let body = body(p);
            StmtKind::For(p.arena.alloc(ForLoop {
                label,
                pattern,
                iterable,
                body,
            }))
        }
        TokenKind::Word(Word::While) => {
            p.bump();
            let cond = control_cond(p);
            let body = if p.at(TokenKind::Semi) {
                Block {
                    stmts: &[],
                    span: p.tok().span(),
                }
            } else {
                body(p)
            };
            StmtKind::While(p.arena.alloc(WhileLoop { label, cond, body }))
        }
        TokenKind::Word(Word::Do) => {
            p.bump();
            let body = body(p);
            if !p.eat_word(Word::While) {
                p.expected(&format!(
                    "`{}` and the loop condition",
                    p.spell(Word::While)
                ));
            }
            let cond = paren_cond(p);
            StmtKind::DoWhile(p.arena.alloc(WhileLoop { label, cond, body }))
        }
        _ => return None,
    })
}

fn for_header<'a>(p: &mut Parser<'a, '_>) -> (Pattern<'a>, Expr<'a>) {
    if !p.at(TokenKind::LParen) {
        p.expected("`(`");
        let e = Expr {
            kind: ExprKind::Error,
            span: Span::at(p.start()),
        };
        return (
            Pattern {
                kind: PatternKind::Wildcard,
                span: e.span,
            },
            e,
        );
    }
    let open = p.bump().span();
    p.mark_prev(Role::ControlParen);
    p.with_newlines(false, |p| {
        let pattern = if p.at(TokenKind::LParen) {
            super::control::destructure(p)
        } else {
            super::control::simple_pattern(p)
        };
        if !p.eat_word(Word::In) {
            p.expected(&format!("`{}`", p.spell(Word::In)));
        }
        let iterable = super::exprs::expr(p);
        if p.close(TokenKind::RParen, open) {
            p.mark_prev(Role::ControlParen);
        }
        (pattern, iterable)
    })
}

/// `( expr )` of `if`, `while` and `do`-`while`.
pub(super) fn paren_cond<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    if !p.at(TokenKind::LParen) {
        p.expected("`(` and a condition");
        return Expr {
            kind: ExprKind::Error,
            span: Span::at(p.start()),
        };
    }
    let open = p.bump().span();
    p.with_newlines(false, |p| {
        let e = super::exprs::expr(p);
        p.close(TokenKind::RParen, open);
        e
    })
}

/// The condition of `if` or `while`, whose body follows.
pub(super) fn control_cond<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    let at = p.pos;
    let e = paren_cond(p);
    if p.tokens[at].kind == TokenKind::LParen {
        p.mark(at, Role::ControlParen);
        if p.tokens[p.pos - 1].kind == TokenKind::RParen {
            p.mark_prev(Role::ControlParen);
        }
    }
    e
}

/// The body of `if`, `else`, a loop or a `when` arm: a block, or one
/// statement.
pub(super) fn body<'a>(p: &mut Parser<'a, '_>) -> Block<'a> {
    if p.at(TokenKind::LBrace) {
        return block(p);
    }
    let start = p.start();
    p.with_newlines(true, |p| match stmt(p) {
        Some(s) => {
            let span = s.span;
            Block {
                stmts: p.one(s),
                span,
            }
        }
        None => Block {
            stmts: &[],
            span: Span::at(start),
        },
    })
}

fn assign_op(p: &Parser<'_, '_>) -> Option<(AssignOp, usize)> {
    use TokenKind::*;
    let op = match p.kind() {
        Eq => AssignOp::Assign,
        PlusEq => AssignOp::Add,
        MinusEq => AssignOp::Sub,
        StarEq => AssignOp::Mul,
        SlashEq => AssignOp::Div,
        PercentEq => AssignOp::Rem,
        AmpEq => AssignOp::BitAnd,
        PipeEq => AssignOp::BitOr,
        CaretEq => AssignOp::BitXor,
        LtLtEq => AssignOp::Shl,
        Gt if p.nth_kind(1) == Gt
            && p.nth(1).is_joint()
            && p.nth_kind(2) == Eq
            && p.nth(2).is_joint() =>
        {
            return Some((AssignOp::Shr, 3));
        }
        _ => return None,
    };
    Some((op, 1))
}

fn expr_or_assign<'a>(p: &mut Parser<'a, '_>) -> StmtKind<'a> {
    let target = super::exprs::expr(p);
    let Some((op, len)) = assign_op(p) else {
        return StmtKind::Expr(target);
    };
    if p.line_break() {
        return StmtKind::Expr(target);
    }
    for _ in 0..len {
        p.bump();
    }
    if !is_place(&target) {
        p.error(
            Diagnostic::error(
                "E0016",
                format!("cannot assign to this expression with `{}`", op.symbol()),
            )
            .primary(
                p.file,
                target.span,
                "not a variable, property or indexed place",
            )
            .help("only a name, a member (`a.b`) or an index (`a[i]`) can be assigned"),
        );
    }
    let value = super::exprs::expr(p);
    StmtKind::Assign(p.arena.alloc(Assign { target, op, value }))
}

fn is_place(e: &Expr<'_>) -> bool {
    match &e.kind {
        ExprKind::Name(_)
        | ExprKind::Member { .. }
        | ExprKind::Index { .. }
        | ExprKind::TupleIndex { .. } => true,
        ExprKind::Paren(inner) => is_place(inner),
        ExprKind::Error => true,
        _ => false,
    }
}
