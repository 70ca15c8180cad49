//! The chat completion request sent to Hugging Face's OpenAI-compatible router.

use serde::{Deserialize, Serialize};

/// Base URL of Hugging Face's inference router, used when no other router is configured.
pub const DEFAULT_ROUTER_URL: &str = "https://router.huggingface.co";

/// The model asked when none is configured: small, and served by the router's providers.
pub const DEFAULT_MODEL: &str = "google/gemma-2-2b-it";

/// One message of a conversation, as the OpenAI chat API spells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// Who speaks: `system`, `user` or `assistant`.
    pub role: String,
    /// What is said, as plain text.
    pub content: String,
}

impl ChatMessage {
    /// A message with any role.
    pub fn new(role: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            role: role.into(),
            content: content.into(),
        }
    }

    /// A message from the visitor.
    pub fn user(content: impl Into<String>) -> Self {
        Self::new("user", content)
    }

    /// Instructions for the model, usually first in the conversation.
    pub fn system(content: impl Into<String>) -> Self {
        Self::new("system", content)
    }

    /// An earlier answer of the model, to continue a conversation.
    pub fn assistant(content: impl Into<String>) -> Self {
        Self::new("assistant", content)
    }
}

/// A chat completion request: `POST {router}/v1/chat/completions` with [`to_json`] as the body.
///
/// Streams by default (`stream: true`); the model string is sent untouched, so provider
/// suffixes such as `:together`, `:fastest` or `:cheapest` pass through.
///
/// [`to_json`]: ChatRequest::to_json
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ChatRequest {
    /// Model id, optionally with a provider suffix (`meta-llama/Llama-3.1-8B-Instruct:fastest`).
    pub model: String,
    /// The conversation so far, oldest first.
    pub messages: Vec<ChatMessage>,
    /// Upper bound on generated tokens; omitted from the JSON when `None`.
    pub max_tokens: Option<u32>,
    /// Sampling temperature; omitted from the JSON when `None` or not finite.
    pub temperature: Option<f32>,
    /// Ask for a `text/event-stream` answer. `true` unless changed.
    pub stream: bool,
}

/// The JSON body, borrowing from a [`ChatRequest`].
#[derive(Serialize)]
struct Wire<'a> {
    model: &'a str,
    messages: &'a [ChatMessage],
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f32>,
    stream: bool,
}

impl ChatRequest {
    /// A streaming request for `model` with these messages, no token limit and the model's
    /// default temperature.
    pub fn new(model: impl Into<String>, messages: Vec<ChatMessage>) -> Self {
        Self {
            model: model.into(),
            messages,
            max_tokens: None,
            temperature: None,
            stream: true,
        }
    }

    /// Limit the answer to `max_tokens` tokens.
    pub fn with_max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = Some(max_tokens);
        self
    }

    /// Set the sampling temperature (0 is near-deterministic; 0.7 is a common choice).
    pub fn with_temperature(mut self, temperature: f32) -> Self {
        self.temperature = Some(temperature);
        self
    }

    /// Ask for a streamed (`true`) or a single JSON (`false`) answer.
    #[cfg(test)]
    pub fn with_stream(mut self, stream: bool) -> Self {
        self.stream = stream;
        self
    }

    /// The request body as compact JSON. `None` fields are left out.
    pub fn to_json(&self) -> String {
        let wire = Wire {
            model: &self.model,
            messages: &self.messages,
            max_tokens: self.max_tokens,
            temperature: self.temperature.filter(|t| t.is_finite()),
            stream: self.stream,
        };
        // Serializing strings, integers and finite floats into a String cannot fail.
        serde_json::to_string(&wire).unwrap_or_default()
    }
}

