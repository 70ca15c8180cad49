//! The end-to-end scenario, step by step, through WebDriver: sign in at the real provider, check
//! what the browser keeps, stream from the real model through the gate, stop, reload, sign out
//! in another tab, and let a short-lived token expire.

use std::time::{Duration, Instant};

use super::http;
use super::json::Json;
use super::webdriver::Session;
use super::{Env, CLIENT_ID, SHORT_TTL_SECS};
use crate::util::{self, Result};

/// Where the library keeps the session (sessionStorage) and the sign-in in progress
/// (localStorage).
const RESULT_KEY: &str = "hf_oauth:result";
const PENDING_KEY: &str = "hf_oauth:pending";

const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(30);
const GENERATE_TIMEOUT: Duration = Duration::from_secs(240);

/// The signed-in name on the badge, or null.
const DISPLAY_NAME: &str =
    "const n = document.querySelector('.hf-oauth-badge .hf-oauth-display-name'); \
     return n ? n.textContent : null;";

/// The sign-in button when it can be clicked.
const LOGIN_READY: &str = "const b = document.querySelector('.hf-oauth-login-button'); \
     return !!(b && !b.disabled && !document.querySelector('.hf-oauth-badge .hf-oauth-display-name'));";

/// Both storages and the address.
const STORAGE: &str = "const dump = (s) => { const o = {}; \
       for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = s.getItem(k); } return o; }; \
     return { url: location.href, local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie };";

/// The panel's answer text and status line, and whether Stop is shown.
const PANEL: &str = "const p = document.querySelector('.hf-oauth-panel'); if (!p) return null; \
     const a = p.querySelector('.hf-oauth-answer'); const s = p.querySelector('.hf-oauth-status'); \
     const e = p.querySelector('.hf-oauth-error'); \
     const stop = [...p.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Stop'); \
     return { text: a ? a.textContent : '', status: s ? s.textContent : '', error: e ? e.textContent : '', \
       running: stop, panel: p.textContent };";

/// Record every distinct answer text as the DOM changes (beside the polling from here).
const RECORD_ANSWERS: &str = "const el = document.querySelector('.hf-oauth-panel .hf-oauth-answer'); \
     window.__e2eAnswers = []; if (window.__e2eObserver) window.__e2eObserver.disconnect(); \
     const rec = () => { const t = el.textContent, a = window.__e2eAnswers; if (t && a[a.length - 1] !== t) a.push(t); }; \
     window.__e2eObserver = new MutationObserver(rec); \
     window.__e2eObserver.observe(el, { subtree: true, childList: true, characterData: true }); return true;";

