//! `seen fmt FILE...`: rewrites files in the canonical layout.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use seen_syntax::format::{FormatError, format_source};
use seen_syntax::{Diagnostic, SourceMap, Span};

use crate::{Global, report};

/// Arguments of `seen fmt`.
#[derive(Args)]
pub struct FmtArgs {
    /// Files or package directories to format
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Report files that would change, write nothing; exit 1 if any would
    #[arg(long, conflicts_with = "stdout")]
    check: bool,
    /// Print the formatted text instead of writing files
    #[arg(long)]
    stdout: bool,
}

/// Formats each file; see [`FmtArgs`].
pub fn run(global: &Global, args: &FmtArgs) -> Result<ExitCode> {
    let mut failed = false;
    let mut unformatted = Vec::new();
    for path in &args.paths {
        let language = report::manifest_language(path)?;
        let pack = report::pack(global, language.as_deref())?;
        for file in report::seen_files(path)? {
            let mut files = SourceMap::new();
            let (id, not_utf8) = report::load_source(&file, &mut files)?;
            if let Some(d) = not_utf8 {
                failed = true;
                report::print(global, &[d], &files);
                continue;
            }
            let text = files.get(id).text().to_string();
            match format_source(&text, &pack) {
                Ok(formatted) => {
                    if args.stdout {
                        std::io::stdout().write_all(formatted.as_bytes())?;
                    } else if formatted != text {
                        if args.check {
                            unformatted.push(file.clone());
                        } else {
                            write_atomically(&file, &formatted)?;
                        }
                    }
                }
                Err(error) => {
                    failed = true;
                    refuse(global, &file, text, error);
                }
            }
        }
    }
    for file in &unformatted {
        println!("{}", file.display());
    }
    if !unformatted.is_empty() {
        eprintln!("{} file(s) would be reformatted", unformatted.len());
    }
    Ok(if failed || !unformatted.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn refuse(global: &Global, file: &Path, text: String, error: FormatError) {
    let mut files = SourceMap::new();
    let id = files.add(file.display().to_string(), text);
    let mut diagnostics = match error {
        FormatError::Syntax(diagnostics) => {
            diagnostics.into_iter().map(|d| d.in_file(id)).collect()
        }
        FormatError::ChangedMeaning => Vec::new(),
    };
    diagnostics.push(
        Diagnostic::error("E0031", format!("`{}` was not formatted", file.display()))
            .primary(id, Span::at(0), "")
            .help("fix the errors above first; the file was left unchanged"),
    );
    report::print(global, &diagnostics, &files);
}

/// Writes `text` to `path` through a temporary file in the same directory
/// and a rename, so an interruption never leaves half a file.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.seen-tmp-{}", std::process::id()));
    let result = (|| -> Result<()> {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write `{}`", tmp.display()))?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot replace `{}`", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
