//! An incremental Server-Sent Events parser, following the WHATWG `EventSource` parsing rules
//! (<https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation>).
//!
//! Bytes go in as they arrive, in chunks of any size; whole events come out. Lines end with
//! LF, CRLF or CR (a CRLF split across two chunks counts once). Each complete line is decoded
//! on its own, so a multi-byte character split across chunks is never broken, and invalid
//! UTF-8 becomes U+FFFD instead of an error. A leading byte order mark is skipped.

use std::fmt;

/// Default limit on one line and on one event's data, in bytes (1 MiB).
pub const DEFAULT_MAX_LINE_BYTES: usize = 1024 * 1024;

/// One dispatched event, owned (the tests' and the fuzz targets' view of the stream).
#[cfg(any(test, fuzzing))]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field, or `None` when absent or empty (an `EventSource` calls it `message`).
    pub event: Option<String>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
    /// The last event ID seen in the stream so far (like `EventSource.lastEventId`, it carries
    /// over to later events), or `None` if none was set or it was reset to empty.
    pub id: Option<String>,
}

/// An event as the parser hands it to [`SseParser::push_each`]: borrowed from its buffers, so
/// reading it costs no allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EventRef<'a> {
    /// The `event:` field, or `None` when absent or empty.
    pub event: Option<&'a str>,
    /// The `data:` lines, joined with `\n`.
    pub data: &'a str,
    /// The last event ID seen in the stream so far, or `None`.
    pub id: Option<&'a str>,
}

impl EventRef<'_> {
    /// The event, owned.
    #[cfg(any(test, fuzzing))]
    pub fn to_owned(self) -> SseEvent {
        SseEvent {
            event: self.event.map(str::to_owned),
            data: self.data.to_owned(),
            id: self.id.map(str::to_owned),
        }
    }
}

/// What the parser calls with each event it completes.
pub(crate) type OnEvent<'f> = &'f mut dyn FnMut(EventRef<'_>);

/// The parser gave up on the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SseError {
    /// A line, or one event's data, grew past the limit without ending.
    TooLong {
        /// The limit in bytes.
        limit: usize,
    },
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong { limit } => {
                write!(f, "an SSE line or event is longer than {limit} bytes")
            }
        }
    }
}

impl std::error::Error for SseError {}

/// An incremental Server-Sent Events parser.
///
/// Memory is bounded: a line (or an event's data) longer than the limit
/// ([`DEFAULT_MAX_LINE_BYTES`] unless set with [`with_max_line_bytes`](Self::with_max_line_bytes))
/// stops the parser. From then on [`error`](Self::error) returns the reason and further input
/// is ignored; events completed before the failure are still returned.
#[derive(Clone, Debug)]
pub struct SseParser {
    /// Bytes of the line in progress (no line terminator).
    line: Vec<u8>,
    /// The previous chunk ended with CR: a LF at the start of the next chunk belongs to it.
    after_cr: bool,
    /// No line has been completed yet, so a byte order mark may still lead the line.
    at_stream_start: bool,
    data: String,
    has_data: bool,
    event_type: String,
    last_event_id: String,
    retry_ms: Option<u64>,
    max_line_bytes: usize,
    error: Option<SseError>,
    truncated: bool,
}

impl Default for SseParser {
    fn default() -> Self {
        Self::new()
    }
}

impl SseParser {
    /// A parser for a new stream, with the default 1 MiB line limit.
    pub fn new() -> Self {
        Self {
            line: Vec::new(),
            after_cr: false,
            at_stream_start: true,
            data: String::new(),
            has_data: false,
            event_type: String::new(),
            last_event_id: String::new(),
            retry_ms: None,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            error: None,
            truncated: false,
        }
    }

    /// Use another limit (in bytes) for one line and for one event's data.
    pub fn with_max_line_bytes(mut self, max_line_bytes: usize) -> Self {
        self.max_line_bytes = max_line_bytes;
        self
    }

