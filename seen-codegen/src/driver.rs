//! The source-level compile API: Seen source (files, in-memory text, a
//! package's `src/`) to a checked program, to IR, to native code.
//!
//! [`compile`] and [`Compiler`] run the front end and the checker over the
//! standard library and the given sources, lower the checked program
//! (`seen_sema::lower`), and hand the IR to [`compile_ir`] or
//! [`run_ir`]. Diagnostics are values ([`CompileError::diagnostics`]).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use seen_sema::ModuleFile;
use seen_sema::lower::LowerOptions;
use seen_syntax::{Arena, Diagnostic, Pack, SourceMap};

use crate::{Artifact, CodegenError, IrOptions, OptLevel, OutputKind, RunOptions, RunOutput};
use crate::{compile_ir, run_ir};

/// One source file of the program.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path shown in diagnostics.
    pub path: String,
    /// The text.
    pub text: String,
    /// The module it is (`main`, `net.http`; a dependency's
    /// `seen_json.parse`).
    pub module: String,
    /// Its keyword pack, when not the program's (a dependency written in
    /// another language).
    pub pack: Option<&'static Pack>,
}

/// What to compile and how ([`compile`], [`Compiler`]).
#[derive(Clone, Debug)]
pub struct Options {
    /// The program's source files.
    pub sources: Vec<SourceFile>,
    /// Where to write the output.
    pub output: PathBuf,
    /// Executable or object file.
    pub kind: OutputKind,
    /// Debug (checks on) or release (optimised).
    pub opt_level: OptLevel,
    /// The keyword pack of the sources (`None`: English).
    pub pack: Option<&'static Pack>,
    /// The target (`None`: the host).
    pub target: Option<target_lexicon::Triple>,
}

/// Why a compilation did not produce its output.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// The program has errors: the diagnostics (errors first).
    #[error("the program has {} error(s)", .diagnostics.iter().filter(|d| d.is_error()).count())]
    Diagnostics {
        /// Every diagnostic, with the files they point into.
        diagnostics: Vec<Diagnostic>,
        /// The sources the diagnostics' file ids refer to.
        files: Box<SourceMap>,
    },
    /// Code generation, linking, running or reading failed.
    #[error(transparent)]
    Codegen(#[from] CodegenError),
    /// A source file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl CompileError {
    /// The diagnostics, when the program has errors.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            CompileError::Diagnostics { diagnostics, .. } => diagnostics,
            _ => &[],
        }
    }
}

