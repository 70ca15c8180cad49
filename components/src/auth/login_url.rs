//! Starting a sign-in: the secrets kept across the redirect, and the authorization URL.

use super::config::ResolvedConfig;
use super::endpoints::ProviderEndpoints;
use super::pkce::{code_challenge_s256, code_verifier_from_random, random_token};
use crate::json::Json;
use serde::{Deserialize, Serialize};
use std::fmt;

/// localStorage key prefix under which each [`PendingLogin`] waits, as JSON, between the
/// redirect to the provider and the callback, keyed by its `state`
/// ([`pending_login_key`]): several sign-ins may be in progress at once (two tabs), and a
/// callback takes only its own. localStorage (not sessionStorage) so that a callback opened in
/// a new tab of the same browser still finds it.
pub const PENDING_LOGIN_KEY_PREFIX: &str = "hf_oauth:pending:";

/// The localStorage key of the sign-in in progress whose state is `state`.
pub fn pending_login_key(state: &str) -> String {
    format!("{PENDING_LOGIN_KEY_PREFIX}{state}")
}

/// How long a [`PendingLogin`] stays usable: 30 minutes, plenty for a visitor to sign in.
pub const PENDING_LOGIN_MAX_AGE_MS: u64 = 30 * 60 * 1000;

/// Random bytes drawn for each of `state`, `nonce` and the code verifier.
pub const RANDOM_BYTES_PER_SECRET: usize = 32;

/// A sign-in in progress: what the callback must check and send back.
///
/// `Debug` never prints the code verifier.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogin {
    /// The `state` sent to the provider; the callback must echo it.
    pub state: String,
    /// The `nonce` sent to the provider; the id_token must carry it.
    pub nonce: String,
    /// The PKCE code verifier, sent to the token endpoint with the code.
    pub code_verifier: String,
    /// The redirect URI of the authorization request; the token request repeats it.
    pub redirect_uri: String,
    /// The page path (with query and hash) to return to after signing in.
    pub return_to: String,
    /// When the sign-in started, in milliseconds since the Unix epoch.
    pub created_at_ms: u64,
    /// When the sign-in runs in a popup: the opener's attempt id, which the session handed
    /// back by `postMessage` carries ([`crate::auth::popup`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_attempt: Option<String>,
}

impl PendingLogin {
    /// Read a pending login saved as JSON (the serde form); `None` unless every member is
    /// present with its type.
    pub(crate) fn from_json(json: &Json) -> Option<Self> {
        let text = |key: &str| json.str_field(key).ok().flatten();
        Some(Self {
            state: text("state")?,
            nonce: text("nonce")?,
            code_verifier: text("code_verifier")?,
            redirect_uri: text("redirect_uri")?,
            return_to: text("return_to")?,
            created_at_ms: json.u64_field("created_at_ms").ok()??,
            popup_attempt: json.str_field("popup_attempt").ok()?,
        })
    }

    /// Start a sign-in. `random` fills a buffer with cryptographically secure random bytes
    /// (`crypto.getRandomValues` in the browser); it is called three times with 32-byte buffers,
    /// for `state`, `nonce` and the code verifier.
    pub fn new(
        random: &mut impl FnMut(&mut [u8]),
        redirect_uri: &str,
        return_to: &str,
        now_ms: u64,
    ) -> Self {
        let mut draw = || {
            let mut buf = [0u8; RANDOM_BYTES_PER_SECRET];
            random(&mut buf);
            buf
        };
        let state = random_token(&draw());
        let nonce = random_token(&draw());
        let code_verifier = code_verifier_from_random(&draw());
        Self {
            state,
            nonce,
            code_verifier,
            redirect_uri: redirect_uri.to_owned(),
            return_to: return_to.to_owned(),
            created_at_ms: now_ms,
            popup_attempt: None,
        }
    }

    /// The S256 code challenge of this sign-in's verifier.
    pub fn code_challenge(&self) -> String {
        code_challenge_s256(&self.code_verifier)
    }

    /// Whether this sign-in is older than [`PENDING_LOGIN_MAX_AGE_MS`] at `now_ms` (a stale one
    /// should be discarded rather than completed). A `created_at_ms` in the future counts as
    /// fresh.
    pub fn is_stale_at(&self, now_ms: u64) -> bool {
        now_ms.saturating_sub(self.created_at_ms) > PENDING_LOGIN_MAX_AGE_MS
    }
}

impl fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingLogin")
            .field("state", &self.state)
            .field("nonce", &self.nonce)
            .field("code_verifier", &"<redacted>")
            .field("redirect_uri", &self.redirect_uri)
            .field("return_to", &self.return_to)
            .field("created_at_ms", &self.created_at_ms)
            .field("popup_attempt", &self.popup_attempt)
            .finish()
    }
}

