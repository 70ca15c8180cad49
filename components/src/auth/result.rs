//! The outcome of a successful sign-in, as kept in sessionStorage.

use super::user_info::UserInfo;
use crate::json::Json;
use serde::{Deserialize, Serialize};
use std::fmt;

/// sessionStorage key under which the [`OAuthResult`] of the current tab is kept, as JSON.
pub const SESSION_STORAGE_KEY: &str = "hf_oauth:result";

/// A successful sign-in: the visitor's token, when it expires, and who they are.
///
/// `Debug` never prints the tokens.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OAuthResult {
    /// The bearer token for Hugging Face APIs (`hf_oauth_...`).
    pub access_token: String,
    /// When the access token expires, in milliseconds since the Unix epoch.
    pub access_token_expires_at: u64,
    /// The visitor's profile.
    pub user_info: UserInfo,
    /// The scopes actually granted, space-separated.
    pub scope: String,
    /// A refresh token, when the provider granted one; used before expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// The raw id_token, when the provider sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl OAuthResult {
    /// Read a result saved as JSON (the serde form); `None` unless every member is present
    /// with its type.
    pub(crate) fn from_json(json: &Json) -> Option<Self> {
        Some(Self {
            access_token: json.str_field("access_token").ok()??,
            access_token_expires_at: json.u64_field("access_token_expires_at").ok()??,
            user_info: UserInfo::from_json(&json.object_field("user_info").ok()??).ok()?,
            scope: json.str_field("scope").ok()??,
            refresh_token: json.str_field("refresh_token").ok()?,
            id_token: json.str_field("id_token").ok()?,
        })
    }

    /// Build a result; used by the redirect handler, stories and tests.
    pub fn new(
        access_token: impl Into<String>,
        access_token_expires_at: u64,
        user_info: UserInfo,
        scope: impl Into<String>,
    ) -> Self {
        Self {
            access_token: access_token.into(),
            access_token_expires_at,
            user_info,
            scope: scope.into(),
            refresh_token: None,
            id_token: None,
        }
    }

    /// Set the refresh token.
    pub fn with_refresh_token(mut self, refresh_token: Option<String>) -> Self {
        self.refresh_token = refresh_token;
        self
    }

    /// Set the id_token.
    pub fn with_id_token(mut self, id_token: Option<String>) -> Self {
        self.id_token = id_token;
        self
    }

    /// Whether the access token has expired at `now_ms` (milliseconds since the Unix epoch).
    pub fn is_expired_at(&self, now_ms: u64) -> bool {
        now_ms >= self.access_token_expires_at
    }

    /// Milliseconds left before expiry at `now_ms`, zero once expired.
    pub fn remaining_ms(&self, now_ms: u64) -> u64 {
        self.access_token_expires_at.saturating_sub(now_ms)
    }

    /// Whether the granted scopes include `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.split_whitespace().any(|s| s == scope)
    }
}

impl fmt::Debug for OAuthResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthResult")
            .field("access_token", &"<redacted>")
            .field("access_token_expires_at", &self.access_token_expires_at)
            .field("user_info", &self.user_info)
            .field("scope", &self.scope)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("id_token", &self.id_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Format a duration for people: `7 h 59 min`, `12 min`, `45 s`.
pub fn format_remaining(ms: u64) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min")
    } else {
        format!("{s} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn result() -> OAuthResult {
        let user = UserInfo {
            sub: "u1".into(),
            name: Some("Jane Doe".into()),
            is_pro: Some(true),
            orgs: vec![super::super::user_info::OrgInfo {
                sub: "o1".into(),
                role_in_org: Some("admin".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        OAuthResult::new("hf_oauth_secret", 1_700_000_000_000, user, "openid profile")
            .with_refresh_token(Some("hf_oauth_refresh".into()))
    }

    #[test]
    fn what_serde_writes_is_read_back() {
        let saved = serde_json::to_string(&result()).unwrap();
        let read = OAuthResult::from_json(&Json::parse(&saved).unwrap());
        assert_eq!(read, Some(result()));
    }

    #[test]
    fn incomplete_or_mistyped_entries_are_refused() {
        let saved = serde_json::to_string(&result()).unwrap();
        for broken in [
            saved.replace("\"access_token\"", "\"x\""),
            saved.replace("1700000000000", "\"soon\""),
            saved.replace("\"isPro\":true", "\"isPro\":\"yes\""),
            saved.replace("\"scope\"", "\"y\""),
        ] {
            assert_ne!(broken, saved);
            assert_eq!(
                OAuthResult::from_json(&Json::parse(&broken).unwrap()),
                None,
                "{broken}"
            );
        }
    }
}
