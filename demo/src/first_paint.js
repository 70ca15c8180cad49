// The widget's first paint (demo/src/first_paint.js; `cargo xtask widget` fills in the data,
// rendered natively by `hf-oauth-first-paint` from the demo's own components). It puts the demo
// into <div id="hf-oauth-demo"> at once, in the state the wasm will start in; Yew empties the
// element when it mounts, so the real page takes the same box. A click on the Sign in button
// before then is remembered and handed to the real button once it is enabled.
const __hf_paint = ((data) => {
  const root = document.getElementById("hf-oauth-demo");
  // No element, or the page put its own content there: leave it to the wasm.
  if (!root || root.firstElementChild) return { handover() {} };
  const w = window;
  const text = (v) => (typeof v === "string" ? v.trim() : "");
  const vars = (w.huggingface && w.huggingface.variables) || {};
  const clientId = text(w.HF_OAUTH_CLIENT_ID) || text(vars.OAUTH_CLIENT_ID);
  const query = new URLSearchParams(location.search);
  let saved = false;
  try {
    saved = sessionStorage.getItem(data.session_key) !== null;
  } catch (_) {}
  const callback = query.has("state") && (query.has("code") || query.has("error"));
  const state = !clientId ? "not_configured" : saved || callback ? "loading" : "signed_out";
  // The same values, with the same defaults, as the wasm's `resolve_config` and model.
  const model = w.HF_INFERENCE_MODEL;
  const values = {
    client_id: clientId,
    scopes: (text(w.HF_OAUTH_SCOPES) || text(vars.OAUTH_SCOPES) || data.scopes).split(/\s+/).join(" "),
    hub_url: (text(w.HF_HUB_URL) || data.hub_url).replace(/\/+$/, ""),
    redirect_uri: location.origin + location.pathname,
    model: typeof model === "string" && model.trim() ? model : data.model,
  };
  const escape = (s) => s.replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  let html = data.templates[state];
  for (const name in data.markers) html = html.split(data.markers[name]).join(escape(values[name]));
  root.innerHTML = data.styles + html;

  const placeholder = "[data-hf-first-paint] .hf-oauth-login-button";
  const onPlaceholder = (e) => e.target.closest && e.target.closest(placeholder);
  let clicked = false;
  let focused = false;
  root.addEventListener("click", (e) => {
    const button = onPlaceholder(e);
    if (button && !button.disabled && !clicked) {
      clicked = true;
      button.setAttribute("aria-busy", "true");
    }
  });
  root.addEventListener("focusin", (e) => (focused = !!onPlaceholder(e)));
  root.addEventListener("focusout", (e) => e.target.isConnected && (focused = false));

  return {
    // Called once the wasm has started: answer the remembered click (and give the focus back)
    // as soon as the real button is enabled, that is once the session has loaded. Nothing to
    // answer when the visitor turned out to be signed in.
    handover() {
      if (!clicked && !focused) return;
      const settle = () => {
        if (root.querySelector("[data-hf-first-paint]") || !root.querySelector(".hf-demo")) return false;
        const button = root.querySelector(".hf-oauth-login-button");
        if (button && button.getAttribute("aria-busy") === "true") return false;
        if (button && !button.disabled) {
          if (focused) button.focus();
          if (clicked) button.click();
        }
        return true;
      };
      if (settle()) return;
      const watch = new MutationObserver(() => settle() && watch.disconnect());
      watch.observe(root, { subtree: true, childList: true, attributes: true });
    },
  };
})(__HF_PAINT__);
