//! `seen package ...` and `seen registry serve` (being written).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use crate::Global;

/// Arguments of `seen package`.
#[derive(Args)]
pub struct PackageArgs {}

/// Arguments of `seen registry`.
#[derive(Args)]
pub struct RegistryArgs {}

/// Runs `seen package`.
pub fn run(_global: &Global, _args: &PackageArgs) -> Result<ExitCode> {
    anyhow::bail!("`seen package` is not built yet")
}

/// Runs `seen registry`.
pub fn run_registry(_global: &Global, _args: &RegistryArgs) -> Result<ExitCode> {
    anyhow::bail!("`seen registry` is not built yet")
}
