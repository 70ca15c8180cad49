use crate::browser::chat_transport::{
    now_ms, AbortHandle, ChatTransportEvent, ChatTransportRequest, FetchChatTransport,
    SharedChatTransport,
};
use crate::browser::page;
use crate::inference::{
    chat_completions_url, check_bearer_destination, classify_http_error, ChatMessage, ChatRequest,
    InferenceError, StreamAssembler, Usage, DEFAULT_MODEL, DEFAULT_ROUTER_URL,
};
use crate::use_hf_oauth;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Options of [`use_inference`]. Missing values come from the page, then the defaults.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct UseInferenceOptions {
    /// Model id, may end in `:provider`, `:fastest`, `:cheapest`. Else
    /// `window.HF_INFERENCE_MODEL`, else [`DEFAULT_MODEL`].
    pub model: Option<String>,
    /// Base URL of an OpenAI-compatible server. Else `window.HF_INFERENCE_URL`, else
    /// [`DEFAULT_ROUTER_URL`].
    pub router_url: Option<String>,
    /// Upper bound on the answer's length in tokens.
    pub max_tokens: Option<u32>,
    /// Sampling temperature.
    pub temperature: Option<f32>,
    /// Where requests go; the browser's `fetch` when `None`.
    pub transport: Option<SharedChatTransport>,
    /// Bill an organization the visitor belongs to instead of the visitor (the router's
    /// `X-HF-Bill-To` header, an organization name).
    pub bill_to: Option<String>,
    /// Hosts besides Hugging Face's and loopback that may receive the visitor's token,
    /// separated by white space; see [`UseInferenceOptions::with_trusted_hosts`].
    pub trusted_hosts: String,
}

impl UseInferenceOptions {
    /// Bill the organization `org` (`X-HF-Bill-To`).
    pub fn with_bill_to(mut self, org: impl Into<String>) -> Self {
        self.bill_to = Some(org.into());
        self
    }

    /// Trust these hosts with the visitor's token, besides `huggingface.co`,
    /// `router.huggingface.co` and loopback (`localhost`, `127.0.0.1`, `[::1]`): a server URL
    /// (`router_url`, `window.HF_INFERENCE_URL`) on any other host is refused before a request
    /// is made ([`crate::InferenceError::UntrustedDestination`]). Host names only
    /// (`inference.example.org`: no scheme, port or wildcard; case and a trailing dot do not
    /// matter), separated by white space, reached over `https` on any port. Adds to the list.
    /// No page global adds to it: a stray
    /// `window.HF_INFERENCE_URL` alone cannot send the token elsewhere.
    ///
    /// # Usage
    /// ```
    /// use yew_hf_oauth::UseInferenceOptions;
    /// let options = UseInferenceOptions::default()
    ///     .with_router_url("https://inference.example.org")
    ///     .with_trusted_hosts("inference.example.org");
    /// assert_eq!(options.trusted_hosts.trim(), "inference.example.org");
    /// ```
    pub fn with_trusted_hosts(mut self, hosts: &str) -> Self {
        self.trusted_hosts.push(' ');
        self.trusted_hosts.push_str(hosts);
        self
    }

    /// Set the model.
    pub fn with_model(mut self, model: impl Into<String>) -> Self {
        self.model = Some(model.into());
        self
    }

    /// Set the server's base URL.
    pub fn with_router_url(mut self, url: impl Into<String>) -> Self {
        self.router_url = Some(url.into());
        self
    }

    /// Set `max_tokens`.
    pub fn with_max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = Some(max_tokens);
        self
    }

    /// Set the temperature.
    pub fn with_temperature(mut self, temperature: f32) -> Self {
        self.temperature = Some(temperature);
        self
    }

    /// Use `transport` instead of `fetch`.
    pub fn with_transport(mut self, transport: SharedChatTransport) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The model in use: the option, `window.HF_INFERENCE_MODEL`, or [`DEFAULT_MODEL`].
    pub fn resolved_model(&self) -> String {
        self.model
            .clone()
            .filter(|m| !m.trim().is_empty())
            .or_else(|| page::window_string("HF_INFERENCE_MODEL"))
            .unwrap_or_else(|| DEFAULT_MODEL.to_owned())
    }

    /// The server in use: the option, `window.HF_INFERENCE_URL`, or [`DEFAULT_ROUTER_URL`].
    pub fn resolved_router_url(&self) -> String {
        self.router_url
            .clone()
            .filter(|m| !m.trim().is_empty())
            .or_else(|| page::window_string("HF_INFERENCE_URL"))
            .unwrap_or_else(|| DEFAULT_ROUTER_URL.to_owned())
    }
}

