//! Pure OAuth logic: runs natively, no web APIs. The browser layer (`crate::browser`) feeds it.

pub mod callback;
pub mod config;
pub mod endpoints;
pub mod error;
#[cfg(test)]
pub(crate) mod fake;
pub mod flow;
pub mod id_token;
mod json;
pub mod login_url;
pub mod pkce;
pub mod popup;
pub mod result;
pub mod session;
pub mod token;
pub mod user_info;
pub mod userinfo;
