//! Pure inference logic: chat request, SSE event parsing, error classification, the generation
//! core ([`generation::Generation`]: transport events in, updates out, a [`decoder::Decoder`]
//! per task) and the conversation ([`conversation::Conversation`]). Runs natively.
//!
//! The hooks post [`ChatRequest::to_json`] to [`chat_completions_url`] with the visitor's access
//! token and hand each transport event to a [`generation::Generation`]: it buffers an error
//! body and classifies it ([`error::classify_http_error`]), and feeds a successful body to its
//! decoder, for chat a [`StreamAssembler`], which parses Server-Sent Events ([`sse::SseParser`])
//! and OpenAI `chat.completion.chunk` events ([`stream::parse_chunk_event`]) into the growing
//! answer.

pub(crate) mod conversation;
pub(crate) mod decoder;
pub(crate) mod destination;
pub(crate) mod error;
mod fast_chunks;
pub(crate) mod generation;
#[cfg(feature = "markdown")]
pub(crate) mod markdown_blocks;
pub(crate) mod model_choice;
pub(crate) mod models;
pub(crate) mod request;
pub(crate) mod sse;
pub(crate) mod status;
pub(crate) mod stream;
#[cfg(feature = "images")]
pub(crate) mod text_to_image;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod throughput;
pub(crate) mod transport_event;

pub use conversation::{ChatRole, ChatTurn};
pub use destination::{check_bearer_destination, RefusalReason, RefusedDestination};
#[cfg(fuzzing)]
pub use error::classify_http_error;
pub use error::{ForbiddenReason, InferenceError};
pub use request::{
    chat_completions_url, ChatMessage, ChatRequest, DEFAULT_MODEL, DEFAULT_ROUTER_URL,
};
pub use status::{InferenceMetrics, InferenceStatus};
pub use stream::{StreamAssembler, Usage};
pub use transport_event::ChatTransportEvent;
pub use {
    model_choice::{search_models, ProviderChoice},
    models::{
        models_url, parse_model_list, ModelListError, ModelProvider, ProviderStatus, RouterModel,
    },
};

#[cfg(feature = "images")]
pub use text_to_image::{
    decode_image_answer, image_file_name, image_request, provider_mapping_url,
    resolve_image_provider, GeneratedImage, ImageProvider, ImageRequest, ImageRoute,
    DEFAULT_IMAGE_MODEL,
};

// The examples of the items above, as unit tests: the items are internal, so rustdoc
// cannot run them as doctests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod examples {
    #[test]
    fn module_example() {
        use crate::inference::{ChatMessage, ChatRequest, StreamAssembler, DEFAULT_MODEL};
        let body = ChatRequest::new(DEFAULT_MODEL, vec![ChatMessage::user("Hi")]).to_json();
        assert!(body.contains(r#""stream":true"#));

        let mut answer = StreamAssembler::new();
        answer
            .push(b"data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n")
            .unwrap();
        answer.push(b"data: [DONE]\n\n").unwrap();
        answer.finish().unwrap();
        assert_eq!(answer.text(), "Hello");
    }
}
