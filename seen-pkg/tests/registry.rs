//! Registries end to end, through the library: a directory registry, the
//! HTTP server on loopback, lock files, `--locked`/`--offline`, and
//! registries that fail half-way.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use seen_pkg::build::{BuildOptions, plan_synced};
use seen_pkg::cache::Cache;
use seen_pkg::manifest::DepKind;
use seen_pkg::manifest::edit::DependencyEdit;
use seen_pkg::ops::{self, Options, Project, Update};
use seen_pkg::progress::Silent;
use seen_pkg::registry::server::{Server, ServerConfig};
use seen_pkg::registry::store::Store;
use seen_pkg::source::RegistryUrl;
use seen_pkg::{Error, PackageName};

/// Writes a package: `Seen.toml` from `deps` (TOML lines for
/// `[dependencies]`) and a source file.
fn package(dir: &Path, name: &str, version: &str, deps: &str) -> PathBuf {
    let path = dir.join(format!("{name}-{version}"));
    std::fs::create_dir_all(path.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"{version}\"\ndescription = \"the {name} package\"\n\n[dependencies]\n{deps}"
    );
    std::fs::write(path.join("Seen.toml"), manifest).unwrap();
    std::fs::write(
        path.join("src/lib.seen"),
        format!("fun {}() {{}}\n", name.replace('-', "_")),
    )
    .unwrap();
    path
}

struct World {
    tmp: tempfile::TempDir,
    cache: Cache,
}

impl World {
    fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::open(tmp.path().join("cache")).unwrap();
        World { tmp, cache }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.tmp.path().join(p)
    }

    fn options(&self, registry: &str) -> Options<'static> {
        let mut o = Options::new(self.cache.clone(), &Silent);
        o.registry = Some(RegistryUrl::parse(registry, self.tmp.path()).unwrap());
        o
    }

    fn publish(&self, registry: &str, dir: &Path, token: Option<&str>) -> Result<(), Error> {
        let mut options = self.options(registry);
        options.token = token.map(str::to_string);
        ops::publish(&Project::load(dir)?, &options, &mut |_| Ok(0)).map(|_| ())
    }

    fn snapshot(&self, dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        collect(dir, dir, &mut out);
        out.sort();
        out
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let rel = p.strip_prefix(root).unwrap().display().to_string();
        if p.is_dir() {
            out.push((rel + "/", Vec::new()));
            collect(root, &p, out);
        } else {
            out.push((rel, std::fs::read(&p).unwrap()));
        }
    }
}

/// A directory registry with `utf8 0.3.4`, `json 1.2.0` (depends on
/// utf8 ^0.3) and `json 1.3.0`.
fn populated(world: &World) -> String {
    let reg = world.path("registry");
    Store::open(&reg, Default::default()).unwrap();
    let url = format!("file://{}", reg.display());
    let src = world.path("sources");
    world
        .publish(&url, &package(&src, "utf8", "0.3.4", ""), None)
        .unwrap();
    world
        .publish(
            &url,
            &package(&src, "json", "1.2.0", "utf8 = \"0.3\"\n"),
            None,
        )
        .unwrap();
    world
        .publish(
            &url,
            &package(&src, "json", "1.3.0", "utf8 = \"0.3\"\n"),
            None,
        )
        .unwrap();
    url
}

#[test]
fn a_directory_registry_resolves_fetches_and_locks() {
    let world = World::new();
    let url = populated(&world);
    let app = package(&world.path("work"), "app", "0.1.0", "json = \"1.2\"\n");
    let options = world.options(&url);
    let synced = ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap();
    let lock = std::fs::read_to_string(app.join("Seen.lock")).unwrap();
    let names: Vec<String> = synced
        .locked
        .lockfile
        .packages
        .iter()
        .map(|p| format!("{} {}", p.name, p.version))
        .collect();
    assert_eq!(names, ["app 0.1.0", "json 1.3.0", "utf8 0.3.4"]);
    assert!(
        lock.contains(&format!("source = \"registry+{url}\"")),
        "{lock}"
    );
    for dir in &synced.dirs {
        assert!(dir.join("Seen.toml").is_file(), "{}", dir.display());
    }
    // Same inputs, same bytes: again, and from scratch.
    ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap();
    assert_eq!(
        std::fs::read_to_string(app.join("Seen.lock")).unwrap(),
        lock
    );
    std::fs::remove_file(app.join("Seen.lock")).unwrap();
    ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap();
    assert_eq!(
        std::fs::read_to_string(app.join("Seen.lock")).unwrap(),
        lock
    );
}

