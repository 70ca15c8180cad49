//! The options of [`super::use_inference`] and [`super::use_chat`]: model, server, sampling,
//! transport, billing and the hosts trusted with the visitor's token.

use crate::browser::chat_transport::SharedChatTransport;
use crate::browser::page;
use crate::inference::{DEFAULT_MODEL, DEFAULT_ROUTER_URL};

/// Options of [`use_inference`](crate::use_inference), [`use_chat`](crate::use_chat) and
/// [`InferencePanel`](crate::InferencePanel). Missing values come from the page, then the
/// defaults.
///
/// # Usage
/// ```
/// use yew_hf_oauth::UseInferenceOptions;
/// let options = UseInferenceOptions::default()
///     .with_model("Qwen/Qwen2.5-7B-Instruct:cheapest")
///     .with_max_tokens(256);
/// assert_eq!(options.max_tokens, Some(256));
/// ```
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
