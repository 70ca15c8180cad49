//! The router's model list (`GET {router}/v1/models`), read into [`RouterModel`]s, and the
//! model id's provider suffix (`:fastest`, `:cheapest`, `:preferred`, `:<provider>`).
//!
//! The list is public: it is fetched without the visitor's token. Its shape, per model: `id`,
//! `owned_by`, `architecture.input_modalities` / `output_modalities`, and `providers[]`, each
//! with `provider`, `status` (`live`, `staging`, ...), `context_length`, `pricing.input` /
//! `pricing.output` (US dollars per million tokens), `supports_tools`,
//! `supports_structured_output`, and more this crate does not read.
//!
//! Reading is lenient below the top level, so that a newer router never empties the picker: a
//! model without a string `id` or a provider without a string name is skipped, an optional field
//! of an unexpected type reads as absent, unknown fields are ignored.

use crate::json::Json;

/// One model the router serves, with the providers that run it.
///
/// # Usage
/// ```
/// use yew_hf_oauth::parse_model_list;
/// let list = parse_model_list(r#"{"data":[{"id":"google/gemma-3-27b-it",
///     "architecture":{"input_modalities":["text","image"]},
///     "providers":[{"provider":"nebius","status":"live"}]}]}"#).unwrap();
/// assert_eq!(list[0].id, "google/gemma-3-27b-it");
/// assert!(list[0].accepts_images());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct RouterModel {
    /// The model's Hub id (`owner/name`), without a provider suffix.
    pub id: String,
    /// The organization or user that owns the model.
    pub owned_by: Option<String>,
    /// What the model reads (`text`, `image`, ...).
    pub input_modalities: Vec<String>,
    /// What the model writes (`text`, ...).
    pub output_modalities: Vec<String>,
    /// The providers that serve it, in the router's order.
    pub providers: Vec<ModelProvider>,
}

impl RouterModel {
    /// Whether the model reads images (a vision model).
    ///
    /// # Usage
    /// ```
    /// let list = yew_hf_oauth::parse_model_list(r#"{"data":[{"id":"a/b"}]}"#).unwrap();
    /// assert!(!list[0].accepts_images());
    /// ```
    pub fn accepts_images(&self) -> bool {
        self.input_modalities.iter().any(|m| m == "image")
    }

    /// Whether one of its providers supports tool calls.
    ///
    /// # Usage
    /// ```
    /// let list = yew_hf_oauth::parse_model_list(
    ///     r#"{"data":[{"id":"a/b","providers":[{"provider":"groq","supports_tools":true}]}]}"#,
    /// ).unwrap();
    /// assert!(list[0].supports_tools());
    /// ```
    pub fn supports_tools(&self) -> bool {
        self.providers
            .iter()
            .any(|p| p.supports_tools == Some(true))
    }

    /// The provider named `name`, if it serves the model.
    ///
    /// # Usage
    /// ```
    /// let list = yew_hf_oauth::parse_model_list(
    ///     r#"{"data":[{"id":"a/b","providers":[{"provider":"groq"}]}]}"#,
    /// ).unwrap();
    /// assert!(list[0].provider("groq").is_some());
    /// assert!(list[0].provider("novita").is_none());
    /// ```
    pub fn provider(&self, name: &str) -> Option<&ModelProvider> {
        self.providers.iter().find(|p| p.provider == name)
    }
}

/// One provider serving a [`RouterModel`].
///
/// # Usage
/// ```
/// let list = yew_hf_oauth::parse_model_list(r#"{"data":[{"id":"a/b","providers":[
///     {"provider":"groq","status":"live","context_length":131072,
///      "pricing":{"input":0.05,"output":0.08},"supports_tools":true}]}]}"#).unwrap();
/// let groq = &list[0].providers[0];
/// assert_eq!(groq.input_price, Some(0.05));
/// assert_eq!(groq.context_length, Some(131072));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ModelProvider {
    /// The provider's name, as the model id suffix spells it (`groq`, `fireworks-ai`, ...).
    pub provider: String,
    /// Whether it is live.
    pub status: ProviderStatus,
    /// The longest context it accepts, in tokens.
    pub context_length: Option<u64>,
    /// US dollars per million input tokens.
    pub input_price: Option<f64>,
    /// US dollars per million output tokens.
    pub output_price: Option<f64>,
    /// Whether it takes tool calls.
    pub supports_tools: Option<bool>,
    /// Whether it takes a JSON schema for the answer.
    pub supports_structured_output: Option<bool>,
}

/// A provider's status in the router's list.
///
/// # Usage
/// ```
/// use yew_hf_oauth::ProviderStatus;
/// assert_eq!(ProviderStatus::from_wire(Some("live")), ProviderStatus::Live);
/// assert_eq!(ProviderStatus::from_wire(Some("error")).label(), "error");
/// assert_eq!(ProviderStatus::from_wire(None), ProviderStatus::Unknown);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProviderStatus {
    /// In production.
    Live,
    /// Being tested; may fail.
    Staging,
    /// Another status the router names (for example `error`).
    Other(String),
    /// The router named none.
    #[default]
    Unknown,
}

