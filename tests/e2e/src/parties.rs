//! The local parties' processes: started with their output in a log file, waited for, stopped
//! (also when the run fails: [`Party`] stops its process when dropped). And the static sites
//! (tiny_http), which refuse any path that would leave their folder.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::http;
use crate::util::{self, Result};

/// A running child process whose output goes to a log file.
pub struct Party {
    /// Short name for messages.
    pub name: &'static str,
    child: Option<Child>,
    /// Where its stdout and stderr go.
    pub log: PathBuf,
}

impl Party {
    /// Start `cmd`, appending its output to `<log_dir>/<name>.log`.
    pub fn start(name: &'static str, cmd: &mut Command, log_dir: &Path) -> Result<Party> {
        let log = log_dir.join(format!("{name}.log"));
        let file = File::options().create(true).append(true).open(&log)?;
        writeln!(&file, "\n=== $ {}", util::display(cmd))?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(file.try_clone()?)
            .stderr(file)
            .spawn()
            .map_err(|e| format!("could not start {name} (`{}`): {e}", util::display(cmd)))?;
        Ok(Party {
            name,
            child: Some(child),
            log,
        })
    }

    /// Fails (with the end of its log) when the process has exited.
    pub fn check_alive(&mut self) -> Result {
        let Some(child) = self.child.as_mut() else {
            return Err(format!("{} is stopped", self.name).into());
        };
        if let Some(status) = child.try_wait()? {
            self.child = None;
            return Err(format!(
                "{} exited ({status}); the end of {}:\n{}",
                self.name,
                self.log.display(),
                self.tail(30)
            )
            .into());
        }
        Ok(())
    }

    /// Wait until `url` answers with a status `ready` accepts; the time it took.
    pub fn wait_ready(
        &mut self,
        url: &str,
        timeout: Duration,
        ready: impl Fn(&http::Response) -> bool,
    ) -> Result<Duration> {
        let start = Instant::now();
        loop {
            self.check_alive()?;
            if let Ok(response) = http::request("GET", url, &[], None, Duration::from_secs(5)) {
                if ready(&response) {
                    return Ok(start.elapsed());
                }
            }
            if start.elapsed() > timeout {
                return Err(format!(
                    "{} not ready at {url} after {}; the end of {}:\n{}",
                    self.name,
                    util::secs(timeout),
                    self.log.display(),
                    self.tail(30)
                )
                .into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The last `n` lines of the log.
    pub fn tail(&self, n: usize) -> String {
        let Ok(file) = File::open(&self.log) else {
            return String::new();
        };
        let lines: Vec<String> = BufReader::new(file).lines().map_while(|l| l.ok()).collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// Stop the process (SIGKILL) and reap it.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Party {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `N` distinct free ports on 127.0.0.1 (all bound at once, read, released).
pub fn free_ports<const N: usize>() -> Result<[u16; N]> {
    let listeners = (0..N)
        .map(|_| TcpListener::bind(("127.0.0.1", 0)))
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut ports = [0; N];
    for (port, listener) in ports.iter_mut().zip(&listeners) {
        *port = listener.local_addr()?.port();
    }
    Ok(ports)
}

/// Serve `dir` on 127.0.0.1:`port` from a background thread, for the rest of the process.
pub fn serve_static(dir: &Path, port: u16) -> Result {
    let root = dir.canonicalize()?;
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| format!("cannot serve {} on port {port}: {e}", root.display()))?;
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let answer = match resolve(&root, request.url()) {
                Some(path) => match std::fs::read(&path) {
                    Ok(body) => tiny_http::Response::from_data(body)
                        .with_header(header("Content-Type", content_type(&path))),
                    Err(_) => text(404),
                },
                None => text(404),
            };
            let _ = request.respond(answer);
        }
    });
    Ok(())
}

/// The file under the canonical `root` that a request target names (a folder: its
/// `index.html`); `None` when there is none or the path could leave `root` (`..`, a
/// backslash, a percent escape: the sites have no names that need one; a symlink out).
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let mut file = root.to_path_buf();
    for segment in path.strip_prefix('/')?.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0', ':', '%']) => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.canonicalize()
        .ok()
        .filter(|real| real.starts_with(root) && real.is_file())
}

/// The Content-Type of the files the sites hold, from the extension.
fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name, value).expect("a valid header")
}

/// A plain-text answer with only its status.
fn text(status: u16) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string(format!("{status}\n"))
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_files_under_the_root_only() {
        let root = std::env::temp_dir().join(format!("hf-oauth-e2e-site-{}", std::process::id()));
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("index.html"), "i").unwrap();
        std::fs::write(root.join("sub/a.js"), "a").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/?code=x"), Some(root.join("index.html")));
        assert_eq!(resolve(&root, "/sub/a.js#f"), Some(root.join("sub/a.js")));
        for refused in [
            "/../etc/passwd",
            "/sub/../index.html",
            "/sub%2f..%2fx",
            "/missing.ico",
            "x",
        ] {
            assert_eq!(resolve(&root, refused), None, "{refused}");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
