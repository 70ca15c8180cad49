use super::allow_models::{AllowModels, INFERENCE_SCOPE};
use super::login_button::{next_id, HfLoginButton};
use super::panel_run::{use_panel_run, PanelRun};
use super::theme::{ButtonSize, Theme};
use crate::browser::chat_transport::SharedChatTransport;
use crate::hooks::{InferenceMetrics, InferenceStatus, UseInferenceOptions};
use crate::inference::{ForbiddenReason, InferenceError};
use crate::{use_hf_oauth, SessionState};
use stylist::yew::use_style;
use stylist::{css, StyleSource};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Properties of [`InferencePanel`].
///
/// The requests' settings are [`options`](Self::options); the props beside it (`model`,
/// `router_url`, `max_tokens`, ...) fill in what `options` leaves unset, and `trusted_hosts`
/// adds to its list.
#[derive(Properties, PartialEq)]
pub struct InferencePanelProps {
    /// The requests' settings, as [`crate::use_chat`] takes them: model, server, sampling,
    /// transport, billing, trusted hosts.
    #[prop_or_default]
    pub options: UseInferenceOptions,
    /// Model id (`:provider`, `:fastest`, `:cheapest` suffixes pass through). Else
    /// `window.HF_INFERENCE_MODEL`, else [`crate::inference::DEFAULT_MODEL`].
    #[prop_or_default]
    pub model: Option<AttrValue>,
    /// Let the visitor edit the model. With the crate's feature `models`, the field is a
    /// [`crate::ModelPicker`] listing the router's models (or the `ModelList` of a
    /// `ContextProvider` above), and a [`crate::BillToChoice`] follows it when no `bill_to` is
    /// given.
    #[prop_or_default]
    pub model_editable: bool,
    /// Base URL of an OpenAI-compatible server. Else `window.HF_INFERENCE_URL`, else the
    /// Hugging Face router.
    #[prop_or_default]
    pub router_url: Option<AttrValue>,
    /// Upper bound on the answer's length in tokens.
    #[prop_or(Some(512))]
    pub max_tokens: Option<u32>,
    /// Sampling temperature.
    #[prop_or_default]
    pub temperature: Option<f32>,
    /// Bill this organization (its name) instead of the visitor: the router's `X-HF-Bill-To`
    /// header. The visitor must belong to it, with the `inference-api` scope.
    #[prop_or_default]
    pub bill_to: Option<AttrValue>,
    /// The prompt box's starting text.
    #[prop_or_default]
    pub initial_prompt: Option<AttrValue>,
    /// Hosts besides Hugging Face's and loopback that may receive the visitor's token (host
    /// names separated by white space, over `https`): a `router_url` or
    /// `window.HF_INFERENCE_URL` on any other host is refused before a request is made. See
    /// [`UseInferenceOptions::with_trusted_hosts`].
    #[prop_or_default]
    pub trusted_hosts: Option<AttrValue>,
    /// Where requests go; the browser's `fetch` when `None`. Stories and tests inject a
    /// `testing::ScriptedChatTransport` (feature `testing`).
    #[prop_or_default]
    pub transport: Option<SharedChatTransport>,
    /// Colour scheme; `Auto` follows the system.
    #[prop_or_default]
    pub theme: Theme,
    /// Show the answer's Markdown formatted (`MarkdownAnswer`) when the crate's
    /// feature `markdown` is on (the default then); `false`, or without the feature, shows it
    /// as plain text.
    #[prop_or(true)]
    pub markdown: bool,
}

