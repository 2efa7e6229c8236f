use super::*;
use crate::pack::Pack;

fn kinds(src: &str) -> Vec<TokenKind> {
    let lexed = lex(src, Pack::english());
    assert!(
        lexed.diagnostics.is_empty(),
        "{src:?}: {:#?}",
        lexed.diagnostics
    );
    lexed
        .tokens
        .iter()
        .map(|t| t.kind)
        .filter(|k| *k != TokenKind::Eof)
        .collect()
}

fn texts(src: &str) -> Vec<&str> {
    let lexed = lex(src, Pack::english());
    lexed
        .tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Eof)
        .map(|t| &src[t.span().range()])
        .collect()
}

fn codes(src: &str) -> Vec<&'static str> {
    lex(src, Pack::english())
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

use TokenKind::*;

#[test]
fn operators_are_greedy_except_closing_angles() {
    assert_eq!(texts("-3..<-5"), ["-", "3", "..<", "-", "5"]);
    assert_eq!(kinds("a>>=b"), [Ident, Gt, Gt, Eq, Ident]);
    assert_eq!(kinds("a >= b"), [Ident, Gt, Eq, Ident]);
    assert_eq!(
        kinds("x!!.y ?: z?.w"),
        [
            Ident,
            BangBang,
            Dot,
            Ident,
            Elvis,
            Ident,
            QuestionDot,
            Ident
        ]
    );
    assert_eq!(
        kinds("a !== b != c === d"),
        [Ident, BangEqEq, Ident, BangEq, Ident, EqEqEq, Ident]
    );
    assert_eq!(kinds("Int... :: ->"), [Ident, Ellipsis, ColonColon, Arrow]);
    assert_eq!(
        kinds("Any?... a?.b"),
        [Ident, Question, Ellipsis, Ident, QuestionDot, Ident]
    );
    assert_eq!(
        kinds("a <<= 1 && b || c"),
        [Ident, LtLtEq, Int, AmpAmp, Ident, PipePipe, Ident]
    );
}

#[test]
fn numbers() {
    assert_eq!(kinds("1..5"), [Int, DotDot, Int]);
    assert_eq!(kinds("10.ms"), [Int, Dot, Ident]);
    assert_eq!(
        kinds("1.5 2e9 6.02E+23 0.5f 1f"),
        [Float, Float, Float, Float, Float]
    );
    assert_eq!(kinds("0xFF 0o17 0b1010 1_000 42u8 7i32 3u 5L"), [Int; 8]);
    assert_eq!(texts("t.0.1"), ["t", ".", "0", ".", "1"]);
    assert_eq!(codes("12abc"), ["E0005"]);
    assert_eq!(codes("1_"), ["E0005"]);
    assert_eq!(codes("99999999999999999999"), ["E0005"]);
}

#[test]
fn words_come_from_the_pack() {
    let lexed = lex("fun println Int data myName", Pack::english());
    let t = &lexed.tokens;
    assert_eq!(t[0].kind, Word(crate::Word::Fun));
    assert_eq!(
        (t[1].kind, t[1].entry().map(|e| e.canonical())),
        (Ident, Some("println"))
    );
    assert_eq!(
        (t[2].kind, t[2].entry().map(|e| e.canonical())),
        (Ident, Some("Int"))
    );
    assert_eq!(t[3].kind, Word(crate::Word::Data));
    assert_eq!((t[4].kind, t[4].entry()), (Ident, None));
}

#[test]
fn unicode_and_backtick_identifiers() {
    assert_eq!(
        kinds("naïve 名前 `let` `a b`"),
        [Ident, Ident, Ident, Ident]
    );
    let lexed = lex("`let`", Pack::english());
    assert_ne!(lexed.tokens[0].flags & Token::BACKTICK, 0);
    assert_eq!(codes("``"), ["E0007"]);
    assert_eq!(codes("`open\n"), ["E0007"]);
}

#[test]
fn templates_nest_to_any_depth() {
    let src = r#""a${"b${"c$d"}"}e""#;
    assert_eq!(
        kinds(src),
        [
            StrStart,
            StrText,
            StrExprOpen,
            StrStart,
            StrText,
            StrExprOpen,
            StrStart,
            StrText,
            StrIdent,
            StrEnd,
            StrExprClose,
            StrEnd,
            StrExprClose,
            StrText,
            StrEnd
        ]
    );
    // a lambda with braces inside a template
    assert_eq!(
        kinds(r#""${xs.map { it * 2 }}""#),
        [
            StrStart,
            StrExprOpen,
            Ident,
            Dot,
            Ident,
            LBrace,
            Word(crate::Word::It),
            Star,
            Int,
            RBrace,
            StrExprClose,
            StrEnd
        ]
    );
    assert_eq!(kinds(r#""$1 costs \$5""#), [StrStart, StrText, StrEnd]);
}

#[test]
fn raw_strings() {
    assert_eq!(
        kinds("\"\"\"C:\\new \"q\" $x\"\"\""),
        [StrStart, StrText, StrIdent, StrEnd]
    );
    // a run of quotes ends with its last three
    assert_eq!(texts("\"\"\"a\"\"\"\"\""), ["\"\"\"", "a\"\"", "\"\"\""]);
    assert_eq!(codes("\"\"\"never closed"), ["E0002"]);
}

#[test]
fn strings_and_chars_report_errors() {
    assert_eq!(codes("\"open\nlet x = 1"), ["E0002"]);
    assert_eq!(codes("\"bad \\q escape\""), ["E0004"]);
    assert_eq!(codes("\"\\u{110000}\""), ["E0004"]);
    assert_eq!(codes("'ab'"), ["E0006"]);
    assert_eq!(codes("''"), ["E0006"]);
    assert_eq!(codes("'\\''"), Vec::<&str>::new());
    assert_eq!(codes("\"${ 1 + \""), ["E0002"]);
}

#[test]
fn comments_nest_and_are_kept() {
    let lexed = lex("/* a /* b */ c */ x // y\n/// doc\nz", Pack::english());
    let kinds: Vec<CommentKind> = lexed.comments.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [CommentKind::Block, CommentKind::Line, CommentKind::Doc]
    );
    assert_eq!(lexed.tokens.len(), 3);
    assert_eq!(codes("/* /* */"), ["E0003"]);
}

#[test]
fn line_breaks_are_flags() {
    let lexed = lex("a\n  .b /* \n */ c d", Pack::english());
    let nl: Vec<bool> = lexed.tokens.iter().map(|t| t.nl_before()).collect();
    assert_eq!(nl, [false, true, false, true, false, false]);
}

#[test]
fn annotations_have_their_own_namespace() {
    let lexed = lex("@test fun f() { return@test }", Pack::english());
    let t = &lexed.tokens;
    assert_eq!(
        t[1].entry().map(|e| e.section()),
        Some(crate::pack::Section::Annotations)
    );
    // after `return@` the same spelling is a label, looked up as a name
    let label = t.iter().rev().find(|t| t.kind == Ident).unwrap();
    assert_eq!(label.entry(), None);
    let file = lex("@file:no_std", Pack::english());
    assert!(
        file.tokens[3].entry().is_some(),
        "no_std after @file: is an annotation name"
    );
}

#[test]
fn stray_characters_are_reported_and_skipped() {
    let lexed = lex("let # x = 1 $", Pack::english());
    assert_eq!(
        lexed.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["E0001", "E0001"]
    );
    assert_eq!(lexed.tokens.len(), 5);
}
