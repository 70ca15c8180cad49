//! Sample visitors, sessions and session states that the stories inject. Nothing here touches
//! the network or storage.

use std::rc::Rc;
use yew_hf_oauth::{OAuthError, OAuthResult, OrgInfo, SessionState, UserInfo};

/// Eight hours, Hugging Face's default token lifetime.
pub const HOURS_8: u64 = 8 * 3600 * 1000;

/// Milliseconds since the epoch: `Date.now()`, the clock the components read, so a session made
/// to last `n` ms shows exactly `n` ms left (and a page that stops the clock, as the visual
/// regression step does, stops both).
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// An organization membership.
pub fn org(name: &str, role: &str) -> OrgInfo {
    let handle = name.to_lowercase().replace(' ', "-");
    OrgInfo::new(format!("org-{handle}"))
        .with_name(name)
        .with_preferred_username(handle)
        .with_role_in_org(role)
}

/// A visitor's profile.
pub fn user(name: &str, username: &str, pro: bool, orgs: Vec<OrgInfo>) -> UserInfo {
    orgs.into_iter().fold(
        UserInfo::new(format!("sub-{username}"))
            .with_name(name)
            .with_preferred_username(username)
            .with_pro(pro),
        UserInfo::with_org,
    )
}

/// Jane, a visitor with no extras.
pub fn jane() -> UserInfo {
    user("Jane Doe", "janedoe", false, vec![])
}

/// A session for `user` that expires `in_ms` from now (0: already expired).
pub fn session(user: UserInfo, in_ms: u64) -> Rc<OAuthResult> {
    Rc::new(OAuthResult::new(
        "hf_oauth_story_token",
        now_ms() + in_ms,
        user,
        "openid profile inference-api",
    ))
}

/// Signed in as `user` for eight hours.
pub fn signed_in(user: UserInfo) -> SessionState {
    SessionState::SignedIn(session(user, HOURS_8))
}

/// A named session state: the values of the "state" control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateChoice {
    /// `SignedOut`.
    SignedOut,
    /// `Loading`.
    Loading,
    /// `Redirecting`.
    Redirecting,
    /// `NotConfigured`.
    NotConfigured,
    /// `SignedIn`, Jane.
    SignedIn,
    /// `SignedIn`, a PRO user with organizations.
    SignedInPro,
    /// `SignedIn`, one minute left.
    Expiring,
    /// `SignedIn` with `openid profile` only (no `inference-api`).
    SignedInWithoutInference,
    /// `Expired`.
    Expired,
    /// `Error(Provider { access_denied })`.
    AccessDenied,
    /// `Error(Provider { invalid_scope })`.
    InvalidScope,
    /// `Error(StateMismatch)`.
    StateMismatch,
    /// `Error(MissingVerifier)`.
    MissingVerifier,
    /// `Error(TokenExchange { 400 })`.
    TokenExchange,
    /// `Error(ProfileFetch { 401 })`.
    ProfileFetch,
    /// `Error(Network)`.
    Network,
    /// `Error(InvalidIdToken)`.
    InvalidIdToken,
    /// `Error(MalformedResponse)`.
    Malformed,
    /// `AwaitingPopup` (signing in through a popup, inside a frame).
    AwaitingPopup,
    /// `Error(PopupBlocked)`.
    PopupBlocked,
    /// `Error(ForeignCallback)`.
    ForeignCallback,
    /// `Error(StorageBlocked)`.
    StorageBlocked,
    /// `Error(InsecureHub)`.
    InsecureHub,
}

impl StateChoice {
    /// Every choice, in the control's order.
    pub const ALL: [StateChoice; 23] = [
        Self::SignedOut,
        Self::Loading,
        Self::Redirecting,
        Self::NotConfigured,
        Self::SignedIn,
        Self::SignedInPro,
        Self::Expiring,
        Self::SignedInWithoutInference,
        Self::Expired,
        Self::AccessDenied,
        Self::InvalidScope,
        Self::StateMismatch,
        Self::MissingVerifier,
        Self::TokenExchange,
        Self::ProfileFetch,
        Self::Network,
        Self::InvalidIdToken,
        Self::Malformed,
        Self::AwaitingPopup,
        Self::PopupBlocked,
        Self::ForeignCallback,
        Self::StorageBlocked,
        Self::InsecureHub,
    ];

