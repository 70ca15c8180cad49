//! `UseInferenceOptions`' builders, through the `use_inference` hook as an app calls it:
//! `with_transport` sends the request to that transport (not `fetch`), `with_router_url` sets
//! where it goes, `with_bill_to` which organization pays.

use crate::fixtures::*;
use crate::inference_panel::signed_in;
use crate::support::*;
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::testing::ScriptedChatTransport;
use yew_hf_oauth::{
    use_inference, AbortHandle, ChatTransport, ChatTransportEvent, ChatTransportRequest,
    HfOAuthProvider, SharedChatTransport, UseInferenceOptions,
};

/// Hands every request to the script, which records it.
struct Recording(Rc<ScriptedChatTransport>);

impl ChatTransport for Recording {
    fn send(
        &self,
        request: ChatTransportRequest,
        sink: Callback<ChatTransportEvent>,
    ) -> AbortHandle {
        self.0.send(request, sink)
    }
}

#[derive(Properties, PartialEq)]
struct AskProps {
    options: UseInferenceOptions,
}

/// A button that asks the model "Hi" with `options`, and the answer.
#[function_component]
fn Ask(props: &AskProps) -> Html {
    let inference = use_inference(props.options.clone());
    let run = inference.run.clone();
    html! {
        <>
            <button class="ask" onclick={move |_| run.emit("Hi".to_owned())}>{ "Ask" }</button>
            <p class="answer">{ inference.text.to_string() }</p>
        </>
    }
}

/// Ask once with `options` (its transport plays "ok"); the answer arrived.
async fn ask(options: UseInferenceOptions) {
    fresh_page().await;
    let m = mount(html! {
        <HfOAuthProvider state={Some(signed_in())}>
            <Ask {options} />
        </HfOAuthProvider>
    })
    .await;
    m.click(".ask").await;
    wait_until("the answer", || {
        m.get(".answer").text_content().as_deref() == Some("ok")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_builders_set_the_transport_the_url_and_the_organization_billed() {
    let script = Rc::new(ScriptedChatTransport::tokens(&["ok"], 0));
    let options = UseInferenceOptions::default()
        .with_transport(SharedChatTransport::new(Recording(script.clone())))
        .with_router_url("http://127.0.0.1:8000")
        .with_bill_to("acme-research");
    ask(options).await;
    let requests = script.requests();
    assert_eq!(requests.len(), 1, "the request went to the given transport");
    assert_eq!(requests[0].url, "http://127.0.0.1:8000/v1/chat/completions");
    assert_eq!(requests[0].bill_to.as_deref(), Some("acme-research"));
    assert_eq!(requests[0].bearer, ACCESS_TOKEN);
}

#[wasm_bindgen_test]
async fn without_with_bill_to_the_visitor_pays() {
    let script = Rc::new(ScriptedChatTransport::tokens(&["ok"], 0));
    let options = UseInferenceOptions::default()
        .with_transport(SharedChatTransport::new(Recording(script.clone())))
        .with_router_url("http://127.0.0.1:8000");
    ask(options).await;
    assert_eq!(script.requests()[0].bill_to, None);
}
