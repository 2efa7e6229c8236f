//! Expressions: precedence climbing over binary operators, then prefix,
//! `as`, postfix and primary expressions.
//!
//! Precedence, loosest first (LANGUAGE.md section 4): `?:`; `or`; `xor`;
//! `and`; `== != === !==`; `< > <= >= is !is in !in`; ranges and infix
//! words; `|`; `^`; `&`; `<< >>`; `+ -`; `* / %`; prefix; `as as?`;
//! postfix.

use super::{Parser, Role};
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::lexer::{Token, TokenKind};
use crate::pack::Word;
use crate::span::Span;

/// The most tokens a speculative look at `<...>` reads.
const TYPE_ARGS_LOOKAHEAD: usize = 96;

/// An expression.
pub(super) fn expr<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    let start = p.start();
    p.nested(
        |p| binary(p, 0),
        |span| Expr {
            kind: ExprKind::Error,
            span: Span::new(start, span.end),
        },
    )
}

#[derive(Clone, Copy)]
enum Op {
    Bin(BinaryOp),
    Is(bool),
    Infix,
}

/// The binary operator at the cursor: its meaning, precedence and length
/// in tokens.
fn binary_op(p: &Parser<'_, '_>) -> Option<(Op, u8, usize)> {
    use TokenKind::*;
    let t = p.tok();
    let joint_next = |k: TokenKind| p.nth_kind(1) == k && p.nth(1).is_joint();
    let bin = |op, prec| Some((Op::Bin(op), prec, 1));
    match t.kind {
        Elvis => bin(BinaryOp::Elvis, 1),
        Word(crate::pack::Word::Or) | PipePipe => bin(BinaryOp::Or, 2),
        Word(crate::pack::Word::Xor) => bin(BinaryOp::Xor, 3),
        Word(crate::pack::Word::And) | AmpAmp => bin(BinaryOp::And, 4),
        EqEq => bin(BinaryOp::Eq, 5),
        BangEq => bin(BinaryOp::NotEq, 5),
        EqEqEq => bin(BinaryOp::RefEq, 5),
        BangEqEq => bin(BinaryOp::RefNotEq, 5),
        Lt => bin(BinaryOp::Lt, 6),
        LtEq => bin(BinaryOp::LtEq, 6),
        Gt if joint_next(Gt) => {
            // `>>=` is an assignment, not an operator
            if p.nth_kind(2) == Eq && p.nth(2).is_joint() {
                None
            } else {
                Some((Op::Bin(BinaryOp::Shr), 11, 2))
            }
        }
        Gt if joint_next(Eq) => Some((Op::Bin(BinaryOp::GtEq), 6, 2)),
        Gt => bin(BinaryOp::Gt, 6),
        Word(crate::pack::Word::Is) => Some((Op::Is(false), 6, 1)),
        Word(crate::pack::Word::In) => bin(BinaryOp::In, 6),
        Bang if joint_next(Word(crate::pack::Word::Is)) => Some((Op::Is(true), 6, 2)),
        Bang if joint_next(Word(crate::pack::Word::In)) => Some((Op::Bin(BinaryOp::NotIn), 6, 2)),
        DotDot => bin(BinaryOp::Range, 7),
        DotDotLt => bin(BinaryOp::RangeUntil, 7),
        Word(w) if w.is_infix_word() => Some((Op::Infix, 7, 1)),
        Ident if !(joint_next(At)) => Some((Op::Infix, 7, 1)),
        Pipe => bin(BinaryOp::BitOr, 8),
        Caret => bin(BinaryOp::BitXor, 9),
        Amp => bin(BinaryOp::BitAnd, 10),
        LtLt => bin(BinaryOp::Shl, 11),
        Plus => bin(BinaryOp::Add, 12),
        Minus => bin(BinaryOp::Sub, 12),
        Star => bin(BinaryOp::Mul, 13),
        Slash => bin(BinaryOp::Div, 13),
        Percent => bin(BinaryOp::Rem, 13),
        _ => None,
    }
}

