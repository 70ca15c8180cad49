//! Where the provider's OAuth endpoints are: Hugging Face's well-known paths, or an OpenID
//! discovery document; and the decisions about a cached discovery result (fresh, for this
//! issuer) and about which URLs are acceptable (`https`, or `http` on loopback only).

use super::error::OAuthError;
use super::json::WrongTypeIn;
use crate::json::Json;
use serde::{Deserialize, Serialize};

/// localStorage key prefix under which the browser layer caches a provider's discovery result
/// (a [`CachedDiscovery`] as JSON), so a page load needs no discovery round trip.
///
/// The full key is this prefix followed by the hub URL, see [`discovery_cache_key`]. A cached
/// value comes from storage any script on the origin can write: read it with
/// [`CachedDiscovery::read`] and use it only through [`CachedDiscovery::endpoints_for`].
pub const DISCOVERY_CACHE_KEY_PREFIX: &str = "hf_oauth:discovery:";

/// How long a cached discovery result is used before it is fetched again: one day.
pub const DISCOVERY_CACHE_MAX_AGE_MS: u64 = 24 * 60 * 60 * 1000;

/// A hub URL as the rest of the code compares it: surrounding whitespace and trailing slashes
/// removed (`https://huggingface.co/` is `https://huggingface.co`).
pub fn normalise_hub_url(hub_url: &str) -> &str {
    hub_url.trim().trim_end_matches('/')
}

/// The localStorage key of `hub_url`'s cached discovery result:
/// `hf_oauth:discovery:https://huggingface.co`.
pub fn discovery_cache_key(hub_url: &str) -> String {
    format!("{DISCOVERY_CACHE_KEY_PREFIX}{}", normalise_hub_url(hub_url))
}

/// The OpenID discovery document URL of a hub: `{hub}/.well-known/openid-configuration`.
pub fn discovery_url(hub_url: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        normalise_hub_url(hub_url)
    )
}

/// Whether a discovery result fetched at `fetched_at_ms` may still be used at `now_ms`: less
/// than [`DISCOVERY_CACHE_MAX_AGE_MS`] old, and not from the future (a forged or clock-skewed
/// time would otherwise keep an entry forever).
pub fn is_fresh(fetched_at_ms: u64, now_ms: u64) -> bool {
    fetched_at_ms <= now_ms && now_ms - fetched_at_ms < DISCOVERY_CACHE_MAX_AGE_MS
}

/// Whether a discovery document's `issuer` is `hub_url` (OpenID Connect Discovery 4.3), both
/// normalised with [`normalise_hub_url`].
pub fn issuer_matches(issuer: &str, hub_url: &str) -> bool {
    normalise_hub_url(issuer) == normalise_hub_url(hub_url)
}

/// Whether `url` may be used as a hub or an endpoint: an absolute `https:` URL, or an `http:`
/// one whose host is loopback (`127.0.0.1`, `[::1]` or `localhost`, with an optional port),
/// and no whitespace or control characters anywhere.
pub fn is_acceptable_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let (rest, https) = if lower.starts_with("https://") {
        (&url[8..], true)
    } else if lower.starts_with("http://") {
        (&url[7..], false)
    } else {
        return false;
    };
    // The authority ends where the path, query or fragment starts. (A browser also ends it at
    // a backslash; leaving one in the authority only refuses more.)
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        return false;
    }
    https || is_loopback_authority(authority)
}

/// Whether an `http:` authority is exactly a loopback `host[:digits]`. Anything else is not,
/// a user name included (`localhost@evil.example` and `localhost:1@evil.example` are hosted at
/// `evil.example`).
fn is_loopback_authority(authority: &str) -> bool {
    let split = if authority.starts_with('[') {
        authority.find(']').map(|end| end + 1)
    } else {
        Some(authority.find(':').unwrap_or(authority.len()))
    };
    let Some((host, port)) = split.map(|at| authority.split_at(at)) else {
        return false;
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    let host = host.to_ascii_lowercase();
    port_ok && matches!(host.as_str(), "127.0.0.1" | "[::1]" | "localhost")
}

/// Refuse a hub that is not reached over `https` (loopback `http` aside, see
/// [`is_acceptable_url`]) with [`OAuthError::InsecureHub`]: its discovery document, tokens and
/// profile would cross the network in clear text.
pub fn check_hub_url(hub_url: &str) -> Result<(), OAuthError> {
    if is_acceptable_url(normalise_hub_url(hub_url)) {
        Ok(())
    } else {
        Err(OAuthError::InsecureHub {
            hub_url: hub_url.trim().to_owned(),
        })
    }
}

/// A discovery result as the browser layer caches it: the endpoints and when they were
/// fetched. Stored as `{"endpoints": {...}, "fetched_at_ms": ...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CachedDiscovery {
    /// The endpoints the discovery document gave.
    pub endpoints: ProviderEndpoints,
    /// When the document was fetched, in milliseconds since the Unix epoch.
    pub fetched_at_ms: u64,
}

