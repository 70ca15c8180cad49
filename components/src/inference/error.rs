//! One typed error for everything that can go wrong while asking a model, and the mapping from
//! the router's HTTP answers to it.

use std::fmt;

use crate::json::Json;

use crate::text::shorten_body;

use super::destination::{RefusalReason, RefusedDestination};

/// Where a visitor adds inference credits or subscribes to PRO.
pub const BILLING_URL: &str = "https://huggingface.co/settings/billing";

/// Why a chat completion failed.
///
/// Each variant has a [`message`](InferenceError::message) a visitor understands and a
/// [`hint`](InferenceError::hint) for the site author. `Display` prints the message. `detail`
/// fields hold the server's own words, shortened to about 300 characters; no variant ever holds
/// an access token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InferenceError {
    /// 401: the access token is invalid, expired or revoked. The visitor signs in again.
    Unauthorized {
        /// What the server said.
        detail: String,
    },
    /// 402: the visitor's inference credits are used up.
    PaymentRequired {
        /// What the server said.
        detail: String,
    },
    /// 403: the token may not call inference (usually: the `inference-api` scope is missing).
    Forbidden {
        /// What the server said.
        detail: String,
    },
    /// 404, or a 400 whose error code is `model_not_found` / `model_not_supported`: no provider
    /// serves this model (with this `:provider` suffix).
    ModelNotFound {
        /// The model string that was requested, suffix included.
        model: String,
        /// What the server said.
        detail: String,
    },
    /// 429: too many requests.
    RateLimited {
        /// Seconds to wait, from a `Retry-After: <seconds>` header; `None` when absent or given
        /// as an HTTP date.
        retry_after_secs: Option<u64>,
        /// What the server said.
        detail: String,
    },
    /// 5xx: the model is loading, overloaded, or the provider failed (503 is the common one).
    Unavailable {
        /// HTTP status code.
        status: u16,
        /// What the server said.
        detail: String,
    },
    /// Any other error status (400, 410, 413, 422, ...): the server refused this request.
    BadRequest {
        /// HTTP status code.
        status: u16,
        /// What the server said.
        detail: String,
    },
    /// The request never got an answer, or the connection broke while reading it: offline,
    /// DNS, CORS, or a Content-Security-Policy that blocks the router.
    Network(String),
    /// The request was cancelled on purpose (Stop button, component unmounted).
    Aborted,
    /// The server sent an error inside a successful (200) answer, usually an `{"error": ...}`
    /// event in the middle of a stream. Text received before it is kept.
    StreamError(String),
    /// The answer is not what the OpenAI-compatible API describes (not JSON, missing
    /// `choices`, an SSE line over the size limit, ...).
    MalformedResponse(String),
    /// The stream ended before `data: [DONE]` or a `finish_reason`: the answer is partial.
    Truncated,
    /// The server's URL may not receive the visitor's token (see
    /// [`check_bearer_destination`](crate::check_bearer_destination)): nothing was sent.
    UntrustedDestination(RefusedDestination),
}

/// Why the router answered 403, read from its body.
///
/// `#[non_exhaustive]`: reasons may be added, so a `match` on it needs a `_` arm.
///
/// # Usage
/// ```
/// use yew_hf_oauth::ForbiddenReason;
/// let reason = ForbiddenReason::of("Access to model org/x is restricted: it is gated.");
/// assert_eq!(reason, ForbiddenReason::GatedModel);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ForbiddenReason {
    /// The token may not call Inference Providers (the `inference-api` scope is missing); also
    /// when the body says nothing more specific.
    MissingScope,
    /// The model's repository is gated and the visitor has not been granted access.
    GatedModel,
    /// An organization's policy refuses the request.
    OrganizationPolicy,
}

impl ForbiddenReason {
    /// Read the reason from the server's words.
    pub fn of(detail: &str) -> Self {
        let lower = detail.to_ascii_lowercase();
        if lower.contains("gated") || lower.contains("restricted") && lower.contains("model") {
            ForbiddenReason::GatedModel
        } else if lower.contains("organization") || lower.contains("organisation") {
            ForbiddenReason::OrganizationPolicy
        } else {
            ForbiddenReason::MissingScope
        }
    }
}

