//! Mounting, querying, waiting, and a scripted `window.fetch`.

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};

// Mounting, flushing and waiting come from the crate's own test kit (feature `testing`), the
// one app authors use.
pub use yew_hf_oauth::testing::{flush, mount, unmount_all, wait_until, Mounted};

/// Sleep for `ms` milliseconds.
pub async fn sleep(ms: u32) {
    TimeoutFuture::new(ms).await;
    flush().await;
}

/// Set a `window` global (`HF_OAUTH_CLIENT_ID`, ...); `None` deletes it.
pub fn set_global(name: &str, value: Option<&str>) {
    let window: JsValue = gloo::utils::window().into();
    match value {
        Some(v) => {
            js_sys::Reflect::set(&window, &name.into(), &v.into()).unwrap();
        }
        None => {
            js_sys::Reflect::delete_property(
                window.unchecked_ref::<js_sys::Object>(),
                &name.into(),
            )
            .unwrap();
        }
    }
}

/// Start every test from a clean page: no globals, empty storage, no query in the address bar,
/// the real fetch.
pub fn reset_page() {
    // A test that failed before dropping its tree left it running.
    unmount_all();
    for name in [
        "HF_OAUTH_CLIENT_ID",
        "HF_OAUTH_SCOPES",
        "HF_HUB_URL",
        "huggingface",
    ] {
        set_global(name, None);
    }
    local_storage().clear().unwrap();
    session_storage().clear().unwrap();
    set_address_query("");
    restore_fetch();
}

/// The page's localStorage.
pub fn local_storage() -> web_sys::Storage {
    gloo::utils::window().local_storage().unwrap().unwrap()
}

/// The page's sessionStorage.
pub fn session_storage() -> web_sys::Storage {
    gloo::utils::window().session_storage().unwrap().unwrap()
}

/// Every key and value of a storage, as one string (to search for leaked tokens).
pub fn dump(storage: &web_sys::Storage) -> String {
    let mut out = String::new();
    for i in 0..storage.length().unwrap() {
        let key = storage.key(i).unwrap().unwrap();
        let value = storage.get_item(&key).unwrap().unwrap_or_default();
        out.push_str(&format!("{key}={value}\n"));
    }
    out
}

/// Asserts that `token` is in none of the places a page must never hold it: the address bar,
/// localStorage and the console (see [`capture_console`]).
pub fn assert_token_not_leaked(token: &str) {
    assert!(!address().contains(token), "token in the address bar");
    assert!(
        !dump(&local_storage()).contains(token),
        "token in localStorage"
    );
    assert!(!console_output().contains(token), "token in the console");
}

/// Put `query` (with its `?`, or empty) into the address bar without navigating.
///
/// Makes no `history.replaceState` call when the address already has that query: WebKit throws
/// a SecurityError on the 101st call within 10 seconds ("Attempt to use
/// history.replaceState() more than 100 times per 10 seconds"), and every test resets the
/// address, in one page that runs all of them within a few seconds.
pub fn set_address_query(query: &str) {
    let location = gloo::utils::window().location();
    if location.search().unwrap() == query {
        return;
    }
    let path = location.pathname().unwrap();
    gloo::utils::window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")))
        .unwrap_or_else(|e| panic!("history.replaceState (WebKit allows 100 per 10 s): {e:?}"));
}

/// The address bar's full URL.
pub fn address() -> String {
    gloo::utils::window().location().href().unwrap()
}

/// Defines `window.__answerByRoutes(url, routes)`: the answer of the first route whose key is
/// in `url` (`{ status, body }`, as JSON), else a throw like a network failure. Shared by
/// [`script_fetch`] and [`answer_held_fetches`].
const ANSWER_BY_ROUTES: &str = r#"
        window.__answerByRoutes = (url, routes) => {
            for (const [part, answer] of Object.entries(routes)) {
                if (url.includes(part)) {
                    return new Response(answer.body, { status: answer.status,
                        headers: { 'Content-Type': 'application/json' } });
                }
            }
            throw new TypeError('Failed to fetch');
        };
"#;

