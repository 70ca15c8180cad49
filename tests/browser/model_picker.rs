//! ModelPicker against a scripted `window.fetch` (the real request path, no network), and
//! BillToChoice feeding the panel's `X-HF-Bill-To`.

use crate::fixtures::*;
use crate::support::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::testing::ScriptedChatTransport;
use yew_hf_oauth::{
    BillToChoice, HfOAuthProvider, InferencePanel, ModelPicker, OrgInfo, SessionState,
    SharedChatTransport,
};

/// The router's list, in its recorded shape (unknown fields included).
const LIST: &str = r#"{"object":"list","data":[
  {"id":"deepseek-ai/DeepSeek-V3.2","object":"model","owned_by":"deepseek-ai",
   "architecture":{"input_modalities":["text"],"output_modalities":["text"]},
   "providers":[
     {"provider":"novita","status":"live","context_length":163840,"pricing":{"input":0.27,"output":0.4},
      "supports_tools":true,"supports_structured_output":false,"throughput":24.7,"is_model_author":false},
     {"provider":"fireworks-ai","status":"staging","context_length":131072,"supports_tools":false}]},
  {"id":"Qwen/Qwen2.5-VL-7B-Instruct","architecture":{"input_modalities":["text","image"]},
   "providers":[{"provider":"hyperbolic","status":"live","pricing":{"input":0.2,"output":0.2}}]},
  {"id":"meta-llama/Llama-3.1-8B-Instruct","providers":[{"provider":"groq","status":"live"}]}
]}"#;

#[derive(Properties, PartialEq)]
struct HarnessProps {
    router_url: AttrValue,
    initial: AttrValue,
    seen: Rc<RefCell<Vec<String>>>,
}

/// The picker holding its value in state, as an app would; every value it reports is recorded.
#[function_component]
fn Harness(props: &HarnessProps) -> Html {
    let value = use_state(|| props.initial.to_string());
    let on_change = {
        let (value, seen) = (value.clone(), props.seen.clone());
        Callback::from(move |id: String| {
            seen.borrow_mut().push(id.clone());
            value.set(id);
        })
    };
    html! {
        <ModelPicker value={(*value).clone()} {on_change} router_url={props.router_url.clone()} />
    }
}

/// Mount the harness with `window.fetch` answering `routes`; each test uses its own router URL,
/// since a loaded list is kept for the page's life.
async fn picker(router: &str, routes: serde_json::Value) -> (Mounted, Rc<RefCell<Vec<String>>>) {
    fresh_page().await;
    script_fetch(&routes);
    let seen = Rc::new(RefCell::new(Vec::new()));
    let m = mount(html! {
        <Harness router_url={router.to_owned()} initial="" seen={seen.clone()} />
    })
    .await;
    (m, seen)
}

fn status(m: &Mounted) -> String {
    m.get(".hf-oauth-models-status")
        .text_content()
        .unwrap_or_default()
}

fn listed(m: &Mounted) -> Vec<String> {
    m.all(".hf-oauth-models-list button")
        .iter()
        .map(|b| b.text_content().unwrap_or_default())
        .collect()
}

async fn type_model(m: &Mounted, text: &str) {
    let input: web_sys::HtmlInputElement = m.get("input[type='text']").unchecked_into();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    flush().await;
}

async fn wait_for_status(m: &Mounted, part: &str) {
    wait_until(&format!("the status says {part:?}"), || {
        status(m).contains(part)
    })
    .await;
}

#[wasm_bindgen_test]
async fn lists_the_routers_models_fetched_once_without_a_token() {
    let router = "http://127.0.0.1:9/list-once";
    let (m, _) = picker(
        router,
        serde_json::json!({ "/list-once/v1/models": { "status": 200, "body": LIST } }),
    )
    .await;
    wait_for_status(&m, "3 of 3 models match").await;
    assert_eq!(
        listed(&m),
        [
            "deepseek-ai/DeepSeek-V3.2",
            "Qwen/Qwen2.5-VL-7B-Instruct",
            "meta-llama/Llama-3.1-8B-Instruct"
        ]
    );
    let facts = m
        .get(".hf-oauth-models-list li:nth-child(2)")
        .text_content()
        .unwrap();
    assert!(
        facts.contains("vision") && facts.contains("from $0.20/M in"),
        "{facts}"
    );

    let log = fetch_log();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["url"], format!("{router}/v1/models"));
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["authorization"], serde_json::Value::Null);

    // A second picker on the same router, later: the list comes from memory.
    drop(m);
    let seen = Rc::new(RefCell::new(Vec::new()));
    let again = mount(html! { <Harness router_url={router} initial="" {seen} /> }).await;
    assert!(
        status(&again).contains("3 of 3 models match"),
        "{}",
        status(&again)
    );
    assert_eq!(fetch_log().len(), 1, "{:?}", fetch_log());
}

