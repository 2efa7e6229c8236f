//! `seen package update`, `fetch` and `tree`.

use std::process::ExitCode;

use seen_pkg::ops::{self, Update};
use serde_json::{Value, json};

use super::{Ctx, packages_json};

pub fn update(ctx: &Ctx<'_>, names: &[String]) -> Result<ExitCode, seen_pkg::Error> {
    let options = ctx.options()?;
    let project = ctx.project()?;
    let update = if names.is_empty() {
        Update::All
    } else {
        Update::Only(names)
    };
    let synced = ops::sync(&project, &options, update)?;
    if synced.locked.changed {
        ctx.report_lock(&synced);
    } else {
        ctx.out.status("Seen.lock is up to date");
    }
    ctx.out
        .data(String::new, || packages_json(&synced, &project.dir));
    Ok(ExitCode::SUCCESS)
}

pub fn fetch(ctx: &Ctx<'_>) -> Result<ExitCode, seen_pkg::Error> {
    let options = ctx.options()?;
    let project = ctx.project()?;
    let synced = ops::sync(&project, &options, Update::Nothing)?;
    ctx.report_lock(&synced);
    let n = synced.dirs.len() - 1;
    ctx.out.status(format!(
        "fetched {n} package{}",
        if n == 1 { "" } else { "s" }
    ));
    ctx.out
        .data(String::new, || packages_json(&synced, &project.dir));
    Ok(ExitCode::SUCCESS)
}

pub fn tree(ctx: &Ctx<'_>) -> Result<ExitCode, seen_pkg::Error> {
    let options = ctx.options()?;
    let project = ctx.project()?;
    let synced = ops::sync(&project, &options, Update::Nothing)?;
    ctx.report_lock(&synced);
    let resolution = &synced.locked.resolution;
    ctx.out.data(
        || seen_pkg::tree::render(resolution),
        || {
            let packages: Vec<Value> = resolution
                .packages
                .iter()
                .map(|p| {
                    let deps: Vec<Value> = p
                        .deps
                        .iter()
                        .map(|d| {
                            let s = &resolution.packages[d.package].summary;
                            json!({ "name": d.name, "version": s.version.to_string(), "kind": d.kind, "target": d.target })
                        })
                        .collect();
                    json!({
                        "name": p.summary.name,
                        "version": p.summary.version.to_string(),
                        "source": p.summary.source.to_lock_string(&project.dir),
                        "features": p.features,
                        "dependencies": deps,
                    })
                })
                .collect();
            json!({ "packages": packages })
        },
    );
    Ok(ExitCode::SUCCESS)
}
