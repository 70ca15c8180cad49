//! Sending a chat request and reading the answer as it arrives: the browser's `fetch` with a
//! `ReadableStream` body and an `AbortController`, or a scripted source for stories and tests.

use crate::Secret;
use std::cell::Cell;
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

/// A chat request, ready to send.
///
/// `Debug` never prints the bearer.
#[derive(Clone, PartialEq)]
pub struct ChatTransportRequest {
    /// The chat completions URL.
    pub url: String,
    /// The visitor's access token, sent as `Authorization: Bearer`.
    pub bearer: Secret,
    /// The JSON body.
    pub body: String,
    /// The organization billed for the request (the router's `X-HF-Bill-To` header), when
    /// not the visitor.
    pub bill_to: Option<String>,
}

impl fmt::Debug for ChatTransportRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChatTransportRequest")
            .field("url", &self.url)
            .field("bearer", &"<redacted>")
            .field("body", &self.body)
            .field("bill_to", &self.bill_to)
            .finish()
    }
}

pub use crate::inference::ChatTransportEvent;

/// Cancels a running request when [`AbortHandle::abort`] is called or the handle is dropped;
/// after that the transport reports nothing more.
pub struct AbortHandle(Option<Box<dyn FnOnce()>>);

impl AbortHandle {
    /// A handle running `cancel` on abort.
    pub fn new(cancel: impl FnOnce() + 'static) -> Self {
        Self(Some(Box::new(cancel)))
    }

    /// Forget the request without cancelling it (it has ended).
    pub fn disarm(mut self) {
        self.0 = None;
    }

    /// Cancel the request.
    pub fn abort(mut self) {
        if let Some(cancel) = self.0.take() {
            cancel();
        }
    }
}

impl Drop for AbortHandle {
    fn drop(&mut self) {
        if let Some(cancel) = self.0.take() {
            cancel();
        }
    }
}

/// Sends chat requests. [`FetchChatTransport`] is the real one; `testing::ScriptedChatTransport`
/// (feature `testing`) plays a script for stories and tests.
pub trait ChatTransport {
    /// Start `request`; report to `sink` until done or aborted.
    fn send(
        &self,
        request: ChatTransportRequest,
        sink: Callback<ChatTransportEvent>,
    ) -> AbortHandle;
}

/// A shared transport, comparable by identity (for component props).
#[derive(Clone)]
pub struct SharedChatTransport(pub Rc<dyn ChatTransport>);

impl SharedChatTransport {
    /// Wrap a transport.
    pub fn new(transport: impl ChatTransport + 'static) -> Self {
        Self(Rc::new(transport))
    }
}

impl PartialEq for SharedChatTransport {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for SharedChatTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedChatTransport")
    }
}

/// The browser's `fetch`, reading the body as a stream. Cookies are never sent.
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchChatTransport;

impl ChatTransport for FetchChatTransport {
    fn send(
        &self,
        request: ChatTransportRequest,
        sink: Callback<ChatTransportEvent>,
    ) -> AbortHandle {
        let controller = web_sys::AbortController::new().ok();
        let aborted = Rc::new(Cell::new(false));
        let live_sink = {
            let aborted = aborted.clone();
            Callback::from(move |event| {
                if !aborted.get() {
                    sink.emit(event);
                }
            })
        };
        let signal = controller.as_ref().map(|c| c.signal());
        // The request leaves now, before the page renders what the click changed; what it
        // reports goes to the sink from a task of its own, after `send` has returned.
        let response = start_fetch(&request, signal.as_ref())
            .unwrap_or_else(|error| js_sys::Promise::reject(&error));
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = stream_body(response, &live_sink).await {
                live_sink.emit(ChatTransportEvent::Failed(describe_js_error(&error)));
            }
        });
        AbortHandle::new(move || {
            aborted.set(true);
            if let Some(controller) = controller {
                controller.abort();
            }
        })
    }
}

