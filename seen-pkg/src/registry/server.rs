//! `seen registry serve`: an HTTP server for a registry directory.
//!
//! Endpoints (the protocol is documented in `docs/packages.md`):
//!
//! | request | answer |
//! |---|---|
//! | `GET /index/NAME` | the index file, or 404 |
//! | `GET /archives/NAME/VERSION` | the `.tar.gz`, or 404 |
//! | `PUT /api/v1/publish` (body: archive; token) | the new index entry; 409 if the version exists |
//! | `PUT /api/v1/packages/NAME/VERSION/yank` (token) | `{"ok": true}` |
//! | `PUT /api/v1/packages/NAME/VERSION/unyank` (token) | `{"ok": true}` |
//! | `GET /api/v1/search?q=QUERY&limit=N` | `{"packages": [{"name", "version", "description"}]}` |
//!
//! Writes need `Authorization: Bearer TOKEN`; a server started without a
//! token refuses them all. A few worker threads answer requests; the store
//! serialises writers with a file lock, so several servers (or a server
//! and a `file://` publisher) can share one directory.

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use semver::Version;
use serde_json::{Value, json};
use tiny_http::{Header, Method, Request, Response};

use super::store::Store;
use crate::Error;
use crate::archive::Limits;

/// A callback told of each request answered: method, path, status.
pub type RequestLog = Arc<dyn Fn(&str, &str, u16) + Send + Sync>;

/// How to run a server.
#[derive(Clone)]
pub struct ServerConfig {
    /// The registry directory (created if missing).
    pub dir: PathBuf,
    /// The address to listen on, such as `127.0.0.1:8080` (port 0 picks one).
    pub addr: String,
    /// The token writes need; `None` makes the registry read-only.
    pub token: Option<String>,
    /// Size limits for uploads.
    pub limits: Limits,
    /// Worker threads.
    pub threads: usize,
    /// Told of each request, for logging.
    pub log: Option<RequestLog>,
}

impl ServerConfig {
    /// A configuration with default limits, four threads and no log.
    pub fn new(
        dir: impl Into<PathBuf>,
        addr: impl Into<String>,
        token: Option<String>,
    ) -> ServerConfig {
        ServerConfig {
            dir: dir.into(),
            addr: addr.into(),
            token,
            limits: Limits::default(),
            threads: 4,
            log: None,
        }
    }
}

struct State {
    store: Store,
    token: Option<String>,
    log: Option<RequestLog>,
}

/// A bound server, ready to [`Server::run`].
pub struct Server {
    http: Arc<tiny_http::Server>,
    state: Arc<State>,
    threads: usize,
    stopping: Arc<AtomicBool>,
}

/// Stops a running server from another thread.
#[derive(Clone)]
pub struct Stopper {
    http: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
    threads: usize,
}

impl Stopper {
    /// Makes [`Server::run`] return once the requests in flight are answered.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        for _ in 0..self.threads {
            self.http.unblock();
        }
    }
}

