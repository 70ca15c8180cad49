//! Where the provider's OAuth endpoints are: Hugging Face's well-known paths, or an OpenID
//! discovery document.

use super::error::OAuthError;
use super::json::WrongTypeIn;
use crate::json::Json;
use serde::{Deserialize, Serialize};

/// localStorage key prefix under which the browser layer caches a provider's discovery result
/// (a [`ProviderEndpoints`] as JSON), so a page load needs no discovery round trip.
///
/// The full key is this prefix followed by the hub URL, see [`discovery_cache_key`]. A cached
/// value comes from storage any script on the origin can write: run
/// [`ProviderEndpoints::validate`] on it after deserializing.
pub const DISCOVERY_CACHE_KEY_PREFIX: &str = "hf_oauth:discovery:";

/// The localStorage key of `hub_url`'s cached discovery result:
/// `hf_oauth:discovery:https://huggingface.co`.
pub fn discovery_cache_key(hub_url: &str) -> String {
    format!(
        "{DISCOVERY_CACHE_KEY_PREFIX}{}",
        hub_url.trim_end_matches('/')
    )
}

/// The OpenID discovery document URL of a hub: `{hub}/.well-known/openid-configuration`.
pub fn discovery_url(hub_url: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        hub_url.trim_end_matches('/')
    )
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
        let hub = hub_url.trim_end_matches('/');
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
    /// `authorization_endpoint` or `token_endpoint` is missing or empty, or when any endpoint is
    /// not an `https:`/`http:` URL (a `javascript:` "authorization endpoint" would otherwise be
    /// navigated to).
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

    /// Check that every endpoint (and the issuer) is an absolute `https:` or `http:` URL without
    /// whitespace or control characters. Run it on endpoints read back from storage.
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
                if !is_http_url(url) {
                    return Err(OAuthError::MalformedResponse(format!(
                        "the provider's {name} is not an http(s) URL"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Whether `url` is `https://host...` or `http://host...` with no whitespace or control chars.
fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
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
        assert!(is_http_url("HTTPS://huggingface.co/oauth/token"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("ü"));
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
