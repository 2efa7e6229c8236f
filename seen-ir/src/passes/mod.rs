//! Language-independent passes. Each takes a verified module and leaves a
//! module that verifies, with bodies in canonical form.
//!
//! - [`const_fold`]: evaluates pure instructions whose operands are
//!   constants, with the interpreter's own semantics; an evaluation that
//!   would trap is left alone, so the trap still happens at run time.
//!   Folds `brif`/`switch` on constants to `jump`, `select` on a constant,
//!   and the identities `x + 0`, `x - 0`, `x | 0`, `x ^ 0`, `x * 1`, `x & -1`.
//! - [`dce`]: removes instructions without side effects whose results are
//!   not used, and block parameters (with their arguments) that only feed
//!   dead values.
//! - [`simplify_cfg`]: removes blocks unreachable from the entry, turns a
//!   `brif` whose two destinations are equal into a `jump`, bypasses
//!   blocks that only branch (jump threading), and merges a block into its
//!   only predecessor when that ends with a `jump` to it.
//! - [`optimize`]: all three until nothing changes.
//! - [`inline()`]: copies small or `inline` callees into their callers,
//!   bottom-up over the call graph.
//! - [`promote_const_globals`]: reads of globals that hold one constant
//!   by the time anything reads them become the constant.
//! - [`elide_rc`]: removes `retain x` ... `release x` pairs with nothing
//!   observable between them.
//! - [`eliminate_bounds_checks`]: makes array accesses unchecked where the
//!   index is provably in bounds.
//!
//! - [`release`]: the release pipeline of the code generator, all of the
//!   above in order.
//!
//! Not here yet: loop vectorisation, and the fuller reference-count work
//! of ARCHITECTURE.md (borrowed parameters, last uses as moves, reuse).

mod bounds;
mod const_fold;
mod dce;
mod globals;
mod inline;
mod rc;
mod simplify_cfg;

use crate::entity::FuncId;
use crate::function::Function;
use crate::module::Module;

pub use bounds::eliminate_bounds_checks;
pub use const_fold::const_fold;
pub use dce::dce;
pub use globals::promote_const_globals;
pub use inline::{SMALL, inline};
pub use rc::elide_rc;
pub use simplify_cfg::simplify_cfg;

/// Runs `pass` on every body; gives the total number of changes.
fn each_body(m: &mut Module, mut pass: impl FnMut(&Module, &mut Function) -> usize) -> usize {
    let mut changes = 0;
    for i in 0..m.funcs().len() {
        let f = FuncId::new(i);
        if let Some(mut body) = m.take_body(f) {
            changes += pass(m, &mut body);
            body.compact();
            m.put_body(f, body);
        }
    }
    changes
}

/// Constant folding, dead-code elimination and CFG simplification,
/// repeated until nothing changes (at most 16 rounds). Gives the number of changes.
pub fn optimize(m: &mut Module) -> usize {
    let mut total = 0;
    for _ in 0..16 {
        let n = const_fold(m) + dce(m) + simplify_cfg(m);
        total += n;
        if n == 0 {
            break;
        }
    }
    total
}

/// The release pipeline (what `seen build --release` runs): clean-up,
/// inlining, constant globals, reference-count and bounds-check
/// elimination, and clean-up again. Gives the number of changes.
pub fn release(m: &mut Module) -> usize {
    let mut total = optimize(m);
    total += inline(m);
    total += optimize(m);
    for _ in 0..4 {
        let n = promote_const_globals(m);
        if n == 0 {
            break;
        }
        total += n + optimize(m);
    }
    total += elide_rc(m);
    total += eliminate_bounds_checks(m);
    total + optimize(m)
}
