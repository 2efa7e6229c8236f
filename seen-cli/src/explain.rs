//! placeholder during bring-up
use std::process::ExitCode;
use anyhow::Result;
use clap::Args;
/// Arguments.
#[derive(Args)]
pub struct ExplainArgs {}
/// Runs.
pub fn run(_: &ExplainArgs) -> Result<ExitCode> { Ok(ExitCode::SUCCESS) }
