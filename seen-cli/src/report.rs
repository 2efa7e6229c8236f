//! Loading sources and packs, and printing diagnostics.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use seen_syntax::diagnostics::render::{TextOptions, render_json_lines, render_text};
use seen_syntax::{Diagnostic, FileId, Pack, SourceMap, Span};

use crate::{Global, MessageFormat};

/// The pack chosen by `--keywords`, `--language`, a manifest or the default.
pub fn pack(global: &Global, manifest_language: Option<&str>) -> Result<Pack> {
    if let Some(file) = &global.keywords {
        return Pack::from_file(file).map_err(Into::into);
    }
    let name = global
        .language
        .as_deref()
        .or(manifest_language)
        .unwrap_or("en");
    Pack::resolve(name).map_err(Into::into)
}

/// Reads a source file into `files`. A file that is not UTF-8 is still
/// added (with replacement characters) and comes back with an E0008
/// diagnostic, so it is reported like any other error in the input.
pub fn load_source(path: &Path, files: &mut SourceMap) -> Result<(FileId, Option<Diagnostic>)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let name = path.display().to_string();
    match String::from_utf8(bytes) {
        Ok(text) => Ok((files.add(name, text), None)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // the lossy text keeps every valid byte before `offset` in place
            let id = files.add(name, lossy);
            let d = Diagnostic::error("E0008", "the file is not valid UTF-8")
                .primary(id, Span::new(offset as u32, offset as u32 + 1), format!("byte {offset} is not UTF-8"))
                .help("Seen source files are UTF-8; convert the file (for example with `iconv -t UTF-8`)");
            Ok((id, Some(d)))
        }
    }
}

/// Prints diagnostics to stderr in the chosen format.
pub fn print(global: &Global, diagnostics: &[Diagnostic], files: &SourceMap) {
    match global.message_format {
        MessageFormat::Json => eprint!("{}", render_json_lines(diagnostics, files)),
        MessageFormat::Human => {
            let options = TextOptions { ascii: false };
            for d in diagnostics {
                eprintln!("{}", render_text(d, files, options));
            }
        }
    }
}

/// The `.seen` files of a path: the file itself, or every `.seen` file
/// under a package's `src/` (or the directory itself), sorted.
pub fn seen_files(path: &Path) -> Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.is_dir() {
        bail!("`{}` does not exist", path.display());
    }
    let root = if path.join("src").is_dir() {
        path.join("src")
    } else {
        path.to_path_buf()
    };
    let mut files = Vec::new();
    collect(&root, &mut files)?;
    files.sort();
    if files.is_empty() {
        bail!("no `.seen` files under `{}`", root.display());
    }
    Ok(files)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in
        std::fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?
    {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "seen") {
            out.push(path);
        }
    }
    Ok(())
}

/// The `language` of a package's `Seen.toml`, when `path` is a package.
pub fn manifest_language(path: &Path) -> Result<Option<String>> {
    let manifest = if path.is_dir() {
        path.join("Seen.toml")
    } else {
        return Ok(None);
    };
    if !manifest.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("cannot read `{}`", manifest.display()))?;
    let value: toml::Table = toml::from_str(&text)
        .with_context(|| format!("`{}` is not valid TOML", manifest.display()))?;
    let language = value
        .get("package")
        .and_then(|p| p.get("language"))
        .and_then(|l| l.as_str());
    Ok(language.map(str::to_string))
}
