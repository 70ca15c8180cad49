//! The session driver: the one owner of a session. It holds the state, takes the commands
//! (start, sign in, cancel, sign out, token rejected, tab message, timer, popup result) and
//! carries out every effect through its [`SessionEnv`]; the provider component only wires the
//! browser to it, so the whole orchestration is tested natively with fakes.
//!
//! Signing in and the popup live in [`super::sign_in`], refresh turns in [`super::refreshing`].

use super::env::{SessionEnv, Timer};
use super::schedule;
use super::tab_message::TabMessage;
use crate::auth::callback::{check_state, safe_return_path, CallbackParams};
use crate::auth::flow;
use crate::auth::sign_in_request::added_scopes;
use crate::{OAuthError, OAuthResult, ProfileStatus, SessionEvent, SessionState};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Runs a session; one per provider (and per configuration).
pub struct SessionDriver<E> {
    pub(super) env: E,
    state: RefCell<SessionState>,
    /// The popup sign-in this page waits for: its attempt id.
    pub(super) popup_attempt: RefCell<Option<String>>,
    /// This page is a sign-in popup that finished but could not reach its opener.
    popup_orphaned: Cell<bool>,
    /// The watch found the popup closed once; its result may still be on its way.
    pub(super) popup_seen_closed: Cell<bool>,
    /// Set when the provider that runs this driver is gone ([`retire`](Self::retire)).
    retired: Cell<bool>,
    /// The scopes the last sign-in added to those of the session it replaced.
    scopes_added: RefCell<Vec<String>>,
}

/// How a refresh turn ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// This tab refreshed: the new session, saved and announced.
    Refreshed(OAuthResult),
    /// The provider refused the refresh token: the session, kept without it, runs until its
    /// access token expires.
    Refused(OAuthResult),
    /// Nothing was sent (not due, spent by another tab, nothing to refresh).
    Skipped(super::refresh::RefreshDecision),
    /// No answer came (network): the session runs until expiry.
    Failed(OAuthError),
}

/// What finishing a redirect found.
#[allow(clippy::large_enum_variant)] // one short-lived value per page load
pub(super) enum Finished {
    /// The page is no callback.
    NoCallback,
    /// A callback this browser did not start (no pending sign-in has its `state`): ignored.
    Foreign,
    /// Signed in; `popup_attempt` when the sign-in ran in a popup for that opener's attempt.
    SignedIn {
        result: OAuthResult,
        popup_attempt: Option<String>,
    },
}