impl ProviderStatus {
    /// The status as the router writes it (`None` when absent).
    pub fn from_wire(status: Option<&str>) -> Self {
        match status {
            Some("live") => Self::Live,
            Some("staging") => Self::Staging,
            Some(other) => Self::Other(other.to_owned()),
            None => Self::Unknown,
        }
    }

    /// A short word for people: `live`, `staging`, the other status, or `unknown`.
    pub fn label(&self) -> &str {
        match self {
            Self::Live => "live",
            Self::Staging => "staging",
            Self::Other(status) => status,
            Self::Unknown => "unknown",
        }
    }
}

/// Why the model list could not be read.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{parse_model_list, ModelListError};
/// assert_eq!(parse_model_list("<html>"), Err(ModelListError::Unreadable));
/// assert!(ModelListError::Status(404).message().contains("404"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelListError {
    /// No answer: offline, DNS, CORS (the browser's message).
    Network(String),
    /// The server answered with this non-2xx status.
    Status(u16),
    /// The answer is not a JSON object with a `data` array.
    Unreadable,
}

impl ModelListError {
    /// One sentence for people.
    pub fn message(&self) -> String {
        match self {
            Self::Network(detail) => format!("the server could not be reached ({detail})"),
            Self::Status(status) => format!("the server answered {status}"),
            Self::Unreadable => "the server's answer is not a model list".to_owned(),
        }
    }
}

/// Read the router's model list (the body of `GET {router}/v1/models`).
///
/// # Usage
/// ```
/// let list = yew_hf_oauth::parse_model_list(r#"{"object":"list","data":[]}"#).unwrap();
/// assert!(list.is_empty());
/// ```
pub fn parse_model_list(body: &str) -> Result<Vec<RouterModel>, ModelListError> {
    let data = Json::parse_object(body)
        .and_then(|list| list.array_field("data").ok().flatten())
        .ok_or(ModelListError::Unreadable)?;
    Ok(data.iter().filter_map(read_model).collect())
}

