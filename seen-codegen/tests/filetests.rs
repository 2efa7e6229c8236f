//! Every runnable module of `seen-ir/tests/filetests/*.sir`, compiled: each
//! `; run: @f(args)` line becomes a call in a generated `@main` (chosen by
//! the number of program arguments, which the runtime's `seen_argc`
//! gives), whose result is printed with `seen_print_i64`. The executable
//! (debug and release) and the JIT run (debug and release) must give the
//! interpreter's output and exit status, and panic with its message and
//! location. Runs whose interpreter result is undefined behaviour or an
//! interpreter limit (step limit, call depth, a missing host function) are
//! skipped and counted.

mod common;

use common::{Expected, compare, expected, run_exe, run_jit};
use seen_codegen::{IrOptions, OptLevel, compile_ir};
use seen_ir::interp::{DataValue, Interpreter};
use seen_ir::{Linkage, Module, Type, TypeKind, parse, verify};
use std::fmt::Write;
use std::path::Path;

/// One `; run:` line: a function and its arguments as written.
struct RunLine {
    line: usize,
    func: String,
    args: Vec<String>,
}

fn run_lines(text: &str) -> Vec<RunLine> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some((_, comment)) = line.split_once(';') else {
            continue;
        };
        let Some(rest) = comment.trim().strip_prefix("run:") else {
            continue;
        };
        let Some(call) = rest.trim().strip_prefix('@') else {
            continue;
        };
        let Some((func, rest)) = call.split_once('(') else {
            continue;
        };
        let Some((args, _)) = rest.split_once(')') else {
            continue;
        };
        out.push(RunLine {
            line: i + 1,
            func: func.trim().to_string(),
            args: args
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect(),
        });
    }
    out
}

/// Writes IR text for generated functions, numbering values.
struct Emit {
    out: String,
    next: u32,
}

impl Emit {
    fn v(&mut self) -> String {
        self.next += 1;
        format!("v{}", self.next)
    }

    fn line(&mut self, s: &str) {
        let _ = writeln!(self.out, "    {s}");
    }

    /// `v = <rhs>`, giving the new value.
    fn def(&mut self, rhs: &str) -> String {
        let v = self.v();
        self.line(&format!("{v} = {rhs}"));
        v
    }

    /// A constant argument of type `ty` written as in a run line.
    fn constant(&mut self, ty: Type, text: &str) -> Option<String> {
        let int = || -> Option<i128> {
            let (neg, t) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
            let v = match t.strip_prefix("0x") {
                Some(h) => i128::from_str_radix(h, 16).ok()?,
                None => t.parse().ok()?,
            };
            Some(if neg { -v } else { v })
        };
        Some(match ty {
            Type::I8 => self.def(&format!("iconst.i8 {}", int()? as i8)),
            Type::I16 => self.def(&format!("iconst.i16 {}", int()? as i16)),
            Type::I32 => self.def(&format!("iconst.i32 {}", int()? as i32)),
            Type::I64 => self.def(&format!("iconst.i64 {}", int()? as i64)),
            Type::Bool => self.def(&format!("bconst {}", text.parse::<bool>().ok()?)),
            Type::F32 => {
                let bits = text.parse::<f32>().ok()?.to_bits();
                self.def(&format!("fconst.f32 nan:{bits:#x}"))
            }
            Type::F64 => {
                let bits = text.parse::<f64>().ok()?.to_bits();
                self.def(&format!("fconst.f64 nan:{bits:#x}"))
            }
            Type::Ref if text == "null" => self.def("null"),
            _ => return None,
        })
    }