impl Server {
    /// Opens the registry directory and binds the address.
    pub fn bind(config: ServerConfig) -> Result<Server, Error> {
        let store = Store::open(&config.dir, config.limits)?;
        let cannot_listen = |e: &dyn std::fmt::Display| Error::Invalid {
            code: crate::codes::INVALID,
            message: format!("cannot listen on `{}`: {e}", config.addr),
            help: Some("pick a free port, or port 0 to let the system choose".into()),
        };
        let listener = std::net::TcpListener::bind(&config.addr).map_err(|e| cannot_listen(&e))?;
        no_delay(&listener);
        let http =
            tiny_http::Server::from_listener(listener, None).map_err(|e| cannot_listen(&e))?;
        let state = State {
            store,
            token: config.token.filter(|t| !t.is_empty()),
            log: config.log,
        };
        Ok(Server {
            http: Arc::new(http),
            state: Arc::new(state),
            threads: config.threads.max(1),
            stopping: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.http.server_addr().to_ip()
    }

    /// Its base URL, `http://ADDR`.
    pub fn url(&self) -> String {
        match self.local_addr() {
            Some(addr) => format!("http://{addr}"),
            None => "http://localhost".to_string(),
        }
    }

    /// A handle that stops it.
    pub fn stopper(&self) -> Stopper {
        Stopper {
            http: self.http.clone(),
            stopping: self.stopping.clone(),
            threads: self.threads,
        }
    }

    /// Answers requests until stopped.
    pub fn run(self) {
        let workers: Vec<JoinHandle<()>> = (1..self.threads)
            .map(|_| {
                let (http, state, stopping) =
                    (self.http.clone(), self.state.clone(), self.stopping.clone());
                std::thread::spawn(move || work(&http, &state, &stopping))
            })
            .collect();
        work(&self.http, &self.state, &self.stopping);
        for w in workers {
            let _ = w.join();
        }
    }

    /// Runs in a background thread; the server stops when the returned
    /// value is dropped (handy in tests).
    pub fn spawn(self) -> Running {
        let (url, stopper) = (self.url(), self.stopper());
        let handle = std::thread::spawn(move || self.run());
        Running {
            url,
            stopper,
            handle: Some(handle),
        }
    }
}

/// A server running in the background.
pub struct Running {
    /// Its base URL.
    pub url: String,
    stopper: Stopper,
    handle: Option<JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stopper.stop();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// Sends small writes at once (accepted sockets inherit the setting on
/// Linux). tiny_http writes a response's head and body separately; with
/// Nagle's algorithm the body would wait for the client's delayed ACK,
/// about 40 ms per request.
fn no_delay(listener: &std::net::TcpListener) {
    #[cfg(unix)]
    let _ = rustix::net::sockopt::set_tcp_nodelay(listener, true);
    #[cfg(not(unix))]
    let _ = listener;
}

fn work(http: &tiny_http::Server, state: &State, stopping: &AtomicBool) {
    loop {
        match http.recv() {
            Ok(request) => {
                // A bug in one request must not take a worker down: the
                // request is dropped (tiny_http answers 500) and work goes on.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    answer(state, request)
                }));
            }
            Err(_) if stopping.load(Ordering::SeqCst) => return,
            Err(_) => {}
        }
    }
}

/// What to send back.
enum Reply {
    Json(u16, Value),
    Text(u16, String),
    Archive(Vec<u8>),
}

fn error_reply(status: u16, message: impl Into<String>) -> Reply {
    Reply::Json(status, json!({ "error": message.into() }))
}

fn answer(state: &State, mut request: Request) {
    let method = request.method().clone();
    let url = request.url().to_string();
    let reply = route(state, &mut request, &method, &url);
    let (status, body, content_type) = match reply {
        Reply::Json(status, value) => (status, value.to_string().into_bytes(), "application/json"),
        Reply::Text(status, text) => (status, text.into_bytes(), "text/plain; charset=utf-8"),
        Reply::Archive(bytes) => (200, bytes, "application/gzip"),
    };
    if let Some(log) = &state.log {
        log(method.as_str(), url.split('?').next().unwrap_or(""), status);
    }
    let header = Header::from_bytes(&b"Content-Type"[..], content_type.as_bytes())
        .expect("a static header is valid");
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header);
    let _ = request.respond(response);
}

fn route(state: &State, request: &mut Request, method: &Method, url: &str) -> Reply {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let parts: Vec<&str> = path
        .trim_start_matches('/')
        .trim_end_matches('/')
        .split('/')
        .collect();
    match (method, parts.as_slice()) {
        (Method::Get, [""]) => Reply::Text(200, "Seen package registry\n".to_string()),
        (Method::Get, ["index", name]) => match state.store.index_text(name) {
            Ok(Some(text)) => Reply::Text(200, text),
            Ok(None) => error_reply(404, format!("package `{name}` is not in this registry")),
            Err(e) => store_error(&e),
        },
        (Method::Get, ["archives", name, version]) => archive(state, name, version),
        (Method::Put, ["api", "v1", "publish"]) => {
            authorized(state, request).unwrap_or_else(|| publish(state, request))
        }
        (
            Method::Put,
            [
                "api",
                "v1",
                "packages",
                name,
                version,
                action @ ("yank" | "unyank"),
            ],
        ) => authorized(state, request)
            .unwrap_or_else(|| yank(state, name, version, *action == "yank")),
        (Method::Get, ["api", "v1", "search"]) => search(state, query),
        (_, ["index" | "archives" | "api", ..])
            if *method != Method::Get && *method != Method::Put =>
        {
            error_reply(405, format!("`{}` is not allowed here", method.as_str()))
        }
        _ => error_reply(404, format!("no such endpoint `{path}`")),
    }
}

