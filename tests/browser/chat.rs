//! The conversation in InferencePanel (`use_chat`): turns in order and sent as `messages`, Stop
//! then continue, regenerate, New chat, a reload of the tab, sign-out. Through an injected
//! transport that records each request (no network).

use crate::fixtures::*;
use crate::inference_panel::{generate_and_wait, signed_in};
use crate::support::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::testing::ScriptedChatTransport;
use yew_hf_oauth::{
    AbortHandle, ChatTransport, ChatTransportEvent, ChatTransportRequest, HfOAuthProvider,
    InferencePanel, SessionState, SharedChatTransport, UserBadge,
};

/// The sessionStorage key of the conversation.
const CHAT_KEY: &str = "hf_oauth:chat";

async fn chat_panel(transport: SharedChatTransport) -> Mounted {
    mount(html! {
        <HfOAuthProvider state={Some(signed_in())}>
            <UserBadge />
            <InferencePanel {transport} initial_prompt="What is PKCE?" markdown=false />
        </HfOAuthProvider>
    })
    .await
}

/// The `messages` of a request, as (role, content) pairs.
fn messages(request: &ChatTransportRequest) -> Vec<(String, String)> {
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["role"].as_str().unwrap().to_owned(),
                m["content"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(r, c)| ((*r).to_owned(), (*c).to_owned()))
        .collect()
}

/// Each turn shown: its accessible name and its text.
fn turns(m: &Mounted) -> Vec<(String, String)> {
    m.all(".hf-oauth-turn")
        .iter()
        .map(|turn| {
            let text = turn
                .query_selector(".hf-oauth-turn-text, .hf-oauth-answer")
                .unwrap()
                .and_then(|t| t.text_content())
                .unwrap_or_default();
            (turn.get_attribute("aria-label").unwrap_or_default(), text)
        })
        .collect()
}

/// Type `text` into the prompt box.
pub(crate) async fn type_prompt(m: &Mounted, text: &str) {
    let area: web_sys::HtmlTextAreaElement = m.get("textarea").unchecked_into();
    area.set_value(text);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    flush().await;
}

fn stored_chat() -> Option<String> {
    session_storage().get_item(CHAT_KEY).unwrap()
}

#[wasm_bindgen_test]
async fn a_second_turn_sends_the_whole_conversation_in_order() {
    fresh_page().await;
    let script = Rc::new(ScriptedChatTransport::tokens(&["A proof ", "key."], 0));
    let m = chat_panel(SharedChatTransport(script.clone())).await;
    generate_and_wait(&m).await;
    assert_eq!(
        m.get("textarea")
            .unchecked_into::<web_sys::HtmlTextAreaElement>()
            .value(),
        "",
        "the prompt box is emptied when sent"
    );
    type_prompt(&m, "Why?").await;
    generate_and_wait(&m).await;

    let requests = script.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(messages(&requests[0]), pairs(&[("user", "What is PKCE?")]));
    assert_eq!(
        messages(&requests[1]),
        pairs(&[
            ("user", "What is PKCE?"),
            ("assistant", "A proof key."),
            ("user", "Why?"),
        ])
    );
    assert_eq!(
        turns(&m),
        pairs(&[
            ("You said", "What is PKCE?"),
            ("The model answered", "A proof key."),
            ("You said", "Why?"),
            ("The model answered", "A proof key."),
        ])
    );
    // Only the latest answer is the live region.
    assert_eq!(m.all(".hf-oauth-answer").len(), 1);
    assert_eq!(m.all("[aria-live]").len(), 1);
}

/// A transport that records each request and lets its answer through only when the test says.
#[derive(Clone, Default)]
struct Recorder {
    requests: Rc<RefCell<Vec<ChatTransportRequest>>>,
    sink: Rc<RefCell<Option<Callback<ChatTransportEvent>>>>,
    aborted: Rc<Cell<u32>>,
}

impl ChatTransport for Recorder {
    fn send(
        &self,
        request: ChatTransportRequest,
        sink: Callback<ChatTransportEvent>,
    ) -> AbortHandle {
        self.requests.borrow_mut().push(request);
        sink.emit(ChatTransportEvent::Head {
            status: 200,
            retry_after: None,
        });
        let live = Rc::new(Cell::new(true));
        let gated = {
            let live = live.clone();
            Callback::from(move |event| {
                if live.get() {
                    sink.emit(event);
                }
            })
        };
        *self.sink.borrow_mut() = Some(gated);
        let aborted = self.aborted.clone();
        AbortHandle::new(move || {
            live.set(false);
            aborted.set(aborted.get() + 1);
        })
    }
}

impl Recorder {
    fn token(&self, token: &str) {
        let event =
            serde_json::json!({ "choices": [{ "index": 0, "delta": { "content": token } }] });
        let sink = self.sink.borrow().clone().expect("a request was sent");
        sink.emit(ChatTransportEvent::Chunk(
            format!("data: {event}\n\n").into_bytes(),
        ));
    }

