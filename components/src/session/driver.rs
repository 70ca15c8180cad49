//! The session driver: each step of a session's life, run against a [`SessionEnv`].
//!
//! Every step returns the [`SessionEvent`] the state reducer applies; the provider component
//! only forwards them, so the whole orchestration is tested natively with fakes.

use super::env::SessionEnv;
use super::refresh::{decide, spent_marker, RefreshDecision};
use crate::auth::callback::{check_state, safe_return_path, CallbackParams};
use crate::auth::flow;
use crate::browser::broadcast::TabMessage;
use crate::{OAuthError, OAuthResult, ProfileStatus, SessionEvent};
use std::rc::Rc;

/// Runs a session's steps; one per provider (and per configuration).
pub struct SessionDriver<E> {
    env: E,
    /// Whether the sign-in this page finished ran in a popup (its opener gets the session).
    finished_in_popup: std::cell::Cell<bool>,
    /// Set when the provider that runs this driver is gone ([`retire`](Self::retire)).
    retired: std::cell::Cell<bool>,
}

/// How a refresh turn ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// This tab refreshed: the new session, saved and announced.
    Refreshed(OAuthResult),
    /// The provider refused the refresh token: the session, kept without it, runs until its
    /// access token expires.
    Refused(OAuthResult),
    /// Nothing was sent (not due, spent by another tab, nothing to refresh, or no answer).
    Skipped(RefreshDecision),
    /// No answer came (network): the session runs until expiry.
    Failed(OAuthError),
}

impl<E: SessionEnv> SessionDriver<E> {
    /// A driver over `env`.
    pub fn new(env: E) -> Self {
        Self {
            env,
            finished_in_popup: std::cell::Cell::new(false),
            retired: std::cell::Cell::new(false),
        }
    }

    /// The provider that runs this driver is gone (unmounted, or its configuration replaced):
    /// a profile request still in flight must not save or announce a session over whatever
    /// the page holds by then. A code exchange already sent still finishes and saves its
    /// session (a code works once).
    pub fn retire(&self) {
        self.retired.set(true);
    }

    /// The environment.
    #[cfg(test)]
    pub fn env(&self) -> &E {
        &self.env
    }

    /// Start-up: finish the redirect when the page is one, else restore this tab's saved
    /// session, else ask the other tabs for theirs ([`TabMessage::Hello`]).
    pub async fn start(&self) -> SessionEvent {
        match self.finish_redirect().await {
            Ok(Some(result)) => SessionEvent::SignedIn(Rc::new(result)),
            Ok(None) => {
                let saved = self.unexpired_session();
                if saved.is_none() {
                    self.env.announce(&TabMessage::Hello);
                }
                SessionEvent::Restored(saved.map(Rc::new))
            }
            Err(error) => SessionEvent::Failed(error),
        }
    }

    /// Finish a sign-in when the page is the provider's redirect: check the state (and that
    /// the sign-in is not stale), exchange the code, save and announce the session, return to
    /// the path the visitor started from. `Ok(None)` when the page is no callback. One request
    /// to the provider (the token) when the id_token names the visitor; the rest of the profile
    /// follows with [`complete_profile`](Self::complete_profile).
    pub async fn finish_redirect(&self) -> Result<Option<OAuthResult>, OAuthError> {
        let params = self.env.take_callback();
        if params == CallbackParams::None {
            return Ok(None);
        }
        let pending = self.env.take_pending();
        let (code, state) = match params {
            CallbackParams::None => return Ok(None),
            CallbackParams::Error {
                error, description, ..
            } => return Err(OAuthError::Provider { error, description }),
            CallbackParams::Code { code, state } => (code, state),
        };
        let pending = check_state(pending, &state, self.env.now_ms())?;
        self.finished_in_popup.set(pending.popup);
        let endpoints = self.env.endpoints().await?;
        let result = flow::exchange_code(
            self.env.transport(),
            &endpoints,
            self.env.client_id(),
            &pending,
            &code,
            self.env.now_ms(),
        )
        .await?;
        self.env.save_session(&result)?;
        self.env.announce(&TabMessage::SignedIn {
            result: Box::new(result.clone()),
        });
        self.env.return_to(&safe_return_path(&pending.return_to));
        Ok(Some(result))
    }

    /// Whether the sign-in [`finish_redirect`](Self::finish_redirect) completed was started as a
    /// popup sign-in: this page is the popup, and hands the session to its opener.
    pub fn finished_in_popup(&self) -> bool {
        self.finished_in_popup.get()
    }

    /// In the opener: take the session a popup handed over (checked by
    /// [`read_popup_message`](crate::auth::popup::read_popup_message)), keep it in this tab and
    /// tell this tab's siblings. `None` when it has already expired.
    pub fn adopt_popup_result(&self, result: OAuthResult) -> Option<SessionEvent> {
        if result.is_expired_at(self.env.now_ms()) {
            return None;
        }
        self.save_and_announce(&result);
        Some(SessionEvent::SignedIn(Rc::new(result)))
    }

