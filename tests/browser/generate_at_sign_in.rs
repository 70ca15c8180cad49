//! Generate clicked at each point of a sign-in (the session loads, the name arrives from the
//! id_token, the profile from userinfo), before the panel's effects of that render have run.
//!
//! That is when a click lands if Yew's scheduler yields to the browser between a render and its
//! effects (yew 0.23 yields once a batch has run for 16 ms and only effects are left, and the
//! first signed-in render of the demo page may take that long): `cargo xtask perf` saw the panel
//! stay at "Waiting for bench/model to answer…" forever in about 4 of 60 widget runs, its
//! MutationObserver clicking Generate in that yield. Here the click comes from the effect of a
//! sibling of the panel, in the same pass as the panel's render: one clicker stands on each side
//! of the panel, and the first whose effect runs clicks, so the click precedes the panel's
//! effects whichever order Yew runs siblings' effects in (yew 0.23 ran the one before the panel
//! first). No clock is involved.
//!
//! And the other way: signing out while waiting stops the request with a Stopped status, so
//! that signing in again shows a usable Generate rather than the old request's Waiting.

use crate::fixtures::*;
use crate::support::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::testing::ScriptedChatTransport;
use yew_hf_oauth::{
    use_hf_oauth, AbortHandle, ChatTransport, ChatTransportEvent, ChatTransportRequest,
    HfOAuthProvider, InferencePanel, SessionState, SharedChatTransport, UserInfo,
};

/// The states a redirect sign-in goes through, in order.
fn sign_in_sequence() -> Vec<SessionState> {
    let name_only = UserInfo::new("61234567890abcdef0123456")
        .with_name("Jane Doe")
        .with_preferred_username("janedoe");
    vec![
        SessionState::Loading,
        SessionState::SignedIn(Rc::new(session(name_only, EIGHT_HOURS_MS))),
        SessionState::SignedIn(Rc::new(session(jane(), EIGHT_HOURS_MS))),
    ]
}

#[derive(Properties, PartialEq)]
struct SequenceProps {
    steps: Vec<SessionState>,
    /// Click Generate in this state; the test clicks itself when `None`.
    #[prop_or_default]
    click_in: Option<SessionState>,
    transport: SharedChatTransport,
}

/// The panel under a provider that moves to the next state of `steps` when `#next-state` is
/// clicked; the first clicker whose effect sees the session at `click_in` presses Generate.
#[function_component]
fn Sequence(props: &SequenceProps) -> Html {
    let step = use_state(|| 0usize);
    let clicked = (*use_memo((), |_| Clicked::default())).clone();
    let next = {
        let step = step.clone();
        let last = props.steps.len() - 1;
        Callback::from(move |_: MouseEvent| step.set((*step + 1).min(last)))
    };
    html! {
        <>
            <button id="next-state" onclick={next}>{ "next" }</button>
            <HfOAuthProvider state={Some(props.steps[*step].clone())}>
                if let Some(when) = props.click_in.clone() {
                    <ClickGenerate when={when.clone()} clicked={clicked.clone()} />
                    <InferencePanel transport={props.transport.clone()} initial_prompt="Say hello" />
                    <ClickGenerate {when} {clicked} />
                } else {
                    <InferencePanel transport={props.transport.clone()} initial_prompt="Say hello" />
                }
            </HfOAuthProvider>
        </>
    }
}

/// Whether Generate was clicked, shared by the clickers on either side of the panel.
#[derive(Clone, Default)]
struct Clicked(Rc<Cell<bool>>);

