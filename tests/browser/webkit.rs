//! What WebKit (Safari's engine, `cargo xtask test webkit`) does differently from Chromium and
//! Firefox, pinned where the suite or the library depends on it.

use crate::support::*;
use wasm_bindgen_test::wasm_bindgen_test;

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
