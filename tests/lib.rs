//! Browser tests live in browser/.
