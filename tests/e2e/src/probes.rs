//! What the scenario asks the parties directly, beside the browser: the gate's answer to a
//! token, the gate's and the provider's counters, its discovery document, and its test-only
//! paths: a token minted, an app revoked by the visitor, the consent page switched on or off.

use std::time::Duration;

use super::http;
use super::scenario::check;
use super::Env;
use crate::util::Result;
use serde_json::Value as Json;

/// The gate's answer to `GET /v1/models` with this bearer token.
pub fn gate_answer(env: &Env, token: Option<&str>) -> Result<http::Response> {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    http::request(
        "GET",
        &env.ports.gate_url("/v1/models"),
        &headers,
        None,
        Duration::from_secs(30),
    )
}

/// The status of [`gate_answer`].
pub fn gate_status(env: &Env, token: Option<&str>) -> Result<u16> {
    Ok(gate_answer(env, token)?.status)
}

fn get_json(url: &str) -> Result<Json> {
    let r = http::request("GET", url, &[], None, Duration::from_secs(10))?;
    if r.status != 200 {
        return Err(format!("GET {url}: HTTP {}: {}", r.status, r.body).into());
    }
    Ok(serde_json::from_str::<Json>(&r.body)?)
}

/// The gate's counters (`allowed`, `refused`, `forbidden`, `aborted`), from one request.
pub fn gate_counters(env: &Env) -> Result<Json> {
    get_json(&env.ports.gate_url("/_gate/stats"))
}

/// The provider's counters (`authorization_code`, `refresh_token`, `refresh_refused`,
/// `userinfo`, `introspection`, `revocation`, `end_session`, `not_found`), from one request;
/// they start at 0 with each provider process.
pub fn provider_counters(env: &Env) -> Result<Json> {
    get_json(&env.ports.provider_url("/_e2e/stats"))
}

/// One counter of a counters object; 0 when absent.
pub fn counter(counters: &Json, key: &str) -> u64 {
    counters.get(key).and_then(Json::as_f64).unwrap_or_default() as u64
}

/// One of the gate's counters.
pub fn gate_stat(env: &Env, key: &str) -> Result<u64> {
    Ok(counter(&gate_counters(env)?, key))
}

/// The provider's discovery document.
pub fn discovery(env: &Env) -> Result<Json> {
    get_json(&env.ports.provider_url("/.well-known/openid-configuration"))
}

/// The visitor revokes the app, as on huggingface.co's connected-applications page (a
/// test-only path of the provider, not an OAuth endpoint): the grant behind the access token
/// goes, with its access and refresh tokens.
pub fn revoke_app(env: &Env, token: &str) -> Result {
    let r = http::request(
        "POST",
        &env.ports.provider_url("/_e2e/revoke-app"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(&format!("token={token}")),
        Duration::from_secs(10),
    )?;
    check(
        r.status == 200,
        format!(
            "the visitor revoked the app at the provider (HTTP {})",
            r.status
        ),
    )
}

/// Switch the provider's consent page on (every authorization waits for a click on
/// Authorize) or off (authorizations pass at once).
pub fn consent_page(env: &Env, on: bool) -> Result {
    let url = env
        .ports
        .provider_url(&format!("/_e2e/consent-page?on={}", u8::from(on)));
    let r = http::request("POST", &url, &[], None, Duration::from_secs(10))?;
    if r.status != 200 {
        return Err(format!("POST {url}: HTTP {}: {}", r.status, r.body).into());
    }
    Ok(())
}

/// An access token for the test account with exactly `scope`, from the provider's test path.
pub fn mint_token(env: &Env, scope: &str) -> Result<String> {
    let url = env
        .ports
        .provider_url(&format!("/_e2e/token?scope={}", scope.replace(' ', "%20")));
    let r = http::request("POST", &url, &[], None, Duration::from_secs(10))?;
    let answer = serde_json::from_str::<Json>(&r.body)?;
    check(
        r.status == 200 && answer.get("scope").and_then(Json::as_str) == Some(scope),
        format!(
            "the provider minted a token with the scopes {scope:?}: HTTP {}",
            r.status
        ),
    )?;
    answer
        .get("access_token")
        .and_then(Json::as_str)
        .map(str::to_owned)
        .ok_or_else(|| "no access_token in the minted answer".into())
}
