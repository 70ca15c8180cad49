//! Stories of `InferencePanel`: signed out, idle, streaming, done, stopped, and one story per
//! way a request can fail. A `ScriptedChatTransport` plays each answer: no network, no token.
//! The Code tab shows the functions below, cut from this very file.

use crate::actions::{ActionSink, SessionSpy, SpyTransport};
use crate::fixtures::StateChoice;
use crate::play::Step;
use crate::registry::{Args, Control, Stories, Story};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_hf_oauth::testing::{Script, ScriptedChatTransport};
use yew_hf_oauth::{HfOAuthProvider, InferencePanel, ModelList, SharedChatTransport};

const CONTROLS: &[Control] = &[
    Control::Theme,
    Control::Model,
    Control::ModelEditable,
    Control::State,
];

/// The group's stories.
pub fn stories() -> Vec<Story> {
    let signed_in = || Args {
        state: StateChoice::SignedIn,
        ..Args::default()
    };
    let with = |state| Args {
        state,
        ..Args::default()
    };
    Stories::new(include_str!("inference_panel.rs"))
        .add("signed-out", "Signed out", "Offers the login button instead of a dead form.", CONTROLS, with(StateChoice::SignedOut), &[], signed_out)
        .add("not-configured", "Not configured", "The site has no client ID: says it cannot run.", CONTROLS, with(StateChoice::NotConfigured), &["signed-out"], signed_out)
        .add("idle", "Idle", "Signed in, ready: model, prompt, Generate (Ctrl+Enter).", CONTROLS, signed_in(), &["idle", "panel"], idle)
        .add("allow-models", "Allow running models", "Signed in with openid profile only: the panel offers to ask for inference-api, and the visitor stays signed in meanwhile.", CONTROLS, with(StateChoice::SignedInWithoutInference), &["idle", "panel"], idle)
        .add("model-editable", "Editable model", "The visitor may type any model or pick one of the router's (feature `models`: the list is injected here), with its provider (`:cheapest`, `:<provider>`).", CONTROLS, Args { model_editable: true, model: "meta-llama/Llama-3.1-8B-Instruct:groq".into(), ..signed_in() }, &["model-editable", "panel"], model_editable)
        .add("streaming", "Streaming", "A scripted token source streams an answer, one token every 400 ms; Stop is offered.", CONTROLS, signed_in(), &["streaming", "panel", "auto-run"], streaming)
        .add("done", "Done, with timings", "A fast scripted answer ran on mount: time to first token, tokens, tokens/s, Copy.", CONTROLS, signed_in(), &["done", "panel", "auto-run"], done)
        .add("stopped", "Stopped", "Stop was pressed mid-answer: the partial answer stays.", CONTROLS, signed_in(), &["stopped", "panel", "auto-run"], stopped)
        .add("error-401", "Error 401: token rejected", "The token was revoked: the session turns to expired and offers Sign in again.", CONTROLS, signed_in(), &["error-401", "panel"], error_401)
        .add("error-402", "Error 402: credits", "The visitor's inference credits are used up.", CONTROLS, signed_in(), &["error-402", "panel"], error_402)
        .add("error-403", "Error 403: scope", "The token lacks the inference-api scope.", CONTROLS, signed_in(), &["error-403", "panel"], error_403)
        .add("error-404", "Error 404: model", "No provider serves this model.", CONTROLS, signed_in(), &["error-404", "panel"], error_404)
        .add("error-429", "Error 429: rate limit", "Too many requests, with Retry-After: 30.", CONTROLS, signed_in(), &["error-429", "panel"], error_429)
        .add("error-503", "Error 503: unavailable", "The model is loading or the provider is down.", CONTROLS, signed_in(), &["error-503", "panel"], error_503)
        .add("error-400", "Error 400: bad request", "The server refused the request itself.", CONTROLS, signed_in(), &["error-400", "panel"], error_400)
        .add("error-network", "Network error", "No answer at all: offline, DNS, CORS or a Content-Security-Policy.", CONTROLS, signed_in(), &["error-network", "panel"], error_network)
        .add("error-truncated", "Truncated stream", "The stream ended before [DONE]: the partial answer is kept and flagged.", CONTROLS, signed_in(), &["error-truncated", "panel", "sse"], error_truncated)
        .add("error-event", "Error event", "An {\"error\": …} event in the middle of a 200 stream.", CONTROLS, signed_in(), &["error-event", "panel", "sse"], error_event)
        .add("error-malformed", "Malformed answer", "The server answered something that is not the OpenAI-compatible API.", CONTROLS, signed_in(), &["error-malformed", "panel"], error_malformed)
        .add("markdown", "Markdown answer", "The model's Markdown, formatted as it streams: heading, emphasis, a list, a table, code with its language and Copy, a safe link; raw HTML shows as text (feature `markdown`).", CONTROLS, signed_in(), &["markdown", "panel", "auto-run"], markdown)
        .add("error-untrusted-host", "Untrusted host refused", "`router_url` names a host the app does not trust: the token is not sent, and the panel names the host.", CONTROLS, signed_in(), &["error-untrusted-host", "panel", "auto-run"], error_untrusted_host)
        .add("chat-turns", "Conversation", "Two exchanges so far (kept in this tab's sessionStorage, as after a reload): each turn labelled, Regenerate and New chat offered (feature `chat`).", CONTROLS, signed_in(), &["chat-turns", "panel"], chat_turns)
        .add("chat-streaming", "Conversation: streaming turn", "A third question is being answered after two exchanges: the streaming turn is the live region, busy until it ends.", CONTROLS, signed_in(), &["chat-streaming", "panel", "auto-run"], chat_streaming)
        .add("chat-stopped", "Conversation: stopped turn", "Stop was pressed mid-answer after an exchange: the partial turn stays, marked stopped, and is sent with the next question.", CONTROLS, signed_in(), &["chat-stopped", "panel", "auto-run"], chat_stopped)
        .add("play-stop", "Play: type, Generate, Stop", "An interaction test: it types a prompt, presses Generate, waits for the streamed words, presses Stop and checks that the partial answer stays (see the Interactions panel).", CONTROLS, signed_in(), &["play-stop", "panel"], play_stop)
        .play(PLAY_STOP)
        .build()
}

