//! From the router's answer to chat text: OpenAI `chat.completion.chunk` events, the
//! non-streaming `chat.completion` body, and a [`StreamAssembler`] that turns raw bytes into the
//! growing answer.

use serde::{Deserialize, Serialize};

use super::error::{error_detail, json_error_text, InferenceError};
use super::fast_chunks;
use super::sse::{EventRef, SseParser, DEFAULT_MAX_LINE_BYTES};
use crate::json::{whole, Json};
use crate::text::shorten_body;

/// Token counts the server reports for one completion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens in the prompt (all messages).
    pub prompt_tokens: u64,
    /// Tokens generated.
    pub completion_tokens: u64,
    /// Prompt plus completion.
    pub total_tokens: u64,
}

/// What one stream event means for the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamItem {
    /// More answer text, to append.
    Delta(String),
    /// Why generation stopped: `stop`, `length` (hit `max_tokens`), `content_filter`, ...
    FinishReason(String),
    /// Token counts, usually on the last chunk.
    Usage(Usage),
    /// `data: [DONE]`: the stream is complete.
    Done,
}

/// Interpret the `data` of one stream event.
///
/// `[DONE]` gives [`StreamItem::Done`]; a `chat.completion.chunk` gives the text of
/// `choices[0].delta.content` (nothing when it is null, absent or empty), then its
/// `finish_reason` and `usage` when present; blank data gives nothing.
/// `{"error": "..."}` or `{"error": {"message": ...}}` gives [`InferenceError::StreamError`], and
/// anything that is not a JSON object gives [`InferenceError::MalformedResponse`].
pub fn parse_chunk_event(data: &str) -> Result<Vec<StreamItem>, InferenceError> {
    let data = data.trim();
    if data.is_empty() {
        return Ok(Vec::new());
    }
    if data == "[DONE]" {
        return Ok(vec![StreamItem::Done]);
    }
    let object = parse_object(data)?;
    let mut items = Vec::new();
    if let Some(choice) = first_choice(&object) {
        let content = choice
            .get("delta")
            .and_then(|delta| delta.get("content"))
            // Some providers put a whole `message` in a chunk instead of a `delta`.
            .or_else(|| choice.get("message").and_then(|m| m.get("content")))
            .and_then(|content| content.as_str())
            .filter(|text| !text.is_empty());
        if let Some(text) = content {
            items.push(StreamItem::Delta(text));
        }
        if let Some(reason) = choice.get("finish_reason").and_then(|r| r.as_str()) {
            items.push(StreamItem::FinishReason(reason));
        }
    }
    if let Some(usage) = object.get("usage").and_then(|u| usage_from(&u)) {
        items.push(StreamItem::Usage(usage));
    }
    Ok(items)
}

/// Read a non-streaming `chat.completion` body (for servers that ignore `stream: true`, or
/// requests sent with `stream: false`): the text of `choices[0].message.content` (empty when
/// null) and the usage if reported.
pub fn parse_non_streaming_response(body: &str) -> Result<(String, Option<Usage>), InferenceError> {
    let object = parse_object(body.trim())?;
    let choice = first_choice(&object).ok_or_else(|| {
        InferenceError::MalformedResponse(format!(
            "no `choices` in the answer: {}",
            shorten_body(body)
        ))
    })?;
    let message = choice.get("message").ok_or_else(|| {
        InferenceError::MalformedResponse(format!(
            "no `choices[0].message` in the answer: {}",
            shorten_body(body)
        ))
    })?;
    let text = match message.field("content") {
        None => String::new(),
        Some(content) => content.as_str().ok_or_else(|| {
            InferenceError::MalformedResponse(format!(
                "`choices[0].message.content` is not text: {}",
                shorten_body(&content.to_text())
            ))
        })?,
    };
    Ok((text, object.get("usage").and_then(|u| usage_from(&u))))
}

/// Parse a JSON object, turning an `error` member into [`InferenceError::StreamError`].
fn parse_object(text: &str) -> Result<Json, InferenceError> {
    let object = Json::parse(text).ok_or_else(|| {
        InferenceError::MalformedResponse(format!("not valid JSON: {}", shorten_body(text)))
    })?;
    if !object.is_object() {
        return Err(InferenceError::MalformedResponse(format!(
            "expected a JSON object, got {}",
            shorten_body(text)
        )));
    }
    match object.field("error") {
        None => Ok(object),
        Some(error) => {
            let detail = shorten_body(&json_error_text(&object).unwrap_or_else(|| error.to_text()));
            if is_auth_error(&error) {
                // The token was refused in the middle of the stream (expired or revoked).
                Err(InferenceError::Unauthorized { detail })
            } else {
                Err(InferenceError::StreamError(detail))
            }
        }
    }
}

