//! The server of the first paint's structural check ([`crate::first_paint_check`]): the check's
//! page, the first-paint folder under `/static/widget/` (the wasm held until the page has
//! reported its first paint), a provider's discovery and authorize endpoints, and the page's
//! reports, all logged in order.

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};

use crate::first_paint_check::{LIMIT, PAGE};
use crate::util::Result;

/// What the server saw, in order: `wasm held`, `report paint {json}`, `wasm sent`,
/// `report mounted {json}`, `authorize <query>`.
#[derive(Default)]
pub struct Log {
    events: Mutex<Vec<String>>,
    changed: Condvar,
}

impl Log {
    fn push(&self, event: String) {
        self.events.lock().unwrap().push(event);
        self.changed.notify_all();
    }

    /// Waits until an event starts with `prefix` (or [`LIMIT`] passes); returns it.
    pub fn wait_for(&self, prefix: &str) -> Option<String> {
        let events = self.events.lock().unwrap();
        let (events, _) = self
            .changed
            .wait_timeout_while(events, LIMIT, |events| {
                !events.iter().any(|e| e.starts_with(prefix))
            })
            .unwrap();
        events.iter().find(|e| e.starts_with(prefix)).cloned()
    }

    pub fn snapshot(&self) -> Vec<String> {
        self.events.lock().unwrap().clone()
    }
}

/// Serves [`PAGE`], `dist` under `/static/widget/`, the provider's discovery and authorize
/// endpoints, and the reports, on a free loopback port; returns the page URL and the log.
pub fn serve(dist: &Path) -> Result<(String, Arc<Log>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/", listener.local_addr()?);
    let log = Arc::new(Log::default());
    let (dist, base, shared) = (
        dist.to_owned(),
        url.trim_end_matches('/').to_owned(),
        log.clone(),
    );
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (dist, base, log) = (dist.clone(), base.clone(), shared.clone());
            std::thread::spawn(move || {
                let _ = answer(stream, &dist, &base, &log);
            });
        }
    });
    Ok((url, log))
}

fn answer(stream: TcpStream, dist: &Path, base: &str, log: &Log) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    let Some(request) = crate::http_request::read_request(&mut reader)? else {
        return Ok(());
    };
    let body = &request.body;
    let target = request.target();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut send = |status: &str, kind: &str, bytes: &[u8]| -> std::io::Result<()> {
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            bytes.len()
        )?;
        stream.write_all(bytes)?;
        stream.flush()
    };
    if let Some(name) = path.strip_prefix("/report/") {
        log.push(format!("report {name} {}", String::from_utf8_lossy(body)));
        return send("204 No Content", "text/plain", b"");
    }
    match path {
        "/" => send("200 OK", "text/html; charset=utf-8", PAGE.as_bytes()),
        "/.well-known/openid-configuration" => {
            let doc = serde_json::json!({
                "issuer": base,
                "authorization_endpoint": format!("{base}/oauth/authorize"),
                "token_endpoint": format!("{base}/oauth/token"),
                "userinfo_endpoint": format!("{base}/oauth/userinfo"),
                "jwks_uri": format!("{base}/oauth/jwks"),
            });
            send("200 OK", "application/json", doc.to_string().as_bytes())
        }
        "/oauth/authorize" => {
            log.push(format!("authorize {query}"));
            send("200 OK", "text/html", b"<!doctype html><p>authorize</p>")
        }
        _ => {
            let Some(name) = path.strip_prefix("/static/widget/") else {
                return send("404 Not Found", "text/plain", b"not found");
            };
            let file = dist.join(name);
            let Ok(bytes) = std::fs::read(&file) else {
                return send("404 Not Found", "text/plain", b"not found");
            };
            if name.ends_with(".wasm") {
                log.push("wasm held".into());
                log.wait_for("report paint ");
                log.push("wasm sent".into());
                return send("200 OK", "application/wasm", &bytes);
            }
            send("200 OK", crate::serve::content_type(&file), &bytes)
        }
    }
}
