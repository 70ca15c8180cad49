//! The components' stylesheets, added to `<head>` once per page: the shared palette
//! ([`ensure_theme`], `<style id="hf-oauth-theme-style">`) and one static stylesheet per
//! component, scoped by its root class (`.hf-oauth-login`, `.hf-oauth-badge`, `.hf-oauth-panel`).
//! Plain CSS instead of a CSS-in-Rust runtime keeps the wasm small.

/// The dark palette's declarations, used twice in [`THEME`]: for `data-theme="dark"`, and for
/// `data-theme="auto"` when the system prefers dark.
macro_rules! dark_palette {
    () => {
        "  --surface: var(--hf-oauth-surface, #111827);
  --text: var(--hf-oauth-text, #f9fafb);
  --muted: var(--hf-oauth-muted, #cbd5e1);
  --line: var(--hf-oauth-border, #374151);
  --danger: var(--hf-oauth-danger, #fca5a5);
  --warn: var(--hf-oauth-warning, #fcd34d);
  --accent: var(--hf-oauth-accent, #ffd21e);
  --on-accent: var(--hf-oauth-on-accent, #0b0f19);
  --bg: var(--hf-oauth-button-bg, #ffffff);
  --fg: var(--hf-oauth-button-fg, #0b0f19);
  --border: var(--hf-oauth-button-border, #ffffff);
"
    };
}

/// The palette every component reads, for the light, dark and auto (system) themes, defined once
/// for the three root classes. Each colour can be overridden by the page with the public
/// `--hf-oauth-*` variable named in its fallback.
const THEME: &str = concat!(
    ".hf-oauth-login, .hf-oauth-badge, .hf-oauth-panel {
  --surface: var(--hf-oauth-surface, #ffffff);
  --text: var(--hf-oauth-text, #111827);
  --muted: var(--hf-oauth-muted, #4b5563);
  --line: var(--hf-oauth-border, #d1d5db);
  --danger: var(--hf-oauth-danger, #b91c1c);
  --warn: var(--hf-oauth-warning, #92400e);
  --accent: var(--hf-oauth-accent, #0b0f19);
  --on-accent: var(--hf-oauth-on-accent, #ffffff);
  --bg: var(--hf-oauth-button-bg, #0b0f19);
  --fg: var(--hf-oauth-button-fg, #ffffff);
  --border: var(--hf-oauth-button-border, #0b0f19);
}
:is(.hf-oauth-login, .hf-oauth-badge, .hf-oauth-panel)[data-theme=\"dark\"] {
",
    dark_palette!(),
    "}
@media (prefers-color-scheme: dark) {
:is(.hf-oauth-login, .hf-oauth-badge, .hf-oauth-panel)[data-theme=\"auto\"] {
",
    dark_palette!(),
    "}
}
"
);

/// Adds the shared palette (`<style id="hf-oauth-theme-style">`) once; every component calls it
/// before adding its own stylesheet.
pub(crate) fn ensure_theme() {
    ensure_stylesheet("hf-oauth-theme-style", THEME);
}

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

#[cfg(test)]
mod tests {
    use super::THEME;

    #[test]
    fn dark_and_auto_dark_share_one_palette() {
        let dark = THEME.split("[data-theme=\"dark\"] {").nth(1).unwrap();
        let auto = THEME.split("[data-theme=\"auto\"] {").nth(1).unwrap();
        let block = |css: &str| css.split('}').next().unwrap().trim().to_owned();
        assert_eq!(block(dark), block(auto));
        assert!(block(dark).contains("--surface: var(--hf-oauth-surface, #111827);"));
        assert_eq!(THEME.matches('{').count(), THEME.matches('}').count());
    }
}
