//! The formatter: one canonical layout for any file that parses.
//!
//! It works on tokens and comments, not on the tree, so it keeps every
//! comment and every string exactly as written. It keeps the user's line
//! breaks (a line break can end a statement, so adding or removing one
//! could change the meaning) but at most one blank line in a row, none
//! right inside braces; it rewrites all indentation (four spaces per
//! level, one more for a continuation line) and the spaces between tokens
//! (Kotlin's conventional spacing, decided with the parser's [`Role`]s).
//! Before returning, it parses its own output and compares the trees, so
//! a formatting bug shows up as an error, never as a changed program.
//!
//! ```
//! use seen_syntax::{format::format_source, Pack};
//! let out = format_source("fun main(){\nlet x=1+2\n  println( x )\n}", Pack::english()).unwrap();
//! assert_eq!(out, "fun main() {\n    let x = 1 + 2\n    println(x)\n}\n");
//! ```

mod layout;
mod spacing;

use crate::diagnostics::Diagnostic;
use crate::pack::Pack;
use crate::{Arena, Parsed, parse};

/// Why a file was not formatted.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file has syntax errors; they are listed.
    #[error("the file has syntax errors")]
    Syntax(Vec<Diagnostic>),
    /// The formatter's output would parse differently: a bug in the
    /// formatter, reported instead of writing a changed program.
    #[error("internal formatter error: the formatted text would parse to a different tree")]
    ChangedMeaning,
}

/// Formats `source`, returning the new text (which may equal the old).
pub fn format_source(source: &str, pack: &Pack) -> Result<String, FormatError> {
    let arena = Arena::new();
    let parsed = parse(source, pack, &arena);
    if parsed.has_errors() {
        return Err(FormatError::Syntax(parsed.diagnostics));
    }
    let out = format_parsed(source, &parsed, pack);
    let again_arena = Arena::new();
    let again = parse(&out, pack, &again_arena);
    if again.has_errors() || again.tree_without_spans() != parsed.tree_without_spans() {
        return Err(FormatError::ChangedMeaning);
    }
    Ok(out)
}

/// Lays out an already parsed file (which must have no errors); the
/// result is not re-checked.
pub fn format_parsed(source: &str, parsed: &Parsed<'_>, pack: &Pack) -> String {
    layout::Layout::new(source, parsed, pack).run()
}