/// One entry of `data`; `None` without a string `id`.
fn read_model(json: &Json) -> Option<RouterModel> {
    let id = json.str_field("id").ok().flatten()?;
    let architecture = json.object_field("architecture").ok().flatten();
    let modalities = |key: &str| {
        architecture
            .as_ref()
            .and_then(|a| a.array_field(key).ok().flatten())
            .map(|items| items.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default()
    };
    Some(RouterModel {
        owned_by: json.str_field("owned_by").ok().flatten(),
        input_modalities: modalities("input_modalities"),
        output_modalities: modalities("output_modalities"),
        providers: json
            .array_field("providers")
            .ok()
            .flatten()
            .unwrap_or_default()
            .iter()
            .filter_map(read_provider)
            .collect(),
        id,
    })
}

/// One entry of a model's `providers`; `None` without a string `provider`.
fn read_provider(json: &Json) -> Option<ModelProvider> {
    let pricing = json.object_field("pricing").ok().flatten();
    let price = |key: &str| {
        pricing
            .as_ref()
            .and_then(|p| p.f64_field(key).ok().flatten())
            .filter(|n| n.is_finite() && *n >= 0.0)
    };
    Some(ModelProvider {
        provider: json.str_field("provider").ok().flatten()?,
        status: ProviderStatus::from_wire(json.str_field("status").ok().flatten().as_deref()),
        context_length: json.u64_field("context_length").ok().flatten(),
        input_price: price("input"),
        output_price: price("output"),
        supports_tools: json.bool_field("supports_tools").ok().flatten(),
        supports_structured_output: json.bool_field("supports_structured_output").ok().flatten(),
    })
}

/// The model list's URL under a router base URL, read the way the chat completions URL is:
/// trailing slashes ignored, a base ending in `/v1` or `/v1/chat/completions` not doubled, blank
/// means the Hugging Face router.
///
/// # Usage
/// ```
/// use yew_hf_oauth::models_url;
/// assert_eq!(models_url(""), "https://router.huggingface.co/v1/models");
/// assert_eq!(models_url("http://127.0.0.1:8080/v1/"), "http://127.0.0.1:8080/v1/models");
/// ```
pub fn models_url(router_base: &str) -> String {
    let chat = super::chat_completions_url(router_base);
    let base = chat.strip_suffix("/chat/completions").unwrap_or(&chat);
    format!("{base}/models")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The router's answer, in its recorded shape: fields this crate reads, fields it does not
    /// (`object`, `created`, `is_free`, `first_token_latency_ms`, `throughput`,
    /// `is_model_author`, a field no router has yet), and optional ones left out.
    pub(crate) const FIXTURE: &str = r#"{
      "object": "list",
      "data": [
        {
          "id": "deepseek-ai/DeepSeek-V3.2",
          "object": "model",
          "created": 1764547200,
          "owned_by": "deepseek-ai",
          "architecture": { "input_modalities": ["text"], "output_modalities": ["text"] },
          "providers": [
            {
              "provider": "novita", "status": "live", "context_length": 163840,
              "pricing": { "input": 0.27, "output": 0.4 }, "is_free": false,
              "supports_tools": true, "supports_structured_output": false,
              "first_token_latency_ms": 1490, "throughput": 24.69, "is_model_author": false
            },
            {
              "provider": "fireworks-ai", "status": "staging", "context_length": 131072,
              "supports_tools": true, "supports_structured_output": true,
              "future_field": { "nested": [1, 2, 3] }
            }
          ]
        },
        {
          "id": "Qwen/Qwen2.5-VL-7B-Instruct",
          "object": "model",
          "architecture": { "input_modalities": ["text", "image"], "output_modalities": ["text"] },
          "providers": [
            { "provider": "hyperbolic", "status": "error", "pricing": { "input": 0.2, "output": 0.2 } }
          ]
        },
        { "id": "meta-llama/Llama-3.1-8B-Instruct" }
      ]
    }"#;

    #[test]
    fn reads_the_recorded_shape() {
        let list = parse_model_list(FIXTURE).unwrap();
        let ids: Vec<&str> = list.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "deepseek-ai/DeepSeek-V3.2",
                "Qwen/Qwen2.5-VL-7B-Instruct",
                "meta-llama/Llama-3.1-8B-Instruct"
            ]
        );
        let deepseek = &list[0];
        assert_eq!(deepseek.owned_by.as_deref(), Some("deepseek-ai"));
        assert_eq!(deepseek.input_modalities, ["text"]);
        assert_eq!(deepseek.output_modalities, ["text"]);
        assert_eq!(
            deepseek.providers[0],
            ModelProvider {
                provider: "novita".into(),
                status: ProviderStatus::Live,
                context_length: Some(163_840),
                input_price: Some(0.27),
                output_price: Some(0.4),
                supports_tools: Some(true),
                supports_structured_output: Some(false),
            }
        );
        let fireworks = &deepseek.providers[1];
        assert_eq!(fireworks.status, ProviderStatus::Staging);
        assert_eq!(
            (fireworks.input_price, fireworks.output_price),
            (None, None)
        );
        assert_eq!(fireworks.supports_structured_output, Some(true));
        assert!(deepseek.supports_tools() && !deepseek.accepts_images());

        let qwen = &list[1];
        assert!(qwen.accepts_images() && !qwen.supports_tools());
        assert_eq!(qwen.owned_by, None);
        assert_eq!(
            qwen.providers[0].status,
            ProviderStatus::Other("error".into())
        );
        assert_eq!(qwen.providers[0].context_length, None);

        // Everything optional missing.
        let llama = &list[2];
        assert!(llama.providers.is_empty() && llama.input_modalities.is_empty());
    }

    #[test]
    fn unexpected_types_read_as_absent_and_nameless_entries_are_skipped() {
        let list = parse_model_list(
            r#"{"data": [
                {"id": 42},
                {"owned_by": "nobody"},
                "not an object",
                null,
                {"id": "a/b", "owned_by": 7, "architecture": {"input_modalities": "image"},
                 "providers": [
                    {"status": "live"},
                    {"provider": 3},
                    {"provider": "p", "status": 1, "context_length": -5,
                     "pricing": {"input": "cheap", "output": -1}, "supports_tools": "yes"},
                    {"provider": "q", "context_length": 4096.5, "pricing": [1, 2]}
                 ]},
                {"id": "c/d", "providers": {"provider": "x"}, "architecture": []}
            ]}"#,
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        let ab = &list[0];
        assert_eq!(ab.id, "a/b");
        assert_eq!(ab.owned_by, None);
        assert!(ab.input_modalities.is_empty());
        let names: Vec<&str> = ab.providers.iter().map(|p| p.provider.as_str()).collect();
        assert_eq!(names, ["p", "q"]);
        assert_eq!(
            ab.providers[0],
            ModelProvider {
                provider: "p".into(),
                ..ModelProvider::default()
            }
        );
        assert_eq!(ab.providers[1].context_length, None);
        assert_eq!(list[1].id, "c/d");
        assert!(list[1].providers.is_empty());
    }

    #[test]
    fn garbage_is_unreadable() {
        for body in [
            "",
            "<!doctype html><title>Bad gateway</title>",
            "[]",
            "null",
            "{}",
            r#"{"data": null}"#,
            r#"{"data": {"id": "a/b"}}"#,
            r#"{"data": "a/b"}"#,
            r#"{"data": [{"id": "a/b"}"#,
        ] {
            assert_eq!(
                parse_model_list(body),
                Err(ModelListError::Unreadable),
                "{body}"
            );
        }
        assert_eq!(parse_model_list(r#"{"data": []}"#), Ok(vec![]));
    }

    #[test]
    fn the_list_lives_beside_chat_completions() {
        for (base, expected) in [
            ("", "https://router.huggingface.co/v1/models"),
            (
                "https://router.huggingface.co",
                "https://router.huggingface.co/v1/models",
            ),
            (
                "https://router.huggingface.co/v1/",
                "https://router.huggingface.co/v1/models",
            ),
            (
                "http://127.0.0.1:8080/v1/chat/completions",
                "http://127.0.0.1:8080/v1/models",
            ),
        ] {
            assert_eq!(models_url(base), expected, "{base}");
        }
    }
}
