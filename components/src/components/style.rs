//! The components' styles, with stylist: each component has a scoped style written with
//! `css!` (parsed at compile time, so no CSS parser is in the wasm) whose generated class stands
//! beside its stable root class (`.hf-oauth-login`, `.hf-oauth-badge`, `.hf-oauth-panel`), and
//! all three read one palette of CSS variables, a global style added once per page
//! ([`use_theme`]).
//!
//! # Theming
//! Every colour, the radius and the font can be set by the page with public CSS variables on
//! any ancestor (or on the component's root class):
//!
//! | variable | what | light | dark |
//! | --- | --- | --- | --- |
//! | `--hf-oauth-surface` | badge and panel background | `#ffffff` | `#111827` |
//! | `--hf-oauth-text` | text | `#111827` | `#f9fafb` |
//! | `--hf-oauth-muted` | secondary text | `#4b5563` | `#cbd5e1` |
//! | `--hf-oauth-border` | borders | `#d1d5db` | `#374151` |
//! | `--hf-oauth-danger` | errors | `#b91c1c` | `#fca5a5` |
//! | `--hf-oauth-warning` | expiry warnings | `#92400e` | `#fcd34d` |
//! | `--hf-oauth-accent` | primary button background | `#0b0f19` | `#ffd21e` |
//! | `--hf-oauth-on-accent` | primary button text | `#ffffff` | `#0b0f19` |
//! | `--hf-oauth-button-bg` | sign-in button background | `#0b0f19` | `#ffffff` |
//! | `--hf-oauth-button-fg` | sign-in button text | `#ffffff` | `#0b0f19` |
//! | `--hf-oauth-button-border` | sign-in button border | `#0b0f19` | `#ffffff` |
//! | `--hf-oauth-focus` | focus ring | `#f59e0b` | `#f59e0b` |
//! | `--hf-oauth-radius` | corner radius | 8–12 px | 8–12 px |
//! | `--hf-oauth-font` | font family | system UI | system UI |
//!
//! The `theme` prop of each component sets `data-theme` to `light`, `dark` or `auto` (follow
//! `prefers-color-scheme`).

use stylist::{global_style, GlobalStyle};
use yew::prelude::*;

/// The palette every component reads, for the light, dark and auto (system) themes, defined
/// once for the three root classes. Each colour can be overridden by the page with the public
/// `--hf-oauth-*` variable named in its fallback. The dark declarations stand twice (for
/// `data-theme="dark"`, and for `auto` when the system prefers dark): `css!` takes one literal,
/// and the test below checks that both copies are the same.
fn theme() -> GlobalStyle {
    global_style!(
        r#"
.hf-oauth-login, .hf-oauth-badge, .hf-oauth-panel, .hf-oauth-models, .hf-oauth-bill-to {
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
:is(.hf-oauth-login, .hf-oauth-badge, .hf-oauth-panel, .hf-oauth-models, .hf-oauth-bill-to)[data-theme="dark"] {
  --surface: var(--hf-oauth-surface, #111827);
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
}
@media (prefers-color-scheme: dark) {
  :is(.hf-oauth-login, .hf-oauth-badge, .hf-oauth-panel, .hf-oauth-models, .hf-oauth-bill-to)[data-theme="auto"] {
    --surface: var(--hf-oauth-surface, #111827);
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
  }
}
"#
    )
    .expect("the palette is valid CSS, checked at compile time")
}

/// The shared palette's CSS (the `--hf-oauth-*` variables of every component, light, dark and
/// auto), as the components add it to the page's head. For a page rendered before the wasm
/// runs (the widget's first paint), which must carry the same palette in its own `<style>`.
///
/// # Usage
/// ```
/// let css = yew_hf_oauth::palette_css();
/// assert!(css.contains("--hf-oauth-button-bg"));
/// let first_paint = format!("<style>{css}</style>");
/// # let _ = first_paint;
/// ```
pub fn palette_css() -> String {
    theme().get_style_str().to_owned()
}

/// Adds the shared palette once per page (stylist keeps one copy of a global style however
/// often it is created); every component calls it.
#[hook]
pub(crate) fn use_theme() {
    use_memo((), |()| theme());
}

#[cfg(test)]
mod tests {
    use super::theme;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn dark_and_auto_dark_share_one_palette() {
        let css = theme().get_style_str().to_owned();
        let block = |marker: &str| {
            let after = css.split(marker).nth(1).unwrap();
            let inner = after.split('{').nth(1).unwrap();
            let decls: Vec<String> = inner
                .split('}')
                .next()
                .unwrap()
                .split(';')
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty())
                .collect();
            decls
        };
        let dark = block("[data-theme=\"dark\"]");
        let auto = block("[data-theme=\"auto\"]");
        assert_eq!(dark, auto);
        assert!(
            dark.contains(&"--surface: var(--hf-oauth-surface, #111827)".to_owned()),
            "{dark:?}"
        );
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }
}