/// Where a generation stands.
#[derive(Clone, Debug, PartialEq)]
pub enum InferenceStatus {
    /// Nothing asked yet.
    Idle,
    /// The request is sent; no token has arrived.
    Waiting,
    /// Tokens are arriving.
    Streaming,
    /// The answer is complete.
    Done,
    /// The visitor stopped it (the partial answer is kept).
    Stopped,
    /// It failed (the partial answer is kept).
    Failed(InferenceError),
}

impl InferenceStatus {
    /// Whether a request is in flight.
    pub fn is_running(&self) -> bool {
        matches!(self, Self::Waiting | Self::Streaming)
    }
}

/// Timings of a generation, measured in the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InferenceMetrics {
    /// Milliseconds from sending the request to the first token.
    pub time_to_first_token_ms: Option<f64>,
    /// Milliseconds from sending the request to the end.
    pub total_ms: f64,
    /// Content deltas received (or the server's `completion_tokens` when it reports usage).
    pub tokens: u64,
    /// Tokens per second after the first token.
    pub tokens_per_second: Option<f64>,
    /// Usage reported by the server.
    pub usage: Option<Usage>,
    /// Why the model stopped (`stop`, `length`, ...).
    pub finish_reason: Option<String>,
}

/// What [`use_inference`] returns.
#[derive(Clone, Debug, PartialEq)]
pub struct UseInferenceReturn {
    /// Where the generation stands.
    pub status: InferenceStatus,
    /// The answer so far. Updated at most once per animation frame while streaming.
    pub text: Rc<str>,
    /// Timings, once the generation ended.
    pub metrics: Option<InferenceMetrics>,
    /// The model in use.
    pub model: String,
    /// Send a prompt (aborts a running generation first).
    pub run: Callback<String>,
    /// Stop the running generation.
    pub stop: Callback<()>,
}

/// One running generation.
struct Run {
    assembler: StreamAssembler,
    status: Option<u16>,
    retry_after: Option<String>,
    error_body: Vec<u8>,
    started_ms: f64,
    first_token_ms: Option<f64>,
    deltas: u64,
    /// The animation frame that will paint the answer.
    frame: Option<gloo::render::AnimationFrame>,
    /// The last chunk was a flood ([`FLOOD_CHUNK_BYTES`] or more).
    flooding: bool,
    /// No paint before this time (`now_ms`).
    next_paint_ms: f64,
}

/// The generation in flight: its transport handle and its progress.
struct Active {
    handle: AbortHandle,
    run: Rc<RefCell<Run>>,
}

type ActiveSlot = Rc<RefCell<Option<Active>>>;

/// How a generation ended.
enum Ending {
    Complete,
    Stopped,
    Failed(InferenceError),
}

/// A chunk of this many bytes is more than a model writes in a frame: the body is being read
/// from a buffer, faster than the page could show it frame by frame.
const FLOOD_CHUNK_BYTES: usize = 8 * 1024;

/// While the body floods in, the answer is painted at most this often (milliseconds), instead of
/// every animation frame: each paint lays out the whole answer, and painting every frame would
/// slow the flood down to the page's frame rate.
const FLOOD_PAINT_GAP_MS: f64 = 100.0;

/// Error bodies are kept up to this many bytes.
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// Setters of the hook's state, shared with the transport's callbacks.
#[derive(Clone)]
struct Setters {
    status: UseStateSetter<InferenceStatus>,
    text: UseStateSetter<Rc<str>>,
    metrics: UseStateSetter<Option<InferenceMetrics>>,
    token_rejected: Callback<()>,
}

