//! `seen-syntax`: Seen source text to an abstract syntax tree.
//!
//! The crate takes text and a keyword [`Pack`] and gives tokens, a tree
//! ([`ast::File`]) and [`Diagnostic`]s. It also prints trees back as text
//! ([`format`], the formatter) and re-spells a file into another pack
//! ([`translate`]).
//!
//! ```
//! use seen_syntax::{parse, Arena, Pack};
//! let arena = Arena::new();
//! let parsed = parse("fun main() {\n    println(\"hi\")\n}\n", Pack::english(), &arena);
//! assert!(parsed.diagnostics.is_empty());
//! assert_eq!(parsed.ast.items.len(), 1);
//! ```
//!
//! The tree is built in an [`Arena`] the caller owns and borrows the source
//! text; it lives as long as both.
//!
//! Architecture invariants:
//! - Parsing never fails: [`parse`] returns a tree and diagnostics for any
//!   text, never a `Result`, never a panic, in time linear in the input.
//! - No keyword is spelled in this crate's code: spellings come from the
//!   packs under `keywords/`; the code knows canonical names only (see
//!   [`pack::schema`]).
//! - The crate knows nothing of types, names' meanings or the IR.

#![deny(missing_docs)]

pub mod ast;
pub mod diagnostics;
pub mod format;
pub mod lexer;
pub mod pack;
mod parser;
pub mod span;
pub mod translate;

pub use bumpalo::Bump as Arena;
pub use diagnostics::{Diagnostic, Label, Severity};
pub use lexer::{Comment, CommentKind, Lexed, Token, TokenKind, lex, lex_in};
pub use pack::{Entry, Pack, PackError, Word};
pub use parser::{ParseStats, Role};
pub use span::{FileId, SourceFile, SourceMap, Span};

/// The most diagnostics reported for one file; the rest are counted.
pub const MAX_DIAGNOSTICS: usize = 500;

/// The result of parsing one file.
#[derive(Clone, Debug)]
pub struct Parsed<'a> {
    /// The tree; parts that could not be parsed are `Error` nodes.
    pub ast: ast::File<'a>,
    /// Every problem found, lexical and syntactic, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The tokens, ending with [`TokenKind::Eof`].
    pub tokens: Vec<Token>,
    /// The comments, in order.
    pub comments: Vec<Comment>,
    /// What the parser learned about each token (same length as
    /// `tokens`), for the formatter.
    pub roles: Vec<Role>,
    /// Work counts.
    pub stats: ParseStats,
}

impl Parsed<'_> {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The tree as text without spans: equal for two texts that differ
    /// only in keyword spelling, layout and comments.
    pub fn tree_without_spans(&self) -> String {
        span::with_spans_hidden(|| format!("{:#?}", self.ast))
    }
}

/// Parses `source` with the words of `pack`, building the tree in
/// `arena`; diagnostics name file 0.
pub fn parse<'a>(source: &'a str, pack: &Pack, arena: &'a Arena) -> Parsed<'a> {
    parse_in(FileId(0), source, pack, arena)
}

/// Parses `source`, labelling diagnostics with `file`.
pub fn parse_in<'a>(file: FileId, source: &'a str, pack: &Pack, arena: &'a Arena) -> Parsed<'a> {
    let lexed = lex_in(file, source, pack);
    let mut parser = parser::Parser::new(file, source, pack, &lexed, arena);
    let ast = parser::parse_file(&mut parser);
    let (parse_diagnostics, roles, steps) = parser.finish();
    let mut diagnostics = lexed.diagnostics;
    diagnostics.extend(parse_diagnostics);
    diagnostics::sort(&mut diagnostics);
    if diagnostics.len() > MAX_DIAGNOSTICS {
        let hidden = diagnostics.len() - MAX_DIAGNOSTICS;
        diagnostics.truncate(MAX_DIAGNOSTICS);
        let span = Span::at(source.len() as u32);
        diagnostics.push(
            Diagnostic::error(
                "E0032",
                format!("{hidden} more problems in this file are not shown"),
            )
            .primary(file, span, "the first problems are reported above")
            .help("fix those first; later errors are often caused by earlier ones"),
        );
    }
    let stats = ParseStats {
        tokens: lexed.tokens.len(),
        steps,
    };
    Parsed {
        ast,
        diagnostics,
        tokens: lexed.tokens,
        comments: lexed.comments,
        roles,
        stats,
    }
}
