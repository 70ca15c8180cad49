//! The first paint's structural check, part of the `widget` test step (no clock in it).
//!
//! A loopback server serves a plain page and `dist/widget-first-paint/`, and **holds the wasm
//! response until the page has reported** what `<div id="hf-oauth-demo">` holds: so the first
//! paint is on the page before the wasm response ends, or the check fails. Two fresh headless
//! Chromium runs:
//! - **no layout shift, no drift**: the page reports the placeholder, then, once the wasm has
//!   mounted and its Sign in button is enabled, the real page. Both must show the same text
//!   (the loader's slot values included) and the same boxes (the demo's and the button's).
//! - **no lost click**: the page clicks the placeholder's Sign in button before it releases the
//!   wasm; the real button must then start the sign-in, which arrives here as the authorize
//!   request of the page's provider (`window.HF_HUB_URL` points at this server).

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::first_paint_server::{serve, Log};
use crate::install;
use crate::util::Result;

/// How long the server holds the wasm for the page's first report, and how long a run may
/// take: a ceiling for a stuck browser, not a measurement.
pub const LIMIT: Duration = Duration::from_secs(90);

/// The model the page configures (a slot the loader fills).
const MODEL: &str = "org/first-paint-model";

/// The page: globals first (the provider is this server), the widget, then the probe, a module
/// that runs after the widget's module has put its first paint on the page.
pub const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>first paint check</title>
  <script>
    window.HF_OAUTH_CLIENT_ID = "first-paint-client";
    window.HF_INFERENCE_MODEL = "org/first-paint-model";
    window.HF_HUB_URL = location.origin;
  </script>
  <script type="module" src="/static/widget/hf-oauth-demo.js"></script>
  <script type="module">
    const root = document.getElementById("hf-oauth-demo");
    const report = (name, view) =>
      fetch("/report/" + name, { method: "POST", body: JSON.stringify(view) });
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 10) / 10).join(",");
    };
    const view = () => {
      const buttons = [...root.querySelectorAll(".hf-oauth-login-button")];
      const demo = root.querySelector(".hf-demo");
      return {
        placeholder: !!root.querySelector("[data-hf-first-paint]"),
        text: root.innerText,
        demo: demo ? box(demo) : "",
        buttons: buttons.map(box).join(" "),
        enabled: buttons.length > 0 && buttons.every((b) => !b.disabled && !b.getAttribute("aria-busy")),
      };
    };
    const first = view();
    if (new URLSearchParams(location.search).has("click")) {
      root.querySelector(".hf-oauth-login-button").click();
    } else {
      const mounted = () => {
        const now = view();
        if (now.placeholder || !now.demo || !now.enabled) return false;
        requestAnimationFrame(() => report("mounted", view()));
        return true;
      };
      const watch = new MutationObserver(() => mounted() && watch.disconnect());
      watch.observe(root, { subtree: true, childList: true, attributes: true });
    }
    report("paint", first);
  </script>
</head>
<body>
  <main><div id="hf-oauth-demo"></div></main>
</body>
</html>
"#;

/// Runs both checks against the built first-paint folder `dist`.
pub fn check(dist: &Path, work: &Path) -> Result {
    let browser = install::find_browser().ok_or("Chromium is not on PATH (cargo xtask install)")?;

    let (url, log) = serve(dist)?;
    let events = run_browser(
        &browser,
        &url,
        &work.join("profile-paint"),
        &log,
        "report mounted",
    )?;
    check_no_shift(&events).map_err(|e| format!("first paint: {e}\n  events: {events:#?}"))?;
    println!("  ok: the first paint was on the page before the wasm was sent, and the mounted demo has its text and boxes");

    let (url, log) = serve(dist)?;
    let events = run_browser(
        &browser,
        &format!("{url}?click"),
        &work.join("profile-click"),
        &log,
        "authorize ",
    )?;
    check_click_answered(&events)
        .map_err(|e| format!("first paint: {e}\n  events: {events:#?}"))?;
    println!(
        "  ok: a click on the first paint before the wasm arrived started the sign-in once it had"
    );
    Ok(())
}

/// One fresh headless Chromium on `url` until the server has seen `last` (or [`LIMIT`]).
fn run_browser(
    browser: &Path,
    url: &str,
    profile: &Path,
    log: &Log,
    last: &str,
) -> Result<Vec<String>> {
    if profile.exists() {
        std::fs::remove_dir_all(profile)?;
    }
    let mut child = install::headless_chromium(browser, profile)
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", browser.display()))?;
    let seen = log.wait_for(last);
    // The browser and its helper processes share the group led by `child`.
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(profile);
    let events = log.snapshot();
    if seen.is_none() {
        return Err(format!(
            "first paint: the page never got to `{last}` within {}; the server saw {events:#?}",
            crate::util::secs(LIMIT)
        )
        .into());
    }
    Ok(events)
}

/// The placeholder was reported while the wasm was held, and the mounted page matches it.
fn check_no_shift(events: &[String]) -> std::result::Result<(), String> {
    let paint = report_before_wasm(events)?;
    let mounted = report(events, "mounted")?;
    if mounted["placeholder"] != false {
        return Err("the mounted page still holds the placeholder".into());
    }
    for (field, what) in [
        ("text", "text"),
        ("demo", "box of the demo"),
        ("buttons", "boxes of the Sign in buttons"),
    ] {
        if paint[field] != mounted[field] {
            return Err(format!(
                "the {what} changed when the wasm took over (layout shift or drift):\n  first paint: {}\n  mounted:     {}",
                paint[field], mounted[field]
            ));
        }
    }
    Ok(())
}

