//! `use_session`: runs the session driver for [`crate::HfOAuthProvider`]: start-up, the profile
//! request, tab messages, expiry and refresh timers, the actions.

use super::UseHfOAuthReturn;
use crate::browser::broadcast::{self, TabMessage};
use crate::browser::refresh_lock::{self, Claims};
use crate::browser::session_env::{browser_driver, BrowserEnv};
use crate::browser::{page, popup, redirect};
use crate::session::driver::{RefreshOutcome, SessionDriver};
use crate::session::schedule;
use crate::{OAuthConfig, OAuthError, OAuthResult, SessionEvent, SessionState};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
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

/// What [`use_session`] gives the provider.
pub(crate) struct Session {
    /// The context every component reads.
    pub context: UseHfOAuthReturn,
    /// This page is a sign-in popup that finished but could not reach its opener: it stays
    /// signed in here and says so.
    pub popup_orphaned: bool,
}

/// The popup of a popup sign-in in progress, and its watcher.
type OpenPopup = Rc<RefCell<Option<(web_sys::Window, gloo::timers::callback::Interval)>>>;

/// The session of a provider with `config`; with `injected`, that state instead (no storage,
/// network or address bar is touched, and the actions only move the injected state).
#[hook]
pub(crate) fn use_session(config: OAuthConfig, injected: Option<SessionState>) -> Session {
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
    let open_popup: OpenPopup = use_mut_ref(|| None);
    let popup_orphaned = use_state(|| false);

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
        let open_popup = open_popup.clone();
        let orphaned = popup_orphaned.setter();
        use_effect_with((is_injected, config.clone()), move |(injected, config)| {
            let listeners = match (&*driver, injected) {
                (_, true) => None,
                (None, false) => {
                    dispatch(&dispatcher, SessionEvent::NotConfigured);
                    None
                }
                (Some(driver), false) => {
                    let started = Started {
                        driver: driver.clone(),
                        dispatcher,
                        config: config.clone(),
                        orphaned,
                    };
                    Some(start(started, claims, open_popup))
                }
            };
            move || drop(listeners)
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
        let open_popup = open_popup.clone();
        Callback::from(move |()| {
            if is_injected {
                dispatch(&dispatcher, SessionEvent::SignInStarted);
            } else if config.sign_in_mode.uses_popup(popup::in_frame()) {
                // Synchronously, in the click handler: an `await` before `window.open` would
                // get the popup blocked.
                sign_in_with_popup(&dispatcher, &open_popup);
            } else {
                dispatch(&dispatcher, SessionEvent::SignInStarted);
                redirect_to_provider(dispatcher.clone(), config.clone(), false);
            }
        })
    };

    let cancel_sign_in = {
        let dispatcher = store.dispatcher();
        let open_popup = open_popup.clone();
        Callback::from(move |()| {
            if let Some((window, _watch)) = open_popup.borrow_mut().take() {
                let _ = window.close();
            }
            dispatch(&dispatcher, SessionEvent::PopupClosed);
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

    Session {
        context: UseHfOAuthReturn {
            state,
            sign_in,
            cancel_sign_in,
            sign_out,
            token_rejected,
        },
        popup_orphaned: *popup_orphaned,
    }
}

/// Open the sign-in popup (synchronously) and watch it; a blocked popup is an error that
/// offers to open the page in its own tab.
fn sign_in_with_popup(dispatcher: &Dispatcher, open_popup: &OpenPopup) {
    match popup::open(&popup::popup_url()) {
        Some(window) => {
            let on_closed = {
                let dispatcher = dispatcher.clone();
                let open_popup = open_popup.clone();
                move || {
                    open_popup.borrow_mut().take();
                    dispatch(&dispatcher, SessionEvent::PopupClosed);
                }
            };
            let watch = popup::watch_closed(window.clone(), on_closed);
            *open_popup.borrow_mut() = Some((window, watch));
            dispatch(dispatcher, SessionEvent::PopupOpened);
        }
        None => dispatch(
            dispatcher,
            SessionEvent::Failed(OAuthError::PopupBlocked {
                page_url: page::current_page_url(),
            }),
        ),
    }
}

/// Send this page to the provider (`popup`: this page is a sign-in popup).
fn redirect_to_provider(dispatcher: Dispatcher, config: OAuthConfig, popup: bool) {
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = match redirect::login_url(&config, popup).await {
            Ok(url) => page::navigate_to(&url),
            Err(error) => Err(error),
        };
        if let Err(error) = outcome {
            dispatch(&dispatcher, SessionEvent::Failed(error));
        }
    });
}

/// What start-up works with.
struct Started {
    driver: Driver,
    dispatcher: Dispatcher,
    config: OAuthConfig,
    orphaned: UseStateSetter<bool>,
}

/// The listeners a provider keeps while mounted, and its driver, retired with them.
type Listeners = (
    Option<broadcast::TabListener>,
    gloo::events::EventListener,
    RetireOnDrop,
);

/// Retires the driver ([`SessionDriver::retire`]) when the provider's listeners go.
struct RetireOnDrop(Driver);

impl Drop for RetireOnDrop {
    fn drop(&mut self) {
        self.0.retire();
    }
}

/// Run start-up, listen to the other tabs and to a sign-in popup's result.
fn start(started: Started, claims: Claims, open_popup: OpenPopup) -> Listeners {
    let Started {
        driver,
        dispatcher,
        config,
        orphaned,
    } = started;
    let retiring = driver.clone();
    let (_, search, _) = page::current_location_parts();
    if crate::auth::popup::is_popup_start(&search) {
        // This page is a sign-in popup: run the whole sign-in here, top-level.
        dispatch(&dispatcher, SessionEvent::SignInStarted);
        redirect_to_provider(dispatcher.clone(), config, true);
    } else {
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
            let Some(result) = to_complete else { return };
            // The name (from the id_token) is on screen before the userinfo request starts.
            page::after_paint().await;
            let full = complete_profile(driver.clone(), dispatcher, result).await;
            if driver.finished_in_popup() {
                if popup::hand_to_opener(&full) {
                    popup::close_self();
                } else {
                    orphaned.set(true);
                }
            }
        });
    }
    let from_popup = {
        let driver = driver.clone();
        let dispatcher = dispatcher.clone();
        popup::listen_for_result(move |result| {
            if let Some((window, _watch)) = open_popup.borrow_mut().take() {
                let _ = window.close();
            }
            if let Some(event) = driver.adopt_popup_result(result) {
                dispatch(&dispatcher, event);
            }
        })
    };
    let tabs = broadcast::listen(move |message| {
        if let TabMessage::RefreshClaim { tab } = &message {
            if let Some(heard) = claims.borrow_mut().as_mut() {
                heard.push(tab.clone());
            }
        }
        if let Some(event) = driver.on_tab_message(message) {
            dispatch(&dispatcher, event);
        }
    });
    (tabs, from_popup, RetireOnDrop(retiring))
}

/// Ask userinfo for what the id_token lacks; the badge updates when it lands. The session as
/// it ends up.
async fn complete_profile(
    driver: Driver,
    dispatcher: Dispatcher,
    result: Rc<OAuthResult>,
) -> OAuthResult {
    match driver.complete_profile(&result).await {
        Some(full) => {
            dispatch(&dispatcher, SessionEvent::SignedIn(Rc::new(full.clone())));
            full
        }
        None => (*result).clone(),
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
