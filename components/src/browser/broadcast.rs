//! Cross-tab messages over a `BroadcastChannel`: sessionStorage is per tab, so signing in or
//! out in one tab is announced to the other tabs of the same origin.

use crate::json::Json;
use crate::OAuthResult;
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// Name of the channel every tab of the origin listens on.
pub const CHANNEL_NAME: &str = "hf_oauth";

/// A message between tabs.
#[derive(Clone, Debug, PartialEq)]
pub enum TabMessage {
    /// A tab signed in (or refreshed its token).
    SignedIn {
        /// The new session.
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
    /// The message as sent on the channel.
    pub fn to_json(&self) -> String {
        let (kind, result, tab) = match self {
            TabMessage::SignedIn { result } => ("signed-in", Some(result.clone()), None),
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
            ("signed-in", Some(result)) => Some(TabMessage::SignedIn {
                result: Box::new(result),
            }),
            ("signed-out", _) => Some(TabMessage::SignedOut),
            ("hello", _) => Some(TabMessage::Hello),
            ("refresh-claim", _) => Some(TabMessage::RefreshClaim {
                tab: json.str_field("tab").ok()??,
            }),
            _ => None,
        }
    }
}

/// Send `message` to the other tabs of the origin.
pub fn announce(message: &TabMessage) {
    if let Ok(channel) = BroadcastChannel::new(CHANNEL_NAME) {
        let _ = channel.post_message(&message.to_json().into());
        channel.close();
    }
}

/// Tell the other tabs that this tab signed out.
pub fn announce_signed_out() {
    announce(&TabMessage::SignedOut);
}

/// A live subscription; messages stop when it is dropped.
pub struct TabListener {
    channel: BroadcastChannel,
    _closure: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for TabListener {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

/// Call `on_message` for every message from another tab.
pub fn listen(mut on_message: impl FnMut(TabMessage) + 'static) -> Option<TabListener> {
    let channel = BroadcastChannel::new(CHANNEL_NAME).ok()?;
    let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(message) = event
            .data()
            .as_string()
            .and_then(|text| TabMessage::from_json(&text))
        {
            on_message(message);
        }
    });
    channel.set_onmessage(Some(closure.as_ref().unchecked_ref()));
    Some(TabListener {
        channel,
        _closure: closure,
    })
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
            TabMessage::SignedIn {
                result: Box::new(result),
            },
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
