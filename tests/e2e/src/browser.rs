//! The browser of the scenario, in one of two engines: headless Chromium through chromedriver,
//! or WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver, on its own virtual X display).
//!
//! [`start`] starts the driver (and for WebKit the X server), waits for it and opens the
//! session; [`Browser::stop`] (or dropping it) ends the session and stops the processes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};

use crate::parties::Party;
use crate::util::{self, Result};
use crate::webdriver::Session;

/// A browser engine the scenario can run in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Headless Chromium, driven by chromedriver.
    Chromium,
    /// WebKitGTK's MiniBrowser (Safari's engine), driven by WebKitWebDriver under Xvfb.
    WebKit,
}

impl Engine {
    /// The engine named `name` (`chromium` or `webkit`, as on the command line).
    pub fn parse(name: &str) -> Result<Engine> {
        match name {
            "chromium" | "chrome" => Ok(Engine::Chromium),
            "webkit" => Ok(Engine::WebKit),
            other => Err(format!("unknown engine `{other}` (chromium, webkit)").into()),
        }
    }

    /// The name used in messages and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::WebKit => "webkit",
        }
    }
}

/// Chromium's flags: headless, as root in a container, with everything that would reach the
/// network off (a throwaway profile comes on top).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
    "--window-size=1200,900",
];

/// Where the engine's driver and browser are (found and installed by `cargo xtask e2e`).
pub struct Install {
    /// chromedriver or WebKitWebDriver.
    pub driver: PathBuf,
    /// The browser binary: Chromium (optional, the driver finds one itself) or the MiniBrowser.
    pub browser: Option<PathBuf>,
}

/// A running browser: the WebDriver session and the processes behind it.
pub struct Browser {
    /// The WebDriver session the scenario drives.
    pub session: Session,
    /// The driver, then (WebKit) the X server: stopped in this order.
    processes: Vec<Party>,
}

impl Browser {
    /// End the session (closing the browser), then stop the driver and the X server.
    pub fn stop(mut self) {
        if let Err(e) = self.session.quit() {
            println!("  (closing the browser: {e})");
        }
        for process in &mut self.processes {
            process.stop();
        }
    }
}

/// Start `engine`'s driver on 127.0.0.1:`port` (logs in `logs`, a throwaway profile under
/// `work`) and open a session with the engine's capabilities.
pub fn start(
    engine: Engine,
    install: &Install,
    port: u16,
    work: &Path,
    logs: &Path,
) -> Result<Browser> {
    let mut processes = Vec::new();
    let mut cmd = Command::new(&install.driver);
    cmd.arg(format!("--port={port}"));
    let capabilities = match engine {
        Engine::Chromium => {
            cmd.arg("--allowed-ips=127.0.0.1");
            processes.push(Party::start("chromedriver", &mut cmd, logs)?);
            chromium_capabilities(install.browser.as_deref(), &work.join("chromium-profile"))
        }
        Engine::WebKit => {
            let browser = install
                .browser
                .as_deref()
                .ok_or("WebKit needs its MiniBrowser")?;
            let (display, xvfb) = start_xvfb(logs)?;
            cmd.env("DISPLAY", &display);
            processes.push(Party::start("webkitwebdriver", &mut cmd, logs)?);
            processes.push(xvfb);
            webkit_capabilities(browser)
        }
    };
    processes[0].wait_ready(
        &format!("http://127.0.0.1:{port}/status"),
        Duration::from_secs(30),
        |r| {
            serde_json::from_str::<Value>(&r.body)
                .is_ok_and(|status| status["value"]["ready"] == Value::Bool(true))
        },
    )?;
    let session = Session::new(&format!("http://127.0.0.1:{port}"), capabilities)?;
    println!("  {} session open on 127.0.0.1:{port}", engine.name());
    Ok(Browser { session, processes })
}

/// Start `Xvfb` on the first free display from :99 on; the display (`:N`) and its process.
fn start_xvfb(logs: &Path) -> Result<(String, Party)> {
    let xvfb = util::which("Xvfb").ok_or("Xvfb not found (apt-get install xvfb)")?;
    let number = (99..200)
        .find(|n| {
            !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })
        .ok_or("no free X display between :99 and :199")?;
    let display = format!(":{number}");
    let mut cmd = Command::new(xvfb);
    cmd.args([&display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"]);
    let mut party = Party::start("xvfb", &mut cmd, logs)?;
    let socket = format!("/tmp/.X11-unix/X{number}");
    for _ in 0..100 {
        party.check_alive()?;
        if Path::new(&socket).exists() {
            return Ok((display, party));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("Xvfb did not open {socket}").into())
}

/// Headless Chromium (`binary`, else the one chromedriver finds) with a throwaway profile.
fn chromium_capabilities(binary: Option<&Path>, profile: &Path) -> Value {
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let mut options = json!({ "args": args });
    if let Some(binary) = binary {
        options["binary"] = Value::from(binary.to_string_lossy());
    }
    json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "goog:chromeOptions": options,
    })
}

/// The MiniBrowser `browser` in automation mode. Only `--automation`: the GTK 3 MiniBrowser of
/// `libwebkit2gtk-4.1-0` has no `--headless`, so it runs on a virtual display.
fn webkit_capabilities(browser: &Path) -> Value {
    json!({
        "browserName": "MiniBrowser",
        "webkitgtk:browserOptions": {
            "binary": browser.to_string_lossy(),
            "args": ["--automation"],
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_parse_from_their_names() {
        for engine in [Engine::Chromium, Engine::WebKit] {
            assert_eq!(Engine::parse(engine.name()).unwrap(), engine);
        }
        assert!(Engine::parse("firefox").is_err());
    }

    #[test]
    fn capabilities_name_the_browser_binaries() {
        let caps = webkit_capabilities(Path::new("/x/Mini \"Browser\""));
        assert_eq!(caps["browserName"], "MiniBrowser");
        assert_eq!(
            caps["webkitgtk:browserOptions"]["binary"],
            "/x/Mini \"Browser\""
        );
        let caps = chromium_capabilities(Some(Path::new("/usr/bin/chromium")), Path::new("/p"));
        let options = &caps["goog:chromeOptions"];
        assert_eq!(options["binary"], "/usr/bin/chromium");
        let args = options["args"].as_array().unwrap();
        assert!(args.contains(&Value::from("--headless")));
        assert_eq!(args.last().unwrap(), "--user-data-dir=/p");
    }
}
