//! A small W3C WebDriver client (JSON over HTTP on loopback), enough to drive chromedriver.

use std::time::{Duration, Instant};

use super::http;
use super::json::Json;
use crate::util::Result;

/// The key W3C WebDriver uses for element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A WebDriver session.
pub struct Session {
    base: String,
}

/// An element reference.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    /// Open a session on the driver at `driver_url` with `capabilities` (the `alwaysMatch` set).
    pub fn new(driver_url: &str, capabilities: Json) -> Result<Session> {
        let body = Json::obj([("capabilities", Json::obj([("alwaysMatch", capabilities)]))]);
        let value = call(
            "POST",
            &format!("{driver_url}/session"),
            Some(body),
            Duration::from_secs(60),
        )?;
        let id = value
            .get("sessionId")
            .and_then(Json::as_str)
            .ok_or_else(|| format!("no sessionId in {value}"))?
            .to_owned();
        Ok(Session {
            base: format!("{driver_url}/session/{id}"),
        })
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Json>) -> Result<Json> {
        call(
            method,
            &format!("{}{path}", self.base),
            body,
            Duration::from_secs(60),
        )
    }

    /// Navigate to `url`.
    pub fn goto(&self, url: &str) -> Result {
        self.cmd("POST", "/url", Some(Json::obj([("url", Json::str(url))])))
            .map(drop)
    }

    /// The current URL.
    pub fn url(&self) -> Result<String> {
        let v = self.cmd("GET", "/url", None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Reload the page.
    pub fn refresh(&self) -> Result {
        self.cmd("POST", "/refresh", Some(Json::obj([]))).map(drop)
    }

    /// Run `script` (a function body; `arguments[i]` are `args`) and return its value.
    pub fn exec(&self, script: &str, args: Vec<Json>) -> Result<Json> {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(Json::obj([
                ("script", Json::str(script)),
                ("args", Json::Arr(args)),
            ])),
        )
    }

    /// Run `script` with no arguments.
    pub fn js(&self, script: &str) -> Result<Json> {
        self.exec(script, Vec::new())
    }

    /// The first element matching the CSS selector.
    pub fn find(&self, css: &str) -> Result<Element> {
        let v = self.cmd(
            "POST",
            "/element",
            Some(Json::obj([
                ("using", Json::str("css selector")),
                ("value", Json::str(css)),
            ])),
        )?;
        v.get(ELEMENT_KEY)
            .and_then(Json::as_str)
            .map(|id| Element(id.to_owned()))
            .ok_or_else(|| format!("no element for {css}: {v}").into())
    }

    /// Click an element (a real pointer click through the driver).
    pub fn click(&self, element: &Element) -> Result {
        self.cmd(
            "POST",
            &format!("/element/{}/click", element.0),
            Some(Json::obj([])),
        )
        .map(drop)
    }

    /// Clear a text field and type `text` into it.
    pub fn type_into(&self, element: &Element, text: &str) -> Result {
        self.cmd(
            "POST",
            &format!("/element/{}/clear", element.0),
            Some(Json::obj([])),
        )?;
        self.cmd(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(Json::obj([("text", Json::str(text))])),
        )
        .map(drop)
    }

    /// Open a new tab and return its handle (the current tab stays selected).
    pub fn new_tab(&self) -> Result<String> {
        self.open("tab")
    }

    /// Open a new window and return its handle (the current one stays selected).
    pub fn new_window(&self) -> Result<String> {
        self.open("window")
    }

    fn open(&self, kind: &str) -> Result<String> {
        let v = self.cmd(
            "POST",
            "/window/new",
            Some(Json::obj([("type", Json::str(kind))])),
        )?;
        v.get("handle")
            .and_then(Json::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("no handle in {v}").into())
    }

    /// The current tab's handle.
    pub fn window(&self) -> Result<String> {
        let v = self.cmd("GET", "/window", None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Select the tab `handle`.
    pub fn switch_to(&self, handle: &str) -> Result {
        self.cmd(
            "POST",
            "/window",
            Some(Json::obj([("handle", Json::str(handle))])),
        )
        .map(drop)
    }

    /// The handles of every open window and tab (popups included).
    pub fn window_handles(&self) -> Result<Vec<String>> {
        let v = self.cmd("GET", "/window/handles", None)?;
        Ok(v.as_array()
            .unwrap_or_default()
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_owned)
            .collect())
    }

    /// Run the next commands inside the iframe `frame` (an element of the current page).
    pub fn switch_to_frame(&self, frame: &Element) -> Result {
        self.cmd(
            "POST",
            "/frame",
            Some(Json::obj([(
                "id",
                Json::obj([(ELEMENT_KEY, Json::str(&frame.0))]),
            )])),
        )
        .map(drop)
    }

    /// Close the current tab.
    pub fn close_tab(&self) -> Result {
        self.cmd("DELETE", "/window", None).map(drop)
    }

    /// Poll `script` every `every` until it returns a truthy value; that value.
    pub fn wait_for(&self, what: &str, script: &str, timeout: Duration) -> Result<Json> {
        let start = Instant::now();
        let mut last = Json::Null;
        while start.elapsed() < timeout {
            match self.js(script) {
                Ok(v) if v.truthy() => return Ok(v),
                Ok(v) => last = v,
                // A navigation in progress can make a script fail; try again.
                Err(e) => last = Json::str(e.to_string()),
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "timed out after {:.0?} waiting for {what} (last: {last})",
            timeout
        )
        .into())
    }

    /// End the session (closes the browser).
    pub fn quit(&self) -> Result {
        call("DELETE", &self.base, None, Duration::from_secs(20)).map(drop)
    }
}

/// One WebDriver command: the answer's `value`, or its error as an `Err`.
fn call(method: &str, url: &str, body: Option<Json>, timeout: Duration) -> Result<Json> {
    let body = body.map(|b| b.to_string());
    let response = http::request(
        method,
        url,
        &[("Content-Type", "application/json; charset=utf-8")],
        body.as_deref(),
        timeout,
    )?;
    let json = Json::parse(&response.body)
        .map_err(|e| format!("{method} {url}: bad JSON ({e}): {}", response.body))?;
    let value = json.get("value").cloned().unwrap_or(Json::Null);
    if response.status >= 300 {
        let error = value.get("error").and_then(Json::as_str).unwrap_or("?");
        let message = value.get("message").and_then(Json::as_str).unwrap_or("");
        let message = message.lines().next().unwrap_or_default();
        return Err(format!("WebDriver {method} {url}: {error}: {message}").into());
    }
    Ok(value)
}
