//! Registries: reading their index and archives, publishing to them, and
//! serving one over HTTP.
//!
//! A [`Registry`] is a client of either kind of registry (a local
//! directory through [`store::Store`], or an HTTP server through
//! [`http::HttpClient`]) and the [`Index`] the resolver reads. It
//! remembers each index file for the run, reads the cache instead of the
//! network under `--offline`, and stores the index files it fetched in the
//! cache only when told the whole operation succeeded
//! ([`Registry::commit_index_cache`]), so a failed run changes nothing.
//! [`server`] is the HTTP server.

pub mod http;
pub mod server;
pub mod store;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use semver::Version;

use self::http::HttpClient;
use self::store::{SearchHit, Store};
use crate::archive::Limits;
use crate::cache::Cache;
use crate::index::{self, IndexEntry};
use crate::progress::{Event, Progress};
use crate::resolve::Index;
use crate::source::RegistryUrl;
use crate::summary::Summary;
use crate::{Error, name};

/// How to talk to a registry.
#[derive(Clone, Debug)]
pub struct RegistryOptions {
    /// `Some("--offline")` or `Some("--frozen")` forbids the network.
    pub offline: Option<&'static str>,
    /// The token for publishing and yanking.
    pub token: Option<String>,
    /// Where index files are kept for offline use.
    pub cache: Option<Cache>,
    /// Size limits for archives.
    pub limits: Limits,
}

enum Kind {
    Dir(Store),
    Http(HttpClient),
}

/// A client of one registry.
pub struct Registry {
    url: RegistryUrl,
    kind: Kind,
    options: RegistryOptions,
    memo: RefCell<HashMap<String, Option<Arc<Vec<Summary>>>>>,
    fetched: RefCell<BTreeMap<String, String>>,
}

impl Registry {
    /// A client of the registry at `url`.
    pub fn open(url: &RegistryUrl, options: RegistryOptions) -> Result<Registry, Error> {
        let kind = match url {
            RegistryUrl::Dir(dir) => {
                if !dir.join("index").is_dir() {
                    return Err(Error::BadRegistryUrl {
                        url: url.to_string(),
                        reason: "the directory is not a registry (it has no `index/`)".into(),
                    });
                }
                Kind::Dir(Store::open(dir, options.limits)?)
            }
            RegistryUrl::Http(base) => Kind::Http(HttpClient::new(base, options.token.clone())),
        };
        Ok(Registry {
            url: url.clone(),
            kind,
            options,
            memo: RefCell::default(),
            fetched: RefCell::default(),
        })
    }

    /// The registry's address.
    pub fn url(&self) -> &RegistryUrl {
        &self.url
    }

    fn network(&self, what: impl FnOnce() -> String) -> Result<(), Error> {
        match (&self.kind, self.options.offline) {
            (Kind::Http(_), Some(flag)) => Err(Error::Offline { what: what(), flag }),
            _ => Ok(()),
        }
    }

    /// The raw index file of `name`, from wherever it may come.
    fn index_text(&self, name: &str) -> Result<Option<String>, Error> {
        match &self.kind {
            Kind::Dir(store) => store.index_text(name),
            Kind::Http(client) => {
                if self.options.offline.is_some() {
                    if let Some(text) = self
                        .options
                        .cache
                        .as_ref()
                        .and_then(|c| c.read_index(&self.url, name))
                    {
                        return Ok(Some(text));
                    }
                }
                self.network(|| format!("the index of `{name}`"))?;
                let text = client.index(name)?;
                if let Some(text) = &text {
                    self.fetched
                        .borrow_mut()
                        .insert(name.to_string(), text.clone());
                }
                Ok(text)
            }
        }
    }

    /// Every version of `name` as index entries.
    pub fn entries(&self, name: &str) -> Result<Option<Vec<IndexEntry>>, Error> {
        if !name::is_valid(name) {
            return Ok(None);
        }
        self.index_text(name)?
            .map(|text| index::parse_file(name, &text))
            .transpose()
    }

    /// Stores the index files fetched during this run in the cache. Call it
    /// once the operation has succeeded.
    pub fn commit_index_cache(&self) -> Result<(), Error> {
        if let Some(cache) = &self.options.cache {
            for (name, text) in self.fetched.borrow().iter() {
                cache.write_index(&self.url, name, text)?;
            }
        }
        Ok(())
    }

    /// Downloads the archive of `name version`.
    pub fn download(
        &self,
        name: &str,
        version: &Version,
        progress: &dyn Progress,
    ) -> Result<Vec<u8>, Error> {
        match &self.kind {
            Kind::Dir(store) => store.archive(name, version),
            Kind::Http(client) => {
                self.network(|| format!("the archive of `{name} {version}`"))?;
                client.download(name, version, self.options.limits.max_compressed, progress)
            }
        }
    }

    /// Publishes an archive made by [`crate::archive::pack`].
    pub fn publish(&self, archive: &[u8]) -> Result<IndexEntry, Error> {
        match &self.kind {
            Kind::Dir(store) => store.publish(archive),
            Kind::Http(client) => {
                self.network(|| "publishing".to_string())?;
                client.publish(archive)
            }
        }
    }

    /// Yanks (or un-yanks) a version.
    pub fn set_yanked(&self, name: &str, version: &Version, yanked: bool) -> Result<(), Error> {
        match &self.kind {
            Kind::Dir(store) => store.set_yanked(name, version, yanked),
            Kind::Http(client) => {
                self.network(|| "yanking".to_string())?;
                client.set_yanked(name, version, yanked)
            }
        }
    }

    /// Searches names and descriptions.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        progress: &dyn Progress,
    ) -> Result<Vec<SearchHit>, Error> {
        match &self.kind {
            Kind::Dir(store) => store.search(query, limit),
            Kind::Http(client) => {
                self.network(|| "searching".to_string())?;
                progress.event(Event::Detail(format!(
                    "searching {} for `{query}`",
                    self.url
                )));
                client.search(query, limit)
            }
        }
    }
}

impl Index for Registry {
    fn versions(&self, name: &str) -> Result<Option<Arc<Vec<Summary>>>, Error> {
        if let Some(found) = self.memo.borrow().get(name) {
            return Ok(found.clone());
        }
        let found = match self.entries(name)? {
            Some(entries) => {
                let mut summaries = entries
                    .iter()
                    .map(|e| Summary::from_index(e, &self.url))
                    .collect::<Result<Vec<_>, _>>()?;
                summaries.sort_by(|a, b| a.version.cmp(&b.version));
                Some(Arc::new(summaries))
            }
            None => None,
        };
        self.memo
            .borrow_mut()
            .insert(name.to_string(), found.clone());
        Ok(found)
    }
}
