//! Properties of the front end on arbitrary input: no panic, work linear
//! in the input, and for inputs that parse cleanly, formatting and
//! translation keep the tree. `proptest` explores; the fixed inputs at the
//! end are the known worst cases.

mod common;

use proptest::prelude::*;
use seen_syntax::format::format_source;
use seen_syntax::translate::translate;
use seen_syntax::{Arena, Pack, parse};

/// Parser steps allowed per token. Steps count tokens consumed plus tokens
/// read ahead while deciding whether `<` opens type arguments (at most 96
/// per `<`) or `{` starts lambda parameters.
const STEPS_PER_TOKEN: usize = 100;

fn check_linear(src: &str) {
    let arena = Arena::new();
    let parsed = parse(src, Pack::english(), &arena);
    let budget = STEPS_PER_TOKEN * (parsed.stats.tokens + 1);
    assert!(
        parsed.stats.steps <= budget,
        "{} steps for {} tokens",
        parsed.stats.steps,
        parsed.stats.tokens
    );
    assert!(
        parsed.stats.tokens <= 2 * src.len() + 1,
        "{} tokens",
        parsed.stats.tokens
    );
}

const VOCABULARY: &[&str] = &[
    "fun",
    "let",
    "var",
    "const",
    "class",
    "struct",
    "trait",
    "object",
    "enum",
    "data",
    "sealed",
    "open",
    "private",
    "override",
    "if",
    "else",
    "when",
    "for",
    "while",
    "do",
    "return",
    "break",
    "continue",
    "try",
    "catch",
    "finally",
    "throw",
    "this",
    "super",
    "it",
    "is",
    "in",
    "as",
    "and",
    "or",
    "not",
    "null",
    "true",
    "until",
    "step",
    "to",
    "get",
    "set",
    "init",
    "import",
    "typealias",
    "type",
    "extension",
    "x",
    "y",
    "Foo",
    "List",
    "println",
    "_",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "<",
    ">",
    ",",
    ".",
    ":",
    "::",
    ";",
    "=",
    "==",
    "->",
    "+",
    "-",
    "*",
    "/",
    "%",
    "++",
    "?",
    "?.",
    "?:",
    "!!",
    "!",
    "&&",
    "..",
    "..<",
    "...",
    "@",
    "@test",
    "1",
    "0x1F",
    "2.5",
    "'c'",
    "\"s\"",
    "\"a$x\"",
    "\"${",
    "\"\"\"",
    "`k`",
    "/*",
    "*/",
    "// c\n",
    "\n",
    "\n",
    " ",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCABULARY), 0..60).prop_map(|words| words.join(" "))
}

/// Random spacing: nothing, spaces, or a tab, as people type.
fn gap() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&["", " ", "  ", "\t"][..])
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "a", "b", "total", "xs", "it", "data", "naïve", "`when`", "名前",
        ][..],
    )
    .prop_map(String::from)
}

fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        name(),
        (0u32..1000).prop_map(|n| n.to_string()),
        Just("2.5e-3".to_string()),
        Just("0xFFu8".to_string()),
        Just("'c'".to_string()),
        Just("null".to_string()),
        Just("\"text\"".to_string()),
        name().prop_map(|n| format!("\"x=${n}\"")),
    ];
    leaf.prop_recursive(4, 40, 4, |inner| {
        let op = prop::sample::select(
            &[
                "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">=", "and", "or", "?:", "..",
                "until", "to", "&", "<<", "in", "!in",
            ][..],
        );
        prop_oneof![
            (inner.clone(), gap(), op, gap(), inner.clone())
                .prop_map(|(a, g, o, h, b)| format!("{a}{g} {o} {h}{b}")),
            (inner.clone(), gap()).prop_map(|(a, g)| format!("({g}{a}{g})")),
            (name(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            (inner.clone(), name()).prop_map(|(a, m)| format!("{a}.{m}")),
            (inner.clone(), name()).prop_map(|(a, m)| format!("{a}?.{m}")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("if ({c}) {a} else {b}")),
            (name(), inner.clone()).prop_map(|(f, b)| format!("{f} {{ x -> {b} }}")),
            (name(), inner.clone()).prop_map(|(f, b)| format!("{f}.map {{ it + {b} }}")),
            inner.clone().prop_map(|a| format!("-{a}")),
            inner.clone().prop_map(|a| format!("not {a}")),
            inner.clone().prop_map(|a| format!("{a}!!")),
            inner.clone().prop_map(|a| format!("({a} as Int)")),
            inner.clone().prop_map(|a| format!("({a} is List<Int?>)")),
            (inner.clone(), inner.clone()).prop_map(|(s, a)| format!(
                "when ({s}) {{\n1, 2 -> {a}\nin 3..9 -> 0\nelse -> {{ {a} }}\n}}"
            )),
            inner.clone().prop_map(|a| format!("\"<${{{a}}}>\"")),
            inner.clone().prop_map(|a| format!("listOf<Int>({a})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a}\n    .plus({b})")),
        ]
    })
}

fn stmt() -> impl Strategy<Value = String> {
    let simple = prop_oneof![
        (name(), expr()).prop_map(|(n, e)| format!("let {n} = {e}")),
        (name(), expr()).prop_map(|(n, e)| format!("var {n}: Int? = {e}")),
        (name(), expr()).prop_map(|(n, e)| format!("{n} += {e}")),
        (name(), expr()).prop_map(|(n, e)| format!("{n}[0] = {e}")),
        expr(),
        expr().prop_map(|e| format!("return {e}")),
        (name(), expr()).prop_map(|(n, e)| format!("for ({n} in {e}) println({n})")),
    ];
    simple.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            (
                expr(),
                prop::collection::vec(inner.clone(), 0..3),
                prop::collection::vec(inner.clone(), 0..2)
            )
                .prop_map(|(c, a, b)| format!(
                    "if ({c}) {{\n{}\n}} else {{\n{}\n}}",
                    a.join("\n"),
                    b.join("\n")
                )),
            (expr(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(c, a)| format!("while ({c}) {{ {} }}", a.join("; "))),
            prop::collection::vec(inner, 0..3)
                .prop_map(|a| format!("outer@ do {{\n\n{}\n}} while (true)", a.join("\n"))),
        ]
    })
}