    /// Prints a value of type `ty` with `@__harness_print` (one line per
    /// scalar; NaNs canonical; references and pointers as "is null").
    fn print(&mut self, m: &Module, v: &str, ty: Type) {
        let show = |x: &mut Emit, v: String| x.line(&format!("call @__harness_print({v})"));
        match ty {
            Type::I64 => show(self, v.to_string()),
            Type::I8 | Type::I16 | Type::I32 => {
                let w = self.def(&format!("sextend.i64 {v}"));
                show(self, w);
            }
            Type::Bool => {
                let w = self.def(&format!("bint.i64 {v}"));
                show(self, w);
            }
            Type::F32 | Type::F64 => {
                let (it, nan) = if ty == Type::F32 {
                    ("i32", "0x7fc00000")
                } else {
                    ("i64", "0x7ff8000000000000")
                };
                let uno = self.def(&format!("fcmp uno {v}, {v}"));
                let bits = self.def(&format!("bitcast.{it} {v}"));
                let canon = self.def(&format!("iconst.{it} {nan}"));
                let sel = self.def(&format!("select {uno}, {canon}, {bits}"));
                self.print(
                    m,
                    &sel,
                    if ty == Type::F32 {
                        Type::I32
                    } else {
                        Type::I64
                    },
                );
            }
            Type::Ref => {
                let n = self.def(&format!("is_null {v}"));
                self.print(m, &n, Type::Bool);
            }
            Type::Ptr => {
                let z = self.def("zero ptr");
                let n = self.def(&format!("icmp eq {v}, {z}"));
                self.print(m, &n, Type::Bool);
            }
            Type::Vector(vt) => {
                for lane in 0..vt.lanes() {
                    let x = self.def(&format!("extractlane {v}, {lane}"));
                    self.print(m, &x, vt.lane().to_type());
                }
            }
            Type::Aggregate(id) => match m.get_type_decl(id).map(|d| &d.kind) {
                Some(TypeKind::Struct { fields }) => {
                    for (i, f) in fields.iter().enumerate() {
                        let x = self.def(&format!("extract {v}, {i}"));
                        self.print(m, &x, *f);
                    }
                }
                Some(TypeKind::Enum { .. }) => {
                    let t = self.def(&format!("enum_tag {v}"));
                    self.print(m, &t, Type::I32);
                }
                _ => {}
            },
            Type::Weak | Type::Void => {}
        }
    }
}

/// The module's text with `@main` and one `@__runK` per run line added;
/// `None` when a run line cannot be written as constants.
fn harness(m: &Module, text: &str, runs: &[RunLine]) -> Option<String> {
    let mut out = text.to_string();
    out.push_str("\nfn @__harness_print(i64) -> void import \"seen_print_i64\"\n");
    out.push_str("fn @__harness_argc() -> i64 import \"seen_argc\"\n");
    for (k, r) in runs.iter().enumerate() {
        let f = m.func_by_name(&r.func)?;
        let sig = &m.func(f).sig;
        if sig.params.len() != r.args.len() {
            return None;
        }
        let mut e = Emit {
            out: String::new(),
            next: 0,
        };
        let mut vals = Vec::new();
        for (&t, a) in sig.params.iter().zip(&r.args) {
            vals.push(e.constant(t, a)?);
        }
        let call = format!("call @\"{}\"({})", r.func, vals.join(", "));
        if sig.ret == Type::Void {
            e.line(&call);
        } else {
            let v = e.def(&call);
            e.print(m, &v, sig.ret);
        }
        let _ = write!(
            out,
            "\nfn @__run{k}() -> void {{\nblock0:\n{}    ret\n}}\n",
            e.out
        );
    }
    let cases: Vec<String> = (0..runs.len())
        .map(|k| format!("{k}: block{}", k + 2))
        .collect();
    let _ = write!(
        out,
        "\nfn @main() -> i64 {{\nblock0:\n    v0 = call @__harness_argc()\n    switch v0, block1, [{}]\n\nblock1:\n    v1 = iconst.i64 0\n    ret v1\n",
        cases.join(", ")
    );
    for k in 0..runs.len() {
        let _ = write!(
            out,
            "\nblock{}:\n    call @__run{k}()\n    jump block1\n",
            k + 2
        );
    }
    out.push_str("}\n");
    Some(out)
}

/// The text with each import the runtime lacks replaced by a function
/// that panics (an executable could not link otherwise; the runs that call
/// one are skipped, as the interpreter has no host function for it).
fn stub_missing_imports(m: &Module, text: &str) -> String {
    let runtime: Vec<&str> = seen_std::runtime_symbols().iter().map(|s| s.0).collect();
    let mut out = text.to_string();
    for f in m.funcs() {
        let Linkage::Import(sym) = &f.linkage else {
            continue;
        };
        if runtime.contains(&sym.as_str()) {
            continue;
        }
        let head = format!("fn @{}(", f.name);
        let Some(line) = out
            .lines()
            .find(|l| l.starts_with(&head) && l.contains("import"))
            .map(String::from)
        else {
            continue;
        };
        let params: Vec<String> = f.sig.params.iter().map(|t| m.display_type(*t)).collect();
        let named: Vec<String> = params
            .iter()
            .enumerate()
            .map(|(i, t)| format!("v{i}: {t}"))
            .collect();
        let stub = format!(
            "fn @{}({}) -> {} {{\nblock0({}):\n    trap \"`{sym}` is not available\"\n}}",
            f.name,
            params.join(", "),
            m.display_type(f.sig.ret),
            named.join(", ")
        );
        out = out.replace(&line, &stub);
    }
    out
}

