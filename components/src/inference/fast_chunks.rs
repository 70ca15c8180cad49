//! The fast path of [`StreamAssembler`](super::StreamAssembler) for what a fast model sends
//! almost always: an event that carries only a text delta,
//! `{"choices":[{"delta":{"content":"…"}}]}` with any other members.
//!
//! Reading such an event through [`parse_chunk_event`](super::parse_chunk_event) costs a
//! `JSON.parse` and a dozen crossings of the wasm/JS boundary. Here its bytes are scanned in
//! Rust, in one pass, with no allocation: the whole text is checked to be JSON (strings,
//! escapes, numbers, literals, nesting), and only when every member that
//! [`parse_chunk_event`](super::parse_chunk_event) reads has the one shape that means "just
//! this text" is the delta taken. Anything else (a finish reason, usage, an error, a `message`,
//! several choices, a duplicated or escaped member name, a `\u` escape, an exponent, deep
//! nesting, text that is not JSON) is refused, and the caller reads the event with
//! [`parse_chunk_event`](super::parse_chunk_event), so the outcome is always the same.

/// Deepest nesting the scanner follows; deeper text is refused (serde_json stops at 128).
const MAX_DEPTH: usize = 32;

/// Longest number the scanner reads; longer ones are refused (they could overflow an f64).
const MAX_NUMBER_BYTES: usize = 40;

/// Appends the text delta of the event data `data` to `text` and returns `true`, when `data` is
/// a plain content chunk: a JSON object whose `choices` is an array of one object whose `delta`
/// is an object with a string (or `null`) `content`, and whose `error`, `usage`,
/// `finish_reason` and `message`, if present, are `null`. Returns `false`, having added
/// nothing, otherwise.
pub(crate) fn plain_delta(data: &str, text: &mut String) -> bool {
    let start = text.len();
    let data = data.trim();
    let mut scan = Scanner {
        text: data,
        bytes: data.as_bytes(),
        at: 0,
        depth: 0,
    };
    let read = scan.chunk(text).is_some() && scan.at == scan.bytes.len();
    if !read {
        text.truncate(start);
    }
    read
}

/// Which object the scanner is in: the three that matter, or any other.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    /// The event's object: one `choices`; `error` and `usage` only `null`.
    Chunk,
    /// `choices[0]`: one `delta`; `finish_reason` and `message` only `null`.
    Choice,
    /// `choices[0].delta`: one `content`, a string (the text) or `null`.
    Delta,
    /// Anything else: every member is checked and skipped.
    Other,
}

impl Level {
    /// The member that must appear exactly once, and the members that may only be `null`.
    fn members(self) -> (&'static [u8], [&'static [u8]; 2]) {
        match self {
            Level::Chunk => (b"choices", [b"error", b"usage"]),
            Level::Choice => (b"delta", [b"finish_reason", b"message"]),
            Level::Delta => (b"content", [b"", b""]),
            Level::Other => (b"", [b"", b""]),
        }
    }
}

