//! `seen package init [NAME] [--lib]`.

use std::path::PathBuf;
use std::process::ExitCode;

use seen_pkg::{PackageName, ops};
use seen_syntax::Pack;
use serde_json::json;

use super::Ctx;
use crate::package::output;

const MAIN: &str = "fun main() {\n    println(\"Hello from NAME!\")\n}\n";
const LIB: &str = "fun greet(name: String): String {\n    return \"Hello, \" + name + \"!\"\n}\n";

pub fn run(ctx: &Ctx<'_>, name: Option<&str>, lib: bool) -> Result<ExitCode, seen_pkg::Error> {
    let base = &ctx.common.project;
    let dir: PathBuf = match name {
        Some(n) => base.join(n),
        None => base.clone(),
    };
    let raw = match name {
        Some(n) => n.to_string(),
        None => std::path::absolute(&dir)
            .ok()
            .and_then(|d| d.file_name().map(|f| f.to_string_lossy().into_owned()))
            .unwrap_or_default(),
    };
    let package = match PackageName::new(&raw) {
        Ok(n) => n,
        Err(e) => {
            let help = e
                .suggestion
                .as_ref()
                .map(|s| format!("try `seen package init {s}`"));
            return Ok(output::usage(
                ctx.global,
                seen_pkg::codes::BAD_NAME,
                e.to_string(),
                help,
            ));
        }
    };
    let language = ctx.global.language.clone();
    let source = match source(lib, package.as_str(), language.as_deref()) {
        Ok(s) => s,
        Err(message) => {
            return Ok(output::usage(
                ctx.global,
                seen_pkg::codes::BAD_FIELD,
                message,
                None,
            ));
        }
    };
    let written = ops::init(&dir, &package, lib, language.as_deref(), &source)?;
    let kind = if lib { "library" } else { "program" };
    ctx.out.status(format!(
        "created {kind} package `{package}` in {}",
        dir.display()
    ));
    ctx.out.data(String::new, || json!({ "created": written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>() }));
    Ok(ExitCode::SUCCESS)
}

/// The first source file, in the keyword pack of `--language` (English by default).
fn source(lib: bool, name: &str, language: Option<&str>) -> Result<String, String> {
    let english = if lib {
        LIB.to_string()
    } else {
        MAIN.replace("NAME", name)
    };
    let Some(code) = language.filter(|l| *l != "en") else {
        return Ok(english);
    };
    let pack = Pack::resolve(code).map_err(|e| e.to_string())?;
    seen_syntax::translate::translate(&english, Pack::english(), &pack).map_err(|e| e.to_string())
}
