//! Short-lived access tokens and rotating refresh tokens, as on huggingface.co: three tabs stay
//! signed in over several lifetimes with one refresh request per cycle (the tab that signed in
//! holds the refresh token and announces each new access token), the refresh tokens and
//! id_tokens old and new stay in that tab, and a refused refresh ends in the expired state at
//! expiry, not in an error.

use std::time::{Duration, Instant};

use super::leaks::{self, Tabs};
use super::probes::{counter, gate_status, provider_counters};
use super::scenario::{check, check_storage, step, wait_until, DISPLAY_NAME, RESULT_KEY, STORAGE};
use super::sign_in::{sign_in, SIGN_IN_TIMEOUT};
use fantoccini::wd::WindowHandle;
use serde_json::Value as Json;

use super::webdriver::Session;
use super::{Env, SHORT_TTL_SECS};
use crate::util::{self, Result};

/// How many access-token lifetimes the three tabs live through.
const LIFETIMES: u64 = 3;

/// How many tabs share the session.
const TABS: usize = 3;

/// When the library refreshes a token of `ttl_secs`: `margin` before expiry, a fifth of the
/// lifetime and at most 60 s (the contract of issue 12); so a refresh cycle lasts this long.
fn refresh_period_secs(ttl_secs: u64) -> u64 {
    ttl_secs - (ttl_secs / 5).min(60)
}

/// What a tab shows.
const TAB_STATE: &str = "const b = document.querySelector('.hf-oauth-badge'); \
     let token = null; try { token = JSON.parse(sessionStorage.getItem('hf_oauth:result')).access_token; } catch (_) {} \
     return { name: b?.querySelector('.hf-oauth-display-name')?.textContent || null, \
       expired: !!b?.querySelector('.hf-oauth-expired'), \
       error: document.querySelector('.hf-oauth-error')?.textContent || null, \
       badge: b?.textContent || null, \
       prompt: document.querySelector('.hf-oauth-panel .hf-oauth-signin-prompt')?.textContent || null, \
       expiredAt: window.__e2eExpiredAt, visibility: document.visibilityState, \
       hiddenMs: (window.__e2eVisibility || []).reduce((sum, [at, state], i, v) => \
         state === 'hidden' ? sum + ((v[i + 1] || [Date.now()])[0] - at) : sum, 0), token };";

struct Tab {
    name: Option<String>,
    expired: bool,
    error: Option<String>,
    badge: String,
    prompt: String,
    expired_at: Option<f64>,
    visibility: String,
    hidden_ms: f64,
    token: Option<String>,
}

fn tab_state(wd: &Session) -> Result<Tab> {
    let v = wd.js(TAB_STATE)?;
    let s = |k: &str| v.get(k).and_then(Json::as_str).map(str::to_owned);
    Ok(Tab {
        name: s("name"),
        expired: v.get("expired").and_then(Json::as_bool) == Some(true),
        error: s("error"),
        badge: s("badge").unwrap_or_default(),
        prompt: s("prompt").unwrap_or_default(),
        expired_at: v.get("expiredAt").and_then(Json::as_f64),
        visibility: s("visibility").unwrap_or_default(),
        hidden_ms: v.get("hiddenMs").and_then(Json::as_f64).unwrap_or_default(),
        token: s("token"),
    })
}

/// The saved session's `access_token_expires_at` (ms since the epoch) in the current tab.
fn saved_expiry_ms(wd: &Session) -> Result<f64> {
    let storage = wd.js(STORAGE)?;
    let saved = storage
        .get("session")
        .and_then(|s| s.get(RESULT_KEY))
        .and_then(Json::as_str)
        .ok_or("no session in sessionStorage")?;
    serde_json::from_str::<Json>(saved)?
        .get("access_token_expires_at")
        .and_then(Json::as_f64)
        .ok_or_else(|| "the saved session has no access_token_expires_at".into())
}

