//! Bounded fuzzing: random mutations of the IR file tests and of this
//! crate's programs (constants changed, lines dropped, duplicated or moved)
//! that still verify must compile, in debug and release, without a panic:
//! the code generator answers an error or an object file, never a crash.

use proptest::prelude::*;
use proptest::sample::Index;
use seen_codegen::{IrOptions, OptLevel, OutputKind, compile_ir};
use std::path::Path;
use std::sync::OnceLock;

fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["../seen-ir/tests/filetests", "tests/programs"] {
            let entries = std::fs::read_dir(root.join(dir)).expect("the corpus exists");
            files.extend(
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "sir")),
            );
        }
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("readable"))
            .collect()
    })
}

/// Mutates whole lines (mostly keeping the text parseable) and the digits
/// of constants (keeping it verifiable).
fn mutate(text: &str, ops: &[(u8, Index, Index, u8)]) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for (kind, a, b, d) in ops {
        if lines.is_empty() {
            break;
        }
        let at = a.index(lines.len());
        match kind % 8 {
            0 => {
                lines.remove(at);
            }
            1 => {
                let line = lines[at].clone();
                lines.insert(b.index(lines.len()), line);
            }
            2 => {
                let to = b.index(lines.len());
                lines.swap(at, to);
            }
            _ => {
                let consts: Vec<usize> = (0..lines.len())
                    .filter(|&i| lines[i].contains("const.") || lines[i].contains("global @"))
                    .collect();
                if consts.is_empty() {
                    continue;
                }
                let at = consts[a.index(consts.len())];
                let digit = char::from(b'0' + d % 10);
                let chars: Vec<char> = lines[at].chars().collect();
                let digits: Vec<usize> = (0..chars.len())
                    .filter(|&i| chars[i].is_ascii_digit())
                    .collect();
                if !digits.is_empty() {
                    let mut chars = chars;
                    chars[digits[b.index(digits.len())]] = digit;
                    lines[at] = chars.into_iter().collect();
                }
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn mutated_modules_compile_or_fail_cleanly(
        file in any::<Index>(),
        ops in prop::collection::vec((any::<u8>(), any::<Index>(), any::<Index>(), any::<u8>()), 1..6),
        release in any::<bool>(),
    ) {
        let corpus = corpus();
        let text = mutate(&corpus[file.index(corpus.len())], &ops);
        let Ok(module) = seen_ir::parse(&text) else { return Ok(()) };
        if seen_ir::verify(&module).is_err() {
            return Ok(());
        }
        let dir = tempfile::tempdir().expect("a temporary directory");
        let level = if release { OptLevel::Release } else { OptLevel::Debug };
        let options = IrOptions::new(dir.path().join("m.o")).kind(OutputKind::Object).opt_level(level);
        let result = compile_ir(&module, &options);
        prop_assert!(result.is_ok(), "a module that verifies failed: {:?}\n{}", result.err(), text);
    }
}

#[test]
fn the_corpus_compiles() {
    // every verifying module of the corpus compiles as it is
    for text in corpus() {
        let Ok(module) = seen_ir::parse(text) else {
            continue;
        };
        if seen_ir::verify(&module).is_err() {
            continue;
        }
        let dir = tempfile::tempdir().expect("a temporary directory");
        let options = IrOptions::new(dir.path().join("m.o")).kind(OutputKind::Object);
        if let Err(e) = compile_ir(&module, &options) {
            panic!("{e}\n{text}");
        }
    }
}
