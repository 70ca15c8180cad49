//! UserBadge in every state, injected through the provider.

use crate::fixtures::*;
use crate::support::*;
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::{
    HfLoginButton, HfOAuthProvider, OAuthResult, SessionState, UserBadge, UserInfo,
};

async fn badge_in(state: SessionState) -> Mounted {
    fresh_page().await;
    mount(html! {
        <HfOAuthProvider state={Some(state)}><HfLoginButton /><UserBadge /></HfOAuthProvider>
    })
    .await
}

fn signed_in(user: UserInfo, in_ms: u64) -> SessionState {
    SessionState::SignedIn(Rc::new(session(user, in_ms)))
}

/// The badge with `result`, its clock standing `remaining_ms` before the session's end (a slow
/// machine cannot turn "59 s" into "58 s").
async fn badge_at(result: OAuthResult, remaining_ms: u64) -> (Mounted, FrozenClock) {
    fresh_page().await;
    let clock = FrozenClock::at(result.access_token_expires_at - remaining_ms);
    let state = SessionState::SignedIn(Rc::new(result));
    let m = mount(html! {
        <HfOAuthProvider state={Some(state)}><HfLoginButton /><UserBadge /></HfOAuthProvider>
    })
    .await;
    (m, clock)
}

#[wasm_bindgen_test]
async fn signed_in_shows_avatar_name_username_pro_and_time_left() {
    let remaining = EIGHT_HOURS_MS - 60_000;
    let (m, _clock) = badge_at(session(jane(), EIGHT_HOURS_MS), remaining).await;
    let img = m.get("img.hf-oauth-avatar");
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("https://cdn-avatars.huggingface.co/v1/production/uploads/jane.png")
    );
    assert_eq!(
        m.get(".hf-oauth-display-name").text_content().as_deref(),
        Some("Jane Doe")
    );
    assert_eq!(
        m.get(".hf-oauth-username").text_content().as_deref(),
        Some("@janedoe")
    );
    assert_eq!(
        m.get(".hf-oauth-pro").text_content().as_deref(),
        Some("PRO")
    );
    let expiry = m.get(".hf-oauth-expiry").text_content().unwrap();
    assert!(
        expiry.starts_with("Session expires in 7 h 59 min"),
        "{expiry}"
    );
    assert!(m.find(".hf-oauth-expiring").is_none());
    assert!(
        m.find(".hf-oauth-login-button").is_none(),
        "no login button while signed in"
    );
}

#[wasm_bindgen_test]
async fn sign_out_returns_to_the_login_button() {
    let m = badge_in(signed_in(jane(), EIGHT_HOURS_MS)).await;
    m.click("button.hf-oauth-signout").await;
    assert!(m.find(".hf-oauth-badge").is_none());
    assert!(m.find(".hf-oauth-login-button").is_some());
}

