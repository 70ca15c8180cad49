use crate::hooks::{use_session, UseHfOAuthReturn};
use crate::{OAuthConfig, SessionState};
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

/// Shares one Hugging Face session with every component inside it.
///
/// On mount it finishes a sign-in when the page is the provider's redirect (showing the name
/// from the id_token at once, then the full profile from userinfo), else restores the tab's
/// saved session; it turns the state to expired at expiry, refreshes the token before expiry
/// when a refresh token was granted (one tab per cycle, under a Web Lock), and follows sign-in
/// and sign-out in other tabs.
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
    let session = use_session(props.config.clone(), props.state.clone());
    html! {
        <ContextProvider<UseHfOAuthReturn> context={session.context}>
            if session.popup_orphaned {
                <p class="hf-oauth-popup-note" role="status">
                    { "You are signed in in this window. The page that opened it could not be reached: continue here, or close this window and sign in again there." }
                </p>
            }
            { props.children.clone() }
        </ContextProvider<UseHfOAuthReturn>>
    }
}
