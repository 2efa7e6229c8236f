//! `seen package search`, `publish` and `yank`.

use std::process::ExitCode;

use seen_pkg::ops;
use serde_json::json;

use super::Ctx;
use crate::package::output;

pub fn search(ctx: &Ctx<'_>, query: &str, limit: usize) -> Result<ExitCode, seen_pkg::Error> {
    let hits = ops::search(&ctx.options()?, query, limit)?;
    if hits.is_empty() {
        ctx.out.status(format!("no package matches `{query}`"));
    }
    ctx.out.data(
        || {
            let width = hits
                .iter()
                .map(|h| h.name.len() + h.version.to_string().len() + 1)
                .max()
                .unwrap_or(0);
            hits.iter()
                .map(|h| {
                    let head = format!("{} {}", h.name, h.version);
                    match &h.description {
                        Some(d) => format!("{head:width$}  {d}\n"),
                        None => format!("{head}\n"),
                    }
                })
                .collect()
        },
        || json!({ "packages": hits }),
    );
    Ok(ExitCode::SUCCESS)
}

pub fn publish(ctx: &Ctx<'_>) -> Result<ExitCode, seen_pkg::Error> {
    let options = ctx.options()?;
    let project = ctx.project()?;
    let package = &project.manifest.package;
    ctx.out
        .status(format!("checking {} {}", package.name, package.version));
    let mut check = |dir: &std::path::Path| {
        crate::check::check_path(ctx.global, dir, options.registry.as_ref()).map_err(|e| {
            seen_pkg::Error::Invalid {
                code: seen_pkg::codes::INVALID,
                message: format!("{e:#}"),
                help: None,
            }
        })
    };
    let entry = ops::publish(&project, &options, &mut check)?;
    let registry = options
        .registry
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    ctx.out.status(format!(
        "published {} {} to {registry}",
        entry.name, entry.vers
    ));
    ctx.out.data(String::new, || {
        serde_json::to_value(&entry).unwrap_or_default()
    });
    Ok(ExitCode::SUCCESS)
}

pub fn yank(ctx: &Ctx<'_>, spec: &str, yanked: bool) -> Result<ExitCode, seen_pkg::Error> {
    let parsed = spec
        .split_once('@')
        .and_then(|(n, v)| Some((n, semver::Version::parse(v).ok()?)));
    let Some((name, version)) = parsed else {
        let help = Some("write `seen package yank json@1.2.0`".to_string());
        return Ok(output::usage(
            ctx.global,
            seen_pkg::codes::BAD_VERSION,
            format!("`{spec}` is not NAME@VERSION"),
            help,
        ));
    };
    ops::yank(&ctx.options()?, name, &version, yanked)?;
    let verb = if yanked { "yanked" } else { "un-yanked" };
    ctx.out.status(format!("{verb} {name} {version}"));
    ctx.out.data(
        String::new,
        || json!({ "name": name, "version": version.to_string(), "yanked": yanked }),
    );
    Ok(ExitCode::SUCCESS)
}
