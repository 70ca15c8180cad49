use yew::prelude::*;
use yew_hf_oauth::{
    use_hf_oauth, HfLoginButton, HfOAuthProvider, InferencePanel, OAuthConfig, SessionState,
    SharedChatTransport, Theme, UserBadge,
};

/// Properties of [`DemoPage`].
#[derive(Properties, PartialEq, Default)]
pub struct DemoPageProps {
    /// OAuth configuration; empty reads `window.HF_OAUTH_CLIENT_ID` and friends.
    #[prop_or_default]
    pub config: OAuthConfig,
    /// Model for the inference card; else `window.HF_INFERENCE_MODEL`, else the default.
    #[prop_or_default]
    pub model: Option<AttrValue>,
    /// Inject a session state (stories); the real flow when `None`.
    #[prop_or_default]
    pub state: Option<SessionState>,
    /// Inject an inference transport (stories); `fetch` when `None`.
    #[prop_or_default]
    pub transport: Option<SharedChatTransport>,
    /// Colour scheme of the components.
    #[prop_or_default]
    pub theme: Theme,
    /// Hosts besides Hugging Face's and loopback that may receive the visitor's token
    /// (`InferencePanel`'s `trusted_hosts`; the widget reads `window.HF_TRUSTED_HOSTS`).
    #[prop_or_default]
    pub trusted_hosts: Option<AttrValue>,
}

/// The whole demo page: header, configuration, sign-in, user, inference, how it works.
#[function_component]
pub fn DemoPage(props: &DemoPageProps) -> Html {
    html! {
        <HfOAuthProvider config={props.config.clone()} state={props.state.clone()}>
            <style>{ STYLE }</style>
            <div class="hf-demo" data-theme={props.theme.name()}>
                <header class="hf-demo-header">
                    <h1>{ "Sign in with Hugging Face" }</h1>
                    <p>{ "A visitor signs in with their Hugging Face account and runs a model with their own token, entirely in the browser. Built with Yew and yew-hf-oauth." }</p>
                </header>
                <ConfigCard config={props.config.clone()} />
                <section class="hf-demo-card" aria-labelledby="hf-demo-signin">
                    <h2 id="hf-demo-signin">{ "1. Sign in" }</h2>
                    <SignInCard theme={props.theme} />
                </section>
                <section class="hf-demo-card" aria-labelledby="hf-demo-user">
                    <h2 id="hf-demo-user">{ "2. Who you are" }</h2>
                    <UserCard theme={props.theme} />
                </section>
                <section class="hf-demo-card" aria-labelledby="hf-demo-inference">
                    <h2 id="hf-demo-inference">{ "3. Run a model with your token" }</h2>
                    <InferencePanel model={props.model.clone()} model_editable=true transport={props.transport.clone()} theme={props.theme}
                        trusted_hosts={props.trusted_hosts.clone()}
                        initial_prompt="Explain OAuth PKCE in one sentence." />
                </section>
                <HowItWorks />
            </div>
        </HfOAuthProvider>
    }
}

#[derive(Properties, PartialEq)]
struct ConfigCardProps {
    config: OAuthConfig,
}

