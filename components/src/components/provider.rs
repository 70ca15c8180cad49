use crate::browser::broadcast::TabMessage;
use crate::browser::{broadcast, page, redirect, storage};
use crate::hooks::HfOAuth;
use crate::{OAuthConfig, SessionEvent, SessionState};
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`HfOAuthProvider`].
#[derive(Properties, PartialEq)]
pub struct HfOAuthProviderProps {
    /// OAuth configuration; what is missing is read from the page's globals, then defaulted.
    #[prop_or_default]
    pub config: OAuthConfig,
    /// Inject a state instead of running the flow: no storage, network or redirect is touched,
    /// and the actions only move the injected state (`sign_in` → redirecting, `sign_out` →
    /// signed out). For stories, tests and previews.
    #[prop_or_default]
    pub state: Option<SessionState>,
    /// The components that share this session.
    #[prop_or_default]
    pub children: Html,
}

/// An action of the provider's reducer.
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

/// Shares one Hugging Face session with every component inside it.
///
/// On mount it finishes a sign-in when the page is the provider's redirect, else restores the
/// tab's saved session; it turns the state to expired at expiry, refreshes the token before
/// expiry when a refresh token was granted, and follows sign-in and sign-out in other tabs.
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{HfLoginButton, HfOAuthProvider, OAuthConfig, UserBadge};
///
/// #[function_component]
/// fn App() -> Html {
///     // Or leave the config empty and set `window.HF_OAUTH_CLIENT_ID` in the page.
///     let config = OAuthConfig::default().with_client_id("your-client-id");
///     html! {
///         <HfOAuthProvider {config}>
///             <HfLoginButton />
///             <UserBadge />
///         </HfOAuthProvider>
///     }
/// }
/// ```
#[function_component]
pub fn HfOAuthProvider(props: &HfOAuthProviderProps) -> Html {
    let injected = props.state.is_some();
    let store = use_reducer(|| Store(props.state.clone().unwrap_or(SessionState::Loading)));

    {
        // Follow a changed injected state.
        let store = store.dispatcher();
        use_effect_with(props.state.clone(), move |state| {
            if let Some(state) = state {
                store.dispatch(Action::Replace(state.clone()));
            }
        });
    }

    {
        // Start-up: finish the redirect or restore the session; listen to other tabs.
        let dispatcher = store.dispatcher();
        use_effect_with(
            (injected, props.config.clone()),
            move |(injected, config)| {
                let listener = (!*injected)
                    .then(|| start(dispatcher, config.clone()))
                    .flatten();
                move || drop(listener)
            },
        );
    }

    let state = store.0.clone();
    {
        // Expiry and refresh timers for the live session.
        let dispatcher = store.dispatcher();
        let config = props.config.clone();
        use_effect_with((injected, state.clone()), move |(injected, state)| {
            let timers = match (injected, state) {
                (false, SessionState::SignedIn(result)) => {
                    Some(schedule(dispatcher, config, result.clone()))
                }
                _ => None,
            };
            move || drop(timers)
        });
    }

    let sign_in = {
        let dispatcher = store.dispatcher();
        let config = props.config.clone();
        Callback::from(move |()| {
            dispatcher.dispatch(Action::Event(SessionEvent::SignInStarted));
            if injected {
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
                    dispatcher.dispatch(Action::Event(SessionEvent::Failed(error)));
                }
            });
        })
    };

    let sign_out = {
        let dispatcher = store.dispatcher();
        let config = props.config.clone();
        Callback::from(move |()| {
            dispatcher.dispatch(Action::Event(SessionEvent::SignedOut));
            if !injected {
                let config = config.clone();
                wasm_bindgen_futures::spawn_local(async move { redirect::sign_out(&config).await });
            }
        })
    };

    let token_rejected = {
        let dispatcher = store.dispatcher();
        Callback::from(move |()| {
            if !injected {
                storage::clear_result();
            }
            dispatcher.dispatch(Action::Event(SessionEvent::TokenRejected));
        })
    };

    let context = HfOAuth {
        state,
        sign_in,
        sign_out,
        token_rejected,
    };
    html! {
        <ContextProvider<HfOAuth> {context}>
            { props.children.clone() }
        </ContextProvider<HfOAuth>>
    }
}

fn start(
    dispatcher: UseReducerDispatcher<Store>,
    config: OAuthConfig,
) -> Option<broadcast::TabListener> {
    if redirect::resolve_config(&config).is_err() {
        dispatcher.dispatch(Action::Event(SessionEvent::NotConfigured));
        return None;
    }
    let startup = dispatcher.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let event = match redirect::handle_oauth_redirect(&config).await {
            Ok(Some(result)) => SessionEvent::SignedIn(Rc::new(result)),
            Ok(None) => {
                let saved = redirect::load_saved_oauth_result();
                if saved.is_none() {
                    broadcast::say_hello();
                }
                SessionEvent::Restored(saved.map(Rc::new))
            }
            Err(error) => SessionEvent::Failed(error),
        };
        startup.dispatch(Action::Event(event));
    });
    broadcast::listen(move |message| match message {
        TabMessage::SignedIn { result } => {
            if !result.is_expired_at(page::now_ms()) {
                storage::save_result(&result);
                dispatcher.dispatch(Action::Event(SessionEvent::SignedIn(Rc::new(*result))));
            }
        }
        TabMessage::SignedOut => {
            storage::clear_result();
            dispatcher.dispatch(Action::Event(SessionEvent::SignedOut));
        }
        TabMessage::Hello => {
            if let Some(result) = redirect::load_saved_oauth_result() {
                broadcast::announce_signed_in(&result);
            }
        }
    })
}

/// Milliseconds before expiry at which a refresh token is used.
const REFRESH_MARGIN_MS: u64 = 60_000;

/// Longest timer browsers keep (2^31 - 1 ms, about 24.8 days); tokens living longer are only
/// checked at that point.
const MAX_TIMER_MS: u64 = i32::MAX as u64;

/// Slack after the expiry instant, so the timer never fires a hair before it.
const EXPIRY_SLACK_MS: u64 = 50;

fn schedule(
    dispatcher: UseReducerDispatcher<Store>,
    config: OAuthConfig,
    result: Rc<crate::OAuthResult>,
) -> (
    gloo::timers::callback::Timeout,
    Option<gloo::timers::callback::Timeout>,
) {
    let remaining = result.remaining_ms(page::now_ms());
    let expiry = {
        let dispatcher = dispatcher.clone();
        gloo::timers::callback::Timeout::new(
            (remaining + EXPIRY_SLACK_MS).min(MAX_TIMER_MS) as u32,
            move || {
                dispatcher.dispatch(Action::Event(SessionEvent::Tick {
                    now_ms: page::now_ms(),
                }));
            },
        )
    };
    let refresh = result.refresh_token.is_some().then(|| {
        let wait = remaining
            .saturating_sub(REFRESH_MARGIN_MS)
            .min(MAX_TIMER_MS) as u32;
        gloo::timers::callback::Timeout::new(wait, move || {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(fresh) = redirect::refresh_oauth_result(&config, &result).await {
                    dispatcher.dispatch(Action::Event(SessionEvent::SignedIn(Rc::new(fresh))));
                }
            });
        })
    });
    (expiry, refresh)
}
