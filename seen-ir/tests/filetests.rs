//! The file-test harness: every `tests/filetests/*.sir` file is checked by
//! [`check_file`], in the manner of Cranelift's filetests.
//!
//! Directives are comments:
//! - `; error: TEXT` on a line: the verifier reports an error about the
//!   entity written on that line, whose message contains TEXT. Every
//!   verifier error must be announced this way.
//! - `; parse-error: TEXT` on a line: parsing fails with an error on that
//!   line containing TEXT (and every parse error is announced).
//! - `; run: @f(1, 2) == 3`, `; run: @f(1)` (void), `; run: @f(0) trap: TEXT`:
//!   run in the interpreter; the result must match, or the trap's text must
//!   contain TEXT. After each run no object may be leaked, unless the file
//!   says `; allow-leaks`.
//!
//! Each parsed file must also round-trip through the text and JSON, and
//! when it verifies, each pass must leave a module that verifies,
//! round-trips and gives the same `run` results.

use seen_ir::interp::{DataValue, Interpreter};
use seen_ir::{Module, Type, parse, passes, print, text::parse_with_positions, verify};
use std::path::Path;

struct Expect {
    line: u32,
    text: String,
}

struct Run {
    line: u32,
    func: String,
    args: Vec<String>,
    expect: RunExpect,
}

enum RunExpect {
    Void,
    Value(String),
    Trap(String),
}

#[test]
fn filetests() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/filetests");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/filetests exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sir"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 9,
        "expected the file tests, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("a readable test file");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for f in check_file(&text) {
            failures.push(format!("{name}: {f}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn directive(line: &str, key: &str) -> Option<String> {
    let comment = line.split_once(';')?.1.trim();
    comment.strip_prefix(key).map(|r| r.trim().to_string())
}

/// The directives of one file.
struct Directives {
    errors: Vec<Expect>,
    parse_errors: Vec<Expect>,
    runs: Vec<Run>,
    allow_leaks: bool,
}

fn directives(text: &str) -> Result<Directives, String> {
    let mut d = Directives {
        errors: Vec::new(),
        parse_errors: Vec::new(),
        runs: Vec::new(),
        allow_leaks: false,
    };
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        if let Some(t) = directive(line, "error:") {
            d.errors.push(Expect {
                line: line_no,
                text: t,
            });
        }
        if let Some(t) = directive(line, "parse-error:") {
            d.parse_errors.push(Expect {
                line: line_no,
                text: t,
            });
        }
        if let Some(t) = directive(line, "run:") {
            let run = parse_run(&t, line_no)
                .ok_or_else(|| format!("line {line_no}: cannot read the run line `{t}`"))?;
            d.runs.push(run);
        }
        d.allow_leaks |= directive(line, "allow-leaks").is_some();
    }
    Ok(d)
}

/// Checks one file; gives a description of each failure.
fn check_file(text: &str) -> Vec<String> {
    let d = match directives(text) {
        Ok(d) => d,
        Err(e) => return vec![e],
    };
    let (errors, parse_errors, runs, allow_leaks) =
        (d.errors, d.parse_errors, d.runs, d.allow_leaks);
    let (module, positions) = match parse_with_positions(text) {
        Ok(ok) => ok,
        Err(errs) => {
            let actual: Vec<(u32, String)> =
                errs.0.iter().map(|e| (e.line, e.message.clone())).collect();
            return match_expectations(&parse_errors, &actual, "parse error");
        }
    };
    if !parse_errors.is_empty() {
        return vec!["parse errors were expected, but the text parsed".into()];
    }
    let mut failures = round_trip(&module);
    let verified = verify(&module);
    let actual: Vec<(u32, String)> = match &verified {
        Ok(()) => Vec::new(),
        Err(errs) => errs
            .0
            .iter()
            .map(|e| (positions.line(&e.location).unwrap_or(0), e.to_string()))
            .collect(),
    };
    failures.extend(match_expectations(&errors, &actual, "verifier error"));
    if verified.is_err() || !failures.is_empty() {
        return failures;
    }
    failures.extend(run_all(&module, &runs, allow_leaks, "as written"));
    failures.extend(check_passes(&module, &runs, allow_leaks));
    failures
}

/// Runs each pass; the result must verify, round-trip and run the same.
fn check_passes(module: &Module, runs: &[Run], allow_leaks: bool) -> Vec<String> {
    let mut failures = Vec::new();
    type Pass = fn(&mut Module) -> usize;
    let pipelines: [(&str, Pass); 10] = [
        ("const_fold", passes::const_fold),
        ("dce", passes::dce),
        ("simplify_cfg", passes::simplify_cfg),
        ("optimize", passes::optimize),
        ("inline", passes::inline),
        ("elide_rc", passes::elide_rc),
        ("eliminate_bounds_checks", passes::eliminate_bounds_checks),
        ("promote_const_globals", passes::promote_const_globals),
        ("release", passes::release),
        ("everything", everything),
    ];
    for (name, pass) in pipelines {
        let mut m = module.clone();
        pass(&mut m);
        if let Err(e) = verify(&m) {
            failures.push(format!(
                "after {name} the module does not verify:\n{e}\n{}",
                print(&m)
            ));
            continue;
        }
        failures.extend(
            round_trip(&m)
                .into_iter()
                .map(|f| format!("after {name}: {f}")),
        );
        failures.extend(run_all(&m, runs, allow_leaks, name));
    }
    failures
}