/// A short answer about PKCE, one token per word.
const ANSWER: &str = "PKCE lets a public client, such as this page, prove that the app that finishes a sign-in is the one that started it: it sends a hash of a random secret when it leaves, and the secret itself when it trades the code for a token, so a stolen code is worth nothing. ";

fn answer_tokens() -> Vec<&'static str> {
    ANSWER.split_inclusive(' ').collect()
}

/// An answer in Markdown, as models write them.
const MARKDOWN_ANSWER: &str = "### How PKCE works

**PKCE** protects the sign-in of a *public* client, such as this page:

1. The page makes a random `code_verifier`.
2. It sends its hash, the `code_challenge`, to the authorize page.
3. It trades the code for a token **with** the verifier.

| Step | Sent |
|:-----|:-----|
| authorize | `code_challenge` |
| token | `code_verifier` |

```js
const challenge = base64url(await sha256(verifier));
```

See [RFC 7636](https://datatracker.ietf.org/doc/html/rfc7636). <b>Raw HTML</b> stays text.
";

// [snippet:signed-out]
fn signed_out(args: &Args) -> Html {
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <InferencePanel model={AttrValue::from(args.model.clone())} theme={args.theme()} />
        </HfOAuthProvider>
    }
}
// [end]

// [snippet:panel]
/// Which button the story presses once mounted.
#[derive(Clone, Copy, PartialEq)]
pub enum Auto {
    /// Nothing: the visitor presses Generate.
    Nothing,
    /// Generate.
    Generate,
    /// Generate, then Stop after this many milliseconds.
    GenerateThenStop(u32),
}

/// Makes the transport a story plays (a function, so each mount gets a fresh one).
#[derive(Clone, Copy)]
pub struct Scripted(pub fn() -> ScriptedChatTransport);

