use super::logo::HfLogo;
use super::theme::{ButtonSize, Theme};
use crate::{use_hf_oauth, OAuthError, SessionState};
use stylist::yew::use_style;
use stylist::{css, StyleSource};
use yew::prelude::*;

/// Properties of [`HfLoginButton`].
#[derive(Properties, PartialEq)]
pub struct HfLoginButtonProps {
    /// Badge size: sm, md (default), lg, xl.
    #[prop_or_default]
    pub size: ButtonSize,
    /// Colour scheme; `Auto` follows the system.
    #[prop_or_default]
    pub theme: Theme,
    /// Replace the words "Sign in with Hugging Face".
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// The "Sign in with Hugging Face" button, drawn like the official badge.
///
/// Enabled when signed out, expired or after an error (which it shows); busy while the session
/// loads, the browser is redirecting, or a sign-in popup is open (with a Cancel); disabled with an explanation when no client ID is
/// configured; hidden while signed in. A real `<button>` with a visible focus ring.
///
/// Theme it with CSS variables: `--hf-oauth-button-bg`, `--hf-oauth-button-fg`,
/// `--hf-oauth-button-border`, `--hf-oauth-focus`, `--hf-oauth-radius`, `--hf-oauth-font`.
///
/// # Usage
///
/// Inside an [`HfOAuthProvider`](crate::HfOAuthProvider), which owns the session it reads:
///
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{ButtonSize, HfLoginButton, HfOAuthProvider, OAuthConfig, Theme};
///
/// #[function_component]
/// fn SignIn() -> Html {
///     let config = OAuthConfig::default().with_client_id("your-client-id");
///     html! {
///         <HfOAuthProvider {config}>
///             <HfLoginButton size={ButtonSize::Lg} theme={Theme::Dark} />
///             <HfLoginButton label={"Continue with Hugging Face"} />
///         </HfOAuthProvider>
///     }
/// }
/// ```
#[function_component]
pub fn HfLoginButton(props: &HfLoginButtonProps) -> Html {
    let oauth = use_hf_oauth();
    super::style::use_theme();
    let scoped = use_style(style());
    let note_id = use_memo((), |_| format!("hf-oauth-note-{}", next_id()));
    let (busy, disabled, words, note): (bool, bool, &str, Html) = match &oauth.state {
        SessionState::SignedIn(_) => return Html::default(),
        SessionState::Loading => (true, true, "Sign in with Hugging Face", Html::default()),
        SessionState::Redirecting => (true, true, "Redirecting to Hugging Face…", Html::default()),
        SessionState::AwaitingPopup => {
            let cancel = oauth.cancel_sign_in.reform(|_: MouseEvent| ());
            (
                true,
                true,
                "Signing in…",
                html! { <div class="hf-oauth-note hf-oauth-popup-wait" id={(*note_id).clone()} role="status">
                    <p>{ "Finish signing in in the window that opened." }</p>
                    <button type="button" class="hf-oauth-link" onclick={cancel}>{ "Cancel" }</button>
                </div> },
            )
        }
        SessionState::NotConfigured => (
            false,
            true,
            "Sign in with Hugging Face",
            html! { <p class="hf-oauth-note" id={(*note_id).clone()}>
                { "Sign-in is not available: this site has no Hugging Face OAuth client ID yet." }
            </p> },
        ),
        SessionState::Error(error) => (
            false,
            false,
            "Sign in with Hugging Face",
            html! { <div class="hf-oauth-error" id={(*note_id).clone()} role="alert">
                <p>{ error.message() }</p>
                if let OAuthError::PopupBlocked { page_url } = error {
                    <p><a class="hf-oauth-link" href={page_url.clone()} target="_blank" rel="noopener">
                        { "Open this page in its own tab" }
                    </a></p>
                }
                <details><summary>{ "Details for the site author" }</summary><p>{ error.hint() }</p></details>
            </div> },
        ),
        SessionState::SignedOut | SessionState::Expired(_) => {
            (false, false, "Sign in with Hugging Face", Html::default())
        }
    };
    let label = match (&props.label, busy) {
        (Some(label), false) => label.to_string(),
        _ => words.to_owned(),
    };
    let has_note = note != Html::default();
    let (height, font, logo, pad) = props.size.metrics();
    let onclick = oauth.sign_in.reform(|_: MouseEvent| ());
    html! {
        <div class={classes!("hf-oauth-login", scoped)} data-theme={props.theme.name()}>
            <button
                type="button"
                class="hf-oauth-login-button"
                data-size={props.size.name()}
                style={format!("--h:{height}px;--fs:{font}px;--pad:{pad}px")}
                disabled={disabled}
                aria-busy={busy.then_some("true")}
                aria-describedby={has_note.then(|| (*note_id).clone())}
                {onclick}
            >
                if busy { <span class="hf-oauth-spinner" aria-hidden="true"></span> } else { <HfLogo size={logo} /> }
                <span>{ label }</span>
            </button>
            { note }
        </div>
    }
}

/// A page-unique number for element ids.
pub(crate) fn next_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The component's scoped style (its generated class stands beside `hf-oauth-login`); colours
/// come from the shared palette ([`super::style::use_theme`]).
fn style() -> StyleSource {
    css!(
        r#"
      display: inline-flex; flex-direction: column; align-items: flex-start; gap: 6px;
      font-family: var(--hf-oauth-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
    .hf-oauth-login-button {
      display: inline-flex; align-items: center; gap: 8px;
      height: var(--h); padding: 0 var(--pad);
      font: 600 var(--fs)/1 inherit; font-family: inherit;
      color: var(--fg); background: var(--bg); border: 1px solid var(--border);
      border-radius: var(--hf-oauth-radius, 8px); cursor: pointer; white-space: nowrap;
    }
    .hf-oauth-login-button:hover:not(:disabled) { filter: brightness(1.15); }
    .hf-oauth-login-button:focus-visible { outline: 3px solid var(--hf-oauth-focus, #f59e0b); outline-offset: 2px; }
    .hf-oauth-login-button:disabled { cursor: not-allowed; opacity: 0.72; }
    .hf-oauth-login-button[aria-busy="true"] { cursor: progress; opacity: 1; }
    .hf-oauth-spinner {
      width: calc(var(--fs) * 1.1); height: calc(var(--fs) * 1.1);
      border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%;
      animation: hf-oauth-spin 0.8s linear infinite;
    }
    @media (prefers-reduced-motion: reduce) { .hf-oauth-spinner { animation-duration: 2.4s; } }
    @keyframes hf-oauth-spin { to { transform: rotate(360deg); } }
    .hf-oauth-note { margin: 0; font-size: 13px; color: var(--muted); max-width: 34em; }
    .hf-oauth-error { font-size: 13px; color: var(--danger); max-width: 34em; }
    .hf-oauth-error p { margin: 0 0 4px; }
    .hf-oauth-error details { color: var(--muted); }
    .hf-oauth-popup-wait p { margin: 0 0 4px; }
    .hf-oauth-link {
      padding: 0; border: 0; background: none; font: inherit; color: inherit;
      text-decoration: underline; cursor: pointer;
    }
    .hf-oauth-link:focus-visible { outline: 3px solid var(--hf-oauth-focus, #f59e0b); outline-offset: 2px; }
"#
    )
}
