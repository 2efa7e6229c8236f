//! Problems at a place in a file (a manifest, a lock file): a code, a byte
//! span, a message and optional help.
//!
//! The CLI turns these into the compiler's `Diagnostic`s, so package errors
//! print exactly like compiler errors (`path:line:col: error[E0602]: ...`).

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// One problem at a byte range of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The code, such as `E0602` (see [`crate::codes`]).
    pub code: &'static str,
    /// One line, lower case, no final period.
    pub message: String,
    /// Byte range of the offending text.
    pub span: Range<usize>,
    /// Text shown at the carets (may be empty).
    pub label: String,
    /// A suggestion, printed as `help: ...`.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with no label or help.
    pub fn new(code: &'static str, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            span,
            label: String::new(),
            help: None,
        }
    }

    /// Adds the text shown at the carets.
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    /// Adds a `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// Every problem found in one file, with the file's text so they can be
/// shown with their source line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileDiagnostics {
    /// The file, as the user named it.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// The problems, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileDiagnostics {
    /// 1-based line and column (in characters) of a byte offset.
    ///
    /// ```
    /// let f = seen_pkg::diagnostic::FileDiagnostics {
    ///     path: "Seen.toml".into(), text: "a\nbé c\n".into(), diagnostics: vec![],
    /// };
    /// assert_eq!(f.line_col(0), (1, 1));
    /// assert_eq!(f.line_col(5), (2, 3)); // `c`, after the two-byte `é`
    /// ```
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, offset)
    }
}

impl fmt::Display for FileDiagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let (line, col) = self.line_col(d.span.start);
            write!(
                f,
                "{}:{line}:{col}: error[{}]: {}",
                self.path.display(),
                d.code,
                d.message
            )?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
