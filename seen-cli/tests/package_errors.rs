//! `seen package` errors as diagnostics: positions in the manifest, exit
//! statuses, the conflict explanation and `--locked`, against a directory
//! registry.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seen(dir: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seen"))
        .args(args)
        .current_dir(dir)
        .env("SEEN_CACHE_DIR", cache)
        .env("NO_COLOR", "1")
        .env_remove("SEEN_REGISTRY")
        .env_remove("SEEN_REGISTRY_TOKEN")
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A temp dir with `registry/` (a directory registry holding `c 1.0.0`
/// and `c 1.1.0`, `a 1.0.0`, which needs `c =1.0.0`, and `b 1.0.0`, which
/// needs `c ^1.1`) and `app/`. `a` and `b` each resolve alone (publishing
/// checks the package, dependencies included) but not together.
fn setup() -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let registry = tmp.path().join("registry");
    let url = format!("file://{}", registry.display());
    let cache = tmp.path().join("cache");
    std::fs::create_dir_all(registry.join("index")).unwrap();
    for (name, version, deps) in [
        ("c", "1.0.0", ""),
        ("c", "1.1.0", ""),
        ("a", "1.0.0", "c = \"=1.0.0\"\n"),
        ("b", "1.0.0", "c = \"^1.1\"\n"),
    ] {
        let dir = tmp.path().join(format!("{name}-{version}"));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(
            dir.join("Seen.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"{version}\"\n[dependencies]\n{deps}"
            ),
        )
        .unwrap();
        std::fs::write(dir.join("src/lib.seen"), "fun f() {}\n").unwrap();
        let out = seen(&dir, &cache, &["package", "publish", "--registry", &url]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let app = tmp.path().join("app");
    std::fs::create_dir_all(app.join("src")).unwrap();
    std::fs::write(app.join("src/main.seen"), "fun main() {}\n").unwrap();
    (tmp, app, url)
}

#[test]
fn manifest_errors_point_at_the_manifest() {
    let (tmp, app, _) = setup();
    std::fs::write(
        app.join("Seen.toml"),
        "[package]\nname = \"app\"\nversion = \"1\"\n",
    )
    .unwrap();
    let out = seen(&app, &tmp.path().join("cache"), &["package", "fetch"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.starts_with("Seen.toml:3:11: error[E0603]: invalid version `1`"),
        "{text}"
    );
    assert!(
        text.contains("3 │ version = \"1\"\n  │           ^^^"),
        "{text}"
    );
    assert!(text.contains("help: a version has three numbers"), "{text}");
}

#[test]
fn conflicts_are_explained() {
    let (tmp, app, url) = setup();
    std::fs::write(
        app.join("Seen.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n[dependencies]\na = \"1\"\nb = \"1\"\n",
    )
    .unwrap();
    let out = seen(
        &app,
        &tmp.path().join("cache"),
        &["package", "fetch", "--registry", &url],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.starts_with(
            "error[E0610]: no versions of the dependencies of `app` satisfy every requirement"
        ),
        "{text}"
    );
    assert!(text.contains("note: Because"), "{text}");
    assert!(
        text.contains("we can conclude that the requirements of `app` cannot be satisfied"),
        "{text}"
    );
    assert!(!app.join("Seen.lock").exists());
}

#[test]
fn locked_and_usage_errors() {
    let (tmp, app, url) = setup();
    let cache = tmp.path().join("cache");
    std::fs::write(
        app.join("Seen.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n[dependencies]\na = \"1\"\n",
    )
    .unwrap();
    let out = seen(
        &app,
        &cache,
        &["package", "fetch", "--locked", "--registry", &url],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.starts_with("error[E0611]: `Seen.lock` needs to change, but --locked was given"),
        "{text}"
    );
    assert!(
        text.contains("note: Seen.lock does not exist yet"),
        "{text}"
    );
    assert!(
        seen(&app, &cache, &["package", "fetch", "--registry", &url])
            .status
            .success()
    );
    let lock = std::fs::read(app.join("Seen.lock")).unwrap();
    let out = seen(&app, &cache, &["package", "add", "c@1.0", "--frozen"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("error[E0611]"), "{}", stderr(&out));
    assert_eq!(std::fs::read(app.join("Seen.lock")).unwrap(), lock);
    // Usage errors exit with 2.
    let out = seen(&app, &cache, &["package", "add", "Bad_Name"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error[E0602]"), "{}", stderr(&out));
    let out = seen(&app, &cache, &["package", "add", "c@>>1"]);
    assert_eq!(out.status.code(), Some(2));
    let out = seen(&app, &cache, &["package", "search", "x"]);
    assert_eq!(out.status.code(), Some(2), "no registry configured");
    let out = seen(&app, &cache, &["package", "no-such-command"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_messages() {
    let (tmp, app, _) = setup();
    std::fs::write(
        app.join("Seen.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nflavour = 1\n",
    )
    .unwrap();
    let out = seen(
        &app,
        &tmp.path().join("cache"),
        &["--message-format", "json", "package", "tree"],
    );
    assert_eq!(out.status.code(), Some(1));
    let line: serde_json::Value =
        serde_json::from_str(stderr(&out).lines().next().unwrap()).unwrap();
    assert_eq!(line["code"], "E0601");
    assert_eq!(
        (line["line"].as_u64(), line["column"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(
        line["help"][0],
        "the keys here are `name`, `version`, `authors`, `description`, `license`, `language`, `edition`, `no_std`"
    );
}

#[test]
fn remove_and_update() {
    let (tmp, app, url) = setup();
    let cache = tmp.path().join("cache");
    std::fs::write(app.join("Seen.toml"), "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\n# the a package\na = \"1\"\nc = \"1\"\n").unwrap();
    assert!(
        seen(&app, &cache, &["package", "update", "--registry", &url])
            .status
            .success()
    );
    let out = seen(&app, &cache, &["package", "remove", "a"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(app.join("Seen.toml")).unwrap(),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\nc = \"1\"\n"
    );
    let out = seen(&app, &cache, &["package", "update", "-q"]);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        stderr(&out)
    );
}
