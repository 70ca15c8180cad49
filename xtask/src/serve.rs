//! A tiny std-only static file server for `dist/` directories, bound to loopback.
//!
//! One thread per connection, `Connection: close`, GET and HEAD only. Paths with `..`
//! are refused; extension-less unknown paths fall back to `index.html` so deep links work. The
//! dev server of `cargo xtask showcase` also answers the build number (see [`live_reload`]).

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::live_reload::{self, BuildNumber};
use crate::util::Result;

/// How many ports after the requested one are tried when it is busy.
const PORT_ATTEMPTS: u16 = 20;

/// Serves `dir` on `http://127.0.0.1:<port>` (or the next free port) from background threads
/// for the rest of the process, logging requests, and answers [`live_reload::ENDPOINT`] with
/// `build`'s number (not logged: open pages ask every second); returns the bound address. For
/// `cargo xtask showcase`.
pub fn serve_dev(dir: &Path, port: u16, build: BuildNumber) -> Result<SocketAddr> {
    let root = dir.canonicalize()?;
    let listener = bind(port)?;
    let addr = listener.local_addr()?;
    println!(
        "\nserving {} at http://{addr}/  (Ctrl-C to stop)",
        root.display()
    );
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(|s| s.ok()) {
            let (root, build) = (root.clone(), build.clone());
            std::thread::spawn(move || {
                if let Err(e) = handle(stream, &root, true, Some(&build)) {
                    eprintln!("  connection error: {e}");
                }
            });
        }
    });
    Ok(addr)
}

/// Serves `dir` on 127.0.0.1:`port` (0: any free port) from background threads, without
/// logging requests, for the rest of the process; returns the bound address. For commands that
/// point a browser at a built site (screenshots, the widget check, e2e).
pub fn serve_in_background(dir: &Path, port: u16) -> Result<SocketAddr> {
    let root = dir.canonicalize()?;
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        format!(
            "cannot bind 127.0.0.1:{port} to serve {}: {e}",
            root.display()
        )
    })?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(|s| s.ok()) {
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &root, false, None);
            });
        }
    });
    Ok(addr)
}

/// Binds 127.0.0.1 on `first` or one of the following ports.
fn bind(first: u16) -> Result<TcpListener> {
    for port in first..=first.saturating_add(PORT_ATTEMPTS) {
        match TcpListener::bind(("127.0.0.1", port)) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                println!("port {port} is busy, trying {}", port.saturating_add(1));
            }
            Err(e) => return Err(format!("cannot bind 127.0.0.1:{port}: {e}").into()),
        }
    }
    Err(format!(
        "ports {first}..={} are all busy",
        first.saturating_add(PORT_ATTEMPTS)
    )
    .into())
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file to send (possibly the index.html fallback).
    File(PathBuf),
    /// The path tries to leave the served directory or is malformed.
    Forbidden,
    /// Nothing there.
    NotFound,
}

/// Maps a request target (path, maybe with a query) to a file under the canonical `root`.
pub fn resolve(root: &Path, target: &str) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let Some(path) = percent_decode(path) else {
        return Resolved::Forbidden;
    };
    if !path.starts_with('/') {
        return Resolved::Forbidden;
    }
    let mut rel = PathBuf::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Resolved::Forbidden,
            s if s.contains(['\\', '\0', ':']) => return Resolved::Forbidden,
            s => rel.push(s),
        }
    }
    let mut candidate = root.join(&rel);
    if candidate.is_dir() {
        candidate.push("index.html");
    }
    if candidate.is_file() {
        // Refuse symlinks pointing outside the served directory.
        return match candidate.canonicalize() {
            Ok(real) if real.starts_with(root) => Resolved::File(real),
            _ => Resolved::Forbidden,
        };
    }
    let has_extension = rel.extension().is_some();
    let index = root.join("index.html");
    if !has_extension && index.is_file() {
        Resolved::File(index)
    } else {
        Resolved::NotFound
    }
}