impl InferenceError {
    /// A short sentence for the visitor.
    pub fn message(&self) -> String {
        match self {
            Self::Unauthorized { .. } => {
                "Your Hugging Face session has expired or was revoked. Sign in again.".into()
            }
            Self::PaymentRequired { .. } => format!(
                "You have used up your Hugging Face inference credits. Add credits or upgrade at {BILLING_URL}."
            ),
            Self::Forbidden { detail } => match ForbiddenReason::of(detail) {
                ForbiddenReason::MissingScope => {
                    "This token lacks the `inference-api` scope: the site's OAuth app must request it."
                        .into()
                }
                ForbiddenReason::GatedModel => {
                    "This model is gated: accept its conditions on its Hugging Face page, then try again."
                        .into()
                }
                ForbiddenReason::OrganizationPolicy => {
                    "An organization's policy does not allow this request with your account.".into()
                }
            },
            Self::ModelNotFound { model, .. } if model.trim().is_empty() => {
                "The requested model was not found, or no inference provider serves it.".into()
            }
            Self::ModelNotFound { model, .. } => format!(
                "The model `{model}` was not found, or no inference provider serves it."
            ),
            Self::RateLimited {
                retry_after_secs: Some(secs),
                ..
            } => format!("Too many requests right now: retry in {secs} s."),
            Self::RateLimited { .. } => {
                "Too many requests right now: wait a moment and retry.".into()
            }
            Self::Unavailable { status: 503, .. } => {
                "The model is loading or temporarily unavailable. Try again in a moment.".into()
            }
            Self::Unavailable { status, .. } => format!(
                "The inference provider had a problem (HTTP {status}). Try again in a moment."
            ),
            Self::BadRequest { status, detail } if detail.is_empty() => {
                format!("The model could not take this request (HTTP {status}).")
            }
            Self::BadRequest { status, detail } => {
                format!("The model could not take this request (HTTP {status}): {detail}")
            }
            Self::Network(_) => {
                "Could not reach Hugging Face. Check your connection and try again.".into()
            }
            Self::Aborted => "The answer was stopped.".into(),
            Self::StreamError(detail) if detail.is_empty() => {
                "The model stopped with an error.".into()
            }
            Self::StreamError(detail) => format!("The model stopped with an error: {detail}"),
            Self::MalformedResponse(_) => {
                "Hugging Face sent an answer this page could not read.".into()
            }
            Self::Truncated => "The answer was cut off before it finished. Try again.".into(),
            Self::UntrustedDestination(refused) => format!(
                "This page may not send your Hugging Face token to {}: nothing was sent.",
                refused.host
            ),
        }
    }

