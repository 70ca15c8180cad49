//! The full profile after a sign-in: the id_token carries the standard claims only (like
//! huggingface.co's), so the PRO mark and the organizations can only come from userinfo, which
//! the library asks once after the token answer.

use std::time::Duration;

use super::probes::{counter, provider_counters};
use super::scenario::check;
use super::sign_in::requests_before;
use super::webdriver::Session;
use super::Env;
use crate::util::Result;
use serde_json::Value as Json;

/// The organization of the provider's account (tests/e2e/provider.mjs) and its role there.
const ORG: &str = "Analytical Engines";
const ROLE: &str = "admin";

/// Right after the first sign-in on the callback page: the badge shows PRO and the
/// organization, the page asked the provider for the token and userinfo alone, once each; the
/// report lines (requests and times before the name and before the full profile).
pub fn check_full_profile(wd: &Session, env: &Env) -> Result<Vec<String>> {
    let shown = wd.wait_for(
        "the full profile (the PRO mark and the organizations) on the badge",
        "return window.__e2eProfileAt !== undefined;",
        Duration::from_secs(15),
    );
    if let Err(e) = shown {
        let badge =
            wd.js("return document.querySelector('.hf-oauth-badge')?.textContent || null")?;
        return Err(format!("{e}; the badge says {badge}").into());
    }
    let name = requests_before(wd, env, "__e2eSignedInAt")?;
    let full = requests_before(wd, env, "__e2eProfileAt")?;
    check(
        full.provider_requests == ["/oauth/token", "/oauth/userinfo"],
        format!(
            "before the full profile (at {:.0} ms) the page asked the provider for the token, then userinfo: {:?}",
            full.at_ms, full.provider_timeline
        ),
    )?;
    let pro = wd.js(
        "return document.querySelector('.hf-oauth-badge .hf-oauth-pro')?.textContent || null",
    )?;
    check(
        pro.as_str() == Some("PRO"),
        format!("the badge shows the PRO mark: {pro}"),
    )?;
    let toggle = wd.find(".hf-oauth-badge .hf-oauth-orgs button")?;
    let label = wd
        .js("return document.querySelector('.hf-oauth-badge .hf-oauth-orgs button').textContent")?;
    check(
        label.as_str() == Some("1 organization"),
        format!("the badge counts one organization: {label}"),
    )?;
    wd.click(&toggle)?;
    let orgs = wd.wait_for(
        "the list of organizations",
        "const l = [...document.querySelectorAll('.hf-oauth-badge .hf-oauth-orgs li')]; \
         return l.length ? l.map((li) => li.textContent) : null;",
        Duration::from_secs(5),
    )?;
    let orgs: Vec<&str> = orgs
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .collect();
    check(
        orgs.len() == 1 && orgs[0].contains(ORG) && orgs[0].contains(ROLE),
        format!("the organization and the role in it are listed: {orgs:?}"),
    )?;
    let counters = provider_counters(env)?;
    check(
        counter(&counters, "authorization_code") == 1 && counter(&counters, "userinfo") == 1,
        format!("the provider saw one code exchange and one userinfo request: {counters}"),
    )?;
    Ok(vec![
        format!(
            "requests before the full profile: {} to the provider ({}); the name at {:.0} ms, the full profile at {:.0} ms (userinfo took {:.0} ms)",
            full.provider_requests.len(),
            full.provider_requests.join(", "),
            name.at_ms,
            full.at_ms,
            full.userinfo_ms
        ),
    ])
}