    /// The control's option text.
    pub fn label(self) -> &'static str {
        match self {
            Self::SignedOut => "SignedOut",
            Self::Loading => "Loading",
            Self::Redirecting => "Redirecting",
            Self::NotConfigured => "NotConfigured",
            Self::SignedIn => "SignedIn",
            Self::SignedInPro => "SignedIn (PRO, orgs)",
            Self::Expiring => "SignedIn (1 minute left)",
            Self::SignedInWithoutInference => "SignedIn (openid profile only)",
            Self::Expired => "Expired",
            Self::AccessDenied => "Error: access_denied",
            Self::InvalidScope => "Error: invalid_scope",
            Self::StateMismatch => "Error: state mismatch",
            Self::MissingVerifier => "Error: missing verifier",
            Self::TokenExchange => "Error: token exchange 400",
            Self::ProfileFetch => "Error: userinfo 401",
            Self::Network => "Error: network",
            Self::InvalidIdToken => "Error: invalid id_token",
            Self::Malformed => "Error: malformed response",
            Self::AwaitingPopup => "AwaitingPopup",
            Self::PopupBlocked => "Error: popup blocked",
            Self::ForeignCallback => "Error: foreign callback",
            Self::StorageBlocked => "Error: storage blocked",
            Self::InsecureHub => "Error: insecure hub",
        }
    }

    /// The injected state.
    pub fn state(self) -> SessionState {
        match self {
            Self::SignedOut => SessionState::SignedOut,
            Self::Loading => SessionState::Loading,
            Self::Redirecting => SessionState::Redirecting,
            Self::AwaitingPopup => SessionState::AwaitingPopup,
            Self::PopupBlocked => SessionState::Error(OAuthError::PopupBlocked {
                page_url: "https://owner-name.hf.space/".into(),
            }),
            Self::NotConfigured => SessionState::NotConfigured,
            Self::SignedIn => signed_in(jane()),
            Self::SignedInPro => signed_in(user(
                "Ada Lovelace",
                "ada",
                true,
                vec![org("Acme", "admin"), org("Analytical Engines", "write")],
            )),
            Self::Expiring => SessionState::SignedIn(session(jane(), 60_000)),
            Self::SignedInWithoutInference => SessionState::SignedIn(Rc::new(OAuthResult::new(
                "hf_oauth_story_token",
                now_ms() + HOURS_8,
                jane(),
                "openid profile",
            ))),
            Self::Expired => SessionState::Expired(session(jane(), 0)),
            Self::AccessDenied => SessionState::Error(OAuthError::Provider {
                error: "access_denied".into(),
                description: Some("The user denied the request".into()),
            }),
            Self::InvalidScope => SessionState::Error(OAuthError::Provider {
                error: "invalid_scope".into(),
                description: Some("The requested scope is not allowed for this app".into()),
            }),
            Self::StateMismatch => SessionState::Error(OAuthError::StateMismatch),
            Self::MissingVerifier => SessionState::Error(OAuthError::MissingVerifier),
            Self::TokenExchange => SessionState::Error(OAuthError::TokenExchange {
                status: 400,
                body: r#"{"error":"invalid_grant","error_description":"Invalid code"}"#.into(),
            }),
            Self::ProfileFetch => SessionState::Error(OAuthError::ProfileFetch {
                status: 401,
                body: r#"{"error":"Invalid credentials"}"#.into(),
            }),
            Self::Network => SessionState::Error(OAuthError::Network("Failed to fetch".into())),
            Self::InvalidIdToken => SessionState::Error(OAuthError::InvalidIdToken(
                "nonce does not match this sign-in".into(),
            )),
            Self::Malformed => SessionState::Error(OAuthError::MalformedResponse(
                "token response has no access_token".into(),
            )),
            Self::ForeignCallback => SessionState::Error(OAuthError::ForeignCallback),
            Self::StorageBlocked => SessionState::Error(OAuthError::StorageBlocked),
            Self::InsecureHub => SessionState::Error(OAuthError::InsecureHub {
                hub_url: "http://auth.example.org".into(),
            }),
        }
    }

    /// The choice with this option index (the `<select>`'s value).
    pub fn from_index(index: usize) -> Option<Self> {
        Self::ALL.get(index).copied()
    }

    /// This choice's option index.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}