#[test]
fn locked_refuses_to_change_the_lock_file() {
    let world = World::new();
    let url = populated(&world);
    let app = package(&world.path("work"), "app", "0.1.0", "json = \"=1.2.0\"\n");
    let mut options = world.options(&url);
    options.locked = true;
    let err = ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::LockOutdated {
                flag: "--locked",
                ..
            }
        ),
        "{err}"
    );
    assert!(!app.join("Seen.lock").exists());
    options.locked = false;
    ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap();
    let lock = std::fs::read(app.join("Seen.lock")).unwrap();
    // An unchanged graph passes --locked and --frozen.
    options.locked = true;
    ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap();
    options.frozen = true;
    ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap();
    // A manifest edit that changes the graph does not.
    std::fs::write(
        app.join("Seen.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n[dependencies]\njson = \"1.3\"\n",
    )
    .unwrap();
    let err = ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap_err();
    match err {
        Error::LockOutdated { flag, changes } => {
            assert_eq!(flag, "--frozen");
            assert_eq!(changes, ["updating json 1.2.0 -> 1.3.0"]);
        }
        other => panic!("{other}"),
    }
    // So does `update`.
    options.frozen = false;
    let err = ops::sync(&Project::load(&app).unwrap(), &options, Update::All).unwrap_err();
    assert!(matches!(err, Error::LockOutdated { .. }));
    assert_eq!(std::fs::read(app.join("Seen.lock")).unwrap(), lock);
}