/// Chat with a model with the signed-in visitor's token: the conversation (each turn labelled
/// for screen readers, the answer streaming into an `aria-live` region), a prompt box,
/// Generate / Stop / Regenerate / New chat, then time to first token, tokens per second and a
/// copy button. The conversation survives a reload of the tab and is forgotten at sign-out
/// ([`crate::use_chat`]). That is with the crate's feature `chat`; without it, the panel runs
/// one prompt at a time ([`crate::use_inference`]: Generate / Stop, one answer). Signed out, it
/// offers the login button instead of a dead form. Every failure is named, with what to do; a
/// 401 turns the session to expired.
///
/// Ctrl+Enter (Cmd+Enter) sends. Theme it with the same CSS variables as [`crate::UserBadge`].
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{HfOAuthProvider, InferencePanel, OAuthConfig, UseInferenceOptions};
///
/// #[function_component]
/// fn App() -> Html {
///     let options = UseInferenceOptions::default()
///         .with_model("meta-llama/Llama-3.1-8B-Instruct:fastest")
///         .with_max_tokens(400);
///     html! {
///         <HfOAuthProvider config={OAuthConfig::default().with_client_id("your-client-id")}>
///             <InferencePanel {options} />
///         </HfOAuthProvider>
///     }
/// }
/// ```
#[function_component]
pub fn InferencePanel(props: &InferencePanelProps) -> Html {
    let oauth = use_hf_oauth();
    let ids = use_memo((), |_| next_id());
    let model_input = use_state(|| {
        props
            .options
            .model
            .clone()
            .or_else(|| props.model.as_ref().map(|m| m.to_string()))
    });
    let prompt = use_state(|| {
        props
            .initial_prompt
            .as_ref()
            .map(|p| p.to_string())
            .unwrap_or_default()
    });
    let copied = use_state(|| false);

    let mut options = panel_options(props);
    if props.model_editable {
        options.model = (*model_input).clone();
    }
    // [models] the visitor's "Bill to" choice, when the app billed nobody (feature `models`).
    #[cfg(feature = "models")]
    let chosen_org = super::panel_choices::use_bill_to_choice();
    #[cfg(feature = "models")]
    let app_bill_to = options.bill_to.clone().map(AttrValue::from);
    #[cfg(feature = "models")]
    {
        options.bill_to = super::panel_choices::bill_to(app_bill_to.as_ref(), &chosen_org);
    }
    // [end models]
    let run = use_panel_run(options);

    super::style::use_theme();
    let scoped = use_style(style());
    let root = classes!("hf-oauth-panel", scoped);
    let theme = props.theme.name();
    let model = run.model.clone();

    if !oauth.state.is_signed_in() {
        let why = match &oauth.state {
            SessionState::Expired(_) => "Your session has expired. Sign in again to run",
            SessionState::NotConfigured => "Sign-in is not set up on this site, so it cannot run",
            _ => "Sign in with Hugging Face to run",
        };
        // A 401 just turned the session to expired: say what happened, with the way back.
        let rejected = match &run.status {
            InferenceStatus::Failed(error) if error.is_auth_expired() => Some(error.clone()),
            _ => None,
        };
        return html! {
            <section class={root} data-theme={theme} aria-label="Run a model">
                <p class="hf-oauth-signin-prompt">{ format!("{why} ") }<code>{ model }</code>{ " with your own account." }</p>
                if let Some(error) = rejected {
                    <InferenceErrorView {error} theme={props.theme} />
                } else {
                    <HfLoginButton theme={props.theme} />
                }
            </section>
        };
    }

    let running = run.status.is_running();
    let prompt_id = format!("hf-oauth-prompt-{ids}");
    let model_id = format!("hf-oauth-model-{ids}");
    let send = {
        let send = run.send.clone();
        let prompt = prompt.clone();
        let copied = copied.clone();
        Callback::from(move |()| {
            if !prompt.trim().is_empty() {
                copied.set(false);
                send.emit((*prompt).clone());
                if PanelRun::CLEARS_PROMPT {
                    prompt.set(String::new());
                }
            }
        })
    };
    let onsubmit = {
        let send = send.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            send.emit(());
        })
    };
    let onkeydown = {
        let send = send.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                send.emit(());
            }
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
    let on_model = {
        let model_input = model_input.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                model_input.set(Some(input.value()));
            }
        })
    };
    // [models] the picker and the "Bill to" choice (feature `models`).
    #[cfg(feature = "models")]
    let model_field = |id: &str, model: &str, editable: bool, running: bool, on_model| {
        if !editable {
            return model_field(id, model, editable, running, on_model);
        }
        super::panel_choices::editable_model(super::panel_choices::ModelField {
            value: model.to_owned(),
            disabled: running,
            router_url: props.router_url.clone(),
            theme: props.theme,
            on_change: {
                let model_input = model_input.clone();
                Callback::from(move |value: String| model_input.set(Some(value)))
            },
            bill_to: app_bill_to.clone(),
            chosen_org: chosen_org.clone(),
        })
    };
    // [end models]
    let stop = run.stop.reform(|_: MouseEvent| ());
    let last_answer = run.last_answer();
    let copy = super::clipboard::copy_on_click(
        last_answer.as_deref().unwrap_or_default().to_owned(),
        copied.clone(),
    );

    let status_line = match &run.status {
        InferenceStatus::Idle => String::new(),
        InferenceStatus::Waiting => format!("Waiting for {model} to answer…"),
        InferenceStatus::Streaming => "Generating…".to_owned(),
        InferenceStatus::Done => run
            .metrics
            .as_ref()
            .map(describe_metrics)
            .unwrap_or_default(),
        InferenceStatus::Stopped => format!(
            "Stopped. {}",
            run.metrics
                .as_ref()
                .map(describe_metrics)
                .unwrap_or_default()
        ),
        InferenceStatus::Failed(_) => String::new(),
    };
    let has_turns = run.has_history();
    let chat_buttons = {
        let copied = copied.clone();
        run.buttons(Callback::from(move |()| copied.set(false)))
    };

    let may_run = oauth
        .state
        .result()
        .is_some_and(|session| session.has_scope(INFERENCE_SCOPE));

    html! {
        <section class={root} data-theme={theme} aria-label="Run a model">
            if !may_run {
                <AllowModels theme={props.theme} />
            }
            { run.view(props.markdown) }
            if last_answer.is_some() {
                <div class="hf-oauth-actions">
                    <button type="button" class="hf-oauth-secondary" onclick={copy}>{ if *copied { "Copied" } else { "Copy answer" } }</button>
                </div>
            }
            <p class="hf-oauth-status" role="status">{ status_line }</p>
            if let InferenceStatus::Failed(error) = &run.status {
                <InferenceErrorView error={error.clone()} theme={props.theme} />
            }
            <form {onsubmit}>
                { model_field(&model_id, &model, props.model_editable, running, on_model) }
                <div class="hf-oauth-field">
                    <label for={prompt_id.clone()}>{ "Prompt" }</label>
                    <textarea id={prompt_id} rows="3" value={(*prompt).clone()} {oninput} {onkeydown}
                        placeholder={if has_turns { "Reply to the model…" } else { "Ask the model something…" }}
                        aria-keyshortcuts="Control+Enter Meta+Enter" />
                </div>
                <div class="hf-oauth-actions">
                    <button type="submit" class="hf-oauth-primary" disabled={running || prompt.trim().is_empty()}>{ "Generate" }</button>
                    if running {
                        <button type="button" class="hf-oauth-secondary" onclick={stop}>{ "Stop" }</button>
                        <span class="hf-oauth-spinner" aria-hidden="true"></span>
                    }
                    { chat_buttons }
                    <span class="hf-oauth-shortcut">{ "Ctrl+Enter to send" }</span>
                </div>
            </form>
        </section>
    }
}

