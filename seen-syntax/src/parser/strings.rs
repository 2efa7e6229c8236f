//! String and character literals: assembling template parts, decoding
//! escapes, and trimming the indentation of raw strings.

use super::Parser;
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::lexer::{Token, TokenKind};
use crate::pack::Word;

/// A piece of a string while it is assembled (text still owned).
#[derive(Clone, Copy)]
enum Piece<'a> {
    /// A range of `Assembly::text`.
    Text(usize, usize),
    Expr(Expr<'a>),
}

/// A string literal's pieces, its text gathered in one buffer.
struct Assembly<'a> {
    text: String,
    pieces: Vec<Piece<'a>>,
}

impl<'a> Assembly<'a> {
    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        match self.pieces.last_mut() {
            Some(Piece::Text(_, end)) if *end == start => *end = self.text.len(),
            _ => self.pieces.push(Piece::Text(start, self.text.len())),
        }
    }

    fn into_parts(self, arena: &'a bumpalo::Bump) -> &'a [StrPart<'a>] {
        let text = arena.alloc_str(&self.text);
        arena.alloc_slice_fill_iter(self.pieces.into_iter().map(|piece| match piece {
            Piece::Text(a, b) => StrPart::Text(&text[a..b]),
            Piece::Expr(e) => StrPart::Expr(e),
        }))
    }
}

/// A string literal: from `StrStart` to `StrEnd`.
pub(super) fn string<'a>(p: &mut Parser<'a, '_>) -> StrLit<'a> {
    let open = p.bump();
    let raw = open.flags & Token::RAW != 0;
    let mut parts = Assembly {
        text: String::new(),
        pieces: Vec::new(),
    };
    loop {
        let t = p.tok();
        match t.kind {
            TokenKind::StrText => {
                p.bump();
                let text = p.text(t);
                if raw {
                    parts.push_text(&text.replace("\r\n", "\n"));
                } else {
                    parts.push_text(&decode_escapes(text));
                }
            }
            TokenKind::StrIdent => {
                p.bump();
                parts.pieces.push(Piece::Expr(template_name(p, t)));
            }
            TokenKind::StrExprOpen => {
                p.bump();
                let e = p.with_newlines(false, |p| {
                    let e = if p.at(TokenKind::StrExprClose) {
                        p.expected("an expression in the template");
                        Expr {
                            kind: ExprKind::Error,
                            span: p.tok().span(),
                        }
                    } else {
                        super::exprs::expr(p)
                    };
                    skip_to_template_end(p, t);
                    e
                });
                parts.pieces.push(Piece::Expr(e));
            }
            TokenKind::StrEnd => {
                p.bump();
                break;
            }
            // the lexer always closes a string; stay safe regardless
            _ => break,
        }
    }
    if raw
        && parts.text.starts_with('\n')
        && matches!(parts.pieces.first(), Some(Piece::Text(0, _)))
    {
        parts = trim_indent(parts);
    }
    StrLit {
        raw,
        parts: parts.into_parts(p.arena),
    }
}

/// Consumes up to and including the `}` that closes the template opened
/// by `open`, reporting anything left over.
fn skip_to_template_end<'a>(p: &mut Parser<'a, '_>, open: Token) {
    if p.eat(TokenKind::StrExprClose) {
        return;
    }
    if p.last_error_at != p.pos {
        let found = p.describe(p.tok());
        p.error(
            Diagnostic::error(
                "E0011",
                format!("expected `}}` to end the template, found {found}"),
            )
            .primary(p.file, p.tok().span(), "expected `}`")
            .secondary(p.file, open.span(), "this `${` is not closed"),
        );
    }
    let mut depth = 0usize;
    while !p.at_eof() {
        match p.kind() {
            TokenKind::StrExprOpen => depth += 1,
            TokenKind::StrExprClose if depth == 0 => {
                p.bump();
                return;
            }
            TokenKind::StrExprClose => depth -= 1,
            TokenKind::StrEnd if depth == 0 => return,
            _ => {}
        }
        p.bump();
    }
}

/// `$name`: a name, `this`, or a literal word.
fn template_name<'a>(p: &mut Parser<'a, '_>, t: Token) -> Expr<'a> {
    let span = t.span();
    let kind = match t.entry().and_then(|e| e.word()) {
        Some(Word::This) => ExprKind::This(None),
        Some(Word::True) => ExprKind::Bool(true),
        Some(Word::False) => ExprKind::Bool(false),
        Some(Word::Null) => ExprKind::Null,
        Some(w) if w.is_reserved() => {
            p.error(
                Diagnostic::error(
                    "E0010",
                    format!("`${}` names a keyword, not a value", p.text(t)),
                )
                .primary(p.file, span, "a keyword")
                .help("write `${...}` around an expression, or `\\$` for a plain dollar sign"),
            );
            ExprKind::Error
        }
        _ => ExprKind::Name(Ident {
            name: p.name_of(t),
            span,
        }),
    };
    Expr { kind, span }
}

