//! The formatter (to come in this change).
