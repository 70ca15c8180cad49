//! What a transport reports while a request runs: the input of the generation core
//! ([`super::generation::Generation`]). Plain data: no web API here.

/// What a transport reports while a request runs, in this order: one `Head`, any number of
/// `Chunk`s, then `End` — or `Failed` at any point.
///
/// # Usage
/// ```
/// use yew_hf_oauth::ChatTransportEvent;
/// let events = [
///     ChatTransportEvent::Head { status: 200, retry_after: None },
///     ChatTransportEvent::Chunk(b"data: [DONE]\n\n".to_vec()),
///     ChatTransportEvent::End,
/// ];
/// assert!(matches!(events[0], ChatTransportEvent::Head { status: 200, .. }));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum ChatTransportEvent {
    /// The response's status and `Retry-After` header.
    Head {
        /// HTTP status code.
        status: u16,
        /// The `Retry-After` header, if any.
        retry_after: Option<String>,
    },
    /// Bytes of the body, as they arrived.
    Chunk(Vec<u8>),
    /// The body ended.
    End,
    /// No answer: offline, DNS, CORS, or the body broke off.
    Failed(String),
}
