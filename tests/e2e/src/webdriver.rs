//! The scenario's view of the browser: fantoccini's WebDriver client, one command at a time on
//! a current-thread tokio runtime, each within [`COMMAND_TIMEOUT`], so the scenario reads as
//! the sequence of steps it is.

use std::fmt::Display;
use std::future::Future;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::WindowHandle;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::Value;

use crate::util::Result;

/// How long one WebDriver command may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// A WebDriver session.
pub struct Session {
    runtime: tokio::runtime::Runtime,
    client: Client,
}

/// Whether a script's value counts as true in JavaScript.
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

impl Session {
    /// Open a session on the driver at `driver_url` with `capabilities` (the `alwaysMatch` set).
    pub fn new(driver_url: &str, capabilities: Value) -> Result<Session> {
        let Value::Object(capabilities) = capabilities else {
            return Err("the capabilities are not a JSON object".into());
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let connect = async {
            ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities)
                .connect(driver_url)
                .await
        };
        let client = within(&runtime, "new session", connect)?;
        Ok(Session { runtime, client })
    }

    fn run<T, E: Display>(
        &self,
        what: &str,
        command: impl Future<Output = std::result::Result<T, E>>,
    ) -> Result<T> {
        within(&self.runtime, what, command)
    }

    /// Navigate to `url`.
    pub fn goto(&self, url: &str) -> Result {
        self.run("goto", self.client.goto(url))
    }

    /// The current URL.
    pub fn url(&self) -> Result<String> {
        self.run("url", self.client.current_url()).map(String::from)
    }

    /// Reload the page.
    pub fn refresh(&self) -> Result {
        self.run("refresh", self.client.refresh())
    }

    /// Run `script` (a function body; `arguments[i]` are `args`) and return its value.
    pub fn exec(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.run("execute", self.client.execute(script, args))
    }

    /// Run `script` with no arguments.
    pub fn js(&self, script: &str) -> Result<Value> {
        self.exec(script, Vec::new())
    }

    /// The first element matching the CSS selector.
    pub fn find(&self, css: &str) -> Result<Element> {
        self.run(&format!("find {css}"), self.client.find(Locator::Css(css)))
    }

    /// Click an element (a real pointer click through the driver).
    pub fn click(&self, element: &Element) -> Result {
        self.run("click", element.click())
    }

    /// Clear a text field and type `text` into it.
    pub fn type_into(&self, element: &Element, text: &str) -> Result {
        self.run("clear", element.clear())?;
        self.run("send keys", element.send_keys(text))
    }

    /// Open a new tab and return its handle (the current tab stays selected).
    pub fn new_tab(&self) -> Result<WindowHandle> {
        self.run("new tab", self.client.new_window(true))
            .map(|w| w.handle)
    }

    /// Open a new window and return its handle (the current one stays selected).
    pub fn new_window(&self) -> Result<WindowHandle> {
        self.run("new window", self.client.new_window(false))
            .map(|w| w.handle)
    }

    /// The current tab's handle.
    pub fn window(&self) -> Result<WindowHandle> {
        self.run("window", self.client.window())
    }

    /// Select the tab `handle`.
    pub fn switch_to(&self, handle: &WindowHandle) -> Result {
        self.run(
            "switch to window",
            self.client.switch_to_window(handle.clone()),
        )
    }

    /// The handles of every open window and tab (popups included).
    pub fn window_handles(&self) -> Result<Vec<WindowHandle>> {
        self.run("windows", self.client.windows())
    }

    /// Run the next commands inside the iframe `frame` (an element of the current page).
    pub fn switch_to_frame(&self, frame: &Element) -> Result {
        self.run("enter frame", frame.enter_frame())
    }

    /// Close the current tab.
    pub fn close_tab(&self) -> Result {
        self.run("close window", self.client.close_window())
    }

    /// Poll `script` every 50 ms until it returns a truthy value; that value.
    pub fn wait_for(&self, what: &str, script: &str, timeout: Duration) -> Result<Value> {
        let start = Instant::now();
        let mut last = Value::Null;
        while start.elapsed() < timeout {
            match self.js(script) {
                Ok(v) if truthy(&v) => return Ok(v),
                Ok(v) => last = v,
                // A navigation in progress can make a script fail; try again.
                Err(e) => last = Value::from(e.to_string()),
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!("timed out after {timeout:.0?} waiting for {what} (last: {last})").into())
    }

    /// End the session (closes the browser).
    pub fn quit(&self) -> Result {
        self.run("end session", self.client.clone().close())
    }
}

/// Run `command` on `runtime` within [`COMMAND_TIMEOUT`].
fn within<T, E: Display>(
    runtime: &tokio::runtime::Runtime,
    what: &str,
    command: impl Future<Output = std::result::Result<T, E>>,
) -> Result<T> {
    match runtime.block_on(async { tokio::time::timeout(COMMAND_TIMEOUT, command).await }) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(format!("WebDriver {what}: {e}").into()),
        Err(_) => Err(format!("WebDriver {what}: no answer within {COMMAND_TIMEOUT:?}").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_values_are_truthy_as_in_javascript() {
        for falsy in [Value::Null, false.into(), 0.into(), "".into()] {
            assert!(!truthy(&falsy), "{falsy}");
        }
        for truthy_value in [true.into(), 1.into(), "x".into(), serde_json::json!([])] {
            assert!(truthy(&truthy_value), "{truthy_value}");
        }
    }
}
