//! Rendering diagnostics as text (for people) and JSON (for tools).
//!
//! The text form starts with the conventional header
//! `path:line:col: error[E0001]: message`, which editors parse, followed by
//! codespan-reporting's snippet (the source lines with labelled carets) and
//! `help:`/`note:` lines. The JSON form is one object per diagnostic with
//! the fields listed in ARCHITECTURE.md.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::Files;
use codespan_reporting::term;
use serde_json::{Value, json};

use super::{Diagnostic, Severity};
use crate::span::{FileId, SourceMap};

/// How to render text.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOptions {
    /// Draw the snippet with ASCII characters instead of box drawing.
    pub ascii: bool,
}

/// Renders one diagnostic as text, ending with a newline.
///
/// ```
/// use seen_syntax::{Diagnostic, SourceMap, Span};
/// use seen_syntax::diagnostics::render::{render_text, TextOptions};
/// let mut files = SourceMap::new();
/// let id = files.add("main.seen", "let x = 1 && 2\n");
/// let d = Diagnostic::error("E0013", "`&&` is not an operator in Seen")
///     .primary(id, seen_syntax::Span::new(10, 12), "here")
///     .help("write `and`");
/// let text = render_text(&d, &files, TextOptions::default());
/// assert!(text.starts_with("main.seen:1:11: error[E0013]: `&&` is not an operator in Seen\n"));
/// assert!(text.contains("help: write `and`"));
/// ```
pub fn render_text(diagnostic: &Diagnostic, files: &SourceMap, options: TextOptions) -> String {
    let mut out = header(diagnostic, files);
    out.push('\n');
    let adapter = Adapter(files);
    let mut config = term::Config::default();
    if options.ascii {
        config.chars = term::Chars::ascii();
    }
    let rendered = term::emit_into_string(&config, &adapter, &to_codespan(diagnostic))
        .unwrap_or_else(|_| String::new());
    // codespan's own first line is `error[E0001]: message`: ours replaces it
    if let Some((_, rest)) = rendered.split_once('\n') {
        out.push_str(rest);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// Renders several diagnostics as text, separated as the CLI prints them.
pub fn render_all_text(
    diagnostics: &[Diagnostic],
    files: &SourceMap,
    options: TextOptions,
) -> String {
    diagnostics
        .iter()
        .map(|d| render_text(d, files, options))
        .collect()
}

/// The first line: `path:line:col: severity[code]: message`.
pub fn header(diagnostic: &Diagnostic, files: &SourceMap) -> String {
    let sev = diagnostic.severity.as_str();
    let place = match position(diagnostic, files) {
        Some(p) => format!("{}:{}:{}: ", p.path, p.line, p.column),
        None => String::new(),
    };
    format!("{place}{sev}[{}]: {}", diagnostic.code, diagnostic.message)
}

/// Where a span is: path and 1-based line and column (in characters), at
/// both ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    /// The file's display path.
    pub path: String,
    /// Line of the start.
    pub line: u32,
    /// Column of the start, in characters.
    pub column: u32,
    /// Line of the end.
    pub end_line: u32,
    /// Column of the end, in characters.
    pub end_column: u32,
}

/// The position of a diagnostic's primary label.
pub fn position(diagnostic: &Diagnostic, files: &SourceMap) -> Option<Position> {
    let label = diagnostic.primary_label()?;
    label_position(label.file, label.span, files)
}

fn label_position(file: FileId, span: crate::Span, files: &SourceMap) -> Option<Position> {
    let f = files.try_get(file)?;
    let (line, column) = f.line_col(span.start);
    let (end_line, end_column) = f.line_col(span.end);
    Some(Position {
        path: f.path().to_string(),
        line,
        column,
        end_line,
        end_column,
    })
}

/// The JSON object of one diagnostic.
pub fn to_json(diagnostic: &Diagnostic, files: &SourceMap) -> Value {
    let pos = position(diagnostic, files);
    let labels: Vec<Value> = diagnostic
        .labels
        .iter()
        .filter_map(|l| {
            let p = label_position(l.file, l.span, files)?;
            Some(json!({
                "path": p.path, "line": p.line, "column": p.column,
                "end_line": p.end_line, "end_column": p.end_column,
                "message": l.message, "primary": l.primary,
            }))
        })
        .collect();
    json!({
        "severity": diagnostic.severity.as_str(),
        "code": diagnostic.code,
        "message": diagnostic.message,
        "path": pos.as_ref().map(|p| p.path.clone()),
        "line": pos.as_ref().map(|p| p.line),
        "column": pos.as_ref().map(|p| p.column),
        "end_line": pos.as_ref().map(|p| p.end_line),
        "end_column": pos.as_ref().map(|p| p.end_column),
        "labels": labels,
        "help": diagnostic.help,
        "notes": diagnostic.notes,
    })
}

/// One JSON object per line, as `--message-format json` prints.
pub fn render_json_lines(diagnostics: &[Diagnostic], files: &SourceMap) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&to_json(d, files).to_string());
        out.push('\n');
    }
    out
}

fn to_codespan(d: &Diagnostic) -> cs::Diagnostic<u32> {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    };
    let labels = d
        .labels
        .iter()
        .map(|l| {
            let style = if l.primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            cs::Label::new(style, l.file.0, l.span.range()).with_message(l.message.clone())
        })
        .collect();
    let notes = d
        .help
        .iter()
        .map(|h| format!("help: {h}"))
        .chain(d.notes.iter().map(|n| format!("note: {n}")))
        .collect();
    cs::Diagnostic::new(severity)
        .with_code(d.code)
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

struct Adapter<'a>(&'a SourceMap);

impl<'a> Files<'a> for Adapter<'a> {
    type FileId = u32;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: u32) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.file(id)?.path())
    }

    fn source(&'a self, id: u32) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.file(id)?.text())
    }

    fn line_index(
        &'a self,
        id: u32,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let starts = self.file(id)?.line_starts();
        Ok(starts
            .partition_point(|&s| s as usize <= byte_index)
            .saturating_sub(1))
    }

    fn line_range(
        &'a self,
        id: u32,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        let file = self.file(id)?;
        let starts = file.line_starts();
        let start =
            *starts
                .get(line_index)
                .ok_or(codespan_reporting::files::Error::LineTooLarge {
                    given: line_index,
                    max: starts.len().saturating_sub(1),
                })? as usize;
        let end = starts
            .get(line_index + 1)
            .map_or(file.text().len(), |&s| s as usize);
        Ok(start..end)
    }
}

impl<'a> Adapter<'a> {
    fn file(
        &self,
        id: u32,
    ) -> Result<&'a crate::span::SourceFile, codespan_reporting::files::Error> {
        self.0
            .try_get(FileId(id))
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }
}
