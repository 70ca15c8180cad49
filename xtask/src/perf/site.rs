//! One side's site for `cargo xtask perf`: a loopback server for the harness page (at `/`, with
//! any query, so it is also the OAuth redirect URI), the side's files under `/static/`, and
//! `POST /report`, whose bodies (`key=value`) the runner reads.

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use crate::util::Result;

/// The account of the loopback provider (tests/e2e/provider.mjs): its name appears on screen
/// once a sign-in has finished.
pub const ACCOUNT_NAME: &str = "Ada Lovelace";

/// What the harness page needs to know.
pub struct Page<'a> {
    /// The module the page loads (`/static/...`).
    pub module: &'a str,
    /// Extra `<head>` markup (the embed snippet's preload hints), or "".
    pub head: &'a str,
    /// The provider's issuer (`window.HF_HUB_URL`).
    pub provider: &'a str,
    /// The token server (`window.HF_INFERENCE_URL`).
    pub tokens_url: &'a str,
    /// Characters of the whole streamed answer.
    pub answer_chars: usize,
}

/// The probe: a classic script that runs before the module. On a fresh load it reports
/// `load_ms` (navigation start → an enabled "Sign in with Hugging Face" button in the demo)
/// and clicks that button; on the OAuth callback it reports `callback_ms` (navigation start of
/// the callback page → the account's name in the demo), then clicks Generate and reports
/// `stream_ms` (click → the whole answer in the DOM, checked once per frame). Any failure is
/// reported as `error=...`.
const PROBE: &str = r#"
(() => {
  const report = (line) => fetch("/report", { method: "POST", body: line, keepalive: true });
  const demo = () => document.getElementById("hf-oauth-demo");
  const button = (words) => [...(demo() ? demo().querySelectorAll("button") : [])].find((b) =>
    b.textContent.trim() === words && !b.disabled && b.getAttribute("aria-busy") !== "true");
  const when = (test, then) => {
    if (test()) return then();
    const watch = new MutationObserver(() => test() && (watch.disconnect(), then()));
    watch.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  };
  window.addEventListener("error", (e) => report("error=" + e.message));
  if (!/[?&]code=/.test(location.search)) {
    when(() => button("Sign in with Hugging Face"), () => {
      report("load_ms=" + performance.now());
      button("Sign in with Hugging Face").click();
    });
    return;
  }
  when(() => demo() && demo().textContent.includes(NAME), () => {
    report("callback_ms=" + performance.now());
    when(() => button("Generate"), () => {
      const started = performance.now();
      button("Generate").click();
      let frames = 0;
      const poll = () => {
        frames += 1;
        const answer = demo().querySelector(".hf-oauth-answer, pre");
        if (answer && answer.textContent.length >= CHARS - 1) {
          report("stream_ms=" + (performance.now() - started));
        } else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
      // A diagnosis for a run that never ends (the runner gives up after its own limit).
      setTimeout(() => {
        const answer = demo().querySelector(".hf-oauth-answer, pre");
        report("error=after 60 s (" + frames + " animation frames) the answer holds " + (answer ? answer.textContent.length : "no element") +
          " of " + CHARS + " characters; the demo says: " + demo().innerText.slice(0, 1500).replace(/\s+/g, " "));
      }, 60000);
    });
  });
})();
"#;

/// The harness page of one side.
pub fn page(page: &Page) -> String {
    let probe = PROBE
        .replace("NAME", &format!("{ACCOUNT_NAME:?}"))
        .replace("CHARS", &page.answer_chars.to_string());
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>perf</title>
  <script>
    window.HF_OAUTH_CLIENT_ID = "hf-oauth-e2e";
    window.HF_OAUTH_SCOPES = "openid profile inference-api";
    window.HF_HUB_URL = "{provider}";
    window.HF_INFERENCE_URL = "{tokens}";
    window.HF_INFERENCE_MODEL = "bench/model";
    {probe}
  </script>
  {head}
  <script type="module" src="/static/{module}"></script>
</head>
<body><div id="hf-oauth-demo"></div></body>
</html>
"#,
        provider = page.provider,
        tokens = page.tokens_url,
        head = page.head,
        module = page.module,
    )
}

/// A running site.
pub struct Site {
    /// `http://127.0.0.1:<port>`.
    pub origin: String,
    reports: Receiver<String>,
}

impl Site {
    /// Binds a free loopback port; the page is set later ([`Site::serve`]), once the provider
    /// (which needs this origin) runs.
    pub fn bind() -> Result<(Site, TcpListener)> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let origin = format!("http://{}", listener.local_addr()?);
        let (_, reports) = mpsc::channel();
        Ok((Site { origin, reports }, listener))
    }

    /// Serves `page` at `/` and `dir` under `/static/` from background threads, each answer
    /// (but the reports) after `latency`, a network's round trip.
    pub fn serve(&mut self, listener: TcpListener, page: String, dir: &Path, latency: Duration) {
        let (sender, reports) = mpsc::channel();
        self.reports = reports;
        let dir = dir.to_owned();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (page, dir, sender) = (page.clone(), dir.clone(), sender.clone());
                std::thread::spawn(move || {
                    let _ = answer(stream, &page, &dir, &sender, latency);
                });
            }
        });
    }

    /// Forgets reports left over from an earlier run.
    pub fn drain(&self) {
        while self.reports.try_recv().is_ok() {}
    }

    /// The next report, waiting at most `limit`.
    pub fn report(&self, limit: Duration) -> Option<String> {
        self.reports.recv_timeout(limit).ok()
    }
}

fn answer(
    stream: TcpStream,
    page: &str,
    dir: &Path,
    reports: &Sender<String>,
    latency: Duration,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    let Some(request) = crate::http_request::read_request(&mut reader)? else {
        return Ok(());
    };
    let path = request.path();
    if path != "/report" {
        std::thread::sleep(latency);
    }
    let (status, kind, cache, bytes) = if path == "/report" {
        let _ = reports.send(String::from_utf8_lossy(&request.body).into_owned());
        ("204 No Content", "text/plain", "no-store", Vec::new())
    } else if path == "/" {
        (
            "200 OK",
            "text/html; charset=utf-8",
            "no-store",
            page.as_bytes().to_vec(),
        )
    } else if let Some(bytes) = path
        .strip_prefix("/static/")
        .filter(|name| !name.contains(".."))
        .and_then(|name| std::fs::read(dir.join(name)).ok())
    {
        let kind = crate::serve::content_type(Path::new(path));
        // Cached like a static host would: the callback page finds the files in the cache.
        ("200 OK", kind, "max-age=3600", bytes)
    } else {
        (
            "404 Not Found",
            "text/plain",
            "no-store",
            b"not found".to_vec(),
        )
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: {cache}\r\nConnection: close\r\n\r\n",
        bytes.len()
    )?;
    stream.write_all(&bytes)?;
    stream.flush()
}