/// The checked program lowered to IR, the warnings found, and how long
/// each phase took.
pub struct Lowered {
    /// The IR.
    pub module: seen_ir::Module,
    /// Warnings (there is no error when lowering succeeds).
    pub diagnostics: Vec<Diagnostic>,
    /// The sources the diagnostics point into.
    pub files: SourceMap,
    /// `check` and `lower`.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Checks the sources and lowers the program to IR (no code generation).
pub fn lower_sources(
    sources: &[SourceFile],
    pack: Option<&'static Pack>,
    debug: bool,
) -> Result<Lowered, CompileError> {
    let started = Instant::now();
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
    for s in sources {
        modules.push(ModuleFile {
            file: files.add(&s.path, &s.text),
            module: s.module.clone(),
            std: false,
            pack: s.pack,
        });
    }
    let arena = Arena::new();
    let pack = pack.unwrap_or(Pack::english());
    let mut sema = seen_sema::check_files(&arena, &files, &modules, pack);
    let diagnostics = sema.sorted_diagnostics();
    let check = started.elapsed();
    if diagnostics.iter().any(Diagnostic::is_error) {
        drop(sema);
        return Err(CompileError::Diagnostics {
            diagnostics,
            files: Box::new(files),
        });
    }
    let started = Instant::now();
    let lowered = sema.lower(&LowerOptions { debug });
    drop(sema);
    match lowered {
        Ok(module) => Ok(Lowered {
            module,
            diagnostics,
            files,
            timings: vec![("check", check), ("lower", started.elapsed())],
        }),
        Err(errors) => Err(CompileError::Diagnostics {
            diagnostics: errors,
            files: Box::new(files),
        }),
    }
}

/// Compiles Seen source to an executable or object file.
///
/// ```
/// use seen_codegen::{compile, Options, OptLevel, OutputKind, SourceFile};
/// let dir = tempfile::tempdir().unwrap();
/// let exe = dir.path().join("hello");
/// let source = SourceFile {
///     path: "main.seen".into(),
///     text: "fun main() {\n    println(\"hello\")\n}\n".into(),
///     module: "main".into(),
///     pack: None,
/// };
/// let options = Options {
///     sources: vec![source],
///     output: exe.clone(),
///     kind: OutputKind::Executable,
///     opt_level: OptLevel::Debug,
///     pack: None,
///     target: None,
/// };
/// compile(&options).unwrap();
/// let out = std::process::Command::new(&exe).output().unwrap();
/// assert_eq!(out.stdout, b"hello\n");
/// ```
pub fn compile(options: &Options) -> Result<Artifact, CompileError> {
    let debug = options.opt_level == OptLevel::Debug;
    let lowered = lower_sources(&options.sources, options.pack, debug)?;
    let ir = IrOptions {
        output: options.output.clone(),
        kind: options.kind,
        opt_level: options.opt_level,
        target: options.target.clone(),
    };
    let mut artifact = compile_ir(&lowered.module, &ir)?;
    artifact.diagnostics = lowered.diagnostics;
    let mut timings = lowered.timings;
    timings.extend(artifact.timings);
    artifact.timings = timings;
    Ok(artifact)
}

/// A compiler configured once, used to check, build or run.
///
/// ```
/// use seen_codegen::Compiler;
/// let compiler = Compiler::builder()
///     .source("main.seen", "fun main() {\n    println(6 * 7)\n}\n")
///     .build();
/// let out = compiler.run(&[]).unwrap();
/// assert_eq!(out.stdout_text(), "42\n");
/// ```
#[derive(Clone, Debug)]
pub struct Compiler {
    options: Options,
}

/// Builds a [`Compiler`].
#[derive(Clone, Debug)]
pub struct CompilerBuilder {
    options: Options,
    files: Vec<PathBuf>,
    packages: Vec<PathBuf>,
}

impl Compiler {
    /// A builder with no sources, a debug executable `a.out`, English.
    pub fn builder() -> CompilerBuilder {
        CompilerBuilder {
            options: Options {
                sources: Vec::new(),
                output: PathBuf::from("a.out"),
                kind: OutputKind::Executable,
                opt_level: OptLevel::Debug,
                pack: None,
                target: None,
            },
            files: Vec::new(),
            packages: Vec::new(),
        }
    }

    /// The options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Checks the program: its diagnostics (warnings too), without code
    /// generation.
    pub fn check(&self) -> Vec<Diagnostic> {
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
        for s in &self.options.sources {
            modules.push(ModuleFile {
                file: files.add(&s.path, &s.text),
                module: s.module.clone(),
                std: false,
                pack: s.pack,
            });
        }
        let arena = Arena::new();
        let pack = self.options.pack.unwrap_or(Pack::english());
        seen_sema::check_files(&arena, &files, &modules, pack).sorted_diagnostics()
    }

    /// Compiles to the configured output.
    pub fn build(&self) -> Result<Artifact, CompileError> {
        compile(&self.options)
    }

    /// Compiles with the JIT and runs `main` in a child process with
    /// `args`; the program's output and exit status are captured.
    pub fn run(&self, args: &[String]) -> Result<RunOutput, CompileError> {
        self.run_with(RunOptions {
            args: args.to_vec(),
            debug: self.options.opt_level == OptLevel::Debug,
            ..RunOptions::default()
        })
    }