/// The model field: the model in use, or a text box when the visitor may change it. One piece
/// of markup, so a model picker can take its place.
fn model_field(
    id: &str,
    model: &str,
    editable: bool,
    running: bool,
    on_model: Callback<InputEvent>,
) -> Html {
    html! {
        <div class="hf-oauth-field">
            <label for={id.to_owned()}>{ "Model" }</label>
            if editable {
                <input id={id.to_owned()} type="text" value={model.to_owned()} oninput={on_model} disabled={running}
                    spellcheck="false" autocomplete="off" />
            } else {
                <code id={id.to_owned()}>{ model.to_owned() }</code>
            }
        </div>
    }
}

/// The requests' settings: `options`, with the props beside it filling what it leaves unset.
fn panel_options(props: &InferencePanelProps) -> UseInferenceOptions {
    let text = |value: &Option<AttrValue>| value.as_ref().map(|v| v.to_string());
    let mut options = props.options.clone();
    options.model = options.model.or_else(|| text(&props.model));
    options.router_url = options.router_url.or_else(|| text(&props.router_url));
    options.max_tokens = options.max_tokens.or(props.max_tokens);
    options.temperature = options.temperature.or(props.temperature);
    options.bill_to = options.bill_to.or_else(|| text(&props.bill_to));
    options.transport = options.transport.or_else(|| props.transport.clone());
    if let Some(hosts) = &props.trusted_hosts {
        options = options.with_trusted_hosts(hosts);
    }
    options
}

