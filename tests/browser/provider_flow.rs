//! The live provider: start-up, the redirect callback (with a scripted token endpoint), storage
//! effects, expiry while the page is open, sign-out and other tabs. Hostile callbacks included.

use crate::fixtures::*;
use crate::support::*;
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::{
    generate_oauth_login_url, handle_oauth_redirect, load_saved_oauth_result, HfLoginButton,
    HfOAuthProvider, OAuthConfig, OAuthError, OAuthResult, UserBadge, SESSION_STORAGE_KEY,
};

pub(crate) const STATE: &str = "state-4f1c2a9b8e7d6c5b4a39281706f5e4d3";
pub(crate) const NONCE: &str = "nonce-0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

pub(crate) async fn live_app() -> Mounted {
    mount(html! {
        <HfOAuthProvider><HfLoginButton /><UserBadge /></HfOAuthProvider>
    })
    .await
}

pub(crate) fn store_pending(return_to: &str) {
    store_pending_started_at(return_to, now_ms());
}

fn store_pending_started_at(return_to: &str, created_at_ms: u64) {
    let location = gloo::utils::window().location();
    let redirect_uri = format!(
        "{}{}",
        location.origin().unwrap(),
        location.pathname().unwrap()
    );
    let pending = json!({
        "state": STATE, "nonce": NONCE, "code_verifier": VERIFIER,
        "redirect_uri": redirect_uri, "return_to": return_to, "created_at_ms": created_at_ms,
    });
    local_storage()
        .set_item(&pending_key(STATE), &pending.to_string())
        .unwrap();
}

/// Where a pending sign-in is kept: one localStorage entry per sign-in, keyed by its `state`.
pub(crate) fn pending_key(state: &str) -> String {
    format!("hf_oauth:pending:{state}")
}

/// The localStorage keys of every pending sign-in.
pub(crate) fn pending_keys() -> Vec<String> {
    let storage = local_storage();
    (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|key| key.starts_with("hf_oauth:pending"))
        .collect()
}

pub(crate) fn token_answer(nonce: &str, with_profile: bool) -> serde_json::Value {
    let mut claims = json!({
        "iss": "https://huggingface.co", "aud": CLIENT_ID, "sub": jane().sub,
        "exp": now_ms() / 1000 + 3600, "iat": now_ms() / 1000, "nonce": nonce,
    });
    if with_profile {
        claims["name"] = json!("Jane Doe");
        claims["preferred_username"] = json!("janedoe");
        claims["picture"] =
            json!("https://cdn-avatars.huggingface.co/v1/production/uploads/jane.png");
        claims["profile"] = json!("https://huggingface.co/janedoe");
        claims["auth_time"] = json!(now_ms() / 1000);
        // Like Hugging Face: standard claims only; PRO, canPay and orgs come from userinfo.
    }
    json!({
        "status": 200,
        "body": json!({
            "access_token": ACCESS_TOKEN, "token_type": "bearer", "expires_in": 28799,
            "scope": "openid profile inference-api", "id_token": id_token(&claims),
            "refresh_token": "hf_oauth_refresh_0123456789",
        }).to_string(),
    })
}

pub(crate) fn userinfo_answer() -> serde_json::Value {
    json!({ "status": 200, "body": serde_json::to_string(&jane()).unwrap() })
}

/// What no page state may ever hold after a callback: the token outside sessionStorage (the
/// address bar, localStorage, the console).
fn assert_token_only_in_session_storage() {
    assert_token_not_leaked(ACCESS_TOKEN);
    assert!(
        !console_output().contains(VERIFIER),
        "verifier in the console"
    );
}

/// Put `result` into sessionStorage as the library saves it.
pub(crate) fn save_session(result: &OAuthResult) {
    session_storage()
        .set_item(SESSION_STORAGE_KEY, &serde_json::to_string(result).unwrap())
        .unwrap();
}

fn assert_callback_cleaned_up() {
    let url = address();
    assert!(
        !url.contains("code="),
        "code left in the address bar: {url}"
    );
    assert!(
        !url.contains("state="),
        "state left in the address bar: {url}"
    );
    assert_eq!(
        pending_keys(),
        Vec::<String>::new(),
        "verifier left in localStorage"
    );
}

