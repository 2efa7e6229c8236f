//! The `seen` command: a thin layer over the library crates.
//!
//! Only this crate parses arguments, prints and exits. Exit status: 0 for
//! success, 1 when the input has errors, 2 for usage errors.

mod build;
mod check;
mod explain;
mod fmt;
mod package;
mod report;
mod translate;

use std::process::ExitCode;

/// The compiler allocates many small, short-lived objects; mimalloc makes
/// `seen check` about three times faster than the system allocator on
/// large inputs (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Seen: a compiled, Kotlin-flavoured systems language whose keywords come
/// in many human languages.
#[derive(Parser)]
#[command(name = "seen", version, about, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Args, Clone)]
pub struct Global {
    /// Keyword pack to read source with: a built-in code (en, ar, es, ...)
    #[arg(long, global = true, value_name = "LANG")]
    language: Option<String>,
    /// Keyword pack file to read source with (overrides --language)
    #[arg(long, global = true, value_name = "FILE")]
    keywords: Option<std::path::PathBuf>,
    /// How to print diagnostics
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
}

/// Diagnostic output formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Text for people: `path:line:col: error[E0001]: ...` with the source line
    Human,
    /// One JSON object per diagnostic, one per line
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check a file or a package directory for errors
    Check(check::CheckArgs),
    /// Compile a file or a package directory to an executable
    Build(build::BuildArgs),
    /// Compile and run a file or a package directory
    Run(build::RunArgs),
    /// Format files in place (or check that they are formatted)
    Fmt(fmt::FmtArgs),
    /// Re-spell a file's keywords in another language's pack
    Translate(translate::TranslateArgs),
    /// Explain a diagnostic code (for example `seen explain E0013`)
    Explain(explain::ExplainArgs),
    /// Manage a package: manifest, dependencies, lock file, publishing
    Package(package::PackageArgs),
    /// Serve a package registry over HTTP
    Registry(package::RegistryArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => check::run(&cli.global, args),
        Command::Build(args) => build::build(&cli.global, args),
        Command::Run(args) => build::run(&cli.global, args),
        Command::Fmt(args) => fmt::run(&cli.global, args),
        Command::Translate(args) => translate::run(&cli.global, args),
        Command::Explain(args) => explain::run(args),
        Command::Package(args) => package::run(&cli.global, args),
        Command::Registry(args) => package::run_registry(&cli.global, args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