fn program() -> impl Strategy<Value = String> {
    let decl = prop_oneof![
        (name(), prop::collection::vec(stmt(), 0..5), gap()).prop_map(|(n, body, g)| format!(
            "fun {n}(a: Int, b: List<String> = listOf()){g}: Int {{\n{}\n}}",
            body.join("\n")
        )),
        (name(), expr())
            .prop_map(|(n, e)| format!("/// doc\nfun <T : Comparable<T>> {n}(x: T) = {e}")),
        expr()
            .prop_map(|e| format!("@derive(Debug) data class P(let x: Int, var y: Double = {e})")),
        Just("enum Shape {\n    Circle(r: Double)\n    Empty\n}".to_string()),
        (name(), expr()).prop_map(|(n, e)| format!(
            "class C : Base(), T {{\n  var {n}: Int = 0\n    private set\n  init {{ {e} }}\n}}"
        )),
        expr().prop_map(|e| format!("const K: Int = {e} // trailing")),
    ];
    prop::collection::vec(decl, 1..4).prop_map(|ds| ds.join("\n\n\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_without_panic(src in "\\PC{0,200}") {
        check_linear(&src);
    }

    #[test]
    fn token_soup_parses_without_panic(src in soup()) {
        check_linear(&src);
    }

    #[test]
    fn valid_programs_keep_their_tree_when_formatted_and_translated(src in program()) {
        let en = Pack::english();
        let arena = Arena::new();
        let parsed = parse(&src, en, &arena);
        prop_assert!(!parsed.has_errors(), "generated program does not parse:\n{}\n{:?}", src, parsed.diagnostics.first());
        let tree = parsed.tree_without_spans();
        let formatted = format_source(&src, en).expect("a clean file formats");
        prop_assert_eq!(&format_source(&formatted, en).expect("formatted text formats"), &formatted);
        let zz = common::synthetic_pack();
        let there = translate(&src, en, &zz).expect("generated names never collide");
        prop_assert_eq!(parse(&there, &zz, &Arena::new()).tree_without_spans(), tree);
        prop_assert_eq!(translate(&there, &zz, en).expect("back"), src.clone());
    }

    #[test]
    fn damaged_programs_parse_without_panic(cut in 0usize..4000, len in 0usize..40, insert in "\\PC{0,5}") {
        let Some(programs) = common::conformance() else { return Ok(()) };
        let (_, text) = &programs[cut % programs.len()];
        let mut at = cut % (text.len() + 1);
        while !text.is_char_boundary(at) { at -= 1; }
        let mut end = (at + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let damaged = format!("{}{}{}", &text[..at], insert, &text[end.max(at)..]);
        check_linear(&damaged);
    }
}

/// Inputs built to be worst cases, each large: they must finish with
/// diagnostics, within the step budget.
#[test]
fn pathological_inputs_stay_linear() {
    let n = 10_000;
    let cases = [
        "(".repeat(n),
        ")".repeat(n),
        "{".repeat(n),
        "f(".repeat(n),
        "a<".repeat(n),
        "a<b, ".repeat(n),
        "x = { a, ".repeat(n),
        "private ".repeat(n),
        "private ".repeat(n) + "fun f()",
        "\"${".repeat(n),
        "/*".repeat(n),
        "-".repeat(n) + "1",
        "not ".repeat(n) + "x",
        "if (x) ".repeat(n) + "y",
        "@a ".repeat(n),
        "x.".repeat(n),
        "#".repeat(n),
        "\"".repeat(n),
        "'".repeat(n),
        "let (".repeat(n),
        "when (x) { ".repeat(n),
        "let ".to_string() + &"(".repeat(n),
        "x.map { ".to_string() + &"(".repeat(n),
        "for (".to_string() + &"(".repeat(n),
    ];
    for src in &cases {
        check_linear(src);
        check_linear(&format!("fun f() {{\n{src}"));
        check_linear(&format!("let v = {src}"));
    }
}

/// Deep nesting is refused with a diagnostic, not a stack overflow.
#[test]
fn deep_nesting_is_a_diagnostic() {
    let src = format!("let x = {}1{}", "(".repeat(5000), ")".repeat(5000));
    let arena = Arena::new();
    let parsed = parse(&src, Pack::english(), &arena);
    assert!(
        parsed.diagnostics.iter().any(|d| d.code == "E0029"),
        "{:?}",
        parsed.diagnostics.first()
    );
}

/// A flood of problems is capped.
#[test]
fn problems_are_capped() {
    let src = "let = \n".repeat(2000);
    let arena = Arena::new();
    let parsed = parse(&src, Pack::english(), &arena);
    assert_eq!(parsed.diagnostics.len(), seen_syntax::MAX_DIAGNOSTICS + 1);
    assert_eq!(parsed.diagnostics.last().map(|d| d.code), Some("E0032"));
}
