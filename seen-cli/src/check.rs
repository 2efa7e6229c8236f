//! `seen check PATH`: parses and checks a file or a package, with the
//! standard library.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use seen_sema::ModuleFile;
use seen_syntax::SourceMap;

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
    let errors = check_path(global, &args.path, None)?;
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A program read from disk: its files (the standard library's first),
/// their modules, the pack its own files are written in, and the
/// diagnostics of files that could not be read as UTF-8.
pub struct Program {
    pub files: SourceMap,
    pub modules: Vec<ModuleFile>,
    pub pack: seen_syntax::Pack,
    pub unreadable: Vec<seen_syntax::Diagnostic>,
}

/// Reads the program at `path` (a file, or a package with its
/// dependencies, resolved and fetched from `registry` or
/// `SEEN_REGISTRY`).
pub fn gather(
    global: &Global,
    path: &std::path::Path,
    registry: Option<&seen_pkg::source::RegistryUrl>,
) -> Result<Program> {
    let language = report::manifest_language(path)?;
    let pack = report::pack(global, language.as_deref())?;
    let mut files = SourceMap::new();
    let mut unreadable = Vec::new();
    let mut modules = std_modules(&mut files);
    let root = source_root(path);
    for file in report::seen_files(path)? {
        match report::load_source(&file, &mut files)? {
            (_, Some(not_utf8)) => unreadable.push(not_utf8),
            (id, None) => modules.push(ModuleFile {
                file: id,
                module: module_name(&root, &file),
                std: false,
                pack: None,
            }),
        }
    }
    for (import, dir) in dependencies(path, registry)? {
        // a dependency is read in the language its own manifest names
        let pack = match report::manifest_language(&dir)? {
            Some(code) => Some(
                seen_syntax::Pack::builtin(&code)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", dir.join("Seen.toml").display()))?,
            ),
            None => None,
        };
        let src = dir.join("src");
        for file in report::seen_files(&src)? {
            match report::load_source(&file, &mut files)? {
                (_, Some(not_utf8)) => unreadable.push(not_utf8),
                (id, None) => {
                    let module = dependency_module(&import, &module_name(&src, &file));
                    modules.push(ModuleFile {
                        file: id,
                        module,
                        std: false,
                        pack,
                    });
                }
            }
        }
    }
    Ok(Program {
        files,
        modules,
        pack,
        unreadable,
    })
}

/// Checks a package directory (or file) the way `seen check` does,
/// printing diagnostics; returns the number of errors. `seen package
/// publish` runs this before it uploads, passing the registry it publishes
/// to (otherwise `SEEN_REGISTRY` names the registry dependencies come from).
pub fn check_path(
    global: &Global,
    path: &std::path::Path,
    registry: Option<&seen_pkg::source::RegistryUrl>,
) -> Result<usize> {
    let program = gather(global, path, registry)?;
    let mut diagnostics = program.unreadable;
    let arena = seen_syntax::Arena::new();
    let sema = seen_sema::check_files(&arena, &program.files, &program.modules, &program.pack);
    diagnostics.extend(sema.sorted_diagnostics());
    report::print(global, &diagnostics, &program.files);
    Ok(diagnostics.iter().filter(|d| d.is_error()).count())
}

/// The dependencies of the package at `path` (none for a single file or a
/// package without dependencies): their import names and directories,
/// resolved and fetched as `seen package fetch` does.
fn dependencies(
    path: &std::path::Path,
    registry: Option<&seen_pkg::source::RegistryUrl>,
) -> Result<Vec<(String, PathBuf)>> {
    if !path.join("Seen.toml").is_file() {
        return Ok(Vec::new());
    }
    let project = seen_pkg::ops::Project::load(path)?;
    if project.summary().deps.is_empty() {
        return Ok(Vec::new());
    }
    let mut options = seen_pkg::ops::Options::new(
        seen_pkg::cache::Cache::from_env()?,
        &seen_pkg::progress::Silent,
    );
    if let Some(r) = registry {
        options.registry = Some(r.clone());
    } else if let Some(r) = std::env::var("SEEN_REGISTRY")
        .ok()
        .filter(|r| !r.is_empty())
    {
        let cwd = std::env::current_dir()?;
        options.registry = Some(seen_pkg::source::RegistryUrl::parse(&r, &cwd)?);
    }
    let plan = seen_pkg::build::plan(path, &options, &seen_pkg::build::BuildOptions::default())?;
    let root = plan.units.len().saturating_sub(1);
    Ok(plan
        .units
        .into_iter()
        .take(root)
        .map(|u| (u.name, u.dir))
        .collect())
}

/// A dependency's module: its `src/lib.seen` is the package itself
/// (`import seen_gpu.Vec3`), `src/math/vec.seen` is `seen_gpu.math.vec`.
fn dependency_module(import: &str, module: &str) -> String {
    match module {
        "lib" => import.to_string(),
        m => format!("{import}.{m}"),
    }
}

/// Adds the standard library's sources to `files`.
pub fn std_modules(files: &mut SourceMap) -> Vec<ModuleFile> {
    seen_std::STD_SOURCES
        .iter()
        .map(|f| ModuleFile {
            file: files.add(f.path, f.text),
            module: f.module.to_string(),
            std: true,
            pack: None,
        })
        .collect()
}

/// The directory module paths count from: a package's `src/`, the
/// directory given, or a single file's directory.
fn source_root(path: &std::path::Path) -> PathBuf {
    if path.is_file() {
        return path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
    }
    if path.join("src").is_dir() {
        path.join("src")
    } else {
        path.to_path_buf()
    }
}

/// `src/net/http.seen` is the module `net.http`.
fn module_name(root: &std::path::Path, file: &std::path::Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    parts.join(".")
}
