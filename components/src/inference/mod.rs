//! Pure inference logic: chat request, SSE event parsing, error classification. Runs natively.
//!
//! The browser layer posts [`ChatRequest::to_json`] to [`chat_completions_url`] with the
//! visitor's access token, classifies an error status with [`classify_http_error`], and feeds
//! the body's chunks to a [`StreamAssembler`], which parses Server-Sent Events
//! ([`sse::SseParser`]) and OpenAI `chat.completion.chunk` events ([`stream::parse_chunk_event`])
//! into the growing answer.
//!
//! ```
//! use yew_hf_oauth::inference::{ChatMessage, ChatRequest, StreamAssembler, DEFAULT_MODEL};
//! let body = ChatRequest::new(DEFAULT_MODEL, vec![ChatMessage::user("Hi")]).to_json();
//! assert!(body.contains(r#""stream":true"#));
//!
//! let mut answer = StreamAssembler::new();
//! answer.push(b"data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n").unwrap();
//! answer.push(b"data: [DONE]\n\n").unwrap();
//! answer.finish().unwrap();
//! assert_eq!(answer.text(), "Hello");
//! ```

pub mod error;
mod fast_chunks;
pub mod request;
pub mod sse;
pub mod stream;

pub use error::{classify_http_error, ForbiddenReason, InferenceError};
pub use request::{
    chat_completions_url, ChatMessage, ChatRequest, DEFAULT_MODEL, DEFAULT_ROUTER_URL,
};
pub use sse::{SseEvent, SseParser};
pub use stream::{
    parse_chunk_event, parse_non_streaming_response, StreamAssembler, StreamItem, Usage,
};
