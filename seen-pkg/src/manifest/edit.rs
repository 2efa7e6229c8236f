//! Editing `Seen.toml` for `seen package add` and `remove` with
//! `toml_edit`, so the user's formatting, ordering and comments survive.
//!
//! The functions take and return text; writing it (atomically) is the
//! caller's job, after the edited manifest has resolved.

use std::path::Path;

use toml_edit::{Array, DocumentMut, InlineTable, Item, TableLike, Value};

use super::{DepKind, Manifest};
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::name::PackageName;
use crate::{Error, codes};

/// A dependency to add (or update) in a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DependencyEdit {
    /// The package depended on.
    pub name: PackageName,
    /// Its version requirement, as written (`"1.2"`, `"^0.3.1"`).
    pub req: Option<String>,
    /// A local directory, as written.
    pub path: Option<String>,
    /// Features to enable (added to those already listed).
    pub features: Vec<String>,
    /// `false` writes `default-features = false`.
    pub default_features: bool,
    /// `true` writes `optional = true`.
    pub optional: bool,
    /// The table to add it to.
    pub kind: DepKind,
}

impl DependencyEdit {
    /// A plain registry dependency with a requirement.
    pub fn registry(name: PackageName, req: &str, kind: DepKind) -> DependencyEdit {
        DependencyEdit {
            name,
            req: Some(req.to_string()),
            path: None,
            features: Vec::new(),
            default_features: true,
            optional: false,
            kind,
        }
    }
}

/// Adds or updates a dependency; returns the new text, already checked to
/// be a valid manifest.
///
/// ```
/// use seen_pkg::manifest::{DepKind, edit::{add_dependency, DependencyEdit}};
/// use seen_pkg::PackageName;
/// let text = "[package]\nname = \"app\"  # mine\nversion = \"0.1.0\"\n";
/// let edit = DependencyEdit::registry(PackageName::new("json").unwrap(), "^1.2", DepKind::Normal);
/// let out = add_dependency(text, "Seen.toml".as_ref(), &edit).unwrap();
/// assert_eq!(out, "[package]\nname = \"app\"  # mine\nversion = \"0.1.0\"\n\n[dependencies]\njson = \"^1.2\"\n");
/// ```
pub fn add_dependency(text: &str, path: &Path, edit: &DependencyEdit) -> Result<String, Error> {
    let mut doc = document(text, path)?;
    let table = section(&mut doc, edit.kind.table(), text, path)?;
    let name = edit.name.as_str();
    match table.get_mut(name).and_then(Item::as_table_like_mut) {
        Some(existing) => update_in_place(existing, edit),
        None => {
            table.insert(name, Item::Value(new_value(edit)));
        }
    }
    let out = doc.to_string();
    Manifest::parse(&out, path)?;
    Ok(out)
}

/// Removes a dependency from the table of `kind` (and from the same table
/// of every `[targets.*]`), and the feature entries that name it once it
/// is gone everywhere. Returns `None` when it was not there.
pub fn remove_dependency(
    text: &str,
    path: &Path,
    name: &str,
    kind: DepKind,
) -> Result<Option<String>, Error> {
    let mut doc = document(text, path)?;
    let mut removed = remove_from(doc.as_table_mut(), kind.table(), name);
    if let Some(targets) = doc.get_mut("targets").and_then(Item::as_table_like_mut) {
        for (_, target) in targets.iter_mut() {
            if let Some(target) = target.as_table_like_mut() {
                removed |= remove_from(target, kind.table(), name);
            }
        }
    }
    if !removed {
        return Ok(None);
    }
    let still_declared = Manifest::parse(&doc.to_string(), path)
        .map(|m| m.dependencies.iter().any(|d| d.name.as_str() == name))
        .unwrap_or(false);
    if !still_declared {
        prune_features(&mut doc, name);
    }
    let out = doc.to_string();
    Manifest::parse(&out, path)?;
    Ok(Some(out))
}

fn document(text: &str, path: &Path) -> Result<DocumentMut, Error> {
    text.parse::<DocumentMut>().map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim_end().replace('\n', "; ");
        file_error(
            text,
            path,
            Diagnostic::new(codes::TOML_SYNTAX, span, message),
        )
    })
}

fn file_error(text: &str, path: &Path, d: Diagnostic) -> Error {
    Error::File(Box::new(FileDiagnostics {
        path: path.to_path_buf(),
        text: text.to_string(),
        diagnostics: vec![d],
    }))
}

fn section<'d>(
    doc: &'d mut DocumentMut,
    name: &str,
    text: &str,
    path: &Path,
) -> Result<&'d mut dyn TableLike, Error> {
    if !doc.contains_key(name) {
        doc.insert(name, toml_edit::table());
    }
    let span = doc.get(name).and_then(Item::span).unwrap_or(0..0);
    doc.get_mut(name)
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| {
            let message = format!("`{name}` is not a table");
            file_error(text, path, Diagnostic::new(codes::BAD_FIELD, span, message))
        })
}

