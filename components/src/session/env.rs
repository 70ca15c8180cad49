//! What the session driver needs from its surroundings: the browser gives it storage, the
//! address bar, windows, timers, `fetch` and the tab channel; native tests give it fakes.
//!
//! The driver decides; the environment only performs. Nothing here chooses between two paths.

use crate::auth::callback::CallbackParams;
use crate::auth::config::ResolvedConfig;
use crate::auth::endpoints::ProviderEndpoints;
use crate::auth::flow::OAuthTransport;
use crate::auth::login_url::PendingLogin;
use crate::session::driver::RefreshOutcome;
use crate::session::tab_message::TabMessage;
use crate::{OAuthError, OAuthResult, SessionState};
use std::future::Future;
use std::pin::Pin;

/// A task the environment runs to its end on the page's event loop.
pub type Task = Pin<Box<dyn Future<Output = ()>>>;

/// A refresh turn handed to [`SessionEnv::with_refresh_lock`].
pub type RefreshTurn = Pin<Box<dyn Future<Output = RefreshOutcome>>>;

/// The driver's timers; setting one replaces the one of the same kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timer {
    /// The access token's end: the session turns Expired.
    Expiry,
    /// A while before the end: refresh (holder tab only).
    Refresh,
    /// Look whether the sign-in popup was closed.
    PopupWatch,
}

/// What the page learns about a popup it is asked to be ([`crate::auth::popup::POPUP_PARAM`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PopupStart {
    /// The page is no sign-in popup.
    No,
    /// Opened by a same-origin window for the attempt with this id.
    ForOpener(String),
    /// Marked as a popup, but its opener is missing or of another origin: it starts nothing
    /// by itself.
    WithoutOpener,
}

/// The effects a session driver can have. No `Send` bound: the browser is single-threaded.
#[allow(async_fn_in_trait)]
pub trait SessionEnv {
    /// How the provider is reached.
    type Http: OAuthTransport;

    /// The transport.
    fn transport(&self) -> &Self::Http;
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// The resolved configuration (client ID, scopes, hub, redirect URI, options).
    fn config(&self) -> &ResolvedConfig;
    /// The provider's endpoints (Hugging Face's without a request, others by discovery).
    async fn endpoints(&self) -> Result<ProviderEndpoints, OAuthError>;
    /// Fill `buf` with cryptographically secure random bytes.
    fn fill_random(&self, buf: &mut [u8]);

    /// The provider's redirect parameters in the address bar, removed from it (a reload never
    /// re-sends a used code); [`CallbackParams::None`] when the page is no callback.
    fn take_callback(&self) -> CallbackParams;
    /// Put the same-origin path the visitor started from back into the address bar.
    fn return_to(&self, path: &str);
    /// Where a sign-in started now should come back to: this page's path, query (without the
    /// popup marker) and hash.
    fn current_return_path(&self) -> String;
    /// Send the whole page to `url`.
    fn navigate(&self, url: &str) -> Result<(), OAuthError>;
    /// Whether the page runs inside a frame (a Space).
    fn in_frame(&self) -> bool;

    /// Keep a sign-in in progress until its callback (several may wait at once).
    fn save_pending(&self, pending: &PendingLogin) -> Result<(), OAuthError>;
    /// The sign-in in progress whose `state` is `state`, removed from storage; the others stay.
    fn take_pending(&self, state: &str) -> Option<PendingLogin>;

    /// This tab's saved session, expired or not.
    fn load_session(&self) -> Option<OAuthResult>;
    /// Save this tab's session.
    fn save_session(&self, result: &OAuthResult) -> Result<(), OAuthError>;
    /// Forget this tab's session.
    fn clear_session(&self);
    /// The marker of the refresh token spent last by any tab
    /// ([`spent_marker`](super::refresh::spent_marker)).
    fn spent_refresh(&self) -> Option<String>;
    /// Record that a refresh token is being spent.
    fn mark_refresh_spent(&self, marker: &str);

    /// Tell the other tabs of the origin.
    fn announce(&self, message: &TabMessage);
    /// A tab claimed the refresh in an election (only heard while this tab elects).
    fn heard_claim(&self, tab: &str);
    /// Run `turn` under the origin's refresh lock; `None` without Web Locks.
    async fn with_refresh_lock(&self, turn: RefreshTurn) -> Option<RefreshOutcome>;
    /// Without Web Locks: claim the refresh, listen a while, say whether this tab won.
    async fn elect(&self) -> bool;

    /// Whether this page was opened as a sign-in popup, and by whom.
    fn popup_start(&self) -> PopupStart;
    /// Open this page as a sign-in popup for `attempt`, synchronously; `false` when blocked.
    fn open_popup(&self, attempt: &str) -> bool;
    /// Whether the popup this page opened is closed (or gone).
    fn popup_closed(&self) -> bool;
    /// Close the popup this page opened, and forget it.
    fn close_popup(&self);
    /// In a popup: post `message` to the opener (same origin only); `false` when it is gone.
    fn hand_to_opener(&self, message: &str) -> bool;
    /// In a popup: close this window.
    fn close_self(&self);

    /// Call the driver's [`on_timer`](super::driver::SessionDriver::on_timer) after `delay_ms`,
    /// replacing a pending timer of the same kind.
    fn set_timer(&self, timer: Timer, delay_ms: u64);
    /// Drop a pending timer.
    fn cancel_timer(&self, timer: Timer);
    /// Wait until the page has painted what it shows now.
    async fn after_paint(&self);
    /// Run `task` to its end.
    fn spawn(&self, task: Task);
    /// The state to show changed.
    fn publish(&self, state: &SessionState);
}
