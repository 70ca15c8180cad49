//! The demo inside a Hugging Face Space: a hub page on another site (`localhost`) shows it in a
//! sandboxed iframe (`127.0.0.1`), as huggingface.co/spaces/owner/name shows
//! `owner-name.hf.space`. Chromium partitions the iframe's storage by the top-level site, and
//! the provider refuses its sign-in page inside a frame, so signing in must go through a popup
//! (the demo's own page with `?hf_oauth_popup=<attempt>`) that hands the session back to the
//! iframe once, and saves and announces nothing itself; with `Cross-Origin-Opener-Policy` at
//! the provider the popup loses its opener and stays open, signed in.

use std::time::{Duration, Instant};

use super::scenario::{
    check, redact, sign_out, step, DISPLAY_NAME, LOGIN_READY, RESULT_KEY, STORAGE,
};
use fantoccini::wd::WindowHandle;
use serde_json::Value as Json;

use super::webdriver::Session;
use super::{Env, Ports};
use crate::util::{self, Result};

/// The iframe's sandbox, as a Space page has it: no top navigation.
const SANDBOX: &str =
    "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox";

/// How long a popup sign-in may take.
const POPUP_TIMEOUT: Duration = Duration::from_secs(40);

/// The hub page: a title bar and the demo in a sandboxed iframe.
pub fn hub_page(p: &Ports) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Spaces: owner/name (e2e hub)</title></head>
<body style="margin:0">
<header style="padding:8px;font:14px sans-serif">huggingface.co/spaces/owner/name (local stand-in)</header>
<iframe id="space" src="{site}" sandbox="{SANDBOX}" style="border:0;width:100%;height:1200px"></iframe>
</body></html>
"#,
        site = p.site_url()
    )
}

