//! ImagePanel and `use_text_to_image` against a scripted `window.fetch` (the real request
//! path; no request leaves loopback): the Hub's provider mapping, then the provider's route.

use crate::fixtures::*;
use crate::inference_panel::{alert, signed_in};
use crate::support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::{HfOAuthProvider, ImagePanel, SessionState};

const HUB: &str = "http://127.0.0.1:9/hub";
const ROUTER: &str = "http://127.0.0.1:9/router";
const MODEL: &str = "org/painter";
const PROMPT: &str = "A red fox";
/// A 1×1 PNG.
const PNG_BASE64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/// The Hub's answer naming `provider` (keyed by provider, as the Hub answers).
fn mapping(provider: &str, provider_id: &str) -> String {
    serde_json::json!({
        "id": MODEL,
        "inferenceProviderMapping": {
            "fal-ai": { "providerId": "fal-ai/painter", "status": "live", "task": "text-to-image" },
            provider: { "providerId": provider_id, "status": "live", "task": "text-to-image" }
        }
    })
    .to_string()
}

/// Replace `window.fetch`: `routes` maps a URL substring to `{ status, type, body }` or
/// `{ status, type, base64 }` (bytes). Every request is recorded as [`script_fetch`] does.
fn script_binary_fetch(routes: serde_json::Value) {
    script_fetch(&serde_json::json!({})); // installs the loopback guard
    let install = js_sys::Function::new_with_args(
        "routes",
        r#"
        window.__fetchLog = [];
        window.fetch = async (input, init) => {
            const request = new Request(input, init);
            const body = await request.clone().text();
            window.__fetchLog.push({ url: request.url, method: request.method, body,
                authorization: request.headers.get('Authorization') });
            for (const [part, a] of Object.entries(routes)) {
                if (request.url.includes(part)) {
                    const payload = a.base64
                        ? Uint8Array.from(atob(a.base64), c => c.charCodeAt(0)) : a.body;
                    return new Response(payload, { status: a.status,
                        headers: { 'Content-Type': a.type } });
                }
            }
            throw new TypeError('Failed to fetch');
        };
        "#,
    );
    let routes = js_sys::JSON::parse(&routes.to_string()).unwrap();
    install.call1(&JsValue::NULL, &routes).unwrap();
}

async fn panel(state: SessionState, provider: Option<&str>, hub: &str) -> Mounted {
    mount(html! {
        <HfOAuthProvider state={Some(state)}>
            <ImagePanel model={MODEL} provider={provider.map(|p| AttrValue::from(p.to_owned()))}
                hub_url={hub.to_owned()} router_url={ROUTER} prompt={PROMPT} />
        </HfOAuthProvider>
    })
    .await
}

fn image_region(m: &Mounted) -> web_sys::Element {
    m.get(".hf-oauth-image")
}

/// Generate, and wait until the image region is no longer busy.
async fn generate(m: &Mounted) {
    m.click("button[type='submit']").await;
    wait_until("the run ends", || {
        image_region(m).get_attribute("aria-busy").as_deref() == Some("false")
            && (m.find("img").is_some() || m.find("[role='alert']").is_some())
    })
    .await;
}

/// Waits until the `<img>` has decoded: its source is a real image.
async fn wait_decoded(m: &Mounted) -> web_sys::HtmlImageElement {
    let img: web_sys::HtmlImageElement = m.get("img").unchecked_into();
    wait_until("the image decodes", || {
        img.complete() && img.natural_width() == 1
    })
    .await;
    img
}

#[wasm_bindgen_test]
async fn text_to_image_shows_the_image_and_a_download_link() {
    fresh_page().await;
    script_binary_fetch(serde_json::json!({
        "/hub/api/models/": { "status": 200, "type": "application/json", "body": mapping("hf-inference", MODEL) },
        "/router/hf-inference/models/org/painter": { "status": 200, "type": "image/png", "base64": PNG_BASE64 },
    }));
    let m = panel(signed_in(), None, HUB).await;
    generate(&m).await;
    let img = wait_decoded(&m).await;
    assert_eq!(img.alt(), PROMPT);
    assert!(img.src().starts_with("blob:"), "{}", img.src());
    let link = m.get("a[download]");
    assert_eq!(
        link.get_attribute("download").as_deref(),
        Some("a-red-fox.png")
    );
    assert_eq!(link.get_attribute("href"), Some(img.src()));
    assert!(link.text_content().unwrap().contains("Download"));
    assert!(m.find("[role='alert']").is_none(), "{}", alert(&m));
}