/// Operators that may begin a continuation line (LANGUAGE.md section 1,
/// rule (c)).
fn continues_line(t: Token) -> bool {
    matches!(
        t.kind,
        TokenKind::Elvis | TokenKind::Word(Word::And | Word::Or)
    )
}

fn binary<'a>(p: &mut Parser<'a, '_>, min_prec: u8) -> Expr<'a> {
    let start = p.start();
    let mut lhs = prefix(p);
    let mut links = 0;
    while let Some((op, prec, len)) = binary_op(p) {
        if prec < min_prec
            || p.line_break() && !continues_line(p.tok())
            || !p.chain_step(&mut links)
        {
            break;
        }
        let op_tok = p.tok();
        symbol_operator_help(p, op_tok);
        for _ in 0..len {
            p.bump();
        }
        lhs = match op {
            Op::Is(negated) => {
                let ty = super::types::ty(p);
                Expr {
                    kind: ExprKind::Is {
                        expr: &*p.arena.alloc(lhs),
                        ty: &*p.arena.alloc(ty),
                        negated,
                    },
                    span: p.span_from(start),
                }
            }
            Op::Infix => {
                let name = Ident {
                    name: p.name_of(op_tok),
                    span: op_tok.span(),
                };
                let rhs = binary(p, prec + 1);
                Expr {
                    kind: ExprKind::Infix {
                        lhs: &*p.arena.alloc(lhs),
                        name,
                        rhs: &*p.arena.alloc(rhs),
                    },
                    span: p.span_from(start),
                }
            }
            Op::Bin(op) => {
                let rhs = binary(p, prec + 1);
                Expr {
                    kind: ExprKind::Binary {
                        op,
                        lhs: &*p.arena.alloc(lhs),
                        rhs: &*p.arena.alloc(rhs),
                    },
                    span: p.span_from(start),
                }
            }
        };
    }
    p.end_chain(links);
    lhs
}

/// `&&` and `||` are read as `and` and `or`, with an error that says so.
fn symbol_operator_help<'a>(p: &mut Parser<'a, '_>, t: Token) {
    let word = match t.kind {
        TokenKind::AmpAmp => Word::And,
        TokenKind::PipePipe => Word::Or,
        _ => return,
    };
    let sym = t.kind.punct_text().unwrap_or("?");
    let spelled = p.spell(word);
    p.error(
        Diagnostic::error("E0013", format!("`{sym}` is not an operator in Seen"))
            .primary(p.file, t.span(), format!("write `{spelled}`"))
            .help(format!(
                "Seen spells the logical operators as words: `{spelled}`"
            )),
    );
}

/// Whether the token can begin an expression.
pub(super) fn starts_expr(t: Token) -> bool {
    use crate::pack::Word as W;
    use TokenKind::*;
    match t.kind {
        Ident | Int | Float | Char | StrStart | LParen | LBrace | Minus | Plus | Tilde
        | PlusPlus | MinusMinus | Bang | ColonColon | At => true,
        Word(w) => {
            !w.is_reserved()
                || matches!(
                    w,
                    W::This
                        | W::Super
                        | W::True
                        | W::False
                        | W::Null
                        | W::If
                        | W::When
                        | W::Try
                        | W::Throw
                        | W::Return
                        | W::Break
                        | W::Continue
                        | W::Object
                        | W::Fun
                        | W::Not
                )
        }
        _ => false,
    }
}

