//! Coming back from the provider: reading the callback query, checking `state`, and choosing a
//! safe page to return to.

use super::error::OAuthError;
use super::login_url::PendingLogin;
use std::fmt;

/// Query parameters that belong to the OAuth callback and are removed from the address bar
/// once handled.
pub const CALLBACK_PARAMS: [&str; 7] = [
    "code",
    "state",
    "error",
    "error_description",
    "error_uri",
    "iss",
    "session_state",
];

/// What the page's query says about a sign-in.
///
/// `Debug` never prints the authorization code.
#[derive(Clone, PartialEq, Eq)]
pub enum CallbackParams {
    /// Not a callback: neither `code` nor `error` is present.
    None,
    /// The provider granted a code.
    Code {
        /// The authorization code.
        code: String,
        /// The echoed `state`; empty when the provider sent none, which
        /// [`check_state`] rejects as [`OAuthError::StateMismatch`].
        state: String,
    },
    /// The provider refused (`error=access_denied`, `invalid_scope`, ...).
    Error {
        /// The OAuth error code.
        error: String,
        /// `error_description`, if any.
        description: Option<String>,
        /// The echoed `state`, if any.
        state: Option<String>,
    },
}

impl fmt::Debug for CallbackParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("None"),
            Self::Code { code: _, state } => f
                .debug_struct("Code")
                .field("code", &"<redacted>")
                .field("state", state)
                .finish(),
            Self::Error {
                error,
                description,
                state,
            } => f
                .debug_struct("Error")
                .field("error", error)
                .field("description", description)
                .field("state", state)
                .finish(),
        }
    }
}

impl CallbackParams {
    /// Whether the page is an OAuth callback (a code or an error).
    #[cfg(any(test, fuzzing))]
    pub fn is_callback(&self) -> bool {
        !matches!(self, CallbackParams::None)
    }
}

/// Parse `location.search` (with or without the leading `?`).
///
/// A non-empty `error` wins over `code`. A non-empty `code` without `state` gives
/// `Code { state: "" }`, rejected at [`check_state`] time. When a parameter is repeated the
/// first occurrence counts. Empty `code`/`error` values are ignored (not a callback).
pub fn parse_callback_query(search: &str) -> CallbackParams {
    let query = search.strip_prefix('?').unwrap_or(search);
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = None;
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let slot = match key.as_ref() {
            "code" => &mut code,
            "state" => &mut state,
            "error" => &mut error,
            "error_description" => &mut description,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.into_owned());
        }
    }
    let non_empty = |v: Option<String>| v.filter(|v| !v.is_empty());
    if let Some(error) = non_empty(error) {
        return CallbackParams::Error {
            error,
            description: non_empty(description),
            state: non_empty(state),
        };
    }
    match non_empty(code) {
        Some(code) => CallbackParams::Code {
            code,
            state: state.unwrap_or_default(),
        },
        None => CallbackParams::None,
    }
}

