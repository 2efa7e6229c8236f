#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, and the whole test
# suite (unit, integration, snapshot, property and doc tests). This is the
# command the README names and CI runs (.ci/run). It installs what the tests
# need beyond the Rust toolchain when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
install() {
    if need apt-get && [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
    else
        echo "please install: $*" >&2
        exit 1
    fi
}
need gcc || install gcc
need valgrind || install valgrind

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
