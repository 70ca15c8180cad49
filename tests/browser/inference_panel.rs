//! InferencePanel in every state, through an injected transport (no network).

use crate::fixtures::*;
use crate::support::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::testing::{Script, ScriptedChatTransport};
use yew_hf_oauth::{
    AbortHandle, ChatTransport, ChatTransportEvent, ChatTransportRequest, HfOAuthProvider,
    InferencePanel, SessionState, SharedChatTransport, UserBadge,
};

pub(crate) fn signed_in() -> SessionState {
    SessionState::SignedIn(Rc::new(session(jane(), EIGHT_HOURS_MS)))
}

async fn panel(state: SessionState, transport: SharedChatTransport) -> Mounted {
    fresh_page().await;
    mount(html! {
        <HfOAuthProvider state={Some(state)}>
            <UserBadge />
            <InferencePanel {transport} initial_prompt="Say hello" />
        </HfOAuthProvider>
    })
    .await
}

fn answer(m: &Mounted) -> String {
    m.get(".hf-oauth-answer").text_content().unwrap_or_default()
}

fn status(m: &Mounted) -> String {
    m.get(".hf-oauth-status").text_content().unwrap_or_default()
}

pub(crate) fn alert(m: &Mounted) -> String {
    m.find("[role='alert']")
        .and_then(|a| a.text_content())
        .unwrap_or_default()
}

/// Submit the form and wait until the generation has ended (Done, Stopped or Failed).
pub(crate) async fn generate_and_wait(m: &Mounted) {
    m.click("button[type='submit']").await;
    wait_until("the generation ends", || {
        m.find(".hf-oauth-panel button.hf-oauth-secondary")
            .map(|b| b.text_content().unwrap())
            != Some("Stop".into())
    })
    .await;
}

#[wasm_bindgen_test]
async fn signed_out_offers_sign_in_instead_of_a_dead_form() {
    let m = panel(
        SessionState::SignedOut,
        SharedChatTransport::new(ScriptedChatTransport::tokens(&["x"], 0)),
    )
    .await;
    assert!(m.find("textarea").is_none());
    let text = m.get(".hf-oauth-panel").text_content().unwrap();
    assert!(
        text.contains(
            "Sign in with Hugging Face to run google/gemma-2-2b-it with your own account."
        ),
        "{text}"
    );
    assert!(m.find(".hf-oauth-panel .hf-oauth-login-button").is_some());
}

#[wasm_bindgen_test]
async fn expired_session_asks_to_sign_in_again() {
    let state = SessionState::Expired(Rc::new(session(jane(), 0)));
    let m = panel(
        state,
        SharedChatTransport::new(ScriptedChatTransport::tokens(&["x"], 0)),
    )
    .await;
    assert!(m
        .get(".hf-oauth-panel")
        .text_content()
        .unwrap()
        .contains("Your session has expired"));
}

/// A stream the test lets through chunk by chunk: nothing arrives before the test releases it,
/// so what the panel shows between two chunks is seen on any machine, however slow (a 40 ms
/// timer between chunks raced the assertions). Delivers nothing once aborted, like a real
/// transport.
#[derive(Clone, Default)]
struct Gated {
    sink: Rc<std::cell::RefCell<Option<Callback<ChatTransportEvent>>>>,
    aborted: Rc<Cell<bool>>,
}

impl ChatTransport for Gated {
    fn send(
        &self,
        _request: ChatTransportRequest,
        sink: Callback<ChatTransportEvent>,
    ) -> AbortHandle {
        sink.emit(ChatTransportEvent::Head {
            status: 200,
            retry_after: None,
        });
        *self.sink.borrow_mut() = Some(sink);
        let aborted = self.aborted.clone();
        AbortHandle::new(move || aborted.set(true))
    }
}

impl Gated {
    fn shared(&self) -> SharedChatTransport {
        SharedChatTransport(Rc::new(self.clone()))
    }

