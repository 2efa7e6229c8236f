//! The parser: tokens to AST, recovering from errors.
//!
//! A hand-written recursive-descent parser with precedence climbing for
//! binary operators. Newlines are decided here, not in the lexer: each
//! token knows whether a line break precedes it, and [`Parser::line_break`]
//! says whether that break ends a statement in the current context (inside
//! `( )` and `[ ]` it never does; inside `{ }` it does, LANGUAGE.md section
//! 1). Every error becomes a diagnostic; the parser then skips to a place
//! where parsing can go on (the end of the statement, a closing bracket),
//! so one file with several mistakes reports each of them.
//!
//! Architecture invariants: parsing never fails and never panics; every
//! loop consumes a token or leaves; speculation (type arguments, lambda
//! parameters) is bounded, so the work is linear in the number of tokens
//! ([`ParseStats::steps`] counts it). Modules: [`items`] (declarations),
//! `stmts`, `exprs`, `control` (if, when, try, lambdas), `types`,
//! `strings`.

mod control;
mod exprs;
mod items;
mod stmts;
mod strings;
mod types;

use crate::ast::{self, Ident, Name};
use crate::diagnostics::Diagnostic;
use crate::lexer::{Comment, CommentKind, Token, TokenKind};
use crate::pack::{Pack, Word};
use crate::span::{FileId, Span};

/// How deeply constructs may nest before the parser refuses (to keep the
/// stack bounded on hostile input).
const MAX_DEPTH: u32 = 1000;

/// What the parser learned about tokens that the formatter needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Role {
    /// Nothing special.
    #[default]
    Plain,
    /// `<` or `>` of type parameters or arguments.
    TypeAngle,
    /// A prefix operator (`-x`, `++i`).
    Prefix,
    /// A `:` written with a space on both sides (supertypes, bounds,
    /// constructor delegation).
    SpacedColon,
    /// `*` of `import a.*` or a star projection.
    Glob,
    /// `@` of a label (`loop@`, `return@f`).
    LabelAt,
    /// A `?` making a type nullable.
    NullableMark,
    /// An operator symbol naming an operator function (`fun +(o: T)`).
    OperatorName,
    /// The `:` of an annotation's use-site target (`@file:no_std`).
    AnnotationColon,
    /// The parentheses around the condition of `if`, `while` or the header
    /// of `for`, after which a body follows (possibly on the next line).
    ControlParen,
    /// The braces of an import group, written without inner spaces
    /// (`import a.{b, c}`).
    TightBrace,
}

/// Counts of work done, for linear-time tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParseStats {
    /// Tokens produced by the lexer (the final end-of-file included).
    pub tokens: usize,
    /// Parser steps: tokens consumed plus tokens inspected while
    /// speculating.
    pub steps: usize,
}

/// The parser over one file. `'a` is the lifetime of the source text and
/// the arena the tree is built in; `'p` that of the pack and tokens.
pub(crate) struct Parser<'a, 'p> {
    file: FileId,
    arena: &'a bumpalo::Bump,
    /// Regions the lexer found broken; problems there are not reported.
    damaged: &'p [Span],
    /// Set after the nesting limit: everything after is skipped silently.
    gave_up: bool,
    src: &'a str,
    pack: &'p Pack,
    tokens: &'p [Token],
    comments: &'p [Comment],
    pos: usize,
    /// Newline significance, innermost last (`true` inside braces).
    nl: Vec<bool>,
    diagnostics: Vec<Diagnostic>,
    roles: Vec<Role>,
    steps: usize,
    depth: u32,
    /// The token index of the last error, to avoid cascades.
    last_error_at: usize,
    /// Comments already used as doc comments (index into `comments`).
    doc_cursor: usize,
    /// Inside `by expr` of a class header: a `{` there opens the class
    /// body, not a trailing lambda (cleared inside parentheses).
    /// Inside a primary constructor's parameters, where `let` and `var`
    /// at the start of a line begin a parameter, not a statement.
    pub(crate) in_ctor_params: bool,
    pub(crate) no_brace_lambda: bool,
}

/// A list being built: a plain `Vec` while it grows, copied into the
/// arena at its final size (growing inside the arena would leave every
/// outgrown buffer behind).
pub(crate) struct BVec<'a, T: Copy> {
    arena: &'a bumpalo::Bump,
    items: smallvec::SmallVec<[T; 4]>,
}

