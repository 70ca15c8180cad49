//! What WebKit (Safari's engine, `cargo xtask test webkit`) does differently from Chromium and
//! Firefox, pinned where the suite or the library depends on it.

use crate::inference_panel::{alert, generate_and_wait, signed_in};
use crate::support::*;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};
use yew::prelude::*;
use yew_hf_oauth::{HfOAuthProvider, InferencePanel};

/// Wraps `history.replaceState` so that each call counts in `window.__replaceStateCalls`.
fn count_replace_state() {
    js_sys::Function::new_no_args(
        "window.__replaceStateCalls = 0;
         history.replaceState = function (...args) {
             window.__replaceStateCalls += 1;
             return History.prototype.replaceState.apply(this, args);
         };",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
}

/// The calls counted since [`count_replace_state`]; removes the wrapper.
fn replace_state_calls() -> f64 {
    js_sys::Function::new_no_args(
        "const calls = window.__replaceStateCalls; delete history.replaceState; return calls;",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap()
    .as_f64()
    .unwrap()
}

/// WebKit throws a SecurityError on the 101st `history.replaceState` within 10 seconds, and
/// the whole suite runs in one page within a few seconds: resetting an address that is already
/// clean (as every test does) must not spend a call.
#[wasm_bindgen_test]
fn webkit_allows_100_replace_states_per_10_s_so_a_clean_address_is_left_alone() {
    reset_page();
    count_replace_state();
    reset_page();
    set_address_query("");
    assert_eq!(
        replace_state_calls(),
        0.0,
        "a clean address was replaced again"
    );

    count_replace_state();
    set_address_query("?page=2");
    set_address_query("?page=2");
    reset_page();
    assert_eq!(
        replace_state_calls(),
        2.0,
        "one call to set the query, one to clear it"
    );
    assert!(!address().contains('?'), "{}", address());
}

/// Each engine words a failed `fetch` its own way (Chromium "Failed to fetch", Firefox
/// "NetworkError when attempting to fetch resource.", WebKit "Load failed"): the panel names a
/// network failure from the rejection itself, whatever its message, and quotes that message to
/// the site author. Port 1 is on the Fetch
/// standard's list of bad ports, so every engine refuses it without opening a connection.
#[wasm_bindgen_test]
async fn a_refused_fetch_is_a_network_failure_in_every_engine_wording() {
    reset_page();
    let m = mount(html! {
        <HfOAuthProvider state={Some(signed_in())}>
            <InferencePanel router_url="http://127.0.0.1:1" initial_prompt="Say hello" />
        </HfOAuthProvider>
    })
    .await;
    generate_and_wait(&m).await;
    let alert = alert(&m);
    console_log!("the engine's words for a refused fetch: {alert}");
    assert!(alert.contains("Could not reach Hugging Face"), "{alert}");
    let engine_words = [
        "Failed to fetch",
        "NetworkError when attempting to fetch resource",
        "Load failed",
    ];
    assert!(
        engine_words.iter().any(|words| alert.contains(words)),
        "the site author's details quote the engine's own message: {alert}"
    );
}
