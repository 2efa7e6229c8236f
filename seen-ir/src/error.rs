//! Errors of the module and function builders.
//!
//! Each variant carries the data of the mistake and prints as one sentence
//! (lower case, no final period). The panicking builder methods panic with
//! the same text; the `try_` forms return it.

use crate::entity::{Block, Variable};
use thiserror::Error;

/// A misuse of the module or function builder.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BuildError {
    /// A name is declared twice.
    #[error("the name `{name}` is already declared")]
    DuplicateName {
        /// The name.
        name: String,
    },
    /// A type, entity or immediate is not valid where it is used.
    #[error("{message}")]
    Invalid {
        /// What is wrong.
        message: String,
    },
    /// An instruction's operands have the wrong types or count.
    #[error("`{inst}`: {message}")]
    BadInstruction {
        /// The instruction, printed.
        inst: String,
        /// What is wrong.
        message: String,
    },
    /// An instruction was added with no current block.
    #[error("no current block: call `switch_to_block` before adding instructions")]
    NoCurrentBlock,
    /// The current block has instructions but no terminator.
    #[error("{block} is not filled (it has no terminator) before switching to {next}")]
    BlockNotFilled {
        /// The unfinished block.
        block: Block,
        /// The block switched to.
        next: Block,
    },
    /// Instructions were added to, or a switch went to, a filled block.
    #[error("{block} is already filled (it ends with a terminator)")]
    BlockFilled {
        /// The block.
        block: Block,
    },
    /// A branch was added to a sealed block.
    #[error("{block} is sealed, so no new branch to it may be added")]
    BranchToSealed {
        /// The block.
        block: Block,
    },
    /// A block was sealed twice.
    #[error("{block} is already sealed")]
    AlreadySealed {
        /// The block.
        block: Block,
    },
    /// A branch targets the entry block.
    #[error(
        "{block} is the entry block; branches to it are not allowed (start loops in a new block)"
    )]
    BranchToEntry {
        /// The block.
        block: Block,
    },
    /// A block parameter was appended too late.
    #[error("cannot append a parameter to {block}: it already has instructions or branches to it")]
    LateBlockParam {
        /// The block.
        block: Block,
    },
    /// A variable was used before any definition reaches it from the entry.
    #[error(
        "{var} is used in {block} before it is defined (no definition reaches it from the entry block)"
    )]
    UseBeforeDef {
        /// The variable.
        var: Variable,
        /// The block of the use.
        block: Block,
    },
    /// A variable was not declared with `declare_var`.
    #[error("{var} was not declared with `declare_var`")]
    UndeclaredVar {
        /// The variable.
        var: Variable,
    },
    /// A value of the wrong type was assigned to a variable.
    #[error("{var} has type {expected}, but the value assigned has type {found}")]
    VarTypeMismatch {
        /// The variable.
        var: Variable,
        /// Its declared type.
        expected: String,
        /// The value's type.
        found: String,
    },
    /// `finalize` found a block that is not sealed.
    #[error("{block} is not sealed: call `seal_block` or `seal_all_blocks` before `finalize`")]
    NotSealed {
        /// The block.
        block: Block,
    },
    /// `finalize` found a block in the layout without a terminator.
    #[error("{block} is not filled: it has no terminator")]
    NotFilled {
        /// The block.
        block: Block,
    },
}

impl BuildError {
    /// An [`BuildError::Invalid`] with this message.
    pub fn invalid(message: impl Into<String>) -> BuildError {
        BuildError::Invalid {
            message: message.into(),
        }
    }
}