/// `Some(refusal)` unless the request carries the server's token.
fn authorized(state: &State, request: &Request) -> Option<Reply> {
    let Some(expected) = &state.token else {
        return Some(error_reply(
            403,
            "this registry takes no uploads (it was started without a token)",
        ));
    };
    let given = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Authorization"))
        .and_then(|h| h.value.as_str().strip_prefix("Bearer "));
    match given {
        None => Some(error_reply(
            401,
            "this request needs a token (`Authorization: Bearer TOKEN`)",
        )),
        Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => None,
        Some(_) => Some(error_reply(403, "the token is not valid for this registry")),
    }
}

/// Compares without stopping at the first difference, so the time taken
/// does not reveal how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    diff == 0 && a.len() == b.len()
}

fn archive(state: &State, name: &str, version: &str) -> Reply {
    let Ok(version) = Version::parse(version) else {
        return error_reply(404, format!("`{version}` is not a version"));
    };
    match state.store.archive(name, &version) {
        Ok(bytes) => Reply::Archive(bytes),
        Err(e) => store_error(&e),
    }
}

fn publish(state: &State, request: &mut Request) -> Reply {
    let limit = state.store.limits().max_compressed;
    if request.body_length().is_some_and(|n| n as u64 > limit) {
        return error_reply(413, format!("the archive is larger than {limit} bytes"));
    }
    let mut body = Vec::new();
    if let Err(e) = request.as_reader().take(limit + 1).read_to_end(&mut body) {
        return error_reply(400, format!("cannot read the upload: {e}"));
    }
    if body.len() as u64 > limit {
        return error_reply(413, format!("the archive is larger than {limit} bytes"));
    }
    match state.store.publish(&body) {
        Ok(entry) => Reply::Json(
            200,
            serde_json::to_value(&entry).expect("an index entry serialises"),
        ),
        Err(e) => store_error(&e),
    }
}

fn yank(state: &State, name: &str, version: &str, yanked: bool) -> Reply {
    let Ok(version) = Version::parse(version) else {
        return error_reply(404, format!("`{version}` is not a version"));
    };
    match state.store.set_yanked(name, &version, yanked) {
        Ok(()) => Reply::Json(200, json!({ "ok": true })),
        Err(e) => store_error(&e),
    }
}

fn search(state: &State, query: &str) -> Reply {
    let mut q = String::new();
    let mut limit = 20;
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "q" => q = percent_decode(value),
            "limit" => limit = value.parse().unwrap_or(20).clamp(1, 100),
            _ => {}
        }
    }
    match state.store.search(&q, limit) {
        Ok(hits) => Reply::Json(200, json!({ "packages": hits })),
        Err(e) => store_error(&e),
    }
}

/// The status and message for a store error.
fn store_error(e: &Error) -> Reply {
    let status = match e {
        Error::NotPublishable { .. }
        | Error::Archive { .. }
        | Error::File(_)
        | Error::BadIndex { .. } => 400,
        Error::VersionExists { package, version } => {
            return Reply::Json(
                409,
                json!({ "error": e.to_string(), "name": package, "version": version }),
            );
        }
        Error::NotFound { .. } => 404,
        _ => 500,
    };
    error_reply(status, e.to_string())
}

/// Decodes `%XX` and `+` in a query value.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 3 <= bytes.len() => {
                match (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push(high * 16 + low);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_and_comparing() {
        assert_eq!(percent_decode("a+b%2Fc%zz%"), "a b/c%zz%");
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
