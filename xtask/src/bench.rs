//! `cargo xtask bench`: the rendering benchmark of the InferencePanel (also the `bench` CI step).
//!
//! A loopback server streams [`TOKENS`] short chat-completion tokens as fast as it can write
//! them (Server-Sent Events, CORS open), and a release build of `tests/bench` runs the real
//! panel against it in headless Chromium. It asserts structure only (every token shown, in
//! order; far fewer DOM updates than tokens) and prints the timings: the time from Generate to
//! the last token on screen and every long task (PerformanceObserver `longtask`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

use crate::util::{self, Result};

/// Tokens streamed per answer.
pub const TOKENS: usize = 20_000;

/// `cargo xtask bench`.
pub fn run(_args: &[String]) -> Result {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    println!("token server on {url} ({TOKENS} tokens per answer)");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = answer(stream);
            });
        }
    });
    let mut cmd = util::cargo();
    cmd.args([
        "test",
        "--release",
        "--target",
        util::WASM_TARGET,
        "-p",
        "hf-oauth-tests",
        "--test",
        "bench",
        "--",
        "--nocapture",
    ])
    .env("HF_BENCH_URL", &url)
    .env("HF_BENCH_TOKENS", TOKENS.to_string());
    crate::install::use_headless_chromium(&mut cmd, 120);
    util::run(&mut cmd)
}

/// The `cargo xtask test` step.
pub fn step() -> Result {
    run(&[])
}

/// The SSE body: `TOKENS` chunk events, then `[DONE]`.
fn sse_body() -> Vec<u8> {
    let mut body = Vec::with_capacity(TOKENS * 90);
    for i in 0..TOKENS {
        let token = format!("w{} ", i % 10);
        body.extend_from_slice(
            format!(
                "data: {{\"object\":\"chat.completion.chunk\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{token}\"}}}}]}}\n\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(b"data: [DONE]\n\n");
    body
}

const CORS: &str = "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Headers: Authorization, Content-Type, Accept\r\nAccess-Control-Allow-Methods: POST, OPTIONS\r\n";

fn answer(stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut content_length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; content_length];
        reader.read_exact(&mut body)?;
        if request_line.starts_with("OPTIONS") {
            write!(
                stream,
                "HTTP/1.1 204 No Content\r\n{CORS}Content-Length: 0\r\n\r\n"
            )?;
            continue;
        }
        let sse = sse_body();
        write!(
            stream,
            "HTTP/1.1 200 OK\r\n{CORS}Content-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"
        )?;
        // One write per event, as a token-by-token server does.
        for event in sse
            .split_inclusive(|&b| b == b'\n')
            .collect::<Vec<_>>()
            .chunks(2)
        {
            stream.write_all(&event.concat())?;
        }
        stream.flush()?;
        return Ok(());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_body_holds_every_token_and_ends_with_done() {
        let body = String::from_utf8(super::sse_body()).unwrap();
        assert_eq!(body.matches("data: {").count(), super::TOKENS);
        assert!(body.ends_with("data: [DONE]\n\n"));
    }
}
