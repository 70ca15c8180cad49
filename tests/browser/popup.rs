//! The popup sign-in seen from the page that opens it (a framed page, or `SignInMode::Popup`):
//! `window.open` runs in the click itself, a blocked or closed popup returns to Sign in, and
//! only a same-origin message of the right shape signs the page in.

use crate::fixtures::{jane, session};
use crate::support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::{
    HfLoginButton, HfOAuthProvider, OAuthConfig, SignInMode, UserBadge, SESSION_STORAGE_KEY,
};

/// Replace `window.open` by a recorder; it returns a fake popup window when `with_popup`,
/// else `null` (what a blocked popup gives).
fn stub_window_open(with_popup: bool) {
    js_sys::Function::new_with_args(
        "withPopup",
        r#"
        if (!window.__realOpen) window.__realOpen = window.open;
        window.__openLog = [];
        window.__fakePopup = withPopup
            ? { closed: false, closedByPage: false, close() { this.closed = true; this.closedByPage = true; } }
            : null;
        window.open = (url, name, features) => {
            window.__openLog.push({ url, name, features });
            return window.__fakePopup;
        };
        "#,
    )
    .call1(&JsValue::NULL, &with_popup.into())
    .unwrap();
}

fn restore_window_open() {
    js_sys::Function::new_no_args("if (window.__realOpen) window.open = window.__realOpen;")
        .call0(&JsValue::NULL)
        .unwrap();
}

fn eval(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::NULL)
        .unwrap()
}