/// The chat completions endpoint under a router base URL.
///
/// Trailing slashes are ignored, a base that already ends in `/v1` (or in the full
/// `/v1/chat/completions` path) is not doubled, and a blank base means [`DEFAULT_ROUTER_URL`].
pub fn chat_completions_url(router_base: &str) -> String {
    let mut base = router_base.trim().trim_end_matches('/');
    if base.is_empty() {
        base = DEFAULT_ROUTER_URL;
    }
    if base.ends_with("/v1/chat/completions") {
        base.to_owned()
    } else if base.ends_with("/v1") {
        format!("{base}/chat/completions")
    } else {
        format!("{base}/v1/chat/completions")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn parsed(request: &ChatRequest) -> Value {
        serde_json::from_str(&request.to_json()).unwrap()
    }

    #[test]
    fn constructors_set_roles() {
        assert_eq!(ChatMessage::user("a").role, "user");
        assert_eq!(ChatMessage::system("b").role, "system");
        assert_eq!(ChatMessage::assistant("c").role, "assistant");
        assert_eq!(ChatMessage::new("tool", "d").role, "tool");
        assert_eq!(ChatMessage::assistant("c").content, "c");
    }

    #[test]
    fn minimal_request_omits_none_fields_and_streams() {
        let request = ChatRequest::new(DEFAULT_MODEL, vec![ChatMessage::user("Hello")]);
        assert!(request.stream);
        assert_eq!(
            parsed(&request),
            json!({
                "model": "google/gemma-2-2b-it",
                "messages": [{"role": "user", "content": "Hello"}],
                "stream": true
            })
        );
        assert!(!request.to_json().contains("max_tokens"));
        assert!(!request.to_json().contains("temperature"));
    }

    #[test]
    fn full_request_shape() {
        let request = ChatRequest::new(
            "meta-llama/Llama-3.1-8B-Instruct:cerebras",
            vec![
                ChatMessage::system("Be brief."),
                ChatMessage::user("Hi"),
                ChatMessage::assistant("Hello!"),
                ChatMessage::user("How are you?"),
            ],
        )
        .with_max_tokens(512)
        .with_temperature(0.2)
        .with_stream(false);
        assert_eq!(
            parsed(&request),
            json!({
                "model": "meta-llama/Llama-3.1-8B-Instruct:cerebras",
                "messages": [
                    {"role": "system", "content": "Be brief."},
                    {"role": "user", "content": "Hi"},
                    {"role": "assistant", "content": "Hello!"},
                    {"role": "user", "content": "How are you?"}
                ],
                "max_tokens": 512,
                "temperature": 0.2,
                "stream": false
            })
        );
        // f32 is written in its shortest form, not as 0.20000000298023224.
        assert!(request.to_json().contains(r#""temperature":0.2,"#));
    }

    #[test]
    fn model_suffixes_pass_through_untouched() {
        for model in [
            "google/gemma-2-2b-it:fastest",
            "google/gemma-2-2b-it:cheapest",
            "deepseek-ai/DeepSeek-R1:novita",
            "  odd model  ",
        ] {
            let request = ChatRequest::new(model, vec![]);
            assert_eq!(parsed(&request)["model"], model);
        }
    }

    #[test]
    fn content_is_escaped() {
        let request = ChatRequest::new(
            "m",
            vec![ChatMessage::user(
                "quote \" backslash \\ newline \n 🤗 </script>",
            )],
        );
        let value = parsed(&request);
        assert_eq!(
            value["messages"][0]["content"],
            "quote \" backslash \\ newline \n 🤗 </script>"
        );
    }

    #[test]
    fn non_finite_temperature_is_omitted() {
        let request = ChatRequest::new("m", vec![]).with_temperature(f32::NAN);
        assert!(!request.to_json().contains("temperature"));
        let request = ChatRequest::new("m", vec![]).with_temperature(f32::INFINITY);
        assert!(!request.to_json().contains("temperature"));
        let request = ChatRequest::new("m", vec![]).with_temperature(0.0);
        assert_eq!(parsed(&request)["temperature"], 0.0);
    }

    #[test]
    fn messages_round_trip_through_serde() {
        let message = ChatMessage::user("hé");
        let text = serde_json::to_string(&message).unwrap();
        assert_eq!(text, r#"{"role":"user","content":"hé"}"#);
        assert_eq!(serde_json::from_str::<ChatMessage>(&text).unwrap(), message);
    }

    #[test]
    fn completions_url_variants() {
        let expected = "https://router.huggingface.co/v1/chat/completions";
        for base in [
            "https://router.huggingface.co",
            "https://router.huggingface.co/",
            "https://router.huggingface.co//",
            " https://router.huggingface.co ",
            "https://router.huggingface.co/v1",
            "https://router.huggingface.co/v1/",
            "https://router.huggingface.co/v1/chat/completions",
            DEFAULT_ROUTER_URL,
            "",
            "   ",
        ] {
            assert_eq!(chat_completions_url(base), expected, "base {base:?}");
        }
        assert_eq!(
            chat_completions_url("http://localhost:8080/proxy"),
            "http://localhost:8080/proxy/v1/chat/completions"
        );
        assert_eq!(
            chat_completions_url("http://localhost:8080/v1beta"),
            "http://localhost:8080/v1beta/v1/chat/completions"
        );
    }
}

// The examples of the items above, as unit tests: the items are internal, so rustdoc
// cannot run them as doctests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod examples {
    #[test]
    fn chat_message_example() {
        use crate::inference::request::ChatMessage;
        let message = ChatMessage::user("Hello!");
        assert_eq!(message.role, "user");
        assert_eq!(message.content, "Hello!");
    }
    #[test]
    fn chat_request_example() {
        use crate::inference::request::{ChatMessage, ChatRequest, DEFAULT_MODEL};
        let request = ChatRequest::new(DEFAULT_MODEL, vec![ChatMessage::user("Hi")])
            .with_max_tokens(256)
            .with_temperature(0.7);
        assert_eq!(
            request.to_json(),
            r#"{"model":"google/gemma-2-2b-it","messages":[{"role":"user","content":"Hi"}],"max_tokens":256,"temperature":0.7,"stream":true}"#
        );
    }
    #[test]
    fn chat_completions_url_example() {
        use crate::inference::request::chat_completions_url;
        assert_eq!(
            chat_completions_url("https://router.huggingface.co/"),
            "https://router.huggingface.co/v1/chat/completions"
        );
        assert_eq!(
            chat_completions_url("http://127.0.0.1:8080/v1"),
            "http://127.0.0.1:8080/v1/chat/completions"
        );
    }
}
