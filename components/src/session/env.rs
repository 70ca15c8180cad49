//! What the session driver needs from its surroundings: the browser gives it storage, the
//! address bar, `fetch` and the tab channel; native tests give it fakes.

use crate::auth::callback::CallbackParams;
use crate::auth::endpoints::ProviderEndpoints;
use crate::auth::flow::OAuthTransport;
use crate::auth::login_url::PendingLogin;
use crate::browser::broadcast::TabMessage;
use crate::{OAuthError, OAuthResult};

/// The effects a session driver can have. No `Send` bound: the browser is single-threaded.
#[allow(async_fn_in_trait)]
pub trait SessionEnv {
    /// How the provider is reached.
    type Http: OAuthTransport;

    /// The transport.
    fn transport(&self) -> &Self::Http;
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// The OAuth client ID (the configuration is resolved before a driver exists).
    fn client_id(&self) -> &str;
    /// The provider's endpoints (Hugging Face's without a request, others by discovery).
    async fn endpoints(&self) -> Result<ProviderEndpoints, OAuthError>;

    /// The provider's redirect parameters in the address bar, removed from it (a reload never
    /// re-sends a used code); [`CallbackParams::None`] when the page is no callback.
    fn take_callback(&self) -> CallbackParams;
    /// The sign-in in progress, removed from storage whatever comes next.
    fn take_pending(&self) -> Option<PendingLogin>;
    /// Put the same-origin path the visitor started from back into the address bar.
    fn return_to(&self, path: &str);

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
}
