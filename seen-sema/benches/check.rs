//! `cargo bench -p seen-sema`: checking throughput on a large generated
//! package (many modules importing each other; classes, data classes,
//! enums with payloads, sealed classes, generics, extension functions,
//! lambdas over collections, nullable values with smart casts, `when`,
//! `Result` with `try`), in lines per second on one core.
//!
//! Two figures: the whole of `check_files` (parsing every file, the
//! standard library included, then checking), and checking alone (the
//! files parsed beforehand). Lines count the package's own files; the
//! standard library is checked too but not counted.

/// The same allocator as the `seen` command.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use seen_sema::{ModuleFile, Sema, SourceModule};
use seen_syntax::{Arena, Pack, SourceMap};

const MODULES: usize = 200;
const UNITS_PER_MODULE: usize = 40;

fn main() {
    let modules = std::env::var("SEEN_BENCH_MODULES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(MODULES);
    let mut files = SourceMap::new();
    let mut list: Vec<ModuleFile> = seen_std::STD_SOURCES
        .iter()
        .map(|f| ModuleFile {
            file: files.add(f.path, f.text),
            module: f.module.to_string(),
            std: true,
            pack: None,
        })
        .collect();
    let mut lines = 0;
    let mut bytes = 0;
    for m in 0..modules {
        let text = module(m);
        lines += text.lines().count();
        bytes += text.len();
        list.push(ModuleFile {
            file: files.add(format!("src/m{m}.seen"), text),
            module: format!("m{m}"),
            std: false,
            pack: None,
        });
    }
    if let Some(dir) = std::env::var_os("SEEN_BENCH_WRITE") {
        // a package `seen check` can read: bench/checker.sh times it
        let src = std::path::PathBuf::from(dir).join("src");
        std::fs::create_dir_all(&src).expect("writable SEEN_BENCH_WRITE directory");
        for m in 0..modules {
            std::fs::write(src.join(format!("m{m}.seen")), module(m))
                .expect("writable SEEN_BENCH_WRITE directory");
        }
        return;
    }
    println!(
        "input: {modules} modules, {lines} lines, {:.1} MB (plus the standard library)",
        bytes as f64 / 1e6
    );

    // the generated package is correct: no diagnostics at all
    {
        let arena = Arena::new();
        let sema = seen_sema::check_files(&arena, &files, &list, Pack::english());
        let d = sema.sorted_diagnostics();
        assert!(
            d.is_empty(),
            "the generated package checks clean; first: {:?}",
            d.first()
        );
    }

    let total = best_of(5, || {
        let arena = Arena::new();
        black_box(
            seen_sema::check_files(&arena, &files, &list, Pack::english())
                .diagnostics
                .len(),
        );
    });
    report("parse + check", lines, total);

    let arena = Arena::new();
    let parsed: Vec<SourceModule<'_>> = list
        .iter()
        .map(|m| {
            let pack = Pack::english();
            let p = seen_syntax::parse_in(m.file, files.get(m.file).text(), pack, &arena);
            SourceModule {
                file: m.file,
                path: m.module.split('.').map(|s| &*arena.alloc_str(s)).collect(),
                ast: arena.alloc(p.ast),
                std: m.std,
            }
        })
        .collect();
    let check = best_of(5, || {
        let mut sema = Sema::new(&arena, &files);
        sema.check(&parsed);
        black_box(sema.diagnostics.len());
    });
    report("check alone", lines, check);
}

fn report(what: &str, lines: usize, t: Duration) {
    let s = t.as_secs_f64();
    println!(
        "{what:16} {:8.1} ms  {:11.0} lines/s",
        s * 1e3,
        lines as f64 / s
    );
}

/// The fastest of `n` runs after one warm-up.
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

/// One module of the package: it imports the previous one and uses its
/// declarations.
fn module(m: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "// module m{m}: generated benchmark input");
    if m > 0 {
        let _ = writeln!(
            out,
            "import m{}.{{Account{}, Shape{}, total{}}}",
            m - 1,
            m - 1,
            m - 1,
            m - 1
        );
    }
    let _ = write!(
        out,
        r##"
/// An account of module {m}.
data class Account{m}(let id: Int, let owner: String, var balance: Double)

/// A shape of module {m}.
sealed class Shape{m} {{
    class Circle(let r: Double) : Shape{m}()
    class Rect(let w: Double, let h: Double) : Shape{m}()
    object Empty : Shape{m}()
}}

enum Level{m}(let weight: Int) {{
    LOW(1), MID(5), HIGH(10);
    fun scaled(x: Int): Int = x * weight
}}

/// The area of a shape.
fun area{m}(s: Shape{m}): Double = when (s) {{
    is Shape{m}.Circle -> 3.14159 * s.r * s.r
    is Shape{m}.Rect -> s.w * s.h
    Shape{m}.Empty -> 0.0
}}

fun total{m}(accounts: List<Account{m}>): Double = accounts.fold(0.0) {{ acc, a -> acc + a.balance }}

fun Account{m}.describe(): String = "#$id $owner: $balance"

fun parse{m}(text: String): Result<Int, String> {{
    let n = text.toIntOrNull() ?: return Err("not a number: $text")
    if (n < 0) {{
        return Err("negative: $n")
    }}
    return Ok(n)
}}

fun sumParsed{m}(texts: List<String>): Result<Int, String> {{
    var sum = 0
    for (t in texts) {{
        sum += try parse{m}(t)
    }}
    return Ok(sum)
}}
"##
    );
    for u in 0..UNITS_PER_MODULE {
        unit(&mut out, m, u);
    }
    out
}

