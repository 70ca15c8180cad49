//! Mounting, querying, waiting, and a scripted `window.fetch`.

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};

// Mounting, flushing and waiting come from the crate's own test kit (feature `testing`), the
// one app authors use.
pub use yew_hf_oauth::testing::{flush, mount, unmount_all, wait_until, Mounted};
use yew_hf_oauth::{generate_oauth_login_url, OAuthConfig, OAuthError};

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
    report_uncaught_errors();
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
    allow_storage();
    local_storage().clear().unwrap();
    session_storage().clear().unwrap();
    set_address_query("");
    restore_fetch();
    restore_clock();
    assert_no_fetch_left_loopback();
}

/// [`reset_page`], after letting Yew finish what the previous test left scheduled: a tree
/// dropped at the end of a test is destroyed by the scheduler later, and a panel destroyed
/// mid-answer stops its request and keeps the partial turn in this tab's conversation
/// (sessionStorage). Done before the page is reset, that write cannot reach the next test.
pub async fn fresh_page() {
    flush().await;
    reset_page();
}

/// Installs (once) listeners that print every uncaught exception and unhandled rejection
/// with its stack. The harness shows a test's console only when it fails, and a JavaScript
/// exception that crossed the WebAssembly frames of a render leaves that component's state
/// borrowed: the failure shows up later, elsewhere ("RefCell already borrowed"), and this line
/// is what names its cause.
fn report_uncaught_errors() {
    js_sys::Function::new_no_args(
        r#"
        if (window.__reportingUncaught) return;
        window.__reportingUncaught = true;
        // WebKit's `stack` leaves out the message: both are printed.
        const show = (kind, error) => console.error(error instanceof Error
            ? `uncaught ${kind}: ${error.name}: ${error.message}\n${error.stack}`
            : `uncaught ${kind}: ${error}`);
        window.addEventListener('error', (e) => show('error', e.error || e.message));
        window.addEventListener('unhandledrejection', (e) => show('rejection', e.reason));
        "#,
    )
    .call0(&JsValue::NULL)
    .expect("the listeners install");
}

