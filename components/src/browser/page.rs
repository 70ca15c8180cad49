//! Reading the page: `window` globals, the current URL, the clock, the CSPRNG, the address bar.

use crate::auth::config::PageConfig;
use wasm_bindgen::JsValue;

fn global_string(target: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .and_then(|value| value.as_string())
}

/// Configuration the page provides: `window.HF_OAUTH_CLIENT_ID`, `window.HF_OAUTH_SCOPES`,
/// `window.HF_HUB_URL`, and a static Space's `window.huggingface.variables`.
pub fn read_page_config() -> PageConfig {
    let window: JsValue = gloo::utils::window().into();
    let variables = js_sys::Reflect::get(&window, &"huggingface".into())
        .ok()
        .filter(|v| v.is_object())
        .and_then(|hf| js_sys::Reflect::get(&hf, &"variables".into()).ok())
        .filter(|v| v.is_object())
        .unwrap_or(JsValue::UNDEFINED);
    PageConfig {
        hf_oauth_client_id: global_string(&window, "HF_OAUTH_CLIENT_ID"),
        hf_oauth_scopes: global_string(&window, "HF_OAUTH_SCOPES"),
        hf_hub_url: global_string(&window, "HF_HUB_URL"),
        space_client_id: global_string(&variables, "OAUTH_CLIENT_ID"),
        space_scopes: global_string(&variables, "OAUTH_SCOPES"),
    }
}

/// A string-valued `window` global, such as `HF_INFERENCE_MODEL`.
pub fn window_string(name: &str) -> Option<String> {
    global_string(&gloo::utils::window().into(), name).filter(|s| !s.trim().is_empty())
}

/// The current page's URL without query or hash: the default redirect URI.
pub fn current_page_url() -> String {
    let location = gloo::utils::window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// `(pathname, search, hash)` of the current page.
pub fn current_location_parts() -> (String, String, String) {
    let location = gloo::utils::window().location();
    (
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default(),
    )
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Fill `buf` from the browser's CSPRNG (`crypto.getRandomValues`).
///
/// # Panics
/// When the page has no Web Crypto (never in a browser that runs wasm).
pub fn fill_random(buf: &mut [u8]) {
    gloo::utils::window()
        .crypto()
        .and_then(|crypto| crypto.get_random_values_with_u8_array(buf))
        .expect("crypto.getRandomValues is available in every browser that runs wasm");
}

/// Replace the address bar's URL (same origin, no navigation, no history entry).
pub fn replace_address(path_and_query: &str) {
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(path_and_query));
    }
}

/// Send the browser to `url` (the provider's authorize page).
pub fn navigate_to(url: &str) -> Result<(), crate::OAuthError> {
    gloo::utils::window()
        .location()
        .assign(url)
        .map_err(|e| crate::OAuthError::Network(format!("navigation failed: {e:?}")))
}

/// Resolve once the page has painted what was just rendered: after the next animation frame
/// and the task after it. A hidden page paints no frames, so 100 ms is the longest wait.
pub async fn after_paint() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let window = gloo::utils::window();
        let after_frame = {
            let resolve = resolve.clone();
            Closure::once_into_js(move || {
                let next_task = Closure::once_into_js(move || {
                    let _ = resolve.call0(&JsValue::NULL);
                });
                let _ = gloo::utils::window().set_timeout_with_callback(next_task.unchecked_ref());
            })
        };
        let _ = window.request_animation_frame(after_frame.unchecked_ref());
        let fallback = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            fallback.unchecked_ref(),
            AFTER_PAINT_LONGEST_MS,
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The longest [`after_paint`] waits (a hidden page paints no frames).
const AFTER_PAINT_LONGEST_MS: i32 = 100;
