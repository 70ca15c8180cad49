//! The ways a visitor lost a sign-in or saw someone else's words (issue #18), each pinned in
//! the live provider: two sign-ins at once, a forged error link, storage the browser blocks or
//! refuses to write.

use crate::fixtures::*;
use crate::provider_flow::{
    form_pairs, live_app, pending_key, pending_keys, save_session, store_pending, token_answer,
    userinfo_answer, NONCE, STATE,
};
use crate::support::*;
use serde_json::json;
use std::collections::HashMap;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::{
    generate_oauth_login_url, use_hf_oauth, HfLoginButton, HfOAuthProvider, OAuthConfig, UserBadge,
    SESSION_STORAGE_KEY,
};

/// The `state` and `nonce` of an authorize URL.
fn state_and_nonce(url: &str) -> (String, String) {
    let query: HashMap<String, String> = form_pairs(url.split_once('?').unwrap().1)
        .into_iter()
        .collect();
    (query["state"].clone(), query["nonce"].clone())
}

/// The `code_verifier` of the last token request.
fn verifier_sent() -> String {
    let log = fetch_log();
    let token = log
        .iter()
        .find(|r| r["url"].as_str().unwrap().ends_with("/oauth/token"))
        .expect("a token request");
    let form: HashMap<String, String> = form_pairs(token["body"].as_str().unwrap())
        .into_iter()
        .collect();
    form["code_verifier"].clone()
}

fn verifier_of(state: &str) -> String {
    let pending: serde_json::Value = serde_json::from_str(
        &local_storage()
            .get_item(&pending_key(state))
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    pending["code_verifier"].as_str().unwrap().to_owned()
}

/// Issue #18, 1: two tabs click Sign in before either approves. With one pending slot per
/// origin the second click overwrote the first ("does not match"), and the first callback
/// deleted the second ("lost the sign-in"). Each sign-in now waits under its own state.
#[wasm_bindgen_test]
async fn two_tabs_signing_in_at_once_both_finish() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    set_address_query("?tab=1");
    let first = generate_oauth_login_url(&OAuthConfig::default())
        .await
        .unwrap();
    set_address_query("?tab=2");
    let second = generate_oauth_login_url(&OAuthConfig::default())
        .await
        .unwrap();
    let (state_1, nonce_1) = state_and_nonce(&first);
    let (state_2, nonce_2) = state_and_nonce(&second);
    let (verifier_1, verifier_2) = (verifier_of(&state_1), verifier_of(&state_2));
    assert_eq!(pending_keys().len(), 2, "{:?}", pending_keys());

    // The first tab's approval comes back first.
    script_fetch(&json!({
        "/oauth/token": token_answer(&nonce_1, true), "/oauth/userinfo": userinfo_answer(),
    }));
    set_address_query(&format!("?code=code-1&state={state_1}"));
    let tab_1 = live_app().await;
    wait_until("the first tab signed in", || {
        tab_1.text().contains("@janedoe")
    })
    .await;
    assert!(tab_1.find("[role='alert']").is_none(), "{}", tab_1.text());
    assert_eq!(verifier_sent(), verifier_1);
    assert!(address().ends_with("/?tab=1"), "{}", address());
    assert_eq!(
        pending_keys(),
        [pending_key(&state_2)],
        "the other sign-in still waits"
    );
    drop(tab_1);

    // Then the second one, in a tab of its own (its own sessionStorage).
    session_storage().clear().unwrap();
    script_fetch(&json!({
        "/oauth/token": token_answer(&nonce_2, true), "/oauth/userinfo": userinfo_answer(),
    }));
    set_address_query(&format!("?code=code-2&state={state_2}"));
    let tab_2 = live_app().await;
    wait_until("the second tab signed in", || {
        tab_2.text().contains("@janedoe")
    })
    .await;
    assert!(tab_2.find("[role='alert']").is_none(), "{}", tab_2.text());
    assert_eq!(verifier_sent(), verifier_2);
    assert!(address().ends_with("/?tab=2"), "{}", address());
    assert_eq!(pending_keys(), Vec::<String>::new());
    fresh_page().await;
}

const FORGED: &str =
    "?error=access_denied&error_description=Call+555-0100+to+unlock+your+account&state=forged";

/// Issue #18, 2: anyone could put words in the widget with a link. An error response whose
/// `state` matches no sign-in of this browser is not ours: its words are not shown, and the
/// sign-in in progress is kept.
#[wasm_bindgen_test]
async fn a_forged_error_link_shows_the_ignored_message_not_its_words_and_keeps_the_pending_sign_in()
{
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    store_pending("/");
    set_address_query(FORGED);
    let m = live_app().await;
    wait_until("the notice shows", || m.find("[role='alert']").is_some()).await;
    let alert = m.get("[role='alert']").text_content().unwrap();
    assert!(
        alert.contains("A sign-in response that this browser did not start was ignored."),
        "{alert}"
    );
    assert!(!m.text().contains("555-0100"), "{}", m.text());
    assert!(!m.text().contains("unlock"), "{}", m.text());
    assert!(!address().contains("error="), "{}", address());
    assert_eq!(
        pending_keys(),
        [pending_key(STATE)],
        "the real sign-in waits on"
    );
    assert!(
        !m.get("button").has_attribute("disabled"),
        "the visitor can sign in"
    );
    fresh_page().await;
}

