//! Fakes for the driver's native tests: a provider that rotates refresh tokens like Hugging
//! Face, tabs that share localStorage and a tab channel, and a clock that moves when told.

use super::driver::RefreshOutcome;
use super::env::{PopupStart, RefreshTurn, SessionEnv, Task, Timer};
use crate::auth::callback::CallbackParams;
use crate::auth::config::{AuthorizeOptions, ResolvedConfig};
use crate::auth::endpoints::ProviderEndpoints;
use crate::auth::flow::{HttpResponse, OAuthTransport};
use crate::auth::id_token::test_jwt;
use crate::auth::login_url::PendingLogin;
use crate::auth::userinfo_response::HF_USERINFO;
use crate::session::tab_message::TabMessage;
use crate::{OAuthError, OAuthResult, SessionState};
use serde_json::json;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

pub(crate) const HUB: &str = "https://huggingface.co";
pub(crate) const CLIENT: &str = "client-123";
pub(crate) const START_MS: u64 = 1_700_000_000_000;
/// Access tokens of the fake provider live this long.
pub(crate) const LIFETIME_SECS: u64 = 75;
pub(crate) const SUB: &str = "6123456789abcdef01234567";

/// The provider: one account, rotating refresh tokens, request counters.
#[derive(Default)]
pub(crate) struct Provider {
    pub now: Rc<Cell<u64>>,
    /// The one refresh token it accepts; spent on use.
    pub valid_refresh: RefCell<Option<String>>,
    pub generation: Cell<u32>,
    pub code_exchanges: Cell<u32>,
    pub refreshes: Cell<u32>,
    pub refused: Cell<u32>,
    pub userinfo_requests: Cell<u32>,
    /// What userinfo answers (status, body).
    pub userinfo: RefCell<(u16, String)>,
    /// Run once while the next refresh request is "in flight".
    pub during_refresh: RefCell<Option<Box<dyn FnOnce()>>>,
    /// Codes granted at the authorize step, with the nonce of their request (used once).
    pub codes: RefCell<HashMap<String, String>>,
    pub granted: Cell<u32>,
}

impl Provider {
    pub(crate) fn new(now: Rc<Cell<u64>>) -> Rc<Self> {
        Rc::new(Self {
            now,
            userinfo: RefCell::new((200, HF_USERINFO.to_owned())),
            ..Self::default()
        })
    }

    /// A fresh token answer, shaped like Hugging Face's; the new refresh token replaces the old.
    fn token_answer(&self, nonce: Option<&str>) -> HttpResponse {
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        let refresh = format!("hf_oauth_refresh_{generation}");
        *self.valid_refresh.borrow_mut() = Some(refresh.clone());
        let now_secs = self.now.get() / 1000;
        let mut body = json!({
            "access_token": format!("hf_oauth_access_{generation}"),
            "token_type": "bearer",
            "expires_in": LIFETIME_SECS,
            "scope": "openid profile inference-api",
            "refresh_token": refresh,
        });
        let mut claims = json!({
            "iss": HUB, "aud": CLIENT, "iat": now_secs, "exp": now_secs + 3600,
            "auth_time": now_secs, "sub": SUB, "name": "Jane Doe",
            "preferred_username": "janedoe",
            "picture": "https://cdn-avatars.huggingface.co/v1/production/uploads/x.png",
            "profile": "https://huggingface.co/janedoe", "website": "https://jane.example",
        });
        if let Some(nonce) = nonce {
            claims["nonce"] = json!(nonce);
        }
        body["id_token"] = json!(test_jwt(&claims));
        HttpResponse::new(200, body.to_string())
    }
}

