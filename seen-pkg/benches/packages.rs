//! `cargo bench -p seen-pkg`: resolution and installation speed, side by
//! side with Cargo over an equivalent graph.
//!
//! The generated registry: packages `pkg-0000`.., each with versions
//! 1.0.0..1.19.0; version `v` of package `i` depends on up to three later
//! packages (within 30), mostly with `^1.k` and one time in five with
//! `>=1.k, <1.(k+12)`, which rules out the newest versions and makes the
//! resolver backtrack. Every requirement admits 1.9-1.11, so the graph
//! always resolves. The root depends on every package with `^1`.
//!
//! Cargo, the peer, reads the same index lines from a local registry
//! (`[source] local-registry`), whose `.crate` files hold a `Cargo.toml`
//! with the same dependencies; its figures are whole `cargo` runs, so a
//! run on a project without dependencies is measured too and subtracted.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use seen_pkg::archive;
use seen_pkg::cache::Cache;
use seen_pkg::checksum::sha256_hex;
use seen_pkg::index::{IndexDep, IndexEntry, to_file};
use seen_pkg::manifest::DepKind;
use seen_pkg::ops::{self, Options, Project, Update};
use seen_pkg::progress::Silent;
use seen_pkg::registry::server::{Server, ServerConfig};
use seen_pkg::resolve::{MemoryIndex, Request, resolve};
use seen_pkg::source::RegistryUrl;
use seen_pkg::summary::Summary;
use seen_pkg::{PackageName, name};

const VERSIONS: u64 = 20;

fn pkg(i: usize) -> String {
    format!("pkg-{i:04}")
}

/// A small deterministic generator (64-bit LCG).
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn deps_of(i: usize, v: u64, n: usize) -> Vec<IndexDep> {
    let mut rng = Rng(i as u64 * 1000 + v + 1);
    let mut deps: Vec<IndexDep> = Vec::new();
    for _ in 0..rng.next(4) {
        let j = i + 1 + rng.next(30) as usize;
        let req = if rng.next(5) == 0 {
            let k = rng.next(8);
            format!(">=1.{k}, <1.{}", k + 12)
        } else {
            format!("^1.{}", rng.next(10))
        };
        if j < n && !deps.iter().any(|d| d.name == pkg(j)) {
            deps.push(IndexDep {
                name: pkg(j),
                req: semver::VersionReq::parse(&req).expect("generated requirements parse"),
                features: vec![],
                optional: false,
                default_features: true,
                kind: DepKind::Normal,
                target: None,
            });
        }
    }
    deps
}

/// The index entries of an `n`-package registry (checksums filled later
/// when archives are made).
fn entries(n: usize) -> Vec<Vec<IndexEntry>> {
    (0..n)
        .map(|i| {
            (0..VERSIONS)
                .map(|v| IndexEntry {
                    name: pkg(i),
                    vers: semver::Version::new(1, v, 0),
                    deps: deps_of(i, v, n),
                    features: Default::default(),
                    cksum: "0".repeat(64),
                    yanked: false,
                    description: None,
                })
                .collect()
        })
        .collect()
}

fn deps_toml(deps: &[IndexDep]) -> String {
    deps.iter()
        .map(|d| format!("{} = \"{}\"\n", d.name, d.req))
        .collect()
}

/// A source directory for one version, in Seen's or Cargo's layout.
fn source_dir(root: &Path, e: &IndexEntry, cargo: bool) -> PathBuf {
    let dir = root.join(format!("{}-{}", e.name, e.vers));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let (manifest, file, extra) = if cargo {
        ("Cargo.toml", "lib.rs", "edition = \"2021\"\n")
    } else {
        ("Seen.toml", "lib.seen", "")
    };
    let text = format!(
        "[package]\nname = \"{}\"\nversion = \"{}\"\n{extra}\n[dependencies]\n{}",
        e.name,
        e.vers,
        deps_toml(&e.deps)
    );
    std::fs::write(dir.join(manifest), text).unwrap();
    std::fs::write(dir.join("src").join(file), format!("// {}\n", e.name)).unwrap();
    dir
}

