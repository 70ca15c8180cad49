//! The outcome of a successful sign-in, as kept in sessionStorage.

use super::profile::UserInfo;
use super::secret::Secret;
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
    pub access_token: Secret,
    /// When the access token expires, in milliseconds since the Unix epoch.
    pub access_token_expires_at: u64,
    /// The visitor's profile.
    pub user_info: UserInfo,
    /// The scopes actually granted, space-separated.
    pub scope: String,
    /// A refresh token, when the provider granted one; used before expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// The raw id_token, when the provider sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<Secret>,
    /// When the access token was issued, in milliseconds since the Unix epoch (the refresh
    /// moment scales with the token's lifetime); `None` for sessions saved before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at_ms: Option<u64>,
    /// Whether [`user_info`](Self::user_info) holds the full profile from the userinfo
    /// endpoint, or only the id_token's standard claims.
    #[serde(default)]
    pub profile_status: ProfileStatus,
    /// The browser refused to store the session: it lives in this page's memory only.
    #[serde(skip)]
    pub(crate) memory_only: bool,
}

/// How complete a session's profile is.
///
/// Hugging Face's id_token carries only the standard claims (name, username, picture, email);
/// PRO, `canPay` and organizations come from the userinfo endpoint, asked right after the token
/// answer. The name is shown before that answer arrives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProfileStatus {
    /// Only the id_token's claims so far; the userinfo answer is on its way (or, for a saved
    /// session, is asked on the next load).
    #[default]
    Basic,
    /// Merged with the userinfo answer.
    Complete,
    /// The userinfo endpoint failed: the visitor stays signed in with the basic profile; it is
    /// asked again on the next load.
    Unavailable,
}

impl ProfileStatus {
    /// The name used in the saved session.
    fn name(self) -> &'static str {
        match self {
            ProfileStatus::Basic => "basic",
            ProfileStatus::Complete => "complete",
            ProfileStatus::Unavailable => "unavailable",
        }
    }

    /// Read the saved name; `None` for anything else.
    fn from_name(name: &str) -> Option<Self> {
        [Self::Basic, Self::Complete, Self::Unavailable]
            .into_iter()
            .find(|status| status.name() == name)
    }
}

impl OAuthResult {
    /// Read a result saved as JSON (the serde form); `None` unless every member is present
    /// with its type.
    pub(crate) fn from_json(json: &Json) -> Option<Self> {
        Some(Self {
            access_token: json.str_field("access_token").ok()??.into(),
            access_token_expires_at: json.u64_field("access_token_expires_at").ok()??,
            user_info: UserInfo::from_json(&json.object_field("user_info").ok()??).ok()?,
            scope: json.str_field("scope").ok()??,
            refresh_token: json.str_field("refresh_token").ok()?.map(Secret::new),
            id_token: json.str_field("id_token").ok()?.map(Secret::new),
            issued_at_ms: json.u64_field("issued_at_ms").ok()?,
            profile_status: match json.str_field("profile_status").ok()? {
                Some(name) => ProfileStatus::from_name(&name)?,
                None => ProfileStatus::Basic,
            },
            memory_only: false,
        })
    }

