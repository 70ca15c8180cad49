use crate::SessionState;
use yew::prelude::*;

/// The session as every component on the page sees it, with the actions that change it.
///
/// Provided by [`crate::HfOAuthProvider`]; read it with [`use_hf_oauth`].
#[derive(Clone, Debug, PartialEq)]
pub struct UseHfOAuthReturn {
    /// The current session state.
    pub state: SessionState,
    /// Start signing in: the browser goes to the provider, or (inside a frame, or with
    /// [`SignInMode::Popup`](crate::SignInMode)) a popup opens. Call it synchronously from the
    /// click handler, or the popup is blocked.
    pub sign_in: Callback<()>,
    /// Give up a popup sign-in in progress: the popup closes, the state returns to signed out.
    pub cancel_sign_in: Callback<()>,
    /// Sign out in this tab and the others.
    pub sign_out: Callback<()>,
    /// Report that an API answered 401: the session turns expired and is forgotten.
    pub token_rejected: Callback<()>,
}

impl Default for UseHfOAuthReturn {
    fn default() -> Self {
        Self {
            state: SessionState::NotConfigured,
            sign_in: Callback::noop(),
            cancel_sign_in: Callback::noop(),
            sign_out: Callback::noop(),
            token_rejected: Callback::noop(),
        }
    }
}

/// The session shared by the nearest [`crate::HfOAuthProvider`].
///
/// Outside a provider it reports [`SessionState::NotConfigured`] with actions that do nothing,
/// so a component placed without a provider explains itself instead of panicking.
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
///         SessionState::SignedIn(result) => html! { <p>{ format!("Hello, {}!", result.user_info.display_name()) }</p> },
///         _ => html! { <button onclick={oauth.sign_in.reform(|_| ())}>{ "Sign in" }</button> },
///     }
/// }
/// ```
#[hook]
pub fn use_hf_oauth() -> UseHfOAuthReturn {
    use_context::<UseHfOAuthReturn>().unwrap_or_default()
}
