//! `seen package` against a real `seen registry serve` on loopback:
//! publish -> add -> fetch -> check, with tokens, search, yank, `--locked`
//! and `--offline`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const TOKEN: &str = "team-token";

struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.tmp.path().join(p)
    }

    /// `seen ARGS` in `dir`, with the cache in the temp dir and no
    /// registry settings inherited.
    fn seen(&self, dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_seen"))
            .args(args)
            .current_dir(dir)
            .env("SEEN_CACHE_DIR", self.path("cache"))
            .env("NO_PROXY", "127.0.0.1")
            .env("NO_COLOR", "1")
            .env_remove("SEEN_REGISTRY")
            .env_remove("SEEN_REGISTRY_TOKEN")
            .output()
            .unwrap()
    }

    fn ok(&self, dir: &Path, args: &[&str]) -> Output {
        let out = self.seen(dir, args);
        assert!(
            out.status.success(),
            "seen {args:?} failed:\n{}",
            text(&out.stderr)
        );
        out
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A `seen registry serve` process, killed when dropped.
struct Registry {
    child: Child,
    url: String,
}

impl Registry {
    fn start(env: &Env, token: Option<&str>) -> Registry {
        let dir = env.path("registry");
        let dir = dir.to_str().unwrap();
        let mut args = vec!["registry", "serve", dir, "--addr", "127.0.0.1:0"];
        if let Some(t) = token {
            args.extend(["--token", t]);
        }
        let child = Command::new(env!("CARGO_BIN_EXE_seen"))
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The guard exists before anything can fail, so the server is
        // killed even if this function panics.
        let mut registry = Registry {
            child,
            url: String::new(),
        };
        let stderr = registry.child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        registry.url = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|l| l.strip_prefix("listening on ").map(str::to_string))
            .expect("the server says where it listens");
        // Keep reading the request log so the server never writes to a
        // closed pipe; the thread ends when the server does.
        std::thread::spawn(move || lines.for_each(drop));
        registry
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn publish_add_fetch_check() {
    let env = Env::new();
    let registry = Registry::start(&env, Some(TOKEN));
    let reg = ["--registry", registry.url.as_str()];
    let root = env.tmp.path();

    env.ok(root, &["package", "init", "text-utils", "--lib"]);
    let lib = env.path("text-utils");
    // Without the token the registry refuses; with it, it accepts once.
    let out = env.seen(&lib, &["package", "publish", reg[0], reg[1]]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("error[E0625]"),
        "{}",
        text(&out.stderr)
    );
    env.ok(
        &lib,
        &["package", "publish", reg[0], reg[1], "--token", TOKEN],
    );
    let out = env.seen(
        &lib,
        &["package", "publish", reg[0], reg[1], "--token", TOKEN],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("error[E0624]: `text-utils 0.1.0` is already published"),
        "{}",
        text(&out.stderr)
    );

    env.ok(root, &["package", "init", "app"]);
    let app = env.path("app");
    env.ok(&app, &["package", "add", "text-utils", reg[0], reg[1]]);
    let manifest = std::fs::read_to_string(app.join("Seen.toml")).unwrap();
    assert!(manifest.contains("text-utils = \"0.1.0\""), "{manifest}");
    let lock = std::fs::read_to_string(app.join("Seen.lock")).unwrap();
    assert!(
        lock.contains(&format!("source = \"registry+{}\"", registry.url)),
        "{lock}"
    );
    assert!(lock.contains("checksum = \""), "{lock}");

    // The lock file names the registry: no flag needed from here on.
    let out = env.ok(
        &app,
        &["--message-format", "json", "package", "fetch", "--locked"],
    );
    let fetched: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dir = fetched["packages"][1]["dir"].as_str().unwrap();
    assert!(Path::new(dir).starts_with(env.path("cache")), "{dir}");
    env.ok(Path::new(dir), &["check", "."]);
    env.ok(&app, &["check", "."]);

    let out = env.ok(&app, &["package", "tree"]);
    assert_eq!(text(&out.stdout), "app 0.1.0\n└── text-utils 0.1.0\n");
    let out = env.ok(root, &["package", "search", "text", reg[0], reg[1]]);
    assert_eq!(text(&out.stdout), "text-utils 0.1.0\n");

    env.ok(
        root,
        &[
            "package",
            "yank",
            "text-utils@0.1.0",
            reg[0],
            reg[1],
            "--token",
            TOKEN,
        ],
    );
    let out = env.ok(root, &["package", "search", "text", reg[0], reg[1]]);
    assert_eq!(text(&out.stdout), "");
    // A locked yanked version still fetches, even offline once cached.
    drop(registry);
    env.ok(&app, &["package", "fetch", "--frozen"]);
}

#[test]
fn publish_checks_the_package_first() {
    let env = Env::new();
    let registry = Registry::start(&env, Some(TOKEN));
    env.ok(env.tmp.path(), &["package", "init", "broken", "--lib"]);
    let lib = env.path("broken");
    std::fs::write(lib.join("src/lib.seen"), "fun broken( {\n").unwrap();
    let out = env.seen(
        &lib,
        &[
            "package",
            "publish",
            "--registry",
            &registry.url,
            "--token",
            TOKEN,
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E0626]: `broken` has 1 error(s), so it was not published"),
        "{stderr}"
    );
    assert!(!env.path("registry/index/broken").exists());
}

#[test]
fn a_registry_without_token_is_read_only() {
    let env = Env::new();
    let registry = Registry::start(&env, None);
    env.ok(env.tmp.path(), &["package", "init", "lib-a", "--lib"]);
    let out = env.seen(
        &env.path("lib-a"),
        &[
            "package",
            "publish",
            "--registry",
            &registry.url,
            "--token",
            "anything",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("takes no uploads"),
        "{}",
        text(&out.stderr)
    );
}
