//! The browser of the scenario, in one of two engines: headless Chromium through chromedriver,
//! or WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver, on its own virtual X display).
//!
//! [`start`] starts the driver (and for WebKit the X server), waits for it and opens the
//! session; [`Browser::stop`] (or dropping it) ends the session and stops the processes.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::json::Json;
use super::parties::Party;
use super::webdriver::Session;
use crate::util::Result;

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
/// `work`) and open a session with the engine's capabilities. Installs nothing: for Chromium
/// `cargo xtask install`, for WebKit [`crate::webkit::ensure`] must have run.
pub fn start(engine: Engine, port: u16, work: &Path, logs: &Path) -> Result<Browser> {
    let mut processes = Vec::new();
    let capabilities = match engine {
        Engine::Chromium => {
            let driver = crate::install::find_chromedriver()
                .ok_or("chromedriver not found (cargo xtask install)")?;
            let mut cmd = Command::new(driver);
            cmd.args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()]);
            processes.push(Party::start("chromedriver", &mut cmd, logs)?);
            chromium_capabilities(&work.join("chromium-profile"))
        }
        Engine::WebKit => {
            let driver = crate::webkit::driver().ok_or("WebKitWebDriver not found")?;
            let browser = crate::webkit::minibrowser().ok_or("WebKit's MiniBrowser not found")?;
            let (display, xvfb) = start_xvfb(logs)?;
            let mut cmd = Command::new(driver);
            cmd.arg(format!("--port={port}")).env("DISPLAY", &display);
            processes.insert(0, Party::start("webkitwebdriver", &mut cmd, logs)?);
            processes.push(xvfb);
            Json::parse(&crate::webkit::capabilities(&browser))
                .map_err(|e| format!("WebKit capabilities: {e}"))?
        }
    };
    processes[0].wait_ready(
        &format!("http://127.0.0.1:{port}/status"),
        Duration::from_secs(30),
        |r| {
            Json::parse(&r.body)
                .ok()
                .and_then(|j| j.get("value")?.get("ready")?.as_bool())
                == Some(true)
        },
    )?;
    let session = Session::new(&format!("http://127.0.0.1:{port}"), capabilities)?;
    println!("  {} session open on 127.0.0.1:{port}", engine.name());
    Ok(Browser { session, processes })
}

/// Start `Xvfb` on the first free display from :99 on; the display (`:N`) and its process.
fn start_xvfb(logs: &Path) -> Result<(String, Party)> {
    let xvfb = crate::util::which("Xvfb").ok_or("Xvfb not found (apt-get install xvfb)")?;
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

/// Headless Chromium with a throwaway profile.
fn chromium_capabilities(profile: &Path) -> Json {
    let mut args: Vec<Json> = crate::install::HEADLESS_CHROMIUM_FLAGS
        .iter()
        .chain(&["--window-size=1200,900"])
        .map(|flag| Json::str(*flag))
        .collect();
    args.push(Json::str(format!("--user-data-dir={}", profile.display())));
    let mut options = vec![("args".to_owned(), Json::Arr(args))];
    if let Some(binary) = crate::install::find_browser() {
        options.push(("binary".into(), Json::str(binary.to_string_lossy())));
    }
    Json::obj([
        ("browserName", Json::str("chrome")),
        ("pageLoadStrategy", Json::str("normal")),
        ("goog:chromeOptions", Json::Obj(options)),
    ])
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
    fn webkit_capabilities_are_valid_json() {
        let caps = Json::parse(&crate::webkit::capabilities(Path::new("/x/MiniBrowser"))).unwrap();
        assert_eq!(
            caps.get("browserName").and_then(Json::as_str),
            Some("MiniBrowser")
        );
        let options = caps.get("webkitgtk:browserOptions").unwrap();
        assert_eq!(
            options.get("binary").and_then(Json::as_str),
            Some("/x/MiniBrowser")
        );
    }
}
