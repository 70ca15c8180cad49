//! Sign in without a registered app: the client ID is the URL of a client ID metadata document
//! (CIMD) that the demo's site serves, `/.well-known/oauth-cimd`. The provider knows no such
//! client: it fetches the document from the demo's origin (`cimd.mjs`), checks that its
//! `client_id` is its own URL, and takes its `redirect_uris`.
//!
//! The site also serves two documents the provider must refuse, under sub-paths (as a site
//! published below a path would): `cimd/wrong-id/` (its `client_id` names another URL) and
//! `cimd/wrong-redirect/` (its `redirect_uris` lack the page). One page, [`PAGE`], picks the
//! document with `?doc=<sub-path>` (none: the site's own).

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value as Json};

use super::scenario::{check, step, DISPLAY_NAME, LOGIN_READY, RESULT_KEY};
use super::sign_in::{sign_in, SIGN_IN_TIMEOUT};
use super::webdriver::Session;
use super::{site, twin, Env, Ports, CLIENT_ID};
use crate::util::Result;

/// The page that signs in with a document's URL as client ID (also its redirect URI).
pub const PAGE: &str = "cimd.html";

/// Where a site serves its document.
const DOCUMENT: &str = ".well-known/oauth-cimd";

/// The sub-path of the document whose `client_id` is another URL than its own.
const WRONG_ID: &str = "cimd/wrong-id/";

/// The sub-path of the document whose `redirect_uris` do not hold [`PAGE`].
const WRONG_REDIRECT: &str = "cimd/wrong-redirect/";

/// The URL of the document under `prefix` ("" for the site's own): a client ID.
pub fn document_url(p: &Ports, prefix: &str) -> String {
    format!("{}/{prefix}{DOCUMENT}", p.site_origin())
}

/// A document as `cargo xtask cimd` writes it.
fn document(client_id: &str, redirects: &[&str], p: &Ports) -> Json {
    json!({
        "client_id": client_id,
        "client_name": "yew-hf-oauth e2e (no registered app)",
        "client_uri": p.site_url(),
        "redirect_uris": redirects,
        "token_endpoint_auth_method": "none",
    })
}

/// Write the three documents and [`PAGE`] into the site folder `dir`. The site's own document
/// also lists the showcase's URL (`cargo xtask demo` serves it there).
pub fn write_site(dir: &Path, p: &Ports) -> Result {
    let page_url = format!("{}{PAGE}", p.site_url());
    let own = document_url(p, "");
    for (prefix, doc) in [
        ("", document(&own, &[&page_url, &twin::showcase_url(p)], p)),
        (WRONG_ID, document(&own, &[&page_url], p)),
        (
            WRONG_REDIRECT,
            document(
                &document_url(p, WRONG_REDIRECT),
                &[&format!("{}elsewhere/", p.site_url())],
                p,
            ),
        ),
    ] {
        let path = dir.join(prefix).join(DOCUMENT);
        std::fs::create_dir_all(path.parent().ok_or("no parent")?)?;
        std::fs::write(path, serde_json::to_string_pretty(&doc)?)?;
    }
    // The demo page, with the client ID taken from the document chosen by `?doc=`.
    let registered = format!("window.HF_OAUTH_CLIENT_ID = \"{CLIENT_ID}\";");
    let page = site::page(p);
    if !page.contains(&registered) {
        return Err(format!("the demo page no longer sets `{registered}`").into());
    }
    let page = page.replace(
        &registered,
        "window.HF_OAUTH_CLIENT_ID = location.origin + \"/\" + \
         (new URLSearchParams(location.search).get(\"doc\") || \"\") + \".well-known/oauth-cimd\";",
    );
    std::fs::write(dir.join(PAGE), page)?;
    Ok(())
}

/// The `aud` of the id_token the tab keeps.
const ID_TOKEN_AUD: &str =
    "const r = JSON.parse(sessionStorage.getItem('hf_oauth:result') || 'null'); \
     if (!r || !r.id_token) return null; \
     const p = r.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'); \
     return JSON.parse(atob(p)).aud;";

