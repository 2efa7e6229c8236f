//! `seen explain CODE`: prints the explanation of a diagnostic code.

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

/// Arguments of `seen explain`.
#[derive(Args)]
pub struct ExplainArgs {
    /// A diagnostic code, such as E0013
    code: String,
}

/// One documented code, from any crate's table.
pub struct Code {
    /// `E0013`
    pub code: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Its explanation (Markdown).
    pub explanation: &'static str,
}

/// Every documented code, in order.
pub fn all_codes() -> Vec<Code> {
    let mut codes: Vec<Code> = seen_syntax::diagnostics::codes::CODES
        .iter()
        .map(|c| Code { code: c.code, title: c.title, explanation: c.explanation })
        .collect();
    codes.sort_by_key(|c| c.code);
    codes
}

/// Prints the explanation, or exits 2 for an unknown code.
pub fn run(args: &ExplainArgs) -> Result<ExitCode> {
    let wanted = args.code.trim().to_ascii_uppercase();
    let wanted = if wanted.starts_with('E') { wanted } else { format!("E{wanted}") };
    let codes = all_codes();
    let Some(code) = codes.iter().find(|c| c.code == wanted) else {
        bail!("unknown diagnostic code `{}` (codes look like E0013; `docs/diagnostics.md` lists them all)", args.code);
    };
    println!("{}: {}\n\n{}", code.code, code.title, code.explanation);
    Ok(ExitCode::SUCCESS)
}

/// The text of `docs/diagnostics.md`, generated from the tables.
pub fn diagnostics_markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\nEvery diagnostic the toolchain prints has a code; `seen explain CODE` prints \
the same text as this page. Codes E0001-E0099 come from the front end, E0100-E0499 from the \
checker, E0500-E0599 from IR and code generation, E0600-E0699 from the package manager.\n\n\
This page is generated from the code tables in the sources; after changing them, run \
`UPDATE_DOCS=1 cargo test -p seen-cli --test docs` to regenerate it.\n",
    );
    for c in all_codes() {
        out.push_str(&format!("\n## {}: {}\n\n{}\n", c.code, c.title, c.explanation));
    }
    out
}