#[wasm_bindgen_test]
async fn without_a_client_id_the_live_provider_is_not_configured() {
    fresh_page().await;
    let m = live_app().await;
    wait_until("not configured", || {
        m.text().contains("no Hugging Face OAuth client ID")
    })
    .await;
    assert!(m.get("button").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn a_space_client_id_configures_the_provider() {
    fresh_page().await;
    let variables = js_sys::JSON::parse(
        r#"{"variables":{"OAUTH_CLIENT_ID":"space-client","OAUTH_SCOPES":"openid profile"}}"#,
    )
    .unwrap();
    js_sys::Reflect::set(&gloo::utils::window(), &"huggingface".into(), &variables).unwrap();
    let m = live_app().await;
    wait_until("signed out with an enabled button", || {
        m.find("button")
            .is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
    fresh_page().await;
}

#[wasm_bindgen_test]
async fn a_saved_session_is_restored_and_an_expired_one_is_not() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    script_fetch(&json!({ "/oauth/userinfo": userinfo_answer() }));
    let saved = session(jane(), EIGHT_HOURS_MS);
    save_session(&saved);
    assert_eq!(load_saved_oauth_result().as_ref(), Some(&saved));
    let m = live_app().await;
    wait_until("the badge shows", || m.text().contains("@janedoe")).await;
    drop(m);

    let expired = session(jane(), 0);
    session_storage()
        .set_item(
            SESSION_STORAGE_KEY,
            &serde_json::to_string(&expired).unwrap(),
        )
        .unwrap();
    assert_eq!(load_saved_oauth_result(), None);
    let m = live_app().await;
    wait_until("signed out", || {
        m.find(".hf-oauth-login-button:not([disabled])").is_some()
    })
    .await;
    assert!(m.find(".hf-oauth-badge").is_none());
}

#[wasm_bindgen_test]
async fn the_callback_signs_in_with_one_request_and_cleans_up() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    capture_console();
    store_pending("/?tab=2#section");
    script_fetch(
        &json!({ "/oauth/token": token_answer(NONCE, true), "/oauth/userinfo": userinfo_answer() }),
    );
    set_address_query(&format!("?code=the-code&state={STATE}"));

    let m = live_app().await;
    wait_until("signed in", || m.text().contains("Jane Doe")).await;
    assert!(m.text().contains("@janedoe"));
    // PRO is in userinfo only: the badge shows it once that answer lands.
    wait_until("the PRO mark", || m.find(".hf-oauth-pro").is_some()).await;
    assert_callback_cleaned_up();
    assert!(
        address().ends_with("/?tab=2#section"),
        "returned to the start path: {}",
        address()
    );
    assert_token_only_in_session_storage();
    assert!(session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .unwrap()
        .contains(ACCESS_TOKEN));

    let log = fetch_log();
    let urls: Vec<_> = log.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "https://huggingface.co/oauth/token",
            "https://huggingface.co/oauth/userinfo"
        ],
        "the token request, then userinfo for the full profile: {log:?}"
    );
    let saved = session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .unwrap();
    assert!(
        saved.contains(r#""profile_status":"complete""#) && saved.contains(r#""isPro":true"#),
        "the saved session keeps the merged profile"
    );
    let body = log[0]["body"].as_str().unwrap();
    let form: std::collections::HashMap<String, String> = form_pairs(body).into_iter().collect();
    assert_eq!(form["grant_type"], "authorization_code");
    assert_eq!(form["code"], "the-code");
    assert_eq!(form["code_verifier"], VERIFIER);
    assert_eq!(form["client_id"], CLIENT_ID);
    assert!(form["redirect_uri"].starts_with("http://127.0.0.1"));
    fresh_page().await;
}

pub(crate) fn form_pairs(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| {
            let decode = |s: &str| {
                js_sys::decode_uri_component(&s.replace('+', " "))
                    .unwrap()
                    .as_string()
                    .unwrap()
            };
            (decode(k), decode(v))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn without_profile_claims_the_profile_comes_from_userinfo_with_the_bearer_token() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    store_pending("/");
    script_fetch(
        &json!({ "/oauth/token": token_answer(NONCE, false), "/oauth/userinfo": userinfo_answer() }),
    );
    set_address_query(&format!("?code=c&state={STATE}"));
    let result = handle_oauth_redirect(&OAuthConfig::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(result.user_info.orgs.len(), 2);
    let log = fetch_log();
    assert_eq!(log.len(), 2);
    assert_eq!(
        log[1]["authorization"].as_str(),
        Some(format!("Bearer {ACCESS_TOKEN}").as_str())
    );
    assert_callback_cleaned_up();
    fresh_page().await;
}

thread_local! {
    /// How many requests the last [`failing_callback`] sent.
    static REQUESTS_SENT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many requests the last [`failing_callback`] sent.
fn last_request_count() -> usize {
    REQUESTS_SENT.with(std::cell::Cell::get)
}

/// Run a callback that must fail; returns the error and checks nothing leaked.
async fn failing_callback(query: &str, routes: serde_json::Value, pending: bool) -> OAuthError {
    fresh_page().await;
    capture_console();
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    if pending {
        store_pending("/");
    }
    script_fetch(&routes);
    set_address_query(query);
    let error = handle_oauth_redirect(&OAuthConfig::default())
        .await
        .unwrap_err();
    // An app logs the error it got: neither its Debug nor its Display may carry a secret.
    REQUESTS_SENT.with(|sent| sent.set(fetch_log().len()));
    page_console_error(&format!("{error:?} / {error} / {}", error.hint()));
    assert_ne!(console_output(), "[]", "the console is captured");
    assert_callback_cleaned_up();
    assert_token_only_in_session_storage();
    assert!(session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .is_none());
    fresh_page().await;
    error
}

/// A code whose `state` matches no sign-in of this browser is not this browser's: ignored
/// before any request, and the sign-in in progress stays (issue #18: it used to be wiped).
#[wasm_bindgen_test]
async fn a_tampered_state_is_ignored_before_any_request_and_keeps_the_pending_sign_in() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    store_pending("/");
    script_fetch(&json!({ "/oauth/token": token_answer(NONCE, true) }));
    set_address_query("?code=c&state=forged");
    let error = handle_oauth_redirect(&OAuthConfig::default())
        .await
        .unwrap_err();
    assert_eq!(error, OAuthError::ForeignCallback);
    assert!(fetch_log().is_empty(), "no request was sent");
    assert!(!address().contains("code="), "{}", address());
    assert_eq!(
        pending_keys(),
        [pending_key(STATE)],
        "the real sign-in waits on"
    );
    fresh_page().await;
}

#[wasm_bindgen_test]
async fn a_callback_for_a_sign_in_started_over_30_minutes_ago_is_refused_before_any_request() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    store_pending_started_at("/", now_ms() - 31 * 60 * 1000);
    script_fetch(&json!({ "/oauth/token": token_answer(NONCE, true) }));
    set_address_query(&format!("?code=c&state={STATE}"));
    let error = handle_oauth_redirect(&OAuthConfig::default())
        .await
        .unwrap_err();
    assert_eq!(error, OAuthError::StaleSignIn);
    assert!(fetch_log().is_empty(), "no request was sent");
    assert_callback_cleaned_up();
    fresh_page().await;
}

/// Without its pending sign-in (storage cleared, another browser) a callback cannot be told
/// from a forged one: it is ignored as foreign, before any request.
#[wasm_bindgen_test]
async fn a_callback_whose_pending_sign_in_is_gone_is_ignored_as_foreign() {
    let routes = json!({ "/oauth/token": token_answer(NONCE, true) });
    let error = failing_callback(&format!("?code=c&state={STATE}"), routes, false).await;
    assert_eq!(error, OAuthError::ForeignCallback);
    assert_eq!(last_request_count(), 0, "no request was sent");
}

#[wasm_bindgen_test]
async fn the_same_callback_loaded_twice_fails_the_second_time() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    store_pending("/");
    script_fetch(&json!({ "/oauth/token": token_answer(NONCE, true) }));
    set_address_query(&format!("?code=c&state={STATE}"));
    assert!(handle_oauth_redirect(&OAuthConfig::default())
        .await
        .unwrap()
        .is_some());
    set_address_query(&format!("?code=c&state={STATE}"));
    let error = handle_oauth_redirect(&OAuthConfig::default())
        .await
        .unwrap_err();
    // Its pending sign-in was consumed the first time: the second load is a foreign callback.
    assert_eq!(error, OAuthError::ForeignCallback);
    let token_requests = fetch_log()
        .iter()
        .filter(|r| {
            r["url"]
                .as_str()
                .is_some_and(|u| u.ends_with("/oauth/token"))
        })
        .count();
    assert_eq!(token_requests, 1, "the used code is never sent again");
    fresh_page().await;
}

#[wasm_bindgen_test]
async fn access_denied_is_shown_with_its_description() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    store_pending("/");
    set_address_query(&format!(
        "?error=access_denied&error_description=The+user+said+no&state={STATE}"
    ));
    let m = live_app().await;
    wait_until("the error shows", || m.find("[role='alert']").is_some()).await;
    assert!(m
        .get("[role='alert']")
        .text_content()
        .unwrap()
        .contains("Sign-in was cancelled: “The user said no”"));
    assert!(
        !m.get("button").has_attribute("disabled"),
        "the visitor can try again"
    );
    assert_callback_cleaned_up();
    assert!(!address().contains("error="));
    fresh_page().await;
}

