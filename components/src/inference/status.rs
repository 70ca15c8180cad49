//! Where a generation stands and how long it took: what the generation core
//! ([`super::generation::Generation`]) reports and the hooks show.

use super::error::InferenceError;
use super::stream::Usage;

/// Where a generation stands.
///
/// # Usage
/// ```
/// use yew_hf_oauth::InferenceStatus;
/// assert!(InferenceStatus::Streaming.is_running());
/// assert!(!InferenceStatus::Stopped.is_running());
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
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
///
/// # Usage
/// ```
/// use yew_hf_oauth::InferenceMetrics;
/// let metrics = InferenceMetrics { tokens: 42, ..Default::default() };
/// assert_eq!(metrics.tokens, 42);
/// ```
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
