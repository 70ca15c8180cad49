//! The demo's page: the window globals the widget reads, marks the scenario measures with,
//! then the widget.

use crate::{Ports, CLIENT_ID, MODEL, SCOPES};

/// The file name (without extension) of the widget's script in its folder.
pub const WIDGET_NAME: &str = "hf-oauth-demo";

/// The demo page: the window globals, then the widget.
pub fn page(p: &Ports) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>yew-hf-oauth e2e</title>
<script>
  window.HF_OAUTH_CLIENT_ID = "{CLIENT_ID}";
  window.HF_HUB_URL = "{hub}";
  window.HF_INFERENCE_URL = "{gate}";
  window.HF_INFERENCE_MODEL = "{MODEL}";
  window.HF_OAUTH_SCOPES = "{SCOPES}";
  // For the test, relative to this page's navigation: when the signed-in name first appears
  // (`__e2eSignedInAt`) and when the full profile does, the PRO mark and the organizations from
  // userinfo (`__e2eProfileAt`). And the wall-clock time (ms) at which the expired state last
  // appeared (`__e2eExpiredAt`, null while it is not shown).
  window.__e2eExpiredAt = null;
  // And the page's visibility over time (wall-clock ms, state), to see which tabs were hidden.
  window.__e2eVisibility = [[Date.now(), document.visibilityState]];
  document.addEventListener("visibilitychange", () =>
    window.__e2eVisibility.push([Date.now(), document.visibilityState]));
  new MutationObserver(() => {{
    const badge = document.querySelector(".hf-oauth-badge");
    if (window.__e2eSignedInAt === undefined && badge?.querySelector(".hf-oauth-display-name")) {{
      window.__e2eSignedInAt = performance.now();
    }}
    if (window.__e2eProfileAt === undefined && badge?.querySelector(".hf-oauth-pro")
        && badge.querySelector(".hf-oauth-orgs")) {{
      window.__e2eProfileAt = performance.now();
    }}
    const expired = !!badge?.querySelector(".hf-oauth-expired");
    if (expired && window.__e2eExpiredAt === null) window.__e2eExpiredAt = Date.now();
    if (!expired) window.__e2eExpiredAt = null;
  }}).observe(document, {{ subtree: true, childList: true, characterData: true }});
</script>
<script type="module" src="./{name}.js"></script>
</head>
<body><div id="hf-oauth-demo"></div></body>
</html>
"#,
        hub = p.provider_url(""),
        gate = p.gate_url(""),
        name = WIDGET_NAME,
    )
}
