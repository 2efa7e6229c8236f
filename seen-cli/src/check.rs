//! `seen check PATH`: runs the front end over a file or a package.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use seen_syntax::{SourceMap, parse_in};

use crate::{Global, report};

/// Arguments of `seen check`.
#[derive(Args)]
pub struct CheckArgs {
    /// A `.seen` file or a package directory (with `Seen.toml` and `src/`)
    #[arg(default_value = ".")]
    path: PathBuf,
}

/// Checks every file and prints what is wrong.
pub fn run(global: &Global, args: &CheckArgs) -> Result<ExitCode> {
    let language = report::manifest_language(&args.path)?;
    let pack = report::pack(global, language.as_deref())?;
    let mut files = SourceMap::new();
    let mut diagnostics = Vec::new();
    for path in report::seen_files(&args.path)? {
        let text = report::read_source(&path)?;
        let id = files.add(path.display().to_string(), text);
        let parsed = parse_in(id, files.get(id).text(), &pack);
        diagnostics.extend(parsed.diagnostics);
    }
    report::print(global, &diagnostics, &files);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