#[wasm_bindgen_test]
async fn token_endpoint_failures_are_typed() {
    let q = format!("?code=c&state={STATE}");
    let bad_grant = json!({ "/oauth/token": { "status": 400, "body": r#"{"error":"invalid_grant","error_description":"Invalid code"}"# } });
    match failing_callback(&q, bad_grant, true).await {
        OAuthError::TokenExchange { status: 400, body } => {
            assert!(body.contains("invalid_grant"), "{body}")
        }
        other => panic!("{other:?}"),
    }
    let server_error =
        json!({ "/oauth/token": { "status": 500, "body": "Internal Server Error" } });
    assert!(matches!(
        failing_callback(&q, server_error, true).await,
        OAuthError::TokenExchange { status: 500, .. }
    ));
    let not_json = json!({ "/oauth/token": { "status": 200, "body": "<html>oops</html>" } });
    assert!(matches!(
        failing_callback(&q, not_json, true).await,
        OAuthError::MalformedResponse(_)
    ));
    let huge = json!({ "/oauth/token": { "status": 400, "body": "x".repeat(2_000_000) } });
    match failing_callback(&q, huge, true).await {
        OAuthError::TokenExchange { body, .. } => {
            assert!(body.chars().count() < 1000, "{} chars kept", body.len())
        }
        other => panic!("{other:?}"),
    }
    let odd_token = json!({ "/oauth/token": { "status": 200, "body": json!({ "access_token": ACCESS_TOKEN, "token_type": "mac" }).to_string() } });
    assert!(
        matches!(
            failing_callback(&q, odd_token, true).await,
            OAuthError::MalformedResponse(_)
        ),
        "a 2xx answer that is refused is never quoted (it holds a token)"
    );
    let unreachable = json!({});
    assert!(matches!(
        failing_callback(&q, unreachable, true).await,
        OAuthError::Network(_)
    ));
}

#[wasm_bindgen_test]
async fn an_id_token_for_another_sign_in_is_refused() {
    let q = format!("?code=c&state={STATE}");
    let replayed = json!({ "/oauth/token": token_answer("someone-elses-nonce", true) });
    assert!(matches!(
        failing_callback(&q, replayed, true).await,
        OAuthError::InvalidIdToken(_)
    ));
}

#[wasm_bindgen_test]
async fn userinfo_failure_is_a_profile_error() {
    let q = format!("?code=c&state={STATE}");
    let routes = json!({ "/oauth/token": token_answer(NONCE, false), "/oauth/userinfo": { "status": 500, "body": "boom" } });
    assert!(matches!(
        failing_callback(&q, routes, true).await,
        OAuthError::ProfileFetch { status: 500, .. }
    ));
}

#[wasm_bindgen_test]
async fn a_return_path_to_another_origin_stays_on_this_origin() {
    for evil in [
        "https://evil.example/steal",
        "//evil.example/steal",
        "/\\evil.example",
    ] {
        fresh_page().await;
        set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
        store_pending(evil);
        script_fetch(&json!({ "/oauth/token": token_answer(NONCE, true) }));
        set_address_query(&format!("?code=c&state={STATE}"));
        handle_oauth_redirect(&OAuthConfig::default())
            .await
            .unwrap();
        let origin = gloo::utils::window().location().origin().unwrap();
        assert_eq!(address(), format!("{origin}/"), "for {evil}");
    }
    fresh_page().await;
}

#[wasm_bindgen_test]
async fn the_login_url_carries_pkce_and_the_stored_verifier_matches_it() {
    use base64::Engine;
    use sha2::Digest;
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    set_address_query("?page=3");
    let url = generate_oauth_login_url(&OAuthConfig::default())
        .await
        .unwrap();
    assert!(
        url.starts_with("https://huggingface.co/oauth/authorize?"),
        "{url}"
    );
    let query: std::collections::HashMap<String, String> =
        form_pairs(url.split_once('?').unwrap().1)
            .into_iter()
            .collect();
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["client_id"], CLIENT_ID);
    assert_eq!(query["scope"], "openid profile inference-api");
    assert_eq!(query["code_challenge_method"], "S256");
    let pending: serde_json::Value = serde_json::from_str(
        &local_storage()
            .get_item(&pending_key(&query["state"]))
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(pending["state"].as_str(), Some(query["state"].as_str()));
    assert_eq!(pending["nonce"].as_str(), Some(query["nonce"].as_str()));
    assert!(pending["return_to"].as_str().unwrap().ends_with("?page=3"));
    let verifier = pending["code_verifier"].as_str().unwrap();
    assert!((43..=128).contains(&verifier.len()));
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()));
    assert_eq!(query["code_challenge"], challenge);
    let again = generate_oauth_login_url(&OAuthConfig::default())
        .await
        .unwrap();
    assert_ne!(url, again, "state, nonce and verifier are fresh each time");
    fresh_page().await;
}

/// The session lives 400 ms by the page's clock, which stands still until the badge shows it
/// signed in: a slow start can no longer find it already expired (and show Sign in instead).
/// Then the clock runs again, and the expiry timer alone turns it Expired.
#[wasm_bindgen_test]
async fn the_session_expires_by_itself_while_the_page_is_open() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    script_fetch(&json!({ "/oauth/userinfo": userinfo_answer() }));
    let saved = session(jane(), 400);
    save_session(&saved);
    let clock = FrozenClock::at(saved.access_token_expires_at - 400);
    let m = live_app().await;
    wait_until("signed in", || m.find(".hf-oauth-signout").is_some()).await;
    drop(clock);
    wait_until("expired", || m.text().contains("Your session has expired")).await;
    assert!(m.find(".hf-oauth-signout").is_none());
    fresh_page().await;
}