/// Writes a Seen directory registry and a Cargo local registry for the
/// same graph; with `archives`, real archives and checksums.
fn write_registries(root: &Path, n: usize, archives: bool) -> (PathBuf, PathBuf) {
    let (seen_reg, cargo_reg, scratch) = (
        root.join("seen-registry"),
        root.join("cargo-registry"),
        root.join("scratch"),
    );
    for d in [&seen_reg.join("index"), &cargo_reg.join("index"), &scratch] {
        std::fs::create_dir_all(d).unwrap();
    }
    for versions in entries(n) {
        let name = versions[0].name.clone();
        let (mut ours, mut theirs) = (versions.clone(), versions.clone());
        if archives {
            let pname = PackageName::new(&name).unwrap();
            std::fs::create_dir_all(seen_reg.join("archives").join(&name)).unwrap();
            for (k, e) in versions.iter().enumerate() {
                let bytes =
                    archive::pack(&source_dir(&scratch.join("s"), e, false), &pname, &e.vers)
                        .unwrap();
                ours[k].cksum = sha256_hex(&bytes);
                std::fs::write(
                    seen_reg
                        .join("archives")
                        .join(&name)
                        .join(format!("{name}-{}.tar.gz", e.vers)),
                    &bytes,
                )
                .unwrap();
                let bytes =
                    archive::pack(&source_dir(&scratch.join("c"), e, true), &pname, &e.vers)
                        .unwrap();
                theirs[k].cksum = sha256_hex(&bytes);
                std::fs::write(cargo_reg.join(format!("{name}-{}.crate", e.vers)), &bytes).unwrap();
            }
        }
        std::fs::write(seen_reg.join("index").join(&name), to_file(&ours)).unwrap();
        let cargo_index = cargo_reg.join("index").join(&name[..2]).join(&name[2..4]);
        std::fs::create_dir_all(&cargo_index).unwrap();
        std::fs::write(cargo_index.join(&name), to_file(&theirs)).unwrap();
    }
    (seen_reg, cargo_reg)
}

/// A Seen project and a Cargo project that depend on `pkg-0000..n`.
fn projects(root: &Path, n: usize, cargo_reg: &Path) -> (PathBuf, PathBuf) {
    let deps: String = (0..n).map(|i| format!("{} = \"1\"\n", pkg(i))).collect();
    let seen = root.join("seen-app");
    std::fs::create_dir_all(seen.join("src")).unwrap();
    std::fs::write(
        seen.join("Seen.toml"),
        format!("[package]\nname = \"app\"\nversion = \"0.1.0\"\n[dependencies]\n{deps}"),
    )
    .unwrap();
    let cargo = cargo_project(&root.join("cargo-app"), &deps, cargo_reg);
    (seen, cargo)
}

fn cargo_project(dir: &Path, deps: &str, cargo_reg: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join(".cargo")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), "").unwrap();
    std::fs::write(dir.join("Cargo.toml"), format!("[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[dependencies]\n{deps}")).unwrap();
    let config = format!(
        "[source.crates-io]\nreplace-with = \"generated\"\n[source.generated]\nlocal-registry = \"{}\"\n",
        cargo_reg.display()
    );
    std::fs::write(dir.join(".cargo/config.toml"), config).unwrap();
    dir.to_path_buf()
}

