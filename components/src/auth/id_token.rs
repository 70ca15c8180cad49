//! The OpenID id_token: decoding its claims and checking they belong to this sign-in.
//!
//! The signature is not checked. The id_token comes straight from the token endpoint, over TLS,
//! in answer to a request this client made; OpenID Connect Core 3.1.3.7 (step 6) allows TLS
//! server validation in place of signature validation in that case. What is checked is that the
//! token was issued by the expected provider, for this client, for this sign-in (nonce), and is
//! not expired.

use super::callback::secrets_equal;
use super::error::OAuthError;
use super::profile::UserInfo;
use crate::json::{whole, Json};
use crate::text::quote_value;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

/// Leeway for clocks that are a little off when checking `exp`: 5 minutes.
pub const CLOCK_SKEW_MS: u64 = 5 * 60 * 1000;

/// base64url that accepts the segment with or without `=` padding.
const BASE64URL_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The claims of an id_token that matter here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdTokenClaims {
    /// Issuer (`https://huggingface.co`).
    pub iss: String,
    /// Audiences: the client IDs the token is for (a single string in JSON becomes one item).
    pub aud: Vec<String>,
    /// Expiry, in seconds since the Unix epoch; `None` when absent, which [`verify_claims`]
    /// refuses (OpenID Connect Core 2 makes `exp` required).
    pub exp: Option<u64>,
    /// The nonce of the authorization request.
    pub nonce: Option<String>,
    /// The same claims read as a profile (`sub`, `name`, `preferred_username`, `picture`, ...).
    pub profile: UserInfo,
}

impl IdTokenClaims {
    /// The profile, when the claims carry enough of one to skip the userinfo request: a `sub`
    /// and a `name` or `preferred_username`.
    pub fn user_info(&self) -> Option<UserInfo> {
        let present = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
        let has_name = present(&self.profile.name) || present(&self.profile.preferred_username);
        (!self.profile.sub.is_empty() && has_name).then(|| self.profile.clone())
    }
}

/// The claims other than the profile (left empty); `None` when one has the wrong type (or `iss` or `aud` is
/// missing). `aud` may be one string or an array of strings; `exp` a whole or fractional
/// number of seconds (a negative one counts as absent).
fn read_claims(json: &Json) -> Option<IdTokenClaims> {
    let iss = json.str_field("iss").ok()??;
    let aud = json.field("aud")?;
    let aud = match aud.as_str() {
        Some(one) => vec![one],
        None => aud
            .items()?
            .iter()
            .map(Json::as_str)
            .collect::<Option<Vec<_>>>()?,
    };
    let exp = json
        .f64_field("exp")
        .ok()?
        .and_then(|seconds| whole(seconds.trunc()));
    let nonce = json.str_field("nonce").ok()?;
    Some(IdTokenClaims {
        iss,
        aud,
        exp,
        nonce,
        profile: UserInfo::default(),
    })
}

fn malformed(detail: &str) -> OAuthError {
    OAuthError::MalformedResponse(format!("the id_token {detail}"))
}

/// Decode an id_token's claims without checking its signature (see the module docs).
///
/// Fails with [`OAuthError::MalformedResponse`] unless `jwt` is three dot-separated segments
/// whose header and payload are base64url (padding tolerated) JSON objects, with a string `iss`,
/// an `aud` that is a string or an array of strings, and profile claims of the right types.
/// Error messages never quote the token.
pub fn decode_id_token(jwt: &str) -> Result<IdTokenClaims, OAuthError> {
    let segments: Vec<&str> = jwt.trim().split('.').collect();
    let [header, payload, _signature] = segments[..] else {
        return Err(malformed(if segments.len() == 5 {
            "is encrypted (JWE), which is not supported"
        } else {
            "is not a JWT (three dot-separated parts)"
        }));
    };
    let decode = |segment: &str, what: &str| -> Result<Json, OAuthError> {
        let bytes = BASE64URL_ANY_PADDING
            .decode(segment)
            .map_err(|_| malformed(&format!("{what} is not base64url")))?;
        std::str::from_utf8(&bytes)
            .ok()
            .and_then(Json::parse_object)
            .ok_or_else(|| malformed(&format!("{what} is not a JSON object")))
    };
    decode(header, "header")?;
    let claims = decode(payload, "payload")?;
    let mut read = read_claims(&claims)
        .ok_or_else(|| malformed("lacks a string iss or a string/array aud"))?;
    read.profile = UserInfo::from_json(&claims)
        .map_err(|_| malformed("has profile claims of unexpected types"))?;
    Ok(read)
}

