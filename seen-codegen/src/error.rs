//! The errors of code generation, linking and running.
//!
//! Every failure is a [`CodegenError`] value: a module that does not
//! verify, a feature the code generator does not support yet, an error of
//! Cranelift or of the linker, an I/O error, a program that ran out of
//! time. Nothing in this crate panics on bad input.

use std::path::PathBuf;
use std::time::Duration;

/// Why code generation, linking or a run failed.
///
/// ```
/// use seen_codegen::{run_ir, CodegenError, RunOptions};
/// // a module without `@main` cannot run
/// let lib = seen_ir::parse("fn @f() -> void {\nblock0:\n    ret\n}\n").unwrap();
/// let err = run_ir(&lib, &RunOptions::default()).unwrap_err();
/// assert!(matches!(err, CodegenError::NoEntryPoint { .. }));
/// assert_eq!(err.to_string(), "no entry point: the module has no function `@main`");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodegenError {
    /// The IR module does not verify; the errors are the verifier's.
    #[error("the IR module does not verify:\n{0}")]
    InvalidModule(#[from] seen_ir::VerifierErrors),
    /// The target is not one this code generator supports yet.
    #[error("unsupported target `{target}`: {reason}")]
    UnsupportedTarget {
        /// The target as given.
        target: String,
        /// Why it is not supported.
        reason: String,
    },
    /// The module uses something the code generator does not support.
    #[error("`@{function}`: {message}")]
    Unsupported {
        /// The function in which it appears (or the item's name).
        function: String,
        /// What is not supported.
        message: String,
    },
    /// Cranelift rejected a function or a data item (a bug of this crate,
    /// or a construct its backend cannot lower).
    #[error("code generation failed for `{item}`: {message}")]
    Backend {
        /// The function or data item.
        item: String,
        /// Cranelift's message.
        message: String,
    },
    /// An executable (and a run) needs an entry point: a function `@main`
    /// of type `() -> void`, `() -> i32` or `() -> i64`, or one exported as
    /// `seen_main` of type `() -> i64`.
    #[error("no entry point: {reason}")]
    NoEntryPoint {
        /// What is missing or wrong.
        reason: String,
    },
    /// The linker (`cc`) could not be started or failed.
    #[error("linking `{}` failed: {message}", output.display())]
    Link {
        /// The executable that was being linked.
        output: PathBuf,
        /// The linker's standard error, or why it could not run.
        message: String,
    },
    /// Reading or writing a file, or managing the child process, failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A run exceeded its time limit; the program was killed.
    #[error("the program did not finish within {limit:?} and was killed")]
    Timeout {
        /// The time limit.
        limit: Duration,
        /// Its standard output up to then.
        stdout: Vec<u8>,
        /// Its standard error up to then.
        stderr: Vec<u8>,
    },
}

impl CodegenError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> CodegenError {
        CodegenError::Io {
            context: context.into(),
            source,
        }
    }

    pub(crate) fn unsupported(function: &str, message: impl Into<String>) -> CodegenError {
        CodegenError::Unsupported {
            function: function.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn backend(item: &str, message: impl std::fmt::Display) -> CodegenError {
        CodegenError::Backend {
            item: item.to_string(),
            message: message.to_string(),
        }
    }
}
