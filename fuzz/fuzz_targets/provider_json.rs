//! Everything read from the provider and the router, on arbitrary text (decoded lossily).
//!
//! The same text is given to every parser: the token endpoint (200 and 400), userinfo (200 and
//! 401), the id_token decoder (as a whole token, and as the payload of a token built around
//! it), the discovery document, stream chunk events, non-streaming completions and the HTTP
//! error classifier (its last line doubling as the `Retry-After` header). Checked:
//! - successes keep their promises (non-blank `access_token` and `sub`, Bearer type, no blank
//!   optional, endpoints that pass `validate` and survive a JSON round trip, an id_token that
//!   verifies against its own issuer, audience and nonce);
//! - error bodies and details stay short (`TokenExchange`/`ProfileFetch` bodies at most 301
//!   characters), and an error about a 2xx token response never quotes the body: it is one of
//!   the fixed messages, or names only the `token_type`;
//! - id_token errors never quote the token.

#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use yew_hf_oauth::fuzzing::ProviderEndpoints;
use yew_hf_oauth::fuzzing::{quote_value, MAX_ERROR_BODY_CHARS};
use yew_hf_oauth::fuzzing::{decode_id_token, verify_claims, verify_id_token};
use yew_hf_oauth::fuzzing::parse_token_response;
use yew_hf_oauth::fuzzing::parse_userinfo;
use yew_hf_oauth::fuzzing::parse_retry_after;
use yew_hf_oauth::fuzzing::{
    classify_http_error, parse_chunk_event, parse_non_streaming_response, StreamItem,
};
use yew_hf_oauth::{InferenceError, OAuthError};

/// A kept body: at most [`MAX_ERROR_BODY_CHARS`] characters plus the ellipsis.
const MAX_KEPT_CHARS: usize = MAX_ERROR_BODY_CHARS + 1;

/// A detail built around a kept body (a short sentence plus the body).
const MAX_DETAIL_CHARS: usize = 600;

/// `the token response has a `<member>` of an unexpected type`, for a member the parser reads.
fn is_token_type_error(message: &str) -> bool {
    [
        "access_token",
        "token_type",
        "refresh_token",
        "id_token",
        "scope",
    ]
    .iter()
    .any(|member| message == format!("the token response has a `{member}` of an unexpected type"))
}

fn check_token_response(body: &str) {
    match parse_token_response(200, body) {
        Ok(token) => {
            assert!(!token.access_token.expose().trim().is_empty());
            assert!(token.token_type.eq_ignore_ascii_case("bearer"));
            for secret in [&token.refresh_token, &token.id_token] {
                assert!(secret.as_ref().is_none_or(|v| !v.expose().trim().is_empty()));
            }
            assert!(token.scope.as_deref().is_none_or(|v| !v.trim().is_empty()));
            // Debug does not depend on the secrets: it never prints them.
            let mut blanked = token.clone();
            blanked.access_token = String::new().into();
            for secret in [&mut blanked.refresh_token, &mut blanked.id_token] {
                *secret = secret.as_ref().map(|_| String::new().into());
            }
            assert_eq!(format!("{token:?}"), format!("{blanked:?}"));
        }
        Err(OAuthError::MalformedResponse(message)) => {
            // A fixed message, or one naming the token_type: never the body.
            let fixed = is_token_type_error(&message)
                || message == "the token response is not valid JSON"
                || message == "the token response is not a JSON object"
                || message == "the token response has no access_token";
            if !fixed {
                let quoted = message
                    .strip_prefix("the token type `")
                    .and_then(|m| m.strip_suffix("` is not supported (expected Bearer)"))
                    .unwrap_or_else(|| panic!("unexpected 2xx token error: {message:?}"));
                // Natively the crate reads JSON through serde_json::Value too, so this parses.
                let value: Value = serde_json::from_str(body).expect("the parser read it");
                let token_type = value
                    .get("token_type")
                    .and_then(Value::as_str)
                    .unwrap_or_else(|| panic!("{message:?} but no string token_type"));
                assert_eq!(quoted, quote_value(token_type));
            }
        }
        Err(other) => panic!("a 2xx token response gave {other:?}"),
    }

    for status in [400, 401, 500] {
        match parse_token_response(status, body) {
            Err(OAuthError::TokenExchange {
                status: s,
                body: kept,
            }) => {
                assert_eq!(s, status);
                let chars = kept.chars().count();
                assert!(chars <= MAX_KEPT_CHARS, "{chars} chars kept");
                assert_eq!(kept.trim(), kept);
                let error = OAuthError::TokenExchange { status, body: kept };
                assert!(error.hint().chars().count() < 1000);
            }
            other => panic!("a {status} token response gave {other:?}"),
        }
    }
}

fn check_userinfo(body: &str) {
    match parse_userinfo(200, body) {
        Ok(info) => assert!(!info.sub.trim().is_empty()),
        Err(OAuthError::MalformedResponse(message)) => {
            assert!(message.starts_with("the userinfo response "), "{message}");
            assert!(message.len() < 150, "{message}");
        }
        Err(other) => panic!("a 2xx userinfo gave {other:?}"),
    }
    match parse_userinfo(401, body) {
        Err(OAuthError::ProfileFetch { status: 401, body }) => {
            assert!(body.chars().count() <= MAX_KEPT_CHARS);
        }
        other => panic!("a 401 userinfo gave {other:?}"),
    }
}