/// `search` without the OAuth callback parameters ([`CALLBACK_PARAMS`]): `""` when nothing
/// remains, else `"?a=b"` with the other parameters kept verbatim (same encoding, same order).
pub fn strip_callback_params(search: &str) -> String {
    let query = search.strip_prefix('?').unwrap_or(search);
    let kept: Vec<&str> = query
        .split('&')
        .filter(|segment| !segment.is_empty())
        .filter(|segment| {
            let raw_key = segment.split('=').next().unwrap_or_default();
            let key: String = form_urlencoded::parse(raw_key.as_bytes())
                .next()
                .map(|(k, _)| k.into_owned())
                .unwrap_or_default();
            !CALLBACK_PARAMS.contains(&key.as_str())
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// Match the callback's `state` against the stored sign-in and hand the sign-in back.
///
/// Fails with [`OAuthError::MissingVerifier`] when nothing is stored,
/// [`OAuthError::StateMismatch`] when the states differ or either is empty, and
/// [`OAuthError::StaleSignIn`] when the sign-in started more than 30 minutes before `now_ms`
/// ([`PendingLogin::is_stale_at`]). The comparison takes the same time wherever the strings
/// first differ.
pub fn check_state(
    pending: Option<PendingLogin>,
    state: &str,
    now_ms: u64,
) -> Result<PendingLogin, OAuthError> {
    let pending = pending.ok_or(OAuthError::MissingVerifier)?;
    if !secrets_equal(&pending.state, state) {
        return Err(OAuthError::StateMismatch);
    }
    if pending.is_stale_at(now_ms) {
        return Err(OAuthError::StaleSignIn);
    }
    Ok(pending)
}

/// Compare two secrets (state, nonce) without stopping at the first difference. Empty secrets
/// never match.
pub(crate) fn secrets_equal(expected: &str, actual: &str) -> bool {
    let (a, b) = (expected.as_bytes(), actual.as_bytes());
    if a.is_empty() || a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `return_to` if it is a path on this origin, else `"/"`.
///
/// A safe path starts with exactly one `/`, is not followed by `/` or `\` (browsers read
/// `//host` and `/\host` as another host), and has no backslash, whitespace-like control
/// character or other control character anywhere (browsers drop tabs and newlines from URLs,
/// turning `/\t/evil.com` into `//evil.com`). Since it starts with `/`, it has no scheme.
/// Percent-encoded characters are left alone: `/%2F%2Fevil.com` is a path on this origin.
pub fn safe_return_path(return_to: &str) -> String {
    let safe = return_to.starts_with('/')
        && !return_to[1..].starts_with(['/', '\\'])
        && !return_to.chars().any(|c| c == '\\' || c.is_control());
    if safe {
        return_to.to_owned()
    } else {
        "/".to_owned()
    }
}

/// The path to come back to after signing in, from `location.pathname`, `location.search` and
/// `location.hash`: the callback parameters are stripped from the query, and the result goes
/// through [`safe_return_path`]. `hash` may be given with or without its `#`.
pub fn return_path_of(pathname: &str, search: &str, hash: &str) -> String {
    let path = if pathname.is_empty() { "/" } else { pathname };
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let hash = if hash.is_empty() {
        String::new()
    } else {
        format!("#{hash}")
    };
    safe_return_path(&format!("{path}{}{hash}", strip_callback_params(search)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_the_code() {
        let params = parse_callback_query("?code=SECRET-CODE-123&state=s1");
        assert!(matches!(params, CallbackParams::Code { .. }));
        let shown = format!("{params:?}");
        assert!(!shown.contains("SECRET-CODE-123"), "{shown}");
        assert!(shown.contains("<redacted>"));
        assert!(shown.contains("s1"));
        let error = parse_callback_query("?error=access_denied&state=s2");
        assert!(format!("{error:?}").contains("access_denied"));
    }

    fn pending(state: &str) -> PendingLogin {
        PendingLogin {
            state: state.into(),
            nonce: "n".into(),
            code_verifier: "v".into(),
            redirect_uri: "https://example.org/".into(),
            return_to: "/".into(),
            created_at_ms: 0,
            popup_attempt: None,
            step_up: false,
        }
    }

    #[test]
    fn no_callback() {
        for search in [
            "",
            "?",
            "?tab=chat",
            "tab=chat&x",
            "?code=",
            "?error=&code=",
        ] {
            assert_eq!(
                parse_callback_query(search),
                CallbackParams::None,
                "{search}"
            );
            assert!(!parse_callback_query(search).is_callback());
        }
    }

    #[test]
    fn code_with_and_without_question_mark() {
        let expected = CallbackParams::Code {
            code: "abc 123/+".into(),
            state: "s-_1".into(),
        };
        assert_eq!(
            parse_callback_query("?code=abc+123%2F%2B&state=s-_1"),
            expected
        );
        assert_eq!(
            parse_callback_query("code=abc+123%2F%2B&state=s-_1"),
            expected
        );
        assert!(expected.is_callback());
    }

    #[test]
    fn code_without_state_has_an_empty_state() {
        assert_eq!(
            parse_callback_query("?code=abc"),
            CallbackParams::Code {
                code: "abc".into(),
                state: String::new()
            }
        );
        assert_eq!(
            check_state(Some(pending("s")), "", 0),
            Err(OAuthError::StateMismatch)
        );
    }

    #[test]
    fn error_wins_over_code() {
        assert_eq!(
            parse_callback_query(
                "?code=abc&error=access_denied&error_description=The+user+denied&state=s"
            ),
            CallbackParams::Error {
                error: "access_denied".into(),
                description: Some("The user denied".into()),
                state: Some("s".into()),
            }
        );
        assert_eq!(
            parse_callback_query("?error=invalid_scope&error_description="),
            CallbackParams::Error {
                error: "invalid_scope".into(),
                description: None,
                state: None,
            }
        );
    }

    #[test]
    fn first_occurrence_wins() {
        assert_eq!(
            parse_callback_query("?code=a&state=s1&code=b&state=s2"),
            CallbackParams::Code {
                code: "a".into(),
                state: "s1".into()
            }
        );
    }

    #[test]
    fn hostile_queries_never_panic() {
        for search in [
            "?%",
            "?%zz=%zz",
            "?code=%FF%FE&state=%00",
            "?==&&=&code",
            "?\u{1F980}=\u{1F980}",
            &format!("?code={}", "a".repeat(100_000)),
        ] {
            let _ = parse_callback_query(search);
            let _ = strip_callback_params(search);
        }
        // Invalid UTF-8 is decoded lossily, not rejected.
        assert!(matches!(
            parse_callback_query("?code=%FF&state=x"),
            CallbackParams::Code { ref code, .. } if code == "\u{FFFD}"
        ));
    }

    #[test]
    fn strip_keeps_other_params_verbatim_and_in_order() {
        assert_eq!(strip_callback_params(""), "");
        assert_eq!(strip_callback_params("?"), "");
        assert_eq!(
            strip_callback_params(
                "?a=1&code=x&b=hello%20world&state=y&iss=https%3A%2F%2Fhf.co&c=%2F"
            ),
            "?a=1&b=hello%20world&c=%2F"
        );
        assert_eq!(
            strip_callback_params(
                "error=access_denied&error_description=no&error_uri=u&session_state=z"
            ),
            ""
        );
        assert_eq!(strip_callback_params("?&&a&&code=1&"), "?a");
        // Encoded key names are recognised.
        assert_eq!(strip_callback_params("?%63ode=x&keep=1"), "?keep=1");
        // Similar names are not callback params.
        assert_eq!(
            strip_callback_params("?codes=1&mystate=2"),
            "?codes=1&mystate=2"
        );
    }

    #[test]
    fn check_state_outcomes() {
        assert_eq!(check_state(None, "s", 0), Err(OAuthError::MissingVerifier));
        assert_eq!(
            check_state(Some(pending("abc")), "abc", 0),
            Ok(pending("abc"))
        );
        assert_eq!(
            check_state(Some(pending("abc")), "abd", 0),
            Err(OAuthError::StateMismatch)
        );
        assert_eq!(
            check_state(Some(pending("abc")), "abcd", 0),
            Err(OAuthError::StateMismatch)
        );
        assert_eq!(
            check_state(Some(pending("")), "", 0),
            Err(OAuthError::StateMismatch)
        );
    }

    #[test]
    fn a_callback_for_a_stale_sign_in_is_refused() {
        use crate::auth::login_url::PENDING_LOGIN_MAX_AGE_MS;
        let started = pending("abc");
        assert_eq!(
            check_state(Some(started.clone()), "abc", PENDING_LOGIN_MAX_AGE_MS),
            Ok(started.clone())
        );
        assert_eq!(
            check_state(Some(started.clone()), "abc", PENDING_LOGIN_MAX_AGE_MS + 1),
            Err(OAuthError::StaleSignIn)
        );
        // A wrong state is reported as such even when stale.
        assert_eq!(
            check_state(Some(started), "abd", PENDING_LOGIN_MAX_AGE_MS + 1),
            Err(OAuthError::StateMismatch)
        );
    }

    #[test]
    fn secrets_equal_basics() {
        assert!(secrets_equal("x", "x"));
        assert!(!secrets_equal("", ""));
        assert!(!secrets_equal("x", "X"));
        assert!(!secrets_equal("é", "e\u{301}"));
    }

    #[test]
    fn safe_paths_survive() {
        for path in [
            "/",
            "/app",
            "/app/?tab=chat&x=1#top",
            "/%2F%2Fevil.com",
            "/%5Cevil.com",
            "/javascript:alert(1)",
            "/a//b",
            "/caf\u{e9}",
        ] {
            assert_eq!(safe_return_path(path), path);
        }
    }

    #[test]
    fn hostile_return_paths_become_root() {
        for path in [
            "",
            "//evil.com",
            "/\\evil.com",
            "\\\\evil.com",
            "https://evil.com",
            "HTTPS://evil.com/",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "\t//evil",
            "/\t/evil.com",
            "/\n/evil.com",
            "/\r\n/evil.com",
            "/a\\..\\\\evil.com",
            " /app",
            "evil.com",
            "?x=1",
            "#top",
            "/\u{0}",
            "/\u{85}",
        ] {
            assert_eq!(safe_return_path(path), "/", "{path:?}");
        }
    }

    #[test]
    fn return_path_is_built_from_location_parts() {
        assert_eq!(return_path_of("/app/", "", ""), "/app/");
        assert_eq!(return_path_of("", "", ""), "/");
        assert_eq!(
            return_path_of("/app/", "?code=x&state=y", "#section"),
            "/app/#section"
        );
        assert_eq!(
            return_path_of("/app/", "?page=2&code=x&state=y", "section"),
            "/app/?page=2#section"
        );
        assert_eq!(return_path_of("/a", "?x=1", "#"), "/a?x=1");
        // A path that would read as another host falls back to the root.
        assert_eq!(return_path_of("//evil.com", "?a=1", ""), "/");
    }
}

// The examples of the items above, as unit tests: the items are internal, so rustdoc
// cannot run them as doctests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod examples {
    #[test]
    fn parse_callback_query_example() {
        use crate::auth::callback::{parse_callback_query, CallbackParams};
        assert_eq!(
            parse_callback_query("?code=abc&state=xyz"),
            CallbackParams::Code {
                code: "abc".into(),
                state: "xyz".into()
            },
        );
    }
    #[test]
    fn strip_callback_params_example() {
        use crate::auth::callback::strip_callback_params;
        assert_eq!(
            strip_callback_params("?tab=chat&code=abc&state=xyz"),
            "?tab=chat"
        );
        assert_eq!(strip_callback_params("?code=abc&state=xyz"), "");
    }
    #[test]
    fn safe_return_path_example() {
        use crate::auth::callback::safe_return_path;
        assert_eq!(safe_return_path("/app?tab=chat#top"), "/app?tab=chat#top");
        assert_eq!(safe_return_path("//evil.com"), "/");
        assert_eq!(safe_return_path("https://evil.com"), "/");
    }
    #[test]
    fn return_path_of_example() {
        use crate::auth::callback::return_path_of;
        assert_eq!(
            return_path_of("/app", "?tab=chat&code=x&state=y", "#top"),
            "/app?tab=chat#top"
        );
    }
}
