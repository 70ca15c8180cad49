//! One HTTP request to a party on loopback, its status and body whatever the status: hyper's
//! client (the one fantoccini drives the browser with), on a runtime of its own per request.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::util::Result;

/// An HTTP answer.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// The body as text (lossy UTF-8).
    pub body: String,
}

/// Send `method url` with `headers` and `body`, within `timeout`, and read the whole answer.
pub fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    timeout: Duration,
) -> Result<Response> {
    let mut builder = hyper::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder.body(Full::new(Bytes::from(body.unwrap_or_default().to_owned())))?;
    let client = Client::builder(TokioExecutor::new()).build_http();
    let exchange = async {
        let answer = client.request(request).await?;
        let status = answer.status().as_u16();
        let body = answer.into_body().collect().await?.to_bytes();
        Ok::<_, Box<dyn std::error::Error>>(Response {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match runtime.block_on(async { tokio::time::timeout(timeout, exchange).await }) {
        Ok(answer) => answer.map_err(|e| format!("{method} {url}: {e}").into()),
        Err(_) => Err(format!("{method} {url}: no answer within {timeout:?}").into()),
    }
}