    /// Feed the next chunk of the stream; returns the events it completed, in order.
    ///
    /// After a failure (see [`error`](Self::error)) input is ignored and nothing is returned.
    #[must_use = "the returned events are the parsed stream"]
    #[cfg(any(test, fuzzing))]
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        let mut events = Vec::new();
        self.push_each(bytes, &mut |event| events.push(event.to_owned()));
        events
    }

    /// [`push`](Self::push), handing each event to `on_event` as it completes instead of
    /// collecting them.
    pub(crate) fn push_each(&mut self, mut bytes: &[u8], on_event: OnEvent<'_>) {
        self.truncated = false;
        if self.error.is_some() {
            return;
        }
        if self.after_cr && !bytes.is_empty() {
            self.after_cr = false;
            if bytes[0] == b'\n' {
                bytes = &bytes[1..];
            }
        }
        while let Some(end) = bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            if self.line.len() + end > self.max_line_bytes {
                self.fail();
                return;
            }
            self.line.extend_from_slice(&bytes[..end]);
            self.take_line(on_event);
            if self.error.is_some() {
                return;
            }
            let is_cr = bytes[end] == b'\r';
            bytes = &bytes[end + 1..];
            if is_cr {
                match bytes.first() {
                    Some(b'\n') => bytes = &bytes[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        if self.line.len() + bytes.len() > self.max_line_bytes {
            self.fail();
            return;
        }
        self.line.extend_from_slice(bytes);
    }

    /// The stream has ended: returns the last event if it was not closed by a blank line.
    ///
    /// The WHATWG rules discard such an unfinished event; this parser dispatches it when it has
    /// data, because some servers omit the final blank line, and then
    /// [`truncated`](Self::truncated) is `true`. An unterminated last line is parsed as a line
    /// first. Afterwards the parser is ready for a new stream.
    #[must_use = "the returned events are the end of the parsed stream"]
    #[cfg(any(test, fuzzing))]
    pub fn finish(&mut self) -> Vec<SseEvent> {
        let mut events = Vec::new();
        self.finish_each(&mut |event| events.push(event.to_owned()));
        events
    }

    /// [`finish`](Self::finish), handing the last event (if any) to `on_event`.
    pub(crate) fn finish_each(&mut self, on_event: OnEvent<'_>) {
        if self.error.is_none() {
            let had_partial = !self.line.is_empty() || self.has_data;
            if !self.line.is_empty() {
                // Not blank (or only a byte order mark, before any data): it dispatches nothing.
                self.take_line(on_event);
            }
            // `dispatch` emits an event exactly when there is data.
            let dispatched = self.error.is_none() && self.has_data;
            if self.error.is_none() {
                self.dispatch(on_event);
            }
            self.truncated = had_partial && dispatched;
        }
        let (truncated, limit) = (self.truncated, self.max_line_bytes);
        *self = Self::new().with_max_line_bytes(limit);
        self.truncated = truncated;
    }

    /// Whether the last [`finish`](Self::finish) returned an event that the stream did not close
    /// with a blank line (a spec-strict parser would have dropped it).
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// Why the parser stopped, if it did.
    pub fn error(&self) -> Option<&SseError> {
        self.error.as_ref()
    }

    /// The reconnection time from the last valid `retry:` field, in milliseconds.
    #[cfg(any(test, fuzzing))]
    pub fn retry_ms(&self) -> Option<u64> {
        self.retry_ms
    }

    fn fail(&mut self) {
        self.error = Some(SseError::TooLong {
            limit: self.max_line_bytes,
        });
        self.line = Vec::new();
        self.data = String::new();
        self.has_data = false;
    }

    /// Interpret the completed line held in `self.line`, then clear it.
    fn take_line(&mut self, on_event: OnEvent<'_>) {
        // Taken out of `self` while read, and put back (cleared) to keep its capacity: a line
        // costs no allocation.
        let mut line = std::mem::take(&mut self.line);
        self.read_line(&line, on_event);
        if self.error.is_none() {
            line.clear();
            self.line = line;
        }
    }

    /// Interpret one complete line (no terminator).
    fn read_line(&mut self, line: &[u8], on_event: OnEvent<'_>) {
        let mut bytes = line;
        if self.at_stream_start {
            self.at_stream_start = false;
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if bytes.is_empty() {
            self.dispatch(on_event);
            return;
        }
        let text = String::from_utf8_lossy(bytes);
        if text.starts_with(':') {
            return; // comment
        }
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*text, ""),
        };
        match field {
            "event" => self.event_type = value.to_owned(),
            "data" => {
                if self.data.len() + value.len() + 1 > self.max_line_bytes {
                    self.fail();
                    return;
                }
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.last_event_id = value.to_owned(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry_ms = value.parse().ok().or(self.retry_ms);
            }
            _ => {} // unknown fields are ignored
        }
    }

    /// End of an event (blank line): emit it if it has data, and reset the event buffers
    /// (keeping their capacity).
    fn dispatch(&mut self, on_event: OnEvent<'_>) {
        if self.has_data {
            self.has_data = false;
            on_event(EventRef {
                event: (!self.event_type.is_empty()).then_some(self.event_type.as_str()),
                // Without the '\n' after the last data line.
                data: &self.data[..self.data.len() - 1],
                id: (!self.last_event_id.is_empty()).then_some(self.last_event_id.as_str()),
            });
            self.data.clear();
        }
        self.event_type.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_event(data: &str) -> SseEvent {
        SseEvent {
            data: data.into(),
            ..SseEvent::default()
        }
    }

    /// Parse a whole stream in one push, then finish.
    fn parse_all(input: &[u8]) -> Vec<SseEvent> {
        let mut parser = SseParser::new();
        let mut events = parser.push(input);
        events.extend(parser.finish());
        events
    }

    /// Parse a stream split into two chunks at every position, and byte by byte; every way
    /// must give the same events as one push.
    fn assert_split_invariant(input: &[u8]) -> Vec<SseEvent> {
        let whole = parse_all(input);
        for cut in 0..=input.len() {
            let mut parser = SseParser::new();
            let mut events = parser.push(&input[..cut]);
            events.extend(parser.push(&input[cut..]));
            events.extend(parser.finish());
            assert_eq!(events, whole, "split at {cut}");
        }
        let mut parser = SseParser::new();
        let mut events = Vec::new();
        for byte in input {
            events.extend(parser.push(std::slice::from_ref(byte)));
        }
        events.extend(parser.finish());
        assert_eq!(events, whole, "byte by byte");
        whole
    }

    #[test]
    fn simple_events_lf_crlf_cr() {
        for input in [
            &b"data: one\n\ndata: two\n\n"[..],
            b"data: one\r\n\r\ndata: two\r\n\r\n",
            b"data: one\r\rdata: two\r\r",
            b"data: one\r\n\ndata: two\n\r\n",
        ] {
            let events = assert_split_invariant(input);
            assert_eq!(events, vec![data_event("one"), data_event("two")]);
        }
    }

    #[test]
    fn crlf_split_across_pushes_counts_once() {
        let mut parser = SseParser::new();
        assert!(parser.push(b"data: a\r").is_empty());
        // If the LF were a second line end, this would dispatch an event right now.
        assert!(parser.push(b"\n").is_empty());
        assert!(parser.push(b"data: b\r").is_empty());
        assert_eq!(parser.push(b"\n\r\n"), vec![data_event("a\nb")]);
    }

    #[test]
    fn cr_then_other_byte_in_next_push() {
        let mut parser = SseParser::new();
        assert!(parser.push(b"data: a\r").is_empty());
        assert_eq!(
            parser.push(b"\rdata: b\n\n"),
            vec![data_event("a"), data_event("b")]
        );
    }

    #[test]
    fn comments_are_ignored() {
        let events = assert_split_invariant(b": keep-alive\n\n:\n: another\ndata: x\n: mid\n\n");
        assert_eq!(events, vec![data_event("x")]);
    }

    #[test]
    fn multi_line_data_is_joined_with_newline() {
        let events =
            assert_split_invariant(b"data: first\ndata:second\ndata\ndata:  two spaces\n\n");
        assert_eq!(events, vec![data_event("first\nsecond\n\n two spaces")]);
    }

    #[test]
    fn field_without_colon_and_space_rules() {
        // `data` alone is an empty data line; only one leading space is stripped; a colon in
        // the value stays.
        let events = parse_all(b"data\n\ndata:no space\n\ndata: a: b\n\ndata:   x\n\n");
        assert_eq!(
            events,
            vec![
                data_event(""),
                data_event("no space"),
                data_event("a: b"),
                data_event("  x"),
            ]
        );
    }

    #[test]
    fn event_without_data_is_not_dispatched() {
        let events = parse_all(b"event: ping\n\nid: 7\n\n\n\ndata: x\n\n");
        // The `event:` of the empty event does not leak into the next one.
        assert_eq!(
            events,
            vec![SseEvent {
                event: None,
                data: "x".into(),
                id: Some("7".into())
            }]
        );
    }

    #[test]
    fn event_type_and_id() {
        let events = assert_split_invariant(
            b"event: error\nid: 1\ndata: {\"error\":\"x\"}\n\ndata: y\n\nid\ndata: z\n\nid: a\0b\ndata: w\n\n",
        );
        assert_eq!(
            events,
            vec![
                SseEvent {
                    event: Some("error".into()),
                    data: "{\"error\":\"x\"}".into(),
                    id: Some("1".into())
                },
                // The last event ID carries over.
                SseEvent {
                    event: None,
                    data: "y".into(),
                    id: Some("1".into())
                },
                // `id` with no value resets it.
                data_event("z"),
                // An id containing NUL is ignored.
                data_event("w"),
            ]
        );
    }

    #[test]
    fn unknown_fields_and_retry() {
        let mut parser = SseParser::new();
        let events = parser.push(b"foo: bar\nretry: 2500\ndata: x\n\nretry: soon\n\n");
        assert_eq!(events, vec![data_event("x")]);
        assert_eq!(parser.retry_ms(), Some(2500));
    }

    #[test]
    fn bom_is_skipped_once_even_when_split() {
        let input = b"\xEF\xBB\xBFdata: x\n\n\xEF\xBB\xBFdata: y\n\n";
        let events = assert_split_invariant(input);
        // The second BOM is not at the stream start: it is part of a field name `\u{feff}data`,
        // which is unknown, so that event is empty.
        assert_eq!(events, vec![data_event("x")]);
        let events = parse_all(b"\xEF\xBB\xBF\n\ndata: z\n\n");
        assert_eq!(events, vec![data_event("z")]);
    }

    #[test]
    fn multibyte_characters_survive_every_split() {
        let input = "data: café 🤗 ok\n\ndata: 日本語\n\n".as_bytes();
        let events = assert_split_invariant(input);
        assert_eq!(events, vec![data_event("café 🤗 ok"), data_event("日本語")]);
    }

    #[test]
    fn invalid_utf8_becomes_replacement_never_panics() {
        let input = b"data: a\xFFb\xC3\n\ndata: \xF0\x9F\xA4\n\n";
        let events = assert_split_invariant(input);
        assert_eq!(
            events,
            vec![data_event("a\u{FFFD}b\u{FFFD}"), data_event("\u{FFFD}")]
        );
    }

    #[test]
    fn finish_dispatches_an_unterminated_event_and_reports_it() {
        for input in [&b"data: last"[..], b"data: last\n", b"data: last\r"] {
            let mut parser = SseParser::new();
            assert!(parser.push(input).is_empty());
            assert_eq!(parser.finish(), vec![data_event("last")], "{input:?}");
            assert!(parser.truncated());
        }
        let mut parser = SseParser::new();
        assert_eq!(parser.push(b"data: ok\n\n"), vec![data_event("ok")]);
        assert!(parser.finish().is_empty());
        assert!(!parser.truncated());
        // A trailing comment or unfinished field without data dispatches nothing.
        let mut parser = SseParser::new();
        assert_eq!(parser.push(b"data: ok\n\n: bye"), vec![data_event("ok")]);
        assert!(parser.finish().is_empty());
        assert!(!parser.truncated());
    }

    #[test]
    fn parser_is_reusable_after_finish() {
        let mut parser = SseParser::new();
        let _ = parser.push(b"id: 9\ndata: a");
        assert_eq!(parser.finish().len(), 1);
        assert!(parser.truncated());
        assert_eq!(
            parser.push(b"\xEF\xBB\xBFdata: b\n\n"),
            vec![data_event("b")]
        );
        assert!(!parser.truncated());
    }

    #[test]
    fn overlong_line_stops_the_parser_but_keeps_earlier_events() {
        let mut parser = SseParser::new().with_max_line_bytes(16);
        let events = parser.push(b"data: short\n\ndata: this line is far too long\n\n");
        assert_eq!(events, vec![data_event("short")]);
        assert_eq!(parser.error(), Some(&SseError::TooLong { limit: 16 }));
        assert!(parser.push(b"data: more\n\n").is_empty());
        assert!(parser.finish().is_empty());
        assert!(parser.error().is_none(), "finish resets for a new stream");
    }

    #[test]
    fn overlong_unterminated_line_is_caught_across_pushes() {
        let mut parser = SseParser::new().with_max_line_bytes(1000);
        for _ in 0..99 {
            assert!(parser.push(b"0123456789").is_empty());
        }
        assert!(parser.error().is_none());
        assert!(parser.push(b"0123456789X").is_empty());
        assert!(parser.error().is_some());
        assert!(parser.error().unwrap().to_string().contains("1000 bytes"));
    }

    #[test]
    fn overlong_event_data_is_caught() {
        let mut parser = SseParser::new().with_max_line_bytes(32);
        let mut events = Vec::new();
        for _ in 0..10 {
            events.extend(parser.push(b"data: 0123456789\n"));
        }
        assert!(events.is_empty());
        assert_eq!(parser.error(), Some(&SseError::TooLong { limit: 32 }));
    }

    #[test]
    fn default_limit_is_one_mib() {
        let mut parser = SseParser::default();
        let big = vec![b'a'; DEFAULT_MAX_LINE_BYTES - 6];
        assert!(parser.push(b"data: ").is_empty());
        assert!(parser.push(&big).is_empty());
        assert_eq!(parser.push(b"\n\n")[0].data.len(), big.len());
        assert!(parser.error().is_none());
        let _ = parser.push(&vec![b'b'; DEFAULT_MAX_LINE_BYTES + 1]);
        assert!(parser.error().is_some());
    }

    #[test]
    fn empty_pushes_are_harmless() {
        let mut parser = SseParser::new();
        assert!(parser.push(b"").is_empty());
        assert!(parser.push(b"data: a\r").is_empty());
        assert!(parser.push(b"").is_empty());
        assert!(parser.push(b"\n").is_empty());
        assert_eq!(parser.push(b"\n"), vec![data_event("a")]);
    }
}

// The examples of the items above, as unit tests: the items are internal, so rustdoc
// cannot run them as doctests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod examples {
    #[test]
    fn sse_parser_example() {
        use crate::inference::sse::SseParser;
        let mut parser = SseParser::new();
        assert!(parser.push(b"data: {\"a\"").is_empty());
        let events = parser.push(b":1}\n\n: keep-alive\n\ndata: [DONE]\n\n");
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].data, "{\"a\":1}");
        assert_eq!(events[1].data, "[DONE]");
    }
}
