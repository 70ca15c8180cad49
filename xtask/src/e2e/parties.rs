//! The local parties' processes: started with their output in a log file, waited for, stopped
//! (also when the run fails: [`Party`] stops its process when dropped). And the static site.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::http;
use crate::serve;
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
    serve::serve_in_background(dir, port).map(|_| ())
}
