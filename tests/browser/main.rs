//! Browser tests of the hook and components, in headless Chromium (`cargo xtask test`).
//!
//! Each test mounts into a fresh element, flushes Yew's scheduler, and asserts on the DOM, the
//! address bar and storage, as a visitor or the spec sees them.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod chat;
mod fixtures;
mod generate_at_sign_in;
mod image_panel;
mod inference_options;
mod inference_panel;
mod kit;
mod login_button;
mod model_picker;
mod popup;
mod provider_flow;
mod sign_in_hazards;
mod support;
mod user_badge;
mod webkit;
