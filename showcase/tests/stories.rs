//! Every story of the showcase in headless Chromium, light and dark: it renders without a panic
//! or a console error, and axe-core finds no accessibility violation in it. Plus the showcase's
//! own behaviour: deep links, the controls, the Code tab, the theme toggle.
//!
//! Run with `cargo xtask test stories`: it installs the npm package `axe-core` into
//! `target/node` and points `AXE_CORE_JS` at it; `build.rs` copies it into OUT_DIR, and each
//! check injects it into the page and runs `axe.run(<mounted showcase>)`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;

use gloo::timers::future::TimeoutFuture;
use showcase::{registry, App};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;
use yew_hf_oauth::testing::{mount, Mounted};

wasm_bindgen_test_configure!(run_in_browser);

/// axe-core's `axe.min.js` (empty when AXE_CORE_JS was not set at build time).
const AXE: &str = include_str!(concat!(env!("OUT_DIR"), "/axe.min.js"));

thread_local! {
    static PANICS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Once per page: axe-core, a record of console errors and uncaught errors, a panic hook.
fn prepare_page() {
    let window: JsValue = gloo::utils::window().into();
    let ready = js_sys::Reflect::get(&window, &"__storiesReady".into()).unwrap();
    if ready.is_truthy() {
        return;
    }
    assert!(
        !AXE.is_empty(),
        "axe-core is missing: run `cargo xtask test stories` (it sets AXE_CORE_JS)"
    );
    let document = gloo::utils::document();
    let script = document.create_element("script").unwrap();
    script.set_text_content(Some(AXE));
    document.head().unwrap().append_child(&script).unwrap();
    js_sys::eval(
        r#"
        window.__storyErrors = [];
        const original = console.error;
        console.error = function (...args) {
            window.__storyErrors.push('console.error: ' + args.map(String).join(' '));
            return original.apply(this, args);
        };
        window.addEventListener('error', e => window.__storyErrors.push('uncaught: ' + e.message));
        window.addEventListener('unhandledrejection', e => window.__storyErrors.push('unhandled rejection: ' + e.reason));
        window.__storiesReady = true;
        "#,
    )
    .unwrap();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.with(|p| p.borrow_mut().push(info.to_string()));
        previous(info);
    }));
}

/// Console errors, uncaught errors and panics since the last call.
fn take_errors() -> Vec<String> {
    let errors = js_sys::eval("const e = window.__storyErrors.splice(0); e").unwrap();
    let mut out: Vec<String> = js_sys::Array::from(&errors)
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    PANICS.with(|p| out.extend(p.borrow_mut().drain(..).map(|m| format!("panic: {m}"))));
    out
}

/// Fails with every console error, uncaught error and panic recorded since the last check.
fn assert_no_errors() {
    let errors = take_errors();
    assert!(errors.is_empty(), "errors:\n{}", errors.join("\n"));
}

/// The button with exactly these words, if any.
fn button(mounted: &Mounted, words: &str) -> Option<Element> {
    mounted
        .all("button")
        .into_iter()
        .find(|button| button.text_content().is_some_and(|t| t == words))
}

/// Whether a button with exactly these words is in the tree.
fn has_button(mounted: &Mounted, words: &str) -> bool {
    button(mounted, words).is_some()
}

/// Clicks the button with exactly these words.
fn click_button(mounted: &Mounted, words: &str) {
    button(mounted, words)
        .unwrap_or_else(|| panic!("no button `{words}` in {}", mounted.text()))
        .unchecked_into::<HtmlElement>()
        .click();
}

/// Put `hash` in the address bar (without a hashchange) and mount the showcase there, with the
/// crate's test kit.
async fn mount_at(hash: &str) -> Mounted {
    let window = gloo::utils::window();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{hash}")))
        .unwrap();
    mount(html! { <App /> }).await
}

async fn sleep(ms: u32) {
    TimeoutFuture::new(ms).await;
    yew::scheduler::flush().await;
}

/// Lets a story settle: timers fire, a scripted answer finishes (a streaming one keeps going).
async fn settle(mounted: &Mounted) {
    sleep(120).await;
    for _ in 0..30 {
        if !has_button(mounted, "Stop") {
            break;
        }
        sleep(50).await;
    }
    sleep(30).await;
}

