//! Signing in through a popup, for pages shown inside a frame (a Hugging Face Space).
//!
//! Inside a cross-site iframe, storage is partitioned by the top-level site and the provider
//! cannot use its cookies, so the framed page opens **its own URL** in a popup with
//! [`POPUP_PARAM`], synchronously in the click handler. That top-level page runs the whole
//! sign-in by itself (its own verifier, state and nonce in its own storage, redirect, code
//! exchange, profile), then hands the session to its opener with `postMessage` aimed at its
//! own origin, and closes. The opener accepts only a message from its own origin with the
//! exact shape of [`PopupMessage`]. The token travels only this way: never in a URL, never in
//! localStorage. Where the opener is gone (a provider that sends `Cross-Origin-Opener-Policy`
//! cuts it), the popup stays open and signed in.

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

/// The popup's URL: the page's own `origin + path`, its query with [`POPUP_PARAM`] added, and
/// its hash.
pub fn popup_url(page_url: &str, search: &str, hash: &str) -> String {
    let query = search.trim_start_matches('?');
    let separator = if query.is_empty() { "?" } else { "&" };
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{page_url}{query}{separator}{POPUP_PARAM}=1{hash}")
}

/// Whether the query asks this page to start a popup sign-in.
pub fn is_popup_start(search: &str) -> bool {
    form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .any(|(key, value)| key == POPUP_PARAM && value == "1")
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

/// What a popup sends its opener: `{"type": "hf-oauth:popup-result", "result": {...}}`.
#[derive(Serialize)]
pub struct PopupMessage<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    result: &'a OAuthResult,
}

impl<'a> PopupMessage<'a> {
    /// The message carrying `result`.
    pub fn new(result: &'a OAuthResult) -> Self {
        Self {
            kind: POPUP_MESSAGE_TYPE,
            result,
        }
    }

    /// The message as sent.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Read a `message` event as a popup's result: only from `own_origin`, only a string of the
/// exact shape of [`PopupMessage`] with a complete session. Anything else is `None` (ignored).
pub fn read_popup_message(
    event_origin: &str,
    own_origin: &str,
    data: Option<&str>,
) -> Option<OAuthResult> {
    if own_origin.is_empty() || event_origin != own_origin {
        return None;
    }
    let json = Json::parse_object(data?)?;
    if json.str_field("type").ok()?.as_deref() != Some(POPUP_MESSAGE_TYPE) {
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
            popup_url("https://o.hf.space/", "", ""),
            "https://o.hf.space/?hf_oauth_popup=1"
        );
        assert!(is_popup_start("?hf_oauth_popup=1"));
        assert!(is_popup_start("?a=b&hf_oauth_popup=1"));
        assert!(!is_popup_start("?hf_oauth_popup=0"));
        assert!(!is_popup_start("?xhf_oauth_popup=1"));
        assert_eq!(strip_popup_param("?a=b&hf_oauth_popup=1"), "?a=b");
        assert_eq!(strip_popup_param("?hf_oauth_popup=1"), "");
    }

    #[test]
    fn a_message_from_the_own_origin_with_the_right_shape_is_read() {
        let sent = PopupMessage::new(&result()).to_json();
        assert_eq!(
            read_popup_message(ORIGIN, ORIGIN, Some(&sent)),
            Some(result())
        );
    }

    #[test]
    fn messages_from_other_origins_or_of_another_shape_are_ignored() {
        let sent = PopupMessage::new(&result()).to_json();
        assert_eq!(
            read_popup_message("https://evil.example", ORIGIN, Some(&sent)),
            None
        );
        assert_eq!(read_popup_message("null", ORIGIN, Some(&sent)), None);
        assert_eq!(read_popup_message(ORIGIN, "", Some(&sent)), None);
        for data in [
            None,
            Some(""),
            Some("[]"),
            Some(r#"{"type":"hf-oauth:popup-result"}"#),
            Some(r#"{"type":"other","result":{}}"#),
            Some(&sent.replace("popup-result", "popup-results")),
            Some(&sent.replace("\"access_token\"", "\"x\"")),
        ] {
            assert_eq!(read_popup_message(ORIGIN, ORIGIN, data), None, "{data:?}");
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
            popup_url("https://o-n.hf.space/app", "?x=1", "#top"),
            "https://o-n.hf.space/app?x=1&hf_oauth_popup=1#top"
        );
    }
}
