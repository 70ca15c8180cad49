//! Signing in through a popup, for pages shown inside a frame (a Hugging Face Space).
//!
//! Inside a cross-site iframe, storage is partitioned by the top-level site and the provider
//! cannot use its cookies, so the framed page opens **its own URL** in a popup with
//! [`POPUP_PARAM`] set to a random attempt id, synchronously in the click handler. That
//! top-level page runs the whole sign-in by itself (its own verifier, state and nonce,
//! redirect, code exchange, profile) when its opener is of its own origin, then hands the
//! session to its opener with `postMessage` aimed at its own origin, saves nothing, and closes.
//! The opener accepts only a message from its own origin, from the window it opened, with the
//! exact shape of [`PopupMessage`] and the attempt id it is waiting for. The token travels only
//! this way: never in a URL, never in localStorage. Where the opener is gone (a provider that
//! sends `Cross-Origin-Opener-Policy` cuts it), the popup stays open and signed in.

use crate::json::Json;
use crate::OAuthResult;
use serde::Serialize;

/// The query parameter that makes a page start a popup sign-in.
pub const POPUP_PARAM: &str = "hf_oauth_popup";

/// The `type` of the message a popup sends its opener.
pub const POPUP_MESSAGE_TYPE: &str = "hf-oauth:popup-result";

/// Name of the popup window (a second click reuses it).
pub const POPUP_WINDOW_NAME: &str = "hf-oauth-sign-in";

/// Size and look of the popup (`window.open` features).
pub const POPUP_FEATURES: &str = "popup,width=520,height=720";

/// How often the opener checks whether the popup was closed, in milliseconds.
pub const POPUP_WATCH_MS: u32 = 500;

/// The popup's URL: the page's own `origin + path`, its query with [`POPUP_PARAM`]`=attempt`
/// added, and its hash.
pub fn popup_url(page_url: &str, search: &str, hash: &str, attempt: &str) -> String {
    let query = strip_popup_param(search);
    let separator = if query.is_empty() { "?" } else { "&" };
    format!("{page_url}{query}{separator}{POPUP_PARAM}={attempt}{hash}")
}

/// The attempt id when the query asks this page to start a popup sign-in.
pub fn popup_attempt(search: &str) -> Option<String> {
    form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .find(|(key, value)| key == POPUP_PARAM && !value.is_empty())
        .map(|(_, value)| value.into_owned())
}

/// The query without [`POPUP_PARAM`] (`""` when nothing else is left).
pub fn strip_popup_param(search: &str) -> String {
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(POPUP_PARAM))
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// What a popup sends its opener:
/// `{"type": "hf-oauth:popup-result", "attempt": "...", "result": {...}}`.
#[derive(Serialize)]
pub struct PopupMessage<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    attempt: &'a str,
    result: &'a OAuthResult,
}

impl<'a> PopupMessage<'a> {
    /// The message carrying `result` for the opener's `attempt`.
    pub fn new(attempt: &'a str, result: &'a OAuthResult) -> Self {
        Self {
            kind: POPUP_MESSAGE_TYPE,
            attempt,
            result,
        }
    }

    /// The message as sent.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Read a `message` event as a popup's result: only from `own_origin`, only a string of the
/// exact shape of [`PopupMessage`] for `attempt`, with a complete session. Anything else is
/// `None` (ignored).
pub fn read_popup_message(
    event_origin: &str,
    own_origin: &str,
    attempt: &str,
    data: Option<&str>,
) -> Option<OAuthResult> {
    if own_origin.is_empty() || event_origin != own_origin || attempt.is_empty() {
        return None;
    }
    let json = Json::parse_object(data?)?;
    if json.str_field("type").ok()?.as_deref() != Some(POPUP_MESSAGE_TYPE) {
        return None;
    }
    if !crate::auth::callback::secrets_equal(attempt, &json.str_field("attempt").ok()??) {
        return None;
    }
    let result = OAuthResult::from_json(&json.object_field("result").ok()??)?;
    (!result.access_token.is_empty()).then_some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UserInfo;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const ORIGIN: &str = "https://owner-name.hf.space";

    fn result() -> OAuthResult {
        OAuthResult::new("hf_oauth_tok", 99, UserInfo::default(), "openid")
    }

    #[test]
    fn the_popup_url_is_the_page_itself_with_the_marker() {
        assert_eq!(
            popup_url("https://o.hf.space/", "", "", "a1"),
            "https://o.hf.space/?hf_oauth_popup=a1"
        );
        assert_eq!(
            popup_url("https://o.hf.space/", "?x=1&hf_oauth_popup=old", "#h", "a2"),
            "https://o.hf.space/?x=1&hf_oauth_popup=a2#h"
        );
        assert_eq!(popup_attempt("?hf_oauth_popup=a1").as_deref(), Some("a1"));
        assert_eq!(
            popup_attempt("?a=b&hf_oauth_popup=a1").as_deref(),
            Some("a1")
        );
        assert_eq!(popup_attempt("?hf_oauth_popup="), None);
        assert_eq!(popup_attempt("?xhf_oauth_popup=1"), None);
        assert_eq!(strip_popup_param("?a=b&hf_oauth_popup=1"), "?a=b");
        assert_eq!(strip_popup_param("?hf_oauth_popup=1"), "");
    }

    #[test]
    fn a_message_from_the_own_origin_with_the_right_shape_is_read() {
        let sent = PopupMessage::new("a1", &result()).to_json();
        assert_eq!(
            read_popup_message(ORIGIN, ORIGIN, "a1", Some(&sent)),
            Some(result())
        );
    }

    #[test]
    fn messages_from_other_origins_or_of_another_shape_are_ignored() {
        let sent = PopupMessage::new("a1", &result()).to_json();
        assert_eq!(
            read_popup_message("https://evil.example", ORIGIN, "a1", Some(&sent)),
            None
        );
        assert_eq!(read_popup_message("null", ORIGIN, "a1", Some(&sent)), None);
        assert_eq!(read_popup_message(ORIGIN, "", "a1", Some(&sent)), None);
        assert_eq!(
            read_popup_message(ORIGIN, ORIGIN, "a2", Some(&sent)),
            None,
            "a result for another attempt"
        );
        assert_eq!(read_popup_message(ORIGIN, ORIGIN, "", Some(&sent)), None);
        for data in [
            None,
            Some(""),
            Some("[]"),
            Some(r#"{"type":"hf-oauth:popup-result"}"#),
            Some(r#"{"type":"other","result":{}}"#),
            Some(&sent.replace("popup-result", "popup-results")),
            Some(&sent.replace("\"access_token\"", "\"x\"")),
        ] {
            assert_eq!(
                read_popup_message(ORIGIN, ORIGIN, "a1", data),
                None,
                "{data:?}"
            );
        }
    }
}

// The examples of the items above, as unit tests: the items are internal, so rustdoc
// cannot run them as doctests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod examples {
    #[test]
    fn popup_url_example() {
        use crate::auth::popup::popup_url;
        assert_eq!(
            popup_url("https://o-n.hf.space/app", "?x=1", "#top", "k3"),
            "https://o-n.hf.space/app?x=1&hf_oauth_popup=k3#top"
        );
    }
}
