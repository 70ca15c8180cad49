//! Pure OAuth logic: runs natively, no web APIs. The browser layer (`crate::browser`) feeds it.

pub mod config;
pub mod error;
pub mod result;
pub mod session;
pub mod user_info;