fn prefix<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    let start = p.start();
    let op = match p.kind() {
        TokenKind::Minus => UnaryOp::Neg,
        TokenKind::Plus => UnaryOp::Plus,
        TokenKind::Tilde => UnaryOp::BitNot,
        TokenKind::PlusPlus => UnaryOp::PreInc,
        TokenKind::MinusMinus => UnaryOp::PreDec,
        TokenKind::Word(Word::Not) => UnaryOp::Not,
        TokenKind::Bang => {
            let t = p.tok();
            let spelled = p.spell(Word::Not);
            p.error(
                Diagnostic::error("E0013", "`!` is not an operator in Seen")
                    .primary(p.file, t.span(), format!("write `{spelled}`"))
                    .help(format!(
                        "Seen negates with the word `{spelled}`: `{spelled} done`"
                    )),
            );
            UnaryOp::Not
        }
        TokenKind::Word(Word::Try) if p.nth_kind(1) != TokenKind::LBrace => {
            p.bump();
            let e = expr(p);
            return Expr {
                kind: ExprKind::TryOp(&*p.arena.alloc(e)),
                span: p.span_from(start),
            };
        }
        TokenKind::Word(Word::Throw) => {
            p.bump();
            let e = expr(p);
            return Expr {
                kind: ExprKind::Throw(&*p.arena.alloc(e)),
                span: p.span_from(start),
            };
        }
        TokenKind::Word(Word::Return) => return return_expr(p),
        TokenKind::Word(Word::Break | Word::Continue) => {
            let t = p.bump();
            let label = label_ref(p);
            let kind = if t.is_word(Word::Break) {
                ExprKind::Break(label)
            } else {
                ExprKind::Continue(label)
            };
            return Expr {
                kind,
                span: p.span_from(start),
            };
        }
        TokenKind::At if super::items::at_annotation(p) => {
            let annotations = super::items::annotations(p);
            let e = prefix(p);
            return Expr {
                kind: ExprKind::Annotated {
                    annotations,
                    expr: &*p.arena.alloc(e),
                },
                span: p.span_from(start),
            };
        }
        _ => return as_expr(p),
    };
    p.bump();
    p.mark_prev(Role::Prefix);
    let operand = p.nested(prefix, |span| Expr {
        kind: ExprKind::Error,
        span,
    });
    Expr {
        kind: ExprKind::Unary {
            op,
            expr: &*p.arena.alloc(operand),
        },
        span: p.span_from(start),
    }
}

fn return_expr<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    let start = p.start();
    p.bump();
    let label = label_ref(p);
    let value = (starts_expr(p.tok()) && !p.line_break() && !at_when_else(p))
        .then(|| &*p.arena.alloc(expr(p)));
    Expr {
        kind: ExprKind::Return { label, value },
        span: p.span_from(start),
    }
}

fn at_when_else(p: &Parser<'_, '_>) -> bool {
    p.at_word(Word::Else)
}

/// `@label` right after `return`, `break`, `continue`, `this` or `super`.
pub(super) fn label_ref<'a>(p: &mut Parser<'a, '_>) -> Option<Ident<'a>> {
    if p.at(TokenKind::At)
        && p.tok().is_joint()
        && Parser::is_ident(p.nth(1))
        && p.nth(1).is_joint()
    {
        p.bump();
        p.mark_prev(Role::LabelAt);
        return Some(p.ident_here());
    }
    None
}

fn as_expr<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    let start = p.start();
    let mut e = postfix(p);
    let mut links = 0;
    while p.at_word(Word::As) && p.chain_step(&mut links) {
        p.bump();
        let safe = p.at(TokenKind::Question) && p.tok().is_joint();
        if safe {
            p.bump();
        }
        let ty = super::types::ty(p);
        e = Expr {
            kind: ExprKind::As {
                expr: &*p.arena.alloc(e),
                ty: &*p.arena.alloc(ty),
                safe,
            },
            span: p.span_from(start),
        };
    }
    p.end_chain(links);
    e
}