impl<'a, T: Copy> BVec<'a, T> {
    /// Moves the elements into the arena.
    pub(crate) fn into_bump_slice(self) -> &'a [T] {
        if self.items.is_empty() {
            return &[];
        }
        self.arena.alloc_slice_copy(&self.items)
    }
}

impl<T: Copy> std::ops::Deref for BVec<'_, T> {
    type Target = smallvec::SmallVec<[T; 4]>;
    fn deref(&self) -> &Self::Target {
        &self.items
    }
}

impl<T: Copy> std::ops::DerefMut for BVec<'_, T> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.items
    }
}

/// A saved parser position for speculation.
pub(crate) struct Checkpoint {
    pos: usize,
    diagnostics: usize,
    last_error_at: usize,
}

impl<'a, 'p> Parser<'a, 'p> {
    pub(crate) fn new(
        file: FileId,
        src: &'a str,
        pack: &'p Pack,
        lexed: &'p crate::Lexed,
        arena: &'a bumpalo::Bump,
    ) -> Self {
        let (tokens, comments) = (&lexed.tokens[..], &lexed.comments[..]);
        Parser {
            file,
            arena,
            damaged: &lexed.damaged,
            gave_up: false,
            src,
            pack,
            tokens,
            comments,
            pos: 0,
            nl: vec![true],
            diagnostics: Vec::new(),
            roles: vec![Role::Plain; tokens.len()],
            steps: 0,
            depth: 0,
            last_error_at: usize::MAX,
            doc_cursor: 0,
            no_brace_lambda: false,
            in_ctor_params: false,
        }
    }

    pub(crate) fn finish(self) -> (Vec<Diagnostic>, Vec<Role>, usize) {
        (self.diagnostics, self.roles, self.steps)
    }

    // ---- the cursor -------------------------------------------------------

    fn tok(&self) -> Token {
        self.tokens[self.pos]
    }

    fn nth(&self, n: usize) -> Token {
        self.tokens[(self.pos + n).min(self.tokens.len() - 1)]
    }

    fn kind(&self) -> TokenKind {
        self.tokens[self.pos].kind
    }

    fn nth_kind(&self, n: usize) -> TokenKind {
        self.nth(n).kind
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.kind() == kind
    }

    fn at_word(&self, word: Word) -> bool {
        self.kind() == TokenKind::Word(word)
    }

    fn at_eof(&self) -> bool {
        self.kind() == TokenKind::Eof
    }

    fn bump(&mut self) -> Token {
        let t = self.tok();
        if t.kind != TokenKind::Eof {
            self.pos += 1;
            self.steps += 1;
        }
        t
    }

    fn eat(&mut self, kind: TokenKind) -> bool {
        if self.at(kind) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, word: Word) -> bool {
        if self.at_word(word) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn prev_span(&self) -> Span {
        if self.pos == 0 {
            Span::at(0)
        } else {
            self.tokens[self.pos - 1].span()
        }
    }

    fn prev_end(&self) -> u32 {
        self.prev_span().end
    }

    fn span_from(&self, start: u32) -> Span {
        Span::new(start, self.prev_end().max(start))
    }

    fn start(&self) -> u32 {
        self.tok().start
    }

    /// A growable list in the arena.
    fn vec<T: Copy>(&self) -> BVec<'a, T> {
        BVec {
            arena: self.arena,
            items: smallvec::SmallVec::new(),
        }
    }

