//! Cross-tab messages over a `BroadcastChannel`: sessionStorage is per tab, so signing in or
//! out in one tab is announced to the other tabs of the same origin.

use crate::OAuthResult;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// Name of the channel every tab of the origin listens on.
pub const CHANNEL_NAME: &str = "hf_oauth";

/// A message between tabs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
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
}

fn post(message: &TabMessage) {
    if let (Ok(channel), Ok(text)) = (
        BroadcastChannel::new(CHANNEL_NAME),
        serde_json::to_string(message),
    ) {
        let _ = channel.post_message(&text.into());
        channel.close();
    }
}

/// Tell the other tabs that this tab signed in.
pub fn announce_signed_in(result: &OAuthResult) {
    post(&TabMessage::SignedIn {
        result: Box::new(result.clone()),
    });
}

/// Tell the other tabs that this tab signed out.
pub fn announce_signed_out() {
    post(&TabMessage::SignedOut);
}

/// Ask the other tabs for their session (answered with `SignedIn`).
pub fn say_hello() {
    post(&TabMessage::Hello);
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
            .and_then(|text| serde_json::from_str::<TabMessage>(&text).ok())
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
