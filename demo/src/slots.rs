//! The first paint's slots: what the widget's first paint (rendered natively at build time, see
//! `first_paint`) cannot know before it is on a page (the page's client ID, scopes, hub, URL and
//! model). The native render writes these markers; the widget's loader fills them from the
//! same `window` globals the wasm reads, before it puts the markup on the page.

// Only the first paint's renderer (feature `first-paint`) reads every marker.
#![cfg_attr(not(feature = "first-paint"), allow(dead_code))]

/// Marker of the client ID (`window.HF_OAUTH_CLIENT_ID` or the Space's).
pub(crate) const CLIENT_ID: &str = "{{hf:client_id}}";
/// Marker of the scopes (`window.HF_OAUTH_SCOPES`, the Space's, or the default).
pub(crate) const SCOPES: &str = "{{hf:scopes}}";
/// Marker of the provider (`window.HF_HUB_URL` or Hugging Face).
pub(crate) const HUB_URL: &str = "{{hf:hub_url}}";
/// Marker of the redirect URL (the page's origin and path).
pub(crate) const REDIRECT_URI: &str = "{{hf:redirect_uri}}";
/// Marker of the model (`window.HF_INFERENCE_MODEL` or the default).
pub(crate) const MODEL: &str = "{{hf:model}}";

/// What the configuration card lists: `(client ID, scopes, provider, redirect URL)`.
///
/// In the browser, the configuration resolved from the page; in a native build (the first
/// paint's renderer, which has no page), the markers above.
#[cfg(target_arch = "wasm32")]
pub(crate) fn shown_config(
    config: &yew_hf_oauth::OAuthConfig,
) -> Option<(String, String, String, String)> {
    yew_hf_oauth::resolve_config(config).ok().map(|r| {
        (
            r.client_id().to_owned(),
            r.scopes().to_owned(),
            r.hub_url().to_owned(),
            r.redirect_uri().to_owned(),
        )
    })
}

/// What the configuration card lists: `(client ID, scopes, provider, redirect URL)`.
///
/// In the browser, the configuration resolved from the page; in a native build (the first
/// paint's renderer, which has no page), the markers above.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn shown_config(
    _config: &yew_hf_oauth::OAuthConfig,
) -> Option<(String, String, String, String)> {
    Some((
        CLIENT_ID.into(),
        SCOPES.into(),
        HUB_URL.into(),
        REDIRECT_URI.into(),
    ))
}