fn new_value(edit: &DependencyEdit) -> Value {
    let simple =
        edit.path.is_none() && edit.features.is_empty() && edit.default_features && !edit.optional;
    if let (true, Some(req)) = (simple, &edit.req) {
        return Value::from(req.as_str());
    }
    let mut t = InlineTable::new();
    if let Some(req) = &edit.req {
        t.insert("version", Value::from(req.as_str()));
    }
    if let Some(path) = &edit.path {
        t.insert("path", Value::from(path.as_str()));
    }
    if !edit.features.is_empty() {
        t.insert(
            "features",
            Value::Array(edit.features.iter().map(String::as_str).collect::<Array>()),
        );
    }
    if !edit.default_features {
        t.insert("default-features", Value::from(false));
    }
    if edit.optional {
        t.insert("optional", Value::from(true));
    }
    Value::InlineTable(t)
}

fn update_in_place(existing: &mut dyn TableLike, edit: &DependencyEdit) {
    if let Some(req) = &edit.req {
        existing.insert("version", Item::Value(Value::from(req.as_str())));
    }
    if let Some(path) = &edit.path {
        existing.insert("path", Item::Value(Value::from(path.as_str())));
    }
    if !edit.features.is_empty() {
        let mut features: Vec<String> = existing
            .get("features")
            .and_then(Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        for f in &edit.features {
            if !features.contains(f) {
                features.push(f.clone());
            }
        }
        let array: Array = features.iter().map(String::as_str).collect();
        existing.insert("features", Item::Value(Value::Array(array)));
    }
    if !edit.default_features {
        existing.insert("default-features", Item::Value(Value::from(false)));
    }
    if edit.optional {
        existing.insert("optional", Item::Value(Value::from(true)));
    }
}

fn remove_from(table: &mut dyn TableLike, section: &str, name: &str) -> bool {
    table
        .get_mut(section)
        .and_then(Item::as_table_like_mut)
        .is_some_and(|deps| deps.remove(name).is_some())
}

fn prune_features(doc: &mut DocumentMut, name: &str) {
    let Some(features) = doc.get_mut("features").and_then(Item::as_table_like_mut) else {
        return;
    };
    let names_dep = |v: &Value| {
        v.as_str().is_some_and(|s| {
            s == name || s == format!("dep:{name}") || s.starts_with(&format!("{name}/"))
        })
    };
    for (_, list) in features.iter_mut() {
        if let Some(array) = list.as_array_mut() {
            let before = array.len();
            array.retain(|v| !names_dep(v));
            if array.len() != before {
                array.fmt();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(name: &str) -> DependencyEdit {
        DependencyEdit::registry(PackageName::new(name).unwrap(), "1.0", DepKind::Normal)
    }

    const BASE: &str = "# my app\n[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\n# keep me\nold = \"0.3\"   # pinned\n";

    #[test]
    fn add_keeps_comments_and_order() {
        let out = add_dependency(BASE, Path::new("Seen.toml"), &edit("json")).unwrap();
        assert_eq!(out, format!("{BASE}json = \"1.0\"\n"));
    }

    #[test]
    fn add_with_options_writes_an_inline_table() {
        let mut e = edit("json");
        e.features = vec!["fast".into()];
        e.default_features = false;
        e.kind = DepKind::Dev;
        let out = add_dependency(BASE, Path::new("Seen.toml"), &e).unwrap();
        assert!(out.ends_with("[dev-dependencies]\njson = { version = \"1.0\", features = [\"fast\"], default-features = false }\n"), "{out}");
    }

    #[test]
    fn add_updates_an_existing_table_in_place() {
        let text = "[package]\nname = \"app\"\nversion = \"0.1.0\"\n[dependencies]\njson = { version = \"0.9\", features = [\"a\"] } # note\n";
        let mut e = edit("json");
        e.features = vec!["b".into()];
        let out = add_dependency(text, Path::new("Seen.toml"), &e).unwrap();
        assert!(
            out.contains("json = { version = \"1.0\", features = [\"a\", \"b\"] } # note"),
            "{out}"
        );
    }

    #[test]
    fn remove_keeps_the_rest_and_prunes_features() {
        let text = format!(
            "{BASE}fft = {{ version = \"1\", optional = true }}\n\n[features]\nfast = [\"dep:fft\", \"old/x\"]\n"
        );
        let out = remove_dependency(&text, Path::new("Seen.toml"), "fft", DepKind::Normal)
            .unwrap()
            .unwrap();
        assert_eq!(out, format!("{BASE}\n[features]\nfast = [\"old/x\"]\n"));
        assert_eq!(
            remove_dependency(BASE, Path::new("Seen.toml"), "nothing", DepKind::Normal).unwrap(),
            None
        );
    }

    #[test]
    fn bad_toml_is_a_positioned_error() {
        let err = add_dependency("[package\n", Path::new("Seen.toml"), &edit("json")).unwrap_err();
        assert_eq!(err.code(), codes::TOML_SYNTAX);
    }
}
