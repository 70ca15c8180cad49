//! Signing in through the real provider, and what the callback page measured on the way: the
//! requests made before a mark the page sets (`window.__e2eSignedInAt` when the name appears,
//! `window.__e2eProfileAt` when the full profile does), from Resource Timing entries.

use std::time::{Duration, Instant};

use super::scenario::{check, redact};
use super::webdriver::Session;
use super::Env;
use crate::util::{self, Result};
use serde_json::Value as Json;

/// How long a sign-in (the provider's redirects and the token request) may take.
pub const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(30);

/// The requests a page made before one of its marks.
pub struct Requests {
    /// The mark, in ms after the page's navigation start.
    pub at_ms: f64,
    /// When the last request to the site (the widget's js and wasm) ended, in ms.
    pub assets_done_ms: f64,
    /// How long the `/oauth/token` request took, in ms (0 when there was none).
    pub token_ms: f64,
    /// How long the `/oauth/userinfo` request took, in ms (0 when there was none).
    pub userinfo_ms: f64,
    /// The paths asked of the provider (other origins in full), in order.
    pub provider_requests: Vec<String>,
    /// The paths asked of the site.
    pub site_requests: Vec<String>,
    /// The provider's requests with their start and end, in ms ("/oauth/token 120-183 ms").
    pub provider_timeline: Vec<String>,
}

/// Click the sign-in button `selector`, pass the provider, come back signed in; the requests
/// made before the name appeared.
pub fn sign_in(wd: &Session, env: &mut Env, selector: &str) -> Result<Requests> {
    let provider = env.ports.provider_url("");
    let site = env.ports.site_url();
    let button = wd.find(selector)?;
    // WebKit's click returns before the navigation it starts, and the page being left may be an
    // earlier callback page with its own marks: mark it, to read only the pages after it.
    wd.js("window.__e2eLeft = true; return true;")?;
    wd.click(&button)?;
    let start = Instant::now();
    loop {
        env.provider.check_alive()?;
        let state = wd.js(&format!(
            "return {{ url: location.href, name: document.querySelector('.hf-oauth-badge .hf-oauth-display-name')?.textContent || null, \
               error: location.origin === {p} ? document.body.innerText.slice(0, 300) : \
                 (document.querySelector('.hf-oauth-login .hf-oauth-error')?.textContent || null), \
               at: window.__e2eSignedInAt ?? null, left: window.__e2eLeft === true, \
               callback: /[?&]code=/.test(performance.getEntriesByType('navigation')[0]?.name || '') }};",
            p = Json::from(provider.trim_end_matches('/'))
        ));
        let after_click = |state: &Json| state.get("left").and_then(Json::as_bool) == Some(false);
        if let Some(state) = state.ok().filter(after_click) {
            let url = state.get("url").and_then(Json::as_str).unwrap_or_default();
            // Only the page the provider redirected to counts.
            let on_callback = state.get("callback").and_then(Json::as_bool) == Some(true);
            if on_callback
                && url.starts_with(&site)
                && state.get("at").is_some_and(|a| a.as_f64().is_some())
            {
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
    let requests = requests_before(wd, env, "__e2eSignedInAt")?;
    println!(
        "  signed in {:.0} ms after the callback navigation",
        requests.at_ms
    );
    Ok(requests)
}

/// The requests the callback page made up to its mark `window.<mark>` (which must be set).
pub fn requests_before(wd: &Session, env: &Env, mark: &str) -> Result<Requests> {
    let provider = env.ports.provider_url("");
    let site = env.ports.site_url();
    // The avatar `<img>` is rendered together with the name and may start loading in the same
    // millisecond: it is the result of signing in, not a request on the way to it.
    let timing = wd.js(&format!(
        "const at = window.{mark}; const nav = performance.getEntriesByType('navigation')[0]; \
         return {{ at, callback: !!nav && /[?&]code=/.test(nav.name), \
           resources: performance.getEntriesByType('resource')\
             .filter((e) => e.startTime <= at && e.initiatorType !== 'img')\
             .map((e) => ({{ name: e.name, start: e.startTime, end: e.responseEnd }})) }};"
    ))?;
    check(
        timing.get("callback").and_then(Json::as_bool) == Some(true),
        "the page measured is the provider's redirect (callback)",
    )?;
    let at_ms = timing
        .get("at")
        .and_then(Json::as_f64)
        .ok_or_else(|| format!("the page has no mark {mark}"))?;
    let mut out = Requests {
        at_ms,
        assets_done_ms: 0.0,
        token_ms: 0.0,
        userinfo_ms: 0.0,
        provider_requests: Vec::new(),
        site_requests: Vec::new(),
        provider_timeline: Vec::new(),
    };
    let resources = timing.get("resources").and_then(Json::as_array);
    for entry in resources.into_iter().flatten() {
        let name = entry.get("name").and_then(Json::as_str).unwrap_or_default();
        let time = |k: &str| entry.get(k).and_then(Json::as_f64).unwrap_or_default();
        if let Some(path) = name.strip_prefix(provider.trim_end_matches('/')) {
            let path = path.split('?').next().unwrap_or_default();
            match path {
                "/oauth/token" => out.token_ms = time("end") - time("start"),
                "/oauth/userinfo" => out.userinfo_ms = time("end") - time("start"),
                _ => {}
            }
            out.provider_timeline.push(format!(
                "{path} {:.0}-{:.0} ms",
                time("start"),
                time("end")
            ));
            out.provider_requests.push(path.to_owned());
        } else if let Some(path) = name.strip_prefix(site.trim_end_matches('/')) {
            out.assets_done_ms = out.assets_done_ms.max(time("end"));
            out.site_requests.push(path.to_owned());
        } else {
            out.provider_requests.push(name.to_owned());
        }
    }
    Ok(out)
}
