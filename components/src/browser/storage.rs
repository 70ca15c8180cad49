//! Where things are kept: the session in sessionStorage (per tab, never localStorage), the
//! pending login (verifier, nonce, state) and the discovery cache in localStorage.
//!
//! Values are written as JSON with serde and read back with the crate's JSON reader (the
//! browser's `JSON.parse`), so no JSON parser is linked into the wasm.

use crate::auth::login_url::{PendingLogin, PENDING_LOGIN_KEY};
use crate::auth::result::{OAuthResult, SESSION_STORAGE_KEY};
use crate::json::Json;
use crate::session::refresh::SPENT_REFRESH_KEY;
use gloo::storage::{LocalStorage, SessionStorage, Storage};
use serde::Serialize;

/// Write `value` as JSON under `key`; the browser's message when storage refuses.
fn set(storage: &web_sys::Storage, key: &str, value: &impl Serialize) -> Result<(), String> {
    let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
    storage.set_item(key, &text).map_err(|e| {
        js_sys::Error::from(e)
            .message()
            .as_string()
            .unwrap_or_else(|| "storage refused the write".to_owned())
    })
}

/// The JSON under `key`, when there is a readable entry.
fn get(storage: &web_sys::Storage, key: &str) -> Option<Json> {
    Json::parse(&storage.get_item(key).ok()??)
}

/// Keep the result in this tab's sessionStorage.
pub fn save_result(result: &OAuthResult) -> Result<(), crate::OAuthError> {
    set(&SessionStorage::raw(), SESSION_STORAGE_KEY, result).map_err(|e| {
        crate::OAuthError::Storage(format!("sessionStorage refused the session ({e})"))
    })
}

/// The saved result, expired or not; unreadable entries are removed.
pub fn load_result_any() -> Option<OAuthResult> {
    let text = SessionStorage::raw().get_item(SESSION_STORAGE_KEY).ok()??;
    let result = Json::parse(&text).and_then(|json| OAuthResult::from_json(&json));
    if result.is_none() {
        SessionStorage::delete(SESSION_STORAGE_KEY);
    }
    result
}

/// Remove the result from sessionStorage.
pub fn clear_result() {
    SessionStorage::delete(SESSION_STORAGE_KEY);
}

/// Keep the pending login in localStorage until the provider sends the visitor back.
pub fn save_pending(pending: &PendingLogin) -> Result<(), crate::OAuthError> {
    set(&LocalStorage::raw(), PENDING_LOGIN_KEY, pending).map_err(|e| {
        crate::OAuthError::Storage(format!(
            "localStorage is not writable ({e}); sign-in needs it"
        ))
    })
}

/// Read and remove the pending login, whatever the outcome of the callback.
pub fn take_pending() -> Option<PendingLogin> {
    let pending = get(&LocalStorage::raw(), PENDING_LOGIN_KEY)
        .and_then(|json| PendingLogin::from_json(&json));
    LocalStorage::delete(PENDING_LOGIN_KEY);
    pending
}

/// The marker of the refresh token spent last by any tab of the origin (a digest, never the
/// token; see [`crate::session::refresh`]).
pub fn spent_refresh() -> Option<String> {
    LocalStorage::raw().get_item(SPENT_REFRESH_KEY).ok()?
}

/// Record that a refresh token is being spent, before its request is sent.
pub fn mark_refresh_spent(marker: &str) {
    let _ = LocalStorage::raw().set_item(SPENT_REFRESH_KEY, marker);
}
