//! The browser's `fetch`, as the transport of the OAuth flow.

use crate::auth::flow::{HttpResponse, OAuthTransport};
use crate::OAuthError;
use gloo::net::http::Request;

/// [`OAuthTransport`] over the browser's `fetch`. Credentials (cookies) are never sent.
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchOAuthTransport;

/// A failed request as [`OAuthError::Network`], with the browser's message. (Only the message:
/// formatting the whole `gloo::net::Error` would link serde_json's and std's error texts into
/// the wasm for a variant fetch never produces.)
fn network(error: gloo::net::Error) -> OAuthError {
    OAuthError::Network(match error {
        gloo::net::Error::JsError(js) => js.message,
        gloo::net::Error::GlooError(message) => message,
        _ => "the request failed".to_owned(),
    })
}

async fn into_response(
    result: Result<gloo::net::http::Response, gloo::net::Error>,
) -> Result<HttpResponse, OAuthError> {
    let response = result.map_err(network)?;
    let status = response.status();
    let body = response.text().await.map_err(network)?;
    Ok(HttpResponse { status, body })
}

impl OAuthTransport for FetchOAuthTransport {
    async fn post_form(&self, url: &str, body: String) -> Result<HttpResponse, OAuthError> {
        let request = Request::post(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .credentials(web_sys::RequestCredentials::Omit)
            .body(body)
            .map_err(network)?;
        into_response(request.send().await).await
    }

    async fn get(&self, url: &str, bearer: Option<&str>) -> Result<HttpResponse, OAuthError> {
        let mut builder = Request::get(url)
            .header("Accept", "application/json")
            .credentials(web_sys::RequestCredentials::Omit);
        if let Some(token) = bearer {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        into_response(builder.send().await).await
    }
}