/// Both parts, after the rest of the scenario (the current tab shows the expired state);
/// `listener` is a tab of the site without the widget, listening on the tab channel.
pub fn run(wd: &Session, env: &mut Env, listener: &WindowHandle) -> Result<Vec<String>> {
    let mut report = Vec::new();
    let ttl = SHORT_TTL_SECS;
    let site = env.ports.site_url();

    step(&format!(
        "{TABS} tabs, {ttl} s access tokens, rotating refresh tokens: all signed in after {LIFETIMES} lifetimes"
    ));
    let restart = env.restart_provider(ttl)?;
    println!(
        "  provider restarted with {ttl} s access tokens in {}",
        util::secs(restart)
    );
    sign_in(wd, env, ".hf-oauth-badge .hf-oauth-login-button")?;
    let signed_in_at = Instant::now();
    let first_token = check_storage(wd, &site)?;
    let first_secrets = leaks::holder_secrets(wd)?;
    let mut tabs = vec![wd.window()?];
    for _ in 1..TABS {
        let tab = wd.new_tab()?;
        wd.switch_to(&tab)?;
        wd.goto(&site)?;
        wd.wait_for(
            "another tab to get the session",
            DISPLAY_NAME,
            SIGN_IN_TIMEOUT,
        )?;
        check(
            tab_state(wd)?.token.as_deref() == Some(first_token.as_str()),
            "the new tab holds the same session",
        )?;
        tabs.push(tab);
    }
    let start = provider_counters(env)?;
    check(
        counter(&start, "authorization_code") == 1 && counter(&start, "refresh_token") == 0,
        format!("one code exchange, no refresh yet: {start}"),
    )?;

    // Watch the provider (not the tabs: switching tabs would change which one is in front).
    let mut refreshes: Vec<Duration> = Vec::new();
    let watch = Duration::from_secs(LIFETIMES * ttl);
    while signed_in_at.elapsed() < watch {
        let counters = provider_counters(env)?;
        let seen = counter(&counters, "refresh_token") as usize;
        while refreshes.len() < seen {
            refreshes.push(signed_in_at.elapsed());
        }
        if counter(&counters, "refresh_refused") > 0 {
            return Err(format!(
                "the provider refused a refresh after {}: {counters}",
                util::secs(signed_in_at.elapsed())
            )
            .into());
        }
        env.provider.check_alive()?;
        std::thread::sleep(Duration::from_millis(500));
    }
    let elapsed = signed_in_at.elapsed();
    let counters = provider_counters(env)?;
    while refreshes.len() < counter(&counters, "refresh_token") as usize {
        refreshes.push(elapsed);
    }
    let period = refresh_period_secs(ttl);
    let cycles = elapsed.as_secs() / period;
    let at: Vec<String> = refreshes.iter().map(|d| util::secs(*d)).collect();
    report.push(format!(
        "refresh: {TABS} tabs, {ttl} s tokens, {}: {} refresh requests (at {} after sign-in, seen by polling every 0.5 s), {} refused",
        util::secs(elapsed),
        counter(&counters, "refresh_token"),
        at.join(", "),
        counter(&counters, "refresh_refused")
    ));
    check(
        counter(&counters, "refresh_token") == cycles
            && counter(&counters, "refresh_refused") == 0,
        format!(
            "one refresh per {period} s cycle for all {TABS} tabs ({cycles} cycles in {}), none refused: {counters} (at {})",
            util::secs(elapsed),
            at.join(", ")
        ),
    )?;
    let mut newest: Option<String> = None;
    let mut seen_in = Vec::new();
    for (i, tab) in tabs.iter().enumerate() {
        wd.switch_to(tab)?;
        let state = tab_state(wd)?;
        seen_in.push(format!(
            "tab {} hidden for {} of {} (now {})",
            i + 1,
            util::secs(Duration::from_millis(state.hidden_ms as u64)),
            util::secs(signed_in_at.elapsed()),
            state.visibility
        ));
        check(
            state.name.as_deref() == Some("Ada Lovelace")
                && !state.expired
                && state.error.is_none(),
            format!(
                "tab {} is still signed in (name {:?}, expired {}, error {:?})",
                i + 1,
                state.name,
                state.expired,
                state.error
            ),
        )?;
        let token = state.token.ok_or("a tab has no saved token")?;
        if let Some(newest) = &newest {
            check(
                *newest == token,
                format!("tab {} holds the same (newest) token", i + 1),
            )?;
        }
        newest = Some(token);
    }
    let newest = newest.unwrap_or_default();
    check(
        newest != first_token,
        "the tabs hold a refreshed token, not the first one",
    )?;
    check(
        gate_status(env, Some(&first_token))? == 401,
        "the first token has expired: the gate refuses it",
    )?;
    check(
        gate_status(env, Some(&newest))? == 200,
        "inference through the gate works with the newest token",
    )?;
    report.push(format!("refresh: {}", seen_in.join(", ")));

    step(
        "after the refreshes: the refresh token and id_token, old and new, only in the holder tab",
    );
    wd.switch_to(listener)?;
    let heard = wd.js(&format!(
        "return window.__e2eHeard.some((m) => m.includes({}));",
        Json::from(newest.as_str())
    ))?;
    check(
        heard.as_bool() == Some(true),
        "the same-site page without the widget heard the holder announce the refreshed access token",
    )?;
    wd.switch_to(&tabs[0])?;
    let secrets = leaks::holder_secrets(wd)?;
    check(
        secrets.access == newest && secrets.refresh != first_secrets.refresh,
        "the holder (the tab that signed in) holds the newest access token and a rotated refresh token",
    )?;
    report.push(leaks::check_tabs(
        wd,
        &Tabs {
            holder: &tabs[0],
            others: &tabs[1..],
            listener,
        },
        &secrets,
        &[&first_secrets.refresh, &first_secrets.id_token],
        "after the refreshes",
    )?);

    report.push(refused_refresh(wd, env, &tabs)?);
    report.push(holder_gone(wd, env, &tabs)?);
    // The holder's tab is closed: the second tab goes on as the first.
    for tab in &tabs[2..] {
        wd.switch_to(tab)?;
        wd.close_tab()?;
    }
    wd.switch_to(&tabs[1])?;
    Ok(report)
}