impl PartialEq for Scripted {
    fn eq(&self, _: &Self) -> bool {
        true // a story never swaps its script; the canvas remounts between stories
    }
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub args: Args,
    pub script: Scripted,
    #[prop_or(Auto::Generate)]
    pub auto: Auto,
    /// The server's base URL; the router when `None`.
    #[prop_or_default]
    pub router_url: Option<AttrValue>,
    /// The conversation the panel finds in this tab's sessionStorage when it mounts, in the
    /// stored form of `use_chat`; none when `None` (each story starts from its own state).
    #[prop_or_default]
    pub seed: Option<&'static str>,
}

/// Where `use_chat` keeps the conversation of a tab.
const CHAT_STORAGE_KEY: &str = "hf_oauth:chat";

/// Put `seed` (or nothing) where the panel will look for the tab's conversation.
fn seed_conversation(seed: Option<&str>) {
    let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return;
    };
    let _ = match seed {
        Some(seed) => storage.set_item(CHAT_STORAGE_KEY, seed),
        None => storage.remove_item(CHAT_STORAGE_KEY),
    };
}

/// The panel, signed in by injection, talking to a scripted transport.
#[function_component]
pub fn Panel(props: &PanelProps) -> Html {
    let script = props.script.0;
    // One transport per mount, so re-renders keep the running answer.
    // Wrapped so the actions panel logs each request, its end and Stop.
    let sink = use_context::<ActionSink>().unwrap_or_default();
    let transport = use_memo((), move |_| {
        SharedChatTransport::new(SpyTransport {
            inner: SharedChatTransport::new(script()),
            sink,
        })
    });
    // Before the panel mounts (it reads the tab's conversation once).
    let seed = props.seed;
    use_memo((), move |_| seed_conversation(seed));
    let args = &props.args;
    html! {
        <HfOAuthProvider state={Some(args.state.state())}>
            <AutoRun auto={props.auto}>
                <InferencePanel
                    model={AttrValue::from(args.model.clone())}
                    model_editable={args.model_editable}
                    theme={args.theme()}
                    initial_prompt="Explain OAuth PKCE in one sentence."
                    transport={Some((*transport).clone())}
                    router_url={props.router_url.clone()}
                />
            </AutoRun>
            <SessionSpy />
        </HfOAuthProvider>
    }
}
// [end]

// [snippet:idle]
fn idle(args: &Args) -> Html {
    let script = Scripted(|| ScriptedChatTransport::tokens(&answer_tokens(), 40));
    html! { <Panel args={args.clone()} {script} auto={Auto::Nothing} /> }
}
// [end]

// [snippet:model-editable]
fn model_editable(args: &Args) -> Html {
    let script = Scripted(|| ScriptedChatTransport::tokens(&answer_tokens(), 40));
    // The picker shows this list instead of fetching the router's (feature `models`).
    let list = crate::stories::model_picker::router_list();
    html! {
        <ContextProvider<ModelList> context={list}>
            <Panel args={args.clone()} {script} auto={Auto::Nothing} />
        </ContextProvider<ModelList>>
    }
}
// [end]