/// Run the scenario; the timing lines to print.
pub fn run(wd: &Session, env: &mut Env) -> Result<Vec<String>> {
    let site = env.ports.site_url();
    let provider = env.ports.provider_url("");
    let mut report = Vec::new();

    step("open the demo");
    wd.goto(&site)?;
    wd.wait_for("the sign-in button", LOGIN_READY, Duration::from_secs(30))?;
    let config = wd.js("return document.querySelector('.hf-demo-config')?.textContent || ''")?;
    let config = config.as_str().unwrap_or_default();
    check(
        config.contains(&provider) && config.contains(CLIENT_ID),
        format!("the configuration card names the provider and client: {config:?}"),
    )?;

    step("sign in at the provider (login and consent pass by themselves)");
    let signed_in = sign_in(wd, env, ".hf-oauth-login-button")?;
    report.push(format!(
        "callback -> signed in: {:.0} ms (from the callback page's navigation start to the name on screen)",
        signed_in.at_ms
    ));
    report.push(format!(
        "  of which: the widget's js + wasm loaded by {:.0} ms, the token request took {:.0} ms",
        signed_in.assets_done_ms, signed_in.token_ms
    ));
    report.push(format!(
        "requests on that critical path: {} to the provider ({}), {} to the site ({})",
        signed_in.provider_requests.len(),
        signed_in.provider_requests.join(", "),
        signed_in.site_requests.len(),
        signed_in.site_requests.join(", "),
    ));
    check(
        signed_in.provider_requests == ["/oauth/token"],
        format!(
            "the token request alone reaches the provider after the callback: {:?}",
            signed_in.provider_requests
        ),
    )?;
    let avatar = wd.wait_for(
        "the avatar image",
        "const i = document.querySelector('.hf-oauth-badge img.hf-oauth-avatar'); \
         return i && i.complete && i.naturalWidth > 0 ? i.src : null;",
        Duration::from_secs(10),
    )?;
    check(
        avatar
            .as_str()
            .is_some_and(|src| src.starts_with(&provider)),
        format!("the avatar comes from the profile's picture: {avatar}"),
    )?;
    let username =
        wd.js("return document.querySelector('.hf-oauth-badge .hf-oauth-username')?.textContent")?;
    check(
        username.as_str() == Some("@ada"),
        format!("the username is shown: {username}"),
    )?;

    step("address bar clean, verifier gone, token only in sessionStorage");
    let token = check_storage(wd, &site)?;

    step("the gate accepts the visitor's token and refuses others");
    check(
        gate_status(env, Some(&token))? == 200,
        "the gate forwards with the visitor's token",
    )?;
    check(
        gate_status(env, Some("not-a-token"))? == 401,
        "the gate refuses a made-up token",
    )?;
    check(
        gate_status(env, None)? == 401,
        "the gate refuses a request without a token",
    )?;

    step("send a prompt: tokens appear one after another");
    let run = generate(
        wd,
        "Say hello and introduce yourself in two sentences.",
        None,
    )?;
    check(!run.final_text.trim().is_empty(), "the answer is not empty")?;
    check(
        run.polled_intermediate >= 2 && run.observed_intermediate >= 2,
        format!(
            "more than one DOM update before the end (polled {}, observed {})",
            run.polled_intermediate, run.observed_intermediate
        ),
    )?;
    let ttft = first_token_ms(&run.status).ok_or_else(|| {
        format!(
            "the status line gives the time to first token: {:?}",
            run.status
        )
    })?;
    report.push(format!(
        "time to first token: {ttft} ms (the panel's status line: {:?})",
        run.status
    ));
    report.push(format!(
        "streaming: {} distinct answer texts seen by a MutationObserver, {} by polling, before the final one",
        run.observed_intermediate, run.polled_intermediate
    ));

    step("Stop works mid-stream");
    let stopped = generate(
        wd,
        "Write a very long story about a lighthouse keeper and the sea, in many chapters.",
        Some(3),
    )?;
    check(
        stopped.status.starts_with("Stopped"),
        format!("the status says Stopped: {:?}", stopped.status),
    )?;
    std::thread::sleep(Duration::from_millis(2000));
    let later = panel(wd)?;
    check(
        later.text == stopped.final_text,
        format!(
            "the text stops growing after Stop ({} chars, then {})",
            stopped.final_text.len(),
            later.text.len()
        ),
    )?;
    check(!later.running, "no Stop button once stopped")?;
    let aborted = wait_until(Duration::from_secs(10), || {
        Ok(gate_stat(env, "aborted")? >= 1)
    })?;
    check(
        aborted,
        "Stop aborted the request: the gate saw the browser go and closed the model server stream",
    )?;
    report.push(format!(
        "stop: stopped after {} chars; status {:?}",
        stopped.final_text.len(),
        stopped.status
    ));

    step("reload keeps the session");
    wd.refresh()?;
    let name = wd.wait_for(
        "the name after reload",
        DISPLAY_NAME,
        Duration::from_secs(30),
    )?;
    check(
        name.as_str() == Some("Ada Lovelace"),
        format!("still signed in as Ada Lovelace: {name}"),
    )?;
    let after_reload = wd.js(&format!(
        "return performance.getEntriesByType('resource').map((e) => e.name)\
           .filter((n) => n.startsWith({p}) && !n.includes('/avatars/'));",
        p = Json::str(&provider)
    ))?;
    check(
        after_reload.as_array().is_some_and(<[Json]>::is_empty),
        format!("a reload restores the session with no request to the provider: {after_reload}"),
    )?;
    check_storage(wd, &site)?;

    step("a second tab sees the sign-out done in the first");
    let first = wd.window()?;
    let second = wd.new_tab()?;
    wd.switch_to(&second)?;
    wd.goto(&site)?;
    let name = wd.wait_for(
        "the second tab to get the session from the first",
        DISPLAY_NAME,
        SIGN_IN_TIMEOUT,
    )?;
    check(
        name.as_str() == Some("Ada Lovelace"),
        "the second tab is signed in too",
    )?;
    wd.switch_to(&first)?;
    let sign_out = wd.find(".hf-oauth-badge .hf-oauth-signout")?;
    wd.click(&sign_out)?;
    wd.wait_for(
        "the first tab signed out",
        LOGIN_READY,
        Duration::from_secs(10),
    )?;
    wd.switch_to(&second)?;
    let started = Instant::now();
    wd.wait_for(
        "the second tab to see the sign-out",
        LOGIN_READY,
        Duration::from_secs(10),
    )?;
    let storage = wd.js(STORAGE)?;
    check(
        storage
            .get("session")
            .and_then(|s| s.get(RESULT_KEY))
            .is_none(),
        "the second tab forgot the token",
    )?;
    report.push(format!(
        "second tab saw the sign-out within {} ms",
        started.elapsed().as_millis()
    ));
    wd.close_tab()?;
    wd.switch_to(&first)?;
    let revoked = wait_until(Duration::from_secs(10), || {
        Ok(gate_status(env, Some(&token))? == 401)
    })?;
    check(
        revoked,
        "sign-out revoked the token at the provider: the gate refuses it",
    )?;

    step(&format!(
        "with {SHORT_TTL_SECS} s tokens: the expired state appears by itself"
    ));
    let restart = env.restart_provider(SHORT_TTL_SECS)?;
    println!(
        "  provider restarted with {SHORT_TTL_SECS} s access tokens in {}",
        util::secs(restart)
    );
    wd.wait_for("the sign-in button", LOGIN_READY, Duration::from_secs(10))?;
    sign_in(wd, env, ".hf-oauth-login-button")?;
    let signed_in_at = Instant::now();
    let short_token = check_storage(wd, &site)?;
    check(
        gate_status(env, Some(&short_token))? == 200,
        "the gate accepts the fresh short-lived token",
    )?;
    wd.wait_for(
        "the expired state",
        "return !!document.querySelector('.hf-oauth-badge .hf-oauth-expired');",
        Duration::from_secs(SHORT_TTL_SECS + 30),
    )?;
    let expired_after = signed_in_at.elapsed();
    check(
        expired_after >= Duration::from_secs(SHORT_TTL_SECS - 5),
        format!(
            "the session expired no earlier than its token ({})",
            util::secs(expired_after)
        ),
    )?;
    let badge = wd.js("return document.querySelector('.hf-oauth-badge').textContent")?;
    check(
        badge
            .as_str()
            .is_some_and(|t| t.contains("Your session has expired")),
        format!("the badge says the session has expired: {badge}"),
    )?;
    let now = panel(wd)?;
    check(
        now.panel
            .contains("Your session has expired. Sign in again to run"),
        format!("the panel asks to sign in again: {:?}", now.panel),
    )?;
    check(
        gate_status(env, Some(&short_token))? == 401,
        "the provider expired the token too: the gate refuses it",
    )?;
    report.push(format!(
        "expiry: the expired state appeared {} after signing in with {SHORT_TTL_SECS} s tokens",
        util::secs(expired_after)
    ));

    step("a token the provider no longer accepts: inference answers with \"sign in again\" (the gate's 401)");
    sign_in(wd, env, ".hf-oauth-badge .hf-oauth-login-button")?;
    let token = check_storage(wd, &site)?;
    let refused_before = gate_stats(env)?.1;
    revoke(env, &token)?;
    let run = generate(wd, "Say hello.", Some(0));
    let error = wd.wait_for(
        "the 401 error in the panel",
        "const e = document.querySelector('.hf-oauth-panel .hf-oauth-error'); return e ? e.textContent : null;",
        Duration::from_secs(30),
    )?;
    let error = error.as_str().unwrap_or_default().to_owned();
    check(
        error.contains("Sign in again"),
        format!("the panel says to sign in again: {error:?}"),
    )?;
    check(!error.contains(&token), "the error does not show the token")?;
    check(
        gate_stats(env)?.1 > refused_before,
        "the gate refused the request",
    )?;
    let badge = wd.wait_for(
        "the session to turn expired after the 401",
        "return document.querySelector('.hf-oauth-badge .hf-oauth-expired')?.textContent || null;",
        Duration::from_secs(10),
    )?;
    check(badge.truthy(), "the 401 turned the session to expired")?;
    let storage = wd.js(STORAGE)?;
    check(
        !storage.to_string().contains(&token),
        "the rejected token is forgotten (no storage holds it)",
    )?;
    drop(run);
    report.push(format!("after a refused token the panel says: {error:?}"));

    let (allowed, refused) = gate_stats(env)?;
    report.push(format!(
        "gate: {allowed} requests forwarded, {refused} refused"
    ));
    Ok(report)
}