/// The placeholder was reported (and clicked) while the wasm was held, and the sign-in started.
fn check_click_answered(events: &[String]) -> std::result::Result<(), String> {
    report_before_wasm(events)?;
    let sent = position(events, "wasm sent").ok_or("the wasm was never sent")?;
    let authorize = position(events, "authorize ").ok_or("no sign-in started")?;
    if authorize < sent {
        return Err("the sign-in started before the wasm was sent".into());
    }
    let query = &events[authorize];
    for part in ["client_id=first-paint-client", "code_challenge=", "state="] {
        if !query.contains(part) {
            return Err(format!("the authorize request lacks `{part}`: {query}"));
        }
    }
    if events
        .iter()
        .filter(|e| e.starts_with("authorize "))
        .count()
        != 1
    {
        return Err("the one click started more than one sign-in".into());
    }
    Ok(())
}

/// The `paint` report, which must show the enabled placeholder and come while the wasm was held.
fn report_before_wasm(events: &[String]) -> std::result::Result<serde_json::Value, String> {
    let held = position(events, "wasm held").ok_or("the page never asked for the wasm")?;
    let paint =
        position(events, "report paint ").ok_or("the page never reported its first paint")?;
    let sent = position(events, "wasm sent").unwrap_or(usize::MAX);
    if !(held < paint && paint < sent) {
        return Err("the first paint was not reported while the wasm was held".into());
    }
    let view = report(events, "paint")?;
    if view["placeholder"] != true {
        return Err(format!(
            "no first paint in <div id=\"hf-oauth-demo\"> before the wasm: {view}"
        ));
    }
    if view["enabled"] != true {
        return Err(format!(
            "the first paint's Sign in button is not enabled: {view}"
        ));
    }
    let text = view["text"].as_str().unwrap_or_default();
    for part in [MODEL, "first-paint-client", "Sign in with Hugging Face"] {
        if !text.contains(part) {
            return Err(format!("the first paint does not show `{part}`: {text}"));
        }
    }
    Ok(view)
}

fn position(events: &[String], prefix: &str) -> Option<usize> {
    events.iter().position(|e| e.starts_with(prefix))
}

fn report(events: &[String], name: &str) -> std::result::Result<serde_json::Value, String> {
    let prefix = format!("report {name} ");
    let body = events
        .iter()
        .find_map(|e| e.strip_prefix(&prefix))
        .ok_or_else(|| format!("the page never reported `{name}`"))?;
    serde_json::from_str(body).map_err(|e| format!("the `{name}` report is not JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paint(text: &str, enabled: bool) -> String {
        format!(
            r#"report paint {{"placeholder":true,"text":"{text}","demo":"0,0,760,900","buttons":"1,2,3,4","enabled":{enabled}}}"#
        )
    }

    const MOUNTED: &str = r#"report mounted {"placeholder":false,"text":"org/first-paint-model first-paint-client Sign in with Hugging Face","demo":"0,0,760,900","buttons":"1,2,3,4","enabled":true}"#;
    const TEXT: &str = "org/first-paint-model first-paint-client Sign in with Hugging Face";

    fn events(list: &[&str]) -> Vec<String> {
        list.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn a_placeholder_reported_while_held_and_the_same_page_mounted_passes() {
        let ok = paint(TEXT, true);
        assert_eq!(
            check_no_shift(&events(&["wasm held", &ok, "wasm sent", MOUNTED])),
            Ok(())
        );
    }

    #[test]
    fn late_missing_disabled_or_shifted_first_paints_fail() {
        let ok = paint(TEXT, true);
        let late = check_no_shift(&events(&["wasm held", "wasm sent", &ok, MOUNTED]));
        assert!(late.unwrap_err().contains("while the wasm was held"));
        let none = ok.replace("\"placeholder\":true", "\"placeholder\":false");
        assert!(
            check_no_shift(&events(&["wasm held", &none, "wasm sent", MOUNTED]))
                .unwrap_err()
                .contains("no first paint")
        );
        let disabled = paint(TEXT, false);
        assert!(
            check_no_shift(&events(&["wasm held", &disabled, "wasm sent", MOUNTED]))
                .unwrap_err()
                .contains("not enabled")
        );
        let shifted = MOUNTED.replace("0,0,760,900", "0,0,760,930");
        assert!(
            check_no_shift(&events(&["wasm held", &ok, "wasm sent", &shifted]))
                .unwrap_err()
                .contains("box of the demo")
        );
        let drifted = MOUNTED.replace("first-paint-client", "first-paint-client!");
        assert!(
            check_no_shift(&events(&["wasm held", &ok, "wasm sent", &drifted]))
                .unwrap_err()
                .contains("text")
        );
    }

    #[test]
    fn the_click_must_start_one_sign_in_after_the_wasm() {
        let ok = paint(TEXT, true);
        let authorize = "authorize client_id=first-paint-client&code_challenge=x&state=y";
        assert_eq!(
            check_click_answered(&events(&["wasm held", &ok, "wasm sent", authorize])),
            Ok(())
        );
        assert!(
            check_click_answered(&events(&["wasm held", &ok, "wasm sent"]))
                .unwrap_err()
                .contains("no sign-in")
        );
        assert!(check_click_answered(&events(&[
            "wasm held",
            &ok,
            "wasm sent",
            authorize,
            authorize
        ]))
        .unwrap_err()
        .contains("more than one"));
    }
}
