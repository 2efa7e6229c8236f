//! Lines and indentation: walks the pieces (tokens, whole string
//! literals, comments) in order, keeps the source's line breaks, and
//! decides each line's indentation from the open brackets and the
//! continuation rules of LANGUAGE.md section 1.

use super::spacing::{Piece, PieceKind, space};
use crate::Parsed;
use crate::lexer::{CommentKind, Token, TokenKind};
use crate::pack::{Pack, Word as W};

use crate::parser::Role;

const INDENT: &str = "    ";

struct Open {
    kind: TokenKind,
    /// Indentation level of the line where the bracket was opened.
    line_indent: usize,
    /// Output line where it was opened.
    line: usize,
    /// A `(` right after `if`, `while`, `for`: its `)` may end a line
    /// whose body follows on the next.
    control: bool,
}

pub(super) struct Layout<'a> {
    src: &'a str,
    pack: &'a Pack,
    pieces: Vec<Piece>,
    out: String,
    stack: Vec<Open>,
    line: usize,
    line_indent: usize,
    closed_control: bool,
}

impl<'a> Layout<'a> {
    pub(super) fn new(src: &'a str, parsed: &'a Parsed, pack: &'a Pack) -> Self {
        Layout {
            src,
            pack,
            pieces: pieces(parsed),
            out: String::with_capacity(src.len() + src.len() / 8),
            stack: Vec::new(),
            line: 0,
            line_indent: 0,
            closed_control: false,
        }
    }

    pub(super) fn run(mut self) -> String {
        let pieces = std::mem::take(&mut self.pieces);
        for (i, piece) in pieces.iter().enumerate() {
            if i == 0 {
                self.start_line(&pieces, i, 0);
            } else {
                let prev = &pieces[i - 1];
                let gap = &self.src[prev.token.end as usize..piece.token.start as usize];
                let newlines = gap.bytes().filter(|&b| b == b'\n').count();
                if newlines > 0 {
                    self.start_line(&pieces, i, newlines);
                } else if space(prev, piece, self.src, self.pack) {
                    self.out.push(' ');
                }
            }
            self.write(piece);
        }
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    fn start_line(&mut self, pieces: &[Piece], i: usize, newlines: usize) {
        let piece = &pieces[i];
        if i > 0 {
            let after_open = is_token(&pieces[i - 1], TokenKind::LBrace);
            let before_close = is_token(piece, TokenKind::RBrace);
            let lines = if after_open || before_close {
                1
            } else {
                newlines.min(2)
            };
            for _ in 0..lines {
                self.out.push('\n');
            }
            self.line += 1;
        }
        let indent = self.indent_for(pieces, i);
        for _ in 0..indent {
            self.out.push_str(INDENT);
        }
        self.line_indent = indent;
    }

    fn indent_for(&self, pieces: &[Piece], i: usize) -> usize {
        let piece = &pieces[i];
        let closes = piece.kind == PieceKind::Token
            && matches!(
                piece.token.kind,
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace
            );
        if closes {
            return self.stack.last().map_or(0, |o| o.line_indent);
        }
        let base = self.stack.last().map_or(0, |o| o.line_indent + 1);
        if piece.kind == PieceKind::Comment || i == 0 {
            return base;
        }
        base + usize::from(self.continues(pieces, i))
    }

    /// Whether the line starting at piece `i` continues the statement of
    /// the line before.
    fn continues(&self, pieces: &[Piece], i: usize) -> bool {
        if let Some(top) = self.stack.last() {
            if top.kind != TokenKind::LBrace || top.line + 1 == self.line {
                return false;
            }
        }
        let piece = &pieces[i];
        if piece.kind == PieceKind::Token {
            match piece.token.kind {
                TokenKind::Word(W::Else | W::Catch | W::Finally) => return false,
                TokenKind::Dot | TokenKind::QuestionDot | TokenKind::Elvis => return true,
                TokenKind::Word(W::And | W::Or | W::As | W::Get | W::Set) => return true,
                TokenKind::Word(W::Private | W::Protected | W::Internal | W::Public) => {
                    let next = pieces.get(i + 1);
                    if next.is_some_and(|n| {
                        is_token(n, TokenKind::Word(W::Set)) || is_token(n, TokenKind::Word(W::Get))
                    }) {
                        return true;
                    }
                }
                TokenKind::LBrace => return false,
                _ => {}
            }
        }
        let last = pieces[..i]
            .iter()
            .rev()
            .find(|p| p.kind != PieceKind::Comment);
        last.is_some_and(|last| self.ends_incomplete(last))
    }

    fn ends_incomplete(&self, last: &Piece) -> bool {
        use TokenKind::*;
        if last.kind != PieceKind::Token {
            return false;
        }
        match last.token.kind {
            RParen => self.closed_control,
            Word(W::Else | W::Do) => true,
            Plus | Minus | Slash | Percent | EqEq | BangEq | EqEqEq | BangEqEq | LtEq | LtLt
            | Amp | Pipe | Caret | AmpAmp | PipePipe | Elvis | DotDot | DotDotLt | Dot
            | QuestionDot | Eq | PlusEq | MinusEq | StarEq | SlashEq | PercentEq | AmpEq
            | PipeEq | CaretEq | LtLtEq | Arrow | Colon => last.role != Role::Prefix,
            Star => last.role != Role::Glob,
            Lt | Gt => last.role != Role::TypeAngle,
            Word(w) => {
                w.is_infix_word() || matches!(w, W::And | W::Or | W::Xor | W::Is | W::In | W::As)
            }
            _ => false,
        }
    }

    fn write(&mut self, piece: &Piece) {
        let text = &self.src[piece.token.span().range()];
        match piece.kind {
            PieceKind::Comment => self.out.push_str(text.trim_end()),
            _ => self.out.push_str(text),
        }
        if piece.kind != PieceKind::Token {
            return;
        }
        self.closed_control = false;
        match piece.token.kind {
            TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => {
                let control = piece.role == Role::ControlParen;
                self.stack.push(Open {
                    kind: piece.token.kind,
                    line_indent: self.line_indent,
                    line: self.line,
                    control,
                });
            }
            TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                if let Some(open) = self.stack.pop() {
                    self.closed_control = open.control;
                }
            }
            _ => {}
        }
    }
}

