//! The space between two tokens on one line: none or one.

use crate::lexer::{Token, TokenKind};
use crate::pack::{Pack, Word as W};
use crate::parser::Role;

/// What the layout knows about one piece of output: a token with its role,
/// a verbatim string literal, or a comment.
#[derive(Clone, Copy, Debug)]
pub(super) struct Piece {
    pub kind: PieceKind,
    pub role: Role,
    pub token: Token,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PieceKind {
    Token,
    /// A whole string literal, templates included.
    Str,
    Comment,
}

fn is_word(p: &Piece, w: W) -> bool {
    p.kind == PieceKind::Token && p.token.kind == TokenKind::Word(w)
}

fn kind(p: &Piece) -> Option<TokenKind> {
    (p.kind == PieceKind::Token).then_some(p.token.kind)
}

/// Whether a piece ends like a value or a name (after which `(` is a call
/// and `[` an index).
fn ends_operand(p: &Piece) -> bool {
    match p.kind {
        PieceKind::Str => true,
        PieceKind::Comment => false,
        PieceKind::Token => match p.token.kind {
            TokenKind::Ident | TokenKind::Int | TokenKind::Float | TokenKind::Char => true,
            TokenKind::RParen => p.role != Role::ControlParen,
            TokenKind::RBracket | TokenKind::BangBang => true,
            TokenKind::Gt => p.role == Role::TypeAngle,
            TokenKind::Question => p.role == Role::NullableMark,
            TokenKind::PlusPlus | TokenKind::MinusMinus => p.role != Role::Prefix,
            TokenKind::Word(w) => {
                !w.is_reserved() || matches!(w, W::This | W::Super | W::True | W::False | W::Null)
            }
            _ => false,
        },
    }
}

/// Whether `prev` and `cur` must touch, may not touch, or the rules decide.
pub(super) fn space(prev: &Piece, cur: &Piece, src: &str, pack: &Pack) -> bool {
    let want = wanted(prev, cur);
    if !want && would_fuse(prev, cur, src, pack) {
        return true;
    }
    want
}

fn wanted(prev: &Piece, cur: &Piece) -> bool {
    use TokenKind::*;
    if cur.kind == PieceKind::Comment || prev.kind == PieceKind::Comment {
        return true;
    }
    let (pk, ck) = (kind(prev), kind(cur));
    // tokens that were joined to form one operator stay joined
    if pk == Some(Gt)
        && prev.role != Role::TypeAngle
        && matches!(ck, Some(Gt | Eq))
        && cur.token.is_joint()
    {
        return false;
    }
    if pk == Some(Word(W::As)) && ck == Some(Question) && cur.token.is_joint() {
        return false;
    }
    // labels and annotations: `return@f`, `loop@{`, `outer@ for`, `@ann`
    if ck == Some(At) && cur.role == Role::LabelAt {
        return false;
    }
    if pk == Some(At) {
        let label_name =
            matches!(ck, Some(Ident | Word(_))) && cur.token.is_joint() && !is_loop_word(cur);
        return prev.role == Role::LabelAt && !label_name && ck != Some(LBrace);
    }
    if prev.role == Role::AnnotationColon {
        return false;
    }
    if let Some(k) = pk {
        if matches!(
            k,
            LParen | LBracket | Dot | QuestionDot | ColonColon | DotDot | DotDotLt
        ) {
            return false;
        }
        if k == Comma || k == Semi || k == Arrow {
            return true;
        }
        if prev.role == Role::OperatorName || prev.role == Role::Prefix && k != Word(W::Not) {
            return false;
        }
        if k == Bang {
            // `!is`, `!in`
            return false;
        }
        if k == Lt && prev.role == Role::TypeAngle {
            return false;
        }
        if k == LBrace {
            return ck != Some(RBrace) && prev.role != Role::TightBrace;
        }
    }
    if cur.role == Role::OperatorName {
        return !matches!(pk, Some(Dot));
    }
    let Some(c) = ck else {
        // a string literal
        return !matches!(pk, Some(Dot | QuestionDot));
    };
    match c {
        RParen | RBracket | Comma | Semi | Dot | QuestionDot | BangBang | Ellipsis | DotDot
        | DotDotLt => false,
        PlusPlus | MinusMinus if cur.role != Role::Prefix => false,
        ColonColon => !ends_operand(prev),
        LParen => !ends_operand(prev) && !is_word(prev, W::Fun) || prev_is_control_keyword(prev),
        LBracket => !(ends_operand(prev) || matches!(pk, Some(Word(W::Simd | W::Mask)))),
        Lt if cur.role == Role::TypeAngle => prev_is_decl_keyword(prev),
        Gt if cur.role == Role::TypeAngle => false,
        Question if cur.role == Role::NullableMark => false,
        Colon => cur.role == Role::SpacedColon,
        RBrace => pk != Some(LBrace) && cur.role != Role::TightBrace,
        _ => {
            if pk == Some(Gt) && prev.role == Role::TypeAngle {
                return !matches!(c, LParen | Dot | Question | QuestionDot | ColonColon | Gt);
            }
            if pk == Some(Question) && prev.role == Role::NullableMark {
                return !matches!(c, Dot | Gt | QuestionDot);
            }
            true
        }
    }
}

fn is_loop_word(p: &Piece) -> bool {
    matches!(kind(p), Some(TokenKind::Word(W::For | W::While | W::Do)))
}

fn prev_is_control_keyword(p: &Piece) -> bool {
    matches!(
        kind(p),
        Some(TokenKind::Word(
            W::If | W::For | W::While | W::When | W::Catch
        ))
    )
}

fn prev_is_decl_keyword(p: &Piece) -> bool {
    matches!(kind(p), Some(TokenKind::Word(w)) if w.is_reserved() && !matches!(w, W::Super | W::This))
}

/// Whether writing the two pieces without a space would lex differently
/// (`- -x` must not become `--x`).
fn would_fuse(prev: &Piece, cur: &Piece, src: &str, pack: &Pack) -> bool {
    if prev.kind != PieceKind::Token || cur.kind != PieceKind::Token {
        return false;
    }
    if cur.token.is_joint() {
        // they touched in the source, so they lex apart when touching
        return false;
    }
    let a = &src[prev.token.span().range()];
    let b = &src[cur.token.span().range()];
    let joined = format!("{a}{b}");
    let lexed = crate::lexer::lex(&joined, pack);
    let kinds: Vec<TokenKind> = lexed.tokens.iter().map(|t| t.kind).collect();
    kinds != [prev.token.kind, cur.token.kind, TokenKind::Eof] || !lexed.diagnostics.is_empty()
}
