//! The lexer of the text format: text to tokens with line and column.
//!
//! Whitespace and newlines only separate tokens; `;` starts a comment that
//! runs to the end of the line. Words hold letters, digits, `_`, `.` and `$`
//! (so `iconst.i32`, `v4xf32` and `block3` are single words); `@name` and
//! `%Name` may also be quoted (`@"a b"`). Lexing never fails: a bad
//! character becomes an [`Tok::Error`] token that the parser reports.

/// A token.
#[derive(Clone, PartialEq, Debug)]
pub(crate) enum Tok {
    /// A word: keyword, opcode, type, `v3`, `block2`, `loc1`, `ss0`, `sig0`.
    Word(String),
    /// `@name`.
    At(String),
    /// `%Name`.
    Percent(String),
    /// A number as written (`42`, `-7`, `0xff`, `1.5e3`).
    Number(String),
    /// A string literal's bytes.
    Str(Vec<u8>),
    /// A punctuation character: `( ) { } [ ] , : = -`.
    Punct(char),
    /// `->`.
    Arrow,
    /// Something that is not a token, with a message.
    Error(String),
    /// The end of the input.
    Eof,
}

/// A token and where it starts (line and column from 1, in characters).
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$')
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: u32,
    col: u32,
}

impl Lexer<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn word(&mut self, first: Option<char>) -> String {
        let mut s: String = first.into_iter().collect();
        while let Some(c) = self.peek().filter(|&c| is_word_char(c)) {
            s.push(c);
            self.bump();
        }
        s
    }

    fn number(&mut self, first: char) -> String {
        let mut s = String::from(first);
        let mut prev = first;
        while let Some(c) = self.peek() {
            let exp_sign =
                matches!(c, '+' | '-') && matches!(prev, 'e' | 'E') && !s.contains(['x', 'X']);
            if !(is_word_char(c) || exp_sign) {
                break;
            }
            s.push(c);
            prev = c;
            self.bump();
        }
        s
    }

    /// Reads a string literal after its opening quote.
    fn string(&mut self) -> Tok {
        let mut bytes = Vec::new();
        loop {
            match self.bump() {
                None | Some('\n') => return Tok::Error("unterminated string literal".into()),
                Some('"') => return Tok::Str(bytes),
                Some('\\') => match self.escape() {
                    Ok(b) => bytes.push(b),
                    Err(e) => return Tok::Error(e),
                },
                Some(c) => {
                    let mut buf = [0; 4];
                    bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }

    fn escape(&mut self) -> Result<u8, String> {
        match self.bump() {
            Some('n') => Ok(b'\n'),
            Some('t') => Ok(b'\t'),
            Some('r') => Ok(b'\r'),
            Some('0') => Ok(0),
            Some('\\') => Ok(b'\\'),
            Some('"') => Ok(b'"'),
            Some('x') => {
                let hex: String = [self.bump(), self.bump()].into_iter().flatten().collect();
                u8::from_str_radix(&hex, 16)
                    .map_err(|_| format!("bad escape `\\x{hex}`: expected two hex digits"))
            }
            Some(c) => Err(format!("unknown escape `\\{c}`")),
            None => Err("unterminated string literal".into()),
        }
    }

    fn sigil(&mut self, kind: char) -> Tok {
        let make = |s: String| {
            if kind == '@' {
                Tok::At(s)
            } else {
                Tok::Percent(s)
            }
        };
        match self.peek() {
            Some('"') => {
                self.bump();
                match self.string() {
                    Tok::Str(bytes) => match String::from_utf8(bytes) {
                        Ok(s) => make(s),
                        Err(_) => Tok::Error("a quoted name must be UTF-8".into()),
                    },
                    other => other,
                }
            }
            Some(c) if is_word_char(c) => make(self.word(None)),
            _ => Tok::Error(format!("expected a name after `{kind}`")),
        }
    }

    fn next_token(&mut self) -> Option<Token> {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some(';') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                _ => break,
            }
        }
        let (line, col) = (self.line, self.col);
        let c = self.bump()?;
        let tok = match c {
            '"' => self.string(),
            '@' | '%' => self.sigil(c),
            '-' if self.peek() == Some('>') => {
                self.bump();
                Tok::Arrow
            }
            '-' | '+' if self.peek().is_some_and(|d| d.is_ascii_digit()) => {
                Tok::Number(self.number(c))
            }
            c if c.is_ascii_digit() => Tok::Number(self.number(c)),
            c if is_word_char(c) => Tok::Word(self.word(Some(c))),
            '(' | ')' | '{' | '}' | '[' | ']' | ',' | ':' | '=' | '-' => Tok::Punct(c),
            c => Tok::Error(format!("unexpected character `{}`", c.escape_debug())),
        };
        Some(Token { tok, line, col })
    }
}

/// Splits text into tokens, ending with [`Tok::Eof`].
pub(crate) fn lex(text: &str) -> Vec<Token> {
    let mut lexer = Lexer {
        chars: text.chars().peekable(),
        line: 1,
        col: 1,
    };
    let mut out = Vec::new();
    while let Some(t) = lexer.next_token() {
        out.push(t);
    }
    out.push(Token {
        tok: Tok::Eof,
        line: lexer.line,
        col: lexer.col,
    });
    out
}
