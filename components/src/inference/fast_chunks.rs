//! The fast path of [`StreamAssembler`](super::StreamAssembler) for what a fast model sends
//! almost always: a run of events that each carry only a text delta.
//!
//! Reading each event on its own costs one `JSON.parse` and a dozen crossings of the wasm/JS
//! boundary (about 10 µs each in Chromium: 195 ms for 20,000 tokens). Here a whole run is parsed
//! and reduced to the members [`parse_chunk_event`](super::parse_chunk_event) reads in one
//! `JSON.stringify(JSON.parse("[...]"), keys)` call, and the result is matched against the one
//! shape that means "just this text". Anything else (a finish reason, usage, an error, another
//! member order, a lone surrogate) gives `None`, and the caller reads those events one by one,
//! so the outcome is always the same as [`parse_chunk_event`](super::parse_chunk_event)'s.

use super::sse::SseEvent;
use super::StreamItem;
use crate::json;

/// Every member that [`parse_chunk_event`](super::parse_chunk_event) looks at; the others are
/// dropped before matching.
const READ_KEYS: &str =
    r#"["choices","delta","content","finish_reason","usage","error","message"]"#;

/// Whether `event` can go in a run: an unnamed (or `message`) event whose data is one JSON
/// object by itself (its first brace closes at its last byte), so that joining the data of a run
/// with commas cannot merge or split events.
pub(crate) fn batchable(event: &SseEvent) -> bool {
    matches!(event.event.as_deref(), None | Some("message")) && one_object(event.data.trim())
}

/// Whether `text` starts with `{` whose matching bracket, strings skipped, is its last byte.
fn one_object(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'{') {
        return false;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1 == bytes.len();
                }
            }
            _ => {}
        }
    }
    false
}

/// The ways a plain content chunk ends after its text, once reduced to the members read.
const ENDINGS: [&str; 4] = [
    "}}]}",
    r#"},"finish_reason":null}]}"#,
    r#"}}],"usage":null}"#,
    r#"},"finish_reason":null}],"usage":null}"#,
];

/// Appends the text delta of each of `events` (all [`batchable`]) to `text` and, when not
/// empty, to `items` as a [`StreamItem::Delta`], when every one of them is a plain content chunk:
/// `{"choices":[{"delta":{"content":"…"}, "finish_reason":null}], "usage":null}` once reduced to
/// the members read (`finish_reason` and `usage` optional, only `null`). Returns `false`, having
/// added nothing, otherwise.
pub(crate) fn plain_deltas(
    events: &[SseEvent],
    text: &mut String,
    items: &mut Vec<StreamItem>,
) -> bool {
    let (text_len, items_len) = (text.len(), items.len());
    let added = add_plain_deltas(events, text, items) == Some(events.len());
    if !added {
        text.truncate(text_len);
        items.truncate(items_len);
    }
    added
}