/// The parameters the flow sets itself; an extra parameter cannot replace them.
const STANDARD_PARAMS: [&str; 10] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
    "orgIds",
];

/// The URL the visitor is sent to: the authorization endpoint with `response_type=code`,
/// `client_id`, `redirect_uri`, `scope`, `state`, `nonce`, `code_challenge` and
/// `code_challenge_method=S256`, form-urlencoded.
///
/// The redirect URI is the pending login's (the token request must repeat exactly the one sent
/// here); client ID and scopes come from `config`. Parameters are appended with `&` when the
/// endpoint already has a query; a fragment on the endpoint (forbidden by RFC 6749 3.1) is
/// dropped. Then `prompt`, `orgIds` (comma-separated) and the extra parameters of
/// [`AuthorizeOptions`](super::config::AuthorizeOptions), when set.
pub fn build_authorize_url(
    endpoints: &ProviderEndpoints,
    config: &ResolvedConfig,
    pending: &PendingLogin,
) -> String {
    let endpoint = endpoints
        .authorization_endpoint
        .split('#')
        .next()
        .unwrap_or_default();
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("response_type", "code")
        .append_pair("client_id", &config.client_id)
        .append_pair("redirect_uri", &pending.redirect_uri)
        .append_pair("scope", &config.scopes)
        .append_pair("state", &pending.state)
        .append_pair("nonce", &pending.nonce)
        .append_pair("code_challenge", &pending.code_challenge())
        .append_pair("code_challenge_method", super::pkce::CODE_CHALLENGE_METHOD);
    let options = &config.authorize;
    if let Some(prompt) = &options.prompt {
        query.append_pair("prompt", prompt);
    }
    if !options.org_ids.is_empty() {
        query.append_pair("orgIds", &options.org_ids.join(","));
    }
    for (name, value) in &options.extra_params {
        if !STANDARD_PARAMS.contains(&name.as_str()) {
            query.append_pair(name, value);
        }
    }
    let query = query.finish();
    let separator = match endpoint.find('?') {
        None => "?",
        Some(_) if endpoint.ends_with('?') || endpoint.ends_with('&') => "",
        Some(_) => "&",
    };
    format!("{endpoint}{separator}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn counter() -> impl FnMut(&mut [u8]) {
        let mut next = 0u8;
        move |buf: &mut [u8]| {
            for b in buf.iter_mut() {
                *b = next;
                next = next.wrapping_add(1);
            }
        }
    }

    fn config() -> ResolvedConfig {
        ResolvedConfig {
            client_id: "my-client id&x".into(),
            scopes: "openid profile inference-api".into(),
            hub_url: "https://huggingface.co".into(),
            redirect_uri: "https://example.org/app/".into(),
            authorize: Default::default(),
        }
    }

    #[test]
    fn authorize_options_are_appended_and_cannot_replace_the_standard_ones() {
        use crate::auth::config::AuthorizeOptions;
        let mut c = config();
        c.authorize = AuthorizeOptions::default()
            .with_prompt_consent()
            .with_org_id("org1")
            .with_org_id("org2")
            .with_param("locale", "fr")
            .with_param("state", "forged");
        let p = PendingLogin::new(&mut counter(), &c.redirect_uri, "/", 0);
        let url = build_authorize_url(&ProviderEndpoints::hugging_face(&c.hub_url), &c, &p);
        let query: Vec<(String, String)> =
            form_urlencoded::parse(url.split_once('?').unwrap().1.as_bytes())
                .into_owned()
                .collect();
        let value = |k: &str| {
            query
                .iter()
                .filter(|(name, _)| name == k)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(value("prompt"), ["consent"]);
        assert_eq!(value("orgIds"), ["org1,org2"]);
        assert_eq!(value("locale"), ["fr"]);
        assert_eq!(
            value("state"),
            [p.state.as_str()],
            "the extra state is dropped"
        );
        let plain =
            build_authorize_url(&ProviderEndpoints::hugging_face(&c.hub_url), &config(), &p);
        assert!(!plain.contains("prompt=") && !plain.contains("orgIds="));
    }

    fn pending() -> PendingLogin {
        PendingLogin::new(
            &mut counter(),
            "https://example.org/app/?x=1&y=2",
            "/app/?tab=chat#top",
            1_700_000_000_000,
        )
    }

    fn query_of(url: &str) -> (String, Vec<(String, String)>) {
        let (base, query) = url.split_once('?').unwrap();
        let pairs = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        (base.to_owned(), pairs)
    }

    #[test]
    fn new_draws_three_distinct_secrets() {
        let p = pending();
        assert_eq!(p.state.len(), 43);
        assert_eq!(p.nonce.len(), 43);
        assert_eq!(p.code_verifier.len(), 43);
        assert_ne!(p.state, p.nonce);
        assert_ne!(p.nonce, p.code_verifier);
        assert_eq!(p.redirect_uri, "https://example.org/app/?x=1&y=2");
        assert_eq!(p.return_to, "/app/?tab=chat#top");
        assert_eq!(p.created_at_ms, 1_700_000_000_000);
        // The first buffer is the state: bytes 0..32.
        assert_eq!(p.state, random_token(&(0u8..32).collect::<Vec<_>>()));
    }

    #[test]
    fn new_calls_the_generator_with_32_byte_buffers() {
        let mut sizes = Vec::new();
        let mut rec = |buf: &mut [u8]| sizes.push(buf.len());
        PendingLogin::new(&mut rec, "r", "/", 0);
        assert_eq!(sizes, vec![32, 32, 32]);
    }

    #[test]
    fn debug_redacts_the_verifier() {
        let p = pending();
        let shown = format!("{p:?}");
        assert!(!shown.contains(&p.code_verifier));
        assert!(shown.contains("<redacted>"));
        assert!(shown.contains(&p.state));
    }

    #[test]
    fn round_trips_through_json_for_storage() {
        let p = pending();
        let json = serde_json::to_string(&p).unwrap();
        let back: PendingLogin = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        let read = PendingLogin::from_json(&Json::parse(&json).unwrap());
        assert_eq!(read, Some(p));
        let missing_nonce = json.replace("\"nonce\"", "\"other\"");
        assert_eq!(
            PendingLogin::from_json(&Json::parse(&missing_nonce).unwrap()),
            None
        );
    }

    #[test]
    fn staleness() {
        let p = pending();
        assert!(!p.is_stale_at(p.created_at_ms));
        assert!(!p.is_stale_at(p.created_at_ms + PENDING_LOGIN_MAX_AGE_MS));
        assert!(p.is_stale_at(p.created_at_ms + PENDING_LOGIN_MAX_AGE_MS + 1));
        assert!(!p.is_stale_at(0));
    }

    #[test]
    fn authorize_url_carries_every_parameter_encoded() {
        let p = pending();
        let url = build_authorize_url(
            &ProviderEndpoints::hugging_face("https://huggingface.co"),
            &config(),
            &p,
        );
        let (base, pairs) = query_of(&url);
        assert_eq!(base, "https://huggingface.co/oauth/authorize");
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "response_type",
                "client_id",
                "redirect_uri",
                "scope",
                "state",
                "nonce",
                "code_challenge",
                "code_challenge_method"
            ]
        );
        let map: HashMap<_, _> = pairs.into_iter().collect();
        assert_eq!(map["response_type"], "code");
        assert_eq!(map["client_id"], "my-client id&x");
        assert_eq!(map["redirect_uri"], "https://example.org/app/?x=1&y=2");
        assert_eq!(map["scope"], "openid profile inference-api");
        assert_eq!(map["state"], p.state);
        assert_eq!(map["nonce"], p.nonce);
        assert_eq!(map["code_challenge"], code_challenge_s256(&p.code_verifier));
        assert_eq!(map["code_challenge_method"], "S256");
        assert!(!url.contains(&p.code_verifier));
        assert!(!url.contains(' '));
    }

    #[test]
    fn authorize_url_appends_to_an_existing_query_and_drops_a_fragment() {
        let mut endpoints = ProviderEndpoints::hugging_face("https://idp.example");
        endpoints.authorization_endpoint = "https://idp.example/auth?realm=x#frag".into();
        let url = build_authorize_url(&endpoints, &config(), &pending());
        assert!(url.starts_with("https://idp.example/auth?realm=x&response_type=code&"));
        assert!(!url.contains('#'));

        endpoints.authorization_endpoint = "https://idp.example/auth?".into();
        let url = build_authorize_url(&endpoints, &config(), &pending());
        assert!(url.starts_with("https://idp.example/auth?response_type=code&"));
    }
}

// The examples of the items above, as unit tests: the items are internal, so rustdoc
// cannot run them as doctests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod examples {
    #[test]
    fn new_example() {
        use crate::auth::login_url::PendingLogin;
        let mut fill = |buf: &mut [u8]| buf.fill(7);
        let pending = PendingLogin::new(&mut fill, "https://example.org/", "/chat", 0);
        assert_eq!(pending.state.len(), 43);
    }
}
