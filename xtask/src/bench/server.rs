//! The benchmark's token server on loopback: every `POST` is answered with [`TOKENS`] short
//! chat-completion chunks as Server-Sent Events, written as fast as the socket takes them, one
//! write per event as a token-by-token server does; CORS is open. `POST /result` is the
//! exception: its body (a page's measurement) is handed to [`TokenServer::result`].

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use crate::util::Result;

/// Tokens streamed per answer.
pub const TOKENS: usize = 20_000;

/// Path to which a page posts its measurement.
pub const RESULT_PATH: &str = "/result";

/// A running token server (it lives as long as the process).
pub struct TokenServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    results: Receiver<String>,
}

impl TokenServer {
    /// Binds a free loopback port and serves from background threads.
    pub fn start() -> Result<TokenServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}", listener.local_addr()?);
        let (sender, results) = mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let sender = sender.clone();
                std::thread::spawn(move || {
                    let _ = answer(stream, &sender);
                });
            }
        });
        Ok(TokenServer { url, results })
    }

    /// The next body posted to [`RESULT_PATH`], waiting at most `limit`.
    pub fn result(&self, limit: Duration) -> Option<String> {
        self.results.recv_timeout(limit).ok()
    }
}

/// The expected answer: the text of the [`TOKENS`] tokens, in order.
pub fn token(i: usize) -> String {
    format!("w{} ", i % 10)
}

/// The SSE body: [`TOKENS`] chunk events, then `[DONE]`.
fn sse_body() -> Vec<u8> {
    let mut body = Vec::with_capacity(TOKENS * 90);
    for i in 0..TOKENS {
        let token = token(i);
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

fn answer(stream: TcpStream, results: &Sender<String>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    while let Some(request) = crate::http_request::read_request(&mut reader)? {
        if std::env::var_os("HF_BENCH_DEBUG").is_some() {
            eprintln!("token server: {}", request.line);
        }
        if request.line.starts_with("OPTIONS") {
            write!(
                stream,
                "HTTP/1.1 204 No Content\r\n{CORS}Content-Length: 0\r\n\r\n"
            )?;
            continue;
        }
        if request.path() == RESULT_PATH {
            write!(
                stream,
                "HTTP/1.1 204 No Content\r\n{CORS}Content-Length: 0\r\n\r\n"
            )?;
            let _ = results.send(String::from_utf8_lossy(&request.body).into_owned());
            continue;
        }
        let sse = sse_body();
        write!(
            stream,
            "HTTP/1.1 200 OK\r\n{CORS}Content-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"
        )?;
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
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_body_holds_every_token_and_ends_with_done() {
        let body = String::from_utf8(super::sse_body()).unwrap();
        assert_eq!(body.matches("data: {").count(), super::TOKENS);
        assert!(body.ends_with("data: [DONE]\n\n"));
        assert!(body.contains("\"content\":\"w9 \""));
    }
}