    fn done(&self) {
        let sink = self.sink.borrow().clone().expect("a request was sent");
        sink.emit(ChatTransportEvent::Chunk(b"data: [DONE]\n\n".to_vec()));
        sink.emit(ChatTransportEvent::End);
    }

    fn sent(&self) -> usize {
        self.requests.borrow().len()
    }
}

#[wasm_bindgen_test]
async fn stop_keeps_the_partial_turn_and_the_next_turn_continues_from_it() {
    fresh_page().await;
    let recorder = Recorder::default();
    let m = chat_panel(SharedChatTransport(Rc::new(recorder.clone()))).await;
    m.click("button[type='submit']").await;
    wait_until("the request is sent", || recorder.sent() == 1).await;
    recorder.token("one ");
    recorder.token("two ");
    wait_until("two words arrived", || {
        turns(&m).last().map(|t| t.1.clone()) == Some("one two ".into())
    })
    .await;
    assert_eq!(
        turns(&m).last().unwrap().0,
        "The model is answering",
        "the streaming turn is named as such"
    );
    assert_eq!(
        m.get(".hf-oauth-answer")
            .get_attribute("aria-busy")
            .as_deref(),
        Some("true")
    );
    m.click("button.hf-oauth-secondary").await;
    wait_until("stopped", || m.text().contains("Stopped.")).await;
    assert_eq!(recorder.aborted.get(), 1, "Stop aborts the request");
    recorder.token("three ");
    flush().await;
    assert_eq!(
        turns(&m),
        pairs(&[
            ("You said", "What is PKCE?"),
            ("The model's answer, stopped before its end", "one two "),
        ])
    );
    assert!(m.text().contains("Model · stopped"), "{}", m.text());

    type_prompt(&m, "Go on").await;
    m.click("button[type='submit']").await;
    wait_until("the second request is sent", || recorder.sent() == 2).await;
    assert_eq!(
        messages(&recorder.requests.borrow()[1]),
        pairs(&[
            ("user", "What is PKCE?"),
            ("assistant", "one two "),
            ("user", "Go on"),
        ])
    );
    recorder.token("three.");
    recorder.done();
    wait_until("the answer is complete", || {
        m.find("button.hf-oauth-regenerate").is_some()
    })
    .await;
    assert_eq!(
        turns(&m).last().unwrap(),
        &("The model answered".to_owned(), "three.".to_owned())
    );
    assert_eq!(turns(&m).len(), 4);
}

#[wasm_bindgen_test]
async fn regenerate_replaces_only_the_last_answer() {
    fresh_page().await;
    let recorder = Recorder::default();
    let m = chat_panel(SharedChatTransport(Rc::new(recorder.clone()))).await;
    for (n, (prompt, answer)) in [("What is PKCE?", "First."), ("Why?", "Second.")]
        .into_iter()
        .enumerate()
    {
        type_prompt(&m, prompt).await;
        m.click("button[type='submit']").await;
        wait_until("the request is sent", || recorder.sent() == n + 1).await;
        recorder.token(answer);
        recorder.done();
        wait_until("the answer is complete", || {
            m.find("button.hf-oauth-regenerate").is_some()
        })
        .await;
    }
    m.click("button.hf-oauth-regenerate").await;
    wait_until("the third request is sent", || recorder.sent() == 3).await;
    assert_eq!(
        messages(&recorder.requests.borrow()[2]),
        pairs(&[
            ("user", "What is PKCE?"),
            ("assistant", "First."),
            ("user", "Why?"),
        ]),
        "the last answer is not sent"
    );
    recorder.token("Second, again.");
    recorder.done();
    wait_until("the new answer is complete", || {
        m.find("button.hf-oauth-regenerate").is_some()
    })
    .await;
    assert_eq!(
        turns(&m),
        pairs(&[
            ("You said", "What is PKCE?"),
            ("The model answered", "First."),
            ("You said", "Why?"),
            ("The model answered", "Second, again."),
        ])
    );
}

#[wasm_bindgen_test]
async fn the_conversation_survives_a_reload_of_the_tab_without_the_token() {
    fresh_page().await;
    let script = Rc::new(ScriptedChatTransport::tokens(&["Kept."], 0));
    let m = chat_panel(SharedChatTransport(script.clone())).await;
    generate_and_wait(&m).await;
    let stored = stored_chat().expect("the conversation is kept in this tab");
    assert!(!stored.contains(ACCESS_TOKEN), "{stored}");
    assert!(
        local_storage().get_item(CHAT_KEY).unwrap().is_none(),
        "never in localStorage"
    );
    drop(m);
    flush().await;

    // A new page in the same tab: the same conversation.
    let m = chat_panel(SharedChatTransport(script.clone())).await;
    assert_eq!(
        turns(&m),
        pairs(&[
            ("You said", "What is PKCE?"),
            ("The model answered", "Kept."),
        ])
    );
    type_prompt(&m, "More").await;
    generate_and_wait(&m).await;
    assert_eq!(messages(&script.requests()[1]).len(), 3);
}

