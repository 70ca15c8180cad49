//! The smallest app: a sign-in button, the visitor's badge, and a panel that streams a model's
//! answer with the visitor's token.
//!
//! Built for wasm32 by CI (`cargo build -p yew-hf-oauth --example minimal --target
//! wasm32-unknown-unknown`); serve it with trunk or wasm-bindgen and set
//! `window.HF_OAUTH_CLIENT_ID` in the page (or pass the client ID to `OAuthConfig`).

use yew::prelude::*;
use yew_hf_oauth::prelude::*;

#[function_component]
fn App() -> Html {
    // Empty: the client ID comes from `window.HF_OAUTH_CLIENT_ID` or a Space's variables.
    let config = OAuthConfig::default();
    html! {
        <HfOAuthProvider {config}>
            <header>
                <HfLoginButton />
                <UserBadge />
            </header>
            <Welcome />
            <InferencePanel />
        </HfOAuthProvider>
    }
}

/// The app's own component, reading the shared session.
#[function_component]
fn Welcome() -> Html {
    match &use_hf_oauth().state {
        SessionState::SignedIn(session) => html! {
            <p>{ format!("Welcome, {}.", session.user_info.display_name()) }</p>
        },
        SessionState::NotConfigured => html! {
            <p>{ "Set window.HF_OAUTH_CLIENT_ID to enable sign-in." }</p>
        },
        _ => html! {},
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