    /// Add what only the userinfo endpoint knows (PRO, `canPay`, organizations) to `result`'s
    /// profile, save and announce it. `None` when the profile is already complete, when the
    /// session changed meanwhile (signed out, another account), or when the driver was
    /// [retired](Self::retire). A failed request keeps the
    /// visitor signed in with [`ProfileStatus::Unavailable`] (asked again on the next load).
    pub async fn complete_profile(&self, result: &OAuthResult) -> Option<OAuthResult> {
        if self.retired.get() || !result.needs_profile() {
            return None;
        }
        let outcome = match self.env.endpoints().await {
            Ok(endpoints) => flow::complete_profile(self.env.transport(), &endpoints, result).await,
            Err(error) => Err(error),
        };
        let (user_info, profile_status) = match outcome {
            Ok(profile) => (profile, ProfileStatus::Complete),
            Err(_) => (result.user_info.clone(), ProfileStatus::Unavailable),
        };
        if self.retired.get() {
            return None;
        }
        let current = self.env.load_session()?;
        if current.user_info.sub != result.user_info.sub {
            return None;
        }
        // A refresh may have replaced the token meanwhile: keep the newest token.
        let updated = OAuthResult {
            user_info,
            profile_status,
            ..current
        };
        self.save_and_announce(&updated);
        Some(updated)
    }

    /// A refresh turn (run under the refresh lock or after winning the election): refresh
    /// this tab's saved session when it is due and its refresh token was not spent by another
    /// tab.
    pub async fn refresh_turn(&self) -> RefreshOutcome {
        let now = self.env.now_ms();
        let current = self.env.load_session();
        let spent = self.env.spent_refresh();
        let decision = decide(current.as_ref(), spent.as_deref(), now);
        let (RefreshDecision::Refresh, Some(current)) = (&decision, current) else {
            return RefreshOutcome::Skipped(decision);
        };
        let token = current.refresh_token.as_deref().unwrap_or_default();
        self.env.mark_refresh_spent(&spent_marker(token));
        let endpoints = match self.env.endpoints().await {
            Ok(endpoints) => endpoints,
            Err(error) => return RefreshOutcome::Failed(error),
        };
        match flow::refresh(
            self.env.transport(),
            &endpoints,
            self.env.client_id(),
            &current,
            self.env.now_ms(),
        )
        .await
        {
            Ok(fresh) => {
                // Signed out (or in as someone else) while the request ran: drop the answer.
                let still = self.env.load_session();
                if still.is_none_or(|s| s.user_info.sub != current.user_info.sub) {
                    return RefreshOutcome::Skipped(RefreshDecision::Nothing);
                }
                self.save_and_announce(&fresh);
                RefreshOutcome::Refreshed(fresh)
            }
            Err(OAuthError::Network(detail)) => RefreshOutcome::Failed(OAuthError::Network(detail)),
            Err(_) => {
                let kept = current.with_refresh_token(None);
                let _ = self.env.save_session(&kept);
                RefreshOutcome::Refused(kept)
            }
        }
    }

    /// What a message from another tab does here.
    pub fn on_tab_message(&self, message: TabMessage) -> Option<SessionEvent> {
        match message {
            TabMessage::SignedIn { result } => {
                if result.is_expired_at(self.env.now_ms()) {
                    return None;
                }
                let _ = self.env.save_session(&result);
                Some(SessionEvent::SignedIn(Rc::new(*result)))
            }
            TabMessage::SignedOut => {
                self.env.clear_session();
                Some(SessionEvent::SignedOut)
            }
            TabMessage::Hello => {
                let saved = self.unexpired_session()?;
                self.env.announce(&TabMessage::SignedIn {
                    result: Box::new(saved),
                });
                None
            }
            TabMessage::RefreshClaim { .. } => None,
        }
    }

    /// Sign out here and in the other tabs; the session that was signed in, for revocation.
    pub fn sign_out(&self) -> Option<OAuthResult> {
        let saved = self.env.load_session();
        self.env.clear_session();
        self.env.announce(&TabMessage::SignedOut);
        saved
    }

    /// Revoke `token` at the provider when it lists a revocation endpoint (Hugging Face has
    /// none); signing out locally does not wait for it.
    pub async fn revoke(&self, token: &str) -> Result<(), OAuthError> {
        let endpoints = self.env.endpoints().await?;
        flow::revoke(
            self.env.transport(),
            &endpoints,
            self.env.client_id(),
            token,
        )
        .await
    }

    /// An API answered 401: this tab forgets the token.
    pub fn token_rejected(&self) -> SessionEvent {
        self.env.clear_session();
        SessionEvent::TokenRejected
    }

    /// This tab's saved session, unless it has expired.
    fn unexpired_session(&self) -> Option<OAuthResult> {
        self.env
            .load_session()
            .filter(|r| !r.is_expired_at(self.env.now_ms()))
    }

    fn save_and_announce(&self, result: &OAuthResult) {
        let _ = self.env.save_session(result);
        self.env.announce(&TabMessage::SignedIn {
            result: Box::new(result.clone()),
        });
    }
}
