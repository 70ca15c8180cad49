//! The messages tabs of one origin send each other (the pure half; `browser::broadcast`
//! carries them over a `BroadcastChannel`).
//!
//! A session crosses to another tab **without its refresh token and id_token**
//! ([`OAuthResult::for_other_tabs`]): the refresh token rotates for months and Hugging Face
//! documents no way to revoke it, so it never leaves the tab that received it. Any page of the
//! origin can post on the channel or listen to it; what it can hear is an access token that
//! other tabs of the same origin may use anyway.

use crate::json::Json;
use crate::OAuthResult;
use serde::Serialize;

/// A message between tabs.
#[derive(Clone, Debug, PartialEq)]
pub enum TabMessage {
    /// A tab signed in (or refreshed its token, or completed the profile).
    SignedIn {
        /// The new session, without refresh token or id_token (build it with
        /// [`TabMessage::signed_in`]).
        result: Box<OAuthResult>,
    },
    /// A tab signed out.
    SignedOut,
    /// A new tab asks whether another tab holds a session.
    Hello,
    /// Without Web Locks: a tab due for a refresh claims it with its random id; the smallest
    /// id refreshes ([`crate::session::refresh::elected`]).
    RefreshClaim {
        /// The claiming tab's random id.
        tab: String,
    },
}

/// The JSON sent on the channel:
/// `{"type": "signed-in" | "signed-out" | "hello" | "refresh-claim", "result"?, "tab"?}`.
/// A flat struct rather than an internally tagged enum, whose derive would add a second,
/// buffering serializer of the session to the wasm.
#[derive(Serialize)]
struct Wire {
    #[serde(rename = "type")]
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<Box<OAuthResult>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tab: Option<String>,
}

impl TabMessage {
    /// Tell the other tabs of `result`: its access token and profile, never its refresh token
    /// or id_token.
    pub fn signed_in(result: &OAuthResult) -> Self {
        TabMessage::SignedIn {
            result: Box::new(result.for_other_tabs()),
        }
    }

    /// The message as sent on the channel (a session's refresh token and id_token are left
    /// out even when the message was built with them).
    pub fn to_json(&self) -> String {
        let (kind, result, tab) = match self {
            TabMessage::SignedIn { result } => {
                ("signed-in", Some(Box::new(result.for_other_tabs())), None)
            }
            TabMessage::SignedOut => ("signed-out", None, None),
            TabMessage::Hello => ("hello", None, None),
            TabMessage::RefreshClaim { tab } => ("refresh-claim", None, Some(tab.clone())),
        };
        let wire = Wire {
            kind: kind.to_owned(),
            result,
            tab,
        };
        serde_json::to_string(&wire).unwrap_or_default()
    }

    /// Read a message from the channel; `None` for anything else.
    pub fn from_json(text: &str) -> Option<TabMessage> {
        let json = Json::parse_object(text)?;
        let kind = json.str_field("type").ok()??;
        let result = json
            .object_field("result")
            .ok()?
            .and_then(|result| OAuthResult::from_json(&result));
        match (kind.as_str(), result) {
            ("signed-in", Some(result)) => Some(TabMessage::signed_in(&result)),
            ("signed-out", _) => Some(TabMessage::SignedOut),
            ("hello", _) => Some(TabMessage::Hello),
            ("refresh-claim", _) => Some(TabMessage::RefreshClaim {
                tab: json.str_field("tab").ok()??,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UserInfo;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn messages_survive_the_wire() {
        let result = OAuthResult::new("tok", 5, UserInfo::default(), "openid");
        for message in [
            TabMessage::signed_in(&result),
            TabMessage::SignedOut,
            TabMessage::Hello,
            TabMessage::RefreshClaim { tab: "0af3".into() },
        ] {
            assert_eq!(TabMessage::from_json(&message.to_json()), Some(message));
        }
    }

    #[test]
    fn the_wire_format_is_tagged_by_type() {
        assert_eq!(TabMessage::SignedOut.to_json(), r#"{"type":"signed-out"}"#);
        assert_eq!(
            TabMessage::from_json(r#"{"type":"hello","extra":1}"#),
            Some(TabMessage::Hello)
        );
    }

    #[test]
    fn anything_else_is_ignored() {
        for text in [
            "",
            "null",
            "[]",
            r#"{"type":"signed-in"}"#,
            r#"{"type":"other"}"#,
            r#"{"result":null}"#,
            r#"{"type":"refresh-claim"}"#,
            r#"{"type":"refresh-claim","tab":7}"#,
        ] {
            assert_eq!(TabMessage::from_json(text), None, "{text}");
        }
    }
}

#[cfg(test)]
mod secrets {
    use super::*;
    use crate::UserInfo;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn holder_session() -> OAuthResult {
        OAuthResult::new("hf_oauth_access", 5, UserInfo::default(), "openid")
            .with_refresh_token(Some("hf_oauth_refresh_secret".into()))
            .with_id_token(Some("eyJ.id_token_secret.sig".into()))
    }

    #[test]
    fn a_session_crosses_to_other_tabs_without_its_refresh_token_or_id_token() {
        let built = TabMessage::signed_in(&holder_session());
        let wire = built.to_json();
        assert!(wire.contains("hf_oauth_access"), "{wire}");
        assert!(!wire.contains("refresh"), "{wire}");
        assert!(!wire.contains("id_token_secret"), "{wire}");
        // Even a message assembled by hand with the secrets inside sends none of them.
        let by_hand = TabMessage::SignedIn {
            result: Box::new(holder_session()),
        };
        let wire = by_hand.to_json();
        assert!(!wire.contains("hf_oauth_refresh_secret") && !wire.contains("id_token_secret"));
    }

    #[test]
    fn a_refresh_token_offered_on_the_channel_is_not_taken() {
        let forged = format!(
            r#"{{"type":"signed-in","result":{}}}"#,
            serde_json::to_string(&holder_session()).unwrap()
        );
        let Some(TabMessage::SignedIn { result }) = TabMessage::from_json(&forged) else {
            panic!("not read");
        };
        assert_eq!(result.refresh_token, None);
        assert_eq!(result.id_token, None);
        assert_eq!(result.access_token, "hf_oauth_access");
    }
}
