//! `ImagePanel`: a prompt, Generate, the image made with the visitor's token, and Download
//! (feature `images`).

use super::login_button::{next_id, HfLoginButton};
use super::theme::{ButtonSize, Theme};
use crate::hooks::{use_text_to_image, ImageOutput, ImageStatus, UseTextToImageOptions};
use crate::{use_hf_oauth, SessionState};
use stylist::yew::use_style;
use stylist::{css, StyleSource};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Properties of [`ImagePanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct ImagePanelProps {
    /// The model (a Hub id); [`crate::DEFAULT_IMAGE_MODEL`] when absent.
    #[prop_or_default]
    pub model: Option<AttrValue>,
    /// The provider (`hf-inference`, `nebius`); absent: the first of them that serves the
    /// model.
    #[prop_or_default]
    pub provider: Option<AttrValue>,
    /// The Hub whose API names the model's providers; [`crate::DEFAULT_HUB_URL`] when absent.
    #[prop_or_default]
    pub hub_url: Option<AttrValue>,
    /// The router; [`crate::DEFAULT_ROUTER_URL`] when absent.
    #[prop_or_default]
    pub router_url: Option<AttrValue>,
    /// More hosts that may receive the token; see [`UseTextToImageOptions::with_trusted_hosts`].
    #[prop_or_default]
    pub trusted_hosts: Option<AttrValue>,
    /// The prompt the field starts with.
    #[prop_or_default]
    pub prompt: Option<AttrValue>,
    /// Light, dark or auto (the system's).
    #[prop_or_default]
    pub theme: Theme,
    /// Shown instead of the hook's own status (stories, tests).
    #[prop_or_default]
    pub status: Option<ImageStatus>,
    /// Shown instead of the hook's own image (stories, tests).
    #[prop_or_default]
    pub image: Option<ImageOutput>,
}

/// Make an image with the signed-in visitor's token: a prompt, Generate, a progress line while
/// waiting (the image region `aria-busy`), the image (its alternative text is the prompt) with
/// a Download link, and errors in words with what to do. Signed out, it offers sign-in; a 401
/// turns the session to expired. Must be used under [`crate::HfOAuthProvider`].
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{HfOAuthProvider, ImagePanel};
///
/// #[function_component]
/// fn App() -> Html {
///     html! {
///         <HfOAuthProvider>
///             <ImagePanel model="black-forest-labs/FLUX.1-schnell" />
///         </HfOAuthProvider>
///     }
/// }
/// ```
#[function_component]
pub fn ImagePanel(props: &ImagePanelProps) -> Html {
    let oauth = use_hf_oauth();
    let ids = use_memo((), |()| next_id());
    let prompt = use_state(|| {
        props
            .prompt
            .as_ref()
            .map(|p| p.to_string())
            .unwrap_or_default()
    });
    let text = |value: &Option<AttrValue>| value.as_ref().map(|v| v.to_string());
    let images = use_text_to_image(UseTextToImageOptions {
        model: text(&props.model),
        provider: text(&props.provider),
        hub_url: text(&props.hub_url),
        router_url: text(&props.router_url),
        trusted_hosts: text(&props.trusted_hosts).unwrap_or_default(),
    });
    let status = props.status.clone().unwrap_or(images.status.clone());
    let image = props.image.clone().or(images.image.clone());

    super::style::use_theme();
    let scoped = use_style(style());
    let root = classes!("hf-oauth-panel", "hf-oauth-image-panel", scoped);
    let theme = props.theme.name();
    let model = images.model.clone();

    if !oauth.state.is_signed_in() {
        let why = match &oauth.state {
            SessionState::Expired(_) => {
                "Your session has expired. Sign in again to make images with"
            }
            SessionState::NotConfigured => "Sign-in is not set up on this site, so it cannot run",
            _ => "Sign in with Hugging Face to make images with",
        };
        return html! {
            <section class={root} data-theme={theme} aria-label="Make an image">
                <p class="hf-oauth-signin-prompt">{ format!("{why} ") }<code>{ model }</code>{ " with your own account." }</p>
                if let ImageStatus::Failed(error) = &status {
                    <p class="hf-oauth-error" role="alert">{ error.message() }</p>
                }
                <HfLoginButton theme={props.theme} />
            </section>
        };
    }

    let running = status.is_running();
    let prompt_id = format!("hf-oauth-image-prompt-{ids}");
    let onsubmit = {
        let (generate, prompt) = (images.generate.clone(), prompt.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            generate.emit((*prompt).clone());
        })
    };
    let oninput = {
        let prompt = prompt.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                prompt.set(area.value());
            }
        })
    };
    let progress = match &status {
        ImageStatus::ResolvingProvider => format!("Finding a provider for {model}…"),
        ImageStatus::Generating { provider } => {
            format!("Making the image with {model} on {}…", provider.name())
        }
        _ => String::new(),
    };

    html! {
        <section class={root} data-theme={theme} aria-label="Make an image">
            <form {onsubmit}>
                <div class="hf-oauth-field">
                    <span class="hf-oauth-label">{ "Model" }</span>
                    <code>{ model.clone() }</code>
                </div>
                <div class="hf-oauth-field">
                    <label for={prompt_id.clone()}>{ "Describe the image" }</label>
                    <textarea id={prompt_id} rows="2" value={(*prompt).clone()} {oninput}
                        placeholder="A red fox in the snow, watercolour" />
                </div>
                <div class="hf-oauth-actions">
                    <button type="submit" class="hf-oauth-primary" disabled={running || prompt.trim().is_empty()}>{ "Generate" }</button>
                    if running {
                        <span class="hf-oauth-spinner" aria-hidden="true"></span>
                    }
                </div>
            </form>
            <p class="hf-oauth-status" role="status">{ progress }</p>
            if let ImageStatus::Failed(error) = &status {
                <div class="hf-oauth-error" role="alert">
                    <p>{ error.message() }</p>
                    if error.is_auth_expired() {
                        <HfLoginButton size={ButtonSize::Sm} theme={props.theme} label="Sign in again" />
                    }
                </div>
            }
            <div class="hf-oauth-image" role="region" aria-label="Image" aria-live="polite" aria-busy={running.to_string()}>
                if let Some(image) = image {
                    <figure>
                        <img src={image.src.clone()} alt={image.prompt.clone()} />
                        <figcaption>
                            <a class="hf-oauth-secondary" href={image.src.clone()} download={image.file_name.clone()}>
                                { "Download " }<span class="hf-oauth-file">{ image.file_name.clone() }</span>
                            </a>
                        </figcaption>
                    </figure>
                }
            </div>
        </section>
    }
}