/// Counts of one file.
#[derive(Default)]
struct Tally {
    compared: usize,
    skipped: Vec<String>,
    failures: Vec<String>,
}

fn check_file(name: &str, text: &str, dir: &Path, tally: &mut Tally) {
    let Ok(module) = parse(text) else { return };
    if verify(&module).is_err() || module.func_by_name("main").is_some() {
        return;
    }
    let runs = run_lines(text);
    if runs.is_empty() {
        return;
    }
    let h = match build_harness(&module, text, &runs) {
        Ok(h) => h,
        Err(e) => {
            tally.failures.push(format!("{name}: {e}"));
            return;
        }
    };
    let exes = executables(name, &h, dir, tally);
    for (k, r) in runs.iter().enumerate() {
        let at = format!("{name}:{} @{}({})", r.line, r.func, r.args.join(", "));
        check_run(&at, &h.module, k, &exes, tally);
    }
}

/// The harness of a file: the module for the interpreter and the JIT, and
/// the one for executables (missing imports stubbed).
struct Harness {
    module: Module,
    linkable: Module,
}

fn build_harness(module: &Module, text: &str, runs: &[RunLine]) -> Result<Harness, String> {
    let h_text = harness(module, text, runs).ok_or("cannot write the harness")?;
    let h = parse(&h_text).map_err(|e| format!("the harness does not parse: {e}"))?;
    verify(&h).map_err(|e| format!("the harness does not verify: {e}"))?;
    let linkable = parse(&stub_missing_imports(&h, &h_text))
        .map_err(|e| format!("the stubbed harness does not parse: {e}"))?;
    Ok(Harness {
        module: h,
        linkable,
    })
}

/// The harness linked in debug and release.
fn executables(
    name: &str,
    h: &Harness,
    dir: &Path,
    tally: &mut Tally,
) -> Vec<(OptLevel, std::path::PathBuf)> {
    let mut exes = Vec::new();
    for level in [OptLevel::Debug, OptLevel::Release] {
        let exe = dir.join(format!("{name}-{level:?}"));
        match compile_ir(&h.linkable, &IrOptions::new(&exe).opt_level(level)) {
            Ok(_) => exes.push((level, exe)),
            Err(e) => tally.failures.push(format!("{name} ({level:?}): {e}")),
        }
    }
    exes
}

/// Run `k` in the interpreter, the executables and the JIT.
fn check_run(
    at: &str,
    h: &Module,
    k: usize,
    exes: &[(OptLevel, std::path::PathBuf)],
    tally: &mut Tally,
) {
    let mut interp = Interpreter::new(h);
    interp.set_step_limit(Some(5_000_000));
    interp.register_host("seen_argc", move |_, _| Ok(DataValue::I64(k as i64)));
    let result = interp.call("main", &[]);
    let want = expected(&result, interp.output());
    if let Expected::Skip(why) = &want {
        tally.skipped.push(format!("{at}: {why}"));
        return;
    }
    let args: Vec<String> = (0..k).map(|i| format!("a{i}")).collect();
    for (level, exe) in exes {
        if let Err(e) = compare(&want, &run_exe(exe, &args, &[])) {
            tally
                .failures
                .push(format!("{at} executable {level:?}: {e}"));
        }
    }
    for debug in [true, false] {
        let got = run_jit(h, &args, debug, false);
        if let Err(e) = got.and_then(|g| compare(&want, &g)) {
            tally.failures.push(format!("{at} JIT debug={debug}: {e}"));
        }
    }
    tally.compared += 1;
}

#[test]
fn ir_filetests_compiled_match_the_interpreter() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seen-ir/tests/filetests");
    let mut paths: Vec<_> = std::fs::read_dir(&root)
        .expect("seen-ir/tests/filetests exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sir"))
        .collect();
    paths.sort();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut tally = Tally::default();
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("a readable file");
        let name = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        check_file(&name, &text, dir.path(), &mut tally);
    }
    eprintln!(
        "filetests: {} runs compared (x4: executable and JIT, debug and release), {} skipped:",
        tally.compared,
        tally.skipped.len()
    );
    for s in &tally.skipped {
        eprintln!("  skipped {s}");
    }
    assert!(
        tally.failures.is_empty(),
        "{} failure(s):\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
    assert!(
        tally.compared >= 100,
        "only {} runs compared",
        tally.compared
    );
}