    /// A hint for the site author: what to check, with the server's own words when there are any.
    pub fn hint(&self) -> String {
        let said = |detail: &str| {
            if detail.is_empty() {
                String::new()
            } else {
                format!(" Server said: {detail}")
            }
        };
        match self {
            Self::Unauthorized { detail } => format!(
                "The router rejected the access token (401): it expired (Hugging Face tokens last 8 hours), the visitor revoked the app, or no token was sent. Clear the session and sign in again.{}",
                said(detail)
            ),
            Self::PaymentRequired { detail } => format!(
                "Inference Providers bill the signed-in visitor, whose monthly included credits are used up; they can add credits or subscribe to PRO at {BILLING_URL}.{}",
                said(detail)
            ),
            Self::Forbidden { detail } if ForbiddenReason::of(detail) == ForbiddenReason::GatedModel => format!(
                "The model's repository is gated: the visitor must accept its conditions on huggingface.co, and the OAuth app needs the `gated-repos` scope to use gated models on their behalf.{}",
                said(detail)
            ),
            Self::Forbidden { detail } if ForbiddenReason::of(detail) == ForbiddenReason::OrganizationPolicy => format!(
                "An organization the visitor belongs to (or bills to) restricts this: check its security and inference settings, or bill another organization (`bill_to`).{}",
                said(detail)
            ),
            Self::Forbidden { detail } => format!(
                "Add `inference-api` to the OAuth app's scopes and to the requested scopes (the default is `openid profile inference-api`), then have the visitor sign in again. An organization policy or a gated model can also cause a 403.{}",
                said(detail)
            ),
            Self::ModelNotFound { model, detail } => format!(
                "Check that `{model}` exists and that an inference provider serves it (https://huggingface.co/models?inference_provider=all); a `:provider` suffix must name a provider that serves it, or use `:fastest` / `:cheapest`.{}",
                said(detail)
            ),
            Self::RateLimited {
                retry_after_secs,
                detail,
            } => {
                let wait = match retry_after_secs {
                    Some(secs) => format!(" after {secs} s"),
                    None => String::new(),
                };
                format!(
                    "The visitor's account or the provider is rate limited: back off and retry{wait}.{}",
                    said(detail)
                )
            }
            Self::Unavailable { status, detail } => format!(
                "HTTP {status} is usually transient (model loading, provider overloaded): retry with backoff, or pick another provider with a `:provider`, `:fastest` or `:cheapest` suffix on the model.{}",
                said(detail)
            ),
            Self::BadRequest { status: 410, detail } => format!(
                "410 Gone: the old api-inference.huggingface.co host is retired; post to https://router.huggingface.co/v1/chat/completions.{}",
                said(detail)
            ),
            Self::BadRequest { status, detail } => format!(
                "HTTP {status}: check the request body (model id, message roles, `max_tokens` within the model's context length).{}",
                said(detail)
            ),
            Self::Network(detail) => format!(
                "{detail}. If the inference server (https://router.huggingface.co, or window.HF_INFERENCE_URL) is reachable, check that it allows CORS from this origin, that the page's Content-Security-Policy `connect-src` allows it, and that no extension blocks it."
            ),
            Self::Aborted => {
                "The request was cancelled through its AbortController (Stop pressed or the component unmounted).".into()
            }
            Self::StreamError(detail) => format!(
                "The provider sent an error inside the answer (HTTP 200), usually mid-stream; the text before it is kept. Error: {detail}"
            ),
            Self::MalformedResponse(detail) => format!(
                "The answer does not follow the OpenAI chat completion format: {detail}"
            ),
            Self::Truncated => {
                "The stream ended without `data: [DONE]` or a `finish_reason`: the connection dropped or a proxy cut it (check proxy buffering and timeouts).".into()
            }
            Self::UntrustedDestination(refused) => format!(
                "Refused before any request ({:?}). The token goes only to huggingface.co and router.huggingface.co over https, loopback (http allowed) and https hosts listed with `trusted_hosts` (UseInferenceOptions, InferencePanel; the widget's window.HF_TRUSTED_HOSTS).",
                refused.reason
            ),
        }
    }

    /// True when the access token is no longer accepted (HTTP 401): the session should be
    /// cleared and the visitor asked to sign in again.
    pub fn is_auth_expired(&self) -> bool {
        matches!(self, Self::Unauthorized { .. })
    }

    /// True when the same request may succeed later without changes: rate limits, 5xx,
    /// network failures and truncated streams.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. }
                | Self::Unavailable { .. }
                | Self::Network(_)
                | Self::Truncated
        )
    }

    /// The HTTP status of the errors that map to one status. `None` for
    /// [`ModelNotFound`](Self::ModelNotFound) (a 404 or a 400) and for errors that did not come
    /// from an HTTP status.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Unauthorized { .. } => Some(401),
            Self::PaymentRequired { .. } => Some(402),
            Self::Forbidden { .. } => Some(403),
            Self::ModelNotFound { .. } => None,
            Self::RateLimited { .. } => Some(429),
            Self::Unavailable { status, .. } | Self::BadRequest { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl fmt::Display for InferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// The error an [`InferenceError`] wraps: a refused destination
/// ([`UntrustedDestination`](InferenceError::UntrustedDestination)); every other variant holds
/// the server's or the browser's words, which are not errors of their own.
///
/// # Usage
/// ```
/// use std::error::Error;
/// use yew_hf_oauth::{check_bearer_destination, InferenceError};
/// let refused = check_bearer_destination("https://evil.example/v1", "").unwrap_err();
/// let error = InferenceError::UntrustedDestination(refused);
/// assert_eq!(
///     error.source().unwrap().to_string(),
///     "the token may not go to evil.example: the host is not trusted"
/// );
/// ```
impl std::error::Error for InferenceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::UntrustedDestination(refused) => Some(refused),
            _ => None,
        }
    }
}

// A refused destination is an error of its own, so that `InferenceError::source` can hand it
// out (the type lives in `destination.rs`; its error text lives with the other errors' texts).
impl fmt::Display for RefusedDestination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.reason {
            RefusalReason::UntrustedHost => "the host is not trusted",
            RefusalReason::NotHttps => "only loopback may be reached without https",
            RefusalReason::UserInfo => "the URL carries user info (`user@host`)",
            RefusalReason::Unreadable => "the URL cannot be read the same way as the browser does",
        };
        write!(f, "the token may not go to {}: {why}", self.host)
    }
}

