//! The text format: [`print()`] a module, [`parse()`] it back.
//!
//! The printed form is canonical, and parsing it gives back an equal
//! module. The parser never panics: bad input gives [`ParseErrors`], each
//! with a line, a column and a message. The grammar is in `docs/ir.md`.

mod lexer;
mod parser;
mod printer;

pub use parser::{ParseError, ParseErrors, Positions, parse, parse_with_positions};
pub use printer::{format_float, print, print_inst, quote_bytes, quote_name, quote_str};
