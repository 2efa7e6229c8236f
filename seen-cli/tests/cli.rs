//! The `seen` command's front-end subcommands, run as a user runs them:
//! exit statuses, the diagnostic formats, and files left as they should be.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the seen binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("parent directory");
    }
    std::fs::write(&path, text).expect("writable");
    path
}

const GOOD: &str = "fun main() {\n    println(\"hi\")\n}\n";

#[test]
fn version_and_usage_errors() {
    let dir = temp();
    let v = seen(&["--version"], dir.path());
    assert!(v.status.success());
    assert!(stdout(&v).starts_with("seen "), "{}", stdout(&v));
    assert_eq!(
        seen(&["check", "--no-such-flag"], dir.path()).status.code(),
        Some(2)
    );
    assert_eq!(seen(&["frobnicate"], dir.path()).status.code(), Some(2));
    assert_eq!(
        seen(&["check", "missing.seen"], dir.path()).status.code(),
        Some(2)
    );
    assert_eq!(
        seen(&["check", "--language", "xx", "."], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn check_reports_in_the_conventional_format() {
    let dir = temp();
    write(dir.path(), "ok.seen", GOOD);
    write(
        dir.path(),
        "bad.seen",
        "fun main() {\n    val x = 1 && 2\n}\n",
    );
    let ok = seen(&["check", "ok.seen"], dir.path());
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(stderr(&ok).is_empty());
    let bad = seen(&["check", "bad.seen"], dir.path());
    assert_eq!(bad.status.code(), Some(1));
    let text = stderr(&bad);
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "bad.seen:2:5: error[E0014]: `val` is not a keyword in Seen"
    );
    assert!(
        text.contains("    val x = 1 && 2"),
        "the source line is shown:\n{text}"
    );
    assert!(
        text.contains("help: Seen declares this with `let`"),
        "{text}"
    );
    assert!(
        text.contains("bad.seen:2:15: error[E0013]"),
        "both mistakes are reported:\n{text}"
    );
}

#[test]
fn check_prints_json_for_tools() {
    let dir = temp();
    write(dir.path(), "bad.seen", "let s = \"naïve\" && x\n");
    let out = seen(
        &["check", "--message-format", "json", "bad.seen"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stderr(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    // only the front end's: what the checker finds inside a declaration
    // with a syntax error (`x` is not declared) is left out
    assert_eq!(lines.len(), 1, "{lines:?}");
    let d = &lines[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "E0013");
    assert_eq!(d["path"], "bad.seen");
    // columns count characters: `ï` is one column though two bytes
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(17))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(1), Some(19))
    );
    assert_eq!(d["labels"][0]["primary"], true);
    assert!(d["help"].as_array().is_some_and(|h| !h.is_empty()));
    assert!(d["notes"].is_array());
}

#[test]
fn check_reads_a_package_in_its_own_language() {
    let dir = temp();
    write(
        dir.path(),
        "app/Seen.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nlanguage = \"ar\"\n",
    );
    write(
        dir.path(),
        "app/src/main.seen",
        "دالة رئيسية() {\n    اطبع(\"مرحبا\")\n}\n",
    );
    let out = seen(&["check", "app"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // the same source under the English pack is wrong
    let en = seen(&["check", "--language", "en", "app"], dir.path());
    assert_eq!(en.status.code(), Some(1));
}

#[test]
fn check_takes_a_users_pack_file() {
    let dir = temp();
    let en = seen_syntax::Pack::english();
    let mine = en
        .with_spelling(
            seen_syntax::Entry::of_word(seen_syntax::Word::Fun),
            "routine",
        )
        .expect("valid");
    write(dir.path(), "mine.toml", &mine.to_toml());
    write(dir.path(), "a.seen", "routine main() {}\n");
    let out = seen(&["check", "--keywords", "mine.toml", "a.seen"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    write(dir.path(), "broken.toml", "[pack]\ncode = 1\n");
    let bad = seen(
        &["check", "--keywords", "broken.toml", "a.seen"],
        dir.path(),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("broken.toml:2:"), "{}", stderr(&bad));
}

#[test]
fn a_file_that_is_not_utf8_is_an_input_error() {
    let dir = temp();
    std::fs::write(dir.path().join("latin1.seen"), b"let caf\xe9 = 1\n").expect("writable");
    let out = seen(&["check", "latin1.seen"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("latin1.seen:1:8: error[E0008]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn fmt_rewrites_checks_and_prints() {
    let dir = temp();
    let path = write(dir.path(), "a.seen", "fun main(){\nprintln( \"hi\" )\n}");
    let check = seen(&["fmt", "--check", "a.seen"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("a.seen"));
    let printed = seen(&["fmt", "--stdout", "a.seen"], dir.path());
    assert_eq!(stdout(&printed), GOOD);
    assert_ne!(
        std::fs::read_to_string(&path).expect("readable"),
        GOOD,
        "--stdout writes nothing"
    );
    assert!(seen(&["fmt", "a.seen"], dir.path()).status.success());
    assert_eq!(std::fs::read_to_string(&path).expect("readable"), GOOD);
    assert_eq!(
        seen(&["fmt", "--check", "a.seen"], dir.path())
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn fmt_leaves_a_broken_file_alone() {
    let dir = temp();
    let text = "fun main() {\n  let x = (1 +\n}\n";
    let path = write(dir.path(), "b.seen", text);
    let out = seen(&["fmt", "b.seen"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E0031]"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).expect("readable"), text);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("listable").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn translate_goes_there_and_back() {
    let dir = temp();
    let text = "// comment stays\nfun main() {\n    let names = listOf(\"Alice\", \"Bob\")\n    for (name in names) {\n        println(\"Hello, $name!\")\n    }\n}\n";
    write(dir.path(), "hello.seen", text);
    let out = seen(
        &[
            "translate",
            "hello.seen",
            "--to",
            "ar",
            "-o",
            "hello.ar.seen",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let arabic = std::fs::read_to_string(dir.path().join("hello.ar.seen")).expect("written");
    assert!(
        arabic.contains("دالة") && arabic.contains("// comment stays"),
        "{arabic}"
    );
    assert!(
        seen(&["check", "--language", "ar", "hello.ar.seen"], dir.path())
            .status
            .success()
    );
    let back = seen(
        &["translate", "hello.ar.seen", "--from", "ar", "--to", "en"],
        dir.path(),
    );
    assert_eq!(stdout(&back), text);
}

#[test]
fn translate_refuses_a_name_that_would_become_a_word() {
    let dir = temp();
    let en = seen_syntax::Pack::english();
    let mine = en
        .with_spelling(seen_syntax::Entry::of_word(seen_syntax::Word::Fun), "total")
        .expect("valid");
    write(dir.path(), "mine.toml", &mine.to_toml());
    write(dir.path(), "a.seen", "fun f() {\n    let total = 1\n}\n");
    let out = seen(
        &["translate", "a.seen", "--to", "mine.toml", "-o", "out.seen"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a.seen:2:9: error[E0030]: `total` is a word of the `en` pack"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out.seen").exists(), "nothing is written");
}

#[test]
fn explain_prints_the_documentation() {
    let dir = temp();
    let out = seen(&["explain", "E0013"], dir.path());
    assert!(out.status.success());
    assert!(
        stdout(&out).starts_with("E0013: symbolic logical operator"),
        "{}",
        stdout(&out)
    );
    assert!(seen(&["explain", "13"], dir.path()).status.success());
    assert!(
        seen(&["explain", "E0600"], dir.path()).status.success(),
        "package codes are explained too"
    );
    assert_eq!(
        seen(&["explain", "E9999"], dir.path()).status.code(),
        Some(2)
    );
    assert_eq!(
        seen(&["explain", "nonsense"], dir.path()).status.code(),
        Some(2)
    );
}

/// `docs/diagnostics.md` is generated from the code tables; this keeps it
/// current. `UPDATE_DOCS=1` rewrites it.
#[test]
fn the_diagnostics_page_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = seen(&["explain", "--markdown"], &root);
    assert!(out.status.success());
    let generated = stdout(&out);
    let path = root.join("docs/diagnostics.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("docs/diagnostics.md is writable");
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/diagnostics.md is out of date: run UPDATE_DOCS=1 cargo test -p seen-cli --test cli"
    );
    // every code used in the front end's sources is documented
    for code in codes_used(&root.join("seen-syntax/src")) {
        assert!(
            generated.contains(&format!("## {code}:")),
            "{code} is used but not documented"
        );
    }
}

fn codes_used(dir: &Path) -> Vec<String> {
    let mut codes = Vec::new();
    for entry in std::fs::read_dir(dir).expect("source directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            codes.extend(codes_used(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("readable");
            for piece in text.split("\"E0").skip(1) {
                let digits: String = piece.chars().take_while(char::is_ascii_digit).collect();
                if digits.len() == 3 && piece[3..].starts_with('"') {
                    codes.push(format!("E0{digits}"));
                }
            }
        }
    }
    codes
}

#[test]
fn check_runs_the_checker() {
    let dir = temp();
    write(
        dir.path(),
        "types.seen",
        "fun main() {\n    let n: Int = \"four\"\n    println(n)\n}\n",
    );
    let out = seen(&["check", "types.seen"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("types.seen:2:18: error[E0110]: expected `Int`, found `String`"),
        "{text}"
    );
    write(
        dir.path(),
        "ok.seen",
        "fun main() {\n    println(listOf(1, 2).map { it * 2 })\n}\n",
    );
    let out = seen(&["check", "ok.seen"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn check_reads_a_package_with_modules() {
    let dir = temp();
    write(
        dir.path(),
        "Seen.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n",
    );
    std::fs::create_dir_all(dir.path().join("src/geo")).expect("writable");
    write(
        dir.path(),
        "src/geo/shapes.seen",
        "fun area(w: Int, h: Int): Int = w * h\n",
    );
    write(
        dir.path(),
        "src/main.seen",
        "import geo.shapes.area\n\nfun main() {\n    println(area(2, 3))\n}\n",
    );
    let out = seen(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    write(
        dir.path(),
        "src/main.seen",
        "import geo.shapes.volume\n\nfun main() { }\n",
    );
    let out = seen(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E0102]"), "{}", stderr(&out));
}

#[test]
fn check_sees_the_dependencies_of_a_package() {
    let dir = temp();
    std::fs::create_dir_all(dir.path().join("geo-kit/src")).expect("writable");
    std::fs::create_dir_all(dir.path().join("app/src")).expect("writable");
    write(
        dir.path(),
        "geo-kit/Seen.toml",
        "[package]\nname = \"geo-kit\"\nversion = \"0.1.0\"\n",
    );
    write(
        dir.path(),
        "geo-kit/src/lib.seen",
        "fun area(w: Int, h: Int): Int = w * h\n",
    );
    write(
        dir.path(),
        "geo-kit/src/shapes.seen",
        "data class Circle(let r: Double)\n",
    );
    write(
        dir.path(),
        "app/Seen.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\ngeo-kit = { path = \"../geo-kit\" }\n",
    );
    write(
        dir.path(),
        "app/src/main.seen",
        "import geo_kit.area\nimport geo_kit.shapes.Circle\n\nfun main() {\n    println(area(2, 3) + Circle(1.0).r.toInt())\n}\n",
    );
    let out = seen(&["check", "app"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // a dependency written in another keyword pack is read in its own
    write(
        dir.path(),
        "geo-kit/Seen.toml",
        "[package]\nname = \"geo-kit\"\nversion = \"0.1.0\"\nlanguage = \"ar\"\n",
    );
    for file in ["geo-kit/src/lib.seen", "geo-kit/src/shapes.seen"] {
        let out = seen(&["translate", file, "--to", "ar", "-o", file], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let out = seen(&["check", "app"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    write(
        dir.path(),
        "app/src/main.seen",
        "import geo_kit.volume\n\nfun main() { }\n",
    );
    let out = seen(&["check", "app"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("`geo_kit` has no declaration named `volume`"),
        "{}",
        stderr(&out)
    );
}
