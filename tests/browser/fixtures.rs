//! Hugging Face-shaped data for the tests.

use base64::Engine;
use yew_hf_oauth::{OAuthResult, OrgInfo, UserInfo};

pub const CLIENT_ID: &str = "test-client-id";
pub const ACCESS_TOKEN: &str = "hf_oauth_SECRET_access_token_0123456789";

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

pub fn org(sub: &str, name: &str, role: &str) -> OrgInfo {
    OrgInfo::new(sub)
        .with_name(name)
        .with_preferred_username(name.to_lowercase())
        .with_role_in_org(role)
}

pub fn jane() -> UserInfo {
    UserInfo::new("61234567890abcdef0123456")
        .with_name("Jane Doe")
        .with_preferred_username("janedoe")
        .with_picture("https://cdn-avatars.huggingface.co/v1/production/uploads/jane.png")
        .with_email("jane@example.org")
        .with_pro(true)
        .with_org(org("6456a", "Acme", "admin"))
        .with_org(org("6456b", "Widgets", "read"))
}

/// A session for `user` expiring `in_ms` from now.
pub fn session(user: UserInfo, in_ms: u64) -> OAuthResult {
    OAuthResult::new(
        ACCESS_TOKEN,
        now_ms() + in_ms,
        user,
        "openid profile inference-api",
    )
}

pub const EIGHT_HOURS_MS: u64 = 8 * 3600 * 1000;

/// An unsigned JWT with `claims` (the library checks claims, not signatures: the token comes
/// straight from the token endpoint over TLS).
pub fn id_token(claims: &serde_json::Value) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.{}",
        b64.encode(br#"{"alg":"RS256","typ":"JWT"}"#),
        b64.encode(claims.to_string()),
        b64.encode(b"signature")
    )
}