fn form_value(body: &str, key: &str) -> Option<String> {
    form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

impl Provider {
    /// The visitor approves the sign-in at `authorize_url`: the provider grants a code for its
    /// nonce and sends back the callback parameters, echoing the state.
    pub(crate) fn approve(&self, authorize_url: &str) -> CallbackParams {
        let query = authorize_url
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default();
        let state = form_value(query, "state").unwrap_or_default();
        let nonce = form_value(query, "nonce").unwrap_or_default();
        self.granted.set(self.granted.get() + 1);
        let code = format!("code-{}", self.granted.get() + 100);
        self.codes.borrow_mut().insert(code.clone(), nonce);
        CallbackParams::Code { code, state }
    }
}

/// The pending login's nonce, known to the provider from the authorize request.
pub(crate) const NONCE: &str = "nonce-1";

impl OAuthTransport for Rc<Provider> {
    async fn post_form(&self, url: &str, body: String) -> Result<HttpResponse, OAuthError> {
        assert_eq!(url, format!("{HUB}/oauth/token"));
        match form_value(&body, "grant_type").as_deref() {
            Some("authorization_code") => {
                self.code_exchanges.set(self.code_exchanges.get() + 1);
                let code = form_value(&body, "code").unwrap_or_default();
                match self.codes.borrow_mut().remove(&code) {
                    Some(nonce) => Ok(self.token_answer(Some(&nonce))),
                    None if code == "code-1" => Ok(self.token_answer(Some(NONCE))),
                    None => Ok(HttpResponse::new(400, r#"{"error":"invalid_grant"}"#)),
                }
            }
            Some("refresh_token") => {
                self.refreshes.set(self.refreshes.get() + 1);
                if let Some(during) = self.during_refresh.borrow_mut().take() {
                    during();
                }
                let offered = form_value(&body, "refresh_token");
                let valid = self.valid_refresh.borrow_mut().take();
                if offered.is_some() && offered == valid {
                    Ok(self.token_answer(None))
                } else {
                    *self.valid_refresh.borrow_mut() = valid;
                    self.refused.set(self.refused.get() + 1);
                    Ok(HttpResponse::new(400, r#"{"error":"invalid_grant"}"#))
                }
            }
            other => panic!("unexpected grant {other:?}"),
        }
    }

    async fn get(&self, url: &str, bearer: Option<&str>) -> Result<HttpResponse, OAuthError> {
        assert_eq!(url, format!("{HUB}/oauth/userinfo"));
        assert!(bearer.is_some_and(|b| b.starts_with("hf_oauth_access_")));
        self.userinfo_requests.set(self.userinfo_requests.get() + 1);
        let (status, body) = self.userinfo.borrow().clone();
        Ok(HttpResponse::new(status, body))
    }
}

/// What the tabs of one origin share: localStorage (pending sign-ins, the refresh marker),
/// the tab channel and the clock.
pub(crate) struct Origin {
    pub now: Rc<Cell<u64>>,
    pub provider: Rc<Provider>,
    pub spent: RefCell<Option<String>>,
    /// localStorage's pending sign-ins, by state.
    pub pending: RefCell<HashMap<String, PendingLogin>>,
    /// Messages sent and not yet delivered: (sender tab, message).
    pub channel: RefCell<Vec<(usize, TabMessage)>>,
    /// Every message ever sent, as its wire text (for leak checks).
    pub wire: RefCell<Vec<String>>,
    /// Whether the browser refuses storage to the origin (blocked site data).
    pub storage_refused: Cell<bool>,
    /// Random bytes handed out so far (each draw differs).
    pub draws: Cell<u8>,
}

impl Origin {
    pub(crate) fn new() -> Rc<Self> {
        let now = Rc::new(Cell::new(START_MS));
        Rc::new(Self {
            provider: Provider::new(now.clone()),
            now,
            spent: RefCell::default(),
            pending: RefCell::default(),
            channel: RefCell::default(),
            wire: RefCell::default(),
            storage_refused: Cell::new(false),
            draws: Cell::new(0),
        })
    }

    pub(crate) fn advance_ms(&self, ms: u64) {
        self.now.set(self.now.get() + ms);
    }
}

/// The popup side of a fake tab: what the page is, and what its popup does.
#[derive(Default)]
pub(crate) struct FakeWindows {
    /// What this page learns about being a popup.
    pub start: RefCell<Option<PopupStart>>,
    /// `window.open` works (no blocker).
    pub can_open: Cell<bool>,
    /// The attempts of the popups this page opened.
    pub opened: RefCell<Vec<String>>,
    /// The popup this page opened is still open.
    pub popup_open: Cell<bool>,
    /// The opener can be reached (popup page).
    pub opener_reachable: Cell<bool>,
    /// What this popup posted to its opener.
    pub handed: RefCell<Vec<String>>,
    /// This popup closed itself.
    pub closed_self: Cell<bool>,
    /// The page is inside a frame.
    pub in_frame: Cell<bool>,
}

/// One tab of the origin.
pub(crate) struct FakeTab {
    pub index: usize,
    pub origin: Rc<Origin>,
    pub config: ResolvedConfig,
    pub session: Rc<RefCell<Option<OAuthResult>>>,
    pub callback: RefCell<CallbackParams>,
    pub returned_to: RefCell<Option<String>>,
    pub navigated: RefCell<Vec<String>>,
    pub windows: FakeWindows,
    /// Pending timers: when each fires.
    pub timers: RefCell<HashMap<Timer, u64>>,
    /// Spawned tasks not yet run.
    pub tasks: RefCell<Vec<Task>>,
    /// Every state published, with the number of userinfo requests made by then.
    pub published: RefCell<Vec<(SessionState, u32)>>,
    /// Without Web Locks: claims heard while electing; whether this tab wins.
    pub no_web_locks: Cell<bool>,
    pub claims: RefCell<Vec<String>>,
}

impl FakeTab {
    pub(crate) fn new(origin: &Rc<Origin>, index: usize) -> Self {
        Self {
            index,
            origin: origin.clone(),
            config: ResolvedConfig {
                client_id: CLIENT.into(),
                scopes: "openid profile inference-api".into(),
                hub_url: HUB.into(),
                redirect_uri: "http://127.0.0.1:8080/app/".into(),
                authorize: AuthorizeOptions::default(),
            },
            session: Rc::default(),
            callback: RefCell::new(CallbackParams::None),
            returned_to: RefCell::default(),
            navigated: RefCell::default(),
            windows: FakeWindows {
                can_open: Cell::new(true),
                opener_reachable: Cell::new(true),
                ..FakeWindows::default()
            },
            timers: RefCell::default(),
            tasks: RefCell::default(),
            published: RefCell::default(),
            no_web_locks: Cell::new(false),
            claims: RefCell::default(),
        }
    }

    /// A tab opened by the provider's redirect, for a sign-in started at `started_ms`.
    pub(crate) fn callback(origin: &Rc<Origin>, index: usize, started_ms: u64) -> Self {
        let tab = Self::new(origin, index);
        origin.pending.borrow_mut().insert(
            "state-1".into(),
            PendingLogin {
                state: "state-1".into(),
                nonce: NONCE.into(),
                code_verifier: "verifier-1-dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1g".into(),
                redirect_uri: "http://127.0.0.1:8080/app/".into(),
                return_to: "/app/?tab=chat".into(),
                created_at_ms: started_ms,
                popup_attempt: None,
            },
        );
        *tab.callback.borrow_mut() = CallbackParams::Code {
            code: "code-1".into(),
            state: "state-1".into(),
        };
        tab
    }

    /// The saved session (what the tab's sessionStorage holds).
    pub(crate) fn load_session_for_test(&self) -> Option<OAuthResult> {
        self.session.borrow().clone()
    }
}

impl SessionEnv for FakeTab {
    type Http = Rc<Provider>;

    fn transport(&self) -> &Rc<Provider> {
        &self.origin.provider
    }
    fn now_ms(&self) -> u64 {
        self.origin.now.get()
    }
    fn config(&self) -> &ResolvedConfig {
        &self.config
    }
    async fn endpoints(&self) -> Result<ProviderEndpoints, OAuthError> {
        Ok(ProviderEndpoints::hugging_face(HUB))
    }
    fn fill_random(&self, buf: &mut [u8]) {
        let draw = self.origin.draws.get().wrapping_add(1);
        self.origin.draws.set(draw);
        buf.fill(draw);
    }
    fn take_callback(&self) -> CallbackParams {
        self.callback.replace(CallbackParams::None)
    }
    fn return_to(&self, path: &str) {
        *self.returned_to.borrow_mut() = Some(path.to_owned());
    }
    fn current_return_path(&self) -> String {
        "/app/".into()
    }
    fn navigate(&self, url: &str) -> Result<(), OAuthError> {
        self.navigated.borrow_mut().push(url.to_owned());
        Ok(())
    }
    fn in_frame(&self) -> bool {
        self.windows.in_frame.get()
    }
    fn save_pending(&self, pending: &PendingLogin) -> Result<(), OAuthError> {
        if self.origin.storage_refused.get() {
            return Err(OAuthError::StorageBlocked);
        }
        self.origin
            .pending
            .borrow_mut()
            .insert(pending.state.clone(), pending.clone());
        Ok(())
    }
    fn take_pending(&self, state: &str) -> Option<PendingLogin> {
        self.origin.pending.borrow_mut().remove(state)
    }
    fn load_session(&self) -> Option<OAuthResult> {
        self.session.borrow().clone()
    }
    fn save_session(&self, result: &OAuthResult) -> Result<(), OAuthError> {
        if self.origin.storage_refused.get() {
            return Err(OAuthError::StorageBlocked);
        }
        *self.session.borrow_mut() = Some(result.clone());
        Ok(())
    }
    fn clear_session(&self) {
        *self.session.borrow_mut() = None;
    }
    fn spent_refresh(&self) -> Option<String> {
        self.origin.spent.borrow().clone()
    }
    fn mark_refresh_spent(&self, marker: &str) {
        *self.origin.spent.borrow_mut() = Some(marker.to_owned());
    }
    fn announce(&self, message: &TabMessage) {
        self.origin.wire.borrow_mut().push(message.to_json());
        // What the other tabs receive is what the channel carries.
        let received = TabMessage::from_json(&message.to_json()).expect("a readable message");
        self.origin
            .channel
            .borrow_mut()
            .push((self.index, received));
    }
    fn heard_claim(&self, tab: &str) {
        self.claims.borrow_mut().push(tab.to_owned());
    }
    async fn with_refresh_lock(&self, turn: RefreshTurn) -> Option<RefreshOutcome> {
        if self.no_web_locks.get() {
            None
        } else {
            Some(turn.await)
        }
    }
    async fn elect(&self) -> bool {
        super::refresh::elected(&format!("tab-{}", self.index), &self.claims.borrow())
    }
    fn popup_start(&self) -> PopupStart {
        self.windows
            .start
            .borrow()
            .clone()
            .unwrap_or(PopupStart::No)
    }
    fn open_popup(&self, attempt: &str) -> bool {
        if !self.windows.can_open.get() {
            return false;
        }
        self.windows.opened.borrow_mut().push(attempt.to_owned());
        self.windows.popup_open.set(true);
        true
    }
    fn popup_closed(&self) -> bool {
        !self.windows.popup_open.get()
    }
    fn close_popup(&self) {
        self.windows.popup_open.set(false);
    }
    fn hand_to_opener(&self, message: &str) -> bool {
        if !self.windows.opener_reachable.get() {
            return false;
        }
        self.windows.handed.borrow_mut().push(message.to_owned());
        true
    }
    fn close_self(&self) {
        self.windows.closed_self.set(true);
    }
    fn set_timer(&self, timer: Timer, delay_ms: u64) {
        self.timers
            .borrow_mut()
            .insert(timer, self.now_ms().saturating_add(delay_ms));
    }
    fn cancel_timer(&self, timer: Timer) {
        self.timers.borrow_mut().remove(&timer);
    }
    async fn after_paint(&self) {}
    fn spawn(&self, task: Task) {
        self.tasks.borrow_mut().push(task);
    }
    fn publish(&self, state: &SessionState) {
        let requests = self.origin.provider.userinfo_requests.get();
        self.published.borrow_mut().push((state.clone(), requests));
    }
}
