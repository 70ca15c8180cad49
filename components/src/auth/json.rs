//! Reading a provider's JSON answer: only a JSON object is accepted, and errors never quote the
//! body (a 2xx answer may hold a token).

use super::error::OAuthError;
use crate::json::Json;

/// Parse `body` as a JSON object; `what` names the answer in the error.
pub(crate) fn parse_object(body: &str, what: &str) -> Result<Json, OAuthError> {
    match Json::parse(body) {
        Some(json) if json.is_object() => Ok(json),
        Some(_) => Err(OAuthError::MalformedResponse(format!(
            "the {what} is not a JSON object"
        ))),
        None => Err(OAuthError::MalformedResponse(format!(
            "the {what} is not valid JSON"
        ))),
    }
}

/// A member of a provider's answer has an unexpected type: its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WrongTypeIn(pub &'static str);

impl WrongTypeIn {
    /// The error for the answer `what` (never quoting the value).
    pub fn error(self, what: &str) -> OAuthError {
        OAuthError::MalformedResponse(format!(
            "the {what} has a `{}` of an unexpected type",
            self.0
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn arrays_and_scalars_are_refused() {
        for body in [r#"["hf_oauth_secret"]"#, "12", "null", r#""x""#] {
            let err = parse_object(body, "token response").unwrap_err();
            assert_eq!(
                err,
                OAuthError::MalformedResponse("the token response is not a JSON object".into())
            );
        }
        assert!(parse_object(r#" {"a":"x"}"#, "thing").is_ok());
    }

    #[test]
    fn errors_never_quote_the_body() {
        let err = parse_object(r#"{"a": 1, "hf_oauth_secret": "#, "token response").unwrap_err();
        assert_eq!(
            err,
            OAuthError::MalformedResponse("the token response is not valid JSON".into())
        );
        assert!(!err.hint().contains("hf_oauth_secret"));
        let err = WrongTypeIn("access_token").error("token response");
        assert_eq!(
            err.to_string(),
            OAuthError::MalformedResponse(
                "the token response has a `access_token` of an unexpected type".into()
            )
            .to_string()
        );
    }
}
