//! Test doubles for the flow: an [`OAuthTransport`] that answers from a script and records
//! every request, and a `block_on` for futures that never wait.

use super::error::OAuthError;
use super::flow::{HttpResponse, OAuthTransport};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// Run a future that never waits (the fake transport answers at once).
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    struct NoopWake;
    impl Wake for NoopWake {
        fn wake(self: Arc<Self>) {}
    }
    let waker = Waker::from(Arc::new(NoopWake));
    let mut cx = Context::from_waker(&waker);
    match pin!(future).poll(&mut cx) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the fake transport never waits"),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Request {
    Post { url: String, body: String },
    Get { url: String, bearer: Option<String> },
}

#[derive(Default)]
pub(crate) struct FakeOAuthTransport {
    requests: RefCell<Vec<Request>>,
    responses: RefCell<VecDeque<Result<HttpResponse, OAuthError>>>,
}

impl FakeOAuthTransport {
    pub(crate) fn new(
        responses: impl IntoIterator<Item = Result<HttpResponse, OAuthError>>,
    ) -> Self {
        Self {
            requests: RefCell::default(),
            responses: RefCell::new(responses.into_iter().collect()),
        }
    }

    pub(crate) fn ok(responses: impl IntoIterator<Item = (u16, String)>) -> Self {
        Self::new(
            responses
                .into_iter()
                .map(|(status, body)| Ok(HttpResponse::new(status, body))),
        )
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.requests.borrow().clone()
    }

    fn next(&self) -> Result<HttpResponse, OAuthError> {
        self.responses
            .borrow_mut()
            .pop_front()
            .expect("an unexpected extra request")
    }
}

impl OAuthTransport for FakeOAuthTransport {
    async fn post_form(&self, url: &str, body: String) -> Result<HttpResponse, OAuthError> {
        self.requests.borrow_mut().push(Request::Post {
            url: url.into(),
            body,
        });
        self.next()
    }

    async fn get(&self, url: &str, bearer: Option<&str>) -> Result<HttpResponse, OAuthError> {
        self.requests.borrow_mut().push(Request::Get {
            url: url.into(),
            bearer: bearer.map(|b| format!("Bearer {b}")),
        });
        self.next()
    }
}