    fn sent(&self) -> bool {
        self.sink.borrow().is_some()
    }

    fn emit(&self, event: ChatTransportEvent) {
        if self.aborted.get() {
            return;
        }
        let sink = self.sink.borrow().clone().expect("the request was sent");
        sink.emit(event);
    }

    /// Let one token through, as the router's SSE event.
    fn token(&self, token: &str) {
        let event = serde_json::json!({
            "object": "chat.completion.chunk",
            "choices": [{ "index": 0, "delta": { "content": token } }],
        });
        self.emit(ChatTransportEvent::Chunk(
            format!("data: {event}\n\n").into_bytes(),
        ));
    }

    /// Let the end of the stream through.
    fn done(&self) {
        self.emit(ChatTransportEvent::Chunk(b"data: [DONE]\n\n".to_vec()));
        self.emit(ChatTransportEvent::End);
    }
}

#[wasm_bindgen_test]
async fn the_answer_streams_in_and_ends_with_timings_and_copy() {
    let gate = Gated::default();
    let m = panel(signed_in(), gate.shared()).await;
    assert_eq!(
        m.get("code").text_content().as_deref(),
        Some("google/gemma-2-2b-it")
    );
    m.click("button[type='submit']").await;
    wait_until("the request is sent", || gate.sent()).await;
    assert!(
        status(&m).contains("Waiting for google/gemma-2-2b-it to answer"),
        "{}",
        status(&m)
    );
    assert_eq!(
        m.get(".hf-oauth-answer")
            .get_attribute("aria-live")
            .as_deref(),
        Some("polite")
    );
    assert_eq!(
        m.get(".hf-oauth-answer")
            .get_attribute("aria-busy")
            .as_deref(),
        Some("true")
    );

    // Each token shows on its own before the next is let through: the answer streams.
    let mut shown = String::new();
    for token in ["Hel", "lo", ", ", "wor", "ld", "!"] {
        gate.token(token);
        shown.push_str(token);
        wait_until(&format!("the answer reads {shown:?}"), || {
            answer(&m) == shown
        })
        .await;
        assert!(!status(&m).contains("tokens/s"), "not done: {}", status(&m));
    }
    gate.done();
    wait_until("the answer is complete", || status(&m).contains("tokens/s")).await;
    assert_eq!(answer(&m), "Hello, world!");
    let line = status(&m);
    assert!(
        line.contains("First token after") && line.contains("6 tokens"),
        "{line}"
    );
    assert_eq!(
        m.get(".hf-oauth-answer")
            .get_attribute("aria-busy")
            .as_deref(),
        Some("false")
    );
    assert!(m
        .all("button")
        .iter()
        .any(|b| b.text_content().unwrap() == "Copy answer"));
    let spans = m.get(".hf-oauth-answer-text").child_nodes().length();
    assert!(
        spans >= 2,
        "text was appended, not rewritten ({spans} text nodes)"
    );
}

#[wasm_bindgen_test]
async fn the_request_carries_the_visitors_token_and_the_prompt() {
    let script = Rc::new(ScriptedChatTransport::tokens(&["ok"], 0));
    let transport = SharedChatTransport(script.clone());
    fresh_page().await;
    set_global(
        "HF_INFERENCE_MODEL",
        Some("meta-llama/Llama-3.1-8B-Instruct:fastest"),
    );
    set_global("HF_INFERENCE_URL", Some("http://127.0.0.1:8000"));
    let m = mount(html! {
        <HfOAuthProvider state={Some(signed_in())}>
            <InferencePanel {transport} initial_prompt="What is PKCE?" temperature={Some(0.5)} />
        </HfOAuthProvider>
    })
    .await;
    generate_and_wait(&m).await;
    let requests = script.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url, "http://127.0.0.1:8000/v1/chat/completions");
    assert_eq!(requests[0].bearer, ACCESS_TOKEN);
    let body: serde_json::Value = serde_json::from_str(&requests[0].body).unwrap();
    assert_eq!(body["model"], "meta-llama/Llama-3.1-8B-Instruct:fastest");
    assert_eq!(body["messages"][0]["role"], "user");
    assert_eq!(body["messages"][0]["content"], "What is PKCE?");
    assert_eq!(body["stream"], true);
    assert_eq!(body["max_tokens"], 512);
    assert_eq!(body["temperature"], 0.5);
    set_global("HF_INFERENCE_MODEL", None);
    set_global("HF_INFERENCE_URL", None);
}