#[wasm_bindgen_test]
async fn search_filters_and_choosing_a_provider_yields_id_and_provider() {
    let (m, seen) = picker(
        "http://127.0.0.1:9/list-choose",
        serde_json::json!({ "/list-choose/v1/models": { "status": 200, "body": LIST } }),
    )
    .await;
    wait_for_status(&m, "3 of 3").await;
    type_model(&m, "vision").await;
    assert_eq!(listed(&m), ["Qwen/Qwen2.5-VL-7B-Instruct"]);
    type_model(&m, "deepseek").await;
    assert_eq!(listed(&m), ["deepseek-ai/DeepSeek-V3.2"]);

    m.click(".hf-oauth-models-list button").await;
    assert_eq!(seen.borrow().last().unwrap(), "deepseek-ai/DeepSeek-V3.2");
    // The chosen model's providers, with their facts.
    let rows: Vec<String> = m
        .all(".hf-oauth-providers tbody tr")
        .iter()
        .map(|r| r.text_content().unwrap_or_default())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    for fact in ["novita", "live", "$0.27", "$0.40", "160K", "yes"] {
        assert!(rows[0].contains(fact), "{fact} in {rows:?}");
    }
    assert!(
        rows[1].contains("staging") && rows[1].contains("128K"),
        "{rows:?}"
    );

    m.click(".hf-oauth-providers input[value='fireworks-ai']")
        .await;
    assert_eq!(
        seen.borrow().last().unwrap(),
        "deepseek-ai/DeepSeek-V3.2:fireworks-ai"
    );
    let input: web_sys::HtmlInputElement = m.get("input[type='text']").unchecked_into();
    assert_eq!(input.value(), "deepseek-ai/DeepSeek-V3.2:fireworks-ai");
    m.click("input[type='radio'][value='cheapest']").await;
    assert_eq!(
        seen.borrow().last().unwrap(),
        "deepseek-ai/DeepSeek-V3.2:cheapest"
    );
    m.click("input[type='radio'][value='fastest']").await;
    assert_eq!(seen.borrow().last().unwrap(), "deepseek-ai/DeepSeek-V3.2");
}