/// One line of timings: "First token after 312 ms · 42 tokens · 18.3 tokens/s".
pub fn describe_metrics(metrics: &InferenceMetrics) -> String {
    let mut parts = Vec::new();
    if let Some(ttft) = metrics.time_to_first_token_ms {
        parts.push(format!("First token after {} ms", ttft.round() as u64));
    }
    parts.push(format!(
        "{} token{}",
        metrics.tokens,
        if metrics.tokens == 1 { "" } else { "s" }
    ));
    if let Some(rate) = metrics.tokens_per_second {
        // Tenths by integer math: `{:.1}` would link core's float formatting into the wasm.
        let tenths = (rate * 10.0).round() as u64;
        parts.push(format!("{}.{} tokens/s", tenths / 10, tenths % 10));
    }
    if metrics.finish_reason.as_deref() == Some("length") {
        parts.push("stopped at the length limit".to_owned());
    }
    parts.join(" · ")
}

#[derive(Properties, PartialEq)]
struct InferenceErrorViewProps {
    error: InferenceError,
    theme: Theme,
}

#[function_component]
fn InferenceErrorView(props: &InferenceErrorViewProps) -> Html {
    html! {
        <div class="hf-oauth-error" role="alert">
            <p>{ props.error.message() }</p>
            if props.error.is_auth_expired() {
                <HfLoginButton size={ButtonSize::Sm} theme={props.theme} label="Sign in again" />
            }
            if matches!(&props.error, InferenceError::Forbidden { detail } if ForbiddenReason::of(detail) == ForbiddenReason::MissingScope) {
                <AllowModels theme={props.theme} />
            }
            <details><summary>{ "Details for the site author" }</summary><p>{ props.error.hint() }</p></details>
        </div>
    }
}

/// The component's scoped style (its generated class stands beside `hf-oauth-panel`); colours
/// come from the shared palette ([`super::style::use_theme`]).
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
    label { font-weight: 600; }
    input, textarea {
      font: inherit; color: var(--text); background: transparent; border: 1px solid var(--line);
      border-radius: 8px; padding: 8px; box-sizing: border-box; width: 100%;
    }
    textarea { resize: vertical; min-height: 4.5em; }
    code { overflow-wrap: anywhere; }
    .hf-oauth-actions { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    button { font: inherit; border-radius: 8px; padding: 6px 14px; cursor: pointer; }
    button:disabled { cursor: not-allowed; opacity: 0.6; }
    .hf-oauth-allow { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; margin: 0 0 12px; }
    .hf-oauth-allow p { margin: 0; }
    .hf-oauth-primary { color: var(--on-accent); background: var(--accent); border: 1px solid var(--accent); font-weight: 600; }
    .hf-oauth-secondary { color: var(--text); background: transparent; border: 1px solid var(--line); }
    button:focus-visible, input:focus-visible, textarea:focus-visible {
      outline: 3px solid var(--hf-oauth-focus, #f59e0b); outline-offset: 2px;
    }
    .hf-oauth-shortcut, .hf-oauth-status { color: var(--muted); font-size: 13px; }
    .hf-oauth-status:empty { display: none; }
    .hf-oauth-spinner {
      width: 14px; height: 14px; border: 2px solid currentColor; border-right-color: transparent;
      border-radius: 50%; animation: hf-oauth-panel-spin 0.8s linear infinite;
    }
    @keyframes hf-oauth-panel-spin { to { transform: rotate(360deg); } }
    .hf-oauth-answer {
      white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.5; max-height: 28em; overflow-y: auto;
    }
    .hf-oauth-answer.has-text { padding: 10px; border: 1px solid var(--line); border-radius: 8px; }
    .hf-oauth-error { color: var(--danger); display: flex; flex-direction: column; gap: 6px; }
    .hf-oauth-error details { color: var(--muted); }
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_read_as_one_line_with_tenths() {
        let metrics = InferenceMetrics {
            time_to_first_token_ms: Some(312.4),
            total_ms: 2500.0,
            tokens: 42,
            tokens_per_second: Some(18.25),
            usage: None,
            finish_reason: Some("length".into()),
        };
        assert_eq!(
            describe_metrics(&metrics),
            "First token after 312 ms · 42 tokens · 18.3 tokens/s · stopped at the length limit"
        );
        let rate = |r: f64| {
            describe_metrics(&InferenceMetrics {
                tokens: 1,
                tokens_per_second: Some(r),
                ..Default::default()
            })
        };
        assert_eq!(rate(0.04), "1 token · 0.0 tokens/s");
        assert_eq!(rate(120.0), "1 token · 120.0 tokens/s");
        assert_eq!(rate(9.96), "1 token · 10.0 tokens/s");
    }
}
