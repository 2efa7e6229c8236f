//! Tokens: what the lexer produces and the parser, formatter and
//! translator read.

use crate::pack::{Entry, Word};
use crate::span::Span;

/// The kind of a token. Identifiers and words carry their meaning in
/// [`Token::entry`]; literals are read back from their text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An identifier (a user name, or a prelude or type name of the pack).
    Ident,
    /// A keyword, word operator, literal word or contextual word.
    Word(Word),
    /// An integer literal, with its radix prefix, `_`s and suffix.
    Int,
    /// A floating-point literal.
    Float,
    /// A character literal, quotes included.
    Char,
    /// The opening `"` or `"""` of a string.
    StrStart,
    /// Literal text inside a string (escapes not yet decoded).
    StrText,
    /// A `$name` template; the span covers the name, not the `$`.
    StrIdent,
    /// The `${` opening a template expression.
    StrExprOpen,
    /// The `}` closing a template expression.
    StrExprClose,
    /// The closing quote(s) of a string (empty when unterminated).
    StrEnd,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `,`
    Comma,
    /// `;`
    Semi,
    /// `:`
    Colon,
    /// `::`
    ColonColon,
    /// `.`
    Dot,
    /// `..`
    DotDot,
    /// `..<`
    DotDotLt,
    /// `...`
    Ellipsis,
    /// `?`
    Question,
    /// `?.`
    QuestionDot,
    /// `?:`
    Elvis,
    /// `->`
    Arrow,
    /// `@`
    At,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `%`
    Percent,
    /// `++`
    PlusPlus,
    /// `--`
    MinusMinus,
    /// `=`
    Eq,
    /// `==`
    EqEq,
    /// `===`
    EqEqEq,
    /// `!` (only `!!`, `!=`, `!==`, `!is` and `!in` are Seen)
    Bang,
    /// `!=`
    BangEq,
    /// `!==`
    BangEqEq,
    /// `!!`
    BangBang,
    /// `<`
    Lt,
    /// `>` (always alone: the parser joins `>=`, `>>` and `>>=`)
    Gt,
    /// `<=`
    LtEq,
    /// `<<`
    LtLt,
    /// `&`
    Amp,
    /// `|`
    Pipe,
    /// `^`
    Caret,
    /// `~`
    Tilde,
    /// `+=`
    PlusEq,
    /// `-=`
    MinusEq,
    /// `*=`
    StarEq,
    /// `/=`
    SlashEq,
    /// `%=`
    PercentEq,
    /// `&=`
    AmpEq,
    /// `|=`
    PipeEq,
    /// `^=`
    CaretEq,
    /// `<<=`
    LtLtEq,
    /// `&&` (not Seen: lexed to say `and`)
    AmpAmp,
    /// `||` (not Seen: lexed to say `or`)
    PipePipe,
    /// End of input.
    Eof,
}

/// One token: its kind, where it is, and what precedes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// `NL_BEFORE`, `SPACE_BEFORE`, `BACKTICK`, `RAW`, `ENTRY`.
    pub flags: u8,
    /// The pack entry a word or pack identifier stands for (valid when
    /// `flags` has [`Token::ENTRY`]).
    pub entry: u16,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Token {
    /// A line break (in whitespace or a comment) comes before this token.
    pub const NL_BEFORE: u8 = 1;
    /// Whitespace or a comment comes before this token (or it is first).
    pub const SPACE_BEFORE: u8 = 2;
    /// An identifier written in backticks.
    pub const BACKTICK: u8 = 4;
    /// A raw (`"""`) string's start or end.
    pub const RAW: u8 = 8;
    /// [`Token::entry`] is meaningful.
    pub const ENTRY: u8 = 16;

    /// The token's byte span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// Whether a line break precedes the token.
    pub fn nl_before(&self) -> bool {
        self.flags & Token::NL_BEFORE != 0
    }

    /// Whether the token touches the one before it (no space, no comment).
    pub fn is_joint(&self) -> bool {
        self.flags & Token::SPACE_BEFORE == 0
    }

    /// The pack entry of a word or pack identifier.
    pub fn entry(&self) -> Option<Entry> {
        (self.flags & Token::ENTRY != 0).then_some(Entry(self.entry))
    }

    /// The word, when the token is one.
    pub fn word(&self) -> Option<Word> {
        match self.kind {
            TokenKind::Word(w) => Some(w),
            _ => None,
        }
    }

    /// Whether the token is this word.
    pub fn is_word(&self, w: Word) -> bool {
        self.kind == TokenKind::Word(w)
    }
}

impl TokenKind {
    /// The fixed text of a punctuation token.
    pub fn punct_text(self) -> Option<&'static str> {
        use TokenKind::*;
        Some(match self {
            LParen => "(",
            RParen => ")",
            LBracket => "[",
            RBracket => "]",
            LBrace => "{",
            RBrace => "}",
            Comma => ",",
            Semi => ";",
            Colon => ":",
            ColonColon => "::",
            Dot => ".",
            DotDot => "..",
            DotDotLt => "..<",
            Ellipsis => "...",
            Question => "?",
            QuestionDot => "?.",
            Elvis => "?:",
            Arrow => "->",
            At => "@",
            Plus => "+",
            Minus => "-",
            Star => "*",
            Slash => "/",
            Percent => "%",
            PlusPlus => "++",
            MinusMinus => "--",
            Eq => "=",
            EqEq => "==",
            EqEqEq => "===",
            Bang => "!",
            BangEq => "!=",
            BangEqEq => "!==",
            BangBang => "!!",
            Lt => "<",
            Gt => ">",
            LtEq => "<=",
            LtLt => "<<",
            Amp => "&",
            Pipe => "|",
            Caret => "^",
            Tilde => "~",
            PlusEq => "+=",
            MinusEq => "-=",
            StarEq => "*=",
            SlashEq => "/=",
            PercentEq => "%=",
            AmpEq => "&=",
            PipeEq => "|=",
            CaretEq => "^=",
            LtLtEq => "<<=",
            AmpAmp => "&&",
            PipePipe => "||",
            StrExprOpen => "${",
            StrExprClose => "}",
            _ => return None,
        })
    }
}