/// One function of a module; the shapes vary with `u`.
fn unit(out: &mut String, m: usize, u: usize) {
    let prev = if m > 0 { m - 1 } else { m };
    match u % 4 {
        0 => {
            let _ = write!(
                out,
                r##"
fun report{m}_{u}(accounts: List<Account{m}>, limit: Double): String {{
    let rich = accounts.filter {{ it.balance > limit }}.sortedBy {{ it.balance }}
    var names = StringBuilder()
    for ((i, a) in rich.withIndex()) {{
        if (i > 0) names.append(", ")
        names.append(a.describe())
    }}
    let level = when {{
        rich.size > 10 -> Level{m}.HIGH
        rich.size > 3 -> Level{m}.MID
        else -> Level{m}.LOW
    }}
    return "${{names}} (${{level.scaled({u})}}, total ${{total{m}(rich)}})"
}}
"##
            );
        }
        1 => {
            let _ = write!(
                out,
                r##"
fun find{m}_{u}(accounts: List<Account{m}>, owner: String?): Account{m}? {{
    if (owner == null) return null
    let trimmed = owner.trim()
    for (a in accounts) {{
        if (a.owner == trimmed and a.balance >= 0.0) {{
            return a
        }}
    }}
    let fallback: Account{m}? = accounts.firstOrNull {{ it.id == trimmed.length }}
    return fallback?.copy(balance = fallback.balance + {u}.0)
}}
"##
            );
        }
        2 => {
            let _ = write!(
                out,
                r##"
fun shapes{m}_{u}(n: Int): Double {{
    let shapes = mutableListOf<Shape{m}>()
    for (i in 0 until n) {{
        let s = if (i % 3 == 0) Shape{m}.Circle(i.toDouble()) else if (i % 3 == 1) Shape{m}.Rect(1.0, i.toDouble() * 0.5) else Shape{m}.Empty
        shapes.add(s)
    }}
    var best = 0.0
    shapes.forEach {{ s ->
        let a = area{m}(s)
        if (a > best) best = a
    }}
    let byKind = shapes.groupBy {{ it is Shape{m}.Circle }}
    return best + ((byKind[true]?.size ?: 0) * {u}).toDouble()
}}
"##
            );
        }
        _ => {
            let _ = write!(
                out,
                r##"
fun carry{m}_{u}(old: List<Account{prev}>, factor: Int): Map<String, Int> {{
    let counts = mutableMapOf<String, Int>()
    for (a in old) {{
        let key = a.owner.lowercase()
        counts[key] = (counts[key] ?: 0) + factor
    }}
    let total = total{prev}(old)
    if (total > 1000.0) {{
        counts["big"] = total.toInt()
    }}
    let (first, second) = Pair(counts.size, {u})
    counts["pair"] = first * second
    return counts
}}
"##
            );
        }
    }
}
