//! Where the secrets of a session may be, and nowhere else: the refresh token (it rotates for
//! months and Hugging Face offers no way to revoke it) and the id_token stay in the
//! sessionStorage of the tab that received them (the holder). No other tab's storage, no
//! localStorage, no cookie, no URL (address bar or any request the page made), no console
//! line, and nothing a same-site page without the widget hears on the tab channel holds either.

use std::time::Duration;

use super::scenario::{check, RESULT_KEY};
use super::webdriver::Session;
use crate::util::Result;
use fantoccini::wd::WindowHandle;
use serde_json::Value as Json;

/// Everything a page shows of itself: address, storages, cookies, the URLs of its requests,
/// its console lines (recorded by the demo page, see `site.rs`).
const PAGE_DUMP: &str = "const dump = (s) => { const o = {}; \
       for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = s.getItem(k); } return o; }; \
     return { url: location.href, local: dump(localStorage), session: dump(sessionStorage), \
       cookie: document.cookie, \
       requests: performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map((e) => e.name), \
       console: window.__e2eConsole || null };";

/// The holder's secrets, read from its sessionStorage.
pub struct Secrets {
    /// The access token (other tabs get it; the gate accepts it).
    pub access: String,
    /// The refresh token (the holder's only).
    pub refresh: String,
    /// The id_token (the holder's only).
    pub id_token: String,
}

/// The current tab's saved session: it must hold a refresh token and an id_token.
pub fn holder_secrets(wd: &Session) -> Result<Secrets> {
    let saved = saved_session(&wd.js(PAGE_DUMP)?).ok_or("the holder tab saved no session")?;
    let field = |k: &str| {
        saved
            .get(k)
            .and_then(Json::as_str)
            .filter(|v| v.len() >= 16)
            .map(str::to_owned)
            .ok_or_else(|| format!("the holder's saved session has no {k}"))
    };
    Ok(Secrets {
        access: field("access_token")?,
        refresh: field("refresh_token")?,
        id_token: field("id_token")?,
    })
}

/// The saved session of a [`PAGE_DUMP`].
fn saved_session(dump: &Json) -> Option<Json> {
    let text = dump.get("session")?.get(RESULT_KEY)?.as_str()?;
    serde_json::from_str(text).ok()
}

/// Names the first of `secrets` found in `text`, or `None`.
fn found<'a>(text: &str, secrets: &'a [(&'a str, &'a str)]) -> Option<&'a str> {
    secrets
        .iter()
        .find(|(_, value)| text.contains(value))
        .map(|(name, _)| *name)
}

/// The tabs to look at, besides the holder.
pub struct Tabs<'a> {
    /// The tab that received the tokens.
    pub holder: &'a WindowHandle,
    /// Other tabs of the widget (signed in by tab message, or not).
    pub others: &'a [WindowHandle],
    /// The same-site page without the widget ([`crate::site::LISTENER_PAGE`]).
    pub listener: &'a WindowHandle,
}

