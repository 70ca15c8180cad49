//! The discovery cache of a non-default hub, in localStorage under
//! `hf_oauth:discovery:<hub>`: written with the time it was fetched, and used only while
//! [`CachedDiscovery::endpoints_for`] accepts it (fresh for a day, issued by that hub, `https`).
//!
//! Storage that is missing or refused reads as an empty cache and is not written: discovery
//! then runs on every sign-in.

use crate::auth::endpoints::{discovery_cache_key, CachedDiscovery, ProviderEndpoints};
use crate::json::Json;

/// This origin's localStorage, when the browser lets the page have it.
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The endpoints remembered for `hub_url`, when the entry may still be used at `now_ms`. An
/// entry that may not (stale, another issuer, not `https`, unreadable) is removed.
pub fn cached_endpoints(hub_url: &str, now_ms: u64) -> Option<ProviderEndpoints> {
    let storage = local_storage()?;
    let key = discovery_cache_key(hub_url);
    let text = storage.get_item(&key).ok()??;
    let endpoints = Json::parse(&text)
        .and_then(|json| CachedDiscovery::read(&json))
        .and_then(|entry| entry.endpoints_for(hub_url, now_ms));
    if endpoints.is_none() {
        let _ = storage.remove_item(&key);
    }
    endpoints
}

/// Remember `endpoints`, fetched for `hub_url` at `now_ms`. A refused write is ignored.
pub fn cache_endpoints(hub_url: &str, endpoints: &ProviderEndpoints, now_ms: u64) {
    let entry = CachedDiscovery {
        endpoints: endpoints.clone(),
        fetched_at_ms: now_ms,
    };
    let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(&entry)) else {
        return;
    };
    let _ = storage.set_item(&discovery_cache_key(hub_url), &text);
}
