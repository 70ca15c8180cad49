//! The popup sign-in's browser side: open the popup synchronously, watch it, hand the session
//! from the popup to its opener by `postMessage`, and receive it there.

use crate::auth::popup::{self, PopupMessage};
use crate::OAuthResult;
use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Window};

/// Whether this page runs inside a frame (not the top-level window). A cross-origin parent
/// counts as a frame too.
pub fn in_frame() -> bool {
    let window = gloo::utils::window();
    match window.top() {
        Ok(Some(top)) => top != window,
        _ => true,
    }
}

/// The URL the popup opens: this page itself with the popup marker.
pub fn popup_url() -> String {
    let (_, search, hash) = super::page::current_location_parts();
    popup::popup_url(&super::page::current_page_url(), &search, &hash)
}

/// Open the sign-in popup. Must run synchronously inside the click handler (no `await` before
/// it), or browsers block it; `None` when they did.
pub fn open(url: &str) -> Option<Window> {
    gloo::utils::window()
        .open_with_url_and_target_and_features(url, popup::POPUP_WINDOW_NAME, popup::POPUP_FEATURES)
        .ok()
        .flatten()
}

/// Check every [`popup::POPUP_WATCH_MS`] whether `popup` was closed, and call `on_closed` once
/// when it is. Stops when dropped.
pub fn watch_closed(popup: Window, on_closed: impl Fn() + 'static) -> Interval {
    let mut reported = false;
    Interval::new(popup::POPUP_WATCH_MS, move || {
        if !reported && popup.closed().unwrap_or(true) {
            reported = true;
            on_closed();
        }
    })
}

/// In the popup, at the end of the sign-in: send `result` to the opener (aimed at this page's
/// own origin, so no other site can read it). `false` when there is no opener to send to (it
/// was closed, or the provider's `Cross-Origin-Opener-Policy` cut the link).
pub fn hand_to_opener(result: &OAuthResult) -> bool {
    let window = gloo::utils::window();
    let Ok(opener) = window.opener() else {
        return false;
    };
    if opener.is_null() || opener.is_undefined() {
        return false;
    }
    // Not `dyn_into`: the opener's window belongs to another realm, so `instanceof Window`
    // (what `dyn_into` checks) is false for it even on the same origin.
    let opener: Window = opener.unchecked_into();
    if opener.closed().unwrap_or(true) {
        return false;
    }
    let origin = window.location().origin().unwrap_or_default();
    let message = PopupMessage::new(result).to_json();
    opener.post_message(&message.into(), &origin).is_ok()
}

/// Close this window (the popup, after handing over the session).
pub fn close_self() {
    let _ = gloo::utils::window().close();
}

/// In the opener: call `on_result` for each popup result that passes
/// [`popup::read_popup_message`] (same origin, exact shape); every other message is ignored.
pub fn listen_for_result(mut on_result: impl FnMut(OAuthResult) + 'static) -> EventListener {
    let window = gloo::utils::window();
    let own_origin = window.location().origin().unwrap_or_default();
    EventListener::new(&window, "message", move |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        let data = event.data().as_string();
        if let Some(result) =
            popup::read_popup_message(&event.origin(), &own_origin, data.as_deref())
        {
            on_result(result);
        }
    })
}
