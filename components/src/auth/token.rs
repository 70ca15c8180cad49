//! The token endpoint: request bodies, response parsing, and expiry.

use super::error::OAuthError;
use super::json::{parse_object, WrongTypeIn};
use super::secret::Secret;
use crate::json::{whole, Json};
use crate::text::{quote_value, shorten_body};

/// Access token lifetime assumed when the token response has no `expires_in`: 8 hours, Hugging
/// Face's default.
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 8 * 3600;

/// A successful token endpoint answer (RFC 6749 5.1, OpenID Connect Core 3.1.3.3).
///
/// `Debug` never prints the tokens (they are [`Secret`]s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenResponse {
    /// The access token (`hf_oauth_...` on Hugging Face).
    pub access_token: Secret,
    /// The token type; `"Bearer"` when absent.
    pub token_type: String,
    /// Lifetime of the access token in seconds; a number or a numeric string. `None` when
    /// absent or not a non-negative integer.
    pub expires_in: Option<u64>,
    /// A refresh token, when granted.
    pub refresh_token: Option<Secret>,
    /// The OpenID id_token (a JWT), when `openid` was requested.
    pub id_token: Option<Secret>,
    /// The granted scopes, space-separated, when the provider says.
    pub scope: Option<String>,
}

impl TokenResponse {
    /// Read the members; a member of the wrong type is an error, as with a serde struct.
    fn from_json(json: &Json) -> Result<Self, WrongTypeIn> {
        let text = |key: &'static str| json.str_field(key).map_err(|_| WrongTypeIn(key));
        Ok(TokenResponse {
            access_token: text("access_token")?.unwrap_or_default().into(),
            token_type: text("token_type")?
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "Bearer".to_owned()),
            expires_in: json.field("expires_in").and_then(|v| lenient_seconds(&v)),
            refresh_token: text("refresh_token")?.map(Secret::new),
            id_token: text("id_token")?.map(Secret::new),
            scope: text("scope")?,
        })
    }
}

/// Seconds from a number (a fraction is cut) or a numeric string; `None` for anything else.
fn lenient_seconds(value: &Json) -> Option<u64> {
    match value.as_str() {
        Some(text) => text.trim().parse().ok(),
        None => value.as_f64().and_then(|n| whole(n.trunc())),
    }
}

/// Read the token endpoint's answer.
///
/// - Not 2xx: [`OAuthError::TokenExchange`] with the status and, when the body is an OAuth error
///   (`{"error": "invalid_grant", "error_description": "..."}`), `"invalid_grant: ..."`, else the
///   body shortened to [`MAX_ERROR_BODY_CHARS`](crate::text::MAX_ERROR_BODY_CHARS).
/// - 2xx that is not JSON, lacks a non-empty `access_token`, or has a `token_type` other than
///   `Bearer` (case-insensitive; RFC 6749 7.1 forbids using a token of an unknown type):
///   [`OAuthError::MalformedResponse`]. The error never quotes a 2xx body: it may hold a token.
///
/// Empty `refresh_token`, `id_token` and `scope` values count as absent.
pub fn parse_token_response(status: u16, body: &str) -> Result<TokenResponse, OAuthError> {
    if !(200..300).contains(&status) {
        return Err(OAuthError::TokenExchange {
            status,
            body: describe_error_body(body),
        });
    }
    let json = parse_object(body, "token response")?;
    let mut response = TokenResponse::from_json(&json).map_err(|e| e.error("token response"))?;
    if response.access_token.expose().trim().is_empty() {
        return Err(OAuthError::MalformedResponse(
            "the token response has no access_token".into(),
        ));
    }
    if !response.token_type.eq_ignore_ascii_case("bearer") {
        return Err(OAuthError::MalformedResponse(format!(
            "the token type `{}` is not supported (expected Bearer)",
            quote_value(&response.token_type)
        )));
    }
    let blank = |v: Option<&str>| v.is_some_and(|s| s.trim().is_empty());
    for secret in [&mut response.refresh_token, &mut response.id_token] {
        if blank(secret.as_ref().map(Secret::expose)) {
            *secret = None;
        }
    }
    if blank(response.scope.as_deref()) {
        response.scope = None;
    }
    Ok(response)
}

/// An error body for people: `error: error_description` when it is an OAuth error JSON, else
/// the body itself; shortened either way.
pub(crate) fn describe_error_body(body: &str) -> String {
    let json = Json::parse_object(body);
    let error = json.as_ref().and_then(|j| j.field("error")?.as_str());
    let description = json
        .as_ref()
        .and_then(|j| j.field("error_description")?.as_str());
    match (error, description) {
        (Some(error), Some(description)) if !description.trim().is_empty() => {
            shorten_body(&format!("{error}: {description}"))
        }
        (Some(error), _) => shorten_body(&error),
        (None, _) => shorten_body(body),
    }
}

