//! The session state machine: a reducer from (state, event) to state, pure and tested natively.

use super::error::OAuthError;
use super::result::OAuthResult;
use std::rc::Rc;

/// Everything a component needs to know about the visitor's session.
///
/// `#[non_exhaustive]`: states may be added, so a `match` on it needs a `_` arm.
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{use_hf_oauth, SessionState};
///
/// #[function_component]
/// fn Greeting() -> Html {
///     let oauth = use_hf_oauth();
///     match &oauth.state {
///         SessionState::SignedIn(session) => html! { <p>{ session.user_info.display_name() }</p> },
///         SessionState::Error(error) => html! { <p>{ error.message() }</p> },
///         _ => html! {},
///     }
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SessionState {
    /// The provider is reading storage or finishing a redirect.
    Loading,
    /// No OAuth client ID is configured; sign-in is impossible until the site author adds one.
    NotConfigured,
    /// Configured, nobody signed in.
    SignedOut,
    /// The browser is on its way to the provider.
    Redirecting,
    /// A popup shows the provider's sign-in; the session arrives when it is done there.
    AwaitingPopup,
    /// Signed in.
    SignedIn(Rc<OAuthResult>),
    /// The session's token expired while the page was open; the profile is kept for display.
    Expired(Rc<OAuthResult>),
    /// Signing in failed.
    Error(OAuthError),
}

/// What can happen to a session: the input of [`SessionState::reduce`].
///
/// `#[non_exhaustive]`: events may be added, so a `match` on it needs a `_` arm.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{SessionEvent, SessionState};
/// let state = SessionState::Loading.reduce(SessionEvent::Restored(None));
/// assert_eq!(state, SessionState::SignedOut);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SessionEvent {
    /// Start-up found no client ID.
    NotConfigured,
    /// Start-up read storage: a saved, unexpired result, or none.
    Restored(Option<Rc<OAuthResult>>),
    /// The visitor clicked sign-in; the browser is being sent to the provider.
    SignInStarted,
    /// The visitor clicked sign-in and the sign-in popup opened.
    PopupOpened,
    /// The sign-in popup was closed (or cancelled) before it handed over a session.
    PopupClosed,
    /// The redirect was handled, or another tab signed in, or the token was refreshed.
    SignedIn(Rc<OAuthResult>),
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
            (_, E::Restored(Some(result))) => SessionState::SignedIn(result),
            (_, E::Restored(None)) => SessionState::SignedOut,
            (_, E::SignInStarted) => SessionState::Redirecting,
            (_, E::PopupOpened) => SessionState::AwaitingPopup,
            (SessionState::AwaitingPopup, E::PopupClosed) => SessionState::SignedOut,
            (state, E::PopupClosed) => state.clone(),
            (_, E::SignedIn(result)) => SessionState::SignedIn(result),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UserInfo;

    fn result(expires_at: u64) -> Rc<OAuthResult> {
        Rc::new(OAuthResult::new(
            "tok",
            expires_at,
            UserInfo::default(),
            "openid",
        ))
    }

    #[test]
    fn start_up_restores_or_signs_out() {
        let r = result(1_000);
        assert_eq!(
            SessionState::Loading.reduce(SessionEvent::Restored(Some(r.clone()))),
            SessionState::SignedIn(r)
        );
        assert_eq!(
            SessionState::Loading.reduce(SessionEvent::Restored(None)),
            SessionState::SignedOut
        );
    }

    #[test]
    fn not_configured_absorbs_every_event_but_itself() {
        let state = SessionState::Loading.reduce(SessionEvent::NotConfigured);
        assert_eq!(state, SessionState::NotConfigured);
        for event in [
            SessionEvent::SignInStarted,
            SessionEvent::SignedOut,
            SessionEvent::Restored(None),
            SessionEvent::Failed(OAuthError::StateMismatch),
        ] {
            assert_eq!(state.reduce(event), SessionState::NotConfigured);
        }
    }

    #[test]
    fn sign_in_goes_through_redirecting_and_errors_are_kept() {
        let state = SessionState::SignedOut.reduce(SessionEvent::SignInStarted);
        assert_eq!(state, SessionState::Redirecting);
        let failed = state.reduce(SessionEvent::Failed(OAuthError::MissingVerifier));
        assert_eq!(failed, SessionState::Error(OAuthError::MissingVerifier));
        assert_eq!(
            failed.reduce(SessionEvent::SignInStarted),
            SessionState::Redirecting
        );
    }

    #[test]
    fn a_popup_sign_in_waits_and_a_closed_popup_returns_to_signed_out() {
        let waiting = SessionState::SignedOut.reduce(SessionEvent::PopupOpened);
        assert_eq!(waiting, SessionState::AwaitingPopup);
        assert_eq!(
            waiting.reduce(SessionEvent::PopupClosed),
            SessionState::SignedOut
        );
        let r = result(u64::MAX);
        let signed_in = waiting.reduce(SessionEvent::SignedIn(r.clone()));
        assert_eq!(signed_in, SessionState::SignedIn(r));
        assert_eq!(
            signed_in.reduce(SessionEvent::PopupClosed),
            signed_in,
            "closing the popup after it handed over the session changes nothing"
        );
    }

    #[test]
    fn a_tick_expires_the_session_only_at_its_expiry() {
        let r = result(1_000);
        let state = SessionState::SignedIn(r.clone());
        assert_eq!(state.reduce(SessionEvent::Tick { now_ms: 999 }), state);
        assert_eq!(
            state.reduce(SessionEvent::Tick { now_ms: 1_000 }),
            SessionState::Expired(r.clone())
        );
        assert_eq!(
            SessionState::SignedOut.reduce(SessionEvent::Tick { now_ms: 5_000 }),
            SessionState::SignedOut
        );
        assert!(state.is_signed_in());
        assert_eq!(state.result(), Some(&r));
    }

    #[test]
    fn a_rejected_token_expires_the_session_and_sign_out_ends_it() {
        let r = result(u64::MAX);
        let state = SessionState::SignedIn(r.clone()).reduce(SessionEvent::TokenRejected);
        assert_eq!(state, SessionState::Expired(r.clone()));
        assert!(!state.is_signed_in());
        assert_eq!(state.result(), None);
        assert_eq!(
            state.reduce(SessionEvent::SignedOut),
            SessionState::SignedOut
        );
        assert_eq!(
            SessionState::SignedOut.reduce(SessionEvent::TokenRejected),
            SessionState::SignedOut
        );
    }

    #[test]
    fn another_tab_signing_in_replaces_an_expired_session() {
        let old = result(1);
        let fresh = result(10_000);
        let state = SessionState::Expired(old).reduce(SessionEvent::SignedIn(fresh.clone()));
        assert_eq!(state, SessionState::SignedIn(fresh));
    }
}
