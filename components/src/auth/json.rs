//! Reading a provider's JSON answer into a typed struct: only a JSON object is accepted (serde's
//! derived structs would also read an array, field by field), and errors never quote the body
//! (a 2xx answer may hold a token).

use super::error::OAuthError;
use serde::de::DeserializeOwned;

/// Parse `body` as the JSON object `T`; `what` names the answer in the error.
pub(crate) fn parse_object<T: DeserializeOwned>(body: &str, what: &str) -> Result<T, OAuthError> {
    if !body.trim_start().starts_with('{') {
        return Err(OAuthError::MalformedResponse(format!(
            "the {what} is not a JSON object"
        )));
    }
    serde_json::from_str(body).map_err(|e| {
        OAuthError::MalformedResponse(format!(
            "the {what} is not the expected JSON object ({:?} error at line {} column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Two {
        #[allow(dead_code)]
        a: String,
    }

    #[test]
    fn arrays_are_refused_even_when_serde_would_read_them() {
        assert!(
            serde_json::from_str::<Two>(r#"["x"]"#).is_ok(),
            "serde alone reads it"
        );
        let err = parse_object::<Two>(r#"["hf_oauth_secret"]"#, "token response").unwrap_err();
        assert_eq!(
            err,
            OAuthError::MalformedResponse("the token response is not a JSON object".into())
        );
        assert!(parse_object::<Two>(r#" {"a":"x"}"#, "thing").is_ok());
    }

    #[test]
    fn errors_never_quote_the_body() {
        let err =
            parse_object::<Two>(r#"{"a": 1, "hf_oauth_secret": "#, "token response").unwrap_err();
        assert!(!err.to_string().contains("hf_oauth_secret"));
        assert!(!err.hint().contains("hf_oauth_secret"));
    }
}
