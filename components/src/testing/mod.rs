//! A test kit for apps that use the components (feature `testing`, off by default).
//!
//! Component tests run in a headless browser with
//! [`wasm-bindgen-test`](https://docs.rs/wasm-bindgen-test): mount the app's component under any
//! session ([`mount_with_session`] with a [`SessionState`](crate::SessionState), for example
//! [`signed_in_as`]), let it stream a scripted answer ([`ScriptedChatTransport`]) instead of
//! calling Hugging Face, then [`flush`] or [`wait_until`] and assert on what a visitor would
//! see. Nothing here talks to a server or touches storage.
//!
//! ```toml
//! [dev-dependencies]
//! yew-hf-oauth = { version = "0.1", features = ["testing"] }
//! wasm-bindgen-test = "0.3"
//! ```
//!
//! Run with `cargo test --target wasm32-unknown-unknown` and `wasm-bindgen-test-runner` as the
//! runner (`CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER`). This example is the crate's own
//! `tests/testing_kit.rs`, which its CI runs in headless Chromium:
//!
//! ```ignore
#![doc = include_str!("../../tests/testing_kit.rs")]
//! ```

mod mount;
mod scripted_transport;
mod sessions;

pub use mount::{
    flush, mount, mount_with_session, unmount_all, wait_until, Mounted, WAIT_STEPS, WAIT_STEP_MS,
};
pub use scripted_transport::{Script, ScriptedChatTransport};
pub use sessions::{signed_in, signed_in_as, user};
