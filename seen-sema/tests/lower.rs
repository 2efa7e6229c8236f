//! Lowering to IR: what lowers verifies and prints to text that parses
//! back to the same module; what does not lower yet is reported as
//! `E0190` at the construct, never as a panic.

use seen_sema::ModuleFile;
use seen_sema::lower::LowerOptions;
use seen_syntax::{Arena, Pack, SourceMap};

/// Checks and lowers one program: the module, or the diagnostics as
/// `code: message at path:line:col`.
fn lower(text: &str, debug: bool) -> Result<seen_ir::Module, Vec<String>> {
    let mut files = SourceMap::new();
    let mut modules: Vec<ModuleFile> = seen_std::STD_SOURCES
        .iter()
        .map(|f| ModuleFile {
            file: files.add(f.path, f.text),
            module: f.module.into(),
            std: true,
            pack: None,
        })
        .collect();
    modules.push(ModuleFile {
        file: files.add("main.seen", text),
        module: "main".into(),
        std: false,
        pack: None,
    });
    let arena = Arena::new();
    let mut sema = seen_sema::check_files(&arena, &files, &modules, Pack::english());
    let errors: Vec<String> = sema
        .sorted_diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    sema.lower(&LowerOptions { debug }).map_err(|ds| {
        ds.iter()
            .map(|d| {
                let at = d.primary_label().map(|l| {
                    let f = files.get(l.file);
                    let (line, col) = f.line_col(l.span.start);
                    format!("{}:{line}:{col}", f.path())
                });
                format!("{}: {} at {}", d.code, d.message, at.unwrap_or_default())
            })
            .collect()
    })
}

/// The module verifies and its text parses back to it.
fn assert_round_trips(m: &seen_ir::Module, what: &str) {
    if let Err(e) = seen_ir::verify(m) {
        panic!("{what}: {e}");
    }
    let text = seen_ir::print(m);
    let back = seen_ir::parse(&text).unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
    assert_eq!(&back, m, "{what}: the text does not round-trip");
}

#[test]
fn programs_lower_to_verified_ir_that_round_trips() {
    let programs = [
        "fun main() {\n    println(\"hi\")\n}\n",
        "fun fib(n: Int): Int = if (n < 2) n else fib(n - 1) + fib(n - 2)\nfun main() {\n    println(\"fib ${fib(20)}\")\n}\n",
        "class Counter(var n: Int) {\n    fun bump() { n += 1 }\n}\nfun main() {\n    let c = Counter(1)\n    c.bump()\n    println(c.n)\n}\n",
        "fun main() {\n    let xs = listOf(3, 1, 2)\n    var total = 0\n    for (x in xs) total += x\n    println(\"$total ${xs.size} $xs\")\n}\n",
        "fun find(xs: List<String>, w: String): Int? {\n    for (i in 0 until xs.size) if (xs[i] == w) return i\n    return null\n}\nfun main() {\n    println(find(listOf(\"a\", \"b\"), \"b\") ?: -1)\n}\n",
        "let greeting = \"hello\"\nvar count = 0\nfun main() {\n    count += 2\n    println(\"$greeting $count\")\n}\n",
        "fun main() {\n    let xs = listOf(1, 2, 3)\n    println(xs.map { it * 2 }.filter { it > 2 })\n}\n",
    ];
    for (i, p) in programs.iter().enumerate() {
        for debug in [true, false] {
            match lower(p, debug) {
                Ok(m) => assert_round_trips(&m, &format!("program {i}")),
                Err(e) => panic!("program {i} did not lower: {e:?}"),
            }
        }
    }
}

#[test]
fn constructs_not_lowered_yet_are_reported_with_e0190() {
    // coroutines (LANGUAGE.md section 11) come with a later release
    let text = "import std.coroutines.*\n\nsuspend fun work(): Int = 1\n\nfun main() = runBlocking {\n    println(work())\n}\n";
    let errors = lower(text, true).expect_err("coroutines are not lowered yet");
    assert!(errors.iter().all(|e| e.starts_with("E0190")), "{errors:?}");
    assert!(
        errors[0].contains("coroutines (LANGUAGE.md section 11)"),
        "{errors:?}"
    );
}

/// Where the conformance programs that lower today are listed; a program
/// leaving the list is a regression.
const LIST: &str = "tests/compiled-conformance.txt";

/// The conformance programs code generation compiles today
/// (`seen-sema/tests/compiled-conformance.txt`).
fn compiled() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(LIST);
    std::fs::read_to_string(&path)
        .expect("the list of compiled conformance programs")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn conformance_programs_lower_or_report_e0190() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but {} is missing",
            dir.display()
        );
        eprintln!("skipping: {} is missing", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "seen"))
        .collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(&p).expect("a conformance program");
        match lower(&text, true) {
            Ok(m) => assert_round_trips(&m, &name),
            Err(e) => {
                assert!(
                    !compiled().contains(&name),
                    "{name} no longer lowers: {e:?}"
                );
                assert!(e.iter().all(|d| d.starts_with("E0190")), "{name}: {e:?}");
            }
        }
    }
}