/// Check that the claims belong to this sign-in (OpenID Connect Core 3.1.3.7):
///
/// - `iss` equals `issuer`, ignoring a trailing slash on either → else `"issuer ..."`;
/// - `aud` contains `client_id` → else `"audience ..."`;
/// - `exp` is present → else `"has no exp"`, and not more than [`CLOCK_SKEW_MS`] in the past
///   → else `"expired"`;
/// - `nonce` equals `expected_nonce` (never when either is empty) → else `"nonce mismatch"`.
///
/// Each failure is an [`OAuthError::InvalidIdToken`] with the quoted text.
pub fn verify_id_token(
    claims: &IdTokenClaims,
    expected_nonce: &str,
    client_id: &str,
    issuer: &str,
    now_ms: u64,
) -> Result<(), OAuthError> {
    verify_claims(claims, client_id, issuer, now_ms)?;
    if !secrets_equal(expected_nonce, claims.nonce.as_deref().unwrap_or_default()) {
        return Err(OAuthError::InvalidIdToken("nonce mismatch".into()));
    }
    Ok(())
}

/// The checks of [`verify_id_token`] but the nonce: for an id_token sent with a refreshed
/// access token (OpenID Connect Core 12.2), which carries no new nonce.
pub fn verify_claims(
    claims: &IdTokenClaims,
    client_id: &str,
    issuer: &str,
    now_ms: u64,
) -> Result<(), OAuthError> {
    if claims.iss.trim_end_matches('/') != issuer.trim_end_matches('/') {
        return Err(OAuthError::InvalidIdToken(format!(
            "issuer `{}` is not the expected `{}`",
            quote_value(&claims.iss),
            quote_value(issuer)
        )));
    }
    if client_id.is_empty() || !claims.aud.iter().any(|aud| aud == client_id) {
        return Err(OAuthError::InvalidIdToken(
            "audience does not include this client ID".into(),
        ));
    }
    let Some(exp) = claims.exp else {
        return Err(OAuthError::InvalidIdToken("has no exp".into()));
    };
    if exp.saturating_mul(1000).saturating_add(CLOCK_SKEW_MS) < now_ms {
        return Err(OAuthError::InvalidIdToken("expired".into()));
    }
    Ok(())
}