/// The same forged link, opened by a signed-in visitor: still signed in, no words.
#[wasm_bindgen_test]
async fn a_forged_error_link_leaves_a_signed_in_visitor_signed_in() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    script_fetch(&json!({ "/oauth/userinfo": userinfo_answer() }));
    save_session(&session(jane(), EIGHT_HOURS_MS));
    set_address_query(FORGED);
    let m = live_app().await;
    wait_until("signed in", || m.find(".hf-oauth-signout").is_some()).await;
    assert!(m.text().contains("@janedoe"));
    assert!(!m.text().contains("555-0100"), "{}", m.text());
    assert!(!address().contains("error="), "{}", address());
    assert!(session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .is_some());
    fresh_page().await;
}

/// Issue #18, 3: with site data blocked, reading `window.sessionStorage` throws, and the widget
/// died ("failed to get session_storage"): a blank box. It now offers Sign in, and signing in
/// says plainly that the browser blocks storage for this site.
#[wasm_bindgen_test]
async fn storage_getters_that_throw_security_error_show_sign_in_with_the_storage_message_not_a_panic(
) {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    block_storage();
    assert_storage_blocked_for_the_library().await;
    let m = live_app().await;
    wait_until("the sign-in button", || {
        m.find(".hf-oauth-login-button:not([disabled])").is_some()
    })
    .await;
    m.click(".hf-oauth-login-button").await;
    wait_until("the storage message", || m.find("[role='alert']").is_some()).await;
    let alert = m.get("[role='alert']").text_content().unwrap();
    assert!(
        alert.contains("This browser blocks storage for this site"),
        "{alert}"
    );
    assert!(
        m.find(".hf-oauth-login-button:not([disabled])").is_some(),
        "the button can be pressed again"
    );
    allow_storage();
    assert_eq!(pending_keys(), Vec::<String>::new());
    fresh_page().await;
}

/// Shows whether the session would survive a reload (`data-survives`), as an app can read it,
/// and whether it still holds its refresh token (`data-refreshable`).
#[function_component]
fn SurvivesReload() -> Html {
    let oauth = use_hf_oauth();
    match oauth.state.result() {
        Some(result) => html! {
            <p
                class="survives-reload"
                data-survives={result.survives_reload().to_string()}
                data-refreshable={result.refresh_token.is_some().to_string()}
            />
        },
        None => html! {},
    }
}

/// Issue #18, 5: the code exchange succeeded but storage refused the write
/// (`QuotaExceededError`): the visitor is signed in all the same, the session lives in this
/// page's memory, and it says it will not survive a reload.
#[wasm_bindgen_test]
async fn set_item_throwing_quota_exceeded_during_the_code_exchange_still_signs_in_for_this_page() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    store_pending("/");
    script_fetch(&json!({
        "/oauth/token": token_answer(NONCE, true), "/oauth/userinfo": userinfo_answer(),
    }));
    set_address_query(&format!("?code=c&state={STATE}"));
    refuse_storage_writes();
    let m = mount(html! {
        <HfOAuthProvider><HfLoginButton /><UserBadge /><SurvivesReload /></HfOAuthProvider>
    })
    .await;
    wait_until("signed in with the full profile", || {
        m.text().contains("Jane Doe") && m.find(".hf-oauth-pro").is_some()
    })
    .await;
    assert!(m.find("[role='alert']").is_none(), "{}", m.text());
    assert_eq!(
        m.get(".survives-reload")
            .get_attribute("data-survives")
            .as_deref(),
        Some("false"),
        "the session says it will not survive a reload"
    );
    let note = m
        .find(".hf-oauth-memory-only")
        .unwrap_or_else(|| panic!("the badge tells the visitor: {}", m.text()))
        .text_content()
        .unwrap_or_default();
    assert!(
        note.contains("it lasts until you reload or leave this page"),
        "{note}"
    );
    // The tab hears its own announcement on the tab channel (a BroadcastChannel reaches every
    // other channel object of the origin, this page's listener included): that echo, without
    // the refresh token, must not replace the session this page holds in memory.
    sleep(50).await;
    assert_eq!(
        m.get(".survives-reload")
            .get_attribute("data-refreshable")
            .as_deref(),
        Some("true"),
        "the session kept in memory keeps its refresh token"
    );
    allow_storage();
    assert_eq!(
        session_storage().get_item(SESSION_STORAGE_KEY).unwrap(),
        None,
        "nothing was saved"
    );
    assert_eq!(
        pending_keys(),
        Vec::<String>::new(),
        "the sign-in was consumed"
    );
    fresh_page().await;
}