/// Streams chat completions from Hugging Face's router (or any OpenAI-compatible server) with
/// the signed-in visitor's token. Must be used under [`crate::HfOAuthProvider`].
///
/// The request is aborted when `stop` is called, when the component unmounts, and when the
/// visitor signs out. A 401 answer turns the session to expired.
///
/// # Usage
/// ```
/// use yew::prelude::*;
/// use yew_hf_oauth::{use_inference, UseInferenceOptions};
///
/// #[function_component]
/// fn Ask() -> Html {
///     let inference = use_inference(UseInferenceOptions::default().with_model("google/gemma-2-2b-it"));
///     let onclick = inference.run.reform(|_| "Say hi in French".to_owned());
///     html! { <><button {onclick}>{ "Ask" }</button><p>{ inference.text.to_string() }</p></> }
/// }
/// ```
#[hook]
pub fn use_inference(options: UseInferenceOptions) -> UseInferenceReturn {
    let oauth = use_hf_oauth();
    let status = use_state(|| InferenceStatus::Idle);
    let text = use_state(|| Rc::<str>::from(""));
    let metrics = use_state(|| None::<InferenceMetrics>);
    let active: ActiveSlot = use_mut_ref(|| None::<Active>);
    let model = use_memo(options.clone(), |o| o.resolved_model());
    let token = oauth.state.result().map(|r| r.access_token.clone());

    let setters = Setters {
        status: status.setter(),
        text: text.setter(),
        metrics: metrics.setter(),
        token_rejected: oauth.token_rejected.clone(),
    };

    {
        // Signing out and unmounting stop the request (a sign-out says Stopped). Signing in
        // stops nothing: a click can run between the render that showed Generate and this
        // effect (Yew may yield to the browser before running effects), and its request must
        // not be dropped while the status stays `Waiting`.
        let active = active.clone();
        let setters = setters.clone();
        use_effect_with(token.is_some(), move |&signed_in| {
            move || {
                if signed_in {
                    stop_active(&active, &setters);
                }
            }
        });
    }

    let run = {
        let active = active.clone();
        let setters = setters.clone();
        let model = (*model).clone();
        Callback::from(move |prompt: String| {
            drop(active.borrow_mut().take());
            let Some(bearer) = token.clone() else {
                setters
                    .status
                    .set(InferenceStatus::Failed(InferenceError::Unauthorized {
                        detail: "Not signed in.".into(),
                    }));
                return;
            };
            // The token goes only where it belongs: refused before anything is sent.
            let url = chat_completions_url(&options.resolved_router_url());
            if let Err(refused) = check_bearer_destination(&url, &options.trusted_hosts) {
                setters.text.set(Rc::from(""));
                setters.metrics.set(None);
                setters.status.set(InferenceStatus::Failed(
                    InferenceError::UntrustedDestination(refused),
                ));
                return;
            }
            let mut request = ChatRequest::new(model.clone(), vec![ChatMessage::user(prompt)]);
            if let Some(max) = options.max_tokens {
                request = request.with_max_tokens(max);
            }
            if let Some(t) = options.temperature {
                request = request.with_temperature(t);
            }
            let request = ChatTransportRequest {
                url,
                bearer,
                body: request.to_json(),
                bill_to: options.bill_to.clone(),
            };
            setters.text.set(Rc::from(""));
            setters.metrics.set(None);
            setters.status.set(InferenceStatus::Waiting);
            let run = Rc::new(RefCell::new(Run {
                assembler: StreamAssembler::new(),
                status: None,
                retry_after: None,
                error_body: Vec::new(),
                started_ms: now_ms(),
                first_token_ms: None,
                deltas: 0,
                frame: None,
                flooding: false,
                next_paint_ms: 0.0,
            }));
            let sink = {
                let setters = setters.clone();
                let model = model.clone();
                let active = active.clone();
                let run = run.clone();
                Callback::from(move |event| on_event(&run, &setters, &model, &active, event))
            };
            let handle = match &options.transport {
                Some(transport) => transport.0.send(request, sink),
                None => crate::browser::chat_transport::ChatTransport::send(
                    &FetchChatTransport,
                    request,
                    sink,
                ),
            };
            *active.borrow_mut() = Some(Active { handle, run });
        })
    };

    let stop = {
        let active = active.clone();
        let setters = setters.clone();
        Callback::from(move |()| stop_active(&active, &setters))
    };

    UseInferenceReturn {
        status: (*status).clone(),
        text: (*text).clone(),
        metrics: (*metrics).clone(),
        model: (*model).clone(),
        run,
        stop,
    }
}

/// Abort the generation in flight, if any, keeping its partial answer.
fn stop_active(active: &ActiveSlot, setters: &Setters) {
    let taken = active.borrow_mut().take();
    if let Some(Active { handle, run }) = taken {
        handle.abort();
        report(&run, setters, Ending::Stopped);
    }
}

