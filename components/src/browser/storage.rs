//! Where things are kept: the session in sessionStorage (per tab, never localStorage), the
//! pending login (verifier, nonce, state) and the discovery cache in localStorage.

use crate::auth::endpoints::{ProviderEndpoints, DISCOVERY_CACHE_KEY_PREFIX};
use crate::auth::login_url::{PendingLogin, PENDING_LOGIN_KEY};
use crate::auth::result::{OAuthResult, SESSION_STORAGE_KEY};
use gloo::storage::{LocalStorage, SessionStorage, Storage};

/// Keep the result in this tab's sessionStorage.
pub fn save_result(result: &OAuthResult) {
    let _ = SessionStorage::set(SESSION_STORAGE_KEY, result);
}

/// The saved result, expired or not; unreadable entries are removed.
pub fn load_result_any() -> Option<OAuthResult> {
    match SessionStorage::get::<OAuthResult>(SESSION_STORAGE_KEY) {
        Ok(result) => Some(result),
        Err(gloo::storage::errors::StorageError::KeyNotFound(_)) => None,
        Err(_) => {
            SessionStorage::delete(SESSION_STORAGE_KEY);
            None
        }
    }
}

/// Remove the result from sessionStorage.
pub fn clear_result() {
    SessionStorage::delete(SESSION_STORAGE_KEY);
}

/// Keep the pending login in localStorage until the provider sends the visitor back.
pub fn save_pending(pending: &PendingLogin) -> Result<(), crate::OAuthError> {
    LocalStorage::set(PENDING_LOGIN_KEY, pending).map_err(|e| {
        crate::OAuthError::Network(format!(
            "localStorage is not writable ({e}); sign-in needs it"
        ))
    })
}

/// Read and remove the pending login, whatever the outcome of the callback.
pub fn take_pending() -> Option<PendingLogin> {
    let pending = LocalStorage::get::<PendingLogin>(PENDING_LOGIN_KEY).ok();
    LocalStorage::delete(PENDING_LOGIN_KEY);
    pending
}

/// Discovery results remembered for `hub_url`.
pub fn cached_endpoints(hub_url: &str) -> Option<ProviderEndpoints> {
    LocalStorage::get(format!("{DISCOVERY_CACHE_KEY_PREFIX}{hub_url}")).ok()
}

/// Remember discovery results for `hub_url`.
pub fn cache_endpoints(hub_url: &str, endpoints: &ProviderEndpoints) {
    let _ = LocalStorage::set(format!("{DISCOVERY_CACHE_KEY_PREFIX}{hub_url}"), endpoints);
}
