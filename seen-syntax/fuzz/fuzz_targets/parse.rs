//! Fuzzes the lexer, parser, formatter and translator: no input may panic,
//! and the parser's work must stay linear. Run with
//! `cargo +nightly fuzz run parse` in `seen-syntax/`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use seen_syntax::{Arena, Pack, format::format_source, parse, translate::translate};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let pack = Pack::english();
    let arena = Arena::new();
    let parsed = parse(&text, pack, &arena);
    assert!(parsed.stats.steps <= 100 * (parsed.stats.tokens + 1), "parser work is not linear");
    if !parsed.has_errors() {
        if let Ok(formatted) = format_source(&text, pack) {
            assert_eq!(format_source(&formatted, pack).ok().as_deref(), Some(formatted.as_str()));
        }
        if let Ok(ar) = Pack::builtin("ar") {
            if let Ok(there) = translate(&text, pack, ar) {
                assert_eq!(translate(&there, ar, pack).ok().as_deref(), Some(&*text));
            }
        }
    }
});