impl CachedDiscovery {
    /// Read a cached entry; `None` unless it is an object with `endpoints` (an object) and a
    /// whole `fetched_at_ms` (an entry written before the time was kept is `None`, so it is
    /// fetched again).
    pub fn read(json: &Json) -> Option<Self> {
        let endpoints = json.object_field("endpoints").ok()??;
        Some(Self {
            endpoints: ProviderEndpoints::read(&endpoints).ok()?,
            fetched_at_ms: json.u64_field("fetched_at_ms").ok()??,
        })
    }

    /// The endpoints, when this entry may be used for `hub_url` at `now_ms`: it is fresh
    /// ([`is_fresh`]), its issuer is the hub ([`issuer_matches`]), and every endpoint passes
    /// [`ProviderEndpoints::validate`] (so the hub, equal to the issuer, is `https` or
    /// loopback, as [`check_hub_url`] wants). Any script of the origin can write localStorage,
    /// so all of it is checked on every read.
    pub fn endpoints_for(self, hub_url: &str, now_ms: u64) -> Option<ProviderEndpoints> {
        let usable = is_fresh(self.fetched_at_ms, now_ms)
            && issuer_matches(&self.endpoints.issuer, hub_url)
            && self.endpoints.validate().is_ok();
        usable.then_some(self.endpoints)
    }
}

/// The endpoints of an OAuth 2.0 / OpenID Connect provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderEndpoints {
    /// The issuer identifier, compared with the id_token's `iss`.
    pub issuer: String,
    /// Where the visitor is sent to sign in.
    pub authorization_endpoint: String,
    /// Where the code is exchanged for tokens.
    pub token_endpoint: String,
    /// Where the profile is fetched with the access token.
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    /// Where tokens are revoked on sign-out (RFC 7009); Hugging Face has none.
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
}

impl ProviderEndpoints {
    /// Hugging Face's well-known endpoints under `hub_url` (a trailing slash is ignored):
    /// `/oauth/authorize`, `/oauth/token`, `/oauth/userinfo`, no revocation endpoint, and the
    /// hub URL as issuer.
    pub fn hugging_face(hub_url: &str) -> Self {
        let hub = normalise_hub_url(hub_url);
        Self {
            issuer: hub.to_owned(),
            authorization_endpoint: format!("{hub}/oauth/authorize"),
            token_endpoint: format!("{hub}/oauth/token"),
            userinfo_endpoint: Some(format!("{hub}/oauth/userinfo")),
            revocation_endpoint: None,
        }
    }

    /// Read an OpenID discovery document (`/.well-known/openid-configuration`).
    ///
    /// Unknown fields are ignored; empty optional endpoints count as absent. Fails with
    /// [`OAuthError::MalformedResponse`] when the body is not a JSON object, when `issuer`,
    /// `authorization_endpoint` or `token_endpoint` is missing or empty, or when any endpoint
    /// fails [`validate`](Self::validate) (a `javascript:` "authorization endpoint" would
    /// otherwise be navigated to, an `http:` token endpoint would send tokens in clear text).
    pub fn from_discovery_json(body: &str) -> Result<Self, OAuthError> {
        let json = super::json::parse_object(body, "discovery document")?;
        let doc = Self::read(&json).map_err(|e| e.error("discovery document"))?;
        let required = |value: Option<String>, name: &str| {
            value
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .ok_or_else(|| {
                    OAuthError::MalformedResponse(format!("the discovery document has no {name}"))
                })
        };
        let optional =
            |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let endpoints = Self {
            issuer: required(Some(doc.issuer), "issuer")?,
            authorization_endpoint: required(
                Some(doc.authorization_endpoint),
                "authorization_endpoint",
            )?,
            token_endpoint: required(Some(doc.token_endpoint), "token_endpoint")?,
            userinfo_endpoint: optional(doc.userinfo_endpoint),
            revocation_endpoint: optional(doc.revocation_endpoint),
        };
        endpoints.validate()?;
        Ok(endpoints)
    }

