//! `seen package tree`: a resolution drawn as a tree.

use crate::manifest::DepKind;
use crate::resolve::Resolution;
use crate::source::Source;

/// The dependency tree, one package a line; a package already shown is
/// marked `(*)` instead of being expanded again.
///
/// ```
/// use seen_pkg::resolve::{MemoryIndex, Request, resolve};
/// let mut index = MemoryIndex::new();
/// index.add("json", "1.2.0", &[("utf8", "0.3")]);
/// index.add("utf8", "0.3.4", &[]);
/// let root = MemoryIndex::summary("app", "0.1.0", &[("json", "1"), ("utf8", "0.3")]);
/// let resolution = resolve(&Request::new(&root, Some(&index))).unwrap();
/// assert_eq!(seen_pkg::tree::render(&resolution), "\
/// app 0.1.0
/// ├── json 1.2.0
/// │   └── utf8 0.3.4
/// └── utf8 0.3.4 (*)
/// ");
/// ```
pub fn render(resolution: &Resolution) -> String {
    let mut out = String::new();
    let mut shown = vec![false; resolution.packages.len()];
    out.push_str(&label(resolution, 0));
    out.push('\n');
    shown[0] = true;
    walk(resolution, 0, "", &mut shown, &mut out);
    out
}

fn walk(resolution: &Resolution, node: usize, prefix: &str, shown: &mut [bool], out: &mut String) {
    let deps = &resolution.packages[node].deps;
    for (i, dep) in deps.iter().enumerate() {
        let last = i + 1 == deps.len();
        let (branch, indent) = if last {
            ("└── ", "    ")
        } else {
            ("├── ", "│   ")
        };
        let mut line = label(resolution, dep.package);
        match dep.kind {
            DepKind::Dev => line.push_str(" (dev)"),
            DepKind::Build => line.push_str(" (build)"),
            DepKind::Normal => {}
        }
        if let Some(target) = &dep.target {
            line.push_str(&format!(" (target {target})"));
        }
        let repeat = shown[dep.package];
        if repeat {
            line.push_str(" (*)");
        }
        out.push_str(&format!("{prefix}{branch}{line}\n"));
        if !repeat {
            shown[dep.package] = true;
            walk(
                resolution,
                dep.package,
                &format!("{prefix}{indent}"),
                shown,
                out,
            );
        }
    }
}

fn label(resolution: &Resolution, i: usize) -> String {
    let s = &resolution.packages[i].summary;
    match &s.source {
        Source::Path(dir) => format!("{} {} ({})", s.name, s.version, dir.display()),
        _ => format!("{} {}", s.name, s.version),
    }
}