fn step(what: &str) {
    println!("\n-- {what}");
}

fn check(ok: bool, what: impl Into<String>) -> Result {
    let what = what.into();
    if ok {
        println!("  ok: {what}");
        Ok(())
    } else {
        Err(format!("check failed: {what}").into())
    }
}

/// What the sign-in measured on the callback page.
struct SignedIn {
    at_ms: f64,
    assets_done_ms: f64,
    token_ms: f64,
    provider_requests: Vec<String>,
    site_requests: Vec<String>,
}

/// Click the sign-in button `selector`, pass the provider, come back signed in.
fn sign_in(wd: &Session, env: &mut Env, selector: &str) -> Result<SignedIn> {
    let provider = env.ports.provider_url("");
    let site = env.ports.site_url();
    let button = wd.find(selector)?;
    wd.click(&button)?;
    let start = Instant::now();
    loop {
        env.provider.check_alive()?;
        let state = wd.js(&format!(
            "return {{ url: location.href, name: document.querySelector('.hf-oauth-badge .hf-oauth-display-name')?.textContent || null, \
               error: location.origin === {p} ? document.body.innerText.slice(0, 300) : \
                 (document.querySelector('.hf-oauth-login .hf-oauth-error')?.textContent || null), \
               at: window.__e2eSignedInAt ?? null }};",
            p = Json::str(provider.trim_end_matches('/'))
        ));
        if let Ok(state) = state {
            let url = state.get("url").and_then(Json::as_str).unwrap_or_default();
            if url.starts_with(&site) && state.get("at").is_some_and(|a| a.as_f64().is_some()) {
                let name = state.get("name").and_then(Json::as_str).unwrap_or_default();
                check(
                    name == "Ada Lovelace",
                    format!("back signed in as {name:?}"),
                )?;
                break;
            }
            if let Some(error) = state.get("error").and_then(Json::as_str) {
                if url.starts_with(&provider) && error.contains("provider error")
                    || url.starts_with(&site)
                {
                    return Err(format!("sign-in failed at {}: {error}", redact(url)).into());
                }
            }
        }
        if start.elapsed() > SIGN_IN_TIMEOUT {
            let url = wd.url().unwrap_or_default();
            return Err(format!(
                "not signed in after {} (at {})",
                util::secs(SIGN_IN_TIMEOUT),
                redact(&url)
            )
            .into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // The avatar `<img>` is rendered together with the name and may start loading in the same
    // millisecond: it is the result of signing in, not a request on the way to it.
    let timing = wd.js(
        "const at = window.__e2eSignedInAt; const nav = performance.getEntriesByType('navigation')[0]; \
         return { at, callback: !!nav && /[?&]code=/.test(nav.name), \
           resources: performance.getEntriesByType('resource')\
             .filter((e) => e.startTime <= at && e.initiatorType !== 'img')\
             .map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd })) };",
    )?;
    check(
        timing.get("callback").and_then(Json::as_bool) == Some(true),
        "the page measured is the provider's redirect (callback)",
    )?;
    let at_ms = timing.get("at").and_then(Json::as_f64).unwrap_or_default();
    let mut provider_requests = Vec::new();
    let mut site_requests = Vec::new();
    let (mut assets_done_ms, mut token_ms) = (0f64, 0f64);
    let resources = timing.get("resources").and_then(Json::as_array);
    for entry in resources.unwrap_or_default() {
        let name = entry.get("name").and_then(Json::as_str).unwrap_or_default();
        let time = |k: &str| entry.get(k).and_then(Json::as_f64).unwrap_or_default();
        if let Some(path) = name.strip_prefix(provider.trim_end_matches('/')) {
            let path = path.split('?').next().unwrap_or_default();
            if path == "/oauth/token" {
                token_ms = time("end") - time("start");
            }
            provider_requests.push(path.to_owned());
        } else if let Some(path) = name.strip_prefix(site.trim_end_matches('/')) {
            assets_done_ms = assets_done_ms.max(time("end"));
            site_requests.push(path.to_owned());
        } else {
            provider_requests.push(name.to_owned());
        }
    }
    println!("  signed in {:.0} ms after the callback navigation", at_ms);
    Ok(SignedIn {
        at_ms,
        assets_done_ms,
        token_ms,
        provider_requests,
        site_requests,
    })
}

/// Check the address bar and storages; the access token.
fn check_storage(wd: &Session, site: &str) -> Result<String> {
    let storage = wd.js(STORAGE)?;
    let url = storage
        .get("url")
        .and_then(Json::as_str)
        .unwrap_or_default();
    check(
        url == site,
        format!("the address bar is clean: {}", redact(url)),
    )?;
    let local = storage.get("local").cloned().unwrap_or(Json::Null);
    check(
        local.get(PENDING_KEY).is_none(),
        format!("{PENDING_KEY} is gone from localStorage"),
    )?;
    let saved = storage
        .get("session")
        .and_then(|s| s.get(RESULT_KEY))
        .and_then(Json::as_str)
        .ok_or("no session in sessionStorage")?;
    let token = Json::parse(saved)?
        .get("access_token")
        .and_then(Json::as_str)
        .ok_or("the saved session has no access_token")?
        .to_owned();
    check(token.len() >= 16, "sessionStorage holds the access token")?;
    check(
        !local.to_string().contains(&token),
        "localStorage does not hold the token",
    )?;
    check(!url.contains(&token), "the URL does not hold the token")?;
    let cookie = storage
        .get("cookie")
        .and_then(Json::as_str)
        .unwrap_or_default();
    check(!cookie.contains(&token), "no cookie holds the token")?;
    Ok(token)
}

/// A URL without its query (which may hold a code).
fn redact(url: &str) -> String {
    match url.split_once('?') {
        Some((base, _)) => format!("{base}?…"),
        None => url.to_owned(),
    }
}

struct PanelState {
    text: String,
    status: String,
    running: bool,
    panel: String,
}

fn panel(wd: &Session) -> Result<PanelState> {
    let v = wd.js(PANEL)?;
    let s = |k: &str| {
        v.get(k)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(PanelState {
        text: s("text"),
        status: s("status"),
        running: v.get("running").and_then(Json::as_bool).unwrap_or(false),
        panel: s("panel"),
    })
}

struct Run {
    final_text: String,
    status: String,
    polled_intermediate: usize,
    observed_intermediate: usize,
}

/// Type `prompt`, click Generate, follow the stream until it ends. With `stop_after: Some(n)`,
/// click Stop once `n` distinct non-empty texts were seen (`Some(0)`: return right after the
/// click, for a request that fails).
fn generate(wd: &Session, prompt: &str, stop_after: Option<usize>) -> Result<Run> {
    let area = wd.find(".hf-oauth-panel textarea")?;
    wd.type_into(&area, prompt)?;
    wd.js(RECORD_ANSWERS)?;
    let generate = wd.find(".hf-oauth-panel button[type=submit]")?;
    wd.click(&generate)?;
    if stop_after == Some(0) {
        return Ok(Run {
            final_text: String::new(),
            status: String::new(),
            polled_intermediate: 0,
            observed_intermediate: 0,
        });
    }
    let start = Instant::now();
    let mut seen: Vec<String> = Vec::new();
    let mut started = false;
    loop {
        let state = panel(wd)?;
        if !state.text.is_empty() && seen.last() != Some(&state.text) {
            seen.push(state.text.clone());
        }
        started |= state.running;
        if let Some(n) = stop_after {
            if state.running && seen.len() >= n {
                let stop =
                    wd.find(".hf-oauth-panel .hf-oauth-actions button.hf-oauth-secondary")?;
                wd.click(&stop)?;
                wd.wait_for(
                    "the Stopped status",
                    "return document.querySelector('.hf-oauth-panel .hf-oauth-status')?.textContent.startsWith('Stopped');",
                    Duration::from_secs(10),
                )?;
                let state = panel(wd)?;
                return Ok(Run {
                    polled_intermediate: seen.len(),
                    observed_intermediate: 0,
                    final_text: state.text,
                    status: state.status,
                });
            }
        }
        if !state.running
            && (started || !state.status.is_empty())
            && !state.status.starts_with("Waiting")
        {
            if stop_after.is_some() {
                return Err(format!(
                    "the answer ended before Stop could be clicked: {:?}",
                    state.status
                )
                .into());
            }
            let error = wd.js("return document.querySelector('.hf-oauth-panel .hf-oauth-error')?.textContent || null")?;
            if let Some(error) = error.as_str() {
                return Err(format!("inference failed: {error}").into());
            }
            let observed = wd.js("return window.__e2eAnswers")?;
            let observed: Vec<&str> = observed
                .as_array()
                .unwrap_or_default()
                .iter()
                .filter_map(Json::as_str)
                .collect();
            let distinct_before =
                |texts: &[&str]| texts.iter().filter(|t| **t != state.text).count();
            let polled: Vec<&str> = seen.iter().map(String::as_str).collect();
            println!(
                "  answer: {} chars in {}; status: {}",
                state.text.len(),
                util::secs(start.elapsed()),
                state.status
            );
            return Ok(Run {
                polled_intermediate: distinct_before(&polled),
                observed_intermediate: distinct_before(&observed),
                final_text: state.text,
                status: state.status,
            });
        }
        if start.elapsed() > GENERATE_TIMEOUT {
            return Err(format!(
                "no complete answer after {}: {:?}",
                util::secs(GENERATE_TIMEOUT),
                state.status
            )
            .into());
        }
        std::thread::sleep(Duration::from_millis(40));
    }
}

/// "First token after 312 ms · ..." → 312.
fn first_token_ms(status: &str) -> Option<u64> {
    let rest = status.split("First token after ").nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

/// The gate's answer to `GET /v1/models` with this bearer token.
fn gate_status(env: &Env, token: Option<&str>) -> Result<u16> {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    let r = http::request(
        "GET",
        &env.ports.gate_url("/v1/models"),
        &headers,
        None,
        Duration::from_secs(30),
    )?;
    Ok(r.status)
}

/// The gate's counters (`allowed`, `refused`, `aborted`, ...), from one request.
fn gate_counters(env: &Env) -> Result<Json> {
    let r = http::request(
        "GET",
        &env.ports.gate_url("/_gate/stats"),
        &[],
        None,
        Duration::from_secs(10),
    )?;
    Ok(Json::parse(&r.body)?)
}

/// One counter of [`gate_counters`]; 0 when absent.
fn counter(counters: &Json, key: &str) -> u64 {
    counters.get(key).and_then(Json::as_f64).unwrap_or_default() as u64
}

/// One of the gate's counters.
fn gate_stat(env: &Env, key: &str) -> Result<u64> {
    Ok(counter(&gate_counters(env)?, key))
}

/// The gate's counters: (forwarded, refused).
fn gate_stats(env: &Env) -> Result<(u64, u64)> {
    let counters = gate_counters(env)?;
    Ok((counter(&counters, "allowed"), counter(&counters, "refused")))
}

/// Revoke an access token at the provider (as when the visitor revokes the app).
fn revoke(env: &Env, token: &str) -> Result {
    let body = format!("token={token}&token_type_hint=access_token&client_id={CLIENT_ID}");
    let r = http::request(
        "POST",
        &env.ports.provider_url("/oauth/revoke"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(&body),
        Duration::from_secs(10),
    )?;
    check(
        r.status == 200,
        format!("the provider revoked the token (HTTP {})", r.status),
    )
}

fn wait_until(timeout: Duration, mut f: impl FnMut() -> Result<bool>) -> Result<bool> {
    let start = Instant::now();
    loop {
        if f()? {
            return Ok(true);
        }
        if start.elapsed() > timeout {
            return Ok(false);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_time_to_first_token() {
        assert_eq!(
            first_token_ms("First token after 312 ms · 42 tokens · 18.3 tokens/s"),
            Some(312)
        );
        assert_eq!(
            first_token_ms("Stopped. First token after 9 ms · 3 tokens"),
            Some(9)
        );
        assert_eq!(first_token_ms("Generating…"), None);
    }
}
