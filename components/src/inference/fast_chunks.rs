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
//! several choices, a duplicated or escaped member name, a lone surrogate, an exponent, deep
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
    let mut scan = Scanner {
        bytes: data.trim().as_bytes(),
        at: 0,
        depth: 0,
    };
    let read = scan.chunk(text).is_some() && scan.at == scan.bytes.len();
    if !read {
        text.truncate(start);
    }
    read
}

/// A cursor over one event's data. Every method returns `None` when the text is not what it
/// expects, leaving the cursor anywhere.
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Scanner<'_> {
    /// The top-level object: exactly one `choices`; `error` and `usage` only `null`.
    fn chunk(&mut self, text: &mut String) -> Option<()> {
        let mut choices = false;
        self.object(|scan, key| match key {
            b"choices" if !choices => {
                choices = true;
                scan.choices(text)
            }
            b"choices" => None,
            b"error" | b"usage" => scan.null(),
            _ => scan.value(None),
        })?;
        choices.then_some(())
    }

    /// `[ choice ]`: one choice only.
    fn choices(&mut self, text: &mut String) -> Option<()> {
        self.expect(b'[')?;
        self.enter()?;
        self.skip_space();
        self.choice(text)?;
        self.skip_space();
        self.expect(b']')?;
        self.leave();
        Some(())
    }

    /// The choice: exactly one `delta`; `finish_reason` and `message` only `null`.
    fn choice(&mut self, text: &mut String) -> Option<()> {
        let mut delta = false;
        self.object(|scan, key| match key {
            b"delta" if !delta => {
                delta = true;
                scan.delta(text)
            }
            b"delta" => None,
            b"finish_reason" | b"message" => scan.null(),
            _ => scan.value(None),
        })?;
        delta.then_some(())
    }

    /// The delta: exactly one `content`, a string (appended to `text`) or `null`.
    fn delta(&mut self, text: &mut String) -> Option<()> {
        let mut content = false;
        self.object(|scan, key| match key {
            b"content" if !content => {
                content = true;
                if scan.peek()? == b'"' {
                    scan.string(Some(text))
                } else {
                    scan.null()
                }
            }
            b"content" => None,
            _ => scan.value(None),
        })?;
        content.then_some(())
    }

    /// `{ "key": value, ... }`, calling `member` with the cursor on each value. Member names
    /// with an escape are refused: they could spell a name that matters.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &[u8]) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        self.enter()?;
        self.skip_space();
        if self.peek()? == b'}' {
            self.at += 1;
            self.leave();
            return Some(());
        }
        loop {
            self.skip_space();
            self.expect(b'"')?;
            let key_start = self.at;
            let key_len = self.bytes[key_start..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            self.at += key_len;
            self.expect(b'"')?;
            let bytes = self.bytes;
            let key = &bytes[key_start..key_start + key_len];
            self.skip_space();
            self.expect(b':')?;
            self.skip_space();
            member(self, key)?;
            self.skip_space();
            match self.next()? {
                b',' => continue,
                b'}' => {
                    self.leave();
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Any JSON value, checked and skipped (or, for a string and `out`, appended to it).
    fn value(&mut self, out: Option<&mut String>) -> Option<()> {
        match self.peek()? {
            b'"' => self.string(out),
            b'{' => self.object(|scan, _| scan.value(None)),
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
    /// given. Control characters, unknown escapes and unpaired surrogates are refused.
    fn string(&mut self, mut out: Option<&mut String>) -> Option<()> {
        self.expect(b'"')?;
        let bytes = self.bytes;
        loop {
            let run = bytes[self.at..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            if let Some(out) = out.as_deref_mut() {
                // The data is a `str` and the run ends before an ASCII byte: a whole UTF-8 run.
                out.push_str(std::str::from_utf8(&bytes[self.at..self.at + run]).ok()?);
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
            b'u' => {
                let unit = self.hex4()?;
                if (0xDC00..0xE000).contains(&unit) {
                    return None;
                }
                if (0xD800..0xDC00).contains(&unit) {
                    self.literal(b"\\u")?;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return None;
                    }
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                } else {
                    char::from_u32(unit)?
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        self.at += 4;
        digits.iter().try_fold(0, |unit, &digit| {
            Some(unit * 16 + char::from(digit).to_digit(16)?)
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
    use crate::inference::{parse_chunk_event, StreamItem};
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
        // 0..=9: plain deltas, read by the fast path.
        r#"{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"w0 "}}]}"#,
        r#"{"id":"x","created":1733000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null,"system_fingerprint":"3.0.1-sha-bb9095a"}"#,
        r#"  {"choices":[{"delta":{"content":"café \"q\" \\ \/ \n\t\r\b\f 🤗"}}]} "#,
        r#"{"choices":[{"delta":{"content":""}}]}"#,
        r#"{"choices":[{"delta":{"content":"a}{\"b"}}],"created":1}"#,
        r#"{"choices":[{"delta":{"content":"pair \ud83e\udd17 \u00e9\u0000\u20AC"}}]}"#,
        r#"{"choices":[{"delta":{"content":null}}]}"#,
        "{ \"choices\" : [ { \"delta\" : { \"content\" : \"spaced\" } } ] ,\n\"error\":null }",
        r#"{"choices":[{"delta":{"content":"x"},"finish_reason":null,"message":null}],"usage":null,"error":null,"n":[-0.5,1.25,0,true,false,null,{},[],{"a":[{"b":"c"}]}]}"#,
        r#"{"usage":null,"choices":[{"delta":{"content":"usage first","tool_calls":[]}}]}"#,
        // 10..: read in full.
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
    const PLAIN: usize = 10;

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
        assert_eq!(fast(SHAPES[5]).unwrap(), "pair 🤗 é\u{0}€");
        assert_eq!(fast(SHAPES[6]).unwrap(), "");
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
