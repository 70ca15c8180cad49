//! The generation core: one request's transport events in, updates out. It owns the status,
//! the timings, the error body and the partial answer; a [`Decoder`] reads the answer itself.
//! Pure: the caller passes the clock, and performs what the updates say (paint, abort).

use super::decoder::Decoder;
use super::error::{classify_http_error, InferenceError};
use super::status::{InferenceMetrics, InferenceStatus};
use super::transport_event::ChatTransportEvent;

/// Error bodies are kept up to this many bytes.
pub(crate) const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// What one event changed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum GenerationUpdate {
    /// Nothing to show.
    Nothing,
    /// The answer grew; `first` when this is its first text (the status is now
    /// [`InferenceStatus::Streaming`]).
    Grew {
        /// The first text of the answer.
        first: bool,
    },
    /// The generation is over: show `outcome`. With `abort`, the transport has not ended by
    /// itself and must be cancelled (the stream failed in the middle).
    Ended {
        /// The final status and timings.
        outcome: Outcome,
        /// Cancel the transport.
        abort: bool,
    },
}

/// How a generation ended.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Outcome {
    /// [`InferenceStatus::Done`], [`InferenceStatus::Stopped`] or [`InferenceStatus::Failed`].
    pub status: InferenceStatus,
    /// Its timings.
    pub metrics: InferenceMetrics,
}

/// One request, from the moment it is sent to its end.
pub(crate) struct Generation<D> {
    decoder: D,
    /// The model asked (named in error messages).
    model: String,
    http_status: Option<u16>,
    retry_after: Option<String>,
    error_body: Vec<u8>,
    started_ms: f64,
    first_token_ms: Option<f64>,
    deltas: u64,
    ended: bool,
}

impl<D: Decoder> Generation<D> {
    /// A request to `model` sent at `now_ms`, its answer read by `decoder`.
    pub fn new(decoder: D, model: impl Into<String>, now_ms: f64) -> Self {
        Self {
            decoder,
            model: model.into(),
            http_status: None,
            retry_after: None,
            error_body: Vec::new(),
            started_ms: now_ms,
            first_token_ms: None,
            deltas: 0,
            ended: false,
        }
    }

    /// The answer so far (kept after a stop or a failure).
    pub fn text(&self) -> &str {
        self.decoder.text()
    }

    /// Whether the generation is over; every later event is ignored.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// Take the transport's next event, received at `now_ms`.
    pub fn on_event(&mut self, event: ChatTransportEvent, now_ms: f64) -> GenerationUpdate {
        if self.ended {
            return GenerationUpdate::Nothing;
        }
        match event {
            ChatTransportEvent::Head {
                status,
                retry_after,
            } => {
                self.http_status = Some(status);
                self.retry_after = retry_after;
                GenerationUpdate::Nothing
            }
            ChatTransportEvent::Chunk(bytes) if self.is_error_status() => {
                let room = MAX_ERROR_BODY_BYTES.saturating_sub(self.error_body.len());
                self.error_body
                    .extend_from_slice(&bytes[..bytes.len().min(room)]);
                GenerationUpdate::Nothing
            }
            ChatTransportEvent::Chunk(bytes) => match self.decoder.push(&bytes) {
                Ok(0) => GenerationUpdate::Nothing,
                Ok(deltas) => {
                    self.deltas += deltas;
                    let first = self.first_token_ms.is_none();
                    if first {
                        self.first_token_ms = Some(now_ms);
                    }
                    GenerationUpdate::Grew { first }
                }
                Err(error) => self.end(InferenceStatus::Failed(error), now_ms, true),
            },
            ChatTransportEvent::End => {
                let status = match self.http_status {
                    Some(status) if status >= 400 => {
                        let body = String::from_utf8_lossy(&self.error_body);
                        InferenceStatus::Failed(classify_http_error(
                            status,
                            &body,
                            self.retry_after.as_deref(),
                            &self.model,
                        ))
                    }
                    _ => match self.decoder.finish() {
                        Ok(()) => InferenceStatus::Done,
                        Err(error) => InferenceStatus::Failed(error),
                    },
                };
                self.end(status, now_ms, false)
            }
            ChatTransportEvent::Failed(message) => self.end(
                InferenceStatus::Failed(InferenceError::Network(message)),
                now_ms,
                false,
            ),
        }
    }

    /// The visitor stopped it at `now_ms`: the partial answer is kept. `None` when it had
    /// already ended.
    pub fn stop(&mut self, now_ms: f64) -> Option<Outcome> {
        match self.end(InferenceStatus::Stopped, now_ms, true) {
            GenerationUpdate::Ended { outcome, .. } => Some(outcome),
            _ => None,
        }
    }

    fn is_error_status(&self) -> bool {
        self.http_status.is_some_and(|status| status >= 400)
    }

    fn end(&mut self, status: InferenceStatus, now_ms: f64, abort: bool) -> GenerationUpdate {
        if self.ended {
            return GenerationUpdate::Nothing;
        }
        self.ended = true;
        self.error_body = Vec::new();
        GenerationUpdate::Ended {
            outcome: Outcome {
                status,
                metrics: self.metrics(now_ms),
            },
            abort,
        }
    }

    /// The timings at `now_ms`.
    fn metrics(&self, now_ms: f64) -> InferenceMetrics {
        let usage = self.decoder.usage();
        let tokens = usage
            .map(|u| u.completion_tokens)
            .filter(|&n| n > 0)
            .unwrap_or(self.deltas);
        let tokens_per_second = self.first_token_ms.and_then(|first| {
            let seconds = (now_ms - first) / 1000.0;
            (seconds > 0.0 && tokens > 1).then(|| (tokens - 1) as f64 / seconds)
        });
        InferenceMetrics {
            time_to_first_token_ms: self.first_token_ms.map(|t| t - self.started_ms),
            total_ms: now_ms - self.started_ms,
            tokens,
            tokens_per_second,
            usage,
            finish_reason: self.decoder.finish_reason().map(str::to_owned),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "generation_tests.rs"]
mod tests;