#[wasm_bindgen_test]
async fn bill_to_sends_the_routers_bill_to_header_with_the_real_fetch() {
    fresh_page().await;
    set_global("HF_INFERENCE_URL", Some("http://127.0.0.1:9"));
    let answer = serde_json::json!({
        "choices": [{ "index": 0, "message": { "role": "assistant", "content": "billed" } }]
    });
    script_fetch(&serde_json::json!({
        "/v1/chat/completions": { "status": 200, "body": answer.to_string() }
    }));
    let m = mount(html! {
        <HfOAuthProvider state={Some(signed_in())}>
            <InferencePanel initial_prompt="Hi" bill_to="acme-research" />
        </HfOAuthProvider>
    })
    .await;
    generate_and_wait(&m).await;
    let log = fetch_log();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["billTo"], "acme-research");
    assert!(m.text().contains("billed"), "{}", m.text());

    // Without the prop, no header.
    script_fetch(&serde_json::json!({
        "/v1/chat/completions": { "status": 200, "body": answer.to_string() }
    }));
    let m = mount(html! {
        <HfOAuthProvider state={Some(signed_in())}><InferencePanel initial_prompt="Hi" /></HfOAuthProvider>
    })
    .await;
    generate_and_wait(&m).await;
    assert_eq!(fetch_log()[0]["billTo"], serde_json::Value::Null);
    set_global("HF_INFERENCE_URL", None);
    restore_fetch();
}

#[wasm_bindgen_test]
async fn ctrl_enter_sends_and_an_empty_prompt_cannot_be_sent() {
    let script = Rc::new(ScriptedChatTransport::tokens(&["ok"], 0));
    fresh_page().await;
    let transport = SharedChatTransport(script.clone());
    let m = mount(html! {
        <HfOAuthProvider state={Some(signed_in())}><InferencePanel {transport} /></HfOAuthProvider>
    })
    .await;
    assert!(m.get("button[type='submit']").has_attribute("disabled"));
    let area: web_sys::HtmlTextAreaElement = m.get("textarea").unchecked_into();
    area.set_value("Hi");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    flush().await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    area.dispatch_event(
        &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
    )
    .unwrap();
    wait_until("the answer shows", || answer(&m) == "ok").await;
    assert_eq!(script.requests().len(), 1);
}

#[wasm_bindgen_test]
async fn stop_keeps_the_partial_answer_and_nothing_more_arrives() {
    let gate = Gated::default();
    let m = panel(signed_in(), gate.shared()).await;
    m.click("button[type='submit']").await;
    wait_until("the request is sent", || gate.sent()).await;
    for token in ["t0 ", "t1 ", "t2 "] {
        gate.token(token);
    }
    wait_until("some tokens arrived", || answer(&m) == "t0 t1 t2 ").await;
    m.click("button.hf-oauth-secondary").await;
    wait_until("stopped", || status(&m).starts_with("Stopped.")).await;
    assert!(gate.aborted.get(), "Stop aborts the request");
    for token in ["t3 ", "t4 "] {
        gate.token(token);
    }
    gate.done();
    flush().await;
    assert_eq!(answer(&m), "t0 t1 t2 ", "nothing arrives after Stop");
    assert!(status(&m).starts_with("Stopped."), "{}", status(&m));
    assert!(
        m.find("button.hf-oauth-regenerate").is_some(),
        "can generate again"
    );
}

