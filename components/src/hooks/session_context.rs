//! The context `use_session` gives every component: the session state, and the actions,
//! each sent to the session driver (or, with an injected state, moving that state as the
//! reducer would).

use super::UseHfOAuthReturn;
use crate::browser::session_env::BrowserEnv;
use crate::session::driver::SessionDriver;
use crate::{OAuthConfig, SessionEvent, SessionState};
use std::rc::Rc;
use yew::prelude::*;

/// The context: the state, and the actions sent to the driver (or, with an injected state,
/// moving that state).
pub(super) fn session_context(
    config: &OAuthConfig,
    state: &UseStateHandle<SessionState>,
    driver: &Rc<Option<Rc<SessionDriver<BrowserEnv>>>>,
) -> UseHfOAuthReturn {
    let mode = config.sign_in_mode;
    let act = |action: fn(&Rc<SessionDriver<BrowserEnv>>), injected: SessionEvent| {
        let driver = driver.clone();
        let state = state.clone();
        Callback::from(move |()| match &*driver {
            Some(driver) => action(driver),
            None => state.set(state.reduce(injected.clone())),
        })
    };
    let sign_in = {
        let driver = driver.clone();
        let state = state.clone();
        Callback::from(move |()| match &*driver {
            // Synchronously, in the click handler: a popup opened after an `await` is blocked.
            Some(driver) => driver.sign_in(mode),
            None => state.set(state.reduce(SessionEvent::SignInStarted)),
        })
    };
    UseHfOAuthReturn {
        state: (**state).clone(),
        sign_in,
        cancel_sign_in: act(|d| d.cancel_sign_in(), SessionEvent::PopupClosed),
        sign_out: act(|d| d.sign_out(), SessionEvent::SignedOut),
        token_rejected: act(|d| d.token_rejected(), SessionEvent::TokenRejected),
        request_more: {
            let driver = driver.clone();
            Callback::from(move |request| {
                if let Some(driver) = &*driver {
                    driver.sign_in_for(mode, request);
                }
            })
        },
        scopes_added: driver
            .as_ref()
            .as_ref()
            .map(|d| d.scopes_added())
            .unwrap_or_default(),
    }
}