/// Sign in again in the first tab (the others, Expired, get the access token), close it: the
/// tabs left hold no refresh token, so nobody refreshes; they run to the token's expiry, then
/// show Expired, no error.
fn holder_gone(wd: &Session, env: &mut Env, tabs: &[WindowHandle]) -> Result<String> {
    step("the holder tab closes: the others run to expiry and show Expired, with no refresh");
    wd.switch_to(&tabs[0])?;
    sign_in(wd, env, ".hf-oauth-badge .hf-oauth-login-button")?;
    let token = tab_state(wd)?.token.ok_or("the holder saved no session")?;
    let expires_at = saved_expiry_ms(wd)?;
    for (i, tab) in tabs.iter().enumerate().skip(1) {
        wd.switch_to(tab)?;
        wd.wait_for(
            "another tab to take the new access token",
            &format!(
                "try {{ return JSON.parse(sessionStorage.getItem('hf_oauth:result')).access_token === {}; }} \
                 catch (_) {{ return false; }}",
                Json::from(token.as_str())
            ),
            Duration::from_secs(10),
        )?;
        let state = tab_state(wd)?;
        check(
            state.name.as_deref() == Some("Ada Lovelace") && !state.expired,
            format!("tab {} is signed in again by the holder's message", i + 1),
        )?;
    }
    let before = provider_counters(env)?;
    wd.switch_to(&tabs[0])?;
    wd.close_tab()?;
    wd.switch_to(&tabs[1])?;
    wd.wait_for(
        "the expired state after the holder left",
        "return !!document.querySelector('.hf-oauth-badge .hf-oauth-expired');",
        Duration::from_secs(SHORT_TTL_SECS + 30),
    )?;
    let mut expired_after = Vec::new();
    for (i, tab) in tabs.iter().enumerate().skip(1) {
        wd.switch_to(tab)?;
        wd.wait_for(
            "the expired state in another tab",
            "return !!document.querySelector('.hf-oauth-badge .hf-oauth-expired');",
            Duration::from_secs(10),
        )?;
        let state = tab_state(wd)?;
        let at = state.expired_at.ok_or("no time of the expired state")?;
        check(
            at >= expires_at && state.error.is_none() && state.badge.contains("Your session has expired"),
            format!(
                "tab {}: Expired at the token's expiry, not before ({:.0} ms after it), no error ({:?})",
                i + 1,
                at - expires_at,
                state.error
            ),
        )?;
        expired_after.push(format!("{:.0} ms", at - expires_at));
    }
    let after = provider_counters(env)?;
    check(
        counter(&after, "refresh_token") == counter(&before, "refresh_token"),
        format!("no tab refreshed once the holder was gone (it alone had the refresh token): {before} -> {after}"),
    )?;
    Ok(format!(
        "holder gone: {} tabs left showed Expired {} after the token's expiry, no refresh request",
        tabs.len() - 1,
        expired_after.join(", ")
    ))
}

