//! SSE parsing and stream assembly: the events never depend on how the bytes are chunked.
//!
//! The first two bytes of the input steer the run (the cut positions and the line limit); the
//! rest is the stream. Checked:
//! - `SseParser` gives the same events, error and `retry_ms` whether the stream comes in one
//!   push, in three chunks, or (for short streams) byte by byte;
//! - every event is well formed: no line terminator in `event`/`id`, no CR in `data`, no NUL in
//!   `id`, `data` within the line limit;
//! - `StreamAssembler` ends in the same state (text, usage, finish reason, done, first error,
//!   result of `finish`) for one push and for three chunks, and its errors stay short. (The
//!   items each push returns may differ: a failing push returns its error, not its items.)

#![no_main]

use libfuzzer_sys::fuzz_target;
use yew_hf_oauth::fuzzing::{SseError, SseEvent, SseParser, DEFAULT_MAX_LINE_BYTES};
use yew_hf_oauth::fuzzing::{StreamAssembler, StreamItem};
use yew_hf_oauth::InferenceError;

/// Streams up to this many bytes are also fed byte by byte.
const BYTE_BY_BYTE_MAX: usize = 512;

/// What a parser run produced: the events, the error before `finish`, `retry_ms` before
/// `finish`, and `truncated` after it.
#[derive(Debug, PartialEq)]
struct ParserRun {
    events: Vec<SseEvent>,
    error: Option<SseError>,
    retry_ms: Option<u64>,
    truncated: bool,
}

fn parse_chunks<'a>(limit: usize, chunks: impl IntoIterator<Item = &'a [u8]>) -> ParserRun {
    let mut parser = SseParser::new().with_max_line_bytes(limit);
    let mut events = Vec::new();
    for chunk in chunks {
        events.extend(parser.push(chunk));
    }
    let error = parser.error().cloned();
    let retry_ms = parser.retry_ms();
    events.extend(parser.finish());
    // `finish` leaves a parser ready for a new stream.
    assert!(parser.error().is_none());
    assert_eq!(parser.retry_ms(), None);
    ParserRun {
        events,
        error,
        retry_ms,
        truncated: parser.truncated(),
    }
}

fn check_event(event: &SseEvent, limit: usize) {
    assert!(!event.data.contains('\r'), "{event:?}");
    assert!(event.data.len() < limit, "data over the limit: {event:?}");
    if let Some(name) = &event.event {
        assert!(!name.is_empty());
        assert!(!name.contains(['\n', '\r']), "{event:?}");
    }
    if let Some(id) = &event.id {
        assert!(!id.is_empty());
        assert!(!id.contains(['\n', '\r', '\0']), "{event:?}");
    }
}

/// The observable end state of an assembler fed `chunks`, then finished.
#[derive(Debug, PartialEq)]
struct AssemblerRun {
    first_error: Option<InferenceError>,
    finish: Result<(), InferenceError>,
    text: String,
    usage: Option<yew_hf_oauth::Usage>,
    finish_reason: Option<String>,
    done: bool,
}

fn assemble<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> AssemblerRun {
    let mut answer = StreamAssembler::new();
    let mut pushed = Vec::new();
    let mut first_error = None;
    for chunk in chunks {
        match answer.push(chunk) {
            Ok(items) => {
                assert!(first_error.is_none(), "push succeeded after an error");
                pushed.extend(items);
            }
            Err(error) => {
                // Once failed, every later push returns the same error.
                if let Some(first) = &first_error {
                    assert_eq!(first, &error);
                }
                first_error.get_or_insert(error);
            }
        }
    }
    let finish = answer.finish();
    if finish.is_ok() {
        assert!(answer.is_done());
        assert!(answer.error().is_none());
    } else {
        assert_eq!(answer.error().cloned(), finish.clone().err());
    }
    // The text starts with the deltas pushed so far (`finish` may add the last event's, and
    // a failing push keeps its deltas in the text without returning them).
    let streamed: String = pushed
        .iter()
        .filter_map(|item| match item {
            StreamItem::Delta(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        answer.text().starts_with(&streamed),
        "{streamed:?} then {:?}",
        answer.text()
    );
    for error in first_error.iter().chain(finish.as_ref().err()) {
        check_inference_error(error);
    }
    AssemblerRun {
        first_error,
        finish,
        text: answer.text().to_owned(),
        usage: answer.usage(),
        finish_reason: answer.finish_reason().map(str::to_owned),
        done: answer.is_done(),
    }
}

/// Server words kept in an error are shortened: about 300 characters plus a short sentence.
fn check_inference_error(error: &InferenceError) {
    let detail = match error {
        InferenceError::StreamError(d) | InferenceError::MalformedResponse(d) => d.as_str(),
        _ => "",
    };
    assert!(
        detail.chars().count() < 600,
        "{} chars: {error:?}",
        detail.chars().count()
    );
    let _ = (error.message(), error.hint());
}

fuzz_target!(|data: &[u8]| {
    let (steer, stream) = data.split_at(data.len().min(2));
    let (a, b) = match steer {
        [a, b] => (*a as usize, *b as usize),
        [a] => (*a as usize, 0),
        _ => (0, 0),
    };
    // Mostly the default limit; sometimes a tiny one, to reach the "too long" paths.
    let limit = if b & 0x80 == 0 {
        DEFAULT_MAX_LINE_BYTES
    } else {
        1 + (b & 0x3f)
    };
    let len = stream.len();
    let cut1 = (a * 257 + b) % (len + 1);
    let cut2 = cut1 + (a ^ b).wrapping_mul(31) % (len - cut1 + 1);
    let chunks = [&stream[..cut1], &stream[cut1..cut2], &stream[cut2..]];

    let whole = parse_chunks(limit, [stream]);
    for event in &whole.events {
        check_event(event, limit);
    }
    let split = parse_chunks(limit, chunks);
    assert_eq!(split, whole, "cut at {cut1} and {cut2}");
    if len <= BYTE_BY_BYTE_MAX {
        let bytes = parse_chunks(limit, stream.chunks(1));
        assert_eq!(bytes, whole, "byte by byte");
    }

    let whole = assemble([stream]);
    let split = assemble(chunks);
    assert_eq!(split, whole, "assembler, cut at {cut1} and {cut2}");
});