/// Decodes the escapes of ordinary string text (already validated by the
/// lexer; anything invalid is kept as written).
pub(super) fn decode_escapes(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') if chars.peek() == Some(&'{') => {
                chars.next();
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push('\u{fffd}'),
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The value of a character literal's text (quotes included).
pub(super) fn char_value(text: &str) -> char {
    let inner = text.strip_prefix('\'').unwrap_or(text);
    let inner = inner.strip_suffix('\'').unwrap_or(inner);
    decode_escapes(inner).chars().next().unwrap_or('\0')
}

/// Kotlin's `trimIndent()`, done on the literal: drop a blank first and
/// last line, then remove the smallest indentation of the non-blank lines
/// from every line. A template counts as non-blank text.
fn trim_indent(parts: Assembly<'_>) -> Assembly<'_> {
    // split into lines, each a list of pieces of owned text or templates
    enum Bit<'a> {
        Text(String),
        Expr(Expr<'a>),
    }
    let mut lines: Vec<Vec<Bit<'_>>> = vec![Vec::new()];
    for piece in parts.pieces {
        match piece {
            Piece::Text(a, b) => {
                let mut chunks = parts.text[a..b].split('\n');
                if let Some(first) = chunks.next() {
                    lines
                        .last_mut()
                        .expect("at least one line")
                        .push(Bit::Text(first.to_string()));
                }
                for chunk in chunks {
                    lines.push(vec![Bit::Text(chunk.to_string())]);
                }
            }
            Piece::Expr(e) => lines
                .last_mut()
                .expect("at least one line")
                .push(Bit::Expr(e)),
        }
    }
    let blank = |line: &Vec<Bit<'_>>| {
        line.iter()
            .all(|b| matches!(b, Bit::Text(t) if t.chars().all(char::is_whitespace)))
    };
    if lines.len() > 1 && blank(&lines[0]) {
        lines.remove(0);
    }
    if lines.len() > 1 && lines.last().is_some_and(blank) {
        lines.pop();
    }
    let indent_of = |line: &Vec<Bit<'_>>| match line.first() {
        Some(Bit::Text(t)) if line.len() > 1 || !t.chars().all(char::is_whitespace) => {
            t.chars().take_while(|c| c.is_whitespace()).count()
        }
        Some(Bit::Text(t)) => t.chars().count(),
        _ => 0,
    };
    let min = lines
        .iter()
        .filter(|l| !blank(l))
        .map(indent_of)
        .min()
        .unwrap_or(0);
    let mut out = Assembly {
        text: String::new(),
        pieces: Vec::new(),
    };
    for (i, line) in lines.into_iter().enumerate() {
        if i > 0 {
            out.push_text("\n");
        }
        for (j, bit) in line.into_iter().enumerate() {
            match bit {
                Bit::Text(t) if j == 0 => {
                    let cut: usize = t.chars().take(min).map(char::len_utf8).sum();
                    out.push_text(&t[cut.min(t.len())..]);
                }
                Bit::Text(t) => out.push_text(&t),
                Bit::Expr(e) => out.pieces.push(Piece::Expr(e)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assembled(bits: &[Option<&str>]) -> Assembly<'static> {
        let mut a = Assembly {
            text: String::new(),
            pieces: Vec::new(),
        };
        for bit in bits {
            match bit {
                Some(t) => a.push_text(t),
                None => a.pieces.push(Piece::Expr(Expr {
                    kind: ExprKind::Null,
                    span: crate::Span::default(),
                })),
            }
        }
        a
    }

    fn text(a: &Assembly<'_>) -> String {
        a.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(x, y) => a.text[*x..*y].to_string(),
                Piece::Expr(_) => "<e>".to_string(),
            })
            .collect()
    }

    #[test]
    fn trims_like_kotlin() {
        let parts = assembled(&[Some("\n    a\n      b\n\n    c\n    ")]);
        assert_eq!(text(&trim_indent(parts)), "a\n  b\n\nc");
    }

    #[test]
    fn templates_count_as_text() {
        let parts = assembled(&[Some("\n    x\n  "), None, Some(" y\n")]);
        assert_eq!(text(&trim_indent(parts)), "  x\n<e> y");
    }

    #[test]
    fn escapes() {
        assert_eq!(decode_escapes(r"a\tb\n\$\u{41}\\"), "a\tb\n$A\\");
        assert_eq!(char_value(r"'\''"), '\'');
        assert_eq!(char_value("'x'"), 'x');
    }
}