/// Installs (once) the guard every unscripted `fetch` of the suite goes through: a request to
/// a loopback address (`127.0.0.1`, `localhost`, `[::1]`) goes to the browser's fetch; any
/// other is never sent: it fails like a network error, and its URL is recorded in
/// `window.__leftLoopback` for [`assert_no_fetch_left_loopback`]. No browser test may reach
/// huggingface.co (or any other host): a test that needs an answer scripts it.
fn install_fetch_guard() {
    js_sys::Function::new_no_args(
        r#"
        if (window.__guardedFetch) return;
        const real = window.fetch.bind(window);
        window.__leftLoopback = [];
        window.__guardedFetch = (input, init) => {
            let url;
            try { url = new URL(new Request(input, init).url); } catch (e) { return real(input, init); }
            const host = url.hostname;
            if (['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) return real(input, init);
            window.__leftLoopback.push(`${new Request(input, init).method} ${url.href}`);
            return Promise.reject(new TypeError(`the test guard refused ${url.origin}: a browser test never leaves loopback`));
        };
        "#,
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

/// Fails when a request left loopback since the last check (see [`install_fetch_guard`]),
/// naming it; the record is emptied, so one offence fails once. [`reset_page`] checks, so an
/// offending test is caught at its own end (when it resets) or where the next test starts.
pub fn assert_no_fetch_left_loopback() {
    let left = js_sys::Function::new_no_args(
        "const left = window.__leftLoopback || []; window.__leftLoopback = []; return JSON.stringify(left);",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .as_string()
    .unwrap();
    assert_eq!(
        left, "[]",
        "a fetch left loopback (a browser test must script its routes)"
    );
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
    install_fetch_guard();
    let install = js_sys::Function::new_with_args(
        "routes",
        &format!(
            "{ANSWER_BY_ROUTES}{}",
            r#"
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
    install_fetch_guard();
    js_sys::Function::new_no_args(
        r#"
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

/// Put the browser's own fetch back, behind the guard that keeps it on loopback
/// ([`install_fetch_guard`]).
pub fn restore_fetch() {
    install_fetch_guard();
    js_sys::Function::new_no_args("window.fetch = window.__guardedFetch; window.__fetchLog = [];")
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

/// `Date.now()` stands still at `ms` until dropped (then the real clock is back): the library
/// reads the time from it, so a test can say "this session has 400 ms left" without racing a
/// slow machine to it.
pub struct FrozenClock;

impl FrozenClock {
    pub fn at(ms: u64) -> Self {
        js_sys::Function::new_with_args(
            "ms",
            "if (!window.__realDateNow) window.__realDateNow = Date.now; Date.now = () => ms;",
        )
        .call1(&JsValue::NULL, &(ms as f64).into())
        .unwrap();
        Self
    }
}

impl Drop for FrozenClock {
    fn drop(&mut self) {
        restore_clock();
    }
}

/// The real `Date.now()` again (after a [`FrozenClock`] a failed test never dropped).
fn restore_clock() {
    js_sys::Function::new_no_args("if (window.__realDateNow) Date.now = window.__realDateNow;")
        .call0(&JsValue::NULL)
        .unwrap();
}

/// Make the browser refuse site data as Chromium does with "Block cookies and site data" (and
/// Safari's private windows): reading `window.localStorage` or `window.sessionStorage` throws
/// a `SecurityError`. Undone by [`allow_storage`] (and [`reset_page`]).
///
/// The browser's getter is deleted before the throwing one is defined: WebKit's optimizing JIT
/// (JavaScriptCore's DFG, WebKitGTK 2.50) keeps calling the replaced native getter from a hot
/// `window.localStorage` read (wasm-bindgen's one glue function for every read of the library)
/// once the window object has had many globals added and deleted, as the suite does: the
/// library then saw storage and sent the test page to Hugging Face. Whether the engine sees
/// the block is checked where it is used ([`assert_storage_blocked_for_the_library`]).
pub fn block_storage() {
    js_sys::Function::new_no_args(
        r#"
        if (window.__storageBlocked) return;
        window.__storageGetters = {};
        for (const name of ['localStorage', 'sessionStorage']) {
            window.__storageGetters[name] = Object.getOwnPropertyDescriptor(window, name);
            delete window[name];
            Object.defineProperty(window, name, {
                get() { throw new DOMException(`Access is denied for this document (${name}).`, 'SecurityError'); },
                configurable: true,
            });
        }
        window.__storageBlocked = true;
        "#,
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

/// Fails unless the library itself finds localStorage blocked: `generate_oauth_login_url`
/// reads it as a sign-in does before it sends the page to Hugging Face, and only returns the
/// URL. A block the engine does not apply (see [`block_storage`]) fails here, not by a click
/// that sends the test page away and ends the whole run unreported.
pub async fn assert_storage_blocked_for_the_library() {
    let config = OAuthConfig::default().with_client_id("storage-probe");
    let outcome = generate_oauth_login_url(&config).await;
    assert!(
        matches!(outcome, Err(OAuthError::StorageBlocked)),
        "the library does not see the blocked storage: {outcome:?}"
    );
}

/// Make every storage write throw `QuotaExceededError` (a full storage; Safari's private
/// windows used to). Undone by [`allow_storage`] (and [`reset_page`]).
pub fn refuse_storage_writes() {
    js_sys::Function::new_no_args(
        r#"
        if (!window.__realSetItem) window.__realSetItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function () {
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
        "#,
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

/// Storage as the browser gives it: undoes [`block_storage`] and [`refuse_storage_writes`].
pub fn allow_storage() {
    js_sys::Function::new_no_args(
        r#"
        if (window.__storageBlocked) {
            // The browser's own getter is the window's own property (the window is WebIDL's
            // [Global]) or, in an engine that differs, one on its prototype chain.
            for (const name of ['localStorage', 'sessionStorage']) {
                const own = window.__storageGetters[name];
                if (own) Object.defineProperty(window, name, own); else delete window[name];
            }
            window.__storageBlocked = false;
        }
        if (window.__realSetItem) Storage.prototype.setItem = window.__realSetItem;
        "#,
    )
    .call0(&JsValue::NULL)
    .unwrap();
}