#[wasm_bindgen_test]
async fn signing_out_clears_the_session() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    script_fetch(&json!({ "/oauth/userinfo": userinfo_answer() }));
    let saved = session(jane(), EIGHT_HOURS_MS);
    save_session(&saved);
    let m = live_app().await;
    wait_until("signed in", || m.find(".hf-oauth-signout").is_some()).await;
    m.click(".hf-oauth-signout").await;
    wait_until("signed out", || {
        m.find(".hf-oauth-login-button:not([disabled])").is_some()
    })
    .await;
    assert!(session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .is_none());
    fresh_page().await;
}

/// A tab's messages as another tab hears them, recorded until dropped.
struct TabMessagesHeard {
    channel: web_sys::BroadcastChannel,
    heard: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
    _listener: gloo::events::EventListener,
}

impl TabMessagesHeard {
    fn start() -> Self {
        let channel = web_sys::BroadcastChannel::new("hf_oauth").unwrap();
        let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let listener = {
            let heard = heard.clone();
            gloo::events::EventListener::new(&channel, "message", move |event| {
                let event = wasm_bindgen::JsCast::unchecked_ref::<web_sys::MessageEvent>(event);
                heard
                    .borrow_mut()
                    .push(event.data().as_string().unwrap_or_default());
            })
        };
        Self {
            channel,
            heard,
            _listener: listener,
        }
    }
}