    /// [`Compiler::run`] with every run option (stdin, time limit, leak
    /// check).
    pub fn run_with(&self, mut run: RunOptions) -> Result<RunOutput, CompileError> {
        let debug = self.options.opt_level == OptLevel::Debug;
        run.debug = debug;
        let lowered = lower_sources(&self.options.sources, self.options.pack, debug)?;
        Ok(run_ir(&lowered.module, &run)?)
    }
}

impl CompilerBuilder {
    /// Adds a file (read when [`CompilerBuilder::try_build`] runs); its
    /// module is its file name without `.seen`.
    pub fn file(mut self, path: impl Into<PathBuf>) -> Self {
        self.files.push(path.into());
        self
    }

    /// Adds in-memory source; its module is its file name without `.seen`.
    pub fn source(mut self, path: &str, text: &str) -> Self {
        self.options.sources.push(SourceFile {
            path: path.to_string(),
            text: text.to_string(),
            module: module_of(Path::new(path)),
            pack: None,
        });
        self
    }

    /// Adds a source file with its module and pack.
    pub fn source_file(mut self, file: SourceFile) -> Self {
        self.options.sources.push(file);
        self
    }

    /// Adds a package directory: every `.seen` file under its `src/`
    /// (`src/net/http.seen` is the module `net.http`). Its dependencies
    /// are the caller's to add (the `seen` command resolves them).
    pub fn package(mut self, dir: impl Into<PathBuf>) -> Self {
        self.packages.push(dir.into());
        self
    }

    /// Where the output goes.
    pub fn output(mut self, path: impl Into<PathBuf>) -> Self {
        self.options.output = path.into();
        self
    }

    /// Executable or object file.
    pub fn kind(mut self, kind: OutputKind) -> Self {
        self.options.kind = kind;
        self
    }

    /// Debug or release.
    pub fn opt_level(mut self, level: OptLevel) -> Self {
        self.options.opt_level = level;
        self
    }

    /// The keyword pack the sources are written in.
    pub fn pack(mut self, pack: &'static Pack) -> Self {
        self.options.pack = Some(pack);
        self
    }

    /// The target (`None`: the host).
    pub fn target(mut self, target: Option<target_lexicon::Triple>) -> Self {
        self.options.target = target;
        self
    }

    /// The compiler, reading the added files and packages; a file that
    /// cannot be read is an error.
    pub fn try_build(mut self) -> Result<Compiler, CompileError> {
        for f in std::mem::take(&mut self.files) {
            let text = read(&f)?;
            self.options.sources.push(SourceFile {
                path: f.display().to_string(),
                text,
                module: module_of(&f),
                pack: None,
            });
        }
        for dir in std::mem::take(&mut self.packages) {
            let root = dir.join("src");
            let mut found = Vec::new();
            walk(&root, &mut found)?;
            found.sort();
            for f in found {
                let text = read(&f)?;
                let rel = f.strip_prefix(&root).unwrap_or(&f).with_extension("");
                let module: Vec<String> = rel
                    .iter()
                    .map(|c| c.to_string_lossy().into_owned())
                    .collect();
                self.options.sources.push(SourceFile {
                    path: f.display().to_string(),
                    text,
                    module: module.join("."),
                    pack: None,
                });
            }
        }
        Ok(Compiler {
            options: self.options,
        })
    }

    /// The compiler for in-memory sources (files and packages added with
    /// [`CompilerBuilder::file`] and [`CompilerBuilder::package`] that
    /// cannot be read are left out; use [`CompilerBuilder::try_build`] to
    /// hear about them).
    pub fn build(self) -> Compiler {
        let fallback = Compiler {
            options: self.options.clone(),
        };
        self.try_build().unwrap_or(fallback)
    }
}

/// `dir/name.seen` is the module `name`.
fn module_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "main".to_string())
}

fn read(path: &Path) -> Result<String, CompileError> {
    std::fs::read_to_string(path).map_err(|source| CompileError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Every `.seen` file under `dir`.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CompileError> {
    let entries = std::fs::read_dir(dir).map_err(|source| CompileError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "seen") {
            out.push(p);
        }
    }
    Ok(())
}
