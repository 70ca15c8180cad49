//! Fakes for the driver's native tests: a provider that rotates refresh tokens like Hugging
//! Face, tabs that share localStorage and a tab channel, and a clock that moves when told.

use super::env::SessionEnv;
use crate::auth::callback::CallbackParams;
use crate::auth::endpoints::ProviderEndpoints;
use crate::auth::flow::{HttpResponse, OAuthTransport};
use crate::auth::id_token::test_jwt;
use crate::auth::login_url::PendingLogin;
use crate::auth::userinfo_response::HF_USERINFO;
use crate::browser::broadcast::TabMessage;
use crate::{OAuthError, OAuthResult};
use serde_json::json;
use std::cell::{Cell, RefCell};
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

/// The pending login's nonce, known to the provider from the authorize request.
pub(crate) const NONCE: &str = "nonce-1";

impl OAuthTransport for Rc<Provider> {
    async fn post_form(&self, url: &str, body: String) -> Result<HttpResponse, OAuthError> {
        assert_eq!(url, format!("{HUB}/oauth/token"));
        match form_value(&body, "grant_type").as_deref() {
            Some("authorization_code") => {
                self.code_exchanges.set(self.code_exchanges.get() + 1);
                Ok(self.token_answer(Some(NONCE)))
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

/// What the tabs of one origin share: localStorage's refresh marker and the tab channel.
pub(crate) struct Origin {
    pub now: Rc<Cell<u64>>,
    pub provider: Rc<Provider>,
    pub spent: RefCell<Option<String>>,
    /// Messages sent and not yet delivered: (sender tab, message).
    pub channel: RefCell<Vec<(usize, TabMessage)>>,
}

impl Origin {
    pub(crate) fn new() -> Rc<Self> {
        let now = Rc::new(Cell::new(START_MS));
        Rc::new(Self {
            provider: Provider::new(now.clone()),
            now,
            spent: RefCell::default(),
            channel: RefCell::default(),
        })
    }

    pub(crate) fn advance_ms(&self, ms: u64) {
        self.now.set(self.now.get() + ms);
    }
}

/// One tab of the origin.
pub(crate) struct FakeTab {
    pub index: usize,
    pub origin: Rc<Origin>,
    pub session: Rc<RefCell<Option<OAuthResult>>>,
    pub callback: RefCell<CallbackParams>,
    pub pending: RefCell<Option<PendingLogin>>,
    pub returned_to: RefCell<Option<String>>,
}

impl FakeTab {
    pub(crate) fn new(origin: &Rc<Origin>, index: usize) -> Self {
        Self {
            index,
            origin: origin.clone(),
            session: Rc::default(),
            callback: RefCell::new(CallbackParams::None),
            pending: RefCell::default(),
            returned_to: RefCell::default(),
        }
    }

    /// A tab opened by the provider's redirect, for a sign-in started at `started_ms`.
    pub(crate) fn callback(origin: &Rc<Origin>, index: usize, started_ms: u64) -> Self {
        let tab = Self::new(origin, index);
        *tab.pending.borrow_mut() = Some(PendingLogin {
            state: "state-1".into(),
            nonce: NONCE.into(),
            code_verifier: "verifier-1-dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1g".into(),
            redirect_uri: "http://127.0.0.1:8080/app/".into(),
            return_to: "/app/?tab=chat".into(),
            created_at_ms: started_ms,
            popup: false,
        });
        *tab.callback.borrow_mut() = CallbackParams::Code {
            code: "code-1".into(),
            state: "state-1".into(),
        };
        tab
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
    fn client_id(&self) -> &str {
        CLIENT
    }
    async fn endpoints(&self) -> Result<ProviderEndpoints, OAuthError> {
        Ok(ProviderEndpoints::hugging_face(HUB))
    }
    fn take_callback(&self) -> CallbackParams {
        self.callback.replace(CallbackParams::None)
    }
    fn take_pending(&self) -> Option<PendingLogin> {
        self.pending.take()
    }
    fn return_to(&self, path: &str) {
        *self.returned_to.borrow_mut() = Some(path.to_owned());
    }
    fn load_session(&self) -> Option<OAuthResult> {
        self.session.borrow().clone()
    }
    fn save_session(&self, result: &OAuthResult) -> Result<(), OAuthError> {
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
        self.origin
            .channel
            .borrow_mut()
            .push((self.index, message.clone()));
    }
}

impl FakeTab {
    /// The saved session (what the tab's sessionStorage holds).
    pub(crate) fn load_session_for_test(&self) -> Option<OAuthResult> {
        self.session.borrow().clone()
    }
}
