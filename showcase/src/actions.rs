//! The actions panel's log (Storybook's "actions"): what a story's components did, with the time
//! since the story was shown and the payload. Stories report through an [`ActionSink`] context:
//! [`SessionSpy`] inside a provider reports `sign_in`, `sign_out` and `token_rejected` (the
//! session's moves), [`SpyTransport`] around a panel's transport reports `generate` (the
//! request), `answer` (how it ended) and `stop` (aborted mid-answer).

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;
use yew_hf_oauth::{
    use_hf_oauth, AbortHandle, ChatTransport, ChatTransportEvent, ChatTransportRequest,
    SessionState, SharedChatTransport,
};

/// One logged action.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// Milliseconds since the story was shown.
    pub at_ms: f64,
    /// What happened (`sign_in`, `generate`, …).
    pub name: String,
    /// Its payload, as text.
    pub payload: String,
}

/// Where stories report actions: `(name, payload)`. No-op outside the story view.
#[derive(Clone, PartialEq, Default)]
pub struct ActionSink(pub Callback<(String, String)>);

impl ActionSink {
    /// Reports `name` with `payload`.
    pub fn log(&self, name: &str, payload: impl Into<String>) {
        self.0.emit((name.to_owned(), payload.into()));
    }
}

/// A short name of a session state.
pub fn state_name(state: &SessionState) -> String {
    match state {
        SessionState::Loading => "Loading".into(),
        SessionState::NotConfigured => "NotConfigured".into(),
        SessionState::SignedOut => "SignedOut".into(),
        SessionState::Redirecting => "Redirecting".into(),
        SessionState::AwaitingPopup => "AwaitingPopup".into(),
        SessionState::SignedIn(s) => format!(
            "SignedIn(@{})",
            s.user_info.preferred_username.as_deref().unwrap_or("?")
        ),
        SessionState::Expired(_) => "Expired".into(),
        SessionState::Error(e) => format!("Error({})", e.message()),
        other => format!("{other:?}"),
    }
}

/// The action that moved the session from `before` to `after`, if one did.
pub fn session_action(before: &SessionState, after: &SessionState) -> Option<&'static str> {
    match (before, after) {
        (_, SessionState::Redirecting) => Some("sign_in"),
        (SessionState::SignedIn(_) | SessionState::Expired(_), SessionState::SignedOut) => {
            Some("sign_out")
        }
        (SessionState::SignedIn(_), SessionState::Expired(_)) => Some("token_rejected"),
        _ => None,
    }
}

/// Inside an `HfOAuthProvider`: reports each move of its session to the actions panel.
#[function_component]
pub fn SessionSpy() -> Html {
    let oauth = use_hf_oauth();
    let sink = use_context::<ActionSink>().unwrap_or_default();
    let before = use_mut_ref(|| oauth.state.clone());
    let now = oauth.state.clone();
    use_effect_with(state_name(&now), move |_| {
        let previous = before.replace(now.clone());
        if let Some(name) = session_action(&previous, &now) {
            sink.log(
                name,
                format!("{} → {}", state_name(&previous), state_name(&now)),
            );
        }
    });
    html! {}
}

/// A transport that reports to the actions panel what goes through `inner`.
pub struct SpyTransport {
    /// The transport that answers.
    pub inner: SharedChatTransport,
    /// Where the actions go.
    pub sink: ActionSink,
}

impl ChatTransport for SpyTransport {
    fn send(
        &self,
        request: ChatTransportRequest,
        sink: Callback<ChatTransportEvent>,
    ) -> AbortHandle {
        self.sink.log("generate", request.body.clone());
        let ended = Rc::new(Cell::new(false));
        let bytes = Rc::new(Cell::new(0usize));
        let events = {
            let (ended, bytes, log) = (ended.clone(), bytes.clone(), self.sink.clone());
            Callback::from(move |event: ChatTransportEvent| {
                match &event {
                    ChatTransportEvent::Chunk(chunk) => bytes.set(bytes.get() + chunk.len()),
                    ChatTransportEvent::End => {
                        ended.set(true);
                        log.log("answer", format!("ended after {} bytes", bytes.get()));
                    }
                    ChatTransportEvent::Failed(why) => {
                        ended.set(true);
                        log.log("answer", format!("failed: {why}"));
                    }
                    ChatTransportEvent::Head { status, .. } if *status != 200 => {
                        log.log("answer", format!("HTTP {status}"));
                    }
                    ChatTransportEvent::Head { .. } => {}
                }
                sink.emit(event);
            })
        };
        let inner = self.inner.0.send(request, events);
        let log = self.sink.clone();
        AbortHandle::new(move || {
            if !ended.get() {
                log.log("stop", format!("aborted after {} bytes", bytes.get()));
            }
            inner.abort();
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_moves_are_named() {
        let session = || {
            std::rc::Rc::new(yew_hf_oauth::OAuthResult::new(
                "hf_oauth_test",
                1,
                crate::fixtures::jane(),
                "openid",
            ))
        };
        let signed_in = SessionState::SignedIn(session());
        let expired = SessionState::Expired(session());
        let out = SessionState::SignedOut;
        assert_eq!(
            session_action(&out, &SessionState::Redirecting),
            Some("sign_in")
        );
        assert_eq!(
            session_action(&expired, &SessionState::Redirecting),
            Some("sign_in")
        );
        assert_eq!(session_action(&signed_in, &out), Some("sign_out"));
        assert_eq!(session_action(&signed_in, &expired), Some("token_rejected"));
        assert_eq!(session_action(&SessionState::Loading, &out), None);
        assert_eq!(state_name(&signed_in), "SignedIn(@janedoe)");
    }
}