/// The provider forgets every token (a restart): the next refresh is refused, the tabs stay
/// signed in until the access token expires, then show Expired, never an error.
fn refused_refresh(wd: &Session, env: &mut Env, tabs: &[WindowHandle]) -> Result<String> {
    let ttl = SHORT_TTL_SECS;
    step("a refused refresh ends in Expired at expiry, not in an error");
    let expires_at = saved_expiry_ms(wd)?;
    env.restart_provider(ttl)?;
    let restarted = Instant::now();
    let refused = wait_until(Duration::from_secs(ttl + 30), || {
        Ok(counter(&provider_counters(env)?, "refresh_refused") > 0)
    })?;
    check(
        refused,
        "the provider refused the refresh (it forgot the refresh token)",
    )?;
    let refused_after = restarted.elapsed();
    let now = tab_state(wd)?;
    check(
        now.name.as_deref() == Some("Ada Lovelace") && !now.expired && now.error.is_none(),
        format!(
            "right after the refusal the session runs on (name {:?}, expired {}, error {:?})",
            now.name, now.expired, now.error
        ),
    )?;
    wd.wait_for(
        "the expired state",
        "return !!document.querySelector('.hf-oauth-badge .hf-oauth-expired');",
        Duration::from_secs(ttl + 30),
    )?;
    let mut expired_at = Vec::new();
    for (i, tab) in tabs.iter().enumerate() {
        wd.switch_to(tab)?;
        let mut state = tab_state(wd)?;
        if !state.expired {
            wd.wait_for(
                "the expired state in another tab",
                "return !!document.querySelector('.hf-oauth-badge .hf-oauth-expired');",
                Duration::from_secs(10),
            )?;
            state = tab_state(wd)?;
        }
        check(
            state.badge.contains("Your session has expired") && state.error.is_none(),
            format!(
                "tab {}: the badge says the session has expired, no error is shown (error {:?})",
                i + 1,
                state.error
            ),
        )?;
        check(
            state
                .prompt
                .contains("Your session has expired. Sign in again to run"),
            format!(
                "tab {}: the panel asks to sign in again: {:?}",
                i + 1,
                state.prompt
            ),
        )?;
        let at = state.expired_at.ok_or("no time of the expired state")?;
        check(
            at >= expires_at,
            format!(
                "tab {}: expired at the token's expiry, not before ({:.0} ms after it)",
                i + 1,
                at - expires_at
            ),
        )?;
        expired_at.push(format!("{:.0} ms", at - expires_at));
    }
    let counters = provider_counters(env)?;
    check(
        counter(&counters, "refresh_token") == 1 && counter(&counters, "refresh_refused") == 1,
        format!(
            "one refresh attempt for all {} tabs, refused: {counters}",
            tabs.len()
        ),
    )?;
    Ok(format!(
        "refused refresh: refused {} after the restart; the tabs showed Expired {} after the token's expiry",
        util::secs(refused_after),
        expired_at.join(", ")
    ))
}
