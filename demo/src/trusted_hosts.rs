//! The widget's trusted hosts: `window.HF_TRUSTED_HOSTS`, read once when it mounts.
//!
//! The library itself trusts no page global with the visitor's token. The widget is the one app
//! whose whole configuration is page globals, so it reads this one and hands it to the panel's
//! `trusted_hosts`: a page that points `window.HF_INFERENCE_URL` at its own
//! server must also list that server's host here, a second, deliberate statement. It is read
//! once at mount, so a script that runs later cannot widen the list.

use wasm_bindgen::JsValue;
use yew::AttrValue;

/// Name of the page global listing the hosts.
pub const GLOBAL: &str = "HF_TRUSTED_HOSTS";

/// What `window.HF_TRUSTED_HOSTS` lists: host names separated by white space (like
/// `HF_OAUTH_SCOPES`). `None` when it is missing or not a string.
///
/// # Usage
/// ```no_run
/// // In the page, before the widget loads:
/// //   <script>window.HF_TRUSTED_HOSTS = "inference.example.org";</script>
/// let trusted_hosts = hf_oauth_demo::page_trusted_hosts();
/// let props = hf_oauth_demo::DemoPageProps { trusted_hosts, ..Default::default() };
/// # let _ = props;
/// ```
pub fn page_trusted_hosts() -> Option<AttrValue> {
    web_sys::window()
        .and_then(|window| js_sys::Reflect::get(&window, &JsValue::from_str(GLOBAL)).ok())
        .and_then(|value| value.as_string())
        .map(AttrValue::from)
}
