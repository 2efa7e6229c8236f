//! Translation between keyword packs: `seen translate FILE --to LANG`.
//!
//! Token by token: every word, prelude name, type name and annotation name
//! is re-spelled in the target pack; everything else (identifiers,
//! comments, spacing, string contents) is copied byte for byte, so
//! translating there and back gives the original text. An identifier that
//! the target pack spells as one of its words would change meaning, so it
//! is reported and nothing is translated.
//!
//! ```
//! use seen_syntax::{translate::translate, Pack};
//! let en = Pack::english();
//! let mine = en.with_spelling(seen_syntax::Entry::of_word(seen_syntax::Word::Fun), "funcion").unwrap();
//! let out = translate("fun main() {}\n", en, &mine).unwrap();
//! assert_eq!(out, "funcion main() {}\n");
//! assert_eq!(translate(&out, &mine, en).unwrap(), "fun main() {}\n");
//! ```

use crate::diagnostics::Diagnostic;
use crate::lexer::{Token, TokenKind, lex};
use crate::pack::Pack;
use crate::span::{FileId, Span};

/// Why a file was not translated.
#[derive(Debug, thiserror::Error)]
pub enum TranslateError {
    /// The file does not lex cleanly in the source pack.
    #[error("the file has errors in the `{pack}` pack")]
    Syntax {
        /// The source pack's code.
        pack: String,
        /// The lexer's errors.
        diagnostics: Vec<Diagnostic>,
    },
    /// Identifiers that the target pack spells as words (code E0030).
    #[error("{} identifier(s) would become words of the `{pack}` pack", diagnostics.len())]
    Collisions {
        /// The target pack's code.
        pack: String,
        /// One E0030 per identifier.
        diagnostics: Vec<Diagnostic>,
    },
}

impl TranslateError {
    /// The diagnostics that explain the error.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            TranslateError::Syntax { diagnostics, .. }
            | TranslateError::Collisions { diagnostics, .. } => diagnostics,
        }
    }
}

/// Re-spells `source` from pack `from` into pack `to`.
pub fn translate(source: &str, from: &Pack, to: &Pack) -> Result<String, TranslateError> {
    let lexed = lex(source, from);
    if lexed.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(TranslateError::Syntax {
            pack: from.code().to_string(),
            diagnostics: lexed.diagnostics,
        });
    }
    let tokens = &lexed.tokens;
    let mut out = String::with_capacity(source.len() + source.len() / 4);
    let mut copied = 0usize;
    let mut collisions = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if let Some(entry) = t.entry() {
            out.push_str(&source[copied..t.start as usize]);
            out.push_str(to.spelling(entry));
            copied = t.end as usize;
        } else if matches!(t.kind, TokenKind::Ident | TokenKind::StrIdent)
            && t.flags & Token::BACKTICK == 0
        {
            let text = &source[t.span().range()];
            let clash = if annotation_position(tokens, i) {
                to.annotation(text)
            } else {
                to.lookup(text)
            };
            if let Some(entry) = clash {
                collisions.push(collision(t.span(), text, to, entry.canonical()));
            }
        }
    }
    if !collisions.is_empty() {
        return Err(TranslateError::Collisions {
            pack: to.code().to_string(),
            diagnostics: collisions,
        });
    }
    out.push_str(&source[copied..]);
    Ok(out)
}

fn collision(span: Span, text: &str, to: &Pack, canonical: &str) -> Diagnostic {
    Diagnostic::error("E0030", format!("`{text}` is a word of the `{}` pack", to.code()))
        .primary(FileId(0), span, format!("would read as `{canonical}` there"))
        .help(format!("rename it, or write it in backticks (`` `{text}` ``) to keep it an identifier in every pack"))
}

/// Whether the identifier at `i` names an annotation (the lexer's rule:
/// right after an `@` that is not a label reference, or after `@file:`).
fn annotation_position(tokens: &[Token], i: usize) -> bool {
    if i == 0 || !tokens[i].is_joint() {
        return false;
    }
    let prev = tokens[i - 1];
    match prev.kind {
        TokenKind::At => {
            let label_ref = prev.is_joint()
                && i >= 2
                && matches!(tokens[i - 2].kind, TokenKind::Ident | TokenKind::Word(_));
            !label_ref
        }
        TokenKind::Colon => prev.is_joint() && i >= 3 && tokens[i - 3].kind == TokenKind::At,
        _ => false,
    }
}
