//! The live demo: Hugging Face's "OAuth demo" page rebuilt from the three public components and
//! the hook, so it doubles as their integration example. Embedded in the showcase, and built
//! alone as the widget (`cargo xtask widget`) that mounts into `<div id="hf-oauth-demo">`.

#[cfg(feature = "first-paint")]
pub mod first_paint;
mod page;
mod slots;
mod trusted_hosts;

pub use page::{DemoPage, DemoPageProps};
pub use trusted_hosts::page_trusted_hosts;

/// Id of the element the widget mounts into.
pub const MOUNT_ID: &str = "hf-oauth-demo";

/// Mount the demo into `<div id="hf-oauth-demo">`; `false` when the page has no such element.
///
/// The hosts in `window.HF_TRUSTED_HOSTS` (read now, once) may receive the visitor's token
/// besides Hugging Face's and loopback ([`page_trusted_hosts`]).
pub fn mount() -> bool {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(MOUNT_ID));
    match root {
        Some(root) => {
            let props = DemoPageProps {
                trusted_hosts: page_trusted_hosts(),
                ..DemoPageProps::default()
            };
            yew::Renderer::<DemoPage>::with_root_and_props(root, props).render();
            true
        }
        None => false,
    }
}

/// The widget's entry point: mount when the module starts.
#[cfg(feature = "widget")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    if !mount() {
        web_sys::console::warn_1(
            &"hf-oauth-demo: no <div id=\"hf-oauth-demo\"> on this page; nothing mounted".into(),
        );
    }
}
