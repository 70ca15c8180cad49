//! A loopback OpenID provider for one side of `cargo xtask perf`: `tests/e2e/provider.mjs`
//! (npm `oidc-provider`, configured like Hugging Face, one account that is granted at once), as
//! `cargo xtask e2e` runs it, with the side's site as the app origin and redirect URI.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::util::Result;

/// A running provider; ended when dropped.
pub struct Provider {
    /// `http://127.0.0.1:<port>` (the page's `window.HF_HUB_URL`).
    pub issuer: String,
    child: Child,
}

impl Provider {
    /// Starts `node provider.mjs` in `e2e_dir` for the app at `origin` and waits until it
    /// says it is ready.
    pub fn start(e2e_dir: &Path, origin: &str) -> Result<Provider> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut child = Command::new("node")
            .current_dir(e2e_dir)
            .arg("provider.mjs")
            .env("PORT", port.to_string())
            .env("APP_ORIGIN", origin)
            .env("REDIRECT_URI", format!("{origin}/"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start node provider.mjs: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout from the provider")?;
        let mut lines = BufReader::new(stdout).lines();
        let ready = lines
            .by_ref()
            .map_while(std::result::Result::ok)
            .any(|line| line.contains("provider ready"));
        // Keep reading its output so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let provider = Provider {
            issuer: format!("http://127.0.0.1:{port}"),
            child,
        };
        if !ready {
            return Err("the loopback provider (tests/e2e/provider.mjs) did not start".into());
        }
        Ok(provider)
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
