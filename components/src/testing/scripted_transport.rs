//! A scripted inference stream: [`ScriptedChatTransport`] plays a [`Script`] instead of calling
//! a server, for stories, previews and tests.

use crate::{AbortHandle, ChatTransport, ChatTransportEvent, ChatTransportRequest};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::Callback;

/// What a [`ScriptedChatTransport`] plays.
#[derive(Clone, Debug, PartialEq)]
pub enum Script {
    /// Answer `status` with the body `chunks`, one every `interval_ms`.
    Answer {
        /// HTTP status.
        status: u16,
        /// `Retry-After` header.
        retry_after: Option<String>,
        /// Body chunks.
        chunks: Vec<Vec<u8>>,
        /// Milliseconds between chunks.
        interval_ms: u32,
    },
    /// Fail like an unreachable server.
    NetworkError(String),
}

/// Plays a [`Script`] instead of calling a server: for stories, previews and tests. Records
/// every request it was sent.
pub struct ScriptedChatTransport {
    script: Script,
    requests: RefCell<Vec<ChatTransportRequest>>,
}

impl ScriptedChatTransport {
    /// Play `script`.
    pub fn new(script: Script) -> Self {
        Self {
            script,
            requests: RefCell::new(Vec::new()),
        }
    }

    /// A 200 `text/event-stream` answer streaming `tokens`, one chunk every `interval_ms`,
    /// ending with `data: [DONE]`.
    pub fn tokens(tokens: &[&str], interval_ms: u32) -> Self {
        let mut chunks: Vec<Vec<u8>> = tokens
            .iter()
            .map(|token| {
                let event = serde_json::json!({
                    "object": "chat.completion.chunk",
                    "choices": [{ "index": 0, "delta": { "content": token } }],
                });
                format!("data: {event}\n\n").into_bytes()
            })
            .collect();
        chunks.push(b"data: [DONE]\n\n".to_vec());
        Self::new(Script::Answer {
            status: 200,
            retry_after: None,
            chunks,
            interval_ms,
        })
    }

    /// An error answer: `status` with `body`.
    pub fn status(status: u16, body: &str, retry_after: Option<&str>) -> Self {
        Self::new(Script::Answer {
            status,
            retry_after: retry_after.map(str::to_owned),
            chunks: vec![body.as_bytes().to_vec()],
            interval_ms: 0,
        })
    }

    /// The requests sent so far.
    pub fn requests(&self) -> Vec<ChatTransportRequest> {
        self.requests.borrow().clone()
    }
}

impl ChatTransport for ScriptedChatTransport {
    fn send(
        &self,
        request: ChatTransportRequest,
        sink: Callback<ChatTransportEvent>,
    ) -> AbortHandle {
        self.requests.borrow_mut().push(request);
        let aborted = Rc::new(Cell::new(false));
        let script = self.script.clone();
        let running = aborted.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let emit = |event| {
                if !running.get() {
                    sink.emit(event);
                }
            };
            match script {
                Script::NetworkError(message) => emit(ChatTransportEvent::Failed(message)),
                Script::Answer {
                    status,
                    retry_after,
                    chunks,
                    interval_ms,
                } => {
                    emit(ChatTransportEvent::Head {
                        status,
                        retry_after,
                    });
                    for chunk in chunks {
                        gloo::timers::future::TimeoutFuture::new(interval_ms).await;
                        if running.get() {
                            return;
                        }
                        emit(ChatTransportEvent::Chunk(chunk));
                    }
                    emit(ChatTransportEvent::End);
                }
            }
        });
        AbortHandle::new(move || aborted.set(true))
    }
}