/// Whether an in-stream error object says the token was refused: a `code`/`status` of 401, or
/// an authentication error type.
fn is_auth_error(error: &Json) -> bool {
    let is_401 = |key: &str| match error.get(key) {
        Some(v) => v.as_f64() == Some(401.0) || v.as_str().as_deref() == Some("401"),
        None => false,
    };
    let kind = error
        .get("type")
        .and_then(|kind| kind.as_str())
        .unwrap_or_default();
    is_401("code")
        || is_401("status")
        || matches!(
            kind.as_str(),
            "authentication_error" | "unauthorized" | "invalid_api_key"
        )
}

/// `choices[0]`, if there is one.
fn first_choice(object: &Json) -> Option<Json> {
    object.get("choices")?.items()?.into_iter().next()
}

/// A usage object; missing counts are 0, a missing total is prompt + completion.
fn usage_from(value: &Json) -> Option<Usage> {
    if !value.is_object() {
        return None;
    }
    let count = |key: &str| value.get(key).and_then(|n| whole(n.as_f64()?));
    let prompt_tokens = count("prompt_tokens").unwrap_or(0);
    let completion_tokens = count("completion_tokens").unwrap_or(0);
    let total_tokens =
        count("total_tokens").unwrap_or_else(|| prompt_tokens.saturating_add(completion_tokens));
    Some(Usage {
        prompt_tokens,
        completion_tokens,
        total_tokens,
    })
}

/// Turns the bytes of a streamed answer into the answer: SSE parsing, chunk parsing, and
/// bookkeeping of text, usage, finish reason and completion.
///
/// Feed each network chunk to [`push`](Self::push) and show [`text`](Self::text); call
/// [`finish`](Self::finish) when the body ends. The text received before any error is kept.
///
/// Events named other than `message` or `error` (an `EventSource` would not deliver them to
/// `onmessage`) are ignored; an `event: error` event is an [`InferenceError::StreamError`]
/// whatever its data. If the body holds no event at all but is a plain `chat.completion` JSON
/// (a server that ignored `stream: true`), [`finish`](Self::finish) reads it as such.
#[derive(Clone, Debug)]
pub struct StreamAssembler {
    parser: SseParser,
    text: String,
    usage: Option<Usage>,
    finish_reason: Option<String>,
    done: bool,
    error: Option<InferenceError>,
    saw_event: bool,
    /// The body so far, kept (up to the SSE size limit) until the first event arrives, for the
    /// non-streaming fallback.
    raw: Option<Vec<u8>>,
}

impl Default for StreamAssembler {
    fn default() -> Self {
        Self::new()
    }
}

impl StreamAssembler {
    /// An assembler for a new answer.
    pub fn new() -> Self {
        Self {
            parser: SseParser::new(),
            text: String::new(),
            usage: None,
            finish_reason: None,
            done: false,
            error: None,
            saw_event: false,
            raw: Some(Vec::new()),
        }
    }

    /// Feed the next chunk of the body; returns what it added, in order.
    ///
    /// Returns the error (and keeps returning it) once the stream carried an error event, was
    /// not a valid stream, or had an over-long line. Input after `data: [DONE]` is ignored.
    /// [`text`](Self::text) includes every delta up to the failure, even those in the chunk
    /// that failed.
    #[cfg(any(test, fuzzing))]
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<StreamItem>, InferenceError> {
        let mut items = Vec::new();
        self.feed(bytes, Some(&mut items))?;
        Ok(items)
    }

    /// [`push`](Self::push) without building the items: returns how many non-empty text
    /// deltas the chunk added (what a streaming view needs, at no allocation per delta).
    pub(crate) fn push_counting(&mut self, bytes: &[u8]) -> Result<u64, InferenceError> {
        self.feed(bytes, None)
    }

