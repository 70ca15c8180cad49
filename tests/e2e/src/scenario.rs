//! The end-to-end scenario, step by step, through WebDriver: sign in at the real provider, see
//! the full profile from userinfo, check what the browser keeps, ask the gate with good, bad and
//! narrow tokens, stream from the real model through the gate, stop, reload, sign out in another
//! tab, a token the provider refused; then the refresh across three tabs and a refused refresh
//! ([`super::refresh`]).

use std::time::{Duration, Instant};

use super::panel::{first_token_ms, generate, generate_until, panel, submit};
use super::probes::{
    counter, gate_answer, gate_counters, gate_stat, gate_status, mint_token, revoke,
};
use super::sign_in::{sign_in, SIGN_IN_TIMEOUT};
use super::webdriver::Session;
use super::{profile, refresh, Env, CLIENT_ID};
use crate::util::Result;
use serde_json::Value as Json;

/// Where the library keeps the session (sessionStorage) and the sign-in in progress
/// (localStorage).
pub(super) const RESULT_KEY: &str = "hf_oauth:result";
const PENDING_KEY: &str = "hf_oauth:pending";

/// The signed-in name on the badge, or null.
pub(super) const DISPLAY_NAME: &str =
    "const n = document.querySelector('.hf-oauth-badge .hf-oauth-display-name'); \
     return n ? n.textContent : null;";

/// The sign-in button when it can be clicked.
pub(super) const LOGIN_READY: &str = "const b = document.querySelector('.hf-oauth-login-button'); \
     return !!(b && !b.disabled && !document.querySelector('.hf-oauth-badge .hf-oauth-display-name'));";

