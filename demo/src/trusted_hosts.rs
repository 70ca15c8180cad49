//! The widget's trusted hosts: `window.HF_TRUSTED_HOSTS`, read once when it mounts.
//!
//! The library itself trusts no page global with the visitor's token. The widget is the one app
//! whose whole configuration is page globals, so it reads this one and hands it to
//! `OAuthConfig::with_trusted_hosts`: a page that points `window.HF_INFERENCE_URL` at its own
//! server must also list that server's host here, a second, deliberate statement. It is read
//! once at mount, so a script that runs later cannot widen the list.

use wasm_bindgen::JsValue;

/// Name of the page global listing the hosts.
pub const GLOBAL: &str = "HF_TRUSTED_HOSTS";

/// The hosts `window.HF_TRUSTED_HOSTS` lists: a string of host names separated by commas or
/// spaces, or an array of such strings. Empty when it is missing or of another type.
///
/// # Usage
/// ```no_run
/// // In the page, before the widget loads:
/// //   <script>window.HF_TRUSTED_HOSTS = "inference.example.org";</script>
/// let hosts = hf_oauth_demo::page_trusted_hosts();
/// let config = yew_hf_oauth::OAuthConfig::default().with_trusted_hosts(hosts);
/// # let _ = config;
/// ```
pub fn page_trusted_hosts() -> Vec<String> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let value = js_sys::Reflect::get(&window, &JsValue::from_str(GLOBAL)).unwrap_or_default();
    let text = if let Some(text) = value.as_string() {
        text
    } else if js_sys::Array::is_array(&value) {
        js_sys::Array::from(&value)
            .iter()
            .filter_map(|item| item.as_string())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        String::new()
    };
    parse_hosts(&text)
}

/// Host names in `text`, separated by commas or white space.
fn parse_hosts(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|host| !host.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::parse_hosts;

    #[test]
    fn hosts_are_separated_by_commas_or_spaces() {
        assert_eq!(
            parse_hosts(" a.example, b.example\tc.example,,"),
            ["a.example", "b.example", "c.example"]
        );
        assert!(parse_hosts("  ,, ").is_empty());
    }
}