/// The form body exchanging an authorization code (RFC 6749 4.1.3 with RFC 7636 4.5):
/// `grant_type=authorization_code&code=..&code_verifier=..&redirect_uri=..&client_id=..`.
pub fn authorization_code_body(
    code: &str,
    code_verifier: &str,
    redirect_uri: &str,
    client_id: &str,
) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("code_verifier", code_verifier)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("client_id", client_id)
        .finish()
}

/// The form body refreshing an access token (RFC 6749 6):
/// `grant_type=refresh_token&refresh_token=..&client_id=..`.
pub fn refresh_token_body(refresh_token: &str, client_id: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "refresh_token")
        .append_pair("refresh_token", refresh_token)
        .append_pair("client_id", client_id)
        .finish()
}

/// The form body revoking an access token (RFC 7009 2.1):
/// `token=..&token_type_hint=access_token&client_id=..`.
pub fn revocation_body(token: &str, client_id: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .append_pair("token_type_hint", "access_token")
        .append_pair("client_id", client_id)
        .finish()
}

/// When a token issued at `now_ms` expires, in milliseconds since the Unix epoch:
/// `now_ms + expires_in` seconds, [`DEFAULT_TOKEN_LIFETIME_SECS`] when `expires_in` is `None`.
/// Saturates instead of overflowing.
pub fn expires_at_ms(now_ms: u64, expires_in: Option<u64>) -> u64 {
    let secs = expires_in.unwrap_or(DEFAULT_TOKEN_LIFETIME_SECS);
    now_ms.saturating_add(secs.saturating_mul(1000))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::MAX_ERROR_BODY_CHARS;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const HF_TOKEN: &str = r#"{
        "access_token": "hf_oauth_eyJhbGciOiJFZERTQSJ9.secret",
        "token_type": "bearer",
        "expires_in": 28800,
        "id_token": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
        "scope": "openid profile inference-api",
        "refresh_token": "hf_oauth_refresh_secret"
    }"#;

    fn pairs(body: &str) -> Vec<(String, String)> {
        form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect()
    }

    #[test]
    fn parses_a_hugging_face_token_response() {
        let t = parse_token_response(200, HF_TOKEN).unwrap();
        assert_eq!(t.access_token, "hf_oauth_eyJhbGciOiJFZERTQSJ9.secret");
        assert_eq!(t.token_type, "bearer");
        assert_eq!(t.expires_in, Some(28800));
        assert_eq!(
            t.refresh_token.as_ref().map(crate::Secret::expose),
            Some("hf_oauth_refresh_secret")
        );
        assert!(t.id_token.is_some());
        assert_eq!(t.scope.as_deref(), Some("openid profile inference-api"));
    }

    #[test]
    fn minimal_response_gets_defaults() {
        let t = parse_token_response(200, r#"{"access_token":"a"}"#).unwrap();
        assert_eq!(t.token_type, "Bearer");
        assert_eq!(t.expires_in, None);
        assert_eq!(t.refresh_token, None);
        assert_eq!(t.id_token, None);
        assert_eq!(t.scope, None);
        let t = parse_token_response(
            201,
            r#"{"access_token":"a","token_type":null,"refresh_token":"","id_token":" ","scope":""}"#,
        )
        .unwrap();
        assert_eq!(t.token_type, "Bearer");
        assert_eq!((t.refresh_token, t.id_token, t.scope), (None, None, None));
    }

    #[test]
    fn expires_in_as_number_string_or_garbage() {
        let parse = |v: &str| {
            parse_token_response(200, &format!(r#"{{"access_token":"a","expires_in":{v}}}"#))
                .unwrap()
                .expires_in
        };
        assert_eq!(parse("3600"), Some(3600));
        assert_eq!(parse(r#""3600""#), Some(3600));
        assert_eq!(parse(r#"" 60 ""#), Some(60));
        assert_eq!(parse("3600.7"), Some(3600));
        assert_eq!(parse("-5"), None);
        assert_eq!(parse(r#""soon""#), None);
        assert_eq!(parse("null"), None);
        assert_eq!(parse("[1]"), None);
        assert_eq!(parse(r#"{"x":1}"#), None);
    }

    #[test]
    fn missing_or_empty_access_token_is_malformed() {
        for body in [
            "{}",
            r#"{"access_token":""}"#,
            r#"{"access_token":"   "}"#,
            r#"{"token_type":"bearer","expires_in":3600}"#,
        ] {
            assert!(matches!(
                parse_token_response(200, body),
                Err(OAuthError::MalformedResponse(_))
            ));
        }
    }

    #[test]
    fn malformed_2xx_never_quotes_the_body() {
        for body in [
            r#"{"access_token":"hf_oauth_SECRET","expires_in":3600,}"#,
            r#"{"access_token":"hf_oauth_SECRET","#,
            "hf_oauth_SECRET",
            r#"{"access_token":["hf_oauth_SECRET"]}"#,
            r#"{"access_token":"hf_oauth_SECRET","refresh_token":42}"#,
        ] {
            let err = parse_token_response(200, body).unwrap_err();
            assert!(matches!(err, OAuthError::MalformedResponse(_)), "{body}");
            let text = format!("{err:?} {err} {}", err.hint());
            assert!(!text.contains("SECRET"), "{text}");
        }
    }

    #[test]
    fn non_bearer_token_types_are_refused() {
        let err =
            parse_token_response(200, r#"{"access_token":"a","token_type":"mac"}"#).unwrap_err();
        assert!(matches!(err, OAuthError::MalformedResponse(ref m) if m.contains("mac")));
        assert!(parse_token_response(200, r#"{"access_token":"a","token_type":"BEARER"}"#).is_ok());
    }

    #[test]
    fn oauth_error_bodies_are_readable() {
        assert_eq!(
            parse_token_response(
                400,
                r#"{"error":"invalid_grant","error_description":"Invalid code verifier"}"#
            ),
            Err(OAuthError::TokenExchange {
                status: 400,
                body: "invalid_grant: Invalid code verifier".into()
            })
        );
        assert_eq!(
            parse_token_response(400, r#"{"error":"invalid_grant"}"#),
            Err(OAuthError::TokenExchange {
                status: 400,
                body: "invalid_grant".into()
            })
        );
        assert_eq!(
            parse_token_response(401, r#"{"error":"invalid_client","error_description":""}"#),
            Err(OAuthError::TokenExchange {
                status: 401,
                body: "invalid_client".into()
            })
        );
    }

    #[test]
    fn other_error_bodies_are_shortened() {
        assert_eq!(
            parse_token_response(500, "  Internal Server Error\n"),
            Err(OAuthError::TokenExchange {
                status: 500,
                body: "Internal Server Error".into()
            })
        );
        let huge = "x".repeat(1_000_000);
        match parse_token_response(502, &huge) {
            Err(OAuthError::TokenExchange { status: 502, body }) => {
                assert_eq!(body.chars().count(), MAX_ERROR_BODY_CHARS + 1);
            }
            other => panic!("{other:?}"),
        }
        let huge_description = format!(
            r#"{{"error":"invalid_request","error_description":"{}"}}"#,
            "é".repeat(5000)
        );
        match parse_token_response(400, &huge_description) {
            Err(OAuthError::TokenExchange { body, .. }) => {
                assert!(body.starts_with("invalid_request: é"));
                assert!(body.chars().count() <= MAX_ERROR_BODY_CHARS + 1);
            }
            other => panic!("{other:?}"),
        }
        // 1xx/3xx are not success either.
        assert!(matches!(
            parse_token_response(302, ""),
            Err(OAuthError::TokenExchange { status: 302, .. })
        ));
    }

    #[test]
    fn debug_redacts_tokens() {
        let t = parse_token_response(200, HF_TOKEN).unwrap();
        let shown = format!("{t:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(!shown.contains("eyJ"), "{shown}");
        assert!(shown.contains("28800"));
    }

    #[test]
    fn authorization_code_body_fields() {
        let body = authorization_code_body(
            "code/with+special&chars",
            "verifier-_~.",
            "http://127.0.0.1:8080/cb?x=1",
            "client id",
        );
        assert_eq!(
            pairs(&body),
            [
                ("grant_type", "authorization_code"),
                ("code", "code/with+special&chars"),
                ("code_verifier", "verifier-_~."),
                ("redirect_uri", "http://127.0.0.1:8080/cb?x=1"),
                ("client_id", "client id"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert!(!body.contains(' '));
    }

    #[test]
    fn refresh_and_revocation_bodies() {
        assert_eq!(
            pairs(&refresh_token_body("r&t", "c")),
            [
                ("grant_type", "refresh_token"),
                ("refresh_token", "r&t"),
                ("client_id", "c"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(
            pairs(&revocation_body("hf_oauth_x", "c")),
            [
                ("token", "hf_oauth_x"),
                ("token_type_hint", "access_token"),
                ("client_id", "c"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
    }

    #[test]
    fn expiry_computation() {
        assert_eq!(expires_at_ms(1_000, Some(60)), 61_000);
        assert_eq!(expires_at_ms(0, None), 8 * 3600 * 1000);
        assert_eq!(expires_at_ms(5, Some(0)), 5);
        assert_eq!(expires_at_ms(u64::MAX - 1, Some(10)), u64::MAX);
        assert_eq!(expires_at_ms(1, Some(u64::MAX)), u64::MAX);
    }
}
