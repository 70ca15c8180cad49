//! `use_session`: wires the browser to the session driver for [`crate::HfOAuthProvider`]. The
//! driver owns the session (every decision and effect, [`crate::session`]); this hook only
//! builds it, hands it the page's events and turns its states into Yew state.

use super::session_context::session_context;
use super::UseHfOAuthReturn;
use crate::browser::broadcast;
use crate::browser::popup::listen_for_messages;
use crate::browser::session_env::{browser_driver, BrowserEnv};
use crate::session::driver::SessionDriver;
use crate::{OAuthConfig, SessionState};
use std::rc::Rc;
use yew::prelude::*;

/// What [`use_session`] gives the provider.
pub(crate) struct Session {
    /// The context every component reads.
    pub context: UseHfOAuthReturn,
    /// This page is a sign-in popup that finished but could not reach its opener: it stays
    /// signed in here and says so.
    pub popup_orphaned: bool,
}

type Driver = Rc<SessionDriver<BrowserEnv>>;

/// The session of a provider with `config`; with `injected`, that state instead (no storage,
/// network or address bar is touched, and the actions only move the injected state).
#[hook]
pub(crate) fn use_session(config: OAuthConfig, injected: Option<SessionState>) -> Session {
    let state = use_state(|| injected.clone().unwrap_or(SessionState::Loading));
    let driver: Rc<Option<Driver>> = {
        let setter = state.setter();
        use_memo(
            (injected.is_some(), config.clone()),
            move |(injected, config)| {
                (!injected)
                    .then(|| browser_driver(config, move |next| setter.set(next)).ok())
                    .flatten()
            },
        )
    };
    {
        let state = state.clone();
        use_effect_with(injected.clone(), move |injected| {
            if let Some(injected) = injected {
                state.set(injected.clone());
            }
        });
    }
    {
        let state = state.clone();
        let driver = driver.clone();
        use_effect_with(
            (injected.is_some(), config.clone()),
            move |(is_injected, _)| {
                let running = (*driver).clone().map(run);
                if running.is_none() && !is_injected {
                    state.set(SessionState::NotConfigured);
                }
                move || drop(running)
            },
        );
    }
    let popup_orphaned = driver.as_ref().as_ref().is_some_and(|d| d.popup_orphaned());
    Session {
        context: session_context(&config, &state, &driver),
        popup_orphaned,
    }
}

/// Start `driver` and feed it the tab channel and `message` events until the returned guard
/// drops (the provider unmounts): then the driver retires.
fn run(driver: Driver) -> impl Sized {
    wasm_bindgen_futures::spawn_local({
        let driver = driver.clone();
        async move { driver.start().await }
    });
    let own_origin = gloo::utils::window()
        .location()
        .origin()
        .unwrap_or_default();
    let messages = {
        let driver = driver.clone();
        listen_for_messages(move |event| {
            let from_popup = driver.env().is_open_popup(&event.source().into());
            let data = event.data().as_string().unwrap_or_default();
            driver.on_popup_message(from_popup, &event.origin(), &own_origin, &data);
        })
    };
    let tabs = {
        let driver = driver.clone();
        broadcast::listen(move |message| driver.on_tab_message(message))
    };
    Retire(driver, messages, tabs)
}

/// Retires the driver ([`SessionDriver::retire`]) when the provider's listeners go.
struct Retire<A, B>(Driver, A, B);

impl<A, B> Drop for Retire<A, B> {
    fn drop(&mut self) {
        self.0.retire();
    }
}