/// Sign in with the site's document, then see the provider refuse the two wrong ones.
pub fn run(wd: &Session, env: &mut Env) -> Result<Vec<String>> {
    let p = &env.ports;
    let own = document_url(p, "");
    let page = format!("{}{PAGE}", p.site_url());
    let provider = p.provider_url("");

    step("no registered app: the client ID is the site's client ID metadata document");
    fresh_tab(wd, &page)?;
    let config = wd.js("return document.querySelector('.hf-demo-config')?.textContent || ''")?;
    check(
        config.as_str().unwrap_or_default().contains(&own),
        format!("the configuration card names the document's URL as client ID: {config}"),
    )?;
    let signed_in = sign_in(wd, env, ".hf-oauth-login-button")?;
    check(
        signed_in.provider_requests == ["/oauth/token"],
        format!(
            "the token request alone reaches the provider before the name: {:?}",
            signed_in.provider_requests
        ),
    )?;
    let aud = wd.js(ID_TOKEN_AUD)?;
    check(
        aud.as_str() == Some(own.as_str()) || aud.get(0).and_then(Json::as_str) == Some(&own),
        format!("the id_token's audience is the document's URL: {aud}"),
    )?;
    let log = std::fs::read_to_string(&env.provider.log).unwrap_or_default();
    check(
        log.contains(&format!("cimd: {own} -> accepted")),
        "the provider fetched the document from the demo's origin and accepted it",
    )?;
    let saved = wd.js("return sessionStorage.getItem('hf_oauth:result')")?;
    check(
        saved.as_str().is_some_and(|s| s.contains("access_token")),
        format!("the session is kept in sessionStorage `{RESULT_KEY}`"),
    )?;

    step("the provider refuses a document whose client_id is not its URL");
    let text = refused(wd, &provider, &format!("{page}?doc={WRONG_ID}"))?;
    check(
        text.contains("invalid_client") && text.contains("is not its URL"),
        format!("refused as invalid_client: {text:?}"),
    )?;

    step("the provider refuses a document whose redirect_uris lack the page");
    let text = refused(wd, &provider, &format!("{page}?doc={WRONG_REDIRECT}"))?;
    check(
        text.contains("invalid_redirect_uri"),
        format!("refused as invalid_redirect_uri: {text:?}"),
    )?;
    Ok(vec![format!(
        "CIMD: callback -> signed in {:.0} ms, the document fetched by the provider",
        signed_in.at_ms
    )])
}

/// Close every other window, and open `url` in the one left with both storages empty, so no
/// session of the other parts (another tab's, announced on the tab channel) is taken.
fn fresh_tab(wd: &Session, url: &str) -> Result {
    let handles = wd.window_handles()?;
    for handle in handles.iter().skip(1) {
        wd.switch_to(handle)?;
        wd.close_tab()?;
    }
    wd.switch_to(&handles[0])?;
    wd.goto(url)?;
    wd.js("sessionStorage.clear(); localStorage.clear(); return true;")?;
    wd.refresh()?;
    wd.wait_for("the sign-in button", LOGIN_READY, Duration::from_secs(30))?;
    let name = wd.js(DISPLAY_NAME)?;
    check(name.is_null(), format!("signed out at the start: {name}"))
}

/// Open `url`, click Sign in; the provider's error page text (it must not come back).
fn refused(wd: &Session, provider: &str, url: &str) -> Result<String> {
    fresh_tab(wd, url)?;
    let button = wd.find(".hf-oauth-login-button")?;
    wd.click(&button)?;
    let script = format!(
        "return location.href.startsWith({}) && document.body && \
         document.body.innerText.includes('provider error') ? document.body.innerText : null;",
        Json::from(provider)
    );
    let text = wd.wait_for("the provider's error page", &script, SIGN_IN_TIMEOUT)?;
    Ok(text.as_str().unwrap_or_default().trim().to_owned())
}
