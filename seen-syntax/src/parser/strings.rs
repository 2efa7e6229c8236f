//! String and character literals: assembling template parts, decoding
//! escapes, and trimming the indentation of raw strings.

use super::Parser;
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::lexer::{Token, TokenKind};
use crate::pack::Word;

/// A string literal: from `StrStart` to `StrEnd`.
pub(super) fn string(p: &mut Parser<'_>) -> StrLit {
    let open = p.bump();
    let raw = open.flags & Token::RAW != 0;
    let mut parts: Vec<StrPart> = Vec::new();
    loop {
        let t = p.tok();
        match t.kind {
            TokenKind::StrText => {
                p.bump();
                let text = p.text(t);
                let decoded = if raw {
                    text.replace("\r\n", "\n")
                } else {
                    decode_escapes(text)
                };
                push_text(&mut parts, &decoded);
            }
            TokenKind::StrIdent => {
                p.bump();
                parts.push(StrPart::Expr(template_name(p, t)));
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
                parts.push(StrPart::Expr(e));
            }
            TokenKind::StrEnd => {
                p.bump();
                break;
            }
            // the lexer always closes a string; stay safe regardless
            _ => break,
        }
    }
    if raw && starts_with_newline(&parts) {
        parts = trim_indent(parts);
    }
    StrLit { raw, parts }
}

fn push_text(parts: &mut Vec<StrPart>, text: &str) {
    if let Some(StrPart::Text(last)) = parts.last_mut() {
        last.push_str(text);
    } else if !text.is_empty() {
        parts.push(StrPart::Text(text.to_string()));
    }
}

/// Consumes up to and including the `}` that closes the template opened
/// by `open`, reporting anything left over.
fn skip_to_template_end(p: &mut Parser<'_>, open: Token) {
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
fn template_name(p: &mut Parser<'_>, t: Token) -> Expr {
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

fn starts_with_newline(parts: &[StrPart]) -> bool {
    matches!(parts.first(), Some(StrPart::Text(t)) if t.starts_with('\n'))
}

/// Kotlin's `trimIndent()`, done on the literal: drop a blank first and
/// last line, then remove the smallest indentation of the non-blank lines
/// from every line. A template counts as non-blank text.
fn trim_indent(parts: Vec<StrPart>) -> Vec<StrPart> {
    // split into lines of parts
    let mut lines: Vec<Vec<StrPart>> = vec![Vec::new()];
    for part in parts {
        match part {
            StrPart::Text(text) => {
                let mut pieces = text.split('\n');
                if let Some(first) = pieces.next() {
                    push_text(lines.last_mut().expect("at least one line"), first);
                }
                for piece in pieces {
                    let mut line = Vec::new();
                    push_text(&mut line, piece);
                    lines.push(line);
                }
            }
            e => lines.last_mut().expect("at least one line").push(e),
        }
    }
    let blank = |line: &Vec<StrPart>| {
        line.iter()
            .all(|p| matches!(p, StrPart::Text(t) if t.chars().all(char::is_whitespace)))
    };
    if lines.len() > 1 && blank(&lines[0]) {
        lines.remove(0);
    }
    if lines.len() > 1 && lines.last().is_some_and(blank) {
        lines.pop();
    }
    let indent_of = |line: &Vec<StrPart>| match line.first() {
        Some(StrPart::Text(t)) => t.chars().take_while(|c| c.is_whitespace()).count(),
        _ => 0,
    };
    let min = lines
        .iter()
        .filter(|l| !blank(l))
        .map(indent_of)
        .min()
        .unwrap_or(0);
    let mut out: Vec<StrPart> = Vec::new();
    for (i, mut line) in lines.into_iter().enumerate() {
        if i > 0 {
            push_text(&mut out, "\n");
        }
        if let Some(StrPart::Text(t)) = line.first_mut() {
            let cut: usize = t.chars().take(min).map(char::len_utf8).sum();
            t.drain(..cut);
        }
        for part in line {
            match part {
                StrPart::Text(t) => push_text(&mut out, &t),
                e => out.push(e),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(parts: &[StrPart]) -> String {
        parts
            .iter()
            .map(|p| match p {
                StrPart::Text(t) => t.clone(),
                StrPart::Expr(_) => "<e>".to_string(),
            })
            .collect()
    }

    #[test]
    fn trims_like_kotlin() {
        let parts = vec![StrPart::Text("\n    a\n      b\n\n    c\n    ".into())];
        assert_eq!(text(&trim_indent(parts)), "a\n  b\n\nc");
    }

    #[test]
    fn templates_count_as_text() {
        let e = Expr {
            kind: ExprKind::Null,
            span: crate::Span::default(),
        };
        let parts = vec![
            StrPart::Text("\n    x\n  ".into()),
            StrPart::Expr(e),
            StrPart::Text(" y\n".into()),
        ];
        assert_eq!(text(&trim_indent(parts)), "  x\n<e> y");
    }

    #[test]
    fn escapes() {
        assert_eq!(decode_escapes(r"a\tb\n\$\u{41}\\"), "a\tb\n$A\\");
        assert_eq!(char_value(r"'\''"), '\'');
        assert_eq!(char_value("'x'"), 'x');
    }
}