impl std::error::Error for RefusedDestination {}

/// Turn an HTTP error answer from the router into an [`InferenceError`].
///
/// `body` is the response text, `retry_after_header` the `Retry-After` header if any, and
/// `model` the model string that was requested (it is named in
/// [`InferenceError::ModelNotFound`]).
pub fn classify_http_error(
    status: u16,
    body: &str,
    retry_after_header: Option<&str>,
    model: &str,
) -> InferenceError {
    let detail = error_detail(body);
    match status {
        401 => InferenceError::Unauthorized { detail },
        402 => InferenceError::PaymentRequired { detail },
        403 => InferenceError::Forbidden { detail },
        404 => InferenceError::ModelNotFound {
            model: model.to_owned(),
            detail,
        },
        400 | 422
            if matches!(
                error_code(body).as_deref(),
                Some("model_not_found" | "model_not_supported")
            ) =>
        {
            InferenceError::ModelNotFound {
                model: model.to_owned(),
                detail,
            }
        }
        429 => InferenceError::RateLimited {
            retry_after_secs: retry_after_header.and_then(parse_retry_after),
            detail,
        },
        500..=599 => InferenceError::Unavailable { status, detail },
        _ => InferenceError::BadRequest { status, detail },
    }
}

/// Parse a `Retry-After` header given in seconds (`"30"`). The HTTP-date form, and anything
/// else, gives `None`.
pub fn parse_retry_after(value: &str) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// A readable, shortened (about 300 characters, cut on a character boundary) description of
/// an error body.
///
/// Understands `{"error": "..."}`, `{"error": {"message": "..."}}`, `{"error": ["..", ".."]}`,
/// `{"message": "..."}` and `{"detail": "..."}`; an HTML page gives its `<title>`; any other text
/// is kept as it is.
pub fn error_detail(body: &str) -> String {
    let trimmed = body.trim();
    if let Some(value) = Json::parse(trimmed) {
        if let Some(text) = json_error_text(&value) {
            return shorten_body(&text);
        }
    } else if trimmed.starts_with('<') {
        if let Some(title) = html_title(trimmed) {
            return shorten_body(title);
        }
    }
    shorten_body(trimmed)
}

/// How deep [`json_error_text`] looks into nested error lists: the browser parses any depth,
/// and a hostile body must not exhaust the wasm stack.
const MAX_ERROR_DEPTH: usize = 4;

/// The human text inside a JSON error value, if one of the usual shapes is found.
pub(crate) fn json_error_text(value: &Json) -> Option<String> {
    error_text_within(value, MAX_ERROR_DEPTH)
}

/// [`json_error_text`], looking at most `depth` error lists deep.
fn error_text_within(value: &Json, depth: usize) -> Option<String> {
    if !value.is_object() || depth == 0 {
        return None;
    }
    for key in ["error", "message", "detail"] {
        let Some(member) = value.get(key) else {
            continue;
        };
        if let Some(text) = member.as_str() {
            return Some(text);
        }
        if member.is_object() {
            for inner_key in ["message", "msg", "detail", "error"] {
                if let Some(text) = member.get(inner_key).and_then(|v| v.as_str()) {
                    return Some(text);
                }
            }
            return Some(member.to_text());
        }
        if let Some(items) = member.items().filter(|items| !items.is_empty()) {
            let texts: Vec<String> = items
                .iter()
                .map(|item| {
                    item.as_str()
                        .or_else(|| error_text_within(item, depth - 1))
                        .unwrap_or_else(|| item.to_text())
                })
                .collect();
            return Some(texts.join("; "));
        }
    }
    None
}

/// `error.code` of an OpenAI-style error body (`{"error": {"code": "model_not_found"}}`).
fn error_code(body: &str) -> Option<String> {
    Json::parse(body.trim())?
        .get("error")?
        .get("code")?
        .as_str()
}

