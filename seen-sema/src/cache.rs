//! Memo tables keyed by an id and a name, looked up with a borrowed `&str`
//! (one hash of the text, no allocation on a hit).

use std::hash::{Hash, Hasher};

use indexmap::{Equivalent, IndexMap};

/// An owned key: an id (a type or a definition) and a name.
#[derive(PartialEq, Eq)]
pub(crate) struct NameKey(u32, Box<str>);

impl Hash for NameKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.hash(h);
        self.1.hash(h);
    }
}

/// A borrowed key with the same hash as the [`NameKey`] it looks up.
struct NameQuery<'q>(u32, &'q str);

impl Hash for NameQuery<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.hash(h);
        self.1.hash(h);
    }
}

impl Equivalent<NameKey> for NameQuery<'_> {
    fn equivalent(&self, key: &NameKey) -> bool {
        self.0 == key.0 && self.1 == &*key.1
    }
}

/// Values by (id, name).
pub(crate) struct NameMap<V>(IndexMap<NameKey, V, rustc_hash::FxBuildHasher>);

impl<V> Default for NameMap<V> {
    fn default() -> Self {
        NameMap(IndexMap::default())
    }
}

impl<V> NameMap<V> {
    /// The value for `(id, name)`.
    pub(crate) fn get(&self, id: u32, name: &str) -> Option<&V> {
        self.0.get(&NameQuery(id, name))
    }

    /// Sets the value for `(id, name)`.
    pub(crate) fn insert(&mut self, id: u32, name: &str, value: V) {
        self.0.insert(NameKey(id, name.into()), value);
    }
}

#[cfg(test)]
mod tests {
    use super::NameMap;

    #[test]
    fn a_borrowed_name_finds_an_owned_key() {
        let mut m = NameMap::default();
        m.insert(3, "size", 1);
        let text = String::from("size");
        assert_eq!(m.get(3, &text), Some(&1));
        assert_eq!(m.get(4, "size"), None);
        assert_eq!(m.get(3, "length"), None);
    }
}
