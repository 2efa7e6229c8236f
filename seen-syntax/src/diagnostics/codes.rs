//! Diagnostic codes.