impl Drop for TabMessagesHeard {
    fn drop(&mut self) {
        self.channel.close();
    }
}

#[wasm_bindgen_test]
async fn an_unmounted_provider_leaves_the_session_alone_when_its_profile_request_ends() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    let saved = session(jane(), EIGHT_HOURS_MS);
    save_session(&saved);
    let stored = session_storage().get_item(SESSION_STORAGE_KEY).unwrap();
    hold_fetch();
    let m = live_app().await;
    wait_until("signed in", || m.text().contains("@janedoe")).await;
    wait_until("the profile request sent", || !fetch_log().is_empty()).await;
    drop(m);

    let heard = TabMessagesHeard::start();
    answer_held_fetches(&json!({}));
    sleep(100).await;
    assert_eq!(
        session_storage().get_item(SESSION_STORAGE_KEY).unwrap(),
        stored,
        "the saved session is as the page left it"
    );
    assert_eq!(
        *heard.heard.borrow(),
        Vec::<String>::new(),
        "nothing announced"
    );
    fresh_page().await;
}

#[wasm_bindgen_test]
async fn a_code_exchange_still_in_flight_when_the_provider_unmounts_still_saves_the_session() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    store_pending("/");
    hold_fetch();
    set_address_query(&format!("?code=c&state={STATE}"));
    let m = live_app().await;
    wait_until("the token request sent", || !fetch_log().is_empty()).await;
    drop(m);

    // The code is spent once the request is out: the session it buys must not be lost.
    let heard = TabMessagesHeard::start();
    answer_held_fetches(&json!({ "/oauth/token": token_answer(NONCE, true) }));
    wait_until("the session saved", || {
        session_storage()
            .get_item(SESSION_STORAGE_KEY)
            .unwrap()
            .is_some_and(|saved| saved.contains(ACCESS_TOKEN))
    })
    .await;
    wait_until("the other tabs told", || {
        heard
            .heard
            .borrow()
            .iter()
            .any(|message| message.contains(r#""type":"signed-in""#))
    })
    .await;
    sleep(100).await;
    let urls: Vec<_> = fetch_log()
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        urls,
        ["https://huggingface.co/oauth/token"],
        "no profile request from an unmounted provider"
    );
    fresh_page().await;
}

fn post_from_another_tab(message: serde_json::Value) {
    let channel = web_sys::BroadcastChannel::new("hf_oauth").unwrap();
    channel.post_message(&message.to_string().into()).unwrap();
    channel.close();
}

#[wasm_bindgen_test]
async fn sign_in_and_sign_out_in_another_tab_reach_this_one() {
    fresh_page().await;
    set_global("HF_OAUTH_CLIENT_ID", Some(CLIENT_ID));
    let m = live_app().await;
    wait_until("signed out", || {
        m.find(".hf-oauth-login-button:not([disabled])").is_some()
    })
    .await;

    let result = serde_json::to_value(session(jane(), EIGHT_HOURS_MS)).unwrap();
    post_from_another_tab(json!({ "type": "signed-in", "result": result }));
    wait_until("signed in from the other tab", || {
        m.text().contains("@janedoe")
    })
    .await;
    assert!(session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .is_some());

    post_from_another_tab(json!({ "type": "signed-out" }));
    wait_until("signed out from the other tab", || {
        m.find(".hf-oauth-badge").is_none()
    })
    .await;
    assert!(session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .is_none());
    fresh_page().await;
}