/// Both storages and the address.
pub(super) const STORAGE: &str = "const dump = (s) => { const o = {}; \
       for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = s.getItem(k); } return o; }; \
     return { url: location.href, local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie };";

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
        "requests before the name: {} to the provider ({}), {} to the site ({})",
        signed_in.provider_requests.len(),
        signed_in.provider_requests.join(", "),
        signed_in.site_requests.len(),
        signed_in.site_requests.join(", "),
    ));
    check(
        signed_in.provider_requests == ["/oauth/token"],
        format!(
            "the token request alone reaches the provider before the name is shown at {:.0} ms: {:?}",
            signed_in.at_ms, signed_in.provider_timeline
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

    step("the full profile from userinfo: PRO and the organization");
    report.extend(profile::check_full_profile(wd, env)?);

    step("address bar clean, verifier gone, token only in sessionStorage");
    let token = check_storage(wd, &site)?;

    step("the gate, like the router: 200 with the scope, 401 for a bad token, 403 without inference-api");
    check(
        gate_status(env, Some(&token))? == 200,
        "the gate forwards with the visitor's token",
    )?;
    check(
        gate_status(env, Some("not-a-token"))? == 401,
        "the gate refuses a made-up token (401)",
    )?;
    check(
        gate_status(env, None)? == 401,
        "the gate refuses a request without a token (401)",
    )?;
    let narrow = mint_token(env, "openid profile")?;
    let answer = gate_answer(env, Some(&narrow))?;
    check(
        answer.status == 403 && answer.body.contains("sufficient permissions"),
        format!(
            "the gate refuses a valid token without inference-api (403, the router's body): {} {}",
            answer.status, answer.body
        ),
    )?;
    let wide = mint_token(env, "openid profile inference-api")?;
    check(
        gate_status(env, Some(&wide))? == 200,
        "the same test path's token with inference-api passes (the 403 is the scope's)",
    )?;

    step("send a prompt: tokens appear one after another");
    let run = generate(wd, "Say hello and introduce yourself in two sentences.")?;
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
    report.push(stop_mid_stream(wd, env)?);

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
    let pro = wd.js("return !!document.querySelector('.hf-oauth-badge .hf-oauth-pro')")?;
    check(
        pro.as_bool() == Some(true),
        "the saved session keeps the full profile (PRO shown after the reload)",
    )?;
    let after_reload = wd.js(&format!(
        "return performance.getEntriesByType('resource').map((e) => e.name)\
           .filter((n) => n.startsWith({p}) && !n.includes('/avatars/'));",
        p = Json::from(provider.as_str())
    ))?;
    check(
        after_reload.as_array().is_some_and(Vec::is_empty),
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
    sign_out(wd, "the first tab signed out")?;
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

    step("a token the provider no longer accepts: inference answers with \"sign in again\" (the gate's 401)");
    report.push(refused_token(wd, env)?);

    report.extend(refresh::run(wd, env)?);

    report.extend(super::space::run(wd, env)?);

    let counters = gate_counters(env)?;
    report.push(format!(
        "gate: {} requests forwarded, {} refused (401), {} forbidden (403), {} aborted",
        counter(&counters, "allowed"),
        counter(&counters, "refused"),
        counter(&counters, "forbidden"),
        counter(&counters, "aborted"),
    ));
    Ok(report)
}

/// Stop a long answer mid-stream; what the gate and the panel show afterwards.
fn stop_mid_stream(wd: &Session, env: &Env) -> Result<String> {
    let before = gate_counters(env)?;
    let partial = generate_until(
        wd,
        "Write a very long story about a lighthouse keeper and the sea, in many chapters.",
        3,
    )?;
    let at_stop = gate_counters(env)?;
    check(
        counter(&at_stop, "allowed") == counter(&before, "allowed") + 1
            && counter(&at_stop, "aborted") == counter(&before, "aborted"),
        format!(
            "the answer streams through the gate, nothing aborted yet (allowed {} -> {}, aborted {})",
            counter(&before, "allowed"),
            counter(&at_stop, "allowed"),
            counter(&at_stop, "aborted")
        ),
    )?;
    let stop = wd.find(".hf-oauth-panel .hf-oauth-actions button.hf-oauth-secondary")?;
    wd.click(&stop)?;
    wd.wait_for(
        "the Stopped status",
        "return document.querySelector('.hf-oauth-panel .hf-oauth-status')?.textContent.startsWith('Stopped');",
        Duration::from_secs(10),
    )?;
    let stopped = panel(wd)?;
    check(
        stopped.text.starts_with(&partial),
        format!(
            "the text kept what had streamed before Stop ({} chars, then {})",
            partial.len(),
            stopped.text.len()
        ),
    )?;
    let aborted = wait_until(Duration::from_secs(10), || {
        Ok(gate_stat(env, "aborted")? > counter(&at_stop, "aborted"))
    })?;
    check(
        aborted,
        "Stop aborted the request: the gate saw the browser go and closed the model server stream",
    )?;
    std::thread::sleep(Duration::from_millis(2000));
    let later = panel(wd)?;
    check(
        later.text == stopped.text && later.status == stopped.status,
        format!(
            "nothing grows after Stop ({} chars, then {}; status {:?})",
            stopped.text.len(),
            later.text.len(),
            later.status
        ),
    )?;
    check(!later.running, "no Stop button once stopped")?;
    let after = gate_counters(env)?;
    check(
        counter(&after, "aborted") == counter(&at_stop, "aborted") + 1
            && counter(&after, "allowed") == counter(&at_stop, "allowed"),
        format!(
            "exactly one request aborted by Stop, none sent after it (aborted {} -> {})",
            counter(&at_stop, "aborted"),
            counter(&after, "aborted")
        ),
    )?;
    Ok(format!(
        "stop: stopped after {} chars; status {:?}",
        stopped.text.len(),
        stopped.status
    ))
}

/// Sign in, revoke the token at the provider, run a prompt: the gate's 401 turns the session
/// to expired.
fn refused_token(wd: &Session, env: &mut Env) -> Result<String> {
    let site = env.ports.site_url();
    sign_in(wd, env, ".hf-oauth-login-button")?;
    let token = check_storage(wd, &site)?;
    let refused_before = gate_stat(env, "refused")?;
    revoke(env, &token)?;
    submit(wd, "Say hello.")?;
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
        gate_stat(env, "refused")? == refused_before + 1,
        "the gate refused the one request (401)",
    )?;
    wd.wait_for(
        "the session to turn expired after the 401",
        "return !!document.querySelector('.hf-oauth-badge .hf-oauth-expired');",
        Duration::from_secs(10),
    )?;
    let after = wd.js(
        "const b = document.querySelector('.hf-oauth-badge'); \
         return { button: b.querySelector('.hf-oauth-login-button')?.textContent.trim() || null, \
           signout: !!b.querySelector('.hf-oauth-signout'), \
           prompt: document.querySelector('.hf-oauth-panel .hf-oauth-signin-prompt')?.textContent || null };",
    )?;
    let storage = wd.js(STORAGE)?;
    check(
        !storage.to_string().contains(&token),
        "the rejected token is forgotten (no storage holds it)",
    )?;
    let prompt = after
        .get("prompt")
        .and_then(Json::as_str)
        .unwrap_or_default();
    check(
        prompt.contains("Your session has expired. Sign in again to run"),
        format!("the panel asks to sign in again: {prompt:?}"),
    )?;
    check(
        after.get("button").and_then(Json::as_str) == Some("Sign in again")
            && after.get("signout").and_then(Json::as_bool) == Some(false),
        format!("the badge offers \"Sign in again\" instead of Sign out: {after}"),
    )?;
    Ok(format!("after a refused token the panel says: {error:?}"))
}

/// Print a step's title.
/// Click the badge's Sign out and wait for the sign-in button (`what` names the wait).
pub(super) fn sign_out(wd: &Session, what: &str) -> Result {
    let button = wd.find(".hf-oauth-badge .hf-oauth-signout")?;
    wd.click(&button)?;
    wd.wait_for(what, LOGIN_READY, Duration::from_secs(10))
        .map(drop)
}

pub(super) fn step(what: &str) {
    println!("\n-- {what}");
}

/// Print `what` when `ok`, else fail with it.
pub(super) fn check(ok: bool, what: impl Into<String>) -> Result {
    let what = what.into();
    if ok {
        println!("  ok: {what}");
        Ok(())
    } else {
        Err(format!("check failed: {what}").into())
    }
}

/// Check the address bar and storages; the access token.
pub(super) fn check_storage(wd: &Session, site: &str) -> Result<String> {
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
    let token = serde_json::from_str::<Json>(saved)?
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
pub(super) fn redact(url: &str) -> String {
    match url.split_once('?') {
        Some((base, _)) => format!("{base}?…"),
        None => url.to_owned(),
    }
}

/// Poll `f` every 200 ms until it is true (then true) or `timeout` passed (then false).
pub(super) fn wait_until(timeout: Duration, mut f: impl FnMut() -> Result<bool>) -> Result<bool> {
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