    /// Build a result; used by the redirect handler, stories and tests.
    pub fn new(
        access_token: impl Into<Secret>,
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
            issued_at_ms: None,
            profile_status: ProfileStatus::Basic,
            memory_only: false,
        }
    }

    /// Set when the access token was issued (milliseconds since the Unix epoch).
    pub fn with_issued_at(mut self, issued_at_ms: u64) -> Self {
        self.issued_at_ms = Some(issued_at_ms);
        self
    }

    /// Set how complete the profile is.
    pub fn with_profile_status(mut self, profile_status: ProfileStatus) -> Self {
        self.profile_status = profile_status;
        self
    }

    /// Whether the profile still lacks the userinfo answer (never asked, or it failed).
    pub fn needs_profile(&self) -> bool {
        self.profile_status != ProfileStatus::Complete
    }

    /// Set the refresh token.
    pub fn with_refresh_token(mut self, refresh_token: Option<Secret>) -> Self {
        self.refresh_token = refresh_token;
        self
    }

    /// Whether this session is stored, so that it survives a reload of the tab: `false` when
    /// the browser refused to store it (blocked site data, storage full) and it lives in this
    /// page's memory only.
    ///
    /// ```
    /// use yew_hf_oauth::{OAuthResult, UserInfo};
    /// let result = OAuthResult::new("hf_oauth_token", 0, UserInfo::default(), "openid");
    /// assert!(result.survives_reload());
    /// ```
    pub fn survives_reload(&self) -> bool {
        !self.memory_only
    }

    /// The same session, marked as living in this page's memory only (the browser refused to
    /// store it). The session driver sets it; previews and tests use it to show that state.
    ///
    /// ```
    /// use yew_hf_oauth::{OAuthResult, UserInfo};
    /// let result = OAuthResult::new("hf_oauth_token", 0, UserInfo::default(), "openid");
    /// assert!(!result.kept_in_memory().survives_reload());
    /// ```
    pub fn kept_in_memory(mut self) -> Self {
        self.memory_only = true;
        self
    }

    /// This session as other tabs of the origin get it: the access token and profile, without
    /// the refresh token (which never leaves the tab that received it) and the id_token.
    pub(crate) fn for_other_tabs(&self) -> Self {
        Self {
            refresh_token: None,
            id_token: None,
            ..self.clone()
        }
    }

    /// Set the id_token.
    pub fn with_id_token(mut self, id_token: Option<Secret>) -> Self {
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

    /// Whether the granted scopes include `scope` (a whole word of the space-separated list:
    /// `"inference"` is not `"inference-api"`).
    ///
    /// # Usage
    /// ```
    /// use yew_hf_oauth::{OAuthResult, UserInfo};
    /// let session = OAuthResult::new("hf_oauth_x", 0, UserInfo::new("u"), "openid inference-api");
    /// assert!(session.has_scope("inference-api"));
    /// assert!(!session.has_scope("inference"));
    /// ```
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
            .field("issued_at_ms", &self.issued_at_ms)
            .field("profile_status", &self.profile_status)
            .field("memory_only", &self.memory_only)
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
            orgs: vec![super::super::profile::OrgInfo {
                sub: "o1".into(),
                role_in_org: Some("admin".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        OAuthResult::new("hf_oauth_secret", 1_700_000_000_000, user, "openid profile")
            .with_refresh_token(Some("hf_oauth_refresh".into()))
            .with_issued_at(1_699_999_000_000)
            .with_profile_status(ProfileStatus::Complete)
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
            saved.replace("\"complete\"", "\"half\""),
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

#[cfg(test)]
mod profile_status_tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_session_saved_without_a_profile_status_is_basic_and_asks_userinfo_again() {
        let old = r#"{"access_token":"t","access_token_expires_at":5,"user_info":{"sub":"u"},"scope":""}"#;
        let read = OAuthResult::from_json(&Json::parse(old).unwrap()).unwrap();
        assert_eq!(read.profile_status, ProfileStatus::Basic);
        assert_eq!(read.issued_at_ms, None);
        assert!(read.needs_profile());
        assert!(!read
            .with_profile_status(ProfileStatus::Complete)
            .needs_profile());
    }

    #[test]
    fn every_status_survives_the_saved_form() {
        for status in [
            ProfileStatus::Basic,
            ProfileStatus::Complete,
            ProfileStatus::Unavailable,
        ] {
            let result =
                OAuthResult::new("t", 5, UserInfo::default(), "").with_profile_status(status);
            let saved = serde_json::to_string(&result).unwrap();
            assert!(saved.contains(status.name()), "{saved}");
            let read = OAuthResult::from_json(&Json::parse(&saved).unwrap()).unwrap();
            assert_eq!(read.profile_status, status);
        }
    }
}

#[cfg(test)]
mod has_scope_tests {
    use super::OAuthResult;
    use crate::UserInfo;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_scope_is_a_whole_word_of_the_granted_list() {
        let session = OAuthResult::new(
            "t",
            0,
            UserInfo::new("u"),
            " openid  profile\tinference-api ",
        );
        assert!(session.has_scope("openid"));
        assert!(session.has_scope("profile"));
        assert!(session.has_scope("inference-api"));
        assert!(!session.has_scope("inference"), "a prefix is not the scope");
        assert!(!session.has_scope("api"), "a suffix is not the scope");
        assert!(!session.has_scope("email"));
        assert!(
            !session.has_scope(""),
            "the empty word between spaces is not a scope"
        );
        let none = OAuthResult::new("t", 0, UserInfo::new("u"), "");
        assert!(!none.has_scope("openid"));
    }
}