/// Decodes `%XX` escapes; `None` if malformed or not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a file, from its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Handles one connection: reads the request head, answers, closes; logs the request when
/// `log` is set; answers the build number when `build` is given.
fn handle(
    stream: TcpStream,
    root: &Path,
    log: bool,
    build: Option<&BuildNumber>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers (bounded) so the client sees a clean close.
    let mut header = String::new();
    for _ in 0..100 {
        header.clear();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let mut out = &stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            log,
            &mut out,
            method,
            target,
            "405 Method Not Allowed",
            "text/plain",
            b"405\n",
        );
    }
    let (status, kind, body) = answer(root, target, build);
    let log = log && !is_build_number(target);
    respond(log, &mut out, method, target, status, kind, &body)
}

/// Whether a request target asks for the build number.
fn is_build_number(target: &str) -> bool {
    target.split(['?', '#']).next() == Some(live_reload::ENDPOINT)
}

/// Status, content type and body for a GET of `target`: the build number when `build` is given
/// and asked for, else the file [`resolve`] finds.
fn answer(
    root: &Path,
    target: &str,
    build: Option<&BuildNumber>,
) -> (&'static str, &'static str, Vec<u8>) {
    if let Some(build) = build.filter(|_| is_build_number(target)) {
        return ("200 OK", "text/plain", build.get().to_string().into_bytes());
    }
    match resolve(root, target) {
        Resolved::File(path) => match std::fs::read(&path) {
            Ok(body) => ("200 OK", content_type(&path), body),
            Err(_) => ("404 Not Found", "text/plain", b"404\n".to_vec()),
        },
        Resolved::Forbidden => ("403 Forbidden", "text/plain", b"403\n".to_vec()),
        Resolved::NotFound => ("404 Not Found", "text/plain", b"404\n".to_vec()),
    }
}

/// Writes a complete response (no body for HEAD) and logs it.
fn respond(
    log: bool,
    out: &mut impl Write,
    method: &str,
    target: &str,
    status: &str,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    if log {
        println!("  {method} {target} -> {status}");
    }
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if method != "HEAD" {
        out.write_all(body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_files_fallback_and_refuses_traversal() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
        std::fs::write(dir.join("showcase.js"), "").unwrap();
        std::fs::write(dir.join("assets").join("logo.svg"), "<svg/>").unwrap();
        let root = dir.canonicalize().unwrap();
        let index = Resolved::File(root.join("index.html"));

        assert_eq!(resolve(&root, "/"), index);
        assert_eq!(
            resolve(&root, "/showcase.js?v=1"),
            Resolved::File(root.join("showcase.js"))
        );
        assert_eq!(
            resolve(&root, "/assets/logo%2Esvg"),
            Resolved::File(root.join("assets").join("logo.svg"))
        );
        assert_eq!(resolve(&root, "/stories/login-button?x=1"), index);
        assert_eq!(resolve(&root, "/missing.png"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/../Cargo.toml"), Resolved::Forbidden);
        assert_eq!(
            resolve(&root, "/assets/%2e%2e/%2e%2e/etc/passwd"),
            Resolved::Forbidden
        );
        assert_eq!(resolve(&root, "/a%2fb%5c..%5cc"), Resolved::Forbidden);
        assert_eq!(resolve(&root, "/bad%zz"), Resolved::Forbidden);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_the_dev_server_answers_the_build_number() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-build-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
        let root = dir.canonicalize().unwrap();
        let build = BuildNumber::default();
        build.set(4);

        let (status, kind, body) = answer(&root, "/__build", Some(&build));
        assert_eq!(
            (status, kind, body.as_slice()),
            ("200 OK", "text/plain", &b"4"[..])
        );
        let (_, _, body) = answer(&root, "/__build?t=1", Some(&build));
        assert_eq!(body, b"4");
        // Elsewhere, files as usual; without a build number, the path is just a deep link.
        let (_, _, body) = answer(&root, "/", Some(&build));
        assert_eq!(body, b"<!doctype html>");
        let (_, _, body) = answer(&root, "/__build", None);
        assert_eq!(body, b"<!doctype html>");
        assert_eq!(
            answer(&root, "/__builds.txt", Some(&build)).0,
            "404 Not Found"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("a.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.SVG")), "image/svg+xml");
        assert_eq!(content_type(Path::new("a.json")), "application/json");
    }
}
