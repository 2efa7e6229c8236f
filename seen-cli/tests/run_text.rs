//! `seen build` end to end on text: Unicode case mapping and character
//! classes (`uppercase`, `lowercase`, `uppercaseChar`, `isLetter`, ...)
//! and `String.format`, compiled in debug and release builds and run with
//! the leak check on. Expected outputs are Kotlin's (the JVM in the root
//! locale).

use std::path::Path;
use std::process::Command;

/// What a program printed and how it ended.
struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

/// Builds `source` (debug, or release) and runs it with the leak check on.
fn build_and_run(source: &str, release: bool) -> Run {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let program = dir.path().join("main.seen");
    std::fs::write(&program, source).expect("the program is written");
    let exe = dir.path().join("main");
    let mut build = Command::new(env!("CARGO_BIN_EXE_seen"));
    build.env("NO_COLOR", "1").arg("build").arg(&program);
    build.arg("-o").arg(&exe);
    if release {
        build.arg("--release");
    }
    let out = build.output().expect("seen runs");
    assert!(
        out.status.success(),
        "the program did not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    run_exe(&exe)
}

fn run_exe(exe: &Path) -> Run {
    let run = Command::new(exe)
        .env("SEEN_LEAK_CHECK", "1")
        .output()
        .expect("the program runs");
    Run {
        stdout: String::from_utf8_lossy(&run.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
        code: run.status.code().unwrap_or(-1),
    }
}

/// `main`'s body printing each expression on a line of its own.
fn printing(lines: &[&str]) -> String {
    let mut s = String::from("fun main() {\n");
    for l in lines {
        s.push_str(&format!("    println({l})\n"));
    }
    s.push_str("}\n");
    s
}

/// Runs the program in both builds: it must exit 0 with no leaks and
/// print `expected`.
fn assert_prints(source: &str, expected: &str) {
    for release in [false, true] {
        let r = build_and_run(source, release);
        assert_eq!(r.code, 0, "release={release}, stderr:\n{}", r.stderr);
        assert_eq!(r.stderr, "", "release={release}: leaks or warnings");
        assert_eq!(r.stdout, expected, "release={release}");
    }
}

/// Runs `(expression, expected text)` pairs as one program.
fn assert_each(cases: &[(&str, &str)]) {
    let exprs: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let mut expected = String::new();
    for (_, want) in cases {
        expected.push_str(want);
        expected.push('\n');
    }
    assert_prints(&printing(&exprs), &expected);
}

/// The program must panic (status 101) with `message` at `line:col` after
/// printing `stdout`.
fn assert_panics(source: &str, stdout: &str, message: &str, at: &str) {
    for release in [false, true] {
        let r = build_and_run(source, release);
        assert_eq!(r.code, 101, "release={release}, stderr:\n{}", r.stderr);
        assert_eq!(r.stdout, stdout, "release={release}");
        let first = r.stderr.lines().next().unwrap_or_default();
        assert_eq!(first, format!("panic: {message}"), "release={release}");
        assert!(
            r.stderr.contains(&format!("main.seen:{at}")),
            "release={release}: no location {at} in\n{}",
            r.stderr
        );
    }
}

#[test]
fn strings_change_case_in_ascii_latin1_greek_and_cyrillic() {
    assert_each(&[
        (r#""hello, World! 123".uppercase()"#, "HELLO, WORLD! 123"),
        (r#""HELLO, World! 123".lowercase()"#, "hello, world! 123"),
        (r#""".uppercase()"#, ""),
        (r#""àéîõü ÿ µ".uppercase()"#, "ÀÉÎÕÜ Ÿ Μ"),
        (r#""ÀÉÎÕÜ Ÿ Æ".lowercase()"#, "àéîõü ÿ æ"),
        (r#""αβγ δ ω".uppercase()"#, "ΑΒΓ Δ Ω"),
        (r#""ΑΒΓ Δ Ω".lowercase()"#, "αβγ δ ω"),
        (r#""привет, мир".uppercase()"#, "ПРИВЕТ, МИР"),
        (r#""ПРИВЕТ, МИР Ё".lowercase()"#, "привет, мир ё"),
        // a capital sigma ending a word becomes the final form
        (r#""ΟΔΥΣΣΕΥΣ".lowercase()"#, "οδυσσευς"),
        (r#""ΑΣ. Σ ΑΣ'Α".lowercase()"#, "ας. σ ασ'α"),
    ]);
}

#[test]
fn full_mappings_change_the_length_and_chars_map_alone() {
    assert_each(&[
        (r#""straße".uppercase()"#, "STRASSE"),
        (r#""straße".uppercase().length"#, "7"),
        (r#""ﬁ ﬀ ŉ ᾳ".uppercase()"#, "FI FF ʼN ΑΙ"),
        // Java's root locale: no Turkish rules
        (r#""ı i İ I".uppercase()"#, "I I İ I"),
        (r#""ı i İ I".lowercase()"#, "ı i i\u{307} i"),
        (r#""İ".lowercase().length"#, "2"),
        // title-case letters (Lt) have both forms
        (r#""ǅ ǈ ǋ ǲ".uppercase()"#, "Ǆ Ǉ Ǌ Ǳ"),
        (r#""ǅ ǈ ǋ ǲ".lowercase()"#, "ǆ ǉ ǌ ǳ"),
        (r#""日本語 abc 😀 ω ß".uppercase()"#, "日本語 ABC 😀 Ω SS"),
        (r#""Ünïcödé 😀 ÅSTRÖM".lowercase()"#, "ünïcödé 😀 åström"),
        (r#""x😀yß".uppercase()[2]"#, "Y"),
        (r#""ÉCOLE" == "école".uppercase()"#, "true"),
    ]);
}

#[test]
fn char_case_and_classes() {
    assert_each(&[
        ("'a'.uppercaseChar()", "A"),
        ("'ß'.uppercaseChar()", "ß"),
        ("'ß'.uppercase()", "SS"),
        ("'Ω'.lowercaseChar()", "ω"),
        ("'İ'.lowercaseChar()", "i"),
        ("'ı'.uppercaseChar()", "I"),
        ("'ǅ'.uppercaseChar()", "Ǆ"),
        ("'ǅ'.lowercaseChar()", "ǆ"),
        ("'ᾀ'.uppercaseChar()", "ᾈ"),
        ("'ᾀ'.uppercase()", "ἈΙ"),
        ("'Σ'.lowercase()", "σ"),
        ("'ж'.uppercase()", "Ж"),
        ("'7'.uppercaseChar()", "7"),
        ("'A'.isUpperCase()", "true"),
        ("'a'.isUpperCase()", "false"),
        ("'ǅ'.isUpperCase()", "false"),
        ("'ǅ'.isLowerCase()", "false"),
        ("'ª'.isLowerCase()", "true"),
        ("'Ⅷ'.isUpperCase()", "true"),
        ("'Я'.isUpperCase()", "true"),
        ("'ǅ'.isLetter()", "true"),
        ("'中'.isLetter()", "true"),
        ("'_'.isLetter()", "false"),
        ("'5'.isDigit()", "true"),
        ("'٣'.isDigit()", "true"),
        ("'Ⅷ'.isDigit()", "false"),
        ("'x'.isLetterOrDigit()", "true"),
        ("'٣'.isLetterOrDigit()", "true"),
        ("' '.isLetterOrDigit()", "false"),
        ("'7'.digitToInt()", "7"),
        ("'٣'.digitToInt()", "3"),
        ("'𝟡'.digitToInt()", "9"),
        ("'x'.digitToIntOrNull()", "null"),
        ("'4'.digitToIntOrNull()", "4"),
    ]);
}

#[test]
fn case_members_in_library_code_and_through_nullable_receivers() {
    let source = r#"
fun shout(s: String): String = s.uppercase() + "!"

fun main() {
    let words = listOf("Ärger", "ΣΟΦΙΑ", "Straße")
    println(words.map { it.lowercase() }.joinToString(" "))
    println(words.map { shout(it) }.joinToString(" "))
    var name: String? = null
    println(name?.uppercase())
    name = "ωμέγα"
    println(name?.uppercase())
    var letters = 0
    var digits = 0
    for (c in "Año 2024: ΣΩ٣") {
        if (c.isLetter()) letters++
        if (c.isDigit()) digits++
    }
    println("$letters $digits")
}
"#;
    assert_prints(
        source,
        "ärger σοφια straße\nÄRGER! ΣΟΦΙΑ! STRASSE!\nnull\nΩΜΈΓΑ\n5 5\n",
    );
}

#[test]
fn format_converts_by_the_static_type_of_each_argument() {
    assert_each(&[
        (
            r#""%d|%s|%f|%.2f|%x|%e".format(42, "hi", 3.5, 2.345, 255, 12345.678)"#,
            "42|hi|3.500000|2.35|ff|1.234568e+04",
        ),
        (
            r#""[%-8s][%5d][%08.3f]".format("ab", 42, -3.14159)"#,
            "[ab      ][   42][-003.142]",
        ),
        (r#""%-8s|%6.2f".format("name", 2.5)"#, "name    |  2.50"),
        (r#"String.format("%s and %d", "x", 7)"#, "x and 7"),
        (r#"String.format("%5.1f%%", 99.44)"#, " 99.4%"),
        (r#""%X %o %+d % d".format(255, 8, 5, 5)"#, "FF 10 +5  5"),
        (r#""%b %c %s".format(true, 'λ', 'c')"#, "true λ c"),
        (r#""%s %s".format(1.0, 0.1f)"#, "1.0 0.1"),
        (r#""no arguments".format()"#, "no arguments"),
        (r#""%s".format(listOf(1, 2))"#, "[1, 2]"),
    ]);
}

#[test]
fn format_takes_small_integers_nulls_objects_and_multibyte_text() {
    let source = r#"
data class P(let x: Int, let y: Int)
enum class Color { RED, GREEN }

fun main() {
    let n: String? = null
    let m: Int? = null
    let k: Int? = 5
    println("%s %s %d %d".format(n, m, k, m))
    println("[%s][%5s][%-5d]".format(null, null, null))
    println("[%-6s][%6s][%.2s]".format("日本", "ßé", "😀😀😀"))
    println("%s %s".format(P(1, 2), Color.GREEN))
    let p: P? = P(3, 4)
    let q: P? = null
    println("%s %s".format(p, q))
    let b: Int8 = -1
    let u: UInt8 = 200u8
    let w: Int16 = -2
    println("%x %x %d %x".format(b, w, u, u))
    let f: Float = 1.5f
    println("%.3f %s".format(f, f))
    let s: String? = "text"
    println("%S".lowercase().format(s))
}
"#;
    assert_prints(
        source,
        "null null 5 null\n[null][ null][null ]\n[日本    ][    ßé][😀😀]\nP(x=1, y=2) GREEN\n\
         P(x=3, y=4) null\nff fffe 200 c8\n1.500 1.5\ntext\n",
    );
}

#[test]
fn format_panics_on_a_conversion_that_does_not_suit_its_argument() {
    let source = "fun main() {\n    println(\"start\")\n    println(\"%d\".format(\"x\"))\n}\n";
    assert_panics(source, "start\n", "d != String", "3:13");
    let source = "fun main() {\n    println(\"%.2f\".format(3))\n}\n";
    assert_panics(source, "", "f != Int", "2:13");
    let source = "fun main() {\n    println(\"%d %d\".format(1))\n}\n";
    assert_panics(
        source,
        "",
        "missing argument for format specifier '%d'",
        "2:13",
    );
    let source = "fun main() {\n    println(String.format(\"%q\", 1))\n}\n";
    assert_panics(source, "", "unknown format conversion 'q'", "2:13");
}

#[test]
fn digit_to_int_panics_on_a_letter() {
    let source = "fun main() {\n    println('7'.digitToInt())\n    println('x'.digitToInt())\n}\n";
    assert_panics(source, "7\n", "Char x is not a decimal digit", "3:13");
}