/// The median of `runs` timings of `f` (after one warm-up run).
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn cargo(project: &Path, home: &Path, args: &[&str]) {
    let _ = std::fs::remove_file(project.join("Cargo.lock"));
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .arg("--offline")
        .arg("--quiet")
        .current_dir(project)
        .env("CARGO_HOME", home)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn options<'a>(cache: &Cache, registry: &str) -> Options<'a> {
    let mut o = Options::new(cache.clone(), &Silent);
    o.registry = Some(RegistryUrl::parse(registry, Path::new("/")).unwrap());
    o
}

/// Resolution of the whole generated registry, in memory and from disk,
/// against `cargo generate-lockfile`.
fn bench_resolution(root: &Path, n: usize, runs: usize) {
    let (seen_reg, cargo_reg) = write_registries(&root.join(format!("r{n}")), n, false);
    let (seen_app, cargo_app) = projects(&root.join(format!("r{n}")), n, &cargo_reg);
    let mut index = MemoryIndex::new();
    let url = RegistryUrl::Dir(seen_reg.clone());
    for versions in entries(n) {
        for e in versions {
            index.insert(Summary::from_index(&e, &url).unwrap());
        }
    }
    let project = Project::load(&seen_app).unwrap();
    let summary = project.summary();
    let mut solved = 0;
    let memory = median(runs, || {
        solved = resolve(&Request::new(&summary, Some(&index)))
            .unwrap()
            .packages
            .len()
            - 1
    });
    let cache = Cache::open(root.join("cache")).unwrap();
    let reg = format!("file://{}", seen_reg.display());
    let disk = median(runs, || {
        let registry = options(&cache, &reg).open_registry(&url).unwrap();
        ops::resolve(
            &project,
            &options(&cache, &reg),
            Update::All,
            Some(&registry),
        )
        .unwrap();
    });
    let home = root.join("cargo-home");
    let empty = cargo_project(&root.join(format!("empty{n}")), "", &cargo_reg);
    let cargo_empty = median(runs, || cargo(&empty, &home, &["generate-lockfile"]));
    let cargo_full = median(runs, || cargo(&cargo_app, &home, &["generate-lockfile"]));
    let cargo_net = cargo_full.saturating_sub(cargo_empty);
    println!("resolution, {n} packages x {VERSIONS} versions ({solved} resolved):");
    println!("  seen-pkg, index in memory:            {}", ms(memory));
    println!("  seen-pkg, directory registry:          {}", ms(disk));
    println!(
        "  cargo generate-lockfile --offline:     {} (whole run; {} without dependencies; difference {})",
        ms(cargo_full),
        ms(cargo_empty),
        ms(cargo_net)
    );
    println!(
        "  ratio cargo difference / seen-pkg directory registry: {:.1}x",
        cargo_net.as_secs_f64() / disk.as_secs_f64()
    );
}

/// Installing (resolve, fetch, write the lock file) with every archive in
/// the cache already, against `cargo fetch` with a warm CARGO_HOME.
fn bench_warm_install(root: &Path, n: usize, runs: usize) {
    let base = root.join(format!("i{n}"));
    let (seen_reg, cargo_reg) = write_registries(&base, n, true);
    let (seen_app, cargo_app) = projects(&base, n, &cargo_reg);
    let cache = Cache::open(base.join("cache")).unwrap();
    let reg = format!("file://{}", seen_reg.display());
    let install = median(runs, || {
        let _ = std::fs::remove_file(seen_app.join("Seen.lock"));
        ops::sync(
            &Project::load(&seen_app).unwrap(),
            &options(&cache, &reg),
            Update::Nothing,
        )
        .unwrap();
    });
    let home = base.join("cargo-home");
    let cargo_time = median(runs, || cargo(&cargo_app, &home, &["fetch"]));
    let empty = cargo_project(&base.join("empty"), "", &cargo_reg);
    let cargo_empty = median(runs, || cargo(&empty, &home, &["fetch"]));
    let cargo_net = cargo_time.saturating_sub(cargo_empty);
    println!("warm-cache install, {n}-package graph from a local registry:");
    println!(
        "  seen-pkg ops::sync (resolve + verify cache + write Seen.lock): {}",
        ms(install)
    );
    println!(
        "  cargo fetch --offline (warm CARGO_HOME, no Cargo.lock):       {} (whole run; {} without dependencies; difference {})",
        ms(cargo_time),
        ms(cargo_empty),
        ms(cargo_net)
    );
    println!(
        "  ratio cargo difference / seen-pkg: {:.1}x",
        cargo_net.as_secs_f64() / install.as_secs_f64()
    );
}

/// Installing from the HTTP server on loopback into an empty cache.
fn bench_http_install(root: &Path, n: usize, runs: usize) {
    let base = root.join(format!("h{n}"));
    let (seen_reg, cargo_reg) = write_registries(&base, n, true);
    let (seen_app, _) = projects(&base, n, &cargo_reg);
    let server = Server::bind(ServerConfig::new(&seen_reg, "127.0.0.1:0", None))
        .unwrap()
        .spawn();
    let mut k = 0;
    let time = median(runs, || {
        k += 1;
        let cache = Cache::open(base.join(format!("cache{k}"))).unwrap();
        let _ = std::fs::remove_file(seen_app.join("Seen.lock"));
        ops::sync(
            &Project::load(&seen_app).unwrap(),
            &options(&cache, &server.url),
            Update::Nothing,
        )
        .unwrap();
    });
    println!("cold-cache install, {n}-package graph from the HTTP registry on loopback:");
    println!(
        "  seen-pkg ops::sync (index + {n} downloads, verify, unpack, lock): {}",
        ms(time)
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too,
    // with small sizes, to keep the benchmark compiling and working.
    let quick = !std::env::args().any(|a| a == "--bench");
    let tmp = tempfile::tempdir().unwrap();
    assert!(name::is_valid(&pkg(0)));
    if quick {
        bench_resolution(tmp.path(), 30, 1);
        bench_warm_install(tmp.path(), 10, 1);
        bench_http_install(tmp.path(), 10, 1);
        return;
    }
    bench_resolution(tmp.path(), 1000, 5);
    bench_resolution(tmp.path(), 100, 9);
    bench_warm_install(tmp.path(), 100, 9);
    bench_http_install(tmp.path(), 50, 3);
}
