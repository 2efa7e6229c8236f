//! `seen registry serve DIR --addr 127.0.0.1:PORT [--token TOKEN]`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::Args;
use seen_pkg::registry::server::{Server, ServerConfig};

use crate::Global;

/// Arguments of `seen registry serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// The registry directory (created if missing)
    dir: PathBuf,
    /// Address to listen on (port 0 lets the system choose)
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Token that publishing and yanking need; without one the registry is read-only [env: SEEN_REGISTRY_TOKEN]
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// Worker threads
    #[arg(long, default_value_t = 4)]
    threads: usize,
    /// Do not log each request
    #[arg(long, short)]
    quiet: bool,
}

/// Serves until the process is stopped. Prints `listening on http://ADDR`
/// on stderr once ready (after any warning), then one line per request.
pub fn run(global: &Global, args: &ServeArgs) -> Result<ExitCode> {
    let token = args
        .token
        .clone()
        .or_else(|| std::env::var("SEEN_REGISTRY_TOKEN").ok())
        .filter(|t| !t.is_empty());
    let mut config = ServerConfig::new(&args.dir, &args.addr, token.clone());
    config.threads = args.threads;
    if !args.quiet {
        // A closed stderr must not stop the server: write errors are ignored.
        config.log = Some(Arc::new(|method: &str, path: &str, status: u16| {
            let _ = writeln!(std::io::stderr(), "{method} {path} {status}");
        }));
    }
    let server = match Server::bind(config) {
        Ok(s) => s,
        Err(e) => return Ok(super::output::error(global, &e)),
    };
    // Write errors are ignored: a closed stderr must not stop the server.
    let mut err = std::io::stderr();
    if token.is_none() {
        let _ = writeln!(
            err,
            "no token given: the registry is read-only (pass --token or set SEEN_REGISTRY_TOKEN to accept uploads)"
        );
    }
    // The last line before serving, so scripts can wait for it.
    let _ = writeln!(err, "listening on {}", server.url());
    server.run();
    Ok(ExitCode::SUCCESS)
}
