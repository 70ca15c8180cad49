//! The browser's `fetch`, as the transport of the OAuth flow: `web_sys` directly, as the chat
//! transport does (`gloo::net`'s request builder and error type cost the widget 1.3 KB gzip for
//! the same two requests).

use super::chat_transport::describe_js_error;
use crate::auth::flow::{HttpResponse, OAuthTransport};
use crate::OAuthError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// [`OAuthTransport`] over the browser's `fetch`. Credentials (cookies) are never sent.
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchOAuthTransport;

/// A failed request as [`OAuthError::Network`], with the browser's message.
fn network(error: JsValue) -> OAuthError {
    OAuthError::Network(describe_js_error(&error))
}

/// `fetch(url)` with `method`, `headers` and `body`; the status and the body as text.
async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<HttpResponse, JsValue> {
    let head = web_sys::Headers::new()?;
    for (name, value) in headers {
        head.set(name, value)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(&head);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let fetch = gloo::utils::window().fetch_with_str_and_init(url, &init);
    let response: web_sys::Response = JsFuture::from(fetch).await?.dyn_into()?;
    let text = JsFuture::from(response.text()?).await?;
    Ok(HttpResponse {
        status: response.status(),
        body: text.as_string().unwrap_or_default(),
    })
}

impl OAuthTransport for FetchOAuthTransport {
    async fn post_form(&self, url: &str, body: String) -> Result<HttpResponse, OAuthError> {
        let headers = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
        ];
        send("POST", url, &headers, Some(&body))
            .await
            .map_err(network)
    }

    async fn get(&self, url: &str, bearer: Option<&str>) -> Result<HttpResponse, OAuthError> {
        let authorization = bearer.map(|token| format!("Bearer {token}"));
        let mut headers = vec![("Accept", "application/json")];
        if let Some(value) = authorization.as_deref() {
            headers.push(("Authorization", value));
        }
        send("GET", url, &headers, None).await.map_err(network)
    }
}

/// An answer read as bytes: the status, the `Content-Type` header (empty when absent) and the
/// body.
#[cfg(feature = "images")]
pub(crate) struct BinaryResponse {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// `POST url` with a JSON `body` and `Authorization: Bearer <bearer>`; the answer's bytes (an
/// image, or an error's JSON). No cookies. The caller has checked that `url` may receive the
/// bearer ([`crate::check_bearer_destination`]).
#[cfg(feature = "images")]
pub(crate) async fn post_json_for_bytes(
    url: &str,
    bearer: &str,
    body: &str,
) -> Result<BinaryResponse, String> {
    let authorization = format!("Bearer {bearer}");
    let attempt = async {
        let head = web_sys::Headers::new()?;
        head.set("Content-Type", "application/json")?;
        head.set("Authorization", &authorization)?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_headers(&head);
        init.set_credentials(web_sys::RequestCredentials::Omit);
        init.set_body(&JsValue::from_str(body));
        let fetch = gloo::utils::window().fetch_with_str_and_init(url, &init);
        let response: web_sys::Response = JsFuture::from(fetch).await?.dyn_into()?;
        let buffer = JsFuture::from(response.array_buffer()?).await?;
        Ok::<_, JsValue>(BinaryResponse {
            status: response.status(),
            content_type: response.headers().get("Content-Type")?.unwrap_or_default(),
            body: js_sys::Uint8Array::new(&buffer).to_vec(),
        })
    };
    attempt.await.map_err(|error| describe_js_error(&error))
}
