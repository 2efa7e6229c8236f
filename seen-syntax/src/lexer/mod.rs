//! The lexer: source text to tokens, in one linear pass.
//!
//! Spellings are looked up in the [`Pack`]; a word becomes
//! [`TokenKind::Word`], a prelude or type name an [`TokenKind::Ident`] with
//! its pack entry. Strings are split into parts (`StrStart`, `StrText`,
//! `StrIdent`, `StrExprOpen` ... `StrExprClose`, `StrEnd`) with a mode stack,
//! so templates nest to any depth. Newlines are not tokens: each token
//! records whether a line break precedes it, and the parser decides where a
//! statement ends. Comments are kept aside for the formatter and doc
//! comments. Every malformed piece gets a diagnostic and lexing goes on.
//!
//! Architecture invariant: every loop advances the cursor, so lexing is
//! linear in the input.

mod numbers;
mod token;

pub use numbers::{FloatLit, IntLit, IntSuffix, parse_float, parse_int};
pub use token::{Token, TokenKind};

use crate::diagnostics::Diagnostic;
use crate::pack::{Entry, Pack, Word};
use crate::span::{FileId, Span};

/// A comment found between tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Where it is, delimiters included.
    pub span: Span,
    /// Line, block or doc comment.
    pub kind: CommentKind,
}

/// The kinds of comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentKind {
    /// `// ...`
    Line,
    /// `/* ... */`, possibly nested.
    Block,
    /// `/// ...`, documentation for the next declaration.
    Doc,
}

/// The lexer's result.
#[derive(Clone, Debug, Default)]
pub struct Lexed {
    /// The tokens, ending with one [`TokenKind::Eof`].
    pub tokens: Vec<Token>,
    /// Every comment, in order.
    pub comments: Vec<Comment>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Byte ranges that a lexical error made unreliable (the bad token to
    /// the end of its line, or an unterminated string to where it was
    /// cut off, sorted by start): the parser stays quiet about problems
    /// there, which are only consequences.
    pub damaged: Vec<Span>,
}

/// Lexes `src` with the words of `pack`.
///
/// ```
/// use seen_syntax::{lex, Pack, TokenKind};
/// let lexed = lex("let x = 1", Pack::english());
/// assert_eq!(lexed.tokens.len(), 5); // let, x, =, 1, end
/// assert_eq!(lexed.tokens[2].kind, TokenKind::Eq);
/// ```
pub fn lex(src: &str, pack: &Pack) -> Lexed {
    lex_in(FileId(0), src, pack)
}

/// Lexes `src`, labelling diagnostics with `file`.
pub fn lex_in(file: FileId, src: &str, pack: &Pack) -> Lexed {
    let mut lexer = Lexer::new(file, src, pack);
    lexer.run();
    let damaged = lexer.damaged_regions();
    Lexed {
        tokens: lexer.tokens,
        comments: lexer.comments,
        diagnostics: lexer.diagnostics,
        damaged,
    }
}

#[derive(Clone, Copy, Debug)]
enum Mode {
    /// Code; `depth` counts `{` opened inside a template expression.
    Code { depth: u32 },
    /// Inside a string opened at `open`.
    Str { raw: bool, open: u32 },
}

struct Lexer<'a> {
    file: FileId,
    src: &'a str,
    bytes: &'a [u8],
    pack: &'a Pack,
    pos: usize,
    flags: u8,
    modes: Vec<Mode>,
    tokens: Vec<Token>,
    comments: Vec<Comment>,
    diagnostics: Vec<Diagnostic>,
    file_annotation: Option<Entry>,
    extra_damage: Vec<Span>,
}

impl<'a> Lexer<'a> {
    fn new(file: FileId, src: &'a str, pack: &'a Pack) -> Self {
        let file_annotation = Some(crate::pack::schema::file_annotation());
        Lexer {
            file,
            src,
            bytes: src.as_bytes(),
            pack,
            pos: 0,
            flags: Token::SPACE_BEFORE,
            modes: vec![Mode::Code { depth: 0 }],
            tokens: Vec::with_capacity(src.len() / 4 + 1),
            comments: Vec::new(),
            diagnostics: Vec::new(),
            file_annotation,
            extra_damage: Vec::new(),
        }
    }