// [snippet:streaming]
fn streaming(args: &Args) -> Html {
    // Slow on purpose: the answer keeps streaming for about half a minute.
    let script = Scripted(|| ScriptedChatTransport::tokens(&answer_tokens(), 400));
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:done]
fn done(args: &Args) -> Html {
    let script = Scripted(|| ScriptedChatTransport::tokens(&answer_tokens(), 15));
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:markdown]
fn markdown(args: &Args) -> Html {
    let script = Scripted(|| {
        let tokens: Vec<&str> = MARKDOWN_ANSWER.split_inclusive(' ').collect();
        ScriptedChatTransport::tokens(&tokens, 10)
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:error-untrusted-host]
fn error_untrusted_host(args: &Args) -> Html {
    // A look-alike of the router: refused before any request, so the script never plays.
    let script = Scripted(|| ScriptedChatTransport::tokens(&answer_tokens(), 15));
    html! { <Panel args={args.clone()} {script} router_url="https://router.huggingface.co.evil.example" /> }
}
// [end]

// [snippet:stopped]
fn stopped(args: &Args) -> Html {
    // Stop between two tokens (they come every 100 ms), never on one.
    let script = Scripted(|| ScriptedChatTransport::tokens(&answer_tokens(), 100));
    html! { <Panel args={args.clone()} {script} auto={Auto::GenerateThenStop(950)} /> }
}
// [end]

// [snippet:chat-turns]
/// Two exchanges, in the stored form of `use_chat` (what a reload of the tab finds).
const TWO_EXCHANGES: &str = r#"{"v":1,"turns":[{"role":"user","content":"What is OAuth?"},{"role":"assistant","content":"A way for an app to act for you at another service without ever seeing your password."},{"role":"user","content":"And PKCE?"},{"role":"assistant","content":"A proof that the app finishing a sign-in is the one that started it."}]}"#;

fn chat_turns(args: &Args) -> Html {
    let script = Scripted(|| ScriptedChatTransport::tokens(&answer_tokens(), 40));
    html! { <Panel args={args.clone()} {script} auto={Auto::Nothing} seed={TWO_EXCHANGES} /> }
}
// [end]

// [snippet:chat-streaming]
fn chat_streaming(args: &Args) -> Html {
    // Slow on purpose: the third answer keeps streaming for about half a minute.
    let script = Scripted(|| ScriptedChatTransport::tokens(&answer_tokens(), 400));
    html! { <Panel args={args.clone()} {script} seed={TWO_EXCHANGES} /> }
}
// [end]

// [snippet:chat-stopped]
/// One exchange, in the stored form of `use_chat`.
const ONE_EXCHANGE: &str = r#"{"v":1,"turns":[{"role":"user","content":"What is OAuth?"},{"role":"assistant","content":"A way for an app to act for you at another service without ever seeing your password."}]}"#;

fn chat_stopped(args: &Args) -> Html {
    // Stop between two tokens (they come every 100 ms), never on one.
    let script = Scripted(|| ScriptedChatTransport::tokens(&answer_tokens(), 100));
    html! { <Panel args={args.clone()} {script} auto={Auto::GenerateThenStop(950)} seed={ONE_EXCHANGE} /> }
}
// [end]

// [snippet:play-stop]
fn play_stop(args: &Args) -> Html {
    // One token every 150 ms: about nine seconds, time enough to press Stop.
    let script = Scripted(|| ScriptedChatTransport::tokens(&answer_tokens(), 150));
    html! { <Panel args={args.clone()} {script} auto={Auto::Nothing} /> }
}

/// Type a prompt, Generate, wait for the first words, Stop: the partial answer stays.
const PLAY_STOP: &[Step] = &[
    Step::Type {
        field: "Prompt",
        text: "What is PKCE?",
    },
    Step::Click("Generate"),
    Step::WaitForText("Generating…"),
    Step::SeeButton("Stop"),
    Step::WaitForText("PKCE lets a public client"),
    Step::Click("Stop"),
    Step::WaitForText("Stopped."),
    Step::NoButton("Stop"),
    Step::SeeText("PKCE lets a public client"),
    Step::NoText("worth nothing."),
    Step::SeeButton("Regenerate"),
    Step::SeeButton("Copy answer"),
];
// [end]

// [snippet:error-401]
fn error_401(args: &Args) -> Html {
    let script = Scripted(|| {
        ScriptedChatTransport::status(
            401,
            r#"{"error":"Invalid credentials in Authorization header"}"#,
            None,
        )
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:error-402]
fn error_402(args: &Args) -> Html {
    let script = Scripted(|| {
        ScriptedChatTransport::status(
            402,
            r#"{"error":"You have exceeded your monthly included credits for Inference Providers."}"#,
            None,
        )
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:error-403]
fn error_403(args: &Args) -> Html {
    let script = Scripted(|| {
        ScriptedChatTransport::status(
            403,
            r#"{"error":"This authentication method does not have sufficient permissions to call Inference Providers."}"#,
            None,
        )
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:error-404]
fn error_404(args: &Args) -> Html {
    let script = Scripted(|| {
        ScriptedChatTransport::status(
            404,
            r#"{"error":"Model not found or not served by any provider"}"#,
            None,
        )
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:error-429]
fn error_429(args: &Args) -> Html {
    let script = Scripted(|| {
        ScriptedChatTransport::status(429, r#"{"error":"Rate limit reached"}"#, Some("30"))
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:error-503]
fn error_503(args: &Args) -> Html {
    let script = Scripted(|| {
        ScriptedChatTransport::status(
            503,
            r#"{"error":"Model is currently loading","estimated_time":20.0}"#,
            None,
        )
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:error-400]
fn error_400(args: &Args) -> Html {
    let script = Scripted(|| {
        ScriptedChatTransport::status(
            400,
            r#"{"error":{"message":"max_tokens must be at most 4096","type":"invalid_request_error"}}"#,
            None,
        )
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:error-network]
fn error_network(args: &Args) -> Html {
    let script =
        Scripted(|| ScriptedChatTransport::new(Script::NetworkError("Failed to fetch".into())));
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:sse]
/// One server-sent event carrying a token, as the router streams it.
fn sse(token: &str) -> Vec<u8> {
    let content = token.replace('\\', "\\\\").replace('"', "\\\"");
    format!("data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{content}\"}}}}]}}\n\n")
        .into_bytes()
}
// [end]

// [snippet:error-truncated]
fn error_truncated(args: &Args) -> Html {
    // Tokens, then the connection closes: no finish_reason, no `data: [DONE]`.
    let script = Scripted(|| {
        ScriptedChatTransport::new(Script::Answer {
            status: 200,
            retry_after: None,
            chunks: answer_tokens().into_iter().take(12).map(sse).collect(),
            interval_ms: 10,
        })
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:error-event]
fn error_event(args: &Args) -> Html {
    let script = Scripted(|| {
        let mut chunks: Vec<Vec<u8>> = answer_tokens().into_iter().take(8).map(sse).collect();
        chunks.push(
            b"data: {\"error\":{\"message\":\"Provider error: upstream model timed out\"}}\n\n"
                .to_vec(),
        );
        ScriptedChatTransport::new(Script::Answer {
            status: 200,
            retry_after: None,
            chunks,
            interval_ms: 10,
        })
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:error-malformed]
fn error_malformed(args: &Args) -> Html {
    let script = Scripted(|| {
        ScriptedChatTransport::new(Script::Answer {
            status: 200,
            retry_after: None,
            chunks: vec![b"data: <html>502 Bad Gateway</html>\n\n".to_vec()],
            interval_ms: 0,
        })
    });
    html! { <Panel args={args.clone()} {script} /> }
}
// [end]

// [snippet:auto-run]
#[derive(Properties, PartialEq)]
pub struct AutoRunProps {
    pub auto: Auto,
    pub children: Html,
}

/// Presses the panel's buttons once mounted, as a visitor would.
#[function_component]
pub fn AutoRun(props: &AutoRunProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.auto, move |auto| {
            let press = move |node: NodeRef, words: &'static str| {
                move || {
                    let Some(root) = node.cast::<web_sys::Element>() else {
                        return;
                    };
                    let buttons = root.query_selector_all("button").ok();
                    let found = (0..buttons.as_ref().map_or(0, |b| b.length()))
                        .filter_map(|i| {
                            buttons
                                .as_ref()?
                                .item(i)?
                                .dyn_into::<web_sys::HtmlElement>()
                                .ok()
                        })
                        .find(|b| b.text_content().as_deref() == Some(words));
                    if let Some(button) = found {
                        button.click();
                    }
                }
            };
            let timers = match *auto {
                Auto::Nothing => vec![],
                Auto::Generate => vec![Timeout::new(0, press(node.clone(), "Generate"))],
                Auto::GenerateThenStop(ms) => vec![
                    Timeout::new(0, press(node.clone(), "Generate")),
                    Timeout::new(ms, press(node, "Stop")),
                ],
            };
            move || drop(timers)
        });
    }
    html! { <div ref={node} class="autorun">{ props.children.clone() }</div> }
}
// [end]
