//! Signing in: the plan (redirect or popup), starting it, and the popup's life on both sides.
//!
//! A popup sign-in is bound to one attempt: the opener draws a random attempt id, puts it in
//! the popup's URL, and accepts one result carrying that id, from that window, from its own
//! origin, while that attempt is open. The popup keeps nothing: it hands the whole session
//! (refresh token included, the one hand-over there is) to its opener and closes; only when
//! the opener cannot be reached does it keep the session as a tab of its own.

use super::driver::{Finished, SessionDriver};
use super::env::{PopupStart, SessionEnv, Timer};
use crate::auth::config::SignInMode;
use crate::auth::login_url::{build_authorize_url, PendingLogin};
use crate::auth::pkce::random_token;
use crate::auth::popup::{read_popup_message, PopupMessage, POPUP_WATCH_MS};
use crate::auth::sign_in_request::SignInRequest;
use crate::{OAuthError, OAuthResult, SessionEvent};
use std::rc::Rc;

/// How a sign-in is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInPlan {
    /// Send the whole page to the provider.
    Redirect,
    /// Open this page as a popup that signs in and hands the session back.
    Popup,
}

/// The plan for `mode` on a page that runs inside a frame (`in_frame`) or not.
pub fn plan(mode: SignInMode, in_frame: bool) -> SignInPlan {
    if mode.uses_popup(in_frame) {
        SignInPlan::Popup
    } else {
        SignInPlan::Redirect
    }
}

