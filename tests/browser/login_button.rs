//! HfLoginButton in every session state, injected through the provider.

use crate::fixtures::*;
use crate::support::*;
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::{ButtonSize, HfLoginButton, HfOAuthProvider, OAuthError, SessionState, Theme};

async fn button_in(state: SessionState) -> Mounted {
    fresh_page().await;
    mount(html! {
        <HfOAuthProvider state={Some(state)}><HfLoginButton /></HfOAuthProvider>
    })
    .await
}

fn attr(m: &Mounted, selector: &str, name: &str) -> Option<String> {
    m.get(selector).get_attribute(name)
}

#[wasm_bindgen_test]
async fn signed_out_shows_an_enabled_button_with_the_official_words() {
    let m = button_in(SessionState::SignedOut).await;
    let button = m.get("button");
    assert_eq!(
        button.text_content().unwrap().trim(),
        "Sign in with Hugging Face"
    );
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
    assert!(!button.has_attribute("disabled"));
    assert!(!button.has_attribute("aria-busy"));
    assert!(
        m.find("svg[aria-hidden='true']").is_some(),
        "the logo is decorative"
    );
}

#[wasm_bindgen_test]
async fn clicking_turns_the_button_busy_while_redirecting() {
    let m = button_in(SessionState::SignedOut).await;
    m.click("button").await;
    assert_eq!(attr(&m, "button", "aria-busy").as_deref(), Some("true"));
    assert!(m.get("button").has_attribute("disabled"));
    assert!(
        m.text().contains("Redirecting to Hugging Face"),
        "{}",
        m.text()
    );
}

#[wasm_bindgen_test]
async fn loading_is_busy_and_disabled() {
    let m = button_in(SessionState::Loading).await;
    assert_eq!(attr(&m, "button", "aria-busy").as_deref(), Some("true"));
    assert!(m.get("button").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn not_configured_is_disabled_and_explains_why() {
    let m = button_in(SessionState::NotConfigured).await;
    let button = m.get("button");
    assert!(button.has_attribute("disabled"));
    let note_id = button
        .get_attribute("aria-describedby")
        .expect("described by the note");
    let note = m.get(&format!("#{note_id}"));
    assert!(note
        .text_content()
        .unwrap()
        .contains("no Hugging Face OAuth client ID"));
}

#[wasm_bindgen_test]
async fn signed_in_hides_the_button() {
    let m = button_in(SessionState::SignedIn(Rc::new(session(
        jane(),
        EIGHT_HOURS_MS,
    ))))
    .await;
    assert!(m.find("button").is_none(), "{}", m.root.inner_html());
}

#[wasm_bindgen_test]
async fn expired_offers_signing_in_again() {
    let m = button_in(SessionState::Expired(Rc::new(session(jane(), 0)))).await;
    assert!(!m.get("button").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn an_error_is_announced_with_a_hint_and_the_button_stays_usable() {
    let error = OAuthError::Provider {
        error: "access_denied".into(),
        description: Some("The user denied access".into()),
    };
    let m = button_in(SessionState::Error(error)).await;
    let alert = m.get("[role='alert']");
    let text = alert.text_content().unwrap();
    assert!(
        text.contains("Sign-in was cancelled: “The user denied access”"),
        "{text}"
    );
    assert!(text.contains("Details for the site author"));
    assert!(!m.get("button").has_attribute("disabled"));
    assert_eq!(
        attr(&m, "button", "aria-describedby"),
        alert.get_attribute("id"),
        "the button is described by the error"
    );
}

#[wasm_bindgen_test]
async fn sizes_theme_and_label_are_applied() {
    fresh_page().await;
    for size in ButtonSize::ALL {
        let m = mount(html! {
            <HfOAuthProvider state={Some(SessionState::SignedOut)}>
                <HfLoginButton {size} theme={Theme::Dark} label="Continue with HF" />
            </HfOAuthProvider>
        })
        .await;
        assert_eq!(
            attr(&m, "button", "data-size").as_deref(),
            Some(size.name())
        );
        let expected_height = format!("--h:{}px", size.metrics().0);
        assert!(attr(&m, "button", "style")
            .unwrap()
            .contains(&expected_height));
        assert_eq!(
            attr(&m, ".hf-oauth-login", "data-theme").as_deref(),
            Some("dark")
        );
        let height = m.get("button").get_bounding_client_rect().height();
        assert_eq!(
            height.round() as u32,
            size.metrics().0,
            "rendered height of {}",
            size.name()
        );
        assert!(m.text().contains("Continue with HF"));
    }
}

#[wasm_bindgen_test]
async fn without_a_provider_the_button_reports_not_configured_instead_of_panicking() {
    fresh_page().await;
    let m = mount(html! { <HfLoginButton /> }).await;
    assert!(m.get("button").has_attribute("disabled"));
    assert!(m.text().contains("no Hugging Face OAuth client ID"));
}
