//! Bounded fuzzing: random mutations of the file tests (as text) and of
//! their JSON form must never make the parser, verifier, passes or
//! interpreter panic; whatever parses must print and parse back equal, and
//! whatever verifies must still verify after the passes.

use proptest::prelude::*;
use proptest::sample::Index;
use seen_ir::interp::{DataValue, Interpreter, TrapKind};
use seen_ir::{Module, parse, passes, print, verify};
use std::path::Path;
use std::sync::OnceLock;

fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/filetests");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("tests/filetests exists")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "sir"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("readable"))
            .collect()
    })
}

const TOKENS: &[&str] = &[
    "v0",
    "v1",
    "v99999999",
    "block1",
    "block0",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "=",
    "->",
    "@f",
    "%P",
    "\"",
    "\"x\\q\"",
    "iadd",
    "ret",
    "jump",
    "i32",
    "i64",
    "v4xf32",
    "{i32, {i64}}",
    "-",
    "0x",
    "1e999",
    "nan:0x1",
    "loc0",
    "ss0",
    "sig0",
    "fn",
    "struct",
    "tuple",
    "global",
    "\n",
    ";",
    "99999999999999999999999",
    "é",
    "\0",
    "@\"",
];

fn mutate(text: &str, ops: &[(u8, Index, Index, Index)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (kind, a, b, c) in ops {
        if chars.is_empty() {
            break;
        }
        let at = a.index(chars.len());
        match kind % 5 {
            0 => {
                let end = (at + b.index(24) + 1).min(chars.len());
                chars.drain(at..end);
            }
            1 => {
                let tok = TOKENS[c.index(TOKENS.len())];
                chars.splice(at..at, tok.chars());
            }
            2 => {
                let start = chars[..at]
                    .iter()
                    .rposition(|&c| c == '\n')
                    .map_or(0, |p| p + 1);
                let end = chars[at..]
                    .iter()
                    .position(|&c| c == '\n')
                    .map_or(chars.len(), |p| at + p + 1);
                let line: Vec<char> = chars[start..end].to_vec();
                let to = b.index(chars.len());
                chars.splice(to..to, line);
            }
            3 => {
                let other = b.index(chars.len());
                chars.swap(at, other);
            }
            _ => {
                let digits = ['0', '1', '7', '9', '-'];
                if chars[at].is_ascii_digit() {
                    chars[at] = digits[c.index(digits.len())];
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// Whatever the module, nothing may panic.
fn exercise(m: &Module) {
    let printed = print(m);
    match parse(&printed) {
        Ok(again) => assert!(again == *m, "parse(print(m)) differs:\n{printed}"),
        Err(e) => panic!("the printed module does not parse: {e}\n{printed}"),
    }
    if verify(m).is_err() {
        return;
    }
    let mut optimized = m.clone();
    passes::inline(&mut optimized);
    passes::elide_rc(&mut optimized);
    passes::eliminate_bounds_checks(&mut optimized);
    passes::optimize(&mut optimized);
    if let Err(e) = verify(&optimized) {
        panic!(
            "the passes broke a module:\n{e}\nbefore:\n{printed}\nafter:\n{}",
            print(&optimized)
        );
    }
    for f in m
        .funcs()
        .iter()
        .filter(|f| f.sig.params.is_empty() && f.body.is_some())
    {
        let before = run_limited(m, &f.name);
        let after = run_limited(&optimized, &f.name);
        match (&before, &after) {
            (Ok(x), Ok(y)) => assert!(x == y, "@{} gave {x} before the passes, {y} after", f.name),
            (Err(k), other) if deterministic(k) => {
                assert!(
                    matches!(other, Err(j) if j == k),
                    "@{} trapped with {k:?} before the passes, {other:?} after",
                    f.name
                )
            }
            _ => {}
        }
    }
}

fn run_limited(m: &Module, name: &str) -> Result<DataValue, TrapKind> {
    let mut interp = Interpreter::new(m);
    interp.set_step_limit(Some(5_000));
    interp.set_max_depth(200);
    interp.call(name, &[]).map_err(|t| t.kind)
}

/// Traps that the passes must keep (limits and undefined behaviour may change).
fn deterministic(k: &TrapKind) -> bool {
    matches!(
        k,
        TrapKind::Panic(_)
            | TrapKind::IntegerOverflow
            | TrapKind::DivisionByZero
            | TrapKind::IndexOutOfBounds { .. }
            | TrapKind::NegativeLength(_)
            | TrapKind::Unreachable
    )
}

fn mutate_json(v: &mut serde_json::Value, picks: &mut impl Iterator<Item = (Index, u8)>) {
    match v {
        serde_json::Value::Number(_) => {
            if let Some((pick, new)) = picks.next() {
                if pick.index(48) == 0 {
                    *v = serde_json::Value::from(u64::from(new % 24));
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|x| mutate_json(x, picks)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|x| mutate_json(x, picks)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_text_never_panics(file in any::<Index>(), ops in prop::collection::vec((any::<u8>(), any::<Index>(), any::<Index>(), any::<Index>()), 1..4)) {
        let files = corpus();
        let text = mutate(&files[file.index(files.len())], &ops);
        if let Ok(m) = parse(&text) {
            exercise(&m);
        }
    }

    #[test]
    fn mutated_json_never_panics(file in any::<Index>(), picks in prop::collection::vec((any::<Index>(), any::<u8>()), 1..400)) {
        let files = corpus();
        let Ok(m) = parse(&files[file.index(files.len())]) else { return Ok(()) };
        let mut json = serde_json::to_value(&m).expect("serialises");
        mutate_json(&mut json, &mut picks.into_iter().cycle().take(100_000));
        if let Ok(m) = serde_json::from_value::<Module>(json) {
            let _ = verify(&m);
            if verify(&m).is_ok() {
                exercise(&m);
            }
        }
    }
}
