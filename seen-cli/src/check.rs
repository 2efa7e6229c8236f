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
    let errors = check_path(global, &args.path)?;
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Checks a package directory (or file) the way `seen check` does,
/// printing diagnostics; returns the number of errors. `seen package
/// publish` runs this before it uploads.
pub fn check_path(global: &Global, path: &std::path::Path) -> Result<usize> {
    let language = report::manifest_language(path)?;
    let pack = report::pack(global, language.as_deref())?;
    let mut files = SourceMap::new();
    let mut diagnostics = Vec::new();
    for file in report::seen_files(path)? {
        match report::load_source(&file, &mut files)? {
            (_, Some(not_utf8)) => diagnostics.push(not_utf8),
            (id, None) => {
                let arena = seen_syntax::Arena::new();
                diagnostics.extend(parse_in(id, files.get(id).text(), &pack, &arena).diagnostics);
            }
        }
    }
    report::print(global, &diagnostics, &files);
    Ok(diagnostics.iter().filter(|d| d.is_error()).count())
}
