//! The end-to-end scenario, step by step, through WebDriver: a provider offering what
//! huggingface.co offers (no revocation, no end-session endpoint), sign in at it, see the full
//! profile from userinfo, check what the browser keeps and where the refresh token and id_token
//! are ([`super::leaks`]), ask the gate with good, bad and narrow tokens, stream from the real
//! model through the gate, stop, reload, sign out in one tab of two (local: every tab forgets,
//! nothing is revoked), two tabs signing in at once, a token the visitor revoked; then the
//! refresh across three tabs and a refused refresh ([`super::refresh`]), and a Space
//! ([`super::space`]).

use std::time::{Duration, Instant};

use super::leaks::{self, Tabs};
use super::panel::{first_token_ms, generate, generate_until, panel, submit};
use super::probes::{
    consent_page, counter, discovery, gate_answer, gate_counters, gate_stat, gate_status,
    mint_token, provider_counters, revoke_app,
};
use super::sign_in::{sign_in, SIGN_IN_TIMEOUT};
use super::webdriver::Session;
use super::{profile, refresh, site, Env, CLIENT_ID};
use crate::util::Result;
use fantoccini::wd::WindowHandle;
use serde_json::Value as Json;

/// Where the library keeps the session (sessionStorage) and the sign-ins in progress
/// (localStorage, one key per sign-in: this prefix and its `state`; the library of before
/// issue 18 used the prefix alone as its one key).
pub(super) const RESULT_KEY: &str = "hf_oauth:result";
const PENDING_PREFIX: &str = "hf_oauth:pending";

/// The keys of the sign-ins in progress, in the selected tab's localStorage.
const PENDING_KEYS: &str =
    "return Object.keys(localStorage).filter((k) => k.startsWith('hf_oauth:pending'));";

/// The provider's consent page, ready to click.
const AT_CONSENT: &str = "return !!document.querySelector('button#authorize');";

/// The widget's error, if one is shown.
const ERROR_SHOWN: &str = "return document.querySelector('.hf-oauth-error')?.textContent || null;";

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

    step("the provider offers what huggingface.co offers: no revocation, no end-session endpoint");
    report.push(check_discovery(env)?);

    step("open the demo, and another page of the site without the widget");
    wd.goto(&site)?;
    wd.wait_for("the sign-in button", LOGIN_READY, Duration::from_secs(30))?;
    let first = wd.window()?;
    let listener = wd.new_tab()?;
    wd.switch_to(&listener)?;
    wd.goto(&format!("{site}{}", site::LISTENER_FILE))?;
    wd.wait_for(
        "the page without the widget to listen",
        "return Array.isArray(window.__e2eHeard);",
        Duration::from_secs(10),
    )?;
    wd.switch_to(&first)?;
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

    step("the refresh token and id_token only in this tab's sessionStorage");
    let secrets = leaks::holder_secrets(wd)?;
    check(
        secrets.access == token,
        "the holder's saved session is the one checked",
    )?;
    report.push(leaks::check_tabs(
        wd,
        &Tabs {
            holder: &first,
            others: &[],
            listener: &listener,
        },
        &secrets,
        &[],
        "after sign-in",
    )?);

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

    step("a second tab gets the access token only, then sees the sign-out done in the first");
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
    report.push(leaks::check_tabs(
        wd,
        &Tabs {
            holder: &first,
            others: std::slice::from_ref(&second),
            listener: &listener,
        },
        &secrets,
        &[],
        "with a second tab",
    )?);
    let stats_before = provider_counters(env)?;
    sign_out(wd, "the first tab signed out")?;
    wd.switch_to(&second)?;
    let started = Instant::now();
    wd.wait_for(
        "the second tab to see the sign-out",
        LOGIN_READY,
        Duration::from_secs(10),
    )?;
    report.push(format!(
        "second tab saw the sign-out within {} ms",
        started.elapsed().as_millis()
    ));
    let both = [first.clone(), second.clone()];
    for (i, tab) in both.iter().enumerate() {
        wd.switch_to(tab)?;
        check(
            wd.js(LOGIN_READY)?.as_bool() == Some(true),
            format!("tab {} shows Sign in", i + 1),
        )?;
    }
    leaks::check_forgotten(
        wd,
        &both,
        &[&secrets.access, &secrets.refresh, &secrets.id_token],
    )?;
    let stats = provider_counters(env)?;
    check(
        [("revocation", 0), ("end_session", 0)]
            .iter()
            .all(|(k, n)| counter(&stats, k) == *n)
            && counter(&stats, "not_found") == counter(&stats_before, "not_found"),
        format!("the provider received no revocation or end-session request, nor any other it does not offer: {stats}"),
    )?;
    check(
        gate_status(env, Some(&token))? == 200,
        "sign-out is local, as on huggingface.co: the provider still accepts the forgotten access token (nothing revoked it)",
    )?;

    step("two tabs click Sign in before either approves; approving in each signs each in");
    report.push(two_tabs_sign_in(wd, env, &both, &listener)?);
    wd.switch_to(&second)?;
    wd.close_tab()?;
    wd.switch_to(&first)?;

    step("the visitor revokes the app at the provider: inference answers with \"sign in again\" (the gate's 401)");
    report.push(refused_token(wd, env)?);
    let stats = provider_counters(env)?;
    check(
        counter(&stats, "revocation") == 0 && counter(&stats, "end_session") == 0,
        format!("by the end of this provider's life, still no revocation or end-session request: {stats}"),
    )?;
    report.push(format!(
        "provider (first process): {} code exchanges, {} userinfo, 0 revocation, 0 end-session, {} requests answered 404",
        counter(&stats, "authorization_code"),
        counter(&stats, "userinfo"),
        counter(&stats, "not_found")
    ));

    report.extend(refresh::run(wd, env, &listener)?);

    report.extend(super::space::run(wd, env, &listener)?);

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

