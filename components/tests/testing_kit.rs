// The example of the `testing` module's documentation, run in headless Chromium by
// `cargo xtask test browser` (`--features testing`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_hf_oauth::testing::{mount_with_session, signed_in_as, wait_until, ScriptedChatTransport};
use yew_hf_oauth::{use_hf_oauth, InferencePanel, SessionState, SharedChatTransport};

wasm_bindgen_test_configure!(run_in_browser);

/// The app's own component: greets the visitor once signed in.
#[function_component]
fn Greeting() -> Html {
    match &use_hf_oauth().state {
        SessionState::SignedIn(session) => {
            html! { <p class="greeting">{ format!("Hello {}", session.user_info.display_name()) }</p> }
        }
        _ => html! { <p class="greeting">{ "Please sign in" }</p> },
    }
}

#[wasm_bindgen_test]
async fn greets_the_signed_in_visitor_and_asks_the_others_to_sign_in() {
    let page = mount_with_session(signed_in_as("jane"), html! { <Greeting /> }).await;
    assert_eq!(page.get(".greeting").text_content().unwrap(), "Hello jane");

    let page = mount_with_session(SessionState::SignedOut, html! { <Greeting /> }).await;
    assert_eq!(page.text(), "Please sign in");
}

#[wasm_bindgen_test]
async fn streams_a_scripted_answer_into_the_panel() {
    let transport = SharedChatTransport::new(ScriptedChatTransport::tokens(&["Hel", "lo", "!"], 5));
    let page = mount_with_session(
        signed_in_as("jane"),
        html! { <InferencePanel initial_prompt="Say hello" transport={Some(transport)} /> },
    )
    .await;
    page.click("button[type=submit]").await;
    wait_until("the whole answer is shown", || {
        page.get(".hf-oauth-answer").text_content().unwrap() == "Hello!"
    })
    .await;
}
