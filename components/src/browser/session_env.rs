//! The session driver's environment in the browser: sessionStorage, localStorage, the address
//! bar, windows, timers, `fetch`, the Web Lock and the tab channel. It performs; the driver
//! decides.

use super::fetch::FetchOAuthTransport;
use super::refresh_lock::{self, Claims};
use super::{broadcast, page, popup, redirect, storage};
use crate::auth::callback::{self, CallbackParams};
use crate::auth::config::ResolvedConfig;
use crate::auth::endpoints::ProviderEndpoints;
use crate::auth::login_url::PendingLogin;
use crate::session::driver::{RefreshOutcome, SessionDriver};
use crate::session::env::{PopupStart, RefreshTurn, SessionEnv, Task, Timer};
use crate::session::tab_message::TabMessage;
use crate::{OAuthConfig, OAuthError, OAuthResult, SessionState};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use web_sys::Window;

/// The browser as a [`SessionEnv`], for one resolved configuration.
pub struct BrowserEnv {
    config: ResolvedConfig,
    /// The driver this env serves, for timers that call back.
    driver: RefCell<Weak<SessionDriver<BrowserEnv>>>,
    /// Where a changed state goes (the provider's Yew state).
    on_state: Box<dyn Fn(SessionState)>,
    /// The pending timers, one per [`Timer`].
    timers: RefCell<Vec<(Timer, Timeout)>>,
    /// The sign-in popup this page opened.
    popup: RefCell<Option<Window>>,
    /// Claims heard during an election (without Web Locks).
    claims: Claims,
    /// This tab's random id for elections.
    tab_id: String,
}

/// A session driver over the browser for `config`; `on_state` receives every new state.
pub fn browser_driver(
    config: &OAuthConfig,
    on_state: impl Fn(SessionState) + 'static,
) -> Result<Rc<SessionDriver<BrowserEnv>>, OAuthError> {
    let env = BrowserEnv {
        config: redirect::resolve_config(config)?,
        driver: RefCell::default(),
        on_state: Box::new(on_state),
        timers: RefCell::default(),
        popup: RefCell::default(),
        claims: Claims::default(),
        tab_id: refresh_lock::tab_id(),
    };
    let driver = Rc::new(SessionDriver::new(env));
    *driver.env().driver.borrow_mut() = Rc::downgrade(&driver);
    Ok(driver)
}

impl BrowserEnv {
    /// Whether `source` (a `message` event's) is the popup this page opened.
    pub fn is_open_popup(&self, source: &wasm_bindgen::JsValue) -> bool {
        self.popup
            .borrow()
            .as_ref()
            .is_some_and(|popup| wasm_bindgen::JsValue::from(popup.clone()) == *source)
    }
}

impl SessionEnv for BrowserEnv {
    type Http = FetchOAuthTransport;

    fn transport(&self) -> &FetchOAuthTransport {
        &FetchOAuthTransport
    }
    fn now_ms(&self) -> u64 {
        page::now_ms()
    }
    fn config(&self) -> &ResolvedConfig {
        &self.config
    }
    async fn endpoints(&self) -> Result<ProviderEndpoints, OAuthError> {
        redirect::provider_endpoints(&self.config).await
    }
    fn fill_random(&self, buf: &mut [u8]) {
        page::fill_random(buf);
    }
    fn take_callback(&self) -> CallbackParams {
        let (path, search, hash) = page::current_location_parts();
        let params = callback::parse_callback_query(&search);
        if params != CallbackParams::None {
            page::replace_address(&format!(
                "{path}{}{hash}",
                callback::strip_callback_params(&search)
            ));
        }
        params
    }
    fn return_to(&self, path: &str) {
        page::replace_address(path);
    }
    fn current_return_path(&self) -> String {
        let (path, search, hash) = page::current_location_parts();
        let search = crate::auth::popup::strip_popup_param(&search);
        callback::return_path_of(&path, &search, &hash)
    }
    fn navigate(&self, url: &str) -> Result<(), OAuthError> {
        page::navigate_to(url)
    }
    fn in_frame(&self) -> bool {
        popup::in_frame()
    }
    fn save_pending(&self, pending: &PendingLogin) -> Result<(), OAuthError> {
        storage::save_pending(pending, page::now_ms())
    }
    fn take_pending(&self, state: &str) -> Option<PendingLogin> {
        storage::take_pending(state)
    }
    fn load_session(&self) -> Option<OAuthResult> {
        storage::load_result_any()
    }
    fn save_session(&self, result: &OAuthResult) -> Result<(), OAuthError> {
        storage::save_result(result)
    }
    fn clear_session(&self) {
        storage::clear_result();
    }
    fn spent_refresh(&self) -> Option<String> {
        storage::spent_refresh()
    }
    fn mark_refresh_spent(&self, marker: &str) {
        storage::mark_refresh_spent(marker);
    }
    fn announce(&self, message: &TabMessage) {
        broadcast::announce(message);
    }
    fn heard_claim(&self, tab: &str) {
        if let Some(heard) = self.claims.borrow_mut().as_mut() {
            heard.push(tab.to_owned());
        }
    }
    async fn with_refresh_lock(&self, turn: RefreshTurn) -> Option<RefreshOutcome> {
        refresh_lock::with_refresh_lock(move || turn).await
    }
    async fn elect(&self) -> bool {
        refresh_lock::elect(&self.tab_id, &self.claims).await
    }
    fn popup_start(&self) -> PopupStart {
        popup::popup_start()
    }
    fn open_popup(&self, attempt: &str) -> bool {
        let opened = popup::open(attempt);
        let ok = opened.is_some();
        *self.popup.borrow_mut() = opened;
        ok
    }
    fn popup_closed(&self) -> bool {
        self.popup
            .borrow()
            .as_ref()
            .is_none_or(|popup| popup.closed().unwrap_or(true))
    }
    fn close_popup(&self) {
        if let Some(popup) = self.popup.borrow_mut().take() {
            let _ = popup.close();
        }
    }
    fn hand_to_opener(&self, message: &str) -> bool {
        popup::hand_to_opener(message)
    }
    fn close_self(&self) {
        popup::close_self();
    }
    fn set_timer(&self, timer: Timer, delay_ms: u64) {
        self.cancel_timer(timer);
        let driver = self.driver.borrow().clone();
        let delay = delay_ms.min(i32::MAX as u64) as u32;
        let timeout = Timeout::new(delay, move || {
            if let Some(driver) = driver.upgrade() {
                driver.on_timer(timer);
            }
        });
        self.timers.borrow_mut().push((timer, timeout));
    }
    fn cancel_timer(&self, timer: Timer) {
        self.timers.borrow_mut().retain(|(kind, _)| *kind != timer);
    }
    async fn after_paint(&self) {
        page::after_paint().await;
    }
    fn spawn(&self, task: Task) {
        wasm_bindgen_futures::spawn_local(task);
    }
    fn publish(&self, state: &SessionState) {
        (self.on_state)(state.clone());
    }
}
