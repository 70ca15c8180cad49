//! The sign-in steps that talk to the provider (discovery, code exchange, refresh, revocation),
//! generic over an [`OAuthTransport`] so they run natively in tests and with `fetch` in the
//! browser.

use super::endpoints::{check_hub_url, discovery_url, issuer_matches, ProviderEndpoints};
use super::error::OAuthError;
use super::id_token::{decode_id_token, verify_claims, verify_id_token};
use super::login_url::PendingLogin;
use super::profile::UserInfo;
use super::result::{OAuthResult, ProfileStatus};
use super::token::{
    authorization_code_body, describe_error_body, expires_at_ms, parse_token_response,
    refresh_token_body, revocation_body, TokenResponse,
};
use super::userinfo_response::parse_userinfo;
use crate::text::quote_value;
use crate::Secret;
use std::fmt;

/// An HTTP answer: status and body text.
///
/// `Debug` prints the body's length, not the body: a token endpoint's answer holds the tokens.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// The response body as text.
    pub body: String,
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field(
                "body",
                &format_args!("<redacted, {} bytes>", self.body.len()),
            )
            .finish()
    }
}

impl HttpResponse {
    /// Build a response.
    #[cfg(test)]
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            body: body.into(),
        }
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// How the flow reaches the provider: `fetch` in the browser, a scripted fake in tests.
///
/// Implementations return `Ok` for every HTTP answer, whatever its status, and
/// `Err(OAuthError::Network(..))` only when no answer arrived (offline, DNS, CORS). No `Send`
/// bound: the browser is single-threaded.
#[allow(async_fn_in_trait)]
pub trait OAuthTransport {
    /// `POST url` with `Content-Type: application/x-www-form-urlencoded` and `body`.
    async fn post_form(&self, url: &str, body: String) -> Result<HttpResponse, OAuthError>;

    /// `GET url`, with `Authorization: Bearer <bearer>` when given.
    async fn get(&self, url: &str, bearer: Option<&str>) -> Result<HttpResponse, OAuthError>;
}

/// Fetch and read `hub_url`'s OpenID discovery document.
///
/// A non-2xx answer is an [`OAuthError::MalformedResponse`] naming the URL and status (the
/// provider answered, so it is not a network error; there is no more specific variant). The
/// document's `issuer` must equal `hub_url`, ignoring a trailing slash, as OpenID Connect
/// Discovery 4.3 requires; otherwise [`OAuthError::MalformedResponse`]. A hub that is not
/// `https` (loopback aside) is refused with [`OAuthError::InsecureHub`] before any request.
pub async fn discover<T: OAuthTransport>(
    t: &T,
    hub_url: &str,
) -> Result<ProviderEndpoints, OAuthError> {
    check_hub_url(hub_url)?;
    let url = discovery_url(hub_url);
    let response = t.get(&url, None).await?;
    if !response.is_success() {
        return Err(OAuthError::MalformedResponse(format!(
            "the discovery document at {url} answered HTTP {}",
            response.status
        )));
    }
    let endpoints = ProviderEndpoints::from_discovery_json(&response.body)?;
    if !issuer_matches(&endpoints.issuer, hub_url) {
        return Err(OAuthError::MalformedResponse(format!(
            "the discovery document's issuer `{}` is not `{}`",
            quote_value(&endpoints.issuer),
            quote_value(hub_url)
        )));
    }
    Ok(endpoints)
}

