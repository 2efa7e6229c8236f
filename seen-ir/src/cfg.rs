//! The control-flow graph of a body and its dominator tree.
//!
//! Successors come from each block's terminator; the reverse postorder and
//! immediate dominators are computed from the entry block with the
//! iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast
//! Dominance Algorithm"). Blocks unreachable from the entry have no
//! dominator. The verifier and the passes use this; it assumes every block
//! and instruction number in the layout is in range.

use crate::entity::Block;
use crate::function::Function;

/// Successors, predecessors, reverse postorder and dominators of a body.
#[derive(Clone, Debug)]
pub struct ControlFlow {
    succs: Vec<Vec<Block>>,
    preds: Vec<Vec<Block>>,
    rpo: Vec<Block>,
    rpo_index: Vec<Option<usize>>,
    idom: Vec<Option<Block>>,
}

impl ControlFlow {
    /// Computes the graph of `func`.
    pub fn new(func: &Function) -> ControlFlow {
        let n = func.n_blocks();
        let mut succs = vec![Vec::new(); n];
        let mut preds = vec![Vec::new(); n];
        for &b in func.layout() {
            if let Some(last) = func.last_inst(b) {
                for dest in func.inst(last).destinations() {
                    if dest.block.index() < n && !succs[b.index()].contains(&dest.block) {
                        succs[b.index()].push(dest.block);
                        preds[dest.block.index()].push(b);
                    }
                }
            }
        }
        let mut cfg = ControlFlow {
            succs,
            preds,
            rpo: Vec::new(),
            rpo_index: vec![None; n],
            idom: vec![None; n],
        };
        if let Some(entry) = func.entry_block() {
            cfg.compute_rpo(entry);
            cfg.compute_idom(entry);
        }
        cfg
    }

    fn compute_rpo(&mut self, entry: Block) {
        let mut visited = vec![false; self.succs.len()];
        let mut post = Vec::new();
        let mut stack = vec![(entry, 0usize)];
        visited[entry.index()] = true;
        while let Some((b, i)) = stack.pop() {
            if let Some(&s) = self.succs[b.index()].get(i) {
                stack.push((b, i + 1));
                if !visited[s.index()] {
                    visited[s.index()] = true;
                    stack.push((s, 0));
                }
            } else {
                post.push(b);
            }
        }
        post.reverse();
        for (i, &b) in post.iter().enumerate() {
            self.rpo_index[b.index()] = Some(i);
        }
        self.rpo = post;
    }

    fn compute_idom(&mut self, entry: Block) {
        self.idom[entry.index()] = Some(entry);
        let mut changed = true;
        while changed {
            changed = false;
            for &b in self.rpo.iter().skip(1) {
                let mut new_idom: Option<Block> = None;
                for &p in &self.preds[b.index()] {
                    if self.idom[p.index()].is_none() {
                        continue;
                    }
                    new_idom = Some(match new_idom {
                        None => p,
                        Some(cur) => self.intersect(p, cur),
                    });
                }
                if new_idom.is_some() && self.idom[b.index()] != new_idom {
                    self.idom[b.index()] = new_idom;
                    changed = true;
                }
            }
        }
    }

    fn intersect(&self, mut a: Block, mut b: Block) -> Block {
        let index = |x: Block| self.rpo_index[x.index()].unwrap_or(0);
        // Each step moves to a block earlier in reverse postorder, and the
        // entry (index 0) is its own dominator, so this ends.
        while a != b {
            while index(a) > index(b) {
                a = self.idom[a.index()].unwrap_or(a);
            }
            while index(b) > index(a) {
                b = self.idom[b.index()].unwrap_or(b);
            }
        }
        a
    }

    /// The distinct successors of a block.
    pub fn succs(&self, block: Block) -> &[Block] {
        &self.succs[block.index()]
    }

    /// The distinct predecessors of a block (blocks whose terminator names it).
    pub fn preds(&self, block: Block) -> &[Block] {
        &self.preds[block.index()]
    }

    /// The blocks reachable from the entry, in reverse postorder.
    pub fn rpo(&self) -> &[Block] {
        &self.rpo
    }

    /// Whether a block is reachable from the entry.
    pub fn is_reachable(&self, block: Block) -> bool {
        self.rpo_index
            .get(block.index())
            .is_some_and(Option::is_some)
    }

    /// The immediate dominator of a reachable block (the entry's is itself).
    pub fn idom(&self, block: Block) -> Option<Block> {
        self.idom.get(block.index()).copied().flatten()
    }

    /// Whether `a` dominates `b` (both reachable; a block dominates itself).
    pub fn dominates(&self, a: Block, mut b: Block) -> bool {
        loop {
            if a == b {
                return true;
            }
            match self.idom(b) {
                Some(up) if up != b => b = up,
                _ => return false,
            }
        }
    }
}