fn everything(m: &mut Module) -> usize {
    passes::inline(m)
        + passes::elide_rc(m)
        + passes::eliminate_bounds_checks(m)
        + passes::optimize(m)
}

fn round_trip(m: &Module) -> Vec<String> {
    let mut out = Vec::new();
    let printed = print(m);
    match parse(&printed) {
        Ok(again) if again == *m => {
            if print(&again) != printed {
                out.push("printing is not canonical".into());
            }
        }
        Ok(_) => out.push(format!(
            "parse(print(m)) differs from m; printed:\n{printed}"
        )),
        Err(e) => out.push(format!("the printed module does not parse: {e}\n{printed}")),
    }
    let json = serde_json::to_string(m).expect("a module serialises");
    match serde_json::from_str::<Module>(&json) {
        Ok(back) if back == *m => {}
        Ok(_) => out.push("the JSON round trip changed the module".into()),
        Err(e) => out.push(format!("the JSON does not deserialise: {e}")),
    }
    out
}

fn match_expectations(expected: &[Expect], actual: &[(u32, String)], what: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in expected {
        if !actual
            .iter()
            .any(|(l, m)| *l == e.line && m.contains(&e.text))
        {
            let near: Vec<&String> = actual
                .iter()
                .filter(|(l, _)| *l == e.line)
                .map(|(_, m)| m)
                .collect();
            out.push(format!(
                "line {}: expected a {what} containing `{}`, found {near:?}",
                e.line, e.text
            ));
        }
    }
    for (l, m) in actual {
        if !expected.iter().any(|e| e.line == *l && m.contains(&e.text)) {
            out.push(format!("line {l}: unexpected {what}: {m}"));
        }
    }
    out
}

fn parse_run(t: &str, line: u32) -> Option<Run> {
    let t = t.strip_prefix('@')?;
    let (func, rest) = t.split_once('(')?;
    let (args, rest) = rest.split_once(')')?;
    let args = args
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect();
    let rest = rest.trim();
    let expect = if rest.is_empty() {
        RunExpect::Void
    } else if let Some(v) = rest.strip_prefix("==") {
        RunExpect::Value(v.trim().to_string())
    } else {
        RunExpect::Trap(rest.strip_prefix("trap:")?.trim().to_string())
    };
    Some(Run {
        line,
        func: func.trim().to_string(),
        args,
        expect,
    })
}

fn value(ty: Type, text: &str) -> Option<DataValue> {
    let int = || -> Option<i128> {
        let (neg, t) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
        let v = match t.strip_prefix("0x") {
            Some(h) => i128::from_str_radix(h, 16).ok()?,
            None => t.parse().ok()?,
        };
        Some(if neg { -v } else { v })
    };
    Some(match ty {
        Type::Bool => DataValue::Bool(text.parse().ok()?),
        Type::I8 => DataValue::I8(int()? as i8),
        Type::I16 => DataValue::I16(int()? as i16),
        Type::I32 => DataValue::I32(int()? as i32),
        Type::I64 => DataValue::I64(int()? as i64),
        Type::F32 => DataValue::F32(text.parse().ok()?),
        Type::F64 => DataValue::F64(text.parse().ok()?),
        Type::Ref if text == "null" => DataValue::Ref(None),
        _ => return None,
    })
}

fn run_all(m: &Module, runs: &[Run], allow_leaks: bool, stage: &str) -> Vec<String> {
    let mut out = Vec::new();
    for r in runs {
        let at = format!("line {} ({stage})", r.line);
        let Some(f) = m.func_by_name(&r.func) else {
            out.push(format!("{at}: no function `@{}`", r.func));
            continue;
        };
        let sig = &m.func(f).sig;
        let args: Option<Vec<DataValue>> = sig
            .params
            .iter()
            .zip(&r.args)
            .map(|(&t, a)| value(t, a))
            .collect();
        let Some(args) = args.filter(|a| a.len() == sig.params.len()) else {
            out.push(format!("{at}: the arguments do not fit the signature"));
            continue;
        };
        let mut interp = Interpreter::new(m);
        interp.set_step_limit(Some(200_000));
        let result = interp.call(&r.func, &args);
        let trapped = result.is_err();
        match (&r.expect, result) {
            (RunExpect::Void, Ok(DataValue::Void)) => {}
            (RunExpect::Value(want), Ok(got)) => match value(sig.ret, want) {
                Some(w) if w == got => {}
                Some(_) => out.push(format!("{at}: @{} gave {got}, expected {want}", r.func)),
                None => out.push(format!("{at}: cannot read the expected value `{want}`")),
            },
            (RunExpect::Trap(want), Err(trap)) if trap.to_string().contains(want.as_str()) => {}
            (_, Ok(got)) => out.push(format!("{at}: @{} gave {got}", r.func)),
            (_, Err(trap)) => out.push(format!("{at}: @{} trapped: {trap}", r.func)),
        }
        let leaks = interp.leaks();
        if !allow_leaks && !trapped && !leaks.is_empty() {
            out.push(format!("{at}: leaked {leaks:?}"));
        }
    }
    out
}