impl PartialEq for Clicked {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct ClickGenerateProps {
    when: SessionState,
    clicked: Clicked,
}

/// Clicks the panel's Generate button once, from the effect of the render where the session
/// became `when`: after the panel rendered that state, before the panel's own effects ran.
#[function_component]
fn ClickGenerate(props: &ClickGenerateProps) -> Html {
    let state = use_hf_oauth().state;
    let (when, clicked) = (props.when.clone(), props.clicked.0.clone());
    use_effect_with(state, move |state| {
        if *state == when && !clicked.replace(true) {
            gloo::utils::document()
                .query_selector(".hf-oauth-panel button[type='submit']")
                .ok()
                .flatten()
                .expect("the panel shows Generate when signed in")
                .unchecked_into::<web_sys::HtmlElement>()
                .click();
        }
    });
    Html::default()
}

/// Sign in step by step, clicking Generate in the render of `steps[click_at]`; the answer must
/// stream in completely whatever the step.
async fn generate_during_sign_in(click_at: usize) {
    let steps = sign_in_sequence();
    let click_in = Some(steps[click_at].clone());
    let transport = Rc::new(ScriptedChatTransport::tokens(&["Hel", "lo"], 0));
    let shared = SharedChatTransport(transport.clone());
    fresh_page().await;
    let m = mount(html! {
        <Sequence steps={steps.clone()} {click_in} transport={shared} />
    })
    .await;
    for _ in 1..steps.len() {
        m.click("#next-state").await;
    }
    wait_until("Generate was clicked", || transport.requests().len() == 1).await;
    // Stuck at "Waiting for … to answer" (the request dropped) times out here.
    wait_until("the answer is complete", || {
        let status = m.get(".hf-oauth-status").text_content().unwrap_or_default();
        status.contains("2 tokens")
    })
    .await;
    let answer = m.get(".hf-oauth-answer").text_content().unwrap_or_default();
    assert_eq!(answer, "Hello");
    assert_eq!(transport.requests().len(), 1, "one click, one request");
}

#[wasm_bindgen_test]
async fn generate_clicked_when_the_name_arrives_is_answered() {
    generate_during_sign_in(1).await;
}

#[wasm_bindgen_test]
async fn generate_clicked_when_the_profile_arrives_is_answered() {
    generate_during_sign_in(2).await;
}

/// A server that never answers; records whether the request was aborted.
#[derive(Clone, Default)]
struct Silent(Rc<Cell<bool>>);

impl ChatTransport for Silent {
    fn send(&self, _: ChatTransportRequest, _: Callback<ChatTransportEvent>) -> AbortHandle {
        let aborted = self.0.clone();
        AbortHandle::new(move || aborted.set(true))
    }
}

/// Signing out while waiting stops the request and says so: signed in again, the visitor gets
/// a usable Generate, not a panel still waiting for a request that is gone.
#[wasm_bindgen_test]
async fn signing_out_while_waiting_stops_and_signing_in_again_can_generate() {
    let signed_in = sign_in_sequence().remove(2);
    let steps = vec![signed_in.clone(), SessionState::SignedOut, signed_in];
    let silent = Silent::default();
    let transport = SharedChatTransport(Rc::new(silent.clone()));
    fresh_page().await;
    let m = mount(html! { <Sequence {steps} {transport} /> }).await;
    m.click(".hf-oauth-panel button[type='submit']").await;
    assert!(m.text().contains("Waiting for"), "{}", m.text());
    m.click("#next-state").await;
    wait_until("the request is aborted", || silent.0.get()).await;
    m.click("#next-state").await;
    wait_until("the panel is back", || m.find("textarea").is_some()).await;
    let status = m.get(".hf-oauth-status").text_content().unwrap_or_default();
    assert!(status.starts_with("Stopped."), "{status:?}");
    // The conversation (feature `chat`) emptied the prompt box when the prompt was sent.
    crate::chat::type_prompt(&m, "Again").await;
    let generate = m
        .get(".hf-oauth-panel button[type='submit']")
        .unchecked_into::<web_sys::HtmlButtonElement>();
    assert!(!generate.disabled(), "Generate is usable again");
    assert!(m.find(".hf-oauth-panel .hf-oauth-spinner").is_none());
}
