use crate::{OAuthError, SessionState, SignInRequest};
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
    /// Sign in again asking for more (scopes, organizations); see
    /// [`request_scopes`](Self::request_scopes) and
    /// [`request_org_access`](Self::request_org_access).
    pub request_more: Callback<SignInRequest>,
    /// The scopes the last sign-in added to those the visitor had granted before; empty
    /// unless the page asked for more.
    pub scopes_added: Vec<String>,
    /// Why the last request for more failed (a blocked popup, storage refused, a refused
    /// exchange); the visitor stayed signed in. `None` after a success or a new request.
    pub request_error: Option<OAuthError>,
}

impl UseHfOAuthReturn {
    /// Ask for more scopes when they are first needed: sign in again for the scopes already
    /// granted plus `scopes` (Hugging Face shows its consent for what is new). The visitor stays
    /// signed in until the new token arrives; [`scopes_added`](Self::scopes_added) then lists
    /// what was added. Call it from a click handler (a popup inside a frame).
    ///
    /// # Usage
    /// ```
    /// use yew::prelude::*;
    /// use yew_hf_oauth::use_hf_oauth;
    ///
    /// #[function_component]
    /// fn AllowModels() -> Html {
    ///     let oauth = use_hf_oauth();
    ///     let onclick = Callback::from(move |_: MouseEvent| oauth.request_scopes(&["inference-api"]));
    ///     html! { <button {onclick}>{ "Allow running models" }</button> }
    /// }
    /// ```
    pub fn request_scopes(&self, scopes: &[&str]) {
        self.request_more.emit(SignInRequest::scopes(scopes));
    }

    /// Ask access to an organization's resources (`orgIds`): sign in again naming the
    /// organization `org_id` (its `sub` in [`crate::OrgInfo`]).
    ///
    /// # Usage
    /// ```
    /// use yew_hf_oauth::use_hf_oauth;
    /// # use yew::prelude::*;
    /// # #[function_component]
    /// # fn Grant() -> Html {
    /// let oauth = use_hf_oauth();
    /// let onclick = Callback::from(move |_: MouseEvent| oauth.request_org_access("5e9ecfc04957053f60648a3e"));
    /// # html! { <button {onclick}>{ "Grant access" }</button> }
    /// # }
    /// ```
    pub fn request_org_access(&self, org_id: &str) {
        self.request_more.emit(SignInRequest::org(org_id));
    }
}

impl Default for UseHfOAuthReturn {
    fn default() -> Self {
        Self {
            state: SessionState::NotConfigured,
            sign_in: Callback::noop(),
            cancel_sign_in: Callback::noop(),
            sign_out: Callback::noop(),
            token_rejected: Callback::noop(),
            request_more: Callback::noop(),
            scopes_added: Vec::new(),
            request_error: None,
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
