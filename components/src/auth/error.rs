//! One typed error for everything that can go wrong while signing in.

use crate::text::quote_value;
use std::fmt;

/// Why signing in (or keeping the session) failed.
///
/// Each variant has a [`message`](OAuthError::message) a visitor understands and a
/// [`hint`](OAuthError::hint) for the site author. `Display` prints the message; no variant ever
/// holds an access token. No variant wraps another Rust error (what fails in the browser is a
/// JavaScript value, kept as its text in [`Network`](OAuthError::Network) or
/// [`Storage`](OAuthError::Storage)), so [`source`](std::error::Error::source) is `None`.
///
/// # Usage
/// ```
/// use yew_hf_oauth::OAuthError;
/// let error = OAuthError::Provider { error: "access_denied".into(), description: None };
/// assert_eq!(error.to_string(), "Sign-in was cancelled.");
/// assert!(std::error::Error::source(&error).is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OAuthError {
    /// No OAuth client ID was found (prop, `window.HF_OAUTH_CLIENT_ID`, or a Space's variables).
    NotConfigured,
    /// The provider redirected back with `error=...` (for example `access_denied`).
    Provider {
        /// The OAuth error code, such as `access_denied` or `invalid_scope`.
        error: String,
        /// The provider's `error_description`, if any.
        description: Option<String>,
    },
    /// The `state` in the callback does not match the one this browser stored.
    StateMismatch,
    /// The callback arrived but this browser holds no PKCE verifier (storage was cleared, or
    /// the sign-in started in another browser or profile).
    MissingVerifier,
    /// The callback belongs to a sign-in started more than 30 minutes ago; it is not
    /// completed.
    StaleSignIn,
    /// The token endpoint answered with an error status.
    TokenExchange {
        /// HTTP status code.
        status: u16,
        /// The response body, shortened.
        body: String,
    },
    /// The userinfo endpoint answered with an error status.
    ProfileFetch {
        /// HTTP status code.
        status: u16,
        /// The response body, shortened.
        body: String,
    },
    /// The request never got an answer: offline, DNS, or blocked by CORS.
    Network(String),
    /// The browser refused to store what sign-in needs (private mode, storage settings, full
    /// quota): the detail says which storage and why.
    Storage(String),
    /// The provider answered with something that is not what the spec says.
    MalformedResponse(String),
    /// The id_token does not belong to this sign-in (nonce, audience or issuer mismatch).
    InvalidIdToken(String),
    /// The session's access token has expired.
    Expired,
    /// The address carried a sign-in response (`code` or `error`) whose `state` matches no
    /// sign-in in progress in this browser: ignored, its words not shown, the sign-ins in
    /// progress kept.
    ForeignCallback,
    /// The browser refuses this site any storage (blocked site data, some private windows or
    /// embedded browsers): a sign-in cannot be remembered across the visit to Hugging Face.
    StorageBlocked,
    /// The hub (the OpenID provider) is not reached over `https`: sign-in is refused before
    /// any request, since tokens would cross the network in clear text. Plain `http` is
    /// accepted only on loopback (`127.0.0.1`, `[::1]`, `localhost`).
    InsecureHub {
        /// The configured hub URL.
        hub_url: String,
    },
    /// The browser blocked the sign-in popup. The page can still be opened in its own tab,
    /// where sign-in redirects.
    PopupBlocked {
        /// This page's address, to open in its own tab.
        page_url: String,
    },
}

impl OAuthError {
    /// A short sentence for the visitor.
    pub fn message(&self) -> String {
        match self {
            Self::NotConfigured => "Sign-in with Hugging Face is not set up on this site yet.".into(),
            Self::Provider { error, description } if error == "access_denied" => match description {
                Some(d) => format!("Sign-in was cancelled: “{}”", quote_value(d)),
                None => "Sign-in was cancelled.".into(),
            },
            Self::Provider { error, description } => match description {
                Some(d) => format!(
                    "Hugging Face refused the sign-in ({}): “{}”",
                    quote_value(error),
                    quote_value(d)
                ),
                None => format!("Hugging Face refused the sign-in ({}).", quote_value(error)),
            },
            Self::StateMismatch => {
                "This sign-in link does not match the one this browser started. Please sign in again.".into()
            }
            Self::MissingVerifier => {
                "This browser lost the sign-in in progress (its storage was cleared). Please sign in again.".into()
            }
            Self::StaleSignIn => {
                "This sign-in was started too long ago and has been cancelled. Please sign in again.".into()
            }
            Self::TokenExchange { status, .. } => {
                format!("Hugging Face did not accept the sign-in code (HTTP {status}). Please sign in again.")
            }
            Self::ProfileFetch { status, .. } => {
                format!("Signed in, but your profile could not be loaded (HTTP {status}).")
            }
            Self::Storage(_) => "This browser did not let the page store your sign-in (private mode or storage settings). Allow site data and try again.".into(),
            Self::Network(_) => "Could not reach Hugging Face. Check your connection and try again.".into(),
            Self::MalformedResponse(_) => "Hugging Face sent an answer this page could not read.".into(),
            Self::InvalidIdToken(_) => "The sign-in answer did not belong to this sign-in. Please sign in again.".into(),
            Self::Expired => "Your session has expired. Please sign in again.".into(),
            Self::ForeignCallback => "A sign-in response that this browser did not start was ignored.".into(),
            Self::StorageBlocked => "This browser blocks storage for this site, and signing in needs it. Allow site data for this site (or leave private browsing) and try again.".into(),
            Self::InsecureHub { .. } => "Sign-in is not available here: this site's sign-in server does not use a secure (https) connection.".into(),
            Self::PopupBlocked { .. } => "Your browser blocked the sign-in window. Allow pop-ups for this site, or open this page in its own tab to sign in.".into(),
        }
    }

