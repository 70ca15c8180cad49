//! The demo's page: the window globals the widget reads, marks the scenario measures with,
//! then the widget.

use crate::{Ports, CLIENT_ID, MODEL, SCOPES};

/// The file name (without extension) of the widget's script in its folder.
pub const WIDGET_NAME: &str = "hf-oauth-demo";

/// The file of [`LISTENER_PAGE`] on the demo's site.
pub const LISTENER_FILE: &str = "e2e-listener.html";

/// Another page of the demo's site that does not run the widget (a blog's other page with a
/// third-party script): it listens on the widget's tab channel, keeps every message it hears
/// (`window.__e2eHeard`, as text), and says `hello` as a new tab of the widget would, at load
/// and on `window.__e2eHello()` (which returns how many messages it had heard before).
pub const LISTENER_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another page of the site (e2e)</title></head>
<body><p>Another page of the same site, without the widget.</p>
<script>
  window.__e2eHeard = [];
  const channel = new BroadcastChannel("hf_oauth");
  channel.onmessage = (e) => {
    let text;
    try { text = typeof e.data === "string" ? e.data : JSON.stringify(e.data); }
    catch (_) { text = String(e.data); }
    window.__e2eHeard.push(text);
  };
  window.__e2eHello = () => {
    const before = window.__e2eHeard.length;
    // As text (as the widget's tabs send it) and as an object.
    channel.postMessage(JSON.stringify({ type: "hello" }));
    channel.postMessage({ type: "hello" });
    return before;
  };
  window.__e2eHello();
</script></body></html>
"#;

/// The demo page: the window globals, then the widget.
pub fn page(p: &Ports) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>yew-hf-oauth e2e</title>
<script>
  // Every console line and uncaught error of the page, as text (what a visitor's devtools or an
  // error-reporting script would see), for the leak checks.
  window.__e2eConsole = [];
  const e2eText = (a) => {{
    if (typeof a === "string") return a;
    if (a instanceof Error) return `${{a.message}} ${{a.stack || ""}}`;
    try {{ return JSON.stringify(a) ?? String(a); }} catch (_) {{ return String(a); }}
  }};
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {{
    const original = console[level];
    console[level] = (...args) => {{
      window.__e2eConsole.push(`${{level}}: ${{args.map(e2eText).join(" ")}}`);
      return original.apply(console, args);
    }};
  }}
  addEventListener("error", (e) => window.__e2eConsole.push(`uncaught: ${{e2eText(e.error ?? e.message)}}`));
  addEventListener("unhandledrejection", (e) => window.__e2eConsole.push(`unhandled: ${{e2eText(e.reason)}}`));
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
