//! Yew wiring of the generation core ([`crate::inference::generation`]): send the request,
//! hand the transport's events to the core, turn its updates into state, painted at most once
//! per animation frame. [`use_generation`] is shared by [`use_inference`] (one prompt) and
//! [`super::use_chat`] (a conversation).

use super::inference_options::UseInferenceOptions;
use crate::browser::chat_transport::{
    now_ms, AbortHandle, ChatTransport, ChatTransportRequest, FetchChatTransport,
};
use crate::inference::generation::{Generation, GenerationUpdate, Outcome};
use crate::inference::{
    chat_completions_url, check_bearer_destination, ChatMessage, ChatRequest, ChatTransportEvent,
    InferenceError, InferenceMetrics, InferenceStatus, StreamAssembler,
};
use crate::use_hf_oauth;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

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

/// Streams chat completions from Hugging Face's router (or any OpenAI-compatible server) with
/// the signed-in visitor's token. Must be used under [`crate::HfOAuthProvider`]. Each `run` is
/// a new, single-message conversation; [`crate::use_chat`] keeps the turns.
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
    let generator = use_generation(options, Callback::noop());
    UseInferenceReturn {
        run: generator
            .start
            .reform(|prompt: String| vec![ChatMessage::user(prompt)]),
        status: generator.status,
        text: generator.text,
        metrics: generator.metrics,
        model: generator.model,
        stop: generator.stop,
    }
}

/// A generation's end, as [`use_generation`] reports it to its owner.
pub(crate) struct Settled {
    /// The answer (partial unless complete).
    pub text: Rc<str>,
    /// Whether the answer is complete ([`InferenceStatus::Done`]).
    pub complete: bool,
}

/// What [`use_generation`] gives.
pub(crate) struct Generator {
    pub status: InferenceStatus,
    pub text: Rc<str>,
    pub metrics: Option<InferenceMetrics>,
    pub model: String,
    /// Send these messages (aborts a running generation first, without settling it).
    pub start: Callback<Vec<ChatMessage>>,
    /// Stop the running generation (it settles as stopped).
    pub stop: Callback<()>,
}

/// One running generation: the core, and the painting of its answer.
struct Run {
    generation: Generation<StreamAssembler>,
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

/// A chunk of this many bytes is more than a model writes in a frame: the body is being read
/// from a buffer, faster than the page could show it frame by frame.
const FLOOD_CHUNK_BYTES: usize = 8 * 1024;

/// While the body floods in, the answer is painted at most this often (milliseconds), instead of
/// every animation frame: each paint lays out the whole answer, and painting every frame would
/// slow the flood down to the page's frame rate.
const FLOOD_PAINT_GAP_MS: f64 = 100.0;

/// Setters of the hook's state, shared with the transport's callbacks.
#[derive(Clone)]
struct Setters {
    status: UseStateSetter<InferenceStatus>,
    text: UseStateSetter<Rc<str>>,
    metrics: UseStateSetter<Option<InferenceMetrics>>,
    token_rejected: Callback<()>,
    settled: Callback<Settled>,
}

/// The generation machinery of [`use_inference`] and [`super::use_chat`]: `settled` hears every
/// end (complete, stopped, failed) of a generation that was sent, before the new status shows.
#[hook]
pub(crate) fn use_generation(
    options: UseInferenceOptions,
    settled: Callback<Settled>,
) -> Generator {
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
        settled,
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

    let start = {
        let active = active.clone();
        let setters = setters.clone();
        let model = (*model).clone();
        Callback::from(move |messages: Vec<ChatMessage>| {
            drop(active.borrow_mut().take());
            let fail = |error| {
                setters.text.set(Rc::from(""));
                setters.metrics.set(None);
                setters.status.set(InferenceStatus::Failed(error));
            };
            let Some(bearer) = token.clone() else {
                fail(InferenceError::Unauthorized {
                    detail: "Not signed in.".into(),
                });
                return;
            };
            // The token goes only where it belongs: refused before anything is sent.
            let url = chat_completions_url(&options.resolved_router_url());
            if let Err(refused) = check_bearer_destination(&url, &options.trusted_hosts) {
                fail(InferenceError::UntrustedDestination(refused));
                return;
            }
            let mut request = ChatRequest::new(model.clone(), messages);
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
                generation: Generation::new(StreamAssembler::new(), model.clone(), now_ms()),
                frame: None,
                flooding: false,
                next_paint_ms: 0.0,
            }));
            let sink = {
                let setters = setters.clone();
                let active = active.clone();
                let run = run.clone();
                Callback::from(move |event| on_event(&run, &setters, &active, event))
            };
            let handle = match &options.transport {
                Some(transport) => transport.0.send(request, sink),
                None => FetchChatTransport.send(request, sink),
            };
            *active.borrow_mut() = Some(Active { handle, run });
        })
    };

    let stop = {
        let active = active.clone();
        let setters = setters.clone();
        Callback::from(move |()| stop_active(&active, &setters))
    };

    Generator {
        status: (*status).clone(),
        text: (*text).clone(),
        metrics: (*metrics).clone(),
        model: (*model).clone(),
        start,
        stop,
    }
}

/// Abort the generation in flight, if any, keeping its partial answer.
fn stop_active(active: &ActiveSlot, setters: &Setters) {
    let taken = active.borrow_mut().take();
    if let Some(Active { handle, run }) = taken {
        handle.abort();
        let outcome = run.borrow_mut().generation.stop(now_ms());
        if let Some(outcome) = outcome {
            report(&run, setters, outcome);
        }
    }
}

/// Hand `event` to the core, and do what it says.
fn on_event(
    run: &Rc<RefCell<Run>>,
    setters: &Setters,
    active: &ActiveSlot,
    event: ChatTransportEvent,
) {
    let mut state = run.borrow_mut();
    let flood =
        matches!(&event, ChatTransportEvent::Chunk(bytes) if bytes.len() >= FLOOD_CHUNK_BYTES);
    match state.generation.on_event(event, now_ms()) {
        GenerationUpdate::Nothing => {}
        GenerationUpdate::Grew { first } => {
            state.flooding = flood;
            if first {
                setters.status.set(InferenceStatus::Streaming);
            }
            schedule_frame(run, &mut state, setters);
        }
        GenerationUpdate::Ended { outcome, abort } => {
            drop(state);
            if let Some(Active { handle, .. }) = active.borrow_mut().take() {
                if abort {
                    handle.abort();
                } else {
                    handle.disarm();
                }
            }
            report(run, setters, outcome);
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
        setters.text.set(Rc::from(state.generation.text()));
        if state.flooding {
            state.next_paint_ms = now_ms() + FLOOD_PAINT_GAP_MS;
        }
    }));
}

/// Publish the final text, the timings and the status; tell the owner first.
fn report(run: &Rc<RefCell<Run>>, setters: &Setters, outcome: Outcome) {
    let mut state = run.borrow_mut();
    state.frame = None;
    let text: Rc<str> = Rc::from(state.generation.text());
    drop(state);
    setters.settled.emit(Settled {
        text: text.clone(),
        complete: matches!(outcome.status, InferenceStatus::Done),
    });
    setters.text.set(text);
    setters.metrics.set(Some(outcome.metrics));
    if let InferenceStatus::Failed(error) = &outcome.status {
        if error.is_auth_expired() {
            setters.token_rejected.emit(());
        }
    }
    setters.status.set(outcome.status);
}