    fn feed(
        &mut self,
        bytes: &[u8],
        mut items: Option<&mut Vec<StreamItem>>,
    ) -> Result<u64, InferenceError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if self.done {
            return Ok(0);
        }
        if let Some(raw) = &mut self.raw {
            if raw.len() + bytes.len() <= DEFAULT_MAX_LINE_BYTES {
                raw.extend_from_slice(bytes);
            } else {
                self.raw = None;
            }
        }
        // Out of `self` while it calls back into `self` (an empty parser costs nothing).
        let mut parser = std::mem::take(&mut self.parser);
        let mut deltas = 0;
        parser.push_each(bytes, &mut |event| {
            // After `[DONE]` or an error, the rest of the chunk is ignored.
            if !self.done && self.error.is_none() {
                deltas += self.apply(event, items.as_deref_mut());
            }
        });
        self.parser = parser;
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        // What follows `[DONE]` is ignored, over-long lines included.
        if let Some(error) = self.parser.error().filter(|_| !self.done) {
            return Err(self.fail(InferenceError::MalformedResponse(error.to_string())));
        }
        Ok(deltas)
    }

    /// The body has ended. `Ok` when the answer is complete (`data: [DONE]` or a
    /// `finish_reason` arrived); otherwise the error, [`InferenceError::Truncated`] when the
    /// stream just stopped. The partial text stays available.
    pub fn finish(&mut self) -> Result<(), InferenceError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if !self.done {
            let mut parser = std::mem::take(&mut self.parser);
            parser.finish_each(&mut |event| {
                if !self.done && self.error.is_none() {
                    self.apply(event, None);
                }
            });
            self.parser = parser;
            let unterminated = self.parser.truncated();
            match self.error.clone() {
                None => {}
                // The last event was cut in the middle: that is truncation, not a bad server.
                Some(InferenceError::MalformedResponse(_)) if unterminated => {
                    return Err(self.fail(InferenceError::Truncated));
                }
                Some(error) => return Err(error),
            }
        }
        if self.done || self.finish_reason.is_some() {
            self.done = true;
            return Ok(());
        }
        if !self.saw_event {
            let raw = self.raw.take().unwrap_or_default();
            let body = String::from_utf8_lossy(&raw);
            let body = body.trim_start_matches('\u{feff}').trim();
            if body.starts_with('{') {
                return match parse_non_streaming_response(body) {
                    Ok((text, usage)) => {
                        self.text = text;
                        self.usage = usage;
                        self.done = true;
                        Ok(())
                    }
                    Err(error) => Err(self.fail(error)),
                };
            }
            if !body.is_empty() && !body.starts_with(':') {
                return Err(self.fail(InferenceError::MalformedResponse(format!(
                    "not an event stream: {}",
                    shorten_body(body)
                ))));
            }
        }
        Err(self.fail(InferenceError::Truncated))
    }

    /// The answer so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Token counts, if the server sent them.
    pub fn usage(&self) -> Option<Usage> {
        self.usage
    }

    /// Why generation stopped, if the server said (`stop`, `length`, ...).
    pub fn finish_reason(&self) -> Option<&str> {
        self.finish_reason.as_deref()
    }

    /// Whether the answer is known to be complete.
    #[cfg(any(test, fuzzing))]
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The error that stopped the stream, if any.
    #[cfg(any(test, fuzzing))]
    pub fn error(&self) -> Option<&InferenceError> {
        self.error.as_ref()
    }

    fn fail(&mut self, error: InferenceError) -> InferenceError {
        self.error = Some(error.clone());
        error
    }

    /// Read one event, adding its items to `items` when given; returns how many non-empty
    /// deltas it added (0 or 1). A failure is kept in `self.error`.
    fn apply(&mut self, event: EventRef<'_>, items: Option<&mut Vec<StreamItem>>) -> u64 {
        self.saw_event = true;
        self.raw = None;
        let start = self.text.len();
        if matches!(event.event, None | Some("message"))
            && fast_chunks::plain_delta(event.data, &mut self.text)
        {
            let added = self.text.len() > start;
            if let Some(items) = items.filter(|_| added) {
                items.push(StreamItem::Delta(self.text[start..].to_owned()));
            }
            return u64::from(added);
        }
        // Anything but a plain delta: read in full.
        let parsed = match event.event {
            None | Some("message") => parse_chunk_event(event.data),
            Some("error") => Err(InferenceError::StreamError(error_detail(event.data))),
            Some(_) => return 0,
        };
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(error) => {
                self.fail(error);
                return 0;
            }
        };
        let mut deltas = 0;
        for item in &parsed {
            match item {
                StreamItem::Delta(text) => {
                    self.text.push_str(text);
                    deltas += u64::from(!text.is_empty());
                }
                StreamItem::FinishReason(reason) => self.finish_reason = Some(reason.clone()),
                StreamItem::Usage(usage) => self.usage = Some(*usage),
                StreamItem::Done => self.done = true,
            }
        }
        if let Some(items) = items {
            items.extend(parsed);
        }
        deltas
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A stream shaped like the router's (TGI-style chunks): a role-only first delta, content
    /// deltas with multi-byte text, a keep-alive comment, a final chunk with `finish_reason`
    /// and `usage`, then `[DONE]`.
    fn router_stream(newline: &str) -> Vec<u8> {
        let chunk = |delta: &str, finish: &str, usage: &str| {
            format!(
                r#"data: {{"id":"","object":"chat.completion.chunk","created":1727000000,"model":"google/gemma-2-2b-it","system_fingerprint":"3.0.1-sha-bb9095a","choices":[{{"index":0,"delta":{delta},"logprobs":null,"finish_reason":{finish}}}],"usage":{usage}}}{newline}{newline}"#
            )
        };
        let mut stream = String::new();
        stream += &chunk(r#"{"role":"assistant","content":""}"#, "null", "null");
        stream += &chunk(r#"{"role":"assistant","content":"Hello"}"#, "null", "null");
        stream += &format!(": keep-alive{newline}{newline}");
        stream += &chunk(r#"{"role":"assistant","content":", café"}"#, "null", "null");
        stream += &chunk(r#"{"content":" 🤗\n"}"#, "null", "null");
        stream += &chunk(r#"{"content":null}"#, "null", "null");
        stream += &chunk(r#"{}"#, "null", "null");
        stream += &chunk(
            r#"{"role":"assistant","content":"!"}"#,
            r#""stop""#,
            r#"{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}"#,
        );
        stream += &format!("data: [DONE]{newline}{newline}");
        stream.into_bytes()
    }

    const ROUTER_TEXT: &str = "Hello, café 🤗\n!";
    const ROUTER_USAGE: Usage = Usage {
        prompt_tokens: 12,
        completion_tokens: 6,
        total_tokens: 18,
    };

    fn assert_complete(answer: &StreamAssembler) {
        assert_eq!(answer.text(), ROUTER_TEXT);
        assert_eq!(answer.usage(), Some(ROUTER_USAGE));
        assert_eq!(answer.finish_reason(), Some("stop"));
        assert!(answer.is_done());
        assert!(answer.error().is_none());
    }

    /// Collect every delta pushed, in order.
    fn deltas(items: &[StreamItem]) -> String {
        items
            .iter()
            .filter_map(|item| match item {
                StreamItem::Delta(text) => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn router_stream_in_one_push() {
        let mut answer = StreamAssembler::new();
        let items = answer.push(&router_stream("\n")).unwrap();
        assert_eq!(
            items,
            vec![
                StreamItem::Delta("Hello".into()),
                StreamItem::Delta(", café".into()),
                StreamItem::Delta(" 🤗\n".into()),
                StreamItem::Delta("!".into()),
                StreamItem::FinishReason("stop".into()),
                StreamItem::Usage(ROUTER_USAGE),
                StreamItem::Done,
            ]
        );
        answer.finish().unwrap();
        assert_complete(&answer);
    }

    #[test]
    fn router_stream_split_at_every_byte_lf_and_crlf() {
        for newline in ["\n", "\r\n", "\r"] {
            let stream = router_stream(newline);
            for cut in 0..=stream.len() {
                let mut answer = StreamAssembler::new();
                let mut items = answer.push(&stream[..cut]).unwrap();
                items.extend(answer.push(&stream[cut..]).unwrap());
                answer.finish().unwrap();
                assert_eq!(deltas(&items), ROUTER_TEXT, "newline {newline:?} cut {cut}");
                assert_complete(&answer);
            }
        }
    }

    #[test]
    fn router_stream_one_byte_at_a_time_and_in_three_pieces() {
        for newline in ["\n", "\r\n"] {
            let stream = router_stream(newline);
            let mut answer = StreamAssembler::new();
            let mut items = Vec::new();
            for byte in &stream {
                items.extend(answer.push(std::slice::from_ref(byte)).unwrap());
            }
            answer.finish().unwrap();
            assert_eq!(deltas(&items), ROUTER_TEXT);
            assert_complete(&answer);

            // Pseudo-random three-way splits.
            let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
            for _ in 0..300 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let a = (seed % stream.len() as u64) as usize;
                let b = a + ((seed >> 32) % (stream.len() - a) as u64) as usize;
                let mut answer = StreamAssembler::new();
                for piece in [&stream[..a], &stream[a..b], &stream[b..]] {
                    answer.push(piece).unwrap();
                }
                answer.finish().unwrap();
                assert_complete(&answer);
            }
        }
    }

    #[test]
    fn fast_and_full_paths_interleave_in_order_at_every_split() {
        // Plain deltas (the fast path), `\u` escapes with a surrogate pair and a finish reason
        // (the full parser), and a character split anywhere.
        let stream = concat!(
            "data: {\"choices\":[{\"delta\":{\"content\":\"a\\n\"}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"\\ud83e\\udd17 \\u00e9\"}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"\\\"q\\\"\"}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"é🤗\"},\"finish_reason\":\"stop\"}]}\n\n",
            "data: [DONE]\n\n",
        )
        .as_bytes();
        for cut in 0..=stream.len() {
            let mut answer = StreamAssembler::new();
            let mut deltas = answer.push(&stream[..cut]).unwrap();
            deltas.extend(answer.push(&stream[cut..]).unwrap());
            answer.finish().unwrap();
            assert_eq!(answer.text(), "a\n🤗 é\"q\"é🤗", "cut {cut}");
            let streamed: String = deltas
                .iter()
                .filter_map(|item| match item {
                    StreamItem::Delta(text) => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            assert_eq!(streamed, answer.text(), "cut {cut}");
            assert_eq!(answer.finish_reason(), Some("stop"));
        }
    }

    #[test]
    fn multi_line_data_event_is_one_json() {
        let mut answer = StreamAssembler::new();
        answer
            .push(b"data: {\"choices\":\ndata: [{\"delta\":{\"content\":\"a\"}}]}\n\ndata: [DONE]\n\n")
            .unwrap();
        answer.finish().unwrap();
        assert_eq!(answer.text(), "a");
    }

    #[test]
    fn error_event_mid_stream_keeps_earlier_text() {
        let stream = concat!(
            "data: {\"choices\":[{\"delta\":{\"content\":\"Partial \"}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"answer\"}}]}\n\n",
            "data: {\"error\":{\"message\":\"Input validation error: too many tokens\",\"type\":\"validation\",\"code\":400}}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\" ignored\"}}]}\n\n",
        );
        let expected =
            InferenceError::StreamError("Input validation error: too many tokens".into());
        for cut in 0..=stream.len() {
            let mut answer = StreamAssembler::new();
            let first = answer.push(&stream.as_bytes()[..cut]);
            let second = answer.push(&stream.as_bytes()[cut..]);
            assert_eq!(second, Err(expected.clone()), "cut {cut}");
            if let Err(error) = first {
                assert_eq!(error, expected);
            }
            assert_eq!(answer.text(), "Partial answer");
            assert_eq!(answer.finish(), Err(expected.clone()));
            assert_eq!(answer.error(), Some(&expected));
            assert!(!answer.is_done());
        }
    }

    #[test]
    fn plain_string_error_and_error_named_event() {
        let mut answer = StreamAssembler::new();
        let err = answer
            .push(b"data: {\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}\n\n")
            .unwrap_err();
        assert_eq!(
            err,
            InferenceError::StreamError("Model is overloaded".into())
        );

        let mut answer = StreamAssembler::new();
        let err = answer
            .push(b"data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\nevent: error\ndata: upstream closed\n\n")
            .unwrap_err();
        assert_eq!(err, InferenceError::StreamError("upstream closed".into()));
        assert_eq!(answer.text(), "x");
    }

    #[test]
    fn other_named_events_are_ignored() {
        let mut answer = StreamAssembler::new();
        answer
            .push(b"event: ping\ndata: not json\n\nevent: message\ndata: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\ndata: [DONE]\n\n")
            .unwrap();
        answer.finish().unwrap();
        assert_eq!(answer.text(), "ok");
    }

    #[test]
    fn stream_without_done_is_truncated_with_partial_text() {
        let stream = concat!(
            "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"The answer is\"}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\" 4\"}}]}\n\n",
        );
        for cut in 0..=stream.len() {
            let mut answer = StreamAssembler::new();
            answer.push(&stream.as_bytes()[..cut]).unwrap();
            answer.push(&stream.as_bytes()[cut..]).unwrap();
            assert_eq!(answer.finish(), Err(InferenceError::Truncated), "cut {cut}");
            assert_eq!(answer.text(), "The answer is 4");
            assert!(!answer.is_done());
            assert_eq!(answer.finish(), Err(InferenceError::Truncated));
        }
        // Cut in the middle of an event's JSON: still truncation, and the text before stays.
        let mut answer = StreamAssembler::new();
        answer
            .push(&stream.as_bytes()[..stream.len() - 10])
            .unwrap();
        assert_eq!(answer.finish(), Err(InferenceError::Truncated));
        assert_eq!(answer.text(), "The answer is");
    }

    #[test]
    fn finish_reason_without_done_counts_as_complete() {
        let mut answer = StreamAssembler::new();
        answer
            .push(b"data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"length\"}]}\n\n")
            .unwrap();
        answer.finish().unwrap();
        assert_eq!(answer.finish_reason(), Some("length"));
        assert!(answer.is_done());
    }

    #[test]
    fn final_done_without_blank_line_is_accepted() {
        let mut answer = StreamAssembler::new();
        answer
            .push(b"data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]")
            .unwrap();
        assert!(!answer.is_done());
        answer.finish().unwrap();
        assert!(answer.is_done());
        assert_eq!(answer.text(), "Hi");
    }

    #[test]
    fn input_after_done_is_ignored() {
        let mut answer = StreamAssembler::new();
        let items = answer
            .push(b"data: [DONE]\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"late\"}}]}\n\n")
            .unwrap();
        assert_eq!(items, vec![StreamItem::Done]);
        assert!(answer.push(b"data: garbage\n\n").unwrap().is_empty());
        answer.finish().unwrap();
        assert_eq!(answer.text(), "");
    }

    #[test]
    fn non_json_data_is_malformed_and_sticky() {
        let mut answer = StreamAssembler::new();
        let err = answer.push(b"data: <html>oops</html>\n\n").unwrap_err();
        assert!(matches!(err, InferenceError::MalformedResponse(ref d) if d.contains("<html>")));
        assert_eq!(answer.push(b"data: [DONE]\n\n"), Err(err.clone()));
        assert_eq!(answer.finish(), Err(err));
    }

    #[test]
    fn overlong_line_is_malformed() {
        let mut answer = StreamAssembler::new();
        answer
            .push(b"data: {\"choices\":[{\"delta\":{\"content\":\"kept\"}}]}\n\n")
            .unwrap();
        let err = answer
            .push(&vec![b'x'; DEFAULT_MAX_LINE_BYTES + 1])
            .unwrap_err();
        assert!(
            matches!(err, InferenceError::MalformedResponse(ref d) if d.contains("longer than"))
        );
        assert_eq!(answer.text(), "kept");
    }

    #[test]
    fn invalid_utf8_and_split_multibyte_in_deltas() {
        let stream = "data: {\"choices\":[{\"delta\":{\"content\":\"é🤗\"}}]}\n\n".as_bytes();
        for cut in 0..=stream.len() {
            let mut answer = StreamAssembler::new();
            answer.push(&stream[..cut]).unwrap();
            answer.push(&stream[cut..]).unwrap();
            answer.push(b"data: [DONE]\n\n").unwrap();
            answer.finish().unwrap();
            assert_eq!(answer.text(), "é🤗", "cut {cut}");
        }
        let mut answer = StreamAssembler::new();
        answer
            .push(b"data: {\"choices\":[{\"delta\":{\"content\":\"a\xFFb\"}}]}\n\n")
            .unwrap();
        assert_eq!(answer.text(), "a\u{FFFD}b");
    }

    #[test]
    fn server_that_ignores_stream_true_is_read_as_json() {
        let body = br#"{
  "id": "x",
  "object": "chat.completion",
  "choices": [{"index": 0, "message": {"role": "assistant", "content": "Whole answer"}, "finish_reason": "stop"}],
  "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}
}"#;
        for cut in [0, 1, 10, body.len() / 2, body.len()] {
            let mut answer = StreamAssembler::new();
            assert!(answer.push(&body[..cut]).unwrap().is_empty());
            assert!(answer.push(&body[cut..]).unwrap().is_empty());
            answer.finish().unwrap();
            assert_eq!(answer.text(), "Whole answer");
            assert_eq!(answer.usage().unwrap().total_tokens, 5);
            assert!(answer.is_done());
        }
        let mut answer = StreamAssembler::new();
        let _ = answer.push(br#"{"error":"Model too busy"}"#).unwrap();
        assert_eq!(
            answer.finish(),
            Err(InferenceError::StreamError("Model too busy".into()))
        );
    }

    #[test]
    fn html_body_is_malformed() {
        let mut answer = StreamAssembler::new();
        answer
            .push(b"<html><body>Captive portal</body></html>")
            .unwrap();
        assert!(matches!(
            answer.finish(),
            Err(InferenceError::MalformedResponse(ref d)) if d.contains("Captive portal")
        ));
    }

    #[test]
    fn empty_body_is_truncated() {
        let mut answer = StreamAssembler::new();
        assert_eq!(answer.finish(), Err(InferenceError::Truncated));
        let mut answer = StreamAssembler::new();
        answer.push(b": only a comment\n\n").unwrap();
        assert_eq!(answer.finish(), Err(InferenceError::Truncated));
    }

    #[test]
    fn chunk_event_shapes() {
        assert_eq!(parse_chunk_event("").unwrap(), vec![]);
        assert_eq!(
            parse_chunk_event("  [DONE] ").unwrap(),
            vec![StreamItem::Done]
        );
        assert_eq!(parse_chunk_event("{}").unwrap(), vec![]);
        assert_eq!(parse_chunk_event(r#"{"choices":[]}"#).unwrap(), vec![]);
        assert_eq!(
            parse_chunk_event(r#"{"choices":[{"delta":{"role":"assistant"}}]}"#).unwrap(),
            vec![]
        );
        assert_eq!(
            parse_chunk_event(r#"{"choices":[{"delta":{"content":""}}]}"#).unwrap(),
            vec![]
        );
        assert_eq!(
            parse_chunk_event(
                r#"{"choices":[{"delta":{"content":null},"finish_reason":null}],"usage":null}"#
            )
            .unwrap(),
            vec![]
        );
        assert_eq!(
            parse_chunk_event(r#"{"choices":[{"message":{"content":"whole"}}]}"#).unwrap(),
            vec![StreamItem::Delta("whole".into())]
        );
        // OpenAI's `stream_options.include_usage` sends usage with empty choices.
        assert_eq!(
            parse_chunk_event(
                r#"{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#
            )
            .unwrap(),
            vec![StreamItem::Usage(Usage {
                prompt_tokens: 1,
                completion_tokens: 2,
                total_tokens: 3
            })]
        );
        assert_eq!(
            parse_chunk_event(r#"{"error":null,"choices":[]}"#).unwrap(),
            vec![]
        );
    }

    #[test]
    fn chunk_event_errors() {
        assert_eq!(
            parse_chunk_event(r#"{"error":"boom"}"#),
            Err(InferenceError::StreamError("boom".into()))
        );
        assert_eq!(
            parse_chunk_event(r#"{"error":{"message":"bad","type":"server_error","code":"x"}}"#),
            Err(InferenceError::StreamError("bad".into()))
        );
        assert_eq!(
            parse_chunk_event(r#"{"error":{"code":503}}"#),
            Err(InferenceError::StreamError(r#"{"code":503}"#.into()))
        );
        assert_eq!(
            parse_chunk_event(r#"{"error":true}"#),
            Err(InferenceError::StreamError("true".into()))
        );
        for bad in ["not json", "[1,2]", "\"text\"", "42", "{\"choices\":"] {
            assert!(
                matches!(
                    parse_chunk_event(bad),
                    Err(InferenceError::MalformedResponse(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn non_streaming_shapes() {
        let body = r#"{"choices":[{"message":{"role":"assistant","content":"Hi"}}],"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}"#;
        assert_eq!(
            parse_non_streaming_response(body).unwrap(),
            (
                "Hi".into(),
                Some(Usage {
                    prompt_tokens: 4,
                    completion_tokens: 1,
                    total_tokens: 5
                })
            )
        );
        assert_eq!(
            parse_non_streaming_response(
                r#"{"choices":[{"message":{"role":"assistant","content":null}}]}"#
            )
            .unwrap(),
            (String::new(), None)
        );
        assert!(matches!(
            parse_non_streaming_response(r#"{"choices":[]}"#),
            Err(InferenceError::MalformedResponse(_))
        ));
        assert!(matches!(
            parse_non_streaming_response(r#"{"choices":[{"delta":{}}]}"#),
            Err(InferenceError::MalformedResponse(_))
        ));
        assert!(matches!(
            parse_non_streaming_response(r#"{"choices":[{"message":{"content":[1]}}]}"#),
            Err(InferenceError::MalformedResponse(_))
        ));
        assert_eq!(
            parse_non_streaming_response(r#"{"error":{"message":"nope"}}"#),
            Err(InferenceError::StreamError("nope".into()))
        );
        assert!(matches!(
            parse_non_streaming_response("data: {}"),
            Err(InferenceError::MalformedResponse(_))
        ));
    }

    #[test]
    fn usage_round_trips_through_serde() {
        let usage = ROUTER_USAGE;
        let text = serde_json::to_string(&usage).unwrap();
        assert_eq!(serde_json::from_str::<Usage>(&text).unwrap(), usage);
    }

    #[test]
    fn a_401_error_event_mid_stream_is_unauthorized_and_keeps_the_text() {
        let mut assembler = StreamAssembler::new();
        assembler
            .push(b"data: {\"choices\":[{\"delta\":{\"content\":\"Half\"}}]}\n\n")
            .unwrap();
        let err = assembler
            .push(b"data: {\"error\":{\"message\":\"Invalid token\",\"code\":401}}\n\n")
            .unwrap_err();
        assert!(err.is_auth_expired(), "{err:?}");
        assert_eq!(assembler.text(), "Half");
        for event in [
            r#"{"error":{"message":"expired","status":"401"}}"#,
            r#"{"error":{"message":"bad key","type":"authentication_error"}}"#,
        ] {
            assert!(
                parse_chunk_event(event).unwrap_err().is_auth_expired(),
                "{event}"
            );
        }
        let other = parse_chunk_event(r#"{"error":{"message":"busy","code":503}}"#).unwrap_err();
        assert!(!other.is_auth_expired());
    }

    #[test]
    fn huge_usage_counts_saturate_instead_of_overflowing() {
        let event = r#"{"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}],"usage":{"prompt_tokens":18446744073709551615,"completion_tokens":1}}"#;
        let items = parse_chunk_event(event).unwrap();
        let usage = items.iter().find_map(|i| match i {
            StreamItem::Usage(u) => Some(*u),
            _ => None,
        });
        assert_eq!(usage.unwrap().total_tokens, u64::MAX);
    }

    #[test]
    fn an_over_long_line_after_done_is_ignored() {
        let mut chunk = b"data: [DONE]\n\n".to_vec();
        chunk.extend(std::iter::repeat_n(b'x', (1 << 20) + 10));
        let mut assembler = StreamAssembler::new();
        assert!(assembler.push(&chunk).is_ok());
        assert!(assembler.is_done());
        assert!(assembler.finish().is_ok());
    }
}

// The examples of the items above, as unit tests: the items are internal, so rustdoc
// cannot run them as doctests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod examples {
    #[test]
    fn parse_chunk_event_example() {
        use crate::inference::stream::{parse_chunk_event, StreamItem};
        let data = r#"{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}"#;
        assert_eq!(
            parse_chunk_event(data).unwrap(),
            vec![StreamItem::Delta("Hi".into())]
        );
        assert_eq!(parse_chunk_event("[DONE]").unwrap(), vec![StreamItem::Done]);
    }
    #[test]
    fn parse_non_streaming_response_example() {
        use crate::inference::stream::parse_non_streaming_response;
        let body = r#"{"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}]}"#;
        assert_eq!(
            parse_non_streaming_response(body).unwrap(),
            ("Hello!".to_owned(), None)
        );
    }
    #[test]
    fn stream_assembler_example() {
        use crate::inference::stream::StreamAssembler;
        let mut answer = StreamAssembler::new();
        answer
            .push(b"data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n")
            .unwrap();
        answer
            .push(b"data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\ndata: [DONE]\n\n")
            .unwrap();
        answer.finish().unwrap();
        assert_eq!(answer.text(), "Hello");
        assert!(answer.is_done());
    }
}
