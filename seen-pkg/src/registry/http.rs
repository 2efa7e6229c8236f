//! The client side of the HTTP registry protocol (see `docs/packages.md`):
//! a small blocking client on `ureq`, with timeouts, size limits and the
//! server's JSON error messages turned into [`Error`]s.

use std::io::Read;
use std::time::Duration;

use semver::Version;
use serde::Deserialize;

use super::store::SearchHit;
use crate::Error;
use crate::index::IndexEntry;
use crate::progress::{Event, Progress};

/// Index files larger than this are refused.
const MAX_INDEX: u64 = 16 << 20;

/// A client of one HTTP registry.
pub struct HttpClient {
    base: String,
    agent: ureq::Agent,
    token: Option<String>,
}

/// The body of an error answer: `{"error": "...", "name": ..., "version": ...}`.
#[derive(Default, Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
}

#[derive(Deserialize)]
struct SearchBody {
    packages: Vec<SearchHit>,
}

impl HttpClient {
    /// A client of the registry at `base` (no trailing `/`).
    pub fn new(base: &str, token: Option<String>) -> HttpClient {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_recv_response(Some(Duration::from_secs(60)))
            .timeout_recv_body(Some(Duration::from_secs(300)))
            .user_agent(concat!("seen/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        HttpClient {
            base: base.to_string(),
            agent,
            token,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }

    /// `GET /index/NAME`: the index file, `None` on 404.
    pub fn index(&self, name: &str) -> Result<Option<String>, Error> {
        let url = self.url(&format!("index/{name}"));
        let mut response = self
            .agent
            .get(&url)
            .call()
            .map_err(|e| transport("GET", &url, e))?;
        match response.status().as_u16() {
            200 => {
                let body = response
                    .body_mut()
                    .with_config()
                    .limit(MAX_INDEX)
                    .read_to_string();
                body.map(Some).map_err(|e| transport("GET", &url, e))
            }
            404 | 410 => Ok(None),
            status => Err(status_error("GET", &url, status, &mut response)),
        }
    }

    /// `GET /archives/NAME/VERSION`: the archive's bytes, at most `limit`.
    pub fn download(
        &self,
        name: &str,
        version: &Version,
        limit: u64,
        progress: &dyn Progress,
    ) -> Result<Vec<u8>, Error> {
        let url = self.url(&format!("archives/{name}/{version}"));
        progress.event(Event::Detail(format!("GET {url}")));
        let mut response = self
            .agent
            .get(&url)
            .call()
            .map_err(|e| transport("GET", &url, e))?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(status_error("GET", &url, status, &mut response));
        }
        let size = response.body().content_length();
        let (name_s, version_s) = (name.to_string(), version.to_string());
        progress.event(Event::DownloadStart {
            name: &name_s,
            version: &version_s,
            size,
        });
        let mut reader = response.body_mut().with_config().limit(limit).reader();
        let mut bytes = Vec::with_capacity(size.unwrap_or(0).min(limit) as usize);
        let mut chunk = [0u8; 64 * 1024];
        loop {
            let n = reader
                .read(&mut chunk)
                .map_err(|e| transport("GET", &url, e))?;
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..n]);
            progress.event(Event::DownloadProgress {
                bytes: bytes.len() as u64,
            });
        }
        if size.is_some_and(|s| s != bytes.len() as u64) {
            let reason = format!(
                "the download stopped after {} of {} bytes",
                bytes.len(),
                size.unwrap_or(0)
            );
            return Err(transport("GET", &url, reason));
        }
        Ok(bytes)
    }

    fn authorized(
        &self,
        request: ureq::RequestBuilder<ureq::typestate::WithBody>,
    ) -> ureq::RequestBuilder<ureq::typestate::WithBody> {
        match &self.token {
            Some(token) => request.header("Authorization", format!("Bearer {token}")),
            None => request,
        }
    }

    /// `PUT /api/v1/publish` with the archive as the body.
    pub fn publish(&self, archive: &[u8]) -> Result<IndexEntry, Error> {
        let url = self.url("api/v1/publish");
        let request = self
            .authorized(self.agent.put(&url))
            .header("Content-Type", "application/gzip");
        let mut response = request
            .send(archive)
            .map_err(|e| transport("PUT", &url, e))?;
        match response.status().as_u16() {
            200 | 201 => read_json::<IndexEntry>(&mut response, "PUT", &url),
            status => Err(status_error("PUT", &url, status, &mut response)),
        }
    }

    /// `PUT /api/v1/packages/NAME/VERSION/yank` (or `unyank`).
    pub fn set_yanked(&self, name: &str, version: &Version, yanked: bool) -> Result<(), Error> {
        let action = if yanked { "yank" } else { "unyank" };
        let url = self.url(&format!("api/v1/packages/{name}/{version}/{action}"));
        let mut response = self
            .authorized(self.agent.put(&url))
            .send(&[][..])
            .map_err(|e| transport("PUT", &url, e))?;
        match response.status().as_u16() {
            200 => Ok(()),
            status => Err(status_error("PUT", &url, status, &mut response)),
        }
    }

    /// `GET /api/v1/search?q=QUERY&limit=N`.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, Error> {
        let url = self.url("api/v1/search");
        let request = self
            .agent
            .get(&url)
            .query("q", query)
            .query("limit", limit.to_string());
        let mut response = request.call().map_err(|e| transport("GET", &url, e))?;
        match response.status().as_u16() {
            200 => read_json::<SearchBody>(&mut response, "GET", &url).map(|b| b.packages),
            status => Err(status_error("GET", &url, status, &mut response)),
        }
    }
}

fn read_json<T: serde::de::DeserializeOwned>(
    response: &mut ureq::http::Response<ureq::Body>,
    method: &'static str,
    url: &str,
) -> Result<T, Error> {
    let text = response
        .body_mut()
        .with_config()
        .limit(MAX_INDEX)
        .read_to_string()
        .map_err(|e| transport(method, url, e))?;
    serde_json::from_str(&text).map_err(|e| transport(method, url, e))
}

fn transport(
    method: &'static str,
    url: &str,
    e: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> Error {
    Error::Transport {
        method,
        url: url.to_string(),
        source: e.into(),
    }
}

/// The error an HTTP status means, with the server's message.
fn status_error(
    method: &'static str,
    url: &str,
    status: u16,
    response: &mut ureq::http::Response<ureq::Body>,
) -> Error {
    let text = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
        .unwrap_or_default();
    let body = serde_json::from_str::<ErrorBody>(&text).unwrap_or_else(|_| ErrorBody {
        error: text.trim().chars().take(200).collect(),
        ..ErrorBody::default()
    });
    let package = body.name.unwrap_or_else(|| "the package".to_string());
    match status {
        401 | 403 if body.error.is_empty() => Error::Unauthorized {
            message: format!("the registry refused `{method} {url}`"),
        },
        401 | 403 => Error::Unauthorized {
            message: body.error,
        },
        409 => Error::VersionExists {
            package,
            version: body.version.unwrap_or_default(),
        },
        400 | 413 | 422 => Error::NotPublishable {
            package,
            reason: body.error,
        },
        _ => Error::Http {
            method,
            url: url.to_string(),
            status,
            message: body.error,
        },
    }
}
