//! Properties of the checker on arbitrary input: it never panics, and a
//! program the front end rejects is reported with the front end's errors
//! first. Inputs are the conformance programs (or, without them, a fixed
//! sample) cut, spliced and sprinkled with tokens, plus token soup.

mod common;

use proptest::prelude::*;

/// Programs to mutate: a sample of real Seen.
const SAMPLE: &str = r#"
sealed class Shape {
    class Circle(let r: Double) : Shape()
    object Empty : Shape()
}
data class Point(let x: Int, let y: Int)
enum Color { RED, GREEN }
fun area(s: Shape): Double = when (s) {
    is Shape.Circle -> 3.14 * s.r * s.r
    Shape.Empty -> 0.0
}
fun parse(t: String): Result<Int, String> {
    let n = t.toIntOrNull() ?: return Err("bad")
    return Ok(n)
}
fun main() {
    var total = 0
    for (i in 0 until 10) { total += i }
    let xs = listOf(1, 2, 3).map { it * 2 }.filter { it > 2 }
    let p: Point? = Point(1, 2)
    if (p != null) println(p.x + total)
    println(xs)
}
"#;

const TOKENS: &[&str] = &[
    "fun",
    "let",
    "var",
    "class",
    "when",
    "if",
    "else",
    "for",
    "in",
    "while",
    "return",
    "try",
    "throw",
    "is",
    "as",
    "null",
    "this",
    "it",
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
    "?.",
    "?:",
    "!!",
    ":",
    "->",
    "=",
    "+",
    "==",
    "and",
    "not",
    "1",
    "2.5",
    "\"s\"",
    "'c'",
    "x",
    "y",
    "Int",
    "String",
    "List<Int>",
    "\n",
    " ",
    "@",
    "..",
];

fn programs() -> Vec<String> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance");
    let mut out = vec![SAMPLE.to_string()];
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "seen"))
            .take(12)
        {
            if let Ok(t) = std::fs::read_to_string(p) {
                out.push(t);
            }
        }
    }
    out
}

/// Checks `text`: no panic, and front-end diagnostics come first.
fn check_properties(text: &str) {
    let (diagnostics, _files) = common::check("fuzz.seen", text);
    let front_end = |d: &seen_syntax::Diagnostic| d.code < "E0100";
    if let Some(first_checker) = diagnostics.iter().position(|d| !front_end(d)) {
        assert!(
            diagnostics[first_checker..].iter().all(|d| !front_end(d)),
            "a front-end diagnostic follows the checker's: {:?}",
            diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
        );
    }
}

/// Cuts `text` at a character boundary near `at` (a fraction).
fn boundary(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A program with a piece cut out or a few tokens spliced in.
    #[test]
    fn mutated_programs_never_panic(which in 0usize..64, cut_at in 0.0f64..1.0, cut_len in 0.0f64..0.2,
                                    insert in proptest::collection::vec(0usize..TOKENS.len(), 0..6)) {
        let progs = programs();
        let text = &progs[which % progs.len()];
        let a = boundary(text, cut_at);
        let b = boundary(text, (cut_at + cut_len).min(1.0));
        let mut mutated = String::from(&text[..a]);
        for t in insert {
            mutated.push_str(TOKENS[t]);
            mutated.push(' ');
        }
        mutated.push_str(&text[b..]);
        check_properties(&mutated);
    }

    /// Token soup.
    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(0usize..TOKENS.len(), 0..80)) {
        let text: String = tokens.iter().map(|t| TOKENS[*t]).collect::<Vec<_>>().join(" ");
        check_properties(&text);
    }
}

/// Inputs that once broke checkers of this kind: deep nesting, a class
/// that extends itself, a function with its own type, a huge literal.
#[test]
fn known_hard_inputs() {
    for text in [
        "class A : A()\nfun main() { }",
        "open class A : B()\nopen class B : A()\nfun main() { }",
        "fun f() = f()\nfun main() { f() }",
        "typealias T = T\nfun main() { }",
        "fun main() { let x = 99999999999999999999999 }",
        &format!(
            "fun main() {{ let x = {}1{} }}",
            "(".repeat(500),
            ")".repeat(500)
        ),
        &format!(
            "fun main() {{ {} }}",
            "if (true) { ".repeat(200) + &"}".repeat(200)
        ),
        "fun main() { let f = { { { it } } } }",
        "interface I\nfun main() { }",
        "fun <T : T> f(x: T) = x\nfun main() { }",
        "class C<T : C<T>>\nfun main() { }",
    ] {
        check_properties(text);
    }
}