#[wasm_bindgen_test]
async fn organizations_are_listed_on_demand() {
    let m = badge_in(signed_in(jane(), EIGHT_HOURS_MS)).await;
    let toggle = m.get(".hf-oauth-orgs button");
    assert_eq!(toggle.text_content().as_deref(), Some("2 organizations"));
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(m.find(".hf-oauth-orgs li").is_none());
    m.click(".hf-oauth-orgs button").await;
    assert_eq!(
        m.get(".hf-oauth-orgs button")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    let items: Vec<String> = m
        .all(".hf-oauth-orgs li")
        .iter()
        .map(|li| li.text_content().unwrap())
        .collect();
    assert_eq!(items, vec!["Acme · admin", "Widgets · read"]);
    let controls = m
        .get(".hf-oauth-orgs button")
        .get_attribute("aria-controls")
        .unwrap();
    assert!(m.find(&format!("#{controls}")).is_some());
}

#[wasm_bindgen_test]
async fn unsafe_avatar_urls_fall_back_to_initials() {
    for url in [
        "javascript:alert(1)",
        "data:image/svg+xml,<svg onload=alert(1)>",
        " JaVaScRiPt:alert(1)",
        "//evil.example/x.png",
    ] {
        let mut user = jane();
        user.picture = Some(url.into());
        let m = badge_in(signed_in(user, EIGHT_HOURS_MS)).await;
        assert!(m.find("img").is_none(), "{url} must not become an <img>");
        assert_eq!(
            m.get(".hf-oauth-initials").text_content().as_deref(),
            Some("JD")
        );
    }
}

#[wasm_bindgen_test]
async fn a_broken_avatar_image_falls_back_to_initials() {
    let mut user = jane();
    user.picture = Some("http://127.0.0.1:9/missing.png".into());
    let m = badge_in(signed_in(user, EIGHT_HOURS_MS)).await;
    wait_until("the broken image is replaced", || m.find("img").is_none()).await;
    assert_eq!(
        m.get(".hf-oauth-initials").text_content().as_deref(),
        Some("JD")
    );
}

#[wasm_bindgen_test]
async fn a_display_name_holding_html_is_shown_as_text() {
    let mut user = jane();
    user.name =
        Some("<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>".into());
    let m = badge_in(signed_in(user.clone(), EIGHT_HOURS_MS)).await;
    let name = m.get(".hf-oauth-display-name");
    assert_eq!(name.text_content().as_deref(), user.name.as_deref());
    assert_eq!(
        name.child_element_count(),
        0,
        "no element was created from the name"
    );
    sleep(50).await;
    let pwned = js_sys::Reflect::get(&gloo::utils::window(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
async fn a_very_long_name_wraps_inside_a_narrow_container() {
    let mut user = jane();
    user.name = Some("W".repeat(200));
    fresh_page().await;
    let state = signed_in(user, EIGHT_HOURS_MS);
    let m = mount(html! {
        <div style="width: 320px"><HfOAuthProvider state={Some(state)}><UserBadge /></HfOAuthProvider></div>
    })
    .await;
    let width = m.get(".hf-oauth-badge").get_bounding_client_rect().width();
    assert!(
        width <= 320.5,
        "badge is {width}px wide in a 320px container"
    );
}

#[wasm_bindgen_test]
async fn expiring_soon_is_highlighted() {
    let (m, _clock) = badge_at(session(jane(), 60_000), 59_000).await;
    let expiry = m.get(".hf-oauth-expiring").text_content().unwrap();
    assert!(expiry.starts_with("Session expires in 59 s"), "{expiry}");
}

#[wasm_bindgen_test]
async fn expired_says_so_and_offers_to_sign_in_again() {
    let m = badge_in(SessionState::Expired(Rc::new(session(jane(), 0)))).await;
    assert!(m
        .get("[role='status']")
        .text_content()
        .unwrap()
        .contains("Your session has expired"));
    assert!(m.find(".hf-oauth-signout").is_none());
    let again: Vec<_> = m
        .all("button")
        .into_iter()
        .filter(|b| b.text_content().unwrap().contains("Sign in again"))
        .collect();
    assert_eq!(again.len(), 1, "{}", m.root.inner_html());
}

#[wasm_bindgen_test]
async fn other_states_render_no_badge() {
    for state in [
        SessionState::Loading,
        SessionState::SignedOut,
        SessionState::NotConfigured,
        SessionState::Redirecting,
    ] {
        let m = badge_in(state.clone()).await;
        assert!(m.find(".hf-oauth-badge").is_none(), "{state:?}");
    }
}

#[wasm_bindgen_test]
async fn initials_without_a_name_come_from_the_username() {
    let user = UserInfo::new("1").with_preferred_username("bob");
    let m = badge_in(signed_in(user, EIGHT_HOURS_MS)).await;
    assert_eq!(
        m.get(".hf-oauth-display-name").text_content().as_deref(),
        Some("bob")
    );
    assert_eq!(
        m.get(".hf-oauth-initials").text_content().as_deref(),
        Some("B")
    );
}
