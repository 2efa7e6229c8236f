//! The parser: text to a [`Module`].
//!
//! It works in passes over the token list so that every name may be used
//! before its declaration: a *prescan* finds each top-level item and gives
//! it its id; then tuple declarations, named types, locations, globals,
//! data, signatures and finally function bodies are parsed. Value and block
//! numbers are kept as written. Each item is parsed on its own, so an error
//! in one does not hide errors in the next; inside a body, parsing resumes
//! at the next line. Next: `items.rs`, `body.rs`, `infer.rs`.

mod body;
mod infer;
mod items;

use super::lexer::{Tok, Token, lex};
use crate::entity::{Block, FuncId, GlobalId, Inst, LocId, TypeId};
use crate::module::{Module, Symbol};
use crate::verifier::ErrorLocation;
use rustc_hash::FxHashMap;
use std::fmt;
use thiserror::Error;

/// One problem in the text: where (line and column from 1, in characters)
/// and what.
#[derive(Clone, PartialEq, Eq, Debug, Error)]
#[error("{line}:{column}: {message}")]
pub struct ParseError {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

/// Every problem found in the text, in order.
#[derive(Clone, PartialEq, Eq, Debug, Error)]
pub struct ParseErrors(pub Vec<ParseError>);

impl fmt::Display for ParseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Where the entities of a parsed module were written (line numbers), so a
/// tool can point verifier errors at its text.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    items: FxHashMap<ItemKey, u32>,
}

#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
enum ItemKey {
    Type(TypeId),
    Loc(LocId),
    Global(GlobalId),
    Data(crate::entity::DataId),
    Func(FuncId),
    Block(FuncId, Block),
    Inst(FuncId, Inst),
}

impl Positions {
    /// The line where the entity an error names was written.
    pub fn line(&self, location: &ErrorLocation) -> Option<u32> {
        let key = match *location {
            ErrorLocation::Module => return Some(1),
            ErrorLocation::Type(t) => ItemKey::Type(t),
            ErrorLocation::Loc(l) => ItemKey::Loc(l),
            ErrorLocation::Global(g) => ItemKey::Global(g),
            ErrorLocation::Data(d) => ItemKey::Data(d),
            ErrorLocation::Function(f) => ItemKey::Func(f),
            ErrorLocation::Block(f, b) => ItemKey::Block(f, b),
            ErrorLocation::Inst(f, _, i) => ItemKey::Inst(f, i),
        };
        self.items.get(&key).copied()
    }
}

/// Parses a module from text.
pub fn parse(text: &str) -> Result<Module, ParseErrors> {
    parse_with_positions(text).map(|(m, _)| m)
}

/// Parses a module and tells where each entity was written.
pub fn parse_with_positions(text: &str) -> Result<(Module, Positions), ParseErrors> {
    let toks = lex(text);
    let mut p = Parser {
        cap: 2 * toks.len() + 4096,
        toks,
        pos: 0,
        errors: Vec::new(),
        m: Module::new(""),
        types: FxHashMap::default(),
        symbols: FxHashMap::default(),
        locs: FxHashMap::default(),
        positions: Positions::default(),
    };
    let items = p.prescan();
    p.items(&items);
    if p.errors.is_empty() {
        Ok((p.m.reindex(), p.positions))
    } else {
        Err(ParseErrors(p.errors))
    }
}

/// The kinds of top-level items.
#[derive(Copy, Clone, PartialEq, Debug)]
enum ItemKind {
    Module,
    Tuple(TypeId),
    Named(TypeId),
    Loc(LocId),
    Global(GlobalId),
    Data(crate::entity::DataId),
    Func(FuncId),
}

/// An error already recorded; parsing of the current item or instruction stops.
struct Stop;

type PResult<T> = Result<T, Stop>;

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    errors: Vec<ParseError>,
    m: Module,
    types: FxHashMap<String, TypeId>,
    symbols: FxHashMap<String, Symbol>,
    locs: FxHashMap<String, LocId>,
    positions: Positions,
    /// The largest value or block number accepted (bounds memory on bad input).
    cap: usize,
}

impl Parser {
    fn tok(&self) -> &Tok {
        &self.toks[self.pos.min(self.toks.len() - 1)].tok
    }

    fn token(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        &self.toks[(self.pos + ahead).min(self.toks.len() - 1)].tok
    }

    fn line(&self) -> u32 {
        self.token().line
    }