fn on_event(
    run: &Rc<RefCell<Run>>,
    setters: &Setters,
    model: &str,
    active: &ActiveSlot,
    event: ChatTransportEvent,
) {
    let mut state = run.borrow_mut();
    match event {
        ChatTransportEvent::Head {
            status,
            retry_after,
        } => {
            state.status = Some(status);
            state.retry_after = retry_after;
        }
        ChatTransportEvent::Chunk(bytes) if state.status.is_some_and(|s| s >= 400) => {
            let room = MAX_ERROR_BODY_BYTES.saturating_sub(state.error_body.len());
            state
                .error_body
                .extend_from_slice(&bytes[..bytes.len().min(room)]);
        }
        ChatTransportEvent::Chunk(bytes) => match state.assembler.push_counting(&bytes) {
            Ok(deltas) => {
                state.flooding = bytes.len() >= FLOOD_CHUNK_BYTES;
                if deltas > 0 {
                    state.deltas += deltas;
                    if state.first_token_ms.is_none() {
                        state.first_token_ms = Some(now_ms());
                        setters.status.set(InferenceStatus::Streaming);
                    }
                    schedule_frame(run, &mut state, setters);
                }
            }
            Err(error) => {
                drop(state);
                if let Some(Active { handle, .. }) = active.borrow_mut().take() {
                    handle.abort();
                }
                report(run, setters, Ending::Failed(error));
            }
        },
        ChatTransportEvent::End => {
            let ending = match state.status {
                Some(status) if status >= 400 => {
                    let body = String::from_utf8_lossy(&state.error_body).into_owned();
                    let retry_after = state.retry_after.as_deref();
                    Ending::Failed(classify_http_error(status, &body, retry_after, model))
                }
                _ => match state.assembler.finish() {
                    Ok(()) => Ending::Complete,
                    Err(error) => Ending::Failed(error),
                },
            };
            drop(state);
            end_active(active);
            report(run, setters, ending);
        }
        ChatTransportEvent::Failed(message) => {
            drop(state);
            end_active(active);
            report(
                run,
                setters,
                Ending::Failed(InferenceError::Network(message)),
            );
        }
    }
}

/// Paint the answer at the next animation frame or, while the body floods in, at the first
/// frame after [`FLOOD_PAINT_GAP_MS`] have passed since the last paint.
fn schedule_frame(run: &Rc<RefCell<Run>>, state: &mut Run, setters: &Setters) {
    if state.frame.is_some() {
        return;
    }
    let (run, setters) = (run.clone(), setters.clone());
    state.frame = Some(gloo::render::request_animation_frame(move |_| {
        let mut state = run.borrow_mut();
        state.frame = None;
        if now_ms() < state.next_paint_ms {
            // Too soon: this frame goes by with nothing new to lay out.
            schedule_frame(&run, &mut state, &setters);
            return;
        }
        setters.text.set(Rc::from(state.assembler.text()));
        if state.flooding {
            state.next_paint_ms = now_ms() + FLOOD_PAINT_GAP_MS;
        }
    }));
}

/// The transport has ended by itself: forget its handle without cancelling anything.
fn end_active(active: &ActiveSlot) {
    if let Some(Active { handle, .. }) = active.borrow_mut().take() {
        handle.disarm();
    }
}

/// Publish the final text, the timings and the status.
fn report(run: &Rc<RefCell<Run>>, setters: &Setters, ending: Ending) {
    let mut state = run.borrow_mut();
    state.frame = None;
    let now = now_ms();
    let tokens = state
        .assembler
        .usage()
        .map(|u| u.completion_tokens)
        .filter(|&n| n > 0)
        .unwrap_or(state.deltas);
    let tokens_per_second = state.first_token_ms.and_then(|first| {
        let seconds = (now - first) / 1000.0;
        (seconds > 0.0 && tokens > 1).then(|| (tokens - 1) as f64 / seconds)
    });
    setters.text.set(Rc::from(state.assembler.text()));
    setters.metrics.set(Some(InferenceMetrics {
        time_to_first_token_ms: state.first_token_ms.map(|t| t - state.started_ms),
        total_ms: now - state.started_ms,
        tokens,
        tokens_per_second,
        usage: state.assembler.usage(),
        finish_reason: state.assembler.finish_reason().map(str::to_owned),
    }));
    drop(state);
    match ending {
        Ending::Complete => setters.status.set(InferenceStatus::Done),
        Ending::Stopped => setters.status.set(InferenceStatus::Stopped),
        Ending::Failed(error) => {
            if error.is_auth_expired() {
                setters.token_rejected.emit(());
            }
            setters.status.set(InferenceStatus::Failed(error));
        }
    }
}