fn style() -> StyleSource {
    css!(
        r#"
      display: flex; flex-direction: column; gap: 10px; padding: 14px;
      box-sizing: border-box; max-width: 100%;
      font-family: var(--hf-oauth-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
      font-size: 14px;
      color: var(--text); background: var(--surface); border: 1px solid var(--line);
      border-radius: var(--hf-oauth-radius, 12px);
    p { margin: 0; }
    form { display: flex; flex-direction: column; gap: 10px; }
    .hf-oauth-field { display: flex; flex-direction: column; gap: 4px; }
    label, .hf-oauth-label { font-weight: 600; }
    textarea {
      font: inherit; color: var(--text); background: transparent; border: 1px solid var(--line);
      border-radius: 8px; padding: 8px; box-sizing: border-box; width: 100%; resize: vertical;
    }
    code { overflow-wrap: anywhere; }
    .hf-oauth-actions { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    button { font: inherit; border-radius: 8px; padding: 6px 14px; cursor: pointer; }
    button:disabled { cursor: not-allowed; opacity: 0.6; }
    .hf-oauth-primary { color: var(--on-accent); background: var(--accent); border: 1px solid var(--accent); font-weight: 600; }
    .hf-oauth-secondary {
      color: var(--text); background: transparent; border: 1px solid var(--line);
      border-radius: 8px; padding: 6px 14px; text-decoration: none; display: inline-block;
    }
    button:focus-visible, textarea:focus-visible, a:focus-visible {
      outline: 3px solid var(--hf-oauth-focus, #f59e0b); outline-offset: 2px;
    }
    .hf-oauth-status { color: var(--muted); font-size: 13px; }
    .hf-oauth-status:empty { display: none; }
    .hf-oauth-spinner {
      width: 14px; height: 14px; border: 2px solid currentColor; border-right-color: transparent;
      border-radius: 50%; animation: hf-oauth-image-spin 0.8s linear infinite;
    }
    @keyframes hf-oauth-image-spin { to { transform: rotate(360deg); } }
    .hf-oauth-error { color: var(--danger); display: flex; flex-direction: column; gap: 6px; }
    figure { margin: 0; display: flex; flex-direction: column; gap: 8px; align-items: flex-start; }
    img { max-width: 100%; height: auto; border-radius: 8px; border: 1px solid var(--line); }
"#
    )
}