/// Exchange the callback's `code` for a signed-in [`OAuthResult`].
///
/// 1. `POST` the token endpoint with `grant_type=authorization_code`, the code, the pending
///    login's verifier and redirect URI, and `client_id`; read it with
///    [`parse_token_response`].
/// 2. With an id_token: decode it and [`verify_id_token`] it (nonce of `pending`, audience
///    `client_id`, issuer `endpoints.issuer`). When its claims carry a name
///    ([`IdTokenClaims::user_info`](super::id_token::IdTokenClaims::user_info)) that is the
///    profile, marked [`ProfileStatus::Basic`], and no other request is made: the name can be
///    shown at once, and [`complete_profile`] then adds what only userinfo has (PRO, `canPay`,
///    organizations). Otherwise the userinfo endpoint is asked now, and its `sub` must equal
///    the id_token's.
/// 3. Without an id_token: the userinfo endpoint is asked with the access token.
///
/// Asking userinfo without a `userinfo_endpoint` fails with [`OAuthError::MalformedResponse`].
/// `scope` is the response's (whitespace-normalised), else empty: the pending login does not
/// record the requested scopes. The access token expires `expires_in` after `now_ms`
/// ([`DEFAULT_TOKEN_LIFETIME_SECS`](super::token::DEFAULT_TOKEN_LIFETIME_SECS) when absent).
pub async fn exchange_code<T: OAuthTransport>(
    t: &T,
    endpoints: &ProviderEndpoints,
    client_id: &str,
    pending: &PendingLogin,
    code: &str,
    now_ms: u64,
) -> Result<OAuthResult, OAuthError> {
    let body = authorization_code_body(
        code,
        &pending.code_verifier,
        &pending.redirect_uri,
        client_id,
    );
    let response = t.post_form(&endpoints.token_endpoint, body).await?;
    let token = parse_token_response(response.status, &response.body)?;
    let mut status = ProfileStatus::Complete;
    let user_info = match &token.id_token {
        Some(id_token) => {
            let claims = decode_id_token(id_token.expose())?;
            verify_id_token(
                &claims,
                &pending.nonce,
                client_id,
                &endpoints.issuer,
                now_ms,
            )?;
            match claims.user_info() {
                Some(profile) => {
                    status = ProfileStatus::Basic;
                    profile
                }
                None => {
                    let profile = fetch_userinfo(t, endpoints, token.access_token.expose()).await?;
                    if !claims.profile.sub.is_empty() && profile.sub != claims.profile.sub {
                        return Err(OAuthError::InvalidIdToken(
                            "the userinfo sub differs from the id_token sub".into(),
                        ));
                    }
                    profile
                }
            }
        }
        None => fetch_userinfo(t, endpoints, token.access_token.expose()).await?,
    };
    let scope = normalise_scope(token.scope.as_deref().unwrap_or_default());
    Ok(into_result(token, now_ms, user_info, scope).with_profile_status(status))
}

/// The full profile of `result`'s visitor: the userinfo endpoint's answer (asked with the
/// access token) merged into the profile the id_token gave ([`UserInfo::merged_with`]).
///
/// Fails like the userinfo request ([`OAuthError::ProfileFetch`], [`OAuthError::Network`],
/// [`OAuthError::MalformedResponse`]), and with [`OAuthError::InvalidIdToken`] when the answer
/// names another account than the session's.
pub async fn complete_profile<T: OAuthTransport>(
    t: &T,
    endpoints: &ProviderEndpoints,
    result: &OAuthResult,
) -> Result<UserInfo, OAuthError> {
    let userinfo = fetch_userinfo(t, endpoints, result.access_token.expose()).await?;
    result.user_info.merged_with(userinfo).ok_or_else(|| {
        OAuthError::InvalidIdToken("the userinfo sub differs from the session's".into())
    })
}

/// Trade `previous`'s refresh token for a new access token.
///
/// Keeps `previous.user_info` and its [`ProfileStatus`]; keeps the old refresh token unless the provider rotated it, the
/// old scope unless the response names one, and the old id_token unless a new one came. A new
/// id_token is checked with [`verify_claims`] (issuer, audience, expiry; refreshed id_tokens
/// carry no nonce) and must name the same `sub` when both have one.
///
/// Fails with [`OAuthError::Expired`] when `previous` has no refresh token, and with
/// [`OAuthError::TokenExchange`] when the provider refuses (an expired or revoked refresh
/// token): the visitor signs in again.
pub async fn refresh<T: OAuthTransport>(
    t: &T,
    endpoints: &ProviderEndpoints,
    client_id: &str,
    previous: &OAuthResult,
    now_ms: u64,
) -> Result<OAuthResult, OAuthError> {
    let refresh_token = previous
        .refresh_token
        .as_ref()
        .map(Secret::expose)
        .ok_or(OAuthError::Expired)?;
    let body = refresh_token_body(refresh_token, client_id);
    let response = t.post_form(&endpoints.token_endpoint, body).await?;
    let mut token = parse_token_response(response.status, &response.body)?;
    if let Some(id_token) = &token.id_token {
        let claims = decode_id_token(id_token.expose())?;
        verify_claims(&claims, client_id, &endpoints.issuer, now_ms)?;
        let previous_sub = &previous.user_info.sub;
        if !previous_sub.is_empty()
            && !claims.profile.sub.is_empty()
            && &claims.profile.sub != previous_sub
        {
            return Err(OAuthError::InvalidIdToken(
                "the refreshed id_token names another account".into(),
            ));
        }
    }
    if token.refresh_token.is_none() {
        token.refresh_token = previous.refresh_token.clone();
    }
    if token.id_token.is_none() {
        token.id_token = previous.id_token.clone();
    }
    let scope = match token.scope.as_deref() {
        Some(scope) => normalise_scope(scope),
        None => previous.scope.clone(),
    };
    Ok(
        into_result(token, now_ms, previous.user_info.clone(), scope)
            .with_profile_status(previous.profile_status),
    )
}

