//! Shared helpers: check a program with the real standard library.

#![allow(dead_code)]

use seen_sema::ModuleFile;
use seen_syntax::{Arena, Diagnostic, Pack, Severity, SourceMap};

/// Checks `text` as the module `main` with the standard library; every
/// diagnostic, sorted, and the source map to render them.
pub fn check(path: &str, text: &str) -> (Vec<Diagnostic>, SourceMap) {
    check_with(path, text, Pack::english())
}

/// Like [`check`], reading the program with `pack`.
pub fn check_with(path: &str, text: &str, pack: &Pack) -> (Vec<Diagnostic>, SourceMap) {
    let mut files = SourceMap::new();
    let mut modules: Vec<ModuleFile> = seen_std::STD_SOURCES
        .iter()
        .map(|f| ModuleFile {
            file: files.add(f.path, f.text),
            module: f.module.to_string(),
            std: true,
            pack: None,
        })
        .collect();
    modules.push(ModuleFile {
        file: files.add(path, text),
        module: "main".into(),
        std: false,
        pack: None,
    });
    let arena = Arena::new();
    let diagnostics = seen_sema::check_files(&arena, &files, &modules, pack).sorted_diagnostics();
    (diagnostics, files)
}

/// The diagnostics as `path:line:col: severity[CODE]: message` lines.
pub fn summary(diagnostics: &[Diagnostic], files: &SourceMap) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let sev = if d.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let at = location(d, files).map_or_else(String::new, |(p, l, c)| format!("{p}:{l}:{c}: "));
        out.push_str(&format!("{at}{sev}[{}]: {}\n", d.code, d.message));
    }
    out
}

/// Where a diagnostic's primary label is: path, line and column (from 1).
pub fn location(d: &Diagnostic, files: &SourceMap) -> Option<(String, u32, u32)> {
    let label = d.primary_label()?;
    let file = files.get(label.file);
    let (line, col) = file.line_col(label.span.start);
    Some((file.path().to_string(), line, col))
}
