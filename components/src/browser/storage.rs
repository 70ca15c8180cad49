//! Where things are kept: the session in sessionStorage (the tab that holds it; never
//! localStorage) and the pending sign-ins (verifier, nonce, state; one entry each, keyed by
//! state) and the refresh marker in localStorage (the discovery cache: `discovery_cache`).
//!
//! A browser may refuse storage altogether (blocked site data: `window.sessionStorage` throws a
//! `SecurityError`) or refuse a write (`QuotaExceededError`): nothing here panics; reads find
//! nothing, writes say why.
//!
//! Values are written as JSON with serde and read back with the crate's JSON reader (the
//! browser's `JSON.parse`), so no JSON parser is linked into the wasm.

use crate::auth::login_url::{pending_login_key, PendingLogin, PENDING_LOGIN_KEY_PREFIX};
use crate::auth::result::{OAuthResult, SESSION_STORAGE_KEY};
use crate::json::Json;
use crate::session::refresh::SPENT_REFRESH_KEY;
use crate::OAuthError;
use serde::Serialize;

/// Which of the page's two storages.
#[derive(Clone, Copy)]
enum Area {
    Local,
    Session,
}

/// The storage, unless the browser refuses it (the getter throws, or there is none).
fn storage(area: Area) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match area {
        Area::Local => window.local_storage(),
        Area::Session => window.session_storage(),
    }
    .ok()
    .flatten()
}

/// Write `value` as JSON under `key`.
fn set(area: Area, key: &str, value: &impl Serialize) -> Result<(), OAuthError> {
    let storage = storage(area).ok_or(OAuthError::StorageBlocked)?;
    let text = serde_json::to_string(value)
        .map_err(|_| OAuthError::Storage("the value could not be written as JSON".into()))?;
    storage.set_item(key, &text).map_err(|e| {
        OAuthError::Storage(
            js_sys::Error::from(e)
                .message()
                .as_string()
                .unwrap_or_else(|| "storage refused the write".to_owned()),
        )
    })
}

/// The text under `key`, when there is a readable entry.
fn get_text(area: Area, key: &str) -> Option<String> {
    storage(area)?.get_item(key).ok()?
}

/// The JSON under `key`, when there is a readable entry.
fn get(area: Area, key: &str) -> Option<Json> {
    Json::parse(&get_text(area, key)?)
}

fn remove(area: Area, key: &str) {
    if let Some(storage) = storage(area) {
        let _ = storage.remove_item(key);
    }
}

/// Keep the result in this tab's sessionStorage.
pub fn save_result(result: &OAuthResult) -> Result<(), OAuthError> {
    set(Area::Session, SESSION_STORAGE_KEY, result)
}

/// The saved result, expired or not; unreadable entries are removed.
pub fn load_result_any() -> Option<OAuthResult> {
    let text = get_text(Area::Session, SESSION_STORAGE_KEY)?;
    let result = Json::parse(&text).and_then(|json| OAuthResult::from_json(&json));
    if result.is_none() {
        remove(Area::Session, SESSION_STORAGE_KEY);
    }
    result
}

/// Remove the result from sessionStorage.
pub fn clear_result() {
    remove(Area::Session, SESSION_STORAGE_KEY);
}

/// Keep a pending sign-in in localStorage, under its own key, until the provider sends the
/// visitor back; pending sign-ins older than 30 minutes (and the single entry of older
/// versions) are dropped on the way.
pub fn save_pending(pending: &PendingLogin, now_ms: u64) -> Result<(), OAuthError> {
    drop_stale_pending(now_ms);
    set(Area::Local, &pending_login_key(&pending.state), pending)
}

/// Read and remove the pending sign-in whose state is `state`; the others stay.
pub fn take_pending(state: &str) -> Option<PendingLogin> {
    if state.is_empty() {
        return None;
    }
    let key = pending_login_key(state);
    let pending = get(Area::Local, &key).and_then(|json| PendingLogin::from_json(&json));
    remove(Area::Local, &key);
    pending
}

/// Remove the pending sign-ins that are stale at `now_ms` or unreadable.
fn drop_stale_pending(now_ms: u64) {
    let Some(storage) = storage(Area::Local) else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(PENDING_LOGIN_KEY_PREFIX) || key == "hf_oauth:pending")
        .collect();
    for key in keys {
        let fresh = get(Area::Local, &key)
            .and_then(|json| PendingLogin::from_json(&json))
            .is_some_and(|pending| !pending.is_stale_at(now_ms));
        if !fresh || !key.starts_with(PENDING_LOGIN_KEY_PREFIX) {
            let _ = storage.remove_item(&key);
        }
    }
}

/// The marker of the refresh token spent last by any tab of the origin (a digest, never the
/// token; see [`crate::session::refresh`]).
pub fn spent_refresh() -> Option<String> {
    get_text(Area::Local, SPENT_REFRESH_KEY)
}

/// Record that a refresh token is being spent, before its request is sent.
pub fn mark_refresh_spent(marker: &str) {
    if let Some(storage) = storage(Area::Local) {
        let _ = storage.set_item(SPENT_REFRESH_KEY, marker);
    }
}

/// Forget the spent marker: its refresh request never reached the provider.
pub fn forget_refresh_spent() {
    remove(Area::Local, SPENT_REFRESH_KEY);
}