    fn run(&mut self) {
        if self.src.starts_with('\u{feff}') {
            self.pos = 3;
        }
        if self.src[self.pos..].starts_with("#!") {
            let start = self.pos;
            self.skip_line();
            self.comments.push(Comment {
                span: self.span_from(start),
                kind: CommentKind::Line,
            });
        }
        loop {
            match *self
                .modes
                .last()
                .expect("the mode stack always has the base mode")
            {
                Mode::Str { raw, open } => self.string_part(raw, open),
                Mode::Code { .. } => {
                    self.trivia();
                    if self.pos >= self.bytes.len() {
                        break;
                    }
                    self.token();
                }
            }
            if self.pos >= self.bytes.len() {
                // strings and templates still open are closed by unwind_modes
                break;
            }
        }
        self.unwind_modes();
        let end = self.bytes.len() as u32;
        self.tokens.push(Token {
            kind: TokenKind::Eof,
            flags: self.flags,
            entry: 0,
            start: end,
            end,
        });
    }

    /// Closes strings and templates still open at the end of input with
    /// one diagnostic: at the outermost string, the inner ones labelled.
    fn unwind_modes(&mut self) {
        if self.modes.len() <= 1 {
            return;
        }
        let mut inner = Vec::new();
        let mut outermost = None;
        while self.modes.len() > 1 {
            match self.modes.pop() {
                Some(Mode::Str { open, raw }) => {
                    let len = if raw { 3 } else { 1 };
                    if let Some(prev) = outermost.replace((open, len)) {
                        inner.push((
                            Span::new(prev.0, prev.0 + prev.1),
                            "this string is not closed either",
                        ));
                    }
                    self.push_at(TokenKind::StrEnd, self.pos, self.pos);
                }
                Some(Mode::Code { .. }) => {
                    let open = self
                        .tokens
                        .iter()
                        .rev()
                        .find(|t| t.kind == TokenKind::StrExprOpen);
                    let span = open.map_or(Span::at(self.pos as u32), |t| t.span());
                    inner.push((span, "this `${` is not closed"));
                    self.push_at(TokenKind::StrExprClose, self.pos, self.pos);
                }
                None => {}
            }
        }
        let Some((open, len)) = outermost else { return };
        self.error_unterminated_string(open, len);
        // everything after the opener was read as string content
        self.extra_damage
            .push(Span::new(open, self.bytes.len() as u32));
        if let Some(d) = self.diagnostics.last_mut() {
            for (span, message) in inner {
                *d = std::mem::replace(d, Diagnostic::error("E0002", ""))
                    .secondary(self.file, span, message);
            }
        }
    }

