//! `seen explain CODE`: prints the explanation of a diagnostic code.

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

/// Arguments of `seen explain`.
#[derive(Args)]
pub struct ExplainArgs {
    /// A diagnostic code, such as E0013
    #[arg(required_unless_present = "markdown")]
    code: Option<String>,
    /// Print every code as the Markdown page `docs/diagnostics.md`
    #[arg(long, hide = true)]
    markdown: bool,
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
    let syntax = seen_syntax::diagnostics::codes::CODES.iter().map(|c| Code {
        code: c.code,
        title: c.title,
        explanation: c.explanation,
    });
    let packages = seen_pkg::codes::CODES.iter().map(|c| Code {
        code: c.code,
        title: c.title,
        explanation: c.explanation,
    });
    let checker = seen_sema::codes::CODES.iter().map(|c| Code {
        code: c.code,
        title: c.title,
        explanation: c.explanation,
    });
    let mut codes: Vec<Code> = syntax.chain(checker).chain(packages).collect();
    codes.sort_by_key(|c| c.code);
    codes
}

/// Prints the explanation, or exits 2 for an unknown code.
pub fn run(args: &ExplainArgs) -> Result<ExitCode> {
    let Some(asked) = args.code.as_deref().filter(|_| !args.markdown) else {
        print!("{}", diagnostics_markdown());
        return Ok(ExitCode::SUCCESS);
    };
    let asked_trim = asked.trim();
    let letter = match asked_trim.chars().next() {
        Some('W' | 'w') => 'W',
        _ => 'E',
    };
    let digits = asked_trim.trim_start_matches(['E', 'e', 'W', 'w']);
    let wanted = match digits.parse::<u32>() {
        Ok(n) if digits.chars().all(|c| c.is_ascii_digit()) => format!("{letter}{n:04}"),
        _ => bail!("`{asked}` is not a diagnostic code (codes look like E0013)"),
    };
    let codes = all_codes();
    let Some(code) = codes.iter().find(|c| c.code == wanted) else {
        bail!("unknown diagnostic code `{asked}` (`docs/diagnostics.md` lists every code)");
    };
    println!("{}: {}\n\n{}", code.code, code.title, code.explanation);
    Ok(ExitCode::SUCCESS)
}

/// The text of `docs/diagnostics.md`, generated from the tables.
pub fn diagnostics_markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\nEvery diagnostic the toolchain prints has a code; `seen explain CODE` prints \
the same text as this page. Codes E0001-E0099 come from the front end, E0100-E0499 from the \
checker (its warnings are W0100-W0499), E0500-E0599 from IR and code generation, E0600-E0699 from the package manager.\n\n\
This page is generated from the code tables in the sources; after changing them, run \
`UPDATE_DOCS=1 cargo test -p seen-cli --test cli` to regenerate it.\n",
    );
    for c in all_codes() {
        out.push_str(&format!(
            "\n## {}: {}\n\n{}\n",
            c.code, c.title, c.explanation
        ));
    }
    out
}