impl<E: SessionEnv + 'static> SessionDriver<E> {
    /// A driver over `env`, in [`SessionState::Loading`].
    pub fn new(env: E) -> Self {
        Self {
            env,
            state: RefCell::new(SessionState::Loading),
            popup_attempt: RefCell::default(),
            popup_orphaned: Cell::new(false),
            popup_seen_closed: Cell::new(false),
            retired: Cell::new(false),
            scopes_added: RefCell::default(),
        }
    }

    /// The environment.
    pub fn env(&self) -> &E {
        &self.env
    }

    /// The state shown now.
    pub fn state(&self) -> SessionState {
        self.state.borrow().clone()
    }

    /// Whether this page is a sign-in popup that could not hand its session to its opener (it
    /// stays signed in here and says so).
    pub fn popup_orphaned(&self) -> bool {
        self.popup_orphaned.get()
    }

    /// The scopes the last sign-in added to those the visitor had granted before (after
    /// [`sign_in_for`](Self::sign_in_for) asked for more); empty otherwise.
    pub fn scopes_added(&self) -> Vec<String> {
        self.scopes_added.borrow().clone()
    }

    /// Remember what `result` adds to the scopes of the session it replaces (same account).
    pub(super) fn note_added_scopes(&self, result: &OAuthResult) {
        let before = self
            .state()
            .result()
            .map(|shown| (**shown).clone())
            .or_else(|| self.env.load_session())
            .filter(|before| before.user_info.sub == result.user_info.sub);
        *self.scopes_added.borrow_mut() = before
            .map(|before| added_scopes(&before.scope, &result.scope))
            .unwrap_or_default();
    }

    /// The provider that runs this driver is gone (unmounted, or its configuration replaced):
    /// its timers stop, and a profile request still in flight must not save or announce a
    /// session over whatever the page holds by then. A code exchange already sent still
    /// finishes and saves its session (a code works once).
    pub fn retire(&self) {
        self.retired.set(true);
        for timer in [Timer::Expiry, Timer::Refresh, Timer::PopupWatch] {
            self.env.cancel_timer(timer);
        }
    }

    /// Move the state by `event`; when it changed, plan the timers and publish it.
    pub(super) fn apply(&self, event: SessionEvent) {
        let next = self.state.borrow().reduce(event);
        if next == *self.state.borrow() {
            return;
        }
        *self.state.borrow_mut() = next.clone();
        self.plan_timers(&next);
        self.env.publish(&next);
    }

    fn plan_timers(&self, state: &SessionState) {
        if self.retired.get() {
            return;
        }
        match schedule::plan(state, self.env.now_ms()) {
            Some(timers) => {
                self.env
                    .set_timer(Timer::Expiry, timers.expiry_in_ms.into());
                match timers.refresh_in_ms {
                    Some(delay) => self.env.set_timer(Timer::Refresh, delay.into()),
                    None => self.env.cancel_timer(Timer::Refresh),
                }
            }
            None => {
                self.env.cancel_timer(Timer::Expiry);
                self.env.cancel_timer(Timer::Refresh);
            }
        }
    }

    /// Start-up: finish the redirect when the page is one, else restore this tab's saved
    /// session, else ask the other tabs for theirs ([`TabMessage::Hello`]); then complete the
    /// profile once the name is on screen. A popup page signs in for its opener, or offers
    /// the button when its opener is not this site's.
    pub async fn start(self: &Rc<Self>) {
        if self.start_popup() {
            return;
        }
        let result = match self.finish_redirect().await {
            Ok(Finished::SignedIn {
                result,
                popup_attempt: Some(attempt),
            }) => return self.finish_popup(result, attempt).await,
            Ok(Finished::SignedIn { result, .. }) => Some(result),
            Ok(Finished::NoCallback | Finished::Foreign) if self.unexpired_session().is_some() => {
                self.unexpired_session()
            }
            Ok(Finished::Foreign) => {
                return self.apply(SessionEvent::Failed(OAuthError::ForeignCallback))
            }
            Ok(Finished::NoCallback) => {
                self.env.announce(&TabMessage::Hello);
                None
            }
            Err(error) => return self.apply(SessionEvent::Failed(error)),
        };
        self.apply(SessionEvent::Restored(result.clone().map(Rc::new)));
        if let Some(result) = result {
            // The name (from the id_token) is on screen before the userinfo request starts.
            self.env.after_paint().await;
            if let Some(full) = self.complete_profile(&result).await {
                self.apply(SessionEvent::SignedIn(Rc::new(full)));
            }
        }
    }

    /// Finish a sign-in when the page is the provider's redirect: find the pending sign-in by
    /// the callback's `state` (a response no sign-in of this browser started is
    /// [`Finished::Foreign`], and the others stay pending), refuse a stale one before any
    /// request, exchange the code, save and announce the session (not in a popup: the opener
    /// gets it), return to the path the visitor started from. One request to the provider.
    pub(super) async fn finish_redirect(&self) -> Result<Finished, OAuthError> {
        let (code, state) = match self.env.take_callback() {
            CallbackParams::None => return Ok(Finished::NoCallback),
            CallbackParams::Error {
                error,
                description,
                state,
            } => {
                // Only a response to a sign-in of this browser may put words on the page; a
                // visitor who declined to grant more stays signed in as before.
                return match state.and_then(|state| self.env.take_pending(&state)) {
                    Some(pending) if pending.step_up => Ok(Finished::Foreign),
                    Some(_) => Err(OAuthError::Provider { error, description }),
                    None => Ok(Finished::Foreign),
                };
            }
            CallbackParams::Code { code, state } => (code, state),
        };
        let Some(pending) = self.env.take_pending(&state) else {
            return Ok(Finished::Foreign);
        };
        let pending = check_state(Some(pending), &state, self.env.now_ms())?;
        let endpoints = self.env.endpoints().await?;
        let result = flow::exchange_code(
            self.env.transport(),
            &endpoints,
            &self.env.config().client_id,
            &pending,
            &code,
            self.env.now_ms(),
        )
        .await?;
        self.env.return_to(&safe_return_path(&pending.return_to));
        if pending.popup_attempt.is_none() {
            self.note_added_scopes(&result);
            self.keep(&result);
        }
        Ok(Finished::SignedIn {
            result,
            popup_attempt: pending.popup_attempt,
        })
    }

    /// Save `result` (in memory only when storage refuses: nothing is lost, but it will not
    /// survive a reload) and tell the other tabs.
    pub(super) fn keep(&self, result: &OAuthResult) -> OAuthResult {
        let kept = match self.env.save_session(result) {
            Ok(()) => result.clone(),
            Err(_) => result.clone().kept_in_memory(),
        };
        self.env.announce(&TabMessage::signed_in(&kept));
        kept
    }

    /// Add what only the userinfo endpoint knows (PRO, `canPay`, organizations) to `result`'s
    /// profile, save and announce it. `None` when the profile is already complete, when the
    /// session changed meanwhile (signed out, another account), or when the driver was
    /// [retired](Self::retire). A failed request keeps the visitor signed in with
    /// [`ProfileStatus::Unavailable`] (asked again on the next load).
    pub async fn complete_profile(&self, result: &OAuthResult) -> Option<OAuthResult> {
        let current = self.profile_of(result).await?;
        Some(self.keep(&current))
    }

    /// `result` with its profile completed, or `None` (see
    /// [`complete_profile`](Self::complete_profile)); saves nothing.
    pub(super) async fn profile_of(&self, result: &OAuthResult) -> Option<OAuthResult> {
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
        // The session as shown now: a refresh may have replaced the token meanwhile, and a
        // sign-out or another account drops the answer.
        let current = match self.state().result() {
            Some(shown) if shown.user_info.sub == result.user_info.sub => (**shown).clone(),
            _ => return None,
        };
        Some(OAuthResult {
            user_info,
            profile_status,
            ..current
        })
    }

    /// What a message from another tab does here. A session arrives without refresh token;
    /// one older than this tab's is ignored, and this tab keeps its own refresh token for the
    /// same account. This tab's own session is the saved one, or the one it holds in memory
    /// when storage refused it (the tab also hears its own announcements: a `BroadcastChannel`
    /// reaches every other channel object of the origin, this page's listener included).
    pub fn on_tab_message(&self, message: TabMessage) {
        match message {
            TabMessage::SignedIn { result } => {
                let incoming = result.for_other_tabs();
                if incoming.is_expired_at(self.env.now_ms()) {
                    return;
                }
                let own = self
                    .env
                    .load_session()
                    .or_else(|| self.state().result().map(|shown| (**shown).clone()));
                let adopted = match own {
                    Some(own) if own.user_info.sub == incoming.user_info.sub => {
                        if incoming.access_token_expires_at < own.access_token_expires_at {
                            return;
                        }
                        OAuthResult {
                            refresh_token: own.refresh_token,
                            id_token: own.id_token,
                            ..incoming
                        }
                    }
                    _ => incoming,
                };
                let adopted = match self.env.save_session(&adopted) {
                    Ok(()) => adopted,
                    Err(_) => adopted.kept_in_memory(),
                };
                self.apply(SessionEvent::SignedIn(Rc::new(adopted)));
            }
            TabMessage::SignedOut => {
                self.env.clear_session();
                self.apply(SessionEvent::SignedOut);
            }
            TabMessage::Hello => {
                if let Some(saved) = self.unexpired_session() {
                    self.env.announce(&TabMessage::signed_in(&saved));
                }
            }
            TabMessage::RefreshClaim { tab } => self.env.heard_claim(&tab),
        }
    }

    /// Sign out here and in the other tabs (Hugging Face has no revocation endpoint: the
    /// visitor revokes the app at huggingface.co/settings/connected-applications). Revokes the
    /// token where the provider lists a revocation endpoint, without waiting.
    pub fn sign_out(self: &Rc<Self>) {
        let saved = self.env.load_session();
        self.env.clear_session();
        self.env.announce(&TabMessage::SignedOut);
        self.apply(SessionEvent::SignedOut);
        if let Some(saved) = saved {
            let driver = self.clone();
            self.env.spawn(Box::pin(async move {
                let _ = driver.revoke(saved.access_token.expose()).await;
            }));
        }
    }

    /// Revoke `token` at the provider when it lists a revocation endpoint (Hugging Face has
    /// none); signing out locally does not wait for it.
    pub async fn revoke(&self, token: &str) -> Result<(), OAuthError> {
        let endpoints = self.env.endpoints().await?;
        flow::revoke(
            self.env.transport(),
            &endpoints,
            &self.env.config().client_id,
            token,
        )
        .await
    }

    /// An API answered 401: this tab forgets the token.
    pub fn token_rejected(&self) {
        self.env.clear_session();
        self.apply(SessionEvent::TokenRejected);
    }

    /// A timer fired (perhaps late: a laptop waking from sleep).
    pub fn on_timer(self: &Rc<Self>, timer: Timer) {
        if self.retired.get() {
            return;
        }
        match timer {
            Timer::Expiry => self.on_expiry(),
            Timer::Refresh => self.env.spawn(Box::pin(self.clone().refresh())),
            Timer::PopupWatch => self.watch_popup(),
        }
    }

    /// At the access token's end: a tab holding a refresh token refreshes first (a timer that
    /// fired late); otherwise the session turns Expired, or the timer is set again when it
    /// fired early.
    fn on_expiry(self: &Rc<Self>) {
        let holds_refresh = self
            .env
            .load_session()
            .is_some_and(|saved| saved.refresh_token.is_some());
        if holds_refresh && self.state().is_signed_in() {
            return self.env.spawn(Box::pin(self.clone().refresh_or_expire()));
        }
        self.apply(SessionEvent::Tick {
            now_ms: self.env.now_ms(),
        });
        let state = self.state();
        self.plan_timers(&state);
    }

    /// This tab's saved session, unless it has expired.
    pub(super) fn unexpired_session(&self) -> Option<OAuthResult> {
        self.env
            .load_session()
            .filter(|r| !r.is_expired_at(self.env.now_ms()))
    }

    /// This popup could not reach its opener: it keeps the session as a tab of its own.
    pub(super) fn set_orphaned(&self) {
        self.popup_orphaned.set(true);
    }
}