/// Revoke `token` (an access token) at the provider's revocation endpoint (RFC 7009).
///
/// `Ok(())` without a request when the provider has no revocation endpoint (Hugging Face).
/// A non-2xx answer is an [`OAuthError::TokenExchange`] (the variant for "a token endpoint
/// refused"); signing out locally should go ahead regardless.
pub async fn revoke<T: OAuthTransport>(
    t: &T,
    endpoints: &ProviderEndpoints,
    client_id: &str,
    token: &str,
) -> Result<(), OAuthError> {
    let Some(url) = &endpoints.revocation_endpoint else {
        return Ok(());
    };
    let response = t.post_form(url, revocation_body(token, client_id)).await?;
    if response.is_success() {
        Ok(())
    } else {
        Err(OAuthError::TokenExchange {
            status: response.status,
            body: describe_error_body(&response.body),
        })
    }
}

async fn fetch_userinfo<T: OAuthTransport>(
    t: &T,
    endpoints: &ProviderEndpoints,
    access_token: &str,
) -> Result<UserInfo, OAuthError> {
    let url = endpoints.userinfo_endpoint.as_deref().ok_or_else(|| {
        OAuthError::MalformedResponse(
            "the provider sent no profile claims and has no userinfo endpoint".into(),
        )
    })?;
    let response = t.get(url, Some(access_token)).await?;
    parse_userinfo(response.status, &response.body)
}