/// What the page is configured with, or the snippet that configures it.
#[function_component]
fn ConfigCard(props: &ConfigCardProps) -> Html {
    let oauth = use_hf_oauth();
    let body = if oauth.state == SessionState::NotConfigured {
        html! {
            <>
                <p>{ "This page has no OAuth client ID yet, so sign-in is off. Create an OAuth app on Hugging Face, add this page's URL as a redirect URL, then put its client ID in the page before the demo loads:" }</p>
                <pre tabindex="0" aria-label="Configuration snippet"><code>{ "<script>\n  window.HF_OAUTH_CLIENT_ID = \"your-client-id\";\n  window.HF_OAUTH_SCOPES = \"openid profile inference-api\"; // optional\n</script>" }</code></pre>
                <p>{ "In a static Hugging Face Space, add " }<code>{ "hf_oauth: true" }</code>{ " to the Space's README instead: the client ID is provided for you." }</p>
            </>
        }
    } else {
        match crate::slots::shown_config(&props.config) {
            Some((client_id, scopes, hub_url, redirect_uri)) => html! {
                <dl class="hf-demo-config">
                    <dt>{ "Client ID" }</dt><dd><code>{ client_id }</code></dd>
                    <dt>{ "Scopes" }</dt><dd><code>{ scopes }</code></dd>
                    <dt>{ "Provider" }</dt><dd><code>{ hub_url }</code></dd>
                    <dt>{ "Redirect URL" }</dt><dd><code>{ redirect_uri }</code></dd>
                </dl>
            },
            None => html! { <p>{ "Configured by the page." }</p> },
        }
    };
    html! {
        <section class="hf-demo-card" aria-labelledby="hf-demo-config">
            <h2 id="hf-demo-config">{ "Configuration" }</h2>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ThemeProps {
    theme: Theme,
}

#[function_component]
fn SignInCard(props: &ThemeProps) -> Html {
    let oauth = use_hf_oauth();
    match &oauth.state {
        SessionState::SignedIn(result) => html! {
            <p>{ format!("Signed in as {}. Your tokens are kept in this browser's sessionStorage, never in localStorage.", result.user_info.display_name()) }</p>
        },
        _ => html! { <HfLoginButton size={yew_hf_oauth::ButtonSize::Lg} theme={props.theme} /> },
    }
}

#[function_component]
fn UserCard(props: &ThemeProps) -> Html {
    let oauth = use_hf_oauth();
    match &oauth.state {
        SessionState::SignedIn(_) | SessionState::Expired(_) => {
            html! { <UserBadge theme={props.theme} /> }
        }
        _ => html! { <p class="hf-demo-muted">{ "Not signed in yet." }</p> },
    }
}

#[function_component]
fn HowItWorks() -> Html {
    html! {
        <section class="hf-demo-card" aria-labelledby="hf-demo-how">
            <h2 id="hf-demo-how">{ "How it works" }</h2>
            <ol>
                <li>{ "The button creates a PKCE verifier, a nonce and a random state, keeps them in localStorage under that state, and sends you to Hugging Face's authorize page (inside a frame, in a popup)." }</li>
                <li>{ "You approve; Hugging Face sends you back here with a one-time code." }</li>
                <li>{ "The page finds its sign-in by the state, removes the code from the address bar, and trades the code and verifier for an access token — no server of this site is involved." }</li>
                <li>{ "Your name comes from the id_token at once; PRO and organizations from Hugging Face's userinfo right after. The session lives in this tab's sessionStorage; other tabs of this site get the access token. The refresh token, when Hugging Face grants one, never leaves this tab, which uses it to renew the access token before it expires." }</li>
                <li>{ "The inference card calls Hugging Face's router with your own token and streams the answer as it is generated." }</li>
            </ol>
        </section>
    }
}

const STYLE: &str = r#"
.hf-demo { max-width: 760px; margin: 0 auto; padding: 16px; display: flex; flex-direction: column; gap: 16px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; }
.hf-demo-header h1 { margin: 0 0 4px; font-size: 26px; }
.hf-demo-header p { margin: 0; }
.hf-demo-card { border: 1px solid #d1d5db; border-radius: 12px; padding: 16px; }
.hf-demo-card h2 { margin: 0 0 10px; font-size: 18px; }
.hf-demo-card pre { overflow-x: auto; padding: 10px; border-radius: 8px; background: rgba(127,127,127,.12); }
.hf-demo-config { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; }
.hf-demo-config dt { font-weight: 600; }
.hf-demo-config dd { margin: 0; overflow-wrap: anywhere; }
.hf-demo-muted { opacity: .8; margin: 0; }
"#;