/// The text of an HTML page's `<title>` element, if any.
fn html_title(html: &str) -> Option<&str> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let title = html[start..end].trim();
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const MODEL: &str = "google/gemma-2-2b-it";

    #[test]
    fn a_refused_destination_names_the_host_and_says_nothing_was_sent() {
        use crate::inference::destination::check_bearer_destination;
        let refused =
            check_bearer_destination("https://evil.com/?x=router.huggingface.co", "").unwrap_err();
        let err = InferenceError::UntrustedDestination(refused);
        assert_eq!(
            err.message(),
            "This page may not send your Hugging Face token to evil.com: nothing was sent."
        );
        assert!(err.hint().contains("(UntrustedHost)"), "{}", err.hint());
        assert!(err.hint().contains("`trusted_hosts`"), "{}", err.hint());
        assert!(!err.is_retryable() && !err.is_auth_expired());
        assert_eq!(err.status(), None);
    }

    #[test]
    fn a_refused_destination_is_the_source_and_no_other_variant_has_one() {
        use crate::inference::destination::check_bearer_destination;
        use std::error::Error;
        let refused = check_bearer_destination("http://example.org/v1", "example.org").unwrap_err();
        let err = InferenceError::UntrustedDestination(refused.clone());
        let source = err.source().expect("the refused destination");
        assert_eq!(
            source.to_string(),
            "the token may not go to example.org: only loopback may be reached without https"
        );
        assert_eq!(
            source.downcast_ref::<crate::RefusedDestination>(),
            Some(&refused)
        );
        for other in [
            InferenceError::Network("TypeError: Failed to fetch".into()),
            InferenceError::Aborted,
            InferenceError::Truncated,
        ] {
            assert!(other.source().is_none(), "{other:?}");
        }
    }

    #[test]
    fn unauthorized_401_is_auth_expired() {
        let err = classify_http_error(
            401,
            r#"{"error":"Invalid credentials in Authorization header"}"#,
            None,
            MODEL,
        );
        assert_eq!(
            err,
            InferenceError::Unauthorized {
                detail: "Invalid credentials in Authorization header".into()
            }
        );
        assert!(err.is_auth_expired());
        assert!(!err.is_retryable());
        assert_eq!(
            err.message(),
            "Your Hugging Face session has expired or was revoked. Sign in again."
        );
        assert!(err
            .hint()
            .contains("Invalid credentials in Authorization header"));
        assert_eq!(err.status(), Some(401));
    }

    #[test]
    fn payment_required_402_links_billing() {
        let body = r#"{"error":"You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits."}"#;
        let err = classify_http_error(402, body, None, MODEL);
        match &err {
            InferenceError::PaymentRequired { detail } => {
                assert!(detail.starts_with("You have exceeded your monthly included credits"))
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err
            .message()
            .contains("https://huggingface.co/settings/billing"));
        assert!(err.message().contains("credits"));
        assert!(!err.is_auth_expired());
        assert!(!err.is_retryable());
    }

    #[test]
    fn forbidden_403_names_the_scope() {
        let body = r#"{"error":"This authentication method does not have sufficient permissions to call Inference Providers on behalf of user alice"}"#;
        let err = classify_http_error(403, body, None, MODEL);
        assert!(
            matches!(err, InferenceError::Forbidden { ref detail } if detail.contains("sufficient permissions"))
        );
        assert_eq!(
            err.message(),
            "This token lacks the `inference-api` scope: the site's OAuth app must request it."
        );
        assert!(err.hint().contains("inference-api"));
        assert!(!err.is_auth_expired());
    }

    #[test]
    fn forbidden_403_reads_the_body_for_gated_models_and_organization_policies() {
        let gated = classify_http_error(
            403,
            r#"{"error":"Access to model meta-llama/Llama-3.1-8B-Instruct is restricted. You must have access to it and be authenticated to access it. Please log in. This is a gated model."}"#,
            None,
            MODEL,
        );
        assert!(gated.message().contains("gated"), "{}", gated.message());
        assert!(gated.hint().contains("gated-repos"));
        let policy = classify_http_error(
            403,
            r#"{"error":"The organization acme does not allow Inference Providers for its members"}"#,
            None,
            MODEL,
        );
        assert!(
            policy.message().contains("organization's policy"),
            "{}",
            policy.message()
        );
        assert!(policy.hint().contains("bill_to"));
        let bare = classify_http_error(403, "", None, MODEL);
        assert!(bare.message().contains("inference-api"));
    }

    #[test]
    fn not_found_404_names_the_model() {
        let err = classify_http_error(
            404,
            r#"{"error":"Model foo/bar does not exist"}"#,
            None,
            "foo/bar:together",
        );
        assert_eq!(
            err,
            InferenceError::ModelNotFound {
                model: "foo/bar:together".into(),
                detail: "Model foo/bar does not exist".into()
            }
        );
        assert_eq!(
            err.message(),
            "The model `foo/bar:together` was not found, or no inference provider serves it."
        );
        assert!(err.hint().contains("foo/bar:together"));
    }

    #[test]
    fn model_not_supported_400_is_model_not_found() {
        let body = r#"{"error":{"message":"The requested model 'foo/bar' is not supported by any provider you have enabled.","type":"invalid_request_error","param":"model","code":"model_not_supported"}}"#;
        let err = classify_http_error(400, body, None, "foo/bar");
        assert_eq!(
            err,
            InferenceError::ModelNotFound {
                model: "foo/bar".into(),
                detail: "The requested model 'foo/bar' is not supported by any provider you have enabled.".into()
            }
        );
        let body = r#"{"error":{"message":"The model `x` does not exist","type":"invalid_request_error","code":"model_not_found"}}"#;
        assert!(matches!(
            classify_http_error(400, body, None, "x"),
            InferenceError::ModelNotFound { .. }
        ));
    }

    #[test]
    fn empty_model_name_still_reads_well() {
        let err = classify_http_error(404, "", None, "");
        assert_eq!(
            err.message(),
            "The requested model was not found, or no inference provider serves it."
        );
    }

    #[test]
    fn rate_limited_429_with_and_without_retry_after() {
        let body = r#"{"error":"You reached the rate limit for this model, please retry later."}"#;
        let err = classify_http_error(429, body, Some(" 17 "), MODEL);
        assert_eq!(
            err,
            InferenceError::RateLimited {
                retry_after_secs: Some(17),
                detail: "You reached the rate limit for this model, please retry later.".into()
            }
        );
        assert_eq!(err.message(), "Too many requests right now: retry in 17 s.");
        assert!(err.hint().contains("after 17 s"));
        assert!(err.is_retryable());

        let err = classify_http_error(429, body, None, MODEL);
        assert_eq!(
            err.message(),
            "Too many requests right now: wait a moment and retry."
        );
        let err = classify_http_error(429, body, Some("Wed, 21 Oct 2015 07:28:00 GMT"), MODEL);
        assert!(matches!(
            err,
            InferenceError::RateLimited {
                retry_after_secs: None,
                ..
            }
        ));
    }

    #[test]
    fn retry_after_parsing() {
        assert_eq!(parse_retry_after("0"), Some(0));
        assert_eq!(parse_retry_after("120"), Some(120));
        assert_eq!(parse_retry_after("  5\t"), Some(5));
        assert_eq!(parse_retry_after(""), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("1.5"), None);
        assert_eq!(parse_retry_after("+3"), None);
        assert_eq!(parse_retry_after("Fri, 31 Dec 1999 23:59:59 GMT"), None);
        assert_eq!(parse_retry_after("99999999999999999999999"), None);
    }

    #[test]
    fn unavailable_503_says_loading_and_other_5xx_name_the_status() {
        let err = classify_http_error(
            503,
            r#"{"error":"Model google/gemma-2-2b-it is currently loading","estimated_time":20.0}"#,
            None,
            MODEL,
        );
        assert_eq!(
            err,
            InferenceError::Unavailable {
                status: 503,
                detail: "Model google/gemma-2-2b-it is currently loading".into()
            }
        );
        assert_eq!(
            err.message(),
            "The model is loading or temporarily unavailable. Try again in a moment."
        );
        assert!(err.is_retryable());

        let err = classify_http_error(
            502,
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            None,
            MODEL,
        );
        assert_eq!(
            err,
            InferenceError::Unavailable {
                status: 502,
                detail: "502 Bad Gateway".into()
            }
        );
        assert!(err.message().contains("HTTP 502"));
        assert_eq!(err.status(), Some(502));
        let err = classify_http_error(500, "Internal Server Error", None, MODEL);
        assert!(matches!(
            err,
            InferenceError::Unavailable { status: 500, .. }
        ));
    }

    #[test]
    fn other_statuses_are_bad_request_with_detail() {
        let body = r#"{"error":{"message":"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 8192. Given: 9000 `inputs` tokens and 100 `max_new_tokens`","type":"invalid_request_error"}}"#;
        let err = classify_http_error(422, body, None, MODEL);
        assert!(matches!(
            err,
            InferenceError::BadRequest { status: 422, .. }
        ));
        assert!(err.message().starts_with(
            "The model could not take this request (HTTP 422): Input validation error"
        ));
        let err = classify_http_error(400, "", None, MODEL);
        assert_eq!(
            err.message(),
            "The model could not take this request (HTTP 400)."
        );
        let err = classify_http_error(410, r#"{"error":"Gone"}"#, None, MODEL);
        assert!(err.hint().contains("router.huggingface.co"));
        assert!(!err.is_retryable());
    }

    #[test]
    fn detail_from_each_body_shape() {
        assert_eq!(error_detail(r#"{"error":"plain"}"#), "plain");
        assert_eq!(
            error_detail(r#"{"error":{"message":"nested","type":"t","code":"c"}}"#),
            "nested"
        );
        assert_eq!(error_detail(r#"{"message":"top"}"#), "top");
        assert_eq!(error_detail(r#"{"detail":"fastapi"}"#), "fastapi");
        assert_eq!(error_detail(r#"{"error":["a","b"]}"#), "a; b");
        assert_eq!(error_detail(r#"{"error":{"code":"x"}}"#), r#"{"code":"x"}"#);
        assert_eq!(error_detail("  just text \n"), "just text");
        assert_eq!(error_detail(""), "");
        assert_eq!(error_detail(r#"{"unrelated":1}"#), r#"{"unrelated":1}"#);
        assert_eq!(error_detail("[1,2]"), "[1,2]");
        assert_eq!(
            error_detail("<!DOCTYPE html><html><TITLE> Oops </TITLE></html>"),
            "Oops"
        );
        assert_eq!(error_detail("<p>no title</p>"), "<p>no title</p>");
    }

    #[test]
    fn detail_is_shortened_on_a_char_boundary() {
        let long = "é🤗".repeat(400);
        let detail = error_detail(&format!(r#"{{"error":"{long}"}}"#));
        assert!(detail.ends_with('…'));
        assert_eq!(detail.chars().count(), 301);
        let detail = error_detail(&"x".repeat(10_000));
        assert_eq!(detail.chars().count(), 301);
    }

    #[test]
    fn display_is_the_message_and_it_is_an_error() {
        let err: Box<dyn std::error::Error> = Box::new(InferenceError::Truncated);
        assert_eq!(
            err.to_string(),
            "The answer was cut off before it finished. Try again."
        );
        for err in [
            InferenceError::Network("TypeError: Failed to fetch".into()),
            InferenceError::Aborted,
            InferenceError::StreamError("boom".into()),
            InferenceError::StreamError(String::new()),
            InferenceError::MalformedResponse("not json".into()),
            InferenceError::Truncated,
        ] {
            assert!(!err.message().is_empty());
            assert!(!err.hint().is_empty());
            assert_eq!(err.status(), None);
            assert!(!err.is_auth_expired());
        }
        assert!(InferenceError::Network("x".into()).is_retryable());
        assert!(!InferenceError::Aborted.is_retryable());
    }

    #[test]
    fn hints_carry_the_server_words() {
        let err = classify_http_error(503, r#"{"error":"overloaded"}"#, None, MODEL);
        assert!(err.hint().ends_with("Server said: overloaded"));
        let err = classify_http_error(503, "", None, MODEL);
        assert!(!err.hint().contains("Server said"));
    }

    #[test]
    fn deeply_nested_error_lists_stay_short() {
        let depth = 20_000;
        let body = format!(
            "{}\"x\"{}",
            r#"{"error":["#.repeat(depth),
            "]}".repeat(depth)
        );
        let detail = error_detail(&body);
        let limit = crate::text::MAX_ERROR_BODY_CHARS + 1;
        assert!(detail.chars().count() <= limit, "{detail}");
        let shallow = r#"{"error":[{"error":[{"error":["deep"]}]}]}"#;
        assert_eq!(error_detail(shallow), "deep");
    }
}

// The examples of the items above, as unit tests: the items are internal, so rustdoc
// cannot run them as doctests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod examples {
    #[test]
    fn classify_http_error_example() {
        use crate::inference::error::{classify_http_error, InferenceError};
        let err = classify_http_error(429, r#"{"error":"Rate limit reached"}"#, Some("30"), "m");
        assert_eq!(
            err,
            InferenceError::RateLimited {
                retry_after_secs: Some(30),
                detail: "Rate limit reached".into()
            }
        );
        assert_eq!(err.message(), "Too many requests right now: retry in 30 s.");
    }
}