/// The Space part of the scenario; its report lines. `listener` is a top-level tab of the
/// demo's site without the widget, listening on the tab channel.
pub fn run(wd: &Session, env: &mut Env, listener: &WindowHandle) -> Result<Vec<String>> {
    let mut report = Vec::new();
    step("a Space: the demo in a cross-site sandboxed iframe signs in through a popup");
    let restart = env.restart_provider_with(None, false)?;
    println!("  provider restarted in {}", util::secs(restart));
    let first = wd.window()?;
    // A marker in the top-level 127.0.0.1 storage, to show the iframe does not see it.
    wd.js("localStorage.setItem('e2e-top-level', '1'); return true;")?;
    // A window, not a tab: WebKit's MiniBrowser refuses `window.open` (returns null, even on a
    // click) in a tab that WebDriver opened, and the sign-in here needs a popup.
    let hub = wd.new_window()?;
    wd.switch_to(&hub)?;
    wd.goto(&env.ports.hub_url())?;
    enter_frame(wd)?;
    wd.wait_for(
        "the sign-in button in the iframe",
        LOGIN_READY,
        Duration::from_secs(30),
    )?;
    let partitioned = wd.js("return localStorage.getItem('e2e-top-level') === null;")?;
    check(
        partitioned.as_bool() == Some(true),
        "the iframe's storage is partitioned: it does not see the top-level tab's localStorage",
    )?;

    // Record the URLs the iframe opens (the library calls `window.open` on its window), and
    // the messages it receives (to tell, on a failure, a result that never came from one that
    // came and was not taken).
    wd.js(
        "window.__e2eOpened = []; const open = window.open; \
         window.open = function (...args) { window.__e2eOpened.push(String(args[0])); return open.apply(this, args); }; \
         window.__e2eMessages = []; \
         addEventListener('message', (e) => { let type = typeof e.data; \
           try { type = JSON.parse(e.data).type; } catch (_) {} \
           window.__e2eMessages.push({ at: Math.round(performance.now()), type, origin: e.origin, \
             popupClosed: e.source ? !!e.source.closed : null }); }); \
         return true;",
    )?;
    let windows_before = wd.window_handles()?.len();
    let popup = sign_in_in_frame(wd, windows_before)?;
    let opened = wd.js("return window.__e2eOpened;")?;
    let opened: Vec<&str> = opened
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .collect();
    let prefix = format!("{}?hf_oauth_popup=", env.ports.site_url());
    let attempt = opened
        .first()
        .and_then(|url| url.strip_prefix(&prefix))
        .unwrap_or_default();
    check(
        opened.len() == 1
            && attempt.len() >= 16
            && attempt
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        format!(
            "the popup is the demo's page for one attempt, {prefix}<random attempt id>: {opened:?}"
        ),
    )?;
    check(
        popup.opened == 1,
        format!("one popup opened ({})", popup.opened),
    )?;
    let closed = super::scenario::wait_until(Duration::from_secs(10), || {
        Ok(wd.window_handles()?.len() == windows_before)
    })?;
    check(
        closed,
        "the popup closed itself after handing over the session",
    )?;
    let name = wd.js(DISPLAY_NAME)?;
    check(
        name.as_str() == Some("Ada Lovelace"),
        format!("the name is shown in the iframe: {name}"),
    )?;
    let storage = wd.js(STORAGE)?;
    let url = storage
        .get("url")
        .and_then(Json::as_str)
        .unwrap_or_default();
    check(
        url == env.ports.site_url(),
        format!(
            "the iframe stayed on the demo, its address clean: {}",
            redact(url)
        ),
    )?;
    let token = saved_token(&storage).ok_or("the iframe's sessionStorage holds no session")?;
    check(
        token.len() >= 16,
        "the token is in the iframe's sessionStorage",
    )?;
    check(
        !storage
            .get("local")
            .cloned()
            .unwrap_or(Json::Null)
            .to_string()
            .contains(&token),
        "the iframe's localStorage does not hold the token",
    )?;
    report.push(format!(
        "space iframe: click -> name in the iframe {} ms; popups opened {}, left open 0",
        popup.click_to_name.as_millis(),
        popup.opened
    ));

    // Back at the top level: the popup was a top-level page of the demo's origin, but it saves
    // and announces nothing; it handed the session to the iframe alone. So no top-level tab of
    // that origin got it: not the demo's, not the page without the widget listening on the
    // channel.
    wd.switch_to(&first)?;
    let top = wd.js(STORAGE)?;
    let not_signed_in = wd.js(
        "return !document.querySelector('.hf-oauth-badge .hf-oauth-display-name') \
           || !!document.querySelector('.hf-oauth-badge .hf-oauth-expired');",
    )?;
    check(
        !top.to_string().contains(&token) && not_signed_in.as_bool() == Some(true),
        "the popup announced nothing: the top-level demo tab holds no token (storage, address) and is not signed in by it",
    )?;
    wd.switch_to(listener)?;
    let heard = wd.js("return window.__e2eHeard;")?;
    let local = wd.js("return JSON.stringify(localStorage);")?;
    check(
        !heard.to_string().contains(&token) && !local.to_string().contains(&token),
        "the popup announced and saved nothing: the same-site page on the channel heard no token, top-level localStorage holds none",
    )?;
    wd.switch_to(&first)?;

    step(
        "with Cross-Origin-Opener-Policy at the provider: the visitor ends signed in in the popup",
    );
    wd.switch_to(&hub)?;
    enter_frame(wd)?;
    sign_out(wd, "signed out in the iframe")?;
    env.restart_provider_with(None, true)?;
    let known = wd.window_handles()?;
    let button = wd.find(".hf-oauth-login-button")?;
    let clicked = Instant::now();
    wd.click(&button)?;
    let popup_handle = wait_for_popup(wd, &known)?;
    wd.switch_to(&popup_handle)?;
    let note = wd.wait_for(
        "the popup, signed in, saying it could not reach the page",
        "const n = document.querySelector('.hf-oauth-popup-note'); \
         const name = document.querySelector('.hf-oauth-badge .hf-oauth-display-name'); \
         return n && name ? name.textContent : null;",
        POPUP_TIMEOUT,
    )?;
    check(
        note.as_str() == Some("Ada Lovelace"),
        format!("signed in in the popup window: {note}"),
    )?;
    let in_popup = wd.js(STORAGE)?;
    let popup_url = in_popup
        .get("url")
        .and_then(Json::as_str)
        .unwrap_or_default();
    check(!popup_url.contains("code="), "the popup's address is clean")?;
    let popup_token =
        saved_token(&in_popup).ok_or("the popup's sessionStorage holds no session")?;
    check(
        !in_popup
            .get("local")
            .cloned()
            .unwrap_or(Json::Null)
            .to_string()
            .contains(&popup_token)
            && !popup_url.contains(&popup_token),
        "the popup keeps its token in its own sessionStorage only",
    )?;
    report.push(format!(
        "space iframe with COOP: signed in in the popup {} ms after the click; the popup stays open",
        clicked.elapsed().as_millis()
    ));
    wd.close_tab()?;
    wd.switch_to(&hub)?;
    enter_frame(wd)?;
    wd.wait_for(
        "the iframe back at Sign in, with no error",
        "return !!document.querySelector('.hf-oauth-login-button:not([disabled])') \
           && !document.querySelector('.hf-oauth-error');",
        Duration::from_secs(15),
    )?;
    let frame_storage = wd.js(STORAGE)?;
    check(
        !frame_storage.to_string().contains(&popup_token),
        "the iframe holds nothing of the popup's token",
    )?;
    wd.close_tab()?;
    wd.switch_to(&first)?;
    env.restart_provider_with(None, false)?;
    Ok(report)
}

