//! Sessions to mount components under: any [`SessionState`] works, these build the common ones.

use crate::{OAuthResult, SessionState, UserInfo};
use std::rc::Rc;

/// A profile with `username` as its name, handle and subject.
pub fn user(username: &str) -> UserInfo {
    UserInfo {
        sub: format!("sub-{username}"),
        name: Some(username.to_owned()),
        preferred_username: Some(username.to_owned()),
        ..Default::default()
    }
}

/// Signed in as `user`, with an access token valid for `lifetime_ms` more milliseconds and the
/// scopes `openid profile inference-api`. The token is `hf_test_<sub>`: a fake, which no server
/// accepts.
pub fn signed_in(user: UserInfo, lifetime_ms: u64) -> SessionState {
    let expires_at = js_sys::Date::now() as u64 + lifetime_ms;
    let token = format!("hf_test_{}", user.sub);
    SessionState::SignedIn(Rc::new(OAuthResult::new(
        token,
        expires_at,
        user,
        crate::DEFAULT_SCOPES,
    )))
}

/// Signed in as [`user`]`(username)` for an hour.
pub fn signed_in_as(username: &str) -> SessionState {
    signed_in(user(username), 3_600_000)
}