/// Runs axe-core on `element`; one line per violation and node.
async fn axe_violations(element: &Element) -> Vec<String> {
    axe_violations_except(element, &[]).await
}

/// Runs axe-core on `element` with the rules `off` turned off; one line per violation and node.
async fn axe_violations_except(element: &Element, off: &[&str]) -> Vec<String> {
    let rules = js_sys::Object::new();
    for rule in off {
        let disabled = js_sys::Object::new();
        js_sys::Reflect::set(&disabled, &"enabled".into(), &false.into()).unwrap();
        js_sys::Reflect::set(&rules, &(*rule).into(), &disabled).unwrap();
    }
    let run = js_sys::Function::new_with_args(
        "element, rules",
        // Through the page's one axe queue (the showcase's accessibility panel uses it too:
        // axe-core runs one check at a time).
        r#"const go = () => axe.run(element, { resultTypes: ['violations'], rules });
            const run = (window.__axeQueue || Promise.resolve()).then(go, go);
            window.__axeQueue = run.catch(() => {});
            return run.then(results =>
            results.violations.flatMap(v => v.nodes.map(n =>
                `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`)));"#,
    );
    let promise: js_sys::Promise = run
        .call2(&JsValue::NULL, element, &rules)
        .unwrap()
        .unchecked_into();
    let found = JsFuture::from(promise).await.expect("axe.run failed");
    js_sys::Array::from(&found)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// Every story of `group`, in `theme`: no error, no axe violation.
async fn check_group(group: &str) {
    prepare_page();
    let group = registry::groups()
        .iter()
        .find(|g| g.id == group)
        .unwrap_or_else(|| panic!("no group {group}"));
    let mut problems = Vec::new();
    let mut checked = 0;
    for story in &group.stories {
        for theme in ["light", "dark"] {
            let address = format!("#/{}/{}?theme={theme}", group.id, story.id);
            take_errors();
            let mounted = mount_at(&address).await;
            settle(&mounted).await;
            let current = mounted.get("nav a[aria-current='page']");
            assert_eq!(
                current.get_attribute("href").as_deref(),
                Some(address.as_str()),
                "the sidebar does not mark {address} as current"
            );
            assert_eq!(
                mounted.get(".sb-main h2").text_content().as_deref(),
                Some(story.title)
            );
            problems.extend(take_errors().into_iter().map(|e| format!("{address}: {e}")));
            problems.extend(
                axe_violations(&mounted.root)
                    .await
                    .into_iter()
                    .map(|v| format!("{address}: axe: {v}")),
            );
            drop(mounted);
            yew::scheduler::flush().await;
            problems.extend(
                take_errors()
                    .into_iter()
                    .map(|e| format!("{address} (unmount): {e}")),
            );
            checked += 1;

            let alone = format!("#/{}/{}?isolated&theme={theme}", group.id, story.id);
            problems.extend(isolated::check(&alone, &format!("{}/{}", group.id, story.id)).await);
            checked += 1;
        }
    }
    web_sys::console::log_1(
        &format!(
            "{}: {checked} story renders checked (with the isolated ones)",
            group.id
        )
        .into(),
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[wasm_bindgen_test]
async fn login_button_stories_render_and_pass_axe() {
    check_group("button").await;
}

#[wasm_bindgen_test]
async fn user_badge_stories_render_and_pass_axe() {
    check_group("badge").await;
}

#[wasm_bindgen_test]
async fn inference_panel_stories_render_and_pass_axe() {
    check_group("panel").await;
}

#[wasm_bindgen_test]
async fn model_picker_stories_render_and_pass_axe() {
    check_group("models").await;
}

#[wasm_bindgen_test]
async fn bill_to_stories_render_and_pass_axe() {
    check_group("bill-to").await;
}

#[wasm_bindgen_test]
async fn image_panel_stories_render_and_pass_axe() {
    check_group("images").await;
}

#[wasm_bindgen_test]
async fn provider_stories_render_and_pass_axe() {
    check_group("provider").await;
}

#[wasm_bindgen_test]
async fn live_demo_stories_render_and_pass_axe() {
    check_group("demo").await;
}

#[wasm_bindgen_test]
async fn every_group_is_checked() {
    let ids: Vec<_> = registry::groups().iter().map(|g| g.id).collect();
    assert_eq!(
        ids,
        ["button", "badge", "panel", "models", "bill-to", "images", "provider", "demo"]
    );
}

#[wasm_bindgen_test]
async fn unknown_address_shows_the_first_story() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/nope/nothing").await;
    let (group, story) = registry::all().next().unwrap();
    assert_eq!(
        mounted.get(".sb-main h2").text_content().as_deref(),
        Some(story.title)
    );
    assert_eq!(
        mounted.get(".sb-eyebrow").text_content().as_deref(),
        Some(group.title)
    );
}

#[wasm_bindgen_test]
async fn the_theme_comes_from_the_address_and_the_toggle_changes_it() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/signed-out?theme=dark").await;
    assert_eq!(
        mounted.get(".sb").get_attribute("data-theme").as_deref(),
        Some("dark")
    );
    let toggle = mounted.get("header button[aria-pressed]");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    toggle.unchecked_into::<HtmlElement>().click();
    sleep(50).await;
    let hash = gloo::utils::window().location().hash().unwrap();
    assert_eq!(hash, "#/button/signed-out?theme=light");
    assert_eq!(
        mounted.get(".sb").get_attribute("data-theme").as_deref(),
        Some("light")
    );
    assert_eq!(
        mounted
            .get("header button[aria-pressed]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn controls_edit_the_props_live() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/signed-out?theme=light").await;
    let size_shown = || {
        mounted
            .get(".hf-oauth-login-button")
            .get_attribute("data-size")
    };
    assert_eq!(size_shown().as_deref(), Some("md"));
    let size: web_sys::HtmlSelectElement = mounted.get("#control-size").unchecked_into();
    size.set_value("xl");
    size.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    sleep(20).await;
    assert_eq!(size_shown().as_deref(), Some("xl"));

    let label: web_sys::HtmlInputElement = mounted.get("#control-label").unchecked_into();
    label.set_value("Continue with HF");
    label
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    sleep(20).await;
    assert!(mounted
        .get(".hf-oauth-login-button")
        .text_content()
        .unwrap()
        .contains("Continue with HF"));

    let state: web_sys::HtmlSelectElement = mounted.get("#control-state").unchecked_into();
    let not_configured = showcase::fixtures::StateChoice::NotConfigured
        .index()
        .to_string();
    state.set_value(&not_configured);
    state
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    sleep(20).await;
    assert!(
        mounted.text().contains("Sign-in is not available"),
        "{}",
        mounted.text()
    );

    mounted
        .get(".sb-controls button")
        .unchecked_into::<HtmlElement>()
        .click();
    sleep(20).await;
    assert_eq!(size_shown().as_deref(), Some("md"));
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn code_tab_shows_the_function_that_renders_the_story() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/badge/expired?tab=code").await;
    let code = mounted
        .get("#panel-code pre.sb-story-source")
        .text_content()
        .unwrap();
    assert!(code.contains("fn expired(args: &Args) -> Html"), "{code}");
    assert!(code.contains("SessionState::Expired"), "{code}");
    assert!(!code.contains("[snippet:"), "{code}");
    assert_eq!(
        mounted
            .get("#tab-code")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    assert!(mounted
        .root
        .query_selector("#panel-canvas")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn the_old_narrow_address_is_the_phone_viewport() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/badge/long-names?width=narrow").await;
    let canvas = mounted.get(".sb-canvas");
    assert_eq!(
        canvas.get_attribute("data-viewport").as_deref(),
        Some("phone")
    );
    let width = canvas.get_bounding_client_rect().width();
    assert!((width - 375.0).abs() < 1.0, "canvas is {width} px wide");
}

#[path = "stories/a11y.rs"]
mod a11y;
#[path = "stories/actions.rs"]
mod actions;
#[path = "stories/code.rs"]
mod code;
#[path = "stories/docs.rs"]
mod docs;
#[path = "stories/interactions.rs"]
mod interactions;
#[path = "stories/isolated.rs"]
mod isolated;
#[path = "stories/sidebar.rs"]
mod sidebar;
#[path = "stories/viewport.rs"]
mod viewport;