/// Replace `window.fetch` with a script: `routes` maps a URL substring to
/// `{ status, body }` (body a string). Every request is recorded in `window.__fetchLog` as
/// `{ url, method, body, authorization, billTo }`. Unmatched URLs reject like a network failure.
pub fn script_fetch(routes: &serde_json::Value) {
    let install = js_sys::Function::new_with_args(
        "routes",
        &format!(
            "{ANSWER_BY_ROUTES}{}",
            r#"
        if (!window.__realFetch) window.__realFetch = window.fetch;
        window.__fetchLog = [];
        window.fetch = async (input, init) => {
            const request = new Request(input, init);
            const body = await request.clone().text();
            window.__fetchLog.push({ url: request.url, method: request.method, body,
                authorization: request.headers.get('Authorization'),
                billTo: request.headers.get('X-HF-Bill-To') });
            return window.__answerByRoutes(request.url, routes);
        };
        "#
        ),
    );
    let routes = js_sys::JSON::parse(&routes.to_string()).unwrap();
    install.call1(&JsValue::NULL, &routes).unwrap();
}

/// Replace `window.fetch` with one that answers nothing until [`answer_held_fetches`]: every
/// request waits (its URL recorded in `window.__fetchLog` as `{ url }`), like a slow network.
pub fn hold_fetch() {
    js_sys::Function::new_no_args(
        r#"
        if (!window.__realFetch) window.__realFetch = window.fetch;
        window.__fetchLog = [];
        window.__heldFetches = [];
        window.fetch = (input) => new Promise((resolve, reject) => {
            const url = new Request(input).url;
            window.__fetchLog.push({ url });
            window.__heldFetches.push({ url, resolve, reject });
        });
        "#,
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

/// Answer every request [`hold_fetch`] holds, as [`script_fetch`] would with `routes`
/// (unmatched ones fail like a network failure).
pub fn answer_held_fetches(routes: &serde_json::Value) {
    let answer = js_sys::Function::new_with_args(
        "routes",
        &format!(
            "{ANSWER_BY_ROUTES}{}",
            r#"
        for (const { url, resolve, reject } of window.__heldFetches || []) {
            try { resolve(window.__answerByRoutes(url, routes)); } catch (error) { reject(error); }
        }
        window.__heldFetches = [];
        "#
        ),
    );
    let routes = js_sys::JSON::parse(&routes.to_string()).unwrap();
    answer.call1(&JsValue::NULL, &routes).unwrap();
}

/// Put the browser's own fetch back.
pub fn restore_fetch() {
    js_sys::Function::new_no_args(
        "if (window.__realFetch) { window.fetch = window.__realFetch; } window.__fetchLog = [];",
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

/// The requests recorded by [`script_fetch`].
pub fn fetch_log() -> Vec<serde_json::Value> {
    let log = js_sys::Reflect::get(&gloo::utils::window(), &"__fetchLog".into()).unwrap();
    let text = js_sys::JSON::stringify(&log).unwrap().as_string().unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Record everything written to the console from now on (the original output still happens).
pub fn capture_console() {
    js_sys::Function::new_no_args(
        r#"
        window.__console = [];
        if (!window.__realConsole) {
            window.__realConsole = {};
            for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
                window.__realConsole[level] = console[level];
                console[level] = (...args) => {
                    try { window.__console.push(args.map(a => typeof a === 'string' ? a : (a && a.stack) || JSON.stringify(a)).join(' ')); } catch (e) {}
                    window.__realConsole[level].apply(console, args);
                };
            }
        }
        "#,
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

/// Everything written to the console since [`capture_console`].
pub fn console_output() -> String {
    let log = js_sys::Reflect::get(&gloo::utils::window(), &"__console".into()).unwrap();
    if log.is_undefined() {
        return String::new();
    }
    js_sys::JSON::stringify(&log).unwrap().as_string().unwrap()
}

/// Write `text` with the page's `console.error`, as an app logging an error would.
pub fn page_console_error(text: &str) {
    js_sys::Function::new_with_args("text", "console.error(text)")
        .call1(&JsValue::NULL, &text.into())
        .unwrap();
}
