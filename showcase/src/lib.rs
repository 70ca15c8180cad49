//! The showcase of yew-hf-oauth: every component in every state (injected, no network), with
//! live props, the code of each story, light and dark, narrow and wide, and the live demo.
//!
//! A library so the `stories` browser test can mount [`App`] at each story's address; the
//! binary (`src/main.rs`, built by `cargo xtask showcase`) only mounts it.

pub mod a11y_panel;
pub mod actions;
pub mod actions_panel;
pub mod app;
pub mod canvas;
pub mod code_view;
pub mod docs_page;
pub mod fixtures;
pub mod interactions_panel;
pub mod isolated;
pub mod markdown;
pub mod play;
pub mod props;
pub mod registry;
pub mod route;
pub mod sidebar;
pub mod snippet;
pub mod stories;
pub mod viewport;

pub use app::App;