/// [`plain_deltas`] without the rollback: the number of events read, `None` on a mismatch.
fn add_plain_deltas(
    events: &[SseEvent],
    text: &mut String,
    items: &mut Vec<StreamItem>,
) -> Option<usize> {
    let mut batch = String::from("[");
    for event in events {
        if batch.len() > 1 {
            batch.push(',');
        }
        batch.push_str(event.data.trim());
    }
    batch.push(']');
    let reduced = json::reduced(&batch, READ_KEYS)?;
    let mut rest = reduced.strip_prefix('[')?;
    let mut count = 0;
    loop {
        let (delta, after) = string_at(rest.strip_prefix(r#"{"choices":[{"delta":{"content":""#)?)?;
        rest = ENDINGS
            .iter()
            .find_map(|ending| after.strip_prefix(ending))?;
        text.push_str(&delta);
        if !delta.is_empty() {
            items.push(StreamItem::Delta(delta));
        }
        count += 1;
        if rest == "]" {
            return Some(count);
        }
        rest = rest.strip_prefix(',')?;
    }
}

/// The JSON string whose body starts `s` (after its opening quote), unescaped, and what follows
/// its closing quote. `None` for a `\u` escape (`JSON.stringify` writes only control characters
/// and lone surrogates so, rare enough to leave to the one-by-one path) and for anything that is
/// not a JSON string.
fn string_at(s: &str) -> Option<(String, &str)> {
    let bytes = s.as_bytes();
    let mut text = String::new();
    let (mut start, mut i) = (0, 0);
    loop {
        match *bytes.get(i)? {
            b'"' => {
                text.push_str(&s[start..i]);
                return Some((text, &s[i + 1..]));
            }
            b'\\' => {
                text.push_str(&s[start..i]);
                text.push(match *bytes.get(i + 1)? {
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    other @ (b'"' | b'\\' | b'/') => char::from(other),
                    _ => return None,
                });
                i += 2;
                start = i;
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inference::stream::parse_chunk_event;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The fast path's non-empty deltas, `None` when it refused (and then added nothing).
    fn fast(events: &[SseEvent]) -> Option<Vec<String>> {
        let (mut text, mut items) = ("before ".to_owned(), vec![StreamItem::Done]);
        let accepted = plain_deltas(events, &mut text, &mut items);
        let deltas: Vec<String> = items[1..]
            .iter()
            .map(|item| match item {
                StreamItem::Delta(delta) => delta.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(text, format!("before {}", deltas.concat()));
        if !accepted {
            assert!(deltas.is_empty(), "a refused run adds nothing");
        }
        accepted.then_some(deltas)
    }

    fn event(data: &str) -> SseEvent {
        SseEvent {
            data: data.into(),
            ..SseEvent::default()
        }
    }

    /// Chunks as servers send them: plain deltas (with and without the members the fast path
    /// drops or allows) and every kind it must leave to `parse_chunk_event`.
    const SHAPES: &[&str] = &[
        r#"{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"w0 "}}]}"#,
        r#"{"id":"x","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        r#"  {"choices":[{"delta":{"content":"café \"q\" \\ \/ \n\t\r\b\f 🤗"}}]} "#,
        r#"{"choices":[{"delta":{"content":""}}]}"#,
        r#"{"choices":[{"delta":{"content":"a}{\"b"}}],"created":1}"#,
        r#"{"choices":[{"delta":{"content":"lone \ud83e"}}]}"#,
        r#"{"choices":[{"delta":{"content":"pair \ud83e\udd17"}}]}"#,
        r#"{"choices":[{"delta":{"content":null}}]}"#,
        r#"{"choices":[{"delta":{}}]}"#,
        r#"{"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}"#,
        r#"{"choices":[{"delta":{"content":"x"}}],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#,
        r#"{"choices":[{"message":{"content":"whole"}}]}"#,
        r#"{"choices":[{"delta":{"content":"x"},"message":{"content":"y"}}]}"#,
        r#"{"choices":[{"delta":{"content":"x"}},{"delta":{"content":"second"}}]}"#,
        r#"{"choices":[{"delta":{"content":7}}]}"#,
        r#"{"error":"boom","choices":[{"delta":{"content":"x"}}]}"#,
        r#"{"choices":[{"delta":{"content":"x"}}],"error":null}"#,
        r#"{"usage":null,"choices":[{"delta":{"content":"first usage"}}]}"#,
        r#"{"choices":{"0":{"delta":{"content":"not an array"}}}}"#,
        r#"{"choices":[{"delta":{"content":"x"}}]"#,
        r#"{"choices":[{"delta":{"content":"x"}}]},{"choices":[]}"#,
        r#"{"choices":[{"delta":{"content":"dup"}}],"choices":[{"delta":{"content":"last"}}]}"#,
    ];

    /// What reading each event on its own gives, as the fast path would report it: the delta
    /// text, or `None` when the event means anything else.
    fn one_by_one(data: &str) -> Option<String> {
        match parse_chunk_event(data) {
            Ok(items) if items.is_empty() => Some(String::new()),
            Ok(items) => match &items[..] {
                [StreamItem::Delta(text)] => Some(text.clone()),
                _ => None,
            },
            Err(_) => None,
        }
    }

    #[test]
    fn a_run_of_plain_deltas_is_read_in_one_go() {
        let events: Vec<SseEvent> = SHAPES[..4].iter().map(|d| event(d)).collect();
        assert!(events.iter().all(batchable));
        assert_eq!(
            fast(&events).unwrap(),
            ["w0 ", "Hello", "café \"q\" \\ / \n\t\r\u{8}\u{c} 🤗"]
        );
    }

    #[test]
    fn every_accepted_run_reads_as_one_by_one_and_the_rest_is_refused() {
        for (i, first) in SHAPES.iter().enumerate() {
            // Each shape alone, and after a plain delta (a run refused as a whole).
            for run in [vec![*first], vec![SHAPES[0], *first]] {
                let events: Vec<SseEvent> = run.iter().map(|d| event(d)).collect();
                if !events.iter().all(batchable) {
                    continue;
                }
                let expected: Option<Vec<String>> = run
                    .iter()
                    .map(|d| one_by_one(d))
                    .filter(|d| d.as_deref() != Some(""))
                    .collect();
                // Refusing is always allowed; the caller then reads one by one.
                if let Some(deltas) = fast(&events) {
                    assert_eq!(Some(deltas), expected, "shape {i}");
                }
            }
        }
        // The common shapes take the fast path (in both backends).
        for i in [0, 1, 2, 3, 4] {
            assert!(fast(&[event(SHAPES[i])]).is_some(), "shape {i}");
        }
        // Meaningful chunks never do.
        for i in [5, 7, 8, 9, 10, 11, 12, 13, 14, 15] {
            assert!(fast(&[event(SHAPES[i])]).is_none(), "shape {i}");
        }
    }

    #[test]
    fn only_a_whole_single_object_is_batchable() {
        for data in [r#"{}"#, r#" {"a":"}"} "#, r#"{"a":[{"b":"\"]"}]}"#] {
            assert!(batchable(&event(data)), "{data}");
        }
        for data in [
            "",
            "[DONE]",
            "[{}]",
            r#"{"a":1},{"b":2}"#,
            r#"{"a":"x"#,
            r#"{"a":"x}"#,
            r#"{"a":{}"#,
            "42",
        ] {
            assert!(!batchable(&event(data)), "{data}");
        }
        let named = SseEvent {
            event: Some("ping".into()),
            ..event("{}")
        };
        assert!(!batchable(&named));
    }

    #[test]
    fn events_cannot_merge_across_the_joining_commas() {
        // Joined, these two would make one valid object; each alone is not one object.
        let halves = [r#"{"choices":[{"delta":{"content":"a"#, r#""}}]}"#];
        assert!(halves.iter().all(|d| !batchable(&event(d))));
    }

    #[test]
    fn escapes() {
        assert_eq!(
            string_at(r#"a\n\"b\\\/" rest"#),
            Some(("a\n\"b\\/".to_owned(), " rest"))
        );
        assert_eq!(string_at(r#"\u00e9""#), None);
        assert_eq!(string_at(r#"\x""#), None);
        assert_eq!(string_at("unterminated"), None);
    }
}