/// The provider's discovery document lists what huggingface.co's does, and no revocation,
/// end-session, introspection or pushed-authorization endpoint.
fn check_discovery(env: &Env) -> Result<String> {
    let doc = discovery(env)?;
    let url = |k: &str| doc.get(k).and_then(Json::as_str).map(str::to_owned);
    for (key, path) in [
        ("authorization_endpoint", "/oauth/authorize"),
        ("token_endpoint", "/oauth/token"),
        ("userinfo_endpoint", "/oauth/userinfo"),
    ] {
        check(
            url(key) == Some(env.ports.provider_url(path)),
            format!("discovery: {key} at {path}, as huggingface.co's"),
        )?;
    }
    let absent = [
        "revocation_endpoint",
        "end_session_endpoint",
        "introspection_endpoint",
        "pushed_authorization_request_endpoint",
        "registration_endpoint",
        "device_authorization_endpoint",
    ];
    let listed: Vec<&str> = absent
        .into_iter()
        .filter(|k| doc.get(*k).is_some())
        .collect();
    check(
        listed.is_empty(),
        format!("discovery lists no {} ({listed:?})", absent.join(", ")),
    )?;
    let endpoints: Vec<&str> = doc
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .filter(|k| k.ends_with("_endpoint"))
        .collect();
    Ok(format!(
        "provider discovery: endpoints {}",
        endpoints.join(", ")
    ))
}

/// Two tabs (both showing Sign in) click Sign in; both wait at the provider's consent page
/// (two pending sign-ins side by side); approving in the first, then in the second, signs each
/// in, with no error in either.
fn two_tabs_sign_in(
    wd: &Session,
    env: &Env,
    tabs: &[WindowHandle; 2],
    listener: &WindowHandle,
) -> Result<String> {
    let pending = |wd: &Session| -> Result<Vec<String>> {
        wd.switch_to(listener)?;
        let keys = wd.js(PENDING_KEYS)?;
        Ok(keys
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .map(str::to_owned)
            .collect())
    };
    consent_page(env, true)?;
    let outcome = (|| -> Result<String> {
        for (i, tab) in tabs.iter().enumerate() {
            wd.switch_to(tab)?;
            let button = wd.find(".hf-oauth-login-button")?;
            wd.click(&button)?;
            wd.wait_for(
                &format!("tab {} at the provider's consent page", i + 1),
                AT_CONSENT,
                SIGN_IN_TIMEOUT,
            )?;
        }
        let keys = pending(wd)?;
        check(
            keys.len() == 2
                && keys.iter().all(|k| k.len() > PENDING_PREFIX.len() + 1)
                && keys[0] != keys[1],
            format!("two sign-ins wait side by side, each under its own key: {keys:?}"),
        )?;
        let mut signed_in_ms = Vec::new();
        for (i, tab) in tabs.iter().enumerate() {
            wd.switch_to(tab)?;
            let authorize = wd.find("button#authorize")?;
            let clicked = Instant::now();
            wd.click(&authorize)?;
            let shown = wd.wait_for(
                &format!("tab {} signed in (or an error)", i + 1),
                "const n = document.querySelector('.hf-oauth-badge .hf-oauth-display-name');                  const e = document.querySelector('.hf-oauth-error');                  return n || e ? { name: n?.textContent || null, error: e?.textContent || null } : null;",
                SIGN_IN_TIMEOUT,
            )?;
            signed_in_ms.push(clicked.elapsed().as_millis());
            check(
                shown.get("name").and_then(Json::as_str) == Some("Ada Lovelace")
                    && shown.get("error").is_some_and(Json::is_null),
                format!("approving in tab {} signs it in, no error: {shown}", i + 1),
            )?;
            let left = pending(wd)?;
            check(
                left.len() == 1 - i,
                format!(
                    "the callback took its own sign-in only: {} pending left {left:?}",
                    left.len()
                ),
            )?;
        }
        for (i, tab) in tabs.iter().enumerate() {
            wd.switch_to(tab)?;
            let name = wd.js(DISPLAY_NAME)?;
            let error = wd.js(ERROR_SHOWN)?;
            check(
                name.as_str() == Some("Ada Lovelace") && error.is_null(),
                format!(
                    "in the end tab {} is signed in, no error: {name} {error}",
                    i + 1
                ),
            )?;
        }
        Ok(format!(
            "two tabs signing in at once: both signed in, {} ms and {} ms after Authorize",
            signed_in_ms[0], signed_in_ms[1]
        ))
    })();
    consent_page(env, false)?;
    outcome
}

/// With the session of the selected tab: the visitor revokes the app at the provider, then a
/// prompt: the gate's 401 turns the session to expired.
fn refused_token(wd: &Session, env: &mut Env) -> Result<String> {
    let site = env.ports.site_url();
    let token = check_storage(wd, &site)?;
    let refused_before = gate_stat(env, "refused")?;
    revoke_app(env, &token)?;
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
    let pending: Vec<&String> = local
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
        .filter(|k| k.starts_with(PENDING_PREFIX))
        .collect();
    check(
        pending.is_empty(),
        format!("no sign-in is left pending in localStorage ({pending:?})"),
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