    /// A hint for the site author: what to check in the OAuth app or the page.
    pub fn hint(&self) -> String {
        match self {
            Self::NotConfigured => "Create an OAuth app at https://huggingface.co/settings/applications/new and set `window.HF_OAUTH_CLIENT_ID = \"<client id>\"` before the app starts, pass `config={OAuthConfig::default().with_client_id(\"<client id>\")}` to `HfOAuthProvider`, or add `hf_oauth: true` to a static Space's README. Without a registered app, serve a client ID metadata document (`cargo xtask cimd --site <your site>`) and use its URL as the client ID.".into(),
            Self::Provider { error, description } => {
                let detail = description.as_deref().unwrap_or("");
                if error == "invalid_scope" {
                    format!("Request only scopes your OAuth app allows. {detail}")
                } else if detail.contains("redirect") || error == "invalid_request" {
                    format!("Check that this page's URL (without query or hash) is one of the OAuth app's redirect URLs. {detail}")
                } else {
                    format!("The provider answered `{error}`. {detail}")
                }
            }
            Self::StateMismatch => "The callback's `state` differs from the stored one: the link was reused, tampered with, or opened in another tab or browser than the one that started.".into(),
            Self::MissingVerifier => "The PKCE verifier lives in localStorage between the redirect and the callback; something cleared it (private mode, storage settings, or a different origin such as www vs. bare domain).".into(),
            Self::StaleSignIn => "A sign-in must come back within 30 minutes of its start; an older callback (a bookmarked or replayed link) is refused and its verifier discarded.".into(),
            Self::TokenExchange { body, .. } => format!("Token endpoint answered: {body}. A redirect_uri that differs from the authorize request's, or a code used twice, are the usual causes."),
            Self::ProfileFetch { body, .. } => format!("Userinfo endpoint answered: {body}. Request the `openid profile` scopes."),
            Self::Storage(detail) => format!("{detail}. The session lives in sessionStorage and the sign-in in progress in localStorage; both must be writable for this origin."),
            Self::Network(detail) => format!("{detail}. If the provider is reachable, check that it allows CORS from this origin."),
            Self::MalformedResponse(detail) => format!("Malformed response: {detail}"),
            Self::InvalidIdToken(detail) => format!("id_token check failed: {detail}"),
            Self::ForeignCallback => "The address had a `code` or `error` whose `state` matches no sign-in in progress here: a link from elsewhere, an old bookmark, or a sign-in already finished. Its text is not shown, and the sign-ins in progress are kept.".into(),
            Self::StorageBlocked => "`window.localStorage` or `window.sessionStorage` throws (SecurityError): the sign-in in progress (verifier, state, nonce) must survive the visit to Hugging Face in localStorage.".into(),
            Self::Expired => "Access tokens expire (Hugging Face: 8 hours). The visitor signs in again.".into(),
            Self::InsecureHub { hub_url } => format!("The hub URL `{}` must start with `https://` (plain `http://` is accepted only on 127.0.0.1, [::1] or localhost, for local testing). Set it with `OAuthConfig::with_hub_url` or `window.HF_HUB_URL`.", quote_value(hub_url)),
            Self::PopupBlocked { .. } => "Inside a frame the sign-in runs in a popup, opened synchronously in the click handler; the browser refused it (a pop-up blocker, or a sandboxed iframe without `allow-popups allow-popups-to-escape-sandbox`).".into(),
        }
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for OAuthError {}
