//! `seen-pkg`: being written (issue 5).
