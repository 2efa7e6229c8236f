//! Printing for `seen package`: data to stdout (text or one JSON object),
//! logs to stderr (unless `--quiet` or JSON), and `seen_pkg` errors as the
//! compiler's diagnostics (`path:line:col: error[E06xx]: ...` with the
//! source line, notes and help; or JSON lines), through `crate::report`.

use std::process::ExitCode;

use seen_pkg::diagnostic::FileDiagnostics;
use seen_syntax::{Diagnostic, SourceMap, Span};
use serde_json::Value;

use crate::{Global, MessageFormat, report};

/// Where and how much to print.
#[derive(Clone, Copy)]
pub struct Out {
    /// `--message-format json`: data as one JSON object, no logs.
    pub json: bool,
    /// `--quiet`.
    pub quiet: bool,
    /// `--verbose`.
    pub verbose: bool,
}

impl Out {
    /// From the global and `seen package` flags.
    pub fn new(global: &Global, quiet: bool, verbose: bool) -> Out {
        Out {
            json: global.message_format == MessageFormat::Json,
            quiet,
            verbose,
        }
    }

    /// A log line on stderr.
    pub fn status(&self, line: impl AsRef<str>) {
        if !self.quiet && !self.json {
            eprintln!("{}", line.as_ref());
        }
    }

    /// A log line shown only with `--verbose`.
    pub fn detail(&self, line: impl AsRef<str>) {
        if self.verbose {
            self.status(line);
        }
    }

    /// Data: text for people or a JSON value for tools, on stdout.
    pub fn data(&self, text: impl FnOnce() -> String, json: impl FnOnce() -> Value) {
        if self.json {
            println!("{}", json());
        } else {
            print!("{}", text());
        }
    }
}

/// Prints a package error as diagnostics; returns the exit status: 2 for
/// a missing or malformed registry address (a usage error), 1 otherwise.
pub fn error(global: &Global, err: &seen_pkg::Error) -> ExitCode {
    let mut files = SourceMap::new();
    let diagnostics = match err {
        seen_pkg::Error::File(f) => file_diagnostics(f, &mut files),
        other => vec![plain(other)],
    };
    report::print(global, &diagnostics, &files);
    match err {
        seen_pkg::Error::NoRegistry { .. } | seen_pkg::Error::BadRegistryUrl { .. } => {
            ExitCode::from(2)
        }
        _ => ExitCode::from(1),
    }
}

/// A usage error (a malformed argument): printed as a diagnostic, status 2.
pub fn usage(
    global: &Global,
    code: &'static str,
    message: String,
    help: Option<String>,
) -> ExitCode {
    let mut d = Diagnostic::error(code, message);
    if let Some(help) = help {
        d = d.help(help);
    }
    report::print(global, &[d], &SourceMap::new());
    ExitCode::from(2)
}

fn file_diagnostics(f: &FileDiagnostics, files: &mut SourceMap) -> Vec<Diagnostic> {
    let id = files.add(f.path.display().to_string(), f.text.clone());
    f.diagnostics
        .iter()
        .map(|d| {
            let span = Span::new(offset(d.span.start), offset(d.span.end));
            let mut out =
                Diagnostic::error(d.code, d.message.clone()).primary(id, span, d.label.clone());
            if let Some(help) = &d.help {
                out = out.help(help.clone());
            }
            out
        })
        .collect()
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn plain(err: &seen_pkg::Error) -> Diagnostic {
    let mut d = Diagnostic::error(err.code(), err.to_string());
    for note in err.notes() {
        d = d.note(note);
    }
    if let Some(help) = err.help() {
        d = d.help(help);
    }
    d
}