/// A transport that never answers, and records whether it was aborted.
struct Hanging(Rc<Cell<bool>>);

impl ChatTransport for Hanging {
    fn send(
        &self,
        _request: ChatTransportRequest,
        sink: Callback<ChatTransportEvent>,
    ) -> AbortHandle {
        sink.emit(ChatTransportEvent::Head {
            status: 200,
            retry_after: None,
        });
        let aborted = self.0.clone();
        AbortHandle::new(move || aborted.set(true))
    }
}

#[wasm_bindgen_test]
async fn unmounting_the_panel_aborts_the_request() {
    let aborted = Rc::new(Cell::new(false));
    let m = panel(
        signed_in(),
        SharedChatTransport::new(Hanging(aborted.clone())),
    )
    .await;
    m.click("button[type='submit']").await;
    assert!(
        status(&m).contains("Waiting"),
        "progress is shown while waiting"
    );
    assert!(!aborted.get());
    drop(m);
    flush().await;
    assert!(aborted.get(), "no request outlives its panel");
}

#[wasm_bindgen_test]
async fn signing_out_aborts_the_request() {
    let aborted = Rc::new(Cell::new(false));
    let m = panel(
        signed_in(),
        SharedChatTransport::new(Hanging(aborted.clone())),
    )
    .await;
    m.click("button[type='submit']").await;
    m.click("button.hf-oauth-signout").await;
    wait_until("aborted", || aborted.get()).await;
    assert!(
        m.find("textarea").is_none(),
        "the panel offers sign-in again"
    );
}

/// Run a generation that must fail; checks the token leaked nowhere: not into the address bar,
/// localStorage, the console, or the page's text.
async fn error_case(transport: ScriptedChatTransport) -> Mounted {
    let m = panel(signed_in(), SharedChatTransport::new(transport)).await;
    capture_console();
    generate_and_wait(&m).await;
    wait_until("an error is shown", || !alert(&m).is_empty()).await;
    page_console_error(&alert(&m));
    assert_token_not_leaked(ACCESS_TOKEN);
    assert!(!m.text().contains(ACCESS_TOKEN), "token on the page");
    m
}

#[wasm_bindgen_test]
async fn a_401_expires_the_session_and_offers_sign_in_again() {
    let m = error_case(ScriptedChatTransport::status(
        401,
        r#"{"error":"Invalid credentials in Authorization header"}"#,
        None,
    ))
    .await;
    let text = alert(&m);
    assert!(
        text.contains("session has expired or was revoked"),
        "{text}"
    );
    assert!(m
        .get("[role='alert']")
        .query_selector(".hf-oauth-login-button")
        .unwrap()
        .is_some());
    wait_until("the badge shows the session expired", || {
        m.text().contains("Your session has expired")
    })
    .await;
}

#[wasm_bindgen_test]
async fn each_http_error_is_named() {
    let cases: [(u16, &str, Option<&str>, &str); 6] = [
        (
            402,
            r#"{"error":"You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits."}"#,
            None,
            "used up your Hugging Face inference credits",
        ),
        (
            403,
            r#"{"error":"This authentication method does not have sufficient permissions to call Inference Providers on behalf of user janedoe"}"#,
            None,
            "lacks the `inference-api` scope",
        ),
        (
            404,
            r#"{"error":"Model not found"}"#,
            None,
            "`google/gemma-2-2b-it` was not found",
        ),
        (
            429,
            r#"{"error":"Rate limit reached"}"#,
            Some("30"),
            "retry in 30 s",
        ),
        (
            503,
            r#"{"error":"Model is currently loading"}"#,
            None,
            "loading or temporarily unavailable",
        ),
        (
            500,
            "Internal Server Error",
            None,
            "had a problem (HTTP 500)",
        ),
    ];
    for (status, body, retry_after, expected) in cases {
        let m = error_case(ScriptedChatTransport::status(status, body, retry_after)).await;
        assert!(alert(&m).contains(expected), "{status}: {}", alert(&m));
        assert!(
            m.find("button.hf-oauth-signout").is_some(),
            "{status} keeps the session"
        );
    }
}

