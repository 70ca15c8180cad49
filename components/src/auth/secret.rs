//! Secrets (access, refresh and id tokens, the bearer): a type whose `Debug` and `Display`
//! print `<redacted>`, so no `{:?}` or `{}` anywhere can print one by accident.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A token or other secret. `Debug` and `Display` print `<redacted>`; read the value with
/// [`expose`](Self::expose) where it must go (a header, a form body, storage).
///
/// ```
/// use yew_hf_oauth::Secret;
/// let token = Secret::new("hf_oauth_abc");
/// assert_eq!(format!("{token} {token:?}"), "<redacted> <redacted>");
/// assert_eq!(token.expose(), "hf_oauth_abc");
/// assert_eq!(token, "hf_oauth_abc");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wrap `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for where it must go.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl PartialEq<str> for Secret {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Secret {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn neither_debug_nor_display_prints_it_and_serde_keeps_it() {
        let secret = Secret::new("hf_oauth_secret");
        for shown in [
            format!("{secret}"),
            format!("{secret:?}"),
            format!("{:?}", Some(&secret)),
        ] {
            assert!(!shown.contains("hf_oauth"), "{shown}");
        }
        assert_eq!(
            serde_json::to_string(&secret).unwrap(),
            r#""hf_oauth_secret""#
        );
        assert_eq!(secret.expose(), "hf_oauth_secret");
    }
}
