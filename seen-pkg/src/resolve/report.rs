//! Explaining a failed resolution in sentences.
//!
//! PubGrub proves "no solution" with a derivation tree whose leaves are
//! facts ("`json 1.2.0` depends on `utf8 >=0.3.0, <0.4.0`", "there is no
//! version of `utf8` in ...") and whose inner nodes are conclusions drawn
//! from two others. The explanation walks the tree as uv's
//! `crates/uv-resolver/src/pubgrub/report.rs` does: "Because A and B, we
//! can conclude that C.", then "And because D, we can conclude that ...",
//! naming the chain of requirements down to the root.

use std::collections::BTreeSet;

use pubgrub::{
    DefaultStringReporter, DerivationTree, Derived, External, Map, ReportFormatter, Reporter, Term,
};

use super::provider::Pkg;
use crate::version::{VersionSet, display_set};

/// The explanation of a derivation tree, one sentence per line.
pub(crate) fn explain(
    tree: &DerivationTree<Pkg, VersionSet, String>,
    missing: &BTreeSet<String>,
) -> String {
    let formatter = Explainer { missing };
    let text = match tree {
        // A single fact: PubGrub's reporter would print it bare.
        DerivationTree::External(e) => format!(
            "Because {}, we can conclude that no versions can be chosen.",
            formatter.external(e)
        ),
        DerivationTree::Derived(_) => {
            DefaultStringReporter::report_with_formatter(tree, &formatter)
        }
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

struct Explainer<'a> {
    missing: &'a BTreeSet<String>,
}

impl Explainer<'_> {
    /// `json >=1.0.0, <2.0.0`, `every version of json`, or the root's name.
    fn package(&self, p: &Pkg, set: &VersionSet) -> String {
        match p {
            Pkg::Root(n) => format!("`{n}`"),
            _ if set == &VersionSet::full() => format!("every version of `{p}`"),
            _ => format!("`{p} {}`", display_set(set)),
        }
    }

    fn dependency(&self, p: &Pkg, set: &VersionSet) -> String {
        if set == &VersionSet::full() {
            format!("`{p}`")
        } else {
            format!("`{p} {}`", display_set(set))
        }
    }

    fn terms(&self, terms: &Map<Pkg, Term<VersionSet>>) -> String {
        let mut list: Vec<(&Pkg, &Term<VersionSet>)> = terms.iter().collect();
        list.sort_by(|a, b| a.0.cmp(b.0));
        match list.as_slice() {
            [] => "version solving failed".to_string(),
            [(Pkg::Root(n), Term::Positive(_))] => {
                format!("the requirements of `{n}` cannot be satisfied")
            }
            [(p, Term::Positive(set))] => format!("{} cannot be used", self.package(p, set)),
            [(p, Term::Negative(set))] => format!("{} is required", self.dependency(p, set)),
            [(p1, Term::Positive(s1)), (p2, Term::Negative(s2))] => self.depends(p1, s1, p2, s2),
            [(p2, Term::Negative(s2)), (p1, Term::Positive(s1))] => self.depends(p1, s1, p2, s2),
            many => {
                let parts: Vec<String> = many
                    .iter()
                    .map(|(p, t)| match t {
                        Term::Positive(s) => self.package(p, s),
                        Term::Negative(s) => format!("not {}", self.dependency(p, s)),
                    })
                    .collect();
                let (last, rest) = parts.split_last().expect("this arm has at least two terms");
                format!("{} and {last} cannot be used together", rest.join(", "))
            }
        }
    }

    fn depends(&self, p: &Pkg, set: &VersionSet, dep: &Pkg, dep_set: &VersionSet) -> String {
        format!(
            "{} depends on {}",
            self.package(p, set),
            self.dependency(dep, dep_set)
        )
    }

    fn external(&self, e: &External<Pkg, VersionSet, String>) -> String {
        match e {
            External::NotRoot(p, v) => format!("we are resolving the dependencies of `{p} {v}`"),
            External::NoVersions(p, _) if self.missing.contains(p.name()) => {
                format!("package `{}` is not in the registry", p.name())
            }
            External::NoVersions(p, set) if set == &VersionSet::full() => {
                format!("there is no version of `{p}`")
            }
            External::NoVersions(p, set) => {
                format!("there is no version of `{p}` in {}", display_set(set))
            }
            External::Custom(p, set, reason) => format!("{} {reason}", self.package(p, set)),
            External::FromDependencyOf(p, set, dep, dep_set) => self.depends(p, set, dep, dep_set),
        }
    }

    fn because(&self, first: String, second: String, terms: &Map<Pkg, Term<VersionSet>>) -> String {
        format!(
            "Because {first} and {second}, we can conclude that {}.",
            self.terms(terms)
        )
    }
}

impl ReportFormatter<Pkg, VersionSet, String> for Explainer<'_> {
    type Output = String;

    fn format_external(&self, external: &External<Pkg, VersionSet, String>) -> String {
        self.external(external)
    }

    fn format_terms(&self, terms: &Map<Pkg, Term<VersionSet>>) -> String {
        self.terms(terms)
    }

    fn explain_both_external(
        &self,
        e1: &External<Pkg, VersionSet, String>,
        e2: &External<Pkg, VersionSet, String>,
        terms: &Map<Pkg, Term<VersionSet>>,
    ) -> String {
        self.because(self.external(e1), self.external(e2), terms)
    }

    fn explain_both_ref(
        &self,
        id1: usize,
        d1: &Derived<Pkg, VersionSet, String>,
        id2: usize,
        d2: &Derived<Pkg, VersionSet, String>,
        terms: &Map<Pkg, Term<VersionSet>>,
    ) -> String {
        self.because(
            format!("{} ({id1})", self.terms(&d1.terms)),
            format!("{} ({id2})", self.terms(&d2.terms)),
            terms,
        )
    }

    fn explain_ref_and_external(
        &self,
        id: usize,
        d: &Derived<Pkg, VersionSet, String>,
        e: &External<Pkg, VersionSet, String>,
        terms: &Map<Pkg, Term<VersionSet>>,
    ) -> String {
        self.because(
            format!("{} ({id})", self.terms(&d.terms)),
            self.external(e),
            terms,
        )
    }

    fn and_explain_external(
        &self,
        e: &External<Pkg, VersionSet, String>,
        terms: &Map<Pkg, Term<VersionSet>>,
    ) -> String {
        format!(
            "And because {}, we can conclude that {}.",
            self.external(e),
            self.terms(terms)
        )
    }

    fn and_explain_ref(
        &self,
        id: usize,
        d: &Derived<Pkg, VersionSet, String>,
        terms: &Map<Pkg, Term<VersionSet>>,
    ) -> String {
        format!(
            "And because {} ({id}), we can conclude that {}.",
            self.terms(&d.terms),
            self.terms(terms)
        )
    }

    fn and_explain_prior_and_external(
        &self,
        prior: &External<Pkg, VersionSet, String>,
        e: &External<Pkg, VersionSet, String>,
        terms: &Map<Pkg, Term<VersionSet>>,
    ) -> String {
        format!(
            "And because {} and {}, we can conclude that {}.",
            self.external(prior),
            self.external(e),
            self.terms(terms)
        )
    }
}