/// The mapping is asked first, then the provider's route; the bearer rides in the header of
/// both (the Hub and the router, here on loopback), never in a URL.
#[wasm_bindgen_test]
async fn the_mapping_then_the_provider_with_the_bearer_only_in_the_header() {
    fresh_page().await;
    script_binary_fetch(serde_json::json!({
        "/hub/api/models/": { "status": 200, "type": "application/json", "body": mapping("hf-inference", MODEL) },
        "/router/hf-inference/models/": { "status": 200, "type": "image/png", "base64": PNG_BASE64 },
    }));
    let m = panel(signed_in(), None, HUB).await;
    generate(&m).await;
    let log = fetch_log();
    let urls: Vec<&str> = log.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(urls.len(), 2, "{urls:?}");
    assert!(
        urls[0].starts_with("http://127.0.0.1:9/hub/api/models/org/painter?expand")
            && urls[0].contains("inferenceProviderMapping"),
        "{urls:?}"
    );
    assert_eq!(
        urls[1],
        "http://127.0.0.1:9/router/hf-inference/models/org/painter"
    );
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[1]["method"], "POST");
    assert_eq!(log[1]["body"], r#"{"inputs":"A red fox"}"#);
    for request in &log {
        assert_eq!(request["authorization"], format!("Bearer {ACCESS_TOKEN}"));
        assert!(!request["url"].as_str().unwrap().contains(ACCESS_TOKEN));
    }
}

#[wasm_bindgen_test]
async fn the_nebius_route_sends_its_id_and_reads_base64_json() {
    fresh_page().await;
    let answer = serde_json::json!({ "data": [{ "b64_json": PNG_BASE64 }] }).to_string();
    script_binary_fetch(serde_json::json!({
        "/hub/api/models/": { "status": 200, "type": "application/json", "body": mapping("nebius", "nebius/painter-v2") },
        "/router/nebius/v1/images/generations": { "status": 200, "type": "application/json", "body": answer },
    }));
    let m = panel(signed_in(), Some("nebius"), HUB).await;
    generate(&m).await;
    let img = wait_decoded(&m).await;
    assert!(img.src().starts_with("blob:"));
    let log = fetch_log();
    let sent: serde_json::Value = serde_json::from_str(log[1]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({ "prompt": PROMPT, "response_format": "b64_json", "model": "nebius/painter-v2" })
    );
}

