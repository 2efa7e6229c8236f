//! `seen translate FILE --to LANG`: re-spells a file in another pack.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use seen_syntax::translate::translate;
use seen_syntax::{Pack, SourceMap};

use crate::{Global, fmt::write_atomically, report};

/// Arguments of `seen translate`.
#[derive(Args)]
pub struct TranslateArgs {
    /// The file to translate
    file: PathBuf,
    /// The target pack: a built-in code or a pack file
    #[arg(long, value_name = "LANG")]
    to: String,
    /// The source pack (default: --keywords, --language, or en)
    #[arg(long, value_name = "LANG")]
    from: Option<String>,
    /// Write the result here instead of standard output
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

/// Translates the file; see [`TranslateArgs`].
pub fn run(global: &Global, args: &TranslateArgs) -> Result<ExitCode> {
    let from = match &args.from {
        Some(name) => Pack::resolve(name)?,
        None => report::pack(global, None)?,
    };
    let to = Pack::resolve(&args.to)?;
    let mut files = SourceMap::new();
    let (id, not_utf8) = report::load_source(&args.file, &mut files)?;
    if let Some(d) = not_utf8 {
        report::print(global, &[d], &files);
        return Ok(ExitCode::from(1));
    }
    let text = files.get(id).text().to_string();
    match translate(&text, &from, &to) {
        Ok(out) => {
            match &args.output {
                Some(path) => write_atomically(path, &out)?,
                None => std::io::stdout().write_all(out.as_bytes())?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            let diagnostics: Vec<_> = error
                .diagnostics()
                .iter()
                .cloned()
                .map(|d| d.in_file(id))
                .collect();
            report::print(global, &diagnostics, &files);
            eprintln!("error: {error}; nothing was written");
            Ok(ExitCode::from(1))
        }
    }
}
