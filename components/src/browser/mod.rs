//! The only place that touches web APIs: page configuration, storage, fetch, location and
//! history, randomness, clocks and cross-tab messages. Everything here is thin; the decisions
//! are made in [`crate::auth`].

pub mod broadcast;
pub mod chat_transport;
pub mod fetch;
pub mod page;
pub mod popup;
pub mod redirect;
pub mod refresh_lock;
pub mod session_env;
pub mod storage;
