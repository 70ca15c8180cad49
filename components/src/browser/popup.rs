//! The popup sign-in's browser side: open the popup synchronously, see whether it was
//! closed, find out whether this page is a popup and for whom, hand the session to the opener
//! by `postMessage`, and hear `message` events. The decisions are the driver's
//! ([`crate::session::sign_in`]).

use crate::auth::popup;
use crate::session::env::PopupStart;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Window};

/// Whether this page runs inside a frame (its window is not the top-level one); a page that
/// cannot tell counts as framed.
pub fn in_frame() -> bool {
    let window = gloo::utils::window();
    match window.top() {
        Ok(Some(top)) => top != window,
        _ => true,
    }
}

/// Open this page as the sign-in popup of `attempt` (synchronously, in the click handler);
/// `None` when the browser blocked it.
pub fn open(attempt: &str) -> Option<Window> {
    let (_, search, hash) = super::page::current_location_parts();
    let url = popup::popup_url(&super::page::current_page_url(), &search, &hash, attempt);
    gloo::utils::window()
        .open_with_url_and_target_and_features(
            &url,
            popup::POPUP_WINDOW_NAME,
            popup::POPUP_FEATURES,
        )
        .ok()
        .flatten()
}

/// This window's opener, when it is a window of this page's own origin. (`dyn_into::<Window>`
/// would be `instanceof`, which fails across realms; reading the opener's origin throws when
/// it is another site's.)
fn same_origin_opener() -> Option<Window> {
    let window = gloo::utils::window();
    let opener = window.opener().ok()?;
    if opener.is_null() || opener.is_undefined() {
        return None;
    }
    let opener: Window = opener.unchecked_into();
    if opener.closed().unwrap_or(true) {
        return None;
    }
    let own = window.location().origin().ok()?;
    let theirs = opener.location().origin().ok()?;
    (!own.is_empty() && own == theirs).then_some(opener)
}

/// Whether this page was opened as a sign-in popup, and by whom.
pub fn popup_start() -> PopupStart {
    let (_, search, _) = super::page::current_location_parts();
    match popup::popup_attempt(&search) {
        None => PopupStart::No,
        Some(attempt) if same_origin_opener().is_some() => PopupStart::ForOpener(attempt),
        Some(_) => PopupStart::WithoutOpener,
    }
}

/// Post `message` to this popup's opener, aimed at this page's own origin; `false` when the
/// opener is gone or not of this origin.
pub fn hand_to_opener(message: &str) -> bool {
    let Some(opener) = same_origin_opener() else {
        return false;
    };
    let origin = gloo::utils::window()
        .location()
        .origin()
        .unwrap_or_default();
    opener.post_message(&message.into(), &origin).is_ok()
}

/// Close this window (the popup, once it handed its result over).
pub fn close_self() {
    let _ = gloo::utils::window().close();
}

/// Call `on_message(event)` for every `message` event this window receives.
pub fn listen_for_messages(mut on_message: impl FnMut(&MessageEvent) + 'static) -> EventListener {
    EventListener::new(&gloo::utils::window(), "message", move |event| {
        if let Some(event) = event.dyn_ref::<MessageEvent>() {
            on_message(event);
        }
    })
}