/// Select the demo's iframe on the hub page.
fn enter_frame(wd: &Session) -> Result {
    let frame = wd.find("iframe#space")?;
    wd.switch_to_frame(&frame)
}

/// What a popup sign-in from the iframe measured.
struct PopupSignIn {
    click_to_name: Duration,
    opened: usize,
}

/// Click Sign in inside the iframe (selected) and wait for the name there, counting the windows
/// that opened meanwhile.
fn sign_in_in_frame(wd: &Session, windows_before: usize) -> Result<PopupSignIn> {
    let button = wd.find(".hf-oauth-login-button")?;
    let clicked = Instant::now();
    wd.click(&button)?;
    let mut most = windows_before;
    loop {
        most = most.max(wd.window_handles()?.len());
        if wd.js(DISPLAY_NAME)?.as_str() == Some("Ada Lovelace") {
            return Ok(PopupSignIn {
                click_to_name: clicked.elapsed(),
                opened: most - windows_before,
            });
        }
        let error = wd.js(
            "return document.querySelector('.hf-oauth-login .hf-oauth-error')?.textContent || null;",
        )?;
        if let Some(error) = error.as_str() {
            return Err(format!("sign-in in the iframe failed: {error}").into());
        }
        if clicked.elapsed() > POPUP_TIMEOUT {
            let seen = wd.js(
                "return { now: Math.round(performance.now()), messages: window.__e2eMessages, \
                   badge: document.querySelector('.hf-oauth-login')?.textContent || null };",
            )?;
            return Err(format!(
                "not signed in in the iframe after {} ({} windows opened; what the iframe received: {seen})",
                util::secs(POPUP_TIMEOUT),
                most - windows_before
            )
            .into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The handle of the first window that is not one of `known`.
fn wait_for_popup(wd: &Session, known: &[WindowHandle]) -> Result<WindowHandle> {
    let start = Instant::now();
    loop {
        if let Some(new) = wd
            .window_handles()?
            .into_iter()
            .find(|h| !known.contains(h))
        {
            return Ok(new);
        }
        if start.elapsed() > Duration::from_secs(10) {
            return Err("no popup opened".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The access token of the session saved in a [`STORAGE`] dump's sessionStorage.
fn saved_token(storage: &Json) -> Option<String> {
    let saved = storage
        .get("session")?
        .get(RESULT_KEY)?
        .as_str()?
        .to_owned();
    serde_json::from_str::<Json>(&saved)
        .ok()?
        .get("access_token")?
        .as_str()
        .map(str::to_owned)
}
