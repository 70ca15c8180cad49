//! `use_session`: runs the session driver for [`crate::HfOAuthProvider`]: start-up, the profile
//! request, tab messages, expiry and refresh timers, the actions.

use super::HfOAuth;
use crate::browser::broadcast::{self, TabMessage};
use crate::browser::refresh_lock::{self, Claims};
use crate::browser::session_env::{browser_driver, BrowserEnv};
use crate::browser::{page, redirect};
use crate::session::driver::{RefreshOutcome, SessionDriver};
use crate::session::schedule;
use crate::{OAuthConfig, OAuthResult, SessionEvent, SessionState};
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// An action of the session reducer.
enum Action {
    Event(SessionEvent),
    Replace(SessionState),
}

#[derive(PartialEq)]
struct Store(SessionState);

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::Event(event) => self.0.reduce(event),
            Action::Replace(state) => state,
        };
        if next == self.0 {
            self
        } else {
            Rc::new(Store(next))
        }
    }
}

type Driver = Rc<SessionDriver<BrowserEnv>>;
type Dispatcher = UseReducerDispatcher<Store>;

fn dispatch(dispatcher: &Dispatcher, event: SessionEvent) {
    dispatcher.dispatch(Action::Event(event));
}

/// The session of a provider with `config`; with `injected`, that state instead (no storage,
/// network or address bar is touched, and the actions only move the injected state).
#[hook]
pub(crate) fn use_session(config: OAuthConfig, injected: Option<SessionState>) -> HfOAuth {
    let is_injected = injected.is_some();
    let store = use_reducer(|| Store(injected.clone().unwrap_or(SessionState::Loading)));
    let driver: Rc<Option<Driver>> =
        use_memo((is_injected, config.clone()), |(injected, config)| {
            (!injected)
                .then(|| browser_driver(config).ok().map(Rc::new))
                .flatten()
        });
    let claims: Rc<Claims> = use_memo((), |()| Claims::default());
    let tab_id = use_memo((), |()| refresh_lock::tab_id());

    {
        // Follow a changed injected state.
        let dispatcher = store.dispatcher();
        use_effect_with(injected, move |state| {
            if let Some(state) = state {
                dispatcher.dispatch(Action::Replace(state.clone()));
            }
        });
    }

    {
        // Start-up: finish the redirect or restore; complete the profile; follow other tabs.
        let dispatcher = store.dispatcher();
        let claims = (*claims).clone();
        let driver = driver.clone();
        use_effect_with((is_injected, config.clone()), move |(injected, _)| {
            let listener = match (&*driver, injected) {
                (_, true) => None,
                (None, false) => {
                    dispatch(&dispatcher, SessionEvent::NotConfigured);
                    None
                }
                (Some(driver), false) => Some(start(driver.clone(), dispatcher, claims)),
            };
            move || drop(listener)
        });
    }

    let state = store.0.clone();
    {
        // Expiry and refresh timers of the live session.
        let dispatcher = store.dispatcher();
        let claims = (*claims).clone();
        let tab_id = (*tab_id).clone();
        let driver = driver.clone();
        use_effect_with((config.clone(), state.clone()), move |(_, state)| {
            let timers = (*driver)
                .clone()
                .and_then(|driver| schedule_timers(driver, dispatcher, state, claims, tab_id));
            move || drop(timers)
        });
    }

    let sign_in = {
        let dispatcher = store.dispatcher();
        Callback::from(move |()| {
            dispatch(&dispatcher, SessionEvent::SignInStarted);
            if is_injected {
                return;
            }
            let dispatcher = dispatcher.clone();
            let config = config.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match redirect::generate_oauth_login_url(&config).await {
                    Ok(url) => page::navigate_to(&url),
                    Err(error) => Err(error),
                };
                if let Err(error) = outcome {
                    dispatch(&dispatcher, SessionEvent::Failed(error));
                }
            });
        })
    };

    let sign_out = {
        let dispatcher = store.dispatcher();
        let driver = driver.clone();
        Callback::from(move |()| {
            dispatch(&dispatcher, SessionEvent::SignedOut);
            let Some(driver) = (*driver).clone() else {
                return;
            };
            if let Some(saved) = driver.sign_out() {
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = driver.revoke(&saved.access_token).await;
                });
            }
        })
    };

    let token_rejected = {
        let dispatcher = store.dispatcher();
        Callback::from(move |()| match &*driver {
            Some(driver) => dispatch(&dispatcher, driver.token_rejected()),
            None => dispatch(&dispatcher, SessionEvent::TokenRejected),
        })
    };

    HfOAuth {
        state,
        sign_in,
        sign_out,
        token_rejected,
    }
}

/// Run start-up and listen to the other tabs; the listener lives as long as the provider.
fn start(driver: Driver, dispatcher: Dispatcher, claims: Claims) -> Option<broadcast::TabListener> {
    {
        let driver = driver.clone();
        let dispatcher = dispatcher.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let event = driver.start().await;
            let to_complete = match &event {
                SessionEvent::SignedIn(result) | SessionEvent::Restored(Some(result)) => {
                    Some(result.clone())
                }
                _ => None,
            };
            dispatch(&dispatcher, event);
            if let Some(result) = to_complete {
                complete_profile(driver, dispatcher, result).await;
            }
        });
    }
    broadcast::listen(move |message| {
        if let TabMessage::RefreshClaim { tab } = &message {
            if let Some(heard) = claims.borrow_mut().as_mut() {
                heard.push(tab.clone());
            }
        }
        if let Some(event) = driver.on_tab_message(message) {
            dispatch(&dispatcher, event);
        }
    })
}

/// Ask userinfo for what the id_token lacks; the badge updates when it lands.
async fn complete_profile(driver: Driver, dispatcher: Dispatcher, result: Rc<OAuthResult>) {
    if let Some(full) = driver.complete_profile(&result).await {
        dispatch(&dispatcher, SessionEvent::SignedIn(Rc::new(full)));
    }
}

/// The expiry timer, and the refresh timer when the session can be refreshed.
fn schedule_timers(
    driver: Driver,
    dispatcher: Dispatcher,
    state: &SessionState,
    claims: Claims,
    tab_id: String,
) -> Option<(Timeout, Option<Timeout>)> {
    let timers = schedule::plan(state, page::now_ms())?;
    let expiry = {
        let dispatcher = dispatcher.clone();
        Timeout::new(timers.expiry_in_ms, move || {
            let now_ms = page::now_ms();
            dispatch(&dispatcher, SessionEvent::Tick { now_ms });
        })
    };
    let refresh = timers.refresh_in_ms.map(|delay| {
        Timeout::new(delay, move || {
            wasm_bindgen_futures::spawn_local(refresh(driver, dispatcher, claims, tab_id));
        })
    });
    Some((expiry, refresh))
}

/// This tab's refresh turn: under the Web Lock, else after winning the election.
async fn refresh(driver: Driver, dispatcher: Dispatcher, claims: Claims, tab_id: String) {
    let in_lock = {
        let driver = driver.clone();
        move || async move { driver.refresh_turn().await }
    };
    let outcome = match refresh_lock::with_refresh_lock(in_lock).await {
        Some(outcome) => Some(outcome),
        None if refresh_lock::elect(&tab_id, &claims).await => Some(driver.refresh_turn().await),
        None => None,
    };
    if let Some(RefreshOutcome::Refreshed(result) | RefreshOutcome::Refused(result)) = outcome {
        dispatch(&dispatcher, SessionEvent::SignedIn(Rc::new(result)));
    }
}