fn postfix<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    let start = p.start();
    let mut e = super::control::primary(p);
    let mut type_args: &'a [TypeArg<'a>] = &[];
    let mut links = 0;
    loop {
        if !p.chain_step(&mut links) {
            break;
        }
        let same_line = !p.line_break();
        e = match p.kind() {
            TokenKind::Dot | TokenKind::QuestionDot => member(p, e, start),
            TokenKind::LParen if same_line => {
                let saved = std::mem::replace(&mut p.no_brace_lambda, false);
                let args = call_args(p);
                p.no_brace_lambda = saved;
                let trailing = trailing_lambda(p);
                let type_args = std::mem::take(&mut type_args);
                Expr {
                    kind: ExprKind::Call {
                        callee: &*p.arena.alloc(e),
                        type_args,
                        args,
                        trailing,
                    },
                    span: p.span_from(start),
                }
            }
            TokenKind::LBrace | TokenKind::Ident | TokenKind::Word(_)
                if same_line && callable(&e) =>
            {
                let Some(lambda) = trailing_lambda(p) else {
                    break;
                };
                match e.kind {
                    ExprKind::Call {
                        callee,
                        type_args,
                        args,
                        trailing: None,
                    } => Expr {
                        kind: ExprKind::Call {
                            callee,
                            type_args,
                            args,
                            trailing: Some(lambda),
                        },
                        span: p.span_from(start),
                    },
                    kind => {
                        let callee = &*p.arena.alloc(Expr { kind, span: e.span });
                        let type_args = std::mem::take(&mut type_args);
                        Expr {
                            kind: ExprKind::Call {
                                callee,
                                type_args,
                                args: &[],
                                trailing: Some(lambda),
                            },
                            span: p.span_from(start),
                        }
                    }
                }
            }
            TokenKind::LBracket if same_line => {
                let open = p.bump().span();
                let indices = p.with_newlines(false, |p| {
                    p.comma_list(TokenKind::RBracket, open, |p| Some(expr(p)))
                });
                Expr {
                    kind: ExprKind::Index {
                        receiver: &*p.arena.alloc(e),
                        indices,
                    },
                    span: p.span_from(start),
                }
            }
            TokenKind::PlusPlus | TokenKind::MinusMinus | TokenKind::BangBang if same_line => {
                let op = match p.bump().kind {
                    TokenKind::PlusPlus => PostfixOp::Inc,
                    TokenKind::MinusMinus => PostfixOp::Dec,
                    _ => PostfixOp::NotNull,
                };
                Expr {
                    kind: ExprKind::Postfix {
                        op,
                        expr: &*p.arena.alloc(e),
                    },
                    span: p.span_from(start),
                }
            }
            TokenKind::ColonColon if same_line => {
                p.bump();
                let name = member_name(p);
                Expr {
                    kind: ExprKind::Ref {
                        receiver: Some(&*p.arena.alloc(e)),
                        name,
                    },
                    span: p.span_from(start),
                }
            }
            TokenKind::Lt if type_args.is_empty() && names_something(&e) && type_args_follow(p) => {
                type_args = super::types::type_args(p);
                continue;
            }
            _ => break,
        };
        if !matches!(e.kind, ExprKind::Call { .. }) {
            type_args = &[];
        }
    }
    p.end_chain(links);
    e
}

fn names_something(e: &Expr<'_>) -> bool {
    matches!(e.kind, ExprKind::Name(_) | ExprKind::Member { .. })
}

fn callable(e: &Expr<'_>) -> bool {
    matches!(
        e.kind,
        ExprKind::Name(_) | ExprKind::Member { .. } | ExprKind::Call { trailing: None, .. }
    )
}

/// A lambda after a call: `{ ... }` or `label@{ ... }` on the same line.
fn trailing_lambda<'a>(p: &mut Parser<'a, '_>) -> Option<&'a Lambda<'a>> {
    if p.line_break() || p.no_brace_lambda {
        return None;
    }
    if p.at(TokenKind::LBrace) {
        return Some(&*p.arena.alloc(super::control::lambda(p, None)));
    }
    let labelled = Parser::is_ident(p.tok())
        && p.nth_kind(1) == TokenKind::At
        && p.nth(1).is_joint()
        && p.nth_kind(2) == TokenKind::LBrace;
    if labelled {
        let label = p.ident_here();
        p.bump();
        p.mark_prev(Role::LabelAt);
        return Some(&*p.arena.alloc(super::control::lambda(p, Some(label))));
    }
    None
}

