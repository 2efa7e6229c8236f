//! What to build and how: [`IrOptions`], [`OutputKind`], [`OptLevel`], and
//! the Cranelift target (`isa`) they select.

use crate::error::CodegenError;
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use std::path::PathBuf;
use target_lexicon::Triple;

/// How much to optimise, and whether to keep the checks that help
/// debugging.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Default)]
pub enum OptLevel {
    /// Cranelift's `opt_level=none`, frame pointers kept; `seen_main`
    /// calls `seen_set_debug(true)` (panics print a stack trace);
    /// executables are linked with `-rdynamic`.
    #[default]
    Debug,
    /// The IR passes (`seen_ir::passes`: inlining, reference-count and
    /// bounds-check elimination, constant folding, dead code, CFG
    /// simplification), then Cranelift's `opt_level=speed`.
    Release,
}

/// What [`compile_ir`](crate::compile_ir) writes.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Default)]
pub enum OutputKind {
    /// A linked executable (`cc obj -lseen_start -lseen_runtime -lm`); the
    /// module must have an entry point (`@main`).
    #[default]
    Executable,
    /// A relocatable object file; `seen_main` is in it when the module has
    /// a `@main`.
    Object,
}

/// Options of [`compile_ir`](crate::compile_ir).
///
/// ```
/// use seen_codegen::{IrOptions, OptLevel, OutputKind};
/// let o = IrOptions::new("out/prog").kind(OutputKind::Object).opt_level(OptLevel::Release);
/// assert_eq!(o.kind, OutputKind::Object);
/// assert!(o.target.is_none()); // the host
/// ```
#[derive(Clone, Debug)]
pub struct IrOptions {
    /// Where to write the executable or object file. It is written to a
    /// temporary file in the same directory first, then renamed into place.
    pub output: PathBuf,
    /// Executable or object file.
    pub kind: OutputKind,
    /// Debug or release.
    pub opt_level: OptLevel,
    /// The target; `None` is the host. Only the host (x86_64 Linux) is
    /// supported today; other triples are refused with
    /// [`CodegenError::UnsupportedTarget`].
    pub target: Option<Triple>,
}

impl IrOptions {
    /// A debug executable for the host at `output`.
    pub fn new(output: impl Into<PathBuf>) -> IrOptions {
        IrOptions {
            output: output.into(),
            kind: OutputKind::Executable,
            opt_level: OptLevel::Debug,
            target: None,
        }
    }

    /// Sets the output kind.
    pub fn kind(mut self, kind: OutputKind) -> IrOptions {
        self.kind = kind;
        self
    }

    /// Sets the optimisation level.
    pub fn opt_level(mut self, level: OptLevel) -> IrOptions {
        self.opt_level = level;
        self
    }

    /// Sets the target triple (`None`: the host).
    pub fn target(mut self, target: Option<Triple>) -> IrOptions {
        self.target = target;
        self
    }
}

/// Where the generated code runs: an object file (position-independent, for
/// `cc` to link into a PIE) or the JIT (absolute addresses).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum CodeModel {
    Object,
    Jit,
}

/// The Cranelift target for `target` (`None`: the host, with the host's
/// CPU features).
pub(crate) fn make_isa(
    target: Option<&Triple>,
    opt: OptLevel,
    model: CodeModel,
) -> Result<OwnedTargetIsa, CodegenError> {
    let shown = target.map_or_else(|| Triple::host().to_string(), ToString::to_string);
    let refuse = |reason: String| CodegenError::UnsupportedTarget {
        target: shown.clone(),
        reason,
    };
    // Cranelift's verifier runs in every build: a bug in the lowering is
    // then an error naming the function, never a crash inside Cranelift.
    let mut flags = settings::builder();
    let debug = opt == OptLevel::Debug;
    let pairs = [
        ("opt_level", if debug { "none" } else { "speed" }),
        ("enable_verifier", "true"),
        (
            "is_pic",
            if model == CodeModel::Object {
                "true"
            } else {
                "false"
            },
        ),
        ("use_colocated_libcalls", "false"),
        ("enable_multi_ret_implicit_sret", "true"),
        (
            "preserve_frame_pointers",
            if debug { "true" } else { "false" },
        ),
    ];
    for (name, value) in pairs {
        flags
            .set(name, value)
            .map_err(|e| refuse(format!("setting {name}={value}: {e}")))?;
    }
    let host = Triple::host();
    let builder = match target {
        Some(t) if *t != host => {
            if !matches!(t.operating_system, target_lexicon::OperatingSystem::Linux) {
                return Err(refuse("only Linux targets are supported".into()));
            }
            cranelift_codegen::isa::lookup(t.clone()).map_err(|e| refuse(e.to_string()))?
        }
        _ => cranelift_native::builder().map_err(|e| refuse(e.to_string()))?,
    };
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| refuse(e.to_string()))
}
