//! Decoders: what turns a successful answer's body into the task's result, one per task. The
//! generation core ([`super::generation::Generation`]) feeds them the body and owns everything
//! else (status, timings, error bodies).

use super::error::InferenceError;
use super::stream::{StreamAssembler, Usage};

/// Reads the body of a successful (2xx) answer, chunk by chunk.
///
/// The chat stream ([`StreamAssembler`]: Server-Sent Events, or a whole `chat.completion`
/// JSON when the server ignored `stream: true`) is the one decoder today; a task with another
/// kind of answer (image bytes, say) plugs in its own.
pub(crate) trait Decoder {
    /// Read the next chunk; how many pieces of the answer (text deltas) it added. An error
    /// ends the generation; what was read before it is kept.
    fn push(&mut self, bytes: &[u8]) -> Result<u64, InferenceError>;
    /// The body ended: `Ok` when the answer is complete.
    fn finish(&mut self) -> Result<(), InferenceError>;
    /// The answer so far, as text.
    fn text(&self) -> &str;
    /// Token counts, when the server reported them.
    fn usage(&self) -> Option<Usage>;
    /// Why the model stopped, when the server said.
    fn finish_reason(&self) -> Option<&str>;
}

impl Decoder for StreamAssembler {
    fn push(&mut self, bytes: &[u8]) -> Result<u64, InferenceError> {
        self.push_counting(bytes)
    }

    fn finish(&mut self) -> Result<(), InferenceError> {
        StreamAssembler::finish(self)
    }

    fn text(&self) -> &str {
        StreamAssembler::text(self)
    }

    fn usage(&self) -> Option<Usage> {
        StreamAssembler::usage(self)
    }

    fn finish_reason(&self) -> Option<&str> {
        StreamAssembler::finish_reason(self)
    }
}