fn opened() -> Vec<serde_json::Value> {
    let text = eval("return JSON.stringify(window.__openLog || [])")
        .as_string()
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Replace `window.open` by a recorder that returns a real same-origin window as the popup:
/// the `contentWindow` of an `about:blank` iframe (`window.__fakePopup`), whose `close()`
/// records `window.__popupClosedByPage`. A `MessageEvent`'s `source` must be a real window
/// (WebIDL refuses a plain object in every engine), and the opener accepts a result only from
/// the window `window.open` gave it. `window.__otherWindow` is a second such window.
fn stub_window_open_with_a_real_window() {
    eval(
        r#"
        if (!window.__realOpen) window.__realOpen = window.open;
        for (const frame of document.querySelectorAll('iframe.test-popup')) frame.remove();
        const frame = () => {
            const f = document.createElement('iframe');
            f.className = 'test-popup';
            f.src = 'about:blank';
            document.body.appendChild(f);
            return f.contentWindow;
        };
        window.__openLog = [];
        window.__popupClosedByPage = false;
        window.__fakePopup = frame();
        window.__otherWindow = frame();
        Object.defineProperty(window.__fakePopup, 'close', {
            value() { window.__popupClosedByPage = true; },
            configurable: true,
        });
        window.open = (url, name, features) => {
            window.__openLog.push({ url, name, features });
            return window.__fakePopup;
        };
        "#,
    );
}

/// Remove the windows of [`stub_window_open_with_a_real_window`] and put `window.open` back.
fn remove_real_windows() {
    eval("for (const frame of document.querySelectorAll('iframe.test-popup')) frame.remove();");
    restore_window_open();
}

/// Send the page a `message` event as if from `origin`, posted by the window the JavaScript
/// expression `source` names (`null` for none).
fn post_message(data: &str, origin: &str, source: &str) {
    js_sys::Function::new_with_args(
        "data, origin",
        &format!(
            "window.dispatchEvent(new MessageEvent('message', {{ data, origin, source: {source} }}));"
        ),
    )
    .call2(&JsValue::NULL, &data.into(), &origin.into())
    .unwrap();
}

/// The attempt id in the popup URL `window.open` was called with.
fn opened_attempt() -> String {
    let log = opened();
    let url = log.last().expect("a popup was opened")["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let query = url.split_once('?').unwrap().1;
    let attempt = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("hf_oauth_popup="))
        .unwrap_or_else(|| panic!("no attempt in {url}"));
    attempt.split('#').next().unwrap().to_owned()
}

/// The popup's message for `attempt` carrying `result`, as the popup writes it.
fn popup_message(attempt: &str, result: &yew_hf_oauth::OAuthResult) -> String {
    // The wire shape the opener accepts, written out: a change to it is a breaking change.
    format!(
        r#"{{"type":"hf-oauth:popup-result","attempt":"{attempt}","result":{}}}"#,
        serde_json::to_string(result).unwrap()
    )
}

fn own_origin() -> String {
    gloo::utils::window().location().origin().unwrap()
}

async fn popup_app() -> Mounted {
    fresh_page().await;
    let config = OAuthConfig::default()
        .with_client_id("popup-client")
        .with_sign_in_mode(SignInMode::Popup);
    let m = mount(html! {
        <HfOAuthProvider {config}><HfLoginButton /><UserBadge /></HfOAuthProvider>
    })
    .await;
    wait_until("the sign-in button", || {
        m.find(".hf-oauth-login-button:not([disabled])").is_some()
    })
    .await;
    m
}

/// Click the sign-in button without letting anything else run.
fn click_sign_in(m: &Mounted) {
    m.get(".hf-oauth-login-button")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn the_click_opens_the_page_itself_in_a_popup_before_any_await() {
    let m = popup_app().await;
    stub_window_open(true);
    click_sign_in(&m);
    // No await since the click: `window.open` ran inside the click handler.
    let log = opened();
    assert_eq!(log.len(), 1, "{log:?}");
    let url = log[0]["url"].as_str().unwrap();
    assert!(
        url.starts_with(&own_origin()) && url.contains("hf_oauth_popup="),
        "{url}"
    );
    let attempt = opened_attempt();
    assert!(
        attempt.len() >= 16 && attempt != "1",
        "the popup URL carries a random attempt id: {url}"
    );
    assert_eq!(log[0]["name"], "hf-oauth-sign-in");
    wait_until("the waiting note", || {
        m.text()
            .contains("Finish signing in in the window that opened")
    })
    .await;
    assert!(fetch_log().is_empty(), "the opener sends no request itself");
    restore_window_open();
}

#[wasm_bindgen_test]
async fn a_blocked_popup_says_so_and_offers_the_page_in_its_own_tab() {
    let m = popup_app().await;
    stub_window_open(false);
    click_sign_in(&m);
    wait_until("the blocked message", || {
        m.text().contains("blocked the sign-in window")
    })
    .await;
    let link = m.get(".hf-oauth-error a[target=_blank]");
    // The link may be relative (the page's path): where it leads is what counts.
    let href = js_sys::Reflect::get(&link, &"href".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(href.starts_with(&own_origin()), "{href}");
    assert!(
        m.find(".hf-oauth-login-button:not([disabled])").is_some(),
        "the button can be pressed again"
    );
    restore_window_open();
}

#[wasm_bindgen_test]
async fn a_closed_popup_or_cancel_returns_the_button_to_sign_in() {
    let m = popup_app().await;
    stub_window_open(true);
    click_sign_in(&m);
    wait_until("waiting", || m.text().contains("Finish signing in")).await;
    eval("window.__fakePopup.closed = true;");
    wait_until("back to Sign in after the popup closed", || {
        m.find(".hf-oauth-login-button:not([disabled])").is_some()
            && !m.text().contains("Finish signing in")
    })
    .await;

    click_sign_in(&m);
    wait_until("waiting again", || m.text().contains("Finish signing in")).await;
    m.click(".hf-oauth-popup-wait button").await;
    wait_until("back to Sign in after Cancel", || {
        m.find(".hf-oauth-login-button:not([disabled])").is_some()
    })
    .await;
    assert_eq!(
        eval("return window.__fakePopup.closedByPage;").as_bool(),
        Some(true),
        "Cancel closes the popup"
    );
    restore_window_open();
}

#[wasm_bindgen_test]
async fn only_a_same_origin_message_of_the_right_shape_signs_the_opener_in() {
    let m = popup_app().await;
    stub_window_open_with_a_real_window();
    click_sign_in(&m);
    wait_until("waiting", || m.text().contains("Finish signing in")).await;
    let attempt = opened_attempt();
    let result = session(jane(), 3_600_000);
    let message = popup_message(&attempt, &result);

    let popup = "window.__fakePopup";
    post_message(&message, "https://evil.example", popup);
    post_message(
        &message.replace("popup-result", "other"),
        &own_origin(),
        popup,
    );
    post_message(
        &format!(r#"{{"type":"hf-oauth:popup-result","attempt":"{attempt}","result":{{}}}}"#),
        &own_origin(),
        popup,
    );
    sleep(50).await;
    assert!(
        m.text().contains("Finish signing in"),
        "ignored: {}",
        m.text()
    );
    assert!(session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .is_none());

    post_message(&message, &own_origin(), popup);
    wait_until("signed in", || m.text().contains("Jane Doe")).await;
    let saved = session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .unwrap();
    assert!(saved.contains(result.access_token.expose()));
    assert_token_not_leaked(result.access_token.expose());
    assert_eq!(
        eval("return window.__popupClosedByPage;").as_bool(),
        Some(true),
        "the opener closes the popup once it has the session"
    );
    remove_real_windows();
    fresh_page().await;
}

/// Issue #18: the opener took a popup result from any same-origin window, at any time, for any
/// attempt. Now only the window it opened, for the attempt it opened, once.
#[wasm_bindgen_test]
async fn a_popup_result_from_another_window_or_for_another_attempt_is_ignored_and_the_right_one_is_taken_once(
) {
    let m = popup_app().await;
    stub_window_open_with_a_real_window();
    click_sign_in(&m);
    wait_until("waiting", || m.text().contains("Finish signing in")).await;
    let attempt = opened_attempt();
    let origin = own_origin();
    let jane_session = session(jane(), 3_600_000);
    let mut intruder = jane();
    intruder.sub = "intruder".into();
    intruder.name = Some("Mallory Intruder".into());
    intruder.preferred_username = Some("mallory".into());
    let intruder_session = session(intruder, 3_600_000);

    // The right message, from a window this page did not open: another same-origin window,
    // this page itself, and no window at all.
    let right = popup_message(&attempt, &intruder_session);
    post_message(&right, &origin, "window.__otherWindow");
    post_message(&right, &origin, "window");
    post_message(&right, &origin, "null");
    // From the popup, for another attempt.
    let wrong_attempt = popup_message("another-attempt-0123456789abcdef", &intruder_session);
    post_message(&wrong_attempt, &origin, "window.__fakePopup");
    sleep(50).await;
    assert!(
        m.text().contains("Finish signing in") && !m.text().contains("Mallory"),
        "every one ignored: {}",
        m.text()
    );
    assert!(session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .is_none());

    post_message(
        &popup_message(&attempt, &jane_session),
        &origin,
        "window.__fakePopup",
    );
    wait_until("signed in", || m.text().contains("Jane Doe")).await;
    // The same attempt again, from the same window: taken once only.
    post_message(&right, &origin, "window.__fakePopup");
    sleep(50).await;
    assert!(
        m.text().contains("Jane Doe") && !m.text().contains("Mallory"),
        "{}",
        m.text()
    );
    let saved = session_storage()
        .get_item(SESSION_STORAGE_KEY)
        .unwrap()
        .unwrap();
    assert!(!saved.contains("intruder"), "{saved}");
    remove_real_windows();
    fresh_page().await;
}

/// A page opened with `?hf_oauth_popup=<id>` but no opener (a bookmarked or shared popup URL,
/// or an opener a `Cross-Origin-Opener-Policy` cut off) is an ordinary tab: it starts no
/// sign-in by itself and offers Sign in.
///
/// Safe to fail: the hub is on loopback and every fetch is held, so a sign-in started by
/// mistake waits forever on the discovery document (recorded in the fetch log) before it could
/// save a pending sign-in or send this page anywhere; the page stays and the test fails.
#[wasm_bindgen_test]
async fn a_popup_url_without_an_opener_starts_no_sign_in_and_offers_sign_in() {
    fresh_page().await;
    assert!(
        eval("return window.opener;").is_null(),
        "the test page has no opener"
    );
    set_address_query("?hf_oauth_popup=a1b2c3d4e5f6a7b8c9d0");
    hold_fetch();
    let config = OAuthConfig::default()
        .with_client_id("popup-client")
        .with_hub_url("http://127.0.0.1:9");
    let m = mount(html! {
        <HfOAuthProvider {config}><HfLoginButton /><UserBadge /></HfOAuthProvider>
    })
    .await;
    let sign_in_offered = || m.find(".hf-oauth-login-button:not([disabled])").is_some();
    wait_until("Sign in, or a sign-in started", || {
        sign_in_offered() || !fetch_log().is_empty()
    })
    .await;
    // Whatever the start-up spawned has run by the next task.
    sleep(0).await;
    assert!(
        fetch_log().is_empty(),
        "a sign-in started (it fetches the hub's discovery document first): {:?}",
        fetch_log()
    );
    assert!(
        sign_in_offered() && m.text().contains("Sign in with Hugging Face"),
        "{}",
        m.text()
    );
    let pending: Vec<String> = (0..local_storage().length().unwrap())
        .filter_map(|i| local_storage().key(i).unwrap())
        .filter(|key| key.starts_with("hf_oauth:pending:"))
        .collect();
    assert_eq!(pending, Vec::<String>::new(), "no pending sign-in");
    assert!(
        m.find("[role='alert']").is_none(),
        "nothing to report: {}",
        m.text()
    );
    drop(m);
    fresh_page().await;
}