#[test]
fn updates_keep_locked_versions_until_asked() {
    let world = World::new();
    let url = populated(&world);
    let app = package(&world.path("work"), "app", "0.1.0", "json = \"=1.2.0\"\n");
    let options = world.options(&url);
    ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap();
    std::fs::write(
        app.join("Seen.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n[dependencies]\njson = \"1\"\n",
    )
    .unwrap();
    let kept = ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap();
    assert!(!kept.locked.changed, "json stays at the locked 1.2.0");
    let updated = ops::sync(
        &Project::load(&app).unwrap(),
        &options,
        Update::Only(&["json".to_string()]),
    )
    .unwrap();
    assert_eq!(updated.locked.changes, ["updating json 1.2.0 -> 1.3.0"]);
}

#[test]
fn path_dependencies_and_the_build_plan() {
    let world = World::new();
    let url = populated(&world);
    let work = world.path("work");
    package(&work, "seen-gpu", "0.2.0", "json = \"1\"\n");
    let app = package(
        &work,
        "app",
        "0.1.0",
        "seen-gpu = { path = \"../seen-gpu-0.2.0\" }\nutf8 = \"0.3\"\n",
    );
    let options = world.options(&url);
    let synced = ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap();
    let lock = std::fs::read_to_string(app.join("Seen.lock")).unwrap();
    assert!(
        lock.contains("source = \"path+../seen-gpu-0.2.0\""),
        "{lock}"
    );
    let plan = plan_synced(&synced, &BuildOptions::default()).unwrap();
    let units: Vec<String> = plan
        .units
        .iter()
        .map(|u| {
            format!(
                "{} sees [{}]",
                u.name,
                u.dependencies
                    .iter()
                    .map(|d| format!("{}={}", d.name, plan.units[d.unit].version))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })
        .collect();
    assert_eq!(
        units,
        [
            "utf8 sees []",
            "json sees [utf8=0.3.4]",
            "seen_gpu sees [json=1.3.0]",
            "app sees [seen_gpu=0.2.0 utf8=0.3.4]"
        ]
    );
    assert_eq!(plan.root().dir, std::fs::canonicalize(&app).unwrap());
    assert_eq!(
        plan.units[2].dir,
        std::fs::canonicalize(work.join("seen-gpu-0.2.0")).unwrap()
    );
}

#[test]
fn add_and_remove_edit_the_manifest_and_lock() {
    let world = World::new();
    let url = populated(&world);
    let app = package(&world.path("work"), "app", "0.1.0", "# my deps\n");
    let options = world.options(&url);
    let edit = DependencyEdit {
        req: None,
        ..DependencyEdit::registry(PackageName::new("json").unwrap(), "", DepKind::Normal)
    };
    let added = ops::add(&Project::load(&app).unwrap(), &[edit], &options).unwrap();
    assert_eq!(added.written, ["json = \"1.3.0\""]);
    let manifest = std::fs::read_to_string(app.join("Seen.toml")).unwrap();
    // toml_edit keeps a comment that ends a table after the table's keys.
    assert!(
        manifest.ends_with("[dependencies]\njson = \"1.3.0\"\n# my deps\n"),
        "{manifest}"
    );
    assert!(
        std::fs::read_to_string(app.join("Seen.lock"))
            .unwrap()
            .contains("name = \"utf8\"")
    );
    ops::remove(
        &Project::load(&app).unwrap(),
        &["json".to_string()],
        DepKind::Normal,
        &options,
    )
    .unwrap();
    let lock = std::fs::read_to_string(app.join("Seen.lock")).unwrap();
    assert!(!lock.contains("json"), "{lock}");
    let err = ops::remove(
        &Project::load(&app).unwrap(),
        &["json".to_string()],
        DepKind::Normal,
        &options,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("is not in `[dependencies]`"),
        "{err}"
    );
}

#[test]
fn the_http_registry_serves_publish_fetch_search_and_yank() {
    let world = World::new();
    let server = Server::bind(ServerConfig::new(
        world.path("served"),
        "127.0.0.1:0",
        Some("s3cret".into()),
    ))
    .unwrap()
    .spawn();
    let url = server.url.clone();
    let src = world.path("sources");
    let utf8 = package(&src, "utf8", "0.3.4", "");
    assert!(matches!(
        world.publish(&url, &utf8, None),
        Err(Error::Unauthorized { .. })
    ));
    assert!(matches!(
        world.publish(&url, &utf8, Some("wrong")),
        Err(Error::Unauthorized { .. })
    ));
    world.publish(&url, &utf8, Some("s3cret")).unwrap();
    let err = world.publish(&url, &utf8, Some("s3cret")).unwrap_err();
    assert_eq!(err.to_string(), "`utf8 0.3.4` is already published");
    world
        .publish(
            &url,
            &package(&src, "json", "1.2.0", "utf8 = \"0.3\"\n"),
            Some("s3cret"),
        )
        .unwrap();

    let app = package(&world.path("work"), "app", "0.1.0", "json = \"1\"\n");
    let options = world.options(&url);
    let synced = ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap();
    assert_eq!(synced.dirs.len(), 3);
    assert!(synced.dirs[1].starts_with(world.cache.root()));

    let hits = ops::search(&options, "JSON", 10).unwrap();
    assert_eq!(
        hits.iter()
            .map(|h| format!("{} {}", h.name, h.version))
            .collect::<Vec<_>>(),
        ["json 1.2.0"]
    );

    let mut writer = world.options(&url);
    writer.token = Some("s3cret".into());
    ops::yank(&writer, "json", &semver::Version::new(1, 2, 0), true).unwrap();
    assert!(
        ops::search(&options, "json", 10).unwrap().is_empty(),
        "a yanked version is not offered"
    );
    // The lock file keeps a yanked version.
    assert!(
        !ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing)
            .unwrap()
            .locked
            .changed
    );

    // Offline, the cached index and archives are enough.
    let mut offline = world.options(&url);
    offline.offline = true;
    drop(server);
    ops::sync(&Project::load(&app).unwrap(), &offline, Update::Nothing).unwrap();
}

#[test]
fn offline_refuses_the_network() {
    let world = World::new();
    let app = package(&world.path("work"), "app", "0.1.0", "json = \"1\"\n");
    let mut options = world.options("http://127.0.0.1:9");
    options.offline = true;
    let err = ops::sync(&Project::load(&app).unwrap(), &options, Update::Nothing).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the index of `json` is not in the cache, and --offline forbids the network"
    );
}