impl<E: SessionEnv + 'static> SessionDriver<E> {
    /// The visitor clicked Sign in. A popup is opened synchronously, before anything awaits
    /// (an `await` first would get it blocked); a redirect saves the pending sign-in and sends
    /// the page to the provider.
    pub fn sign_in(self: &Rc<Self>, mode: SignInMode) {
        self.sign_in_for(mode, SignInRequest::default());
    }

    /// Sign in again asking for more than the session holds (scopes, organizations): the
    /// scopes already granted are asked again with the new ones, and the visitor stays signed
    /// in until the new token arrives ([`Self::scopes_added`] then says what was added).
    /// Signed out, this is a sign-in that asks for them from the start.
    pub fn sign_in_for(self: &Rc<Self>, mode: SignInMode, request: SignInRequest) {
        let granted = self.state().result().map(|r| r.scope.clone());
        let step_up = granted.is_some();
        let request = request.keeping(granted.as_deref());
        match plan(mode, self.env.in_frame()) {
            SignInPlan::Popup => self.open_popup(request, step_up),
            SignInPlan::Redirect => {
                if !step_up {
                    self.apply(SessionEvent::SignInStarted);
                }
                let driver = self.clone();
                self.env.spawn(Box::pin(async move {
                    if let Err(error) = driver.redirect(None, request, step_up).await {
                        driver.apply(SessionEvent::Failed(error));
                    }
                }));
            }
        }
    }

    /// Save a new pending sign-in (for the popup `attempt` when this page is one) and send the
    /// page to the provider.
    pub(super) async fn redirect(
        &self,
        attempt: Option<String>,
        request: SignInRequest,
        step_up: bool,
    ) -> Result<(), OAuthError> {
        let url = self.authorize_url(attempt, &request, step_up).await?;
        self.env.navigate(&url)
    }

    /// A new pending sign-in, saved, and the provider's URL for it, asking for the configured
    /// scopes and what `request` adds.
    pub async fn authorize_url(
        &self,
        attempt: Option<String>,
        request: &SignInRequest,
        step_up: bool,
    ) -> Result<String, OAuthError> {
        let endpoints = self.env.endpoints().await?;
        let mut config = self.env.config().clone();
        config.scopes = request.scope_for(&config.scopes);
        for org in &request.org_ids {
            if !config.authorize.org_ids.contains(org) {
                config.authorize.org_ids.push(org.clone());
            }
        }
        let mut pending = PendingLogin::new(
            &mut |buf| self.env.fill_random(buf),
            &config.redirect_uri,
            &self.env.current_return_path(),
            self.env.now_ms(),
        );
        pending.popup_attempt = attempt;
        pending.step_up = step_up;
        self.env.save_pending(&pending)?;
        Ok(build_authorize_url(&endpoints, &config, &pending))
    }

    fn open_popup(&self, request: SignInRequest, step_up: bool) {
        let mut bytes = [0u8; 16];
        self.env.fill_random(&mut bytes);
        let attempt = random_token(&bytes);
        if self.env.open_popup(&attempt, &request) {
            *self.popup_attempt.borrow_mut() = Some(attempt);
            self.popup_seen_closed.set(false);
            self.env.set_timer(Timer::PopupWatch, POPUP_WATCH_MS.into());
            if !step_up {
                self.apply(SessionEvent::PopupOpened);
            }
        } else {
            self.apply(SessionEvent::Failed(OAuthError::PopupBlocked {
                page_url: self.env.current_return_path(),
            }));
        }
    }

    /// The visitor gave up waiting for the popup: close it; its result is no longer taken.
    pub fn cancel_sign_in(&self) {
        self.end_popup_attempt();
        self.apply(SessionEvent::PopupClosed);
    }

    fn end_popup_attempt(&self) {
        self.popup_attempt.borrow_mut().take();
        self.env.cancel_timer(Timer::PopupWatch);
        self.env.close_popup();
    }

    /// The popup watch timer: a popup found closed twice in a row ends the attempt. Once is
    /// not enough: the popup posts its result and closes at once, and the opener may see it
    /// closed before the message is delivered (seen in WebKit).
    pub(super) fn watch_popup(&self) {
        if self.popup_attempt.borrow().is_none() {
            return;
        }
        if self.env.popup_closed() && self.popup_seen_closed.replace(true) {
            self.end_popup_attempt();
            self.apply(SessionEvent::PopupClosed);
        } else {
            self.env.set_timer(Timer::PopupWatch, POPUP_WATCH_MS.into());
        }
    }

    /// A `message` event reached this page: `from_popup` when its source is the popup this
    /// page opened, `origin` the sender's. Taken once, for the open attempt only; the opener
    /// becomes the tab holding the session.
    pub fn on_popup_message(&self, from_popup: bool, origin: &str, own_origin: &str, data: &str) {
        let Some(attempt) = self.popup_attempt.borrow().clone() else {
            return;
        };
        if !from_popup {
            return;
        }
        let Some(result) = read_popup_message(origin, own_origin, &attempt, Some(data)) else {
            return;
        };
        self.end_popup_attempt();
        if result.is_expired_at(self.env.now_ms()) {
            return self.apply(SessionEvent::PopupClosed);
        }
        self.note_added_scopes(&result);
        let kept = self.keep(&result);
        self.apply(SessionEvent::SignedIn(Rc::new(kept)));
    }

    /// A page opened as a sign-in popup: for a same-origin opener it signs in at once; without
    /// one (opened by another site, or its opener gone) it starts nothing by itself and starts
    /// up as any tab does (Sign in, or the session it holds). `false` when the page starts up
    /// as any tab.
    pub(super) fn start_popup(self: &Rc<Self>) -> bool {
        match self.env.popup_start() {
            PopupStart::No | PopupStart::WithoutOpener => false,
            PopupStart::ForOpener(attempt, request) => {
                self.apply(SessionEvent::SignInStarted);
                let driver = self.clone();
                self.env.spawn(Box::pin(async move {
                    if let Err(error) = driver.redirect(Some(attempt), request, false).await {
                        driver.apply(SessionEvent::Failed(error));
                    }
                }));
                true
            }
        }
    }

    /// In the popup, back from the provider: complete the profile, hand the session to the
    /// opener and close. The popup saves and announces nothing, unless its opener is gone:
    /// then it keeps the session as a tab of its own and says so.
    pub(super) async fn finish_popup(&self, result: OAuthResult, attempt: String) {
        self.apply(SessionEvent::Restored(Some(Rc::new(result.clone()))));
        self.env.after_paint().await;
        let full = self.profile_of(&result).await.unwrap_or(result);
        let message = PopupMessage::new(&attempt, &full).to_json();
        if self.env.hand_to_opener(&message) {
            self.env.close_self();
        } else {
            self.set_orphaned();
            let kept = self.keep(&full);
            self.apply(SessionEvent::SignedIn(Rc::new(kept)));
        }
    }

    /// The plain [`crate::handle_oauth_redirect`]: finish the redirect and complete the
    /// profile, without a popup.
    pub async fn finish_and_complete(&self) -> Result<Option<OAuthResult>, OAuthError> {
        match self.finish_redirect().await? {
            Finished::SignedIn { result, .. } => {
                self.apply(SessionEvent::Restored(Some(Rc::new(result.clone()))));
                Ok(Some(self.complete_profile(&result).await.unwrap_or(result)))
            }
            Finished::Foreign => Err(OAuthError::ForeignCallback),
            Finished::NoCallback => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_follows_the_mode_and_the_frame() {
        assert_eq!(plan(SignInMode::Auto, false), SignInPlan::Redirect);
        assert_eq!(plan(SignInMode::Auto, true), SignInPlan::Popup);
        assert_eq!(plan(SignInMode::Redirect, true), SignInPlan::Redirect);
        assert_eq!(plan(SignInMode::Popup, false), SignInPlan::Popup);
    }
}