/// Check every tab for the holder's refresh token and id_token, and for `spent` ones (earlier
/// refresh tokens, id_tokens); the tab selected at the end is the holder. `when` names the
/// moment. The listener must have heard the holder's access token (else it heard nothing and
/// proves nothing). Returns a report line.
pub fn check_tabs(
    wd: &Session,
    tabs: &Tabs,
    secrets: &Secrets,
    spent: &[&str],
    when: &str,
) -> Result<String> {
    let mut named: Vec<(&str, &str)> = vec![
        ("the refresh token", secrets.refresh.as_str()),
        ("the id_token", secrets.id_token.as_str()),
    ];
    named.extend(
        spent
            .iter()
            .map(|s| ("an earlier refresh token or id_token", *s)),
    );

    // The holder: its sessionStorage's session has them, nothing else of it does.
    wd.switch_to(tabs.holder)?;
    let dump = wd.js(PAGE_DUMP)?;
    let saved = saved_session(&dump).ok_or("the holder tab has no saved session")?;
    check(
        saved.get("refresh_token").and_then(Json::as_str) == Some(secrets.refresh.as_str()),
        format!("{when}: the holder tab's sessionStorage keeps the refresh token"),
    )?;
    let mut session_rest = dump.get("session").cloned().unwrap_or(Json::Null);
    if let Some(map) = session_rest.as_object_mut() {
        map.remove(RESULT_KEY);
    }
    let console_lines = console_of(&dump)?;
    for (place, text) in [
        ("its address", dump.get("url").map(Json::to_string)),
        ("its localStorage", dump.get("local").map(Json::to_string)),
        ("its cookies", dump.get("cookie").map(Json::to_string)),
        (
            "the URLs it requested",
            dump.get("requests").map(Json::to_string),
        ),
        ("its console", Some(console_lines.clone())),
        (
            "its other sessionStorage keys",
            Some(session_rest.to_string()),
        ),
    ] {
        let leaked = found(&text.unwrap_or_default(), &named);
        check(
            leaked.is_none(),
            format!(
                "{when}: the holder tab: {place} holds no refresh token or id_token ({leaked:?})"
            ),
        )?;
    }

    // The other tabs: nothing at all, and their session (if any) has neither field.
    for (i, tab) in tabs.others.iter().enumerate() {
        wd.switch_to(tab)?;
        let dump = wd.js(PAGE_DUMP)?;
        console_of(&dump)?;
        let leaked = found(&dump.to_string(), &named);
        check(
            leaked.is_none(),
            format!(
                "{when}: tab {} (not the holder): no storage, cookie, URL or console line holds a refresh token or id_token ({leaked:?})",
                i + 2
            ),
        )?;
        if let Some(saved) = saved_session(&dump) {
            let fields = ["refresh_token", "id_token"]
                .into_iter()
                .filter(|k| saved.get(*k).is_some_and(|v| !v.is_null()))
                .collect::<Vec<_>>();
            check(
                fields.is_empty(),
                format!(
                    "{when}: tab {}'s saved session has no refresh_token or id_token ({fields:?})",
                    i + 2
                ),
            )?;
        }
    }

    // The page without the widget: say hello, wait for an answer, look at all it heard.
    wd.switch_to(tabs.listener)?;
    let before = wd.js("return window.__e2eHello();")?.as_u64().unwrap_or(0);
    let access = Json::from(secrets.access.as_str());
    wd.wait_for(
        "the same-site page without the widget to hear the access token after its hello",
        &format!("return window.__e2eHeard.slice({before}).some((m) => m.includes({access}));"),
        Duration::from_secs(10),
    )?;
    let heard = wd.js("return window.__e2eHeard;")?;
    let messages = heard.as_array().map(Vec::len).unwrap_or_default();
    let dump = wd.js(PAGE_DUMP)?;
    let leaked = found(&heard.to_string(), &named).or(found(&dump.to_string(), &named));
    check(
        leaked.is_none(),
        format!(
            "{when}: a same-site page without the widget heard {messages} messages on the tab channel (the access token among them), no refresh token or id_token ({leaked:?})"
        ),
    )?;
    let fields = ["refresh_token", "id_token"]
        .into_iter()
        .filter(|k| {
            heard.as_array().into_iter().flatten().any(|m| {
                m.as_str()
                    .and_then(|m| serde_json::from_str::<Json>(m).ok())
                    .and_then(|m| m.get("result").and_then(|r| r.get(*k)).cloned())
                    .is_some_and(|v| !v.is_null())
            })
        })
        .collect::<Vec<_>>();
    check(
        fields.is_empty(),
        format!("{when}: no message on the tab channel has a refresh_token or id_token field ({fields:?})"),
    )?;
    wd.switch_to(tabs.holder)?;
    Ok(format!(
        "leaks {when}: the refresh token and id_token only in the holder's sessionStorage; {} other tab(s) and a same-site page without the widget ({messages} messages heard) clean",
        tabs.others.len()
    ))
}

/// The console lines of a [`PAGE_DUMP`] as one text; an error when the page did not record
/// them (the check would prove nothing).
fn console_of(dump: &Json) -> Result<String> {
    match dump.get("console") {
        Some(Json::Array(lines)) => Ok(Json::from(lines.clone()).to_string()),
        _ => Err(format!(
            "the page at {} records no console lines",
            dump.get("url").and_then(Json::as_str).unwrap_or_default()
        )
        .into()),
    }
}

/// No tab's storage or address holds any of `tokens` (after a sign-out).
pub fn check_forgotten(wd: &Session, tabs: &[WindowHandle], tokens: &[&str]) -> Result {
    for (i, tab) in tabs.iter().enumerate() {
        wd.switch_to(tab)?;
        let dump = wd.js(PAGE_DUMP)?;
        let stored = Json::from(vec![
            dump.get("local").cloned().unwrap_or(Json::Null),
            dump.get("session").cloned().unwrap_or(Json::Null),
            dump.get("cookie").cloned().unwrap_or(Json::Null),
            dump.get("url").cloned().unwrap_or(Json::Null),
        ])
        .to_string();
        let kept = tokens.iter().filter(|t| stored.contains(**t)).count();
        check(
            kept == 0 && saved_session(&dump).is_none(),
            format!(
                "tab {} forgot the session: no saved session, none of the {} tokens in its sessionStorage, localStorage, cookies or address ({kept} found)",
                i + 1,
                tokens.len()
            ),
        )?;
    }
    Ok(())
}