    /// A list of one.
    fn one<T: Copy>(&self, value: T) -> &'a [T] {
        std::slice::from_ref(self.arena.alloc(value))
    }

    /// Copies text into the arena.
    fn alloc_str(&self, text: &str) -> &'a str {
        self.arena.alloc_str(text)
    }

    fn text(&self, t: Token) -> &'a str {
        &self.src[t.start as usize..t.end as usize]
    }

    fn mark(&mut self, index: usize, role: Role) {
        if let Some(r) = self.roles.get_mut(index) {
            *r = role;
        }
    }

    fn mark_prev(&mut self, role: Role) {
        if self.pos > 0 {
            self.mark(self.pos - 1, role);
        }
    }

    fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            pos: self.pos,
            diagnostics: self.diagnostics.len(),
            last_error_at: self.last_error_at,
        }
    }

    fn rewind(&mut self, cp: Checkpoint) {
        for role in &mut self.roles[cp.pos..self.pos] {
            *role = Role::Plain;
        }
        self.pos = cp.pos;
        self.diagnostics.truncate(cp.diagnostics);
        self.last_error_at = cp.last_error_at;
    }

    // ---- newlines -----------------------------------------------------------

    /// Whether the current token starts a new line where line breaks end
    /// statements.
    fn line_break(&self) -> bool {
        *self.nl.last().unwrap_or(&true) && self.tok().nl_before()
    }

    fn with_newlines<R>(&mut self, significant: bool, f: impl FnOnce(&mut Self) -> R) -> R {
        self.nl.push(significant);
        let r = f(self);
        self.nl.pop();
        r
    }

    // ---- nesting ----------------------------------------------------------

    /// Runs `f` one level deeper; past [`MAX_DEPTH`] reports and skips the
    /// rest of the input instead.
    fn nested<R>(&mut self, f: impl FnOnce(&mut Self) -> R, fallback: impl FnOnce(Span) -> R) -> R {
        if self.depth >= MAX_DEPTH {
            let start = self.start();
            self.too_deep();
            return fallback(self.span_from(start));
        }
        self.depth += 1;
        // grow the stack on demand: debug builds use large frames
        let r = stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || f(self));
        self.depth -= 1;
        r
    }

    /// One more link of an operator, postfix or `?` chain: the tree gets
    /// one level deeper without recursion in the parser, so it counts
    /// against the same limit. Returns `false` (after reporting) when the
    /// limit is reached; the caller stops the chain.
    fn chain_step(&mut self, links: &mut u32) -> bool {
        if self.depth >= MAX_DEPTH {
            self.too_deep();
            return false;
        }
        self.depth += 1;
        *links += 1;
        true
    }

    /// Ends a chain begun with [`Parser::chain_step`].
    fn end_chain(&mut self, links: u32) {
        self.depth -= links;
    }

    fn too_deep(&mut self) {
        if !self.gave_up {
            self.diagnostics.push(
                Diagnostic::error("E0029", "this code nests too deeply")
                    .primary(
                        self.file,
                        self.tok().span(),
                        format!("more than {MAX_DEPTH} levels deep"),
                    )
                    .help("split the expression or declaration into smaller pieces"),
            );
            self.gave_up = true;
        }
        while !self.at_eof() {
            self.bump();
        }
    }

    // ---- names ------------------------------------------------------------

    /// The canonical name of an identifier or word token.
    fn name_of(&self, t: Token) -> Name<'a> {
        if let Some(entry) = t.entry() {
            return entry.canonical();
        }
        let text = self.text(t);
        if t.flags & Token::BACKTICK != 0 {
            let inner = text.strip_prefix('`').unwrap_or(text);
            return inner.strip_suffix('`').unwrap_or(inner);
        }
        text
    }

    /// Whether the token can be an identifier here: an identifier or a
    /// word that is not reserved.
    fn is_ident(t: Token) -> bool {
        match t.kind {
            TokenKind::Ident => true,
            TokenKind::Word(w) => !w.is_reserved(),
            _ => false,
        }
    }

    fn at_ident(&self) -> bool {
        Parser::is_ident(self.tok())
    }

    /// Consumes an identifier, or reports one missing.
    fn ident(&mut self, what: &str) -> Ident<'a> {
        if self.at_ident() {
            let t = self.bump();
            return Ident {
                name: self.name_of(t),
                span: t.span(),
            };
        }
        self.expected(what);
        Ident {
            name: "<error>",
            span: Span::at(self.start()),
        }
    }

    fn ident_here(&mut self) -> Ident<'a> {
        let t = self.bump();
        Ident {
            name: self.name_of(t),
            span: t.span(),
        }
    }

    // ---- diagnostics --------------------------------------------------------

    fn error(&mut self, d: Diagnostic) {
        self.last_error_at = self.pos;
        if self.gave_up || self.is_damaged(d.sort_key().1) {
            return;
        }
        self.diagnostics.push(d);
    }

    /// Whether `offset` lies in a region the lexer already reported.
    fn is_damaged(&self, offset: u32) -> bool {
        let i = self.damaged.partition_point(|s| s.start <= offset);
        self.damaged[..i]
            .iter()
            .rev()
            .take(8)
            .any(|s| offset <= s.end)
    }

    /// Reports that `what` was expected at the current token (once per
    /// token, so one mistake gives one message).
    fn expected(&mut self, what: &str) {
        if self.last_error_at == self.pos {
            return;
        }
        let found = self.describe(self.tok());
        let t = self.tok();
        let mut d = Diagnostic::error("E0010", format!("expected {what}, found {found}"));
        // point just after the previous token when the current one is on
        // another line: that is where something is missing
        if self.tok().nl_before() && self.pos > 0 || t.kind == TokenKind::Eof {
            let end = self.prev_end();
            d = d.primary(self.file, Span::at(end), format!("expected {what} here"));
        } else {
            d = d.primary(self.file, t.span(), format!("expected {what}"));
        }
        d = self.symbol_help(d);
        self.error(d);
    }

    fn symbol_help(&self, d: Diagnostic) -> Diagnostic {
        match self.kind() {
            TokenKind::AmpAmp => d.help(format!(
                "Seen writes `{}` for `&&`",
                self.pack.word(Word::And)
            )),
            TokenKind::PipePipe => d.help(format!(
                "Seen writes `{}` for `||`",
                self.pack.word(Word::Or)
            )),
            TokenKind::Question => d.help(format!(
                "Seen has no `? :` operator; write `{} (cond) a {} b`",
                self.pack.word(Word::If),
                self.pack.word(Word::Else)
            )),
            _ => d,
        }
    }

    /// How a token is named in messages, in the user's spelling.
    fn describe(&self, t: Token) -> String {
        match t.kind {
            TokenKind::Eof => "end of file".into(),
            TokenKind::Ident => format!("`{}`", self.text(t)),
            TokenKind::Word(_) => format!("keyword `{}`", self.text(t)),
            TokenKind::Int | TokenKind::Float => format!("number `{}`", self.text(t)),
            TokenKind::Char => "a character literal".into(),
            TokenKind::StrStart => "a string".into(),
            TokenKind::StrText | TokenKind::StrIdent | TokenKind::StrEnd => "string content".into(),
            k => format!("`{}`", k.punct_text().unwrap_or("?")),
        }
    }

    /// The pack's spelling of a word, for messages.
    fn spell(&self, w: Word) -> &'p str {
        self.pack.word(w)
    }

    // ---- recovery -----------------------------------------------------------

    /// Skips to the end of the current statement: a line break or `;` at
    /// this nesting level, or the `}` that closes the enclosing block
    /// (which is not consumed).
    fn recover_statement(&mut self) {
        let mut depth = 0usize;
        let start = self.pos;
        while !self.at_eof() {
            if depth == 0 && self.pos > start && self.tok().nl_before() {
                return;
            }
            match self.kind() {
                TokenKind::Semi if depth == 0 => {
                    self.bump();
                    return;
                }
                TokenKind::RBrace if depth == 0 => return,
                TokenKind::LParen
                | TokenKind::LBracket
                | TokenKind::LBrace
                | TokenKind::StrExprOpen => depth += 1,
                TokenKind::RParen
                | TokenKind::RBracket
                | TokenKind::RBrace
                | TokenKind::StrExprClose => {
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            }
            self.bump();
        }
    }

    /// After a statement: a `;`, a line break, the closing `}` or the end.
    fn statement_end(&mut self) {
        if matches!(self.kind(), TokenKind::RParen | TokenKind::RBracket) && !self.tok().nl_before()
        {
            let t = self.bump();
            let text = t.kind.punct_text().unwrap_or("?");
            self.error(
                Diagnostic::error("E0012", format!("unmatched `{text}`"))
                    .primary(self.file, t.span(), "nothing opened here to close")
                    .help("remove it, or add the opening bracket it belongs to"),
            );
        }
        if self.eat(TokenKind::Semi) {
            while self.eat(TokenKind::Semi) {}
            return;
        }
        if self.tok().nl_before() || self.at(TokenKind::RBrace) || self.at_eof() {
            return;
        }
        if self.last_error_at != self.pos {
            let t = self.tok();
            let found = self.describe(t);
            let d = Diagnostic::error(
                "E0015",
                format!("expected a line break or `;` before {found}"),
            )
            .primary(self.file, t.span(), "a new statement starts here")
            .help("put each statement on its own line, or separate them with `;`");
            let d = self.symbol_help(d);
            self.error(d);
        }
        self.recover_statement();
    }

    /// Whether the current token, on a new line, looks like the start of a
    /// new statement: then a missing `)` or `]` is reported at its opener.
    fn at_statement_keyword(&self) -> bool {
        if !self.tok().nl_before() {
            return self.at_eof();
        }
        if self.in_ctor_params && matches!(self.kind(), TokenKind::Word(Word::Let | Word::Var)) {
            return false;
        }
        matches!(
            self.kind(),
            TokenKind::Eof
                | TokenKind::RBrace
                | TokenKind::Word(
                    Word::Let
                        | Word::Var
                        | Word::Const
                        | Word::Fun
                        | Word::Class
                        | Word::Struct
                        | Word::Trait
                        | Word::Interface
                        | Word::For
                        | Word::While
                        | Word::Return
                        | Word::Import
                        | Word::Typealias
                )
        )
    }

    /// Expects the closer of a bracket opened at `open`; when it is
    /// missing, points at the opener.
    fn close(&mut self, closer: TokenKind, open: Span) -> bool {
        self.close_list(closer, open, false)
    }

    /// Like [`Parser::close`]; after a list element the message asks for
    /// `,` too.
    fn close_list(&mut self, closer: TokenKind, open: Span, after_item: bool) -> bool {
        if self.eat(closer) {
            return true;
        }
        if self.last_error_at == self.pos {
            return false;
        }
        let text = closer.punct_text().unwrap_or("?");
        let opener = match closer {
            TokenKind::RParen => "(",
            TokenKind::RBracket => "[",
            _ => "{",
        };
        let found = self.describe(self.tok());
        let here = if self.tok().nl_before() || self.at_eof() {
            Span::at(self.prev_end())
        } else {
            self.tok().span()
        };
        let wanted = if after_item {
            format!("`,` or `{text}`")
        } else {
            format!("`{text}`")
        };
        let d = Diagnostic::error("E0011", format!("expected {wanted}, found {found}"))
            .primary(self.file, here, format!("expected {wanted} here"))
            .secondary(self.file, open, format!("this `{opener}` is not closed"));
        let d = self.symbol_help(d);
        self.error(d);
        false
    }

    /// Parses a comma-separated list up to `closer`; `item` parses one
    /// element. Stops early, without consuming, at a token that looks like
    /// the start of the next statement.
    fn comma_list<T: Copy>(
        &mut self,
        closer: TokenKind,
        open: Span,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> &'a [T] {
        let mut items = self.vec();
        loop {
            if self.at(closer) {
                self.bump();
                return items.into_bump_slice();
            }
            if self.at_eof() || self.at_statement_keyword() && !self.at(closer) {
                self.close(closer, open);
                return items.into_bump_slice();
            }
            let before = self.pos;
            if let Some(x) = item(self) {
                items.push(x);
            }
            if self.eat(TokenKind::Comma) {
                continue;
            }
            if self.at(closer) {
                continue;
            }
            if !self.close_list(closer, open, true) {
                // skip the junk up to the next comma or the closer
                if self.pos == before {
                    self.bump();
                }
                self.skip_to_list_end(closer);
                if self.eat(TokenKind::Comma) {
                    continue;
                }
                if self.eat(closer) {
                    return items.into_bump_slice();
                }
            }
            return items.into_bump_slice();
        }
    }

    fn skip_to_list_end(&mut self, closer: TokenKind) {
        let mut depth = 0usize;
        while !self.at_eof() && !self.at_statement_keyword() {
            match self.kind() {
                k if depth == 0 && (k == closer || k == TokenKind::Comma) => return,
                TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => depth += 1,
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.bump();
        }
    }

    // ---- doc comments -----------------------------------------------------

    /// The `///` comments directly before the token at `index` (nothing but
    /// whitespace between them and it).
    fn doc_before(&mut self, index: usize) -> Option<&'a str> {
        let start = self.tokens[index].start;
        let prev_end = if index == 0 {
            0
        } else {
            self.tokens[index - 1].end
        };
        while self.doc_cursor < self.comments.len()
            && self.comments[self.doc_cursor].span.end <= prev_end
        {
            self.doc_cursor += 1;
        }
        let mut lines = Vec::new();
        let mut i = self.doc_cursor;
        while i < self.comments.len() && self.comments[i].span.end <= start {
            let c = self.comments[i];
            if c.kind == CommentKind::Doc {
                let text = &self.src[c.span.range()];
                let body = text.strip_prefix("///").unwrap_or(text);
                lines.push(
                    body.strip_prefix(' ')
                        .unwrap_or(body)
                        .trim_end()
                        .to_string(),
                );
            } else {
                lines.clear();
            }
            i += 1;
        }
        self.doc_cursor = i;
        (!lines.is_empty()).then(|| self.alloc_str(&lines.join("\n")))
    }
}

/// Parses a whole file.
pub(crate) fn parse_file<'a>(p: &mut Parser<'a, '_>) -> ast::File<'a> {
    let mut file = items::file_contents(p);
    file.span = Span::new(0, p.src.len() as u32);
    file
}
