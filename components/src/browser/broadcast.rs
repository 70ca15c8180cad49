//! Cross-tab messages over a `BroadcastChannel`: sessionStorage is per tab, so signing in or
//! out in one tab is announced to the other tabs of the same origin.

pub use crate::session::tab_message::TabMessage;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// Name of the channel every tab of the origin listens on.
pub const CHANNEL_NAME: &str = "hf_oauth";

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
