//! placeholder during bring-up
use std::process::ExitCode;
use anyhow::Result;
use clap::Args;
/// Arguments.
#[derive(Args)]
pub struct TranslateArgs {}
/// Runs.
pub fn run(_: &crate::Global, _: &TranslateArgs) -> Result<ExitCode> { Ok(ExitCode::SUCCESS) }