fn check_id_token(jwt: &str) {
    match decode_id_token(jwt) {
        Ok(claims) => {
            // A token with an `exp` verifies against its own issuer, audience and nonce; one
            // without is refused.
            if let Some(aud) = claims.aud.iter().find(|aud| !aud.is_empty()) {
                let own = verify_claims(&claims, aud, &claims.iss, 0);
                match claims.exp {
                    Some(_) => assert_eq!(own, Ok(())),
                    None => assert_eq!(own, Err(OAuthError::InvalidIdToken("has no exp".into()))),
                }
                if let Some(nonce) = claims
                    .nonce
                    .as_deref()
                    .filter(|n| !n.is_empty() && claims.exp.is_some())
                {
                    assert_eq!(verify_id_token(&claims, nonce, aud, &claims.iss, 0), Ok(()));
                }
                assert!(verify_id_token(&claims, "", aud, &claims.iss, 0).is_err());
            }
            assert!(verify_claims(&claims, "", &claims.iss, 0).is_err());
            let _ = verify_claims(&claims, "client", "https://huggingface.co", u64::MAX);
            let _ = claims.user_info();
        }
        Err(OAuthError::MalformedResponse(message)) => {
            assert!(message.starts_with("the id_token "), "{message}");
            assert!(message.len() < 100, "{message}");
        }
        Err(other) => panic!("decode_id_token gave {other:?}"),
    }
}

fn check_discovery(body: &str) {
    match ProviderEndpoints::from_discovery_json(body) {
        Ok(endpoints) => {
            assert_eq!(endpoints.validate(), Ok(()));
            let urls = [
                Some(&endpoints.issuer),
                Some(&endpoints.authorization_endpoint),
                Some(&endpoints.token_endpoint),
                endpoints.userinfo_endpoint.as_ref(),
                endpoints.revocation_endpoint.as_ref(),
            ];
            for url in urls.into_iter().flatten() {
                let lower = url.to_ascii_lowercase();
                let loopback = ["http://127.0.0.1", "http://[::1]", "http://localhost"]
                    .iter()
                    .any(|prefix| lower.starts_with(prefix));
                assert!(lower.starts_with("https://") || loopback, "{url:?}");
                assert!(!url.chars().any(|c| c.is_control() || c.is_whitespace()));
            }
            // What the cache stores reads back the same.
            let json = serde_json::to_string(&endpoints).unwrap();
            assert_eq!(ProviderEndpoints::from_discovery_json(&json), Ok(endpoints));
        }
        Err(OAuthError::MalformedResponse(message)) => {
            assert!(message.starts_with("the "), "{message}");
            assert!(message.len() < 100, "{message}");
        }
        Err(other) => panic!("discovery gave {other:?}"),
    }
}

fn check_detail(detail: &str, error: &InferenceError) {
    let chars = detail.chars().count();
    assert!(chars < MAX_DETAIL_CHARS, "{chars} chars: {error:?}");
}

fn check_inference(body: &str) {
    match parse_chunk_event(body) {
        Ok(items) => {
            for item in &items {
                match item {
                    StreamItem::Delta(text) => assert!(!text.is_empty()),
                    StreamItem::Done => assert_eq!(items.len(), 1),
                    StreamItem::FinishReason(_) | StreamItem::Usage(_) => {}
                    other => panic!("unknown item {other:?}"),
                }
            }
            if body.trim() == "[DONE]" {
                assert_eq!(items, [StreamItem::Done]);
            }
        }
        Err(
            ref error @ (InferenceError::StreamError(ref d)
            | InferenceError::MalformedResponse(ref d)
            | InferenceError::Unauthorized { detail: ref d }),
        ) => check_detail(d, error),
        Err(other) => panic!("parse_chunk_event gave {other:?}"),
    }
    match parse_non_streaming_response(body) {
        Ok(_) => {}
        Err(
            ref error @ (InferenceError::StreamError(ref d)
            | InferenceError::MalformedResponse(ref d)
            | InferenceError::Unauthorized { detail: ref d }),
        ) => check_detail(d, error),
        Err(other) => panic!("parse_non_streaming_response gave {other:?}"),
    }

    let retry_after = body.lines().last();
    for status in [400, 401, 402, 403, 404, 410, 422, 429, 500, 503] {
        let error = classify_http_error(status, body, retry_after, "org/model:provider");
        let detail = match &error {
            InferenceError::Unauthorized { detail }
            | InferenceError::PaymentRequired { detail }
            | InferenceError::Forbidden { detail }
            | InferenceError::ModelNotFound { detail, .. }
            | InferenceError::RateLimited { detail, .. }
            | InferenceError::Unavailable { detail, .. }
            | InferenceError::BadRequest { detail, .. } => detail,
            other => panic!("HTTP {status} gave {other:?}"),
        };
        assert!(detail.chars().count() <= MAX_KEPT_CHARS, "{error:?}");
        match &error {
            InferenceError::ModelNotFound { model, .. } => {
                assert!(matches!(status, 404 | 400 | 422));
                assert_eq!(model, "org/model:provider");
            }
            InferenceError::RateLimited {
                retry_after_secs, ..
            } => {
                assert_eq!(status, 429);
                assert_eq!(*retry_after_secs, retry_after.and_then(parse_retry_after));
            }
            _ => assert_eq!(error.status(), Some(status)),
        }
        assert_eq!(error.is_auth_expired(), status == 401);
        assert!(error.message().chars().count() < 1000);
        assert!(error.hint().chars().count() < 1000);
    }
}

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let body = body.as_ref();

    check_token_response(body);
    check_userinfo(body);
    check_discovery(body);
    check_inference(body);

    check_id_token(body);
    // The text as the claims of a token, to reach the claim parsing.
    let jwt = format!(
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.{}.c2ln",
        URL_SAFE_NO_PAD.encode(body)
    );
    check_id_token(&jwt);
});