    /// Read the members as they are (a missing required one is empty); a member of the wrong
    /// type is an error. Used for discovery documents and for endpoints read back from storage.
    pub(crate) fn read(json: &Json) -> Result<Self, WrongTypeIn> {
        let text = |key: &'static str| json.str_field(key).map_err(|_| WrongTypeIn(key));
        Ok(Self {
            issuer: text("issuer")?.unwrap_or_default(),
            authorization_endpoint: text("authorization_endpoint")?.unwrap_or_default(),
            token_endpoint: text("token_endpoint")?.unwrap_or_default(),
            userinfo_endpoint: text("userinfo_endpoint")?,
            revocation_endpoint: text("revocation_endpoint")?,
        })
    }

    /// Check that every endpoint (and the issuer) passes [`is_acceptable_url`]: `https:`, or
    /// `http:` on loopback only. Run it on endpoints read back from storage.
    pub fn validate(&self) -> Result<(), OAuthError> {
        let fields = [
            ("issuer", Some(&self.issuer)),
            ("authorization_endpoint", Some(&self.authorization_endpoint)),
            ("token_endpoint", Some(&self.token_endpoint)),
            ("userinfo_endpoint", self.userinfo_endpoint.as_ref()),
            ("revocation_endpoint", self.revocation_endpoint.as_ref()),
        ];
        for (name, value) in fields {
            if let Some(url) = value {
                if !is_acceptable_url(url) {
                    return Err(OAuthError::MalformedResponse(format!(
                        "the provider's {name} is not https (nor http on loopback)"
                    )));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Shaped like `https://huggingface.co/.well-known/openid-configuration`.
    const HF_DISCOVERY: &str = r#"{
        "issuer": "https://huggingface.co",
        "jwks_uri": "https://huggingface.co/oauth/jwks",
        "authorization_endpoint": "https://huggingface.co/oauth/authorize",
        "userinfo_endpoint": "https://huggingface.co/oauth/userinfo",
        "token_endpoint": "https://huggingface.co/oauth/token",
        "response_types_supported": ["code"],
        "scopes_supported": ["openid", "profile", "email", "read-repos", "inference-api"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": ["sub", "name", "preferred_username", "picture", "isPro", "orgs"]
    }"#;

    #[test]
    fn hugging_face_defaults() {
        let hf = ProviderEndpoints::hugging_face("https://huggingface.co/");
        assert_eq!(
            hf,
            ProviderEndpoints {
                issuer: "https://huggingface.co".into(),
                authorization_endpoint: "https://huggingface.co/oauth/authorize".into(),
                token_endpoint: "https://huggingface.co/oauth/token".into(),
                userinfo_endpoint: Some("https://huggingface.co/oauth/userinfo".into()),
                revocation_endpoint: None,
            }
        );
        assert!(hf.validate().is_ok());
    }

    #[test]
    fn discovery_url_and_cache_key() {
        assert_eq!(
            discovery_url("http://127.0.0.1:9000"),
            "http://127.0.0.1:9000/.well-known/openid-configuration"
        );
        assert_eq!(
            discovery_cache_key("https://huggingface.co/"),
            "hf_oauth:discovery:https://huggingface.co"
        );
    }

    #[test]
    fn parses_the_hugging_face_discovery_document() {
        let parsed = ProviderEndpoints::from_discovery_json(HF_DISCOVERY).unwrap();
        assert_eq!(
            parsed,
            ProviderEndpoints::hugging_face("https://huggingface.co")
        );
    }

    #[test]
    fn keeps_a_revocation_endpoint_and_drops_empty_optionals() {
        let body = r#"{"issuer":"http://127.0.0.1:9000/realms/test",
            "authorization_endpoint":"http://127.0.0.1:9000/auth",
            "token_endpoint":"http://127.0.0.1:9000/token",
            "userinfo_endpoint":"",
            "revocation_endpoint":"http://127.0.0.1:9000/revoke"}"#;
        let parsed = ProviderEndpoints::from_discovery_json(body).unwrap();
        assert_eq!(parsed.userinfo_endpoint, None);
        assert_eq!(
            parsed.revocation_endpoint.as_deref(),
            Some("http://127.0.0.1:9000/revoke")
        );
    }

    #[test]
    fn missing_required_fields_are_malformed() {
        for body in [
            r#"{"authorization_endpoint":"https://a/x","token_endpoint":"https://a/t"}"#,
            r#"{"issuer":"https://a","token_endpoint":"https://a/t"}"#,
            r#"{"issuer":"https://a","authorization_endpoint":"https://a/x"}"#,
            r#"{"issuer":"  ","authorization_endpoint":"https://a/x","token_endpoint":"https://a/t"}"#,
        ] {
            let err = ProviderEndpoints::from_discovery_json(body).unwrap_err();
            assert!(
                matches!(err, OAuthError::MalformedResponse(ref m) if m.contains("has no")),
                "{body}: {err:?}"
            );
        }
    }

    #[test]
    fn non_json_and_wrong_types_are_malformed() {
        for body in [
            "",
            "<html>Not found</html>",
            "[]",
            "null",
            r#"{"issuer":1,"authorization_endpoint":"https://a/x","token_endpoint":"https://a/t"}"#,
        ] {
            assert!(matches!(
                ProviderEndpoints::from_discovery_json(body),
                Err(OAuthError::MalformedResponse(_))
            ));
        }
    }

    #[test]
    fn hostile_endpoint_schemes_are_rejected() {
        for auth in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "//evil.com/authorize",
            "https:///path",
            "https://evil.com/a b",
            "https://evil.com/\nx",
            "ftp://evil.com",
            "http://evil.com/authorize",
        ] {
            let body = serde_json::json!({
                "issuer": "https://a",
                "authorization_endpoint": auth,
                "token_endpoint": "https://a/t",
            })
            .to_string();
            assert!(
                matches!(
                    ProviderEndpoints::from_discovery_json(&body),
                    Err(OAuthError::MalformedResponse(_))
                ),
                "{auth}"
            );
        }
        let mut cached = ProviderEndpoints::hugging_face("https://huggingface.co");
        cached.userinfo_endpoint = Some("javascript:x".into());
        assert!(cached.validate().is_err());
    }

    #[test]
    fn mixed_case_scheme_is_accepted() {
        assert!(is_acceptable_url("HTTPS://huggingface.co/oauth/token"));
        assert!(is_acceptable_url("HTTP://LocalHost:9000/oauth/token"));
        assert!(!is_acceptable_url("https://"));
        assert!(!is_acceptable_url("ü"));
    }

    #[test]
    fn https_everywhere_and_http_only_on_loopback() {
        for ok in [
            "https://huggingface.co",
            "https://hub.example.org:8443/realms/x?a=b",
            "http://127.0.0.1",
            "http://127.0.0.1:9000/oauth/token",
            "http://localhost:3000",
            "http://localhost/",
            "http://[::1]:9000/x",
            "http://[::1]",
        ] {
            assert!(is_acceptable_url(ok), "{ok}");
        }
        for refused in [
            "http://huggingface.co",
            "http://hub.example.org/oauth/token",
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example/",
            "http://localhost@evil.example/",
            "http://127.0.0.1:9000@evil.example/",
            "http://evil.example\\@localhost/",
            "http://evil.example#@localhost",
            "http://[::1].evil.example/",
            "http://[::1",
            "http://localhost:80x/",
            "http://localhost:/",
            "http://127.0.0.2/",
            "http://",
            "http:///localhost",
            "ws://localhost",
            "javascript:alert(1)",
        ] {
            assert!(!is_acceptable_url(refused), "{refused}");
        }
    }

    #[test]
    fn a_hub_without_https_is_refused_unless_loopback() {
        assert_eq!(check_hub_url("https://hub.example.org/"), Ok(()));
        assert_eq!(check_hub_url("http://127.0.0.1:9000/"), Ok(()));
        assert_eq!(check_hub_url(" http://localhost:9000 "), Ok(()));
        let err = check_hub_url("http://hub.example.org/").unwrap_err();
        assert_eq!(
            err,
            OAuthError::InsecureHub {
                hub_url: "http://hub.example.org/".into()
            }
        );
        assert!(err.to_string().contains("https"), "{err}");
        assert!(err.hint().contains("http://hub.example.org/"));
        assert!(matches!(
            check_hub_url("hub.example.org"),
            Err(OAuthError::InsecureHub { .. })
        ));
    }

    #[test]
    fn discovery_with_an_http_endpoint_off_loopback_is_refused() {
        let body = r#"{"issuer":"https://hub.example.org",
            "authorization_endpoint":"https://hub.example.org/auth",
            "token_endpoint":"http://hub.example.org/token"}"#;
        assert!(matches!(
            ProviderEndpoints::from_discovery_json(body),
            Err(OAuthError::MalformedResponse(m))
                if m.contains("token_endpoint") && m.contains("https") && m.len() < 100
        ));
    }

    #[test]
    fn a_cache_entry_is_fresh_for_one_day() {
        let now = 1_700_000_000_000;
        assert!(is_fresh(now, now));
        assert!(is_fresh(now - DISCOVERY_CACHE_MAX_AGE_MS + 1, now));
        assert!(!is_fresh(now - DISCOVERY_CACHE_MAX_AGE_MS, now));
        assert!(!is_fresh(0, now));
        // From the future: forged, or the clock went back.
        assert!(!is_fresh(now + 1, now));
        assert!(!is_fresh(u64::MAX, now));
    }

    #[test]
    fn the_issuer_must_be_the_hub() {
        assert!(issuer_matches(
            "https://hub.example.org",
            "https://hub.example.org/"
        ));
        assert!(issuer_matches(
            "https://hub.example.org/",
            " https://hub.example.org"
        ));
        for other in [
            "https://evil.example",
            "http://hub.example.org",
            "https://hub.example.org/realms/x",
            "https://hub.example.org.evil.example",
            "",
        ] {
            assert!(!issuer_matches(other, "https://hub.example.org"), "{other}");
        }
    }

    const HUB: &str = "https://hub.example.org";
    const NOW: u64 = 1_700_000_000_000;

    fn entry(endpoints: &ProviderEndpoints, fetched_at_ms: u64) -> CachedDiscovery {
        let text = serde_json::to_string(&CachedDiscovery {
            endpoints: endpoints.clone(),
            fetched_at_ms,
        })
        .unwrap();
        CachedDiscovery::read(&Json::parse(&text).unwrap()).unwrap()
    }

    #[test]
    fn a_cache_entry_round_trips_and_is_used_while_fresh_for_its_issuer() {
        let hub = ProviderEndpoints::hugging_face(HUB);
        assert_eq!(
            entry(&hub, NOW - 1000).endpoints_for("https://hub.example.org/", NOW),
            Some(hub.clone())
        );
        assert_eq!(
            entry(&hub, NOW - DISCOVERY_CACHE_MAX_AGE_MS).endpoints_for(HUB, NOW),
            None,
            "stale"
        );
        assert_eq!(entry(&hub, NOW + 1).endpoints_for(HUB, NOW), None, "future");
        assert_eq!(
            entry(&hub, NOW).endpoints_for("https://other.example.org", NOW),
            None,
            "another hub's issuer"
        );
        let mut forged = hub.clone();
        forged.token_endpoint = "http://evil.example/token".into();
        assert_eq!(entry(&forged, NOW).endpoints_for(HUB, NOW), None, "http");
        let insecure_hub = ProviderEndpoints::hugging_face("http://hub.example.org");
        assert_eq!(
            entry(&insecure_hub, NOW).endpoints_for("http://hub.example.org", NOW),
            None,
            "http hub"
        );
    }

    #[test]
    fn unreadable_or_old_cache_entries_are_none() {
        let old_format = serde_json::to_string(&ProviderEndpoints::hugging_face(HUB)).unwrap();
        for text in [
            old_format.as_str(),
            r#"{"endpoints":{"issuer":"https://hub.example.org"}}"#,
            r#"{"endpoints":"x","fetched_at_ms":1}"#,
            r#"{"endpoints":{"issuer":1},"fetched_at_ms":1}"#,
            r#"{"endpoints":{},"fetched_at_ms":"1"}"#,
            r#"{"endpoints":{},"fetched_at_ms":-1}"#,
            "[]",
        ] {
            let json = Json::parse(text).unwrap();
            assert_eq!(CachedDiscovery::read(&json), None, "{text}");
        }
    }

    #[test]
    fn round_trips_through_json_for_the_cache() {
        let hf = ProviderEndpoints::hugging_face("https://huggingface.co");
        let json = serde_json::to_string(&hf).unwrap();
        let back: ProviderEndpoints = serde_json::from_str(&json).unwrap();
        assert_eq!(back, hf);
    }
}

// The examples of the items above, as unit tests: the items are internal, so rustdoc
// cannot run them as doctests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod examples {
    #[test]
    fn discovery_url_example() {
        use crate::auth::endpoints::discovery_url;
        assert_eq!(
            discovery_url("https://huggingface.co/"),
            "https://huggingface.co/.well-known/openid-configuration",
        );
    }
    #[test]
    fn provider_endpoints_example() {
        use crate::auth::endpoints::ProviderEndpoints;
        let hf = ProviderEndpoints::hugging_face("https://huggingface.co");
        assert_eq!(hf.token_endpoint, "https://huggingface.co/oauth/token");
    }
}