#[wasm_bindgen_test]
async fn new_chat_forgets_every_turn() {
    fresh_page().await;
    let script = Rc::new(ScriptedChatTransport::tokens(&["Hi."], 0));
    let m = chat_panel(SharedChatTransport(script.clone())).await;
    generate_and_wait(&m).await;
    assert_eq!(turns(&m).len(), 2);
    // Keyboard-operable: a real button, reached by Tab.
    let button = m.get("button.hf-oauth-new-chat");
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
    m.click("button.hf-oauth-new-chat").await;
    assert!(turns(&m).is_empty());
    assert_eq!(stored_chat(), None);
    type_prompt(&m, "Fresh").await;
    generate_and_wait(&m).await;
    assert_eq!(messages(&script.requests()[1]), pairs(&[("user", "Fresh")]));
}

#[wasm_bindgen_test]
async fn signing_out_forgets_the_conversation() {
    fresh_page().await;
    let script = Rc::new(ScriptedChatTransport::tokens(&["Hi."], 0));
    let m = chat_panel(SharedChatTransport(script.clone())).await;
    generate_and_wait(&m).await;
    assert!(stored_chat().is_some());
    m.click("button.hf-oauth-signout").await;
    wait_until("the conversation is forgotten", || stored_chat().is_none()).await;
    drop(m);
    let m = chat_panel(SharedChatTransport(script)).await;
    assert!(turns(&m).is_empty(), "{:?}", turns(&m));
}

#[derive(Properties, PartialEq)]
struct SwitchProps {
    transport: SharedChatTransport,
    state: Rc<RefCell<Option<UseStateHandle<SessionState>>>>,
}

/// A panel whose session the test moves from outside, as another tab's sign-out does.
#[function_component]
fn Switch(props: &SwitchProps) -> Html {
    let state = use_state(signed_in);
    *props.state.borrow_mut() = Some(state.clone());
    html! {
        <HfOAuthProvider state={Some((*state).clone())}>
            <InferencePanel transport={props.transport.clone()} initial_prompt="Hello" markdown=false />
        </HfOAuthProvider>
    }
}

#[wasm_bindgen_test]
async fn a_sign_out_in_another_tab_forgets_the_conversation_here() {
    fresh_page().await;
    let transport = SharedChatTransport::new(ScriptedChatTransport::tokens(&["Hi."], 0));
    let state = Rc::new(RefCell::new(None));
    let m = mount(html! { <Switch transport={transport.clone()} state={state.clone()} /> }).await;
    generate_and_wait(&m).await;
    assert!(stored_chat().is_some());
    let handle = state.borrow().clone().unwrap();
    handle.set(SessionState::SignedOut);
    wait_until("the conversation is forgotten", || stored_chat().is_none()).await;
    handle.set(signed_in());
    flush().await;
    assert!(turns(&m).is_empty(), "{:?}", turns(&m));
}

/// The conversation scrolls; without following, the answer being written was out of sight
/// below the older turns (seen in the showcase's streaming-turn story).
#[wasm_bindgen_test]
async fn the_conversation_follows_the_answer_being_written() {
    fresh_page().await;
    let long = "A long answer. ".repeat(60);
    let seeded: Vec<serde_json::Value> = (0..4)
        .flat_map(|n| {
            [
                serde_json::json!({ "role": "user", "content": format!("Question {n}") }),
                serde_json::json!({ "role": "assistant", "content": long }),
            ]
        })
        .collect();
    let seed = serde_json::json!({ "v": 1, "turns": seeded });
    session_storage()
        .set_item(CHAT_KEY, &seed.to_string())
        .unwrap();
    let recorder = Recorder::default();
    let m = chat_panel(SharedChatTransport(Rc::new(recorder.clone()))).await;
    assert_eq!(turns(&m).len(), 8, "the tab's conversation is read back");
    let log = m.get(".hf-oauth-chat");
    let at_bottom = || log.scroll_height() - log.scroll_top() - log.client_height() <= 1;
    assert!(log.scroll_height() > log.client_height(), "it scrolls");
    m.click("button[type='submit']").await;
    wait_until("the request is sent", || recorder.sent() == 1).await;
    for n in 0..20 {
        recorder.token(&format!("word{n} "));
    }
    wait_until("the new answer shows, scrolled into view", || {
        turns(&m).last().is_some_and(|t| t.1.ends_with("word19 ")) && at_bottom()
    })
    .await;
    // Scrolled up to read: it stays there while the answer grows.
    log.set_scroll_top(0);
    log.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    flush().await;
    recorder.token("more ");
    wait_until("the token arrived", || {
        turns(&m).last().is_some_and(|t| t.1.ends_with("more "))
    })
    .await;
    assert_eq!(log.scroll_top(), 0, "the visitor's reading place is kept");
}
