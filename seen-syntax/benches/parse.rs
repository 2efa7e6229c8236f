//! `cargo bench -p seen-syntax`: lexing and parsing throughput on a large
//! generated program, side by side with `gcc -fsyntax-only` on the
//! equivalent C program (when gcc is installed).
//!
//! The generated program is realistic Seen: classes, data classes, enums,
//! functions with loops, `when`, lambdas, string templates and comments.
//! Each generated function has a C twin with the same statements, so the
//! two files hold the same program; gcc only lexes, parses and type-checks
//! it (`-fsyntax-only`), the closest thing C has to a front end alone.

/// The same allocator as the `seen` command.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::time::{Duration, Instant};

use seen_syntax::{Arena, Pack, lex, parse};

const FUNCTIONS: usize = 20_000;

fn main() {
    let functions = std::env::var("SEEN_BENCH_FUNCTIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(FUNCTIONS);
    let (seen, c) = generate(functions);
    let lines = seen.lines().count();
    let mb = seen.len() as f64 / 1e6;
    println!("input: {lines} lines, {mb:.1} MB of Seen ({functions} functions)");

    let pack = Pack::english();
    let arena = Arena::new();
    let check = parse(&seen, pack, &arena);
    assert!(
        check.diagnostics.is_empty(),
        "the generated program parses: {:?}",
        check.diagnostics.first()
    );

    if let Some(dir) = std::env::var_os("SEEN_BENCH_WRITE") {
        // bench/front-end.sh times the `seen` command on these files
        let dir = std::path::PathBuf::from(dir);
        std::fs::write(dir.join("big.seen"), &seen).expect("writable SEEN_BENCH_WRITE directory");
        std::fs::write(dir.join("big.c"), &c).expect("writable SEEN_BENCH_WRITE directory");
        return;
    }
    let lex_time = best_of(7, || {
        black_box(lex(&seen, pack));
    });
    // one arena sized for the input and reset between runs: how a compiler
    // parsing many files uses it (no page faults after the first run)
    let mut arena = Arena::with_capacity(seen.len() * 20);
    let parse_time = best_of(7, || {
        arena.reset();
        black_box(parse(&seen, pack, &arena));
    });
    report("lex", mb, lines, lex_time);
    report("lex+parse", mb, lines, parse_time);

    match gcc_syntax_only(&c) {
        Some((gcc_time, c_lines, c_mb)) => {
            report("gcc -fsyntax-only (C twin)", c_mb, c_lines, gcc_time);
            println!(
                "ratio: seen lex+parse is {:.1}x faster than gcc -fsyntax-only per line",
                (gcc_time.as_secs_f64() / c_lines as f64)
                    / (parse_time.as_secs_f64() / lines as f64)
            );
        }
        None => println!("gcc not found: no side-by-side figure"),
    }
}

fn report(what: &str, mb: f64, lines: usize, t: Duration) {
    let s = t.as_secs_f64();
    println!(
        "{what:28} {:8.1} ms  {:7.1} MB/s  {:11.0} lines/s",
        s * 1e3,
        mb / s,
        lines as f64 / s
    );
}

/// The fastest of `n` runs (after one warm-up): the least disturbed by
/// the rest of the machine.
fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    f();
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .expect("at least one run")
}

fn gcc_syntax_only(c: &str) -> Option<(Duration, usize, f64)> {
    let dir = std::env::temp_dir().join(format!("seen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("twin.c");
    std::fs::write(&path, c).ok()?;
    let run = || {
        std::process::Command::new("gcc")
            .args(["-fsyntax-only", "-w"])
            .arg(&path)
            .status()
            .ok()
            .filter(|s| s.success())
    };
    run()?;
    let t = best_of(3, || {
        black_box(run());
    });
    let _ = std::fs::remove_dir_all(&dir);
    Some((t, c.lines().count(), c.len() as f64 / 1e6))
}

/// A Seen program and its C twin, `n` functions each.
fn generate(n: usize) -> (String, String) {
    let mut seen = String::from("// generated benchmark input\nimport std.math.*\n\n");
    let mut c = String::from(
        "/* generated benchmark input */\n#include <stdio.h>\n#include <string.h>\n\n",
    );
    c.push_str("typedef struct { long id; const char *name; double score; } Item;\n");
    c.push_str("static long helper(long x) { return x * 2; }\n\n");
    seen.push_str("data class Item(let id: Int, let name: String, var score: Double)\n\n");
    seen.push_str("fun helper(x: Int): Int = x * 2\n\n");
    for i in 0..n {
        seen_function(&mut seen, i);
        c_function(&mut c, i);
    }
    (seen, c)
}

fn seen_function(out: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(
        out,
        r#"/// Computes the weighted total number {i}.
fun compute{i}(items: List<Item>, limit: Int, label: String): Int {{
    var total = 0
    var count = 0
    for (item in items) {{
        if (item.id > limit and item.score >= 0.5) {{
            total += helper(item.id) * {i} % 97
            count++
        }} else if (item.name.length == 0) {{
            continue
        }}
    }}
    let kind = when (total % 4) {{
        0 -> "zero"
        1, 2 -> "small"
        else -> "other"
    }}
    let scaled = items.filter {{ it.score > 0.25 }}.map {{ it.id * 3 + {i} }}.sum()
    while (count < limit) {{
        count = count + (limit - count) / 2 + 1
    }}
    println("$label: total=${{total + scaled}} kind=$kind")
    return total + scaled - count
}}

"#
    );
}

fn c_function(out: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(
        out,
        r#"/* Computes the weighted total number {i}. */
long compute{i}(const Item *items, long n, long limit, const char *label) {{
    long total = 0;
    long count = 0;
    for (long k = 0; k < n; k++) {{
        const Item *item = &items[k];
        if (item->id > limit && item->score >= 0.5) {{
            total += helper(item->id) * {i} % 97;
            count++;
        }} else if (strlen(item->name) == 0) {{
            continue;
        }}
    }}
    const char *kind;
    switch (total % 4) {{
        case 0: kind = "zero"; break;
        case 1: case 2: kind = "small"; break;
        default: kind = "other";
    }}
    long scaled = 0;
    for (long k = 0; k < n; k++) {{ if (items[k].score > 0.25) scaled += items[k].id * 3 + {i}; }}
    while (count < limit) {{
        count = count + (limit - count) / 2 + 1;
    }}
    printf("%s: total=%ld kind=%s\n", label, total + scaled, kind);
    return total + scaled - count;
}}

"#
    );
}
