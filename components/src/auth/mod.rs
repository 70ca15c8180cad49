//! Pure OAuth logic: runs natively, no web APIs. The browser layer (`crate::browser`) feeds it.

pub(crate) mod callback;
pub(crate) mod config;
pub(crate) mod endpoints;
pub(crate) mod error;
#[cfg(test)]
pub(crate) mod fake;
pub(crate) mod flow;
pub(crate) mod id_token;
mod json;
pub(crate) mod login_url;
pub(crate) mod pkce;
pub(crate) mod popup;
pub(crate) mod profile;
mod profile_builder;
pub(crate) mod result;
pub(crate) mod secret;
pub(crate) mod session;
pub(crate) mod sign_in_request;
#[cfg(test)]
mod storage_keys;
pub(crate) mod token;
pub(crate) mod userinfo_response;