#[wasm_bindgen_test]
async fn an_empty_list_says_so_and_free_text_works() {
    let (m, seen) = picker(
        "http://127.0.0.1:9/list-empty",
        serde_json::json!({ "/list-empty/v1/models": { "status": 200, "body": r#"{"object":"list","data":[]}"# } }),
    )
    .await;
    wait_for_status(&m, "The router lists no models").await;
    assert!(listed(&m).is_empty());
    type_model(&m, "my-org/my-model:together").await;
    assert_eq!(seen.borrow().last().unwrap(), "my-org/my-model:together");
    // The provider typed by hand shows as chosen.
    let chosen: web_sys::HtmlInputElement = m
        .get("input[type='radio'][value='together']")
        .unchecked_into();
    assert!(chosen.checked());
}

#[wasm_bindgen_test]
async fn a_failed_fetch_says_the_list_could_not_load_and_free_text_works() {
    // No route answers: the scripted fetch fails like an unreachable server.
    let (m, seen) = picker("http://127.0.0.1:9/list-offline", serde_json::json!({})).await;
    wait_for_status(&m, "Could not load the model list").await;
    assert!(listed(&m).is_empty());
    type_model(&m, "google/gemma-3-27b-it").await;
    assert_eq!(seen.borrow().last().unwrap(), "google/gemma-3-27b-it");
    m.click("input[type='radio'][value='cheapest']").await;
    assert_eq!(
        seen.borrow().last().unwrap(),
        "google/gemma-3-27b-it:cheapest"
    );
}

#[wasm_bindgen_test]
async fn an_error_status_is_named() {
    let (m, _) = picker(
        "http://127.0.0.1:9/list-503",
        serde_json::json!({ "/list-503/v1/models": { "status": 503, "body": "busy" } }),
    )
    .await;
    wait_for_status(&m, "answered 503").await;
}

fn paying_org(handle: &str, can_pay: bool) -> OrgInfo {
    let mut org = org(&format!("sub-{handle}"), handle, "admin");
    org.can_pay = Some(can_pay);
    org.plan = Some("enterprise".into());
    org
}

fn session_with_orgs(orgs: Vec<OrgInfo>) -> SessionState {
    let mut user = jane();
    user.orgs = orgs;
    SessionState::SignedIn(Rc::new(session(user, EIGHT_HOURS_MS)))
}

#[derive(Properties, PartialEq)]
struct BillingProps {
    transport: SharedChatTransport,
}

/// The choice feeding the panel's `bill_to`, as an app wires it.
#[function_component]
fn Billing(props: &BillingProps) -> Html {
    let org = use_state(|| None::<String>);
    let on_change = {
        let org = org.clone();
        Callback::from(move |chosen| org.set(chosen))
    };
    let bill_to = (*org).clone().map(AttrValue::from);
    html! {
        <>
            <BillToChoice value={bill_to.clone()} {on_change} />
            <InferencePanel transport={props.transport.clone()} {bill_to} initial_prompt="Hi" />
        </>
    }
}

async fn billing(orgs: Vec<OrgInfo>) -> (Mounted, Rc<ScriptedChatTransport>) {
    fresh_page().await;
    let script = Rc::new(ScriptedChatTransport::tokens(&["ok"], 0));
    let transport = SharedChatTransport(script.clone());
    let m = mount(html! {
        <HfOAuthProvider state={Some(session_with_orgs(orgs))}>
            <Billing {transport} />
        </HfOAuthProvider>
    })
    .await;
    (m, script)
}

async fn generate(m: &Mounted, script: &ScriptedChatTransport, requests: usize) {
    m.click(".hf-oauth-panel button[type='submit']").await;
    wait_until("the request is sent and the answer shown", || {
        script.requests().len() == requests
            && m.get(".hf-oauth-answer").text_content().as_deref() == Some("ok")
            && m.find(".hf-oauth-panel button.hf-oauth-secondary")
                .and_then(|b| b.text_content())
                != Some("Stop".into())
    })
    .await;
}

#[wasm_bindgen_test]
async fn bill_to_is_personal_by_default_and_sends_the_chosen_organization() {
    let (m, script) = billing(vec![paying_org("acme", true), paying_org("club", false)]).await;
    let options: Vec<String> = m
        .all(".hf-oauth-bill-to option")
        .iter()
        .map(|o| o.get_attribute("value").unwrap_or_default())
        .collect();
    assert_eq!(options, ["", "acme"], "only organizations that can pay");

    generate(&m, &script, 1).await;
    assert_eq!(script.requests()[0].bill_to, None, "personal by default");

    let select = m.get(".hf-oauth-bill-to select");
    js_sys::Reflect::set(&select, &"value".into(), &JsValue::from_str("acme")).unwrap();
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    flush().await;
    // The conversation (feature `chat`) empties the prompt box once a prompt is sent.
    crate::chat::type_prompt(&m, "Hi again").await;
    generate(&m, &script, 2).await;
    assert_eq!(script.requests()[1].bill_to.as_deref(), Some("acme"));
}

#[wasm_bindgen_test]
async fn bill_to_is_hidden_when_no_organization_can_pay() {
    let (m, _) = billing(vec![paying_org("club", false)]).await;
    assert!(m.find(".hf-oauth-bill-to").is_none(), "{}", m.text());
    assert!(!m.text().contains("Bill to"));
}

/// The panel with an editable model (feature `models`): the picker (its list given by a
/// context), the provider choice and the "Bill to" choice reach the request.
#[wasm_bindgen_test]
async fn the_panels_picker_and_bill_to_reach_the_request() {
    fresh_page().await;
    let script = Rc::new(ScriptedChatTransport::tokens(&["ok"], 0));
    let transport = SharedChatTransport(script.clone());
    let list = yew_hf_oauth::parse_model_list(LIST).unwrap();
    let model_list = yew_hf_oauth::ModelList::Loaded(list.into());
    let m = mount(html! {
        <HfOAuthProvider state={Some(session_with_orgs(vec![paying_org("acme", true)]))}>
            <ContextProvider<yew_hf_oauth::ModelList> context={model_list}>
                <InferencePanel {transport} model="google/gemma-2-2b-it" model_editable=true
                    initial_prompt="Hi" />
            </ContextProvider<yew_hf_oauth::ModelList>>
        </HfOAuthProvider>
    })
    .await;
    assert_eq!(fetch_log().len(), 0, "an injected list is not fetched");
    type_model(&m, "llama").await;
    m.click(".hf-oauth-models-list button").await;
    m.click(".hf-oauth-providers input[value='groq']").await;
    let select = m.get(".hf-oauth-bill-to select");
    js_sys::Reflect::set(&select, &"value".into(), &JsValue::from_str("acme")).unwrap();
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    flush().await;
    generate(&m, &script, 1).await;
    let request = &script.requests()[0];
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(body["model"], "meta-llama/Llama-3.1-8B-Instruct:groq");
    assert_eq!(request.bill_to.as_deref(), Some("acme"));
}
