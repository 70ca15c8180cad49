//! `SignedIn` and `SignedOut`: show their children only in one kind of session state, as
//! yew-oauth2's `Authenticated` / `NotAuthenticated` do.

use crate::{use_hf_oauth, SessionState};
use yew::prelude::*;

/// Properties of [`SignedIn`] and [`SignedOut`].
#[derive(Properties, PartialEq)]
pub struct GuardProps {
    /// What to show when the guard lets it through.
    #[prop_or_default]
    pub children: Html,
}

/// Its children, only while the visitor is signed in (an unexpired session; not while it
/// loads, nor after it expired).
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{HfLoginButton, HfOAuthProvider, InferencePanel, SignedIn, SignedOut};
///
/// #[function_component]
/// fn App() -> Html {
///     html! {
///         <HfOAuthProvider>
///             <SignedIn><InferencePanel /></SignedIn>
///             <SignedOut><HfLoginButton /></SignedOut>
///         </HfOAuthProvider>
///     }
/// }
/// ```
#[function_component]
pub fn SignedIn(props: &GuardProps) -> Html {
    if use_hf_oauth().state.is_signed_in() {
        props.children.clone()
    } else {
        Html::default()
    }
}

/// Its children, only while nobody is signed in: signed out, expired, an error, or sign-in not
/// configured (not while the session loads or the page leaves for Hugging Face).
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{HfLoginButton, HfOAuthProvider, SignedOut};
///
/// #[function_component]
/// fn Welcome() -> Html {
///     html! {
///         <HfOAuthProvider>
///             <SignedOut><p>{ "Sign in to run models with your own account." }</p><HfLoginButton /></SignedOut>
///         </HfOAuthProvider>
///     }
/// }
/// ```
#[function_component]
pub fn SignedOut(props: &GuardProps) -> Html {
    if shows_signed_out(&use_hf_oauth().state) {
        props.children.clone()
    } else {
        Html::default()
    }
}

/// Whether [`SignedOut`] shows its children in `state`.
fn shows_signed_out(state: &SessionState) -> bool {
    matches!(
        state,
        SessionState::SignedOut
            | SessionState::Expired(_)
            | SessionState::Error(_)
            | SessionState::NotConfigured
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OAuthError, OAuthResult, UserInfo};
    use std::rc::Rc;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn signed_out_means_nobody_signed_in_and_nothing_in_progress() {
        let session = Rc::new(OAuthResult::new("t", 1, UserInfo::default(), "openid"));
        for (state, shown) in [
            (SessionState::SignedOut, true),
            (SessionState::Expired(session.clone()), true),
            (SessionState::Error(OAuthError::StorageBlocked), true),
            (SessionState::NotConfigured, true),
            (SessionState::Loading, false),
            (SessionState::Redirecting, false),
            (SessionState::AwaitingPopup, false),
            (SessionState::SignedIn(session), false),
        ] {
            assert_eq!(shows_signed_out(&state), shown, "{state:?}");
        }
    }
}