    /// Each error's primary span, stretched to the end of its line (an
    /// unterminated string already reaches where it was cut off).
    fn damaged_regions(&self) -> Vec<Span> {
        let mut regions: Vec<Span> = self
            .diagnostics
            .iter()
            .filter_map(|d| d.primary_label().map(|l| l.span))
            .map(|span| {
                let from = (span.end as usize).min(self.bytes.len());
                let eol = self.src[from..]
                    .find('\n')
                    .map_or(self.bytes.len(), |i| from + i);
                Span::new(span.start, eol as u32)
            })
            .collect();
        regions.extend(self.extra_damage.iter().copied());
        regions.sort();
        regions
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(start as u32, self.pos as u32)
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.bytes.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn push_at(&mut self, kind: TokenKind, start: usize, end: usize) {
        self.tokens.push(Token {
            kind,
            flags: self.flags,
            entry: 0,
            start: start as u32,
            end: end as u32,
        });
        self.flags = 0;
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        self.push_at(kind, start, self.pos);
    }

    fn push_entry(&mut self, kind: TokenKind, entry: Option<Entry>, start: usize, extra: u8) {
        let (flag, entry) = entry.map_or((0, 0), |e| (Token::ENTRY, e.0));
        self.tokens.push(Token {
            kind,
            flags: self.flags | flag | extra,
            entry,
            start: start as u32,
            end: self.pos as u32,
        });
        self.flags = 0;
    }

    fn skip_line(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    /// Skips whitespace and comments, recording line breaks.
    fn trivia(&mut self) {
        loop {
            match self.peek(0) {
                b' ' | b'\t' | b'\r' | 0x0c => {
                    self.pos += 1;
                    self.flags |= Token::SPACE_BEFORE;
                }
                b'\n' => {
                    self.pos += 1;
                    self.flags |= Token::SPACE_BEFORE | Token::NL_BEFORE;
                }
                b'/' if self.peek(1) == b'/' => {
                    let start = self.pos;
                    let doc = self.peek(2) == b'/' && self.peek(3) != b'/';
                    self.skip_line();
                    let kind = if doc {
                        CommentKind::Doc
                    } else {
                        CommentKind::Line
                    };
                    self.comments.push(Comment {
                        span: self.span_from(start),
                        kind,
                    });
                    self.flags |= Token::SPACE_BEFORE;
                }
                b'/' if self.peek(1) == b'*' => self.block_comment(),
                _ => return,
            }
        }
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        self.pos += 2;
        let mut depth = 1u32;
        while depth > 0 {
            match self.peek(0) {
                0 if self.pos >= self.bytes.len() => {
                    self.diagnostics.push(
                        Diagnostic::error("E0003", "unterminated block comment")
                            .primary(
                                self.file,
                                Span::new(start as u32, start as u32 + 2),
                                "this comment is never closed",
                            )
                            .help("block comments nest: every `/*` needs its own `*/`"),
                    );
                    break;
                }
                b'/' if self.peek(1) == b'*' => {
                    depth += 1;
                    self.pos += 2;
                }
                b'*' if self.peek(1) == b'/' => {
                    depth -= 1;
                    self.pos += 2;
                }
                b'\n' => {
                    self.flags |= Token::NL_BEFORE;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        self.comments.push(Comment {
            span: self.span_from(start),
            kind: CommentKind::Block,
        });
        self.flags |= Token::SPACE_BEFORE;
    }

    fn token(&mut self) {
        let start = self.pos;
        let b = self.peek(0);
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => self.ident(start),
            b'0'..=b'9' => self.number(start),
            b'"' => self.string_start(start),
            b'\'' => self.char_literal(start),
            b'`' => self.backtick_ident(start),
            b'{' => {
                self.pos += 1;
                if let Some(Mode::Code { depth }) = self.modes.last_mut() {
                    *depth += 1;
                }
                self.push(TokenKind::LBrace, start);
            }
            b'}' => {
                self.pos += 1;
                let in_template = self.modes.len() > 1;
                match self.modes.last_mut() {
                    Some(Mode::Code { depth }) if *depth == 0 && in_template => {
                        self.modes.pop();
                        self.push(TokenKind::StrExprClose, start);
                    }
                    Some(Mode::Code { depth }) => {
                        *depth = depth.saturating_sub(1);
                        self.push(TokenKind::RBrace, start);
                    }
                    _ => self.push(TokenKind::RBrace, start),
                }
            }
            0x80.. => {
                let c = self.src[self.pos..]
                    .chars()
                    .next()
                    .expect("pos is on a char boundary");
                if unicode_ident::is_xid_start(c) {
                    self.ident(start);
                } else {
                    self.pos += c.len_utf8();
                    self.unexpected_char(start, c);
                }
            }
            _ => self.punct(start),
        }
    }

    fn unexpected_char(&mut self, start: usize, c: char) {
        self.flags |= Token::SPACE_BEFORE;
        // a run of stray characters is one problem, not one per character
        if let Some(last) = self.diagnostics.last_mut() {
            if last.code == "E0001"
                && last
                    .labels
                    .first()
                    .is_some_and(|l| l.span.end as usize == start)
            {
                last.labels[0].span.end = self.pos as u32;
                last.message = "unexpected characters".to_string();
                return;
            }
        }
        let mut d = Diagnostic::error(
            "E0001",
            format!("unexpected character `{}`", c.escape_debug()),
        )
        .primary(self.file, self.span_from(start), "not part of any token");
        if c == '#' {
            d = d.help("comments start with `//`");
        } else if c.is_whitespace() {
            d = d.help("this is an unusual space character; replace it with a plain space");
        } else if c == '$' {
            d = d.help("`$` starts a template only inside a string");
        }
        self.diagnostics.push(d);
        self.flags |= Token::SPACE_BEFORE;
    }

    fn eat_ident_chars(&mut self) {
        // ASCII first, straight through a table
        let rest = &self.bytes[self.pos..];
        self.pos += rest
            .iter()
            .take_while(|&&b| IDENT_CONTINUE[b as usize])
            .count();
        loop {
            match self.peek(0) {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => self.pos += 1,
                0x80.. => {
                    let c = self.src[self.pos..]
                        .chars()
                        .next()
                        .expect("pos is on a char boundary");
                    if unicode_ident::is_xid_continue(c) {
                        self.pos += c.len_utf8();
                    } else {
                        return;
                    }
                }
                _ => return,
            }
        }
    }

    fn ident(&mut self, start: usize) {
        self.eat_ident_chars();
        let text = &self.src[start..self.pos];
        if self.at_annotation_name() {
            let entry = self.pack.annotation(text);
            self.push_entry(TokenKind::Ident, entry, start, 0);
            return;
        }
        match self.pack.lookup(text) {
            Some(entry) => match entry.word() {
                Some(word) => self.push_entry(TokenKind::Word(word), Some(entry), start, 0),
                None => self.push_entry(TokenKind::Ident, Some(entry), start, 0),
            },
            None => self.push_entry(TokenKind::Ident, None, start, 0),
        }
    }

    /// Whether the identifier being lexed names an annotation: it follows
    /// an `@` that is not a label reference (`return@f`, `this@Outer`), or
    /// it follows `@file:`.
    fn at_annotation_name(&self) -> bool {
        if self.flags & Token::SPACE_BEFORE != 0 {
            return false;
        }
        let n = self.tokens.len();
        let Some(last) = self.tokens.last() else {
            return false;
        };
        match last.kind {
            TokenKind::At => {
                let before = n.checked_sub(2).map(|i| self.tokens[i]);
                let label_ref = last.is_joint()
                    && before
                        .is_some_and(|t| matches!(t.kind, TokenKind::Ident | TokenKind::Word(_)));
                !label_ref
            }
            TokenKind::Colon if last.is_joint() && n >= 3 => {
                let name = self.tokens[n - 2];
                name.kind == TokenKind::Ident
                    && self.tokens[n - 3].kind == TokenKind::At
                    && name.entry().is_some()
                    && name.entry() == self.file_annotation
            }
            _ => false,
        }
    }

    fn backtick_ident(&mut self, start: usize) {
        self.pos += 1;
        while !matches!(self.peek(0), b'`' | b'\n' | b'\r') && self.pos < self.bytes.len() {
            self.pos += self.src[self.pos..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        }
        if self.peek(0) == b'`' {
            self.pos += 1;
            if self.pos - start == 2 {
                self.diagnostics.push(
                    Diagnostic::error("E0007", "empty backtick identifier").primary(
                        self.file,
                        self.span_from(start),
                        "no name between the backticks",
                    ),
                );
            }
        } else {
            self.diagnostics.push(
                Diagnostic::error("E0007", "unterminated backtick identifier")
                    .primary(
                        self.file,
                        Span::new(start as u32, start as u32 + 1),
                        "this backtick is never closed",
                    )
                    .help("a backtick identifier ends with a second backtick on the same line"),
            );
        }
        self.push_entry(TokenKind::Ident, None, start, Token::BACKTICK);
    }

    fn number(&mut self, start: usize) {
        let after_dot = self.tokens.last().is_some_and(|t| {
            matches!(t.kind, TokenKind::Dot | TokenKind::QuestionDot)
                && self.flags & Token::SPACE_BEFORE == 0
        });
        if after_dot {
            // a tuple index: `t.0.1` is two accesses, not the float `0.1`
            while self.peek(0).is_ascii_digit() {
                self.pos += 1;
            }
            self.push(TokenKind::Int, start);
            return;
        }
        let mut kind = numbers::scan(self.bytes, &mut self.pos);
        // the suffix or stray letters after the digits
        let digits_end = self.pos;
        self.eat_ident_chars();
        let text = &self.src[start..self.pos];
        if matches!(&self.src[digits_end..self.pos], "f" | "F") && !numbers::has_radix_prefix(text)
        {
            kind = TokenKind::Float;
        }
        // plain decimal digits (the common case) are always valid
        let plain =
            kind == TokenKind::Int && text.len() < 20 && text.bytes().all(|b| b.is_ascii_digit());
        if plain {
            self.push(kind, start);
            return;
        }
        let result = match kind {
            TokenKind::Float => parse_float(text).map(|_| ()),
            _ => parse_int(text).map(|_| ()),
        };
        if let Err(message) = result {
            self.diagnostics
                .push(Diagnostic::error("E0005", message).primary(
                    self.file,
                    self.span_from(start),
                    "invalid number",
                ));
        }
        self.push(kind, start);
    }

    fn char_literal(&mut self, start: usize) {
        self.pos += 1;
        let mut count = 0;
        loop {
            let at_end = self.pos >= self.bytes.len();
            match self.peek(0) {
                b'\'' => {
                    self.pos += 1;
                    break;
                }
                b'\n' | b'\r' | 0 if at_end || self.peek(0) != 0 => {
                    self.diagnostics.push(
                        Diagnostic::error("E0006", "unterminated character literal")
                            .primary(
                                self.file,
                                Span::new(start as u32, start as u32 + 1),
                                "this quote is never closed",
                            )
                            .help(
                                "a character literal is one character between single quotes: 'a'",
                            ),
                    );
                    self.push(TokenKind::Char, start);
                    return;
                }
                b'\\' => {
                    self.escape(true);
                    count += 1;
                }
                _ => {
                    self.pos += self.src[self.pos..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                    count += 1;
                }
            }
        }
        if count != 1 {
            let (msg, help) = if count == 0 {
                (
                    "empty character literal",
                    "write a character between the quotes, or `' '` for a space",
                )
            } else {
                (
                    "character literal holds more than one character",
                    "use double quotes for a string",
                )
            };
            self.diagnostics.push(
                Diagnostic::error("E0006", msg)
                    .primary(self.file, self.span_from(start), "here")
                    .help(help),
            );
        }
        self.push(TokenKind::Char, start);
    }

    /// Checks one escape sequence at `pos` (a backslash) and skips it.
    fn escape(&mut self, in_char: bool) {
        let start = self.pos;
        self.pos += 1;
        let c = self.peek(0);
        match c {
            b'n' | b't' | b'r' | b'\\' | b'"' | b'$' | b'0' => self.pos += 1,
            b'\'' if in_char => self.pos += 1,
            b'\'' => self.pos += 1,
            b'u' if self.peek(1) == b'{' => {
                self.pos += 2;
                let digits = self.pos;
                while self.peek(0).is_ascii_hexdigit() {
                    self.pos += 1;
                }
                let hex = &self.src[digits..self.pos];
                let closed = self.peek(0) == b'}';
                if closed {
                    self.pos += 1;
                }
                let valid = closed
                    && !hex.is_empty()
                    && hex.len() <= 6
                    && u32::from_str_radix(hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .is_some();
                if !valid {
                    self.diagnostics.push(
                        Diagnostic::error("E0004", "invalid unicode escape")
                            .primary(self.file, self.span_from(start), "not a Unicode scalar value")
                            .help("write `\\u{` followed by 1 to 6 hexadecimal digits and `}`, e.g. `\\u{1F600}`"),
                    );
                }
            }
            _ => {
                if self.pos < self.bytes.len() && c != b'\n' {
                    self.pos += self.src[self.pos..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                }
                self.diagnostics.push(
                    Diagnostic::error("E0004", "unknown escape sequence")
                        .primary(self.file, self.span_from(start), "not an escape")
                        .help("the escapes are \\n \\t \\r \\\\ \\\" \\' \\$ \\0 and \\u{...}"),
                );
            }
        }
    }

    fn string_start(&mut self, start: usize) {
        let raw = self.src[self.pos..].starts_with("\"\"\"");
        self.pos += if raw { 3 } else { 1 };
        self.push_entry(
            TokenKind::StrStart,
            None,
            start,
            if raw { Token::RAW } else { 0 },
        );
        self.modes.push(Mode::Str {
            raw,
            open: start as u32,
        });
    }

    fn error_unterminated_string(&mut self, open: u32, len: u32) {
        let help = if len == 3 {
            "close the raw string with `\"\"\"`"
        } else {
            "close the string with `\"` on the same line, or use `\"\"\"` for text over several lines"
        };
        self.diagnostics.push(
            Diagnostic::error("E0002", "unterminated string literal")
                .primary(
                    self.file,
                    Span::new(open, open + len),
                    "this string is never closed",
                )
                .help(help),
        );
    }

    /// Lexes string content up to the next template, the closing quote or
    /// the end of the line (an error for an ordinary string).
    fn string_part(&mut self, raw: bool, open: u32) {
        let start = self.pos;
        let flush = |lx: &mut Self, end: usize| {
            if end > start {
                lx.push_at(TokenKind::StrText, start, end);
            }
        };
        loop {
            let b = self.peek(0);
            if self.pos >= self.bytes.len() {
                flush(self, self.pos);
                // unwind_modes reports the unterminated string
                return;
            }
            match b {
                b'"' if raw => {
                    if self.src[self.pos..].starts_with("\"\"\"") {
                        // a run of more than three quotes ends with the last three
                        let mut run = 3;
                        while self.peek(run) == b'"' {
                            run += 1;
                        }
                        let text_end = self.pos + run - 3;
                        flush(self, text_end);
                        self.pos = text_end + 3;
                        self.push_entry(TokenKind::StrEnd, None, text_end, Token::RAW);
                        self.modes.pop();
                        return;
                    }
                    self.pos += 1;
                }
                b'"' => {
                    flush(self, self.pos);
                    self.pos += 1;
                    self.push(TokenKind::StrEnd, self.pos - 1);
                    self.modes.pop();
                    return;
                }
                b'\n' if !raw => {
                    flush(self, self.pos);
                    self.error_unterminated_string(open, 1);
                    self.extra_damage.push(Span::new(open, self.pos as u32));
                    self.push_at(TokenKind::StrEnd, self.pos, self.pos);
                    self.modes.pop();
                    return;
                }
                b'\\' if !raw => self.escape(false),
                b'$' if self.peek(1) == b'{' => {
                    flush(self, self.pos);
                    let s = self.pos;
                    self.pos += 2;
                    self.push(TokenKind::StrExprOpen, s);
                    self.modes.push(Mode::Code { depth: 0 });
                    return;
                }
                b'$' if self.template_ident_follows() => {
                    flush(self, self.pos);
                    self.pos += 1;
                    let s = self.pos;
                    self.eat_ident_chars();
                    let entry = self.pack.lookup(&self.src[s..self.pos]);
                    self.push_entry(TokenKind::StrIdent, entry, s, 0);
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }

    fn template_ident_follows(&self) -> bool {
        match self.peek(1) {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => true,
            0x80.. => self.src[self.pos + 1..]
                .chars()
                .next()
                .is_some_and(unicode_ident::is_xid_start),
            _ => false,
        }
    }

    fn punct(&mut self, start: usize) {
        use TokenKind::*;
        let b = self.peek(0);
        let (kind, len) = match (b, self.peek(1), self.peek(2)) {
            (b'(', _, _) => (LParen, 1),
            (b')', _, _) => (RParen, 1),
            (b'[', _, _) => (LBracket, 1),
            (b']', _, _) => (RBracket, 1),
            (b',', _, _) => (Comma, 1),
            (b';', _, _) => (Semi, 1),
            (b':', b':', _) => (ColonColon, 2),
            (b':', _, _) => (Colon, 1),
            (b'.', b'.', b'.') => (Ellipsis, 3),
            (b'.', b'.', b'<') => (DotDotLt, 3),
            (b'.', b'.', _) => (DotDot, 2),
            (b'.', _, _) => (Dot, 1),
            // `T?...` (a nullable vararg) and `a?..b` are `?` then `...`/`..`
            (b'?', b'.', b'.') => (Question, 1),
            (b'?', b'.', _) => (QuestionDot, 2),
            (b'?', b':', _) => (Elvis, 2),
            (b'?', _, _) => (Question, 1),
            (b'-', b'>', _) => (Arrow, 2),
            (b'-', b'-', _) => (MinusMinus, 2),
            (b'-', b'=', _) => (MinusEq, 2),
            (b'-', _, _) => (Minus, 1),
            (b'+', b'+', _) => (PlusPlus, 2),
            (b'+', b'=', _) => (PlusEq, 2),
            (b'+', _, _) => (Plus, 1),
            (b'*', b'=', _) => (StarEq, 2),
            (b'*', _, _) => (Star, 1),
            (b'/', b'=', _) => (SlashEq, 2),
            (b'/', _, _) => (Slash, 1),
            (b'%', b'=', _) => (PercentEq, 2),
            (b'%', _, _) => (Percent, 1),
            (b'=', b'=', b'=') => (EqEqEq, 3),
            (b'=', b'=', _) => (EqEq, 2),
            (b'=', _, _) => (Eq, 1),
            (b'!', b'=', b'=') => (BangEqEq, 3),
            (b'!', b'=', _) => (BangEq, 2),
            (b'!', b'!', _) => (BangBang, 2),
            (b'!', _, _) => (Bang, 1),
            (b'<', b'<', b'=') => (LtLtEq, 3),
            (b'<', b'<', _) => (LtLt, 2),
            (b'<', b'=', _) => (LtEq, 2),
            (b'<', _, _) => (Lt, 1),
            (b'>', _, _) => (Gt, 1),
            (b'&', b'&', _) => (AmpAmp, 2),
            (b'&', b'=', _) => (AmpEq, 2),
            (b'&', _, _) => (Amp, 1),
            (b'|', b'|', _) => (PipePipe, 2),
            (b'|', b'=', _) => (PipeEq, 2),
            (b'|', _, _) => (Pipe, 1),
            (b'^', b'=', _) => (CaretEq, 2),
            (b'^', _, _) => (Caret, 1),
            (b'~', _, _) => (Tilde, 1),
            (b'@', _, _) => (At, 1),
            _ => {
                self.pos += 1;
                self.unexpected_char(start, b as char);
                return;
            }
        };
        self.pos += len;
        self.push(kind, start);
    }
}

/// ASCII bytes that continue an identifier.
static IDENT_CONTINUE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

/// Whether `word` is spelled by the pack entry of `token`.
pub fn token_is(token: &Token, word: Word) -> bool {
    token.kind == TokenKind::Word(word)
}

#[cfg(test)]
mod tests;
