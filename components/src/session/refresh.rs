//! Whether this tab refreshes the session, so that at most one tab spends each refresh token.
//!
//! Hugging Face rotates refresh tokens: once one is used, it is refused. Every tab of the
//! origin holds the same session and schedules the same refresh moment, so the tabs take turns
//! under a Web Lock (or elect one tab over the tab channel where the browser has no Web Locks),
//! and the tab that refreshes first writes the digest of the token it spends to localStorage
//! before sending it ([`spent_marker`]): a tab that gets its turn later sees its own token
//! spent and waits for the new session by tab message instead of spending it again. The marker
//! holds a digest, never the token.

use crate::OAuthResult;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// localStorage key of the digest of the refresh token spent last.
pub const SPENT_REFRESH_KEY: &str = "hf_oauth:refresh-spent";

/// Name of the Web Lock the tabs take turns under.
pub const REFRESH_LOCK_NAME: &str = "hf_oauth:refresh";

/// What a tab does when its turn to refresh comes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshDecision {
    /// Spend the refresh token: nobody else has.
    Refresh,
    /// Nothing to refresh: signed out, or no refresh token.
    Nothing,
    /// The session was already refreshed (the new one arrived by tab message): not due.
    NotDue,
    /// Another tab spent this refresh token: wait for its new session (or the expiry).
    SpentElsewhere,
}

/// The marker for `refresh_token`: a SHA-256 digest, shortened, base64url.
pub fn spent_marker(refresh_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(refresh_token.as_bytes())[..16])
}

/// Decide for the tab's `current` session at `now_ms`, given the marker in localStorage.
pub fn decide(current: Option<&OAuthResult>, spent: Option<&str>, now_ms: u64) -> RefreshDecision {
    // An expired session is refreshed too: its timer fired late (a laptop waking from sleep),
    // and the refresh token outlives the access token.
    let Some(result) = current else {
        return RefreshDecision::Nothing;
    };
    let (Some(token), Some(due)) = (
        result.refresh_token.as_ref().map(crate::Secret::expose),
        super::schedule::refresh_due_at(result),
    ) else {
        return RefreshDecision::Nothing;
    };
    if spent == Some(spent_marker(token).as_str()) {
        RefreshDecision::SpentElsewhere
    } else if now_ms < due {
        RefreshDecision::NotDue
    } else {
        RefreshDecision::Refresh
    }
}

/// Without Web Locks: each tab due for a refresh sends a claim with its random id over the tab
/// channel and listens for [`ELECTION_WINDOW_MS`]; the tab with the smallest id refreshes.
pub fn elected(own_id: &str, claims: &[String]) -> bool {
    claims.iter().all(|other| own_id <= other.as_str())
}

/// How long a tab collects the other tabs' claims before the smallest id refreshes.
pub const ELECTION_WINDOW_MS: u32 = 300;
