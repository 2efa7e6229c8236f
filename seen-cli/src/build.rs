//! `seen build PATH [-o OUT] [--release]` and `seen run PATH [--release]
//! [-- ARGS...]`: the program checked, lowered and compiled by
//! `seen-codegen`, linked against the runtime.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use seen_codegen::{CompileError, OptLevel, OutputKind, SourceFile};

use crate::{Global, check, report};

/// Arguments of `seen build`.
#[derive(Args)]
pub struct BuildArgs {
    /// A `.seen` file or a package directory (with `Seen.toml` and `src/`)
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Where to write the executable (default: the file's or package's
    /// name, in the current directory)
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Optimise (IR passes, then Cranelift's `speed` level); integer
    /// overflow wraps instead of panicking
    #[arg(long)]
    release: bool,
}

/// Arguments of `seen run`.
#[derive(Args)]
pub struct RunArgs {
    /// A `.seen` file or a package directory
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Optimise, as `seen build --release`
    #[arg(long)]
    release: bool,
    /// Arguments for the program (after `--`)
    #[arg(last = true)]
    args: Vec<String>,
}

/// Builds the executable; exit status 1 when the program has errors.
pub fn build(global: &Global, args: &BuildArgs) -> Result<ExitCode> {
    let output = match &args.output {
        Some(o) => o.clone(),
        None => PathBuf::from(default_name(&args.path)),
    };
    compile_to(global, &args.path, &output, args.release)
}

/// Builds the program into a temporary directory and runs it with this
/// process's standard streams; its exit status is `seen run`'s.
pub fn run(global: &Global, args: &RunArgs) -> Result<ExitCode> {
    let dir = tempfile::tempdir().context("creating a temporary directory")?;
    let exe = dir.path().join(default_name(&args.path));
    let built = compile_to(global, &args.path, &exe, args.release)?;
    if built != ExitCode::SUCCESS {
        return Ok(built);
    }
    let status = std::process::Command::new(&exe)
        .args(&args.args)
        .status()
        .with_context(|| format!("cannot run `{}`", exe.display()))?;
    Ok(exit_code(status))
}

/// The program's exit status as ours (a signal gives 128 + its number, as
/// a shell reports it).
fn exit_code(status: std::process::ExitStatus) -> ExitCode {
    use std::os::unix::process::ExitStatusExt;
    let code = status
        .code()
        .or_else(|| status.signal().map(|s| 128 + s))
        .unwrap_or(1);
    ExitCode::from((code & 0xff) as u8)
}

/// Compiles `path` to the executable `output`, printing diagnostics.
fn compile_to(global: &Global, path: &Path, output: &Path, release: bool) -> Result<ExitCode> {
    let program = check::gather(global, path, None)?;
    if !program.unreadable.is_empty() {
        report::print(global, &program.unreadable, &program.files);
        return Ok(ExitCode::from(1));
    }
    // the pack lives as long as the process (a user's pack file included)
    let pack: &'static seen_syntax::Pack = Box::leak(Box::new(program.pack));
    let sources: Vec<SourceFile> = program
        .modules
        .iter()
        .filter(|m| !m.std)
        .map(|m| {
            let f = program.files.get(m.file);
            SourceFile {
                path: f.path().to_string(),
                text: f.text().to_string(),
                module: m.module.clone(),
                pack: m.pack,
            }
        })
        .collect();
    let options = seen_codegen::Options {
        sources,
        output: output.to_path_buf(),
        kind: OutputKind::Executable,
        opt_level: if release {
            OptLevel::Release
        } else {
            OptLevel::Debug
        },
        pack: Some(pack),
        target: None,
    };
    match seen_codegen::compile(&options) {
        Ok(artifact) => {
            report::print(global, &artifact.diagnostics, &program.files);
            Ok(ExitCode::SUCCESS)
        }
        Err(CompileError::Diagnostics { diagnostics, files }) => {
            report::print(global, &diagnostics, &files);
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

/// `hello` for `hello.seen`, a package's directory name for a package.
fn default_name(path: &Path) -> String {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    canonical
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "main".to_string())
}