#[wasm_bindgen_test]
async fn network_failure_is_named() {
    let m = error_case(ScriptedChatTransport::new(Script::NetworkError(
        "Failed to fetch".into(),
    )))
    .await;
    assert!(
        alert(&m).contains("Could not reach Hugging Face"),
        "{}",
        alert(&m)
    );
}

fn raw(chunks: &[&str]) -> ScriptedChatTransport {
    ScriptedChatTransport::new(Script::Answer {
        status: 200,
        retry_after: None,
        chunks: chunks.iter().map(|c| c.as_bytes().to_vec()).collect(),
        interval_ms: 5,
    })
}

#[wasm_bindgen_test]
async fn a_stream_cut_short_keeps_the_partial_answer() {
    let m = error_case(raw(&[
        "data: {\"choices\":[{\"delta\":{\"content\":\"Partial\"}}]}\n\n",
        "data: {\"choices\":[{\"delta\":{\"content\":\" ans",
    ]))
    .await;
    assert!(alert(&m).contains("cut off"), "{}", alert(&m));
    assert_eq!(answer(&m), "Partial");
}

#[wasm_bindgen_test]
async fn an_error_event_mid_stream_keeps_the_partial_answer() {
    let m = error_case(raw(&[
        "data: {\"choices\":[{\"delta\":{\"content\":\"Before\"}}]}\n\n",
        "data: {\"error\":{\"message\":\"Input validation error\",\"type\":\"validation\"}}\n\n",
    ]))
    .await;
    assert!(
        alert(&m).contains("stopped with an error: Input validation error"),
        "{}",
        alert(&m)
    );
    assert_eq!(answer(&m), "Before");
}

#[wasm_bindgen_test]
async fn garbage_is_a_malformed_answer() {
    let m = error_case(raw(&["<html><body>Bad gateway</body></html>"])).await;
    assert!(alert(&m).contains("could not read"), "{}", alert(&m));
}

#[wasm_bindgen_test]
async fn a_server_that_ignores_stream_still_works() {
    let body = r#"{"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Whole answer"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"#;
    let m = panel(signed_in(), SharedChatTransport::new(raw(&[body]))).await;
    generate_and_wait(&m).await;
    wait_until("the answer shows", || answer(&m) == "Whole answer").await;
    assert!(alert(&m).is_empty(), "{}", alert(&m));
    assert!(status(&m).contains("2 tokens"), "{}", status(&m));
}

#[wasm_bindgen_test]
async fn an_editable_model_is_sent_as_typed() {
    let script = Rc::new(ScriptedChatTransport::tokens(&["ok"], 0));
    fresh_page().await;
    let transport = SharedChatTransport(script.clone());
    let m = mount(html! {
        <HfOAuthProvider state={Some(signed_in())}>
            // With the feature `models`, the field is the picker: an empty list given, so no request.
            <ContextProvider<yew_hf_oauth::ModelList> context={yew_hf_oauth::ModelList::Loaded(Vec::new().into())}>
                <InferencePanel {transport} model="google/gemma-2-2b-it" model_editable=true initial_prompt="Hi" />
            </ContextProvider<yew_hf_oauth::ModelList>>
        </HfOAuthProvider>
    })
    .await;
    let input: web_sys::HtmlInputElement = m.get("input[type='text']").unchecked_into();
    assert_eq!(input.value(), "google/gemma-2-2b-it");
    input.set_value("Qwen/Qwen2.5-7B-Instruct:cheapest");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    flush().await;
    generate_and_wait(&m).await;
    let body: serde_json::Value = serde_json::from_str(&script.requests()[0].body).unwrap();
    assert_eq!(body["model"], "Qwen/Qwen2.5-7B-Instruct:cheapest");
}