/// How the misbehaving registry answers archive downloads.
#[derive(Clone, Copy)]
enum Failure {
    Status500,
    CutShort,
}

/// A registry that serves the index of `store` faithfully but fails every
/// download. It stops after 30 seconds or 50 connections.
fn failing_registry(store: PathBuf, failure: Failure) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut served = 0;
        while Instant::now() < deadline && served < 50 {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            served += 1;
            stream.set_nonblocking(false).unwrap();
            answer(stream, &store, failure);
        }
    });
    url
}

fn answer(mut stream: std::net::TcpStream, store: &Path, failure: Failure) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let reply = |status: &str, body: &[u8], claimed: usize| {
        let mut out =
            format!("HTTP/1.1 {status}\r\nContent-Length: {claimed}\r\nConnection: close\r\n\r\n")
                .into_bytes();
        out.extend_from_slice(body);
        out
    };
    let bytes = if let Some(name) = path.strip_prefix("/index/") {
        match std::fs::read(store.join("index").join(name)) {
            Ok(text) => reply("200 OK", &text, text.len()),
            Err(_) => reply("404 Not Found", b"{\"error\":\"no\"}", 14),
        }
    } else {
        let mut archive = Vec::new();
        let parts: Vec<&str> = path.trim_start_matches("/archives/").split('/').collect();
        if let [name, version] = parts.as_slice() {
            let file = store
                .join("archives")
                .join(name)
                .join(format!("{name}-{version}.tar.gz"));
            std::fs::File::open(file)
                .unwrap()
                .read_to_end(&mut archive)
                .unwrap();
        }
        match failure {
            Failure::Status500 => reply(
                "500 Internal Server Error",
                b"{\"error\":\"disk on fire\"}",
                24,
            ),
            Failure::CutShort => reply("200 OK", &archive[..archive.len() / 2], archive.len()),
        }
    };
    let _ = stream.write_all(&bytes);
}

#[test]
fn a_failing_registry_leaves_cache_manifest_and_lock_as_they_were() {
    for failure in [Failure::Status500, Failure::CutShort] {
        let world = World::new();
        let dir_url = populated(&world);
        let app = package(&world.path("work"), "app", "0.1.0", "utf8 = \"0.3\"\n");
        // A first, successful run fills the cache and writes the lock file.
        ops::sync(
            &Project::load(&app).unwrap(),
            &world.options(&dir_url),
            Update::Nothing,
        )
        .unwrap();
        let url = failing_registry(world.path("registry"), failure);
        let before = (world.snapshot(world.cache.root()), world.snapshot(&app));
        let edit =
            DependencyEdit::registry(PackageName::new("json").unwrap(), "1", DepKind::Normal);
        let err =
            ops::add(&Project::load(&app).unwrap(), &[edit], &world.options(&url)).unwrap_err();
        match (failure, &err) {
            (
                Failure::Status500,
                Error::Http {
                    status: 500,
                    message,
                    ..
                },
            ) => assert_eq!(message, "disk on fire"),
            (Failure::CutShort, Error::Transport { .. }) => {}
            _ => panic!("unexpected error: {err}"),
        }
        assert!(
            before == (world.snapshot(world.cache.root()), world.snapshot(&app)),
            "the failed run changed files"
        );
    }
}