    fn bump(&mut self) -> Tok {
        let t = self.tok().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn error_at(&mut self, line: u32, column: u32, message: impl Into<String>) {
        self.errors.push(ParseError {
            line,
            column,
            message: message.into(),
        });
    }

    /// Records an error at the current token.
    fn error(&mut self, message: impl Into<String>) -> Stop {
        let (line, col) = (self.token().line, self.token().col);
        let message = match self.tok() {
            Tok::Error(e) => e.clone(),
            _ => message.into(),
        };
        self.error_at(line, col, message);
        Stop
    }

    fn describe(&self) -> String {
        match self.tok() {
            Tok::Word(w) => format!("`{w}`"),
            Tok::At(n) => format!("`@{n}`"),
            Tok::Percent(n) => format!("`%{n}`"),
            Tok::Number(n) => format!("`{n}`"),
            Tok::Str(_) => "a string".into(),
            Tok::Punct(c) => format!("`{c}`"),
            Tok::Arrow => "`->`".into(),
            Tok::Error(e) => e.clone(),
            Tok::Eof => "the end of the input".into(),
        }
    }

    fn expected(&mut self, what: &str) -> Stop {
        let prev = self.toks[self.pos.saturating_sub(1)].clone();
        if self.pos > 0 && prev.line < self.line() && !matches!(self.tok(), Tok::Error(_)) {
            self.error_at(
                prev.line,
                prev.col,
                format!("expected {what}, found the end of the line"),
            );
            return Stop;
        }
        let found = self.describe();
        self.error(format!("expected {what}, found {found}"))
    }

    fn is_punct(&self, c: char) -> bool {
        *self.tok() == Tok::Punct(c)
    }

    fn eat_punct(&mut self, c: char) -> bool {
        let yes = self.is_punct(c);
        if yes {
            self.bump();
        }
        yes
    }

    fn expect_punct(&mut self, c: char) -> PResult<()> {
        if self.eat_punct(c) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{c}`")))
        }
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.tok(), Tok::Word(x) if x == w)
    }

    fn eat_word(&mut self, w: &str) -> bool {
        let yes = self.is_word(w);
        if yes {
            self.bump();
        }
        yes
    }

    fn expect_word(&mut self, w: &str) -> PResult<()> {
        if self.eat_word(w) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{w}`")))
        }
    }

    fn word(&mut self, what: &str) -> PResult<String> {
        match self.tok().clone() {
            Tok::Word(w) => {
                self.bump();
                Ok(w)
            }
            _ => Err(self.expected(what)),
        }
    }

    fn string(&mut self, what: &str) -> PResult<Vec<u8>> {
        match self.tok().clone() {
            Tok::Str(b) => {
                self.bump();
                Ok(b)
            }
            _ => Err(self.expected(what)),
        }
    }

    fn utf8_string(&mut self, what: &str) -> PResult<String> {
        let bytes = self.string(what)?;
        String::from_utf8(bytes).map_err(|_| self.error(format!("{what} must be UTF-8")))
    }

    /// An integer in the range of `T` (decimal, `0x` hex, `_` separators).
    fn int<T: TryFrom<i128>>(&mut self, what: &str) -> PResult<T> {
        let Tok::Number(text) = self.tok().clone() else {
            return Err(self.expected(what));
        };
        match parse_int(&text).and_then(|v| T::try_from(v).ok()) {
            Some(v) => {
                self.bump();
                Ok(v)
            }
            None => Err(self.error(format!("`{text}` is not a valid {what}"))),
        }
    }

    /// A numbered entity such as `v3`, `block2`, `ss0`: its number.
    fn numbered(&mut self, prefix: &str, what: &str) -> PResult<usize> {
        match self.tok() {
            Tok::Word(w) => match entity_number(w, prefix) {
                Some(n) if n <= self.cap => {
                    self.bump();
                    Ok(n)
                }
                Some(n) => {
                    Err(self.error(format!("{prefix}{n} is numbered too high for this text")))
                }
                None => Err(self.expected(what)),
            },
            _ => Err(self.expected(what)),
        }
    }

    /// Skips to the first token on a line after the current token's line.
    fn skip_line(&mut self, line: u32) {
        while *self.tok() != Tok::Eof && self.line() <= line {
            self.bump();
        }
    }

    /// `@name` resolved to a symbol.
    fn symbol(&mut self) -> PResult<Symbol> {
        let Tok::At(name) = self.tok().clone() else {
            return Err(self.expected("a `@` name"));
        };
        match self.symbols.get(&name) {
            Some(&s) => {
                self.bump();
                Ok(s)
            }
            None => Err(self.error(format!("`@{name}` is not declared"))),
        }
    }

    fn func_ref(&mut self) -> PResult<FuncId> {
        match self.symbol()? {
            Symbol::Func(f) => Ok(f),
            _ => {
                self.pos -= 1;
                Err(self.error("expected a function name"))
            }
        }
    }

    fn loc_ref(&mut self) -> PResult<LocId> {
        let Tok::Word(w) = self.tok().clone() else {
            return Err(self.expected("a location (`loc0`)"));
        };
        match self.locs.get(&w) {
            Some(&l) => {
                self.bump();
                Ok(l)
            }
            None => Err(self.error(format!("location `{w}` is not declared"))),
        }
    }

    /// `, locN` if present.
    fn opt_loc(&mut self) -> PResult<Option<LocId>> {
        let next_is_loc =
            matches!(self.peek_at(1), Tok::Word(w) if entity_number(w, "loc").is_some());
        if self.is_punct(',') && next_is_loc {
            self.bump();
            return self.loc_ref().map(Some);
        }
        Ok(None)
    }
}

/// The number of `v3` for prefix `v`, if the word is the prefix and digits.
fn entity_number(word: &str, prefix: &str) -> Option<usize> {
    let digits = word.strip_prefix(prefix)?;
    let canonical = !digits.is_empty() && (digits == "0" || !digits.starts_with('0'));
    if canonical && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

/// Parses `-12`, `0xff`, `1_000` as an integer.
fn parse_int(text: &str) -> Option<i128> {
    let (neg, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let clean: String = rest.chars().filter(|&c| c != '_').collect();
    if clean.is_empty() || clean.len() > 40 {
        return None;
    }
    let v = match clean
        .strip_prefix("0x")
        .or_else(|| clean.strip_prefix("0X"))
    {
        Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            i128::from_str_radix(hex, 16).ok()?
        }
        Some(_) => return None,
        None if clean.bytes().all(|b| b.is_ascii_digit()) => clean.parse().ok()?,
        None => return None,
    };
    Some(if neg { -v } else { v })
}
