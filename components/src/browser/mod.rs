//! The only place that touches web APIs: page configuration, storage, fetch, location and
//! history, randomness, clocks and cross-tab messages. Everything here is thin; the decisions
//! are made in [`crate::auth`].

pub(crate) mod broadcast;
pub(crate) mod chat_storage;
pub(crate) mod chat_transport;
pub(crate) mod discovery_cache;
pub(crate) mod fetch;
pub(crate) mod page;
pub(crate) mod popup;
pub(crate) mod redirect;
pub(crate) mod refresh_lock;
pub(crate) mod session_env;
pub(crate) mod storage;
