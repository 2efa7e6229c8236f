//! Diagnostics: one type for every problem the toolchain reports.
//!
//! Checkers build [`Diagnostic`] values (a code, a severity, a message,
//! labelled spans, help and notes); [`render`] turns them into the text the
//! CLI prints (`path:line:col: error[E0001]: message`, the source line with
//! carets, then help) or into JSON for tools. [`codes`] lists every code
//! with its explanation (`seen explain`).

pub mod codes;
pub mod render;

use crate::span::{FileId, Span};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input is wrong; no output is produced.
    Error,
    /// Suspicious but accepted.
    Warning,
    /// Extra information.
    Note,
}

impl Severity {
    /// `"error"`, `"warning"` or `"note"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A span of a file with a short message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The file the span is in.
    pub file: FileId,
    /// The byte range labelled.
    pub span: Span,
    /// The text shown at the carets (may be empty).
    pub message: String,
    /// Whether this is the label the diagnostic is about (one per
    /// diagnostic); others give context.
    pub primary: bool,
}

/// One problem: a code, a message, labelled places, help and notes.
///
/// ```
/// use seen_syntax::{Diagnostic, Span, FileId};
/// let d = Diagnostic::error("E0013", "`&&` is not an operator in Seen")
///     .primary(FileId(0), Span::new(2, 4), "write `and`")
///     .help("Seen spells the logical operators as words");
/// assert_eq!(d.code, "E0013");
/// assert!(d.is_error());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The stable code, such as `E0001`; `seen explain` describes it.
    pub code: &'static str,
    /// One line, lower case, no final period.
    pub message: String,
    /// Labelled places; the first primary one gives the position.
    pub labels: Vec<Label>,
    /// Suggestions, each printed as `help: ...`.
    pub help: Vec<String>,
    /// Further facts, each printed as `note: ...`.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic of any severity.
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            labels: Vec::new(),
            help: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// An error.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    /// A warning.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    /// Adds the primary label.
    pub fn primary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
            primary: true,
        });
        self
    }

    /// Adds a secondary label.
    pub fn secondary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    /// Adds a `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help.push(help.into());
        self
    }

    /// Adds a `note:` line.
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The primary label, or else the first label.
    pub fn primary_label(&self) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or_else(|| self.labels.first())
    }

    /// Moves every label into `file` (for diagnostics made before the
    /// file had an id).
    pub fn in_file(mut self, file: FileId) -> Diagnostic {
        for label in &mut self.labels {
            label.file = file;
        }
        self
    }

    /// The position used to sort: file, then start of the primary label.
    pub fn sort_key(&self) -> (FileId, u32) {
        self.primary_label()
            .map_or((FileId(0), 0), |l| (l.file, l.span.start))
    }
}

/// Sorts diagnostics by file and position, keeping the order of those at
/// the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(Diagnostic::sort_key);
}