/// Calls `fetch` for `request`; the promise of its response.
fn start_fetch(
    request: &ChatTransportRequest,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<js_sys::Promise, JsValue> {
    let headers = web_sys::Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    headers.set("Accept", "text/event-stream, application/json")?;
    headers.set(
        "Authorization",
        &format!("Bearer {}", request.bearer.expose()),
    )?;
    if let Some(org) = request
        .bill_to
        .as_deref()
        .filter(|org| !org.trim().is_empty())
    {
        headers.set("X-HF-Bill-To", org.trim())?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&request.body));
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_signal(signal);
    let fetch = gloo::utils::window().fetch_with_str_and_init(&request.url, &init);
    Ok(fetch)
}

/// Waits for the response, then reports its head, its body as it arrives, and its end.
async fn stream_body(
    response: js_sys::Promise,
    sink: &Callback<ChatTransportEvent>,
) -> Result<(), JsValue> {
    let response: web_sys::Response = JsFuture::from(response).await?.dyn_into()?;
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    sink.emit(ChatTransportEvent::Head {
        status: response.status(),
        retry_after,
    });
    let Some(body) = response.body() else {
        sink.emit(ChatTransportEvent::End);
        return Ok(());
    };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().dyn_into()?;
    // A fast server hands over megabytes at once, and a read of buffered data resolves without
    // letting the browser render. So the body is passed on in pieces, and the browser gets a turn
    // whenever the work since its last turn reached `SLICE_MS`: no task grows long, and no turn
    // is given away while there is little to do.
    let mut slice_started = now_ms();
    loop {
        let step = JsFuture::from(reader.read()).await?;
        let done = js_sys::Reflect::get(&step, &"done".into())?
            .as_bool()
            .unwrap_or(true);
        if done {
            break;
        }
        let value = js_sys::Reflect::get(&step, &"value".into())?;
        let bytes = js_sys::Uint8Array::new(&value).to_vec();
        for piece in bytes.chunks(PIECE_BYTES) {
            if now_ms() - slice_started >= SLICE_MS {
                yield_to_browser().await;
                slice_started = now_ms();
            }
            sink.emit(ChatTransportEvent::Chunk(piece.to_vec()));
        }
    }
    sink.emit(ChatTransportEvent::End);
    Ok(())
}

/// Body bytes handed on at once; the time is checked between pieces.
const PIECE_BYTES: usize = 16 * 1024;

/// Milliseconds of work after which the browser gets a turn: most of a frame, so that rendering
/// (which grows with the answer) does not take most of the time, and far under the 50 ms of a
/// long task.
const SLICE_MS: f64 = 12.0;

/// `performance.now()` (`Date.now()` where there is no `performance`).
pub(crate) fn now_ms() -> f64 {
    gloo::utils::window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Let the browser run other tasks (rendering, input) before continuing. A `MessageChannel`
/// message, unlike `setTimeout(0)`, is not clamped to 4 ms when repeated.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Ok(channel) = web_sys::MessageChannel::new() {
            channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
            if channel.port2().post_message(&JsValue::NULL).is_ok() {
                return;
            }
        }
        let _ = resolve.call0(&JsValue::NULL);
    });
    let _ = JsFuture::from(promise).await;
}

/// The message of a JavaScript error (an `Error`'s message, or a thrown string).
pub(crate) fn describe_js_error(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn debug_redacts_the_bearer() {
        let request = ChatTransportRequest {
            url: "https://router.huggingface.co/v1/chat/completions".into(),
            bearer: "hf_oauth_SECRET".into(),
            body: r#"{"model":"m"}"#.into(),
            bill_to: Some("acme".into()),
        };
        let shown = format!("{request:?}");
        assert!(!shown.contains("hf_oauth_SECRET"), "{shown}");
        assert!(shown.contains("<redacted>"));
        assert!(shown.contains("acme"));
    }
}
