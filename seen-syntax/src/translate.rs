//! Translation between packs.