#[wasm_bindgen_test]
async fn a_401_in_the_middle_of_the_stream_expires_the_session() {
    let m = error_case(raw(&[
        "data: {\"choices\":[{\"delta\":{\"content\":\"Half an answer\"}}]}\n\n",
        "data: {\"error\":{\"message\":\"Invalid or expired token\",\"code\":401}}\n\n",
    ]))
    .await;
    assert!(
        alert(&m).contains("session has expired or was revoked"),
        "{}",
        alert(&m)
    );
    wait_until("the badge shows the session expired", || {
        m.text().contains("Your session has expired")
    })
    .await;
}

/// Issue 19, item 8: a typo or a stray `window.HF_INFERENCE_URL` used to send every visitor's
/// token wherever it pointed, `http:` included. Now the browser's `fetch` is never called.
#[wasm_bindgen_test]
async fn an_untrusted_host_is_refused_before_any_request() {
    fresh_page().await;
    let answer = serde_json::json!({
        "choices": [{ "index": 0, "message": { "role": "assistant", "content": "leaked" } }]
    });
    script_fetch(&serde_json::json!({
        "/v1/chat/completions": { "status": 200, "body": answer.to_string() }
    }));
    let cases = [
        (
            "https://router.huggingface.co.evil.com",
            "router.huggingface.co.evil.com",
        ),
        ("https://router.huggingface.co@evil.com", "evil.com"),
        ("http://router.huggingface.co", "router.huggingface.co"),
    ];
    for (url, host) in cases {
        set_global("HF_INFERENCE_URL", Some(url));
        let m = mount(html! {
            <HfOAuthProvider state={Some(signed_in())}><InferencePanel initial_prompt="Hi" /></HfOAuthProvider>
        })
        .await;
        generate_and_wait(&m).await;
        assert_eq!(fetch_log(), Vec::<serde_json::Value>::new(), "{url}");
        let said = alert(&m);
        assert!(
            said.contains(&format!(
                "send your Hugging Face token to {host}: nothing was sent"
            )),
            "{url}: {said}"
        );
        assert!(!m.text().contains("leaked"), "{}", m.text());
    }
    set_global("HF_INFERENCE_URL", None);
    restore_fetch();
}

/// Issue 19, item 8: a host listed in the panel's `trusted_hosts` receives the token over
/// https; the same URL without the listing sends nothing, even to a custom transport.
#[wasm_bindgen_test]
async fn a_host_the_app_trusts_receives_the_token() {
    fresh_page().await;
    let url = "https://Inference.Example.org:8443/base";
    let script = Rc::new(ScriptedChatTransport::tokens(&["ok"], 0));
    let transport = SharedChatTransport(script.clone());
    let m = mount(html! {
        <HfOAuthProvider state={Some(signed_in())}>
            <InferencePanel transport={transport.clone()} router_url={url} trusted_hosts="inference.example.org" initial_prompt="Hi" />
        </HfOAuthProvider>
    })
    .await;
    generate_and_wait(&m).await;
    let requests = script.requests();
    assert_eq!(requests.len(), 1, "{}", alert(&m));
    assert_eq!(
        requests[0].url,
        "https://Inference.Example.org:8443/base/v1/chat/completions"
    );
    assert_eq!(requests[0].bearer, ACCESS_TOKEN);

    let m = mount(html! {
        <HfOAuthProvider state={Some(signed_in())}>
            <InferencePanel {transport} router_url={url} initial_prompt="Hi" />
        </HfOAuthProvider>
    })
    .await;
    generate_and_wait(&m).await;
    assert_eq!(script.requests().len(), 1, "nothing more was sent");
    assert!(
        alert(&m).contains("token to Inference.Example.org: nothing was sent"),
        "{}",
        alert(&m)
    );
}