/// While waiting, the region is busy and the status says which step it is in; a 503 from the
/// provider is then named.
#[wasm_bindgen_test]
async fn progress_is_shown_then_an_error_status_is_named() {
    fresh_page().await;
    hold_fetch();
    let m = panel(signed_in(), None, HUB).await;
    m.click("button[type='submit']").await;
    let status = |m: &Mounted| m.get(".hf-oauth-status").text_content().unwrap_or_default();
    wait_until("the mapping is asked", || fetch_log().len() == 1).await;
    assert_eq!(
        image_region(&m).get_attribute("aria-busy").as_deref(),
        Some("true")
    );
    assert!(
        status(&m).contains("Finding a provider for org/painter"),
        "{}",
        status(&m)
    );
    answer_held_fetches(&serde_json::json!({
        "/hub/api/models/": { "status": 200, "body": mapping("hf-inference", MODEL) },
    }));
    wait_until("the provider is asked", || fetch_log().len() == 2).await;
    wait_until("the status names the provider", || {
        status(&m).contains("on hf-inference")
    })
    .await;
    assert_eq!(
        image_region(&m).get_attribute("aria-busy").as_deref(),
        Some("true")
    );
    answer_held_fetches(&serde_json::json!({
        "/router/hf-inference/": { "status": 503, "body": r#"{"error":"Model is loading"}"# },
    }));
    wait_until("the error shows", || m.find("[role='alert']").is_some()).await;
    assert!(
        alert(&m).contains("loading or temporarily unavailable"),
        "{}",
        alert(&m)
    );
    assert_eq!(
        image_region(&m).get_attribute("aria-busy").as_deref(),
        Some("false")
    );
    assert!(m.find("img").is_none());
}

#[wasm_bindgen_test]
async fn a_402_is_named_and_a_401_expires_the_session() {
    fresh_page().await;
    script_binary_fetch(serde_json::json!({
        "/hub/api/models/": { "status": 200, "type": "application/json", "body": mapping("hf-inference", MODEL) },
        "/router/": { "status": 402, "type": "application/json", "body": r#"{"error":"credits"}"# },
    }));
    let m = panel(signed_in(), None, HUB).await;
    generate(&m).await;
    assert!(alert(&m).contains("inference credits"), "{}", alert(&m));

    fresh_page().await;
    script_binary_fetch(serde_json::json!({
        "/hub/api/models/": { "status": 200, "type": "application/json", "body": mapping("hf-inference", MODEL) },
        "/router/": { "status": 401, "type": "application/json", "body": r#"{"error":"Invalid credentials"}"# },
    }));
    let m = panel(signed_in(), None, HUB).await;
    m.click("button[type='submit']").await;
    wait_until("the session expires", || {
        m.text().contains("Your session has expired. Sign in again")
    })
    .await;
    assert!(
        alert(&m).contains("session has expired or was revoked"),
        "{}",
        alert(&m)
    );
    assert!(m.find(".hf-oauth-login-button").is_some());
    assert!(m.find("textarea").is_none());
}

#[wasm_bindgen_test]
async fn signed_out_offers_sign_in_and_sends_nothing() {
    fresh_page().await;
    script_binary_fetch(serde_json::json!({}));
    let m = panel(SessionState::SignedOut, None, HUB).await;
    assert!(
        m.text()
            .contains("Sign in with Hugging Face to make images with org/painter"),
        "{}",
        m.text()
    );
    assert!(m.find(".hf-oauth-login-button").is_some());
    assert!(m.find("textarea").is_none() && m.find("button[type='submit']").is_none());
    assert!(fetch_log().is_empty());
}

/// An untrusted Hub URL is refused before any request: the token goes nowhere.
#[wasm_bindgen_test]
async fn an_untrusted_hub_is_refused_before_any_request() {
    fresh_page().await;
    script_binary_fetch(serde_json::json!({}));
    let m = panel(signed_in(), None, "https://hub.evil.example").await;
    m.click("button[type='submit']").await;
    wait_until("the refusal shows", || m.find("[role='alert']").is_some()).await;
    assert!(alert(&m).contains("hub.evil.example"), "{}", alert(&m));
    assert!(fetch_log().is_empty(), "{:?}", fetch_log());
}

/// Whether `url` can be read (a revoked object URL cannot). An `XMLHttpRequest`, not an
/// `Image`: Firefox shows a revoked URL's image from its image cache.
async fn loads(url: &str) -> bool {
    let probe = js_sys::Function::new_with_args(
        "url",
        "return new Promise(done => { const x = new XMLHttpRequest(); x.open('GET', url); \
         x.onload = () => done(x.status === 200); x.onerror = () => done(false); x.send(); });",
    );
    let promise: js_sys::Promise = probe
        .call1(&JsValue::NULL, &url.into())
        .unwrap()
        .unchecked_into();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

/// The object URL of an image is revoked when the next image replaces it, and when the panel
/// goes: a page making many images does not keep them all in memory.
#[wasm_bindgen_test]
async fn object_urls_are_revoked_when_replaced_and_when_unmounted() {
    fresh_page().await;
    script_binary_fetch(serde_json::json!({
        "/hub/api/models/": { "status": 200, "type": "application/json", "body": mapping("hf-inference", MODEL) },
        "/router/hf-inference/models/": { "status": 200, "type": "image/png", "base64": PNG_BASE64 },
    }));
    let m = panel(signed_in(), None, HUB).await;
    generate(&m).await;
    let first = wait_decoded(&m).await.src();
    m.click("button[type='submit']").await;
    wait_until("the second image replaces the first", || {
        m.find("img")
            .map(|img| img.unchecked_into::<web_sys::HtmlImageElement>().src())
            .is_some_and(|src| src != first)
    })
    .await;
    let second = wait_decoded(&m).await.src();
    assert_eq!(fetch_log().len(), 4);
    assert!(!loads(&first).await, "the replaced image's URL still loads");
    assert!(loads(&second).await);
    drop(m);
    flush().await;
    assert!(
        !loads(&second).await,
        "the unmounted panel's image URL still loads"
    );
}
