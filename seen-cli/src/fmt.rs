//! placeholder during bring-up
use std::process::ExitCode;
use anyhow::Result;
use clap::Args;
/// Arguments.
#[derive(Args)]
pub struct FmtArgs {}
/// Runs.
pub fn run(_: &crate::Global, _: &FmtArgs) -> Result<ExitCode> { Ok(ExitCode::SUCCESS) }