fn normalise_scope(scope: &str) -> String {
    scope.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn into_result(
    token: TokenResponse,
    now_ms: u64,
    user_info: UserInfo,
    scope: String,
) -> OAuthResult {
    OAuthResult::new(
        token.access_token,
        expires_at_ms(now_ms, token.expires_in),
        user_info,
        scope,
    )
    .with_refresh_token(token.refresh_token)
    .with_id_token(token.id_token)
    .with_issued_at(now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::fake::{block_on, FakeOAuthTransport, Request};
    use crate::auth::id_token::test_jwt;
    use crate::auth::userinfo_response::HF_USERINFO;
    use crate::text::MAX_ERROR_BODY_CHARS;
    use serde_json::json;

    const HUB: &str = "https://huggingface.co";
    const CLIENT: &str = "client-123";
    const NOW_MS: u64 = 1_700_000_000_000;

    fn endpoints() -> ProviderEndpoints {
        ProviderEndpoints::hugging_face(HUB)
    }

    fn pending() -> PendingLogin {
        PendingLogin {
            state: "state-1".into(),
            nonce: "nonce-1".into(),
            code_verifier: "verifier-1-dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1g".into(),
            redirect_uri: "http://127.0.0.1:8080/app/".into(),
            return_to: "/app/".into(),
            created_at_ms: NOW_MS,
            popup_attempt: None,
            step_up: false,
        }
    }

    fn profile_claims() -> serde_json::Value {
        json!({
            "iss": HUB,
            "aud": CLIENT,
            "exp": NOW_MS / 1000 + 3600,
            "nonce": "nonce-1",
            "sub": "6123456789abcdef01234567",
            "name": "Jane Doe",
            "preferred_username": "janedoe",
            "picture": "https://cdn-avatars.huggingface.co/v1/production/uploads/x.png",
            "profile": "https://huggingface.co/janedoe",
            "website": "https://jane.example",
            "email": "jane@example.org",
            "email_verified": true,
            "iat": NOW_MS / 1000,
            "auth_time": NOW_MS / 1000
        })
    }

    fn bare_claims() -> serde_json::Value {
        json!({
            "iss": HUB,
            "aud": [CLIENT],
            "exp": NOW_MS / 1000 + 3600,
            "nonce": "nonce-1",
            "sub": "6123456789abcdef01234567"
        })
    }

    fn token_body(id_token: Option<String>) -> String {
        let mut body = json!({
            "access_token": "hf_oauth_access",
            "token_type": "bearer",
            "expires_in": 28800,
            "scope": "openid  profile inference-api",
            "refresh_token": "hf_oauth_refresh"
        });
        if let Some(id_token) = id_token {
            body["id_token"] = json!(id_token);
        }
        body.to_string()
    }

    fn exchange(t: &FakeOAuthTransport) -> Result<OAuthResult, OAuthError> {
        block_on(exchange_code(
            t,
            &endpoints(),
            CLIENT,
            &pending(),
            "code/1+2",
            NOW_MS,
        ))
    }

    fn form(body: &str) -> Vec<(String, String)> {
        form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect()
    }

    #[test]
    fn id_token_with_profile_needs_exactly_one_request() {
        let jwt = test_jwt(&profile_claims());
        let t = FakeOAuthTransport::ok([(200, token_body(Some(jwt.clone())))]);
        let result = exchange(&t).unwrap();

        let requests = t.requests();
        assert_eq!(requests.len(), 1);
        let Request::Post { url, body } = &requests[0] else {
            panic!("{requests:?}")
        };
        assert_eq!(url, "https://huggingface.co/oauth/token");
        assert_eq!(
            form(body),
            [
                ("grant_type", "authorization_code"),
                ("code", "code/1+2"),
                (
                    "code_verifier",
                    "verifier-1-dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1g"
                ),
                ("redirect_uri", "http://127.0.0.1:8080/app/"),
                ("client_id", CLIENT),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );

        assert_eq!(result.access_token, "hf_oauth_access");
        assert_eq!(result.access_token_expires_at, NOW_MS + 28_800_000);
        assert_eq!(result.scope, "openid profile inference-api");
        assert_eq!(
            result.refresh_token.as_ref().map(crate::Secret::expose),
            Some("hf_oauth_refresh")
        );
        assert_eq!(
            result.id_token.as_ref().map(crate::Secret::expose),
            Some(jwt.as_str())
        );
        assert_eq!(result.user_info.sub, "6123456789abcdef01234567");
        assert_eq!(result.user_info.name.as_deref(), Some("Jane Doe"));
        assert_eq!(
            result.user_info.website.as_deref(),
            Some("https://jane.example")
        );
        assert_eq!(result.issued_at_ms, Some(NOW_MS));
        // Hugging Face's id_token has no PRO, canPay or orgs: they come with `complete_profile`.
        assert_eq!(result.user_info.is_pro, None);
        assert!(result.user_info.orgs.is_empty());
        assert_eq!(result.profile_status, ProfileStatus::Basic);
    }

    #[test]
    fn complete_profile_merges_what_only_userinfo_has() {
        let jwt = test_jwt(&profile_claims());
        let t =
            FakeOAuthTransport::ok([(200, token_body(Some(jwt))), (200, HF_USERINFO.to_owned())]);
        let basic = exchange(&t).unwrap();
        let full = block_on(complete_profile(&t, &endpoints(), &basic)).unwrap();
        assert_eq!(
            t.requests()[1],
            Request::Get {
                url: "https://huggingface.co/oauth/userinfo".into(),
                bearer: Some("Bearer hf_oauth_access".into()),
            }
        );
        assert_eq!(full.is_pro, Some(true));
        assert_eq!(full.can_pay, Some(false));
        assert_eq!(full.orgs.len(), 1);
        assert_eq!(full.orgs[0].role_in_org.as_deref(), Some("admin"));
        assert_eq!(full.name.as_deref(), Some("Jane Doe"));
        // Userinfo has no website here: the id_token's is kept.
        assert_eq!(full.website.as_deref(), Some("https://x"));
    }

    #[test]
    fn complete_profile_refuses_another_account_and_reports_failures() {
        let basic = OAuthResult::new(
            "hf_oauth_access",
            NOW_MS + 1,
            UserInfo {
                sub: "6123456789abcdef01234567".into(),
                ..UserInfo::default()
            },
            "",
        );
        let t =
            FakeOAuthTransport::ok([(200, r#"{"sub":"someone-else","isPro":true}"#.to_owned())]);
        assert!(matches!(
            block_on(complete_profile(&t, &endpoints(), &basic)),
            Err(OAuthError::InvalidIdToken(_))
        ));
        let t = FakeOAuthTransport::ok([(503, "busy".to_owned())]);
        assert_eq!(
            block_on(complete_profile(&t, &endpoints(), &basic)),
            Err(OAuthError::ProfileFetch {
                status: 503,
                body: "busy".into()
            })
        );
    }

    #[test]
    fn id_token_without_profile_asks_userinfo_with_the_bearer() {
        let t = FakeOAuthTransport::ok([
            (200, token_body(Some(test_jwt(&bare_claims())))),
            (200, HF_USERINFO.to_owned()),
        ]);
        let result = exchange(&t).unwrap();
        let requests = t.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(
            requests[1],
            Request::Get {
                url: "https://huggingface.co/oauth/userinfo".into(),
                bearer: Some("Bearer hf_oauth_access".into()),
            }
        );
        assert_eq!(result.user_info.orgs.len(), 1);
        assert_eq!(result.user_info.email.as_deref(), Some("jane@example.org"));
        assert_eq!(result.profile_status, ProfileStatus::Complete);
    }

    #[test]
    fn userinfo_sub_must_match_the_id_token_sub() {
        let t = FakeOAuthTransport::ok([
            (200, token_body(Some(test_jwt(&bare_claims())))),
            (200, r#"{"sub":"someone-else","name":"Mallory"}"#.to_owned()),
        ]);
        assert!(matches!(exchange(&t), Err(OAuthError::InvalidIdToken(_))));
    }

    #[test]
    fn no_id_token_asks_userinfo() {
        let t = FakeOAuthTransport::ok([(200, token_body(None)), (200, HF_USERINFO.to_owned())]);
        let result = exchange(&t).unwrap();
        assert_eq!(result.id_token, None);
        assert_eq!(
            result.user_info.preferred_username.as_deref(),
            Some("janedoe")
        );
        assert!(matches!(
            &t.requests()[1],
            Request::Get { bearer: Some(b), .. } if b == "Bearer hf_oauth_access"
        ));
    }

    #[test]
    fn no_userinfo_endpoint_is_malformed() {
        let mut ep = endpoints();
        ep.userinfo_endpoint = None;
        let t = FakeOAuthTransport::ok([(200, token_body(None))]);
        let err = block_on(exchange_code(&t, &ep, CLIENT, &pending(), "c", NOW_MS)).unwrap_err();
        assert!(matches!(err, OAuthError::MalformedResponse(_)));
        assert_eq!(t.requests().len(), 1);
    }

    #[test]
    fn missing_scope_and_expiry_get_documented_defaults() {
        let t = FakeOAuthTransport::ok([
            (200, r#"{"access_token":"a"}"#.to_owned()),
            (200, HF_USERINFO.to_owned()),
        ]);
        let result = exchange(&t).unwrap();
        assert_eq!(result.scope, "");
        assert_eq!(result.access_token_expires_at, NOW_MS + 8 * 3600 * 1000);
        assert_eq!(result.refresh_token, None);
    }

    fn exchange_with_claims(edit: impl FnOnce(&mut serde_json::Value)) -> OAuthError {
        let mut claims = profile_claims();
        edit(&mut claims);
        let t = FakeOAuthTransport::ok([(200, token_body(Some(test_jwt(&claims))))]);
        let err = exchange(&t).unwrap_err();
        assert_eq!(
            t.requests().len(),
            1,
            "no userinfo request after a bad id_token"
        );
        err
    }

    #[test]
    fn id_token_mismatches_are_rejected() {
        assert_eq!(
            exchange_with_claims(|c| c["nonce"] = json!("nonce-2")),
            OAuthError::InvalidIdToken("nonce mismatch".into())
        );
        assert_eq!(
            exchange_with_claims(|c| {
                c.as_object_mut().unwrap().remove("nonce");
            }),
            OAuthError::InvalidIdToken("nonce mismatch".into())
        );
        assert!(matches!(
            exchange_with_claims(|c| c["aud"] = json!("another-client")),
            OAuthError::InvalidIdToken(m) if m.starts_with("audience")
        ));
        assert!(matches!(
            exchange_with_claims(|c| c["iss"] = json!("https://evil.example")),
            OAuthError::InvalidIdToken(m) if m.starts_with("issuer")
        ));
        assert_eq!(
            exchange_with_claims(|c| c["exp"] = json!(NOW_MS / 1000 - 3600)),
            OAuthError::InvalidIdToken("expired".into())
        );
    }

    #[test]
    fn garbage_id_token_is_malformed() {
        let t = FakeOAuthTransport::ok([(200, token_body(Some("not.a-jwt".into())))]);
        assert!(matches!(
            exchange(&t),
            Err(OAuthError::MalformedResponse(_))
        ));
    }

    #[test]
    fn token_invalid_grant() {
        let t = FakeOAuthTransport::ok([(
            400,
            r#"{"error":"invalid_grant","error_description":"The authorization code is invalid or expired"}"#
                .to_owned(),
        )]);
        assert_eq!(
            exchange(&t).unwrap_err(),
            OAuthError::TokenExchange {
                status: 400,
                body: "invalid_grant: The authorization code is invalid or expired".into()
            }
        );
        let t = FakeOAuthTransport::ok([(400, r#"{"error":"invalid_grant"}"#.to_owned())]);
        assert_eq!(
            exchange(&t).unwrap_err(),
            OAuthError::TokenExchange {
                status: 400,
                body: "invalid_grant".into()
            }
        );
    }

    #[test]
    fn token_500_and_huge_bodies_are_shortened() {
        let t = FakeOAuthTransport::ok([(500, "Internal Server Error".to_owned())]);
        assert_eq!(
            exchange(&t).unwrap_err(),
            OAuthError::TokenExchange {
                status: 500,
                body: "Internal Server Error".into()
            }
        );
        let t = FakeOAuthTransport::ok([(503, "<".repeat(1 << 20))]);
        match exchange(&t).unwrap_err() {
            OAuthError::TokenExchange { status: 503, body } => {
                assert_eq!(body.chars().count(), MAX_ERROR_BODY_CHARS + 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn token_invalid_json_is_malformed_without_the_body() {
        for body in [
            "hf_oauth_SECRET<html>".to_owned(),
            format!(
                "{{\"access_token\":\"hf_oauth_SECRET\",{}",
                " ".repeat(1 << 20)
            ),
            r#"{"access_token":""}"#.to_owned(),
        ] {
            let t = FakeOAuthTransport::ok([(200, body)]);
            let err = exchange(&t).unwrap_err();
            assert!(matches!(err, OAuthError::MalformedResponse(_)));
            assert!(!format!("{err:?}").contains("SECRET"));
            assert_eq!(t.requests().len(), 1);
        }
    }

    #[test]
    fn userinfo_500_is_a_profile_fetch_error() {
        let t =
            FakeOAuthTransport::ok([(200, token_body(None)), (500, "upstream down".to_owned())]);
        assert_eq!(
            exchange(&t).unwrap_err(),
            OAuthError::ProfileFetch {
                status: 500,
                body: "upstream down".into()
            }
        );
    }

    #[test]
    fn network_errors_pass_through() {
        let t = FakeOAuthTransport::new([Err(OAuthError::Network("Failed to fetch".into()))]);
        assert_eq!(
            exchange(&t).unwrap_err(),
            OAuthError::Network("Failed to fetch".into())
        );
        let t = FakeOAuthTransport::new([
            Ok(HttpResponse::new(200, token_body(None))),
            Err(OAuthError::Network("offline".into())),
        ]);
        assert_eq!(
            exchange(&t).unwrap_err(),
            OAuthError::Network("offline".into())
        );
    }

    fn previous() -> OAuthResult {
        OAuthResult::new(
            "old_access",
            NOW_MS - 1,
            serde_json::from_str(HF_USERINFO).unwrap(),
            "openid profile inference-api",
        )
        .with_refresh_token(Some("old_refresh".into()))
        .with_id_token(Some("old.id.token".into()))
        .with_profile_status(ProfileStatus::Complete)
    }

    fn run_refresh(
        t: &FakeOAuthTransport,
        previous: &OAuthResult,
    ) -> Result<OAuthResult, OAuthError> {
        block_on(refresh(t, &endpoints(), CLIENT, previous, NOW_MS))
    }

    #[test]
    fn refresh_sends_the_refresh_token_and_keeps_the_profile() {
        let t = FakeOAuthTransport::ok([(
            200,
            r#"{"access_token":"new_access","expires_in":"3600"}"#.to_owned(),
        )]);
        let result = run_refresh(&t, &previous()).unwrap();
        let requests = t.requests();
        assert_eq!(requests.len(), 1);
        let Request::Post { url, body } = &requests[0] else {
            panic!()
        };
        assert_eq!(url, "https://huggingface.co/oauth/token");
        assert_eq!(
            form(body),
            [
                ("grant_type", "refresh_token"),
                ("refresh_token", "old_refresh"),
                ("client_id", CLIENT),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(result.access_token, "new_access");
        assert_eq!(result.access_token_expires_at, NOW_MS + 3_600_000);
        assert_eq!(result.user_info, previous().user_info);
        assert_eq!(
            result.refresh_token.as_ref().map(crate::Secret::expose),
            Some("old_refresh")
        );
        assert_eq!(
            result.id_token.as_ref().map(crate::Secret::expose),
            Some("old.id.token")
        );
        assert_eq!(result.scope, "openid profile inference-api");
        assert_eq!(result.issued_at_ms, Some(NOW_MS));
        assert_eq!(result.profile_status, previous().profile_status);
    }

    #[test]
    fn refresh_takes_a_rotated_refresh_token_and_new_scope() {
        let jwt = test_jwt(&bare_claims());
        let body = json!({
            "access_token": "new_access",
            "refresh_token": "new_refresh",
            "scope": "openid profile",
            "id_token": jwt,
        });
        let t = FakeOAuthTransport::ok([(200, body.to_string())]);
        let result = run_refresh(&t, &previous()).unwrap();
        assert_eq!(
            result.refresh_token.as_ref().map(crate::Secret::expose),
            Some("new_refresh")
        );
        assert_eq!(result.scope, "openid profile");
        assert_eq!(
            result.id_token.as_ref().map(crate::Secret::expose),
            Some(jwt.as_str())
        );
    }

    #[test]
    fn refresh_rejects_an_id_token_for_another_account_or_client() {
        let mut claims = bare_claims();
        claims["sub"] = json!("someone-else");
        let body = json!({"access_token": "a", "id_token": test_jwt(&claims)});
        let t = FakeOAuthTransport::ok([(200, body.to_string())]);
        assert!(matches!(
            run_refresh(&t, &previous()),
            Err(OAuthError::InvalidIdToken(_))
        ));
        let mut claims = bare_claims();
        claims["aud"] = json!("other");
        let body = json!({"access_token": "a", "id_token": test_jwt(&claims)});
        let t = FakeOAuthTransport::ok([(200, body.to_string())]);
        assert!(matches!(
            run_refresh(&t, &previous()),
            Err(OAuthError::InvalidIdToken(_))
        ));
    }

    #[test]
    fn refresh_without_a_refresh_token_or_when_refused() {
        let t = FakeOAuthTransport::default();
        let no_refresh = previous().with_refresh_token(None);
        assert_eq!(run_refresh(&t, &no_refresh), Err(OAuthError::Expired));
        assert!(t.requests().is_empty());

        let t = FakeOAuthTransport::ok([(400, r#"{"error":"invalid_grant"}"#.to_owned())]);
        assert_eq!(
            run_refresh(&t, &previous()),
            Err(OAuthError::TokenExchange {
                status: 400,
                body: "invalid_grant".into()
            })
        );
    }

    #[test]
    fn revoke_is_a_no_op_without_an_endpoint() {
        let t = FakeOAuthTransport::default();
        assert_eq!(block_on(revoke(&t, &endpoints(), CLIENT, "tok")), Ok(()));
        assert!(t.requests().is_empty());
    }

    #[test]
    fn revoke_posts_to_the_revocation_endpoint() {
        let mut ep = endpoints();
        ep.revocation_endpoint = Some("https://idp.example/revoke".into());
        let t = FakeOAuthTransport::ok([(200, String::new())]);
        assert_eq!(block_on(revoke(&t, &ep, CLIENT, "tok&1")), Ok(()));
        assert_eq!(
            t.requests(),
            [Request::Post {
                url: "https://idp.example/revoke".into(),
                body: "token=tok%261&token_type_hint=access_token&client_id=client-123".into(),
            }]
        );
        let t = FakeOAuthTransport::ok([(400, r#"{"error":"unsupported_token_type"}"#.to_owned())]);
        assert_eq!(
            block_on(revoke(&t, &ep, CLIENT, "tok")),
            Err(OAuthError::TokenExchange {
                status: 400,
                body: "unsupported_token_type".into()
            })
        );
    }

    #[test]
    fn debug_of_a_response_does_not_print_its_body() {
        let response = HttpResponse::new(200, token_body(None));
        assert!(response.body.contains("hf_oauth_access"));
        let shown = format!("{response:?}");
        assert!(!shown.contains("hf_oauth_access"), "{shown}");
        assert!(shown.contains("200"));
    }

    #[test]
    fn discover_reads_the_document() {
        let doc = json!({
            "issuer": "http://127.0.0.1:9000/",
            "authorization_endpoint": "http://127.0.0.1:9000/oauth/authorize",
            "token_endpoint": "http://127.0.0.1:9000/oauth/token",
            "userinfo_endpoint": "http://127.0.0.1:9000/oauth/userinfo",
            "jwks_uri": "http://127.0.0.1:9000/oauth/jwks"
        });
        let t = FakeOAuthTransport::ok([(200, doc.to_string())]);
        let ep = block_on(discover(&t, "http://127.0.0.1:9000")).unwrap();
        assert_eq!(ep.token_endpoint, "http://127.0.0.1:9000/oauth/token");
        assert_eq!(
            t.requests(),
            [Request::Get {
                url: "http://127.0.0.1:9000/.well-known/openid-configuration".into(),
                bearer: None
            }]
        );
    }

    #[test]
    fn discover_failures() {
        let t = FakeOAuthTransport::ok([(404, "Not Found".to_owned())]);
        assert!(matches!(
            block_on(discover(&t, HUB)),
            Err(OAuthError::MalformedResponse(m)) if m.contains("404")
        ));
        let t = FakeOAuthTransport::ok([(200, "<html>".to_owned())]);
        assert!(matches!(
            block_on(discover(&t, HUB)),
            Err(OAuthError::MalformedResponse(_))
        ));
        let mut doc = serde_json::to_value(ProviderEndpoints::hugging_face(HUB)).unwrap();
        doc["issuer"] = json!("https://evil.example");
        let t = FakeOAuthTransport::ok([(200, doc.to_string())]);
        assert!(matches!(
            block_on(discover(&t, HUB)),
            Err(OAuthError::MalformedResponse(m)) if m.contains("issuer")
        ));
        let t = FakeOAuthTransport::new([Err(OAuthError::Network("CORS".into()))]);
        assert_eq!(
            block_on(discover(&t, HUB)),
            Err(OAuthError::Network("CORS".into()))
        );
    }

    #[test]
    fn discover_refuses_an_http_hub_off_loopback_before_any_request() {
        let doc = serde_json::to_value(ProviderEndpoints::hugging_face("http://hub.example.org"))
            .unwrap();
        let t = FakeOAuthTransport::ok([(200, doc.to_string())]);
        assert_eq!(
            block_on(discover(&t, "http://hub.example.org")),
            Err(OAuthError::InsecureHub {
                hub_url: "http://hub.example.org".into()
            })
        );
        assert_eq!(t.requests(), []);
    }

    /// A client ID metadata document's URL (CIMD) is a client ID like any other: nothing on the
    /// way may trim, re-encode or normalise it, or Hugging Face fetches another document and
    /// the id_token's `aud` no longer matches.
    #[test]
    fn a_client_metadata_url_survives_authorize_url_token_body_and_audience() {
        use crate::auth::config::{OAuthConfig, PageConfig};
        use crate::auth::login_url::build_authorize_url;
        const CIMD: &str = "https://example.org/blog/.well-known/oauth-cimd?v=1&x=%2F";
        let page = PageConfig {
            hf_oauth_client_id: Some(format!(" {CIMD} ")),
            ..PageConfig::default()
        };
        for config in [
            OAuthConfig::default().with_client_id(CIMD),
            OAuthConfig::default(),
        ] {
            let resolved = config.resolve(&page, "https://example.org/blog/").unwrap();
            assert_eq!(resolved.client_id, CIMD);
            let pending = pending();
            let url = build_authorize_url(&endpoints(), &resolved, &pending);
            let query = form(url.split_once('?').unwrap().1);
            assert_eq!(
                query.iter().find(|(k, _)| k == "client_id").unwrap().1,
                CIMD
            );

            let mut claims = profile_claims();
            claims["aud"] = json!(CIMD);
            let t = FakeOAuthTransport::ok([
                (200, token_body(Some(test_jwt(&claims)))),
                (200, token_body(Some(test_jwt(&claims)))),
            ]);
            let signed_in = block_on(exchange_code(
                &t,
                &endpoints(),
                &resolved.client_id,
                &pending,
                "code",
                NOW_MS,
            ))
            .unwrap();
            block_on(refresh(
                &t,
                &endpoints(),
                &resolved.client_id,
                &signed_in,
                NOW_MS,
            ))
            .unwrap();
            for request in t.requests() {
                let Request::Post { body, .. } = request else {
                    panic!("{request:?}")
                };
                assert!(form(&body).contains(&("client_id".to_owned(), CIMD.to_owned())));
            }

            // The audience is compared exactly: the document's URL with a trailing slash is
            // another client.
            claims["aud"] = json!(format!("{CIMD}/"));
            let t = FakeOAuthTransport::ok([(200, token_body(Some(test_jwt(&claims))))]);
            assert!(matches!(
                block_on(exchange_code(
                    &t,
                    &endpoints(),
                    &resolved.client_id,
                    &pending,
                    "code",
                    NOW_MS
                )),
                Err(OAuthError::InvalidIdToken(_))
            ));
        }
    }
}
