//! `seen package add` and `remove`.

use std::process::ExitCode;

use seen_pkg::PackageName;
use seen_pkg::manifest::DepKind;
use seen_pkg::manifest::edit::DependencyEdit;
use seen_pkg::ops;
use serde_json::json;

use super::{Ctx, packages_json};
use crate::package::output;

/// The table `--dev` / `--build` choose.
pub fn kind(dev: bool, build: bool) -> DepKind {
    match (dev, build) {
        (true, _) => DepKind::Dev,
        (_, true) => DepKind::Build,
        _ => DepKind::Normal,
    }
}

/// The flags of `add` besides the names.
pub struct AddFlags<'a> {
    pub kind: DepKind,
    pub features: &'a [String],
    pub default_features: bool,
    pub optional: bool,
    pub path: Option<&'a str>,
}

/// A malformed argument: code, message, help.
type Usage = (&'static str, String, Option<String>);

/// Reads `NAME` or `NAME@REQ`, checking both.
fn parse_spec(spec: &str) -> Result<(PackageName, Option<String>), Usage> {
    let (name, req) = match spec.split_once('@') {
        Some((n, r)) => (n, Some(r.trim().to_string())),
        None => (spec, None),
    };
    let name = PackageName::new(name.trim()).map_err(|e| {
        let help = e
            .suggestion
            .as_ref()
            .map(|s| format!("a valid name is `{s}`"));
        (seen_pkg::codes::BAD_NAME, e.to_string(), help)
    })?;
    if let Some(req) = &req {
        semver::VersionReq::parse(req).map_err(|e| {
            let help = Some(
                "write a requirement like `json@1.2`, `json@^1.2.3` or `json@=1.2.3`".to_string(),
            );
            (
                seen_pkg::codes::BAD_REQUIREMENT,
                format!("invalid version requirement `{req}`: {e}"),
                help,
            )
        })?;
    }
    Ok((name, req))
}

pub fn add(
    ctx: &Ctx<'_>,
    specs: &[String],
    flags: &AddFlags<'_>,
) -> Result<ExitCode, seen_pkg::Error> {
    let mut edits = Vec::new();
    for spec in specs {
        let (name, req) = match parse_spec(spec) {
            Ok(parsed) => parsed,
            Err((code, message, help)) => {
                return Ok(output::usage(ctx.global, code, message, help));
            }
        };
        edits.push(DependencyEdit {
            name,
            req,
            path: flags.path.map(str::to_string),
            features: flags.features.to_vec(),
            default_features: flags.default_features,
            optional: flags.optional,
            kind: flags.kind,
        });
    }
    let options = ctx.options()?;
    let project = ctx.project()?;
    let edited = ops::add(&project, &edits, &options)?;
    for line in &edited.written {
        ctx.out
            .status(format!("added {line} to [{}]", flags.kind.table()));
    }
    ctx.report_lock(&edited.synced);
    ctx.out.data(String::new, || {
        let mut value = packages_json(&edited.synced, &project.dir);
        value["added"] = json!(edited.written);
        value
    });
    Ok(ExitCode::SUCCESS)
}

pub fn remove(ctx: &Ctx<'_>, names: &[String], kind: DepKind) -> Result<ExitCode, seen_pkg::Error> {
    let options = ctx.options()?;
    let project = ctx.project()?;
    let edited = ops::remove(&project, names, kind, &options)?;
    for name in names {
        ctx.out
            .status(format!("removed {name} from [{}]", kind.table()));
    }
    ctx.report_lock(&edited.synced);
    ctx.out.data(String::new, || {
        let mut value = packages_json(&edited.synced, &project.dir);
        value["removed"] = json!(names);
        value
    });
    Ok(ExitCode::SUCCESS)
}
