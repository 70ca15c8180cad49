//! The userinfo endpoint's answer: the visitor's profile.

use super::error::OAuthError;
use super::profile::UserInfo;
use crate::text::shorten_body;

/// Read the userinfo endpoint's answer.
///
/// - Not 2xx: [`OAuthError::ProfileFetch`] with the status and the body shortened to
///   [`MAX_ERROR_BODY_CHARS`](crate::text::MAX_ERROR_BODY_CHARS).
/// - 2xx that is not a JSON object of the expected shape, or has no non-empty `sub`:
///   [`OAuthError::MalformedResponse`].
///
/// Unknown fields (`isEnterprise`, `missingMFA`, ...) are ignored.
pub fn parse_userinfo(status: u16, body: &str) -> Result<UserInfo, OAuthError> {
    if !(200..300).contains(&status) {
        return Err(OAuthError::ProfileFetch {
            status,
            body: shorten_body(body),
        });
    }
    let json = super::json::parse_object(body, "userinfo response")?;
    let info = UserInfo::from_json(&json).map_err(|e| e.error("userinfo response"))?;
    if info.sub.trim().is_empty() {
        return Err(OAuthError::MalformedResponse(
            "the userinfo response has no sub".into(),
        ));
    }
    Ok(info)
}

/// A realistic Hugging Face userinfo body, for tests of this crate.
#[cfg(test)]
pub(crate) const HF_USERINFO: &str = r#"{
    "sub": "6123456789abcdef01234567",
    "name": "Jane Doe",
    "preferred_username": "janedoe",
    "profile": "https://huggingface.co/janedoe",
    "picture": "https://cdn-avatars.huggingface.co/v1/production/uploads/x.png",
    "website": "https://x",
    "email": "jane@example.org",
    "email_verified": true,
    "isPro": true,
    "canPay": false,
    "orgs": [{
        "sub": "6456789abcdef0123456789a",
        "name": "Acme",
        "picture": "https://cdn-avatars.huggingface.co/v1/production/uploads/acme.png",
        "preferred_username": "acme",
        "isEnterprise": true,
        "canPay": true,
        "roleInOrg": "admin",
        "plan": "team",
        "missingMFA": false,
        "securityRestrictions": ["mfa", "sso"],
        "resourceGroups": [{"sub": "66aa55bb44cc33dd22ee11ff", "name": "research", "role": "write"}]
    }]
}"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::profile::OrgInfo;
    use crate::text::MAX_ERROR_BODY_CHARS;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parses_a_hugging_face_userinfo_body() {
        let info = parse_userinfo(200, HF_USERINFO).unwrap();
        assert_eq!(
            info,
            UserInfo {
                sub: "6123456789abcdef01234567".into(),
                name: Some("Jane Doe".into()),
                preferred_username: Some("janedoe".into()),
                picture: Some(
                    "https://cdn-avatars.huggingface.co/v1/production/uploads/x.png".into()
                ),
                profile: Some("https://huggingface.co/janedoe".into()),
                website: Some("https://x".into()),
                email: Some("jane@example.org".into()),
                email_verified: Some(true),
                is_pro: Some(true),
                can_pay: Some(false),
                orgs: vec![OrgInfo {
                    sub: "6456789abcdef0123456789a".into(),
                    name: Some("Acme".into()),
                    preferred_username: Some("acme".into()),
                    picture: Some(
                        "https://cdn-avatars.huggingface.co/v1/production/uploads/acme.png".into()
                    ),
                    plan: Some("team".into()),
                    can_pay: Some(true),
                    role_in_org: Some("admin".into()),
                    security_restrictions: vec!["mfa".into(), "sso".into()],
                    resource_groups: vec![crate::ResourceGroup {
                        sub: "66aa55bb44cc33dd22ee11ff".into(),
                        name: Some("research".into()),
                        role: Some("write".into()),
                    }],
                }],
            }
        );
        assert_eq!(info.display_name(), "Jane Doe");
    }

    #[test]
    fn minimal_body_is_enough() {
        let info = parse_userinfo(200, r#"{"sub":"1"}"#).unwrap();
        assert_eq!(info.sub, "1");
        assert!(info.orgs.is_empty());
        assert_eq!(info.is_pro, None);
    }

    #[test]
    fn missing_or_empty_sub_is_malformed() {
        for body in [
            "{}",
            r#"{"sub":""}"#,
            r#"{"sub":"  ","name":"x"}"#,
            r#"{"name":"Jane"}"#,
        ] {
            assert!(
                matches!(
                    parse_userinfo(200, body),
                    Err(OAuthError::MalformedResponse(ref m)) if m.contains("no sub")
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn bad_json_and_wrong_types_are_malformed() {
        for body in [
            "",
            "<!doctype html><title>Hugging Face</title>",
            "[]",
            "null",
            r#"{"sub":1}"#,
            r#"{"sub":"1","isPro":"yes"}"#,
            r#"{"sub":"1","orgs":{"sub":"2"}}"#,
            r#"{"sub":"1","#,
        ] {
            assert!(
                matches!(
                    parse_userinfo(200, body),
                    Err(OAuthError::MalformedResponse(_))
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn error_statuses_are_profile_fetch_errors() {
        assert_eq!(
            parse_userinfo(
                401,
                r#"{"error":"Invalid credentials in Authorization header"}"#
            ),
            Err(OAuthError::ProfileFetch {
                status: 401,
                body: r#"{"error":"Invalid credentials in Authorization header"}"#.into()
            })
        );
        match parse_userinfo(500, &"e".repeat(1_000_000)) {
            Err(OAuthError::ProfileFetch { status: 500, body }) => {
                assert_eq!(body.chars().count(), MAX_ERROR_BODY_CHARS + 1)
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_userinfo(304, HF_USERINFO),
            Err(OAuthError::ProfileFetch { status: 304, .. })
        ));
    }

    #[test]
    fn deeply_nested_json_does_not_overflow() {
        let (open, close) = ("[".repeat(10_000), "]".repeat(10_000));
        // In an ignored field: the browser's JSON.parse reads it (and the field is ignored);
        // serde_json, behind the native reader, stops at its recursion limit. Neither overflows.
        let body = format!(r#"{{"sub":"1","x":{open}{close}}}"#);
        let parsed = parse_userinfo(200, &body);
        if cfg!(target_arch = "wasm32") {
            assert_eq!(parsed.map(|u| u.sub), Ok("1".into()));
        } else {
            assert!(matches!(parsed, Err(OAuthError::MalformedResponse(_))));
        }
        // In a typed field: an error either way.
        let body = format!(r#"{{"sub":"1","orgs":{open}{close}}}"#);
        assert!(matches!(
            parse_userinfo(200, &body),
            Err(OAuthError::MalformedResponse(_))
        ));
    }
}
