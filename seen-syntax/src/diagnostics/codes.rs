//! Every diagnostic code of the front end, with its explanation.
//!
//! `seen explain CODE` prints these, and `docs/diagnostics.md` is
//! generated from them (a test keeps the two equal). Codes are grouped:
//! E0001-E0099 the front end, E0100-E0499 the checker, E0500-E0599 IR and
//! code generation, E0600-E0699 packages.

/// A code, its one-line title and its explanation (Markdown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeDoc {
    /// `E0001`
    pub code: &'static str,
    /// What the code means, in a few words.
    pub title: &'static str,
    /// A longer explanation with an example and the fix.
    pub explanation: &'static str,
}

/// The codes of the front end, in order.
pub static CODES: &[CodeDoc] = &[
    CodeDoc {
        code: "E0001",
        title: "unexpected character",
        explanation: "The source contains a character that is not part of any token, such as `#` \
or an unusual space character.\n\n```seen\nlet x = 1 # comment\n```\n\nComments start with `//` \
(or `/*`). Replace unusual spaces (non-breaking spaces pasted from documents) with plain ones.",
    },
    CodeDoc {
        code: "E0002",
        title: "unterminated string or template",
        explanation: "A string literal or a `${...}` template inside one is never closed.\n\n\
```seen\nprintln(\"hello)\n```\n\nAn ordinary string ends on the line it starts on: close it with \
`\"`. Text over several lines goes in a raw string, `\"\"\"...\"\"\"`. A template expression \
`${` ends with `}`.",
    },
    CodeDoc {
        code: "E0003",
        title: "unterminated block comment",
        explanation: "A `/*` comment is never closed. Block comments nest, so every `/*` inside \
one needs its own `*/`.\n\n```seen\n/* outer /* inner */\nfun main() {}\n```\n\nAdd the missing `*/`.",
    },
    CodeDoc {
        code: "E0004",
        title: "invalid escape sequence",
        explanation: "A backslash in a string or character literal is followed by something that \
is not an escape. The escapes are `\\n \\t \\r \\\\ \\\" \\' \\$ \\0` and `\\u{...}` with 1 to 6 \
hexadecimal digits naming a Unicode scalar value.\n\n```seen\nprintln(\"C:\\data\")   // `\\d` is not an escape\n```\n\n\
Double the backslash (`\"C:\\\\data\"`) or use a raw string (`\"\"\"C:\\data\"\"\"`), where \
backslashes are plain text.",
    },
    CodeDoc {
        code: "E0005",
        title: "invalid number literal",
        explanation: "A number literal has a suffix that is not a type suffix, misplaced `_`, no \
digits after a prefix, or a value above the largest unsigned 64-bit integer.\n\n```seen\nlet a = 12abc\nlet b = 1_\nlet c = 0x\n```\n\n\
Integer suffixes are `u8 u16 u32 u64 u i8 i16 i32 i64 L`; the float suffix is `f`. An `_` must \
stand between digits.",
    },
    CodeDoc {
        code: "E0006",
        title: "invalid character literal",
        explanation: "A character literal is empty, holds more than one character, or is not \
closed on its line.\n\n```seen\nlet c = 'ab'\n```\n\nA character literal holds exactly one \
Unicode scalar value (or one escape): `'a'`, `'\\n'`, `'\\u{1F600}'`. Use double quotes for text.",
    },
    CodeDoc {
        code: "E0007",
        title: "invalid backtick identifier",
        explanation: "A backtick identifier is empty or not closed on its line.\n\n```seen\nlet `` = 1\n```\n\n\
Backticks make any word an identifier, even a keyword: `` `let` ``. Put the name between two \
backticks on one line.",
    },
    CodeDoc {
        code: "E0008",
        title: "source file is not UTF-8",
        explanation: "Seen source files are UTF-8. The file contains bytes that are not, such as \
Latin-1 accented letters or a binary file given by mistake; the label points at the first one.\n\n\
Convert the file, for example with `iconv -f LATIN1 -t UTF-8 old.seen > new.seen`.",
    },
    CodeDoc {
        code: "E0010",
        title: "unexpected token",
        explanation: "The parser expected one thing and found another. The message says what was \
expected; the label points where it was missing.\n\n```seen\nfun add(a: Int b: Int): Int = a + b\n```\n\n\
Here a `,` is missing between the parameters.",
    },
    CodeDoc {
        code: "E0011",
        title: "unclosed bracket",
        explanation: "A `(`, `[`, `{`, `<` or `${` is never closed. The second label points at the \
opening bracket.\n\n```seen\nfun main() {\n    println(\"hi\"\n}\n```\n\nAdd the closing bracket where \
the expression or block ends.",
    },
    CodeDoc {
        code: "E0012",
        title: "unmatched closing bracket",
        explanation: "A `)`, `]` or `}` closes nothing.\n\n```seen\nfun main() {\n    println(\"hi\"))\n}\n```\n\n\
Remove it, or add the opening bracket it belongs to.",
    },
    CodeDoc {
        code: "E0013",
        title: "symbolic logical operator",
        explanation: "Seen spells the logical operators as words: `and`, `or`, `not` (in the \
keyword pack of the file's language). `&&`, `||` and `!` are not operators; `!` appears only in \
`!=`, `!==`, `!!`, `!is` and `!in`.\n\n```seen\nif (a && !b) { }\n```\n\nWrite `if (a and not b) { }`. \
The parser reads the symbol as the word and goes on, so later errors are still found.",
    },
    CodeDoc {
        code: "E0014",
        title: "keyword from another language",
        explanation: "A word that other languages use as a keyword stands where Seen has its own: \
`val` (Seen writes `let`), `fn`, `def`, `func` or `function` (Seen writes `fun`), `elif` (`else if`), \
`impl` (`extension`). Each keyword pack lists the habits it recognises.\n\n```seen\nval x = 1\nfn main() {}\n```\n\n\
Write `let x = 1` and `fun main() {}`.",
    },
    CodeDoc {
        code: "E0015",
        title: "missing statement separator",
        explanation: "Two statements stand on one line without a `;` between them.\n\n```seen\nlet a = 1 let b = 2\n```\n\n\
Put each statement on its own line, or separate them with `;`. A line break ends a statement \
unless the expression is clearly unfinished (an open `(` or `[`, a trailing operator, `.`, `,` or \
`=`), or the next line starts with `.`, `?.`, `?:`, `as`, `and`, `or`, `else`, `catch` or `finally`.",
    },
    CodeDoc {
        code: "E0016",
        title: "invalid assignment target",
        explanation: "Something other than a variable, a property or an indexed place stands on \
the left of `=` or a compound assignment.\n\n```seen\nf() = 3\n1 += x\n```\n\nOnly a name, a member \
(`a.b`), a tuple element (`t.0`) or an index (`a[i]`) can be assigned. Assignment is a statement, \
not an expression.",
    },
    CodeDoc {
        code: "E0017",
        title: "`try` block without a handler",
        explanation: "A `try { ... }` block has neither `catch` nor `finally`.\n\n```seen\nlet v = try {\n    compute()\n}\n```\n\n\
Add `catch (e: Error) { ... }` or `finally { ... }`. To unwrap a `Result` and pass its error on, \
write prefix `try` without braces: `let v = try compute()`.",
    },
    CodeDoc {
        code: "E0018",
        title: "repeated modifier",
        explanation: "The same modifier is written twice on one declaration.\n\n```seen\nprivate private fun f() {}\n```\n\n\
Remove one of them.",
    },
    CodeDoc {
        code: "E0019",
        title: "misplaced declaration",
        explanation: "A declaration stands where it is not allowed: an `import` inside a class, or \
a second getter or setter on one property.\n\n```seen\nclass A {\n    import std.math.sqrt\n}\n```\n\n\
Imports go at the top of a file or of a `module { }` block; a property has at most one `get` and \
one `set`.",
    },
    CodeDoc {
        code: "E0025",
        title: "invalid type",
        explanation: "A type is malformed: `()` alone (write `Unit`), or `suspend` before something \
that is not a function type.\n\n```seen\nfun f(): () {}\nlet g: suspend Int = 1\n```\n\nWrite `Unit` for \
no value; `suspend` applies to function types: `suspend (Int) -> String`.",
    },
    CodeDoc {
        code: "E0026",
        title: "empty parentheses",
        explanation: "`()` stands where an expression is expected. Seen has no unit literal.\n\n\
```seen\nlet nothing = ()\n```\n\nA tuple needs at least two values; to pass nothing, leave the \
value out.",
    },
    CodeDoc {
        code: "E0029",
        title: "nesting too deep",
        explanation: "Expressions, types or blocks nest more than 1000 levels deep (a chain such as \
`a + b + c + ...` or `x.f().g()...` counts one level per link). The compiler stops there to keep \
its stack bounded; hand-written programs never come near it.\n\nSplit the code into smaller \
functions or intermediate variables.",
    },
    CodeDoc {
        code: "E0030",
        title: "identifier collides with the target pack",
        explanation: "`seen translate` found an identifier that the target keyword pack spells as \
one of its words (a keyword, a contextual word, a prelude or type name). Translating it would \
change the program's meaning, so nothing is written.\n\nRename the identifier, or write it in \
backticks, which keep any word an identifier in every pack.",
    },
    CodeDoc {
        code: "E0031",
        title: "formatting refused",
        explanation: "`seen fmt` does not rewrite a file that has syntax errors, since it cannot be \
sure the new layout keeps the meaning. Fix the errors reported with it, then format again.",
    },
    CodeDoc {
        code: "E0032",
        title: "too many problems",
        explanation: "A file has more than 500 syntax problems; the first 500 are reported and the \
rest are counted. Usually the file is not Seen source at all (a binary file, another language), \
or one early mistake (an unclosed string or bracket) confuses everything after it: fix the first \
errors and check again.",
    },
];

/// The documentation of a code, from the front end's table.
///
/// ```
/// assert_eq!(seen_syntax::diagnostics::codes::lookup("E0013").unwrap().title, "symbolic logical operator");
/// ```
pub fn lookup(code: &str) -> Option<&'static CodeDoc> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}