/// A cursor over one event's data. Every method returns `None` when the text is not what it
/// expects, leaving the cursor anywhere.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Scanner<'_> {
    /// The event's object, its text delta appended to `text`.
    fn chunk(&mut self, text: &mut String) -> Option<()> {
        self.object(Level::Chunk, Some(text))
    }

    /// `{ "key": value, ... }` at `level`, holding its one required member exactly once.
    /// Member names with an escape are refused: they could spell a name that matters.
    fn object(&mut self, level: Level, mut text: Option<&mut String>) -> Option<()> {
        let (required, nulls) = level.members();
        let mut seen = level == Level::Other;
        self.expect(b'{')?;
        self.enter()?;
        self.skip_space();
        if self.peek()? == b'}' {
            self.at += 1;
            self.leave();
            return seen.then_some(());
        }
        loop {
            self.skip_space();
            self.expect(b'"')?;
            let start = self.at;
            let len = self.bytes[start..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            self.at += len + 1;
            let bytes = self.bytes;
            let key = &bytes[start..start + len];
            if bytes[start + len] != b'"' {
                return None;
            }
            self.skip_space();
            self.expect(b':')?;
            self.skip_space();
            if level != Level::Other && key == required {
                if seen {
                    return None;
                }
                seen = true;
                match level {
                    Level::Chunk => self.choices(text.as_deref_mut())?,
                    Level::Choice => self.object(Level::Delta, text.as_deref_mut())?,
                    _ if self.peek()? == b'"' => self.string(text.as_deref_mut())?,
                    _ => self.null()?,
                }
            } else if level != Level::Other && nulls.contains(&key) {
                self.null()?;
            } else {
                self.value(None)?;
            }
            self.skip_space();
            match self.next()? {
                b',' => continue,
                b'}' => {
                    self.leave();
                    return seen.then_some(());
                }
                _ => return None,
            }
        }
    }

    /// `[ choice ]`: one choice only.
    fn choices(&mut self, text: Option<&mut String>) -> Option<()> {
        self.expect(b'[')?;
        self.enter()?;
        self.skip_space();
        self.object(Level::Choice, text)?;
        self.skip_space();
        self.expect(b']')?;
        self.leave();
        Some(())
    }

    /// Any JSON value, checked and skipped (or, for a string and `out`, appended to it).
    fn value(&mut self, out: Option<&mut String>) -> Option<()> {
        match self.peek()? {
            b'"' => self.string(out),
            b'{' => self.object(Level::Other, None),
            b'[' => self.array(),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.null(),
            _ => self.number(),
        }
    }

    fn array(&mut self) -> Option<()> {
        self.expect(b'[')?;
        self.enter()?;
        self.skip_space();
        if self.peek()? == b']' {
            self.at += 1;
            self.leave();
            return Some(());
        }
        loop {
            self.skip_space();
            self.value(None)?;
            self.skip_space();
            match self.next()? {
                b',' => continue,
                b']' => {
                    self.leave();
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn null(&mut self) -> Option<()> {
        self.literal(b"null")
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`: exponents and very long numbers are refused.
    fn number(&mut self) -> Option<()> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            let before = self.at;
            self.digits();
            if self.at == before {
                return None;
            }
        }
        let after = self.peek();
        let ends = !matches!(after, Some(b'0'..=b'9' | b'e' | b'E' | b'.'));
        (ends && self.at - start <= MAX_NUMBER_BYTES).then_some(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    /// A string (the cursor on its opening quote), its unescaped text appended to `out` when
    /// given. Control characters and unknown escapes are refused, and so is `\u`: servers that
    /// write it (Python's `ensure_ascii`) are rare enough to leave to the full parser, which
    /// also settles what a lone surrogate becomes (the widget's size budget has no room for
    /// both).
    fn string(&mut self, mut out: Option<&mut String>) -> Option<()> {
        self.expect(b'"')?;
        let bytes = self.bytes;
        loop {
            let run = bytes[self.at..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            if let Some(out) = out.as_deref_mut() {
                // The run ends before an ASCII byte and starts after one: whole characters.
                out.push_str(self.text.get(self.at..self.at + run)?);
            }
            self.at += run;
            match self.next()? {
                b'"' => return Some(()),
                b'\\' => {
                    let unescaped = self.escape()?;
                    if let Some(out) = out.as_deref_mut() {
                        out.push(unescaped);
                    }
                }
                _ => return None,
            }
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Option<char> {
        Some(match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            _ => return None,
        })
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inference::stream::parse_chunk_event;
    use crate::inference::stream::StreamItem;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The fast path's delta, `None` when it refused (and then added nothing).
    fn fast(data: &str) -> Option<String> {
        let mut text = "before ".to_owned();
        let accepted = plain_delta(data, &mut text);
        let delta = text.strip_prefix("before ").unwrap().to_owned();
        if !accepted {
            assert_eq!(delta, "", "a refused event adds nothing: {data}");
        }
        accepted.then_some(delta)
    }

    /// What reading the event in full gives, as the fast path would report it: the delta
    /// text, or `None` when the event means anything else.
    fn full(data: &str) -> Option<String> {
        match parse_chunk_event(data) {
            Ok(items) => match &items[..] {
                [] => Some(String::new()),
                [StreamItem::Delta(text)] => Some(text.clone()),
                _ => None,
            },
            Err(_) => None,
        }
    }

    /// Chunks as servers send them: plain deltas, and every kind the fast path must leave to
    /// `parse_chunk_event`.
    const SHAPES: &[&str] = &[
        // 0..=8: plain deltas, read by the fast path.
        r#"{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"w0 "}}]}"#,
        r#"{"id":"x","created":1733000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null,"system_fingerprint":"3.0.1-sha-bb9095a"}"#,
        r#"  {"choices":[{"delta":{"content":"café \"q\" \\ \/ \n\t\r\b\f 🤗"}}]} "#,
        r#"{"choices":[{"delta":{"content":""}}]}"#,
        r#"{"choices":[{"delta":{"content":"a}{\"b"}}],"created":1}"#,
        r#"{"choices":[{"delta":{"content":null}}]}"#,
        "{ \"choices\" : [ { \"delta\" : { \"content\" : \"spaced\" } } ] ,\n\"error\":null }",
        r#"{"choices":[{"delta":{"content":"x"},"finish_reason":null,"message":null}],"usage":null,"error":null,"n":[-0.5,1.25,0,true,false,null,{},[],{"a":[{"b":"c"}]}]}"#,
        r#"{"usage":null,"choices":[{"delta":{"content":"usage first","tool_calls":[]}}]}"#,
        // 9..: read in full.
        r#"{"choices":[{"delta":{"content":"pair \ud83e\udd17 \u00e9\u0000\u20AC"}}]}"#,
        r#"{"choices":[{"delta":{"content":"lone \ud83e"}}]}"#,
        r#"{"choices":[{"delta":{"content":"lone \udd17 low"}}]}"#,
        r#"{"choices":[{"delta":{}}]}"#,
        r#"{"choices":[{"delta":{"role":"assistant"}}]}"#,
        r#"{"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}"#,
        r#"{"choices":[{"delta":{"content":"x"}}],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#,
        r#"{"choices":[{"message":{"content":"whole"}}]}"#,
        r#"{"choices":[{"delta":{"content":"x"},"message":{"content":"y"}}]}"#,
        r#"{"choices":[{"delta":{"content":"x"}},{"delta":{"content":"second"}}]}"#,
        r#"{"choices":[]}"#,
        r#"{"choices":[{"delta":{"content":7}}]}"#,
        r#"{"error":"boom","choices":[{"delta":{"content":"x"}}]}"#,
        r#"{"error":{"message":"bad","code":401}}"#,
        r#"{"choices":{"0":{"delta":{"content":"not an array"}}}}"#,
        r#"{"choices":[{"delta":{"content":"x"}}]"#,
        r#"{"choices":[{"delta":{"content":"x"}}]},{"choices":[]}"#,
        r#"{"choices":[{"delta":{"content":"x"}}]} trailing"#,
        r#"{"choices":[{"delta":{"content":"dup"}}],"choices":[{"delta":{"content":"last"}}]}"#,
        r#"{"choices":[{"delta":{"content":"dup","content":"last"}}]}"#,
        r#"{"choices":[{"delta":{"content":"a"},"delta":{"content":"b"}}]}"#,
        r#"{"cho\u0069ces":[{"delta":{"content":"escaped name"}}]}"#,
        r#"{"choices":[{"delta":{"content":"x"}}],"big":1e400}"#,
        r#"{"choices":[{"delta":{"content":"x"}}],"n":01}"#,
        r#"{"choices":[{"delta":{"content":"x"}}],"n":1.}"#,
        r#"{"choices":[{"delta":{"content":"x"}}],"n":-}"#,
        r#"{"choices":[{"delta":{"content":"x"}}],"n":tru}"#,
        r#"{"choices":[{"delta":{"content":"x"}}],"n":[1,]}"#,
        r#"{"choices":[{"delta":{"content":"x"}}],}"#,
        r#"{"choices":[{"delta":{"content":"x\q"}}]}"#,
        r#"{"choices":[{"delta":{"content":"x\u12"}}]}"#,
        "{\"choices\":[{\"delta\":{\"content\":\"raw\ttab\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\u{a0}\"a\":1}",
        "[DONE]",
        "",
        "not json",
        "[1,2]",
    ];

    /// Plain deltas in `SHAPES`.
    const PLAIN: usize = 9;

    #[test]
    fn plain_deltas_are_read_and_the_rest_is_refused() {
        for (i, data) in SHAPES.iter().enumerate() {
            let fast = fast(data);
            assert_eq!(fast.is_some(), i < PLAIN, "shape {i}: {data}");
            if let Some(delta) = fast {
                assert_eq!(Some(delta), full(data), "shape {i}: {data}");
            }
        }
        assert_eq!(
            fast(SHAPES[2]).unwrap(),
            "café \"q\" \\ / \n\t\r\u{8}\u{c} 🤗"
        );
        assert_eq!(fast(SHAPES[5]).unwrap(), "");
    }

    /// Every prefix, and every one-byte change, of every shape: the fast path either refuses
    /// or reads what `parse_chunk_event` reads.
    #[test]
    fn never_disagrees_with_the_full_parser() {
        let replacements = [
            b'"', b'\\', b'{', b'}', b'[', b']', b',', b':', b'0', b'e', b'n',
        ];
        for data in SHAPES {
            let bytes = data.as_bytes();
            let mut variants: Vec<Vec<u8>> =
                (0..bytes.len()).map(|i| bytes[..i].to_vec()).collect();
            for i in 0..bytes.len() {
                for &byte in &replacements {
                    let mut changed = bytes.to_vec();
                    changed[i] = byte;
                    variants.push(changed);
                }
                let mut removed = bytes.to_vec();
                removed.remove(i);
                variants.push(removed);
            }
            for variant in variants {
                let Ok(text) = std::str::from_utf8(&variant) else {
                    continue;
                };
                if let Some(delta) = fast(text) {
                    assert_eq!(Some(delta), full(text), "{text}");
                }
            }
        }
    }

    #[test]
    fn deep_nesting_is_left_to_the_full_parser() {
        let deep = |depth: usize| {
            format!(
                r#"{{"choices":[{{"delta":{{"content":"x"}}}}],"n":{}{}}}"#,
                "[".repeat(depth),
                "]".repeat(depth)
            )
        };
        assert_eq!(fast(&deep(20)).as_deref(), Some("x"));
        assert_eq!(fast(&deep(MAX_DEPTH)), None);
        assert_eq!(fast(&deep(10_000)), None);
    }
}
