//! The components' stylesheets: one static stylesheet per component, added to `<head>` once
//! per page, scoped by the component's root class (`.hf-oauth-login`, `.hf-oauth-badge`,
//! `.hf-oauth-panel`). Plain CSS instead of a CSS-in-Rust runtime keeps the wasm small.

/// Adds `<style id="{id}">{css}</style>` to the document's `<head>` unless the page already has
/// an element with that id. Called while rendering, so the rules are in place before the first
/// paint; a page may also ship its own `<style id="...">` to replace them.
pub(crate) fn ensure_stylesheet(id: &str, css: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(id).is_some() {
        return;
    }
    let Ok(style) = document.create_element("style") else {
        return;
    };
    style.set_id(id);
    style.set_text_content(Some(css));
    if let Some(head) = document.head() {
        let _ = head.append_child(&style);
    } else if let Some(root) = document.document_element() {
        let _ = root.append_child(&style);
    }
}
