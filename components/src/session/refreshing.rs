//! Refresh turns: only the tab holding the refresh token has anything to refresh; tabs that
//! share one (a duplicated tab) take turns under the Web Lock, or elect one without it.

use super::driver::{RefreshOutcome, SessionDriver};
use super::env::SessionEnv;
use super::refresh::{decide, spent_marker, RefreshDecision};
use crate::auth::flow;
use crate::Secret;
use crate::{OAuthError, SessionEvent};
use std::rc::Rc;

impl<E: SessionEnv + 'static> SessionDriver<E> {
    /// This tab's refresh, when the refresh timer fires: its turn under the Web Lock, else
    /// after winning the election. The refreshed (or refused) session is shown.
    pub async fn refresh(self: Rc<Self>) {
        let outcome = self.clone().refresh_in_turn().await;
        if let Some(RefreshOutcome::Refreshed(result) | RefreshOutcome::Refused(result)) = outcome {
            self.apply(SessionEvent::SignedIn(Rc::new(result)));
        }
    }

    /// A refresh at the access token's end (its timer fired late): the new session, else
    /// Expired.
    pub(super) async fn refresh_or_expire(self: Rc<Self>) {
        let outcome = self.clone().refresh_in_turn().await;
        match outcome {
            Some(RefreshOutcome::Refreshed(result)) => {
                self.apply(SessionEvent::SignedIn(Rc::new(result)));
            }
            _ => {
                // Nothing left to refresh with: show it expired, from the session as kept.
                if let Some(kept) = self.env.load_session() {
                    self.apply(SessionEvent::SignedIn(Rc::new(kept)));
                }
                self.apply(SessionEvent::Tick {
                    now_ms: self.env.now_ms(),
                });
            }
        }
    }

    async fn refresh_in_turn(self: Rc<Self>) -> Option<RefreshOutcome> {
        let turn = {
            let driver = self.clone();
            Box::pin(async move { driver.refresh_turn().await })
        };
        match self.env.with_refresh_lock(turn).await {
            Some(outcome) => Some(outcome),
            None if self.env.elect().await => Some(self.refresh_turn().await),
            None => None,
        }
    }

    /// A refresh turn (run under the refresh lock or after winning the election): refresh
    /// this tab's saved session when it is due and its refresh token was not spent by another
    /// tab. An expired session is refreshed too (a late timer).
    pub async fn refresh_turn(&self) -> RefreshOutcome {
        let now = self.env.now_ms();
        let current = self.env.load_session();
        let spent = self.env.spent_refresh();
        let decision = decide(current.as_ref(), spent.as_deref(), now);
        let (RefreshDecision::Refresh, Some(current)) = (&decision, current) else {
            return RefreshOutcome::Skipped(decision);
        };
        let token = current.refresh_token.as_ref().map_or("", Secret::expose);
        let marker = spent_marker(token);
        self.env.mark_refresh_spent(&marker);
        let endpoints = match self.env.endpoints().await {
            Ok(endpoints) => endpoints,
            Err(error) => return RefreshOutcome::Failed(error),
        };
        match flow::refresh(
            self.env.transport(),
            &endpoints,
            &self.env.config().client_id,
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
                RefreshOutcome::Refreshed(self.keep(&fresh))
            }
            Err(OAuthError::Network(detail)) => {
                // No answer: the request most likely never reached the provider (offline), so
                // the token may be tried again (at the expiry, or by another tab).
                if self.env.spent_refresh().as_deref() == Some(marker.as_str()) {
                    self.env.forget_refresh_spent();
                }
                RefreshOutcome::Failed(OAuthError::Network(detail))
            }
            Err(_) => {
                let kept = current.with_refresh_token(None);
                let _ = self.env.save_session(&kept);
                RefreshOutcome::Refused(kept)
            }
        }
    }
}