fn is_token(p: &Piece, kind: TokenKind) -> bool {
    p.kind == PieceKind::Token && p.token.kind == kind
}

/// Tokens and comments in source order, each string literal as one piece.
fn pieces(parsed: &Parsed) -> Vec<Piece> {
    let tokens = &parsed.tokens;
    let mut out = Vec::with_capacity(tokens.len() + parsed.comments.len());
    let mut comments = parsed.comments.iter().peekable();
    let mut i = 0;
    while i < tokens.len() && tokens[i].kind != TokenKind::Eof {
        let mut token = tokens[i];
        let role = parsed.roles.get(i).copied().unwrap_or_default();
        let mut kind = PieceKind::Token;
        if token.kind == TokenKind::StrStart {
            let end = string_end(tokens, i);
            token.end = tokens[end].end;
            kind = PieceKind::Str;
            i = end;
        }
        while let Some(c) = comments.next_if(|c| c.span.end <= token.start) {
            out.push(comment_piece(c.span.start, c.span.end, c.kind));
        }
        // comments inside a string's templates stay inside the literal
        while comments.next_if(|c| c.span.start < token.end).is_some() {}
        out.push(Piece { kind, role, token });
        i += 1;
    }
    for c in comments {
        out.push(comment_piece(c.span.start, c.span.end, c.kind));
    }
    out
}

fn comment_piece(start: u32, end: u32, _kind: CommentKind) -> Piece {
    let token = Token {
        kind: TokenKind::Eof,
        flags: 0,
        entry: 0,
        start,
        end,
    };
    Piece {
        kind: PieceKind::Comment,
        role: Role::Plain,
        token,
    }
}

/// The index of the `StrEnd` matching the `StrStart` at `start`.
fn string_end(tokens: &[Token], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(start) {
        match t.kind {
            TokenKind::StrStart => depth += 1,
            TokenKind::StrEnd => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            TokenKind::Eof => return i.saturating_sub(1),
            _ => {}
        }
    }
    tokens.len() - 1
}
