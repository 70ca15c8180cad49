//! The session state machine: a reducer from (state, event) to state, pure and tested natively.

use super::error::OAuthError;
use super::result::OAuthResult;
use std::rc::Rc;

/// Everything a component needs to know about the visitor's session.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    /// The provider is reading storage or finishing a redirect.
    Loading,
    /// No OAuth client ID is configured; sign-in is impossible until the site author adds one.
    NotConfigured,
    /// Configured, nobody signed in.
    SignedOut,
    /// The browser is on its way to the provider.
    Redirecting,
    /// Signed in.
    SignedIn(Rc<OAuthResult>),
    /// The session's token expired while the page was open; the profile is kept for display.
    Expired(Rc<OAuthResult>),
    /// Signing in failed.
    Error(OAuthError),
}

/// What can happen to a session.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionEvent {
    /// Start-up found no client ID.
    NotConfigured,
    /// Start-up read storage: a saved, unexpired result, or none.
    Restored(Option<OAuthResult>),
    /// The visitor clicked sign-in; the browser is being sent to the provider.
    SignInStarted,
    /// The redirect was handled, or another tab signed in, or the token was refreshed.
    SignedIn(OAuthResult),
    /// Signing in failed.
    Failed(OAuthError),
    /// The visitor signed out, here or in another tab.
    SignedOut,
    /// Time passed; `now_ms` is milliseconds since the Unix epoch.
    Tick {
        /// The current time.
        now_ms: u64,
    },
    /// An API answered 401: the token is no longer accepted.
    TokenRejected,
}

impl SessionState {
    /// The next state after `event`.
    pub fn reduce(&self, event: SessionEvent) -> SessionState {
        use SessionEvent as E;
        match (self, event) {
            (_, E::NotConfigured) => SessionState::NotConfigured,
            (SessionState::NotConfigured, _) => SessionState::NotConfigured,
            (_, E::Restored(Some(result))) => SessionState::SignedIn(Rc::new(result)),
            (_, E::Restored(None)) => SessionState::SignedOut,
            (_, E::SignInStarted) => SessionState::Redirecting,
            (_, E::SignedIn(result)) => SessionState::SignedIn(Rc::new(result)),
            (_, E::Failed(error)) => SessionState::Error(error),
            (_, E::SignedOut) => SessionState::SignedOut,
            (SessionState::SignedIn(result), E::Tick { now_ms })
                if result.is_expired_at(now_ms) =>
            {
                SessionState::Expired(result.clone())
            }
            (SessionState::SignedIn(result), E::TokenRejected) => {
                SessionState::Expired(result.clone())
            }
            (state, E::Tick { .. } | E::TokenRejected) => state.clone(),
        }
    }

    /// The signed-in result, if any (not when expired).
    pub fn result(&self) -> Option<&Rc<OAuthResult>> {
        match self {
            SessionState::SignedIn(result) => Some(result),
            _ => None,
        }
    }

    /// Whether a visitor is signed in with an unexpired token.
    pub fn is_signed_in(&self) -> bool {
        matches!(self, SessionState::SignedIn(_))
    }
}