/// Build an unsigned test JWT whose payload is `claims`.
#[cfg(test)]
pub(crate) fn test_jwt(claims: &serde_json::Value) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.c2lnbmF0dXJl",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NOW_MS: u64 = 1_700_000_000_000;

    fn hf_claims() -> serde_json::Value {
        json!({
            "sub": "6123456789abcdef01234567",
            "name": "Jane Doe",
            "preferred_username": "janedoe",
            "profile": "https://huggingface.co/janedoe",
            "picture": "https://cdn-avatars.huggingface.co/v1/production/uploads/x.png",
            "isPro": true,
            "canPay": false,
            "orgs": [{"sub": "6456", "name": "Acme", "preferred_username": "acme",
                      "roleInOrg": "admin", "isEnterprise": true, "missingMFA": false}],
            "iss": "https://huggingface.co",
            "aud": "client-123",
            "exp": NOW_MS / 1000 + 3600,
            "iat": NOW_MS / 1000,
            "auth_time": NOW_MS / 1000,
            "nonce": "nonce-abc"
        })
    }

    fn claims() -> IdTokenClaims {
        decode_id_token(&test_jwt(&hf_claims())).unwrap()
    }

    fn reason(result: Result<(), OAuthError>) -> String {
        match result {
            Err(OAuthError::InvalidIdToken(reason)) => reason,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decodes_a_hugging_face_id_token() {
        let c = claims();
        assert_eq!(c.iss, "https://huggingface.co");
        assert_eq!(c.aud, ["client-123"]);
        assert_eq!(c.exp, Some(NOW_MS / 1000 + 3600));
        assert_eq!(c.nonce.as_deref(), Some("nonce-abc"));
        assert_eq!(c.profile.sub, "6123456789abcdef01234567");
        assert_eq!(c.profile.preferred_username.as_deref(), Some("janedoe"));
        assert_eq!(c.profile.is_pro, Some(true));
        assert_eq!(c.profile.orgs.len(), 1);
        assert_eq!(c.profile.orgs[0].role_in_org.as_deref(), Some("admin"));
        assert_eq!(c.user_info(), Some(c.profile.clone()));
    }

    #[test]
    fn audience_as_array_and_float_exp() {
        let mut payload = hf_claims();
        payload["aud"] = json!(["other", "client-123"]);
        payload["exp"] = json!(1.7e9);
        let c = decode_id_token(&test_jwt(&payload)).unwrap();
        assert_eq!(c.aud, ["other", "client-123"]);
        assert_eq!(c.exp, Some(1_700_000_000));
    }

    #[test]
    fn padding_and_whitespace_are_tolerated() {
        let payload = br#"{"iss":"https://hf.co","aud":"c","sub":"1"}"#;
        let header = URL_SAFE.encode(br#"{"alg":"none"}"#);
        let padded = format!("{header}.{}.", URL_SAFE.encode(payload));
        assert!(padded.contains('='));
        let c = decode_id_token(&format!("  {padded}\n")).unwrap();
        assert_eq!(c.iss, "https://hf.co");
        assert_eq!(c.exp, None);
        assert_eq!(c.nonce, None);
        // sub but no name: not enough for a profile.
        assert_eq!(c.user_info(), None);
    }

    #[test]
    fn user_info_needs_a_sub_and_a_name() {
        let mut payload = hf_claims();
        payload.as_object_mut().unwrap().remove("name");
        let c = decode_id_token(&test_jwt(&payload)).unwrap();
        assert!(c.user_info().is_some(), "preferred_username suffices");
        payload
            .as_object_mut()
            .unwrap()
            .remove("preferred_username");
        assert_eq!(
            decode_id_token(&test_jwt(&payload)).unwrap().user_info(),
            None
        );
        let mut payload = hf_claims();
        payload.as_object_mut().unwrap().remove("sub");
        assert_eq!(
            decode_id_token(&test_jwt(&payload)).unwrap().user_info(),
            None
        );
        let mut payload = hf_claims();
        payload["name"] = json!("  ");
        payload["preferred_username"] = json!(null);
        assert_eq!(
            decode_id_token(&test_jwt(&payload)).unwrap().user_info(),
            None
        );
    }

    #[test]
    fn bad_structure_is_malformed() {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256"}"#);
        let good_payload = URL_SAFE_NO_PAD.encode(br#"{"iss":"i","aud":"c"}"#);
        let cases = [
            String::new(),
            "not-a-jwt".into(),
            "a.b".into(),
            "a.b.c.d".into(),
            "a.b.c.d.e".into(),
            format!("{header}.!!!.sig"),
            format!("{header}.{}.sig", URL_SAFE_NO_PAD.encode(b"not json")),
            format!("{header}.{}.sig", URL_SAFE_NO_PAD.encode(b"[1,2]")),
            format!("{header}.{}.sig", STANDARD.encode([0xfb, 0xff, 0xfe])),
            format!("{}.{good_payload}.sig", URL_SAFE_NO_PAD.encode(b"null")),
            format!("@@@.{good_payload}.sig"),
            test_jwt(&json!({"aud": "c"})),
            test_jwt(&json!({"iss": "i"})),
            test_jwt(&json!({"iss": 5, "aud": "c"})),
            test_jwt(&json!({"iss": "i", "aud": [1]})),
            test_jwt(&json!({"iss": "i", "aud": "c", "name": {"first": "J"}})),
            test_jwt(&json!({"iss": "i", "aud": "c", "nonce": 7})),
        ];
        for jwt in cases {
            let err = decode_id_token(&jwt).unwrap_err();
            assert!(
                matches!(err, OAuthError::MalformedResponse(_)),
                "{jwt}: {err:?}"
            );
        }
        assert!(matches!(
            decode_id_token("a.b.c.d.e"),
            Err(OAuthError::MalformedResponse(ref m)) if m.contains("encrypted")
        ));
    }

    #[test]
    fn errors_never_quote_the_token() {
        let jwt = format!("{}.SECRETSECRET", test_jwt(&json!({"iss": "i"})));
        let err = decode_id_token(&jwt).unwrap_err();
        assert!(!format!("{err:?}").contains("SECRET"));
    }

    #[test]
    fn verify_accepts_the_matching_token() {
        let c = claims();
        assert_eq!(
            verify_id_token(
                &c,
                "nonce-abc",
                "client-123",
                "https://huggingface.co",
                NOW_MS
            ),
            Ok(())
        );
        // Trailing slashes on either side.
        assert_eq!(
            verify_id_token(
                &c,
                "nonce-abc",
                "client-123",
                "https://huggingface.co/",
                NOW_MS
            ),
            Ok(())
        );
        let mut slashed = c.clone();
        slashed.iss.push('/');
        assert_eq!(
            verify_id_token(
                &slashed,
                "nonce-abc",
                "client-123",
                "https://huggingface.co",
                NOW_MS
            ),
            Ok(())
        );
    }

    #[test]
    fn verify_rejects_a_wrong_nonce() {
        let c = claims();
        for nonce in ["nonce-abd", "", "nonce-ab", "NONCE-ABC"] {
            assert_eq!(
                reason(verify_id_token(
                    &c,
                    nonce,
                    "client-123",
                    "https://huggingface.co",
                    NOW_MS
                )),
                "nonce mismatch"
            );
        }
        let mut no_nonce = c.clone();
        no_nonce.nonce = None;
        assert_eq!(
            reason(verify_id_token(
                &no_nonce,
                "nonce-abc",
                "client-123",
                "https://huggingface.co",
                NOW_MS
            )),
            "nonce mismatch"
        );
    }

    #[test]
    fn verify_rejects_a_wrong_audience() {
        let c = claims();
        for client_id in ["client-1234", "", "CLIENT-123"] {
            assert!(reason(verify_id_token(
                &c,
                "nonce-abc",
                client_id,
                "https://huggingface.co",
                NOW_MS
            ))
            .starts_with("audience"));
        }
        let mut empty = c.clone();
        empty.aud.clear();
        assert!(reason(verify_id_token(
            &empty,
            "nonce-abc",
            "client-123",
            "https://huggingface.co",
            NOW_MS
        ))
        .starts_with("audience"));
    }

    #[test]
    fn verify_rejects_a_wrong_issuer() {
        let c = claims();
        for issuer in [
            "https://evil.co",
            "http://huggingface.co",
            "https://huggingface.co.evil.com",
            "https://huggingface.co/oauth",
            "",
        ] {
            assert!(reason(verify_id_token(
                &c,
                "nonce-abc",
                "client-123",
                issuer,
                NOW_MS
            ))
            .starts_with("issuer"));
        }
    }

    #[test]
    fn verify_rejects_an_expired_token_with_leeway() {
        let c = claims();
        let exp_ms = c.exp.unwrap() * 1000;
        let check =
            |now| verify_id_token(&c, "nonce-abc", "client-123", "https://huggingface.co", now);
        assert_eq!(check(exp_ms + CLOCK_SKEW_MS), Ok(()));
        assert_eq!(reason(check(exp_ms + CLOCK_SKEW_MS + 1)), "expired");
        let mut huge = c.clone();
        huge.exp = Some(u64::MAX);
        assert_eq!(
            verify_id_token(
                &huge,
                "nonce-abc",
                "client-123",
                "https://huggingface.co",
                u64::MAX
            ),
            Ok(())
        );
    }

    #[test]
    fn verify_refuses_a_token_without_exp() {
        let mut payload = hf_claims();
        payload.as_object_mut().unwrap().remove("exp");
        let no_exp = decode_id_token(&test_jwt(&payload)).unwrap();
        assert_eq!(no_exp.exp, None);
        let check = |now| {
            verify_id_token(
                &no_exp,
                "nonce-abc",
                "client-123",
                "https://huggingface.co",
                now,
            )
        };
        assert_eq!(reason(check(NOW_MS)), "has no exp");
        assert_eq!(reason(check(0)), "has no exp");
        // A negative exp counts as absent.
        payload["exp"] = json!(-1);
        let negative = decode_id_token(&test_jwt(&payload)).unwrap();
        assert_eq!(
            reason(verify_claims(
                &negative,
                "client-123",
                "https://huggingface.co",
                NOW_MS
            )),
            "has no exp"
        );
    }

    #[test]
    fn verify_claims_skips_only_the_nonce() {
        let mut c = claims();
        c.nonce = None;
        assert_eq!(
            verify_claims(&c, "client-123", "https://huggingface.co", NOW_MS),
            Ok(())
        );
        assert!(verify_claims(&c, "other", "https://huggingface.co", NOW_MS).is_err());
    }
}