fn member<'a>(p: &mut Parser<'a, '_>, receiver: Expr<'a>, start: u32) -> Expr<'a> {
    let safe = p.bump().kind == TokenKind::QuestionDot;
    if p.at(TokenKind::Int) {
        let t = p.bump();
        let index = p.text(t).parse::<u32>().unwrap_or_else(|_| {
            p.error(
                Diagnostic::error("E0010", "tuple index is not a small whole number").primary(
                    p.file,
                    t.span(),
                    "expected `.0`, `.1`, ...",
                ),
            );
            0
        });
        return Expr {
            kind: ExprKind::TupleIndex {
                receiver: &*p.arena.alloc(receiver),
                index,
                safe,
                index_span: t.span(),
            },
            span: p.span_from(start),
        };
    }
    let name = member_name(p);
    Expr {
        kind: ExprKind::Member {
            receiver: &*p.arena.alloc(receiver),
            name,
            safe,
        },
        span: p.span_from(start),
    }
}

/// A member name after `.`, `?.` or `::`: any word counts as a name.
fn member_name<'a>(p: &mut Parser<'a, '_>) -> Ident<'a> {
    if matches!(p.kind(), TokenKind::Ident | TokenKind::Word(_)) {
        return p.ident_here();
    }
    p.ident("a member name")
}

/// Looks ahead from a `<` for type arguments followed by `(`, a trailing
/// lambda, `::` or `.`, without consuming anything.
fn type_args_follow<'a>(p: &mut Parser<'a, '_>) -> bool {
    use TokenKind::*;
    let mut depth = 0usize;
    for i in 0..TYPE_ARGS_LOOKAHEAD {
        let t = p.nth(i);
        p.steps += 1;
        match t.kind {
            Lt => depth += 1,
            Gt => {
                depth -= 1;
                if depth == 0 {
                    let next = p.nth(i + 1);
                    return match next.kind {
                        LParen | LBrace => !next.nl_before(),
                        ColonColon | Dot | QuestionDot => true,
                        _ => false,
                    };
                }
            }
            Ident | Dot | Comma | Question | QuestionDot | LParen | RParen | Arrow | Star
            | Colon | Int | LBracket | RBracket | Minus => {}
            Word(w) if !w.is_reserved() || w == crate::pack::Word::In => {}
            _ => return false,
        }
    }
    false
}

/// `( args )`: positional and named arguments.
pub(super) fn call_args<'a>(p: &mut Parser<'a, '_>) -> &'a [Arg<'a>] {
    let open = p.bump().span();
    p.with_newlines(false, |p| {
        p.comma_list(TokenKind::RParen, open, |p| Some(arg(p)))
    })
}

fn arg<'a>(p: &mut Parser<'a, '_>) -> Arg<'a> {
    let start = p.start();
    let named = Parser::is_ident(p.tok())
        && p.nth_kind(1) == TokenKind::Eq
        && p.nth_kind(2) != TokenKind::Eq;
    let name = named.then(|| {
        let id = p.ident_here();
        p.bump();
        id
    });
    let value = expr(p);
    Arg {
        name,
        value,
        span: p.span_from(start),
    }
}

/// An expression without comparisons or shifts, for constant type
/// arguments (`Matrix<Float, 3, 1>`), where `>` closes the list.
pub(super) fn expr_no_compare<'a>(p: &mut Parser<'a, '_>) -> Expr<'a> {
    let start = p.start();
    p.nested(
        |p| binary(p, 12),
        |span| Expr {
            kind: ExprKind::Error,
            span: Span::new(start, span.end),
        },
    )
}
